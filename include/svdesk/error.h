/* error.h: the error record every fallible function fills.
 *
 * A function that can fail returns 0 on success and a negative value on
 * failure, and writes a message with its context (file, line, key, ref) into
 * an sv_err that the caller supplied.  The caller decides whether the message
 * becomes a popup (TUI) or a line on stderr (CLI).  Passing NULL for the
 * sv_err is allowed and discards the message. */
#ifndef SVDESK_ERROR_H
#define SVDESK_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#define SV_ERR_MAX 1024

typedef struct sv_err {
	int code;              /* optional detail code, module-specific; 0 when unset */
	char msg[SV_ERR_MAX];  /* NUL-terminated, no trailing newline */
} sv_err;

/* Set the message (printf-style); returns -1 so callers can `return sv_err_set(...)`. */
int sv_err_set(sv_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The same with a va_list, for functions that wrap it. */
int sv_err_vset(sv_err *err, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Prefix the existing message: "PREFIX: old message".  Returns -1. */
int sv_err_prefix(sv_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void sv_err_clear(sv_err *err);

/* Text from a user or a file made fit to quote in a message: invalid
 * UTF-8 and characters that are not safe to show (utf8_safe: controls,
 * bidi and zero-width characters) become '?', and text longer than max bytes is cut at a
 * character boundary and ends in "...".  Writes at most n bytes, the NUL
 * included (n >= 4 for anything to show); returns dst. */
char *sv_err_quote(char *dst, size_t n, const char *s, size_t len, size_t max);

/* Write a message for a person (printf-style) to f, each character that is
 * not safe to show (utf8_safe) and each invalid byte written as '?', line
 * feeds kept: a file name, an argument or a stored text inside a message
 * can never send a terminal an escape sequence.  Returns what fputs does. */
int sv_err_print(FILE *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An errno from reading or writing a file, in words that say what to do
 * for the ones a person can act on (a full disk, a quota, the file size
 * limit, a read-only file system, a failing disk); strerror's for the
 * rest.  One home for these words: files, exports, backups and the
 * database use it. */
const char *sv_errno_text(int e);

#endif
