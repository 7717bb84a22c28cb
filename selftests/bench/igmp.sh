#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 2400
#
# Figure "igmp": how fast reports are learned, the bridge's own snooping
# against igmpsnoop. igmpgen sends from q1 into p1 of a 2-port bridge
# whose p2 is the router port (a general query came from q2 first):
#   v2   IGMPv2 reports, one new group each (reports/s)
#   v3   IGMPv3 reports of 180 MODE_IS_EXCLUDE records without sources,
#        one new group each (records/s); the bridge runs IGMPv3
#        (mcast_igmp_version 3), as igmpsnoop always does
# The time is igmpgen's: on a veth the bridge processes each frame
# before the sender's sendto() returns, so the rate includes the
# sender's cost and the bridge's own (the frame in, its copy to the
# router port), the same in every mode. So each round measures a third
# mode beside the two:
#   none  the same reports through the bridge without any snooping
# and the report derives figure "igmp-net" from it: per report (record),
# each snooping mode's time less none's in the same round, as a rate:
# what the snooping itself costs. Every group must be in the table
# afterwards. Each measurement gets a bridge of its own, and starts once
# the snooping knows the querier and the router port: for igmpsnoop, once
# it snoops (it floods for the query's Max Resp Time, 1 s, after it
# first hears a querier, while hosts that joined before answer).
#
#   igmpgen -> q1 -- p1 [ br0 ] p2 -- q2 (the querier)

. "$(dirname "$0")/lib.sh"

[[ -x $igmpgen ]] || fail "$igmpgen is missing: run 'make bench-tools'"
v2_n=$((quick ? 1000 : 20000))
v3_n=$((quick ? 5000 : 100000))

test_cleanup() { bench_teardown; }

groups_of() {
	if [[ $1 == bridge ]]; then
		in_sw bridge mdb show dev br0 | grep -c " grp "
	else
		igmpsnoopctl -n "$sw" -j show br0 | jq '.[0].groups'
	fi
}
learned() { (($(groups_of "$1") >= $2)); }

# Is br0's snooping ready: the router port known, igmpsnoop snooping?
ready() {
	if [[ $1 == bridge ]]; then
		# (bridge mdb show lists router ports with -d only.)
		in_sw bridge -d mdb show dev br0 | grep -q '^router ports on br0:.* p2'
	else
		igmpsnoopctl -n "$sw" -j show br0 | jq -e '.[0].mode == "snooping"' >/dev/null &&
		[[ $(igmpsnoopctl -n "$sw" -j port show br0 |
			jq -r '.[] | select(.is_router) | .port') == p2 ]]
	fi
}

for r in $(bench_rounds); do
	for config in v2 v3; do
		for mode in none bridge igmpsnoop; do
			n=$v2_n
			flags=()
			[[ $config == v2 ]] || n=$v3_n flags=(-3 -r 180)
			case $mode in
			none)
				bench_bridge 2
				;;
			bridge)
				bench_bridge 2 mcast_hash_max 2097152 \
					mcast_igmp_version "${config#v}"
				in_sw ip link set br0 type bridge mcast_snooping 1
				;;
			igmpsnoop)
				bench_bridge 2
				igmpsnoopctl -n "$sw" attach br0
				igmpsnoopctl -n "$sw" set br0 max-groups 1048576
				igmpsnoopctl -n "$sw" port set br0 p1 max-groups 0
				;;
			esac
			in_sw mausezahn q2 -q -c 1 -b 01:00:5e:00:00:01 -A 192.0.2.254 \
				-B 224.0.0.1 -t ip "proto=2,ttl=1,p=$(igmp_hex 11 0a 00 00 00 00)"
			[[ $mode == none ]] || wait_until 10 ready "$mode"
			out=$(in_sw "$igmpgen" "${flags[@]}" -n "$n" q1)
			[[ $out == *"refused 0"* ]] || fail "igmpgen: $out"
			nsec=$(sed -n 's/^nsec //p' <<< "$out")
			[[ $mode == none ]] || wait_until 30 learned "$mode" "$n"
			((r == 0)) || bench_record igmp "$config" "$mode" "$n" "$r" \
				$((n * 1000000000 / nsec)) "$([[ $config == v2 ]] && echo reports/s || echo records/s)"
			bench_teardown
		done
	done
done
echo PASS
