// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module for the VM harness's own test: loading it logs a
 * kernel WARNING, which must make the harness fail the test that loaded it.
 */

#include <linux/bug.h>
#include <linux/module.h>

static int __init igmpsnoop_test_warn_init(void)
{
	WARN_ON(1);
	return 0;
}

static void __exit igmpsnoop_test_warn_exit(void)
{
}

module_init(igmpsnoop_test_warn_init);
module_exit(igmpsnoop_test_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("igmpsnoop VM harness self-test: WARN_ON(1) on load");
