// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the VLANs of a switch and of its ports.
 *
 * A Linux bridge knows them: its VLAN table, while VLAN filtering is on
 * (br_vlan_get_info() and friends). An Open vSwitch datapath does not:
 * ovs-vswitchd applies `tag=` and `trunks=` in its flows, so igmpsnoopctl
 * reads them from OVS's database and sets them on the ports here
 * (struct igmpsnoop_ovs_vlans). An OVS instance classifies by VLAN once
 * any of its ports has VLANs; before that everything is VLAN 0, tags
 * ignored, as an instance without VLANs always was.
 *
 * On OVS, as ovs-vswitchd does (vswitchd/vswitch.xml, Port's VLAN
 * configuration):
 * - an access port (tag=N) is in VLAN N alone: its untagged frames are in
 *   VLAN N, a frame that comes in with a VLAN tag is dropped, and what it
 *   sends goes out untagged;
 * - a trunk is in the VLANs of its list (all without one): a frame is in
 *   the VLAN of its 802.1Q tag, VLAN 0 if it has none, dropped if the
 *   trunk does not carry that VLAN; what it sends goes out tagged, VLAN 0
 *   untagged.
 * - a trunk with a native VLAN (vlan_mode native-tagged or native-untagged,
 *   tag=N) is also in VLAN N, whatever its list: its untagged frames (and
 *   priority-tagged ones) are in VLAN N, a tagged one must be in the list;
 *   it sends VLAN N tagged (native-tagged) or untagged (native-untagged).
 * A frame OVS drops teaches nothing.
 */

#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/rcupdate.h>

#include "igmpsnoop_private.h"

/* Does the switch of @inst classify by VLAN? Under RTNL. */
bool igmpsnoop_vlan_enabled(const struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_port *port;

	ASSERT_RTNL();
	if (inst->kind == IGMPSNOOP_KIND_BRIDGE)
		return br_vlan_enabled(inst->dev);
	rtnl_list_for_each(port, &inst->ports, list)
		if (rtnl_dereference(port->ovs_vlans))
			return true;
	return false;
}

/**
 * igmpsnoop_vlan_port_in - is a port in a VLAN?
 * @port: the port
 * @vid: the VLAN; 0 is every bridge port's, and an OVS trunk's untagged
 *	frames
 * @tagged: set if the port sends that VLAN tagged
 *
 * Called under RCU or RTNL.
 */
bool igmpsnoop_vlan_port_in(const struct igmpsnoop_port *port, u16 vid,
			    bool *tagged)
{
	const struct igmpsnoop_ovs_vlans *v;
	struct bridge_vlan_info info;
	bool in;

	*tagged = false;
	if (port->inst->kind == IGMPSNOOP_KIND_BRIDGE) {
		if (!vid)
			return true;
		rcu_read_lock();
		in = !br_vlan_get_info_rcu(port->dev, vid, &info);
		rcu_read_unlock();
		*tagged = in && !(info.flags & BRIDGE_VLAN_INFO_UNTAGGED);
		return in;
	}
	rcu_read_lock();
	v = rcu_dereference_rtnl(port->ovs_vlans);
	if (v && v->access) {
		in = vid == v->access;
	} else if (v && vid && vid == v->native) {
		in = true;
		*tagged = !v->native_untagged;
	} else {
		in = !v || test_bit(vid, v->trunk);
		*tagged = vid;
	}
	rcu_read_unlock();
	return in;
}

/*
 * The VLAN of @port's untagged frames, in @vid: a bridge port's PVID, an
 * OVS access port's VLAN or trunk's native VLAN; -ENOENT if it has none.
 * Called under RTNL.
 */
int igmpsnoop_vlan_port_pvid(const struct igmpsnoop_port *port, u16 *vid)
{
	const struct igmpsnoop_ovs_vlans *v;

	ASSERT_RTNL();
	*vid = 0;
	if (port->inst->kind == IGMPSNOOP_KIND_BRIDGE) {
		if (br_vlan_get_pvid(port->dev, vid))
			*vid = 0;
	} else {
		v = rtnl_dereference(port->ovs_vlans);
		*vid = v ? v->access ?: v->native : 0;
	}
	return *vid ? 0 : -ENOENT;
}

/*
 * Sets in @vids (VLAN_N_VID bits, zeroed by the caller) each VLAN of the
 * switch that gets a querier: each VLAN the bridge has (it keeps an entry
 * of its own for every VLAN of a port: 4094 lookups), or each VLAN an OVS
 * port is an access port of, a trunk lists or has as its native VLAN.
 * VLAN 0 is the instance's own querier; a trunk of all VLANs adds none
 * but its native VLAN. Called under RTNL.
 */
void igmpsnoop_vlan_switch_vids(const struct igmpsnoop_instance *inst,
				unsigned long *vids)
{
	const struct igmpsnoop_ovs_vlans *v;
	struct bridge_vlan_info info;
	struct igmpsnoop_port *port;
	u16 vid;

	ASSERT_RTNL();
	if (inst->kind == IGMPSNOOP_KIND_BRIDGE) {
		for (vid = 1; vid < VLAN_N_VID - 1; vid++)
			if (!br_vlan_get_info(inst->dev, vid, &info))
				__set_bit(vid, vids);
		return;
	}
	rtnl_list_for_each(port, &inst->ports, list) {
		v = rtnl_dereference(port->ovs_vlans);
		if (!v)
			continue;
		if (v->access)
			__set_bit(v->access, vids);
		else if (!v->trunk_all)
			bitmap_or(vids, vids, v->trunk, VLAN_N_VID);
		if (v->native)
			__set_bit(v->native, vids);
	}
	__clear_bit(0, vids);
	__clear_bit(VLAN_N_VID - 1, vids);
}

/**
 * igmpsnoop_vlan_ovs_rx - the VLAN of a frame an OVS port received
 * @port: the port
 * @skb: the frame, at its netdev ingress hook: the receive path has moved
 *	an 802.1Q tag into skb->vlan_tci
 * @vid: set to its VLAN (0 while the instance's ports have no VLANs)
 *
 * Returns false if OVS drops the frame for its VLAN: it teaches nothing.
 * Called under RCU.
 */
bool igmpsnoop_vlan_ovs_rx(const struct igmpsnoop_port *port,
			   const struct sk_buff *skb, u16 *vid)
{
	const struct igmpsnoop_ovs_vlans *v;
	u16 tag = 0;

	*vid = 0;
	if (!READ_ONCE(port->inst->vlan_filtering))
		return true;
	if (skb_vlan_tag_present(skb)) {
		if (skb->vlan_proto != htons(ETH_P_8021Q))
			return false;
		tag = skb_vlan_tag_get_id(skb);
		if (tag == VLAN_N_VID - 1)
			return false;
	}
	v = rcu_dereference(port->ovs_vlans);
	if (v && v->access) {
		if (tag)
			return false;
		*vid = v->access;
		return true;
	}
	if (v && !tag && v->native) {
		*vid = v->native;
		return true;
	}
	if (v && !test_bit(tag, v->trunk))
		return false;
	*vid = tag;
	return true;
}

/**
 * igmpsnoop_vlan_ovs_tx - the VLAN of a frame an OVS port sends
 * @port: the port
 * @skb: the frame at its netdev egress hook, data at the Ethernet header;
 *	a tag OVS pushed is in skb->vlan_tci, or after the Ethernet header
 * @vid: set to its VLAN (0 while the instance's ports have no VLANs)
 * @nhoff: set to the offset of its IP header
 *
 * Returns false if it is not an IPv4 frame (in at most one tag). Called
 * under RCU.
 */
bool igmpsnoop_vlan_ovs_tx(const struct igmpsnoop_port *port,
			   const struct sk_buff *skb, u16 *vid,
			   unsigned int *nhoff)
{
	const struct igmpsnoop_ovs_vlans *v;
	const struct vlan_ethhdr *veth;
	struct vlan_ethhdr _veth;
	u16 tag = 0;

	veth = skb_header_pointer(skb, 0, sizeof(_veth), &_veth);
	if (!veth)
		return false;
	*nhoff = ETH_HLEN;
	if (veth->h_vlan_proto == htons(ETH_P_8021Q)) {
		if (skb_vlan_tag_present(skb) ||
		    veth->h_vlan_encapsulated_proto != htons(ETH_P_IP))
			return false;
		tag = ntohs(veth->h_vlan_TCI) & VLAN_VID_MASK;
		*nhoff += VLAN_HLEN;
	} else if (veth->h_vlan_proto == htons(ETH_P_IP)) {
		if (skb_vlan_tag_present(skb))
			tag = skb_vlan_tag_get_id(skb);
	} else {
		return false;
	}
	*vid = 0;
	if (!READ_ONCE(port->inst->vlan_filtering))
		return true;
	v = rcu_dereference(port->ovs_vlans);
	if (v && v->access)
		*vid = v->access;
	else if (v && !tag && v->native_untagged)
		*vid = v->native;
	else
		*vid = tag;
	return true;
}

static void ovs_vlans_free(struct igmpsnoop_ovs_vlans *v)
{
	if (v)
		kfree_rcu(v, rcu);
}

/*
 * Gives the OVS port @port the VLANs @vlans (NULL: a trunk of all), which
 * it owns from now on. The caller follows them with
 * igmpsnoop_querier_vlans_sync(): the instance's queriers, and what the
 * port learned in VLANs it left. Called under RTNL.
 */
void igmpsnoop_vlan_ovs_set(struct igmpsnoop_port *port,
			    struct igmpsnoop_ovs_vlans *vlans)
{
	ASSERT_RTNL();
	ovs_vlans_free(rcu_replace_pointer(port->ovs_vlans, vlans,
					   lockdep_rtnl_is_held()));
}

/*
 * @port is gone from its instance: frees its VLANs after readers are done,
 * and marks its instance's VLANs for igmpsnoop_querier_vlans_sync() if
 * they may have changed. Called under RTNL.
 */
void igmpsnoop_vlan_port_free(struct igmpsnoop_port *port)
{
	struct igmpsnoop_ovs_vlans *v = rtnl_dereference(port->ovs_vlans);

	if (!v)
		return;
	RCU_INIT_POINTER(port->ovs_vlans, NULL);
	port->inst->vlans_dirty = true;
	ovs_vlans_free(v);
}
