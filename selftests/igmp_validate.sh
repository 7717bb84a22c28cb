#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IGMP is validated as the kernel validates it (ip_mc_check_igmp): valid
# messages are counted by type and pass; malformed ones (bad IGMP checksum,
# truncated, a general query not sent to 224.0.0.1) are counted and
# dropped, so no other port sees them. IGMPv3 reports are accepted when
# sent to 224.0.0.22 or 224.0.0.1, without Router Alert.

. "$(dirname "$0")/lib.sh"

setup_bridge 3
swctl attach br0
count_igmp_setup 2

v2_report=$(igmp_hex 16 00 ef 01 01 01)	# v2 report, 239.1.1.1
[[ $v2_report == 16:00:f9:fc:ef:01:01:01 ]] || fail "igmp_hex computed $v2_report"
v1_report=$(igmp_hex 12 00 ef 01 01 02)
leave=$(igmp_hex 17 00 ef 01 01 01)
v3_report=$(igmp_hex 22 00 00 00 00 01 02 00 00 00 ef 01 01 03)	# IS_EX 239.1.1.3
v2_query=$(igmp_hex 11 64 00 00 00 00)
v3_query=$(igmp_hex 11 64 00 00 00 00 02 7d 00 00)

send_igmp 1 239.1.1.1 "$v2_report"
send_igmp 1 239.1.1.2 "$v1_report"
send_igmp 1 224.0.0.2 "$leave"
send_igmp 1 224.0.0.22 "$v3_report"
send_igmp 1 224.0.0.1 "$v3_report"
send_igmp 1 224.0.0.1 "$v2_query"
send_igmp 1 224.0.0.1 "$v3_query"

# Malformed: IGMP checksum off by one, IGMP shorter than its header, and a
# general query to a group address.
send_igmp 1 239.1.1.1 "16:00:f9:fd:ef:01:01:01"
send_igmp 1 239.1.1.1 "16:00:e9:fe"
send_igmp 1 239.1.1.1 "$v2_query"

sleep 0.5
swctl -j -s show br0 | expect_json '.[0].stats |
	.rx_igmp == 7 and .rx_bad == 3 and .rx_report_v1 == 1 and .rx_report_v2 == 1 and
	.rx_report_v3 == 2 and .rx_leave == 1 and .rx_query_v2 == 1 and .rx_query_v3 == 1 and
	.rx_query_v1 == 0 and .rx_other == 0'
# Host 2 sees the two valid queries: reports and leaves go to router ports
# only (sw-p1 became one with the queries, after the reports), and none of
# the malformed messages goes anywhere.
[[ $(count_igmp 2) == 2 ]] || fail "host 2 saw $(count_igmp 2) IGMP packets, expected the 2 valid queries"
swctl -s show br0
echo PASS
