/* view_audit.c: the audit log (key 6): who did what and when, newest
 * first, a keyset page at a time (db/auditlog.c), so it costs the same at
 * any size of the log; filtered (f) by the contract an entry names, the
 * person, the origin and a range of dates, F clearing them; S shows the
 * oldest first.  Enter shows the entry (view_entry.c).  The title says
 * whether the audit triggers were found intact when the database was
 * opened (verifying the chain is `svdesk check audit`'s work). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svdesk/auditlog.h"
#include "svdesk/db.h"
#include "svdesk/period.h"
#include "ui.h"

enum { AC_ID = 0, AC_WHEN, AC_WHO, AC_ORIGIN, AC_WHAT, AC_CONTRACT, NCOLS };

/* When the row is narrow the contract leaves first (the words name it),
 * then the origin, then the person. */
static const struct ui_column columns[NCOLS] = {
	[AC_ID] = { "#", 0, 0, 0, ALIGN_RIGHT, 0 },
	[AC_WHEN] = { "When", 16, 0, 0, ALIGN_LEFT, 0 },
	[AC_WHO] = { "Who", 0, 6, 1, ALIGN_LEFT, 1 },
	[AC_ORIGIN] = { "Origin", 6, 0, 0, ALIGN_LEFT, 2 },
	[AC_WHAT] = { "What", 0, 30, 5, ALIGN_LEFT, 0 },
	[AC_CONTRACT] = { "Contract", 13, 0, 0, ALIGN_LEFT, 3 },
};

#define MATCH_MAX 50
#define NAMES_MAX 500

struct audit {
	struct list list;          /* first: the list view's hooks find it */
	struct tui *t;
	auditlog_query q;
	int64_t last_id;           /* the newest entry when the list was read: the # width */
	struct ui_column cols[NCOLS];
	int widths[NCOLS];
	int laid_out_for;
	char contract_ref[64];     /* the contract filter, as the title shows it */
	char from_uk[11], to_uk[11];   /* the date filter, DD/MM/YYYY */
};

/* ---- time: the desk's local time of a UTC stamp ----------------------------- */

int ui_local_stamp(const char *utc, char *buf, size_t n)
{
	sv_date d;
	int hh, mm, ss;
	char day[11];
	time_t t;
	struct tm lt;

	if (utc == NULL || strlen(utc) != 20 || utc[10] != 'T' || utc[19] != 'Z' ||
	    sscanf(utc + 11, "%2d:%2d:%2d", &hh, &mm, &ss) != 3) {
		snprintf(buf, n, "%s", utc != NULL ? utc : "");
		return -1;
	}
	memcpy(day, utc, 10);
	day[10] = '\0';
	if (date_parse(day, &d, NULL) < 0) {
		snprintf(buf, n, "%s", utc);
		return -1;
	}
	t = (time_t)date_to_days(d) * 86400 + hh * 3600 + mm * 60 + ss;
	if (localtime_r(&t, &lt) == NULL || strftime(buf, n, "%d/%m/%Y %H:%M", &lt) == 0) {
		snprintf(buf, n, "%s", utc);
		return -1;
	}
	return 0;
}

/* ---- the list ------------------------------------------------------------- */

static int64_t src_count(void *ctx, sv_err *err)
{
	struct audit *s = ctx;

	return auditlog_count(s->t->o->db, &s->q, err);
}

static int src_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err)
{
	struct audit *s = ctx;

	return auditlog_page(s->t->o->db, &s->q, anchor, forward, rows, limit, err);
}

static void layout(struct audit *s, struct tui *t)
{
	char num[24];

	if (s->laid_out_for == t->cols)
		return;
	memcpy(s->cols, columns, sizeof columns);
	/* the widest entry number, so that the column stays put */
	s->cols[AC_ID].width = snprintf(num, sizeof num, "%lld", (long long)s->last_id);
	if (s->cols[AC_ID].width < 1)
		s->cols[AC_ID].width = 1;
	ui_columns_layout(s->cols, NCOLS, t->cols, s->widths);
	s->laid_out_for = t->cols;
}

static void draw_cells(struct audit *s, struct tui *t, int y, const char *const cells[NCOLS])
{
	int x = 0, first = 1;

	for (int i = 0; i < NCOLS; i++) {
		if (s->widths[i] <= 0)
			continue;
		if (!first) {
			ui_fill(y, x, 1);
			x++;
		}
		first = 0;
		ui_text(t, y, x, s->widths[i], s->cols[i].align, cells[i]);
		x += s->widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
}

static void src_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct audit *s = ctx;
	const auditlog_row *r = row;
	char num[24], when[40];
	const char *cells[NCOLS];

	snprintf(num, sizeof num, "%lld", (long long)r->id);
	ui_local_stamp(r->at, when, sizeof when);
	cells[AC_ID] = num;
	cells[AC_WHEN] = when;
	cells[AC_WHO] = r->who;
	cells[AC_ORIGIN] = r->origin;
	cells[AC_WHAT] = r->what;
	cells[AC_CONTRACT] = r->contract;
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(s, t, y, cells);
	ui_set_role(ROLE_NORMAL);
}

static const struct list_source source = {
	.row_size = sizeof(auditlog_row),
	.count = src_count,
	.fetch = src_fetch,
	.draw_row = src_draw_row,
};

static int any_filter(const struct audit *s)
{
	return s->q.contract_id != 0 || s->q.who[0] != '\0' || s->q.origin[0] != '\0' ||
	       s->q.from[0] != '\0' || s->q.to[0] != '\0';
}

/* The newest entry's number (the # column's width). */
static int read_last(struct audit *s, sv_err *err)
{
	auditlog_query all;
	auditlog_row row;
	int k;

	auditlog_query_init(&all);
	k = auditlog_page(s->t->o->db, &all, NULL, 1, &row, 1, err);
	if (k < 0)
		return -1;
	s->last_id = k > 0 ? row.id : 0;
	s->laid_out_for = 0;
	return 0;
}

/* The query changed: the first page; with keep, the selected entry stays
 * selected where it can (it anchors the pages around it). */
static int requery(struct audit *s, int keep, sv_err *err)
{
	const auditlog_row *sel = list_selected(&s->list);
	auditlog_row row;
	int64_t rank;

	s->laid_out_for = 0;
	if (!keep || sel == NULL)
		return list_reset(&s->list, err);
	row = *sel;
	s->list.total = auditlog_count(s->t->o->db, &s->q, err);
	if (s->list.total < 0)
		return -1;
	rank = auditlog_rank(s->t->o->db, &s->q, row.id, err);
	if (rank < 0)
		return -1;
	return list_jump(&s->list, &row, rank, err);
}

static void draw_empty(struct audit *s, struct tui *t, int y0, int h)
{
	const char *msg = any_filter(s) ? "No entry matches the filters (F clears them)." :
		"The audit log is empty.";

	ui_set_role(ROLE_NORMAL);
	for (int i = 0; i < h; i++) {
		if (i == 1) {
			ui_fill(y0 + i, 0, 2);
			ui_text(t, y0 + i, 2, t->cols - 2, ALIGN_LEFT, msg);
		} else {
			ui_fill(y0 + i, 0, t->cols);
		}
	}
}

static void audit_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct audit *s = v->priv;
	const char *titles[NCOLS];

	layout(s, t);
	for (int i = 0; i < NCOLS; i++)
		titles[i] = s->cols[i].title;
	ui_set_role(ROLE_HEADER);
	draw_cells(s, t, y0, titles);
	ui_set_role(ROLE_NORMAL);
	if (s->list.total == 0 || s->list.n == 0) {
		draw_empty(s, t, y0 + 1, h - 1);
		return;
	}
	list_draw(&s->list, t, y0 + 1);
}

static void open_selected(struct audit *s, struct tui *t)
{
	const auditlog_row *r = list_selected(&s->list);
	struct view *e;
	sv_err err = { 0 };

	if (r == NULL)
		return;
	e = view_entry_new(t, r->id, &err);
	if (e == NULL) {
		ui_status(t, 1, "%s", err.msg);
	} else if (ui_push(t, e) < 0) {
		e->ops->close(e);
		ui_status(t, 1, "too many views open: press q to go back first");
	}
}

/* ---- filters -------------------------------------------------------------- */

/* "DD/MM/YYYY" into *d; else an error saying what was typed and why. */
static int parse_uk_date(const char *text, sv_date *d, sv_err *err)
{
	int dd, mm, yy, used = 0;

	if (strlen(text) != 10 || text[2] != '/' || text[5] != '/' ||
	    sscanf(text, "%2d/%2d/%4d%n", &dd, &mm, &yy, &used) != 3 || used != 10 ||
	    strspn(text, "0123456789/") != 10)
		return sv_err_set(err, "bad date \"%.40s\": expected DD/MM/YYYY", text);
	if (!date_valid(yy, mm, dd))
		return sv_err_set(err, "bad date \"%.40s\": no such day", text);
	d->y = yy;
	d->m = mm;
	d->d = dd;
	return 0;
}

/* Ask for a date; 1 set (or cleared: *cleared), 0 cancelled, -1 bad (the
 * footer says why). */
static int ask_date(struct tui *t, const char *label, const char *initial, sv_date *d,
		    int *cleared)
{
	char text[64];
	sv_err err = { 0 };

	*cleared = 0;
	if (ui_prompt(t, label, initial, text, sizeof text) != PROMPT_ACCEPTED)
		return 0;
	if (text[0] == '\0') {
		*cleared = 1;
		return 1;
	}
	if (parse_uk_date(text, d, &err) < 0) {
		/* which date: the prompt's first words */
		ui_status(t, 1, "%s: %s", strncmp(label, "From", 4) == 0 ? "from date" : "to date",
			  err.msg);
		return -1;
	}
	return 1;
}

static int filter_dates(struct audit *s, struct tui *t, int which, sv_err *err)
{
	sv_date d, other;
	int cleared, rc;
	char stamp[21], uk[11];

	rc = ask_date(t, which == 0 ? "From date (DD/MM/YYYY, empty: none): " :
		      "To date, included (DD/MM/YYYY, empty: none): ",
		      which == 0 ? s->from_uk : s->to_uk, &d, &cleared);
	if (rc <= 0)
		return 0;
	if (cleared) {
		if (which == 0) {
			s->q.from[0] = '\0';
			s->from_uk[0] = '\0';
		} else {
			s->q.to[0] = '\0';
			s->to_uk[0] = '\0';
		}
		return 1;
	}
	/* the other end, when set, must not cross this one */
	if ((which == 0 ? s->to_uk : s->from_uk)[0] != '\0' &&
	    parse_uk_date(which == 0 ? s->to_uk : s->from_uk, &other, NULL) == 0 &&
	    (which == 0 ? date_cmp(d, other) > 0 : date_cmp(other, d) > 0)) {
		ui_status(t, 1, "the from date (%s) is after the to date (%s)",
			  which == 0 ? date_format_uk(d, uk) : s->from_uk,
			  which == 0 ? s->to_uk : date_format_uk(d, uk));
		return 0;
	}
	if (auditlog_day_start(which == 0 ? d : date_add_days(d, 1), stamp, err) < 0)
		return -1;
	if (which == 0) {
		memcpy(s->q.from, stamp, sizeof stamp);
		date_format_uk(d, s->from_uk);
	} else {
		memcpy(s->q.to, stamp, sizeof stamp);
		date_format_uk(d, s->to_uk);
	}
	return 1;
}

static int filter_contract(struct audit *s, struct tui *t, sv_err *err)
{
	char text[128];
	int64_t ids[MATCH_MAX];
	char refs[MATCH_MAX][64];
	int k, pick = 0;

	if (ui_prompt(t, "Contract ref (empty: any): ", s->contract_ref, text, sizeof text) !=
	    PROMPT_ACCEPTED)
		return 0;
	if (text[0] == '\0') {
		s->q.contract_id = 0;
		s->contract_ref[0] = '\0';
		return 1;
	}
	k = auditlog_contracts_matching(t->o->db, text, MATCH_MAX, ids, refs, err);
	if (k < 0)
		return -1;
	if (k == 0) {
		ui_status(t, 1, "no contract's ref matches \"%s\"", text);
		return 0;
	}
	if (k > 1) {
		struct pick_item items[MATCH_MAX];

		for (int i = 0; i < k; i++) {
			items[i].label = refs[i];
			items[i].marked = 0;
		}
		pick = ui_pick(t, "Which contract?", items, k, 0);
		if (pick < 0)
			return 0;
	}
	s->q.contract_id = ids[pick];
	snprintf(s->contract_ref, sizeof s->contract_ref, "%s", refs[pick]);
	return 1;
}

/* A pick list of the people (kind AUDITLOG_PEOPLE) or the origins in the
 * log, "any" first; into dst. */
static int filter_name(struct audit *s, struct tui *t, int kind, char *dst, size_t n,
		       sv_err *err)
{
	char **names = NULL;
	size_t k = 0;
	struct pick_item *items;
	int sel = 0, pick;

	if (auditlog_names(t->o->db, kind, NAMES_MAX, &names, &k, err) < 0)
		return -1;
	items = calloc(k + 1, sizeof *items);
	if (items == NULL) {
		auditlog_names_free(names, k);
		return sv_err_set(err, "out of memory");
	}
	items[0].label = kind == AUDITLOG_PEOPLE ? "anyone" : "any origin";
	items[0].marked = dst[0] == '\0';
	for (size_t i = 0; i < k; i++) {
		items[i + 1].label = names[i];
		items[i + 1].marked = strcmp(dst, names[i]) == 0;
		if (items[i + 1].marked)
			sel = (int)i + 1;
	}
	pick = ui_pick(t, kind == AUDITLOG_PEOPLE ? "Whose entries?" : "Which origin?", items,
		       (int)k + 1, sel);
	if (pick == 0)
		dst[0] = '\0';
	else if (pick > 0)
		snprintf(dst, n, "%s", names[pick - 1]);
	free(items);
	auditlog_names_free(names, k);
	(void)s;
	return pick >= 0 ? 1 : 0;
}

static void clear_filters(struct audit *s)
{
	int oldest = s->q.oldest_first;

	auditlog_query_init(&s->q);
	s->q.oldest_first = oldest;
	s->contract_ref[0] = '\0';
	s->from_uk[0] = s->to_uk[0] = '\0';
}

static int choose_filter(struct audit *s, struct tui *t, sv_err *err)
{
	char labels[6][300];
	struct pick_item items[6];
	int pick, rc;

	snprintf(labels[0], sizeof labels[0], "Contract: %s",
		 s->contract_ref[0] ? s->contract_ref : "any");
	snprintf(labels[1], sizeof labels[1], "Person: %s", s->q.who[0] ? s->q.who : "anyone");
	snprintf(labels[2], sizeof labels[2], "Origin: %s", s->q.origin[0] ? s->q.origin : "any");
	snprintf(labels[3], sizeof labels[3], "From date: %s", s->from_uk[0] ? s->from_uk : "none");
	snprintf(labels[4], sizeof labels[4], "To date: %s", s->to_uk[0] ? s->to_uk : "none");
	snprintf(labels[5], sizeof labels[5], "Clear every filter");
	for (int i = 0; i < 6; i++) {
		items[i].label = labels[i];
		items[i].marked = 0;
	}
	items[0].marked = s->q.contract_id != 0;
	items[1].marked = s->q.who[0] != '\0';
	items[2].marked = s->q.origin[0] != '\0';
	items[3].marked = s->q.from[0] != '\0';
	items[4].marked = s->q.to[0] != '\0';
	pick = ui_pick(t, "Filter the audit log", items, 6, 0);
	switch (pick) {
	case 0: rc = filter_contract(s, t, err); break;
	case 1: rc = filter_name(s, t, AUDITLOG_PEOPLE, s->q.who, sizeof s->q.who, err); break;
	case 2: rc = filter_name(s, t, AUDITLOG_ORIGINS, s->q.origin, sizeof s->q.origin, err);
		break;
	case 3: rc = filter_dates(s, t, 0, err); break;
	case 4: rc = filter_dates(s, t, 1, err); break;
	case 5: clear_filters(s); rc = 1; break;
	default: return 0;
	}
	if (rc <= 0)
		return rc;
	return requery(s, 0, err);
}

/* ---- the view's operations ------------------------------------------------ */

static int audit_act(struct view *v, struct tui *t, enum action_id a)
{
	struct audit *s = v->priv;
	sv_err err = { 0 };
	int rc = 1;

	switch (a) {
	case ACT_OPEN:
		open_selected(s, t);
		break;
	case ACT_SORT:
		ui_status(t, 0, "the audit log is in entry order only (S: %s first)",
			  s->q.oldest_first ? "newest" : "oldest");
		break;
	case ACT_SORT_REVERSE:
		s->q.oldest_first = !s->q.oldest_first;
		rc = requery(s, 1, &err) < 0 ? -1 : 1;
		break;
	case ACT_FILTER:
		rc = choose_filter(s, t, &err) < 0 ? -1 : 1;
		break;
	case ACT_FILTER_CLEAR:
		if (!any_filter(s)) {
			ui_status(t, 0, "no filter to clear");
			break;
		}
		clear_filters(s);
		rc = requery(s, 0, &err) < 0 ? -1 : 1;
		break;
	case ACT_SEARCH:
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		ui_status(t, 0, "the audit log has no search: f filters it by contract, "
			  "person, origin and date");
		break;
	case ACT_YEAR:
		ui_status(t, 0, "the audit log is not by year: f filters it by date");
		break;
	default:
		rc = list_act(&s->list, a, &err);
		break;
	}
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
	return rc != 0;
}

static int audit_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct audit *s = v->priv;

	(void)x;
	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN)
		return 0;
	if (row == 0)
		return 1;
	if (list_mouse(&s->list, row - 1, kind) == 2)
		open_selected(s, t);
	return 1;
}

static void audit_title(struct view *v, char *buf, size_t n)
{
	struct audit *s = v->priv;
	size_t k;

	/* the triggers' state first; the filters after it, short, so that
	 * they show on 80 columns */
	if (db_audit_triggers_ok(s->t->o->db))
		k = (size_t)snprintf(buf, n, "Audit log  triggers intact%s",
				     s->t->cols >= 100 ? " on open" : "");
	else    /* first: the bar is short beside READ-ONLY */
		k = (size_t)snprintf(buf, n, "TRIGGERS ALTERED  Audit log");
#define ADD(...) do { if (k < n) k += (size_t)snprintf(buf + k, n - k, __VA_ARGS__); } while (0)
	if (s->q.contract_id != 0)
		ADD("  %s", s->contract_ref);
	if (s->q.who[0] != '\0')
		ADD("  who %s", s->q.who);
	if (s->q.origin[0] != '\0')
		ADD("  origin %s", s->q.origin);
	if (s->from_uk[0] != '\0' && s->to_uk[0] != '\0')
		ADD("  %s to %s", s->from_uk, s->to_uk);
	else if (s->from_uk[0] != '\0')
		ADD("  from %s", s->from_uk);
	else if (s->to_uk[0] != '\0')
		ADD("  to %s", s->to_uk);
	if (s->q.oldest_first)
		ADD("  oldest first");
#undef ADD
}

/* Another desk wrote (or this one): the page on screen is read again from
 * its first row; on the list's first row, from the top, so that new
 * entries show there. */
static void audit_reread(struct view *v, struct tui *t)
{
	struct audit *s = v->priv;
	sv_err err = { 0 };
	int rc;

	if (read_last(s, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (s->list.n == 0 || (s->list.top == 0 && s->list.sel == 0))
		rc = list_reset(&s->list, &err);
	else
		rc = requery(s, 1, &err);
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
}

static void audit_close(struct view *v)
{
	struct audit *s = v->priv;

	list_free(&s->list);
	free(s);
	free(v);
}

/* The log is in entry order, not by year, and has no text search: its
 * filters choose the entries (S reverses the order). */
static const enum action_id audit_lacks[] = {
	ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_SORT, ACT_YEAR, ACT_ADD, ACT_EDIT,
	ACT_DELETE, ACT_NONE
};

static const struct view_ops audit_ops = {
	.lacks = audit_lacks,
	.name = "audit",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_LIST,
	.draw = audit_draw,
	.act = audit_act,
	.resize = list_view_resize,
	.cursor = list_view_cursor,
	.position = list_view_position,
	.close = audit_close,
	.mouse = audit_mouse,
	.title = audit_title,
	.reread = audit_reread,
};

struct view *view_audit_new(struct tui *t, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct audit *s = calloc(1, sizeof *s);

	if (v == NULL || s == NULL) {
		free(v);
		free(s);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	s->t = t;
	auditlog_query_init(&s->q);
	if (read_last(s, err) < 0 || list_init(&s->list, &source, s, err) < 0) {
		free(v);
		free(s);
		return NULL;
	}
	v->ops = &audit_ops;
	v->priv = s;
	return v;
}
