#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/vm/run --shards N: every test goes to exactly one of the N
# VMs, and the VMs' costs (selftests/vm/costs, 60 s for a test it does
# not list) differ by no more than the costliest test, as the greedy
# assignment promises; costs-debug lists every test of the debug
# kernel's.

set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
run=$repo/selftests/vm/run
all=$(bash "$run" --list | sort)
n=$(wc -l <<< "$all")
((n >= 30)) || { echo "FAIL: only $n tests listed"; exit 1; }
for shards in 2 3 4; do
	listed=$(bash "$run" --list --shards "$shards")
	got=$(cut -f2 <<< "$listed" | sort)
	if [[ $got != "$all" ]]; then
		echo "FAIL: --shards $shards does not run every test once:"
		diff <(echo "$all") <(echo "$got") || true
		exit 1
	fi
	awk -v shards="$shards" -v costs="$repo/selftests/vm/costs" '
		BEGIN {
			while ((getline l < costs) > 0)
				if (l !~ /^#/ && split(l, f, " ") >= 2)
					cost[f[1]] = f[2]
		}
		{ c = ($2 in cost) ? cost[$2] : 60; load[$1] += c; if (c > top) top = c }
		END {
			min = max = load[1]
			for (s = 1; s <= shards; s++) {
				if (load[s] < min) min = load[s]
				if (load[s] > max) max = load[s]
			}
			printf "--shards %d: VM costs %d..%d s\n", shards, min, max
			if (max - min > top) {
				print "FAIL: the VMs differ by more than the costliest test (" top " s)"
				exit 1
			}
		}' <<< "$listed"
done
# The debug kernel's VMs are balanced by costs-debug: it lists every test
# they run.
for f in "$repo"/selftests/*.sh; do
	grep -q '^# vm: debug$' "$f" || continue
	name=$(basename "$f" .sh)
	grep -qE "^$name [0-9]+( [0-9]+)?$" "$repo/selftests/vm/costs-debug" || {
		echo "FAIL: $name runs on the debug kernel and selftests/vm/costs-debug lacks it"
		exit 1
	}
done
echo "ok: every test in exactly one VM, VMs balanced by cost"
