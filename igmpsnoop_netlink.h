/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igmpsnoop: what the files of the generic netlink family share.
 *
 *   igmpsnoop_netlink.c      the family, its policies and ops; resolving a
 *                            request's instance, port and nests; dump filters
 *   igmpsnoop_nl_instance.c  INSTANCE_ATTACH, _DETACH, _GET, _SET, STATS_GET
 *   igmpsnoop_nl_vlan.c      a VLAN's part of INSTANCE_GET and _SET, and
 *                            the timing settings
 *   igmpsnoop_nl_port.c      PORT_ADD, _DEL, _SET, _GET
 *   igmpsnoop_nl_group.c     GROUP_GET, _ADD, _DEL, _FLUSH
 *   igmpsnoop_nl_notify.c    the monitor group's notifications
 */

#ifndef _IGMPSNOOP_NETLINK_H
#define _IGMPSNOOP_NETLINK_H

#include <net/genetlink.h>

#include "igmpsnoop_private.h"

extern struct genl_family igmpsnoop_genl_family;
extern const struct nla_policy igmpsnoop_nl_port_id_policy[IGMPSNOOP_A_PORT_IFINDEX + 1];
extern const struct nla_policy igmpsnoop_nl_member_policy[IGMPSNOOP_A_MEMBER_STATE + 1];
/* The last attribute of a port nest that a request may carry. */
#define IGMPSNOOP_NL_PORT_MAX	IGMPSNOOP_A_PORT_NATIVE_UNTAGGED
extern const struct nla_policy
igmpsnoop_nl_port_set_policy[IGMPSNOOP_NL_PORT_MAX + 1];
extern const struct nla_policy
igmpsnoop_nl_port_attach_policy[IGMPSNOOP_NL_PORT_MAX + 1];

/* Milliseconds until @expires, or 0 if it has passed. */
static inline u32 igmpsnoop_nl_ms_left(unsigned long expires)
{
	long left = (long)(expires - jiffies);

	return left > 0 ? jiffies_to_msecs(left) : 0;
}

/* An extack message that names the fix on a bridge, or on OVS. */
#define IGMPSNOOP_NL_ERR_KIND(extack, attr, inst, bridge_msg, ovs_msg)	\
	do {								\
		struct netlink_ext_ack *_ea = (extack);		\
		const struct nlattr *_at = (attr);			\
									\
		if ((inst)->kind == IGMPSNOOP_KIND_BRIDGE)		\
			NL_SET_ERR_MSG_ATTR(_ea, _at, bridge_msg); \
		else							\
			NL_SET_ERR_MSG_ATTR(_ea, _at, ovs_msg);	\
	} while (0)

/* Requests: their instance, port and nests, with extack on every failure. */
bool igmpsnoop_nl_req_missing(struct genl_info *info, int type);
struct net_device *igmpsnoop_nl_get_dev(struct genl_info *info,
					const struct nlattr *attr);
struct net_device *igmpsnoop_nl_get_switch_dev(struct genl_info *info, int type);
bool igmpsnoop_nl_inst_missing(struct genl_info *info, int ifindex_type,
			       int name_type);
struct igmpsnoop_instance *igmpsnoop_nl_get_instance(struct genl_info *info,
						     int ifindex_type,
						     int name_type);
struct igmpsnoop_port *igmpsnoop_nl_get_port(struct igmpsnoop_instance *inst,
					     const struct nlattr *attr,
					     struct netlink_ext_ack *extack);
int igmpsnoop_nl_parse_nest(struct genl_info *info, int type, struct nlattr **tb,
			    int maxtype, const struct nla_policy *policy,
			    int need);
int igmpsnoop_nl_ovs_vlans_parse(enum igmpsnoop_kind kind, struct nlattr **tb,
				 struct igmpsnoop_ovs_vlans **vlans,
				 struct netlink_ext_ack *extack);
int igmpsnoop_nl_instance_do(struct genl_info *info, int ifindex_type,
			     int name_type,
			     void (*fn)(struct igmpsnoop_instance *inst));

/* The state of a querier, read under inst->lock (igmpsnoop_nl_vlan.c). */
struct igmpsnoop_nl_querier_state {
	u16 vid;
	bool present;
	bool self;
	bool flooding;
	__be32 addr;
	u32 ifindex;
	u32 timer;
	u32 since;
	u8 version;
};

void igmpsnoop_nl_querier_state(struct igmpsnoop_querier *qr,
				struct igmpsnoop_nl_querier_state *st);
void igmpsnoop_nl_put_vlans(struct sk_buff *skb, struct igmpsnoop_instance *inst);
bool igmpsnoop_nl_querier_source_ok(__be32 addr);
void igmpsnoop_nl_timing_apply(struct nlattr **a, struct igmpsnoop_timing *t);
void igmpsnoop_nl_timing_bad_attr(struct genl_info *info);
bool igmpsnoop_nl_vlans_timing_ok(struct igmpsnoop_instance *inst,
				  const struct igmpsnoop_timing *t);
int igmpsnoop_nl_vlan_set(struct igmpsnoop_instance *inst, struct genl_info *info);
int igmpsnoop_nl_vlan_get_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_vlan_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);

/* Dumps of instances and ports: resume at (instance, port) counts. */
#define IGMPSNOOP_NL_DUMP_CTX(cb) ((struct igmpsnoop_nl_dump_ctx *)(cb)->args)
struct igmpsnoop_nl_dump_filter {
	int ifindex;		/* instances of this switch, or 0 */
	char name[IFNAMSIZ];	/* the instance of this name, or "" */
};

struct igmpsnoop_nl_dump_ctx {
	long inst_skip;		/* instances finished */
	union {
		struct {
			long port_skip;	/* ports of the current instance dumped */
			u16 port_vid;	/* PORT_GET: the port's next VLAN entry */
			bool port_more;	/* PORT_GET: the port's entries go on
					 * in this message from port_vid
					 */
			int port_ifindex;	/* PORT_GET: that port's */
		};
		unsigned long vid_next;	/* VLAN_GET: its next VLAN */
	};
	struct igmpsnoop_nl_dump_filter filter;
};

int igmpsnoop_nl_dump_filter_init(struct netlink_callback *cb,
				  struct igmpsnoop_nl_dump_filter *f,
				  const struct nlattr *ifindex,
				  const struct nlattr *name);
bool igmpsnoop_nl_dump_filter_skip(const struct igmpsnoop_nl_dump_filter *f,
				   const struct igmpsnoop_instance *inst);
int igmpsnoop_nl_inst_dump_start(struct netlink_callback *cb);
int igmpsnoop_nl_dump_done(struct sk_buff *skb, int ret);

/* Message contents shared by replies, dumps and notifications. */
int igmpsnoop_nl_put_inst_names(struct sk_buff *skb,
				const struct igmpsnoop_instance *inst);
int igmpsnoop_nl_put_counters(struct sk_buff *skb, int type,
			      const struct igmpsnoop_stats *stats, bool port);
int igmpsnoop_nl_put_port(struct sk_buff *skb, struct igmpsnoop_port *port);
size_t igmpsnoop_nl_group_msg_size(const struct igmpsnoop_group *group,
				   bool sources);
int igmpsnoop_nl_put_group_msg(struct sk_buff *skb,
			       const struct igmpsnoop_group *group,
			       u32 portid, u32 seq, int flags, u8 cmd,
			       enum igmpsnoop_event event,
			       struct netlink_callback *cb, bool sources,
			       unsigned int *from);

/* The handlers of igmpsnoop_genl_ops. */
int igmpsnoop_nl_attach_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_detach_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_get_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int igmpsnoop_nl_set_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_stats_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int igmpsnoop_nl_port_add_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_port_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb);
int igmpsnoop_nl_group_get_start(struct netlink_callback *cb);
int igmpsnoop_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_group_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int igmpsnoop_nl_group_add_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_group_del_doit(struct sk_buff *skb, struct genl_info *info);
int igmpsnoop_nl_group_flush_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _IGMPSNOOP_NETLINK_H */
