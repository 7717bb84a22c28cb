#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 3600
#
# Figure "forward": the forwarding rate of one group with one member (p2)
# and one router port (p8, where the query came from) on an 8-port
# bridge. pktgen injects 64-byte frames to 239.1.1.1 into p1; the rate is
# what the member received per second of pktgen's run.
#
# Configurations of the bridge:
#   plain    nothing else
#   vlan     vlan_filtering 1 (every port untagged in VLAN 1)
#   nft      an nft bridge forward chain with a rule that accepts
#   locked   p7 is an 802.1X locked port (not the ingress port)
#   stp      kernel STP on (every port forwarding)
#   brnf     br_netfilter (bridge-nf-call-iptables 1) with an nft ip
#            forward chain with a rule that accepts, as on hosts whose
#            firewall filters bridged IPv4 (Docker, Kubernetes, Proxmox)
#   promisc  the bridge device promiscuous (a capture on it, a macvlan on
#            it): every frame goes up to the host too
#   vlan-promisc  vlan and promisc: every frame goes up too, untagged as
#            the bridge device's own entry for VLAN 1 says
# Modes, in each configuration:
#   bridge     the bridge's own IGMP snooping (mcast_snooping 1)
#   igmpsnoop  igmpsnoop attached (the bridge's snooping off)
# and in the plain one also:
#   flood      no snooping at all
#   unicast    unicast to p2 (an FDB entry): the ceiling
# Each run checks that the member got nine tenths of the frames or more
# and (but for flood) p3..p7 next to none.
#
#   pktgen -> p1 [ br0 ] p2 (member)  p3..p7  p8 (router: the querier)
#                        |            |       |
#                        q2           q3..q7  q8  (counted)

. "$(dirname "$0")/lib.sh"

count=$((quick ? 20000 : 200000))
configs=${CONFIGS:-plain vlan nft locked stp brnf promisc vlan-promisc}

# br_netfilter gives every namespace made while it is loaded
# bridge-nf-call-iptables 1: the brnf configuration unloads it again if it
# loaded it, lest the figures after it (this script's, or the next
# script's in the same VM) run through it. 1: it was loaded before.
brnf_loaded=
brnf_unload() {
	[[ $brnf_loaded != 0 ]] || modprobe -r br_netfilter
	brnf_loaded=
}

test_cleanup() { bench_teardown; brnf_unload 2>/dev/null || true; }

all_forwarding() {
	[[ $(in_sw bridge -j link show | jq '[.[] | select(.master == "br0" and
		.state != "forwarding")] | length') == 0 ]]
}

setup() {
	local options=()
	[[ $1 != vlan* ]] || options=(vlan_filtering 1)
	bench_bridge 8 "${options[@]}"
	in_sw bridge fdb add 02:00:00:00:00:02 dev p2 master static
	case $1 in
	nft)
		in_sw nft -f - <<-EOF
			table bridge bench {
				chain forward {
					type filter hook forward priority 0
					ip daddr $group accept
				}
			}
		EOF
		;;
	locked) in_sw bridge link set dev p7 locked on ;;
	promisc | vlan-promisc) in_sw ip link set br0 promisc on ;;
	stp)
		in_sw ip link set br0 type bridge forward_delay 200 stp_state 1
		wait_until 15 all_forwarding
		;;
	brnf)
		# The sysctl is the namespace's: it goes with $sw.
		brnf_loaded=0
		[[ ! -d /sys/module/br_netfilter ]] || brnf_loaded=1
		modprobe br_netfilter || fail "no br_netfilter"
		in_sw sysctl -qw net.bridge.bridge-nf-call-iptables=1
		in_sw nft -f - <<-EOF
			table ip bench {
				chain forward {
					type filter hook forward priority 0
					ip daddr $group accept
				}
			}
		EOF
		;;
	esac
}

for config in $configs; do
	modes="bridge igmpsnoop"
	[[ $config == plain ]] && modes="flood bridge igmpsnoop unicast"
	setup "$config"
	for r in $(bench_rounds); do
		for mode in $modes; do
			bench_mode "$mode" 8 2
			pps=$(bench_member_rate "$mode" "$count")
			((r == 0)) || bench_record forward "$config" "$mode" 1 "$r" "$pps" pps
		done
	done
	bench_teardown
	brnf_unload
done
echo PASS
