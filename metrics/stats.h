/*
 * stats.h — the pure statistics behind the audit: confidence intervals for
 * proportions, their differences and ratios, chi-square and Fisher tests,
 * divergences between two distributions, conditional demographic disparity,
 * the Mantel–Haenszel common odds ratio, Holm's adjustment and Welch's t-test.
 *
 * Pure math over GSL: no SQLite, no files, no printing. Counts in, numbers out.
 * The definitions and conventions are numbered below; stats.c cites them by
 * number, and the man page quotes them.
 *
 * 0. Conventions shared by every function
 *    0a. Counts are `double`, not `int`: a table of several billion rows must
 *        not overflow, and products such as a*d stay exact up to 2^53.
 *        Counts must be finite and >= 0; only Fisher's test (7) also requires
 *        whole numbers.
 *    0b. Every function returns 0 on success and -1 when the quantity is
 *        undefined (n == 0, a zero denominator, df < 1) or the input is
 *        invalid (a negative or non-finite count, x > n, level outside
 *        (0, 1), k < 1). On -1 the undefined outputs are NAN, never a made-up
 *        0 or 1; the man page shows them as null.
 *    0c. `level` is a two-sided confidence level such as 0.95; the normal
 *        quantile used is z = gsl_cdf_ugaussian_Qinv((1 - level) / 2).
 *    0d. p-values are upper tails (gsl_cdf_chisq_Q, never 1 - P), computed
 *        only when df >= 1. A p-value below the smallest double is 0.
 *    0e. stats_init() turns GSL's abort-on-error handler off; main() calls it
 *        once before any other function here.
 *
 * 1. Wilson score interval for x successes in n trials, without continuity
 *    correction: R prop.test(x, n, correct = FALSE)$conf.int. The limits are
 *    clipped to [0, 1], and are exactly 0 when x == 0 and 1 when x == n.
 *    Undefined when n == 0.
 *
 * 2. Newcombe's hybrid score interval for p1 - p2 (Newcombe 1998, method 10,
 *    no continuity correction), from the Wilson limits (l_i, u_i) of (1):
 *        low  = d - sqrt((p1 - l1)^2 + (u2 - p2)^2)
 *        high = d + sqrt((u1 - p1)^2 + (p2 - l2)^2),   d = p1 - p2.
 *    Undefined when n1 or n2 is 0.
 *
 * 3. Katz log interval for the ratio p1 / p2:
 *        exp(log(p1 / p2) -+ z * sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2)).
 *    Undefined when x1 or x2 is 0 (the log of the ratio is then not finite).
 *    3a. Its test of ratio 1 (the Wald test on the log scale with the same
 *        standard error se): p = 2 Q(|log(p1 / p2)| / se), Q the standard
 *        normal upper tail. Undefined when the interval is; p = 1 when
 *        se == 0 and the ratio is 1.
 *
 * 4. Pearson chi-square test of independence of an r x c table (row-major),
 *    without continuity correction, statistic sum (O - E)^2 / E with
 *    E = row total * column total / n.
 *    4a. Rows and columns whose total is 0 are dropped first: they carry no
 *        information, and R's chisq.test would turn them into NaN. df and
 *        min_expected refer to the table that remains.
 *    4b. Undefined when n == 0 or the remaining table has df < 1 (a single
 *        non-empty row or column); df is then 0.
 *
 * 5. Pearson chi-square goodness of fit of k observed counts against
 *    probabilities, statistic sum (O - E)^2 / E with E = n * prob.
 *    5a. The probabilities are weights: they are rescaled to sum to 1 (R's
 *        chisq.test(x, p = w, rescale.p = TRUE)), because population shares
 *        in a config are often rounded (0.33, 0.33, 0.33) or percentages. A
 *        caller that wants to reject shares not summing to 1 checks first.
 *        Weights must be finite, >= 0, and not all 0.
 *    5b. A category with weight 0 and no observations is dropped (it neither
 *        contributes nor counts toward df = categories kept - 1).
 *    5c. A category with weight 0 but observations makes the statistic
 *        infinite: reported as undefined (-1), not as +Inf.
 *    5d. Undefined when n == 0 or df < 1 (k == 1).
 *
 * 6. Cramér's V = sqrt(chi2 / (n * (min(r, c) - 1))), where r and c are the
 *    dimensions of the table the chi-square was computed on, after dropping
 *    empty rows and columns (4a; stats_table_nonempty_dims gives them).
 *    Undefined when n == 0 or min(r, c) < 2. Rounding above 1 is clipped.
 *    6a. Bias-corrected V (Bergsma 2013, "A bias-correction for Cramér's V
 *        and Tschuprow's T", J. Korean Stat. Soc. 42:323-328): with
 *        phi2 = chi2 / n,
 *            phi2c = max(0, phi2 - (r - 1)(c - 1) / (n - 1)),
 *            rc = r - (r - 1)^2 / (n - 1),  cc = c - (c - 1)^2 / (n - 1),
 *            Vc = sqrt(phi2c / min(rc - 1, cc - 1)).
 *        Plain V grows with the table's size under independence (a column
 *        of dates against sex gives 0.3 from noise alone); Vc does not.
 *        Undefined as V, and when n < 2 or min(rc, cc) <= 1.
 *
 * 7. Fisher's exact test of the 2x2 table [[a, b], [c, d]], two-sided by R's
 *    rule: p = sum of P(table) over the tables with the same margins whose
 *    P <= P(observed) * (1 + 1e-7) (R fisher.test). P is the hypergeometric
 *    probability, computed in log space so counts in the millions neither
 *    overflow nor underflow.
 *    7a. Counts must be whole numbers (and their total at most 2^53).
 *    7b. Undefined when n == 0. A table with an empty row or column has only
 *        one table with its margins: p = 1, as in R.
 *
 * 8. Divergences between two distributions P and Q given as counts over the
 *    same k ordered categories (each normalised by its own total inside):
 *        KL(P||Q) = sum P log(P / Q)                  natural log, nats
 *        JS(P, Q) = KL(P||M) / 2 + KL(Q||M) / 2,      M = (P + Q) / 2; <= ln 2
 *        L2       = sqrt(sum (P - Q)^2)
 *        TVD      = sum |P - Q| / 2
 *        KS       = max over j of |sum_{i<=j} (P_i - Q_i)|  (the true
 *                   cumulative distance; Clarify's "KS" is max |P_i - Q_i|).
 *    8a. 0 * log 0 = 0, so categories where P is 0 add nothing to KL.
 *    8b. KL is undefined (-1) when Q is 0 where P > 0 (it is infinite).
 *    8c. Undefined when either total is 0 or k < 1. k == 1 gives 0 for all.
 *    8d. KL and JS are >= 0 mathematically; a rounding residue below 0 (or JS
 *        above ln 2) is clipped.
 *
 * 9. Conditional demographic disparity (SageMaker Clarify "CDDL"). For each
 *    stratum i, with neg_g and pos_g the group's negatives and positives and
 *    neg and pos all the stratum's negatives and positives:
 *        DD_i = neg_g / neg - pos_g / pos,    n_i = neg + pos,
 *        CDD  = sum n_i DD_i / sum n_i.
 *    9a. A stratum with no negatives (or no positives) keeps its weight n_i,
 *        and the share of the outcome it lacks counts as 0, as SageMaker
 *        Clarify's code does (smclarify's own unit test: rows (facet, label,
 *        stratum) (a,p,1), (b,q,1), (b,r,1), (c,p,0), (c,q,0), positive p
 *        and q, give CDD a = -0.3, b = 0.3, c = -0.4), so our figure is the
 *        one users compare with Clarify's report.
 *    9b. Undefined when there are no rows (sum n_i = 0); invalid if neg_g >
 *        neg or pos_g > pos.
 *
 * 10. Mantel–Haenszel common odds ratio over k 2x2 tables t[i] = {a, b, c, d}
 *     (a = group & positive, b = group & negative, c = rest & positive,
 *     d = rest & negative), as R mantelhaen.test(correct = TRUE) reports:
 *         OR = sum(a d / n) / sum(b c / n),
 *     its confidence interval by Robins, Breslow and Greenland (1986) on the
 *     log scale, and the CMH chi-square (1 df) with continuity correction:
 *         X2 = (|sum(a - E a)| - 1/2)^2 / sum Var(a),
 *     where the 1/2 is subtracted only when |sum(a - E a)| >= 1/2 (as R).
 *     10a. Strata with fewer than 2 rows are dropped. (R stops with an error
 *          instead; such a stratum adds 0 to every sum above, and its Var(a)
 *          would be 0/0.)
 *     10b. Returns 0 only when all five outputs are finite. Otherwise -1,
 *          with each undefined output NAN and the defined ones filled:
 *          OR is undefined when sum(b c / n) == 0 (OR = 0 when only
 *          sum(a d / n) is 0, but its CI is then undefined); the test is
 *          undefined when sum Var(a) == 0 (every stratum has an empty margin).
 *
 * 11. Holm's step-down adjustment (R p.adjust(p, "holm")): with the m non-NAN
 *     p-values sorted ascending, adjusted_(i) = min(1, max_{j<=i} (m - j + 1)
 *     p_(j)). NAN inputs stay NAN and are not counted in m.
 *
 * 12. Welch's two-sample t-test from summary statistics (n, mean, sd with
 *     ddof 1 of each sample), as R t.test(x, y) (var.equal = FALSE):
 *         se = sqrt(s1^2/n1 + s2^2/n2),  t = (m1 - m2) / se,
 *         df = se^4 / ((s1^2/n1)^2/(n1-1) + (s2^2/n2)^2/(n2-1)),
 *         p  = 2 Q_t(|t|, df), Q_t the upper tail of Student's t.
 *     Undefined when n1 or n2 < 2, a mean or sd is not finite, or se == 0.
 */
#ifndef DSAUDIT_STATS_H
#define DSAUDIT_STATS_H

struct interval {
	double low, high;
};

/* 0e. Turns GSL's abort-on-error handler off. Call once, before the rest. */
void stats_init(void);

/* 1. Wilson score interval for x / n. */
int stats_wilson(double x, double n, double level, struct interval *out);

/* 2. Newcombe hybrid score interval for x1/n1 - x2/n2. */
int stats_newcombe_diff(double x1, double n1, double x2, double n2, double level,
			struct interval *out);

/* 3. Katz log interval for (x1/n1) / (x2/n2). */
int stats_katz_ratio(double x1, double n1, double x2, double n2, double level,
		     struct interval *out);
/* 3a. Two-sided p of the Wald test of (x1/n1) / (x2/n2) = 1 on the log scale. */
int stats_katz_test(double x1, double n1, double x2, double n2, double *p_value);

/* Result of a chi-square test (4, 5). min_expected is the smallest expected count. */
struct chi2_result {
	double statistic, p_value;
	int df;
	double min_expected;
};

/* 4. Pearson chi-square test of independence of table[rows * cols], row-major. */
int stats_chi2_independence(const double *table, int rows, int cols, struct chi2_result *out);

/* 4a. Numbers of rows and of columns of table[rows * cols] whose total is not 0. */
void stats_table_nonempty_dims(const double *table, int rows, int cols, int *rows_used,
			       int *cols_used);

/* 5. Pearson chi-square goodness of fit of observed[k] against the weights probs[k]. */
int stats_chi2_gof(const double *observed, const double *probs, int k, struct chi2_result *out);

/* 6. Cramér's V of a chi-square statistic from n rows and a rows x cols table. */
int stats_cramers_v(double chi2, double n, int rows, int cols, double *out);
/* 6a. Bergsma's bias-corrected Cramér's V. */
int stats_cramers_v_corrected(double chi2, double n, int rows, int cols, double *out);

/* 7. Two-sided Fisher exact p-value of [[a, b], [c, d]]. */
int stats_fisher_exact(double a, double b, double c, double d, double *p_value);

/* 8. Divergences between the counts p[k] and q[k], normalised inside. */
int stats_kl(const double *p, const double *q, int k, double *out);
int stats_js(const double *p, const double *q, int k, double *out);
int stats_l2(const double *p, const double *q, int k, double *out);
int stats_tvd(const double *p, const double *q, int k, double *out);
int stats_ks_discrete(const double *p, const double *q, int k, double *out);

/* 9. Conditional demographic disparity over strata[...] strata. */
int stats_cdd(const double *neg_g, const double *neg, const double *pos_g, const double *pos,
	      int strata, double *out);

/* 10. Mantel–Haenszel common odds ratio, its CI and the CMH test (see 10b for -1). */
struct mh_result {
	double odds_ratio, ci_low, ci_high, statistic, p_value;
};
int stats_mantel_haenszel(const double (*t)[4], int k, double level, struct mh_result *out);

/*
 * 11. Holm-adjusts p[n] into adjusted[n]; adjusted may be p itself.
 * p-values are assumed to lie in [0, 1]; NAN entries stay NAN.
 */
void stats_holm(const double *p, double *adjusted, int n);

/* 12. Welch's t-test of two samples' means: the two-sided p (t and df may be NULL). */
int stats_welch_t(double n1, double mean1, double sd1, double n2, double mean2, double sd2, double *t, double *df,
		  double *p_value);

#endif
