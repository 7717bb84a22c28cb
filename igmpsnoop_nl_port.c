// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop netlink: ports. PORT_ADD and PORT_DEL (subset instances),
 * PORT_SET, PORT_GET (and its dump); the port nest INSTANCE_GET shows too.
 */

#include <linux/if_bridge.h>
#include <net/sock.h>

#include "igmpsnoop_netlink.h"

/* What igmpsnoop_nl_put_port() reports of one port, read under inst->lock. */
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

/* The port's state in @vid, a nest. Under inst->lock. */
static int put_port_vlan(struct sk_buff *skb, struct igmpsnoop_port *port,
			 u16 vid, const struct igmpsnoop_port_vlan *pv)
{
	unsigned long until = READ_ONCE(pv->router_expires);
	struct nlattr *nest;

	if (until && !time_before(jiffies, until))
		until = 0;
	nest = nla_nest_start(skb, IGMPSNOOP_A_PORT_VLAN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, IGMPSNOOP_A_PORT_VLAN_ID, vid) ||
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_VLAN_ROUTER, pv->router_mode) ||
	    nla_put_u8(skb, IGMPSNOOP_A_PORT_VLAN_IS_ROUTER,
		       igmpsnoop_port_is_router(port, vid)) ||
	    (until && nla_put_u32(skb, IGMPSNOOP_A_PORT_VLAN_ROUTER_TIMER,
				  igmpsnoop_nl_ms_left(until))) ||
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_VLAN_MAX_GROUPS, pv->max_groups) ||
	    (pv->max_groups &&
	     nla_put_u32(skb, IGMPSNOOP_A_PORT_VLAN_GROUPS, pv->n_groups))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The port's state in each VLAN in which it has some, from VLAN *@next on,
 * in VLAN order: at most @max nests (0: as many as @skb holds), and with
 * @count how many entries the port has. Under inst->lock (nla_put() does
 * not sleep), which keeps the entries: O(the port's entries).
 *
 * Returns 0 when every entry from *@next on is in, 1 when @skb is full
 * (*@next is then the first entry left out, where the next message of a
 * dump goes on), and -EMSGSIZE when not one entry fit.
 */
static int put_port_vlans(struct sk_buff *skb, struct igmpsnoop_port *port,
			  u16 *next, u32 max, bool count)
{
	struct igmpsnoop_port_vlan *pv;
	unsigned long vid;
	u32 n = 0;

	lockdep_assert_held(&port->inst->lock);
	if (count) {
		xa_for_each(&port->vlans, vid, pv)
			n++;
		if (nla_put_u32(skb, IGMPSNOOP_A_PORT_VLAN_COUNT, n))
			return -EMSGSIZE;
		n = 0;
	}
	xa_for_each_start(&port->vlans, vid, pv, *next) {
		if (max && n >= max)
			break;
		if (put_port_vlan(skb, port, vid, pv)) {
			if (!n)
				return -EMSGSIZE;
			*next = vid;
			return 1;
		}
		n++;
	}
	return 0;
}

/**
 * igmpsnoop_nl_ovs_vlans_parse - an OVS port's VLANs in a port nest
 * @kind: the kind of the port's instance
 * @tb: the nest's attributes
 * @vlans: set to the VLANs, to be given to igmpsnoop_vlan_ovs_set() or
 *	freed; NULL for a trunk of all VLANs without a native one
 * @extack: why they are refused
 *
 * Returns 1 if the nest gives the port's VLANs, 0 if it does not, or an
 * error.
 */
int igmpsnoop_nl_ovs_vlans_parse(enum igmpsnoop_kind kind, struct nlattr **tb,
				 struct igmpsnoop_ovs_vlans **vlans,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *native = tb[IGMPSNOOP_A_PORT_NATIVE_VLAN];
	struct nlattr *access = tb[IGMPSNOOP_A_PORT_ACCESS_VLAN];
	struct nlattr *trunk = tb[IGMPSNOOP_A_PORT_TRUNK_VLANS];
	struct nlattr *all = tb[IGMPSNOOP_A_PORT_TRUNK_ALL];
	struct nlattr *attr = access ?: trunk ?: all ?: native;
	struct igmpsnoop_ovs_vlans *v;
	const u8 *bits = NULL;
	unsigned int vid;

	*vlans = NULL;
	if (!attr) {
		if (!tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED])
			return 0;
		NL_SET_ERR_MSG_ATTR(extack, tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED],
				    "native-untagged goes with a trunk's native VLAN (trunk VLANS native-untagged VID)");
		return -EINVAL;
	}
	if (!!access + !!trunk + !!all > 1) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "A port is an access port or a trunk: give one of access-vlan and trunk");
		return -EINVAL;
	}
	if (kind != IGMPSNOOP_KIND_OVS) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "A bridge port's VLANs are the bridge's (bridge vlan): only OVS ports are told theirs");
		return -EOPNOTSUPP;
	}
	if (tb[IGMPSNOOP_A_PORT_VID]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IGMPSNOOP_A_PORT_VID],
				    "The port's VLANs are the port's, not one VLAN's: leave out the vlan");
		return -EINVAL;
	}
	if ((native || tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED]) && !trunk && !all) {
		NL_SET_ERR_MSG_ATTR(extack, access ?: native,
				    "A native VLAN is a trunk's: give the trunk's VLANs too (trunk VLANS|all native-tagged|native-untagged VID)");
		return -EINVAL;
	}
	if (tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED] && !native) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED],
				    "native-untagged without the native VLAN: give its VID");
		return -EINVAL;
	}
	if (all && !native)
		return 1;
	if (trunk) {
		bits = nla_data(trunk);
		if (bits[IGMPSNOOP_TRUNK_BYTES - 1] & 0x80) {
			NL_SET_ERR_MSG_ATTR(extack, trunk, "VLAN 4095 is reserved");
			return -EINVAL;
		}
		if (!memchr_inv(bits, 0, IGMPSNOOP_TRUNK_BYTES)) {
			NL_SET_ERR_MSG_ATTR(extack, trunk,
					    "A trunk of no VLAN: give its VLANs, or trunk all");
			return -EINVAL;
		}
	}
	v = kzalloc(sizeof(*v), GFP_KERNEL);
	if (!v) {
		NL_SET_ERR_MSG(extack, "No memory for the port's VLANs");
		return -ENOMEM;
	}
	if (access) {
		v->access = nla_get_u16(access);
	} else if (all) {
		bitmap_fill(v->trunk, VLAN_N_VID - 1);	/* not 4095 */
		/*
		 * Its untagged frames are the native VLAN's: VLAN 0's querier
		 * leaves it to the native VLAN's.
		 */
		__clear_bit(0, v->trunk);
		v->trunk_all = true;
	} else {
		for (vid = 0; vid < VLAN_N_VID; vid++)
			if (bits[vid / 8] & BIT(vid % 8))
				__set_bit(vid, v->trunk);
	}
	if (native) {
		v->native = nla_get_u16(native);
		v->native_untagged = nla_get_flag(tb[IGMPSNOOP_A_PORT_NATIVE_UNTAGGED]);
	}
	*vlans = v;
	return 1;
}

/* An OVS port's VLANs, as PORT_SET takes them. Under RTNL. */
static int put_ovs_vlans(struct sk_buff *skb, struct igmpsnoop_port *port)
{
	const struct igmpsnoop_ovs_vlans *v;
	struct nlattr *attr;
	unsigned long vid;
	u8 *bits;

	ASSERT_RTNL();
	v = rtnl_dereference(port->ovs_vlans);
	if (!v)
		return nla_put_flag(skb, IGMPSNOOP_A_PORT_TRUNK_ALL);
	if (v->access)
		return nla_put_u16(skb, IGMPSNOOP_A_PORT_ACCESS_VLAN, v->access);
	if (v->native &&
	    (nla_put_u16(skb, IGMPSNOOP_A_PORT_NATIVE_VLAN, v->native) ||
	     (v->native_untagged &&
	      nla_put_flag(skb, IGMPSNOOP_A_PORT_NATIVE_UNTAGGED))))
		return -EMSGSIZE;
	if (v->trunk_all)
		return nla_put_flag(skb, IGMPSNOOP_A_PORT_TRUNK_ALL);
	attr = nla_reserve(skb, IGMPSNOOP_A_PORT_TRUNK_VLANS, IGMPSNOOP_TRUNK_BYTES);
	if (!attr)
		return -EMSGSIZE;
	bits = nla_data(attr);
	memset(bits, 0, IGMPSNOOP_TRUNK_BYTES);
	for_each_set_bit(vid, v->trunk, VLAN_N_VID)
		bits[vid / 8] |= BIT(vid % 8);
	return 0;
}

/*
 * The port's settings and state, and with @stats its counters (a PORT_GET
 * message; INSTANCE_GET's nests leave them out, to hold more ports).
 */
static int put_port_attrs(struct sk_buff *skb, struct igmpsnoop_port *port,
			  bool stats)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_stats counters;
	struct port_state ps;
	unsigned long until;

	spin_lock_bh(&inst->lock);
	ps.router_mode = port->router_mode;
	ps.fast_leave = port->fast_leave;
	ps.is_router = igmpsnoop_router_state(port, &until, &ps.router_vlans);
	ps.router_timer = until ? igmpsnoop_nl_ms_left(until) : 0;
	ps.max_groups = igmpsnoop_port_max_groups(port);
	ps.max_groups_default = port->max_groups_default;
	ps.n_groups = port->n_groups;
	ps.refused = port->refused;
	spin_unlock_bh(&inst->lock);

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
	    nla_put_u32(skb, IGMPSNOOP_A_PORT_ROUTER_VLANS, ps.router_vlans))
		return -EMSGSIZE;
	if (!stats)
		return 0;
	igmpsnoop_stats_read(port->stats, &counters);
	if (igmpsnoop_nl_put_counters(skb, IGMPSNOOP_A_PORT_STATS, &counters, true) ||
	    (inst->kind == IGMPSNOOP_KIND_OVS && put_ovs_vlans(skb, port)))
		return -EMSGSIZE;
	return 0;
}

/* A port nest of an INSTANCE_GET message: its settings and state. */
int igmpsnoop_nl_put_port(struct sk_buff *skb, struct igmpsnoop_port *port)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, IGMPSNOOP_A_INST_PORT);
	if (!nest)
		return -EMSGSIZE;
	if (put_port_attrs(skb, port, false)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* PORT_GET, PORT_ADD, PORT_DEL: an instance and a port nest with its ifindex. */
static int parse_port_req(struct genl_info *info, struct nlattr **tb)
{
	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME) ||
	    igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_INST_PORT))
		return -EINVAL;
	return igmpsnoop_nl_parse_nest(info, IGMPSNOOP_A_INST_PORT, tb, IGMPSNOOP_A_PORT_IFINDEX,
			  igmpsnoop_nl_port_id_policy, IGMPSNOOP_A_PORT_IFINDEX);
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
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	dev = igmpsnoop_nl_get_dev(info, tb[IGMPSNOOP_A_PORT_IFINDEX]);
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

int igmpsnoop_nl_port_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return port_mod(info, true);
}

int igmpsnoop_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return port_mod(info, false);
}

/*
 * PORT_SET with a VLAN: its router mode and max-groups alone, on a port
 * the bridge has in that VLAN. Under RTNL.
 */
static int port_vlan_set(struct igmpsnoop_port *port, struct nlattr **tb,
			 const u32 *router_mode, const u32 *max_groups,
			 struct netlink_ext_ack *extack)
{
	struct igmpsnoop_instance *inst = port->inst;
	u16 vid = nla_get_u16(tb[IGMPSNOOP_A_PORT_VID]);
	bool tagged;
	int ret;

	if (tb[IGMPSNOOP_A_PORT_FAST_LEAVE]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IGMPSNOOP_A_PORT_FAST_LEAVE],
				    "Fast leave is the port's alone (leave out the vlan)");
		return -EINVAL;
	}
	if (!inst->vlan_filtering) {
		IGMPSNOOP_NL_ERR_KIND(extack, tb[IGMPSNOOP_A_PORT_VID], inst,
				      "The switch does not filter VLANs (vlan_filtering 1)",
				      "The instance's ports have no VLANs (port set PORT access-vlan|trunk)");
		return -EOPNOTSUPP;
	}
	if (!igmpsnoop_querier_of(inst, vid) ||
	    !igmpsnoop_vlan_port_in(port, vid, &tagged)) {
		IGMPSNOOP_NL_ERR_KIND(extack, tb[IGMPSNOOP_A_PORT_VID], inst,
				      "The port is not in this VLAN (bridge vlan add)",
				      "The port is not in this VLAN (port set PORT access-vlan|trunk)");
		return -ENOENT;
	}
	spin_lock_bh(&inst->lock);
	ret = igmpsnoop_port_vlan_set(port, vid, router_mode, max_groups);
	spin_unlock_bh(&inst->lock);
	if (ret)
		NL_SET_ERR_MSG(extack, "No memory for the port's state in the VLAN");
	return ret;
}

int igmpsnoop_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IGMPSNOOP_NL_PORT_MAX + 1];
	struct igmpsnoop_ovs_vlans *vlans = NULL;
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	u32 router_mode, max_groups = 0;
	int ret, set_vlans;
	u8 fast_leave;

	if (igmpsnoop_nl_inst_missing(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME) ||
	    igmpsnoop_nl_req_missing(info, IGMPSNOOP_A_INST_PORT))
		return -EINVAL;
	ret = igmpsnoop_nl_parse_nest(info, IGMPSNOOP_A_INST_PORT, tb,
				      IGMPSNOOP_NL_PORT_MAX,
				      igmpsnoop_nl_port_set_policy,
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
	if (tb[IGMPSNOOP_A_PORT_ROUTER] && !tb[IGMPSNOOP_A_PORT_VID] &&
	    nla_get_u32(tb[IGMPSNOOP_A_PORT_ROUTER]) == IGMPSNOOP_ROUTER_DEFAULT) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[IGMPSNOOP_A_PORT_ROUTER],
				    "Only a port's mode in a VLAN follows the port's (give the vlan)");
		return -EINVAL;
	}
	if (tb[IGMPSNOOP_A_PORT_ROUTER])
		router_mode = nla_get_u32(tb[IGMPSNOOP_A_PORT_ROUTER]);
	if (tb[IGMPSNOOP_A_PORT_FAST_LEAVE])
		fast_leave = nla_get_u8(tb[IGMPSNOOP_A_PORT_FAST_LEAVE]);
	if (tb[IGMPSNOOP_A_PORT_MAX_GROUPS])
		max_groups = nla_get_u32(tb[IGMPSNOOP_A_PORT_MAX_GROUPS]);

	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto out_unlock;
	}
	port = igmpsnoop_nl_get_port(inst, tb[IGMPSNOOP_A_PORT_IFINDEX], info->extack);
	if (IS_ERR(port)) {
		ret = PTR_ERR(port);
		goto out_unlock;
	}
	set_vlans = igmpsnoop_nl_ovs_vlans_parse(inst->kind, tb, &vlans,
						 info->extack);
	if (set_vlans < 0) {
		ret = set_vlans;
		goto out_unlock;
	}
	if (set_vlans) {
		igmpsnoop_vlan_ovs_set(port, vlans);
		igmpsnoop_querier_vlans_sync(inst);
	}
	if (tb[IGMPSNOOP_A_PORT_VID]) {
		/* In a VLAN, max-groups default is 0: none of its own. */
		ret = port_vlan_set(port, tb,
				    tb[IGMPSNOOP_A_PORT_ROUTER] ? &router_mode : NULL,
				    tb[IGMPSNOOP_A_PORT_MAX_GROUPS] ||
				    tb[IGMPSNOOP_A_PORT_MAX_GROUPS_DEFAULT] ?
				    &max_groups : NULL, info->extack);
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

/*
 * A PORT_GET message: the instance's names and one port nest.
 *
 * A reply (no @cb) holds the port's settings, state and counters, and its
 * first IGMPSNOOP_PORT_VLANS_SHOWN VLAN entries with their count. A dump
 * holds every entry: when they do not fit in one message, the port goes
 * on in the next ones, which hold its ifindex and name and the next
 * entries alone. *@more says that this message goes on with the port from
 * its entry *@vid; both are left for the next message.
 *
 * Returns 0 when the port is complete, 1 when it goes on in the next
 * message, -EMSGSIZE when nothing of it fit.
 */
static int put_port_msg(struct sk_buff *skb, struct igmpsnoop_port *port,
			u32 portid, u32 seq, int flags, struct netlink_callback *cb,
			u16 *vid, bool *more)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct nlattr *nest;
	void *hdr;
	int ret;

	hdr = genlmsg_put(skb, portid, seq, &igmpsnoop_genl_family, flags,
			  IGMPSNOOP_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb)
		genl_dump_check_consistent(cb, hdr);
	if (igmpsnoop_nl_put_inst_names(skb, inst))
		goto err_cancel;
	nest = nla_nest_start(skb, IGMPSNOOP_A_INST_PORT);
	if (!nest)
		goto err_cancel;
	if (*more)
		ret = nla_put_u32(skb, IGMPSNOOP_A_PORT_IFINDEX, port->dev->ifindex) ?:
		      nla_put_string(skb, IGMPSNOOP_A_PORT_IFNAME, port->dev->name);
	else
		ret = put_port_attrs(skb, port, true);
	if (ret)
		goto err_cancel;
	spin_lock_bh(&inst->lock);
	ret = put_port_vlans(skb, port, vid, cb ? 0 : IGMPSNOOP_PORT_VLANS_SHOWN,
			     !*more);
	spin_unlock_bh(&inst->lock);
	if (ret < 0)
		goto err_cancel;
	*more = ret;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return ret;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int igmpsnoop_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[IGMPSNOOP_A_PORT_IFINDEX + 1];
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	struct sk_buff *msg;
	bool more = false;
	u16 vid = 0;
	int ret;

	ret = parse_port_req(info, tb);
	if (ret < 0)
		return ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rtnl_lock();
	inst = igmpsnoop_nl_get_instance(info, IGMPSNOOP_A_INST_IFINDEX, IGMPSNOOP_A_INST_NAME);
	if (IS_ERR(inst)) {
		ret = PTR_ERR(inst);
		goto err_unlock;
	}
	port = igmpsnoop_nl_get_port(inst, tb[IGMPSNOOP_A_PORT_IFINDEX], info->extack);
	if (IS_ERR(port)) {
		ret = PTR_ERR(port);
		goto err_unlock;
	}
	ret = put_port_msg(msg, port, info->snd_portid, info->snd_seq, 0, NULL,
			   &vid, &more);
	if (ret < 0)
		goto err_unlock;
	rtnl_unlock();
	return genlmsg_reply(msg, info);

err_unlock:
	rtnl_unlock();
	nlmsg_free(msg);
	return ret;
}

int igmpsnoop_nl_port_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct igmpsnoop_net *in = igmpsnoop_pernet(sock_net(skb->sk));
	struct igmpsnoop_nl_dump_ctx *ctx = IGMPSNOOP_NL_DUMP_CTX(cb);
	struct igmpsnoop_instance *inst;
	struct igmpsnoop_port *port;
	long iidx = 0, pidx;
	int ret = 0;

	rtnl_lock();
	cb->seq = in->gen;
	list_for_each_entry(inst, &in->instances, list) {
		if (igmpsnoop_nl_dump_filter_skip(&ctx->filter, inst))
			continue;
		if (iidx++ < ctx->inst_skip)
			continue;
		pidx = 0;
		list_for_each_entry(port, &inst->ports, list) {
			if (pidx++ < ctx->port_skip)
				continue;
			if (ctx->port_more &&
			    ctx->port_ifindex != port->dev->ifindex) {
				/* The port was removed: this one is new. */
				ctx->port_more = false;
				ctx->port_vid = 0;
			}
			ret = put_port_msg(skb, port, NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb,
					   &ctx->port_vid, &ctx->port_more);
			if (ret) {
				/* Full, or the port goes on in the next one. */
				ctx->port_ifindex = port->dev->ifindex;
				ret = min(ret, 0);
				goto out;
			}
			ctx->port_skip++;
			ctx->port_vid = 0;
		}
		ctx->inst_skip++;
		ctx->port_skip = 0;
	}
out:
	rtnl_unlock();
	return igmpsnoop_nl_dump_done(skb, ret);
}
