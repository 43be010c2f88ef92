/* view_line.c: a return line's page (Enter on a line of a contract's page,
 * a commitment's or the returns queue): the commitment it reports against
 * (measure, unit, year, target; delivered and validated to this line's
 * quarter and their percent of the pro-rata target), the line itself
 * (delivered and its £SV at the commitment's proxy, status, decision), the
 * evidence wrapped to the screen's width, and the line's whole history,
 * oldest first: each decision and each resubmission.  The page scrolls.
 *
 * The decisions are taken here too (a, p, x, e, u: decide.c); after one,
 * and after another desk's write (reread), the page shows the line as it
 * now is. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svdesk/detail.h"

#include "page.h"

#define LABEL_W 19

__extension__ typedef __int128 wide;

struct line_page {
	struct tui *t;
	int64_t line_id;
	detail_line l;
	detail_commitment cm;            /* its figures: the lines up to l's quarter */
	detail_contract c;
	detail_decision *dec;
	size_t ndec;
	detail_resubmission *res;
	size_t nres;
	sv_qty first_delivered;          /* as first submitted (before any resubmission) */
	char problem[1024];
	struct page page;
	int built_for;
};

/* A UTC stamp "YYYY-MM-DDTHH:MM:SSZ" as local "DD/MM/YYYY HH:MM". */
static char *stamp_local(const char *utc, char *buf, size_t n)
{
	struct tm tm;
	time_t when;

	memset(&tm, 0, sizeof tm);
	if (utc == NULL || sscanf(utc, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon,
				  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return page_stamp(utc, buf, n);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	when = timegm(&tm);
	if (when == (time_t)-1 || localtime_r(&when, &tm) == NULL)
		return page_stamp(utc, buf, n);
	snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", tm.tm_mday, tm.tm_mon + 1,
		 tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
	return buf;
}

static void field(struct page *p, const char *label, const char *value)
{
	int i = page_add(p, ROLE_NORMAL, 0, 0);

	page_cell(p, i, 0, LABEL_W, ALIGN_LEFT, label);
	page_cell(p, i, LABEL_W + 1, -1, ALIGN_LEFT, value);
}

/* "12.00 FTE = £3,880.00" (no £SV for a record-only commitment) */
static char *qty_sv(struct tui *t, const detail_commitment *cm, sv_qty q, sv_pence v, char *buf,
		    size_t n)
{
	char a[48], b[48];

	if (cm->has_proxy)
		snprintf(buf, n, "%s %s = %s", qty_format(q, 1, a, sizeof a), cm->unit,
			 money_format(v, t->money, b, sizeof b));
	else
		snprintf(buf, n, "%s %s", qty_format(q, 1, a, sizeof a), cm->unit);
	return buf;
}

/* "166.6%" of the pro-rata target, or "-" without a target */
static char *percent(sv_qty part, sv_qty target, int quarter, char *buf, size_t n)
{
	int64_t tenths = part <= INT64_MAX / 4 ? detail_percent(part * 4, target * quarter) : -1;

	if (tenths < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
	return buf;
}

/* One entry of the history: the time, then what. */
static void history_line(struct page *p, struct tui *t, const char *when, const char *what,
			 const char *quoted)
{
	int i = page_add(p, ROLE_NORMAL, 0, 0);

	page_cell(p, i, 2, 16, ALIGN_LEFT, when);
	page_cell(p, i, 19, -1, ALIGN_LEFT, what);
	if (quoted != NULL && quoted[0] != '\0') {
		char *q = malloc(strlen(quoted) + 3);

		if (q == NULL) {
			p->nomem = 1;
			return;
		}
		sprintf(q, "\"%s\"", quoted);
		page_wrap(p, ROLE_DIM, 21, t->cols - 22, q);
		free(q);
	}
}

/* What a decision decided: "accepted 25 hours", "partial 20 of 25 hours",
 * "rejected", "query", "submitted". */
static char *decided(const detail_decision *d, const char *unit, char *buf, size_t n)
{
	char a[48], b[48];

	if (d->status == ST_VALIDATED && d->has_delivered && d->validated < d->delivered)
		snprintf(buf, n, "partial %s of %s %s", qty_format(d->validated, 1, a, sizeof a),
			 qty_format(d->delivered, 1, b, sizeof b), unit);
	else if (d->status == ST_VALIDATED)
		snprintf(buf, n, "accepted %s %s", qty_format(d->validated, 1, a, sizeof a), unit);
	else
		snprintf(buf, n, "%s", status_name(d->status));
	return buf;
}

static void history_decision(struct line_page *c, struct tui *t, const detail_decision *d)
{
	const char *unit = c->cm.unit;
	char what[800], when[32], now[160], was[400], u_did[160];
	const char *reason = d->reason;

	decided(d, unit, now, sizeof now);
	if (d->undoes != 0) {
		const detail_decision *u = NULL;

		for (size_t k = 0; k < c->ndec; k++)
			if (c->dec[k].id == d->undoes)
				u = &c->dec[k];
		if (u != NULL)
			snprintf(was, sizeof was, "%s by %s", decided(u, unit, u_did, sizeof u_did),
				 u->by);
		else
			snprintf(was, sizeof was, "decision %lld", (long long)d->undoes);
		snprintf(what, sizeof what, "undo by %s (%s) of %s: back to %s", d->by, d->origin,
			 was, now);
		reason = NULL;          /* the restored reason is the earlier decision's */
	} else if (d->status == ST_QUERY) {
		snprintf(what, sizeof what, "query by %s (%s), evidence needed:", d->by, d->origin);
	} else {
		snprintf(what, sizeof what, "%s by %s (%s)", now, d->by, d->origin);
	}
	history_line(&c->page, t, stamp_local(d->at, when, sizeof when), what, reason);
}

static void history_resubmission(struct line_page *c, struct tui *t,
				 const detail_resubmission *r)
{
	char what[400], when[32], a[48], b[48];

	if (r->delivered_changed)
		snprintf(what, sizeof what, "resubmitted by %s (%s): delivered %s -> %s %s%s",
			 r->who, r->origin, qty_format(r->before, 1, a, sizeof a),
			 qty_format(r->after, 1, b, sizeof b), c->cm.unit,
			 r->evidence_changed ? ", new evidence" : "");
	else
		snprintf(what, sizeof what, "resubmitted by %s (%s): new evidence", r->who,
			 r->origin);
	history_line(&c->page, t, stamp_local(r->at, when, sizeof when), what, NULL);
}

static void build(struct line_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const detail_line *l = &c->l;
	const detail_commitment *cm = &c->cm;
	char buf[600], a[48], b[48], qn[16], fy[8];
	sv_quarter sq = { cm->year, l->quarter };
	size_t kd = 0, kr = 0;
	int i;

	page_clear(p);
	quarter_format(sq, ' ', qn);
	i = page_add(p, ROLE_HEADER, 0, 0);
	snprintf(buf, sizeof buf, "%s %s %s  return line", c->c.ref, cm->code, qn);
	page_cell(p, i, 0, -1, ALIGN_LEFT, buf);

	/* the commitment it reports against */
	snprintf(buf, sizeof buf, "%s  %s", c->c.ref, c->c.title);
	field(p, "Contract", buf);
	field(p, "Supplier", c->c.supplier);
	snprintf(buf, sizeof buf, "%s  %s", cm->code, cm->measure_title);
	field(p, "Measure", buf);
	field(p, "Unit", cm->unit);
	field(p, "Year", fy_format(cm->year, fy));
	field(p, "Target", qty_sv(t, cm, cm->target, cm->committed, buf, sizeof buf));
	snprintf(buf, sizeof buf, "Delivered to Q%d", l->quarter);
	field(p, buf, qty_sv(t, cm, cm->q_delivered, cm->delivered, a, sizeof a));
	snprintf(buf, sizeof buf, "Validated to Q%d", l->quarter);
	field(p, buf, qty_sv(t, cm, cm->q_validated, cm->validated, a, sizeof a));
	{
		char pd[48], pv[48], pro[48];
		/* target x quarters / 4, half away from zero */
		sv_qty share = (sv_qty)(((wide)cm->target * l->quarter + 2) / 4);

		snprintf(buf, sizeof buf, "%s %s (target x %d/4): delivered %s, validated %s",
			 qty_format(share, 1, pro, sizeof pro), cm->unit, l->quarter,
			 percent(cm->q_delivered, cm->target, l->quarter, pd, sizeof pd),
			 percent(cm->q_validated, cm->target, l->quarter, pv, sizeof pv));
		field(p, "Pro-rata target", buf);
	}

	/* this line */
	page_blank(p);
	field(p, "Quarter", qn);
	if (cm->has_proxy) {
		char pr[32];

		field(p, "Delivered", qty_sv(t, cm, l->delivered, l->sv_delivered, buf, sizeof buf));
		snprintf(buf, sizeof buf, "%s%s a unit, %s%s", t->money == MONEY_POUND ? "£" : "GBP ",
			 proxy_format(cm->proxy, pr, sizeof pr),
			 cm->set_name != NULL ? cm->set_name : "no proxy set",
			 cm->set_illustrative ? " (illustrative)" : "");
		field(p, "Proxy", buf);
	} else {
		snprintf(buf, sizeof buf, "%s %s (record only: no £SV)",
			 qty_format(l->delivered, 1, a, sizeof a), cm->unit);
		field(p, "Delivered", buf);
	}
	field(p, "Submitted", l->submitted[0] != '\0' ? page_date(l->submitted, a, sizeof a)
						    : "not recorded");
	field(p, "Status", status_name(l->status));
	if (l->has_validated)
		field(p, "Validated", qty_sv(t, cm, l->validated, l->sv_validated, buf, sizeof buf));
	if (l->validated_by[0] != '\0') {
		snprintf(buf, sizeof buf, "%s at %s", l->validated_by,
			 stamp_local(l->validated_at, a, sizeof a));
		field(p, "Decided by", buf);
	}
	if (l->reason != NULL)
		field(p, l->status == ST_QUERY ? "Evidence needed" : "Reason", l->reason);
	snprintf(buf, sizeof buf, "%lld", (long long)l->version);
	field(p, "Version", buf);
	if (c->problem[0] != '\0')
		page_text(p, ROLE_ERROR, 0, c->problem);

	page_blank(p);
	page_text(p, ROLE_HEADER, 0, "Evidence");
	if (l->evidence == NULL || l->evidence[0] == '\0')
		page_text(p, ROLE_DIM, 2, "none given");
	else
		page_wrap(p, ROLE_NORMAL, 2, t->cols - 3, l->evidence);

	/* the history: submitted, then decisions and resubmissions by time */
	page_blank(p);
	snprintf(buf, sizeof buf, "History (oldest first): %zu decision%s, %zu resubmission%s",
		 c->ndec, c->ndec == 1 ? "" : "s", c->nres, c->nres == 1 ? "" : "s");
	page_text(p, ROLE_HEADER, 0, buf);
	snprintf(buf, sizeof buf, "submitted: delivered %s %s",
		 qty_format(c->first_delivered, 1, a, sizeof a), cm->unit);
	history_line(p, t, l->submitted[0] != '\0' ? page_date(l->submitted, b, sizeof b)
						   : "date not recorded", buf, NULL);
	while (kd < c->ndec || kr < c->nres) {
		/* stamps compare as text; at the same second, the audit's order */
		if (kr == c->nres || (kd < c->ndec && strcmp(c->dec[kd].at, c->res[kr].at) <= 0))
			history_decision(c, t, &c->dec[kd++]);
		else
			history_resubmission(c, t, &c->res[kr++]);
	}
	if (p->nomem)
		ui_status(t, 1, "out of memory: the page is incomplete");
	page_select(p, 0, 0);
	c->built_for = t->cols;
}

static void clear_data(struct line_page *c)
{
	detail_line_free(&c->l);
	detail_commitments_free(&c->cm, 1);
	detail_contract_free(&c->c);
	detail_decisions_free(c->dec, c->ndec);
	free(c->res);
	memset(&c->l, 0, sizeof c->l);
	memset(&c->cm, 0, sizeof c->cm);
	memset(&c->c, 0, sizeof c->c);
	c->dec = NULL;
	c->ndec = 0;
	c->res = NULL;
	c->nres = 0;
}

/* Read everything the page shows (one snapshot) into c: 0, or -1 with err
 * (c then holds nothing). */
static int load(struct line_page *c, svdb *db, sv_err *err)
{
	detail_line *lines = NULL;
	size_t nl = 0, k = 0;
	int began = 0, rc;

	c->problem[0] = '\0';
	if (db_snapshot_begin(db, &began, err) < 0)
		return -1;
	rc = detail_line_get(db, c->line_id, &c->l, err);
	if (rc > 0)
		rc = detail_commitment_get(db, c->l.commitment_id, &c->cm, err);
	if (rc > 0)
		rc = detail_contract_get(db, c->cm.contract_id, &c->c, err);
	if (rc > 0)
		rc = detail_decisions(db, c->line_id, &c->dec, &c->ndec, err) < 0 ? -1 : 1;
	if (rc > 0)
		rc = detail_resubmissions(db, c->line_id, &c->res, &c->nres, err) < 0 ? -1 : 1;
	if (rc > 0)
		rc = detail_lines(db, 0, 0, c->l.commitment_id, &lines, &nl, err) < 0 ? -1 : 1;
	db_snapshot_end(db, began);
	if (rc == 0)
		sv_err_set(err, "the return line is no longer in the database");
	if (rc <= 0) {
		free(lines);
		clear_data(c);
		return -1;
	}
	c->first_delivered = c->nres > 0 && c->res[0].delivered_changed ? c->res[0].before
									 : c->l.delivered;
	/* the commitment's figures to this line's quarter */
	for (size_t j = 0; j < nl; j++)
		if (lines[j].quarter <= c->l.quarter)
			lines[k++] = lines[j];
	{
		sv_err ferr = { 0 };

		/* the line is one of them: its £SV comes with the sums */
		if (detail_figures(&c->cm, 1, lines, k, NULL, &ferr) < 0)
			snprintf(c->problem, sizeof c->problem, "%s", ferr.msg);
		for (size_t j = 0; j < k; j++)
			if (lines[j].id == c->line_id) {
				c->l.sv_delivered = lines[j].sv_delivered;
				c->l.sv_validated = lines[j].sv_validated;
			}
	}
	free(lines);
	return 0;
}

static void line_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct line_page *c = v->priv;

	if (c->built_for != t->cols)
		build(c, t);
	page_draw(&c->page, t, y0, h);
}

static int line_act(struct view *v, struct tui *t, enum action_id a)
{
	struct line_page *c = v->priv;

	switch (a) {
	case ACT_ACCEPT:
	case ACT_PARTIAL:
	case ACT_REJECT:
	case ACT_QUERY:
		/* the page re-reads itself (ui_changed: reread) */
		ui_decide(t, c->line_id, c->l.version, a);
		return 1;
	case ACT_UNDO:
		ui_undo(t);
		return 1;
	default:
		return page_move(&c->page, a);
	}
}

static void line_reread(struct view *v, struct tui *t)
{
	struct line_page *c = v->priv;
	sv_err err = { 0 };

	clear_data(c);
	if (load(c, t->o->db, &err) < 0) {
		/* nothing to show but why */
		page_clear(&c->page);
		page_text(&c->page, ROLE_ERROR, 0, err.msg);
		c->built_for = t->cols;
		return;
	}
	build(c, t);
	page_move(&c->page, ACT_NONE);
}

static void line_resize(struct view *v, struct tui *t, int h)
{
	struct line_page *c = v->priv;

	page_set_height(&c->page, h);
	if (c->built_for != t->cols)
		build(c, t);
	page_move(&c->page, ACT_NONE);
}

static void line_position(struct view *v, char *buf, size_t n)
{
	struct line_page *c = v->priv;

	page_position(&c->page, buf, n);
}

static void line_title(struct view *v, char *buf, size_t n)
{
	struct line_page *c = v->priv;

	/* the page's first line gives the year */
	snprintf(buf, n, "line %s %s Q%d", c->c.ref, c->cm.code, c->l.quarter);
}

static void line_close(struct view *v)
{
	struct line_page *c = v->priv;

	clear_data(c);
	page_free(&c->page);
	free(c);
	free(v);
}

/* The decisions' keys; Enter and y (CTX_DETAIL) have nothing to do here. */
/* No record is added, edited or deleted here. */
static const enum action_id line_lacks[] = { ACT_ADD, ACT_EDIT, ACT_DELETE, ACT_NONE };

static const struct view_ops line_ops = {
	.lacks = line_lacks,
	.name = "line",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_DECIDE,
	.draw = line_draw,
	.act = line_act,
	.resize = line_resize,
	.position = line_position,
	.close = line_close,
	.title = line_title,
	.reread = line_reread,
};

struct view *view_line_new(struct tui *t, int64_t line_id, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct line_page *c = calloc(1, sizeof *c);

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->line_id = line_id;
	c->page.sel = -1;
	if (load(c, t->o->db, err) < 0) {
		free(c);
		free(v);
		return NULL;
	}
	v->ops = &line_ops;
	v->priv = c;
	return v;
}
