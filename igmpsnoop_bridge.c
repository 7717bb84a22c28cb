// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the data path on a Linux bridge.
 *
 * The bridge forwards every frame itself, and igmpsnoop sits in its
 * bridge-family netfilter hooks, so that whatever the bridge does to a
 * frame without igmpsnoop it still does with it: STP and MRP port states,
 * 802.1X locked ports and MAB, FDB learning, VLAN filtering and tagging,
 * hairpin, port isolation, switchdev offload marks, per-port flood flags,
 * nftables bridge chains, ebtables and br_netfilter. igmpsnoop only
 * learns, and only removes copies:
 *
 * - NF_BR_PRE_ROUTING, last: the bridge has dropped frames from ports that
 *   are not forwarding or learning, and every user prerouting chain has
 *   accepted the frame. IGMP is validated (malformed messages are dropped,
 *   as the bridge's own snooping drops them before flooding) and learned
 *   from, unless the port is locked or the bridge runs MST: those checks
 *   come later in the bridge, so such frames are learned from at
 *   NF_BR_LOCAL_IN, which sees what passed them.
 * - NF_BR_FORWARD and NF_BR_LOCAL_OUT, first: each copy the bridge makes
 *   for a port (forwarded, or sent by the host) is removed if the port did
 *   not ask for it, before any user forward or output chain sees it.
 * - NF_BR_LOCAL_IN, first: multicast data goes up to the host only if it
 *   asked for the group.
 *
 * The hooks are per network namespace, registered while the namespace has
 * an instance on a bridge. They find a frame's igmpsnoop port by device in
 * a hash table of the namespace's bridge ports (RCU, written under RTNL):
 * O(1), no lock.
 */

#include <linux/etherdevice.h>
#include <linux/hashtable.h>
#include <linux/if_bridge.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>

#include "igmpsnoop_private.h"

/* The snooped port @dev of a bridge instance, or NULL. Called under RCU. */
static struct igmpsnoop_port *bridge_port(const struct net_device *dev)
{
	struct igmpsnoop_net *in;
	struct igmpsnoop_port *port;

	if (!dev || !netif_is_bridge_port(dev))
		return NULL;
	in = igmpsnoop_pernet(dev_net(dev));
	hash_for_each_possible_rcu(in->bridge_ports, port, hnode,
				   (unsigned long)dev)
		if (port->dev == dev)
			return port;
	return NULL;
}

/*
 * Is IGMP from @port learned from at NF_BR_LOCAL_IN rather than at
 * NF_BR_PRE_ROUTING? The bridge checks locked ports (against the FDB) and
 * MST port states after its prerouting hooks.
 */
static bool bridge_learn_late(const struct igmpsnoop_port *port)
{
	return br_port_flag_is_set(port->dev, BR_PORT_LOCKED) ||
	       br_mst_enabled(port->inst->dev);
}

static unsigned int igmpsnoop_bridge_pre(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct igmpsnoop_port *port = bridge_port(state->in);

	if (!port ||
	    igmpsnoop_flow_rx(port, skb, !bridge_learn_late(port)))
		return NF_ACCEPT;
	return NF_DROP;
}

static unsigned int igmpsnoop_bridge_in(void *priv, struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	struct igmpsnoop_port *port = bridge_port(state->in);

	if (!port)
		return NF_ACCEPT;
	if (bridge_learn_late(port) && !igmpsnoop_flow_rx(port, skb, true))
		return NF_DROP;
	if (igmpsnoop_flow_host_wants(port->inst, skb))
		return NF_ACCEPT;
	consume_skb(skb);	/* not an error: the host did not ask for it */
	return NF_STOLEN;
}

static unsigned int igmpsnoop_bridge_out(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct igmpsnoop_port *port;

	if (skb->protocol != htons(ETH_P_IP) ||
	    !is_multicast_ether_addr(eth_hdr(skb)->h_dest))
		return NF_ACCEPT;
	port = bridge_port(state->out);
	if (!port || igmpsnoop_flow_tx_wants(port, skb, 0))
		return NF_ACCEPT;
	consume_skb(skb);	/* not an error: the port did not ask for it */
	return NF_STOLEN;
}

static const struct nf_hook_ops igmpsnoop_bridge_ops[] = {
	{
		.hook = igmpsnoop_bridge_pre,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_PRE_ROUTING,
		.priority = NF_BR_PRI_LAST,
	},
	{
		.hook = igmpsnoop_bridge_in,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_LOCAL_IN,
		.priority = NF_BR_PRI_FIRST,
	},
	{
		.hook = igmpsnoop_bridge_out,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_FORWARD,
		.priority = NF_BR_PRI_FIRST,
	},
	{
		.hook = igmpsnoop_bridge_out,
		.pf = NFPROTO_BRIDGE,
		.hooknum = NF_BR_LOCAL_OUT,
		.priority = NF_BR_PRI_FIRST,
	},
};

/*
 * Puts the bridge port @port in its namespace's table, registering the
 * namespace's hooks with its first port. Called under RTNL.
 */
int igmpsnoop_bridge_port_start(struct igmpsnoop_port *port)
{
	struct net *net = dev_net(port->dev);
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);
	int ret;

	ASSERT_RTNL();
	if (!in->n_bridge_ports) {
		ret = nf_register_net_hooks(net, igmpsnoop_bridge_ops,
					    ARRAY_SIZE(igmpsnoop_bridge_ops));
		if (ret < 0)
			return ret;
	}
	in->n_bridge_ports++;
	hash_add_rcu(in->bridge_ports, &port->hnode, (unsigned long)port->dev);
	return 0;
}

/*
 * Takes @port out of the table, and the hooks away with the namespace's
 * last bridge port. Called under RTNL; hooks may still run on other CPUs
 * until a grace period has passed.
 */
void igmpsnoop_bridge_port_stop(struct igmpsnoop_port *port)
{
	struct net *net = dev_net(port->dev);
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);

	ASSERT_RTNL();
	hash_del_rcu(&port->hnode);
	if (!--in->n_bridge_ports)
		nf_unregister_net_hooks(net, igmpsnoop_bridge_ops,
					ARRAY_SIZE(igmpsnoop_bridge_ops));
}
