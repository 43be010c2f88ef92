# hostile_db.sh: part of tests/hard/hostile.sh (sourced): a database
# written by another tool (the sqlite3 shell, bypassing the importer) holds
# every payload, controls included, in every text column that reaches a
# screen or a report.  The value of row ID of a column is the column's tag,
# the payload number ((ID - 1) mod 19 + 1) and a colon, then the payload:
# TI07: is the title of contract 7 (and of 26, 45 ...).

"$SVDESK" demo --contracts "$HOSTILE_CONTRACTS" --db hdb.db >/dev/null 2>&1 || exit 99

# tamper.sql: the payloads as blobs (a shell cannot pass every byte through
# an SQL literal), every trigger saved and dropped (the audit triggers call
# svdesk's own SQL functions, which the sqlite3 shell does not have; the
# history tables refuse changes), the changes, the triggers put back.
{
	echo "CREATE TEMP TABLE hp (n INTEGER PRIMARY KEY, p TEXT NOT NULL);"
	for p in $HOSTILE_ALL; do
		# a column holds at most 4,000 characters: the long payload is cut
		# to 3,900 there (its 10,000 characters go through the importer,
		# the configuration and file names)
		printf 'INSERT INTO hp VALUES (%d, substr(CAST(X%s%s%s AS TEXT), 1, 3900));\n' \
			"${p#0}" "'" "$(payload $p db | hexof)" "'"
	done
} > tamper.sql
# V TAG ROWID [MAX]: the SQL of a tampered value (cut to MAX characters)
V() {
	printf "substr('x%s' || printf('%%02d', (%s - 1) %% 19 + 1) || ':' || (SELECT p FROM hp WHERE n = (%s - 1) %% 19 + 1) || ' end', 1, %s)" \
		"$1" "$2" "$2" "${3:-3990}"
}
sqlite3 hdb.db "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger'" > triggers.sql || exit 99
n_triggers=$(sqlite3 hdb.db "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
sqlite3 hdb.db "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger'" >> tamper.sql
cat >> tamper.sql <<EOF
UPDATE contract SET title = $(V TI id), manager = $(V MG id), award_report = $(V AW id),
	living_wage = 'yes', living_wage_note = $(V LW id),
	modern_slavery = 'no', modern_slavery_note = $(V MS id);
UPDATE contract SET ref = CAST(substr(CAST($(V RF id 40) AS BLOB), 1, 50) AS TEXT) || '#' || id
	WHERE id % 3 = 0;
UPDATE supplier SET name = $(V SU id) || ' #' || id;
UPDATE measure SET title = $(V ME id);
UPDATE outcome SET text = $(V OU id);
UPDATE theme SET title = $(V TH id);
UPDATE proxy_set SET name = $(V PS id) || ' #' || id;
UPDATE commitment SET note = $(V CN id);
UPDATE return_line SET evidence = $(V EV id);
UPDATE return_line SET reason = $(V RS id), validated_by = $(V VB id 190) WHERE status <> 'submitted';
UPDATE decision SET reason = $(V DR id), decided_by = $(V DB id 190) WHERE reason IS NOT NULL;
UPDATE highlight SET text = $(V HL id), created_by = $(V HB id 190);
INSERT INTO questionnaire_answer (contract_id, topic, answer, recorded_by, recorded_at, import_id)
	SELECT id, 'prison_leavers', $(V AN id), $(V AB id 190), '2026-10-01T09:00:00Z', NULL
	FROM contract WHERE body = 'OPCC';
INSERT INTO audit (at, who, origin, entity, entity_id, action, before, after)
	SELECT '2026-11-20T10:00:00Z', $(V AU id 190), 'desk', 'contract', id, 'update',
		json_object('title', $(V AO id)), json_object('title', $(V AT id))
	FROM contract;
EOF
cat triggers.sql >> tamper.sql
sqlite3 -batch hdb.db < tamper.sql > tamper.out 2>&1
check "the database is tampered with by the sqlite3 shell" [ ! -s tamper.out ]
[ -s tamper.out ] && sed 's/^/#   /' tamper.out | head -5
check "... every trigger is back" [ "$(sqlite3 hdb.db "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" = "$n_triggers" ]
check "... a control character is stored" [ "$(sqlite3 hdb.db "SELECT count(*) FROM contract WHERE instr(title, char(27)) > 0")" -gt 0 ]
hostile_lap "the tampered database"
