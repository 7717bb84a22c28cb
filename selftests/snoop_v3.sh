#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
#
# IGMPv3 group records, crafted with mausezahn, several per report: IS_EX,
# TO_EX, ALLOW{S}, IS_IN{S} and TO_IN{S} make memberships; BLOCK and
# ALLOW{} on a group the port is not in make none; TO_IN{} leaves (at once
# here, with fast leave) and IS_IN{} in EXCLUDE mode changes nothing (RFC
# 3376 6.4.1); BLOCK of an INCLUDE member's last source ends it at once
# with fast leave; link-local groups are never learned. Data goes to
# EXCLUDE members from any source, to INCLUDE members only from theirs
# (snoop_sources tests source filtering in depth). A report whose records
# run past its end is counted as malformed, dropped, and learned from not
# at all.
#
#   $pfx-h1 (reports)   $pfx-h2 (querier, crafted)
#      |                  |
#    sw-p1              sw-p2
#   +--- br0 (igmpsnoop) ---+

. "$(dirname "$0")/lib.sh"

setup_bridge 2
swctl attach br0
count_igmp_setup 2
# One general query from h2 makes it the querier (present for OQPI, 255 s)
# and its port a router port.
send_igmp 2 224.0.0.1 "$(igmp_hex 11 0a 00 00 00 00)"
wait_snooping

# record TYPE GROUP NSRCS: a group record with NSRCS sources 10.0.0.1...
record() {
	local type=$1 nsrcs=$3 a b c d i
	IFS=. read -r a b c d <<< "$2"
	printf '%02x 00 00 %02x %02x %02x %02x %02x' "$type" "$nsrcs" "$a" "$b" "$c" "$d"
	for ((i = 1; i <= nsrcs; i++)); do
		printf ' 0a 00 00 %02x' "$i"
	done
}
# v3_report NGREC RECORDS...: the report as mausezahn hex.
v3_report() {
	local ngrec=$1
	shift
	# shellcheck disable=SC2046
	igmp_hex 22 00 00 00 00 "$(printf %02x "$ngrec")" $(echo "$@")
}

recs=(
	"$(record 2 239.1.4.1 0)"	# IS_EX{}
	"$(record 4 239.1.4.2 0)"	# TO_EX{}
	"$(record 5 239.1.4.3 1)"	# ALLOW{S}
	"$(record 1 239.1.4.4 2)"	# IS_IN{S1,S2}
	"$(record 3 239.1.4.5 1)"	# TO_IN{S}
	"$(record 6 239.1.4.6 1)"	# BLOCK{S}
	"$(record 5 239.1.4.7 0)"	# ALLOW{}
	"$(record 2 224.0.0.200 0)"	# IS_EX{} of a link-local group
	"$(record 9 239.1.4.8 0)"	# unknown type: ignored
)
send_igmp 1 224.0.0.22 "$(v3_report ${#recs[@]} "${recs[@]}")"
for g in 1 2 3 4 5; do
	wait_members "239.1.4.$g" sw-p1
done
swctl -j group show br0 | expect_json '[.[].group] | sort ==
	["239.1.4.1", "239.1.4.2", "239.1.4.3", "239.1.4.4", "239.1.4.5"]'

# With fast leave: BLOCK of 239.1.4.3's only source and TO_IN{} end the
# memberships at once; IS_IN{} in EXCLUDE mode changes nothing.
swctl port set br0 sw-p1 fast-leave on
send_igmp 1 224.0.0.22 "$(v3_report 3 "$(record 6 239.1.4.3 1)" \
	"$(record 1 239.1.4.1 0)" "$(record 3 239.1.4.2 0)")"
WAIT=2 wait_members 239.1.4.3
WAIT=2 wait_members 239.1.4.2
wait_members 239.1.4.1 sw-p1

# Data from 192.0.2.2 reaches the EXCLUDE{} member, and not the member
# that includes only 10.0.0.1 and 10.0.0.2.
data_counters 11 239.1.4.1 1
data_counters 12 239.1.4.4 1
send_data 2 239.1.4.1 10
send_data 2 239.1.4.4 10
sleep 0.5
expect_counts 11 1:10
expect_counts 12 1:0
# From 10.0.0.1 it reaches the INCLUDE member too. Each member counts what
# its port was let out: the source-filtering one too, whose membership
# the source check looked up.
ip netns exec "$pfx-h2" mausezahn eth0 -q -c 5 -d 1msec -b 01:00:5e:01:04:04 \
	-A 10.0.0.1 -B 239.1.4.4 -t udp "dp=5000,sp=5000"
sleep 0.5
expect_counts 12 1:5
swctl -s group show br0
swctl -j -s group show br0 | expect_json '(map({(.group): .member_stats}) | add) as $m |
	$m["239.1.4.1"].tx_packets == 10 and $m["239.1.4.4"].tx_packets == 5 and
	$m["239.1.4.4"].tx_bytes == 140'

# Malformed: two records announced, one present; a record whose sources
# run past the end. Neither is learned from nor forwarded.
swctl -j -s show br0 | expect_json '.[0].stats.rx_bad == 0'
before=$(count_igmp 2)
send_igmp 1 224.0.0.22 "$(v3_report 2 "$(record 2 239.1.4.9 0)")"
send_igmp 1 224.0.0.22 "$(v3_report 1 "02 00 00 05 ef 01 04 0a 0a 00 00 01")"
sleep 0.5
swctl -j -s show br0 | expect_json '.[0].stats.rx_bad == 2'
swctl -j group show br0 | expect_json 'all(.[]; .group != "239.1.4.9" and .group != "239.1.4.10")'
[[ $(count_igmp 2) == "$before" ]] || fail "a malformed report reached the router port"
echo PASS
