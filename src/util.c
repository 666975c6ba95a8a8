/*
 * util.c — allocation that aborts on out-of-memory (only data and I/O errors
 * travel as return values), the string buffer, the error type and UTF-8
 * validation shared by the readers.
 */
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int audit_fail(struct audit_err *err, enum audit_error code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
		err->code = code;
	}
	return code;
}

const char *audit_strerror(enum audit_error code)
{
	switch (code) {
	case AUDIT_OK: return "success";
	case AUDIT_EUSAGE: return "usage error";
	case AUDIT_EINPUT: return "bad input";
	case AUDIT_EIO: return "I/O error";
	case AUDIT_EINTERNAL: return "internal error";
	}
	return "unknown error";
}

enum exit_status audit_exit_status(enum audit_error code)
{
	switch (code) {
	case AUDIT_OK: return EXIT_PASS;
	case AUDIT_EUSAGE:
	case AUDIT_EINPUT: return EXIT_BADINPUT;
	case AUDIT_EIO:
	case AUDIT_EINTERNAL: return EXIT_ENV;
	}
	return EXIT_ENV;
}

static void out_of_memory(size_t n)
{
	fprintf(stderr, "dsaudit: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		out_of_memory(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		out_of_memory(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
	if (sb->len + extra + 1 <= sb->cap)
		return;
	size_t cap = sb->cap ? sb->cap : 64;
	while (cap < sb->len + extra + 1)
		cap *= 2;
	sb->buf = xrealloc(sb->buf, cap);
	sb->cap = cap;
}

void strbuf_append(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_reserve(sb, n);
	if (n)
		memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void strbuf_putc(struct strbuf *sb, char c)
{
	strbuf_reserve(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	strbuf_reserve(sb, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

/* RFC 3629: rejects overlongs, surrogates and code points above U+10FFFF. */
size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* Most data is ASCII: skip it eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len;
		unsigned char lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			len = 2;
		else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0) lo = 0xA0;
			if (c == 0xED) hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0) lo = 0x90;
			if (c == 0xF4) hi = 0x8F;
		} else
			return i;
		if (i + len > n)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += len;
	}
	return n;
}

/* Unicode East Asian Width "W"/"F" ranges that occur in names: Hangul, CJK, kana, full-width forms. */
static int is_wide(unsigned long cp)
{
	return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
	       (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t utf8_display_width(const char *s)
{
	size_t width = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned long cp = *p;
		int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
		if (extra)
			cp &= 0x3F >> extra;
		p++;
		for (int k = 0; k < extra && (*p & 0xC0) == 0x80; k++)
			cp = (cp << 6) | (*p++ & 0x3F);
		width += is_wide(cp) ? 2 : 1;
	}
	return width;
}

int source_date_epoch(time_t *t)
{
	const char *pinned = getenv("SOURCE_DATE_EPOCH");
	if (!pinned || !*pinned || strspn(pinned, "0123456789") != strlen(pinned) || strlen(pinned) > 18)
		return 0;
	*t = (time_t)strtoll(pinned, NULL, 10);
	return 1;
}

char *timestamp_utc(void)
{
	time_t t;
	if (!source_date_epoch(&t))
		t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

char *format_shortest(double x, char buf[32])
{
	/*
	 * A double has 15.95 significant decimal digits: 15 are always safe to
	 * print, 17 always suffice, so one of these three is the shortest form
	 * printf offers that reads back as the same bits.
	 */
	for (int prec = 15; prec < 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return buf;
	}
	snprintf(buf, 32, "%.17g", x);
	return buf;
}
