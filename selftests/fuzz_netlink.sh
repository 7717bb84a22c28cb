#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: debug
# vm: timeout 600
#
# Netlink fuzzing (selftests/fuzz/nlfuzz.py) against an attached bridge
# with our querier, a member and static groups:
#   - as nobody: every request of a privileged command, however malformed,
#     is refused with EPERM, and the instance, its ports and its groups
#     are as they were;
#   - as root: random commands, attribute sets, flags and truncations are
#     all answered, every rejection past genl's own checks says why (an
#     extack message or a missing attribute; ENOMEM aside), and afterwards
#     the instance still works (a static group can be added, shown and
#     removed; detach and attach);
#   - group dumps while another process adds and removes groups all end.
# The harness checks the kernel log and that the module unloads.
#
#   $pfx-h1  $pfx-h2  $pfx-h3
#      |        |        |
#    sw-p1    sw-p2    sw-p3
#   +------ br0 (igmpsnoop) ----+
#
# NLFUZZ_COUNT requests per run (default 20000, 2000 on the debug
# kernel) from seed FUZZ_SEED (default 1).

. "$(dirname "$0")/lib.sh"

nlfuzz=$IGMPSNOOP_REPO/selftests/fuzz/nlfuzz.py
count=${NLFUZZ_COUNT:-$(debug_kernel && echo 2000 || echo 20000)}
seed=${FUZZ_SEED:-1}

setup_bridge 3
host_setup 2 2
swctl attach br0
swctl set br0 querier on querier-address 192.0.2.100 \
	query-response-interval 1 query-interval 5
swctl group add br0 239.1.1.1 port sw-p1 permanent
swctl group add br0 239.1.1.2 port sw-p3 permanent
join 2 239.1.1.3
wait_members 239.1.1.3 sw-p2

ifidx() { ip -n "$sw" -j link show "$1" | jq '.[0].ifindex'; }
idx=()
for d in br0 sw-p1 sw-p2 sw-p3 lo; do
	idx+=(--ifindex "$(ifidx "$d")")
done

# What a request could change, without what time changes: timers, the
# querier's own timer and counters.
snapshot() {
	swctl -j -d show br0 | jq -S '.[0] | del(.stats) | walk(if type == "object" then
		with_entries(select(.key | test("timer|since|expires|remaining") | not)) else . end)'
	swctl -j port show br0 | jq -S 'walk(if type == "object" then
		with_entries(select(.key | test("timer|since|expires|remaining") | not)) else . end)'
	swctl -j group show br0 | jq -S 'map(del(.timer) | del(.sources?)) | sort_by(.group, .port)'
}

before=$(snapshot)
echo "+ [sw] nlfuzz.py --unprivileged --seed $seed --count $count" >&2
nsw python3 "$nlfuzz" --unprivileged --seed "$seed" --count "$count" "${idx[@]}" ||
	fail "an unprivileged request was not refused with EPERM"
after=$(snapshot)
if [[ $before != "$after" ]]; then
	echo "$before" > /tmp/nlfuzz.before
	echo "$after" > /tmp/nlfuzz.after
	diff /tmp/nlfuzz.before /tmp/nlfuzz.after
	fail "unprivileged requests changed the state"
fi

echo "+ [sw] nlfuzz.py --seed $((seed + 1)) --count $count" >&2
nsw python3 "$nlfuzz" --seed "$((seed + 1))" --count "$count" "${idx[@]}" ||
	fail "a request was not answered, its answer was malformed, or a rejection did not say why"
swctl show

# Whatever the fuzzing left, the instance (or a new one) still works.
swctl show br0 >/dev/null 2>&1 || swctl attach br0
swctl group flush br0
swctl group add br0 239.9.9.9 port sw-p1
swctl -j group show br0 | expect_json '[.[] | select(.group == "239.9.9.9") | .port] == ["sw-p1"]'
swctl group del br0 239.9.9.9 port sw-p1
swctl detach br0
swctl attach br0

echo "+ [sw] nlfuzz.py --dump-race 3000" >&2
nsw python3 "$nlfuzz" --dump-race 3000 "${idx[@]}" || fail "a dump during changes failed"
swctl -j show br0 | expect_json '.[0].groups > 1000'
echo PASS
