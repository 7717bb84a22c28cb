#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A real multicast router as the querier: igmpproxy (Debian's package) in
# a namespace, its downstream interface on br0, igmpsnoop only snooping.
# - br0 hears igmpproxy's queries: it is the querier, on port sw-r;
# - a host's join reaches igmpproxy (a router port) and no other host, and
#   igmpproxy joins upstream;
# - data from the upstream source, routed by the kernel's multicast
#   routing that igmpproxy programs, reaches the member alone;
# - a leave goes to igmpproxy, whose group-specific queries prune the
#   port long before the membership interval (about 20 s against 260 s).
#
#   $pfx-src 10.1.0.2 --- up0 [$pfx-r: igmpproxy] down0 192.0.2.254
#                                                    |
#   $pfx-h1   $pfx-h2                               |
#      |         |                                  |
#    sw-p1     sw-p2                              sw-r
#   +--------------- br0 (igmpsnoop) ---------------+

. "$(dirname "$0")/lib.sh"

command -v igmpproxy >/dev/null || skip "igmpproxy is not installed (make deps)"
r=$pfx-r
src=$pfx-src
tmp=$(mktemp -d)
test_cleanup() {
	[[ -n ${proxy:-} ]] && kill "$proxy" 2>/dev/null
	cat "$tmp/igmpproxy.log" 2>/dev/null | tail -n 20
	rm -rf "$tmp"
}
group=239.2.2.2

setup_bridge 2
host_setup 1 2
host_setup 2 2
ip netns add "$r"
ip netns add "$src"
ip -n "$r" link set lo up
ip -n "$src" link set lo up
ip -n "$r" link add up0 type veth peer name eth0 netns "$src"
ip -n "$r" link add down0 type veth peer name sw-r netns "$sw"
ip -n "$r" addr add 10.1.0.1/24 dev up0
ip -n "$r" addr add 192.0.2.254/24 dev down0
ip -n "$r" link set up0 up
ip -n "$r" link set down0 up
ip -n "$src" addr add 10.1.0.2/24 dev eth0
ip -n "$src" link set eth0 up
ip -n "$src" route add default via 10.1.0.1
ipsw link set sw-r master br0 up
# IGMPv2 upstream, so that igmpproxy's join goes to the group address.
ip netns exec "$r" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.rp_filter=0 \
	net.ipv4.conf.up0.rp_filter=0 net.ipv4.conf.up0.force_igmp_version=2
counter_add "$src" eth0 71 ip_proto 2 dst_ip "$group"
data_counters 11 "$group" 1 2

swctl attach br0
cat > "$tmp/igmpproxy.conf" <<EOC
quickleave
phyint up0 upstream ratelimit 0 threshold 1
	altnet 10.1.0.0/24
phyint down0 downstream ratelimit 0 threshold 1
EOC
ip netns exec "$r" igmpproxy -d -v "$tmp/igmpproxy.conf" > "$tmp/igmpproxy.log" 2>&1 &
proxy=$!

wait_until 20 json_true '.[0].mode == "snooping" and
	.[0].querier.address == "192.0.2.254" and .[0].querier.port == "sw-r"' \
	swctl -j show br0
swctl -j port show br0 | expect_json '[.[] | select(.is_router) | .port] == ["sw-r"]'

join 1 "$group"
wait_members "$group" sw-p1
# igmpproxy heard the report and joined upstream.
wait_until 10 bash -c "(( \$(ip netns exec $src tc -j -s filter show dev eth0 ingress |
	jq '[.[] | select(.options.handle == 71)][0].options.actions[0].stats.packets') >= 1 ))"

# Data from upstream, routed to br0, to the member only.
wait_until 10 bash -c "ip netns exec $src mausezahn eth0 -q -c 1 -A 10.1.0.2 -B $group \
	-b 01:00:5e:02:02:02 -t udp 'dp=5000,sp=5000,ttl=8' 2>/dev/null;
	sleep 0.3; (( \$(ip netns exec $pfx-h1 tc -j -s filter show dev eth0 ingress |
	jq '[.[] | select(.options.handle == 11)][0].options.actions[0].stats.packets') >= 1 ))"
before=$(counter "$pfx-h1" eth0 11)
ip netns exec "$src" mausezahn eth0 -q -c 10 -d 1msec -A 10.1.0.2 -B "$group" \
	-b 01:00:5e:02:02:02 -t udp "dp=5000,sp=5000,ttl=8"
sleep 0.5
got=$(($(counter "$pfx-h1" eth0 11) - before))
echo "# routed: host 1 got $got of 10, host 2 $(counter "$pfx-h2" eth0 11)"
((got == 10)) || fail "host 1 got $got of 10 routed packets"
[[ $(counter "$pfx-h2" eth0 11) == 0 ]] || fail "host 2 got routed packets"

# The leave: igmpproxy's group-specific queries prune sw-p1 in seconds
# (its membership interval is over 4 minutes).
start=$SECONDS
leave 1 "$group"
# igmpproxy asks with a Max Resp Time of 10 s: LMQC x 10 s = 20 s.
WAIT=40 wait_members "$group"
echo "# pruned $((SECONDS - start)) s after the leave"
((SECONDS - start < 60)) || fail "pruned after $((SECONDS - start)) s, not by the group-specific queries"
echo PASS
