// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: the protocol's timers, derived from the settings of a VLAN's
 * querier (igmpsnoop_querier.c) or the instance's. In the words of
 * RFC 3376 8 (RFC 2236 8 has the same):
 *   GMI  = RV * QI + QRI        a member not heard from for GMI is gone
 *   OQPI = RV * QI + QRI / 2    a querier not heard from for OQPI is gone,
 *                               and so is a router port learned from it
 *   LMQT = LMQC * LMQI          a member that left is gone after LMQT,
 *                               unless a host answers our queries
 *   SQI  = QI / 4, SQC = RV     start-up queries of our querier
 * RV and QI are the querier's QRV and QQI when its IGMPv3 queries carry
 * them, else the instance's settings. Each derived timer may be set
 * instead (non-zero in inst->cfg).
 */

#include <linux/jiffies.h>

#include "igmpsnoop_private.h"

/* The RV and QI in force in @qr's VLAN: its querier's, else ours. */
static u32 cur_rv(const struct igmpsnoop_querier *qr)
{
	return qr->rv ?: igmpsnoop_timing(qr, robustness);
}

static u32 cur_qi(const struct igmpsnoop_querier *qr)
{
	return qr->qi ?: igmpsnoop_timing(qr, query_interval);
}

/* Group membership interval in VLAN @vid, jiffies. Under inst->lock. */
unsigned long igmpsnoop_gmi(struct igmpsnoop_instance *inst, u16 vid)
{
	const struct igmpsnoop_querier *qr = igmpsnoop_settings_of(inst, vid);

	return msecs_to_jiffies(igmpsnoop_timing(qr, membership_interval) ?:
				cur_rv(qr) * cur_qi(qr) +
				igmpsnoop_timing(qr, query_response_interval));
}

/* Other querier present interval in VLAN @vid, jiffies. Under inst->lock. */
unsigned long igmpsnoop_oqpi(struct igmpsnoop_instance *inst, u16 vid)
{
	const struct igmpsnoop_querier *qr = igmpsnoop_settings_of(inst, vid);

	return msecs_to_jiffies(igmpsnoop_timing(qr, other_querier_interval) ?:
				cur_rv(qr) * cur_qi(qr) +
				igmpsnoop_timing(qr, query_response_interval) / 2);
}

/* Last member query time in VLAN @vid, jiffies. Under inst->lock. */
unsigned long igmpsnoop_lmqt(struct igmpsnoop_instance *inst, u16 vid)
{
	const struct igmpsnoop_querier *qr = igmpsnoop_settings_of(inst, vid);

	return msecs_to_jiffies(igmpsnoop_timing(qr, last_member_time) ?:
				igmpsnoop_timing(qr, last_member_count) *
				igmpsnoop_timing(qr, last_member_interval));
}

/* Startup query interval of @qr's VLAN, jiffies. Under inst->lock. */
unsigned long igmpsnoop_sqi(const struct igmpsnoop_querier *qr)
{
	return msecs_to_jiffies(igmpsnoop_timing(qr, startup_query_interval) ?:
				igmpsnoop_timing(qr, query_interval) / 4);
}

/* Startup query count of @qr's VLAN. Under inst->lock. */
u32 igmpsnoop_sqc(const struct igmpsnoop_querier *qr)
{
	return igmpsnoop_timing(qr, startup_query_count) ?:
	       igmpsnoop_timing(qr, robustness);
}
