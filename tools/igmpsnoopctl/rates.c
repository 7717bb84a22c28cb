// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: monitor rates: each group's data rates, from its counters
 * (IGMPSNOOP_A_GROUP_STATS) read every interval.
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

/* A group's counters as one dump read them. */
struct sample {
	uint32_t ifindex;
	uint32_t addr;		/* network byte order */
	uint16_t vid;
	char inst[IF_NAMESIZE];		/* an instance's name is as long */
	char dev[IF_NAMESIZE];
	char where[2 * IF_NAMESIZE + 48];	/* "dev br0 group G vlan V" */
	struct group_stats st;
};

struct samples {
	struct sample *s;
	size_t n, size;
};

static int sample_cmp(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->ifindex != y->ifindex)
		return x->ifindex < y->ifindex ? -1 : 1;
	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return (int)x->vid - (int)y->vid;
}

static int sample_cb(const struct nlmsghdr *nlh, void *data)
{
	struct attrs a = { .max = IGMPSNOOP_A_GROUP_MAX };
	char inst[2 * IF_NAMESIZE], label[40];
	struct samples *ss = data;
	struct sample *s, key = { 0 };

	mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attrs_cb, &a);
	if (!a.tb[IGMPSNOOP_A_GROUP_STATS])
		return MNL_CB_OK;
	key.ifindex = attr_u32(a.tb[IGMPSNOOP_A_GROUP_IFINDEX]);
	key.addr = attr_u32(a.tb[IGMPSNOOP_A_GROUP_ADDR]);
	key.vid = attr_u16(a.tb[IGMPSNOOP_A_GROUP_VID]);
	/* A big group comes in several messages, one after the other. */
	if (ss->n && !sample_cmp(&ss->s[ss->n - 1], &key))
		return MNL_CB_OK;
	if (ss->n == ss->size) {
		ss->size = ss->size ? 2 * ss->size : 64;
		ss->s = realloc(ss->s, ss->size * sizeof(*ss->s));
		if (!ss->s)
			die("out of memory");
	}
	s = &ss->s[ss->n++];
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

/* Every group of @inst (NULL: of every instance), sorted by key. */
static void sample_read(struct nl *nl, const char *inst, struct samples *ss)
{
	struct nlmsghdr *nlh;
	int ret, try;

	for (try = 0; try < DUMP_TRIES; try++) {
		ss->n = 0;
		nlh = nl_msg(nl, IGMPSNOOP_CMD_GROUP_GET, NLM_F_DUMP);
		if (inst)
			put_inst(nlh, IGMPSNOOP_A_GROUP_INSTANCE, inst);
		ret = nl_talk(nl, nlh, sample_cb, ss);
		if (ret < 0)
			exit(1);
		if (!ret)
			break;		/* else interrupted: read again */
	}
	if (try == DUMP_TRIES)
		die("the table changed during each of %d dumps: try again", DUMP_TRIES);
	qsort(ss->s, ss->n, sizeof(*ss->s), sample_cmp);
}

/*
 * What a counter gained in @sec seconds, per second. A group deleted and
 * made again since counts from 0 again.
 */
static uint64_t rate(uint64_t now, uint64_t then, double sec)
{
	return (uint64_t)((now >= then ? now - then : now) / sec + 0.5);
}

static void print_rates(const struct sample *s, const struct sample *then,
			double sec)
{
	static const struct sample zero;
	char addr[INET_ADDRSTRLEN];
	uint64_t rxp, rxb, txp, txb;

	if (!then)
		then = &zero;	/* new since the last read */
	rxp = rate(s->st.rx_packets, then->st.rx_packets, sec);
	rxb = rate(s->st.rx_bytes, then->st.rx_bytes, sec) * 8;
	txp = rate(s->st.tx_packets, then->st.tx_packets, sec);
	txb = rate(s->st.tx_bytes, then->st.tx_bytes, sec) * 8;
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
		json_obj_close();
		return;
	}
	printf("%s rx %" PRIu64 " pkt/s %" PRIu64 " bit/s tx %" PRIu64
	       " pkt/s %" PRIu64 " bit/s\n", s->where, rxp, rxb, txp, txb);
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
	struct samples a = { 0 }, b = { 0 }, *then = &a, *now = &b, *t;
	uint32_t interval = 1000, count = 0, n;
	const char *inst = NULL;
	struct timespec ts;
	double t0, t1;
	size_t i;
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
			printf("# %zu group(s), %.3f s\n", now->n, t1 - t0);
		}
		for (i = 0; i < now->n; i++)
			print_rates(&now->s[i], bsearch(&now->s[i], then->s, then->n,
							sizeof(*then->s), sample_cmp),
				    t1 - t0);
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
	free(a.s);
	free(b.s);
	return 0;
}
