/*
 * writers.h — the report writers by --format name: what `audit` and `diff`
 * render one result with. Each writer renders the same in-memory result
 * into OUT through a temp file and a rename (reports/output.h).
 *
 * Entry points: writer_for, writers_check, writers_run, writers_paths.
 */
#ifndef DSAUDIT_WRITERS_H
#define DSAUDIT_WRITERS_H

#include <stddef.h>

#include "record.h"
#include "util.h"

struct report_writer {
	const char *format;
	const char *file;   /* what it writes in OUT, for the summary's last line */
	int (*write)(const struct audit_result *r, const char *out_dir, struct audit_err *err);
};

/* The writer of a --format name, or NULL when there is none (yet). */
const struct report_writer *writer_for(const char *format);
/* AUDIT_EUSAGE naming the first format without a writer: refused up front, never skipped. */
int writers_check(char *const *formats, size_t n, struct audit_err *err);
/* Runs the writers in the given order; stops at the first error. */
int writers_run(char *const *formats, size_t n, const struct audit_result *r, const char *out_dir,
		struct audit_err *err);
/* "OUT/report.json, OUT/report.xlsx, ...": what the writers write. Caller frees. */
char *writers_paths(char *const *formats, size_t n, const char *out_dir);

#endif
