// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the group table of an instance and its timers, and what a
 * query teaches (router ports: igmpsnoop_router.c; the querier:
 * igmpsnoop_querier.c).
 *
 * A group exists while at least one port is a member. A member is a
 * (group, port) pair with its own membership timer (per-port aging: one
 * host's silence never ages out another port). Groups sit in an
 * rhashtable keyed by {address, VLAN} for the data path and in an hlist for
 * dumps; members in their group's hlist, in an rhashtable keyed by
 * {group, port} (the data path's and learning's O(1) lookup of a port's
 * membership) and in their port's list (port removal walks the port's
 * memberships, not the table). All but the port's list are RCU-readable;
 * all are written under inst->lock.
 *
 * Timers, in the words of RFC 3376 8 (RFC 2236 8 has the same):
 *   GMI  = RV * QI + QRI        a member not heard from for GMI is gone
 *   OQPI = RV * QI + QRI / 2    a querier not heard from for OQPI is gone,
 *                               and so is a router port learned from it
 *   LMQT = LMQC * LMQI          a member that left is gone after LMQT,
 *                               unless a host answers our queries
 *   SQI  = QI / 4, SQC = RV     start-up queries of our querier
 * RV and QI are the querier's QRV and QQI when its IGMPv3 queries carry
 * them, else the instance's settings. Each derived timer may be set
 * instead (non-zero in inst->cfg).
 */

#include <linux/if_bridge.h>
#include <linux/igmp.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

static const struct rhashtable_params group_params = {
	.head_offset = offsetof(struct igmpsnoop_group, node),
	.key_offset = offsetof(struct igmpsnoop_group, key),
	.key_len = sizeof(struct igmpsnoop_group_key),
	.automatic_shrinking = true,
};

static const struct rhashtable_params member_params = {
	.head_offset = offsetof(struct igmpsnoop_member, hnode),
	.key_offset = offsetof(struct igmpsnoop_member, key),
	.key_len = sizeof(struct igmpsnoop_member_key),
	.automatic_shrinking = true,
};

/* A group came or went: a group dump under way is flagged (DUMP_INTR). */
static void table_changed(struct igmpsnoop_instance *inst)
{
	lockdep_assert_held(&inst->lock);
	WRITE_ONCE(inst->table_gen, inst->table_gen + 1);
}

/* The RV and QI in force in @qr's VLAN: its querier's, else ours. */
static u32 cur_rv(const struct igmpsnoop_querier *qr)
{
	return qr->rv ?: igmpsnoop_timing(qr, robustness);
}

static u32 cur_qi(const struct igmpsnoop_querier *qr)
{
	return qr->qi ?: igmpsnoop_timing(qr, query_interval);
}

/* Group membership interval in VLAN @vid, jiffies. Under inst->lock. */
unsigned long igmpsnoop_gmi(struct igmpsnoop_instance *inst, u16 vid)
{
	const struct igmpsnoop_querier *qr = igmpsnoop_settings_of(inst, vid);

	return msecs_to_jiffies(igmpsnoop_timing(qr, membership_interval) ?:
				cur_rv(qr) * cur_qi(qr) +
				igmpsnoop_timing(qr, query_response_interval));
}

/* Other querier present interval in VLAN @vid, jiffies. Under inst->lock. */
unsigned long igmpsnoop_oqpi(struct igmpsnoop_instance *inst, u16 vid)
{
	const struct igmpsnoop_querier *qr = igmpsnoop_settings_of(inst, vid);

	return msecs_to_jiffies(igmpsnoop_timing(qr, other_querier_interval) ?:
				cur_rv(qr) * cur_qi(qr) +
				igmpsnoop_timing(qr, query_response_interval) / 2);
}

/* Last member query time in VLAN @vid, jiffies. Under inst->lock. */
unsigned long igmpsnoop_lmqt(struct igmpsnoop_instance *inst, u16 vid)
{
	const struct igmpsnoop_querier *qr = igmpsnoop_settings_of(inst, vid);

	return msecs_to_jiffies(igmpsnoop_timing(qr, last_member_time) ?:
				igmpsnoop_timing(qr, last_member_count) *
				igmpsnoop_timing(qr, last_member_interval));
}

/* Startup query interval of @qr's VLAN, jiffies. Under inst->lock. */
unsigned long igmpsnoop_sqi(const struct igmpsnoop_querier *qr)
{
	return msecs_to_jiffies(igmpsnoop_timing(qr, startup_query_interval) ?:
				igmpsnoop_timing(qr, query_interval) / 4);
}

/* Startup query count of @qr's VLAN. Under inst->lock. */
u32 igmpsnoop_sqc(const struct igmpsnoop_querier *qr)
{
	return igmpsnoop_timing(qr, startup_query_count) ?:
	       igmpsnoop_timing(qr, robustness);
}

/* Was a host of version @v heard on @m's port within GMI? */
static bool older_host(const struct igmpsnoop_member *m, u8 v)
{
	/* Dumps read it under RCU alone. */
	unsigned long until = v == 1 ? READ_ONCE(m->v1_until) :
				       READ_ONCE(m->v2_until);

	return until && time_before(jiffies, until);
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

static struct igmpsnoop_group *
group_lookup_locked(struct igmpsnoop_instance *inst, __be32 addr, u16 vid)
{
	struct igmpsnoop_group_key key = { .addr = addr, .vid = vid };

	lockdep_assert_held(&inst->lock);
	return rhashtable_lookup_fast(&inst->groups, &key, group_params);
}

/* Called under RCU: the data path and dumps. */
struct igmpsnoop_group *igmpsnoop_group_lookup(struct igmpsnoop_instance *inst,
					       __be32 addr, u16 vid)
{
	struct igmpsnoop_group_key key = { .addr = addr, .vid = vid };

	return rhashtable_lookup(&inst->groups, &key, group_params);
}

static struct igmpsnoop_member *member_find(struct igmpsnoop_group *group,
					    const struct igmpsnoop_port *port)
{
	struct igmpsnoop_member_key key = { .group = group, .port = port };

	lockdep_assert_held(&group->inst->lock);
	return rhashtable_lookup_fast(&group->inst->members, &key,
				      member_params);
}

/* The membership of @port in @group, or NULL. Called under RCU. */
struct igmpsnoop_member *
igmpsnoop_member_lookup(const struct igmpsnoop_group *group,
			const struct igmpsnoop_port *port)
{
	struct igmpsnoop_member_key key = { .group = group, .port = port };

	return rhashtable_lookup(&group->inst->members, &key, member_params);
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

static void group_del(struct igmpsnoop_group *group)
{
	struct igmpsnoop_instance *inst = group->inst;
	struct igmpsnoop_querier *q = vlan_counter(inst, group->key.vid);

	lockdep_assert_held(&inst->lock);
	rhashtable_remove_fast(&inst->groups, &group->node, group_params);
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

/*
 * Unlinks @m; the GC work stops its timer and frees it. Removes its group
 * with its last member.
 */
void igmpsnoop_member_del(struct igmpsnoop_member *m)
{
	struct igmpsnoop_instance *inst = m->inst;
	struct igmpsnoop_group *group = m->group;

	lockdep_assert_held(&inst->lock);
	hlist_del_rcu(&m->node);
	rhashtable_remove_fast(&inst->members, &m->hnode, member_params);
	hlist_del(&m->port_node);
	igmpsnoop_group_ports_clear(group, m->port->index);
	m->port->n_groups--;
	igmpsnoop_port_vlan_count(m->port, group->key.vid, -1);
	igmpsnoop_member_stats_stop(m);
	m->dead = true;
	m->group = NULL;
	hlist_add_head(&m->gc_node, &inst->gc_list);
	queue_work(igmpsnoop_wq, &inst->gc_work);
	if (hlist_empty(&group->members)) {
		igmpsnoop_nl_notify_group(group, IGMPSNOOP_EVENT_GROUP_REMOVED);
		group_del(group);
	} else {
		igmpsnoop_nl_notify_group(group, IGMPSNOOP_EVENT_GROUP_CHANGED);
	}
}

/* After its grace period: no hook counts on @m any more. */
static void member_free_rcu(struct rcu_head *rcu)
{
	struct igmpsnoop_member *m =
		container_of(rcu, struct igmpsnoop_member, rcu);

	igmpsnoop_member_stats_free(m);
	kfree(m);
}

static void gc_work(struct work_struct *work)
{
	struct igmpsnoop_instance *inst =
		container_of(work, struct igmpsnoop_instance, gc_work);
	struct igmpsnoop_member *m;
	struct hlist_node *tmp;
	HLIST_HEAD(dead);

	spin_lock_bh(&inst->lock);
	hlist_move_list(&inst->gc_list, &dead);
	spin_unlock_bh(&inst->lock);

	hlist_for_each_entry_safe(m, tmp, &dead, gc_node) {
		hlist_del(&m->gc_node);
		timer_shutdown_sync(&m->timer);
		igmpsnoop_source_member_free(m);
		call_rcu(&m->rcu, member_free_rcu);
	}
}

/*
 * The one place a member's timer is armed: at the earliest of its armed
 * deadlines, never once the member is dead. Under inst->lock.
 */
static void member_timer_sync(struct igmpsnoop_member *m)
{
	unsigned long first = 0;
	bool any = false;
	int i;

	lockdep_assert_held(&m->inst->lock);
	if (m->dead)
		return;
	for (i = 0; i < IGMPSNOOP_MT_N; i++) {
		if (!(m->armed & BIT(i)))
			continue;
		if (!any || time_before(m->at[i], first))
			first = m->at[i];
		any = true;
	}
	if (any)
		mod_timer(&m->timer, first);
	else
		del_timer(&m->timer);	/* member_timer_fn() re-checks */
}

/**
 * igmpsnoop_member_timer_set - arm one of a member's deadlines
 * @m: the member
 * @which: the deadline
 * @expires: when, in jiffies
 *
 * A member has one timer for its group timer, its earliest source timer
 * and our querier's next query (40 bytes, not 120): it runs to the
 * earliest deadline armed, and member_timer_fn() serves each one due.
 * Under inst->lock.
 */
void igmpsnoop_member_timer_set(struct igmpsnoop_member *m,
				enum igmpsnoop_member_timer which,
				unsigned long expires)
{
	lockdep_assert_held(&m->inst->lock);
	if (m->dead)
		return;
	WRITE_ONCE(m->at[which], expires);	/* dumps read the group's */
	m->armed |= BIT(which);
	member_timer_sync(m);
}

/* Disarms one of @m's deadlines. Under inst->lock. */
void igmpsnoop_member_timer_clear(struct igmpsnoop_member *m,
				  enum igmpsnoop_member_timer which)
{
	lockdep_assert_held(&m->inst->lock);
	if (!(m->armed & BIT(which)))
		return;
	m->armed &= ~BIT(which);
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
	    time_after(m->at[IGMPSNOOP_MT_GROUP], expires))
		igmpsnoop_member_arm(m, expires);
}

/*
 * @m's deadlines that are due, each disarmed and served: the group timer
 * (RFC 3376 6.5), the source timers, and last our querier's queries,
 * which it sends outside the lock. The member may go on the way; what
 * is left runs on.
 */
static void member_timer_fn(struct timer_list *t)
{
	struct igmpsnoop_member *m = from_timer(m, t, timer);
	struct igmpsnoop_instance *inst = m->inst;
	unsigned long now = jiffies;
	unsigned int due = 0;
	int i;

	spin_lock(&inst->lock);
	if (m->dead)
		goto out;
	for (i = 0; i < IGMPSNOOP_MT_N; i++)
		if ((m->armed & BIT(i)) && !time_after(m->at[i], now))
			due |= BIT(i);
	m->armed &= ~due;
	if ((due & BIT(IGMPSNOOP_MT_GROUP)) && !m->permanent) {
		netdev_dbg(inst->dev, "igmpsnoop: %pI4 on %s: group timer expired\n",
			   &m->group->key.addr, m->port->dev->name);
		igmpsnoop_source_group_expired(m);
	}
	if ((due & BIT(IGMPSNOOP_MT_SOURCE)) && !m->dead)
		igmpsnoop_source_timer(m);
	member_timer_sync(m);
out:
	spin_unlock(&inst->lock);
	/* The member GC shuts this timer down before @m and its port go. */
	if (due & BIT(IGMPSNOOP_MT_QUERY))
		igmpsnoop_querier_member_timer(m);
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
static void table_full(struct igmpsnoop_port *port, __be32 addr, u16 vid,
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
	struct igmpsnoop_group *group = group_lookup_locked(inst, addr, vid);

	return group ? member_find(group, port) : NULL;
}

/*
 * Finds the membership of @port in @addr, or creates it (and the group)
 * within the instance's and the port's max-groups, @permanent or not.
 * *@created is 0 if it existed, 1 if it is new, 2 if its group is new
 * too. A new membership forwards nothing and nobody was told yet: the
 * caller sets its source filter, then tells listeners (member_set_any(),
 * igmpsnoop_source_record()).
 */
static struct igmpsnoop_member *member_get(struct igmpsnoop_port *port,
					   __be32 addr, u16 vid, bool permanent,
					   int *created,
					   struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_querier *q = vlan_counter(inst, vid);
	struct igmpsnoop_group *group;
	struct igmpsnoop_member *m;
	bool new_group = false;
	u32 max;
	int ret;

	lockdep_assert_held(&inst->lock);
	*created = 0;
	if (inst->dead || port->dead)
		return ERR_PTR(-ENODEV);
	group = group_lookup_locked(inst, addr, vid);
	if (group) {
		m = member_find(group, port);
		if (m)
			return m;
	}
	max = igmpsnoop_port_max_groups(port);
	if (max && port->n_groups >= max) {
		table_full(port, addr, vid, IGMPSNOOP_LIMIT_PORT);
		NL_SET_ERR_MSG_MOD(extack,
				   "The port is in as many groups as its max-groups allows");
		return ERR_PTR(-ENOSPC);
	}
	if (igmpsnoop_port_vlan_full(port, vid)) {
		table_full(port, addr, vid, IGMPSNOOP_LIMIT_PORT_VLAN);
		NL_SET_ERR_MSG_MOD(extack,
				   "The port is in as many groups of the VLAN as its max-groups there allows");
		return ERR_PTR(-ENOSPC);
	}
	if (!group) {
		if (inst->n_groups >= inst->cfg.max_groups) {
			table_full(port, addr, vid, IGMPSNOOP_LIMIT_INSTANCE);
			NL_SET_ERR_MSG_MOD(extack, "The group table is full (max-groups)");
			return ERR_PTR(-ENOSPC);
		}
		if (q && q->max_groups && q->n_groups >= q->max_groups) {
			table_full(port, addr, vid, IGMPSNOOP_LIMIT_VLAN);
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
		/* Looked up above under inst->lock: not there. */
		ret = rhashtable_insert_fast(&inst->groups, &group->node,
					     group_params);
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
		new_group = true;
	}

	m = kzalloc(sizeof(*m), GFP_ATOMIC);
	if (!m || igmpsnoop_group_ports_reserve(group, port->index)) {
		kfree(m);
		if (new_group)
			group_del(group);
		return ERR_PTR(-ENOMEM);
	}
	m->inst = inst;
	m->group = group;
	m->port = port;
	m->permanent = permanent;
	/* Not there either: no member of a new group, or not found above. */
	ret = rhashtable_insert_fast(&inst->members, &m->hnode,
				     member_params);
	if (ret) {
		kfree(m);
		if (new_group)
			group_del(group);
		return ERR_PTR(ret);
	}
	timer_setup(&m->timer, member_timer_fn, 0);
	igmpsnoop_member_stats_start(m);
	member_link(group, m);
	hlist_add_head(&m->port_node, &port->members);
	port->n_groups++;
	igmpsnoop_port_vlan_count(port, vid, 1);
	netdev_dbg(inst->dev, "igmpsnoop: %pI4 joined on %s\n", &addr,
		   port->dev->name);
	*created = new_group ? 2 : 1;
	return m;
}

/* For IGMPv3 records (igmpsnoop_source.c): see member_get(). */
struct igmpsnoop_member *igmpsnoop_member_get(struct igmpsnoop_port *port,
					      __be32 addr, u16 vid,
					      int *created)
{
	return member_get(port, addr, vid, false, created, NULL);
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
	m = member_get(port, addr, vid, false, &created, NULL);
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
	/* Older version host present timers: never 0, which means unset. */
	if (version == 1)
		WRITE_ONCE(m->v1_until, expires ?: 1);
	else if (version == 2)
		WRITE_ONCE(m->v2_until, expires ?: 1);
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
	m = member_get(port, addr, vid, permanent, &created, extack);
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
	struct igmpsnoop_group *group;
	struct igmpsnoop_member *m = NULL;

	spin_lock_bh(&inst->lock);
	group = group_lookup_locked(inst, addr, vid);
	if (group)
		m = member_find(group, port);
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
 * (igmpsnoop_querier_heard()). A group-specific query lowers the group's
 * member timers (EXCLUDE mode) to LMQC x Max Resp Time, as the querier's
 * own timer for the group; a group-and-source-specific query lowers the
 * timers of the sources it names, unless its S flag is set. Our own
 * queries, come back, teach nothing.
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
	group = group_lookup_locked(inst, msg->group, msg->vid);
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
 * learning, timer_shutdown_sync() from arming its timer again.
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
	/* Members of this port must be off the GC list before it goes. */
	flush_work(&inst->gc_work);
}

int igmpsnoop_group_table_init(struct igmpsnoop_instance *inst)
{
	int ret;

	spin_lock_init(&inst->lock);
	INIT_HLIST_HEAD(&inst->group_list);
	INIT_HLIST_HEAD(&inst->gc_list);
	INIT_WORK(&inst->gc_work, gc_work);
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
	ret = rhashtable_init(&inst->groups, &group_params);
	if (ret)
		goto err_source;
	ret = rhashtable_init(&inst->members, &member_params);
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
	igmpsnoop_querier_stop(inst);
	flush_work(&inst->gc_work);
	igmpsnoop_stats_flush(inst);
}

/* After a grace period: no reader is left. Called from a work item. */
void igmpsnoop_group_table_destroy(struct igmpsnoop_instance *inst)
{
	WARN_ON_ONCE(inst->n_groups);
	rhashtable_destroy(&inst->members);
	rhashtable_destroy(&inst->groups);
	igmpsnoop_source_table_destroy(inst);
}
