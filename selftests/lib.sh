#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for igmpsnoop tests. Tests run as root inside the test VM
# (selftests/vm/run), with the module loaded unless their header says
# "# vm: no-module". Every test builds its topology in network namespaces
# named after its PID and deletes them on exit.
#
# Style (after WireGuard's netns.sh): set -e makes every command an
# assertion; negative assertions are written "! cmd || false", because
# set -e ignores a bare "!"; each step is echoed, so a failure's log shows
# where it happened.

set -e
set -o pipefail
set -E
trap '[[ $- != *e* ]] || echo "FAIL: ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND (exit $?)" >&2' ERR

ksft_skip=4
pfx=is$$
sw=$pfx-sw		# the switch namespace

# Never pipe into 'grep -q' here: with pipefail, the writer's SIGPIPE fails
# the pipeline at random. Match with [[ $(cmd) == *pattern* ]] instead.
ctl() { echo "+ igmpsnoopctl $*" >&2; igmpsnoopctl "$@"; }
nsw() { echo "+ [sw] $*" >&2; ip netns exec "$sw" "$@"; }
ipsw() { echo "+ ip -n sw $*" >&2; ip -n "$sw" "$@"; }
swctl() { ctl -n "$sw" "$@"; }

skip() {
	echo "SKIP: $*"
	exit $ksft_skip
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

cleanup_namespaces() {
	local ns
	for ns in $(ip netns list | awk '{print $1}'); do
		[[ $ns == "$pfx"-* ]] && ip netns delete "$ns"
	done
	return 0
}

cleanup() {
	set +e
	cleanup_namespaces
	[[ $(type -t test_cleanup) == function ]] && test_cleanup
	return 0
}
trap cleanup EXIT

# Runs a command and checks that it fails, with stderr matching a regex.
#   expect_fail REGEX CMD...
expect_fail() {
	local re=$1 err rc
	shift
	echo "+ (must fail) $*" >&2
	set +e
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	set -e
	echo "$err" >&2
	((rc != 0)) || fail "'$*' succeeded"
	[[ $err =~ $re ]] || fail "'$*' said '$err', expected /$re/"
}

# Asserts a jq expression is true for JSON on stdin.
#   CMD | expect_json EXPR
expect_json() {
	local json rc=0
	json=$(cat)
	echo "$json" | jq -e "$1" >/dev/null || rc=$?
	((rc != 1)) || fail "jq '$1' is false for: $json"
	((rc == 0)) || fail "not JSON (jq exit $rc): $json"
}

# The switch namespace with bridge br0 and NPORTS (default 3) veth ports,
# sw-pN <-> host namespace $pfx-hN's eth0.
#
#   +---------------------- $pfx-sw ----------------------+
#   |                        br0                          |
#   |        sw-p1           sw-p2     ...   sw-pN        |
#   +----------|---------------|----------------|---------+
#            eth0            eth0             eth0
#          $pfx-h1         $pfx-h2          $pfx-hN
setup_bridge() {
	local nports=${1:-3} i
	ip netns add "$sw"
	ipsw link set lo up
	ipsw link add br0 type bridge mcast_snooping 0
	for ((i = 1; i <= nports; i++)); do
		ip netns add "$pfx-h$i"
		ipsw link add "sw-p$i" type veth peer name eth0 netns "$pfx-h$i"
		ipsw link set "sw-p$i" master br0 up
		ip -n "$pfx-h$i" link set eth0 up
		ip -n "$pfx-h$i" link set lo up
	done
	ipsw link set br0 up
}
