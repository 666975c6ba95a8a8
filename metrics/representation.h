/*
 * representation.h — who is in the data: the representation metrics of
 * METRICS.md for one attribute's count table.
 *
 *  1. group_count = n_g (the group's rows, labeled or not); n = all rows N.
 *  2. group_share = n_g / N with a 95% Wilson interval (stats.h 1).
 *  3. class_imbalance = (n_rest - n_g) / N (Clarify's sign: positive when the
 *     group is the smaller side).
 *  4. representation_ratio = group_share / population share, when the
 *     configuration gives the attribute's population shares; warn outside
 *     [0.8, 1.25]. A population group absent from the data gets count 0,
 *     share 0 and ratio 0; a data group absent from the population gets a
 *     null ratio with a detail.
 *     4a. population_share = the configured share of each group the
 *         population lists (a given, not a measurement: no n, no interval),
 *         so reports can show it beside group_share.
 *  5. population_gof: Pearson goodness of fit of the counts of the
 *     population's groups against its shares (stats.h 5); rows in groups the
 *     population does not list are left out and named in the detail. warn
 *     when p < 0.05; insufficient when an expected count is under 5.
 *  6. population_tvd = 1/2 sum |share - population share| over the union of
 *     groups.
 * Representation figures rest on all N rows, so a small group is a finding,
 * never "insufficient".
 */
#ifndef DSAUDIT_REPRESENTATION_H
#define DSAUDIT_REPRESENTATION_H

#include "record.h"
#include "tables.h"

/* A population's shares for one attribute; NULL/0 when not configured. */
struct population_ref {
	const char *const *groups;
	const double *shares;
	size_t n;
};

void representation_records(const struct count_table *t, const struct population_ref *pop,
			    struct audit_result *out);

#endif
