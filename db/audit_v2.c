#include "config.h"

/* audit_v2.c: before a version-2 database is carried forward.
 *
 * Version 2 kept the full row in every entry (JSON built by json_object in
 * the column order below).  Its rows must still be what their last entry
 * says: a row changed with its trigger dropped and put back would otherwise
 * be sealed into version 3's baseline as if svdesk had written it.  The
 * catalogue had no entries in version 2 and is not compared. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"

struct v2_table {
	const char *name;
	const char *json;      /* the row as version 2's triggers wrote it */
};

#define J(...) "json_object(" __VA_ARGS__ ")"

static const struct v2_table v2_tables[] = {
	{ "supplier", J("'id', t.id, 'name', t.name") },
	{ "contract", J("'id', t.id, 'ref', t.ref, 'title', t.title, 'supplier_id', t.supplier_id, "
		"'body', t.body, 'value', t.value, 'start_date', t.start_date, "
		"'end_date', t.end_date, 'sv_weight', t.sv_weight, 'manager', t.manager, "
		"'status', t.status, 'award_report', t.award_report, 'living_wage', t.living_wage, "
		"'living_wage_date', t.living_wage_date, 'living_wage_note', t.living_wage_note, "
		"'modern_slavery', t.modern_slavery, 'modern_slavery_date', t.modern_slavery_date, "
		"'modern_slavery_note', t.modern_slavery_note") },
	{ "commitment", J("'id', t.id, 'contract_id', t.contract_id, 'measure_id', t.measure_id, "
		"'year', t.year, 'target', t.target, 'proxy', t.proxy, "
		"'proxy_set_id', t.proxy_set_id, 'note', t.note") },
	{ "return_line", J("'id', t.id, 'commitment_id', t.commitment_id, 'quarter', t.quarter, "
		"'delivered', t.delivered, 'evidence', t.evidence, 'submitted', t.submitted, "
		"'status', t.status, 'validated', t.validated, 'validated_by', t.validated_by, "
		"'validated_at', t.validated_at, 'reason', t.reason, 'version', t.version") },
	{ "decision", J("'id', t.id, 'return_line_id', t.return_line_id, 'status', t.status, "
		"'validated', t.validated, 'reason', t.reason, 'decided_by', t.decided_by, "
		"'decided_at', t.decided_at, 'origin', t.origin") },
	{ "highlight", J("'id', t.id, 'year', t.year, 'contract_id', t.contract_id, 'body', t.body, "
		"'text', t.text, 'created_by', t.created_by, 'created_at', t.created_at") },
	{ "questionnaire_answer", J("'id', t.id, 'contract_id', t.contract_id, 'topic', t.topic, "
		"'answer', t.answer, 'recorded_by', t.recorded_by, 'recorded_at', t.recorded_at") },
};

/* The first id found by q (bound: ?1 = the table's name), 0 when none. */
static int first_id(svdb *db, const char *q, const char *table, int64_t *id, sv_err *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->h, q, -1, &st, NULL);

	*id = 0;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*id = sqlite3_column_int64(st, 0);
			rc = SQLITE_DONE;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: comparing the %s rows with the audit log",
				  db->path, table);
	return 0;
}

int audit_v2_rows_compare(svdb *db, char *why, size_t n, sv_err *err)
{
	for (size_t i = 0; i < sizeof v2_tables / sizeof v2_tables[0]; i++) {
		const struct v2_table *t = &v2_tables[i];
		char q[2048];
		int64_t id;

		/* a row that is not what its last entry says (or has none) */
		snprintf(q, sizeof q, "SELECT t.id FROM %s t WHERE %s IS NOT (SELECT a.after "
			 "FROM audit a WHERE a.entity = ?1 AND a.entity_id = t.id "
			 "ORDER BY a.id DESC LIMIT 1) ORDER BY t.id LIMIT 1", t->name, t->json);
		if (first_id(db, q, t->name, &id, err) != 0)
			return -1;
		if (id == 0) {
			/* a row the log says exists, and that is gone */
			snprintf(q, sizeof q, "SELECT a.entity_id FROM audit a WHERE a.entity = ?1 "
				 "AND a.action <> 'delete' AND a.id = (SELECT max(b.id) FROM audit b "
				 "WHERE b.entity = ?1 AND b.entity_id = a.entity_id) AND NOT EXISTS "
				 "(SELECT 1 FROM %s WHERE id = a.entity_id) ORDER BY a.entity_id LIMIT 1",
				 t->name);
			if (first_id(db, q, t->name, &id, err) != 0)
				return -1;
			if (id != 0) {
				snprintf(why, n, "the %s with id %lld is gone but its audit log does not "
					 "say it was deleted (changed outside svdesk); this version-2 "
					 "database is not upgraded", t->name, (long long)id);
				return 1;
			}
			continue;
		}
		snprintf(why, n, "the %s with id %lld is not what its audit log says (changed "
			 "outside svdesk); this version-2 database is not upgraded", t->name,
			 (long long)id);
		return 1;
	}
	return 0;
}
