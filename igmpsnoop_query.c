// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: our querier's queries as frames, and their way out (the
 * querier that decides what to send and when: igmpsnoop_querier.c). A
 * query goes out of a port that may send (up, forwarding on a bridge, and
 * the query's VLAN not blocking or disabled there) and is in the query's
 * VLAN, tagged as the port's VLAN entry says; on a
 * bridge through the bridge's output hooks, as the bridge sends its own
 * queries; and to the host's own IP stack if the switch device is in the
 * VLAN, as the bridge passes frames up.
 */

#include <linux/etherdevice.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/igmp.h>
#include <linux/ip.h>
#include <linux/netfilter_bridge.h>
#include <linux/pkt_sched.h>
#include <net/ip.h>

#include "igmpsnoop_private.h"

/*
 * A Max Resp Code (RFC 3376 4.1.1) or QQIC (4.1.7) for @value units: the
 * value itself below 128; else the floating point form 1eeemmmm, meaning
 * (mmmm | 0x10) << (eee + 3), rounded down; 0xff above the largest, 31744.
 */
static u8 query_encode(u32 value)
{
	unsigned int exp;

	if (value < 0x80)
		return value;
	for (exp = 0; exp < 8; exp++)
		if (value < (0x20U << (exp + 3)))
			return 0x80 | (exp << 4) | ((value >> (exp + 3)) & 0x0f);
	return 0xff;
}

/*
 * The query as a frame for @dev: Ethernet, IP with Router Alert, TTL 1
 * and precedence Internetwork Control as the kernel's own IGMP sends,
 * then the IGMPv2 or v3 query.
 */
static struct sk_buff *query_build(const struct igmpsnoop_instance *inst,
				   const struct igmpsnoop_query *q, struct net_device *dev)
{
	unsigned int igmp_len = q->version == 3 ?
		sizeof(struct igmpv3_query) + q->nsrcs * sizeof(__be32) :
		sizeof(struct igmphdr);
	unsigned int ip_len = sizeof(struct iphdr) + 4 + igmp_len;
	__be32 daddr = q->group ?: htonl(INADDR_ALLHOSTS_GROUP);
	struct igmpv3_query *ih3;
	struct igmphdr *ih;
	struct sk_buff *skb;
	struct iphdr *iph;
	struct ethhdr *eth;
	u8 *opt;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + ip_len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));

	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph) + 4);
	iph->version = 4;
	iph->ihl = (sizeof(*iph) + 4) / 4;
	iph->tos = 0xc0;
	iph->tot_len = htons(ip_len);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 1;
	iph->protocol = IPPROTO_IGMP;
	iph->saddr = q->saddr;
	iph->daddr = daddr;
	opt = (u8 *)(iph + 1);
	opt[0] = IPOPT_RA;
	opt[1] = 4;
	ip_send_check(iph);

	skb_set_transport_header(skb, skb->len);
	if (q->version == 3) {
		ih3 = skb_put_zero(skb, igmp_len);
		ih3->type = IGMP_HOST_MEMBERSHIP_QUERY;
		ih3->code = query_encode(q->max_resp / 100);
		ih3->group = q->group;
		ih3->qrv = q->qrv <= 7 ? q->qrv : 0;
		ih3->qqic = query_encode(q->qqi / 1000);
		ih3->nsrcs = htons(q->nsrcs);
		memcpy(ih3->srcs, q->srcs, q->nsrcs * sizeof(__be32));
		ih3->csum = ip_compute_csum(ih3, igmp_len);
	} else {
		ih = skb_put_zero(skb, sizeof(*ih));
		ih->type = IGMP_HOST_MEMBERSHIP_QUERY;
		ih->code = min(q->max_resp / 100, 255U);
		ih->group = q->group;
		ih->csum = ip_compute_csum(ih, sizeof(*ih));
	}

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_source, inst->dev->dev_addr);
	ip_eth_mc_map(daddr, eth->h_dest);
	eth->h_proto = htons(ETH_P_IP);
	skb->protocol = htons(ETH_P_IP);
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = dev;
	return skb;
}

static int query_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	skb_push(skb, ETH_HLEN);
	return dev_queue_xmit(skb);
}

/*
 * Is the bridge device @dev itself in VLAN @vid, and does it pass that
 * VLAN up tagged? VLAN 0 is everywhere, untagged. Called under RCU.
 */
static bool query_local_vlan(const struct net_device *dev, u16 vid,
			     bool *tagged)
{
	struct bridge_vlan_info info;

	*tagged = false;
	if (!vid)
		return true;
	/* The bridge keeps an entry of its own for every VLAN of a port. */
	if (br_vlan_get_info_rcu(dev, vid, &info) ||
	    !(info.flags & BRIDGE_VLAN_INFO_BRENTRY))
		return false;
	*tagged = !(info.flags & BRIDGE_VLAN_INFO_UNTAGGED);
	return true;
}

/* A bridge's VLAN protocol (802.1Q or 802.1ad); OVS tags 802.1Q. */
static void query_tag(const struct igmpsnoop_instance *inst,
		      struct sk_buff *skb, u16 vid)
{
	u16 proto = ETH_P_8021Q;

	if (inst->kind == IGMPSNOOP_KIND_BRIDGE)
		br_vlan_get_proto(inst->dev, &proto);
	__vlan_hwaccel_put_tag(skb, htons(proto), vid);
}

/*
 * Sends @q out of @port, if the port may send and is in its VLAN, and on a
 * bridge the VLAN is not blocking or disabled on the port (the bridge's
 * querier sends none there either). On a bridge, through the bridge's
 * output hooks (nftables bridge output chains, ebtables), as the bridge
 * sends its own queries. Called under RCU, BH off.
 */
void igmpsnoop_query_xmit(struct igmpsnoop_instance *inst,
			  struct igmpsnoop_port *port,
			  const struct igmpsnoop_query *q)
{
	struct sk_buff *skb;
	bool tagged;

	if (!netif_running(port->dev) ||
	    (inst->kind == IGMPSNOOP_KIND_BRIDGE &&
	     (!READ_ONCE(port->forwarding) ||
	      (q->vid && igmpsnoop_brvlan_stopped(port->dev, q->vid)))) ||
	    !igmpsnoop_vlan_port_in(port, q->vid, &tagged))
		return;
	skb = query_build(inst, q, port->dev);
	if (!skb)
		return;
	if (tagged)
		query_tag(inst, skb, q->vid);
	igmpsnoop_count(inst, q->nsrcs ? IGMPSNOOP_CNT_TX_SOURCE_QUERY :
			      q->group ? IGMPSNOOP_CNT_TX_GROUP_QUERY :
					 IGMPSNOOP_CNT_TX_QUERY);
	if (inst->kind != IGMPSNOOP_KIND_BRIDGE) {
		dev_queue_xmit(skb);
		return;
	}
	__skb_pull(skb, ETH_HLEN);
	NF_HOOK(NFPROTO_BRIDGE, NF_BR_LOCAL_OUT, dev_net(port->dev), NULL, skb,
		NULL, port->dev, query_finish);
}

/*
 * Hands @q to the host's own IP stack, as if it came in on the switch: in
 * a VLAN only if the bridge itself is in it, as the bridge passes up.
 */
static void query_local(struct igmpsnoop_instance *inst, const struct igmpsnoop_query *q)
{
	struct sk_buff *skb;
	bool tagged;

	if (!(inst->dev->flags & IFF_UP) || !query_local_vlan(inst->dev, q->vid, &tagged))
		return;
	skb = query_build(inst, q, inst->dev);
	if (!skb)
		return;
	if (tagged)
		query_tag(inst, skb, q->vid);
	skb->protocol = eth_type_trans(skb, inst->dev);
	netif_rx(skb);
}

/*
 * A general query to every port of its VLAN and the host. Called in
 * softirq context.
 */
void igmpsnoop_query_send_general(struct igmpsnoop_instance *inst,
				  const struct igmpsnoop_query *q)
{
	struct igmpsnoop_port *port;

	rcu_read_lock();
	list_for_each_entry_rcu(port, &inst->ports, list)
		igmpsnoop_query_xmit(inst, port, q);
	query_local(inst, q);
	rcu_read_unlock();
}
