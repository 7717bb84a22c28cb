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

# Prints an IGMP message as mausezahn hex, with its checksum filled in.
#   igmp_hex TYPE CODE REST...   (bytes in hex, without the checksum)
#   igmp_hex 16 00 ef 01 01 01   -> 16:00:f9:fc:ef:01:01:01 (v2 report 239.1.1.1)
igmp_hex() {
	local b=("$1" "$2" 00 00 "${@:3}") sum=0 i
	for ((i = 0; i < ${#b[@]}; i += 2)); do
		sum=$((sum + 0x${b[i]}${b[i + 1]:-00}))
	done
	while ((sum >> 16)); do sum=$(((sum & 0xffff) + (sum >> 16))); done
	sum=$((~sum & 0xffff))
	b[2]=$(printf %02x $((sum >> 8)))
	b[3]=$(printf %02x $((sum & 0xff)))
	(IFS=:; echo "${b[*]}")
}

# Sends one IPv4 packet with protocol IGMP and payload HEX from host N.
#   send_igmp N DST_IP HEX
send_igmp() {
	local dst=$2 mac a b c d
	IFS=. read -r a b c d <<< "$dst"
	mac=$(printf '01:00:5e:%02x:%02x:%02x' $((b & 0x7f)) "$c" "$d")
	echo "+ [h$1] IGMP to $dst: $3" >&2
	ip netns exec "$pfx-h$1" mausezahn eth0 -q -c 1 -b "$mac" -A "192.0.2.$1" -B "$dst" \
		-t ip "proto=2,p=$3"
}

# Counts IGMP packets arriving at host N (a tc flower rule on its eth0).
count_igmp_setup() {
	ip -n "$pfx-h$1" link set eth0 up
	ip netns exec "$pfx-h$1" tc qdisc add dev eth0 clsact
	ip netns exec "$pfx-h$1" tc filter add dev eth0 ingress protocol ip pref 1 handle 101 \
		flower ip_proto 2 action pass
}
count_igmp() {
	ip netns exec "$pfx-h$1" tc -j -s filter show dev eth0 ingress |
		jq '[.[] | select(.options.handle == 101)][0].options.actions[0].stats.packets'
}
