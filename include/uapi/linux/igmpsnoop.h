/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * igmpsnoop: IGMP snooping for Linux bridges and Open vSwitch datapaths.
 *
 * Generic netlink family "igmpsnoop", version 1.
 *
 * An *instance* is igmpsnoop attached to one switch device: a Linux bridge
 * master or an Open vSwitch datapath device. It is named by the switch's
 * ifindex in the caller's network namespace and snoops the switch's ports.
 *
 * Commands
 *   IGMPSNOOP_CMD_INSTANCE_ATTACH   do   needs CAP_NET_ADMIN in the netns
 *	in:  IGMPSNOOP_A_INST_IFINDEX
 *   IGMPSNOOP_CMD_INSTANCE_DETACH   do   needs CAP_NET_ADMIN in the netns
 *	in:  IGMPSNOOP_A_INST_IFINDEX
 *   IGMPSNOOP_CMD_INSTANCE_GET      do, dump   anyone
 *	in:  IGMPSNOOP_A_INST_IFINDEX (required by do; a filter for dump)
 *	out: IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_IFNAME,
 *	     IGMPSNOOP_A_INST_KIND, IGMPSNOOP_A_INST_PORT (one nest per port,
 *	     attributes from enum igmpsnoop_port_attrs),
 *	     IGMPSNOOP_A_INST_STATS (nest, enum igmpsnoop_stats_attrs),
 *	     the settings of IGMPSNOOP_CMD_INSTANCE_SET, and the state:
 *	     IGMPSNOOP_A_INST_FLOODING, IGMPSNOOP_A_INST_GROUPS,
 *	     IGMPSNOOP_A_INST_QUERIER_* while another querier is heard
 *   IGMPSNOOP_CMD_INSTANCE_SET      do   needs CAP_NET_ADMIN in the netns
 *	in:  IGMPSNOOP_A_INST_IFINDEX, then any of IGMPSNOOP_A_INST_UNREGISTERED,
 *	     _ROBUSTNESS, _QUERY_INTERVAL, _QUERY_RESPONSE_INTERVAL,
 *	     _LAST_MEMBER_INTERVAL, _LAST_MEMBER_COUNT, _FAST_PATH
 *	     (times in milliseconds; the query response interval must stay
 *	     below the query interval)
 *   IGMPSNOOP_CMD_PORT_SET          do   needs CAP_NET_ADMIN in the netns
 *	in:  IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_PORT (one nest:
 *	     IGMPSNOOP_A_PORT_IFINDEX, then any of IGMPSNOOP_A_PORT_ROUTER,
 *	     IGMPSNOOP_A_PORT_FAST_LEAVE)
 *   IGMPSNOOP_CMD_GROUP_GET         dump   anyone
 *	in:  IGMPSNOOP_A_GROUP_IFINDEX (optional filter: one instance)
 *	out: one message per group: IGMPSNOOP_A_GROUP_IFINDEX,
 *	     IGMPSNOOP_A_GROUP_IFNAME, IGMPSNOOP_A_GROUP_ADDR, and one
 *	     IGMPSNOOP_A_GROUP_MEMBER nest per member port (enum
 *	     igmpsnoop_member_attrs)
 *
 * Every rejected request carries an extended ACK message.
 * The enums below only ever grow at their end.
 */
#ifndef _UAPI_LINUX_IGMPSNOOP_H
#define _UAPI_LINUX_IGMPSNOOP_H

#define IGMPSNOOP_FAMILY_NAME		"igmpsnoop"
#define IGMPSNOOP_FAMILY_VERSION	1
#define IGMPSNOOP_MCGRP_MONITOR		"monitor"

enum igmpsnoop_kind {
	IGMPSNOOP_KIND_BRIDGE = 1,
	IGMPSNOOP_KIND_OVS,
};

/* What an instance does with multicast for a group no port joined. */
enum igmpsnoop_unregistered {
	IGMPSNOOP_UNREG_ROUTERS,	/* send it to router ports only */
	IGMPSNOOP_UNREG_FLOOD,		/* flood it */
	IGMPSNOOP_UNREG_DROP,		/* send it to no port */
};

/* Whether a port is a multicast router port. */
enum igmpsnoop_router_mode {
	IGMPSNOOP_ROUTER_AUTO,		/* when queries, PIM or MRD are heard */
	IGMPSNOOP_ROUTER_ON,		/* always */
	IGMPSNOOP_ROUTER_OFF,		/* never */
};

enum igmpsnoop_member_state {
	IGMPSNOOP_MEMBER_TEMP,		/* learned; expires */
	IGMPSNOOP_MEMBER_PERMANENT,	/* configured; never expires (group add:
					 * not implemented yet)
					 */
};

enum igmpsnoop_inst_attrs {
	IGMPSNOOP_A_INST_UNSPEC,
	IGMPSNOOP_A_INST_IFINDEX,	/* u32 */
	IGMPSNOOP_A_INST_IFNAME,	/* string */
	IGMPSNOOP_A_INST_KIND,		/* u32, enum igmpsnoop_kind */
	IGMPSNOOP_A_INST_PORT,		/* nest, enum igmpsnoop_port_attrs */
	IGMPSNOOP_A_INST_STATS,		/* nest, enum igmpsnoop_stats_attrs */
	IGMPSNOOP_A_INST_UNREGISTERED,	/* u32, enum igmpsnoop_unregistered */
	IGMPSNOOP_A_INST_ROBUSTNESS,	/* u32, 1..7, default 2 */
	IGMPSNOOP_A_INST_QUERY_INTERVAL, /* u32, ms, 1000..3600000, default 125000 */
	IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL, /* u32, ms, 100..3175000, default 10000 */
	IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL, /* u32, ms, 100..25500, default 1000 */
	IGMPSNOOP_A_INST_LAST_MEMBER_COUNT, /* u32, 1..7, default 2 */
	IGMPSNOOP_A_INST_FAST_PATH,	/* u8, 0 or 1: bridge ingress replication */
	IGMPSNOOP_A_INST_FLOODING,	/* u8, out: 1 while multicast is flooded
					 * because no querier is heard, or for
					 * the Max Resp Time of the first query
					 */
	IGMPSNOOP_A_INST_GROUPS,	/* u32, out: groups in the table */
	IGMPSNOOP_A_INST_QUERIER_ADDR,	/* be32 IPv4, out: the querier heard */
	IGMPSNOOP_A_INST_QUERIER_PORT,	/* u32 ifindex, out: where it was heard */
	IGMPSNOOP_A_INST_QUERIER_TIMER,	/* u32, ms, out: until it is presumed gone */
	IGMPSNOOP_A_INST_QUERIER_VERSION, /* u8, out: IGMP version of its queries */
	IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL, /* u32, ms, out: the GMI in force */

	__IGMPSNOOP_A_INST_MAX,
	IGMPSNOOP_A_INST_MAX = __IGMPSNOOP_A_INST_MAX - 1
};

enum igmpsnoop_port_attrs {
	IGMPSNOOP_A_PORT_UNSPEC,
	IGMPSNOOP_A_PORT_IFINDEX,	/* u32 */
	IGMPSNOOP_A_PORT_IFNAME,	/* string */
	IGMPSNOOP_A_PORT_ROUTER,	/* u32, enum igmpsnoop_router_mode */
	IGMPSNOOP_A_PORT_FAST_LEAVE,	/* u8, 0 or 1 */
	IGMPSNOOP_A_PORT_IS_ROUTER,	/* u8, out: 1 if it is a router port now */
	IGMPSNOOP_A_PORT_ROUTER_TIMER,	/* u32, ms, out: until a learned
					 * router port expires
					 */

	__IGMPSNOOP_A_PORT_MAX,
	IGMPSNOOP_A_PORT_MAX = __IGMPSNOOP_A_PORT_MAX - 1
};

enum igmpsnoop_stats_attrs {
	IGMPSNOOP_A_STATS_UNSPEC,
	IGMPSNOOP_A_STATS_PAD,
	IGMPSNOOP_A_STATS_RX_IGMP,	/* u64: valid IGMP messages received */
	IGMPSNOOP_A_STATS_RX_MCAST,	/* u64: other IPv4 multicast received */
	IGMPSNOOP_A_STATS_RX_BAD,	/* u64: malformed IGMP, dropped */
	IGMPSNOOP_A_STATS_RX_QUERY_V1,	/* u64: IGMPv1 queries */
	IGMPSNOOP_A_STATS_RX_QUERY_V2,	/* u64: IGMPv2 queries */
	IGMPSNOOP_A_STATS_RX_QUERY_V3,	/* u64: IGMPv3 queries */
	IGMPSNOOP_A_STATS_RX_REPORT_V1,	/* u64: IGMPv1 membership reports */
	IGMPSNOOP_A_STATS_RX_REPORT_V2,	/* u64: IGMPv2 membership reports */
	IGMPSNOOP_A_STATS_RX_REPORT_V3,	/* u64: IGMPv3 membership reports */
	IGMPSNOOP_A_STATS_RX_LEAVE,	/* u64: IGMPv2 leave group messages */
	IGMPSNOOP_A_STATS_RX_OTHER,	/* u64: valid IGMP of other types */
	IGMPSNOOP_A_STATS_RX_PIM_HELLO,	/* u64: PIM hellos to 224.0.0.13 */
	IGMPSNOOP_A_STATS_FWD_REGISTERED, /* u64: data for a group in the table */
	IGMPSNOOP_A_STATS_FWD_UNREGISTERED, /* u64: data for a group not in it */
	IGMPSNOOP_A_STATS_FWD_FLOODED,	/* u64: data flooded: no querier */
	IGMPSNOOP_A_STATS_FWD_FAST_PATH, /* u64: data replicated at ingress */
	IGMPSNOOP_A_STATS_TX_PRUNED,	/* u64: deliveries removed at egress */
	IGMPSNOOP_A_STATS_TX_CTL_PRUNED, /* u64: reports and leaves kept from
					  * a port that is no router port
					  */
	IGMPSNOOP_A_STATS_TABLE_FULL,	/* u64: joins refused: table full */

	__IGMPSNOOP_A_STATS_MAX,
	IGMPSNOOP_A_STATS_MAX = __IGMPSNOOP_A_STATS_MAX - 1
};

enum igmpsnoop_member_attrs {
	IGMPSNOOP_A_MEMBER_UNSPEC,
	IGMPSNOOP_A_MEMBER_PORT_IFINDEX, /* u32 */
	IGMPSNOOP_A_MEMBER_PORT_IFNAME,	/* string */
	IGMPSNOOP_A_MEMBER_TIMER,	/* u32, ms until it expires; 0 if permanent */
	IGMPSNOOP_A_MEMBER_STATE,	/* u32, enum igmpsnoop_member_state */

	__IGMPSNOOP_A_MEMBER_MAX,
	IGMPSNOOP_A_MEMBER_MAX = __IGMPSNOOP_A_MEMBER_MAX - 1
};

enum igmpsnoop_group_attrs {
	IGMPSNOOP_A_GROUP_UNSPEC,
	IGMPSNOOP_A_GROUP_IFINDEX,	/* u32: the instance's switch device */
	IGMPSNOOP_A_GROUP_IFNAME,	/* string */
	IGMPSNOOP_A_GROUP_ADDR,		/* be32: IPv4 group address */
	IGMPSNOOP_A_GROUP_MEMBER,	/* nest, enum igmpsnoop_member_attrs */

	__IGMPSNOOP_A_GROUP_MAX,
	IGMPSNOOP_A_GROUP_MAX = __IGMPSNOOP_A_GROUP_MAX - 1
};

enum igmpsnoop_cmd {
	IGMPSNOOP_CMD_UNSPEC,
	IGMPSNOOP_CMD_INSTANCE_ATTACH,
	IGMPSNOOP_CMD_INSTANCE_DETACH,
	IGMPSNOOP_CMD_INSTANCE_GET,
	IGMPSNOOP_CMD_INSTANCE_SET,
	IGMPSNOOP_CMD_PORT_SET,
	IGMPSNOOP_CMD_GROUP_GET,

	__IGMPSNOOP_CMD_MAX,
	IGMPSNOOP_CMD_MAX = __IGMPSNOOP_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_IGMPSNOOP_H */
