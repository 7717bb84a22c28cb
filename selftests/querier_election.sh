#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Querier election (RFC 2236 3, RFC 3376 6.6.2): the lowest address wins.
# - two igmpsnoop queriers: the lower (br1, 192.0.2.50) queries, the
#   higher (br0, 192.0.2.100) stops and names it, with its port; when the
#   winner stops, br0 takes over after the other querier present interval;
# - a Linux bridge querier (mcast_querier 1) with a higher address hears
#   br0 and stops querying, while br0 stays the querier;
# - a Linux bridge querier with a lower address wins, br0 stops sending;
#   when it stops querying, br0 takes over again after OQPI.
#
#   $pfx-h1        $pfx-sw2: br1 192.0.2.50 (igmpsnoop)
#      |                      |
#    sw-p1                  sw-l          sw-q --- $pfx-q: qbr (Linux
#   +------- br0 192.0.2.100 (igmpsnoop) -------+       bridge querier)

. "$(dirname "$0")/lib.sh"

sw2=$pfx-sw2
mon_out=$(mktemp)
test_cleanup() { rm -f "$mon_out"; }
setup_bridge 1
host_setup 1 2
ipsw addr add 192.0.2.100/24 dev br0
ip netns add "$sw2"
ip -n "$sw2" link add br1 type bridge mcast_snooping 0
ip -n "$sw2" addr add 192.0.2.50/24 dev br1
ipsw link add sw-l type veth peer name sw2-l netns "$sw2"
ip -n "$sw2" link set sw2-l master br1 up
ip -n "$sw2" link set br1 up
ipsw link set sw-l master br0 up
# Queries from each address, as host 1 sees them.
counter_add "$pfx-h1" eth0 81 ip_proto 2 src_ip 192.0.2.100 dst_ip 224.0.0.1
counter_add "$pfx-h1" eth0 82 ip_proto 2 src_ip 192.0.2.50 dst_ip 224.0.0.1
counter_add "$pfx-h1" eth0 83 ip_proto 2 src_ip 192.0.2.254 dst_ip 224.0.0.1
counter_add "$pfx-h1" eth0 84 ip_proto 2 src_ip 192.0.2.10 dst_ip 224.0.0.1

# Over 5 s, the querier host 1 counts with rule QUERYING sends two queries
# or more, the one it counts with rule SILENT none.
#   expect_queries QUERYING SILENT NAME_QUERYING NAME_SILENT
expect_queries() {
	local q0 s0 q1 s1
	q0=$(counter "$pfx-h1" eth0 "$1")
	s0=$(counter "$pfx-h1" eth0 "$2")
	sleep 5
	q1=$(counter "$pfx-h1" eth0 "$1")
	s1=$(counter "$pfx-h1" eth0 "$2")
	echo "# in 5 s: $((q1 - q0)) queries from $3, $((s1 - s0)) from $4"
	((q1 >= q0 + 2)) || fail "$3 does not query"
	((s1 == s0)) || fail "$4 still queries"
}

# Between br0 and br1, robustness 3: OQPI = 3 x 2 + 1 / 2 = 6.5 s. A
# querier that stops was last heard up to QI = 2 s before it stopped, so
# the other takes over at least OQPI - QI after: measured from before the
# command that stops it, that bound holds however long the command and
# the polls take on a busy machine, and one that took over a whole QI
# early would miss it.
#   expect_oqpi START WHO OQPI-QI
expect_oqpi() {
	local took

	took=$(awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
	echo "# br0 took over $took s after $2 stopped"
	awk -v t="$took" -v min="$3" 'BEGIN { exit !(t >= min) }' ||
		fail "br0 took over $took s after $2 stopped, before OQPI - QI = $3 s"
}
for ns in "$sw" "$sw2"; do
	dev=br0
	[[ $ns == "$sw2" ]] && dev=br1
	ctl -n "$ns" attach "$dev"
	ctl -n "$ns" set "$dev" query-interval 2 query-response-interval 1 robustness 3
done
ctl -n "$sw2" set br1 querier on
sleep 1
swctl set br0 querier on

# br0 hears br1's lower address: it names br1 and stops.
wait_until 10 json_true '.[0].querier.address == "192.0.2.50" and
	.[0].querier.port == "sw-l" and .[0].querier.self == false and
	.[0].querier_enabled == true' swctl -j show br0
ctl -n "$sw2" -j show br1 | expect_json '.[0].querier.self == true'
expect_queries 82 81 br1 br0
swctl -j show br0 | expect_json '.[0].querier.address == "192.0.2.50"'

# br1 stops: br0 takes over after OQPI, and br1 now names br0.
swctl monitor > "$mon_out" &
mon=$!
sleep 1
start=$EPOCHREALTIME
ctl -n "$sw2" set br1 querier off
wait_until 15 json_true '.[0].querier.self == true and
	.[0].querier.address == "192.0.2.100"' swctl -j show br0
expect_oqpi "$start" br1 4.5
wait_until 5 json_true '.[0].querier.address == "192.0.2.100" and
	.[0].querier.port == "sw2-l"' ctl -n "$sw2" -j show br1
kill "$mon"
cat "$mon_out"
[[ $(cat "$mon_out") == *"querier 192.0.2.100 dev br0 self version 2 changed"* ]] ||
	fail "no querier-changed event for the takeover"

# A Linux bridge querier with a higher address hears br0 and stops.
setup_querier 2 2 192.0.2.254
sleep 4
expect_queries 81 83 br0 "the Linux bridge"
swctl -j show br0 | expect_json '.[0].querier.self == true'
ip netns delete "$pfx-q"

# A Linux bridge querier with a lower address wins: br0 stops.
setup_querier 2 2 192.0.2.10
if ! poll 10 json_true '.[0].querier.address == "192.0.2.10" and
	.[0].querier.port == "sw-q" and .[0].querier.self == false' swctl -j show br0; then
	# Which side failed: the Linux bridge's queries, or igmpsnoop's view.
	swctl show br0 >&2
	ip -n "$pfx-q" -d link show qbr >&2
	echo "# h1 heard $(counter "$pfx-h1" eth0 84) queries from 192.0.2.10" >&2
	fail "br0 did not take the Linux bridge (192.0.2.10) as the querier in 10 s"
fi
sleep 1
expect_queries 84 81 "the Linux bridge" br0

# It stops querying: br0 takes over after OQPI, its own (an IGMPv2 query
# carries no robustness or interval): 6.5 s again, and the bridge's QI is
# 2 s.
start=$EPOCHREALTIME
ip -n "$pfx-q" link set qbr type bridge mcast_querier 0
wait_until 15 json_true '.[0].querier.self == true' swctl -j show br0
expect_oqpi "$start" "the bridge" 4.5
a=$(counter "$pfx-h1" eth0 81)
sleep 3
(($(counter "$pfx-h1" eth0 81) > a)) || fail "br0 does not query after taking over"
echo PASS
