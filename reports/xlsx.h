/*
 * xlsx.h — report.xlsx, the workbook reviewers read in Excel or LibreOffice:
 * Summary, one sheet per family that ran, All metrics, Method, Chart data.
 *
 * Entry point: xlsx_report_write.
 */
#ifndef DSAUDIT_XLSX_H
#define DSAUDIT_XLSX_H

#include "record.h"
#include "util.h"

/* Writes OUT_DIR/report.xlsx atomically; byte-identical for the same result. */
int xlsx_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

#endif
