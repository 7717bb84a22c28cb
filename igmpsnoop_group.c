// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the group table of an instance and its operations: what a
 * report, a leave, a query and user space do to it (memberships and their
 * timers: igmpsnoop_member.c; IGMPv3 source records: igmpsnoop_source.c;
 * router ports: igmpsnoop_router.c; the querier: igmpsnoop_querier.c).
 *
 * A group exists while at least one port is a member. Groups sit in an
 * rhashtable keyed by {address, VLAN} for the data path and in an hlist
 * for dumps, both RCU-readable and written under inst->lock; a group's
 * ports are in bitmaps the data path reads.
 */

#include <linux/if_bridge.h>
#include <linux/igmp.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

/* A group came or went: a group dump under way is flagged (DUMP_INTR). */
static void table_changed(struct igmpsnoop_instance *inst)
{
	lockdep_assert_held(&inst->lock);
	WRITE_ONCE(inst->table_gen, inst->table_gen + 1);
}

/* The group @addr of VLAN @vid, or NULL. Under inst->lock. */
struct igmpsnoop_group *
igmpsnoop_group_lookup_locked(struct igmpsnoop_instance *inst, __be32 addr,
			      u16 vid)
{
	struct igmpsnoop_group_key key = { .addr = addr, .vid = vid };

	lockdep_assert_held(&inst->lock);
	return rhashtable_lookup_fast(&inst->groups, &key, igmpsnoop_group_params);
}

/*
 * The querier of VLAN @vid, which counts its groups, or NULL for VLAN 0
 * (the instance counts those) or a VLAN whose querier is gone already.
 * Under inst->lock: a querier is freed after a grace period.
 */
static struct igmpsnoop_querier *vlan_counter(struct igmpsnoop_instance *inst,
					      u16 vid)
{
	return vid ? igmpsnoop_querier_of(inst, vid) : NULL;
}

static void group_free_rcu(struct rcu_head *rcu)
{
	struct igmpsnoop_group *group =
		container_of(rcu, struct igmpsnoop_group, rcu);

	igmpsnoop_group_stats_free(group);
	kfree(rcu_dereference_protected(group->high, 1));
	kfree(group);
}

/*
 * The bitmaps that hold bit @index of @group's ports: the group's own
 * words for the first BITS_PER_LONG indexes, else @high's. Under
 * inst->lock.
 */
static void group_ports_words(struct igmpsnoop_group *group,
			      unsigned int index, unsigned long **ports,
			      unsigned long **src_ports)
{
	struct igmpsnoop_port_bitmaps *high;

	lockdep_assert_held(&group->inst->lock);
	if (index < BITS_PER_LONG) {
		*ports = &group->ports;
		*src_ports = &group->src_ports;
		return;
	}
	high = rcu_dereference_protected(group->high,
					 lockdep_is_held(&group->inst->lock));
	*ports = high->ports;
	*src_ports = high->src_ports;
}

/**
 * igmpsnoop_group_ports_reserve - room for port @index in @group's ports
 * @group: the group
 * @index: the index of a port that becomes a member
 *
 * Ports past the first BITS_PER_LONG are in bitmaps of every index, which
 * a group gets with its first member of such a port: a group of a switch
 * of fewer ports takes 16 bytes for its port sets, not 256. Under
 * inst->lock. Returns 0 or -ENOMEM.
 */
int igmpsnoop_group_ports_reserve(struct igmpsnoop_group *group,
				  unsigned int index)
{
	struct igmpsnoop_port_bitmaps *high;

	lockdep_assert_held(&group->inst->lock);
	if (index < BITS_PER_LONG || rcu_access_pointer(group->high))
		return 0;
	high = kzalloc(sizeof(*high), GFP_ATOMIC);
	if (!high)
		return -ENOMEM;
	rcu_assign_pointer(group->high, high);
	return 0;
}

/**
 * igmpsnoop_group_ports_set - put port @index in @group's ports or src_ports
 * @group: the group, with room for @index (igmpsnoop_group_ports_reserve())
 * @index: the port's index
 * @src: its source filter decides (src_ports), else it wants every source
 *
 * The new bit is set before the old one is cleared: a reader in between
 * sees both and forwards, never neither. Under inst->lock.
 */
void igmpsnoop_group_ports_set(struct igmpsnoop_group *group,
			       unsigned int index, bool src)
{
	unsigned long *ports, *src_ports;

	group_ports_words(group, index, &ports, &src_ports);
	set_bit(index, src ? src_ports : ports);
	clear_bit(index, src ? ports : src_ports);
}

/* Takes port @index out of @group's ports. Under inst->lock. */
void igmpsnoop_group_ports_clear(struct igmpsnoop_group *group,
				 unsigned int index)
{
	unsigned long *ports, *src_ports;

	group_ports_words(group, index, &ports, &src_ports);
	clear_bit(index, ports);
	clear_bit(index, src_ports);
}

/*
 * Takes @group, whose last member went (or which never got one), out of
 * the table; it is freed after a grace period. Under inst->lock.
 */
void igmpsnoop_group_remove(struct igmpsnoop_group *group)
{
	struct igmpsnoop_instance *inst = group->inst;
	struct igmpsnoop_querier *q = vlan_counter(inst, group->key.vid);

	lockdep_assert_held(&inst->lock);
	rhashtable_remove_fast(&inst->groups, &group->node, igmpsnoop_group_params);
	hlist_del_rcu(&group->list);
	/*
	 * A group that outlives its VLAN's querier (the VLAN went; its
	 * memberships go next) is counted by no querier: a new one of the
	 * same VLAN did not count it.
	 */
	if (q && q->n_groups)
		q->n_groups--;
	inst->n_groups--;
	igmpsnoop_group_stats_stop(group);
	table_changed(inst);
	call_rcu(&group->rcu, group_free_rcu);
}

/**
 * igmpsnoop_group_new - a new group in the table, for its first member
 * @port: the port of its first member, charged with a refusal
 * @addr: its address
 * @vid: its VLAN
 * @extack: for a refusal from user space, or NULL
 *
 * Within the instance's max-groups and the VLAN's. It stays in the table
 * as long as it has members: the caller adds its first member, or
 * removes it again (igmpsnoop_group_remove()). Under inst->lock, with
 * @addr not in the table. Returns it or an ERR_PTR.
 */
struct igmpsnoop_group *igmpsnoop_group_new(struct igmpsnoop_port *port,
					    __be32 addr, u16 vid,
					    struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_querier *q = vlan_counter(inst, vid);
	struct igmpsnoop_group *group;
	int ret;

	lockdep_assert_held(&inst->lock);
	if (inst->n_groups >= inst->cfg.max_groups) {
		igmpsnoop_table_full(port, addr, vid, IGMPSNOOP_LIMIT_INSTANCE);
		NL_SET_ERR_MSG_MOD(extack, "The group table is full (max-groups)");
		return ERR_PTR(-ENOSPC);
	}
	if (q && q->max_groups && q->n_groups >= q->max_groups) {
		igmpsnoop_table_full(port, addr, vid, IGMPSNOOP_LIMIT_VLAN);
		NL_SET_ERR_MSG_MOD(extack,
				   "The VLAN holds as many groups as its max-groups allows");
		return ERR_PTR(-ENOSPC);
	}
	group = kzalloc(sizeof(*group), GFP_ATOMIC);
	if (!group)
		return ERR_PTR(-ENOMEM);
	group->key.addr = addr;
	group->key.vid = vid;
	group->inst = inst;
	INIT_HLIST_HEAD(&group->members);
	/* Looked up by the caller under inst->lock: not there. */
	ret = rhashtable_insert_fast(&inst->groups, &group->node,
				     igmpsnoop_group_params);
	if (ret) {
		kfree(group);
		return ERR_PTR(ret);
	}
	hlist_add_head_rcu(&group->list, &inst->group_list);
	igmpsnoop_group_stats_start(group);
	inst->n_groups++;
	if (q)
		q->n_groups++;
	table_changed(inst);
	return group;
}

/*
 * @m wants every source now (RFC 3376 7.3.2: an IGMPv1/v2 report is
 * IS_EX{}); tell listeners if it is new or forwarded less before.
 */
static void member_set_any(struct igmpsnoop_member *m, int created)
{
	bool changed = created || rcu_access_pointer(m->srcs);

	igmpsnoop_source_set_any(m);
	if (changed)
		igmpsnoop_nl_notify_group(m->group, created > 1 ?
					  IGMPSNOOP_EVENT_GROUP_ADDED :
					  IGMPSNOOP_EVENT_GROUP_CHANGED);
}

/*
 * Makes @port a member of @addr, or refreshes its membership, on a report
 * of IGMP @version. Called in softirq context from the hooks (the control
 * path: it may allocate).
 */
int igmpsnoop_group_join(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			 u8 version)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_member *m;
	unsigned long expires;
	int created, ret = 0;

	spin_lock_bh(&inst->lock);
	m = igmpsnoop_member_get(port, addr, vid, false, &created, NULL);
	if (IS_ERR(m)) {
		ret = PTR_ERR(m);
		goto out;
	}
	expires = jiffies + igmpsnoop_gmi(inst, vid);
	if (!m->permanent) {
		/* IS_EX{}: EXCLUDE{}, Group Timer=GMI */
		member_set_any(m, created);
		igmpsnoop_member_arm(m, expires);
	}
	/* Older version host present timers. */
	if (version == 1)
		igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_V1, expires);
	else if (version == 2)
		igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_V2, expires);
out:
	spin_unlock_bh(&inst->lock);
	return ret;
}

/*
 * Adds @port to @addr from user space: permanent, or temporary with GMI
 * to live as if a report had come in. An existing membership is an error
 * unless @replace, which sets its state.
 */
int igmpsnoop_group_add(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			bool permanent, bool replace,
			struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_member *m;
	int created, ret = 0;

	spin_lock_bh(&inst->lock);
	m = igmpsnoop_member_get(port, addr, vid, permanent, &created,
				 extack);
	if (IS_ERR(m)) {
		ret = PTR_ERR(m);
		goto out;
	}
	if (!created && !replace) {
		NL_SET_ERR_MSG_MOD(extack, "The port is a member of this group already");
		ret = -EEXIST;
		goto out;
	}
	/* A membership from user space wants every source. */
	if (!created && m->permanent != permanent) {
		WRITE_ONCE(m->permanent, permanent);	/* dumps read it */
		igmpsnoop_source_set_any(m);
		igmpsnoop_nl_notify_group(m->group, IGMPSNOOP_EVENT_GROUP_CHANGED);
	} else {
		member_set_any(m, created);
	}
	if (permanent)
		igmpsnoop_member_timer_clear(m, IGMPSNOOP_MT_GROUP);
	else
		igmpsnoop_member_arm(m, jiffies + igmpsnoop_gmi(inst, vid));
out:
	spin_unlock_bh(&inst->lock);
	return ret;
}

/* Removes @port from @addr, whatever its state, from user space. */
int igmpsnoop_group_del(struct igmpsnoop_port *port, __be32 addr, u16 vid)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_member *m;

	spin_lock_bh(&inst->lock);
	m = igmpsnoop_member_find(inst, port, addr, vid);
	if (m)
		igmpsnoop_member_del(m);
	spin_unlock_bh(&inst->lock);
	return m ? 0 : -ENOENT;
}

/*
 * Memberships a flush removes under one hold of inst->lock: the hooks of
 * the instance's ports wait for it, on every CPU.
 */
#define IGMPSNOOP_FLUSH_BATCH	256

/*
 * Empties the group table of @inst, permanent entries included: the groups
 * it holds now, moved to a list of the flush's own, at most
 * IGMPSNOOP_FLUSH_BATCH memberships per hold of the lock, the CPU given up
 * between batches. Groups learned meanwhile go on the table's list and
 * stay. Dumps walk the list under RCU: one that started before goes on
 * along the moved groups; the table's generation marks it interrupted.
 */
void igmpsnoop_group_flush(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_group *group;
	struct igmpsnoop_member *m;
	HLIST_HEAD(old);
	unsigned int n;

	might_sleep();
	spin_lock_bh(&inst->lock);
	hlist_move_list(&inst->group_list, &old);
	while (!hlist_empty(&old)) {
		for (n = 0; n < IGMPSNOOP_FLUSH_BATCH && !hlist_empty(&old); n++) {
			group = hlist_entry(old.first, struct igmpsnoop_group, list);
			m = hlist_entry(group->members.first,
					struct igmpsnoop_member, node);
			igmpsnoop_member_del(m); /* the last one removes the group */
		}
		spin_unlock_bh(&inst->lock);
		cond_resched();
		spin_lock_bh(&inst->lock);
	}
	spin_unlock_bh(&inst->lock);
}

/*
 * The switch's VLANs changed: forgets the memberships and router state of
 * ports in VLANs they are no longer in, the user's memberships too (the
 * bridge sends such a port nothing of that VLAN); or, when VLAN filtering
 * was turned on or off (@filtering: every VLAN means another now),
 * everything learned, but not the user's memberships. O(groups). Called
 * under RTNL.
 */
void igmpsnoop_group_vlans_changed(struct igmpsnoop_instance *inst,
				   bool filtering)
{
	struct igmpsnoop_group *group;
	struct igmpsnoop_port *port;
	struct igmpsnoop_member *m;
	struct hlist_node *tmp, *mtmp;
	bool tagged;

	ASSERT_RTNL();
	spin_lock_bh(&inst->lock);
	rtnl_list_for_each(port, &inst->ports, list)
		igmpsnoop_router_forget(port, filtering ? IGMPSNOOP_FORGET_ALL :
					IGMPSNOOP_FORGET_VLANS_GONE);
	hlist_for_each_entry_safe(group, tmp, &inst->group_list, list)
		hlist_for_each_entry_safe(m, mtmp, &group->members, node)
			if (filtering ? !m->permanent :
			    !igmpsnoop_vlan_port_in(m->port, group->key.vid,
						    &tagged))
				igmpsnoop_member_del(m);
	spin_unlock_bh(&inst->lock);
}

/*
 * @port said it leaves @addr: an IGMPv2 leave, which RFC 3376 7.3.2 reads
 * as TO_IN{} (igmpsnoop_source_record()). With fast leave the port goes
 * at once. While an IGMPv1 host is heard on the port, leaves are ignored
 * (RFC 2236 4): it cannot leave, and its membership must not be lost.
 * While another querier is heard, the leave travels on to it (router
 * ports) and its group-specific query, snooped in igmpsnoop_group_query(),
 * lowers the timer. Else the timer is lowered to LMQT, so that a leave is
 * never lost, and if ours is the querier it asks the port's other hosts.
 */
void igmpsnoop_group_leave(struct igmpsnoop_port *port, __be32 addr, u16 vid)
{
	igmpsnoop_source_record(port, addr, vid, IGMPV3_CHANGE_TO_INCLUDE,
				NULL, 0, 0);
}

/*
 * Settings of @port from user space; NULL leaves a setting as it is, and
 * @max_groups_default sets the default share back.
 */
void igmpsnoop_group_port_set(struct igmpsnoop_port *port, const u32 *router_mode,
			      const u8 *fast_leave, const u32 *max_groups,
			      bool max_groups_default)
{
	struct igmpsnoop_instance *inst = port->inst;

	spin_lock_bh(&inst->lock);
	if (router_mode)
		igmpsnoop_router_mode_set(port, *router_mode);
	if (fast_leave)
		port->fast_leave = *fast_leave;
	/* Memberships above a lowered limit stay until they go. */
	if (max_groups) {
		port->max_groups = *max_groups;
		port->max_groups_default = false;
	}
	if (max_groups_default)
		port->max_groups_default = true;
	spin_unlock_bh(&inst->lock);
}

/*
 * A valid query came in on @port. The port becomes a router port (a query
 * from 0.0.0.0 too: a snooping switch's proxy querier sends those, and
 * reports must reach it). A general query takes part in the election
 * (igmpsnoop_querier_heard()). A group-specific query lowers the group
 * timers of the group's members (EXCLUDE mode) to LMQC x Max Resp Time,
 * as the querier's own timer for the group; a group-and-source-specific
 * query lowers the timers of the sources it names, unless its S flag is
 * set. Our own queries, come back, teach nothing.
 */
void igmpsnoop_group_query(struct igmpsnoop_port *port, struct sk_buff *skb,
			   const struct igmpsnoop_msg *msg)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_group *group;
	struct igmpsnoop_member *m;
	unsigned long expires;
	u32 lmqc;

	spin_lock_bh(&inst->lock);
	if (inst->dead || !igmpsnoop_querier_heard(port, msg))
		goto out;
	igmpsnoop_router_learned(port, msg->vid);
	/* S flag: routers suppress their timer updates (RFC 3376 6.6.1). */
	if (!msg->group || msg->suppress)
		goto out;
	group = igmpsnoop_group_lookup_locked(inst, msg->group, msg->vid);
	if (!group)
		goto out;
	lmqc = msg->qrv ?: igmpsnoop_timing(igmpsnoop_settings_of(inst, msg->vid),
					     last_member_count);
	expires = jiffies + msecs_to_jiffies(lmqc * msg->max_resp);
	if (msg->nsrcs) {	/* group-and-source-specific */
		igmpsnoop_source_query(group, skb, msg, expires);
		goto out;
	}
	hlist_for_each_entry(m, &group->members, node) {
		const struct igmpsnoop_sources *srcs;

		if (m->permanent)
			continue;
		srcs = igmpsnoop_member_sources(m);
		if (!srcs || !srcs->include)	/* INCLUDE has no group timer */
			igmpsnoop_member_lower(m, expires);
	}
out:
	spin_unlock_bh(&inst->lock);
}

/*
 * Forgets what was learned on @port: its memberships and its router state.
 * Permanent memberships and the user's settings per VLAN go too if
 * @permanent: port removal, not port down.
 */
void igmpsnoop_group_port_flush(struct igmpsnoop_port *port, bool permanent)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_member *m;
	struct hlist_node *tmp;

	spin_lock_bh(&inst->lock);
	hlist_for_each_entry_safe(m, tmp, &port->members, port_node)
		if (permanent || !m->permanent)
			igmpsnoop_member_del(m);	/* may remove the group */
	igmpsnoop_router_forget(port, permanent ? IGMPSNOOP_FORGET_ALL :
				IGMPSNOOP_FORGET_LEARNED);
	spin_unlock_bh(&inst->lock);
}

/*
 * Stops all state of @port before it is freed. Its hooks are unregistered
 * but may still run until a grace period ends: port->dead keeps them from
 * learning, timer_shutdown_sync() its router timer from running again.
 */
void igmpsnoop_group_port_stop(struct igmpsnoop_port *port)
{
	struct igmpsnoop_instance *inst = port->inst;

	spin_lock_bh(&inst->lock);
	port->dead = true;
	/* A port forced to be a router port stops being one too. */
	igmpsnoop_router_mode_set(port, IGMPSNOOP_ROUTER_OFF);
	spin_unlock_bh(&inst->lock);
	igmpsnoop_group_port_flush(port, true);
	igmpsnoop_router_stop(port);
}

int igmpsnoop_group_table_init(struct igmpsnoop_instance *inst)
{
	int ret;

	spin_lock_init(&inst->lock);
	INIT_HLIST_HEAD(&inst->group_list);
	igmpsnoop_querier_init(inst);
	inst->cfg = (struct igmpsnoop_config) {
		.unregistered = IGMPSNOOP_UNREG_ROUTERS,
		.max_groups = IGMPSNOOP_DEFAULT_MAX_GROUPS,
		.fast_path = true,
		.timing = {
			.robustness = 2,
			.query_interval = 125000,
			.query_response_interval = 10000,
			.last_member_interval = 1000,
			.last_member_count = 2,
			.version = 2,
		},
	};
	ret = igmpsnoop_stats_init(inst);
	if (ret)
		return ret;
	ret = igmpsnoop_source_table_init(inst);
	if (ret)
		goto err_stats;
	ret = rhashtable_init(&inst->groups, &igmpsnoop_group_params);
	if (ret)
		goto err_source;
	ret = igmpsnoop_member_table_init(inst);
	if (ret)
		goto err_groups;
	return 0;

err_groups:
	rhashtable_destroy(&inst->groups);
err_source:
	igmpsnoop_source_table_destroy(inst);
err_stats:
	igmpsnoop_stats_flush(inst);
	return ret;
}

/*
 * Empties the table of a dying instance and stops its timers. The hooks
 * may still run until a grace period ends; inst->dead makes them learn
 * nothing. The table itself goes in igmpsnoop_group_table_destroy().
 */
void igmpsnoop_group_table_flush(struct igmpsnoop_instance *inst)
{
	spin_lock_bh(&inst->lock);
	inst->dead = true;
	spin_unlock_bh(&inst->lock);
	igmpsnoop_group_flush(inst);
	igmpsnoop_wheel_stop(inst);
	igmpsnoop_querier_stop(inst);
	igmpsnoop_stats_flush(inst);
}

/* After a grace period: no reader is left. Called from a work item. */
void igmpsnoop_group_table_destroy(struct igmpsnoop_instance *inst)
{
	WARN_ON_ONCE(inst->n_groups);
	igmpsnoop_member_table_destroy(inst);
	rhashtable_destroy(&inst->groups);
	igmpsnoop_source_table_destroy(inst);
}
