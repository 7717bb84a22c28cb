# SPDX-License-Identifier: GPL-2.0
#
# What scripts/debug_kernel.sh and scripts/rt_kernel.sh share: a kernel
# kept in a directory of the cache, whole once it holds the file done.
# Sourced; its functions exit the script when there is nothing to do.

# With --dir as ARG: print DIR, and exit 0 if it is whole, else 1. Else
# if DIR is whole: print it and exit 0. Else return, to make it.
#   kernel_cache_ready DIR ARG
kernel_cache_ready() {
	if [[ $2 == --dir ]]; then
		echo "$1"
		[[ -f $1/done ]]
		exit
	fi
	if [[ -f $1/done ]]; then
		echo "$1"
		exit 0
	fi
}

# Takes CACHE/NAME.lock for the rest of the script (file descriptor 9),
# so that runs started together make DIR once; then as kernel_cache_ready
# (another run may have made it meanwhile).
#   kernel_cache_lock CACHE NAME DIR
kernel_cache_lock() {
	mkdir -p "$1"
	exec 9> "$1/$2.lock"
	flock 9
	kernel_cache_ready "$3" ""
}
