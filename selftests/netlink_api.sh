#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The generic netlink API and the CLI over it:
# - CLI round trips for every command, JSON checked with jq;
# - static groups: add (temp, permanent), del, flush, max-groups of the
#   instance and of a port, a port's default share, with the table_full counter;
# - the kernel's own YNL client (tools/net/ynl/cli.py, linux-source-6.12)
#   with netlink/specs/igmpsnoop.yaml: a do, a dump, a failing request
#   with its extack, a notification subscription; a VLAN's querier (do)
#   and every VLAN's (dump), and a VLAN the bridge lacks (extack);
# - changes need CAP_NET_ADMIN (EPERM as nobody), reads do not;
# - an instance in one netns is invisible from another;
# - malformed requests rejected with extack and no state change;
# - monitor: add, change and remove events in order during real joins
#   and leaves.
#
#   $pfx-h1  $pfx-h2  $pfx-h3       $pfx-other (a netns of its own: br9)
#      |        |        |
#    sw-p1    sw-p2    sw-p3
#   +------ br0 (igmpsnoop) ----+

. "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/.." && pwd)
ynl_dir=$top/build/tools/linux-source/tools/net/ynl
schema=$top/build/tools/linux-source/Documentation/netlink/genetlink-legacy.yaml
spec=$top/netlink/specs/igmpsnoop.yaml
[[ -f $ynl_dir/cli.py ]] || fail "no YNL client at $ynl_dir: run 'make spec-check' first"

monitor_pid=
test_cleanup() {
	[[ -z $monitor_pid ]] || kill "$monitor_pid" 2>/dev/null
	rm -f "${mon_log:-}" "${ynl_log:-}"
}

ynl() {
	echo "+ ynl $*" >&2
	ip netns exec "$sw" python3 "$ynl_dir/cli.py" --spec "$spec" --schema "$schema" \
		--output-json "$@"
}
# A YNL request that must fail, with TEXT in what YNL prints (its extack).
#   ynl_fails TEXT ARGS...
ynl_fails() {
	local text=$1 out rc
	shift
	set +e
	out=$(ynl "$@" 2>&1)
	rc=$?
	set -e
	echo "$out" >&2
	((rc != 0)) || fail "YNL: '$*' succeeded"
	[[ $out == *"$text"* ]] || fail "YNL: no extack message '$text' in: $out"
}

setup_bridge 3
for h in 1 2 3; do
	host_setup "$h" 2
done
swctl attach br0
br0=$(ipsw -j link show br0 | jq '.[0].ifindex')
p1=$(ipsw -j link show sw-p1 | jq '.[0].ifindex')

# --- CLI round trips -------------------------------------------------------
swctl set br0 robustness 3 query-interval 60 query-response-interval 5.5 \
	last-member-interval 0.5 last-member-count 3 max-groups 100 unregistered flood
swctl -j show br0 | expect_json '.[0].robustness == 3 and .[0]."query-interval" == 60 and
	.[0]."query-response-interval" == 5.5 and .[0]."last-member-interval" == 0.5 and
	.[0]."last-member-count" == 3 and .[0].max_groups == 100 and
	.[0].unregistered == "flood" and .[0].dev == "br0" and .[0].kind == "bridge"'
swctl -j -p show | jq -e 'length == 1' >/dev/null
[[ $(swctl -d show br0) == *"groups 0/100"*"robustness 3 query-interval 60"* ]] ||
	fail "show -d does not print the settings"
swctl -j -s show br0 | expect_json '.[0].stats | has("table_full") and has("rx_igmp")'

swctl port set br0 sw-p2 router on fast-leave on max-groups 2
swctl -j port show br0 | expect_json 'length == 3 and
	(map(select(.port == "sw-p2"))[0] | .router == "on" and .is_router and .fast_leave and
	 .max_groups == 2 and .groups == 0)'
swctl -j port show | expect_json 'length == 3'
[[ $(swctl port show br0) == *"port sw-p2 router on (router port) fast-leave on groups 0/2"* ]] ||
	fail "port show text"

swctl group add br0 239.2.0.1 port sw-p1
swctl group add br0 239.2.0.1 port sw-p3 permanent
swctl group add br0 239.2.0.2 port sw-p2 permanent
swctl -j group show br0 | expect_json 'length == 3 and
	(map(select(.group == "239.2.0.1" and .port == "sw-p1"))[0] |
	 .state == "temp" and .timer > 170 and .timer <= 185.5) and
	(map(select(.group == "239.2.0.1" and .port == "sw-p3"))[0] |
	 .state == "permanent" and .timer == 0) and
	all(.[]; .dev == "br0" and has("group") and has("port") and has("timer") and has("state"))'
swctl -j group show br0 239.2.0.2 | expect_json 'length == 1 and .[0].port == "sw-p2"'
[[ $(swctl group show br0 239.2.0.1) == *"port sw-p3 permanent"* ]] || fail "group show text"
expect_fail 'member of this group already' swctl group add br0 239.2.0.1 port sw-p1
expect_fail 'not a member' swctl group del br0 239.2.0.9 port sw-p1
expect_fail 'Not a port of this instance' swctl group add br0 239.2.0.3 port br0
expect_fail 'always flooded' swctl group add br0 224.0.0.9 port sw-p1
expect_fail 'is not an IPv4 address' swctl group add br0 239.2.0 port sw-p1
expect_fail 'cannot find device "nope"' swctl group add br0 239.2.0.3 port nope
expect_fail 'must be a unicast address' swctl set br0 querier-address 239.1.1.1
expect_fail 'range' swctl set br0 version 1
expect_fail 'is not an IPv4 address' swctl set br0 querier-address 10.1
expect_fail 'unknown setting' swctl set br0 bogus 1
# A bridge port's VLANs are the bridge's: only OVS ports are told theirs.
expect_fail 'only OVS ports' swctl port set br0 sw-p1 access-vlan 10
expect_fail 'only OVS ports' swctl port set br0 sw-p1 trunk 10,20-22
expect_fail 'not a list of VLANs' swctl port set br0 sw-p1 trunk 10,4095

# A permanent member stays when its port goes down; a temporary one goes.
ipsw link set sw-p1 down
ipsw link set sw-p3 down
swctl -j group show br0 | expect_json 'length == 2 and all(.[]; .state == "permanent")'
ipsw link set sw-p1 up
ipsw link set sw-p3 up

# Port limit: sw-p2 may be in 2 groups; the third is refused and counted.
swctl group add br0 239.2.0.3 port sw-p2
expect_fail "max-groups" swctl group add br0 239.2.0.4 port sw-p2
swctl -j -s show br0 | expect_json '.[0].stats.table_full == 1'
swctl -j port show br0 | expect_json 'map(select(.port == "sw-p2"))[0].groups == 2'
# Instance limit: 3 groups are in, max-groups 3 refuses a fourth.
swctl set br0 max-groups 3
expect_fail "table is full" swctl group add br0 239.2.0.5 port sw-p1
swctl -j -s show br0 | expect_json '.[0].stats.table_full == 2 and .[0].groups == 3'
swctl group del br0 239.2.0.3 port sw-p2
swctl -j group show br0 | expect_json 'length == 2'
swctl group flush br0
swctl -j group show br0 | expect_json 'length == 0'
swctl -j port show br0 | expect_json 'all(.[]; .groups == 0)'
swctl set br0 max-groups 4096 unregistered routers
swctl port set br0 sw-p2 router auto max-groups 0

# The default share of a port: a quarter of the instance's max-groups,
# rounded up, following it; a port's own limit, 0 (none) included, until
# it goes back to the default.
swctl -j port show br0 | expect_json '(map(select(.port == "sw-p1"))[0] |
	.max_groups == 1024 and .max_groups_default) and
	(map(select(.port == "sw-p2"))[0] | .max_groups == 0 and (.max_groups_default | not))'
swctl set br0 max-groups 10
for g in 11 12 13; do
	swctl group add br0 239.2.0.$g port sw-p1
done
expect_fail "max-groups allows" swctl group add br0 239.2.0.14 port sw-p1
swctl group add br0 239.2.0.14 port sw-p3
[[ $(swctl port show br0) == *"port sw-p1 router auto fast-leave off groups 3/3 (default share)"* ]] ||
	fail "port show text of the default share"
swctl port set br0 sw-p1 max-groups 0
swctl group add br0 239.2.0.15 port sw-p1
swctl port set br0 sw-p1 max-groups default
swctl -j port show br0 | expect_json 'map(select(.port == "sw-p1"))[0] |
	.max_groups == 3 and .max_groups_default and .groups == 4'
expect_fail "default share at once" swctl port set br0 sw-p1 max-groups 5 max-groups default
swctl group flush br0
swctl set br0 max-groups 4096

# --- the kernel's YNL client -------------------------------------------------
ynl --do instance-get --json "{\"ifindex\": $br0}" | expect_json \
	".ifindex == $br0 and .ifname == \"br0\" and .[\"max-groups\"] == 4096 and (.port | length) == 3"
swctl group add br0 239.2.1.1 port sw-p1 permanent
ynl --dump group-get --json "{\"ifindex\": $br0}" | expect_json \
	'length == 1 and .[0].addr == "239.2.1.1" and .[0].member[0]["port-ifname"] == "sw-p1" and
	 .[0].member[0].state == "permanent"'
ynl --do port-get --json "{\"ifindex\": $br0, \"port\": {\"ifindex\": $p1}}" | expect_json \
	'.port[0].ifname == "sw-p1" and .port[0].groups == 1'
ynl --dump stats-get | expect_json 'length == 1 and (.[0].stats | has("rx-igmp"))'
# One VLAN's querier, and all of them, of a VLAN-filtering bridge; a VLAN
# it does not have is refused with the fix.
ipsw link add br5 type bridge mcast_snooping 0 vlan_filtering 1
ipsw link add d5 type dummy
ipsw link set d5 master br5
bridge -n "$sw" vlan add dev d5 vid 10
bridge -n "$sw" vlan add dev d5 vid 20
swctl attach br5
wait_until 10 json_true '.[0].vlan_count == 3' swctl -j show br5
ynl --do vlan-get --json '{"name": "br5", "vid": 20}' | expect_json \
	'.name == "br5" and (.vlan | length) == 1 and .vlan[0].id == 20 and .vlan[0].groups == 0'
ynl --dump vlan-get --json '{"name": "br5"}' | expect_json \
	'[.[] | .name + ":" + (.vlan[0].id | tostring)] == ["br5:1", "br5:10", "br5:20"]'
ynl --dump vlan-get | expect_json 'length == 3'
ynl_fails "no such VLAN (vlan_filtering 1, bridge vlan add)" \
	--do vlan-get --json '{"name": "br5", "vid": 30}'
swctl detach br5
ipsw link del br5
# A failing request: the extack text comes back to the YNL client.
ynl_fails "shorter than the query interval" --do instance-set \
	--json "{\"ifindex\": $br0, \"query-interval\": 2000, \"query-response-interval\": 3000}"
swctl -j show br0 | expect_json '.[0]."query-interval" == 60'
# A subscription: YNL sees the notifications of a group added meanwhile.
# Python starts slowly under TCG and says nothing when it has subscribed,
# so the group comes and goes until YNL's sleep is over.
ynl_log=$(mktemp)
ynl --subscribe monitor --sleep 25 > "$ynl_log" &
ynl_pid=$!
while kill -0 "$ynl_pid" 2>/dev/null; do
	igmpsnoopctl -n "$sw" group add br0 239.2.1.2 port sw-p2 permanent
	igmpsnoopctl -n "$sw" group del br0 239.2.1.2 port sw-p2
	sleep 0.5
done
wait "$ynl_pid" || fail "YNL subscription failed"
cat "$ynl_log" >&2
jq -e 'map(select(.name == "group-ntf" and .msg.addr == "239.2.1.2" and
	.msg.event == "group-added" and .msg.member[0]["port-ifname"] == "sw-p2" and
	.msg.member[0].state == "permanent")) | length > 0' \
	"$ynl_log" >/dev/null || fail "YNL did not see the group-added notification"
jq -e 'map(select(.name == "group-ntf" and .msg.event == "group-removed")) | length > 0' \
	"$ynl_log" >/dev/null || fail "YNL did not see the group-removed notification"
swctl group flush br0

# --- permissions ---------------------------------------------------------------
asnobody() { ip netns exec "$sw" setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
asnobody igmpsnoopctl -j show br0 | expect_json '.[0].dev == "br0"'
asnobody igmpsnoopctl -j group show br0 >/dev/null
expect_fail 'permission denied' asnobody igmpsnoopctl set br0 robustness 5
expect_fail 'permission denied' asnobody igmpsnoopctl group add br0 239.2.2.1 port sw-p1
expect_fail 'permission denied' asnobody igmpsnoopctl detach br0
swctl -j show br0 | expect_json '.[0].robustness == 3'

# --- netns invisibility ----------------------------------------------------------
other=$pfx-other
ip netns add "$other"
ip -n "$other" link add br9 type bridge mcast_snooping 0
ip -n "$other" link add o-p1 type dummy
ip -n "$other" link set o-p1 master br9
ctl -n "$other" attach br9
ctl -n "$other" -j show | expect_json 'length == 1 and .[0].dev == "br9"'
swctl -j show | expect_json 'length == 1 and .[0].dev == "br0"'
ctl -n "$other" -j group show | expect_json 'length == 0'
ctl -n "$other" group add br9 239.3.0.1 port o-p1
swctl -j group show | expect_json 'length == 0'
ctl -n "$other" -j port show | expect_json 'length == 1 and .[0].port == "o-p1"'
# br0's ifindex means nothing (or another device) over there.
ctl -n "$other" -j show | expect_json "map(select(.ifindex == $br0 and .dev == \"br0\")) | length == 0"
ip netns delete "$other"

# --- malformed requests ------------------------------------------------------------
before=$(swctl -j -d show br0 | jq -c '.[0] | del(.stats, .querier, .mode)')
ip netns exec "$sw" python3 "$(dirname "$0")/nlraw.py" "$br0" "$p1"
after=$(swctl -j -d show br0 | jq -c '.[0] | del(.stats, .querier, .mode)')
[[ $before == "$after" ]] || fail "state changed: $before -> $after"

# --- monitor ---------------------------------------------------------------------------
swctl port set br0 sw-p1 fast-leave on
swctl port set br0 sw-p2 fast-leave on
mon_log=$(mktemp)
ip netns exec "$sw" igmpsnoopctl monitor > "$mon_log" &
monitor_pid=$!
# The monitor listens once it prints an event of ours.
monitor_ready() {
	wait_until 10 bash -c "igmpsnoopctl -n $sw group add br0 239.4.0.99 port sw-p3 2>/dev/null;
		igmpsnoopctl -n $sw group del br0 239.4.0.99 port sw-p3 2>/dev/null;
		grep -q '239.4.0.99' $mon_log"
}
monitor_ready
join 1 239.4.0.1
wait_members 239.4.0.1 sw-p1
join 2 239.4.0.1
wait_members 239.4.0.1 sw-p1 sw-p2
leave 1 239.4.0.1
wait_members 239.4.0.1 sw-p2
leave 2 239.4.0.1
wait_members 239.4.0.1
wait_until 5 grep -q 'group 239.4.0.1 dev br0 removed' "$mon_log"
cat "$mon_log" >&2
got=$(grep ' 239.4.0.1 ' "$mon_log" | sed 's/ports sw-p2 sw-p1/ports sw-p1 sw-p2/')
want="group 239.4.0.1 dev br0 added
group 239.4.0.1 dev br0 ports sw-p1
group 239.4.0.1 dev br0 ports sw-p1 sw-p2
group 239.4.0.1 dev br0 ports sw-p2
group 239.4.0.1 dev br0 removed"
[[ $got == "$want" ]] || fail "monitor saw:
$got
expected:
$want"
kill "$monitor_pid"
wait "$monitor_pid" 2>/dev/null || true

# monitor -j: one JSON object per line, router and table-full events too.
ip netns exec "$sw" igmpsnoopctl -j monitor > "$mon_log" &
monitor_pid=$!
monitor_ready
swctl group add br0 239.4.0.8 port sw-p3
swctl port set br0 sw-p3 router on
swctl port set br0 sw-p3 router off
swctl set br0 max-groups 1
expect_fail "table is full" swctl group add br0 239.4.0.7 port sw-p1
wait_until 5 grep -q 'table-full' "$mon_log"
cat "$mon_log" >&2
jq -se 'all(has("event") and has("dev")) and
	(map(select(.event == "group-added" and .group == "239.4.0.8" and .ports == ["sw-p3"])) | length == 1) and
	(map(.event) | index("router-added") < index("router-removed")) and
	(map(select(.event == "table-full" and .limit == "instance" and .ports == ["sw-p1"])) | length == 1)' \
	"$mon_log" >/dev/null || fail "monitor -j output is wrong"

# A port forced to be a router port that goes away says so too.
swctl port set br0 sw-p3 router on
wait_until 5 bash -c "[[ \$(grep -c router-added $mon_log) == 2 ]]"
ipsw link del sw-p3
wait_until 5 bash -c "[[ \$(grep -c router-removed $mon_log) == 2 ]]"
