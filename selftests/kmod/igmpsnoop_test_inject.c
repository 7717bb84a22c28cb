// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module: it hands a frame to a device's receive path as a
 * shared skb, as pktgen's netif_receive mode does with its bursts, but
 * with any bytes. In a network namespace,
 *
 *   echo "DEV COUNT HEX" > /sys/module/igmpsnoop_test_inject/parameters/inject
 *
 * builds one skb of the Ethernet frame HEX and has DEV, in the writer's
 * namespace, receive it COUNT times while the module keeps a reference of
 * its own: every handler on the way sees skb_shared(). A handler must not
 * change a frame it shares: afterwards the module checks that the skb's
 * length, data, bytes and header offsets are as it built them, and fails
 * the write with EILSEQ if they are not, EBUSY if a handler kept the skb.
 * selftests/shared_skb.sh uses it.
 *
 * With the parameter stall_ms set (at most 2000), bottom halves stay off
 * on the writer's CPU for that long after the last reception: the timers
 * the frame armed there run that late, as on a machine too busy to serve
 * them (selftests/querier.sh).
 */

#include <linux/etherdevice.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "igmpsnoop_test_frame.h"

static unsigned int stall_ms;
module_param(stall_ms, uint, 0600);
MODULE_PARM_DESC(stall_ms, "bottom halves off for this long after the last reception (at most 2000)");

/* What a handler could change of a shared skb, as the module built it. */
struct inject_shape {
	unsigned int len, data_len;
	unsigned long data_off;
	u16 mac_header, network_header, transport_header;
};

static void inject_shape_get(const struct sk_buff *skb, struct inject_shape *s)
{
	s->len = skb->len;
	s->data_len = skb->data_len;
	s->data_off = skb->data - skb->head;
	s->mac_header = skb->mac_header;
	s->network_header = skb->network_header;
	s->transport_header = skb->transport_header;
}

/*
 * Spins for @ms by jiffies, which the tick advances meanwhile; not by
 * mdelay(), whose loop a TCG guest's TSC calibration can make seconds
 * longer.
 */
static void inject_stall(unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	while (time_before(jiffies, end))
		cpu_relax();
}

/* @count receptions on @dev of the frame @frame of @len bytes. */
static int inject_frame(struct net_device *dev, const u8 *frame,
			unsigned int len, unsigned int count)
{
	struct inject_shape before, after;
	struct sk_buff *skb;
	unsigned int i;
	int ret = 0;

	skb = netdev_alloc_skb_ip_align(dev, len);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, frame, len);
	skb->protocol = eth_type_trans(skb, dev);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	inject_shape_get(skb, &before);
	for (i = 0; i < count; i++) {
		skb_get(skb);		/* the receive path's; ours stays */
		local_bh_disable();
		netif_receive_skb(skb);
		if (i == count - 1)
			inject_stall(min(READ_ONCE(stall_ms), 2000U));
		local_bh_enable();
		if (refcount_read(&skb->users) != 1) {
			/* Queued somewhere: it is not ours to reuse. */
			ret = -EBUSY;
			break;
		}
	}
	if (!ret) {
		inject_shape_get(skb, &after);
		if (memcmp(&before, &after, sizeof(before)) ||
		    memcmp(skb_mac_header(skb), frame, len)) {
			pr_info("igmpsnoop_test_inject: a handler changed the shared skb (len %u -> %u, data at %lu -> %lu, transport header %u -> %u)\n",
				before.len, after.len, before.data_off,
				after.data_off, before.transport_header,
				after.transport_header);
			ret = -EILSEQ;
		}
	}
	kfree_skb(skb);
	return ret;
}

static int inject_set(const char *val, const struct kernel_param *kp)
{
	return test_frame_set(val, inject_frame);
}

static const struct kernel_param_ops inject_ops = {
	.set = inject_set,
};

module_param_cb(inject, &inject_ops, NULL, 0200);
MODULE_PARM_DESC(inject, "\"DEV COUNT HEX\": DEV receives the frame HEX COUNT times, shared");

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("igmpsnoop tests: frames received as shared skbs");
