#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers of make bench (selftests/bench/*.sh, run in the VM by
# selftests/vm/run like the tests). Each script measures some figures of
# igmpsnoop and of the alternative a user would pick, in the same VM run:
# every mode of a figure once per round, interleaved, ROUNDS rounds
# (default 5; BENCH_QUICK=1: 1, with small sizes, to prove that the
# benchmark works) after a warm-up round that is not recorded (none in
# quick mode). Each
# measurement is a line of $IGMPSNOOP_SAVE/results.csv:
#
#   figure,kernel,config,mode,x,round,value,unit
#
# which scripts/bench_report.py turns into the table (min/median/max, the
# ratio of medians) and the plots. The switch is br0 in the namespace $sw
# with ports p1..pN, veths whose peers q1..qN (also in $sw) stand for the
# hosts: frames are counted where the hosts would receive them.
#
#   pktgen -> p1 [ br0 ] p2 ... pN
#                        |      |
#                        q2 ... qN   (counted)

. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

quick=${BENCH_QUICK:-0}
[[ $quick == 1 ]] || quick=0
rounds=${ROUNDS:-$((quick ? 1 : 5))}
bench_dir=${IGMPSNOOP_SAVE:-/tmp/igmpsnoop-bench}
results=$bench_dir/results.csv
igmpgen=$IGMPSNOOP_REPO/build/tools/igmpgen
kernel=$(uname -r | cut -d. -f1,2)
group=239.1.1.1
group_mac=01:00:5e:01:01:01

# Sets the group that bench_learn joins and the rates are measured of.
#   bench_group 239.1.1.N
bench_group() {
	local o
	IFS=. read -ra o <<< "$1"
	group=$1
	group_mac=$(printf '01:00:5e:%02x:%02x:%02x' $((o[1] & 127)) "${o[2]}" "${o[3]}")
}
mkdir -p "$bench_dir"

# Runs CMD in the switch namespace, quietly.
in_sw() { ip netns exec "$sw" "$@"; }

# A process kept in $sw from its making (bench_bridge, sw_hold) to
# bench_teardown: /proc/PID/net is $sw's /proc/net, where the polls of
# pktgen's files read with builtins. in_sw costs two emulated execs a
# read (bench_quick's commands: 24 CPU-seconds of ls, 27 of grep).
sw_holder=
sw_hold() {
	ip netns exec "$sw" sleep 1000000 &
	sw_holder=$!
	wait_until 10 sw_held
}
# Is the holder there, in $sw?
sw_held() { [[ -n $sw_holder && /proc/$sw_holder/ns/net -ef /run/netns/$sw ]]; }

# Records one measurement, and prints it.
#   bench_record FIGURE CONFIG MODE X ROUND VALUE UNIT
bench_record() {
	[[ -s $results ]] || echo "figure,kernel,config,mode,x,round,value,unit" > "$results"
	echo "$1,$kernel,$2,$3,$4,$5,$6,$7" >> "$results"
	printf '%-10s %-11s %-10s x=%-8s round %d: %s %s\n' "$@"
}

# The rounds: 0 is the warm-up, which is not recorded (BENCH_QUICK has
# none).
#   for r in $(bench_rounds); do ...; done
bench_rounds() { seq "$quick" "$rounds"; }

# Creates the namespace $sw and, in it, br0 (snooping off; OPTIONS are
# more ip-link bridge options) with ports p1..pN.
#   bench_bridge N [OPTIONS...]
bench_bridge() {
	local n=$1 i
	shift
	ip netns add "$sw"
	sw_hold
	in_sw ip link set lo up
	in_sw ip link add br0 type bridge mcast_snooping 0 "$@"
	for ((i = 1; i <= n; i++)); do
		echo "link add p$i type veth peer name q$i"
		echo "link set p$i master br0 up"
		echo "link set q$i up"
	done | in_sw ip -batch -
	in_sw ip link set br0 up
}

# Deletes the switch namespace and everything in it.
bench_teardown() {
	local inst
	if [[ -n $sw_holder ]]; then
		kill "$sw_holder" 2>/dev/null || true
		wait "$sw_holder" 2>/dev/null || true
		sw_holder=
	fi
	[[ -e /run/netns/$sw ]] || return 0
	for inst in $(igmpsnoopctl -n "$sw" -j show 2>/dev/null | jq -r '.[].name'); do
		igmpsnoopctl -n "$sw" detach "$inst" || true
	done
	in_sw bash -c 'echo rem_device_all > /proc/net/pktgen/kpktgend_0' 2>/dev/null || true
	ip netns delete "$sw" 2>/dev/null || true
	# The namespace's devices go in the background.
	sleep 1
}

# Sends a v2 general query from qROUTER (Max Resp Time 1 s) and a v2
# report for GROUP from each qMEMBER, into the switch.
#   bench_learn ROUTER MEMBER...
bench_learn() {
	local router=$1 m members=()
	shift
	in_sw mausezahn "q$router" -q -c 1 -b 01:00:5e:00:00:01 -A 192.0.2.254 -B 224.0.0.1 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 11 0a 00 00 00 00)"
	for m in "$@"; do
		members+=("q$m")
	done
	[[ -x $igmpgen ]] || fail "$igmpgen is missing: run 'make bench-tools'"
	in_sw "$igmpgen" -b "$group" -n 1 "${members[@]}" > /dev/null
}

# How many ports br0's own snooping, or igmpsnoop, has for GROUP.
bridge_members() {
	in_sw bridge -j mdb show dev br0 |
		jq --arg g "$group" '[.[].mdb[]? | select(.grp == $g and .port != "br0")] | length'
}
igmpsnoop_members() {
	igmpsnoopctl -n "$sw" -j group show br0 |
		jq --arg g "$group" '[.[] | select(.group == $g)] | length'
}

members_are() { [[ $("$1_members") == "$2" ]]; }

# Switches br0 to MODE and teaches it the router port and the members:
#   bridge      the bridge's own snooping (mcast_snooping 1)
#   igmpsnoop   igmpsnoop attached (the bridge's snooping off)
#   flood, detached   neither (no IGMP is sent)
#   bench_mode MODE ROUTER MEMBER...
bench_mode() {
	local mode=$1 router=$2
	shift 2
	igmpsnoopctl -n "$sw" detach br0 2>/dev/null || true
	in_sw ip link set br0 type bridge mcast_snooping "$([[ $mode == bridge ]] && echo 1 || echo 0)"
	[[ $mode != igmpsnoop ]] || igmpsnoopctl -n "$sw" attach br0 >/dev/null
	case $mode in
	bridge | igmpsnoop) ;;
	*) return 0 ;;
	esac
	bench_learn "$router" "$@"
	wait_until 10 members_are "$mode" $#
	# The querier's Max Resp Time: both flood until it has passed.
	sleep 1.2
}

# Writes pktgen's settings, a line each, to FILE in /proc/net/pktgen of
# $sw, and fails at the first one pktgen refuses. One process for all: a
# process costs a while under TCG, half a second and more on a busy
# machine.
#   pg FILE SETTING...
pg() {
	local err
	# shellcheck disable=SC2016 # the inner shell expands them
	err=$(in_sw bash -c '
		f=/proc/net/pktgen/$1
		shift
		for s in "$@"; do
			echo "$s" 2>/dev/null > "$f" || { echo "$s: $(grep Result "$f")"; exit 1; }
			while read -r l; do
				[[ $l != *"Result: ERROR"* ]] || { echo "$s: $l"; exit 1; }
			done < "$f"
		done' pg "$@") || fail "pktgen $1: $err"
}

# pktgen's thread takes rem_device_all and a run up in its loop, which
# waits up to 100 ms for work, while the writes that ask for them wait
# 125 ms and return: on a busy machine it may take them up later, and in
# one pass it starts the run and then removes every device, the one just
# added too (seen in CI's bench_quick: a run that never sent, and
# "Result: Starting" after the write to start). So each step waits for
# its effect, bounded.
#
# Has pktgen's run on DEV ended? Its result is then "OK: USEC(...",
# where each setting left "OK: SETTING=..." and the run "Starting".
pktgen_done() {
	local f=/proc/$sw_holder/net/pktgen/$1 l re='Result: OK: [0-9]+\('
	sw_held || { in_sw grep -qE "$re" "/proc/net/pktgen/$1"; return; }
	[[ -r $f ]] || return 1
	while IFS= read -r l; do
		[[ ! $l =~ $re ]] || return 0
	done < "$f"
	return 1
}
# Has pktgen's thread no device left?
pktgen_no_devices() {
	local f
	sw_held || { ! in_sw ls /proc/net/pktgen | grep -qv -e '^kpktgend_' -e '^pgctrl$'; return; }
	for f in "/proc/$sw_holder/net/pktgen/"*; do
		f=${f##*/}
		[[ $f == kpktgend_* || $f == pgctrl || $f == "*" ]] || return 1
	done
	return 0
}
# Removes pktgen's devices, if it has any.
pktgen_clear() {
	pktgen_no_devices && return 0
	pg kpktgend_0 rem_device_all
	wait_until 60 pktgen_no_devices
}

# Injects COUNT frames of 60 bytes to DMAC/DST into pDEV as if pDEV
# received them (xmit_mode netif_receive); more pktgen SETTINGS may
# follow (e.g. "mpls 0001000a" for a non-IP frame, "delay NS"). Prints
# the microseconds the run took. pktgen counts a frame that a hook took
# as an error: the rates are counted at the receivers.
#   bench_pktgen DEV DMAC DST COUNT [SETTING...]
bench_pktgen() {
	local dev=$1 dmac=$2 dst=$3 count=$4 usec
	shift 4
	modprobe pktgen || skip "no pktgen"
	pktgen_clear
	pg kpktgend_0 "add_device $dev"
	# src_mac: not the port's own address, which the bridge would warn of
	# per frame.
	pg "$dev" "xmit_mode netif_receive" "count $count" "pkt_size 60" "dst $dst" \
		"src_min 192.0.2.1" "src_max 192.0.2.1" "dst_mac $dmac" \
		"src_mac 02:00:00:00:00:01" "udp_dst_min 5000" "udp_dst_max 5000" "$@"
	in_sw bash -c 'echo start > /proc/net/pktgen/pgctrl'
	wait_until 300 pktgen_done "$dev"
	usec=$(in_sw sed -nE 's/.*Result: OK: ([0-9]+)\(.*/\1/p' "/proc/net/pktgen/$dev")
	[[ -n $usec ]] || fail "no pktgen result: $(in_sw grep Result "/proc/net/pktgen/$dev")"
	pktgen_clear
	echo "$usec"
}

# Frames qN received so far.
rx() { in_sw cat "/sys/class/net/q$1/statistics/rx_packets"; }

# The frames each of the ports given received so far, one a line.
rx_each() {
	local p files=()
	for p in "$@"; do
		files+=("/sys/class/net/q$p/statistics/rx_packets")
	done
	in_sw cat "${files[@]}"
}

# Injects COUNT frames of the group into p1 (MODE unicast: to p2's FDB
# address) and prints the frames per second the member q2 received.
# Checks delivery: q2 nine tenths or more, q3 (not a member) next to
# nothing, or as much with MODE flood.
#   bench_member_rate MODE COUNT
bench_member_rate() {
	local mode=$1 count=$2 dmac=$group_mac dst=$group before2 before3 usec got2 got3
	if [[ $mode == unicast ]]; then
		dmac=02:00:00:00:00:02 dst=192.0.2.2
	fi
	before2=$(rx 2) before3=$(rx 3)
	usec=$(bench_pktgen p1 "$dmac" "$dst" "$count")
	got2=$(($(rx 2) - before2)) got3=$(($(rx 3) - before3))
	((got2 >= count * 9 / 10)) || fail "$mode: the member got $got2 of $count"
	case $mode in
	flood) ((got3 >= count * 9 / 10)) || fail "flood did not flood" ;;
	*) ((got3 < 100)) || fail "$mode: a port that did not join got $got3" ;;
	esac
	echo $((got2 * 1000000 / usec))
}
