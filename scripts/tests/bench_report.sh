#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/bench_report.py on results whose figures are known: the ratio
# of medians, and the derived figures (fanout-cost, and igmp-net, the
# snooping's own time per report: each mode's time less that of the
# same reports through the bridge without snooping in the same round).
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "bench_report.sh: $*" >&2; exit 1; }

cat > "$dir/results.csv" <<'CSV'
figure,kernel,config,mode,x,round,value,unit
igmp,6.12,v2,none,20000,1,100000,reports/s
igmp,6.12,v2,bridge,20000,1,40000,reports/s
igmp,6.12,v2,igmpsnoop,20000,1,50000,reports/s
igmp,6.12,v2,none,20000,2,50000,reports/s
igmp,6.12,v2,bridge,20000,2,25000,reports/s
igmp,6.12,v2,igmpsnoop,20000,2,50000,reports/s
fanout,6.12,plain,bridge,4,1,200000,copies/s
fanout,6.12,plain,igmpsnoop,4,1,250000,copies/s
memory,6.12,slab,bridge,100000,1,492,bytes
memory,6.12,objects,bridge,100000,1,447,bytes
memory,6.12,slab,igmpsnoop,100000,1,340,bytes
memory,6.12,objects,igmpsnoop,100000,1,256,bytes
memory,6.12,slab,bridge,1000000,1,450,bytes
memory,6.12,objects,bridge,1000000,1,447,bytes
memory,6.12,slab,igmpsnoop,1000000,1,256,bytes
memory,6.12,objects,igmpsnoop,1000000,1,256,bytes
CSV
plots=--no-plots
! command -v gnuplot > /dev/null || plots=
python3 scripts/bench_report.py "$dir" $plots > /dev/null
if [[ -z $plots ]]; then
	# memory: several configurations of each mode at each of two sizes
	for fig in igmp igmp-net fanout fanout-cost memory; do
		[[ -s $dir/$fig.png ]] || fail "no plot of $fig"
	done
fi
# Round 1: bridge 25 us - 10 us = 15 us a report, igmpsnoop 20 - 10 = 10.
# Round 2: bridge 40 - 20 = 20 us; igmpsnoop 20 - 20 = 0, no figure.
jq -e '.[] | select(.figure == "igmp-net" and .mode == "bridge") |
	.values == [66666.66666666667, 50000] and .median == 58333.333333333336' \
	"$dir/results.json" > /dev/null || fail "igmp-net of the bridge: $(jq -c '.[] | select(.figure == "igmp-net")' "$dir/results.json")"
jq -e '.[] | select(.figure == "igmp-net" and .mode == "igmpsnoop") |
	.values == [100000] and .versus == "bridge" and
	(.ratio * 1000 | round) == 1714' \
	"$dir/results.json" > /dev/null || fail "igmp-net of igmpsnoop: $(jq -c '.[] | select(.figure == "igmp-net")' "$dir/results.json")"
jq -e '.[] | select(.figure == "igmp" and .mode == "igmpsnoop") |
	.median == 50000 and .ratio == (50000 / 32500)' \
	"$dir/results.json" > /dev/null || fail "igmp: $(jq -c '.[] | select(.figure == "igmp")' "$dir/results.json")"
jq -e '.[] | select(.figure == "fanout-cost" and .mode == "igmpsnoop") |
	.median == 4000 and .ratio == 0.8' \
	"$dir/results.json" > /dev/null || fail "fanout-cost: $(jq -c '.[] | select(.figure == "fanout-cost")' "$dir/results.json")"
grep -q '^| igmp-net | v2 | 20000 | 100,000 (100,000..100,000) reports/s | bridge: 58,333 ' "$dir/ratios.md" ||
	fail "ratios.md lacks igmp-net: $(cat "$dir/ratios.md")"
echo "ok: bench_report.py derives igmp-net and fanout-cost, and their ratios"
