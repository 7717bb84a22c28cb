// SPDX-License-Identifier: GPL-2.0
/*
 * igmpfuzz: sends mutated IGMP, PIM and multicast frames out of a
 * network device through a packet socket, for the module to parse.
 *
 *   igmpfuzz [-s SEED] [-n COUNT] [-b | -r] IFACE
 *
 * The corpus is built in code: IGMPv1/v2/v3 reports (every v3 record type,
 * sources, auxiliary data), leaves, queries of every version (general,
 * group-specific, group-and-source-specific, S flag), multicast router
 * advertisements, PIM hellos, multicast UDP data, IP options, 802.1Q and
 * 802.1ad tags, fragments. Each frame is one of those, correct, then
 * mutated 0 to 4 times: a bit flipped, a byte set, truncated, extended,
 * a length or count field set, checksums fixed up again or not. Half the
 * frames go through a socket with PACKET_VNET_HDR, which makes the kernel
 * build them non-linear (only the Ethernet header in the linear part) if
 * they are a page or more: those are v3 reports of up to 8 KiB or frames
 * padded past their IP length, so IFACE (and its peer) needs MTU 9000.
 *
 * -b sends COUNT frames that are each certainly malformed IGMP (a bad
 * IGMP checksum, an IGMP message shorter than 8 bytes, a v3 report whose
 * records run past its end, a general query not sent to 224.0.0.1), all
 * valid IPv4 to a multicast group: a snooping switch must count every one
 * as malformed.
 *
 * -r sends a report storm: COUNT untagged, valid IGMPv2 reports and IGMPv3
 * reports of up to 40 records, each to a random group (never 224.0.0.x)
 * with up to 80 random sources, as fast as the socket takes them; every
 * tenth frame is one of -b's certainly malformed messages.
 *
 * The same SEED sends the same frames. Prints what it sent, by kind.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../frame.h"

#define FRAME_MAX 9000
/* packet_snd() builds a non-linear skb only from a page up. */
#define NONLINEAR_MIN 4200

enum kind {
	K_V1_REPORT, K_V2_REPORT, K_LEAVE, K_V3_REPORT, K_V1_QUERY,
	K_V2_QUERY, K_V3_QUERY, K_MRD, K_PIM, K_DATA, K_FRAGMENT, K_COUNT
};

static const char *const kind_name[K_COUNT] = {
	"v1_report", "v2_report", "leave", "v3_report", "v1_query",
	"v2_query", "v3_query", "mrd", "pim_hello", "data", "fragment",
};

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64*: the same seed gives the same frames everywhere. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static uint32_t below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* A group from a small pool most of the time, so that reports meet state. */
static uint32_t group(void)
{
	if (below(4))
		return 0xef010100 | below(16);		/* 239.1.1.0/28 */
	if (!below(8))
		return 0xe0000000 | below(256);		/* 224.0.0.0/24 */
	return 0xe0000000 | (rnd() & 0x0fffffff);
}

struct frame {
	uint8_t b[FRAME_MAX];
	size_t len;	/* bytes to send */
	size_t l3;	/* offset of the IPv4 header */
	size_t l4;	/* offset of the IGMP/PIM/UDP header */
};

/* Ethernet (+ tags) and IPv4 headers for DST, protocol PROTO; sets l3/l4. */
static void ip_header(struct frame *f, uint32_t dst, uint8_t proto, int ra)
{
	uint8_t *p = f->b;
	size_t off = 12;
	int ihl = 5 + (ra ? 1 : 0);

	p[0] = 0x01; p[1] = 0x00; p[2] = 0x5e;
	p[3] = (dst >> 16) & 0x7f; p[4] = (dst >> 8) & 0xff; p[5] = dst & 0xff;
	p[6] = 0x02; p[7] = 0x00; p[8] = 0x00; p[9] = 0x00; p[10] = 0x00; p[11] = 0x01;
	switch (below(10)) {
	case 0:		/* 802.1Q, VLAN 1..10 */
		put16(p + off, 0x8100);
		put16(p + off + 2, 1 + below(10));
		off += 4;
		break;
	case 1:		/* priority tag */
		put16(p + off, 0x8100);
		put16(p + off + 2, below(8) << 13);
		off += 4;
		break;
	case 2:		/* 802.1ad over 802.1Q */
		put16(p + off, 0x88a8);
		put16(p + off + 2, 1 + below(10));
		put16(p + off + 4, 0x8100);
		put16(p + off + 6, 1 + below(10));
		off += 8;
		break;
	}
	put16(p + off, 0x0800);
	off += 2;
	f->l3 = off;
	p += off;
	p[0] = 0x40 | ihl;
	p[1] = 0xc0;
	p[8] = 1;		/* TTL 1 */
	p[9] = proto;
	put32(p + 12, 0xc0000200 | (1 + below(200)));	/* 192.0.2.x */
	put32(p + 16, dst);
	if (ra)
		put32(p + 20, 0x94040000);	/* Router Alert */
	f->l4 = off + ihl * 4;
}

/* Fixes the IPv4 total length and both checksums for a payload of LEN. */
static void finish(struct frame *f, size_t len)
{
	uint8_t *ip = f->b + f->l3;
	size_t ihl = (ip[0] & 0xf) * 4;

	f->len = f->l4 + len;
	put16(ip + 2, (uint16_t)(ihl + len));
	put16(ip + 10, 0);
	put16(ip + 10, csum(ip, ihl));
	if (ip[9] == 2 || ip[9] == 103) {
		put16(f->b + f->l4 + 2, 0);
		put16(f->b + f->l4 + 2, csum(f->b + f->l4, len));
	}
}

static size_t v3_report(uint8_t *p, size_t room)
{
	size_t off = 8, nrec = room > 2000 ? 1 + below(60) : 1 + below(6);
	size_t i, j, ns, aux;

	p[0] = 0x22;
	for (i = 0; i < nrec; i++) {
		ns = below(4) ? below(6) : below(80);
		aux = below(8) ? 0 : below(3);
		if (off + 8 + 4 * (ns + aux) > room)
			break;
		p[off] = 1 + below(below(10) ? 6 : 8);	/* 1..6, sometimes 7, 8 */
		p[off + 1] = aux;
		put16(p + off + 2, ns);
		put32(p + off + 4, group());
		off += 8;
		for (j = 0; j < ns; j++, off += 4)
			put32(p + off, 0xc6336400 | below(32));	/* 198.51.100.x */
		for (j = 0; j < aux; j++, off += 4)
			put32(p + off, rnd());
	}
	put16(p + 6, i);
	return off;
}

static size_t v3_query(uint8_t *p, uint32_t *dst)
{
	size_t ns = below(3) ? 0 : below(8), j;

	p[0] = 0x11;
	p[1] = below(2) ? 10 : rnd() & 0xff;
	if (ns || below(3)) {
		put32(p + 4, group());
		*dst = below(4) ? ((uint32_t)p[4] << 24 | p[5] << 16 | p[6] << 8 | p[7]) : 0xe0000001;
	}
	p[8] = (below(4) ? 0 : 0x08) | below(8);	/* S flag, QRV */
	p[9] = below(2) ? 125 : rnd() & 0xff;	/* QQIC */
	put16(p + 10, ns);
	for (j = 0; j < ns; j++)
		put32(p + 12 + 4 * j, 0xc6336400 | below(32));
	return 12 + 4 * ns;
}

static void build(struct frame *f, enum kind k)
{
	uint32_t g = group(), dst = g;
	uint8_t tmp[FRAME_MAX];
	size_t len = 8;

	memset(f, 0, sizeof(*f));
	memset(tmp, 0, sizeof(tmp));
	switch (k) {
	case K_V1_REPORT:
		tmp[0] = 0x12;
		put32(tmp + 4, g);
		break;
	case K_V2_REPORT:
		tmp[0] = 0x16;
		put32(tmp + 4, g);
		break;
	case K_LEAVE:
		tmp[0] = 0x17;
		put32(tmp + 4, g);
		dst = 0xe0000002;
		break;
	case K_V3_REPORT:
		dst = below(8) ? 0xe0000016 : 0xe0000001;
		len = v3_report(tmp, below(4) ? 1400 : 8800);
		break;
	case K_V1_QUERY:
		tmp[0] = 0x11;
		dst = 0xe0000001;
		break;
	case K_V2_QUERY:
		tmp[0] = 0x11;
		tmp[1] = 10 + below(100);
		dst = 0xe0000001;
		if (below(2)) {
			put32(tmp + 4, g);
			dst = g;
		}
		break;
	case K_V3_QUERY:
		dst = 0xe0000001;
		len = v3_query(tmp, &dst);
		break;
	case K_MRD:
		tmp[0] = 0x30;		/* advertisement */
		tmp[1] = 20;
		put16(tmp + 4, 125);
		put16(tmp + 6, 2);
		dst = 0xe000006a;	/* 224.0.0.106 */
		break;
	case K_PIM:
		tmp[0] = 0x20;		/* v2 hello */
		put16(tmp + 4, 1);
		put16(tmp + 6, 2);
		put16(tmp + 8, 105);
		len = 10;
		dst = 0xe000000d;
		break;
	case K_DATA:
	case K_FRAGMENT:
		len = 8 + below(200);
		put16(tmp, 5000);
		put16(tmp + 2, 5001);
		put16(tmp + 4, len);
		break;
	case K_COUNT:
		break;
	}
	ip_header(f, dst, k == K_PIM ? 103 : (k >= K_DATA ? 17 : 2),
		  k < K_DATA && k != K_PIM && below(4));
	memcpy(f->b + f->l4, tmp, len);
	finish(f, len);
	if (k == K_FRAGMENT) {
		uint8_t *ip = f->b + f->l3;

		put16(ip + 6, below(2) ? 0x2000 : (uint16_t)(0x2000 | below(100)));
		if (below(2))
			ip[9] = 2;	/* a fragment of "IGMP" */
		put16(ip + 10, 0);
		put16(ip + 10, csum(ip, (ip[0] & 0xf) * 4));
	}
}

static void mutate(struct frame *f)
{
	size_t n = below(5), i, at;
	int refix = below(3) != 0;

	for (i = 0; i < n; i++) {
		switch (below(8)) {
		case 0:		/* flip a bit past the MAC addresses */
			at = 12 + below(f->len - 12);
			f->b[at] ^= 1 << below(8);
			break;
		case 1:		/* set a byte in the IP or IGMP header */
			at = f->l3 + below(f->l4 + 16 - f->l3);
			if (at < FRAME_MAX)
				f->b[at] = rnd() & 0xff;
			if (at >= f->len)
				f->len = at + 1;
			break;
		case 2:		/* truncate */
			f->len = 14 + below(f->len - 13);
			break;
		case 3:		/* extend with garbage */
			at = f->len;
			f->len += below(FRAME_MAX - f->len);
			while (at < f->len)
				f->b[at++] = rnd() & 0xff;
			break;
		case 4:		/* IHL */
			f->b[f->l3] = (f->b[f->l3] & 0xf0) | below(16);
			break;
		case 5:		/* IP total length */
			put16(f->b + f->l3 + 2, rnd() & 0xffff);
			break;
		case 6:		/* v3 record/source counts */
			if (f->l4 + 12 <= FRAME_MAX)
				put16(f->b + f->l4 + (below(2) ? 6 : 10),
				      below(2) ? rnd() & 0xffff : below(100));
			if (f->l4 + 12 < FRAME_MAX)
				put16(f->b + f->l4 + 8 + 2, rnd() & 0xffff);
			break;
		case 7:		/* IGMP type */
			if (f->l4 < f->len)
				f->b[f->l4] = below(2) ? rnd() & 0xff : 0x11 + below(0x20);
			break;
		}
	}
	if (refix && n && f->len > f->l4 + 4 && (f->b[f->l3] & 0xf) == 5) {
		size_t len = f->len - f->l4;
		uint8_t *ip = f->b + f->l3;

		put16(ip + 2, (uint16_t)(20 + len));
		put16(ip + 10, 0);
		put16(ip + 10, csum(ip, 20));
		if (ip[9] == 2) {
			put16(f->b + f->l4 + 2, 0);
			put16(f->b + f->l4 + 2, csum(f->b + f->l4, len));
		}
	}
	if (f->len < 14)
		f->len = 14;
}

/* A group anywhere but 224.0.0.0/24. */
static uint32_t storm_group(void)
{
	return 0xe0000000 | (0x100 + below(0x0fffff00));
}

/* Untagged Ethernet and IPv4 (Router Alert) headers to DST. */
static void storm_header(struct frame *f, uint32_t dst)
{
	uint8_t *p = f->b, *ip = f->b + 14;

	memset(f, 0, sizeof(*f));
	p[0] = 0x01; p[1] = 0x00; p[2] = 0x5e;
	p[3] = (dst >> 16) & 0x7f; p[4] = (dst >> 8) & 0xff; p[5] = dst & 0xff;
	p[6] = 0x02; p[11] = 0x01;
	put16(p + 12, 0x0800);
	ip[0] = 0x46;
	ip[1] = 0xc0;
	ip[8] = 1;
	ip[9] = 2;
	put32(ip + 12, 0xc0000201);	/* 192.0.2.1 */
	put32(ip + 16, dst);
	put32(ip + 20, 0x94040000);
	f->l3 = 14;
	f->l4 = 14 + 24;
}

/* A valid report of the storm (-r): v2 to a random group, or v3. */
static void storm_report(struct frame *f)
{
	uint8_t *p;
	size_t off = 8, nrec, i, j, ns;

	if (below(2)) {
		uint32_t g = storm_group();

		storm_header(f, g);
		p = f->b + f->l4;
		p[0] = 0x16;
		put32(p + 4, g);
		finish(f, 8);
		return;
	}
	storm_header(f, 0xe0000016);
	p = f->b + f->l4;
	p[0] = 0x22;
	nrec = 1 + below(40);
	for (i = 0; i < nrec; i++) {
		ns = below(81);
		if (f->l4 + off + 8 + 4 * ns > 1500)
			break;
		p[off] = 1 + below(6);
		put16(p + off + 2, ns);
		put32(p + off + 4, storm_group());
		off += 8;
		for (j = 0; j < ns; j++, off += 4)
			put32(p + off, rnd() | 1);
	}
	put16(p + 6, i);
	finish(f, off);
}

/* Certainly malformed IGMP, each to a multicast group, valid IPv4. */
static void malformed(struct frame *f, unsigned long i)
{
	uint8_t tmp[64];
	uint32_t g = 0xef020000 | (i & 0xff);
	size_t len = 8;

	memset(f, 0, sizeof(*f));
	memset(tmp, 0, sizeof(tmp));
	ip_header(f, g, 2, 1);
	/* No VLAN tag: the count must not depend on the switch's VLANs. */
	if (f->l3 != 14) {
		memmove(f->b + 14, f->b + f->l3, 24);
		put16(f->b + 12, 0x0800);
		f->l4 -= f->l3 - 14;
		f->l3 = 14;
	}
	tmp[0] = 0x16;
	put32(tmp + 4, g);
	switch (i % 4) {
	case 0:		/* IGMP checksum off by one */
		memcpy(f->b + f->l4, tmp, len);
		finish(f, len);
		f->b[f->l4 + 3] ^= 1;
		return;
	case 1:		/* shorter than an IGMP header */
		len = 4 + below(4);
		break;
	case 2:		/* a v3 report whose records run past its end */
		tmp[0] = 0x22;
		put32(tmp + 4, 0);
		put16(tmp + 6, 2 + below(100));
		tmp[8] = 1;
		put16(tmp + 10, 0);
		put32(tmp + 12, g);
		len = 16;
		break;
	case 3:		/* a general query not sent to 224.0.0.1 */
		tmp[0] = 0x11;
		tmp[1] = 100;
		put32(tmp + 4, 0);
		break;
	}
	memcpy(f->b + f->l4, tmp, len);
	finish(f, len);
}

int main(int argc, char **argv)
{
	unsigned long count = 10000, sent[K_COUNT] = { 0 }, i, errors = 0;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned long storm = 0, storm_bad = 0;
	int bad_only = 0, opt, fd, vfd, one = 1;
	uint8_t out[FRAME_MAX + sizeof(struct virtio_net_hdr)];
	struct frame f;

	rng_state = 1;
	while ((opt = getopt(argc, argv, "s:n:br")) != -1) {
		switch (opt) {
		case 's':
			rng_state = strtoull(optarg, NULL, 0) * 2654435761ULL + 1;
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			bad_only = 1;
			break;
		case 'r':
			storm = 1;
			break;
		default:
			goto usage;
		}
	}
	if (optind != argc - 1 || (bad_only && storm))
		goto usage;
	sll.sll_ifindex = (int)if_nametoindex(argv[optind]);
	if (!sll.sll_ifindex) {
		perror(argv[optind]);
		return 1;
	}
	sll.sll_halen = ETH_ALEN;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	vfd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || vfd < 0 ||
	    setsockopt(vfd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one))) {
		perror("packet socket");
		return 1;
	}
	for (i = 0; i < count; i++) {
		struct virtio_net_hdr vh = { 0 };
		int nonlinear = !bad_only && !storm && below(2);
		size_t hlen = nonlinear ? sizeof(vh) : 0;
		enum kind k = K_COUNT;

		if (bad_only || (storm && i % 10 == 9)) {
			malformed(&f, i);
		} else if (storm) {
			storm_report(&f);
		} else {
			k = (enum kind)below(K_COUNT);
			build(&f, k);
			if (below(8))
				mutate(&f);
		}
		/* Padding past the IP length, which the receiver trims. */
		if (nonlinear && f.len < NONLINEAR_MIN) {
			size_t to = NONLINEAR_MIN + below(FRAME_MAX - NONLINEAR_MIN);

			memset(f.b + f.len, 0, to - f.len);
			f.len = to;
		}
		/* Only the Ethernet header in the linear part. */
		vh.hdr_len = ETH_HLEN;
		memcpy(out, &vh, hlen);
		memcpy(out + hlen, f.b, f.len);
		if (sendto(nonlinear ? vfd : fd, out, hlen + f.len, 0,
			   (struct sockaddr *)&sll, sizeof(sll)) < 0) {
			if (errno != ENOBUFS && errno != EINVAL && errno != EMSGSIZE) {
				perror("sendto");
				return 1;
			}
			errors++;
			continue;
		}
		if (k < K_COUNT)
			sent[k]++;
		else if (storm && i % 10 == 9)
			storm_bad++;
	}
	if (storm) {
		printf("reports %lu\nmalformed %lu\n",
		       count - errors - storm_bad, storm_bad);
	} else if (bad_only) {
		printf("malformed %lu\n", count - errors);
	} else {
		for (i = 0; i < K_COUNT; i++)
			printf("%s %lu\n", kind_name[i], sent[i]);
	}
	printf("refused %lu\n", errors);
	return 0;
usage:
	fprintf(stderr, "usage: %s [-s SEED] [-n COUNT] [-b | -r] IFACE\n", argv[0]);
	return 2;
}
