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
hwport_load

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
	snoop_start
	setup_querier 2 2
	[[ $mode == bridge ]] || wait_snooping
	data_counters 11 239.1.1.1 1 2
	# Host 2's data to host 1 (before rule 11, which would drop it).
	counter_add "$pfx-h1" eth0 9 src_ip 192.0.2.2 dst_ip 239.1.1.1 ip_proto udp
	counter_add "$pfx-h2" eth0 13 dst_ip 224.0.0.1 ip_proto 2
	join 1 239.1.1.1
	join 2 239.1.1.1
	wait_until 10 snoop_member 239.1.1.1 sw-p1
	wait_until 10 snoop_member 239.1.1.1 sw-p2
	rm -f "$tmp"/*
}

ring_port() {
	send_data 3 239.1.1.1 5
	sleep 0.5
	echo "forwarding: h1=$(vdelta 1 11) h2=$(vdelta 2 11) |"
	mrp sw-p2 state blocked
	vdelta 2 13 >/dev/null
	send_data 3 239.1.1.1 5
	send_data 2 239.1.1.1 5
	join 2 239.1.1.9
	sleep 3		# a query or more, which host 2 would answer
	echo "blocked: h1=$(vdelta 1 11) h2=$(vdelta 2 11) from_h2=$(vdelta 1 9)" \
		"h2_member=$(yes_no snoop_member 239.1.1.9 sw-p2) queries=$(vdelta 2 13) |"
	mrp sw-p2 state forwarding
	send_data 3 239.1.1.1 5
	poll 10 snoop_member 239.1.1.9 sw-p2 || true
	sleep 0.5
	echo "forwarding: h1=$(vdelta 1 11) h2=$(vdelta 2 11)" \
		"h2_member=$(yes_no snoop_member 239.1.1.9 sw-p2)"
}

for mode in $MODES; do
	run_mode
	cleanup_namespaces
done

compare_modes "igmpsnoop does not keep MRP's blocked ring port as the bridge does"
echo PASS
