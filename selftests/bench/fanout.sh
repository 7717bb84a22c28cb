#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 2400
#
# Figure "fanout": copies delivered per second when 1, 4, 16 or 64 ports
# are members of the group (BENCH_QUICK: 1 and 4), on a 66-port bridge
# whose port p66 is the router port; the bridge's own snooping against
# igmpsnoop. pktgen injects 64-byte frames into p1; a copy is a frame a
# member received. The report also gives the cost per copy (1/rate).
# Each size has a group of its own (239.1.1.SIZE), so that what a larger
# size taught does not add members to a smaller one's group.
#
#   pktgen -> p1 [ br0 ] p2 ... p(SIZE+1) (members) ... p66 (router)

. "$(dirname "$0")/lib.sh"

count=$((quick ? 5000 : 30000))
sizes=${SIZES:-$( ((quick)) && echo "1 4" || echo "1 4 16 64")}

test_cleanup() { bench_teardown; }

bench_bridge 66
for r in $(bench_rounds); do
	for size in $sizes; do
		bench_group "239.1.1.$size"
		members=$(seq 2 $((size + 1)))
		for mode in bridge igmpsnoop; do
			# shellcheck disable=SC2086
			bench_mode "$mode" 66 $members
			# shellcheck disable=SC2086,SC2207
			before=($(rx_each $members))
			usec=$(bench_pktgen p1 "$group_mac" "$group" "$count")
			# shellcheck disable=SC2086,SC2207
			after=($(rx_each $members))
			copies=0
			for i in "${!after[@]}"; do
				got=$((after[i] - before[i]))
				((got >= count * 9 / 10)) ||
					fail "$mode, $size members: p$((i + 2)) got $got of $count"
				copies=$((copies + got))
			done
			((r == 0)) || bench_record fanout plain "$mode" "$size" "$r" \
				$((copies * 1000000 / usec)) copies/s
		done
	done
done
echo PASS
