#include "config.h"

/* highlight.c: the highlights of a financial year (svdesk/highlight.h):
 * the text rule (the importer's, from the base), contract references, and
 * the store's ordered list (db/highlight.c). */

#include <stdlib.h>
#include <string.h>

#include "svdesk/highlight.h"
#include "svdesk/utf8.h"

#define HIGHLIGHT_TEXT_MAX 4000

int highlight_text_check(const char *text, sv_err *err)
{
	char why[SV_ERR_MAX];
	const char *p;

	for (p = text; p != NULL && (*p == ' ' || *p == '\t'); p++)
		;
	if (p == NULL || *p == '\0')
		return sv_err_set(err, "%s", UTF8_TEXT_EMPTY);
	if (utf8_text_rule(text, HIGHLIGHT_TEXT_MAX, why, sizeof why) != 0)
		return sv_err_set(err, "%s", why);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

struct collect {
	highlight_list *l;
	size_t cap;
};

static int collect_one(void *ctx, const db_highlight_rec *r)
{
	struct collect *c = ctx;
	highlight *h;

	if (c->l->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		highlight *v = realloc(c->l->v, cap * sizeof *v);

		if (v == NULL)
			return -2;
		c->l->v = v;
		c->cap = cap;
	}
	h = &c->l->v[c->l->n];
	memset(h, 0, sizeof *h);
	h->id = r->id;
	h->fy = r->fy;
	h->position = r->position;
	h->text = dup_or_null(r->text);
	h->contract_ref = dup_or_null(r->contract_ref);
	h->body = dup_or_null(r->body);
	h->created_by = dup_or_null(r->created_by);
	h->created_at = dup_or_null(r->created_at);
	c->l->n++;
	if (h->text == NULL || (r->contract_ref && !h->contract_ref) || (r->body && !h->body) ||
	    (r->created_by && !h->created_by) || (r->created_at && !h->created_at))
		return -2;
	return 0;
}

int highlight_list_read(svdb *db, int fy, highlight_list *out, sv_err *err)
{
	struct collect c = { out, 0 };
	int rc;

	out->v = NULL;
	out->n = 0;
	if (fy < FY_MIN || fy > FY_MAX)
		return sv_err_set(err, "highlights: year %d is out of range", fy);
	rc = db_highlight_list(db, fy, collect_one, &c, err);
	if (rc == -2)
		sv_err_set(err, "out of memory");
	if (rc != 0) {
		highlight_list_free(out);
		return -1;
	}
	return 0;
}

void highlight_list_free(highlight_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].text);
		free(l->v[i].contract_ref);
		free(l->v[i].body);
		free(l->v[i].created_by);
		free(l->v[i].created_at);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int highlight_add(svdb *db, int fy, const char *contract_ref, const char *text,
		  int64_t *id, sv_err *err)
{
	int64_t cid = 0;
	char body[8];

	if (fy < FY_MIN || fy > FY_MAX)
		return sv_err_set(err, "highlight: year %d is out of range", fy);
	if (highlight_text_check(text, err) != 0)
		return -1;
	if (contract_ref != NULL && *contract_ref != '\0') {
		int rc = db_contract_id_by_ref(db, contract_ref, &cid, body, err);

		if (rc < 0)
			return -1;
		if (rc == 0)
			return sv_err_set(err, "no contract with the reference \"%s\"", contract_ref);
	}
	return db_highlight_add(db, fy, cid, NULL, text, NULL, NULL, id, err);
}

int highlight_edit(svdb *db, int64_t id, const char *text, sv_err *err)
{
	if (highlight_text_check(text, err) != 0)
		return -1;
	return db_highlight_set_text(db, id, text, err);
}

int highlight_delete(svdb *db, int64_t id, sv_err *err)
{
	return db_highlight_delete(db, id, err);
}

int highlight_move(svdb *db, int64_t id, int delta, sv_err *err)
{
	if (delta != -1 && delta != 1)
		return sv_err_set(err, "highlight: a move is one place up (-1) or down (+1)");
	return db_highlight_move(db, id, delta, err);
}
