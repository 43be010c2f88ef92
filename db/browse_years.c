/* browse_years.c: the financial years that have commitments (the desk's
 * year choice, key y). */
#include "config.h"

#include "svdesk/browse.h"

#include "db_private.h"

int browse_years(svdb *db, int *years, int max, sv_err *err)
{
	/* One step of commitment_year_measure per year found: the next year
	 * after the last, never a walk of the year's commitments. */
	static const char q[] = "SELECT min(year) FROM commitment WHERE year > ?1";
	int n = 0, after = 0;

	while (n < max) {
		sqlite3_stmt *st = db_prepare(db, q, err);
		int rc;

		if (st == NULL)
			return -1;
		sqlite3_bind_int(st, 1, after);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			db_done(st);
			return db_sqlfail(db, err, rc, "%s: the years of the commitments", db->path);
		}
		if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
			db_done(st);
			break;
		}
		after = sqlite3_column_int(st, 0);
		db_done(st);
		years[n++] = after;
	}
	return n;
}
