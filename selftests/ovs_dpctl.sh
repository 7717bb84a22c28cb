#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# igmpsnoop on an Open vSwitch kernel datapath built with ovs-dpctl, with
# no ovs-vswitchd: flows flood every frame to every other port, the local
# port (the host) included, and igmpsnoop removes what ports did not ask
# for at their egress.
# - attach takes the datapath's local port device; its vports are the
#   instance's ports, followed as they come and go;
# - igmpsnoop's querier sends its queries out of the vports, and hosts'
#   joins are learned;
# - data reaches members only; reports reach no host; the local port (the
#   host) receives every group;
# - removing a vport and deleting the datapath leave nothing behind.
#
#   $pfx-h1     $pfx-h2     $pfx-h3
#      |           |           |
#    sw-p1       sw-p2       sw-p3
#   +-------- br0 (ovs-dpctl datapath, igmpsnoop, querier) --------+

. "$(dirname "$0")/lib.sh"

SWITCH=ovs
ip netns add "$sw"
ipsw link set lo up
switch_create
for i in 1 2 3; do
	ip netns add "$pfx-h$i"
	ipsw link add "sw-p$i" type veth peer name eth0 netns "$pfx-h$i"
	switch_port_add "sw-p$i"
	ip -n "$pfx-h$i" link set eth0 up
	ip -n "$pfx-h$i" link set lo up
	host_setup "$i" 2
	counter_add "$pfx-h$i" eth0 90 ip_proto 2 src_ip "192.0.2.1" dst_ip 239.1.5.1
done
ipsw addr add 192.0.2.100/24 dev br0
ipsw link set br0 up
swctl attach br0
swctl -j show br0 | expect_json '.[0].kind == "ovs" and (.[0].ports | sort) == ["sw-p1", "sw-p2", "sw-p3"] and
	(.[0].port_subset | not)'
expect_fail 'An igmpsnoop instance snoops every port of this device' \
	swctl attach br0 name sub ports sw-p1
swctl set br0 querier on query-interval 2 query-response-interval 1 last-member-interval 0.5
wait_until 10 json_true '.[0].mode == "snooping" and .[0].querier.self' swctl -j show br0
swctl -j -s show br0 | expect_json '.[0].stats.tx_query >= 3'

join 1 239.1.5.1
join 2 239.1.5.2
wait_members 239.1.5.1 sw-p1
wait_members 239.1.5.2 sw-p2
data_counters 11 239.1.5.1 1 2
data_counters 12 239.1.5.2 1 2
send_data 3 239.1.5.1 10
send_data 3 239.1.5.2 10
sleep 0.5
expect_counts 11 1:10 2:0
expect_counts 12 1:0 2:10
for h in 2 3; do
	[[ $(counter "$pfx-h$h" eth0 90) == 0 ]] || fail "host $h saw host 1's report"
done
swctl -j -s show br0 | expect_json '.[0].stats | .tx_pruned >= 20 and .tx_ctl_pruned > 0 and
	.host_pruned == 0'

# The datapath's local port (the host) receives every group, as a bridge
# device does: it is no vport, and igmpsnoop prunes only at vports.
counter_add "$sw" br0 13 dst_ip 239.1.5.9 ip_proto udp
data_counters 13 239.1.5.9 1 2
send_data 3 239.1.5.9 10
sleep 0.5
expect_counts 13 1:0 2:0
[[ $(counter "$sw" br0 13) == 10 ]] || fail "the host got $(counter "$sw" br0 13) of 10"

# The member's leave: our group-specific queries, then it is gone.
leave 1 239.1.5.1
WAIT=4 wait_members 239.1.5.1

# A vport removed is a port removed; the datapath deleted detaches.
nsw ovs-dpctl del-if br0 sw-p2
wait_until 5 json_true '(.[0].ports | sort) == ["sw-p1", "sw-p3"]' swctl -j show br0
swctl -j group show br0 | expect_json 'length == 0'
nsw ovs-dpctl del-dp br0
wait_until 5 json_true 'length == 0' swctl -j show
echo PASS
