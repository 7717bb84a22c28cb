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
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
		"       igmpsnoopctl -V | -h\n"
		"Commands:\n"
		"  attach DEV        snoop IGMP on the bridge or OVS datapath DEV\n"
		"  detach DEV        stop snooping on DEV and forget its state\n"
		"  show [DEV]        list instances and their ports\n"
		"Options:\n"
		"  -j, --json        JSON output\n"
		"  -p, --pretty      indented JSON\n"
		"  -s, --stats       add counters\n"
		"  -d, --details     add details\n"
		"  -n, --netns NETNS run in the network namespace NETNS (ip netns)\n"
		"  -V, --version     print the version\n"
		"  -h, --help        this text\n");
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
};

/* Attribute tables filled by parse callbacks. */
struct attrs {
	const struct nlattr *tb[32];
	int max;
};

static int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (type <= a->max && type < 32)
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

static uint64_t attr_u64(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U64) >= 0 ? mnl_attr_get_u64(a) : 0;
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

static int instance_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_INST_MAX }, pa;
	const struct nlattr *attr;
	int *count = data;
	int first = 1;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	(*count)++;

	if (opts.json) {
		json_obj_open(NULL);
		json_str("dev", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]));
		json_u64("ifindex", attr_u32(a.tb[IGMPSNOOP_A_INST_IFINDEX]));
		json_str("kind", kind_name(attr_u32(a.tb[IGMPSNOOP_A_INST_KIND])));
		json_arr_open("ports");
	} else {
		printf("%s: %s", attr_str(a.tb[IGMPSNOOP_A_INST_IFNAME]),
		       kind_name(attr_u32(a.tb[IGMPSNOOP_A_INST_KIND])));
		if (opts.details)
			printf(" ifindex %u", attr_u32(a.tb[IGMPSNOOP_A_INST_IFINDEX]));
		printf(" ports");
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_INST_PORT)
			continue;
		attrs_parse_nested(&pa, attr, IGMPSNOOP_A_PORT_MAX);
		if (opts.json)
			json_str(NULL, attr_str(pa.tb[IGMPSNOOP_A_PORT_IFNAME]));
		else
			printf("%s%s", first ? " " : ",", attr_str(pa.tb[IGMPSNOOP_A_PORT_IFNAME]));
		first = 0;
	}
	if (opts.json)
		json_arr_close();
	else if (first)
		printf(" (none)");

	if (opts.stats && a.tb[IGMPSNOOP_A_INST_STATS])
		print_stats(a.tb[IGMPSNOOP_A_INST_STATS]);
	if (opts.json)
		json_obj_close();
	else
		putchar('\n');
	return MNL_CB_OK;
}

static int cmd_attach_detach(struct nl *nl, int argc, char **argv, uint8_t cmd)
{
	struct nlmsghdr *nlh;

	if (argc != 1)
		die("usage: igmpsnoopctl %s DEV",
		    cmd == IGMPSNOOP_CMD_INSTANCE_ATTACH ? "attach" : "detach");
	nlh = nl_msg(nl, cmd, 0);
	mnl_attr_put_u32(nlh, IGMPSNOOP_A_INST_IFINDEX, dev_index(argv[0]));
	return nl_talk(nl, nlh, NULL, NULL);
}

static int cmd_show(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;
	int count = 0, ret;

	if (argc > 1)
		die("usage: igmpsnoopctl show [DEV]");
	if (argc == 1) {
		nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_GET, 0);
		mnl_attr_put_u32(nlh, IGMPSNOOP_A_INST_IFINDEX, dev_index(argv[0]));
	} else {
		nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_GET, NLM_F_DUMP);
	}
	if (opts.json) {
		json_init(stdout, opts.pretty);
		json_arr_open(NULL);
	}
	ret = nl_talk(nl, nlh, instance_cb, &count);
	if (opts.json)
		json_arr_close();
	return ret;
}

static int matches(const char *arg, const char *cmd)
{
	size_t len = strlen(arg);

	return len && len <= strlen(cmd) && !strncmp(arg, cmd, len);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "stats", no_argument, NULL, 's' },
		{ "details", no_argument, NULL, 'd' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct nl nl;
	int c, ret;

	while ((c = getopt_long(argc, argv, "+jpsdn:Vh", longopts, NULL)) != -1) {
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
	if (argc < 1)
		usage(stderr, 2);
	if (opts.netns)
		enter_netns(opts.netns);

	nl_open(&nl);
	if (matches(argv[0], "attach") && strlen(argv[0]) >= 2)
		ret = cmd_attach_detach(&nl, argc - 1, argv + 1, IGMPSNOOP_CMD_INSTANCE_ATTACH);
	else if (matches(argv[0], "detach") && strlen(argv[0]) >= 2)
		ret = cmd_attach_detach(&nl, argc - 1, argv + 1, IGMPSNOOP_CMD_INSTANCE_DETACH);
	else if (matches(argv[0], "show"))
		ret = cmd_show(&nl, argc - 1, argv + 1);
	else if (!strcmp(argv[0], "help"))
		usage(stdout, 0);
	else
		die("unknown command \"%s\", try 'igmpsnoopctl help'", argv[0]);
	nl_close(&nl);
	return ret < 0 ? 1 : 0;
}
