/* config.c: the configuration file (INI), read with iniparser.
 *
 * iniparser 4.1 is lenient: it accepts unterminated quotes, lets a duplicate
 * key win silently, joins lines that end in a backslash, keeps no line
 * numbers and reads "010" as 8.  So a file is read twice:
 *
 *   1. a small strict scanner of our own checks the structure (sections,
 *      key = value lines, quotes, comments), knows every section and key and
 *      records the line of each key;
 *   2. iniparser reads the values, and they must agree with the scanner's
 *      (any difference is reported rather than guessed at).
 *
 * Values are then read as strings and parsed strictly here (base 10, the
 * whole string, in range).  Errors have the form
 * "FILE:LINE: [section] key: what is wrong".  This is the only file of the
 * project that includes iniparser. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#ifdef HAVE_INIPARSER_H
#include <iniparser.h>
#else
#include <iniparser/iniparser.h>
#endif

#include "svdesk/settings.h"

#ifndef SYSCONFDIR
#error "SYSCONFDIR must be defined by the build (see Makefile.am)"
#endif

/* The longest line accepted (iniparser 4.1 fails on lines of 1024 bytes). */
#define LINE_MAX_BYTES 1000
/* The largest file accepted. */
#define FILE_MAX_BYTES (1024 * 1024)

/* ---- defaults ------------------------------------------------------------ */

/* The default strings are static; config_free frees only what is not one of
 * them, so config_defaults cannot fail. */
static char DEFAULT_ORG_NAME[] = "West Midlands Police and OPCC";
static char DEFAULT_PRINT_COMMAND[] = "lpr";

void config_defaults(sv_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->file = NULL;
	cfg->org_name = DEFAULT_ORG_NAME;
	cfg->threshold = INT64_C(10000000);
	cfg->min_weighting = 100;
	cfg->rag_green = 100;
	cfg->rag_amber = 75;
	cfg->db_path = NULL;
	cfg->db_group = NULL;
	cfg->busy_timeout_ms = 5000;
	cfg->print_command = DEFAULT_PRINT_COMMAND;
	cfg->print_width = 80;
	cfg->page_length = 66;
	cfg->theme = THEME_DEFAULT;
	keymap_defaults(&cfg->keys);
}

static void free_string(char **s, const char *static_default)
{
	if (*s != static_default)
		free(*s);
	*s = NULL;
}

void config_free(sv_config *cfg)
{
	if (cfg == NULL)
		return;
	free_string(&cfg->file, NULL);
	free_string(&cfg->org_name, DEFAULT_ORG_NAME);
	free_string(&cfg->db_path, NULL);
	free_string(&cfg->db_group, NULL);
	free_string(&cfg->print_command, DEFAULT_PRINT_COMMAND);
	config_defaults(cfg);
}

/* ---- the sections and keys ---------------------------------------------- */

enum key_id {
	K_ORG_NAME,
	K_THRESHOLD, K_MIN_WEIGHTING, K_RAG_GREEN, K_RAG_AMBER,
	K_DB_PATH, K_DB_GROUP, K_BUSY_TIMEOUT,
	K_PRINT_COMMAND, K_PRINT_WIDTH, K_PAGE_LENGTH,
	K_THEME,
	K_ACTION,           /* any key of [keys]: an action name */
	K_UNKNOWN
};

static const char *const SECTIONS[] = {
	"organisation", "policy", "database", "print", "ui", "keys"
};
#define N_SECTIONS (sizeof SECTIONS / sizeof SECTIONS[0])
#define SECTION_KEYS 5   /* index of "keys" in SECTIONS */

static const struct known_key {
	int section;        /* index in SECTIONS */
	const char *key;
	enum key_id id;
} KNOWN_KEYS[] = {
	{ 0, "name", K_ORG_NAME },
	{ 1, "threshold", K_THRESHOLD },
	{ 1, "min_weighting", K_MIN_WEIGHTING },
	{ 1, "rag_green", K_RAG_GREEN },
	{ 1, "rag_amber", K_RAG_AMBER },
	{ 2, "path", K_DB_PATH },
	{ 2, "group", K_DB_GROUP },
	{ 2, "busy_timeout_ms", K_BUSY_TIMEOUT },
	{ 3, "command", K_PRINT_COMMAND },
	{ 3, "width", K_PRINT_WIDTH },
	{ 3, "page_length", K_PAGE_LENGTH },
	{ 4, "theme", K_THEME },
};
#define N_KNOWN_KEYS (sizeof KNOWN_KEYS / sizeof KNOWN_KEYS[0])

/* ---- the strict scan ---------------------------------------------------- */

struct entry {
	int section;        /* index in SECTIONS */
	char *key;          /* lower case, as iniparser stores it */
	char *value;        /* as the scanner read it */
	int line;
	enum key_id id;
};

struct scan {
	const char *file;
	struct entry *entries;
	size_t n, cap;
	int section_line[N_SECTIONS];   /* first line of each section, 0 if absent */
};

static void scan_free(struct scan *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++) {
		free(sc->entries[i].key);
		free(sc->entries[i].value);
	}
	free(sc->entries);
	sc->entries = NULL;
	sc->n = sc->cap = 0;
}

static int is_ws(char c)
{
	/* the characters that iniparser strips (isspace in the C locale) */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static char *dup_range(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (p != NULL) {
		memcpy(p, s, len);
		p[len] = '\0';
	}
	return p;
}

static void lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s, size_t avail)
{
	uint32_t c;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		n = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		n = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		n = 4;
	else
		return 0;
	if (avail < n)
		return 0;
	c = s[0] & (0x7F >> n);
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF))
	    || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return n;
}

/* "FILE:LINE: [section]: " or "FILE:LINE: " before the scan's messages */
static int scan_error(const struct scan *sc, int line, int section, sv_err *err,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int scan_error(const struct scan *sc, int line, int section, sv_err *err,
                      const char *fmt, ...)
{
	char what[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (section >= 0)
		return sv_err_set(err, "%s:%d: [%s]: %s", sc->file, line, SECTIONS[section], what);
	return sv_err_set(err, "%s:%d: %s", sc->file, line, what);
}

static int entry_error(const char *file, const struct entry *e, sv_err *err,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int entry_error(const char *file, const struct entry *e, sv_err *err,
                       const char *fmt, ...)
{
	char what[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sv_err_set(err, "%s:%d: [%s] %s: %s", file, e->line, SECTIONS[e->section],
	                  e->key, what);
}

/* Quote text of the file for a message: at most 40 bytes, cut at a
 * character boundary. */
static const char *clip(const char *s, char *buf, size_t n)
{
	size_t len = strlen(s), cut = len;

	if (n < 8) {
		buf[0] = '\0';
		return buf;
	}
	if (cut > 40)
		cut = 40;
	if (cut > n - 4)
		cut = n - 4;
	while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	memcpy(buf, s, cut);
	strcpy(buf + cut, cut < len ? "..." : "");
	return buf;
}

static void list_names(char *buf, size_t n, int section)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < N_KNOWN_KEYS; i++) {
		if (KNOWN_KEYS[i].section != section)
			continue;
		used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s",
		                         used ? ", " : "", KNOWN_KEYS[i].key);
		if (used >= n)
			return;
	}
}

/* Parse the value part of a key line (after '=' and any blanks).  A value
 * that starts with a double or single quote ends at the same quote and keeps
 * everything inside it; otherwise it ends at the first ';' or '#' and is
 * stripped of blanks at both ends, as iniparser does. */
static int scan_value(const struct scan *sc, int line, int section, const char *key,
                      const char *v, char **out, sv_err *err)
{
	const char *end, *p;
	char quote = v[0];

	if (quote == '"' || quote == '\'') {
		end = strchr(v + 1, quote);
		if (end == NULL)
			return sv_err_set(err, "%s:%d: [%s] %s: unterminated quote (the value"
			                  " starts with %c but has no closing %c)", sc->file, line,
			                  SECTIONS[section], key, quote, quote);
		for (p = end + 1; is_ws(*p); p++)
			continue;
		if (*p != '\0' && *p != ';' && *p != '#')
			return sv_err_set(err, "%s:%d: [%s] %s: text after the closing quote"
			                  " (put the whole value inside the quotes)", sc->file,
			                  line, SECTIONS[section], key);
		*out = dup_range(v + 1, (size_t)(end - v - 1));
	} else {
		end = v + strcspn(v, ";#");
		while (end > v && is_ws(end[-1]))
			end--;
		*out = dup_range(v, (size_t)(end - v));
	}
	if (*out == NULL)
		return sv_err_set(err, "%s: out of memory", sc->file);
	return 0;
}

static int scan_add(struct scan *sc, int section, char *key, char *value, int line,
                    enum key_id id, sv_err *err)
{
	if (sc->n == sc->cap) {
		size_t cap = sc->cap ? sc->cap * 2 : 16;
		struct entry *e = realloc(sc->entries, cap * sizeof *e);

		if (e == NULL) {
			free(key);
			free(value);
			return sv_err_set(err, "%s: out of memory", sc->file);
		}
		sc->entries = e;
		sc->cap = cap;
	}
	sc->entries[sc->n].section = section;
	sc->entries[sc->n].key = key;
	sc->entries[sc->n].value = value;
	sc->entries[sc->n].line = line;
	sc->entries[sc->n].id = id;
	sc->n++;
	return 0;
}

/* One key line: "key = value" (line is stripped at both ends). */
static int scan_key_line(struct scan *sc, int lineno, int section, const char *line,
                         sv_err *err)
{
	const char *eq = strchr(line, '=');
	const char *v;
	char *key, *value = NULL;
	enum key_id id = K_UNKNOWN;
	size_t klen, i;
	char names[256], clipped[64];

	if (eq == NULL)
		return scan_error(sc, lineno, section, err,
		                  "expected \"key = value\", a [section] or a comment, not \"%s\"",
		                  clip(line, clipped, sizeof clipped));
	klen = (size_t)(eq - line);
	while (klen > 0 && is_ws(line[klen - 1]))
		klen--;
	if (klen == 0)
		return scan_error(sc, lineno, section, err, "missing key name before \"=\"");
	key = dup_range(line, klen);
	if (key == NULL)
		return sv_err_set(err, "%s: out of memory", sc->file);
	lower_ascii(key);
	if (section < 0) {
		scan_error(sc, lineno, section, err, "%s: key outside any section (put it under"
		           " its [section] line)", clip(key, clipped, sizeof clipped));
		free(key);
		return -1;
	}

	/* known? */
	if (section == SECTION_KEYS) {
		if (action_find(key) != ACT_NONE) {
			id = K_ACTION;
		} else {
			clip(key, clipped, sizeof clipped);
			sv_err_set(err, "%s:%d: [keys] %s: unknown action \"%s\" (see svdesk"
			           " --help-keys)", sc->file, lineno, clipped, clipped);
			free(key);
			return -1;
		}
	} else {
		for (i = 0; i < N_KNOWN_KEYS; i++)
			if (KNOWN_KEYS[i].section == section && strcmp(KNOWN_KEYS[i].key, key) == 0)
				id = KNOWN_KEYS[i].id;
		if (id == K_UNKNOWN) {
			list_names(names, sizeof names, section);
			sv_err_set(err, "%s:%d: [%s] %s: unknown key (the keys of [%s] are: %s)",
			           sc->file, lineno, SECTIONS[section], clip(key, clipped, sizeof clipped),
			           SECTIONS[section], names);
			free(key);
			return -1;
		}
	}

	/* duplicate? (also across two parts of a section given twice) */
	for (i = 0; i < sc->n; i++) {
		if (sc->entries[i].section == section && strcmp(sc->entries[i].key, key) == 0) {
			sv_err_set(err, "%s:%d: [%s] %s: duplicate key (first set at line %d)",
			           sc->file, lineno, SECTIONS[section], key, sc->entries[i].line);
			free(key);
			return -1;
		}
	}

	for (v = eq + 1; is_ws(*v); v++)
		continue;
	if (scan_value(sc, lineno, section, key, v, &value, err) != 0) {
		free(key);
		return -1;
	}
	return scan_add(sc, section, key, value, lineno, id, err);
}

/* One section line: "[name]" (line is stripped at both ends). */
static int scan_section_line(struct scan *sc, int lineno, int cur, const char *line,
                             int *section, sv_err *err)
{
	const char *close = strrchr(line, ']');
	const char *s, *e;
	char name[64], clipped[64];
	size_t len, i;

	if (close == NULL)
		return scan_error(sc, lineno, cur, err, "missing \"]\" at the end of the"
		                  " section name");
	if (close[1] != '\0')
		return scan_error(sc, lineno, cur, err, "text after \"]\" (a comment goes on"
		                  " a line of its own)");
	for (s = line + 1; is_ws(*s); s++)
		continue;
	for (e = close; e > s && is_ws(e[-1]); e--)
		continue;
	len = (size_t)(e - s);
	if (len == 0)
		return scan_error(sc, lineno, cur, err, "empty section name");
	if (memchr(s, '[', len) != NULL || memchr(s, ']', len) != NULL || len >= sizeof name) {
		return scan_error(sc, lineno, cur, err, "bad section line \"%s\"",
		                  clip(line, clipped, sizeof clipped));
	}
	memcpy(name, s, len);
	name[len] = '\0';
	lower_ascii(name);
	for (i = 0; i < N_SECTIONS; i++) {
		if (strcmp(name, SECTIONS[i]) == 0) {
			*section = (int)i;
			if (sc->section_line[i] == 0)
				sc->section_line[i] = lineno;
			return 0;
		}
	}
	return sv_err_set(err, "%s:%d: [%s]: unknown section (the sections are [organisation],"
	                  " [policy], [database], [print], [ui] and [keys])", sc->file, lineno,
	                  clip(name, clipped, sizeof clipped));
}

/* Read the whole file into memory. */
static int read_file(const char *path, char **text, size_t *len, sv_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf = NULL;
	size_t n = 0, got;
	int e;

	if (f == NULL)
		return sv_err_set(err, "%s: cannot read configuration: %s", path, strerror(errno));
	if (fstat(fileno(f), &st) != 0)
		e = errno;
	else if (S_ISDIR(st.st_mode))
		e = EISDIR;
	else
		e = 0;
	if (e != 0) {
		fclose(f);
		return sv_err_set(err, "%s: cannot read configuration: %s", path, strerror(e));
	}
	buf = malloc(FILE_MAX_BYTES + 1);
	if (buf == NULL) {
		fclose(f);
		return sv_err_set(err, "%s: out of memory", path);
	}
	while ((got = fread(buf + n, 1, FILE_MAX_BYTES + 1 - n, f)) > 0) {
		n += got;
		if (n > FILE_MAX_BYTES)
			break;
	}
	if (ferror(f)) {
		e = errno;
		fclose(f);
		free(buf);
		return sv_err_set(err, "%s: cannot read configuration: %s", path, strerror(e));
	}
	fclose(f);
	if (n > FILE_MAX_BYTES) {
		free(buf);
		return sv_err_set(err, "%s: configuration file too large (more than %d bytes)",
		                  path, FILE_MAX_BYTES);
	}
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

/* The strict scan of the whole text. */
static int scan_text(struct scan *sc, char *text, size_t len, sv_err *err)
{
	int section = -1, lineno = 0;
	size_t pos = 0;

	while (pos < len) {
		char *line = text + pos, *nl, *s, *e;
		size_t llen, i, u;

		lineno++;
		nl = memchr(line, '\n', len - pos);
		llen = nl != NULL ? (size_t)(nl - line) : len - pos;
		pos += llen + 1;
		if (llen > LINE_MAX_BYTES)
			return scan_error(sc, lineno, section, err, "line too long (more than %d"
			                  " bytes)", LINE_MAX_BYTES);
		if (memchr(line, '\0', llen) != NULL)
			return scan_error(sc, lineno, section, err, "contains a NUL byte (is this"
			                  " a text file?)");
		if (lineno == 1 && llen >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			return scan_error(sc, lineno, section, err, "starts with a byte-order mark:"
			                  " save the file as UTF-8 without BOM");
		for (i = 0; i < llen; i += u) {
			u = utf8_len((const unsigned char *)line + i, llen - i);
			if (u == 0)
				return scan_error(sc, lineno, section, err, "not valid UTF-8");
		}
		line[llen] = '\0';
		/* strip both ends, as iniparser does */
		for (s = line; is_ws(*s); s++)
			continue;
		for (e = line + llen; e > s && is_ws(e[-1]); e--)
			continue;
		*e = '\0';
		for (i = 0; s + i < e; i++)
			if ((unsigned char)s[i] < 0x20 && s[i] != '\t')
				return scan_error(sc, lineno, section, err, "contains a control"
				                  " character (byte 0x%02X)", (unsigned char)s[i]);
		if (*s == '\0')
			continue;
		/* iniparser joins a line that ends in a backslash with the next
		 * one, even a comment: refuse rather than guess */
		if (e[-1] == '\\')
			return scan_error(sc, lineno, section, err, "a line may not end with"
			                  " \"\\\" (continuation lines are not supported)");
		if (*s == ';' || *s == '#')
			continue;
		if (*s == '[') {
			if (scan_section_line(sc, lineno, section, s, &section, err) != 0)
				return -1;
			continue;
		}
		if (scan_key_line(sc, lineno, section, s, err) != 0)
			return -1;
	}
	return 0;
}

/* ---- iniparser ---------------------------------------------------------- */

/* iniparser reports its errors through a callback that has no user data:
 * keep the last message here (loading a configuration is single-threaded
 * and happens once, before the TUI starts). */
static char ini_message[512];

static int ini_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int ini_error(const char *fmt, ...)
{
	va_list ap;
	size_t len;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(ini_message, sizeof ini_message, fmt, ap);
	va_end(ap);
	/* one line: newlines become spaces, and no trailing blanks */
	for (p = ini_message; *p != '\0'; p++)
		if (*p == '\n')
			*p = ' ';
	len = strlen(ini_message);
	while (len > 0 && ini_message[len - 1] == ' ')
		ini_message[--len] = '\0';
	return n;
}

/* Load with iniparser and check that it read what the scanner read. */
static int ini_read(const struct scan *sc, dictionary **out, sv_err *err)
{
	dictionary *d;
	size_t i, s;
	char full[160], a[64], b[64];

	ini_message[0] = '\0';
	iniparser_set_error_callback(ini_error);
	d = iniparser_load(sc->file);
	iniparser_set_error_callback(NULL);
	if (d == NULL)
		return sv_err_set(err, "%s: cannot read configuration: %s", sc->file,
		                  ini_message[0] != '\0' ? ini_message : "iniparser failed");
	for (i = 0; i < sc->n; i++) {
		const struct entry *e = &sc->entries[i];
		const char *v;

		snprintf(full, sizeof full, "%s:%s", SECTIONS[e->section], e->key);
		v = iniparser_getstring(d, full, NULL);
		if (v == NULL || strcmp(v, e->value) != 0) {
			entry_error(sc->file, e, err, "iniparser read the value as \"%s\", not"
			            " \"%s\" (put the value in double quotes)",
			            v == NULL ? "(nothing)" : clip(v, a, sizeof a),
			            clip(e->value, b, sizeof b));
			iniparser_freedict(d);
			return -1;
		}
	}
	for (s = 0; s < N_SECTIONS; s++) {
		int mine = 0;

		if (sc->section_line[s] == 0)
			continue;
		for (i = 0; i < sc->n; i++)
			if (sc->entries[i].section == (int)s)
				mine++;
		if (iniparser_getsecnkeys(d, SECTIONS[s]) != mine) {
			scan_error(sc, sc->section_line[s], (int)s, err, "iniparser read %d keys"
			           " in this section, not %d", iniparser_getsecnkeys(d, SECTIONS[s]),
			           mine);
			iniparser_freedict(d);
			return -1;
		}
	}
	*out = d;
	return 0;
}

/* ---- values ------------------------------------------------------------- */

/* A whole number in base 10: optional '-', digits only (leading zeros are
 * decimal: "010" is 10), between min and max. */
static int parse_int(const char *s, long min, long max, long *out)
{
	const char *p = s;
	long v = 0;
	int neg = 0, big = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		if (v > 100000000L)
			big = 1;
		else
			v = v * 10 + (*p - '0');
	}
	if (neg)
		v = -v;
	if (big || v < min || v > max)
		return 1;
	*out = v;
	return 0;
}

static int value_int(const char *file, const struct entry *e, long min, long max,
                     int *out, sv_err *err)
{
	char c[64];
	long v;

	if (e->value[0] == '\0')
		return entry_error(file, e, err, "missing value (expected a whole number from"
		                   " %ld to %ld)", min, max);
	switch (parse_int(e->value, min, max, &v)) {
	case 0:
		*out = (int)v;
		return 0;
	case 1:
		return entry_error(file, e, err, "%s is out of range (%ld to %ld)",
		                   clip(e->value, c, sizeof c), min, max);
	default:
		return entry_error(file, e, err, "\"%s\" is not a whole number (expected %ld"
		                   " to %ld)", clip(e->value, c, sizeof c), min, max);
	}
}

/* Text shown on screen or run: no control characters (tabs included). */
static int value_text(const char *file, const struct entry *e, const char *what,
                      char **out, sv_err *err)
{
	const char *p;
	char *copy;

	for (p = e->value; is_ws(*p); p++)
		continue;
	if (*p == '\0')
		return entry_error(file, e, err, "missing value (expected %s)", what);
	for (p = e->value; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F)
			return entry_error(file, e, err, "contains a control character");
	copy = strdup(e->value);
	if (copy == NULL)
		return sv_err_set(err, "%s: out of memory", file);
	*out = copy;
	return 0;
}

static void replace_string(char **field, char *value, const char *static_default)
{
	free_string(field, static_default);
	*field = value;
}

/* A relative path is relative to the folder of the configuration file. */
static int value_path(const char *file, const struct entry *e, char **out, sv_err *err)
{
	char *text = NULL, *joined;
	const char *slash;
	size_t dlen;

	if (value_text(file, e, "the path of the database file", &text, err) != 0)
		return -1;
	if (text[0] == '~') {
		free(text);
		return entry_error(file, e, err, "\"~\" is not expanded here: write the full"
		                   " path, or a path relative to the folder of this file");
	}
	slash = strrchr(file, '/');
	if (text[0] == '/' || slash == NULL) {
		*out = text;
		return 0;
	}
	dlen = (size_t)(slash - file);
	if (dlen == 0)
		dlen = 1;   /* the file is in "/" */
	joined = malloc(dlen + 1 + strlen(text) + 1);
	if (joined == NULL) {
		free(text);
		return sv_err_set(err, "%s: out of memory", file);
	}
	memcpy(joined, file, dlen);
	joined[dlen] = '\0';
	if (joined[dlen - 1] != '/')
		strcat(joined, "/");
	strcat(joined, text);
	free(text);
	*out = joined;
	return 0;
}

static int value_group(const char *file, const struct entry *e, char **out, sv_err *err)
{
	char *text = NULL, c[64];
	struct group *g;

	if (value_text(file, e, "the name of a group", &text, err) != 0)
		return -1;
	errno = 0;
	g = getgrnam(text);
	if (g == NULL) {
		int en = errno;

		if (en != 0 && en != ENOENT && en != ESRCH && en != EBADF && en != EPERM)
			entry_error(file, e, err, "cannot look up group \"%s\": %s",
			            clip(text, c, sizeof c), strerror(en));
		else
			entry_error(file, e, err, "no group named \"%s\" on this system",
			            clip(text, c, sizeof c));
		free(text);
		return -1;
	}
	*out = text;
	return 0;
}

static int value_theme(const char *file, const struct entry *e, enum ui_theme *out,
                       sv_err *err)
{
	static const struct {
		const char *name;
		enum ui_theme theme;
	} themes[] = {
		{ "default", THEME_DEFAULT }, { "light", THEME_LIGHT }, { "mono", THEME_MONO },
	};
	char c[64];
	size_t i;

	if (e->value[0] == '\0')
		return entry_error(file, e, err, "missing value (expected default, light or mono)");
	for (i = 0; i < sizeof themes / sizeof themes[0]; i++) {
		if (strcasecmp(e->value, themes[i].name) == 0) {
			*out = themes[i].theme;
			return 0;
		}
	}
	return entry_error(file, e, err, "unknown theme \"%s\" (expected default, light or"
	                   " mono)", clip(e->value, c, sizeof c));
}

static int value_money(const char *file, const struct entry *e, sv_pence *out, sv_err *err)
{
	sv_err me;
	sv_pence v;

	if (e->value[0] == '\0')
		return entry_error(file, e, err, "missing value (expected an amount in pounds,"
		                   " e.g. 100000)");
	sv_err_clear(&me);
	if (money_parse(e->value, &v, &me) != 0)
		return entry_error(file, e, err, "%s (expected an amount in pounds, e.g. 100000)",
		                   me.msg[0] != '\0' ? me.msg : "not an amount");
	if (v < 0)
		return entry_error(file, e, err, "the amount must not be negative");
	*out = v;
	return 0;
}

static int value_percent(const char *file, const struct entry *e, int *out, sv_err *err)
{
	sv_err me;
	int v;

	if (e->value[0] == '\0')
		return entry_error(file, e, err, "missing value (expected a percentage from 0"
		                   " to 100, e.g. 10)");
	sv_err_clear(&me);
	if (percent_parse(e->value, &v, &me) != 0)
		return entry_error(file, e, err, "%s (expected a percentage from 0 to 100, e.g. 10)",
		                   me.msg[0] != '\0' ? me.msg : "not a percentage");
	if (v < 0 || v > 1000)
		return entry_error(file, e, err, "out of range (expected a percentage from 0"
		                   " to 100)");
	*out = v;
	return 0;
}

static int apply(sv_config *cfg, const struct entry *e, sv_err *err)
{
	const char *file = cfg->file;
	char *s = NULL;
	sv_err ke;

	switch (e->id) {
	case K_ORG_NAME:
		if (value_text(file, e, "the name of the organisation", &s, err) != 0)
			return -1;
		replace_string(&cfg->org_name, s, DEFAULT_ORG_NAME);
		return 0;
	case K_THRESHOLD:
		return value_money(file, e, &cfg->threshold, err);
	case K_MIN_WEIGHTING:
		return value_percent(file, e, &cfg->min_weighting, err);
	case K_RAG_GREEN:
		return value_int(file, e, 0, 1000, &cfg->rag_green, err);
	case K_RAG_AMBER:
		return value_int(file, e, 0, 1000, &cfg->rag_amber, err);
	case K_DB_PATH:
		if (value_path(file, e, &s, err) != 0)
			return -1;
		replace_string(&cfg->db_path, s, NULL);
		return 0;
	case K_DB_GROUP:
		if (value_group(file, e, &s, err) != 0)
			return -1;
		replace_string(&cfg->db_group, s, NULL);
		return 0;
	case K_BUSY_TIMEOUT:
		return value_int(file, e, 0, 600000, &cfg->busy_timeout_ms, err);
	case K_PRINT_COMMAND:
		if (value_text(file, e, "the command that prints, e.g. lpr", &s, err) != 0)
			return -1;
		replace_string(&cfg->print_command, s, DEFAULT_PRINT_COMMAND);
		return 0;
	case K_PRINT_WIDTH:
		return value_int(file, e, 60, 250, &cfg->print_width, err);
	case K_PAGE_LENGTH:
		if (value_int(file, e, 0, 1000, &cfg->page_length, err) != 0)
			return -1;
		if (cfg->page_length > 0 && cfg->page_length < 20) {
			cfg->page_length = 66;
			return entry_error(file, e, err, "%s is out of range (0 for no pages, or 20"
			                   " to 1000)", e->value);
		}
		return 0;
	case K_THEME:
		return value_theme(file, e, &cfg->theme, err);
	case K_ACTION:
		if (keymap_bind(&cfg->keys, action_find(e->key), e->value, &ke) != 0)
			return entry_error(file, e, err, "%s", ke.msg);
		return 0;
	case K_UNKNOWN:
	default:
		return entry_error(file, e, err, "unknown key");
	}
}

static const struct entry *find_entry(const struct scan *sc, enum key_id id)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (sc->entries[i].id == id)
			return &sc->entries[i];
	return NULL;
}

/* Two actions conflict when keymap_check fails on a map that holds only
 * their keys.  Report a conflict at the line of the last [keys] entry
 * involved in one (the line that most likely introduced it). */
static int keys_check(const sv_config *cfg, const struct scan *sc, sv_err *err)
{
	keymap pair;
	sv_err ke;
	size_t i;
	int b;

	if (keymap_check(&cfg->keys, &ke) == 0)
		return 0;
	for (i = sc->n; i-- > 0;) {
		const struct entry *e = &sc->entries[i];
		enum action_id a;

		if (e->id != K_ACTION)
			continue;
		a = action_find(e->key);
		for (b = ACT_NONE + 1; b < ACT_COUNT; b++) {
			if (b == (int)a)
				continue;
			memset(&pair, 0, sizeof pair);
			memcpy(pair.keys[a], cfg->keys.keys[a], sizeof pair.keys[a]);
			memcpy(pair.keys[b], cfg->keys.keys[b], sizeof pair.keys[b]);
			if (keymap_check(&pair, &ke) != 0)
				return entry_error(sc->file, e, err, "%s", ke.msg);
		}
	}
	return sv_err_set(err, "%s: %s", sc->file, ke.msg);
}

/* Check and apply every entry, then the rules between keys. */
static int apply_all(sv_config *cfg, const struct scan *sc, sv_err *err)
{
	const struct entry *green, *amber;
	size_t i;

	for (i = 0; i < sc->n; i++)
		if (apply(cfg, &sc->entries[i], err) != 0)
			return -1;
	if (cfg->rag_green < cfg->rag_amber) {
		green = find_entry(sc, K_RAG_GREEN);
		amber = find_entry(sc, K_RAG_AMBER);
		if (green != NULL && amber != NULL)
			return entry_error(sc->file, green, err, "%d is below rag_amber (%d at line"
			                   " %d): rag_green must be at least rag_amber",
			                   cfg->rag_green, cfg->rag_amber, amber->line);
		if (green != NULL)
			return entry_error(sc->file, green, err, "%d is below rag_amber (%d, the"
			                   " default): rag_green must be at least rag_amber",
			                   cfg->rag_green, cfg->rag_amber);
		if (amber != NULL)
			return entry_error(sc->file, amber, err, "%d is above rag_green (%d, the"
			                   " default): rag_green must be at least rag_amber",
			                   cfg->rag_amber, cfg->rag_green);
	}
	return keys_check(cfg, sc, err);
}

int config_load_file(sv_config *cfg, const char *path, sv_err *err)
{
	struct scan sc;
	dictionary *d = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	config_defaults(cfg);
	memset(&sc, 0, sizeof sc);
	sc.file = path;
	if (path == NULL || path[0] == '\0')
		return sv_err_set(err, "configuration: empty file name");
	if (read_file(path, &text, &len, err) != 0)
		return -1;
	rc = scan_text(&sc, text, len, err);
	free(text);
	if (rc == 0)
		rc = ini_read(&sc, &d, err);
	if (rc == 0) {
		cfg->file = strdup(path);
		if (cfg->file == NULL)
			rc = sv_err_set(err, "%s: out of memory", path);
	}
	if (rc == 0)
		rc = apply_all(cfg, &sc, err);
	if (d != NULL)
		iniparser_freedict(d);
	scan_free(&sc);
	if (rc != 0) {
		/* leave nothing half-read: defaults, and no file */
		config_free(cfg);
		return -1;
	}
	return 0;
}

/* 1 when path exists (or cannot be checked for another reason than its
 * absence: then reading it reports the problem), 0 when it is absent. */
static int exists(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0)
		return 1;
	return errno != ENOENT && errno != ENOTDIR;
}

int config_load(sv_config *cfg, const char *explicit_path, sv_err *err)
{
	const char *env, *base, *suffix;
	char *path;
	size_t len;
	int rc;

	config_defaults(cfg);
	if (explicit_path != NULL)
		return config_load_file(cfg, explicit_path, err);
	env = getenv("SVDESK_CONFIG");
	if (env != NULL && env[0] != '\0')
		return config_load_file(cfg, env, err);

	/* XDG: $XDG_CONFIG_HOME only when set to an absolute path */
	base = getenv("XDG_CONFIG_HOME");
	suffix = "/svdesk/svdesk.ini";
	if (base == NULL || base[0] != '/') {
		base = getenv("HOME");
		suffix = "/.config/svdesk/svdesk.ini";
		if (base != NULL && base[0] == '\0')
			base = NULL;
	}
	if (base != NULL) {
		len = strlen(base) + strlen(suffix) + 1;
		path = malloc(len);
		if (path == NULL)
			return sv_err_set(err, "configuration: out of memory");
		snprintf(path, len, "%s%s", base, suffix);
		if (exists(path)) {
			rc = config_load_file(cfg, path, err);
			free(path);
			return rc;
		}
		free(path);
	}

	if (exists(SYSCONFDIR "/svdesk.ini"))
		return config_load_file(cfg, SYSCONFDIR "/svdesk.ini", err);
	return 0;
}
