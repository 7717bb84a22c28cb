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

# sleep as a builtin: read -t waits out its timeout on a FIFO that
# nothing writes to (opened for reading and writing, so it never sees the
# end of its file). A fork and exec costs a VM 50 ms of CPU and more (a
# second on the debug kernel), and the polls below sleep thousands of
# times a suite. Seconds, as the tests give them. Where no FIFO can be
# made, sleep stays the command.
#   sleep SECONDS
if nap_fifo=$(mktemp -u "${TMPDIR:-/tmp}/igmpsnoop-nap.XXXXXX") &&
	mkfifo "$nap_fifo" 2>/dev/null && exec {nap_fd}<>"$nap_fifo"; then
	rm -f "$nap_fifo"
	sleep() { read -r -t "$1" -u "$nap_fd" _ || true; }
fi

skip() {
	echo "SKIP: $*"
	exit $ksft_skip
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Is this the debug kernel (KASAN, lockdep, kmemleak)? It runs the tests
# four to ten times slower: make check's fuzz and torture runs are shorter
# there, `make fuzz` runs long ones.
debug_kernel() { [[ $(uname -r) == *-igmpsnoop-debug ]]; }

# The modes a test compares (bridge_transparency, vlan_snoop, vlan_state):
# igmpsnoop (its fast path where it applies) and igmpsnoop-slow (its fast
# path off), and before them, on Debian's 6.12 alone, bridge: the
# bridge's own snooping, the reference that shows the expectations are
# the bridge's. The expectations are the same on every kernel, so the
# other kernels hold igmpsnoop to them without running it again: 6.12 is
# the newer kernel (it has MAB), and the debug kernel (6.12.N-igmpsnoop-
# debug) looks for igmpsnoop's own bugs. REFERENCE=1 (passed into the VM
# by selftests/vm/run) runs it on any kernel.
snoop_modes() {
	if [[ ${REFERENCE:-0} == 1 ]] ||
		[[ $(uname -r) == 6.12.*-amd64 && $(uname -r) != *-rt-* ]]; then
		echo "bridge igmpsnoop igmpsnoop-slow"
	else
		echo "igmpsnoop igmpsnoop-slow"
	fi
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
	[[ -z $ovs_tmp ]] || ovs_stop
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

# The switch: a Linux bridge br0, or with SWITCH=ovs an Open vSwitch
# kernel datapath br0 built with ovs-dpctl (no ovs-vswitchd), whose flows
# send every frame to every other port, the local port (the host) included,
# as a bridge floods. The core tests run on both: selftests/ovs_*.sh run
# them with SWITCH=ovs.
SWITCH=${SWITCH:-bridge}
is_ovs() { [[ $SWITCH == ovs ]]; }

# Flows of the ovs-dpctl datapath br0: a frame from each port goes to every
# other port, port 0 (the datapath's local port) included.
ovs_flood_flows() {
	local ports p q out
	ports=$(ip netns exec "$sw" ovs-dpctl show br0 | sed -nE 's/^ *port ([0-9]+): .*/\1/p')
	nsw ovs-dpctl del-flows br0
	for p in $ports; do
		out=
		for q in $ports; do
			[[ $q == "$p" ]] || out=${out:+$out,}$q
		done
		nsw ovs-dpctl add-flow br0 "in_port($p),eth()" "$out"
	done
}

# Open vSwitch as users run it, in $sw: ovsdb-server and ovs-vswitchd from
# Debian's openvswitch-switch, no systemd, the database and sockets in
# $ovs_tmp on the VM's tmpfs /tmp (ovsdb-server needs a real tmpfs).
# OVS_RUNDIR points ovs-vsctl there, igmpsnoopctl's included.
ovs_tmp=
ovs_start() {
	command -v ovs-vswitchd >/dev/null || skip "ovs-vswitchd is not installed (make deps)"
	modprobe openvswitch || skip "no openvswitch module"
	ovs_tmp=$(mktemp -d)
	export OVS_RUNDIR=$ovs_tmp OVS_LOGDIR=$ovs_tmp OVS_DBDIR=$ovs_tmp
	ovsdb-tool create "$ovs_tmp/conf.db" /usr/share/openvswitch/vswitch.ovsschema
	nsw ovsdb-server "$ovs_tmp/conf.db" --remote="punix:$ovs_tmp/db.sock" \
		--pidfile="$ovs_tmp/ovsdb.pid" --detach -vconsole:off \
		--log-file="$ovs_tmp/ovsdb.log"
	vsctl --no-wait init
	ovs_start_vswitchd
}
# ovs-vswitchd 3.1.0 (Debian 12) counts no CPU in its first seconds (its
# count is refreshed every 10 s), and a datapath it opens then gets no
# upcall handler: the kernel loses every upcall (ovs-dpctl show: "lost"),
# so its bridges forward nothing until a change of the database makes it
# count again. Started (or restarted), it is changed until its log says
# it has handlers. A probe bridge stands in when there is no bridge yet:
# the next bridge opens the datapath anew, with handlers.
ovs_start_vswitchd() {
	local deadline=$((SECONDS + 30)) from=1 n probe=
	[[ ! -f $ovs_tmp/vswitchd.log ]] || from=$(($(wc -l < "$ovs_tmp/vswitchd.log") + 1))
	nsw ovs-vswitchd "unix:$ovs_tmp/db.sock" --pidfile="$ovs_tmp/vswitchd.pid" \
		--detach -vconsole:off --log-file="$ovs_tmp/vswitchd.log"
	if [[ -z $(vsctl list-br) ]]; then
		probe=igmpsnoop-probe
		vsctl add-br "$probe"
	fi
	for ((;;)); do
		n=$(tail -n +"$from" "$ovs_tmp/vswitchd.log" |
			sed -n 's/.*n-handler-threads to \([0-9]*\),.*/\1/p' | tail -n 1)
		((${n:-0} > 0)) && break
		((SECONDS < deadline)) || fail "ovs-vswitchd started no upcall handler in 30 s"
		sleep 1
		vsctl set Open_vSwitch . external_ids:igmpsnoop-probe="$SECONDS"
	done
	echo "# ovs-vswitchd: $n upcall handlers" >&2
	[[ -z $probe ]] || vsctl del-br "$probe"
}
ovs_kill_vswitchd() { kill "$(cat "$ovs_tmp/vswitchd.pid")"; }
ovs_stop() {
	local f
	for f in "$ovs_tmp"/vswitchd.pid "$ovs_tmp"/ovsdb.pid; do
		[[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null
	done
	sleep 0.5
	rm -rf "$ovs_tmp"
	ovs_tmp=
}
vsctl() {
	echo "+ ovs-vsctl $*" >&2
	ip netns exec "$sw" ovs-vsctl --db="unix:$ovs_tmp/db.sock" --timeout=20 "$@"
}

# Creates the switch br0 in $sw (see SWITCH).
switch_create() {
	if is_ovs; then
		command -v ovs-dpctl >/dev/null || skip "ovs-dpctl is not installed (make deps)"
		modprobe openvswitch || skip "no openvswitch module"
		nsw ovs-dpctl add-dp br0
	else
		ipsw link add br0 type bridge mcast_snooping 0
	fi
}

# Makes PORT a port of br0, and up.
switch_port_add() {
	if is_ovs; then
		nsw ovs-dpctl add-if br0 "$1"
		ovs_flood_flows
		ipsw link set "$1" up
	else
		ipsw link set "$1" master br0 up
	fi
}

# The switch namespace with the switch br0 (see SWITCH) and NPORTS
# (default 3) veth ports, sw-pN <-> host namespace $pfx-hN's eth0.
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
	switch_create
	for ((i = 1; i <= nports; i++)); do
		ip netns add "$pfx-h$i"
		ipsw link add "sw-p$i" type veth peer name eth0 netns "$pfx-h$i"
		switch_port_add "sw-p$i"
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

# The Ethernet address of the IPv4 group GROUP.
group_mac() {
	local a b c d
	IFS=. read -r a b c d <<< "$1"
	printf '01:00:5e:%02x:%02x:%02x' $((b & 0x7f)) "$c" "$d"
}

# Sends one IPv4 packet with protocol IGMP and payload HEX from host N.
#   send_igmp N DST_IP HEX
send_igmp() {
	echo "+ [h$1] IGMP to $2: $3" >&2
	ip netns exec "$pfx-h$1" mausezahn eth0 -q -c 1 -b "$(group_mac "$2")" -A "192.0.2.$1" \
		-B "$2" -t ip "proto=2,p=$3"
}

# The Ethernet frame, in hex, of an IGMP message (hex) from SRC to DST,
# with PAD bytes of padding after it.
#   igmp_frame SRC DST IGMP_HEX [PAD]
igmp_frame() {
	python3 - "$@" <<'PY'
import socket, struct, sys

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack(f'!{len(b) // 2}H', b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

src, dst, igmp = socket.inet_aton(sys.argv[1]), socket.inet_aton(sys.argv[2]), bytearray.fromhex(sys.argv[3])
pad = int(sys.argv[4]) if len(sys.argv) > 4 else 0
igmp[2:4] = struct.pack('!H', csum(bytes(igmp)))
ip = bytearray(struct.pack('!BBHHHBBH4s4s', 0x45, 0xc0, 20 + len(igmp), 0, 0, 1, 2, 0, src, dst))
ip[10:12] = struct.pack('!H', csum(bytes(ip)))
mac = bytes([1, 0, 0x5e, dst[1] & 0x7f, dst[2], dst[3]])
print((mac + bytes.fromhex('020000000001') + b'\x08\x00' + ip + igmp + bytes(pad)).hex())
PY
}

# Counts IGMP packets arriving at host N (a tc flower rule on its eth0).
count_igmp_setup() {
	ip -n "$pfx-h$1" link set eth0 up
	ip netns exec "$pfx-h$1" tc qdisc add dev eth0 clsact
	ip netns exec "$pfx-h$1" tc filter add dev eth0 ingress protocol ip pref 1 handle 101 \
		flower ip_proto 2 action pass
}
count_igmp() { tc_counts "$pfx-h$1" eth0 ingress 101; }

# Loads the tests' pretend switch chip (selftests/kmod/igmpsnoop_test_hwport.c):
# ports of type igmpsnoop_hw. The test's test_cleanup unloads it.
hwport_load() {
	local ko=${IGMPSNOOP_TESTMOD%/*}/igmpsnoop_test_hwport.ko
	[[ -f $ko ]] || fail "the tests' module is missing: run 'make modules-all'"
	insmod "$ko"
}

# Runs case CASE in this run's mode ($mode), and keeps what it printed, as
# one line, in got[$mode,CASE] for compare_modes.
#   run_case CASE
run_case() {
	echo "# $mode: $1" >&2
	# shellcheck disable=SC2004 # got: the test's associative array
	got[$mode,$1]=$("$1" | tr '\n' ' ' | sed 's/ *$//')
	echo "  $mode $1: ${got[$mode,$1]}"
}

# Sets this run's mode ($mode) up (the test's setup_mode), and runs each
# case of ALL_TESTS in it.
run_mode() {
	local t
	echo "# $mode"
	setup_mode
	for t in $ALL_TESTS; do
		run_case "$t"
	done
}

# Starts this run's snooping on br0 ($mode): igmpsnoop (igmpsnoop-slow:
# with its fast path off) or the bridge's own (bridge), either with a
# query response interval of 1 s.
snoop_start() {
	if [[ $mode == igmpsnoop* ]]; then
		swctl attach br0
		swctl set br0 query-response-interval 1
		[[ $mode == igmpsnoop ]] || swctl set br0 fast-path off
	else
		ipsw link set br0 type bridge mcast_snooping 1 mcast_query_response_interval 100
	fi
}

# Is PORT a member of GROUP on br0, in the table of this run's snooping
# ($mode: igmpsnoop's, igmpsnoop*, or the bridge's own)?
#   snoop_member GROUP PORT
# Read from the text with builtins (tc_counts says why): igmpsnoopctl's
# "... group GROUP [vlan VID] port PORT ...", the bridge's "... port PORT
# grp GROUP ...".
snoop_member() {
	local line out g=" group $1 "
	if [[ $mode == igmpsnoop* ]]; then
		out=$(igmpsnoopctl -n "$sw" group show br0) || return
	else
		out=$(bridge -n "$sw" mdb show dev br0) || return
		g=" grp $1 "
	fi
	while IFS= read -r line; do
		[[ " $line " == *"$g"* && " $line " == *" port $2 "* ]] && return 0
	done <<< "$out"
	return 1
}

# A test whose cases (ALL_TESTS) run in several modes (MODES) put what
# each printed in got[MODE,CASE] (run_case); every mode must give
# expect[CASE], or expect[MODE,CASE] where a mode differs on purpose. Says
# ok or not ok per case, and fails with MESSAGE if one is not.
#   compare_modes MESSAGE
compare_modes() {
	local t mode ok want failed=0
	for t in $ALL_TESTS; do
		ok=1
		for mode in $MODES; do
			want=${expect[$mode,$t]:-${expect[$t]}}
			[[ ${got[$mode,$t]} == "$want" ]] && continue
			echo "not ok: $t: $mode gave '${got[$mode,$t]}', expected '$want'"
			ok=0 failed=1
		done
		((!ok)) || echo "ok: $t"
	done
	((!failed)) || fail "$1"
}

# Polls CMD every 0.2 s until it succeeds, for at most SECONDS.
#   wait_until SECONDS CMD...
wait_until() {
	local deadline=$((SECONDS + $1 + 1))
	shift
	echo "+ (wait) $*" >&2
	until "$@" 2>/dev/null; do
		if ((SECONDS >= deadline)); then
			"$@" || true	# once more, with what it says on stderr
			fail "timed out waiting for: $*"
		fi
		sleep 0.2
	done
}

# Is jq EXPR true for the JSON CMD prints? For wait_until.
#   json_true EXPR CMD...
# Polls CMD every 0.2 s for at most SECONDS; returns its last status (no
# failure: the caller prints or asserts what it found).
#   poll SECONDS CMD...
poll() {
	local end=$((SECONDS + $1))
	shift
	until "$@"; do
		((SECONDS < end)) || return 1
		sleep 0.2
	done
}

json_true() {
	local expr=$1
	shift
	"$@" | jq -e "$expr" >/dev/null
}

# Whether the Linux bridge querier qbr (setup_querier) has sent a query.
querier_queried() { (($(counter "$pfx-q" qbr 99) >= 1)); }

# The querier, upstream of the snooped bridge: namespace $pfx-q with a
# Linux bridge qbr that snoops and queries (IGMP version V, default 2)
# from 192.0.2.254, linked to br0's port sw-q. Intervals are short: query
# interval QI (default 2 s), response interval 1 s, last member interval
# 0.5 s. ADDR (default 192.0.2.254) is its address.
#   setup_querier [V] [QI] [ADDR]
#
#   $pfx-q:  qbr (querier 192.0.2.254) -- qbr-p
#                                            |
#   $pfx-sw: br0 ----------------------- sw-q
#
# qbr is up and has sent its first query before sw-q comes up: the Linux
# bridge's querier records its own address with its first query (to its
# own stack, which counter 99 on qbr sees), and one that hears another
# querier before that takes it for the querier whatever the addresses,
# and never queries while it hears it.
setup_querier() {
	local v=${1:-2} qi=${2:-2} addr=${3:-192.0.2.254} q=$pfx-q
	ip netns add "$q"
	ip -n "$q" link set lo up
	ip -n "$q" link add qbr type bridge mcast_snooping 1 mcast_querier 1 \
		mcast_query_use_ifaddr 1 mcast_igmp_version "$v" \
		mcast_query_interval $((qi * 100)) mcast_query_response_interval 100 \
		mcast_startup_query_interval 50 mcast_last_member_interval 50
	ip -n "$q" addr add "$addr/24" dev qbr
	ipsw link add sw-q type veth peer name qbr-p netns "$q"
	ip -n "$q" link set qbr-p master qbr up
	counter_add "$q" qbr 99 ip_proto 2 src_ip "$addr" dst_ip 224.0.0.1
	ip -n "$q" link set qbr up
	wait_until 10 querier_queried
	switch_port_add sw-q
}

# Gives host N the address 192.0.2.N and makes it speak IGMP version V
# (0: the kernel's default, v3 with fallback).
#   host_setup N [V]
host_setup() {
	ip -n "$pfx-h$1" addr add "192.0.2.$1/24" dev eth0
	ip netns exec "$pfx-h$1" sysctl -qw "net.ipv4.conf.eth0.force_igmp_version=${2:-0}" \
		"net.ipv4.conf.all.force_igmp_version=${2:-0}"
}

# A real join and leave by host N's IP stack.
join() { echo "+ [h$1] join $2" >&2; ip -n "$pfx-h$1" addr add "$2/32" dev eth0 autojoin; }
leave() { echo "+ [h$1] leave $2" >&2; ip -n "$pfx-h$1" addr del "$2/32" dev eth0; }

# Waits (at most 10 s) until no CPU's backlog holds a frame. A veth
# hands what it sends to its peer through the backlog, and on a busy
# machine the softirq leaves the rest to ksoftirqd, which runs when it
# can: what was sent may not have arrived yet when the sender returns
# (seen on the debug kernel in CI: 0 of 10 a half second later). Column
# 12 of softnet_stat is the backlog's length (6.1 and 6.12). Read with
# builtins: a fork costs a second on the debug kernel.
net_settle() {
	local end=$((SECONDS + 10)) busy f
	for ((;;)); do
		busy=0
		while read -ra f; do
			[[ ${f[11]} == 00000000 ]] || busy=1
		done < /proc/net/softnet_stat
		((busy && SECONDS < end)) || return 0
		sleep 0.1
	done
}

# Sends COUNT (default 10) UDP packets to GROUP from host N, and waits
# until the backlog has passed them on (net_settle).
#   send_data N GROUP [COUNT]
send_data() {
	echo "+ [h$1] ${3:-10} packets to $2" >&2
	ip netns exec "$pfx-h$1" mausezahn eth0 -q -c "${3:-10}" -d 1msec -b "$(group_mac "$2")" \
		-A "192.0.2.$1" -B "$2" -t udp "dp=5000,sp=5000"
	net_settle
}

# Counters on a namespace's interface: tc flower rules at ingress that
# count and drop (rules on a protocol other than IGMP: data) or count and
# pass (IGMP, and rules with no protocol, which keep packets from later
# rules).
#   counter_add NS DEV HANDLE MATCH...  e.g. counter_add $pfx-h1 eth0 11 dst_ip 239.1.1.1 ip_proto udp
#   counter NS DEV HANDLE [egress]      prints the packets it counted (egress:
#                                       a rule the caller added there)
counter_add() {
	local ns=$1 dev=$2 handle=$3 action=drop
	shift 3
	[[ " $* " != *" ip_proto 2 "* && " $* " == *" ip_proto "* ]] || action=pass
	ip netns exec "$ns" tc qdisc replace dev "$dev" clsact
	ip netns exec "$ns" tc filter add dev "$dev" ingress protocol ip pref "$handle" \
		handle "$handle" flower "$@" action "$action"
}
counter() { tc_counts "$1" "$2" "${4:-ingress}" "$3"; }

# The packets tc rules counted (the first action's), each rule by its
# HANDLE, on one line; "null" for a rule that is not there. Read from tc's
# text with builtins: the tests read counters hundreds of times, and jq,
# which tc's JSON would need, took a third of a second of CPU to start
# under TCG, half of what vlan_snoop's commands took in all.
#   tc_counts NS DEV ingress|egress HANDLE...
tc_counts() {
	local ns=$1 dev=$2 dir=$3 line h='' text out=()
	local -A n=()
	shift 3
	# A device that is gone has no rules: "null", as for a missing rule.
	text=$(tc -n "$ns" -s filter show dev "$dev" "$dir") || text=
	while IFS= read -r line; do
		if [[ $line == filter\ * ]]; then
			h=
			[[ $line =~ \ handle\ 0x([0-9a-f]+) ]] && h=$((16#${BASH_REMATCH[1]}))
		elif [[ -n $h && -z ${n[$h]+set} && $line =~ Sent\ [0-9]+\ bytes\ ([0-9]+)\ pkt ]]; then
			n[$h]=${BASH_REMATCH[1]}
		fi
	done <<< "$text"
	for h in "$@"; do
		out+=("${n[$h]:-null}")
	done
	echo "${out[*]}"
}
# Whether rule HANDLE counted N packets; for poll, where frames may
# still be on their way.
#   counter_is NS DEV HANDLE N
counter_is() { (($(counter "$1" "$2" "$3") == $4)); }

# Per-host data counters for GROUP: host N's rule HANDLE.
#   data_counters HANDLE GROUP HOST...
data_counters() {
	local handle=$1 group=$2 h
	shift 2
	for h in "$@"; do
		counter_add "$pfx-h$h" eth0 "$handle" dst_ip "$group" ip_proto udp
	done
}

# Asserts which hosts received what: "N:COUNT ..." for rule HANDLE.
#   expect_counts HANDLE 1:10 2:0 3:0
expect_counts() {
	local handle=$1 spec h want got
	shift
	for spec in "$@"; do
		h=${spec%%:*} want=${spec#*:}
		got=$(counter "$pfx-h$h" eth0 "$handle")
		[[ $got == "$want" ]] || fail "host $h got $got packets (rule $handle), expected $want"
	done
}

# The querier namespace's counter of rule HANDLE on qbr-p.
q_counter() { counter "$pfx-q" qbr-p "$1"; }

# Waits until the tcpdump whose standard error goes to FILE listens, as
# it says there: it takes seconds to start on a busy machine, and a
# capture started too late misses what comes first.
#   tcpdump_wait FILE
tcpdump_wait() { wait_until 20 grep -q "listening on" "$1"; }

# Waits until br0's instance hears a querier.
wait_snooping() { wait_until "${1:-10}" inst_snooping; }
# Is br0's instance snooping (its querier heard and answered)? From the
# text, with builtins (tc_counts says why); an instance per VLAN says
# "per vlan" there, and its JSON tells.
inst_snooping() {
	local out
	out=$(igmpsnoopctl -n "$sw" show br0) || return
	case $out in
	*$'\n    snooping:'*) return 0 ;;
	*$'\n    per vlan '*) json_true '.[0].mode == "snooping"' igmpsnoopctl -n "$sw" -j show br0 ;;
	*) return 1 ;;
	esac
}

# Waits until GROUP on br0 has exactly the member ports given.
#   wait_members GROUP [PORT...]
wait_members() {
	local group=$1 want
	shift
	want=$(printf '%s\n' "$@" | jq -R . | jq -sc 'map(select(length > 0)) | sort')
	wait_until "${WAIT:-10}" json_true \
		"[.[] | select(.group == \"$group\") | .port] | sort == $want" \
		igmpsnoopctl -n "$sw" -j group show br0
}

# IGMPv3 source filtering, seen from host 1 (snoop_sources*.sh): crafted
# reports with sources 10.0.0.x, the member's state on sw-p1, and data
# from those sources sent by host 2 and counted at host 1.
# A group record; sources as last octets of 10.0.0.x.
#   record TYPE GROUP SOURCE...
record() {
	local type=$1 a b c d s
	IFS=. read -r a b c d <<< "$2"
	shift 2
	printf '%02x 00 00 %02x %02x %02x %02x %02x' "$type" "$#" "$a" "$b" "$c" "$d"
	for s in "$@"; do
		printf ' 0a 00 00 %02x' "$s"
	done
}
# Host 1 sends an IGMPv3 report with one such record.
#   report TYPE GROUP SOURCE...
report() {
	local names=([1]=IS_IN [2]=IS_EX [3]=TO_IN [4]=TO_EX [5]=ALLOW [6]=BLOCK)
	echo "+ [h1] ${names[$1]}($2){${*:3}}" >&2
	# shellcheck disable=SC2046
	send_igmp 1 224.0.0.22 "$(igmp_hex 22 00 00 00 00 01 $(record "$@"))"
}

# The state of GROUP on sw-p1: "include|exclude S:fwd|blk ..." (sorted).
state() {
	igmpsnoopctl -n "$sw" -j group show br0 | jq -r --arg g "$1" '
		.[] | select(.group == $g and .port == "sw-p1") |
		([.filter_mode] + ([.sources[] | (.address | sub("^10\\.0\\.0\\."; "")) + ":" +
			(if .forward then "fwd" else "blk" end)] | sort)) | join(" ")'
}
expect_state() {
	local got
	got=$(state "$1")
	[[ $got == "$2" ]] || fail "$1 on sw-p1: state '$got', expected '$2'"
	echo "  state $1: $got" >&2
}
state_is() {
	local got
	got=$(state "$1")
	[[ $got == "$2" ]] || { echo "  state $1: $got" >&2; return 1; }
}

# Data from 10.0.0.1..4 to GROUP, counted per source at host 1 by rules
# BASE+1..BASE+4.
#   sources_counters GROUP BASE
sources_counters() {
	local k
	for k in 1 2 3 4; do
		counter_add "$pfx-h1" eth0 "$(($2 + k))" src_ip "10.0.0.$k" dst_ip "$1" ip_proto udp
	done
}
# The four counts of sources_counters' rules BASE+1..4.
sources_counts() { tc_counts "$pfx-h1" eth0 ingress $(($1 + 1)) $(($1 + 2)) $(($1 + 3)) $(($1 + 4)); }

# expect_fwd GROUP BASE "k:y|n ...": sends 3 packets from each 10.0.0.k
# (host 2) and checks that exactly the "y" ones reach host 1.
expect_fwd() {
	local group=$1 base=$2 spec k want before after mac
	mac=$(group_mac "$group")
	read -ra before <<< "$(sources_counts "$base")"
	for spec in $3; do
		ip netns exec "$pfx-h2" mausezahn eth0 -q -c 3 -d 1msec -b "$mac" \
			-A "10.0.0.${spec%%:*}" -B "$group" -t udp "dp=5000,sp=5000"
	done
	sleep 0.3
	read -ra after <<< "$(sources_counts "$base")"
	for spec in $3; do
		k=${spec%%:*} want=${spec#*:}
		got=$((after[k - 1] - before[k - 1]))
		case $want in
		y) ((got == 3)) || fail "data from 10.0.0.$k to $group: $got of 3 reached sw-p1, expected all" ;;
		n) ((got == 0)) || fail "data from 10.0.0.$k to $group: $got of 3 reached sw-p1, expected none" ;;
		esac
	done
	echo "  forwarding $group: $3" >&2
}

# br0 with NPORTS ports and igmpsnoop as its IGMPv3 querier (192.0.2.200,
# LMQC 2, LMQI SEC seconds, and any more SETTING VALUE pairs), snooping;
# data from 10.0.0.1..4 to GROUP counted at host 1 by rules 31..34.
#   sources_setup NPORTS SEC GROUP [SETTING VALUE...]
sources_setup() {
	setup_bridge "$1"
	swctl attach br0
	swctl set br0 querier on querier-address 192.0.2.200 version 3 \
		query-response-interval 1 last-member-interval "$2" last-member-count 2 \
		"${@:4}"
	wait_snooping
	sources_counters "$3" 30
}

# A counter of br0's instance: inst_stat NAME
# (from the text, read with builtins, as tc_counts; "null" if none)
inst_stat() {
	local out
	out=$(igmpsnoopctl -n "$sw" -s show br0) || out=
	if [[ $out =~ [[:space:]]$1\ ([0-9]+) ]]; then
		echo "${BASH_REMATCH[1]}"
	else
		echo null
	fi
}

# Hosts in VLANs (vlan_snoop, ovs_vlan): host H is in a VLAN untagged on
# eth0 (an access port) or tagged on eth0.VID (a trunk), with the address
# 10.VID.0.H; host 4 is the source. Tests that use vdelta make $tmp.
yes_no() { if "$@"; then echo yes; else echo no; fi; }

# Counters on host H's eth0, tc flower at ingress: untagged (protocol ip)
# or in VLAN VID (protocol 802.1Q); IGMP is counted and goes on to the
# next rule (several count the same query), UDP is counted and dropped.
#   vcount_add H HANDLE VID|- MATCH...
vcount_add() {
	local ns=$pfx-h$1 handle=$2 vid=$3 action=continue
	shift 3
	[[ " $* " == *" ip_proto udp "* ]] && action=drop
	ip netns exec "$ns" tc qdisc replace dev eth0 clsact
	if [[ $vid == - ]]; then
		ip netns exec "$ns" tc filter add dev eth0 ingress protocol ip \
			pref "$handle" handle "$handle" flower "$@" action "$action"
	else
		ip netns exec "$ns" tc filter add dev eth0 ingress protocol 802.1Q \
			pref "$handle" handle "$handle" flower vlan_id "$vid" \
			vlan_ethtype ipv4 "$@" action "$action"
	fi
}
# What host H's counter HANDLE got since the last call.
vdelta() {
	local f=$tmp/$1.$2 now last=0
	now=$(counter "$pfx-h$1" eth0 "$2")
	[[ -f $f ]] && last=$(<"$f")
	echo "$now" > "$f"
	echo $((now - last))
}
seen() { (($(vdelta "$1" "$2") > 0)) && echo yes || echo no; }

# Host H's address in VLAN VID: on eth0 for an access port, on eth0.VID
# for a trunk.
vlan_host() {
	local h=$1 ns=$pfx-h$1
	shift
	for vid in "$@"; do
		ip -n "$ns" link add link eth0 name "eth0.$vid" type vlan id "$vid"
		ip -n "$ns" addr add "10.$vid.0.$h/24" dev "eth0.$vid"
		ip -n "$ns" link set "eth0.$vid" up
	done
	ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.force_igmp_version=2
}
vjoin() { ip -n "$pfx-h$1" addr add "$3/32" dev "$2" autojoin; }
vleave() { ip -n "$pfx-h$1" addr del "$3/32" dev "$2"; }

# Host 4 sends 5 frames to GROUP in VLAN VID (from eth0.VID).
vsend() {
	ip netns exec "$pfx-h4" mausezahn "eth0.$1" -q -c 5 -d 1msec \
		-b "$(printf '01:00:5e:01:01:%02x' "${2##*.}")" -A "10.$1.0.4" -B "$2" \
		-t udp "dp=5000,sp=5000"
	net_settle
}

# An igmpsnoop instance's table: GROUP/VID/PORT, sorted, comma-separated.
#   igmpsnoop_table INST
igmpsnoop_table() {
	igmpsnoopctl -n "$sw" -j group show "$1" |
		jq -r '[.[] | "\(.group)/\(.vid)/\(.port)"] | sort | join(",")'
}

# The counters of the VLAN topologies, on hosts 1 to 3 (and H...):
# IGMP queries to 224.0.0.1, untagged (1) and in VLANs 10 (2) and 20
# (3); data to 239.1.1.1 at the access hosts 1 and 2 (11), and in VLANs
# 10 (12) and 20 (13) at the trunk host 3.
#   vlan_counters [H...]
vlan_counters() {
	local h
	for h in 1 2 3 "$@"; do
		vcount_add "$h" 1 - ip_proto 2 dst_ip 224.0.0.1
		vcount_add "$h" 2 10 ip_proto 2 dst_ip 224.0.0.1
		vcount_add "$h" 3 20 ip_proto 2 dst_ip 224.0.0.1
	done
	vcount_add 1 11 - ip_proto udp dst_ip 239.1.1.1
	vcount_add 2 11 - ip_proto udp dst_ip 239.1.1.1
	vcount_add 3 12 10 ip_proto udp dst_ip 239.1.1.1
	vcount_add 3 13 20 ip_proto udp dst_ip 239.1.1.1
}

# The VLAN topologies' switch: br0 filtering VLANs, with no default PVID,
# and 4 ports (setup_bridge), access port sw-p1 in VLAN 10, access port
# sw-p2 in VLAN P2VID, trunks sw-p3 and sw-p4 in VLANs 10 and 20, and br0
# itself in both with a VLAN device br0.VID at 10.VID.0.254.
#   vlan_bridge P2VID
vlan_bridge() {
	local p vid
	setup_bridge 4
	ipsw link set br0 type bridge vlan_default_pvid 0
	ipsw link set br0 type bridge vlan_filtering 1
	nsw bridge vlan add dev sw-p1 vid 10 pvid untagged
	nsw bridge vlan add dev sw-p2 vid "$1" pvid untagged
	for p in sw-p3 sw-p4; do
		nsw bridge vlan add dev "$p" vid 10
		nsw bridge vlan add dev "$p" vid 20
	done
	for vid in 10 20; do
		nsw bridge vlan add dev br0 vid "$vid" self
		ipsw link add link br0 name "br0.$vid" type vlan id "$vid"
		ipsw addr add "10.$vid.0.254/24" dev "br0.$vid"
		ipsw link set "br0.$vid" up
	done
	ip -n "$pfx-h1" addr add 10.10.0.1/24 dev eth0
	ip -n "$pfx-h2" addr add "10.$1.0.2/24" dev eth0
}

# The VLAN topologies' snooping and querier, per $mode: the bridge's own
# per VLAN, or igmpsnoop's (igmpsnoop-slow: with its fast path off), with
# QI 2 s, QRI 1 s, GMI 5 s, LMQI 0.5 s. The bridge's per-VLAN queries come
# from br0's address (Linux bridges elect 0.0.0.0 over any other).
vlan_snooping_start() {
	local vid
	if [[ $mode == igmpsnoop* ]]; then
		swctl attach br0
		swctl set br0 query-interval 2 query-response-interval 1 \
			last-member-interval 0.5 querier on
		[[ $mode == igmpsnoop ]] || swctl set br0 fast-path off
		return
	fi
	ipsw link set br0 type bridge mcast_snooping 1 mcast_vlan_snooping 1 \
		mcast_query_use_ifaddr 1
	for vid in 10 20; do
		nsw bridge vlan global set dev br0 vid "$vid" mcast_querier 1 \
			mcast_query_interval 200 mcast_query_response_interval 100 \
			mcast_membership_interval 500 mcast_querier_interval 450 \
			mcast_last_member_interval 50 mcast_startup_query_interval 50
	done
}

# The VLAN topologies' table of this run's snooping ($mode: bridge, or
# igmpsnoop with or without its fast path): GROUP/VID/PORT of IPv4 groups,
# sorted, comma-separated.
vlan_table() {
	if [[ $mode == igmpsnoop* ]]; then
		igmpsnoop_table br0
	else
		bridge -n "$sw" -j mdb show dev br0 |
			jq -r '[.[].mdb[]? | select(.port != "br0" and (.grp | contains(":") | not)) |
				"\(.grp)/\(.vid)/\(.port)"] | sort | join(",")'
	fi
}

# Frames igmpsnoop forwarded on its fast path, of 5 that host 4 sends to
# 239.1.1.1 in VLAN 10; hosts 1 and 3 get some (vlan_counters: their
# counters are read past them).
vlan_fast_share() {
	local before
	before=$(inst_stat fwd_fast_path)
	vsend 10 239.1.1.1
	sleep 0.5
	vdelta 1 11 >/dev/null
	vdelta 3 12 >/dev/null
	echo $(($(inst_stat fwd_fast_path) - before))
}

# The membership case of the VLAN topologies (table is the test's): the
# table, then who gets 239.1.1.1 sent in VLAN 10 and in VLAN 20.
vlan_membership() {
	echo "table=$(table)"
	vsend 10 239.1.1.1
	sleep 0.5
	echo "v10: h1=$(vdelta 1 11) h3=$(vdelta 3 12) |"
	vsend 20 239.1.1.1
	sleep 0.5
	echo "v20: h1=$(vdelta 1 11) h2=$(vdelta 2 11) h3=$(vdelta 3 13)"
}
