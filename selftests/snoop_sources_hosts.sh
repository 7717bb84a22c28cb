#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IGMPv3 source filtering with a real Linux host: host 1's IP stack joins
# G1 for source S1 only (INCLUDE, IP_ADD_SOURCE_MEMBERSHIP) and G2 from
# every source but S2 (EXCLUDE, IP_BLOCK_SOURCE). The state and the data
# per source follow; the host's answers to our IGMPv3 general queries keep
# both through several GMIs; when its socket closes, its state-change
# reports and our group-and-source-specific and group-specific queries
# end both memberships within LMQT.
#
#   $pfx-h1 (192.0.2.1, IGMPv3, a socket with the joins; counts data)
#      |
#    sw-p1        sw-p2 -- $pfx-h2 (sends data from 10.0.0.1 and .2)
#   +--- br0 (igmpsnoop, IGMPv3 querier, QI 2 s, GMI 5 s) ---+

. "$(dirname "$0")/lib.sh"

G1=239.2.1.1
G2=239.2.1.2

sources_setup 2 0.5 "$G1" query-interval 2
sources_counters "$G2" 40
host_setup 1 0

# The joins live as long as this process.
ip netns exec "$pfx-h1" python3 -c '
import socket, struct, sys, time
IP_ADD_MEMBERSHIP, IP_BLOCK_SOURCE, IP_ADD_SOURCE_MEMBERSHIP = 35, 38, 39
a = socket.inet_aton
g1, g2, ifaddr, s1, s2 = sys.argv[1:]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, a(g1) + a(ifaddr) + a(s1))
s.setsockopt(socket.IPPROTO_IP, IP_ADD_MEMBERSHIP, a(g2) + a(ifaddr))
s.setsockopt(socket.IPPROTO_IP, IP_BLOCK_SOURCE, a(g2) + a(ifaddr) + a(s2))
time.sleep(600)
' "$G1" "$G2" 192.0.2.1 10.0.0.1 10.0.0.2 &
host_pid=$!
test_cleanup() { kill "$host_pid" 2>/dev/null; }

# A bound, not a wait: Python takes seconds to start on a busy machine.
wait_until 30 state_is "$G1" "include 1:fwd"
wait_until 10 state_is "$G2" "exclude 2:blk"
expect_fwd "$G1" 30 "1:y 2:n"
expect_fwd "$G2" 40 "1:y 2:n"

echo "# the host answers our queries: the state stays through 3 GMIs"
sleep 15
swctl -d group show br0 >&2
expect_state "$G1" "include 1:fwd"
expect_state "$G2" "exclude 2:blk"
expect_fwd "$G1" 30 "1:y 2:n"
expect_fwd "$G2" 40 "1:y 2:n"
swctl -j -s show br0 | expect_json '.[0].stats.rx_report_v3 > 5'

echo "# the socket closes: BLOCK(S1) and TO_IN{} end both memberships"
sq=$(inst_stat tx_source_query)
kill "$host_pid"
wait "$host_pid" || true
WAIT=5 wait_members "$G1"
WAIT=5 wait_members "$G2"
(($(inst_stat tx_source_query) > sq)) || fail "no group-and-source-specific query was sent"
expect_fwd "$G1" 30 "1:n 2:n"
echo PASS
