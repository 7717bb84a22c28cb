#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-VLAN snooping on Open vSwitch under ovs-vswitchd: access ports
# (tag=N) and trunks (trunks=, or all VLANs), whose VLANs igmpsnoopctl's
# attach ovs-bridge reads from OVS's database. The compared cases run
# twice in the same topology: with OVS's own snooping
# (mcast_snooping_enable, which is per VLAN: the reference), and with
# igmpsnoop and its querier. Both must print what the case expects.
#
#   $pfx-h1      $pfx-h2      $pfx-h3          $pfx-h4            $pfx-h6
#   access 10    access 20    trunk 10, 20     trunk (all VLANs)  trunk 10,
#                                                                 native 20
#   10.10.0.1    10.20.0.2    eth0.10, eth0.20 eth0.10, eth0.20,  eth0.10,
#                                              eth0               eth0 (20)
#      |            |         (members)        (source)              |
#     p1 tag=10    p2 tag=20  p3 trunks=10,20  p4       p6 vlan_mode=native-
#      |            |            |              |       untagged tag=20 trunks=10
#   +------------- s1 (NORMAL), in $pfx-sw with ovs-vswitchd ----------------+
#
# Cases (ALL_TESTS), compared:
#   membership  memberships are per VLAN; data sent in VLAN 10 reaches
#               the VLAN 10 member only, not the trunk port that joined
#               the group in VLAN 20 alone; and the other way round
#   leave       a trunk port that leaves a group in VLAN 20 keeps its
#               VLAN 10 membership of the same group, and its data
#   native      p6, a trunk of VLAN 10 with the native VLAN 20 untagged:
#               its untagged joins are in VLAN 20, its tagged ones in VLAN
#               10; each group's data reaches it in that VLAN alone, VLAN
#               20's untagged (h3 joins each group in the other VLAN)
# igmpsnoop alone:
#   after setup: attach ovs-bridge gave each port its VLANs (port show),
#               p6 its native VLAN, and each VLAN its querier (show)
#   queries     our queries: untagged on each access port, tagged 10 and
#               20 on the trunks, untagged (VLAN 0) on the trunk of all
#               VLANs only; on p6 VLAN 10's tagged, VLAN 20's untagged
#   survive     memberships in both VLANs outlive 3 x GMI: the hosts of
#               each VLAN answer its queries
#   static      a static group on an access port is in its VLAN, and a
#               trunk's in the VLAN given (a trunk has no default, and a
#               VLAN the port is not in is refused)
#   router_vlan p3 a router port of VLAN 20 alone (port set s1 p3 vlan 20
#               router on): it gets unregistered data sent in VLAN 20, not
#               that sent in VLAN 10
#   native_tagged p6 made native-tagged (port set s1 p6 trunk 10
#               native-tagged 20): VLAN 20's queries go out of it tagged, a
#               static group given no VLAN is in VLAN 20; a
#               native VLAN without a trunk is refused; p6 a native-untagged
#               trunk of all VLANs: VLAN 20's queries go out of it
#               untagged, VLAN 0's not
#   port_gone   p5, an access port of VLAN 30 (port add, access-vlan 30),
#               gives VLAN 30 a querier; deleted from OVS, the port and
#               the querier go
#   vlans_gone  p3 a trunk of VLAN 10 alone, p2 moved to VLAN 10 (as
#               `ovs-vsctl set Port` and `port set ... trunk|access-vlan`):
#               VLAN 20's querier and memberships go (p2's host may join
#               again, in VLAN 10); a port given an
#               access VLAN and a trunk at once is refused, and so are a
#               port's VLANs given as one VLAN's setting
#
# vm: timeout 600

. "$(dirname "$0")/lib.sh"

ALL_TESTS=${TESTS:-"membership leave native"}
MODES=${MODES:-"ovs igmpsnoop"}
# shellcheck disable=SC2034 # read by compare_modes (lib.sh)
declare -A expect=(
	[membership]="table=239.1.1.1/10/p1,239.1.1.1/20/p3,239.1.1.2/20/p2 v10: h1=5 h3=0 | v20: h1=0 h2=0 h3=5"
	[leave]="v10=yes v20=no h3_v10=5"
	[native]="table=239.1.1.90/10/p3,239.1.1.90/20/p6,239.1.1.91/10/p6,239.1.1.91/20/p3 h6: 90_untagged=5 90_v10=0 91_untagged=0 91_v10=5"
)
declare -A got

# The table of this run's snooping: GROUP/VID/PORT, sorted, comma-separated.
table() {
	if [[ $mode == igmpsnoop ]]; then
		igmpsnoop_table s1
		return
	fi
	# OVS's mdb/show names ports by OpenFlow port number.
	local -A name
	local p n g
	for p in p1 p2 p3 p4 p6; do
		n=$(vsctl get Interface "$p" ofport 2>/dev/null)
		name[$n]=$p
	done
	ip netns exec "$sw" ovs-appctl --timeout=20 \
		-t "$ovs_tmp/ovs-vswitchd.$(cat "$ovs_tmp/vswitchd.pid").ctl" mdb/show s1 |
		while read -r p n g _; do
			if [[ $g == 239.* ]]; then
				echo "$g/$n/${name[$p]}"
			fi
		done | sort | paste -sd,
}
is_member() { [[ ,$(table), == *",$1/$2/$3,"* ]]; }
not_member() { ! is_member "$@"; }

setup_mode() {
	local h
	ip netns add "$sw"
	ipsw link set lo up
	ovs_start
	vsctl add-br s1
	for h in 1 2 3 4 6; do
		ip netns add "$pfx-h$h"
		ipsw link add "p$h" type veth peer name eth0 netns "$pfx-h$h"
		ip -n "$pfx-h$h" link set eth0 up
		ip -n "$pfx-h$h" link set lo up
		ipsw link set "p$h" up
	done
	vsctl add-port s1 p1 tag=10
	vsctl add-port s1 p2 tag=20
	vsctl add-port s1 p3 trunks=10,20
	vsctl add-port s1 p4
	vsctl add-port s1 p6 vlan_mode=native-untagged tag=20 trunks=10
	ip -n "$pfx-h1" addr add 10.10.0.1/24 dev eth0
	ip -n "$pfx-h2" addr add 10.20.0.2/24 dev eth0
	ip -n "$pfx-h4" addr add 192.0.2.4/24 dev eth0
	ip -n "$pfx-h6" addr add 10.20.0.6/24 dev eth0
	for h in 1 2 4; do
		ip netns exec "$pfx-h$h" sysctl -qw net.ipv4.conf.all.force_igmp_version=2 \
			net.ipv4.conf.eth0.force_igmp_version=2
	done
	vlan_host 3 10 20
	vlan_host 4 10 20
	vlan_host 6 10
	if [[ $mode == igmpsnoop ]]; then
		# GMI = 2 x 2 + 1 = 5 s, LMQT 1 s.
		swctl attach ovs-system name s1 ovs-bridge s1
		swctl set s1 query-interval 2 query-response-interval 1 \
			last-member-interval 0.5 querier on querier-address 192.0.2.200
	else
		vsctl set Bridge s1 mcast_snooping_enable=true
	fi
	vlan_counters 4 6
	vjoin 1 eth0 239.1.1.1
	vjoin 2 eth0 239.1.1.2
	vjoin 3 eth0.20 239.1.1.1
	wait_until 15 is_member 239.1.1.1 10 p1
	wait_until 15 is_member 239.1.1.2 20 p2
	wait_until 15 is_member 239.1.1.1 20 p3
	rm -f "$tmp"/*
}

membership() { vlan_membership; }

leave() {
	vjoin 3 eth0.10 239.1.1.1
	wait_until 10 is_member 239.1.1.1 10 p3
	vleave 3 eth0.20 239.1.1.1
	poll 5 not_member 239.1.1.1 20 p3 || true
	echo "v10=$(yes_no is_member 239.1.1.1 10 p3)" \
		"v20=$(yes_no is_member 239.1.1.1 20 p3)"
	vdelta 3 12 >/dev/null
	vsend 10 239.1.1.1
	sleep 0.5
	echo "h3_v10=$(vdelta 3 12)"
}

# A trunk with a native VLAN: its untagged frames are in that VLAN.
native() {
	vcount_add 6 20 - ip_proto udp dst_ip 239.1.1.90
	vcount_add 6 21 10 ip_proto udp dst_ip 239.1.1.90
	vcount_add 6 22 - ip_proto udp dst_ip 239.1.1.91
	vcount_add 6 23 10 ip_proto udp dst_ip 239.1.1.91
	vjoin 6 eth0 239.1.1.90
	vjoin 6 eth0.10 239.1.1.91
	vjoin 3 eth0.10 239.1.1.90
	vjoin 3 eth0.20 239.1.1.91
	wait_until 15 is_member 239.1.1.90 20 p6
	wait_until 15 is_member 239.1.1.91 10 p6
	wait_until 15 is_member 239.1.1.90 10 p3
	wait_until 15 is_member 239.1.1.91 20 p3
	echo "table=$(table | tr , '\n' | grep '^239.1.1.9' | paste -sd,)"
	vsend 10 239.1.1.90
	vsend 20 239.1.1.90
	vsend 10 239.1.1.91
	vsend 20 239.1.1.91
	sleep 0.5
	echo "h6: 90_untagged=$(vdelta 6 20) 90_v10=$(vdelta 6 21)" \
		"91_untagged=$(vdelta 6 22) 91_v10=$(vdelta 6 23)"
	vleave 6 eth0 239.1.1.90
	vleave 6 eth0.10 239.1.1.91
	vleave 3 eth0.10 239.1.1.90
	vleave 3 eth0.20 239.1.1.91
}

# What attach ovs-bridge gave the ports and VLANs.
check_attach() {
	swctl -j port show s1 | expect_json '[.[] |
		"\(.port)=\(.access_vlan // .trunk)"] | sort ==
		["p1=10", "p2=20", "p3=10,20", "p4=all", "p6=10"]'
	[[ $(swctl port show s1) == *" port p3 "*" trunk 10,20"* ]] ||
		fail "port show does not say p3's VLANs"
	swctl -j port show s1 | expect_json '.[] | select(.port == "p6") |
		.native_vlan == 20 and .native_untagged'
	[[ $(swctl port show s1) == *" port p6 "*" trunk 10 native-untagged 20"* ]] ||
		fail "port show does not say p6's native VLAN"
	wait_until 10 json_true '.[0].mode == "snooping" and .[0].querier.self and
		([.[0].vlans[] | "\(.vid)=\(.querier.self)"] == ["10=true", "20=true"])' \
		swctl -j show s1
}

# Where our general queries go.
queries() {
	local h
	rm -f "$tmp"/*
	for h in 1 2 3 4 6; do
		vdelta "$h" 1 >/dev/null
		vdelta "$h" 2 >/dev/null
		vdelta "$h" 3 >/dev/null
	done
	sleep 5		# two query intervals or more
	echo "h1_untagged=$(seen 1 1) h1_v10=$(seen 1 2) h1_v20=$(seen 1 3)" \
		"h2_untagged=$(seen 2 1) h2_v10=$(seen 2 2) h2_v20=$(seen 2 3)" \
		"h3_untagged=$(seen 3 1) h3_v10=$(seen 3 2) h3_v20=$(seen 3 3)" \
		"h4_untagged=$(seen 4 1) h4_v10=$(seen 4 2) h4_v20=$(seen 4 3)" \
		"h6_untagged=$(seen 6 1) h6_v10=$(seen 6 2) h6_v20=$(seen 6 3)"
}

# p6's native VLAN sent tagged; then p6 a plain trunk of VLAN 10, as OVS's.
native_tagged() {
	expect_fail "A native VLAN is a trunk's" swctl port set s1 p6 native-untagged 20
	expect_fail "A native VLAN is a trunk's" \
		swctl port set s1 p6 access-vlan 10 native-tagged 20
	vsctl set Port p6 vlan_mode=native-tagged
	swctl port set s1 p6 trunk 10 native-tagged 20
	[[ $(swctl port show s1) == *" port p6 "*" trunk 10 native-tagged 20"* ]] ||
		fail "port show does not say p6 is native-tagged"
	# A static group on it is in its native VLAN unless told another.
	swctl group add s1 239.1.1.95 port p6 permanent
	swctl group add s1 239.1.1.95 port p6 vlan 10 permanent
	is_member 239.1.1.95 20 p6 || fail "p6's static group is not in VLAN 20: $(table)"
	is_member 239.1.1.95 10 p6 || fail "p6's static group is not in VLAN 10: $(table)"
	swctl group del s1 239.1.1.95 port p6
	swctl group del s1 239.1.1.95 port p6 vlan 10
	vdelta 6 1 >/dev/null
	vdelta 6 3 >/dev/null
	sleep 5		# two query intervals or more
	local q="h6_untagged=$(seen 6 1) h6_v20=$(seen 6 3)"
	[[ $q == "h6_untagged=no h6_v20=yes" ]] ||
		fail "VLAN 20's queries did not go out of p6 tagged: $q"
	# A native trunk of all VLANs: its untagged frames are VLAN 20's, so
	# VLAN 0's queries (from the instance's address) stay off it and
	# VLAN 20's (from VLAN 20's own) go out of it untagged.
	swctl set s1 vlan 20 querier-address 10.20.0.254
	vcount_add 6 24 - ip_proto 2 dst_ip 224.0.0.1 src_ip 192.0.2.200
	vcount_add 6 25 - ip_proto 2 dst_ip 224.0.0.1 src_ip 10.20.0.254
	vsctl set Port p6 vlan_mode=native-untagged trunks=[]
	swctl port set s1 p6 trunk all native-untagged 20
	vdelta 6 24 >/dev/null
	vdelta 6 25 >/dev/null
	sleep 5
	q="v0=$(seen 6 24) v20=$(seen 6 25)"
	[[ $q == "v0=no v20=yes" ]] ||
		fail "queries out of a native-untagged trunk of all VLANs: $q"
	swctl set s1 vlan 20 querier-address auto
	vsctl set Port p6 vlan_mode=trunk tag=[] trunks=10
	swctl port set s1 p6 trunk 10
}

# Static groups in an OVS port's VLANs.
static() {
	swctl group add s1 239.1.1.60 port p1 permanent
	swctl group add s1 239.1.1.60 port p3 vlan 20 permanent
	expect_fail "not in this VLAN \(port set PORT access-vlan\|trunk\)" \
		swctl group add s1 239.1.1.61 port p1 vlan 20
	expect_fail "give the vlan" swctl group add s1 239.1.1.61 port p3
	is_member 239.1.1.60 10 p1 || fail "p1's static group is not in its VLAN: $(table)"
	is_member 239.1.1.60 20 p3 || fail "p3's static group is not in VLAN 20: $(table)"
	swctl group del s1 239.1.1.60 port p1
	swctl group del s1 239.1.1.60 port p3 vlan 20
}

# A router port of one VLAN: unregistered data (policy routers) reaches it
# in that VLAN alone.
router_vlan() {
	vcount_add 3 16 10 ip_proto udp dst_ip 239.1.1.70
	vcount_add 3 17 20 ip_proto udp dst_ip 239.1.1.70
	swctl port set s1 p3 vlan 20 router on
	swctl -j port show s1 | expect_json '.[] | select(.port == "p3") |
		[.vlans[] | "\(.vid)=\(.router)/\(.is_router)"] == ["20=on/true"]'
	vsend 10 239.1.1.70
	vsend 20 239.1.1.70
	sleep 0.5
	local got="v10=$(vdelta 3 16) v20=$(vdelta 3 17)"
	[[ $got == "v10=0 v20=5" ]] || fail "p3, router of VLAN 20: $got"
	swctl port set s1 p3 vlan 20 router default
	vsend 20 239.1.1.70
	sleep 0.5
	[[ $(vdelta 3 17) == 0 ]] || fail "p3 is still a router of VLAN 20"
}

# A datapath port deleted takes its VLAN's querier with it.
port_gone() {
	ipsw link add p5 type veth peer name p5b
	ipsw link set p5 up
	ipsw link set p5b up
	vsctl add-port s1 p5 tag=30
	swctl port add s1 p5
	swctl port set s1 p5 access-vlan 30
	wait_until 10 json_true '[.[0].vlans[] | "\(.vid)=\(.querier.self)"] ==
		["10=true", "20=true", "30=true"]' igmpsnoopctl -n "$sw" -j show s1
	vsctl del-port s1 p5
	wait_until 10 json_true '[.[0].vlans[].vid] == [10, 20] and
		all(.[0].ports[]; . != "p5")' igmpsnoopctl -n "$sw" -j show s1
	ipsw link del p5
}

# A port's VLANs changed, as OVS's and as igmpsnoop's.
vlans_gone() {
	expect_fail "give one of access-vlan and trunk" \
		swctl port set s1 p1 access-vlan 10 trunk all
	expect_fail "leave out the vlan" swctl port set s1 p3 vlan 10 trunk all
	vsctl set Port p3 trunks=10
	swctl port set s1 p3 trunk 10
	vsctl set Port p2 tag=10
	swctl port set s1 p2 access-vlan 10
	swctl -j show s1 | expect_json '[.[0].vlans[].vid] == [10]'
	# h2 may have joined its group again in VLAN 10 since.
	echo "table=$(table | tr , '\n' | grep -v '^239.1.1.2/10/p2$' | paste -sd,)"
}

tmp=$(mktemp -d)
test_cleanup() { rm -rf "$tmp"; }

for mode in $MODES; do
	echo "# $mode"
	setup_mode
	[[ $mode != igmpsnoop ]] || check_attach
	for t in $ALL_TESTS; do
		run_case "$t"
	done
	if [[ $mode == igmpsnoop ]]; then
		q=$(queries)
		echo "  queries: $q"
		[[ $q == "h1_untagged=yes h1_v10=no h1_v20=no h2_untagged=yes h2_v10=no h2_v20=no h3_untagged=no h3_v10=yes h3_v20=yes h4_untagged=yes h4_v10=yes h4_v20=yes h6_untagged=yes h6_v10=yes h6_v20=no" ]] ||
			fail "queries went elsewhere than each port's VLANs: $q"
		echo "# memberships in both VLANs outlive 3 x GMI (5 s)"
		vjoin 3 eth0.20 239.1.1.1
		wait_until 10 is_member 239.1.1.1 20 p3
		sleep 16
		[[ $(table) == "239.1.1.1/10/p1,239.1.1.1/10/p3,239.1.1.1/20/p3,239.1.1.2/20/p2" ]] ||
			fail "memberships did not survive: $(table)"
		static
		router_vlan
		native_tagged
		port_gone
		t=$(vlans_gone | tail -1)
		[[ $t == "table=239.1.1.1/10/p1,239.1.1.1/10/p3" ]] ||
			fail "VLAN 20's memberships outlived it: $t"
	fi
	cleanup_namespaces
	ovs_stop
done

compare_modes "per-VLAN snooping on OVS differs from OVS's own"
