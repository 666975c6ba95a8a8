/*
 * ordered.c — the one-pass order statistics declared in ordered.h: group
 * medians, group-vs-rest Kolmogorov-Smirnov D and the column's quartiles,
 * from the distinct values in ascending order. Numbers in comments refer
 * to the rules in ordered.h. The arithmetic is written as distribution.c
 * writes it (hist_quantile's interpolation, ks_two_sample's quotient), so
 * that the bits agree (rule 1).
 */
#include "ordered.h"

#include <math.h>
#include <stdlib.h>

#include "util.h"

/* A type-7 quantile being waited for (rule 2): R's index, its floor, and the two order statistics. */
struct rank {
	double index, lo;
	double at_lo, at_next;  /* the lo-th and (lo+1)-th smallest values (1-based), NAN until passed */
};

/* One group of one table. */
struct group_state {
	double n, rest;         /* its values and the rest of the table's, from unit_n */
	double a;               /* its values passed so far */
	double dmax;            /* rule 3: the largest |A/na - B/nb| so far */
	struct rank median;
};

struct ordered {
	size_t nunits, ntables;
	uint32_t *group_of;     /* group_of[t * nunits + u] */
	size_t *first;          /* first[t]: table t's first group in groups[] */
	size_t *ngroups;
	struct group_state *groups;     /* every table's groups, table after table */
	size_t nstates;
	double total;           /* every value, from unit_n */
	double passed;          /* values passed so far (C) */
	double last;            /* the previous distinct value */
	int started, bad;       /* bad: rule 5 */
	struct rank quartile[3];
};

static const double QUARTILE_P[3] = {0.25, 0.5, 0.75};

/* Rule 2, with hist_quantile's index arithmetic in the same order, so the bits agree. */
static struct rank rank_for(double total, double p)
{
	struct rank r;
	r.index = 1 + fmax(total - 1, 0) * p;
	r.lo = floor(r.index);
	r.at_lo = r.at_next = NAN;
	return r;
}

/* Rule 2: the values before .. after (exclusive, inclusive; 1-based) are x. */
static void rank_pass(struct rank *r, double before, double after, double x)
{
	if (before < r->lo && r->lo <= after)
		r->at_lo = x;
	if (r->index > r->lo && before < r->lo + 1 && r->lo + 1 <= after)
		r->at_next = x;
}

/* hist_quantile's interpolation (distribution.h 3). */
static double rank_value(const struct rank *r)
{
	double q = r->at_lo;
	if (r->index > r->lo && r->at_next != q) {
		double g = r->index - r->lo;
		q = (1 - g) * q + g * r->at_next;
	}
	return q;
}

struct ordered *ordered_new(const struct ordered_spec *spec)
{
	size_t nu = spec->nunits, nt = spec->ntables, ng = 0;
	for (size_t u = 0; u < nu; u++)
		if (!isfinite(spec->unit_n[u]) || spec->unit_n[u] < 0)
			return NULL;
	for (size_t t = 0; t < nt; t++) {
		if (spec->ngroups[t] > UINT32_MAX)
			return NULL;
		for (size_t u = 0; u < nu; u++)
			if (spec->group_of[t][u] >= spec->ngroups[t])
				return NULL;
		ng += spec->ngroups[t];
	}
	struct ordered *o = xcalloc(1, sizeof *o);
	o->nunits = nu;
	o->ntables = nt;
	o->group_of = xcalloc(nu * nt + 1, sizeof *o->group_of);
	o->first = xcalloc(nt + 1, sizeof *o->first);
	o->ngroups = xcalloc(nt + 1, sizeof *o->ngroups);
	o->groups = xcalloc(ng + 1, sizeof *o->groups);
	o->nstates = ng;
	for (size_t u = 0; u < nu; u++)
		o->total += spec->unit_n[u];
	for (size_t t = 0, at = 0; t < nt; t++) {
		o->first[t] = at;
		o->ngroups[t] = spec->ngroups[t];
		struct group_state *gs = o->groups + at;
		for (size_t u = 0; u < nu; u++) {
			o->group_of[t * nu + u] = (uint32_t)spec->group_of[t][u];
			gs[spec->group_of[t][u]].n += spec->unit_n[u];
		}
		for (size_t g = 0; g < spec->ngroups[t]; g++) {
			gs[g].rest = o->total - gs[g].n;
			gs[g].median = rank_for(gs[g].n, 0.5);
		}
		at += spec->ngroups[t];
	}
	for (int q = 0; q < 3; q++)
		o->quartile[q] = rank_for(o->total, QUARTILE_P[q]);
	return o;
}

/* Rule 3: one point of the ECDF difference, A of the group's and C of all values passed; ks_two_sample's quotient. */
static void ks_at(struct group_state *s, double a, double c)
{
	if (!(s->n > 0) || !(s->rest > 0))
		return; /* rule 4 */
	double diff = fabs(a / s->n - (c - a) / s->rest);
	if (diff > s->dmax)
		s->dmax = diff;
}

void ordered_value(struct ordered *o, double x, const uint32_t *unit, const double *count, size_t m)
{
	if (o->bad)
		return;
	if (!isfinite(x) || (o->started && !(x > o->last))) {
		o->bad = 1; /* rule 5 */
		return;
	}
	double here = 0;
	for (size_t k = 0; k < m; k++) {
		if (unit[k] >= o->nunits || !isfinite(count[k]) || count[k] < 0) {
			o->bad = 1; /* rule 5 */
			return;
		}
		here += count[k];
	}
	o->started = 1;
	o->last = x;
	double before = o->passed, after = before + here;
	for (int q = 0; q < 3; q++)
		rank_pass(&o->quartile[q], before, after, x);

	/* Rule 3: only the groups holding x are visited. Three loops, so a group
	 * that several of the m units fall in is compared before any of its
	 * counts at x are added, and again only once all of x is passed. */
	for (size_t t = 0; t < o->ntables; t++) {
		struct group_state *gs = o->groups + o->first[t];
		const uint32_t *gof = o->group_of + t * o->nunits;
		for (size_t k = 0; k < m; k++) {
			struct group_state *s = &gs[gof[unit[k]]];
			ks_at(s, s->a, before); /* the end of the stretch since its previous value */
		}
		for (size_t k = 0; k < m; k++) {
			struct group_state *s = &gs[gof[unit[k]]];
			rank_pass(&s->median, s->a, s->a + count[k], x);
			s->a += count[k];
		}
		for (size_t k = 0; k < m; k++) {
			struct group_state *s = &gs[gof[unit[k]]];
			ks_at(s, s->a, after); /* the start of the next stretch */
		}
	}
	o->passed = after;
}

void ordered_finish(struct ordered *o, struct group_order *const *out, double *q1, double *median, double *q3)
{
	/* Rule 5: the pass must account for every value the tallies counted. */
	int bad = o->bad || o->passed != o->total;
	for (size_t i = 0; i < o->nstates; i++)
		if (o->groups[i].a != o->groups[i].n)
			bad = 1;
	for (size_t t = 0; t < o->ntables; t++) {
		if (!out || !out[t])
			continue;
		for (size_t g = 0; g < o->ngroups[t]; g++) {
			const struct group_state *s = &o->groups[o->first[t] + g];
			struct group_order *r = &out[t][g];
			r->n = s->n;
			r->median = !bad && s->n > 0 ? rank_value(&s->median) : NAN;   /* rule 4 */
			r->ks_d = !bad && s->n > 0 && s->rest > 0 ? s->dmax : NAN;      /* rule 4 */
		}
	}
	double *q[3] = {q1, median, q3};
	for (int k = 0; k < 3; k++)
		if (q[k])
			*q[k] = !bad && o->total > 0 ? rank_value(&o->quartile[k]) : NAN;   /* rule 4 */
}

void ordered_free(struct ordered *o)
{
	if (!o)
		return;
	free(o->group_of);
	free(o->first);
	free(o->ngroups);
	free(o->groups);
	free(o);
}
