#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Installs, on Debian 12, everything igmpsnoop's build, tests and demo need.
# Idempotent: prints what it installs, and nothing to do when all is there.
#   scripts/deps.sh               install what is missing, say what is there
#   scripts/deps.sh --if-missing  the same, silent when nothing is missing
#   scripts/deps.sh --list        print the package list

set -euo pipefail

packages=(
	# Kernels and headers the module is built and tested for.
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# Build: module, CLI, lint (checkpatch comes from linux-source).
	build-essential make gcc pkg-config libmnl-dev sparse linux-source-6.12
	xz-utils kmod dkms
	# The test VM and the tools tests use inside it.
	qemu-system-x86 busybox-static cpio gzip iproute2 netsniff-ng tcpdump
	jq procps util-linux bc python3 python3-yaml python3-jsonschema
	# A real multicast router for the querier tests; Open vSwitch's tools.
	igmpproxy openvswitch-switch
	# Bridge netfilter, for the data path's transparency tests.
	nftables ebtables
	# make bench's plots.
	gnuplot-nox fonts-dejavu-core
	# The debug kernel (scripts/debug_kernel.sh).
	flex bison bc libelf-dev libssl-dev dwarves
)

if [[ ${1:-} == --list ]]; then
	printf '%s\n' "${packages[@]}"
	exit 0
fi
quiet=0
[[ ${1:-} == --if-missing ]] && quiet=1

missing=()
for p in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ $status == installed ]] || missing+=("$p")
done

if ((!${#missing[@]})); then
	((quiet)) || echo "deps: all ${#packages[@]} packages are installed"
	exit 0
fi

echo "deps: installing ${missing[*]}"
sudo=
if ((EUID != 0)); then
	command -v sudo >/dev/null || { echo "deps: run as root (or install sudo)" >&2; exit 1; }
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: done"
