#!/bin/sh
# demo.sh: the time, peak memory and file size of `svdesk demo --contracts N`
# for a few N, in one run, so that the figures compare with each other.
# Usage: bench/demo.sh [N...]   (from the build tree; default N: 100 1000 5000)
#   SVDESK           the binary (default ./svdesk)
#   SVDESK_BASELINE  another binary (an older build) to run on the same N in
#                    the same run, alternating with SVDESK; each line then
#                    ends with the ratio baseline/svdesk of the CPU times
#   RUNS             runs of each (default 1); the fastest is kept
# Prints one line per binary and N: contracts, wall seconds, CPU seconds
# (user + system), peak resident memory (KB), file size (KB), CPU seconds
# per 1,000 contracts.  CPU time is steadier than wall time on a busy host.
set -eu
svdesk=${SVDESK:-./svdesk}
base=${SVDESK_BASELINE:-}
runs=${RUNS:-1}
[ $# -gt 0 ] || set -- 100 1000 5000
[ -x /usr/bin/time ] || { echo "bench/demo.sh needs GNU time (/usr/bin/time)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-27 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"

# one BINARY N: the best of $runs runs, as "wall cpu peak size"
one() {
	best=
	i=0
	while [ "$i" -lt "$runs" ]; do
		db="$dir/demo.db"
		rm -f "$db" "$db-wal" "$db-shm"
		/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$1" demo --contracts "$2" \
			--db "$db" >/dev/null
		read -r wall user sys peak < "$dir/time"
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
		size=$(( $(wc -c < "$db") / 1024 ))
		if [ -z "$best" ] || awk -v a="$cpu" -v b="${best#* }" 'BEGIN { exit !(a < b + 0) }'; then
			best="$wall $cpu $peak $size"
		fi
		i=$((i + 1))
	done
	echo "$best"
}

printf '%-10s %10s %8s %8s %10s %10s %12s %8s\n' binary contracts wall_s cpu_s peak_KB file_KB cpu_s_per_1k ratio
for n in "$@"; do
	set -- $(one "$svdesk" "$n")
	w=$1 c=$2 p=$3 f=$4
	per=$(awk -v s="$c" -v n="$n" 'BEGIN { printf "%.2f", (n > 0 ? s * 1000 / n : 0) }')
	if [ -n "$base" ]; then
		set -- $(one "$base" "$n")
		bper=$(awk -v s="$2" -v n="$n" 'BEGIN { printf "%.2f", (n > 0 ? s * 1000 / n : 0) }')
		ratio=$(awk -v a="$2" -v b="$c" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
		printf '%-10s %10s %8s %8s %10s %10s %12s %8s\n' baseline "$n" "$1" "$2" "$3" "$4" "$bper" ""
		printf '%-10s %10s %8s %8s %10s %10s %12s %8s\n' svdesk "$n" "$w" "$c" "$p" "$f" "$per" "${ratio}x"
	else
		printf '%-10s %10s %8s %8s %10s %10s %12s %8s\n' svdesk "$n" "$w" "$c" "$p" "$f" "$per" ""
	fi
done
