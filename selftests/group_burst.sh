#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A burst of new groups learned from the wire: host 1 joins 100 000
# groups in IGMPv3 reports of 180 records, as fast as its socket takes
# them (igmpgen, as the benchmark learns its tables). Every group is
# learned, none refused, and every group and member gets its data
# counters: a slot of a block (64 to 1024 slots), or from the stats work
# if even a block's atomic per-CPU allocation fails (when that failure
# refused the join, some thousands of groups were missing; with blocks it
# is rare, and a run may not meet it: the count of groups and members
# still without counters right after the burst says). Then a group's
# counters count its data; flushed, the table gives its counters' per-CPU
# memory back, and a new group's counters start at zero.
#
#   $pfx-h1 (100 000 joins)   $pfx-h2 (source)
#      |                        |
#    sw-p1                    sw-p2
#   +-------- br0 (igmpsnoop) --------+
#
# vm: timeout 400

. "$(dirname "$0")/lib.sh"

igmpgen=$IGMPSNOOP_REPO/build/tools/igmpgen
[[ -x $igmpgen ]] || fail "$igmpgen is missing: run 'make bench-tools'"
n=100000

setup_bridge 2
host_setup 2 2
swctl attach br0
# Our querier makes it snoop (a flooding instance counts no group's
# data); memberships outlive the test.
swctl set br0 max-groups "$n" membership-interval 3600 querier on \
	querier-address 192.0.2.100
swctl port set br0 sw-p1 max-groups 0	# not a quarter: every group
# It floods until one query response interval (10 s) after its first
# query, for the hosts to answer.
wait_snooping 20

out=$(ip netns exec "$pfx-h1" "$igmpgen" -3 -r 180 -n "$n" eth0)
echo "# igmpgen: $out"
[[ $out == *"refused 0"* ]] || fail "igmpgen: $out"
poll 60 json_true ".[0].groups == $n" igmpsnoopctl -n "$sw" -j show br0 ||
	fail "learned $(igmpsnoopctl -n "$sw" -j show br0 | jq '.[0].groups') of $n groups"
swctl -j -s show br0 | expect_json '.[0].stats | .table_full == 0 and .rx_bad == 0'
# Those that waited for their counters get them.
echo "# groups without counters right after: $(igmpsnoopctl -n "$sw" -s group show br0 |
	grep -c 'no counters yet')"
wait_until 60 bash -c "[[ \$(igmpsnoopctl -n $sw -s group show br0 |
	grep -c 'no counters yet') == 0 ]]"

# igmpgen's groups are 225.0.0.0 and the 99 999 after it: the last one
# counts its data (one copy a frame, to its member).
last=225.1.134.159
send_data 2 "$last" 10
sleep 0.5
swctl -j -s group show br0 "$last" | expect_json \
	'length == 1 and .[0].stats.rx_packets == 10 and .[0].stats.tx_packets == 10'

# The counters of a table that empties go back: of the per-CPU memory the
# 100 000 groups' counters took (32 bytes per group and possible CPU),
# most is free again once the groups' grace periods are over.
percpu_kb() { awk '$1 == "Percpu:" { print $2 }' /proc/meminfo; }
ncpu=$(($(cut -d- -f2 /sys/devices/system/cpu/possible) + 1))
full=$(percpu_kb)
swctl group flush br0
poll 30 json_true '.[0].groups == 0' igmpsnoopctl -n "$sw" -j show br0 ||
	fail "the flush left groups"
want=$((n * 32 * ncpu / 1024 / 2))
percpu_freed() { (($(percpu_kb) <= full - want)); }
poll 30 percpu_freed ||
	fail "per-CPU memory fell from $full to $(percpu_kb) kB, not by $want kB"
echo "# per-CPU memory: $full kB with $n groups, $(percpu_kb) kB after the flush"

# A group's counters start at zero, in a slot another group had.
swctl group add br0 239.9.9.1 port sw-p1
send_data 2 239.9.9.1 10
sleep 0.5
swctl group del br0 239.9.9.1 port sw-p1
sleep 1		# the grace period after which its slot is free again
swctl group add br0 239.9.9.2 port sw-p1
send_data 2 239.9.9.2 3
sleep 0.5
swctl -j -s group show br0 239.9.9.2 | expect_json \
	'length == 1 and .[0].stats.rx_packets == 3 and .[0].stats.tx_packets == 3'
echo PASS
