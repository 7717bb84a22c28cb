// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the data path.
 *
 * A netfilter NFPROTO_NETDEV ingress hook on every port of an instance sees
 * each frame the port receives before the switch (bridge or OVS rx_handler)
 * does. docs/design.md explains why the hooks sit there.
 *
 * Called in softirq context under RCU: no lock, no allocation.
 */

#include <linux/if_ether.h>
#include <linux/igmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>

#include "igmpsnoop_private.h"

/*
 * IGMP: validated, counted by type; malformed messages are counted and
 * dropped, never forwarded nor learned from.
 */
static unsigned int handle_igmp(struct igmpsnoop_port *port, struct sk_buff *skb)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_msg msg;
	int ret;

	ret = igmpsnoop_parse_igmp(skb, &msg);
	if (ret < 0) {
		igmpsnoop_count(inst, IGMPSNOOP_CNT_RX_BAD);
		return NF_DROP;
	}
	igmpsnoop_count(inst, IGMPSNOOP_CNT_RX_IGMP);
	igmpsnoop_count(inst, igmpsnoop_parse_counter(&msg));
	return NF_ACCEPT;
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
	return NF_ACCEPT;
}

/* Called under RTNL. */
int igmpsnoop_flow_port_start(struct igmpsnoop_port *port)
{
	struct nf_hook_ops *ops = &port->hook_ops[IGMPSNOOP_HOOK_INGRESS];

	ASSERT_RTNL();
	ops->hook = igmpsnoop_flow_ingress;
	ops->pf = NFPROTO_NETDEV;
	ops->hooknum = NF_NETDEV_INGRESS;
	ops->priority = 0;
	ops->dev = port->dev;
	ops->priv = port;
	return nf_register_net_hook(dev_net(port->dev), ops);
}

/*
 * Called under RTNL. The hook may still run on other CPUs until an RCU
 * grace period has passed: the caller frees @port with kfree_rcu().
 */
void igmpsnoop_flow_port_stop(struct igmpsnoop_port *port)
{
	ASSERT_RTNL();
	nf_unregister_net_hook(dev_net(port->dev),
			       &port->hook_ops[IGMPSNOOP_HOOK_INGRESS]);
}
