#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forwarding benchmark: pktgen (xmit_mode netif_receive) injects 64-byte
# frames to 239.1.1.1 into port p1 of an 8-port bridge, as if p1 received
# them. One member (p2) and one router port (p8, where the query came
# from) want the group. It prints packets per second for:
#
#   flood        the bridge floods (no snooping at all)
#   bridge       the bridge's own IGMP snooping (mcast_snooping 1)
#   fast-path    igmpsnoop, ingress replication (the default)
#   egress       igmpsnoop with fast-path off: the bridge floods, the
#                egress hooks prune
#   unicast      unicast to p2 (an FDB entry): the ceiling
#
# and checks that each mode delivered to p2 and (but for flood) kept the
# frames from p3..p7. pktgen reports an "error" for every frame the fast
# path takes: netif_receive_skb() returns NET_RX_DROP for a frame an
# ingress hook stole, though it was delivered. Run by `make bench`; figures vary
# with the machine, under TCG by tens of percent between runs.
#
#   pktgen -> p1 [ br0 ] p2 (member)  p3..p7  p8 (router: the querier)
#                          |          |       |
#                          q2         q3..q7  q8  (veth peers, counted)

. "$(dirname "$0")/../lib.sh"

count=100000
modprobe pktgen || skip "no pktgen"

pg() {
	echo "$2" > "/proc/net/pktgen/$1"
	if [[ $(cat "/proc/net/pktgen/$1") == *"Result: ERROR"* ]]; then
		fail "pktgen $1: $2: $(grep Result "/proc/net/pktgen/$1")"
	fi
}

test_cleanup() {
	local i
	ip link del br0 2>/dev/null || true
	for i in 1 2 3 4 5 6 7 8; do ip link del "p$i" 2>/dev/null || true; done
}

rx() { cat "/sys/class/net/q$1/statistics/rx_packets"; }

# setup MODE: the bridge and its ports, a querier on p8, a member on p2.
setup() {
	local mode=$1 snoop=0 i
	test_cleanup
	[[ $mode == bridge ]] && snoop=1
	ip link add br0 type bridge mcast_snooping "$snoop"
	for i in 1 2 3 4 5 6 7 8; do
		ip link add "p$i" type veth peer name "q$i"
		ip link set "p$i" master br0 up
		ip link set "q$i" up
	done
	ip link set br0 up
	case $mode in
	fast-path) ctl attach br0 ;;
	egress) ctl attach br0; ctl set br0 fast-path off ;;
	unicast) bridge fdb add 02:00:00:00:00:02 dev p2 master static ;;
	esac
	# A v2 general query from q8 (Max Resp Time 1 s: the bridge and
	# igmpsnoop flood for that long) and a v2 report from q2.
	mausezahn q8 -q -c 1 -b 01:00:5e:00:00:01 -A 192.0.2.8 -B 224.0.0.1 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 11 0a 00 00 00 00)"
	mausezahn q2 -q -c 1 -b 01:00:5e:01:01:01 -A 192.0.2.2 -B 239.1.1.1 \
		-t ip "proto=2,ttl=1,p=$(igmp_hex 16 00 ef 01 01 01)"
	sleep 2
	if [[ $mode == fast-path || $mode == egress ]]; then
		ctl -j group show br0 | expect_json '.[0].group == "239.1.1.1" and .[0].port == "p2"'
	fi
}

# run MODE: prints the mode's packets per second and checks delivery.
run() {
	local mode=$1 dmac=01:00:5e:01:01:01 dst=239.1.1.1 before2 before3 res pps
	setup "$mode"
	if [[ $mode == unicast ]]; then
		dmac=02:00:00:00:00:02 dst=192.0.2.2
	fi
	before2=$(rx 2) before3=$(rx 3)
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
	grep -A 1 Result /proc/net/pktgen/p1 | sed 's/^/    /'
	res=$(grep -o '[0-9]*pps' /proc/net/pktgen/p1 | head -n 1)
	pps=${res%pps}
	[[ -n $pps ]] || fail "no pktgen result for $mode"
	printf '%-10s %8d pps  (%d packets; p2 got %d, p3 got %d)\n' "$mode" "$pps" \
		"$count" $(($(rx 2) - before2)) $(($(rx 3) - before3))
	(($(rx 2) - before2 >= count * 9 / 10)) || fail "$mode: the member got too little"
	case $mode in
	flood) (($(rx 3) - before3 >= count * 9 / 10)) || fail "flood did not flood" ;;
	*) (($(rx 3) - before3 < 100)) || fail "$mode: a port that did not join got the group" ;;
	esac
	ctl -s show 2>/dev/null || true
	pg kpktgend_0 rem_device_all
}

echo "# kernel $(uname -r), $(nproc) CPUs, TCG; pktgen netif_receive into p1"
for mode in flood bridge fast-path egress unicast; do
	run "$mode"
done
echo PASS
