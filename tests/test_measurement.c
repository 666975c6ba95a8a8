/*
 * test_measurement.c — measurement records (metrics/measurement.h rules 1-6)
 * and column-bias records (metrics/column_bias.h rules 1-7) from hand-made
 * count tables. Expected values are worked out by hand from the counts, or
 * with R 4.2.2 (sprintf('%.17g', x)) where an interval or a test is
 * involved; the call is in the comment next to each number. The tables are
 * consistent: a group's labeled plus unlabeled rows are its rows, levels
 * summed over the groups are the column's level counts, and the moment sums
 * are those of the levels (about the column's shift, its first value).
 * Rule 9 of column_bias.h (one finding per column and attribute) is
 * checked here on the same fixture; rules 10-12 in test_column_bias.c.
 * Entry point: test_measurement().
 */
#include "harness.h"

#include <math.h>

#include "agreement.h"
#include "column_bias.h"
#include "measurement.h"

void test_measurement(void);

#define REL 1e-9 /* against R's printed digits; Wilson and Katz are written as R writes them */

/* The record of metric on column (NULL: any column) for group (NULL: no group); NULL if absent. */
static const struct audit_record *find(const struct audit_result *r, const char *metric, const char *column,
				       const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) != 0)
			continue;
		if (column && !(rec->column && strcmp(rec->column, column) == 0))
			continue;
		if ((group == NULL && rec->group == NULL) || (group && rec->group && strcmp(rec->group, group) == 0))
			return rec;
	}
	return NULL;
}

/* Records of metric (on column, when not NULL). */
static size_t count_metric(const struct audit_result *r, const char *metric, const char *column)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->records[i].metric, metric) == 0 &&
		    (!column || (r->records[i].column && strcmp(r->records[i].column, column) == 0)))
			k++;
	return k;
}

/* Records on column, whatever the metric. */
static size_t count_column(const struct audit_result *r, const char *column)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->records[i].column && strcmp(r->records[i].column, column) == 0)
			k++;
	return k;
}

/* find, but a missing record is a failure and a harmless stand-in is returned. */
static const struct audit_record *must(const struct audit_result *r, const char *metric, const char *column,
				       const char *group)
{
	static struct audit_record none;
	const struct audit_record *rec = find(r, metric, column, group);
	HARNESS_REPORT(rec != NULL, "no record %s column %s group %s", metric, column ? column : "(any)",
		       group ? group : "(null)");
	if (rec)
		return rec;
	none = record_init("none", "none");
	return &none;
}

static int detail_is(const struct audit_record *rec, const char *want)
{
	return rec->detail && strcmp(rec->detail, want) == 0;
}

#define CHECK_DETAIL(rec, want)                                                                   \
	HARNESS_REPORT(detail_is((rec), (want)), "detail of %s = \"%s\", want \"%s\"", (rec)->metric, \
		       (rec)->detail ? (rec)->detail : "(null)", (want))

/* ---------------------------------------------------------------- rules 1, 2, 6 (Aequitas) ---- */

/*
 * A screening column "screen" against the label "hired", per sex:
 *   F: tp 40, fp 10, tn 30, fn 20   (100 compared rows)
 *   M: tp 60, fp 30, tn 90, fn 20   (200; the reference group)
 *   X: tp  0, fp  0, tn  8, fn  2   ( 10: nothing predicted positive)
 * k = predicted positives over all groups = 50 + 90 + 0 = 140.
 * The label is the truth, so the label counts per group are the actual
 * negatives (fp + tn) and positives (tp + fn).
 */
static char *aeq_groups[] = {"F", "M", "X"};
static char *two_classes[] = {"0", "1"};
static char *one_stratum[] = {"(all)"};

static void make_confusion_table(struct count_table *t, struct count_tables *ct, double *n, double *unlabeled,
				 struct confusion *conf, struct column_counts *cols)
{
	conf[0] = (struct confusion){.tp = 40, .fp = 10, .tn = 30, .fn = 20};
	conf[1] = (struct confusion){.tp = 60, .fp = 30, .tn = 90, .fn = 20};
	conf[2] = (struct confusion){.tp = 0, .fp = 0, .tn = 8, .fn = 2};
	const double labels[] = {40, 60, 120, 80, 8, 2}; /* per group: negatives (fp + tn), positives (tp + fn) */
	memcpy(n, labels, sizeof labels);
	unlabeled[0] = unlabeled[1] = unlabeled[2] = 0;
	cols[0] = (struct column_counts){.name = "sex", .role = ROLE_PROTECTED, .distinct = 3};
	cols[1] = (struct column_counts){.name = "hired", .numeric = 1, .role = ROLE_LABEL, .distinct = 2};
	cols[2] = (struct column_counts){.name = "screen", .numeric = 1, .role = ROLE_PREDICTION, .distinct = 2};
	*t = (struct count_table){.attribute = "sex", .groups = aeq_groups, .ngroups = 3, .nstrata = 1,
				  .nclasses = 2, .n = n, .unlabeled = unlabeled, .member = 0, .confusion = conf};
	*ct = (struct count_tables){.rows = 310, .has_label = 1, .classes = two_classes, .nclasses = 2,
				    .binary = 1, .strata = one_stratum, .nstrata = 1, .tables = t, .ntables = 1,
				    .columns = cols, .ncolumns = 3, .predicted = "screen", .truth = "hired"};
}

static const char *const AEQ[] = {"ppr", "pprev", "prev", "precision", "fdr", "for",
				  "npv", "fpr",   "fnr",  "tpr",       "tnr"};
#define NAEQ (sizeof AEQ / sizeof AEQ[0])

static void test_aequitas(void)
{
	double n[6], unlabeled[3];
	struct confusion conf[3];
	struct column_counts cols[3];
	struct count_table t;
	struct count_tables ct;
	make_confusion_table(&t, &ct, n, unlabeled, conf, cols);
	struct audit_result res = {0};
	measurement_records(&t, &ct, 1, 30, &res); /* reference M, min_group 30 */

	/* Record set: each metric for the 3 groups, each disparity for F and X (not the reference M). */
	char name[64];
	for (size_t m = 0; m < NAEQ; m++) {
		CHECK_INT(count_metric(&res, AEQ[m], NULL), 3);
		snprintf(name, sizeof name, "%s_disparity", AEQ[m]);
		CHECK_INT(count_metric(&res, name, NULL), 2);
		CHECK(find(&res, name, NULL, "M") == NULL);
	}
	CHECK_INT(res.n, 11 * 3 + 11 * 2);

	/*
	 * Rule 1, group F: value = x / d, n = d, Wilson 95%.
	 * x, d by hand from F's confusion (pp = 50, pn = 50, n_g = 100, actual
	 * positives 60, actual negatives 40, k = 140); the interval is
	 * R 4.2.2: prop.test(x, d, correct = FALSE)$conf.int.
	 */
	static const struct {
		const char *metric;
		double x, d, low, high;
	} f_want[] = {
		{"ppr", 50, 140, 0.28256108271142827, 0.43935497453697547},       /* pp / k */
		{"pprev", 50, 100, 0.40383153036599567, 0.59616846963400427},     /* pp / n_g */
		{"prev", 60, 100, 0.5020025867910618, 0.69059871356754099},       /* (tp + fn) / n_g */
		{"precision", 40, 50, 0.66962894067774592, 0.88756249984223901}, /* tp / pp */
		{"fdr", 10, 50, 0.11243750015776113, 0.33037105932225413},        /* fp / pp */
		{"for", 20, 50, 0.27608389730256544, 0.5381856225241064},         /* fn / pn */
		{"npv", 30, 50, 0.46181437747589366, 0.72391610269743456},        /* tn / pn */
		{"fpr", 10, 40, 0.14187118639096308, 0.40193961420768026},        /* fp / (fp + tn) */
		{"fnr", 20, 60, 0.22729261523522681, 0.45943133547880299},        /* fn / (fn + tp) */
		{"tpr", 40, 60, 0.54056866452119678, 0.77270738476477319},        /* tp / (tp + fn) */
		{"tnr", 30, 40, 0.59806038579231979, 0.85812881360903692},        /* tn / (tn + fp) */
	};
	for (size_t i = 0; i < sizeof f_want / sizeof f_want[0]; i++) {
		const struct audit_record *r = must(&res, f_want[i].metric, "screen", "F");
		CHECK_NEAR(r->value, f_want[i].x / f_want[i].d, 1e-15);
		CHECK_NEAR(r->n, f_want[i].d, 0);
		CHECK_NEAR(r->ci_low, f_want[i].low, REL);
		CHECK_NEAR(r->ci_high, f_want[i].high, REL);
		CHECK(isnan(r->p_value) && isnan(r->p_adjusted));
		CHECK(r->reference == NULL);
		CHECK_STR(r->attribute, "sex");
		CHECK_STR(r->family, "measurement");
		CHECK_INT(r->status, STATUS_OK);
		CHECK_DETAIL(r, "screen against hired: tp 40, fp 10, tn 30, fn 20");
	}
	/* M, by hand: fnr = 20 / (20 + 60), ppr = 90 / 140. */
	CHECK_NEAR(must(&res, "fnr", NULL, "M")->value, 0.25, 1e-15);
	CHECK_NEAR(must(&res, "ppr", NULL, "M")->value, 90.0 / 140, 1e-15);
	CHECK_NEAR(must(&res, "ppr", NULL, "M")->n, 140, 0);

	/*
	 * X predicts nobody positive: ppr = 0 / 140 with Wilson [0, 0.0267...]
	 * (R 4.2.2: prop.test(0, 140, correct = FALSE)$conf.int), and precision
	 * tp / pp = 0 / 0 and fdr = 0 / 0 are null with n = 0. X has 10 rows < 30.
	 */
	const struct audit_record *r = must(&res, "ppr", NULL, "X");
	CHECK_NEAR(r->value, 0, 0);
	CHECK_NEAR(r->ci_low, 0, 0);
	CHECK_NEAR(r->ci_high, 0.026706200369412979, REL);
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	r = must(&res, "precision", NULL, "X");
	CHECK(isnan(r->value) && isnan(r->ci_low) && isnan(r->ci_high));
	CHECK_NEAR(r->n, 0, 0);
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	CHECK(isnan(must(&res, "fdr", NULL, "X")->value));
	/* npv(X) = 8 / 10; R 4.2.2: prop.test(8, 10, correct = FALSE)$conf.int */
	r = must(&res, "npv", NULL, "X");
	CHECK_NEAR(r->value, 0.8, 1e-15);
	CHECK_NEAR(r->ci_low, 0.49016247153664183, REL);
	CHECK_NEAR(r->ci_high, 0.94331784854562473, REL);

	/*
	 * Rule 2, F against M: value(F) / value(M), Katz interval
	 * R 4.2.2: r <- (x1/n1)/(x2/n2); se <- sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2);
	 *   exp(log(r) + c(-1,1) * qnorm(0.975) * se)
	 * with M's x2/n2: ppr 90/140, pprev 90/200, prev 80/200, precision 60/90,
	 * fdr 30/90, for 20/110, npv 90/110, fpr 30/120, fnr 20/80, tpr 60/80, tnr 90/120.
	 * p_value (measurement.h rule 2): Fisher's exact test of x1 / n1 against
	 * x2 / n2, R fisher.test(matrix(c(x1, n1 - x1, x2, n2 - x2), 2, byrow = TRUE));
	 * for ppr, which is not judged, the Katz test of ratio 1 (stats.h 3a),
	 * R 2 * pnorm(-abs(log(r)) / se).
	 * p_adjusted: Holm over the judged disparities of the table, F's ten and
	 * X's eight with a denominator (ppr is not judged): R p.adjust(p, "holm"),
	 * 18 p-values. The Fisher p-values and their Holm adjustment were
	 * recomputed independently in Python (exact hypergeometric sums with
	 * math.comb, R's 1 + 1e-7 tolerance).
	 * Status (common.h J1-J4): fail outside [0.8, 1.25] with p_adjusted < 0.05,
	 * warn when only one of the two holds.
	 */
	static const struct {
		const char *metric;
		double value, low, high, n, p, p_adj;
		int status;
	} disp[] = {
		/* 0.5556 outside the band, p 6e-6, but ppr is not judged: no p_adjusted, ok */
		{"ppr_disparity", (50.0 / 140) / (90.0 / 140), 0.43083978865293271, 0.71637296145196938, 140,
		 5.8580554018027325e-06, NAN, STATUS_OK},
		{"pprev_disparity", 0.5 / 0.45, 0.86639285129477595, 1.4249516248773002, 100, 0.46185968740773553, 1,
		 STATUS_OK}, /* in band */
		{"prev_disparity", 0.6 / 0.4, 1.1878948807475462, 1.8941069925177778, 100, 0.0013724477291244628,
		 0.02470405912424033, STATUS_FAIL}, /* 1.5, significant after Holm: both hold */
		{"precision_disparity", 0.8 / (60.0 / 90), 0.98113462109191862, 1.4676884996652182, 50,
		 0.11900012582853298, 1, STATUS_OK},
		/* 0.6 outside the band, but [0.32, 1.12] contains 1: only one holds, warn */
		{"fdr_disparity", 0.2 / (30.0 / 90), 0.32062937181050188, 1.1227917079685608, 50, 0.11900012582853296,
		 1, STATUS_WARN},
		/* 2.2 outside the band, p 0.0053, but Holm over 18 gives 0.091: warn */
		{"for_disparity", 0.4 / (20.0 / 110), 1.3054440308820732, 3.7075507532327294, 50, 0.0053449741413822225,
		 0.09086456040349779, STATUS_WARN},
		/* 0.733 outside the band, interval [0.58, 0.93] excludes 1, but Holm gives 0.091: warn */
		{"npv_disparity", 0.6 / (90.0 / 110), 0.57521415871911263, 0.93491749051397077, 50, 0.0053449741413822225,
		 0.09086456040349779, STATUS_WARN},
		{"fpr_disparity", 1, 0.53805471012708961, 1.8585470606953667, 40, 1, 1, STATUS_OK},
		/* 1.333 outside the band, but [0.79, 2.25] contains 1: warn */
		{"fnr_disparity", (20.0 / 60) / 0.25, 0.79139887095388151, 2.2463739121020012, 60, 0.3451754333799869, 1,
		 STATUS_WARN},
		{"tpr_disparity", (40.0 / 60) / 0.75, 0.71397047374172606, 1.1066612497983288, 60, 0.34517543337998696, 1,
		 STATUS_OK},
		{"tnr_disparity", 1, 0.81334626971554735, 1.2294886412274704, 40, 1, 1, STATUS_OK},
	};
	for (size_t i = 0; i < sizeof disp / sizeof disp[0]; i++) {
		r = must(&res, disp[i].metric, "screen", "F");
		CHECK_NEAR(r->value, disp[i].value, 1e-14);
		CHECK_NEAR(r->ci_low, disp[i].low, REL);
		CHECK_NEAR(r->ci_high, disp[i].high, REL);
		CHECK_NEAR(r->n, disp[i].n, 0);
		CHECK_NEAR(r->p_value, disp[i].p, REL);
		if (isnan(disp[i].p_adj))
			CHECK(isnan(r->p_adjusted));
		else
			CHECK_NEAR(r->p_adjusted, disp[i].p_adj, REL);
		CHECK_STR(r->reference, "M");
		HARNESS_REPORT(r->status == (enum record_status)disp[i].status, "%s(F) status %d, want %d",
			       disp[i].metric, (int)r->status, disp[i].status);
	}

	/* X's disparities: X has 10 rows < min_group 30, but a comparison is judged by its evidence, never
	 * set aside for size (rule 6). fnr: 2/2 against 20/80 is 4, but Fisher p 0.0696 (Holm 0.974) on two
	 * rows: warn, not fail (the Katz test would have called it p 8e-13); tnr 8/8 against 90/120 is 1.33,
	 * Holm 1: warn; prev 0.5, Holm 1: warn; for and npv in the band, Holm 1: ok. */
	CHECK_INT(must(&res, "fnr_disparity", NULL, "X")->status, STATUS_WARN);
	CHECK_NEAR(must(&res, "fnr_disparity", NULL, "X")->p_value, 0.06955736224028906, REL);
	CHECK_NEAR(must(&res, "fnr_disparity", NULL, "X")->p_adjusted, 0.9738030713640469, REL);
	CHECK_INT(must(&res, "tnr_disparity", NULL, "X")->status, STATUS_WARN);
	CHECK_NEAR(must(&res, "tnr_disparity", NULL, "X")->p_value, 0.19658853469159304, REL);
	CHECK_INT(must(&res, "prev_disparity", NULL, "X")->status, STATUS_WARN);
	CHECK_INT(must(&res, "for_disparity", NULL, "X")->status, STATUS_OK);
	CHECK_INT(must(&res, "npv_disparity", NULL, "X")->status, STATUS_OK);
	/* precision(X) has a zero denominator: the disparity is null with a reason. */
	r = must(&res, "precision_disparity", NULL, "X");
	CHECK(isnan(r->value) && isnan(r->ci_low) && isnan(r->ci_high));
	CHECK_DETAIL(r, "a denominator is 0");
	/* npv(X) / npv(M) = 0.8 / (90/110); R: as above with x1 = 8, n1 = 10, x2 = 90, n2 = 110 */
	r = must(&res, "npv_disparity", NULL, "X");
	CHECK_NEAR(r->value, 0.8 / (90.0 / 110), 1e-14);
	CHECK_NEAR(r->ci_low, 0.70846950412758636, REL);
	CHECK_NEAR(r->ci_high, 1.3494573544041735, REL);
	CHECK_NEAR(r->p_value, 1, REL);   /* R: fisher.test(matrix(c(8, 2, 90, 20), 2, byrow = TRUE)) */
	CHECK_NEAR(r->p_adjusted, 1, 0);  /* among the judged now */
	audit_result_free(&res);

	/* Rule 6: min_group 150. F (100 compared rows) is insufficient on its own figures, not on its
	 * disparities, which keep the statuses above whatever min_group is. */
	measurement_records(&t, &ct, 1, 150, &res);
	CHECK_INT(must(&res, "fnr", NULL, "F")->status, STATUS_INSUFFICIENT);
	CHECK_INT(must(&res, "fnr", NULL, "M")->status, STATUS_OK);
	CHECK_INT(must(&res, "prev_disparity", NULL, "F")->status, STATUS_FAIL);
	CHECK_NEAR(must(&res, "prev_disparity", NULL, "F")->value, 1.5, 1e-14);
	audit_result_free(&res);

	/*
	 * Reference X (index 2), min_group 5: tpr(X) = 0 / 2, so tpr_disparity
	 * is null because the reference value is 0; precision(X) = 0 / 0, so
	 * precision_disparity is null because a denominator is 0. Nulls are
	 * insufficient (common.h J1): judged neither way.
	 */
	measurement_records(&t, &ct, 2, 5, &res);
	CHECK_INT(count_metric(&res, "tpr_disparity", NULL), 2);
	CHECK(find(&res, "tpr_disparity", NULL, "X") == NULL);
	r = must(&res, "tpr_disparity", NULL, "F");
	CHECK(isnan(r->value) && isnan(r->ci_low));
	CHECK_DETAIL(r, "the reference group's tpr is 0");
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	CHECK_STR(r->reference, "X");
	r = must(&res, "precision_disparity", NULL, "M");
	CHECK(isnan(r->value));
	CHECK_DETAIL(r, "a denominator is 0");
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	/* fnr: F (20/60) / X (2/2) = 1/3; R: Katz with x1 = 20, n1 = 60, x2 = 2, n2 = 2 */
	r = must(&res, "fnr_disparity", NULL, "F");
	CHECK_NEAR(r->value, 1.0 / 3, 1e-14);
	CHECK_NEAR(r->ci_low, 0.23306191819085581, REL);
	CHECK_NEAR(r->ci_high, 0.47674502970546018, REL);
	/* Fisher: fisher.test(matrix(c(20, 40, 2, 0), 2, byrow = TRUE)), recomputed in Python: 0.1222 (the
	 * Katz test, with X's 2/2 adding no variance, would say 1.8e-9). */
	CHECK_NEAR(r->p_value, 0.12215758857747223, REL);
	audit_result_free(&res);

	/*
	 * Reference M, min_group 5 (X now judged): fpr(X) = 0 / 8, so
	 * fpr_disparity(X) = 0 / 0.25 = 0, far outside the band; the Katz
	 * interval needs x1 > 0 (stats.h 3), so there is none, but Fisher's test
	 * (0/8 against 30/120: p 0.1966, recomputed in Python) says it is not
	 * significant: warn (common.h J3).
	 */
	measurement_records(&t, &ct, 1, 5, &res);
	r = must(&res, "fpr_disparity", NULL, "X");
	CHECK_NEAR(r->value, 0, 0);
	CHECK(isnan(r->ci_low) && isnan(r->ci_high));
	CHECK_NEAR(r->p_value, 0.19658853469159304, REL);
	CHECK_INT(r->status, STATUS_WARN);
	/* prev(X) = 2/10 against 80/200 = 0.5, outside the band but with 10 rows not significant.
	 * R: Katz with x1 = 2, n1 = 10, x2 = 80, n2 = 200; Fisher p 0.3218 (Python, as above) */
	r = must(&res, "prev_disparity", NULL, "X");
	CHECK_NEAR(r->value, 0.5, 1e-14);
	CHECK_NEAR(r->ci_low, 0.1430867151811524, REL);
	CHECK_NEAR(r->ci_high, 1.7471922511009632, REL);
	CHECK_NEAR(r->p_value, 0.32184192416856633, REL);
	CHECK_INT(r->status, STATUS_WARN); /* J3: outside the band, not significant */
	audit_result_free(&res);
}

/* ---------------------------------------------------------------- rule 3 (label vs gold) ---- */

static void test_label_error(void)
{
	/*
	 * Label "hired" against gold "gold" per sex: compared rows and those
	 * differing: F 100 / 20, M 200 / 10, X 20 / 3. All rows are labeled.
	 */
	double n[] = {70, 30, 150, 50, 15, 5}, unlabeled[] = {0, 0, 0};
	double label_gold[] = {100, 20, 200, 10, 20, 3};
	struct column_counts cols[3] = {
		{.name = "sex", .role = ROLE_PROTECTED, .distinct = 3},
		{.name = "hired", .numeric = 1, .role = ROLE_LABEL, .distinct = 2},
		{.name = "gold", .numeric = 1, .role = ROLE_GOLD, .distinct = 2},
	};
	struct count_table t = {.attribute = "sex", .groups = aeq_groups, .ngroups = 3, .nstrata = 1, .nclasses = 2,
				.n = n, .unlabeled = unlabeled, .member = 0, .label_gold = label_gold};
	struct count_tables ct = {.rows = 320, .has_label = 1, .classes = two_classes, .nclasses = 2, .binary = 1,
				  .strata = one_stratum, .nstrata = 1, .tables = &t, .ntables = 1, .columns = cols,
				  .ncolumns = 3, .predicted = "hired", .truth = "gold"};
	struct audit_result res = {0};
	measurement_records(&t, &ct, 1, 30, &res);
	CHECK_INT(res.n, 3);
	CHECK_INT(count_metric(&res, "label_error_rate", "hired"), 3);

	/*
	 * F: 20/100 against the rest 13/220 (M and X).
	 * R 4.2.2: prop.test(20, 100, correct = FALSE)$conf.int;
	 *   fisher.test(matrix(c(20,80,13,207), 2, byrow = TRUE))$p.value;
	 *   X (20 < 30) gets no test, so Holm is over F and M:
	 *   p.adjust(c(pF, pM), "holm") with pM = fisher.test(matrix(c(10,190,23,97), 2, byrow = TRUE))$p.value
	 */
	const struct audit_record *r = must(&res, "label_error_rate", "hired", "F");
	CHECK_NEAR(r->value, 0.2, 1e-15);
	CHECK_NEAR(r->n, 100, 0);
	CHECK_NEAR(r->ci_low, 0.1333669333310325, REL);
	CHECK_NEAR(r->ci_high, 0.28882916559315885, REL);
	CHECK_NEAR(r->p_value, 0.00026050830576744907, REL);
	CHECK_NEAR(r->p_adjusted, 0.00026050830576744907, REL); /* max(2 pM, pF) = pF */
	CHECK_STR(r->reference, "(rest)");
	CHECK_DETAIL(r, "against gold; rest of the rows 0.05909"); /* 13/220 */
	CHECK_INT(r->status, STATUS_WARN);
	/* M: 10/200 = 0.05, below the rest's 23/120: significant but not worse, so ok. */
	r = must(&res, "label_error_rate", "hired", "M");
	CHECK_NEAR(r->value, 0.05, 1e-15);
	CHECK_NEAR(r->ci_low, 0.027382645600763932, REL);
	CHECK_NEAR(r->ci_high, 0.089578148138775987, REL);
	CHECK_NEAR(r->p_value, 9.5768520576924309e-05, REL);
	CHECK_NEAR(r->p_adjusted, 0.00019153704115384862, REL); /* 2 pM */
	CHECK_DETAIL(r, "against gold; rest of the rows 0.1917");
	CHECK_INT(r->status, STATUS_OK);
	/* X: 3/20, 20 rows < 30: value and interval, no test, insufficient. R: prop.test(3, 20, correct = FALSE) */
	r = must(&res, "label_error_rate", "hired", "X");
	CHECK_NEAR(r->value, 0.15, 1e-15);
	CHECK_NEAR(r->ci_low, 0.052368745896216609, REL);
	CHECK_NEAR(r->ci_high, 0.36041886474075691, REL);
	CHECK(isnan(r->p_value) && isnan(r->p_adjusted));
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	audit_result_free(&res);
}

/* ---------------------------------------------------------------- rules 4, 5 (annotators) ---- */

/*
 * Two annotators r1, r2 coding 0/1 (-1 missing); five patterns:
 *   p0 (0,0)  p1 (1,1)  p2 (0,1)  p3 (1,0)  p4 (0,-1)
 *   F:  30  30  20  20  5   = 105 rows (raters disagree on 40 of 100)
 *   M:  95  95   5   5  0   = 200 rows (disagree on 10 of 200)
 *   X:   5   3   1   1  0   =  10 rows
 * Against the gold (consistent with the patterns): F: both wrong in 2
 * agreeing rows, r2 wrong in 10 of the 40 disagreements (r1 in the other
 * 30), r1 wrong in 2 of p4 -> r1 105 / 34, r2 100 / 12. M: both wrong in 5,
 * r2 in 5 of 10 -> r1 200 / 10, r2 200 / 10. X: r1 10 / 1, r2 10 / 1.
 */
static char *annotator_names[] = {"r1", "r2"};
static const int ann_codes[] = {0, 0, 1, 1, 0, 1, 1, 0, 0, -1};
static const double ann_f[] = {30, 30, 20, 20, 5};
static const double ann_m[] = {95, 95, 5, 5, 0};
static const double ann_x[] = {5, 3, 1, 1, 0};

/* The figure measurement.c should report for weights w: value, units used and bootstrap interval. */
struct figure {
	double value, n, low, high;
};

static struct figure figure_of(enum agreement_kind kind, size_t nraters, const int *codes, size_t np,
			       const double *w)
{
	struct agreement_units u = {nraters, 2, np, codes, w};
	struct figure f = {agreement_value(kind, &u), agreement_units_used(kind, &u), NAN, NAN};
	agreement_bootstrap_ci(kind, &u, AGREEMENT_REPLICATES, AGREEMENT_SEED, 0.95, &f.low, &f.high);
	return f;
}

/* A record equals the figure on the group's weights, and its detail names the rest's figure. */
static void check_figure(const struct audit_record *r, enum agreement_kind kind, size_t nraters,
			 const int *codes, size_t np, const double *w, const double *rest)
{
	struct figure f = figure_of(kind, nraters, codes, np, w);
	CHECK_NEAR(r->value, f.value, 1e-15);
	CHECK_NEAR(r->n, f.n, 0);
	CHECK_NEAR(r->ci_low, f.low, 1e-15);
	CHECK_NEAR(r->ci_high, f.high, 1e-15);
	CHECK(r->ci_low <= r->value && r->value <= r->ci_high);
	if (rest) {
		struct figure fr = figure_of(kind, nraters, codes, np, rest);
		char want[160];
		snprintf(want, sizeof want, "rest of the rows %.4g [%.4g, %.4g]", fr.value, fr.low, fr.high);
		CHECK_DETAIL(r, want);
	}
}

static void test_annotators(void)
{
	double n[] = {105, 200, 10}, unlabeled[] = {0, 0, 0};
	double patterns[15], weight[5];
	for (size_t p = 0; p < 5; p++) {
		patterns[p] = ann_f[p];
		patterns[5 + p] = ann_m[p];
		patterns[10 + p] = ann_x[p];
		weight[p] = ann_f[p] + ann_m[p] + ann_x[p]; /* 130, 128, 26, 26, 5 */
	}
	/* annotator_gold[(g * 2 + a) * 2 + {compared, differing}] */
	double annotator_gold[] = {105, 34, 100, 12, 200, 10, 200, 10, 10, 1, 10, 1};
	double gold[] = {315, 45, 310, 23}; /* summed over the groups */
	char *classes[] = {"(all)"};
	struct column_counts cols[4] = {
		{.name = "sex", .role = ROLE_PROTECTED, .distinct = 3},
		{.name = "r1", .numeric = 1, .role = ROLE_ANNOTATOR, .distinct = 2},
		{.name = "r2", .numeric = 1, .role = ROLE_ANNOTATOR, .distinct = 2, .missing = 5},
		{.name = "gold", .numeric = 1, .role = ROLE_GOLD, .distinct = 2},
	};
	struct count_table t = {.attribute = "sex", .groups = aeq_groups, .ngroups = 3, .nstrata = 1, .nclasses = 1,
				.n = n, .unlabeled = unlabeled, .member = 0, .patterns = patterns,
				.annotator_gold = annotator_gold};
	struct count_tables ct = {.rows = 315, .classes = classes, .nclasses = 1, .strata = one_stratum,
				  .nstrata = 1, .tables = &t, .ntables = 1, .columns = cols, .ncolumns = 4,
				  .truth = "gold"};
	ct.annotators = (struct annotator_counts){.names = annotator_names, .nannotators = 2, .ncats = 2,
						  .codes = (int *)ann_codes, .npatterns = 5, .weight = weight,
						  .gold = gold};
	struct audit_result res = {0};
	measurement_records(&t, &ct, 1, 30, &res);

	/* Record set: 4 agreement figures x 3 groups, annotator_error_rate 2 annotators x 3 groups. */
	CHECK_INT(res.n, 4 * 3 + 2 * 3);
	CHECK_INT(count_metric(&res, "percent_agreement", "r1,r2"), 3);
	CHECK_INT(count_metric(&res, "cohen_kappa", "r1,r2"), 3);
	CHECK_INT(count_metric(&res, "fleiss_kappa", "r1,r2"), 3);
	CHECK_INT(count_metric(&res, "krippendorff_alpha", "r1,r2"), 3);
	CHECK_INT(count_metric(&res, "annotator_error_rate", "r1"), 3);
	CHECK_INT(count_metric(&res, "annotator_error_rate", "r2"), 3);

	/*
	 * Rule 5, F (p4 has one code and is left out: 100 units):
	 *   percent = 60 / 100;
	 *   Cohen: N 100, agreeing 60, rater totals r1 (50, 50), r2 (50, 50),
	 *     S = 50*50 + 50*50 = 5000: (100*60 - 5000) / (100^2 - 5000) = 0.2;
	 *   Fleiss: Q = 2*60 = 120, Nn = 200, S = 100^2 + 100^2:
	 *     (120*200 - 20000) / (200^2 - 20000) = 0.2;
	 *   alpha: n = 200 values, sum o_cc = 120, sum n_c (n_c - 1) = 2*100*99 = 19800:
	 *     (199*120 - 19800) / (200*199 - 19800) = 4080 / 20000.
	 * The rest of F is M + X = weights (100, 98, 6, 6, 0): percent 198/210.
	 * F's bootstrap interval lies below the rest's: warn.
	 */
	double rest_f[5], rest_m[5];
	for (size_t p = 0; p < 5; p++) {
		rest_f[p] = ann_m[p] + ann_x[p];
		rest_m[p] = ann_f[p] + ann_x[p];
	}
	static const struct {
		const char *metric;
		enum agreement_kind kind;
		double f, m;
	} agree[] = {
		/* M: percent 190/200; Cohen (200*190 - 20000)/(40000 - 20000); Fleiss (380*400 - 80000)/(160000 -
		 * 80000); alpha (399*380 - 79600)/(400*399 - 79600) = 72020/80000 */
		{"percent_agreement", AGREE_PERCENT, 0.6, 0.95},
		{"cohen_kappa", AGREE_COHEN, 0.2, 0.9},
		{"fleiss_kappa", AGREE_FLEISS, 0.2, 0.9},
		{"krippendorff_alpha", AGREE_ALPHA, 4080.0 / 20000, 72020.0 / 80000},
	};
	for (size_t k = 0; k < sizeof agree / sizeof agree[0]; k++) {
		const struct audit_record *r = must(&res, agree[k].metric, "r1,r2", "F");
		CHECK_NEAR(r->value, agree[k].f, 1e-14);
		CHECK_NEAR(r->n, 100, 0);
		CHECK_STR(r->reference, "(rest)");
		CHECK_STR(r->attribute, "sex");
		check_figure(r, agree[k].kind, 2, ann_codes, 5, ann_f, rest_f);
		HARNESS_REPORT(r->status == STATUS_WARN, "%s(F) status %d, want warn", agree[k].metric, (int)r->status);
		r = must(&res, agree[k].metric, "r1,r2", "M");
		CHECK_NEAR(r->value, agree[k].m, 1e-14);
		CHECK_NEAR(r->n, 200, 0);
		check_figure(r, agree[k].kind, 2, ann_codes, 5, ann_m, rest_m);
		HARNESS_REPORT(r->status == STATUS_OK, "%s(M) status %d, want ok", agree[k].metric, (int)r->status);
		/* X: 10 units < 30 */
		CHECK_INT(must(&res, agree[k].metric, "r1,r2", "X")->status, STATUS_INSUFFICIENT);
	}
	CHECK_NEAR(must(&res, "percent_agreement", NULL, "X")->value, 0.8, 1e-15); /* 8 / 10 */

	/*
	 * Rule 4. r1: F 34/105 against the rest 11/210; M 10/200 against 35/115.
	 * R 4.2.2: prop.test(34, 105, correct = FALSE)$conf.int;
	 *   pF <- fisher.test(matrix(c(34,71,11,199), 2, byrow = TRUE))$p.value;
	 *   pM <- fisher.test(matrix(c(10,190,35,80), 2, byrow = TRUE))$p.value;
	 *   p.adjust(c(pF, pM), "holm")   (X, 10 < 30, gets no test)
	 */
	const struct audit_record *r = must(&res, "annotator_error_rate", "r1", "F");
	CHECK_NEAR(r->value, 34.0 / 105, 1e-15);
	CHECK_NEAR(r->n, 105, 0);
	CHECK_NEAR(r->ci_low, 0.24189996231126906, REL);
	CHECK_NEAR(r->ci_high, 0.41815604574946491, REL);
	CHECK_NEAR(r->p_value, 3.9832112171592109e-10, REL);
	CHECK_NEAR(r->p_adjusted, 7.9664224343184219e-10, REL);
	CHECK_STR(r->reference, "(rest)");
	CHECK_DETAIL(r, "against gold; rest of the rows 0.05238"); /* 11/210 */
	CHECK_INT(r->status, STATUS_WARN);
	r = must(&res, "annotator_error_rate", "r1", "M");
	CHECK_NEAR(r->value, 0.05, 1e-15);
	CHECK_NEAR(r->p_value, 1.3963983472754273e-09, REL);
	CHECK_NEAR(r->p_adjusted, 1.3963983472754273e-09, REL);
	CHECK_INT(r->status, STATUS_OK); /* below the rest's 35/115 */
	/*
	 * r2: F 12/100 against 11/210: p = 0.039 < 0.05, but Holm over F and M
	 * (M 10/200 against 13/110, p = 0.040) gives 0.078: ok.
	 * R 4.2.2: fisher.test(matrix(c(12,88,11,199), 2, byrow = TRUE))$p.value;
	 *   fisher.test(matrix(c(10,190,13,97), 2, byrow = TRUE))$p.value; p.adjust(..., "holm")
	 */
	r = must(&res, "annotator_error_rate", "r2", "F");
	CHECK_NEAR(r->value, 0.12, 1e-15);
	CHECK_NEAR(r->n, 100, 0);
	CHECK_NEAR(r->ci_low, 0.069994064370194869, REL);
	CHECK_NEAR(r->ci_high, 0.19812099426711419, REL);
	CHECK_NEAR(r->p_value, 0.039225945650992342, REL);
	CHECK_NEAR(r->p_adjusted, 0.078451891301984683, REL);
	CHECK_INT(r->status, STATUS_OK);
	r = must(&res, "annotator_error_rate", "r2", "M");
	CHECK_NEAR(r->p_value, 0.039963433215023041, REL);
	CHECK_NEAR(r->p_adjusted, 0.078451891301984683, REL);
	r = must(&res, "annotator_error_rate", "r2", "X");
	CHECK_NEAR(r->value, 0.1, 1e-15);
	CHECK(isnan(r->p_value) && isnan(r->p_adjusted));
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	audit_result_free(&res);

	/*
	 * Overall (attribute and group null). Weights (130, 128, 26, 26, 5), 310 units:
	 *   percent 258/310; Cohen: totals r1 (156, 154), r2 (156, 154),
	 *     S = 156^2 + 154^2 = 48052: (310*258 - 48052) / (310^2 - 48052) = 31928/48048;
	 *   Fleiss: Q 516, Nn 620, S = 312^2 + 308^2 = 192208: (516*620 - 192208) / (620^2 - 192208)
	 *     = 127712/192192;
	 *   alpha: n 620, sum o_cc 516, sum n_c(n_c - 1) = 312*311 + 308*307 = 191588:
	 *     (619*516 - 191588) / (620*619 - 191588) = 127816/192192.
	 * annotator_error_rate r1 45/315, r2 23/310; R: prop.test(45, 315, correct = FALSE)$conf.int etc.
	 */
	measurement_overall_records(&ct, &res);
	CHECK_INT(res.n, 4 + 2);
	static const struct {
		const char *metric;
		enum agreement_kind kind;
		double value;
	} overall[] = {
		{"percent_agreement", AGREE_PERCENT, 258.0 / 310},
		{"cohen_kappa", AGREE_COHEN, 31928.0 / 48048},
		{"fleiss_kappa", AGREE_FLEISS, 127712.0 / 192192},
		{"krippendorff_alpha", AGREE_ALPHA, 127816.0 / 192192},
	};
	for (size_t k = 0; k < sizeof overall / sizeof overall[0]; k++) {
		r = must(&res, overall[k].metric, "r1,r2", NULL);
		CHECK_NEAR(r->value, overall[k].value, 1e-14);
		CHECK_NEAR(r->n, 310, 0);
		CHECK(r->attribute == NULL && r->reference == NULL);
		CHECK_INT(r->status, STATUS_OK);
		check_figure(r, overall[k].kind, 2, ann_codes, 5, weight, NULL);
	}
	r = must(&res, "annotator_error_rate", "r1", NULL);
	CHECK_NEAR(r->value, 45.0 / 315, 1e-15);
	CHECK_NEAR(r->n, 315, 0);
	CHECK_NEAR(r->ci_low, 0.1085103251345244, REL);
	CHECK_NEAR(r->ci_high, 0.18580980239151176, REL);
	CHECK(r->attribute == NULL && r->reference == NULL && isnan(r->p_value));
	CHECK_DETAIL(r, "against gold");
	r = must(&res, "annotator_error_rate", "r2", NULL);
	CHECK_NEAR(r->value, 23.0 / 310, 1e-15);
	CHECK_NEAR(r->ci_low, 0.049944914584173203, REL);
	CHECK_NEAR(r->ci_high, 0.10886603094221073, REL);
	audit_result_free(&res);
}

/*
 * Three annotators: no cohen_kappa. Patterns (0,0,0) (1,1,1) (0,0,1) (0,1,-1) (1,-1,-1):
 *   F 40 40 15 5 3 (103 rows), M 45 45 5 5 0 (100 rows).
 * percent, by hand: a unit's share of agreeing ordered pairs is 1 for
 * (0,0,0) and (1,1,1), 2/6 for (0,0,1), 0 for (0,1,-), and (1,-,-) has one
 * code and is left out: F (80 + 15/3) / 100, M (90 + 5/3) / 100.
 */
static void test_three_annotators(void)
{
	static char *names[] = {"a", "b", "c"};
	static const int codes[] = {0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, -1, 1, -1, -1};
	double pf[] = {40, 40, 15, 5, 3}, pm[] = {45, 45, 5, 5, 0};
	double patterns[10], weight[5];
	for (size_t p = 0; p < 5; p++) {
		patterns[p] = pf[p];
		patterns[5 + p] = pm[p];
		weight[p] = pf[p] + pm[p];
	}
	char *groups[] = {"F", "M"}, *classes[] = {"(all)"};
	double n[] = {103, 100}, unlabeled[] = {0, 0};
	struct count_table t = {.attribute = "sex", .groups = groups, .ngroups = 2, .nstrata = 1, .nclasses = 1,
				.n = n, .unlabeled = unlabeled, .member = 0, .patterns = patterns};
	struct count_tables ct = {.rows = 203, .classes = classes, .nclasses = 1, .strata = one_stratum, .nstrata = 1,
				  .tables = &t, .ntables = 1};
	ct.annotators = (struct annotator_counts){.names = names, .nannotators = 3, .ncats = 2, .codes = (int *)codes,
						  .npatterns = 5, .weight = weight};
	struct audit_result res = {0};
	measurement_records(&t, &ct, 0, 30, &res);
	CHECK_INT(res.n, 3 * 2);
	CHECK_INT(count_metric(&res, "cohen_kappa", NULL), 0);
	CHECK_INT(count_metric(&res, "percent_agreement", "a,b,c"), 2);
	CHECK_INT(count_metric(&res, "fleiss_kappa", "a,b,c"), 2);
	CHECK_INT(count_metric(&res, "krippendorff_alpha", "a,b,c"), 2);
	const struct audit_record *r = must(&res, "percent_agreement", "a,b,c", "F");
	CHECK_NEAR(r->value, 85.0 / 100, 1e-14);
	CHECK_NEAR(r->n, 100, 0);
	check_figure(r, AGREE_PERCENT, 3, codes, 5, pf, pm);
	r = must(&res, "percent_agreement", "a,b,c", "M");
	CHECK_NEAR(r->value, (90 + 5.0 / 3) / 100, 1e-14);
	check_figure(r, AGREE_PERCENT, 3, codes, 5, pm, pf);
	/* Fleiss uses only complete units: F 40 + 40 + 15 = 95. */
	r = must(&res, "fleiss_kappa", "a,b,c", "F");
	CHECK_NEAR(r->n, 95, 0);
	check_figure(r, AGREE_FLEISS, 3, codes, 5, pf, pm);
	check_figure(must(&res, "krippendorff_alpha", "a,b,c", "F"), AGREE_ALPHA, 3, codes, 5, pf, pm);
	audit_result_free(&res);

	measurement_overall_records(&ct, &res);
	CHECK_INT(res.n, 3); /* percent, fleiss, alpha; no gold, so no annotator_error_rate */
	CHECK_INT(count_metric(&res, "cohen_kappa", NULL), 0);
	CHECK_NEAR(must(&res, "percent_agreement", "a,b,c", NULL)->value, (170 + 20.0 / 3) / 200, 1e-14);
	audit_result_free(&res);
}

/* ---------------------------------------------------------------- column_bias rules 1-7 ---- */

/*
 * sex F (1000 rows), M (1200), X (60): 2260 rows, two strata (dept eng/ops).
 * Columns (c: name, role, levels per group F | M | X, missing F/M/X):
 *  0 sex     protected  text  F, M, X                        0
 *  1 race    protected  text  a,b: 500,498 | 600,598 | 29,29  2/2/2
 *  2 hired   label      0,1:  600,397 | 700,500 | 30,30      3/0/0 (F's unlabeled rows)
 *  3 income  data       10,20,30,40: 300,150,50,0 | 50,100,150,180 | 7,7,7,6   500/720/33
 *  4 score   data       no levels; rows at 2.5, 1.5, 4.0 (shift 2.5):
 *                       400,300,200 | 400,200,300 | 15,15,15                     100/300/15
 *  5 zip     data       text A,B,C: 600,300,100 | 200,400,600 | 20,20,20         0
 *  6 dept    strata     text eng,ops: 500,500 | 610,590 | 30,30                  0
 *  7 screen  prediction 0,1: 550,450 | 600,600 | 30,30                          0
 *  8 age     data       20,30,40,50: 260,240,250,250 | 290,310,300,300 | 15,15,15,15   0
 * The R vectors below are rep(values, counts) of these rows.
 */
#define NG 3
#define NC 9

static double sex_lv[] = {1000, 0, 0, 0, 1200, 0, 0, 0, 60};
static double sex_cnt[] = {1000, 1200, 60};
static double race_lv[] = {500, 498, 600, 598, 29, 29};
static double race_cnt[] = {1129, 1125};
static double hired_val[] = {0, 1};
static double hired_lv[] = {600, 397, 700, 500, 30, 30};
static double hired_cnt[] = {1330, 927};
static double income_val[] = {10, 20, 30, 40};
static double income_lv[] = {300, 150, 50, 0, 50, 100, 150, 180, 7, 7, 7, 6};
static double income_cnt[] = {357, 257, 207, 186};
static double zip_lv[] = {600, 300, 100, 200, 400, 600, 20, 20, 20};
static double zip_cnt[] = {820, 720, 720};
static double dept_lv[] = {500, 500, 610, 590, 30, 30};
static double dept_cnt[] = {1140, 1120};
static double screen_val[] = {0, 1};
static double screen_lv[] = {550, 450, 600, 600, 30, 30};
static double screen_cnt[] = {1180, 1080};
static double age_val[] = {20, 30, 40, 50};
static double age_lv[] = {260, 240, 250, 250, 290, 310, 300, 300, 15, 15, 15, 15};
static double age_cnt[] = {565, 565, 565, 565};

/* missing[g * NC + c] */
static const double cb_missing[NG * NC] = {
	0, 2, 3, 500, 100, 0, 0, 0, 0,  /* F */
	0, 2, 0, 720, 300, 0, 0, 0, 0,  /* M */
	0, 2, 0, 33, 15, 0, 0, 0, 0,    /* X */
};

struct cb_fixture {
	struct column_counts cols[NC];
	double *levels[NC];
	double moments[NG * NC * 3];
	double missing[NG * NC];
	double n[NG * 2 * 2], unlabeled[NG];
	struct count_table t;
	struct count_tables ct;
};

/* Moment sums of column c about its shift, from its levels (rule 3's input, not an expected value). */
static void moments_from_levels(struct cb_fixture *f, size_t c)
{
	const struct column_counts *col = &f->cols[c];
	for (size_t g = 0; g < NG; g++) {
		double *m = &f->moments[(g * NC + c) * 3];
		m[0] = m[1] = m[2] = 0;
		for (size_t l = 0; l < col->nlevels; l++) {
			double k = f->levels[c][g * col->nlevels + l], d = col->level_value[l] - col->shift;
			m[0] += k;
			m[1] += k * d;
			m[2] += k * d * d;
		}
	}
}

static char *cb_groups[] = {"F", "M", "X"};
static char *cb_strata[] = {"eng", "ops"};

static void make_cb(struct cb_fixture *f)
{
	memset(f, 0, sizeof *f);
	struct column_counts *c = f->cols;
	c[0] = (struct column_counts){.name = "sex", .role = ROLE_PROTECTED, .distinct = 3, .nlevels = 3,
				      .level_count = sex_cnt};
	c[1] = (struct column_counts){.name = "race", .role = ROLE_PROTECTED, .missing = 6, .distinct = 2,
				      .nlevels = 2, .level_count = race_cnt};
	c[2] = (struct column_counts){.name = "hired", .numeric = 1, .role = ROLE_LABEL, .missing = 3, .distinct = 2,
				      .nlevels = 2, .level_value = hired_val, .level_count = hired_cnt, .shift = 0};
	c[3] = (struct column_counts){.name = "income", .numeric = 1, .role = ROLE_DATA, .missing = 1253,
				      .distinct = 4, .nlevels = 4, .level_value = income_val,
				      .level_count = income_cnt, .shift = 10};
	/* More than LEVELS_MAX distinct values in the real data: no levels, only the moment sums. */
	c[4] = (struct column_counts){.name = "score", .numeric = 1, .role = ROLE_DATA, .missing = 415,
				      .distinct = 3, .nlevels = 0, .shift = 2.5};
	c[5] = (struct column_counts){.name = "zip", .role = ROLE_DATA, .distinct = 3, .nlevels = 3,
				      .level_count = zip_cnt};
	c[6] = (struct column_counts){.name = "dept", .role = ROLE_STRATA, .distinct = 2, .nlevels = 2,
				      .level_count = dept_cnt};
	c[7] = (struct column_counts){.name = "screen", .numeric = 1, .role = ROLE_PREDICTION, .distinct = 2,
				      .nlevels = 2, .level_value = screen_val, .level_count = screen_cnt, .shift = 0};
	c[8] = (struct column_counts){.name = "age", .numeric = 1, .role = ROLE_DATA, .distinct = 4, .nlevels = 4,
				      .level_value = age_val, .level_count = age_cnt, .shift = 20};
	double *lv[NC] = {sex_lv, race_lv, hired_lv, income_lv, NULL, zip_lv, dept_lv, screen_lv, age_lv};
	memcpy(f->levels, lv, sizeof lv);
	memcpy(f->missing, cb_missing, sizeof cb_missing);
	moments_from_levels(f, 2);
	moments_from_levels(f, 3);
	moments_from_levels(f, 7);
	moments_from_levels(f, 8);
	/*
	 * score about 2.5: F 300 at -1, 400 at 0, 200 at +1.5: n 900, sum -300 + 300 = 0,
	 * squares 300 + 200*2.25 = 750; M 200 at -1, 300 at +1.5: 900, 250, 200 + 675 = 875;
	 * X 15 each: 45, -15 + 22.5 = 7.5, 15 + 33.75 = 48.75.
	 */
	const double score_m[NG][3] = {{900, 0, 750}, {900, 250, 875}, {45, 7.5, 48.75}};
	for (size_t g = 0; g < NG; g++)
		memcpy(&f->moments[(g * NC + 4) * 3], score_m[g], sizeof score_m[g]);
	/* n[(g * 2 + s) * 2 + class]: hired by dept; F's 3 unlabeled rows are in eng. */
	const double n[] = {300, 197, 300, 200, 350, 260, 350, 240, 15, 15, 15, 15};
	memcpy(f->n, n, sizeof n);
	f->unlabeled[0] = 3;
	f->t = (struct count_table){.attribute = "sex", .groups = cb_groups, .ngroups = NG, .nstrata = 2,
				    .nclasses = 2, .n = f->n, .unlabeled = f->unlabeled, .member = 0,
				    .missing = f->missing, .levels = f->levels, .moments = f->moments};
	f->ct = (struct count_tables){.rows = 2260, .has_label = 1, .classes = two_classes, .nclasses = 2,
				      .binary = 1, .strata = cb_strata, .nstrata = 2, .tables = &f->t, .ntables = 1,
				      .columns = f->cols, .ncolumns = NC, .predicted = NULL, .truth = NULL};
}

/* The fixture agrees with itself: rows per group, levels per column, moments per level. */
static void check_cb_fixture(const struct cb_fixture *f)
{
	const double rows[NG] = {1000, 1200, 60};
	for (size_t g = 0; g < NG; g++) {
		double sum = f->unlabeled[g];
		for (size_t k = 0; k < 4; k++)
			sum += f->n[g * 4 + k];
		CHECK_NEAR(sum, rows[g], 0);
	}
	for (size_t c = 0; c < NC; c++) {
		const struct column_counts *col = &f->cols[c];
		double present = 0;
		for (size_t l = 0; l < col->nlevels; l++) {
			double s = 0;
			for (size_t g = 0; g < NG; g++)
				s += f->levels[c][g * col->nlevels + l];
			CHECK_NEAR(s, col->level_count[l], 0);
			present += s;
		}
		double miss = 0;
		for (size_t g = 0; g < NG; g++)
			miss += f->missing[g * NC + c];
		CHECK_NEAR(miss, col->missing, 0);
		if (col->nlevels)
			CHECK_NEAR(present + miss, 2260, 0);
		if (col->numeric)
			for (size_t g = 0; g < NG; g++)
				CHECK_NEAR(f->moments[(g * NC + c) * 3] + f->missing[g * NC + c], rows[g], 0);
	}
}

static void test_column_bias(void)
{
	struct cb_fixture *f = malloc(sizeof *f);
	make_cb(f);
	check_cb_fixture(f);
	struct audit_result res = {0};
	column_bias_records(&f->t, &f->ct, 30, &res);

	/*
	 * Record set. missing_rate: hired, income, score (race is protected;
	 * zip, dept, screen, age have no missing cell) x 3 groups; one
	 * differential_missingness each; mean, sd, median, ks_statistic, smd for
	 * the numeric data columns income, score, age x 3 groups (not hired:
	 * label, not screen: prediction); proxy_strength for income, score, zip,
	 * dept (strata), age.
	 */
	CHECK_INT(count_metric(&res, "missing_rate", NULL), 9);
	CHECK_INT(count_metric(&res, "differential_missingness", NULL), 3);
	const char *per_group[] = {"mean", "sd", "median", "ks_statistic", "smd"};
	for (size_t k = 0; k < 5; k++) {
		CHECK_INT(count_metric(&res, per_group[k], NULL), 9);
		CHECK_INT(count_metric(&res, per_group[k], "income"), 3);
		CHECK_INT(count_metric(&res, per_group[k], "score"), 3);
		CHECK_INT(count_metric(&res, per_group[k], "age"), 3);
	}
	CHECK_INT(count_metric(&res, "proxy_strength", NULL), 5);
	CHECK_INT(res.n, 9 + 3 + 45 + 5);
	CHECK_INT(count_column(&res, "sex"), 0);
	CHECK_INT(count_column(&res, "race"), 0);
	CHECK_INT(count_column(&res, "screen"), 0);
	CHECK_INT(count_column(&res, "hired"), 3 + 1); /* missing_rate x 3 and the test; nothing numeric */
	CHECK_INT(count_column(&res, "zip"), 1);
	CHECK_INT(count_column(&res, "dept"), 1);
	for (size_t i = 0; i < res.n; i++)
		CHECK_STR(res.records[i].family, "measurement");

	/*
	 * Rule 1: missing / rows of g, rows including the unlabeled.
	 * R 4.2.2: prop.test(x, n, correct = FALSE)$conf.int
	 */
	static const struct {
		const char *column, *group;
		double x, n, low, high;
	} mr[] = {
		{"hired", "F", 3, 1000, 0.0010207838811386195, 0.0087830140535031728},
		{"hired", "M", 0, 1200, 0, 0.0031910006027349221},
		{"hired", "X", 0, 60, 0, 0.060171852142089831},
		{"income", "F", 500, 1000, 0.46906960036810419, 0.53093039963189581},
		{"income", "M", 720, 1200, 0.57200524331689551, 0.62735655656255751},
		{"income", "X", 33, 60, 0.42491935885334348, 0.66906345593244765},
		{"score", "F", 100, 1000, 0.082909443593095711, 0.12015196319534839},
		{"score", "M", 300, 1200, 0.22632431519937959, 0.27527118510198778},
		{"score", "X", 15, 60, 0.15776522530056675, 0.37232070077047807},
	};
	for (size_t i = 0; i < sizeof mr / sizeof mr[0]; i++) {
		const struct audit_record *r = must(&res, "missing_rate", mr[i].column, mr[i].group);
		CHECK_NEAR(r->value, mr[i].x / mr[i].n, 1e-15);
		CHECK_NEAR(r->n, mr[i].n, 0);
		CHECK_NEAR(r->ci_low, mr[i].low, REL);
		CHECK_NEAR(r->ci_high, mr[i].high, REL);
		CHECK(r->reference == NULL);
		CHECK_INT(r->status, STATUS_OK);
	}

	/*
	 * Rule 2. R 4.2.2: m <- c(3,0,0) (hired), c(500,720,33) (income), c(100,300,15) (score);
	 *   t <- chisq.test(cbind(m, c(1000,1200,60) - m), correct = FALSE): $statistic, $p.value, min($expected).
	 * hired: smallest expected count 60*3/2260 = 0.0796 < 5: insufficient, no p_adjusted.
	 * Holm over income and score: p.adjust(c(p_income, p_score), "holm").
	 */
	const struct audit_record *r = must(&res, "differential_missingness", "hired", NULL);
	CHECK_NEAR(r->value, 3.7850243686309257, REL);
	CHECK_NEAR(r->p_value, 0.15069276492114056, REL);
	CHECK(isnan(r->p_adjusted));
	CHECK_NEAR(r->n, 2260, 0);
	CHECK_STR(r->attribute, "sex");
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	CHECK_DETAIL(r, "df 2; group rates 0 to 0.003; smallest expected count 0.0796 is under 5");
	/* income: very significant, but rates 0.5 .. 0.6 spread only 1.2x < 1.25x: ok. */
	r = must(&res, "differential_missingness", "income", NULL);
	CHECK_NEAR(r->value, 22.084673050815095, REL);
	CHECK_NEAR(r->p_value, 1.6009367706311263e-05, REL);
	CHECK_NEAR(r->p_adjusted, 1.6009367706311263e-05, REL); /* max(2 p_score, p_income) */
	CHECK_INT(r->status, STATUS_OK);
	CHECK_DETAIL(r, "df 2; group rates 0.5 to 0.6");
	/* score: rates 0.1 .. 0.25 (2.5x): warn. */
	r = must(&res, "differential_missingness", "score", NULL);
	CHECK_NEAR(r->value, 83.679106670584787, REL);
	CHECK_NEAR(r->p_value, 6.750141256770759e-19, REL);
	CHECK_NEAR(r->p_adjusted, 1.3500282513541518e-18, REL); /* 2 p_score */
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_DETAIL(r, "df 2; group rates 0.1 to 0.25");

	/*
	 * Rules 3-5, income (levels). R 4.2.2 with v <- c(10,20,30,40),
	 * F <- rep(v, c(300,150,50,0)), M <- rep(v, c(50,100,150,180)), X <- rep(v, c(7,7,7,6)):
	 * mean, sd, median of each; ks.test(F, c(M, X), exact = FALSE)$statistic.
	 * The p-values of D 0.577 and 0.568 underflow in R (printed 0); they are
	 * 2 sum_k (-1)^(k-1) exp(-2 k^2 x^2), x = sqrt(na nb / (na + nb)) D (the
	 * Kolmogorov series, evaluated in R with k = 1:40). Holm over F and M
	 * (X, 27 values < 30, is not tested).
	 * smd: (mean g - mean rest) / sqrt(((n1-1) var(g) + (n2-1) var(rest)) / (n1 + n2 - 2)).
	 * Rule 9: F and M are both significant; F has the larger |smd| (1.66 >= 0.5),
	 * so F's smd is the column's one finding for sex and every other record is ok.
	 */
	static const struct {
		const char *group;
		double mean, sd, median, n, d, p, p_adj, smd;
		int ks_status, smd_status;
	} inc[] = {
		/* D = |450/500 - 164/507| at 20 */
		{"F", 15, 6.714922215537678, 10, 500, 450.0 / 500 - 164.0 / 507, 4.1953821244820573e-73,
		 8.3907642489641146e-73, -1.663594672278321, STATUS_OK, STATUS_WARN},
		/* D = |150/480 - 464/527| at 20 */
		{"M", 29.583333333333332, 10.001739584252526, 30, 480, 464.0 / 527 - 150.0 / 480,
		 8.288052117504397e-71, 8.288052117504397e-71, 1.6216959717492268, STATUS_OK, STATUS_OK},
	};
	for (size_t i = 0; i < sizeof inc / sizeof inc[0]; i++) {
		const char *g = inc[i].group;
		r = must(&res, "mean", "income", g);
		CHECK_NEAR(r->value, inc[i].mean, 1e-14);
		CHECK_NEAR(r->n, inc[i].n, 0);
		CHECK_INT(r->status, STATUS_OK);
		r = must(&res, "sd", "income", g);
		CHECK_NEAR(r->value, inc[i].sd, 1e-13);
		CHECK_NEAR(r->n, inc[i].n, 0);
		r = must(&res, "median", "income", g);
		CHECK_NEAR(r->value, inc[i].median, 0);
		CHECK(r->detail == NULL);
		r = must(&res, "ks_statistic", "income", g);
		CHECK_NEAR(r->value, inc[i].d, 1e-14);
		CHECK_NEAR(r->p_value, inc[i].p, 1e-9);
		CHECK_NEAR(r->p_adjusted, inc[i].p_adj, 1e-9);
		CHECK_NEAR(r->n, inc[i].n, 0);
		CHECK_STR(r->reference, "(rest)");
		CHECK_INT(r->status, inc[i].ks_status);
		r = must(&res, "smd", "income", g);
		CHECK_NEAR(r->value, inc[i].smd, 1e-12);
		CHECK_NEAR(r->n, inc[i].n, 0);
		CHECK_STR(r->reference, "(rest)");
		CHECK_INT(r->status, inc[i].smd_status);
	}
	/* rest of F: mean(c(M, X)) = 29.30966, of M: (7500 + 660) / 527; KS p (Holm) 8.39e-73 from above */
	CHECK_DETAIL(must(&res, "smd", "income", "F"),
		     "mean 15 against 29.31 in the rest; the finding for sex: |smd| >= 0.5 with KS p (Holm) 8.39e-73");
	CHECK_DETAIL(must(&res, "ks_statistic", "income", "F"), "largest |smd| for sex: the finding is its smd");
	CHECK_DETAIL(must(&res, "smd", "income", "M"),
		     "mean 29.58 against 15.48 in the rest; judged at F (largest |smd|): its smd warns");
	CHECK_DETAIL(must(&res, "ks_statistic", "income", "M"), "judged at F (largest |smd|): its smd warns");
	/* X: 33 of its 60 rows miss income, 27 values < 30: figures given, all insufficient; no KS test. */
	r = must(&res, "mean", "income", "X");
	CHECK_NEAR(r->value, 24.444444444444443, 1e-14); /* R: mean(X) */
	CHECK_NEAR(r->n, 27, 0);
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	CHECK_NEAR(must(&res, "sd", "income", "X")->value, 11.208970766356099, 1e-13);
	CHECK_NEAR(must(&res, "median", "income", "X")->value, 20, 0);
	r = must(&res, "ks_statistic", "income", "X");
	CHECK(isnan(r->value) && isnan(r->p_value) && isnan(r->p_adjusted));
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	r = must(&res, "smd", "income", "X");
	CHECK_NEAR(r->value, 0.20574425082009912, 1e-12); /* above 0.2, but insufficient, never warn */
	CHECK_INT(r->status, STATUS_INSUFFICIENT);

	/*
	 * score: no levels, so mean and sd come from the moment sums; median and
	 * KS are null with the reason. R 4.2.2 with v <- c(1.5, 2.5, 4):
	 * F <- rep(v, c(300,400,200)), M <- rep(v, c(200,400,300)), X <- rep(v, c(15,15,15)).
	 * Without KS, smd carries Welch's test (rule 5): t.test(F, c(M, X))$p.value
	 * etc., p.adjust(c(pF, pM, pX), "holm"). Rule 9: F and M are significant,
	 * F has the larger |smd|, 0.29 < 0.5: no finding, every record ok. The
	 * rests' means: F (2500 + 120) / 945, M (2250 + 120) / 945, X 4750 / 1800.
	 */
	static const struct {
		const char *group;
		double mean, sd, n, smd, p, p_adj;
		const char *detail;
	} sc[] = {
		{"F", 2.5, 0.9133785027086162, 900, -0.29212057475337699, 4.2635447579759703e-10, 1.2790634273927911e-09,
		 "mean 2.5 against 2.772 in the rest; largest |smd| for sex: under 0.5, no finding"},
		{"M", 2.7777777777777777, 0.94660305707844139, 900, 0.28922481548813922, 6.7292426320988206e-10,
		 1.3458485264197641e-09, "mean 2.778 against 2.508 in the rest; judged at F (largest |smd|): no finding"},
		{"X", 2.6666666666666665, 1.0390117682420419, 45, 0.029466779942110839, 0.85987104308511841,
		 0.85987104308511841, "mean 2.667 against 2.639 in the rest; judged at F (largest |smd|): no finding"},
	};
	for (size_t i = 0; i < sizeof sc / sizeof sc[0]; i++) {
		const char *g = sc[i].group;
		r = must(&res, "mean", "score", g);
		CHECK_NEAR(r->value, sc[i].mean, 1e-14);
		CHECK_NEAR(r->n, sc[i].n, 0);
		CHECK_INT(r->status, STATUS_OK);
		CHECK_NEAR(must(&res, "sd", "score", g)->value, sc[i].sd, 1e-13);
		r = must(&res, "median", "score", g);
		CHECK(isnan(r->value));
		CHECK_DETAIL(r, "more than 16384 distinct values: not kept");
		r = must(&res, "ks_statistic", "score", g);
		CHECK(isnan(r->value) && isnan(r->p_value) && isnan(r->p_adjusted));
		CHECK_NEAR(r->n, sc[i].n, 0);
		CHECK_INT(r->status, STATUS_OK);
		CHECK_DETAIL(r, "more than 16384 distinct values: not kept");
		r = must(&res, "smd", "score", g);
		CHECK_NEAR(r->value, sc[i].smd, 1e-12);
		CHECK_NEAR(r->p_value, sc[i].p, 1e-9);
		CHECK_NEAR(r->p_adjusted, sc[i].p_adj, 1e-9);
		CHECK_INT(r->status, STATUS_OK);
		CHECK_DETAIL(r, sc[i].detail);
	}

	/*
	 * age: nearly the same distribution everywhere. R 4.2.2 with v <- c(20,30,40,50),
	 * F <- rep(v, c(260,240,250,250)), M <- rep(v, c(290,310,300,300)), X <- rep(v, 15):
	 * ks.test(F, c(M, X), exact = FALSE): D 0.0179365..., p 0.99390...; X's
	 * cumulative shares equal the rest's (15/60 = 550/2200, ...): D 0, p 1.
	 * Holm over the three: all 1. smd F -0.016: ok.
	 */
	r = must(&res, "ks_statistic", "age", "F");
	CHECK_NEAR(r->value, 0.017936507936507941, 1e-12);
	CHECK_NEAR(r->p_value, 0.99390355202184344, 1e-9);
	CHECK_NEAR(r->p_adjusted, 1, 0);
	CHECK_INT(r->status, STATUS_OK);
	r = must(&res, "ks_statistic", "age", "X");
	CHECK_NEAR(r->value, 0, 0);
	CHECK_NEAR(r->p_value, 1, 0);
	CHECK_NEAR(must(&res, "mean", "age", "F")->value, 34.9, 1e-14);           /* R: mean(F) */
	CHECK_NEAR(must(&res, "sd", "age", "F")->value, 11.274622703980702, 1e-13); /* R: sd(F) */
	CHECK_NEAR(must(&res, "median", "age", "F")->value, 35, 0);               /* R: median(F) */
	r = must(&res, "smd", "age", "F");
	CHECK_NEAR(r->value, -0.016036309307575991, 1e-11);
	CHECK_INT(r->status, STATUS_OK);
	CHECK_NEAR(must(&res, "smd", "age", "X")->value, 0, 1e-12);

	/*
	 * Rule 6. Numeric columns: eta; R 4.2.2: y <- c(F, M, X); g <- factor(rep(1:3, lengths(list(F, M, X))));
	 *   sqrt(summary(lm(y ~ g))$r.squared), anova(lm(y ~ g))$"Pr(>F)"[1], length(y).
	 * Text columns: Cramer's V, bias-corrected (stats.h 6a); R: t <- chisq.test(tab, correct = FALSE);
	 *   n <- sum(tab); r <- nrow(tab); k <- ncol(tab); p2 <- max(0, t$statistic/n - (k-1)*(r-1)/(n-1));
	 *   sqrt(p2 / min(k - (k-1)^2/(n-1) - 1, r - (r-1)^2/(n-1) - 1)), t$p.value.
	 */
	static const struct {
		const char *column;
		double value, p, n, p_rel;
		int status;
		const char *detail;
	} px[] = {
		/* 0.644 >= 0.3 and p tiny: warn; the p of F(2, 1004) that far out agrees with R to ~1e-6 */
		{"income", 0.64402980394659248, 1.5714795945349357e-117, 1007, 1e-6, STATUS_WARN,
		 "correlation ratio (eta) over 3 groups"},
		/* significant, but 0.146 < 0.3: ok (from the moment sums alone) */
		{"score", 0.14567449640167479, 2.6334919999307844e-09, 1845, 1e-8, STATUS_OK,
		 "correlation ratio (eta) over 3 groups"},
		{"age", 0.0080558522306621496, 0.92937927241669005, 2260, 1e-9, STATUS_OK,
		 "correlation ratio (eta) over 3 groups"},
		/* tab <- rbind(c(600,300,100), c(200,400,600), c(20,20,20)) */
		{"zip", 0.35036467051283449, 1.5850120282578507e-119, 2260, 1e-6, STATUS_WARN,
		 "bias-corrected Cramer's V over 3 groups x 3 values (plain V 0.3515)"},
		/* tab <- rbind(c(500,500), c(610,590), c(30,30)); a strata column is measured too */
		/* chi2/n is below its expectation under independence: corrected to 0 */
		{"dept", 0, 0.9248005245430283, 2260, 1e-9, STATUS_OK,
		 "bias-corrected Cramer's V over 3 groups x 2 values (plain V 0.008318)"},
	};
	for (size_t i = 0; i < sizeof px / sizeof px[0]; i++) {
		r = must(&res, "proxy_strength", px[i].column, NULL);
		CHECK_NEAR(r->value, px[i].value, 1e-11);
		CHECK_NEAR(r->p_value, px[i].p, px[i].p_rel);
		CHECK_NEAR(r->n, px[i].n, 0);
		CHECK_STR(r->attribute, "sex");
		CHECK(r->reference == NULL);
		HARNESS_REPORT(r->status == (enum record_status)px[i].status, "proxy_strength(%s) status %d, want %d",
			       px[i].column, (int)r->status, px[i].status);
		CHECK_DETAIL(r, px[i].detail);
	}
	audit_result_free(&res);

	/* Rule 7 with min_group 100: X (60 rows) is insufficient on per-group figures, M is not. */
	column_bias_records(&f->t, &f->ct, 100, &res);
	CHECK_INT(res.n, 62);
	CHECK_INT(must(&res, "missing_rate", "score", "X")->status, STATUS_INSUFFICIENT);
	CHECK_INT(must(&res, "missing_rate", "score", "M")->status, STATUS_OK);
	CHECK_INT(must(&res, "mean", "age", "X")->status, STATUS_INSUFFICIENT);
	CHECK(isnan(must(&res, "ks_statistic", "age", "X")->p_value)); /* X no longer tested */
	CHECK_INT(must(&res, "differential_missingness", "score", NULL)->status, STATUS_WARN); /* not per group */
	audit_result_free(&res);

	/* An intersection (member -1) or a table without missing counts gets no column records. */
	f->t.member = -1;
	column_bias_records(&f->t, &f->ct, 30, &res);
	CHECK_INT(res.n, 0);
	f->t.member = 0;
	f->t.missing = NULL;
	column_bias_records(&f->t, &f->ct, 30, &res);
	CHECK_INT(res.n, 0);
	audit_result_free(&res);
	free(f);
}

void test_measurement(void)
{
	test_aequitas();
	test_label_error();
	test_annotators();
	test_three_annotators();
	test_column_bias();
}
