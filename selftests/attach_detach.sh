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
echo PASS
