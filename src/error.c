#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "svdesk/error.h"

int sv_err_set(sv_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
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
	n = strlen(prefix);
	if (n > sizeof err->msg - 3)
		n = sizeof err->msg - 3;
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	n += 2;
	snprintf(err->msg + n, sizeof err->msg - n, "%.*s", (int)(sizeof err->msg - n - 1), old);
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
	size_t i, cut = len;

	if (n == 0)
		return dst;
	if (cut > max)
		cut = max;
	if (cut + 4 > n)
		cut = n >= 4 ? n - 4 : 0;
	/* never cut inside a UTF-8 sequence */
	while (cut > 0 && cut < len && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	for (i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[i] = (c < 0x20 || c == 0x7F) ? '?' : (char)c;
	}
	if (cut < len && cut + 4 <= n) {
		memcpy(dst + cut, "...", 3);
		cut += 3;
	}
	dst[cut] = '\0';
	return dst;
}
