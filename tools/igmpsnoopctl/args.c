// SPDX-License-Identifier: GPL-2.0
/*
 * igmpsnoopctl: command arguments: times, addresses, numbers, words, VIDs;
 * a bad one ends the command with what it wants.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>

#include "igmpsnoopctl.h"

/* Seconds with decimals ("0.5"), as milliseconds. */
uint32_t parse_sec(const char *key, const char *val)
{
	char *end;
	double sec;

	errno = 0;
	sec = strtod(val, &end);
	/* Written so that NaN fails too. */
	if (errno || end == val || *end || !(sec >= 0 && sec <= 4294967.0))
		die("%s: \"%s\" is not a time in seconds", key, val);
	return (uint32_t)(sec * 1000 + 0.5);
}

/* A time in seconds, or "auto" (0: derived from the other settings). */
uint32_t parse_sec_auto(const char *key, const char *val)
{
	return strcmp(val, "auto") ? parse_sec(key, val) : 0;
}

/* An IPv4 address, in network byte order. */
uint32_t parse_addr(const char *key, const char *val)
{
	uint32_t addr;

	if (inet_pton(AF_INET, val, &addr) != 1)
		die("%s: \"%s\" is not an IPv4 address", key, val);
	return addr;
}

uint32_t parse_u32(const char *key, const char *val)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(val, &end, 10);
	if (errno || end == val || *end || n > UINT32_MAX || val[0] == '-')
		die("%s: \"%s\" is not a number", key, val);
	return n;
}

uint32_t parse_word(const char *key, const char *val,
			   const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(val, names[i]))
			return i;
	die("%s: \"%s\" is not one of the accepted words", key, val);
}

uint8_t parse_on_off(const char *key, const char *val)
{
	static const char *const words[] = { "off", "on" };

	return parse_word(key, val, words, 2);
}


/* A VLAN ID, 1 to 4094. */
uint16_t parse_vid(const char *val)
{
	char *end;
	unsigned long vid;

	errno = 0;
	vid = strtoul(val, &end, 10);
	if (errno || end == val || *end || vid < 1 || vid > 4094)
		die("\"%s\" is not a VLAN ID (1-4094)", val);
	return vid;
}

/*
 * A trunk's VLANs, "0,10,20-29", into @bits (IGMPSNOOP_TRUNK_BYTES, bit V
 * in bit V % 8 of byte V / 8). VLAN 0 is the trunk's untagged frames.
 */
void parse_vlan_list(const char *val, uint8_t *bits)
{
	const char *p = val;
	unsigned long lo, hi, v;
	char *end;

	memset(bits, 0, IGMPSNOOP_TRUNK_BYTES);
	for (;;) {
		errno = 0;
		lo = isdigit((unsigned char)*p) ? strtoul(p, &end, 10) : ULONG_MAX;
		hi = lo;
		if (lo != ULONG_MAX && *end == '-') {
			p = end + 1;
			hi = isdigit((unsigned char)*p) ? strtoul(p, &end, 10) : ULONG_MAX;
		}
		if (errno || lo > hi || hi > 4094 || (*end && *end != ','))
			die("\"%s\" is not a list of VLANs (0-4094, as 0,10,20-29)", val);
		for (v = lo; v <= hi; v++)
			bits[v / 8] |= 1u << (v % 8);
		if (!*end)
			return;
		p = end + 1;
	}
}
