/*
 * markdown.h — summary.md: the verdict, counts by status and the worst
 * findings as a table, short enough for a pull-request comment or a CI job
 * summary.
 *
 * Entry points: markdown_report_write, markdown_report_append.
 */
#ifndef DSAUDIT_MARKDOWN_H
#define DSAUDIT_MARKDOWN_H

#include "record.h"
#include "util.h"

/* Writes OUT_DIR/summary.md atomically. */
int markdown_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

/*
 * Appends the same text to the file at path (created if absent), after a
 * blank line when the file already holds something: for a CI job summary
 * such as $GITHUB_STEP_SUMMARY. AUDIT_EIO naming path when it cannot.
 */
int markdown_report_append(const struct audit_result *r, const char *path, struct audit_err *err);

#endif
