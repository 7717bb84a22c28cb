// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop netlink: notifications to the monitor group.
 */

#include "igmpsnoop_netlink.h"

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
	/* Sources while they fit in NTF_SOURCES_MAX: a dump gives them all. */
	size = igmpsnoop_nl_group_msg_size(group, true);
	sources = size <= NTF_SOURCES_MAX;
	if (!sources)
		size = igmpsnoop_nl_group_msg_size(group, false);
	msg = genlmsg_new(size, GFP_ATOMIC);
	if (!msg)
		return;
	rcu_read_lock();
	ret = igmpsnoop_nl_put_group_msg(msg, group, 0, 0, 0,
					 IGMPSNOOP_CMD_GROUP_NTF, event, NULL,
					 sources, NULL);
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
	if (!*hdr || igmpsnoop_nl_put_inst_names(msg, inst) ||
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
