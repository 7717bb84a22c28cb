// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module: ports of a pretend switch chip, so that a test can
 * see what the bridge and igmpsnoop do with frames the hardware has
 * already forwarded (skb->offload_fwd_mark).
 *
 *   ip link add NAME type igmpsnoop_hw
 *
 * makes a port. All ports have the same parent ID: the ports of one
 * bridge are one hardware domain. A port that joins a bridge is offloaded
 * (switchdev_bridge_port_offload(), as a switchdev driver does on
 * NETDEV_CHANGEUPPER), and no longer when it leaves. A port sends
 * nothing: it counts what it is given and frees it. In a network
 * namespace,
 *
 *   echo "DEV COUNT HEX" > /sys/module/igmpsnoop_test_hwport/parameters/rx
 *
 * has the port DEV, in the writer's namespace, receive the Ethernet frame
 * HEX COUNT times with offload_fwd_mark set, as a switchdev driver passes
 * up a frame its chip has forwarded to the other ports of its domain.
 *
 * The chip also takes on the MRP instances (IEC 62439-2) of a bridge with
 * a port of it, as chips that offload MRP do: with switchdev in the
 * kernel, the bridge refuses an instance no driver takes. MRP itself, the
 * ring ports' states, stays the bridge's.
 *
 * selftests/bridge_transparency.sh (case offload_mark) and selftests/mrp.sh
 * use it.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>
#include <net/switchdev.h>

#include "igmpsnoop_test_frame.h"

#define HWPORT_KIND		"igmpsnoop_hw"
#define HWPORT_SWITCH_ID	0x5a

struct hwport {
	atomic64_t tx_packets, tx_bytes, rx_packets, rx_bytes;
};

static const struct net_device_ops hwport_ops;

static netdev_tx_t hwport_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct hwport *hw = netdev_priv(dev);

	atomic64_inc(&hw->tx_packets);
	atomic64_add(skb->len, &hw->tx_bytes);
	dev_kfree_skb(skb);
	return NETDEV_TX_OK;
}

static void hwport_get_stats64(struct net_device *dev,
			       struct rtnl_link_stats64 *stats)
{
	struct hwport *hw = netdev_priv(dev);

	stats->tx_packets = atomic64_read(&hw->tx_packets);
	stats->tx_bytes = atomic64_read(&hw->tx_bytes);
	stats->rx_packets = atomic64_read(&hw->rx_packets);
	stats->rx_bytes = atomic64_read(&hw->rx_bytes);
}

static int hwport_get_port_parent_id(struct net_device *dev,
				     struct netdev_phys_item_id *ppid)
{
	ppid->id_len = 1;
	ppid->id[0] = HWPORT_SWITCH_ID;
	return 0;
}

static const struct net_device_ops hwport_ops = {
	.ndo_start_xmit		= hwport_xmit,
	.ndo_get_stats64	= hwport_get_stats64,
	.ndo_get_port_parent_id	= hwport_get_port_parent_id,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void hwport_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &hwport_ops;
	dev->needs_free_netdev = true;
	dev->priv_flags |= IFF_NO_QUEUE;
	eth_hw_addr_random(dev);
}

static struct rtnl_link_ops hwport_link_ops __read_mostly = {
	.kind		= HWPORT_KIND,
	.priv_size	= sizeof(struct hwport),
	.setup		= hwport_setup,
};

/* A port joins a bridge, or leaves it: offloaded while it is in one. */
static int hwport_netdev_event(struct notifier_block *nb, unsigned long event,
			       void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changeupper_info *info = ptr;
	int err;

	if (event != NETDEV_CHANGEUPPER || dev->netdev_ops != &hwport_ops ||
	    !netif_is_bridge_master(info->upper_dev))
		return NOTIFY_DONE;
	if (!info->linking) {
		switchdev_bridge_port_unoffload(dev, NULL, NULL, NULL);
		return NOTIFY_DONE;
	}
	err = switchdev_bridge_port_offload(dev, dev, NULL, NULL, NULL, false,
					    netdev_notifier_info_to_extack(&info->info));
	return notifier_from_errno(err);
}

static struct notifier_block hwport_netdev_nb = {
	.notifier_call = hwport_netdev_event,
};

/* Has the bridge @br a port of the chip? Under RTNL. */
static bool hwport_in_bridge(struct net_device *br)
{
	struct net_device *lower;
	struct list_head *iter;

	netdev_for_each_lower_dev(br, lower, iter)
		if (lower->netdev_ops == &hwport_ops)
			return true;
	return false;
}

/* Takes on the MRP objects of a bridge with a port of the chip. */
static int hwport_switchdev_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct net_device *dev = switchdev_notifier_info_to_dev(ptr);
	struct switchdev_notifier_port_obj_info *info = ptr;

	if ((event != SWITCHDEV_PORT_OBJ_ADD &&
	     event != SWITCHDEV_PORT_OBJ_DEL) ||
	    !netif_is_bridge_master(dev) || !hwport_in_bridge(dev))
		return NOTIFY_DONE;
	switch (info->obj->id) {
	case SWITCHDEV_OBJ_ID_MRP:
	case SWITCHDEV_OBJ_ID_RING_TEST_MRP:
	case SWITCHDEV_OBJ_ID_RING_ROLE_MRP:
	case SWITCHDEV_OBJ_ID_RING_STATE_MRP:
	case SWITCHDEV_OBJ_ID_IN_TEST_MRP:
	case SWITCHDEV_OBJ_ID_IN_ROLE_MRP:
	case SWITCHDEV_OBJ_ID_IN_STATE_MRP:
		info->handled = true;
		return NOTIFY_STOP;
	default:
		return NOTIFY_DONE;
	}
}

static struct notifier_block hwport_switchdev_nb = {
	.notifier_call = hwport_switchdev_event,
};

/*
 * The port @dev receives @frame, of @len bytes, @count times: forwarded
 * already.
 */
static int hwport_rx(struct net_device *dev, const u8 *frame, unsigned int len,
		     unsigned int count)
{
	struct hwport *hw = netdev_priv(dev);
	struct sk_buff *skb;
	unsigned int i;

	if (dev->netdev_ops != &hwport_ops || !(dev->flags & IFF_UP))
		return -EINVAL;
	for (i = 0; i < count; i++) {
		skb = netdev_alloc_skb_ip_align(dev, len);
		if (!skb)
			return -ENOMEM;
		skb_put_data(skb, frame, len);
		skb->protocol = eth_type_trans(skb, dev);
		skb->offload_fwd_mark = 1;
		atomic64_inc(&hw->rx_packets);
		atomic64_add(len, &hw->rx_bytes);
		local_bh_disable();
		netif_receive_skb(skb);
		local_bh_enable();
	}
	return 0;
}

static int hwport_rx_set(const char *val, const struct kernel_param *kp)
{
	return test_frame_set(val, hwport_rx);
}

static const struct kernel_param_ops hwport_rx_ops = {
	.set = hwport_rx_set,
};

module_param_cb(rx, &hwport_rx_ops, NULL, 0200);
MODULE_PARM_DESC(rx, "\"DEV COUNT HEX\": port DEV receives the frame HEX COUNT times, forwarded by the chip");

static int __init hwport_init(void)
{
	int err;

	err = register_switchdev_blocking_notifier(&hwport_switchdev_nb);
	if (err)
		return err;
	err = register_netdevice_notifier(&hwport_netdev_nb);
	if (err)
		goto err_switchdev;
	err = rtnl_link_register(&hwport_link_ops);
	if (err)
		goto err_netdev;
	return 0;

err_netdev:
	unregister_netdevice_notifier(&hwport_netdev_nb);
err_switchdev:
	unregister_switchdev_blocking_notifier(&hwport_switchdev_nb);
	return err;
}

static void __exit hwport_exit(void)
{
	rtnl_link_unregister(&hwport_link_ops);
	unregister_netdevice_notifier(&hwport_netdev_nb);
	unregister_switchdev_blocking_notifier(&hwport_switchdev_nb);
}

module_init(hwport_init);
module_exit(hwport_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("igmpsnoop tests: ports of a pretend switch chip");
MODULE_ALIAS_RTNL_LINK(HWPORT_KIND);
