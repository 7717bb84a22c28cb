// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the data path.
 *
 * Two netfilter NFPROTO_NETDEV hooks on every port of an instance:
 *
 * - ingress sees each frame the port receives before the switch (bridge
 *   or OVS rx_handler) does. IGMP is validated, learned from and counted
 *   there; PIM hellos make router ports. On a bridge, multicast data takes
 *   the fast path: one lookup, a copy to each port that wants it, the
 *   frame to the bridge device if the host wants it, and the bridge never
 *   sees it (NF_STOLEN).
 * - egress sees each frame the switch sends out of the port. It removes
 *   the deliveries the port does not want: multicast data for groups the
 *   port did not join (frames that did not take the fast path: OVS,
 *   frames the host sends through the bridge, VLAN-filtering bridges),
 *   and IGMP reports and leaves on ports that are not router ports.
 *
 * docs/design.md explains why the hooks sit there. Called in softirq
 * context (or with bottom halves disabled) under RCU: no lock, and no
 * allocation but the copies a switch makes anyway.
 */

#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/igmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/pim.h>
#include <linux/skbuff.h>

#include "igmpsnoop_private.h"

#define IGMPSNOOP_ALL_PIM_ROUTERS	htonl(0xe000000d)	/* 224.0.0.13 */
#define IGMPSNOOP_MRDISC_GROUP		htonl(0xe000006a)	/* 224.0.0.106 */

/*
 * The last group lookup on this CPU. A flooded frame reaches the egress
 * hook of every port: the first port looks the group up, the others find
 * it here. Table generations are unique across instances and change
 * whenever a group comes or goes, so a hit is the group the table holds
 * now (or NULL if it holds none), valid for this RCU read section.
 */
struct lookup_cache {
	u32 gen;
	__be32 addr;
	struct igmpsnoop_group *group;
};

static DEFINE_PER_CPU(struct lookup_cache, igmpsnoop_lookup_cache);

/* The copy the fast path is transmitting: its egress hook lets it pass. */
struct fast_xmit {
	const struct sk_buff *skb;
	const struct net_device *dev;
};

static DEFINE_PER_CPU(struct fast_xmit, igmpsnoop_fast_xmit);

static struct igmpsnoop_group *group_lookup(struct igmpsnoop_instance *inst,
					    __be32 addr)
{
	struct lookup_cache *c = this_cpu_ptr(&igmpsnoop_lookup_cache);
	/* Pairs with smp_store_release() in table_changed(). */
	u32 gen = smp_load_acquire(&inst->table_gen);

	if (c->gen != gen || c->addr != addr) {
		c->group = igmpsnoop_group_lookup(inst, addr, 0);
		c->addr = addr;
		c->gen = gen;
	}
	return c->group;
}

/*
 * Does @port want data from @saddr for @group (NULL: unregistered)? A
 * member that wants every source is a bit test; only a port whose member
 * filters by source (IGMPv3 INCLUDE, or blocked sources) costs a look at
 * its sources.
 */
static bool port_wants(const struct igmpsnoop_port *port,
		       const struct igmpsnoop_group *group, u32 unregistered,
		       __be32 saddr)
{
	if (group) {
		if (test_bit(port->index, group->ports) ||
		    igmpsnoop_port_is_router(port))
			return true;
		return test_bit(port->index, group->src_ports) &&
		       igmpsnoop_source_wants(group, port, saddr);
	}
	switch (unregistered) {
	case IGMPSNOOP_UNREG_FLOOD:
		return true;
	case IGMPSNOOP_UNREG_ROUTERS:
		return igmpsnoop_port_is_router(port);
	default:
		return false;
	}
}

/* Does the host behind the bridge device want data for @addr? */
static bool host_wants(struct net_device *brdev, __be32 addr)
{
	struct in_device *in_dev;
	struct ip_mc_list *im;

	if (brdev->flags & (IFF_PROMISC | IFF_ALLMULTI))
		return true;
	in_dev = __in_dev_get_rcu(brdev);
	if (!in_dev)
		return false;
	if (IN_DEV_MFORWARD(in_dev))
		return true;
	for (im = rcu_dereference(in_dev->mc_list); im;
	     im = rcu_dereference(im->next_rcu))
		if (im->multiaddr == addr)
			return true;
	return false;
}

/* May the bridge forward a frame from a port to @port? */
static bool bridge_port_forwards(const struct igmpsnoop_port *port,
				 bool from_isolated)
{
	if (!READ_ONCE(port->forwarding))
		return false;
	return !from_isolated || !br_port_flag_is_set(port->dev, BR_ISOLATED);
}

/* Sends @skb, whose data starts at the IP header, out of @port. */
static void fast_xmit(struct igmpsnoop_port *port, struct sk_buff *skb)
{
	struct fast_xmit *fx = this_cpu_ptr(&igmpsnoop_fast_xmit);

	skb->dev = port->dev;
	skb_push(skb, ETH_HLEN);
	skb_forward_csum(skb);
	if (!is_skb_forwardable(port->dev, skb)) {
		kfree_skb(skb);
		return;
	}
	skb_clear_tstamp(skb);
	fx->skb = skb;
	fx->dev = port->dev;
	dev_queue_xmit(skb);
	fx->skb = NULL;
	fx->dev = NULL;
}

/*
 * The bridge fast path for IPv4 multicast data to @group (NULL if
 * unregistered) that came in on @in: a copy to each port that wants it and
 * may get it, the frame itself to the last of them or to the bridge
 * device. Returns NF_ACCEPT to leave the frame to the bridge, or
 * NF_STOLEN.
 */
static unsigned int fast_path(struct igmpsnoop_port *in, struct sk_buff *skb,
			      struct igmpsnoop_group *group, __be32 saddr,
			      __be32 daddr, u32 unregistered)
{
	struct igmpsnoop_instance *inst = in->inst;
	struct igmpsnoop_port *port, *last = NULL;
	struct sk_buff *copy;
	bool from_isolated, local, own;

	if (skb->mac_len != ETH_HLEN || skb_vlan_tag_present(skb) ||
	    br_vlan_enabled(inst->dev) || !READ_ONCE(in->forwarding))
		return NF_ACCEPT;

	from_isolated = br_port_flag_is_set(in->dev, BR_ISOLATED);
	list_for_each_entry_rcu(port, &inst->ports, list) {
		if (port == in ||
		    !port_wants(port, group, unregistered, saddr) ||
		    !bridge_port_forwards(port, from_isolated))
			continue;
		if (last) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (copy)
				fast_xmit(last, copy);
		}
		last = port;
	}
	igmpsnoop_count(inst, IGMPSNOOP_CNT_FWD_FAST_PATH);

	local = (inst->dev->flags & IFF_UP) && host_wants(inst->dev, daddr);
	/*
	 * The frame itself goes to the last destination, unless someone
	 * else holds a reference to it too (a tap, pktgen): then every
	 * destination gets a clone, as skb_share_check() would do.
	 */
	own = !skb_shared(skb);
	if (last) {
		if (!local && own) {
			fast_xmit(last, skb);
			return NF_STOLEN;
		}
		copy = skb_clone(skb, GFP_ATOMIC);
		if (copy)
			fast_xmit(last, copy);
	}
	if (local && !own) {
		copy = skb_clone(skb, GFP_ATOMIC);
		consume_skb(skb);
		skb = copy;
		if (!skb)
			return NF_STOLEN;
	} else if (!local) {
		consume_skb(skb);
		return NF_STOLEN;
	}
	/* As the bridge passes a frame up to its own device. */
	dev_sw_netstats_rx_add(inst->dev, skb->len);
	skb->dev = inst->dev;
	netif_receive_skb(skb);
	return NF_STOLEN;
}

/* IPv4 multicast data, not link-local, received on @port. */
static unsigned int handle_data(struct igmpsnoop_port *port,
				struct sk_buff *skb, __be32 saddr, __be32 daddr)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_group *group;
	u32 unregistered;

	if (igmpsnoop_flooding(inst)) {
		igmpsnoop_count(inst, IGMPSNOOP_CNT_FWD_FLOODED);
		return NF_ACCEPT;
	}
	group = group_lookup(inst, daddr);
	unregistered = READ_ONCE(inst->cfg.unregistered);
	if (group) {
		igmpsnoop_count(inst, IGMPSNOOP_CNT_FWD_REGISTERED);
	} else {
		igmpsnoop_count(inst, IGMPSNOOP_CNT_FWD_UNREGISTERED);
		if (unregistered == IGMPSNOOP_UNREG_FLOOD)
			return NF_ACCEPT;
	}
	if (inst->kind != IGMPSNOOP_KIND_BRIDGE ||
	    !READ_ONCE(inst->cfg.fast_path))
		return NF_ACCEPT;	/* the egress hooks prune */
	return fast_path(port, skb, group, saddr, daddr, unregistered);
}

/*
 * IGMP: validated, counted by type, learned from. Malformed messages are
 * counted and dropped, never forwarded nor learned from.
 */
static unsigned int handle_igmp(struct igmpsnoop_port *port, struct sk_buff *skb)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_msg msg;
	int ret;

	ret = igmpsnoop_parse_igmp(skb, &msg);
	if (ret == 0 && msg.type == IGMPSNOOP_MSG_REPORT && msg.version == 3)
		ret = igmpsnoop_parse_v3_report(skb, port, false);
	if (ret < 0) {
		igmpsnoop_count(inst, IGMPSNOOP_CNT_RX_BAD);
		return NF_DROP;
	}
	igmpsnoop_count(inst, IGMPSNOOP_CNT_RX_IGMP);
	igmpsnoop_count(inst, igmpsnoop_parse_counter(&msg));

	switch (msg.type) {
	case IGMPSNOOP_MSG_QUERY:
		igmpsnoop_group_query(port, skb, &msg);
		break;
	case IGMPSNOOP_MSG_REPORT:
		if (msg.version == 3) {
			igmpsnoop_parse_v3_report(skb, port, true);
			break;
		}
		if (ipv4_is_multicast(msg.group) &&
		    !ipv4_is_local_multicast(msg.group))
			igmpsnoop_group_join(port, msg.group, 0, msg.version);
		break;
	case IGMPSNOOP_MSG_LEAVE:
		if (ipv4_is_multicast(msg.group) &&
		    !ipv4_is_local_multicast(msg.group))
			igmpsnoop_group_leave(port, msg.group, 0);
		break;
	default:
		if (igmp_hdr(skb)->type == IGMP_MRDISC_ADV &&
		    ip_hdr(skb)->daddr == IGMPSNOOP_MRDISC_GROUP)
			igmpsnoop_group_router_heard(port);
		break;
	}
	return NF_ACCEPT;
}

/* A PIM hello to 224.0.0.13 makes @port a router port. */
static void handle_pim(struct igmpsnoop_port *port, struct sk_buff *skb,
		       const struct iphdr *iph)
{
	const struct pimhdr *pim;
	struct pimhdr _pim;

	pim = skb_header_pointer(skb, iph->ihl * 4, sizeof(_pim), &_pim);
	if (!pim || pim->type != ((PIM_VERSION << 4) | PIM_TYPE_HELLO))
		return;
	igmpsnoop_count(port->inst, IGMPSNOOP_CNT_RX_PIM_HELLO);
	igmpsnoop_group_router_heard(port);
}

static unsigned int igmpsnoop_flow_ingress(void *priv, struct sk_buff *skb,
					   const struct nf_hook_state *state)
{
	struct igmpsnoop_port *port = priv;
	const struct iphdr *iph;
	struct iphdr _iph;

	if (skb->protocol != htons(ETH_P_IP) ||
	    skb->pkt_type != PACKET_MULTICAST)
		return NF_ACCEPT;
	/* A copy if the header is not linear: no pull, no allocation. */
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || !ipv4_is_multicast(iph->daddr))
		return NF_ACCEPT;
	if (iph->protocol == IPPROTO_IGMP)
		return handle_igmp(port, skb);

	igmpsnoop_count(port->inst, IGMPSNOOP_CNT_RX_MCAST);
	if (ipv4_is_local_multicast(iph->daddr)) {
		if (iph->protocol == IPPROTO_PIM &&
		    iph->daddr == IGMPSNOOP_ALL_PIM_ROUTERS && iph->ihl >= 5)
			handle_pim(port, skb, iph);
		return NF_ACCEPT;	/* RFC 4541 2.1.2: always flooded */
	}
	return handle_data(port, skb, iph->saddr, iph->daddr);
}

/* Is the IGMP message in @skb, at @off, a report or a leave? */
static bool igmp_is_report(const struct sk_buff *skb, unsigned int off)
{
	u8 _type;
	const u8 *type = skb_header_pointer(skb, off, sizeof(_type), &_type);

	if (!type)
		return false;
	switch (*type) {
	case IGMP_HOST_MEMBERSHIP_REPORT:
	case IGMPV2_HOST_MEMBERSHIP_REPORT:
	case IGMPV3_HOST_MEMBERSHIP_REPORT:
	case IGMP_HOST_LEAVE_MESSAGE:
		return true;
	default:
		return false;
	}
}

static unsigned int prune(struct igmpsnoop_instance *inst, struct sk_buff *skb,
			  enum igmpsnoop_counter cnt)
{
	igmpsnoop_count(inst, cnt);
	consume_skb(skb);	/* not an error: the port did not ask for it */
	return NF_STOLEN;
}

static unsigned int igmpsnoop_flow_egress(void *priv, struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	struct fast_xmit *fx = this_cpu_ptr(&igmpsnoop_fast_xmit);
	struct igmpsnoop_port *port = priv;
	struct igmpsnoop_instance *inst = port->inst;
	const struct ethhdr *eth;
	const struct iphdr *iph;
	struct igmpsnoop_group *group;
	struct ethhdr _eth;
	struct iphdr _iph;
	u32 unregistered;

	if (fx->skb == skb && fx->dev == skb->dev)
		return NF_ACCEPT;	/* the fast path chose this port */
	if (skb->protocol != htons(ETH_P_IP))
		return NF_ACCEPT;
	/* The data starts at the Ethernet header here. */
	eth = skb_header_pointer(skb, 0, sizeof(_eth), &_eth);
	if (!eth || eth->h_proto != htons(ETH_P_IP) ||
	    !is_multicast_ether_addr(eth->h_dest))
		return NF_ACCEPT;
	iph = skb_header_pointer(skb, ETH_HLEN, sizeof(_iph), &_iph);
	if (!iph || !ipv4_is_multicast(iph->daddr))
		return NF_ACCEPT;

	if (iph->protocol == IPPROTO_IGMP) {
		if (igmpsnoop_port_is_router(port) ||
		    !igmp_is_report(skb, ETH_HLEN + iph->ihl * 4))
			return NF_ACCEPT;
		return prune(inst, skb, IGMPSNOOP_CNT_TX_CTL_PRUNED);
	}
	if (ipv4_is_local_multicast(iph->daddr) || igmpsnoop_flooding(inst))
		return NF_ACCEPT;

	group = group_lookup(inst, iph->daddr);
	unregistered = READ_ONCE(inst->cfg.unregistered);
	if (port_wants(port, group, unregistered, iph->saddr))
		return NF_ACCEPT;
	return prune(inst, skb, IGMPSNOOP_CNT_TX_PRUNED);
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

/* Called under RTNL. */
int igmpsnoop_flow_port_start(struct igmpsnoop_port *port)
{
	struct nf_hook_ops *ops = port->hook_ops;

	ASSERT_RTNL();
	hook_init(&ops[IGMPSNOOP_HOOK_INGRESS], port, igmpsnoop_flow_ingress,
		  NF_NETDEV_INGRESS);
	hook_init(&ops[IGMPSNOOP_HOOK_EGRESS], port, igmpsnoop_flow_egress,
		  NF_NETDEV_EGRESS);
	return nf_register_net_hooks(dev_net(port->dev), ops,
				     __IGMPSNOOP_HOOK_MAX);
}

/*
 * Called under RTNL. The hooks may still run on other CPUs until an RCU
 * grace period has passed: the caller frees @port with kfree_rcu().
 */
void igmpsnoop_flow_port_stop(struct igmpsnoop_port *port)
{
	ASSERT_RTNL();
	nf_unregister_net_hooks(dev_net(port->dev), port->hook_ops,
				__IGMPSNOOP_HOOK_MAX);
}
