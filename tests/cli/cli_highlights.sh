#!/bin/sh
# export highlights and import highlights: the columns, the order of a
# year, a second import that changes nothing, bad files rejected whole with
# FILE:LINE:COLUMN and nothing written, a dry run, the formula guard and
# the byte-order mark, a round trip into another database; svdesk check
# clean after every change.
. "$top_srcdir/tests/lib.sh"

dump() { sqlite3 -readonly -batch "$1" .dump; }
clean() {
	run "$SVDESK" check integrity audit --db "$1"
}

"$SVDESK" init --db sv.db >/dev/null || exit 99
cat > contracts.csv <<'CSV'
ref,title,supplier,body,value,start,end,sv_weight
C-1,Cleaning,Acme Ltd,WMP,1200000,2025-04-01,2027-03-31,12.5
C-2,Catering,Brook Foods Ltd,OPCC,50000,2025-04-01,2026-03-31,10
CSV
"$SVDESK" import contracts contracts.csv --db sv.db >/dev/null || exit 99

# ---- import -----------------------------------------------------------------------
cat > h.csv <<'CSV'
year,contract,body,text,created_by,created_at
2025/26,C-1,WMP,Twelve apprentices started,Ann Smith,2026-03-31T09:30:00Z
2025/26,,OPCC,"A year of firsts, with 23 suppliers",Ann Smith,2026-03-31T10:30:00Z
2026/27,C-2,,Local food from local farms,Bob Jones,2026-12-01T09:30:00Z
2025/26,,,'=Formula-looking text,Ann Smith,2026-03-31T11:30:00Z
CSV
entries0=$(sql sv.db 'SELECT count(*) FROM audit')
run "$SVDESK" import highlights h.csv --db sv.db
check "import highlights (0)" rc_is 0
check "... the summary" out_has "highlights: 4 added, 0 changed, 0 unchanged"
check "... nothing on stderr" err_empty
check "the order of a year is the file's" \
	[ "$(sql sv.db "SELECT group_concat(text || '@' || position, '|') FROM (SELECT * FROM highlight WHERE year = 2025 ORDER BY position)")" = "Twelve apprentices started@1|A year of firsts, with 23 suppliers@2|=Formula-looking text@3" ]
check "a contract's highlight takes its body" \
	[ "$(sql sv.db "SELECT body FROM highlight WHERE text LIKE 'Local food%'")" = OPCC ]
check "created_by and created_at as the file gives them" \
	[ "$(sql sv.db "SELECT created_by || ' ' || created_at FROM highlight WHERE position = 1 AND year = 2026")" = "Bob Jones 2026-12-01T09:30:00Z" ]
check "one audit entry for the import" \
	[ "$(sql sv.db "SELECT count(*) || ' ' || max(json_extract(after, '\$.kind')) FROM audit WHERE id > $entries0")" = "1 highlights" ]
clean sv.db
check "svdesk check is clean after the import" rc_is 0

cp sv.db once.db
run "$SVDESK" import highlights h.csv --db sv.db
check "the same file again (0)" rc_is 0
check "... changes nothing" out_has "highlights: 0 added, 0 changed, 4 unchanged"
check "... and writes no entry" [ "$(sql sv.db 'SELECT count(*) FROM audit')" = "$((entries0 + 1))" ]
check "... the database dump is as it was" sh -c "[ \"\$(sqlite3 -readonly sv.db .dump)\" = \"\$(sqlite3 -readonly once.db .dump)\" ]"

# a new one goes at the end of its year; created_by and created_at optional
printf '\357\273\277year,text\n2025/26,Later news\n2026/27,More later news\n' > more.csv
run "$SVDESK" import highlights more.csv --db sv.db
check "a file with a byte-order mark and only year and text (0)" rc_is 0
check "... 2 added" out_has "highlights: 2 added, 0 changed, 0 unchanged"
check "... at the end of their years" \
	[ "$(sql sv.db "SELECT group_concat(year || ':' || position, ' ') FROM highlight WHERE text LIKE '%ater news'")" = "2025:4 2026:2" ]
check "... by the person who imported, now" \
	[ "$(sql sv.db "SELECT count(*) FROM highlight WHERE text = 'Later news' AND created_by = '$(id -un)' AND created_at LIKE '20%Z'")" = 1 ]
clean sv.db
check "svdesk check is clean" rc_is 0

# the body of one that names no contract follows the file
printf 'year,body,text\n2025/26,WMP,Later news\n' > body.csv
run "$SVDESK" import highlights body.csv --db sv.db
check "a new body for a highlight without a contract (0)" rc_is 0
check "... 1 changed" out_has "highlights: 0 added, 1 changed, 0 unchanged"
check "... stored, in its place" \
	[ "$(sql sv.db "SELECT body || ' ' || position FROM highlight WHERE text = 'Later news'")" = "WMP 4" ]
check "... with an update entry" \
	[ "$(sql sv.db "SELECT count(*) FROM audit WHERE entity = 'highlight' AND action = 'update' AND after = '{\"body\":\"WMP\"}'")" = 1 ]
clean sv.db
check "svdesk check is clean" rc_is 0
printf 'year,body,text\n2025/26,,Later news\n' > body.csv
"$SVDESK" import highlights body.csv --db sv.db >/dev/null || exit 99

# ---- export -------------------------------------------------------------------------
run "$SVDESK" export highlights --db sv.db
check "export highlights (0)" rc_is 0
check "... the header" out_has "year,contract,body,text,created_by,created_at"
check "... by year, in order, quoted where needed" \
	[ "$(sed -n 2,4p "$WORK/out" | tr -d '\r' | tr '\n' '|')" = "2025/26,C-1,WMP,Twelve apprentices started,Ann Smith,2026-03-31T09:30:00Z|2025/26,,OPCC,\"A year of firsts, with 23 suppliers\",Ann Smith,2026-03-31T10:30:00Z|2025/26,,,'=Formula-looking text,Ann Smith,2026-03-31T11:30:00Z|" ]
check "... the formula guard on a text that starts like one" out_has ",'=Formula-looking text,"
check "... every highlight" [ "$(wc -l < "$WORK/out")" = 7 ]
cp "$WORK/out" all.csv
run "$SVDESK" export highlights --year 2026/27 --db sv.db
check "export highlights --year" out_has "2026/27,C-2,OPCC,Local food from local farms,Bob Jones,2026-12-01T09:30:00Z"
check "... that year only" [ "$(wc -l < "$WORK/out")" = 3 ]
run "$SVDESK" export highlights --quarter 2025/26-Q1 --db sv.db
check "export highlights --quarter is refused (2)" rc_is 2
check "... saying it takes --year" err_has "export highlights takes --year"

# ---- round trip ------------------------------------------------------------------------
"$SVDESK" init --db two.db >/dev/null || exit 99
"$SVDESK" import contracts contracts.csv --db two.db >/dev/null || exit 99
run "$SVDESK" import highlights all.csv --db two.db
check "the export imports into another database (0)" rc_is 0
check "... 6 added" out_has "highlights: 6 added"
run "$SVDESK" export highlights --db two.db
check "... and exports the same bytes" cmp -s "$WORK/out" all.csv
clean two.db
check "... svdesk check clean there" rc_is 0

# ---- dry run ----------------------------------------------------------------------------
printf 'year,text\n2025/26,Dry news\n' > dry.csv
cp sv.db before.db
run "$SVDESK" import highlights dry.csv --dry-run --db sv.db
check "a dry run (0)" rc_is 0
check "... says what it would do" out_has "highlights: 1 added, 0 changed, 0 unchanged (dry run: nothing written)"
check "... and writes nothing" cmp -s sv.db before.db

# ---- bad files: rejected whole ---------------------------------------------------------------
cat > bad.csv <<'CSV'
year,contract,body,text,created_by,created_at
2025/26,,,Fine,Ann Smith,2026-03-31T09:30:00Z
2025-26,,,A year of another form,Ann,
2025/26,C-9,,No such contract,Ann,
2025/26,C-1,OPCC,Body against the contract,Ann,
2025/26,,XYZ,Not a body,Ann,
2025/26,,,,Ann,
2025/26,,,"Bell	ok but ctl",Ann,2026-13-01T00:00:00Z
2025/26,,,Fine,Ann,
CSV
printf '2025/26,,,Control \001 here,Ann,\n' >> bad.csv
dump sv.db > before.sql
cp sv.db before.db
run "$SVDESK" import highlights bad.csv --db sv.db
check "a bad file is rejected (3)" rc_is 3
check "a year of another form" err_has 'bad.csv:3:1: year: "2025-26" is not a financial year'
check "a contract that does not exist" err_has 'bad.csv:4:9: contract: no contract with ref "C-9"'
check "a body against the contract's" err_has "bad.csv:5:13: body: OPCC, but contract C-1 is WMP's"
check "not a body" err_has 'bad.csv:6:10: body: "XYZ" is not a body'
check "an empty text" err_has "bad.csv:7:11: text: empty (a value is required)"
check "a time that is not one" err_has 'bad.csv:8:33: created_at: "2026-13-01T00:00:00Z" is not a UTC time'
check "the same highlight twice" err_has "bad.csv:9:11: text: this highlight of 2025/26 is on line 2 already"
check "a control character, the importer's words" \
	err_has "bad.csv:10:11: text: control character U+0001 in the text (only tab is allowed)"
check "... all of them, and the count" err_has "svdesk: bad.csv rejected: 8 problems found; nothing was written"
check "... nothing on stdout" out_empty
dump sv.db > after.sql
check "... the database dump is unchanged" cmp -s before.sql after.sql
check "... the file too" cmp -s sv.db before.db
run "$SVDESK" import highlights bad.csv --dry-run --db sv.db
check "a dry run reports the same (3)" rc_is 3
check "... the same faults" err_has "bad.csv rejected: 8 problems found"

printf 'year,contract\n2025/26,C-1\n' > nohead.csv
run "$SVDESK" import highlights nohead.csv --db sv.db
check "a file without the text column (3)" rc_is 3
check "... says so in the header" err_has "nohead.csv:1:"
check "... naming text" err_has "text"
printf 'year,text\n2025/26,Joined \357\273\277 files\n' > bom.csv
run "$SVDESK" import highlights bom.csv --db sv.db
check "a byte-order mark inside (3)" rc_is 3
check "... at its line" err_has "bom.csv:2:"
check "... the importer's message" err_has "byte-order mark"
check "nothing was written by any of them" cmp -s sv.db before.db
clean sv.db
check "svdesk check still clean" rc_is 0

done_testing
