// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the "igmpsnoop" generic netlink family.
 *
 * Hand-written ops with one strict policy per operation: Debian's 6.1
 * headers have no split ops, so generated tables would not build there.
 * include/uapi/linux/igmpsnoop.h documents the messages.
 */

#include <net/genetlink.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/sizes.h>
#include <net/sock.h>

#include "igmpsnoop_private.h"

static struct genl_family igmpsnoop_genl_family;

/* An instance's name, or the name of a switch with one instance. */
#define NAME_POLICY	{ .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 }

/* INSTANCE_DETACH, _GET, STATS_GET: which instance. */
static const struct nla_policy inst_id_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
};

static const struct nla_policy port_get_nest_policy[IGMPSNOOP_A_PORT_IFINDEX + 1] = {
	[IGMPSNOOP_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
};

static const struct nla_policy inst_attach_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(port_get_nest_policy),
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
};

static const struct nla_policy
port_set_nest_policy[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT + 1] = {
	[IGMPSNOOP_A_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_PORT_ROUTER] = NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_ROUTER_OFF),
	[IGMPSNOOP_A_PORT_FAST_LEAVE] = NLA_POLICY_MAX(NLA_U8, 1),
	[IGMPSNOOP_A_PORT_MAX_GROUPS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &port_max_groups_range),
	[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT] = NLA_POLICY_RANGE(NLA_U8, 1, 1),
};

static const struct nla_policy port_set_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(port_set_nest_policy),
};

/* PORT_GET, PORT_ADD, PORT_DEL */
static const struct nla_policy port_get_policy[IGMPSNOOP_A_INST_MAX + 1] = {
	[IGMPSNOOP_A_INST_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_INST_NAME] = NAME_POLICY,
	[IGMPSNOOP_A_INST_PORT] = NLA_POLICY_NESTED(port_get_nest_policy),
};

static const struct nla_policy group_get_policy[IGMPSNOOP_A_GROUP_MAX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_GROUP_INSTANCE] = NAME_POLICY,
	[IGMPSNOOP_A_GROUP_ADDR] = { .type = NLA_U32 },	/* be32 */
	[IGMPSNOOP_A_GROUP_VID] = NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
};

static const struct nla_policy member_policy[IGMPSNOOP_A_MEMBER_STATE + 1] = {
	[IGMPSNOOP_A_MEMBER_PORT_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_MEMBER_STATE] =
		NLA_POLICY_MAX(NLA_U32, IGMPSNOOP_MEMBER_PERMANENT),
};

static const struct nla_policy group_mod_policy[IGMPSNOOP_A_GROUP_MAX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_GROUP_INSTANCE] = NAME_POLICY,
	[IGMPSNOOP_A_GROUP_ADDR] = { .type = NLA_U32 },	/* be32 */
	[IGMPSNOOP_A_GROUP_MEMBER] = NLA_POLICY_NESTED(member_policy),
	[IGMPSNOOP_A_GROUP_VID] = NLA_POLICY_MAX(NLA_U16, VLAN_N_VID - 2),
};

static const struct nla_policy group_flush_policy[IGMPSNOOP_A_GROUP_MAX + 1] = {
	[IGMPSNOOP_A_GROUP_IFINDEX] = NLA_POLICY_MIN(NLA_U32, 1),
	[IGMPSNOOP_A_GROUP_INSTANCE] = NAME_POLICY,
};

/* Is a required attribute missing? Says so in the extack if it is. */
static bool req_missing(struct genl_info *info, int type)
{
	if (!GENL_REQ_ATTR_CHECK(info, type))
		return false;
	NL_SET_ERR_MSG_MOD(info->extack, "Missing attribute");
	return true;
}

/* Milliseconds until @expires, or 0 if it has passed. */
static u32 ms_left(unsigned long expires)
{
	long left = (long)(expires - jiffies);

	return left > 0 ? jiffies_to_msecs(left) : 0;
}

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

/* What put_port() reports of one port, read under inst->lock. */
struct port_state {
	u32 router_mode;
	u8 fast_leave;
	u8 is_router;
	u32 router_timer;
	u32 router_vlans;
	u32 max_groups;
	u8 max_groups_default;
	u32 n_groups;
	u64 refused;
};

static int put_port(struct sk_buff *skb, struct igmpsnoop_port *port)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct port_state ps;
	unsigned long until;
	struct nlattr *nest;

	spin_lock_bh(&inst->lock);
	ps.router_mode = port->router_mode;
	ps.fast_leave = port->fast_leave;
	ps.is_router = igmpsnoop_router_state(port, &until, &ps.router_vlans);
	ps.router_timer = until ? ms_left(until) : 0;
	ps.max_groups = igmpsnoop_port_max_groups(port);
	ps.max_groups_default = port->max_groups_default;
	ps.n_groups = port->n_groups;
	ps.refused = port->refused;
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
	     nla_put_u32(skb, IGMPSNOOP_A_PORT_ROUTER_TIMER, ps.router_timer)) ||
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_MAX_GROUPS, ps.max_groups) ||
	    nla_put_u8(skb, IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT,
		       ps.max_groups_default) ||
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_GROUPS, ps.n_groups) ||
	    nla_put_u64_64bit(skb, IGMPSNOOP_A_PORT_REFUSED, ps.refused,
			      IGMPSNOOP_A_PORT_PAD) ||
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_ROUTER_VLANS, ps.router_vlans)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The state of a querier, read under inst->lock. */
struct querier_state {
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

/* Settings and state of an instance, read under inst->lock. */
struct inst_state {
	struct igmpsnoop_config cfg;
	u32 n_groups;
	u32 gmi;
	u32 oqpi;
	u32 sqi;
	u32 sqc;
	u32 lmqt;
	struct querier_state q;
	u32 n_vlans;
};

/* What INSTANCE_GET shows of a querier, read under inst->lock. */
static void querier_state(struct igmpsnoop_querier *qr, struct querier_state *st)
{
	lockdep_assert_held(&qr->inst->lock);
	st->vid = qr->vid;
	st->present = qr->present;
	st->self = qr->self;
	st->flooding = igmpsnoop_flooding(qr->inst, qr->vid);
	st->addr = qr->addr;
	st->ifindex = qr->ifindex;
	st->version = qr->version;
	st->timer = ms_left(qr->self ? qr->query_timer.expires :
			    qr->querier_timer.expires);
	st->since = jiffies_to_msecs(jiffies - qr->since);
}

/*
 * The querier of each VLAN: up to IGMPSNOOP_VLANS_SHOWN of them, as many
 * as fit (IGMPSNOOP_A_INST_VLANS says how many there are). Under RTNL.
 */
static void put_vlans(struct sk_buff *skb, struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_querier *qr;
	struct querier_state st;
	struct nlattr *nest;
	unsigned long vid;
	u32 unregistered, max_groups, n_groups;
	__be32 source;
	u8 enabled;
	int n = 0;

	ASSERT_RTNL();	/* keeps the queriers */
	xa_for_each(&inst->vlans, vid, qr) {
		if (n++ == IGMPSNOOP_VLANS_SHOWN)
			break;
		spin_lock_bh(&inst->lock);
		querier_state(qr, &st);
		enabled = qr->enabled;
		source = qr->source;
		unregistered = qr->unregistered;
		max_groups = qr->max_groups;
		n_groups = qr->n_groups;
		spin_unlock_bh(&inst->lock);
		nest = nla_nest_start(skb, IGMPSNOOP_A_INST_VLAN);
		if (!nest)
			return;
		if (nla_put_u16(skb, IGMPSNOOP_A_VLAN_ID, st.vid) ||
		    nla_put_u8(skb, IGMPSNOOP_A_VLAN_FLOODING, st.flooding) ||
		    nla_put_u8(skb, IGMPSNOOP_A_VLAN_QUERIER, enabled) ||
		    nla_put_in_addr(skb, IGMPSNOOP_A_VLAN_QUERIER_SOURCE, source) ||
		    nla_put_u32(skb, IGMPSNOOP_A_VLAN_UNREGISTERED, unregistered) ||
		    nla_put_u32(skb, IGMPSNOOP_A_VLAN_MAX_GROUPS, max_groups) ||
		    nla_put_u32(skb, IGMPSNOOP_A_VLAN_GROUPS, n_groups) ||
		    (st.present &&
		     (nla_put_in_addr(skb, IGMPSNOOP_A_VLAN_QUERIER_ADDR, st.addr) ||
		      (!st.self &&
		       nla_put_u32(skb, IGMPSNOOP_A_VLAN_QUERIER_PORT, st.ifindex)) ||
		      nla_put_u8(skb, IGMPSNOOP_A_VLAN_QUERIER_SELF, st.self) ||
		      nla_put_u32(skb, IGMPSNOOP_A_VLAN_QUERIER_TIMER, st.timer) ||
		      nla_put_u32(skb, IGMPSNOOP_A_VLAN_QUERIER_SINCE, st.since) ||
		      nla_put_u8(skb, IGMPSNOOP_A_VLAN_QUERIER_VERSION, st.version)))) {
			nla_nest_cancel(skb, nest);
			return;
		}
		nla_nest_end(skb, nest);
	}
}

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
	st.sqi = jiffies_to_msecs(igmpsnoop_sqi(inst));
	st.sqc = igmpsnoop_sqc(inst);
	st.lmqt = jiffies_to_msecs(igmpsnoop_lmqt(inst));
	querier_state(&inst->querier, &st.q);
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
	    nla_put_u32(skb, IGMPSNOOP_A_INST_IGMP_VERSION, st.cfg.version) ||
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
	put_vlans(skb, inst);
	rtnl_list_for_each(port, &inst->ports, list)
		if (put_port(skb, port))
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
	if (nla_put_u32(skb, IGMPSNOOP_A_INST_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_IFNAME, inst->dev->name) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_NAME, inst->name) ||
	    nla_put_u32(skb, IGMPSNOOP_A_INST_KIND, inst->kind) ||
	    nla_put_u8(skb, IGMPSNOOP_A_INST_PORT_SUBSET, inst->subset) ||
	    fill(skb, inst)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* Resolves the ifindex in attribute @attr, with extack on failure. */
static struct net_device *get_dev(struct genl_info *info, const struct nlattr *attr)
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

static struct net_device *get_switch_dev(struct genl_info *info, int type)
{
	return get_dev(info, info->attrs[type]);
}

/* Does a request name no instance, by name or by switch? Says so if not. */
static bool inst_missing(struct genl_info *info, int ifindex_type, int name_type)
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
static struct igmpsnoop_instance *get_instance(struct genl_info *info,
					       int ifindex_type, int name_type)
{
	struct nlattr *ifindex = info->attrs[ifindex_type];
	struct nlattr *name = info->attrs[name_type];
	struct igmpsnoop_instance *inst;
	struct net_device *dev;

	ASSERT_RTNL();
	if (!name) {
		dev = get_switch_dev(info, ifindex_type);
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
static struct igmpsnoop_port *get_port(struct igmpsnoop_instance *inst,
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
static int parse_nest(struct genl_info *info, int type, struct nlattr **tb,
		      int maxtype, const struct nla_policy *policy, int need)
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

/* The devices of attach's port nests, in @ports (room for @n). RTNL. */
static int get_attach_ports(struct genl_info *info, struct net_device **ports,
			    unsigned int n)
{
	struct nlattr *tb[IGMPSNOOP_A_PORT_IFINDEX + 1];
	unsigned int i = 0;
	struct nlattr *attr;
	int rem, ret;

	ASSERT_RTNL();
	nla_for_each_attr(attr, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem) {
		if (nla_type(attr) != IGMPSNOOP_A_INST_PORT || i >= n)
			continue;
		ret = nla_parse_nested(tb, IGMPSNOOP_A_PORT_IFINDEX, attr,
				       port_get_nest_policy, info->extack);
		if (ret < 0)
			return ret;
		if (!tb[IGMPSNOOP_A_PORT_IFINDEX]) {
			NL_SET_ERR_ATTR_MISS(info->extack, attr, IGMPSNOOP_A_PORT_IFINDEX);
			NL_SET_ERR_MSG_MOD(info->extack, "Missing port ifindex");
			return -EINVAL;
		}
		ports[i] = get_dev(info, tb[IGMPSNOOP_A_PORT_IFINDEX]);
		if (IS_ERR(ports[i]))
			return PTR_ERR(ports[i]);
		i++;
	}
	return 0;
}

static int igmpsnoop_nl_attach_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *subset_attr = info->attrs[IGMPSNOOP_A_INST_PORT_SUBSET];
	struct nlattr *name = info->attrs[IGMPSNOOP_A_INST_NAME];
	struct net_device **ports = NULL;
	struct igmpsnoop_instance *inst;
	unsigned int n_ports = 0;
	struct net_device *dev;
	struct nlattr *attr;
	bool subset = false;
	int rem, ret = 0;

	if (req_missing(info, IGMPSNOOP_A_INST_IFINDEX))
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
		ports = kcalloc(n_ports, sizeof(*ports), GFP_KERNEL);
		if (!ports)
			return -ENOMEM;
	}

	rtnl_lock();
	dev = get_switch_dev(info, IGMPSNOOP_A_INST_IFINDEX);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out_unlock;
	}
	ret = get_attach_ports(info, ports, n_ports);
	if (ret < 0)
		goto out_unlock;
	inst = igmpsnoop_instance_create(dev, name ? nla_data(name) : NULL, subset,
					 ports, n_ports, info->extack);
	if (IS_ERR(inst))
		ret = PTR_ERR(inst);
out_unlock:
	rtnl_unlock();
	kfree(ports);
	return ret;
}

/* PORT_GET, PORT_ADD, PORT_DEL: an instance and a port nest with its ifindex. */
static int parse_port_req(struct genl_info *info, struct nlattr **tb)
{
	if (inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME) ||
	    req_missing(info, IGMPSNOOP_A_INST_PORT))
		return -EINVAL;
	return parse_nest(info, IGMPSNOOP_A_INST_PORT, tb, IGMPSNOOP_A_PORT_IFINDEX,
			  port_get_nest_policy, IGMPSNOOP_A_PORT_IFINDEX);
}

/* PORT_ADD and PORT_DEL: a port of a subset instance. */
static int port_mod(struct genl_info *info, bool add)
{
	struct nlattr *tb[IGMPSNOOP_A_PORT_IFINDEX + 1];
	struct igmpsnoop_instance *inst;
	struct net_device *dev;
	int ret;

	ret = parse_port_req(info, tb);
	if (ret < 0)
		return ret;

	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	dev = get_dev(info, tb[IGMPSNOOP_A_PORT_IFINDEX]);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out_unlock;
	}
	if (add)
		ret = igmpsnoop_instance_port_add(inst, dev, info->extack);
	else
		ret = igmpsnoop_instance_port_del(inst, dev, info->extack);
out_unlock:
	rtnl_unlock();
	return ret;
}

static int igmpsnoop_nl_port_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return port_mod(info, true);
}

static int igmpsnoop_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return port_mod(info, false);
}

/* Runs @fn on the instance a request names (see get_instance()), under RTNL. */
static int instance_do(struct genl_info *info, int ifindex_type, int name_type,
		       void (*fn)(struct igmpsnoop_instance *inst))
{
	struct igmpsnoop_instance *inst;
	int ret = 0;

	if (inst_missing(info, ifindex_type, name_type))
		return -EINVAL;

	rtnl_lock();
	inst = get_instance(info, ifindex_type, name_type);
	if (IS_ERR(inst))
		ret = PTR_ERR(inst);
	else
		fn(inst);
	rtnl_unlock();
	return ret;
}

static int igmpsnoop_nl_detach_doit(struct sk_buff *skb, struct genl_info *info)
{
	return instance_do(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME,
			   igmpsnoop_instance_destroy);
}

/* INSTANCE_GET and STATS_GET: one instance. */
static int inst_get_doit(struct genl_info *info, u8 cmd, fill_inst_t fill,
			 size_t size)
{
	struct igmpsnoop_instance *inst;
	struct sk_buff *msg;
	int ret;

	if (inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME))
		return -EINVAL;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
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

static int igmpsnoop_nl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inst_get_doit(info, IGMPSNOOP_CMD_INSTANCE_GET, fill_instance,
			     IGMPSNOOP_INST_MSG_SIZE);
}

static int igmpsnoop_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return inst_get_doit(info, IGMPSNOOP_CMD_STATS_GET, fill_stats,
			     NLMSG_GOODSIZE);
}

/* Dumps of instances and ports: resume at (instance, port) counts. */
#define DUMP_CTX(cb) ((struct dump_ctx *)(cb)->args)
struct dump_filter {
	int ifindex;		/* instances of this switch, or 0 */
	char name[IFNAMSIZ];	/* the instance of this name, or "" */
};

struct dump_ctx {
	long inst_skip;		/* instances finished */
	long port_skip;		/* ports of the current instance dumped */
	struct dump_filter filter;
};

/*
 * A dump's filter, from a switch ifindex and/or a name: the instance of
 * that name, else the instances of the switch of that name.
 */
static int dump_filter_init(struct netlink_callback *cb, struct dump_filter *f,
			    const struct nlattr *ifindex, const struct nlattr *name)
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

static bool dump_filter_skip(const struct dump_filter *f,
			     const struct igmpsnoop_instance *inst)
{
	return (f->ifindex && inst->dev->ifindex != f->ifindex) ||
	       (f->name[0] && strcmp(inst->name, f->name));
}

/* Dump ->start for every op that takes an instance as its filter. */
static int igmpsnoop_nl_inst_dump_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = igmpsnoop_dump_attrs(cb);
	struct dump_ctx *ctx = DUMP_CTX(cb);

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->args));
	memset(ctx, 0, sizeof(*ctx));
	if (!attrs)
		return 0;
	return dump_filter_init(cb, &ctx->filter, attrs[IGMPSNOOP_A_INST_IFINDEX],
				attrs[IGMPSNOOP_A_INST_NAME]);
}

/* A full skb ends a round of a dump; the next resumes where it stopped. */
static int dump_done(struct sk_buff *skb, int ret)
{
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret < 0 ? ret : skb->len;
}

static int inst_dumpit(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd, fill_inst_t fill)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct dump_ctx *ctx = DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	long idx = 0;
	int ret = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(inst, &in->instances, list) {
		if (dump_filter_skip(&ctx->filter, inst))
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
	return dump_done(skb, ret);
}

static int igmpsnoop_nl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return inst_dumpit(skb, cb, IGMPSNOOP_CMD_INSTANCE_GET, fill_instance);
}

static int igmpsnoop_nl_stats_get_dumpit(struct sk_buff *skb,
					 struct netlink_callback *cb)
{
	return inst_dumpit(skb, cb, IGMPSNOOP_CMD_STATS_GET, fill_stats);
}

/*
 * The u32 settings of INSTANCE_SET and where they go in the config (whose
 * fields named here are u32, see struct igmpsnoop_config).
 */
static const struct {
	u16 attr;
	u16 offset;
} inst_u32_settings[] = {
#define SETTING(attr, field) { attr, offsetof(struct igmpsnoop_config, field) }
	SETTING(IGMPSNOOP_A_INST_UNREGISTERED, unregistered),
	SETTING(IGMPSNOOP_A_INST_ROBUSTNESS, robustness),
	SETTING(IGMPSNOOP_A_INST_QUERY_INTERVAL, query_interval),
	SETTING(IGMPSNOOP_A_INST_QUERY_RESPONSE_INTERVAL, query_response_interval),
	SETTING(IGMPSNOOP_A_INST_LAST_MEMBER_INTERVAL, last_member_interval),
	SETTING(IGMPSNOOP_A_INST_LAST_MEMBER_COUNT, last_member_count),
	SETTING(IGMPSNOOP_A_INST_MAX_GROUPS, max_groups),
	SETTING(IGMPSNOOP_A_INST_IGMP_VERSION, version),
	SETTING(IGMPSNOOP_A_INST_MEMBERSHIP_INTERVAL, membership_interval),
	SETTING(IGMPSNOOP_A_INST_OTHER_QUERIER_INTERVAL, other_querier_interval),
	SETTING(IGMPSNOOP_A_INST_STARTUP_QUERY_INTERVAL, startup_query_interval),
	SETTING(IGMPSNOOP_A_INST_STARTUP_QUERY_COUNT, startup_query_count),
	SETTING(IGMPSNOOP_A_INST_LAST_MEMBER_TIME, last_member_time),
#undef SETTING
};

/* Is @addr a querier source address: unicast, or 0.0.0.0 (automatic)? */
static bool querier_source_ok(__be32 addr)
{
	return !addr || !(ipv4_is_multicast(addr) || ipv4_is_lbcast(addr) ||
			  ipv4_is_zeronet(addr) || ipv4_is_loopback(addr));
}

/*
 * INSTANCE_SET with IGMPSNOOP_A_INST_VID: the settings of one VLAN of a
 * VLAN-filtering bridge (its querier, the querier's address, the
 * unregistered policy, its max-groups), and nothing else. Called under
 * RTNL, which keeps the VLAN's querier.
 */
static int set_vlan(struct igmpsnoop_instance *inst, struct genl_info *info)
{
	struct nlattr **a = info->attrs;
	struct igmpsnoop_querier *qr;
	u32 unregistered = 0, max_groups = 0;
	__be32 source = 0;
	u8 enabled = 0;
	int i;

	ASSERT_RTNL();
	for (i = 1; i <= IGMPSNOOP_A_INST_MAX; i++) {
		if (!a[i] || i == IGMPSNOOP_A_INST_IFINDEX || i == IGMPSNOOP_A_INST_NAME ||
		    i == IGMPSNOOP_A_INST_VID || i == IGMPSNOOP_A_INST_QUERIER ||
		    i == IGMPSNOOP_A_INST_QUERIER_SOURCE ||
		    i == IGMPSNOOP_A_INST_UNREGISTERED ||
		    i == IGMPSNOOP_A_INST_MAX_GROUPS)
			continue;
		NL_SET_ERR_MSG_ATTR(info->extack, a[i],
				    "Only the querier, its address, the unregistered policy and max-groups are set per VLAN");
		return -EOPNOTSUPP;
	}
	qr = igmpsnoop_querier_of(inst, nla_get_u16(a[IGMPSNOOP_A_INST_VID]));
	if (!inst->vlan_filtering) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_VID],
				    "The switch does not filter VLANs (vlan_filtering 1)");
		return -EOPNOTSUPP;
	}
	if (!qr) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_VID],
				    "The bridge has no such VLAN (bridge vlan add)");
		return -ENOENT;
	}
	if (a[IGMPSNOOP_A_INST_QUERIER_SOURCE]) {
		source = nla_get_in_addr(a[IGMPSNOOP_A_INST_QUERIER_SOURCE]);
		if (!querier_source_ok(source)) {
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
	igmpsnoop_querier_vlan_set(qr, a[IGMPSNOOP_A_INST_QUERIER] ? &enabled : NULL,
				   a[IGMPSNOOP_A_INST_QUERIER_SOURCE] ? &source : NULL,
				   a[IGMPSNOOP_A_INST_UNREGISTERED] ? &unregistered : NULL,
				   a[IGMPSNOOP_A_INST_MAX_GROUPS] ? &max_groups : NULL);
	spin_unlock_bh(&inst->lock);
	return 0;
}

static int igmpsnoop_nl_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_config cfg;
	struct nlattr **a = info->attrs;
	int ret = 0;
	size_t i;

	if (inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME))
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

	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	if (a[IGMPSNOOP_A_INST_VID]) {
		ret = set_vlan(inst, info);
		goto out_unlock;
	}

	spin_lock_bh(&inst->lock);
	cfg = inst->cfg;
	for (i = 0; i < ARRAY_SIZE(inst_u32_settings); i++)
		if (a[inst_u32_settings[i].attr])
			*(u32 *)((u8 *)&cfg + inst_u32_settings[i].offset) =
				nla_get_u32(a[inst_u32_settings[i].attr]);
	if (a[IGMPSNOOP_A_INST_FAST_PATH])
		cfg.fast_path = nla_get_u8(a[IGMPSNOOP_A_INST_FAST_PATH]);
	if (a[IGMPSNOOP_A_INST_QUERIER])
		cfg.querier = nla_get_u8(a[IGMPSNOOP_A_INST_QUERIER]);
	if (a[IGMPSNOOP_A_INST_QUERIER_SOURCE])
		cfg.querier_source = nla_get_in_addr(a[IGMPSNOOP_A_INST_QUERIER_SOURCE]);

	if (cfg.query_response_interval >= cfg.query_interval) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The query response interval must be shorter than the query interval");
		ret = -EINVAL;
	} else if (!querier_source_ok(cfg.querier_source)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a[IGMPSNOOP_A_INST_QUERIER_SOURCE],
				    "The querier source must be a unicast address, or 0.0.0.0 for automatic");
		ret = -EINVAL;
	} else {
		inst->cfg.robustness = cfg.robustness;
		inst->cfg.query_interval = cfg.query_interval;
		inst->cfg.query_response_interval = cfg.query_response_interval;
		inst->cfg.last_member_interval = cfg.last_member_interval;
		inst->cfg.last_member_count = cfg.last_member_count;
		/* Groups above a lowered max-groups stay until they go. */
		inst->cfg.max_groups = cfg.max_groups;
		/* The data path reads these two with READ_ONCE(). */
		WRITE_ONCE(inst->cfg.unregistered, cfg.unregistered);
		WRITE_ONCE(inst->cfg.fast_path, cfg.fast_path);
		inst->cfg.querier = cfg.querier;
		inst->cfg.querier_source = cfg.querier_source;
		inst->cfg.version = cfg.version;
		inst->cfg.membership_interval = cfg.membership_interval;
		inst->cfg.other_querier_interval = cfg.other_querier_interval;
		inst->cfg.startup_query_interval = cfg.startup_query_interval;
		inst->cfg.startup_query_count = cfg.startup_query_count;
		inst->cfg.last_member_time = cfg.last_member_time;
		igmpsnoop_querier_update(inst);
	}
	spin_unlock_bh(&inst->lock);
out_unlock:
	rtnl_unlock();
	return ret;
}

static int igmpsnoop_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT + 1];
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	u32 router_mode, max_groups;
	u8 fast_leave;
	int ret;

	if (inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME) ||
	    req_missing(info, IGMPSNOOP_A_INST_PORT))
		return -EINVAL;
	ret = parse_nest(info, IGMPSNOOP_A_INST_PORT, tb,
			 IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT, port_set_nest_policy,
			 IGMPSNOOP_A_PORT_IFINDEX);
	if (ret < 0)
		return ret;
	if (tb[IGMPSNOOP_A_PORT_MAX_GROUPS] &&
	    tb[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT]) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    tb[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT],
				    "A limit and the default share at once");
		return -EINVAL;
	}
	if (tb[IGMPSNOOP_A_PORT_ROUTER])
		router_mode = nla_get_u32(tb[IGMPSNOOP_A_PORT_ROUTER]);
	if (tb[IGMPSNOOP_A_PORT_FAST_LEAVE])
		fast_leave = nla_get_u8(tb[IGMPSNOOP_A_PORT_FAST_LEAVE]);
	if (tb[IGMPSNOOP_A_PORT_MAX_GROUPS])
		max_groups = nla_get_u32(tb[IGMPSNOOP_A_PORT_MAX_GROUPS]);

	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	port = get_port(inst, tb[IGMPSNOOP_A_PORT_IFINDEX], info->extack);
	if (IS_ERR(port)) {
		ret = PTR_ERR(port);
		goto out_unlock;
	}
	igmpsnoop_group_port_set(port,
				 tb[IGMPSNOOP_A_PORT_ROUTER] ? &router_mode : NULL,
				 tb[IGMPSNOOP_A_PORT_FAST_LEAVE] ? &fast_leave : NULL,
				 tb[IGMPSNOOP_A_PORT_MAX_GROUPS] ? &max_groups : NULL,
				 !!tb[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT]);
out_unlock:
	rtnl_unlock();
	return ret;
}

/* A PORT_GET message: the instance's names and one port nest. */
static int put_port_msg(struct sk_buff *skb, struct igmpsnoop_port *port,
			u32 portid, u32 seq, int flags, struct netlink_callback *cb)
{
	struct igmpsnoop_instance *inst = port->inst;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &igmpsnoop_genl_family, flags,
			  IGMPSNOOP_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, IGMPSNOOP_A_INST_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_IFNAME, inst->dev->name) ||
	    nla_put_string(skb, IGMPSNOOP_A_INST_NAME, inst->name) ||
	    put_port(skb, port)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int igmpsnoop_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IGMPSNOOP_A_PORT_IFINDEX + 1];
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	struct sk_buff *msg;
	int ret;

	ret = parse_port_req(info, tb);
	if (ret < 0)
		return ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto err_unlock;
	}
	port = get_port(inst, tb[IGMPSNOOP_A_PORT_IFINDEX], info->extack);
	if (IS_ERR(port)) {
		ret = PTR_ERR(port);
		goto err_unlock;
	}
	ret = put_port_msg(msg, port, info->snd_portid, info->snd_seq, 0, NULL);
	if (ret < 0)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return ret;
}

static int igmpsnoop_nl_port_get_dumpit(struct sk_buff *skb,
					struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct dump_ctx *ctx = DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	long iidx = 0, pidx;
	int ret = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(inst, &in->instances, list) {
		if (dump_filter_skip(&ctx->filter, inst))
			continue;
		if (iidx++ < ctx->inst_skip)
			continue;
		pidx = 0;
		list_for_each_entry(port, &inst->ports, list) {
			if (pidx++ < ctx->port_skip)
				continue;
			ret = put_port_msg(skb, port, NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb);
			if (ret < 0)
				goto out;
			ctx->port_skip++;
		}
		ctx->inst_skip++;
		ctx->port_skip = 0;
	}
out:
	rtnl_unlock();
	return dump_done(skb, ret);
}

/* The source records of @m, if it has any. Under RCU or inst->lock. */
static int put_sources(struct sk_buff *skb, const struct igmpsnoop_member *m)
{
	const struct igmpsnoop_sources *srcs;
	struct nlattr *nest;
	unsigned int i;

	srcs = rcu_dereference_check(m->srcs, lockdep_is_held(&m->inst->lock));
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
				s->forward ? ms_left(READ_ONCE(s->expires)) : 0) ||
		    nla_put_u8(skb, IGMPSNOOP_A_SOURCE_FORWARD, s->forward))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int put_member(struct sk_buff *skb, const struct igmpsnoop_member *m,
		      bool sources)
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
			permanent ? 0 : ms_left(expires)) ||
	    nla_put_u32(skb, IGMPSNOOP_A_MEMBER_STATE,
			permanent ? IGMPSNOOP_MEMBER_PERMANENT :
				    IGMPSNOOP_MEMBER_TEMP) ||
	    (host_version &&
	     nla_put_u8(skb, IGMPSNOOP_A_MEMBER_HOST_VERSION, host_version)) ||
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
static size_t group_msg_size(const struct igmpsnoop_group *group, bool sources)
{
	const struct igmpsnoop_sources *srcs;
	const struct igmpsnoop_member *m;
	size_t size = nla_total_size(4) + 2 * nla_total_size(IFNAMSIZ) +
		      nla_total_size(4) + nla_total_size(4) + nla_total_size(2);

	hlist_for_each_entry_rcu(m, &group->members, node) {
		size += nla_total_size(0) + nla_total_size(4) +
			nla_total_size(IFNAMSIZ) + 2 * nla_total_size(4) +
			nla_total_size(1) + nla_total_size(4);
		srcs = rcu_dereference_check(m->srcs,
					     lockdep_is_held(&m->inst->lock));
		if (sources && srcs)
			size += srcs->n * (nla_total_size(0) + 2 * nla_total_size(4) +
					   nla_total_size(1));
	}
	return genlmsg_total_size(size);
}

/*
 * A group message with its members, and their sources if @sources. With
 * @from (dumps), only the members at port index *@from and above, as many
 * as fit: if some did not, *@from is the index of the first of those and
 * -EMSGSIZE is returned with the message kept (skb->len grew). Called
 * under RCU.
 */
static int put_group_msg(struct sk_buff *skb, const struct igmpsnoop_group *group,
			 u32 portid, u32 seq, int flags, u8 cmd,
			 enum igmpsnoop_event event, struct netlink_callback *cb,
			 bool sources, unsigned int *from)
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
	    (event && nla_put_u32(skb, IGMPSNOOP_A_GROUP_EVENT, event)))
		goto err_cancel;
	hlist_for_each_entry_rcu(m, &group->members, node) {
		if (from && m->port->index < *from)
			continue;
		if (put_member(skb, m, sources)) {
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
	struct dump_filter filter;
};

static int igmpsnoop_nl_group_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = igmpsnoop_dump_attrs(cb);
	struct group_dump_ctx *ctx = GROUP_DUMP_CTX(cb);

	BUILD_BUG_ON(sizeof(*ctx) > sizeof(cb->args));
	memset(ctx, 0, sizeof(*ctx));
	if (!attrs)
		return 0;
	return dump_filter_init(cb, &ctx->filter, attrs[IGMPSNOOP_A_GROUP_IFINDEX],
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

static int igmpsnoop_nl_group_get_dumpit(struct sk_buff *skb,
					 struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct group_dump_ctx *ctx = GROUP_DUMP_CTX(cb);
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
		if (dump_filter_skip(&ctx->filter, inst))
			continue;
		if (iidx++ < ctx->inst_skip)
			continue;
		for (group = group_dump_resume(inst, ctx); group;
		     group = hlist_entry_safe(rcu_dereference(hlist_next_rcu(&group->list)),
					      struct igmpsnoop_group, list)) {
			/*
			 * A group goes in as many messages as it needs, a
			 * message each call; a member too big for a message
			 * on its own goes without its sources (GROUP_GET
			 * gives them).
			 */
			from = ctx->member_from ? ctx->member_from - 1 : 0;
			len = skb->len;
			ret = put_group_msg(skb, group, NETLINK_CB(cb->skb).portid,
					    cb->nlh->nlmsg_seq, NLM_F_MULTI,
					    IGMPSNOOP_CMD_GROUP_GET, 0, cb, true,
					    &from);
			if (ret < 0 && !len && !skb->len)
				ret = put_group_msg(skb, group,
						    NETLINK_CB(cb->skb).portid,
						    cb->nlh->nlmsg_seq, NLM_F_MULTI,
						    IGMPSNOOP_CMD_GROUP_GET, 0, cb,
						    false, &from);
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
	return dump_done(skb, ret);
}

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

static int igmpsnoop_nl_group_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_group *group;
	struct sk_buff *msg;
	__be32 addr;
	int ret;
	u16 vid;

	if (inst_missing(info, IGMPSNOOP_A_GROUP_IFINDEX, IGMPSNOOP_A_GROUP_INSTANCE) ||
	    req_missing(info, IGMPSNOOP_A_GROUP_ADDR))
		return -EINVAL;
	vid = info->attrs[IGMPSNOOP_A_GROUP_VID] ?
	      nla_get_u16(info->attrs[IGMPSNOOP_A_GROUP_VID]) : 0;
	ret = get_group_addr(info, &addr);
	if (ret < 0)
		return ret;

	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_GROUP_IFINDEX, IGMPSNOOP_A_GROUP_INSTANCE);
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
	msg = genlmsg_new(group_msg_size(group, true) + 2048, GFP_ATOMIC);
	if (!msg) {
		rcu_read_unlock();
		ret = -ENOMEM;
		goto err_unlock;
	}
	ret = put_group_msg(msg, group, info->snd_portid, info->snd_seq, 0,
			    IGMPSNOOP_CMD_GROUP_GET, 0, NULL, true, NULL);
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
 * in on a VLAN-filtering bridge, where none means the port's PVID; none,
 * or 0, elsewhere. Called under RTNL.
 */
static int get_group_vid(struct genl_info *info, struct igmpsnoop_port *port,
			 u16 *vid)
{
	struct nlattr *attr = info->attrs[IGMPSNOOP_A_GROUP_VID];
	struct bridge_vlan_info vinfo;

	ASSERT_RTNL();
	*vid = attr ? nla_get_u16(attr) : 0;
	if (!port->inst->vlan_filtering) {
		if (!*vid)
			return 0;
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "The switch does not filter VLANs: give no vlan (or 0)");
		return -EINVAL;
	}
	if (!*vid && (br_vlan_get_pvid(port->dev, vid) || !*vid)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IGMPSNOOP_A_GROUP_MEMBER],
				    "The port has no PVID: give the vlan");
		return -EINVAL;
	}
	if (br_vlan_get_info(port->dev, *vid, &vinfo)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "The port is not in this VLAN (bridge vlan add)");
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

	if (inst_missing(info, IGMPSNOOP_A_GROUP_IFINDEX, IGMPSNOOP_A_GROUP_INSTANCE) ||
	    req_missing(info, IGMPSNOOP_A_GROUP_ADDR) ||
	    req_missing(info, IGMPSNOOP_A_GROUP_MEMBER))
		return -EINVAL;
	ret = get_group_addr(info, &addr);
	if (ret < 0)
		return ret;
	ret = parse_nest(info, IGMPSNOOP_A_GROUP_MEMBER, tb,
			 IGMPSNOOP_A_MEMBER_STATE, member_policy,
			 IGMPSNOOP_A_MEMBER_PORT_IFINDEX);
	if (ret < 0)
		return ret;
	if (tb[IGMPSNOOP_A_MEMBER_STATE])
		permanent = nla_get_u32(tb[IGMPSNOOP_A_MEMBER_STATE]) ==
			    IGMPSNOOP_MEMBER_PERMANENT;

	rtnl_lock();
	inst = get_instance(info, IGMPSNOOP_A_GROUP_IFINDEX, IGMPSNOOP_A_GROUP_INSTANCE);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	port = get_port(inst, tb[IGMPSNOOP_A_MEMBER_PORT_IFINDEX], info->extack);
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

static int igmpsnoop_nl_group_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return group_mod(info, true);
}

static int igmpsnoop_nl_group_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return group_mod(info, false);
}

static int igmpsnoop_nl_group_flush_doit(struct sk_buff *skb,
					 struct genl_info *info)
{
	return instance_do(info, IGMPSNOOP_A_GROUP_IFINDEX, IGMPSNOOP_A_GROUP_INSTANCE,
			   igmpsnoop_group_flush);
}

/*
 * Notifications. They are built only when someone listens to the monitor
 * group of the instance's netns, under inst->lock, hence GFP_ATOMIC. A
 * notification that cannot be built is lost, as rtnetlink's are; the
 * listener sees the state in the next one or in a dump.
 */
static bool nl_listening(const struct igmpsnoop_instance *inst)
{
	return genl_has_listeners(&igmpsnoop_genl_family, dev_net(inst->dev), 0);
}

static void nl_multicast(const struct igmpsnoop_instance *inst,
			 struct sk_buff *msg)
{
	genlmsg_multicast_netns(&igmpsnoop_genl_family, dev_net(inst->dev), msg,
				0, 0, GFP_ATOMIC);
}

/*
 * A group notification carries its members' sources while it stays within
 * this size; a bigger one carries the members alone (no filter mode), so
 * that one is at most about 64 bytes a member.
 */
#define NTF_SOURCES_MAX		(16 * 1024)

void igmpsnoop_nl_notify_group(const struct igmpsnoop_group *group,
			       enum igmpsnoop_event event)
{
	struct sk_buff *msg;
	bool sources;
	size_t size;
	int ret;

	lockdep_assert_held(&group->inst->lock);
	if (!nl_listening(group->inst))
		return;
	/* Sources while they fit in NTF_SOURCES_MAX: a GROUP_GET gives them. */
	size = group_msg_size(group, true);
	sources = size <= NTF_SOURCES_MAX;
	if (!sources)
		size = group_msg_size(group, false);
	msg = genlmsg_new(size, GFP_ATOMIC);
	if (!msg)
		return;
	rcu_read_lock();
	ret = put_group_msg(msg, group, 0, 0, 0, IGMPSNOOP_CMD_GROUP_NTF, event,
			    NULL, sources, NULL);
	rcu_read_unlock();
	if (ret < 0) {
		nlmsg_free(msg);
		return;
	}
	nl_multicast(group->inst, msg);
}

void igmpsnoop_nl_notify_full(const struct igmpsnoop_port *port, __be32 addr,
			      u16 vid, enum igmpsnoop_limit limit)
{
	const struct igmpsnoop_instance *inst = port->inst;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&inst->lock);
	if (!nl_listening(inst))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &igmpsnoop_genl_family, 0,
			  IGMPSNOOP_CMD_GROUP_NTF);
	if (!hdr)
		goto err_free;
	if (nla_put_u32(msg, IGMPSNOOP_A_GROUP_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(msg, IGMPSNOOP_A_GROUP_IFNAME, inst->dev->name) ||
	    nla_put_string(msg, IGMPSNOOP_A_GROUP_INSTANCE, inst->name) ||
	    nla_put_in_addr(msg, IGMPSNOOP_A_GROUP_ADDR, addr) ||
	    nla_put_u16(msg, IGMPSNOOP_A_GROUP_VID, vid) ||
	    nla_put_u32(msg, IGMPSNOOP_A_GROUP_EVENT, IGMPSNOOP_EVENT_TABLE_FULL) ||
	    nla_put_u32(msg, IGMPSNOOP_A_GROUP_LIMIT, limit))
		goto err_free;
	nest = nla_nest_start(msg, IGMPSNOOP_A_GROUP_MEMBER);
	if (!nest ||
	    nla_put_u32(msg, IGMPSNOOP_A_MEMBER_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(msg, IGMPSNOOP_A_MEMBER_PORT_IFNAME, port->dev->name))
		goto err_free;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	nl_multicast(inst, msg);
	return;

err_free:
	nlmsg_free(msg);
}

/* ROUTER_NTF and QUERIER_NTF: the instance, the event, then @port's nest. */
static struct sk_buff *inst_ntf_new(const struct igmpsnoop_instance *inst,
				    u8 cmd, enum igmpsnoop_event event,
				    void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_ATOMIC);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &igmpsnoop_genl_family, 0, cmd);
	if (!*hdr ||
	    nla_put_u32(msg, IGMPSNOOP_A_INST_IFINDEX, inst->dev->ifindex) ||
	    nla_put_string(msg, IGMPSNOOP_A_INST_IFNAME, inst->dev->name) ||
	    nla_put_string(msg, IGMPSNOOP_A_INST_NAME, inst->name) ||
	    nla_put_u32(msg, IGMPSNOOP_A_INST_EVENT, event)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

void igmpsnoop_nl_notify_router(const struct igmpsnoop_port *port, u16 vid,
				enum igmpsnoop_event event)
{
	const struct igmpsnoop_instance *inst = port->inst;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&inst->lock);
	if (!nl_listening(inst))
		return;
	msg = inst_ntf_new(inst, IGMPSNOOP_CMD_ROUTER_NTF, event, &hdr);
	if (!msg)
		return;
	nest = nla_nest_start(msg, IGMPSNOOP_A_INST_PORT);
	if (!nest ||
	    nla_put_u32(msg, IGMPSNOOP_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(msg, IGMPSNOOP_A_PORT_IFNAME, port->dev->name) ||
	    nla_put_u32(msg, IGMPSNOOP_A_PORT_ROUTER, port->router_mode) ||
	    (vid && nla_put_u16(msg, IGMPSNOOP_A_PORT_ROUTER_VID, vid))) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	nl_multicast(inst, msg);
}

/* Before the state is cleared for IGMPSNOOP_EVENT_QUERIER_LOST. */
void igmpsnoop_nl_notify_querier(const struct igmpsnoop_querier *q,
				 enum igmpsnoop_event event)
{
	const struct igmpsnoop_instance *inst = q->inst;
	struct sk_buff *msg;
	void *hdr;

	lockdep_assert_held(&inst->lock);
	if (!nl_listening(inst))
		return;
	msg = inst_ntf_new(inst, IGMPSNOOP_CMD_QUERIER_NTF, event, &hdr);
	if (!msg)
		return;
	if (nla_put_in_addr(msg, IGMPSNOOP_A_INST_QUERIER_ADDR, q->addr) ||
	    (!q->self &&
	     nla_put_u32(msg, IGMPSNOOP_A_INST_QUERIER_PORT, q->ifindex)) ||
	    nla_put_u8(msg, IGMPSNOOP_A_INST_QUERIER_SELF, q->self) ||
	    nla_put_u8(msg, IGMPSNOOP_A_INST_QUERIER_VERSION, q->version) ||
	    (q->vid && nla_put_u16(msg, IGMPSNOOP_A_INST_QUERIER_VID, q->vid))) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	nl_multicast(inst, msg);
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
