#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# attach refuses what it cannot snoop, with a clear message and a non-zero
# exit status: a missing device, a device that is not a switch, a switch
# already attached, a bridge with a port in mcast_to_unicast (which is
# refused on an attached bridge's ports); and changes by an unprivileged
# user. show lists every port of a bridge of 1023 ports, and a group
# with a member on each of them is dumped (over several messages), alone
# too; a GROUP_GET of it, whose reply would pass 64 KiB, is refused and
# names the dump. show lists the querier of each VLAN of a bridge of 4094
# VLANs.

. "$(dirname "$0")/lib.sh"

setup_bridge 1

# Errors name the fix.
expect_fail 'cannot find device "nosuchdev" \(ip link show; in another network namespace: -n NETNS\)' \
	swctl attach nosuchdev
expect_fail "No igmpsnoop instance or switch of this name" swctl detach nosuchdev
expect_fail 'not a Linux bridge or an Open vSwitch datapath' swctl attach sw-p1
expect_fail 'not a Linux bridge or an Open vSwitch datapath' swctl attach lo
ipsw link add dummy0 type dummy
expect_fail 'not a Linux bridge or an Open vSwitch datapath' swctl attach dummy0
# The bridge's own snooping must be off: two snoopers on one bridge fight.
ipsw link add br8 type bridge
expect_fail 'mcast_snooping 0' swctl attach br8
ipsw link set br8 type bridge mcast_snooping 0
# mcast_to_unicast (a unicast copy per host that joined) needs a membership
# per host, which igmpsnoop does not keep: refused at attach, and on a
# port of an attached bridge, by netlink and by sysfs; turning it off is
# not. A bridge's other ports' flags are not refused.
ipsw link add to_uc type dummy
ipsw link set to_uc master br8
ipsw link set dev to_uc type bridge_slave mcast_to_unicast on
expect_fail 'mcast_to_unicast on, which needs the bridge.s own snooping' swctl attach br8
[[ -z $(swctl show) ]] || fail "a refused attach left an instance"
ipsw link set dev to_uc type bridge_slave mcast_to_unicast off
swctl attach br8
expect_fail 'cannot send mcast_to_unicast.s copy per host' \
	ipsw link set dev to_uc type bridge_slave mcast_to_unicast on
ip netns exec "$sw" sh -c "echo 1 > /sys/class/net/to_uc/brport/multicast_to_unicast" 2>/dev/null &&
	fail "sysfs turned mcast_to_unicast on under igmpsnoop"
[[ $(ip netns exec "$sw" cat /sys/class/net/to_uc/brport/multicast_to_unicast) == 0 ]] ||
	fail "a refused mcast_to_unicast is on"
ipsw link set dev to_uc type bridge_slave mcast_to_unicast off learning off hairpin on
ipsw link set dev to_uc type bridge_slave learning on hairpin off
swctl detach br8
ipsw link set dev to_uc type bridge_slave mcast_to_unicast on
ipsw link del to_uc
swctl attach br8
swctl detach br8
[[ -z $(swctl show) ]] || fail "a failed attach left an instance"

swctl attach br0
expect_fail 'already attached' swctl attach br0
swctl -j show | expect_json 'length == 1'

# Changes need CAP_NET_ADMIN; reading needs nothing.
nobody() { ip netns exec "$sw" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	--inh-caps=-all --bounding-set=-all igmpsnoopctl "$@"; }
expect_fail 'permission denied' nobody detach br0
ipsw link add br9 type bridge mcast_snooping 0
expect_fail 'permission denied' nobody attach br9
[[ $(nobody show) == "br0: bridge ports sw-p1"$'\n'* ]]
nobody -j show | expect_json 'length == 1'

# A bridge of 1023 ports, the most a bridge takes: show lists them all
# (an instance's message has room for some 300: the CLI dumps the rest).
ipsw link add br7 type bridge mcast_snooping 0
swctl attach br7
for i in $(seq 1023); do
	echo "link add d$i type dummy"
	echo "link set d$i master br7"
done | ip -n "$sw" -batch -
swctl -j port show br7 | expect_json 'length == 1023'
swctl -j show br7 | expect_json '(.[0].ports | length) == 1023 and .[0].ports[1022] == "d1023"'
[[ $(swctl show) == *"d1023"* ]] || fail "show of every instance lacks br7's last port"
batch=$(mktemp)
test_cleanup() { rm -f "$batch"; }
for i in $(seq 1023); do
	echo "group add br7 239.7.7.7 port d$i permanent"
done > "$batch"
ctl -n "$sw" -b "$batch"
swctl -j group show br7 | expect_json 'length == 1023 and (map(.port) | unique | length) == 1023'
# One group is dumped too: a GROUP_GET reply of it would pass 64 KiB.
swctl -j group show br7 239.7.7.7 | expect_json 'length == 1023 and any(.[]; .port == "d1023")'
nsw python3 "$(dirname "$0")/nlraw.py" --too-big \
	"$(ip -n "$sw" -j link show br7 | jq '.[0].ifindex')" 239.7.7.7
ipsw link del br7

# A trunk of every VLAN: show lists the querier of each of the 4094
# (an instance's message shows 64: the CLI dumps the rest).
ipsw link add br6 type bridge mcast_snooping 0 vlan_filtering 1
ipsw link add d0 type dummy
ipsw link set d0 master br6
bridge -n "$sw" vlan add dev d0 vid 2-4094
swctl attach br6
wait_until 60 json_true '.[0].vlan_count == 4094' swctl -j show br6
swctl -j show br6 | expect_json '.[0] | (.vlans | length) == 4094 and
	([.vlans[].vid] == [range(1; 4095)]) and all(.vlans[]; .mode == "flooding")'
shown=$(swctl show br6)
[[ $(grep -c '^    vlan [0-9]*:' <<< "$shown") == 4094 && $shown == *$'\n'"    vlan 4094: "* ]] ||
	fail "show lists $(grep -c '^    vlan [0-9]*:' <<< "$shown") of br6's 4094 VLANs"
# A router port in each of them: port show lists the port's 4094 entries
# (a PORT_GET message holds a few hundred: the dump goes on inside the
# port).
for i in $(seq 4094); do
	echo "port set br6 d0 vlan $i router on"
done > "$batch"
ctl -n "$sw" -b "$batch"
swctl -j port show br6 | expect_json 'length == 1 and .[0].vlan_count == 4094 and
	([.[0].vlans[].vid] == [range(1; 4095)]) and
	all(.[0].vlans[]; .router == "on" and .is_router)'
shown=$(swctl port show br6)
[[ $(grep -c '^    vlan [0-9]*: router on (router port)$' <<< "$shown") == 4094 &&
   $(grep -c ' port d0 ' <<< "$shown") == 1 && $shown == *$'\n'"    vlan 4094: "* ]] ||
	fail "port show lists $(grep -c '^    vlan [0-9]*:' <<< "$shown") of d0's 4094 VLAN entries"
ipsw link del br6

expect_fail 'usage' igmpsnoopctl attach
expect_fail 'unknown command' igmpsnoopctl frobnicate
expect_fail 'cannot open network namespace "no-such-netns": No such file or directory \(ip netns list\)' \
	igmpsnoopctl -n no-such-netns show
# setns() takes CAP_SYS_ADMIN (opening the namespace's file, mode 0,
# CAP_DAC_OVERRIDE).
expect_fail 'Operation not permitted \(it takes CAP_SYS_ADMIN: run as root\)' \
	setpriv --bounding-set=-sys_admin igmpsnoopctl -n "$sw" show
# A port list longer than the request buffer fails cleanly, before sending.
expect_fail 'does not fit' swctl attach br9 ports "$(printf 'sw-p1,%.0s' $(seq 7000))sw-p1"
echo PASS
