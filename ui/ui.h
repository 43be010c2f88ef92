/* ui.h: the private interface of the ncurses front end.
 *
 * Screens are views on a stack (tig-style): each view is one file with a
 * table of operations and its private state.  Every key goes through one
 * input function (ui_getkey) and the keymap; views receive actions, never
 * raw keys.  Lists are pages fetched from the database (ui/list.c). */
#ifndef SVDESK_UI_H
#define SVDESK_UI_H

#include <curses.h>
#include <stdint.h>

#include "svdesk/action.h"
#include "svdesk/error.h"
#include "svdesk/money.h"
#include "svdesk/record.h"
#include "svdesk/tui.h"

#define VIEW_MAX 16
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 12

/* Colour roles; a theme maps them to colours or attributes. */
enum ui_role {
	ROLE_NORMAL = 0,
	ROLE_TITLE,       /* the title bar */
	ROLE_TITLE_FLAG,  /* DEMO, READ-ONLY, illustrative, in the title bar */
	ROLE_HEADER,      /* column headings */
	ROLE_SELECTED,    /* the selected row */
	ROLE_FOOTER,      /* key hints */
	ROLE_KEY,         /* a key name inside hints and help */
	ROLE_ERROR,       /* an error message */
	ROLE_DIM,         /* secondary text */
	ROLE_COMMITTED,   /* chart bars: committed */
	ROLE_DELIVERED,   /* chart bars: delivered */
	ROLE_VALIDATED,   /* chart bars: validated (and the trend) */
	ROLE_COUNT
};

/* ---- editline.c: the one-line editor ------------------------------------ */
/* A pure state machine over a caller's buffer of size bytes (text at most
 * size - 1 bytes, always valid UTF-8 and NUL-terminated): keys in, a
 * result out, no terminal needed.  Left/Right move by character (a wide
 * character takes two columns), Home/End and Ctrl-A/Ctrl-E go to the ends,
 * Backspace/Delete (Ctrl-D) remove a character, Ctrl-U clears to the start,
 * Ctrl-K to the end, Enter accepts, Esc cancels.  Control characters and
 * invisible ones are never typed in; a character that would pass the byte
 * limit is refused (full is set). */
struct editline {
	char *buf;
	size_t size;      /* bytes of buf */
	size_t len;       /* bytes of text */
	size_t cur;       /* the cursor, a byte offset at a character boundary */
	size_t first;     /* the first byte shown (horizontal scrolling) */
	int full;         /* the last key was refused: no room */
};

struct tui;
struct view;

struct view_ops {
	const char *name;                 /* "contracts", "help" ... */
	unsigned contexts;                /* CTX_ mask active in this view */
	/* Draw into the body area (rows y0 .. y0 + h - 1, all columns). */
	void (*draw)(struct view *v, struct tui *t, int y0, int h);
	/* An action from the keymap; returns 1 when the view handled it. */
	int (*act)(struct view *v, struct tui *t, enum action_id a);
	/* The body area changed size (also called once before the first draw). */
	void (*resize)(struct view *v, struct tui *t, int h);
	/* Where the cursor belongs (row in the body area), or -1. */
	int (*cursor)(struct view *v);
	/* A short text for the right of the footer ("row 12 of 60"), may be NULL. */
	void (*position)(struct view *v, char *buf, size_t n);
	void (*close)(struct view *v);
	/* A mouse event in the body area (row from 0, column x): UI_CLICK
	 * selects, UI_DOUBLE opens; returns 1 when handled.  May be NULL (the
	 * wheel then moves with ACT_UP / ACT_DOWN). */
	int (*mouse)(struct view *v, struct tui *t, int row, int x, int kind);
	/* What the view shows, for the title bar ("filter: OPCC, red"), may be
	 * NULL. */
	void (*title)(struct view *v, char *buf, size_t n);
	/* The database changed under the view (another desk wrote: PRAGMA
	 * data_version moved, or a decision here): re-read what is shown (the
	 * page on screen, the record), never a whole list; keep the selection
	 * where it can be kept.  May be NULL (nothing to re-read). */
	void (*reread)(struct view *v, struct tui *t);
	/* Actions of its contexts that this view does not offer (the audit
	 * log has no search), ACT_NONE-terminated: left out of its footer and
	 * its help.  May be NULL. */
	const enum action_id *lacks;
	/* The cursor's column on its row (a form's field being typed in), or
	 * -1 for column 0; may be NULL.  When it gives one, the cursor shows. */
	int (*cursor_x)(struct view *v);
};

/* Whether view v offers action a: one of its contexts, not in its lacks. */
int ui_offers(const struct view *v, enum action_id a);

/* Mouse events (struct tui's mouse_kind, view_ops.mouse's kind). */
enum ui_mouse { UI_CLICK = 1, UI_DOUBLE, UI_WHEEL_UP, UI_WHEEL_DOWN };

struct view {
	const struct view_ops *ops;
	void *priv;
};

struct tui {
	const tui_opts *o;
	const keymap *km;
	int rows, cols;
	int body_h;                       /* rows of the body area */
	struct view *stack[VIEW_MAX];
	int depth;
	int quit;
	char status[256];                 /* a message for the footer, until the next key */
	int status_is_error;
	enum money_style money;           /* £ in UTF-8 locales, GBP otherwise */
	int utf8;
	char proxy_set[128];
	int proxy_illustrative;
	int fy;                           /* the financial year shown (y), every view */
	/* the last mouse event (key SVK_MOUSE): screen row and column, kind */
	int mouse_y, mouse_x, mouse_kind;
	/* what the last SVK_UNKNOWN was, for the footer ("unknown key
	 * sequence: ESC [ 9 9 ~") */
	char key_unknown[128];
	/* input */
	FILE *script;                     /* headless key script */
	int script_line;
	int script_done;
	/* a prompt on the footer line (editline.c), when one is open */
	const char *prompt_label;
	struct editline *prompt_edit;     /* NULL for a yes/no question */
	int prompt_cursor;                /* its column */
	/* a prompt that input ended in stays on screen (the last screen of a
	 * key script shows it): copies of its label and text */
	char prompt_kept_label[256];
	char prompt_kept_text[1024];
	struct editline prompt_kept;
	/* a menu drawn over the screen (pick.c), when one is open: ui_draw
	 * calls it last, and it leaves the cursor where it belongs */
	void (*overlay)(struct tui *t);
	void *overlay_ctx;
	/* a value refused at an open prompt (decide.c): shown on the row
	 * above it until the prompt closes */
	const char *prompt_problem;
	/* While ui_changed runs after this desk's own decision or undo: the one
	 * line it changed (a view may then adjust what it counted instead of
	 * counting again); 0 when the change is unknown (another desk's). */
	int64_t changed_line;
	/* Counts the records this desk added, changed or deleted with a form
	 * (form.c): a list drawn after a change here reads its rows again. */
	unsigned records_changed;
};

/* ---- tui.c ------------------------------------------------------------- */
int ui_push(struct tui *t, struct view *v);     /* takes ownership; -1 when full */
void ui_pop(struct tui *t);
struct view *ui_top(struct tui *t);
void ui_status(struct tui *t, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_draw(struct tui *t);                    /* the whole screen, then doupdate */
void ui_resized(struct tui *t);                 /* after SVK_RESIZE */
/* Go to a view of keys 1-6: pop to the contracts list, then push v (when
 * not NULL).  Returns -1 (v closed) when it cannot be pushed. */
int ui_goto(struct tui *t, struct view *v);

enum edit_result { EDIT_MORE = 0, EDIT_ACCEPT, EDIT_CANCEL };

void editline_init(struct editline *e, char *buf, size_t size, const char *initial);
enum edit_result editline_key(struct editline *e, int key);
/* The cursor's column from the start of the text. */
int editline_cursor(const struct editline *e);
/* Scroll so that the cursor shows in width columns: the bytes to show in
 * *from .. *to, and the cursor's column in that window. */
int editline_window(struct editline *e, int width, size_t *from, size_t *to);

enum { PROMPT_CANCELLED = 0, PROMPT_ACCEPTED = 1 };
/* Ask for a line of text on the footer line ("Highlight: "), starting from
 * initial (may be NULL).  PROMPT_ACCEPTED with the text in buf, or
 * PROMPT_CANCELLED (Esc, or the end of input) with buf empty. */
int ui_prompt(struct tui *t, const char *label, const char *initial, char *buf, size_t size);
/* A yes/no question on the footer line: 1 only for y or Y. */
int ui_confirm(struct tui *t, const char *question);
/* Draw the open prompt on row y (tui.c's footer). */
void ui_prompt_draw(struct tui *t, int y);

/* ---- terminal.c -------------------------------------------------------- */
/* 0 when TERM names a terminal that can move the cursor; else -1 with err
 * saying what to set (TERM unset, unknown, dumb, a printing terminal). */
int ui_terminal_check(const char *term, sv_err *err);
/* Before the mouse is turned on: on the Linux console, keep libgpm loaded. */
void ui_terminal_keep_gpm(const char *term);

/* ---- input.c ----------------------------------------------------------- */
/* The one input function: the next key (an SVK_ or Unicode code point),
 * SVK_RESIZE after a size change, or SVK_NONE when input ended (end of a
 * script) or a signal asked to stop. */
int ui_getkey(struct tui *t);
int ui_input_open(struct tui *t, sv_err *err);  /* open the script, if any */
/* An escape sequence: b[0..n-1] are what came after an ESC (characters as
 * code points).  ESC_MORE: it may go on (at_end = 0; with at_end = 1 nothing
 * more is coming and the answer is final); ESC_KEY: *key (Esc alone, a key of
 * xterm, PuTTY, screen, tmux or the Linux console, Alt and a key); ESC_IGNORE:
 * a report svdesk has no use for (mouse, focus); ESC_UNKNOWN: a sequence
 * svdesk does not know.  *used is how many of b it took (the rest is read
 * again as keys). */
enum esc_result { ESC_MORE, ESC_KEY, ESC_IGNORE, ESC_UNKNOWN };
enum esc_result ui_escape_parse(const int *b, int n, int at_end, int *key, int *used);
/* A sequence in printable form: "ESC [ 9 9 ~". */
char *ui_escape_spell(const int *b, int n, char *buf, size_t size);
void ui_input_close(struct tui *t);
/* The signal received (SIGHUP, SIGTERM, SIGINT), or 0. */
int ui_signal_pending(void);
void ui_signals_install(void);

/* ---- draw.c ------------------------------------------------------------ */
enum ui_align { ALIGN_LEFT, ALIGN_RIGHT };

void ui_colors_init(enum ui_theme theme);
void ui_set_role(enum ui_role role);            /* on stdscr */
int ui_mono(void);                              /* 1: no colours (mono theme, NO_COLOR) */

/* Draw UTF-8 text at (y, x) in exactly width columns.  A character that is
 * not safe to show (utf8_safe: control, bidi, zero-width; an invalid byte)
 * is shown as a marker, U+00B7 (or '?' where the locale has no such
 * character), so a string from a file can never send escape sequences nor
 * hide or reorder text, and nothing vanishes unseen; a tab is a space; a
 * letter the locale cannot show is its plain ASCII letter (É -> E) or '?'.
 * Too long text ends in an ellipsis, the rest is padded.  Returns the
 * columns used by the text itself. */
int ui_text(struct tui *t, int y, int x, int width, enum ui_align align, const char *s);
/* Display width in columns of a UTF-8 string as ui_text shows it. */
int ui_width(const char *s);
void ui_fill(int y, int x, int width);          /* spaces in the current role */

/* Columns: widths for a row of fields; fixed fields get their width, the
 * rest share what remains by weight (at least min each).  When the row is
 * too narrow for every column at its minimum, columns with a drop rank are
 * left out, the highest rank first (of equal ranks the rightmost), until the
 * rest fit; a column left out gets width 0, takes no separating space, and
 * the view skips it.  A money column is fixed at the width of its widest
 * value (ui_money_width) and never cut. */
struct ui_column {
	const char *title;
	int width;       /* fixed width, or 0 for a flexible column */
	int min;         /* flexible: minimum width */
	int weight;      /* flexible: share of the remaining space */
	enum ui_align align;
	int drop;        /* 0: always shown; 1, 2 ...: left out first when narrow */
};
void ui_columns_layout(const struct ui_column *cols, int n, int total, int *widths);
/* The columns that money up to max needs in t's money style (£ or GBP),
 * never less than the title's width (title may be NULL).  A column that can
 * hold negative amounts passes the one of largest magnitude, sign and all. */
int ui_money_width(struct tui *t, sv_pence max, const char *title);

/* Write the screen as text (UTF-8, trailing spaces trimmed) to path. */
int ui_dump(struct tui *t, const char *path, sv_err *err);

/* ---- list.c: a list over a paged source ------------------------------- */
struct list_source {
	size_t row_size;
	int64_t (*count)(void *ctx, sv_err *err);
	/* Up to limit rows after anchor (forward) or before it (!forward), in
	 * ascending order; anchor NULL = from the start / from the end. */
	int (*fetch)(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err);
	void (*draw_row)(void *ctx, struct tui *t, int y, const void *row, int selected);
};

struct list {
	const struct list_source *src;
	void *ctx;
	char *rows;        /* height rows of row_size */
	int cap;           /* allocated rows */
	int n;             /* rows loaded (visible) */
	int height;        /* rows available on screen */
	int sel;           /* index of the selected row in rows */
	int64_t top;       /* rank of rows[0] */
	int64_t total;
};

int list_init(struct list *l, const struct list_source *src, void *ctx, sv_err *err);
void list_free(struct list *l);
int list_resize(struct list *l, int height, sv_err *err);
/* UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST; returns 1 when handled, -1 on error. */
int list_act(struct list *l, enum action_id a, sv_err *err);
void list_draw(struct list *l, struct tui *t, int y0);
/* A click on row (of the list, from 0): selects it.  Returns 1, 2 for a
 * double click (open the row), 0 when no row is there (or for the wheel:
 * the caller moves with ACT_UP / ACT_DOWN). */
int list_mouse(struct list *l, int row, int kind);
const void *list_selected(const struct list *l);
void list_position(const struct list *l, char *buf, size_t n);
/* The hooks of a view that shows a heading row over one list, for its
 * view_ops (resize, cursor, position): its state (v->priv) begins with
 * that struct list. */
void list_view_resize(struct view *v, struct tui *t, int h);
int list_view_cursor(struct view *v);
void list_view_position(struct view *v, char *buf, size_t n);
/* The query changed (a sort, a filter, the year): count again and show the
 * first page. */
int list_reset(struct list *l, sv_err *err);
/* Show row, whose 0-based place in the list is rank, selected: with the
 * rows before and after it fetched around it (keyset, from row itself), so
 * that it shows on a full screen.  It stays on the screen row where it is
 * already shown, else takes the selection's screen row when the rows above
 * allow.  0, or -1 on error. */
int list_jump(struct list *l, const void *row, int64_t rank, sv_err *err);

/* ---- pick.c: a pick list ------------------------------------------------ */
struct pick_item {
	const char *label;   /* shown, and what typing narrows on */
	int marked;          /* shown with a mark: in force, the one shown */
};
/* A small menu over the screen, titled title: Up/Down, PgUp/PgDn and
 * Home/End choose, Enter takes, Esc cancels, typing narrows the items to
 * those whose label holds the text (any case, any accent), Backspace
 * widens again, Ctrl-U clears it.  Starts on item sel.  Returns the index
 * of the item taken, or -1 (cancelled, or input ended: then the menu stays
 * drawn on the last screen). */
int ui_pick(struct tui *t, const char *title, const struct pick_item *items, int n, int sel);
/* ui_pick for a form's field: the narrowing starts from text (the key
 * typed on the field), and the text typed can be taken as it is, as
 * PICK_TYPED with it in text: by Tab or Shift-Tab (the form's field-next
 * and field-prev keys; *key says which), or by Enter when nothing matches.
 * text NULL: ui_pick. */
#define PICK_TYPED (-2)
int ui_pick_typed(struct tui *t, const char *title, const struct pick_item *items, int n,
		  int sel, char *text, size_t size, int *key);
/* The desk's year picker (view_contracts.c), y in the lists and the tree:
 * the years with commitments and the current one; sets t->fy.  1 when the
 * year changed, 0 when not, -1 on an error (shown in the footer). */
int ui_year_pick(struct tui *t);
/* 1 when label holds text, both folded (any case, any accent); an empty
 * text matches every label. */
int ui_pick_match(const char *label, const char *text);

/* ---- views ------------------------------------------------------------- */
/* The contracts list (home, key 1). */
struct view *view_contracts_new(struct tui *t, sv_err *err);
/* The contracts of one supplier, or committing to one measure in the year
 * shown (id 0 = no such scope); label names the scope in the title bar. */
struct view *view_contracts_scoped(struct tui *t, int64_t supplier_id, int64_t measure_id,
				   const char *label, sv_err *err);
/* A contract's page (Enter on a contract anywhere). */
struct view *view_contract_new(struct tui *t, int64_t contract_id, sv_err *err);
/* The measures tree (key 2). */
struct view *view_measures_new(struct tui *t, sv_err *err);
/* The suppliers list (key 3). */
struct view *view_suppliers_new(struct tui *t, sv_err *err);
/* Help for the view below it: every key active in its contexts. */
struct view *view_help_new(struct tui *t, const struct view *about, sv_err *err);
/* The Reports view: a board's report for a period, previewed as printed. */
struct view *view_reports_new(struct tui *t, sv_err *err);
/* The returns queue (key 4): lines awaiting validation, or (m) the
 * quarter's missing returns. */
struct view *view_queue_new(struct tui *t, sv_err *err);
/* The audit log (key 6), newest first. */
struct view *view_audit_new(struct tui *t, sv_err *err);
/* The proxy sets and their values per measure (key 7); c makes the
 * selected set current. */
struct view *view_proxies_new(struct tui *t, sv_err *err);
/* One entry of the audit log (Enter in the audit log view): who, when,
 * what, its values before and after (view_entry.c). */
struct view *view_entry_new(struct tui *t, int64_t entry_id, sv_err *err);
/* A UTC stamp "YYYY-MM-DDTHH:MM:SSZ" as the desk's local time "DD/MM/YYYY
 * HH:MM" (view_audit.c); 0, or -1 with the stamp copied as it is. */
int ui_local_stamp(const char *utc, char *buf, size_t n);

/* ---- decide.c: decisions on return lines ------------------------------- */
/* The one way the desk decides (the returns queue and the line's page both
 * call it).  a is ACT_ACCEPT, ACT_PARTIAL, ACT_REJECT or ACT_QUERY: asks
 * what that decision needs on the footer line (the validated quantity and a
 * reason, a reason, the evidence needed), checked by the importer's code
 * with its messages; Esc cancels.  The decision is written only if the
 * line is still at version (the one on screen).  Busy: retried while the
 * screen stays alive, never "database is locked".  Returns UD_DONE
 * (footer says what was recorded), UD_CANCELLED, UD_STALE (someone decided
 * or resubmitted meanwhile: the footer says who and when; the caller
 * re-reads the line and shows it as it now is) or UD_FAILED (footer has the
 * error).  Every outcome but UD_CANCELLED calls ui_changed(). */
enum ui_decided { UD_FAILED = -1, UD_CANCELLED = 0, UD_DONE = 1, UD_STALE = 2 };
enum ui_decided ui_decide(struct tui *t, int64_t line_id, int64_t version, enum action_id a);
/* Undo the last decision made in this run of the desk (a new decision back
 * to the state before it, audited), while nobody has acted on that line
 * since; else says why not.  Same results as ui_decide. */
enum ui_decided ui_undo(struct tui *t);
/* Run write(ctx, err) until it is not refused as busy (DB_E_BUSY): every
 * 100 ms for up to 10 s, the footer saying "waiting for another desk's
 * write ..." and the screen drawn meanwhile, with what other desks wrote
 * (ui_idle); then DB_E_BUSY with "nothing was DONE; try again" (or, on a
 * signal that ends the desk, "interrupted ...").  Every write at the desk
 * goes through it. */
int ui_write_retry(struct tui *t, int (*write)(void *ctx, sv_err *err), void *ctx,
		   const char *done, sv_err *err);
/* Forget the decisions of an earlier run of the desk in this process (a
 * test or a fuzz target runs it many times): u undoes only this run's. */
void ui_decide_reset(void);
/* The database changed: call every open view's reread (tui.c; also when
 * an idle poll of PRAGMA data_version finds another desk's write). */
void ui_changed(struct tui *t);

/* ---- form.c: forms to add and edit records ------------------------------ */
/* A full-screen form over a record of kind k (contracts, suppliers,
 * commitments): one labelled field a line, the record's rules and messages
 * from svdesk/record.h.  id 0 adds a record, with the fields in fixed
 * (NULL-terminated name/value pairs, such as "contract", "WMP-2025-101")
 * filled in and read-only; else edits the record with that id.  Runs until
 * the record is saved or the form cancelled.  UF_SAVED: *saved_id is the
 * record's id, ui_changed has run and the footer says "saved KIND NAME";
 * the form is gone.  UF_CANCELLED: nothing written, the form gone (or,
 * when input ended, still on screen: a key script's last screen shows it).
 * UF_FAILED: the footer says why (a read-only database, the record gone). */
enum ui_form_result { UF_FAILED = -1, UF_CANCELLED = 0, UF_SAVED = 1 };
enum ui_form_result ui_form(struct tui *t, enum rec_kind k, int64_t id,
			    const char *const *fixed, int64_t *saved_id);
/* Delete a record: refused, saying why, when others depend on it
 * (rec_dependents) or the database is read-only; else asks "delete KIND
 * NAME? (y/n)".  UF_SAVED when it was deleted (ui_changed has run, the
 * footer says so), UF_CANCELLED (no), UF_FAILED (refused: the footer says
 * why). */
enum ui_form_result ui_record_delete(struct tui *t, enum rec_kind k, int64_t id);
/* "contract", "supplier", "commitment": a kind's word in titles and
 * messages. */
const char *ui_kind_word(enum rec_kind k);

/* ---- the idle work (tui.c) ---------------------------------------------- */
/* Input's wait (the terminal's half-second timeout, a key script's
 * <Sleep:MS> in slices of UI_IDLE_MS): when another connection has
 * committed since the last look (PRAGMA data_version moved), every open
 * view re-reads what it shows (ui_changed) and the screen is drawn again. */
#define UI_IDLE_MS 100
void ui_idle(struct tui *t);
/* ui_idle when the last look was UI_IDLE_MS or more ago: ui_getkey calls
 * it before each key, so that a desk whose keys come without a pause (a
 * key held down, a key script) still shows other desks' writes. */
void ui_idle_due(struct tui *t);

#endif
