/*
 * typecheck.h — what an audit refuses to guess about its columns' types,
 * checked after counting and before anything is computed or committed
 * (the audit runs in one transaction, so an error here stores nothing):
 *  T1. A numeric protected attribute without --bins and with more than
 *      TYPECHECK_MAX_GROUPS distinct values would make one group per value:
 *      refused, naming its quartiles as edges to use.
 *  T2. A label without --positive that is not binary by the default coding
 *      (count.h rule 4: 0/1, true/false, yes/no) is refused when it is
 *      numeric with more than two values (suggesting '>=' its median, as
 *      numpy.median computes it) or
 *      has exactly two values (naming them: which is positive?). A text
 *      label with more values stays multi-class.
 *  T3. --bins on a column without a number is refused (the column must be
 *      protected: config.c checks that).
 *  T4. --bins COL=quartiles: the edges are COL's quartiles (numpy's default
 *      "linear" method over the non-missing numbers), repeated edges dropped.
 * Quantiles are computed from the stored rows of one column, sorted in
 * bounded memory (src/spill.h: 8 bytes a row on disk past 16 MiB), keeping
 * only the values at the ranks they read. Entry points: typecheck_bins, typecheck_counted,
 * typecheck_quantile.
 */
#ifndef DSAUDIT_TYPECHECK_H
#define DSAUDIT_TYPECHECK_H

#include <stddef.h>

#include "config.h"
#include "store.h"
#include "tables.h"
#include "util.h"

#define TYPECHECK_MAX_GROUPS 20

/*
 * The p-quantile (0 <= p <= 1) of sorted[0..n), n >= 1, as numpy.quantile's
 * default method "linear" (Hyndman and Fan type 7) computes it, with numpy's
 * own interpolation formula so the figures agree to the last bit.
 */
double typecheck_quantile(const double *sorted, size_t n, double p);

/* The median of sorted[0..n), n >= 1, as numpy.median: the middle value, or the two middle values' sum halved. */
double typecheck_median(const double *sorted, size_t n);

/*
 * The bins in effect (T4): a copy of cfg->bins whose quartiles entries hold
 * the column's quartiles. *out has cfg->nbins entries; free with
 * typecheck_bins_free.
 */
int typecheck_bins(struct store *st, long long id, const struct audit_config *cfg, struct bin_edges **out,
		   struct audit_err *err);
void typecheck_bins_free(struct bin_edges *bins, size_t n);

/* T1-T3 on the counted tables; AUDIT_EUSAGE with the message on a refusal. */
int typecheck_counted(struct store *st, long long id, const struct audit_config *cfg, const struct count_tables *ct,
		      struct audit_err *err);

#endif
