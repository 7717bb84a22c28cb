// SPDX-License-Identifier: GPL-2.0
/*
 * igmpgen: sends IGMP membership reports that join GROUPS distinct groups
 * out of each network device given through a packet socket, as fast as the
 * socket takes them, and prints how long that took.
 *
 *   igmpgen [-3] [-r RECORDS] [-b BASE] -n GROUPS IFACE...
 *
 * Without -3: one IGMPv2 report per group. With -3: IGMPv3 reports of
 * RECORDS (default 100) MODE_IS_EXCLUDE records without sources, each
 * record a join. The groups are BASE (default 225.0.0.0) and the GROUPS-1
 * addresses after it. The frames come from the device's own MAC address
 * and 192.0.2.1. On a veth the peer receives each frame before
 * sendto() returns (the backlog runs when the sender's bottom halves are
 * enabled again), so the time is the time the receiving side took to
 * process them, plus the sender's own cost.
 *
 * Prints "frames N", "records N", "refused N" (frames the socket did not
 * take) and "nsec N", for all the devices together.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "../frame.h"

#define RECORDS_MAX 180		/* 24 + 8 + 180 * 8 bytes fits 1500 */

/* The sending device's address (SIOCGIFHWADDR). */
static uint8_t src_mac[ETH_ALEN];

/*
 * Builds an IPv4 frame from src_mac with Router Alert to DST carrying the
 * IGMP message IGMP of LEN bytes (checksum filled in here). Returns the
 * frame's length.
 */
static size_t frame(uint8_t *b, uint32_t dst, const uint8_t *igmp, size_t len)
{
	uint8_t *ip = b + ETH_HLEN, *msg = ip + 24;

	b[0] = 0x01;
	b[1] = 0x00;
	b[2] = 0x5e;
	b[3] = (dst >> 16) & 0x7f;
	b[4] = dst >> 8;
	b[5] = dst;
	memcpy(b + 6, src_mac, 6);
	b[12] = 0x08;
	b[13] = 0x00;
	memset(ip, 0, 24);
	ip[0] = 0x46;		/* IPv4, 24-byte header: Router Alert */
	ip[2] = (24 + len) >> 8;
	ip[3] = (24 + len) & 0xff;
	ip[8] = 1;		/* TTL */
	ip[9] = 2;		/* IGMP */
	put32(ip + 12, 0xc0000201);	/* 192.0.2.1 */
	put32(ip + 16, dst);
	ip[20] = 0x94;
	ip[21] = 0x04;
	put16(ip + 10, csum(ip, 24));
	memcpy(msg, igmp, len);
	msg[2] = 0;
	msg[3] = 0;
	put16(msg + 2, csum(msg, len));
	return ETH_HLEN + 24 + len;
}

int main(int argc, char **argv)
{
	unsigned long groups = 0, records = 100, done, frames = 0, refused = 0;
	unsigned long records_sent = 0;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	uint8_t b[1600], igmp[8 + RECORDS_MAX * 8];
	struct timespec t0, t1;
	uint32_t base = 0xe1000000;	/* 225.0.0.0 */
	int v3 = 0, opt, fd;
	struct in_addr a;
	struct ifreq ifr;

	while ((opt = getopt(argc, argv, "3r:b:n:")) != -1) {
		switch (opt) {
		case '3':
			v3 = 1;
			break;
		case 'r':
			records = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			if (!inet_aton(optarg, &a))
				goto usage;
			base = ntohl(a.s_addr);
			break;
		case 'n':
			groups = strtoul(optarg, NULL, 0);
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || !groups || !records || records > RECORDS_MAX)
		goto usage;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("packet socket");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (; optind < argc; optind++) {
		sll.sll_ifindex = (int)if_nametoindex(argv[optind]);
		if (!sll.sll_ifindex) {
			perror(argv[optind]);
			return 1;
		}
		sll.sll_halen = ETH_ALEN;
		memset(&ifr, 0, sizeof(ifr));
		snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[optind]);
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0) {
			perror(argv[optind]);
			return 1;
		}
		memcpy(src_mac, ifr.ifr_hwaddr.sa_data, ETH_ALEN);
		for (done = 0; done < groups; ) {
			unsigned long n = 1, i;
			size_t len;

			if (v3) {
				n = groups - done < records ? groups - done : records;
				memset(igmp, 0, 8);
				igmp[0] = 0x22;
				igmp[6] = n >> 8;
				igmp[7] = n & 0xff;
				for (i = 0; i < n; i++) {
					uint8_t *r = igmp + 8 + i * 8;

					r[0] = 2;	/* MODE_IS_EXCLUDE */
					r[1] = 0;
					r[2] = 0;
					r[3] = 0;
					put32(r + 4, base + done + i);
				}
				len = frame(b, 0xe0000016, igmp, 8 + n * 8);
			} else {
				memset(igmp, 0, 8);
				igmp[0] = 0x16;
				put32(igmp + 4, base + done);
				len = frame(b, base + done, igmp, 8);
			}
			if (sendto(fd, b, len, 0, (struct sockaddr *)&sll,
				   sizeof(sll)) < 0) {
				if (errno != ENOBUFS) {
					perror("sendto");
					return 1;
				}
				refused++;
			}
			frames++;
			done += n;
			records_sent += n;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("frames %lu\nrecords %lu\nrefused %lu\nnsec %lld\n", frames, records_sent,
	       refused, (long long)(t1.tv_sec - t0.tv_sec) * 1000000000LL +
	       (t1.tv_nsec - t0.tv_nsec));
	return 0;
usage:
	fprintf(stderr, "usage: %s [-3] [-r RECORDS] [-b BASE] -n GROUPS IFACE...\n",
		argv[0]);
	return 2;
}
