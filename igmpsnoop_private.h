/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igmpsnoop: IGMP snooping for Linux bridges and Open vSwitch datapaths.
 */
#ifndef _IGMPSNOOP_PRIVATE_H
#define _IGMPSNOOP_PRIVATE_H

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
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
 * The data path (the netfilter hooks of igmpsnoop_flow.c) runs in softirq
 * context under RCU, takes no lock and allocates nothing; its counters are
 * per-CPU.
 *
 * An instance or port is unpublished first (list_del_rcu, hooks
 * unregistered) and freed after a grace period (kfree_rcu or call_rcu),
 * so a reader that found it may keep using it until rcu_read_unlock().
 * Module exit waits for those callbacks with rcu_barrier().
 */

#define rtnl_list_for_each(pos, head, member) \
	list_for_each_entry_rcu(pos, head, member, lockdep_rtnl_is_held())

/* Per network namespace state. */
struct igmpsnoop_net {
	struct list_head instances;	/* RCU list, written under RTNL */
	u32 gen;			/* RTNL; bumped on every change */
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
};

enum igmpsnoop_hook {
	IGMPSNOOP_HOOK_INGRESS,
	__IGMPSNOOP_HOOK_MAX
};

/* One port of a switch, snooped by its instance. */
struct igmpsnoop_port {
	struct list_head list;		/* in inst->ports, RCU, RTNL */
	struct igmpsnoop_instance *inst;
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct nf_hook_ops hook_ops[__IGMPSNOOP_HOOK_MAX];
	struct rcu_head rcu;
};

/* igmpsnoop attached to one switch device. */
struct igmpsnoop_instance {
	struct list_head list;		/* in igmpsnoop_net.instances */
	struct net_device *dev;		/* the bridge or OVS datapath */
	netdevice_tracker dev_tracker;
	enum igmpsnoop_kind kind;
	struct list_head ports;		/* RCU list, written under RTNL */
	struct igmpsnoop_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

/* igmpsnoop_main.c */
extern unsigned int igmpsnoop_net_id;

static inline struct igmpsnoop_net *igmpsnoop_pernet(const struct net *net)
{
	return net_generic(net, igmpsnoop_net_id);
}

/* igmpsnoop_instance.c */
struct igmpsnoop_instance *igmpsnoop_instance_find(struct net *net,
						   int ifindex);
struct igmpsnoop_instance *igmpsnoop_instance_create(struct net_device *dev,
						     struct netlink_ext_ack *extack);
void igmpsnoop_instance_destroy(struct igmpsnoop_instance *inst);
void igmpsnoop_instance_destroy_all(struct net *net);
void igmpsnoop_instance_get_stats(const struct igmpsnoop_instance *inst,
				  struct igmpsnoop_stats *stats);

/* Called in softirq context, or with bottom halves disabled. */
static inline void igmpsnoop_count(struct igmpsnoop_instance *inst,
				   enum igmpsnoop_counter cnt)
{
	struct igmpsnoop_pcpu_stats *s = this_cpu_ptr(inst->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->cnt[cnt]);
	u64_stats_update_end(&s->syncp);
}

int igmpsnoop_instance_init(void);
void igmpsnoop_instance_uninit(void);

/* igmpsnoop_parse.c */
int igmpsnoop_parse_igmp(struct sk_buff *skb, struct igmpsnoop_msg *msg);
enum igmpsnoop_counter igmpsnoop_parse_counter(const struct igmpsnoop_msg *msg);

/* igmpsnoop_flow.c */
int igmpsnoop_flow_port_start(struct igmpsnoop_port *port);
void igmpsnoop_flow_port_stop(struct igmpsnoop_port *port);

/* igmpsnoop_netlink.c */
int igmpsnoop_genl_init(void);
void igmpsnoop_genl_uninit(void);

#endif /* _IGMPSNOOP_PRIVATE_H */
