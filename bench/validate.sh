#!/bin/sh
# validate.sh: the price of a decision at the desk.  On a demo database of
# 20,000 contracts (or the size given), in the same run, times
#   queue     the real desk run headless at 132x43 (`svdesk --db F --keys
#             SCRIPT --size 132x43 --dump /dev/null`) opening the database
#             and the returns queue (4): its first screen
#   decide    the same, then a key script of 1,000 accepts (a a a ...): each
#             decides the selected line, the queue selects the next
# against the sqlite3 shell on the same file:
#   queue     the queue's reads: the count and delivered £SV of the lines
#             awaiting validation in the year, and its first screen of rows
#   decide    the same 1,000 lines decided with the statements svdesk runs,
#             one transaction each (BEGIN IMMEDIATE ... COMMIT): the decision
#             row, its audit entry (with the line as it was), the line's new
#             status and version, and the entry's seal (a hash over the entry
#             and the previous hash; the shell's sha3() stands in for
#             svdesk's SHA-256)
# Each side is a new process that opens the file (a fresh copy of it for each
# run of "decide"), so both pay their start.  The time per decision is
# (decide - queue) / 1,000 on each side; the ratio is svdesk's over the
# shell's (best of RUNS wall times each).
# The shell lacks svdesk's SQL functions (sv_*): in the shell's copy the
# triggers that call them (the audit triggers of decision and return_line,
# whose work the shell does in plain statements; and the per-year totals of
# migration 0005, whose work it leaves out) are dropped for the run and
# restored after, as the tests do; the output says so.
# Peak memory (maximum resident set) of the desk for each.
# Usage: bench/validate.sh [CONTRACTS]   (from the build tree; SVDESK names
# the binary, default ./svdesk; RUNS, default 3; DECISIONS, default 1000)
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
cat > "$dir/queue.sql" <<EOF
SELECT count(*), sum((r.delivered * cm.proxy + 5000) / 10000) $FROM;
SELECT r.id, r.quarter, c.ref, s.name, m.code, m.unit, r.delivered,
	(r.delivered * cm.proxy + 5000) / 10000, r.status, r.submitted, r.validated_by,
	r.version $FROM $ORDER LIMIT $rows;
EOF

# The lines the desk's 1,000 accepts decide: the first of the queue.
sqlite3 "$base" "SELECT r.id, r.version, r.delivered $FROM $ORDER LIMIT $ndec" > "$dir/lines"

# The shell's copy: the triggers that call sv_* functions, kept to restore.
# (those on the tables a decision writes, whose text calls an sv_ function)
trigs="type = 'trigger' AND tbl_name IN ('decision', 'return_line', 'audit')
	AND sql LIKE '%sv\\_%' ESCAPE '\\'"
sqlite3 "$base" "SELECT sql || ';' FROM sqlite_schema WHERE $trigs" > "$dir/restore.sql"
sqlite3 "$base" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE $trigs" > "$dir/drop.sql"
dropped=$(grep -c DROP "$dir/drop.sql")
# One transaction per decision, as svdesk: the decision, its audit entry
# holding the line before, the line after, the seal.
at=2026-11-15T10:00:00Z
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
}' "$dir/lines" > "$dir/decide.sql"
cat "$dir/queue.sql" >> "$dir/decide.sql"

printf '4\n' > "$dir/queue.keys"
{ printf '4\n'; awk -v n="$ndec" 'BEGIN { for (i = 0; i < n; i++) print "a" }'; } > "$dir/decide.keys"

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
		if grep -qi 'locked\|error' "$dir/err"; then
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

best "$dir/sv_q" "$fresh" "$svdesk" --db "$run" --keys "$dir/queue.keys" --size 132x43 --dump /dev/null
best "$dir/sq_q" "$shell_fresh" sqlite3 "$run" ".read $dir/queue.sql"
best "$dir/sv_d" "$fresh" "$svdesk" --db "$run" --keys "$dir/decide.keys" --size 132x43 --dump /dev/null
# the desk decided the very lines the shell decides
sqlite3 "$run" "SELECT return_line_id FROM decision WHERE origin = 'desk' ORDER BY return_line_id" > "$dir/sv_ids"
cut -d'|' -f1 "$dir/lines" | sort -n > "$dir/sq_ids"
if ! cmp -s "$dir/sv_ids" "$dir/sq_ids"; then
	echo "validate.sh: the desk did not decide the $ndec lines expected (it decided" \
		"$(grep -c "" "$dir/sv_ids")); its keys: 4 then a x $ndec" >&2
	exit 1
fi
best "$dir/sq_d" "$shell_fresh" sqlite3 "$run" ".read $dir/decide.sql"
if [ "$(sqlite3 "$run" "SELECT count(*) FROM decision WHERE decided_by = 'bench'")" != "$ndec" ]; then
	echo "validate.sh: the shell did not record $ndec decisions" >&2
	exit 1
fi
sqlite3 "$run" ".read $dir/restore.sql"

read -r tsq msq < "$dir/sv_q"
read -r tqq mqq < "$dir/sq_q"
read -r tsd msd < "$dir/sv_d"
read -r tqd mqd < "$dir/sq_d"
lines=$(sqlite3 "$base" "SELECT count(*) FROM return_line")
echo "validate: a demo of $n contracts ($lines return lines, $awaiting awaiting in" \
	"$fy/$(( (fy + 1) % 100 ))), 132x43, best of $runs runs"
printf '  %-22s %10s %10s %8s %10s\n' action svdesk_s sqlite3_s ratio svdesk_MB
awk -v a="$tsq" -v b="$tqq" -v m="$msq" 'BEGIN {
	printf "  %-22s %10.3f %10.3f %8.2f %10.1f\n", "queue, first screen", a, b, (b > 0 ? a / b : 0), m / 1024 }'
awk -v a="$tsd" -v b="$tqd" -v m="$msd" -v k="$ndec" 'BEGIN {
	printf "  %-22s %10.3f %10.3f %8.2f %10.1f\n", k " decisions (total)", a, b, (b > 0 ? a / b : 0), m / 1024 }'
awk -v a="$tsd" -v b="$tqd" -v c="$tsq" -v d="$tqq" -v k="$ndec" 'BEGIN {
	x = (a - c) / k * 1000; y = (b - d) / k * 1000
	printf "  %-22s %10.3f %10.3f %8.2f\n", "per decision (ms)", x, y, (y > 0 ? x / y : 0) }'
echo "(ratio: svdesk's wall time over sqlite3's, both new processes; per decision:"
echo " (decide - queue) / $ndec on each side.  In the shell's copy the $dropped triggers"
echo " ($(sed 's/DROP TRIGGER //;s/;//' "$dir/drop.sql" | tr '\n' ' '| sed 's/ $//'))"
echo " that call svdesk's sv_* SQL functions were dropped for the run and restored after:"
echo " the audit entry and its seal are written by plain statements instead (sha3 for"
echo " SHA-256), the per-year totals of migration 0005 are not kept)"
