#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: timeout 400
#
# A report storm from one port (igmpfuzz -r): valid IGMPv2 and IGMPv3
# reports to random groups with random sources, and certainly malformed
# messages, as fast as host 1 can send them, while host 2 is a member of
# 239.1.1.1 and host 3 sends it data. Then:
#   - every malformed message is counted in rx_bad (less those the veth
#     dropped, if it dropped any);
#   - the table stayed within the instance's max-groups, and host 1's port
#     within its default share (a quarter of it), which the storm reached;
#     the port's refused counter says so, and no other port's, and
#     monitor hears a table-full event of the port limit for it (one
#     refusal after the storm: during it the monitor may lose events);
#   - igmpsnoop logged nothing;
#   - host 2 still receives its group;
#   - a host on another port can still join a new group: one port cannot
#     fill the table for all;
#   - of one IGMPv3 report with 1100 records, the first 1024 are applied
#     and the rest counted in records_capped.
#
#   $pfx-h1 (storm)   $pfx-h2 (member)   $pfx-h3 (source, later joins)
#       |                 |                  |
#     sw-p1             sw-p2              sw-p3
#   +--------- br0 (igmpsnoop, querier 192.0.2.100) ---------+

. "$(dirname "$0")/lib.sh"

fuzz=$IGMPSNOOP_REPO/build/fuzz/igmpfuzz
[[ -x $fuzz ]] || fail "$fuzz is missing: run 'make fuzz-tools'"
count=${STORM_COUNT:-20000}
max_groups=1024
share=$(((max_groups + 3) / 4))

setup_bridge 3
host_setup 2 2
host_setup 3 2
swctl attach br0
# The default intervals: host 1's memberships outlive the test (GMI 260 s).
swctl set br0 querier on querier-address 192.0.2.100 max-groups $max_groups
swctl -j port show br0 | expect_json "all(.[]; .max_groups == $share and .max_groups_default)"
data_counters 11 239.1.1.1 2
join 2 239.1.1.1
wait_members 239.1.1.1 sw-p2

mon_log=$(mktemp)
ip netns exec "$sw" igmpsnoopctl -j monitor > "$mon_log" 2> "$mon_log.err" &
mon=$!
test_cleanup() { kill "$mon" 2>/dev/null; rm -f "$mon_log" "$mon_log.err"; }
sleep 0.5
bad_before=$(inst_stat rx_bad)
dmesg_mark=$(dmesg | wc -l)
echo "+ [h1] igmpfuzz -r -n $count" >&2
out=$(ip netns exec "$pfx-h1" "$fuzz" -r -n "$count" eth0)
echo "# $(tr '\n' ' ' <<< "$out")"
malformed=$(sed -n 's/^malformed //p' <<< "$out")
dropped=$(ip -n "$pfx-h1" -j -s link show eth0 | jq '.[0].stats64.tx.dropped')
((malformed >= count / 20)) || fail "igmpfuzz sent only $malformed malformed messages"

swctl -s show br0
bad=$(($(inst_stat rx_bad) - bad_before))
if ((dropped == 0)); then
	[[ $bad == "$malformed" ]] || fail "rx_bad counted $bad of $malformed malformed messages"
else
	echo "# the veth dropped $dropped frames"
	((bad >= malformed - dropped && bad <= malformed)) ||
		fail "rx_bad counted $bad of $malformed malformed messages ($dropped dropped)"
fi
swctl -j -s show br0 | expect_json ".[0] | .groups <= $max_groups and .stats.table_full > 0"
swctl -j port show br0 | expect_json "map(select(.port == \"sw-p1\"))[0] |
	.groups == $share and .refused > 0"
swctl -j port show br0 | expect_json 'all(.[] | select(.port != "sw-p1"); .refused == 0)'
# A monitor starved of CPU during the storm may lose its events (it says
# so, and resyncs); one refusal after it, past the once-a-second limit,
# must reach it.
sleep 1.1
join 1 239.8.8.8
monitor_heard_port_limit_for_sw_p1() {
	# Lines whole (the monitor may be in the middle of one).
	jq -nRe '[inputs | fromjson? ] | any(.[]; .event == "table-full" and
		.limit == "port" and .group == "239.8.8.8" and .ports == ["sw-p1"])' \
		"$mon_log" >/dev/null
}
cat "$mon_log.err"
wait_until 10 monitor_heard_port_limit_for_sw_p1
resyncs=$(grep -c '"resync"' "$mon_log" || true)
echo "# monitor resyncs: $resyncs"
kill "$mon"
logged=$(dmesg | tail -n +"$((dmesg_mark + 1))" | grep -i igmpsnoop || true)
[[ -z $logged ]] || fail "the storm made igmpsnoop log: $logged"

# Host 2 still receives its group.
before=$(counter "$pfx-h2" eth0 11)
send_data 3 239.1.1.1 20
sleep 0.5
got=$(($(counter "$pfx-h2" eth0 11) - before))
[[ $got == 20 ]] || fail "host 2 got $got of 20 packets after the storm"

# A host on another port joins a new group.
join 3 239.9.9.9
WAIT=10 wait_members 239.9.9.9 sw-p3

# One report of 1100 IS_EX{} records for 239.5.0.0 upwards, from host 3
# (no limits in the way): records 0 to 1023 are applied.
swctl set br0 max-groups 4096
swctl port set br0 sw-p3 max-groups 0
ipsw link set sw-p3 mtu 9000
ip -n "$pfx-h3" link set eth0 mtu 9000
capped_before=$(inst_stat records_capped)
echo "+ [h3] an IGMPv3 report of 1100 records" >&2
ip netns exec "$pfx-h3" python3 - <<'PY'
import socket, struct

def csum(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff

n = 1100
igmp = bytearray(struct.pack('!BBHHH', 0x22, 0, 0, 0, n))
for i in range(n):
    igmp += struct.pack('!BBH4B', 2, 0, 0, 239, 5, i >> 8, i & 255)
struct.pack_into('!H', igmp, 2, csum(bytes(igmp)))
ip = bytearray(struct.pack('!BBHHHBBH4s4sI', 0x46, 0xc0, 24 + len(igmp), 0, 0, 1, 2, 0,
                           socket.inet_aton('192.0.2.3'), socket.inet_aton('224.0.0.22'),
                           0x94040000))
struct.pack_into('!H', ip, 10, csum(bytes(ip)))
eth = bytes.fromhex('01005e000016' '020000000003' '0800')
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind(('eth0', 0))
s.send(eth + bytes(ip) + bytes(igmp))
PY
wait_until 10 json_true ".[0].stats.records_capped == $((capped_before + 76))" \
	igmpsnoopctl -n "$sw" -j -s show br0
swctl -j group show br0 | expect_json '[.[] | select(.port == "sw-p3" and
	(.group | startswith("239.5.")))] as $m | ($m | length) == 1024 and
	any($m[]; .group == "239.5.3.255") and all($m[]; .group != "239.5.4.0")'
echo PASS
