// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: generic netlink plumbing on libmnl: family lookup, requests,
 * ACKs with extended ACK messages, dumps.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "igmpsnoopctl.h"
#include "../../include/uapi/linux/igmpsnoop.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif

struct talk {
	mnl_cb_t cb;
	void *data;
	int err;		/* errno from the kernel, 0 on success */
	char msg[256];		/* its extack message, if any */
	int dump_intr;
};

struct family {
	uint16_t id;
	uint32_t monitor;	/* multicast group id of "monitor", or 0 */
};

static int mcgrp_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { 0 };
	const struct nlattr *a;
	struct family *fam = data;

	mnl_attr_for_each_nested(a, attr) {
		int type = mnl_attr_get_type(a);

		if (type <= CTRL_ATTR_MCAST_GRP_MAX)
			tb[type] = a;
	}
	if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME], MNL_TYPE_NUL_STRING) >= 0 &&
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID], MNL_TYPE_U32) >= 0 &&
	    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]), IGMPSNOOP_MCGRP_MONITOR))
		fam->monitor = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct family *fam = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			fam->id = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_parse_nested(attr, mcgrp_cb, fam);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

static void parse_extack(const struct nlmsghdr *nlh, struct talk *t)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);
	const struct nlattr *attr;
	const void *tlvs;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(err->msg);
	if (mnl_nlmsg_get_payload_len(nlh) < off)
		return;
	tlvs = (const char *)err + off;
	mnl_attr_for_each_payload(tlvs, mnl_nlmsg_get_payload_len(nlh) - off) {
		if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
		    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(t->msg, sizeof(t->msg), "%s", mnl_attr_get_str(attr));
	}
}

static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct talk *t = data;

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		t->err = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (!err->error)
		return MNL_CB_STOP;
	t->err = -err->error;
	parse_extack(nlh, t);
	return MNL_CB_ERROR;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;
	int err;

	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(int)) {
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
		if (err < 0) {
			t->err = -err;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_STOP;
}

static int data_cb(const struct nlmsghdr *nlh, void *data)
{
	struct talk *t = data;

	return t->cb ? t->cb(nlh, t->data) : MNL_CB_OK;
}

/*
 * Receives one datagram into nl->rbuf, grown to hold it: a reply with one
 * group of a thousand members is bigger than any fixed buffer we would
 * want, and a datagram cut short is lost.
 */
static ssize_t nl_recv(struct nl *nl)
{
	ssize_t len;
	char *b;

	len = recv(mnl_socket_get_fd(nl->sock), NULL, 0, MSG_PEEK | MSG_TRUNC);
	if (len < 0)
		return len;
	if ((size_t)len > nl->rbuf_size || !nl->rbuf) {
		b = realloc(nl->rbuf, len > MNL_SOCKET_BUFFER_SIZE ? len :
				      MNL_SOCKET_BUFFER_SIZE);
		if (!b) {
			errno = ENOMEM;
			return -1;
		}
		nl->rbuf = b;
		nl->rbuf_size = len > MNL_SOCKET_BUFFER_SIZE ? len :
			MNL_SOCKET_BUFFER_SIZE;
	}
	return mnl_socket_recvfrom(nl->sock, nl->rbuf, nl->rbuf_size);
}

/*
 * Reads and drops the rest of the dump @seq, up to its NLMSG_DONE or
 * error, starting with the @len bytes already in nl->rbuf.
 */
static void drain(struct nl *nl, ssize_t len, uint32_t seq)
{
	const struct nlmsghdr *nlh;
	int left;

	for (;;) {
		left = len;
		for (nlh = (const void *)nl->rbuf; mnl_nlmsg_ok(nlh, left);
		     nlh = mnl_nlmsg_next(nlh, &left))
			if (nlh->nlmsg_seq == seq &&
			    (nlh->nlmsg_type == NLMSG_DONE ||
			     nlh->nlmsg_type == NLMSG_ERROR))
				return;
		len = nl_recv(nl);
		if (len <= 0)
			return;
	}
}

static int talk(struct nl *nl, struct nlmsghdr *nlh, struct talk *t)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = error_cb,
		[NLMSG_DONE] = done_cb,
	};
	uint32_t seq = nlh->nlmsg_seq;
	ssize_t len;
	int ret;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		t->err = errno;
		return -1;
	}
	for (;;) {
		len = nl_recv(nl);
		if (len < 0) {
			t->err = errno;
			return -1;
		}
		ret = mnl_cb_run2(nl->rbuf, len, seq, nl->portid, data_cb, t,
				  ctl, NLMSG_MIN_TYPE);
		if (ret == MNL_CB_STOP)
			return 0;
		/*
		 * libmnl stops at a message flagged NLM_F_DUMP_INTR, with
		 * EINTR: the table changed during the dump. The rest of it
		 * is dropped, and the caller may run it again.
		 */
		if (ret == MNL_CB_ERROR && !t->err && errno == EINTR) {
			t->dump_intr = 1;
			drain(nl, len, seq);
			return 0;
		}
		if (ret == MNL_CB_ERROR) {
			if (!t->err)
				t->err = errno ? errno : EIO;
			return -1;
		}
	}
}

int nl_open(struct nl *nl)
{
	struct family fam = { 0 };
	struct talk t = { 0 };
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;
	int one = 1;

	nl->rbuf = NULL;
	nl->rbuf_size = 0;
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock)
		die("cannot open a generic netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot bind the netlink socket: %s", strerror(errno));
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = time(NULL);

	nlh = mnl_nlmsg_put_header(nl->buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, IGMPSNOOP_FAMILY_NAME);

	t.cb = family_cb;
	t.data = &fam;
	if (talk(nl, nlh, &t) < 0 || !fam.id) {
		if (t.err == ENOENT || !fam.id)
			die("the igmpsnoop kernel module is not loaded (try 'modprobe igmpsnoop')");
		die("cannot look up the igmpsnoop netlink family: %s", strerror(t.err));
	}
	nl->family = fam.id;
	nl->monitor = fam.monitor;
	return 0;
}

void nl_close(struct nl *nl)
{
	mnl_socket_close(nl->sock);
	free(nl->rbuf);
	nl->rbuf = NULL;
	nl->rbuf_size = 0;
}

struct nlmsghdr *nl_msg(struct nl *nl, uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = IGMPSNOOP_FAMILY_VERSION;
	return nlh;
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	struct talk t = { .cb = cb, .data = data };

	if (talk(nl, nlh, &t) < 0) {
		/*
		 * Linux 6.1 loses the message of a dump that fails to start;
		 * the one ENOENT a dump starts with is an unknown instance.
		 */
		if (t.err == ENOENT && !t.msg[0] && (nlh->nlmsg_flags & NLM_F_DUMP))
			snprintf(t.msg, sizeof(t.msg),
				 "No igmpsnoop instance or switch of this name");
		if (t.err == EPERM || t.err == EACCES)
			fprintf(stderr, "igmpsnoopctl: permission denied: this needs CAP_NET_ADMIN%s%s\n",
				t.msg[0] ? ": " : "", t.msg);
		else if (t.msg[0])
			fprintf(stderr, "igmpsnoopctl: %s (%s)\n", t.msg, strerror(t.err));
		else
			fprintf(stderr, "igmpsnoopctl: %s\n", strerror(t.err));
		errno = t.err;
		return -1;
	}
	return t.dump_intr;
}

/*
 * Prints the events of the "monitor" group with @cb until an error. When
 * the kernel dropped events for want of room (ENOBUFS), says so and calls
 * @lost, which prints the state anew.
 */
int nl_monitor(struct nl *nl, mnl_cb_t cb, void *data, void (*lost)(void))
{
	int bufsize = 1 << 20;
	ssize_t len;

	if (!nl->monitor)
		die("the igmpsnoop module has no \"%s\" multicast group", IGMPSNOOP_MCGRP_MONITOR);
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &nl->monitor,
				  sizeof(nl->monitor)) < 0)
		die("cannot listen to igmpsnoop events: %s", strerror(errno));
	/*
	 * SO_RCVBUF is capped at net.core.rmem_max (208 KiB by default);
	 * SO_RCVBUFFORCE, for CAP_NET_ADMIN, is not.
	 */
	if (setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVBUFFORCE,
		       &bufsize, sizeof(bufsize)) < 0)
		setsockopt(mnl_socket_get_fd(nl->sock), SOL_SOCKET, SO_RCVBUF,
			   &bufsize, sizeof(bufsize));
	for (;;) {
		len = nl_recv(nl);
		if (len < 0) {
			if (errno == ENOBUFS) {
				fprintf(stderr, "igmpsnoopctl: events were lost (receive buffer overrun): the groups as they are now follow\n");
				lost();
				continue;
			}
			if (errno == EINTR)
				continue;
			fprintf(stderr, "igmpsnoopctl: %s\n", strerror(errno));
			return -1;
		}
		if (mnl_cb_run(nl->rbuf, len, 0, 0, cb, data) == MNL_CB_ERROR)
			return -1;
	}
}
