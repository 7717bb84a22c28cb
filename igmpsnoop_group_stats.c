// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: each group's data counters (enum igmpsnoop_group_stats_attrs).
 *
 * A group's counters are per CPU (struct igmpsnoop_group_pcpu), counted by
 * the hooks with igmpsnoop_group_count() and summed by
 * igmpsnoop_group_stats_read(). A group is made under inst->lock, where
 * only an atomic per-CPU allocation is possible, and that takes pages the
 * per-CPU allocator populated beforehand: a burst of new groups (a report
 * of hundreds of records, a table learned at once) empties them faster
 * than the allocator refills them. A group is therefore never refused for
 * want of counters: one whose atomic allocation failed waits on the
 * instance's stats_pending list, and the stats work gives it counters
 * allocated in process context. Until then the hooks count nothing for it
 * and netlink reports no counters.
 *
 * Locking: group->stats is written under inst->lock, once, from NULL, with
 * smp_store_release(); readers (the hooks, dumps under RCU) take it with
 * READ_ONCE() and its address dependency. Under inst->lock, group->stats
 * is NULL if and only if the group is on inst->stats_pending.
 */

#include <linux/percpu.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

static struct igmpsnoop_group_pcpu __percpu *group_stats_alloc(gfp_t gfp)
{
	struct igmpsnoop_group_pcpu __percpu *stats;
	int cpu;

	stats = alloc_percpu_gfp(struct igmpsnoop_group_pcpu, gfp);
	if (!stats)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(stats, cpu)->syncp);
	return stats;
}

/**
 * igmpsnoop_group_stats_start - give a new group its data counters
 * @group: the group, just made, in its instance's table
 *
 * At once if an atomic allocation succeeds; else later, from the stats
 * work. Under inst->lock.
 */
void igmpsnoop_group_stats_start(struct igmpsnoop_group *group)
{
	struct igmpsnoop_instance *inst = group->inst;
	struct igmpsnoop_group_pcpu __percpu *stats;

	lockdep_assert_held(&inst->lock);
	stats = group_stats_alloc(GFP_ATOMIC | __GFP_NOWARN);
	if (stats) {
		/* Their initialisation before them: pairs with READ_ONCE(). */
		smp_store_release(&group->stats, stats);
		return;
	}
	hlist_add_head(&group->stats_node, &inst->stats_pending);
	queue_work(igmpsnoop_wq, &inst->stats_work);
}

/*
 * @group leaves the table: off the pending list if it still waits. Its
 * counters go with it (igmpsnoop_group_stats_free()). Under inst->lock.
 */
void igmpsnoop_group_stats_stop(struct igmpsnoop_group *group)
{
	lockdep_assert_held(&group->inst->lock);
	if (!group->stats)
		hlist_del(&group->stats_node);
}

/* After a grace period: no hook counts on @group any more. */
void igmpsnoop_group_stats_free(struct igmpsnoop_group *group)
{
	free_percpu(group->stats);
}

/*
 * Counters for the groups that wait for them, one allocation (which may
 * sleep) per group, outside the lock: a group deleted meanwhile left the
 * list, and the counters go to the next one. Stops when none waits, or
 * when even this allocation fails (the next group that waits queues the
 * work again).
 */
static void stats_work(struct work_struct *work)
{
	struct igmpsnoop_instance *inst =
		container_of(work, struct igmpsnoop_instance, stats_work);
	struct igmpsnoop_group_pcpu __percpu *stats;
	struct igmpsnoop_group *group;

	for (;;) {
		stats = group_stats_alloc(GFP_KERNEL);
		spin_lock_bh(&inst->lock);
		if (!stats || hlist_empty(&inst->stats_pending)) {
			spin_unlock_bh(&inst->lock);
			free_percpu(stats);
			return;
		}
		group = hlist_entry(inst->stats_pending.first,
				    struct igmpsnoop_group, stats_node);
		hlist_del(&group->stats_node);
		/* Their initialisation before them: pairs with READ_ONCE(). */
		smp_store_release(&group->stats, stats);
		spin_unlock_bh(&inst->lock);
		cond_resched();
	}
}

void igmpsnoop_group_stats_init(struct igmpsnoop_instance *inst)
{
	INIT_HLIST_HEAD(&inst->stats_pending);
	INIT_WORK(&inst->stats_work, stats_work);
}

/* Once the table is empty and takes no new group: the work is done. */
void igmpsnoop_group_stats_flush(struct igmpsnoop_instance *inst)
{
	flush_work(&inst->stats_work);
	WARN_ON_ONCE(!hlist_empty(&inst->stats_pending));
}

/**
 * igmpsnoop_group_stats_read - the sums of a group's data counters
 * @group: the group, under RCU or inst->lock
 * @stats: where to put them
 *
 * A snapshot of each CPU's share, consistent within it. Bounded by the
 * possible CPUs. Returns false if the group has no counters yet.
 */
bool igmpsnoop_group_stats_read(const struct igmpsnoop_group *group,
				struct igmpsnoop_group_stats *stats)
{
	const struct igmpsnoop_group_pcpu __percpu *pcpu = READ_ONCE(group->stats);
	const struct igmpsnoop_group_pcpu *s;
	u64 rxp, rxb, txp, txb;
	unsigned int start;
	int cpu;

	memset(stats, 0, sizeof(*stats));
	if (!pcpu)
		return false;
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(pcpu, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			rxp = u64_stats_read(&s->rx_packets);
			rxb = u64_stats_read(&s->rx_bytes);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		stats->rx_packets += rxp;
		stats->rx_bytes += rxb;
		stats->tx_packets += txp;
		stats->tx_bytes += txb;
	}
	return true;
}
