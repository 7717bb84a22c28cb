// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: router ports, per VLAN.
 *
 * A port is a multicast router port when the user says so (router on), or,
 * in router auto mode (the default), while it is learned as one in a VLAN:
 * a query, a PIM hello or a multicast router advertisement heard on it in
 * that VLAN makes it one there for OQPI. Reports and data of every group of
 * that VLAN go to it; of other VLANs, not. VLAN 0 is the only VLAN of a
 * bridge without VLAN filtering and of OVS.
 *
 * What is learned is a struct igmpsnoop_router per (port, VLAN) in the
 * port's router_vlans xarray: an expiry time, which the data path reads
 * under RCU (igmpsnoop_port_is_router()), so a router port stops being one
 * at its expiry exactly. One timer per port (port->router_timer), armed
 * for the earliest expiry, sweeps the expired ones away, tells listeners
 * and frees them with kfree_rcu(). Everything is written under inst->lock;
 * a port has at most one entry per VLAN (4094). The instance's
 * router_ports bitmap holds the ports that have an entry or router on, so
 * that the data path asks those only (igmpsnoop_flow_walk_next()).
 */

#include <linux/if_bridge.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

/* What is learned of @port in VLAN @vid. */
struct igmpsnoop_router {
	unsigned long expires;		/* jiffies; READ_ONCE in the data path */
	struct rcu_head rcu;
};

/* Is @port a router port in VLAN @vid now? Called under RCU. */
bool igmpsnoop_port_is_router(struct igmpsnoop_port *port, u16 vid)
{
	const struct igmpsnoop_router *r;

	switch (READ_ONCE(port->router_mode)) {
	case IGMPSNOOP_ROUTER_ON:
		return true;
	case IGMPSNOOP_ROUTER_OFF:
		return false;
	default:
		r = xa_load(&port->router_vlans, vid);
		return r && time_before(jiffies, READ_ONCE(r->expires));
	}
}

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
 * on or learned in some VLAN. Called under inst->lock.
 */
static void router_ports_update(struct igmpsnoop_port *port)
{
	lockdep_assert_held(&port->inst->lock);
	if (port->router_mode == IGMPSNOOP_ROUTER_ON ||
	    !xa_empty(&port->router_vlans))
		set_bit(port->index, port->inst->router_ports);
	else
		clear_bit(port->index, port->inst->router_ports);
}

/* Forgets what was learned of @port in @vid. Called under inst->lock. */
static void router_del(struct igmpsnoop_port *port, u16 vid,
		       struct igmpsnoop_router *r)
{
	bool was_router = igmpsnoop_port_is_router(port, vid);

	lockdep_assert_held(&port->inst->lock);
	xa_erase(&port->router_vlans, vid);
	kfree_rcu(r, rcu);
	router_ports_update(port);
	router_changed(port, vid, was_router);
}

/*
 * @port is learned as a router port in @vid, for OQPI from now: the one
 * place router state is learned. Called under inst->lock.
 */
void igmpsnoop_router_learned(struct igmpsnoop_port *port, u16 vid)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_router *r;
	bool was_router;

	lockdep_assert_held(&inst->lock);
	if (inst->dead || port->dead)
		return;
	was_router = igmpsnoop_port_is_router(port, vid);
	r = xa_load(&port->router_vlans, vid);
	if (!r) {
		r = kzalloc(sizeof(*r), GFP_ATOMIC);
		if (!r)
			return;
		if (xa_is_err(xa_store(&port->router_vlans, vid, r, GFP_ATOMIC))) {
			kfree(r);
			return;
		}
	}
	WRITE_ONCE(r->expires, jiffies + igmpsnoop_oqpi(inst, vid));
	router_ports_update(port);
	/* The timer runs for the earliest expiry; a new one is the latest. */
	if (!timer_pending(&port->router_timer))
		mod_timer(&port->router_timer, r->expires);
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
	struct igmpsnoop_router *r;

	spin_lock(&port->inst->lock);
	if (port->dead || timer_pending(&port->router_timer))
		goto out;
	xa_for_each(&port->router_vlans, vid, r) {
		if (!time_before(now, r->expires))
			router_del(port, vid, r);
		else if (!next || time_before(r->expires, next))
			next = r->expires;
	}
	if (next)
		mod_timer(&port->router_timer, next);
out:
	spin_unlock(&port->inst->lock);
}

/*
 * Forgets what was learned of @port in every VLAN, or with @vlans_gone in
 * the VLANs it is no longer in (RTNL). Called under inst->lock.
 */
void igmpsnoop_router_forget(struct igmpsnoop_port *port, bool vlans_gone)
{
	struct bridge_vlan_info info;
	struct igmpsnoop_router *r;
	unsigned long vid;

	lockdep_assert_held(&port->inst->lock);
	xa_for_each(&port->router_vlans, vid, r)
		if (!vlans_gone || (vid && br_vlan_get_info(port->dev, vid, &info)))
			router_del(port, vid, r);
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
 * Is @port a router port in some VLAN, and until when at the latest
 * (*@until, 0 if forced or not learned)? For dumps, under inst->lock.
 */
bool igmpsnoop_router_state(struct igmpsnoop_port *port, unsigned long *until,
			    u32 *n_vlans)
{
	struct igmpsnoop_router *r;
	unsigned long vid, now = jiffies;
	bool any = false;

	lockdep_assert_held(&port->inst->lock);
	*until = 0;
	*n_vlans = 0;
	xa_for_each(&port->router_vlans, vid, r) {
		if (!time_before(now, r->expires))
			continue;
		any = true;
		++*n_vlans;
		if (!*until || time_after(r->expires, *until))
			*until = r->expires;
	}
	switch (port->router_mode) {
	case IGMPSNOOP_ROUTER_ON:
		*until = 0;
		return true;
	case IGMPSNOOP_ROUTER_OFF:
		return false;
	default:
		return any;
	}
}

void igmpsnoop_router_init(struct igmpsnoop_port *port)
{
	xa_init(&port->router_vlans);
	timer_setup(&port->router_timer, router_expired, 0);
}

/*
 * After port->dead is set and what was learned forgotten: no router timer
 * runs any more.
 */
void igmpsnoop_router_stop(struct igmpsnoop_port *port)
{
	timer_shutdown_sync(&port->router_timer);
	WARN_ON_ONCE(!xa_empty(&port->router_vlans));
	xa_destroy(&port->router_vlans);
}
