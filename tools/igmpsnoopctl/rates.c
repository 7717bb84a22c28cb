// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: monitor rates: each group's data rates and its members',
 * from their counters (IGMPSNOOP_A_GROUP_STATS, IGMPSNOOP_A_MEMBER_STATS)
 * read every interval.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>

#include "igmpsnoopctl.h"

/*
 * A group's counters, or one of its members' (@port not 0), as one dump
 * read them.
 */
struct sample {
	uint32_t ifindex;
	uint32_t addr;		/* network byte order */
	uint16_t vid;
	uint32_t port;		/* a member's port's ifindex; 0: the group */
	char inst[IF_NAMESIZE];		/* an instance's name is as long */
	char dev[IF_NAMESIZE];		/* a member's: its port's name */
	char where[2 * IF_NAMESIZE + 48];	/* "dev br0 group G vlan V" */
	struct group_stats st;
};

struct samples {
	struct sample *s;
	size_t n, size;
};

/* One read: the groups, and their members apart, each sorted by key. */
struct sample_set {
	struct samples groups, members;
};

/* By group: instance, address, VLAN. */
static int group_cmp(const struct sample *x, const struct sample *y)
{
	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->vid - (int)y->vid;
}

/* By group, then (members) by port. */
static int sample_cmp(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;
	int ret = group_cmp(x, y);

	if (ret || x->port == y->port)
		return ret;
	return x->port < y->port ? -1 : 1;
}

static struct sample *sample_add(struct samples *ss)
{
	if (ss->n == ss->size) {
		ss->size = ss->size ? 2 * ss->size : 64;
		ss->s = realloc(ss->s, ss->size * sizeof(*ss->s));
		if (!ss->s)
			die("out of memory");
	}
	return &ss->s[ss->n++];
}

/* The members in @nlh of the group @g that have counters. */
static void sample_members(const struct nlmsghdr *nlh, const struct sample *g,
			   struct samples *ss)
{
	const struct nlattr *attr;
	struct sample *s;
	struct attrs ma;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != IGMPSNOOP_A_GROUP_MEMBER)
			continue;
		attrs_parse_nested(&ma, attr, IGMPSNOOP_A_MEMBER_MAX);
		if (!ma.tb[IGMPSNOOP_A_MEMBER_STATS] ||
		    !ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFINDEX])
			continue;
		s = sample_add(ss);
		*s = (struct sample){
			.ifindex = g->ifindex,
			.addr = g->addr,
			.vid = g->vid,
			.port = attr_u32(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFINDEX]),
		};
		snprintf(s->dev, sizeof(s->dev), "%s",
			 attr_str(ma.tb[IGMPSNOOP_A_MEMBER_PORT_IFNAME]));
		read_group_stats(ma.tb[IGMPSNOOP_A_MEMBER_STATS], &s->st);
	}
}

static int sample_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_GROUP_MAX };
	char inst[2 * IF_NAMESIZE], label[40];
	struct sample_set *set = data;
	struct samples *ss = &set->groups;
	struct sample *s, key = { 0 };

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	if (!a.tb[IGMPSNOOP_A_GROUP_STATS])
		return MNL_CB_OK;
	key.ifindex = attr_u32(a.tb[IGMPSNOOP_A_GROUP_IFINDEX]);
	key.addr = attr_u32(a.tb[IGMPSNOOP_A_GROUP_ADDR]);
	key.vid = attr_u16(a.tb[IGMPSNOOP_A_GROUP_VID]);
	sample_members(nlh, &key, &set->members);
	/*
	 * A big group comes in several messages, one after the other, each
	 * with the group's counters and some of its members.
	 */
	if (ss->n && !sample_cmp(&ss->s[ss->n - 1], &key))
		return MNL_CB_OK;
	s = sample_add(ss);
	*s = key;
	snprintf(s->inst, sizeof(s->inst), "%s",
		 attr_str(a.tb[IGMPSNOOP_A_GROUP_INSTANCE]));
	snprintf(s->dev, sizeof(s->dev), "%s",
		 attr_str(a.tb[IGMPSNOOP_A_GROUP_IFNAME]));
	read_group_stats(a.tb[IGMPSNOOP_A_GROUP_STATS], &s->st);
	/* As the other commands print an instance and a group. */
	snprintf(s->where, sizeof(s->where), "%s group %s",
		 inst_label(a.tb[IGMPSNOOP_A_GROUP_IFNAME],
			    a.tb[IGMPSNOOP_A_GROUP_INSTANCE], inst, sizeof(inst)),
		 group_label(a.tb[IGMPSNOOP_A_GROUP_ADDR],
			     a.tb[IGMPSNOOP_A_GROUP_VID], label, sizeof(label)));
	return MNL_CB_OK;
}

/*
 * Every group of @inst (NULL: of every instance) and its members, sorted
 * by key.
 */
static void sample_read(struct nl *nl, const char *inst, struct sample_set *set)
{
	struct nlmsghdr *nlh;
	int ret, try;

	for (try = 0; try < DUMP_TRIES; try++) {
		set->groups.n = 0;
		set->members.n = 0;
		nlh = nl_msg(nl, IGMPSNOOP_CMD_GROUP_GET, NLM_F_DUMP);
		if (inst)
			put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, inst);
		ret = nl_talk(nl, nlh, sample_cb, set);
		if (ret < 0)
			exit(1);
		if (!ret)
			break;		/* else interrupted: read again */
	}
	if (try == DUMP_TRIES)
		die("the table changed during each of %d dumps: try again", DUMP_TRIES);
	qsort(set->groups.s, set->groups.n, sizeof(*set->groups.s), sample_cmp);
	qsort(set->members.s, set->members.n, sizeof(*set->members.s),
	      sample_cmp);
}

/* @s's sample in @then, or NULL if it is new since. */
static const struct sample *sample_then(const struct sample *s,
					const struct samples *then)
{
	return bsearch(s, then->s, then->n, sizeof(*then->s), sample_cmp);
}

/*
 * What a counter gained in @sec seconds, per second. A group deleted and
 * made again since counts from 0 again.
 */
static uint64_t rate(uint64_t now, uint64_t then, double sec)
{
	return (uint64_t)((now >= then ? now - then : now) / sec + 0.5);
}

/*
 * The rates of the member samples @m[0..@n) of one group, as JSON objects
 * in its "members" array, or a line each after the group's.
 */
static void print_member_rates(const struct sample *m, size_t n,
			       const struct samples *then, double sec)
{
	static const struct sample zero;
	const struct sample *prev;
	uint64_t txp, txb;
	size_t i;

	if (opts.json)
		json_arr_open("members");
	for (i = 0; i < n; i++) {
		prev = sample_then(&m[i], then) ?: &zero;
		txp = rate(m[i].st.tx_packets, prev->st.tx_packets, sec);
		txb = rate(m[i].st.tx_bytes, prev->st.tx_bytes, sec) * 8;
		if (opts.json) {
			json_obj_open(NULL);
			json_str("port", m[i].dev);
			json_u64("tx_pps", txp);
			json_u64("tx_bps", txb);
			json_obj_close();
		} else {
			printf("  port %s tx %" PRIu64 " pkt/s %" PRIu64
			       " bit/s\n", m[i].dev, txp, txb);
		}
	}
	if (opts.json)
		json_arr_close();
}

/* A group's rates, then its members' (@m[0..@n)). */
static void print_rates(const struct sample *s, const struct sample_set *then,
			const struct sample *m, size_t n, double sec)
{
	static const struct sample zero;
	const struct sample *prev = sample_then(s, &then->groups) ?: &zero;
	char addr[INET_ADDRSTRLEN];
	uint64_t rxp, rxb, txp, txb;

	rxp = rate(s->st.rx_packets, prev->st.rx_packets, sec);
	rxb = rate(s->st.rx_bytes, prev->st.rx_bytes, sec) * 8;
	txp = rate(s->st.tx_packets, prev->st.tx_packets, sec);
	txb = rate(s->st.tx_bytes, prev->st.tx_bytes, sec) * 8;
	inet_ntop(AF_INET, &s->addr, addr, sizeof(addr));
	if (opts.json) {
		json_obj_open(NULL);
		json_str("instance", s->inst);
		json_str("dev", s->dev);
		json_str("group", addr);
		json_u64("vid", s->vid);
		json_u64("rx_pps", rxp);
		json_u64("rx_bps", rxb);
		json_u64("tx_pps", txp);
		json_u64("tx_bps", txb);
		print_member_rates(m, n, &then->members, sec);
		json_obj_close();
		return;
	}
	printf("%s rx %" PRIu64 " pkt/s %" PRIu64 " bit/s tx %" PRIu64
	       " pkt/s %" PRIu64 " bit/s\n", s->where, rxp, rxb, txp, txb);
	print_member_rates(m, n, &then->members, sec);
}

/*
 * Every group of @now with its members, each against its sample in @then:
 * the two sorted arrays of @now are walked side by side.
 */
static void print_all(const struct sample_set *now,
		      const struct sample_set *then, double sec)
{
	const struct samples *ms = &now->members;
	const struct sample *g;
	size_t i, m = 0, first;

	for (i = 0; i < now->groups.n; i++) {
		g = &now->groups.s[i];
		/* Members of a group without counters are left out with it. */
		while (m < ms->n && group_cmp(&ms->s[m], g) < 0)
			m++;
		first = m;
		while (m < ms->n && !group_cmp(&ms->s[m], g))
			m++;
		print_rates(g, then, &ms->s[first], m - first, sec);
	}
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* monitor rates [INST] [interval SEC] [count N] */
int cmd_rates(struct nl *nl, int argc, char **argv)
{
	struct sample_set a = { 0 }, b = { 0 }, *then = &a, *now = &b, *t;
	uint32_t interval = 1000, count = 0, n;
	const char *inst = NULL;
	struct timespec ts;
	double t0, t1;
	int k;

	for (k = 0; k < argc; k++) {
		if (!strcmp(argv[k], "interval") && k + 1 < argc)
			interval = parse_sec("interval", argv[++k]);
		else if (!strcmp(argv[k], "count") && k + 1 < argc)
			count = parse_u32("count", argv[++k]);
		else if (!k && strcmp(argv[k], "interval") && strcmp(argv[k], "count"))
			inst = argv[k];
		else
			die("usage: igmpsnoopctl monitor rates [INST] [interval SEC] [count N]");
	}
	if (interval < 100)
		die("interval: at least 0.1 s");
	sample_read(nl, inst, then);
	t0 = now_sec();
	for (n = 0; !count || n < count; n++) {
		ts.tv_sec = interval / 1000;
		ts.tv_nsec = (interval % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
		sample_read(nl, inst, now);
		t1 = now_sec();
		if (opts.json) {
			json_init(stdout, opts.pretty);
			json_obj_open(NULL);
			json_raw("interval", "%.3f", t1 - t0);
			json_arr_open("groups");
		} else {
			printf("# %zu group(s), %.3f s\n", now->groups.n, t1 - t0);
		}
		print_all(now, then, t1 - t0);
		if (opts.json) {
			json_arr_close();
			json_obj_close();	/* and its line's end */
		}
		fflush(stdout);
		t = then;
		then = now;
		now = t;
		t0 = t1;
	}
	free(a.groups.s);
	free(a.members.s);
	free(b.groups.s);
	free(b.members.s);
	return 0;
}
