/*
 * tables.h — the count tables: the sufficient statistics that the counting
 * step (src/count.c) produces and every metric in metrics/ consumes. They
 * are plain arrays, so tests build them by hand.
 *
 * Besides the attribute tables (groups x strata x label classes) there are
 * per-column counts (missingness, distinct values, value levels per group),
 * the measurement counts of single attributes (confusion matrices,
 * annotator patterns), and dataset-level counts (duplicates, equivalence
 * classes of quasi-identifiers). Anything not configured is NULL or NAN.
 */
#ifndef DSAUDIT_TABLES_H
#define DSAUDIT_TABLES_H

#include <stddef.h>

#include "pii.h"

#define GROUP_MISSING "(missing)"
/* A column with more distinct values than this keeps no value levels (profile.h rule 10);
 * a numeric one gets its order statistics from a sorted pass instead (struct group_order). */
#define LEVELS_MAX 16384
/* At most this many candidate quasi-identifiers are combined (profile.h rule 18). */
#define DATASET_CANDIDATES_MAX 16

/*
 * Exact order statistics of a numeric column past LEVELS_MAX, from one pass
 * over its values in ascending order (profile.h rule 19): what the metrics
 * would otherwise read off the value levels. Quantiles are R's type 7
 * (numpy's default); ks_d is the two-sample Kolmogorov-Smirnov statistic
 * of a group against the rest of its table.
 */
struct group_order { double n, median, ks_d; };

/* Predicted vs true binary outcome, one group's counts. */
struct confusion { double tp, fp, tn, fn; };

/* One attribute (or intersection): groups × strata × label classes. */
struct count_table {
	char *attribute;        /* "race" or "race*sex" */
	char **groups;          /* ngroups names, ordered by value (src/count.h rule 5) */
	size_t ngroups;
	size_t nstrata, nclasses;
	double *n;              /* n[(g * nstrata + s) * nclasses + c]: labeled rows */
	double *unlabeled;      /* unlabeled[g]: rows whose label is missing */

	/* Single attributes only (member >= 0); NULL for intersections. */
	long member;            /* index of its protected column, or -1 for an intersection */
	double *missing;        /* missing[g * ncolumns + c]: cells of column c missing in group g */
	double **levels;        /* levels[c][g * nlevels + l]: rows of group g at level l of column c
				   (NULL for a column without levels) */
	double *moments;        /* moments[(g * ncolumns + c) * 3 + {0,1,2}]: n, sum and sum of squares
				   of (x - shift) for numeric column c (struct column_counts.shift) */
	struct group_order **order; /* order[c][g]: numeric column c past LEVELS_MAX (column_counts.ordered);
				       NULL, or NULL for every other column */
	struct confusion *confusion;   /* confusion[g], when a prediction or gold is compared */
	double *label_gold;     /* label_gold[g * 2 + {0,1}]: rows with label and gold, and of those differing */
	double *patterns;       /* patterns[g * npatterns + p]: rows of group g with annotator pattern p */
	double *annotator_gold; /* annotator_gold[(g * nannotators + a) * 2 + {0,1}]: compared, differing */
};

/* What the counting scan learnt about one data column. */
struct column_counts {
	char *name;
	int numeric;            /* integer or real: levels are numbers */
	int real;               /* real (not integer) */
	int role;               /* enum column_role */
	double missing;         /* missing cells */
	double distinct;        /* distinct non-missing values */
	double numbers, texts;  /* text columns: cells that read as numbers / as text (mixed types) */
	int has_domain;
	double out_of_domain;   /* non-missing cells outside the declared domain */
	size_t nlevels;         /* 0 when there are more than LEVELS_MAX distinct values */
	double *level_value;    /* numeric columns: the distinct values, ascending */
	double *level_count;    /* rows at each level */
	double shift;           /* numeric columns: the origin of the moment sums (its first value) */
	int ordered;            /* numeric, past LEVELS_MAX: the order statistics below are exact */
	double q1, median, q3;  /* ordered: type-7 quartiles of the non-missing values */
	double outside;         /* ordered: cells outside quality_outlier_fences(q1, q3) (quality.h rule 10) */
	double pii[PII_NKINDS];  /* cells holding each kind of personal data */
	char *pii_examples[PII_NKINDS]; /* up to three masked examples per kind, joined by ", " */
	/* With a label (profile.h rule 15): the column per label class, labeled rows only; NULL without a label. */
	double *class_missing;  /* class_missing[k]: rows of class k missing the column */
	double *class_levels;   /* class_levels[k * nlevels + l]: rows of class k at level l (NULL without levels) */
	double *class_moments;  /* numeric columns: class_moments[k * 3 + {0,1,2}], as count_table.moments */
	size_t same_as;         /* 1 + the index of the first earlier column equal to this one in every row
				   (profile.h rule 16); 0 when there is none */
};

/* What a column is in the audit: data columns are measured, the rest have roles. */
enum column_role { ROLE_DATA, ROLE_PROTECTED, ROLE_LABEL, ROLE_STRATA, ROLE_PREDICTION, ROLE_GOLD,
		   ROLE_ANNOTATOR, ROLE_ID };

/* Annotator agreement: the distinct patterns of annotator codes (-1 missing). */
struct annotator_counts {
	char **names;           /* nannotators column names */
	size_t nannotators;
	size_t ncats;           /* codes are 0 .. ncats-1 */
	int *codes;             /* codes[p * nannotators + a] */
	size_t npatterns;
	double *weight;         /* weight[p]: rows with pattern p */
	double *gold;           /* gold[a * 2 + {0,1}]: values compared with the gold, and differing;
				   NULL without gold */
};

/* Dataset-level counts for quality and privacy. */
struct dataset_counts {
	double duplicate_rows;      /* rows equal to an earlier row (all columns but the id) */
	double conflicting_rows;    /* rows whose other columns equal a row with another label; NAN without label */
	double conflicting_sets;    /* how many such sets of rows */
	double id_duplicates;       /* rows repeating an earlier id; NAN without --id */
	double id_missing;          /* rows without an id */
	/* Equivalence classes of the quasi-identifiers (profile.h rule 12), as a histogram of their
	 * sizes so that memory does not grow with the classes: class_size[i] rows in each of
	 * class_count[i] classes, sizes ascending. NULL without quasi-identifiers. */
	double *class_size;
	double *class_count;
	size_t nsizes;
	double nclasses;
	double min_sensitive;       /* fewest distinct non-missing sensitive values in a class; NAN without --sensitive */
	/* Without configured quasi-identifiers (profile.h rule 18): the columns (indexes into
	 * count_tables.columns) named like quasi-identifiers; class_size then counts their classes. */
	size_t candidate[DATASET_CANDIDATES_MAX];
	size_t ncandidates;
};


struct count_tables {
	double rows;
	int has_label;
	char **classes;         /* nclasses names; one class "(all)" without a label */
	size_t nclasses;
	int binary;             /* two classes, and class 1 is the positive outcome */
	double *class_rows;     /* labeled rows of each class; NULL without a label */
	char **strata;          /* nstrata names; one stratum "(all)" without strata */
	size_t nstrata;
	struct count_table *tables;
	size_t ntables;

	struct column_counts *columns;  /* every data column, in file order */
	size_t ncolumns;
	char *predicted, *truth;        /* column names of the compared pair, or NULL */
	struct annotator_counts annotators;
	struct dataset_counts dataset;
};

static inline double count_at(const struct count_table *t, size_t g, size_t s, size_t c)
{
	return t->n[(g * t->nstrata + s) * t->nclasses + c];
}

#endif
