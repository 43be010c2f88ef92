#!/bin/sh
# The demo: deterministic, relative to today, never the real database.
. "$top_srcdir/tests/lib.sh"

export SVDESK_NOW=2026-11-27

# Every table but the audit log and meta, every column of every row, as SQL
# literals (so that NULL, '' and 0 differ) in rowid order.  The tables are
# found in the schema, so a new table is compared without a change here.
# Nothing that remains may come from the clock: the demo's decisions and
# highlights carry times of its own.
data_dump() {
	for t in $(sql "$1" "SELECT name FROM sqlite_schema WHERE type = 'table'
			AND name NOT IN ('audit', 'meta') AND name NOT LIKE 'sqlite_%'
			ORDER BY name"); do
		echo "== $t: $(sql "$1" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")"
		sqlite3 -readonly -batch -noheader -cmd '.mode quote' "$1" \
			"SELECT * FROM \"$t\" ORDER BY 1, 2"
	done
}

run "$SVDESK" demo --db d1.db
check "demo writes a database" rc_is 0
check "demo says what it wrote" out_has "60 contracts"
check "the default demo has 60 contracts" [ "$(sql d1.db 'SELECT count(*) FROM contract')" = 60 ]
check "the demo is marked as a demo" [ "$(sql d1.db "SELECT value FROM meta WHERE key = 'demo'")" = 1 ]
check "both bodies are present" \
	[ "$(sql d1.db 'SELECT count(DISTINCT body) FROM contract')" = 2 ]
check "commitments span three financial years" \
	[ "$(sql d1.db 'SELECT count(DISTINCT year) FROM commitment')" = 3 ]
check "the years end with the current one (2026/27)" \
	[ "$(sql d1.db 'SELECT max(year) FROM commitment')" = 2026 ]
check "return lines in every status" \
	[ "$(sql d1.db 'SELECT count(DISTINCT status) FROM return_line')" = 4 ]
check "policy exceptions: above £100,000 with a weighting under 10%" \
	[ "$(sql d1.db 'SELECT count(*) FROM contract WHERE value > 10000000 AND sv_weight < 100')" -ge 1 ]
check "highlights are recorded" [ "$(sql d1.db 'SELECT count(*) FROM highlight')" -ge 3 ]
check "no return line for a quarter that has not ended" \
	[ "$(sql d1.db 'SELECT count(*) FROM return_line r JOIN commitment c ON c.id = r.commitment_id WHERE c.year * 4 + r.quarter > 2026 * 4 + 2')" = 0 ]
check "the database is consistent" [ "$(sql d1.db 'PRAGMA integrity_check')" = ok ]
check "demo data is recorded in the audit log as the demo's" \
	[ "$(sql d1.db 'SELECT group_concat(DISTINCT origin) FROM audit')" = demo ]
check "... by the person who ran it" \
	[ "$(sql d1.db 'SELECT group_concat(DISTINCT who) FROM audit')" = "$(id -un)" ]

sleep 1   # so that anything taken from the clock would differ
run "$SVDESK" demo --db d2.db
check "a second demo with the same seed and today" rc_is 0
data_dump d1.db > d1.txt
data_dump d2.db > d2.txt
# (12 tables of records and 4 of the desk's totals and search text)
check "the comparison covers every data table" [ "$(grep -c '^== ' d1.txt)" = 16 ]
check "... with the highlights and their times" grep -q "^[0-9]*,2026,.*'2026-1[01]-[0-9]*T09:30:00Z',[0-9]*,[0-9]*$" d1.txt
check "same contracts, seed and SVDESK_NOW: same database" cmp -s d1.txt d2.txt

run "$SVDESK" demo --seed 2 --db d3.db
data_dump d3.db > d3.txt
check "another seed: other data" sh -c '! cmp -s d1.txt d3.txt'

SVDESK_NOW=2025-06-30 run "$SVDESK" demo --db d4.db
check "the demo follows today" \
	[ "$(sql d4.db 'SELECT max(year) FROM commitment')" = 2025 ]

run "$SVDESK" demo --contracts 7 --seed 99 --db small.db
check "--contracts N" [ "$(sql small.db 'SELECT count(*) FROM contract')" = 7 ]
run "$SVDESK" demo --contracts 0 --db none.db
check "--contracts 0 is an empty demo" [ "$(sql none.db 'SELECT count(*) FROM contract')" = 0 ]
run "$SVDESK" demo --contracts many --db bad.db
check "--contracts that is not a number: usage error" rc_is 2
check "... creating nothing" test ! -e bad.db
run "$SVDESK" demo --seed -1 --db bad.db
check "a negative seed: usage error" rc_is 2

run "$SVDESK" demo --db d1.db
check "demo refuses a database with data (1)" rc_is 1
check "... saying why" err_has "already holds data"
check "... and what to do: delete the file" err_has "rm d1.db"
check "... or write elsewhere with --db" err_has "with --db FILE"
check "... naming the file once" [ "$(grep -o 'd1.db' "$WORK/err" | wc -l)" = 2 ]
check "... and leaves it as it was" [ "$(sql d1.db 'SELECT count(*) FROM contract')" = 60 ]

# Never the real database, even when it is empty, however it is named.
real="$XDG_DATA_HOME/svdesk/svdesk.db"
run "$SVDESK" demo --db "$real"
check "demo refuses the default real database path (1)" rc_is 1
check "... saying why" err_has "real database"
check "... creating nothing" test ! -e "$real"
mkdir -p "$XDG_DATA_HOME/svdesk"
"$SVDESK" init --db "$real" >/dev/null
real_before=$(sqlite3 "$real" .dump | sha256sum)
run "$SVDESK" demo --contracts 3 --db "$real"
check "demo refuses the real database when it exists and is empty (1)" rc_is 1
check "... and leaves it empty" [ "$(sqlite3 "$real" .dump | sha256sum)" = "$real_before" ]
(cd "$XDG_DATA_HOME/svdesk" && "$SVDESK" demo --contracts 3 --db ./svdesk.db) >/dev/null 2>&1
check "... also when named by a relative path" [ "$(sqlite3 "$real" .dump | sha256sum)" = "$real_before" ]
ln -s "$real" link.db
run "$SVDESK" demo --contracts 3 --db link.db
check "... or through a link" rc_is 1
printf 'q\n' > q.keys
run "$SVDESK" --demo --db "$real" --keys q.keys --size 80x24
check "--demo refuses the real database too (1)" rc_is 1
check "... leaving it as it was" [ "$(sqlite3 "$real" .dump | sha256sum)" = "$real_before" ]
rm -f "$real"* link.db

run "$SVDESK" demo
check "demo with no --db" rc_is 0
check "... writes the demo database" test -f "$XDG_DATA_HOME/svdesk/demo.db"
check "... never the real one" test ! -e "$XDG_DATA_HOME/svdesk/svdesk.db"

# --demo: created when absent, reused when present, never the real database.
rm -f "$XDG_DATA_HOME/svdesk/demo.db"*
printf 'j j\n' > keys
SVDESK_DB="$WORK/real.db" run "$SVDESK" --demo --keys keys --size 100x30 --dump screen.txt
check "--demo opens the desk" rc_is 0
check "--demo creates the demo database" test -f "$XDG_DATA_HOME/svdesk/demo.db"
check "--demo records its data as the demo's" \
	[ "$(sql "$XDG_DATA_HOME/svdesk/demo.db" 'SELECT group_concat(DISTINCT origin) FROM audit')" = demo ]
check "... decisions included" \
	[ "$(sql "$XDG_DATA_HOME/svdesk/demo.db" 'SELECT group_concat(DISTINCT origin) FROM decision')" = demo ]
check "--demo ignores SVDESK_DB" test ! -e real.db
check "the title bar says DEMO" sh -c 'head -1 screen.txt | grep -q DEMO'
check "the title bar marks the proxy set illustrative (*)" sh -c 'head -1 screen.txt | grep -q "proxies: [^*]*\*"'
sqlite3 "$XDG_DATA_HOME/svdesk/demo.db" "SELECT count(*) FROM contract" > n1
run "$SVDESK" --demo --keys keys --size 100x30
check "--demo reuses the demo database" [ "$(sql "$XDG_DATA_HOME/svdesk/demo.db" 'SELECT count(*) FROM contract')" = "$(cat n1)" ]
"$SVDESK" init --db real.db >/dev/null
"$SVDESK" demo --contracts 0 --db real.db >/dev/null
sqlite3 real.db "DELETE FROM meta WHERE key = 'demo'"
empty_before=$(sqlite3 real.db .dump | sha256sum)
run "$SVDESK" --demo --db real.db --keys keys --size 100x30
check "--demo on an existing empty database opens it" rc_is 0
check "... as it is: no demo data goes into an existing file" \
	[ "$(sqlite3 real.db .dump | sha256sum)" = "$empty_before" ]
"$SVDESK" init --db empty-real.db >/dev/null
run "$SVDESK" --demo --db empty-real.db --keys keys --size 100x30
check "--demo on a freshly made database leaves it empty" \
	[ "$(sql empty-real.db 'SELECT count(*) FROM contract')" = 0 ]
run "$SVDESK" --demo --db new-demo.db --keys keys --size 100x30
check "--demo --db FILE creates demo data where the file is absent" \
	[ "$(sql new-demo.db 'SELECT count(*) FROM contract')" = 60 ]
run "$SVDESK" demo --contracts 2 --db real2.db
sqlite3 real2.db "DELETE FROM meta WHERE key = 'demo'"
run "$SVDESK" --demo --db real2.db --keys keys --size 100x30
check "--demo refuses a real database with data (1)" rc_is 1
check "... saying so" err_has "not a demo database"

done_testing
