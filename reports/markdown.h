/*
 * markdown.h — summary.md: the verdict, counts by status and the worst
 * findings as a table, short enough for a pull-request comment or a CI job
 * summary.
 *
 * Entry point: markdown_report_write.
 */
#ifndef DSAUDIT_MARKDOWN_H
#define DSAUDIT_MARKDOWN_H

#include "record.h"
#include "util.h"

/* Writes OUT_DIR/summary.md atomically. */
int markdown_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

#endif
