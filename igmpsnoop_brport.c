// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: a bridge's own multicast settings, of its ports and of
 * itself.
 *
 * A user marks a bridge port a router port, or never one, with the
 * bridge's mcast_router (bridge link set dev PORT mcast_router 0|1|2|3,
 * ip link ... type bridge_slave, or sysfs), and makes leaves on it take
 * effect at once with its fastleave flag. Both belong to the bridge's
 * snooping, which is off while igmpsnoop is attached, so they would do
 * nothing: igmpsnoop takes them as the port's router mode and fast leave
 * instead. For mcast_router, 0 (disabled) is `off`, 2 (permanent) `on`,
 * 1 (the default: a router port while queries are heard) and 3 (one
 * until its timer runs out) `auto`. So does a port's mcast_max_groups
 * (Linux 6.3 on: the memberships the port may have), igmpsnoop's
 * max-groups of the port: 0, the bridge's "no limit" and its default,
 * is igmpsnoop's default (a share of the instance's limit).
 *
 * The bridge exports no way to read them, but fills them in the port's
 * netlink attributes (rtnl_link_ops->fill_slave_info(), under RTNL), and
 * tells every change of a port to RTNLGRP_LINK (br_ifinfo_notify(), an
 * AF_BRIDGE RTM_NEWLINK), from its STP timers too, without RTNL. So a
 * kernel socket of the namespace hears the group while the namespace has
 * a bridge instance, and a work item reads the settings of each of its
 * bridge ports under RTNL when the bridge told about a port, or the
 * socket overran. A setting is applied when it changed since it was last
 * read (at the port's creation: when it is not the default), so that
 * `port set ... router` or `fast-leave` stands until the bridge's own
 * setting changes: the last change of either wins.
 *
 * The bridge's own mcast_router (ip link set BRIDGE type bridge
 * mcast_router 0|1|2) says whether the host behind it is a multicast
 * router, which gets every group's data and the IGMPv1/v2 reports: 2
 * always, 0 never, 1 (the default) when the bridge heard the host query
 * or send PIM, which igmpsnoop takes from the bridge device being
 * all-multicast or routing multicast (igmpsnoop_flow_host_router()).
 * The bridge's option changes call netdev_state_change(): read at attach,
 * NETDEV_CHANGE and NETDEV_UP.
 */

#include <linux/if_bridge.h>
#include <linux/net.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "igmpsnoop_private.h"

/* A u8 attribute @type of @skb's, or -1. */
static int brport_u8(const struct sk_buff *skb, int type)
{
	const struct nlattr *a = nla_find((struct nlattr *)skb->data,
					  skb->len, type);

	return a && nla_len(a) >= sizeof(u8) ? nla_get_u8(a) : -1;
}

#ifdef IGMPSNOOP_HAVE_BRPORT_MCAST_MAX_GROUPS
/* A u32 attribute @type of @skb's, or -1. */
static s64 brport_u32(const struct sk_buff *skb, int type)
{
	const struct nlattr *a = nla_find((struct nlattr *)skb->data,
					  skb->len, type);

	return a && nla_len(a) >= sizeof(u32) ? nla_get_u32(a) : -1;
}
#endif

/*
 * A bridge port's settings that igmpsnoop follows; -1: not read (a kernel
 * before 6.3 has no mcast_max_groups).
 */
struct brport_settings {
	int router;
	int fast_leave;
	s64 max_groups;
};

/* The settings of bridge port @dev. */
static void brport_read(struct net_device *dev, struct brport_settings *set)
{
	struct net_device *br = netdev_master_upper_dev_get(dev);
	const struct rtnl_link_ops *ops = br ? br->rtnl_link_ops : NULL;
	struct sk_buff *skb;

	ASSERT_RTNL();
	*set = (struct brport_settings){ -1, -1, -1 };
	if (!br || !netif_is_bridge_master(br) || !netif_is_bridge_port(dev) ||
	    !ops || !ops->fill_slave_info || !ops->get_slave_size)
		return;
	skb = alloc_skb(ops->get_slave_size(br, dev), GFP_KERNEL);
	if (!skb)
		return;
	if (!ops->fill_slave_info(skb, br, dev)) {
		set->router = brport_u8(skb, IFLA_BRPORT_MULTICAST_ROUTER);
		set->fast_leave = brport_u8(skb, IFLA_BRPORT_FAST_LEAVE);
#ifdef IGMPSNOOP_HAVE_BRPORT_MCAST_MAX_GROUPS
		set->max_groups = brport_u32(skb, IFLA_BRPORT_MCAST_MAX_GROUPS);
#endif
	}
	kfree_skb(skb);
}

/* The router mode the bridge's setting @router stands for. */
static u32 brport_router_mode(int router)
{
	switch (router) {
	case MDB_RTR_TYPE_DISABLED:
		return IGMPSNOOP_ROUTER_OFF;
	case MDB_RTR_TYPE_PERM:
		return IGMPSNOOP_ROUTER_ON;
	default:
		return IGMPSNOOP_ROUTER_AUTO;
	}
}

/**
 * igmpsnoop_brport_follow - take a bridge port's multicast settings
 * @port: a port of a bridge instance
 *
 * Reads its mcast_router, fastleave and mcast_max_groups, and makes each
 * that changed since it was last read the port's router mode, fast leave
 * or max-groups. Called under RTNL, when the port is created (the last
 * read values then are the bridge's defaults) and from the work.
 */
void igmpsnoop_brport_follow(struct igmpsnoop_port *port)
{
	bool set_mode = false, set_leave = false, set_max = false;
	struct brport_settings set;
	u32 mode = 0, max = 0;
	u8 leave = 0;

	brport_read(port->dev, &set);
	if (set.router >= 0 && set.router != port->br_router) {
		port->br_router = set.router;
		mode = brport_router_mode(set.router);
		set_mode = true;
	}
	if (set.fast_leave >= 0 && !!set.fast_leave != port->br_fast_leave) {
		port->br_fast_leave = set.fast_leave;
		leave = port->br_fast_leave;
		set_leave = true;
	}
	if (set.max_groups >= 0 && set.max_groups != port->br_max_groups) {
		port->br_max_groups = set.max_groups;
		max = port->br_max_groups;
		set_max = true;
	}
	if (set_mode || set_leave || set_max)
		igmpsnoop_group_port_set(port, set_mode ? &mode : NULL,
					 set_leave ? &leave : NULL,
					 set_max && max ? &max : NULL,
					 set_max && !max);
}

/**
 * igmpsnoop_brport_bridge - read the bridge's own mcast_router
 * @inst: a bridge instance
 *
 * From its netlink attributes (rtnl_link_ops->fill_info()); if they cannot
 * be read, the default. Called under RTNL.
 */
void igmpsnoop_brport_bridge(struct igmpsnoop_instance *inst)
{
	const struct rtnl_link_ops *ops = inst->dev->rtnl_link_ops;
	int router = -1;
	struct sk_buff *skb;

	ASSERT_RTNL();
	if (ops && ops->fill_info && ops->get_size) {
		skb = alloc_skb(ops->get_size(inst->dev), GFP_KERNEL);
		if (skb && !ops->fill_info(skb, inst->dev))
			router = brport_u8(skb, IFLA_BR_MCAST_ROUTER);
		kfree_skb(skb);
	}
	WRITE_ONCE(inst->br_router,
		   router < 0 ? MDB_RTR_TYPE_TEMP_QUERY : router);
}

/* Reads the setting of every bridge port of the namespace. */
void igmpsnoop_brport_work(struct work_struct *work)
{
	struct igmpsnoop_net *in = container_of(to_delayed_work(work),
						struct igmpsnoop_net,
						brport_work);
	struct igmpsnoop_port *port;
	unsigned int i;

	rtnl_lock();
	if (in->brport_sock)
		hash_for_each(in->bridge_ports, i, port, hnode)
			igmpsnoop_brport_follow(port);
	rtnl_unlock();
}

/*
 * A message of RTNLGRP_LINK came in: called by netlink_broadcast() in the
 * sender's context, which may be a timer's. The bridge tells a port's
 * changes with an AF_BRIDGE RTM_NEWLINK; every other message (there is
 * one for each change of each device) is dropped here.
 */
static void brport_data_ready(struct sock *sk)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(sk));
	const struct ifinfomsg *ifm;
	const struct nlmsghdr *nlh;
	struct sk_buff *skb;
	bool bridge = false;
	int len;

	while ((skb = skb_dequeue(&sk->sk_receive_queue))) {
		nlh = (const struct nlmsghdr *)skb->data;
		len = skb->len;
		for (; !NETLINK_CB(skb).portid && nlmsg_ok(nlh, len);
		     nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type != RTM_NEWLINK ||
			    nlmsg_len(nlh) < (int)sizeof(*ifm))
				continue;
			ifm = nlmsg_data(nlh);
			bridge |= ifm->ifi_family == AF_BRIDGE;
		}
		consume_skb(skb);
	}
	if (bridge)
		mod_delayed_work(igmpsnoop_wq, &in->brport_work, 0);
}

/* The socket overran: what it lost may have been a port's change. */
static void brport_error_report(struct sock *sk)
{
	WRITE_ONCE(sk->sk_err, 0);
	mod_delayed_work(igmpsnoop_wq,
			 &igmpsnoop_pernet(sock_net(sk))->brport_work, 0);
}

/**
 * igmpsnoop_brport_start - follow the namespace's bridge ports' settings
 * @net: the namespace, which is getting its first bridge instance's port
 *
 * Called under RTNL.
 */
int igmpsnoop_brport_start(struct net *net)
{
	struct socket *sock;

	sock = igmpsnoop_notifier_rtnl_listen(net, RTNLGRP_LINK,
					      brport_data_ready,
					      brport_error_report);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	WRITE_ONCE(igmpsnoop_pernet(net)->brport_sock, sock);
	return 0;
}

/**
 * igmpsnoop_brport_stop - stop following them
 * @net: the namespace, whose last bridge instance's port goes
 *
 * Called under RTNL. A work item queued meanwhile finds the socket gone.
 */
void igmpsnoop_brport_stop(struct net *net)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);
	struct socket *sock = in->brport_sock;

	ASSERT_RTNL();
	if (!sock)
		return;
	WRITE_ONCE(in->brport_sock, NULL);
	/* No callback runs once it returns: netlink_release() waits. */
	sock_release(sock);
}
