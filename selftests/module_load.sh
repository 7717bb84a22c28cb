#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads and unloads cleanly, registers the "igmpsnoop" generic
# netlink family (with its "monitor" multicast group) while loaded and
# unregisters it on unload.

. "$(dirname "$0")/lib.sh"

# A lookup by name would autoload an installed (DKMS) igmpsnoop: list the
# families instead, and switch autoloading off while the module is out.
family_listed() { [[ $(genl ctrl list) == *igmpsnoop* ]]; }
modprobe_path=$(cat /proc/sys/kernel/modprobe)
test_cleanup() { echo "$modprobe_path" > /proc/sys/kernel/modprobe; }

grep -q '^igmpsnoop ' /proc/modules || fail "the runner did not load igmpsnoop"
family_listed || fail "family igmpsnoop is not registered"
[[ $(genl ctrl get name igmpsnoop) == *monitor* ]] || fail "no monitor multicast group"
[[ $(cat /sys/module/igmpsnoop/version) == "$(cat "$IGMPSNOOP_REPO/VERSION")" ]]

echo > /proc/sys/kernel/modprobe
rmmod igmpsnoop
! grep -q '^igmpsnoop ' /proc/modules || false
! family_listed || false
expect_fail 'module is not loaded' igmpsnoopctl show

ko=$IGMPSNOOP_REPO/build/$(uname -r)/igmpsnoop.ko
insmod "$ko"
test_cleanup
family_listed
ctl show
for _ in 1 2 3; do
	rmmod igmpsnoop
	insmod "$ko"
done
log=$(dmesg)
[[ $log == *'igmpsnoop: IGMP snooping for bridges and Open vSwitch loaded'* ]]
[[ $log == *'igmpsnoop: unloaded'* ]]
echo PASS
