#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Several instances on one Open vSwitch datapath, each on a subset of its
# ports, as OVS bridges share one datapath: flows make two L2 domains of
# the vports of an ovs-dpctl datapath, and an instance snoops each.
# - attach with a port list, port add and port del, and what they refuse:
#   a subset of a Linux bridge, a device that is no vport, a port in
#   another instance, a name taken or invalid, an ambiguous device name;
# - a new vport joins no subset instance until it is added;
# - the instances share nothing: each has its own querier, sending out of
#   its own ports only, its own groups and events;
# - a port deleted from an instance is no longer pruned; a vport removed
#   from the datapath leaves its instance; detaching one leaves the other.
#
#   $pfx-h1  $pfx-h2  $pfx-h3        $pfx-h4  $pfx-h5  $pfx-h6
#      |        |        |              |        |        |
#    sw-p1    sw-p2    sw-p3          sw-p4    sw-p5    sw-p6
#   +---- instance a (querier .201) -+ +-- instance b (querier .202) --+
#   +------------- br0 (ovs-dpctl datapath, two domains) --------------+

. "$(dirname "$0")/lib.sh"

SWITCH=ovs
tmp=$(mktemp -d)
test_cleanup() {
	kill $(jobs -p) 2>/dev/null
	rm -rf "$tmp"
}

port_no() {
	ip netns exec "$sw" ovs-dpctl show br0 | sed -nE "s/^ *port ([0-9]+): $1( .*)?\$/\\1/p"
}

# Flows making an L2 domain of each list of ports: a frame from a port goes
# to the other ports of its list and to the local port 0, which sends to all.
domain_flows() {
	local dom p q out all=
	nsw ovs-dpctl del-flows br0
	for dom in "$@"; do
		for p in $dom; do
			out=0
			for q in $dom; do
				[[ $q == "$p" ]] || out=$out,$(port_no "$q")
			done
			nsw ovs-dpctl add-flow br0 "in_port($(port_no "$p")),eth()" "$out"
			all=${all:+$all,}$(port_no "$p")
		done
	done
	nsw ovs-dpctl add-flow br0 "in_port(0),eth()" "$all"
}

ports_of() { swctl -j show "$1" | jq -c '.[0].ports | sort'; }

setup_bridge 5
for h in 1 2 3 4 5; do
	host_setup "$h" 2
done
domain_flows "sw-p1 sw-p2 sw-p3" "sw-p4 sw-p5"
ipsw link add br9 type bridge mcast_snooping 0
ipsw link add sw-x type veth peer name sw-xh
ipsw link set sw-x master br9 up
swctl monitor > "$tmp/events" &

echo "# what attach refuses"
expect_fail 'Port subsets are for Open vSwitch datapaths' swctl attach br9 ports sw-x
expect_fail 'Not a port of the instance.s switch' swctl attach br0 name a ports sw-p1,sw-x
expect_fail 'Invalid instance name' swctl attach br0 name a/b ports sw-p1
expect_fail 'no valid instance name' swctl attach br0 name 0123456789abcdef ports sw-p1
[[ -z $(swctl show) ]] || fail "a refused attach left an instance"
swctl attach br0 name a ports sw-p1,sw-p2,sw-p3
expect_fail 'in an igmpsnoop instance already' swctl attach br0 name b ports sw-p4,sw-p3
expect_fail 'has this name already' swctl attach br0 name a ports sw-p4
expect_fail 'snoop subsets of its ports: give a port list' swctl attach br0
swctl attach br0 name b ports sw-p4
swctl -j show | expect_json 'length == 2'
swctl -j show a | expect_json '.[0] | .name == "a" and .dev == "br0" and .kind == "ovs" and
	.port_subset and (.ports | sort) == ["sw-p1", "sw-p2", "sw-p3"]'
[[ $(swctl show a) == "a: ovs dev br0 port-subset ports sw-p1,sw-p2,sw-p3"* ]] ||
	fail "show a says: $(swctl show a)"
expect_fail 'Several igmpsnoop instances share this device: name one' swctl show br0
expect_fail 'No igmpsnoop instance or switch of this name' swctl show nosuch

echo "# port add and del, and what they refuse"
expect_fail 'Already a port of this instance' swctl port add a sw-p2
expect_fail 'in an igmpsnoop instance already' swctl port add b sw-p1
expect_fail 'Not a port of this instance' swctl port del b sw-p1
expect_fail 'Not a port of the instance.s switch' swctl port add b sw-x
swctl port add b sw-p5
[[ $(ports_of b) == '["sw-p4","sw-p5"]' ]] || fail "b's ports: $(ports_of b)"
swctl attach br9
expect_fail 'follows every port of its switch' swctl port add br9 sw-x
expect_fail 'follows every port of its switch' swctl port del br9 sw-x
swctl detach br9

echo "# a new vport joins no subset instance until added"
ip netns add "$pfx-h6"
ipsw link add sw-p6 type veth peer name eth0 netns "$pfx-h6"
ip -n "$pfx-h6" link set eth0 up
ip -n "$pfx-h6" link set lo up
host_setup 6 2
switch_port_add sw-p6
domain_flows "sw-p1 sw-p2 sw-p3" "sw-p4 sw-p5 sw-p6"
sleep 0.5
[[ $(ports_of a) == '["sw-p1","sw-p2","sw-p3"]' && $(ports_of b) == '["sw-p4","sw-p5"]' ]] ||
	fail "a new vport was added to a subset instance: a $(ports_of a), b $(ports_of b)"
swctl port add b sw-p6
[[ $(ports_of b) == '["sw-p4","sw-p5","sw-p6"]' ]] || fail "b's ports: $(ports_of b)"

echo "# two queriers, each out of its instance's ports only"
for h in 1 4; do
	counter_add "$pfx-h$h" eth0 80 ip_proto 2 src_ip 192.0.2.201 dst_ip 224.0.0.1
	counter_add "$pfx-h$h" eth0 81 ip_proto 2 src_ip 192.0.2.202 dst_ip 224.0.0.1
done
for i in a:201 b:202; do
	swctl set "${i%:*}" querier on querier-address "192.0.2.${i#*:}" query-interval 2 \
		query-response-interval 1 last-member-interval 0.5
done
for i in a:201 b:202; do
	wait_until 10 json_true ".[0].mode == \"snooping\" and .[0].querier.self and
		.[0].querier.address == \"192.0.2.${i#*:}\"" swctl -j show "${i%:*}"
done
sleep 2
(($(counter "$pfx-h1" eth0 80) > 0 && $(counter "$pfx-h4" eth0 81) > 0)) ||
	fail "an instance's hosts got none of its queries"
[[ $(counter "$pfx-h1" eth0 81) == 0 && $(counter "$pfx-h4" eth0 80) == 0 ]] ||
	fail "queries crossed instances: h1 got $(counter "$pfx-h1" eth0 81) of b's, h4 $(counter "$pfx-h4" eth0 80) of a's"

echo "# each instance learns its own members"
join 1 239.1.7.1
join 5 239.1.7.1
wait_until 10 json_true 'map(.instance + ":" + .port) | sort == ["a:sw-p1", "b:sw-p5"]' \
	swctl -j group show
swctl -j group show a | expect_json 'length == 1 and .[0].port == "sw-p1" and .[0].dev == "br0"'
swctl -j group show b | expect_json 'length == 1 and .[0].port == "sw-p5"'
[[ $(swctl group show a) == "instance a group 239.1.7.1 port sw-p1 temp"* ]] ||
	fail "group show a says: $(swctl group show a)"
data_counters 11 239.1.7.1 1 3 5 6
send_data 2 239.1.7.1 10
sleep 0.5
expect_counts 11 1:10 3:0 5:0 6:0
send_data 4 239.1.7.1 10
sleep 0.5
expect_counts 11 1:10 3:0 5:10 6:0
swctl -j -s show a | expect_json '.[0].stats | .tx_pruned >= 10 and .rx_report_v2 > 0'
swctl -j -s show b | expect_json '.[0].stats | .tx_pruned >= 10 and .rx_report_v2 > 0'

echo "# a port deleted from an instance is no longer pruned"
swctl port del a sw-p3
[[ $(ports_of a) == '["sw-p1","sw-p2"]' ]] || fail "a's ports: $(ports_of a)"
send_data 2 239.1.7.1 10
sleep 0.5
expect_counts 11 1:20 3:10 5:10 6:0

echo "# a vport removed from the datapath leaves its instance and the table"
nsw ovs-dpctl del-if br0 sw-p5
wait_until 5 json_true '(.[0].ports | sort) == ["sw-p4", "sw-p6"]' swctl -j show b
swctl -j group show b | expect_json 'length == 0'
swctl -j group show a | expect_json 'length == 1'

echo "# events name their instance"
sleep 0.5
[[ $(cat "$tmp/events") == *"group 239.1.7.1 instance a added"* &&
   $(cat "$tmp/events") == *"group 239.1.7.1 instance b added"* &&
   $(cat "$tmp/events") == *"querier 192.0.2.202 instance b self"* ]] ||
	fail "events: $(cat "$tmp/events")"

echo "# detaching one leaves the other; the datapath deleted detaches it"
swctl detach a
swctl -j show | expect_json 'length == 1 and .[0].name == "b"'
swctl -j show br0 | expect_json '.[0].name == "b"'	# the one instance of br0
nsw ovs-dpctl del-dp br0
wait_until 5 json_true 'length == 0' swctl -j show
echo PASS
