/* action.h: every action of the TUI, its default keys, and the keymap.
 *
 * Actions are data: one X-macro lists them, and the keymap, the help screen,
 * the footer hints, `svdesk --help-keys` and the test scripts all come from
 * it.  Keys are plain ints independent of curses: a Unicode code point for a
 * printable key, the control code for Ctrl-A..Ctrl-Z (1..26), 27 for Esc, or
 * one of the SVK_ codes below; ui/ translates curses key codes into these. */
#ifndef SVDESK_ACTION_H
#define SVDESK_ACTION_H

#include <stddef.h>

#include "svdesk/error.h"

enum {
	SVK_NONE = 0,
	SVK_ESC = 27,
	SVK_BASE = 0x110000,
	SVK_UP, SVK_DOWN, SVK_LEFT, SVK_RIGHT,
	SVK_PGUP, SVK_PGDN, SVK_HOME, SVK_END,
	SVK_ENTER, SVK_TAB, SVK_BTAB, SVK_BACKSPACE, SVK_DELETE, SVK_INSERT,
	SVK_F1, SVK_F2, SVK_F3, SVK_F4, SVK_F5, SVK_F6,
	SVK_F7, SVK_F8, SVK_F9, SVK_F10, SVK_F11, SVK_F12,
	SVK_RESIZE,     /* the terminal changed size (never bound) */
	SVK_MOUSE,      /* a mouse event: struct tui's mouse_* say what (never bound) */
	SVK_UNKNOWN,    /* an escape sequence svdesk does not know (never bound) */
	SVK_LAST
};

/* Modifiers, or'ed into a key: Alt-j is 'j' | SVK_ALT, Ctrl-Up is
 * SVK_UP | SVK_CTRL.  Above every code point and SVK_ code, so that a key
 * with a modifier is never taken for a character. */
#define SVK_SHIFT 0x01000000
#define SVK_ALT   0x02000000
#define SVK_CTRL  0x04000000
#define SVK_MODS  (SVK_SHIFT | SVK_ALT | SVK_CTRL)

/* Key names: a single character ("q", "Q", "?", "£"), or one of <Up> <Down>
 * <Left> <Right> <PgUp> <PgDn> <Home> <End> <Enter> <Tab> <S-Tab> <BS> <Del>
 * <Ins> <Esc> <Space> <F1>..<F12> <C-a>..<C-z> (names case-insensitive; "<lt>"
 * is a literal '<'); with modifiers, <M-x> (Alt and a character, whose case
 * counts: <M-J> is Alt-Shift-j), and <C-Up> <S-Up> <M-Up> <C-M-PgDn> ... on
 * the named keys and F1..F12.  Returns 0 and the key, or -1 with err saying
 * why. */
int key_parse(const char *name, int *key, sv_err *err);
/* The canonical name of a key: "q", "<Down>", "<C-l>", "<F1>" ... */
/* (Named key_spell, not key_name: curses has a key_name of its own.) */
char *key_spell(int key, char *buf, size_t n);
/* A short label for footers and help: "q", "Down", "PgDn", "Ctrl-L", "F1", "Esc",
 * "Alt-j", "Ctrl-Up" ... */
char *key_label(int key, char *buf, size_t n);

/* Contexts: where an action applies.  A view activates a set of them. */
enum action_ctx {
	CTX_GLOBAL = 1u << 0,   /* everywhere (not while typing in a prompt) */
	CTX_MOVE   = 1u << 1,   /* any scrollable view: lists, help, reports */
	CTX_LIST   = 1u << 2,   /* lists of records */
	CTX_REPORTS = 1u << 3,  /* the Reports view */
	CTX_HIGHLIGHTS = 1u << 4, /* the highlights of a year (in the Reports view) */
	CTX_TREE   = 1u << 5,   /* trees that fold (the Measures view) */
	CTX_DETAIL = 1u << 6,   /* a record's page (a contract ...) with rows to open */
	CTX_DECIDE = 1u << 7,   /* decisions: the returns queue and a return line */
	CTX_QUEUE  = 1u << 8,   /* the returns queue */
	CTX_PROXIES = 1u << 9,  /* the proxy sets view */
	CTX_FORM   = 1u << 10   /* a form (add or edit a record): no other keys apply */
};

/* X(ID, name, contexts, help text, default key names (up to 3, "" if none)) */
#define SV_ACTIONS(X) \
	X(HELP,      "help",      CTX_GLOBAL, "show every key of this view",         "?", "<F1>", "") \
	X(BACK,      "back",      CTX_GLOBAL, "back to the previous view; quits from the first", "q", "<Esc>", "") \
	X(QUIT,      "quit",      CTX_GLOBAL, "quit svdesk",                         "Q", "", "") \
	X(REDRAW,    "redraw",    CTX_GLOBAL, "redraw the screen",                   "<C-l>", "", "") \
	X(CONTRACTS, "contracts", CTX_GLOBAL, "go to the contracts list",            "1", "", "") \
	X(MEASURES,  "measures",  CTX_GLOBAL, "go to the measures tree",             "2", "", "") \
	X(SUPPLIERS, "suppliers", CTX_GLOBAL, "go to the suppliers list",            "3", "", "") \
	X(QUEUE,     "queue",     CTX_GLOBAL, "go to the returns queue",             "4", "", "") \
	X(REPORTS,   "reports",   CTX_GLOBAL, "go to the board reports",             "5", "", "") \
	X(AUDIT,     "audit",     CTX_GLOBAL, "go to the audit log",                 "6", "", "") \
	X(PROXIES,   "proxies",   CTX_GLOBAL, "go to the proxy sets",                "7", "", "") \
	X(UP,        "up",        CTX_MOVE,   "move up one line",                    "<Up>", "k", "") \
	X(DOWN,      "down",      CTX_MOVE,   "move down one line",                  "<Down>", "j", "") \
	X(PAGE_UP,   "page-up",   CTX_MOVE,   "move up one page",                    "<PgUp>", "", "") \
	X(PAGE_DOWN, "page-down", CTX_MOVE,   "move down one page",                  "<PgDn>", "", "") \
	X(FIRST,     "first",     CTX_MOVE,   "go to the first line",                "<Home>", "g", "") \
	X(LAST,      "last",      CTX_MOVE,   "go to the last line",                 "<End>", "G", "") \
	X(OPEN,      "open",      CTX_LIST | CTX_TREE | CTX_DETAIL | CTX_REPORTS, "open the selected row", "<Enter>", "", "") \
	X(SEARCH,    "search",    CTX_LIST | CTX_TREE, "search: ref, title, supplier or name (any case, any accent)", "/", "", "") \
	X(SEARCH_NEXT, "search-next", CTX_LIST | CTX_TREE, "go to the next match",   "n", "", "") \
	X(SEARCH_PREV, "search-prev", CTX_LIST | CTX_TREE, "go to the previous match", "N", "", "") \
	X(SORT,      "sort",      CTX_LIST,   "sort on the next column",             "s", "", "") \
	X(SORT_REVERSE, "sort-reverse", CTX_LIST, "reverse the order",             "S", "", "") \
	X(FILTER,    "filter",    CTX_LIST,   "filter the list (body, year, status ...: each list offers its own)", "f", "", "") \
	X(FILTER_CLEAR, "filter-clear", CTX_LIST, "clear every filter",            "F", "", "") \
	X(YEAR,      "year",      CTX_LIST | CTX_TREE | CTX_DETAIL, "choose the financial year shown", "y", "", "") \
	X(FOLD,      "fold",      CTX_TREE,   "fold the selected branch (or go to its parent)", "<Left>", "-", "") \
	X(UNFOLD,    "unfold",    CTX_TREE,   "unfold the selected branch",          "<Right>", "+", "") \
	X(BOARD,     "board",     CTX_REPORTS, "choose the board: FGB, QPRB, QRB",   "b", "", "") \
	X(PERIOD,    "period",    CTX_REPORTS, "choose the period (a year, or a quarter)", "y", "", "") \
	X(PRINT,     "print",     CTX_REPORTS, "print with the configured command",  "p", "", "") \
	X(WRITE,     "write",     CTX_REPORTS, "write to a file (.csv: CSV, else text)", "w", "", "") \
	X(HIGHLIGHTS, "highlights", CTX_REPORTS, "show or hide the year's highlights (FGB)", "H", "", "") \
	X(ADD,       "add",       CTX_HIGHLIGHTS | CTX_LIST | CTX_DETAIL, "add a record (a form), or a highlight at the end", "A", "", "") \
	X(EDIT,      "edit",      CTX_HIGHLIGHTS | CTX_LIST | CTX_DETAIL, "edit the selected record (a form) or highlight", "E", "", "") \
	X(DELETE,    "delete",    CTX_HIGHLIGHTS | CTX_LIST | CTX_DETAIL, "delete the selected item (asks first; refused when others depend on it)", "D", "", "") \
	X(MOVE_UP,   "move-up",   CTX_HIGHLIGHTS, "move the selected highlight up",   "K", "", "") \
	X(MOVE_DOWN, "move-down", CTX_HIGHLIGHTS, "move the selected highlight down", "J", "", "") \
	X(ACCEPT,    "accept",    CTX_DECIDE, "accept: validated = delivered",       "a", "", "") \
	X(PARTIAL,   "partial",   CTX_DECIDE, "partial: ask the validated quantity and a reason", "p", "", "") \
	X(REJECT,    "reject",    CTX_DECIDE, "reject: ask a reason",                "x", "", "") \
	X(QUERY,     "query",     CTX_DECIDE, "query: ask what evidence is needed",  "e", "", "") \
	X(UNDO,      "undo",      CTX_DECIDE, "undo the last decision made here (a new decision back to the state before)", "u", "", "") \
	X(MISSING,   "missing",   CTX_QUEUE,  "switch between lines awaiting validation and the quarter's missing returns", "m", "", "") \
	X(SET_PREV,  "set-prev",  CTX_PROXIES, "select the proxy set to the left",   "<Left>", "", "") \
	X(SET_NEXT,  "set-next",  CTX_PROXIES, "select the proxy set to the right",  "<Right>", "", "") \
	X(MAKE_CURRENT, "make-current", CTX_PROXIES, "make the selected set current (asks first)", "c", "", "") \
	X(FIELD_NEXT, "field-next", CTX_FORM, "go to the next field",                "<Tab>", "<Down>", "") \
	X(FIELD_PREV, "field-prev", CTX_FORM, "go to the previous field",            "<S-Tab>", "<Up>", "") \
	X(PICK,      "pick",      CTX_FORM,   "open the field's pick list (typing opens it too)", "<F4>", "<C-p>", "") \
	X(SAVE,      "save",      CTX_FORM,   "save the record",                     "<Enter>", "", "") \
	X(CANCEL,    "cancel",    CTX_FORM,   "cancel (asks first when something changed)", "<Esc>", "", "")

enum action_id {
	ACT_NONE = 0,
#define SV_ACTION_ENUM(id, name, ctx, help, k1, k2, k3) ACT_##id,
	SV_ACTIONS(SV_ACTION_ENUM)
#undef SV_ACTION_ENUM
	ACT_COUNT
};

#define ACTION_MAX_KEYS 4

const char *action_name(enum action_id a);
const char *action_help(enum action_id a);
unsigned action_contexts(enum action_id a);
enum action_id action_find(const char *name);   /* ACT_NONE if unknown */

/* The keymap: defaults, then user bindings from [keys].  A user binding
 * replaces every default key of that action.  Returns -1 with err when a
 * key name is bad or when one key would mean two actions in a view. */
typedef struct keymap {
	int keys[ACT_COUNT][ACTION_MAX_KEYS];   /* 0-terminated */
} keymap;

void keymap_defaults(keymap *km);
/* spec: whitespace-separated key names, e.g. "Q" or "<C-f> /". */
int keymap_bind(keymap *km, enum action_id a, const char *spec, sv_err *err);
/* Check that no key is bound to two actions that can be active together. */
int keymap_check(const keymap *km, sv_err *err);
/* The action for key in a view with the given active contexts. */
enum action_id keymap_lookup(const keymap *km, int key, unsigned contexts);
/* "q Esc" style label of all keys of an action (for help and footers). */
char *keymap_label(const keymap *km, enum action_id a, char *buf, size_t n);

/* Print the table for `svdesk --help-keys`. */
#include <stdio.h>
void keymap_print(const keymap *km, FILE *out);

#endif
