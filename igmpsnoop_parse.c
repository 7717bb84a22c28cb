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
 * Max Resp Code (RFC 3376 4.1.1) and QQIC (4.1.7): a value below 128 is
 * itself; above, a floating point number 1eeemmmm meaning
 * (mant | 0x10) << (exp + 3).
 */
static u32 igmpsnoop_decode_code(u8 code)
{
	if (code < 0x80)
		return code;
	return ((code & 0x0f) | 0x10) << (((code >> 4) & 0x07) + 3);
}

static void parse_query(struct sk_buff *skb, struct igmpsnoop_msg *msg)
{
	const struct igmphdr *ih = igmp_hdr(skb);
	const struct igmpv3_query *ih3;

	switch (msg->version) {
	case 1:
		msg->max_resp = 10000;	/* RFC 2236 4: v1 queries mean 10 s */
		break;
	case 2:
		msg->max_resp = ih->code * 100;
		break;
	default:
		/* ip_mc_check_igmp() pulled the v3 query header. */
		ih3 = igmpv3_query_hdr(skb);
		msg->max_resp = igmpsnoop_decode_code(ih3->code) * 100;
		msg->qrv = ih3->qrv;
		msg->suppress = ih3->suppress;
		msg->qqi = igmpsnoop_decode_code(ih3->qqic) * 1000;
		msg->nsrcs = ntohs(ih3->nsrcs);
		break;
	}
	/* Max Resp Time 0 would expire members at once: treat it as 0.1 s. */
	if (!msg->max_resp)
		msg->max_resp = 100;
}

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

	/*
	 * -ENOMSG, once the caller saw IPPROTO_IGMP, is an IGMP type the
	 * kernel does not know (multicast router discovery, DVMRP, mtrace)
	 * whose header and checksum are good: a valid message of another type.
	 */
	ret = ip_mc_check_igmp(skb);
	if (ret < 0 && ret != -ENOMSG)
		return ret;

	ih = igmp_hdr(skb);
	len = ip_transport_len(skb);
	memset(msg, 0, sizeof(*msg));
	msg->group = ih->group;
	msg->saddr = ip_hdr(skb)->saddr;
	switch (ih->type) {
	case IGMP_HOST_MEMBERSHIP_QUERY:
		msg->type = IGMPSNOOP_MSG_QUERY;
		if (len == sizeof(struct igmphdr))
			msg->version = ih->code ? 2 : 1;
		else
			msg->version = 3;
		parse_query(skb, msg);
		msg->srcs_off = skb_transport_offset(skb) +
				sizeof(struct igmpv3_query);
		/* The sources of a v3 query must lie within it. */
		if (msg->version == 3 &&
		    sizeof(struct igmpv3_query) + msg->nsrcs * 4 > len)
			return -EINVAL;
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

/*
 * The header of struct igmpv3_report, whose trailing array of flexible
 * structures sparse rejects.
 */
struct igmpsnoop_v3_report {
	u8 type;
	u8 resv1;
	__sum16 csum;
	__be16 resv2;
	__be16 ngrec;
};

/*
 * Walks the group records of the IGMPv3 report in @skb, which
 * igmpsnoop_parse_igmp() validated. With @apply false it only checks that
 * every record lies within the message (ip_mc_check_igmp() checks the
 * report header alone); with @apply true it applies them to @port's
 * source filters in VLAN @vid (igmpsnoop_source.c), which ignores unknown record types
 * (RFC 3376 4.2.12). Link-local groups are never snooped (RFC 4541 2.1.2).
 * At most IGMPSNOOP_MAX_REPORT_RECORDS records of a report are applied,
 * each taking the instance's lock; the rest are counted.
 */
int igmpsnoop_parse_v3_report(struct sk_buff *skb, struct igmpsnoop_port *port,
			      u16 vid, bool apply)
{
	unsigned int pos = skb_transport_offset(skb);
	unsigned int end = pos + ip_transport_len(skb);
	const struct igmpsnoop_v3_report *rep;
	struct igmpsnoop_v3_report _rep;
	unsigned int i, ngrec;

	rep = skb_header_pointer(skb, pos, sizeof(_rep), &_rep);
	if (!rep)
		return -EINVAL;
	ngrec = ntohs(rep->ngrec);
	pos += sizeof(_rep);

	for (i = 0; i < ngrec; i++) {
		const struct igmpv3_grec *grec;
		struct igmpv3_grec _grec;
		unsigned int nsrcs, reclen;
		__be32 addr;

		if (pos + sizeof(_grec) > end)
			return -EINVAL;
		grec = skb_header_pointer(skb, pos, sizeof(_grec), &_grec);
		if (!grec)
			return -EINVAL;
		nsrcs = ntohs(grec->grec_nsrcs);
		reclen = sizeof(_grec) + (nsrcs + grec->grec_auxwords) * 4;
		if (reclen > end - pos)
			return -EINVAL;
		pos += reclen;

		addr = grec->grec_mca;
		if (!apply || !ipv4_is_multicast(addr) ||
		    ipv4_is_local_multicast(addr))
			continue;
		if (i >= IGMPSNOOP_MAX_REPORT_RECORDS) {
			igmpsnoop_port_count_add(port,
						 IGMPSNOOP_CNT_RECORDS_CAPPED,
						 ngrec - i);
			break;
		}
		igmpsnoop_source_record(port, addr, vid, grec->grec_type, skb,
					pos - reclen + sizeof(_grec), nsrcs);
	}
	return 0;
}
