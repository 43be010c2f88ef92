#!/bin/sh
# import.sh: svdesk import returns against sqlite3 .import, in one run.
#
# Builds, with svdesk itself, a database of C contracts (default 1,000) with
# M measures (default 25) committed for 2 financial years, then times
#   svdesk import returns    of C x M x 2 years x 4 quarters lines (200,000)
#   sqlite3 .import          of the same file into a bare table (no types,
#                            no keys, no checks: the speed of writing rows)
# in turn, RUNS times each (default 3), into fresh files, keeping the fastest
# run of each (both meet the same load on a shared machine), and
# prints:
#   the ratio (speed of svdesk / speed of .import: 1 is as fast), of wall
#   time and of CPU time (user + system: steadier on a busy machine);
#   svdesk's peak memory (maximum resident set) for the returns file and for
#   one twice its size (memory must not grow with the file);
#   the database's size after the import and the audit log's share of it.
#
# Usage: bench/import.sh [CONTRACTS [MEASURES]]
#   from the build tree (SVDESK names the binary, default ./svdesk);
#   RUNS   runs of each timed import (default 3), the fastest kept;
#   BENCH_DIR  the folder to write in (default: a new one under TMPDIR,
#          removed at the end); its files are named in the output.
# Needs the sqlite3 shell and GNU time (/usr/bin/time).
set -eu
svdesk=${SVDESK:-./svdesk}
runs=${RUNS:-3}
nc=${1:-1000}
nm=${2:-25}
command -v sqlite3 >/dev/null || { echo "import.sh: needs the sqlite3 shell" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "import.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
[ -x "$svdesk" ] || { echo "import.sh: no svdesk binary at $svdesk (run from the build tree, or set SVDESK)" >&2; exit 1; }
case $svdesk in /*) ;; *) svdesk=$(pwd)/$svdesk ;; esac
if [ -n "${BENCH_DIR:-}" ]; then
	dir=$BENCH_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/svdesk-bench.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
fi
export HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
echo "import.sh: writing in $dir${BENCH_DIR:+ (kept)}"

# time_once OUT CMD...: run CMD once (after $prep) and keep its figures in
# OUT, "wall cpu peak_kb", unless OUT already holds a run of less CPU time.
time_once() {
	out=$1
	shift
	eval "$prep"
	/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$@" > "$dir/stdout"
	read -r w u s m < "$dir/time"
	c=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
	if [ ! -s "$out" ] || awk -v a="$c" -v b="$(cut -d' ' -f2 "$out")" 'BEGIN { exit !(a < b) }'
	then
		echo "$w $c $m" > "$out"
		cp "$dir/stdout" "$out.stdout"
	fi
}

"$svdesk" init --db "$dir/sv.db" >/dev/null
# The first nm measures of the catalogue that are not percent (record only).
sqlite3 "$dir/sv.db" "SELECT code, unit FROM measure WHERE unit <> 'percent' ORDER BY id LIMIT $nm" \
	| tr '|' ' ' > "$dir/measures"

awk -v n="$nc" 'BEGIN {
	print "ref,title,supplier,body,value,start,end,sv_weight,manager"
	for (i = 1; i <= n; i++)
		printf "C-%05d,Contract %d,Supplier %d Ltd,%s,%d.00,2025-04-01,2027-03-31,%d,Manager %d\n",
			i, i, i % 300, i % 3 ? "WMP" : "OPCC", 100000 + i * 1000, 5 + i % 15, i % 40
}' > "$dir/contracts.csv"

awk -v n="$nc" 'NR == FNR { code[++m] = $1; next } END {
	print "contract,measure,year,target"
	for (i = 1; i <= n; i++)
		for (y = 2025; y <= 2026; y++)
			for (k = 1; k <= m; k++)
				printf "C-%05d,%s,%d/%02d,%d.%02d\n", i, code[k], y, (y + 1) % 100, 10 + k, i % 100
}' "$dir/measures" /dev/null > "$dir/commitments.csv"

# reps 1: every line once; reps 2 (the memory check) adds the same lines
# again for contracts D-xxxxx, in a second database that has them.
gen_returns() {
	awk -v n="$nc" -v reps="$1" 'NR == FNR { code[++m] = $1; next } END {
		print "contract,quarter,measure,delivered,evidence,submitted"
		for (r = 1; r <= reps; r++)
		for (i = 1; i <= n; i++)
			for (y = 2025; y <= 2026; y++)
				for (q = 1; q <= 4; q++)
					for (k = 1; k <= m; k++)
						printf "%s%05d,%d/%02d-Q%d,%s,%d.%d,Timesheets and payroll extract %d,%d-%02d-15\n",
							r == 1 ? "C-" : "D-", i, y, (y + 1) % 100, q, code[k],
							(i + k + q) % 50, q, i, y + (q == 4), q == 4 ? 1 : 3 * q + 1
	}' "$dir/measures" /dev/null
}
gen_returns 1 > "$dir/returns.csv"
lines=$(($(wc -l < "$dir/returns.csv") - 1))

# Once each (a second run would find every row unchanged).
prep=:
time_once "$dir/t_contracts" "$svdesk" import contracts "$dir/contracts.csv" --db "$dir/sv.db"
time_once "$dir/t_commitments" "$svdesk" import commitments "$dir/commitments.csv" --db "$dir/sv.db"
sqlite3 "$dir/sv.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
cp "$dir/sv.db" "$dir/pre.db"

# svdesk (into a fresh copy of the database before its returns) and
# sqlite3 (into a new file) in turn, so that both meet the same load on a
# shared machine; the fastest run of each is kept.
rm -f "$dir/t_returns" "$dir/t_sqlite"
i=0
while [ "$i" -lt "$runs" ]; do
	prep='rm -f "$dir/sv.db-wal" "$dir/sv.db-shm"; cp "$dir/pre.db" "$dir/sv.db"'
	time_once "$dir/t_returns" "$svdesk" import returns "$dir/returns.csv" --db "$dir/sv.db"
	prep='rm -f "$dir/bare.db"'
	time_once "$dir/t_sqlite" sqlite3 -csv "$dir/bare.db" ".import '$dir/returns.csv' bare"
	i=$((i + 1))
done
[ "$(sqlite3 "$dir/bare.db" 'SELECT count(*) FROM bare')" = "$lines" ] ||
	{ echo "import.sh: sqlite3 .import did not load $lines lines" >&2; exit 1; }

# Twice the lines (the same contracts again under other refs), into a
# database that has both sets of contracts: memory must stay flat.
sed 's/^C-/D-/' "$dir/contracts.csv" | tail -n +2 > "$dir/more.csv"
cat "$dir/contracts.csv" "$dir/more.csv" > "$dir/contracts2.csv"
{ cat "$dir/commitments.csv"; tail -n +2 "$dir/commitments.csv" | sed 's/^C-/D-/'; } > "$dir/commitments2.csv"
gen_returns 2 > "$dir/returns2.csv"
lines2=$(($(wc -l < "$dir/returns2.csv") - 1))
"$svdesk" init --db "$dir/sv2.db" >/dev/null
"$svdesk" import contracts "$dir/contracts2.csv" --db "$dir/sv2.db" >/dev/null
"$svdesk" import commitments "$dir/commitments2.csv" --db "$dir/sv2.db" >/dev/null
prep=:
time_once "$dir/t_returns2" "$svdesk" import returns "$dir/returns2.csv" --db "$dir/sv2.db"

# The database after one import of the returns (the copy of the best run).
sqlite3 "$dir/sv.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
size=$(wc -c < "$dir/sv.db")
audit=$(sqlite3 "$dir/sv.db" "SELECT coalesce(sum(pgsize), 0) FROM dbstat
	WHERE name = 'audit' OR name LIKE 'audit\\_%' ESCAPE '\\'")
entries=$(sqlite3 "$dir/sv.db" "SELECT count(*) FROM audit")

read -r cw cc _ < "$dir/t_contracts"
read -r mw mc _ < "$dir/t_commitments"
read -r sw sc sp < "$dir/t_returns"
[ "$(sqlite3 "$dir/sv.db" 'SELECT count(*) FROM return_line')" = "$lines" ] ||
	{ echo "import.sh: svdesk did not import $lines lines" >&2; exit 1; }
read -r qw qc _ < "$dir/t_sqlite"
read -r _ _ p2 < "$dir/t_returns2"
awk -v nc="$nc" -v nm="$nm" -v runs="$runs" -v lines="$lines" -v lines2="$lines2" \
    -v cw="$cw" -v cc="$cc" -v mw="$mw" -v mc="$mc" -v sw="$sw" -v sc="$sc" -v sp="$sp" \
    -v qw="$qw" -v qc="$qc" -v p2="$p2" -v size="$size" -v audit="$audit" \
    -v entries="$entries" -v summary="$(cat "$dir/t_returns.stdout")" 'BEGIN {
	# a time below the resolution of the clock counts as 0.01 s
	if (sw < 0.01) sw = 0.01; if (sc < 0.01) sc = 0.01
	if (qw < 0.01) qw = 0.01; if (qc < 0.01) qc = 0.01
	printf "import.sh: %d contracts x %d measures x 2 years; best of %d run(s) (wall s, CPU s = user + system)\n", nc, nm, runs
	printf "  import contracts     %6.2f wall %6.2f CPU  (one run)\n", cw, cc
	printf "  import commitments   %6.2f wall %6.2f CPU  (one run)\n", mw, mc
	printf "  import returns       %6.2f wall %6.2f CPU  %d lines, %.0f lines/s of CPU\n", sw, sc, lines, lines / sc
	printf "                       %s\n", summary
	printf "  sqlite3 .import      %6.2f wall %6.2f CPU  the same file into a bare table\n", qw, qc
	printf "  ratio                %6.2f wall %6.2f CPU  speed of svdesk / speed of .import (goal >= 0.33, aim 0.5)\n", qw / sw, qc / sc
	printf "  peak memory          %6.1f MB (%d lines)  %.1f MB (%d lines)  (goal < 20 MB, flat)\n", sp / 1024, lines, p2 / 1024, lines2
	printf "  database             %6.1f MB after the returns; the audit log (table and indexes) %.2f MB, %.1f%%, %d entries\n", size / 1e6, audit / 1e6, 100 * audit / size, entries
}'
