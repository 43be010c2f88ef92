/* form.c: the desk's forms, to add and edit contracts, suppliers and
 * commitments (ui_form), and the delete of a record (ui_record_delete).
 *
 * A form is a view on the stack, full screen: a heading, then one
 * labelled field a line; read-only fields dimmed and passed over.  Like
 * ui_prompt and ui_pick it runs its own loop on ui_getkey, and every key
 * goes first through the keymap's CTX_FORM actions (field-next, field-prev,
 * pick, save, cancel), so [keys] rebinds them; other keys go to the field:
 * the one-line editor for text, the pick list for a field with choices
 * (typing opens it, narrowed by the key).
 *
 * The rules are the importer's (svdesk/record.h): a field is checked with
 * rec_value (a contract as a whole with rec_contract_read, for the rules
 * across fields) when the user leaves it, and its message shows on the
 * lines below it; the user stays free to move on.  Enter saves with
 * rec_save at the version read when the form opened: a record changed
 * since is refused naming who and when, and the form keeps what was typed.
 * When input ends (a key script's end) the form stays on screen, so that
 * the last screen shows it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/store.h"
#include "svdesk/utf8.h"

#include "form.h"

const char *ui_kind_word(enum rec_kind k)
{
	switch (k) {
	case REC_CONTRACT: return "contract";
	case REC_SUPPLIER: return "supplier";
	case REC_COMMITMENT: return "commitment";
	default: return "answer";
	}
}

/* ---- values and their checks ------------------------------------------- */

static void set_problem(struct form *f, int i, const char *msg)
{
	free(f->problem[i]);
	f->problem[i] = msg != NULL && msg[0] != '\0' ? strdup(msg) : NULL;
}

/* Fields of a type whose value is one of the database's: the value typed
 * or picked against the choices (exactly), as the importer finds it. */
static int exists(struct form *f, int i, const char *v, int by_key);

struct choice_list {
	char **value, **label;
	int n, cap, oom;
};

static void choice_add(void *ctx, const char *value, const char *label)
{
	struct choice_list *c = ctx;

	if (c->oom)
		return;
	if (c->n == c->cap) {
		int cap = c->cap > 0 ? c->cap * 2 : 16;
		char **v = realloc(c->value, (size_t)cap * sizeof *v);
		char **l;

		if (v == NULL) {
			c->oom = 1;
			return;
		}
		c->value = v;
		l = realloc(c->label, (size_t)cap * sizeof *l);
		if (l == NULL) {
			c->oom = 1;
			return;
		}
		c->label = l;
		c->cap = cap;
	}
	c->value[c->n] = strdup(value != NULL ? value : "");
	c->label[c->n] = label != NULL ? strdup(label) : NULL;
	if (c->value[c->n] == NULL || (label != NULL && c->label[c->n] == NULL)) {
		free(c->value[c->n]);
		free(c->label[c->n]);
		c->oom = 1;
		return;
	}
	c->n++;
}

static void choices_free(struct choice_list *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->value[i]);
		free(c->label[i]);
	}
	free(c->value);
	free(c->label);
	memset(c, 0, sizeof *c);
}

/* A name as matched by key: lower case, runs of spaces as one, trimmed
 * (the importer's rule for supplier names). */
static void name_key(const char *s, char *out, size_t n)
{
	size_t o = 0;
	int space = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	for (; *s != '\0' && o + 1 < n; s++) {
		if (*s == ' ' || *s == '\t') {
			space = 1;
			continue;
		}
		if (space && o + 2 < n)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
	}
	out[o] = '\0';
}

static int exists(struct form *f, int i, const char *v, int by_key)
{
	struct choice_list c = { 0 };
	char want[512], have[512];
	sv_err err = { 0 };
	int found = 0;

	if (rec_choices(f->t->o->db, f->kind, i, v, 0, choice_add, &c, &err) < 0) {
		choices_free(&c);
		return -1;
	}
	name_key(v, want, sizeof want);
	for (int k = 0; k < c.n && !found; k++) {
		if (by_key) {
			name_key(c.value[k], have, sizeof have);
			found = strcmp(have, want) == 0;
		} else {
			found = strcmp(c.value[k], v) == 0;
		}
	}
	choices_free(&c);
	return found;
}

/* What rec_value needs besides the type: a GBP measure's target is money. */
static unsigned value_opts(struct form *f, int i)
{
	db_measure_info m;
	sv_err err = { 0 };

	if (f->kind == REC_ANSWER && i == RA_ANSWER) {
		const rec_topic *tp = rec_topic_find(f->val[RA_TOPIC]);

		return tp != NULL && tp->counts ? REC_V_COUNT : 0;
	}
	if (f->kind != REC_COMMITMENT || i != RK_TARGET || f->val[RK_MEASURE][0] == '\0')
		return 0;
	if (db_measure_find(f->t->o->db, f->val[RK_MEASURE], &m, &err) != 1)
		return 0;
	return strcmp(m.unit, "GBP") == 0 ? REC_V_MONEY : 0;
}

/* One field's rule and, for the database's choices, that the value is
 * one; sets or clears its problem. */
static void check_one(struct form *f, int i)
{
	char msg[SV_ERR_MAX] = "";
	const char *v = f->val[i];

	if (f->fixed[i]) {
		set_problem(f, i, NULL);
		return;
	}
	if (rec_value(f->kind, i, v, value_opts(f, i), msg, sizeof msg) < 0) {
		set_problem(f, i, msg);
		return;
	}
	if (v[0] != '\0') {
		switch (f->f[i].type) {
		case RT_CONTRACT:
			if (exists(f, i, v, 0) == 0)
				rec_msg_no_contract(v, msg, sizeof msg);
			break;
		case RT_MEASURE:
			if (exists(f, i, v, 0) == 0)
				rec_msg_no_measure(v, msg, sizeof msg);
			break;
		case RT_PROXY_SET:
			if (exists(f, i, v, 0) == 0)
				rec_msg_no_proxy_set(v, msg, sizeof msg);
			break;
		default:
			break;
		}
	}
	set_problem(f, i, msg);
}

static void contract_fault(void *ctx, int field, const char *msg)
{
	struct form *f = ctx;

	if (field >= 0 && (size_t)field < f->nf && f->visited[field] && f->problem[field] == NULL)
		set_problem(f, field, msg);
}

/* Check what the user has been through: each field it left, and for a
 * contract the rules across fields (an end before the start). */
static void check_visited(struct form *f)
{
	const char *cells[REC_FIELDS_MAX];
	db_contract c;

	for (size_t i = 0; i < f->nf; i++) {
		cells[i] = f->val[i];
		if (f->visited[i])
			check_one(f, (int)i);
	}
	if (f->kind == REC_CONTRACT) {
		memset(&c, 0, sizeof c);
		rec_contract_read(cells, &c, contract_fault, f);
	}
	if (f->kind == REC_CONTRACT && f->val[RC_SUPPLIER][0] != '\0' &&
	    f->problem[RC_SUPPLIER] == NULL)
		f->new_supplier = exists(f, RC_SUPPLIER, f->val[RC_SUPPLIER], 1) == 0;
	else
		f->new_supplier = 0;
}

int form_problems(const struct form *f, int *first)
{
	int n = 0;

	if (first != NULL)
		*first = -1;
	for (int s = 0; s < f->nshown; s++) {
		if (f->problem[f->shown[s]] == NULL)
			continue;
		if (n == 0 && first != NULL)
			*first = s;
		n++;
	}
	return n;
}

static int changed(const struct form *f)
{
	for (size_t i = 0; i < f->nf; i++)
		if (strcmp(f->orig[i], f->val[i]) != 0)
			return 1;
	return 0;
}

/* ---- moving between fields --------------------------------------------- */

static int is_text(const struct form *f, int i)
{
	switch (f->f[i].type) {
	case RT_TEXT: case RT_REF: case RT_NAME: case RT_MONEY: case RT_PERCENT:
	case RT_DATE: case RT_QTY: case RT_PROXY: case RT_ANSWER: case RT_UTC:
		return 1;
	default:
		return 0;
	}
}

/* The editor on field i (a text one).  The editor holds only what could
 * be typed: a stored value with a character that cannot (a bidi control,
 * from an import) is left as it is until a key edits it, so that passing
 * through a field never changes it.  0, or -1 when it was left as it is. */
static int edit_start(struct form *f, int i, int force)
{
	char *copy = strdup(f->val[i]);

	f->ed_field = -1;
	if (copy == NULL)
		return -1;
	editline_init(&f->ed, f->val[i], FORM_VALUE_MAX, copy);
	if (!force && strcmp(f->val[i], copy) != 0) {
		snprintf(f->val[i], FORM_VALUE_MAX, "%s", copy);
		free(copy);
		return -1;
	}
	free(copy);
	f->ed_field = i;
	return 0;
}

/* The editor on the current field when it is a text one. */
static void focus(struct form *f)
{
	int i = f->shown[f->cur];

	f->ed_field = -1;
	if (!f->fixed[i] && is_text(f, i))
		edit_start(f, i, 0);
}

/* The user leaves the current field: it is checked, and its message goes
 * to the footer too (and a headless run's log). */
static void leave(struct form *f)
{
	int i = f->shown[f->cur];

	if (f->fixed[i])
		return;
	f->visited[i] = 1;
	check_visited(f);
	if (f->problem[i] != NULL)
		ui_status(f->t, 1, "%s: %s", f->f[i].label, f->problem[i]);
}

/* To the next (step 1) or previous (-1) field that can be typed in,
 * wrapping round. */
static void step(struct form *f, int dir)
{
	for (int k = 1; k <= f->nshown; k++) {
		int s = ((f->cur + dir * k) % f->nshown + f->nshown) % f->nshown;

		if (!f->fixed[f->shown[s]]) {
			f->cur = s;
			break;
		}
	}
	focus(f);
}

/* ---- pick lists ---------------------------------------------------------- */

static int pick(struct form *f, int key)
{
	int i = f->shown[f->cur], sel = 0, r, how = 0;
	struct choice_list c = { 0 };
	struct pick_item *items;
	char **shown_labels;
	char text[256] = "";
	sv_err err = { 0 };

	if (rec_choices(f->t->o->db, f->kind, i, NULL, 0, choice_add, &c, &err) < 0 || c.oom) {
		ui_status(f->t, 1, "%s", c.oom ? "out of memory" : err.msg);
		choices_free(&c);
		return 0;
	}
	items = calloc((size_t)(c.n > 0 ? c.n : 1), sizeof *items);
	shown_labels = calloc((size_t)(c.n > 0 ? c.n : 1), sizeof *shown_labels);
	if (items == NULL || shown_labels == NULL) {
		free(items);
		free(shown_labels);
		choices_free(&c);
		ui_status(f->t, 1, "out of memory");
		return 0;
	}
	for (int k = 0; k < c.n; k++) {
		const char *v = c.value[k], *l = c.label[k];
		size_t n = strlen(v) + (l != NULL ? strlen(l) : 0) + 4;

		shown_labels[k] = malloc(n);
		if (shown_labels[k] != NULL) {
			if (v[0] == '\0')
				snprintf(shown_labels[k], n, "(%s)", l != NULL ? l : "none");
			else if (l != NULL)
				snprintf(shown_labels[k], n, "%s  %s", v, l);
			else
				snprintf(shown_labels[k], n, "%s", v);
		}
		items[k].label = shown_labels[k] != NULL ? shown_labels[k] : v;
		items[k].marked = strcmp(v, f->val[i]) == 0;
		if (items[k].marked)
			sel = k;
	}
	if (key != 0) {
		char enc[UTF8_SEQ_MAX + 1];
		size_t k = utf8_encode((uint32_t)key, enc);

		enc[k] = '\0';
		snprintf(text, sizeof text, "%s", enc);
	}
	r = ui_pick_typed(f->t, f->f[i].label, items, c.n, sel, text, sizeof text, &how);
	if (r >= 0) {
		snprintf(f->val[i], FORM_VALUE_MAX, "%s", c.value[r]);
		leave(f);
	} else if (r == PICK_TYPED && text[0] != '\0') {
		/* a value the list lacks: a new supplier, or one the rules refuse
		 * (with the importer's message) */
		snprintf(f->val[i], FORM_VALUE_MAX, "%s", text);
		leave(f);
	} else if (r == PICK_TYPED) {
		leave(f);
	}
	for (int k = 0; k < c.n; k++)
		free(shown_labels[k]);
	free(shown_labels);
	free(items);
	choices_free(&c);
	if (r == PICK_TYPED && how != 0)
		step(f, keymap_lookup(f->t->km, how, CTX_FORM) == ACT_FIELD_PREV ? -1 : 1);
	return 1;
}

/* ---- the write ------------------------------------------------------------ */

struct write {
	struct tui *t;
	enum rec_kind kind;
	int64_t id, seen;
	const char *const *cells;    /* NULL: a delete */
	struct form *f;
	int64_t new_id;
};

static void save_fault(void *ctx, int field, const char *msg)
{
	struct form *f = ctx;

	if (field >= 0 && (size_t)field < f->nf) {
		f->visited[field] = 1;
		if (f->problem[field] == NULL)
			set_problem(f, field, msg);
	}
}

/* A save (cells) or a delete, as ui_write_retry calls it. */
static int record_write(void *ctx, sv_err *err)
{
	struct write *w = ctx;
	struct tui *t = w->t;

	if (w->cells != NULL)
		return rec_save(t->o->db, w->kind, w->id, w->seen, w->cells, save_fault, w->f,
				&w->new_id, err);
	return rec_delete(t->o->db, w->kind, w->id, w->seen, err);
}

static int write_retry(struct tui *t, struct write *w, sv_err *err)
{
	w->t = t;
	return ui_write_retry(t, record_write, w, w->cells != NULL ? "saved" : "deleted", err);
}

/* The writer's refusal, saying what was not done ("not saved: ...") once:
 * its own words when they say so already. */
static void say_refused(struct tui *t, const char *what, const char *msg)
{
	size_t n = strlen(what);

	if (strncmp(msg, what, n) == 0 && msg[n] == ':')
		ui_status(t, 1, "%s", msg);
	else
		ui_status(t, 1, "%s: %s", what, msg);
}

static void say_problems(struct form *f)
{
	int first, n = form_problems(f, &first);

	if (first >= 0) {
		f->cur = first;
		focus(f);
	}
	ui_status(f->t, 1, "not saved: %d problem%s", n, n == 1 ? "" : "s");
}

/* Enter: every field checked, then rec_save.  1 saved (*id), 0 not. */
static int save(struct form *f, int64_t *id)
{
	const char *cells[REC_FIELDS_MAX];
	struct write w;
	sv_err err = { 0 };

	for (int s = 0; s < f->nshown; s++)
		f->visited[f->shown[s]] = !f->fixed[f->shown[s]];
	check_visited(f);
	if (form_problems(f, NULL) > 0) {
		say_problems(f);
		return 0;
	}
	f->notice[0] = '\0';
	for (size_t i = 0; i < f->nf; i++)
		cells[i] = f->f[i].flags & RF_FORM ? f->val[i] : NULL;
	memset(&w, 0, sizeof w);
	w.kind = f->kind;
	w.id = f->id;
	w.seen = f->version;
	w.cells = cells;
	w.f = f;
	if (write_retry(f->t, &w, &err) == 0) {
		*id = w.new_id;
		return 1;
	}
	if (err.code == DB_E_STALE) {
		/* the writer's words say who changed it and when */
		snprintf(f->notice, sizeof f->notice,
			 "%s%s; press Esc and open it again to see the change",
			 strncmp(err.msg, "not saved:", 10) == 0 ? "" : "not saved: ", err.msg);
		ui_status(f->t, 1, "%s", f->notice);
		return 0;
	}
	if (err.code != DB_E_BUSY && form_problems(f, NULL) > 0) {
		say_problems(f);
		return 0;
	}
	say_refused(f->t, "not saved", err.msg);
	return 0;
}

/* ---- the loop ------------------------------------------------------------- */

/* A key the one-line editor acts on. */
static int edit_key(int key)
{
	if (key > 0 && key < SVK_BASE)
		return 1;
	switch (key) {
	case SVK_LEFT: case SVK_RIGHT: case SVK_HOME: case SVK_END:
	case SVK_BACKSPACE: case SVK_DELETE:
		return 1;
	default:
		return 0;
	}
}

static void no_action(struct tui *t, int key)
{
	char name[32];

	ui_status(t, 0, "%s: no action here", key_label(key, name, sizeof name));
}

/* A key for the current field: the editor's, or the pick list's. */
static void field_key(struct form *f, int key)
{
	int i = f->shown[f->cur];

	if (f->fixed[i]) {
		ui_status(f->t, 0, "%s is not changed here", f->f[i].label);
		return;
	}
	if (f->ed_field != i && is_text(f, i) && edit_key(key))
		edit_start(f, i, 1);
	if (f->ed_field == i) {
		if (!edit_key(key)) {
			no_action(f->t, key);
			return;
		}
		editline_key(&f->ed, key);
		if (f->ed.full)
			beep();
		return;
	}
	if (key >= 32 && key < SVK_BASE && utf8_safe((uint32_t)key)) {
		pick(f, key);
	} else if (key == SVK_BACKSPACE || key == SVK_DELETE || key == 'U' - '@' ||
		   key == 'K' - '@') {
		f->val[i][0] = '\0';     /* a choice is cleared whole */
	} else {
		no_action(f->t, key);
	}
}

/* A click on a field's row goes to that field. */
static void click(struct form *f)
{
	int s = form_field_at(f, f->t->mouse_y - 1);

	if (s < 0 || f->fixed[f->shown[s]] || s == f->cur)
		return;
	leave(f);
	f->cur = s;
	focus(f);
}

static enum ui_form_result run(struct form *f, int64_t *saved_id)
{
	struct tui *t = f->t;

	focus(f);
	for (;;) {
		int key;
		enum action_id a;

		ui_draw(t);
		key = ui_getkey(t);
		if (key == SVK_NONE)
			return UF_CANCELLED;    /* input ended: the form stays drawn */
		t->status[0] = '\0';
		if (key == SVK_RESIZE) {
			ui_resized(t);
			continue;
		}
		if (key == SVK_MOUSE) {
			if (t->mouse_kind == UI_CLICK || t->mouse_kind == UI_DOUBLE)
				click(f);
			continue;
		}
		a = keymap_lookup(t->km, key, CTX_FORM);
		if (a == ACT_NONE && (key & (SVK_CTRL | SVK_SHIFT)) && !(key & SVK_ALT) &&
		    (key & ~SVK_MODS) > SVK_BASE && (key & ~SVK_MODS) < SVK_LAST)
			a = keymap_lookup(t->km, key & ~SVK_MODS, CTX_FORM);
		if (a == ACT_NONE && keymap_lookup(t->km, key, CTX_GLOBAL) == ACT_REDRAW &&
		    !(key >= 32 && key < SVK_BASE)) {
			clearok(curscr, TRUE);
			continue;
		}
		switch (a) {
		case ACT_FIELD_NEXT:
		case ACT_FIELD_PREV:
			leave(f);
			step(f, a == ACT_FIELD_NEXT ? 1 : -1);
			break;
		case ACT_PICK:
			if (f->fixed[f->shown[f->cur]] || is_text(f, f->shown[f->cur]))
				ui_status(t, 0, "%s has no pick list: type the value",
					  f->f[f->shown[f->cur]].label);
			else
				pick(f, 0);
			break;
		case ACT_SAVE:
			leave(f);
			if (save(f, saved_id))
				return UF_SAVED;
			break;
		case ACT_CANCEL:
			if (!changed(f))
				return UF_CANCELLED;
			if (ui_confirm(t, "discard changes? (y/n) ")) {
				ui_status(t, 0, "cancelled: nothing saved");
				return UF_CANCELLED;
			}
			if (t->script_done)
				return UF_CANCELLED;   /* the question stays on the last screen */
			break;
		default:
			field_key(f, key);
			break;
		}
	}
}

enum ui_form_result ui_form(struct tui *t, enum rec_kind k, int64_t id,
			    const char *const *fixed, int64_t *saved_id)
{
	struct view *v;
	struct form *f;
	enum ui_form_result r;
	char name[256];
	sv_err err = { 0 };

	*saved_id = 0;
	if (db_readonly(t->o->db)) {
		ui_status(t, 1, "the database is read-only: no %s can be %s", ui_kind_word(k),
			  id == 0 ? "added" : "changed");
		return UF_FAILED;
	}
	v = form_new(t, k, id, fixed, &err);
	if (v == NULL) {
		ui_status(t, 1, "%s", err.msg);
		return UF_FAILED;
	}
	if (ui_push(t, v) < 0) {
		ui_status(t, 1, "too many views open: press q to go back first");
		return UF_FAILED;
	}
	f = v->priv;
	t->status[0] = '\0';
	r = run(f, saved_id);
	if (r == UF_CANCELLED && t->script_done)
		return r;
	ui_pop(t);
	if (r != UF_SAVED)
		return r;
	t->records_changed++;
	ui_changed(t);
	if (rec_name(t->o->db, k, *saved_id, name, sizeof name, &err) < 0)
		snprintf(name, sizeof name, "(id %lld)", (long long)*saved_id);
	ui_status(t, 0, "saved %s %s", ui_kind_word(k), name);
	return UF_SAVED;
}

/* ---- deletes ---------------------------------------------------------------- */

enum ui_form_result ui_record_delete(struct tui *t, enum rec_kind k, int64_t id)
{
	char name[256], why[SV_ERR_MAX], question[400];
	struct write w;
	sv_err err = { 0 };
	int rc;

	if (db_readonly(t->o->db)) {
		ui_status(t, 1, "the database is read-only: no %s can be deleted", ui_kind_word(k));
		return UF_FAILED;
	}
	if (rec_name(t->o->db, k, id, name, sizeof name, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return UF_FAILED;
	}
	rc = rec_dependents(t->o->db, k, id, why, sizeof why, &err);
	if (rc > 0) {
		/* "contract X has 4 commitments: set its status to closed
		 * instead" says it is refused: the whole of it fits in 80 columns */
		ui_status(t, 1, "%s", why);
		return UF_FAILED;
	}
	if (rc < 0) {
		ui_status(t, 1, "%s", err.msg);
		return UF_FAILED;
	}
	memset(&w, 0, sizeof w);
	w.kind = k;
	w.id = id;
	if (rec_version(t->o->db, k, id, &w.seen, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return UF_FAILED;
	}
	snprintf(question, sizeof question, "delete %s %s? (y/n) ", ui_kind_word(k), name);
	if (!ui_confirm(t, question)) {
		if (!t->script_done)
			ui_status(t, 0, "not deleted: %s %s", ui_kind_word(k), name);
		return UF_CANCELLED;
	}
	if (write_retry(t, &w, &err) < 0) {
		ui_changed(t);
		say_refused(t, "not deleted", err.msg);
		return UF_FAILED;
	}
	t->records_changed++;
	ui_changed(t);
	ui_status(t, 0, "deleted %s %s", ui_kind_word(k), name);
	return UF_SAVED;
}
