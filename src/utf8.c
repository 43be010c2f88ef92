#include "config.h"

/* utf8.c: decoding, measuring, cutting and the safe-to-show rule for UTF-8
 * text: the one copy that the CSV reader, messages, the configuration, db/
 * and the screen share. */

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "svdesk/utf8.h"

static int is_cont(unsigned char b)
{
	return (b & 0xC0) == 0x80;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp, enum utf8_fault *fault)
{
	const unsigned char *p = (const unsigned char *)s;
	enum utf8_fault f = UTF8_OK;
	uint32_t c = 0, min = 0;
	size_t need = 0, i;

	*cp = UTF8_INVALID;
	if (n == 0) {
		f = UTF8_INCOMPLETE;
		goto bad;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		if (fault != NULL)
			*fault = UTF8_OK;
		return 1;
	}
	if (p[0] < 0xC0) {
		f = UTF8_CONTINUATION;
		goto bad;
	} else if (p[0] < 0xE0) {
		need = 2;
		c = p[0] & 0x1Fu;
		min = 0x80;
	} else if (p[0] < 0xF0) {
		need = 3;
		c = p[0] & 0x0Fu;
		min = 0x800;
	} else if (p[0] < 0xF8) {
		need = 4;
		c = p[0] & 0x07u;
		min = 0x10000;
	} else {
		f = UTF8_IMPOSSIBLE;
		goto bad;
	}
	for (i = 1; i < need; i++) {
		if (i >= n || !is_cont(p[i])) {
			f = UTF8_INCOMPLETE;
			goto bad;
		}
		c = (c << 6) | (p[i] & 0x3Fu);
	}
	if (c < min)
		f = UTF8_OVERLONG;
	else if (c >= 0xD800 && c <= 0xDFFF)
		f = UTF8_SURROGATE;
	else if (c > 0x10FFFF)
		f = UTF8_TOO_BIG;
	if (f != UTF8_OK)
		goto bad;
	*cp = c;
	if (fault != NULL)
		*fault = UTF8_OK;
	return need;
bad:
	if (fault != NULL)
		*fault = f;
	return 0;
}

const char *utf8_fault_text(enum utf8_fault f)
{
	switch (f) {
	case UTF8_OK: return "valid";
	case UTF8_CONTINUATION: return "unexpected continuation byte";
	case UTF8_IMPOSSIBLE: return "impossible byte";
	case UTF8_INCOMPLETE: return "incomplete sequence";
	case UTF8_OVERLONG: return "overlong encoding";
	case UTF8_SURROGATE: return "encoded surrogate";
	case UTF8_TOO_BIG: return "beyond U+10FFFF";
	}
	return "invalid";
}

size_t utf8_encode(uint32_t cp, char out[UTF8_SEQ_MAX])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int utf8_valid(const char *s, size_t n, size_t *bad_at)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp, NULL);
		if (k == 0) {
			if (bad_at != NULL)
				*bad_at = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t i = 0, count = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp, NULL);

		i += k > 0 ? k : 1;
		count++;
	}
	return count;
}

size_t utf8_cut(const char *s, size_t n, size_t max)
{
	size_t i = 0;

	if (n <= max)
		return n;
	while (i < max) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp, NULL);

		if (k == 0)
			k = 1;          /* a bad byte stands alone */
		if (i + k > max)
			break;
		i += k;
	}
	return i;
}

int utf8_safe(uint32_t cp)
{
	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;                               /* C0, DEL, C1 */
	if (cp < 0xAD)
		return 1;
	if (cp == 0xAD || cp == 0x061C || cp == 0x180E)
		return 0;       /* soft hyphen, Arabic letter mark, Mongolian vowel separator */
	if (cp >= 0x200B && cp <= 0x200F)
		return 0;       /* zero-width space, non-joiner, joiner; LRM, RLM */
	if (cp >= 0x2028 && cp <= 0x202E)
		return 0;       /* line and paragraph separators; LRE RLE PDF LRO RLO */
	if (cp >= 0x2060 && cp <= 0x206F)
		return 0;       /* word joiner, invisible operators, LRI RLI FSI PDI, deprecated */
	if (cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB))
		return 0;       /* byte-order mark, interlinear annotation */
	if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
		return 0;       /* noncharacters */
	if (cp >= 0xE0000 && cp <= 0xE007F)
		return 0;       /* tag characters */
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;       /* not a character */
	return 1;
}

size_t utf8_unsafe_at(const char *s, size_t n, int allow_tab, uint32_t *cp)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c, NULL);

		if (k == 0 || (!utf8_safe(c) && !(allow_tab && c == '\t'))) {
			if (cp != NULL)
				*cp = c;
			return i;
		}
		i += k;
	}
	return n;
}

int utf8_width(uint32_t cp)
{
	if (!utf8_safe(cp))
		return -1;
	return wcwidth((wchar_t)cp);
}

/* What the text rule refuses in a valid text: a control character (C0
 * but tab, DEL, C1) and the byte-order mark. */
static int is_control(uint32_t c)
{
	return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF;
}

/* The copy behind utf8_sanitize and utf8_sanitize_controls: each invalid
 * byte and each character that bad() refuses becomes repl. */
static size_t sanitize(char *dst, size_t size, const char *s, size_t n, char repl,
		       int (*bad)(uint32_t c, int allow_tab), int allow_tab)
{
	size_t i = 0, o = 0;

	if (size == 0)
		return 0;
	while (i < n) {
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c, NULL);

		if (k == 0 || bad(c, allow_tab)) {
			if (o + 1 >= size)
				break;
			dst[o++] = repl;
			i += k > 0 ? k : 1;
			continue;
		}
		if (o + k >= size)
			break;
		memcpy(dst + o, s + i, k);
		o += k;
		i += k;
	}
	dst[o] = '\0';
	return o;
}

static int unsafe(uint32_t c, int allow_tab)
{
	return !utf8_safe(c) && !(allow_tab && c == '\t');
}

static int control(uint32_t c, int keep_lines)
{
	return is_control(c) && !(keep_lines && (c == '\r' || c == '\n'));
}

size_t utf8_sanitize(char *dst, size_t size, const char *s, size_t n, char repl, int allow_tab)
{
	return sanitize(dst, size, s, n, repl, unsafe, allow_tab);
}

size_t utf8_control_at(const char *s, size_t n, int keep_lines)
{
	size_t i = 0;

	while (i < n) {
		uint32_t c;
		size_t k;

		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F) {
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &c, NULL);
		if (k == 0 || control(c, keep_lines))
			return i;
		i += k;
	}
	return n;
}

size_t utf8_sanitize_controls(char *dst, size_t size, const char *s, size_t n, char repl,
			      int keep_lines)
{
	return sanitize(dst, size, s, n, repl, control, keep_lines);
}

/* ---- name keys ---------------------------------------------------------------- */

static int is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

uint32_t utf8_fold_case(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c < 0xC0)
		return c;
	if (c <= 0xDE)                                  /* Latin-1: À..Þ but × */
		return c == 0xD7 ? c : c + 32;
	if (c >= 0x100 && c <= 0x137)                   /* Latin Extended-A, pairs */
		return c == 0x130 ? 'i' : (c | 1);
	if (c >= 0x139 && c <= 0x148)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x14A && c <= 0x177)
		return c | 1;
	if (c == 0x178)
		return 0xFF;                            /* Ÿ */
	if (c >= 0x179 && c <= 0x17E)
		return (c & 1) ? c + 1 : c;
	if (c >= 0x391 && c <= 0x3AB && c != 0x3A2)     /* Greek */
		return c + 32;
	if (c >= 0x410 && c <= 0x42F)                   /* Cyrillic */
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	return c;
}

char utf8_ascii_letter(uint32_t cp)
{
	/* U+00C0..U+017F; a space where no letter stands (× and ÷) */
	static const char latin[] =
		"AAAAAAACEEEEIIIIDNOOOOO OUUUUYTsaaaaaaaceeeeiiiidnooooo ouuuuyty"
		"AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlL"
		"lLlNnNnNnnNnOoOoOoOoRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
	char c;

	if (cp < 0x80)
		return ((cp | 32) >= 'a' && (cp | 32) <= 'z') ? (char)cp : 0;
	if (cp < 0xC0 || cp > 0x17F)
		return 0;
	c = latin[cp - 0xC0];
	return c == ' ' ? 0 : c;
}

size_t utf8_name_key(const char *s, size_t n, char *dst, size_t size)
{
	size_t i = 0, o = 0;
	int space = 0;

	if (size == 0)
		return 0;
	while (i < n) {
		char enc[UTF8_SEQ_MAX];
		uint32_t c;
		size_t k = utf8_decode(s + i, n - i, &c, NULL), e;

		if (k == 0) {                   /* an invalid byte stands for itself */
			c = (unsigned char)s[i];
			k = 1;
			enc[0] = s[i];
			e = 1;
		} else if (is_space(c)) {
			space = o > 0;
			i += k;
			continue;
		} else if (!utf8_safe(c)) {     /* invisible: no part of the name */
			i += k;
			continue;
		} else {
			e = utf8_encode(utf8_fold_case(c), enc);
		}
		i += k;
		if (space) {
			if (o + 1 >= size)
				break;
			dst[o++] = ' ';
			space = 0;
		}
		if (o + e >= size)
			break;
		memcpy(dst + o, enc, e);
		o += e;
	}
	dst[o] = '\0';
	return o;
}

int utf8_text_rule(const char *s, size_t max, char *why, size_t n)
{
	const unsigned char *p;
	size_t len = strlen(s), bad = 0;

	if (len > max) {
		snprintf(why, n, "the text is %zu bytes long; at most %zu are allowed", len, max);
		return -1;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		unsigned cp = 0;

		if (*p < 0x20 && *p != '\t')
			cp = *p;
		else if (*p == 0x7F)
			cp = 0x7F;
		else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			cp = p[1];
		if (cp != 0) {
			snprintf(why, n, "control character U+%04X in the text (only tab is allowed)",
				 cp);
			return -1;
		}
		if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
			snprintf(why, n, "a byte-order mark (U+FEFF) inside the file: were two "
				 "files joined? (only the very start of a file may have one)");
			return -1;
		}
	}
	if (!utf8_valid(s, len, &bad)) {
		snprintf(why, n, "invalid UTF-8 at byte %zu of the text", bad + 1);
		return -1;
	}
	return 0;
}
