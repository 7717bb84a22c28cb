#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Builds the debug kernel the VM suite runs on as a third kernel: Debian's
# linux-source-6.12 with selftests/vm/debug.config (what the suite needs,
# plus KASAN, UBSAN, lockdep with PROVE_RCU, DEBUG_OBJECTS, kmemleak,
# KFENCE), then the module against it. The kernel is cached outside the
# tree, keyed by the config fragment, the recipe below and the source
# package version, so that later runs reuse it (about 11 minutes on 2
# cores).
#
#   scripts/debug_kernel.sh          build what is missing; print the
#                                    kernel's directory
#   scripts/debug_kernel.sh --dir    print the directory, build nothing;
#                                    exit 1 if the kernel is not built
#
# The directory holds bzImage, release (the kernel release), linux/ (the
# build tree modules are built against) and mods/lib/modules/RELEASE.
# IGMPSNOOP_CACHE moves the cache (default ~/.cache/igmpsnoop).

set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
fragment=$repo/selftests/vm/debug.config
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
cache=${IGMPSNOOP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/igmpsnoop}

srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || stat -c %Y "$tarball")
# Raise when the way the kernel is built changes.
recipe=1
key=$(cat "$fragment" <(echo "$srcver $recipe") | sha256sum | cut -c1-16)
dir=$cache/debug-kernel-$key

# shellcheck source=scripts/kernel_cache.sh
. "$repo/scripts/kernel_cache.sh"
kernel_cache_ready "$dir" "${1:-}"
[[ -f $tarball ]] || { echo "debug_kernel: $tarball is missing: run 'make deps'" >&2; exit 1; }
kernel_cache_lock "$cache" debug-kernel "$dir"
# Only one debug kernel is kept: an older key's tree is gigabytes.
rm -rf "$cache"/debug-kernel-*/
mkdir -p "$dir"
log=$dir/build.log
echo "debug_kernel: building in $dir (log: $log)" >&2
{
	tar -xJf "$tarball" -C "$dir"
	mv "$dir"/linux-source-6.12 "$dir/linux"
	cd "$dir/linux"
	make -s allnoconfig
	scripts/kconfig/merge_config.sh -m .config "$fragment"
	make -s olddefconfig
} > "$log" 2>&1

# Every option the fragment asks for must have held: a missing dependency
# would silently drop, say, KASAN.
missing=$(while IFS= read -r line; do
	[[ $line == CONFIG_* ]] || continue
	opt=${line%%=*}
	want=${line#*=}
	if [[ $want == n ]]; then
		! grep -qx "$opt=[ym]" "$dir/linux/.config" || echo "$line"
	else
		grep -qx "$opt=$want" "$dir/linux/.config" || echo "$line"
	fi
done < "$fragment")
if [[ -n $missing ]]; then
	echo "debug_kernel: the config did not take these options:" >&2
	printf '  %s\n' $missing >&2
	exit 1
fi

cd "$dir/linux"
if ! make -j"$(nproc)" LOCALVERSION=-igmpsnoop-debug bzImage modules >> "$log" 2>&1 ||
	! make -s LOCALVERSION=-igmpsnoop-debug INSTALL_MOD_PATH="$dir/mods" \
		modules_install >> "$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "debug_kernel: build failed (log: $log)" >&2
	exit 1
fi
cp arch/x86/boot/bzImage "$dir/bzImage"
make -s LOCALVERSION=-igmpsnoop-debug kernelrelease > "$dir/release"
touch "$dir/done"
echo "$dir"
