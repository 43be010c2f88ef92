/* audit_desk.c: a test fixture for tui_audit.sh: changes made at the desk
 * through svdesk's own write API, by a person other than the one who
 * imported, so that the audit log holds a decision, a contract's change
 * (with hostile text in its title), a highlight, and a rejection undone,
 * besides the imports;
 * then `count` changes of a contract's manager, for a log that pages.
 * Usage: audit_desk DB PERSON COUNT */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"
#include "db/db_private.h"     /* ids read on the connection */

static int64_t one_id(svdb *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t id = 0;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static void contract2(db_contract *c, const char *title, sv_pence value, const char *manager)
{
	memset(c, 0, sizeof *c);
	c->ref = "CT-0002";
	c->title = title;
	c->supplier = "Brite Ltd";
	c->body = BODY_OPCC;
	c->value = value;
	c->start = (sv_date){ 2025, 4, 1 };
	c->end = (sv_date){ 2028, 3, 31 };
	c->sv_weight = 100;
	c->manager = manager;
	c->living_wage = YN_YES;
	c->modern_slavery = YN_YES;
}

int main(int argc, char **argv)
{
	db_open_opts o = { 0, NULL, -1, NULL, "desk" };
	db_contract c;
	sv_err err;
	svdb *db = NULL;
	int64_t line, line2, cid = 0, id;
	db_decided done;
	char manager[64];
	int count;

	if (argc != 4) {
		fprintf(stderr, "usage: audit_desk DB PERSON COUNT\n");
		return 2;
	}
	o.actor = argv[2];
	count = atoi(argv[3]);
	memset(&err, 0, sizeof err);
	if (db_open(&db, argv[1], &o, &err) != 0)
		goto fail;
	line = one_id(db, "SELECT r.id FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id "
		      "JOIN contract c ON c.id = cm.contract_id JOIN measure m ON m.id = cm.measure_id "
		      "WHERE c.ref = 'CT-0001' AND m.code = 'NT1' AND r.quarter = 1");
	cid = one_id(db, "SELECT id FROM contract WHERE ref = 'CT-0001'");
	if (line == 0 || cid == 0) {
		snprintf(err.msg, sizeof err.msg, "no line CT-0001 NT1 Q1");
		goto fail;
	}
	/* a partial acceptance: 1 of 1.5 FTE */
	if (db_return_decide(db, line, ST_VALIDATED, 100, "Only one FTE evidenced", argv[2],
			     "2026-07-10T09:00:00Z", -1, &err) != 0)
		goto fail;
	/* the value and the title of CT-0002, the title with a right-to-left
	 * override, a zero-width space and an escape character */
	contract2(&c, "Cleaning \xe2\x80\xaegninaelc\xe2\x80\xac services\xe2\x80\x8b \x1b[31mred",
		  6250000, "Al");
	if (db_contract_put(db, &c, &id, &err) != 0)
		goto fail;
	/* a rejection of CT-0002's line, undone */
	line2 = one_id(db, "SELECT r.id FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id "
		       "JOIN contract c ON c.id = cm.contract_id WHERE c.ref = 'CT-0002' AND r.quarter = 1");
	if (line2 == 0) {
		snprintf(err.msg, sizeof err.msg, "no line CT-0002 Q1");
		goto fail;
	}
	if (db_highlight_put(db, 2026, cid, "Two local apprentices taken on",
			     "2026-08-01T10:00:00Z", &err) != 0)
		goto fail;
	if (db_decide(db, line2, ST_REJECTED, 0, "No timesheets", 1, &done, &err) != 0 ||
	    db_undo(db, line2, done.decision_id, done.version, &done, &err) != 0)
		goto fail;
	for (int i = 1; i <= count; i++) {
		snprintf(manager, sizeof manager, "Manager %d", i);
		contract2(&c, "Cleaning \xe2\x80\xaegninaelc\xe2\x80\xac services\xe2\x80\x8b \x1b[31mred",
			  6250000, manager);
		if (db_contract_put(db, &c, &id, &err) != 0)
			goto fail;
	}
	db_close(&db);
	return 0;
fail:
	fprintf(stderr, "audit_desk: %s\n", err.msg);
	db_close(&db);
	return 1;
}
