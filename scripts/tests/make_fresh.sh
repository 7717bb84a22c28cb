#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A fresh machine: `make demo` (and `make check`) start with no kernel
# headers, install them (deps-if-missing), then build the module in the
# same make run. The build must see the headers the first step installed,
# so the Makefile may not read the kernel list when it is parsed. Here
# deps-if-missing "installs" a stand-in kernel build tree into an empty
# modules directory, and modules-all must then build for it.

set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/modules" "$tmp/headers"
# The stand-in kernel build tree says which module it was asked to build.
printf 'modules:\n\t@echo "built M=$(M)"\n' > "$tmp/headers/Makefile"
install="mkdir -p $tmp/modules/9.9.9-fresh && ln -s $tmp/headers $tmp/modules/9.9.9-fresh/build"

# SKIP_DEBUG, SKIP_RT: the module for the debug and PREEMPT_RT kernels is
# not what this checks, and would be two real builds.
if ! out=$(make --no-print-directory MODULES_DIR="$tmp/modules" BUILD="$tmp/build" \
	DEPS_IF_MISSING="$install" SKIP_DEBUG=1 SKIP_RT=1 deps-if-missing modules-all 2>&1); then
	echo "$out"
	echo "FAIL: modules-all did not see the kernel headers installed in the same make run" >&2
	exit 1
fi
echo "$out"
if [[ $out != *"built M=$tmp/build/9.9.9-fresh"* ]]; then
	echo "FAIL: modules-all did not build for the kernel installed in the same make run" >&2
	exit 1
fi
echo "ok: modules-all built for the headers deps-if-missing installed in the same run"
