// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoop: IGMP message validation and classification, and the walk of
 * an IGMPv3 report's group records. Reads packets; changes no state.
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

/**
 * igmpsnoop_parse_v3_next - the next group record of an IGMPv3 report
 * @skb: the report, which igmpsnoop_parse_igmp() validated
 * @it: where the walk is; zeroed before the first call
 * @rec: the record found
 *
 * Returns 1 with the next record in @rec, 0 after the last one, or
 * -EINVAL when the report header or a record does not lie within the
 * message (ip_mc_check_igmp() checks the report header alone). Reads
 * @skb, and changes nothing else.
 */
int igmpsnoop_parse_v3_next(const struct sk_buff *skb,
			    struct igmpsnoop_v3_iter *it,
			    struct igmpsnoop_v3_record *rec)
{
	const struct igmpsnoop_v3_report *rep;
	struct igmpsnoop_v3_report _rep;
	const struct igmpv3_grec *grec;
	struct igmpv3_grec _grec;
	unsigned int reclen;

	if (!it->end) {
		it->pos = skb_transport_offset(skb);
		it->end = it->pos + ip_transport_len(skb);
		rep = skb_header_pointer(skb, it->pos, sizeof(_rep), &_rep);
		if (!rep)
			return -EINVAL;
		it->ngrec = ntohs(rep->ngrec);
		it->index = 0;
		it->pos += sizeof(_rep);
	} else {
		it->index++;
	}
	if (it->index >= it->ngrec)
		return 0;
	if (it->pos + sizeof(_grec) > it->end)
		return -EINVAL;
	grec = skb_header_pointer(skb, it->pos, sizeof(_grec), &_grec);
	if (!grec)
		return -EINVAL;
	rec->nsrcs = ntohs(grec->grec_nsrcs);
	reclen = sizeof(_grec) + (rec->nsrcs + grec->grec_auxwords) * 4;
	if (reclen > it->end - it->pos)
		return -EINVAL;
	rec->group = grec->grec_mca;
	rec->type = grec->grec_type;
	rec->srcs_off = it->pos + sizeof(_grec);
	it->pos += reclen;
	return 1;
}

/*
 * Checks that every group record of the IGMPv3 report in @skb lies within
 * the message: 0, or -EINVAL. O(records), at most 64 KiB / 8 of them.
 */
int igmpsnoop_parse_v3_report(const struct sk_buff *skb)
{
	struct igmpsnoop_v3_iter it = {};
	struct igmpsnoop_v3_record rec;
	int ret;

	do {
		ret = igmpsnoop_parse_v3_next(skb, &it, &rec);
	} while (ret > 0);
	return ret;
}
