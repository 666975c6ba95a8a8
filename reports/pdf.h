/*
 * pdf.h — report.pdf, the printable report: a cover with the dataset and the
 * verdict, a page per family with its charts and worst findings, and the
 * method as an appendix. A4, drawn with cairo, creation date pinned.
 *
 * Entry point: pdf_report_write.
 */
#ifndef DSAUDIT_PDF_H
#define DSAUDIT_PDF_H

#include "record.h"
#include "util.h"

/* Writes OUT_DIR/report.pdf atomically; byte-identical for the same result. */
int pdf_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

#endif
