/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IGMPSNOOPCTL_H
#define IGMPSNOOPCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

#include "../../include/uapi/linux/igmpsnoop.h"

/*
 * igmpsnoopctl.c  options, dispatch, batches, network namespaces
 * cmd_instance.c  attach, detach, show, set      ovs.c  attach's ports
 * cmd_port.c      port show, set, add, del
 * cmd_group.c     group show, add, del, flush
 * monitor.c       monitor                        rates.c  monitor rates
 * msg.c           attributes put and read; a request's replies printed
 * print.c         names, times, counters, instances as they print
 * args.c          command arguments
 * nl.c            the generic netlink socket      json.c  the JSON writer
 */

/* Global options. */
struct opts {
	int json;
	int pretty;
	int stats;
	int details;
	const char *netns;
};

extern struct opts opts;

/* json.c */
void json_init(FILE *f, int pretty);
void json_obj_open(const char *key);
void json_obj_close(void);
void json_arr_open(const char *key);
void json_arr_close(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_lit(const char *key, const char *val);
void json_raw(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* nl.c */
struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t monitor;	/* the "monitor" multicast group */
	uint32_t seq;
	uint32_t portid;
	char buf[1 << 16];	/* the request */
	/* Replies and events: grown to the largest datagram (nl_recv()). */
	char *rbuf;
	size_t rbuf_size;
};

int nl_open(struct nl *nl);
void nl_close(struct nl *nl);
struct nlmsghdr *nl_msg(struct nl *nl, uint8_t cmd, uint16_t flags);
/*
 * Sends @nlh and reads replies until the ACK or the end of a dump, calling
 * @cb for each data message. Returns 0; 1 if the kernel flagged the dump
 * as interrupted (NLM_F_DUMP_INTR), whose rest is dropped; or -1 after
 * printing the kernel's error and extack message.
 */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/*
 * Listens to the "monitor" group and calls @cb for each event, forever;
 * @lost when events were lost.
 */
int nl_monitor(struct nl *nl, mnl_cb_t cb, void *data, void (*lost)(void));

/* igmpsnoopctl.c */
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void usage(FILE *f, int status) __attribute__((noreturn));
unsigned int dev_index(const char *name);

/* The commands: 0, or -1 after saying why. */
int cmd_attach(struct nl *nl, int argc, char **argv);
int cmd_detach(struct nl *nl, int argc, char **argv);
int cmd_show(struct nl *nl, int argc, char **argv);
int cmd_set(struct nl *nl, int argc, char **argv);
int cmd_port(struct nl *nl, int argc, char **argv);
int cmd_group(struct nl *nl, int argc, char **argv);
int cmd_monitor(struct nl *nl, int argc, char **argv);
int cmd_rates(struct nl *nl, int argc, char **argv);

/* msg.c */
/*
 * Attribute puts that check the room left in the request buffer, which a
 * long port list could overrun: the command fails instead.
 */
#define REQ_ROOM sizeof(((struct nl *)0)->buf)
void put_fits(bool fits);
void put_u32(struct nlmsghdr *nlh, uint16_t type, uint32_t v);
void put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t v);
void put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t v);
/* A flag with @len 0. */
void put_data(struct nlmsghdr *nlh, uint16_t type, const void *data, size_t len);
struct nlattr *nest_start(struct nlmsghdr *nlh, uint16_t type);
void put_inst(struct nlmsghdr *nlh, uint16_t type, const char *name);

/* Attribute tables filled by parse callbacks. */
struct attrs {
	const struct nlattr *tb[64];
	int max;
};

int attrs_cb(const struct nlattr *attr, void *data);
void attrs_parse_nested(struct attrs *a, const struct nlattr *nest, int max);
uint32_t attr_u32(const struct nlattr *a);
uint16_t attr_u16(const struct nlattr *a);
uint64_t attr_u64(const struct nlattr *a);
uint8_t attr_u8(const struct nlattr *a);
const char *attr_in_addr(const struct nlattr *a, char *buf);
const char *attr_str(const struct nlattr *a);

/* Dumps interrupted by changes are run again, this many times at most. */
#define DUMP_TRIES 8
int talk_kept(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
	      void (*end)(void *data), void *data, int json_array);
int talk_print(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int talk_print_end(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void (*end)(void *data), void *data);

/* print.c */
#define NAME(tbl, i) ((i) < sizeof(tbl) / sizeof((tbl)[0]) && (tbl)[i] ? (tbl)[i] : "unknown")
extern const char *const unreg_names[IGMPSNOOP_UNREG_DEFAULT + 1];
extern const char *const router_names[IGMPSNOOP_ROUTER_DEFAULT + 1];
const char *kind_name(uint32_t kind);
size_t u64_text(uint64_t v, char *out);
const char *fmt_sec(uint32_t ms, char *buf, size_t len);
void print_sec(const char *key, uint32_t ms);
void print_stats(const struct nlattr *nest);
const char *ifname(uint32_t ifindex, char *buf);
const char *inst_label(const struct nlattr *dev, const struct nlattr *name,
		       char *buf, size_t len);
void print_inst(const struct nlattr *dev, const struct nlattr *name);

/* A line of text output, built without printf (print.c). */
struct line {
	size_t len;
	char buf[256];
};

void line_mem(struct line *l, const char *s, size_t n);
void line_str(struct line *l, const char *s);
void line_u64(struct line *l, uint64_t v);
void line_sec(struct line *l, uint32_t ms);
void line_in_addr(struct line *l, const struct nlattr *a);
void line_inst(struct line *l, const struct nlattr *dev, const struct nlattr *name);
void line_end(struct line *l);

/* args.c */
uint32_t parse_sec(const char *key, const char *val);
uint32_t parse_sec_auto(const char *key, const char *val);
uint32_t parse_addr(const char *key, const char *val);
uint32_t parse_u32(const char *key, const char *val);
uint32_t parse_word(const char *key, const char *val,
		    const char *const *names, size_t n);
#define PARSE_WORD(key, val, tbl) parse_word(key, val, tbl, sizeof(tbl) / sizeof((tbl)[0]))
uint8_t parse_on_off(const char *key, const char *val);
uint16_t parse_vid(const char *val);
void parse_vlan_list(const char *val, uint8_t *bits);
const char *fmt_vlan_list(const uint8_t *bits, char *buf, size_t len);
int put_port_vlans(struct nlmsghdr *nlh, const char *k, const char *val);
void print_ovs_vlans(const struct nlattr *const *tb);

/* ovs.c */
void put_ovs_bridge_ports(struct nlmsghdr *nlh, const char *br);
void put_port_list(struct nlmsghdr *nlh, char *list);

/* cmd_group.c, for monitor.c and rates.c */
struct group_stats {
	uint64_t rx_packets, rx_bytes, tx_packets, tx_bytes;
};

bool read_group_stats(const struct nlattr *nest, struct group_stats *st);
const char *group_label(const struct nlattr *addr_attr,
			const struct nlattr *vid_attr, char *buf, size_t len);
void json_vid(const struct nlattr *vid_attr);

#endif
