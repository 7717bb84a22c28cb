// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop netlink: the VLANs of an instance. What INSTANCE_GET and
 * VLAN_GET show of each VLAN's querier and settings, and INSTANCE_SET with
 * IGMPSNOOP_A_INST_VID; the timing settings an instance and a VLAN share.
 */

#include <linux/if_vlan.h>
#include <net/sock.h>

#include "igmpsnoop_netlink.h"

/* What INSTANCE_GET shows of a querier, read under inst->lock. */
void igmpsnoop_nl_querier_state(struct igmpsnoop_querier *qr,
				struct igmpsnoop_nl_querier_state *st)
{
	lockdep_assert_held(&qr->inst->lock);
	st->vid = qr->vid;
	st->present = qr->present;
	st->self = qr->self;
	st->flooding = igmpsnoop_flooding(qr->inst, qr->vid);
	st->addr = qr->addr;
	st->ifindex = qr->ifindex;
	st->version = qr->version;
	st->timer = igmpsnoop_nl_ms_left(qr->self ? qr->query_timer.expires :
			    qr->querier_timer.expires);
	st->since = jiffies_to_msecs(jiffies - qr->since);
}

/*
 * The timing settings, by enum igmpsnoop_timing_setting: the attribute
 * that sets one, and its place in struct igmpsnoop_timing (u32 each).
 */
static const struct {
	u16 attr;
	u16 offset;
} timing_settings[IGMPSNOOP_TIMING_MAX + 1] = {
#define TIMING(bit, field) \
	[IGMPSNOOP_TIMING_##bit] = \
		{ IGMPSNOOP_A_INST_##bit, offsetof(struct igmpsnoop_timing, field) }
	TIMING(ROBUSTNESS, robustness),
	TIMING(QUERY_INTERVAL, query_interval),
	TIMING(QUERY_RESPONSE_INTERVAL, query_response_interval),
	TIMING(LAST_MEMBER_INTERVAL, last_member_interval),
	TIMING(LAST_MEMBER_COUNT, last_member_count),
	TIMING(IGMP_VERSION, version),
	TIMING(MEMBERSHIP_INTERVAL, membership_interval),
	TIMING(OTHER_QUERIER_INTERVAL, other_querier_interval),
	TIMING(STARTUP_QUERY_INTERVAL, startup_query_interval),
	TIMING(STARTUP_QUERY_COUNT, startup_query_count),
	TIMING(LAST_MEMBER_TIME, last_member_time),
#undef TIMING
};

static_assert(sizeof(struct igmpsnoop_timing) ==
	      sizeof(u32) * (IGMPSNOOP_TIMING_MAX + 1));
/* igmpsnoop_nl_put_vlans() puts them in the same order. */
static_assert(IGMPSNOOP_A_VLAN_LAST_MEMBER_TIME - IGMPSNOOP_A_VLAN_ROBUSTNESS ==
	      IGMPSNOOP_TIMING_LAST_MEMBER_TIME);

static u32 *timing_field(struct igmpsnoop_timing *t, int i)
{
	return (u32 *)((u8 *)t + timing_settings[i].offset);
}

/*
 * The timing settings in force in @qr's VLAN, by enum
 * igmpsnoop_timing_setting (derived ones derived), and the mask of those
 * the VLAN has of its own. Under inst->lock.
 */
static u32 timing_in_force(struct igmpsnoop_querier *qr,
			   u32 v[IGMPSNOOP_TIMING_MAX + 1])
{
	struct igmpsnoop_instance *inst = qr->inst;
	u32 own = 0;
	int i;

	lockdep_assert_held(&inst->lock);
	for (i = 0; i <= IGMPSNOOP_TIMING_MAX; i++) {
		u32 mine = *timing_field(&qr->timing, i);

		v[i] = mine ?: *timing_field(&inst->cfg.timing, i);
		if (mine)
			own |= BIT(i);
	}
	v[IGMPSNOOP_TIMING_MEMBERSHIP_INTERVAL] =
		jiffies_to_msecs(igmpsnoop_gmi(inst, qr->vid));
	v[IGMPSNOOP_TIMING_OTHER_QUERIER_INTERVAL] =
		jiffies_to_msecs(igmpsnoop_oqpi(inst, qr->vid));
	v[IGMPSNOOP_TIMING_STARTUP_QUERY_INTERVAL] =
		jiffies_to_msecs(igmpsnoop_sqi(qr));
	v[IGMPSNOOP_TIMING_STARTUP_QUERY_COUNT] = igmpsnoop_sqc(qr);
	v[IGMPSNOOP_TIMING_LAST_MEMBER_TIME] =
		jiffies_to_msecs(igmpsnoop_lmqt(inst, qr->vid));
	return own;
}

/* One VLAN's nest: its querier, settings and groups. Under RTNL. */
static int put_vlan(struct sk_buff *skb, struct igmpsnoop_querier *qr)
{
	struct igmpsnoop_instance *inst = qr->inst;
	struct igmpsnoop_nl_querier_state st;
	struct nlattr *nest;
	u32 timing[IGMPSNOOP_TIMING_MAX + 1];
	u32 unregistered, max_groups, n_groups, own;
	__be32 source;
	u8 enabled;
	int i;

	ASSERT_RTNL();	/* keeps the querier */
	spin_lock_bh(&inst->lock);
	igmpsnoop_nl_querier_state(qr, &st);
	enabled = qr->enabled;
	source = qr->source;
	unregistered = qr->unregistered;
	max_groups = qr->max_groups;
	n_groups = qr->n_groups;
	own = timing_in_force(qr, timing);
	spin_unlock_bh(&inst->lock);
	nest = nla_nest_start(skb, IGMPSNOOP_A_INST_VLAN);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i <= IGMPSNOOP_TIMING_MAX; i++)
		if (nla_put_u32(skb, IGMPSNOOP_A_VLAN_ROBUSTNESS + i, timing[i]))
			goto cancel;
	if (nla_put_u16(skb, IGMPSNOOP_A_VLAN_ID, st.vid) ||
	    nla_put_u8(skb, IGMPSNOOP_A_VLAN_FLOODING, st.flooding) ||
	    nla_put_u8(skb, IGMPSNOOP_A_VLAN_QUERIER, enabled) ||
	    nla_put_in_addr(skb, IGMPSNOOP_A_VLAN_QUERIER_SOURCE, source) ||
	    nla_put_u32(skb, IGMPSNOOP_A_VLAN_UNREGISTERED, unregistered) ||
	    nla_put_u32(skb, IGMPSNOOP_A_VLAN_MAX_GROUPS, max_groups) ||
	    nla_put_u32(skb, IGMPSNOOP_A_VLAN_GROUPS, n_groups) ||
	    nla_put_u32(skb, IGMPSNOOP_A_VLAN_OWN, own) ||
	    (st.present &&
	     (nla_put_in_addr(skb, IGMPSNOOP_A_VLAN_QUERIER_ADDR, st.addr) ||
	      (!st.self &&
	       nla_put_u32(skb, IGMPSNOOP_A_VLAN_QUERIER_PORT, st.ifindex)) ||
	      nla_put_u8(skb, IGMPSNOOP_A_VLAN_QUERIER_SELF, st.self) ||
	      nla_put_u32(skb, IGMPSNOOP_A_VLAN_QUERIER_TIMER, st.timer) ||
	      nla_put_u32(skb, IGMPSNOOP_A_VLAN_QUERIER_SINCE, st.since) ||
	      nla_put_u8(skb, IGMPSNOOP_A_VLAN_QUERIER_VERSION, st.version))))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * The querier of each VLAN in an INSTANCE_GET message: up to
 * IGMPSNOOP_VLANS_SHOWN of them, as many as fit (IGMPSNOOP_A_INST_VLANS
 * says how many there are; VLAN_GET dumps them all). Under RTNL.
 */
void igmpsnoop_nl_put_vlans(struct sk_buff *skb, struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_querier *qr;
	unsigned long vid;
	int n = 0;

	ASSERT_RTNL();
	xa_for_each(&inst->vlans, vid, qr)
		if (n++ == IGMPSNOOP_VLANS_SHOWN || put_vlan(skb, qr))
			break;
}

/* A VLAN_GET message: the instance's names and one VLAN's nest. */
static int put_vlan_msg(struct sk_buff *skb, struct igmpsnoop_querier *qr,
			u32 portid, u32 seq, int flags, struct netlink_callback *cb)
{
	struct igmpsnoop_instance *inst = qr->inst;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &igmpsnoop_genl_family, flags,
			  IGMPSNOOP_CMD_VLAN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (igmpsnoop_nl_put_inst_names(skb, inst) || put_vlan(skb, qr)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* VLAN_GET: the instance a request names, and its VLAN IGMPSNOOP_A_INST_VID. */
int igmpsnoop_nl_vlan_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *vid_attr = info->attrs[IGMPSNOOP_A_INST_VID];
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_querier *qr;
	struct sk_buff *msg;
	int ret;

	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_INST_IFINDEX,
				      IGMPSNOOP_A_INST_NAME) ||
	    igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_INST_VID))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_INST_IFINDEX,
					 IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto err_unlock;
	}
	qr = igmpsnoop_querier_of(inst, nla_get_u16(vid_attr));
	if (!qr) {
		IGMPSNOOP_NL_ERR_KIND(info->extack, vid_attr, inst,
				      "The bridge snoops no such VLAN (vlan_filtering 1, bridge vlan add)",
				      "No port is in this VLAN (port set PORT access-vlan|trunk)");
		ret = -ENOENT;
		goto err_unlock;
	}
	ret = put_vlan_msg(msg, qr, info->snd_portid, info->snd_seq, 0, NULL);
	if (ret < 0)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return ret;
}

/*
 * VLAN_GET dump: a message per VLAN of each instance (of the filter's),
 * resumed at the next VLAN ID, so that a VLAN that stays is dumped once
 * whatever else comes and goes.
 */
int igmpsnoop_nl_vlan_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct igmpsnoop_nl_dump_ctx *ctx = IGMPSNOOP_NL_DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_querier *qr;
	unsigned long vid;
	long iidx = 0;
	int ret = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(inst, &in->instances, list) {
		if (igmpsnoop_nl_dump_filter_skip(&ctx->filter, inst))
			continue;
		if (iidx++ < ctx->inst_skip)
			continue;
		vid = ctx->vid_next;
		xa_for_each_start(&inst->vlans, vid, qr, vid) {
			ret = put_vlan_msg(skb, qr, NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
			if (ret < 0)
				goto out;
			ctx->vid_next = vid + 1;
		}
		ctx->inst_skip++;
		ctx->vid_next = 0;
	}
out:
	rtnl_unlock();
	return igmpsnoop_nl_dump_done(skb, ret);
}

/* Is @addr a querier source address: unicast, or 0.0.0.0 (automatic)? */
bool igmpsnoop_nl_querier_source_ok(__be32 addr)
{
	return !addr || !(ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
			  ipv4_is_zeronet(addr) || ipv4_is_loopback(addr));
}

/* The query interval or its response interval a request gives is bad. */
void igmpsnoop_nl_timing_bad_attr(struct genl_info *info)
{
	int i;

	for (i = IGMPSNOOP_TIMING_QUERY_INTERVAL;
	     i <= IGMPSNOOP_TIMING_QUERY_RESPONSE_INTERVAL; i++)
		if (info->attrs[timing_settings[i].attr])
			NL_SET_BAD_ATTR(info->extack, info->attrs[timing_settings[i].attr]);
}

/*
 * The timing settings a request gives, applied to @t: those its
 * IGMPSNOOP_A_INST_INHERIT drops, then those it sets (0, for a derived
 * one: the instance's, or derived, for the instance).
 */
void igmpsnoop_nl_timing_apply(struct nlattr **a, struct igmpsnoop_timing *t)
{
	u32 inherit = 0;
	int i;

	if (a[IGMPSNOOP_A_INST_INHERIT])
		inherit = nla_get_u32(a[IGMPSNOOP_A_INST_INHERIT]);
	for (i = 0; i <= IGMPSNOOP_TIMING_MAX; i++) {
		if (inherit & BIT(i))
			*timing_field(t, i) = 0;
		if (a[timing_settings[i].attr])
			*timing_field(t, i) = nla_get_u32(a[timing_settings[i].attr]);
	}
}

/* Is the QRI in force in a VLAN with @own settings below its QI? */
static bool timing_ok(const struct igmpsnoop_timing *inst,
		      const struct igmpsnoop_timing *own)
{
	return (own->query_response_interval ?: inst->query_response_interval) <
	       (own->query_interval ?: inst->query_interval);
}

/*
 * INSTANCE_SET with IGMPSNOOP_A_INST_VID: the settings of one VLAN of a
 * VLAN-filtering bridge (its querier, the querier's address, the
 * unregistered policy, its max-groups, its timing and version), and
 * nothing else. Called under RTNL, which keeps the VLAN's querier.
 */
int igmpsnoop_nl_vlan_set(struct igmpsnoop_instance *inst, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct igmpsnoop_timing timing;
	struct igmpsnoop_querier *qr;
	u32 unregistered = 0, max_groups = 0;
	__be32 source = 0;
	u8 enabled = 0;
	int ret = 0;

	ASSERT_RTNL();
	if (a[IGMPSNOOP_A_INST_FAST_PATH]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_FAST_PATH],
				    "fast-path is the instance's alone: leave out the vlan");
		return -EOPNOTSUPP;
	}
	qr = igmpsnoop_querier_of(inst, nla_get_u16(a[IGMPSNOOP_A_INST_VID]));
	if (!inst->vlan_filtering) {
		IGMPSNOOP_NL_ERR_KIND(info->extack, a[IGMPSNOOP_A_INST_VID], inst,
				      "The switch does not filter VLANs (vlan_filtering 1)",
				      "The instance's ports have no VLANs (port set PORT access-vlan|trunk)");
		return -EOPNOTSUPP;
	}
	if (!qr) {
		IGMPSNOOP_NL_ERR_KIND(info->extack, a[IGMPSNOOP_A_INST_VID], inst,
				      "The bridge has no such VLAN (bridge vlan add)",
				      "No port is in this VLAN (port set PORT access-vlan|trunk)");
		return -ENOENT;
	}
	if (a[IGMPSNOOP_A_INST_QUERIER_SOURCE]) {
		source = nla_get_in_addr(a[IGMPSNOOP_A_INST_QUERIER_SOURCE]);
		if (!igmpsnoop_nl_querier_source_ok(source)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_QUERIER_SOURCE],
					    "The querier source must be a unicast address, or 0.0.0.0 for automatic");
			return -EINVAL;
		}
	}
	if (a[IGMPSNOOP_A_INST_QUERIER])
		enabled = nla_get_u8(a[IGMPSNOOP_A_INST_QUERIER]);
	if (a[IGMPSNOOP_A_INST_UNREGISTERED])
		unregistered = nla_get_u32(a[IGMPSNOOP_A_INST_UNREGISTERED]);
	if (a[IGMPSNOOP_A_INST_MAX_GROUPS])
		max_groups = nla_get_u32(a[IGMPSNOOP_A_INST_MAX_GROUPS]);
	spin_lock_bh(&inst->lock);
	timing = qr->timing;
	igmpsnoop_nl_timing_apply(a, &timing);
	if (!timing_ok(&inst->cfg.timing, &timing)) {
		igmpsnoop_nl_timing_bad_attr(info);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The VLAN's query response interval must be shorter than its query interval");
		ret = -EINVAL;
	} else {
		igmpsnoop_querier_vlan_set(qr, a[IGMPSNOOP_A_INST_QUERIER] ? &enabled : NULL,
					   a[IGMPSNOOP_A_INST_QUERIER_SOURCE] ? &source : NULL,
					   a[IGMPSNOOP_A_INST_UNREGISTERED] ?
					   &unregistered : NULL,
					   a[IGMPSNOOP_A_INST_MAX_GROUPS] ? &max_groups : NULL,
					   &timing);
	}
	spin_unlock_bh(&inst->lock);
	return ret;
}

/* Would every VLAN keep its QRI below its QI under the instance's @t? */
bool igmpsnoop_nl_vlans_timing_ok(struct igmpsnoop_instance *inst,
				  const struct igmpsnoop_timing *t)
{
	struct igmpsnoop_querier *qr;
	unsigned long vid;

	lockdep_assert_held(&inst->lock);
	xa_for_each(&inst->vlans, vid, qr)
		if (!timing_ok(t, &qr->timing))
			return false;
	return true;
}
