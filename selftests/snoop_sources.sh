#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IGMPv3 source filtering against the RFC 3376 6.4 state tables: every
# record type in INCLUDE and EXCLUDE mode, with the state `group show`
# reports and, after each step, which sources' data reaches the member,
# source by source; source timers running out (6.5) after our
# group-and-source-specific queries, which are decoded. More in
# snoop_sources_expiry.
#
#   $pfx-h1 (crafted v3 reports; counts data per source)
#      |
#    sw-p1        sw-p2 -- $pfx-h2 (sends data from S1..S4 = 10.0.0.1..4)
#   +--- br0 (igmpsnoop, IGMPv3 querier 192.0.2.200) ---+

. "$(dirname "$0")/lib.sh"

G=239.2.0.1
# LMQC 2 x LMQI 5 s: a source asked about still forwards while a step
# checks it, on a debug kernel beside a loaded machine's other VMs (at 4 s
# one did not: its timer ran out first).
LMQT=10
tmp=$(mktemp -d)
test_cleanup() {
	[[ -z $tcpdump_pid ]] || kill "$tcpdump_pid"
	rm -rf "$tmp"
}

sources_setup 2 $((LMQT / 2)) "$G"

# Our queries as host 1 sees them, decoded by tcpdump.
ip netns exec "$pfx-h1" timeout 300 tcpdump -l -n -i eth0 -vv igmp \
	> "$tmp/queries.txt" 2> "$tmp/queries.err" &
tcpdump_pid=$!
tcpdump_wait "$tmp/queries.err"

echo "# INCLUDE mode (RFC 3376 6.4.1, 6.4.2)"
report 5 $G 1			# INCLUDE{} + ALLOW(S1) = INCLUDE(S1)
wait_members $G sw-p1
expect_state $G "include 1:fwd"
expect_fwd $G 30 "1:y 2:n 4:n"
report 1 $G 2			# IS_IN(S2): INCLUDE(S1, S2)
expect_state $G "include 1:fwd 2:fwd"
expect_fwd $G 30 "1:y 2:y 3:n"
sq=$(inst_stat tx_source_query)
report 6 $G 1 3			# BLOCK(S1, S3): INCLUDE(S1, S2), Q(G, {S1})
expect_state $G "include 1:fwd 2:fwd"
wait_until $((LMQT + 5)) state_is $G "include 2:fwd"	# S1 gone after LMQT
expect_fwd $G 30 "1:n 2:y 3:n"
(($(inst_stat tx_source_query) == sq + 2)) || fail "expected LMQC (2) source queries for BLOCK"
report 3 $G 3			# TO_IN(S3): INCLUDE(S2, S3), Q(G, {S2})
expect_state $G "include 2:fwd 3:fwd"
wait_until $((LMQT + 5)) state_is $G "include 3:fwd"
expect_fwd $G 30 "2:n 3:y"
report 4 $G 3 4			# TO_EX(S3, S4): EXCLUDE({S3}, {S4}), Q(G, {S3})
expect_state $G "exclude 3:fwd 4:blk"
expect_fwd $G 30 "3:y 4:n 1:y"
wait_until $((LMQT + 5)) state_is $G "exclude 3:blk 4:blk"	# S3's timer ran out
expect_fwd $G 30 "1:y 2:y 3:n 4:n"

echo "# EXCLUDE mode"
report 5 $G 3			# ALLOW(S3): EXCLUDE({S3}, {S4})
expect_state $G "exclude 3:fwd 4:blk"
expect_fwd $G 30 "3:y 4:n"
report 6 $G 1			# BLOCK(S1): EXCLUDE({S1, S3}, {S4}), S1=GT, Q(G, {S1})
expect_state $G "exclude 1:fwd 3:fwd 4:blk"
wait_until $((LMQT + 5)) state_is $G "exclude 1:blk 3:fwd 4:blk"
expect_fwd $G 30 "1:n 2:y 3:y 4:n"
report 2 $G 1 2			# IS_EX(S1, S2): EXCLUDE({S2}, {S1})
expect_state $G "exclude 1:blk 2:fwd"
expect_fwd $G 30 "1:n 2:y 3:y 4:y"
gq=$(inst_stat tx_group_query)
report 3 $G 1			# TO_IN(S1): EXCLUDE({S1, S2}, {}), Q(G, {S2}), Q(G)
expect_state $G "exclude 1:fwd 2:fwd"
# The group timer runs out after LMQT: INCLUDE with the sources whose
# timers still run (S1; S2's was lowered too).
wait_until $((LMQT + 5)) state_is $G "include 1:fwd"
expect_fwd $G 30 "1:y 2:n 3:n"
(($(inst_stat tx_group_query) == gq + 2)) || fail "expected LMQC (2) group queries for TO_IN in EXCLUDE mode"
report 4 $G			# TO_EX{}: EXCLUDE{}, every source
expect_state $G "exclude"
expect_fwd $G 30 "1:y 2:y 3:y 4:y"
report 6 $G 3			# BLOCK(S3) on EXCLUDE{}: (S3)=GT, Q(G, {S3})
expect_state $G "exclude 3:fwd"
wait_until $((LMQT + 5)) state_is $G "exclude 3:blk"
expect_fwd $G 30 "1:y 3:n"
report 2 $G 4			# IS_EX(S4): EXCLUDE({S4}, {}), (A-X-Y)=GMI, delete S3
expect_state $G "exclude 4:fwd"
report 4 $G 2			# TO_EX(S2): delete S4, (S2)=GT, Q(G, {S2})
expect_state $G "exclude 2:fwd"
wait_until $((LMQT + 5)) state_is $G "exclude 2:blk"
expect_fwd $G 30 "1:y 2:n 4:y"
report 3 $G			# TO_IN{}: Q(G): EXCLUDE ends after LMQT
WAIT=$((LMQT + 5)) wait_members $G

echo "# our group-and-source-specific queries, decoded"
sleep 0.5
grep -E "igmp query v3 .*gaddr $G \{ 10\.0\.0\.1 \}" "$tmp/queries.txt" >/dev/null ||
	fail "no group-and-source-specific query for $G naming 10.0.0.1 alone"
grep -E "igmp query v3 .*gaddr $G \{ 10\.0\.0\.3 \}" "$tmp/queries.txt" >/dev/null ||
	fail "no group-and-source-specific query naming 10.0.0.3"
grep -E "igmp query v3 .*gaddr $G \{[^}]*10\.0\.0\.4" "$tmp/queries.txt" &&
	fail "a query named 10.0.0.4, which no host wanted"
echo "  $(grep -c "gaddr $G {" "$tmp/queries.txt") source queries seen" >&2

echo PASS
