/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igmpsnoop: differences between the kernels igmpsnoop builds for.
 *
 * Kbuild probes the kernel headers and defines IGMPSNOOP_HAVE_* for what
 * it finds: distributions backport features, so the version number alone
 * would mislead. This file is included before every source file.
 */
#ifndef _IGMPSNOOP_COMPAT_H
#define _IGMPSNOOP_COMPAT_H

/*
 * On PREEMPT_RT a local lock is a spinlock, which local_lock.h uses
 * without including: spinlock.h comes first.
 */
#include <linux/spinlock.h>
#include <linux/local_lock.h>
#include <net/genetlink.h>

/* The attributes a dump request carried, parsed by its op's policy. */
static inline struct nlattr **igmpsnoop_dump_attrs(struct netlink_callback *cb)
{
#ifdef IGMPSNOOP_HAVE_GENL_INFO_DUMP
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * A variable the compiler need not zero on entry
 * (CONFIG_INIT_STACK_ALL_ZERO): compiler_attributes.h defines it, to
 * nothing for a compiler without the attribute, in 6.1 and 6.12; an older
 * kernel may lack it.
 */
#ifndef __uninitialized
#define __uninitialized
#endif

/*
 * Per-CPU data that bottom halves use: on PREEMPT_RT a softirq can be
 * preempted, so 6.11 and later annotate it with a lock that is nothing
 * elsewhere. Before, PREEMPT_RT was not in the kernel.
 */
#ifndef IGMPSNOOP_HAVE_LOCAL_LOCK_NESTED_BH
#define local_lock_nested_bh(lock)	__acquire(lock)
#define local_unlock_nested_bh(lock)	__release(lock)
#endif

/*
 * The bridge's own transmit to one of its ports, exported (for
 * br_netfilter) by every kernel igmpsnoop builds for, but declared in the
 * bridge's private header only; its signature has not changed since Linux
 * 4.9. A bridge port's rx_handler_data is its struct net_bridge_port.
 */
struct net_bridge_port;
struct sk_buff;
void br_forward(const struct net_bridge_port *to, struct sk_buff *skb,
		bool local_rcv, bool local_orig);

#endif /* _IGMPSNOOP_COMPAT_H */
