// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: memberships. A member is a (group, port) pair with its own
 * deadlines (per-port aging: one host's silence never ages out another
 * port), which the instance's timer wheel serves (igmpsnoop_wheel.c).
 * Members sit in their group's hlist, in port index order; once their
 * group has more than IGMPSNOOP_GROUP_LIST_MAX of them, in an rhashtable
 * keyed by {group, port} (the data path's and learning's O(1) lookup of
 * a port's membership; a smaller group's list is walked instead, at most
 * IGMPSNOOP_GROUP_LIST_MAX steps, which spares the table's inserts and
 * resizes for most groups); and in their port's list (port removal walks
 * the port's memberships, not the table). All but the port's list are
 * RCU-readable; all are written under inst->lock.
 *
 * A member is unlinked under inst->lock, off the wheel too, and freed
 * after a grace period. The limits that refuse a new membership
 * (max-groups of the port, of the port in a VLAN, of the VLAN, of the
 * instance) are counted and told to listeners here. The group table and
 * its operations: igmpsnoop_group.c.
 */

#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

static const struct rhashtable_params member_params = {
	.head_offset = offsetof(struct igmpsnoop_member, hnode),
	.key_offset = offsetof(struct igmpsnoop_member, key),
	.key_len = sizeof(struct igmpsnoop_member_key),
	.automatic_shrinking = true,
};

/*
 * Was a host of version @v heard on @m's port within GMI? Dumps read it
 * under RCU alone.
 */
static bool older_host(const struct igmpsnoop_member *m, u8 v)
{
	enum igmpsnoop_member_timer which = v == 1 ? IGMPSNOOP_MT_V1 :
						     IGMPSNOOP_MT_V2;

	return igmpsnoop_member_timer_armed(m, which) &&
	       time_before(jiffies, igmpsnoop_member_at(m, which));
}

/*
 * The oldest IGMP version heard from @m's hosts within GMI, if older than
 * 3 (RFC 3376 7.3.2 compatibility mode), else 0. Under inst->lock.
 */
u8 igmpsnoop_member_host_version(const struct igmpsnoop_member *m)
{
	if (older_host(m, 1))
		return 1;
	return older_host(m, 2) ? 2 : 0;
}

/**
 * igmpsnoop_member_lookup - the membership of a port in a group
 * @group: the group
 * @port: the port
 *
 * Walks the group's list, in port index order, for at most
 * IGMPSNOOP_GROUP_LIST_MAX members; a group with more is in the member
 * table: its members were put there before the list grew past that
 * (igmpsnoop_member_get()). Called under RCU.
 *
 * Return: the member, or NULL.
 */
struct igmpsnoop_member *
igmpsnoop_member_lookup(const struct igmpsnoop_group *group,
			const struct igmpsnoop_port *port)
{
	struct igmpsnoop_member_key key = { .group = group, .port = port };
	struct igmpsnoop_member *m;
	unsigned int steps = 0;

	hlist_for_each_entry_rcu(m, &group->members, node,
				 lockdep_is_held(&group->inst->lock)) {
		if (m->port == port)
			return m;
		if (m->port->index > port->index)
			return NULL;
		if (++steps == IGMPSNOOP_GROUP_LIST_MAX)
			break;
	}
	if (!m)
		return NULL;	/* the whole list: no more members */
	/* The table was filled before the list grew: read in that order. */
	smp_rmb();
	return rhashtable_lookup(&group->inst->members, &key, member_params);
}

/* Under inst->lock, which keeps the member; RCU for the member table's walk. */
static struct igmpsnoop_member *member_find(struct igmpsnoop_group *group,
					    const struct igmpsnoop_port *port)
{
	struct igmpsnoop_member *m;

	lockdep_assert_held(&group->inst->lock);
	rcu_read_lock();
	m = igmpsnoop_member_lookup(group, port);
	rcu_read_unlock();
	return m;
}

/*
 * @group is about to gain a member past IGMPSNOOP_GROUP_LIST_MAX: its
 * members go into the member table, all or none. Under inst->lock.
 */
static int member_hash_group(struct igmpsnoop_group *group)
{
	struct igmpsnoop_instance *inst = group->inst;
	struct igmpsnoop_member *m, *undo;
	int ret;

	lockdep_assert_held(&inst->lock);
	hlist_for_each_entry(m, &group->members, node) {
		ret = rhashtable_insert_fast(&inst->members, &m->hnode,
					     member_params);
		if (!ret)
			continue;
		hlist_for_each_entry(undo, &group->members, node) {
			if (undo == m)
				break;
			rhashtable_remove_fast(&inst->members, &undo->hnode,
					       member_params);
		}
		return ret;
	}
	group->hashed = true;
	return 0;
}

/*
 * Puts @m in its group's member list, which is in port index order: a
 * dump split across messages resumes at the next port index, so that
 * every member that stays is dumped once whatever else changes. O(M).
 */
static void member_link(struct igmpsnoop_group *group,
			struct igmpsnoop_member *m)
{
	struct igmpsnoop_member *pos, *last = NULL;

	lockdep_assert_held(&group->inst->lock);
	hlist_for_each_entry(pos, &group->members, node) {
		if (pos->port->index > m->port->index)
			break;
		last = pos;
	}
	if (last)
		hlist_add_behind_rcu(&m->node, &last->node);
	else
		hlist_add_head_rcu(&m->node, &group->members);
}

/* After its grace period: no hook counts on @m any more. */
static void member_free_rcu(struct rcu_head *rcu)
{
	struct igmpsnoop_member *m =
		container_of(rcu, struct igmpsnoop_member, rcu);

	igmpsnoop_member_stats_free(m);
	kfree(m);
}

/*
 * Unlinks @m, which is freed after a grace period. Removes its group with
 * its last member.
 */
void igmpsnoop_member_del(struct igmpsnoop_member *m)
{
	struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);
	struct igmpsnoop_group *group = m->group;

	lockdep_assert_held(&inst->lock);
	hlist_del_rcu(&m->node);
	if (group->hashed)
		rhashtable_remove_fast(&inst->members, &m->hnode,
				       member_params);
	group->n_members--;
	hlist_del(&m->port_node);
	igmpsnoop_wheel_unfile(m);
	igmpsnoop_group_ports_clear(group, m->port->index);
	m->port->n_groups--;
	igmpsnoop_port_vlan_count(m->port, group->key.vid, -1);
	igmpsnoop_member_stats_stop(m);
	m->dead = true;
	m->group = NULL;
	igmpsnoop_source_member_free(m);
	/* Its wheel_node, unlinked above, becomes the rcu_head. */
	call_rcu(&m->rcu, member_free_rcu);
	if (hlist_empty(&group->members)) {
		igmpsnoop_nl_notify_group(group, IGMPSNOOP_EVENT_GROUP_REMOVED);
		igmpsnoop_group_remove(group);
	} else {
		igmpsnoop_nl_notify_group(group, IGMPSNOOP_EVENT_GROUP_CHANGED);
	}
}

/*
 * Files @m on the wheel by the earliest of its armed deadlines, or takes
 * it off if none is armed; never once it is dead. Under inst->lock.
 */
static void member_timer_sync(struct igmpsnoop_member *m)
{
	struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);
	unsigned long first = 0, at;
	bool any = false;
	int i;

	lockdep_assert_held(&inst->lock);
	if (m->dead)
		return;
	for (i = 0; i < IGMPSNOOP_MT_N; i++) {
		if (!(m->armed & BIT(i)))
			continue;
		at = igmpsnoop_member_at(m, i);
		if (!any || time_before(at, first))
			first = at;
		any = true;
	}
	if (any)
		igmpsnoop_wheel_file(inst, m, first);
	else
		igmpsnoop_wheel_unfile(m);
}

/**
 * igmpsnoop_member_timer_set - arm one of a member's deadlines
 * @m: the member
 * @which: the deadline
 * @expires: when, in jiffies, within a few days
 *
 * A member has five deadlines: its group timer, its earliest source
 * timer, our querier's next query and its two older version host present
 * timers. The instance's wheel serves the earliest one armed, and
 * igmpsnoop_member_expire() each one due. Under inst->lock.
 */
void igmpsnoop_member_timer_set(struct igmpsnoop_member *m,
				enum igmpsnoop_member_timer which,
				unsigned long expires)
{
	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	if (m->dead)
		return;
	WRITE_ONCE(m->at[which], (u32)expires);	/* dumps read them */
	WRITE_ONCE(m->armed, m->armed | BIT(which));
	member_timer_sync(m);
}

/* Disarms one of @m's deadlines. Under inst->lock. */
void igmpsnoop_member_timer_clear(struct igmpsnoop_member *m,
				  enum igmpsnoop_member_timer which)
{
	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	if (!(m->armed & BIT(which)))
		return;
	WRITE_ONCE(m->armed, m->armed & ~BIT(which));
	member_timer_sync(m);
}

/* Arms @m's group timer (membership expiry). */
void igmpsnoop_member_arm(struct igmpsnoop_member *m, unsigned long expires)
{
	igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_GROUP, expires);
}

/* Lowers the member's group timer to @expires if it runs later. */
void igmpsnoop_member_lower(struct igmpsnoop_member *m, unsigned long expires)
{
	if (!igmpsnoop_member_timer_armed(m, IGMPSNOOP_MT_GROUP) ||
	    time_after(igmpsnoop_member_at(m, IGMPSNOOP_MT_GROUP), expires))
		igmpsnoop_member_arm(m, expires);
}

/**
 * igmpsnoop_member_expire - serve a member's deadlines that are due
 * @m: a member the wheel took off its slot
 * @now: the wheel's time, in jiffies
 *
 * Each deadline due is disarmed and served: the group timer (RFC 3376
 * 6.5), the source timers, the older version host present timers; the
 * member may go on the way. What is left files it on the wheel again.
 * Under inst->lock. Returns true if our querier's next queries for it
 * are due: the wheel has igmpsnoop_querier_member_timer() send them
 * after dropping the lock.
 */
bool igmpsnoop_member_expire(struct igmpsnoop_member *m, unsigned long now)
{
	struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);
	unsigned int due = 0;
	int i;

	lockdep_assert_held(&inst->lock);
	for (i = 0; i < IGMPSNOOP_MT_N; i++)
		if ((m->armed & BIT(i)) &&
		    !time_after(igmpsnoop_member_at(m, i), now))
			due |= BIT(i);
	WRITE_ONCE(m->armed, m->armed & ~due);
	if ((due & BIT(IGMPSNOOP_MT_GROUP)) && !m->permanent) {
		netdev_dbg(inst->dev, "igmpsnoop: %pI4 on %s: group timer expired\n",
			   &m->group->key.addr, m->port->dev->name);
		igmpsnoop_source_group_expired(m);
	}
	if ((due & BIT(IGMPSNOOP_MT_SOURCE)) && !m->dead)
		igmpsnoop_source_timer(m);
	member_timer_sync(m);
	return (due & BIT(IGMPSNOOP_MT_QUERY)) && !m->dead;
}

/*
 * The memberships @port may hold, 0 for no limit: its own max-groups, or
 * by default its share of the instance's, so that one port cannot fill
 * the table for all. Under inst->lock.
 */
u32 igmpsnoop_port_max_groups(const struct igmpsnoop_port *port)
{
	if (!port->max_groups_default)
		return port->max_groups;
	return DIV_ROUND_UP(port->inst->cfg.max_groups, IGMPSNOOP_PORT_SHARE);
}

/* Tells listeners that a limit refused state, once a second. */
static void limit_hit(struct igmpsnoop_port *port, __be32 addr, u16 vid,
		      enum igmpsnoop_limit limit)
{
	struct igmpsnoop_instance *inst = port->inst;

	lockdep_assert_held(&inst->lock);
	if (inst->full_notified && time_before(jiffies, inst->full_notified + HZ))
		return;
	inst->full_notified = jiffies ?: 1;
	igmpsnoop_nl_notify_full(port, addr, vid, limit);
}

/* A membership was refused: count it and tell listeners. */
void igmpsnoop_table_full(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			  enum igmpsnoop_limit limit)
{
	igmpsnoop_port_count(port, IGMPSNOOP_CNT_TABLE_FULL);
	port->refused++;
	limit_hit(port, addr, vid, limit);
}

/* @refused sources of @port in @addr were refused: the member is full. */
void igmpsnoop_sources_full(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			    unsigned int refused)
{
	igmpsnoop_port_count_add(port, IGMPSNOOP_CNT_SOURCES_FULL, refused);
	port->refused += refused;
	limit_hit(port, addr, vid, IGMPSNOOP_LIMIT_SOURCES);
}

/* The membership of @port in @addr, or NULL. Under inst->lock. */
struct igmpsnoop_member *igmpsnoop_member_find(struct igmpsnoop_instance *inst,
					       struct igmpsnoop_port *port,
					       __be32 addr, u16 vid)
{
	struct igmpsnoop_group *group = igmpsnoop_group_lookup_locked(inst, addr, vid);

	return group ? member_find(group, port) : NULL;
}

/**
 * igmpsnoop_member_get - a port's membership of a group, made if need be
 * @port: the port
 * @addr: the group's address
 * @vid: its VLAN
 * @permanent: a new membership is permanent (from user space)
 * @created: 0 if it existed, 1 if it is new, 2 if its group is new too
 * @extack: for a refusal from user space, or NULL
 *
 * Finds the membership of @port in @addr, or makes it (and the group)
 * within the port's max-groups and the port's in the VLAN, and the
 * group table's limits (igmpsnoop_group_new()). A new membership forwards
 * nothing and nobody was told yet: the caller sets its source filter,
 * then tells listeners. Under inst->lock. Returns it or an ERR_PTR.
 */
struct igmpsnoop_member *igmpsnoop_member_get(struct igmpsnoop_port *port,
					      __be32 addr, u16 vid,
					      bool permanent, int *created,
					      struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_group *group;
	struct igmpsnoop_member *m;
	bool new_group = false;
	u32 max;
	int ret;

	lockdep_assert_held(&inst->lock);
	*created = 0;
	if (inst->dead || port->dead)
		return ERR_PTR(-ENODEV);
	group = igmpsnoop_group_lookup_locked(inst, addr, vid);
	if (group) {
		m = member_find(group, port);
		if (m)
			return m;
	}
	max = igmpsnoop_port_max_groups(port);
	if (max && port->n_groups >= max) {
		igmpsnoop_table_full(port, addr, vid, IGMPSNOOP_LIMIT_PORT);
		NL_SET_ERR_MSG_MOD(extack,
				   "The port is in as many groups as its max-groups allows");
		return ERR_PTR(-ENOSPC);
	}
	if (igmpsnoop_port_vlan_full(port, vid)) {
		igmpsnoop_table_full(port, addr, vid, IGMPSNOOP_LIMIT_PORT_VLAN);
		NL_SET_ERR_MSG_MOD(extack,
				   "The port is in as many groups of the VLAN as its max-groups there allows");
		return ERR_PTR(-ENOSPC);
	}
	if (!group) {
		group = igmpsnoop_group_new(port, addr, vid, extack);
		if (IS_ERR(group))
			return ERR_CAST(group);
		new_group = true;
	}

	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m || igmpsnoop_group_ports_reserve(group, port->index)) {
		kfree(m);
		if (new_group)
			igmpsnoop_group_remove(group);
		return ERR_PTR(-ENOMEM);
	}
	m->group = group;
	m->port = port;
	m->permanent = permanent;
	/* Not there: no member of a new group, or not found above. */
	ret = 0;
	if (!group->hashed && group->n_members == IGMPSNOOP_GROUP_LIST_MAX)
		ret = member_hash_group(group);
	if (!ret && group->hashed)
		ret = rhashtable_insert_fast(&inst->members, &m->hnode,
					     member_params);
	if (ret) {
		kfree(m);
		if (new_group)
			igmpsnoop_group_remove(group);
		return ERR_PTR(ret);
	}
	igmpsnoop_member_stats_start(m);
	/* After the table, for igmpsnoop_member_lookup(): see its smp_rmb(). */
	smp_wmb();
	member_link(group, m);
	group->n_members++;
	hlist_add_head(&m->port_node, &port->members);
	port->n_groups++;
	igmpsnoop_port_vlan_count(port, vid, 1);
	netdev_dbg(inst->dev, "igmpsnoop: %pI4 joined on %s\n", &addr,
		   port->dev->name);
	*created = new_group ? 2 : 1;
	return m;
}

/* The member table of a new instance and its wheel (igmpsnoop_group_table_init()). */
int igmpsnoop_member_table_init(struct igmpsnoop_instance *inst)
{
	igmpsnoop_wheel_init(inst);
	return rhashtable_init(&inst->members, &member_params);
}

/* After a grace period, with no member left: no reader is left. */
void igmpsnoop_member_table_destroy(struct igmpsnoop_instance *inst)
{
	rhashtable_destroy(&inst->members);
}
