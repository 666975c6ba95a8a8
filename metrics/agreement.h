/*
 * agreement.h — inter-annotator agreement over weighted unit patterns:
 * percent agreement, Cohen's kappa, Fleiss' kappa and Krippendorff's alpha
 * (nominal), the rows each rests on, and a percentile bootstrap interval.
 *
 * Pure math over GSL: no files, no printing. A data set arrives already
 * collapsed into its distinct patterns of annotator codes, each with the
 * number of rows that have it, so every function loops over patterns and
 * never over rows. The definitions and conventions are numbered below;
 * agreement.c cites them by number.
 *
 * 0. Conventions shared by every function
 *    0a. Valid input: nraters >= 2, ncats >= 1, every code in -1 .. ncats-1
 *        (-1 is a missing code), every weight a finite whole number >= 0.
 *        Invalid input makes agreement_value and agreement_units_used NAN
 *        and agreement_bootstrap_ci -1.
 *    0b. A pattern of weight w counts as w identical units (rows); a pattern
 *        of weight 0 contributes nothing. A "present" code is one >= 0; m_u is
 *        the number of present codes of unit u, and n_uc the number of its
 *        codes equal to category c.
 *    0c. Each statistic is evaluated as one fraction of sums of weights, so
 *        with whole weights (and sums below 2^53) a denominator that is 0 in
 *        exact arithmetic is exactly 0 here, and the result is NAN, never a
 *        made-up 0 or 1.
 *
 * 1. Percent agreement: over units with m_u >= 2, the mean, weighted by
 *    rows, of the share of agreeing pairs among the unit's present pairs,
 *        sum_c n_uc (n_uc - 1) / (m_u (m_u - 1)).
 *    For two raters this is the share of units where they agree; with all
 *    raters present it is Fleiss' P_bar (3). NAN when no unit has m_u >= 2.
 *
 * 2. Cohen's kappa (Cohen 1960), only when nraters == 2 (else NAN), over the
 *    N units where both codes are present:
 *        kappa = (po - pe) / (1 - pe),  po = sum_c x_cc / N,
 *        pe = sum_c r_c k_c / N^2,
 *    x the 2-way table of (rater 0, rater 1) codes, r_c and k_c its row and
 *    column totals. Computed as (N sum_c x_cc - S) / (N^2 - S), S = sum r_c k_c
 *    (0c). NAN when pe == 1 (both raters use one same category), or N == 0.
 *
 * 3. Fleiss' kappa (Fleiss 1971), over the N units with all n = nraters
 *    codes present; units with a missing code are dropped:
 *        P_i = sum_c n_ic (n_ic - 1) / (n (n - 1)),  P_bar = mean of P_i,
 *        p_c = sum_i n_ic / (N n),  P_e = sum_c p_c^2,
 *        kappa = (P_bar - P_e) / (1 - P_e).
 *    Computed as (Q N n - (n - 1) S) / ((n - 1) ((N n)^2 - S)), with
 *    Q = sum_i sum_c n_ic (n_ic - 1) and S = sum_c (sum_i n_ic)^2 (0c).
 *    NAN when P_e == 1 (one category only) or N == 0.
 *
 * 4. Krippendorff's alpha, nominal metric, missing codes allowed
 *    (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
 *    Units with m_u < 2 are not pairable and are dropped. Coincidences
 *        o_ck = sum_u (number of ordered c-k pairs of values in u) / (m_u - 1),
 *    n_c = sum_k o_ck = pairable values of category c, n = sum_c n_c, and
 *        alpha = 1 - D_o / D_e
 *              = ((n - 1) sum_c o_cc - sum_c n_c (n_c - 1))
 *                / (n (n - 1) - sum_c n_c (n_c - 1)).
 *    NAN when that denominator is 0: a single category among the pairable
 *    values, or none.
 *
 * 5. agreement_units_used: the rows (sum of weights) of the units the
 *    statistic uses: percent (1) and alpha (4) units with m_u >= 2; Cohen (2)
 *    units with both codes present, and 0 when nraters != 2; Fleiss (3) units
 *    with all raters present. NAN only for invalid input (0a).
 *
 * 6. agreement_bootstrap_ci: percentile bootstrap over rows.
 *    6a. Each replicate draws T = total weight rows (all patterns, including
 *        those the statistic drops) from the patterns with probabilities
 *        weight / T: gsl_ran_multinomial with gsl_rng_mt19937 seeded with
 *        `seed` (gsl_rng_set: seed 0 means GSL's default seed 4357). A T
 *        above UINT_MAX is drawn as several multinomials summed.
 *    6b. A replicate whose statistic is NAN (e.g. no usable unit drawn) is
 *        left out; when fewer than half of the replicates are finite the
 *        interval is undefined.
 *    6c. lo and hi are R's type-7 quantiles (1 - level) / 2 and
 *        (1 + level) / 2 of the sorted finite replicate values
 *        (gsl_stats_quantile_from_sorted_data).
 *    6d. Returns 0, or -1 with lo = hi = NAN when the input is invalid (0a),
 *        the statistic is undefined on the data, replicates == 0, level is
 *        outside (0, 1), or by 6b.
 *    6e. Deterministic: the same input, seed and replicates give the same
 *        interval, bit for bit.
 */
#ifndef DSAUDIT_AGREEMENT_H
#define DSAUDIT_AGREEMENT_H

#include <stddef.h>

/* A set of coded units: each distinct pattern of annotator codes, with how many rows have it. */
struct agreement_units {
	size_t nraters;       /* annotator columns, >= 2 */
	size_t ncats;         /* categories are 0 .. ncats-1 */
	size_t npatterns;
	const int *codes;     /* codes[p * nraters + r]: category of rater r in pattern p, or -1 when missing */
	const double *weight; /* weight[p]: rows with pattern p (whole numbers >= 0; 0 allowed) */
};

/* 1-4: the statistics. */
enum agreement_kind { AGREE_PERCENT, AGREE_COHEN, AGREE_FLEISS, AGREE_ALPHA };

/* The statistic, or NAN when undefined (see conventions). */
double agreement_value(enum agreement_kind kind, const struct agreement_units *u);

/* Units (rows) the statistic rests on: rows whose pattern the statistic uses (see conventions). */
double agreement_units_used(enum agreement_kind kind, const struct agreement_units *u);

/*
 * Percentile bootstrap interval at `level` (e.g. 0.95): `replicates` resamples of the rows
 * (a multinomial draw of total-weight rows over the patterns, probabilities weight/total,
 * gsl_ran_multinomial with gsl_rng_mt19937 seeded with `seed`), the statistic of each, and
 * R's type-7 quantiles (gsl_stats_quantile_from_sorted_data) at (1-level)/2 and (1+level)/2 of the
 * finite replicate values. Returns 0, or -1 (lo = hi = NAN) when the statistic is undefined on the data
 * or fewer than half the replicates are finite. Deterministic: same input and seed, same output.
 */
int agreement_bootstrap_ci(enum agreement_kind kind, const struct agreement_units *u, size_t replicates,
			   unsigned long seed, double level, double *lo, double *hi);

#endif
