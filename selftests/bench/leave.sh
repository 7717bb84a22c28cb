#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 1800
#
# Figure "leave": milliseconds from a member's IGMPv2 leave to the last
# frame of the group it still received, the bridge's own snooping against
# igmpsnoop, each the querier (the bridge: mcast_querier 1; igmpsnoop:
# querier on), so that the group is not flooded once it has no member:
#   fast   fast leave on the member's port: the membership goes at once
#   lmqt   no fast leave: group-specific queries, then the membership
#          ends after the last member query time (2 x 1 s, both's
#          default)
# pktgen sends a frame of the group every millisecond into p1; tcpdump
# on q2 timestamps the leave q2 sends and the frames q2 receives.
#
#   pktgen -> p1 [ br0 (querier) ] p2 (member, leaves)  p3

. "$(dirname "$0")/lib.sh"

# Frames a run, one a millisecond: before the leave (half a second and
# whatever TCG adds), the last member query time (2 s), and to spare.
count=6000
cap=$(mktemp)
pg_pid=
dump_pid=

test_cleanup() {
	[[ -z $dump_pid ]] || kill "$dump_pid" 2>/dev/null
	[[ -z $pg_pid ]] || kill "$pg_pid" 2>/dev/null
	rm -f "$cap"
	bench_teardown
}

members() {
	if [[ $1 == bridge ]]; then bridge_members; else igmpsnoop_members; fi
}
joined() { [[ $(members "$1") == 1 ]]; }

setup() {
	bench_teardown
	bench_bridge 3
	if [[ $1 == bridge ]]; then
		in_sw ip link set br0 type bridge mcast_snooping 1 mcast_querier 1
		[[ $2 != fast ]] || in_sw bridge link set dev p2 fastleave on
	else
		igmpsnoopctl -n "$sw" attach br0
		igmpsnoopctl -n "$sw" set br0 querier on querier-address 192.0.2.100
		[[ $2 != fast ]] || igmpsnoopctl -n "$sw" port set br0 p2 fast-leave on
	fi
	# The bridge's querier counts as present only after a query interval's
	# startup delay.
	sleep 3
	in_sw mausezahn q2 -q -c 1 -b "$group_mac" -A 192.0.2.2 -B "$group" \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 16 00 ef 01 01 01)"
	wait_until 10 joined "$1"
}

receiving() { (($(rx 2) > $1 + 10)); }

# measure MODE: prints the milliseconds from the leave to the last frame.
measure() {
	local leave_ts last_ts rx0 before after
	in_sw tcpdump -i q2 -n -tt -l 'igmp or udp' > "$cap" 2>/dev/null &
	dump_pid=$!
	sleep 1
	rx0=$(rx 2)
	bench_pktgen p1 "$group_mac" "$group" "$count" "delay 1000000" > /dev/null &
	pg_pid=$!
	# pktgen's setup takes a while under TCG: the leave goes once the
	# member has had frames for half a second.
	wait_until 30 receiving "$rx0"
	sleep 0.5
	in_sw mausezahn q2 -q -c 1 -b 01:00:5e:00:00:02 -A 192.0.2.2 -B 224.0.0.2 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 17 00 ef 01 01 01)"
	wait "$pg_pid"
	pg_pid=
	sleep 0.5
	kill "$dump_pid"
	wait "$dump_pid" 2>/dev/null || true
	dump_pid=
	leave_ts=$(awk '/igmp leave/ { print $1; exit }' "$cap")
	[[ -n $leave_ts ]] || fail "$1: no leave in the capture"
	last_ts=$(awk '/UDP/ { t = $1 } END { print t }' "$cap")
	[[ -n $last_ts ]] || fail "$1: the member got no data"
	# Frames kept coming until pktgen's end: the leave did nothing.
	before=$(awk -v l="$leave_ts" '/UDP/ && $1 <= l' "$cap" | wc -l)
	after=$(awk -v l="$leave_ts" '/UDP/ && $1 > l' "$cap" | wc -l)
	((after < count - before - 100)) ||
		fail "$1: the member still got the group after its leave ($before before, $after after)"
	echo "($last_ts - $leave_ts) * 1000" | bc | awk '{ printf "%.1f", $1 < 0 ? 0 : $1 }'
}

for r in $(bench_rounds); do
	for config in fast lmqt; do
		for mode in bridge igmpsnoop; do
			setup "$mode" "$config"
			ms=$(measure "$mode")
			((r == 0)) || bench_record leave "$config" "$mode" 1 "$r" "$ms" ms
		done
	done
done
echo PASS
