#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The STP state of a VLAN on a port (bridge vlan set ... state, as a
# user-space STP daemon sets it) and the switch's querier. The bridge's own
# per-VLAN querier sends no query out of a port whose VLAN is blocking or
# disabled there, and still does when it is learning; igmpsnoop's must
# keep that, whether the state was set before or after it started. Each
# case runs on the bridge with its own per-VLAN snooping and querier
# (mcast_vlan_snooping 1, the reference) and with igmpsnoop and its
# querier; both must print what the case expects.
#
#   $pfx-h1          $pfx-h2          $pfx-h3
#   access 10        access 10        trunk 10, 20
#   10.10.0.1        10.10.0.2        eth0.10, eth0.20
#      |                |                |
#    sw-p1            sw-p2            sw-p3
#   +------- br0 vlan_filtering 1, default PVID none -------+
#        br0.10 10.10.0.254        br0.20 10.20.0.254
#
# Cases (ALL_TESTS):
#   before      sw-p2's VLAN 10 set blocking before the querier starts
#               (igmpsnoop: before attach, so it reads the state whole):
#               h2 hears no query, h1 and h3 hear VLAN 10's
#   after       then sw-p3's VLAN 20 set blocking and sw-p1's VLAN 10
#               learning: h3 hears VLAN 10's queries and not VLAN 20's,
#               h1 still hears VLAN 10's
#
# igmpsnoop alone, after after: sw-p2 and sw-p3 forwarding again hear
# queries again (the bridge's querier stops a port's queries in a VLAN for
# good when it finds it blocking); sw-p2 set blocking, then taken out of
# the bridge and put back (the bridge drops its VLANs without telling)
# hears queries again in VLAN 10; and the same after detach and attach.
#
# vm: timeout 400

. "$(dirname "$0")/lib.sh"

ALL_TESTS="before after"
MODES=${MODES:-"bridge igmpsnoop"}
# shellcheck disable=SC2034 # read by compare_modes (lib.sh)
declare -A expect=(
	[before]="h1=yes h2=no h3_v10=yes h3_v20=yes"
	[after]="h1_learning=yes h3_v10=yes h3_v20=no"
)
declare -A got

tmp=$(mktemp -d)
test_cleanup() { rm -rf "$tmp"; }

# Which hosts heard the switch's queries in the last 5 s (2.5 query
# intervals): HOST:HANDLE... (vlan_counters: 2 is VLAN 10, 3 VLAN 20;
# access hosts get VLAN 10's untagged, 1).
heard() {
	local h
	for h in "$@"; do
		vdelta "${h%:*}" "${h#*:}" >/dev/null
	done
	sleep 5
	for h in "$@"; do
		printf '%s ' "${h%:*}:${h#*:}=$(seen "${h%:*}" "${h#*:}")"
	done | sed 's/ $//'
}
# The answer of heard for HOST:HANDLE.
said() { [[ " $1 " =~ \ $2=([a-z]+)\  ]] && echo "${BASH_REMATCH[1]}"; }

querier_start() {
	if [[ $mode == igmpsnoop ]]; then
		swctl attach br0
		swctl set br0 query-interval 2 query-response-interval 1 querier on
	else
		ipsw link set br0 type bridge mcast_snooping 1 mcast_vlan_snooping 1 \
			mcast_query_use_ifaddr 1
		for vid in 10 20; do
			nsw bridge vlan global set dev br0 vid "$vid" mcast_querier 1 \
				mcast_query_interval 200 mcast_query_response_interval 100 \
				mcast_startup_query_interval 50
		done
	fi
}

setup_mode() {
	setup_bridge 3
	ipsw link set br0 type bridge vlan_default_pvid 0
	ipsw link set br0 type bridge vlan_filtering 1
	nsw bridge vlan add dev sw-p1 vid 10 pvid untagged
	nsw bridge vlan add dev sw-p2 vid 10 pvid untagged
	for vid in 10 20; do
		nsw bridge vlan add dev sw-p3 vid "$vid"
		nsw bridge vlan add dev br0 vid "$vid" self
		ipsw link add link br0 name "br0.$vid" type vlan id "$vid"
		ipsw addr add "10.$vid.0.254/24" dev "br0.$vid"
		ipsw link set "br0.$vid" up
	done
	ip -n "$pfx-h1" addr add 10.10.0.1/24 dev eth0
	ip -n "$pfx-h2" addr add 10.10.0.2/24 dev eth0
	vlan_host 3 10 20
	vlan_counters
	rm -f "$tmp"/*
}

before() {
	nsw bridge vlan set dev sw-p2 vid 10 state blocking
	querier_start
	sleep 2		# the first queries
	r=$(heard 1:1 2:1 3:2 3:3)
	echo "h1=$(said "$r" 1:1) h2=$(said "$r" 2:1)" \
		"h3_v10=$(said "$r" 3:2) h3_v20=$(said "$r" 3:3)"
}

after() {
	nsw bridge vlan set dev sw-p3 vid 20 state blocking
	nsw bridge vlan set dev sw-p1 vid 10 state learning
	sleep 1
	r=$(heard 1:1 3:2 3:3)
	echo "h1_learning=$(said "$r" 1:1)" \
		"h3_v10=$(said "$r" 3:2) h3_v20=$(said "$r" 3:3)"
}

# igmpsnoop: what HOST:HANDLE... heard, as heard prints it, must be WANT.
expect_heard() {
	local want=$1 r
	shift
	r=$(heard "$@")
	echo "# heard: $r" >&2
	[[ $r == "$want" ]] || fail "heard '$r', expected '$want'"
}

for mode in $MODES; do
	echo "# $mode"
	setup_mode
	for t in $ALL_TESTS; do
		echo "# $mode: $t" >&2
		got[$mode,$t]=$("$t" | tr '\n' ' ' | sed 's/ *$//')
		echo "  $mode $t: ${got[$mode,$t]}"
	done
	if [[ $mode == igmpsnoop ]]; then
		nsw bridge vlan set dev sw-p2 vid 10 state forwarding
		nsw bridge vlan set dev sw-p3 vid 20 state forwarding
		expect_heard "2:1=yes 3:3=yes" 2:1 3:3
		# Out of the bridge and back: its VLANs start anew.
		nsw bridge vlan set dev sw-p2 vid 10 state blocking
		expect_heard "2:1=no" 2:1
		ipsw link set sw-p2 nomaster
		ipsw link set sw-p2 master br0
		nsw bridge vlan add dev sw-p2 vid 10 pvid untagged
		expect_heard "2:1=yes" 2:1
		# Read whole at attach: sw-p3's VLAN 10 blocking.
		swctl detach br0
		nsw bridge vlan set dev sw-p3 vid 10 state blocking
		querier_start
		sleep 2
		expect_heard "1:1=yes 3:2=no 3:3=yes" 1:1 3:2 3:3
	fi
	cleanup_namespaces
done

compare_modes "igmpsnoop's querier and VLAN states differ from the bridge's"
echo PASS
