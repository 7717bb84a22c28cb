// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the querier, as RFC 2236 and RFC 3376 describe a multicast
 * router's, so that a switch that is the only multicast-aware device of
 * its LAN keeps its hosts reporting and its snooping table right.
 *
 * The querier of an instance is one of:
 * - none: multicast is flooded (igmpsnoop_flooding());
 * - another one, heard on a port (inst->querier_ifindex), presumed gone
 *   when it is not heard for OQPI (inst->querier_timer);
 * - ours (inst->querier_self), when it is on and won the election.
 *
 * Election (RFC 2236 3, RFC 3376 6.6.2): the lowest source address wins,
 * 0.0.0.0 loses to any. Ours starts as the querier; on hearing a general
 * query from a lower address it stops querying and waits OQPI for that
 * querier to go quiet, then takes over.
 *
 * As the querier it sends a general query out of every port and to the
 * host every QI, SQC of them SQI apart at start-up, and on a leave LMQC
 * group-specific queries LMQI apart out of the port that left, whose
 * membership it lowers to LMQT. When IGMPv3 hosts stop wanting sources
 * (igmpsnoop_source.c), it asks about them with LMQC group-and-source-
 * specific queries (RFC 3376 6.6.3.2), only as an IGMPv3 querier. On a
 * bridge the queries go out through the bridge's output hooks, as the
 * bridge's own do. They teach nothing: igmpsnoop learns from what ports
 * receive, and if one comes back it is recognised by its source address.
 *
 * State lives in the instance and its members, under inst->lock. Queries
 * are decided under the lock and sent after it is dropped, from the
 * timers, which igmpsnoop_querier_stop() and the member GC shut down.
 */

#include <linux/etherdevice.h>
#include <linux/igmp.h>
#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/netfilter_bridge.h>
#include <linux/pkt_sched.h>
#include <net/ip.h>

#include "igmpsnoop_private.h"

/* One query to send. */
struct query {
	__be32 saddr;
	__be32 group;		/* 0 for a general query */
	u8 version;
	u8 qrv;
	u32 max_resp;		/* ms */
	u32 qqi;		/* ms */
	u16 nsrcs;		/* group-and-source-specific: sources */
	__be32 srcs[IGMPSNOOP_MAX_SOURCES];
};

/*
 * A Max Resp Code (RFC 3376 4.1.1) or QQIC (4.1.7) for @value units: the
 * value itself below 128; else the floating point form 1eeemmmm, meaning
 * (mmmm | 0x10) << (eee + 3), rounded down; 0xff above the largest, 31744.
 */
u8 igmpsnoop_querier_encode(u32 value)
{
	unsigned int exp;

	if (value < 0x80)
		return value;
	for (exp = 0; exp < 8; exp++)
		if (value < (0x20U << (exp + 3)))
			return 0x80 | (exp << 4) | ((value >> (exp + 3)) & 0x0f);
	return 0xff;
}

/* Does querier address @a win the election against @b? */
static bool addr_wins(__be32 a, __be32 b)
{
	if (!a)
		return false;
	return !b || ntohl(a) < ntohl(b);
}

/*
 * The source address of our queries: the configured one, else the first
 * primary address of the switch device, else 0.0.0.0.
 */
static __be32 querier_source(const struct igmpsnoop_instance *inst)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;
	__be32 addr = inst->cfg.querier_source;

	if (addr)
		return addr;
	rcu_read_lock();
	in_dev = __in_dev_get_rcu(inst->dev);
	if (in_dev) {
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (!(ifa->ifa_flags & IFA_F_SECONDARY)) {
				addr = ifa->ifa_local;
				break;
			}
		}
	}
	rcu_read_unlock();
	return addr;
}

/*
 * The query as a frame for @dev: Ethernet, IP with Router Alert, TTL 1
 * and precedence Internetwork Control as the kernel's own IGMP sends,
 * then the IGMPv2 or v3 query.
 */
static struct sk_buff *query_build(const struct igmpsnoop_instance *inst,
				   const struct query *q, struct net_device *dev)
{
	unsigned int igmp_len = q->version == 3 ?
		sizeof(struct igmpv3_query) + q->nsrcs * sizeof(__be32) :
		sizeof(struct igmphdr);
	unsigned int ip_len = sizeof(struct iphdr) + 4 + igmp_len;
	__be32 daddr = q->group ?: htonl(INADDR_ALLHOSTS_GROUP);
	struct igmpv3_query *ih3;
	struct igmphdr *ih;
	struct sk_buff *skb;
	struct iphdr *iph;
	struct ethhdr *eth;
	u8 *opt;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + ip_len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));

	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph) + 4);
	iph->version = 4;
	iph->ihl = (sizeof(*iph) + 4) / 4;
	iph->tos = 0xc0;
	iph->tot_len = htons(ip_len);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 1;
	iph->protocol = IPPROTO_IGMP;
	iph->saddr = q->saddr;
	iph->daddr = daddr;
	opt = (u8 *)(iph + 1);
	opt[0] = IPOPT_RA;
	opt[1] = 4;
	ip_send_check(iph);

	skb_set_transport_header(skb, skb->len);
	if (q->version == 3) {
		ih3 = skb_put_zero(skb, igmp_len);
		ih3->type = IGMP_HOST_MEMBERSHIP_QUERY;
		ih3->code = igmpsnoop_querier_encode(q->max_resp / 100);
		ih3->group = q->group;
		ih3->qrv = q->qrv <= 7 ? q->qrv : 0;
		ih3->qqic = igmpsnoop_querier_encode(q->qqi / 1000);
		ih3->nsrcs = htons(q->nsrcs);
		memcpy(ih3->srcs, q->srcs, q->nsrcs * sizeof(__be32));
		ih3->csum = ip_compute_csum(ih3, igmp_len);
	} else {
		ih = skb_put_zero(skb, sizeof(*ih));
		ih->type = IGMP_HOST_MEMBERSHIP_QUERY;
		ih->code = min(q->max_resp / 100, 255U);
		ih->group = q->group;
		ih->csum = ip_compute_csum(ih, sizeof(*ih));
	}

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_source, inst->dev->dev_addr);
	ip_eth_mc_map(daddr, eth->h_dest);
	eth->h_proto = htons(ETH_P_IP);
	skb->protocol = htons(ETH_P_IP);
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = dev;
	return skb;
}

static int query_finish(struct net *net, struct sock *sk, struct sk_buff *skb)
{
	skb_push(skb, ETH_HLEN);
	return dev_queue_xmit(skb);
}

/*
 * Sends @q out of @port, if the port may send. On a bridge, through the
 * bridge's output hooks (nftables bridge output chains, ebtables), as the
 * bridge sends its own queries. Called under RCU, BH off.
 */
static void query_xmit(struct igmpsnoop_instance *inst,
		       struct igmpsnoop_port *port, const struct query *q)
{
	struct sk_buff *skb;

	if (!netif_running(port->dev) ||
	    (inst->kind == IGMPSNOOP_KIND_BRIDGE && !READ_ONCE(port->forwarding)))
		return;
	skb = query_build(inst, q, port->dev);
	if (!skb)
		return;
	igmpsnoop_count(inst, q->nsrcs ? IGMPSNOOP_CNT_TX_SOURCE_QUERY :
			      q->group ? IGMPSNOOP_CNT_TX_GROUP_QUERY :
					 IGMPSNOOP_CNT_TX_QUERY);
	if (inst->kind != IGMPSNOOP_KIND_BRIDGE) {
		dev_queue_xmit(skb);
		return;
	}
	__skb_pull(skb, ETH_HLEN);
	NF_HOOK(NFPROTO_BRIDGE, NF_BR_LOCAL_OUT, dev_net(port->dev), NULL, skb,
		NULL, port->dev, query_finish);
}

/* Hands @q to the host's own IP stack, as if it came in on the switch. */
static void query_local(struct igmpsnoop_instance *inst, const struct query *q)
{
	struct sk_buff *skb;

	if (!(inst->dev->flags & IFF_UP))
		return;
	skb = query_build(inst, q, inst->dev);
	if (!skb)
		return;
	skb->protocol = eth_type_trans(skb, inst->dev);
	netif_rx(skb);
}

/* A general query to every port and the host. Called in softirq context. */
static void query_send_general(struct igmpsnoop_instance *inst,
			       const struct query *q)
{
	struct igmpsnoop_port *port;

	rcu_read_lock();
	list_for_each_entry_rcu(port, &inst->ports, list)
		query_xmit(inst, port, q);
	query_local(inst, q);
	rcu_read_unlock();
}

/* What our queries say now. Called under inst->lock. */
static void query_fill(const struct igmpsnoop_instance *inst, struct query *q,
		       __be32 group)
{
	lockdep_assert_held(&inst->lock);
	q->saddr = inst->querier_addr;
	q->group = group;
	q->version = inst->cfg.version;
	q->qrv = inst->cfg.robustness;
	q->qqi = inst->cfg.query_interval;
	q->max_resp = group ? inst->cfg.last_member_interval :
			      inst->cfg.query_response_interval;
	q->nsrcs = 0;
}

static void query_timer_fn(struct timer_list *t)
{
	struct igmpsnoop_instance *inst = from_timer(inst, t, query_timer);
	unsigned long next;
	struct query q;

	spin_lock(&inst->lock);
	if (inst->dead || !inst->querier_self) {
		spin_unlock(&inst->lock);
		return;
	}
	/* The switch device's address may have changed. */
	inst->querier_addr = querier_source(inst);
	inst->querier_version = inst->cfg.version;
	query_fill(inst, &q, 0);
	if (inst->startup_left)
		inst->startup_left--;
	next = inst->startup_left ? igmpsnoop_sqi(inst) :
				    msecs_to_jiffies(inst->cfg.query_interval);
	mod_timer(&inst->query_timer, jiffies + next);
	spin_unlock(&inst->lock);

	query_send_general(inst, &q);
}

/*
 * Our querier becomes the querier: at once, with the start-up queries if
 * @startup, else with one general query and then every QI (taking over
 * from a querier that went quiet).
 */
static void querier_start(struct igmpsnoop_instance *inst, bool startup)
{
	enum igmpsnoop_event event = IGMPSNOOP_EVENT_QUERIER_ELECTED;

	lockdep_assert_held(&inst->lock);
	if (inst->querier_present)
		event = IGMPSNOOP_EVENT_QUERIER_CHANGED;
	else	/* hosts that joined before answer within QRI */
		WRITE_ONCE(inst->flood_until, jiffies +
			   msecs_to_jiffies(inst->cfg.query_response_interval));
	del_timer(&inst->querier_timer);	/* the other's; it re-checks */
	inst->querier_self = true;
	inst->querier_addr = querier_source(inst);
	inst->querier_ifindex = 0;
	inst->querier_version = inst->cfg.version;
	inst->querier_rv = 0;
	inst->querier_qi = 0;
	inst->querier_since = jiffies;
	inst->startup_left = startup ? igmpsnoop_sqc(inst) : 0;
	WRITE_ONCE(inst->querier_present, true);
	mod_timer(&inst->query_timer, jiffies);
	netdev_info(inst->dev, "igmpsnoop: querying as %pI4%s\n",
		    &inst->querier_addr,
		    inst->querier_addr ? "" : " (no address: some devices ignore such queries)");
	igmpsnoop_nl_notify_querier(inst, event);
}

/* Our querier is turned off while it is the querier. */
static void querier_stop_self(struct igmpsnoop_instance *inst)
{
	lockdep_assert_held(&inst->lock);
	del_timer(&inst->query_timer);	/* query_timer_fn() re-checks */
	netdev_info(inst->dev, "igmpsnoop: querier off, flooding multicast\n");
	WRITE_ONCE(inst->querier_present, false);
	igmpsnoop_nl_notify_querier(inst, IGMPSNOOP_EVENT_QUERIER_LOST);
	inst->querier_self = false;
	inst->querier_addr = 0;
	inst->startup_left = 0;
}

/* The settings changed: start or stop our querier. Called under inst->lock. */
void igmpsnoop_querier_update(struct igmpsnoop_instance *inst)
{
	unsigned long next;

	lockdep_assert_held(&inst->lock);
	if (inst->dead)
		return;
	if (!inst->cfg.querier) {
		if (inst->querier_self)
			querier_stop_self(inst);
		return;
	}
	if (inst->querier_self) {
		/* The next query says what changed; a shorter QI brings it on. */
		next = jiffies + msecs_to_jiffies(inst->cfg.query_interval);
		if (timer_pending(&inst->query_timer) &&
		    time_after(inst->query_timer.expires, next))
			mod_timer(&inst->query_timer, next);
		return;
	}
	if (!inst->querier_present ||
	    addr_wins(querier_source(inst), inst->querier_addr))
		querier_start(inst, true);
	/* else another querier wins: ours waits for it to go quiet */
}

/*
 * A query from @msg->saddr came in on @port. Returns false if it is one
 * of ours come back, which must teach nothing. A general query takes part
 * in the election: from the querier or a better one, it makes that one
 * the querier (ours stops) and keeps it present for OQPI.
 */
bool igmpsnoop_querier_heard(struct igmpsnoop_port *port,
			     const struct igmpsnoop_msg *msg)
{
	struct igmpsnoop_instance *inst = port->inst;
	enum igmpsnoop_event event = IGMPSNOOP_EVENT_UNSPEC;

	lockdep_assert_held(&inst->lock);
	if (inst->querier_self && msg->saddr == inst->querier_addr)
		return false;
	if (msg->group)
		return true;	/* group-specific queries elect nobody */
	if (inst->querier_present && msg->saddr != inst->querier_addr &&
	    !addr_wins(msg->saddr, inst->querier_addr))
		return true;	/* a querier that lost the election */

	if (!inst->querier_present) {
		netdev_info(inst->dev,
			    "igmpsnoop: querier %pI4 heard on %s, snooping\n",
			    &msg->saddr, port->dev->name);
		WRITE_ONCE(inst->flood_until,
			   jiffies + msecs_to_jiffies(msg->max_resp));
		event = IGMPSNOOP_EVENT_QUERIER_ELECTED;
	} else if (inst->querier_self) {
		netdev_info(inst->dev,
			    "igmpsnoop: querier %pI4 heard on %s wins, not querying\n",
			    &msg->saddr, port->dev->name);
		del_timer(&inst->query_timer);	/* query_timer_fn() re-checks */
		inst->querier_self = false;
		inst->startup_left = 0;
		event = IGMPSNOOP_EVENT_QUERIER_CHANGED;
	} else if (inst->querier_addr != msg->saddr ||
		   inst->querier_ifindex != port->dev->ifindex) {
		event = IGMPSNOOP_EVENT_QUERIER_CHANGED;
	}
	inst->querier_addr = msg->saddr;
	inst->querier_ifindex = port->dev->ifindex;
	inst->querier_version = msg->version;
	inst->querier_rv = msg->qrv;
	inst->querier_qi = msg->qqi;
	WRITE_ONCE(inst->querier_present, true);
	mod_timer(&inst->querier_timer, jiffies + igmpsnoop_oqpi(inst));
	if (event) {
		inst->querier_since = jiffies;
		igmpsnoop_nl_notify_querier(inst, event);
	}
	return true;
}

/*
 * The other querier was not heard for OQPI: ours takes over if it is on,
 * else there is no querier and multicast is flooded.
 */
void igmpsnoop_querier_other_lost(struct igmpsnoop_instance *inst)
{
	lockdep_assert_held(&inst->lock);
	if (inst->dead || inst->querier_self || !inst->querier_present)
		return;
	if (inst->cfg.querier) {
		netdev_info(inst->dev, "igmpsnoop: querier %pI4 lost, taking over\n",
			    &inst->querier_addr);
		querier_start(inst, false);
		return;
	}
	netdev_info(inst->dev, "igmpsnoop: querier %pI4 lost, flooding multicast\n",
		    &inst->querier_addr);
	WRITE_ONCE(inst->querier_present, false);
	igmpsnoop_nl_notify_querier(inst, IGMPSNOOP_EVENT_QUERIER_LOST);
	inst->querier_addr = 0;
	inst->querier_ifindex = 0;
	inst->querier_rv = 0;
	inst->querier_qi = 0;
}

/*
 * The sources of @m our group-and-source-specific query names now
 * (RFC 3376 6.6.3.2): those still to be asked about whose timers are not
 * above LMQT (a host answered for the others). Each is asked LMQC times.
 * Returns whether some are left to ask later. Called under inst->lock.
 */
static bool query_fill_sources(struct igmpsnoop_member *m, struct query *q)
{
	struct igmpsnoop_sources *srcs = igmpsnoop_member_sources(m);
	unsigned long lmqt_end = jiffies + igmpsnoop_lmqt(m->inst);
	bool more = false;
	unsigned int i;

	q->nsrcs = 0;
	if (!srcs || q->version != 3)
		return false;
	for (i = 0; i < srcs->n; i++) {
		struct igmpsnoop_source *s = &srcs->src[i];

		if (!s->rexmit || !s->forward)
			continue;
		if (!time_after(s->expires, lmqt_end))
			q->srcs[q->nsrcs++] = s->addr;
		if (--s->rexmit)
			more = true;
	}
	return more;
}

static void member_query_timer_fn(struct timer_list *t)
{
	struct igmpsnoop_member *m = from_timer(m, t, query_timer);
	struct igmpsnoop_instance *inst = m->inst;
	struct query q, sq;
	bool group_query = false, more;

	spin_lock(&inst->lock);
	if (m->dead || inst->dead || !inst->querier_self) {
		/* Ours stopped querying: a later leave asks afresh. */
		m->queries_left = 0;
		spin_unlock(&inst->lock);
		return;
	}
	if (m->queries_left) {
		query_fill(inst, &q, m->group->key.addr);
		group_query = true;
		m->queries_left--;
	}
	query_fill(inst, &sq, m->group->key.addr);
	more = query_fill_sources(m, &sq);
	if (m->queries_left || more)
		mod_timer(&m->query_timer, jiffies +
			  msecs_to_jiffies(inst->cfg.last_member_interval));
	spin_unlock(&inst->lock);

	/* The member GC shuts this timer down before the port can go. */
	rcu_read_lock();
	if (group_query)
		query_xmit(inst, m->port, &q);
	if (sq.nsrcs)
		query_xmit(inst, m->port, &sq);
	rcu_read_unlock();
}

/*
 * @m's port left its group while our querier is the querier: ask the
 * port's other hosts, LMQC times LMQI apart. The caller lowered the
 * membership to LMQT. A leave repeated while they are asked (hosts send
 * state-change reports QRV times) changes nothing.
 */
void igmpsnoop_querier_leave(struct igmpsnoop_member *m)
{
	lockdep_assert_held(&m->inst->lock);
	if (m->dead || m->queries_left)
		return;
	m->queries_left = m->inst->cfg.last_member_count;
	mod_timer(&m->query_timer, jiffies);
}

/*
 * Sources of @m are to be asked about (their rexmit counts are set): send
 * the first group-and-source-specific query now, unless queries of @m are
 * under way, which will name them.
 */
void igmpsnoop_querier_sources(struct igmpsnoop_member *m)
{
	lockdep_assert_held(&m->inst->lock);
	if (!m->dead && !timer_pending(&m->query_timer))
		mod_timer(&m->query_timer, jiffies);
}

void igmpsnoop_querier_member_init(struct igmpsnoop_member *m)
{
	timer_setup(&m->query_timer, member_query_timer_fn, 0);
}

void igmpsnoop_querier_init(struct igmpsnoop_instance *inst)
{
	timer_setup(&inst->query_timer, query_timer_fn, 0);
}

/* After inst->dead is set: no query is sent any more. */
void igmpsnoop_querier_stop(struct igmpsnoop_instance *inst)
{
	timer_shutdown_sync(&inst->query_timer);
}
