#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests the VM harness itself, on the host: one boot per kernel runs six
# tiny tests, and the harness must report each one right:
#   pass     exits 0                        -> ok; what it left in
#            $IGMPSNOOP_SAVE (the VM's memory, which --mem set) is
#            in the --save directory
#   long     outlives --test-timeout, within its own "# vm: timeout" -> ok
#   fail     exits 1                        -> not ok (exit status 1)
#   skip     exits 4                        -> ok # SKIP
#   timeout  outlives --test-timeout        -> not ok (timed out)
#   warn     loads a module that WARN_ON(1)s, exits 0 -> not ok (kernel log: WARNING)
# plus the whole-boot "kernel log" check, which that WARNING fails too;
# and the run as a whole must exit non-zero. Then two boots of three
# tests each, where the VM dies in the second:
#   emulator  logs a register dump with RFLAGS 83ab5242, which no CPU
#             gives, and crashes the kernel, once -> the VM boots again
#             for it and the third test, all ok, the kernel log too
#   crash     crashes the kernel (sysrq c)     -> not ok (VM died), the
#             third test too, the kernel log too: no second boot
# On the debug kernel, when it
# is built, two more boots:
#   kasan    reads freed memory (warnmod uaf=1) -> not ok (kernel log: KASAN)
#   kasan_again  the same, in the same boot -> not ok too (KASAN reports
#            more than its first bug)
#   leak     leaks an allocation (leak=1), exits 0 -> ok, but then
#            "debug: kmemleak" -> not ok
# and a boot running only "pass" -> "debug: kmemleak" ok.
# Prints TAP lines (make check renumbers them).
#   harness_selftest.sh           the Debian kernels in /boot
#   harness_selftest.sh --debug   the debug kernel (make check runs it once
#                                 that kernel is built)

set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$repo/build}
n=1
rc=0

tap() {
	if [[ $1 == ok ]]; then echo "ok $n host: $2"; else echo "not ok $n host: $2"; rc=1; fi
	n=$((n + 1))
}

debug=0
[[ ${1:-} == --debug ]] && debug=1
# Its own directory per mode: make check runs both at once.
dir=$build/harness-tests$( ((debug)) && echo -debug)
rm -rf "$dir"
mkdir -p "$dir"
cat > "$dir/pass.sh" <<'T'
awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo > "$IGMPSNOOP_SAVE/memtotal"
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

# Both die in their second test; only the emulator's is booted again.
mkdir -p "$dir/emulator" "$dir/crash"
printf 'exit 0\n' > "$dir/emulator/a_pass.sh"
cat > "$dir/emulator/b_emulator.sh" <<'T'
[[ -e $IGMPSNOOP_SAVE/crashed ]] && exit 0
touch "$IGMPSNOOP_SAVE/crashed" && sync
# What a double fault under QEMU's TCG once logged (docs/design.md).
echo "harness test: pretend register dump: RSP: 0018:ffffb0e1c0003f58 EFLAGS: 83ab5242" > /dev/kmsg
echo c > /proc/sysrq-trigger
T
printf 'exit 0\n' > "$dir/emulator/c_after.sh"
printf 'exit 0\n' > "$dir/crash/a_pass.sh"
printf 'echo "harness test: a possible register dump: EFLAGS: 00010246" > /dev/kmsg\necho c > /proc/sysrq-trigger\n' > "$dir/crash/b_crash.sh"
printf 'exit 0\n' > "$dir/crash/c_after.sh"

kernels=()
((debug)) || mapfile -t kernels < <(for v in /boot/vmlinuz-*; do v=${v#/boot/vmlinuz-}
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
	rm -rf "$dir/saved"
	out=$("$repo/selftests/vm/run" --kernel "$k" --tests-dir "$dir" --test-timeout 8 \
		--shards 1 --mem 2560 --save "$dir/saved" 2>&1)
	run_rc=$?
	sed 's/^/# | /' <<< "$out"
	grep -qE "^ok [0-9]+ $ks: pass$" <<< "$out" && tap ok "harness $ks: a passing test passes" ||
		tap fail "harness $ks: a passing test passes"
	# 2560 MiB less what the kernel keeps; the default is 1536.
	(($(cat "$dir/saved/$ks/memtotal" 2>/dev/null || echo 0) > 2300000)) &&
		tap ok "harness $ks: --mem sizes the VM, --save keeps a test's files" ||
		tap fail "harness $ks: --mem sizes the VM, --save keeps a test's files"
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

	out=$("$repo/selftests/vm/run" --kernel "$k" --tests-dir "$dir/emulator" --shards 1 2>&1)
	run_rc=$?
	sed 's/^/# | /' <<< "$out"
	grep -qE "^# the VM's first boot: it died in test b_emulator, and its RFLAGS 83ab5242 " <<< "$out" &&
		grep -qE "^4 passed, 0 failed$" <<< "$out" && ((run_rc == 0)) &&
		tap ok "harness $ks: a VM the emulator failed boots again for the tests it did not finish" ||
		tap fail "harness $ks: a VM the emulator failed boots again for the tests it did not finish"
	out=$("$repo/selftests/vm/run" --kernel "$k" --tests-dir "$dir/crash" --shards 1 2>&1)
	run_rc=$?
	sed 's/^/# | /' <<< "$out"
	grep -qE "^not ok [0-9]+ $ks: b_crash # VM died" <<< "$out" &&
		grep -qE "^not ok [0-9]+ $ks: c_after # VM died" <<< "$out" &&
		grep -qE "^not ok [0-9]+ $ks: kernel log # " <<< "$out" &&
		! grep -q "first boot" <<< "$out" && ((run_rc != 0)) &&
		tap ok "harness $ks: a kernel crash fails, with no second boot" ||
		tap fail "harness $ks: a kernel crash fails, with no second boot"
done

# The debug kernel's own checks: KASAN and kmemleak.
if ((debug)) && debug_dir=$(bash "$repo/scripts/debug_kernel.sh" --dir 2>/dev/null); then
	k=$(cat "$debug_dir/release")
	w=$build/$k/warnmod
	mkdir -p "$w" "$dir/debug-bad" "$dir/debug-good"
	ln -sfn "$repo/selftests/vm/warnmod/Kbuild" "$w/Kbuild"
	ln -sfn "$repo/selftests/vm/warnmod/igmpsnoop_test_warn.c" "$w/igmpsnoop_test_warn.c"
	printf '# vm: debug\ninsmod %q warn=0 uaf=1\nrmmod igmpsnoop_test_warn\n' \
		"$w/igmpsnoop_test_warn.ko" > "$dir/debug-bad/kasan.sh"
	cp "$dir/debug-bad/kasan.sh" "$dir/debug-bad/kasan_again.sh"
	printf '# vm: debug\ninsmod %q warn=0 leak=1\n' "$w/igmpsnoop_test_warn.ko" \
		> "$dir/debug-bad/leak.sh"
	printf '# vm: debug\nexit 0\n' > "$dir/debug-good/pass.sh"
	if ! make -s -C "$debug_dir/linux" M="$w" modules > "$w/build.log" 2>&1; then
		tap fail "harness debug: build the test module"
		sed 's/^/# /' "$w/build.log"
	else
		out=$("$repo/selftests/vm/run" --kernel debug --tests-dir "$dir/debug-bad" \
			--shards 1 2>&1)
		sed 's/^/# | /' <<< "$out"
		grep -qE "^not ok [0-9]+ debug: kasan # kernel log: .*KASAN" <<< "$out" &&
			tap ok "harness debug: a KASAN report fails the test" ||
			tap fail "harness debug: a KASAN report fails the test"
		grep -qE "^not ok [0-9]+ debug: kasan_again # kernel log: .*KASAN" <<< "$out" &&
			tap ok "harness debug: a second KASAN report fails its test too" ||
			tap fail "harness debug: a second KASAN report fails its test too"
		grep -qE "^not ok [0-9]+ debug: kmemleak # [1-9][0-9]* unreferenced" <<< "$out" &&
			tap ok "harness debug: a leak fails the kmemleak check" ||
			tap fail "harness debug: a leak fails the kmemleak check"
		out=$("$repo/selftests/vm/run" --kernel debug --tests-dir "$dir/debug-good" \
			--shards 1 2>&1)
		sed 's/^/# | /' <<< "$out"
		grep -qE "^ok [0-9]+ debug: kmemleak$" <<< "$out" &&
			grep -qE "^3 passed, 0 failed$" <<< "$out" &&
			tap ok "harness debug: a clean run passes the kmemleak check" ||
			tap fail "harness debug: a clean run passes the kmemleak check"
	fi
fi
exit $rc
