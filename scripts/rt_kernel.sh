#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetches the PREEMPT_RT kernel the VM suite runs its "# vm: rt" tests on:
# Debian's linux-image-RELEASE-rt-amd64 of the same 6.12 release as the
# installed 6.12 headers, with its headers, unpacked into a cache outside
# the tree, never installed: a user's machine must not boot it next (GRUB
# would sort it first). On PREEMPT_RT softirqs can be preempted, spinlocks
# sleep and local_lock_nested_bh() is a lock: igmpsnoop's per-CPU state on
# the data path must be right there too.
#
#   scripts/rt_kernel.sh          fetch what is missing; print the directory
#   scripts/rt_kernel.sh --dir    print the directory, fetch nothing; exit 1
#                                 if it is not there
#
# The directory holds release (the kernel release) and root/, the
# packages' files: root/boot/vmlinuz-RELEASE, root/lib/modules/RELEASE
# (with modules.dep) and root/usr/src/linux-headers-RELEASE, which modules
# are built against (its Makefile and scripts point into root/ and at the
# installed kbuild of the same release). IGMPSNOOP_CACHE moves the cache
# (default ~/.cache/igmpsnoop).

set -euo pipefail
cache=${IGMPSNOOP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/igmpsnoop}

# The newest installed Debian 6.12 kernel with headers: 6.12.N+debV-amd64.
base=$(for d in /lib/modules/6.12.*-amd64/build; do
	[[ -f $d/Makefile ]] && basename "$(dirname "$d")"; done 2>/dev/null |
	grep -v -- '-rt-' | sort -rV | head -n 1) || true
if [[ -z $base ]]; then
	echo "rt_kernel: no Debian 6.12 kernel headers are installed: run 'make deps'" >&2
	exit 1
fi
ver=${base%-amd64}		# 6.12.118+deb12
rel=$ver-rt-amd64
dir=$cache/rt-kernel-$rel

# shellcheck source=scripts/kernel_cache.sh
. "$(dirname "$0")/kernel_cache.sh"
kernel_cache_ready "$dir" "${1:-}"
kernel_cache_lock "$cache" rt-kernel "$dir"
# Only one is kept.
rm -rf "$cache"/rt-kernel-*/
mkdir -p "$dir/debs" "$dir/root"
pkgs=("linux-image-$rel-unsigned" "linux-headers-$rel" "linux-headers-$ver-common-rt")
echo "rt_kernel: fetching ${pkgs[*]} into $dir" >&2
# apt-get download writes where it runs, as the _apt user when it can.
chmod 777 "$dir/debs"
if ! (cd "$dir/debs" && apt-get -q download "${pkgs[@]}") > "$dir/fetch.log" 2>&1; then
	apt-get -q update >> "$dir/fetch.log" 2>&1 || true
	if ! (cd "$dir/debs" && apt-get -q download "${pkgs[@]}") >> "$dir/fetch.log" 2>&1; then
		tail -n 5 "$dir/fetch.log" >&2
		echo "rt_kernel: Debian has no PREEMPT_RT kernel $rel (log: $dir/fetch.log)" >&2
		exit 1
	fi
fi
for f in "$dir"/debs/*.deb; do
	dpkg-deb -x "$f" "$dir/root"
done
rm -rf "$dir/debs"

# The headers' Makefile includes the common headers by absolute path, and
# their scripts are the installed kbuild's (linux-kbuild-VER, which the
# 6.12 headers brought).
hdr=$dir/root/usr/src/linux-headers-$rel
sed -i "s|^include /usr/src/|include $dir/root/usr/src/|" "$hdr/Makefile"
if [[ ! -d /usr/lib/linux-kbuild-$ver ]]; then
	echo "rt_kernel: /usr/lib/linux-kbuild-$ver is missing" >&2
	exit 1
fi
mkdir -p "$dir/root/usr/lib"
ln -sfn "/usr/lib/linux-kbuild-$ver" "$dir/root/usr/lib/linux-kbuild-$ver"
ln -sfn "$hdr" "$dir/root/lib/modules/$rel/build"
depmod -b "$dir/root" "$rel"
[[ -f $dir/root/boot/vmlinuz-$rel && -f $hdr/Makefile ]] ||
	{ echo "rt_kernel: the packages lack the kernel or its headers" >&2; exit 1; }
echo "$rel" > "$dir/release"
touch "$dir/done"
echo "$dir"
