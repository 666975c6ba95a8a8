/*
 * json.h — report.json: the machine-readable audit (issue 3, "Outputs").
 * Tool, dataset facts, the effective configuration, a summary of counts by
 * status with the verdict, and every record with all of its fields, in a
 * fixed key order, so the same result always gives the same bytes.
 *
 * Entry point: json_report_write.
 */
#ifndef DSAUDIT_JSON_H
#define DSAUDIT_JSON_H

#include "record.h"
#include "util.h"

/*
 * Writes OUT_DIR/report.json atomically (output_write_atomic), creating
 * OUT_DIR if missing. Records appear in the order given; the caller sorts.
 * Returns 0, AUDIT_EIO when the file cannot be written, or AUDIT_EINTERNAL
 * when r->config_json is not a JSON object (or cJSON runs out of memory).
 */
int json_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

#endif
