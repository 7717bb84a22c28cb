// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: configure and inspect igmpsnoop, IGMP snooping for Linux
 * bridges and Open vSwitch datapaths, over generic netlink. This file: the
 * options, the commands' dispatch, batches and network namespaces; each
 * command family has its file (igmpsnoopctl.h lists them).
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

void usage(FILE *f, int status)
{
	fprintf(f,
		"Usage: igmpsnoopctl [-j] [-p] [-s] [-d] [-n NETNS] COMMAND\n"
		"       igmpsnoopctl [OPTIONS] -b FILE\n"
		"       igmpsnoopctl -V | -h\n"
		"Commands:\n"
		"  attach DEV [name NAME] [ports PORT,...|ovs-bridge BRIDGE]\n"
		"                    snoop IGMP on the bridge or OVS datapath DEV: all\n"
		"                    its ports, or (OVS) the ports given or BRIDGE's,\n"
		"                    with their VLANs\n"
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
		"          [robustness|query-interval|...|version VALUE|default]\n"
		"                    the settings of one VLAN of a VLAN-filtering bridge:\n"
		"                    the timing settings and version above too;\n"
		"                    default follows the instance's\n"
		"  port show [INST]  list ports with their router and leave state\n"
		"                    (-s: and each port's counters)\n"
		"  port set INST PORT [router auto|on|off] [fast-leave on|off]\n"
		"          [max-groups N|default] [access-vlan VID|trunk all|VLANS\n"
		"          [native-tagged|native-untagged VID]]\n"
		"                    access-vlan and trunk: an OVS port's VLANs, as\n"
		"                    tag= and trunks= (VLANS as 0,10,20-29; 0: untagged);\n"
		"                    native-*: a trunk's native VLAN (vlan_mode, tag=)\n"
		"  port set INST PORT vlan VID [router auto|on|off|default]\n"
		"          [max-groups N|default]\n"
		"                    the port in one VLAN of a VLAN-filtering bridge;\n"
		"                    default follows the port's (router), none (max-groups)\n"
		"  port add|del INST PORT\n"
		"                    add a port to, or remove one from, an instance\n"
		"                    attached with ports or ovs-bridge\n"
		"  group show [INST] [GROUP [vlan VID]]\n"
		"                    list groups, one row per member port\n"
		"                    (-s: and each group's data counters)\n"
		"  group add INST GROUP port PORT [vlan VID] [permanent]\n"
		"  group del INST GROUP port PORT [vlan VID]\n"
		"  group flush INST\n"
		"  monitor           print events as they happen\n"
		"  monitor rates [INST] [interval SEC] [count N]\n"
		"                    print each group's and member's data rates\n"
		"                    every SEC (default 1) seconds, N times\n"
		"                    (default: on)\n"
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
		die("cannot find device \"%s\" (ip link show; in another network namespace: -n NETNS)",
		    name);
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
		die("cannot open network namespace \"%s\": %s (ip netns list)", name,
		    strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0)
		die("cannot enter network namespace \"%s\": %s%s", name, strerror(errno),
		    errno == EPERM ? " (it takes CAP_SYS_ADMIN: run as root)" : "");
	close(fd);
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
