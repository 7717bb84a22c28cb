// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: netlink messages: attributes put into a request (checked
 * against the room left), read from a reply, and a request's replies printed.
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

void put_fits(bool fits)
{
	if (!fits)
		die("the request does not fit in %zu bytes", REQ_ROOM);
}

void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v)
{
	put_fits(mnl_attr_put_u32_check(nlh, REQ_ROOM, type, v));
}

void put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t v)
{
	put_fits(mnl_attr_put_u16_check(nlh, REQ_ROOM, type, v));
}

void put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t v)
{
	put_fits(mnl_attr_put_u8_check(nlh, REQ_ROOM, type, v));
}

void put_data(struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len)
{
	put_fits(mnl_attr_put_check(nlh, REQ_ROOM, type, len, data));
}

struct nlattr *nest_start(struct nlmsghdr *nlh, uint16_t type)
{
	struct nlattr *nest = mnl_attr_nest_start_check(nlh, REQ_ROOM, type);

	put_fits(nest);
	return nest;
}

/* Puts the instance name @name in attribute @type. */
void put_inst(struct nlmsghdr *nlh, uint16_t type, const char *name)
{
	if (!*name || strlen(name) >= IF_NAMESIZE)
		die("\"%s\" is no valid instance name", name);
	put_fits(mnl_attr_put_strz_check(nlh, REQ_ROOM, type, name));
}
int attrs_cb(const struct nlattr *attr, void *data)
{
	struct attrs *a = data;
	int type = mnl_attr_get_type(attr);

	if (type <= a->max && type < 64)
		a->tb[type] = attr;
	return MNL_CB_OK;
}

void attrs_parse_nested(struct attrs *a, const struct nlattr *nest, int max)
{
	memset(a, 0, sizeof(*a));
	a->max = max;
	mnl_attr_parse_nested(nest, attrs_cb, a);
}

uint32_t attr_u32(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U32) >= 0 ? mnl_attr_get_u32(a) : 0;
}

uint16_t attr_u16(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U16) >= 0 ? mnl_attr_get_u16(a) : 0;
}

uint64_t attr_u64(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U64) >= 0 ? mnl_attr_get_u64(a) : 0;
}

uint8_t attr_u8(const struct nlattr *a)
{
	return a && mnl_attr_validate(a, MNL_TYPE_U8) >= 0 ? mnl_attr_get_u8(a) : 0;
}

const char *attr_in_addr(const struct nlattr *a, char *buf)
{
	uint32_t addr;

	if (!a || mnl_attr_validate(a, MNL_TYPE_U32) < 0)
		return "?";
	addr = mnl_attr_get_u32(a);
	inet_ntop(AF_INET, &addr, buf, INET_ADDRSTRLEN);
	return buf;
}

/*
 * Sends @nlh and prints the replies with @cb. A dump the kernel flags as
 * interrupted (NLM_F_DUMP_INTR: the table changed under it, so an object
 * may be missing or twice) is run again, and what it printed is kept back
 * until one completes whole; after DUMP_TRIES it fails. @end, if given,
 * is called with @data after each try's last reply, to finish what @cb
 * left open.
 */
int talk_kept(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	      void (*end)(void *data), void *data, int json_array)
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
		if (end)
			end(data);
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
int talk_print(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return talk_kept(nl, nlh, cb, NULL, data, opts.json);
}

/* talk_print(), with @end called after the last reply. */
int talk_print_end(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void (*end)(void *data), void *data)
{
	return talk_kept(nl, nlh, cb, end, data, opts.json);
}
