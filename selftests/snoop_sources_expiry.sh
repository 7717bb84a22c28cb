#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IGMPv3 source filtering, beyond snoop_sources: the two state table rows
# it leaves (IS_EX in INCLUDE mode, IS_IN in EXCLUDE mode); the group
# timer turning EXCLUDE into INCLUDE and the last source timer ending the
# membership (RFC 3376 6.5); IGMPv2 compatibility (BLOCK and the sources
# of TO_EX ignored, 7.3.2); the 64-source limit, counted; per-source
# forwarding alike with the fast path off (the bridge floods, igmpsnoop
# prunes) and on; another querier's
# group-and-source-specific query lowering source timers while ours
# stands by; and the monitor events of source changes and of refused
# sources.
#
#   $pfx-h1 (crafted v3 reports; counts data per source)
#      |
#    sw-p1        sw-p2 -- $pfx-h2 (sends data from S1..S4 = 10.0.0.1..4)
#   +--- br0 (igmpsnoop, IGMPv3 querier 192.0.2.200) ---+
#    sw-p3 -- $pfx-h3 (another querier, in the last part)

. "$(dirname "$0")/lib.sh"

G=239.2.0.1
LMQT=2		# LMQC 2 x LMQI 1 s

tmp=$(mktemp -d)
test_cleanup() {
	kill $(jobs -p) 2>/dev/null
	rm -rf "$tmp"
}
# The events of group G: events G EVENT [JQ-CONDITION]
events() {
	jq -s --arg g "$1" --arg e "$2" \
		"[.[] | select(.group == \$g and .event == \$e and (${3:-true}))] | length" "$tmp/events"
}

sources_setup 3 1 "$G"
ip netns exec "$sw" igmpsnoopctl -j monitor > "$tmp/events" &
sleep 1

echo "# the rows snoop_sources leaves: IS_EX in INCLUDE, IS_IN in EXCLUDE"
report 1 $G 1 2			# IS_IN(S1, S2): INCLUDE(S1, S2)
expect_state $G "include 1:fwd 2:fwd"
report 2 $G 2 3			# IS_EX(S2, S3): EXCLUDE({S2}, {S3}), delete S1
expect_state $G "exclude 2:fwd 3:blk"
expect_fwd $G 30 "1:y 2:y 3:n"
report 1 $G 3 4			# IS_IN(S3, S4): EXCLUDE({S2, S3, S4}, {})
expect_state $G "exclude 2:fwd 3:fwd 4:fwd"
expect_fwd $G 30 "3:y"
# Each change of what the member forwards is a group-changed event, with
# the member port unchanged.
(($(events $G group-added) == 1 && $(events $G group-changed '.ports == ["sw-p1"]') >= 2)) ||
	fail "source changes were not reported: $(cat "$tmp/events")"
report 3 $G			# TO_IN{}: Q(G, {S2, S3, S4}), Q(G): gone after LMQT
WAIT=6 wait_members $G

echo "# 6.5: the group timer turns EXCLUDE into INCLUDE, source timers end it"
# GMI 12 s: S1 comes 5 s after the group timer, so the state is checked
# within 7 s of ALLOW and refreshed within 5 s of the group timer's end,
# which a busy machine leaves time for.
swctl set br0 membership-interval 12
report 2 $G 2			# IS_EX(S2): EXCLUDE({}, {S2}), GT = 12 s
sleep 5
report 5 $G 1			# ALLOW(S1): S1 = 12 s, 5 s after the group timer
expect_state $G "exclude 1:fwd 2:blk"
wait_until 12 state_is $G "include 1:fwd"
report 1 $G 1			# IS_IN(S1): S1 = GMI again, time to check
expect_state $G "include 1:fwd"
expect_fwd $G 30 "1:y 2:n 3:n"
WAIT=16 wait_members $G			# S1's timer ends the membership
swctl set br0 membership-interval auto

echo "# IGMPv2 compatibility: BLOCK and the sources of TO_EX are ignored"
G2=239.2.0.2
sources_counters "$G2" 40
send_igmp 1 "$G2" "$(igmp_hex 16 00 ef 02 00 02)"	# v2 report
wait_members "$G2" sw-p1
swctl -j group show br0 "$G2" | expect_json '.[0].host_version == 2'
report 6 "$G2" 1		# BLOCK(S1): ignored
expect_state "$G2" "exclude"
report 4 "$G2" 1		# TO_EX(S1): read as TO_EX{}
expect_state "$G2" "exclude"
expect_fwd "$G2" 40 "1:y 2:y"

echo "# at most 64 sources a member"
G3=239.2.0.3
full=$(inst_stat sources_full)
report 5 "$G3" $(seq 1 70)	# ALLOW of 70 sources
wait_members "$G3" sw-p1
swctl -j group show br0 "$G3" | expect_json '.[0].sources | length == 64'
(($(inst_stat sources_full) == full + 6)) || fail "expected 6 sources counted as refused"
[[ $(swctl -d group show br0 "$G3") == *"source 10.0.0.64 forward"* ]] ||
	fail "group show -d does not list the sources"
sleep 0.5
(($(events "$G3" table-full '.limit == "sources" and .ports == ["sw-p1"]') == 1)) ||
	fail "no table-full event for the refused sources: $(cat "$tmp/events")"

echo "# the bridge's flood pruned and the fast path agree"
swctl set br0 fast-path off
report 1 $G 1			# INCLUDE(S1)
wait_members $G sw-p1
expect_fwd $G 30 "1:y 2:n"
swctl set br0 fast-path on

echo "# another querier's group-and-source-specific query"
# Host 3 queries as IGMPv3 from 192.0.2.3, below ours: it wins, and ours
# stands by. Leaves and BLOCKs then lower nothing by themselves.
send_igmp 3 224.0.0.1 "$(igmp_hex 11 64 00 00 00 00 02 7d 00 00)"
wait_until 5 json_true '.[0].querier.address == "192.0.2.3"' igmpsnoopctl -n "$sw" -j show br0
report 5 $G 2			# INCLUDE(S1, S2)
report 6 $G 2			# BLOCK(S2): the querier asks, not us
sleep $((LMQT + 1))
expect_state $G "include 1:fwd 2:fwd"
# Its query Q(G, {S2}), Max Resp Time 0.5 s, QRV 2: S2 goes after 1 s.
send_igmp 3 $G "$(igmp_hex 11 05 ef 02 00 01 02 7d 00 01 0a 00 00 02)"
wait_until 7 state_is $G "include 1:fwd"
expect_fwd $G 30 "1:y 2:n"
echo PASS
