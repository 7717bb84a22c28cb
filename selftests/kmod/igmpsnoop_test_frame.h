/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tests' modules' frame parameters take: "DEV COUNT HEX", a
 * device of the writer's network namespace, how many times, and an
 * Ethernet frame in hex.
 */
#ifndef _IGMPSNOOP_TEST_FRAME_H
#define _IGMPSNOOP_TEST_FRAME_H

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#define TEST_FRAME_MAX		1514
#define TEST_FRAME_MAX_COUNT	1000

/*
 * A frame parameter's setter: parses @val, then has @fn act on the device
 * (held meanwhile), the frame of @len bytes and the count.
 */
static inline int test_frame_set(const char *val,
				 int (*fn)(struct net_device *dev,
					   const u8 *frame, unsigned int len,
					   unsigned int count))
{
	unsigned int count, hexlen, len;
	struct net_device *dev;
	char name[IFNAMSIZ];
	const char *hex;
	int off = 0, ret;
	u8 *frame;

	if (sscanf(val, "%15s %u %n", name, &count, &off) != 2 || !off ||
	    !count || count > TEST_FRAME_MAX_COUNT)
		return -EINVAL;
	hex = val + off;
	hexlen = strcspn(hex, "\n\t ");
	len = hexlen / 2;
	if (hexlen % 2 || len < ETH_HLEN || len > TEST_FRAME_MAX)
		return -EINVAL;
	frame = kmalloc(len, GFP_KERNEL);
	if (!frame)
		return -ENOMEM;
	ret = hex2bin(frame, hex, len);
	if (ret)
		goto out;
	dev = dev_get_by_name(current->nsproxy->net_ns, name);
	if (!dev) {
		ret = -ENODEV;
		goto out;
	}
	ret = fn(dev, frame, len, count);
	dev_put(dev);
out:
	kfree(frame);
	return ret;
}

#endif /* _IGMPSNOOP_TEST_FRAME_H */
