// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the data path on a Linux bridge.
 *
 * The bridge forwards every frame itself, and igmpsnoop sits in its
 * bridge-family netfilter hooks, so that whatever the bridge does to a
 * frame without igmpsnoop it still does with it: STP and MRP port states,
 * 802.1X locked ports and MAB, FDB learning, VLAN filtering and tagging,
 * hairpin, port isolation, switchdev offload marks, per-port flood flags,
 * nftables bridge chains, ebtables and br_netfilter:
 *
 * - NF_BR_PRE_ROUTING, last: the bridge has dropped frames from ports that
 *   are not forwarding or learning, and every user prerouting chain has
 *   accepted the frame. On a VLAN-filtering bridge the frame's VLAN is
 *   classified by the bridge's rules (bridge_vid()), and a frame the
 *   bridge will drop for VLAN reasons teaches nothing. IGMP is validated
 *   (malformed messages are dropped, as the bridge's own snooping drops
 *   them before flooding) and learned from in that VLAN, unless the port
 *   is locked, the bridge runs MST, or igmpsnoop does not know the VLAN
 *   to be forwarding on the port (igmpsnoop_brvlan.c): those checks come
 *   later in the bridge, so such frames are learned from after them
 *   (bridge_learn()). Multicast data takes the fast path below when that
 *   is exactly what the bridge would do.
 * - NF_BR_FORWARD, NF_BR_LOCAL_IN, first: whichever sees a frame first
 *   after the bridge's ingress checks, with the bridge's first copy of it
 *   for a port or with the frame it passes up, learns from it if
 *   prerouting did not (bridge_learn()).
 * - NF_BR_FORWARD and NF_BR_LOCAL_OUT, first: each copy the bridge makes
 *   for a port (forwarded, or sent by the host) is removed if the port did
 *   not ask for it in the copy's VLAN (bridge_copy_vid()), before any user
 *   forward or output chain sees it. With the first copy of a frame, the
 *   copies the bridge's flood left out for member and router ports with
 *   mcast_flood off or proxy_arp on, which its own snooping would send,
 *   are sent (bridge_unflooded()).
 * - NF_BR_LOCAL_IN, first: every multicast frame the bridge floods passes
 *   here on its way up to the host, after the bridge's forwarding
 *   decision: the copies for mcast_flood off or proxy_arp ports, if no
 *   forward hook sent them; and data goes up to the host only if it
 *   asked for the group, else it is taken off the bridge device's
 *   receive counters.
 *
 * The fast path (igmpsnoop_brfast.c): where nothing the bridge does between
 * its prerouting hooks and its forwarding decision would change a frame's
 * fate, the prerouting hook takes the frame and makes that decision itself,
 * sending each copy through the bridge's own br_forward().
 *
 * The hooks are per network namespace, registered while the namespace has
 * an instance on a bridge. They find a frame's igmpsnoop port by device in
 * a hash table of the namespace's bridge ports (RCU, written under RTNL):
 * O(1), no lock.
 */

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/igmp.h>
#include <linux/ip.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>

#include "igmpsnoop_bridge.h"

/*
 * The frame this CPU's bridge is handling, as the prerouting hook found it:
 * the bridge handles a frame from its prerouting hooks to its forward and
 * local-in hooks in one bottom-half section, in which no other frame comes
 * in on this CPU. The later hooks know the frame's copies by its data and
 * ingress port, and read its VLAN (the bridge may have untagged the copy:
 * bridge_copy_vid()), whether it is still to be learned from
 * (bridge_learn()) and whether the copies its flood left out were sent
 * (bridge_unflooded()). Compared, never dereferenced; every frame from a
 * snooped port sets it anew.
 */
struct bridge_frame_note {
	const unsigned char *head;
	const struct net_device *in;
	u16 vid;
	bool learn;
	bool unflooded;
};

static DEFINE_PER_CPU(struct bridge_frame_note, igmpsnoop_bridge_note);

/*
 * The last frame the host sent through a bridge on this CPU whose copies
 * the local-out hook saw (bridge_host_first()): its data, its bridge, and
 * the bridge's count of frames sent on this CPU when it was flooded.
 * Compared, never dereferenced.
 */
struct bridge_host_note {
	const unsigned char *head;
	const struct net_device *br;
	u64 sent;
};

static DEFINE_PER_CPU(struct bridge_host_note, igmpsnoop_bridge_host_note);

/* The note of the frame @skb from @in, or NULL if it is not that frame. */
static struct bridge_frame_note *bridge_note(const struct sk_buff *skb,
					     const struct net_device *in)
{
	struct bridge_frame_note *note = this_cpu_ptr(&igmpsnoop_bridge_note);

	return in && note->in == in && note->head == skb->head ? note : NULL;
}

/* The snooped port @dev of a bridge instance, or NULL. Called under RCU. */
static __always_inline struct igmpsnoop_port *
bridge_port(const struct net_device *dev)
{
	struct igmpsnoop_net *in;
	struct igmpsnoop_port *port;

	if (!dev || !netif_is_bridge_port(dev))
		return NULL;
	in = igmpsnoop_pernet_rcu(dev_net(dev));
	hash_for_each_possible_rcu(in->bridge_ports, port, hnode,
				   (unsigned long)dev)
		if (port->dev == dev)
			return port;
	return NULL;
}

/*
 * The VLAN of @skb, received on @port, as the bridge classifies it
 * (br_allowed_ingress()): 0 on a bridge without VLAN filtering; else its
 * tag, or the port's PVID for an untagged or priority-tagged frame. Returns
 * false if the bridge drops the frame for VLAN reasons (no PVID, the port
 * not in the VLAN) or treats it as untagged with a foreign tag inside: it
 * teaches nothing. @vlan: the bridge filters VLANs; *@proto is then its
 * VLAN protocol for a tagged frame, else 0: an untagged frame's copies
 * need it only if some go out tagged (igmpsnoop_brfast.c). Called under RCU.
 */
static bool bridge_vid(const struct igmpsnoop_port *port,
		       const struct sk_buff *skb, bool vlan, u16 *vid,
		       u16 *proto)
{
	struct net_device *br = port->inst->dev;
	struct bridge_vlan_info info;

	*vid = 0;
	*proto = 0;
	if (!vlan)
		return true;
	if (skb_vlan_tag_present(skb)) {
		if (br_vlan_get_proto(br, proto) ||
		    skb->vlan_proto != htons(*proto))
			return false;
		*vid = skb_vlan_tag_get_id(skb);
	}
	/*
	 * Untagged or priority-tagged: the port's PVID, if it has one, is a
	 * VLAN the port is in: the bridge makes a VLAN the PVID once it is
	 * in the port's table, and takes it back before it removes it.
	 */
	if (!*vid)
		return !br_vlan_get_pvid_rcu(port->dev, vid) && *vid;
	return !br_vlan_get_info_rcu(port->dev, *vid, &info);
}

/*
 * The VLAN of a copy of a frame that came in on @in (NULL: sent by the
 * host), going out of or up through @dev, once the bridge's egress VLAN
 * handling may have removed its tag: the tag if it has one; else what the
 * prerouting hook noted for the frame; else the PVID of @dev, the VLAN a
 * port (or the bridge) sends untagged. Called under RCU.
 */
static u16 bridge_copy_vid(struct igmpsnoop_instance *inst,
			   const struct sk_buff *skb,
			   const struct net_device *in,
			   const struct net_device *dev)
{
	const struct bridge_frame_note *note;
	u16 proto, vid = 0;

	if (!br_vlan_enabled(inst->dev))
		return 0;
	if (skb_vlan_tag_present(skb) &&
	    !br_vlan_get_proto(inst->dev, &proto) &&
	    skb->vlan_proto == htons(proto))
		return skb_vlan_tag_get_id(skb);
	note = bridge_note(skb, in);
	if (note)
		return note->vid;
	br_vlan_get_pvid_rcu(dev, &vid);
	return vid;
}

/*
 * Is what @port receives in VLAN @vid learned from after the bridge's
 * ingress checks (bridge_learn()) rather than at NF_BR_PRE_ROUTING? The
 * bridge checks locked ports (against the FDB), a VLAN's STP state (bridge
 * vlan set ... state, or MST) and a port's MST state after its prerouting
 * hooks, and drops what fails them. igmpsnoop follows a VLAN's state from
 * the bridge's notifications (igmpsnoop_brvlan.c), not MST's, which sends
 * none. @vlan: the bridge filters VLANs; @locked: the port is locked.
 */
static __always_inline bool
bridge_learn_late(const struct igmpsnoop_port *port, bool vlan, bool locked,
		  u16 vid)
{
	return locked || br_mst_enabled(port->inst->dev) ||
	       (vlan && !igmpsnoop_brvlan_forwarding(port->dev, vid));
}

/*
 * Learns from @skb, a frame from @port or a copy of it, if prerouting left
 * it to be learned from after the bridge's ingress checks: once per frame,
 * from the first hook that sees it after them, forward (the bridge's first
 * copy for a port) or local in (@note says which did). Without a note
 * (the frame was reinjected elsewhere), local in learns. A frame the bridge
 * neither forwards nor passes up teaches nothing. Returns false for a
 * malformed IGMP message (which prerouting has dropped already).
 */
static bool bridge_learn(struct igmpsnoop_port *port, struct sk_buff *skb,
			 u16 vid, struct bridge_frame_note *note)
{
	const struct iphdr *iph;
	struct iphdr _iph;
	u32 unregistered;

	if (note) {
		if (!note->learn)
			return true;
		note->learn = false;
	} else if (skb->pkt_type != PACKET_MULTICAST ||
		   !bridge_learn_late(port, br_vlan_enabled(port->inst->dev),
				      br_port_flag_is_set(port->dev,
							  BR_PORT_LOCKED),
				      vid)) {
		return true;
	}
	switch (igmpsnoop_flow_rx(port, skb, vid, true)) {
	case IGMPSNOOP_RX_BAD:
		return false;
	case IGMPSNOOP_RX_DATA:
		iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
		if (iph)
			igmpsnoop_flow_data(port, iph, vid, &unregistered);
		break;
	case IGMPSNOOP_RX_REPORT:
	case IGMPSNOOP_RX_REPORT_V3:
	case IGMPSNOOP_RX_PASS:
		break;
	}
	return true;
}

static unsigned int igmpsnoop_bridge_pre(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct bridge_frame_note *note = this_cpu_ptr(&igmpsnoop_bridge_note);
	struct igmpsnoop_group *group;
	struct igmpsnoop_port *port;
	const struct iphdr *iph;
	bool late, vlan, odd, locked;
	enum igmpsnoop_rx rx;
	u32 unregistered;
	struct iphdr _iph;
	u16 vid, proto = 0;

	note->head = NULL;
	/*
	 * Not to a multicast address: the later hooks pass its copies without
	 * the note, and there is nothing to learn.
	 */
	if (!is_multicast_ether_addr(eth_hdr(skb)->h_dest))
		return NF_ACCEPT;
	port = bridge_port(state->in);
	if (!port)
		return NF_ACCEPT;
	vlan = br_vlan_enabled(port->inst->dev);
	if (!bridge_vid(port, skb, vlan, &vid, &proto))
		return NF_ACCEPT;
	note->head = skb->head;
	note->in = port->dev;
	note->vid = vid;
	note->learn = false;
	note->unflooded = false;
	/* What igmpsnoop_flow_rx() passes at once. */
	if (skb->pkt_type != PACKET_MULTICAST)
		return NF_ACCEPT;
	/*
	 * A port is seldom locked or isolated: one call into the bridge asks
	 * for both. A locked port takes no fast path, so an odd port that
	 * takes it is isolated.
	 */
	odd = br_port_flag_is_set(port->dev, BR_PORT_LOCKED | BR_ISOLATED);
	locked = odd && br_port_flag_is_set(port->dev, BR_PORT_LOCKED);
	late = bridge_learn_late(port, vlan, locked, vid);
	note->learn = late;
	rx = igmpsnoop_flow_rx(port, skb, vid, !late);
	switch (rx) {
	case IGMPSNOOP_RX_BAD:
		return NF_DROP;
	case IGMPSNOOP_RX_PASS:
		return NF_ACCEPT;
	case IGMPSNOOP_RX_REPORT:
		/*
		 * To the router ports, as the bridge's snooping sends it
		 * while it knows a querier; else it floods it, and so does
		 * the bridge here.
		 */
		if (late || igmpsnoop_flooding(port->inst, vid))
			return NF_ACCEPT;
		break;
	case IGMPSNOOP_RX_REPORT_V3:
		/* Flooded by the bridge, to the router ports by igmpsnoop. */
		if (late)
			return NF_ACCEPT;
		break;
	case IGMPSNOOP_RX_DATA:
		break;
	}
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph)
		return NF_ACCEPT;
	if (rx != IGMPSNOOP_RX_DATA) {
		group = NULL;
		unregistered = IGMPSNOOP_UNREG_ROUTERS;
	} else {
		/* Data comes only from a frame learned from: not late. */
		group = igmpsnoop_flow_data(port, iph, vid, &unregistered);
		if (unregistered == IGMPSNOOP_UNREG_FLOOD)
			return NF_ACCEPT;
	}
	if (!igmpsnoop_brfast_take(port, skb, group, unregistered, iph, odd,
				   vlan, vid, proto, rx))
		return NF_ACCEPT;
	return NF_STOLEN;
}

/* Is the IGMP message of @skb (IP header @iph) an IGMPv1 or v2 report? */
static bool bridge_igmp_v12_report(const struct sk_buff *skb,
				   const struct iphdr *iph)
{
	u8 _type;
	const u8 *type = skb_header_pointer(skb, iph->ihl * 4, sizeof(_type),
					    &_type);

	return type && (*type == IGMP_HOST_MEMBERSHIP_REPORT ||
			*type == IGMPV2_HOST_MEMBERSHIP_REPORT);
}

/*
 * Is @skb, a copy of a frame the host sends through the bridge @br, the
 * first copy of it the local-out hook sees? br_dev_xmit() counts each
 * frame in @br's transmit counters before it floods it, on the CPU that
 * floods it and in the same bottom-half section, so a frame is known by
 * its data and that count. Copies sent with local out otherwise (our
 * querier's queries) may count as first: what they are is asked next.
 */
static bool bridge_host_first(const struct net_device *br,
			      const struct sk_buff *skb)
{
	struct bridge_host_note *note =
		this_cpu_ptr(&igmpsnoop_bridge_host_note);
	u64 sent = u64_stats_read(&this_cpu_ptr(br->tstats)->tx_packets);

	if (note->head == skb->head && note->br == br && note->sent == sent)
		return false;
	note->head = skb->head;
	note->br = br;
	note->sent = sent;
	return true;
}

/*
 * With its snooping off the bridge floods multicast, and leaves out the
 * ports with mcast_flood off or proxy_arp on
 * (igmpsnoop_bridge_flood_reaches()); of
 * what the host sends, those with proxy_arp on only. Its snooping would
 * send registered groups to their members and router ports all the same,
 * unregistered ones and IGMPv1/v2 reports (while it knows a querier) to
 * router ports, as br_multicast_flood() ignores both flags: here are
 * those copies, of the frame @skb (a copy of it the bridge made) from
 * @indev (port @in; NULL, @indev the bridge device: the host sent it), in
 * VLAN @vid. The bridge set its control block at ingress (or in
 * br_dev_xmit()), so br_forward() applies VLAN egress, hairpin, isolation
 * and the port's state (a port that is down gets none:
 * igmpsnoop_bridge_port_up()); a copy gets the frame's VLAN tag back,
 * which the bridge's egress handling for another port may have taken off.
 *
 * Sent once per frame, from the hook that sees it first: the forward hook,
 * with the bridge's first copy for a port, or local in, for the copy the
 * bridge passes up, which on a VLAN-filtering bridge only a bridge device
 * in the VLAN gets; for the host's frames, local out with the first copy
 * (bridge_host_first()). A frame that goes to none (the flood reaches no
 * other port, and the bridge device is not in its VLAN) is not sent.
 */
static void bridge_unflooded(struct igmpsnoop_instance *inst,
			     struct igmpsnoop_port *in, struct sk_buff *skb,
			     struct net_device *indev, u16 vid)
{
	struct bridge_frame_note *note = in ? bridge_note(skb, indev) : NULL;
	const struct igmpsnoop_member *m;
	/* Not zeroed per frame: igmpsnoop_flow_walk_start() writes it all. */
	struct igmpsnoop_flow_walk walk __uninitialized;
	const struct net_bridge_port *to;
	struct igmpsnoop_group *group;
	struct igmpsnoop_port *port;
	const struct iphdr *iph;
	struct sk_buff *copy;
	struct iphdr _iph;
	u32 unregistered;
	u16 proto = 0;

	if (note) {
		if (note->unflooded)
			return;
		note->unflooded = true;
	}
	if (skb->protocol != htons(ETH_P_IP) ||
	    !is_multicast_ether_addr(eth_hdr(skb)->h_dest) ||
	    igmpsnoop_flooding(inst, vid) ||
	    (br_vlan_enabled(inst->dev) &&
	     (!vid || br_vlan_get_proto(inst->dev, &proto))))
		return;
	iph = skb_header_pointer(skb, 0, sizeof(_iph), &_iph);
	if (!iph || !ipv4_is_multicast(iph->daddr))
		return;
	if (iph->protocol == IPPROTO_IGMP) {
		/* Validated by bridge_learn() or prerouting: to routers. */
		if (!bridge_igmp_v12_report(skb, iph))
			return;
		group = NULL;
		unregistered = IGMPSNOOP_UNREG_ROUTERS;
	} else {
		if (ipv4_is_local_multicast(iph->daddr))
			return;
		group = igmpsnoop_group_lookup(inst, iph->daddr, vid);
		unregistered = igmpsnoop_unregistered(inst, vid);
		if (!group && unregistered == IGMPSNOOP_UNREG_FLOOD)
			return;
	}
	igmpsnoop_flow_walk_start(&walk, inst, group, unregistered);
	while ((port = igmpsnoop_flow_walk_next(&walk))) {
		if ((in ? igmpsnoop_bridge_flood_reaches(port) :
			  !br_port_flag_is_set(port->dev, BR_PROXYARP)) ||
		    !igmpsnoop_bridge_port_up(port) ||
		    (port == in &&
		     !br_port_flag_is_set(port->dev, BR_HAIRPIN_MODE)) ||
		    !igmpsnoop_flow_walk_wants(&walk, port, vid, unregistered,
					       iph->saddr, &m))
			continue;
		to = rcu_dereference(port->dev->rx_handler_data);
		if (!to)
			continue;
		copy = skb_clone(skb, GFP_ATOMIC);
		if (!copy)
			continue;
		copy->dev = indev;	/* as when the bridge forwards it */
		if (proto)
			__vlan_hwaccel_put_tag(copy, htons(proto), vid);
		br_forward(to, copy, false, !in);
	}
}

/*
 * The bridge counted @skb, which it passed up to @dev, as multicast: not a
 * broadcast (br_handle_frame_finish()).
 */
static void bridge_uncount_multicast(struct net_device *dev,
				     const struct sk_buff *skb)
{
	const u8 *dest = eth_hdr(skb)->h_dest;

	if (is_multicast_ether_addr(dest) && !is_broadcast_ether_addr(dest))
		DEV_STATS_ADD(dev, multicast, -1);
}

/*
 * The bridge counted @skb on @dev's receive counters on its way up
 * (br_handle_frame_finish() and br_pass_frame_up()), but the host does not
 * get it: its own snooping would not have passed it up, nor counted it.
 * The sums over CPUs come out right whatever CPU counted it.
 */
static void bridge_uncount(struct net_device *dev, const struct sk_buff *skb)
{
	struct pcpu_sw_netstats *tstats = this_cpu_ptr(dev->tstats);

	u64_stats_update_begin(&tstats->syncp);
	u64_stats_sub(&tstats->rx_packets, 1);
	u64_stats_sub(&tstats->rx_bytes, skb->len);
	u64_stats_update_end(&tstats->syncp);
	bridge_uncount_multicast(dev, skb);
}

static unsigned int igmpsnoop_bridge_in(void *priv, struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	struct igmpsnoop_port *port;
	bool promisc;
	u16 vid;

	/*
	 * The fast path passes up only what the host gets; what is not to a
	 * multicast address always goes up.
	 */
	if (igmpsnoop_brfast_passed_up(state) ||
	    !is_multicast_ether_addr(eth_hdr(skb)->h_dest))
		return NF_ACCEPT;
	port = bridge_port(state->in);
	if (!port)
		return NF_ACCEPT;
	vid = bridge_copy_vid(port->inst, skb, state->in, state->in);
	if (!bridge_learn(port, skb, vid, bridge_note(skb, state->in)))
		return NF_DROP;
	bridge_unflooded(port->inst, port, skb, state->in, vid);
	promisc = port->inst->dev->flags & IFF_PROMISC;
	if (igmpsnoop_flow_host_asked(port->inst, skb, vid, promisc))
		return NF_ACCEPT;
	if (promisc) {
		/*
		 * It goes up, as with the bridge's snooping, which counts it
		 * on rx and not as multicast.
		 */
		bridge_uncount_multicast(port->inst->dev, skb);
		return NF_ACCEPT;
	}
	bridge_uncount(port->inst->dev, skb);
	consume_skb(skb);	/* not an error: the host did not ask for it */
	return NF_STOLEN;
}

static unsigned int igmpsnoop_bridge_out(void *priv, struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct bridge_frame_note *note;
	struct igmpsnoop_port *port, *in;
	u16 vid;

	/* The fast path chose this port. */
	if (igmpsnoop_brfast_sending(skb, state->in))
		return NF_ACCEPT;
	if (skb->protocol != htons(ETH_P_IP) ||
	    !is_multicast_ether_addr(eth_hdr(skb)->h_dest))
		return NF_ACCEPT;
	port = bridge_port(state->out);
	if (!port)
		return NF_ACCEPT;
	vid = bridge_copy_vid(port->inst, skb, state->in, state->out);
	/* The bridge's first copy of a frame from a port: see above. */
	note = bridge_note(skb, state->in);
	if (state->hook == NF_BR_FORWARD && note &&
	    (note->learn || !note->unflooded)) {
		in = bridge_port(state->in);
		if (in && in->inst == port->inst) {
			if (!bridge_learn(in, skb, vid, note))
				return NF_DROP;
			bridge_unflooded(in->inst, in, skb, state->in, vid);
		}
	} else if (state->hook == NF_BR_LOCAL_OUT &&
		   bridge_host_first(port->inst->dev, skb)) {
		/* The bridge's first copy of a frame the host sent. */
		bridge_unflooded(port->inst, NULL, skb, port->inst->dev, vid);
	}
	if (igmpsnoop_flow_tx_wants(port, skb, 0, vid))
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
 * namespace's hooks, and following its bridges' VLAN states and its bridge
 * ports' mcast_router, with its first port. Called under RTNL.
 */
int igmpsnoop_bridge_port_start(struct igmpsnoop_port *port)
{
	struct net *net = dev_net(port->dev);
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);
	int ret;

	ASSERT_RTNL();
	if (!in->n_bridge_ports) {
		ret = igmpsnoop_brvlan_start(net);
		if (ret < 0)
			return ret;
		ret = igmpsnoop_brport_start(net);
		if (ret < 0)
			goto err_brvlan;
		ret = nf_register_net_hooks(net, igmpsnoop_bridge_ops,
					    ARRAY_SIZE(igmpsnoop_bridge_ops));
		if (ret < 0)
			goto err_brport;
	}
	in->n_bridge_ports++;
	hash_add_rcu(in->bridge_ports, &port->hnode, (unsigned long)port->dev);
	return 0;

err_brport:
	igmpsnoop_brport_stop(net);
err_brvlan:
	igmpsnoop_brvlan_stop(net);
	return ret;
}

/*
 * Takes @port out of the table, and the hooks, the VLAN states and the
 * ports' mcast_router away with the namespace's last bridge port. Called
 * under RTNL; hooks may still run on other CPUs until a grace period has
 * passed.
 */
void igmpsnoop_bridge_port_stop(struct igmpsnoop_port *port)
{
	struct net *net = dev_net(port->dev);
	struct igmpsnoop_net *in = igmpsnoop_pernet(net);

	ASSERT_RTNL();
	hash_del_rcu(&port->hnode);
	if (!--in->n_bridge_ports) {
		nf_unregister_net_hooks(net, igmpsnoop_bridge_ops,
					ARRAY_SIZE(igmpsnoop_bridge_ops));
		igmpsnoop_brport_stop(net);
		igmpsnoop_brvlan_stop(net);
	}
}
