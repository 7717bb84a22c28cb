#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything that proves igmpsnoop works, as TAP.
#   1. host: fetch Debian's PREEMPT_RT 6.12 kernel (unpacked, cached); build
#      the module for every installed kernel and that one (W=1, -Werror),
#      the CLI and the packet fuzzer; unit checks. The debug kernel
#      (scripts/debug_kernel.sh) builds meanwhile, at nice 19, unless it
#      is in the cache
#   2. host: DKMS add/build/install for every installed kernel
#   3. host: the VM harness's own test (pass/fail/skip/timeout/WARN_ON,
#      a VM the emulator failed booted again, a kernel crash failed),
#      while step 4's VMs run
#   4. VM: the whole suite (selftests/*.sh) on every installed kernel,
#      the DKMS-installed module among it, and, once those VMs or the
#      debug kernel's have ended, the tests marked "# vm: rt" on Debian's
#      PREEMPT_RT kernel (scripts/rt_kernel.sh fetches it in step 1); as
#      soon as the debug kernel is
#      built, beside them: the module for it, then side by side the
#      harness's own KASAN and kmemleak checks and its tests (# vm:
#      debug) in two VMs (DEBUG_SHARDS), where a KASAN, UBSAN, lockdep,
#      RCU, DEBUG_OBJECTS or kmemleak report fails
#   5. host: DKMS remove (the tree's module is not left installed)
# Ends with one "N passed, N failed" line for all of it; exits non-zero
# if anything failed.
#   scripts/check.sh [unit|dkms|vm]   only that stage (dkms: 2 + 4 + 5)

set -uo pipefail
cd "$(dirname "$0")/.."
only=${1:-all}
passed=0
failed=0
skipped=0
n=1
log=$(mktemp)

# Passes TAP through, numbering the results of all stages as one stream
# and counting them; drops the stages' own plans and closing lines.
count() {
	local line re='^(not )?ok [0-9]+ (.*)$'
	while IFS= read -r line; do
		case $line in
		"TAP version"* | 1..* | TAP_NEXT=* | *" passed, "*" failed"*) continue ;;
		"ok "*"# SKIP"*) skipped=$((skipped + 1)) ;;
		"ok "*) passed=$((passed + 1)) ;;
		"not ok "*) failed=$((failed + 1)) ;;
		esac
		if [[ $line =~ $re ]]; then
			line="${BASH_REMATCH[1]}ok $n ${BASH_REMATCH[2]}"
			n=$((n + 1))
		fi
		printf '%s\n' "$line"
	done
}

# Prints the TAP of the harness's own checks in FILE. The runs they judge
# are "# | " lines: shown only when a check failed.
#   harness_tap FILE
harness_tap() {
	if grep -q '^not ok' "$1"; then
		cat "$1"
	else
		grep -v '^# |' "$1"
	fi
}

# Runs CMD as one TAP result, its output kept in $step_log (default $log).
#   host_step NAME CMD...
host_step() {
	local name=$1 rc out=${step_log:-$log}
	shift
	"$@" > "$out" 2>&1
	rc=$?
	if ((rc == 0)); then
		echo "ok 0 host: $name"
	else
		echo "not ok 0 host: $name # exit status $rc"
		tail -n 40 "$out" | sed 's/^/# /'
	fi
	return $rc
}

# -Werror with W=1: any compiler warning, on any kernel, fails the build.
build_all() {
	make -s modules-all SKIP_DEBUG=1 WERROR=1 W=1 && make -s fuzz-tools bench-tools WERROR=1
}

cli_werror() {
	make -s -C tools/igmpsnoopctl clean &&
		make -s -C tools/igmpsnoopctl CFLAGS="-O2 -g -Werror"
}

two_kernel_lines() {
	ls /boot/vmlinuz-6.1.* >/dev/null 2>&1 && ls /boot/vmlinuz-6.12.* >/dev/null 2>&1
}

version_agrees() {
	grep -qx "PACKAGE_VERSION=\"$(cat VERSION)\"" dkms.conf
}

kernels=$(for d in /lib/modules/*/build; do [[ -f $d/Makefile ]] &&
	basename "$(dirname "$d")"; done | sort -rV | tr '\n' ' ')

# The debug kernel's lane, in the background from the start: the debug
# kernel (built at nice 19 unless cached: the host steps and the Debian
# kernels' VMs mostly wait, and keep their CPU), the module for it, the
# harness's own KASAN and kmemleak checks, then its tests. TAP on stdout.
debug_lane() {
	local step_log=$debug_log
	host_step "debug kernel (KASAN, UBSAN, lockdep, kmemleak) is built" \
		nice -n 19 bash scripts/debug_kernel.sh || return
	host_step "module builds warning-free with W=1 for the debug kernel" \
		nice -n 19 make -s modules-debug WERROR=1 W=1 || return
	# The tests use the CLI and the fuzzer, which the host steps rebuild.
	while [[ ! -e $host_done ]]; do
		sleep 2
	done
	# The harness's own checks run beside the tests, not before them:
	# two short boots (270 s in the rehearsal of stop 47), where the
	# tests' VMs are the long pole of make check.
	nice -n 10 bash selftests/vm/harness_selftest.sh --debug > "$debug_hs" 2>&1 &
	local hs=$!
	# Two VMs (DEBUG_SHARDS), balanced by selftests/vm/costs-debug: a
	# debug kernel's VM keeps 0.7 of a host CPU busy, so alone it left
	# the other CPU idle once the Debian kernels' VMs ended. Three shared
	# the same half CPU beside those, 0.2 each, and mrp timed out.
	nice -n 10 bash selftests/vm/run --kernel debug --shards "${DEBUG_SHARDS:-2}" \
		--boot-timeout 5400 2>&1
	wait "$hs"
	harness_tap "$debug_hs"
}
debug_log=$(mktemp)
debug_hs=$(mktemp)
harness_out=$(mktemp)
debug_vm=$(mktemp)
suite_vm=$(mktemp)
rt_vm=$(mktemp)
host_done=$(mktemp -u)
trap 'rm -f "$log" "$debug_log" "$debug_hs" "$harness_out" "$debug_vm" "$suite_vm" "$rt_vm" "$host_done"' EXIT
lane_pid=
if [[ $only == all || $only == vm ]]; then
	debug_lane > "$debug_vm" &
	lane_pid=$!
fi

echo "TAP version 13"
start=$SECONDS
count < <(
	host_step "Debian kernels 6.1 and 6.12 are installed" two_kernel_lines
	host_step "Debian's PREEMPT_RT 6.12 kernel is fetched (unpacked, not installed)" \
		bash scripts/rt_kernel.sh
	rt=$(bash scripts/rt_kernel.sh --dir 2>/dev/null) && rt=$(cat "$rt/release") || rt=
	host_step "module builds warning-free with W=1 for: $kernels$rt" build_all
	host_step "igmpsnoopctl builds warning-free (-Werror)" cli_werror
	host_step "YNL spec and uAPI header agree (kernel YNL library, schema)" \
		make -s spec-check
	host_step "dkms.conf version equals VERSION" version_agrees
	if [[ $only == all || $only == unit ]]; then
		host_step "fresh machine: make builds for headers it installed in the same run" \
			bash scripts/tests/make_fresh.sh
		host_step "VM harness: --shards runs every test once, VMs balanced by cost" \
			bash scripts/tests/shards.sh
		host_step "bench report: ratios of medians and derived figures" \
			bash scripts/tests/bench_report.sh
		host_step "VM harness: a boot whose guest clock or jiffies stray from the host's clock fails" \
			bash scripts/tests/clock.sh
		for t in tools/igmpsnoopctl/tests/*.sh; do
			[[ -e $t ]] || continue
			host_step "unit: $(basename "$t" .sh)" bash "$t"
		done
	fi
)
touch "$host_done"

dkms_done=0
if [[ $only == all || $only == dkms ]]; then
	count < <(bash scripts/dkms.sh tap 2>&1)
	dkms_done=1
fi
suite_pid=
if [[ $only == all || $only == vm ]]; then
	# One VM per Debian kernel unless VM_SHARDS says more (each VM gets
	# a share of the tests balanced by their cost, selftests/vm/costs):
	# with the debug kernel's VM, three VMs already keep two CPUs busy,
	# and six made tests time out (see README). They start now, after
	# DKMS installed the module their dkms test loads, beside the
	# harness's own test.
	# A VM's whole share may take longer than the harness's default
	# hour on a busy machine; each test keeps its own limit.
	debian=(--shards "${VM_SHARDS:-1}" --boot-timeout 4500)
	for k in $kernels; do
		debian+=(--kernel "$k")
	done
	bash selftests/vm/run "${debian[@]}" > "$suite_vm" 2>&1 &
	suite_pid=$!
fi
if [[ $only == all ]]; then
	bash selftests/vm/harness_selftest.sh > "$harness_out" 2>&1
	count < <(harness_tap "$harness_out")
fi
if [[ -n $suite_pid ]]; then
	# Then the tests marked "# vm: rt" on Debian's PREEMPT_RT kernel
	# (scripts/rt_kernel.sh), which the host steps fetched, once the
	# debug kernel's lane or the Debian kernels' VMs have ended, which
	# leave it the CPU they had: beside them all it starved (at nice 10
	# a test of 70 s outlived its 300 s limit) or starved them. Where
	# the debug kernel is built first, the Debian kernels' VMs end
	# first (a rehearsal of 17185d0: 6.1's at 57 minutes, 6.12's by
	# 74, the debug kernel's VMs from 61 to 90), and after the debug
	# lane the RT VM would run alone, one CPU idle.
	while kill -0 "$lane_pid" 2>/dev/null && kill -0 "$suite_pid" 2>/dev/null; do
		sleep 5
	done
	if bash scripts/rt_kernel.sh --dir > /dev/null 2>&1; then
		bash selftests/vm/run --kernel rt --boot-timeout 3600 > "$rt_vm" 2>&1
	fi
	wait "$lane_pid"
	wait "$suite_pid"
	count < "$suite_vm"
	count < "$debug_vm"
	[[ ! -s $rt_vm ]] || count < "$rt_vm"
elif [[ $only == dkms ]]; then
	count < <(bash selftests/vm/run --no-module --test dkms 2>&1)
fi
if ((dkms_done)); then
	count < <(host_step "dkms remove" bash scripts/dkms.sh remove)
fi

echo "# make check took $((SECONDS - start)) s"
if ((skipped)); then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
((failed == 0))
