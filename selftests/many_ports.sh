#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Members on ports past an instance's first 64: a group holds its first
# 64 ports in two words and gets bitmaps of every port index with its
# first member past them. Host 2 (IGMPv2, every source) and host 3
# (IGMPv3 INCLUDE, one source) are on ports 73 and 74 of a bridge of 74
# (ports are numbered in the order they come, and 70 dummy ports came
# before them); host 4 is on a port among the first 64. Data reaches the
# members, from the sources they asked for, and no other host; a fast
# leave on a port past the first 64 stops its data.
#
# 239.2.2.2 and 239.2.2.4 also have 12 dummy ports (3..14) as members:
# a group of more than 8 keeps its members in the member hash, and a
# lookup walks 8 of its list and then asks the hash. So port 73, past
# the dummies, is found in the hash by its fast leave (with the lookup
# broken the leave is lost and the test fails). With the fast path off
# the egress hooks decide each copy from the group's port bitmaps, and a
# port that filters by source by its member's sources: host 3's INCLUDE
# member of 239.2.2.4 on port 74 is found in the hash by the egress hook
# of every copy (with the hash lookup broken there host 3 gets none). A
# fast leave from a group shrunk to 2 members (still hashed) stops the
# data again.
#
# vm: debug
#
#   $pfx-h1 (source,   $pfx-h2       $pfx-h3       $pfx-h4
#    querier)            |             |             |
#      |               sw-p2         sw-p3         sw-p4     d1 ... d70
#    sw-p1         (port 73)     (port 74)     (port 2)   (ports 3..72)
#   +------------------------- br0 (igmpsnoop) ------------------------+

. "$(dirname "$0")/lib.sh"

setup_bridge 4
for h in 1 2 3 4; do
	host_setup "$h" 2
done
ipsw link set sw-p2 nomaster
ipsw link set sw-p3 nomaster
for i in $(seq 70); do
	echo "link add d$i type dummy"
	echo "link set d$i master br0"
	echo "link set d$i up"
done | ip -n "$sw" -batch -
batch=$(mktemp)
test_cleanup() { rm -f "$batch"; }
swctl attach br0
ipsw link set sw-p2 master br0
ipsw link set sw-p3 master br0
swctl -j port show br0 | expect_json 'length == 74'
swctl port set br0 sw-p2 fast-leave on
# A general query from h1 makes it the querier and sw-p1 a router port;
# h3 answers with crafted reports: IS_IN{192.0.2.9} for 239.2.2.3,
# IS_IN{192.0.2.1} for 239.2.2.4. Both again before each sending: on the
# debug kernel beside other VMs the test outlasts the other querier
# present interval (255 s), after which everything floods, and the
# membership interval (260 s) of h3's reports, which no kernel repeats.
refresh() {
	send_igmp 1 224.0.0.1 "$(igmp_hex 11 0a 00 00 00 00)"
	send_igmp 3 224.0.0.22 "$(igmp_hex 22 00 00 00 00 02 \
		01 00 00 01 ef 02 02 03 c0 00 02 09 \
		01 00 00 01 ef 02 02 04 c0 00 02 01)"
	wait_snooping
}
refresh

join 2 239.2.2.2
join 4 239.2.2.2
wait_members 239.2.2.2 sw-p2 sw-p4
wait_members 239.2.2.3 sw-p3
wait_members 239.2.2.4 sw-p3
dummies=()
for i in $(seq 12); do
	dummies+=("d$i")
	echo "group add br0 239.2.2.2 port d$i permanent"
	echo "group add br0 239.2.2.4 port d$i permanent"
done > "$batch"
swctl -b "$batch"
wait_members 239.2.2.2 sw-p2 sw-p4 "${dummies[@]}"
wait_members 239.2.2.4 sw-p3 "${dummies[@]}"

# Host 1 sends 10 frames to each of 239.2.2.2, .3 and .4; hosts 2, 3 and
# 4 have counted so many of each in all.
#   send_all "COUNTS of .2" "COUNTS of .3" "COUNTS of .4"
send_all() {
	local g counts
	refresh
	for g in 2 3 4; do
		send_data 1 "239.2.2.$g" 10
	done
	sleep 0.5
	for g in 2 3 4; do
		read -ra counts <<< "${*:g-1:1}"
		expect_counts "1$g" "${counts[@]}"
	done
}

for g in 2 3 4; do
	data_counters "1$g" "239.2.2.$g" 2 3 4
done
send_all "2:10 3:0 4:10" "2:0 3:0 4:0" "2:0 3:10 4:0"

# The fast leave of port 73: its data stops there, not on port 2.
leave 2 239.2.2.2
wait_members 239.2.2.2 sw-p4 "${dummies[@]}"
refresh
send_data 1 239.2.2.2 10
sleep 0.5
expect_counts 12 2:10 3:0 4:20

# The egress hooks decide each copy; host 3's INCLUDE member of
# 239.2.2.4 (a hashed group) is looked up for each.
swctl set br0 fast-path off
join 2 239.2.2.2
wait_members 239.2.2.2 sw-p2 sw-p4 "${dummies[@]}"
send_all "2:20 3:0 4:30" "2:0 3:0 4:0" "2:0 3:20 4:0"

# Back to 2 members, then 1.
for i in $(seq 12); do
	echo "group del br0 239.2.2.2 port d$i"
done > "$batch"
swctl -b "$batch"
leave 2 239.2.2.2
wait_members 239.2.2.2 sw-p4
send_all "2:20 3:0 4:40" "2:0 3:0 4:0" "2:0 3:30 4:0"
echo PASS
