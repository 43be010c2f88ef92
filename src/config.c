/* config.c: svdesk's configuration file (INI), read with iniparser.
 *
 * iniparser 4.1 is lenient: it accepts unterminated quotes, lets a duplicate
 * key win silently, joins lines that end in a backslash, keeps no line
 * numbers and reads "010" as 8.  So a file is read twice:
 *
 *   1. the strict scanner of inifile.c checks the structure (sections,
 *      key = value lines, quotes, comments, duplicates) and records the line
 *      of each key; the rules given to it here refuse unknown sections and
 *      keys as they are met;
 *   2. iniparser reads the values, and they must agree with the scanner's
 *      (any difference is reported rather than guessed at).
 *
 * Values are then read as strings and parsed strictly here (base 10, the
 * whole string, in range).  Errors have the form
 * "FILE:LINE: [section] key: what is wrong".  This is the only file of the
 * project that includes iniparser. */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef HAVE_INIPARSER_H
#include <iniparser.h>
#else
#include <iniparser/iniparser.h>
#endif

#include "svdesk/settings.h"
#include "svdesk/utf8.h"

#include "inifile.h"

#ifndef SYSCONFDIR
#error "SYSCONFDIR must be defined by the build (see Makefile.am)"
#endif

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
	cfg->mouse = 1;
	cfg->export_bom = CSV_BOM_AUTO;
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
	K_EXPORT_BOM,
	K_MOUSE,
	K_ACTION            /* any key of [keys]: an action name */
};

static const char *const SECTIONS[] = {
	"organisation", "policy", "database", "print", "ui", "keys", "export"
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
	{ 4, "mouse", K_MOUSE },
	{ 6, "bom", K_EXPORT_BOM },
};
#define N_KNOWN_KEYS (sizeof KNOWN_KEYS / sizeof KNOWN_KEYS[0])

/* ---- the strict scan: which sections and keys exist ----------------------- */

static int section_index(const char *name)
{
	size_t i;

	for (i = 0; i < N_SECTIONS; i++)
		if (strcmp(name, SECTIONS[i]) == 0)
			return (int)i;
	return -1;
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

/* inifile_rules.section: only the sections of SECTIONS */
static int rule_section(void *ctx, const char *file, int line, const char *name,
                        sv_err *err)
{
	char clipped[64];

	(void)ctx;
	if (section_index(name) >= 0)
		return 0;
	return sv_err_set(err, "%s:%d: [%s]: unknown section (the sections are [organisation],"
	                  " [policy], [database], [print], [export], [ui] and [keys])", file, line,
	                  inifile_clip(name, clipped, sizeof clipped));
}

/* inifile_rules.key: the keys of KNOWN_KEYS, and action names in [keys];
 * the tag is the enum key_id. */
static int rule_key(void *ctx, const char *file, int line, const char *section,
                    const char *key, sv_err *err)
{
	int s = section_index(section);
	char names[256], clipped[64];
	size_t i;

	(void)ctx;
	if (s == SECTION_KEYS) {
		if (action_find(key) != ACT_NONE)
			return K_ACTION;
		inifile_clip(key, clipped, sizeof clipped);
		return sv_err_set(err, "%s:%d: [keys] %s: unknown action \"%s\" (see svdesk"
		                  " --help-keys)", file, line, clipped, clipped);
	}
	for (i = 0; i < N_KNOWN_KEYS; i++)
		if (KNOWN_KEYS[i].section == s && strcmp(KNOWN_KEYS[i].key, key) == 0)
			return KNOWN_KEYS[i].id;
	list_names(names, sizeof names, s);
	return sv_err_set(err, "%s:%d: [%s] %s: unknown key (the keys of [%s] are: %s)",
	                  file, line, section, inifile_clip(key, clipped, sizeof clipped),
	                  section, names);
}

static const inifile_rules RULES = { rule_section, rule_key, NULL };

/* "FILE:LINE: [section] key: what" */
static int entry_error(const char *file, const inifile_entry *e, sv_err *err,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int entry_error(const char *file, const inifile_entry *e, sv_err *err,
                       const char *fmt, ...)
{
	char what[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return sv_err_set(err, "%s:%d: [%s] %s: %s", file, e->line, e->section, e->key, what);
}

/* ---- the file ------------------------------------------------------------ */

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

/* ---- iniparser ---------------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

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

/* iniparser reads the same bytes as the scanner did, never the file a
 * second time (a FIFO, <(cat f.ini) or /dev/stdin can be read only once):
 * from an anonymous memory file, or else a private temporary copy that is
 * removed at once.  This iniparser has no way to read from memory. */
static dictionary *ini_load_bytes(const char *text, size_t len)
{
	char path[64], tmp[4096];
	const char *tmpdir = getenv("TMPDIR");
	dictionary *d = NULL;
	int fd;

	fd = memfd_create("svdesk-config", MFD_CLOEXEC);
	if (fd >= 0) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (write_all(fd, text, len) == 0 && access(path, R_OK) == 0)
			d = iniparser_load(path);
		close(fd);
		if (d != NULL || ini_message[0] != '\0')
			return d;
	}
	if (tmpdir == NULL || tmpdir[0] == '\0')
		tmpdir = "/tmp";
	if (snprintf(tmp, sizeof tmp, "%s/svdesk-config-XXXXXX", tmpdir) >= (int)sizeof tmp)
		return NULL;
	fd = mkstemp(tmp);
	if (fd < 0)
		return NULL;
	if (write_all(fd, text, len) == 0)
		d = iniparser_load(tmp);
	unlink(tmp);
	close(fd);
	return d;
}

/* Load with iniparser and check that it read what the scanner read. */
static int ini_read(const char *file, const char *text, size_t len, const inifile *ini,
                   dictionary **out, sv_err *err)
{
	dictionary *d;
	size_t i, s;
	char full[160], a[64], b[64];

	ini_message[0] = '\0';
	iniparser_set_error_callback(ini_error);
	d = ini_load_bytes(text, len);
	iniparser_set_error_callback(NULL);
	if (d == NULL)
		return sv_err_set(err, "%s: cannot read configuration: %s", file,
		                  ini_message[0] != '\0' ? ini_message : "iniparser failed");
	for (i = 0; i < ini->n_entries; i++) {
		const inifile_entry *e = &ini->entries[i];
		const char *v;

		snprintf(full, sizeof full, "%s:%s", e->section, e->key);
		v = iniparser_getstring(d, full, NULL);
		if (v == NULL || strcmp(v, e->value) != 0) {
			entry_error(file, e, err, "iniparser read the value as \"%s\", not"
			            " \"%s\" (put the value in double quotes)",
			            v == NULL ? "(nothing)" : inifile_clip(v, a, sizeof a),
			            inifile_clip(e->value, b, sizeof b));
			iniparser_freedict(d);
			return -1;
		}
	}
	for (s = 0; s < N_SECTIONS; s++) {
		const inifile_section *sec = inifile_find_section(ini, SECTIONS[s]);
		int theirs = iniparser_getsecnkeys(d, SECTIONS[s]);

		if (sec == NULL || theirs == (int)sec->n_keys)
			continue;
		sv_err_set(err, "%s:%d: [%s]: iniparser read %d keys in this section, not %d",
		           file, sec->line, SECTIONS[s], theirs, (int)sec->n_keys);
		iniparser_freedict(d);
		return -1;
	}
	*out = d;
	return 0;
}

/* ---- values ------------------------------------------------------------- */

static int is_ws(char c)
{
	/* as inifile.c strips: isspace in the C locale */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

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

static int value_int(const char *file, const inifile_entry *e, long min, long max,
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
		                   inifile_clip(e->value, c, sizeof c), min, max);
	default:
		return entry_error(file, e, err, "\"%s\" is not a whole number (expected %ld"
		                   " to %ld)", inifile_clip(e->value, c, sizeof c), min, max);
	}
}

/* Text shown on screen or run: no control characters (tabs included). */
static int value_text(const char *file, const inifile_entry *e, const char *what,
                      char **out, sv_err *err)
{
	const char *p;
	char *copy;
	uint32_t cp = 0;
	size_t len;

	for (p = e->value; is_ws(*p); p++)
		continue;
	if (*p == '\0')
		return entry_error(file, e, err, "missing value (expected %s)", what);
	len = strlen(e->value);
	if (utf8_unsafe_at(e->value, len, 0, &cp) != len)
		return cp < 0x80 || cp == UTF8_INVALID
		       ? entry_error(file, e, err, "contains a control character")
		       : entry_error(file, e, err, "contains U+%04X, a control, bidi or invisible "
				     "character that can hide or reorder text: remove it", (unsigned)cp);
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
static int value_path(const char *file, const inifile_entry *e, char **out, sv_err *err)
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

static int value_group(const char *file, const inifile_entry *e, char **out, sv_err *err)
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
			            inifile_clip(text, c, sizeof c), strerror(en));
		else
			entry_error(file, e, err, "no group named \"%s\" on this system",
			            inifile_clip(text, c, sizeof c));
		free(text);
		return -1;
	}
	*out = text;
	return 0;
}

static int value_theme(const char *file, const inifile_entry *e, enum ui_theme *out,
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
	                   " mono)", inifile_clip(e->value, c, sizeof c));
}

static int value_bom(const char *file, const inifile_entry *e, enum csv_bom *out,
                     sv_err *err)
{
	static const struct {
		const char *name;
		enum csv_bom bom;
	} boms[] = {
		{ "auto", CSV_BOM_AUTO }, { "yes", CSV_BOM_YES }, { "no", CSV_BOM_NO },
	};
	char c[64];
	size_t i;

	if (e->value[0] == '\0')
		return entry_error(file, e, err, "missing value (expected auto, yes or no)");
	for (i = 0; i < sizeof boms / sizeof boms[0]; i++) {
		if (strcasecmp(e->value, boms[i].name) == 0) {
			*out = boms[i].bom;
			return 0;
		}
	}
	return entry_error(file, e, err, "unknown value \"%s\" (expected auto, yes or no)",
	                   inifile_clip(e->value, c, sizeof c));
}

/* yes or no (any case); nothing else, so that a typo is never a silent
 * "no" */
static int value_yes_no(const char *file, const inifile_entry *e, int *out, sv_err *err)
{
	char c[64];

	if (e->value[0] == '\0')
		return entry_error(file, e, err, "missing value (expected yes or no)");
	if (strcasecmp(e->value, "yes") == 0) {
		*out = 1;
		return 0;
	}
	if (strcasecmp(e->value, "no") == 0) {
		*out = 0;
		return 0;
	}
	return entry_error(file, e, err, "\"%s\" is not yes or no",
	                   inifile_clip(e->value, c, sizeof c));
}

static int value_money(const char *file, const inifile_entry *e, sv_pence *out, sv_err *err)
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

static int value_percent(const char *file, const inifile_entry *e, int *out, sv_err *err)
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

static int apply(sv_config *cfg, const inifile_entry *e, sv_err *err)
{
	const char *file = cfg->file;
	char *s = NULL;
	sv_err ke;

	switch ((enum key_id)e->tag) {
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
	case K_EXPORT_BOM:
		return value_bom(file, e, &cfg->export_bom, err);
	case K_MOUSE:
		return value_yes_no(file, e, &cfg->mouse, err);
	case K_ACTION:
		if (keymap_bind(&cfg->keys, action_find(e->key), e->value, &ke) != 0)
			return entry_error(file, e, err, "%s", ke.msg);
		return 0;
	default:
		return entry_error(file, e, err, "unknown key");
	}
}

static const inifile_entry *find_entry(const inifile *ini, enum key_id id)
{
	size_t i;

	for (i = 0; i < ini->n_entries; i++)
		if (ini->entries[i].tag == (int)id)
			return &ini->entries[i];
	return NULL;
}

/* Two actions conflict when keymap_check fails on a map that holds only
 * their keys.  Report a conflict at the line of the last [keys] entry
 * involved in one (the line that most likely introduced it). */
static int keys_check(const sv_config *cfg, const inifile *ini, sv_err *err)
{
	keymap pair;
	sv_err ke;
	size_t i;
	int b;

	if (keymap_check(&cfg->keys, &ke) == 0)
		return 0;
	for (i = ini->n_entries; i-- > 0;) {
		const inifile_entry *e = &ini->entries[i];
		enum action_id a;

		if (e->tag != K_ACTION)
			continue;
		a = action_find(e->key);
		for (b = ACT_NONE + 1; b < ACT_COUNT; b++) {
			if (b == (int)a)
				continue;
			memset(&pair, 0, sizeof pair);
			memcpy(pair.keys[a], cfg->keys.keys[a], sizeof pair.keys[a]);
			memcpy(pair.keys[b], cfg->keys.keys[b], sizeof pair.keys[b]);
			if (keymap_check(&pair, &ke) != 0)
				return entry_error(cfg->file, e, err, "%s", ke.msg);
		}
	}
	return sv_err_set(err, "%s: %s", cfg->file, ke.msg);
}

/* Check and apply every entry, then the rules between keys. */
static int apply_all(sv_config *cfg, const inifile *ini, sv_err *err)
{
	const inifile_entry *green, *amber;
	size_t i;

	for (i = 0; i < ini->n_entries; i++)
		if (apply(cfg, &ini->entries[i], err) != 0)
			return -1;
	if (cfg->rag_green < cfg->rag_amber) {
		green = find_entry(ini, K_RAG_GREEN);
		amber = find_entry(ini, K_RAG_AMBER);
		if (green != NULL && amber != NULL)
			return entry_error(cfg->file, green, err, "%d is below rag_amber (%d at line"
			                   " %d): rag_green must be at least rag_amber",
			                   cfg->rag_green, cfg->rag_amber, amber->line);
		if (green != NULL)
			return entry_error(cfg->file, green, err, "%d is below rag_amber (%d, the"
			                   " default): rag_green must be at least rag_amber",
			                   cfg->rag_green, cfg->rag_amber);
		if (amber != NULL)
			return entry_error(cfg->file, amber, err, "%d is above rag_green (%d, the"
			                   " default): rag_green must be at least rag_amber",
			                   cfg->rag_amber, cfg->rag_green);
	}
	return keys_check(cfg, ini, err);
}

int config_load_file(sv_config *cfg, const char *path, sv_err *err)
{
	inifile *ini = NULL;
	dictionary *d = NULL;
	char *text = NULL;
	size_t len = 0;
	int rc;

	config_defaults(cfg);
	if (path == NULL || path[0] == '\0')
		return sv_err_set(err, "configuration: empty file name");
	if (read_file(path, &text, &len, err) != 0)
		return -1;
	rc = inifile_scan(text, len, path, &RULES, &ini, err);
	if (rc == 0)
		rc = ini_read(path, text, len, ini, &d, err);
	free(text);
	if (rc == 0) {
		cfg->file = strdup(path);
		if (cfg->file == NULL)
			rc = sv_err_set(err, "%s: out of memory", path);
	}
	if (rc == 0)
		rc = apply_all(cfg, ini, err);
	if (d != NULL)
		iniparser_freedict(d);
	inifile_free(&ini);
	if (rc != 0) {
		/* leave nothing half-read: defaults, and no file */
		config_free(cfg);
		return -1;
	}
	return 0;
}

/* 1 when path exists (or cannot be checked for another reason than its
 * absence: then reading it reports the problem), 0 when it is absent. */
/* An optional file is read when it can be seen: one behind a folder this
 * person may not search is as absent as one that is not there.  A file that
 * is there but cannot be read is an error (config_load_file says so). */
static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
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
