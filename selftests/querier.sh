#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# igmpsnoop's own querier, alone on the LAN:
# - it is the querier at once, from the bridge's address, and sends its
#   start-up queries SQI apart, then one every QI, out of every port;
# - Linux hosts forced to IGMPv2 and to IGMPv3 answer its (v3) queries, each
#   in its version, and stay
#   members through several query cycles, long after their unsolicited
#   reports stopped; its own queries make no router port;
# - on a leave (v2 leave, v3 TO_IN{}) it sends LMQC group-specific queries
#   LMQI apart out of that port alone, and the port is pruned within LMQT;
#   a host that still wants the group answers them and stays;
# - an IGMPv1 host on a port makes leaves there ignored (RFC 3376 7.3.2);
# - a leave whose first query is served late (bottom halves held off by
#   the tests' module) still gets its LMQC queries before LMQT;
# - Max Resp Code and QQIC use the floating point encoding of RFC 3376
#   4.1.1 / 4.1.7, checked by decoding captured queries with tcpdump;
# - turning it off floods again, with a querier-lost event.
#
#   $pfx-h1 (v2)   $pfx-h2 (v3)   $pfx-h3 (v3)
#      |              |              |
#    sw-p1          sw-p2          sw-p3
#   +-------- br0 192.0.2.100 (igmpsnoop, querier) --------+

. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
test_cleanup() {
	rm -rf "$tmp"
	rmmod igmpsnoop_test_inject 2>/dev/null || true
}

setup_bridge 3
host_setup 1 2
host_setup 2 3
host_setup 3 3
ipsw addr add 192.0.2.100/24 dev br0
for h in 1 2 3; do
	counter_add "$pfx-h$h" eth0 91 ip_proto 2 src_ip 192.0.2.100 dst_ip 224.0.0.1
	counter_add "$pfx-h$h" eth0 92 ip_proto 2 src_ip 192.0.2.100 dst_ip 239.1.3.1
	counter_add "$pfx-h$h" eth0 93 ip_proto 2 src_ip 192.0.2.100 dst_ip 239.1.3.2
done
swctl attach br0
swctl -j show br0 | expect_json '.[0].querier == null and .[0].querier_enabled == false
	and .[0].igmp_version == 2 and .[0].querier_source == "auto"'

# GMI = 2 x 2 + 1 = 5 s; SQI = QI / 4 = 0.5 s, SQC = RV = 2; LMQT = 1 s.
# IGMPv3 queries: v3 hosts answer in v3, the host forced to v2 in v2 (a v2
# query would turn the v3 hosts to v2 too, RFC 3376 7.2.1).
swctl set br0 query-interval 2 query-response-interval 1 last-member-interval 0.5 version 3
ip netns exec "$pfx-h3" tcpdump -i eth0 -n -tt -l 'igmp and dst 224.0.0.1' \
	> "$tmp/start.txt" 2> "$tmp/start.err" &
capture=$!
tcpdump_wait "$tmp/start.err"
swctl set br0 querier on
# The first 6 s of queries: SQI, SQI + QI and a margin for a busy
# machine, whose timers run late (the checks below allow it).
(sleep 6; kill "$capture") &
swctl -j show br0 | expect_json '.[0].querier.self == true and
	.[0].querier.address == "192.0.2.100" and .[0].querier.port == null and
	.[0].querier.version == 3 and .[0].querier_enabled == true'
wait_snooping 3
# The timers derived from QI 2 s, QRI 1 s, LMQI 0.5 s, RV 2 and LMQC 2.
swctl -j -d show br0 | expect_json '.[0] | .querier.since < 30 and
	."membership-interval" == 5 and ."other-querier-interval" == 4.5 and
	."startup-query-interval" == 0.5 and ."startup-query-count" == 2 and
	."last-member-time" == 1'
wait
cat "$tmp/start.txt"
read -r -a times <<< "$(awk '/igmp query v3/ {print $1}' "$tmp/start.txt" | tr '\n' ' ')"
((${#times[@]} >= 3)) || fail "expected 3 queries in the first 6 s, got ${#times[@]}"
awk -v a="${times[0]}" -v b="${times[1]}" -v c="${times[2]}" 'BEGIN {
	d1 = b - a; d2 = c - b
	printf "# start-up queries %.2f s apart, then %.2f s\n", d1, d2
	exit !(d1 > 0.3 && d1 < 1.2 && d2 > 1.7 && d2 < 3.5) }' ||
	fail "start-up queries are not SQI (0.5 s) then QI (2 s) apart"
[[ $(awk '/igmp query v3/ {print $3}' "$tmp/start.txt" | sort -u) == 192.0.2.100 ]] ||
	fail "queries not from 192.0.2.100"

# Hosts of both versions stay members by answering: their unsolicited
# reports are over within a few seconds, GMI is 5 s, and 14 s pass.
join 1 239.1.3.1
join 2 239.1.3.2
join 3 239.1.3.2
wait_members 239.1.3.1 sw-p1
wait_members 239.1.3.2 sw-p2 sw-p3
reports=$(swctl -j -s show br0 | jq '.[0].stats | .rx_report_v2 + .rx_report_v3')
sleep 14
WAIT=1 wait_members 239.1.3.1 sw-p1
WAIT=1 wait_members 239.1.3.2 sw-p2 sw-p3
now=$(swctl -j -s show br0 | jq '.[0].stats | .rx_report_v2 + .rx_report_v3')
echo "# reports: $reports before, $now after 14 s of queries"
((now >= reports + 6)) || fail "the hosts did not answer the queries"
for h in 1 2 3; do
	q=$(counter "$pfx-h$h" eth0 91)
	((q >= 7)) || fail "host $h got $q general queries in 16 s"
done
swctl -j -s show br0 | expect_json '.[0].stats.tx_query >= 21'
swctl -j port show br0 | expect_json '[.[] | select(.is_router)] | length == 0'
swctl -j group show br0 | expect_json '[.[] | select(.port == "sw-p1")][0].host_version == 2'
swctl -j group show br0 | expect_json '[.[] | select(.port == "sw-p2")][0].host_version == null'

# A v2 leave: LMQC = 2 group-specific queries out of sw-p1 alone, and
# sw-p1 is gone within LMQT = 1 s (plus TCG slack).
gsq=$(swctl -j -s show br0 | jq '.[0].stats.tx_group_query')
leave 1 239.1.3.1
WAIT=3 wait_members 239.1.3.1
sleep 1
[[ $(counter "$pfx-h1" eth0 92) == 2 ]] || fail "host 1 got $(counter "$pfx-h1" eth0 92) group queries, expected 2"
for h in 2 3; do
	[[ $(counter "$pfx-h$h" eth0 92) == 0 ]] || fail "host $h got a group query for 239.1.3.1"
done
swctl -j -s show br0 | expect_json ".[0].stats.tx_group_query == $gsq + 2"

# A v3 TO_IN{} from host 2's stack: the same on sw-p2; sw-p3 stays. The
# host repeats its state-change report, and a repeat that comes after the
# last query asks again (RFC 3376 6.4.2): 2 queries, or 3.
leave 2 239.1.3.2
WAIT=3 wait_members 239.1.3.2 sw-p3
sleep 1
q=$(counter "$pfx-h2" eth0 93)
((q == 2 || q == 3)) || fail "host 2 got $q group queries"
[[ $(counter "$pfx-h3" eth0 93) == 0 ]] || fail "host 3 got a group query for 239.1.3.2"

# A leave for a group host 3's stack still wants (crafted: TO_IN{} for
# 239.1.3.2): host 3 answers the group queries and sw-p3 stays.
send_igmp 3 224.0.0.22 "$(igmp_hex 22 00 00 00 00 01 03 00 00 00 ef 01 03 02)"
sleep 3
WAIT=1 wait_members 239.1.3.2 sw-p3
(($(counter "$pfx-h3" eth0 93) == 2)) || fail "host 3 got $(counter "$pfx-h3" eth0 93) group queries"

# An IGMPv1 host on sw-p1 (crafted v1 report): a v2 leave there is
# ignored, no group query is sent, and the membership outlives LMQT.
# GMI set to 20 s, so that TCG's slowness cannot age it out meanwhile.
swctl set br0 membership-interval 20
swctl -j show br0 | expect_json '.[0]["membership-interval"] == 20'
gsq=$(swctl -j -s show br0 | jq '.[0].stats.tx_group_query')
send_igmp 1 239.1.3.9 "$(igmp_hex 12 00 ef 01 03 09)"
wait_members 239.1.3.9 sw-p1
swctl -j group show br0 239.1.3.9 | expect_json '.[0].host_version == 1'
send_igmp 1 224.0.0.2 "$(igmp_hex 17 00 ef 01 03 09)"
sleep 1.5
WAIT=0 wait_members 239.1.3.9 sw-p1
swctl -j -s show br0 | expect_json ".[0].stats.tx_group_query == $gsq"
swctl set br0 membership-interval auto
swctl -j show br0 | expect_json '.[0]["membership-interval"] == 5'

# A leave whose queries are served late: the tests' module has sw-p1
# receive a v2 leave and then holds bottom halves off on its CPU for
# 0.6 s, where the wheel's timer was armed: the first group-specific
# query goes out 0.6 s late. The second is due LMQI (0.5 s) after the
# first one's deadline, not after it was sent, so it still goes out
# before the membership expires at LMQT (1 s) after the leave: 2 queries.
# GMI 20 s again, so that the membership cannot age out before the leave.
[[ -f $IGMPSNOOP_TESTMOD ]] || fail "the tests' module is missing: run 'make modules-all'"
insmod "$IGMPSNOOP_TESTMOD"
swctl set br0 membership-interval 20
counter_add "$pfx-h1" eth0 94 ip_proto 2 src_ip 192.0.2.100 dst_ip 239.1.3.7
send_igmp 1 239.1.3.7 "$(igmp_hex 16 00 ef 01 03 07)"
wait_members 239.1.3.7 sw-p1
gsq=$(swctl -j -s show br0 | jq '.[0].stats.tx_group_query')
echo 600 > /sys/module/igmpsnoop_test_inject/parameters/stall_ms
frame=$(igmp_frame 192.0.2.1 224.0.0.2 17000000ef010307)
echo "+ [sw] sw-p1 receives a leave of 239.1.3.7, then 0.6 s without bottom halves" >&2
ip netns exec "$sw" bash -c "echo 'sw-p1 1 $frame' > /sys/module/igmpsnoop_test_inject/parameters/inject" ||
	fail "the tests' module refused the leave"
echo 0 > /sys/module/igmpsnoop_test_inject/parameters/stall_ms
WAIT=3 wait_members 239.1.3.7
sleep 1
q=$(counter "$pfx-h1" eth0 94)
echo "# a leave served 0.6 s late: host 1 got $q group queries"
((q == 2)) || fail "host 1 got $q group queries after a leave served late, expected 2"
swctl -j -s show br0 | expect_json ".[0].stats.tx_group_query == $gsq + 2"
swctl set br0 membership-interval auto

# Encodings: QRI 25 s is 250 units, coded 0x8f, which means 248 (24.8 s);
# QI 300 s is coded 0x92, which means 288. RV 3 goes in QRV.
swctl set br0 query-interval 300 query-response-interval 25 robustness 3 \
	startup-query-count 1
swctl set br0 querier off
ip netns exec "$pfx-h3" timeout 20 tcpdump -i eth0 -n -v -x -c 1 -l 'igmp and dst 224.0.0.1' \
	> "$tmp/v3.txt" 2> "$tmp/v3.err" &
tcpdump_wait "$tmp/v3.err"
swctl set br0 querier on
wait
cat "$tmp/v3.txt"
v3=$(cat "$tmp/v3.txt")
[[ $v3 == *"igmp query v3"* ]] || fail "no IGMPv3 query captured"
[[ $v3 == *"max resp time 24.8s"* ]] || fail "Max Resp Code not decoded as 24.8 s"
# tcpdump decodes no QQIC nor QRV for IPv4: from its hex dump then. The IP
# header with Router Alert is 24 bytes; QRV is IGMP byte 8, QQIC byte 9.
hex=$(sed -nE 's/^[[:space:]]+0x[0-9a-f]+:[[:space:]]+//p' "$tmp/v3.txt" | tr -d ' \n')
byte() { echo $((16#${hex:$((2 * $1)):2})); }
code=$(byte 25) qrv=$(($(byte 32) & 7)) qqic=$(byte 33)
if ((qqic < 128)); then qqi=$qqic; else qqi=$((((qqic & 15) | 16) << (((qqic >> 4) & 7) + 3))); fi
printf '# Max Resp Code 0x%02x, QRV %d, QQIC 0x%02x = %d s\n' "$code" "$qrv" "$qqic" "$qqi"
((code == 0x8f && qqic == 0x92 && qqi == 288 && qrv == 3)) || fail "wrong encodings"
[[ $v3 == *"options (RA)"* ]] || fail "no Router Alert option"
[[ $v3 != *"bad"* ]] || fail "a checksum is bad"

# Off: flooding again, with an event.
ctl -n "$sw" monitor > "$tmp/mon.txt" &
mon=$!
sleep 1
swctl set br0 querier off
sleep 1
kill "$mon"
cat "$tmp/mon.txt"
[[ $(cat "$tmp/mon.txt") == *"querier 192.0.2.100 dev br0 lost"* ]] || fail "no querier-lost event"
swctl -j show br0 | expect_json '.[0].querier == null and .[0].mode == "flooding"'
rm -f "$pfx"-*.txt
echo PASS
