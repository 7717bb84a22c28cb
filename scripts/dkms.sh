#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# DKMS for igmpsnoop.
#   scripts/dkms.sh install   copy the module sources to /usr/src/igmpsnoop-VERSION,
#                             dkms add, then build and install for every kernel
#                             that has headers
#   scripts/dkms.sh remove    dkms remove --all and delete the copied sources
#   scripts/dkms.sh tap       install, printing one TAP line per step and kernel
#                             (make check renumbers them)

set -uo pipefail
cd "$(dirname "$0")/.."
version=$(cat VERSION)
src=/usr/src/igmpsnoop-$version
files=(Makefile Kbuild VERSION dkms.conf compat.h igmpsnoop_*.h igmpsnoop_*.c include)
mapfile -t kernels < <(for d in /lib/modules/*/build; do
	[[ -f $d/Makefile ]] && basename "$(dirname "$d")"; done | sort -rV)

n=1
tap_mode=0
step() {
	local name=$1 log rc
	shift
	log=$(mktemp)
	"$@" > "$log" 2>&1
	rc=$?
	if ((tap_mode)); then
		if ((rc == 0)); then echo "ok $n host: $name"; else
			echo "not ok $n host: $name # exit status $rc"
			sed 's/^/# /' "$log" | tail -n 30
		fi
		n=$((n + 1))
	else
		cat "$log"
	fi
	rm -f "$log"
	return $rc
}

do_remove() {
	local status
	status=$(dkms status -m igmpsnoop -v "$version" 2>/dev/null)
	if [[ $status == *igmpsnoop* ]]; then
		dkms remove -m igmpsnoop -v "$version" --all
	fi
	rm -rf "$src"
}

copy_sources() {
	rm -rf "$src"
	mkdir -p "$src"
	cp -r "${files[@]}" "$src/"
}

add_fresh() {
	do_remove && copy_sources && dkms add -m igmpsnoop -v "$version"
}

installed_for() {
	local k=$1
	ls /lib/modules/"$k"/updates/dkms/igmpsnoop.ko* >/dev/null 2>&1 &&
		[[ $(modinfo -k "$k" -F version igmpsnoop) == "$version" ]]
}

do_install() {
	local rc=0 k
	step "dkms add igmpsnoop/$version" add_fresh || return 1
	for k in "${kernels[@]}"; do
		step "dkms build for $k" dkms build -m igmpsnoop -v "$version" -k "$k" || { rc=1; continue; }
		step "dkms install for $k" dkms install -m igmpsnoop -v "$version" -k "$k" --force || { rc=1; continue; }
		step "modprobe finds the DKMS module for $k" installed_for "$k" || rc=1
	done
	return $rc
}

command -v dkms >/dev/null || { echo "dkms is not installed: run 'make deps'" >&2; exit 1; }
case ${1:-} in
install) do_install ;;
remove) do_remove ;;
tap) tap_mode=1; do_install ;;
*) echo "usage: $0 install|remove|tap" >&2; exit 2 ;;
esac
