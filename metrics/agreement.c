/*
 * agreement.c — the agreement statistics declared in agreement.h: percent
 * agreement, Cohen's and Fleiss' kappa, Krippendorff's nominal alpha, the
 * rows each uses, and their percentile bootstrap interval. Numbers in
 * comments ("4") refer to the conventions in agreement.h.
 *
 * Each pattern's present-code count and agreeing pairs are tabulated once
 * (struct agree_work); a statistic is then one pass over the patterns with
 * a set of weights, so the bootstrap recomputes it per replicate without
 * allocating and without ever looking at rows.
 */
#include "agreement.h"

#include "util.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

/* What every statistic needs per pattern, tabulated once from the codes. */
struct agree_work {
	const struct agreement_units *u;
	double *present; /* m_u: present codes of pattern p (0b) */
	double *agree;   /* sum_c n_uc (n_uc - 1): ordered agreeing pairs of pattern p */
	double *acc;     /* 2 * ncats accumulators for the marginals */
	double *block;   /* the one allocation behind the three arrays */
};

/* 0a: a weight is a finite whole number >= 0. */
static int valid_weight(double w)
{
	return isfinite(w) && w >= 0 && w == floor(w);
}

/* 0a: the shape, every code and every weight. */
static int valid_units(const struct agreement_units *u)
{
	if (!u || u->nraters < 2 || u->ncats < 1 || u->ncats > INT_MAX)
		return 0;
	if (u->npatterns > 0 && (!u->codes || !u->weight))
		return 0;
	for (size_t p = 0; p < u->npatterns; p++) {
		if (!valid_weight(u->weight[p]))
			return 0;
		const int *c = u->codes + p * u->nraters;
		for (size_t r = 0; r < u->nraters; r++)
			if (c[r] < -1 || c[r] >= (int)u->ncats)
				return 0;
	}
	return 1;
}

/* Tabulates m_u and the agreeing pairs of every pattern (0b); u must be valid. */
static void work_init(struct agree_work *w, const struct agreement_units *u)
{
	size_t np = u->npatterns, nr = u->nraters;

	w->u = u;
	w->block = xcalloc(2 * np + 2 * u->ncats, sizeof(double));
	w->present = w->block;
	w->agree = w->present + np;
	w->acc = w->agree + np;

	/* n_uc counted in acc, then read and cleared in a second pass over the raters. */
	for (size_t p = 0; p < np; p++) {
		const int *c = u->codes + p * nr;
		double m = 0, pairs = 0;

		for (size_t r = 0; r < nr; r++)
			if (c[r] >= 0) {
				w->acc[c[r]]++;
				m++;
			}
		for (size_t r = 0; r < nr; r++)
			if (c[r] >= 0 && w->acc[c[r]] > 0) {
				double n = w->acc[c[r]];
				pairs += n * (n - 1);
				w->acc[c[r]] = 0;
			}
		w->present[p] = m;
		w->agree[p] = pairs;
	}
}

static void work_free(struct agree_work *w)
{
	free(w->block);
	w->block = NULL;
}

/* 1. Percent agreement: row-weighted mean of each pairable unit's share of agreeing pairs. */
static double percent_stat(const struct agree_work *w, const double *weight)
{
	double num = 0, den = 0;

	for (size_t p = 0; p < w->u->npatterns; p++) {
		double m = w->present[p];
		if (weight[p] == 0 || m < 2)
			continue;
		num += weight[p] * w->agree[p] / (m * (m - 1));
		den += weight[p];
	}
	return den > 0 ? num / den : NAN;
}

/* 2. Cohen's kappa = (N sum x_cc - S) / (N^2 - S) over units with both codes. */
static double cohen_stat(const struct agree_work *w, const double *weight)
{
	const struct agreement_units *u = w->u;
	size_t nc = u->ncats;
	double *row = w->acc, *col = w->acc + nc;
	double n = 0, diag = 0, s = 0;

	if (u->nraters != 2)
		return NAN;
	memset(w->acc, 0, 2 * nc * sizeof(double));
	for (size_t p = 0; p < u->npatterns; p++) {
		int a = u->codes[2 * p], b = u->codes[2 * p + 1];
		if (weight[p] == 0 || a < 0 || b < 0)
			continue;
		n += weight[p];
		if (a == b)
			diag += weight[p];
		row[a] += weight[p];
		col[b] += weight[p];
	}
	for (size_t c = 0; c < nc; c++)
		s += row[c] * col[c];
	/* 0c: N^2 - S is exactly 0 when pe == 1 or N == 0. */
	double den = n * n - s;
	return den == 0 ? NAN : (n * diag - s) / den;
}

/* 3. Fleiss' kappa = (Q N n - (n-1) S) / ((n-1) ((N n)^2 - S)) over complete units. */
static double fleiss_stat(const struct agree_work *w, const double *weight)
{
	const struct agreement_units *u = w->u;
	size_t nr = u->nraters, nc = u->ncats;
	double n = (double)nr, units = 0, q = 0, s = 0;

	memset(w->acc, 0, nc * sizeof(double));
	for (size_t p = 0; p < u->npatterns; p++) {
		if (weight[p] == 0 || w->present[p] != n)
			continue;
		const int *c = u->codes + p * nr;
		units += weight[p];
		q += weight[p] * w->agree[p];
		for (size_t r = 0; r < nr; r++)
			w->acc[c[r]] += weight[p];
	}
	for (size_t c = 0; c < nc; c++)
		s += w->acc[c] * w->acc[c];
	double nn = units * n;
	/* 0c: (N n)^2 - S is exactly 0 when P_e == 1 or N == 0. */
	double den = (n - 1) * (nn * nn - s);
	return den == 0 ? NAN : (q * nn - (n - 1) * s) / den;
}

/* 4. Krippendorff's nominal alpha from the coincidences of the pairable units. */
static double alpha_stat(const struct agree_work *w, const double *weight)
{
	const struct agreement_units *u = w->u;
	size_t nr = u->nraters, nc = u->ncats;
	double odiag = 0, n = 0, d = 0;

	memset(w->acc, 0, nc * sizeof(double));
	for (size_t p = 0; p < u->npatterns; p++) {
		double m = w->present[p];
		if (weight[p] == 0 || m < 2)
			continue;
		const int *c = u->codes + p * nr;
		/* sum_c o_cc gains the unit's ordered agreeing pairs / (m_u - 1). */
		odiag += weight[p] * w->agree[p] / (m - 1);
		for (size_t r = 0; r < nr; r++)
			if (c[r] >= 0)
				w->acc[c[r]] += weight[p];
	}
	for (size_t c = 0; c < nc; c++) {
		n += w->acc[c];
		d += w->acc[c] * (w->acc[c] - 1);
	}
	/* 0c: n (n - 1) - sum n_c (n_c - 1) = n^2 - sum n_c^2, exactly 0 with one category. */
	double den = n * (n - 1) - d;
	return den == 0 ? NAN : ((n - 1) * odiag - d) / den;
}

static double work_stat(const struct agree_work *w, enum agreement_kind kind, const double *weight)
{
	switch (kind) {
	case AGREE_PERCENT:
		return percent_stat(w, weight);
	case AGREE_COHEN:
		return cohen_stat(w, weight);
	case AGREE_FLEISS:
		return fleiss_stat(w, weight);
	case AGREE_ALPHA:
		return alpha_stat(w, weight);
	}
	return NAN;
}

static int valid_kind(enum agreement_kind kind)
{
	return kind == AGREE_PERCENT || kind == AGREE_COHEN || kind == AGREE_FLEISS ||
	       kind == AGREE_ALPHA;
}

double agreement_value(enum agreement_kind kind, const struct agreement_units *u)
{
	struct agree_work w;

	if (!valid_kind(kind) || !valid_units(u))
		return NAN;
	work_init(&w, u);
	double v = work_stat(&w, kind, u->weight);
	work_free(&w);
	return v;
}

double agreement_units_used(enum agreement_kind kind, const struct agreement_units *u)
{
	if (!valid_kind(kind) || !valid_units(u))
		return NAN;
	/* 5: Cohen is not defined beyond two raters, so it uses no rows. */
	if (kind == AGREE_COHEN && u->nraters != 2)
		return 0;

	double used = 0;
	for (size_t p = 0; p < u->npatterns; p++) {
		const int *c = u->codes + p * u->nraters;
		size_t m = 0;
		for (size_t r = 0; r < u->nraters; r++)
			m += c[r] >= 0;
		int uses = kind == AGREE_FLEISS ? m == u->nraters
			 : kind == AGREE_COHEN  ? m == 2
						: m >= 2;
		if (uses)
			used += u->weight[p];
	}
	return used;
}

int agreement_bootstrap_ci(enum agreement_kind kind, const struct agreement_units *u, size_t replicates,
			   unsigned long seed, double level, double *lo, double *hi)
{
	struct agree_work w;

	*lo = *hi = NAN;
	/* 6d: invalid input, no replicates or a level outside (0, 1). */
	if (!valid_kind(kind) || !valid_units(u) || replicates == 0 || !(level > 0 && level < 1))
		return -1;
	work_init(&w, u);
	if (isnan(work_stat(&w, kind, u->weight))) {
		work_free(&w);
		return -1;
	}

	/* 6a: draw over the patterns that have rows; the others stay at weight 0. */
	size_t np = u->npatterns, k = 0;
	size_t *idx = xmalloc(np * sizeof *idx);
	double *prob = xmalloc(np * sizeof *prob);
	double total = 0;
	for (size_t p = 0; p < np; p++)
		if (u->weight[p] > 0) {
			idx[k] = p;
			prob[k++] = u->weight[p];
			total += u->weight[p];
		}
	unsigned int *draw = xmalloc(k * sizeof *draw);
	double *rw = xcalloc(np, sizeof *rw);
	double *values = xmalloc(replicates * sizeof *values);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!rng)
		abort(); /* out of memory, as xmalloc */
	gsl_rng_set(rng, seed);

	size_t finite = 0;
	for (size_t b = 0; b < replicates; b++) {
		for (size_t j = 0; j < k; j++)
			rw[idx[j]] = 0;
		/* 6a: gsl_ran_multinomial takes an unsigned int N; a larger T is a sum of draws. */
		for (double left = total; left > 0;) {
			double chunk = left > UINT_MAX ? (double)UINT_MAX : left;
			gsl_ran_multinomial(rng, k, (unsigned int)chunk, prob, draw);
			for (size_t j = 0; j < k; j++)
				rw[idx[j]] += draw[j];
			left -= chunk;
		}
		double v = work_stat(&w, kind, rw);
		if (isfinite(v)) /* 6b */
			values[finite++] = v;
	}

	int rc = -1;
	if (finite > 0 && 2 * finite >= replicates) { /* 6b: at least half are finite */
		/* 6c: type-7 quantiles of the sorted finite values. */
		gsl_sort(values, 1, finite);
		*lo = gsl_stats_quantile_from_sorted_data(values, 1, finite, (1 - level) / 2);
		*hi = gsl_stats_quantile_from_sorted_data(values, 1, finite, (1 + level) / 2);
		rc = 0;
	}

	gsl_rng_free(rng);
	free(values);
	free(rw);
	free(draw);
	free(prob);
	free(idx);
	work_free(&w);
	return rc;
}
