// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: IGMP message validation and classification.
 *
 * Every IGMP message is hostile input. The kernel's own check,
 * ip_mc_check_igmp(), validates it as the IPv4 stack and the bridge do:
 * the IP header and its checksum, the IGMP length for the message type,
 * the IGMP checksum, and that a general query goes to 224.0.0.1. TTL and
 * Router Alert are not required: IGMPv3 reports come to 224.0.0.1 or
 * 224.0.0.22, with or without Router Alert.
 */

#include <linux/igmp.h>
#include <linux/ip.h>
#include <linux/skbuff.h>

#include "igmpsnoop_private.h"

/*
 * Validates the IGMP message in @skb, whose data starts at the IP header,
 * and says what it is. Returns 0, -EINVAL for a malformed message or
 * -ENOMEM. Called in softirq context; this is the control path, where
 * ip_mc_check_igmp() may allocate to check a padded frame.
 */
int igmpsnoop_parse_igmp(struct sk_buff *skb, struct igmpsnoop_msg *msg)
{
	const struct igmphdr *ih;
	unsigned int len;
	int ret;

	ret = ip_mc_check_igmp(skb);
	if (ret == -ENOMSG)	/* not IGMP after all: malformed for us */
		return -EINVAL;
	if (ret < 0)
		return ret;

	ih = igmp_hdr(skb);
	len = ip_transport_len(skb);
	msg->group = ih->group;
	msg->version = 0;
	switch (ih->type) {
	case IGMP_HOST_MEMBERSHIP_QUERY:
		msg->type = IGMPSNOOP_MSG_QUERY;
		if (len == sizeof(struct igmphdr))
			msg->version = ih->code ? 2 : 1;
		else
			msg->version = 3;
		break;
	case IGMP_HOST_MEMBERSHIP_REPORT:
		msg->type = IGMPSNOOP_MSG_REPORT;
		msg->version = 1;
		break;
	case IGMPV2_HOST_MEMBERSHIP_REPORT:
		msg->type = IGMPSNOOP_MSG_REPORT;
		msg->version = 2;
		break;
	case IGMPV3_HOST_MEMBERSHIP_REPORT:
		msg->type = IGMPSNOOP_MSG_REPORT;
		msg->version = 3;
		msg->group = 0;
		break;
	case IGMP_HOST_LEAVE_MESSAGE:
		msg->type = IGMPSNOOP_MSG_LEAVE;
		msg->version = 2;
		break;
	default:
		msg->type = IGMPSNOOP_MSG_OTHER;
		break;
	}
	return 0;
}

/* The counter a valid message is counted in, besides IGMPSNOOP_CNT_RX_IGMP. */
enum igmpsnoop_counter igmpsnoop_parse_counter(const struct igmpsnoop_msg *msg)
{
	switch (msg->type) {
	case IGMPSNOOP_MSG_QUERY:
		return IGMPSNOOP_CNT_RX_QUERY_V1 + msg->version - 1;
	case IGMPSNOOP_MSG_REPORT:
		return IGMPSNOOP_CNT_RX_REPORT_V1 + msg->version - 1;
	case IGMPSNOOP_MSG_LEAVE:
		return IGMPSNOOP_CNT_RX_LEAVE;
	default:
		return IGMPSNOOP_CNT_RX_OTHER;
	}
}
