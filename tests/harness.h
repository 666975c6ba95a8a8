/*
 * harness.h — the in-house unit test harness: a few macros and two counters.
 * Each test_*.c defines `void test_<module>(void)`; tests/unit.c calls them
 * and prints "N passed, N failed". CHECK_NEAR compares doubles with a
 * relative tolerance, because reference p-values span many orders of magnitude.
 */
#ifndef DSAUDIT_HARNESS_H
#define DSAUDIT_HARNESS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern int harness_passed, harness_failed;

#define HARNESS_REPORT(ok, ...)                                          \
	do {                                                             \
		if (ok)                                                  \
			harness_passed++;                                \
		else {                                                   \
			harness_failed++;                                \
			fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
			fprintf(stderr, __VA_ARGS__);                    \
			fputc('\n', stderr);                             \
		}                                                        \
	} while (0)

#define CHECK(cond) HARNESS_REPORT((cond), "%s", #cond)

#define CHECK_INT(got, want)                                               \
	do {                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);   \
		HARNESS_REPORT(g_ == w_, "%s = %lld, want %lld", #got, g_, w_); \
	} while (0)

#define CHECK_STR(got, want)                                                  \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		HARNESS_REPORT(g_ && w_ && strcmp(g_, w_) == 0,               \
			       "%s = \"%s\", want \"%s\"", #got, g_ ? g_ : "(null)", w_); \
	} while (0)

/* Passes when |got - want| <= rel * |want| (or <= rel when want is 0). */
#define CHECK_NEAR(got, want, rel)                                              \
	do {                                                                    \
		double g_ = (got), w_ = (want);                                 \
		double tol_ = (rel) * (w_ == 0 ? 1.0 : fabs(w_));               \
		HARNESS_REPORT(isfinite(g_) && fabs(g_ - w_) <= tol_,           \
			       "%s = %.17g, want %.17g (rel %g)", #got, g_, w_, (double)(rel)); \
	} while (0)

/* Passes when got rounds to the published figure want, printed with `decimals` decimals. */
#define CHECK_ROUNDED(got, want, decimals)                                             \
	do {                                                                           \
		double gr_ = (got), wr_ = (want), half_ = 0.5 * pow(10, -(decimals));  \
		HARNESS_REPORT(fabs(gr_ - wr_) <= half_ * (1 + 1e-9),                  \
			       "%s = %.10g, published %.*f", #got, gr_, (decimals), wr_); \
	} while (0)

/* Writes len bytes to a new temporary file; path receives its name (unlink it after). */
static inline int harness_temp_file(const char *data, size_t len, char path[64])
{
	strcpy(path, "/tmp/dsaudit-test-XXXXXX");
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	int ok = write(fd, data, len) == (ssize_t)len;
	close(fd);
	return ok ? 0 : -1;
}

/*
 * The whole file, NUL-terminated (len, when not NULL, excludes the NUL), or
 * NULL when it cannot be read. The caller frees.
 */
static inline char *harness_slurp(const char *path, size_t *len)
{
	if (len)
		*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = 0, cap = 8192, k;
	char *buf = malloc(cap);
	while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
		n += k;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	fclose(f);
	if (!buf)
		abort(); /* out of memory, as xmalloc would */
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

#endif
