// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: IGMPv3 source filtering, RFC 3376 6.4 router state kept per
 * member (group, port), so that data from S to G goes only to the ports
 * whose hosts want S.
 *
 * A member's state is its filter mode, its group timer (armed in EXCLUDE
 * mode only) and its source records: forwarded
 * sources with a source timer (INCLUDE's list, EXCLUDE's requested list)
 * and blocked sources (EXCLUDE's exclude list). The records are published
 * as one RCU array, struct igmpsnoop_sources, built anew under inst->lock
 * whenever a source comes, goes or changes list; source timers and query
 * retransmission counts change in place under the lock. The member's
 * source deadline is its earliest source timer (the instance's timer
 * wheel serves it with the member's other deadlines).
 *
 * A record is applied one source at a time over the union of the old
 * records and the record's sources (decide()): RFC 3376 6.4.1 and 6.4.2
 * give, for each filter mode and record type, each source's new list and
 * timer, and which sources to query. 6.5 gives the expiries: a source
 * timer expiring removes the source (INCLUDE) or blocks it (EXCLUDE); the
 * group timer expiring turns EXCLUDE into INCLUDE with the sources whose
 * timers still run, or ends the membership.
 *
 * "Send Q(G,S)" lowers the source timers of S to LMQT and, when ours is
 * the IGMPv3 querier, sends LMQC group-and-source-specific queries out of
 * the port (igmpsnoop_querier.c). With fast leave the sources go at once.
 * While another querier is heard, its queries do that (snooped in
 * igmpsnoop_source_query()). While an IGMPv1 or v2 host is heard on the
 * port (RFC 3376 7.3.2), BLOCK records and the sources of TO_EX records
 * are ignored; while an IGMPv1 host is, leaves are.
 *
 * The data path tests a member's sources only for ports in the group's
 * src_ports bitmap: members in INCLUDE mode, or with blocked sources. The
 * rest, EXCLUDE mode with nothing blocked (every IGMPv1/v2 membership),
 * are in the group's ports bitmap and cost a bit test as before.
 */

#include <linux/bsearch.h>
#include <linux/igmp.h>
#include <linux/jiffies.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "igmpsnoop_private.h"

/* Sources of one record looked at; the rest are refused. */
#define MAX_RECORD_SOURCES	512

enum src_state {
	SRC_NONE,		/* no record */
	SRC_FWD,		/* forwarded, with a source timer */
	SRC_BLK,		/* blocked (EXCLUDE mode) */
};

enum src_timer {
	TIMER_KEEP,		/* as it was */
	TIMER_GMI,		/* GMI from now */
	TIMER_GROUP,		/* the group timer's */
};

/* A source of the old records or of the record, while a record applies. */
struct src_work {
	__be32 addr;
	u8 old;			/* enum src_state */
	u8 new;			/* enum src_state */
	u8 timer;		/* enum src_timer */
	bool in_rec;		/* named by the record */
	bool ask;		/* Send Q(G, S) */
	u8 rexmit;
	unsigned long expires;
};

/*
 * The instance's space for applying a record, used under inst->lock: the
 * record's sources, sorted, and their union with a member's records.
 */
struct igmpsnoop_src_scratch {
	__be32 rec[MAX_RECORD_SOURCES];
	struct src_work w[IGMPSNOOP_MAX_SOURCES + MAX_RECORD_SOURCES];
};

/* Sources are sorted by their address as a number, in network order. */
static int addr_cmp(const void *a, const void *b)
{
	u32 x = (__force u32)*(const __be32 *)a;
	u32 y = (__force u32)*(const __be32 *)b;

	return x < y ? -1 : x > y;
}

/* The record of @addr in @srcs, by binary search, or NULL. */
static const struct igmpsnoop_source *
sources_find(const struct igmpsnoop_sources *srcs, __be32 addr)
{
	unsigned int lo = 0, hi = srcs->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;
		int c = addr_cmp(&addr, &srcs->src[mid].addr);

		if (!c)
			return &srcs->src[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static bool is_exclude_record(u8 type)
{
	return type == IGMPV3_MODE_IS_EXCLUDE ||
	       type == IGMPV3_CHANGE_TO_EXCLUDE;
}

/*
 * RFC 3376 6.4.1 and 6.4.2 for one source @w, after a record of @type,
 * when the filter mode was INCLUDE if @include, else EXCLUDE. In the
 * RFC's words the old state is INCLUDE(A) or EXCLUDE(X, Y), the record's
 * sources B (INCLUDE) or A (EXCLUDE).
 */
static void decide(struct src_work *w, bool include, u8 type)
{
	u8 old = w->old;

	w->new = old;
	w->timer = TIMER_KEEP;
	w->ask = false;
	switch (type) {
	case IGMPV3_MODE_IS_INCLUDE:
	case IGMPV3_ALLOW_NEW_SOURCES:
	case IGMPV3_CHANGE_TO_INCLUDE:
		/* INCLUDE(A+B), (B)=GMI; EXCLUDE(X+A, Y-A), (A)=GMI */
		if (w->in_rec) {
			w->new = SRC_FWD;
			w->timer = TIMER_GMI;
		} else if (type == IGMPV3_CHANGE_TO_INCLUDE) {
			/* Q(G, A-B); Q(G, X-A) */
			w->ask = old == SRC_FWD;
		}
		break;
	case IGMPV3_BLOCK_OLD_SOURCES:
		if (!w->in_rec)
			break;
		if (include) {
			/* INCLUDE(A), Q(G, A*B) */
			w->ask = old == SRC_FWD;
		} else if (old != SRC_BLK) {
			/* EXCLUDE(X+(A-Y), Y), (A-X-Y)=GT, Q(G, A-Y) */
			w->ask = true;
			if (old == SRC_NONE) {
				w->new = SRC_FWD;
				w->timer = TIMER_GROUP;
			}
		}
		break;
	case IGMPV3_MODE_IS_EXCLUDE:
	case IGMPV3_CHANGE_TO_EXCLUDE:
		if (!w->in_rec) {
			/* Delete (A-B); delete (X-A), (Y-A) */
			w->new = SRC_NONE;
			break;
		}
		if (include) {
			/* EXCLUDE(A*B, B-A), (B-A)=0; TO_EX: Q(G, A*B) */
			if (old == SRC_NONE)
				w->new = SRC_BLK;
			else
				w->ask = type == IGMPV3_CHANGE_TO_EXCLUDE;
			break;
		}
		/*
		 * EXCLUDE(A-Y, Y*A); IS_EX: (A-X-Y)=GMI;
		 * TO_EX: (A-X-Y)=GT, Q(G, A-Y)
		 */
		if (old == SRC_NONE) {
			w->new = SRC_FWD;
			w->timer = type == IGMPV3_MODE_IS_EXCLUDE ? TIMER_GMI :
								    TIMER_GROUP;
		}
		w->ask = type == IGMPV3_CHANGE_TO_EXCLUDE && old != SRC_BLK;
		break;
	}
}

static struct igmpsnoop_sources *sources_alloc(unsigned int n, bool include)
{
	struct igmpsnoop_sources *srcs;

	srcs = kmalloc(struct_size(srcs, src, n), GFP_ATOMIC);
	if (!srcs)
		return NULL;
	srcs->include = include;
	srcs->n = n;
	return srcs;
}

/* Does @srcs let every source through (EXCLUDE, nothing blocked)? */
static bool sources_any(const struct igmpsnoop_sources *srcs)
{
	unsigned int i;

	if (!srcs)
		return true;
	if (srcs->include)
		return false;
	for (i = 0; i < srcs->n; i++)
		if (!srcs->src[i].forward)
			return false;
	return true;
}

/* Do @a and @b forward the same sources, in the same filter mode? */
static bool sources_same(const struct igmpsnoop_sources *a,
			 const struct igmpsnoop_sources *b)
{
	unsigned int i;

	if (!a || !b)
		return a == b;
	if (a->include != b->include || a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (a->src[i].addr != b->src[i].addr ||
		    a->src[i].forward != b->src[i].forward)
			return false;
	return true;
}

/* Arms the source timer of @m at its earliest source timer, if any. */
static void src_timer_update(struct igmpsnoop_member *m)
{
	const struct igmpsnoop_sources *srcs = igmpsnoop_member_sources(m);
	unsigned long first = 0;
	bool any = false;
	unsigned int i;

	if (m->dead)
		return;
	for (i = 0; srcs && i < srcs->n; i++) {
		if (!srcs->src[i].forward)
			continue;
		if (!any || time_before(srcs->src[i].expires, first))
			first = srcs->src[i].expires;
		any = true;
	}
	if (any)
		igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_SOURCE, first);
	else
		igmpsnoop_member_timer_clear(m, IGMPSNOOP_MT_SOURCE);
}

/*
 * Publishes @srcs (NULL: every source) as @m's filter, frees the old one
 * after a grace period and puts the port in the bitmap the data path
 * tests (igmpsnoop_group_ports_set()). Tells listeners if what is
 * forwarded changed.
 */
static void sources_publish(struct igmpsnoop_member *m,
			    struct igmpsnoop_sources *srcs, bool notify)
{
	struct igmpsnoop_sources *old = igmpsnoop_member_sources(m);
	struct igmpsnoop_group *group = m->group;
	unsigned int bit = m->port->index;
	bool changed = !sources_same(old, srcs);

	rcu_assign_pointer(m->srcs, srcs);
	igmpsnoop_group_ports_set(group, bit, !sources_any(srcs));
	if (old)
		kfree_rcu(old, rcu);
	src_timer_update(m);
	if (changed && notify)
		igmpsnoop_nl_notify_group(group, IGMPSNOOP_EVENT_GROUP_CHANGED);
}

/*
 * @m wants every source: a new membership from user space or an IGMPv1 or
 * v2 report, which RFC 3376 7.3.2 reads as IS_EX{}. Called under
 * inst->lock; the caller tells listeners.
 */
void igmpsnoop_source_set_any(struct igmpsnoop_member *m)
{
	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	sources_publish(m, NULL, false);
}

/*
 * The source records of @w (sorted) whose state is not SRC_NONE, at most
 * IGMPSNOOP_MAX_SOURCES; *@refused counts those left out. A member holds
 * at most that many, so what does not fit is new: the highest new
 * addresses are refused.
 */
static struct igmpsnoop_sources *sources_build(struct src_work *w,
					       unsigned int n, bool include,
					       unsigned int *refused)
{
	struct igmpsnoop_sources *srcs;
	unsigned int i, kept = 0, excess;

	for (i = 0; i < n; i++)
		if (w[i].new != SRC_NONE)
			kept++;
	if (kept > IGMPSNOOP_MAX_SOURCES) {
		excess = kept - IGMPSNOOP_MAX_SOURCES;
		*refused += excess;
		for (i = n; i-- && excess;) {
			if (w[i].old == SRC_NONE && w[i].new != SRC_NONE) {
				w[i].new = SRC_NONE;
				excess--;
			}
		}
		kept = IGMPSNOOP_MAX_SOURCES;
	}
	srcs = sources_alloc(kept, include);
	if (!srcs)
		return ERR_PTR(-ENOMEM);
	kept = 0;
	for (i = 0; i < n && kept < srcs->n; i++) {
		if (w[i].new == SRC_NONE)
			continue;
		srcs->src[kept++] = (struct igmpsnoop_source) {
			.addr = w[i].addr,
			.forward = w[i].new == SRC_FWD,
			.rexmit = w[i].new == SRC_FWD ? w[i].rexmit : 0,
			.expires = w[i].new == SRC_FWD ? w[i].expires : 0,
		};
	}
	return srcs;
}

/*
 * Is a "Send Q(G, ...)" of a record on @m's port ignored? While an IGMPv1
 * host is heard there (leaves are ignored), or while another querier is
 * (its own queries lower the timers). Else our timers go to LMQT.
 */
static bool asks_ignored(const struct igmpsnoop_member *m)
{
	const struct igmpsnoop_querier *q =
		igmpsnoop_querier_of(igmpsnoop_member_inst(m), m->group->key.vid);

	return igmpsnoop_member_host_version(m) == 1 ||
	       (q && q->present && !q->self);
}

/* "Send Q(G)": the group timer goes to LMQT, or at once with fast leave. */
static void ask_group(struct igmpsnoop_member *m)
{
	struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);

	if (m->port->fast_leave) {
		igmpsnoop_source_group_expired(m);	/* may free @m's state */
		return;
	}
	if (asks_ignored(m))
		return;
	igmpsnoop_member_lower(m, jiffies +
			       igmpsnoop_lmqt(inst, m->group->key.vid));
	igmpsnoop_querier_leave(m);
}

/*
 * Applies a record of @type with @nsrcs sources at @off in @skb to @m,
 * which was in INCLUDE{} (no state) if @created.
 */
static void record_apply(struct igmpsnoop_member *m, int created, u8 type,
			 struct sk_buff *skb, unsigned int off,
			 unsigned int nsrcs)
{
	struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);
	struct igmpsnoop_sources *old = igmpsnoop_member_sources(m);
	unsigned long now = jiffies, gmi = igmpsnoop_gmi(inst, m->group->key.vid);
	unsigned long lmqt_end = now + igmpsnoop_lmqt(inst, m->group->key.vid);
	bool include = created || (old && old->include);
	bool exclude = is_exclude_record(type);
	bool fast_leave = m->port->fast_leave;
	bool ignore_asks = !fast_leave && asks_ignored(m);
	const struct igmpsnoop_querier *qr =
		igmpsnoop_querier_of(inst, m->group->key.vid);
	bool query = qr && qr->self && igmpsnoop_timing(qr, version) == 3;
	struct igmpsnoop_src_scratch *sc = inst->src_scratch;
	unsigned int i, j, n = 0, nrec, looked, refused = 0;
	struct igmpsnoop_sources *srcs;
	unsigned long gt = now;
	struct src_work *w = sc->w;
	bool asked = false;

	lockdep_assert_held(&inst->lock);
	if (!include && igmpsnoop_member_timer_armed(m, IGMPSNOOP_MT_GROUP))
		gt = igmpsnoop_member_at(m, IGMPSNOOP_MT_GROUP);
	if (created)
		old = NULL;
	/*
	 * EXCLUDE{} and a record without sources (IGMPv2 leaves come this
	 * way): no source changes, so nothing to allocate, and a leave is
	 * never lost to memory pressure.
	 */
	if (!old && !nsrcs && !include)
		goto group;
	looked = min_t(unsigned int, nsrcs, MAX_RECORD_SOURCES);
	refused += nsrcs - looked;
	if (looked && skb_copy_bits(skb, off, sc->rec, looked * sizeof(__be32)))
		goto fail;	/* validated: never */
	/* The record's sources, sorted, each once. */
	sort(sc->rec, looked, sizeof(__be32), addr_cmp, NULL);
	for (i = 0, nrec = 0; i < looked; i++)
		if (!nrec || sc->rec[nrec - 1] != sc->rec[i])
			sc->rec[nrec++] = sc->rec[i];
	/* Merged with the old records, both sorted. */
	for (i = 0, j = 0; (old && i < old->n) || j < nrec; n++) {
		int c = !old || i == old->n ? 1 : j == nrec ? -1 :
			addr_cmp(&old->src[i].addr, &sc->rec[j]);

		w[n] = (struct src_work){};
		if (c <= 0) {
			w[n].addr = old->src[i].addr;
			w[n].old = old->src[i].forward ? SRC_FWD : SRC_BLK;
			w[n].rexmit = old->src[i].rexmit;
			w[n].expires = old->src[i].expires;
			i++;
		}
		if (c >= 0) {
			w[n].addr = sc->rec[j++];
			w[n].in_rec = true;
		}
	}

	for (i = 0; i < n; i++) {
		decide(&w[i], include, type);
		if (w[i].timer == TIMER_GMI)
			w[i].expires = now + gmi;
		else if (w[i].timer == TIMER_GROUP)
			w[i].expires = gt;
		if (!w[i].ask || w[i].new != SRC_FWD || ignore_asks)
			continue;
		if (fast_leave) {
			/* Its source timer expires now (RFC 3376 6.5). */
			w[i].new = include && !exclude ? SRC_NONE : SRC_BLK;
			continue;
		}
		if (time_after(w[i].expires, lmqt_end))
			w[i].expires = lmqt_end;
		if (query) {
			w[i].rexmit = igmpsnoop_timing(qr, last_member_count);
			asked = true;
		}
	}

	srcs = sources_build(w, n, include && !exclude, &refused);
	if (IS_ERR(srcs))
		goto fail;
	if (refused)
		igmpsnoop_sources_full(m->port, m->group->key.addr,
				       m->group->key.vid, refused);
	if (srcs->include && !srcs->n) {
		kfree(srcs);
		igmpsnoop_member_del(m);
		return;
	}
	if (!srcs->include && !srcs->n) {
		kfree(srcs);
		srcs = NULL;	/* EXCLUDE{}: every source */
	}
	sources_publish(m, srcs, !created);
	if (created)
		igmpsnoop_nl_notify_group(m->group, created > 1 ?
					  IGMPSNOOP_EVENT_GROUP_ADDED :
					  IGMPSNOOP_EVENT_GROUP_CHANGED);
	if (asked)
		igmpsnoop_querier_sources(m);
group:
	if (exclude)
		igmpsnoop_member_arm(m, now + gmi);	/* Group Timer=GMI */
	/* EXCLUDE(X,Y), TO_IN(A): Send Q(G) as well. */
	if (type == IGMPV3_CHANGE_TO_INCLUDE && !include)
		ask_group(m);
	return;

fail:
	/* No memory: a membership just made for the record goes again. */
	if (created)
		igmpsnoop_member_del(m);
}

/**
 * igmpsnoop_source_report - applies the group records of an IGMPv3 report
 * @port: the port it came in on
 * @skb: the report, whose records igmpsnoop_parse_v3_report() validated
 * @vid: its VLAN
 *
 * Each record goes to igmpsnoop_source_record(), which ignores unknown
 * record types (RFC 3376 4.2.12); link-local groups are never snooped
 * (RFC 4541 2.1.2). At most IGMPSNOOP_MAX_REPORT_RECORDS records of a
 * report are applied, each taking the instance's lock; the rest are
 * counted in records_capped.
 */
void igmpsnoop_source_report(struct igmpsnoop_port *port, struct sk_buff *skb,
			     u16 vid)
{
	struct igmpsnoop_v3_iter it = {};
	struct igmpsnoop_v3_record rec;

	while (igmpsnoop_parse_v3_next(skb, &it, &rec) > 0) {
		if (!ipv4_is_multicast(rec.group) ||
		    ipv4_is_local_multicast(rec.group))
			continue;
		if (it.index >= IGMPSNOOP_MAX_REPORT_RECORDS) {
			igmpsnoop_port_count_add(port,
						 IGMPSNOOP_CNT_RECORDS_CAPPED,
						 it.ngrec - it.index);
			break;
		}
		igmpsnoop_source_record(port, rec.group, vid, rec.type, skb,
					rec.srcs_off, rec.nsrcs);
	}
}

/*
 * A group record of @type for @addr came in on @port, with @nsrcs
 * sources at @off in @skb (validated). IGMPv2 leaves come here as
 * TO_IN{}. Called in softirq context (the control path: it allocates).
 */
void igmpsnoop_source_record(struct igmpsnoop_port *port, __be32 addr, u16 vid,
			     u8 type, struct sk_buff *skb, unsigned int off,
			     unsigned int nsrcs)
{
	struct igmpsnoop_instance *inst = port->inst;
	struct igmpsnoop_member *m;
	u8 older;
	int created = 0;

	switch (type) {
	case IGMPV3_MODE_IS_INCLUDE:
	case IGMPV3_MODE_IS_EXCLUDE:
	case IGMPV3_CHANGE_TO_INCLUDE:
	case IGMPV3_CHANGE_TO_EXCLUDE:
	case IGMPV3_ALLOW_NEW_SOURCES:
	case IGMPV3_BLOCK_OLD_SOURCES:
		break;
	default:
		return;		/* RFC 3376 4.2.12: ignored */
	}

	spin_lock_bh(&inst->lock);
	if (inst->dead || port->dead)
		goto out;
	/*
	 * From INCLUDE{} (no membership), only these make state: one
	 * lookup finds the membership, or makes it if the record may.
	 */
	if (is_exclude_record(type) ||
	    (type != IGMPV3_BLOCK_OLD_SOURCES && nsrcs)) {
		m = igmpsnoop_member_get(port, addr, vid, false, &created,
					 NULL);
		if (IS_ERR(m))
			goto out;
	} else {
		m = igmpsnoop_member_find(inst, port, addr, vid);
		if (!m)
			goto out;
	}
	if (m->permanent)
		goto out;
	older = igmpsnoop_member_host_version(m);
	if (older) {
		/* RFC 3376 7.3.2: compatibility with older hosts. */
		if (type == IGMPV3_BLOCK_OLD_SOURCES)
			goto out;
		if (type == IGMPV3_CHANGE_TO_EXCLUDE)
			nsrcs = 0;
	}
	record_apply(m, created, type, skb, off, nsrcs);
out:
	spin_unlock_bh(&inst->lock);
}

/*
 * The group timer of @m expired, or expires now (fast leave): EXCLUDE
 * turns into INCLUDE with the sources whose timers still run, or the
 * membership ends (RFC 3376 6.5). Called under inst->lock.
 */
void igmpsnoop_source_group_expired(struct igmpsnoop_member *m)
{
	const struct igmpsnoop_sources *old = igmpsnoop_member_sources(m);
	struct igmpsnoop_sources *srcs;
	unsigned long now = jiffies;
	unsigned int i, n = 0;

	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	if (old && old->include)
		return;		/* no group timer in INCLUDE mode */
	for (i = 0; old && i < old->n; i++)
		if (old->src[i].forward && time_after(old->src[i].expires, now))
			n++;
	if (!n)
		goto del;
	srcs = sources_alloc(n, true);
	if (!srcs)
		goto del;	/* the smaller state, rather than a stale one */
	n = 0;
	for (i = 0; i < old->n; i++)
		if (old->src[i].forward && time_after(old->src[i].expires, now))
			srcs->src[n++] = old->src[i];
	igmpsnoop_member_timer_clear(m, IGMPSNOOP_MT_GROUP);
	sources_publish(m, srcs, true);
	return;
del:
	igmpsnoop_member_del(m);
}

/*
 * Source timers of @m that ran out: the source goes (INCLUDE), with the
 * membership if it was the last, or is blocked (EXCLUDE).
 */
static void sources_expire(struct igmpsnoop_member *m)
{
	const struct igmpsnoop_sources *old = igmpsnoop_member_sources(m);
	struct igmpsnoop_sources *srcs;
	unsigned long now = jiffies;
	unsigned int i, n = 0, expired = 0;

	for (i = 0; i < old->n; i++)
		if (old->src[i].forward &&
		    !time_after(old->src[i].expires, now))
			expired++;
	if (!expired) {
		src_timer_update(m);
		return;
	}
	if (old->include && expired == old->n) {
		igmpsnoop_member_del(m);
		return;
	}
	srcs = sources_alloc(old->include ? old->n - expired : old->n,
			     old->include);
	if (!srcs) {
		/* Try again shortly, rather than forward past its time. */
		igmpsnoop_member_timer_set(m, IGMPSNOOP_MT_SOURCE, now + HZ / 10);
		return;
	}
	for (i = 0; i < old->n; i++) {
		struct igmpsnoop_source s = old->src[i];

		if (s.forward && !time_after(s.expires, now)) {
			if (old->include)
				continue;
			s.forward = false;
			s.expires = 0;
			s.rexmit = 0;
		}
		srcs->src[n++] = s;
	}
	sources_publish(m, srcs, true);
}

/* @m's earliest source timer is due (the wheel). Under inst->lock. */
void igmpsnoop_source_timer(struct igmpsnoop_member *m)
{
	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	if (igmpsnoop_member_sources(m))
		sources_expire(m);
}

/*
 * A group-and-source-specific query from another querier names sources of
 * @group: their timers go down to @expires (LMQC x Max Resp Time) in each
 * member but permanent ones, as that querier's own do (RFC 3376 6.6.3.2).
 * The query's sources (at most 512) are sorted once; each member's (at
 * most 64) are looked up in them: O(n log n + members x 64 log n). Called
 * under inst->lock.
 */
void igmpsnoop_source_query(struct igmpsnoop_group *group, struct sk_buff *skb,
			    const struct igmpsnoop_msg *msg, unsigned long expires)
{
	struct igmpsnoop_src_scratch *sc = group->inst->src_scratch;
	unsigned int i, n = min_t(unsigned int, msg->nsrcs, MAX_RECORD_SOURCES);
	struct igmpsnoop_sources *srcs;
	struct igmpsnoop_member *m;
	bool lowered;

	lockdep_assert_held(&group->inst->lock);
	if (skb_copy_bits(skb, msg->srcs_off, sc->rec, n * sizeof(__be32)))
		return;		/* validated: never */
	sort(sc->rec, n, sizeof(__be32), addr_cmp, NULL);
	hlist_for_each_entry(m, &group->members, node) {
		srcs = igmpsnoop_member_sources(m);
		if (m->permanent || !srcs)
			continue;
		lowered = false;
		for (i = 0; i < srcs->n; i++) {
			struct igmpsnoop_source *s = &srcs->src[i];

			if (!s->forward || !time_after(s->expires, expires) ||
			    !bsearch(&s->addr, sc->rec, n, sizeof(__be32),
				     addr_cmp))
				continue;
			WRITE_ONCE(s->expires, expires);	/* dumps read it */
			lowered = true;
		}
		if (lowered)
			src_timer_update(m);
	}
}

/*
 * When @m expires if nothing more is heard: its group timer, or in
 * INCLUDE mode its last source timer. Under RCU or inst->lock.
 */
unsigned long igmpsnoop_source_member_expires(const struct igmpsnoop_member *m)
{
	const struct igmpsnoop_sources *srcs;
	unsigned long last = jiffies;
	unsigned int i;

	srcs = igmpsnoop_member_sources_rcu(m);
	if (!srcs || !srcs->include)
		return igmpsnoop_member_at(m, IGMPSNOOP_MT_GROUP);
	for (i = 0; i < srcs->n; i++) {
		unsigned long e = READ_ONCE(srcs->src[i].expires);

		if (time_after(e, last))
			last = e;
	}
	return last;
}

/*
 * Does the membership @m, of a port in its group's src_ports, want data
 * from @saddr? The data path, under RCU: a binary search of its at most
 * IGMPSNOOP_MAX_SOURCES records, for source-filtering ports only.
 */
bool igmpsnoop_source_wants(const struct igmpsnoop_member *m, __be32 saddr)
{
	const struct igmpsnoop_sources *srcs;
	const struct igmpsnoop_source *s;

	srcs = rcu_dereference(m->srcs);
	if (!srcs)
		return true;
	s = sources_find(srcs, saddr);
	return s ? s->forward : !srcs->include;
}

/* @m is unlinked (igmpsnoop_member_del()), its readers may still run. */
void igmpsnoop_source_member_free(struct igmpsnoop_member *m)
{
	struct igmpsnoop_sources *srcs;

	srcs = rcu_dereference_protected(m->srcs, m->dead);
	if (srcs)
		kfree_rcu(srcs, rcu);
}

/* The instance's space for applying records (struct igmpsnoop_src_scratch). */
int igmpsnoop_source_table_init(struct igmpsnoop_instance *inst)
{
	inst->src_scratch = kvmalloc(sizeof(*inst->src_scratch), GFP_KERNEL);
	return inst->src_scratch ? 0 : -ENOMEM;
}

void igmpsnoop_source_table_destroy(struct igmpsnoop_instance *inst)
{
	kvfree(inst->src_scratch);
}
