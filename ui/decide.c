/* decide.c: decisions on return lines, the one way the desk decides (the
 * returns queue and the line's page call it), and the undo of this run's
 * decisions.
 *
 * A decision asks on the footer line what it needs (ui_prompt): the
 * validated quantity, read by the importer's own parser with its message
 * (import_qty_parse), a reason, the evidence needed.  The rules (0 up to
 * the delivered quantity, a reason when less than delivered, rejected and
 * query need one) have one home, the database's writer: a value it
 * refuses is asked again with its message above the prompt.  The write is
 * db_decide at the version shown; a busy database is retried while the
 * screen says so, a line changed meanwhile is refused naming who and when. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svdesk/detail.h"
#include "svdesk/import.h"

#include "ui.h"

/* A busy database is tried again every RETRY_MS for up to RETRY_FOR_MS
 * (each try also waits the connection's short busy timeout). */
#define RETRY_MS 100
#define RETRY_FOR_MS 10000

/* The decisions made in this run of the desk, newest last: what u undoes. */
#define UNDO_MAX 64
struct made {
	int64_t line_id, decision_id, version;   /* the line's version after it */
	enum sv_status status;
	sv_qty validated;
};
static struct made made[UNDO_MAX];
static int nmade;
/* the line of the last undo of this run, and its version after it */
static int64_t undone_line, undone_version;

void ui_decide_reset(void)
{
	nmade = 0;
	undone_line = undone_version = 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !ui_signal_pending())
		continue;
}

/* "Q2 CT-0001 EMP1" */
static void line_name(const detail_line_ref *r, char *buf, size_t n)
{
	snprintf(buf, n, "Q%d %s %s", r->quarter, r->ref, r->code);
}

/* Ask on the footer line; a message (a refused value) shows above the
 * prompt and went to the footer's log.  1 accepted, 0 cancelled. */
static int ask(struct tui *t, const char *label, const char *problem, const char *initial,
	       char *buf, size_t size)
{
	/* kept for the last screen when input ends at the prompt */
	static char shown[SV_ERR_MAX];
	char *start = NULL;
	int r;

	t->prompt_problem = NULL;
	if (problem != NULL && problem[0] != '\0') {
		ui_status(t, 1, "%s", problem);
		snprintf(shown, sizeof shown, "%s", problem);
		t->prompt_problem = shown;
	}
	/* what was typed before, to edit (the editor starts from a copy) */
	if (initial != NULL && initial[0] != '\0' && (start = strdup(initial)) == NULL) {
		ui_status(t, 1, "out of memory");
		t->prompt_problem = NULL;
		return 0;
	}
	r = ui_prompt(t, label, start, buf, size);
	free(start);
	if (r == PROMPT_ACCEPTED || !t->script_done)
		t->prompt_problem = NULL;
	return r == PROMPT_ACCEPTED;
}

/* Every write at the desk (a decision, an undo, a form's save or delete,
 * an answer), tried again while another desk holds the database: the
 * footer says so and the screen is drawn, with the other desks' writes
 * (ui_idle), never "database is locked".
 * done says what did not happen when it gives up ("recorded", "saved"). */
int ui_write_retry(struct tui *t, int (*write)(void *ctx, sv_err *err), void *ctx,
		   const char *done, sv_err *err)
{
	long start = now_ms();
	int waited = 0;

	for (;;) {
		int rc;

		sv_err_clear(err);
		rc = write(ctx, err);
		if (rc == 0 || err->code != DB_E_BUSY)
			return rc;
		if (ui_signal_pending()) {
			/* the desk is ending (SIGTERM, SIGHUP): no wait to speak of */
			sv_err_set(err, "interrupted while another desk was writing: nothing was %s",
				   done);
			err->code = DB_E_BUSY;
			return -1;
		}
		if (now_ms() - start >= RETRY_FOR_MS) {
			sv_err_set(err, "another desk has been writing for over %d seconds: nothing "
				   "was %s; try again", RETRY_FOR_MS / 1000, done);
			err->code = DB_E_BUSY;
			return -1;
		}
		if (!waited) {
			ui_status(t, 0, "waiting for another desk's write ...");
			waited = 1;
		}
		ui_draw(t);
		pause_ms(RETRY_MS);
		/* what the others wrote meanwhile is shown while this waits */
		ui_idle(t);
	}
}

/* A decision or an undo, as ui_write_retry calls it. */
struct decision_write {
	svdb *db;
	int64_t line_id, decision_id, version;
	int undo;
	enum sv_status st;
	sv_qty validated;
	const char *reason;
	db_decided *out;
};

static int decision_write(void *ctx, sv_err *err)
{
	struct decision_write *w = ctx;

	if (w->undo)
		return db_undo(w->db, w->line_id, w->decision_id, w->version, w->out, err);
	return db_decide(w->db, w->line_id, w->st, w->validated, w->reason, w->version, w->out,
			 err);
}

static int write_retry(struct tui *t, int64_t line_id, int undo, int64_t decision_id,
		       enum sv_status st, sv_qty validated, const char *reason, int64_t version,
		       db_decided *out, sv_err *err)
{
	struct decision_write w = { t->o->db, line_id, decision_id, version, undo, st, validated,
				    reason, out };

	return ui_write_retry(t, decision_write, &w, "recorded", err);
}

/* From the writer's refusal of a stale line ("contract C, measure M, Q:
 * the line changed since it was shown: decided by jsmith at 02/12/2026
 * 10:04 (now validated); nothing was written"), who changed it and when,
 * into buf; the whole message when it reads otherwise. */
static const char *who_changed(const char *msg, char *buf, size_t n)
{
	static const char since[] = "since it was shown: ", tail[] = "; nothing was written";
	const char *p = strstr(msg, since);
	size_t len;

	if (p == NULL) {
		snprintf(buf, n, "%s", msg);
		return buf;
	}
	p += sizeof since - 1;
	len = strlen(p);
	if (len >= sizeof tail - 1 && strcmp(p + len - (sizeof tail - 1), tail) == 0)
		len -= sizeof tail - 1;
	snprintf(buf, n, "the line was %.*s", (int)len, p);
	return buf;
}

/* A refusal of the writer without the record it names ("contract C,
 * measure M, 2026/27 Q1: "): the line is on screen already. */
static const char *unlabelled(const detail_line_ref *r, const char *msg)
{
	char label[160];
	size_t n = (size_t)snprintf(label, sizeof label, "contract %s, measure %s, ", r->ref,
				    r->code);
	const char *colon;

	if (n >= sizeof label || strncmp(msg, label, n) != 0 ||
	    (colon = strstr(msg + n, ": ")) == NULL)
		return msg;
	return colon + 2;
}

static void remember(const detail_line_ref *r, const db_decided *d, enum sv_status st,
		     sv_qty validated)
{
	if (nmade == UNDO_MAX) {
		memmove(made, made + 1, (UNDO_MAX - 1) * sizeof made[0]);
		nmade--;
	}
	made[nmade].line_id = r->id;
	made[nmade].decision_id = d->decision_id;
	made[nmade].version = d->version;
	made[nmade].status = st;
	made[nmade].validated = validated;
	nmade++;
}

/* "accepted 12.00", "partial 8.00 of 12.00", "rejected", "query" */
static void decision_words(enum sv_status st, sv_qty validated, sv_qty delivered, char *buf,
			   size_t n)
{
	char a[32], b[32];

	if (st == ST_VALIDATED && validated == delivered)
		snprintf(buf, n, "accepted %s", qty_format(validated, 1, a, sizeof a));
	else if (st == ST_VALIDATED)
		snprintf(buf, n, "partial %s of %s", qty_format(validated, 1, a, sizeof a),
			 qty_format(delivered, 1, b, sizeof b));
	else
		snprintf(buf, n, "%s", st == ST_REJECTED ? "rejected" : "query");
}

enum ui_decided ui_decide(struct tui *t, int64_t line_id, int64_t version, enum action_id a)
{
	detail_line_ref r;
	db_decided out;
	enum sv_status st;
	sv_qty validated = 0;
	char qty[64] = "", reason[4096] = "", name[128], label[160];
	char problem[SV_ERR_MAX] = "";
	sv_err err = { 0 };
	int rc, ask_qty;

	switch (a) {
	case ACT_ACCEPT: st = ST_VALIDATED; break;
	case ACT_PARTIAL: st = ST_VALIDATED; break;
	case ACT_REJECT: st = ST_REJECTED; break;
	case ACT_QUERY: st = ST_QUERY; break;
	default:
		return UD_CANCELLED;
	}
	if (db_readonly(t->o->db)) {
		ui_status(t, 1, "the database is read-only: no decision can be recorded");
		return UD_FAILED;
	}
	rc = detail_line_ref_get(t->o->db, line_id, &r, &err);
	if (rc <= 0) {
		ui_status(t, 1, "%s", rc == 0 ? "the return line is no longer in the database"
					     : err.msg);
		return UD_FAILED;
	}
	line_name(&r, name, sizeof name);
	if (a == ACT_ACCEPT)
		validated = r.delivered;
	ask_qty = a == ACT_PARTIAL;
	for (;;) {
		if (ask_qty) {
			char d[32];

			snprintf(label, sizeof label, "Validated %s (0 to %s): ", r.unit,
				 qty_format(r.delivered, 1, d, sizeof d));
			for (;;) {
				if (!ask(t, label, problem, qty, qty, sizeof qty))
					goto cancelled;
				if (import_qty_parse(qty, 1, &validated, &err) == 0)
					break;
				snprintf(problem, sizeof problem, "%s", err.msg);
			}
			problem[0] = '\0';
		}
		if (a != ACT_ACCEPT) {
			const char *what = a == ACT_QUERY ? "Evidence needed: " : "Reason: ";

			if (!ask(t, what, problem, reason, reason, sizeof reason))
				goto cancelled;
			problem[0] = '\0';
		}
		if (write_retry(t, line_id, 0, 0, st, validated, reason[0] != '\0' ? reason : NULL,
				version, &out, &err) == 0)
			break;
		if (err.code == DB_E_STALE) {
			char who[SV_ERR_MAX];

			ui_changed(t);
			ui_status(t, 1, "not recorded: %s", who_changed(err.msg, who, sizeof who));
			return UD_STALE;
		}
		if (err.code == DB_E_BUSY || a == ACT_ACCEPT) {
			ui_changed(t);
			ui_status(t, 1, "not recorded: %s", unlabelled(&r, err.msg));
			return UD_FAILED;
		}
		/* a value the rules refuse: asked again, with what was typed and
		 * the message; the quantity (then the reason) when the refusal is
		 * about the quantity, else the reason only */
		snprintf(problem, sizeof problem, "%s", unlabelled(&r, err.msg));
		ask_qty = a == ACT_PARTIAL && strstr(problem, "quantity") != NULL;
	}
	remember(&r, &out, st, validated);
	t->changed_line = line_id;
	ui_changed(t);
	t->changed_line = 0;
	{
		char v[32], d[32];

		/* "accepted Q2 CT-0001 EMP1: 12.00", "partial ...: 8.00 of 12.00" */
		qty_format(validated, 1, v, sizeof v);
		qty_format(r.delivered, 1, d, sizeof d);
		if (st == ST_VALIDATED && validated == r.delivered)
			ui_status(t, 0, "accepted %s: %s", name, v);
		else if (st == ST_VALIDATED)
			ui_status(t, 0, "partial %s: %s of %s", name, v, d);
		else
			ui_status(t, 0, "%s %s", st == ST_REJECTED ? "rejected" : "query", name);
	}
	return UD_DONE;
cancelled:
	ui_status(t, 0, "cancelled: nothing recorded for %s", name);
	return UD_CANCELLED;
}

enum ui_decided ui_undo(struct tui *t)
{
	struct made m;
	detail_line_ref r;
	db_decided out;
	char name[128], words[96];
	sv_err err = { 0 };
	int rc;

	if (nmade == 0) {
		ui_status(t, 1, "nothing to undo: no decision has been made in this run of the desk");
		return UD_FAILED;
	}
	if (db_readonly(t->o->db)) {
		ui_status(t, 1, "the database is read-only: nothing can be undone");
		return UD_FAILED;
	}
	m = made[nmade - 1];
	rc = detail_line_ref_get(t->o->db, m.line_id, &r, &err);
	if (rc <= 0) {
		ui_status(t, 1, "%s", rc == 0 ? "the return line is no longer in the database"
					     : err.msg);
		return UD_FAILED;
	}
	line_name(&r, name, sizeof name);
	decision_words(m.status, m.validated, r.delivered, words, sizeof words);
	/* this run's own undo of a later decision on the line moved its
	 * version: the writer checks that what came after m cancels out */
	if (m.line_id == undone_line && r.version == undone_version)
		m.version = r.version;
	if (write_retry(t, m.line_id, 1, m.decision_id, ST_SUBMITTED, 0, NULL, m.version, &out,
			&err) < 0) {
		if (err.code == DB_E_STALE) {
			char who[SV_ERR_MAX];

			/* it can never be undone now: the one before is next */
			nmade--;
			ui_changed(t);
			ui_status(t, 1, "cannot undo %s of %s: %s", words, name,
				  who_changed(err.msg, who, sizeof who));
			return UD_STALE;
		}
		ui_changed(t);
		ui_status(t, 1, "not undone: %s", err.msg);
		return UD_FAILED;
	}
	nmade--;
	undone_line = m.line_id;
	undone_version = out.version;
	t->changed_line = m.line_id;
	ui_changed(t);
	t->changed_line = 0;
	if (detail_line_ref_get(t->o->db, m.line_id, &r, &err) <= 0)
		r.status = ST_SUBMITTED;   /* what the message can say without it */
	ui_status(t, 0, "undone: %s of %s; the line is %s again", words, name,
		  status_name(r.status));
	return UD_DONE;
}
