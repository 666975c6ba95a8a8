/*
 * profile.h — the per-column half of the counting scan (count.c drives
 * it): for every row it is handed, it tallies each column's missing cells,
 * distinct values and value levels per group of each protected attribute
 * and per label class, moments of numeric columns, mixed types, values
 * outside a declared domain, personal data and a hash of its whole
 * sequence of cells (duplicate columns); and for the row as a whole, duplicates,
 * conflicting labels and the equivalence classes of the quasi-identifiers.
 *
 * Rules (count.h continues its numbering; the man page quotes them):
 *  9. Values are compared by type and value: numbers exactly, text byte for
 *     byte through a 64-bit hash (u64map.h). Missing equals missing.
 * 10. Levels: a column keeps its distinct values with their counts per group
 *     while it has at most LEVELS_MAX of them. Past that its cells go to a
 *     sort instead (rule 19): a numeric column's median, KS statistic and
 *     outlier rate then come from the sorted pass, exact as before; a text
 *     column keeps only its distinct count, so its proxy strength (which
 *     needs levels) is not computed.
 * 11. Duplicate rows are equal in every column except the --id column.
 *     Conflicting labels: rows equal in every column except the label and
 *     the id, carrying two or more different labels (a missing label is one
 *     of the values, so a row that lost its label conflicts with its twin).
 *     Rows are compared by a 128-bit fingerprint of their cell keys (two
 *     64-bit chains with different mixing), sorted with the label's key
 *     (rule 19): two different rows are taken for equal only if both chains
 *     collide, about n^2 / 2^129 for n rows (below 1e-24 for 10^8 rows),
 *     far below the chance that two different texts share a key (rule 9).
 * 12. Equivalence classes: rows with equal values in every quasi-identifier
 *     (missing is a value), found by sorting a 128-bit fingerprint of those
 *     values as in rule 11; l-diversity counts the distinct non-missing
 *     sensitive values of a class. The classes are kept as a histogram of
 *     their sizes and the fewest sensitive values in any one.
 * 13. Personal data is looked for in text cells and in integers of nine or
 *     more digits (src/pii.h); examples are masked as they are found, so no
 *     raw value is ever kept. Data that reaches a report or a message in
 *     other ways is masked too: group, stratum and class names (values
 *     that mask alike are then one group) and the values an error lists.
 * 14. Mixed types: a text cell is number-like when it is a decimal numeral
 *     (optional sign, digits with at most one point, optional exponent;
 *     leading zeros allowed, so a code such as 02100 is number-like). A text
 *     column with both number-like and other cells holds mixed types.
 * 15. With a label, each column is also tallied per label class (count.h
 *     rule 4): missing cells, value levels and moment sums over the labeled
 *     rows, so label_leakage (metrics/column_bias.h rule 11) needs no second
 *     scan. The per-group tallies already run per protected tuple; the tuple
 *     now carries the row's label class as well (count.c numbers the
 *     combinations), so memory grows by the number of classes, not rows.
 * 16. Duplicate columns: a column equals an earlier one when they have the
 *     same type and the same cell, by rule 9, in every row. The scan keeps
 *     per column a 64-bit hash chained over its cells in row order,
 *     h = mix(h ^ key) + 1 (mix: splitmix64's finaliser, a bijection);
 *     two columns are equal when their chains agree and so do, exactly,
 *     their missing and distinct counts, their value levels with counts and
 *     their missing cells and moment sums per protected tuple and class.
 *     Rows are not kept, so there is no cell-by-cell comparison: two
 *     different columns with all those counts equal are reported equal only
 *     if their chains collide, which for c columns happens with probability
 *     about c^2 / 2^65 (below 1e-16 for 50 columns).
 * 17. Direct identifiers: a column whose name is a person-name or
 *     birth-date name (pii.h rule 8) has each non-missing cell tested for
 *     that kind's shape (rules 9 and 10; an integer cell as its decimal
 *     digits, so 19800501 is a date; a real or boolean cell never has the
 *     shape). The column holds the kind when at least 80% of its
 *     non-missing cells have the shape (and at least one does), and it is
 *     not a code: it has 3 or more distinct values, or every non-missing
 *     value is distinct (a "last" column of Y and N is a flag): its
 *     pii[kind] is then the number of those cells, with up to three of them
 *     masked as examples; else 0 and no example. "Today" for the date range
 *     is the day the scan starts, in UTC. A stricter share would miss a
 *     name column with some placeholders ("unknown", "-"); a looser one
 *     would take a column of free text or codes for names.
 * 18. Candidate quasi-identifiers: when none are configured, the columns
 *     named like one (pii.h rule 11; at most DATASET_CANDIDATES_MAX, in file
 *     order) are used for the equivalence classes of rule 12 instead, with
 *     no sensitive column; dataset.candidate lists them. The classes are
 *     then advice (privacy.h rule 6), not a configured check.
 * 19. Bounded memory. What needs a key per row goes to an external sort
 *     (spill.h) with a fixed budget instead of a map: the rows' fingerprints
 *     (rule 11, 24 MiB), the classes' (rule 12, 12 MiB), and the cells of
 *     columns past LEVELS_MAX (24 MiB: column, value, tuple; a column that
 *     crosses the limit moves the cells it counted so far there). After the
 *     scan each sort is read once in order (the cells twice when a numeric
 *     column has outlier fences to count): distinct values, duplicates and
 *     classes are runs of equal keys, and a numeric column's values arrive
 *     ascending, which gives its exact type-7 quartiles, each group's median
 *     and its KS statistic against the rest (metrics/ordered.h). A sort
 *     spills sorted runs to unlinked temporary files in $TMPDIR and merges
 *     them, so the scan holds at most those budgets plus the maps, which
 *     hold LEVELS_MAX values per column times the tuples that occur.
 *
 * Ownership: profile_new's result is freed with profile_free; profile_finish
 * moves its results into the count tables, which own them afterwards.
 */
#ifndef DSAUDIT_PROFILE_H
#define DSAUDIT_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "infer.h"
#include "store.h"
#include "tables.h"

struct profile_spec {
	const struct column_info *columns;    /* every data column, in stored order */
	size_t ncolumns;
	const int *roles;                     /* enum column_role per column */
	long label;                           /* column index, or -1 */
	long id;                              /* column index, or -1 */
	const size_t *quasi;                  /* column indexes of the quasi-identifiers */
	size_t nquasi;
	long sensitive;                       /* column index, or -1 */
	const struct domain *const *domain_of; /* per column: its domain, or NULL */
	size_t rows;                          /* rows expected, to size the row maps once */
};

struct profile;

struct profile *profile_new(const struct profile_spec *spec);
void profile_free(struct profile *p);

/*
 * A row's keys: the key of each cell (rule 9), which the counting step
 * also uses to find values it has seen, then the row's 128-bit
 * fingerprint (rule 11); profile_nkeys of them.
 */
size_t profile_nkeys(const struct profile *p);
void profile_keys(const struct profile *p, const struct typed_value *cells, uint64_t *keys);

/*
 * nrows rows, in file order: cells[r * ncolumns + c] for every column, the
 * row's keys at keys + r * profile_nkeys(p), and pts[r] numbering its
 * combination of protected values and label class (count.c's profile
 * tuple), 0 when there are neither. Returns an error code when a sort
 * could not write its temporary file (err says why); the profile is then
 * only to be freed.
 */
int profile_rows(struct profile *p, const struct typed_value *cells, const uint64_t *keys, const uint32_t *pts,
		 size_t nrows, struct audit_err *err);

/*
 * Counting from an engine's grouped results instead of rows (count.h):
 * profile_cells for every (column, value, profile tuple) with its number
 * of rows w, then profile_grouped with what the rows' and classes' sorts
 * and the columns' hash chains would give, then profile_finish as after
 * a scan. profile_value_key is a value's key (rule 9) in column c;
 * profile_class_columns the columns classes are made of (the
 * quasi-identifiers, or the candidates of rule 21), 0 when none, and the
 * sensitive column (-1: none).
 */
struct grouped_dataset {
	double rows;
	double distinct_rows;          /* distinct (row but its id and label, label) pairs (rule 11) */
	double conflicting_rows;       /* rows in sets with two or more labels */
	double conflicting_sets;
	const double *class_size;      /* the classes' sizes, ascending, as a histogram (rule 12) */
	const double *class_count;
	size_t nsizes;
	double min_sensitive;          /* fewest distinct non-missing sensitive values in a class */
	const size_t *same_as;         /* per column: 1 + the first earlier column equal in every row, or 0 */
};
uint64_t profile_value_key(const struct profile *p, size_t c, const struct typed_value *v);
int profile_cells(struct profile *p, size_t c, const struct typed_value *v, uint32_t pt, double w,
		  struct audit_err *err);
size_t profile_class_columns(const struct profile *p, const size_t **cols, long *sensitive);
void profile_grouped(struct profile *p, const struct grouped_dataset *g);

/*
 * After the scan: fills ct->columns and ct->dataset, and for each single
 * attribute table (t->member = a) its missing, levels and moments, adding
 * profile tuple pt < ntuples into group group_of_tuple[a][pt]. With a label
 * (class_of_tuple not NULL), also each column's tallies per class, tuple pt
 * counting for class class_of_tuple[pt] (-1: label missing, not counted) of
 * ct->nclasses (rule 15). It reads the sorts of rule 19 (with a progress
 * line on stderr when progress is set) and returns an error code when one
 * fails.
 */
int profile_finish(struct profile *p, struct count_tables *ct, const size_t *const *group_of_tuple,
		   const long *class_of_tuple, size_t ntuples, int progress, struct audit_err *err);

#endif
