#!/bin/sh
# export.sh: exports stream (memory flat whatever the size) and keep up with
# the sqlite3 shell.  On a small and a large demo database, in the same run,
# prints for each kind the time of `svdesk export KIND` against `sqlite3
# -csv` of a comparable query (the same joins and order, no formatting) as a
# ratio, and svdesk's peak memory at both sizes.
# Usage: bench/export.sh [SMALL [LARGE]]   (from the build tree; SVDESK names
# the binary, default ./svdesk; needs GNU time as /usr/bin/time)
set -eu
svdesk=${SVDESK:-./svdesk}
small=${1:-100}
large=${2:-2000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-27 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"

"$svdesk" demo --contracts "$small" --db "$dir/small.db" >/dev/null
"$svdesk" demo --contracts "$large" --db "$dir/large.db" >/dev/null

peer_sql() {
	case $1 in
	contracts) echo "SELECT c.*, s.name FROM contract c JOIN supplier s ON s.id = c.supplier_id ORDER BY c.ref" ;;
	commitments) echo "SELECT c.ref, m.code, cm.* FROM contract c JOIN commitment cm ON cm.contract_id = c.id
		JOIN measure m ON m.id = cm.measure_id ORDER BY c.ref, m.code, cm.year" ;;
	returns) echo "SELECT c.ref, m.code, cm.year, r.* FROM contract c JOIN commitment cm ON cm.contract_id = c.id
		JOIN measure m ON m.id = cm.measure_id JOIN return_line r ON r.commitment_id = cm.id
		ORDER BY c.ref, m.code, cm.year, r.quarter" ;;
	audit) echo "SELECT * FROM audit ORDER BY id" ;;
	esac
}

# seconds and peak KB of a command, output to /dev/null
measure() {
	/usr/bin/time -f '%e %M' -o "$dir/t" "$@" > /dev/null
	cat "$dir/t"
}

echo "export: $small vs $large demo contracts"
printf '  %-12s %10s %12s %12s %8s %10s %10s\n' kind rows svdesk_s sqlite3_s ratio mem_small mem_large
for kind in contracts commitments returns audit; do
	case $kind in
	returns) table=return_line ;;
	*) table=${kind%s} ;;
	esac
	rows=$(sqlite3 "$dir/large.db" "SELECT count(*) FROM $table")
	set -- $(measure "$svdesk" export "$kind" --db "$dir/small.db")
	mem_small=$2
	set -- $(measure "$svdesk" export "$kind" --db "$dir/large.db")
	t_svdesk=$1
	mem_large=$2
	set -- $(measure sqlite3 -csv "$dir/large.db" "$(peer_sql "$kind")")
	t_peer=$1
	awk -v k="$kind" -v n="$rows" -v a="$t_svdesk" -v b="$t_peer" -v ms="$mem_small" -v ml="$mem_large" 'BEGIN {
		printf "  %-12s %10d %12.2f %12.2f %8.2f %8d KB %8d KB\n", k, n, a, b, (a > 0 ? b / a : 0), ms, ml }'
done
echo "(ratio: sqlite3's time over svdesk's, 1.00 = as fast; memory should barely"
echo " move between the two sizes: rows are streamed, one contract sorted at a time)"
