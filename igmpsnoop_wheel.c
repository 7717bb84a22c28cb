// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the timer wheel of an instance's members. A member has up to
 * five deadlines (enum igmpsnoop_member_timer) and no timer of its own:
 * the wheel files it by the earliest one armed, and one timer per
 * instance serves the slots that come due. A timer_list per member would
 * cost 40 bytes of each membership.
 *
 * As in the kernel's timer wheel (kernel/time/timer.c), level L has 64
 * slots of 8^L jiffies, and a deadline goes to the first level whose
 * slots reach it from @base, rounded up to that level's granularity: a
 * deadline d jiffies away is served at most about d/8 late, as a
 * timer_list of the same length would be. Filing and unfiling are O(1); a
 * slot that empties keeps its pending bit until the wheel next serves it.
 *
 * The timer serves the slots whose time has come, level by level: a
 * member whose earliest deadline is due is served (igmpsnoop_member_expire())
 * and filed again for what it has left; one whose deadline is not yet due
 * (it sat in a slot of a coarser level, or past the last level's reach) is
 * filed again. A member sits in a slot due no earlier than its deadline
 * and no later than the rounding above after it, so it is never served
 * early, and late by that rounding at most. Each run serves at
 * most IGMPSNOOP_WHEEL_BUDGET members under inst->lock and our querier's
 * queries for at most IGMPSNOOP_WHEEL_QUERIES outside it, then runs again
 * a jiffy later for the rest.
 */

#include <linux/bitops.h>
#include <linux/timer.h>

#include "igmpsnoop_private.h"

/* Members one run serves under inst->lock. */
#define IGMPSNOOP_WHEEL_BUDGET		256
/*
 * Members whose queries one run sends after dropping it: a pointer each
 * on the stack.
 */
#define IGMPSNOOP_WHEEL_QUERIES		64

static unsigned int lvl_shift(unsigned int lvl)
{
	return lvl * IGMPSNOOP_WHEEL_LVL_SHIFT;
}

/*
 * The level and unit (the slot's time over its granularity) of a member
 * due at @when, filed from @base.
 */
static unsigned int wheel_level(unsigned long base, unsigned long when,
				unsigned long *unit)
{
	unsigned long delta, reach;
	unsigned int lvl;

	if (!time_after(when, base))
		when = base + 1;	/* overdue: the next jiffy */
	delta = when - base;
	for (lvl = 0; lvl < IGMPSNOOP_WHEEL_DEPTH; lvl++) {
		reach = (IGMPSNOOP_WHEEL_LVL_SIZE - 1UL) << lvl_shift(lvl);
		if (delta < reach)
			break;
	}
	if (lvl == IGMPSNOOP_WHEEL_DEPTH) {
		/* Past the last level's reach: visited early, filed again. */
		lvl--;
		when = base + reach - 1;
	}
	/*
	 * Rounded up: within (base, base + 64 granules], so that the 64 slots
	 * of a level, counted from @base, never alias.
	 */
	*unit = (when + BIT(lvl_shift(lvl)) - 1) >> lvl_shift(lvl);
	return lvl;
}

/* @m has no deadline armed, or goes. Under inst->lock. */
void igmpsnoop_wheel_unfile(struct igmpsnoop_member *m)
{
	hlist_del_init(&m->wheel_node);
}

/*
 * Moves @w->clk on to now, or as near as it may: over slots known to be
 * empty, so that a deadline is filed by its distance from now, as a
 * timer_list's is, not from the last run. While the timer is pending no
 * slot before its expiry holds a member, unless a run was cut short; while
 * a run is on the way, or due, the run moves it.
 */
static void wheel_forward(struct igmpsnoop_wheel *w)
{
	unsigned long to = jiffies;
	unsigned int lvl;
	bool any = false;

	if (w->behind || w->running)
		return;
	for (lvl = 0; lvl < IGMPSNOOP_WHEEL_DEPTH; lvl++)
		any |= !!w->pending[lvl];
	if (any) {
		if (!timer_pending(&w->timer))
			return;
		if (time_after(to, w->timer.expires - 1))
			to = w->timer.expires - 1;
	}
	if (time_after(to, w->clk)) {
		w->clk = to;
		w->base = to;
	}
}

/**
 * igmpsnoop_wheel_file - file a member by its earliest deadline
 * @inst: its instance
 * @m: the member, in a slot or not
 * @when: its earliest deadline armed, in jiffies
 *
 * The one place a member's deadlines are armed (through
 * igmpsnoop_member_timer_set()). Under inst->lock.
 */
void igmpsnoop_wheel_file(struct igmpsnoop_instance *inst,
			  struct igmpsnoop_member *m, unsigned long when)
{
	struct igmpsnoop_wheel *w = &inst->wheel;
	unsigned long unit;
	unsigned int lvl, idx;

	lockdep_assert_held(&inst->lock);
	if (inst->dead)
		return;
	wheel_forward(w);
	lvl = wheel_level(w->base, when, &unit);
	idx = unit & (IGMPSNOOP_WHEEL_LVL_SIZE - 1);
	igmpsnoop_wheel_unfile(m);
	hlist_add_head(&m->wheel_node, &w->slot[lvl][idx]);
	w->pending[lvl] |= BIT_ULL(idx);
	/* Later than armed: the run on the way arms it for what is left. */
	timer_reduce(&w->timer, unit << lvl_shift(lvl));
}

/*
 * The time of the earliest slot after @w->clk that may hold a member.
 * Returns false if none may.
 */
static bool wheel_next(const struct igmpsnoop_wheel *w, unsigned long *next)
{
	unsigned long first, t;
	unsigned int lvl, k;
	bool found = false;

	for (lvl = 0; lvl < IGMPSNOOP_WHEEL_DEPTH; lvl++) {
		if (!w->pending[lvl])
			continue;
		first = (w->clk >> lvl_shift(lvl)) + 1;
		/* Bit k: the slot of unit first + k. */
		k = __ffs64(ror64(w->pending[lvl],
				  first & (IGMPSNOOP_WHEEL_LVL_SIZE - 1)));
		t = (first + k) << lvl_shift(lvl);
		if (!found || time_before(t, *next))
			*next = t;
		found = true;
	}
	return found;
}

/*
 * Puts the members of @todo back in @slot, after those filed there during
 * this run (at most the run's budget: members it served or filed again).
 */
static void wheel_slot_putback(struct hlist_head *slot,
			       struct hlist_head *todo)
{
	struct hlist_node *last = slot->first;

	if (!last) {
		hlist_move_list(todo, slot);
		return;
	}
	while (last->next)
		last = last->next;
	last->next = todo->first;
	todo->first->pprev = &last->next;
	INIT_HLIST_HEAD(todo);
}

/*
 * Serves one slot. @queries holds the members whose queries are due, @nq
 * of them. Returns false once the run's budget or @queries is spent, the
 * slot holding what is left.
 */
static bool wheel_slot_run(struct igmpsnoop_instance *inst,
			   struct hlist_head *slot, unsigned long now,
			   struct igmpsnoop_member **queries, unsigned int *nq,
			   unsigned int *budget)
{
	struct igmpsnoop_member *m;
	HLIST_HEAD(todo);

	/* Members filed again meanwhile may land in this slot: not again. */
	hlist_move_list(slot, &todo);
	while (!hlist_empty(&todo)) {
		if (!*budget || *nq == IGMPSNOOP_WHEEL_QUERIES) {
			wheel_slot_putback(slot, &todo);
			return false;
		}
		(*budget)--;
		m = hlist_entry(todo.first, struct igmpsnoop_member, wheel_node);
		hlist_del_init(&m->wheel_node);
		if (igmpsnoop_member_expire(m, now))
			queries[(*nq)++] = m;
	}
	return true;
}

/*
 * Serves every slot whose time is in (@w->clk, @now], level by level.
 * Returns false if the budget ran out first: @w->clk stays, and the next
 * run goes over those slots again (what was filed meanwhile is due
 * later, and at worst visited early and filed again).
 */
static bool wheel_run(struct igmpsnoop_instance *inst, unsigned long now,
		      struct igmpsnoop_member **queries, unsigned int *nq)
{
	struct igmpsnoop_wheel *w = &inst->wheel;
	unsigned int budget = IGMPSNOOP_WHEEL_BUDGET;
	unsigned long first, last, n, unit;
	unsigned int lvl, idx;

	for (lvl = 0; lvl < IGMPSNOOP_WHEEL_DEPTH; lvl++) {
		first = (w->clk >> lvl_shift(lvl)) + 1;
		last = now >> lvl_shift(lvl);
		if (!w->pending[lvl] || time_before(last, first))
			continue;
		n = min(last - first + 1, (unsigned long)IGMPSNOOP_WHEEL_LVL_SIZE);
		for (unit = first; n--; unit++) {
			idx = unit & (IGMPSNOOP_WHEEL_LVL_SIZE - 1);
			if (!(w->pending[lvl] & BIT_ULL(idx)))
				continue;
			if (!wheel_slot_run(inst, &w->slot[lvl][idx], now,
					    queries, nq, &budget))
				return false;
			if (hlist_empty(&w->slot[lvl][idx]))
				w->pending[lvl] &= ~BIT_ULL(idx);
		}
	}
	w->clk = now;
	return true;
}

static void wheel_timer(struct timer_list *t)
{
	struct igmpsnoop_instance *inst = from_timer(inst, t, wheel.timer);
	struct igmpsnoop_member *queries[IGMPSNOOP_WHEEL_QUERIES];
	struct igmpsnoop_wheel *w = &inst->wheel;
	unsigned long now = jiffies, next;
	unsigned int i, nq = 0;

	/* The members named in @queries are freed after a grace period. */
	rcu_read_lock();
	spin_lock(&inst->lock);
	if (inst->dead) {
		spin_unlock(&inst->lock);
		rcu_read_unlock();
		return;
	}
	w->base = now;
	w->running = true;
	w->behind = !wheel_run(inst, now, queries, &nq);
	if (w->behind)
		mod_timer(&w->timer, now + 1);
	else if (wheel_next(w, &next))
		mod_timer(&w->timer, next);
	w->running = false;
	w->base = w->clk;
	spin_unlock(&inst->lock);

	for (i = 0; i < nq; i++)
		igmpsnoop_querier_member_timer(inst, queries[i]);
	rcu_read_unlock();
}

/* The wheel of a new instance, with no member. */
void igmpsnoop_wheel_init(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_wheel *w = &inst->wheel;
	unsigned int lvl, idx;

	timer_setup(&w->timer, wheel_timer, 0);
	w->clk = jiffies;
	w->base = w->clk;
	for (lvl = 0; lvl < IGMPSNOOP_WHEEL_DEPTH; lvl++)
		for (idx = 0; idx < IGMPSNOOP_WHEEL_LVL_SIZE; idx++)
			INIT_HLIST_HEAD(&w->slot[lvl][idx]);
}

/*
 * The one place the wheel's timer stops: @inst is dead (nothing is filed
 * any more) and has no member left.
 */
void igmpsnoop_wheel_stop(struct igmpsnoop_instance *inst)
{
	timer_shutdown_sync(&inst->wheel.timer);
}
