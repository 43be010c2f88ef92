/* view_entry.c: one entry of the audit log (Enter in the audit log view):
 * who, when, the origin, the row it is about and the operation, then its
 * values: each field as "before -> after" (an update: the fields that
 * changed; an insert: every field; a delete: every field before), money
 * and quantities shown as money and quantities.  An import shows its
 * file's name, the file's SHA-256 (64 hex digits, wrapped, never cut) and
 * its counts; a decision shows the decision, its line and the line's
 * change.  Text from the database is drawn by ui_text, which neutralises
 * control and bidi characters.  The page scrolls. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/auditlog.h"
#include "svdesk/db.h"
#include "svdesk/money.h"

#include "page.h"

#define LABEL_W 14

struct entry_page {
	struct tui *t;
	auditlog_entry e;
	struct page page;
	int built_for;
};

static void field(struct page *p, struct tui *t, const char *label, const char *value)
{
	int i;

	/* long values wrap under themselves, the label on their first line
	 * (decided before a line is added: a line taken back would keep its
	 * label's text) */
	if (ui_width(value) > t->cols - LABEL_W - 1) {
		size_t first = p->n;

		page_wrap(p, ROLE_NORMAL, LABEL_W + 1, t->cols - LABEL_W - 1, value);
		if (first < p->n)
			page_cell(p, (int)first, 0, LABEL_W, ALIGN_LEFT, label);
		return;
	}
	i = page_add(p, ROLE_NORMAL, 0, 0);
	if (i < 0)
		return;
	page_cell(p, i, 0, LABEL_W, ALIGN_LEFT, label);
	page_cell(p, i, LABEL_W + 1, -1, ALIGN_LEFT, value);
}

/* A value as the desk shows it; "(none)" for a null. */
static const char *show_value(struct tui *t, const auditlog_entry *e, const auditlog_field *f,
			      const char *v, char *buf, size_t n)
{
	char num[48];
	char *end;
	long long x;

	if (v == NULL)
		return "(none)";
	if (f->kind == AK_TEXT)
		return v;
	x = strtoll(v, &end, 10);
	if (*end != '\0' || end == v)
		return v;     /* not a whole number: shown as it is */
	switch (f->kind) {
	case AK_MONEY:
		return money_format(x, t->money, buf, n);
	case AK_QTY:
		qty_format(x, 1, num, sizeof num);
		if (e->unit[0] != '\0' && strcmp(e->unit, "GBP") != 0)
			snprintf(buf, n, "%s %s", num, e->unit);
		else if (e->unit[0] != '\0')
			money_format(x, t->money, buf, n);
		else
			snprintf(buf, n, "%s", num);
		return buf;
	case AK_PROXY:
		snprintf(buf, n, "%s%s", t->money == MONEY_POUND ? "£" : "GBP ",
			 proxy_format(x, num, sizeof num));
		return buf;
	default:
		return v;
	}
}

static const char *operation(const auditlog_entry *e)
{
	const char *a = e->row.action;

	if (strcmp(a, "insert") == 0)
		return strcmp(e->row.entity, "decision") == 0 ? "a decision recorded" : "added";
	if (strcmp(a, "update") == 0)
		return "changed";
	if (strcmp(a, "delete") == 0)
		return "deleted";
	if (strcmp(a, "import") == 0)
		return strcmp(e->kind, "demo") == 0 ? "the demo's data written" : "an import";
	if (strcmp(a, "baseline") == 0)
		return "a baseline of the rows already there";
	return a;
}

static const auditlog_field *find(const auditlog_entry *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

static void import_part(struct entry_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const auditlog_entry *e = &c->e;
	char buf[64];

	page_blank(p);
	if (strcmp(e->row.entity, "baseline") == 0) {
		page_text(p, ROLE_HEADER, 0, strcmp(e->kind, "schema") == 0 ?
			  "Schema upgrade" : "Baseline");
		if (strcmp(e->kind, "schema") == 0) {
			snprintf(buf, sizeof buf, "%lld", (long long)e->version);
			field(p, t, "Version", buf);
		}
		snprintf(buf, sizeof buf, "%lld", (long long)e->row_count);
		field(p, t, "Rows", buf);
		return;
	}
	page_text(p, ROLE_HEADER, 0, strcmp(e->kind, "demo") == 0 ? "The demo" : "The import");
	field(p, t, "Kind", e->kind[0] != '\0' ? e->kind : "(none)");
	field(p, t, "File", e->file != NULL ? e->file : "(none: generated)");
	if (e->sha256[0] != '\0') {
		/* 64 hex digits, never cut: wrapped when the line is narrow */
		int i = page_add(p, ROLE_NORMAL, 0, 0);
		int w = t->cols - LABEL_W - 1;

		page_cell(p, i, 0, LABEL_W, ALIGN_LEFT, "SHA-256");
		if (w >= 64) {
			page_cell(p, i, LABEL_W + 1, -1, ALIGN_LEFT, e->sha256);
		} else {
			char part[65];
			int half = w >= 32 ? 32 : 16;

			for (int k = 0; k < 64; k += half) {
				snprintf(part, sizeof part, "%.*s", half, e->sha256 + k);
				if (k > 0)
					i = page_add(p, ROLE_NORMAL, 0, 0);
				page_cell(p, i, LABEL_W + 1, -1, ALIGN_LEFT, part);
			}
		}
	}
	snprintf(buf, sizeof buf, "%lld", (long long)e->added);
	field(p, t, "Added", buf);
	snprintf(buf, sizeof buf, "%lld", (long long)e->changed);
	field(p, t, "Changed", buf);
	snprintf(buf, sizeof buf, "%lld", (long long)e->unchanged);
	field(p, t, "Unchanged", buf);
	if (e->skipped != 0) {
		snprintf(buf, sizeof buf, "%lld", (long long)e->skipped);
		field(p, t, "Skipped", buf);
	}
	page_blank(p);
	page_wrap(p, ROLE_DIM, 0, t->cols - 1, "The rows it added carry this entry's number; "
		  "each row it changed has an entry of its own.");
}

/* The value a line field took from the decision: the decision's own
 * field of that name, or of the name the decision gives it; NULL when the
 * entry does not say (an undo puts back the person and time of the
 * decision it restores).  *none: the line has no value after it (a line
 * back to submitted). */
static const auditlog_field *line_after(const auditlog_entry *e, const char *name, int *none)
{
	const auditlog_field *st = find(e, "status");
	int by = strcmp(name, "validated_by") == 0, at = strcmp(name, "validated_at") == 0;

	*none = 0;
	if (st != NULL && st->after != NULL && strcmp(st->after, "submitted") == 0 &&
	    (by || at || strcmp(name, "validated") == 0 || strcmp(name, "reason") == 0)) {
		*none = 1;
		return NULL;
	}
	if ((by || at) && e->undoes != 0)
		return NULL;
	if (by)
		return find(e, "decided_by");
	if (at)
		return find(e, "decided_at");
	return find(e, name);
}

static void decision_part(struct entry_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const auditlog_entry *e = &c->e;
	const auditlog_field *st = find(e, "status"), *va = find(e, "validated");
	const char *arrow = t->utf8 ? " \u2192 " : " -> ";
	char buf[600], v[64], w[64];

	page_blank(p);
	page_text(p, ROLE_HEADER, 0, "The decision");
	if (e->line[0] != '\0')
		field(p, t, "Line", e->line);
	if (st != NULL && st->after != NULL) {
		if (va != NULL && va->after != NULL)
			snprintf(buf, sizeof buf, "%s %s", st->after,
				 show_value(t, e, va, va->after, v, sizeof v));
		else
			snprintf(buf, sizeof buf, "%s", st->after);
		if (e->undoes != 0) {
			size_t k = strlen(buf);

			snprintf(buf + k, sizeof buf - k, " (undo of decision %lld)",
				 (long long)e->undoes);
		}
		field(p, t, "Decision", buf);
	}
	/* the line's state before (the entry's "before") and after it */
	page_blank(p);
	page_text(p, ROLE_HEADER, 0, "The line's change (before -> after)");
	for (size_t i = 0; i < e->nfields; i++) {
		const auditlog_field *f = &e->fields[i], *a;
		const char *bs, *as;
		char vv[32];

		if (!f->in_before)
			continue;
		bs = show_value(t, e, f, f->before, v, sizeof v);
		if (strcmp(f->name, "version") == 0 && f->before != NULL) {
			snprintf(vv, sizeof vv, "%lld", strtoll(f->before, NULL, 10) + 1);
			as = vv;
		} else {
			int none;

			a = line_after(e, f->name, &none);
			as = a != NULL ? show_value(t, e, a, a->after, w, sizeof w) :
				none ? "(none)" : "(the restored decision's)";
		}
		snprintf(buf, sizeof buf, "%s%s%s", bs, arrow, as);
		field(p, t, f->name, buf);
	}
}

static void values_part(struct entry_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const auditlog_entry *e = &c->e;
	int insert = strcmp(e->row.action, "insert") == 0;
	int del = strcmp(e->row.action, "delete") == 0;
	int decision = strcmp(e->row.entity, "decision") == 0;
	const char *arrow = t->utf8 ? " \u2192 " : " -> ";

	page_blank(p);
	page_text(p, ROLE_HEADER, 0, decision && insert ? "The decision's row (as added)" :
		  insert ? "Values (as added)" : del ? "Values (as deleted)" :
		  "Values (before -> after)");
	if (e->nfields == 0)
		page_text(p, ROLE_DIM, 2, "none recorded");
	for (size_t i = 0; i < e->nfields; i++) {
		const auditlog_field *f = &e->fields[i];
		char a[160], b[160], *line;
		const char *bs, *as;
		size_t len;

		if (decision && insert && !f->in_after)
			continue;       /* the line's state: shown above */
		bs = show_value(t, e, f, f->before, b, sizeof b);
		as = show_value(t, e, f, f->after, a, sizeof a);
		len = strlen(bs) + strlen(as) + 16;
		line = malloc(len);
		if (line == NULL) {
			p->nomem = 1;
			break;
		}
		if (decision && insert)
			snprintf(line, len, "%s", as);
		else if (f->in_before && f->in_after)
			snprintf(line, len, "%s%s%s", bs, arrow, as);
		else if (f->in_after)
			snprintf(line, len, "%s%s%s", insert ? "" : "(none)", insert ? "" : arrow, as);
		else if (del)
			snprintf(line, len, "%s", bs);
		else
			snprintf(line, len, "%s%s(none)", bs, arrow);
		field(p, t, f->name, line);
		free(line);
	}
}

static void build(struct entry_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const auditlog_entry *e = &c->e;
	char buf[400], when[40];
	int i;

	page_clear(p);
	i = page_add(p, ROLE_HEADER, 0, 0);
	snprintf(buf, sizeof buf, "Audit entry #%lld", (long long)e->row.id);
	page_cell(p, i, 0, -1, ALIGN_LEFT, buf);
	ui_local_stamp(e->row.at, when, sizeof when);
	snprintf(buf, sizeof buf, "%s (%s)", when, e->row.at);
	field(p, t, "When", buf);
	field(p, t, "Who", e->row.who);
	field(p, t, "Origin", e->row.origin);
	field(p, t, "What", e->row.what);
	if (e->row.entity_id != 0)
		snprintf(buf, sizeof buf, "%s %lld", e->row.entity, (long long)e->row.entity_id);
	else
		snprintf(buf, sizeof buf, "%s", e->row.entity);
	field(p, t, "Row", buf);
	field(p, t, "Operation", operation(e));
	if (e->row.contract[0] != '\0')
		field(p, t, "Contract", e->row.contract);
	field(p, t, "Sealed", e->hash[0] != '\0' ? "yes, in the chain" :
	      "not yet (its transaction is still open)");

	if (strcmp(e->row.entity, "import") == 0 || strcmp(e->row.entity, "baseline") == 0) {
		import_part(c, t);
	} else {
		if (strcmp(e->row.entity, "decision") == 0)
			decision_part(c, t);
		values_part(c, t);
	}
	if (p->nomem)
		ui_status(t, 1, "out of memory: the page is incomplete");
	page_select(p, 0, 0);
	c->built_for = t->cols;
}

static void entry_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct entry_page *c = v->priv;

	if (c->built_for != t->cols)
		build(c, t);
	page_draw(&c->page, t, y0, h);
}

static int entry_act(struct view *v, struct tui *t, enum action_id a)
{
	struct entry_page *c = v->priv;

	(void)t;
	return page_move(&c->page, a);
}

static void entry_resize(struct view *v, struct tui *t, int h)
{
	struct entry_page *c = v->priv;

	page_set_height(&c->page, h);
	if (c->built_for != t->cols)
		build(c, t);
	page_move(&c->page, ACT_NONE);
}

static void entry_position(struct view *v, char *buf, size_t n)
{
	struct entry_page *c = v->priv;

	page_position(&c->page, buf, n);
}

static void entry_title(struct view *v, char *buf, size_t n)
{
	struct entry_page *c = v->priv;

	snprintf(buf, n, "Audit entry #%lld", (long long)c->e.row.id);
}

static void entry_close(struct view *v)
{
	struct entry_page *c = v->priv;

	auditlog_entry_free(&c->e);
	page_free(&c->page);
	free(c);
	free(v);
}

/* No record is added, edited or deleted here. */
static const enum action_id entry_lacks[] = { ACT_ADD, ACT_EDIT, ACT_DELETE, ACT_NONE };

static const struct view_ops entry_ops = {
	.lacks = entry_lacks,
	.name = "entry",
	.contexts = CTX_GLOBAL | CTX_MOVE,
	.draw = entry_draw,
	.act = entry_act,
	.resize = entry_resize,
	.position = entry_position,
	.close = entry_close,
	.title = entry_title,
};

struct view *view_entry_new(struct tui *t, int64_t entry_id, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct entry_page *c = calloc(1, sizeof *c);
	int rc;

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->page.sel = -1;
	rc = auditlog_get(t->o->db, entry_id, &c->e, err);
	if (rc == 0)
		sv_err_set(err, "audit entry %lld is not in the log", (long long)entry_id);
	if (rc <= 0) {
		free(c);
		free(v);
		return NULL;
	}
	v->ops = &entry_ops;
	v->priv = c;
	return v;
}
