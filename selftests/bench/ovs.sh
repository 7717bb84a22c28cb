#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 2400
#
# Figure "forward" on Open vSwitch: the forwarding rate of one group with
# one member (p2) and one router port (p8) on 8 ports, as forward.sh
# measures it on a bridge.
#
# Configurations:
#   ovs-normal  ovs-vswitchd's bridge br0 with the NORMAL action (its
#               kernel datapath ovs-system). Modes: ovs (OVS's own
#               mcast_snooping_enable), igmpsnoop (attached to
#               ovs-system, OVS's snooping off), flood (neither)
#   ovs-dpctl   a datapath br0 built with ovs-dpctl, no ovs-vswitchd,
#               with flows that flood. Modes: igmpsnoop, flood
#
#   pktgen -> p1 [ OVS ] p2 (member)  p3..p7  p8 (router: the querier)
#                        |            |       |
#                        q2           q3..q7  q8  (counted)

. "$(dirname "$0")/lib.sh"

count=$((quick ? 20000 : 200000))
configs=${CONFIGS:-ovs-normal ovs-dpctl}
inst=

test_cleanup() {
	[[ -z $inst ]] || igmpsnoopctl -n "$sw" detach "$inst" 2>/dev/null || true
	[[ -z $ovs_tmp ]] || ovs_stop
	ip netns delete "$sw" 2>/dev/null
}

setup() {
	local i
	ip netns add "$sw"
	in_sw ip link set lo up
	if [[ $1 == ovs-normal ]]; then
		ovs_start
		vsctl add-br br0
		inst=ovs-system
	else
		command -v ovs-dpctl >/dev/null || skip "ovs-dpctl is not installed (make deps)"
		modprobe openvswitch || skip "no openvswitch module"
		in_sw ovs-dpctl add-dp br0
		inst=br0
	fi
	for ((i = 1; i <= 8; i++)); do
		in_sw ip link add "p$i" type veth peer name "q$i"
		if [[ $1 == ovs-normal ]]; then
			vsctl add-port br0 "p$i"
		else
			in_sw ovs-dpctl add-if br0 "p$i"
		fi
		in_sw ip link set "p$i" up
		in_sw ip link set "q$i" up
	done
	[[ $1 == ovs-normal ]] || ovs_flood_flows
}

# ovs-appctl, to ovs-vswitchd (its pidfile is not where ovs-appctl looks).
appctl() { in_sw ovs-appctl -t "$(echo "$ovs_tmp"/ovs-vswitchd.*.ctl)" "$@"; }

ovs_members() {
	appctl mdb/show br0 | awk -v g="$group" '$3 == g' | wc -l
}
igmpsnoop_members() {
	igmpsnoopctl -n "$sw" -j group show "$inst" "$group" | jq length
}

mode_set() {
	igmpsnoopctl -n "$sw" detach "$inst" 2>/dev/null || true
	if [[ -n $ovs_tmp ]]; then
		vsctl set Bridge br0 mcast_snooping_enable="$([[ $1 == ovs ]] && echo true || echo false)"
		# (An error while OVS's snooping is off.)
		appctl mdb/flush br0 >/dev/null 2>&1 || true
	fi
	[[ $1 != igmpsnoop ]] || igmpsnoopctl -n "$sw" attach "$inst" >/dev/null
	[[ $1 != flood ]] || return 0
	bench_learn 8 2
	wait_until 10 members_are "$1" 1
	sleep 1.2
}

for config in $configs; do
	modes="ovs igmpsnoop flood"
	[[ $config == ovs-dpctl ]] && modes="igmpsnoop flood"
	setup "$config"
	for r in $(bench_rounds); do
		for mode in $modes; do
			mode_set "$mode"
			pps=$(bench_member_rate "$mode" "$count")
			((r == 0)) || bench_record forward "$config" "$mode" 1 "$r" "$pps" pps
		done
	done
	test_cleanup
	inst=
done
echo PASS
