#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm: no-module
#
# The module that DKMS built and installed for this kernel (make check
# installs it on the host, whose /lib/modules the VM shares) loads with
# modprobe and works, and igmpsnoopctl autoloads it (MODULE_ALIAS_GENL_FAMILY).

. "$(dirname "$0")/lib.sh"

path=$(modinfo -n igmpsnoop 2>/dev/null) || skip "igmpsnoop is not installed by DKMS for $(uname -r) (run: make check-dkms)"
[[ $path == */updates/dkms/* ]] || fail "modprobe would load $path, not the DKMS module"
! grep -q '^igmpsnoop ' /proc/modules || false

modprobe igmpsnoop
grep -q '^igmpsnoop ' /proc/modules
[[ $(cat /sys/module/igmpsnoop/version) == "$(cat "$IGMPSNOOP_REPO/VERSION")" ]]
setup_bridge 2
swctl attach br0
swctl -j show | expect_json '.[0].ports | length == 2'
modprobe -r igmpsnoop
! grep -q '^igmpsnoop ' /proc/modules || false

# The family's module alias: the first CLI call loads the module.
ctl show
grep -q '^igmpsnoop ' /proc/modules || fail "igmpsnoopctl did not autoload the module"
modprobe -r igmpsnoop
echo PASS
