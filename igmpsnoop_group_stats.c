// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: each group's data counters (enum igmpsnoop_group_stats_attrs).
 *
 * A group's counters are per CPU (struct igmpsnoop_group_pcpu), counted by
 * the hooks with igmpsnoop_group_count() and summed by
 * igmpsnoop_group_stats_read(). They are a slot of a block: one per-CPU
 * allocation holds the counters of IGMPSNOOP_STATS_SLOTS groups, so that
 * learning a group (softirq, under inst->lock) takes a slot, zeroes it
 * and goes on, and the per-CPU allocator (its lock, its bitmap search)
 * is asked once per block instead of once per group. A group that finds
 * no free slot gets a new block allocated atomically; if that fails (a
 * burst of new groups empties the per-CPU pages the allocator populated
 * beforehand), the group is not refused: it waits on the instance's
 * stats_pending list, and the stats work gives it a slot of a block
 * allocated in process context. Until then the hooks count nothing for
 * it and netlink reports no counters.
 *
 * A slot goes back to its block after the group's grace period (the
 * hooks may count on the group until then), from the group's RCU
 * callback, which may run after the instance is gone: the blocks are
 * therefore a pool of their own (struct igmpsnoop_stats_pool). The
 * instance gives the pool up when its table is empty; the pool frees
 * its empty blocks then, each other block when its last slot comes
 * back, and itself with its last block. While the instance lives, a
 * block left empty is freed if the other blocks have a block's worth of
 * free slots, and kept otherwise: a table that shrinks gives its memory
 * back, one that changes around a size allocates nothing.
 *
 * Locking: group->stats is written under inst->lock, once, from NULL, with
 * smp_store_release(); readers (the hooks, dumps under RCU) take it with
 * READ_ONCE() and its address dependency. Under inst->lock, group->stats
 * is NULL if and only if the group is on inst->stats_pending. The pool's
 * blocks, slots and counts are under pool->lock, taken with bottom halves
 * off, inside inst->lock when a slot is taken and alone when one comes
 * back.
 */

#include <linux/percpu.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

/* Groups whose counters one per-CPU allocation holds. */
#define IGMPSNOOP_STATS_SLOTS	64

struct igmpsnoop_stats_block {
	struct list_head node;		/* in pool->partial if a slot is free */
	struct igmpsnoop_stats_pool *pool;
	struct igmpsnoop_group_pcpu __percpu *slots;
	unsigned int n_used;
	DECLARE_BITMAP(used, IGMPSNOOP_STATS_SLOTS);
};

struct igmpsnoop_stats_pool {
	spinlock_t lock;		/* everything below, and the blocks */
	struct list_head partial;	/* blocks with a free slot */
	unsigned int n_blocks;
	unsigned int n_free;		/* free slots in all blocks */
	bool dead;			/* its instance gave it up */
};

static struct igmpsnoop_stats_block *stats_block_alloc(gfp_t gfp)
{
	struct igmpsnoop_stats_block *blk;

	blk = kzalloc(sizeof(*blk), gfp);
	if (!blk)
		return NULL;
	blk->slots = __alloc_percpu_gfp(IGMPSNOOP_STATS_SLOTS *
					sizeof(struct igmpsnoop_group_pcpu),
					__alignof__(struct igmpsnoop_group_pcpu),
					gfp);
	if (!blk->slots) {
		kfree(blk);
		return NULL;
	}
	return blk;
}

static void stats_block_free(struct igmpsnoop_stats_block *blk)
{
	free_percpu(blk->slots);
	kfree(blk);
}

/* Under pool->lock. */
static void stats_pool_add(struct igmpsnoop_stats_pool *pool,
			   struct igmpsnoop_stats_block *blk)
{
	lockdep_assert_held(&pool->lock);
	blk->pool = pool;
	list_add(&blk->node, &pool->partial);
	pool->n_blocks++;
	pool->n_free += IGMPSNOOP_STATS_SLOTS;
}

/*
 * A free slot, zeroed, or NULL if no block has one. Bounded by the
 * possible CPUs (the zeroing). Under pool->lock.
 */
static struct igmpsnoop_group_pcpu __percpu *
stats_slot_take(struct igmpsnoop_stats_pool *pool,
		struct igmpsnoop_stats_block **blkp)
{
	struct igmpsnoop_group_pcpu __percpu *slot;
	struct igmpsnoop_stats_block *blk;
	struct igmpsnoop_group_pcpu *s;
	unsigned int i;
	int cpu;

	lockdep_assert_held(&pool->lock);
	blk = list_first_entry_or_null(&pool->partial,
				       struct igmpsnoop_stats_block, node);
	if (!blk)
		return NULL;
	i = find_first_zero_bit(blk->used, IGMPSNOOP_STATS_SLOTS);
	__set_bit(i, blk->used);
	if (++blk->n_used == IGMPSNOOP_STATS_SLOTS)
		list_del(&blk->node);
	pool->n_free--;
	/* The group that had it is past its grace period: nobody counts. */
	slot = blk->slots + i;
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(slot, cpu);
		memset(s, 0, sizeof(*s));
		u64_stats_init(&s->syncp);
	}
	*blkp = blk;
	return slot;
}

/* Gives @group a slot; under inst->lock and pool->lock. */
static void stats_slot_give(struct igmpsnoop_group *group,
			    struct igmpsnoop_group_pcpu __percpu *slot,
			    struct igmpsnoop_stats_block *blk)
{
	group->stats_block = blk;
	/* The slot zeroed before it is counted in: pairs with READ_ONCE(). */
	smp_store_release(&group->stats, slot);
}

/**
 * igmpsnoop_group_stats_start - give a new group its data counters
 * @group: the group, just made, in its instance's table
 *
 * A free slot; else one of a block allocated atomically; else later,
 * from the stats work. Under inst->lock.
 */
void igmpsnoop_group_stats_start(struct igmpsnoop_group *group)
{
	struct igmpsnoop_instance *inst = group->inst;
	struct igmpsnoop_stats_pool *pool = inst->stats_pool;
	struct igmpsnoop_group_pcpu __percpu *slot;
	struct igmpsnoop_stats_block *blk = NULL;

	lockdep_assert_held(&inst->lock);
	spin_lock(&pool->lock);
	slot = stats_slot_take(pool, &blk);
	if (!slot) {
		spin_unlock(&pool->lock);
		blk = stats_block_alloc(GFP_ATOMIC | __GFP_NOWARN);
		spin_lock(&pool->lock);
		if (blk) {
			stats_pool_add(pool, blk);
			slot = stats_slot_take(pool, &blk);
		}
	}
	if (slot)
		stats_slot_give(group, slot, blk);
	spin_unlock(&pool->lock);
	if (slot)
		return;
	hlist_add_head(&group->stats_node, &inst->stats_pending);
	queue_work(igmpsnoop_wq, &inst->stats_work);
}

/*
 * @group leaves the table: off the pending list if it still waits. Its
 * slot goes back after its grace period (igmpsnoop_group_stats_free()).
 * Under inst->lock.
 */
void igmpsnoop_group_stats_stop(struct igmpsnoop_group *group)
{
	lockdep_assert_held(&group->inst->lock);
	if (!group->stats)
		hlist_del(&group->stats_node);
}

/**
 * igmpsnoop_group_stats_free - give a gone group's slot back
 * @group: the group, after its grace period: no hook counts on it
 *
 * From the group's RCU callback: the instance may be gone, its pool not.
 * Frees the slot's block if that leaves it empty and the other blocks have
 * a block's worth of free slots, or the pool was given up; and the pool
 * with its last block. Bounded: a few list and bit operations.
 */
void igmpsnoop_group_stats_free(struct igmpsnoop_group *group)
{
	struct igmpsnoop_stats_block *blk = group->stats_block;
	struct igmpsnoop_stats_pool *pool;
	bool free_pool = false;

	if (!group->stats)
		return;
	pool = blk->pool;
	spin_lock_bh(&pool->lock);
	__clear_bit(group->stats - blk->slots, blk->used);
	if (blk->n_used-- == IGMPSNOOP_STATS_SLOTS)
		list_add_tail(&blk->node, &pool->partial);
	pool->n_free++;
	if (!blk->n_used &&
	    (pool->dead || pool->n_free >= 2 * IGMPSNOOP_STATS_SLOTS)) {
		list_del(&blk->node);
		pool->n_free -= IGMPSNOOP_STATS_SLOTS;
		pool->n_blocks--;
		free_pool = pool->dead && !pool->n_blocks;
	} else {
		blk = NULL;
	}
	spin_unlock_bh(&pool->lock);
	if (blk)
		stats_block_free(blk);
	if (free_pool)
		kfree(pool);
}

/*
 * Slots for the groups that wait for them: the free ones, then those of
 * blocks allocated (which may sleep) outside the locks. A group deleted
 * meanwhile left the list, and its slot goes to the next one. Stops when
 * none waits, or when even this allocation fails (the next group that
 * waits queues the work again).
 */
static void stats_work(struct work_struct *work)
{
	struct igmpsnoop_instance *inst =
		container_of(work, struct igmpsnoop_instance, stats_work);
	struct igmpsnoop_stats_pool *pool = inst->stats_pool;
	struct igmpsnoop_stats_block *new = NULL, *blk;
	struct igmpsnoop_group_pcpu __percpu *slot;
	struct igmpsnoop_group *group;
	bool more;

	for (;;) {
		spin_lock_bh(&inst->lock);
		spin_lock(&pool->lock);
		if (new)
			stats_pool_add(pool, new);
		while (!hlist_empty(&inst->stats_pending)) {
			slot = stats_slot_take(pool, &blk);
			if (!slot)
				break;
			group = hlist_entry(inst->stats_pending.first,
					    struct igmpsnoop_group, stats_node);
			hlist_del(&group->stats_node);
			stats_slot_give(group, slot, blk);
		}
		more = !hlist_empty(&inst->stats_pending);
		spin_unlock(&pool->lock);
		spin_unlock_bh(&inst->lock);
		if (!more)
			return;
		cond_resched();
		new = stats_block_alloc(GFP_KERNEL);
		if (!new)
			return;
	}
}

int igmpsnoop_group_stats_init(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_stats_pool *pool;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->partial);
	inst->stats_pool = pool;
	INIT_HLIST_HEAD(&inst->stats_pending);
	INIT_WORK(&inst->stats_work, stats_work);
	return 0;
}

/**
 * igmpsnoop_group_stats_flush - the instance gives its counters up
 * @inst: the instance, whose table is empty and takes no new group
 *
 * Waits for the stats work, then gives the pool up: its empty blocks go
 * now, the others as their slots come back after the groups' grace
 * periods, and the pool with the last of them (module exit waits for
 * those callbacks with rcu_barrier()).
 */
void igmpsnoop_group_stats_flush(struct igmpsnoop_instance *inst)
{
	struct igmpsnoop_stats_pool *pool = inst->stats_pool;
	struct igmpsnoop_stats_block *blk, *tmp;
	LIST_HEAD(empty);
	bool free_pool;

	flush_work(&inst->stats_work);
	WARN_ON_ONCE(!hlist_empty(&inst->stats_pending));
	inst->stats_pool = NULL;
	spin_lock_bh(&pool->lock);
	pool->dead = true;
	list_for_each_entry_safe(blk, tmp, &pool->partial, node) {
		if (blk->n_used)
			continue;
		list_move(&blk->node, &empty);
		pool->n_free -= IGMPSNOOP_STATS_SLOTS;
		pool->n_blocks--;
	}
	free_pool = !pool->n_blocks;
	spin_unlock_bh(&pool->lock);
	list_for_each_entry_safe(blk, tmp, &empty, node)
		stats_block_free(blk);
	if (free_pool)
		kfree(pool);
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
