/* view_answers.c: the OPCC questionnaire on an OPCC contract's page.
 *
 * The four questions of the policy, each with its answer (or "not
 * answered"), who recorded it and when.  On a question's line E (or Enter)
 * asks the answer on the footer line, D deletes it after asking.  The
 * rules are record.h's: rec_value checks what was typed with the
 * importer's message (a whole number for prison leavers), rec_save and
 * rec_delete write at the version read, so a change made meanwhile by
 * another desk or an import is refused naming who and when; a busy
 * database is tried again while the footer says so, as for decisions.
 * A WMP contract has no section. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/detail.h"
#include "svdesk/record.h"

#include "page.h"
#include "view_answers.h"

#define WHO_MAX_COLS 30        /* "recorded by" on a question's line, at most */

struct answer {
	int64_t id;                /* 0: not answered */
	int64_t version;
	char *text, *by;
	char at[21];
};

struct answers {
	int64_t contract_id;
	char ref[64];
	int opcc;                  /* the section shows */
	size_t ntopics;
	const rec_topic *topics;
	struct answer *v;          /* one per topic, in rec_topics' order */
	char draft[4096];          /* a refused answer comes back to be put right */
	size_t draft_topic;        /* its topic + 1 (0: none) */
};

static void drop(struct answers *a)
{
	for (size_t i = 0; a->v != NULL && i < a->ntopics; i++) {
		free(a->v[i].text);
		free(a->v[i].by);
		memset(&a->v[i], 0, sizeof a->v[i]);
	}
}

struct answers *answers_new(void)
{
	struct answers *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->topics = rec_topics(&a->ntopics);
	a->v = calloc(a->ntopics, sizeof *a->v);
	if (a->v == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void answers_free(struct answers *a)
{
	if (a == NULL)
		return;
	drop(a);
	free(a->v);
	free(a);
}

static size_t topic_index(const struct answers *a, const char *name)
{
	for (size_t i = 0; i < a->ntopics; i++)
		if (strcmp(a->topics[i].name, name) == 0)
			return i;
	return a->ntopics;
}

struct load_ctx {
	struct answers *a;
	svdb *db;
	sv_err *err;
};

static int keep_answer(void *ctx, const db_answer_row *r)
{
	struct load_ctx *l = ctx;
	size_t i = topic_index(l->a, r->topic);
	struct answer *x;

	if (i == l->a->ntopics)
		return 0;      /* a topic of a newer svdesk: not ours to show */
	x = &l->a->v[i];
	x->id = r->id;
	x->text = strdup(r->answer);
	x->by = strdup(r->recorded_by);
	snprintf(x->at, sizeof x->at, "%s", r->recorded_at);
	if (x->text == NULL || x->by == NULL) {
		sv_err_set(l->err, "out of memory");
		return -1;
	}
	return 0;
}

int answers_load(struct answers *a, svdb *db, int64_t contract_id, const char *ref, int opcc,
		 sv_err *err)
{
	struct load_ctx l = { a, db, err };

	drop(a);
	a->contract_id = contract_id;
	snprintf(a->ref, sizeof a->ref, "%s", ref);
	a->opcc = opcc;
	if (!opcc)
		return 0;
	if (detail_answers(db, contract_id, keep_answer, &l, err) != 0)
		return -1;
	for (size_t i = 0; i < a->ntopics; i++)
		if (a->v[i].id != 0 && rec_version(db, REC_ANSWER, a->v[i].id, &a->v[i].version,
						   err) < 0)
			return -1;
	return 0;
}

/* ---- the section ----------------------------------------------------------------- */

void answers_section(const struct answers *a, struct page *p, struct tui *t)
{
	char buf[160];
	size_t answered = 0;

	if (!a->opcc)
		return;
	for (size_t i = 0; i < a->ntopics; i++)
		answered += a->v[i].id != 0;
	page_blank(p);
	snprintf(buf, sizeof buf, "OPCC questionnaire (%zu of %zu answered)", answered, a->ntopics);
	page_text(p, ROLE_HEADER, 0, buf);
	for (size_t i = 0; i < a->ntopics; i++) {
		const struct answer *x = &a->v[i];
		const rec_topic *tp = &a->topics[i];
		char who[300], day[16], label[200];
		int line, ww;

		if (x->id == 0) {
			snprintf(who, sizeof who, "not answered");
		} else {
			/* the day the answer was recorded, as the desk shows dates */
			char iso[11];

			snprintf(iso, sizeof iso, "%.10s", x->at);
			snprintf(who, sizeof who, "%s %s", x->by, page_date(iso, day, sizeof day));
		}
		ww = ui_width(who);
		if (ww > WHO_MAX_COLS)
			ww = WHO_MAX_COLS;
		if (x->id != 0 && tp->counts)
			snprintf(label, sizeof label, "%s: %s", tp->label, x->text);
		else
			snprintf(label, sizeof label, "%s", tp->label);
		line = page_add(p, x->id != 0 ? ROLE_NORMAL : ROLE_DIM, PAGE_ANSWER, (int64_t)i + 1);
		page_cell(p, line, 2, t->cols - 2 - ww - 1, ALIGN_LEFT, label);
		page_cell(p, line, t->cols - ww, ww, ALIGN_RIGHT, who);
		if (x->id != 0 && !tp->counts) {
			size_t first = p->n;

			/* the text under its question, part of its item */
			page_wrap(p, ROLE_NORMAL, 4, t->cols - 4, x->text);
			for (size_t k = first; k < p->n; k++) {
				p->v[k].cont = 1;
				p->v[k].kind = PAGE_ANSWER;
				p->v[k].id = (int64_t)i + 1;
			}
		}
	}
}

/* ---- writes ------------------------------------------------------------------------ */

/* The first fault rec_save gives (the answer's, as a form shows it). */
struct fault {
	char msg[SV_ERR_MAX];
	int n;
	int field;             /* the first fault's (RA_*) */
};

static void on_fault(void *ctx, int field, const char *msg)
{
	struct fault *f = ctx;

	if (f->n++ == 0) {
		snprintf(f->msg, sizeof f->msg, "%s", msg);
		f->field = field;
	}
}

/* Save (text) or delete (text NULL) the answer as it was read (id 0: none,
 * at version), as ui_write_retry calls it. */
struct answer_write {
	svdb *db;
	const char *const *cells;
	int64_t id, version;
	const char *text;
	struct fault *f;
};

static int answer_write(void *ctx, sv_err *err)
{
	struct answer_write *w = ctx;
	int64_t new_id;

	memset(w->f, 0, sizeof *w->f);
	if (w->text != NULL)
		return rec_save(w->db, REC_ANSWER, w->id, w->version, w->cells, on_fault, w->f,
				&new_id, err);
	return rec_delete(w->db, REC_ANSWER, w->id, w->version, err);
}

static int write_retry(struct tui *t, const struct answers *a, size_t i, int64_t id,
		       int64_t version, const char *text, struct fault *f, sv_err *err)
{
	const char *cells[RA_NFIELDS] = { NULL };
	struct answer_write w = { t->o->db, cells, id, version, text, f };

	cells[RA_CONTRACT] = a->ref;
	cells[RA_TOPIC] = a->topics[i].name;
	cells[RA_ANSWER] = text;
	return ui_write_retry(t, answer_write, &w, text != NULL ? "recorded" : "deleted", err);
}

static int writable(struct tui *t)
{
	if (!db_readonly(t->o->db))
		return 1;
	ui_status(t, 1, "the database is read-only: no answer can be recorded or deleted (%s)",
		  db_readonly_reason(t->o->db));
	return 0;
}

/* Ask the answer on the footer line (what was there, or what was refused
 * with its message above the prompt) until it is good, saved, or Esc.  The
 * answer is written at the version shown when E was pressed: the page is
 * read again while the prompt waits when another desk writes, and a
 * change made meanwhile must be refused, never overwritten. */
static void edit(struct answers *a, struct tui *t, size_t i)
{
	const rec_topic *tp = &a->topics[i];
	int64_t id = a->v[i].id, version = a->v[i].version;
	char text[4096], old[4096];
	char label[40], problem[SV_ERR_MAX] = "", start[4096];
	struct fault f;
	sv_err err = { 0 };

	if (!writable(t))
		return;
	snprintf(old, sizeof old, "%s", a->v[i].text != NULL ? a->v[i].text : "");
	snprintf(start, sizeof start, "%s", a->draft_topic == i + 1 ? a->draft : old);
	/* short, to leave room to type at 60 columns: the question is the
	 * line selected above */
	snprintf(label, sizeof label, "Answer%s: ", tp->counts ? " (a whole number)" : "");
	for (;;) {
		char msg[SV_ERR_MAX];

		t->prompt_problem = problem[0] != '\0' ? problem : NULL;
		if (problem[0] != '\0')
			ui_status(t, 1, "%s", problem);
		if (ui_prompt(t, label, start, text, sizeof text) != PROMPT_ACCEPTED) {
			if (t->script_done && problem[0] != '\0') {
				/* the last screen keeps the message: a copy
				 * that outlives this call (problem[] does not) */
				static char shown[SV_ERR_MAX];

				snprintf(shown, sizeof shown, "%s", problem);
				t->prompt_problem = shown;
				return;
			}
			t->prompt_problem = NULL;
			ui_status(t, 0, "not changed: %s of %s", tp->label, a->ref);
			return;
		}
		t->prompt_problem = NULL;
		snprintf(start, sizeof start, "%s", text);
		if (rec_value(REC_ANSWER, RA_ANSWER, text, tp->counts ? REC_V_COUNT : 0, msg,
			      sizeof msg) != 0) {
			snprintf(problem, sizeof problem, "%s", msg);
			continue;
		}
		if (id != 0 && strcmp(text, old) == 0) {
			a->draft_topic = 0;
			ui_status(t, 0, "not changed: %s of %s", tp->label, a->ref);
			return;
		}
		if (write_retry(t, a, i, id, version, text, &f, &err) == 0)
			break;
		if (err.code == DB_E_OTHER && f.n > 0 && f.field == RA_ANSWER) {
			/* the store's refusal of the value: asked again */
			snprintf(problem, sizeof problem, "%s", f.msg);
			continue;
		}
		/* an answer added meanwhile by another desk or an import: the
		 * page shows it, to be changed from there */
		if (err.code == DB_E_OTHER && f.n > 0)
			sv_err_set(&err, "not saved: %.900s", f.msg);
		/* stale, busy or a failure: the page shows what is stored now */
		snprintf(a->draft, sizeof a->draft, "%s", text);
		a->draft_topic = i + 1;
		ui_changed(t);
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	a->draft_topic = 0;
	ui_changed(t);
	ui_status(t, 0, "saved: %s of %s", tp->label, a->ref);
}

static void delete(struct answers *a, struct tui *t, size_t i)
{
	const rec_topic *tp = &a->topics[i];
	int64_t id = a->v[i].id, version = a->v[i].version;
	char question[300];
	struct fault f;
	sv_err err = { 0 };

	if (id == 0) {
		ui_status(t, 0, "nothing to delete: %s is not answered", tp->label);
		return;
	}
	if (!writable(t))
		return;
	snprintf(question, sizeof question, "Delete the answer on %s? (y/n) ", tp->label);
	if (!ui_confirm(t, question)) {
		ui_status(t, 0, "not deleted");
		return;
	}
	if (write_retry(t, a, i, id, version, NULL, &f, &err) < 0) {
		ui_changed(t);
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	ui_changed(t);
	ui_status(t, 0, "deleted: the answer on %s of %s", tp->label, a->ref);
}

int answers_act(struct answers *a, struct tui *t, const struct page_line *sel,
		enum action_id act)
{
	size_t i;

	if (!a->opcc || (act != ACT_EDIT && act != ACT_DELETE && act != ACT_OPEN))
		return 0;
	if (sel == NULL || sel->kind != PAGE_ANSWER)
		return 0;
	i = (size_t)(sel->id - 1);
	if (i >= a->ntopics)
		return 0;
	if (act == ACT_DELETE)
		delete(a, t, i);
	else
		edit(a, t, i);
	return 1;
}
