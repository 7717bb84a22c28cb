/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igmpsnoop: what the data path does for every frame and copy (the rest
 * is in igmpsnoop_flow.c): what a frame is, its group, the walk of the
 * ports that may want it, whether the host asked for it, and the counting
 * of the copies let out. Inline:
 * the bridge's fast path calls them for every frame and copy, where a call
 * and its return cost more than what they do.
 */

#ifndef _IGMPSNOOP_FLOW_H
#define _IGMPSNOOP_FLOW_H

#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "igmpsnoop_private.h"

#define IGMPSNOOP_ALL_PIM_ROUTERS	htonl(0xe000000d)	/* 224.0.0.13 */

/* What igmpsnoop_flow_rx() found a frame to be. */
enum igmpsnoop_rx {
	IGMPSNOOP_RX_PASS,		/* nothing more to decide */
	IGMPSNOOP_RX_BAD,		/* malformed IGMP: drop */
	IGMPSNOOP_RX_DATA,		/* multicast data: forward it */
	IGMPSNOOP_RX_REPORT,		/* an IGMPv1/v2 report: to routers */
	IGMPSNOOP_RX_REPORT_V3,		/* an IGMPv3 report, a leave: to routers */
};

enum igmpsnoop_rx igmpsnoop_flow_rx_igmp(struct igmpsnoop_port *port,
					 struct sk_buff *skb, u16 vid,
					 bool learn);
void igmpsnoop_flow_rx_pim(struct igmpsnoop_port *port, struct sk_buff *skb,
			   const struct iphdr *iph, u16 vid);

bool igmpsnoop_flow_host_vlan_listed(struct net_device *dev, u16 vid,
				     const struct netdev_hw_addr *ha);

/*
 * The entry of the Ethernet address @mac in @dev's multicast list, if the
 * host asked for frames to it there, else NULL. A bridge device's list
 * holds the joins of its own IP stack, those its upper devices (VLAN
 * devices, macvlan, ipvlan) synced to it, and packet sockets'
 * PACKET_MR_MULTICAST. The list is written under the device's address
 * lock with RCU list primitives, and its entries are freed with
 * kfree_rcu(): an RCU walk is safe. Bounded by the addresses on the device.
 */
static __always_inline const struct netdev_hw_addr *
igmpsnoop_flow_dev_mc_find(const struct net_device *dev, const u8 *mac)
{
	const struct netdev_hw_addr *ha;

	list_for_each_entry_rcu(ha, &dev->mc.list, list)
		if (ether_addr_equal(ha->addr, mac))
			return ha;
	return NULL;
}

/**
 * igmpsnoop_flow_host_router - is the host behind a bridge a multicast router?
 * @inst: a bridge instance
 *
 * As the bridge's own mcast_router says (igmpsnoop_brport.c): always (2),
 * never (0), or (1, the default) when the bridge device is all-multicast,
 * as a multicast routing daemon's virtual interface on it or on an upper
 * device of it makes it (igmpproxy, smcroute, pimd: ipmr's vif_add()), or
 * routes multicast. Under RCU.
 */
static __always_inline bool
igmpsnoop_flow_host_router(const struct igmpsnoop_instance *inst)
{
	struct in_device *in_dev;

	switch (READ_ONCE(inst->br_router)) {
	case MDB_RTR_TYPE_PERM:
		return true;
	case MDB_RTR_TYPE_DISABLED:
		return false;
	}
	if (inst->dev->flags & IFF_ALLMULTI)
		return true;
	in_dev = __in_dev_get_rcu(inst->dev);
	return in_dev && IN_DEV_MFORWARD(in_dev);
}

/**
 * igmpsnoop_flow_host_asked_group - did the host ask for a group's data?
 * @inst: a bridge instance
 * @addr: the group, not link-local, where igmpsnoop does not flood
 * @vid: its VLAN
 *
 * igmpsnoop_flow_host_asked() for data, where the caller knows the rest:
 * everything if the host is a multicast router; else the bridge device's
 * list, which also holds its upper devices' joins; in a VLAN of a
 * VLAN-filtering bridge, of those only the ones of the devices the frame
 * reaches (igmpsnoop_flow_host_vlan_listed()). A promiscuous bridge
 * device gets the rest too: the caller's to say. Inline: the fast path
 * asks it for every frame. Under RCU.
 */
static __always_inline bool
igmpsnoop_flow_host_asked_group(struct igmpsnoop_instance *inst, __be32 addr,
				u16 vid)
{
	struct net_device *dev = inst->dev;
	const struct netdev_hw_addr *ha;
	u8 mac[ETH_ALEN];

	if (igmpsnoop_flow_host_router(inst))
		return true;
	ip_eth_mc_map(addr, mac);
	/* A VLAN device's join (or promiscuity) is the bridge device's too. */
	ha = igmpsnoop_flow_dev_mc_find(dev, mac);
	return ha && (!vid || igmpsnoop_flow_host_vlan_listed(dev, vid, ha));
}

/**
 * igmpsnoop_flow_data - the group of a multicast data frame
 * @in: the port it came in on
 * @iph: its IP header; its group is outside 224.0.0.0/24
 * @vid: its VLAN
 * @unregistered: set to how it goes if unregistered: IGMPSNOOP_UNREG_FLOOD
 *	if it is flooded (no querier, or unregistered and its VLAN's policy
 *	floods), else that policy; IGMPSNOOP_UNREG_DEFAULT if registered
 *
 * Returns the group, or NULL if unregistered, and counts the frame by how
 * it is forwarded, and in its group's counters. Called under RCU: the
 * group is valid until it ends.
 */
static __always_inline struct igmpsnoop_group *
igmpsnoop_flow_data(struct igmpsnoop_port *in, const struct iphdr *iph,
		    u16 vid, u32 *unregistered)
{
	struct igmpsnoop_instance *inst = in->inst;
	const struct igmpsnoop_querier *q = igmpsnoop_querier_of_rcu(inst, vid);
	struct igmpsnoop_group *group;

	*unregistered = IGMPSNOOP_UNREG_FLOOD;
	if (igmpsnoop_querier_flooding(q)) {
		igmpsnoop_port_count(in, IGMPSNOOP_CNT_FWD_FLOODED);
		return NULL;
	}
	group = igmpsnoop_group_lookup(inst, iph->daddr, vid);
	if (group) {
		igmpsnoop_port_count(in, IGMPSNOOP_CNT_FWD_REGISTERED);
		igmpsnoop_group_count(group, false, 1, ntohs(iph->tot_len));
		*unregistered = IGMPSNOOP_UNREG_DEFAULT;
	} else {
		igmpsnoop_port_count(in, IGMPSNOOP_CNT_FWD_UNREGISTERED);
		*unregistered = igmpsnoop_querier_unregistered(inst, q);
	}
	return group;
}

/**
 * igmpsnoop_flow_rx - what an IPv4 frame received on a port teaches
 * @port: the port it came in on
 * @skb: the frame, data at the IP header, not shared
 * @vid: its VLAN, as the bridge classifies it (0 without VLAN filtering)
 * @learn: learn from it and count it; else only validate its IGMP
 *
 * Valid IGMP is counted by type and learned from, and PIM hellos and
 * router advertisements make router ports. Returns IGMPSNOOP_RX_BAD for a
 * malformed IGMP message, which the caller drops so that no port ever gets
 * it; IGMPSNOOP_RX_REPORT for a valid IGMPv1 or v2 report and
 * IGMPSNOOP_RX_REPORT_V3 for a valid IGMPv3 report or leave, which go to
 * router ports only; IGMPSNOOP_RX_DATA, if @learn, for IPv4 multicast data
 * outside 224.0.0.0/24 (counted in rx_mcast), whose forwarding the caller
 * decides; else IGMPSNOOP_RX_PASS.
 */
static __always_inline enum igmpsnoop_rx
igmpsnoop_flow_rx(struct igmpsnoop_port *port, struct sk_buff *skb, u16 vid,
		  bool learn)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	if (skb->protocol != htons(ETH_P_IP) ||
	    skb->pkt_type != PACKET_MULTICAST)
		return IGMPSNOOP_RX_PASS;
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || !ipv4_is_multicast(iph->daddr))
		return IGMPSNOOP_RX_PASS;
	if (iph->protocol == IPPROTO_IGMP)
		return igmpsnoop_flow_rx_igmp(port, skb, vid, learn);
	if (!learn)
		return IGMPSNOOP_RX_PASS;

	igmpsnoop_port_count(port, IGMPSNOOP_CNT_RX_MCAST);
	if (!ipv4_is_local_multicast(iph->daddr))
		return IGMPSNOOP_RX_DATA;
	if (iph->protocol == IPPROTO_PIM &&
	    iph->daddr == IGMPSNOOP_ALL_PIM_ROUTERS && iph->ihl >= 5)
		igmpsnoop_flow_rx_pim(port, skb, iph, vid);
	return IGMPSNOOP_RX_PASS;
}

/*
 * A walk of the ports that may want a frame: the group's members and the
 * router ports, not every port.
 */
struct igmpsnoop_flow_walk {
	struct igmpsnoop_instance *inst;
	const struct igmpsnoop_group *group;
	/* The group's first member not passed yet, in port index order. */
	const struct igmpsnoop_member *member;
	bool all;
	unsigned int word;
	unsigned int words;	/* of the bitmaps: the instance's port_words */
	unsigned long bits;
};

/* The member of an RCU hlist node of a group's members, or NULL. */
#define igmpsnoop_member_entry(ptr)					\
	hlist_entry_safe(rcu_dereference(ptr), struct igmpsnoop_member, node)

/**
 * igmpsnoop_flow_walk_start - walk the ports that may want a frame
 * @walk: the walk
 * @inst: the instance
 * @group: the frame's group, NULL if unregistered
 * @unregistered: the policy for unregistered groups in the frame's VLAN
 *
 * igmpsnoop_flow_walk_next() then returns the group's member ports and the
 * instance's router ports (every port if unregistered frames flood), each
 * once, by index: a superset of the ports that want the frame, of which
 * the caller asks igmpsnoop_flow_walk_wants(). It reads the words of the
 * bitmaps up to the highest port index in use (port_words: one word for up
 * to 64 ports, at most IGMPSNOOP_MAX_PORTS / BITS_PER_LONG) and finds each
 * port it returns in an array: the work is bounded by the members and
 * routers, not by the ports of the switch. A port added during the walk
 * at an index beyond the words read is left out, as one that joins a
 * moment later. Under RCU.
 */
static __always_inline void
igmpsnoop_flow_walk_start(struct igmpsnoop_flow_walk *walk,
			  struct igmpsnoop_instance *inst,
			  const struct igmpsnoop_group *group, u32 unregistered)
{
	walk->inst = inst;
	walk->group = group;
	walk->member = group ?
		igmpsnoop_member_entry(hlist_first_rcu(&group->members)) : NULL;
	walk->all = !group && unregistered == IGMPSNOOP_UNREG_FLOOD;
	walk->word = 0;
	walk->words = READ_ONCE(inst->port_words);
	walk->bits = 0;
}

static __always_inline unsigned long
igmpsnoop_flow_walk_word(const struct igmpsnoop_flow_walk *walk,
			 unsigned int i)
{
	unsigned long bits;

	if (walk->all)
		return READ_ONCE(walk->inst->port_indexes[i]);
	bits = READ_ONCE(walk->inst->router_ports[i]);
	if (walk->group)
		bits |= igmpsnoop_group_ports_word(walk->group, i, false) |
			igmpsnoop_group_ports_word(walk->group, i, true);
	return bits;
}

/* The next port of @walk, or NULL at its end. */
static __always_inline struct igmpsnoop_port *
igmpsnoop_flow_walk_next(struct igmpsnoop_flow_walk *walk)
{
	struct igmpsnoop_port *port;
	unsigned long index;

	for (;;) {
		while (!walk->bits) {
			if (walk->word >= walk->words)
				return NULL;
			walk->bits = igmpsnoop_flow_walk_word(walk, walk->word++);
		}
		index = (walk->word - 1) * BITS_PER_LONG + __ffs(walk->bits);
		walk->bits &= walk->bits - 1;
		/* An index freed since the bitmaps were read has no port. */
		port = rcu_dereference(walk->inst->port_at[index]);
		if (port)
			return port;
	}
}

/*
 * The membership of @port, the port @walk returned last, in the walk's
 * group, or NULL. The group's member list is in port index order, as the
 * walk's ports are: the walk moves along it, so that it finds each member
 * without a lookup in the member table, and touches no member twice. A
 * member linked or unlinked meanwhile may be missed: the caller then
 * treats the port as it treats one whose membership is new or gone.
 * Under RCU.
 */
static __always_inline const struct igmpsnoop_member *
igmpsnoop_flow_walk_member(struct igmpsnoop_flow_walk *walk,
			   const struct igmpsnoop_port *port)
{
	const struct igmpsnoop_member *m = walk->member;

	while (m && m->port->index < port->index)
		m = igmpsnoop_member_entry(hlist_next_rcu(&m->node));
	walk->member = m;
	return m && m->port == port ? m : NULL;
}

/*
 * igmpsnoop_flow_port_wants() for @port, the port @walk returned last, in
 * VLAN @vid: its membership (*@mp, NULL for none) comes from the walk, not
 * from a lookup, whether it filters by source or not.
 */
static __always_inline bool
igmpsnoop_flow_walk_wants(struct igmpsnoop_flow_walk *walk,
			  struct igmpsnoop_port *port, u16 vid,
			  u32 unregistered, __be32 saddr,
			  const struct igmpsnoop_member **mp)
{
	const struct igmpsnoop_group *group = walk->group;
	const struct igmpsnoop_member *m;

	*mp = NULL;
	if (!group)
		return igmpsnoop_flow_port_wants(port, NULL, vid, unregistered,
						 saddr, NULL);
	m = igmpsnoop_flow_walk_member(walk, port);
	*mp = m;
	if (igmpsnoop_group_ports_test(group, port->index, false) ||
	    igmpsnoop_port_is_router_rcu(port, vid))
		return true;
	return igmpsnoop_group_ports_test(group, port->index, true) && m &&
	       igmpsnoop_source_wants(m, saddr);
}

/**
 * igmpsnoop_flow_count_tx - count a copy of a group's data let out of a port
 * @group: the group
 * @m: the port's membership in @group, NULL for none (a router port that
 *	is no member)
 * @len: its IP bytes
 *
 * In the group's counters, and in the member's. Under RCU: a member is
 * counted in until its grace period ends, even if it was deleted
 * meanwhile.
 */
static __always_inline void
igmpsnoop_flow_count_tx(const struct igmpsnoop_group *group,
			const struct igmpsnoop_member *m, unsigned int len)
{
	igmpsnoop_group_count(group, true, 1, len);
	if (m)
		igmpsnoop_member_count(m, len);
}

#endif /* _IGMPSNOOP_FLOW_H */
