// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: what a frame teaches, and who gets it.
 *
 * The switch forwards every frame itself; igmpsnoop never sends a data
 * frame of its own. It learns from the IGMP and PIM a port receives, and it
 * removes the copies a port or the host did not ask for. Where it does so
 * depends on the switch:
 *
 * - A Linux bridge: bridge-family netfilter hooks (igmpsnoop_bridge.c),
 *   after the bridge's own ingress checks, so that every behaviour of the
 *   bridge (STP, locked ports, FDB learning, VLANs, hairpin, isolation,
 *   bridge netfilter) applies as it would without igmpsnoop.
 * - An Open vSwitch datapath: netdev hooks on each port (below), ingress
 *   to learn and egress to prune, since OVS has no hooks of its own.
 *
 * Called in softirq context (or with bottom halves disabled) under RCU: no
 * lock, and no allocation but a clone of an IGMP message someone else
 * holds (OVS would make the same copy).
 */

#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/igmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/pim.h>
#include <linux/skbuff.h>
#include <net/ip.h>

#include "igmpsnoop_flow.h"

#define IGMPSNOOP_MRDISC_GROUP		htonl(0xe000006a)	/* 224.0.0.106 */

/*
 * Does @port want data from @saddr for @group (NULL: unregistered) in VLAN
 * @vid? A member that wants every source is a bit test; only a port whose
 * member filters by source (IGMPv3 INCLUDE, or blocked sources) costs a
 * lookup of its membership and a look at its sources. If @mp, *@mp is the
 * membership looked up, or NULL if none was. A walk's ports ask
 * igmpsnoop_flow_walk_wants() instead, which looks nothing up.
 */
bool igmpsnoop_flow_port_wants(struct igmpsnoop_port *port,
			       const struct igmpsnoop_group *group, u16 vid,
			       u32 unregistered, __be32 saddr,
			       const struct igmpsnoop_member **mp)
{
	const struct igmpsnoop_member *m;

	if (mp)
		*mp = NULL;
	if (group) {
		if (igmpsnoop_group_ports_test(group, port->index, false) ||
		    igmpsnoop_port_is_router(port, vid))
			return true;
		if (!igmpsnoop_group_ports_test(group, port->index, true))
			return false;
		m = igmpsnoop_member_lookup(group, port);
		if (mp)
			*mp = m;
		return m && igmpsnoop_source_wants(m, saddr);
	}
	switch (unregistered) {
	case IGMPSNOOP_UNREG_FLOOD:
		return true;
	case IGMPSNOOP_UNREG_ROUTERS:
		return igmpsnoop_port_is_router(port, vid);
	default:
		return false;
	}
}

/*
 * IGMP: validated, counted by type and, if @learn, learned from in VLAN
 * @vid. Returns IGMPSNOOP_RX_BAD for a malformed message, counted in
 * rx_bad; IGMPSNOOP_RX_REPORT for an IGMPv1 or v2 report;
 * IGMPSNOOP_RX_REPORT_V3 for an IGMPv3 report or a leave; else
 * IGMPSNOOP_RX_PASS. For igmpsnoop_flow_rx().
 */
enum igmpsnoop_rx igmpsnoop_flow_rx_igmp(struct igmpsnoop_port *port,
					 struct sk_buff *skb, u16 vid,
					 bool learn)
{
	struct igmpsnoop_msg msg;
	enum igmpsnoop_rx rx;
	int ret;

	ret = igmpsnoop_parse_igmp(skb, &msg);
	if (ret == 0 && msg.type == IGMPSNOOP_MSG_REPORT && msg.version == 3)
		ret = igmpsnoop_parse_v3_report(skb);
	if (ret < 0) {
		igmpsnoop_port_count(port, IGMPSNOOP_CNT_RX_BAD);
		return IGMPSNOOP_RX_BAD;
	}
	if (msg.type == IGMPSNOOP_MSG_REPORT)
		rx = msg.version < 3 ? IGMPSNOOP_RX_REPORT :
				       IGMPSNOOP_RX_REPORT_V3;
	else if (msg.type == IGMPSNOOP_MSG_LEAVE)
		rx = IGMPSNOOP_RX_REPORT_V3;
	else
		rx = IGMPSNOOP_RX_PASS;
	if (!learn)
		return rx;
	igmpsnoop_port_count(port, IGMPSNOOP_CNT_RX_IGMP);
	igmpsnoop_port_count(port, igmpsnoop_parse_counter(&msg));
	msg.vid = vid;

	switch (msg.type) {
	case IGMPSNOOP_MSG_QUERY:
		igmpsnoop_group_query(port, skb, &msg);
		break;
	case IGMPSNOOP_MSG_REPORT:
		if (msg.version == 3) {
			igmpsnoop_source_report(port, skb, vid);
			break;
		}
		if (ipv4_is_multicast(msg.group) &&
		    !ipv4_is_local_multicast(msg.group))
			igmpsnoop_group_join(port, msg.group, vid, msg.version);
		break;
	case IGMPSNOOP_MSG_LEAVE:
		if (ipv4_is_multicast(msg.group) &&
		    !ipv4_is_local_multicast(msg.group))
			igmpsnoop_group_leave(port, msg.group, vid);
		break;
	default:
		if (igmp_hdr(skb)->type == IGMP_MRDISC_ADV &&
		    ip_hdr(skb)->daddr == IGMPSNOOP_MRDISC_GROUP)
			igmpsnoop_router_heard(port, vid);
		break;
	}
	return rx;
}

/* A PIM hello to 224.0.0.13 makes @port a router port in VLAN @vid. */
void igmpsnoop_flow_rx_pim(struct igmpsnoop_port *port, struct sk_buff *skb,
			   const struct iphdr *iph, u16 vid)
{
	const struct pimhdr *pim;
	struct pimhdr _pim;

	pim = skb_header_pointer(skb, iph->ihl * 4, sizeof(_pim), &_pim);
	if (!pim || pim->type != ((PIM_VERSION << 4) | PIM_TYPE_HELLO))
		return;
	igmpsnoop_port_count(port, IGMPSNOOP_CNT_RX_PIM_HELLO);
	igmpsnoop_router_heard(port, vid);
}

/*
 * What the IGMP message in @skb, at @off, counts as when it goes out of a
 * port: a query or a report (leaves too); else __IGMPSNOOP_CNT_MAX.
 */
static enum igmpsnoop_counter igmp_tx_counter(const struct sk_buff *skb,
					      unsigned int off)
{
	u8 _type;
	const u8 *type = skb_header_pointer(skb, off, sizeof(_type), &_type);

	if (!type)
		return __IGMPSNOOP_CNT_MAX;
	switch (*type) {
	case IGMP_HOST_MEMBERSHIP_QUERY:
		return IGMPSNOOP_CNT_TX_IGMP_QUERY;
	case IGMP_HOST_MEMBERSHIP_REPORT:
	case IGMPV2_HOST_MEMBERSHIP_REPORT:
	case IGMPV3_HOST_MEMBERSHIP_REPORT:
	case IGMP_HOST_LEAVE_MESSAGE:
		return IGMPSNOOP_CNT_TX_IGMP_REPORT;
	default:
		return __IGMPSNOOP_CNT_MAX;
	}
}

/**
 * igmpsnoop_flow_tx_wants - may the switch send this copy out of a port?
 * @port: the port the copy goes out of
 * @skb: an IPv4 frame to an Ethernet multicast address
 * @nhoff: offset of its IP header from skb->data
 * @vid: its VLAN
 *
 * Multicast data goes to the member ports of its group and the router
 * ports, or by the unregistered policy; IGMP reports and leaves go to
 * router ports only, even while igmpsnoop floods data, since a Linux
 * IGMPv2 host that hears another host's report cancels its own.
 * Everything else passes. What goes out of the
 * port (data, queries, reports) and what is refused are counted on it.
 */
bool igmpsnoop_flow_tx_wants(struct igmpsnoop_port *port,
			     const struct sk_buff *skb, unsigned int nhoff,
			     u16 vid)
{
	struct igmpsnoop_instance *inst = port->inst;
	const struct igmpsnoop_querier *q;
	const struct igmpsnoop_member *m;
	struct igmpsnoop_group *group;
	enum igmpsnoop_counter cnt;
	const struct iphdr *iph;
	struct iphdr _iph;

	iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);
	if (!iph || !ipv4_is_multicast(iph->daddr))
		return true;
	if (iph->protocol == IPPROTO_IGMP) {
		cnt = igmp_tx_counter(skb, nhoff + iph->ihl * 4);
		if (cnt == IGMPSNOOP_CNT_TX_IGMP_REPORT &&
		    !igmpsnoop_port_is_router(port, vid)) {
			igmpsnoop_port_count(port, IGMPSNOOP_CNT_TX_CTL_PRUNED);
			return false;
		}
		if (cnt != __IGMPSNOOP_CNT_MAX)
			igmpsnoop_port_count(port, cnt);
		return true;
	}
	if (ipv4_is_local_multicast(iph->daddr))
		return true;
	q = igmpsnoop_querier_of(inst, vid);
	if (igmpsnoop_querier_flooding(q))
		goto out;
	group = igmpsnoop_group_lookup(inst, iph->daddr, vid);
	if (!igmpsnoop_flow_port_wants(port, group, vid,
				       igmpsnoop_querier_unregistered(inst, q),
				       iph->saddr, &m)) {
		igmpsnoop_port_count(port, IGMPSNOOP_CNT_TX_PRUNED);
		return false;
	}
	if (!group)
		goto out;
	/* A member the test above did not look up: one lookup per copy. */
	if (!m && (igmpsnoop_group_ports_test(group, port->index, false) ||
		   igmpsnoop_group_ports_test(group, port->index, true)))
		m = igmpsnoop_member_lookup(group, port);
	igmpsnoop_flow_count_tx(group, m, ntohs(iph->tot_len));
out:
	igmpsnoop_port_count(port, IGMPSNOOP_CNT_TX_DATA);
	return true;
}

/*
 * Did the bridge device @dev, or an upper device of it other than a VLAN
 * device, ask for the address of @ha, its entry in @dev's list? Those get
 * what the bridge passes up untagged; its VLAN devices get only tagged
 * frames. Each upper device that synced the address to @dev counts once in
 * both @ha's references and its synced ones (dev_mc_sync()), so references
 * beyond those are @dev's own: its IP stack's joins, packet sockets'.
 * Else an upper device that is not a VLAN device (macvlan, ipvlan) must
 * list the address, or be promiscuous or all-multicast. Bounded by the
 * upper devices and their addresses. Under RCU; the two counts are read
 * without the address lock, as the list is walked: a change races with at
 * most the frames that meet it.
 */
static bool host_untagged_listed(struct net_device *dev,
				 const struct netdev_hw_addr *ha)
{
	struct net_device *upper;
	struct list_head *iter;

	if (READ_ONCE(ha->refcount) > READ_ONCE(ha->synced))
		return true;
	netdev_for_each_upper_dev_rcu(dev, upper, iter)
		if (!is_vlan_dev(upper) &&
		    ((upper->flags & (IFF_PROMISC | IFF_ALLMULTI)) ||
		     igmpsnoop_flow_dev_mc_find(upper, ha->addr)))
			return true;
	return false;
}

/**
 * igmpsnoop_flow_host_vlan_listed - the devices the host's frame reaches say
 * @dev: a VLAN-filtering bridge device
 * @vid: the VLAN of the frame
 * @ha: the entry of the frame's address in @dev's list
 *
 * What the bridge passes up tagged (its own VLAN entry is not untagged)
 * reaches the bridge's VLAN device for @vid: that device's list says.
 * Without one, nothing but a capture sees it (the stack takes it for
 * another host's): the bridge's own snooping learns no join of the host
 * in @vid then, and passes nothing up. (A macvlan on the bridge device,
 * whose VLAN device would take it, makes the device promiscuous: the
 * frame goes up all the same, counted as multicast only by the bridge's
 * snooping, which learns that VLAN device's joins.) What it passes up
 * untagged reaches the bridge device and its upper devices that are not
 * VLAN devices: their joins say (host_untagged_listed()). As
 * igmpsnoop_flow_host_asked_group() tells. Under RCU.
 */
bool igmpsnoop_flow_host_vlan_listed(struct net_device *dev, u16 vid,
				     const struct netdev_hw_addr *ha)
{
	struct bridge_vlan_info info;
	struct net_device *vdev;
	u16 proto;

	if (br_vlan_get_info_rcu(dev, vid, &info))
		return true;
	if (info.flags & BRIDGE_VLAN_INFO_UNTAGGED)
		return host_untagged_listed(dev, ha);
	if (br_vlan_get_proto(dev, &proto))
		return true;
	vdev = __vlan_find_dev_deep_rcu(dev, htons(proto), vid);
	return vdev && ((vdev->flags & (IFF_PROMISC | IFF_ALLMULTI)) ||
			igmpsnoop_flow_dev_mc_find(vdev, ha->addr));
}

/*
 * Did the host ask for the IGMP message @iph heads? IGMPv1 and v2 reports
 * go to multicast routers only, as with the bridge's own snooping, which
 * passes them up only when the host is one
 * (igmpsnoop_flow_host_router()). Everything else goes up: queries,
 * leaves and IGMPv3 reports, which the bridge's snooping floods.
 */
static bool host_asked_igmp(const struct igmpsnoop_instance *inst,
			    const struct sk_buff *skb, const struct iphdr *iph)
{
	u8 _type;
	const u8 *type;

	if (igmpsnoop_flow_host_router(inst))
		return true;
	type = skb_header_pointer(skb, iph->ihl * 4, sizeof(_type), &_type);
	return !type || (*type != IGMP_HOST_MEMBERSHIP_REPORT &&
			 *type != IGMPV2_HOST_MEMBERSHIP_REPORT);
}

/**
 * igmpsnoop_flow_host_asked - did the host behind a bridge ask for this frame?
 * @inst: the bridge's instance
 * @skb: an IPv4 frame the bridge passes up, data at the IP header
 * @vid: its VLAN
 * @promisc: the bridge device is promiscuous
 *
 * Multicast data when the host asked for its group on the bridge device
 * (its own join, an upper device's, a packet socket's) or, in a VLAN the
 * bridge passes up tagged, on its VLAN device for that VLAN, or is a
 * multicast router (igmpsnoop_flow_host_asked_group()), as with the
 * bridge's own snooping per VLAN. IGMP as host_asked_igmp() says;
 * link-local groups and, while igmpsnoop floods, everything else. A
 * promiscuous bridge device (a capture, a macvlan on it) gets the rest
 * too, as the bridge passes it up with either snooping: the caller's to
 * do. Data that does not go up is counted.
 */
bool igmpsnoop_flow_host_asked(struct igmpsnoop_instance *inst,
			       const struct sk_buff *skb, u16 vid, bool promisc)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	if (skb->protocol != htons(ETH_P_IP))
		return true;
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || !ipv4_is_multicast(iph->daddr))
		return true;
	if (iph->protocol == IPPROTO_IGMP)
		return host_asked_igmp(inst, skb, iph);
	if (ipv4_is_local_multicast(iph->daddr) || igmpsnoop_flooding(inst, vid) ||
	    igmpsnoop_flow_host_asked_group(inst, iph->daddr, vid))
		return true;
	if (!promisc)
		igmpsnoop_count(inst, IGMPSNOOP_CNT_HOST_PRUNED);
	return false;
}

/*
 * OVS: the ingress hook of a port learns from what it receives, in the
 * VLAN OVS puts it in, before the datapath sees it. A frame someone else
 * holds (a tap) is validated on a clone, as the datapath's
 * skb_share_check() would make one: the IGMP checks pull and trim.
 */
static unsigned int igmpsnoop_flow_ingress(void *priv, struct sk_buff *skb,
					   const struct nf_hook_state *state)
{
	struct igmpsnoop_port *port = priv;
	struct sk_buff *own = skb;
	const struct iphdr *iph;
	enum igmpsnoop_rx rx;
	struct iphdr _iph;
	u32 unregistered;
	u16 vid;

	if (skb->protocol != htons(ETH_P_IP) ||
	    skb->pkt_type != PACKET_MULTICAST ||
	    !igmpsnoop_vlan_ovs_rx(port, skb, &vid))
		return NF_ACCEPT;
	if (skb_shared(skb)) {
		own = skb_clone(skb, GFP_ATOMIC);
		if (!own)
			return NF_ACCEPT;	/* the datapath's clone fails too */
	}
	rx = igmpsnoop_flow_rx(port, own, vid, true);
	iph = skb_header_pointer(own, 0, sizeof(_iph), &_iph);
	if (rx == IGMPSNOOP_RX_DATA && iph)
		igmpsnoop_flow_data(port, iph, vid, &unregistered);
	if (own != skb)
		consume_skb(own);
	return rx == IGMPSNOOP_RX_BAD ? NF_DROP : NF_ACCEPT;
}

/*
 * OVS: the egress hook of a port removes what the port did not ask for,
 * in the VLAN it goes out in.
 */
static unsigned int igmpsnoop_flow_egress(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	const struct ethhdr *eth;
	struct ethhdr _eth;
	unsigned int nhoff;
	u16 vid;

	if (skb->protocol != htons(ETH_P_IP) &&
	    skb->protocol != htons(ETH_P_8021Q))
		return NF_ACCEPT;
	/* The data starts at the Ethernet header here. */
	eth = skb_header_pointer(skb, 0, sizeof(_eth), &_eth);
	if (!eth || !is_multicast_ether_addr(eth->h_dest) ||
	    !igmpsnoop_vlan_ovs_tx(priv, skb, &vid, &nhoff) ||
	    igmpsnoop_flow_tx_wants(priv, skb, nhoff, vid))
		return NF_ACCEPT;
	consume_skb(skb);	/* not an error: the port did not ask for it */
	return NF_STOLEN;
}

static void hook_init(struct nf_hook_ops *ops, struct igmpsnoop_port *port,
		      nf_hookfn *fn, unsigned int hooknum)
{
	ops->hook = fn;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = hooknum;
	ops->priority = 0;
	ops->dev = port->dev;
	ops->priv = port;
}

/*
 * Starts snooping @port: netdev hooks on an OVS port, a place in the
 * bridge hooks' port table on a bridge port. Called under RTNL.
 */
int igmpsnoop_flow_port_start(struct igmpsnoop_port *port)
{
	struct nf_hook_ops *ops = port->hook_ops;

	ASSERT_RTNL();
	if (port->inst->kind == IGMPSNOOP_KIND_BRIDGE)
		return igmpsnoop_bridge_port_start(port);
	hook_init(&ops[IGMPSNOOP_HOOK_INGRESS], port, igmpsnoop_flow_ingress,
		  NF_NETDEV_INGRESS);
	hook_init(&ops[IGMPSNOOP_HOOK_EGRESS], port, igmpsnoop_flow_egress,
		  NF_NETDEV_EGRESS);
	return nf_register_net_hooks(dev_net(port->dev), ops,
				     __IGMPSNOOP_HOOK_MAX);
}

/*
 * Called under RTNL. The hooks may still run on other CPUs until an RCU
 * grace period has passed: the caller frees @port with call_rcu().
 */
void igmpsnoop_flow_port_stop(struct igmpsnoop_port *port)
{
	ASSERT_RTNL();
	if (port->inst->kind == IGMPSNOOP_KIND_BRIDGE) {
		igmpsnoop_bridge_port_stop(port);
		return;
	}
	nf_unregister_net_hooks(dev_net(port->dev), port->hook_ops,
				__IGMPSNOOP_HOOK_MAX);
}
