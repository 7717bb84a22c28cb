// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: instances: attach, detach, show and set (an instance's
 * settings, or a VLAN's).
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
			json_lit("self", self ? "true" : "false");
			if (self)
				json_lit("port", "null");
			else
				json_str("port", ifname(attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_PORT]),
							name));
			json_u64("version", attr_u8(a->tb[IGMPSNOOP_A_INST_QUERIER_VERSION]));
			print_sec("since", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SINCE]));
			print_sec("timer", attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_TIMER]));
			json_obj_close();
		} else {
			json_lit("querier", "null");
		}
		json_lit("querier_enabled", own_on ? "true" : "false");
		if (attr_u32(a->tb[IGMPSNOOP_A_INST_QUERIER_SOURCE]))
			json_str("querier_source",
				 attr_in_addr(a->tb[IGMPSNOOP_A_INST_QUERIER_SOURCE], addr));
		else
			json_str("querier_source", "auto");
		json_u64("igmp_version", attr_u32(a->tb[IGMPSNOOP_A_INST_IGMP_VERSION]));
		json_u64("groups", attr_u32(a->tb[IGMPSNOOP_A_INST_GROUPS]));
		json_u64("max_groups", attr_u32(a->tb[IGMPSNOOP_A_INST_MAX_GROUPS]));
		json_str("unregistered", NAME(unreg_names, unreg));
		json_lit("fast_path",
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
 * The settings a VLAN may have of its own, by enum igmpsnoop_timing_setting:
 * the name set takes, and whether it is a time.
 */
static const struct {
	const char *name;
	bool sec;
} timing_names[IGMPSNOOP_TIMING_MAX + 1] = {
	[IGMPSNOOP_TIMING_ROBUSTNESS] = { "robustness", false },
	[IGMPSNOOP_TIMING_QUERY_INTERVAL] = { "query-interval", true },
	[IGMPSNOOP_TIMING_QUERY_RESPONSE_INTERVAL] = { "query-response-interval", true },
	[IGMPSNOOP_TIMING_LAST_MEMBER_INTERVAL] = { "last-member-interval", true },
	[IGMPSNOOP_TIMING_LAST_MEMBER_COUNT] = { "last-member-count", false },
	[IGMPSNOOP_TIMING_IGMP_VERSION] = { "version", false },
	[IGMPSNOOP_TIMING_MEMBERSHIP_INTERVAL] = { "membership-interval", true },
	[IGMPSNOOP_TIMING_OTHER_QUERIER_INTERVAL] = { "other-querier-interval", true },
	[IGMPSNOOP_TIMING_STARTUP_QUERY_INTERVAL] = { "startup-query-interval", true },
	[IGMPSNOOP_TIMING_STARTUP_QUERY_COUNT] = { "startup-query-count", false },
	[IGMPSNOOP_TIMING_LAST_MEMBER_TIME] = { "last-member-time", true },
};

/*
 * A VLAN's timing settings: in JSON those in force and the names of its
 * own; as text its own (with -d, all, its own marked with *).
 */
static void print_vlan_timing(struct attrs *va)
{
	uint32_t own = attr_u32(va->tb[IGMPSNOOP_A_VLAN_OWN]), v;
	char key[40];
	int i;

	for (i = 0; i <= IGMPSNOOP_TIMING_MAX; i++) {
		bool mine = own & (1u << i);

		if (!opts.json && !opts.details && !mine)
			continue;
		v = attr_u32(va->tb[IGMPSNOOP_A_VLAN_ROBUSTNESS + i]);
		snprintf(key, sizeof(key), "%s%s", timing_names[i].name,
			 !opts.json && opts.details && mine ? "*" : "");
		if (timing_names[i].sec)
			print_sec(key, v);
		else if (opts.json)
			json_u64(key, v);
		else
			printf(" %s %u", key, v);
	}
	if (!opts.json)
		return;
	json_arr_open("own");
	for (i = 0; i <= IGMPSNOOP_TIMING_MAX; i++)
		if (own & (1u << i))
			json_str(NULL, timing_names[i].name);
	json_arr_close();
}

/* The querier of one VLAN (a VLAN nest): a line, or a JSON object. */
static void print_vlan(const struct nlattr *attr)
{
	char addr[INET_ADDRSTRLEN], name[IF_NAMESIZE];
	uint32_t source;
	struct attrs va;
	int self, enabled;

	attrs_parse_nested(&va, attr, IGMPSNOOP_A_VLAN_MAX);
	self = attr_u8(va.tb[IGMPSNOOP_A_VLAN_QUERIER_SELF]);
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
		print_vlan_timing(&va);
		if (va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR]) {
			json_obj_open("querier");
			json_str("address",
				 attr_in_addr(va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR], addr));
			json_lit("self", self ? "true" : "false");
			if (self)
				json_lit("port", "null");
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
			json_lit("querier", "null");
		}
		json_obj_close();
		return;
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
	print_vlan_timing(&va);
	printf(" groups %u", attr_u32(va.tb[IGMPSNOOP_A_VLAN_GROUPS]));
	if (attr_u32(va.tb[IGMPSNOOP_A_VLAN_MAX_GROUPS]))
		printf("/%u", attr_u32(va.tb[IGMPSNOOP_A_VLAN_MAX_GROUPS]));
	printf(" %s",
	       attr_u8(va.tb[IGMPSNOOP_A_VLAN_FLOODING]) ?
	       (va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR] ?
		"flooding until hosts answer the first query" :
		"flooding: no querier heard") : "snooping");
	if (!va.tb[IGMPSNOOP_A_VLAN_QUERIER_ADDR])
		return;
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

/* VLAN nests, copied from the messages that held them. */
struct vlan_list {
	struct nlattr **v;
	unsigned int n, cap;
};

static void vlan_list_free(struct vlan_list *vl)
{
	while (vl->n)
		free(vl->v[--vl->n]);
}

/* The VLAN nests of a message, added to the list in @data. */
static int vlan_list_cb(const struct nlmsghdr *nlh, void *data)
{
	struct vlan_list *vl = data;
	const struct nlattr *attr;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_INST_VLAN)
			continue;
		if (vl->n == vl->cap) {
			vl->cap = vl->cap ? 2 * vl->cap : 64;
			vl->v = realloc(vl->v, vl->cap * sizeof(*vl->v));
			if (!vl->v)
				die("out of memory");
		}
		vl->v[vl->n] = malloc(attr->nla_len);
		if (!vl->v[vl->n])
			die("out of memory");
		memcpy(vl->v[vl->n++], attr, attr->nla_len);
	}
	return MNL_CB_OK;
}

/*
 * Every VLAN of the instance @inst, from a VLAN_GET dump on a socket of
 * its own: an instance message shows the first IGMPSNOOP_VLANS_SHOWN.
 */
static void vlan_list_dump(const char *inst, struct vlan_list *vl)
{
	struct nlmsghdr *nlh;
	struct nl *vn;
	int ret, try;

	vn = calloc(1, sizeof(*vn));
	if (!vn)
		die("out of memory");
	nl_open(vn);
	for (try = 0; try < DUMP_TRIES; try++) {
		vlan_list_free(vl);
		nlh = nl_msg(vn, IGMPSNOOP_CMD_VLAN_GET, NLM_F_DUMP);
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, inst);
		ret = nl_talk(vn, nlh, vlan_list_cb, vl);
		if (ret < 0)
			die("cannot list the VLANs of %s", inst);
		if (!ret)
			break;
	}
	if (try == DUMP_TRIES)
		die("the VLANs of %s changed during each of %d dumps: try again",
		    inst, DUMP_TRIES);
	nl_close(vn);
	free(vn);
}

/*
 * The querier of each VLAN of a VLAN-filtering bridge (or of an OVS
 * instance whose ports have VLANs): a line each, or a JSON array. The
 * instance's message @nlh shows the first ones; the rest are dumped.
 */
static void print_vlans(const struct nlmsghdr *nlh, struct attrs *a)
{
	uint32_t n = attr_u32(a->tb[IGMPSNOOP_A_INST_VLANS]);
	struct vlan_list vl = { 0 };
	unsigned int i;

	vlan_list_cb(nlh, &vl);
	if (vl.n < n)
		vlan_list_dump(attr_str(a->tb[IGMPSNOOP_A_INST_NAME]), &vl);
	if (opts.json) {
		json_u64("vlan_count", vl.n);
		json_arr_open("vlans");
	}
	for (i = 0; i < vl.n; i++)
		print_vlan(vl.v[i]);
	if (opts.json)
		json_arr_close();
	vlan_list_free(&vl);
	free(vl.v);
}

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
		json_lit("port_subset",
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

/* attach DEV [name NAME] [ports PORT,...|ovs-bridge BRIDGE] */
int cmd_attach(struct nl *nl, int argc, char **argv)
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

int cmd_detach(struct nl *nl, int argc, char **argv)
{
	struct nlmsghdr *nlh;

	if (argc != 1)
		die("usage: igmpsnoopctl detach INST");
	nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_DETACH, 0);
	put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[0]);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* Dumps run again when interrupted, at most this often. */

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

int cmd_show(struct nl *nl, int argc, char **argv)
{
	if (argc > 1)
		die("usage: igmpsnoopctl show [INST]");
	return instance_get(nl, argc == 1 ? argv[0] : NULL, instance_cb);
}

/* The bit of timing setting @k (enum igmpsnoop_timing_setting), or -1. */
static int timing_bit(const char *k)
{
	int i;

	for (i = 0; i <= IGMPSNOOP_TIMING_MAX; i++)
		if (!strcmp(k, timing_names[i].name))
			return i;
	return -1;
}

int cmd_set(struct nl *nl, int argc, char **argv)
{
	uint32_t inherit = 0;
	struct nlmsghdr *nlh;
	int i;

	if (argc < 3 || argc % 2 == 0)
		die("usage: igmpsnoopctl set INST KEY VALUE [KEY VALUE ...]");
	nlh = nl_msg(nl, IGMPSNOOP_CMD_INSTANCE_SET, 0);
	put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[0]);
	for (i = 1; i < argc; i += 2) {
		const char *k = argv[i], *v = argv[i + 1];

		/* A VLAN's own timing setting dropped: the instance's again. */
		if (timing_bit(k) >= 0 && !strcmp(v, "default"))
			inherit |= 1u << timing_bit(k);
		else if (!strcmp(k, "unregistered"))
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
	if (inherit)
		put_u32(nlh, IGMPSNOOP_A_INST_INHERIT, inherit);
	return nl_talk(nl, nlh, NULL, NULL);
}
