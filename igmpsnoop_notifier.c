// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: what the rest of the kernel tells it, as OVS keeps its
 * notifier in dp_notify.c. The netdevice notifier follows ports joining
 * and leaving a switch, ports going down and switches going away; the
 * switchdev notifiers follow a bridge's STP states, VLANs and VLAN
 * filtering, and refuse a port flag igmpsnoop cannot keep. All run under
 * RTNL. What the bridge tells by rtnetlink alone comes to kernel sockets
 * of a namespace made here (igmpsnoop_brvlan.c, igmpsnoop_brport.c).
 */

#include <linux/if_bridge.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <net/sock.h>
#include <net/switchdev.h>

#include "igmpsnoop_private.h"

/* A port leaves its instance, and an OVS instance's VLANs follow. */
static void port_remove(struct igmpsnoop_port *port)
{
	struct igmpsnoop_instance *inst = port->inst;

	igmpsnoop_port_destroy(port);
	if (inst->kind == IGMPSNOOP_KIND_OVS && inst->vlans_dirty)
		igmpsnoop_querier_vlans_sync(inst);
}

/*
 * A port joins or leaves a switch: an instance that snoops every port of the
 * switch follows it; a subset instance loses it when it leaves, and never
 * gains one it was not given. A port the instance cannot snoop is refused:
 * the error rolls the linking back, and the bridge or OVS fails to add
 * the port, with the reason in the extack. Unsnooped, its hosts' joins
 * would go unheard and their groups' data pass them by.
 */
static int handle_changeupper(struct net_device *dev,
			      struct netdev_notifier_changeupper_info *info)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct netlink_ext_ack *extack = info->info.extack;
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	int ret;

	if (!info->master)
		return 0;
	/* The bridge drops a leaving port's VLANs without telling. */
	if (!info->linking && netif_is_bridge_master(info->upper_dev))
		igmpsnoop_brvlan_forget(dev);
	rtnl_list_for_each(inst, &in->instances, list) {
		if (inst->dev != info->upper_dev)
			continue;
		if (info->linking) {
			if (inst->subset)
				continue;
			ret = igmpsnoop_port_create(inst, dev);
			if (ret == -ENOSPC)
				NL_SET_ERR_MSG_MOD(extack,
						   "The switch's instance snoops as many ports as it can (1024): detach it to add more");
			else if (ret < 0)
				NL_SET_ERR_MSG_MOD(extack,
						   "The switch's instance cannot snoop the port");
			if (ret < 0)
				return ret;
			continue;
		}
		port = igmpsnoop_port_find(inst, dev);
		if (port)
			port_remove(port);
	}
	return 0;
}

static void handle_unregister(struct net_device *dev)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct igmpsnoop_instance *inst, *tmp;
	struct igmpsnoop_port *port;

	igmpsnoop_brvlan_forget(dev);
	list_for_each_entry_safe(inst, tmp, &in->instances, list) {
		if (inst->dev == dev) {
			igmpsnoop_instance_destroy(inst);
			continue;
		}
		port = igmpsnoop_port_find(inst, dev);
		if (port)
			port_remove(port);
	}
}

/* A bridge's options changed (or may have, while it was down). */
static void handle_change(struct net_device *dev)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct igmpsnoop_instance *inst;

	if (!netif_is_bridge_master(dev))
		return;
	rtnl_list_for_each(inst, &in->instances, list) {
		if (inst->dev == dev) {
			igmpsnoop_brvlan_options(inst);
			igmpsnoop_brport_bridge(inst);
		}
	}
}

/*
 * A port that goes down forgets what it learned, as a bridge port does; so
 * does every port of a bridge that goes down, as the bridge disables them
 * all (br_stp_disable_bridge()), and its snooping forgets what they learned
 * (br_multicast_disable_port()).
 */
static void handle_down(struct net_device *dev)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;

	rtnl_list_for_each(inst, &in->instances, list) {
		if (inst->dev == dev && inst->kind == IGMPSNOOP_KIND_BRIDGE) {
			rtnl_list_for_each(port, &inst->ports, list)
				igmpsnoop_group_port_flush(port, false);
			continue;
		}
		port = igmpsnoop_port_find(inst, dev);
		if (port)
			igmpsnoop_group_port_flush(port, false);
	}
}

/*
 * A bridge port that loses its carrier (or its operational state) while
 * the bridge is up forgets what it learned: the bridge disables it
 * (br_port_carrier_check()), and its snooping forgets the port's
 * memberships and learned router state, permanent ones aside. Told again
 * for other changes while it stays down: nothing is left to forget.
 */
static void handle_carrier(struct net_device *dev)
{
	struct net_device *br;

	if (!netif_is_bridge_port(dev) ||
	    (netif_running(dev) && netif_oper_up(dev)))
		return;
	br = netdev_master_upper_dev_get(dev);
	if (br && netif_running(br))
		handle_down(dev);
}

static int igmpsnoop_netdev_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);

	ASSERT_RTNL();
	switch (event) {
	case NETDEV_CHANGEUPPER:
		return notifier_from_errno(handle_changeupper(dev, ptr));
	case NETDEV_UNREGISTER:
		handle_unregister(dev);
		break;
	case NETDEV_DOWN:
		handle_down(dev);
		break;
	case NETDEV_CHANGE:
		handle_carrier(dev);
		handle_change(dev);
		break;
	case NETDEV_UP:
		handle_change(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block igmpsnoop_netdev_notifier = {
	.notifier_call = igmpsnoop_netdev_event,
};

/*
 * Follows the VLANs of the namespace's bridges that changed: after the
 * change, which the notifier sees before the bridge makes it.
 */
void igmpsnoop_notifier_vlan_work(struct work_struct *work)
{
	struct igmpsnoop_net *in = container_of(work, struct igmpsnoop_net,
						vlan_work);
	struct igmpsnoop_instance *inst;

	rtnl_lock();
	rtnl_list_for_each(inst, &in->instances, list) {
		if (!inst->vlans_dirty)
			continue;
		inst->vlans_dirty = false;
		igmpsnoop_querier_vlans_sync(inst);
	}
	rtnl_unlock();
}

/* The VLANs of the bridge of @dev (a port, or the bridge) are changing. */
static void vlans_changed(struct net_device *dev)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct igmpsnoop_instance *inst;

	rtnl_list_for_each(inst, &in->instances, list) {
		if (inst->kind != IGMPSNOOP_KIND_BRIDGE ||
		    (inst->dev != dev && !igmpsnoop_port_find(inst, dev)))
			continue;
		inst->vlans_dirty = true;
		queue_work(igmpsnoop_wq, &in->vlan_work);
	}
}

/*
 * The bridge tells switchdev, under RTNL, of every port STP state change
 * (br_set_state, for every port, offloaded or not), of every VLAN added to
 * or removed from a port or itself, and of VLAN filtering turned on or
 * off. The fast path reads the STP state from here:
 * br_port_get_stp_state() needs RTNL. VLAN changes are followed from a
 * work item (igmpsnoop_querier_vlans_sync()), since the bridge tells
 * before it changes anything.
 */
static int igmpsnoop_switchdev_event(struct notifier_block *nb,
				     unsigned long event, void *ptr)
{
	struct net_device *dev = switchdev_notifier_info_to_dev(ptr);
	struct switchdev_notifier_port_attr_info *info = ptr;
	struct switchdev_notifier_port_obj_info *obj_info = ptr;
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;

	switch (event) {
	case SWITCHDEV_PORT_OBJ_ADD:
	case SWITCHDEV_PORT_OBJ_DEL:
		ASSERT_RTNL();
		if (obj_info->obj->id == SWITCHDEV_OBJ_ID_PORT_VLAN)
			vlans_changed(dev);
		return NOTIFY_DONE;
	case SWITCHDEV_PORT_ATTR_SET:
		break;
	default:
		return NOTIFY_DONE;
	}
	ASSERT_RTNL();
	switch (info->attr->id) {
	case SWITCHDEV_ATTR_ID_BRIDGE_VLAN_FILTERING:
		vlans_changed(dev);
		return NOTIFY_DONE;
	case SWITCHDEV_ATTR_ID_PORT_STP_STATE:
		break;
	default:
		return NOTIFY_DONE;
	}
	rtnl_list_for_each(inst, &igmpsnoop_pernet(dev_net(dev))->instances, list) {
		port = igmpsnoop_port_find(inst, dev);
		if (port)
			WRITE_ONCE(port->forwarding,
				   info->attr->u.stp_state == BR_STATE_FORWARDING);
	}
	return NOTIFY_DONE;	/* not handled: the bridge goes on as before */
}

static struct notifier_block igmpsnoop_switchdev_notifier = {
	.notifier_call = igmpsnoop_switchdev_event,
};

/*
 * Before the bridge changes a port's flags it asks switchdev, under RTNL
 * and its own lock, whether the port can have them (br_setport() and the
 * port's sysfs, br_switchdev_set_port_flag()): igmpsnoop refuses
 * mcast_to_unicast on a port of a bridge it is attached to. The bridge's
 * snooping sends such a port a unicast copy per host that joined, from a
 * membership per host; igmpsnoop keeps one membership per port and would
 * send one multicast copy, silently undoing the setting. Refused, the
 * setting fails with this reason (the bridge reports EOPNOTSUPP). Turning
 * it off is never refused.
 */
static int igmpsnoop_switchdev_atomic_event(struct notifier_block *nb,
					    unsigned long event, void *ptr)
{
	struct net_device *dev = switchdev_notifier_info_to_dev(ptr);
	struct switchdev_notifier_port_attr_info *info = ptr;
	struct netlink_ext_ack *extack;
	struct net_device *br;

	if (event != SWITCHDEV_PORT_ATTR_SET ||
	    info->attr->id != SWITCHDEV_ATTR_ID_PORT_PRE_BRIDGE_FLAGS ||
	    !(info->attr->u.brport_flags.mask & BR_MULTICAST_TO_UNICAST) ||
	    !(info->attr->u.brport_flags.val & BR_MULTICAST_TO_UNICAST))
		return NOTIFY_DONE;
	ASSERT_RTNL();
	br = netdev_master_upper_dev_get(dev);
	if (!br || !netif_is_bridge_master(br) ||
	    IS_ERR(igmpsnoop_instance_of_dev(br, NULL)))
		return NOTIFY_DONE;
	extack = switchdev_notifier_info_to_extack(&info->info);
	NL_SET_ERR_MSG_MOD(extack,
			   "igmpsnoop keeps one membership per port and cannot send mcast_to_unicast's copy per host: detach igmpsnoop and use the bridge's own snooping");
	return notifier_from_errno(-EBUSY);
}

static struct notifier_block igmpsnoop_switchdev_atomic_notifier = {
	.notifier_call = igmpsnoop_switchdev_atomic_event,
};

/**
 * igmpsnoop_notifier_rtnl_listen - hear an rtnetlink group in a namespace
 * @net: the namespace
 * @group: the group (RTNLGRP_*)
 * @data_ready: called for what comes in, in the sender's context
 * @error_report: called when the socket overran (its error is to be reset)
 *
 * What the bridge tells by rtnetlink alone (its VLANs' states, its ports'
 * settings) comes to a kernel socket of the namespace. It is bound to a
 * port id of its own: netlink_broadcast() skips a socket whose port id is
 * the sender's, and the kernel's is 0. Returns the socket, or an ERR_PTR.
 * Called under RTNL; sock_release() ends it, after which no callback runs
 * (netlink_release() waits).
 */
struct socket *igmpsnoop_notifier_rtnl_listen(struct net *net, u32 group,
					      void (*data_ready)(struct sock *),
					      void (*error_report)(struct sock *))
{
	struct sockaddr_nl addr = { .nl_family = AF_NETLINK };
	struct socket *sock;
	struct sock *sk;
	int err;

	ASSERT_RTNL();
	err = sock_create_kern(net, AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, &sock);
	if (err < 0)
		return ERR_PTR(err);
	sk = sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = data_ready;
	sk->sk_error_report = error_report;
	write_unlock_bh(&sk->sk_callback_lock);
	err = kernel_bind(sock, (struct sockaddr *)&addr, sizeof(addr));
	if (!err)
		err = sock->ops->setsockopt(sock, SOL_NETLINK,
					    NETLINK_ADD_MEMBERSHIP,
					    KERNEL_SOCKPTR(&group),
					    sizeof(group));
	if (err < 0) {
		sock_release(sock);
		return ERR_PTR(err);
	}
	return sock;
}

int igmpsnoop_notifier_init(void)
{
	int ret;

	ret = register_netdevice_notifier(&igmpsnoop_netdev_notifier);
	if (ret < 0)
		return ret;
	ret = register_switchdev_blocking_notifier(&igmpsnoop_switchdev_notifier);
	if (ret < 0)
		goto err_unregister_netdev;
	ret = register_switchdev_notifier(&igmpsnoop_switchdev_atomic_notifier);
	if (ret < 0)
		goto err_unregister_blocking;
	return 0;

err_unregister_blocking:
	unregister_switchdev_blocking_notifier(&igmpsnoop_switchdev_notifier);
err_unregister_netdev:
	unregister_netdevice_notifier(&igmpsnoop_netdev_notifier);
	return ret;
}

void igmpsnoop_notifier_uninit(void)
{
	unregister_switchdev_notifier(&igmpsnoop_switchdev_atomic_notifier);
	unregister_switchdev_blocking_notifier(&igmpsnoop_switchdev_notifier);
	unregister_netdevice_notifier(&igmpsnoop_netdev_notifier);
}
