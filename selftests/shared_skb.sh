#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
#
# IGMP in shared skbs: a frame someone else holds while the switch handles
# it must be learned from as an unshared one, and never changed. The
# tests' module (selftests/kmod/igmpsnoop_test_inject.c) has sw-p1 receive
# each frame 25 times as one skb it keeps a reference to, as pktgen's
# netif_receive bursts do: every handler sees skb_shared(). Then it checks
# that the skb is as it built it (length, bytes, header offsets); a write
# that fails means a handler changed a frame it shared. On an OVS datapath
# igmpsnoop's ingress hook sees the shared skb itself, and validates a
# clone (ip_mc_check_igmp() sets header offsets and may pull); on a bridge
# br_handle_frame() unshares it first (skb_share_check()).
#
#   inject --> sw-p1          $pfx-h2 (router port)   $pfx-h3
#                               |                        |
#                             sw-p2                    sw-p3
#   +------------ br0 (igmpsnoop, querier 192.0.2.100) ---------+
#
# Per message, 25 receptions:
#   v2 report  239.1.2.3 learned on sw-p1, counted 25 times as a v2 report,
#              sent on to the router port h2 alone, 25 times, intact
#   v3 report  239.1.2.5 (CHANGE_TO_EXCLUDE {}) the same, as a v3 report,
#              in a frame padded past its IP length (the check trims a clone)
#   malformed  a v3 report of 100 records in 8 bytes: counted 25 times as
#              bad, learned from never, sent nowhere
# With SWITCH=ovs (ovs_shared_skb.sh) br0 is an ovs-dpctl datapath.

. "$(dirname "$0")/lib.sh"

count=25

[[ -f $IGMPSNOOP_TESTMOD ]] || fail "the tests' module is missing: run 'make modules-all'"
insmod "$IGMPSNOOP_TESTMOD"
test_cleanup() { rmmod igmpsnoop_test_inject 2>/dev/null || true; }

setup_bridge 3
swctl attach br0
swctl set br0 querier on querier-address 192.0.2.100
swctl port set br0 sw-p2 router on
for h in 2 3; do
	counter_add "$pfx-h$h" eth0 1 ip_proto 2 src_ip 192.0.2.11 dst_ip 239.1.2.3
	counter_add "$pfx-h$h" eth0 2 ip_proto 2 src_ip 192.0.2.12 dst_ip 224.0.0.22
	counter_add "$pfx-h$h" eth0 3 ip_proto 2 src_ip 192.0.2.13 dst_ip 224.0.0.22
done

# COUNT receptions on sw-p1 of FRAME as a shared skb; the write fails if a
# handler changed it.
inject() {
	echo "+ [sw] $count receptions of one shared skb on sw-p1" >&2
	ip netns exec "$sw" bash -c "echo 'sw-p1 $count $1' > /sys/module/igmpsnoop_test_inject/parameters/inject" ||
		fail "a handler changed a shared skb, or kept it (dmesg says which)"
}

port_stat() {
	swctl -j -s port show br0 | jq ".[] | select(.port == \"sw-p1\") | .stats.$1"
}

# Injects FRAME, waits until sw-p1 counted it $count times in its counter
# STAT, then checks what h2 and h3 got of it (their counter HANDLE).
#   deliver WHAT FRAME STAT HANDLE H2_H3
deliver() {
	local before got
	before=$(port_stat "$3")
	inject "$2"
	wait_until 10 json_true ".[] | select(.port == \"sw-p1\") |
		.stats.$3 == $((before + count))" swctl -j -s port show br0
	sleep 0.5
	got="h2=$(counter "$pfx-h2" eth0 "$4") h3=$(counter "$pfx-h3" eth0 "$4")"
	[[ $got == "$5" ]] || fail "$1 in shared skbs reached $got, not $5"
}

deliver "v2 reports of 239.1.2.3" \
	"$(igmp_frame 192.0.2.11 239.1.2.3 16000000ef010203)" \
	rx_report_v2 1 "h2=$count h3=0"
wait_members 239.1.2.3 sw-p1

# One record, CHANGE_TO_EXCLUDE {} of 239.1.2.5; 30 bytes of padding.
deliver "v3 reports of 239.1.2.5" \
	"$(igmp_frame 192.0.2.12 224.0.0.22 220000000000000104000000ef010205 30)" \
	rx_report_v3 2 "h2=$count h3=0"
wait_members 239.1.2.5 sw-p1

# A v3 report that claims 100 records and holds none: bad, and not a report.
v3=$(port_stat rx_report_v3)
deliver "malformed v3 reports" "$(igmp_frame 192.0.2.13 224.0.0.22 2200000000000064)" \
	rx_bad 3 "h2=0 h3=0"
swctl -j -s port show br0 | expect_json ".[] | select(.port == \"sw-p1\") |
	.stats.rx_report_v3 == $v3"
