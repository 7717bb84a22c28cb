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

/* Output-only attributes have no entry: strict validation rejects them. */
static const struct nla_policy inst_set_policy[IGMPSNOOP_A_INST_FAST_PATH + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_UNREGISTERED] = NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_UNREG_DROP),
	[IGMPSNOOP_A_INST_ROBUSTNESS] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[IGMPSNOOP_A_INST_QUERY_INTERVAL] = NLA_POLICY_FULL_RANGE(NLA_U32, &qi_range),
	[IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &qri_range),
	[IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &lmqi_range),
	[IGMPSNOOP_A_INST_LAST_MEMBER_COUNT] = NLA_POLICY_RANGE(NLA_U32, 1, 7),
	[IGMPSNOOP_A_INST_FAST_PATH] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy port_set_nest_policy[IGMPSNOOP_A_PORT_FAST_LEAVE + 1] = {
	[IGMPSNOOP_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_PORT_ROUTER] = NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_ROUTER_OFF),
	[IGMPSNOOP_A_PORT_FAST_LEAVE] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy port_set_policy[IGMPSNOOP_A_INST_PORT + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(port_set_nest_policy),
};

static const struct nla_policy group_get_policy[IGMPSNOOP_A_GROUP_IFINDEX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

/* Milliseconds until @expires, or 0 if it has passed. */
static u32 ms_left(unsigned long expires)
{
	long left = (long)(expires - jiffies);

	return left > 0 ? jiffies_to_msecs(left) : 0;
}

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

/* What fill_instance() reports of one port, read under inst->lock. */
struct port_state {
	u32 router_mode;
	u8 fast_leave;
	u8 is_router;
	u32 router_timer;
};

static int put_port(struct sk_buff *skb, struct igmpsnoop_port *port)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct port_state ps;
	struct nlattr *nest;

	spin_lock_bh(&inst->lock);
	ps.router_mode = port->router_mode;
	ps.fast_leave = port->fast_leave;
	ps.is_router = igmpsnoop_port_is_router(port);
	ps.router_timer = port->router_learned ?
			  ms_left(port->router_timer.expires) : 0;
	spin_unlock_bh(&inst->lock);

	nest = nla_nest_start(skb, IGMPSNOOP_A_INST_PORT);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IGMPSNOOP_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_PORT_IFNAME, port->dev->name) ||
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_ROUTER, ps.router_mode) ||
	    nla_put_u8(skb, IGMPSNOOP_A_PORT_FAST_LEAVE, ps.fast_leave) ||
	    nla_put_u8(skb, IGMPSNOOP_A_PORT_IS_ROUTER, ps.is_router) ||
	    (ps.router_timer &&
	     nla_put_u32(skb, IGMPSNOOP_A_PORT_ROUTER_TIMER, ps.router_timer))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Settings and state of an instance, read under inst->lock. */
struct inst_state {
	struct igmpsnoop_config cfg;
	u32 n_groups;
	u32 gmi;
	bool querier_present;
	bool flooding;
	__be32 querier_addr;
	u32 querier_ifindex;
	u32 querier_timer;
	u8 querier_version;
};

static int put_state(struct sk_buff *skb, struct igmpsnoop_instance *inst)
{
	struct inst_state st;

	spin_lock_bh(&inst->lock);
	st.cfg = inst->cfg;
	st.n_groups = inst->n_groups;
	st.gmi = jiffies_to_msecs(igmpsnoop_gmi(inst));
	st.querier_present = inst->querier_present;
	st.flooding = igmpsnoop_flooding(inst);
	st.querier_addr = inst->querier_addr;
	st.querier_ifindex = inst->querier_ifindex;
	st.querier_version = inst->querier_version;
	st.querier_timer = ms_left(inst->querier_timer.expires);
	spin_unlock_bh(&inst->lock);

	if (nla_put_u32(skb, IGMPSNOOP_A_INST_UNREGISTERED, st.cfg.unregistered) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_ROBUSTNESS, st.cfg.robustness) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_QUERY_INTERVAL,
			st.cfg.query_interval) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL,
			st.cfg.query_response_interval) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL,
			st.cfg.last_member_interval) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_LAST_MEMBER_COUNT,
			st.cfg.last_member_count) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_FAST_PATH, st.cfg.fast_path) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_FLOODING, st.flooding) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_GROUPS, st.n_groups) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL, st.gmi))
		return -EMSGSIZE;
	if (!st.querier_present)
		return 0;
	if (nla_put_in_addr(skb, IGMPSNOOP_A_INST_QUERIER_ADDR, st.querier_addr) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_QUERIER_PORT, st.querier_ifindex) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_QUERIER_TIMER, st.querier_timer) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_QUERIER_VERSION, st.querier_version))
		return -EMSGSIZE;
	return 0;
}

/* Called with RTNL held. */
static int fill_instance(struct sk_buff *skb, struct igmpsnoop_instance *inst,
			 u32 portid, u32 seq, int flags, struct netlink_callback *cb)
{
	struct igmpsnoop_port *port;
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

	ASSERT_RTNL();
	rtnl_list_for_each(port, &inst->ports, list)
		if (put_port(skb, port))
			goto err_cancel;
	if (put_state(skb, inst) || put_stats(skb, inst))
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

static u32 attr_u32(struct genl_info *info, int type, u32 cur)
{
	return info->attrs[type] ? nla_get_u32(info->attrs[type]) : cur;
}

static int igmpsnoop_nl_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_config cfg;
	struct nlattr **a = info->attrs;
	int ret = 0;

	if (GENL_REQ_ATTR_CHECK(info, IGMPSNOOP_A_INST_IFINDEX))
		return -EINVAL;

	rtnl_lock();
	inst = get_instance(info);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}

	spin_lock_bh(&inst->lock);
	cfg = inst->cfg;
	cfg.unregistered = attr_u32(info, IGMPSNOOP_A_INST_UNREGISTERED,
				    cfg.unregistered);
	cfg.robustness = attr_u32(info, IGMPSNOOP_A_INST_ROBUSTNESS,
				  cfg.robustness);
	cfg.query_interval = attr_u32(info, IGMPSNOOP_A_INST_QUERY_INTERVAL,
				      cfg.query_interval);
	cfg.query_response_interval =
		attr_u32(info, IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL,
			 cfg.query_response_interval);
	cfg.last_member_interval =
		attr_u32(info, IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL,
			 cfg.last_member_interval);
	cfg.last_member_count = attr_u32(info, IGMPSNOOP_A_INST_LAST_MEMBER_COUNT,
					 cfg.last_member_count);
	if (a[IGMPSNOOP_A_INST_FAST_PATH])
		cfg.fast_path = nla_get_u8(a[IGMPSNOOP_A_INST_FAST_PATH]);

	if (cfg.query_response_interval >= cfg.query_interval) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The query response interval must be shorter than the query interval");
		ret = -EINVAL;
	} else {
		inst->cfg.robustness = cfg.robustness;
		inst->cfg.query_interval = cfg.query_interval;
		inst->cfg.query_response_interval = cfg.query_response_interval;
		inst->cfg.last_member_interval = cfg.last_member_interval;
		inst->cfg.last_member_count = cfg.last_member_count;
		/* The data path reads these two with READ_ONCE(). */
		WRITE_ONCE(inst->cfg.unregistered, cfg.unregistered);
		WRITE_ONCE(inst->cfg.fast_path, cfg.fast_path);
	}
	spin_unlock_bh(&inst->lock);
out_unlock:
	rtnl_unlock();
	return ret;
}

static int igmpsnoop_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IGMPSNOOP_A_PORT_FAST_LEAVE + 1];
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	struct nlattr *nest;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, IGMPSNOOP_A_INST_IFINDEX) ||
	    GENL_REQ_ATTR_CHECK(info, IGMPSNOOP_A_INST_PORT))
		return -EINVAL;
	nest = info->attrs[IGMPSNOOP_A_INST_PORT];
	ret = nla_parse_nested(tb, IGMPSNOOP_A_PORT_FAST_LEAVE, nest,
			       port_set_nest_policy, info->extack);
	if (ret < 0)
		return ret;
	if (!tb[IGMPSNOOP_A_PORT_IFINDEX]) {
		NL_SET_ERR_ATTR_MISS(info->extack, nest, IGMPSNOOP_A_PORT_IFINDEX);
		NL_SET_ERR_MSG_MOD(info->extack, "Missing port");
		return -EINVAL;
	}

	rtnl_lock();
	inst = get_instance(info);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	ret = -ENODEV;
	rtnl_list_for_each(port, &inst->ports, list) {
		if (port->dev->ifindex != nla_get_u32(tb[IGMPSNOOP_A_PORT_IFINDEX]))
			continue;
		spin_lock_bh(&inst->lock);
		if (tb[IGMPSNOOP_A_PORT_ROUTER])	/* read by the data path */
			WRITE_ONCE(port->router_mode,
				   nla_get_u32(tb[IGMPSNOOP_A_PORT_ROUTER]));
		if (tb[IGMPSNOOP_A_PORT_FAST_LEAVE])
			port->fast_leave = nla_get_u8(tb[IGMPSNOOP_A_PORT_FAST_LEAVE]);
		spin_unlock_bh(&inst->lock);
		ret = 0;
		break;
	}
	if (ret)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[IGMPSNOOP_A_PORT_IFINDEX],
				    "Not a port of this instance");
out_unlock:
	rtnl_unlock();
	return ret;
}

/* Group dumps resume at (instance, group) counts. */
#define GROUP_DUMP_CTX(cb) ((struct group_dump_ctx *)(cb)->args)
struct group_dump_ctx {
	long inst_skip;		/* instances finished */
	long group_skip;	/* groups of the current instance dumped */
	int ifindex;		/* filter, or 0 */
};

static int put_member(struct sk_buff *skb, const struct igmpsnoop_member *m)
{
	struct nlattr *nest;
	unsigned long expires = READ_ONCE(m->timer.expires);

	nest = nla_nest_start(skb, IGMPSNOOP_A_GROUP_MEMBER);
	if (!nest)
		return -EMSGSIZE;
	/* Every member is learned until configured ones come (group add). */
	if (nla_put_u32(skb, IGMPSNOOP_A_MEMBER_PORT_IFINDEX, m->port->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_MEMBER_PORT_IFNAME, m->port->dev->name) ||
	    nla_put_u32(skb, IGMPSNOOP_A_MEMBER_TIMER, ms_left(expires)) ||
	    nla_put_u32(skb, IGMPSNOOP_A_MEMBER_STATE, IGMPSNOOP_MEMBER_TEMP)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Called under RCU. */
static int fill_group(struct sk_buff *skb, struct netlink_callback *cb,
		      const struct igmpsnoop_group *group)
{
	const struct igmpsnoop_instance *inst = group->inst;
	const struct igmpsnoop_member *m;
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &igmpsnoop_genl_family, NLM_F_MULTI,
			  IGMPSNOOP_CMD_GROUP_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, IGMPSNOOP_A_GROUP_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_GROUP_IFNAME, inst->dev->name) ||
	    nla_put_in_addr(skb, IGMPSNOOP_A_GROUP_ADDR, group->key.addr))
		goto err_cancel;
	hlist_for_each_entry_rcu(m, &group->members, node)
		if (put_member(skb, m))
			goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int igmpsnoop_nl_group_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = igmpsnoop_dump_attrs(cb);
	struct group_dump_ctx *ctx = GROUP_DUMP_CTX(cb);

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->args));
	memset(ctx, 0, sizeof(*ctx));
	if (attrs && attrs[IGMPSNOOP_A_GROUP_IFINDEX])
		ctx->ifindex = nla_get_u32(attrs[IGMPSNOOP_A_GROUP_IFINDEX]);
	return 0;
}

static int igmpsnoop_nl_group_get_dumpit(struct sk_buff *skb,
					 struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct group_dump_ctx *ctx = GROUP_DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_group *group;
	long iidx = 0, gidx;
	u32 seq;
	int ret = 0;

	rtnl_lock();
	rcu_read_lock();
	/* Any instance or group coming or going marks the dump interrupted. */
	seq = in->gen;
	list_for_each_entry_rcu(inst, &in->instances, list)
		seq += READ_ONCE(inst->table_gen);
	cb->seq = seq;

	list_for_each_entry_rcu(inst, &in->instances, list) {
		if (ctx->ifindex && inst->dev->ifindex != ctx->ifindex)
			continue;
		if (iidx++ < ctx->inst_skip)
			continue;
		gidx = 0;
		hlist_for_each_entry_rcu(group, &inst->group_list, list) {
			if (gidx++ < ctx->group_skip)
				continue;
			ret = fill_group(skb, cb, group);
			if (ret < 0)
				goto out;
			ctx->group_skip++;
		}
		ctx->inst_skip++;
		ctx->group_skip = 0;
	}
out:
	rcu_read_unlock();
	rtnl_unlock();
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
	{
		.cmd = IGMPSNOOP_CMD_INSTANCE_SET,
		.doit = igmpsnoop_nl_set_doit,
		.policy = inst_set_policy,
		.maxattr = IGMPSNOOP_A_INST_FAST_PATH,
		.flags = GENL_UNS_ADMIN_PERM,	/* CAP_NET_ADMIN in the netns */
	},
	{
		.cmd = IGMPSNOOP_CMD_PORT_SET,
		.doit = igmpsnoop_nl_port_set_doit,
		.policy = port_set_policy,
		.maxattr = IGMPSNOOP_A_INST_PORT,
		.flags = GENL_UNS_ADMIN_PERM,	/* CAP_NET_ADMIN in the netns */
	},
	{
		.cmd = IGMPSNOOP_CMD_GROUP_GET,
		.start = igmpsnoop_nl_group_get_start,
		.dumpit = igmpsnoop_nl_group_get_dumpit,
		.policy = group_get_policy,
		.maxattr = IGMPSNOOP_A_GROUP_IFINDEX,
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
