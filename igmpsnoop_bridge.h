/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igmpsnoop: what the bridge's hooks (igmpsnoop_bridge.c) and its fast path
 * (igmpsnoop_brfast.c) share.
 */

#ifndef _IGMPSNOOP_BRIDGE_H
#define _IGMPSNOOP_BRIDGE_H

#include <linux/if_bridge.h>
#include <linux/netfilter.h>

#include "igmpsnoop_flow.h"

/*
 * Does the bridge's flood of a frame from a port (br_flood()) reach @port?
 * Not if its mcast_flood is off or its proxy_arp on. Under RCU.
 */
static inline bool
igmpsnoop_bridge_flood_reaches(const struct igmpsnoop_port *port)
{
	return br_port_flag_is_set(port->dev, BR_MCAST_FLOOD) &&
	       !br_port_flag_is_set(port->dev, BR_PROXYARP);
}

/*
 * Is @port up, so that br_forward() sends a copy for it to it? A port not
 * running or without carrier is disabled by the bridge (or about to be),
 * and br_forward() sends its copy to its backup port if it has one
 * (bridge link set ... backup_port), where neither the bridge's flood nor
 * its snooping sends any: they skip a disabled port. The bridge keeps the
 * backup port to itself, so such a port gets no copy. Under RCU.
 */
static inline bool igmpsnoop_bridge_port_up(const struct igmpsnoop_port *port)
{
	return netif_running(port->dev) && netif_carrier_ok(port->dev);
}

bool igmpsnoop_brfast_take(struct igmpsnoop_port *in, struct sk_buff *skb,
			   const struct igmpsnoop_group *group,
			   u32 unregistered, const struct iphdr *iph,
			   bool isolated, bool vlan, u16 vid, u16 proto,
			   enum igmpsnoop_rx rx);
bool igmpsnoop_brfast_sending(const struct sk_buff *skb,
			      const struct net_device *in);
bool igmpsnoop_brfast_passed_up(const struct nf_hook_state *state);

#endif /* _IGMPSNOOP_BRIDGE_H */
