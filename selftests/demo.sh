#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The seed tutorial (Ryu's IGMP snooping chapter, Mininet linear,2,3) on
# two Linux bridges with igmpsnoop: `make demo` runs it, and so does the
# suite. s1 is the querier (IGMPv2, from its address 10.0.0.254), s2 only
# snoops; hosts speak IGMPv2; h2s1 is the multicast source.
#
# With SWITCH=ovs (ovs_demo.sh, `make demo SWITCH=ovs`) s1 and s2 are
# Open vSwitch bridges with the NORMAL action, as in the Mininet run
# (--switch ovsk), under ovsdb-server and ovs-vswitchd in one namespace:
# both bridges share the kernel datapath ovs-system, and each has its own
# igmpsnoop instance, attached with "ovs-bridge s1" and "ovs-bridge s2".
#
#   h1s1 h2s1 h3s1              h1s2 h2s2 h3s2
#     |    |    |                 |    |    |
#    p1   p2   p3                p1   p2   p3
#   +-------- s1 --------+ p4--p4 +-------- s2 --------+
#     (igmpsnoop, querier)           (igmpsnoop)
#
# After each step h2s1 sends 5 packets to each group; the demo prints who
# received them next to who should have, both group tables, and the
# events igmpsnoopctl monitor reported meanwhile. It fails on any
# difference in a delivery, or in a table that did not reach the
# tutorial's within 10 s.
#
# With DEMO_VLANS=1 (demo_vlan.sh, ovs_demo_vlan.sh, `make demo VLANS=1`)
# the tutorial is split across two VLANs on VLAN-aware switches (bridges
# with vlan_filtering 1; OVS ports with tag= and trunks=): the h1 hosts and
# h2s2 are in VLAN 10, the h3 hosts in VLAN 20, on access ports; the source
# h2s1 is on a trunk of both, and so is the link p4--p4. h2s1 sends each
# group in each VLAN (5 packets each): a receiver must get the 5 of its own
# VLAN and none of the other's, so the receivers are the tutorial's. The
# tables are per VLAN (PORT/VID). s1's querier queries each VLAN from
# 10.0.0.254 (on the bridge, the address of its VLAN devices s1.10 and
# s1.20), and s2 learns s1 as each VLAN's querier.

. "$(dirname "$0")/lib.sh"

hosts=(h1s1 h1s2 h2s1 h2s2 h3s1 h3s2)
groups=(225.0.0.1 225.0.0.2)
vlans=$([[ ${DEMO_VLANS:-0} == 1 ]] && echo true || echo false)
# A host's VLAN in the VLAN split: an access port's VLAN, or "trunk".
vlan_of() {
	case $1 in
	h2s1) echo trunk ;;
	h3*) echo 20 ;;
	*) echo 10 ;;
	esac
}
tmp=$(mktemp -d)
test_cleanup() {
	kill $(jobs -p) 2>/dev/null
	rm -rf "$tmp"
}
failed=0
ns() { echo "$pfx-$1"; }
# The namespace of switch S: its own, or with OVS the one of ovs-vswitchd.
if is_ovs; then
	swns() { echo "$sw"; }
else
	swns() { ns "$1"; }
fi
# Makes PORT a port of switch S, and up; in the VLAN split, an access port
# of VLAN (10 or 20) or a trunk of both (VLAN "trunk").
#   swport S PORT [VLAN]
swport() {
	local opt=() vid
	if is_ovs; then
		case ${3:-} in
		'') ;;
		trunk) opt=(trunks=10,20) ;;
		*) opt=("tag=$3") ;;
		esac
		vsctl add-port "$1" "$2" "${opt[@]}"
		ip -n "$sw" link set "$2" up
		return
	fi
	ip -n "$(swns "$1")" link set "$2" master "$1" up
	case ${3:-} in
	'') ;;
	trunk)
		for vid in 10 20; do
			ip netns exec "$(swns "$1")" bridge vlan add dev "$2" vid "$vid"
		done
		;;
	*) ip netns exec "$(swns "$1")" bridge vlan add dev "$2" vid "$3" pvid untagged ;;
	esac
}

# Mininet's addresses: h1s1 10.0.0.1, h1s2 .2, h2s1 .3, h2s2 .4, ...
addr=1
if is_ovs; then
	ip netns add "$sw"
	ip -n "$sw" link set lo up
	ovs_start
	vsctl add-br s1
	vsctl add-br s2
else
	for s in s1 s2; do
		ip netns add "$(swns "$s")"
		ip -n "$(swns "$s")" link set lo up
		if $vlans; then
			ip -n "$(swns "$s")" link add "$s" type bridge mcast_snooping 0 \
				vlan_filtering 1 vlan_default_pvid 0
		else
			ip -n "$(swns "$s")" link add "$s" type bridge mcast_snooping 0
		fi
	done
fi
for h in 1 2 3; do
	for s in s1 s2; do
		host=h$h$s
		ip netns add "$(ns "$host")"
		ip -n "$(swns "$s")" link add "$s-eth$h" type veth peer name "$host-eth0" \
			netns "$(ns "$host")"
		swport "$s" "$s-eth$h" "$($vlans && vlan_of "$host")"
		ip -n "$(ns "$host")" link set lo up
		ip -n "$(ns "$host")" link set "$host-eth0" up
		ip -n "$(ns "$host")" addr add "10.0.0.$addr/8" dev "$host-eth0"
		ip netns exec "$(ns "$host")" sysctl -qw net.ipv4.conf.all.force_igmp_version=2 \
			"net.ipv4.conf.$host-eth0.force_igmp_version=2"
		addr=$((addr + 1))
	done
done
ip -n "$(swns s1)" link add s1-eth4 type veth peer name s2-eth4 netns "$(swns s2)"
swport s1 s1-eth4 "$($vlans && echo trunk)"
swport s2 s2-eth4 "$($vlans && echo trunk)"
ip -n "$(swns s1)" link set s1 up
if $vlans && ! is_ovs; then
	# s1's querier queries each VLAN from the address of s1's device in it.
	for vid in 10 20; do
		ip netns exec "$(swns s1)" bridge vlan add dev s1 vid "$vid" self
		ip -n "$(swns s1)" link add link s1 name "s1.$vid" type vlan id "$vid"
		ip -n "$(swns s1)" addr add 10.0.0.254/8 dev "s1.$vid"
		ip -n "$(swns s1)" link set "s1.$vid" up
	done
else
	ip -n "$(swns s1)" addr add 10.0.0.254/8 dev s1
fi
ip -n "$(swns s2)" link set s2 up

# Receive counters: rule 1 counts 225.0.0.1, rule 2 225.0.0.2 (and drops).
for host in "${hosts[@]}"; do
	[[ $host == h2s1 ]] && continue
	counter_add "$(ns "$host")" "$host-eth0" 1 dst_ip 225.0.0.1 ip_proto udp
	counter_add "$(ns "$host")" "$host-eth0" 2 dst_ip 225.0.0.2 ip_proto udp
done

echo "== igmpsnoop on s1 (querier, IGMPv2) and s2 (snooping only)"
# One monitor per namespace; with OVS both instances share one.
igmpsnoopctl -n "$(swns s1)" monitor > "$tmp/s1.events" &
if is_ovs; then
	ln -s s1.events "$tmp/s2.events"
else
	igmpsnoopctl -n "$(swns s2)" monitor > "$tmp/s2.events" &
fi
sleep 1
if is_ovs; then
	# An instance per OVS bridge, its ports resolved with ovs-vsctl; the
	# querier's address is s1's, as the datapath device has none.
	igmpsnoopctl -n "$sw" attach ovs-system ovs-bridge s1
	igmpsnoopctl -n "$sw" attach ovs-system ovs-bridge s2
	igmpsnoopctl -n "$sw" set s1 querier-address 10.0.0.254
else
	igmpsnoopctl -n "$(swns s1)" attach s1
	igmpsnoopctl -n "$(swns s2)" attach s2
fi
igmpsnoopctl -n "$(swns s1)" set s1 querier on version 2 query-response-interval 1 \
	last-member-interval 0.5
if $vlans; then
	# Each VLAN has its querier: s1 itself, from 10.0.0.254, and s2 hears
	# it on its trunk.
	wait_until 10 json_true '[.[0].vlans[] |
		"\(.vid)=\(.mode)/\(.querier.self)/\(.querier.address)"] ==
		["10=snooping/true/10.0.0.254", "20=snooping/true/10.0.0.254"]' \
		igmpsnoopctl -n "$(swns s1)" -j show s1
	wait_until 10 json_true '[.[0].vlans[] | "\(.vid)=\(.mode)/\(.querier.port)"] ==
		["10=snooping/s2-eth4", "20=snooping/s2-eth4"]' \
		igmpsnoopctl -n "$(swns s2)" -j show s2
else
	wait_until 10 json_true '.[0].mode == "snooping" and .[0].querier.self' \
		igmpsnoopctl -n "$(swns s1)" -j show s1
	wait_until 10 json_true '.[0].mode == "snooping" and .[0].querier.port == "s2-eth4"' \
		igmpsnoopctl -n "$(swns s2)" -j show s2
fi
igmpsnoopctl -n "$(swns s1)" show s1
igmpsnoopctl -n "$(swns s2)" show s2
for s in s1 s2; do
	igmpsnoopctl -n "$(swns "$s")" -j show "$s" | jq -e --arg s "$s" \
		'.[0].name == $s and (.[0].ports | sort) == ([1, 2, 3, 4] | map("\($s)-eth\(.)"))' \
		>/dev/null || fail "instance $s does not have exactly the ports of $s"
done

declare -A seen=([s1]=0 [s2]=0)
print_events() {
	local s line n
	for s in s1 s2; do
		n=0
		while IFS= read -r line; do
			n=$((n + 1))
			# With OVS the one monitor reports both instances.
			[[ "$line " == *" dev $s "* || "$line " == *" instance $s "* ]] || continue
			((n > seen[$s])) && echo "     [$s] $line"
		done < "$tmp/$s.events"
		seen[$s]=$n
	done
}

# A member as the demo prints it: its port, and in the VLAN split PORT/VID.
member_jq='if $vlans then "\(.port)/\(.vid)" else .port end'

# The member ports of GROUP on switch S, sorted, space-separated.
members() {
	igmpsnoopctl -n "$(swns "$1")" -j group show "$1" |
		jq -r --argjson vlans "$vlans" --arg g "$2" \
			"[.[] | select(.group == \$g) | $member_jq] | sort | join(\" \")"
}

# Waits until switch S's ports for GROUP are PORTS ("" for none), for 10 s
# at most; a table that did not get there is a failure of the step.
settle() {
	local deadline=$((SECONDS + 10)) got
	until [[ $(members "$1" "$2") == "$3" ]]; do
		if ((SECONDS >= deadline)); then
			got=$(members "$1" "$2")
			printf '   %s table of %s: %-24s expected: %-24s WRONG\n' \
				"$1" "$2" "${got:-(none)}" "${3:-(none)}"
			failed=$((failed + 1))
			return 0
		fi
		sleep 0.2
	done
}

# Reads every host's two counters into cur[HOST.RULE]: one tc call a host,
# read with builtins (tc_counts).
declare -A cur prev
snapshot() {
	local host a b
	for host in "${hosts[@]}"; do
		[[ $host == h2s1 ]] && continue
		read -r a b <<< "$(tc_counts "$(ns "$host")" "$host-eth0" ingress 1 2)"
		cur[$host.1]=$a
		cur[$host.2]=$b
	done
}
# One step: the action, then the tables both switches must reach, then
# the expected receivers of each group.
#   step TITLE ACTION S1_G1 S1_G2 S2_G1 S2_G2 RECV_G1 RECV_G2
step() {
	local title=$1 action=$2 i g host got want n verdict
	echo
	echo "== $title"
	eval "$action"
	settle s1 225.0.0.1 "$3"
	settle s1 225.0.0.2 "$4"
	settle s2 225.0.0.1 "$5"
	settle s2 225.0.0.2 "$6"
	for g in "${groups[@]}"; do
		for vid in $($vlans && echo 10 20 || echo 0); do
			tag=()
			((vid)) && tag=(-Q "$vid")
			ip netns exec "$(ns h2s1)" mausezahn h2s1-eth0 -q -c 5 -d 1msec "${tag[@]}" \
				-b "01:00:5e:00:00:0${g##*.}" -A 10.0.0.3 -B "$g" \
				-t udp "dp=5000,sp=5000" 2>/dev/null
		done
	done
	sleep 0.3
	snapshot
	for i in 1 2; do
		g=${groups[i - 1]}
		want=$([[ $i == 1 ]] && echo "$7" || echo "$8")
		got=
		for host in "${hosts[@]}"; do
			[[ $host == h2s1 ]] && continue
			n=$((cur[$host.$i] - prev[$host.$i]))
			((n == 0)) && continue
			((n == 5)) || host="$host($n/5)"
			got="${got:+$got }$host"
		done
		verdict=ok
		if [[ $got != "$want" ]]; then
			verdict=WRONG
			failed=$((failed + 1))
		fi
		printf '   %s from h2s1 -> received by: %-16s expected: %-16s %s\n' \
			"$g" "${got:-(none)}" "${want:-(none)}" "$verdict"
	done
	for s in s1 s2; do
		printf '   %s groups:' "$s"
		igmpsnoopctl -n "$(swns "$s")" -j group show "$s" |
			jq -r --argjson vlans "$vlans" 'group_by(.group) |
				map("\(.[0].group) [\(map('"$member_jq"') | sort | join(" "))]") |
				if length == 0 then " (none)" else " " + join(", ") end'
	done
	for host in "${!cur[@]}"; do
		prev[$host]=${cur[$host]}
	done
	echo "   events:"
	print_events
}

snapshot
for host in "${!cur[@]}"; do
	prev[$host]=${cur[$host]}
done

join_group() { ip -n "$(ns "$1")" addr add "$2/32" dev "$1-eth0" autojoin; }
leave_group() { ip -n "$(ns "$1")" addr del "$2/32" dev "$1-eth0"; }

if $vlans; then
	# The tutorial's receivers, each in its VLAN; s1's trunk p4 is a
	# member in each VLAN a host behind s2 joined in.
	step "h1s2 joins 225.0.0.1 (VLAN 10)" "join_group h1s2 225.0.0.1" \
		"s1-eth4/10" "" "s2-eth1/10" "" "h1s2" ""
	step "h3s2 joins 225.0.0.1 (VLAN 20)" "join_group h3s2 225.0.0.1" \
		"s1-eth4/10 s1-eth4/20" "" "s2-eth1/10 s2-eth3/20" "" "h1s2 h3s2" ""
	step "h2s2 joins 225.0.0.2 (VLAN 10)" "join_group h2s2 225.0.0.2" \
		"s1-eth4/10 s1-eth4/20" "s1-eth4/10" "s2-eth1/10 s2-eth3/20" "s2-eth2/10" \
		"h1s2 h3s2" "h2s2"
	step "h3s1 joins 225.0.0.1 (VLAN 20)" "join_group h3s1 225.0.0.1" \
		"s1-eth3/20 s1-eth4/10 s1-eth4/20" "s1-eth4/10" "s2-eth1/10 s2-eth3/20" \
		"s2-eth2/10" "h1s2 h3s1 h3s2" "h2s2"
	step "h1s2 leaves 225.0.0.1 (VLAN 10)" "leave_group h1s2 225.0.0.1" \
		"s1-eth3/20 s1-eth4/20" "s1-eth4/10" "s2-eth3/20" "s2-eth2/10" "h3s1 h3s2" "h2s2"
	step "h3s2 leaves 225.0.0.1 (VLAN 20)" "leave_group h3s2 225.0.0.1" \
		"s1-eth3/20" "s1-eth4/10" "" "s2-eth2/10" "h3s1" "h2s2"
else
	step "h1s2 joins 225.0.0.1" "join_group h1s2 225.0.0.1" \
		"s1-eth4" "" "s2-eth1" "" "h1s2" ""
	step "h3s2 joins 225.0.0.1" "join_group h3s2 225.0.0.1" \
		"s1-eth4" "" "s2-eth1 s2-eth3" "" "h1s2 h3s2" ""
	step "h2s2 joins 225.0.0.2" "join_group h2s2 225.0.0.2" \
		"s1-eth4" "s1-eth4" "s2-eth1 s2-eth3" "s2-eth2" "h1s2 h3s2" "h2s2"
	step "h3s1 joins 225.0.0.1" "join_group h3s1 225.0.0.1" \
		"s1-eth3 s1-eth4" "s1-eth4" "s2-eth1 s2-eth3" "s2-eth2" "h1s2 h3s1 h3s2" "h2s2"
	step "h1s2 leaves 225.0.0.1" "leave_group h1s2 225.0.0.1" \
		"s1-eth3 s1-eth4" "s1-eth4" "s2-eth3" "s2-eth2" "h3s1 h3s2" "h2s2"
	step "h3s2 leaves 225.0.0.1" "leave_group h3s2 225.0.0.1" \
		"s1-eth3" "s1-eth4" "" "s2-eth2" "h3s1" "h2s2"
fi

echo
if ((failed)); then
	echo "FAIL: $failed deliveries or tables differ from the tutorial's ($SECONDS s)"
	exit 1
fi
echo "PASS: every step delivered multicast exactly to the tutorial's receivers ($SECONDS s)"
