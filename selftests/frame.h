/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test tools (selftests/fuzz/igmpfuzz.c, selftests/bench/igmpgen.c)
 * share to build frames: the Internet checksum and big-endian stores.
 */
#ifndef IGMPSNOOP_SELFTESTS_FRAME_H
#define IGMPSNOOP_SELFTESTS_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* The Internet checksum (RFC 1071) of @len bytes at @p, host order. */
static inline uint16_t csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

#endif
