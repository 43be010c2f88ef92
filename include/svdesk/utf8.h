/* utf8.h: the one place that decodes, measures and cuts UTF-8 text, and
 * says which code points are safe to show.
 *
 * Valid UTF-8 is the shortest encoding of a code point from U+0000 to
 * U+10FFFF that is not a surrogate (U+D800..U+DFFF).  Lengths are in bytes
 * unless a name says characters or columns.  Nothing here allocates. */
#ifndef SVDESK_UTF8_H
#define SVDESK_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_SEQ_MAX 4
#define UTF8_INVALID ((uint32_t)0xFFFFFFFFu)  /* the code point of a bad byte */

/* Why a sequence is not valid UTF-8. */
enum utf8_fault {
	UTF8_OK = 0,
	UTF8_CONTINUATION,  /* a continuation byte (0x80..0xBF) where a character starts */
	UTF8_IMPOSSIBLE,    /* 0xF8..0xFF: never in UTF-8 */
	UTF8_INCOMPLETE,    /* a lead byte without enough continuation bytes */
	UTF8_OVERLONG,      /* a longer encoding than the code point needs */
	UTF8_SURROGATE,     /* U+D800..U+DFFF */
	UTF8_TOO_BIG        /* beyond U+10FFFF */
};

/* Decode the character at s (n bytes available).  Returns its length (1 to
 * 4) and the code point in *cp, or 0 when n is 0 or the bytes are not valid
 * UTF-8: then *cp is UTF8_INVALID and *fault (when not NULL) says why.  A
 * NUL byte decodes as U+0000 (length 1). */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp, enum utf8_fault *fault);

/* A short English description of a fault ("overlong encoding"). */
const char *utf8_fault_text(enum utf8_fault f);

/* Encode cp (a valid code point) into out; returns its length, or 0 for a
 * surrogate or a value beyond U+10FFFF. */
size_t utf8_encode(uint32_t cp, char out[UTF8_SEQ_MAX]);

/* 1 when s[0..n) is all valid UTF-8 (NUL bytes allowed); else 0 with the
 * offset of the first bad byte in *bad_at (when not NULL). */
int utf8_valid(const char *s, size_t n, size_t *bad_at);

/* The number of characters in s[0..n); each invalid byte counts as one. */
size_t utf8_count(const char *s, size_t n);

/* The length of the longest prefix of s[0..n) of at most max bytes that
 * does not end inside a character (the place to cut text to fit max). */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* 1 when cp may be shown as it is: not a C0 or C1 control character, not
 * DEL, and none of the invisible characters that reorder or hide text
 * (bidi embeddings, overrides, isolates and marks, zero-width characters,
 * the word joiner and invisible operators, the byte-order mark, line and
 * paragraph separators, tag characters, interlinear annotation marks),
 * nor a noncharacter.  Tab is a control character: callers that allow it
 * say so. */
int utf8_safe(uint32_t cp);

/* The offset of the first character in s[0..n) that is invalid UTF-8 or not
 * safe to show (tab allowed when allow_tab), or n when there is none.  The
 * code point found goes to *cp (UTF8_INVALID for a bad byte) when not NULL. */
size_t utf8_unsafe_at(const char *s, size_t n, int allow_tab, uint32_t *cp);

/* Display columns of a safe code point in the current locale (0, 1 or 2;
 * wcwidth), or -1 when it is not safe or not printable there. */
int utf8_width(uint32_t cp);

/* Copy s[0..n) into dst (at most size bytes, the NUL included), each
 * invalid byte and each unsafe character replaced by repl (an ASCII
 * character; tab kept when allow_tab), cut at a character boundary to fit.
 * Returns the length written. */
size_t utf8_sanitize(char *dst, size_t size, const char *s, size_t n, char repl, int allow_tab);

/* The offset of the first byte of s[0..n) that the text rule refuses
 * (utf8_text_rule: an invalid byte, a control character but tab: C0, DEL,
 * C1, the byte-order mark), or n when there is none; CR and LF pass when
 * keep_lines.  Bidi and other zero-width characters are text. */
size_t utf8_control_at(const char *s, size_t n, int keep_lines);

/* Copy s[0..n) as utf8_sanitize does, but replace only what the text rule
 * refuses (invalid bytes, controls but tab, the byte-order mark): for data written where it
 * must read back as it was (a CSV export keeps bidi and zero-width
 * characters), from a database that another tool may have written.  CR and
 * LF are kept when keep_lines (a quoted CSV cell holds them). */
size_t utf8_sanitize_controls(char *dst, size_t size, const char *s, size_t n, char repl,
			      int keep_lines);

/* The simple lower case of a letter of the Latin, Greek and Cyrillic
 * alphabets (É -> é, Ł -> ł, Ω -> ω); any other code point as it is. */
uint32_t utf8_fold_case(uint32_t cp);

/* The plain ASCII letter a Latin letter is written with (é -> e, Ł -> L,
 * ß -> s, Æ -> A): for U+00C0..U+017F, the letter without its accent,
 * stroke or ligature; the letter itself for ASCII; 0 for anything else.
 * The one table behind accent-insensitive search and the display of
 * letters in a locale that cannot show them. */
char utf8_ascii_letter(uint32_t cp);

/* The key two names are matched by (the spec's supplier-name rule): case
 * folded (utf8_fold_case), every run of spaces (the no-break and other
 * Unicode spaces too) one space, none at either end, and the invisible
 * characters that utf8_safe refuses left out; so "ACME  Ltd",
 * "Acme\u00a0Ltd" and "acme ltd" have one key.  Written NUL-terminated
 * into dst (cut at a character boundary to fit size); returns its length. */
size_t utf8_name_key(const char *s, size_t n, char *dst, size_t size);

/* The rule for a free text (a text cell of a CSV file, a highlight): at
 * most max bytes, valid UTF-8, no control character but tab (C0, DEL, C1),
 * no byte-order mark.  0 when it holds; else -1 with why (n bytes) saying
 * what is wrong, as the importer's messages do.  Whether the text may be
 * empty is the caller's rule. */
int utf8_text_rule(const char *s, size_t max, char *why, size_t n);
/* What to say of an empty text where one is required. */
#define UTF8_TEXT_EMPTY "empty (a value is required)"

#endif
