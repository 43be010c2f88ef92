#!/bin/sh
# demo.sh: the time, peak memory and file size of `svdesk demo --contracts N`
# for a few N, in one run, so that the figures compare with each other.
# Usage: bench/demo.sh [N...]   (from the build tree; SVDESK names the
# binary, default ./svdesk; default N: 100 1000 5000)
# Prints one line per N: contracts, seconds, peak resident memory (KB), file
# size (KB), and the time per 1,000 contracts.
set -eu
svdesk=${SVDESK:-./svdesk}
[ $# -gt 0 ] || set -- 100 1000 5000
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-27 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"

if [ -x /usr/bin/time ]; then
	timer=/usr/bin/time
else
	timer=
fi
printf '%10s %10s %12s %12s %14s\n' contracts seconds peak_KB file_KB s_per_1000
for n in "$@"; do
	db="$dir/demo-$n.db"
	if [ -n "$timer" ]; then
		"$timer" -f '%e %M' -o "$dir/time" "$svdesk" demo --contracts "$n" --db "$db" >/dev/null
		read -r secs peak < "$dir/time"
	else
		s=$(date +%s%N)
		"$svdesk" demo --contracts "$n" --db "$db" >/dev/null
		e=$(date +%s%N)
		secs=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		peak=?
	fi
	size=$(( $(wc -c < "$db") / 1024 ))
	per=$(awk -v s="$secs" -v n="$n" 'BEGIN { printf "%.2f", (n > 0 ? s * 1000 / n : 0) }')
	printf '%10s %10s %12s %12s %14s\n' "$n" "$secs" "$peak" "$size" "$per"
	rm -f "$db" "$db-wal" "$db-shm"
done
