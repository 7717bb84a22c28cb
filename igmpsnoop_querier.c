// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the querier, as RFC 2236 and RFC 3376 describe a multicast
 * router's, so that a switch that is the only multicast-aware device of
 * its LAN keeps its hosts reporting and its snooping table right.
 *
 * Each VLAN has its own querier, in a struct igmpsnoop_querier: VLAN 0 is
 * the instance's own (inst->querier: a bridge without VLAN filtering, an
 * OVS datapath), and a VLAN-filtering bridge has one for each VLAN the
 * bridge has (inst->vlans, made and freed by igmpsnoop_querier_vlans_sync()
 * as the bridge's VLANs come and go). The querier of a VLAN is one of:
 * - none: multicast in it is flooded (igmpsnoop_flooding());
 * - another one, heard on a port in that VLAN (q->ifindex), presumed gone
 *   when it is not heard for OQPI (q->querier_timer);
 * - ours (q->self), when it is on and won the election.
 *
 * Election (RFC 2236 3, RFC 3376 6.6.2): the lowest source address wins,
 * 0.0.0.0 loses to any. Ours starts as the querier; on hearing a general
 * query from a lower address it stops querying and waits OQPI for that
 * querier to go quiet, then takes over.
 *
 * As the querier it sends a general query out of every port of its VLAN,
 * tagged or not as the port's VLAN entry says, and to the host every QI,
 * SQC of them SQI apart at start-up, and on a leave LMQC group-specific
 * queries LMQI apart out of the port that left, whose
 * membership it lowers to LMQT. When IGMPv3 hosts stop wanting sources
 * (igmpsnoop_source.c), it asks about them with LMQC group-and-source-
 * specific queries (RFC 3376 6.6.3.2), only as an IGMPv3 querier. The
 * queries are built and sent by igmpsnoop_query.c (on a bridge through the
 * bridge's output hooks, as the bridge's own). They teach nothing:
 * igmpsnoop learns from what ports receive, and if one comes back it is
 * recognised by its source address.
 *
 * State lives in the queriers and the members, under inst->lock. Queries
 * are decided under the lock and sent after it is dropped, from the
 * timers, which querier_shutdown() and igmpsnoop_wheel_stop() shut down.
 */

#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/igmp.h>
#include <linux/inetdevice.h>

#include "igmpsnoop_private.h"

/* Does querier address @a win the election against @b? */
static bool addr_wins(__be32 a, __be32 b)
{
	if (!a)
		return false;
	return !b || ntohl(a) < ntohl(b);
}

/* The first primary address of @dev, or 0. Called under RCU. */
static __be32 dev_primary_addr(const struct net_device *dev)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;

	in_dev = dev ? __in_dev_get_rcu(dev) : NULL;
	if (!in_dev)
		return 0;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (!(ifa->ifa_flags & IFA_F_SECONDARY))
			return ifa->ifa_local;
	return 0;
}

/*
 * The source address of our queries in @q's VLAN. VLAN 0: the configured
 * one, else the switch device's. A VLAN of a bridge: the one configured
 * for it, else the address of the bridge's VLAN device for it (br0.10),
 * else the instance's configured one, else the bridge's if the VLAN is
 * its PVID. Else 0.0.0.0.
 */
static __be32 querier_source(const struct igmpsnoop_querier *q)
{
	const struct igmpsnoop_instance *inst = q->inst;
	__be32 addr = q->source;
	u16 proto, pvid;

	if (addr)
		return addr;
	rcu_read_lock();
	/* br_vlan_get_proto() reads any device as a bridge. */
	if (q->vid && inst->kind == IGMPSNOOP_KIND_BRIDGE &&
	    !br_vlan_get_proto(inst->dev, &proto))
		addr = dev_primary_addr(__vlan_find_dev_deep_rcu(inst->dev,
								 htons(proto),
								 q->vid));
	if (!addr)
		addr = inst->cfg.querier_source;
	if (!addr && (!q->vid || (!br_vlan_get_pvid_rcu(inst->dev, &pvid) &&
				  pvid == q->vid)))
		addr = dev_primary_addr(inst->dev);
	rcu_read_unlock();
	return addr;
}

/* What the queries of our querier @qr say now. Called under inst->lock. */
static void query_fill(const struct igmpsnoop_querier *qr, struct igmpsnoop_query *q,
		       __be32 group)
{
	const struct igmpsnoop_instance *inst = qr->inst;

	lockdep_assert_held(&inst->lock);
	q->vid = qr->vid;
	q->saddr = qr->addr;
	q->group = group;
	q->version = igmpsnoop_timing(qr, version);
	q->qrv = igmpsnoop_timing(qr, robustness);
	q->qqi = igmpsnoop_timing(qr, query_interval);
	q->max_resp = group ? igmpsnoop_timing(qr, last_member_interval) :
			      igmpsnoop_timing(qr, query_response_interval);
	q->nsrcs = 0;
}

static void query_timer_fn(struct timer_list *t)
{
	struct igmpsnoop_querier *qr = from_timer(qr, t, query_timer);
	struct igmpsnoop_instance *inst = qr->inst;
	unsigned long next;
	struct igmpsnoop_query q;

	spin_lock(&inst->lock);
	if (inst->dead || qr->dead || !qr->self) {
		spin_unlock(&inst->lock);
		return;
	}
	/* The switch device's address may have changed. */
	qr->addr = querier_source(qr);
	qr->version = igmpsnoop_timing(qr, version);
	query_fill(qr, &q, 0);
	if (qr->startup_left)
		qr->startup_left--;
	next = qr->startup_left ? igmpsnoop_sqi(qr) :
		msecs_to_jiffies(igmpsnoop_timing(qr, query_interval));
	mod_timer(&qr->query_timer, jiffies + next);
	spin_unlock(&inst->lock);

	igmpsnoop_query_send_general(inst, &q);
}

/*
 * "igmpsnoop: ", and "vlan N: " for a VLAN's querier. At debug level
 * (dynamic debug): any host can make the querier change as often as it
 * sends queries, and the kernel log is not for what a host controls.
 * QUERIER_NTF events and show report every change.
 */
#define querier_dbg(qr, fmt, ...)					\
do {									\
	const struct igmpsnoop_querier *_qr = (qr);			\
	char _vlan[16] = "";						\
									\
	if (_qr->vid)							\
		snprintf(_vlan, sizeof(_vlan), "vlan %u: ", _qr->vid);	\
	netdev_dbg(_qr->inst->dev, "igmpsnoop: %s" fmt, _vlan,		\
		   ##__VA_ARGS__);					\
} while (0)

/*
 * Our querier becomes the querier of its VLAN: at once, with the start-up
 * queries if @startup, else with one general query and then every QI
 * (taking over from a querier that went quiet).
 */
static void querier_start(struct igmpsnoop_querier *qr, bool startup)
{
	struct igmpsnoop_instance *inst = qr->inst;
	enum igmpsnoop_event event = IGMPSNOOP_EVENT_QUERIER_ELECTED;

	lockdep_assert_held(&inst->lock);
	if (qr->present)
		event = IGMPSNOOP_EVENT_QUERIER_CHANGED;
	else	/* hosts that joined before answer within QRI */
		WRITE_ONCE(qr->flood_until, jiffies +
			   msecs_to_jiffies(igmpsnoop_timing(qr, query_response_interval)));
	del_timer(&qr->querier_timer);	/* the other's; it re-checks */
	qr->self = true;
	qr->addr = querier_source(qr);
	qr->ifindex = 0;
	qr->version = igmpsnoop_timing(qr, version);
	qr->rv = 0;
	qr->qi = 0;
	qr->since = jiffies;
	qr->startup_left = startup ? igmpsnoop_sqc(qr) : 0;
	WRITE_ONCE(qr->present, true);
	mod_timer(&qr->query_timer, jiffies);
	querier_dbg(qr, "querying as %pI4%s\n", &qr->addr,
		    qr->addr ? "" : " (no address: some devices ignore such queries)");
	igmpsnoop_nl_notify_querier(qr, event);
}

/* Our querier is turned off while it is the querier. */
static void querier_stop_self(struct igmpsnoop_querier *qr)
{
	lockdep_assert_held(&qr->inst->lock);
	del_timer(&qr->query_timer);	/* query_timer_fn() re-checks */
	querier_dbg(qr, "querier off, flooding multicast\n");
	WRITE_ONCE(qr->present, false);
	igmpsnoop_nl_notify_querier(qr, IGMPSNOOP_EVENT_QUERIER_LOST);
	qr->self = false;
	qr->addr = 0;
	qr->startup_left = 0;
}

/*
 * Is our querier on in @qr's VLAN? A VLAN-filtering bridge has no VLAN 0:
 * its VLANs have queriers. OVS trunks carry VLAN 0, untagged.
 */
static bool querier_on(const struct igmpsnoop_querier *qr)
{
	const struct igmpsnoop_instance *inst = qr->inst;

	if (!qr->vid && inst->vlan_filtering &&
	    inst->kind == IGMPSNOOP_KIND_BRIDGE)
		return false;
	return qr->enabled == IGMPSNOOP_QUERIER_INHERIT ? inst->cfg.querier :
							   qr->enabled;
}

/* The settings changed: start or stop our querier @qr. */
static void querier_update(struct igmpsnoop_querier *qr)
{
	struct igmpsnoop_instance *inst = qr->inst;
	unsigned long next;

	lockdep_assert_held(&inst->lock);
	if (inst->dead || qr->dead)
		return;
	if (!querier_on(qr)) {
		if (qr->self)
			querier_stop_self(qr);
		return;
	}
	if (qr->self) {
		/* The next query says what changed; a shorter QI brings it on. */
		next = jiffies +
		       msecs_to_jiffies(igmpsnoop_timing(qr, query_interval));
		if (timer_pending(&qr->query_timer) &&
		    time_after(qr->query_timer.expires, next))
			mod_timer(&qr->query_timer, next);
		return;
	}
	if (!qr->present || addr_wins(querier_source(qr), qr->addr))
		querier_start(qr, true);
	/* else another querier wins: ours waits for it to go quiet */
}

/*
 * The settings changed: start or stop our querier in every VLAN. Called
 * under inst->lock.
 */
void igmpsnoop_querier_update(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_querier *qr;
	unsigned long vid;

	lockdep_assert_held(&inst->lock);
	querier_update(&inst->querier);
	xa_for_each(&inst->vlans, vid, qr)
		querier_update(qr);
}

/*
 * A query from @msg->saddr came in on @port, in VLAN @msg->vid. Returns
 * false if it is one of ours come back, which must teach nothing. A
 * general query takes part in the election of its VLAN: from the querier
 * or a better one, it makes that one the querier (ours stops) and keeps
 * it present for OQPI. A query in a VLAN igmpsnoop does not know (yet)
 * teaches the port to be a router port only.
 */
bool igmpsnoop_querier_heard(struct igmpsnoop_port *port,
			     const struct igmpsnoop_msg *msg)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_querier *qr = igmpsnoop_querier_of(inst, msg->vid);
	enum igmpsnoop_event event = IGMPSNOOP_EVENT_UNSPEC;

	lockdep_assert_held(&inst->lock);
	if (!qr || qr->dead)
		return true;
	if (qr->self && msg->saddr == qr->addr)
		return false;
	if (msg->group)
		return true;	/* group-specific queries elect nobody */
	if (qr->present && msg->saddr != qr->addr &&
	    !addr_wins(msg->saddr, qr->addr))
		return true;	/* a querier that lost the election */

	if (!qr->present) {
		querier_dbg(qr, "querier %pI4 heard on %s, snooping\n",
			    &msg->saddr, port->dev->name);
		WRITE_ONCE(qr->flood_until,
			   jiffies + msecs_to_jiffies(msg->max_resp));
		event = IGMPSNOOP_EVENT_QUERIER_ELECTED;
	} else if (qr->self) {
		querier_dbg(qr, "querier %pI4 heard on %s wins, not querying\n",
			    &msg->saddr, port->dev->name);
		del_timer(&qr->query_timer);	/* query_timer_fn() re-checks */
		qr->self = false;
		qr->startup_left = 0;
		event = IGMPSNOOP_EVENT_QUERIER_CHANGED;
	} else if (qr->addr != msg->saddr ||
		   qr->ifindex != port->dev->ifindex) {
		event = IGMPSNOOP_EVENT_QUERIER_CHANGED;
	}
	qr->addr = msg->saddr;
	qr->ifindex = port->dev->ifindex;
	qr->version = msg->version;
	qr->rv = msg->qrv;
	qr->qi = msg->qqi;
	WRITE_ONCE(qr->present, true);
	mod_timer(&qr->querier_timer, jiffies + igmpsnoop_oqpi(inst, qr->vid));
	if (event) {
		qr->since = jiffies;
		igmpsnoop_nl_notify_querier(qr, event);
	}
	return true;
}

/*
 * The other querier of @qr's VLAN was not heard for OQPI: ours takes over
 * if it is on, else there is no querier and multicast is flooded.
 */
static void querier_other_lost(struct igmpsnoop_querier *qr)
{
	struct igmpsnoop_instance *inst = qr->inst;

	lockdep_assert_held(&inst->lock);
	if (inst->dead || qr->dead || qr->self || !qr->present)
		return;
	if (querier_on(qr)) {
		querier_dbg(qr, "querier %pI4 lost, taking over\n",
			    &qr->addr);
		querier_start(qr, false);
		return;
	}
	querier_dbg(qr, "querier %pI4 lost, flooding multicast\n",
		    &qr->addr);
	WRITE_ONCE(qr->present, false);
	igmpsnoop_nl_notify_querier(qr, IGMPSNOOP_EVENT_QUERIER_LOST);
	qr->addr = 0;
	qr->ifindex = 0;
	qr->rv = 0;
	qr->qi = 0;
}

static void querier_timer_fn(struct timer_list *t)
{
	struct igmpsnoop_querier *qr = from_timer(qr, t, querier_timer);

	spin_lock(&qr->inst->lock);
	if (!timer_pending(&qr->querier_timer))
		querier_other_lost(qr);
	spin_unlock(&qr->inst->lock);
}

/*
 * The sources of @m our group-and-source-specific query names now
 * (RFC 3376 6.6.3.2): those still to be asked about whose timers are not
 * above LMQT (a host answered for the others). Each is asked LMQC times.
 * Returns whether some are left to ask later. Called under inst->lock.
 */
static bool query_fill_sources(struct igmpsnoop_member *m, struct igmpsnoop_query *q)
{
	struct igmpsnoop_sources *srcs = igmpsnoop_member_sources(m);
	unsigned long lmqt_end = jiffies + igmpsnoop_lmqt(igmpsnoop_member_inst(m),
							  m->group->key.vid);
	bool more = false;
	unsigned int i;

	q->nsrcs = 0;
	if (!srcs || q->version != 3)
		return false;
	for (i = 0; i < srcs->n; i++) {
		struct igmpsnoop_source *s = &srcs->src[i];

		if (!s->rexmit || !s->forward)
			continue;
		if (!time_after(s->expires, lmqt_end))
			q->srcs[q->nsrcs++] = s->addr;
		if (--s->rexmit)
			more = true;
	}
	return more;
}

/* Our querier, if it is the querier of @m's VLAN. Called under the lock. */
static struct igmpsnoop_querier *member_querier(struct igmpsnoop_member *m)
{
	struct igmpsnoop_querier *qr =
		igmpsnoop_querier_of(igmpsnoop_member_inst(m), m->group->key.vid);

	return qr && qr->self && !qr->dead ? qr : NULL;
}

/**
 * igmpsnoop_querier_member_timer - our querier's next queries for a member
 * @inst: its instance
 * @m: the member, whose query deadline was due
 *
 * From the wheel, after it dropped inst->lock, under RCU (@m, dead or
 * not, and its port stay until rcu_read_unlock()): a group-specific
 * query while queries_left, and a group-and-source-specific one of the
 * sources still to be asked, each out of the member's port; then the
 * next LMQI after the deadline served (now, if that has passed) if more
 * are due. Nothing if the query deadline was armed again meanwhile (the
 * timer runs for it) or the member is gone.
 */
void igmpsnoop_querier_member_timer(struct igmpsnoop_instance *inst,
				    struct igmpsnoop_member *m)
{
	struct igmpsnoop_querier *qr;
	struct igmpsnoop_query q, sq;
	bool group_query = false, more;
	unsigned long next;

	spin_lock(&inst->lock);
	qr = m->dead || inst->dead ? NULL : member_querier(m);
	if (!qr) {
		/* Ours stopped querying: a later leave asks afresh. */
		m->queries_left = 0;
		spin_unlock(&inst->lock);
		return;
	}
	if (igmpsnoop_member_timer_armed(m, IGMPSNOOP_MT_QUERY)) {
		spin_unlock(&inst->lock);
		return;
	}
	if (m->queries_left) {
		query_fill(qr, &q, m->group->key.addr);
		group_query = true;
		m->queries_left--;
	}
	query_fill(qr, &sq, m->group->key.addr);
	more = query_fill_sources(m, &sq);
	/*
	 * LMQI after the deadline just served, not after now: served late
	 * on a busy machine, the queries would drift past the membership's
	 * expiry, which the leave set LMQT = LMQC * LMQI after the first.
	 */
	next = igmpsnoop_member_at(m, IGMPSNOOP_MT_QUERY) +
	       msecs_to_jiffies(igmpsnoop_timing(qr, last_member_interval));
	if (time_before(next, jiffies))
		next = jiffies;
	if (m->queries_left || more)
		igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_QUERY, next);
	spin_unlock(&inst->lock);

	if (group_query)
		igmpsnoop_query_xmit(inst, m->port, &q);
	if (sq.nsrcs)
		igmpsnoop_query_xmit(inst, m->port, &sq);
}

/*
 * @m's port left its group: if our querier is the querier of its VLAN,
 * ask the port's other hosts, LMQC times LMQI apart. The caller lowered
 * the membership to LMQT. A leave repeated while they are asked (hosts
 * send state-change reports QRV times) changes nothing.
 */
void igmpsnoop_querier_leave(struct igmpsnoop_member *m)
{
	struct igmpsnoop_querier *qr;

	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	qr = m->dead || m->queries_left ? NULL : member_querier(m);
	if (!qr)
		return;
	m->queries_left = igmpsnoop_timing(qr, last_member_count);
	igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_QUERY, jiffies);
}

/*
 * Sources of @m are to be asked about (their rexmit counts are set): send
 * the first group-and-source-specific query now, unless queries of @m are
 * under way, which will name them.
 */
void igmpsnoop_querier_sources(struct igmpsnoop_member *m)
{
	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	if (!igmpsnoop_member_timer_armed(m, IGMPSNOOP_MT_QUERY))
		igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_QUERY, jiffies);
}

/*
 * The settings of a VLAN change: its querier @enabled (0, 1 or
 * IGMPSNOOP_QUERIER_INHERIT), its @source (0: automatic), its
 * @unregistered policy (IGMPSNOOP_UNREG_DEFAULT: the instance's) and its
 * @max_groups (0: the instance's alone), if not NULL, and its @timing
 * (each 0: the instance's). Timers running keep their expiry; the next
 * query and the next report follow the new settings. Called under
 * inst->lock.
 */
void igmpsnoop_querier_vlan_set(struct igmpsnoop_querier *qr, const u8 *enabled,
				const __be32 *source, const u32 *unregistered,
				const u32 *max_groups,
				const struct igmpsnoop_timing *timing)
{
	lockdep_assert_held(&qr->inst->lock);
	qr->timing = *timing;
	if (enabled)
		qr->enabled = *enabled;
	if (source)
		qr->source = *source;
	if (unregistered)
		WRITE_ONCE(qr->unregistered, *unregistered);	/* data path */
	if (max_groups)		/* groups above it stay until they go */
		qr->max_groups = *max_groups;
	querier_update(qr);
}

static void querier_setup(struct igmpsnoop_querier *qr,
			  struct igmpsnoop_instance *inst, u16 vid)
{
	qr->inst = inst;
	qr->vid = vid;
	qr->enabled = IGMPSNOOP_QUERIER_INHERIT;
	qr->unregistered = IGMPSNOOP_UNREG_DEFAULT;
	timer_setup(&qr->querier_timer, querier_timer_fn, 0);
	timer_setup(&qr->query_timer, query_timer_fn, 0);
}

/* After qr->dead or inst->dead is set: no timer of @qr runs any more. */
static void querier_shutdown(struct igmpsnoop_querier *qr)
{
	timer_shutdown_sync(&qr->querier_timer);
	timer_shutdown_sync(&qr->query_timer);
}

/*
 * The querier of VLAN @vid goes: unpublished, its timers stopped, its
 * memberships forgotten, freed after a grace period. Called under RTNL.
 */
static void querier_vlan_del(struct igmpsnoop_instance *inst,
			     struct igmpsnoop_querier *qr)
{
	ASSERT_RTNL();
	xa_erase(&inst->vlans, qr->vid);
	spin_lock_bh(&inst->lock);
	qr->dead = true;
	if (qr->present && !inst->dead)
		igmpsnoop_nl_notify_querier(qr, IGMPSNOOP_EVENT_QUERIER_LOST);
	WRITE_ONCE(qr->present, false);
	spin_unlock_bh(&inst->lock);
	querier_shutdown(qr);
	kfree_rcu(qr, rcu);
}

/* A querier for the new VLAN @vid, started as the settings say. */
static int querier_vlan_add(struct igmpsnoop_instance *inst, u16 vid)
{
	struct igmpsnoop_querier *qr;
	int ret;

	ASSERT_RTNL();
	qr = kzalloc(sizeof(*qr), GFP_KERNEL);
	if (!qr)
		return -ENOMEM;
	querier_setup(qr, inst, vid);
	ret = xa_insert(&inst->vlans, vid, qr, GFP_KERNEL);
	if (ret) {
		kfree(qr);
		return ret;
	}
	spin_lock_bh(&inst->lock);
	querier_update(qr);
	spin_unlock_bh(&inst->lock);
	return 0;
}

/**
 * igmpsnoop_querier_vlans_sync - follow the VLANs of a switch
 * @inst: an instance
 *
 * Gives each VLAN of the switch (igmpsnoop_vlan_switch_vids()) a querier
 * while it classifies by VLAN, frees the queriers of VLANs gone and
 * forgets their memberships and those of ports that left a VLAN. Turning
 * VLAN filtering on or off forgets what was learned. O(4094) lookups,
 * O(ports) and O(groups): called under RTNL, from the instance's VLAN
 * work after a bridge's VLANs changed, when an OVS port's VLANs are set
 * or it goes, and at attach.
 */
void igmpsnoop_querier_vlans_sync(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_querier *qr;
	unsigned long *vids;
	bool filtering;
	unsigned long i;

	ASSERT_RTNL();
	inst->vlans_dirty = false;
	vids = bitmap_zalloc(VLAN_N_VID, GFP_KERNEL);
	if (!vids) {
		/* Tried again at the next change of the switch's VLANs. */
		netdev_warn(inst->dev, "igmpsnoop: no memory to follow the VLANs\n");
		return;
	}
	filtering = igmpsnoop_vlan_enabled(inst);
	if (filtering != inst->vlan_filtering) {
		WRITE_ONCE(inst->vlan_filtering, filtering);
		igmpsnoop_group_vlans_changed(inst, true);
		spin_lock_bh(&inst->lock);
		querier_update(&inst->querier);
		spin_unlock_bh(&inst->lock);
	}
	if (filtering)
		igmpsnoop_vlan_switch_vids(inst, vids);
	xa_for_each(&inst->vlans, i, qr)
		if (!test_bit(qr->vid, vids))
			querier_vlan_del(inst, qr);
	for_each_set_bit(i, vids, VLAN_N_VID)
		if (!xa_load(&inst->vlans, i) && querier_vlan_add(inst, i))
			netdev_warn(inst->dev,
				    "igmpsnoop: vlan %lu: no memory for its querier, flooding it\n",
				    i);
	bitmap_free(vids);
	igmpsnoop_group_vlans_changed(inst, false);
}

void igmpsnoop_querier_init(struct igmpsnoop_instance *inst)
{
	querier_setup(&inst->querier, inst, 0);
	xa_init(&inst->vlans);
}

/* After inst->dead is set: no query is sent any more. Called under RTNL. */
void igmpsnoop_querier_stop(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_querier *qr;
	unsigned long vid;

	querier_shutdown(&inst->querier);
	xa_for_each(&inst->vlans, vid, qr)
		querier_vlan_del(inst, qr);
	xa_destroy(&inst->vlans);
}
