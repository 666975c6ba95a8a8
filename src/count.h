/*
 * count.h — the counting step: the one scan of a stored version's rows that
 * yields the count tables every metric is computed from (DESIGN.md: count
 * once, compute from counts).
 *
 * The scan reads every column of every row once. It counts each distinct
 * combination of the raw values of the protected, label, strata,
 * prediction, gold and annotator columns (the joint table); every attribute
 * table is a marginal of it, so intersections cost no second scan. The same
 * pass profiles every column (src/profile.h): missing cells and value
 * levels per group and per label class, duplicate rows and columns,
 * personal data, equivalence classes.
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
 *  6. Compared columns. The truth is --gold when given, else the label; the
 *     predicted column is --prediction when given, else the label (so --gold
 *     alone measures the label against the gold). Both must be binary: the
 *     label and the gold by the label's positive spec or, without one,
 *     values 0/1 (or booleans) with 1 positive; the prediction likewise by
 *     --prediction-positive. Rows missing either value are not compared.
 *  7. Annotator codes: with a positive spec, each annotator value is
 *     positive or negative by it; without one, 0/1 and booleans are codes
 *     0 and 1 and any other value is a category of its own (by its text).
 *     The gold is coded the same way when annotators are compared with it.
 *  8. Measurement counts (missing cells, value levels, moments, confusion,
 *     annotator patterns) are kept for single attributes, not intersections.
 */
#ifndef DSAUDIT_COUNT_H
#define DSAUDIT_COUNT_H

#include <stddef.h>

#include "config.h"
#include "tables.h"
#include "store.h"
#include "util.h"

struct count_spec {
	const struct column_info *columns; /* every data column of the version, in order */
	size_t ncolumns;
	const char *const *protected;
	size_t nprotected;
	int intersections;                 /* largest intersection size; 1 = none */
	const char *label;                 /* NULL: no label */
	const struct positive_spec *positive; /* NULL or text NULL: rule 4 */
	const char *strata;                /* NULL: a single stratum */
	const struct bin_edges *bins;
	size_t nbins;
	const char *prediction;            /* NULL: none */
	const struct positive_spec *prediction_positive;
	const char *gold;                  /* NULL: none */
	const char *const *annotators;
	size_t nannotators;
	const char *id;                    /* NULL: none */
	const char *const *quasi_identifiers;
	size_t nquasi;
	const char *sensitive;             /* NULL: none */
	const struct domain *domains;
	size_t ndomains;
	size_t rows;                       /* the version's rows (what 100% is on the progress line) */
	int progress;                      /* draw progress lines on stderr (profile.h rule 19's sorts too) */
};

/*
 * Scans version dataset_id once and fills *out (owned by the caller:
 * count_tables_free). A compared column that is not binary (rule 6) is an
 * AUDIT_EUSAGE error naming its flag.
 */
int count_tables_build(struct store *st, long long dataset_id, const struct count_spec *spec,
		       struct count_tables *out, struct audit_err *err);

/*
 * The same scan fed row by row, so that an audit counts the rows while it
 * stores them instead of reading them back (src/audit.c): count_begin, then
 * count_rows for every row in order (nrows rows of every column of
 * spec->columns, cells[r * ncolumns + c]),
 * then count_end, which fills *out as count_tables_build does (st and
 * dataset_id are read only to name the values of a column in an error) and
 * frees the counter; or count_abort to drop it. spec is borrowed until then.
 */
struct counter;
struct counter *count_begin(const struct count_spec *spec);
int count_rows(struct counter *c, const struct typed_value *cells, size_t nrows, struct audit_err *err);
int count_end(struct counter *c, struct store *st, long long dataset_id, struct count_tables *out,
	      struct audit_err *err);
void count_abort(struct counter *c);

/*
 * The same counters fed from an engine's GROUP BY results instead of rows
 * (src/pushdown.c): count_joint_group for each combination of the joint
 * columns (count_joint_columns; cells as wide as spec->columns, those
 * columns filled) with its rows w; count_cell_group for each (value of
 * column col, values of the tuple columns) with its rows, the tuple
 * columns (count_tuple_columns: the protected attributes, then the label)
 * filled in `by` in that order; count_grouped with the dataset-level
 * figures (profile.h struct grouped_dataset); then count_end. A tuple
 * value the joint groups did not give is AUDIT_EINPUT.
 */
/* The index of the column named name in spec->columns, or -1 (also for a NULL name). */
long count_column_index(const struct count_spec *spec, const char *name);
size_t count_joint_columns(const struct counter *c, const size_t **cols);
size_t count_tuple_columns(const struct counter *c, size_t *cols);
/* The columns classes are made of (rule 12), and the sensitive column or -1. */
size_t count_class_columns(const struct counter *c, const size_t **cols, long *sensitive);
int count_joint_group(struct counter *c, const struct typed_value *cells, double w, struct audit_err *err);
int count_cell_group(struct counter *c, size_t col, const struct typed_value *v, const struct typed_value *by,
		     double w, struct audit_err *err);
struct grouped_dataset; /* profile.h */
void count_grouped(struct counter *c, const struct grouped_dataset *g);
void count_tables_free(struct count_tables *t);

#endif
