#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The CLI's help (-h), man page, bash completion and README name every
# command, option and setting that igmpsnoopctl accepts. The words are
# taken from the parser itself: the commands run_cmd() dispatches, the
# long options (igmpsnoopctl.c), and every keyword compared with strcmp()
# in any of its sources (settings of set, port set, attach; subcommands).
# Fails listing each word a document lacks.

set -euo pipefail
dir=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$dir/../.." && pwd)
src=$dir/igmpsnoopctl.c
srcs=("$dir"/*.c)

make -s -C "$dir" >/dev/null
commands=$(sed -nE 's/.*matches\(argv\[0\], "([a-z-]+)"\).*/\1/p; s/.*!strcmp\(argv\[0\], "(set)"\).*/\1/p' "$src")
keywords=$(cat "${srcs[@]}" | grep -oE '!strcmp\((k|argv\[[0-9i]\]), "[a-z-]+"\)' |
	sed -E 's/.*"([a-z-]+)"\)/\1/' | grep -vx 'help')
options=$(sed -nE 's/^\s*\{ "([a-z]+)", (no|required)_argument.*/--\1/p' "$src")
words=$(printf '%s\n' $commands $keywords $options | sort -u)
[[ $(wc -l <<< "$words") -ge 30 ]] || { echo "FAIL: found only $(wc -l <<< "$words") words in ${srcs[*]}"; exit 1; }

help=$("$dir/igmpsnoopctl" -h)
# The man page with roff's escaped hyphens and font changes undone.
man=$(sed -E 's/\\-/-/g; s/\\f[BIRP]//g' "$dir/igmpsnoopctl.8")
completion=$(cat "$dir/igmpsnoopctl.bash-completion")
readme=$(sed -n '/^## The CLI/,/^## /p' "$repo/README.md")

missing=0
for w in $words; do
	for doc in help man completion readme; do
		# A whole word: not a part of a longer keyword.
		if ! grep -qE -- "(^|[^a-z-])$w([^a-z-]|\$)" <<< "${!doc}"; then
			echo "missing in $doc: $w"
			missing=1
		fi
	done
done
((!missing)) || { echo "FAIL: the CLI's documents disagree with its parser"; exit 1; }
echo "ok: help, man page, completion and README name all $(wc -l <<< "$words") words"
