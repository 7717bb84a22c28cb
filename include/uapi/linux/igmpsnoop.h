/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * igmpsnoop: IGMP snooping for Linux bridges and Open vSwitch datapaths.
 *
 * Generic netlink family "igmpsnoop", version 1.
 *
 * An *instance* is igmpsnoop attached to one switch device: a Linux bridge
 * master or an Open vSwitch datapath device. It snoops every port of the
 * switch, followed as they come and go, or on an OVS datapath, whose
 * bridges share it, a subset of its ports given by the user (attach's
 * port list, PORT_ADD, PORT_DEL). A port is in one instance at most.
 *
 * An instance has a name (IGMPSNOOP_A_INST_NAME), unique in its network
 * namespace: the switch's name at attach unless another is given.
 * Requests name an instance by IGMPSNOOP_A_INST_NAME (IGMPSNOOP_A_GROUP_
 * INSTANCE for group commands), which may also be the name of a switch
 * device with one instance, or by the switch's ifindex alone
 * (IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_GROUP_IFINDEX) when the switch
 * has one instance. Below, "INST" is either way. Dumps filter on either.
 *
 * netlink/specs/igmpsnoop.yaml is the YNL spec of this family; make
 * spec-check proves the two agree.
 *
 * Commands (changes need CAP_NET_ADMIN in the netns; reads are open)
 *   IGMPSNOOP_CMD_INSTANCE_ATTACH   do
 *	in:  IGMPSNOOP_A_INST_IFINDEX (the switch), optionally _NAME, and on
 *	     an OVS datapath _PORT_SUBSET and/or one _PORT nest per port
 *	     (IGMPSNOOP_A_PORT_IFINDEX of a port of the switch in no other
 *	     instance, and optionally its VLANs as PORT_SET takes them):
 *	     any of them makes the instance a subset one
 *   IGMPSNOOP_CMD_INSTANCE_DETACH   do      in: INST
 *   IGMPSNOOP_CMD_INSTANCE_GET      do, dump
 *	in:  INST (required by do; a filter for dump)
 *	out: IGMPSNOOP_A_INST_IFINDEX, _IFNAME (the switch), _NAME, _KIND,
 *	     _PORT_SUBSET, _PORTS (their number) and one _PORT nest per port
 *	     (enum igmpsnoop_port_attrs) while they fit in the message (some
 *	     300; PORT_GET dumps them all), _STATS (nest, enum
 *	     igmpsnoop_stats_attrs),
 *	     the settings of INSTANCE_SET, and the state: _FLOODING, _GROUPS,
 *	     and _QUERIER_ADDR, _PORT, _TIMER, _VERSION, _SINCE, _SELF while
 *	     there is a querier (igmpsnoop's own, or another heard; only
 *	     another has a _QUERIER_PORT): those of VLAN 0. A VLAN-filtering
 *	     bridge has a querier per VLAN instead, and an OVS instance
 *	     whose ports have VLANs one per VLAN besides VLAN 0's: _VLANS
 *	     counts them and one _VLAN nest each (enum igmpsnoop_vlan_attrs)
 *	     shows the first IGMPSNOOP_VLANS_SHOWN (VLAN_GET dumps them all)
 *   IGMPSNOOP_CMD_INSTANCE_SET      do
 *	in:  INST, then any of _UNREGISTERED, _ROBUSTNESS,
 *	     _QUERY_INTERVAL, _QUERY_RESPONSE_INTERVAL, _LAST_MEMBER_INTERVAL,
 *	     _LAST_MEMBER_COUNT, _FAST_PATH, _MAX_GROUPS, _QUERIER,
 *	     _QUERIER_SOURCE, _IGMP_VERSION, _MEMBERSHIP_INTERVAL,
 *	     _OTHER_QUERIER_INTERVAL, _STARTUP_QUERY_INTERVAL,
 *	     _STARTUP_QUERY_COUNT, _LAST_MEMBER_TIME (times in ms; the query
 *	     response interval must stay below the query interval); or
 *	     _VID and the settings of that VLAN of a VLAN-filtering
 *	     bridge or of an OVS instance's ports: any of _QUERIER (2: as the instance's),
 *	     _QUERIER_SOURCE (0.0.0.0: automatic), _UNREGISTERED (_DEFAULT:
 *	     the instance's), _MAX_GROUPS (0: none of its own), the timing
 *	     settings and _IGMP_VERSION above but _FAST_PATH (the VLAN's
 *	     own; 0 for a derived one: the instance's), and _INHERIT (own
 *	     settings to drop)
 *   IGMPSNOOP_CMD_PORT_SET          do
 *	in:  INST, IGMPSNOOP_A_INST_PORT (one nest:
 *	     IGMPSNOOP_A_PORT_IFINDEX, then any of _ROUTER, _FAST_LEAVE,
 *	     _MAX_GROUPS, _MAX_GROUPS_DEFAULT, and on OVS one of
 *	     _ACCESS_VLAN, _TRUNK_VLANS, _TRUNK_ALL (the port's VLANs as
 *	     OVS configures them; a trunk with _NATIVE_VLAN and
 *	     _NATIVE_UNTAGGED); or with _VID, the port's in that VLAN:
 *	     _ROUTER (_DEFAULT: the port's), _MAX_GROUPS (0 or
 *	     _MAX_GROUPS_DEFAULT: none of its own))
 *   IGMPSNOOP_CMD_PORT_ADD          do
 *   IGMPSNOOP_CMD_PORT_DEL          do
 *	in:  INST (a subset instance), IGMPSNOOP_A_INST_PORT (one nest:
 *	     IGMPSNOOP_A_PORT_IFINDEX); add takes a port of the switch in no
 *	     instance, del forgets what the port learned
 *   IGMPSNOOP_CMD_PORT_GET          do, dump
 *	in:  INST (a filter for dump), and for do one
 *	     IGMPSNOOP_A_INST_PORT nest with IGMPSNOOP_A_PORT_IFINDEX
 *	out: one message per port: IGMPSNOOP_A_INST_IFINDEX, _IFNAME, _NAME,
 *	     _PORT (with its _STATS, and on a VLAN-filtering bridge its
 *	     _VLAN_COUNT and _VLAN nests; on OVS its VLANs: _ACCESS_VLAN,
 *	     _TRUNK_VLANS or _TRUNK_ALL, _NATIVE_VLAN, _NATIVE_UNTAGGED)
 *   IGMPSNOOP_CMD_GROUP_GET         do, dump
 *	in:  INST as IGMPSNOOP_A_GROUP_INSTANCE or _IFINDEX (a filter for
 *	     dump), and for do IGMPSNOOP_A_GROUP_ADDR and _VID (default 0)
 *	out: one message per group: IGMPSNOOP_A_GROUP_IFINDEX, _IFNAME,
 *	     _INSTANCE, _ADDR, _VID, _STATS (enum
 *	     igmpsnoop_group_stats_attrs), one _MEMBER nest per member port
 *	     (enum igmpsnoop_member_attrs, with its own _STATS)
 *   IGMPSNOOP_CMD_GROUP_ADD         do
 *   IGMPSNOOP_CMD_GROUP_DEL         do
 *	in:  INST as IGMPSNOOP_A_GROUP_INSTANCE or _IFINDEX, _ADDR, _VID
 *	     (default 0: a VLAN the port is in, on a VLAN-filtering bridge),
 *	     one _MEMBER nest with IGMPSNOOP_A_MEMBER_PORT_IFINDEX and for add
 *	     _STATE (default temp); an existing membership is refused
 *	     unless NLM_F_REPLACE
 *   IGMPSNOOP_CMD_GROUP_FLUSH       do
 *	in:  INST as IGMPSNOOP_A_GROUP_INSTANCE or _IFINDEX
 *   IGMPSNOOP_CMD_STATS_GET         do, dump
 *	in:  INST (a filter for dump)
 *	out: IGMPSNOOP_A_INST_IFINDEX, _IFNAME, _NAME, _KIND, _STATS
 *   IGMPSNOOP_CMD_VLAN_GET          do, dump
 *	in:  INST (a filter for dump), and for do IGMPSNOOP_A_INST_VID
 *	out: one message per VLAN that has a querier (see INSTANCE_GET):
 *	     IGMPSNOOP_A_INST_IFINDEX, _IFNAME, _NAME and one _VLAN nest
 *
 * Notifications, on the multicast group "monitor" of the switch's netns:
 *   IGMPSNOOP_CMD_GROUP_NTF    IGMPSNOOP_A_GROUP_EVENT group-added, -changed,
 *	-removed with the group's attributes as GROUP_GET has them; or
 *	table-full with _IFINDEX, _IFNAME, _INSTANCE, _ADDR, _VID, _LIMIT and one
 *	_MEMBER nest naming the port
 *   IGMPSNOOP_CMD_ROUTER_NTF   IGMPSNOOP_A_INST_EVENT router-added, -removed,
 *	IGMPSNOOP_A_INST_IFINDEX, _IFNAME, _NAME, one _PORT nest (with
 *	IGMPSNOOP_A_PORT_ROUTER_VID for a VLAN)
 *   IGMPSNOOP_CMD_QUERIER_NTF  IGMPSNOOP_A_INST_EVENT querier-elected,
 *	-changed, -lost, IGMPSNOOP_A_INST_IFINDEX, _IFNAME, _NAME,
 *	_QUERIER_ADDR, _QUERIER_PORT (not when igmpsnoop's own querier is
 *	elected: then _QUERIER_SELF), _QUERIER_VERSION, and _QUERIER_VID
 *	for the querier of a VLAN
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
	IGMPSNOOP_UNREG_DEFAULT,	/* in a VLAN: as the instance */
};

/* Whether a port is a multicast router port. */
enum igmpsnoop_router_mode {
	IGMPSNOOP_ROUTER_AUTO,		/* when queries, PIM or MRD are heard */
	IGMPSNOOP_ROUTER_ON,		/* always */
	IGMPSNOOP_ROUTER_OFF,		/* never */
	IGMPSNOOP_ROUTER_DEFAULT,	/* a port in one VLAN (PORT_SET with
					 * IGMPSNOOP_A_PORT_VID): the
					 * port's mode, as until set
					 */
};

enum igmpsnoop_member_state {
	IGMPSNOOP_MEMBER_TEMP,		/* learned, or added without
					 * "permanent": expires after GMI
					 */
	IGMPSNOOP_MEMBER_PERMANENT,	/* added; never expires, stays when
					 * the port goes down
					 */
};

/* What a notification on the "monitor" group reports. */
enum igmpsnoop_event {
	IGMPSNOOP_EVENT_UNSPEC,
	IGMPSNOOP_EVENT_GROUP_ADDED,	/* a group got its first member */
	IGMPSNOOP_EVENT_GROUP_CHANGED,	/* its member ports changed */
	IGMPSNOOP_EVENT_GROUP_REMOVED,	/* its last member went */
	IGMPSNOOP_EVENT_ROUTER_ADDED,	/* a port became a router port */
	IGMPSNOOP_EVENT_ROUTER_REMOVED,	/* a port stopped being one */
	IGMPSNOOP_EVENT_QUERIER_ELECTED, /* a querier is heard, none was */
	IGMPSNOOP_EVENT_QUERIER_CHANGED, /* another querier won the election */
	IGMPSNOOP_EVENT_QUERIER_LOST,	/* the querier was not heard for OQPI */
	IGMPSNOOP_EVENT_TABLE_FULL,	/* a membership was refused: a limit */
};

/* Which limit refused a membership (IGMPSNOOP_EVENT_TABLE_FULL). */
enum igmpsnoop_limit {
	IGMPSNOOP_LIMIT_INSTANCE,	/* the instance's max-groups */
	IGMPSNOOP_LIMIT_PORT,		/* the port's max-groups */
	IGMPSNOOP_LIMIT_SOURCES,	/* the sources a member may hold (64):
					 * sources were refused
					 */
	IGMPSNOOP_LIMIT_VLAN,		/* the VLAN's max-groups */
	IGMPSNOOP_LIMIT_PORT_VLAN,	/* the port's max-groups in the VLAN */
};

/* The filter mode of a member (RFC 3376 6.4), as MCAST_INCLUDE/EXCLUDE. */
enum igmpsnoop_filter_mode {
	IGMPSNOOP_FILTER_EXCLUDE,	/* every source but the blocked ones */
	IGMPSNOOP_FILTER_INCLUDE,	/* only the sources listed */
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
	IGMPSNOOP_A_INST_FAST_PATH,	/* u8, 0 or 1 (default): a bridge's
					 * multicast data is forwarded from its
					 * prerouting hook where that is exactly
					 * what the bridge would do
					 */
	IGMPSNOOP_A_INST_FLOODING,	/* u8, out: 1 while multicast is flooded
					 * because no querier is heard, or for
					 * the Max Resp Time of the first query
					 */
	IGMPSNOOP_A_INST_GROUPS,	/* u32, out: groups in the table */
	IGMPSNOOP_A_INST_QUERIER_ADDR,	/* be32 IPv4, out: the querier heard */
	IGMPSNOOP_A_INST_QUERIER_PORT,	/* u32 ifindex, out: where it was heard */
	IGMPSNOOP_A_INST_QUERIER_TIMER,	/* u32, ms, out: until it is presumed gone */
	IGMPSNOOP_A_INST_QUERIER_VERSION, /* u8, out: IGMP version of its queries */
	/* u32, ms, 0..86400000: GMI; set 0 to derive it (out: the one in force) */
	IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL,
	IGMPSNOOP_A_INST_MAX_GROUPS,	/* u32, 1..1048576, default 4096:
					 * groups in the table
					 */
	IGMPSNOOP_A_INST_EVENT,		/* u32, enum igmpsnoop_event: notifications */
	IGMPSNOOP_A_INST_QUERIER,	/* u8, 0 or 1, default 0: igmpsnoop's own
					 * querier; with _VID also 2: in that
					 * VLAN as the instance's (default)
					 */
	IGMPSNOOP_A_INST_QUERIER_SOURCE, /* be32 IPv4, default 0.0.0.0: its
					  * source address; 0.0.0.0 picks the
					  * switch device's own, else 0.0.0.0
					  */
	IGMPSNOOP_A_INST_IGMP_VERSION,	/* u32, 2 or 3, default 2: of its queries */
	IGMPSNOOP_A_INST_QUERIER_SELF,	/* u8, out: 1 while it is the querier;
					 * _QUERIER_ADDR is then its source
					 * address and _QUERIER_TIMER the time
					 * to its next general query
					 */
	IGMPSNOOP_A_INST_QUERIER_SINCE,	/* u32, ms, out: since the querier was
					 * elected
					 */
	/* u32, ms, 0..86400000: OQPI; set 0 to derive it (out: the one in force) */
	IGMPSNOOP_A_INST_OTHER_QUERIER_INTERVAL,
	/* u32, ms, 0..3600000: SQI; 0 derives QI / 4 */
	IGMPSNOOP_A_INST_STARTUP_QUERY_INTERVAL,
	IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT, /* u32, 0..7: SQC; 0 derives RV */
	/* u32, ms, 0..178500: LMQT; 0 derives LMQC x LMQI */
	IGMPSNOOP_A_INST_LAST_MEMBER_TIME,
	IGMPSNOOP_A_INST_NAME,		/* string, at most 15 bytes, a valid
					 * device name: the instance's name,
					 * unique in the netns; default: its
					 * switch's name at attach
					 */
	IGMPSNOOP_A_INST_PORT_SUBSET,	/* u8, 0 or 1: the instance snoops
					 * the ports given (attach's
					 * _PORT nests, PORT_ADD, PORT_DEL),
					 * not every port of its switch
					 */
	IGMPSNOOP_A_INST_VLANS,		/* u32, out: VLANs with a querier of
					 * their own (a VLAN-filtering bridge:
					 * each VLAN it has)
					 */
	IGMPSNOOP_A_INST_VLAN,		/* nest, out, repeated: enum
					 * igmpsnoop_vlan_attrs, the querier of
					 * each of the first
					 * IGMPSNOOP_VLANS_SHOWN VLANs (a
					 * VLAN_GET message: of its VLAN)
					 */
	IGMPSNOOP_A_INST_QUERIER_VID,	/* u16, QUERIER_NTF: the querier's
					 * VLAN, when not 0
					 */
	IGMPSNOOP_A_INST_VID,		/* u16, 1..4094, INSTANCE_SET: the VLAN
					 * whose own settings the request sets
					 * (the querier, its source, the
					 * unregistered policy, max-groups,
					 * the timing settings and the version);
					 * VLAN_GET: the VLAN asked for
					 */
	IGMPSNOOP_A_INST_PORTS,		/* u32, out: the instance's ports;
					 * INSTANCE_GET has a _PORT nest for
					 * as many as fit, PORT_GET all
					 */
	IGMPSNOOP_A_INST_INHERIT,	/* u32, INSTANCE_SET with _VID: bits
					 * 1 << enum igmpsnoop_timing_setting,
					 * the VLAN's own settings to drop: it
					 * follows the instance's in them again
					 */

	__IGMPSNOOP_A_INST_MAX,
	IGMPSNOOP_A_INST_MAX = __IGMPSNOOP_A_INST_MAX - 1
};

/*
 * The settings a VLAN may have of its own besides the querier's (each
 * named by the IGMPSNOOP_A_INST_ attribute that sets it), for
 * IGMPSNOOP_A_INST_INHERIT and IGMPSNOOP_A_VLAN_OWN.
 */
enum igmpsnoop_timing_setting {
	IGMPSNOOP_TIMING_ROBUSTNESS,
	IGMPSNOOP_TIMING_QUERY_INTERVAL,
	IGMPSNOOP_TIMING_QUERY_RESPONSE_INTERVAL,
	IGMPSNOOP_TIMING_LAST_MEMBER_INTERVAL,
	IGMPSNOOP_TIMING_LAST_MEMBER_COUNT,
	IGMPSNOOP_TIMING_IGMP_VERSION,
	IGMPSNOOP_TIMING_MEMBERSHIP_INTERVAL,
	IGMPSNOOP_TIMING_OTHER_QUERIER_INTERVAL,
	IGMPSNOOP_TIMING_STARTUP_QUERY_INTERVAL,
	IGMPSNOOP_TIMING_STARTUP_QUERY_COUNT,
	IGMPSNOOP_TIMING_LAST_MEMBER_TIME,

	__IGMPSNOOP_TIMING_MAX,
};

#define IGMPSNOOP_TIMING_MAX	(__IGMPSNOOP_TIMING_MAX - 1)

/*
 * VLANs whose querier INSTANCE_GET shows (IGMPSNOOP_A_INST_VLAN); VLAN_GET
 * shows every one.
 */
#define IGMPSNOOP_VLANS_SHOWN		64
/* The size of IGMPSNOOP_A_PORT_TRUNK_VLANS: a bit per VLAN 0..4095. */
#define IGMPSNOOP_TRUNK_BYTES		512

/* The VLANs a PORT_GET reply shows of a port (IGMPSNOOP_A_PORT_VLAN). */
#define IGMPSNOOP_PORT_VLANS_SHOWN	32

enum igmpsnoop_vlan_attrs {
	IGMPSNOOP_A_VLAN_UNSPEC,
	IGMPSNOOP_A_VLAN_ID,		/* u16: the VLAN */
	IGMPSNOOP_A_VLAN_FLOODING,	/* u8: 1 while multicast in it is
					 * flooded (no querier)
					 */
	IGMPSNOOP_A_VLAN_QUERIER_ADDR,	/* be32: its querier, if any */
	IGMPSNOOP_A_VLAN_QUERIER_PORT,	/* u32: ifindex it was heard on */
	IGMPSNOOP_A_VLAN_QUERIER_SELF,	/* u8: 1 if ours is the querier */
	IGMPSNOOP_A_VLAN_QUERIER_TIMER,	/* u32, ms: as IGMPSNOOP_A_INST_ */
	IGMPSNOOP_A_VLAN_QUERIER_SINCE,	/* u32, ms: since it was elected */
	IGMPSNOOP_A_VLAN_QUERIER_VERSION, /* u8: IGMP version of its queries */
	IGMPSNOOP_A_VLAN_QUERIER,	/* u8: igmpsnoop's own querier in it: 0
					 * off, 1 on, 2 as the instance's
					 */
	IGMPSNOOP_A_VLAN_QUERIER_SOURCE, /* be32: its source address in it;
					  * 0.0.0.0: automatic
					  */
	IGMPSNOOP_A_VLAN_UNREGISTERED,	/* u32, enum igmpsnoop_unregistered:
					 * its policy; _DEFAULT: the
					 * instance's
					 */
	IGMPSNOOP_A_VLAN_MAX_GROUPS,	/* u32: groups the VLAN may hold; 0:
					 * only the instance's limit
					 */
	IGMPSNOOP_A_VLAN_GROUPS,	/* u32: groups in the VLAN */
	IGMPSNOOP_A_VLAN_OWN,		/* u32: bits 1 << enum
					 * igmpsnoop_timing_setting, the
					 * settings the VLAN has of its own
					 */
	/*
	 * u32 each: the settings in force in the VLAN (its own, else the
	 * instance's; derived ones as derived there), in the order of enum
	 * igmpsnoop_timing_setting, with the units of the IGMPSNOOP_A_INST_
	 * attributes of the same names.
	 */
	IGMPSNOOP_A_VLAN_ROBUSTNESS,
	IGMPSNOOP_A_VLAN_QUERY_INTERVAL,
	IGMPSNOOP_A_VLAN_QUERY_RESPONSE_INTERVAL,
	IGMPSNOOP_A_VLAN_LAST_MEMBER_INTERVAL,
	IGMPSNOOP_A_VLAN_LAST_MEMBER_COUNT,
	IGMPSNOOP_A_VLAN_IGMP_VERSION,
	IGMPSNOOP_A_VLAN_MEMBERSHIP_INTERVAL,
	IGMPSNOOP_A_VLAN_OTHER_QUERIER_INTERVAL,
	IGMPSNOOP_A_VLAN_STARTUP_QUERY_INTERVAL,
	IGMPSNOOP_A_VLAN_STARTUP_QUERY_COUNT,
	IGMPSNOOP_A_VLAN_LAST_MEMBER_TIME,

	__IGMPSNOOP_A_VLAN_MAX,
	IGMPSNOOP_A_VLAN_MAX = __IGMPSNOOP_A_VLAN_MAX - 1
};

enum igmpsnoop_port_attrs {
	IGMPSNOOP_A_PORT_UNSPEC,
	IGMPSNOOP_A_PORT_IFINDEX,	/* u32 */
	IGMPSNOOP_A_PORT_IFNAME,	/* string */
	IGMPSNOOP_A_PORT_ROUTER,	/* u32, enum igmpsnoop_router_mode */
	IGMPSNOOP_A_PORT_FAST_LEAVE,	/* u8, 0 or 1 */
	IGMPSNOOP_A_PORT_IS_ROUTER,	/* u8, out: 1 if it is a router port now
					 * (in some VLAN)
					 */
	IGMPSNOOP_A_PORT_ROUTER_TIMER,	/* u32, ms, out: until a learned
					 * router port expires (in its last
					 * VLAN)
					 */
	IGMPSNOOP_A_PORT_MAX_GROUPS,	/* u32, 0..1048576: groups the port
					 * may join; 0 is no limit. Out: the
					 * limit in force
					 */
	IGMPSNOOP_A_PORT_GROUPS,	/* u32, out: groups the port is in */
	IGMPSNOOP_A_PORT_ROUTER_VLANS,	/* u32, out: VLANs in which it is a
					 * router port as learned, or by its
					 * own router mode there
					 */
	IGMPSNOOP_A_PORT_ROUTER_VID,	/* u16, ROUTER_NTF: the VLAN in which
					 * it became or stopped being a
					 * router port, when not 0
					 */
	/*
	 * u8, 0 or 1: the port's max-groups is the default share, a quarter
	 * of the instance's (rounded up), as it is until set. In PORT_SET,
	 * 1 goes back to it.
	 */
	IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT,
	IGMPSNOOP_A_PORT_REFUSED,	/* u64, out: memberships and sources
					 * of this port a limit refused
					 */
	IGMPSNOOP_A_PORT_PAD,
	IGMPSNOOP_A_PORT_STATS,		/* nest, out, PORT_GET only: the
					 * port's counters, as
					 * IGMPSNOOP_A_STATS_* (those of what
					 * it received, sent and was refused)
					 */
	IGMPSNOOP_A_PORT_VID,		/* u16, 1..4094, PORT_SET: _ROUTER
					 * and _MAX_GROUPS (or _DEFAULT) are
					 * the port's in this VLAN of a
					 * VLAN-filtering bridge
					 */
	IGMPSNOOP_A_PORT_VLAN,		/* nest, out, PORT_GET only, one per
					 * VLAN in which the port has state
					 * (a setting of its own, or it is a
					 * router port): IGMPSNOOP_A_PORT_VLAN_*,
					 * in VLAN order; a do reply holds up
					 * to IGMPSNOOP_PORT_VLANS_SHOWN, a dump
					 * all: a port whose entries do not fit
					 * in one message goes on in the next,
					 * whose port nest holds _IFINDEX,
					 * _IFNAME and the next entries alone
					 */
	IGMPSNOOP_A_PORT_VLAN_COUNT,	/* u32, out, PORT_GET only: VLANs
					 * in which the port has state (in a
					 * dump, in the port's first message)
					 */
	IGMPSNOOP_A_PORT_ACCESS_VLAN,	/* u16, 1..4094, OVS: an access
					 * port (tag=N): its frames are in
					 * this VLAN, untagged
					 */
	IGMPSNOOP_A_PORT_TRUNK_VLANS,	/* binary, IGMPSNOOP_TRUNK_BYTES,
					 * OVS: a trunk of the VLANs whose
					 * bits are set (bit V is bit V % 8
					 * of byte V / 8; VLAN 0: untagged
					 * frames)
					 */
	IGMPSNOOP_A_PORT_TRUNK_ALL,	/* flag, OVS: a trunk of every VLAN,
					 * untagged frames in VLAN 0 (what a
					 * port is until told otherwise)
					 */
	IGMPSNOOP_A_PORT_NATIVE_VLAN,	/* u16, 1..4094, OVS, with
					 * _TRUNK_VLANS or _TRUNK_ALL: the
					 * trunk's native VLAN (vlan_mode
					 * native-tagged or native-untagged,
					 * tag=N): its untagged frames are in
					 * this VLAN, which it carries too
					 */
	/* flag, OVS, with _NATIVE_VLAN: the port sends the native VLAN
	 * untagged (native-untagged); else tagged (native-tagged)
	 */
	IGMPSNOOP_A_PORT_NATIVE_UNTAGGED,

	__IGMPSNOOP_A_PORT_MAX,
	IGMPSNOOP_A_PORT_MAX = __IGMPSNOOP_A_PORT_MAX - 1
};

/* A port in one VLAN: IGMPSNOOP_A_PORT_VLAN. */
enum igmpsnoop_port_vlan_attrs {
	IGMPSNOOP_A_PORT_VLAN_UNSPEC,
	IGMPSNOOP_A_PORT_VLAN_ID,	/* u16 */
	IGMPSNOOP_A_PORT_VLAN_ROUTER,	/* u32, enum igmpsnoop_router_mode:
					 * its own, else _DEFAULT
					 */
	IGMPSNOOP_A_PORT_VLAN_IS_ROUTER, /* u8: a router port there now */
	/* u32, ms: until the learned router port expires, if learned */
	IGMPSNOOP_A_PORT_VLAN_ROUTER_TIMER,
	IGMPSNOOP_A_PORT_VLAN_MAX_GROUPS, /* u32: its own limit, 0: none */
	IGMPSNOOP_A_PORT_VLAN_GROUPS,	/* u32: groups of the VLAN the port
					 * is in, with a limit of its own
					 */

	__IGMPSNOOP_A_PORT_VLAN_MAX,
	IGMPSNOOP_A_PORT_VLAN_MAX = __IGMPSNOOP_A_PORT_VLAN_MAX - 1
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
	IGMPSNOOP_A_STATS_FWD_FAST_PATH, /* u64: data a bridge forwarded from
					  * its prerouting hook (fast path)
					  */
	IGMPSNOOP_A_STATS_TX_PRUNED,	/* u64: deliveries removed at egress */
	IGMPSNOOP_A_STATS_TX_CTL_PRUNED, /* u64: copies of reports and leaves
					  * for a port that is no router
					  * port, removed
					  */
	IGMPSNOOP_A_STATS_TABLE_FULL,	/* u64: joins refused: table full */
	IGMPSNOOP_A_STATS_TX_QUERY,	/* u64: general queries sent, per port */
	IGMPSNOOP_A_STATS_TX_GROUP_QUERY, /* u64: group-specific queries sent */
	IGMPSNOOP_A_STATS_TX_SOURCE_QUERY, /* u64: group-and-source-specific
					    * queries sent
					    */
	IGMPSNOOP_A_STATS_SOURCES_FULL,	/* u64: sources refused: the member
					 * holds as many as it may
					 */
	IGMPSNOOP_A_STATS_HOST_PRUNED,	/* u64: data a bridge would pass up to
					 * a host that did not ask for it
					 */
	IGMPSNOOP_A_STATS_RECORDS_CAPPED, /* u64: IGMPv3 group records past
					   * the 1024 of a report that are
					   * applied
					   */
	IGMPSNOOP_A_STATS_TX_DATA,	/* u64: multicast data copies let out
					 * of a port (outside 224.0.0.0/24)
					 */
	IGMPSNOOP_A_STATS_TX_IGMP_QUERY, /* u64: IGMP queries let out of a
					  * port (ours and other queriers')
					  */
	IGMPSNOOP_A_STATS_TX_IGMP_REPORT, /* u64: IGMP reports and leaves let
					   * out of a port (a router port)
					   */

	__IGMPSNOOP_A_STATS_MAX,
	IGMPSNOOP_A_STATS_MAX = __IGMPSNOOP_A_STATS_MAX - 1
};

enum igmpsnoop_member_attrs {
	IGMPSNOOP_A_MEMBER_UNSPEC,
	IGMPSNOOP_A_MEMBER_PORT_IFINDEX, /* u32 */
	IGMPSNOOP_A_MEMBER_PORT_IFNAME,	/* string */
	IGMPSNOOP_A_MEMBER_TIMER,	/* u32, ms until it expires; 0 if permanent */
	IGMPSNOOP_A_MEMBER_STATE,	/* u32, enum igmpsnoop_member_state */
	IGMPSNOOP_A_MEMBER_HOST_VERSION, /* u8, out: 1 or 2 while an IGMPv1 or
					  * v2 host was heard on the port in
					  * the last GMI (compatibility mode,
					  * RFC 3376 7.3.2: v1 hosts make
					  * leaves ignored)
					  */
	IGMPSNOOP_A_MEMBER_FILTER_MODE,	/* u32, out: enum igmpsnoop_filter_mode */
	IGMPSNOOP_A_MEMBER_SOURCE,	/* nest, out, one per source record:
					 * enum igmpsnoop_source_attrs
					 */
	IGMPSNOOP_A_MEMBER_STATS,	/* nest, out: the copies of the
					 * group's data let out of the port
					 * since the member was made: enum
					 * igmpsnoop_group_stats_attrs'
					 * _TX_PACKETS and _TX_BYTES
					 */

	__IGMPSNOOP_A_MEMBER_MAX,
	IGMPSNOOP_A_MEMBER_MAX = __IGMPSNOOP_A_MEMBER_MAX - 1
};

enum igmpsnoop_source_attrs {
	IGMPSNOOP_A_SOURCE_UNSPEC,
	IGMPSNOOP_A_SOURCE_ADDR,	/* be32: IPv4 source address */
	IGMPSNOOP_A_SOURCE_TIMER,	/* u32, ms until its source timer
					 * expires; 0 if blocked
					 */
	IGMPSNOOP_A_SOURCE_FORWARD,	/* u8: 1 if its data is forwarded,
					 * 0 if blocked
					 */

	__IGMPSNOOP_A_SOURCE_MAX,
	IGMPSNOOP_A_SOURCE_MAX = __IGMPSNOOP_A_SOURCE_MAX - 1
};

/*
 * The multicast data of one group (and VLAN) since the group was made:
 * what the switch received for it, and the copies of it let out of ports
 * (to members and router ports). Bytes are IP datagram bytes (the IP
 * header's total length), whatever the frame's tags. A member's
 * IGMPSNOOP_A_MEMBER_STATS holds the _TX_ attributes alone: the copies let
 * out of its port.
 */
enum igmpsnoop_group_stats_attrs {
	IGMPSNOOP_A_GROUP_STATS_UNSPEC,
	IGMPSNOOP_A_GROUP_STATS_PAD,
	IGMPSNOOP_A_GROUP_STATS_RX_PACKETS,	/* u64: data frames received */
	IGMPSNOOP_A_GROUP_STATS_RX_BYTES,	/* u64 */
	IGMPSNOOP_A_GROUP_STATS_TX_PACKETS,	/* u64: copies let out */
	IGMPSNOOP_A_GROUP_STATS_TX_BYTES,	/* u64 */

	__IGMPSNOOP_A_GROUP_STATS_MAX,
	IGMPSNOOP_A_GROUP_STATS_MAX = __IGMPSNOOP_A_GROUP_STATS_MAX - 1
};

enum igmpsnoop_group_attrs {
	IGMPSNOOP_A_GROUP_UNSPEC,
	IGMPSNOOP_A_GROUP_IFINDEX,	/* u32: the instance's switch device */
	IGMPSNOOP_A_GROUP_IFNAME,	/* string */
	IGMPSNOOP_A_GROUP_ADDR,		/* be32: IPv4 group address */
	IGMPSNOOP_A_GROUP_MEMBER,	/* nest, enum igmpsnoop_member_attrs */
	IGMPSNOOP_A_GROUP_EVENT,	/* u32, enum igmpsnoop_event: notifications */
	IGMPSNOOP_A_GROUP_LIMIT,	/* u32, enum igmpsnoop_limit: with
					 * IGMPSNOOP_EVENT_TABLE_FULL
					 */
	IGMPSNOOP_A_GROUP_INSTANCE,	/* string: the instance's name */
	IGMPSNOOP_A_GROUP_VID,		/* u16, 0..4094, default 0: the
					 * group's VLAN on a VLAN-filtering
					 * bridge (0 elsewhere)
					 */
	IGMPSNOOP_A_GROUP_STATS,	/* nest, out: the group's data,
					 * enum igmpsnoop_group_stats_attrs
					 */

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
	IGMPSNOOP_CMD_PORT_GET,
	IGMPSNOOP_CMD_GROUP_ADD,
	IGMPSNOOP_CMD_GROUP_DEL,
	IGMPSNOOP_CMD_GROUP_FLUSH,
	IGMPSNOOP_CMD_STATS_GET,
	IGMPSNOOP_CMD_GROUP_NTF,	/* notification: group events */
	IGMPSNOOP_CMD_ROUTER_NTF,	/* notification: router port events */
	IGMPSNOOP_CMD_QUERIER_NTF,	/* notification: querier events */
	IGMPSNOOP_CMD_PORT_ADD,
	IGMPSNOOP_CMD_PORT_DEL,
	IGMPSNOOP_CMD_VLAN_GET,

	__IGMPSNOOP_CMD_MAX,
	IGMPSNOOP_CMD_MAX = __IGMPSNOOP_CMD_MAX - 1
};

#endif /* _UAPI_LINUX_IGMPSNOOP_H */
