/*
 * audit.h — `dsaudit audit`: load the data (as `load` does), count once,
 * compute the representation and selection records, store the audit and its
 * records in the same transaction as the data, then write the reports.
 */
#ifndef DSAUDIT_AUDIT_H
#define DSAUDIT_AUDIT_H

#include <stdio.h>

#include "config.h"
#include "util.h"

/*
 * Runs the audit described by cfg. Sets *failed when the gate fails: a
 * record with status fail, or with --strict a warn verdict (exit 1). Returns an error code; on error nothing was stored.
 */
int audit_run(const struct audit_config *cfg, int progress, int *failed, struct audit_err *err);

/*
 * dsaudit sql: writes to out the counting queries of cfg->table, whose
 * columns are cfg->columns, in cfg->dialect, each under the name of the
 * file its result goes in for audit --counts (engine_counts.c).
 */
int audit_queries(const struct audit_config *cfg, FILE *out, struct audit_err *err);

#endif
