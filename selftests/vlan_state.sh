#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The STP state of a VLAN on a port (bridge vlan set ... state, as a
# user-space STP daemon sets it): the switch's querier, and data. The
# bridge's own per-VLAN querier sends no query out of a port whose VLAN is
# blocking or disabled there, and still does when it is learning; the
# bridge forwards no data in from or out to a port whose VLAN is not
# forwarding. igmpsnoop must keep both, whether the state was set before
# or after it started, and its fast path, which forwards VLAN data
# without the bridge's VLAN checks, must follow the states too. Each case
# runs on the bridge with its own per-VLAN snooping and querier
# (mcast_vlan_snooping 1, the reference; on Debian's 6.12 only,
# snoop_modes in lib.sh), with igmpsnoop and its querier, and so with its
# fast path off (igmpsnoop-slow); all must print what the case expects.
#
#   $pfx-h1        $pfx-h2        $pfx-h3           $pfx-h4
#   access 10      access 10      trunk 10, 20      trunk 10, 20
#   10.10.0.1      10.10.0.2      eth0.10, eth0.20  (source)
#      |              |              |                 |
#    sw-p1          sw-p2          sw-p3             sw-p4
#   +------------ br0 vlan_filtering 1, default PVID none ----------+
#        br0.10 10.10.0.254        br0.20 10.20.0.254
#
# Cases (ALL_TESTS):
#   before      sw-p2's VLAN 10 set blocking before the querier starts
#               (igmpsnoop: before attach, so it reads the state whole):
#               h2 hears no query, h1 and h3 hear VLAN 10's
#   data        239.1.1.1 joined by h1 (VLAN 10) and h3 (VLANs 10 and
#               20), sent by h4 in each VLAN: h1 gets VLAN 10's untagged,
#               h3 both tagged; with sw-p3's VLAN 20 blocking, h3 gets no
#               VLAN 20 data; with sw-p4's VLAN 10 learning, nobody gets
#               VLAN 10's; forwarding again, h1 and h3 do
#   after       then sw-p3's VLAN 20 (blocking since data) and sw-p1's
#               VLAN 10 set learning: h3 hears VLAN 10's queries and not
#               VLAN 20's, h1 still hears VLAN 10's
#
# igmpsnoop alone, after data: the data took the fast path; it does not
# while the bridge counts per VLAN (vlan_stats_enabled 1), so that the
# bridge counts it, nor while a port that wants it tunnels VLANs
# (vlan_tunnel on); and does again when they are off. A blocking VLAN
# stays blocking for it when a range of VLANs with it is changed (the
# bridge notifies the range with its first VLAN's state). The same with
# more members than the fast path's first walk keeps (ten dummy ports).
# After after: sw-p2 and sw-p3 forwarding again hear
# queries again (the bridge's querier stops a port's queries in a VLAN for
# good when it finds it blocking); sw-p2 set blocking, then taken out of
# the bridge and put back (the bridge drops its VLANs without telling)
# hears queries again in VLAN 10; and the same after detach and attach.
#
# vm: debug
# vm: timeout 400

. "$(dirname "$0")/lib.sh"

ALL_TESTS="before data after"
MODES=${MODES:-$(snoop_modes)}
# shellcheck disable=SC2034 # read by compare_modes (lib.sh)
declare -A expect=(
	[before]="h1=yes h2=no h3_v10=yes h3_v20=yes"
	[data]="h1=5 h3_v10=5 h3_v20=5 | egress_blocking: h3_v20=0 | ingress_learning: h1=0 h3_v10=0 | forwarding: h1=5 h3_v10=5"
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

# The table of this run's snooping: GROUP/VID/PORT, sorted, comma-separated.
table() { vlan_table; }
is_member() { [[ ,$(table), == *",$1/$2/$3,"* ]]; }

setup_mode() {
	vlan_bridge 10
	vlan_host 3 10 20
	vlan_host 4 10 20
	vlan_counters
	rm -f "$tmp"/*
}

before() {
	nsw bridge vlan set dev sw-p2 vid 10 state blocking
	vlan_snooping_start
	sleep 2		# the first queries
	r=$(heard 1:1 2:1 3:2 3:3)
	echo "h1=$(said "$r" 1:1) h2=$(said "$r" 2:1)" \
		"h3_v10=$(said "$r" 3:2) h3_v20=$(said "$r" 3:3)"
}

# Who got h4's 5 frames to 239.1.1.1 in VLAN VID (1: h1's untagged,
# 3_v10 and 3_v20: h3's tagged), as NAME=COUNT.
got_data() {
	local vid=$1 h
	shift
	vsend "$vid" 239.1.1.1
	sleep 0.5
	for h in "$@"; do
		case $h in
		1) printf 'h1=%s ' "$(vdelta 1 11)" ;;
		3_v10) printf 'h3_v10=%s ' "$(vdelta 3 12)" ;;
		3_v20) printf 'h3_v20=%s ' "$(vdelta 3 13)" ;;
		esac
	done
}

data() {
	vjoin 1 eth0 239.1.1.1
	vjoin 3 eth0.10 239.1.1.1
	vjoin 3 eth0.20 239.1.1.1
	wait_until 15 is_member 239.1.1.1 10 sw-p1
	wait_until 15 is_member 239.1.1.1 10 sw-p3
	wait_until 15 is_member 239.1.1.1 20 sw-p3
	vdelta 1 11 >/dev/null
	vdelta 3 12 >/dev/null
	vdelta 3 13 >/dev/null
	echo "$(got_data 10 1 3_v10)$(got_data 20 3_v20)|"
	# Within GMI (5 s) of the last reports: the memberships stay.
	nsw bridge vlan set dev sw-p3 vid 20 state blocking
	echo "egress_blocking: $(got_data 20 3_v20)|"
	nsw bridge vlan set dev sw-p4 vid 10 state learning
	echo "ingress_learning: $(got_data 10 1 3_v10)|"
	nsw bridge vlan set dev sw-p4 vid 10 state forwarding
	wait_until 10 is_member 239.1.1.1 10 sw-p1
	echo "forwarding: $(got_data 10 1 3_v10)"
}

# igmpsnoop's fast path in VLANs: taken, and not while the bridge counts
# per VLAN or a port that wants the frame tunnels VLANs.
vlan_fast_path() {
	local n
	n=$(vlan_fast_share)
	echo "# fast path: $n of 5" >&2
	((n >= 4)) || fail "VLAN 10's data took no fast path"
	# The bridge's VLAN counters count what went through the bridge.
	ipsw link set br0 type bridge vlan_stats_enabled 1
	n=$(vlan_fast_share)
	echo "# vlan_stats_enabled 1: fast path $n of 5" >&2
	((n == 0)) || fail "the fast path skipped the bridge's VLAN counters"
	ipsw link set br0 type bridge vlan_stats_enabled 0
	n=$(vlan_fast_share)
	((n >= 4)) || fail "no fast path after vlan_stats_enabled 0"
	nsw bridge link set dev sw-p3 vlan_tunnel on
	n=$(vlan_fast_share)
	echo "# vlan_tunnel on sw-p3: fast path $n of 5" >&2
	((n == 0)) || fail "the fast path sent to a port that tunnels VLANs"
	nsw bridge link set dev sw-p3 vlan_tunnel off
	n=$(vlan_fast_share)
	((n >= 4)) || fail "no fast path after vlan_tunnel off"
	vlan_range
	vlan_fast_many
}

# The bridge's older VLAN request (RTM_SETLINK, bridge vlan add) notifies
# a range of the VLANs it changed with the state of the first: sw-p3's
# VLANs 10 (forwarding) to 20 (blocking since data) made untagged. VLAN
# 20 must stay blocking for the fast path (igmpsnoop reads the states
# again): h3 gets none of VLAN 20's data, which would now come untagged.
# sw-p3 is made a member in VLAN 20 for good: blocking, it hears no query
# there.
vlan_range() {
	local before n got
	vcount_add 3 14 - ip_proto udp dst_ip 239.1.1.1
	swctl group add br0 239.1.1.1 port sw-p3 vlan 20 permanent
	nsw bridge vlan add dev sw-p3 vid 10-20 untagged
	sleep 1		# igmpsnoop's dump of the states
	before=$(inst_stat fwd_fast_path)
	vsend 20 239.1.1.1
	sleep 0.5
	got=$(vdelta 3 14)
	n=$(($(inst_stat fwd_fast_path) - before))
	echo "# VLANs 10-20 of sw-p3 made untagged: h3 got $got untagged," \
		"fast path $n of 5" >&2
	((n >= 4)) || fail "VLAN 20's data took no fast path after the range"
	((got == 0)) ||
		fail "the fast path sent to a port whose VLAN blocks, after a range"
	nsw bridge vlan add dev sw-p3 vid 10-20
	nsw bridge vlan del dev sw-p3 vid 11-19
	swctl group del br0 239.1.1.1 port sw-p3 vlan 20
}

# UDP to 239.1.1.1 that dummy port dI sent, for each I given, as dI=N (tc
# flower at egress, which counts and drops it).
dummies_tx() {
	local i
	for i in "$@"; do
		printf 'd%s=%s ' "$i" "$(counter "$sw" "d$i" 1 egress)"
	done
}

# h4's 5 frames to 239.1.1.1 in VLAN 10: who got how many (dummies dI=N,
# h1=N, h3=N), and how many took the fast path (fast=N).
many_got() {
	local before i d0 d1
	before=$(inst_stat fwd_fast_path)
	read -ra d0 <<< "$(dummies_tx {1..12})"
	vsend 10 239.1.1.1
	sleep 0.5
	read -ra d1 <<< "$(dummies_tx {1..12})"
	for i in "${!d1[@]}"; do
		printf '%s=%s ' "${d1[i]%=*}" $((${d1[i]#*=} - ${d0[i]#*=}))
	done
	echo "h1=$(vdelta 1 11) h3=$(vdelta 3 12)" \
		"fast=$(($(inst_stat fwd_fast_path) - before))"
}

# More ports want a frame in a VLAN than the fast path chooses in its one
# walk (8): h1, h3 and ten dummy ports in VLAN 10, permanent members, so
# the fast path walks the group again to send. Two dummy ports in VLAN
# 20, members there, get nothing of VLAN 10's. A port among the last that
# tunnels VLANs still keeps the frame on the bridge's path.
vlan_fast_many() {
	local i r want
	for i in $(seq 12); do
		echo "link add d$i type dummy"
		echo "link set d$i master br0"
		echo "link set d$i up"
	done | ip -n "$sw" -batch -
	for i in $(seq 12); do
		echo "qdisc add dev d$i clsact"
		echo "filter add dev d$i egress protocol ip pref 1 handle 1" \
			"flower dst_ip 239.1.1.1 ip_proto udp action drop"
	done | nsw tc -batch -
	for i in $(seq 12); do
		nsw bridge vlan add dev "d$i" vid $((i <= 10 ? 10 : 20)) pvid untagged
		swctl group add br0 239.1.1.1 port "d$i" \
			vlan $((i <= 10 ? 10 : 20)) permanent
	done
	want="d1=5 d2=5 d3=5 d4=5 d5=5 d6=5 d7=5 d8=5 d9=5 d10=5 d11=0 d12=0 h1=5 h3=5"
	r=$(many_got)
	echo "# 12 members in VLAN 10: $r" >&2
	[[ $r == "$want fast="[45] ]] || fail "12 members in VLAN 10: $r"
	nsw bridge link set dev d10 vlan_tunnel on
	r=$(many_got)
	echo "# vlan_tunnel on d10: $r" >&2
	[[ $r == "$want fast=0" ]] ||
		fail "the fast path sent to 12 members, one tunneling VLANs: $r"
	for i in $(seq 12); do
		echo "link del d$i"
	done | ip -n "$sw" -batch -
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
		run_case "$t"
		[[ $t == data && $mode == igmpsnoop ]] && vlan_fast_path
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
		vlan_snooping_start
		sleep 2
		expect_heard "1:1=yes 3:2=no 3:3=yes" 1:1 3:2 3:3
	fi
	cleanup_namespaces
done

compare_modes "igmpsnoop's querier and VLAN states differ from the bridge's"
echo PASS
