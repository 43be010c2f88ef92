#!/bin/sh
# report.sh: the board reports keep up with the sqlite3 shell.  On one
# demo database (default 20,000 contracts), in the same run, times each
# report's CSV (`svdesk report BOARD --format csv -o /dev/null`) against
# the sqlite3 shell running the equivalent aggregate SQL on the same file:
# every figure at its finest grain (per contract and measure: committed;
# per contract, measure and quarter over the trend's eight quarters, which
# hold the report's own lines: delivered, validated, quantities, lines
# awaiting validation and in query, each line rounded to the penny), the
# policy exceptions, the missing returns (QPRB, QRB) and the audit chain
# head.  Prints the best of RUNS wall times of each and the ratio svdesk /
# sqlite3 (the goal: at most 1.50).
# Usage: bench/report.sh [CONTRACTS [RUNS]]   (from the build tree; SVDESK
# names the binary, default ./svdesk)
set -eu
svdesk=${SVDESK:-./svdesk}
contracts=${1:-20000}
runs=${2:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-15 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
db="$dir/demo.db"

"$svdesk" demo --contracts "$contracts" --db "$db" >/dev/null

# The equivalent SQL of a board: $1 bodies ('WMP','OPCC'), $2 year, $3 the
# report's quarter (0: the year), $4 and $5 the quarter's first and last
# days (quarterly boards).  A quarter's key is year x 4 + quarter.
peer_sql() {
	bodies=$1 y=$2 q=$3
	if [ "$q" = 0 ]; then k1=$((y * 4 + 4)); else k1=$((y * 4 + q)); fi
	k0=$((k1 - 7))
	cat <<EOF
SELECT cm.contract_id, cm.measure_id, sum((cm.target * coalesce(cm.proxy, 0) + 5000) / 10000),
	sum(cm.target)
FROM commitment cm JOIN contract c ON c.id = cm.contract_id
WHERE cm.year = $y AND c.body IN ($bodies) GROUP BY cm.contract_id, cm.measure_id;
SELECT cm.contract_id, cm.measure_id, cm.year * 4 + r.quarter,
	sum((r.delivered * coalesce(cm.proxy, 0) + 5000) / 10000),
	sum(CASE WHEN r.status = 'validated' THEN (r.validated * coalesce(cm.proxy, 0) + 5000) / 10000 END),
	sum(r.delivered), sum(CASE WHEN r.status = 'validated' THEN r.validated END),
	sum(r.status = 'submitted'), sum(r.status = 'query')
FROM commitment cm JOIN contract c ON c.id = cm.contract_id
JOIN return_line r ON r.commitment_id = cm.id
WHERE c.body IN ($bodies) AND cm.year BETWEEN $((k0 / 4)) AND $y
AND cm.year * 4 + r.quarter BETWEEN $k0 AND $k1
GROUP BY 1, 2, 3;
SELECT c.ref, c.value, c.sv_weight FROM contract c
WHERE c.body IN ($bodies) AND c.value > 10000000 AND c.sv_weight < 100 ORDER BY c.ref;
EOF
	if [ "$q" != 0 ]; then
		cat <<EOF
SELECT c.ref, s.name FROM contract c JOIN supplier s ON s.id = c.supplier_id
WHERE c.body IN ($bodies) AND c.start_date <= '$5' AND c.end_date >= '$4'
AND EXISTS (SELECT 1 FROM commitment cm WHERE cm.contract_id = c.id AND cm.year = $y)
AND NOT EXISTS (SELECT 1 FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id
	WHERE cm.contract_id = c.id AND cm.year = $y AND r.quarter = $q)
ORDER BY c.ref;
EOF
	fi
	echo "SELECT id, hex(hash) FROM audit ORDER BY id DESC LIMIT 1;"
}

# the best wall time of $runs runs of a command, output to /dev/null
best() {
	b=
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f '%e' -o "$dir/t" "$@" > /dev/null ||
			{ echo "report.sh: $* failed" >&2; exit 1; }
		t=$(cat "$dir/t")
		b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
		i=$((i + 1))
	done
	echo "$b"
}

lines=$(sqlite3 "$db" "SELECT count(*) FROM return_line")
echo "report: a demo of $contracts contracts ($lines return lines), best of $runs runs"
printf '  %-5s %-12s %10s %10s %8s\n' board period svdesk_s sqlite3_s ratio
for board in fgb qprb qrb; do
	case $board in
	fgb) period=2025/26; opt=--year; bodies="'WMP','OPCC'"; args="2025 0" ;;
	qprb) period=2026/27-Q2; opt=--quarter; bodies="'WMP'"; args="2026 2 2026-07-01 2026-09-30" ;;
	qrb) period=2026/27-Q2; opt=--quarter; bodies="'OPCC'"; args="2026 2 2026-07-01 2026-09-30" ;;
	esac
	# shellcheck disable=SC2086
	peer_sql "$bodies" $args > "$dir/peer.sql"
	t_svdesk=$(best "$svdesk" report "$board" "$opt" "$period" --format csv -o /dev/null --db "$db")
	t_peer=$(best sqlite3 "$db" ".read $dir/peer.sql")
	awk -v k="$board" -v p="$period" -v a="$t_svdesk" -v b="$t_peer" 'BEGIN {
		printf "  %-5s %-12s %10.2f %10.2f %8.2f\n", k, p, a, b, (b > 0 ? a / b : 0) }'
done
echo "(ratio: svdesk's time over sqlite3's; the goal is at most 1.50)"
