/*
 * method.c — the method texts of every metric dsaudit emits (see method.h),
 * one entry per metric name, in the order of the man page's METRICS
 * section, which says the same at greater length; the metric headers
 * (metrics/NAME.h) number the rules these sentences summarise.
 *
 * "ref" is the reference group (the configured one, else the largest), "rest"
 * every other row; rate(g) = x(g) / m(g) is the share of the group's labeled
 * rows whose outcome is positive. Every interval is two-sided 95%.
 *
 * missing_rate exists twice, once per family (per group in measurement, per
 * column over all rows in quality): method_lookup returns the first,
 * method_lookup_family the one of the family asked for.
 *
 * Entry points: METHODS, NMETHODS, method_lookup, method_lookup_family.
 */
#include "method.h"

#include <string.h>

const char JUDGING_RULE[] =
	"A comparison with a band (disparate_impact and the _disparity metrics but ppr_disparity, band [0.8, 1.25]) fails when its "
	"estimate is outside the band and it is statistically significant (Holm-adjusted p < 0.05); it warns when "
	"only one of the two holds, and is ok when neither does. A group's size plays no part: a small group with a "
	"large, significant disparity fails, and one whose evidence is thin warns. insufficient means the figure "
	"could not be estimated at all. Source: the four-fifths rule paired with a significance test (EEOC Uniform "
	"Guidelines 1978, 29 CFR 1607.4(D); Morris and Lobsenz 2000).";
const char JUDGING_RULE_SHORT[] =
	"a band comparison fails outside its band when significant (Holm p < 0.05), warns when only one holds";

#define WILSON "Wilson score interval, no continuity correction (R prop.test(x, n, correct = FALSE))."
#define DESCRIPTIVE "Descriptive: never warns or fails."
#define SELECTION_SMALL "insufficient when the group has fewer than --min-group (30) labeled rows."
#define MIN_GROUP "insufficient when n < --min-group (30)."

/* The eleven Aequitas rates of a prediction (or label) against the truth, and their disparities. */
#define RATE(name, def, dir)                                                                    \
	{name, "measurement", def " Column is the predicted column; detail gives tp, fp, tn, fn.", \
	 dir, WILSON " Null when the denominator is 0.",                                          \
	 "Descriptive, never warns or fails; insufficient when the group has fewer than --min-group compared rows.", \
	 "Aequitas (Saleiro et al. 2018)"}
#define DISPARITY(what)                                                                   \
	{what "_disparity", "measurement",                                                         \
	 what "(g) / " what "(ref), for every group but ref; null when " what "(ref) or a denominator is 0.", \
	 "Above 1: the group's " what " is higher than the reference group's.",                    \
	 "Katz log interval; p_value: Fisher's exact test of the group's x / d against ref's (two-sided, R's rule); p_adjusted is Holm's over all judged disparities of the attribute.", \
	 "fail outside [0.8, 1.25] when p_adjusted < 0.05; warn when only one of the two holds, whatever the group's size.", \
	 "Aequitas, parity band [0.8, 1.25]"}
#define PII(name, what)                                                                          \
	{name, "privacy", "Cells of the column holding " what "; n is the column's non-missing cells; detail shows up to three masked examples.", \
	 "Larger: more cells with personal data.", "",                                           \
	 "fail whenever found: personal data must not be in a training set, or must be anonymised first.", \
	 "dsaudit's detection rules (man page, Privacy)"}

const struct method METHODS[] = {
	/* Representation */
	{"group_count", "representation",
	 "n(g), the group's rows, labeled or not; missing values form the group (missing); n is all rows N.",
	 "Larger: more rows in the group.", "", DESCRIPTIVE, ""},
	{"group_share", "representation", "n(g) / N, the group's share of all rows.",
	 "Larger: a larger share of the data.", WILSON,
	 "Descriptive: never warns or fails, and never insufficient (a small group is itself the finding).", "Wilson 1927"},
	{"class_imbalance", "representation",
	 "(n(rest) − n(g)) / (n(rest) + n(g)) = (N − 2 n(g)) / N, from −1 to 1.",
	 "Positive when the group is the smaller side; 0 is balance.", "", DESCRIPTIVE,
	 "SageMaker Clarify CI (AIF360's class_imbalance has the opposite sign)"},
	{"population_share", "representation",
	 "The group's share of the reference population, as given in the configuration: a given, not a measurement (no n, no interval).",
	 "Larger: a larger share of the population.", "", "Not judged: always ok.", "The configuration file (population)"},
	{"representation_ratio", "representation",
	 "group_share / population share, for attributes with population shares; null when the population gives the group no share (or 0).",
	 "Above 1: over-represented; below 1: under-represented.", "",
	 "warn outside [0.8, 1.25].", ""},
	{"population_gof", "representation",
	 "Attribute level: Pearson's chi-square goodness of fit of the population's groups, Σ (O − E)² / E with E = n × share; detail gives the degrees of freedom.",
	 "Larger: the data's shares are further from the population's.",
	 "p_value: upper tail of the chi-square distribution.",
	 "insufficient when an expected count is under 5; else warn when p < 0.05.", "Pearson 1900"},
	{"population_tvd", "representation",
	 "Attribute level: ½ Σ |group_share − population share| over the groups of either side, from 0 to 1.",
	 "Larger: further from the population; 0 is identical shares.", "", DESCRIPTIVE, ""},

	/* Selection */
	{"label_rate", "selection",
	 "rate(g) = x(g) / m(g), the share of the group's labeled rows with the positive outcome (group empty: all labeled rows).",
	 "Larger: the group gets the positive outcome more often.", WILSON, "Descriptive, never warns or fails; " SELECTION_SMALL,
	 "Wilson 1927"},
	{"dpl", "selection", "Difference in positive proportions in labels: rate(rest) − rate(g).",
	 "Positive: the group gets the positive outcome less often than everyone else.", "",
	 "Descriptive, never warns or fails; " SELECTION_SMALL, "SageMaker Clarify DPL"},
	{"statistical_parity_difference", "selection",
	 "rate(g) − rate(ref); not computed for the reference group itself.",
	 "Negative: the group gets the positive outcome less often than the reference group.",
	 "Newcombe hybrid score interval without continuity correction (Newcombe 1998, method 10).",
	 "Descriptive, never warns or fails; a comparison, so never insufficient for size.",
	 "AIF360 sign (group − privileged); Fairlearn's demographic_parity_difference is the largest gap, unsigned"},
	{"disparate_impact", "selection",
	 "rate(g) / rate(ref); null when rate(ref) is 0; not computed for the reference group itself.",
	 "Below 1: the group gets the positive outcome less often than the reference group.",
	 "Katz log method: exp(ln DI ± z √(1/x(g) − 1/m(g) + 1/x(ref) − 1/m(ref))); null when x(g) or x(ref) is 0. "
	 "p_value: Fisher's exact test of the group vs ref (two-sided, R's rule); p_adjusted is Holm's across the attribute's groups.",
	 "fail outside [0.8, 1.25] when p_adjusted < 0.05; warn when only one of the two holds; never insufficient for size.",
	 "Four-fifths rule with a significance test, EEOC Uniform Guidelines 1978 (29 CFR 1607.4(D)); 1.25 mirror: Aequitas parity band"},
	{"fisher_exact", "selection",
	 "Fisher's exact test of the group vs the rest by outcome (2 × 2); value is the sample odds ratio ad / (bc) of a positive outcome (null when bc is 0).",
	 "Odds ratio above 1: the group gets the positive outcome more often than the rest.",
	 "Two-sided p by R's rule (sum of the tables no more probable than the observed); p_adjusted is Holm's across the groups.",
	 "warn when p_adjusted < 0.05, whatever the group's size.", "Fisher 1935; R fisher.test"},
	{"kl_divergence", "selection",
	 "Σ P ln(P / Q) between the label distributions of the group (P) and the rest (Q), in nats; null when infinite.",
	 "Larger: the group's labels differ more from the rest's; 0 is equal.", "",
	 "Descriptive, never warns or fails; " SELECTION_SMALL, "SageMaker Clarify KL"},
	{"js_divergence", "selection", "½ KL(P, M) + ½ KL(Q, M), M = (P + Q) / 2; at most ln 2.",
	 "Larger: the group's labels differ more from the rest's; 0 is equal.", "",
	 "Descriptive, never warns or fails; " SELECTION_SMALL, "SageMaker Clarify JS"},
	{"lp_norm", "selection", "√(Σ (P − Q)²), the L2 norm of the difference of the label distributions.",
	 "Larger: the group's labels differ more from the rest's; 0 is equal.", "",
	 "Descriptive, never warns or fails; " SELECTION_SMALL, "SageMaker Clarify LP"},
	{"tvd", "selection", "½ Σ |P − Q|, the total variation distance of the label distributions.",
	 "Larger: the group's labels differ more from the rest's; 0 is equal.", "",
	 "Descriptive, never warns or fails; " SELECTION_SMALL, "SageMaker Clarify TVD"},
	{"ks", "selection",
	 "max over j of |Σ over i ≤ j of (P(i) − Q(i))|, the Kolmogorov-Smirnov distance of the cumulative label distributions.",
	 "Larger: the group's labels differ more from the rest's; 0 is equal.", "",
	 "Descriptive, never warns or fails; " SELECTION_SMALL,
	 "SageMaker Clarify KS takes max |P(i) − Q(i)| instead; the two agree for a binary label"},
	{"chi2_independence", "selection",
	 "Attribute level: Pearson's chi-square test of groups × label classes, no continuity correction; value is the statistic, detail the degrees of freedom.",
	 "Larger: the outcome depends more on the attribute.",
	 "p_value: upper tail (R chisq.test(correct = FALSE)).",
	 "insufficient when an expected count is under 5; else warn when p < 0.05.", "Pearson 1900"},
	{"cramers_v", "selection",
	 "Attribute level: Cramér's V of the same table, √(χ² / (n (min(r, c) − 1))), from 0 to 1.",
	 "Larger: a stronger association of attribute and outcome.", "",
	 "Descriptive, never warns or fails; insufficient when chi2_independence is.", "Cramér 1946"},
	{"cdd", "selection",
	 "Conditional demographic disparity given --strata: Σ n(i) DD(i) / Σ n(i), DD(i) = (share of stratum i's negatives in g) − (share of its positives in g).",
	 "Positive: within strata, the group is more among the negative outcomes than among the positive ones.",
	 "", "Descriptive, never warns or fails; " SELECTION_SMALL,
	 "SageMaker Clarify CDDL (strata without both outcomes are left out, not counted as 0)"},
	{"mantel_haenszel_or", "selection",
	 "Mantel-Haenszel common odds ratio of the positive outcome, group vs rest, across the strata of --strata: Σ (ad / n) / Σ (bc / n).",
	 "Above 1: the group is more likely to get the positive outcome than the rest in the same stratum.",
	 "Robins-Breslow-Greenland interval (log scale); p_value: CMH test with continuity correction (R mantelhaen.test); p_adjusted is Holm's.",
	 "warn when p_adjusted < 0.05, whatever the group's size.", "Mantel & Haenszel 1959"},

	/* Measurement: the Aequitas rates and their disparities */
	RATE("ppr", "pp / k, the group's share of all predicted positives (k over all groups).",
	     "Larger: more of the predicted positives fall in the group (it follows group size)."),
	RATE("pprev", "pp / n(g), the share of the group predicted positive (predicted prevalence).",
	     "Larger: the group is predicted positive more often."),
	RATE("prev", "(tp + fn) / n(g), the share of the group truly positive (prevalence).",
	     "Larger: more of the group is truly positive."),
	RATE("precision", "tp / pp.", "Larger: the group's positive predictions are right more often."),
	RATE("fdr", "fp / pp, the false discovery rate.", "Larger: more of the group's positive predictions are wrong."),
	RATE("for", "fn / pn, the false omission rate.", "Larger: more of the group's negative predictions are wrong."),
	RATE("npv", "tn / pn, the negative predictive value.",
	     "Larger: the group's negative predictions are right more often."),
	RATE("fpr", "fp / (fp + tn), the false positive rate.",
	     "Larger: more of the group's true negatives are predicted positive."),
	RATE("fnr", "fn / (fn + tp), the false negative rate.",
	     "Larger: more of the group's true positives are missed."),
	RATE("tpr", "tp / (tp + fn), the true positive rate (recall).",
	     "Larger: more of the group's true positives are found."),
	RATE("tnr", "tn / (tn + fp), the true negative rate.",
	     "Larger: more of the group's true negatives are predicted negative."),
	{"ppr_disparity", "measurement",
	 "ppr(g) / ppr(ref), for every group but ref; null when ppr(ref) is 0.",
	 "Above 1: the group gets a larger share of the predicted positives than the reference group.",
	 "Katz log interval; p_value tests a ratio of 1 on the log scale.",
	 "Reported, never judged (ppr follows group size; pprev_disparity is its size-free form); left out of Holm's adjustment.",
	 "Aequitas"},
	DISPARITY("pprev"),
	DISPARITY("prev"),
	DISPARITY("precision"),
	DISPARITY("fdr"),
	DISPARITY("for"),
	DISPARITY("npv"),
	DISPARITY("fpr"),
	DISPARITY("fnr"),
	DISPARITY("tpr"),
	DISPARITY("tnr"),

	/* Measurement: label and annotator errors, agreement */
	{"label_error_rate", "measurement",
	 "With --gold: the group's rows whose label differs from the gold / its rows that have both; detail gives the rest's rate.",
	 "Larger: more label errors in the group.",
	 "Wilson interval; p_value: Fisher's exact test of the group's errors vs the rest's; p_adjusted is Holm's across the groups.",
	 "warn when p_adjusted < 0.05 and the group's rate is above the rest's; " MIN_GROUP, "Fisher 1935"},
	{"annotator_error_rate", "measurement",
	 "With --annotators and --gold, per annotator column and group: the share of the annotator's values that differ from the gold (plus one record over all rows).",
	 "Larger: the annotator errs more on the group.",
	 "Wilson interval; p_value: Fisher's exact test vs the rest; Holm across the groups, per annotator.",
	 "As label_error_rate; the all-rows record is not judged.", "Fisher 1935"},
	{"percent_agreement", "measurement",
	 "Over rows with at least two codes, the mean share of agreeing pairs among the row's pairs of annotators.",
	 "Larger: the annotators agree more; 1 is full agreement.",
	 "95% percentile bootstrap, 1000 replicates (mt19937, seed 20261127).",
	 "warn when the group's interval lies wholly below the rest's; " MIN_GROUP, ""},
	{"cohen_kappa", "measurement",
	 "Two annotators only: (po − pe) / (1 − pe) over the rows where both codes are present; null when pe = 1.",
	 "1 is perfect agreement, 0 chance agreement, below 0 worse than chance.",
	 "95% percentile bootstrap, 1000 replicates (mt19937, seed 20261127).",
	 "warn when the group's interval lies wholly below the rest's; " MIN_GROUP, "Cohen 1960"},
	{"fleiss_kappa", "measurement",
	 "(mean P − P(e)) / (1 − P(e)) over the rows where every annotator is present; null when P(e) = 1.",
	 "1 is perfect agreement, 0 chance agreement, below 0 worse than chance.",
	 "95% percentile bootstrap, 1000 replicates (mt19937, seed 20261127).",
	 "warn when the group's interval lies wholly below the rest's; " MIN_GROUP, "Fleiss 1971"},
	{"krippendorff_alpha", "measurement",
	 "Nominal alpha = 1 − D(o) / D(e) from the coincidences of the codes; missing codes allowed, rows with fewer than two codes dropped.",
	 "1 is perfect agreement, 0 chance agreement, below 0 worse than chance.",
	 "95% percentile bootstrap, 1000 replicates (mt19937, seed 20261127).",
	 "warn when the group's interval lies wholly below the rest's; " MIN_GROUP, "Krippendorff 2011"},

	/* Measurement: the data columns */
	{"missing_rate", "measurement",
	 "Per column (protected columns aside) and group: the group's missing cells / n(g).",
	 "Larger: more of the group's values are missing.", WILSON, "Descriptive, never warns or fails; " MIN_GROUP, ""},
	{"differential_missingness", "measurement",
	 "Attribute level, per column: Pearson's chi-square test of groups × {missing, present}; detail gives the lowest and highest group rates.",
	 "Larger: missingness depends more on the group.",
	 "p_value: upper tail; p_adjusted is Holm's across the columns of the attribute.",
	 "warn when p_adjusted < 0.05 and the highest group rate is at least 1.25 × the lowest; insufficient when an expected count is under 5.",
	 "Pearson 1900"},
	{"mean", "measurement", "The mean of the group's non-missing values of a numeric column.",
	 "Larger: higher values in the group.", "", "Descriptive, never warns or fails; " MIN_GROUP, ""},
	{"sd", "measurement",
	 "The standard deviation of the group's values, n − 1 in the denominator (R sd()); null when n < 2.",
	 "Larger: the group's values are more spread.", "", "Descriptive, never warns or fails; " MIN_GROUP, "R sd()"},
	{"median", "measurement", "The median of the group's values (R median(): the type-7 quantile at ½).",
	 "Larger: higher values in the group.", "", "Descriptive, never warns or fails; " MIN_GROUP, "R median()"},
	{"ks_statistic", "measurement",
	 "Two-sample Kolmogorov-Smirnov D = max |A(i) / na − B(i) / nb| of the group's values vs the rest's.",
	 "Larger: the distributions differ more (0 to 1).",
	 "p_value: asymptotic two-sided (R ks.test(exact = FALSE)); p_adjusted is Holm's across the groups.",
	 "One finding per column and attribute, at the group with the largest |smd|: its ks_statistic warns when its smd "
	 "does not, D ≥ 0.2 and p_adjusted < 0.05; every other group ok; nothing judged on a column that leaks the label or "
	 "is constant; insufficient with fewer than --min-group values.",
	 "Kolmogorov-Smirnov; R 4.2.2 ks.test"},
	{"smd", "measurement",
	 "Standardized mean difference (Cohen's d): (mean(g) − mean(rest)) / pooled sd; detail gives both means.",
	 "Positive: the group's mean is above the rest's.",
	 "No test of its own; without value levels (no KS test) p_value is Welch's t-test, p_adjusted Holm's across the groups.",
	 "One finding per column and attribute: only the group with the largest |d| (among the significant ones) can warn, "
	 "when |d| ≥ 0.5 (Cohen's medium effect) and its KS (or Welch) p_adjusted < 0.05; every other group ok; nothing "
	 "judged on a column that leaks the label or is constant; insufficient with fewer than --min-group values.",
	 "Cohen 1988"},
	{"proxy_strength", "measurement",
	 "Attribute level, per data column: bias-corrected Cramér's V for text or boolean columns, correlation ratio η for numeric ones.",
	 "0 to 1; larger: the column carries more of the attribute and can stand in for it.",
	 "p_value: the chi-square test (V) or the one-way ANOVA F test (η).",
	 "warn when the value is at least 0.3 and p < 0.05.", "Bergsma 2013 (corrected V); Pearson's η"},
	{"label_leakage", "measurement",
	 "With a label, per data column: how nearly the column determines the label, the larger of its values' association "
	 "(bias-corrected Cramér's V for text or boolean columns, correlation ratio η for numeric ones) and its presence's "
	 "(bias-corrected V of missing/present × label classes); detail gives both.",
	 "0 to 1; near 1: the column (nearly) decides the label, so it leaks it and should not be a feature.",
	 "p_value: the chi-square test (V) or the one-way ANOVA F test (η).",
	 "warn when the value is at least 0.7 and p < 0.05; such a column's ks_statistic and smd judge nothing.",
	 "Bergsma 2013 (corrected V); Pearson's η"},

	/* Quality */
	{"rows", "quality", "The number of rows.", "Larger: more rows.", "", DESCRIPTIVE, ""},
	{"columns", "quality", "The number of columns.", "Larger: more columns.", "", DESCRIPTIVE, ""},
	{"missing_rate", "quality", "Per column: its missing cells / all rows.",
	 "Larger: more of the column is empty.", WILSON, "warn when at least 0.5 (mostly empty).", ""},
	{"distinct_count", "quality", "Per column: its number of distinct non-missing values.",
	 "Larger: more distinct values.", "", DESCRIPTIVE, ""},
	{"constant_column", "quality",
	 "Per column: 1 when it has at most one distinct non-missing value (an empty column counts), else 0.",
	 "1: the column carries no information.", "", "warn when 1.", ""},
	{"duplicate_rows", "quality", "Rows equal to an earlier row in every column but the id; detail gives their share.",
	 "Larger: more duplicated rows.", "", "warn when above 0.", ""},
	{"conflicting_labels", "quality",
	 "With a label: rows equal in every column but the label and the id yet carrying different labels (every row of such a set).",
	 "Larger: more contradictory labels.", "", "warn when above 0.", ""},
	{"id_duplicates", "quality", "With --id: the rows that repeat an earlier id.",
	 "Larger: more repeated ids.", "", "fail when above 0 (an id that is not unique breaks joins).", ""},
	{"mixed_types", "quality",
	 "Per text column: the smaller of its number-like and its other non-missing cells (the minority kind); detail gives both counts.",
	 "Larger: more cells of the minority kind.", "", "warn when both kinds occur.", ""},
	{"out_of_domain", "quality",
	 "Per column with a domain declared in the configuration: its non-missing cells outside the domain.",
	 "Larger: more invalid values.", "", "warn when above 0.", ""},
	{"outlier_rate", "quality",
	 "Per numeric column: cells strictly outside [Q1 − 3 IQR, Q3 + 3 IQR] / non-missing cells (type-7 quartiles); null when IQR is 0.",
	 "Larger: more extreme values.", "", "warn when above 0.01.", "Tukey's far-out fences; R quantile(type = 7)"},
	{"label_imbalance", "quality",
	 "With a label: 1 − H / log2 k, H the entropy in bits of the shares of the k label classes.",
	 "0 is balanced classes, 1 a single class.", "", "warn when at least 0.5.",
	 "ydata-profiling (its imbalance alert threshold)"},
	{"duplicate_column", "quality",
	 "Per column holding the same value as an earlier column in every row (same type, cells compared as stored): 1; "
	 "detail names the earlier column. Found from a 64-bit hash of each column's cells in row order and equal counts.",
	 "1: the column repeats another; its measurement records are left out so nothing is counted twice.", "",
	 "warn (a copy only doubles every finding).", ""},

	/* Privacy */
	PII("pii_email", "an e-mail address"),
	PII("pii_phone", "a phone number (international with +, or Korean national)"),
	PII("pii_credit_card", "a Luhn-valid payment card number"),
	PII("pii_kr_rrn", "a checksum-valid Korean resident registration number"),
	PII("pii_us_ssn", "a US social security number AAA-GG-SSSS (invalid ranges excluded)"),
	PII("pii_ip", "an IPv4 or IPv6 address"),
	PII("pii_iban", "an IBAN that passes the ISO 13616 mod-97 check"),
	{"pii_person_name", "privacy",
	 "Per column named like a person's name (name, first_name, last, surname, full_name, 성명, 이름, ...): "
	 "cells of 1-4 tokens of letters (accented Latin, Hangul; apostrophes and hyphens inside), no digit, "
	 "when at least 80% of its non-missing cells have that shape; n = non-missing cells; detail: up to three "
	 "examples masked as initials (J*** S***).",
	 "Larger: more people named in the data.", "", "fail when above 0 (direct identifiers).", ""},
	{"pii_birth_date", "privacy",
	 "Per column named like a birth date (dob, birth_date, date_of_birth, birthday, 생년월일, ...): cells that "
	 "are real dates from 1900-01-01 to the audit's day (YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY, MM/DD/YYYY, "
	 "YYYYMMDD, ...), when at least 80% of its non-missing cells are; n = non-missing cells; detail: up to "
	 "three examples with every digit masked (****-**-**).",
	 "Larger: more people identifiable by birth date.", "", "fail when above 0 (direct identifiers).", ""},
	{"k_anonymity", "privacy",
	 "The size of the smallest equivalence class of the quasi-identifiers; detail gives the number of classes and k.",
	 "Larger: safer; everyone hides among at least that many rows.", "",
	 "fail when below --k (5); insufficient with no rows or classes.", "Sweeney 2002"},
	{"records_at_risk", "privacy", "The rows in equivalence classes smaller than k; detail gives their share.",
	 "Larger: more rows that can be singled out.", "",
	 "warn when above 0; insufficient with no rows or classes.", "Sweeney 2002"},
	{"l_diversity", "privacy",
	 "With --sensitive: the smallest number of distinct sensitive values in an equivalence class.",
	 "Larger: safer; a class reveals less of the sensitive value.", "",
	 "warn when below 2; insufficient with no rows or classes.", "Machanavajjhala et al. 2007"},
	{"candidate_k_anonymity", "privacy",
	 "Without --quasi-identifiers: the smallest equivalence class over the columns named like "
	 "quasi-identifiers (sex, gender, age, birth date, zip, postcode, race, ethnicity, marital status, ...); "
	 "column and detail name them.",
	 "Larger: safer; advice on what --quasi-identifiers would find.", "",
	 "warn when below 5 (the --k default; advice, never a fail); insufficient with no rows.", "Sweeney 2002"},
	/* Drift (dsaudit diff, audit --baseline) */
	{"share_shift", "drift",
	 "share now - share then of each group (shares of all rows); reference: the earlier version.",
	 "Positive: the group grew as a share of the data.",
	 "95% Newcombe interval (independent samples)",
	 "warn when the interval excludes 0 and the shift is at least 2 points; insufficient below --min-group rows on "
	 "both sides.", "Newcombe 1998"},
	{"psi", "drift",
	 "Population stability index: sum over groups of (p_now - p_then) ln(p_now / p_then); an empty share is taken "
	 "as 0.5 / N of its side.",
	 "Larger: the group mix moved more; 0 is no change.", "",
	 "warn from 0.1, fail from 0.25 (stable, moderate, major shift).", "Yurdakul 2018; Haldane 1956"},
	{"label_rate_shift", "drift",
	 "label rate now - label rate then of each group.",
	 "Positive: the group gets the positive label more often now.",
	 "95% Newcombe interval (independent samples)",
	 "warn when the interval excludes 0; insufficient below --min-group labeled rows on either side.",
	 "Newcombe 1998"},
	{"drift_chi2", "drift",
	 "Pearson chi-square test of homogeneity of the group counts then and now, no continuity correction.",
	 "Larger: the group mix differs more.", "p-value of the chi-square test; df in the detail",
	 "warn when p < 0.05; insufficient when an expected count is under 5.", "Pearson 1900"},
	{"not_audited", "any",
	 "A family named in \"require\" (--require) that this audit did not audit; detail says why (no --label, no --quasi-identifiers, ...).",
	 "Its presence fails the gate.", "", "fail, always.", ""},
};

const size_t NMETHODS = sizeof METHODS / sizeof METHODS[0];

const struct method *method_lookup(const char *metric)
{
	return method_lookup_family(metric, NULL);
}

const struct method *method_lookup_family(const char *metric, const char *family)
{
	const struct method *first = NULL;

	if (!metric)
		return NULL;
	for (size_t i = 0; i < NMETHODS; i++) {
		if (strcmp(METHODS[i].metric, metric) != 0)
			continue;
		if (!family || strcmp(METHODS[i].family, family) == 0)
			return &METHODS[i];
		if (!first)
			first = &METHODS[i];
	}
	return first;
}
