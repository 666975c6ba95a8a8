/*
 * util.h — small helpers every module uses: allocation that aborts on
 * out-of-memory, a growable string buffer, and the one error type.
 *
 * Ownership: xmalloc/xstrdup return memory the caller frees with free().
 * A struct strbuf owns its bytes; strbuf_free() releases them.
 */
#ifndef DSAUDIT_UTIL_H
#define DSAUDIT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <time.h>

#define DSAUDIT_VERSION "0.1.0"

/* Exit statuses of the dsaudit process (DESIGN.md, man page EXIT STATUS). */
enum exit_status {
	EXIT_PASS = 0,     /* ran, every gate passed */
	EXIT_GATE = 1,     /* ran, a gate failed */
	EXIT_BADINPUT = 2, /* usage error or bad input: nothing stored */
	EXIT_ENV = 3,      /* environment or internal error (I/O, disk full) */
};

/* Error codes returned by every fallible function; 0 is success. */
enum audit_error {
	AUDIT_OK = 0,
	AUDIT_EUSAGE,  /* bad command line or configuration */
	AUDIT_EINPUT,  /* malformed data file */
	AUDIT_EIO,     /* reading or writing failed (disk full, permissions) */
	AUDIT_EINTERNAL,
};

/*
 * An error as reported to the user: its code and one line of text such as
 * "data.csv:3:7: unterminated quoted field". Filled once, where the error is
 * found; printed once, by main().
 */
struct audit_err {
	enum audit_error code;
	char msg[1024];
};

/* Sets err (if not NULL) and returns code, so callers can `return audit_fail(...)`. */
int audit_fail(struct audit_err *err, enum audit_error code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *audit_strerror(enum audit_error code);
enum exit_status audit_exit_status(enum audit_error code);

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Growable byte buffer, always NUL-terminated after its len bytes. */
struct strbuf {
	char *buf;
	size_t len, cap;
};
void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_reset(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

/*
 * Writes finite x in the shortest %.15g/%.16g/%.17g form that reads back as
 * the same double. Returns buf.
 */
char *format_shortest(double x, char buf[32]);

/*
 * The current time as ISO 8601 UTC (2026-11-27T22:33:02Z); the environment
 * variable SOURCE_DATE_EPOCH (whole seconds) pins it, for reproducible runs.
 * Caller frees.
 */
char *timestamp_utc(void);

/*
 * SOURCE_DATE_EPOCH when it is set to whole seconds (digits only; anything
 * else is ignored): returns 1 and sets *t, else returns 0. Every writer that
 * stamps a date reads it here, so they agree.
 */
int source_date_epoch(time_t *t);

/* Terminal columns of a UTF-8 string: East Asian wide characters (Hangul, CJK) count 2. */
size_t utf8_display_width(const char *s);

/* Returns the length of the valid UTF-8 prefix of s[0..n). */
size_t utf8_valid_prefix(const unsigned char *s, size_t n);

#endif
