#!/bin/sh
# svdesk check: integrity and the audit log; tampering through the sqlite3
# shell is found; a chain head printed earlier is confirmed by --audit-head
# while the log grows, and refused once an earlier entry is altered.
. "$top_srcdir/tests/lib.sh"

GROW="$top_builddir/tests/cli/audit_grow"

run "$SVDESK" demo --contracts 5 --db d.db
check "a demo database to check" rc_is 0

run "$SVDESK" check integrity audit --db d.db
check "a clean database: exit 0" rc_is 0
check "... and it prints the chain head N:HASH (64 hex digits)" \
	grep -Eq '^audit head [0-9]+:[0-9a-f]{64}$' "$WORK/out"
HEAD=$(sed -n 's/^audit head //p' "$WORK/out")
check "... the head counts the entries" \
	[ "${HEAD%%:*}" = "$(sql d.db 'SELECT count(*) FROM audit')" ]
run "$SVDESK" check audit --db d.db
check "check audit: exit 0" rc_is 0
run "$SVDESK" check integrity --db d.db
check "check integrity alone: exit 0" rc_is 0
check "... and says nothing of the audit log" out_empty
run "$SVDESK" check policy --db d.db
check "policy: the demo's policy exceptions are found (3)" rc_is 3
check "... one line each, as many as an independent count" \
	[ "$(grep -c '^svdesk: policy: contract .* (a policy exception)$' "$WORK/out")" = \
	  "$(sql d.db 'SELECT count(*) FROM contract WHERE value > 10000000 AND sv_weight < 100')" ]
check "... and nothing of the other parts" sh -c "! grep -q -e '^svdesk: audit' -e '^audit head' '$WORK/out'"
printf '[policy]\nthreshold = 100000000\n' > high.ini
run "$SVDESK" check policy --db d.db --config high.ini
check "a threshold above every contract: no policy exception" out_has "svdesk: policy: policy exceptions: 0"
check "... and no line of one" sh -c "! grep -q '(a policy exception)' '$WORK/out'"
run "$SVDESK" check --db d.db
check "no part named: every part runs (the policy findings make it 3)" rc_is 3
check "... the audit part too (the head)" grep -q '^audit head ' "$WORK/out"
run "$SVDESK" check audits --db d.db
check "an unknown part is a usage error" rc_is 2
check "... naming it" err_has "unknown part 'audits'"
run "$SVDESK" check --audit-head "${HEAD%??}" --db d.db
check "a head cut short is a usage error" rc_is 2
check "... saying what a head is" err_has "64 hex digits"
run "$SVDESK" check --db nowhere.db
check "a missing database: exit 1" rc_is 1
printf 'not a database at all, just text\n' > junk.db
run "$SVDESK" check --db junk.db
check "a file that is no database: exit 1" rc_is 1

# ---- the head, while the log grows ---------------------------------------
run "$SVDESK" check --audit-head "$HEAD" --db d.db
check "--audit-head of today's head: exit 0" rc_is 0
check "... saying so" out_has "still begins with $HEAD"
check "... and no head of its own (the log itself was not checked)" sh -c "! grep -q '^audit head' '$WORK/out'"
check "check > /dev/full: exit 1, the findings could not be written" \
	sh -c "'$SVDESK' check audit --db d.db >/dev/full 2>'$WORK/err'; [ \$? = 1 ] && grep -q 'standard output' '$WORK/err'"
run "$GROW" d.db G-1
check "the log grows (a contract added through svdesk)" rc_is 0
run "$GROW" d.db G-2
run "$SVDESK" check audit --audit-head "$HEAD" --db d.db
check "the earlier head is confirmed while the log grows" rc_is 0
check "... and the log is still clean, with a new head" \
	sh -c "! grep -q '^audit head $HEAD\$' '$WORK/out' && grep -q '^audit head ' '$WORK/out'"
UPPER=$(printf '%s' "$HEAD" | tr a-f A-F)
run "$SVDESK" check --audit-head "$UPPER" --db d.db
check "hex digits in capitals are the same head" rc_is 0
run "$SVDESK" check --audit-head "1:${HEAD#*:}" --db d.db
check "a head with another entry number is refused (3)" rc_is 3
check "... saying why" out_has "does not begin with 1:"

# ---- tampering through the sqlite3 shell ------------------------------------
# putback NAME: the SQL that recreates one of d.db's triggers as it was.
putback() {
	sql d.db "SELECT sql || ';' FROM sqlite_schema WHERE name = '$1'"
}
# tamper NAME SQL: a copy of d.db changed by the sqlite3 shell, checked.
tamper() {
	rm -f "$1.db" "$1.db-wal" "$1.db-shm"
	cp d.db "$1.db"
	if ! sqlite3 -batch "$1.db" "$2" >/dev/null 2>sqlite.err; then
		not_ok "tampering ($1) through the sqlite3 shell" "$(cat sqlite.err)"
	fi
	run "$SVDESK" check audit --db "$1.db"
}

tamper dropped "DROP TRIGGER contract_audit_update;"
check "a dropped trigger: exit 3" rc_is 3
check "... naming the trigger" out_has "svdesk: audit: the trigger contract_audit_update is missing"
check "... and the database opens READ-ONLY, saying why" \
	err_has "opened READ-ONLY: the trigger contract_audit_update is missing"

tamper altered "DROP TRIGGER audit_no_delete; CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT 1; END;"
check "an altered trigger: exit 3" rc_is 3
check "... naming it" out_has "the trigger audit_no_delete has been altered"

tamper edited "DROP TRIGGER audit_no_update; UPDATE audit SET who = 'mallory' WHERE id = 2; $(putback audit_no_update)"
check "an edited entry: exit 3" rc_is 3
check "... naming the entry" out_has "svdesk: audit: entry 2 does not match its hash"
run "$SVDESK" check --audit-head "$HEAD" --db edited.db
check "the earlier head is refused once an earlier entry is altered" rc_is 3
check "... saying why" out_has "does not begin with $HEAD"

tamper deleted "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 2; $(putback audit_no_delete)"
check "a deleted entry: exit 3" rc_is 3
check "... naming the entry" out_has "entry 2 is missing"

N=$(( $(sql d.db 'SELECT max(id) FROM audit') + 1 ))
tamper forged "INSERT INTO audit (at, who, origin, entity, entity_id, action, before, after) VALUES ('2026-01-01T00:00:00Z', 'mallory', 'desk', 'contract', 1, 'update', '{\"value\":1}', '{\"value\":2}');"
check "a forged entry: exit 3" rc_is 3
check "... naming the entry" out_has "entry $N is not sealed"
check "... and the row it claims to have changed" out_has "contract 1: value is"

tamper forged2 "INSERT INTO audit (at, who, origin, entity, entity_id, action, before, after, hash) VALUES ('2026-01-01T00:00:00Z', 'mallory', 'desk', 'supplier', 1, 'update', '{\"name\":\"a\"}', '{\"name\":\"b\"}', randomblob(32));"
check "a forged entry with a made-up hash: exit 3" rc_is 3
check "... naming the entry" out_has "entry $N does not match its hash"

tamper row "DROP TRIGGER contract_audit_update; UPDATE contract SET value = value + 100 WHERE ref = 'G-1'; $(putback contract_audit_update)"
check "a row changed with its audit trigger dropped and put back: exit 3" rc_is 3
check "... naming the table, the row and the entry" out_has "svdesk: audit: contract $(sql d.db "SELECT id FROM contract WHERE ref = 'G-1'"): value is"
check "... the triggers are as they were" sh -c "! grep -q trigger '$WORK/out'"

# (the year totals' trigger calls svdesk's SQL functions: dropped and put back too)
tamper demorow "DROP TRIGGER return_line_audit_update; DROP TRIGGER return_line_year_total_update; UPDATE return_line SET delivered = delivered + 1, version = version + 1 WHERE id = 1; $(putback return_line_audit_update) $(putback return_line_year_total_update)"
check "a row the demo added, changed: exit 3" rc_is 3
check "... naming the table and the demo's entry" out_has "the return_line rows that carry its id"

tamper measure "DROP TRIGGER measure_audit_update; UPDATE measure SET title = 'Anything' WHERE code = 'NT1'; $(putback measure_audit_update)"
check "a measure changed: exit 3" rc_is 3
check "... naming the measures and the baseline entry" out_has "entry 1 (baseline): the measure rows"

tamper proxy "DROP TRIGGER proxy_value_no_update; DROP TRIGGER proxy_value_audit_update; UPDATE proxy_value SET proxy = proxy + 1 WHERE proxy IS NOT NULL AND rowid = (SELECT min(rowid) FROM proxy_value WHERE proxy IS NOT NULL); $(putback proxy_value_no_update) $(putback proxy_value_audit_update)"
check "a proxy value changed: exit 3" rc_is 3
check "... naming the proxy values" out_has "the proxy_value rows"

tamper removed "PRAGMA foreign_keys = OFF; DROP TRIGGER supplier_audit_delete; DELETE FROM supplier WHERE name = 'Grow Ltd'; $(putback supplier_audit_delete)"
check "a row removed: exit 3" rc_is 3
check "... naming it" out_has "svdesk: audit: supplier $(sql d.db "SELECT id FROM supplier WHERE name = 'Grow Ltd'") is missing"

run "$SVDESK" check integrity --db removed.db
check "check integrity finds the rows that lost their supplier" rc_is 3
check "... naming them" out_has "svdesk: integrity: contract row"

# the original is untouched by all this
run "$SVDESK" check integrity audit --db d.db
check "the original database is still clean" rc_is 0

done_testing
