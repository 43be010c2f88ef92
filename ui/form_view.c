/* form_view.c: a form's view: the record read (or a blank one) into the
 * form's fields, and the fields laid out one a line with their messages
 * on the lines below, scrolled so that the current field and its message
 * show (17 fields of a contract at 60x12). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/utf8.h"

#include "form.h"

/* Lines of a field's message at most (a longer one ends in an ellipsis;
 * the footer has it whole). */
#define MSG_LINES 4

struct row {
	int s;                 /* the field, an index of shown */
	int line;              /* 0 the field itself, 1 .. its message's lines */
	const char *text;      /* a message line: its text and bytes */
	size_t len;
};

/* The bytes of s that fit in width columns, broken after a word when it
 * goes on; *next where the next line starts. */
static size_t chunk(const char *s, int width, size_t *next)
{
	size_t i = 0, len = strlen(s), space = 0;
	int w = 0;

	while (i < len) {
		uint32_t cp = '?';
		size_t k = utf8_decode(s + i, len - i, &cp, NULL);
		int cw;

		if (k == 0)
			k = 1;
		cw = utf8_width(cp);
		if (cw < 0)
			cw = 1;
		if (w + cw > width)
			break;
		if (cp == ' ')
			space = i;
		w += cw;
		i += k;
	}
	if (i >= len || space == 0) {
		*next = i;
		return i;
	}
	*next = space + 1;
	return space;
}

static int label_width(const struct form *f, int cols)
{
	int w = 8, max = cols * 2 / 5;

	for (int s = 0; s < f->nshown; s++) {
		const rec_field *fd = &f->f[f->shown[s]];
		int lw = ui_width(fd->label) + (fd->flags & RF_REQUIRED ? 2 : 0);

		if (lw > w)
			w = lw;
	}
	return w < max ? w : max;
}

/* The lines of the notice under the heading, at most NOTICE_LINES. */
#define NOTICE_LINES 3
static int notice_lines(const struct form *f, const char **start, size_t *len)
{
	const char *m = f->notice;
	int n = 0;

	while (*m != '\0' && n < NOTICE_LINES) {
		size_t next, k = chunk(m, f->t->cols - 2 > 10 ? f->t->cols - 2 : 10, &next);

		if (k == 0)
			break;
		if (start != NULL) {
			start[n] = m;
			len[n] = k;
		}
		n++;
		m += next;
	}
	return n;
}

/* The heading, the notice, and a blank line when the screen has room. */
static int head_rows(const struct form *f)
{
	return 1 + notice_lines(f, NULL, NULL) + (f->height >= 14 ? 1 : 0);
}

/* Every row of the fields, in order: a field's own, then its message's.
 * Returns the count (rows holds at most max). */
static int layout(const struct form *f, int msg_w, struct row *rows, int max)
{
	int n = 0;

	for (int s = 0; s < f->nshown && n < max; s++) {
		const char *m = f->problem[f->shown[s]];

		rows[n++] = (struct row){ s, 0, NULL, 0 };
		for (int l = 1; m != NULL && *m != '\0' && l <= MSG_LINES && n < max; l++) {
			size_t next, len = chunk(m, msg_w, &next);

			if (len == 0)
				break;
			rows[n++] = (struct row){ s, l, m, len };
			m += next;
		}
	}
	return n;
}

int form_field_at(const struct form *f, int row)
{
	struct row rows[REC_FIELDS_MAX * (MSG_LINES + 1)];
	int n = layout(f, f->t->cols - 4 > 10 ? f->t->cols - 4 : 10, rows,
		       (int)(sizeof rows / sizeof rows[0]));
	int r = row - head_rows(f) + f->top;

	if (row < head_rows(f) || r < 0 || r >= n)
		return -1;
	return rows[r].s;
}

/* What an empty field says, dimmed: why it is empty. */
static const char *empty_text(const struct form *f, int i)
{
	const rec_field *fd = &f->f[i];

	if (fd->flags & RF_READONLY)
		return f->id == 0 ? "taken from the current proxy set when saved"
				  : fd->type == RT_PROXY ? "record only" : "none";
	if (fd->type == RT_YESNO)
		return "not recorded";
	return "";
}

static void draw_field(struct form *f, struct tui *t, int y, int s, int lw)
{
	int i = f->shown[s], cur = s == f->cur, vx = 2 + lw + 2, vw = t->cols - vx;
	const rec_field *fd = &f->f[i];
	char label[160], note[64] = "";
	int nw;

	snprintf(label, sizeof label, "%s%s", fd->label, fd->flags & RF_REQUIRED ? " *" : "");
	ui_set_role(ROLE_NORMAL);
	ui_fill(y, 0, t->cols);
	if (cur)
		ui_text(t, y, 0, 1, ALIGN_LEFT, t->utf8 ? "\xe2\x96\xb8" : ">");
	ui_set_role(f->fixed[i] ? ROLE_DIM : cur ? ROLE_SELECTED : ROLE_NORMAL);
	ui_text(t, y, 2, lw, ALIGN_LEFT, label);
	if (i == RC_SUPPLIER && f->kind == REC_CONTRACT && f->new_supplier)
		snprintf(note, sizeof note, "new supplier");
	else if (cur && !f->fixed[i] && f->ed_field != i && t->km->keys[ACT_PICK][0] != 0) {
		char k[32];

		snprintf(note, sizeof note, "%s: choose",
			 key_label(t->km->keys[ACT_PICK][0], k, sizeof k));
	}
	nw = note[0] != '\0' ? ui_width(note) + 2 : 0;
	if (vw - nw < 10)
		nw = 0;
	if (nw > 0) {
		ui_set_role(ROLE_DIM);
		ui_text(t, y, t->cols - nw + 2, nw - 2, ALIGN_LEFT, note);
		vw -= nw;
	}
	if (vw < 1)
		return;
	if (cur && f->ed_field == i) {
		size_t from, to;
		char shown[1024];
		int cx = editline_window(&f->ed, vw, &from, &to);
		size_t n = to - from < sizeof shown - 1 ? to - from : sizeof shown - 1;

		memcpy(shown, f->ed.buf + from, n);
		shown[n] = '\0';
		ui_set_role(ROLE_NORMAL);
		ui_text(t, y, vx, vw, ALIGN_LEFT, shown);
		f->cur_x = vx + cx;
		return;
	}
	if (cur)
		f->cur_x = vx;
	if (f->val[i][0] == '\0') {
		ui_set_role(ROLE_DIM);
		ui_text(t, y, vx, vw, ALIGN_LEFT, empty_text(f, i));
		return;
	}
	ui_set_role(f->fixed[i] ? ROLE_DIM : ROLE_NORMAL);
	ui_text(t, y, vx, vw, ALIGN_LEFT, f->val[i]);
}

static void form_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct form *f = v->priv;
	struct row rows[REC_FIELDS_MAX * (MSG_LINES + 1)];
	int head = head_rows(f), area = h - head, lw = label_width(f, t->cols);
	int n = layout(f, t->cols - 4 > 10 ? t->cols - 4 : 10, rows,
		       (int)(sizeof rows / sizeof rows[0]));
	int first = -1, last = -1;

	/* the current field and its message on screen, the field first */
	for (int r = 0; r < n; r++) {
		if (rows[r].s != f->cur)
			continue;
		if (first < 0)
			first = r;
		last = r;
	}
	if (area < 1)
		area = 1;
	if (last >= f->top + area)
		f->top = last - area + 1;
	if (first >= 0 && first < f->top)
		f->top = first;
	if (f->top > n - area)
		f->top = n - area > 0 ? n - area : 0;
	ui_set_role(ROLE_HEADER);
	ui_fill(y0, 0, t->cols);
	ui_text(t, y0, 1, t->cols - 1, ALIGN_LEFT, f->title);
	if (t->cols - ui_width(f->title) > 16) {
		ui_set_role(ROLE_DIM);
		ui_text(t, y0, t->cols - 11, 10, ALIGN_RIGHT, "* required");
	}
	ui_set_role(ROLE_NORMAL);
	for (int r = 1; r < head; r++)
		ui_fill(y0 + r, 0, t->cols);
	{
		const char *start[NOTICE_LINES];
		size_t len[NOTICE_LINES];
		int nn = notice_lines(f, start, len);

		ui_set_role(ROLE_ERROR);
		for (int k = 0; k < nn; k++) {
			char text[1024];
			size_t l = len[k] < sizeof text - 1 ? len[k] : sizeof text - 1;

			memcpy(text, start[k], l);
			text[l] = '\0';
			ui_text(t, y0 + 1 + k, 1, t->cols - 1, ALIGN_LEFT, text);
		}
	}
	f->cur_row = -1;
	for (int k = 0; k < area; k++) {
		int r = f->top + k, y = y0 + head + k;

		ui_set_role(ROLE_NORMAL);
		if (r >= n) {
			ui_fill(y, 0, t->cols);
			continue;
		}
		if (rows[r].line == 0) {
			draw_field(f, t, y, rows[r].s, lw);
			if (rows[r].s == f->cur)
				f->cur_row = head + k;
			continue;
		}
		{
			char text[1024];
			size_t len = rows[r].len < sizeof text - 1 ? rows[r].len : sizeof text - 1;

			memcpy(text, rows[r].text, len);
			text[len] = '\0';
			ui_fill(y, 0, 4);
			ui_set_role(ROLE_ERROR);
			ui_text(t, y, 4, t->cols - 4, ALIGN_LEFT, text);
		}
	}
	ui_set_role(ROLE_NORMAL);
}

static int form_act(struct view *v, struct tui *t, enum action_id a)
{
	(void)v;
	(void)t;
	(void)a;
	return 0;     /* the form reads its own keys (form.c) */
}

static void form_resize(struct view *v, struct tui *t, int h)
{
	struct form *f = v->priv;

	(void)t;
	f->height = h;
}

static int form_cursor(struct view *v)
{
	struct form *f = v->priv;

	return f->cur_row;
}

static int form_cursor_x(struct view *v)
{
	struct form *f = v->priv;

	return f->cur_row >= 0 ? f->cur_x : -1;
}

static void form_position(struct view *v, char *buf, size_t n)
{
	struct form *f = v->priv;
	int at = 0, of = 0;

	for (int s = 0; s < f->nshown; s++) {
		if (f->fixed[f->shown[s]])
			continue;
		of++;
		if (s <= f->cur)
			at = of;
	}
	snprintf(buf, n, "field %d of %d", at, of);
}

static void form_title(struct view *v, char *buf, size_t n)
{
	struct form *f = v->priv;

	snprintf(buf, n, "%s", f->title);
}

static void form_close(struct view *v)
{
	struct form *f = v->priv;

	for (size_t i = 0; i < f->nf; i++) {
		free(f->orig[i]);
		free(f->val[i]);
		free(f->problem[i]);
	}
	free(f);
	free(v);
}

static const struct view_ops form_ops = {
	.name = "form",
	.contexts = CTX_FORM,
	.draw = form_draw,
	.act = form_act,
	.resize = form_resize,
	.cursor = form_cursor,
	.cursor_x = form_cursor_x,
	.position = form_position,
	.close = form_close,
	.title = form_title,
};

static int named(const char *const *fixed, const char *name)
{
	for (const char *const *p = fixed; p != NULL && p[0] != NULL && p[1] != NULL; p += 2)
		if (strcmp(p[0], name) == 0)
			return 1;
	return 0;
}

/* The form's fields from the record's cells. */
static int fill(struct form *f, char **cells, const char *const *fixed, sv_err *err)
{
	for (size_t i = 0; i < f->nf; i++) {
		const rec_field *fd = &f->f[i];

		f->val[i] = malloc(FORM_VALUE_MAX);
		f->orig[i] = strdup(cells[i] != NULL ? cells[i] : "");
		if (f->val[i] == NULL || f->orig[i] == NULL)
			return sv_err_set(err, "out of memory");
		snprintf(f->val[i], FORM_VALUE_MAX, "%s", f->orig[i]);
		f->fixed[i] = (fd->flags & RF_READONLY) || (f->id != 0 && (fd->flags & RF_KEY)) ||
			      (f->id == 0 && named(fixed, fd->name));
		if (fd->flags & RF_FORM)
			f->shown[f->nshown++] = (int)i;
	}
	for (f->cur = 0; f->cur < f->nshown - 1 && f->fixed[f->shown[f->cur]]; f->cur++)
		continue;
	return 0;
}

struct view *form_new(struct tui *t, enum rec_kind k, int64_t id, const char *const *fixed,
		      sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct form *f = calloc(1, sizeof *f);
	char *cells[REC_FIELDS_MAX], name[256];
	int rc;

	if (v == NULL || f == NULL) {
		free(v);
		free(f);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	v->ops = &form_ops;
	v->priv = f;
	f->t = t;
	f->kind = k;
	f->id = id;
	f->ed_field = -1;
	f->cur_row = -1;
	f->height = t->body_h;
	f->f = rec_fields(k, &f->nf);
	if (f->f == NULL || f->nf > REC_FIELDS_MAX) {
		f->nf = 0;
		sv_err_set(err, "no form for this kind of record");
		form_close(v);
		return NULL;
	}
	if (id != 0) {
		rc = rec_load(t->o->db, k, id, cells, &f->version, err);
		if (rc == 0)
			sv_err_set(err, "the %s is no longer in the database", ui_kind_word(k));
		if (rc <= 0) {
			form_close(v);
			return NULL;
		}
		if (rec_name(t->o->db, k, id, name, sizeof name, err) < 0) {
			rec_cells_free(k, cells);
			form_close(v);
			return NULL;
		}
		snprintf(f->title, sizeof f->title, "Edit %s %s", ui_kind_word(k), name);
	} else {
		const char *contract = NULL;

		if (rec_blank(k, fixed, cells, err) < 0) {
			form_close(v);
			return NULL;
		}
		for (const char *const *p = fixed; p != NULL && p[0] != NULL && p[1] != NULL; p += 2)
			if (strcmp(p[0], "contract") == 0)
				contract = p[1];
		if (contract != NULL)
			snprintf(f->title, sizeof f->title, "Add %s to contract %s", ui_kind_word(k),
				 contract);
		else
			snprintf(f->title, sizeof f->title, "Add %s", ui_kind_word(k));
	}
	rc = fill(f, cells, fixed, err);
	rec_cells_free(k, cells);
	if (rc < 0) {
		form_close(v);
		return NULL;
	}
	return v;
}
