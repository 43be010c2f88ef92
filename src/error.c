#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/error.h"
#include "svdesk/utf8.h"

int sv_err_set(sv_err *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sv_err_vset(err, fmt, ap);
	va_end(ap);
	return -1;
}

int sv_err_vset(sv_err *err, const char *fmt, va_list ap)
{
	if (err == NULL)
		return -1;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return -1;
}

int sv_err_prefix(sv_err *err, const char *fmt, ...)
{
	char prefix[SV_ERR_MAX], old[SV_ERR_MAX];
	size_t n;
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof old);
	/* "PREFIX: old", cut to fit. */
	n = utf8_cut(prefix, strlen(prefix), sizeof err->msg - 3);
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	n += 2;
	/* the old message cut to fit, never inside a character */
	snprintf(err->msg + n, sizeof err->msg - n, "%.*s",
		 (int)utf8_cut(old, strlen(old), sizeof err->msg - n - 1), old);
	return -1;
}

void sv_err_clear(sv_err *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->msg[0] = '\0';
}

char *sv_err_quote(char *dst, size_t n, const char *s, size_t len, size_t max)
{
	size_t cut = len, o;

	if (n == 0)
		return dst;
	if (cut > max)
		cut = max;
	if (cut + 4 > n)
		cut = n >= 4 ? n - 4 : 0;
	/* never cut inside a character; nothing unsafe reaches a terminal */
	cut = utf8_cut(s, len, cut);
	o = utf8_sanitize(dst, cut + 1, s, cut, '?', 0);
	if (cut < len && o + 4 <= n) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
	return dst;
}

int sv_err_print(FILE *f, const char *fmt, ...)
{
	char small[SV_ERR_MAX * 2], *text = small, *safe;
	size_t len, i = 0, o = 0;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		return EOF;
	len = (size_t)n;
	if (len >= sizeof small) {      /* a long name in it: format it whole */
		text = malloc(len + 1);
		if (text == NULL)
			return EOF;
		va_start(ap, fmt);
		vsnprintf(text, len + 1, fmt, ap);
		va_end(ap);
	}
	/* each line made safe on its own: a replaced character never takes
	 * more bytes than it had, so the copy fits in len + 1 */
	safe = malloc(len + 1);
	if (safe == NULL) {
		if (text != small)
			free(text);
		return EOF;
	}
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl != NULL ? (size_t)(nl - text) : len;

		o += utf8_sanitize(safe + o, end - i + 1, text + i, end - i, '?', 0);
		i = end;
		if (nl != NULL) {
			safe[o++] = '\n';
			i++;
		}
	}
	safe[o] = '\0';
	rc = fputs(safe, f);
	free(safe);
	if (text != small)
		free(text);
	return rc;
}

const char *sv_errno_text(int e)
{
	switch (e) {
	case ENOSPC:
		return "the disk is full: free some space there and try again";
#ifdef EDQUOT
	case EDQUOT:
		return "the disk quota is used up: free some space there and try again";
#endif
	case EFBIG:
		return "the file would grow past the file size limit of this process "
			"(ulimit -f): raise the limit and try again";
	case EROFS:
		return "the file system is read-only (mounted so): write elsewhere, or "
			"ask for it to be mounted writable";
	case EIO:
		return "the disk failed to read or write (an input/output error): "
			"check the disk, then try again";
	default:
		return strerror(e);
	}
}
