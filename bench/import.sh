#!/bin/sh
# import.sh: svdesk import returns against sqlite3 .import, in one run.
#
# Builds, with svdesk itself, a database of C contracts (default 1,000) with
# M measures (default 25) committed for 2 financial years, then times
#   svdesk import returns    of C x M x 2 years x 4 quarters lines (200,000)
#   sqlite3 .import          of the same file into a bare table
# and prints the ratio (speed of svdesk / speed of .import: 1 is as fast),
# svdesk's peak memory (maximum resident set, /usr/bin/time -v) for the
# returns file and for one twice its size (memory must not grow with the
# file), the database's size and the audit table's share of it.
# Usage: bench/import.sh [CONTRACTS [MEASURES]]   (from the build tree; SVDESK
# names the binary, default ./svdesk)
set -eu
svdesk=${SVDESK:-./svdesk}
nc=${1:-1000}
nm=${2:-25}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
command -v sqlite3 >/dev/null || { echo "import.sh: needs the sqlite3 shell" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "import.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

now() { date +%s.%N; }
peak_kb() { awk -F': ' '/Maximum resident set size/ { print $2 }' "$1"; }
# CPU seconds (user + system) from a /usr/bin/time -v report: steadier than
# the wall clock on a busy machine.
cpu_s() { awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$1"; }

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

# reps 1: every line once; reps 2 for the memory check uses a second
# database so that the lines are new there too.
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

t0=$(now)
"$svdesk" import contracts "$dir/contracts.csv" --db "$dir/sv.db" >/dev/null
t1=$(now)
"$svdesk" import commitments "$dir/commitments.csv" --db "$dir/sv.db" >/dev/null
cp "$dir/sv.db" "$dir/pre.db"
t2=$(now)
/usr/bin/time -v -o "$dir/time" "$svdesk" import returns "$dir/returns.csv" --db "$dir/sv.db" > "$dir/summary"
t3=$(now)
lines=$(($(wc -l < "$dir/returns.csv") - 1))

printf '.mode csv\n.import %s bare\n' "$dir/returns.csv" > "$dir/import.sql"
t4=$(now)
/usr/bin/time -v -o "$dir/time_sq" sqlite3 "$dir/bare.db" < "$dir/import.sql"
t5=$(now)

# The same import on today's schema without the two per-row triggers that
# the audit log's rebuild replaces (an audit entry per row, and the
# quarter check in SQL: date()/printf per row), to show the import's own cost.
sqlite3 "$dir/pre.db" 'DROP TRIGGER return_line_audit_insert; DROP TRIGGER return_line_quarter_insert;'
t6=$(now)
/usr/bin/time -v -o "$dir/time_nt" "$svdesk" import returns "$dir/returns.csv" --db "$dir/pre.db" >/dev/null
t7=$(now)

# Twice the lines (the same contracts again under other refs), into a copy
# of the database before its returns: memory must stay flat.
sed 's/^C-/D-/' "$dir/contracts.csv" | tail -n +2 > "$dir/more.csv"
{ cat "$dir/contracts.csv"; cat "$dir/more.csv"; } > "$dir/contracts2.csv"
{ cat "$dir/commitments.csv"; tail -n +2 "$dir/commitments.csv" | sed 's/^C-/D-/'; } > "$dir/commitments2.csv"
{ gen_returns 2; } > "$dir/returns2.csv"
"$svdesk" init --db "$dir/sv2.db" >/dev/null
"$svdesk" import contracts "$dir/contracts2.csv" --db "$dir/sv2.db" >/dev/null
"$svdesk" import commitments "$dir/commitments2.csv" --db "$dir/sv2.db" >/dev/null
/usr/bin/time -v -o "$dir/time2" "$svdesk" import returns "$dir/returns2.csv" --db "$dir/sv2.db" >/dev/null
lines2=$(($(wc -l < "$dir/returns2.csv") - 1))

sqlite3 "$dir/sv.db" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
size=$(wc -c < "$dir/sv.db")
audit=$(sqlite3 "$dir/sv.db" "SELECT coalesce(sum(pgsize), 0) FROM dbstat
	WHERE name IN ('audit', 'audit_at', 'audit_entity')")

awk -v c="$(echo "$t1 - $t0" | bc)" -v m="$(echo "$t2 - $t1" | bc)" \
    -v sv="$(echo "$t3 - $t2" | bc)" -v sq="$(echo "$t5 - $t4" | bc)" \
    -v nt="$(echo "$t7 - $t6" | bc)" \
    -v csv="$(cpu_s "$dir/time")" -v csq="$(cpu_s "$dir/time_sq")" -v cnt="$(cpu_s "$dir/time_nt")" \
    -v lines="$lines" -v lines2="$lines2" -v nc="$nc" -v nm="$nm" \
    -v peak="$(peak_kb "$dir/time")" -v peak2="$(peak_kb "$dir/time2")" \
    -v size="$size" -v audit="$audit" -v summary="$(cat "$dir/summary")" 'BEGIN {
	printf "import.sh: %d contracts x %d measures x 2 years\n", nc, nm
	printf "  import contracts     %8.2f s\n", c
	printf "  import commitments   %8.2f s\n", m
	printf "  import returns       %8.2f s  (%d lines, %.0f lines/s)  %s\n", sv, lines, lines / sv, summary
	printf "  sqlite3 .import      %8.2f s  (the same file into a bare table)\n", sq
	printf "  ratio                %8.2f    (speed of svdesk / speed of .import; goal >= 0.33, aim 0.5)\n", sq / sv
	printf "  ratio of CPU time    %8.2f    (%.2f s against %.2f s of user + system time)\n", csq / csv, csv, csq
	printf "  without row triggers %8.2f s  ratio %.2f, of CPU time %.2f (%.2f s)  (no audit entry per row, no quarter check in SQL)\n", nt, sq / nt, csq / cnt, cnt
	printf "  peak memory          %8.1f MB (%d lines)   %.1f MB (%d lines)   (goal < 20 MB)\n", peak / 1024, lines, peak2 / 1024, lines2
	printf "  database             %8.1f MB, of which the audit table and its indexes %.1f MB (%.0f%%)\n", size / 1e6, audit / 1e6, 100 * audit / size
}'
