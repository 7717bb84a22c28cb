// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the "igmpsnoop" generic netlink family.
 *
 * Hand-written ops with one strict policy per operation: Debian's 6.1
 * headers have no split ops, so generated tables would not build there.
 * include/uapi/linux/igmpsnoop.h documents the messages.
 */

#include <net/genetlink.h>
#include <net/sock.h>

#include "igmpsnoop_private.h"

static struct genl_family igmpsnoop_genl_family;

static const struct nla_policy inst_ifindex_policy[IGMPSNOOP_A_INST_IFINDEX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* Dumps take an optional IGMPSNOOP_A_INST_IFINDEX as a filter. */
#define DUMP_CTX(cb) ((struct dump_ctx *)(cb)->args)
struct dump_ctx {
	long skip;		/* instances already dumped */
	int ifindex;		/* filter, or 0 */
};

static int put_stats(struct sk_buff *skb, const struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_stats stats;
	struct nlattr *nest;
	int i;

	igmpsnoop_instance_get_stats(inst, &stats);
	nest = nla_nest_start(skb, IGMPSNOOP_A_INST_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < __IGMPSNOOP_CNT_MAX; i++) {
		if (nla_put_u64_64bit(skb, IGMPSNOOP_A_STATS_RX_IGMP + i,
				      stats.cnt[i], IGMPSNOOP_A_STATS_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Called with RTNL or the RCU read lock held. */
static int fill_instance(struct sk_buff *skb, const struct igmpsnoop_instance *inst,
			 u32 portid, u32 seq, int flags, struct netlink_callback *cb)
{
	struct igmpsnoop_port *port;
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &igmpsnoop_genl_family, flags,
			  IGMPSNOOP_CMD_INSTANCE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);

	if (nla_put_u32(skb, IGMPSNOOP_A_INST_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_IFNAME, inst->dev->name) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_KIND, inst->kind))
		goto err_cancel;

	list_for_each_entry_rcu(port, &inst->ports, list, lockdep_rtnl_is_held()) {
		nest = nla_nest_start(skb, IGMPSNOOP_A_INST_PORT);
		if (!nest)
			goto err_cancel;
		if (nla_put_u32(skb, IGMPSNOOP_A_PORT_IFINDEX, port->dev->ifindex) ||
		    nla_put_string(skb, IGMPSNOOP_A_PORT_IFNAME, port->dev->name))
			goto err_cancel;
		nla_nest_end(skb, nest);
	}
	if (put_stats(skb, inst))
		goto err_cancel;

	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Resolves IGMPSNOOP_A_INST_IFINDEX to a device, with extack on failure. */
static struct net_device *get_switch_dev(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[IGMPSNOOP_A_INST_IFINDEX];
	struct net_device *dev;

	ASSERT_RTNL();
	dev = __dev_get_by_index(genl_info_net(info), nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "No such device");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

/* Resolves IGMPSNOOP_A_INST_IFINDEX to its instance, with extack on failure. */
static struct igmpsnoop_instance *get_instance(struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct net_device *dev;

	dev = get_switch_dev(info);
	if (IS_ERR(dev))
		return ERR_CAST(dev);
	inst = igmpsnoop_instance_find(genl_info_net(info), dev->ifindex);
	if (!inst) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IGMPSNOOP_A_INST_IFINDEX],
				    "igmpsnoop is not attached to this device");
		return ERR_PTR(-ENOENT);
	}
	return inst;
}

static int igmpsnoop_nl_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct net_device *dev;
	int ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, IGMPSNOOP_A_INST_IFINDEX))
		return -EINVAL;

	rtnl_lock();
	dev = get_switch_dev(info);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out_unlock;
	}
	inst = igmpsnoop_instance_create(dev, info->extack);
	if (IS_ERR(inst))
		ret = PTR_ERR(inst);
out_unlock:
	rtnl_unlock();
	return ret;
}

static int igmpsnoop_nl_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	int ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, IGMPSNOOP_A_INST_IFINDEX))
		return -EINVAL;

	rtnl_lock();
	inst = get_instance(info);
	if (IS_ERR(inst))
		ret = PTR_ERR(inst);
	else
		igmpsnoop_instance_destroy(inst);
	rtnl_unlock();
	return ret;
}

static int igmpsnoop_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct sk_buff *msg;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, IGMPSNOOP_A_INST_IFINDEX))
		return -EINVAL;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	inst = get_instance(info);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto err_unlock;
	}
	ret = fill_instance(msg, inst, info->snd_portid, info->snd_seq, 0, NULL);
	if (ret < 0)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return ret;
}

static int igmpsnoop_nl_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = igmpsnoop_dump_attrs(cb);
	struct dump_ctx *ctx = DUMP_CTX(cb);

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->args));
	memset(ctx, 0, sizeof(*ctx));
	if (attrs && attrs[IGMPSNOOP_A_INST_IFINDEX])
		ctx->ifindex = nla_get_u32(attrs[IGMPSNOOP_A_INST_IFINDEX]);
	return 0;
}

static int igmpsnoop_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct dump_ctx *ctx = DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	long idx = 0;
	int ret = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(inst, &in->instances, list) {
		if (ctx->ifindex && inst->dev->ifindex != ctx->ifindex)
			continue;
		if (idx++ < ctx->skip)
			continue;
		ret = fill_instance(skb, inst, NETLINK_CB(cb->skb).portid,
				    cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
		if (ret < 0)
			break;
		ctx->skip++;
	}
	rtnl_unlock();

	/* A full skb ends this round; the next one resumes after ctx->skip. */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret < 0 ? ret : skb->len;
}

static const struct genl_ops igmpsnoop_genl_ops[] = {
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_ATTACH,
		.doit = igmpsnoop_nl_attach_doit,
		.policy = inst_ifindex_policy,
		.maxattr = IGMPSNOOP_A_INST_IFINDEX,
		.flags = GENL_UNS_ADMIN_PERM,	/* CAP_NET_ADMIN in the netns */
	},
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_DETACH,
		.doit = igmpsnoop_nl_detach_doit,
		.policy = inst_ifindex_policy,
		.maxattr = IGMPSNOOP_A_INST_IFINDEX,
		.flags = GENL_UNS_ADMIN_PERM,	/* CAP_NET_ADMIN in the netns */
	},
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_GET,
		.doit = igmpsnoop_nl_get_doit,
		.start = igmpsnoop_nl_get_start,
		.dumpit = igmpsnoop_nl_get_dumpit,
		.policy = inst_ifindex_policy,
		.maxattr = IGMPSNOOP_A_INST_IFINDEX,
		.flags = 0,			/* anyone may read */
	},
};

static const struct genl_multicast_group igmpsnoop_genl_mcgrps[] = {
	{ .name = IGMPSNOOP_MCGRP_MONITOR, },
};

static struct genl_family igmpsnoop_genl_family __ro_after_init = {
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
