// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: router ports, and a port's own settings, per VLAN.
 *
 * A port is a multicast router port when the user says so (router on), or,
 * in router auto mode (the default), while it is learned as one in a VLAN:
 * a query, a PIM hello or a multicast router advertisement heard on it in
 * that VLAN makes it one there for OQPI. Reports and data of every group of
 * that VLAN go to it; of other VLANs, not. VLAN 0 is the only VLAN of a
 * bridge without VLAN filtering and of OVS. On a VLAN-filtering bridge the
 * user may set a port's router mode in one VLAN, which then overrides the
 * port's there, and its max-groups in one VLAN.
 *
 * A struct igmpsnoop_port_vlan per (port, VLAN) in the port's vlans xarray
 * holds both: the learned router expiry, which the data path reads under
 * RCU (igmpsnoop_port_is_router()), so a router port stops being one at
 * its expiry exactly; the own router mode; the own max-groups and, while
 * it is set, the port's memberships in the VLAN. It exists while any of
 * them does (port_vlan_put()). One timer per port (port->router_timer),
 * armed for the earliest expiry, sweeps the expired ones, tells listeners
 * and frees entries left with nothing with kfree_rcu(). Everything is
 * written under inst->lock; a port has at most one entry per VLAN (4094).
 * The instance's router_ports bitmap holds the ports that have an entry or
 * router on, so that the data path asks those only
 * (igmpsnoop_flow_walk_next()).
 */

#include <linux/if_bridge.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

/* Tells listeners if @port stopped or started being a router port in @vid. */
static void router_changed(struct igmpsnoop_port *port, u16 vid, bool was_router)
{
	bool is_router = igmpsnoop_port_is_router(port, vid);

	lockdep_assert_held(&port->inst->lock);
	if (is_router == was_router)
		return;
	netdev_dbg(port->inst->dev, "igmpsnoop: %s %s router port in vlan %u\n",
		   port->dev->name, is_router ? "is a" : "is no longer a", vid);
	igmpsnoop_nl_notify_router(port, vid, is_router ?
				   IGMPSNOOP_EVENT_ROUTER_ADDED :
				   IGMPSNOOP_EVENT_ROUTER_REMOVED);
}

/*
 * @port may be a router port: in the instance's router_ports while router
 * on or while it has state in some VLAN. Called under inst->lock.
 */
static void router_ports_update(struct igmpsnoop_port *port)
{
	lockdep_assert_held(&port->inst->lock);
	if (port->router_mode == IGMPSNOOP_ROUTER_ON || !xa_empty(&port->vlans))
		set_bit(port->index, port->inst->router_ports);
	else
		clear_bit(port->index, port->inst->router_ports);
}

/* The entry of @port in @vid, made if need be. Under inst->lock. */
static struct igmpsnoop_port_vlan *port_vlan_get(struct igmpsnoop_port *port,
						 u16 vid)
{
	struct igmpsnoop_port_vlan *pv;

	lockdep_assert_held(&port->inst->lock);
	pv = xa_load(&port->vlans, vid);
	if (pv)
		return pv;
	pv = kzalloc(sizeof(*pv), GFP_ATOMIC);
	if (!pv)
		return NULL;
	pv->router_mode = IGMPSNOOP_ROUTER_DEFAULT;
	if (xa_is_err(xa_store(&port->vlans, vid, pv, GFP_ATOMIC))) {
		kfree(pv);
		return NULL;
	}
	if (!vid)
		rcu_assign_pointer(port->vlan0, pv);
	return pv;
}

/* Frees @pv, @port's entry in @vid. Under inst->lock. */
static void port_vlan_free(struct igmpsnoop_port *port, u16 vid,
			   struct igmpsnoop_port_vlan *pv)
{
	if (!vid)
		RCU_INIT_POINTER(port->vlan0, NULL);
	xa_erase(&port->vlans, vid);
	kfree_rcu(pv, rcu);
	router_ports_update(port);
}

/* Frees @pv if it holds nothing any more. Under inst->lock. */
static void port_vlan_put(struct igmpsnoop_port *port, u16 vid,
			  struct igmpsnoop_port_vlan *pv)
{
	lockdep_assert_held(&port->inst->lock);
	if (!pv->router_expires && pv->router_mode == IGMPSNOOP_ROUTER_DEFAULT &&
	    !pv->max_groups)
		port_vlan_free(port, vid, pv);
}

/* Forgets that @port was learned a router port in @vid. Under inst->lock. */
static void router_unlearn(struct igmpsnoop_port *port, u16 vid,
			   struct igmpsnoop_port_vlan *pv)
{
	bool was_router = igmpsnoop_port_is_router(port, vid);

	lockdep_assert_held(&port->inst->lock);
	WRITE_ONCE(pv->router_expires, 0);
	port_vlan_put(port, vid, pv);
	router_changed(port, vid, was_router);
}

/*
 * @port is learned as a router port in @vid, for OQPI from now: the one
 * place router state is learned. Called under inst->lock.
 */
void igmpsnoop_router_learned(struct igmpsnoop_port *port, u16 vid)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_port_vlan *pv;
	unsigned long expires;
	bool was_router;

	lockdep_assert_held(&inst->lock);
	if (inst->dead || port->dead)
		return;
	was_router = igmpsnoop_port_is_router(port, vid);
	pv = port_vlan_get(port, vid);
	if (!pv)
		return;
	expires = (jiffies + igmpsnoop_oqpi(inst, vid)) ?: 1;
	WRITE_ONCE(pv->router_expires, expires);
	router_ports_update(port);
	/* The timer runs for the earliest expiry; a new one is the latest. */
	if (!timer_pending(&port->router_timer))
		mod_timer(&port->router_timer, expires);
	router_changed(port, vid, was_router);
}

/* A PIM hello or a multicast router advertisement came in on @port. */
void igmpsnoop_router_heard(struct igmpsnoop_port *port, u16 vid)
{
	spin_lock_bh(&port->inst->lock);
	igmpsnoop_router_learned(port, vid);
	spin_unlock_bh(&port->inst->lock);
}

static void router_expired(struct timer_list *t)
{
	struct igmpsnoop_port *port = from_timer(port, t, router_timer);
	unsigned long vid, now = jiffies, next = 0;
	struct igmpsnoop_port_vlan *pv;

	spin_lock(&port->inst->lock);
	if (port->dead || timer_pending(&port->router_timer))
		goto out;
	xa_for_each(&port->vlans, vid, pv) {
		if (!pv->router_expires)
			continue;
		if (!time_before(now, pv->router_expires))
			router_unlearn(port, vid, pv);
		else if (!next || time_before(pv->router_expires, next))
			next = pv->router_expires;
	}
	if (next)
		mod_timer(&port->router_timer, next);
out:
	spin_unlock(&port->inst->lock);
}

/*
 * Forgets the state of @port: what was learned in every VLAN (the user's
 * settings stay), everything in the VLANs it is no longer in (RTNL), or
 * everything. Called under inst->lock.
 */
void igmpsnoop_router_forget(struct igmpsnoop_port *port,
			     enum igmpsnoop_forget what)
{
	struct igmpsnoop_port_vlan *pv;
	unsigned long vid;
	bool was_router;
	bool tagged;

	lockdep_assert_held(&port->inst->lock);
	xa_for_each(&port->vlans, vid, pv) {
		if (what == IGMPSNOOP_FORGET_LEARNED) {
			if (pv->router_expires)
				router_unlearn(port, vid, pv);
			continue;
		}
		if (what == IGMPSNOOP_FORGET_VLANS_GONE &&
		    igmpsnoop_vlan_port_in(port, vid, &tagged))
			continue;
		was_router = igmpsnoop_port_is_router(port, vid);
		port_vlan_free(port, vid, pv);
		router_changed(port, vid, was_router);
	}
}

/*
 * The user sets @port's router mode: listeners hear of the change in VLAN
 * 0, which stands for the port. Called under inst->lock.
 */
void igmpsnoop_router_mode_set(struct igmpsnoop_port *port, u32 mode)
{
	bool was_router = igmpsnoop_port_is_router(port, 0);

	lockdep_assert_held(&port->inst->lock);
	WRITE_ONCE(port->router_mode, mode);	/* read by the data path */
	router_ports_update(port);
	router_changed(port, 0, was_router);
}

/*
 * Is @port a router port in some VLAN, in how many by state of their own
 * (*@n_vlans), and until when at the latest as learned (*@until, 0 if
 * forced or not learned)? For dumps, under inst->lock.
 */
bool igmpsnoop_router_state(struct igmpsnoop_port *port, unsigned long *until,
			    u32 *n_vlans)
{
	struct igmpsnoop_port_vlan *pv;
	unsigned long vid;
	bool any = false;

	lockdep_assert_held(&port->inst->lock);
	*until = 0;
	*n_vlans = 0;
	xa_for_each(&port->vlans, vid, pv) {
		if (!igmpsnoop_port_is_router(port, vid))
			continue;
		any = true;
		++*n_vlans;
		if (igmpsnoop_port_vlan_router_learned(pv) &&
		    (!*until || time_after(pv->router_expires, *until)))
			*until = pv->router_expires;
	}
	if (port->router_mode == IGMPSNOOP_ROUTER_ON) {
		*until = 0;
		return true;
	}
	return any;
}

/*
 * The user sets @port's own router mode (IGMPSNOOP_ROUTER_DEFAULT: the
 * port's) and max-groups (0: none) in VLAN @vid; NULL leaves one as it
 * is. Memberships above a lowered limit stay until they go. Called under
 * inst->lock; -ENOMEM if the entry cannot be made.
 */
int igmpsnoop_port_vlan_set(struct igmpsnoop_port *port, u16 vid,
			    const u32 *router_mode, const u32 *max_groups)
{
	struct igmpsnoop_port_vlan *pv;
	struct igmpsnoop_member *m;
	bool was_router;

	lockdep_assert_held(&port->inst->lock);
	was_router = igmpsnoop_port_is_router(port, vid);
	pv = port_vlan_get(port, vid);
	if (!pv)
		return -ENOMEM;
	if (router_mode)
		WRITE_ONCE(pv->router_mode, *router_mode);
	if (max_groups) {
		/* Counted from now on: O(the port's memberships), once. */
		if (*max_groups && !pv->max_groups) {
			pv->n_groups = 0;
			hlist_for_each_entry(m, &port->members, port_node)
				if (m->group->key.vid == vid)
					pv->n_groups++;
		}
		pv->max_groups = *max_groups;
	}
	router_ports_update(port);
	router_changed(port, vid, was_router);
	port_vlan_put(port, vid, pv);
	return 0;
}

/* Is @port in as many groups of @vid as its own limit there allows? */
bool igmpsnoop_port_vlan_full(struct igmpsnoop_port *port, u16 vid)
{
	const struct igmpsnoop_port_vlan *pv = xa_load(&port->vlans, vid);

	lockdep_assert_held(&port->inst->lock);
	return pv && pv->max_groups && pv->n_groups >= pv->max_groups;
}

/* @port joined (@delta 1) or left (-1) a group of @vid. */
void igmpsnoop_port_vlan_count(struct igmpsnoop_port *port, u16 vid, int delta)
{
	struct igmpsnoop_port_vlan *pv = xa_load(&port->vlans, vid);

	lockdep_assert_held(&port->inst->lock);
	if (pv && pv->max_groups)
		pv->n_groups += delta;
}

void igmpsnoop_router_init(struct igmpsnoop_port *port)
{
	xa_init(&port->vlans);
	timer_setup(&port->router_timer, router_expired, 0);
}

/*
 * After port->dead is set and all its state in VLANs forgotten: no router
 * timer runs any more.
 */
void igmpsnoop_router_stop(struct igmpsnoop_port *port)
{
	timer_shutdown_sync(&port->router_timer);
	WARN_ON_ONCE(!xa_empty(&port->vlans));
	xa_destroy(&port->vlans);
}
