#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# igmpsnoop on Open vSwitch as users run it: ovsdb-server and ovs-vswitchd
# from Debian's openvswitch-switch (database on tmpfs, no systemd), two
# bridges with the default NORMAL action, which share the kernel datapath
# ovs-system. One instance on ovs-system snoops the vports of both.
# - attach ovs-system: the ports are both bridges' vports, not their
#   internal ports;
# - our querier keeps the hosts reporting; data reaches members only, and
#   never crosses to the other bridge;
# - OVS's own mcast_snooping_enable turned on changes nothing we deliver;
# - ovs-vswitchd restarted while data flows: the datapath and its vports
#   stay, the instance with them, and delivery is right afterwards;
# - a port deleted, then a bridge deleted, under traffic: their vports
#   leave the instance and the table;
# - attach ovs-bridge takes an OVS bridge's vports, skipping its internal
#   and patch ports with a message.
#
#   $pfx-h1  $pfx-h2  $pfx-h3          $pfx-h4
#      |        |        |                |
#    s1-p1    s1-p2    s1-p3            s2-p1
#   +---- s1 (NORMAL) ----+      +--- s2 (NORMAL) ---+
#   +------- ovs-system (kernel datapath, igmpsnoop) --------+
#   (all in $pfx-sw, with ovsdb-server and ovs-vswitchd)

. "$(dirname "$0")/lib.sh"

test_cleanup() {
	[[ -z $traffic_pid ]] || kill "$traffic_pid" 2>/dev/null
}

ip netns add "$sw"
ipsw link set lo up
ovs_start
vsctl add-br s1
vsctl add-br s2
port() {	# port BRIDGE NAME HOST
	ip netns add "$pfx-h$3"
	ipsw link add "$2" type veth peer name eth0 netns "$pfx-h$3"
	vsctl add-port "$1" "$2"
	ipsw link set "$2" up
	ip -n "$pfx-h$3" link set eth0 up
	ip -n "$pfx-h$3" link set lo up
	host_setup "$3" 2
}
port s1 s1-p1 1
port s1 s1-p2 2
port s1 s1-p3 3
port s2 s2-p1 4

swctl attach ovs-system
swctl -j show ovs-system | expect_json '.[0].kind == "ovs" and
	(.[0].ports | sort) == ["s1-p1", "s1-p2", "s1-p3", "s2-p1"]'
swctl set ovs-system querier on querier-address 192.0.2.200 query-interval 2 \
	query-response-interval 1 last-member-interval 0.5
wait_until 10 json_true '.[0].mode == "snooping" and .[0].querier.self' \
	swctl -j show ovs-system

join 1 239.1.6.1
join 4 239.1.6.1
wait_until 10 json_true '[.[] | select(.group == "239.1.6.1") | .port] | sort ==
	["s1-p1", "s2-p1"]' swctl -j group show ovs-system
data_counters 11 239.1.6.1 1 3 4
send_data 2 239.1.6.1 10
sleep 0.5
expect_counts 11 1:10 3:0 4:0		# s2's member is on another bridge
swctl -j -s show ovs-system | expect_json '.[0].stats.tx_pruned >= 10'

echo "# the hosts answer our queries: still members after 3 GMIs (5 s)"
sleep 15
wait_until 5 json_true '[.[] | select(.group == "239.1.6.1") | .port] | sort ==
	["s1-p1", "s2-p1"]' swctl -j group show ovs-system

echo "# OVS's own snooping on s1 changes nothing we deliver"
vsctl set Bridge s1 mcast_snooping_enable=true
sleep 2
send_data 2 239.1.6.1 10
sleep 0.5
expect_counts 11 1:20 3:0 4:0
vsctl set Bridge s1 mcast_snooping_enable=false

echo "# ovs-vswitchd restarts while data flows"
mac=01:00:5e:01:06:01
ip netns exec "$pfx-h2" mausezahn eth0 -q -c 0 -d 20msec -b "$mac" -A 192.0.2.2 \
	-B 239.1.6.1 -t udp "dp=5000,sp=5000" &
traffic_pid=$!
sleep 1
ovs_kill_vswitchd
sleep 1
swctl -j show ovs-system | expect_json '(.[0].ports | sort) == ["s1-p1", "s1-p2", "s1-p3", "s2-p1"]'
ovs_start_vswitchd
vsctl wait-until Interface s1-p1 ofport!=-1
sleep 2
kill "$traffic_pid"
wait "$traffic_pid" || true
traffic_pid=
before=$(counter "$pfx-h1" eth0 11)
((before > 20)) || fail "host 1 got nothing of the traffic across the restart"
expect_counts 11 3:0 4:0
send_data 2 239.1.6.1 10
sleep 0.5
expect_counts 11 1:$((before + 10)) 3:0 4:0

echo "# a port, then a bridge, deleted under traffic"
ip netns exec "$pfx-h2" mausezahn eth0 -q -c 0 -d 20msec -b "$mac" -A 192.0.2.2 \
	-B 239.1.6.1 -t udp "dp=5000,sp=5000" &
traffic_pid=$!
sleep 1
vsctl del-port s1 s1-p1
wait_until 5 json_true '[.[] | select(.group == "239.1.6.1") | .port] == ["s2-p1"]' \
	swctl -j group show ovs-system
vsctl del-br s2
wait_until 5 json_true '(.[0].ports | sort) == ["s1-p2", "s1-p3"]' swctl -j show ovs-system
swctl -j group show ovs-system | expect_json 'length == 0'
kill "$traffic_pid"
wait "$traffic_pid" || true
traffic_pid=
expect_counts 11 3:0

echo "# an instance for one OVS bridge, its ports resolved with ovs-vsctl"
swctl detach ovs-system
vsctl add-port s1 s1-int -- set Interface s1-int type=internal
vsctl add-port s1 s1-patch -- set Interface s1-patch type=patch options:peer=nowhere
out=$(swctl attach ovs-system ovs-bridge s1 2>&1)
echo "$out"
[[ $out == *"s1-int: not a datapath port"* && $out == *"s1-patch: not a datapath port"* ]] ||
	fail "attach ovs-bridge said: $out"
swctl -j show s1 | expect_json '.[0].name == "s1" and .[0].port_subset and
	(.[0].ports | sort) == ["s1-p2", "s1-p3"]'
expect_fail 'ovs-vsctl failed' swctl attach ovs-system ovs-bridge nosuchbr
vsctl del-port s1 s1-p2
wait_until 5 json_true '.[0].ports == ["s1-p3"]' swctl -j show s1
swctl detach s1
echo PASS
