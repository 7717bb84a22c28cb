// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: monitor: the events of the monitor group as they happen,
 * and a resync when some were lost.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "igmpsnoopctl.h"

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
	[IGMPSNOOP_LIMIT_PORT_VLAN] = "port-vlan",
};

static const char *const limit_text[] = {
	[IGMPSNOOP_LIMIT_INSTANCE] = "the instance's max-groups reached",
	[IGMPSNOOP_LIMIT_PORT] = "the port's max-groups reached",
	[IGMPSNOOP_LIMIT_SOURCES] = "sources beyond the 64 a member may hold",
	[IGMPSNOOP_LIMIT_VLAN] = "the VLAN's max-groups reached",
	[IGMPSNOOP_LIMIT_PORT_VLAN] = "the port's max-groups in the VLAN reached",
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
			json_lit("port", "null");
		else
			json_str("port", port);
		json_lit("self", self ? "true" : "false");
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
	if (talk_kept(sync, nlh, resync_cb, NULL, NULL, 0) < 0)
		die("cannot read the groups after lost events");
	fflush(stdout);
	nl_close(sync);
	free(sync);
}

int cmd_monitor(struct nl *nl, int argc, char **argv)
{
	if (argc && !strcmp(argv[0], "rates"))
		return cmd_rates(nl, argc - 1, argv + 1);
	if (argc)
		die("usage: igmpsnoopctl monitor [rates [INST] [interval SEC] [count N]]");
	return nl_monitor(nl, event_cb, &nl->family, monitor_resync);
}
