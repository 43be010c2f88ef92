/* action.c: key names, the table of actions and the keymap.
 *
 * Everything here comes from the SV_ACTIONS X-macro in svdesk/action.h: the
 * names and help texts, the contexts, and the default keys (written as key
 * names and parsed once, so that the defaults are spelt exactly as a user
 * would spell them in the [keys] section of svdesk.ini). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/action.h"
#include "svdesk/utf8.h"

/* ---- key names ----------------------------------------------------------- */

/* Keys with a name in <>: the name (as parsed and as printed by key_spell)
 * and the short label for footers and help. */
static const struct named_key {
	int key;
	const char *name;
	const char *label;
} NAMED_KEYS[] = {
	{ SVK_UP, "Up", "Up" },
	{ SVK_DOWN, "Down", "Down" },
	{ SVK_LEFT, "Left", "Left" },
	{ SVK_RIGHT, "Right", "Right" },
	{ SVK_PGUP, "PgUp", "PgUp" },
	{ SVK_PGDN, "PgDn", "PgDn" },
	{ SVK_HOME, "Home", "Home" },
	{ SVK_END, "End", "End" },
	{ SVK_ENTER, "Enter", "Enter" },
	{ SVK_TAB, "Tab", "Tab" },
	{ SVK_BTAB, "S-Tab", "Shift-Tab" },
	{ SVK_BACKSPACE, "BS", "Backspace" },
	{ SVK_DELETE, "Del", "Del" },
	{ SVK_INSERT, "Ins", "Ins" },
	{ SVK_ESC, "Esc", "Esc" },
	{ ' ', "Space", "Space" },
	{ '<', "lt", "<" },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int ascii_casecmp(const char *a, const char *b)
{
	while (*a != '\0' && ascii_lower((unsigned char)*a) == ascii_lower((unsigned char)*b)) {
		a++;
		b++;
	}
	return ascii_lower((unsigned char)*a) - ascii_lower((unsigned char)*b);
}

/* Copy src into buf (size n), truncating at a character boundary. */
static char *copy_out(char *buf, size_t n, const char *src)
{
	size_t len;

	if (buf == NULL || n == 0)
		return buf;
	len = utf8_cut(src, strlen(src), n - 1);
	memcpy(buf, src, len);
	buf[len] = '\0';
	return buf;
}

static int parse_modified(const char *inner, int *key);

static int parse_bracketed(const char *inner, int *key)
{
	size_t i;
	int n;

	for (i = 0; i < COUNT(NAMED_KEYS); i++) {
		if (ascii_casecmp(inner, NAMED_KEYS[i].name) == 0) {
			*key = NAMED_KEYS[i].key;
			return 0;
		}
	}
	/* <C-a> .. <C-z> */
	if ((inner[0] == 'C' || inner[0] == 'c') && inner[1] == '-' && inner[2] != '\0'
	    && inner[3] == '\0') {
		int c = ascii_lower((unsigned char)inner[2]);

		if (c >= 'a' && c <= 'z') {
			/* Terminals send the same bytes for these as for Backspace,
			 * Tab and Enter: name the key the desk will actually see, so
			 * that the conflict check sees the clash too. */
			switch (c) {
			case 'h': *key = SVK_BACKSPACE; break;
			case 'i': *key = SVK_TAB; break;
			case 'j':
			case 'm': *key = SVK_ENTER; break;
			default: *key = c - 'a' + 1; break;
			}
			return 0;
		}
		return -1;
	}
	/* <F1> .. <F12>: digits only, no leading zero */
	if ((inner[0] == 'F' || inner[0] == 'f') && inner[1] >= '1' && inner[1] <= '9') {
		n = inner[1] - '0';
		if (inner[2] == '\0') {
			*key = SVK_F1 + n - 1;
			return 0;
		}
		if (inner[2] >= '0' && inner[2] <= '9' && inner[3] == '\0') {
			n = n * 10 + (inner[2] - '0');
			if (n <= 12) {
				*key = SVK_F1 + n - 1;
				return 0;
			}
		}
	}
	return parse_modified(inner, key);
}

/* The modifier of a prefix "C-", "M-" or "S-", or 0. */
static int modifier_of(const char *p)
{
	if (p[0] == '\0' || p[1] != '-')
		return 0;
	switch (p[0]) {
	case 'C': case 'c': return SVK_CTRL;
	case 'M': case 'm': return SVK_ALT;
	case 'S': case 's': return SVK_SHIFT;
	default: return 0;
	}
}

/* <C-Up> <S-F3> <M-PgDn> <C-M-Left>: modifiers on a named key; <M-x> and
 * <M-C-x>: Alt on a character (as the terminal sends it: ESC then the
 * character, so its case counts).  Each modifier at most once. */
static int parse_modified(const char *inner, int *key)
{
	const char *p = inner;
	int mods = 0, m, base;
	size_t len;
	uint32_t cp;

	while ((m = modifier_of(p)) != 0 && p[2] != '\0') {
		if (mods & m)
			return -1;
		mods |= m;
		p += 2;
	}
	if (mods == 0)
		return -1;
	if (mods == SVK_ALT || mods == (SVK_ALT | SVK_CTRL)) {
		/* a character: <M-j>, <M-J>, <M-£>; <M-C-a> is Alt and Ctrl-A */
		len = strlen(p);
		if (mods == SVK_ALT && utf8_decode(p, len, &cp, NULL) == len && utf8_safe(cp)) {
			*key = (int)cp | SVK_ALT;
			return 0;
		}
		if (mods == (SVK_ALT | SVK_CTRL) && len == 1 && ascii_lower((unsigned char)p[0]) >= 'a'
		    && ascii_lower((unsigned char)p[0]) <= 'z') {
			char ctrl[4] = { 'C', '-', p[0], '\0' };

			if (parse_bracketed(ctrl, &base) != 0)
				return -1;
			*key = base | SVK_ALT;
			return 0;
		}
	}
	/* a named key or F1..F12; the names of characters (<Space>, <lt>,
	 * <Esc>) take Alt only */
	if (modifier_of(p) != 0 || parse_bracketed(p, &base) != 0)
		return -1;
	if (base < SVK_BASE && (mods != SVK_ALT || (base >= 1 && base <= 26)))
		return -1;
	if (base == SVK_BTAB && (mods & SVK_SHIFT))
		return -1;
	*key = base | mods;
	return 0;
}

int key_parse(const char *name, int *key, sv_err *err)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t len, used;
	uint32_t cp;

	if (name == NULL || name[0] == '\0')
		return sv_err_set(err, "empty key name");
	len = strlen(name);
	if (name[0] == '<' && len > 1) {
		char inner[16];

		if (name[len - 1] != '>' || len - 2 >= sizeof inner || len == 2)
			return sv_err_set(err, "unknown key name \"%.40s\" (names in <> are"
			                  " <Up> <PgDn> <Enter> <Esc> <Space> <F1> <C-l> ...;"
			                  " see svdesk --help-keys)", name);
		memcpy(inner, name + 1, len - 2);
		inner[len - 2] = '\0';
		if (parse_bracketed(inner, key) != 0)
			return sv_err_set(err, "unknown key name \"%.40s\" (names in <> are"
			                  " <Up> <PgDn> <Enter> <Esc> <Space> <F1> <C-l> ...;"
			                  " see svdesk --help-keys)", name);
		return 0;
	}
	used = utf8_decode((const char *)s, len, &cp, NULL);
	if (used == 0)
		return sv_err_set(err, "key name \"%.40s\" is not valid UTF-8", name);
	if (used != len)
		return sv_err_set(err, "\"%.40s\" is not a key: give one character (q, Q, ?)"
		                  " or a name in <> such as <C-f> or <PgDn>", name);
	if (!utf8_safe(cp))
		return sv_err_set(err, "key name \"%.40s\" is a control character: use a name"
		                  " in <> such as <C-f> or <Esc>", name);
	*key = (int)cp;
	return 0;
}

static const struct named_key *find_named(int key)
{
	size_t i;

	for (i = 0; i < COUNT(NAMED_KEYS); i++)
		if (NAMED_KEYS[i].key == key)
			return &NAMED_KEYS[i];
	return NULL;
}

/* A key with modifiers whose base has a name: Alt on a character or on
 * Ctrl-A..Ctrl-Z (not on the keys those stand for), any modifier on a
 * named key above SVK_BASE or F1..F12. */
static int modified_base(int key, int *base, int *mods)
{
	int b = key & ~SVK_MODS, m = key & SVK_MODS;

	if (key <= 0 || m == 0 || b <= 0 || b >= SVK_LAST || b == SVK_RESIZE || b == SVK_MOUSE
	    || b == SVK_UNKNOWN)
		return 0;
	if (b < SVK_BASE) {
		if (m != SVK_ALT || (b != SVK_ESC && b > 26 && !utf8_safe((uint32_t)b)))
			return 0;
	} else if (b == SVK_BTAB && (m & SVK_SHIFT)) {
		return 0;
	}
	*base = b;
	*mods = m;
	return 1;
}

/* name (1) or label (0) of a key into tmp (at least 32 bytes) */
static void describe_key(int key, int as_name, char *tmp, size_t n)
{
	const struct named_key *nk = find_named(key);
	int base, mods;

	if (modified_base(key, &base, &mods)) {
		char inner[32];
		size_t len;

		describe_key(base, as_name, inner, sizeof inner);
		if (as_name) {
			/* "<M-" "<C-" "<S-" prefixes, then the base without its <> */
			const char *b = inner;

			len = strlen(inner);
			if (inner[0] == '<' && len > 2 && inner[len - 1] == '>') {
				inner[len - 1] = '\0';
				b = inner + 1;
			}
			/* names are short; a cut one is still a string */
			if (snprintf(tmp, n, "<%s%s%s%s>", (mods & SVK_CTRL) ? "C-" : "",
				     (mods & SVK_ALT) ? "M-" : "", (mods & SVK_SHIFT) ? "S-" : "",
				     b) < 0)
				tmp[0] = '\0';
		} else {
			if (snprintf(tmp, n, "%s%s%s%s", (mods & SVK_CTRL) ? "Ctrl-" : "",
				     (mods & SVK_ALT) ? "Alt-" : "", (mods & SVK_SHIFT) ? "Shift-" : "",
				     inner) < 0)
				tmp[0] = '\0';
		}
		return;
	}
	if (nk != NULL) {
		if (as_name)
			snprintf(tmp, n, "<%s>", nk->name);
		else
			snprintf(tmp, n, "%s", nk->label);
	} else if (key >= 1 && key <= 26) {
		if (as_name)
			snprintf(tmp, n, "<C-%c>", 'a' + key - 1);
		else
			snprintf(tmp, n, "Ctrl-%c", 'A' + key - 1);
	} else if (key >= SVK_F1 && key <= SVK_F12) {
		snprintf(tmp, n, as_name ? "<F%d>" : "F%d", key - SVK_F1 + 1);
	} else if (key > 0 && key < SVK_BASE && utf8_safe((uint32_t)key)) {
		size_t len = utf8_encode((uint32_t)key, tmp);

		tmp[len] = '\0';
	} else if (key == SVK_RESIZE) {
		snprintf(tmp, n, as_name ? "<Resize>" : "Resize");
	} else if (key == SVK_MOUSE) {
		snprintf(tmp, n, as_name ? "<Mouse>" : "Mouse");
	} else if (key == SVK_UNKNOWN) {
		snprintf(tmp, n, as_name ? "<Unknown>" : "unknown key");
	} else {
		snprintf(tmp, n, "<%#x>", (unsigned)key);
	}
}

char *key_spell(int key, char *buf, size_t n)
{
	char tmp[32];

	describe_key(key, 1, tmp, sizeof tmp);
	return copy_out(buf, n, tmp);
}

char *key_label(int key, char *buf, size_t n)
{
	char tmp[32];

	describe_key(key, 0, tmp, sizeof tmp);
	return copy_out(buf, n, tmp);
}

/* ---- the table of actions --------------------------------------------- */

static const struct action_info {
	const char *name;
	const char *help;
	unsigned contexts;
	const char *keys[3];
} ACTIONS[ACT_COUNT] = {
	[ACT_NONE] = { "", "", 0, { "", "", "" } },
#define SV_ACTION_INFO(id, name, ctx, help, k1, k2, k3) \
	[ACT_##id] = { name, help, ctx, { k1, k2, k3 } },
	SV_ACTIONS(SV_ACTION_INFO)
#undef SV_ACTION_INFO
};

static int valid_action(enum action_id a)
{
	return (int)a > (int)ACT_NONE && (int)a < (int)ACT_COUNT;
}

const char *action_name(enum action_id a)
{
	return valid_action(a) ? ACTIONS[a].name : "";
}

const char *action_help(enum action_id a)
{
	return valid_action(a) ? ACTIONS[a].help : "";
}

unsigned action_contexts(enum action_id a)
{
	return valid_action(a) ? ACTIONS[a].contexts : 0;
}

enum action_id action_find(const char *name)
{
	int a;

	if (name == NULL || name[0] == '\0')
		return ACT_NONE;
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++)
		if (ascii_casecmp(name, ACTIONS[a].name) == 0)
			return (enum action_id)a;
	return ACT_NONE;
}

/* ---- the keymap -------------------------------------------------------- */

/* The sets of contexts that the views activate together.  Two actions can
 * be active at the same time (and so must not share a key) when one of
 * these sets intersects the contexts of both.  Add a row for a new kind of
 * view. */
static const unsigned VIEW_CONTEXTS[] = {
	CTX_GLOBAL | CTX_MOVE | CTX_LIST,   /* lists of records */
	CTX_GLOBAL | CTX_MOVE | CTX_TREE,   /* the measures tree */
	CTX_GLOBAL | CTX_MOVE | CTX_DETAIL, /* a record's page */
	CTX_GLOBAL | CTX_MOVE,              /* the help screen */
	CTX_GLOBAL | CTX_MOVE | CTX_REPORTS | CTX_HIGHLIGHTS,  /* the Reports view */
	CTX_GLOBAL | CTX_MOVE | CTX_LIST | CTX_DECIDE | CTX_QUEUE,  /* the returns queue */
	CTX_GLOBAL | CTX_MOVE | CTX_DETAIL | CTX_DECIDE,  /* a return line */
	CTX_GLOBAL | CTX_MOVE | CTX_PROXIES,  /* the proxy sets */
	CTX_FORM,                           /* a form */
};

/* Headings of `svdesk --help-keys`, one per context, in this order. */
static const struct {
	unsigned ctx;
	const char *heading;
} CTX_HEADINGS[] = {
	{ CTX_GLOBAL, "Everywhere" },
	{ CTX_MOVE, "Moving in lists and pages" },
	{ CTX_LIST, "Lists" },
	{ CTX_REPORTS, "Reports" },
	{ CTX_HIGHLIGHTS, "Highlights (in the Reports view)" },
	{ CTX_TREE, "Trees (the Measures view)" },
	{ CTX_DETAIL, "A record's page (a contract)" },
	{ CTX_DECIDE, "Decisions (the returns queue and a return line)" },
	{ CTX_QUEUE, "The returns queue" },
	{ CTX_PROXIES, "Proxy sets" },
	{ CTX_FORM, "Forms (add or edit a contract, supplier, commitment)" },
};

void keymap_defaults(keymap *km)
{
	int a, i, k;
	sv_err err;

	memset(km, 0, sizeof *km);
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		k = 0;
		for (i = 0; i < 3; i++) {
			const char *name = ACTIONS[a].keys[i];

			if (name[0] == '\0')
				continue;
			if (k >= ACTION_MAX_KEYS - 1 || key_parse(name, &km->keys[a][k], &err) != 0) {
				/* a bad default in SV_ACTIONS is a programming error */
				fprintf(stderr, "svdesk: bad default key \"%s\" for action \"%s\"\n",
				        name, ACTIONS[a].name);
				abort();
			}
			k++;
		}
	}
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int keymap_bind(keymap *km, enum action_id a, const char *spec, sv_err *err)
{
	int keys[ACTION_MAX_KEYS] = { 0 };
	int n = 0, i, key;
	const char *p = spec;
	char word[64];
	sv_err e;

	if (!valid_action(a))
		return sv_err_set(err, "unknown action");
	if (spec == NULL)
		spec = p = "";
	for (;;) {
		const char *start;
		size_t len;

		while (is_space(*p))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		len = (size_t)(p - start);
		if (len >= sizeof word)
			return sv_err_set(err, "\"%.40s...\" is not a key name", start);
		memcpy(word, start, len);
		word[len] = '\0';
		if (key_parse(word, &key, &e) != 0)
			return sv_err_set(err, "%s", e.msg);
		for (i = 0; i < n; i++)
			if (keys[i] == key)
				return sv_err_set(err, "key \"%s\" is given twice", word);
		if (n >= ACTION_MAX_KEYS - 1)
			return sv_err_set(err, "too many keys (at most %d for one action)",
			                  ACTION_MAX_KEYS - 1);
		keys[n++] = key;
	}
	if (n == 0)
		return sv_err_set(err, "no key given (one or more key names separated by"
		                  " spaces, e.g. \"Q\" or \"<C-f> /\")");
	memcpy(km->keys[a], keys, sizeof keys);
	return 0;
}

static int can_be_active_together(unsigned ctx_a, unsigned ctx_b)
{
	size_t v;

	for (v = 0; v < COUNT(VIEW_CONTEXTS); v++)
		if ((ctx_a & VIEW_CONTEXTS[v]) != 0 && (ctx_b & VIEW_CONTEXTS[v]) != 0)
			return 1;
	return 0;
}

static int has_key(const keymap *km, int a, int key)
{
	int i;

	for (i = 0; i < ACTION_MAX_KEYS && km->keys[a][i] != 0; i++)
		if (km->keys[a][i] == key)
			return 1;
	return 0;
}

int keymap_check(const keymap *km, sv_err *err)
{
	int a, b, i;
	char name[32];

	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		for (b = a + 1; b < ACT_COUNT; b++) {
			if (!can_be_active_together(ACTIONS[a].contexts, ACTIONS[b].contexts))
				continue;
			for (i = 0; i < ACTION_MAX_KEYS && km->keys[a][i] != 0; i++) {
				if (has_key(km, b, km->keys[a][i]))
					return sv_err_set(err, "key \"%s\" is bound to both \"%s\" and \"%s\"",
					                  key_spell(km->keys[a][i], name, sizeof name),
					                  ACTIONS[a].name, ACTIONS[b].name);
			}
		}
	}
	return 0;
}

enum action_id keymap_lookup(const keymap *km, int key, unsigned contexts)
{
	int a;

	if (key == SVK_NONE)
		return ACT_NONE;
	for (a = ACT_NONE + 1; a < ACT_COUNT; a++)
		if ((ACTIONS[a].contexts & contexts) != 0 && has_key(km, a, key))
			return (enum action_id)a;
	return ACT_NONE;
}

/* Join the names or labels of the keys of a, separated by spaces. */
static char *join_keys(const keymap *km, enum action_id a, int as_name, char *buf, size_t n)
{
	char tmp[256], one[32];
	size_t used = 0, len;
	int i;

	tmp[0] = '\0';
	if (valid_action(a)) {
		for (i = 0; i < ACTION_MAX_KEYS && km->keys[a][i] != 0; i++) {
			describe_key(km->keys[a][i], as_name, one, sizeof one);
			len = strlen(one);
			if (used + len + 2 > sizeof tmp)
				break;
			if (used > 0)
				tmp[used++] = ' ';
			memcpy(tmp + used, one, len + 1);
			used += len;
		}
	}
	return copy_out(buf, n, tmp);
}

char *keymap_label(const keymap *km, enum action_id a, char *buf, size_t n)
{
	return join_keys(km, a, 0, buf, n);
}

/* Width in columns of UTF-8 text (one column per character: key names and
 * help texts have no wide characters). */
static size_t text_width(const char *s)
{
	return utf8_count(s, strlen(s));
}

static size_t heading_of(unsigned contexts)
{
	size_t h;

	for (h = 0; h < COUNT(CTX_HEADINGS); h++)
		if ((contexts & CTX_HEADINGS[h].ctx) != 0)
			break;
	return h;
}

void keymap_print(const keymap *km, FILE *out)
{
	size_t name_w = 0, keys_w = 0, h, w;
	char keys[256];
	int a, printed;

	for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		w = text_width(ACTIONS[a].name);
		if (w > name_w)
			name_w = w;
		w = text_width(join_keys(km, (enum action_id)a, 1, keys, sizeof keys));
		if (w > keys_w)
			keys_w = w;
	}
	fputs("Keys of svdesk.  To rebind an action, give its name in the [keys] section\n"
	      "of svdesk.ini, e.g.  quit = Q  or  redraw = <C-r> <F5>  (replacing its keys).\n"
	      "Key names: a character (q Q ? /), <Up> <Down> <Left> <Right> <PgUp> <PgDn>\n"
	      "<Home> <End> <Enter> <Tab> <S-Tab> <BS> <Del> <Ins> <Esc> <Space> <lt> (<),\n"
	      "<F1>..<F12>, <C-a>..<C-z> (Ctrl and a letter).\n",
	      out);
	for (h = 0; h <= COUNT(CTX_HEADINGS); h++) {
		printed = 0;
		for (a = ACT_NONE + 1; a < ACT_COUNT; a++) {
			if (heading_of(ACTIONS[a].contexts) != h)
				continue;
			if (!printed) {
				fprintf(out, "\n%s\n", h < COUNT(CTX_HEADINGS) ? CTX_HEADINGS[h].heading
				                                               : "Other");
				printed = 1;
			}
			join_keys(km, (enum action_id)a, 1, keys, sizeof keys);
			fprintf(out, "  %s%*s  %s%*s  %s\n",
			        ACTIONS[a].name, (int)(name_w - text_width(ACTIONS[a].name)), "",
			        keys, (int)(keys_w - text_width(keys)), "", ACTIONS[a].help);
		}
	}
}
