#!/bin/sh
# validate.sh: the price of a decision at the desk.  On a demo database of
# 20,000 contracts (or the size given), in the same run, times the real desk
# run headless at 132x43 (`svdesk --db F --keys SCRIPT --size 132x43 --dump
# /dev/null`) doing each of
#   queue       open the database and the returns queue (4): its first
#               screen, the lines awaiting validation in the year
#   supplier    the same, then the queue of the supplier with the most lines
#               awaiting (f, supplier, its name typed: a clerk's usual queue)
#   decide      the supplier's queue, then a key script of 1,000 accepts
#               (a a a ...): each decides the selected line, and the queue
#               selects the next
#   decide all  the same on the whole year's queue (WHOLE=0 leaves it out)
# against the sqlite3 shell on the same file:
#   queue       the queue's statements: the count and delivered £SV of the
#               lines awaiting validation in the year, and its first page of
#               rows (the first quarter's, by contract ref and measure)
#   decide      the same 1,000 lines decided with the statements svdesk runs,
#               one transaction each (BEGIN IMMEDIATE ... COMMIT): the
#               decision row, its audit entry (with the line as it was), the
#               line's new status and version, and the entry's seal (a hash
#               over the entry and the previous hash; the shell's sha3()
#               stands in for svdesk's SHA-256); then the queue's reads
# Each side is a new process that opens the file (a fresh copy of it for each
# run), so both pay their start.  The time per decision is (decide - first
# screen) / 1,000 on each side; the ratio is svdesk's over the shell's (best
# of RUNS wall times each).  The desk also reads its queue again after each
# decision (its count and £SV, and the page), and draws.
# The shell lacks svdesk's SQL functions (sv_*): in the shell's copy the
# triggers that call them (the audit triggers of decision and return_line,
# whose work the shell does in plain statements; and the per-year totals of
# migration 0005, whose work it leaves out) are dropped for the run and
# restored after, as the tests do; the output says so.
# Peak memory (maximum resident set) of the desk for each.
# Usage: bench/validate.sh [CONTRACTS]   (from the build tree; SVDESK names
# the binary, default ./svdesk; RUNS, default 3; DECISIONS, default 1000;
# WHOLE=0 leaves out the whole year's queue, the slow one)
# Needs the sqlite3 shell and GNU time (/usr/bin/time).
set -eu
svdesk=${SVDESK:-./svdesk}
runs=${RUNS:-3}
ndec=${DECISIONS:-1000}
n=${1:-20000}
command -v sqlite3 >/dev/null || { echo "validate.sh: needs the sqlite3 shell" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "validate.sh: needs /usr/bin/time (Debian package time)" >&2; exit 1; }
[ -x "$svdesk" ] || { echo "validate.sh: no svdesk binary at $svdesk (run from the build tree, or set SVDESK)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export SVDESK_NOW=2026-11-15 HOME="$dir" XDG_DATA_HOME="$dir" XDG_CONFIG_HOME="$dir"
export LC_ALL=C.UTF-8 TZ=Europe/London
fy=2026          # the desk's year on SVDESK_NOW
rows=38          # the rows of a 132x43 screen's list
base=$dir/base.db

"$svdesk" demo --contracts "$n" --db "$base" >/dev/null
awaiting=$(sqlite3 "$base" "SELECT count(*) FROM return_line r JOIN commitment cm
	ON cm.id = r.commitment_id WHERE cm.year = $fy AND r.status = 'submitted'")
if [ "$awaiting" -lt "$ndec" ]; then
	echo "validate.sh: the demo of $n contracts has $awaiting lines awaiting validation" \
		"in $fy/$(( (fy + 1) % 100 )), fewer than $ndec" >&2
	exit 1
fi

# The queue's order and rows (quarter, contract ref, measure code).
FROM="FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id
	JOIN contract c ON c.id = cm.contract_id JOIN supplier s ON s.id = c.supplier_id
	JOIN measure m ON m.id = cm.measure_id
	WHERE cm.year = $fy AND r.status = 'submitted'"
ORDER="ORDER BY r.quarter, c.ref, m.code, r.id"
# The queue's first screen: the desk's two statements (db/queue.c), the
# count and £SV of the year's lines awaiting, and the first page of the
# first quarter's segment, with plain arithmetic for sv_sv and sv_sum.
cat > "$dir/queue.sql" <<EOF
SELECT count(*), sum((r.delivered * cm.proxy + 5000) / 10000)
	FROM commitment cm CROSS JOIN return_line r ON r.commitment_id = cm.id
	WHERE cm.year = $fy AND r.status = 'submitted';
SELECT r.id, r.version, c.id, c.supplier_id, cm.year, r.quarter, c.ref, s.name, m.code,
	m.unit, r.delivered, cm.proxy IS NOT NULL, (r.delivered * cm.proxy + 5000) / 10000,
	r.status, r.validated, r.submitted, r.validated_by, cm.measure_id
	FROM contract c CROSS JOIN contract_year y ON y.contract_id = c.id AND y.year = $fy
	CROSS JOIN commitment cm ON cm.contract_id = c.id AND cm.year = $fy
	CROSS JOIN return_line r ON r.commitment_id = cm.id
	JOIN measure m ON m.id = cm.measure_id JOIN supplier s ON s.id = c.supplier_id
	WHERE r.status = 'submitted' AND y.awaiting > 0 AND r.quarter = 1 AND y.returned & 1
	ORDER BY c.ref, m.code, r.quarter, r.id LIMIT $rows;
EOF
# The supplier with the most lines awaiting: the clerk's usual queue is one
# supplier's returns, through the supplier filter.
supplier=$(sqlite3 "$base" "SELECT s.name $FROM GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1")
quoted=$(printf '%s' "$supplier" | sed "s/'/''/g")
sup_lines=$(sqlite3 "$base" "SELECT count(*) $FROM AND s.name = '$quoted'")
if [ "$sup_lines" -lt "$ndec" ]; then
	echo "validate.sh: no supplier has $ndec lines awaiting validation (at most $sup_lines)" >&2
	exit 1
fi

# The lines each run of accepts decides: the first of its queue.
sqlite3 "$base" "SELECT r.id, r.version, r.delivered $FROM $ORDER LIMIT $ndec" > "$dir/all.lines"
sqlite3 "$base" "SELECT r.id, r.version, r.delivered $FROM AND s.name = '$quoted'
	$ORDER LIMIT $ndec" > "$dir/sup.lines"

# The shell's copy: the triggers that call sv_* functions, kept to restore
# (those on the tables a decision writes).
trigs="type = 'trigger' AND tbl_name IN ('decision', 'return_line', 'audit')
	AND sql LIKE '%sv\\_%' ESCAPE '\\'"
sqlite3 "$base" "SELECT sql || ';' FROM sqlite_schema WHERE $trigs" > "$dir/restore.sql"
sqlite3 "$base" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE $trigs" > "$dir/drop.sql"
dropped=$(grep -c DROP "$dir/drop.sql")
# decide_sql LINES: one transaction per decision, as svdesk: the decision,
# its audit entry holding the line before, the line after, the seal; then
# the queue's reads.
at=2026-11-15T10:00:00Z
decide_sql() {
	awk -F'|' -v at="$at" '{
	id = $1; v = $2; d = $3
	print "BEGIN IMMEDIATE;"
	printf "INSERT INTO decision (return_line_id, status, validated, reason, decided_by," \
		" decided_at, origin, line_version, delivered, import_id) VALUES (%s, \x27validated\x27," \
		" %s, NULL, \x27bench\x27, \x27%s\x27, \x27desk\x27, %s, %s, NULL);\n", id, d, at, v, d
	printf "INSERT INTO audit (who, origin, entity, entity_id, action, before, after)" \
		" SELECT \x27bench\x27, \x27desk\x27, \x27decision\x27, d.id, \x27insert\x27," \
		" (SELECT json_object(\x27status\x27, r.status, \x27validated\x27, r.validated," \
		" \x27validated_by\x27, r.validated_by, \x27validated_at\x27, r.validated_at," \
		" \x27reason\x27, r.reason, \x27version\x27, r.version) FROM return_line r" \
		" WHERE r.id = d.return_line_id AND r.version = d.line_version)," \
		" json_object(\x27id\x27, d.id, \x27return_line_id\x27, d.return_line_id," \
		" \x27status\x27, d.status, \x27validated\x27, d.validated, \x27reason\x27, d.reason," \
		" \x27decided_by\x27, d.decided_by, \x27decided_at\x27, d.decided_at, \x27origin\x27," \
		" d.origin, \x27line_version\x27, d.line_version, \x27delivered\x27, d.delivered)" \
		" FROM decision d WHERE d.id = last_insert_rowid();\n"
	printf "UPDATE return_line SET status = \x27validated\x27, validated = %s," \
		" validated_by = \x27bench\x27, validated_at = \x27%s\x27, reason = NULL," \
		" version = version + 1 WHERE id = %s AND version = %s;\n", d, at, id, v
	printf "UPDATE audit SET hash = sha3(coalesce((SELECT p.hash FROM audit p WHERE p.id < audit.id" \
		" ORDER BY p.id DESC LIMIT 1), x\x27\x27) || CAST(id AS TEXT) || at || who || origin ||" \
		" entity || coalesce(entity_id, \x27\x27) || action || coalesce(before, \x27\x27) ||" \
		" coalesce(after, \x27\x27), 256) WHERE id = last_insert_rowid() AND hash IS NULL;\n"
	print "COMMIT;"
	}' "$1"
	cat "$dir/queue.sql"
}
decide_sql "$dir/all.lines" > "$dir/all.sql"
decide_sql "$dir/sup.lines" > "$dir/sup.sql"

# The keys: 4 (the queue), the supplier filter (f, its pick list's
# "supplier", the name typed), then a for accept, once for each line.
spell() {
	printf '%s' "$1" | awk '{ n = length($0); for (i = 1; i <= n; i++) { c = substr($0, i, 1)
		printf "%s ", (c == " " ? "<Space>" : c == "<" ? "<lt>" : c) } }'
}
accepts() { awk -v n="$ndec" 'BEGIN { for (i = 0; i < n; i++) print "a" }'; }
sup_keys="f $(spell supplier)<Enter> $(spell "$supplier")<Enter>"
printf '4\n' > "$dir/queue.keys"
{ printf '4\n'; accepts; } > "$dir/all.keys"
printf '4 %s\n' "$sup_keys" > "$dir/supq.keys"
{ printf '4 %s\n' "$sup_keys"; accepts; } > "$dir/sup.keys"

# best OUT PREP CMD...: the best wall time (date's nanoseconds) of $runs runs
# into OUT, "wall peak_kb" (the largest peak of the runs); PREP (a shell
# command) runs before each run, untimed.
best() {
	out=$1 prep=$2
	shift 2
	b= m=0 i=0
	while [ "$i" -lt "$runs" ]; do
		sh -c "$prep"
		t0=$(date +%s%N)
		/usr/bin/time -f '%M' -o "$dir/t" "$@" > /dev/null 2> "$dir/err" ||
			{ echo "validate.sh: $* failed:" >&2; cat "$dir/err" >&2; exit 1; }
		t1=$(date +%s%N)
		if grep -qi 'database is locked' "$dir/err"; then
			echo "validate.sh: $* said:" >&2; cat "$dir/err" >&2; exit 1
		fi
		t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
		read -r k < "$dir/t"
		b=$(awk -v a="$t" -v b="$b" 'BEGIN { print (b == "" || a < b) ? a : b }')
		[ "$k" -gt "$m" ] && m=$k
		i=$((i + 1))
	done
	echo "$b $m" > "$out"
}

run=$dir/run.db
fresh="rm -f '$run' '$run-wal' '$run-shm' && cp '$base' '$run'"
shell_fresh="$fresh && sqlite3 '$run' '.read $dir/drop.sql'"

# decided KEYS LINES: the desk's run of KEYS decided exactly LINES
decided() {
	sqlite3 "$run" "SELECT return_line_id FROM decision WHERE origin = 'desk'
		ORDER BY return_line_id" > "$dir/sv_ids"
	cut -d'|' -f1 "$2" | sort -n > "$dir/sq_ids"
	if ! cmp -s "$dir/sv_ids" "$dir/sq_ids"; then
		echo "validate.sh: the desk's keys $1 did not decide the $ndec lines expected" \
			"(it decided $(grep -c "" "$dir/sv_ids"))" >&2
		exit 1
	fi
}
# shell_decided: the shell's run recorded ndec decisions; its triggers back
shell_decided() {
	if [ "$(sqlite3 "$run" "SELECT count(*) FROM decision WHERE decided_by = 'bench'")" != "$ndec" ]; then
		echo "validate.sh: the shell did not record $ndec decisions" >&2
		exit 1
	fi
	sqlite3 "$run" ".read $dir/restore.sql"
}

best "$dir/sv_q" "$fresh" "$svdesk" --db "$run" --keys "$dir/queue.keys" --size 132x43 --dump /dev/null
best "$dir/sq_q" "$shell_fresh" sqlite3 "$run" ".read $dir/queue.sql"
best "$dir/sv_sq" "$fresh" "$svdesk" --db "$run" --keys "$dir/supq.keys" --size 132x43 --dump /dev/null
best "$dir/sv_sd" "$fresh" "$svdesk" --db "$run" --keys "$dir/sup.keys" --size 132x43 --dump /dev/null
decided sup.keys "$dir/sup.lines"
best "$dir/sq_sd" "$shell_fresh" sqlite3 "$run" ".read $dir/sup.sql"
shell_decided
if [ "${WHOLE:-1}" = 1 ]; then
	best "$dir/sv_d" "$fresh" "$svdesk" --db "$run" --keys "$dir/all.keys" --size 132x43 --dump /dev/null
	decided all.keys "$dir/all.lines"
	best "$dir/sq_d" "$shell_fresh" sqlite3 "$run" ".read $dir/all.sql"
	shell_decided
fi

lines=$(sqlite3 "$base" "SELECT count(*) FROM return_line")
echo "validate: a demo of $n contracts ($lines return lines, $awaiting awaiting in" \
	"$fy/$(( (fy + 1) % 100 ))), 132x43, best of $runs runs"
printf '  %-34s %9s %9s %7s %9s\n' action svdesk_s sqlite3_s ratio svdesk_MB
# row LABEL SVFILE SQFILE: a line of figures
row() {
	read -r a ma < "$2"
	read -r b mb < "$3"
	awk -v k="$1" -v a="$a" -v b="$b" -v m="$ma" 'BEGIN {
		printf "  %-34s %9.3f %9.3f %7.2f %9.1f\n", k, a, b, (b > 0 ? a / b : 0), m / 1024 }'
}
# per LABEL SV_D SV_Q SQ_D SQ_Q: one decision, (decide - first screen) / ndec
per() {
	read -r a x < "$2"; read -r b x < "$3"; read -r c x < "$4"; read -r d x < "$5"
	awk -v k="$1" -v a="$a" -v b="$b" -v c="$c" -v d="$d" -v n="$ndec" 'BEGIN {
		x = (a - b) / n * 1000; y = (c - d) / n * 1000
		printf "  %-34s %9.3f %9.3f %7.2f\n", k, x, y, (y > 0 ? x / y : 0) }'
}
row "queue, first screen (whole year)" "$dir/sv_q" "$dir/sq_q"
echo "  one supplier's queue ($sup_lines lines awaiting: $supplier)"
row "  first screen" "$dir/sv_sq" "$dir/sq_q"
row "  $ndec decisions (total)" "$dir/sv_sd" "$dir/sq_sd"
per "  per decision (ms)" "$dir/sv_sd" "$dir/sv_sq" "$dir/sq_sd" "$dir/sq_q"
if [ "${WHOLE:-1}" = 1 ]; then
	echo "  the whole year's queue ($awaiting lines awaiting)"
	row "  $ndec decisions (total)" "$dir/sv_d" "$dir/sq_d"
	per "  per decision (ms)" "$dir/sv_d" "$dir/sv_q" "$dir/sq_d" "$dir/sq_q"
fi
echo "(ratio: svdesk's wall time over sqlite3's, both new processes; per decision:"
echo " (decide - first screen) / $ndec on each side, the shell's first screen being the"
echo " whole year's queue reads.  After each decision the desk reads its queue again:"
echo " the count and delivered £SV of the lines shown, and the page.  In the shell's"
echo " copy the $dropped triggers that call svdesk's sv_* SQL functions"
sed 's/DROP TRIGGER //;s/;//' "$dir/drop.sql" | tr '\n' ' ' | sed 's/ $/\n/' | fold -s -w 76 | sed 's/^/  /;s/ *$//'
echo " were dropped for the run and restored after: the audit entry and its seal are"
echo " written by plain statements instead (sha3 for SHA-256); the per-year totals of"
echo " migration 0005 are not kept)"
