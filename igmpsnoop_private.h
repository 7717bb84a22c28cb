/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igmpsnoop: IGMP snooping for Linux bridges and Open vSwitch datapaths.
 */
#ifndef _IGMPSNOOP_PRIVATE_H
#define _IGMPSNOOP_PRIVATE_H

#include <linux/bitmap.h>
#include <linux/hashtable.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/spinlock.h>
#include <linux/timer.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/netns/generic.h>
#include <uapi/linux/igmpsnoop.h>

/**
 * DOC: Locking
 *
 * Instances and their ports change only under RTNL: attach and detach come
 * from generic netlink handlers that take it, port arrival and departure
 * from the netdevice notifier, which runs under it. The per-netns instance
 * list and each instance's port list are RCU lists, so dumps and the data
 * path read them under rcu_read_lock() without RTNL.
 *
 * The data path (the netfilter hooks of igmpsnoop_bridge.c and
 * igmpsnoop_flow.c) runs in softirq context under RCU, takes no lock but
 * the bridge fast path's local_lock_nested_bh() (nothing but on
 * PREEMPT_RT), and allocates nothing; its counters are per-CPU. The bridge
 * hooks find their port in the namespace's bridge_ports table, an RCU hash
 * table written under RTNL, as the port lists are.
 *
 * An instance or port is unpublished first (list_del_rcu, hooks
 * unregistered) and freed after a grace period (kfree_rcu or call_rcu),
 * so a reader that found it may keep using it until rcu_read_unlock().
 * Module exit waits for those callbacks with rcu_barrier().
 *
 * The group table of an instance (igmpsnoop_group.c, igmpsnoop_member.c)
 * has its own lock, inst->lock, a spinlock taken with bottom halves
 * disabled: learning runs in softirq context from the hooks, expiry from
 * timers, configuration from netlink. It guards the groups, their members
 * and the members' timer wheel (igmpsnoop_wheel.c), the router and
 * querier state of the instance and its ports, and the settings in
 * inst->cfg. Readers (the data path, dumps) use RCU: groups sit in an
 * rhashtable and an RCU hlist, members in an RCU hlist of their group
 * (and, in a group of more than IGMPSNOOP_GROUP_LIST_MAX, in the
 * instance's member rhashtable), a member's IGMPv3 source records in an RCU array replaced whole
 * (igmpsnoop_source.c), and what the data path tests is read with
 * READ_ONCE().
 *
 * Timer callbacks take inst->lock and re-check that their object is still
 * live. The querier's (igmpsnoop_querier.c) decide under the lock and send
 * their queries after dropping it; so does the wheel, under rcu_read_lock()
 * for the members it names. A member is unlinked under the lock (off the
 * wheel too) and freed with call_rcu(). Once inst->dead is set (under the
 * lock) nothing is learned and no timer is armed any more.
 */

#define rtnl_list_for_each(pos, head, member) \
	list_for_each_entry_rcu(pos, head, member, lockdep_rtnl_is_held())

/* Ports per instance: the width of a group's port bitmap. */
#define IGMPSNOOP_MAX_PORTS	1024
/* Groups per instance: the default and the most max-groups allows. */
#define IGMPSNOOP_DEFAULT_MAX_GROUPS	4096
#define IGMPSNOOP_MAX_GROUPS		BIT(20)

/* Hash bits of a namespace's table of bridge ports (igmpsnoop_bridge.c). */
#define IGMPSNOOP_BRIDGE_PORT_BITS	8
/* Hash bits of its devices with VLANs held (igmpsnoop_brvlan.c). */
#define IGMPSNOOP_BRVLAN_BITS		4

/* Per network namespace state. */
struct igmpsnoop_net {
	struct list_head instances;	/* RCU list, written under RTNL */
	u32 gen;			/* RTNL; bumped on every change */
	/*
	 * The ports of its bridge instances, by device, for the bridge
	 * hooks, which are registered while there is one (RTNL, RCU).
	 */
	DECLARE_HASHTABLE(bridge_ports, IGMPSNOOP_BRIDGE_PORT_BITS);
	unsigned int n_bridge_ports;	/* RTNL */
	/* Follows the VLANs of bridges whose instance is vlans_dirty. */
	struct work_struct vlan_work;
	possible_net_t net;
	/*
	 * The STP states of its bridges' VLANs (igmpsnoop_brvlan.c), followed
	 * while it has a bridge port: the socket that hears them (RTNL), the
	 * devices with VLANs not forwarding (RCU, RTNL), the changes heard,
	 * whether they were read whole since the last lost one, and the work
	 * that reads them.
	 */
	struct socket *brvlan_sock;
	DECLARE_HASHTABLE(brvlan_devs, IGMPSNOOP_BRVLAN_BITS);
	atomic_t brvlan_seq;
	bool brvlan_synced;
	struct delayed_work brvlan_work;
	/*
	 * Its bridge ports' own mcast_router (igmpsnoop_brport.c), followed
	 * while it has a bridge port: the socket that hears RTNLGRP_LINK
	 * (RTNL), and the work that reads them.
	 */
	struct socket *brport_sock;
	struct delayed_work brport_work;
};

/*
 * Counters of one instance, per CPU. Counter i is reported to user space as
 * attribute IGMPSNOOP_A_STATS_RX_IGMP + i: keep the two lists in step.
 */
enum igmpsnoop_counter {
	IGMPSNOOP_CNT_RX_IGMP,
	IGMPSNOOP_CNT_RX_MCAST,
	IGMPSNOOP_CNT_RX_BAD,
	IGMPSNOOP_CNT_RX_QUERY_V1,
	IGMPSNOOP_CNT_RX_QUERY_V2,
	IGMPSNOOP_CNT_RX_QUERY_V3,
	IGMPSNOOP_CNT_RX_REPORT_V1,
	IGMPSNOOP_CNT_RX_REPORT_V2,
	IGMPSNOOP_CNT_RX_REPORT_V3,
	IGMPSNOOP_CNT_RX_LEAVE,
	IGMPSNOOP_CNT_RX_OTHER,
	IGMPSNOOP_CNT_RX_PIM_HELLO,
	IGMPSNOOP_CNT_FWD_REGISTERED,
	IGMPSNOOP_CNT_FWD_UNREGISTERED,
	IGMPSNOOP_CNT_FWD_FLOODED,
	IGMPSNOOP_CNT_FWD_FAST_PATH,
	IGMPSNOOP_CNT_TX_PRUNED,
	IGMPSNOOP_CNT_TX_CTL_PRUNED,
	IGMPSNOOP_CNT_TABLE_FULL,
	IGMPSNOOP_CNT_TX_QUERY,
	IGMPSNOOP_CNT_TX_GROUP_QUERY,
	IGMPSNOOP_CNT_TX_SOURCE_QUERY,
	IGMPSNOOP_CNT_SOURCES_FULL,
	IGMPSNOOP_CNT_HOST_PRUNED,
	IGMPSNOOP_CNT_RECORDS_CAPPED,
	IGMPSNOOP_CNT_TX_DATA,
	IGMPSNOOP_CNT_TX_IGMP_QUERY,
	IGMPSNOOP_CNT_TX_IGMP_REPORT,
	__IGMPSNOOP_CNT_MAX
};

static_assert(IGMPSNOOP_A_STATS_RX_IGMP + __IGMPSNOOP_CNT_MAX - 1 ==
	      IGMPSNOOP_A_STATS_MAX);

struct igmpsnoop_pcpu_stats {
	u64_stats_t cnt[__IGMPSNOOP_CNT_MAX];
	struct u64_stats_sync syncp;
};

struct igmpsnoop_stats {
	u64 cnt[__IGMPSNOOP_CNT_MAX];
};

/* What igmpsnoop_parse_igmp() found in a valid IGMP message. */
enum igmpsnoop_msg_type {
	IGMPSNOOP_MSG_QUERY,
	IGMPSNOOP_MSG_REPORT,
	IGMPSNOOP_MSG_LEAVE,
	IGMPSNOOP_MSG_OTHER,
};

struct igmpsnoop_msg {
	enum igmpsnoop_msg_type type;
	u8 version;			/* 1, 2 or 3 for queries and reports */
	__be32 group;			/* of v1/v2 reports, leaves, queries */
	__be32 saddr;			/* IP source */
	u32 max_resp;			/* queries: Max Resp Time, ms */
	u8 qrv;				/* v3 queries: QRV, or 0 */
	bool suppress;			/* v3 queries: S flag (RFC 3376 4.1.5) */
	u32 qqi;			/* v3 queries: QQI, ms, or 0 */
	u16 nsrcs;			/* v3 queries: number of sources */
	unsigned int srcs_off;		/* v3 queries: offset of the first */
	u16 vid;			/* its VLAN: set by the caller */
};

/*
 * Sources a bridge port recently let the bridge learn (igmpsnoop_bridge.c):
 * a slot per hash of the MAC address, written by the data path.
 */
#define IGMPSNOOP_LEARNED_BITS		4

struct igmpsnoop_learned {
	u64 mac;			/* ether_addr_to_u64(), READ_ONCE */
	unsigned long until;		/* jiffies, READ_ONCE */
};

enum igmpsnoop_hook {
	IGMPSNOOP_HOOK_INGRESS,
	IGMPSNOOP_HOOK_EGRESS,
	__IGMPSNOOP_HOOK_MAX
};

/* One port of a switch, snooped by its instance. */
struct igmpsnoop_port {
	struct list_head list;		/* in inst->ports, RCU, RTNL */
	struct igmpsnoop_instance *inst;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct nf_hook_ops hook_ops[__IGMPSNOOP_HOOK_MAX];	/* OVS */
	struct hlist_node hnode;	/* bridge: in bridge_ports, RCU, RTNL */
	struct igmpsnoop_learned learned[1 << IGMPSNOOP_LEARNED_BITS];
	unsigned int index;		/* bit in a group's port bitmap */
	/* Router and leave state, written under inst->lock. */
	u8 router_mode;			/* enum igmpsnoop_router_mode */
	bool fast_leave;
	bool dead;			/* being removed: learn nothing more */
	bool forwarding;		/* bridge STP state; RTNL, READ_ONCE */
	/*
	 * Bridge: its mcast_router, fastleave and mcast_max_groups as last
	 * read; RTNL.
	 */
	u8 br_router;			/* igmpsnoop_brport.c */
	bool br_fast_leave;
	u32 br_max_groups;
	u32 max_groups;			/* memberships allowed, 0: no limit */
	bool max_groups_default;	/* max_groups is the default share */
	u32 n_groups;			/* memberships now */
	u64 refused;			/* memberships and sources a limit refused */
	struct hlist_head members;	/* its memberships, under inst->lock */
	/* What it received, sent and was refused; also in the instance's. */
	struct igmpsnoop_pcpu_stats __percpu *stats;
	/* OVS: its VLANs (igmpsnoop_vlan.c); NULL: a trunk of all. */
	struct igmpsnoop_ovs_vlans __rcu *ovs_vlans;
	/* Its state per VLAN (igmpsnoop_router.c), by vid. */
	struct xarray vlans;		/* struct igmpsnoop_port_vlan */
	/* vlans' entry of VLAN 0, for the data path without a lookup. */
	struct igmpsnoop_port_vlan __rcu *vlan0;
	struct timer_list router_timer;	/* the earliest router expiry */
	struct rcu_head rcu;
};

/*
 * The VLANs of an OVS port, as Open vSwitch configures them: the kernel
 * does not know them, igmpsnoopctl reads them from OVS's database. A port
 * without (NULL) is a trunk of every VLAN, untagged frames in VLAN 0, as
 * OVS treats a port with neither tag nor trunks. Replaced whole under
 * RTNL, read under RCU.
 */
struct igmpsnoop_ovs_vlans {
	u16 access;			/* tag=N: in VLAN N alone, untagged;
					 * 0: a trunk of the VLANs in trunk
					 */
	u16 native;			/* a trunk's native VLAN, which it
					 * carries whatever trunk says: its
					 * untagged frames'; 0: none, they
					 * are in VLAN 0
					 */
	bool native_untagged;		/* it sends the native VLAN untagged */
	bool trunk_all;			/* no list: every VLAN but 0, which
					 * is the native VLAN's untagged
					 */
	DECLARE_BITMAP(trunk, VLAN_N_VID);
	struct rcu_head rcu;
};

/*
 * A port in one VLAN: learned a router port there, or set by the user
 * (igmpsnoop_router.c). It exists while one of these holds; written
 * under inst->lock, the router fields read by the data path under RCU.
 */
struct igmpsnoop_port_vlan {
	unsigned long router_expires;	/* jiffies; 0: not learned */
	u8 router_mode;			/* own; IGMPSNOOP_ROUTER_DEFAULT: the port's */
	u32 max_groups;			/* own limit, 0: none */
	u32 n_groups;			/* memberships in the VLAN, counted
					 * while max_groups is set
					 */
	struct rcu_head rcu;
};

/*
 * The timing settings and the version of our queries: an instance's, and
 * a VLAN's own (struct igmpsnoop_querier, each 0 for the instance's). In
 * the order of enum igmpsnoop_timing_setting, u32 each: INSTANCE_SET
 * writes them through a table of offsets (igmpsnoop_nl_instance.c).
 */
struct igmpsnoop_timing {
	u32 robustness;			/* RV */
	u32 query_interval;		/* QI, ms */
	u32 query_response_interval;	/* QRI, ms */
	u32 last_member_interval;	/* LMQI, ms */
	u32 last_member_count;		/* LMQC */
	u32 version;			/* of our queries: 2 or 3 */
	/* Derived from the above unless set (non-zero). */
	u32 membership_interval;	/* GMI, ms */
	u32 other_querier_interval;	/* OQPI, ms */
	u32 startup_query_interval;	/* SQI, ms */
	u32 startup_query_count;	/* SQC */
	u32 last_member_time;		/* LMQT, ms */
};

/* Settings of an instance, written under inst->lock. */
struct igmpsnoop_config {
	u32 unregistered;		/* enum igmpsnoop_unregistered */
	u32 max_groups;			/* groups in the table */
	bool fast_path;			/* bridges: igmpsnoop_bridge.c */
	/* igmpsnoop's own querier (igmpsnoop_querier.c) */
	bool querier;
	__be32 querier_source;		/* configured; 0: automatic */
	struct igmpsnoop_timing timing;
};

/*
 * A group address in a VLAN: vid 0 on a bridge without VLAN filtering and
 * on OVS, the frame's VLAN on a VLAN-filtering bridge (igmpsnoop_bridge.c).
 */
struct igmpsnoop_group_key {
	__be32 addr;
	u16 vid;
	u16 pad;
};

/*
 * One CPU's share of a group's data counters (enum
 * igmpsnoop_group_stats_attrs): received, and copies let out.
 */
struct igmpsnoop_group_pcpu {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	struct u64_stats_sync syncp;
};

/*
 * One CPU's share of a member's data counters: the copies of its group's
 * data let out of its port.
 */
struct igmpsnoop_member_pcpu {
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	struct u64_stats_sync syncp;
};

/* The sums of a group's counters, or a member's (tx only). */
struct igmpsnoop_group_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
};

/* igmpsnoop_stats.c */
struct igmpsnoop_stats_block;
struct igmpsnoop_stats_pool;

/* A group's member ports of every index (struct igmpsnoop_group's @high). */
struct igmpsnoop_port_bitmaps {
	DECLARE_BITMAP(ports, IGMPSNOOP_MAX_PORTS);
	DECLARE_BITMAP(src_ports, IGMPSNOOP_MAX_PORTS);
};

/* A group with at least one member port. */
struct igmpsnoop_group {
	struct rhash_head node;		/* in inst->groups */
	struct hlist_node list;		/* in inst->group_list, RCU */
	struct igmpsnoop_group_key key;
	struct igmpsnoop_instance *inst;
	struct hlist_head members;	/* RCU, written under inst->lock */
	/*
	 * port->index of each member, read under RCU with
	 * igmpsnoop_group_ports_word(): in ports if it wants every source,
	 * in src_ports if its source filter decides. The first
	 * BITS_PER_LONG indexes are here; the group gets bitmaps of all
	 * indexes (@high) with its first member of a port past them, and
	 * keeps them until it goes.
	 */
	unsigned long ports;
	unsigned long src_ports;
	struct igmpsnoop_port_bitmaps __rcu *high;
	/*
	 * Its data counters (igmpsnoop_stats.c): a slot of one of the
	 * instance's blocks of counters, NULL until it has one, then set
	 * once; given back after the group's grace period. Until then it
	 * waits on inst->stats_pending.
	 */
	struct igmpsnoop_group_pcpu __percpu *stats;
	union {
		struct hlist_node stats_node;	/* !stats: stats_pending; lock */
		struct igmpsnoop_stats_block *stats_block;	/* stats: its block */
	};
	struct rcu_head rcu;
	u16 n_members;			/* lock */
	/*
	 * Its members are in inst->members: set, under inst->lock, when it
	 * gains more than IGMPSNOOP_GROUP_LIST_MAX members, and kept until it
	 * goes. Until then a membership is found on its list.
	 */
	bool hashed;
};

/* Members of a group found on its list rather than in inst->members. */
#define IGMPSNOOP_GROUP_LIST_MAX	8

/*
 * A port's default max-groups is this share of the instance's, rounded
 * up: a port that joins every group it can leaves three quarters of the
 * table to the others.
 */
#define IGMPSNOOP_PORT_SHARE		4

/*
 * Group records of one IGMPv3 report that are applied: a 1500-byte report
 * holds at most 183, a 9000-byte one 1123 of the smallest.
 */
#define IGMPSNOOP_MAX_REPORT_RECORDS	1024

/* Sources per member (RFC 3376 6.4 source records): more are refused. */
#define IGMPSNOOP_MAX_SOURCES		64

/* A source record of a member (igmpsnoop_source.c). */
struct igmpsnoop_source {
	__be32 addr;
	/*
	 * Data from it is forwarded: its source timer runs (INCLUDE, or the
	 * requested list of EXCLUDE). Else it is blocked (EXCLUDE's exclude
	 * list). Read by the data path.
	 */
	bool forward;
	u8 rexmit;			/* our GSSQs still to name it; lock */
	unsigned long expires;		/* jiffies, if forward; lock */
};

/*
 * The source filter of a member, RFC 3376 6.4 router state for one port:
 * copied on write under inst->lock, read under RCU. A member without one
 * is in EXCLUDE mode with no source record: it wants every source (v1
 * and v2 memberships, IGMPv3 EXCLUDE{}).
 */
struct igmpsnoop_sources {
	struct rcu_head rcu;
	bool include;			/* filter mode INCLUDE, else EXCLUDE */
	u8 n;
	struct igmpsnoop_source src[];
};

/* What finds a membership in inst->members. */
struct igmpsnoop_src_scratch;

struct igmpsnoop_member_key {
	const struct igmpsnoop_group *group;
	const struct igmpsnoop_port *port;
};

/* The deadlines of a member, which the instance's timer wheel serves. */
enum igmpsnoop_member_timer {
	IGMPSNOOP_MT_GROUP,	/* the group timer of EXCLUDE mode: expiry */
	IGMPSNOOP_MT_SOURCE,	/* its earliest source timer */
	IGMPSNOOP_MT_QUERY,	/* our querier's next query after a leave */
	/* Older version host present timers (RFC 3376 7.3.2). */
	IGMPSNOOP_MT_V1,
	IGMPSNOOP_MT_V2,
	IGMPSNOOP_MT_N,
};

/* A port that is a member of a group. */
struct igmpsnoop_member {
	struct hlist_node node;		/* in group->members, RCU */
	struct rhash_head hnode;	/* in inst->members, by key */
	/* Its key in inst->members is its group and port, stored once. */
	union {
		struct igmpsnoop_member_key key;
		struct {
			struct igmpsnoop_group *group;	/* valid while !dead */
			struct igmpsnoop_port *port;	/* port->inst: its instance */
		};
	};
	struct hlist_node port_node;	/* in port->members; lock */
	union {
		/* Live: in a slot of the wheel while a deadline is armed. */
		struct hlist_node wheel_node;
		struct rcu_head rcu;		/* dead, unlinked */
	};
	/*
	 * Its deadlines, in the low 32 bits of jiffies (each within a few
	 * days, igmpsnoop_member_at()); the wheel serves the earliest one
	 * armed (igmpsnoop_member_timer_set(), igmpsnoop_member.c). Under
	 * inst->lock; dumps read them and @armed under RCU too.
	 */
	u32 at[IGMPSNOOP_MT_N];
	u8 armed;			/* BIT(enum igmpsnoop_member_timer) */
	u8 queries_left;
	bool permanent;			/* added by the user, never expires */
	bool dead;			/* unlinked, waiting for a grace period */
	struct igmpsnoop_sources __rcu *srcs;	/* NULL: every source */
	/*
	 * Its data counters (igmpsnoop_stats.c), as a group's: a slot of a
	 * block, NULL while it waits on inst->member_stats_pending.
	 */
	struct igmpsnoop_member_pcpu __percpu *stats;
	union {
		struct hlist_node stats_node;	/* !stats: waits; lock */
		struct igmpsnoop_stats_block *stats_block;	/* stats: its block */
	};
};

/*
 * A member fits 128 bytes on 64-bit kernels: the memory per membership
 * is most of what it costs.
 */
static_assert(sizeof(void *) != 8 || sizeof(struct igmpsnoop_member) <= 128);

/*
 * A group fits kmalloc-128 on 64-bit kernels, as long as its members' ports
 * are among the first 64 (@high: 256 bytes more).
 */
static_assert(sizeof(void *) != 8 || sizeof(struct igmpsnoop_group) <= 128);

/*
 * The querier of one VLAN of an instance (RFC 3376 6.6.2), under
 * inst->lock: another one heard, whose absence for OQPI querier_timer
 * detects, or ours (self), which sends general queries from query_timer.
 * What the data path reads is read with READ_ONCE().
 */
struct igmpsnoop_querier {
	struct igmpsnoop_instance *inst;
	u16 vid;
	/* Settings of a VLAN's: our querier on, off or as the instance's. */
	u8 enabled;			/* 0, 1, IGMPSNOOP_QUERIER_INHERIT */
	u32 unregistered;		/* _UNREG_DEFAULT: the instance's */
	u32 max_groups;			/* 0: only the instance's limit */
	u32 n_groups;			/* groups in the VLAN */
	__be32 source;			/* its source address; 0: automatic */
	/* A VLAN's own timing and version; each 0: the instance's. */
	struct igmpsnoop_timing timing;
	bool present;
	bool self;
	bool dead;			/* its VLAN went: arm nothing */
	struct timer_list querier_timer;
	unsigned long flood_until;	/* jiffies: hosts still answering */
	unsigned long since;		/* jiffies: elected then */
	__be32 addr;
	int ifindex;			/* 0 for our own */
	u8 version;
	u8 rv;				/* adopted QRV, or 0 */
	u32 qi;				/* adopted QQI in ms, or 0 */
	struct timer_list query_timer;	/* our next general query */
	u32 startup_left;		/* start-up queries still to send */
	struct rcu_head rcu;
};

/* A VLAN's querier setting that follows the instance's. */
#define IGMPSNOOP_QUERIER_INHERIT	2

/*
 * The timer wheel of an instance's members (igmpsnoop_wheel.c): one timer
 * for all their deadlines, as the kernel's timer wheel files timers.
 * Level L has 64 slots of 8^L jiffies; a member sits in the slot of its
 * earliest deadline, rounded up to the granularity of the first level
 * whose 63 slots reach it from @base. Under inst->lock.
 */
#define IGMPSNOOP_WHEEL_LVL_SHIFT	3
#define IGMPSNOOP_WHEEL_LVL_BITS	6
#define IGMPSNOOP_WHEEL_LVL_SIZE	BIT(IGMPSNOOP_WHEEL_LVL_BITS)
#define IGMPSNOOP_WHEEL_DEPTH		8

struct igmpsnoop_wheel {
	struct timer_list timer;	/* at the earliest slot that may hold one */
	unsigned long clk;		/* every slot up to it was served */
	unsigned long base;		/* slots are filed from it: clk, or now in a run */
	bool running;			/* a run is serving slots */
	bool behind;			/* the last run was cut short */
	u64 pending[IGMPSNOOP_WHEEL_DEPTH];	/* slots that may hold members */
	struct hlist_head slot[IGMPSNOOP_WHEEL_DEPTH][IGMPSNOOP_WHEEL_LVL_SIZE];
};

/* igmpsnoop attached to one switch device. */
struct igmpsnoop_instance {
	struct list_head list;		/* in igmpsnoop_net.instances */
	struct net_device *dev;		/* the bridge or OVS datapath */
	netdevice_tracker dev_tracker;
	char name[IFNAMSIZ];		/* unique in the netns; RTNL */
	enum igmpsnoop_kind kind;
	/*
	 * Snoops the ports given by the user (OVS only), not every port of
	 * dev: the notifier adds no new port to it.
	 */
	bool subset;
	struct list_head ports;		/* RCU list, written under RTNL */
	DECLARE_BITMAP(port_indexes, IGMPSNOOP_MAX_PORTS); /* RTNL */
	/*
	 * The ports by index (IGMPSNOOP_MAX_PORTS pointers), and how many
	 * words of the port bitmaps hold the indexes in use: written under
	 * RTNL, read under RCU by the data path's walks.
	 */
	struct igmpsnoop_port __rcu **port_at;
	unsigned int port_words;
	/*
	 * The indexes of the ports that may be router ports (router on, or
	 * learned in some VLAN): set under lock before a port becomes one,
	 * cleared under lock once it is none in any VLAN. A superset: the
	 * data path reads it under RCU and asks each port.
	 */
	DECLARE_BITMAP(router_ports, IGMPSNOOP_MAX_PORTS);
	/*
	 * What no port counts (queries sent, the host's data pruned); the
	 * instance's counters are these, its ports' and gone_stats, the
	 * sums of the ports it had (added as each went: RTNL).
	 */
	struct igmpsnoop_pcpu_stats __percpu *stats;
	struct igmpsnoop_stats gone_stats;

	spinlock_t lock;		/* the group table; see DOC: Locking */
	bool dead;			/* being destroyed; under lock */
	struct igmpsnoop_config cfg;
	struct rhashtable groups;	/* by key, RCU readers */
	struct hlist_head group_list;	/* the same groups, for dumps */
	struct rhashtable members;	/* by {group, port}, RCU readers */
	struct igmpsnoop_src_scratch *src_scratch;	/* lock: igmpsnoop_source.c */
	u32 n_groups;			/* groups in the table */
	u32 table_gen;			/* lock; bumped when a group comes or goes */
	/* The members' deadlines (igmpsnoop_wheel.c), under lock. */
	struct igmpsnoop_wheel wheel;
	/*
	 * The data counters of groups and members (igmpsnoop_stats.c):
	 * their blocks, which outlive the instance until every slot is
	 * given back, and the groups and members that wait for a slot.
	 */
	struct igmpsnoop_stats_pool *stats_pool;
	struct igmpsnoop_stats_pool *member_stats_pool;
	struct hlist_head stats_pending;	/* lock */
	struct hlist_head member_stats_pending;	/* lock */
	struct work_struct stats_work;

	/*
	 * The querier of VLAN 0 (a bridge without VLAN filtering, OVS), and
	 * of each VLAN of a VLAN-filtering bridge, by vid (xa_load() under
	 * RCU; stored and erased under RTNL, igmpsnoop_querier.c).
	 */
	struct igmpsnoop_querier querier;
	struct xarray vlans;
	bool vlan_filtering;		/* RTNL: what vlans was made for */
	bool vlans_dirty;		/* RTNL: the bridge's VLANs changed */
	/* The bridge counts per VLAN (igmpsnoop_brvlan_options()); RTNL. */
	bool vlan_stats;
	/*
	 * The bridge's own mcast_router (igmpsnoop_brport_bridge()): whether
	 * the host behind it is a multicast router. RTNL, READ_ONCE.
	 */
	u8 br_router;
	unsigned long full_notified;	/* jiffies of the last "table full" */

	struct work_struct free_work;
	struct rcu_head rcu;
};

/* igmpsnoop_main.c */
extern unsigned int igmpsnoop_net_id;
extern struct workqueue_struct *igmpsnoop_wq;

static inline struct igmpsnoop_net *igmpsnoop_pernet(const struct net *net)
{
	return net_generic(net, igmpsnoop_net_id);
}

/*
 * igmpsnoop_pernet() for the data path, which runs under RCU already:
 * net_generic() opens an RCU read section of its own, which on a
 * preemptible-RCU kernel is a call in and a call out, for every frame.
 */
static __always_inline struct igmpsnoop_net *
igmpsnoop_pernet_rcu(const struct net *net)
{
	return rcu_dereference(net->gen)->ptr[igmpsnoop_net_id];
}

bool igmpsnoop_brvlan_held(const struct net_device *dev, u16 vid);

/**
 * igmpsnoop_brvlan_forwarding - is a bridge port's VLAN surely forwarding?
 * @dev: the port
 * @vid: the VLAN
 *
 * False while the VLAN states are not known for sure (igmpsnoop_brvlan.c:
 * being read whole). Inline for the data path, which asks it for every
 * frame and copy in a VLAN: the port's bucket of the namespace's records
 * is empty unless a VLAN there is not forwarding. Called under RCU.
 */
static __always_inline bool
igmpsnoop_brvlan_forwarding(const struct net_device *dev, u16 vid)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet_rcu(dev_net(dev));

	if (!READ_ONCE(in->brvlan_synced))
		return false;
	if (hlist_empty(&in->brvlan_devs[hash_min(dev->ifindex,
						  HASH_BITS(in->brvlan_devs))]))
		return true;
	return !igmpsnoop_brvlan_held(dev, vid);
}

/* igmpsnoop_instance.c */
struct igmpsnoop_instance *igmpsnoop_instance_find(struct net *net,
						   const char *name);
struct igmpsnoop_instance *igmpsnoop_instance_of_dev(const struct net_device *dev,
						     struct netlink_ext_ack *extack);
struct igmpsnoop_instance *igmpsnoop_instance_create(struct net_device *dev,
						     const char *name, bool subset,
						     struct net_device **ports,
						     unsigned int n_ports,
						     struct netlink_ext_ack *extack);
int igmpsnoop_instance_port_add(struct igmpsnoop_instance *inst,
				struct net_device *dev,
				struct netlink_ext_ack *extack);
int igmpsnoop_instance_port_del(struct igmpsnoop_instance *inst,
				struct net_device *dev,
				struct netlink_ext_ack *extack);
void igmpsnoop_instance_destroy(struct igmpsnoop_instance *inst);
void igmpsnoop_instance_destroy_all(struct net *net);
void igmpsnoop_stats_read(const struct igmpsnoop_pcpu_stats __percpu *pcpu,
			  struct igmpsnoop_stats *stats);
void igmpsnoop_instance_stats_read(const struct igmpsnoop_instance *inst,
				   struct igmpsnoop_stats *stats);

/* Adds @n to counter @cnt of this CPU's share of @pcpu. */
static inline void igmpsnoop_stats_add(struct igmpsnoop_pcpu_stats __percpu *pcpu,
				       enum igmpsnoop_counter cnt, u64 n)
{
	struct igmpsnoop_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->cnt[cnt], n);
	u64_stats_update_end(&s->syncp);
}

/* Called in softirq context, or with bottom halves disabled. */
static inline void igmpsnoop_count_add(struct igmpsnoop_instance *inst,
				       enum igmpsnoop_counter cnt, u64 n)
{
	igmpsnoop_stats_add(inst->stats, cnt, n);
}

static inline void igmpsnoop_count(struct igmpsnoop_instance *inst,
				   enum igmpsnoop_counter cnt)
{
	igmpsnoop_count_add(inst, cnt, 1);
}

/*
 * Counts @n data frames of @len IP bytes each for @group: received by the
 * switch (@tx false), or copies let out of ports (@tx true). Called in
 * softirq context, or with bottom halves disabled, under RCU.
 */
static inline void igmpsnoop_group_count(const struct igmpsnoop_group *group,
					 bool tx, unsigned int n,
					 unsigned int len)
{
	struct igmpsnoop_group_pcpu __percpu *pcpu = READ_ONCE(group->stats);
	struct igmpsnoop_group_pcpu *s;

	if (unlikely(!pcpu))
		return;		/* not allocated yet: igmpsnoop_stats.c */
	s = this_cpu_ptr(pcpu);
	u64_stats_update_begin(&s->syncp);
	if (tx) {
		u64_stats_add(&s->tx_packets, n);
		u64_stats_add(&s->tx_bytes, (unsigned long)n * len);
	} else {
		u64_stats_add(&s->rx_packets, n);
		u64_stats_add(&s->rx_bytes, (unsigned long)n * len);
	}
	u64_stats_update_end(&s->syncp);
}

/*
 * Counts a copy of @len IP bytes let out of @m's port. As
 * igmpsnoop_group_count().
 */
static inline void igmpsnoop_member_count(const struct igmpsnoop_member *m,
					  unsigned int len)
{
	struct igmpsnoop_member_pcpu __percpu *pcpu = READ_ONCE(m->stats);
	struct igmpsnoop_member_pcpu *s;

	if (unlikely(!pcpu))
		return;		/* not allocated yet: igmpsnoop_stats.c */
	s = this_cpu_ptr(pcpu);
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

/*
 * Word @i of @group's member ports that want every source (@src false) or
 * whose source filter decides (@src true): bits i * BITS_PER_LONG and up.
 * Under RCU or inst->lock.
 */
static inline unsigned long
igmpsnoop_group_ports_word(const struct igmpsnoop_group *group,
			   unsigned int i, bool src)
{
	const struct igmpsnoop_port_bitmaps *high;

	if (!i)
		return src ? READ_ONCE(group->src_ports) : READ_ONCE(group->ports);
	high = rcu_dereference_check(group->high,
				     lockdep_is_held(&group->inst->lock));
	if (!high)
		return 0;
	return src ? READ_ONCE(high->src_ports[i]) : READ_ONCE(high->ports[i]);
}

/* Is port @index in @group's ports (@src false) or src_ports? */
static inline bool igmpsnoop_group_ports_test(const struct igmpsnoop_group *group,
					      unsigned int index, bool src)
{
	return igmpsnoop_group_ports_word(group, index / BITS_PER_LONG, src) &
	       BIT(index % BITS_PER_LONG);
}

/*
 * Counts what @port received, sent or was refused, in the port's counters
 * alone: its instance's sums include them (igmpsnoop_instance_stats_read()).
 * Called in softirq context, or with bottom halves disabled.
 */
static inline void igmpsnoop_port_count_add(struct igmpsnoop_port *port,
					    enum igmpsnoop_counter cnt, u64 n)
{
	igmpsnoop_stats_add(port->stats, cnt, n);
}

static inline void igmpsnoop_port_count(struct igmpsnoop_port *port,
					enum igmpsnoop_counter cnt)
{
	igmpsnoop_port_count_add(port, cnt, 1);
}

/*
 * A port of @inst: found by its device, created (the caller checked that
 * @dev may be one) and destroyed. Under RTNL.
 */
struct igmpsnoop_port *igmpsnoop_port_find(struct igmpsnoop_instance *inst,
					   const struct net_device *dev);
int igmpsnoop_port_create(struct igmpsnoop_instance *inst,
			  struct net_device *dev);
void igmpsnoop_port_destroy(struct igmpsnoop_port *port);

/* igmpsnoop_notifier.c */
int igmpsnoop_notifier_init(void);
struct socket *igmpsnoop_notifier_rtnl_listen(struct net *net, u32 group,
					      void (*data_ready)(struct sock *),
					      void (*error_report)(struct sock *));
void igmpsnoop_notifier_uninit(void);
void igmpsnoop_notifier_vlan_work(struct work_struct *work);

/* igmpsnoop_group.c */
int igmpsnoop_group_table_init(struct igmpsnoop_instance *inst);
void igmpsnoop_group_table_flush(struct igmpsnoop_instance *inst);
void igmpsnoop_group_table_destroy(struct igmpsnoop_instance *inst);
void igmpsnoop_group_port_flush(struct igmpsnoop_port *port, bool permanent);
void igmpsnoop_group_port_stop(struct igmpsnoop_port *port);
int igmpsnoop_group_ports_reserve(struct igmpsnoop_group *group,
				  unsigned int index);
void igmpsnoop_group_ports_set(struct igmpsnoop_group *group,
			       unsigned int index, bool src);
void igmpsnoop_group_ports_clear(struct igmpsnoop_group *group,
				 unsigned int index);
/* The group table's parameters: a group is found by its key. */
static const struct rhashtable_params igmpsnoop_group_params = {
	.head_offset = offsetof(struct igmpsnoop_group, node),
	.key_offset = offsetof(struct igmpsnoop_group, key),
	.key_len = sizeof(struct igmpsnoop_group_key),
	.automatic_shrinking = true,
};

/*
 * The group @addr of VLAN @vid, or NULL. Under RCU: the data path, for
 * every frame (inline), and dumps.
 */
static __always_inline struct igmpsnoop_group *
igmpsnoop_group_lookup(struct igmpsnoop_instance *inst, __be32 addr, u16 vid)
{
	struct igmpsnoop_group_key key = { .addr = addr, .vid = vid };

	return rhashtable_lookup(&inst->groups, &key, igmpsnoop_group_params);
}

struct igmpsnoop_group *
igmpsnoop_group_lookup_locked(struct igmpsnoop_instance *inst, __be32 addr,
			      u16 vid);
struct igmpsnoop_group *igmpsnoop_group_new(struct igmpsnoop_port *port,
					    __be32 addr, u16 vid,
					    struct netlink_ext_ack *extack);
void igmpsnoop_group_remove(struct igmpsnoop_group *group);
int igmpsnoop_group_join(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			 u8 version);
int igmpsnoop_group_add(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			bool permanent, bool replace,
			struct netlink_ext_ack *extack);
int igmpsnoop_group_del(struct igmpsnoop_port *port, __be32 addr, u16 vid);
void igmpsnoop_group_flush(struct igmpsnoop_instance *inst);
void igmpsnoop_group_vlans_changed(struct igmpsnoop_instance *inst,
				   bool filtering);
void igmpsnoop_group_port_set(struct igmpsnoop_port *port, const u32 *router_mode,
			      const u8 *fast_leave, const u32 *max_groups,
			      bool max_groups_default);
void igmpsnoop_group_leave(struct igmpsnoop_port *port, __be32 addr, u16 vid);
void igmpsnoop_group_query(struct igmpsnoop_port *port, struct sk_buff *skb,
			   const struct igmpsnoop_msg *msg);

/* igmpsnoop_member.c */
int igmpsnoop_member_table_init(struct igmpsnoop_instance *inst);
void igmpsnoop_member_table_destroy(struct igmpsnoop_instance *inst);
struct igmpsnoop_member *igmpsnoop_member_get(struct igmpsnoop_port *port,
					      __be32 addr, u16 vid,
					      bool permanent, int *created,
					      struct netlink_ext_ack *extack);
struct igmpsnoop_member *
igmpsnoop_member_lookup(const struct igmpsnoop_group *group,
			const struct igmpsnoop_port *port);
struct igmpsnoop_member *igmpsnoop_member_find(struct igmpsnoop_instance *inst,
					       struct igmpsnoop_port *port,
					       __be32 addr, u16 vid);
void igmpsnoop_member_del(struct igmpsnoop_member *m);
void igmpsnoop_member_timer_set(struct igmpsnoop_member *m,
				enum igmpsnoop_member_timer which,
				unsigned long expires);
void igmpsnoop_member_timer_clear(struct igmpsnoop_member *m,
				  enum igmpsnoop_member_timer which);
void igmpsnoop_member_arm(struct igmpsnoop_member *m, unsigned long expires);
void igmpsnoop_member_lower(struct igmpsnoop_member *m, unsigned long expires);

/* Is @m's deadline @which armed? Under inst->lock, or RCU for a dump. */
static inline bool igmpsnoop_member_timer_armed(const struct igmpsnoop_member *m,
						enum igmpsnoop_member_timer which)
{
	return READ_ONCE(m->armed) & BIT(which);
}

/*
 * The jiffies of @m's deadline @which, stored in 32 bits: within 2^31
 * jiffies of now (24 days at HZ=1000), as every deadline is, because the
 * wheel disarms each when due. Under inst->lock, or RCU for a dump.
 */
static inline unsigned long igmpsnoop_member_at(const struct igmpsnoop_member *m,
						enum igmpsnoop_member_timer which)
{
	unsigned long now = jiffies;

	return now + (s32)(READ_ONCE(m->at[which]) - (u32)now);
}

/*
 * The instance of @m: a live member, or one an RCU reader found (its port
 * is freed after a grace period too).
 */
static inline struct igmpsnoop_instance *
igmpsnoop_member_inst(const struct igmpsnoop_member *m)
{
	return m->port->inst;
}

bool igmpsnoop_member_expire(struct igmpsnoop_member *m, unsigned long now);

u8 igmpsnoop_member_host_version(const struct igmpsnoop_member *m);
u32 igmpsnoop_port_max_groups(const struct igmpsnoop_port *port);
void igmpsnoop_table_full(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			  enum igmpsnoop_limit limit);
void igmpsnoop_sources_full(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			    unsigned int refused);

/* igmpsnoop_wheel.c */
void igmpsnoop_wheel_init(struct igmpsnoop_instance *inst);
void igmpsnoop_wheel_stop(struct igmpsnoop_instance *inst);
void igmpsnoop_wheel_file(struct igmpsnoop_instance *inst,
			  struct igmpsnoop_member *m, unsigned long when);
void igmpsnoop_wheel_unfile(struct igmpsnoop_member *m);

/* igmpsnoop_timing.c */
unsigned long igmpsnoop_gmi(struct igmpsnoop_instance *inst, u16 vid);
unsigned long igmpsnoop_oqpi(struct igmpsnoop_instance *inst, u16 vid);
unsigned long igmpsnoop_lmqt(struct igmpsnoop_instance *inst, u16 vid);
unsigned long igmpsnoop_sqi(const struct igmpsnoop_querier *qr);
u32 igmpsnoop_sqc(const struct igmpsnoop_querier *qr);

/* igmpsnoop_stats.c */
int igmpsnoop_stats_init(struct igmpsnoop_instance *inst);
void igmpsnoop_stats_flush(struct igmpsnoop_instance *inst);
void igmpsnoop_group_stats_start(struct igmpsnoop_group *group);
void igmpsnoop_group_stats_stop(struct igmpsnoop_group *group);
void igmpsnoop_group_stats_free(struct igmpsnoop_group *group);
bool igmpsnoop_group_stats_read(const struct igmpsnoop_group *group,
				struct igmpsnoop_group_stats *stats);
void igmpsnoop_member_stats_start(struct igmpsnoop_member *m);
void igmpsnoop_member_stats_stop(struct igmpsnoop_member *m);
void igmpsnoop_member_stats_free(struct igmpsnoop_member *m);
bool igmpsnoop_member_stats_read(const struct igmpsnoop_member *m,
				 struct igmpsnoop_group_stats *stats);
/* igmpsnoop_source.c */
int igmpsnoop_source_table_init(struct igmpsnoop_instance *inst);
void igmpsnoop_source_table_destroy(struct igmpsnoop_instance *inst);
void igmpsnoop_source_timer(struct igmpsnoop_member *m);
void igmpsnoop_source_member_free(struct igmpsnoop_member *m);
void igmpsnoop_source_set_any(struct igmpsnoop_member *m);
void igmpsnoop_source_report(struct igmpsnoop_port *port, struct sk_buff *skb,
			     u16 vid);
void igmpsnoop_source_record(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			     u8 type, struct sk_buff *skb, unsigned int off,
			     unsigned int nsrcs);
void igmpsnoop_source_group_expired(struct igmpsnoop_member *m);
void igmpsnoop_source_query(struct igmpsnoop_group *group, struct sk_buff *skb,
			    const struct igmpsnoop_msg *msg, unsigned long expires);
unsigned long igmpsnoop_source_member_expires(const struct igmpsnoop_member *m);
bool igmpsnoop_source_wants(const struct igmpsnoop_member *m, __be32 saddr);

static inline struct igmpsnoop_sources *
igmpsnoop_member_sources(const struct igmpsnoop_member *m)
{
	const struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);

	return rcu_dereference_protected(m->srcs, lockdep_is_held(&inst->lock));
}

/* @m's source records, under RCU or inst->lock. */
static inline struct igmpsnoop_sources *
igmpsnoop_member_sources_rcu(const struct igmpsnoop_member *m)
{
	const struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);

	return rcu_dereference_check(m->srcs, lockdep_is_held(&inst->lock));
}

/* igmpsnoop_router.c */
enum igmpsnoop_forget {
	IGMPSNOOP_FORGET_LEARNED,	/* port down: what was learned */
	IGMPSNOOP_FORGET_VLANS_GONE,	/* all of the VLANs it left (RTNL) */
	IGMPSNOOP_FORGET_ALL,		/* port removal, VLAN filtering toggled */
};

/* Has @pv's router port been heard from within its timeout? */
static inline bool
igmpsnoop_port_vlan_router_learned(const struct igmpsnoop_port_vlan *pv)
{
	unsigned long expires = READ_ONCE(pv->router_expires);

	return expires && time_before(jiffies, expires);
}

/*
 * xa_load() for a caller in an RCU read-side critical section: the data
 * path, which is in one already, does not open another for each lookup.
 */
static __always_inline void *igmpsnoop_xa_load_rcu(struct xarray *xa,
						   unsigned long index)
{
	XA_STATE(xas, xa, index);
	void *entry;

	do {
		entry = xas_load(&xas);
	} while (xas_retry(&xas, entry));
	return xa_is_zero(entry) ? NULL : entry;
}

/*
 * Is @port, whose entry of its VLAN is @pv (NULL: none), a router port in
 * that VLAN now? Under RCU or inst->lock.
 */
static __always_inline bool
igmpsnoop_port_vlan_is_router(const struct igmpsnoop_port *port,
			      const struct igmpsnoop_port_vlan *pv)
{
	u8 mode = pv ? READ_ONCE(pv->router_mode) : IGMPSNOOP_ROUTER_DEFAULT;

	if (mode == IGMPSNOOP_ROUTER_DEFAULT)
		mode = READ_ONCE(port->router_mode);
	switch (mode) {
	case IGMPSNOOP_ROUTER_ON:
		return true;
	case IGMPSNOOP_ROUTER_OFF:
		return false;
	default:
		return pv && igmpsnoop_port_vlan_router_learned(pv);
	}
}

/*
 * Is @port a router port in VLAN @vid now? Called under RCU or inst->lock;
 * on a bridge without VLAN filtering VLAN 0's entry is at hand
 * (igmpsnoop_router.c).
 */
static __always_inline bool
igmpsnoop_port_is_router(struct igmpsnoop_port *port, u16 vid)
{
	return igmpsnoop_port_vlan_is_router(port,
		vid ? xa_load(&port->vlans, vid) :
		      rcu_dereference_check(port->vlan0,
					    lockdep_is_held(&port->inst->lock)));
}

/* igmpsnoop_port_is_router() for every frame and router port: under RCU. */
static __always_inline bool
igmpsnoop_port_is_router_rcu(struct igmpsnoop_port *port, u16 vid)
{
	return igmpsnoop_port_vlan_is_router(port,
		vid ? igmpsnoop_xa_load_rcu(&port->vlans, vid) :
		      rcu_dereference(port->vlan0));
}

void igmpsnoop_router_learned(struct igmpsnoop_port *port, u16 vid);
void igmpsnoop_router_heard(struct igmpsnoop_port *port, u16 vid);
void igmpsnoop_router_forget(struct igmpsnoop_port *port,
			     enum igmpsnoop_forget what);
void igmpsnoop_router_mode_set(struct igmpsnoop_port *port, u32 mode);
bool igmpsnoop_router_state(struct igmpsnoop_port *port, unsigned long *until,
			    u32 *n_vlans);
int igmpsnoop_port_vlan_set(struct igmpsnoop_port *port, u16 vid,
			    const u32 *router_mode, const u32 *max_groups);
bool igmpsnoop_port_vlan_full(struct igmpsnoop_port *port, u16 vid);
void igmpsnoop_port_vlan_count(struct igmpsnoop_port *port, u16 vid, int delta);
void igmpsnoop_router_init(struct igmpsnoop_port *port);
void igmpsnoop_router_stop(struct igmpsnoop_port *port);

/* igmpsnoop_vlan.c */
bool igmpsnoop_vlan_enabled(const struct igmpsnoop_instance *inst);
bool igmpsnoop_vlan_port_in(const struct igmpsnoop_port *port, u16 vid,
			    bool *tagged);
int igmpsnoop_vlan_port_pvid(const struct igmpsnoop_port *port, u16 *vid);
void igmpsnoop_vlan_switch_vids(const struct igmpsnoop_instance *inst,
				unsigned long *vids);
bool igmpsnoop_vlan_ovs_rx(const struct igmpsnoop_port *port,
			   const struct sk_buff *skb, u16 *vid);
bool igmpsnoop_vlan_ovs_tx(const struct igmpsnoop_port *port,
			   const struct sk_buff *skb, u16 *vid,
			   unsigned int *nhoff);
void igmpsnoop_vlan_ovs_set(struct igmpsnoop_port *port,
			    struct igmpsnoop_ovs_vlans *vlans);
void igmpsnoop_vlan_port_free(struct igmpsnoop_port *port);

/* igmpsnoop_querier.c */
void igmpsnoop_querier_init(struct igmpsnoop_instance *inst);
void igmpsnoop_querier_update(struct igmpsnoop_instance *inst);
bool igmpsnoop_querier_heard(struct igmpsnoop_port *port,
			     const struct igmpsnoop_msg *msg);
void igmpsnoop_querier_vlans_sync(struct igmpsnoop_instance *inst);
void igmpsnoop_querier_vlan_set(struct igmpsnoop_querier *qr, const u8 *enabled,
				const __be32 *source, const u32 *unregistered,
				const u32 *max_groups,
				const struct igmpsnoop_timing *timing);
void igmpsnoop_querier_leave(struct igmpsnoop_member *m);
void igmpsnoop_querier_sources(struct igmpsnoop_member *m);
void igmpsnoop_querier_member_timer(struct igmpsnoop_instance *inst,
				    struct igmpsnoop_member *m);
void igmpsnoop_querier_stop(struct igmpsnoop_instance *inst);

/* igmpsnoop_query.c: one query of our querier to send. */
struct igmpsnoop_query {
	u16 vid;		/* its VLAN: 0, or tagged as the port says */
	__be32 saddr;
	__be32 group;		/* 0 for a general query */
	u8 version;
	u8 qrv;
	u32 max_resp;		/* ms */
	u32 qqi;		/* ms */
	u16 nsrcs;		/* group-and-source-specific: sources */
	__be32 srcs[IGMPSNOOP_MAX_SOURCES];
};

void igmpsnoop_query_xmit(struct igmpsnoop_instance *inst,
			  struct igmpsnoop_port *port,
			  const struct igmpsnoop_query *q);
void igmpsnoop_query_send_general(struct igmpsnoop_instance *inst,
				  const struct igmpsnoop_query *q);

/*
 * The querier of VLAN @vid of @inst, or NULL if the instance does not know
 * that VLAN. Called under RCU or inst->lock.
 */
static inline struct igmpsnoop_querier *
igmpsnoop_querier_of(struct igmpsnoop_instance *inst, u16 vid)
{
	return vid ? xa_load(&inst->vlans, vid) : &inst->querier;
}

/* igmpsnoop_querier_of() for every frame: under RCU. */
static __always_inline struct igmpsnoop_querier *
igmpsnoop_querier_of_rcu(struct igmpsnoop_instance *inst, u16 vid)
{
	return vid ? igmpsnoop_xa_load_rcu(&inst->vlans, vid) : &inst->querier;
}

/*
 * The querier whose settings hold in VLAN @vid: the VLAN's, else VLAN 0's,
 * which has no timing of its own (the instance's holds). Under RCU or
 * inst->lock.
 */
static inline const struct igmpsnoop_querier *
igmpsnoop_settings_of(struct igmpsnoop_instance *inst, u16 vid)
{
	return igmpsnoop_querier_of(inst, vid) ?: &inst->querier;
}

static inline u32 igmpsnoop_timing_get(const struct igmpsnoop_querier *qr,
				       size_t offset)
{
	u32 own = *(const u32 *)((const u8 *)&qr->timing + offset);

	return own ?: *(const u32 *)((const u8 *)&qr->inst->cfg.timing + offset);
}

/*
 * Timing setting @field in querier @qr's VLAN: the VLAN's own, else the
 * instance's (for a derived one, 0 there too: derive it). Under
 * inst->lock or RTNL, which both hold for a change.
 */
#define igmpsnoop_timing(qr, field)	\
	igmpsnoop_timing_get(qr, offsetof(struct igmpsnoop_timing, field))

/*
 * Must multicast in VLAN @vid be flooded because no querier keeps the
 * table right? Also for the Max Resp Time of the first query heard, while
 * the hosts that joined before it answer (as the bridge does).
 */
static inline bool igmpsnoop_querier_flooding(const struct igmpsnoop_querier *q)
{
	return !q || !READ_ONCE(q->present) ||
	       time_before(jiffies, READ_ONCE(q->flood_until));
}

static inline bool igmpsnoop_flooding(struct igmpsnoop_instance *inst, u16 vid)
{
	return igmpsnoop_querier_flooding(igmpsnoop_querier_of(inst, vid));
}

/*
 * The unregistered policy of the VLAN whose querier is @q (NULL: none):
 * the VLAN's, or the instance's. Under RCU or inst->lock.
 */
static inline u32 igmpsnoop_querier_unregistered(const struct igmpsnoop_instance *inst,
						 const struct igmpsnoop_querier *q)
{
	u32 unregistered = q ? READ_ONCE(q->unregistered) :
			       IGMPSNOOP_UNREG_DEFAULT;

	return unregistered == IGMPSNOOP_UNREG_DEFAULT ?
	       READ_ONCE(inst->cfg.unregistered) : unregistered;
}

static inline u32 igmpsnoop_unregistered(struct igmpsnoop_instance *inst,
					 u16 vid)
{
	return igmpsnoop_querier_unregistered(inst, igmpsnoop_querier_of(inst, vid));
}

/* igmpsnoop_parse.c */
int igmpsnoop_parse_igmp(struct sk_buff *skb, struct igmpsnoop_msg *msg);
enum igmpsnoop_counter igmpsnoop_parse_counter(const struct igmpsnoop_msg *msg);
/* An IGMPv3 group record, as igmpsnoop_parse_v3_next() finds it. */
struct igmpsnoop_v3_record {
	__be32 group;
	u8 type;			/* IGMPV3_MODE_IS_INCLUDE... */
	u16 nsrcs;
	unsigned int srcs_off;		/* of its first source in the skb */
};

struct igmpsnoop_v3_iter {
	unsigned int pos, end;		/* end 0: not started */
	unsigned int index, ngrec;	/* the record found last, of ngrec */
};

int igmpsnoop_parse_v3_next(const struct sk_buff *skb,
			    struct igmpsnoop_v3_iter *it,
			    struct igmpsnoop_v3_record *rec);
int igmpsnoop_parse_v3_report(const struct sk_buff *skb);

/* igmpsnoop_flow.c */
bool igmpsnoop_flow_port_wants(struct igmpsnoop_port *port,
			       const struct igmpsnoop_group *group, u16 vid,
			       u32 unregistered, __be32 saddr,
			       const struct igmpsnoop_member **mp);
bool igmpsnoop_flow_tx_wants(struct igmpsnoop_port *port,
			     const struct sk_buff *skb, unsigned int nhoff,
			     u16 vid);
bool igmpsnoop_flow_host_asked(struct igmpsnoop_instance *inst,
			       const struct sk_buff *skb, u16 vid, bool promisc);
int igmpsnoop_flow_port_start(struct igmpsnoop_port *port);
void igmpsnoop_flow_port_stop(struct igmpsnoop_port *port);

/* igmpsnoop_brport.c */
void igmpsnoop_brport_follow(struct igmpsnoop_port *port);
void igmpsnoop_brport_bridge(struct igmpsnoop_instance *inst);
void igmpsnoop_brport_work(struct work_struct *work);
int igmpsnoop_brport_start(struct net *net);
void igmpsnoop_brport_stop(struct net *net);

/* igmpsnoop_brvlan.c */
void igmpsnoop_brvlan_work(struct work_struct *work);
int igmpsnoop_brvlan_start(struct net *net);
void igmpsnoop_brvlan_stop(struct net *net);
void igmpsnoop_brvlan_forget(const struct net_device *dev);
void igmpsnoop_brvlan_options(struct igmpsnoop_instance *inst);
bool igmpsnoop_brvlan_stopped(const struct net_device *dev, u16 vid);

/* igmpsnoop_bridge.c */
int igmpsnoop_bridge_port_start(struct igmpsnoop_port *port);
void igmpsnoop_bridge_port_stop(struct igmpsnoop_port *port);

/* igmpsnoop_netlink.c */
int igmpsnoop_genl_init(void);
void igmpsnoop_genl_uninit(void);
/* igmpsnoop_nl_notify.c: to the "monitor" group, sent under inst->lock. */
void igmpsnoop_nl_notify_group(const struct igmpsnoop_group *group,
			       enum igmpsnoop_event event);
void igmpsnoop_nl_notify_full(const struct igmpsnoop_port *port, __be32 addr,
			      u16 vid, enum igmpsnoop_limit limit);
void igmpsnoop_nl_notify_router(const struct igmpsnoop_port *port, u16 vid,
				enum igmpsnoop_event event);
void igmpsnoop_nl_notify_querier(const struct igmpsnoop_querier *q,
				 enum igmpsnoop_event event);

#endif /* _IGMPSNOOP_PRIVATE_H */
