// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the "igmpsnoop" generic netlink family: its policies and ops,
 * and what every handler needs to resolve a request (igmpsnoop_netlink.h
 * lists the files of the handlers).
 *
 * Hand-written ops with one strict policy per operation: Debian's 6.1
 * headers have no split ops, so generated tables would not build there.
 * include/uapi/linux/igmpsnoop.h documents the messages.
 */

#include <linux/if_vlan.h>
#include <net/sock.h>

#include "igmpsnoop_netlink.h"

/* An instance's name, or the name of a switch with one instance. */
#define NAME_POLICY	{ .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }

/* INSTANCE_DETACH, _GET, STATS_GET: which instance. */
static const struct nla_policy inst_id_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
};

const struct nla_policy igmpsnoop_nl_port_id_policy[IGMPSNOOP_A_PORT_IFINDEX + 1] = {
	[IGMPSNOOP_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* An OVS port's VLANs, in attach's port nests and PORT_SET's. */
#define OVS_VLANS_POLICY						\
	[IGMPSNOOP_A_PORT_ACCESS_VLAN] =				\
		NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),		\
	[IGMPSNOOP_A_PORT_TRUNK_VLANS] =				\
		NLA_POLICY_EXACT_LEN(IGMPSNOOP_TRUNK_BYTES),		\
	[IGMPSNOOP_A_PORT_TRUNK_ALL] = { .type = NLA_FLAG },		\
	[IGMPSNOOP_A_PORT_NATIVE_VLAN] =				\
		NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),		\
	[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED] = { .type = NLA_FLAG }

const struct nla_policy
igmpsnoop_nl_port_attach_policy[IGMPSNOOP_NL_PORT_MAX + 1] = {
	[IGMPSNOOP_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	OVS_VLANS_POLICY,
};

static const struct nla_policy inst_attach_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(igmpsnoop_nl_port_attach_policy),
	[IGMPSNOOP_A_INST_PORT_SUBSET] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* Not const: 6.1's struct nla_policy points to non-const ranges. */
static struct netlink_range_validation qi_range __ro_after_init = {
	.min = 1000, .max = 3600000,
};

static struct netlink_range_validation qri_range __ro_after_init = {
	.min = 100, .max = 3175000,
};

static struct netlink_range_validation lmqi_range __ro_after_init = {
	.min = 100, .max = 25500,
};

/*
 * Output-only attributes have no entry: strict validation rejects them.
 * max-groups 0 is a VLAN's alone (none of its own): set_doit refuses it
 * for an instance.
 */
static struct netlink_range_validation max_groups_range __ro_after_init = {
	.min = 0, .max = IGMPSNOOP_MAX_GROUPS,
};

static struct netlink_range_validation port_max_groups_range __ro_after_init = {
	.min = 0, .max = IGMPSNOOP_MAX_GROUPS,
};

static struct netlink_range_validation long_interval_range __ro_after_init = {
	.min = 0, .max = 86400000,
};

static struct netlink_range_validation sqi_range __ro_after_init = {
	.min = 0, .max = 3600000,
};

static struct netlink_range_validation lmqt_range __ro_after_init = {
	.min = 0, .max = 178500,
};

static const struct nla_policy inst_set_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_UNREGISTERED] = NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_UNREG_DEFAULT),
	[IGMPSNOOP_A_INST_ROBUSTNESS] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[IGMPSNOOP_A_INST_QUERY_INTERVAL] = NLA_POLICY_FULL_RANGE(NLA_U32, &qi_range),
	[IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &qri_range),
	[IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lmqi_range),
	[IGMPSNOOP_A_INST_LAST_MEMBER_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[IGMPSNOOP_A_INST_FAST_PATH] = NLA_POLICY_MAX(NLA_U8, 1),
	[IGMPSNOOP_A_INST_MAX_GROUPS] = NLA_POLICY_FULL_RANGE(NLA_U32, &max_groups_range),
	[IGMPSNOOP_A_INST_QUERIER] = NLA_POLICY_MAX(NLA_U8, IGMPSNOOP_QUERIER_INHERIT),
	[IGMPSNOOP_A_INST_QUERIER_SOURCE] = { .type = NLA_U32 },	/* be32 */
	[IGMPSNOOP_A_INST_IGMP_VERSION] = NLA_POLICY_RANGE(NLA_U32, 2, 3),
	[IGMPSNOOP_A_INST_VID] = NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),
	[IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &long_interval_range),
	[IGMPSNOOP_A_INST_OTHER_QUERIER_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &long_interval_range),
	[IGMPSNOOP_A_INST_STARTUP_QUERY_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &sqi_range),
	[IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT] = NLA_POLICY_MAX(NLA_U32, 7),
	[IGMPSNOOP_A_INST_LAST_MEMBER_TIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &lmqt_range),
	[IGMPSNOOP_A_INST_INHERIT] = NLA_POLICY_MASK(NLA_U32,
						     GENMASK(IGMPSNOOP_TIMING_MAX, 0)),
};

const struct nla_policy
igmpsnoop_nl_port_set_policy[IGMPSNOOP_NL_PORT_MAX + 1] = {
	[IGMPSNOOP_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_PORT_ROUTER] = NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_ROUTER_DEFAULT),
	[IGMPSNOOP_A_PORT_FAST_LEAVE] = NLA_POLICY_MAX(NLA_U8, 1),
	[IGMPSNOOP_A_PORT_MAX_GROUPS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &port_max_groups_range),
	[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT] = NLA_POLICY_RANGE(NLA_U8, 1, 1),
	[IGMPSNOOP_A_PORT_VID] = NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),
	OVS_VLANS_POLICY,
};

static const struct nla_policy port_set_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(igmpsnoop_nl_port_set_policy),
};

/* VLAN_GET: which instance, and (do) which VLAN. */
static const struct nla_policy vlan_get_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_VID] = NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),
};

/* PORT_GET, PORT_ADD, PORT_DEL */
static const struct nla_policy port_get_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(igmpsnoop_nl_port_id_policy),
};

static const struct nla_policy group_get_policy[IGMPSNOOP_A_GROUP_MAX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_GROUP_INSTANCE] = NAME_POLICY,
	[IGMPSNOOP_A_GROUP_ADDR] = { .type = NLA_U32 },	/* be32 */
	[IGMPSNOOP_A_GROUP_VID] = NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
};

const struct nla_policy igmpsnoop_nl_member_policy[IGMPSNOOP_A_MEMBER_STATE + 1] = {
	[IGMPSNOOP_A_MEMBER_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_MEMBER_STATE] =
		NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_MEMBER_PERMANENT),
};

static const struct nla_policy group_mod_policy[IGMPSNOOP_A_GROUP_MAX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_GROUP_INSTANCE] = NAME_POLICY,
	[IGMPSNOOP_A_GROUP_ADDR] = { .type = NLA_U32 },	/* be32 */
	[IGMPSNOOP_A_GROUP_MEMBER] = NLA_POLICY_NESTED(igmpsnoop_nl_member_policy),
	[IGMPSNOOP_A_GROUP_VID] = NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
};

static const struct nla_policy group_flush_policy[IGMPSNOOP_A_GROUP_MAX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_GROUP_INSTANCE] = NAME_POLICY,
};

/* Is a required attribute missing? Says so in the extack if it is. */
bool igmpsnoop_nl_req_missing(struct genl_info *info, int type)
{
	if (!GENL_REQ_ATTR_CHECK(info, type))
		return false;
	NL_SET_ERR_MSG_MOD(info->extack, "Missing attribute");
	return true;
}

/*
 * Counters that are the instance's alone: what our querier sent, and what
 * the host behind a bridge was spared. A port's nest leaves them out.
 */
static bool counter_is_instance_only(enum igmpsnoop_counter cnt)
{
	switch (cnt) {
	case IGMPSNOOP_CNT_TX_QUERY:
	case IGMPSNOOP_CNT_TX_GROUP_QUERY:
	case IGMPSNOOP_CNT_TX_SOURCE_QUERY:
	case IGMPSNOOP_CNT_HOST_PRUNED:
		return true;
	default:
		return false;
	}
}

/*
 * A nest @type of @stats, counter i as IGMPSNOOP_A_STATS_RX_IGMP + i; a
 * port's (@port) without the instance's own counters.
 */
int igmpsnoop_nl_put_counters(struct sk_buff *skb, int type,
			      const struct igmpsnoop_stats *stats, bool port)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __IGMPSNOOP_CNT_MAX; i++) {
		if (port && counter_is_instance_only(i))
			continue;
		if (nla_put_u64_64bit(skb, IGMPSNOOP_A_STATS_RX_IGMP + i,
				      stats->cnt[i], IGMPSNOOP_A_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The names of @inst that every message about it begins with: its switch's
 * ifindex and name, and its own name.
 */
int igmpsnoop_nl_put_inst_names(struct sk_buff *skb,
				const struct igmpsnoop_instance *inst)
{
	if (nla_put_u32(skb, IGMPSNOOP_A_INST_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_IFNAME, inst->dev->name) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_NAME, inst->name))
		return -EMSGSIZE;
	return 0;
}

/* Resolves the ifindex in attribute @attr, with extack on failure. */
struct net_device *igmpsnoop_nl_get_dev(struct genl_info *info, const struct nlattr *attr)
{
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(genl_info_net(info), nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "No such device");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

struct net_device *igmpsnoop_nl_get_switch_dev(struct genl_info *info, int type)
{
	return igmpsnoop_nl_get_dev(info, info->attrs[type]);
}

/* Does a request name no instance, by name or by switch? Says so if not. */
bool igmpsnoop_nl_inst_missing(struct genl_info *info, int ifindex_type, int name_type)
{
	if (info->attrs[ifindex_type] || info->attrs[name_type])
		return false;
	NL_SET_ERR_ATTR_MISS(info->extack, NULL, ifindex_type);
	NL_SET_ERR_MSG_MOD(info->extack,
			   "Missing attribute: the instance's name or its switch's ifindex");
	return true;
}

/*
 * The instance a request names: the instance whose name is in attribute
 * @name_type, else the one instance of the switch of that name, else the
 * one instance of the switch whose ifindex is in @ifindex_type. If both
 * are given they must agree. With extack on failure.
 */
struct igmpsnoop_instance *igmpsnoop_nl_get_instance(struct genl_info *info,
						     int ifindex_type,
						     int name_type)
{
	struct nlattr *ifindex = info->attrs[ifindex_type];
	struct nlattr *name = info->attrs[name_type];
	struct igmpsnoop_instance *inst;
	struct net_device *dev;

	ASSERT_RTNL();
	if (!name) {
		dev = igmpsnoop_nl_get_switch_dev(info, ifindex_type);
		if (IS_ERR(dev))
			return ERR_CAST(dev);
		inst = igmpsnoop_instance_of_dev(dev, info->extack);
		if (IS_ERR(inst))
			NL_SET_BAD_ATTR(info->extack, ifindex);
		return inst;
	}
	inst = igmpsnoop_instance_find(genl_info_net(info), nla_data(name));
	if (!inst) {
		dev = __dev_get_by_name(genl_info_net(info), nla_data(name));
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(info->extack, name,
					    "No igmpsnoop instance or switch of this name");
			return ERR_PTR(-ENOENT);
		}
		inst = igmpsnoop_instance_of_dev(dev, info->extack);
		if (IS_ERR(inst)) {
			NL_SET_BAD_ATTR(info->extack, name);
			return inst;
		}
	}
	if (ifindex && nla_get_u32(ifindex) != inst->dev->ifindex) {
		NL_SET_ERR_MSG_ATTR(info->extack, ifindex,
				    "The instance named is not on this switch");
		return ERR_PTR(-EINVAL);
	}
	return inst;
}

/* The port of @inst whose ifindex is in @attr, with extack on failure. */
struct igmpsnoop_port *igmpsnoop_nl_get_port(struct igmpsnoop_instance *inst,
					     const struct nlattr *attr,
					     struct netlink_ext_ack *extack)
{
	struct igmpsnoop_port *port;

	ASSERT_RTNL();
	rtnl_list_for_each(port, &inst->ports, list)
		if (port->dev->ifindex == nla_get_u32(attr))
			return port;
	NL_SET_ERR_MSG_ATTR(extack, attr, "Not a port of this instance");
	return ERR_PTR(-ENODEV);
}

/* Parses the nest in attribute @type, which must name a port in @need. */
int igmpsnoop_nl_parse_nest(struct genl_info *info, int type,
			    struct nlattr **tb, int maxtype,
			    const struct nla_policy *policy, int need)
{
	struct nlattr *nest = info->attrs[type];
	int ret;

	ret = nla_parse_nested(tb, maxtype, nest, policy, info->extack);
	if (ret < 0)
		return ret;
	if (!tb[need]) {
		NL_SET_ERR_ATTR_MISS(info->extack, nest, need);
		NL_SET_ERR_MSG_MOD(info->extack, "Missing port ifindex");
		return -EINVAL;
	}
	return 0;
}

/*
 * A dump's filter, from a switch ifindex and/or a name: the instance of
 * that name, else the instances of the switch of that name.
 */
int igmpsnoop_nl_dump_filter_init(struct netlink_callback *cb,
				  struct igmpsnoop_nl_dump_filter *f,
				  const struct nlattr *ifindex,
				  const struct nlattr *name)
{
	struct net *net = sock_net(cb->skb->sk);
	struct net_device *dev;
	int ret = 0;

	memset(f, 0, sizeof(*f));
	if (ifindex)
		f->ifindex = nla_get_u32(ifindex);
	if (!name)
		return 0;
	rtnl_lock();
	if (igmpsnoop_instance_find(net, nla_data(name))) {
		nla_strscpy(f->name, name, sizeof(f->name));
	} else {
		dev = __dev_get_by_name(net, nla_data(name));
		if (!dev || (f->ifindex && f->ifindex != dev->ifindex)) {
			NL_SET_ERR_MSG_ATTR(cb->extack, name,
					    "No igmpsnoop instance or switch of this name");
			ret = -ENOENT;
		} else {
			f->ifindex = dev->ifindex;
		}
	}
	rtnl_unlock();
	return ret;
}

bool igmpsnoop_nl_dump_filter_skip(const struct igmpsnoop_nl_dump_filter *f,
				   const struct igmpsnoop_instance *inst)
{
	return (f->ifindex && inst->dev->ifindex != f->ifindex) ||
	       (f->name[0] && strcmp(inst->name, f->name));
}

/* Dump ->start for every op that takes an instance as its filter. */
int igmpsnoop_nl_inst_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = igmpsnoop_dump_attrs(cb);
	struct igmpsnoop_nl_dump_ctx *ctx = IGMPSNOOP_NL_DUMP_CTX(cb);

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->args));
	memset(ctx, 0, sizeof(*ctx));
	if (!attrs)
		return 0;
	return igmpsnoop_nl_dump_filter_init(cb, &ctx->filter, attrs[IGMPSNOOP_A_INST_IFINDEX],
				attrs[IGMPSNOOP_A_INST_NAME]);
}

/* A full skb ends a round of a dump; the next resumes where it stopped. */
int igmpsnoop_nl_dump_done(struct sk_buff *skb, int ret)
{
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret < 0 ? ret : skb->len;
}

#define ADMIN	GENL_UNS_ADMIN_PERM	/* CAP_NET_ADMIN in the netns */

static const struct genl_ops igmpsnoop_genl_ops[] = {
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_ATTACH,
		.doit = igmpsnoop_nl_attach_doit,
		.policy = inst_attach_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_DETACH,
		.doit = igmpsnoop_nl_detach_doit,
		.policy = inst_id_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_GET,
		.doit = igmpsnoop_nl_get_doit,
		.start = igmpsnoop_nl_inst_dump_start,
		.dumpit = igmpsnoop_nl_get_dumpit,
		.policy = inst_id_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = 0,			/* anyone may read */
	},
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_SET,
		.doit = igmpsnoop_nl_set_doit,
		.policy = inst_set_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_PORT_SET,
		.doit = igmpsnoop_nl_port_set_doit,
		.policy = port_set_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_GROUP_GET,
		.doit = igmpsnoop_nl_group_get_doit,
		.start = igmpsnoop_nl_group_get_start,
		.dumpit = igmpsnoop_nl_group_get_dumpit,
		.policy = group_get_policy,
		.maxattr = IGMPSNOOP_A_GROUP_MAX,
		.flags = 0,
	},
	{
		.cmd = IGMPSNOOP_CMD_PORT_GET,
		.doit = igmpsnoop_nl_port_get_doit,
		.start = igmpsnoop_nl_inst_dump_start,
		.dumpit = igmpsnoop_nl_port_get_dumpit,
		.policy = port_get_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = 0,
	},
	{
		.cmd = IGMPSNOOP_CMD_GROUP_ADD,
		.doit = igmpsnoop_nl_group_add_doit,
		.policy = group_mod_policy,
		.maxattr = IGMPSNOOP_A_GROUP_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_GROUP_DEL,
		.doit = igmpsnoop_nl_group_del_doit,
		.policy = group_mod_policy,
		.maxattr = IGMPSNOOP_A_GROUP_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_GROUP_FLUSH,
		.doit = igmpsnoop_nl_group_flush_doit,
		.policy = group_flush_policy,
		.maxattr = IGMPSNOOP_A_GROUP_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_PORT_ADD,
		.doit = igmpsnoop_nl_port_add_doit,
		.policy = port_get_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_PORT_DEL,
		.doit = igmpsnoop_nl_port_del_doit,
		.policy = port_get_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = ADMIN,
	},
	{
		.cmd = IGMPSNOOP_CMD_STATS_GET,
		.doit = igmpsnoop_nl_stats_get_doit,
		.start = igmpsnoop_nl_inst_dump_start,
		.dumpit = igmpsnoop_nl_stats_get_dumpit,
		.policy = inst_id_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = 0,
	},
	{
		.cmd = IGMPSNOOP_CMD_VLAN_GET,
		.doit = igmpsnoop_nl_vlan_get_doit,
		.start = igmpsnoop_nl_inst_dump_start,
		.dumpit = igmpsnoop_nl_vlan_get_dumpit,
		.policy = vlan_get_policy,
		.maxattr = IGMPSNOOP_A_INST_MAX,
		.flags = 0,
	},
};

static const struct genl_multicast_group igmpsnoop_genl_mcgrps[] = {
	{ .name = IGMPSNOOP_MCGRP_MONITOR, },
};

struct genl_family igmpsnoop_genl_family __ro_after_init = {
	.name = IGMPSNOOP_FAMILY_NAME,
	.version = IGMPSNOOP_FAMILY_VERSION,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = igmpsnoop_genl_ops,
	.n_ops = ARRAY_SIZE(igmpsnoop_genl_ops),
	.mcgrps = igmpsnoop_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(igmpsnoop_genl_mcgrps),
};

int __init igmpsnoop_genl_init(void)
{
	return genl_register_family(&igmpsnoop_genl_family);
}

void igmpsnoop_genl_uninit(void)
{
	genl_unregister_family(&igmpsnoop_genl_family);
}
