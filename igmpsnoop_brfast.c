// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the fast path on a Linux bridge, taken from the prerouting
 * hook (igmpsnoop_bridge.c).
 *
 * Where nothing the bridge does between its prerouting hooks and its
 * forwarding decision would change the frame's fate, the prerouting hook
 * takes the frame and makes the bridge's forwarding decision itself: a
 * copy to each member and router port through the bridge's own
 * br_forward(), which applies the port's STP state, hairpin, the forward
 * and postrouting hooks and the transmit, exactly as for a copy the
 * bridge makes; and the frame up to the host through the
 * local-in hooks if it asked for the group or the bridge device is
 * promiscuous. IGMP reports and leaves take
 * it too, once learned from: IGMPv1/v2 reports while a querier is known,
 * to the router ports, and up to the host if it is a multicast router, as
 * the bridge's snooping sends them; IGMPv3 reports and leaves, which the
 * bridge floods, to the router ports its flood reaches (mcast_flood on,
 * proxy_arp off) and up to the host. It never clones a frame for a port
 * that does not want it. What the bridge would have done in between, and
 * how it is kept, per frame (bridge_fast_ok()):
 *
 * - VLAN ingress filtering: the frame's VLAN is classified as the bridge
 *   does (bridge_vid()); not taken unless igmpsnoop knows the VLAN to be
 *   forwarding on the port, nor while the bridge counts per VLAN, nor on
 *   an MST bridge, nor for a tagged frame on a bridge without VLAN
 *   filtering.
 * - VLAN egress: br_forward() applies the bridge's only to a frame the
 *   bridge filtered at ingress (its private control block, which the
 *   fast path's copies do not carry), so the fast path does it: a copy
 *   goes only to a port in the VLAN whose state there is forwarding,
 *   tagged or untagged as the port's entry says (bridge_vlan_egress()).
 *   Not taken if a port that wants the frame tunnels VLANs or offloads
 *   forwarding (bridge_vlan_special()). The frame goes up as
 *   br_pass_frame_up() sends it: in a VLAN the bridge device is in and
 *   forwards, tagged or untagged as the device's own VLAN entry says;
 *   not taken if the host asked for it where that VLAN is not
 *   forwarding (the bridge counts it, then drops it).
 * - Locked ports (802.1X, MAB): not taken from a locked port.
 * - The port's STP state: prerouting sees forwarding and learning ports,
 *   and the bridge forwards from forwarding ones only. igmpsnoop follows
 *   the state through the switchdev notifier (igmpsnoop_notifier.c): not
 *   taken from a port it does not know to be forwarding.
 * - FDB learning: not taken when the bridge has not been given a frame of
 *   the same source in the same VLAN on the same port for a second (a
 *   quarter of the ageing time if shorter): the bridge learns and
 *   refreshes the source.
 * - br_netfilter (bridge-nf-call-iptables): it runs the ip family's
 *   prerouting chains over the frame before igmpsnoop's hook, and its
 *   forward and postrouting hooks over each copy br_forward() sends, as
 *   over the bridge's. Taken only as the bridge would forward it: not
 *   DNATed, and with the control block as the bridge's ingress left it
 *   (bridge_nf_ok()). Passed up without br_netfilter's routing table,
 *   as the bridge passes it up.
 * - A promiscuous bridge device (a capture, a macvlan on it) gets every
 *   frame: the fast path passes each up, counted as the bridge counts it
 *   (bridge_fast()); on a VLAN-filtering bridge every VLAN's, tagged as
 *   the device's own VLAN entry says, and with the frame's tag in a VLAN
 *   the device is not in. Not taken for a frame with a conntrack entry:
 *   the bridge marks what it passes up promiscuously in its own control
 *   block, for br_netfilter's local-in hook, which then drops the entry
 *   (bridge_promisc_ok()).
 * - Switchdev (offload_fwd_mark): not taken.
 * - Port isolation: copies between isolated ports are not made.
 * - Flooding (no querier, or the unregistered policy "flood"): not taken,
 *   so that the bridge applies mcast_flood as it does when it floods.
 * Whatever is not taken goes on through the bridge, and its hooks
 * (igmpsnoop_bridge.c) remove the copies nobody asked for: slower, never
 * different.
 */

#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/netfilter_bridge.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <net/ip.h>

#include "igmpsnoop_bridge.h"

/*
 * The frame the fast path is sending on this CPU: its copies pass the
 * forward hook without a second decision. Set and cleared around the
 * sending, in one bottom-half section under the lock; the forward hook
 * runs within it, called from br_forward(). A match needs the frame's data
 * and its ingress port, so a frame of another path never matches.
 */
struct bridge_sending {
	local_lock_t lock;
	const unsigned char *head;
	const struct net_device *in;
};

static DEFINE_PER_CPU(struct bridge_sending, igmpsnoop_bridge_sending) = {
	.lock = INIT_LOCAL_LOCK(lock),
};

/*
 * Has the bridge been given a frame from the source of @skb on @port in
 * VLAN @vid lately, so that its FDB entry (one per VLAN) is fresh? If not,
 * the caller gives it this one. A slot per hash of the address and VLAN,
 * so sources that share a slot take turns: more frames go through the
 * bridge, none is lost.
 */
static bool bridge_source_learned(struct igmpsnoop_port *port,
				  const struct sk_buff *skb, u16 vid)
{
	u64 mac = ether_addr_to_u64(eth_hdr(skb)->h_source) | (u64)vid << 48;
	struct igmpsnoop_learned *l =
		&port->learned[hash_64(mac, IGMPSNOOP_LEARNED_BITS)];
	unsigned long now = jiffies, ageing;

	if (READ_ONCE(l->mac) == mac && time_before(now, READ_ONCE(l->until)))
		return true;
	if (!br_port_flag_is_set(port->dev, BR_LEARNING))
		return true;	/* the bridge learns nothing there */
	ageing = clock_t_to_jiffies(br_get_ageing_time(port->inst->dev));
	WRITE_ONCE(l->mac, mac);
	WRITE_ONCE(l->until, now + min(ageing / 4, (unsigned long)HZ));
	return false;
}

/*
 * Would the bridge forward the frame @skb to @daddr as the fast path does?
 * A frame br_netfilter gave its state to (bridge-nf-call-iptables: the ip
 * family's prerouting chains have run over it) only if
 * - they left its destination: else br_netfilter routes it, or bridges it
 *   to the new destination's MAC address (bridged_dnat);
 * - it carried no VLAN or PPPoE header in its data (orig_proto);
 * - its control block is as the bridge's ingress left it. br_netfilter
 *   writes the IPv4 one (struct inet_skb_parm) over its start, zeroed, and
 *   br_forward() reads the bridge's flags there, which the fast path's
 *   copies must carry as zero (VLAN egress, isolation, switchdev); IPv4
 *   code may give it a value (a reassembled frame's largest fragment), and
 *   then the bridge's flags would inherit it.
 */
static bool bridge_nf_ok(const struct sk_buff *skb, __be32 daddr)
{
#if IS_ENABLED(CONFIG_BRIDGE_NETFILTER)
	const struct nf_bridge_info *nf_bridge = nf_bridge_info_get(skb);

	return !nf_bridge ||
	       (nf_bridge->orig_proto == BRNF_PROTO_UNCHANGED &&
		!nf_bridge->in_prerouting && !nf_bridge->bridged_dnat &&
		nf_bridge->ipv4_daddr == daddr &&
		!memchr_inv(skb->cb, 0, sizeof(struct inet_skb_parm)));
#else
	return true;
#endif
}

/*
 * May the fast path pass @skb up to a bridge device that is promiscuous
 * (@promisc), when the host did not ask for it? See above.
 */
static bool bridge_promisc_ok(const struct sk_buff *skb, bool promisc)
{
	return !promisc || !skb_nfct(skb);
}

/*
 * May the frame @skb to @daddr from @port, in VLAN @vid, skip the bridge?
 * See above. The prerouting hook has seen that the port is not locked, the
 * bridge has no MST and the VLAN is forwarding on the port
 * (bridge_learn_late()), and that a tag is of the bridge's protocol
 * (bridge_vid()). @vlan: the bridge filters VLANs; it must not count per
 * VLAN, which the fast path does not. A bridge that does not filter
 * VLANs forwards a tagged frame as any other, but for the bridge's VLAN
 * devices: not taken. @promisc: the bridge device is promiscuous.
 */
static bool bridge_fast_ok(struct igmpsnoop_port *port, struct sk_buff *skb,
			   __be32 daddr, bool vlan, u16 vid, bool promisc)
{
	return IS_ENABLED(CONFIG_NET_SWITCHDEV) &&
	       READ_ONCE(port->inst->cfg.fast_path) &&
	       (vlan ? !READ_ONCE(port->inst->vlan_stats) :
		       !skb_vlan_tag_present(skb)) &&
	       !skb->offload_fwd_mark &&
	       bridge_nf_ok(skb, daddr) && bridge_promisc_ok(skb, promisc) &&
	       READ_ONCE(port->forwarding) &&
	       bridge_source_learned(port, skb, vid);
}

/*
 * How a copy in VLAN @vid leaves @port, as the bridge's egress VLAN
 * handling (br_allowed_egress(), br_handle_vlan()) sends it: false if not
 * at all (the port is not in the VLAN, or the VLAN is not forwarding
 * there); else *@tagged says whether with its tag. Under RCU.
 */
static __always_inline bool bridge_vlan_egress(const struct igmpsnoop_port *port,
					       u16 vid, bool *tagged)
{
	struct bridge_vlan_info info;

	if (br_vlan_get_info_rcu(port->dev, vid, &info) ||
	    !igmpsnoop_brvlan_forwarding(port->dev, vid))
		return false;
	*tagged = !(info.flags & BRIDGE_VLAN_INFO_UNTAGGED);
	return true;
}

/*
 * Does the fast path send a copy of a frame that @port wants, in VLAN @vid
 * (0: none), to it? Not to a port that is down
 * (igmpsnoop_bridge_port_up()), nor to an isolated port when the frame
 * came in on one (@isolated), nor in a VLAN the port is not in or does not
 * forward (bridge_vlan_egress(), which sets *@tagged). Under RCU.
 */
static __always_inline bool bridge_copy_ok(const struct igmpsnoop_port *port,
					   u16 vid, bool isolated, bool *tagged)
{
	return igmpsnoop_bridge_port_up(port) &&
	       !(isolated && br_port_flag_is_set(port->dev, BR_ISOLATED)) &&
	       (!vid || bridge_vlan_egress(port, vid, tagged));
}

/*
 * Does the bridge's own VLAN egress do more for a copy to @port than the
 * fast path does? It maps the VLAN to a tunnel id on a port that tunnels
 * VLANs, and leaves the tag on for a port whose switchdev forwards copies
 * itself with their bridge VLAN (tx_fwd_offload). Under RCU.
 */
static bool bridge_vlan_special(const struct igmpsnoop_port *port)
{
	return br_port_flag_is_set(port->dev,
				   BR_VLAN_TUNNEL | BR_TX_FWD_OFFLOAD);
}

/* The copies of a frame in a VLAN that the fast path chooses at once. */
#define BRIDGE_VLAN_BATCH	8

/* A copy of a frame in a VLAN, chosen before any is sent. */
struct bridge_vlan_copy {
	struct igmpsnoop_port *port;
	const struct igmpsnoop_member *m;
	bool tagged;
};

/*
 * The ports the fast path sends a frame in VLAN @vid to, chosen before any
 * copy is sent, in one walk of @group: each port that wants the frame, is
 * in the VLAN and forwards it there (bridge_vlan_egress()), and is not an
 * isolated port when the frame came in on one (@isolated). Returns how
 * many, the first BRIDGE_VLAN_BATCH of them in @copies (more: the caller
 * walks again to send); -1 if the frame must take the bridge's path, as a
 * port that wants it needs the bridge's own VLAN egress
 * (bridge_vlan_special()). @flooded: only ports the bridge's flood
 * reaches. Under RCU.
 */
static int bridge_vlan_choose(struct igmpsnoop_instance *inst,
			      const struct igmpsnoop_group *group,
			      u32 unregistered, u16 vid, __be32 saddr,
			      bool isolated, bool flooded,
			      struct bridge_vlan_copy *copies)
{
	struct igmpsnoop_flow_walk walk __uninitialized;	/* see bridge_fast() */
	const struct igmpsnoop_member *m;
	struct igmpsnoop_port *port;
	bool tagged;
	int n = 0;

	igmpsnoop_flow_walk_start(&walk, inst, group, unregistered);
	while ((port = igmpsnoop_flow_walk_next(&walk))) {
		if (!igmpsnoop_flow_walk_wants(&walk, port, vid, unregistered,
					       saddr, &m) ||
		    (flooded && !igmpsnoop_bridge_flood_reaches(port)))
			continue;
		if (bridge_vlan_special(port))
			return -1;
		if (n > BRIDGE_VLAN_BATCH ||
		    !bridge_copy_ok(port, vid, isolated, &tagged))
			continue;
		if (n < BRIDGE_VLAN_BATCH)
			copies[n] = (struct bridge_vlan_copy){
				.port = port, .m = m, .tagged = tagged,
			};
		n++;
	}
	return n;
}

/*
 * Does a copy of the @n that bridge_vlan_choose() chose go out tagged?
 * Maybe, if they are more than @copies holds.
 */
static bool bridge_vlan_tagging(const struct bridge_vlan_copy *copies, int n)
{
	int i;

	if (n > BRIDGE_VLAN_BATCH)
		return true;
	for (i = 0; i < n; i++)
		if (copies[i].tagged)
			return true;
	return false;
}

/*
 * Is the bridge device itself in VLAN @vid? If so, *@tagged says whether
 * the bridge passes a frame up with its tag (br_handle_vlan()). Under RCU.
 */
static bool bridge_dev_in_vlan(const struct net_device *br, u16 vid,
			       bool *tagged)
{
	struct bridge_vlan_info info;

	if (br_vlan_get_info_rcu(br, vid, &info) ||
	    !(info.flags & BRIDGE_VLAN_INFO_BRENTRY))
		return false;
	*tagged = !(info.flags & BRIDGE_VLAN_INFO_UNTAGGED);
	return true;
}

/*
 * As br_netif_receive_skb(): a frame br_netfilter gave the bridge's fake
 * routing table goes up without it, to be routed by the host.
 */
static int bridge_host_finish(struct net *net, struct sock *sk,
			      struct sk_buff *skb)
{
	br_drop_fake_rtable(skb);
	return netif_receive_skb(skb);
}

/* Tags the copy @skb with @proto and @tci, or takes its tag off. */
static void bridge_vlan_tag(struct sk_buff *skb, u16 proto, u16 tci,
			    bool tagged)
{
	if (tagged)
		__vlan_hwaccel_put_tag(skb, htons(proto), tci);
	else
		__vlan_hwaccel_clear_tag(skb);
}

/*
 * Did the host ask for the frame bridge_fast() sends (@rx), to @daddr in
 * VLAN @vid? Data if it asked for the group; an IGMPv1/v2 report if it is
 * a multicast router; an IGMPv3 report or a leave always, as the bridge
 * floods it. A promiscuous bridge device gets the rest too.
 */
static __always_inline bool bridge_host_asked(struct igmpsnoop_instance *inst,
					      enum igmpsnoop_rx rx,
					      __be32 daddr, u16 vid)
{
	switch (rx) {
	case IGMPSNOOP_RX_REPORT_V3:
		return true;
	case IGMPSNOOP_RX_REPORT:
		return igmpsnoop_flow_host_router(inst);
	default:
		return igmpsnoop_flow_host_asked_group(inst, daddr, vid);
	}
}

/*
 * The copies of one frame the fast path sends: each when the next port is
 * known, so that the last port gets the frame itself rather than a clone.
 * In a VLAN (@vid), each goes out tagged with @proto and @tci, or untagged.
 */
struct bridge_tx {
	struct sk_buff *skb;
	const struct net_bridge_port *last;
	bool last_tagged;
	u16 vid, proto, tci;
	unsigned int len, copies;
	enum igmpsnoop_counter cnt;	/* each copy's on its port */
};

/*
 * Sends the pending copy of @tx, if any, and makes @port's the pending one.
 * Inline: once per copy, where a call costs what the rest does.
 */
static __always_inline void bridge_tx_add(struct bridge_tx *tx,
					  struct igmpsnoop_port *port,
					  const struct igmpsnoop_member *m,
					  bool tagged)
{
	const struct net_bridge_port *to;
	struct sk_buff *copy;

	to = rcu_dereference(port->dev->rx_handler_data);
	if (!to)
		return;
	/*
	 * Its copy skips igmpsnoop_bridge_out(): counted here, and in the
	 * group once for all copies, by the caller.
	 */
	igmpsnoop_port_count(port, tx->cnt);
	if (m)
		igmpsnoop_member_count(m, tx->len);
	tx->copies++;
	if (tx->last) {
		copy = skb_clone(tx->skb, GFP_ATOMIC);
		if (copy) {
			if (tx->vid)
				bridge_vlan_tag(copy, tx->proto, tx->tci,
						tx->last_tagged);
			br_forward(tx->last, copy, false, false);
		}
	}
	tx->last = to;
	tx->last_tagged = tagged;
}

/*
 * The bridge's forwarding decision for the multicast data @skb (@rx
 * IGMPSNOOP_RX_DATA) to @group (NULL: unregistered, which goes as
 * @unregistered, its VLAN's policy from igmpsnoop_flow_data(), says) in
 * VLAN @vid (0: the bridge filters no VLANs) that came in on @in
 * (@isolated: an isolated port), made as the bridge's own snooping makes
 * it. Or for IGMP to the router ports (@group NULL, @unregistered
 * IGMPSNOOP_UNREG_ROUTERS): an IGMPv1/v2 report (IGMPSNOOP_RX_REPORT) to
 * each, and to the host if it is a multicast router, as the bridge's
 * snooping sends it while it knows a querier; an IGMPv3 report or a leave
 * (IGMPSNOOP_RX_REPORT_V3) to those the bridge's flood reaches, and to the
 * host, as the bridge floods it, less the ports that are not routers
 * (igmpsnoop_flow_tx_wants()). In a VLAN, each copy goes
 * out tagged or untagged as its port's VLAN entry says, to ports in the
 * VLAN that forward it, and the frame goes up tagged or untagged as the
 * bridge's own entry says; it is not taken if a port that wants it needs
 * the bridge's own VLAN egress (bridge_vlan_choose()), nor if the host
 * asked for it where the bridge's VLAN is not forwarding; @proto is the
 * bridge's VLAN protocol, 0 if not asked yet (an untagged frame). A
 * promiscuous bridge device (@promisc) gets the frame whatever the host
 * asked for, in a VLAN it is not in with the frame's tag. Returns whether
 * it was taken: then @skb is consumed.
 */
static bool bridge_fast(struct igmpsnoop_port *in, struct sk_buff *skb,
			const struct igmpsnoop_group *group, u32 unregistered,
			const struct iphdr *iph, bool isolated, u16 vid,
			u16 proto, enum igmpsnoop_rx rx, bool promisc)
{
	bool report = rx != IGMPSNOOP_RX_DATA;
	bool flooded = rx == IGMPSNOOP_RX_REPORT_V3;
	/*
	 * Each frame would otherwise have them zeroed first
	 * (CONFIG_INIT_STACK_ALL_ZERO), 240 bytes; nothing reads a part
	 * not written: bridge_vlan_choose() fills the batch's first n,
	 * igmpsnoop_flow_walk_start() all of the walk.
	 */
	struct bridge_vlan_copy batch[BRIDGE_VLAN_BATCH] __uninitialized;
	struct igmpsnoop_flow_walk walk __uninitialized;
	struct igmpsnoop_instance *inst = in->inst;
	struct bridge_tx tx = {
		.skb = skb,
		.vid = vid,
		.proto = proto,
		/* @iph may point into @skb: read before it goes. */
		.len = ntohs(iph->tot_len),
		.cnt = report ? IGMPSNOOP_CNT_TX_IGMP_REPORT :
				IGMPSNOOP_CNT_TX_DATA,
	};
	__be32 daddr = iph->daddr, saddr = iph->saddr;
	struct net_device *indev = skb->dev;
	const struct igmpsnoop_member *m;
	struct bridge_sending *sending;
	struct igmpsnoop_port *port;
	bool asked = false, local, in_vlan = false, up_tagged = true;
	bool tagged = false;
	struct sk_buff *copy;
	int i, n = 0;

	if (vid) {
		/*
		 * Up, as br_pass_frame_up() passes it: to a bridge device in
		 * the VLAN, tagged as its VLAN entry says, if the VLAN forwards
		 * there; promiscuous, whatever the VLAN and its state, and with
		 * the frame's tag in a VLAN the device is not in.
		 */
		in_vlan = bridge_dev_in_vlan(inst->dev, vid, &up_tagged);
		if (in_vlan) {
			asked = bridge_host_asked(inst, rx, daddr, vid);
			/* The bridge counts it, then drops it: its path. */
			if (asked && !promisc &&
			    !igmpsnoop_brvlan_forwarding(inst->dev, vid))
				return false;
		}
		local = asked || promisc;
		n = bridge_vlan_choose(inst, group, unregistered, vid, saddr,
				       isolated, flooded, batch);
		if (n < 0)
			return false;
		if (!proto && ((local && up_tagged) ||
			       bridge_vlan_tagging(batch, n))) {
			if (br_vlan_get_proto(inst->dev, &proto))
				return false;
			tx.proto = proto;
		}
		/* A priority tag's PCP stays, as the bridge keeps it. */
		tx.tci = skb_vlan_tag_present(skb) ?
			 (skb_vlan_tag_get(skb) & ~VLAN_VID_MASK) | vid : vid;
	} else {
		/* Not asked for, it goes up to a promiscuous bridge device. */
		asked = bridge_host_asked(inst, rx, daddr, 0);
		local = asked || promisc;
	}
	/* Data the host did not ask for, where it could have. */
	if (!local && !report && (!vid || in_vlan))
		igmpsnoop_count(inst, IGMPSNOOP_CNT_HOST_PRUNED);
	if (!report)
		igmpsnoop_port_count(in, IGMPSNOOP_CNT_FWD_FAST_PATH);
	local_lock_nested_bh(&igmpsnoop_bridge_sending.lock);
	sending = this_cpu_ptr(&igmpsnoop_bridge_sending);
	sending->head = skb->head;
	sending->in = indev;
	if (vid && n <= BRIDGE_VLAN_BATCH) {
		for (i = 0; i < n; i++)
			bridge_tx_add(&tx, batch[i].port, batch[i].m,
				      batch[i].tagged);
	} else {
		/*
		 * br_forward() leaves the ingress port out unless it is
		 * hairpin. A port that needs the bridge's own VLAN egress now,
		 * which bridge_vlan_choose() did not see, gets no copy.
		 */
		igmpsnoop_flow_walk_start(&walk, inst, group, unregistered);
		while ((port = igmpsnoop_flow_walk_next(&walk))) {
			if (!igmpsnoop_flow_walk_wants(&walk, port, vid,
						       unregistered, saddr,
						       &m) ||
			    (flooded && !igmpsnoop_bridge_flood_reaches(port)) ||
			    (vid && bridge_vlan_special(port)) ||
			    !bridge_copy_ok(port, vid, isolated, &tagged))
				continue;
			bridge_tx_add(&tx, port, m, tagged);
		}
	}

	if (tx.last) {
		if (vid)
			bridge_vlan_tag(skb, proto, tx.tci, tx.last_tagged);
		if (local) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (copy)
				br_forward(tx.last, copy, false, false);
		} else {
			br_forward(tx.last, skb, false, false);
		}
	}
	sending->head = NULL;
	sending->in = NULL;
	local_unlock_nested_bh(&igmpsnoop_bridge_sending.lock);
	if (group && tx.copies)
		igmpsnoop_group_count(group, true, tx.copies, tx.len);
	if (!local) {
		if (!tx.last)
			consume_skb(skb);	/* else br_forward() took it */
		return true;
	}
	/*
	 * As br_pass_frame_up() passes it up, switchdev aside, and counted as
	 * br_handle_frame_finish() counts it: what the host did not ask for,
	 * and a promiscuous device gets, not as multicast.
	 */
	dev_sw_netstats_rx_add(inst->dev, skb->len);
	if (asked)
		DEV_STATS_INC(inst->dev, multicast);
	if (vid)
		bridge_vlan_tag(skb, proto, tx.tci, up_tagged);
	skb->dev = inst->dev;
	NF_HOOK(NFPROTO_BRIDGE, NF_BR_LOCAL_IN, dev_net(indev), NULL, skb,
		indev, NULL, bridge_host_finish);
	return true;
}

/*
 * The fast path for the frame @skb from @in that the prerouting hook found
 * to be multicast data to @group, or IGMP to the router ports, in VLAN @vid
 * (@vlan: the bridge filters VLANs), if the frame may skip the bridge
 * (bridge_fast_ok()); see bridge_fast() for the rest. Returns whether it
 * took the frame: then @skb is consumed.
 */
bool igmpsnoop_brfast_take(struct igmpsnoop_port *in, struct sk_buff *skb,
			   const struct igmpsnoop_group *group,
			   u32 unregistered, const struct iphdr *iph,
			   bool isolated, bool vlan, u16 vid, u16 proto,
			   enum igmpsnoop_rx rx)
{
	/* Read once: both decide by it. */
	bool promisc = READ_ONCE(in->inst->dev->flags) & IFF_PROMISC;

	return bridge_fast_ok(in, skb, iph->daddr, vlan, vid, promisc) &&
	       bridge_fast(in, skb, group, unregistered, iph, isolated, vid,
			   proto, rx, promisc);
}

/*
 * Is @skb, from @in, a copy the fast path is sending on this CPU? Its
 * forward hook passes those: the fast path chose their ports.
 */
bool igmpsnoop_brfast_sending(const struct sk_buff *skb,
			      const struct net_device *in)
{
	const struct bridge_sending *sending =
		this_cpu_ptr(&igmpsnoop_bridge_sending);

	return sending->head == skb->head && sending->in == in;
}

/*
 * Is the local-in hook's frame one the fast path passes up? It passes up
 * only what the host asked for.
 */
bool igmpsnoop_brfast_passed_up(const struct nf_hook_state *state)
{
	return state->okfn == bridge_host_finish;
}
