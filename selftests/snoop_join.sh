#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
#
# Joins by real Linux hosts speaking IGMPv1, v2 and v3, with a Linux bridge
# querier upstream: each host's port joins its group, data reaches the
# members and the router port and no other port, and reports reach the
# router port and no host port. Link-local multicast is always flooded.
# The instance's counters, each port's, each group's and each member's say
# so too; then monitor rates shows the rates of a flow to one group and its
# member, and of none.
#
#   $pfx-h1 (v1)  $pfx-h2 (v2)  $pfx-h3 (v3)  $pfx-h4 (source)
#      |             |             |             |
#    sw-p1         sw-p2         sw-p3         sw-p4      sw-q --- $pfx-q
#   +----------------------- br0 (igmpsnoop) -----------+      querier
#
# ovs_snoop_join runs it on an Open vSwitch datapath.

. "$(dirname "$0")/lib.sh"

setup_bridge 4
for h in 1 2 3; do
	host_setup "$h" "$h"
done
host_setup 4 2
# Reports seen by hosts: v1/v2 reports go to the group, v3 to 224.0.0.22.
# A host's own reports to a group it joined loop back into its eth0: rule
# 89 lets them pass uncounted.
for h in 1 2 3 4; do
	counter_add "$pfx-h$h" eth0 89 src_ip "192.0.2.$h"
	counter_add "$pfx-h$h" eth0 90 ip_proto 2 dst_ip 224.0.0.22
	counter_add "$pfx-h$h" eth0 91 ip_proto 2 dst_ip 239.1.1.0/24
done
swctl attach br0
# The querier's response interval, as it announces no QRI of its own.
swctl set br0 query-response-interval 1
# IGMPv1 hosts answer any query within 10 s, so two of their reports may
# be QI + 10 = 16 s apart: the membership interval must be above that
# (the derived one, 2 x 6 + 1 = 13 s, is not).
swctl set br0 membership-interval 17
setup_querier 3 6
counter_add "$pfx-q" qbr-p 90 ip_proto 2 dst_ip 224.0.0.22
counter_add "$pfx-q" qbr-p 91 ip_proto 2 dst_ip 239.1.1.0/24
wait_snooping
swctl -j show br0 | expect_json '.[0] | .router_ports == ["sw-q"] and
	.querier.address == "192.0.2.254" and .querier.port == "sw-q"'

join 1 239.1.1.1
join 2 239.1.1.2
join 3 239.1.1.3
wait_members 239.1.1.1 sw-p1
wait_members 239.1.1.2 sw-p2
wait_members 239.1.1.3 sw-p3
swctl group show br0
swctl -j group show br0 | expect_json 'all(.[]; .dev == "br0" and .state == "temp" and
	.timer > 0 and .timer <= 17)'

# The hosts keep answering queries: still members after more than a
# membership interval.
sleep 18
wait_members 239.1.1.1 sw-p1
wait_members 239.1.1.2 sw-p2
wait_members 239.1.1.3 sw-p3

# The reports went to the querier and to no host.
for h in 1 2 3 4; do
	[[ $(counter "$pfx-h$h" eth0 90) == 0 && $(counter "$pfx-h$h" eth0 91) == 0 ]] ||
		fail "host $h saw another host's report: $(counter "$pfx-h$h" eth0 90) to 224.0.0.22, $(counter "$pfx-h$h" eth0 91) to the group"
done
(($(q_counter 90) > 0 && $(q_counter 91) > 0)) || fail "the querier saw no reports"

# Data from host 4: each group reaches its member and the router port.
for g in 1 2 3; do
	data_counters "1$g" "239.1.1.$g" 1 2 3
	counter_add "$pfx-q" qbr-p "1$g" dst_ip "239.1.1.$g" ip_proto udp
	send_data 4 "239.1.1.$g" 10
done
sleep 0.5
expect_counts 11 1:10 2:0 3:0
expect_counts 12 1:0 2:10 3:0
expect_counts 13 1:0 2:0 3:10
for g in 1 2 3; do
	[[ $(q_counter "1$g") == 10 ]] ||
		fail "router port got $(q_counter "1$g") packets of 239.1.1.$g, expected 10"
done

# Each group's own counters: 10 frames received, 20 copies let out (its
# member and the router port), in IP bytes: 28 (UDP without payload),
# not the 60 of the padded frame.
swctl -s group show br0
swctl -j -s group show br0 | expect_json '(map({(.group): .stats}) | add) as $g |
	[$g["239.1.1.1", "239.1.1.2", "239.1.1.3"] |
	 .rx_packets == 10 and .rx_bytes == 280 and
	 .tx_packets == 20 and .tx_bytes == 560] == [true, true, true]'

# Link-local multicast reaches every host.
data_counters 50 224.0.0.251 1 2 3
send_data 4 224.0.0.251 10
sleep 0.3
expect_counts 50 1:10 2:10 3:10

swctl -s show br0
# On a bridge most data takes the fast path, which makes no copy for a port
# that did not ask; the rest (a source's first frame in a second, for the
# bridge to learn it) is flooded by the bridge, and the two copies for
# hosts that did not join are removed. The host behind a bridge asked for
# none of the groups. OVS floods all, and its local port, no vport, gets
# every group.
if is_ovs; then
	path='.fwd_fast_path == 0 and .tx_pruned == 60 and .host_pruned == 0'
else
	path='.fwd_fast_path >= 20 and .tx_pruned == 2 * (30 - .fwd_fast_path) and
		.host_pruned == 30'
fi
swctl -j -s show br0 | expect_json ".[0].stats | .fwd_registered == 30 and
	$path and .tx_ctl_pruned > 0 and
	.rx_report_v1 > 0 and .rx_report_v2 > 0 and .rx_report_v3 > 0"

# Each port's own counters: the data came in on sw-p4 and went out to each
# group's member and to the router port, each host's reports came in on
# its port in its version and went out to the router port alone, the
# querier's queries came in on sw-q and went out to the hosts. The
# querier's and the host's counters are the instance's alone.
swctl -s port show br0
swctl -j -s port show br0 | expect_json '(map({(.port): .stats}) | add) as $p |
	$p["sw-p4"].fwd_registered == 30 and $p["sw-p4"].rx_mcast >= 30 and
	$p["sw-p1"].fwd_registered == 0 and
	$p["sw-p1"].tx_data == 10 and $p["sw-p2"].tx_data == 10 and
	$p["sw-p3"].tx_data == 10 and $p["sw-p4"].tx_data == 0 and
	$p["sw-q"].tx_data == 30 and
	$p["sw-p1"].rx_report_v1 > 0 and $p["sw-p1"].rx_report_v2 == 0 and
	$p["sw-p1"].rx_report_v3 == 0 and $p["sw-p2"].rx_report_v2 > 0 and
	$p["sw-p3"].rx_report_v3 > 0 and
	$p["sw-q"].tx_igmp_report > 0 and $p["sw-p1"].tx_igmp_report == 0 and
	$p["sw-p1"].tx_ctl_pruned > 0 and
	$p["sw-q"].rx_query_v2 + $p["sw-q"].rx_query_v3 > 0 and
	$p["sw-p1"].rx_query_v2 + $p["sw-p1"].rx_query_v3 == 0 and
	$p["sw-p1"].tx_igmp_query > 0 and
	all($p[]; .tx_query == null and .host_pruned == null)'
# Each member's own counters: the 10 copies let out of its port (the
# router port is no member, and has none).
swctl -j -s group show br0 | expect_json '(map({(.group): .member_stats}) | add) as $m |
	[$m["239.1.1.1", "239.1.1.2", "239.1.1.3"] |
	 .tx_packets == 10 and .tx_bytes == 280] == [true, true, true]'
# A second member counts from when it was made; one that goes and comes
# back (after a grace period, into the slot it left) starts from 0 again,
# while its group's counters go on.
member_counts() {
	swctl -s group show br0 239.1.1.1
	swctl -j -s group show br0 239.1.1.1 | expect_json "(map({(.port): .member_stats}) | add) as \$m |
		\$m[\"sw-p1\"].tx_packets == $1 and \$m[\"sw-p2\"].tx_packets == $2 and
		\$m[\"sw-p2\"].tx_bytes == 28 * $2 and .[0].stats.tx_packets == $3"
}
swctl group add br0 239.1.1.1 port sw-p2 permanent
send_data 4 239.1.1.1 5
sleep 0.5
member_counts 15 5 35
swctl group del br0 239.1.1.1 port sw-p2
sleep 1
swctl group add br0 239.1.1.1 port sw-p2 permanent
send_data 4 239.1.1.1 3
sleep 0.5
member_counts 18 3 44
swctl group del br0 239.1.1.1 port sw-p2

# Rates: while host 4 sends 239.1.1.1, it has rx packets each second and
# twice as many tx (two ports), and its one member (sw-p1; the router port
# sw-q is none) as many as rx; 239.1.1.2 and its member have none. Then
# all are 0.
ip netns exec "$pfx-h4" mausezahn eth0 -q -c 300 -d 10msec -b 01:00:5e:01:01:01 \
	-A 192.0.2.4 -B 239.1.1.1 -t udp "dp=5000,sp=5000" &
flow=$!
test_cleanup() { kill "$flow" 2>/dev/null; }
sleep 0.5
rates=$(swctl -j monitor rates br0 count 2)
echo "$rates"
[[ $(wc -l <<< "$rates") == 2 ]] || fail "monitor rates count 2 printed $(wc -l <<< "$rates") lines"
jq -e -s 'length == 2 and all(.[]; .interval >= 0.9 and
	(.groups | map({(.group): .}) | add) as $g |
	$g["239.1.1.1"].rx_pps > 0 and
	($g["239.1.1.1"].rx_bps - 8 * 28 * $g["239.1.1.1"].rx_pps | fabs) <= 8 * 28 and
	($g["239.1.1.1"].tx_pps - 2 * $g["239.1.1.1"].rx_pps | fabs) <= 4 and
	($g["239.1.1.1"].members | length == 1 and .[0].port == "sw-p1" and
	 (.[0].tx_pps - $g["239.1.1.1"].rx_pps | fabs) <= 2 and
	 (.[0].tx_bps - 8 * 28 * .[0].tx_pps | fabs) <= 8 * 28) and
	$g["239.1.1.2"].rx_pps == 0 and $g["239.1.1.2"].tx_pps == 0 and
	$g["239.1.1.2"].members == [{port: "sw-p2", tx_pps: 0, tx_bps: 0}])' <<< "$rates" >/dev/null ||
	fail "monitor rates while 239.1.1.1 flows"
wait "$flow"
sleep 0.3
rates=$(swctl monitor rates br0 interval 0.5 count 1)
echo "$rates"
[[ $rates == *"dev br0 group 239.1.1.1 rx 0 pkt/s 0 bit/s tx 0 pkt/s 0 bit/s"$'\n'"  port sw-p1 tx 0 pkt/s 0 bit/s"* ]] ||
	fail "monitor rates after the flow"
expect_fail "at least 0.1 s" swctl monitor rates br0 interval 0.05

echo PASS
