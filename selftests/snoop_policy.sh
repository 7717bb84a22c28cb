#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What happens to multicast no port asked for, and to router ports:
# - no querier heard: everything is flooded (fail open), and show says so;
# - with a querier, unregistered groups follow the instance's policy:
#   routers (the default), flood or drop;
# - router ports: learned from queries, PIM hellos and multicast router
#   advertisements, forced on or off;
# - two bridges keep their own state;
# - a querier that falls silent, and its router port, expire after OQPI.
#
#   $pfx-h1  $pfx-h2  $pfx-h3 (source)              $pfx-h5  $pfx-h6
#      |        |        |                            |        |
#    sw-p1    sw-p2    sw-p3    sw-q --- $pfx-q      sw-r1    sw-r2
#   +--------- br0 (igmpsnoop) ----+     querier    +--- br1 ---+

. "$(dirname "$0")/lib.sh"

setup_bridge 3
for h in 1 2 3; do
	host_setup "$h" 2
done
swctl attach br0

# No querier: flooded, and show says why.
swctl -j show br0 | expect_json '.[0].mode == "flooding" and .[0].querier == null'
[[ $(swctl show br0) == *"flooding: no querier heard"* ]] || fail "show does not say it floods"
data_counters 11 239.1.3.1 1 2
send_data 3 239.1.3.1 10
sleep 0.5
expect_counts 11 1:10 2:10
swctl -j -s show br0 | expect_json '.[0].stats.fwd_flooded == 10'

# A querier: unregistered multicast goes to the router port only.
setup_querier 2
counter_add "$pfx-q" qbr-p 12 dst_ip 239.1.3.2 ip_proto udp
wait_snooping
data_counters 12 239.1.3.2 1 2
send_data 3 239.1.3.2 10
sleep 0.5
expect_counts 12 1:0 2:0
[[ $(q_counter 12) == 10 ]] || fail "router port got $(q_counter 12) of 10"

swctl set br0 unregistered flood
swctl -j show br0 | expect_json '.[0].unregistered == "flood"'
send_data 3 239.1.3.2 10
sleep 0.5
expect_counts 12 1:10 2:10
[[ $(q_counter 12) == 20 ]] || fail "router port got $(q_counter 12) of 20"

swctl set br0 unregistered drop
send_data 3 239.1.3.2 10
sleep 0.5
expect_counts 12 1:10 2:10
[[ $(q_counter 12) == 20 ]] || fail "router port got $(q_counter 12) of 20"

# Router ports by hand: sw-p1 on, the learned sw-q off.
swctl set br0 unregistered routers
swctl port set br0 sw-p1 router on
swctl port set br0 sw-q router off
swctl -j port show br0 | expect_json '
	([.[] | select(.is_router) | .port] == ["sw-p1"]) and
	([.[] | select(.port == "sw-q")][0].router == "off")'
send_data 3 239.1.3.2 10
sleep 0.5
expect_counts 12 1:20 2:10
[[ $(q_counter 12) == 20 ]] || fail "router port 'off' got data"
swctl port set br0 sw-p1 router auto
swctl port set br0 sw-q router auto

# A PIM hello makes a router port.
pim_hello=20:00:00:00:00:01:00:02:00:69	# v2 hello, holdtime 105 s (checksum not checked)
ip netns exec "$pfx-h2" mausezahn eth0 -q -c 1 -b 01:00:5e:00:00:0d -A 192.0.2.2 \
	-B 224.0.0.13 -t ip "proto=103,ttl=1,p=$pim_hello"
wait_until 5 json_true '[.[] | select(.is_router) | .port] | sort == ["sw-p2", "sw-q"]' \
	igmpsnoopctl -n "$sw" -j port show br0
swctl -j -s show br0 | expect_json '.[0].stats.rx_pim_hello == 1'

# So does a multicast router advertisement (RFC 4286: IGMP type 0x30 to
# 224.0.0.106), a valid IGMP message of a type the kernel does not parse.
send_igmp 1 224.0.0.106 "$(igmp_hex 30 14 00 7d 00 02)"
wait_until 5 json_true '[.[] | select(.is_router) | .port] | sort == ["sw-p1", "sw-p2", "sw-q"]' \
	igmpsnoopctl -n "$sw" -j port show br0
swctl -j -s show br0 | expect_json '.[0].stats | .rx_other == 1 and .rx_bad == 0'

# Out-of-range and unknown settings are refused and change nothing.
expect_fail 'response interval' swctl set br0 query-interval 2 query-response-interval 3
expect_fail 'unknown setting' swctl set br0 nonsense 1
expect_fail 'Numerical result out of range|out of range' swctl set br0 robustness 9
swctl -j -d show br0 | expect_json '.[0] | ."query-interval" == 125 and .robustness == 2'

# A second bridge has its own state: no querier there, so it floods, and
# none of br0's groups.
ipsw link add br1 type bridge mcast_snooping 0
for i in 1 2; do
	ip netns add "$pfx-h$((i + 4))"
	ipsw link add "sw-r$i" type veth peer name eth0 netns "$pfx-h$((i + 4))"
	ipsw link set "sw-r$i" master br1 up
	ip -n "$pfx-h$((i + 4))" link set eth0 up
done
ipsw link set br1 up
swctl attach br1
join 1 239.1.3.3
wait_members 239.1.3.3 sw-p1
swctl -j show | expect_json '(map({(.dev): .mode}) | add) == {"br0": "snooping", "br1": "flooding"}'
swctl -j group show br1 | expect_json 'length == 0'
swctl -j group show | expect_json 'all(.[]; .dev == "br0")'

# A querier heard once on br1 is gone after OQPI (2 x 2 + 0.5 / 2 s here),
# and so is the router port learned from it: br1 floods again.
swctl set br1 query-interval 2 query-response-interval 0.5
send_igmp 5 224.0.0.1 "$(igmp_hex 11 05 00 00 00 00)"	# Max Resp Time 0.5 s
wait_until 5 json_true '.[0].mode == "snooping" and .[0].router_ports == ["sw-r1"]' \
	igmpsnoopctl -n "$sw" -j show br1
start=$SECONDS
wait_until 10 json_true '.[0].mode == "flooding" and .[0].querier == null and
	.[0].router_ports == []' igmpsnoopctl -n "$sw" -j show br1
echo "# querier and router port expired after $((SECONDS - start)) s"
echo PASS
