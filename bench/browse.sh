#!/bin/sh
# browse.sh: the desk keeps up with the sqlite3 shell.  For demo databases
# of 1,000 and 20,000 contracts (or the sizes given), in the same run, times
# the real desk run headless at 132x43 (`svdesk --db F --keys SCRIPT --size
# 132x43 --dump /dev/null`) doing each of
#   open     open the database and draw the first screen
#   end      the same, then End (G): the last page
#   search   the same, then / waste Enter: the first match
#   sort     the same, then s s s s: sorted on title, supplier, body and
#            value (the fifth column), staying on the row it was on
#   filter   the same, then f, Down Down Enter: the OPCC contracts
# against the sqlite3 shell running the same queries on the same file: the
# desk's count and first page (and the year's widest figures), then the
# action's (the last page; the first match in list order over the folded
# search text, its rank and the page it is on; the rank of the row the
# desk was on, by value, and the rows around it; the filtered count and
# first page).
# Each side is a new process that opens the file, so both pay their start.
# The desk also draws, and its search reads the rows it passes one page at
# a time; the shell does neither: the ratio (svdesk / sqlite3, best of RUNS
# wall times each) is the price of the screen.  Goal: at most 2.
# Peak memory (maximum resident set) of the desk for each action: the goal
# is flat as the database grows, and under 20 MB.
# Usage: bench/browse.sh [CONTRACTS...]   (from the build tree; SVDESK names
# the binary, default ./svdesk; RUNS, default 5)
# Needs the sqlite3 shell and GNU time (/usr/bin/time).
set -eu
svdesk=${SVDESK:-./svdesk}
runs=${RUNS:-5}
[ $# -gt 0 ] || set -- 1000 20000
command -v sqlite3 >/dev/null || { echo "browse.sh: needs the sqlite3 shell" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "browse.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
[ -x "$svdesk" ] || { echo "browse.sh: no svdesk binary at $svdesk (run from the build tree, or set SVDESK)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-15 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
export LC_ALL=C.UTF-8 TZ=Europe/London
fy=2026          # the desk's year on SVDESK_NOW
rows=38          # the rows of a 132x43 screen's list

# The keys of each action (the spec's default keys).
printf '\n' > "$dir/open.keys"
printf 'G\n' > "$dir/end.keys"
printf '/ w a s t e <Enter>\n' > "$dir/search.keys"
printf 's s s s\n' > "$dir/sort.keys"
printf 'f <Down> <Down> <Enter>\n' > "$dir/filter.keys"

# The same reads in SQL.  COLS: a row of the list; FROM: with its figures.
COLS="c.id, c.ref, c.title, s.name, c.body, c.value, c.sv_weight, c.status, c.start_date,
	c.end_date, y.committed, y.delivered, y.validated, y.ratio_bp, y.awaiting, y.returned"
FROM="FROM contract c JOIN supplier s ON s.id = c.supplier_id
	LEFT JOIN contract_year y ON y.contract_id = c.id AND y.year = $fy"
first="SELECT count(*) FROM contract;
SELECT max(value) FROM contract;
SELECT max(committed), max(delivered), max(validated) FROM contract_year WHERE year = $fy;
SELECT $COLS $FROM ORDER BY c.ref, c.id LIMIT $rows;"
cat > "$dir/open.sql" <<EOF
$first
EOF
cat > "$dir/end.sql" <<EOF
$first
SELECT $COLS $FROM ORDER BY c.ref DESC, c.id DESC LIMIT $rows;
EOF
# The desk shows the match (and, after a sort, the row it was on) in its
# place: its rank, and the rows around it.
match="(SELECT c.ref FROM contract c WHERE (SELECT fold FROM contract_fold f WHERE f.id = c.id)
	LIKE '%waste%' OR (SELECT fold FROM supplier_fold g WHERE g.id = c.supplier_id)
	LIKE '%waste%' ORDER BY c.ref, c.id LIMIT 1)"
cat > "$dir/search.sql" <<EOF
$first
SELECT $match;
SELECT count(*) FROM contract WHERE ref < $match;
SELECT $COLS $FROM WHERE c.ref >= $match ORDER BY c.ref, c.id LIMIT $rows;
EOF
# s s s s: the desk sorts on title, supplier, body and then value, each
# time staying on the row it was on (the first by ref): each sort's rank
# of that row and the rows around it.
topid="(SELECT id FROM contract ORDER BY ref LIMIT 1)"
cp "$dir/open.sql" "$dir/sort.sql"
for k in c.title s.name c.body c.value; do
	top="(SELECT $k FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.id = $topid)"
	cat >> "$dir/sort.sql" <<EOF
SELECT count(*) FROM contract c JOIN supplier s ON s.id = c.supplier_id
	WHERE ($k, c.id) < ($top, $topid);
SELECT $COLS $FROM WHERE ($k, c.id) < ($top, $topid) ORDER BY $k DESC, c.id DESC LIMIT $rows;
SELECT $COLS $FROM WHERE ($k, c.id) >= ($top, $topid) ORDER BY $k, c.id LIMIT $rows;
EOF
done
cat > "$dir/filter.sql" <<EOF
$first
SELECT count(*) FROM contract c WHERE c.body = 'OPCC';
SELECT $COLS $FROM WHERE c.body = 'OPCC' ORDER BY c.ref, c.id LIMIT $rows;
EOF

# best OUT CMD...: the best wall time (date's nanoseconds: the runs are short)
# of $runs runs into OUT, "wall peak_kb" (the largest peak of the runs)
best() {
	out=$1
	shift
	b= m=0 i=0
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		/usr/bin/time -f '%M' -o "$dir/t" "$@" > /dev/null 2> "$dir/err" ||
			{ echo "browse.sh: $* failed:" >&2; cat "$dir/err" >&2; exit 1; }
		t1=$(date +%s%N)
		t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
		read -r k < "$dir/t"
		b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
		[ "$k" -gt "$m" ] && m=$k
		i=$((i + 1))
	done
	echo "$b $m" > "$out"
}

for n in "$@"; do
	db="$dir/demo-$n.db"
	"$svdesk" demo --contracts "$n" --db "$db" >/dev/null
	lines=$(sqlite3 "$db" "SELECT count(*) FROM return_line")
	echo "browse: a demo of $n contracts ($lines return lines), 132x43, best of $runs runs"
	printf '  %-8s %10s %10s %8s %10s\n' action svdesk_s sqlite3_s ratio svdesk_MB
	for a in open end search sort filter; do
		best "$dir/sv" "$svdesk" --db "$db" --keys "$dir/$a.keys" --size 132x43 --dump /dev/null
		best "$dir/sq" sqlite3 "$db" ".read $dir/$a.sql"
		read -r ts ms < "$dir/sv"
		read -r tq mq < "$dir/sq"
		awk -v k="$a" -v a="$ts" -v b="$tq" -v m="$ms" 'BEGIN {
			printf "  %-8s %10.3f %10.3f %8.2f %10.1f\n", k, a, b, (b > 0 ? a / b : 0), m / 1024 }'
	done
done
echo "(ratio: svdesk's wall time over sqlite3's, both new processes; goal at most 2;"
echo " svdesk's peak memory: goal flat as the database grows, under 20 MB)"
