#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Leaving a group, four ways:
# - with no querier at all, a leave lowers the port's membership to LMQT
#   (LMQC x LMQI), so that it is never lost, though nobody asks;
# - a leave while another querier is heard goes on to the router port and
#   to no host, and the querier's group-specific queries prune the port
#   after LMQC x their Max Resp Time, long before the membership interval;
#   the member that stays answers them and stays;
# - with fast leave the port goes at once;
# - a host that stops answering (its report crafted, no IP stack behind
#   it) ages out after the membership interval, and not before.
#
#   $pfx-h1 (v2)  $pfx-h2 (v2)  $pfx-h3
#      |             |             |
#    sw-p1         sw-p2         sw-p3      sw-q --- $pfx-q (querier, v2,
#   +------------- br0 (igmpsnoop) ------------+       QI 4 s, LMQI 0.5 s)

. "$(dirname "$0")/lib.sh"

group=239.1.2.1
setup_bridge 3
for h in 1 2 3; do
	host_setup "$h" 2
	counter_add "$pfx-h$h" eth0 89 src_ip "192.0.2.$h"	# own, looped back
	counter_add "$pfx-h$h" eth0 90 ip_proto 2 dst_ip 224.0.0.2
done
swctl attach br0
# The querier's settings: GMI = 2 x 4 + 1 = 9 s.
swctl set br0 query-interval 4 query-response-interval 1 last-member-interval 0.5

# No querier: the membership ends LMQT = 2 x 0.5 s after the leave, not
# after GMI (9 s).
swctl -j show br0 | expect_json '.[0].mode == "flooding" and .[0].querier == null'
start=$SECONDS
join 3 239.1.2.9
wait_members 239.1.2.9 sw-p3
# Its timer runs on GMI: what is left of it, plus the time since the join
# (a second more, for $SECONDS' rounding), is above LMQT's 1 s by far.
swctl -j group show br0 239.1.2.9 |
	expect_json ".[0].timer + $((SECONDS - start + 1)) > 8"
start=$SECONDS
leave 3 239.1.2.9
WAIT=4 wait_members 239.1.2.9
echo "# with no querier, sw-p3 went $((SECONDS - start)) s after its leave"

setup_querier 2 4
counter_add "$pfx-q" qbr-p 90 ip_proto 2 dst_ip 224.0.0.2
wait_snooping

join 1 "$group"
join 2 "$group"
wait_members "$group" sw-p1 sw-p2

# Leave with a querier: pruned within LMQT (2 x 0.5 s) plus the time the
# querier takes; the membership interval is 9 s.
start=$SECONDS
leave 1 "$group"
WAIT=4 wait_members "$group" sw-p2
echo "# sw-p1 pruned $((SECONDS - start)) s after the leave"
(($(q_counter 90) >= 1)) || fail "the leave did not reach the querier"
for h in 2 3; do
	[[ $(counter "$pfx-h$h" eth0 90) == 0 ]] || fail "host $h saw the leave"
done
data_counters 11 "$group" 1 2
send_data 3 "$group" 10
sleep 0.5
expect_counts 11 1:0 2:10
# Host 2 answered the group-specific queries and stays after them.
sleep 2
wait_members "$group" sw-p2

# Fast leave: gone at once, without waiting for queries.
swctl port set br0 sw-p2 fast-leave on
swctl -j port show br0 | expect_json '[.[] | select(.port == "sw-p2")][0].fast_leave == true'
leave 2 "$group"
WAIT=1 wait_members "$group"
send_data 3 "$group" 10
sleep 0.5
expect_counts 11 1:0 2:10

# A silent member ages out after GMI = 9 s.
report=$(igmp_hex 16 00 ef 01 02 02)	# v2 report for 239.1.2.2
start=$SECONDS
send_igmp 3 239.1.2.2 "$report"
wait_members 239.1.2.2 sw-p3
# Not before GMI (checked below from the report's time, which a busy
# machine cannot skew), and not much after.
WAIT=15 wait_members 239.1.2.2
elapsed=$((SECONDS - start))
echo "# silent member aged out after $elapsed s"
((elapsed >= 8)) || fail "aged out after $elapsed s, before the membership interval"
echo PASS
