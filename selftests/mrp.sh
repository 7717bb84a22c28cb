#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MRP (IEC 62439-2, Linux's CONFIG_BRIDGE_MRP) blocks a ring port as STP
# does, by its state: the bridge takes nothing in from it and sends
# nothing out to it, with either snooping. The ring ports are sw-p1 and
# sw-p2 of an MRP instance (bridge_mrp.py, as an MRP daemon sets them);
# hosts 1 and 2 are members of 239.1.1.1, host 3 sends. While sw-p2 is
# blocked, host 2 gets no data and no query, its data reaches nobody, and
# its report teaches nothing; forwarding again, it gets the data and its
# next report is learned. With switchdev in the kernel, the bridge makes
# an MRP instance only if a driver takes it on: a port of the tests'
# pretend switch chip (selftests/kmod/igmpsnoop_test_hwport.c) does, and
# carries no traffic here. Each run on the bridge with its own snooping
# (the reference), with igmpsnoop and with its fast path off, as
# bridge_transparency's cases. Debian's kernels have no MRP: the test
# skips there and runs on the debug kernel.
#
#   $pfx-h1 (member)   $pfx-h2 (member)   $pfx-h3 (source)
#      |                  |                  |
#    sw-p1              sw-p2              sw-p3        sw-q --- $pfx-q
#   +- MRP ring port -- MRP ring port --- br0 ------------+      querier
#
# vm: debug

. "$(dirname "$0")/lib.sh"

mrp() { nsw python3 "$(dirname "$0")/bridge_mrp.py" "$@"; }
modprobe bridge
grep -qw br_mrp_add /proc/kallsyms ||
	skip "Linux $(uname -r) has no MRP (CONFIG_BRIDGE_MRP)"
hwport=${IGMPSNOOP_TESTMOD%/*}/igmpsnoop_test_hwport.ko
[[ -f $hwport ]] || fail "the tests' module is missing: run 'make modules-all'"
insmod "$hwport"

ALL_TESTS="ring_port"
MODES="bridge igmpsnoop igmpsnoop-slow"
# shellcheck disable=SC2034 # read by compare_modes (lib.sh)
declare -A expect=(
	[ring_port]="forwarding: h1=5 h2=5 | blocked: h1=5 h2=0 from_h2=0 h2_member=no queries=0 | forwarding: h1=5 h2=5 h2_member=yes"
)
declare -A got
tmp=$(mktemp -d)
test_cleanup() {
	rm -rf "$tmp"
	rmmod igmpsnoop_test_hwport 2>/dev/null || true
}

# Packets host N's counter HANDLE got since the last call (in a file: the
# cases run in subshells).
hdelta() {
	local f=$tmp/$1.$2 now last=0
	now=$(counter "$pfx-h$1" eth0 "$2")
	[[ -f $f ]] && last=$(<"$f")
	echo "$now" > "$f"
	echo $((now - last))
}

is_member() {
	if [[ $mode == igmpsnoop* ]]; then
		igmpsnoopctl -n "$sw" -j group show br0 |
			jq -e --arg g "$1" --arg p "$2" 'any(.[]; .group == $g and .port == $p)'
	else
		bridge -n "$sw" -j mdb show dev br0 |
			jq -e --arg g "$1" --arg p "$2" 'any(.[].mdb[]?; .grp == $g and .port == $p)'
	fi >/dev/null
}

setup_mode() {
	setup_bridge 3
	for h in 1 2 3; do
		host_setup "$h" 2
	done
	# With switchdev in the kernel, the bridge takes an MRP instance
	# only if a driver does: a port of the tests' pretend chip.
	ipsw link add sw-chip type igmpsnoop_hw
	ipsw link set sw-chip master br0 up
	mrp br0 ring 1 sw-p1 sw-p2
	if [[ $mode == igmpsnoop* ]]; then
		swctl attach br0
		swctl set br0 query-response-interval 1
		[[ $mode == igmpsnoop ]] || swctl set br0 fast-path off
	else
		ipsw link set br0 type bridge mcast_snooping 1 mcast_query_response_interval 100
	fi
	setup_querier 2 2
	[[ $mode == bridge ]] || wait_snooping
	data_counters 11 239.1.1.1 1 2
	# Host 2's data to host 1 (before rule 11, which would drop it).
	counter_add "$pfx-h1" eth0 9 src_ip 192.0.2.2 dst_ip 239.1.1.1 ip_proto udp
	counter_add "$pfx-h2" eth0 13 dst_ip 224.0.0.1 ip_proto 2
	join 1 239.1.1.1
	join 2 239.1.1.1
	wait_until 10 is_member 239.1.1.1 sw-p1
	wait_until 10 is_member 239.1.1.1 sw-p2
	rm -f "$tmp"/*
}

ring_port() {
	send_data 3 239.1.1.1 5
	sleep 0.5
	echo "forwarding: h1=$(hdelta 1 11) h2=$(hdelta 2 11) |"
	mrp sw-p2 state blocked
	hdelta 2 13 >/dev/null
	send_data 3 239.1.1.1 5
	send_data 2 239.1.1.1 5
	join 2 239.1.1.9
	sleep 3		# a query or more, which host 2 would answer
	echo "blocked: h1=$(hdelta 1 11) h2=$(hdelta 2 11) from_h2=$(hdelta 1 9)" \
		"h2_member=$(yes_no is_member 239.1.1.9 sw-p2) queries=$(hdelta 2 13) |"
	mrp sw-p2 state forwarding
	send_data 3 239.1.1.1 5
	poll 10 is_member 239.1.1.9 sw-p2 || true
	sleep 0.5
	echo "forwarding: h1=$(hdelta 1 11) h2=$(hdelta 2 11)" \
		"h2_member=$(yes_no is_member 239.1.1.9 sw-p2)"
}

for mode in $MODES; do
	echo "# $mode"
	setup_mode
	for t in $ALL_TESTS; do
		echo "# $mode: $t" >&2
		got[$mode,$t]=$("$t" | tr '\n' ' ' | sed 's/ *$//')
		echo "  $mode $t: ${got[$mode,$t]}"
	done
	cleanup_namespaces
done

compare_modes "igmpsnoop does not keep MRP's blocked ring port as the bridge does"
echo PASS
