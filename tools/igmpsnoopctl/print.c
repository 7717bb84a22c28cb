// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: how values print: names of kinds, policies and counters,
 * times, instances.
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

const char *kind_name(uint32_t kind)
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

const char *const unreg_names[IGMPSNOOP_UNREG_DEFAULT + 1] = {
	[IGMPSNOOP_UNREG_ROUTERS] = "routers",
	[IGMPSNOOP_UNREG_FLOOD] = "flood",
	[IGMPSNOOP_UNREG_DROP] = "drop",
	[IGMPSNOOP_UNREG_DEFAULT] = "default",	/* a VLAN's: the instance's */
};

const char *const router_names[IGMPSNOOP_ROUTER_DEFAULT + 1] = {
	[IGMPSNOOP_ROUTER_AUTO] = "auto",
	[IGMPSNOOP_ROUTER_ON] = "on",
	[IGMPSNOOP_ROUTER_OFF] = "off",
	[IGMPSNOOP_ROUTER_DEFAULT] = "default",	/* in a VLAN: the port's */
};



/* @v in decimal at @out, unterminated; its length (at most 20). */
size_t u64_text(uint64_t v, char *out)
{
	char rev[20];
	size_t n = 0, i;

	do {
		rev[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = rev[n - 1 - i];
	return n;
}

/*
 * Milliseconds as seconds at @out, unterminated, e.g. "12.5" for 12500
 * and "3" for 3000; its length (at most SEC_TEXT_MAX).
 */
#define SEC_TEXT_MAX 14
static size_t sec_text(uint32_t ms, char *out)
{
	size_t n = u64_text(ms / 1000, out);

	out[n] = '.';
	out[n + 1] = '0' + ms % 1000 / 100;
	out[n + 2] = '0' + ms % 100 / 10;
	out[n + 3] = '0' + ms % 10;
	n += 4;
	while (out[n - 1] == '0')	/* "12.500" -> "12.5", "3.000" -> "3." */
		n--;
	if (out[n - 1] == '.')		/* "3." -> "3" */
		n--;
	return n;
}

/* Milliseconds as seconds, e.g. "12.5". */
const char *fmt_sec(uint32_t ms, char *buf, size_t len)
{
	char text[SEC_TEXT_MAX];
	size_t n = sec_text(ms, text);

	snprintf(buf, len, "%.*s", (int)n, text);
	return buf;
}

/*
 * Lines of text built a field at a time, without printf: `group show`
 * prints a line per membership, up to millions, and printf's parsing of
 * its formats was most of the time it took. A line longer than the
 * buffer is written out in parts, never cut.
 */
void line_mem(struct line *l, const char *s, size_t n)
{
	if (l->len + n > sizeof(l->buf)) {
		fwrite(l->buf, 1, l->len, stdout);
		l->len = 0;
		if (n > sizeof(l->buf)) {
			fwrite(s, 1, n, stdout);
			return;
		}
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

void line_str(struct line *l, const char *s)
{
	line_mem(l, s, strlen(s));
}

void line_u64(struct line *l, uint64_t v)
{
	char text[20];

	line_mem(l, text, u64_text(v, text));
}

void line_sec(struct line *l, uint32_t ms)
{
	char text[SEC_TEXT_MAX];

	line_mem(l, text, sec_text(ms, text));
}

/* An IPv4 address attribute as attr_in_addr() prints it. */
void line_in_addr(struct line *l, const struct nlattr *a)
{
	const uint8_t *b;
	int i;

	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0) {
		line_str(l, "?");
		return;
	}
	b = mnl_attr_get_payload(a);
	for (i = 0; i < 4; i++) {
		if (i)
			line_str(l, ".");
		line_u64(l, b[i]);
	}
}

/* The instance as inst_label() names it. */
void line_inst(struct line *l, const struct nlattr *dev, const struct nlattr *name)
{
	if (!name || !strcmp(attr_str(name), attr_str(dev))) {
		line_str(l, "dev ");
		line_str(l, attr_str(dev));
	} else {
		line_str(l, "instance ");
		line_str(l, attr_str(name));
	}
}

/* The line and a newline to stdout; @l is empty again. */
void line_end(struct line *l)
{
	line_mem(l, "\n", 1);
	fwrite(l->buf, 1, l->len, stdout);
	l->len = 0;
}

void print_sec(const char *key, uint32_t ms)
{
	char buf[32];

	fmt_sec(ms, buf, sizeof(buf));
	if (opts.json)
		json_lit(key, buf);
	else
		printf(" %s %s", key, buf);
}

const char *attr_str(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0 ? mnl_attr_get_str(a) : "?";
}

void print_stats(const struct nlattr *nest)
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

const char *ifname(uint32_t ifindex, char *buf)
{
	return ifindex && if_indextoname(ifindex, buf) ? buf : "?";
}

/*
 * How text output names an instance: "dev SWITCH" while its name is its
 * switch's, else "instance NAME".
 */
const char *inst_label(const struct nlattr *dev, const struct nlattr *name,
			      char *buf, size_t len)
{
	if (!name || !strcmp(attr_str(name), attr_str(dev)))
		snprintf(buf, len, "dev %s", attr_str(dev));
	else
		snprintf(buf, len, "instance %s", attr_str(name));
	return buf;
}

void print_inst(const struct nlattr *dev, const struct nlattr *name)
{
	char buf[2 * IF_NAMESIZE];

	fputs(inst_label(dev, name, buf, sizeof(buf)), stdout);
}

/* A trunk's VLANs as parse_vlan_list() reads them: "0,10,20-29". */
const char *fmt_vlan_list(const uint8_t *bits, char *buf, size_t len)
{
	unsigned int v, end;
	size_t off = 0;

	buf[0] = 0;
	for (v = 0; v < 4096; v++) {
		if (!(bits[v / 8] & (1u << (v % 8))))
			continue;
		for (end = v; end + 1 < 4096 && bits[(end + 1) / 8] & (1u << ((end + 1) % 8)); end++)
			;
		if (off < len)
			off += snprintf(buf + off, len - off, end > v ? "%s%u-%u" : "%s%u",
					off ? "," : "", v, end);
		v = end;
	}
	return buf;
}

/*
 * An OVS port's VLANs (a port nest's attributes): " access-vlan 10",
 * " trunk all", " trunk 10,20 native-untagged 30".
 */
void print_ovs_vlans(const struct nlattr *const *tb)
{
	const struct nlattr *trunk = tb[IGMPSNOOP_A_PORT_TRUNK_VLANS];
	const struct nlattr *native = tb[IGMPSNOOP_A_PORT_NATIVE_VLAN];
	const char *native_mode = tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED] ?
				  "native-untagged" : "native-tagged";
	char buf[16384];

	if (trunk && mnl_attr_get_payload_len(trunk) == IGMPSNOOP_TRUNK_BYTES)
		fmt_vlan_list(mnl_attr_get_payload(trunk), buf, sizeof(buf));
	if (opts.json) {
		if (tb[IGMPSNOOP_A_PORT_ACCESS_VLAN])
			json_u64("access_vlan", attr_u16(tb[IGMPSNOOP_A_PORT_ACCESS_VLAN]));
		else if (trunk)
			json_str("trunk", buf);
		else if (tb[IGMPSNOOP_A_PORT_TRUNK_ALL])
			json_str("trunk", "all");
		if (native) {
			json_u64("native_vlan", attr_u16(native));
			json_lit("native_untagged",
				 tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED] ? "true" : "false");
		}
		return;
	}
	if (tb[IGMPSNOOP_A_PORT_ACCESS_VLAN])
		printf(" access-vlan %u", attr_u16(tb[IGMPSNOOP_A_PORT_ACCESS_VLAN]));
	else if (trunk)
		printf(" trunk %s", buf);
	else if (tb[IGMPSNOOP_A_PORT_TRUNK_ALL])
		printf(" trunk all");
	if (native)
		printf(" %s %u", native_mode, attr_u16(native));
}
