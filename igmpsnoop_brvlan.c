// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the STP states of a bridge's VLANs.
 *
 * Each VLAN of a bridge port, and of the bridge itself, has an STP state of
 * its own, which a user-space STP daemon or a user sets (bridge vlan set
 * ... state). The bridge forwards nothing in from or out to a port in a
 * VLAN that is not forwarding there, and its querier sends no query out of
 * a port in a VLAN that is blocking or disabled there
 * (br_multicast_port_ctx_state_stopped()): igmpsnoop's fast path and
 * querier must not either. The bridge exports no way to read the state.
 * It tells every change, under RTNL, right after making it, to
 * RTNLGRP_BRVLAN (br_vlan_notify()); if it cannot allocate the message it
 * sets the error of the group's sockets instead. So igmpsnoop follows the
 * states there, with a kernel socket of the namespace (while it has a
 * bridge instance), and reads them whole with an RTM_GETVLAN dump from a
 * work item when it starts and whenever a notification was lost. Until
 * then no VLAN counts as surely forwarding (igmpsnoop_brvlan_forwarding()).
 *
 * What is kept: a record per device (port or bridge) that has a VLAN not
 * forwarding, with a bitmap of those and one of the blocking or disabled
 * ones. The bridge starts every VLAN forwarding, so a namespace usually
 * has no record: the lookup is then one empty hash bucket. Records are
 * bounded by the devices in bridges (two bitmaps of 4096 bits each).
 * Written under RTNL, read under RCU, freed with kfree_rcu().
 *
 * A notification is trusted only if the kernel sent it (a port id of 0: a
 * process with CAP_NET_ADMIN may send to the group too). A RTM_NEWVLAN of a
 * range carries the options of its first VLAN: the bridge's options
 * (RTM_NEWVLAN) and tunnel requests make ranges of equal state, but its
 * older VLAN requests (RTM_SETLINK) make a range of every VLAN added or
 * changed, whose states may differ. So the range's state is applied to all
 * of it, and if that changed a VLAN after the first, the states are read
 * again to be sure. The bridge removes a port's VLANs without a
 * notification when the port leaves it: its record goes then, and when a
 * device is unregistered.
 */

#include <linux/if_bridge.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "igmpsnoop_private.h"

/* A device with VLANs whose state is not forwarding. */
struct igmpsnoop_brvlan_dev {
	struct hlist_node node;		/* in in->brvlan_devs; RCU, RTNL */
	int ifindex;
	unsigned int n_held;		/* bits set in @held */
	DECLARE_BITMAP(held, VLAN_N_VID);	/* not forwarding */
	DECLARE_BITMAP(stopped, VLAN_N_VID);	/* blocking or disabled */
	struct rcu_head rcu;
};

/* The dump's receive buffer: the bridge's dump messages are at most 32 KiB. */
#define BRVLAN_DUMP_BUF		SZ_32K
/* Dumps tried in a row while notifications keep coming in between. */
#define BRVLAN_DUMP_TRIES	4

/*
 * A table of records: the namespace's (RCU, written under RTNL), or one a
 * dump builds on its own (@own: no one else sees it).
 */
struct brvlan_table {
	struct hlist_head *heads;
	unsigned int bits;
	bool own;
	gfp_t gfp;
};

static struct igmpsnoop_brvlan_dev *brvlan_dev_find(const struct brvlan_table *t,
						    int ifindex)
{
	struct igmpsnoop_brvlan_dev *d;

	hlist_for_each_entry_rcu(d, &t->heads[hash_min(ifindex, t->bits)], node,
				 t->own || lockdep_rtnl_is_held())
		if (d->ifindex == ifindex)
			return d;
	return NULL;
}

/* The namespace's table. */
static struct brvlan_table brvlan_live(struct igmpsnoop_net *in)
{
	return (struct brvlan_table){
		.heads = in->brvlan_devs,
		.bits = HASH_BITS(in->brvlan_devs),
		.gfp = GFP_ATOMIC,
	};
}

/*
 * Sets VLANs @vid to @end of device @ifindex to STP state @state, in @t.
 * Returns -ENOMEM if a record could not be allocated, 1 if a VLAN after
 * @vid changed, else 0.
 */
static int brvlan_set(const struct brvlan_table *t, int ifindex, u16 vid,
		      u16 end, u8 state)
{
	struct igmpsnoop_brvlan_dev *d = brvlan_dev_find(t, ifindex);
	bool held = state != BR_STATE_FORWARDING;
	bool stopped = state == BR_STATE_BLOCKING ||
		       state == BR_STATE_DISABLED;
	int later = 0;
	u16 v;

	if (!d) {
		if (!held)
			return 0;
		d = kzalloc(sizeof(*d), t->gfp);
		if (!d)
			return -ENOMEM;
		d->ifindex = ifindex;
		hlist_add_head_rcu(&d->node,
				   &t->heads[hash_min(ifindex, t->bits)]);
	}
	for (v = vid; v <= end; v++) {
		if (held == test_bit(v, d->held) &&
		    stopped == test_bit(v, d->stopped))
			continue;
		if (v != vid)
			later = 1;
		assign_bit(v, d->stopped, stopped);
		if (held == test_bit(v, d->held))
			continue;
		assign_bit(v, d->held, held);
		if (held)
			d->n_held++;
		else
			d->n_held--;
	}
	if (!d->n_held) {
		hlist_del_rcu(&d->node);
		kfree_rcu(d, rcu);
	}
	return later;
}

/*
 * Applies one BRIDGE_VLANDB_ENTRY of a RTM_NEWVLAN (@del: RTM_DELVLAN) of
 * device @ifindex. Returns -EINVAL for an entry without what it must
 * carry, else as brvlan_set().
 */
static int brvlan_entry(const struct brvlan_table *t, int ifindex,
			const struct nlattr *entry, bool del)
{
	const struct bridge_vlan_info *info = NULL;
	const struct nlattr *a;
	int state = -1, rem;
	u16 end = 0;

	nla_for_each_nested(a, entry, rem) {
		switch (nla_type(a)) {
		case BRIDGE_VLANDB_ENTRY_INFO:
			if (nla_len(a) >= sizeof(*info))
				info = nla_data(a);
			break;
		case BRIDGE_VLANDB_ENTRY_RANGE:
			if (nla_len(a) >= sizeof(u16))
				end = nla_get_u16(a);
			break;
		case BRIDGE_VLANDB_ENTRY_STATE:
			if (nla_len(a) >= sizeof(u8))
				state = nla_get_u8(a);
			break;
		}
	}
	if (!info || !info->vid || info->vid >= VLAN_VID_MASK ||
	    end >= VLAN_VID_MASK ||
	    (!del && (state < 0 || state > BR_STATE_BLOCKING)))
		return -EINVAL;
	if (end < info->vid)
		end = info->vid;
	return brvlan_set(t, ifindex, info->vid, end,
			  del ? BR_STATE_FORWARDING : state);
}

/*
 * Applies the RTM_NEWVLAN or RTM_DELVLAN @nlh. Returns < 0 if the states
 * may now be wrong (a malformed entry, no memory), 1 if a range changed
 * after its first VLAN, else 0.
 */
static int brvlan_msg(const struct brvlan_table *t,
		      const struct nlmsghdr *nlh)
{
	const struct br_vlan_msg *bvm;
	const struct nlattr *a;
	int ret = 0, r, rem;

	if (nlh->nlmsg_type != RTM_NEWVLAN && nlh->nlmsg_type != RTM_DELVLAN)
		return 0;
	if (nlmsg_len(nlh) < (int)sizeof(*bvm))
		return -EINVAL;
	bvm = nlmsg_data(nlh);
	if (bvm->family != AF_BRIDGE)
		return 0;
	nlmsg_for_each_attr(a, nlh, sizeof(*bvm), rem) {
		if (nla_type(a) != BRIDGE_VLANDB_ENTRY)
			continue;
		r = brvlan_entry(t, bvm->ifindex, a,
				 nlh->nlmsg_type == RTM_DELVLAN);
		if (r < 0)
			return r;
		ret |= r;
	}
	return ret;
}

/* The states are not known for sure any more: read them again. */
static void brvlan_lost(struct igmpsnoop_net *in)
{
	atomic_inc(&in->brvlan_seq);
	WRITE_ONCE(in->brvlan_synced, false);
	mod_delayed_work(igmpsnoop_wq, &in->brvlan_work, 0);
}

/*
 * A notification came in: called by netlink_broadcast() in the sender's
 * context, which is the bridge's, under RTNL, for what the kernel sends.
 */
static void brvlan_data_ready(struct sock *sk)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(sk));
	struct brvlan_table live = brvlan_live(in);
	const struct nlmsghdr *nlh;
	struct sk_buff *skb;
	int len;

	while ((skb = skb_dequeue(&sk->sk_receive_queue))) {
		if (NETLINK_CB(skb).portid) {
			consume_skb(skb);	/* not the kernel's */
			continue;
		}
		ASSERT_RTNL();
		atomic_inc(&in->brvlan_seq);
		nlh = (const struct nlmsghdr *)skb->data;
		len = skb->len;
		for (; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (brvlan_msg(&live, nlh))
				brvlan_lost(in);
		}
		consume_skb(skb);
	}
}

/* The bridge could not tell a change (or the socket overran). */
static void brvlan_error_report(struct sock *sk)
{
	WRITE_ONCE(sk->sk_err, 0);
	brvlan_lost(igmpsnoop_pernet(sock_net(sk)));
}

/*
 * Reads every VLAN state of the namespace @net into @t (a table of its
 * own), with an RTM_GETVLAN dump of all devices. Sleeps.
 */
static int brvlan_dump(struct net *net, const struct brvlan_table *t)
{
	struct {
		struct nlmsghdr nlh;
		struct br_vlan_msg bvm;
	} req = {
		.nlh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = RTM_GETVLAN,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
			.nlmsg_seq = 1,
		},
		.bvm = { .family = AF_BRIDGE },
	};
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &addr, .msg_namelen = sizeof(addr) };
	struct kvec iov = { .iov_base = &req, .iov_len = sizeof(req) };
	const struct nlmsghdr *nlh;
	struct socket *sock;
	int err, len;
	void *buf;

	buf = kvmalloc(BRVLAN_DUMP_BUF, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);
	if (err < 0)
		goto out_free;
	sock->sk->sk_rcvtimeo = 10 * HZ;
	err = kernel_sendmsg(sock, &msg, &iov, 1, sizeof(req));
	if (err < 0)
		goto out_release;
	for (;;) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = buf;
		iov.iov_len = BRVLAN_DUMP_BUF;
		len = kernel_recvmsg(sock, &msg, &iov, 1, BRVLAN_DUMP_BUF, 0);
		if (len < 0) {
			err = len;
			goto out_release;
		}
		if (msg.msg_flags & MSG_TRUNC) {
			err = -EMSGSIZE;
			goto out_release;
		}
		for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
				err = -EINTR;
				goto out_release;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				err = 0;
				goto out_release;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				err = nlmsg_len(nlh) >= (int)sizeof(struct nlmsgerr) ?
				      ((struct nlmsgerr *)nlmsg_data(nlh))->error : 0;
				err = err ?: -EIO;
				goto out_release;
			}
			err = brvlan_msg(t, nlh);
			if (err < 0)
				goto out_release;
		}
	}
out_release:
	sock_release(sock);
out_free:
	kvfree(buf);
	return err;
}

/* Empties the namespace's table. Under RTNL. */
static void brvlan_flush(struct igmpsnoop_net *in)
{
	struct igmpsnoop_brvlan_dev *d;
	struct hlist_node *tmp;
	unsigned int i;

	hash_for_each_safe(in->brvlan_devs, i, tmp, d, node) {
		hlist_del_rcu(&d->node);
		kfree_rcu(d, rcu);
	}
}

/*
 * Reads the states whole, and puts them in place of what the notifications
 * built, unless one came in meanwhile (then again) or the namespace's
 * bridge instances went.
 */
void igmpsnoop_brvlan_work(struct work_struct *work)
{
	struct igmpsnoop_net *in = container_of(to_delayed_work(work),
						struct igmpsnoop_net,
						brvlan_work);
	struct net *net = read_pnet(&in->net);
	DECLARE_HASHTABLE(tbl, IGMPSNOOP_BRVLAN_BITS);
	struct brvlan_table t = {
		.heads = tbl,
		.bits = HASH_BITS(tbl),
		.own = true,
		.gfp = GFP_KERNEL,
	};
	struct igmpsnoop_brvlan_dev *d;
	struct hlist_node *tmp;
	unsigned int i, tries;
	int seq, err = 0;

	for (tries = 0; tries < BRVLAN_DUMP_TRIES; tries++) {
		seq = atomic_read(&in->brvlan_seq);
		if (!READ_ONCE(in->brvlan_sock))
			return;
		hash_init(tbl);
		err = brvlan_dump(net, &t);
		rtnl_lock();
		if (!err && in->brvlan_sock &&
		    seq == atomic_read(&in->brvlan_seq)) {
			brvlan_flush(in);
			hash_for_each_safe(tbl, i, tmp, d, node) {
				hlist_del(&d->node);
				hash_add_rcu(in->brvlan_devs, &d->node, d->ifindex);
			}
			WRITE_ONCE(in->brvlan_synced, true);
			rtnl_unlock();
			return;
		}
		rtnl_unlock();
		hash_for_each_safe(tbl, i, tmp, d, node) {
			hlist_del(&d->node);
			kfree(d);
		}
	}
	/* Changes came in all along, or the dump failed: later. */
	pr_debug("VLAN states not read (%d), again in a second\n", err);
	if (READ_ONCE(in->brvlan_sock))
		queue_delayed_work(igmpsnoop_wq, &in->brvlan_work, HZ);
}

/**
 * igmpsnoop_brvlan_options - read what a bridge does per VLAN on its own
 * @inst: a bridge instance
 *
 * The bridge exports no way to read whether it counts per VLAN
 * (vlan_stats_enabled), which its VLAN handling does for every frame and
 * copy, and which the fast path does not. Its netlink attributes say it:
 * its rtnl_link_ops->fill_info() fills them. The bridge's option changes,
 * by netlink or sysfs, call netdev_state_change(), if it is up: called at
 * attach, at NETDEV_CHANGE and at NETDEV_UP. If they cannot be read,
 * igmpsnoop takes it that the bridge counts. Called under RTNL.
 */
void igmpsnoop_brvlan_options(struct igmpsnoop_instance *inst)
{
	const struct rtnl_link_ops *ops = inst->dev->rtnl_link_ops;
	const struct nlattr *a = NULL;
	struct sk_buff *skb;

	ASSERT_RTNL();
	if (ops && ops->fill_info && ops->get_size) {
		skb = alloc_skb(ops->get_size(inst->dev), GFP_KERNEL);
		if (skb && !ops->fill_info(skb, inst->dev))
			a = nla_find((struct nlattr *)skb->data, skb->len,
				     IFLA_BR_VLAN_STATS_ENABLED);
		WRITE_ONCE(inst->vlan_stats,
			   !a || nla_len(a) < sizeof(u8) || nla_get_u8(a));
		kfree_skb(skb);
		return;
	}
	WRITE_ONCE(inst->vlan_stats, true);
}

/**
 * igmpsnoop_brvlan_start - follow the namespace's bridge VLAN states
 * @net: the namespace, which is getting its first bridge instance's port
 *
 * Called under RTNL.
 */
int igmpsnoop_brvlan_start(struct net *net)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);
	struct socket *sock;

	sock = igmpsnoop_notifier_rtnl_listen(net, RTNLGRP_BRVLAN,
					      brvlan_data_ready,
					      brvlan_error_report);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	WRITE_ONCE(in->brvlan_sock, sock);
	brvlan_lost(in);	/* not read yet */
	return 0;
}

/**
 * igmpsnoop_brvlan_stop - stop following them
 * @net: the namespace, whose last bridge instance's port goes
 *
 * Called under RTNL. A dump under way finds the socket gone, and keeps
 * nothing.
 */
void igmpsnoop_brvlan_stop(struct net *net)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);
	struct socket *sock = in->brvlan_sock;

	ASSERT_RTNL();
	if (!sock)
		return;
	WRITE_ONCE(in->brvlan_sock, NULL);
	WRITE_ONCE(in->brvlan_synced, false);
	/* No callback runs once it returns: netlink_release() waits. */
	sock_release(sock);
	brvlan_flush(in);
}

/**
 * igmpsnoop_brvlan_forget - a device left its bridge, or goes
 * @dev: the device; its VLANs went without a notification
 *
 * Called under RTNL.
 */
void igmpsnoop_brvlan_forget(const struct net_device *dev)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct brvlan_table live = brvlan_live(in);
	struct igmpsnoop_brvlan_dev *d;

	ASSERT_RTNL();
	d = brvlan_dev_find(&live, dev->ifindex);
	if (!d)
		return;
	hlist_del_rcu(&d->node);
	kfree_rcu(d, rcu);
}

/**
 * igmpsnoop_brvlan_held - is a bridge port's VLAN not forwarding?
 * @dev: the port
 * @vid: the VLAN
 *
 * As far as the notifications have told; igmpsnoop_brvlan_forwarding()
 * asks first whether they are known for sure. Called under RCU.
 */
bool igmpsnoop_brvlan_held(const struct net_device *dev, u16 vid)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct brvlan_table live = brvlan_live(in);
	struct igmpsnoop_brvlan_dev *d;

	d = brvlan_dev_find(&live, dev->ifindex);
	return d && (vid >= VLAN_N_VID || test_bit(vid, d->held));
}

/**
 * igmpsnoop_brvlan_stopped - is a bridge port's VLAN blocking or disabled?
 * @dev: the port
 * @vid: the VLAN
 *
 * As far as the notifications have told: while the states are read again
 * (igmpsnoop_brvlan_synced()) this may be out of date. Called under RCU.
 */
bool igmpsnoop_brvlan_stopped(const struct net_device *dev, u16 vid)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct brvlan_table live = brvlan_live(in);
	struct igmpsnoop_brvlan_dev *d;

	d = brvlan_dev_find(&live, dev->ifindex);
	return d && vid < VLAN_N_VID && test_bit(vid, d->stopped);
}
