/*
 * publish.h — what follows the records in `audit` and `diff`: the gate
 * (gate.h) with the configuration's policy and its "require" (context.h),
 * then the reports, the summary on stdout, the GitHub output and the exit
 * decision.
 */
#ifndef DSAUDIT_PUBLISH_H
#define DSAUDIT_PUBLISH_H

#include "config.h"
#include "record.h"
#include "util.h"

/*
 * Adds a fail record for each required family not audited (config.h rule
 * 27), then judges res with cfg's policy (gate.h), before the records are
 * stored or written; a configured rule that judged no record is named on
 * stderr.
 */
void publish_apply_gate(const struct audit_config *cfg, struct audit_result *res);

/*
 * After the result is complete: writes the reports of cfg (minus the heavy
 * ones under --gate-only), prints the summary, the GitHub output, and sets
 * *failed by the gate (G7, --strict).
 */
int publish_reports(const struct audit_config *cfg, const struct audit_result *res, int *failed,
		    struct audit_err *err);

#endif
