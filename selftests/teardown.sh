#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every way an instance can end frees it, with multicast flowing: bridge
# deletion, port deletion, network namespace deletion and module unload
# while attached. The runner then checks that the module unloads and that
# the kernel logged no warning or leaked device reference.

. "$(dirname "$0")/lib.sh"

# Multicast from h1 into the bridge while things are torn down.
flood() {
	ip netns exec "$pfx-h1" mausezahn eth0 -q -c 0 -d 1msec \
		-a 02:00:00:00:00:01 -b 01:00:5e:01:01:01 \
		-A 192.0.2.1 -B 239.1.1.1 -t udp "dp=4096,sp=2048" 2>/dev/null &
	flood_pid=$!
}
test_cleanup() { [[ -z ${flood_pid:-} ]] || kill "$flood_pid" 2>/dev/null; }

# Bridge deletion.
setup_bridge 3
swctl attach br0
flood
sleep 0.5
ipsw link del br0
[[ -z $(swctl show) ]] || fail "instance survived its bridge"
kill "$flood_pid"; wait "$flood_pid" || true
cleanup_namespaces

# Port deletion, then namespace deletion with the instance attached.
setup_bridge 3
swctl attach br0
flood
sleep 0.5
ipsw link del sw-p1
swctl -j show br0 | expect_json '.[0].ports | sort == ["sw-p2", "sw-p3"]'
kill "$flood_pid"; wait "$flood_pid" || true
ip netns delete "$sw"
ctl -j show | expect_json 'length == 0'
cleanup_namespaces

# Two bridges attached, module unloaded under traffic.
setup_bridge 3
swctl attach br0
ipsw link add br1 type bridge mcast_snooping 0
ipsw link add sw-q1 type veth peer name sw-q1h
ipsw link set sw-q1 master br1 up
ipsw link set br1 up
swctl attach br1
swctl -j show | expect_json 'length == 2'
flood
sleep 0.5
rmmod igmpsnoop
kill "$flood_pid"; wait "$flood_pid" || true
flood_pid=
ipsw link del br0
ipsw link del br1
echo PASS
