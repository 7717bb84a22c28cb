// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: port show, set, add and del.
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

/*
 * A port dump: the port shown last. A port with more VLAN entries than
 * one message holds goes on in the next messages, which hold its ifindex
 * and name and the next entries alone; with -j its object and its "vlans"
 * array stay open until a message of another port or the dump's end.
 */
struct port_dump {
	int open;
	uint32_t ifindex;
	char inst[64];
	uint32_t vlans, vlans_shown;
};

/*
 * The port's state in each VLAN in which it has some, in the open "vlans"
 * array, or a line each, "vlan 10: router on (router port, 12.5 s left)
 * groups 3/8".
 */
static void print_port_vlans(const struct nlattr *port, struct port_dump *pd)
{
	const struct nlattr *attr;
	struct attrs va;
	char buf[32];
	uint32_t mode, timer, max_groups, groups;
	int is_router;

	mnl_attr_for_each_nested(attr, port) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_PORT_VLAN)
			continue;
		pd->vlans_shown++;
		attrs_parse_nested(&va, attr, IGMPSNOOP_A_PORT_VLAN_MAX);
		mode = attr_u32(va.tb[IGMPSNOOP_A_PORT_VLAN_ROUTER]);
		is_router = attr_u8(va.tb[IGMPSNOOP_A_PORT_VLAN_IS_ROUTER]);
		timer = attr_u32(va.tb[IGMPSNOOP_A_PORT_VLAN_ROUTER_TIMER]);
		max_groups = attr_u32(va.tb[IGMPSNOOP_A_PORT_VLAN_MAX_GROUPS]);
		groups = attr_u32(va.tb[IGMPSNOOP_A_PORT_VLAN_GROUPS]);
		if (opts.json) {
			json_obj_open(NULL);
			json_u64("vid", attr_u16(va.tb[IGMPSNOOP_A_PORT_VLAN_ID]));
			json_str("router", NAME(router_names, mode));
			json_lit("is_router", is_router ? "true" : "false");
			print_sec("router_timer", timer);
			json_u64("max_groups", max_groups);
			if (max_groups)
				json_u64("groups", groups);
			json_obj_close();
			continue;
		}
		printf("    vlan %u:", attr_u16(va.tb[IGMPSNOOP_A_PORT_VLAN_ID]));
		if (mode != IGMPSNOOP_ROUTER_DEFAULT)
			printf(" router %s", NAME(router_names, mode));
		if (is_router) {
			printf(" (router port");
			if (timer)
				printf(", %s s left", fmt_sec(timer, buf, sizeof(buf)));
			printf(")");
		}
		if (max_groups)
			printf(" groups %u/%u", groups, max_groups);
		putchar('\n');
	}
}

/* Ends the port shown last, if any. */
static void port_end(void *data)
{
	struct port_dump *pd = data;

	if (!pd->open)
		return;
	if (opts.json) {
		json_arr_close();
		json_obj_close();
	} else if (pd->vlans_shown < pd->vlans) {
		printf("    (%u vlans, %u shown)\n", pd->vlans, pd->vlans_shown);
	}
	pd->open = 0;
}

/*
 * An OVS port's VLANs, "access-vlan VID", "trunk all|VLANS" or a trunk's
 * "native-tagged VID" or "native-untagged VID", as @k and @val: put in
 * @nlh, and 1 returned; 0 for another key.
 */
int put_port_vlans(struct nlmsghdr *nlh, const char *k, const char *val)
{
	uint8_t bits[IGMPSNOOP_TRUNK_BYTES];

	if (!strcmp(k, "access-vlan")) {
		put_u16(nlh, IGMPSNOOP_A_PORT_ACCESS_VLAN, parse_vid(val));
	} else if (!strcmp(k, "trunk") && !strcmp(val, "all")) {
		put_data(nlh, IGMPSNOOP_A_PORT_TRUNK_ALL, NULL, 0);
	} else if (!strcmp(k, "trunk")) {
		parse_vlan_list(val, bits);
		put_data(nlh, IGMPSNOOP_A_PORT_TRUNK_VLANS, bits, sizeof(bits));
	} else if (!strcmp(k, "native-tagged") || !strcmp(k, "native-untagged")) {
		put_u16(nlh, IGMPSNOOP_A_PORT_NATIVE_VLAN, parse_vid(val));
		if (!strcmp(k, "native-untagged"))
			put_data(nlh, IGMPSNOOP_A_PORT_NATIVE_UNTAGGED, NULL, 0);
	} else {
		return 0;
	}
	return 1;
}

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_INST_MAX }, pa;
	struct port_dump *pd = data;
	const struct nlattr *attr;
	const char *inst;
	char buf[32];

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	inst = attr_str(a.tb[IGMPSNOOP_A_INST_NAME]);
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		uint32_t mode, timer, groups, max_groups, router_vlans, ifindex;
		int is_router, fast_leave, max_default;
		uint64_t refused;

		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_INST_PORT)
			continue;
		attrs_parse_nested(&pa, attr, IGMPSNOOP_A_PORT_MAX);
		ifindex = attr_u32(pa.tb[IGMPSNOOP_A_PORT_IFINDEX]);
		if (!pa.tb[IGMPSNOOP_A_PORT_ROUTER]) {
			/* The port shown last goes on. */
			if (pd->open && pd->ifindex == ifindex &&
			    !strcmp(pd->inst, inst))
				print_port_vlans(attr, pd);
			continue;
		}
		port_end(pd);
		pd->open = 1;
		pd->ifindex = ifindex;
		snprintf(pd->inst, sizeof(pd->inst), "%s", inst);
		pd->vlans = attr_u32(pa.tb[IGMPSNOOP_A_PORT_VLAN_COUNT]);
		pd->vlans_shown = 0;
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
			json_lit("is_router", is_router ? "true" : "false");
			print_sec("router_timer", timer);
			json_u64("router_vlans", router_vlans);
			json_lit("fast_leave", fast_leave ? "true" : "false");
			json_u64("groups", groups);
			json_u64("max_groups", max_groups);
			json_lit("max_groups_default", max_default ? "true" : "false");
			json_u64("refused", refused);
			print_ovs_vlans(pa.tb);
			if (pa.tb[IGMPSNOOP_A_PORT_VLAN_COUNT])
				json_u64("vlan_count", pd->vlans);
			if (opts.stats && pa.tb[IGMPSNOOP_A_PORT_STATS])
				print_stats(pa.tb[IGMPSNOOP_A_PORT_STATS]);
			/* Last: the next messages may go on with it. */
			json_arr_open("vlans");
			print_port_vlans(attr, pd);
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
		print_ovs_vlans(pa.tb);
		if (opts.stats && pa.tb[IGMPSNOOP_A_PORT_STATS])
			print_stats(pa.tb[IGMPSNOOP_A_PORT_STATS]);
		putchar('\n');
		print_port_vlans(attr, pd);
	}
	return MNL_CB_OK;
}

int cmd_port(struct nl *nl, int argc, char **argv)
{
	struct port_dump pd = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int i;

	if (argc >= 1 && !strcmp(argv[0], "set")) {
		if (argc < 5 || argc % 2 == 0)
			die("usage: igmpsnoopctl port set INST PORT [vlan VID] [router auto|on|off|default] [fast-leave on|off] [max-groups N|default] [access-vlan VID|trunk all|VLANS]");
		nlh = nl_msg(nl, IGMPSNOOP_CMD_PORT_SET, 0);
		put_inst(nlh, IGMPSNOOP_A_INST_NAME, argv[1]);
		nest = nest_start(nlh, IGMPSNOOP_A_INST_PORT);
		put_u32(nlh, IGMPSNOOP_A_PORT_IFINDEX, dev_index(argv[2]));
		for (i = 3; i < argc; i += 2) {
			if (i == 3 && !strcmp(argv[i], "vlan"))
				put_u16(nlh, IGMPSNOOP_A_PORT_VID, parse_vid(argv[i + 1]));
			else if (!strcmp(argv[i], "router"))
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
			else if (put_port_vlans(nlh, argv[i], argv[i + 1]))
				;
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
	return talk_print_end(nl, nlh, port_cb, port_end, &pd);
}
