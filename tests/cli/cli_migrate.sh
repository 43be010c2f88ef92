#!/bin/sh
# Migration of a version-2 demo database made by the svdesk before the
# chained audit log (tests/data/v1-demo.db) through version 3 to the
# current version, and of a version-3 demo database made before the order
# of highlights (tests/data/v3-demo.db); both copied: the files in the
# source tree are never changed.
. "$top_srcdir/tests/lib.sh"

SRC="$top_srcdir/tests/data/v1-demo.db"
# the schema version this svdesk writes
SCHEMA=$("$SVDESK" --version | sed -n 's/.*database schema version \([0-9]*\).*/\1/p')
TABLES="theme outcome measure proxy_set proxy_value supplier contract commitment return_line decision highlight questionnaire_answer meta"

# dump DB COLUMNS-FROM: every data table's columns as version 2 had them
# (read from COLUMNS-FROM), rows in rowid order, values quoted.
dump() {
	for t in $TABLES; do
		cols=$(sql "$2" "SELECT group_concat(name, ', ') FROM pragma_table_info('$t')")
		echo "== $t: $cols"
		sqlite3 -readonly -batch -noheader -cmd '.mode quote' "$1" \
			"SELECT $cols FROM $t ORDER BY rowid"
	done
}

cp "$SRC" v2.db && chmod u+w v2.db
check "the fixture is a version-2 database" [ "$(sql v2.db 'PRAGMA user_version')" = 2 ]
dump v2.db v2.db > before.txt
check "... with data in it" [ "$(sql v2.db 'SELECT count(*) FROM return_line')" -gt 100 ]
OLD_ENTRIES=$(sql v2.db 'SELECT count(*) FROM audit')

run "$SVDESK" init --db v2.db
check "init migrates it" rc_is 0
check "... and says so" out_has "version 2"
check "it is now at schema version $SCHEMA" [ "$(sql v2.db 'PRAGMA user_version')" = "$SCHEMA" ]
dump v2.db "$SRC" > after.txt
check "its data is unchanged (every business column of every table)" cmp -s before.txt after.txt
check "the old entries are kept, and the baseline and the entries of versions 4 and 6 follow them" \
	[ "$(sql v2.db "SELECT count(*) || ',' || max(id) || ',' || (SELECT group_concat(json_extract(after, '\$.kind') || coalesce(json_extract(after, '\$.version'), '')) FROM (SELECT after FROM audit WHERE id > $OLD_ENTRIES ORDER BY id)) FROM audit")" = "$((OLD_ENTRIES + 3)),$((OLD_ENTRIES + 3)),baseline,schema4,schema6" ]
check "every row carries the baseline's id" \
	[ "$(sql v2.db "SELECT count(*) FROM return_line WHERE import_id IS NOT $((OLD_ENTRIES + 1))")" = 0 ]
check "every entry is sealed" [ "$(sql v2.db 'SELECT count(*) FROM audit WHERE hash IS NULL')" = 0 ]
check "the decisions carried over have no line version" \
	[ "$(sql v2.db 'SELECT count(*) FROM decision WHERE line_version IS NOT NULL')" = 0 ]
check "the per-row quarter trigger is gone" \
	[ "$(sql v2.db "SELECT count(*) FROM sqlite_schema WHERE name IN ('return_line_quarter_insert', 'return_line_status', 'audit_at')")" = 0 ]

run "$SVDESK" check integrity audit --db v2.db
check "svdesk check of the migrated database is clean" rc_is 0
check "... and prints its head" out_has "audit head $((OLD_ENTRIES + 3)):"
check "the highlights are numbered by id within their year" \
	[ "$(sql v2.db "SELECT count(*) FROM highlight h WHERE position IS NOT (SELECT count(*) FROM highlight g WHERE g.year = h.year AND g.id <= h.id)")" = 0 ]
run "$SVDESK" check audit --db v2.db
check "check audit alone: clean" rc_is 0

run "$SVDESK" init --db v2.db
check "a second init changes nothing" rc_is 0
dump v2.db "$SRC" > again.txt
check "... byte for byte" cmp -s before.txt again.txt

# ---- a version-2 database whose trigger was dropped: not migrated ---------------
cp "$SRC" bad.db && chmod u+w bad.db
sqlite3 bad.db "DROP TRIGGER contract_audit_update;"
cp bad.db bad-copy.db
run "$SVDESK" check audit --db bad.db
check "a dropped trigger: the check finds it (3)" rc_is 3
check "... naming it" out_has "svdesk: audit: the trigger contract_audit_update is missing"
check "... the database opens READ-ONLY with the reason" \
	err_has "opened READ-ONLY: the trigger contract_audit_update is missing"
check "... and nothing was migrated" [ "$(sql bad.db 'PRAGMA user_version')" = 2 ]
check "... the file is as it was" cmp -s bad.db bad-copy.db
run "$SVDESK" init --db bad.db
check "init does not migrate it either (1)" rc_is 1
check "... saying why" err_has "not upgraded to schema version $SCHEMA: the trigger contract_audit_update is missing"
check "... and it is still at version 2" [ "$(sql bad.db 'PRAGMA user_version')" = 2 ]

# ---- a version-2 database whose row was changed behind its log -------------------
cp "$SRC" forged.db && chmod u+w forged.db
trig=$(sql forged.db "SELECT sql FROM sqlite_schema WHERE name = 'contract_audit_update'")
sqlite3 forged.db "DROP TRIGGER contract_audit_update;
	UPDATE contract SET value = 1 WHERE id = 1;
	$trig;" || exit 99
cp forged.db forged-copy.db
run "$SVDESK" check audit --db forged.db
check "a row changed with its trigger dropped and put back: the check finds it (3)" rc_is 3
check "... naming the row" out_has "the contract with id 1 is not what its audit log says"
check "... the database opens READ-ONLY, not upgraded (the baseline would hide it)" \
	err_has "opened READ-ONLY: the contract with id 1 is not what its audit log says"
check "... still at version 2, the file as it was" \
	sh -c "[ \"\$(sqlite3 forged.db 'PRAGMA user_version')\" = 2 ] && cmp -s forged.db forged-copy.db"
cp "$SRC" gone.db && chmod u+w gone.db
sqlite3 gone.db "DROP TRIGGER supplier_audit_delete; PRAGMA foreign_keys = OFF;
	DELETE FROM supplier WHERE id = (SELECT max(id) FROM supplier);" || exit 99
run "$SVDESK" check audit --db gone.db
check "a row deleted behind its log is found too" out_has "is gone but its audit log does not say it was deleted"

# ---- a version-3 database (a demo, before the order of highlights) -------------------
V3="$top_srcdir/tests/data/v3-demo.db"
cp "$V3" v3.db && chmod u+w v3.db
check "the fixture is a version-3 database" [ "$(sql v3.db 'PRAGMA user_version')" = 3 ]
check "... with highlights in several years" \
	[ "$(sql v3.db 'SELECT count(DISTINCT year) FROM highlight')" -gt 1 ]
dump v3.db v3.db > v3-before.txt
V3_ENTRIES=$(sql v3.db 'SELECT count(*) FROM audit')
run "$SVDESK" init --db v3.db
check "init migrates the version-3 database" rc_is 0
check "... and says so" out_has "version 3"
check "it is now at schema version $SCHEMA" [ "$(sql v3.db 'PRAGMA user_version')" = "$SCHEMA" ]
dump v3.db "$V3" > v3-after.txt
check "its data is unchanged" cmp -s v3-before.txt v3-after.txt
check "the highlights are numbered 1.. by id within each year" \
	[ "$(sql v3.db "SELECT count(*) FROM highlight h WHERE position IS NOT (SELECT count(*) FROM highlight g WHERE g.year = h.year AND g.id <= h.id)")" = 0 ]
check "the rows keep the id of the import that added them" \
	[ "$(sql v3.db 'SELECT count(*) FROM highlight WHERE import_id IS NULL')" = 0 ]
check "one entry marks version 4, with the digest of the positions" \
	[ "$(sql v3.db "SELECT count(*) || ',' || (SELECT json_extract(after, '\$.kind') || json_extract(after, '\$.version') || ',' || length(json_extract(after, '\$.added.highlight')) FROM audit WHERE id = $((V3_ENTRIES + 1))) FROM audit")" = "$((V3_ENTRIES + 2)),schema4,64" ]
check "one entry marks version 6, with the digest of the decisions' undoes (all empty)" \
	[ "$(sql v3.db "SELECT json_extract(after, '\$.kind') || json_extract(after, '\$.version') || ',' || json_extract(after, '\$.row_count') || ',' || length(json_extract(after, '\$.added.decision')) FROM audit ORDER BY id DESC LIMIT 1")" = "schema6,$(sql v3.db 'SELECT count(*) FROM decision'),64" ]
check "... and no decision undoes another" [ "$(sql v3.db 'SELECT count(*) FROM decision WHERE undoes IS NOT NULL')" = 0 ]
run "$SVDESK" check integrity audit --db v3.db
check "svdesk check of the upgraded database is clean" rc_is 0
check "... and prints its head" out_has "audit head $((V3_ENTRIES + 2)):"

# a position changed outside svdesk (its trigger dropped and put back)
cp v3.db v3-forged.db
trig=$(sql v3-forged.db "SELECT sql FROM sqlite_schema WHERE name = 'highlight_audit_update'")
sqlite3 v3-forged.db "DROP TRIGGER highlight_audit_update;
	UPDATE highlight SET position = 3 - position WHERE year = (SELECT year FROM highlight
		GROUP BY year HAVING count(*) = 2 LIMIT 1);
	$trig;" || exit 99
run "$SVDESK" check audit --db v3-forged.db
check "a swap of positions behind the log: the check finds it (3)" rc_is 3
check "... against the digest of version 4's entry" out_has "(schema version 4): the highlight rows that existed then"

done_testing
