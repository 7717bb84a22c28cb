#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# selftests/vm/run --clock: a boot whose guest clock and jiffies kept the
# host's time passes; one whose clock ran at half or twice the host's
# speed fails, as does one that is off by more than 15 %, or whose jiffies
# fell behind while its clock kept time; a boot of under two minutes is
# not judged, nor are the jiffies of a boot that did not log them (a
# kernel without NO_HZ). The boots are made up: the end of each test as
# the guest's kernel log stamps it, with the jiffies the guest read then
# (HZ 250 in the job), and the host time of the log file it then wrote.

set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
run=$repo/selftests/vm/run
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
base=$(date +%s)

# A boot of three tests that ended at guest times G1 G2 G3, their logs
# written at host times (from $base) H1 H2 H3, and the guest's jiffies
# then at J1 J2 J3 seconds (none if not given).
#   boot G1 G2 G3 H1 H2 H3 [J1 J2 J3]
boot() {
	local i g=("$1" "$2" "$3") h=("$4" "$5" "$6") j=("${@:7}") end
	rm -rf "$dir/out"
	mkdir -p "$dir/out/logs"
	: > "$dir/out/console.log"
	echo "HZ=250" > "$dir/out/job"
	for i in 0 1 2; do
		printf 't%s\tmodule\tbash t%s.sh\n' "$i" "$i" >> "$dir/out/tests.list"
		printf '[ %s.123456] igmpsnoop-vm: test t%s: start\n' "$((g[i] - 5))" "$i" >> "$dir/out/console.log"
		end="[ ${g[i]}.654321] igmpsnoop-vm: test t$i: end"
		((${#j[@]} == 0)) || end+=" jiffies $((4294667296 + j[i] * 250))"
		echo "$end" >> "$dir/out/console.log"
		touch -d "@$((base + h[i]))" "$dir/out/logs/$((i + 1)).dmesg"
	done
}

# judge WANT NAME: run --clock on the boot, which must say ok (WANT 0)
# or fail (WANT 1).
judge() {
	local out rc=0
	out=$(bash "$run" --clock "$dir/out") || rc=$?
	if ((rc != $1)); then
		echo "FAIL: $2: run --clock said '$out' (exit $rc)"
		exit 1
	fi
	echo "ok: $2: $out"
}

boot 100 400 700 0 300 600
judge 0 "a clock that kept time"
boot 100 400 700 0 320 630
judge 0 "5 % slow"
boot 100 250 400 0 300 600
judge 1 "half the host's speed"
boot 100 700 1300 0 300 600
judge 1 "twice the host's speed"
boot 100 400 700 0 360 720
judge 1 "17 % slow"
boot 10 40 70 0 100 110
judge 0 "under two minutes: not judged"
boot 100 400 700 0 300 600 50 350 650
judge 0 "a clock and jiffies that kept time"
boot 100 400 700 0 300 600 50 350 690
judge 0 "jiffies 7 % fast"
boot 100 400 700 0 300 600 50 250 450
judge 1 "jiffies a third slow beside a clock that kept time"
boot 100 400 700 0 300 600 50 550 1050
judge 1 "jiffies at twice the host's speed"
