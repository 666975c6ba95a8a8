/*
 * pushdown.c — the counting queries and their results (see pushdown.h).
 */
#include "pushdown.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "profile.h"
#include "u64map.h"
#include "progress.h"

struct pushdown {
	char quote;                 /* of identifiers: " or ` */
	char *alias_n, *alias_d;    /* the subqueries' aliases of their counts, named as no column is */
	struct pushdown_query *q;
	size_t n;
	size_t ncolumns;
	const struct count_spec *spec;
	size_t *tuple_cols, ntuple; /* the columns a cell's tuple is made of (count_tuple_columns) */
	struct typed_value *cells;  /* a joint group, as wide as the columns */
	size_t *pair_a, *pair_b, npairs; /* the same query's column pairs, in its order */
	char *table;                /* as the queries write it */
	uint64_t *level_hash;       /* per column, a sum over its cells of a hash of the value (see narrow_same) */
	struct grouped_dataset g;
	double *sizes, *counts;     /* the classes' histogram, as the rows came */
	size_t nsizes;
	size_t *same_as;
};

static void put(struct strbuf *sb, const char *text)
{
	strbuf_append(sb, text, strlen(text));
}

void pushdown_put_name(struct strbuf *sb, const char *name, char quote)
{
	strbuf_putc(sb, quote);
	for (const char *p = name; *p; p++) {
		if (*p == quote)
			strbuf_putc(sb, quote);
		strbuf_putc(sb, *p);
	}
	strbuf_putc(sb, quote);
}

void pushdown_put_table(struct strbuf *sb, const char *table, char quote)
{
	struct strbuf part = {0};
	for (const char *p = table;; p++) {
		if (*p == '.' || !*p) {
			pushdown_put_name(sb, part.buf ? part.buf : "", quote);
			strbuf_free(&part);
			part = (struct strbuf){0};
			if (!*p)
				break;
			strbuf_putc(sb, '.');
		} else
			strbuf_putc(&part, *p);
	}
}

char pushdown_dialect_quote(const char *dialect)
{
	static const char *const double_quotes[] = {"postgresql", "clickhouse", "trino", "sqlite"};
	static const char *const backticks[] = {"spark", "bigquery"};
	for (size_t i = 0; i < sizeof double_quotes / sizeof *double_quotes; i++)
		if (strcmp(dialect, double_quotes[i]) == 0)
			return '"';
	for (size_t i = 0; i < sizeof backticks / sizeof *backticks; i++)
		if (strcmp(dialect, backticks[i]) == 0)
			return '`';
	return 0;
}

char *pushdown_rows_sql(const struct column_info *cols, size_t ncols, const char *table, char quote)
{
	struct strbuf sb = {0};
	put(&sb, "SELECT COUNT(*)");
	for (size_t c = 0; c < ncols; c++) {
		put(&sb, ", COUNT(");
		pushdown_put_name(&sb, cols[c].name, quote);
		strbuf_putc(&sb, ')');
	}
	strbuf_printf(&sb, " FROM %s", table);
	return sb.buf;
}

static void put_name(const struct pushdown *pd, struct strbuf *sb, size_t col)
{
	pushdown_put_name(sb, pd->spec->columns[col].name, pd->quote);
}

/* "a", "b", "c" for the columns listed. */
static void put_names(const struct pushdown *pd, struct strbuf *sb, const size_t *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			put(sb, ", ");
		put_name(pd, sb, cols[i]);
	}
}

/* Adds the query in sb; its first nfrom result columns hold the columns listed in from, the rest counts. */
static void add_query(struct pushdown *pd, enum pushdown_kind kind, size_t column, size_t ncols, const size_t *from,
		      size_t nfrom, struct strbuf *sb)
{
	static const char *const names[] = {[PUSH_JOINT] = "joint", [PUSH_CELLS] = "cells",
					    [PUSH_DUPLICATES] = "duplicates", [PUSH_CLASSES] = "classes",
					    [PUSH_SAME] = "same"};
	size_t *source = xcalloc(ncols + 1, sizeof *source);
	for (size_t i = 0; i < ncols; i++)
		source[i] = i < nfrom ? from[i] : PUSHDOWN_COUNT;
	struct strbuf name = {0};
	strbuf_printf(&name, "%s", names[kind]);
	if (kind == PUSH_CELLS)
		strbuf_printf(&name, "-%03zu", column + 1);
	pd->q = xrealloc(pd->q, (pd->n + 1) * sizeof *pd->q);
	pd->q[pd->n++] = (struct pushdown_query){kind, column, ncols, source, sb->buf, name.buf};
	*sb = (struct strbuf){0};
}

/* SELECT cols, COUNT(*) FROM table GROUP BY cols */
static void grouped_count(const struct pushdown *pd, struct strbuf *sb, const size_t *cols, size_t n,
			  const char *table)
{
	put(sb, "SELECT ");
	put_names(pd, sb, cols, n);
	strbuf_printf(sb, "%sCOUNT(*) FROM %s", n ? ", " : "", table);
	if (n) {
		put(sb, " GROUP BY ");
		put_names(pd, sb, cols, n);
	}
}

/* Rule 11: the sets of rows equal but for the id and the label. */
static void duplicates_query(const struct pushdown *pd, struct strbuf *sb, const char *table)
{
	const struct count_spec *spec = pd->spec;
	long label = count_column_index(spec, spec->label), id = count_column_index(spec, spec->id);
	size_t *cols = xcalloc(spec->ncolumns + 1, sizeof *cols), n = 0;
	for (size_t c = 0; c < spec->ncolumns; c++)
		if ((long)c != label && (long)c != id)
			cols[n++] = c;
	const char *an = pd->alias_n, *ad = pd->alias_d;
	strbuf_printf(sb, "SELECT COUNT(*), SUM(%s), SUM(CASE WHEN %s >= 2 THEN %s ELSE 0 END), "
		      "SUM(CASE WHEN %s >= 2 THEN 1 ELSE 0 END) FROM (SELECT COUNT(*) AS %s, ", ad, ad, an, ad, an);
	if (label >= 0) {
		struct strbuf l = {0};
		put_name(pd, &l, (size_t)label);
		strbuf_printf(sb, "COUNT(DISTINCT %s) + MAX(CASE WHEN %s IS NULL THEN 1 ELSE 0 END)", l.buf, l.buf);
		strbuf_free(&l);
	} else
		put(sb, "1");
	strbuf_printf(sb, " AS %s FROM %s", ad, table);
	if (n) {
		put(sb, " GROUP BY ");
		put_names(pd, sb, cols, n);
	}
	put(sb, " HAVING COUNT(*) > 0) AS g");
	free(cols);
}

/* Rule 12: the classes' sizes as a histogram, with their fewest distinct sensitive values. */
static void classes_query(const struct pushdown *pd, struct strbuf *sb, const size_t *cols, size_t n,
			  long sensitive, const char *table)
{
	strbuf_printf(sb, "SELECT %s, COUNT(*), MIN(%s) FROM (SELECT COUNT(*) AS %s, ", pd->alias_n, pd->alias_d, pd->alias_n);
	if (sensitive >= 0) {
		put(sb, "COUNT(DISTINCT ");
		put_name(pd, sb, (size_t)sensitive);
		strbuf_putc(sb, ')');
	} else
		strbuf_putc(sb, '0');
	strbuf_printf(sb, " AS %s FROM %s GROUP BY ", pd->alias_d, table);
	put_names(pd, sb, cols, n);
	strbuf_printf(sb, ") AS g GROUP BY %s", pd->alias_n);
}

/*
 * Rule 16: for each pair of columns of one type, the rows where they differ
 * (a missing cell equals a missing one); with level_hash, only the pairs
 * whose columns hold the same values as often (narrow_same).
 */
static void same_query(struct pushdown *pd, struct strbuf *sb, const char *table, const uint64_t *level_hash)
{
	const struct count_spec *spec = pd->spec;
	pd->npairs = 0;
	put(sb, "SELECT ");
	for (size_t b = 1; b < spec->ncolumns; b++)
		for (size_t a = 0; a < b; a++) {
			if (spec->columns[a].type != spec->columns[b].type)
				continue;
			if (level_hash && level_hash[a] != level_hash[b])
				continue;
			struct strbuf x = {0}, y = {0};
			put_name(pd, &x, a);
			put_name(pd, &y, b);
			strbuf_printf(sb, "%sSUM(CASE WHEN %s = %s OR (%s IS NULL AND %s IS NULL) THEN 0 ELSE 1 END)",
				      pd->npairs ? ", " : "", x.buf, y.buf, x.buf, y.buf);
			strbuf_free(&x);
			strbuf_free(&y);
			pd->pair_a = xrealloc(pd->pair_a, (pd->npairs + 1) * sizeof *pd->pair_a);
			pd->pair_b = xrealloc(pd->pair_b, (pd->npairs + 1) * sizeof *pd->pair_b);
			pd->pair_a[pd->npairs] = a;
			pd->pair_b[pd->npairs++] = b;
		}
	strbuf_printf(sb, " FROM %s", table);
}

/*
 * An alias no column has: ClickHouse reads a name in GROUP BY as the
 * alias of that name anywhere in the query, so "COUNT(*) AS n" would turn
 * a column n into the count.
 */
static char *alias_for(const struct count_spec *spec, const char *base)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s", base);
	for (int clash = 1; clash;) {
		clash = 0;
		for (size_t c = 0; c < spec->ncolumns && !clash; c++)
			clash = strcasecmp(spec->columns[c].name, sb.buf) == 0;
		if (clash)
			strbuf_putc(&sb, '_');
	}
	return sb.buf;
}

struct pushdown *pushdown_new(const struct counter *c, const struct count_spec *spec, const char *table, char quote)
{
	struct pushdown *pd = xcalloc(1, sizeof *pd);
	pd->quote = quote;
	pd->alias_n = alias_for(spec, "n");
	pd->alias_d = alias_for(spec, "d");
	pd->spec = spec;
	pd->ncolumns = spec->ncolumns;
	pd->cells = xcalloc(spec->ncolumns + 1, sizeof *pd->cells);
	pd->same_as = xcalloc(spec->ncolumns + 1, sizeof *pd->same_as);
	pd->tuple_cols = xcalloc(spec->nprotected + 2, sizeof *pd->tuple_cols);
	pd->ntuple = count_tuple_columns(c, pd->tuple_cols);
	struct strbuf sb = {0};

	const size_t *joint;
	size_t njoint = count_joint_columns(c, &joint);
	grouped_count(pd, &sb, joint, njoint, table);
	add_query(pd, PUSH_JOINT, 0, njoint + 1, joint, njoint, &sb);

	size_t *cols = xcalloc(pd->ntuple + 2, sizeof *cols);
	for (size_t col = 0; col < spec->ncolumns; col++) {
		cols[0] = col;
		memcpy(cols + 1, pd->tuple_cols, pd->ntuple * sizeof *cols);
		grouped_count(pd, &sb, cols, pd->ntuple + 1, table);
		add_query(pd, PUSH_CELLS, col, pd->ntuple + 2, cols, pd->ntuple + 1, &sb);
	}
	free(cols);

	duplicates_query(pd, &sb, table);
	add_query(pd, PUSH_DUPLICATES, 0, 4, NULL, 0, &sb);

	const size_t *quasi;
	long sensitive;
	size_t nquasi = count_class_columns(c, &quasi, &sensitive);
	if (nquasi) {
		classes_query(pd, &sb, quasi, nquasi, sensitive, table);
		add_query(pd, PUSH_CLASSES, 0, 3, NULL, 0, &sb);
	}

	pd->table = xstrdup(table);
	pd->level_hash = xcalloc(spec->ncolumns + 1, sizeof *pd->level_hash);
	same_query(pd, &sb, table, NULL);
	if (pd->npairs)
		add_query(pd, PUSH_SAME, 0, pd->npairs, NULL, 0, &sb);
	else
		strbuf_free(&sb);
	pd->g.min_sensitive = INFINITY;
	return pd;
}

size_t pushdown_count(const struct pushdown *pd)
{
	return pd->n;
}

const struct pushdown_query *pushdown_query(const struct pushdown *pd, size_t i)
{
	return &pd->q[i];
}

/* A count from a result: an integer, or a missing SUM (no rows) as 0. */
static double count_of(const struct typed_value *v)
{
	if (v->type == COL_INTEGER || v->type == COL_BOOLEAN)
		return (double)v->i;
	if (v->type == COL_REAL)
		return v->d;
	return 0;
}

uint64_t pushdown_value_hash(const struct typed_value *v)
{
	uint64_t k;
	switch (v->type) {
	case COL_UNKNOWN:
		return 0x6e756c6cull;
	case COL_INTEGER:
	case COL_BOOLEAN:
		return hash_mix((uint64_t)v->i ^ 0x696e74ull);
	case COL_REAL: {
		double d = v->d == 0 ? 0 : isnan(v->d) ? NAN : v->d;
		memcpy(&k, &d, sizeof k);
		return hash_mix(k ^ 0x7265616cull);
	}
	default:
		return hash_bytes(v->s, v->len, 0x74657874ull);
	}
}

/*
 * The same query keeps only the pairs of columns that can be copies: two
 * columns equal in every row hold each value equally often, so their
 * level hashes (sums over the cells query's results) are equal. Most
 * pairs differ there, and each pair costs the engine a comparison per row.
 * False when no pair is left, and the query need not run.
 */
static int narrow_same(struct pushdown *pd, struct pushdown_query *q)
{
	struct strbuf sb = {0};
	same_query(pd, &sb, pd->table, pd->level_hash);
	free(q->sql);
	q->sql = sb.buf;
	q->ncols = pd->npairs;
	for (size_t k = 0; k < q->ncols; k++)
		q->source[k] = PUSHDOWN_COUNT;
	return pd->npairs > 0;
}

/* One result row of query i. */
static int feed(struct pushdown *pd, struct counter *c, size_t i, const struct typed_value *row,
		struct audit_err *err)
{
	const struct pushdown_query *q = &pd->q[i];
	double w = count_of(&row[q->ncols - 1]);
	switch (q->kind) {
	case PUSH_JOINT: {
		const size_t *joint;
		size_t njoint = count_joint_columns(c, &joint);
		for (size_t k = 0; k < njoint; k++)
			pd->cells[joint[k]] = row[k];
		pd->g.rows += w;
		return count_joint_group(c, pd->cells, w, err);
	}
	case PUSH_CELLS:
		pd->level_hash[q->column] += pushdown_value_hash(&row[0]) * (uint64_t)w;
		return count_cell_group(c, q->column, &row[0], &row[1], w, err);
	case PUSH_DUPLICATES:
		pd->g.distinct_rows = count_of(&row[1]);
		pd->g.conflicting_rows = count_of(&row[2]);
		pd->g.conflicting_sets = count_of(&row[3]);
		return AUDIT_OK;
	case PUSH_CLASSES:
		pd->sizes = xrealloc(pd->sizes, (pd->nsizes + 1) * sizeof *pd->sizes);
		pd->counts = xrealloc(pd->counts, (pd->nsizes + 1) * sizeof *pd->counts);
		pd->sizes[pd->nsizes] = count_of(&row[0]);
		pd->counts[pd->nsizes++] = count_of(&row[1]);
		pd->g.min_sensitive = fmin(pd->g.min_sensitive, count_of(&row[2]));
		return AUDIT_OK;
	case PUSH_SAME:
		/* Each column is a copy of the first earlier column it never differs from. */
		for (size_t k = pd->npairs; k-- > 0;)
			if (count_of(&row[k]) == 0)
				pd->same_as[pd->pair_b[k]] = pd->pair_a[k] + 1;
		return AUDIT_OK;
	}
	return AUDIT_OK;
}

static int by_size(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* After every query: the dataset-level figures go to the counter (count_grouped); count_end follows. */
static void finish(struct pushdown *pd, struct counter *c)
{
	/* The histogram ascending by size, as the classes' sort gives it. */
	double *pairs = xcalloc(2 * pd->nsizes + 1, sizeof *pairs);
	for (size_t i = 0; i < pd->nsizes; i++) {
		pairs[2 * i] = pd->sizes[i];
		pairs[2 * i + 1] = pd->counts[i];
	}
	qsort(pairs, pd->nsizes, 2 * sizeof *pairs, by_size);
	for (size_t i = 0; i < pd->nsizes; i++) {
		pd->sizes[i] = pairs[2 * i];
		pd->counts[i] = pairs[2 * i + 1];
	}
	free(pairs);
	pd->g.class_size = pd->sizes;
	pd->g.class_count = pd->counts;
	pd->g.nsizes = pd->nsizes;
	if (!pd->nsizes)
		pd->g.min_sensitive = NAN;
	pd->g.same_as = pd->same_as;
	count_grouped(c, &pd->g);
}

void pushdown_free(struct pushdown *pd)
{
	if (!pd)
		return;
	for (size_t i = 0; i < pd->n; i++) {
		free(pd->q[i].sql);
		free(pd->q[i].name);
		free(pd->q[i].source);
	}
	free(pd->q);
	free(pd->alias_n);
	free(pd->alias_d);
	free(pd->tuple_cols);
	free(pd->cells);
	free(pd->table);
	free(pd->level_hash);
	free(pd->pair_a);
	free(pd->pair_b);
	free(pd->sizes);
	free(pd->counts);
	free(pd->same_as);
	free(pd);
}

/*
 * Results that cannot be right, such as counts of another table or of one
 * that changed between the queries, or an empty file for --counts: an
 * aggregate without GROUP BY gives one row, and every grouped count adds up
 * to the table's rows.
 */
static int check_result(const struct pushdown_query *q, size_t nrows, double total, const struct count_spec *spec,
			struct audit_err *err)
{
	if ((q->kind == PUSH_DUPLICATES || q->kind == PUSH_SAME) && nrows != 1)
		return audit_fail(err, AUDIT_EINPUT, "the %s query returned %zu rows; it always returns one", q->name,
				  nrows);
	if ((q->kind == PUSH_JOINT || q->kind == PUSH_CELLS) && total != (double)spec->rows)
		return audit_fail(err, AUDIT_EINPUT, "the counts of the %s query add up to %.0f rows where the table "
				  "has %zu (did the table change between the queries?)", q->name, total, spec->rows);
	return AUDIT_OK;
}

int pushdown_run(const struct pushdown_runner *r, const struct count_spec *spec, const char *table,
		 struct store *st, long long id, struct count_tables *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	struct counter *c = count_begin(spec);
	struct pushdown *pd = pushdown_new(c, spec, table, r->quote ? r->quote : '"');
	int e = AUDIT_OK;
	struct typed_value *row = NULL;
	/* The rows the engine sends back, and the share of its queries done. */
	struct progress pg;
	progress_start(&pg, spec->progress, "counting in the engine", pd->n);
	pg.unit = "result rows";
	uint64_t received = 0;
	for (size_t i = 0; !e && i < pd->n; i++) {
		if (pd->q[i].kind == PUSH_SAME && !r->fixed && !narrow_same(pd, &pd->q[i]))
			continue;
		void *pass;
		if ((e = r->open(r->ctx, &pd->q[i], &pass, err)) != AUDIT_OK)
			break;
		size_t ncols = pd->q[i].ncols, nrows = 0;
		double total = 0;
		row = xrealloc(row, (ncols + 1) * sizeof *row);
		int got;
		while (!e && (got = r->next(pass, row, err)) > 0) {
			nrows++;
			total += count_of(&row[ncols - 1]);
			progress_update(&pg, ++received, i);
			e = feed(pd, c, i, row, err);
		}
		if (!e && got < 0)
			e = -got;
		r->close(pass);
		if (!e)
			e = check_result(&pd->q[i], nrows, total, spec, err);
	}
	progress_end(&pg);
	free(row);
	if (!e)
		finish(pd, c);
	pushdown_free(pd);
	if (e) {
		count_abort(c);
		return e;
	}
	return count_end(c, st, id, out, err);
}

/* The store's rows tables as a runner: SQLite types the results as store_cursor_next does. */
static int cursor_open(void *ctx, const struct pushdown_query *q, void **pass, struct audit_err *err)
{
	return store_cursor_query(ctx, q->sql, q->ncols, (struct store_cursor **)pass, err);
}

static int cursor_next(void *pass, struct typed_value *row, struct audit_err *err)
{
	return store_cursor_next(pass, row, err);
}

static void cursor_close(void *pass)
{
	store_cursor_close(pass);
}

int pushdown_count_store(struct store *st, long long id, const struct count_spec *spec, struct count_tables *out,
			 struct audit_err *err)
{
	struct pushdown_runner r = {.ctx = st, .open = cursor_open, .next = cursor_next, .close = cursor_close};
	char *table = store_rows_table(id);
	int e = pushdown_run(&r, spec, table, st, id, out, err);
	free(table);
	return e;
}
