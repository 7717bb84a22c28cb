#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 1500
# vm: kernel 6.12
#
# make bench works: every benchmark script of selftests/bench/ runs in its
# quick mode (BENCH_QUICK=1: one round, small sizes, no warm-up; each
# checks delivery as it measures), and scripts/bench_report.py makes the
# results, the tables and a plot of each of the eight figures from what
# they recorded, each figure with igmpsnoop's ratio to its alternative,
# and figure 1 in every configuration, the bridges' and OVS's.
# The figures' values mean nothing here: this is not a benchmark run.
# It runs on 6.12 alone, make bench's kernel unless KERNEL= names another:
# it proves that the benchmark works, which is the same scripts on 6.1,
# and it keeps a CPU busy for minutes (see README, make check).

. "$(dirname "$0")/lib.sh"

out=$(mktemp -d)
test_cleanup() { rm -rf "$out"; }

for f in "$IGMPSNOOP_REPO"/selftests/bench/*.sh; do
	[[ $(basename "$f") != lib.sh ]] || continue
	echo "# $(basename "$f")"
	BENCH_QUICK=1 IGMPSNOOP_SAVE=$out bash "$f" > "$out/log" 2>&1 || {
		rc=$?
		tail -n 30 "$out/log"
		((rc != ksft_skip)) || skip "$(basename "$f"): $(tail -n 1 "$out/log")"
		fail "$(basename "$f") failed (exit $rc)"
	}
	grep -v '^+' "$out/log" | tail -n 20
done
python3 "$IGMPSNOOP_REPO/scripts/bench_report.py" "$out"
for f in results.json table.md ratios.md; do
	[[ -s $out/$f ]] || fail "the report wrote no $f"
done
for fig in forward fanout groups unaffected igmp memory leave dump; do
	[[ -s $out/$fig.png ]] || fail "no plot of $fig"
	jq -e --arg f "$fig" '[.[] | select(.figure == $f and .ratio != null)] | length > 0' \
		"$out/results.json" > /dev/null || fail "no ratio for $fig"
done
# Every configuration of figure 1, the bridges' and OVS's.
[[ $(jq -c '[.[] | select(.figure == "forward" and .ratio != null) | .config] | sort' \
	"$out/results.json") == '["brnf","locked","nft","ovs-dpctl","ovs-normal","plain","promisc","stp","vlan","vlan-promisc"]' ]] ||
	fail "forward lacks a configuration: $(jq -c '[.[] | select(.figure == "forward") | .config] | unique' "$out/results.json")"
echo PASS
