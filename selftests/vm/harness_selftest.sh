#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests the VM harness itself, on the host: one boot per kernel runs six
# tiny tests, and the harness must report each one right:
#   pass     exits 0                        -> ok
#   long     outlives --test-timeout, within its own "# vm: timeout" -> ok
#   fail     exits 1                        -> not ok (exit status 1)
#   skip     exits 4                        -> ok # SKIP
#   timeout  outlives --test-timeout        -> not ok (timed out)
#   warn     loads a module that WARN_ON(1)s, exits 0 -> not ok (kernel log: WARNING)
# plus the whole-boot "kernel log" check, which that WARNING fails too;
# and the run as a whole must exit non-zero. Prints TAP lines (make check
# renumbers them).

set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$repo/build}
n=1
rc=0

tap() {
	if [[ $1 == ok ]]; then echo "ok $n host: $2"; else echo "not ok $n host: $2"; rc=1; fi
	n=$((n + 1))
}

dir=$build/harness-tests
rm -rf "$dir"
mkdir -p "$dir"
cat > "$dir/pass.sh" <<'T'
exit 0
T
cat > "$dir/long.sh" <<'T'
# vm: timeout 30
sleep 12
T
cat > "$dir/fail.sh" <<'T'
exit 1
T
cat > "$dir/skip.sh" <<'T'
exit 4
T
cat > "$dir/timeout.sh" <<'T'
sleep 60
T
cat > "$dir/warn.sh" <<'T'
insmod "$(dirname "$0")/../$(uname -r)/warnmod/igmpsnoop_test_warn.ko"
T

mapfile -t kernels < <(for v in /boot/vmlinuz-*; do v=${v#/boot/vmlinuz-}
	[[ -f /lib/modules/$v/build/Makefile ]] && echo "$v"; done | sort -rV)

for k in "${kernels[@]}"; do
	ks=$(echo "$k" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
	w=$build/$k/warnmod
	mkdir -p "$w"
	ln -sfn "$repo/selftests/vm/warnmod/Kbuild" "$w/Kbuild"
	ln -sfn "$repo/selftests/vm/warnmod/igmpsnoop_test_warn.c" "$w/igmpsnoop_test_warn.c"
	if ! make -s -C "/lib/modules/$k/build" M="$w" modules > "$w/build.log" 2>&1; then
		tap fail "harness $ks: build the WARN_ON test module"
		sed 's/^/# /' "$w/build.log"
		continue
	fi
	out=$("$repo/selftests/vm/run" --kernel "$k" --tests-dir "$dir" --test-timeout 8 \
		--shards 1 2>&1)
	run_rc=$?
	sed 's/^/# | /' <<< "$out"
	grep -qE "^ok [0-9]+ $ks: pass$" <<< "$out" && tap ok "harness $ks: a passing test passes" ||
		tap fail "harness $ks: a passing test passes"
	grep -qE "^ok [0-9]+ $ks: long$" <<< "$out" && tap ok "harness $ks: a test's own time limit holds" ||
		tap fail "harness $ks: a test's own time limit holds"
	grep -qE "^not ok [0-9]+ $ks: fail # exit status 1" <<< "$out" && tap ok "harness $ks: a failing test fails" ||
		tap fail "harness $ks: a failing test fails"
	grep -qE "^ok [0-9]+ $ks: skip # SKIP" <<< "$out" && tap ok "harness $ks: exit 4 is a skip" ||
		tap fail "harness $ks: exit 4 is a skip"
	grep -qE "^not ok [0-9]+ $ks: timeout # timed out" <<< "$out" && tap ok "harness $ks: a hung test times out" ||
		tap fail "harness $ks: a hung test times out"
	grep -qE "^not ok [0-9]+ $ks: warn # kernel log: .*WARNING" <<< "$out" && tap ok "harness $ks: a kernel WARNING fails the test" ||
		tap fail "harness $ks: a kernel WARNING fails the test"
	grep -qE "^2 passed, 4 failed, 1 skipped$" <<< "$out" && ((run_rc != 0)) &&
		tap ok "harness $ks: the verdict is the exit status" ||
		tap fail "harness $ks: the verdict is the exit status"
done
exit $rc
