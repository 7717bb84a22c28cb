#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 100 000 static groups: added in one batch, dumped completely and
# consistently (every group once, no NLM_F_DUMP_INTR), counted by show,
# and flushed. The dump spans hundreds of messages, so it resumes many
# times; igmpsnoop resumes after the last group dumped, found by key.
# Dumped again while another process adds and removes groups: the CLI
# runs an interrupted dump again, and every group that stayed is listed
# once. One group is asked for alone (GROUP_GET), present or not. A
# monitor stopped while the 100 000 groups are added loses events, says
# so and prints every group anew. Every group gets its data counters, at
# once or from the stats work (if a block's atomic per-CPU allocation
# fails), and none is refused for them.
#
# vm: timeout 600
#
#   $pfx-h1
#      |
#    sw-p1
#   +-- br0 (igmpsnoop) --+

. "$(dirname "$0")/lib.sh"

n=100000
batch=$(mktemp)
dump=$(mktemp)
mon_out=$(mktemp)
mon_err=$(mktemp)
mon=
test_cleanup() {
	[[ -z $mon ]] || kill -CONT "$mon" 2>/dev/null
	[[ -z $mon ]] || kill "$mon" 2>/dev/null
	rm -f "$batch" "$dump" "$mon_out" "$mon_err"
}

setup_bridge 1
swctl attach br0
swctl set br0 max-groups "$n"
swctl port set br0 sw-p1 max-groups 0	# not a quarter: every group

# 230.0.0.0 upwards, permanent so that nothing ages out while we look.
awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
	printf "group add br0 230.%d.%d.%d port sw-p1 permanent\n",
		int(i / 65536), int(i / 256) % 256, i % 256 }' > "$batch"
# A monitor that does not read while the groups come: its socket overflows.
ip netns exec "$sw" igmpsnoopctl -j monitor > "$mon_out" 2> "$mon_err" &
mon=$!
sleep 1
kill -STOP "$mon"
start=$SECONDS
ctl -n "$sw" -b "$batch"
echo "# added $n groups in $((SECONDS - start)) s"
kill -CONT "$mon"
resynced() {
	grep -q '"event":"resync"' "$mon_out" &&
		grep -q '"event":"group-changed".*"group":"230.1.134.159"' "$mon_out"
}
wait_until 120 resynced
kill "$mon"
mon=
[[ $(cat "$mon_err") == *"events were lost"* ]] ||
	fail "the monitor did not say it lost events: $(cat "$mon_err")"
swctl -j show br0 | expect_json ".[0].groups == $n"
# The instance is full now.
expect_fail "table is full" swctl group add br0 239.0.0.1 port sw-p1

start=$SECONDS
err=$(igmpsnoopctl -n "$sw" -j group show br0 2>&1 > "$dump")
echo "# dumped in $((SECONDS - start)) s, $(stat -c %s "$dump") bytes"
[[ -z $err ]] || fail "the dump said: $err"
# One jq over the dump (each takes seconds over 100 000 groups): every
# group once, and the first and the last group added among them.
jq -e --argjson n "$n" 'length == $n and (map(.group) | unique | length) == $n and
	all(.[]; .port == "sw-p1" and .state == "permanent") and
	any(.[]; .group == "230.0.0.0") and any(.[]; .group == "230.1.134.159")' \
	"$dump" >/dev/null ||
	fail "the dump is incomplete, has duplicates or lacks the first or last group: $(jq 'length' "$dump") rows"
# Every group has its data counters: a slot of a block, or from the stats
# work if a block's atomic allocation failed (and none was refused for
# it: all are in).
wait_until 60 bash -c "[[ \$(igmpsnoopctl -n $sw -s group show br0 | grep -c 'no counters yet') == 0 ]]"

# Another process adds and removes 400 groups (231.0.x.y) while we dump.
awk 'BEGIN { for (i = 0; i < 200; i++) {
	printf "group add br0 231.0.%d.%d port sw-p1 permanent\n", int(i / 256), i % 256
	printf "group del br0 231.0.%d.%d port sw-p1\n", int(i / 256), i % 256 } }' > "$batch"
swctl set br0 max-groups $((n + 1))
ctl -n "$sw" -b "$batch" &
changer=$!
err=$(igmpsnoopctl -n "$sw" -j group show br0 2>&1 > "$dump") || fail "the dump failed: $err"
wait "$changer"
jq -e --argjson n "$n" '[.[] | select(.group | startswith("230."))] |
	length == $n and (map(.group) | unique | length) == $n' "$dump" >/dev/null ||
	fail "with changes, a group that stayed is missing or twice: $(jq 'length' "$dump") rows"

# One group alone; a group no port joined is no error, an unknown instance is.
swctl -j group show br0 230.0.1.2 | expect_json 'length == 1 and .[0].group == "230.0.1.2"'
swctl -j group show br0 239.9.9.9 | expect_json 'length == 0'
expect_fail "No igmpsnoop instance" swctl group show nosuch 230.0.1.2
# A time that is not a number is refused before anything is sent.
expect_fail "not a time" swctl set br0 query-interval nan

swctl group flush br0
swctl -j show br0 | expect_json '.[0].groups == 0'
swctl -j group show br0 | expect_json 'length == 0'
