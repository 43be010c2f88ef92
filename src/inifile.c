/* inifile.c: a strict scanner of INI text (see inifile.h).
 *
 * The text is read line by line; each line is checked as bytes (length,
 * NUL, byte-order mark, UTF-8), copied, stripped at both ends as iniparser
 * strips it, checked for control characters, then read as a blank line, a
 * comment, a [section] line or a "key = value" line.  The scan stops at the
 * first fault. */
#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"
#include "svdesk/utf8.h"

/* The longest section name accepted, in bytes. */
#define NAME_MAX_BYTES 63

#define NO_SECTION SIZE_MAX

struct scanner {
	const char *file;
	const inifile_rules *rules;
	inifile *ini;
	size_t cap_sections, cap_entries;
	size_t cur;             /* index of the current section, or NO_SECTION */
	int line;               /* the line being read, from 1 */
};

void inifile_free(inifile **ini)
{
	inifile *p;
	size_t i;

	if (ini == NULL || *ini == NULL)
		return;
	p = *ini;
	for (i = 0; i < p->n_entries; i++) {
		free(p->entries[i].key);
		free(p->entries[i].value);
	}
	for (i = 0; i < p->n_sections; i++)
		free(p->sections[i].name);
	free(p->entries);
	free(p->sections);
	free(p);
	*ini = NULL;
}

const inifile_section *inifile_find_section(const inifile *ini, const char *name)
{
	size_t i;

	for (i = 0; i < ini->n_sections; i++)
		if (strcmp(ini->sections[i].name, name) == 0)
			return &ini->sections[i];
	return NULL;
}

const char *inifile_clip(const char *s, char *buf, size_t n)
{
	return sv_err_quote(buf, n, s, strlen(s), 40);
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

static const char *current_name(const struct scanner *sc)
{
	return sc->cur == NO_SECTION ? NULL : sc->ini->sections[sc->cur].name;
}

/* "FILE:LINE: [section]: what", or "FILE:LINE: what" outside any section */
static int fault(const struct scanner *sc, sv_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fault(const struct scanner *sc, sv_err *err, const char *fmt, ...)
{
	const char *section = current_name(sc);
	char what[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	if (section != NULL)
		return sv_err_set(err, "%s:%d: [%s]: %s", sc->file, sc->line, section, what);
	return sv_err_set(err, "%s:%d: %s", sc->file, sc->line, what);
}

static int out_of_memory(const struct scanner *sc, sv_err *err)
{
	return sv_err_set(err, "%s: out of memory", sc->file);
}

/* items with room for one more than n (of size each): items itself, or
 * the larger block that replaces it, or NULL (items kept) when memory runs
 * out. */
static void *grow(void *items, size_t n, size_t *cap, size_t size)
{
	size_t want;
	void *p;

	if (n < *cap)
		return items;
	if (*cap > SIZE_MAX / 2 / size)
		return NULL;
	want = *cap != 0 ? *cap * 2 : 16;
	p = realloc(items, want * size);
	if (p != NULL)
		*cap = want;
	return p;
}

/* Parse the value part of a key line (after '=' and any blanks).  A value
 * that starts with a double or single quote ends at the same quote and keeps
 * everything inside it; otherwise it ends at the first ';' or '#' and is
 * stripped of blanks at both ends, as iniparser does. */
static int scan_value(const struct scanner *sc, const char *key, const char *v,
                      char **out, int *quoted, sv_err *err)
{
	const char *end, *p;
	char quote = v[0];

	*quoted = quote == '"' || quote == '\'';
	if (*quoted) {
		end = strchr(v + 1, quote);
		if (end == NULL)
			return sv_err_set(err, "%s:%d: [%s] %s: unterminated quote (the value"
			                  " starts with %c but has no closing %c)", sc->file,
			                  sc->line, current_name(sc), key, quote, quote);
		for (p = end + 1; is_ws(*p); p++)
			continue;
		if (*p != '\0' && *p != ';' && *p != '#')
			return sv_err_set(err, "%s:%d: [%s] %s: text after the closing quote"
			                  " (put the whole value inside the quotes)", sc->file,
			                  sc->line, current_name(sc), key);
		*out = dup_range(v + 1, (size_t)(end - v - 1));
	} else {
		end = v + strcspn(v, ";#");
		while (end > v && is_ws(end[-1]))
			end--;
		*out = dup_range(v, (size_t)(end - v));
	}
	if (*out == NULL)
		return out_of_memory(sc, err);
	return 0;
}

/* One key line: "key = value" (line is stripped at both ends). */
static int scan_key_line(struct scanner *sc, const char *line, sv_err *err)
{
	inifile *ini = sc->ini;
	const char *eq = strchr(line, '=');
	const char *section, *v;
	inifile_entry *e;
	char *key, *value = NULL;
	int tag = 0, quoted;
	size_t klen, i;
	char clipped[64];

	if (eq == NULL)
		return fault(sc, err, "expected \"key = value\", a [section] or a comment,"
		             " not \"%s\"", inifile_clip(line, clipped, sizeof clipped));
	klen = (size_t)(eq - line);
	while (klen > 0 && is_ws(line[klen - 1]))
		klen--;
	if (klen == 0)
		return fault(sc, err, "missing key name before \"=\"");
	key = dup_range(line, klen);
	if (key == NULL)
		return out_of_memory(sc, err);
	lower_ascii(key);
	section = current_name(sc);
	if (section == NULL) {
		fault(sc, err, "%s: key outside any section (put it under its [section]"
		      " line)", inifile_clip(key, clipped, sizeof clipped));
		goto fail;
	}
	if (sc->rules != NULL && sc->rules->key != NULL) {
		tag = sc->rules->key(sc->rules->ctx, sc->file, sc->line, section, key, err);
		if (tag < 0)
			goto fail;
	}
	/* a key once per section, even when the section is given in parts */
	for (i = 0; i < ini->n_entries; i++) {
		if (ini->entries[i].section == section && strcmp(ini->entries[i].key, key) == 0) {
			sv_err_set(err, "%s:%d: [%s] %s: duplicate key (first set at line %d)",
			           sc->file, sc->line, section, key, ini->entries[i].line);
			goto fail;
		}
	}
	for (v = eq + 1; is_ws(*v); v++)
		continue;
	if (scan_value(sc, key, v, &value, &quoted, err) != 0)
		goto fail;
	e = grow(ini->entries, ini->n_entries, &sc->cap_entries, sizeof *e);
	if (e == NULL) {
		out_of_memory(sc, err);
		goto fail;
	}
	ini->entries = e;
	e = &ini->entries[ini->n_entries++];
	e->section = section;
	e->key = key;
	e->value = value;
	e->line = sc->line;
	e->quoted = quoted;
	e->tag = tag;
	ini->sections[sc->cur].n_keys++;
	return 0;

fail:
	free(key);
	free(value);
	return -1;
}

/* Make the section of that name current, adding it at its first line. */
static int enter_section(struct scanner *sc, const char *name, sv_err *err)
{
	inifile *ini = sc->ini;
	inifile_section *s;
	size_t i;

	for (i = 0; i < ini->n_sections; i++) {
		if (strcmp(ini->sections[i].name, name) == 0) {
			sc->cur = i;
			return 0;
		}
	}
	s = grow(ini->sections, ini->n_sections, &sc->cap_sections, sizeof *s);
	if (s == NULL)
		return out_of_memory(sc, err);
	ini->sections = s;
	s = &ini->sections[ini->n_sections];
	s->name = strdup(name);
	if (s->name == NULL)
		return out_of_memory(sc, err);
	s->line = sc->line;
	s->n_keys = 0;
	sc->cur = ini->n_sections++;
	return 0;
}

/* One section line: "[name]" (line is stripped at both ends). */
static int scan_section_line(struct scanner *sc, const char *line, sv_err *err)
{
	const char *close = strrchr(line, ']');
	const char *s, *e;
	char name[NAME_MAX_BYTES + 1], clipped[64];
	size_t len;

	if (close == NULL)
		return fault(sc, err, "missing \"]\" at the end of the section name");
	if (close[1] != '\0')
		return fault(sc, err, "text after \"]\" (a comment goes on a line of its own)");
	for (s = line + 1; is_ws(*s); s++)
		continue;
	for (e = close; e > s && is_ws(e[-1]); e--)
		continue;
	len = (size_t)(e - s);
	if (len == 0)
		return fault(sc, err, "empty section name");
	if (memchr(s, '[', len) != NULL || memchr(s, ']', len) != NULL || len >= sizeof name)
		return fault(sc, err, "bad section line \"%s\"",
		             inifile_clip(line, clipped, sizeof clipped));
	memcpy(name, s, len);
	name[len] = '\0';
	lower_ascii(name);
	if (sc->rules != NULL && sc->rules->section != NULL
	    && sc->rules->section(sc->rules->ctx, sc->file, sc->line, name, err) != 0)
		return -1;
	return enter_section(sc, name, err);
}

/* One line of llen bytes (without its '\n'). */
static int scan_line(struct scanner *sc, const char *raw, size_t llen, sv_err *err)
{
	char buf[INIFILE_LINE_MAX + 1];
	char *s, *e;
	uint32_t cp = 0;
	size_t i;

	if (llen > INIFILE_LINE_MAX)
		return fault(sc, err, "line too long (more than %d bytes)", INIFILE_LINE_MAX);
	if (memchr(raw, '\0', llen) != NULL)
		return fault(sc, err, "contains a NUL byte (is this a text file?)");
	if (sc->line == 1 && llen >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0)
		return fault(sc, err, "starts with a byte-order mark: save the file as UTF-8"
		             " without BOM");
	if (!utf8_valid(raw, llen, NULL))
		return fault(sc, err, "not valid UTF-8");
	memcpy(buf, raw, llen);
	buf[llen] = '\0';
	/* strip both ends, as iniparser does */
	for (s = buf; is_ws(*s); s++)
		continue;
	for (e = buf + llen; e > s && is_ws(e[-1]); e--)
		continue;
	*e = '\0';
	i = utf8_unsafe_at(s, (size_t)(e - s), 1, &cp);
	if (s + i < e && cp < 0x20)
		return fault(sc, err, "contains a control character (byte 0x%02X)",
		             (unsigned)cp);
	if (s + i < e) {
		/* in a value: name its key, as every other value error does */
		const char *eq = memchr(s, '=', i);
		const char *k = s, *ke = eq;

		while (ke != NULL && ke > k && is_ws(ke[-1]))
			ke--;
		if (eq != NULL && *s != ';' && *s != '#' && *s != '[' && ke > k)
			return fault(sc, err, "%.*s: contains U+%04X, a control, bidi or invisible "
			             "character that can hide or reorder text: remove it",
			             (int)(ke - k), k, (unsigned)cp);
		return fault(sc, err, "contains U+%04X, a control, bidi or invisible character "
		             "that can hide or reorder text: remove it", (unsigned)cp);
	}
	if (*s == '\0')
		return 0;
	/* iniparser joins a line that ends in a backslash with the next one,
	 * even a comment: refuse rather than guess */
	if (e[-1] == '\\')
		return fault(sc, err, "a line may not end with \"\\\" (continuation lines"
		             " are not supported)");
	if (*s == ';' || *s == '#')
		return 0;
	if (*s == '[')
		return scan_section_line(sc, s, err);
	return scan_key_line(sc, s, err);
}

int inifile_scan(const char *text, size_t len, const char *file,
                 const inifile_rules *rules, inifile **out, sv_err *err)
{
	struct scanner sc;
	size_t pos = 0;

	*out = NULL;
	memset(&sc, 0, sizeof sc);
	sc.file = file;
	sc.rules = rules;
	sc.cur = NO_SECTION;
	sc.ini = calloc(1, sizeof *sc.ini);
	if (sc.ini == NULL)
		return out_of_memory(&sc, err);
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl != NULL ? (size_t)(nl - line) : len - pos;

		pos += llen + 1;
		sc.line++;
		if (scan_line(&sc, line, llen, err) != 0) {
			inifile_free(&sc.ini);
			return -1;
		}
	}
	*out = sc.ini;
	return 0;
}
