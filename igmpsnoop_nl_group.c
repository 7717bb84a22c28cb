// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop netlink: the group table. GROUP_GET (and its dump, of every
 * group or of one, which resumes inside a group's members), GROUP_ADD,
 * _DEL and _FLUSH; the group message that notifications send too.
 */

#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <net/sock.h>

#include "igmpsnoop_netlink.h"

/* The source records of @m, if it has any. Under RCU or inst->lock. */
static int put_sources(struct sk_buff *skb, const struct igmpsnoop_member *m)
{
	const struct igmpsnoop_sources *srcs;
	struct nlattr *nest;
	unsigned int i;

	srcs = igmpsnoop_member_sources_rcu(m);
	if (nla_put_u32(skb, IGMPSNOOP_A_MEMBER_FILTER_MODE,
			srcs && srcs->include ? IGMPSNOOP_FILTER_INCLUDE :
						IGMPSNOOP_FILTER_EXCLUDE))
		return -EMSGSIZE;
	for (i = 0; srcs && i < srcs->n; i++) {
		const struct igmpsnoop_source *s = &srcs->src[i];

		nest = nla_nest_start(skb, IGMPSNOOP_A_MEMBER_SOURCE);
		if (!nest ||
		    nla_put_in_addr(skb, IGMPSNOOP_A_SOURCE_ADDR, s->addr) ||
		    nla_put_u32(skb, IGMPSNOOP_A_SOURCE_TIMER,
				s->forward ? igmpsnoop_nl_ms_left(READ_ONCE(s->expires)) : 0) ||
		    nla_put_u8(skb, IGMPSNOOP_A_SOURCE_FORWARD, s->forward))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

/*
 * A nest @type of the data counters @st (enum igmpsnoop_group_stats_attrs):
 * received and let out (a group's), or let out alone (@rx false: a
 * member's).
 */
static int put_stats(struct sk_buff *skb, int type,
		     const struct igmpsnoop_group_stats *st, bool rx)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    (rx &&
	     (nla_put_u64_64bit(skb, IGMPSNOOP_A_GROUP_STATS_RX_PACKETS,
				st->rx_packets, IGMPSNOOP_A_GROUP_STATS_PAD) ||
	      nla_put_u64_64bit(skb, IGMPSNOOP_A_GROUP_STATS_RX_BYTES,
				st->rx_bytes, IGMPSNOOP_A_GROUP_STATS_PAD))) ||
	    nla_put_u64_64bit(skb, IGMPSNOOP_A_GROUP_STATS_TX_PACKETS,
			      st->tx_packets, IGMPSNOOP_A_GROUP_STATS_PAD) ||
	    nla_put_u64_64bit(skb, IGMPSNOOP_A_GROUP_STATS_TX_BYTES,
			      st->tx_bytes, IGMPSNOOP_A_GROUP_STATS_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The data counters of @group, if it has them yet. Under RCU or inst->lock. */
static int put_group_stats(struct sk_buff *skb,
			   const struct igmpsnoop_group *group)
{
	struct igmpsnoop_group_stats st;

	if (!igmpsnoop_group_stats_read(group, &st))
		return 0;	/* none yet */
	return put_stats(skb, IGMPSNOOP_A_GROUP_STATS, &st, true);
}

/* The data counters of @m, if it has them yet. Under RCU or inst->lock. */
static int put_member_stats(struct sk_buff *skb,
			    const struct igmpsnoop_member *m)
{
	struct igmpsnoop_group_stats st;

	if (!igmpsnoop_member_stats_read(m, &st))
		return 0;
	return put_stats(skb, IGMPSNOOP_A_MEMBER_STATS, &st, false);
}

/* A member nest; its counters if @stats, its sources if @sources. */
static int put_member(struct sk_buff *skb, const struct igmpsnoop_member *m,
		      bool stats, bool sources)
{
	unsigned long expires = igmpsnoop_source_member_expires(m);
	bool permanent = READ_ONCE(m->permanent);
	u8 host_version = igmpsnoop_member_host_version(m);
	struct nlattr *nest;

	nest = nla_nest_start(skb, IGMPSNOOP_A_GROUP_MEMBER);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, IGMPSNOOP_A_MEMBER_PORT_IFINDEX, m->port->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_MEMBER_PORT_IFNAME, m->port->dev->name) ||
	    nla_put_u32(skb, IGMPSNOOP_A_MEMBER_TIMER,
			permanent ? 0 : igmpsnoop_nl_ms_left(expires)) ||
	    nla_put_u32(skb, IGMPSNOOP_A_MEMBER_STATE,
			permanent ? IGMPSNOOP_MEMBER_PERMANENT :
				    IGMPSNOOP_MEMBER_TEMP) ||
	    (host_version &&
	     nla_put_u8(skb, IGMPSNOOP_A_MEMBER_HOST_VERSION, host_version)) ||
	    (stats && put_member_stats(skb, m)) ||
	    (sources && put_sources(skb, m))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The size of a group message with all its members, and their sources if
 * @sources. Called under RCU.
 */
size_t igmpsnoop_nl_group_msg_size(const struct igmpsnoop_group *group, bool sources)
{
	const struct igmpsnoop_sources *srcs;
	const struct igmpsnoop_member *m;
	size_t size = nla_total_size(4) + 2 * nla_total_size(IFNAMSIZ) +
		      nla_total_size(4) + nla_total_size(4) + nla_total_size(2);

	hlist_for_each_entry_rcu(m, &group->members, node) {
		size += nla_total_size(0) + nla_total_size(4) +
			nla_total_size(IFNAMSIZ) + 2 * nla_total_size(4) +
			nla_total_size(1) + nla_total_size(4) +
			nla_total_size(0) + 2 * nla_total_size_64bit(8);
		srcs = igmpsnoop_member_sources_rcu(m);
		if (sources && srcs)
			size += srcs->n * (nla_total_size(0) + 2 * nla_total_size(4) +
					   nla_total_size(1));
	}
	return genlmsg_total_size(size);
}

/*
 * A group message with its members, their counters unless it is a
 * notification (@event), and their sources if @sources. With
 * @from (dumps), only the members at port index *@from and above, as many
 * as fit: if some did not, *@from is the index of the first of those and
 * -EMSGSIZE is returned with the message kept (skb->len grew). Called
 * under RCU.
 */
int igmpsnoop_nl_put_group_msg(struct sk_buff *skb,
			       const struct igmpsnoop_group *group, u32 portid,
			       u32 seq, int flags, u8 cmd,
			       enum igmpsnoop_event event,
			       struct netlink_callback *cb, bool sources,
			       unsigned int *from)
{
	const struct igmpsnoop_instance *inst = group->inst;
	const struct igmpsnoop_member *m;
	unsigned int put = 0;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &igmpsnoop_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, IGMPSNOOP_A_GROUP_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_GROUP_IFNAME, inst->dev->name) ||
	    nla_put_string(skb, IGMPSNOOP_A_GROUP_INSTANCE, inst->name) ||
	    nla_put_in_addr(skb, IGMPSNOOP_A_GROUP_ADDR, group->key.addr) ||
	    nla_put_u16(skb, IGMPSNOOP_A_GROUP_VID, group->key.vid) ||
	    (event && nla_put_u32(skb, IGMPSNOOP_A_GROUP_EVENT, event)) ||
	    put_group_stats(skb, group))
		goto err_cancel;
	hlist_for_each_entry_rcu(m, &group->members, node) {
		if (from && m->port->index < *from)
			continue;
		/* Notifications carry no member counters: a dump has them. */
		if (put_member(skb, m, !event, sources)) {
			if (!from || !put)
				goto err_cancel;
			*from = m->port->index;
			genlmsg_end(skb, hdr);
			return -EMSGSIZE;
		}
		put++;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Group dumps resume after the last group dumped, found again by key; or
 * inside a group too big for one message, at the next member's port index
 * (members are in port index order).
 */
#define GROUP_DUMP_CTX(cb) ((struct group_dump_ctx *)(cb)->args)
struct group_dump_ctx {
	u32 inst_skip;		/* instances finished */
	u32 group_skip;		/* groups of the current instance dumped */
	__be32 last_addr;	/* the last group dumped, if group_skip */
	u16 last_vid;
	/* Not 0: last_addr's group is being dumped, from port index - 1. */
	u16 member_from;
	/* The dump of one group (IGMPSNOOP_A_GROUP_ADDR given), and its VLAN. */
	bool only;
	__be32 only_addr;
	u16 only_vid;
	struct igmpsnoop_nl_dump_filter filter;
};

int igmpsnoop_nl_group_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = igmpsnoop_dump_attrs(cb);
	struct group_dump_ctx *ctx = GROUP_DUMP_CTX(cb);

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->args));
	memset(ctx, 0, sizeof(*ctx));
	if (!attrs)
		return 0;
	if (attrs[IGMPSNOOP_A_GROUP_ADDR]) {
		ctx->only = true;
		ctx->only_addr = nla_get_in_addr(attrs[IGMPSNOOP_A_GROUP_ADDR]);
		if (attrs[IGMPSNOOP_A_GROUP_VID])
			ctx->only_vid = nla_get_u16(attrs[IGMPSNOOP_A_GROUP_VID]);
	} else if (attrs[IGMPSNOOP_A_GROUP_VID]) {
		NL_SET_ERR_MSG_ATTR(cb->extack, attrs[IGMPSNOOP_A_GROUP_VID],
				    "A VLAN filters the dump of one group: give its address too");
		return -EINVAL;
	}
	return igmpsnoop_nl_dump_filter_init(cb, &ctx->filter, attrs[IGMPSNOOP_A_GROUP_IFINDEX],
				attrs[IGMPSNOOP_A_GROUP_INSTANCE]);
}

/*
 * Where the dump of @inst's groups resumes: inside the group being dumped,
 * or after the last group dumped, if it is still in the table (O(1)); else
 * after as many groups as were dumped. The group list only grows at its
 * head, and any change to the table changes cb->seq, so an inexact resume
 * is flagged NLM_F_DUMP_INTR.
 * Called under RCU.
 */
static struct igmpsnoop_group *group_dump_resume(struct igmpsnoop_instance *inst,
						 struct group_dump_ctx *ctx)
{
	struct igmpsnoop_group *group;
	long idx = 0;

	if (ctx->only)		/* the one group, unless it was dumped */
		return ctx->group_skip ? NULL :
		       igmpsnoop_group_lookup(inst, ctx->only_addr, ctx->only_vid);
	if (!ctx->group_skip && !ctx->member_from)
		return hlist_entry_safe(rcu_dereference(hlist_first_rcu(&inst->group_list)),
					struct igmpsnoop_group, list);
	group = igmpsnoop_group_lookup(inst, ctx->last_addr, ctx->last_vid);
	if (group && ctx->member_from)
		return group;
	ctx->member_from = 0;
	if (group)
		return hlist_entry_safe(rcu_dereference(hlist_next_rcu(&group->list)),
					struct igmpsnoop_group, list);
	hlist_for_each_entry_rcu(group, &inst->group_list, list)
		if (idx++ == ctx->group_skip)
			return group;
	return NULL;
}

int igmpsnoop_nl_group_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct group_dump_ctx *ctx = GROUP_DUMP_CTX(cb);
	u32 portid = NETLINK_CB(cb->skb).portid;
	u32 nlseq = cb->nlh->nlmsg_seq;
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_group *group;
	unsigned int from, len;
	u32 iidx = 0, seq;
	int ret = 0;

	rtnl_lock();
	rcu_read_lock();
	/* Any instance or group coming or going marks the dump interrupted. */
	seq = in->gen;
	list_for_each_entry_rcu(inst, &in->instances, list)
		seq += READ_ONCE(inst->table_gen);
	cb->seq = seq;

	list_for_each_entry_rcu(inst, &in->instances, list) {
		if (igmpsnoop_nl_dump_filter_skip(&ctx->filter, inst))
			continue;
		if (iidx++ < ctx->inst_skip)
			continue;
		for (group = group_dump_resume(inst, ctx); group;
		     group = ctx->only ? NULL :
			     hlist_entry_safe(rcu_dereference(hlist_next_rcu(&group->list)),
					      struct igmpsnoop_group, list)) {
			/*
			 * A group goes in as many messages as it needs, a
			 * message each call. A member with all its 64
			 * sources takes about 2 KiB, less than a dump
			 * message; one that did not fit alone would go
			 * without its sources.
			 */
			from = ctx->member_from ? ctx->member_from - 1 : 0;
			len = skb->len;
			ret = igmpsnoop_nl_put_group_msg(skb, group, portid,
							 nlseq, NLM_F_MULTI,
							 IGMPSNOOP_CMD_GROUP_GET,
							 0, cb, true, &from);
			if (ret < 0 && !len && !skb->len)
				ret = igmpsnoop_nl_put_group_msg(skb, group,
								 portid, nlseq,
								 NLM_F_MULTI,
								 IGMPSNOOP_CMD_GROUP_GET,
								 0, cb, false,
								 &from);
			if (ret < 0) {
				if (skb->len > len) {	/* a part of it */
					ctx->member_from = from + 1;
					ctx->last_addr = group->key.addr;
					ctx->last_vid = group->key.vid;
				}
				goto out;
			}
			ctx->member_from = 0;
			ctx->group_skip++;
			ctx->last_addr = group->key.addr;
			ctx->last_vid = group->key.vid;
		}
		ctx->inst_skip++;
		ctx->group_skip = 0;
	}
out:
	rcu_read_unlock();
	rtnl_unlock();
	return igmpsnoop_nl_dump_done(skb, ret);
}

/*
 * The largest GROUP_GET reply: a group of about 1000 members without
 * sources, or 35 with 64 sources each. A bigger one is dumped, in as many
 * messages as it needs.
 */
#define IGMPSNOOP_NL_GET_MAX	(64 * 1024)

/* Checks IGMPSNOOP_A_GROUP_ADDR: a multicast group snooping may hold. */
static int get_group_addr(struct genl_info *info, __be32 *addr)
{
	struct nlattr *attr = info->attrs[IGMPSNOOP_A_GROUP_ADDR];

	*addr = nla_get_in_addr(attr);
	if (!ipv4_is_multicast(*addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "Not a multicast address");
		return -EINVAL;
	}
	if (ipv4_is_local_multicast(*addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "224.0.0.0/24 is always flooded, never snooped");
		return -EINVAL;
	}
	return 0;
}

int igmpsnoop_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_group *group;
	struct sk_buff *msg;
	size_t size;
	__be32 addr;
	int ret;
	u16 vid;

	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_GROUP_IFINDEX,
				      IGMPSNOOP_A_GROUP_INSTANCE) ||
	    igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_GROUP_ADDR))
		return -EINVAL;
	vid = info->attrs[IGMPSNOOP_A_GROUP_VID] ?
	      nla_get_u16(info->attrs[IGMPSNOOP_A_GROUP_VID]) : 0;
	ret = get_group_addr(info, &addr);
	if (ret < 0)
		return ret;

	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_GROUP_IFINDEX,
					 IGMPSNOOP_A_GROUP_INSTANCE);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto err_unlock;
	}
	rcu_read_lock();
	group = igmpsnoop_group_lookup(inst, addr, vid);
	if (!group) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IGMPSNOOP_A_GROUP_ADDR],
				    "No port is a member of this group");
		ret = -ENOENT;
		goto err_unlock;
	}
	/* Sources come and go meanwhile: room for one more full member. */
	size = igmpsnoop_nl_group_msg_size(group, true) + 2048;
	if (size > IGMPSNOOP_NL_GET_MAX) {
		rcu_read_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IGMPSNOOP_A_GROUP_ADDR],
				    "The group does not fit in one message: dump it (NLM_F_DUMP with its address)");
		ret = -EMSGSIZE;
		goto err_unlock;
	}
	msg = genlmsg_new(size, GFP_ATOMIC);
	if (!msg) {
		rcu_read_unlock();
		ret = -ENOMEM;
		goto err_unlock;
	}
	ret = igmpsnoop_nl_put_group_msg(msg, group, info->snd_portid,
					 info->snd_seq, 0,
					 IGMPSNOOP_CMD_GROUP_GET, 0, NULL, true,
					 NULL);
	rcu_read_unlock();
	if (ret < 0) {
		nlmsg_free(msg);
		goto err_unlock;
	}
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	return ret;
}

/*
 * Checks IGMPSNOOP_A_GROUP_VID for a membership of @port: a VLAN @port is
 * in on a switch that classifies by VLAN, where none means the VLAN of
 * its untagged frames (a bridge port's PVID, an OVS access port's VLAN or
 * trunk's native VLAN; an OVS trunk's VLAN 0 is given as 0); none, or 0,
 * elsewhere. Called under RTNL.
 */
static int get_group_vid(struct genl_info *info, struct igmpsnoop_port *port,
			 u16 *vid)
{
	struct nlattr *attr = info->attrs[IGMPSNOOP_A_GROUP_VID];
	bool bridge = port->inst->kind == IGMPSNOOP_KIND_BRIDGE;
	bool tagged;

	ASSERT_RTNL();
	*vid = attr ? nla_get_u16(attr) : 0;
	if (!port->inst->vlan_filtering) {
		if (!*vid)
			return 0;
		IGMPSNOOP_NL_ERR_KIND(info->extack, attr, port->inst,
				      "The switch does not filter VLANs: give no vlan (or 0)",
				      "The instance's ports have no VLANs: give no vlan (or 0)");
		return -EINVAL;
	}
	if ((bridge ? !*vid : !attr) && igmpsnoop_vlan_port_pvid(port, vid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IGMPSNOOP_A_GROUP_MEMBER],
				    "The port has no PVID: give the vlan");
		return -EINVAL;
	}
	if (!igmpsnoop_vlan_port_in(port, *vid, &tagged)) {
		IGMPSNOOP_NL_ERR_KIND(info->extack, attr, port->inst,
				      "The port is not in this VLAN (bridge vlan add)",
				      "The port is not in this VLAN (port set PORT access-vlan|trunk)");
		return -EINVAL;
	}
	return 0;
}

/* GROUP_ADD and GROUP_DEL: instance, group and member port. */
static int group_mod(struct genl_info *info, bool add)
{
	struct nlattr *tb[IGMPSNOOP_A_MEMBER_STATE + 1];
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	bool permanent = false;
	__be32 addr;
	int ret;
	u16 vid;

	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_GROUP_IFINDEX,
				      IGMPSNOOP_A_GROUP_INSTANCE) ||
	    igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_GROUP_ADDR) ||
	    igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_GROUP_MEMBER))
		return -EINVAL;
	ret = get_group_addr(info, &addr);
	if (ret < 0)
		return ret;
	ret = igmpsnoop_nl_parse_nest(info, IGMPSNOOP_A_GROUP_MEMBER, tb,
				      IGMPSNOOP_A_MEMBER_STATE,
				      igmpsnoop_nl_member_policy,
				      IGMPSNOOP_A_MEMBER_PORT_IFINDEX);
	if (ret < 0)
		return ret;
	if (tb[IGMPSNOOP_A_MEMBER_STATE])
		permanent = nla_get_u32(tb[IGMPSNOOP_A_MEMBER_STATE]) ==
			    IGMPSNOOP_MEMBER_PERMANENT;

	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_GROUP_IFINDEX,
					 IGMPSNOOP_A_GROUP_INSTANCE);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	port = igmpsnoop_nl_get_port(inst, tb[IGMPSNOOP_A_MEMBER_PORT_IFINDEX], info->extack);
	if (IS_ERR(port)) {
		ret = PTR_ERR(port);
		goto out_unlock;
	}
	ret = get_group_vid(info, port, &vid);
	if (ret < 0)
		goto out_unlock;
	if (add) {
		ret = igmpsnoop_group_add(port, addr, vid, permanent,
					  info->nlhdr->nlmsg_flags & NLM_F_REPLACE,
					  info->extack);
	} else {
		ret = igmpsnoop_group_del(port, addr, vid);
		if (ret)
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[IGMPSNOOP_A_GROUP_ADDR],
					    "The port is not a member of this group");
	}
out_unlock:
	rtnl_unlock();
	return ret;
}

int igmpsnoop_nl_group_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return group_mod(info, true);
}

int igmpsnoop_nl_group_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return group_mod(info, false);
}

int igmpsnoop_nl_group_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return igmpsnoop_nl_instance_do(info, IGMPSNOOP_A_GROUP_IFINDEX, IGMPSNOOP_A_GROUP_INSTANCE,
			   igmpsnoop_group_flush);
}
