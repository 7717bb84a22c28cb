// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: group show, add, del and flush.
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

struct grp_filter {
	uint32_t addr;
	int set;
	/*
	 * -s: the group whose counters were printed last, "SEQ IFINDEX
	 * LABEL": a dump run again (a new sequence number) prints anew.
	 */
	char last[64];
};

/*
 * The group data counters in @nest (enum igmpsnoop_group_stats_attrs);
 * false if there is none (the group's counters are not allocated yet).
 */
bool read_group_stats(const struct nlattr *nest, struct group_stats *st)
{
	struct attrs sa;

	memset(st, 0, sizeof(*st));
	if (!nest)
		return false;
	attrs_parse_nested(&sa, nest, IGMPSNOOP_A_GROUP_STATS_MAX);
	st->rx_packets = attr_u64(sa.tb[IGMPSNOOP_A_GROUP_STATS_RX_PACKETS]);
	st->rx_bytes = attr_u64(sa.tb[IGMPSNOOP_A_GROUP_STATS_RX_BYTES]);
	st->tx_packets = attr_u64(sa.tb[IGMPSNOOP_A_GROUP_STATS_TX_PACKETS]);
	st->tx_bytes = attr_u64(sa.tb[IGMPSNOOP_A_GROUP_STATS_TX_BYTES]);
	return true;
}

/* -s: a group's data counters, as a JSON object in each of its rows. */
static void json_group_stats(const struct group_stats *st, bool have)
{
	if (!have) {
		json_lit("stats", "null");
		return;
	}
	json_obj_open("stats");
	json_u64("rx_packets", st->rx_packets);
	json_u64("rx_bytes", st->rx_bytes);
	json_u64("tx_packets", st->tx_packets);
	json_u64("tx_bytes", st->tx_bytes);
	json_obj_close();
}

/* -s: a member's data counters (the copies let out of its port). */
static void json_member_stats(const struct nlattr *nest)
{
	struct group_stats st;

	if (!read_group_stats(nest, &st)) {
		json_lit("member_stats", "null");
		return;
	}
	json_obj_open("member_stats");
	json_u64("tx_packets", st.tx_packets);
	json_u64("tx_bytes", st.tx_bytes);
	json_obj_close();
}

/* " tx P packets B bytes" */
static void line_tx(struct line *l, const struct group_stats *st)
{
	line_str(l, " tx ");
	line_u64(l, st->tx_packets);
	line_str(l, " packets ");
	line_u64(l, st->tx_bytes);
	line_str(l, " bytes");
}

/* -s: a group's data counters, at the end of the line before its rows. */
static void line_group_stats(struct line *l, const struct group_stats *st, bool have)
{
	if (!have) {
		line_str(l, " (no counters yet)");
		return;
	}
	line_str(l, " rx ");
	line_u64(l, st->rx_packets);
	line_str(l, " packets ");
	line_u64(l, st->rx_bytes);
	line_str(l, " bytes");
	line_tx(l, st);
}

/* -s: a member's data counters, at the end of its line. */
static void line_member_stats(struct line *l, const struct nlattr *nest)
{
	struct group_stats st;

	if (read_group_stats(nest, &st))
		line_tx(l, &st);
	else
		line_str(l, " (no counters yet)");
}

/* "GROUP", or "GROUP vlan VID" for a group of a VLAN. */
static void line_group(struct line *l, const struct nlattr *addr_attr,
		       const struct nlattr *vid_attr)
{
	uint16_t vid = attr_u16(vid_attr);

	line_in_addr(l, addr_attr);
	if (vid) {
		line_str(l, " vlan ");
		line_u64(l, vid);
	}
}

/* "GROUP", or "GROUP vlan VID" for a group of a VLAN, in @buf. */
const char *group_label(const struct nlattr *addr_attr,
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

void json_vid(const struct nlattr *vid_attr)
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

	if (!opts.json && !opts.details)
		return;
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
			json_lit("forward", forward ? "true" : "false");
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

/* A member nest @member of the group message @a as a JSON object. */
static void group_json(const struct attrs *a, const struct nlattr *member,
		       const struct group_stats *st, bool have)
{
	char addr[INET_ADDRSTRLEN];
	uint32_t host_version, mode;
	struct attrs ma;

	attrs_parse_nested(&ma, member, IGMPSNOOP_A_MEMBER_MAX);
	host_version = attr_u8(ma.tb[IGMPSNOOP_A_MEMBER_HOST_VERSION]);
	mode = attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_FILTER_MODE]);
	json_obj_open(NULL);
	json_str("instance", attr_str(a->tb[IGMPSNOOP_A_GROUP_INSTANCE]));
	json_str("dev", attr_str(a->tb[IGMPSNOOP_A_GROUP_IFNAME]));
	json_str("group", attr_in_addr(a->tb[IGMPSNOOP_A_GROUP_ADDR], addr));
	json_vid(a->tb[IGMPSNOOP_A_GROUP_VID]);
	json_str("port", attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]));
	print_sec("timer", attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_TIMER]));
	json_str("state", attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_STATE]) ==
			  IGMPSNOOP_MEMBER_PERMANENT ? "permanent" : "temp");
	if (host_version)
		json_u64("host_version", host_version);
	else
		json_lit("host_version", "null");
	json_str("filter_mode", mode == IGMPSNOOP_FILTER_INCLUDE ? "include" : "exclude");
	print_sources(member);
	if (opts.stats) {
		json_group_stats(st, have);
		json_member_stats(ma.tb[IGMPSNOOP_A_MEMBER_STATS]);
	}
	json_obj_close();
}

/*
 * A member nest @member of the group message @a as a line of text, and
 * with -d a line per source.
 */
static void group_line(const struct attrs *a, const struct nlattr *member)
{
	uint32_t host_version, mode;
	struct line l = { 0 };
	struct attrs ma;

	attrs_parse_nested(&ma, member, IGMPSNOOP_A_MEMBER_MAX);
	host_version = attr_u8(ma.tb[IGMPSNOOP_A_MEMBER_HOST_VERSION]);
	mode = attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_FILTER_MODE]);
	line_inst(&l, a->tb[IGMPSNOOP_A_GROUP_IFNAME], a->tb[IGMPSNOOP_A_GROUP_INSTANCE]);
	line_str(&l, " group ");
	line_group(&l, a->tb[IGMPSNOOP_A_GROUP_ADDR], a->tb[IGMPSNOOP_A_GROUP_VID]);
	line_str(&l, " port ");
	line_str(&l, attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]));
	if (attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_STATE]) == IGMPSNOOP_MEMBER_PERMANENT) {
		line_str(&l, " permanent");
	} else {
		line_str(&l, " temp ");
		line_sec(&l, attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_TIMER]));
	}
	if (host_version) {
		line_str(&l, " v");
		line_u64(&l, host_version);
		line_str(&l, "-hosts");
	}
	if (opts.details)
		line_str(&l, mode == IGMPSNOOP_FILTER_INCLUDE ? " include" : " exclude");
	else if (mode == IGMPSNOOP_FILTER_INCLUDE)
		line_str(&l, " include");
	if (opts.stats)
		line_member_stats(&l, ma.tb[IGMPSNOOP_A_MEMBER_STATS]);
	line_end(&l);
	print_sources(member);
}

static int group_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_GROUP_MAX };
	struct grp_filter *f = data;
	const struct nlattr *attr;
	struct group_stats st;
	bool have = false;

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	if (f->set && (!a.tb[IGMPSNOOP_A_GROUP_ADDR] ||
		       attr_u32(a.tb[IGMPSNOOP_A_GROUP_ADDR]) != f->addr))
		return MNL_CB_OK;
	if (opts.stats)
		have = read_group_stats(a.tb[IGMPSNOOP_A_GROUP_STATS], &st);
	if (opts.stats && !opts.json) {
		char this[sizeof(f->last)], label[40];
		struct line l = { 0 };

		/* A big group comes in several messages: one line. */
		group_label(a.tb[IGMPSNOOP_A_GROUP_ADDR], a.tb[IGMPSNOOP_A_GROUP_VID],
			    label, sizeof(label));
		snprintf(this, sizeof(this), "%u %u %s", nlh->nlmsg_seq,
			 attr_u32(a.tb[IGMPSNOOP_A_GROUP_IFINDEX]), label);
		if (strcmp(this, f->last)) {
			snprintf(f->last, sizeof(f->last), "%s", this);
			line_inst(&l, a.tb[IGMPSNOOP_A_GROUP_IFNAME],
				  a.tb[IGMPSNOOP_A_GROUP_INSTANCE]);
			line_str(&l, " group ");
			line_group(&l, a.tb[IGMPSNOOP_A_GROUP_ADDR], a.tb[IGMPSNOOP_A_GROUP_VID]);
			line_group_stats(&l, &st, have);
			line_end(&l);
		}
	}
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_GROUP_MEMBER)
			continue;
		if (opts.json)
			group_json(&a, attr, &st, have);
		else
			group_line(&a, attr);
	}
	return MNL_CB_OK;
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

int cmd_group(struct nl *nl, int argc, char **argv)
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
	nlh = nl_msg(nl, IGMPSNOOP_CMD_GROUP_GET, NLM_F_DUMP);
	if (argc >= 2)
		put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, argv[1]);
	if (argc >= 3) {
		/*
		 * One group: the kernel dumps just it, in as many messages
		 * as its members need; none is no error.
		 */
		put_u32(nlh, IGMPSNOOP_A_GROUP_ADDR, parse_group(argv[2]));
		if (argc == 5)
			put_fits(mnl_attr_put_u16_check(nlh, REQ_ROOM, IGMPSNOOP_A_GROUP_VID,
							parse_vid(argv[4])));
	}
	return talk_print(nl, nlh, group_cb, &f);
}
