/*
 * output.h — what every report writer shares: writing a file so that no
 * half-written report is ever seen (temp file, then rename), and printing a
 * double as the shortest decimal that reads back exactly.
 *
 * Entry points: output_write_atomic, format_double.
 */
#ifndef DSAUDIT_OUTPUT_H
#define DSAUDIT_OUTPUT_H

#include <stdio.h>

#include "util.h"

/*
 * Writes dir/filename through dir/filename.tmp: creates dir if missing (one
 * level), lets write_body fill the stream, checks every stdio step, fsyncs,
 * then renames the temp file into place. On any failure the temp file is
 * removed, an earlier dir/filename is left untouched, and AUDIT_EIO is
 * returned with err naming the path and the system's reason.
 *
 * write_body returns 0, or -1 after a failed write (errno set, as stdio sets
 * it); ctx is passed through untouched.
 */
int output_write_atomic(const char *dir, const char *filename,
			int (*write_body)(FILE *f, void *ctx), void *ctx,
			struct audit_err *err);

/* "dir/name" + suffix without a doubled slash when dir ends in one. Caller frees. */
char *output_path(const char *dir, const char *name, const char *suffix);

/*
 * Creates dir and its missing parents (mkdir -p) unless an entry is there:
 * that is left for fopen to judge. The error names dir and, when a parent
 * failed, that parent ("a/b/c: cannot create its parent directory a/b: ...").
 */
int output_make_dir(const char *dir, struct audit_err *err);

/*
 * Formats x into buf as the first of %.15g, %.16g, %.17g that strtod reads
 * back exactly; integral values below 1e15 in magnitude print as plain
 * integers ("30"), and -0 prints as "0". Returns buf, or NULL when x is NaN
 * or infinite (buf then holds "null"): such values are not numbers, and the
 * caller writes null or its own placeholder. Assumes the C numeric locale.
 */
char *format_double(double x, char buf[32]);

#endif
