/* audit_grow.c: a test fixture for cli_check.sh: one change made through
 * svdesk's own write API (a contract added), so that the audit log grows.
 * Usage: audit_grow DB REF */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "svdesk/db.h"

int main(int argc, char **argv)
{
	db_open_opts o = { 0, NULL, -1, "tester", "desk" };
	db_contract c;
	sv_err err;
	svdb *db = NULL;
	int64_t id = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: audit_grow DB REF\n");
		return 2;
	}
	memset(&err, 0, sizeof err);
	memset(&c, 0, sizeof c);
	c.ref = argv[2];
	c.title = "Added to grow the audit log";
	c.supplier = "Grow Ltd";
	c.body = BODY_WMP;
	c.value = 100000;
	c.start.y = 2025, c.start.m = 4, c.start.d = 1;
	c.end.y = 2026, c.end.m = 3, c.end.d = 31;
	c.sv_weight = 100;
	if (db_open(&db, argv[1], &o, &err) != 0 || db_contract_put(db, &c, &id, &err) != 0) {
		fprintf(stderr, "audit_grow: %s\n", err.msg);
		db_close(&db);
		return 1;
	}
	db_close(&db);
	return 0;
}
