// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the data counters of each group and of each member
 * (enum igmpsnoop_group_stats_attrs).
 *
 * A group's counters (struct igmpsnoop_group_pcpu: received, and copies
 * let out) and a member's (struct igmpsnoop_member_pcpu: copies let out of
 * its port) are per CPU, counted by the hooks with igmpsnoop_group_count()
 * and igmpsnoop_member_count() and summed by igmpsnoop_group_stats_read()
 * and igmpsnoop_member_stats_read(). Each is a slot of a block: one per-CPU
 * allocation holds the counters of many groups, or members, so that
 * learning one (softirq, under inst->lock) takes a slot, zeroes it and
 * goes on, and the per-CPU allocator (its lock, its bitmap search, the
 * work that populates its pages) is asked once per block instead of once
 * per object. The instance has a pool of blocks for its groups and one
 * for its members. A pool's first block holds IGMPSNOOP_STATS_SLOTS_MIN
 * slots and each next one as many as the pool holds already, up to
 * IGMPSNOOP_STATS_SLOTS_MAX: a small table takes little, and a large one
 * asks the allocator once per IGMPSNOOP_STATS_SLOTS_MAX objects.
 * A pool is refilled ahead of need: when a slot taken leaves fewer than
 * half a next block's slots free, the stats work allocates the next block
 * in process context, and adds it under the pool's lock alone. So a burst
 * of new objects (a host joining thousands of groups) seldom finds the
 * pool empty, and learning seldom waits for the work or contends with it
 * for inst->lock.
 * An object that finds no free slot gets a new block allocated
 * atomically; if that fails (a burst of new objects empties the per-CPU
 * pages the allocator populated beforehand), it is not refused: it waits
 * on the instance's stats_pending list (groups) or member_stats_pending
 * (members), and the stats work gives it a slot of a block allocated in
 * process context; while objects wait, a new one does not try the atomic
 * allocation again. Until then the hooks count nothing for it and netlink
 * reports no counters.
 *
 * A slot goes back to its block after its object's grace period (the
 * hooks may count on it until then), from the object's RCU callback,
 * which may run after the instance is gone: the blocks are therefore a
 * pool of their own (struct igmpsnoop_stats_pool). The instance gives its
 * pools up when its table is empty; a pool frees its empty blocks then,
 * each other block when its last slot comes back, and itself with its
 * last block. While the instance lives, a block left empty is freed if
 * the other blocks have as many free slots as it holds, and kept
 * otherwise: a table that shrinks gives its memory back, one that changes
 * around a size allocates nothing.
 *
 * Locking: group->stats and m->stats are written under inst->lock, once,
 * from NULL, with smp_store_release(); readers (the hooks, dumps under
 * RCU) take them with READ_ONCE() and its address dependency. Under
 * inst->lock, an object's stats pointer is NULL if and only if it is on
 * its pending list. A pool's blocks, slots and counts are under
 * pool->lock, taken with bottom halves off, inside inst->lock when a slot
 * is taken and alone when one comes back or a block is added ahead of
 * need.
 */

#include <linux/percpu.h>
#include <linux/slab.h>

#include "igmpsnoop_private.h"

/* Objects whose counters one per-CPU allocation holds, at least and at most. */
#define IGMPSNOOP_STATS_SLOTS_MIN	64
#define IGMPSNOOP_STATS_SLOTS_MAX	1024

struct igmpsnoop_stats_block {
	struct list_head node;		/* in pool->partial if a slot is free */
	struct igmpsnoop_stats_pool *pool;
	void __percpu *slots;
	unsigned int n_slots;
	unsigned int n_used;
	unsigned long used[];		/* BITS_TO_LONGS(n_slots) */
};

struct igmpsnoop_stats_pool {
	spinlock_t lock;		/* everything below, and the blocks */
	struct list_head partial;	/* blocks with a free slot */
	unsigned int n_blocks;
	unsigned int n_slots;		/* slots in all blocks */
	unsigned int n_free;		/* free slots in all blocks */
	bool dead;			/* its instance gave it up */
	bool refill;			/* the stats work adds a block */
	/* Its slots: their size, alignment and u64_stats_sync's offset. */
	unsigned int size;
	unsigned int align;
	unsigned int syncp;
};

/*
 * The slots of the pool's next block: as many as it holds, within
 * IGMPSNOOP_STATS_SLOTS_MIN and _MAX. Under pool->lock.
 */
static unsigned int stats_block_slots(const struct igmpsnoop_stats_pool *pool)
{
	lockdep_assert_held(&pool->lock);
	return clamp_t(unsigned int, pool->n_slots, IGMPSNOOP_STATS_SLOTS_MIN,
		       IGMPSNOOP_STATS_SLOTS_MAX);
}

static struct igmpsnoop_stats_block *
stats_block_alloc(const struct igmpsnoop_stats_pool *pool, unsigned int n,
		  gfp_t gfp)
{
	struct igmpsnoop_stats_block *blk;

	blk = kzalloc(struct_size(blk, used, BITS_TO_LONGS(n)), gfp);
	if (!blk)
		return NULL;
	blk->n_slots = n;
	blk->slots = __alloc_percpu_gfp(n * pool->size, pool->align, gfp);
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
	pool->n_slots += blk->n_slots;
	pool->n_free += blk->n_slots;
}

/* Takes the empty block @blk out of its pool. Under pool->lock. */
static void stats_pool_del(struct igmpsnoop_stats_pool *pool,
			   struct igmpsnoop_stats_block *blk)
{
	lockdep_assert_held(&pool->lock);
	pool->n_blocks--;
	pool->n_slots -= blk->n_slots;
	pool->n_free -= blk->n_slots;
}

/*
 * A free slot, zeroed, or NULL if no block has one. Bounded by the
 * possible CPUs (the zeroing). Under pool->lock.
 */
static void __percpu *stats_slot_take(struct igmpsnoop_stats_pool *pool,
				      struct igmpsnoop_stats_block **blkp)
{
	struct igmpsnoop_stats_block *blk;
	void __percpu *slot;
	unsigned int i;
	void *s;
	int cpu;

	lockdep_assert_held(&pool->lock);
	blk = list_first_entry_or_null(&pool->partial,
				       struct igmpsnoop_stats_block, node);
	if (!blk)
		return NULL;
	i = find_first_zero_bit(blk->used, blk->n_slots);
	__set_bit(i, blk->used);
	if (++blk->n_used == blk->n_slots)
		list_del(&blk->node);
	pool->n_free--;
	if (pool->n_free < stats_block_slots(pool) / 2)
		pool->refill = true;
	/* The object that had it is past its grace period: nobody counts. */
	slot = (void __percpu *)((char __percpu *)blk->slots + i * pool->size);
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(slot, cpu);
		memset(s, 0, pool->size);
		u64_stats_init((struct u64_stats_sync *)(s + pool->syncp));
	}
	*blkp = blk;
	return slot;
}

/*
 * A free slot of @pool; else, unless objects wait on @pending already (an
 * atomic allocation failed, and the stats work allocates), one of a block
 * allocated atomically; else NULL. *@refillp: the pool asks the stats work
 * for its next block. Under inst->lock.
 */
static void __percpu *stats_slot_get(struct igmpsnoop_stats_pool *pool,
				     const struct hlist_head *pending,
				     struct igmpsnoop_stats_block **blkp,
				     bool *refillp)
{
	struct igmpsnoop_stats_block *blk;
	void __percpu *slot;
	unsigned int n;
	bool refill;

	spin_lock(&pool->lock);
	slot = stats_slot_take(pool, blkp);
	if (!slot && hlist_empty(pending)) {
		n = stats_block_slots(pool);
		spin_unlock(&pool->lock);
		blk = stats_block_alloc(pool, n, GFP_ATOMIC | __GFP_NOWARN);
		spin_lock(&pool->lock);
		if (blk) {
			stats_pool_add(pool, blk);
			slot = stats_slot_take(pool, blkp);
		}
	}
	refill = pool->refill;
	spin_unlock(&pool->lock);
	*refillp |= refill;
	return slot;
}

/*
 * Gives @slot back to its block @blk, after its object's grace period.
 * Frees the block if that leaves it empty and the other blocks have as
 * many free slots as it holds, or the pool was given up; and the pool
 * with its last block. Bounded: a few list and bit operations.
 */
static void stats_slot_put(void __percpu *slot,
			   struct igmpsnoop_stats_block *blk)
{
	struct igmpsnoop_stats_pool *pool = blk->pool;
	bool free_pool = false;

	spin_lock_bh(&pool->lock);
	__clear_bit(((char __percpu *)slot - (char __percpu *)blk->slots) /
		    pool->size, blk->used);
	if (blk->n_used-- == blk->n_slots)
		list_add_tail(&blk->node, &pool->partial);
	pool->n_free++;
	if (!blk->n_used &&
	    (pool->dead || pool->n_free >= 2 * blk->n_slots)) {
		list_del(&blk->node);
		stats_pool_del(pool, blk);
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

/* Gives @group a slot; under inst->lock. */
static void group_stats_give(struct igmpsnoop_group *group, void __percpu *slot,
			     struct igmpsnoop_stats_block *blk)
{
	group->stats_block = blk;
	/* The slot zeroed before it is counted in: pairs with READ_ONCE(). */
	smp_store_release(&group->stats,
			  (struct igmpsnoop_group_pcpu __percpu *)slot);
}

static void member_stats_give(struct igmpsnoop_member *m, void __percpu *slot,
			      struct igmpsnoop_stats_block *blk)
{
	m->stats_block = blk;
	/* The slot zeroed before it is counted in: pairs with READ_ONCE(). */
	smp_store_release(&m->stats,
			  (struct igmpsnoop_member_pcpu __percpu *)slot);
}

/*
 * A slot of @pool for a new object, or NULL: the object waits on @pending
 * (by its @node) for the stats work. Under inst->lock.
 */
static void __percpu *stats_start(struct igmpsnoop_instance *inst,
				  struct igmpsnoop_stats_pool *pool,
				  struct hlist_head *pending,
				  struct hlist_node *node,
				  struct igmpsnoop_stats_block **blkp)
{
	void __percpu *slot;
	bool refill = false;

	lockdep_assert_held(&inst->lock);
	slot = stats_slot_get(pool, pending, blkp, &refill);
	if (!slot)
		hlist_add_head(node, pending);
	if (!slot || refill)
		queue_work(igmpsnoop_wq, &inst->stats_work);
	return slot;
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
	struct igmpsnoop_stats_block *blk;
	void __percpu *slot;

	slot = stats_start(inst, inst->stats_pool, &inst->stats_pending,
			   &group->stats_node, &blk);
	if (slot)
		group_stats_give(group, slot, blk);
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

/*
 * Gives a gone group's slot back, from its RCU callback: the instance may
 * be gone, its pool not.
 */
void igmpsnoop_group_stats_free(struct igmpsnoop_group *group)
{
	if (group->stats)
		stats_slot_put(group->stats, group->stats_block);
}

/**
 * igmpsnoop_member_stats_start - give a new member its data counters
 * @m: the member, just made
 *
 * As igmpsnoop_group_stats_start(), from the members' pool. Under
 * inst->lock.
 */
void igmpsnoop_member_stats_start(struct igmpsnoop_member *m)
{
	struct igmpsnoop_instance *inst = igmpsnoop_member_inst(m);
	struct igmpsnoop_stats_block *blk;
	void __percpu *slot;

	slot = stats_start(inst, inst->member_stats_pool,
			   &inst->member_stats_pending, &m->stats_node, &blk);
	if (slot)
		member_stats_give(m, slot, blk);
}

/*
 * @m is unlinked: off the pending list if it still waits. Under
 * inst->lock.
 */
void igmpsnoop_member_stats_stop(struct igmpsnoop_member *m)
{
	lockdep_assert_held(&igmpsnoop_member_inst(m)->lock);
	if (!m->stats)
		hlist_del(&m->stats_node);
}

/* Gives a gone member's slot back, from its RCU callback. */
void igmpsnoop_member_stats_free(struct igmpsnoop_member *m)
{
	if (m->stats)
		stats_slot_put(m->stats, m->stats_block);
}

/*
 * Slots for the groups and members that wait for them: the free ones,
 * then those of blocks allocated (which may sleep) outside the locks. An
 * object deleted meanwhile left its list, and its slot goes to the next
 * one. Stops when none waits, or when even this allocation fails (the
 * next object that waits queues the work again).
 */
static void stats_serve(struct igmpsnoop_instance *inst,
			struct igmpsnoop_stats_pool *pool,
			struct hlist_head *pending, bool members)
{
	struct igmpsnoop_stats_block *new = NULL, *blk;
	struct igmpsnoop_group *group;
	struct igmpsnoop_member *m;
	void __percpu *slot;
	unsigned int n = 0;
	bool more;

	/*
	 * Nothing waits: no need of inst->lock. An object that waits after
	 * this look queues the work again.
	 */
	if (hlist_empty(pending))
		return;
	for (;;) {
		spin_lock_bh(&inst->lock);
		spin_lock(&pool->lock);
		if (new)
			stats_pool_add(pool, new);
		while (!hlist_empty(pending)) {
			slot = stats_slot_take(pool, &blk);
			if (!slot)
				break;
			if (members) {
				m = hlist_entry(pending->first,
						struct igmpsnoop_member,
						stats_node);
				hlist_del(&m->stats_node);
				member_stats_give(m, slot, blk);
			} else {
				group = hlist_entry(pending->first,
						    struct igmpsnoop_group,
						    stats_node);
				hlist_del(&group->stats_node);
				group_stats_give(group, slot, blk);
			}
		}
		more = !hlist_empty(pending);
		if (more)
			n = stats_block_slots(pool);
		spin_unlock(&pool->lock);
		spin_unlock_bh(&inst->lock);
		if (!more)
			return;
		cond_resched();
		new = stats_block_alloc(pool, n, GFP_KERNEL);
		if (!new)
			return;
	}
}

/*
 * Adds the next block to @pool if a slot taken asked for it, without
 * inst->lock: learning goes on meanwhile.
 */
static void stats_refill(struct igmpsnoop_stats_pool *pool)
{
	struct igmpsnoop_stats_block *blk;
	unsigned int n;

	spin_lock_bh(&pool->lock);
	n = pool->refill ? stats_block_slots(pool) : 0;
	spin_unlock_bh(&pool->lock);
	if (!n)
		return;
	blk = stats_block_alloc(pool, n, GFP_KERNEL);
	spin_lock_bh(&pool->lock);
	if (blk)
		stats_pool_add(pool, blk);
	/* Failed: the next slot taken below the mark asks again. */
	pool->refill = false;
	spin_unlock_bh(&pool->lock);
}

static void stats_work(struct work_struct *work)
{
	struct igmpsnoop_instance *inst =
		container_of(work, struct igmpsnoop_instance, stats_work);

	stats_refill(inst->stats_pool);
	stats_refill(inst->member_stats_pool);
	stats_serve(inst, inst->stats_pool, &inst->stats_pending, false);
	stats_serve(inst, inst->member_stats_pool, &inst->member_stats_pending,
		    true);
}

static struct igmpsnoop_stats_pool *stats_pool_create(unsigned int size,
						      unsigned int align,
						      unsigned int syncp)
{
	struct igmpsnoop_stats_pool *pool;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return NULL;
	spin_lock_init(&pool->lock);
	INIT_LIST_HEAD(&pool->partial);
	pool->size = size;
	pool->align = align;
	pool->syncp = syncp;
	return pool;
}

/*
 * The instance gives @pool up: its empty blocks go now, the others as
 * their slots come back after their objects' grace periods, and the pool
 * with the last of them (module exit waits for those callbacks with
 * rcu_barrier()).
 */
static void stats_pool_give_up(struct igmpsnoop_stats_pool *pool)
{
	struct igmpsnoop_stats_block *blk, *tmp;
	LIST_HEAD(empty);
	bool free_pool;

	if (!pool)
		return;
	spin_lock_bh(&pool->lock);
	pool->dead = true;
	list_for_each_entry_safe(blk, tmp, &pool->partial, node) {
		if (blk->n_used)
			continue;
		list_move(&blk->node, &empty);
		stats_pool_del(pool, blk);
	}
	free_pool = !pool->n_blocks;
	spin_unlock_bh(&pool->lock);
	list_for_each_entry_safe(blk, tmp, &empty, node)
		stats_block_free(blk);
	if (free_pool)
		kfree(pool);
}

#define STATS_POOL_CREATE(type) \
	stats_pool_create(sizeof(type), __alignof__(type), offsetof(type, syncp))

int igmpsnoop_stats_init(struct igmpsnoop_instance *inst)
{
	inst->stats_pool = STATS_POOL_CREATE(struct igmpsnoop_group_pcpu);
	inst->member_stats_pool = STATS_POOL_CREATE(struct igmpsnoop_member_pcpu);
	if (!inst->stats_pool || !inst->member_stats_pool) {
		kfree(inst->stats_pool);
		kfree(inst->member_stats_pool);
		inst->stats_pool = NULL;
		inst->member_stats_pool = NULL;
		return -ENOMEM;
	}
	INIT_HLIST_HEAD(&inst->stats_pending);
	INIT_HLIST_HEAD(&inst->member_stats_pending);
	INIT_WORK(&inst->stats_work, stats_work);
	return 0;
}

/**
 * igmpsnoop_stats_flush - the instance gives its counters up
 * @inst: the instance, whose table is empty and takes no new group
 *
 * Waits for the stats work, then gives both pools up.
 */
void igmpsnoop_stats_flush(struct igmpsnoop_instance *inst)
{
	flush_work(&inst->stats_work);
	WARN_ON_ONCE(!hlist_empty(&inst->stats_pending));
	WARN_ON_ONCE(!hlist_empty(&inst->member_stats_pending));
	stats_pool_give_up(inst->stats_pool);
	stats_pool_give_up(inst->member_stats_pool);
	inst->stats_pool = NULL;
	inst->member_stats_pool = NULL;
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

/**
 * igmpsnoop_member_stats_read - the sums of a member's data counters
 * @m: the member, under RCU or inst->lock
 * @stats: where to put them: tx_packets and tx_bytes (the others are 0)
 *
 * As igmpsnoop_group_stats_read().
 */
bool igmpsnoop_member_stats_read(const struct igmpsnoop_member *m,
				 struct igmpsnoop_group_stats *stats)
{
	const struct igmpsnoop_member_pcpu __percpu *pcpu = READ_ONCE(m->stats);
	const struct igmpsnoop_member_pcpu *s;
	unsigned int start;
	u64 txp, txb;
	int cpu;

	memset(stats, 0, sizeof(*stats));
	if (!pcpu)
		return false;
	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(pcpu, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			txp = u64_stats_read(&s->tx_packets);
			txb = u64_stats_read(&s->tx_bytes);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		stats->tx_packets += txp;
		stats->tx_bytes += txb;
	}
	return true;
}
