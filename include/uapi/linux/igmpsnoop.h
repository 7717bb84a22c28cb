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
 *	     IGMPSNOOP_A_INST_STATS (nest, enum igmpsnoop_stats_attrs)
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

enum igmpsnoop_inst_attrs {
	IGMPSNOOP_A_INST_UNSPEC,
	IGMPSNOOP_A_INST_IFINDEX,	/* u32 */
	IGMPSNOOP_A_INST_IFNAME,	/* string */
	IGMPSNOOP_A_INST_KIND,		/* u32, enum igmpsnoop_kind */
	IGMPSNOOP_A_INST_PORT,		/* nest, enum igmpsnoop_port_attrs */
	IGMPSNOOP_A_INST_STATS,		/* nest, enum igmpsnoop_stats_attrs */

	__IGMPSNOOP_A_INST_MAX,
	IGMPSNOOP_A_INST_MAX = __IGMPSNOOP_A_INST_MAX - 1
};

enum igmpsnoop_port_attrs {
	IGMPSNOOP_A_PORT_UNSPEC,
	IGMPSNOOP_A_PORT_IFINDEX,	/* u32 */
	IGMPSNOOP_A_PORT_IFNAME,	/* string */

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

	__IGMPSNOOP_A_STATS_MAX,
	IGMPSNOOP_A_STATS_MAX = __IGMPSNOOP_A_STATS_MAX - 1
};

enum igmpsnoop_cmd {
	IGMPSNOOP_CMD_UNSPEC,
	IGMPSNOOP_CMD_INSTANCE_ATTACH,
	IGMPSNOOP_CMD_INSTANCE_DETACH,
	IGMPSNOOP_CMD_INSTANCE_GET,

	__IGMPSNOOP_CMD_MAX,
	IGMPSNOOP_CMD_MAX = __IGMPSNOOP_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_IGMPSNOOP_H */
