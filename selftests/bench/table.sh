#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 10800
#
# The table's size, with N groups learned (10, 1k, 100k, 1M; BENCH_QUICK:
# 10 and 1k), against the bridge's own snooping with mcast_hash_max
# raised to hold them:
#   figure "groups"  the forwarding rate of one group (239.1.1.1, member
#                    p2) with N other groups in the table; and, as a
#                    control, of unicast through br1 (igmpsnoop's, which
#                    unicast does not touch) to a static FDB entry on
#                    p2: what the N groups' memory alone does to the VM
#   figure "memory"  kernel memory per (group, port) membership while the
#                    N groups were learned, divided by N (page cache
#                    dropped before each reading), at 100k groups and
#                    above (BENCH_QUICK: 1k): "total", the fall of
#                    MemFree; "slab", the growth of the slab caches (in
#                    pages); "objects", the growth of the objects in use
#                    in them (/proc/slabinfo: active objects x object
#                    size, which a cache's free objects left from
#                    earlier do not blur); and at 100k (BENCH_QUICK: 1k)
#                    "objects-second", that growth when a second port
#                    (p2) joins the same N groups: the memberships of
#                    groups that exist
#   figure "dump"    seconds to list the N groups: `bridge mdb show`
#                    against `igmpsnoopctl group show`
# Two bridges hold the two tables at once, so that their figures are
# measured interleaved: br0 with the bridge's snooping, br1 with
# igmpsnoop. igmpgen joins the N groups (225.0.0.0 up) from qX3 in
# IGMPv3 reports of 180 records; a general query from qX4, sent again
# before each measurement, makes pX4 the router port and keeps a querier
# present. Memberships last an hour: nothing ages out meanwhile.
# Last, qX2 joins the N groups too where "slab-second" is measured.
#
#   pktgen -> br0p1 [ br0: bridge ]    br0p2 (member)  br0p3 (N groups)  br0p4 (router)
#   pktgen -> br1p1 [ br1: igmpsnoop ] br1p2 (member)  br1p3 (N groups)  br1p4 (router)

. "$(dirname "$0")/lib.sh"

sizes=${SIZES:-$( ((quick)) && echo "10 1000" || echo "10 1000 100000 1000000")}
count=$((quick ? 20000 : 100000))
memory_from=$((quick ? 1000 : 100000))
unicast_mac=02:00:00:00:00:02
[[ -x $igmpgen ]] || fail "$igmpgen is missing: run 'make bench-tools'"

test_cleanup() { bench_teardown; }

bridges() {
	local b i
	ip netns add "$sw"
	sw_hold
	in_sw ip link set lo up
	in_sw ip link add br0 type bridge mcast_snooping 1 mcast_hash_max 2097152 \
		mcast_membership_interval 360000
	in_sw ip link add br1 type bridge mcast_snooping 0
	for b in br0 br1; do
		for i in 1 2 3 4; do
			echo "link add ${b}p$i type veth peer name ${b}q$i"
			echo "link set ${b}p$i master $b up"
			echo "link set ${b}q$i up"
		done
	done | in_sw ip -batch -
	in_sw ip link set br0 up
	in_sw ip link set br1 up
	igmpsnoopctl -n "$sw" attach br1
	igmpsnoopctl -n "$sw" set br1 max-groups 1048576 membership-interval 3600
	igmpsnoopctl -n "$sw" port set br1 br1p3 max-groups 0
	igmpsnoopctl -n "$sw" port set br1 br1p2 max-groups 0
	in_sw bridge fdb add "$unicast_mac" dev br1p2 master static
}

# Prints MemFree, Slab and the bytes of the slab objects in use.
mem_free() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	sleep 1
	# (mawk prints a large number as 6.01853e+09, and its %d stops at
	# 2^31 - 1.)
	awk '$1 == "MemFree:" { f = $2 } $1 == "Slab:" { s = $2 }
		END { printf "%.0f %.0f ", f * 1024, s * 1024 }' /proc/meminfo
	awk 'NR > 2 { o += $2 * $4 } END { printf "%.0f\n", o }' /proc/slabinfo
}

groups_of() {
	if [[ $1 == br0 ]]; then
		in_sw bridge mdb show dev br0 | grep -c " grp "
	else
		igmpsnoopctl -n "$sw" -j show br1 | jq '.[0].groups'
	fi
}

# query BRIDGE: a general query from qX4. Without a querier heard within
# the other querier present interval (255 s) both snoopings flood
# multicast to every port: forward() sends one first, as a round at 1M
# groups outlasts it (the bridge's dump of them takes minutes).
query() {
	in_sw mausezahn "${1}q4" -q -c 1 -b 01:00:5e:00:00:01 -A 192.0.2.254 -B 224.0.0.1 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 11 0a 00 00 00 00)"
}

# learn BRIDGE N: the query, 239.1.1.1 from p2 and N groups from p3.
learn() {
	local b=$1 n=$2 free0 slab0 objs0 free1 slab1 objs1 out
	query "$b"
	in_sw mausezahn "${b}q2" -q -c 1 -b "$group_mac" -A 192.0.2.2 -B "$group" \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 16 00 ef 01 01 01)"
	read -r free0 slab0 objs0 <<< "$(mem_free)"
	out=$(in_sw "$igmpgen" -3 -r 180 -n "$n" "${b}q3")
	[[ $out == *"refused 0"* ]] || fail "igmpgen: $out"
	wait_until 60 test_groups "$b" $((n + 1))
	if ((n >= memory_from)); then
		read -r free1 slab1 objs1 <<< "$(mem_free)"
		bench_record memory total "$(mode_of "$b")" "$n" 1 $(((free0 - free1) / n)) bytes
		bench_record memory slab "$(mode_of "$b")" "$n" 1 $(((slab1 - slab0) / n)) bytes
		bench_record memory objects "$(mode_of "$b")" "$n" 1 $(((objs1 - objs0) / n)) bytes
	fi
}
test_groups() { (($(groups_of "$1") >= $2)); }

# second BRIDGE N: qX2 joins the N groups as well; the growth of the slab
# objects in use per membership of a group that exists.
second() {
	local b=$1 n=$2 free0 slab0 objs0 free1 slab1 objs1 out
	read -r free0 slab0 objs0 <<< "$(mem_free)"
	out=$(in_sw "$igmpgen" -3 -r 180 -n "$n" "${b}q2")
	[[ $out == *"refused 0"* ]] || fail "igmpgen: $out"
	wait_until 60 test_memberships "$b" $((2 * n + 1))
	read -r free1 slab1 objs1 <<< "$(mem_free)"
	bench_record memory objects-second "$(mode_of "$b")" "$n" 1 \
		$(((objs1 - objs0) / n)) bytes
}
memberships_of() {
	if [[ $1 == br0 ]]; then
		in_sw bridge mdb show dev br0 | grep -c " grp "
	else
		igmpsnoopctl -n "$sw" group show br1 | grep -c " port "
	fi
}
test_memberships() { (($(memberships_of "$1") >= $2)); }
mode_of() { [[ $1 == br0 ]] && echo bridge || echo igmpsnoop; }

# forward BRIDGE [unicast]: the rate p2 receives 239.1.1.1 (or unicast).
forward() {
	local b=$1 before usec got
	query "$b"
	before=$(in_sw cat "/sys/class/net/${b}q2/statistics/rx_packets")
	if [[ ${2-} == unicast ]]; then
		usec=$(bench_pktgen "${b}p1" "$unicast_mac" 192.0.2.2 "$count")
	else
		usec=$(bench_pktgen "${b}p1" "$group_mac" "$group" "$count")
	fi
	got=$(($(in_sw cat "/sys/class/net/${b}q2/statistics/rx_packets") - before))
	((got >= count * 9 / 10)) || fail "$(mode_of "$b") ${2-}: p2 got $got of $count"
	echo $((got * 1000000 / usec))
}

dump() {
	local b=$1 t0 lines
	t0=$(date +%s%N)
	if [[ $b == br0 ]]; then
		lines=$(in_sw bridge mdb show dev br0 | wc -l)
	else
		lines=$(igmpsnoopctl -n "$sw" group show br1 | wc -l)
	fi
	((lines >= $2)) || fail "$(mode_of "$b"): the dump listed $lines lines of $2 groups"
	echo "scale=3; ($(date +%s%N) - $t0) / 1000000000" | bc
}

for n in $sizes; do
	bridges
	learn br0 "$n"
	learn br1 "$n"
	for r in $(bench_rounds); do
		for b in br0 br1; do
			pps=$(forward "$b")
			((r == 0)) || bench_record groups plain "$(mode_of "$b")" "$n" "$r" "$pps" pps
		done
		pps=$(forward br1 unicast)
		((r == 0)) || bench_record groups plain unicast "$n" "$r" "$pps" pps
		for b in br0 br1; do
			s=$(dump "$b" "$n")
			((r == 0)) || bench_record dump plain "$(mode_of "$b")" "$n" "$r" "$s" s
		done
	done
	if ((n == memory_from)); then
		second br0 "$n"
		second br1 "$n"
	fi
	bench_teardown
done
# Every size measured: a shell error in the loop above would end it early.
for n in $sizes; do
	[[ $(grep -c "^groups,$kernel,plain,igmpsnoop,$n," "$results") -ge $rounds ]] ||
		fail "no forwarding figure at $n groups"
done
echo PASS
