// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: configure and inspect igmpsnoop, IGMP snooping for Linux
 * bridges and Open vSwitch datapaths, over generic netlink.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <linux/genetlink.h>

#include "igmpsnoopctl.h"
#include "../../include/uapi/linux/igmpsnoop.h"

#ifndef IGMPSNOOP_VERSION
#define IGMPSNOOP_VERSION "unknown"
#endif

struct opts opts;

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("igmpsnoopctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void usage(FILE *f, int status)
{
	fprintf(f,
		"Usage: igmpsnoopctl [-j] [-p] [-s] [-d] [-n NETNS] COMMAND\n"
		"       igmpsnoopctl [OPTIONS] -b FILE\n"
		"       igmpsnoopctl -V | -h\n"
		"Commands:\n"
		"  attach DEV [name NAME] [ports PORT,...|ovs-bridge BRIDGE]\n"
		"                    snoop IGMP on the bridge or OVS datapath DEV: all\n"
		"                    its ports, or (OVS) the ports given or BRIDGE's\n"
		"  detach INST       stop snooping and forget the instance's state\n"
		"  show [INST]       list instances, their state and ports\n"
		"  set INST [unregistered routers|flood|drop] [robustness N]\n"
		"          [query-interval SEC] [query-response-interval SEC]\n"
		"          [last-member-interval SEC] [last-member-count N]\n"
		"          [max-groups N] [fast-path on|off]\n"
		"          [querier on|off] [querier-address ADDR|auto] [version 2|3]\n"
		"          [membership-interval SEC|auto]\n"
		"          [other-querier-interval SEC|auto]\n"
		"          [startup-query-interval SEC|auto]\n"
		"          [startup-query-count N|auto] [last-member-time SEC|auto]\n"
		"  set INST vlan VID [querier on|off|default] [querier-address ADDR|auto]\n"
		"          [unregistered routers|flood|drop|default] [max-groups N]\n"
		"                    the settings of one VLAN of a VLAN-filtering bridge\n"
		"  port show [INST]  list ports with their router and leave state\n"
		"                    (-s: and each port's counters)\n"
		"  port set INST PORT [router auto|on|off] [fast-leave on|off]\n"
		"          [max-groups N|default]\n"
		"  port add|del INST PORT\n"
		"                    add a port to, or remove one from, an instance\n"
		"                    attached with ports or ovs-bridge\n"
		"  group show [INST] [GROUP [vlan VID]]\n"
		"                    list groups, one row per member port\n"
		"  group add INST GROUP port PORT [vlan VID] [permanent]\n"
		"  group del INST GROUP port PORT [vlan VID]\n"
		"  group flush INST\n"
		"  monitor           print events as they happen\n"
		"Options:\n"
		"  -b, --batch FILE  run the commands in FILE (- for stdin), one per\n"
		"                    line; stop at the first that fails\n"
		"  -j, --json        JSON output\n"
		"  -p, --pretty      indented JSON\n"
		"  -s, --stats       add counters\n"
		"  -d, --details     add details\n"
		"  -n, --netns NETNS run in the network namespace NETNS (ip netns)\n"
		"  -V, --version     print the version\n"
		"  -h, --help        this text\n"
		"INST is an instance's name: its switch's name unless attach gave\n"
		"another, or the name of a switch with one instance. On a VLAN-\n"
		"filtering bridge a group is per VLAN: vlan VID, default the port's\n"
		"PVID for add and del, 0 (none) for show.\n");
	exit(status);
}

unsigned int dev_index(const char *name)
{
	unsigned int idx;

	if (strlen(name) >= IF_NAMESIZE)
		die("device name \"%s\" is too long", name);
	idx = if_nametoindex(name);
	if (!idx)
		die("cannot find device \"%s\"", name);
	return idx;
}

/*
 * Attribute puts that check the room left in the request buffer, which a
 * long port list could overrun: the command fails instead.
 */
#define REQ_ROOM sizeof(((struct nl *)0)->buf)

static void put_fits(bool fits)
{
	if (!fits)
		die("the request does not fit in %zu bytes", REQ_ROOM);
}

static void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	put_fits(mnl_attr_put_u32_check(nlh, REQ_ROOM, type, v));
}

static void put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t v)
{
	put_fits(mnl_attr_put_u8_check(nlh, REQ_ROOM, type, v));
}

static struct nlattr *nest_start(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, REQ_ROOM, type);

	put_fits(nest);
	return nest;
}

/* Puts the instance name @name in attribute @type. */
static void put_inst(struct nlmsghdr *nlh, uint16_t type, const char *name)
{
	if (!*name || strlen(name) >= IF_NAMESIZE)
		die("\"%s\" is no valid instance name", name);
	put_fits(mnl_attr_put_strz_check(nlh, REQ_ROOM, type, name));
}

static void enter_netns(const char *name)
{
	char path[512];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open network namespace \"%s\": %s", name, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0)
		die("cannot enter network namespace \"%s\": %s", name, strerror(errno));
	close(fd);
}

static const char *kind_name(uint32_t kind)
{
	switch (kind) {
	case IGMPSNOOP_KIND_BRIDGE:
		return "bridge";
	case IGMPSNOOP_KIND_OVS:
		return "ovs";
	default:
		return "unknown";
	}
}

/* Counter names, by IGMPSNOOP_A_STATS_* attribute. */
static const char *const stats_names[IGMPSNOOP_A_STATS_MAX + 1] = {
	[IGMPSNOOP_A_STATS_RX_IGMP] = "rx_igmp",
	[IGMPSNOOP_A_STATS_RX_MCAST] = "rx_mcast",
	[IGMPSNOOP_A_STATS_RX_BAD] = "rx_bad",
	[IGMPSNOOP_A_STATS_RX_QUERY_V1] = "rx_query_v1",
	[IGMPSNOOP_A_STATS_RX_QUERY_V2] = "rx_query_v2",
	[IGMPSNOOP_A_STATS_RX_QUERY_V3] = "rx_query_v3",
	[IGMPSNOOP_A_STATS_RX_REPORT_V1] = "rx_report_v1",
	[IGMPSNOOP_A_STATS_RX_REPORT_V2] = "rx_report_v2",
	[IGMPSNOOP_A_STATS_RX_REPORT_V3] = "rx_report_v3",
	[IGMPSNOOP_A_STATS_RX_LEAVE] = "rx_leave",
	[IGMPSNOOP_A_STATS_RX_OTHER] = "rx_other",
	[IGMPSNOOP_A_STATS_RX_PIM_HELLO] = "rx_pim_hello",
	[IGMPSNOOP_A_STATS_FWD_REGISTERED] = "fwd_registered",
	[IGMPSNOOP_A_STATS_FWD_UNREGISTERED] = "fwd_unregistered",
	[IGMPSNOOP_A_STATS_FWD_FLOODED] = "fwd_flooded",
	[IGMPSNOOP_A_STATS_FWD_FAST_PATH] = "fwd_fast_path",
	[IGMPSNOOP_A_STATS_TX_PRUNED] = "tx_pruned",
	[IGMPSNOOP_A_STATS_TX_CTL_PRUNED] = "tx_ctl_pruned",
	[IGMPSNOOP_A_STATS_TABLE_FULL] = "table_full",
	[IGMPSNOOP_A_STATS_TX_QUERY] = "tx_query",
	[IGMPSNOOP_A_STATS_TX_GROUP_QUERY] = "tx_group_query",
	[IGMPSNOOP_A_STATS_TX_SOURCE_QUERY] = "tx_source_query",
	[IGMPSNOOP_A_STATS_SOURCES_FULL] = "sources_full",
	[IGMPSNOOP_A_STATS_HOST_PRUNED] = "host_pruned",
	[IGMPSNOOP_A_STATS_RECORDS_CAPPED] = "records_capped",
	[IGMPSNOOP_A_STATS_TX_DATA] = "tx_data",
	[IGMPSNOOP_A_STATS_TX_IGMP_QUERY] = "tx_igmp_query",
	[IGMPSNOOP_A_STATS_TX_IGMP_REPORT] = "tx_igmp_report",
};

static const char *const unreg_names[] = {
	[IGMPSNOOP_UNREG_ROUTERS] = "routers",
	[IGMPSNOOP_UNREG_FLOOD] = "flood",
	[IGMPSNOOP_UNREG_DROP] = "drop",
	[IGMPSNOOP_UNREG_DEFAULT] = "default",	/* a VLAN's: the instance's */
};

static const char *const router_names[] = {
	[IGMPSNOOP_ROUTER_AUTO] = "auto",
	[IGMPSNOOP_ROUTER_ON] = "on",
	[IGMPSNOOP_ROUTER_OFF] = "off",
};

#define NAME(tbl, i) ((i) < sizeof(tbl) / sizeof((tbl)[0]) && (tbl)[i] ? (tbl)[i] : "unknown")

/* Attribute tables filled by parse callbacks. */
struct attrs {
	const struct nlattr *tb[64];
	int max;
};

static int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (type <= a->max && type < 64)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

static void attrs_parse_nested(struct attrs *a, const struct nlattr *nest, int max)
{
	memset(a, 0, sizeof(*a));
	a->max = max;
	mnl_attr_parse_nested(nest, attrs_cb, a);
}

static uint32_t attr_u32(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U32) >= 0 ? mnl_attr_get_u32(a) : 0;
}

static uint16_t attr_u16(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U16) >= 0 ? mnl_attr_get_u16(a) : 0;
}

static uint64_t attr_u64(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U64) >= 0 ? mnl_attr_get_u64(a) : 0;
}

static uint8_t attr_u8(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U8) >= 0 ? mnl_attr_get_u8(a) : 0;
}

static const char *attr_in_addr(const struct nlattr *a, char *buf)
{
	uint32_t addr;

	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return "?";
	addr = mnl_attr_get_u32(a);
	inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
	return buf;
}

/* Milliseconds as seconds, e.g. "12.5". */
static const char *fmt_sec(uint32_t ms, char *buf, size_t len)
{
	size_t n;

	snprintf(buf, len, "%u.%03u", ms / 1000, ms % 1000);
	n = strlen(buf);
	while (buf[n - 1] == '0')	/* "12.500" -> "12.5", "3.000" -> "3" */
		buf[--n] = '\0';
	if (buf[n - 1] == '.')
		buf[n - 1] = '\0';
	return buf;
}

static void print_sec(const char *key, uint32_t ms)
{
	char buf[32];

	fmt_sec(ms, buf, sizeof(buf));
	if (opts.json)
		json_raw(key, "%s", buf);
	else
		printf(" %s %s", key, buf);
}

static const char *attr_str(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0 ? mnl_attr_get_str(a) : "?";
}

static void print_stats(const struct nlattr *nest)
{
	struct attrs sa;
	int i, col = 0;

	attrs_parse_nested(&sa, nest, IGMPSNOOP_A_STATS_MAX);
	if (opts.json)
		json_obj_open("stats");
	for (i = 0; i <= IGMPSNOOP_A_STATS_MAX; i++) {
		if (!stats_names[i] || !sa.tb[i])
			continue;
		if (opts.json) {
			json_u64(stats_names[i], attr_u64(sa.tb[i]));
			continue;
		}
		printf("%s%s %" PRIu64, col % 4 ? " " : "\n    ", stats_names[i],
		       attr_u64(sa.tb[i]));
		col++;
	}
	if (opts.json)
		json_obj_close();
}

static const char *ifname(uint32_t ifindex, char *buf)
{
	return ifindex && if_indextoname(ifindex, buf) ? buf : "?";
}

/*
 * How text output names an instance: "dev SWITCH" while its name is its
 * switch's, else "instance NAME".
 */
static const char *inst_label(const struct nlattr *dev, const struct nlattr *name,
			      char *buf, size_t len)
{
	if (!name || !strcmp(attr_str(name), attr_str(dev)))
		snprintf(buf, len, "dev %s", attr_str(dev));
	else
		snprintf(buf, len, "instance %s", attr_str(name));
	return buf;
}

static void print_inst(const struct nlattr *dev, const struct nlattr *name)
{
	char buf[2 * IF_NAMESIZE];

	fputs(inst_label(dev, name, buf, sizeof(buf)), stdout);
}

static void print_state(struct attrs *a)
{
	char addr[INET_ADDRSTRLEN], name[IF_NAMESIZE];
	int flooding = attr_u8(a->tb[IGMPSNOOP_A_INST_FLOODING]);
	uint32_t unreg = attr_u32(a->tb[IGMPSNOOP_A_INST_UNREGISTERED]);

	int self = attr_u8(a->tb[IGMPSNOOP_A_INST_QUERIER_SELF]);
	int own_on = attr_u8(a->tb[IGMPSNOOP_A_INST_QUERIER]);

	if (opts.json) {
		json_str("mode", flooding ? "flooding" : "snooping");
		if (a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR]) {
			json_obj_open("querier");
			json_str("address", attr_in_addr(a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR], addr));
			json_raw("self", "%s", self ? "true" : "false");
			if (self)
				json_raw("port", "null");
			else
				json_str("port", ifname(attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_PORT]),
							name));
			json_u64("version", attr_u8(a->tb[IGMPSNOOP_A_INST_QUERIER_VERSION]));
			print_sec("since", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SINCE]));
			print_sec("timer", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_TIMER]));
			json_obj_close();
		} else {
			json_raw("querier", "null");
		}
		json_raw("querier_enabled", "%s", own_on ? "true" : "false");
		if (attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SOURCE]))
			json_str("querier_source",
				 attr_in_addr(a->tb[IGMPSNOOP_A_INST_QUERIER_SOURCE], addr));
		else
			json_str("querier_source", "auto");
		json_u64("igmp_version", attr_u32(a->tb[IGMPSNOOP_A_INST_IGMP_VERSION]));
		json_u64("groups", attr_u32(a->tb[IGMPSNOOP_A_INST_GROUPS]));
		json_u64("max_groups", attr_u32(a->tb[IGMPSNOOP_A_INST_MAX_GROUPS]));
		json_str("unregistered", NAME(unreg_names, unreg));
		json_raw("fast_path", "%s",
			 attr_u8(a->tb[IGMPSNOOP_A_INST_FAST_PATH]) ? "true" : "false");
	} else {
		if (attr_u32(a->tb[IGMPSNOOP_A_INST_VLANS]))
			printf("\n    per vlan (%u vlans, below):",
			       attr_u32(a->tb[IGMPSNOOP_A_INST_VLANS]));
		else if (!flooding)
			printf("\n    snooping:");
		else if (a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR])
			printf("\n    flooding until hosts answer the first query:");
		else
			printf("\n    flooding: no querier heard");
		if (a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR] && self) {
			printf(" querier %s (self) version %u",
			       attr_in_addr(a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR], addr),
			       attr_u8(a->tb[IGMPSNOOP_A_INST_QUERIER_VERSION]));
			print_sec("since", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SINCE]));
			print_sec("next-query", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_TIMER]));
			if (!attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR]))
				printf("\n    warning: queries are sent from 0.0.0.0, which some devices ignore: give the switch device an IPv4 address or set querier-address");
		} else if (a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR]) {
			printf(" querier %s port %s version %u",
			       attr_in_addr(a->tb[IGMPSNOOP_A_INST_QUERIER_ADDR], addr),
			       ifname(attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_PORT]), name),
			       attr_u8(a->tb[IGMPSNOOP_A_INST_QUERIER_VERSION]));
			print_sec("since", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SINCE]));
			print_sec("timer", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_TIMER]));
			if (own_on)
				printf(" (ours stands by: it has a higher address)");
		}
		printf(" groups %u/%u unregistered %s",
		       attr_u32(a->tb[IGMPSNOOP_A_INST_GROUPS]),
		       attr_u32(a->tb[IGMPSNOOP_A_INST_MAX_GROUPS]), NAME(unreg_names, unreg));
		/* The fast path exists on bridges only. */
		if (attr_u32(a->tb[IGMPSNOOP_A_INST_KIND]) == IGMPSNOOP_KIND_BRIDGE)
			printf(" fast-path %s",
			       attr_u8(a->tb[IGMPSNOOP_A_INST_FAST_PATH]) ? "on" : "off");
	}
	if (!opts.details && !opts.json)
		return;
	if (!opts.json) {
		printf("\n    querier %s source ", own_on ? "on" : "off");
		if (attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SOURCE]))
			printf("%s", attr_in_addr(a->tb[IGMPSNOOP_A_INST_QUERIER_SOURCE], addr));
		else
			printf("auto");
		printf(" version %u\n   ", attr_u32(a->tb[IGMPSNOOP_A_INST_IGMP_VERSION]));
	}
	if (opts.json)
		json_u64("robustness", attr_u32(a->tb[IGMPSNOOP_A_INST_ROBUSTNESS]));
	else
		printf(" robustness %u", attr_u32(a->tb[IGMPSNOOP_A_INST_ROBUSTNESS]));
	print_sec("query-interval", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERY_INTERVAL]));
	print_sec("query-response-interval",
		  attr_u32(a->tb[IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL]));
	print_sec("last-member-interval",
		  attr_u32(a->tb[IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL]));
	if (opts.json)
		json_u64("last-member-count", attr_u32(a->tb[IGMPSNOOP_A_INST_LAST_MEMBER_COUNT]));
	else
		printf(" last-member-count %u",
		       attr_u32(a->tb[IGMPSNOOP_A_INST_LAST_MEMBER_COUNT]));
	if (!opts.json)
		printf("\n   ");
	print_sec("membership-interval",
		  attr_u32(a->tb[IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL]));
	print_sec("other-querier-interval",
		  attr_u32(a->tb[IGMPSNOOP_A_INST_OTHER_QUERIER_INTERVAL]));
	print_sec("startup-query-interval",
		  attr_u32(a->tb[IGMPSNOOP_A_INST_STARTUP_QUERY_INTERVAL]));
	if (opts.json)
		json_u64("startup-query-count",
			 attr_u32(a->tb[IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT]));
	else
		printf(" startup-query-count %u",
		       attr_u32(a->tb[IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT]));
	print_sec("last-member-time", attr_u32(a->tb[IGMPSNOOP_A_INST_LAST_MEMBER_TIME]));
}

/*
 * The querier of each VLAN of a VLAN-filtering bridge, as far as the
 * kernel shows them: a line each, or a JSON array.
 */
static void print_vlans(const struct nlmsghdr *nlh, struct attrs *a)
{
	uint32_t n = attr_u32(a->tb[IGMPSNOOP_A_INST_VLANS]), shown = 0;
	char addr[INET_ADDRSTRLEN], name[IF_NAMESIZE];
	const struct nlattr *attr;
	uint32_t source;
	struct attrs va;
	int self, enabled;

	if (opts.json) {
		json_u64("vlan_count", n);
		json_arr_open("vlans");
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_INST_VLAN)
			continue;
		attrs_parse_nested(&va, attr, IGMPSNOOP_A_VLAN_MAX);
		self = attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SELF]);
		shown++;
		if (opts.json) {
			json_obj_open(NULL);
			json_u64("vid", attr_u16(va.tb[IGMPSNOOP_A_VLAN_ID]));
			json_str("querier_enabled",
				 attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER]) == 2 ? "default" :
				 attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER]) ? "on" : "off");
			if (attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SOURCE]))
				json_str("querier_source",
					 attr_in_addr(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SOURCE], addr));
			else
				json_str("querier_source", "auto");
			json_str("unregistered",
				 NAME(unreg_names,
				      attr_u32(va.tb[IGMPSNOOP_A_VLAN_UNREGISTERED])));
			json_u64("groups", attr_u32(va.tb[IGMPSNOOP_A_VLAN_GROUPS]));
			json_u64("max_groups", attr_u32(va.tb[IGMPSNOOP_A_VLAN_MAX_GROUPS]));
			json_str("mode", attr_u8(va.tb[IGMPSNOOP_A_VLAN_FLOODING]) ?
				 "flooding" : "snooping");
			if (va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR]) {
				json_obj_open("querier");
				json_str("address",
					 attr_in_addr(va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR], addr));
				json_raw("self", "%s", self ? "true" : "false");
				if (self)
					json_raw("port", "null");
				else
					json_str("port",
						 ifname(attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_PORT]),
							name));
				json_u64("version",
					 attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER_VERSION]));
				print_sec("since", attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SINCE]));
				print_sec("timer", attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_TIMER]));
				json_obj_close();
			} else {
				json_raw("querier", "null");
			}
			json_obj_close();
			continue;
		}
		enabled = attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER]);
		source = attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SOURCE]);
		printf("\n    vlan %u:", attr_u16(va.tb[IGMPSNOOP_A_VLAN_ID]));
		if (enabled != 2)
			printf(" (querier %s)", enabled ? "on" : "off");
		if (source)
			printf(" (querier-address %s)",
			       attr_in_addr(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SOURCE], addr));
		if (va.tb[IGMPSNOOP_A_VLAN_UNREGISTERED] &&
		    attr_u32(va.tb[IGMPSNOOP_A_VLAN_UNREGISTERED]) != IGMPSNOOP_UNREG_DEFAULT)
			printf(" (unregistered %s)",
			       NAME(unreg_names, attr_u32(va.tb[IGMPSNOOP_A_VLAN_UNREGISTERED])));
		printf(" groups %u", attr_u32(va.tb[IGMPSNOOP_A_VLAN_GROUPS]));
		if (attr_u32(va.tb[IGMPSNOOP_A_VLAN_MAX_GROUPS]))
			printf("/%u", attr_u32(va.tb[IGMPSNOOP_A_VLAN_MAX_GROUPS]));
		printf(" %s",
		       attr_u8(va.tb[IGMPSNOOP_A_VLAN_FLOODING]) ?
		       (va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR] ?
			"flooding until hosts answer the first query" :
			"flooding: no querier heard") : "snooping");
		if (!va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR])
			continue;
		printf(" querier %s", attr_in_addr(va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR], addr));
		if (self && !attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR]))
			printf(" (self, no address: give the bridge's VLAN device an IPv4 address or set querier-address)");
		else if (self)
			printf(" (self)");
		else
			printf(" port %s",
			       ifname(attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_PORT]), name));
		printf(" version %u", attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER_VERSION]));
		print_sec("since", attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SINCE]));
		print_sec(self ? "next-query" : "timer",
			  attr_u32(va.tb[IGMPSNOOP_A_VLAN_QUERIER_TIMER]));
	}
	if (opts.json)
		json_arr_close();
	else if (shown < n)
		printf("\n    (%u more vlans not shown)", n - shown);
}

/* Dumps interrupted by changes are run again, this many times at most. */
#define DUMP_TRIES 8

/* The ports an instance lists: their names, and which are router ports. */
struct port_list {
	struct {
		char name[IF_NAMESIZE];
		int router;
	} *p;
	unsigned int n, cap;
};

static void port_list_add(struct port_list *pl, const struct nlattr *nest)
{
	struct attrs pa;

	attrs_parse_nested(&pa, nest, IGMPSNOOP_A_PORT_MAX);
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 64;
		pl->p = realloc(pl->p, pl->cap * sizeof(*pl->p));
		if (!pl->p)
			die("out of memory");
	}
	snprintf(pl->p[pl->n].name, sizeof(pl->p[pl->n].name), "%s",
		 attr_str(pa.tb[IGMPSNOOP_A_PORT_IFNAME]));
	pl->p[pl->n].router = attr_u8(pa.tb[IGMPSNOOP_A_PORT_IS_ROUTER]);
	pl->n++;
}

/* The port nests of a message, added to the list in @data. */
static int port_list_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(attr) == IGMPSNOOP_A_INST_PORT)
			port_list_add(data, attr);
	return MNL_CB_OK;
}

/*
 * Every port of the instance @inst, from a PORT_GET dump on a socket of
 * its own: an instance message has room for a few hundred.
 */
static void port_list_dump(const char *inst, struct port_list *pl)
{
	struct nlmsghdr *nlh;
	struct nl *pn;
	int ret, try;

	pn = calloc(1, sizeof(*pn));
	if (!pn)
		die("out of memory");
	nl_open(pn);
	for (try = 0; try < DUMP_TRIES; try++) {
		pl->n = 0;
		nlh = nl_msg(pn, IGMPSNOOP_CMD_PORT_GET, NLM_F_DUMP);
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, inst);
		ret = nl_talk(pn, nlh, port_list_cb, pl);
		if (ret < 0)
			die("cannot list the ports of %s", inst);
		if (!ret)
			break;
	}
	nl_close(pn);
	free(pn);
}

static int instance_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_INST_MAX };
	struct port_list pl = { 0 };
	unsigned int i;
	int first = 1, pass;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	port_list_cb(nlh, &pl);
	if (pl.n < attr_u32(a.tb[IGMPSNOOP_A_INST_PORTS]))
		port_list_dump(attr_str(a.tb[IGMPSNOOP_A_INST_NAME]), &pl);

	if (opts.json) {
		json_obj_open(NULL);
		json_str("name", attr_str(a.tb[IGMPSNOOP_A_INST_NAME]));
		json_str("dev", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]));
		json_u64("ifindex", attr_u32(a.tb[IGMPSNOOP_A_INST_IFINDEX]));
		json_str("kind", kind_name(attr_u32(a.tb[IGMPSNOOP_A_INST_KIND])));
		json_raw("port_subset", "%s",
			 attr_u8(a.tb[IGMPSNOOP_A_INST_PORT_SUBSET]) ? "true" : "false");
	} else {
		printf("%s: %s", attr_str(a.tb[IGMPSNOOP_A_INST_NAME]),
		       kind_name(attr_u32(a.tb[IGMPSNOOP_A_INST_KIND])));
		if (strcmp(attr_str(a.tb[IGMPSNOOP_A_INST_NAME]),
			   attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME])))
			printf(" dev %s", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]));
		if (attr_u8(a.tb[IGMPSNOOP_A_INST_PORT_SUBSET]))
			printf(" port-subset");
		if (opts.details)
			printf(" ifindex %u", attr_u32(a.tb[IGMPSNOOP_A_INST_IFINDEX]));
	}
	/* Pass 0 lists the ports, pass 1 the router ports among them. */
	for (pass = 0; pass < 2; pass++) {
		first = 1;
		if (opts.json)
			json_arr_open(pass ? "router_ports" : "ports");
		else
			printf(pass ? "\n    router ports" : " ports");
		for (i = 0; i < pl.n; i++) {
			if (pass && !pl.p[i].router)
				continue;
			if (opts.json)
				json_str(NULL, pl.p[i].name);
			else
				printf("%s%s", first ? " " : ",", pl.p[i].name);
			first = 0;
		}
		if (opts.json)
			json_arr_close();
		else if (first)
			printf(" (none)");
		if (!pass) {
			print_state(&a);
			print_vlans(nlh, &a);
		}
	}
	free(pl.p);

	if (opts.stats && a.tb[IGMPSNOOP_A_INST_STATS])
		print_stats(a.tb[IGMPSNOOP_A_INST_STATS]);
	if (opts.json)
		json_obj_close();
	else
		putchar('\n');
	return MNL_CB_OK;
}

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_INST_MAX }, pa;
	const struct nlattr *attr;
	char buf[32];

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		uint32_t mode, timer, groups, max_groups, router_vlans;
		int is_router, fast_leave, max_default;
		uint64_t refused;

		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_INST_PORT)
			continue;
		attrs_parse_nested(&pa, attr, IGMPSNOOP_A_PORT_MAX);
		mode = attr_u32(pa.tb[IGMPSNOOP_A_PORT_ROUTER]);
		is_router = attr_u8(pa.tb[IGMPSNOOP_A_PORT_IS_ROUTER]);
		fast_leave = attr_u8(pa.tb[IGMPSNOOP_A_PORT_FAST_LEAVE]);
		timer = attr_u32(pa.tb[IGMPSNOOP_A_PORT_ROUTER_TIMER]);
		groups = attr_u32(pa.tb[IGMPSNOOP_A_PORT_GROUPS]);
		max_groups = attr_u32(pa.tb[IGMPSNOOP_A_PORT_MAX_GROUPS]);
		max_default = attr_u8(pa.tb[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT]);
		refused = pa.tb[IGMPSNOOP_A_PORT_REFUSED] ?
			  mnl_attr_get_u64(pa.tb[IGMPSNOOP_A_PORT_REFUSED]) : 0;
		router_vlans = attr_u32(pa.tb[IGMPSNOOP_A_PORT_ROUTER_VLANS]);
		if (opts.json) {
			json_obj_open(NULL);
			json_str("instance", attr_str(a.tb[IGMPSNOOP_A_INST_NAME]));
			json_str("dev", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]));
			json_str("port", attr_str(pa.tb[IGMPSNOOP_A_PORT_IFNAME]));
			json_str("router", NAME(router_names, mode));
			json_raw("is_router", "%s", is_router ? "true" : "false");
			print_sec("router_timer", timer);
			json_u64("router_vlans", router_vlans);
			json_raw("fast_leave", "%s", fast_leave ? "true" : "false");
			json_u64("groups", groups);
			json_u64("max_groups", max_groups);
			json_raw("max_groups_default", "%s",
				 max_default ? "true" : "false");
			json_u64("refused", refused);
			if (opts.stats && pa.tb[IGMPSNOOP_A_PORT_STATS])
				print_stats(pa.tb[IGMPSNOOP_A_PORT_STATS]);
			json_obj_close();
			continue;
		}
		print_inst(a.tb[IGMPSNOOP_A_INST_IFNAME], a.tb[IGMPSNOOP_A_INST_NAME]);
		printf(" port %s router %s%s",
		       attr_str(pa.tb[IGMPSNOOP_A_PORT_IFNAME]), NAME(router_names, mode),
		       is_router ? " (router port" : "");
		if (is_router && router_vlans > 1)
			printf(" in %u vlans", router_vlans);
		if (is_router && timer)
			printf(", %s s left", fmt_sec(timer, buf, sizeof(buf)));
		printf("%s fast-leave %s groups %u", is_router ? ")" : "",
		       fast_leave ? "on" : "off", groups);
		if (max_groups)
			printf("/%u", max_groups);
		if (max_default)
			printf(" (default share)");
		if (refused)
			printf(" refused %" PRIu64, refused);
		if (opts.stats && pa.tb[IGMPSNOOP_A_PORT_STATS])
			print_stats(pa.tb[IGMPSNOOP_A_PORT_STATS]);
		putchar('\n');
	}
	return MNL_CB_OK;
}

struct grp_filter {
	uint32_t addr;
	int set;
};

/* "GROUP", or "GROUP vlan VID" for a group of a VLAN, in @buf. */
static const char *group_label(const struct nlattr *addr_attr,
			       const struct nlattr *vid_attr, char *buf,
			       size_t len)
{
	char addr[INET_ADDRSTRLEN];
	uint16_t vid = vid_attr ? mnl_attr_get_u16(vid_attr) : 0;

	attr_in_addr(addr_attr, addr);
	if (vid)
		snprintf(buf, len, "%s vlan %u", addr, vid);
	else
		snprintf(buf, len, "%s", addr);
	return buf;
}

static void json_vid(const struct nlattr *vid_attr)
{
	json_u64("vid", vid_attr ? mnl_attr_get_u16(vid_attr) : 0);
}

/*
 * The source records of the member nest @member: a JSON array, or with
 * -d one line each.
 */
static void print_sources(const struct nlattr *member)
{
	char addr[INET_ADDRSTRLEN], buf[32];
	const struct nlattr *attr;
	struct attrs sa;

	if (opts.json)
		json_arr_open("sources");
	mnl_attr_for_each_nested(attr, member) {
		uint32_t timer;
		int forward;

		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_MEMBER_SOURCE)
			continue;
		attrs_parse_nested(&sa, attr, IGMPSNOOP_A_SOURCE_MAX);
		attr_in_addr(sa.tb[IGMPSNOOP_A_SOURCE_ADDR], addr);
		timer = attr_u32(sa.tb[IGMPSNOOP_A_SOURCE_TIMER]);
		forward = attr_u8(sa.tb[IGMPSNOOP_A_SOURCE_FORWARD]);
		if (opts.json) {
			json_obj_open(NULL);
			json_str("address", addr);
			json_raw("forward", "%s", forward ? "true" : "false");
			print_sec("timer", timer);
			json_obj_close();
		} else if (opts.details) {
			if (forward)
				printf("    source %s forward %s\n", addr,
				       fmt_sec(timer, buf, sizeof(buf)));
			else
				printf("    source %s block\n", addr);
		}
	}
	if (opts.json)
		json_arr_close();
}

static int group_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_GROUP_MAX }, ma;
	struct grp_filter *f = data;
	char addr[INET_ADDRSTRLEN], label[40], buf[32];
	const struct nlattr *attr;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	if (f->set && (!a.tb[IGMPSNOOP_A_GROUP_ADDR] ||
		       attr_u32(a.tb[IGMPSNOOP_A_GROUP_ADDR]) != f->addr))
		return MNL_CB_OK;
	attr_in_addr(a.tb[IGMPSNOOP_A_GROUP_ADDR], addr);
	group_label(a.tb[IGMPSNOOP_A_GROUP_ADDR], a.tb[IGMPSNOOP_A_GROUP_VID],
		    label, sizeof(label));
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		uint32_t timer, state, host_version, mode;

		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_GROUP_MEMBER)
			continue;
		attrs_parse_nested(&ma, attr, IGMPSNOOP_A_MEMBER_MAX);
		timer = attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_TIMER]);
		state = attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_STATE]);
		host_version = attr_u8(ma.tb[IGMPSNOOP_A_MEMBER_HOST_VERSION]);
		mode = attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_FILTER_MODE]);
		if (opts.json) {
			json_obj_open(NULL);
			json_str("instance", attr_str(a.tb[IGMPSNOOP_A_GROUP_INSTANCE]));
			json_str("dev", attr_str(a.tb[IGMPSNOOP_A_GROUP_IFNAME]));
			json_str("group", addr);
			json_vid(a.tb[IGMPSNOOP_A_GROUP_VID]);
			json_str("port", attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]));
			print_sec("timer", timer);
			json_str("state", state == IGMPSNOOP_MEMBER_PERMANENT ? "permanent" : "temp");
			if (host_version)
				json_u64("host_version", host_version);
			else
				json_raw("host_version", "null");
			json_str("filter_mode", mode == IGMPSNOOP_FILTER_INCLUDE ?
				 "include" : "exclude");
			print_sources(attr);
			json_obj_close();
			continue;
		}
		print_inst(a.tb[IGMPSNOOP_A_GROUP_IFNAME], a.tb[IGMPSNOOP_A_GROUP_INSTANCE]);
		printf(" group %s port %s %s",
		       label, attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]),
		       state == IGMPSNOOP_MEMBER_PERMANENT ? "permanent" : "temp");
		if (state != IGMPSNOOP_MEMBER_PERMANENT)
			printf(" %s", fmt_sec(timer, buf, sizeof(buf)));
		if (host_version)
			printf(" v%u-hosts", host_version);
		if (opts.details)
			printf(" %s", mode == IGMPSNOOP_FILTER_INCLUDE ?
			       "include" : "exclude");
		else if (mode == IGMPSNOOP_FILTER_INCLUDE)
			printf(" include");
		putchar('\n');
		print_sources(attr);
	}
	return MNL_CB_OK;
}

/*
 * Runs ovs-vsctl with @args and returns what it printed (to free), or dies
 * after what it said: the ports of the OVS bridge @br are in Open vSwitch's
 * database.
 */
static char *ovs_vsctl(const char *const *args, const char *br)
{
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	int fds[2], status;
	ssize_t n;
	pid_t pid;

	if (!out || pipe(fds) < 0)
		die("ovs-vsctl: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp("ovs-vsctl", (char *const *)args);
		fprintf(stderr, "igmpsnoopctl: cannot run ovs-vsctl: %s\n", strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		if (len + 1 >= cap) {
			cap *= 2;
			out = realloc(out, cap);
			if (!out)
				die("out of memory");
		}
		n = read(fds[0], out + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	out[len] = 0;
	close(fds[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
		die("ovs-vsctl failed: is Open vSwitch running, and %s one of its bridges?", br);
	return out;
}

/*
 * Is the OVS interface @iface a vport of the datapath? @types is ovs-vsctl's
 * "name,type" CSV of all interfaces: system (type "") and tap interfaces
 * are; internal, patch and tunnel ones are not.
 */
static int ovs_iface_is_vport(const char *types, const char *iface)
{
	size_t len = strlen(iface), type_len;
	const char *line, *end, *type;

	for (line = types; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		if (strncmp(line, iface, len) || line[len] != ',')
			continue;
		type = line + len + 1;
		type_len = end - type;
		return !type_len || (type_len == 6 && !strncmp(type, "system", 6)) ||
		       (type_len == 3 && !strncmp(type, "tap", 3));
	}
	return 0;
}

/* Puts a port nest for each interface of the OVS bridge @br that is a vport. */
static void put_ovs_bridge_ports(struct nlmsghdr *nlh, const char *br)
{
	static const char *const list_args[] = {
		"ovs-vsctl", "--timeout=10", "--", "list-ifaces", NULL, NULL,
	};
	static const char *const type_args[] = {
		"ovs-vsctl", "--timeout=10", "--format=csv", "--data=bare",
		"--no-headings", "--columns=name,type", "list", "Interface", NULL,
	};
	const char *args[sizeof(list_args) / sizeof(list_args[0])];
	char *ifaces, *types, *iface, *save;
	struct nlattr *nest;

	memcpy(args, list_args, sizeof(args));
	args[4] = br;
	ifaces = ovs_vsctl(args, br);
	types = ovs_vsctl(type_args, br);
	for (iface = strtok_r(ifaces, "\n", &save); iface;
	     iface = strtok_r(NULL, "\n", &save)) {
		if (!ovs_iface_is_vport(types, iface)) {
			fprintf(stderr,
				"igmpsnoopctl: %s: not a datapath port (internal, patch or tunnel): not snooped\n",
				iface);
			continue;
		}
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(iface));
		mnl_attr_nest_end(nlh, nest);
	}
	free(types);
	free(ifaces);
}

/* Puts a port nest for each port of the comma-separated list @list. */
static void put_port_list(struct nlmsghdr *nlh, char *list)
{
	struct nlattr *nest;
	char *port, *save;

	for (port = strtok_r(list, ",", &save); port; port = strtok_r(NULL, ",", &save)) {
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(port));
		mnl_attr_nest_end(nlh, nest);
	}
}

/* attach DEV [name NAME] [ports PORT,...|ovs-bridge BRIDGE] */
static int cmd_attach(struct nl *nl, int argc, char **argv)
{
	const char *name = NULL, *br = NULL;
	char *ports = NULL;
	struct nlmsghdr *nlh;
	int i;

	if (argc < 1 || argc % 2 == 0)
		die("usage: igmpsnoopctl attach DEV [name NAME] [ports PORT,...|ovs-bridge BRIDGE]");
	for (i = 1; i < argc; i += 2) {
		if (!strcmp(argv[i], "name"))
			name = argv[i + 1];
		else if (!strcmp(argv[i], "ports"))
			ports = argv[i + 1];
		else if (!strcmp(argv[i], "ovs-bridge"))
			br = argv[i + 1];
		else
			die("attach: unknown option \"%s\"", argv[i]);
	}
	if (ports && br)
		die("attach: ports and ovs-bridge exclude each other");
	nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_ATTACH, 0);
	put_u32(nlh, IGMPSNOOP_A_INST_IFINDEX, dev_index(argv[0]));
	if (!name)
		name = br;
	if (name)
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, name);
	if (ports || br) {
		put_u8(nlh, IGMPSNOOP_A_INST_PORT_SUBSET, 1);
		if (ports)
			put_port_list(nlh, ports);
		else
			put_ovs_bridge_ports(nlh, br);
	}
	return nl_talk(nl, nlh, NULL, NULL);
}

static int cmd_detach(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;

	if (argc != 1)
		die("usage: igmpsnoopctl detach INST");
	nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_DETACH, 0);
	put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[0]);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* Dumps run again when interrupted, at most this often. */

/*
 * Sends @nlh and prints the replies with @cb. A dump the kernel flags as
 * interrupted (NLM_F_DUMP_INTR: the table changed under it, so an object
 * may be missing or twice) is run again, and what it printed is kept back
 * until one completes whole; after DUMP_TRIES it fails.
 */
static int talk_kept(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data,
		     int json_array)
{
	static char req[8192];
	FILE *out = stdout, *mem;
	char *text = NULL;
	size_t len = 0;
	int ret, try;

	if (nlh->nlmsg_len > sizeof(req))
		die("the request is too long");
	memcpy(req, nlh, nlh->nlmsg_len);
	for (try = 0; try < DUMP_TRIES; try++) {
		mem = open_memstream(&text, &len);
		if (!mem)
			die("out of memory");
		stdout = mem;
		if (json_array) {
			json_init(stdout, opts.pretty);
			json_arr_open(NULL);
		}
		/* The receive buffer held the request: send it again. */
		nlh = memcpy(nl->buf, req, ((struct nlmsghdr *)req)->nlmsg_len);
		nlh->nlmsg_seq = ++nl->seq;
		ret = nl_talk(nl, nlh, cb, data);
		if (json_array)
			json_arr_close();
		fclose(mem);
		stdout = out;
		if (ret <= 0)
			fwrite(text, 1, len, stdout);
		free(text);
		text = NULL;
		if (ret <= 0)
			return ret;
	}
	fprintf(stderr, "igmpsnoopctl: the table changed during each of %d dumps: try again\n",
		DUMP_TRIES);
	return -1;
}

/* talk_kept(), with -j one JSON array of the replies. */
static int talk_print(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return talk_kept(nl, nlh, cb, data, opts.json);
}

/* Gets the instance @inst, or dumps all of them, and prints with @cb. */
static int instance_get(struct nl *nl, const char *inst, mnl_cb_t cb)
{
	struct nlmsghdr *nlh;

	if (inst) {
		nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_GET, 0);
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, inst);
	} else {
		nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_GET, NLM_F_DUMP);
	}
	return talk_print(nl, nlh, cb, NULL);
}

static int cmd_show(struct nl *nl, int argc, char **argv)
{
	if (argc > 1)
		die("usage: igmpsnoopctl show [INST]");
	return instance_get(nl, argc == 1 ? argv[0] : NULL, instance_cb);
}

/* Seconds with decimals ("0.5"), as milliseconds. */
static uint32_t parse_sec(const char *key, const char *val)
{
	char *end;
	double sec;

	errno = 0;
	sec = strtod(val, &end);
	/* Written so that NaN fails too. */
	if (errno || end == val || *end || !(sec >= 0 && sec <= 4294967.0))
		die("%s: \"%s\" is not a time in seconds", key, val);
	return (uint32_t)(sec * 1000 + 0.5);
}

/* A time in seconds, or "auto" (0: derived from the other settings). */
static uint32_t parse_sec_auto(const char *key, const char *val)
{
	return strcmp(val, "auto") ? parse_sec(key, val) : 0;
}

/* An IPv4 address, in network byte order. */
static uint32_t parse_addr(const char *key, const char *val)
{
	uint32_t addr;

	if (inet_pton(AF_INET, val, &addr) != 1)
		die("%s: \"%s\" is not an IPv4 address", key, val);
	return addr;
}

static uint32_t parse_u32(const char *key, const char *val)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(val, &end, 10);
	if (errno || end == val || *end || n > UINT32_MAX || val[0] == '-')
		die("%s: \"%s\" is not a number", key, val);
	return n;
}

static uint32_t parse_word(const char *key, const char *val,
			   const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(val, names[i]))
			return i;
	die("%s: \"%s\" is not one of the accepted words", key, val);
}

static uint8_t parse_on_off(const char *key, const char *val)
{
	static const char *const words[] = { "off", "on" };

	return parse_word(key, val, words, 2);
}

#define PARSE_WORD(key, val, tbl) parse_word(key, val, tbl, sizeof(tbl) / sizeof((tbl)[0]))

/* A VLAN ID, 1 to 4094. */
static uint16_t parse_vid(const char *val)
{
	char *end;
	unsigned long vid;

	errno = 0;
	vid = strtoul(val, &end, 10);
	if (errno || end == val || *end || vid < 1 || vid > 4094)
		die("\"%s\" is not a VLAN ID (1-4094)", val);
	return vid;
}

static int cmd_set(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int i;

	if (argc < 3 || argc % 2 == 0)
		die("usage: igmpsnoopctl set INST KEY VALUE [KEY VALUE ...]");
	nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_SET, 0);
	put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[0]);
	for (i = 1; i < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		if (!strcmp(k, "unregistered"))
			put_u32(nlh, IGMPSNOOP_A_INST_UNREGISTERED,
					 PARSE_WORD(k, v, unreg_names));
		else if (!strcmp(k, "robustness"))
			put_u32(nlh, IGMPSNOOP_A_INST_ROBUSTNESS, parse_u32(k, v));
		else if (!strcmp(k, "query-interval"))
			put_u32(nlh, IGMPSNOOP_A_INST_QUERY_INTERVAL, parse_sec(k, v));
		else if (!strcmp(k, "query-response-interval"))
			put_u32(nlh, IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL,
					 parse_sec(k, v));
		else if (!strcmp(k, "last-member-interval"))
			put_u32(nlh, IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL,
					 parse_sec(k, v));
		else if (!strcmp(k, "last-member-count"))
			put_u32(nlh, IGMPSNOOP_A_INST_LAST_MEMBER_COUNT,
					 parse_u32(k, v));
		else if (!strcmp(k, "max-groups"))
			put_u32(nlh, IGMPSNOOP_A_INST_MAX_GROUPS, parse_u32(k, v));
		else if (!strcmp(k, "fast-path"))
			put_u8(nlh, IGMPSNOOP_A_INST_FAST_PATH, parse_on_off(k, v));
		else if (!strcmp(k, "querier"))	/* default: a VLAN's, as the instance's */
			put_u8(nlh, IGMPSNOOP_A_INST_QUERIER, strcmp(v, "default") ?
			       parse_on_off(k, v) : 2);
		else if (!strcmp(k, "vlan"))
			put_fits(mnl_attr_put_u16_check(nlh, REQ_ROOM, IGMPSNOOP_A_INST_VID,
							parse_vid(v)));
		else if (!strcmp(k, "querier-address"))
			put_u32(nlh, IGMPSNOOP_A_INST_QUERIER_SOURCE,
					 strcmp(v, "auto") ? parse_addr(k, v) : 0);
		else if (!strcmp(k, "version"))
			put_u32(nlh, IGMPSNOOP_A_INST_IGMP_VERSION, parse_u32(k, v));
		else if (!strcmp(k, "membership-interval"))
			put_u32(nlh, IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL,
					 parse_sec_auto(k, v));
		else if (!strcmp(k, "other-querier-interval"))
			put_u32(nlh, IGMPSNOOP_A_INST_OTHER_QUERIER_INTERVAL,
					 parse_sec_auto(k, v));
		else if (!strcmp(k, "startup-query-interval"))
			put_u32(nlh, IGMPSNOOP_A_INST_STARTUP_QUERY_INTERVAL,
					 parse_sec_auto(k, v));
		else if (!strcmp(k, "startup-query-count"))
			put_u32(nlh, IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT,
					 strcmp(v, "auto") ? parse_u32(k, v) : 0);
		else if (!strcmp(k, "last-member-time"))
			put_u32(nlh, IGMPSNOOP_A_INST_LAST_MEMBER_TIME,
					 parse_sec_auto(k, v));
		else
			die("set: unknown setting \"%s\"", k);
	}
	return nl_talk(nl, nlh, NULL, NULL);
}

static int cmd_port(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int i;

	if (argc >= 1 && !strcmp(argv[0], "set")) {
		if (argc < 5 || argc % 2 == 0)
			die("usage: igmpsnoopctl port set INST PORT [router auto|on|off] [fast-leave on|off] [max-groups N|default]");
		nlh = nl_msg(nl, IGMPSNOOP_CMD_PORT_SET, 0);
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[1]);
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(argv[2]));
		for (i = 3; i < argc; i += 2) {
			if (!strcmp(argv[i], "router"))
				put_u32(nlh, IGMPSNOOP_A_PORT_ROUTER,
						 PARSE_WORD(argv[i], argv[i + 1], router_names));
			else if (!strcmp(argv[i], "fast-leave"))
				put_u8(nlh, IGMPSNOOP_A_PORT_FAST_LEAVE,
						parse_on_off(argv[i], argv[i + 1]));
			else if (!strcmp(argv[i], "max-groups") &&
				 !strcmp(argv[i + 1], "default"))
				put_u8(nlh, IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT, 1);
			else if (!strcmp(argv[i], "max-groups"))
				put_u32(nlh, IGMPSNOOP_A_PORT_MAX_GROUPS,
						 parse_u32(argv[i], argv[i + 1]));
			else
				die("port set: unknown setting \"%s\"", argv[i]);
		}
		mnl_attr_nest_end(nlh, nest);
		return nl_talk(nl, nlh, NULL, NULL);
	}
	if (argc >= 1 && (!strcmp(argv[0], "add") || !strcmp(argv[0], "del"))) {
		if (argc != 3)
			die("usage: igmpsnoopctl port %s INST PORT", argv[0]);
		nlh = nl_msg(nl, !strcmp(argv[0], "add") ? IGMPSNOOP_CMD_PORT_ADD :
			     IGMPSNOOP_CMD_PORT_DEL, 0);
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[1]);
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(argv[2]));
		mnl_attr_nest_end(nlh, nest);
		return nl_talk(nl, nlh, NULL, NULL);
	}
	if (argc < 1 || strcmp(argv[0], "show") || argc > 2)
		die("usage: igmpsnoopctl port show [INST] | port set|add|del INST PORT ...");
	nlh = nl_msg(nl, IGMPSNOOP_CMD_PORT_GET, NLM_F_DUMP);
	if (argc == 2)
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[1]);
	return talk_print(nl, nlh, port_cb, NULL);
}

static uint32_t parse_group(const char *val)
{
	uint32_t addr;

	if (inet_pton(AF_INET, val, &addr) != 1)
		die("\"%s\" is not an IPv4 address", val);
	return addr;
}

/*
 * group add INST GROUP port PORT [vlan VID] [permanent]
 * group del INST GROUP port PORT [vlan VID]
 */
static int group_mod(struct nl *nl, int argc, char **argv, uint8_t cmd)
{
	int add = cmd == IGMPSNOOP_CMD_GROUP_ADD;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int permanent = 0, vid = -1, i;

	for (i = 4; i < argc; i++) {
		if (add && !permanent && !strcmp(argv[i], "permanent"))
			permanent = 1;
		else if (vid < 0 && !strcmp(argv[i], "vlan") && i + 1 < argc)
			vid = parse_vid(argv[++i]);
		else
			argc = -1;	/* usage */
	}
	if (argc < 4 || strcmp(argv[2], "port"))
		die(add ? "usage: igmpsnoopctl group add INST GROUP port PORT [vlan VID] [permanent]" :
			  "usage: igmpsnoopctl group del INST GROUP port PORT [vlan VID]");
	nlh = nl_msg(nl, cmd, 0);
	put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, argv[0]);
	put_u32(nlh, IGMPSNOOP_A_GROUP_ADDR, parse_group(argv[1]));
	if (vid >= 0)
		put_fits(mnl_attr_put_u16_check(nlh, REQ_ROOM, IGMPSNOOP_A_GROUP_VID, vid));
	nest = nest_start(nlh, IGMPSNOOP_A_GROUP_MEMBER);
	put_u32(nlh, IGMPSNOOP_A_MEMBER_PORT_IFINDEX, dev_index(argv[3]));
	if (add)
		put_u32(nlh, IGMPSNOOP_A_MEMBER_STATE,
				 permanent ? IGMPSNOOP_MEMBER_PERMANENT : IGMPSNOOP_MEMBER_TEMP);
	mnl_attr_nest_end(nlh, nest);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int cmd_group(struct nl *nl, int argc, char **argv)
{
	struct grp_filter f = { 0 };
	struct nlmsghdr *nlh;

	if (argc >= 1 && !strcmp(argv[0], "add"))
		return group_mod(nl, argc - 1, argv + 1, IGMPSNOOP_CMD_GROUP_ADD);
	if (argc >= 1 && !strcmp(argv[0], "del"))
		return group_mod(nl, argc - 1, argv + 1, IGMPSNOOP_CMD_GROUP_DEL);
	if (argc >= 1 && !strcmp(argv[0], "flush")) {
		if (argc != 2)
			die("usage: igmpsnoopctl group flush INST");
		nlh = nl_msg(nl, IGMPSNOOP_CMD_GROUP_FLUSH, 0);
		put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, argv[1]);
		return nl_talk(nl, nlh, NULL, NULL);
	}
	if (argc < 1 || strcmp(argv[0], "show") || argc > 5 || argc == 4 ||
	    (argc == 5 && strcmp(argv[3], "vlan")))
		die("usage: igmpsnoopctl group show [INST] [GROUP [vlan VID]] | group add|del|flush ...");
	if (argc >= 3) {
		/* One group: the kernel gets it, and none is no error. */
		nlh = nl_msg(nl, IGMPSNOOP_CMD_GROUP_GET, 0);
		put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, argv[1]);
		put_u32(nlh, IGMPSNOOP_A_GROUP_ADDR, parse_group(argv[2]));
		if (argc == 5)
			put_fits(mnl_attr_put_u16_check(nlh, REQ_ROOM, IGMPSNOOP_A_GROUP_VID,
							parse_vid(argv[4])));
		nl->empty_msg = "No port is a member of this group";
		return talk_print(nl, nlh, group_cb, &f);
	}
	nlh = nl_msg(nl, IGMPSNOOP_CMD_GROUP_GET, NLM_F_DUMP);
	if (argc >= 2)
		put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, argv[1]);
	return talk_print(nl, nlh, group_cb, &f);
}

static const char *const event_names[] = {
	[IGMPSNOOP_EVENT_GROUP_ADDED] = "added",
	[IGMPSNOOP_EVENT_GROUP_CHANGED] = "changed",
	[IGMPSNOOP_EVENT_GROUP_REMOVED] = "removed",
	[IGMPSNOOP_EVENT_ROUTER_ADDED] = "added",
	[IGMPSNOOP_EVENT_ROUTER_REMOVED] = "removed",
	[IGMPSNOOP_EVENT_QUERIER_ELECTED] = "elected",
	[IGMPSNOOP_EVENT_QUERIER_CHANGED] = "changed",
	[IGMPSNOOP_EVENT_QUERIER_LOST] = "lost",
	[IGMPSNOOP_EVENT_TABLE_FULL] = "refused",
};

/* Event names in JSON: the spec's. */
static const char *const event_json[] = {
	[IGMPSNOOP_EVENT_GROUP_ADDED] = "group-added",
	[IGMPSNOOP_EVENT_GROUP_CHANGED] = "group-changed",
	[IGMPSNOOP_EVENT_GROUP_REMOVED] = "group-removed",
	[IGMPSNOOP_EVENT_ROUTER_ADDED] = "router-added",
	[IGMPSNOOP_EVENT_ROUTER_REMOVED] = "router-removed",
	[IGMPSNOOP_EVENT_QUERIER_ELECTED] = "querier-elected",
	[IGMPSNOOP_EVENT_QUERIER_CHANGED] = "querier-changed",
	[IGMPSNOOP_EVENT_QUERIER_LOST] = "querier-lost",
	[IGMPSNOOP_EVENT_TABLE_FULL] = "table-full",
};

/* The member ports of a group event, as a list or a JSON array. */
static void event_ports(const struct nlmsghdr *nlh)
{
	const struct nlattr *attr;
	struct attrs ma;

	if (opts.json)
		json_arr_open("ports");
	else
		printf(" ports");
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_GROUP_MEMBER)
			continue;
		attrs_parse_nested(&ma, attr, IGMPSNOOP_A_MEMBER_MAX);
		if (opts.json)
			json_str(NULL, attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]));
		else
			printf(" %s", attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]));
	}
	if (opts.json)
		json_arr_close();
}

static const char *const limit_names[] = {
	[IGMPSNOOP_LIMIT_INSTANCE] = "instance",
	[IGMPSNOOP_LIMIT_PORT] = "port",
	[IGMPSNOOP_LIMIT_SOURCES] = "sources",
	[IGMPSNOOP_LIMIT_VLAN] = "vlan",
};

static const char *const limit_text[] = {
	[IGMPSNOOP_LIMIT_INSTANCE] = "the instance's max-groups reached",
	[IGMPSNOOP_LIMIT_PORT] = "the port's max-groups reached",
	[IGMPSNOOP_LIMIT_SOURCES] = "sources beyond the 64 a member may hold",
	[IGMPSNOOP_LIMIT_VLAN] = "the VLAN's max-groups reached",
};

/* A group event; @ev, if not 0, stands for the message's own. */
static void group_event(const struct nlmsghdr *nlh, uint32_t ev)
{
	struct attrs a = { .max = IGMPSNOOP_A_GROUP_MAX }, ma;
	char addr[INET_ADDRSTRLEN], buf[2 * IF_NAMESIZE], label[40];
	const char *dev, *what;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	if (!ev)
		ev = attr_u32(a.tb[IGMPSNOOP_A_GROUP_EVENT]);
	dev = inst_label(a.tb[IGMPSNOOP_A_GROUP_IFNAME], a.tb[IGMPSNOOP_A_GROUP_INSTANCE],
			 buf, sizeof(buf));
	attr_in_addr(a.tb[IGMPSNOOP_A_GROUP_ADDR], addr);
	what = NAME(event_names, ev);
	if (opts.json) {
		json_obj_open(NULL);
		json_str("event", NAME(event_json, ev));
		json_str("instance", attr_str(a.tb[IGMPSNOOP_A_GROUP_INSTANCE]));
		json_str("dev", attr_str(a.tb[IGMPSNOOP_A_GROUP_IFNAME]));
		json_str("group", addr);
		json_vid(a.tb[IGMPSNOOP_A_GROUP_VID]);
		if (ev == IGMPSNOOP_EVENT_TABLE_FULL)
			json_str("limit", NAME(limit_names,
					       attr_u32(a.tb[IGMPSNOOP_A_GROUP_LIMIT])));
		event_ports(nlh);
		json_obj_close();
		return;
	}
	/* From here "group ADDR" reads "group ADDR vlan VID" in a VLAN. */
	group_label(a.tb[IGMPSNOOP_A_GROUP_ADDR], a.tb[IGMPSNOOP_A_GROUP_VID],
		    label, sizeof(label));
	if (ev == IGMPSNOOP_EVENT_GROUP_ADDED)	/* then its ports */
		printf("group %s %s added\n", label, dev);
	switch (ev) {
	case IGMPSNOOP_EVENT_GROUP_ADDED:
	case IGMPSNOOP_EVENT_GROUP_CHANGED:
		printf("group %s %s", label, dev);
		event_ports(nlh);
		putchar('\n');
		break;
	case IGMPSNOOP_EVENT_TABLE_FULL:
		ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME] = NULL;
		if (a.tb[IGMPSNOOP_A_GROUP_MEMBER])
			attrs_parse_nested(&ma, a.tb[IGMPSNOOP_A_GROUP_MEMBER],
					   IGMPSNOOP_A_MEMBER_MAX);
		printf("group %s %s port %s refused: %s\n", label, dev,
		       attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]),
		       NAME(limit_text, attr_u32(a.tb[IGMPSNOOP_A_GROUP_LIMIT])));
		break;
	default:
		printf("group %s %s %s\n", label, dev, what);
	}
}

static void inst_event(const struct nlmsghdr *nlh, uint8_t cmd)
{
	struct attrs a = { .max = IGMPSNOOP_A_INST_MAX }, pa = { 0 };
	char addr[INET_ADDRSTRLEN], name[IF_NAMESIZE], buf[2 * IF_NAMESIZE];
	const char *dev, *what, *port, *inst;
	uint32_t ev;
	uint16_t vid;
	int self;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	ev = attr_u32(a.tb[IGMPSNOOP_A_INST_EVENT]);
	inst = attr_str(a.tb[IGMPSNOOP_A_INST_NAME]);
	dev = inst_label(a.tb[IGMPSNOOP_A_INST_IFNAME], a.tb[IGMPSNOOP_A_INST_NAME],
			 buf, sizeof(buf));
	what = NAME(event_names, ev);
	if (cmd == IGMPSNOOP_CMD_ROUTER_NTF) {
		if (a.tb[IGMPSNOOP_A_INST_PORT])
			attrs_parse_nested(&pa, a.tb[IGMPSNOOP_A_INST_PORT], IGMPSNOOP_A_PORT_MAX);
		port = attr_str(pa.tb[IGMPSNOOP_A_PORT_IFNAME]);
		vid = attr_u16(pa.tb[IGMPSNOOP_A_PORT_ROUTER_VID]);
		if (opts.json) {
			json_obj_open(NULL);
			json_str("event", NAME(event_json, ev));
			json_str("instance", inst);
			json_str("dev", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]));
			json_u64("vid", vid);
			json_str("port", port);
			json_obj_close();
		} else if (vid) {
			printf("router port %s %s vlan %u %s\n", port, dev, vid, what);
		} else {
			printf("router port %s %s %s\n", port, dev, what);
		}
		return;
	}
	attr_in_addr(a.tb[IGMPSNOOP_A_INST_QUERIER_ADDR], addr);
	port = ifname(attr_u32(a.tb[IGMPSNOOP_A_INST_QUERIER_PORT]), name);
	self = attr_u8(a.tb[IGMPSNOOP_A_INST_QUERIER_SELF]);
	vid = attr_u16(a.tb[IGMPSNOOP_A_INST_QUERIER_VID]);
	if (opts.json) {
		json_obj_open(NULL);
		json_str("event", NAME(event_json, ev));
		json_str("instance", inst);
		json_str("dev", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]));
		json_u64("vid", vid);
		json_str("querier", addr);
		if (self)
			json_raw("port", "null");
		else
			json_str("port", port);
		json_raw("self", "%s", self ? "true" : "false");
		json_obj_close();
		return;
	}
	printf("querier %s %s", addr, dev);
	if (vid)
		printf(" vlan %u", vid);
	if (ev == IGMPSNOOP_EVENT_QUERIER_LOST)
		printf(" lost\n");
	else if (self)
		printf(" self version %u %s\n",
		       attr_u8(a.tb[IGMPSNOOP_A_INST_QUERIER_VERSION]), what);
	else
		printf(" port %s version %u %s\n", port,
		       attr_u8(a.tb[IGMPSNOOP_A_INST_QUERIER_VERSION]), what);
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type != *(uint16_t *)data ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl))
		return MNL_CB_OK;
	if (opts.json)
		json_init(stdout, 0);	/* one object per line */
	switch (genl->cmd) {
	case IGMPSNOOP_CMD_GROUP_NTF:
		group_event(nlh, 0);
		break;
	case IGMPSNOOP_CMD_ROUTER_NTF:
	case IGMPSNOOP_CMD_QUERIER_NTF:
		inst_event(nlh, genl->cmd);
		break;
	}
	fflush(stdout);
	return MNL_CB_OK;
}

/* A group of the resync dump, as the event that would bring it. */
static int resync_cb(const struct nlmsghdr *nlh, void *data)
{
	if (opts.json)
		json_init(stdout, 0);
	group_event(nlh, IGMPSNOOP_EVENT_GROUP_CHANGED);
	return MNL_CB_OK;
}

/*
 * After lost events: a "resync" line, then every group with its member
 * ports as a group-changed event, from a dump on a socket of its own (the
 * monitor's carries events). Whoever keeps the table from the events
 * starts it anew there.
 */
static void monitor_resync(void)
{
	struct nl *sync = malloc(sizeof(*sync));
	struct nlmsghdr *nlh;

	if (!sync)
		die("out of memory");
	memset(sync, 0, sizeof(*sync));
	nl_open(sync);
	if (opts.json) {
		json_init(stdout, 0);
		json_obj_open(NULL);
		json_str("event", "resync");
		json_obj_close();
	} else {
		printf("resync\n");
	}
	nlh = nl_msg(sync, IGMPSNOOP_CMD_GROUP_GET, NLM_F_DUMP);
	if (talk_kept(sync, nlh, resync_cb, NULL, 0) < 0)
		die("cannot read the groups after lost events");
	fflush(stdout);
	nl_close(sync);
	free(sync);
}

static int cmd_monitor(struct nl *nl, int argc, char **argv)
{
	if (argc)
		die("usage: igmpsnoopctl monitor");
	return nl_monitor(nl, event_cb, &nl->family, monitor_resync);
}

static int matches(const char *arg, const char *cmd)
{
	size_t len = strlen(arg);

	return len && len <= strlen(cmd) && !strncmp(arg, cmd, len);
}

static int run_cmd(struct nl *nl, int argc, char **argv)
{
	if (matches(argv[0], "attach") && strlen(argv[0]) >= 2)
		return cmd_attach(nl, argc - 1, argv + 1);
	if (matches(argv[0], "detach") && strlen(argv[0]) >= 2)
		return cmd_detach(nl, argc - 1, argv + 1);
	if (matches(argv[0], "show"))
		return cmd_show(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "set"))
		return cmd_set(nl, argc - 1, argv + 1);
	if (matches(argv[0], "port"))
		return cmd_port(nl, argc - 1, argv + 1);
	if (matches(argv[0], "group"))
		return cmd_group(nl, argc - 1, argv + 1);
	if (matches(argv[0], "monitor"))
		return cmd_monitor(nl, argc - 1, argv + 1);
	if (!strcmp(argv[0], "help"))
		usage(stdout, 0);
	die("unknown command \"%s\", try 'igmpsnoopctl help'", argv[0]);
}

/* Runs the commands of @path, one per line, words split at blanks. */
static int run_batch(struct nl *nl, const char *path)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL, *words[64], *save;
	unsigned long lineno = 0;
	size_t cap = 0;
	int n, ret = 0;

	if (!f)
		die("cannot open \"%s\": %s", path, strerror(errno));
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		n = 0;
		for (char *w = strtok_r(line, " \t\n", &save); w;
		     w = strtok_r(NULL, " \t\n", &save)) {
			if (n == 0 && w[0] == '#')
				break;
			if (n == (int)(sizeof(words) / sizeof(words[0])))
				die("%s:%lu: too many words", path, lineno);
			words[n++] = w;
		}
		if (!n)
			continue;
		ret = run_cmd(nl, n, words);
		if (ret < 0) {
			fprintf(stderr, "igmpsnoopctl: %s:%lu: command failed\n", path, lineno);
			break;
		}
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "stats", no_argument, NULL, 's' },
		{ "details", no_argument, NULL, 'd' },
		{ "netns", required_argument, NULL, 'n' },
		{ "batch", required_argument, NULL, 'b' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *batch = NULL;
	struct nl nl;
	int c, ret;

	while ((c = getopt_long(argc, argv, "+jpsdn:b:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = 1;
			break;
		case 'p':
			opts.pretty = 1;
			break;
		case 's':
			opts.stats = 1;
			break;
		case 'd':
			opts.details = 1;
			break;
		case 'n':
			opts.netns = optarg;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'V':
			printf("igmpsnoopctl %s\n", IGMPSNOOP_VERSION);
			return 0;
		case 'h':
			usage(stdout, 0);
			break;
		default:
			usage(stderr, 2);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 && !batch)
		usage(stderr, 2);
	if (opts.netns)
		enter_netns(opts.netns);

	nl_open(&nl);
	ret = batch ? run_batch(&nl, batch) : run_cmd(&nl, argc, argv);
	nl_close(&nl);
	return ret < 0 ? 1 : 0;
}
