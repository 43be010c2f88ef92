#include "config.h"

/* sqlfn.c: the arithmetic of the year totals and the search text as SQL
 * functions (migration 0005), so that the triggers that keep the totals
 * never use SQL's own + and *, which turn an integer that overflows into a
 * REAL without a word.  Each function here raises an error instead: the
 * statement that would overflow a total fails and writes nothing.
 *
 *   sv_sv(qty, proxy)           the £SV of a quantity (sv_value: the
 *                               reports' rounding, per line); 0 for a NULL
 *                               proxy (a record-only commitment)
 *   sv_add(a, b), sv_sub(a, b)  checked integer sums
 *   sv_sum(x)                   a checked sum, as an aggregate (0 for none)
 *   sv_ratio(v, c)              v x 10000 / c truncated; -1 when c <= 0
 *   sv_fold(text, ...)          browse_fold of each argument, joined by a
 *                               line feed (no folded search text has one)
 */

#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/browse.h"
#include "svdesk/money.h"

#define OVERFLOW "a total of £SV is out of range (over 92 trillion pounds): " \
	"check the quantities, targets and proxies just written"

static int arg_int64(sqlite3_context *ctx, sqlite3_value *v, int64_t *out)
{
	if (sqlite3_value_type(v) == SQLITE_NULL) {
		*out = 0;
		return 1;
	}
	if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER) {
		sqlite3_result_error(ctx, "a money figure is not an integer", -1);
		return -1;
	}
	*out = sqlite3_value_int64(v);
	return 0;
}

static void fn_sv(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t qty, proxy;
	sv_pence v;
	int a, b;

	(void)argc;
	if ((a = arg_int64(ctx, argv[0], &qty)) < 0 || (b = arg_int64(ctx, argv[1], &proxy)) < 0)
		return;
	if (b == 1 || a == 1) {          /* no proxy: record only */
		sqlite3_result_int64(ctx, 0);
		return;
	}
	if (sv_value(qty, proxy, &v) != 0) {
		sqlite3_result_error(ctx, OVERFLOW, -1);
		return;
	}
	sqlite3_result_int64(ctx, v);
}

static void fn_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int sub = sqlite3_user_data(ctx) != NULL;
	int64_t a, b, r;

	(void)argc;
	if (arg_int64(ctx, argv[0], &a) < 0 || arg_int64(ctx, argv[1], &b) < 0)
		return;
	if (sub ? __builtin_sub_overflow(a, b, &r) : __builtin_add_overflow(a, b, &r)) {
		sqlite3_result_error(ctx, OVERFLOW, -1);
		return;
	}
	sqlite3_result_int64(ctx, r);
}

struct sum {
	int64_t v;
	int bad;
};

static void fn_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sum *s = sqlite3_aggregate_context(ctx, (int)sizeof *s);
	int64_t x;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (s->bad)
		return;
	if (arg_int64(ctx, argv[0], &x) < 0) {
		s->bad = 2;
		return;
	}
	if (__builtin_add_overflow(s->v, x, &s->v))
		s->bad = 1;
}

static void fn_sum_final(sqlite3_context *ctx)
{
	struct sum *s = sqlite3_aggregate_context(ctx, 0);

	if (s != NULL && s->bad == 1)
		sqlite3_result_error(ctx, OVERFLOW, -1);
	else if (s != NULL && s->bad == 2)
		sqlite3_result_error(ctx, "a money figure is not an integer", -1);
	else
		sqlite3_result_int64(ctx, s != NULL ? s->v : 0);
}

int64_t db_ratio_bp(int64_t validated, int64_t committed)
{
	if (committed <= 0)
		return -1;
	/* |validated| < 2^63 and 10000 < 2^14: the product fits in 2^77 */
	return (int64_t)((__int128)validated * 10000 / committed);
}

static void fn_ratio(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t v, c;

	(void)argc;
	if (arg_int64(ctx, argv[0], &v) < 0 || arg_int64(ctx, argv[1], &c) < 0)
		return;
	if (c > 0 && (__int128)v * 10000 / c > INT64_MAX) {
		sqlite3_result_error(ctx, OVERFLOW, -1);
		return;
	}
	sqlite3_result_int64(ctx, db_ratio_bp(v, c));
}

static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	size_t cap = 1, n = 0;
	char *out;
	int i;

	for (i = 0; i < argc; i++)
		cap += (size_t)sqlite3_value_bytes(argv[i]) + 1;
	out = malloc(cap);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	for (i = 0; i < argc; i++) {
		const char *s = (const char *)sqlite3_value_text(argv[i]);

		if (i > 0)
			out[n++] = '\n';
		out[n] = '\0';
		if (s != NULL)
			n += browse_fold(s, out + n, cap - n);
	}
	sqlite3_result_text(ctx, out, (int)n, free);
}

int db_register_sqlfn(sqlite3 *h)
{
	static int sub_marker;
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	rc = sqlite3_create_function_v2(h, "sv_sv", 2, flags, NULL, fn_sv, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_add", 2, flags, NULL, fn_add, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_sub", 2, flags, &sub_marker, fn_add,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_sum", 1, flags, NULL, NULL, fn_sum_step,
						fn_sum_final, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_ratio", 2, flags, NULL, fn_ratio,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_fold", -1, flags, NULL, fn_fold,
						NULL, NULL, NULL);
	return rc;
}
