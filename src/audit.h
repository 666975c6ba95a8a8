/*
 * audit.h — `dsaudit audit`: load the data (as `load` does), count once,
 * compute the representation and selection records, store the audit and its
 * records in the same transaction as the data, then write the reports.
 */
#ifndef DSAUDIT_AUDIT_H
#define DSAUDIT_AUDIT_H

#include "config.h"
#include "util.h"

/*
 * Runs the audit described by cfg. Sets *failed when the gate fails: a
 * record with status fail, or with --strict a warn verdict (exit 1). Returns an error code; on error nothing was stored.
 */
int audit_run(const struct audit_config *cfg, int progress, int *failed, struct audit_err *err);

/*
 * The gate (gate.h) over res with cfg's policy, before the records are
 * stored or written; a configured rule that judged no record is named on
 * stderr. diff judges its drift records with it too.
 */
struct audit_result;
void audit_apply_gate(const struct audit_config *cfg, struct audit_result *res);

/*
 * After the result is complete: writes the reports of cfg (minus the heavy
 * ones under --gate-only), prints the summary, the GitHub output, and sets
 * *failed by the gate (G7, --strict).
 */
int audit_publish(const struct audit_config *cfg, const struct audit_result *res, int *failed,
		  struct audit_err *err);

#endif
