#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding benchmark: pktgen (xmit_mode netif_receive) injects 64-byte
# frames to 239.1.1.1 into port p1 of an 8-port bridge, as if p1 received
# them. One member (p2) and one router port (p8, where the query came
# from) want the group. The rate is what the member received, per second
# of pktgen's run.
#
# Configurations of the bridge:
#   plain    nothing else
#   nft      an nft bridge forward chain with a rule that accepts
#   locked   p7 is an 802.1X locked port (not the ingress port)
#   stp      kernel STP on (every port forwarding)
# Modes, in each configuration:
#   bridge     the bridge's own IGMP snooping (mcast_snooping 1)
#   igmpsnoop  igmpsnoop attached (the bridge's snooping off)
# and in the plain one also:
#   flood      no snooping at all
#   unicast    unicast to p2 (an FDB entry): the ceiling
#
# Every mode of a configuration runs once per round, ROUNDS rounds
# (default 5) after a warm-up round that is not counted, on the same
# bridge. It prints min/median/max per mode and the ratio of the medians
# of igmpsnoop and the bridge's snooping. Each run also checks that the
# member got the frames and (but for flood) p3..p7 did not, and that
# igmpsnoop forwarded nine tenths of them or more on its fast path. Under
# TCG only the ratios mean anything: absolute rates vary by tens of
# percent.
#
#   pktgen -> p1 [ br0 ] p2 (member)  p3..p7  p8 (router: the querier)
#                          |          |       |
#                          q2         q3..q7  q8  (veth peers, counted)

. "$(dirname "$0")/../lib.sh"

count=${BENCH_COUNT:-200000}
rounds=${ROUNDS:-7}
configs=${CONFIGS:-plain nft locked stp}
modprobe pktgen || skip "no pktgen"

pg() {
	echo "$2" > "/proc/net/pktgen/$1"
	if [[ $(cat "/proc/net/pktgen/$1") == *"Result: ERROR"* ]]; then
		fail "pktgen $1: $2: $(grep Result "/proc/net/pktgen/$1")"
	fi
}

test_cleanup() {
	local i
	igmpsnoopctl detach br0 2>/dev/null || true
	ip link del br0 2>/dev/null || true
	for i in 1 2 3 4 5 6 7 8; do ip link del "p$i" 2>/dev/null || true; done
	nft delete table bridge bench 2>/dev/null || true
}

rx() { cat "/sys/class/net/q$1/statistics/rx_packets"; }
fast() { igmpsnoopctl -j -s show br0 | jq '.[0].stats.fwd_fast_path'; }

# The bridge of configuration CONFIG, snooping off.
setup() {
	local i
	test_cleanup
	ip link add br0 type bridge mcast_snooping 0
	for i in 1 2 3 4 5 6 7 8; do
		ip link add "p$i" type veth peer name "q$i"
		ip link set "p$i" master br0 up
		ip link set "q$i" up
	done
	ip link set br0 up
	bridge fdb add 02:00:00:00:00:02 dev p2 master static
	case $1 in
	nft)
		nft -f - <<-EOF
			table bridge bench {
				chain forward {
					type filter hook forward priority 0
					ip daddr 239.1.1.1 accept
				}
			}
		EOF
		;;
	locked) bridge link set dev p7 locked on ;;
	stp)
		ip link set br0 type bridge forward_delay 200 stp_state 1
		wait_until 15 all_forwarding
		;;
	esac
}

all_forwarding() {
	[[ $(bridge -j link show | jq '[.[] | select(.master == "br0" and
		.state != "forwarding")] | length') == 0 ]]
}

# Switches the bridge to MODE and teaches it the member and router port.
mode_set() {
	igmpsnoopctl detach br0 2>/dev/null || true
	ip link set br0 type bridge mcast_snooping "$([[ $1 == bridge ]] && echo 1 || echo 0)"
	[[ $1 == igmpsnoop ]] && igmpsnoopctl attach br0
	# A v2 general query from q8 (Max Resp Time 1 s: the bridge and
	# igmpsnoop flood for that long) and a v2 report from q2.
	mausezahn q8 -q -c 1 -b 01:00:5e:00:00:01 -A 192.0.2.8 -B 224.0.0.1 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 11 0a 00 00 00 00)"
	mausezahn q2 -q -c 1 -b 01:00:5e:01:01:01 -A 192.0.2.2 -B 239.1.1.1 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 16 00 ef 01 01 01)"
	sleep 1.5
	if [[ $1 == igmpsnoop ]]; then
		igmpsnoopctl -j group show br0 |
			expect_json '.[0].group == "239.1.1.1" and .[0].port == "p2"'
	fi
}

# run MODE: prints the member's received frames per second, and checks
# delivery.
run() {
	local mode=$1 dmac=01:00:5e:01:01:01 dst=239.1.1.1 before2 before3 usec got2 got3 fast0=0
	if [[ $mode == unicast ]]; then
		dmac=02:00:00:00:00:02 dst=192.0.2.2
	fi
	before2=$(rx 2) before3=$(rx 3)
	[[ $mode != igmpsnoop ]] || fast0=$(fast)
	pg kpktgend_0 rem_device_all
	pg kpktgend_0 "add_device p1"
	pg p1 "xmit_mode netif_receive"
	pg p1 "count $count"
	pg p1 "pkt_size 60"
	pg p1 "dst $dst"
	pg p1 "src_min 192.0.2.1"
	pg p1 "src_max 192.0.2.1"
	pg p1 "dst_mac $dmac"
	# Not p1's own address, which the bridge would complain of per frame.
	pg p1 "src_mac 02:00:00:00:00:01"
	pg p1 "udp_dst_min 5000"
	pg p1 "udp_dst_max 5000"
	echo start > /proc/net/pktgen/pgctrl
	usec=$(sed -nE 's/.*Result: OK: ([0-9]+)\(.*/\1/p' /proc/net/pktgen/p1)
	[[ -n $usec ]] || fail "no pktgen result for $mode: $(grep Result /proc/net/pktgen/p1)"
	got2=$(($(rx 2) - before2)) got3=$(($(rx 3) - before3))
	((got2 >= count * 9 / 10)) || fail "$mode: the member got $got2 of $count"
	case $mode in
	flood) ((got3 >= count * 9 / 10)) || fail "flood did not flood" ;;
	*) ((got3 < 100)) || fail "$mode: a port that did not join got $got3" ;;
	esac
	if [[ $mode == igmpsnoop ]] && (($(fast) - fast0 < count * 9 / 10)); then
		fail "igmpsnoop forwarded only $(($(fast) - fast0)) of $count on its fast path"
	fi
	pg kpktgend_0 rem_device_all
	echo $((got2 * 1000000 / usec))
}

# min/median/max of the numbers on stdin.
stats() { sort -n | awk '{ v[NR] = $1 } END { printf "%d %d %d", v[1], v[int((NR + 1) / 2)], v[NR] }'; }

echo "# kernel $(uname -r), $(nproc) CPUs, TCG; pktgen netif_receive into p1;" \
	"$count frames a run, $rounds rounds after a warm-up"
printf '%-8s %-10s %9s %9s %9s\n' config mode min median max
for config in $configs; do
	modes="bridge igmpsnoop"
	[[ $config == plain ]] && modes="flood bridge igmpsnoop unicast"
	setup "$config"
	declare -A rates=()
	for ((r = 0; r <= rounds; r++)); do
		for mode in $modes; do
			mode_set "$mode" >/dev/null
			pps=$(run "$mode")
			((r == 0)) || rates[$mode]+="$pps "
		done
	done
	for mode in $modes; do
		read -r min med max <<< "$(tr ' ' '\n' <<< "${rates[$mode]}" | grep . | stats)"
		printf '%-8s %-10s %9d %9d %9d\n' "$config" "$mode" "$min" "$med" "$max"
		eval "med_$mode=$med"
	done
	# shellcheck disable=SC2154
	printf '%-8s igmpsnoop/bridge (medians): %s\n' "$config" \
		"$(echo "scale=2; $med_igmpsnoop / $med_bridge" | bc)"
	unset rates
done
echo PASS
