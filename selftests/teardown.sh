#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
# vm: debug
#
# Every way an instance can end frees it, with multicast flowing and with
# groups, member timers, router ports and a querier in its tables: bridge
# deletion, port down, port deletion, network namespace deletion and
# module unload while attached. The runner then checks that the module
# unloads and that the kernel logged no warning or leaked device reference.

. "$(dirname "$0")/lib.sh"

# Multicast from h1 into the bridge while things are torn down.
flood() {
	ip netns exec "$pfx-h1" mausezahn eth0 -q -c 0 -d 1msec \
		-a 02:00:00:00:00:01 -b 01:00:5e:01:01:01 \
		-A 192.0.2.1 -B 239.1.1.1 -t udp "dp=4096,sp=2048" 2>/dev/null &
	flood_pid=$!
}
test_cleanup() { [[ -z ${flood_pid:-} ]] || kill "$flood_pid" 2>/dev/null; }

# State on br0: a querier on sw-p3 (a router port), members on sw-p1 and
# sw-p2, among them the flooded group 239.1.1.1.
populate() {
	local g
	send_igmp 3 224.0.0.1 "$(igmp_hex 11 0a 00 00 00 00)"
	for g in 01 02 03; do
		send_igmp 1 "239.1.1.${g#0}" "$(igmp_hex 16 00 ef 01 01 "$g")"
		send_igmp 2 "239.1.1.${g#0}" "$(igmp_hex 16 00 ef 01 01 "$g")"
	done
	wait_until 5 json_true 'length == 6' igmpsnoopctl -n "$sw" -j group show br0
}

# Bridge deletion.
setup_bridge 3
swctl attach br0
populate
flood
sleep 0.5
ipsw link del br0
[[ -z $(swctl show) ]] || fail "instance survived its bridge"
kill "$flood_pid"; wait "$flood_pid" || true
cleanup_namespaces

# Port down, port deletion, then namespace deletion with the instance
# attached.
setup_bridge 3
swctl attach br0
populate
flood
sleep 0.5
ipsw link set sw-p2 down
swctl -j group show br0 | expect_json 'length == 3 and all(.[]; .port == "sw-p1")'
ipsw link del sw-p1
swctl -j group show br0 | expect_json 'length == 0'
swctl -j show br0 | expect_json '.[0].router_ports == ["sw-p3"]'
ipsw link del sw-p3
swctl -j show br0 | expect_json '.[0].router_ports == []'
ipsw link set sw-p2 up
populate_again=$(igmp_hex 16 00 ef 01 01 05)
send_igmp 2 239.1.1.5 "$populate_again"
wait_until 5 json_true '.[0].port == "sw-p2"' igmpsnoopctl -n "$sw" -j group show br0
swctl -j show br0 | expect_json '.[0].ports | sort == ["sw-p2"]'
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
populate
flood
sleep 0.5
rmmod igmpsnoop
kill "$flood_pid"; wait "$flood_pid" || true
flood_pid=
ipsw link del br0
ipsw link del br1
echo PASS
