#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
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
