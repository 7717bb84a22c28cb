#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# attach, show and detach on a Linux bridge; ports that join or leave the
# bridge while attached are followed.

. "$(dirname "$0")/lib.sh"

setup_bridge 3

[[ -z $(swctl show) ]] || fail "show is not empty before attach"
swctl -j show | expect_json 'length == 0'

swctl attach br0
swctl show
[[ $(swctl show) == "br0: bridge ports sw-p1,sw-p2,sw-p3"$'\n'* ]]
swctl -j show | expect_json 'length == 1 and .[0].dev == "br0" and .[0].kind == "bridge"'
swctl -j show | expect_json '.[0].ports | sort == ["sw-p1", "sw-p2", "sw-p3"]'
swctl -j show br0 | expect_json '.[0].dev == "br0"'
swctl -j -p -s show | expect_json '.[0].stats.rx_igmp >= 0'

# A port that leaves the bridge is no longer snooped; one that joins is.
ipsw link set sw-p2 nomaster
swctl -j show br0 | expect_json '.[0].ports | sort == ["sw-p1", "sw-p3"]'
ipsw link set sw-p2 master br0
swctl -j show br0 | expect_json '.[0].ports | sort == ["sw-p1", "sw-p2", "sw-p3"]'
ipsw link add sw-p4 type veth peer name sw-p4h
ipsw link set sw-p4 master br0
swctl -j show br0 | expect_json '.[0].ports | length == 4'
ipsw link del sw-p4
swctl -j show br0 | expect_json '.[0].ports | length == 3'

# The instance sees the IGMP its ports receive.
ip netns exec "$pfx-h1" sysctl -qw net.ipv4.conf.eth0.force_igmp_version=2
ip -n "$pfx-h1" addr add 192.0.2.1/24 dev eth0
ip -n "$pfx-h1" addr add 239.1.1.1/32 dev eth0 autojoin
for _ in $(seq 50); do
	(($(swctl -j -s show br0 | jq '.[0].stats.rx_igmp') > 0)) && break
	sleep 0.1
done
swctl -j -s show br0 | expect_json '.[0].stats.rx_igmp > 0'

swctl detach br0
[[ -z $(swctl show) ]] || fail "show is not empty after detach"
expect_fail 'not attached' swctl show br0
expect_fail 'not attached' swctl detach br0

# Attach again: a detached bridge can be snooped anew.
swctl attach br0
swctl -j show | expect_json 'length == 1'

# The bridge's own mcast_router of a port is its router mode: read at
# attach (2: on, 0: off), and followed when it changes (1 and 3: auto),
# however it is set; igmpsnoopctl's port set stands until the bridge's
# setting changes again, whatever else of the port changes. Its fastleave
# is its fast leave, alike.
router_of() {
	swctl -j port show br0 | jq -r --arg p "$1" '.[] | select(.port == $p) | .router'
}
router_is() { [[ $(router_of "$1") == "$2" ]]; }
fast_leave_is() {
	[[ $(swctl -j port show br0 |
		jq -r --arg p "$1" '.[] | select(.port == $p) | .fast_leave') == "$2" ]]
}
swctl detach br0
nsw bridge link set dev sw-p1 mcast_router 2
nsw bridge link set dev sw-p2 mcast_router 0
nsw bridge link set dev sw-p3 fastleave on
swctl attach br0
fast_leave_is sw-p3 true || fail "at attach: sw-p3's fastleave is not its fast leave"
fast_leave_is sw-p1 false || fail "at attach: sw-p1 has fast leave"
nsw bridge link set dev sw-p3 fastleave off
wait_until 5 fast_leave_is sw-p3 false
swctl port set br0 sw-p1 fast-leave on
nsw bridge link set dev sw-p1 learning off
sleep 1
fast_leave_is sw-p1 true || fail "an unrelated change of sw-p1 reset its fast leave"
nsw bridge link set dev sw-p1 learning on
[[ "$(router_of sw-p1) $(router_of sw-p2) $(router_of sw-p3)" == "on off auto" ]] ||
	fail "at attach: routers $(router_of sw-p1) $(router_of sw-p2) $(router_of sw-p3), expected on off auto"
swctl -j port show br0 | expect_json '[.[] | select(.is_router) | .port] == ["sw-p1"]'
nsw bridge link set dev sw-p1 mcast_router 1
wait_until 5 router_is sw-p1 auto
ipsw link set dev sw-p3 type bridge_slave mcast_router 2
wait_until 5 router_is sw-p3 on
echo 0 | nsw tee /sys/class/net/sw-p3/brport/multicast_router >/dev/null
wait_until 5 router_is sw-p3 off
nsw bridge link set dev sw-p2 mcast_router 3
wait_until 5 router_is sw-p2 auto
swctl port set br0 sw-p2 router on
nsw bridge link set dev sw-p2 mcast_flood off
nsw bridge link set dev sw-p2 learning off
sleep 1
router_is sw-p2 on || fail "an unrelated change of sw-p2 reset its router mode to $(router_of sw-p2)"
# A port that joins the bridge brings its setting.
ipsw link add sw-p4 type veth peer name sw-p4h
ipsw link set sw-p4 master br0
nsw bridge link set dev sw-p4 mcast_router 0
wait_until 5 router_is sw-p4 off

# A port's mcast_max_groups (Linux 6.3 on) is its max-groups: read at
# attach, followed when it changes, 0 (the bridge's default, no limit)
# igmpsnoop's default share; port set stands until the bridge's setting
# changes again. The limit refuses a membership past it.
max_of() {
	swctl -j port show br0 | jq -r --arg p "$1" \
		'.[] | select(.port == $p) | "\(.max_groups)/\(.max_groups_default)"'
}
max_is() { [[ $(max_of "$1") == "$2" ]]; }
if printf '6.3\n%s\n' "$(uname -r)" | sort -VC; then
	brport() { nsw python3 "$(dirname "$0")/brport_flag.py" "$@"; }
	swctl detach br0
	brport sw-p1 mcast_max_groups 2
	swctl attach br0
	max_is sw-p1 2/false || fail "at attach: sw-p1's max-groups is $(max_of sw-p1), expected 2/false"
	[[ $(max_of sw-p2) == */true ]] || fail "sw-p2's max-groups is not the default: $(max_of sw-p2)"
	swctl group add br0 239.9.9.1 port sw-p1
	swctl group add br0 239.9.9.2 port sw-p1
	expect_fail "as many groups as its max-groups allows" swctl group add br0 239.9.9.3 port sw-p1
	brport sw-p1 mcast_max_groups 3
	wait_until 5 max_is sw-p1 3/false
	swctl group add br0 239.9.9.3 port sw-p1
	swctl port set br0 sw-p1 max-groups 10
	nsw bridge link set dev sw-p1 learning off
	sleep 1
	max_is sw-p1 10/false || fail "an unrelated change of sw-p1 reset its max-groups to $(max_of sw-p1)"
	nsw bridge link set dev sw-p1 learning on
	brport sw-p1 mcast_max_groups 0
	wait_until 5 max_is sw-p1 "$(max_of sw-p2)"
	for g in 1 2 3; do
		swctl group del br0 "239.9.9.$g" port sw-p1
	done
else
	echo "# mcast_max_groups: Linux $(uname -r) has none"
fi
echo PASS
