// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: IGMP snooping for Linux bridges and Open vSwitch datapaths.
 *
 * Module init and exit, and per network namespace state.
 */

#include <linux/module.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "igmpsnoop_private.h"

unsigned int igmpsnoop_net_id __read_mostly;
struct workqueue_struct *igmpsnoop_wq __read_mostly;

static int __net_init igmpsnoop_net_init(struct net *net)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);

	INIT_LIST_HEAD(&in->instances);
	hash_init(in->bridge_ports);
	INIT_WORK(&in->vlan_work, igmpsnoop_notifier_vlan_work);
	write_pnet(&in->net, net);
	hash_init(in->brvlan_devs);
	INIT_DELAYED_WORK(&in->brvlan_work, igmpsnoop_brvlan_work);
	INIT_DELAYED_WORK(&in->brport_work, igmpsnoop_brport_work);
	in->gen = 1;
	return 0;
}

/*
 * Device teardown runs before this: every switch of a dying namespace has
 * been unregistered or moved, and the netdevice notifier detached its
 * instance. Whatever is left is destroyed here so nothing outlives the
 * namespace.
 */
static void __net_exit igmpsnoop_net_exit(struct net *net)
{
	rtnl_lock();
	igmpsnoop_instance_destroy_all(net);
	rtnl_unlock();
	/* They take RTNL, and find no instance (nor socket) any more. */
	cancel_work_sync(&igmpsnoop_pernet(net)->vlan_work);
	cancel_delayed_work_sync(&igmpsnoop_pernet(net)->brvlan_work);
	cancel_delayed_work_sync(&igmpsnoop_pernet(net)->brport_work);
}

static struct pernet_operations igmpsnoop_net_ops = {
	.init = igmpsnoop_net_init,
	.exit = igmpsnoop_net_exit,
	.id   = &igmpsnoop_net_id,
	.size = sizeof(struct igmpsnoop_net),
};

static int __init igmpsnoop_mod_init(void)
{
	int ret;

	igmpsnoop_wq = alloc_workqueue("igmpsnoop", 0, 0);
	if (!igmpsnoop_wq)
		return -ENOMEM;

	ret = register_pernet_subsys(&igmpsnoop_net_ops);
	if (ret < 0)
		goto err_pernet;

	ret = igmpsnoop_notifier_init();
	if (ret < 0)
		goto err_notifier;

	ret = igmpsnoop_genl_init();
	if (ret < 0)
		goto err_netlink;

	pr_info("IGMP snooping for bridges and Open vSwitch loaded\n");
	return 0;

err_netlink:
	igmpsnoop_notifier_uninit();
err_notifier:
	unregister_pernet_subsys(&igmpsnoop_net_ops);
err_pernet:
	destroy_workqueue(igmpsnoop_wq);
	return ret;
}

static void __exit igmpsnoop_mod_exit(void)
{
	igmpsnoop_genl_uninit();
	igmpsnoop_notifier_uninit();
	unregister_pernet_subsys(&igmpsnoop_net_ops);
	/*
	 * Wait for the RCU callbacks that free instances and ports, then for
	 * the work they queued.
	 */
	rcu_barrier();
	destroy_workqueue(igmpsnoop_wq);
	pr_info("unloaded\n");
}

module_init(igmpsnoop_mod_init);
module_exit(igmpsnoop_mod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IGMP snooping for Linux bridges and Open vSwitch datapaths");
MODULE_AUTHOR("The igmpsnoop developers");
MODULE_VERSION(IGMPSNOOP_VERSION);
MODULE_ALIAS_GENL_FAMILY(IGMPSNOOP_FAMILY_NAME);
