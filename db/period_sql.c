#include "config.h"

/* period_sql.c: the financial-year rules of period.c as SQL functions, so
 * that SQL needing them (queries, and triggers in later migrations) calls
 * the one home of the rules instead of repeating the date arithmetic.
 *
 *   sv_fy_first(Y)          'Y-04-01'          the first day of financial year Y
 *   sv_fy_last(Y)            '(Y+1)-03-31'      its last day
 *   sv_quarter_first(Y, Q)  the first day of quarter Q (1..4) of year Y
 *   sv_quarter_last(Y, Q)    its last day
 *
 * A NULL argument, or a year or quarter out of range, gives NULL. */

#include "db/db_private.h"

static int arg_int(sqlite3_value *v, int lo, int hi, int *out)
{
	sqlite3_int64 x;

	if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER)
		return -1;
	x = sqlite3_value_int64(v);
	if (x < lo || x > hi)
		return -1;
	*out = (int)x;
	return 0;
}

static void result_date(sqlite3_context *ctx, sv_date d)
{
	char buf[11];

	sqlite3_result_text(ctx, date_format_iso(d, buf), 10, SQLITE_TRANSIENT);
}

static void fn_fy(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int fy, last = sqlite3_user_data(ctx) != NULL;
	sv_date first_day, last_day;

	(void)argc;
	if (arg_int(argv[0], FY_MIN, FY_MAX, &fy) != 0) {
		sqlite3_result_null(ctx);
		return;
	}
	fy_range(fy, &first_day, &last_day);
	result_date(ctx, last ? last_day : first_day);
}

static void fn_quarter(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int last = sqlite3_user_data(ctx) != NULL;
	sv_quarter q;
	sv_date first_day, last_day;

	(void)argc;
	if (arg_int(argv[0], FY_MIN, FY_MAX, &q.fy) != 0 || arg_int(argv[1], 1, 4, &q.q) != 0) {
		sqlite3_result_null(ctx);
		return;
	}
	quarter_range(q, &first_day, &last_day);
	result_date(ctx, last ? last_day : first_day);
}

int db_register_period(sqlite3 *h)
{
	static int end_marker;
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	rc = sqlite3_create_function_v2(h, "sv_fy_first", 1, flags, NULL, fn_fy, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_fy_last", 1, flags, &end_marker, fn_fy,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_quarter_first", 2, flags, NULL, fn_quarter,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_quarter_last", 2, flags, &end_marker,
						fn_quarter, NULL, NULL, NULL);
	return rc;
}
