/*
 * summary.h — the one-screen text summary `dsaudit audit` prints on stdout:
 * the dataset, the verdict with counts by status, the worst findings in
 * words, and where the full report is.
 *
 * Entry point: summary_print.
 */
#ifndef DSAUDIT_SUMMARY_H
#define DSAUDIT_SUMMARY_H

#include <stdio.h>

#include "record.h"

/*
 * Prints the summary of r to out, family by family. At most max_findings
 * failed or warned records are listed per family, failures first, the most
 * extreme first within a status. report_path (may be NULL) is named on the last line. Renders only:
 * every figure comes from the records.
 */
void summary_print(const struct audit_result *r, const char *report_path, int max_findings,
		   FILE *out);

#endif
