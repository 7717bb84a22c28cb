#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 1800
#
# Figure "igmp": how fast reports are learned, the bridge's own snooping
# against igmpsnoop. igmpgen sends from q1 into p1 of a 2-port bridge:
#   v2   IGMPv2 reports, one new group each (reports/s)
#   v3   IGMPv3 reports of 180 MODE_IS_EXCLUDE records without sources,
#        one new group each (records/s); the bridge runs IGMPv3
#        (mcast_igmp_version 3), as igmpsnoop always does
# The time is igmpgen's: on a veth the bridge processes each frame
# before the sender's sendto() returns, so the rate includes the
# sender's cost, the same in both modes. Every group must be in the
# table afterwards. Each measurement gets a bridge of its own.
#
#   igmpgen -> q1 -- p1 [ br0 ] p2

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

for r in $(bench_rounds); do
	for config in v2 v3; do
		for mode in bridge igmpsnoop; do
			n=$v2_n
			flags=()
			[[ $config == v2 ]] || n=$v3_n flags=(-3 -r 180)
			if [[ $mode == bridge ]]; then
				bench_bridge 2 mcast_hash_max 2097152 \
					mcast_igmp_version "${config#v}"
				in_sw ip link set br0 type bridge mcast_snooping 1
			else
				bench_bridge 2
				igmpsnoopctl -n "$sw" attach br0
				igmpsnoopctl -n "$sw" set br0 max-groups 1048576
				igmpsnoopctl -n "$sw" port set br0 p1 max-groups 0
			fi
			out=$(in_sw "$igmpgen" "${flags[@]}" -n "$n" q1)
			[[ $out == *"refused 0"* ]] || fail "igmpgen: $out"
			nsec=$(sed -n 's/^nsec //p' <<< "$out")
			wait_until 30 learned "$mode" "$n"
			((r == 0)) || bench_record igmp "$config" "$mode" "$n" "$r" \
				$((n * 1000000000 / nsec)) "$([[ $config == v2 ]] && echo reports/s || echo records/s)"
			bench_teardown
		done
	done
done
echo PASS
