// SPDX-License-Identifier: GPL-2.0
/*
 * A test-only module for the VM harness's own test: loading it logs a
 * kernel WARNING (warn=1, the default), leaks allocations (leak=1) or
 * reads one after freeing it (uaf=1). Each must make the harness fail:
 * the WARNING and KASAN's report the test that loaded it, the leak the
 * debug kernel's kmemleak check.
 *
 * kmemleak scans conservatively: a copy of a pointer left in a register
 * save area or in a freed task stack the kernel keeps cached for reuse
 * still references its object. Each allocation overwrites the stale copies
 * of the one before: of the LEAK_OBJECTS leaked, the first stay
 * unreferenced, and the check wants one report or more.
 */

#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>

#define LEAK_OBJECTS 8

static bool warn = true;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN_ON(1) on load");
static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "leak LEAK_OBJECTS objects of 128 bytes on load");
static bool uaf;
module_param(uaf, bool, 0444);
MODULE_PARM_DESC(uaf, "read freed memory on load");

static int __init igmpsnoop_test_warn_init(void)
{
	char *p;
	int i;

	WARN_ON(warn);
	for (i = 0; leak && i < LEAK_OBJECTS; i++) {
		p = kmalloc(128, GFP_KERNEL);
		OPTIMIZER_HIDE_VAR(p);
	}
	if (uaf) {
		p = kmalloc(32, GFP_KERNEL);
		if (!p)
			return -ENOMEM;
		kfree(p);
		OPTIMIZER_HIDE_VAR(p);
		pr_info("igmpsnoop_test_warn: read after free: %d\n", READ_ONCE(p[8]));
	}
	return 0;
}

static void __exit igmpsnoop_test_warn_exit(void)
{
}

module_init(igmpsnoop_test_warn_init);
module_exit(igmpsnoop_test_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("igmpsnoop VM harness self-test: a WARNING, a leak or a use after free on load");
