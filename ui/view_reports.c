/* view_reports.c: the Reports view (key 5).
 *
 * A board's report for a period, previewed line for line as the text
 * output (report_render_text) at the screen's width; page breaks show as a
 * dim rule, chart bars in block characters coloured by series.  b chooses
 * the board, y the period (typed in the one-line editor), p prints with
 * the [print] command, w writes a text, CSV or PDF file.  For the FGB, h shows
 * the year's highlights, where A adds, E edits, D deletes, K and J move;
 * every change rebuilds the preview. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svdesk/csvout.h"
#include "svdesk/detail.h"
#include "svdesk/highlight.h"
#include "svdesk/outfile.h"
#include "svdesk/report.h"
#include "svdesk/report_pdf.h"

#include "ui.h"

#define HIGHLIGHT_MAX 4000   /* bytes: the text rule of highlights */

struct reports {
	struct tui *t;
	report_period p;
	report *r;
	report_text txt;
	int have_txt;
	int width;             /* the width txt was rendered at */
	char problem[1024];     /* why there is no preview */
	int top;               /* first preview line shown */
	int sel;               /* the selected preview line (Enter opens its contract) */
	int height;            /* rows of the body area */
	/* the highlights pane (FGB) */
	int hl_mode;
	highlight_list hl;
	int hl_sel, hl_top;
	char draft[HIGHLIGHT_MAX + 1];   /* text refused by the last add or edit */
	int64_t draft_id;                /* 0: the draft is a new highlight */
};

static const struct view_ops reports_ops, highlights_ops;

/* ---- building ------------------------------------------------------------ */

static int preview_width(const struct tui *t)
{
	return t->cols < 40 ? 40 : t->cols > 250 ? 250 : t->cols;
}

static void drop_text(struct reports *c)
{
	if (c->have_txt)
		report_text_free(&c->txt);
	c->have_txt = 0;
}

/* Lay the built report out at the screen's width. */
static void render(struct reports *c)
{
	struct tui *t = c->t;
	report_layout lay;
	sv_err err = { 0 };

	drop_text(c);
	c->width = preview_width(t);
	if (c->r == NULL)
		return;
	lay.width = c->width;
	lay.page_length = t->o->cfg->page_length;
	lay.money = t->money;
	if (report_render_text(c->r, &lay, &c->txt, &err) < 0) {
		snprintf(c->problem, sizeof c->problem, "%s", err.msg);
		return;
	}
	c->have_txt = 1;
	if (c->top > (int)c->txt.n - 1)
		c->top = c->txt.n > 0 ? (int)c->txt.n - 1 : 0;
}

static void load_highlights(struct reports *c)
{
	sv_err err = { 0 };

	highlight_list_free(&c->hl);
	if (c->p.board != BOARD_FGB)
		return;
	if (highlight_list_read(c->t->o->db, c->p.fy, &c->hl, &err) < 0)
		ui_status(c->t, 1, "%s", err.msg);
	if (c->hl_sel >= (int)c->hl.n)
		c->hl_sel = c->hl.n > 0 ? (int)c->hl.n - 1 : 0;
}

/* Build the report of the current board and period, and render it. */
static void build(struct reports *c)
{
	struct tui *t = c->t;
	sv_err err = { 0 };

	report_free(&c->r);
	drop_text(c);
	c->problem[0] = '\0';
	if (report_build(t->o->db, t->o->cfg, &c->p, t->o->who, &t->o->now, &c->r, &err) < 0) {
		snprintf(c->problem, sizeof c->problem, "%s", err.msg);
		c->r = NULL;
	}
	render(c);
	load_highlights(c);
}

static void period_label(const report_period *p, char *buf, size_t n)
{
	char fy[8], q[11];

	if (report_board_quarterly(p->board)) {
		sv_quarter sq = { p->fy, p->q };

		snprintf(buf, n, "%s", quarter_format(sq, '-', q));
	} else {
		snprintf(buf, n, "%s", fy_format(p->fy, fy));
	}
}

/* ---- drawing --------------------------------------------------------------- */

static void draw_heading(struct reports *c, struct tui *t, int y)
{
	char line[256], per[16];
	char upper[8];
	const char *code = report_board_code(c->p.board);
	size_t i;

	for (i = 0; code[i] != '\0' && i + 1 < sizeof upper; i++)
		upper[i] = (char)(code[i] >= 'a' && code[i] <= 'z' ? code[i] - 'a' + 'A' : code[i]);
	upper[i] = '\0';
	period_label(&c->p, per, sizeof per);
	snprintf(line, sizeof line, "%s %s, %s%s", upper, report_board_title(c->p.board), per,
		 c->hl_mode ? ": highlights" : "");
	ui_set_role(ROLE_HEADER);
	ui_text(t, y, 0, t->cols, ALIGN_LEFT, line);
	ui_set_role(ROLE_NORMAL);
}

/* The block characters of a bar: colour themes show every series in full
 * blocks of its colour; without colour each series has a shade of its own
 * (the line's label names it too). */
static wchar_t bar_char(enum report_series s)
{
	if (!ui_mono())
		return L'\x2588';                /* full block */
	switch (s) {
	case SERIES_COMMITTED:
		return L'\x2591';                /* light shade */
	case SERIES_DELIVERED:
		return L'\x2592';                /* medium shade */
	default:
		return L'\x2588';
	}
}

static enum ui_role bar_role(enum report_series s)
{
	switch (s) {
	case SERIES_COMMITTED:
		return ROLE_COMMITTED;
	case SERIES_DELIVERED:
		return ROLE_DELIVERED;
	default:
		return ROLE_VALIDATED;
	}
}

/* A chart's legend ("= committed   + delivered   # validated"): the keys
 * are drawn as the bars are.  Only a line made of nothing but such items
 * is a legend. */
static void draw_legend(struct tui *t, int y, const char *s)
{
	static const struct {
		const char *word;
		enum report_series series;
	} items[] = {
		{ "committed", SERIES_COMMITTED },
		{ "delivered", SERIES_DELIVERED },
		{ "validated", SERIES_VALIDATED },
	};
	int at[3], n = 0;
	enum report_series ser[3];
	const char *p = s;

	if (s == NULL || !t->utf8)
		return;
	while (*p != '\0') {
		size_t i;

		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		if (n == 3 || (p[0] != '=' && p[0] != '+' && p[0] != '#') || p[1] != ' ')
			return;
		for (i = 0; i < 3; i++)
			if (strncmp(p + 2, items[i].word, strlen(items[i].word)) == 0 &&
			    (p[2 + strlen(items[i].word)] == ' ' || p[2 + strlen(items[i].word)] == '\0'))
				break;
		if (i == 3)
			return;
		at[n] = (int)(p - s);
		ser[n++] = items[i].series;
		p += 2 + strlen(items[i].word);
	}
	for (int i = 0; i < n; i++) {
		wchar_t wc = bar_char(ser[i]);

		if (at[i] >= t->cols)
			break;
		ui_set_role(bar_role(ser[i]));
		mvaddnwstr(y, at[i], &wc, 1);
	}
	ui_set_role(ROLE_NORMAL);
}

static void draw_line(struct tui *t, int y, const report_line *l)
{
	if (l->kind == RLINE_PAGE) {
		ui_set_role(ROLE_DIM);
		if (t->utf8) {
			ui_fill(y, 0, t->cols);
			mvhline_set(y, 0, WACS_HLINE, t->cols);
		} else {
			mvhline(y, 0, '-', t->cols);
		}
		ui_set_role(ROLE_NORMAL);
		return;
	}
	ui_set_role(ROLE_NORMAL);
	ui_text(t, y, 0, t->cols, ALIGN_LEFT, l->text != NULL ? l->text : "");
	if (l->kind == RLINE_TEXT)
		draw_legend(t, y, l->text);
	if (l->kind == RLINE_BAR && l->bar_len > 0 && l->bar_at < t->cols) {
		int len = l->bar_at + l->bar_len > t->cols ? t->cols - l->bar_at : l->bar_len;

		ui_set_role(bar_role(l->series));
		if (t->utf8) {
			wchar_t blocks[256];
			int n = len < 256 ? len : 256;

			for (int i = 0; i < n; i++)
				blocks[i] = bar_char(l->series);
			mvaddnwstr(y, l->bar_at, blocks, n);
		} else if (l->text != NULL && (size_t)(l->bar_at + len) <= strlen(l->text)) {
			/* the text's own ASCII characters, in the series' colour */
			char ascii[256];
			int n = len < 255 ? len : 255;

			memcpy(ascii, l->text + l->bar_at, (size_t)n);
			ascii[n] = '\0';
			ui_text(t, y, l->bar_at, n, ALIGN_LEFT, ascii);
		}
		ui_set_role(ROLE_NORMAL);
	}
}

static void draw_preview(struct reports *c, struct tui *t, int y0, int h)
{
	for (int i = 0; i < h; i++) {
		int n = c->top + i;

		if (c->have_txt && n < (int)c->txt.n) {
			draw_line(t, y0 + i, &c->txt.lines[n]);
			if (n == c->sel)
				mvchgat(y0 + i, 0, -1, A_REVERSE, 0, NULL);
		} else {
			ui_set_role(ROLE_NORMAL);
			if (!c->have_txt && i == 1)
				ui_text(t, y0 + i, 0, t->cols, ALIGN_LEFT, c->problem[0] != '\0'
					? c->problem : "no report");
			else
				ui_fill(y0 + i, 0, t->cols);
		}
	}
}

static void draw_highlights(struct reports *c, struct tui *t, int y0, int h)
{
	for (int i = 0; i < h; i++) {
		int n = c->hl_top + i;

		ui_set_role(ROLE_NORMAL);
		if (c->hl.n == 0 && i == 1) {
			char msg[160], key[32];

			snprintf(msg, sizeof msg, "  No highlights recorded for this year: press %s to add one.",
				 key_label(t->km->keys[ACT_ADD][0], key, sizeof key));
			ui_text(t, y0 + i, 0, t->cols, ALIGN_LEFT, msg);
		} else if (n < (int)c->hl.n) {
			const highlight *hl = &c->hl.v[n];
			char num[16];
			char text[600];
			int nw;

			snprintf(num, sizeof num, "%3d. ", n + 1);
			if (hl->contract_ref != NULL && hl->contract_ref[0] != '\0')
				snprintf(text, sizeof text, "%s (%s)", hl->text, hl->contract_ref);
			else
				snprintf(text, sizeof text, "%s", hl->text);
			ui_set_role(n == c->hl_sel ? ROLE_SELECTED : ROLE_NORMAL);
			nw = ui_text(t, y0 + i, 0, 5, ALIGN_LEFT, num);
			ui_text(t, y0 + i, nw, t->cols - nw, ALIGN_LEFT, text);
		} else {
			ui_fill(y0 + i, 0, t->cols);
		}
	}
	ui_set_role(ROLE_NORMAL);
}

static void reports_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct reports *c = v->priv;

	if (c->width != preview_width(t))
		render(c);
	draw_heading(c, t, y0);
	if (c->hl_mode)
		draw_highlights(c, t, y0 + 1, h - 1);
	else
		draw_preview(c, t, y0 + 1, h - 1);
}

/* ---- moving ---------------------------------------------------------------- */

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The preview has a selected line: Up and Down move it (the text scrolls
 * when it would leave the screen), page keys move the text and the
 * selection by a screen, Home and End go to the ends. */
static void move_preview(struct reports *c, enum action_id a)
{
	int rows = c->height - 1 > 1 ? c->height - 1 : 1;
	int n = c->have_txt ? (int)c->txt.n : 0;
	int last = n - rows > 0 ? n - rows : 0;

	switch (a) {
	case ACT_UP: c->sel--; break;
	case ACT_DOWN: c->sel++; break;
	case ACT_PAGE_UP: c->top -= rows; c->sel -= rows; break;
	case ACT_PAGE_DOWN: c->top += rows; c->sel += rows; break;
	case ACT_FIRST: c->top = 0; c->sel = 0; break;
	case ACT_LAST: c->top = last; c->sel = n - 1; break;
	default: break;
	}
	c->sel = clamp(c->sel, 0, n > 0 ? n - 1 : 0);
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + rows)
		c->top = c->sel - rows + 1;
	c->top = clamp(c->top, 0, last);
}

/* The ref of the contract that preview line i names: its first word (after
 * a rank such as "1" or "1."), or for a line of figures under a contract's
 * row, the row's; only refs of the report's own contracts count. */
static int line_ref(const struct reports *c, int i, char *ref, size_t n)
{
	for (int tries = 0; tries < 2 && i >= 0; tries++, i--) {
		const char *s = c->txt.lines[i].text, *w;
		size_t len;

		if (c->txt.lines[i].kind != RLINE_TEXT || s == NULL)
			return 0;
		if (s[0] == ' ' && tries == 0 && strspn(s, " ") > 1 &&
		    strchr(" 0123456789", s[strspn(s, " ")]) == NULL)
			continue;        /* figures under the row above */
		w = s + strspn(s, " ");
		len = strcspn(w, " ");
		if (len > 0 && strspn(w, "0123456789.") == len) {
			w += len;
			w += strspn(w, " ");
			len = strcspn(w, " ");
		}
		if (len == 0 || len >= n)
			return 0;
		memcpy(ref, w, len);
		ref[len] = '\0';
		if (c->r == NULL)
			return 0;
		for (size_t k = 0; k < c->r->contracts_rows.n; k++)
			if (strcmp(c->r->contracts_rows.v[k].key, ref) == 0)
				return 1;
		for (size_t k = 0; k < c->r->n_missing; k++)
			if (strcmp(c->r->missing[k].ref, ref) == 0)
				return 1;
		for (size_t k = 0; k < c->r->n_exceptions; k++)
			if (strcmp(c->r->exceptions[k].ref, ref) == 0)
				return 1;
		for (size_t k = 0; k < c->r->n_answers; k++)
			if (strcmp(c->r->answers[k].ref, ref) == 0)
				return 1;
		return 0;
	}
	return 0;
}

/* Enter: the contract's page of the selected line's contract. */
static void open_contract(struct reports *c, struct tui *t)
{
	char ref[64];
	int64_t id = 0;
	struct view *page;
	sv_err err = { 0 };
	int rc;

	if (!c->have_txt || c->sel >= (int)c->txt.n || !line_ref(c, c->sel, ref, sizeof ref)) {
		ui_status(t, 0, "this line names no contract: select a contract's line (its ref) "
			  "to open it");
		return;
	}
	rc = detail_contract_by_ref(t->o->db, ref, &id, &err);
	if (rc <= 0) {
		ui_status(t, 1, "%s", rc < 0 ? err.msg : "that contract is no longer in the database");
		return;
	}
	page = view_contract_new(t, id, &err);
	if (page == NULL)
		ui_status(t, 1, "%s", err.msg);
	else if (ui_push(t, page) < 0)
		page->ops->close(page);
}

static void move_highlights(struct reports *c, enum action_id a)
{
	int rows = c->height - 1 > 1 ? c->height - 1 : 1;
	int n = (int)c->hl.n;

	switch (a) {
	case ACT_UP: c->hl_sel--; break;
	case ACT_DOWN: c->hl_sel++; break;
	case ACT_PAGE_UP: c->hl_sel -= rows; break;
	case ACT_PAGE_DOWN: c->hl_sel += rows; break;
	case ACT_FIRST: c->hl_sel = 0; break;
	case ACT_LAST: c->hl_sel = n - 1; break;
	default: break;
	}
	c->hl_sel = clamp(c->hl_sel, 0, n > 0 ? n - 1 : 0);
}

/* Keep the selected highlight on screen. */
static void follow(struct reports *c)
{
	int rows = c->height - 1 > 1 ? c->height - 1 : 1;

	if (c->hl_sel < c->hl_top)
		c->hl_top = c->hl_sel;
	if (c->hl_sel >= c->hl_top + rows)
		c->hl_top = c->hl_sel - rows + 1;
	if (c->hl_top < 0)
		c->hl_top = 0;
}

/* ---- the board and the period ------------------------------------------------ */

static void choose_board(struct reports *c, struct view *v)
{
	enum report_board b = (enum report_board)((c->p.board + 1) % BOARD_COUNT);
	report_period def = report_default_period(b, c->t->o->now.date);

	/* the financial year stays; a quarterly board takes its usual quarter
	 * in that year, or Q4 of an earlier year */
	if (report_board_quarterly(b)) {
		if (report_board_quarterly(c->p.board))
			def.q = c->p.q;
		else if (def.fy != c->p.fy)
			def.q = c->p.fy < def.fy ? 4 : 1;
	}
	def.fy = c->p.fy;
	def.board = b;
	c->p = def;
	c->top = c->sel = 0;
	c->hl_mode = 0;
	c->hl_sel = c->hl_top = 0;
	v->ops = &reports_ops;
	build(c);
}

static void choose_period(struct reports *c)
{
	struct tui *t = c->t;
	char now[16], typed[64];
	int quarterly = report_board_quarterly(c->p.board);
	sv_err err = { 0 };
	report_period p = c->p;

	period_label(&c->p, now, sizeof now);
	if (ui_prompt(t, quarterly ? "Quarter (2025/26-Q2): " : "Financial year (2025/26): ", now,
		      typed, sizeof typed) != PROMPT_ACCEPTED)
		return;
	if (quarterly) {
		sv_quarter q;

		if (quarter_parse(typed, &q, &err) < 0) {
			ui_status(t, 1, "%s", err.msg);
			return;
		}
		p.fy = q.fy;
		p.q = q.q;
	} else {
		if (fy_parse(typed, &p.fy, &err) < 0) {
			ui_status(t, 1, "%s", err.msg);
			return;
		}
	}
	if (p.fy == c->p.fy && p.q == c->p.q)
		return;
	c->p = p;
	c->top = c->sel = 0;
	c->hl_sel = c->hl_top = 0;
	build(c);
}

/* ---- printing and writing ------------------------------------------------------ */

/* The report on paper: the [print] width and page length. */
static int paper(struct reports *c, report_text *out, sv_err *err)
{
	const sv_config *cfg = c->t->o->cfg;
	report_layout lay;

	if (c->r == NULL)
		return sv_err_set(err, "%s", c->problem[0] != '\0' ? c->problem : "no report");
	lay.width = cfg->print_width;
	lay.page_length = cfg->page_length;
	lay.money = c->t->money;
	return report_render_text(c->r, &lay, out, err);
}

static void print_report(struct reports *c)
{
	struct tui *t = c->t;
	report_text txt;
	sv_err err = { 0 };

	if (paper(c, &txt, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (report_print(&txt, t->o->cfg->print_command, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	else
		ui_status(t, 0, "printed %d page%s to %s", txt.pages, txt.pages == 1 ? "" : "s",
			  t->o->cfg->print_command);
	report_text_free(&txt);
}

/* 1 when name ends with ext (".csv", ".pdf": a dot and lower-case
 * letters), in any case. */
static int ends_with(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext), i;

	if (n <= e)
		return 0;
	for (i = 0; i < e; i++)
		if ((name[n - e + i] | (ext[i] == '.' ? 0 : 0x20)) != ext[i])
			return 0;
	return 1;
}

static void suggest_name(const struct reports *c, char *buf, size_t n)
{
	char fy[8];

	fy_format(c->p.fy, fy);
	fy[4] = '-';   /* 2026/27 -> 2026-27: no folder in a file name */
	if (report_board_quarterly(c->p.board))
		snprintf(buf, n, "%s-%s-q%d.txt", report_board_code(c->p.board), fy, c->p.q);
	else
		snprintf(buf, n, "%s-%s.txt", report_board_code(c->p.board), fy);
}

static void write_report(struct reports *c)
{
	struct tui *t = c->t;
	char name[1024], suggested[64], question[1200];
	struct stat st;
	outfile o;
	sv_err err = { 0 };
	int csv, pdf, rc;

	if (c->r == NULL) {
		ui_status(t, 1, "%s", c->problem[0] != '\0' ? c->problem : "no report");
		return;
	}
	suggest_name(c, suggested, sizeof suggested);
	if (ui_prompt(t, "Write to (.pdf for PDF, .csv for CSV): ", suggested, name,
		      sizeof name) != PROMPT_ACCEPTED)
		return;
	if (name[0] == '\0') {
		ui_status(t, 1, "no file name given: nothing written");
		return;
	}
	csv = ends_with(name, ".csv");
	pdf = !csv && ends_with(name, ".pdf");
	if (pdf && !report_pdf_available()) {
		ui_status(t, 1, "%s", report_pdf_missing());
		return;
	}
	if (stat(name, &st) == 0 && S_ISREG(st.st_mode)) {
		snprintf(question, sizeof question, "Replace %s? (y/n) ", name);
		if (!ui_confirm(t, question)) {
			ui_status(t, 0, "not replaced: %s is as it was", name);
			return;
		}
	}
	if (outfile_open(&o, name, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (pdf && isatty(fileno(o.f))) {
		outfile_abort(&o);
		ui_status(t, 1, "%s is a terminal: a PDF goes to a file", name);
		return;
	}
	if (csv) {
		csvw w;

		csvw_init(&w, o.f, csv_bom_wanted(t->o->cfg->export_bom, 1));
		rc = report_write_csv(c->r, &w);
		if (csvw_finish(&w, name, &err) < 0)
			rc = -1;
		else if (rc < 0)
			sv_err_set(&err, "%s: cannot write: %s", name, sv_errno_text(errno));
	} else if (pdf) {
		rc = report_render_pdf(c->r, o.f, &err);
		if (rc < 0) {
			/* the renderer's "cannot write: ..." after the file's name */
			char why[SV_ERR_MAX];

			snprintf(why, sizeof why, "%s", err.msg);
			sv_err_set(&err, "%s: %s", name, why);
		}
	} else {
		report_text txt;

		rc = paper(c, &txt, &err);
		if (rc == 0) {
			rc = report_text_write(&txt, o.f);
			if (rc < 0)
				sv_err_set(&err, "%s: cannot write: %s", name, sv_errno_text(errno));
			else
				snprintf(question, sizeof question, "%d page%s", txt.pages,
					 txt.pages == 1 ? "" : "s");
			report_text_free(&txt);
		}
	}
	if (rc < 0 || outfile_commit(&o, &err) < 0) {
		outfile_abort(&o);
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	outfile_abort(&o);
	if (csv)
		ui_status(t, 0, "wrote %s (CSV)", name);
	else if (pdf)
		ui_status(t, 0, "wrote %s (PDF)", name);
	else
		ui_status(t, 0, "wrote %s (text, %s)", name, question);
}

/* ---- highlights ---------------------------------------------------------------- */

static int editable(struct reports *c)
{
	if (db_readonly(c->t->o->db)) {
		ui_status(c->t, 1, "the database is read-only: highlights cannot be changed");
		return 0;
	}
	return 1;
}

static const highlight *selected(struct reports *c)
{
	if (c->hl.n == 0) {
		ui_status(c->t, 1, "no highlight to choose: press %s to add one",
			  key_label(c->t->km->keys[ACT_ADD][0], (char[32]){ 0 }, 32));
		return NULL;
	}
	return &c->hl.v[c->hl_sel];
}

/* After a change: the list and the preview again. */
static void changed(struct reports *c)
{
	build(c);
	follow(c);
}

static void add_or_edit(struct reports *c, const highlight *h)
{
	struct tui *t = c->t;
	static char text[HIGHLIGHT_MAX + 1];
	const char *start = h != NULL ? h->text : "";
	int64_t id = h != NULL ? h->id : 0;
	sv_err err = { 0 };
	int rc;

	/* a refused text comes back to be put right */
	if (c->draft[0] != '\0' && c->draft_id == id)
		start = c->draft;
	if (ui_prompt(t, h != NULL ? "Edit highlight: " : "New highlight: ", start, text,
		      sizeof text) != PROMPT_ACCEPTED) {
		ui_status(t, 0, h != NULL ? "not changed" : "nothing added");
		return;
	}
	if (h != NULL && strcmp(text, h->text) == 0) {
		ui_status(t, 0, "not changed");
		return;
	}
	if (h != NULL)
		rc = highlight_edit(t->o->db, id, text, &err);
	else
		rc = highlight_add(t->o->db, c->p.fy, NULL, text, &id, &err);
	if (rc < 0) {
		snprintf(c->draft, sizeof c->draft, "%s", text);
		c->draft_id = h != NULL ? h->id : 0;
		ui_status(t, 1, "%s (press %s again to change the text)", err.msg,
			  h != NULL ? "E" : "A");
		return;
	}
	c->draft[0] = '\0';
	if (h == NULL) {
		changed(c);
		for (size_t i = 0; i < c->hl.n; i++)
			if (c->hl.v[i].id == id)
				c->hl_sel = (int)i;
		follow(c);
		ui_status(t, 0, "highlight %d added", c->hl_sel + 1);
	} else {
		changed(c);
		ui_status(t, 0, "highlight %d changed", c->hl_sel + 1);
	}
}

static void delete_selected(struct reports *c)
{
	struct tui *t = c->t;
	const highlight *h = selected(c);
	char question[128];
	sv_err err = { 0 };

	if (h == NULL || !editable(c))
		return;
	snprintf(question, sizeof question, "Delete highlight %d? (y/n) ", c->hl_sel + 1);
	if (!ui_confirm(t, question)) {
		ui_status(t, 0, "not deleted");
		return;
	}
	if (highlight_delete(t->o->db, h->id, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	snprintf(question, sizeof question, "highlight %d deleted", c->hl_sel + 1);
	changed(c);
	ui_status(t, 0, "%s", question);
}

static void move_selected(struct reports *c, int delta)
{
	struct tui *t = c->t;
	const highlight *h = selected(c);
	sv_err err = { 0 };
	int64_t id;

	if (h == NULL || !editable(c))
		return;
	if (c->hl_sel + delta < 0 || c->hl_sel + delta >= (int)c->hl.n) {
		ui_status(t, 0, "already the %s", delta < 0 ? "first" : "last");
		return;
	}
	id = h->id;
	if (highlight_move(t->o->db, id, delta, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	changed(c);
	for (size_t i = 0; i < c->hl.n; i++)
		if (c->hl.v[i].id == id)
			c->hl_sel = (int)i;
	follow(c);
}

static void toggle_highlights(struct reports *c, struct view *v)
{
	if (c->p.board != BOARD_FGB) {
		ui_status(c->t, 1, "highlights belong to the FGB report: press %s for the FGB",
			  key_label(c->t->km->keys[ACT_BOARD][0], (char[32]){ 0 }, 32));
		return;
	}
	c->hl_mode = !c->hl_mode;
	/* the highlights' keys are active only while they show */
	v->ops = c->hl_mode ? &highlights_ops : &reports_ops;
	if (c->hl_mode) {
		load_highlights(c);
		follow(c);
	}
}

/* ---- the view's hooks -------------------------------------------------------- */

static int reports_act(struct view *v, struct tui *t, enum action_id a)
{
	struct reports *c = v->priv;

	switch (a) {
	case ACT_UP:
	case ACT_DOWN:
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_FIRST:
	case ACT_LAST:
		if (c->hl_mode) {
			move_highlights(c, a);
			follow(c);
		} else {
			move_preview(c, a);
		}
		return 1;
	case ACT_OPEN:
		if (!c->hl_mode)
			open_contract(c, t);
		return 1;
	case ACT_BOARD:
		choose_board(c, v);
		return 1;
	case ACT_PERIOD:
		choose_period(c);
		return 1;
	case ACT_PRINT:
		print_report(c);
		return 1;
	case ACT_WRITE:
		write_report(c);
		return 1;
	case ACT_HIGHLIGHTS:
		toggle_highlights(c, v);
		return 1;
	case ACT_ADD:
		if (editable(c))
			add_or_edit(c, NULL);
		return 1;
	case ACT_EDIT: {
		const highlight *h = selected(c);

		if (h != NULL && editable(c))
			add_or_edit(c, h);
		return 1;
	}
	case ACT_DELETE:
		delete_selected(c);
		return 1;
	case ACT_MOVE_UP:
		move_selected(c, -1);
		return 1;
	case ACT_MOVE_DOWN:
		move_selected(c, 1);
		return 1;
	default:
		return 0;
	}
}

static void reports_resize(struct view *v, struct tui *t, int h)
{
	struct reports *c = v->priv;

	c->height = h;
	if (c->width != preview_width(t))
		render(c);
	move_preview(c, ACT_NONE);
	follow(c);
}

static int reports_cursor(struct view *v)
{
	struct reports *c = v->priv;

	if (c->hl_mode && c->hl.n > 0)
		return 1 + c->hl_sel - c->hl_top;
	if (!c->hl_mode && c->have_txt && c->txt.n > 0)
		return 1 + c->sel - c->top;
	return -1;
}

static void reports_position(struct view *v, char *buf, size_t n)
{
	struct reports *c = v->priv;

	if (c->hl_mode) {
		if (c->hl.n > 0)
			snprintf(buf, n, "%d/%zu", c->hl_sel + 1, c->hl.n);
		else
			snprintf(buf, n, "0/0");
	} else if (c->have_txt && c->txt.n > 0) {
		snprintf(buf, n, "%d/%zu", c->sel + 1, c->txt.n);
	} else {
		buf[0] = '\0';
	}
}

static void reports_close(struct view *v)
{
	struct reports *c = v->priv;

	drop_text(c);
	report_free(&c->r);
	highlight_list_free(&c->hl);
	free(c);
	free(v);
}

static const struct view_ops reports_ops = {
	.name = "reports",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_REPORTS,
	.draw = reports_draw,
	.act = reports_act,
	.resize = reports_resize,
	.cursor = reports_cursor,
	.position = reports_position,
	.close = reports_close,
};

/* The same view while the highlights show. */
static const struct view_ops highlights_ops = {
	.name = "reports",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_REPORTS | CTX_HIGHLIGHTS,
	.draw = reports_draw,
	.act = reports_act,
	.resize = reports_resize,
	.cursor = reports_cursor,
	.position = reports_position,
	.close = reports_close,
};

struct view *view_reports_new(struct tui *t, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct reports *c = calloc(1, sizeof *c);

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->p = report_default_period(BOARD_FGB, t->o->now.date);
	c->height = t->body_h;
	v->ops = &reports_ops;
	v->priv = c;
	build(c);
	return v;
}
