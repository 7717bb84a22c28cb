#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A group notification is bounded: it carries its members' sources while
# the message stays within 16 KiB, and the members alone beyond (about 64
# bytes each). Twelve hosts join 239.5.5.5 in turn, each with an IGMPv3
# IS_IN record of 64 sources (about 2 KiB a member); nlmonitor.py prints
# each notification's length, members and source records. Then:
#   - the notification of the first member carries its 64 sources;
#   - no notification passes 16 KiB;
#   - the one of all twelve members has no sources, and about 64 bytes a
#     member;
#   - a dump still gives every member with its 64 sources.
#
#   $pfx-h1 ... $pfx-h12
#      |           |
#    sw-p1 ...  sw-p12
#   +-- br0 (igmpsnoop) --+

. "$(dirname "$0")/lib.sh"

n=12
log=$(mktemp)
mon=
test_cleanup() {
	[[ -z $mon ]] || kill "$mon" 2>/dev/null
	rm -f "$log"
}

setup_bridge "$n"
swctl attach br0
ip netns exec "$sw" python3 "$(dirname "$0")/nlmonitor.py" > "$log" &
mon=$!
wait_until 10 grep -q ready "$log"

# IS_IN(239.5.5.5) with sources 10.0.0.1 to 10.0.0.64, from host H.
# shellcheck disable=SC2046 # the record's bytes are words
is_in_64() {
	echo "+ [h$1] IS_IN(239.5.5.5){10.0.0.1 .. 10.0.0.64}" >&2
	send_igmp "$1" 224.0.0.22 \
		"$(igmp_hex 22 00 00 00 00 01 $(record 1 239.5.5.5 $(seq 64)))" 2>/dev/null
}
members_at_least() {
	(($(swctl -j group show br0 239.5.5.5 | jq 'length') >= $1))
}
for h in $(seq "$n"); do
	is_in_64 "$h"
	wait_until 10 members_at_least "$h"
done
# Every member with its sources, from a dump of the group.
swctl -j group show br0 239.5.5.5 |
	expect_json "length == $n and all(.[]; .filter_mode == \"include\" and (.sources | length) == 64)"
wait_until 10 grep -q "members=$n " "$log"
kill "$mon"
wait "$mon" 2>/dev/null || true
mon=
sed 's/^/# /' "$log"

first=$(grep -m1 'members=1 ' "$log")
[[ $first == *" sources=64 "* ]] || fail "the first member's notification lacks its sources: $first"
largest=$(sed -n 's/.*length=//p' "$log" | sort -n | tail -1)
((largest <= 16384)) || fail "a notification of $largest bytes: more than 16 KiB"
last=$(grep "members=$n " "$log" | tail -1)
[[ $last == *" sources=0 "* ]] || fail "the notification of $n members carries sources: $last"
len=${last##*length=}
((len <= 200 + 80 * n)) || fail "the notification of $n members without sources has $len bytes"
echo PASS
