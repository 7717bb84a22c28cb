#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: rt
# vm: debug
# vm: timeout 600
#
# Packet fuzzing (selftests/fuzz/igmpfuzz.c): host 1 sends mutated IGMP,
# PIM and multicast frames of every kind, linear and non-linear, into an
# attached switch while our querier queries every second, host 2 is a
# member of 239.1.1.1 and host 3 sends it data. Then:
#   - every certainly malformed IGMP message of a fixed set is counted in
#     rx_bad, one for one;
#   - the fuzzing logged nothing of igmpsnoop's, and the harness finds no
#     warning, KASAN, UBSAN or lockdep report in the kernel log;
#   - the group table stayed within max-groups, per instance and per port;
#   - host 2 still receives its group, and only it does.
#
#   $pfx-h1 (fuzzer, MTU 9000)  $pfx-h2 (member)  $pfx-h3 (source)
#       |                          |                  |
#     sw-p1                      sw-p2              sw-p3
#   +------------ br0 (igmpsnoop, querier 192.0.2.100) ------------+
#
# FUZZ_COUNT frames (default 60000, 10000 on the debug kernel) from seed
# FUZZ_SEED (default 1);
# `make fuzz` runs more. ovs_fuzz_packets runs it on an OVS datapath.

. "$(dirname "$0")/lib.sh"

fuzz=$IGMPSNOOP_REPO/build/fuzz/igmpfuzz
[[ -x $fuzz ]] || fail "$fuzz is missing: run 'make fuzz-tools'"
count=${FUZZ_COUNT:-$(debug_kernel && echo 10000 || echo 60000)}
seed=${FUZZ_SEED:-1}
max_groups=64
port_max=16

setup_bridge 3
host_setup 2 2
ip -n "$pfx-h1" link set eth0 mtu 9000
ipsw link set sw-p1 mtu 9000
swctl attach br0
swctl set br0 querier on querier-address 192.0.2.100 query-response-interval 0.5 query-interval 1 \
	max-groups $max_groups
swctl port set br0 sw-p1 max-groups $port_max
data_counters 11 239.1.1.1 2
counter_add "$pfx-h1" eth0 11 dst_ip 239.1.1.1 ip_proto udp

# A fixed set of certainly malformed messages, each counted.
bad_before=$(inst_stat rx_bad)
echo "+ [h1] 400 malformed IGMP messages" >&2
ip netns exec "$pfx-h1" "$fuzz" -b -n 400 eth0
wait_until 10 json_true ".[0].stats.rx_bad == $((bad_before + 400))" \
	igmpsnoopctl -n "$sw" -j -s show br0

# The fuzzing, with a member, data and our querier running.
join 2 239.1.1.1
ip netns exec "$pfx-h3" mausezahn eth0 -q -c 0 -d 20msec -b 01:00:5e:01:01:01 \
	-A 192.0.2.3 -B 239.1.1.1 -t udp "dp=5000,sp=5000" &
source_pid=$!
test_cleanup() { kill "$source_pid" 2>/dev/null; }
dmesg_mark=$(dmesg | wc -l)
echo "+ [h1] igmpfuzz -s $seed -n $count" >&2
ip netns exec "$pfx-h1" "$fuzz" -s "$seed" -n "$count" eth0 | tr '\n' ' '
echo
kill "$source_pid"
wait "$source_pid" 2>/dev/null || true
swctl -s show br0

logged=$(dmesg | tail -n +"$((dmesg_mark + 1))" | grep -i igmpsnoop || true)
[[ -z $logged ]] || fail "the fuzzing made igmpsnoop log: $logged"
swctl -j -s show br0 | expect_json ".[0] | .stats.rx_bad > $((bad_before + 400)) and
	.stats.rx_igmp > 0 and .groups <= $max_groups"
swctl -j group show br0 | expect_json "[.[] | select(.port == \"sw-p1\")] |
	(map(.group) | unique | length) <= $port_max"

# Host 2 is still a member (it answers our queries) and receives; host 1,
# whose bogus joins may include 239.1.1.1, is not asked about here.
wait_members_include() {
	igmpsnoopctl -n "$sw" -j group show br0 |
		jq -e '[.[] | select(.group == "239.1.1.1") | .port] | index("sw-p2")' >/dev/null
}
wait_until 10 wait_members_include
before=$(counter "$pfx-h2" eth0 11)
send_data 3 239.1.1.1 20
sleep 0.5
got=$(($(counter "$pfx-h2" eth0 11) - before))
[[ $got == 20 ]] || fail "host 2 got $got of 20 packets after the fuzzing"
echo PASS
