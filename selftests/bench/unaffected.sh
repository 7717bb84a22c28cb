#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 1800
#
# Figure "unaffected": traffic igmpsnoop has no business with, on an
# 8-port bridge (the bridge's snooping off), with igmpsnoop attached
# against not attached; the target is 0.99x or better. Configurations:
#   unicast  IPv4 unicast to p2, which has an FDB entry
#   nonip    an MPLS frame (not IP) to the same address
# pktgen injects 64-byte frames into p1; the rate is what q2 received
# per second of pktgen's run.
#
#   pktgen -> p1 [ br0 ] p2 (the FDB entry)  p3..p8

. "$(dirname "$0")/lib.sh"

count=$((quick ? 20000 : 200000))

test_cleanup() { bench_teardown; }

bench_bridge 8
in_sw bridge fdb add 02:00:00:00:00:02 dev p2 master static
for r in $(bench_rounds); do
	for config in unicast nonip; do
		settings=()
		[[ $config == unicast ]] || settings=("mpls 0001000a")
		for mode in detached attached; do
			igmpsnoopctl -n "$sw" detach br0 2>/dev/null || true
			[[ $mode == detached ]] || igmpsnoopctl -n "$sw" attach br0 >/dev/null
			before=$(rx 2)
			usec=$(bench_pktgen p1 02:00:00:00:00:02 192.0.2.2 "$count" "${settings[@]}")
			got=$(($(rx 2) - before))
			((got >= count * 9 / 10)) || fail "$config, $mode: p2 got $got of $count"
			((r == 0)) || bench_record unaffected "$config" "$mode" 1 "$r" \
				$((got * 1000000 / usec)) pps
		done
	done
done
echo PASS
