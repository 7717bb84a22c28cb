/* SPDX-License-Identifier: GPL-2.0 */
#ifndef IGMPSNOOPCTL_H
#define IGMPSNOOPCTL_H

#include <stdint.h>
#include <stdio.h>
#include <libmnl/libmnl.h>

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
void json_raw(const char *key, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* nl.c */
struct nl {
	struct mnl_socket *sock;
	uint16_t family;
	uint32_t monitor;	/* the "monitor" multicast group */
	uint32_t seq;
	uint32_t portid;
	/* nl_talk(): ENOENT with this extack message is an empty answer */
	const char *empty_msg;
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
unsigned int dev_index(const char *name);

#endif
