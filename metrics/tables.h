/*
 * tables.h — the count tables: the sufficient statistics that the counting
 * step (src/count.c) produces and every metric in metrics/ consumes. They
 * are plain arrays, so tests build them by hand.
 */
#ifndef DSAUDIT_TABLES_H
#define DSAUDIT_TABLES_H

#include <stddef.h>

#define GROUP_MISSING "(missing)"

/* One attribute (or intersection): groups × strata × label classes. */
struct count_table {
	char *attribute;        /* "race" or "race*sex" */
	char **groups;          /* ngroups names, ordered by value (src/count.h rule 5) */
	size_t ngroups;
	size_t nstrata, nclasses;
	double *n;              /* n[(g * nstrata + s) * nclasses + c]: labeled rows */
	double *unlabeled;      /* unlabeled[g]: rows whose label is missing */
};

struct count_tables {
	double rows;
	int has_label;
	char **classes;         /* nclasses names; one class "(all)" without a label */
	size_t nclasses;
	int binary;             /* two classes, and class 1 is the positive outcome */
	char **strata;          /* nstrata names; one stratum "(all)" without strata */
	size_t nstrata;
	struct count_table *tables;
	size_t ntables;
};

static inline double count_at(const struct count_table *t, size_t g, size_t s, size_t c)
{
	return t->n[(g * t->nstrata + s) * t->nclasses + c];
}

#endif
