/*
 * typecheck.c — the type refusals and quartile bins of an audit (rules T1-T4
 * in typecheck.h). Apart from audit.c because each rule needs a little
 * arithmetic (quantiles as numpy computes them) and a message that names a
 * way out; the counting step only counts, and the metrics never refuse.
 */
#include "typecheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double typecheck_quantile(const double *sorted, size_t n, double p)
{
	/* numpy: virtual index (n - 1) * p, then _lerp(a, b, t), which computes
	 * b - (b - a) * (1 - t) instead of a + (b - a) * t when t >= 0.5. */
	double h = (double)(n - 1) * p;
	double lo = floor(h);
	size_t k = (size_t)lo;
	if (k + 1 >= n)
		return sorted[n - 1];
	double t = h - lo, a = sorted[k], b = sorted[k + 1], diff = b - a;
	return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

double typecheck_median(const double *sorted, size_t n)
{
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* The non-missing numbers of column, sorted; *n is 0 when it has none. Caller frees *out. */
static int column_numbers(struct store *st, long long id, const char *column, double **out, size_t *n,
			  struct audit_err *err)
{
	struct store_cursor *c;
	*out = NULL;
	*n = 0;
	int e = store_cursor_open(st, id, &column, 1, &c, err);
	if (e)
		return e;
	size_t cap = 0;
	struct typed_value cell;
	int r;
	while ((r = store_cursor_next(c, &cell, err)) == 1) {
		double x;
		if (cell.type == COL_INTEGER || cell.type == COL_BOOLEAN)
			x = (double)cell.i;
		else if (cell.type == COL_REAL && isfinite(cell.d))
			x = cell.d;
		else
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		(*out)[(*n)++] = x;
	}
	store_cursor_close(c);
	if (r < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -r;
	}
	if (*n)
		qsort(*out, *n, sizeof **out, by_value);
	return AUDIT_OK;
}

/* T4: the quartiles of sorted[0..n), repeats dropped, into edges (3 at most); returns how many. */
static size_t quartile_edges(const double *sorted, size_t n, double edges[3])
{
	size_t k = 0;
	for (int q = 1; q <= 3; q++) {
		double x = typecheck_quantile(sorted, n, q / 4.0);
		if (k == 0 || x > edges[k - 1])
			edges[k++] = x;
	}
	return k;
}

/* "28,37,48" */
static void put_edges(struct strbuf *sb, const double *edges, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char buf[32];
		strbuf_printf(sb, "%s%s", i ? "," : "", format_shortest(edges[i], buf));
	}
}

static const struct column_counts *column_named(const struct count_tables *ct, const char *name)
{
	for (size_t i = 0; i < ct->ncolumns; i++)
		if (strcmp(ct->columns[i].name, name) == 0)
			return &ct->columns[i];
	return NULL;
}

int typecheck_bins(struct store *st, long long id, const struct audit_config *cfg, struct bin_edges **out,
		   struct audit_err *err)
{
	*out = xcalloc(cfg->nbins + 1, sizeof **out);
	for (size_t i = 0; i < cfg->nbins; i++) {
		const struct bin_edges *b = &cfg->bins[i];
		struct bin_edges *o = &(*out)[i];
		o->column = xstrdup(b->column);
		o->quartiles = b->quartiles;
		if (!b->quartiles) {
			o->n = b->n;
			o->edges = xcalloc(b->n, sizeof *o->edges);
			memcpy(o->edges, b->edges, b->n * sizeof *o->edges);
			continue;
		}
		double *vals = NULL;
		size_t n = 0;
		int e = AUDIT_OK, rows = store_rows_readable(st, id, err);
		if (rows < 0)
			e = -rows;
		else if (rows == 0) /* a --no-rows version keeps counts, not the values quartiles need */
			e = audit_fail(err, AUDIT_EUSAGE,
				       "--bins %s=quartiles: dataset id %lld was audited with --no-rows, so its quartiles "
				       "cannot be computed; give the edges it was counted with (--bins %s=E1,E2,...)",
				       b->column, id, b->column);
		else
			e = column_numbers(st, id, b->column, &vals, &n, err);
		if (!e && n == 0)
			e = audit_fail(err, AUDIT_EUSAGE, "--bins %s=quartiles: the column holds no number", b->column);
		if (e) {
			free(vals);
			typecheck_bins_free(*out, cfg->nbins);
			*out = NULL;
			return e;
		}
		o->edges = xcalloc(3, sizeof *o->edges);
		o->n = quartile_edges(vals, n, o->edges);
		free(vals);
	}
	return AUDIT_OK;
}

void typecheck_bins_free(struct bin_edges *bins, size_t n)
{
	for (size_t i = 0; bins && i < n; i++) {
		free(bins[i].column);
		free(bins[i].edges);
	}
	free(bins);
}

static int has_bins(const struct audit_config *cfg, const char *column)
{
	for (size_t i = 0; i < cfg->nbins; i++)
		if (strcmp(cfg->bins[i].column, column) == 0)
			return 1;
	return 0;
}

/* T1. */
static int check_protected(struct store *st, long long id, const char *column, const struct column_counts *cc,
			   struct audit_err *err)
{
	double *vals;
	size_t n;
	int e = column_numbers(st, id, column, &vals, &n, err);
	if (e)
		return e;
	double edges[3];
	size_t k = n ? quartile_edges(vals, n, edges) : 0;
	free(vals);
	struct strbuf sb = {0};
	put_edges(&sb, edges, k);
	e = audit_fail(err, AUDIT_EUSAGE,
		       "--protected %s: %.0f distinct numbers would make %.0f groups; group them, e.g. --bins %s=%s "
		       "(its quartiles) or --bins %s=quartiles",
		       column, cc->distinct, cc->distinct, column, sb.buf ? sb.buf : "", column);
	strbuf_free(&sb);
	return e;
}

/* T2. */
static int check_label(struct store *st, long long id, const struct audit_config *cfg, const struct count_tables *ct,
		       const struct column_counts *cc, struct audit_err *err)
{
	if (ct->nclasses == 2)
		return audit_fail(err, AUDIT_EUSAGE,
				  "--label %s: its two values, %s and %s, are not a 0/1, true/false or yes/no coding; "
				  "say which is the positive outcome with --positive (e.g. --positive '%s')",
				  cfg->label, ct->classes[0], ct->classes[1], ct->classes[1]);
	if (!cc->numeric || ct->nclasses < 2)
		return AUDIT_OK; /* a text label: each class against the rest */
	double *vals;
	size_t n;
	int e = column_numbers(st, id, cfg->label, &vals, &n, err);
	if (e)
		return e;
	/* Ten significant digits: a suggestion to type, so 69.502 rather than
	 * the double halfway between 69.5 and 69.504, 69.50200000000001. */
	char median[32];
	snprintf(median, sizeof median, "%.10g", n ? typecheck_median(vals, n) : NAN);
	free(vals);
	return audit_fail(err, AUDIT_EUSAGE,
			  "--label %s: %.0f distinct numbers would make %.0f classes; say which are the positive "
			  "outcome, e.g. --positive '>=%s' (its median)",
			  cfg->label, cc->distinct, cc->distinct, median);
}

int typecheck_counted(struct store *st, long long id, const struct audit_config *cfg, const struct count_tables *ct,
		      struct audit_err *err)
{
	for (size_t i = 0; i < cfg->nbins; i++) { /* T3 */
		const struct column_counts *cc = column_named(ct, cfg->bins[i].column);
		if (cc && !cc->numeric)
			return audit_fail(err, AUDIT_EUSAGE, "--bins %s: a text column has no numbers to bin; "
					  "leave out --bins to take its values as groups", cfg->bins[i].column);
	}
	for (size_t i = 0; i < cfg->nprotected; i++) {
		const struct column_counts *cc = column_named(ct, cfg->protected[i]);
		if (cc && cc->numeric && cc->distinct > TYPECHECK_MAX_GROUPS && !has_bins(cfg, cfg->protected[i]))
			return check_protected(st, id, cfg->protected[i], cc, err);
	}
	if (cfg->label && !cfg->positive.text && ct->has_label && !ct->binary) {
		const struct column_counts *cc = column_named(ct, cfg->label);
		if (cc)
			return check_label(st, id, cfg, ct, cc, err);
	}
	return AUDIT_OK;
}
