#!/bin/sh
# export: every kind from a demo database, byte-stable, the byte-order mark,
# the formula guard, -o replaces a file whole, filters, errors, supplier
# templates, and the round trip through svdesk import (when it is built).
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27
"$SVDESK" demo --db demo.db >/dev/null || exit 99

BOM=$(printf '\357\273\277')
CR=$(printf '\r')

# first_line FILE: the header without its byte-order mark and CR.
first_line() { head -n 1 "$1" | sed "s/^$BOM//; s/$CR\$//"; }
# rows FILE: the records after the header (the demo has no line breaks in
# its text, so lines are records).
rows() { echo $(($(wc -l < "$1") - 1)); }
starts_with_bom() { [ "$(head -c 3 "$1")" = "$BOM" ]; }
every_line_crlf() { [ "$(grep -c "$CR\$" "$1")" = "$(wc -l < "$1")" ]; }

# ---- every kind ---------------------------------------------------------------

headers_measures='theme,outcome,code,title,unit,proxy,proxy_set'
headers_contracts='ref,title,supplier,body,value,start,end,sv_weight,manager,status,award_report,living_wage,modern_slavery,living_wage_date,living_wage_note,modern_slavery_date,modern_slavery_note'
headers_commitments='contract,measure,year,target,note,proxy,proxy_set'
headers_returns='contract,quarter,measure,delivered,evidence,submitted,status,validated,validated_by,validated_at,reason'
headers_audit="$(sql demo.db "SELECT group_concat(name, ',') FROM pragma_table_info('audit')")"
count_measures=$(sql demo.db 'SELECT count(*) FROM measure')
count_contracts=$(sql demo.db 'SELECT count(*) FROM contract')
count_commitments=$(sql demo.db 'SELECT count(*) FROM commitment')
count_returns=$(sql demo.db 'SELECT count(*) FROM return_line')
count_audit=$(sql demo.db 'SELECT count(*) FROM audit')

for kind in measures contracts commitments returns audit; do
	run "$SVDESK" export "$kind" --db demo.db -o "$kind.csv"
	check "export $kind: exit 0" rc_is 0
	check "export $kind: nothing on stdout or stderr" sh -c '[ ! -s out ] && [ ! -s err ]'
	eval "want=\$headers_$kind; n=\$count_$kind"
	check "export $kind: every column, in the spec's order" [ "$(first_line "$kind.csv")" = "$want" ]
	check "export $kind: one row per record ($n)" [ "$(rows "$kind.csv")" = "$n" ]
	check "export $kind: a file begins with a byte-order mark" starts_with_bom "$kind.csv"
	check "export $kind: CRLF line ends" every_line_crlf "$kind.csv"
	"$SVDESK" export "$kind" --db demo.db -o "$kind-2.csv"
	check "export $kind: two exports are the same bytes" cmp -s "$kind.csv" "$kind-2.csv"
	"$SVDESK" export "$kind" --db demo.db > "$kind-stdout.csv"
	check "export $kind: standard output has no byte-order mark" \
		sh -c "! head -c 3 '$kind-stdout.csv' | grep -q '$BOM'"
	check "export $kind: standard output is the file without its mark" \
		sh -c "tail -c +4 '$kind.csv' | cmp -s - '$kind-stdout.csv'"
	"$SVDESK" export "$kind" --db demo.db -o - > "$kind-dash.csv"
	check "export $kind: -o - is standard output" cmp -s "$kind-stdout.csv" "$kind-dash.csv"
done

# Progress only while stderr is a terminal (script(1) gives it one), and
# never mixed into CSV on that terminal.
if command -v script >/dev/null 2>&1; then
	script -qec "'$SVDESK' export audit --db demo.db -o tty-audit.csv" /dev/null > tty.out 2>&1
	check "progress on a terminal: done, of how many, rate" \
		grep -q "svdesk: export audit: [0-9]* of $count_audit rows ([0-9]*%), [0-9]* rows/s" tty.out
	check "... and the line is erased at the end" \
		[ "$(tail -c 4 tty.out)" = "$(printf '\r\033[K')" ]
	check "... and the file is the same" cmp -s tty-audit.csv audit.csv
	script -qec "'$SVDESK' export measures --db demo.db" /dev/null > tty.out 2>&1
	check "no progress when the CSV goes to that terminal" sh -c '! grep -q "rows/s" tty.out'
fi

# ---- plain values, and the rows in a stable order ------------------------------

ref=$(sql demo.db "SELECT ref FROM contract ORDER BY ref LIMIT 1")
want=$(sql demo.db "SELECT c.ref || ',' || c.title || ',' || s.name || ',' || c.body || ',' ||
	printf('%d.%02d', c.value / 100, c.value % 100) || ',' || c.start_date || ',' || c.end_date || ',' ||
	(c.sv_weight / 10) || CASE WHEN c.sv_weight % 10 THEN '.' || (c.sv_weight % 10) ELSE '' END
	FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.ref = '$ref'")
check "contracts: money plain (1234567.89), dates ISO, weighting 12.5" \
	grep -qF -- "$want," contracts.csv
check "contracts: sorted by ref" \
	[ "$(tail -n +2 contracts-stdout.csv | cut -d, -f1 | tr -d "$CR")" = "$(sql demo.db 'SELECT ref FROM contract ORDER BY ref')" ]
check "measures: proxies with four decimals" grep -q ',NT1,.*,FTE,22500.0000,' measures.csv
check "measures: the current proxy set's name on every row" \
	[ "$(tail -n +2 measures-stdout.csv | grep -c ',Illustrative values 2025 (not licensed TOMs proxies)'"$CR"'$')" = "$count_measures" ]
check "measures: record only is an empty proxy" grep -q ',NT17,.*,percent,,Illustrative' measures.csv
check "commitments: years as 2025/26" \
	[ "$(tail -n +2 commitments-stdout.csv | cut -d, -f3 | sort -u | tr '\n' ' ')" = "2024/25 2025/26 2026/27 " ]
check "returns: quarters as 2025/26-Q2" grep -q '^[^,]*,2025/26-Q2,' returns.csv
q='SELECT count(*) FROM return_line WHERE status'
check "returns: every status with its decision columns" \
	[ "$(grep -c ',validated,[0-9.]*,[^,]*,[0-9T:-]*Z,' returns.csv)" = "$(sql demo.db "$q = 'validated'")" ]
check "returns: quantities with up to two decimals" \
	[ -z "$(tail -n +2 returns-stdout.csv | cut -d, -f4 | grep -v '^[0-9]*\(\.[0-9][0-9]\?\)\?$')" ]
check "returns: a decision time as stored" \
	grep -qF ",$(sql demo.db "SELECT validated_at FROM return_line WHERE validated_at IS NOT NULL ORDER BY id LIMIT 1")," returns.csv

# ---- filters ------------------------------------------------------------------------

run "$SVDESK" export returns --db demo.db --year 2025/26
check "returns --year: exit 0" rc_is 0
check "returns --year: the lines of that year" [ "$(rows out)" = \
	"$(sql demo.db 'SELECT count(*) FROM return_line r JOIN commitment c ON c.id = r.commitment_id WHERE c.year = 2025')" ]
run "$SVDESK" export returns --db demo.db --quarter '2025/26 Q3'
check "returns --quarter: the lines of that quarter" [ "$(rows out)" = \
	"$(sql demo.db 'SELECT count(*) FROM return_line r JOIN commitment c ON c.id = r.commitment_id WHERE c.year = 2025 AND r.quarter = 3')" ]
check "returns --quarter: only that quarter" \
	[ "$(tail -n +2 out | cut -d, -f2 | sort -u)" = "2025/26-Q3" ]
run "$SVDESK" export commitments --db demo.db --year 2024/25
check "commitments --year: the commitments of that year" \
	[ "$(rows out)" = "$(sql demo.db 'SELECT count(*) FROM commitment WHERE year = 2024')" ]
run "$SVDESK" export contracts --db demo.db --year 2024/25
check "contracts --year: the contracts with a commitment in that year" [ "$(rows out)" = \
	"$(sql demo.db 'SELECT count(DISTINCT contract_id) FROM commitment WHERE year = 2024')" ]
run "$SVDESK" export contracts --db demo.db --quarter 2026/27-Q1
check "contracts --quarter: ... whose dates overlap the quarter" [ "$(rows out)" = \
	"$(sql demo.db "SELECT count(*) FROM contract c WHERE EXISTS (SELECT 1 FROM commitment m
		WHERE m.contract_id = c.id AND m.year = 2026) AND c.start_date <= '2026-06-30'
		AND c.end_date >= '2026-04-01'")" ]
run "$SVDESK" export commitments --db demo.db --quarter 2026/27-Q1
check "commitments --quarter: of the year, contracts overlapping the quarter" [ "$(rows out)" = \
	"$(sql demo.db "SELECT count(*) FROM commitment m JOIN contract c ON c.id = m.contract_id
		WHERE m.year = 2026 AND c.start_date <= '2026-06-30' AND c.end_date >= '2026-04-01'")" ]
today=$(date -u +%Y-%m-%d)
run "$SVDESK" export audit --db demo.db --since "$today"
check "audit --since today: the entries of today (UTC)" \
	[ "$(rows out)" = "$(sql demo.db "SELECT count(*) FROM audit WHERE at >= '$today'")" ]
run "$SVDESK" export audit --db demo.db --since 9999-12-31
check "audit --since a later day: the header alone" [ "$(rows out)" = 0 ]
run "$SVDESK" export audit --db demo.db --since " 9999-12-31 "
check "... the day as parsed (spaces around it do not turn the filter off)" [ "$(rows out)" = 0 ]
check "... which is still the header" [ "$(first_line out)" = "$headers_audit" ]

# The audit log's hash (a BLOB) is written as 64 lowercase hex digits, and
# the file is valid UTF-8.  Where the log has no hash column yet, a copy gets
# one, with one entry that carries a hash.
cp demo.db blob.db
if [ "$(sql blob.db "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'hash'")" = 0 ]; then
	sqlite3 blob.db "ALTER TABLE audit ADD COLUMN hash BLOB;
		INSERT INTO audit (who, origin, entity, entity_id, action, before, after, hash)
		VALUES ('tester', 'desk', 'contract', 1, 'insert', NULL, '{}', randomblob(32));" || exit 99
fi
run "$SVDESK" export audit --db blob.db
check "audit: exit 0 with hashes" rc_is 0
check "audit: valid UTF-8" sh -c 'iconv -f UTF-8 -t UTF-8 out > /dev/null'
# the hash is the last column (the JSON before it holds commas)
check "audit: the hash is the last column" sh -c "head -n 1 out | grep -q ',hash$CR\$'"
tail -n +2 out | sed "s/$CR\$//; s/.*,//" | grep . > hashes.got
sql blob.db "SELECT lower(hex(hash)) FROM audit WHERE hash IS NOT NULL ORDER BY id" > hashes.want
check "audit: every hash as 64 lowercase hex digits" \
	sh -c '[ -s hashes.want ] && cmp -s hashes.got hashes.want && ! grep -qv "^[0-9a-f]\{64\}\$" hashes.got'

# ---- errors -----------------------------------------------------------------------------

run "$SVDESK" export --db demo.db
check "export without a kind: usage (2)" rc_is 2
check "... naming the kinds" err_has "measures, contracts, commitments, returns, audit"
run "$SVDESK" export invoices --db demo.db
check "an unknown kind: usage (2)" rc_is 2
check "... naming it and listing the kinds" sh -c 'grep -q "unknown kind .invoices." err && grep -q "measures, contracts, commitments, returns, audit, highlights, answers, and template" err'
run "$SVDESK" export returns --db demo.db --year 2025
check "a bad --year: usage (2)" rc_is 2
check "... saying what and showing the form" sh -c 'grep -q "2025" err && grep -q "the form is 2025/26" err'
run "$SVDESK" export returns --db demo.db --quarter 2025/26-Q5
check "a bad --quarter: usage (2)" rc_is 2
check "... showing the form" err_has "the form is 2025/26-Q2"
run "$SVDESK" export audit --db demo.db --since 2026-02-30
check "a bad --since: usage (2)" rc_is 2
check "... showing the form" err_has "the form is YYYY-MM-DD"
run "$SVDESK" export returns --db demo.db --since 2026-01-01
check "--since with another kind: usage (2)" rc_is 2
check "... saying it goes with the audit export" err_has "--since goes with export audit"
run "$SVDESK" export measures --db demo.db --year 2025/26
check "--year with measures: usage (2)" rc_is 2
run "$SVDESK" export audit --db demo.db --quarter 2025/26-Q1
check "--quarter with audit: usage (2)" rc_is 2
run "$SVDESK" export returns --db demo.db --year 2025/26 --quarter 2025/26-Q1
check "--year and --quarter together: usage (2)" rc_is 2
run "$SVDESK" export returns --db demo.db --supplier Acme
check "--supplier with a kind: usage (2)" rc_is 2
run "$SVDESK" export returns --db missing.db
check "a database that does not exist: runtime (1)" rc_is 1

# ---- -o replaces a file whole ------------------------------------------------------------

printf 'old contents\n' > keep.csv
chmod 640 keep.csv
run "$SVDESK" export returns --db missing.db -o keep.csv
check "a failed export leaves the old file as it was" [ "$(cat keep.csv)" = "old contents" ]
run "$SVDESK" export returns --db demo.db -o keep.csv
check "an export replaces the file" cmp -s keep.csv returns.csv
check "... keeping its mode" [ "$(file_mode keep.csv)" = 640 ]
check "... and leaves no temporary file" [ -z "$(ls | grep 'tmp-')" ]
run "$SVDESK" export returns --db demo.db -o nodir/x.csv
check "-o into a missing folder: runtime (1)" rc_is 1
check "... naming the folder" err_has "nodir"
mkdir adir
run "$SVDESK" export returns --db demo.db -o adir
check "-o naming a folder: runtime (1)" rc_is 1
if [ -w /dev/full ]; then
	run "$SVDESK" export returns --db demo.db -o /dev/full
	check "a full disk: runtime (1)" rc_is 1
	check "... saying it cannot write" err_has "cannot write"
fi
cp demo.db victim.db
run "$SVDESK" export returns --db victim.db -o victim.db
check "-o naming the database itself: usage (2)" rc_is 2
check "... saying so" err_has "victim.db: that is the database"
check "... and the database is untouched" cmp -s demo.db victim.db
ln -s victim.db victim-link.db
run "$SVDESK" chase --db victim.db -o victim-link.db
check "chase -o through a link to the database: refused" rc_is 2
check "... and the database is untouched" cmp -s demo.db victim.db
ln -s returns.csv link.csv
"$SVDESK" export measures --db demo.db -o link.csv
check "-o through a symbolic link replaces the file it names" cmp -s returns.csv measures.csv
check "... and keeps the link" [ -L link.csv ]
"$SVDESK" export returns --db demo.db -o returns.csv

# ---- as an ordinary person (as root, CI, a user that the test creates) -------------------

area=$(mktemp -d /tmp/svdesk-export.XXXXXX)
# a user this test made is removed at the end (each test has its own: tests
# run in parallel)
made_user=
trap 'rm -rf "$area"; [ -z "$made_user" ] || userdel "$made_user" 2>/dev/null; t_cleanup' EXIT
chmod 777 "$area"   # SQLite makes the WAL index beside the database
cp "$SVDESK" "$area/svdesk"
cp demo.db "$area/ro.db"
sqlite3 "$area/ro.db" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
chmod 644 "$area/ro.db"
if [ "$(id -u)" = 0 ]; then
	user=svdesk-clerk-x
	id "$user" >/dev/null 2>&1 || { useradd --no-create-home --shell /usr/sbin/nologin "$user" &&
		made_user=$user; } ||
		id "$user" >/dev/null 2>&1 || { not_ok "useradd $user"; done_testing; }
	as_user() { setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups -- "$@"; }
	mkdir "$area/out"
	chown "$user" "$area/out"
else
	as_user() { "$@"; }
	mkdir "$area/out"
fi
chmod 755 "$area/out"
printf 'keep me\n' > "$area/out/locked.csv"
[ "$(id -u)" = 0 ] && chown "$user" "$area/out/locked.csv"
chmod 444 "$area/out/locked.csv"
run as_user sh -c "umask 022; HOME='$area/out' '$area/svdesk' export returns --db '$area/ro.db' -o '$area/out/new.csv'"
check "a person exports from a database they cannot write" rc_is 0
check "... a new file gets 0666 less the umask" [ "$(file_mode "$area/out/new.csv")" = 644 ]
check "... with every row" cmp -s "$area/out/new.csv" returns.csv
run as_user sh -c "HOME='$area/out' '$area/svdesk' export returns --db '$area/ro.db' -o '$area/out/locked.csv'"
check "a file the person may not write is not replaced: runtime (1)" rc_is 1
check "... saying why" err_has "locked.csv: cannot write: Permission denied"
check "... and it is as it was" [ "$(cat "$area/out/locked.csv")" = "keep me" ]

# ---- the byte-order mark setting ----------------------------------------------------------

printf '[export]\nbom = no\n' > nobom.ini
"$SVDESK" export measures --db demo.db --config nobom.ini -o m-nobom.csv
check "bom = no: a file without the mark" cmp -s m-nobom.csv measures-stdout.csv
printf '[export]\nbom = yes\n' > yesbom.ini
"$SVDESK" export measures --db demo.db --config yesbom.ini > m-yesbom.csv
check "bom = yes: standard output with the mark" cmp -s m-yesbom.csv measures.csv
printf '[export]\nbom = auto\n' > autobom.ini
"$SVDESK" export measures --db demo.db --config autobom.ini -o m-auto.csv
check "bom = auto: a file with the mark" cmp -s m-auto.csv measures.csv
printf '[export]\nbom = sometimes\n' > badbom.ini
run "$SVDESK" export measures --db demo.db --config badbom.ini
check "a bad bom value: configuration error (78)" rc_is 78
check "... with FILE:LINE and the choices" err_has "badbom.ini:2: [export] bom: unknown value \"sometimes\" (expected auto, yes or no)"

# ---- the formula guard ----------------------------------------------------------------------

# Put formula-like text into a copy of the database with the sqlite3 shell:
# the audit trigger (which needs svdesk's SQL functions) is set aside for the
# change and put back exactly as it was.
cp demo.db guard.db
trig=$(sql guard.db "SELECT sql FROM sqlite_schema WHERE name = 'contract_audit_update'")
# (and the search text's trigger, which calls svdesk's sv_fold)
fold=$(sql guard.db "SELECT sql FROM sqlite_schema WHERE name = 'contract_fold_update'")
sqlite3 guard.db "DROP TRIGGER contract_audit_update; DROP TRIGGER contract_fold_update;
	UPDATE contract SET title = '=HYPERLINK(\"http://evil\",\"click\")', manager = '@SUM(1+1)',
		award_report = '-2+3' WHERE ref = '$ref';
	$trig; $fold;" || exit 99
run "$SVDESK" export contracts --db guard.db
check "the guard: exit 0" rc_is 0
check "the guard: = gets a leading quote (and the cell its quotes)" \
	out_has "$ref,\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\","
check "the guard: @ and - get a leading quote" out_has ",'@SUM(1+1),active,'-2+3,"

# ---- supplier templates ------------------------------------------------------------------------

Q=2026/27-Q2
running="FROM commitment m JOIN contract c ON c.id = m.contract_id
	WHERE m.year = 2026 AND c.start_date <= '2026-09-30' AND c.end_date >= '2026-07-01'"
mkdir tpl
run "$SVDESK" export template --db demo.db --quarter "$Q" -o tpl
check "template: exit 0" rc_is 0
check "template: one file per supplier with a commitment running in the quarter" \
	[ "$(ls tpl | wc -l)" = "$(sql demo.db "SELECT count(DISTINCT c.supplier_id) $running")" ]
check "template: the names written are said on stderr" \
	[ "$(grep -c '^svdesk: wrote tpl/' err)" = "$(ls tpl | wc -l)" ]
check "template: every line of every running commitment" \
	[ "$(cat tpl/*.csv | grep -vc '^.*contract,quarter,measure')" = "$(sql demo.db "SELECT count(*) $running")" ]
check "template: safe file names" [ -z "$(ls tpl | grep -v '^[a-z0-9-]*\.csv$')" ]
one=$(sql demo.db "SELECT s.name FROM supplier s JOIN contract c ON c.supplier_id = s.id
	JOIN commitment m ON m.contract_id = c.id WHERE m.year = 2026 AND c.start_date <= '2026-09-30'
	AND c.end_date >= '2026-07-01' ORDER BY s.name LIMIT 1")
stem=$(echo "$one" | tr 'A-Z' 'a-z' | sed 's/[^a-z0-9]\{1,\}/-/g; s/^-//; s/-$//')
check "template: a supplier's file is named after it ($stem.csv)" [ -f "tpl/$stem.csv" ]
check "template: the header" \
	[ "$(first_line "tpl/$stem.csv")" = "contract,quarter,measure,title,unit,target,delivered,evidence" ]
check "template: a byte-order mark and CRLF" sh -c "head -c 3 'tpl/$stem.csv' | grep -q '$BOM' && [ \"\$(grep -c '$CR\$' 'tpl/$stem.csv')\" = \"\$(wc -l < 'tpl/$stem.csv')\" ]"
fref=$(sed -n 2p "tpl/$stem.csv" | cut -d, -f1)
fcode=$(sed -n 2p "tpl/$stem.csv" | cut -d, -f3)
target=$(sql demo.db "SELECT m.target FROM commitment m JOIN contract c ON c.id = m.contract_id
	JOIN measure x ON x.id = m.measure_id WHERE c.ref = '$fref' AND x.code = '$fcode' AND m.year = 2026")
tplain=$(awk -v t="$target" 'BEGIN { i = int(t / 100); f = t % 100; if (f == 0) print i; else if (f % 10 == 0) print i "." f / 10; else printf "%d.%02d\n", i, f }')
title=$(sql demo.db "SELECT title || ',' || unit FROM measure WHERE code = '$fcode'")
check "template: contract, quarter, measure, title, unit, the year's target, empty delivered and evidence" \
	grep -qF "$fref,$Q,$fcode,$title,$tplain,,$CR" "tpl/$stem.csv"
check "template: only that supplier's contracts" [ -z "$(tail -n +2 "tpl/$stem.csv" | cut -d, -f1 | sort -u | while read -r r; do
	[ "$(sql demo.db "SELECT s.name FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.ref = '$r'")" = "$one" ] || echo "$r"; done)" ]

# A link planted where a template goes is replaced, never followed.
mkdir tpl4
printf 'precious\n' > precious.txt
ln -s ../precious.txt "tpl4/$stem.csv"
run "$SVDESK" export template --db demo.db --quarter "$Q" -o tpl4
check "template over a planted link: exit 0" rc_is 0
check "... the file the link named is untouched" [ "$(cat precious.txt)" = precious ]
check "... the link is now the template" sh -c "[ ! -L 'tpl4/$stem.csv' ] && cmp -s 'tpl/$stem.csv' 'tpl4/$stem.csv'"

mkdir tpl1
shout=$(echo "$one" | tr 'a-z' 'A-Z' | sed 's/ /   /g')
run "$SVDESK" export template --db demo.db --quarter "$Q" --supplier "  $shout " -o tpl1
check "template --supplier: matched without case and runs of spaces" rc_is 0
check "template --supplier: that supplier's file alone" [ "$(ls tpl1)" = "$stem.csv" ]
check "template --supplier: the same file" cmp -s "tpl/$stem.csv" "tpl1/$stem.csv"
run "$SVDESK" export template --db demo.db --quarter "$Q" --supplier "No Such Supplier Ltd" -o tpl1
check "template --supplier with no match: rejected (3)" rc_is 3
check "... naming it" err_has "no supplier named 'No Such Supplier Ltd'"
run "$SVDESK" export template --db demo.db --quarter "$Q" -o nodir
check "template into a missing folder: runtime (1)" rc_is 1
check "... naming it and saying to create it" err_has "nodir: no such folder (create the folder first"
check "... and the folder is not made" [ ! -e nodir ]
run "$SVDESK" export template --db demo.db --quarter "$Q"
check "template without -o: usage (2)" rc_is 2
run "$SVDESK" export template --db demo.db -o tpl
check "template without --quarter: usage (2)" rc_is 2
run "$SVDESK" export template --db demo.db --quarter 2026/27 -o tpl
check "template with a bad quarter: usage (2)" rc_is 2
mkdir tpl2
run "$SVDESK" export template --db demo.db --quarter 2040/41-Q1 -o tpl2
check "template for a quarter with nothing running: exit 0" rc_is 0
check "... no file, and says so" sh -c '[ -z "$(ls tpl2)" ] && grep -q "no commitment is running in 2040/41 Q1" err'

# Unsafe and colliding supplier names.
cp demo.db names.db
trig=$(sql names.db "SELECT sql FROM sqlite_schema WHERE name = 'supplier_audit_update'")
ids=$(sql names.db "SELECT DISTINCT c.supplier_id $running ORDER BY 1 LIMIT 3" | tr '\n' ' ')
set -- $ids
id1=$1 id2=$2
fold=$(sql names.db "SELECT sql FROM sqlite_schema WHERE name = 'supplier_fold_update'")
sqlite3 names.db "DROP TRIGGER supplier_audit_update; DROP TRIGGER supplier_fold_update;
	UPDATE supplier SET name = '../../Évora Café' WHERE id = $1;
	UPDATE supplier SET name = 'evora cafe' WHERE id = $2;
	UPDATE supplier SET name = '/etc/passwd' WHERE id = $3;
	$trig; $fold;" || exit 99
mkdir tpl3
run "$SVDESK" export template --db names.db --quarter "$Q" -o tpl3
check "template with unsafe names: exit 0" rc_is 0
check "... folded and kept inside the folder; a name two suppliers share gets the supplier's id" \
	[ -f "tpl3/evora-cafe-$id1.csv" ]
check "... for each of them" [ -f "tpl3/evora-cafe-$id2.csv" ]
check "... slashes never reach the file name" [ -f tpl3/etc-passwd.csv ]
check "... nothing is written outside the folder" \
	sh -c '[ "$(ls tpl3 | wc -l)" = "$(ls tpl | wc -l)" ] && [ -z "$(find . -newer names.db -name "*.csv" ! -path "./tpl3/*")" ]'
mkdir tpl-one
run "$SVDESK" export template --db names.db --quarter "$Q" -o tpl-one --supplier 'EVORA  CAFE'
check "one supplier's run writes the file the whole run wrote for it (never another's name)" \
	sh -c "[ \"\$(ls tpl-one)\" = 'evora-cafe-$id2.csv' ] && cmp -s tpl-one/evora-cafe-$id2.csv tpl3/evora-cafe-$id2.csv"

# ---- the round trip ----------------------------------------------------

"$SVDESK" init --db fresh.db >/dev/null
for kind in measures contracts commitments returns; do
	"$SVDESK" import "$kind" "$kind.csv" --db fresh.db > "import-$kind.out" 2>&1
	echo $? > "import-$kind.rc"
done
for kind in measures contracts commitments returns; do
	check "round trip: import $kind into a fresh database" \
		[ "$(cat "import-$kind.rc")" = 0 ]
done
for kind in measures contracts commitments returns; do
	"$SVDESK" export "$kind" --db fresh.db -o "again-$kind.csv"
	check "round trip: $kind exported again are the same bytes" cmp -s "$kind.csv" "again-$kind.csv"
done
# a template filled in imports as that supplier's return: one line of a
# contract whose return is missing, the other lines left blank
cp demo.db filled.db
miss=$(sql demo.db "SELECT c.ref $running AND NOT EXISTS (SELECT 1 FROM commitment k
	JOIN return_line r ON r.commitment_id = k.id WHERE k.contract_id = c.id
	AND k.year = 2026 AND r.quarter = 2) ORDER BY c.ref LIMIT 1")
msup=$(sql demo.db "SELECT s.name FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.ref = '$miss'")
mkdir tplf
"$SVDESK" export template --db demo.db --quarter "$Q" --supplier "$msup" -o tplf 2>/dev/null
n=$(grep -n "^$miss," tplf/*.csv | head -n 1 | cut -d: -f1)
sed "${n}s/,,$CR\$/,1.5,timesheets$CR/" tplf/*.csv > filled.csv
before=$(sql filled.db "SELECT count(*) FROM return_line")
"$SVDESK" import returns filled.csv --db filled.db > import-filled.out 2>&1
echo $? > import-filled.rc

# guarded cells come back as they were
"$SVDESK" export contracts --db guard.db -o guard-contracts.csv
"$SVDESK" init --db fresh-guard.db >/dev/null
"$SVDESK" import contracts guard-contracts.csv --db fresh-guard.db > import-guard.out 2>&1
check "the formula guard is undone by import" [ "$(sql fresh-guard.db \
	"SELECT title || '|' || manager || '|' || award_report FROM contract WHERE ref = '$ref'" 2>/dev/null)" = \
	"$(sql guard.db "SELECT title || '|' || manager || '|' || award_report FROM contract WHERE ref = '$ref'")" ]
check "a filled-in template imports as a return" [ "$(cat import-filled.rc)" = 0 ]
check "... adding its one filled line (blank lines skipped)" \
	[ "$(sql filled.db 'SELECT count(*) FROM return_line' 2>/dev/null)" = "$((${before:-0} + 1))" ]

done_testing
