// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop netlink: instances. INSTANCE_ATTACH, _DETACH, _GET (and its
 * dump), _SET, and STATS_GET; a VLAN's part is igmpsnoop_nl_vlan.c's.
 */

#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/sizes.h>
#include <net/sock.h>

#include "igmpsnoop_netlink.h"

static int put_stats(struct sk_buff *skb, const struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_stats stats;

	igmpsnoop_instance_stats_read(inst, &stats);
	return igmpsnoop_nl_put_counters(skb, IGMPSNOOP_A_INST_STATS, &stats,
					 false);
}

/* Settings and state of an instance, read under inst->lock. */
struct inst_state {
	struct igmpsnoop_config cfg;
	u32 n_groups;
	u32 gmi;
	u32 oqpi;
	u32 sqi;
	u32 sqc;
	u32 lmqt;
	struct igmpsnoop_nl_querier_state q;
	u32 n_vlans;
};

static int put_state(struct sk_buff *skb, struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_querier *qr;
	struct inst_state st;
	unsigned long vid;

	ASSERT_RTNL();
	st.n_vlans = 0;
	xa_for_each(&inst->vlans, vid, qr)
		st.n_vlans++;
	spin_lock_bh(&inst->lock);
	st.cfg = inst->cfg;
	st.n_groups = inst->n_groups;
	st.gmi = jiffies_to_msecs(igmpsnoop_gmi(inst, 0));
	st.oqpi = jiffies_to_msecs(igmpsnoop_oqpi(inst, 0));
	st.sqi = jiffies_to_msecs(igmpsnoop_sqi(&inst->querier));
	st.sqc = igmpsnoop_sqc(&inst->querier);
	st.lmqt = jiffies_to_msecs(igmpsnoop_lmqt(inst, 0));
	igmpsnoop_nl_querier_state(&inst->querier, &st.q);
	spin_unlock_bh(&inst->lock);

	if (nla_put_u32(skb, IGMPSNOOP_A_INST_UNREGISTERED, st.cfg.unregistered) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_ROBUSTNESS, st.cfg.timing.robustness) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_QUERY_INTERVAL,
			st.cfg.timing.query_interval) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL,
			st.cfg.timing.query_response_interval) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL,
			st.cfg.timing.last_member_interval) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_LAST_MEMBER_COUNT,
			st.cfg.timing.last_member_count) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_FAST_PATH, st.cfg.fast_path) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_MAX_GROUPS, st.cfg.max_groups) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_FLOODING, st.q.flooding) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_GROUPS, st.n_groups) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL, st.gmi) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_OTHER_QUERIER_INTERVAL, st.oqpi) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_STARTUP_QUERY_INTERVAL, st.sqi) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT, st.sqc) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_LAST_MEMBER_TIME, st.lmqt) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_QUERIER, st.cfg.querier) ||
	    nla_put_in_addr(skb, IGMPSNOOP_A_INST_QUERIER_SOURCE,
			    st.cfg.querier_source) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_IGMP_VERSION, st.cfg.timing.version) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_VLANS, st.n_vlans))
		return -EMSGSIZE;
	if (st.q.present &&
	    (nla_put_in_addr(skb, IGMPSNOOP_A_INST_QUERIER_ADDR, st.q.addr) ||
	     (!st.q.self &&
	      nla_put_u32(skb, IGMPSNOOP_A_INST_QUERIER_PORT, st.q.ifindex)) ||
	     nla_put_u8(skb, IGMPSNOOP_A_INST_QUERIER_SELF, st.q.self) ||
	     nla_put_u32(skb, IGMPSNOOP_A_INST_QUERIER_TIMER, st.q.timer) ||
	     nla_put_u32(skb, IGMPSNOOP_A_INST_QUERIER_SINCE, st.q.since) ||
	     nla_put_u8(skb, IGMPSNOOP_A_INST_QUERIER_VERSION, st.q.version)))
		return -EMSGSIZE;
	return 0;
}

/*
 * The size of an INSTANCE_GET reply: room for the state, 64 VLANs and some
 * 300 ports, as in a dump's message. A larger instance's ports: PORT_GET.
 */
#define IGMPSNOOP_INST_MSG_SIZE	SZ_32K

/* One reply message about an instance; RTNL held. */
typedef int (*fill_inst_t)(struct sk_buff *skb, struct igmpsnoop_instance *inst);

/*
 * An instance: its settings, state and counters, then the queriers of its
 * VLANs and its ports, as many of each as fit. IGMPSNOOP_A_INST_PORTS and
 * _VLANS say how many there are; PORT_GET dumps every port.
 */
static int fill_instance(struct sk_buff *skb, struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_port *port;
	u32 n_ports = 0;

	ASSERT_RTNL();
	rtnl_list_for_each(port, &inst->ports, list)
		n_ports++;
	if (put_state(skb, inst) || put_stats(skb, inst) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_PORTS, n_ports))
		return -EMSGSIZE;
	igmpsnoop_nl_put_vlans(skb, inst);
	rtnl_list_for_each(port, &inst->ports, list)
		if (igmpsnoop_nl_put_port(skb, port))
			break;
	return 0;
}

static int fill_stats(struct sk_buff *skb, struct igmpsnoop_instance *inst)
{
	return put_stats(skb, inst);
}

/* A message about @inst, with what @fill puts after its name. */
static int put_inst_msg(struct sk_buff *skb, struct igmpsnoop_instance *inst,
			u32 portid, u32 seq, int flags, u8 cmd, fill_inst_t fill,
			struct netlink_callback *cb)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &igmpsnoop_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (igmpsnoop_nl_put_inst_names(skb, inst) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_KIND, inst->kind) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_PORT_SUBSET, inst->subset) ||
	    fill(skb, inst)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Attach's port nests: each port's device, and its VLANs if given. */
struct attach_ports {
	unsigned int n;
	struct net_device **devs;
	struct igmpsnoop_ovs_vlans **vlans;	/* NULL: a trunk of all */
	unsigned long *given;			/* a bit per port given VLANs */
};

/* Reads attach's port nests into @ap, for the switch @sw. RTNL. */
static int get_attach_ports(struct genl_info *info, struct net_device *sw,
			    struct attach_ports *ap)
{
	enum igmpsnoop_kind kind = netif_is_ovs_master(sw) ? IGMPSNOOP_KIND_OVS :
							     IGMPSNOOP_KIND_BRIDGE;
	struct nlattr *tb[IGMPSNOOP_NL_PORT_MAX + 1];
	unsigned int i = 0;
	struct nlattr *attr;
	int rem, ret;

	ASSERT_RTNL();
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) != IGMPSNOOP_A_INST_PORT || i >= ap->n)
			continue;
		ret = nla_parse_nested(tb, IGMPSNOOP_NL_PORT_MAX, attr,
				       igmpsnoop_nl_port_attach_policy,
				       info->extack);
		if (ret < 0)
			return ret;
		if (!tb[IGMPSNOOP_A_PORT_IFINDEX]) {
			NL_SET_ERR_ATTR_MISS(info->extack, attr, IGMPSNOOP_A_PORT_IFINDEX);
			NL_SET_ERR_MSG_MOD(info->extack, "Missing port ifindex");
			return -EINVAL;
		}
		ap->devs[i] = igmpsnoop_nl_get_dev(info, tb[IGMPSNOOP_A_PORT_IFINDEX]);
		if (IS_ERR(ap->devs[i]))
			return PTR_ERR(ap->devs[i]);
		ret = igmpsnoop_nl_ovs_vlans_parse(kind, tb, &ap->vlans[i],
						   info->extack);
		if (ret < 0)
			return ret;
		if (ret)
			__set_bit(i, ap->given);
		i++;
	}
	return 0;
}

/* Gives the ports of the new instance @inst the VLANs attach gave them. */
static void set_attach_vlans(struct igmpsnoop_instance *inst,
			     struct attach_ports *ap)
{
	struct igmpsnoop_port *port;
	unsigned int i;

	if (!ap->n)
		return;
	for_each_set_bit(i, ap->given, ap->n) {
		port = igmpsnoop_port_find(inst, ap->devs[i]);
		if (WARN_ON_ONCE(!port))
			continue;
		igmpsnoop_vlan_ovs_set(port, ap->vlans[i]);
		ap->vlans[i] = NULL;	/* the port's now */
	}
	if (!bitmap_empty(ap->given, ap->n))
		igmpsnoop_querier_vlans_sync(inst);
}

static void free_attach_ports(struct attach_ports *ap)
{
	unsigned int i;

	for (i = 0; ap->vlans && i < ap->n; i++)
		kfree(ap->vlans[i]);
	kfree(ap->vlans);
	bitmap_free(ap->given);
	kfree(ap->devs);
}

int igmpsnoop_nl_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *subset_attr = info->attrs[IGMPSNOOP_A_INST_PORT_SUBSET];
	struct nlattr *name = info->attrs[IGMPSNOOP_A_INST_NAME];
	struct igmpsnoop_instance *inst;
	struct attach_ports ap = {};
	unsigned int n_ports = 0;
	struct net_device *dev;
	struct nlattr *attr;
	bool subset = false;
	int rem, ret = 0;

	if (igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_INST_IFINDEX))
		return -EINVAL;
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(attr) == IGMPSNOOP_A_INST_PORT)
			n_ports++;
	if (subset_attr)
		subset = nla_get_u8(subset_attr);
	if (n_ports && subset_attr && !subset) {
		NL_SET_ERR_MSG_ATTR(info->extack, subset_attr,
				    "Ports are given only to a subset instance");
		return -EINVAL;
	}
	if (n_ports > IGMPSNOOP_MAX_PORTS) {
		NL_SET_ERR_MSG_MOD(info->extack, "Too many ports");
		return -E2BIG;
	}
	if (n_ports) {
		subset = true;
		ap.n = n_ports;
		ap.devs = kcalloc(n_ports, sizeof(*ap.devs), GFP_KERNEL);
		ap.vlans = kcalloc(n_ports, sizeof(*ap.vlans), GFP_KERNEL);
		ap.given = bitmap_zalloc(n_ports, GFP_KERNEL);
		if (!ap.devs || !ap.vlans || !ap.given) {
			ret = -ENOMEM;
			goto out_free;
		}
	}

	rtnl_lock();
	dev = igmpsnoop_nl_get_switch_dev(info, IGMPSNOOP_A_INST_IFINDEX);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out_unlock;
	}
	ret = get_attach_ports(info, dev, &ap);
	if (ret < 0)
		goto out_unlock;
	inst = igmpsnoop_instance_create(dev, name ? nla_data(name) : NULL, subset,
					 ap.devs, n_ports, info->extack);
	if (IS_ERR(inst))
		ret = PTR_ERR(inst);
	else
		set_attach_vlans(inst, &ap);
out_unlock:
	rtnl_unlock();
out_free:
	free_attach_ports(&ap);
	return ret;
}

/* Runs @fn on the instance a request names (see igmpsnoop_nl_get_instance()), under RTNL. */
int igmpsnoop_nl_instance_do(struct genl_info *info, int ifindex_type,
			     int name_type,
			     void (*fn)(struct igmpsnoop_instance *inst))
{
	struct igmpsnoop_instance *inst;
	int ret = 0;

	if (igmpsnoop_nl_inst_missing(info, ifindex_type, name_type))
		return -EINVAL;

	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, ifindex_type, name_type);
	if (IS_ERR(inst))
		ret = PTR_ERR(inst);
	else
		fn(inst);
	rtnl_unlock();
	return ret;
}

int igmpsnoop_nl_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	return igmpsnoop_nl_instance_do(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME,
			   igmpsnoop_instance_destroy);
}

/* INSTANCE_GET and STATS_GET: one instance. */
static int inst_get_doit(struct genl_info *info, u8 cmd, fill_inst_t fill,
			 size_t size)
{
	struct igmpsnoop_instance *inst;
	struct sk_buff *msg;
	int ret;

	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME))
		return -EINVAL;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto err_unlock;
	}
	ret = put_inst_msg(msg, inst, info->snd_portid, info->snd_seq, 0, cmd,
			   fill, NULL);
	if (ret < 0)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return ret;
}

int igmpsnoop_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inst_get_doit(info, IGMPSNOOP_CMD_INSTANCE_GET, fill_instance,
			     IGMPSNOOP_INST_MSG_SIZE);
}

int igmpsnoop_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inst_get_doit(info, IGMPSNOOP_CMD_STATS_GET, fill_stats,
			     NLMSG_GOODSIZE);
}

static int inst_dumpit(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd, fill_inst_t fill)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct igmpsnoop_nl_dump_ctx *ctx = IGMPSNOOP_NL_DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	long idx = 0;
	int ret = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(inst, &in->instances, list) {
		if (igmpsnoop_nl_dump_filter_skip(&ctx->filter, inst))
			continue;
		if (idx++ < ctx->inst_skip)
			continue;
		ret = put_inst_msg(skb, inst, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI, cmd, fill, cb);
		if (ret < 0)
			break;
		ctx->inst_skip++;
	}
	rtnl_unlock();
	return igmpsnoop_nl_dump_done(skb, ret);
}

int igmpsnoop_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return inst_dumpit(skb, cb, IGMPSNOOP_CMD_INSTANCE_GET, fill_instance);
}

int igmpsnoop_nl_stats_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return inst_dumpit(skb, cb, IGMPSNOOP_CMD_STATS_GET, fill_stats);
}

int igmpsnoop_nl_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_config cfg;
	struct nlattr **a = info->attrs;
	int ret = 0;

	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME))
		return -EINVAL;
	if (!a[IGMPSNOOP_A_INST_VID] && a[IGMPSNOOP_A_INST_QUERIER] &&
	    nla_get_u8(a[IGMPSNOOP_A_INST_QUERIER]) > 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_QUERIER],
				    "Only a VLAN's querier follows the instance's (give the vlan)");
		return -EINVAL;
	}
	if (!a[IGMPSNOOP_A_INST_VID] && a[IGMPSNOOP_A_INST_MAX_GROUPS] &&
	    !nla_get_u32(a[IGMPSNOOP_A_INST_MAX_GROUPS])) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_MAX_GROUPS],
				    "max-groups out of range: 1 to 1048576 (0 only for a VLAN)");
		return -ERANGE;
	}
	if (!a[IGMPSNOOP_A_INST_VID] && a[IGMPSNOOP_A_INST_UNREGISTERED] &&
	    nla_get_u32(a[IGMPSNOOP_A_INST_UNREGISTERED]) == IGMPSNOOP_UNREG_DEFAULT) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_UNREGISTERED],
				    "Only a VLAN's policy follows the instance's (give the vlan)");
		return -EINVAL;
	}
	if (!a[IGMPSNOOP_A_INST_VID] && a[IGMPSNOOP_A_INST_INHERIT]) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_INHERIT],
				    "Only a VLAN's settings follow the instance's (give the vlan)");
		return -EINVAL;
	}

	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	if (a[IGMPSNOOP_A_INST_VID]) {
		ret = igmpsnoop_nl_vlan_set(inst, info);
		goto out_unlock;
	}

	spin_lock_bh(&inst->lock);
	cfg = inst->cfg;
	igmpsnoop_nl_timing_apply(a, &cfg.timing);
	if (a[IGMPSNOOP_A_INST_UNREGISTERED])
		cfg.unregistered = nla_get_u32(a[IGMPSNOOP_A_INST_UNREGISTERED]);
	if (a[IGMPSNOOP_A_INST_MAX_GROUPS])
		cfg.max_groups = nla_get_u32(a[IGMPSNOOP_A_INST_MAX_GROUPS]);
	if (a[IGMPSNOOP_A_INST_FAST_PATH])
		cfg.fast_path = nla_get_u8(a[IGMPSNOOP_A_INST_FAST_PATH]);
	if (a[IGMPSNOOP_A_INST_QUERIER])
		cfg.querier = nla_get_u8(a[IGMPSNOOP_A_INST_QUERIER]);
	if (a[IGMPSNOOP_A_INST_QUERIER_SOURCE])
		cfg.querier_source = nla_get_in_addr(a[IGMPSNOOP_A_INST_QUERIER_SOURCE]);

	if (cfg.timing.query_response_interval >= cfg.timing.query_interval) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The query response interval must be shorter than the query interval");
		ret = -EINVAL;
	} else if (!igmpsnoop_nl_vlans_timing_ok(inst, &cfg.timing)) {
		igmpsnoop_nl_timing_bad_attr(info);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "A VLAN's query response interval would not be shorter than its query interval (show lists the VLANs')");
		ret = -EINVAL;
	} else if (!igmpsnoop_nl_querier_source_ok(cfg.querier_source)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_QUERIER_SOURCE],
				    "The querier source must be a unicast address, or 0.0.0.0 for automatic");
		ret = -EINVAL;
	} else {
		inst->cfg.timing = cfg.timing;
		/* Groups above a lowered max-groups stay until they go. */
		inst->cfg.max_groups = cfg.max_groups;
		/* The data path reads these two with READ_ONCE(). */
		WRITE_ONCE(inst->cfg.unregistered, cfg.unregistered);
		WRITE_ONCE(inst->cfg.fast_path, cfg.fast_path);
		inst->cfg.querier = cfg.querier;
		inst->cfg.querier_source = cfg.querier_source;
		igmpsnoop_querier_update(inst);
	}
	spin_unlock_bh(&inst->lock);
out_unlock:
	rtnl_unlock();
	return ret;
}
