/* bytescan: scan the bytes a program wrote (to a terminal, a print
 * command or stderr) for anything its data could have smuggled in.
 *
 *   bytescan plain FILE...     text for a person or a printer: lines end in
 *                              LF; tab and form feed are the only other
 *                              controls; no ESC at all
 *   bytescan term TERM FILE... what a curses program sent to a terminal of
 *                              type TERM: escape sequences only of the kinds
 *                              ncurses emits for that terminal
 *   bytescan csv FILE...       a CSV file: lines end in CRLF, a byte-order
 *                              mark may open it; bidi, zero-width and
 *                              separator characters are data there (an
 *                              export imports back unchanged), a byte-order
 *                              mark inside is not, and no control but tab
 *
 * In all: the bytes are valid UTF-8 (a raw 0x9B is the 8-bit CSI of some
 * terminals) and no C1 control as a code point; but in CSV, none of the
 * invisible characters that reorder or hide text (bidi embeddings, overrides,
 * isolates and marks, zero-width characters, the word joiner, the
 * byte-order mark, line and paragraph separators).  The list is written
 * out here on purpose: the test checks svdesk's rule, it does not share it.
 *
 * Each finding is one line on stdout: "FILE: byte OFFSET: what" with the
 * bytes around it in hex.  Exit status: 0 clean, 1 findings, 2 bad usage. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FINDINGS 20

static int findings;

static void report(const char *file, const unsigned char *b, size_t n, size_t at,
		   const char *what)
{
	size_t from = at > 12 ? at - 12 : 0, to = at + 16 < n ? at + 16 : n;

	findings++;
	if (findings > MAX_FINDINGS)
		return;
	printf("%s: byte %zu: %s [", file, at, what);
	for (size_t i = from; i < to; i++)
		printf("%s%s%02x", i == from ? "" : " ", i == at ? ">" : "", b[i]);
	printf("]\n");
}

/* The code points no data may put in front of a reader. */
static const char *hidden(uint32_t cp)
{
	if (cp >= 0x80 && cp <= 0x9F)
		return "a C1 control character";
	if (cp == 0x061C || cp == 0x200E || cp == 0x200F)
		return "a bidi mark";
	if (cp >= 0x202A && cp <= 0x202E)
		return "a bidi embedding or override";
	if (cp >= 0x2066 && cp <= 0x2069)
		return "a bidi isolate";
	if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF)
		return "a zero-width character";
	if (cp == 0x2028 || cp == 0x2029)
		return "a line or paragraph separator";
	return NULL;
}

/* Decode one UTF-8 character; 0 for an invalid sequence. */
static size_t decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	size_t need;
	uint32_t c, min;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] < 0xE0)
		need = 2, c = p[0] & 0x1F, min = 0x80;
	else if (p[0] >= 0xE0 && p[0] < 0xF0)
		need = 3, c = p[0] & 0x0F, min = 0x800;
	else if (p[0] >= 0xF0 && p[0] < 0xF5)
		need = 4, c = p[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (n < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return need;
}

/* A control sequence ESC [ P... I... F: may ncurses have sent it?  The
 * finals are those of cursor motion, erasing, scrolling regions, modes and
 * attributes; never a report (n, c without '?', x), a window operation
 * other than the title stack push and pop of xterm's alternate screen
 * (22/23 t), nor anything else. */
static const char *csi_check(const char *term, const unsigned char *p, size_t len,
			     unsigned char final)
{
	int private = len > 0 && (p[0] == '?' || p[0] == '>' || p[0] == '<' || p[0] == '=');

	(void)term;
	if (strchr("@ABCDEFGHIJKLMPSTXZ`abdefghlmrsu", final) != NULL) {
		if (final == 'u' && private)
			return "a keyboard protocol sequence (CSI ? u)";
		return NULL;
	}
	if (final == 'c')
		return p[0] == '?' ? NULL : "a device attributes query (CSI c)";
	if (final == 'n')
		return "a status report query (CSI n)";
	if (final == 't') {
		if (!private && (strncmp((const char *)p, "22", 2) == 0 ||
				 strncmp((const char *)p, "23", 2) == 0))
			return NULL;
		return "a window operation (CSI t)";
	}
	if (final == 'p' && len == 1 && p[0] == '!')
		return NULL;            /* DECSTR, a soft reset */
	return "a control sequence of a kind curses does not send";
}

static int csv_mode;

static void scan(const char *file, const unsigned char *b, size_t n, const char *term)
{
	size_t i = 0;

	if (csv_mode && n >= 3 && memcmp(b, "\xEF\xBB\xBF", 3) == 0)
		i = 3;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if (b[i] == 0x1B) {
			size_t at = i;

			if (term == NULL) {
				report(file, b, n, at, "ESC");
				i++;
				continue;
			}
			if (i + 1 >= n) {
				report(file, b, n, at, "ESC at the end");
				break;
			}
			switch (b[i + 1]) {
			case '[': {
				size_t s = i + 2, j = s;
				const char *why;

				while (j < n && b[j] >= 0x30 && b[j] <= 0x3F)
					j++;
				while (j < n && b[j] >= 0x20 && b[j] <= 0x2F)
					j++;
				if (j >= n || b[j] < 0x40 || b[j] > 0x7E) {
					report(file, b, n, at, "a broken control sequence");
					i = j;
					continue;
				}
				why = csi_check(term, b + s, j - s, b[j]);
				if (why != NULL)
					report(file, b, n, at, why);
				i = j + 1;
				continue;
			}
			case '(': case ')': case '*': case '+':
				if (i + 2 < n && strchr("0AB", b[i + 2]) != NULL) {
					i += 3;
					continue;
				}
				report(file, b, n, at, "a charset selection of an unknown set");
				i += 2;
				continue;
			case '=': case '>': case '7': case '8': case 'M': case 'D': case 'E':
				i += 2;
				continue;
			case ']':
				report(file, b, n, at, "an operating system command (OSC)");
				break;
			case 'P':
				report(file, b, n, at, "a device control string (DCS)");
				break;
			case '_':
				report(file, b, n, at, "an application program command (APC)");
				break;
			case '^':
				report(file, b, n, at, "a privacy message (PM)");
				break;
			case 'X':
				report(file, b, n, at, "a start of string (SOS)");
				break;
			case 'Z':
				report(file, b, n, at, "an identify query (ESC Z)");
				break;
			default:
				report(file, b, n, at, "an escape sequence curses does not send");
				break;
			}
			i += 2;
			continue;
		}
		if (b[i] < 0x20 || b[i] == 0x7F) {
			int fine = b[i] == '\n' || b[i] == '\t';

			if (csv_mode)
				fine = b[i] == '\t' || (b[i] == '\r' && i + 1 < n && b[i + 1] == '\n') ||
				       (b[i] == '\n' && i > 0 && b[i - 1] == '\r');
			else if (term == NULL)
				fine = fine || b[i] == '\f';
			else    /* curses moves with CR, BS; beeps; shifts charsets */
				fine = fine || b[i] == '\r' || b[i] == '\b' || b[i] == '\a' ||
				       b[i] == 0x0E || b[i] == 0x0F;
			if (!fine) {
				char what[64];

				snprintf(what, sizeof what, "the control byte 0x%02X", b[i]);
				report(file, b, n, i, what);
			}
			i++;
			continue;
		}
		k = decode(b + i, n - i, &cp);
		if (k == 0) {
			char what[64];

			snprintf(what, sizeof what, "invalid UTF-8 (byte 0x%02X)", b[i]);
			report(file, b, n, i, what);
			i++;
			continue;
		}
		if (hidden(cp) != NULL && (!csv_mode || cp == 0xFEFF || (cp >= 0x80 && cp <= 0x9F))) {
			char what[96];

			snprintf(what, sizeof what, "%s (U+%04X)", hidden(cp), (unsigned)cp);
			report(file, b, n, i, what);
		}
		i += k;
	}
}

int main(int argc, char **argv)
{
	const char *term = NULL;
	int first = 2;

	if (argc < 3 || (strcmp(argv[1], "plain") != 0 && strcmp(argv[1], "term") != 0 &&
			 strcmp(argv[1], "csv") != 0)) {
		fprintf(stderr, "usage: bytescan plain|csv FILE... | bytescan term TERM FILE...\n");
		return 2;
	}
	csv_mode = strcmp(argv[1], "csv") == 0;
	if (strcmp(argv[1], "term") == 0) {
		if (argc < 4) {
			fprintf(stderr, "usage: bytescan term TERM FILE...\n");
			return 2;
		}
		term = argv[2];
		first = 3;
	}
	for (int a = first; a < argc; a++) {
		FILE *f = fopen(argv[a], "rb");
		unsigned char *b = NULL;
		size_t n = 0, cap = 0, r;

		if (f == NULL) {
			perror(argv[a]);
			return 2;
		}
		do {
			if (n == cap) {
				cap = cap ? cap * 2 : 65536;
				b = realloc(b, cap);
				if (b == NULL) {
					perror("bytescan");
					return 2;
				}
			}
			r = fread(b + n, 1, cap - n, f);
			n += r;
		} while (r > 0);
		fclose(f);
		scan(argv[a], b, n, term);
		free(b);
	}
	if (findings > MAX_FINDINGS)
		printf("... %d findings in all\n", findings);
	return findings > 0;
}
