/*
 * pushdown.h — the counting step as SQL, run where the rows are (issue 13):
 * the GROUP BY queries whose results are the count tables' sufficient
 * statistics, and the feeding of their result rows into a counter
 * (count.h, the grouped path). The records come out as from a scan of
 * the same rows: the counts do not depend on the order of rows or groups
 * (dsaudit(1) COUNTING, rule 13).
 *
 * The SQL is a small portable subset: GROUP BY, COUNT, COUNT(DISTINCT),
 * SUM, MIN, MAX and CASE, with subqueries only in FROM; no CTE, FILTER,
 * GROUPING SETS, GROUP BY ordinals or ORDER BY; no sum of reals (the
 * moments come from the values' counts).
 *
 * The queries, in the order they must run:
 *   joint       one row per combination of the joint columns (protected,
 *               label, strata, prediction, gold, annotators) and its rows;
 *   cells       per column, one row per (value, protected values, label)
 *               and its rows;
 *   duplicates  one row: the sets of rows equal but for the id and the
 *               label, their distinct labels (a missing one counts), and
 *               the rows and sets with two labels or more (rule 11);
 *   classes     the classes' sizes of the quasi-identifiers as a
 *               histogram, with the fewest distinct sensitive values
 *               (rule 12);
 *   same        one row: for each pair of columns of one type, the rows
 *               where they differ (rule 16).
 */
#ifndef DSAUDIT_PUSHDOWN_H
#define DSAUDIT_PUSHDOWN_H

#include <stddef.h>

#include "count.h"
#include "infer.h"
#include "store.h"
#include "util.h"

enum pushdown_kind { PUSH_JOINT, PUSH_CELLS, PUSH_DUPLICATES, PUSH_CLASSES, PUSH_SAME };

struct pushdown_query {
	enum pushdown_kind kind;
	size_t column;  /* PUSH_CELLS: the column counted */
	size_t ncols;   /* result columns */
	size_t *source; /* per result column: the data column it holds, or PUSHDOWN_COUNT for a count */
	char *sql;
	char *name;     /* what its result is called: joint, cells-001 (the first column), duplicates, classes, same */
};
#define PUSHDOWN_COUNT ((size_t)-1)

struct pushdown;

/* Appends an identifier as the queries write it: in quotes (" or `), a quote doubled. */
void pushdown_put_name(struct strbuf *sb, const char *name, char quote);
/* A table's name so, each dot-separated part quoted: schema.table names a table in a schema. */
void pushdown_put_table(struct strbuf *sb, const char *table, char quote);
/* The quote of a dialect's identifiers (postgresql, clickhouse, trino, sqlite: "; spark, bigquery: `), or 0. */
char pushdown_dialect_quote(const char *dialect);

/*
 * A cell's hash, equal for values SQL's = finds equal (-0.0 and 0.0; every
 * NaN one) and for two missing cells: the same query's pairs and the
 * SQLite engine's row hashes.
 */
uint64_t pushdown_value_hash(const struct typed_value *v);

/* The query of the rows and each column's present cells: SELECT COUNT(*), COUNT(a), ... (caller frees). */
char *pushdown_rows_sql(const struct column_info *cols, size_t ncols, const char *table, char quote);

/* The queries for counter c (begun with spec) over table, an SQL name as it is to be written. */
struct pushdown *pushdown_new(const struct counter *c, const struct count_spec *spec, const char *table, char quote);
size_t pushdown_count(const struct pushdown *pd);
const struct pushdown_query *pushdown_query(const struct pushdown *pd, size_t i);
void pushdown_free(struct pushdown *pd);

/*
 * What runs the queries: open starts query q, next gives its result rows
 * (1 a row, 0 the end, or an error code negated), each of its q->ncols
 * values typed as the data column it holds (q->source) or, for a count,
 * as an integer (a NULL sum is missing); close ends it.
 */
struct pushdown_runner {
	void *ctx;
	char quote;     /* of identifiers; 0 for " */
	int fixed;      /* the queries ran already, as dsaudit sql printed them (--counts): none may change */
	int (*open)(void *ctx, const struct pushdown_query *q, void **pass, struct audit_err *err);
	int (*next)(void *pass, struct typed_value *row, struct audit_err *err);
	void (*close)(void *pass);
};

/* The count tables of table (an SQL name as it is to be written), every query run by r. */
int pushdown_run(const struct pushdown_runner *r, const struct count_spec *spec, const char *table,
		 struct store *st, long long id, struct count_tables *out, struct audit_err *err);

/* Version id's count tables through these queries, run by SQLite on its rows table. */
int pushdown_count_store(struct store *st, long long id, const struct count_spec *spec, struct count_tables *out,
			 struct audit_err *err);

#endif
