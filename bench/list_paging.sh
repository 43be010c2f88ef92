#!/bin/sh
# list_paging.sh: the contracts list must cost the same at any size (keyset
# pages, never a walk over all rows).  Times the same key script (open, jump
# to the end, page back 40 times, jump home) headless on a small and a large
# demo database in the same run, and prints the ratio large/small.
# Usage: bench/list_paging.sh [SMALL [LARGE]]   (run from the build tree)
set -eu
svdesk=${SVDESK:-./svdesk}
small=${1:-500}
large=${2:-20000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-27 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"

"$svdesk" demo --contracts "$small" --db "$dir/small.db" >/dev/null
"$svdesk" demo --contracts "$large" --db "$dir/large.db" >/dev/null
{
	printf '<End>\n'
	i=0
	while [ $i -lt 40 ]; do printf '<PgUp> k\n'; i=$((i + 1)); done
	printf '<Home> <PgDn> <PgDn> j j j\n'
} > "$dir/keys"

# best of 5 runs, in milliseconds
best() {
	b=
	for _ in 1 2 3 4 5; do
		s=$(date +%s%N)
		"$svdesk" --db "$1" --keys "$dir/keys" --size 132x43 >/dev/null
		e=$(date +%s%N)
		t=$(( (e - s) / 1000000 ))
		if [ -z "$b" ] || [ "$t" -lt "$b" ]; then b=$t; fi
	done
	echo "$b"
}
ts=$(best "$dir/small.db")
tl=$(best "$dir/large.db")
echo "contracts list, 132x43, End + 40 x PgUp + Home:"
echo "  $small contracts: ${ts} ms"
echo "  $large contracts: ${tl} ms"
awk -v s="$ts" -v l="$tl" -v n="$small" -v m="$large" 'BEGIN {
	if (s < 1) s = 1
	printf "  ratio %.2f for %dx the rows (1.00 = size does not matter)\n", l / s, m / n }'
