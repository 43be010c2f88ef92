#include "config.h"

/* import_highlights.c: the rows of a highlights file (spec "CSV files"):
 * year, contract, body, text, created_by, created_at.  A highlight is
 * known by its year, contract and text: one that exists is unchanged (its
 * body follows the file when it names no contract), a new one goes at the
 * end of its year, so the file's order is the order of the ones it adds.
 * The same highlight twice in one file is a fault. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/import_private.h"

enum { H_YEAR, H_CONTRACT, H_BODY, H_TEXT, H_BY, H_AT };
const csv_col imp_highlight_cols[IMP_HIGHLIGHT_NCOLS] = {
	{ "year", 1 }, { "contract", 0 }, { "body", 0 }, { "text", 1 }, { "created_by", 0 },
	{ "created_at", 0 },
};

#define NAME_MAX_BYTES 200   /* created_by, as the store allows */

/* The highlights this file has named so far, by id, with their lines
 * (open addressing; grows). */
struct hl_seen {
	int64_t *id;
	long *line;
	size_t n, cap;
};

static size_t slot(const struct hl_seen *s, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 11400714819323198485u) & (s->cap - 1);

	while (s->id[i] != 0 && s->id[i] != id)
		i = (i + 1) & (s->cap - 1);
	return i;
}

/* The line that named id before, or 0 (and id is remembered at line);
 * -1 when out of memory. */
static long seen_before(struct rows *r, int64_t id, long line)
{
	struct hl_seen *s = r->hl;
	size_t i;

	if (s == NULL && (s = r->hl = calloc(1, sizeof *s)) == NULL)
		return -1;
	if (s->n + 1 > s->cap / 2) {
		struct hl_seen g = { NULL, NULL, 0, s->cap ? s->cap * 2 : 256 };

		g.id = calloc(g.cap, sizeof *g.id);
		g.line = calloc(g.cap, sizeof *g.line);
		if (g.id == NULL || g.line == NULL) {
			free(g.id);
			free(g.line);
			return -1;
		}
		for (i = 0; i < s->cap; i++) {
			if (s->id[i] != 0) {
				size_t k = slot(&g, s->id[i]);

				g.id[k] = s->id[i];
				g.line[k] = s->line[i];
			}
		}
		g.n = s->n;
		free(s->id);
		free(s->line);
		*s = g;
	}
	i = slot(s, id);
	if (s->id[i] == id)
		return s->line[i];
	s->id[i] = id;
	s->line[i] = line;
	s->n++;
	return 0;
}

void imp_highlights_free(struct rows *r)
{
	if (r->hl != NULL) {
		free(r->hl->id);
		free(r->hl->line);
	}
	free(r->hl);
	r->hl = NULL;
}

int imp_highlights_row(struct imp *im, sv_err *err)
{
	const char *s, *ref = NULL, *body = NULL, *text, *by = NULL, *at = NULL;
	char cbody[8] = "", sbody[8], fyl[8];
	int64_t cid = 0, id = 0;
	sv_err e = { 0 };
	int fy = 0, rc;
	long was;

	s = imp_cell(im, H_YEAR);
	if (fy_parse(s, &fy, &e) != 0)
		imp_fault(im, H_YEAR, "\"%s\" is not a financial year (%s; like 2025/26)",
			  imp_shown(im, s), strstr(e.msg, "\": ") ? strstr(e.msg, "\": ") + 3 : e.msg);
	if (imp_has(im, H_CONTRACT))
		ref = imp_text(im, H_CONTRACT, 0);
	if (ref != NULL) {
		rc = strlen(ref) < 64 ? db_contract_id_by_ref(im->db, ref, &cid, cbody, &e) : 0;
		if (rc < 0)
			return imp_store_fail(im, H_CONTRACT, &e, err);
		if (rc == 0)
			imp_fault(im, H_CONTRACT, "no contract with ref \"%s\" (refs are matched "
				  "exactly; import the contracts first)", imp_shown(im, ref));
	}
	s = imp_has(im, H_BODY) ? imp_cell(im, H_BODY) : NULL;
	if (s != NULL && *s != '\0') {
		if (strcasecmp(s, "WMP") == 0)
			body = "WMP";
		else if (strcasecmp(s, "OPCC") == 0)
			body = "OPCC";
		else
			imp_fault(im, H_BODY, "\"%s\" is not a body (WMP or OPCC, or empty)",
				  imp_shown(im, s));
		if (body != NULL && cid != 0 && strcmp(body, cbody) != 0)
			imp_fault(im, H_BODY, "%s, but contract %s is %s's: a contract's highlight "
				  "has the body of its contract", body, ref, cbody);
	}
	text = imp_text(im, H_TEXT, 1);
	if (imp_has(im, H_BY)) {
		by = imp_text(im, H_BY, 0);
		if (by != NULL && strlen(by) > NAME_MAX_BYTES) {
			imp_fault(im, H_BY, "the name is %zu bytes long; at most %d are allowed",
				  strlen(by), NAME_MAX_BYTES);
			by = NULL;
		}
	}
	if (imp_has(im, H_AT))
		at = imp_utc(im, H_AT);
	if (im->row_bad || text == NULL)
		return 0;
	if (cid != 0)
		body = cbody;

	rc = db_highlight_find(im->db, fy, cid, text, &id, sbody, &e);
	if (rc < 0)
		return imp_store_fail(im, H_TEXT, &e, err);
	if (rc == 1) {
		was = seen_before(imp_rows(im), id, im->row->line);
		if (was < 0)
			return sv_err_set(err, "out of memory");
		if (was > 0) {
			imp_fault(im, H_TEXT, "this highlight of %s%s%s is on line %ld already",
				  fy_format(fy, fyl), cid ? " for contract " : "", cid ? ref : "", was);
			return 0;
		}
		if (cid == 0 && strcmp(sbody, body ? body : "") != 0) {
			if (db_highlight_set_body(im->db, id, body, &e) < 0)
				return imp_store_fail(im, H_BODY, &e, err);
			im->res->rows.changed++;
		} else {
			im->res->rows.unchanged++;
		}
		return 0;
	}
	if (db_highlight_add(im->db, fy, cid, body, text, by, at, &id, &e) < 0)
		return imp_store_fail(im, H_TEXT, &e, err);
	if (seen_before(imp_rows(im), id, im->row->line) < 0)
		return sv_err_set(err, "out of memory");
	im->res->rows.added++;
	return 0;
}
