/* chase.c: the chase list, the missing returns of a quarter (export.h).
 *
 * "Missing return" is the board reports' definition (spec, Board reports):
 * a contract with a commitment in the quarter's year, whose dates overlap
 * the quarter, with no return line for the quarter.  The rule has one
 * home, the read of db/queue.c that the desk's returns queue also shows
 * (queue_missing_each); this file writes what it gives. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/export.h"
#include "svdesk/queue.h"
#include "svdesk/utf8.h"

/* ---- collecting ------------------------------------------------------------- */

/* The rule is db/queue.c's (queue_missing_each): the desk's returns queue
 * lists the same missing returns from the same read. */

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

static void item_free(chase_item *it)
{
	free(it->supplier);
	free(it->ref);
	free(it->title);
	free(it->body);
	free(it->manager);
	free(it->measures);
	memset(it, 0, sizeof *it);
}

struct cctx {
	chase_list *l;
	sv_err *err;
};

static int missing_row(void *ctx, const queue_missing_rec *r)
{
	struct cctx *c = ctx;
	chase_list *l = c->l;
	chase_item it;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		chase_item *grown = realloc(l->items, cap * sizeof *grown);

		if (grown == NULL)
			return sv_err_set(c->err, "out of memory");
		l->items = grown;
		l->cap = cap;
	}
	memset(&it, 0, sizeof it);
	it.supplier = dup_or_null(r->supplier);
	it.ref = dup_or_null(r->ref);
	it.title = dup_or_null(r->title);
	it.body = dup_or_null(r->body);
	it.manager = dup_or_null(r->manager);
	it.measures = dup_or_null(r->measures);
	it.expected = r->expected;
	it.missing = r->missing;
	if (it.supplier == NULL || it.ref == NULL || it.title == NULL || it.body == NULL ||
	    it.measures == NULL || (r->manager != NULL && it.manager == NULL)) {
		item_free(&it);
		return sv_err_set(c->err, "out of memory");
	}
	if (it.missing == it.expected)
		l->n_missing++;
	else
		l->n_incomplete++;
	l->items[l->n++] = it;
	return 0;
}

int chase_collect(svdb *db, sv_quarter q, int incomplete, chase_list *out, sv_err *err)
{
	struct cctx c;
	queue_mquery m;

	memset(out, 0, sizeof *out);
	out->q = q;
	c.l = out;
	c.err = err;
	memset(&m, 0, sizeof m);
	m.fy = q.fy;
	m.quarter = q.q;
	m.incomplete = incomplete;
	m.body = -1;
	if (queue_missing_each(db, &m, missing_row, &c, err) != 0) {
		chase_free(out);
		return -1;
	}
	return 0;
}

void chase_free(chase_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_free(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = l->cap = l->n_missing = l->n_incomplete = 0;
}

/* ---- text for a person --------------------------------------------------------- */

/* Copy s into buf made safe to show (invalid UTF-8, control and invisible
 * characters as '?': utf8_safe), cut to at most max columns (with "..."
 * when cut); returns the columns used. */
static int safe_cut(const char *s, int max, char *buf, size_t n)
{
	size_t used = 0, at = 0, len = s != NULL ? strlen(s) : 0;
	size_t keep_used = 0;
	int cols = 0, keep_cols = 0, cut = 0;

	buf[0] = '\0';
	while (at < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + at, len - at, &cp, NULL);
		const char *bytes = s + at;
		int w;

		if (k == 0 || !utf8_safe(cp)) {
			at += k > 0 ? k : 1;
			bytes = "?";
			k = 1;
			w = 1;
		} else {
			at += k;
			w = utf8_width(cp);
			if (w < 0)
				w = 1;
		}
		if (cols + w <= max - 3) {
			keep_used = used + k;
			keep_cols = cols + w;
		}
		if (cols + w > max || used + k + 4 > n) {
			cut = 1;
			break;
		}
		memcpy(buf + used, bytes, k);
		used += k;
		cols += w;
	}
	if (cut) {
		used = keep_used;
		cols = keep_cols;
		memcpy(buf + used, "...", 3);
		used += 3;
		cols += 3;
	}
	buf[used] = '\0';
	return cols;
}

enum { C_SUPPLIER, C_REF, C_TITLE, C_BODY, C_MANAGER, C_RETURN, C_MEASURES, NCOLS };

static const struct {
	const char *head;
	int max;
} columns[NCOLS] = {
	[C_SUPPLIER] = { "SUPPLIER", 40 },
	[C_REF] = { "CONTRACT", 64 },   /* refs are never cut (at most 63 bytes) */
	[C_TITLE] = { "TITLE", 36 },
	[C_BODY] = { "BODY", 4 },
	[C_MANAGER] = { "MANAGER", 22 },
	[C_RETURN] = { "RETURN", 10 },
	[C_MEASURES] = { "MEASURES", 4000 },
};

static const char *cell_of(const chase_item *it, int col)
{
	switch (col) {
	case C_SUPPLIER: return it->supplier;
	case C_REF: return it->ref;
	case C_TITLE: return it->title;
	case C_BODY: return it->body;
	case C_MANAGER: return it->manager != NULL ? it->manager : "";
	case C_RETURN: return it->missing == it->expected ? "missing" : "incomplete";
	default: return it->measures;
	}
}

#define CELL_MAX (4 * 4000 + 8)

static int put_row(FILE *f, const chase_item *it, const int *width, int incomplete)
{
	static char buf[CELL_MAX];

	for (int col = 0; col < NCOLS; col++) {
		const char *text = it != NULL ? cell_of(it, col) : columns[col].head;
		int w;

		if (col == C_RETURN && !incomplete)
			continue;
		w = safe_cut(text, col == C_MEASURES ? columns[col].max : width[col], buf, sizeof buf);
		if (col == C_MEASURES) {
			fprintf(f, "%s\n", buf);
			break;
		}
		fprintf(f, "%s%*s", buf, width[col] - w + 2, "");
	}
	return ferror(f) ? -1 : 0;
}

int chase_write_text(const chase_list *l, int incomplete, FILE *f)
{
	char qb[16], d1[11], d2[11];
	int width[NCOLS];
	sv_date first, last;
	static char buf[CELL_MAX];

	quarter_format(l->q, ' ', qb);
	quarter_range(l->q, &first, &last);
	fprintf(f, "Returns missing for %s (%s to %s), all bodies\n\n", qb,
		date_format_uk(first, d1), date_format_uk(last, d2));
	for (int col = 0; col < NCOLS; col++) {
		width[col] = (int)strlen(columns[col].head);
		for (size_t i = 0; i < l->n && col != C_MEASURES; i++) {
			int w = safe_cut(cell_of(&l->items[i], col), columns[col].max, buf, sizeof buf);

			if (w > width[col])
				width[col] = w;
		}
	}
	if (l->n > 0) {
		if (put_row(f, NULL, width, incomplete) < 0)
			return -1;
		for (size_t i = 0; i < l->n; i++)
			if (put_row(f, &l->items[i], width, incomplete) < 0)
				return -1;
		fputc('\n', f);
	}
	if (l->n == 0)
		fprintf(f, "No contract is missing a return%s for %s.\n",
			incomplete ? " or part of one" : "", qb);
	else if (!incomplete)
		fprintf(f, "%zu contract%s with no return for %s.\n", l->n_missing,
			l->n_missing == 1 ? "" : "s", qb);
	else
		fprintf(f, "%zu contract%s with no return and %zu with an incomplete return for %s.\n",
			l->n_missing, l->n_missing == 1 ? "" : "s", l->n_incomplete, qb);
	return ferror(f) ? -1 : 0;
}

/* ---- CSV for a mail merge -------------------------------------------------------- */

int chase_write_csv(const chase_list *l, csvw *w)
{
	static const char *const head[] = {
		"supplier", "contract", "title", "body", "manager", "return", "measures"
	};

	csvw_row_text(w, head, sizeof head / sizeof head[0]);
	for (size_t i = 0; i < l->n; i++) {
		const chase_item *it = &l->items[i];

		csvw_text(w, it->supplier);
		csvw_text(w, it->ref);
		csvw_text(w, it->title);
		csvw_text(w, it->body);
		csvw_text(w, it->manager);
		csvw_value(w, it->missing == it->expected ? "missing" : "incomplete");
		csvw_text(w, it->measures);
		if (csvw_row_end(w) < 0)
			return -1;
	}
	return w->failed ? -1 : 0;
}
