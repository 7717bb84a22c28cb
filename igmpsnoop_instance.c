// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: instances (one per snooped switch) and their ports.
 *
 * An instance owns its ports; a port owns its netfilter hooks. Both are
 * created and destroyed under RTNL: attach, detach, port add and del from
 * generic netlink, the rest from the netdevice notifier
 * (igmpsnoop_notifier.c), which follows ports joining and leaving the
 * switch and the switch itself going away.
 *
 * An instance snoops every port of its switch, or (OVS, whose bridges share
 * one datapath) a subset given by the user. Instances of one switch share
 * nothing, and a port is in one instance at most.
 */

#include <linux/if_bridge.h>
#include <linux/netdevice.h>
#include <linux/rculist.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

/* Tells whether @dev is a switch igmpsnoop can attach to, and which kind. */
static int instance_kind(const struct net_device *dev,
			 enum igmpsnoop_kind *kind)
{
	if (netif_is_bridge_master(dev)) {
		*kind = IGMPSNOOP_KIND_BRIDGE;
		return 0;
	}
	if (netif_is_ovs_master(dev)) {
		*kind = IGMPSNOOP_KIND_OVS;
		return 0;
	}
	return -EOPNOTSUPP;
}

/* The instance named @name, or NULL. Called with RTNL or the RCU read lock. */
struct igmpsnoop_instance *igmpsnoop_instance_find(struct net *net,
						   const char *name)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);
	struct igmpsnoop_instance *inst;

	list_for_each_entry_rcu(inst, &in->instances, list,
				lockdep_rtnl_is_held())
		if (!strcmp(inst->name, name))
			return inst;
	return NULL;
}

/* The one instance on the switch @dev, with extack if there is none or more. */
struct igmpsnoop_instance *igmpsnoop_instance_of_dev(const struct net_device *dev,
						     struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst, *found = NULL;

	ASSERT_RTNL();
	rtnl_list_for_each(inst, &igmpsnoop_pernet(dev_net(dev))->instances, list) {
		if (inst->dev != dev)
			continue;
		if (found) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Several igmpsnoop instances share this device: name one");
			return ERR_PTR(-EINVAL);
		}
		found = inst;
	}
	if (!found) {
		NL_SET_ERR_MSG_MOD(extack, "igmpsnoop is not attached to this device");
		return ERR_PTR(-ENOENT);
	}
	return found;
}

struct igmpsnoop_port *igmpsnoop_port_find(struct igmpsnoop_instance *inst,
					   const struct net_device *dev)
{
	struct igmpsnoop_port *port;

	ASSERT_RTNL();
	rtnl_list_for_each(port, &inst->ports, list)
		if (port->dev == dev)
			return port;
	return NULL;
}

/* The port @dev of any instance in its netns, or NULL. */
static struct igmpsnoop_port *port_find_any(const struct net_device *dev)
{
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;

	ASSERT_RTNL();
	rtnl_list_for_each(inst, &igmpsnoop_pernet(dev_net(dev))->instances, list) {
		port = igmpsnoop_port_find(inst, dev);
		if (port)
			return port;
	}
	return NULL;
}

/* May @dev join a subset instance on @sw? Tells why not in @extack. */
static int port_check(const struct net_device *sw, struct net_device *dev,
		      struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (netdev_master_upper_dev_get(dev) != sw) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Not a port of the instance's switch (OVS internal ports are none: they always receive)");
		return -EINVAL;
	}
	if (port_find_any(dev)) {
		NL_SET_ERR_MSG_MOD(extack, "The port is in an igmpsnoop instance already");
		return -EBUSY;
	}
	return 0;
}

/* Adds the sums of the per-CPU counters @pcpu to @stats. */
static void stats_read_add(const struct igmpsnoop_pcpu_stats __percpu *pcpu,
			   struct igmpsnoop_stats *stats)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct igmpsnoop_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		struct igmpsnoop_stats snap;
		unsigned int start;
		int i;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < __IGMPSNOOP_CNT_MAX; i++)
				snap.cnt[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (i = 0; i < __IGMPSNOOP_CNT_MAX; i++)
			stats->cnt[i] += snap.cnt[i];
	}
}

/*
 * The data path and the querier may still send through port->dev, and
 * count in port->stats, until readers are done: the port holds its device
 * until then, as a bridge port does.
 */
static void port_free_rcu(struct rcu_head *head)
{
	struct igmpsnoop_port *port = container_of(head, struct igmpsnoop_port, rcu);

	netdev_put(port->dev, &port->dev_tracker);
	free_percpu(port->stats);
	kfree(port);
}

/*
 * The words of the port bitmaps that hold the indexes in use, for the
 * data path's walks to read no more. Under RTNL.
 */
static void port_words_update(struct igmpsnoop_instance *inst)
{
	unsigned int last = find_last_bit(inst->port_indexes, IGMPSNOOP_MAX_PORTS);

	ASSERT_RTNL();
	WRITE_ONCE(inst->port_words,
		   last < IGMPSNOOP_MAX_PORTS ? BIT_WORD(last) + 1 : 0);
}

int igmpsnoop_port_create(struct igmpsnoop_instance *inst,
			  struct net_device *dev)
{
	struct igmpsnoop_port *port;
	unsigned int index;
	int ret;

	ASSERT_RTNL();
	if (igmpsnoop_port_find(inst, dev))
		return 0;
	index = find_first_zero_bit(inst->port_indexes, IGMPSNOOP_MAX_PORTS);
	if (index >= IGMPSNOOP_MAX_PORTS)
		return -ENOSPC;

	port = kzalloc(sizeof(*port), GFP_KERNEL);
	if (!port)
		return -ENOMEM;
	port->stats = netdev_alloc_pcpu_stats(struct igmpsnoop_pcpu_stats);
	if (!port->stats) {
		kfree(port);
		return -ENOMEM;
	}
	port->inst = inst;
	port->dev = dev;
	port->index = index;
	INIT_HLIST_HEAD(&port->members);
	port->max_groups_default = true;
	if (inst->kind == IGMPSNOOP_KIND_BRIDGE) {
		port->forwarding = br_port_get_stp_state(dev) == BR_STATE_FORWARDING;
		port->br_router = MDB_RTR_TYPE_TEMP_QUERY;	/* the default */
	}
	igmpsnoop_router_init(port);
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);

	ret = igmpsnoop_flow_port_start(port);
	if (ret < 0)
		goto err_put_dev;

	rcu_assign_pointer(inst->port_at[index], port);
	__set_bit(index, inst->port_indexes);
	port_words_update(inst);
	list_add_tail_rcu(&port->list, &inst->ports);
	igmpsnoop_pernet(dev_net(dev))->gen++;
	if (inst->kind == IGMPSNOOP_KIND_BRIDGE)
		igmpsnoop_brport_follow(port);
	netdev_dbg(inst->dev, "igmpsnoop: port %s added\n", dev->name);
	return 0;

err_put_dev:
	netdev_put(dev, &port->dev_tracker);
	free_percpu(port->stats);
	kfree(port);
	return ret;
}

void igmpsnoop_port_destroy(struct igmpsnoop_port *port)
{
	struct igmpsnoop_instance *inst = port->inst;

	ASSERT_RTNL();
	list_del_rcu(&port->list);
	igmpsnoop_flow_port_stop(port);
	igmpsnoop_group_port_stop(port);
	igmpsnoop_vlan_port_free(port);
	RCU_INIT_POINTER(inst->port_at[port->index], NULL);
	__clear_bit(port->index, inst->port_indexes);
	port_words_update(inst);
	/*
	 * The instance keeps what the port counted. (What its last frames
	 * in flight count from here to the grace period is not kept.)
	 */
	stats_read_add(port->stats, &inst->gone_stats);
	igmpsnoop_pernet(dev_net(inst->dev))->gen++;
	netdev_dbg(inst->dev, "igmpsnoop: port %s removed\n", port->dev->name);
	call_rcu(&port->rcu, port_free_rcu);
}

/* Runs after a grace period, in process context: rhashtable_destroy() sleeps. */
static void instance_free_work(struct work_struct *work)
{
	struct igmpsnoop_instance *inst =
		container_of(work, struct igmpsnoop_instance, free_work);

	igmpsnoop_group_table_destroy(inst);
	WARN_ON_ONCE(inst->port_words);
	kvfree(inst->port_at);
	free_percpu(inst->stats);
	kfree(inst);
}

static void instance_free_rcu(struct rcu_head *head)
{
	struct igmpsnoop_instance *inst =
		container_of(head, struct igmpsnoop_instance, rcu);

	queue_work(igmpsnoop_wq, &inst->free_work);
}

/*
 * Has a port of the bridge @dev mcast_to_unicast on? igmpsnoop cannot keep
 * it (igmpsnoop_notifier.c refuses it on an attached bridge's ports).
 */
static bool instance_to_unicast(struct net_device *dev)
{
	struct net_device *lower;
	struct list_head *iter;

	netdev_for_each_lower_dev(dev, lower, iter)
		if (br_port_flag_is_set(lower, BR_MULTICAST_TO_UNICAST))
			return true;
	return false;
}

/* May an instance named @name, subset or not, be attached to @dev? */
static int instance_check(struct net_device *dev, const char *name, bool subset,
			  enum igmpsnoop_kind *kind, struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst;
	int ret;

	ASSERT_RTNL();
	ret = instance_kind(dev, kind);
	if (ret < 0) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device is not a Linux bridge or an Open vSwitch datapath");
		return ret;
	}
	if (*kind == IGMPSNOOP_KIND_BRIDGE && br_multicast_enabled(dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The bridge snoops IGMP itself; turn that off first: ip link set BRIDGE type bridge mcast_snooping 0");
		return -EBUSY;
	}
	if (*kind == IGMPSNOOP_KIND_BRIDGE && instance_to_unicast(dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "A port has mcast_to_unicast on, which needs the bridge's own snooping (a membership per host): turn it off first");
		return -EOPNOTSUPP;
	}
	if (subset && *kind != IGMPSNOOP_KIND_OVS) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Port subsets are for Open vSwitch datapaths: a Linux bridge is one L2 domain");
		return -EOPNOTSUPP;
	}
	rtnl_list_for_each(inst, &igmpsnoop_pernet(dev_net(dev))->instances, list) {
		if (inst->dev != dev)
			continue;
		if (!subset && !inst->subset)
			NL_SET_ERR_MSG_MOD(extack, "igmpsnoop is already attached to this device");
		else if (!subset)
			NL_SET_ERR_MSG_MOD(extack,
					   "Instances on this device snoop subsets of its ports: give a port list");
		else if (!inst->subset)
			NL_SET_ERR_MSG_MOD(extack,
					   "An igmpsnoop instance snoops every port of this device");
		else
			continue;	/* subsets may share a device */
		return -EEXIST;
	}
	if (!dev_valid_name(name)) {
		NL_SET_ERR_MSG_MOD(extack, "Invalid instance name");
		return -EINVAL;
	}
	if (igmpsnoop_instance_find(dev_net(dev), name)) {
		NL_SET_ERR_MSG_MOD(extack, "An igmpsnoop instance has this name already");
		return -EEXIST;
	}
	return 0;
}

/*
 * Attaches igmpsnoop to the switch @dev: to all its ports, now and to come,
 * or with @subset to the @n_ports @ports only. @name defaults to @dev's.
 */
struct igmpsnoop_instance *
igmpsnoop_instance_create(struct net_device *dev, const char *name, bool subset,
			  struct net_device **ports, unsigned int n_ports,
			  struct netlink_ext_ack *extack)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(dev_net(dev));
	struct igmpsnoop_instance *inst;
	struct net_device *lower;
	struct list_head *iter;
	enum igmpsnoop_kind kind;
	unsigned int i;
	int ret;

	ASSERT_RTNL();
	if (!name)
		name = dev->name;
	ret = instance_check(dev, name, subset, &kind, extack);
	if (ret < 0)
		return ERR_PTR(ret);
	for (i = 0; i < n_ports; i++) {
		ret = port_check(dev, ports[i], extack);
		if (ret < 0)
			return ERR_PTR(ret);
	}

	ret = -ENOMEM;
	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		goto err;
	inst->stats = netdev_alloc_pcpu_stats(struct igmpsnoop_pcpu_stats);
	if (!inst->stats)
		goto err_free_inst;
	inst->port_at = kvcalloc(IGMPSNOOP_MAX_PORTS, sizeof(*inst->port_at),
				 GFP_KERNEL);
	if (!inst->port_at)
		goto err_free_stats;
	ret = igmpsnoop_group_table_init(inst);
	if (ret < 0)
		goto err_free_ports;
	INIT_WORK(&inst->free_work, instance_free_work);
	INIT_LIST_HEAD(&inst->ports);
	strscpy(inst->name, name, sizeof(inst->name));
	inst->kind = kind;
	inst->subset = subset;
	inst->dev = dev;
	netdev_hold(dev, &inst->dev_tracker, GFP_KERNEL);
	if (kind == IGMPSNOOP_KIND_BRIDGE) {
		igmpsnoop_brvlan_options(inst);
		igmpsnoop_brport_bridge(inst);
	}

	if (subset) {
		for (i = 0; i < n_ports; i++) {
			ret = igmpsnoop_port_create(inst, ports[i]);
			if (ret < 0)
				goto err_port;
		}
	} else {
		netdev_for_each_lower_dev(dev, lower, iter) {
			ret = igmpsnoop_port_create(inst, lower);
			if (ret < 0)
				goto err_port;
		}
	}

	list_add_tail_rcu(&inst->list, &in->instances);
	in->gen++;
	igmpsnoop_querier_vlans_sync(inst);
	netdev_info(dev, "igmpsnoop: instance %s attached\n", inst->name);
	return inst;

err_port:
	if (ret == -ENOSPC)
		NL_SET_ERR_MSG_MOD(extack, "Too many ports");
	else
		NL_SET_ERR_MSG_MOD(extack, "Cannot hook a port of the switch");
	while (!list_empty(&inst->ports))
		igmpsnoop_port_destroy(list_first_entry(&inst->ports, struct igmpsnoop_port, list));
	netdev_put(dev, &inst->dev_tracker);
	igmpsnoop_group_table_flush(inst);
	/* Hooks of the deleted ports may still run: free after a grace period. */
	call_rcu(&inst->rcu, instance_free_rcu);
	return ERR_PTR(ret);
err_free_ports:
	kvfree(inst->port_at);
err_free_stats:
	free_percpu(inst->stats);
err_free_inst:
	kfree(inst);
err:
	return ERR_PTR(ret);
}

/* Adds the port @dev to the subset instance @inst. */
int igmpsnoop_instance_port_add(struct igmpsnoop_instance *inst,
				struct net_device *dev,
				struct netlink_ext_ack *extack)
{
	int ret;

	ASSERT_RTNL();
	if (!inst->subset) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The instance follows every port of its switch: attach with a port list to choose them");
		return -EOPNOTSUPP;
	}
	if (igmpsnoop_port_find(inst, dev)) {
		NL_SET_ERR_MSG_MOD(extack, "Already a port of this instance");
		return -EEXIST;
	}
	ret = port_check(inst->dev, dev, extack);
	if (ret < 0)
		return ret;
	ret = igmpsnoop_port_create(inst, dev);
	if (ret == -ENOSPC)
		NL_SET_ERR_MSG_MOD(extack, "Too many ports");
	else if (ret < 0)
		NL_SET_ERR_MSG_MOD(extack, "Cannot hook the port");
	return ret;
}

/* Removes the port @dev from the subset instance @inst, and what it learned. */
int igmpsnoop_instance_port_del(struct igmpsnoop_instance *inst,
				struct net_device *dev,
				struct netlink_ext_ack *extack)
{
	struct igmpsnoop_port *port;

	ASSERT_RTNL();
	if (!inst->subset) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The instance follows every port of its switch: detach it, or remove the port from the switch");
		return -EOPNOTSUPP;
	}
	port = igmpsnoop_port_find(inst, dev);
	if (!port) {
		NL_SET_ERR_MSG_MOD(extack, "Not a port of this instance");
		return -ENODEV;
	}
	igmpsnoop_port_destroy(port);
	if (inst->vlans_dirty)
		igmpsnoop_querier_vlans_sync(inst);
	return 0;
}

void igmpsnoop_instance_destroy(struct igmpsnoop_instance *inst)
{
	ASSERT_RTNL();
	list_del_rcu(&inst->list);
	while (!list_empty(&inst->ports))
		igmpsnoop_port_destroy(list_first_entry(&inst->ports, struct igmpsnoop_port, list));
	igmpsnoop_group_table_flush(inst);
	igmpsnoop_pernet(dev_net(inst->dev))->gen++;
	netdev_info(inst->dev, "igmpsnoop: instance %s detached\n", inst->name);
	netdev_put(inst->dev, &inst->dev_tracker);
	call_rcu(&inst->rcu, instance_free_rcu);
}

void igmpsnoop_instance_destroy_all(struct net *net)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);

	ASSERT_RTNL();
	while (!list_empty(&in->instances))
		igmpsnoop_instance_destroy(list_first_entry(&in->instances,
							    struct igmpsnoop_instance,
							    list));
}

/* The sums of the per-CPU counters @pcpu (an instance's or a port's). */
void igmpsnoop_stats_read(const struct igmpsnoop_pcpu_stats __percpu *pcpu,
			  struct igmpsnoop_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	stats_read_add(pcpu, stats);
}

/*
 * The instance's counters: its own (what no port counts), its ports' and
 * those of the ports it had. Under RTNL: O(ports x CPUs).
 */
void igmpsnoop_instance_stats_read(const struct igmpsnoop_instance *inst,
				   struct igmpsnoop_stats *stats)
{
	const struct igmpsnoop_port *port;

	ASSERT_RTNL();
	*stats = inst->gone_stats;
	stats_read_add(inst->stats, stats);
	rtnl_list_for_each(port, &inst->ports, list)
		stats_read_add(port->stats, stats);
}
