/*
 * writers.h — the report writers by --format name: what `audit` and `diff`
 * render one result with. Each writer renders the same in-memory result
 * into OUT through a temp file and a rename (reports/output.h).
 *
 * Entry points: writer_for, writers_run, writers_paths. Every --format name
 * the configuration accepts (config.h rule 14) has a writer.
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

/* The writer of a --format name, or NULL for a name that is not one. */
const struct report_writer *writer_for(const char *format);
/* Runs the writers, two at a time, each taking the next in the given order; the error is the first in that order. */
int writers_run(char *const *formats, size_t n, const struct audit_result *r, const char *out_dir,
		struct audit_err *err);
/* "OUT/report.json, OUT/report.xlsx, ...": what the writers write. Caller frees. */
char *writers_paths(char *const *formats, size_t n, const char *out_dir);

#endif
