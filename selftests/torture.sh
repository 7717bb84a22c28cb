#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
# vm: debug
# vm: timeout 900
#
# Lifecycle torture: TORTURE_ROUNDS (default 200, 60 on the debug kernel,
# where a round takes 6 s; `make fuzz` runs 1000) rounds of a random
# action each, seeded by FUZZ_SEED (default 1), while host 4 sends
# 239.1.1.1 every 5 ms and our querier queries every second:
#   attach    detach br0 and attach it again
#   port      a port leaves br0 and comes back
#   bridge    br0 is deleted with its instance, and made again
#   netns     a port of br0 moves to another netns, which is deleted
#   tmpns     a netns holding an attached bridge (and a member) is deleted
#   ovs       an OVS datapath with two ports is attached, a port made a
#             trunk of VLANs 10 and 20, then a trunk of all with the
#             native VLAN 40, then an access port of VLAN 30 (their
#             queriers come and go), then deleted
#   set       a random setting of the instance or of a port (or of a
#             port in VLAN 1, while br0 filters VLANs)
#   vlan      br0's VLAN filtering is switched, and a VLAN added
#   static    a static group is added or removed
#   join      a host joins or leaves a group
# Then a member still receives and nothing else does; every namespace is
# deleted, the module is removed, and the kmalloc slab caches are back
# where they were before the first round (within two objects a round: the
# rest of the kernel moves them too). On the debug kernel kmemleak judges
# leaks instead, and names them, with KASAN and lockdep beside it. The
# harness checks the kernel log.
#
#   $pfx-h1  $pfx-h2  $pfx-h3  $pfx-h4 (source)   $pfx-tN, $pfx-mN
#      |        |        |        |               (made and deleted
#    sw-p1    sw-p2    sw-p3    sw-p4              by the rounds)
#   +--------- br0 (igmpsnoop, querier) ---------+  dpN (OVS), sw-xN

. "$(dirname "$0")/lib.sh"

rounds=${TORTURE_ROUNDS:-$(debug_kernel && echo 60 || echo 200)}
RANDOM=${FUZZ_SEED:-1}
echo "torture: $rounds rounds, seed ${FUZZ_SEED:-1}"
modprobe openvswitch || skip "no openvswitch module"

# Objects in use in every kmalloc cache, as "name count" lines: after a
# shrink, which gives the per-CPU slabs back to the node lists, SLUB's
# "objects" counts those in use exactly (slabinfo counts whole slabs).
slab_counts() {
	local c
	for c in /sys/kernel/slab/kmalloc-*; do
		echo 1 > "$c/shrink"
		echo "${c##*/} $(cut -d' ' -f1 "$c/objects")"
	done | sort
}
# Network namespaces the kernel holds (a deleted one lingers until
# cleanup_net() has run).
netns_count() {
	echo 1 > /sys/kernel/slab/net_namespace/shrink
	awk '$1 == "net_namespace" { print $2 }' /proc/slabinfo
}
# Waits until the kernel has freed every namespace the test deleted (and
# their devices), then for RCU callbacks, so that the slab counts below
# hold none of them. The slab count may keep one freed namespace (seen
# with a plain "ip netns add" and "del"). A slow cleanup_net() on a busy
# machine gets 180 s, and a wait past 10 s is printed. Debian's
# 6.1.0-57, in a VM that ran other tests before this one, once kept a
# namespace past that (igmpsnoop holds no namespace reference; the kernel
# log was clean): the distribution
# kernels say so and go on, and igmpsnoop_held() tells whose it was. The
# debug kernel, whose namespace reference tracker would name the holder,
# fails.
netns_base=$(netns_count)
settle() {
	local start=$SECONDS
	until (($(netns_count) <= netns_base + 1)); do
		if ((SECONDS >= start + 180)); then
			debug_kernel &&
				fail "namespaces still not freed after 180 s: $(netns_count), expected at most $((netns_base + 1))"
			echo "# namespaces still not freed after 180 s: $(netns_count), expected at most $((netns_base + 1))"
			return 0
		fi
		sleep 0.5
	done
	((SECONDS - start <= 10)) || echo "# namespaces freed after $((SECONDS - start)) s"
	sleep 2
}
# Removes igmpsnoop, and fails if that freed namespaces: those it held.
# The counts compared are each unchanged for 5 s, and for 15 s after the
# removal, which starts the cleanup_net() of what igmpsnoop held
# (netns_stable()).
igmpsnoop_held() {
	local before after
	before=$(netns_stable)
	rmmod igmpsnoop
	settle
	after=$(netns_stable 15)
	((after >= before)) ||
		fail "igmpsnoop held $((before - after)) namespace(s): freed when it was removed ($before, then $after)"
}

# Commands run as batches: a fork+exec costs a second on the debug
# kernel, so a round makes as few as it can.
#   ipb NETNS <<< "COMMANDS"       ip -batch in NETNS
#   ctlb NETNS <<< "COMMANDS"      igmpsnoopctl -batch in NETNS
ipb() { echo "+ ip -n $1 -batch" >&2; ip -n "$1" -b -; }
ctlb() { echo "+ igmpsnoopctl -n $1 -batch" >&2; igmpsnoopctl -n "$1" -b -; }

QUERIER="querier on querier-address 192.0.2.100 query-response-interval 0.5 query-interval 1"
br0_make() {
	ipb "$sw" <<-EOF
		link add br0 type bridge mcast_snooping 0
		link set sw-p1 master br0 up
		link set sw-p2 master br0 up
		link set sw-p3 master br0 up
		link set sw-p4 master br0 up
		link set br0 up
	EOF
	vlan_filtering=0
	br0_attach
}
br0_attach() {
	ctlb "$sw" <<-EOF
		attach br0
		set br0 $QUERIER last-member-interval 0.2
	EOF
}

topology() {
	ip netns add "$sw"
	ipsw link set lo up
	for p in 1 2 3 4; do
		ip netns add "$pfx-h$p"
		ipsw link add "sw-p$p" type veth peer name eth0 netns "$pfx-h$p"
		ip -n "$pfx-h$p" link set eth0 up
		ip -n "$pfx-h$p" link set lo up
		host_setup "$p" 2
	done
	br0_make
}

# A round's action; N is the round.
do_attach() { swctl detach br0; br0_attach; }
do_port() {
	local p=sw-p$((RANDOM % 3 + 1))
	ipb "$sw" <<-EOF
		link set $p nomaster
		link set $p master br0 up
	EOF
}
do_bridge() { ipsw link del br0; br0_make; }
do_netns() {
	local n=$1 m=$pfx-m$1
	ip netns add "$m"
	ipb "$sw" <<-EOF
		link add sw-x$n type veth peer name sw-y$n
		link set sw-x$n master br0 up
		link set sw-y$n up
	EOF
	swctl group add br0 239.2.2.2 port "sw-x$n"
	ipb "$sw" <<-EOF
		link set sw-x$n netns $m
		link del sw-y$n
	EOF
	ip netns del "$m"
}
do_tmpns() {
	local t=$pfx-t$1
	ip netns add "$t"
	ipb "$t" <<-EOF
		link add tbr type bridge mcast_snooping 0
		link add va type veth peer name vb
		link add vc type veth peer name vd
		link set va master tbr up
		link set vc master tbr up
		link set vb up
		link set vd up
		link set tbr up
	EOF
	ctlb "$t" <<-EOF
		attach tbr
		set tbr querier on query-interval 1 query-response-interval 0.5 querier-address 10.9.9.9
		group add tbr 239.3.3.3 port va
	EOF
	ip netns del "$t"
}
do_ovs() {
	local n=$1
	nsw ovs-dpctl add-dp "dp$n"
	ipb "$sw" <<-EOF
		link add ov-a$n type veth peer name ov-b$n
		link set ov-b$n up
	EOF
	nsw ovs-dpctl add-if "dp$n" "ov-a$n"
	ctlb "$sw" <<-EOF
		attach dp$n
		set dp$n querier on querier-address 10.8.8.8 query-interval 1 query-response-interval 0.5
		group add dp$n 239.4.4.4 port ov-a$n
		port set dp$n ov-a$n trunk 10,20
		port set dp$n ov-a$n trunk all native-untagged 40
		port set dp$n ov-a$n access-vlan 30
	EOF
	if ((RANDOM % 2)); then
		nsw ovs-dpctl del-if "dp$n" "ov-a$n"
	fi
	nsw ovs-dpctl del-dp "dp$n"
	ipsw link del "ov-a$n"
}
# One of its arguments, at random.
pick() {
	shift $((RANDOM % $#))
	echo "$1"
}
do_set() {
	local p=sw-p$((RANDOM % 4 + 1)) onoff=on
	((RANDOM % 2)) || onoff=off
	case $((RANDOM % 10)) in
	0) swctl set br0 robustness $((RANDOM % 6 + 2)) ;;
	1) swctl set br0 max-groups $((RANDOM % 100 + 1)) ;;
	2) swctl set br0 fast-path "$onoff" ;;
	3) swctl set br0 unregistered "$(pick routers flood drop)" ;;
	4) swctl port set br0 "$p" router "$(pick auto on off)" ;;
	5) swctl port set br0 "$p" fast-leave "$onoff" ;;
	6) swctl port set br0 "$p" max-groups $((RANDOM % 10 + 1)) ;;
	7) swctl set br0 version $((RANDOM % 2 + 2)) ;;
	# The port in VLAN 1 (every port's PVID) while br0 filters VLANs:
	# state of its own, which the next VLAN switch or its removal frees.
	# Refused until the namespace's VLAN work has seen VLAN 1.
	8)
		if ((vlan_filtering)); then
			swctl port set br0 "$p" vlan 1 router "$(pick auto on off default)" || true
		fi
		;;
	9)
		if ((vlan_filtering)); then
			swctl port set br0 "$p" vlan 1 max-groups $((RANDOM % 3)) || true
		fi
		;;
	esac
}
do_vlan() {
	vlan_filtering=$((1 - vlan_filtering))
	ipsw link set br0 type bridge vlan_filtering "$vlan_filtering"
	nsw bridge vlan add dev "sw-p$((RANDOM % 4 + 1))" vid $((RANDOM % 20 + 2))
}
do_static() {
	local g=239.5.5.$((RANDOM % 8)) p=sw-p$((RANDOM % 4 + 1))
	swctl group add br0 "$g" port "$p" 2>/dev/null || swctl group del br0 "$g" port "$p" || true
}
# Host H's joined groups, as this script made them.
declare -A joined
do_join() {
	local h=$((RANDOM % 3 + 1)) g=239.1.1.$((RANDOM % 4 + 1))
	if [[ -n ${joined[$h,$g]:-} ]]; then
		leave "$h" "$g"
		unset "joined[$h,$g]"
	else
		join "$h" "$g"
		joined[$h,$g]=1
	fi
}

# TORTURE_ACTIONS narrows the list, to find which action leaks.
read -ra actions <<< "${TORTURE_ACTIONS:-attach port bridge netns tmpns ovs set vlan static join join set}"

# Warm the caches with one topology made and deleted, then take the
# baseline.
topology
cleanup_namespaces
# The namespaces' baseline too: Debian's 6.1.0-57 keeps up to two of the
# warm-up's five in the slab for a while (with this module and with
# 73da0da's alike, kernel log clean), so it is what the count settles to
# after the warm-up. netns_stable [SECONDS]: the count once unchanged for
# SECONDS (5), within 60 s.
netns_stable() {
	local last=-1 now same=0 end=$((SECONDS + 60))
	while ((same < ${1:-5} * 2 && SECONDS < end)); do
		now=$(netns_count)
		((now == last)) && same=$((same + 1)) || same=0
		last=$now
		sleep 0.5
	done
	echo "$last"
}
netns_base=$(netns_stable)
echo "# namespaces in the slab after the warm-up: $netns_base"
sleep 2
base=$(slab_counts)

topology
ip netns exec "$pfx-h4" mausezahn eth0 -q -c 0 -d 5msec -b 01:00:5e:01:01:01 \
	-A 192.0.2.4 -B 239.1.1.1 -t udp "dp=5000,sp=5000" &
source_pid=$!
test_cleanup() { kill "$source_pid" 2>/dev/null; }
declare -A done_count
for ((n = 1; n <= rounds; n++)); do
	a=${actions[RANDOM % ${#actions[@]}]}
	echo "+ round $n: $a" >&2
	"do_$a" "$n"
	done_count[$a]=$((${done_count[$a]:-0} + 1))
done
for a in "${!done_count[@]}"; do
	printf '%s %s\n' "$a" "${done_count[$a]}"
done | sort | tr '\n' ' '
echo

# The instance still works: back to a known state, then a member gets its
# group and a host that left does not.
ipsw link set br0 type bridge vlan_filtering 0
swctl detach br0
br0_attach
for h in 1 2 3; do
	ip -n "$pfx-h$h" addr flush dev eth0
	host_setup "$h" 2
done
join 2 239.1.1.1
wait_members 239.1.1.1 sw-p2
data_counters 11 239.1.1.1 1 2 3
# Host 4's flow runs on: host 2 counts it, hosts 1 and 3 must not.
sleep 1
(($(counter "$pfx-h2" eth0 11) > 50)) || fail "host 2 got $(counter "$pfx-h2" eth0 11) packets"
expect_counts 11 1:0 3:0

kill "$source_pid"
wait "$source_pid" 2>/dev/null || true
cleanup_namespaces
settle
igmpsnoop_held
# Two objects a round or more is past the noise of the rest of the kernel:
# Open vSwitch alone adds two or three 16-byte objects per datapath made
# and deleted (seen without igmpsnoop), and a 200-round run moved no cache
# by more than 290. kmemleak, on the debug kernel, finds single leaks.
# The debug kernel's reference trackers (CONFIG_NET_DEV_REFCNT_TRACKER,
# _NET_NS_) keep the last 128 freed trackers of a device or namespace, 32
# bytes each, for their reports: those of blackhole_netdev, which takes
# over the cached routes of a deleted namespace's devices, and of init_net
# fill as the rounds delete namespaces, and stay (seen with slub_debug=U:
# kmalloc-32 grew by 128 objects from ref_tracker_alloc, nothing else).
# On a busy machine the kernel's deferred frees (RCU callbacks, batched
# kfree_rcu(), work items) may still be pending when the namespaces are
# gone: the counts are read again every 2 s for up to 60 s, and a leak,
# which never goes back, is what is still there then (a wait is printed).
# On the debug kernel the counts are printed and kmemleak is the judge
# (the harness's scan after the VM's last test, which names the leaked
# object and its allocation): there, under make check's load, kmalloc-8
# once stayed 204 objects up after 60 rounds (3.4 a round; 868 from 884
# in a run alone, with every allocation's caller tracked), with
# kmemleak's scan clean, and a shrink of every cache takes seconds.
tracked=0
debug_kernel && tracked=$((3 * 128))
echo "$base" > /tmp/torture.base
grown() {
	after=$(slab_counts)
	echo "$after" > /tmp/torture.after
	leaks=$(command join -j 1 /tmp/torture.base /tmp/torture.after |
		awk -v r="$rounds" -v t="$tracked" '
			$3 - $2 > 2 * r + ($1 == "kmalloc-32" ? t : 0) { print $1 ": " $2 " -> " $3 }')
	[[ -n $leaks ]]
}
start=$SECONDS
while grown && ! debug_kernel && ((SECONDS < start + 60)); do
	echo "# slab counts grew, reading again in 2 s: $leaks"
	sleep 2
done
echo "kmalloc caches before and after:"
command join -j 1 /tmp/torture.base /tmp/torture.after | awk '{ printf "  %s %d -> %d\n", $1, $2, $3 }'
if [[ -n $leaks ]] && debug_kernel; then
	echo "# slab counts grew (kmemleak judges leaks here): $leaks"
elif [[ -n $leaks ]]; then
	fail "slab counts grew: $leaks"
fi
echo PASS
