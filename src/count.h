/*
 * count.h — the counting step: the one scan of a stored version's rows that
 * yields the count tables every representation and selection metric is
 * computed from (DESIGN.md: count once, compute from counts).
 *
 * The scan counts each distinct combination of the raw values of the
 * protected, label and strata columns once; every table below is a
 * marginal of that joint table, so intersections cost no second scan.
 *
 * Conventions (the man page repeats them):
 *  1. A missing protected value is its own group, "(missing)", listed last.
 *  2. --bins turn a numeric column into groups "<18", "[18,25)", ..., ">=65".
 *  3. Rows with a missing label count for representation, not for selection.
 *  4. Label classes: with a positive spec, {negative, positive}; without one,
 *     a label whose values are only 0/1 (or booleans) is binary with 1
 *     positive; otherwise every distinct value is a class (numbers in
 *     numeric order first, then text in byte order).
 *  5. Groups are ordered by value (numbers numerically, bins in order, text
 *     in byte order); an intersection's groups by their parts in turn.
 */
#ifndef DSAUDIT_COUNT_H
#define DSAUDIT_COUNT_H

#include <stddef.h>

#include "config.h"
#include "tables.h"
#include "store.h"
#include "util.h"

struct count_spec {
	const char *const *protected;
	size_t nprotected;
	int intersections;                 /* largest intersection size; 1 = none */
	const char *label;                 /* NULL: no label */
	const struct positive_spec *positive; /* NULL or text NULL: rule 4 */
	const char *strata;                /* NULL: a single stratum */
	const struct bin_edges *bins;
	size_t nbins;
};

int count_tables_build(struct store *st, long long dataset_id, const struct count_spec *spec,
		       struct count_tables *out, struct audit_err *err);
void count_tables_free(struct count_tables *t);

#endif
