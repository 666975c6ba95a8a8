/*
 * test_xlsx.c — the method texts behind the workbook's Method sheet
 * (reports/method.c): every metric name dsaudit emits has an entry with a
 * definition and a direction, and the family-aware lookup tells the two
 * missing_rate metrics apart. The workbook itself is tested end to end in
 * tests/xlsx.test.
 */
#include "harness.h"
#include "method.h"

/*
 * Every metric of the man page's METRICS section, plus population_share
 * (metrics/representation.h 4a), grouped by family as there.
 */
static const char *const EMITTED[] = {
	/* representation */
	"group_count", "group_share", "class_imbalance", "population_share", "representation_ratio",
	"population_gof", "population_tvd",
	/* selection */
	"label_rate", "dpl", "statistical_parity_difference", "disparate_impact", "fisher_exact",
	"kl_divergence", "js_divergence", "lp_norm", "tvd", "ks", "chi2_independence", "cramers_v", "cdd",
	"mantel_haenszel_or",
	/* measurement: the Aequitas rates and their disparities */
	"ppr", "pprev", "prev", "precision", "fdr", "for", "npv", "fpr", "fnr", "tpr", "tnr",
	"ppr_disparity", "pprev_disparity", "prev_disparity", "precision_disparity", "fdr_disparity",
	"for_disparity", "npv_disparity", "fpr_disparity", "fnr_disparity", "tpr_disparity", "tnr_disparity",
	/* measurement: errors, agreement, data columns */
	"label_error_rate", "annotator_error_rate", "percent_agreement", "cohen_kappa", "fleiss_kappa",
	"krippendorff_alpha", "missing_rate", "differential_missingness", "mean", "sd", "median",
	"ks_statistic", "smd", "proxy_strength", "label_leakage",
	/* quality */
	"rows", "columns", "distinct_count", "constant_column", "duplicate_rows", "conflicting_labels",
	"id_duplicates", "mixed_types", "out_of_domain", "outlier_rate", "label_imbalance", "duplicate_column",
	/* privacy */
	"pii_email", "pii_phone", "pii_credit_card", "pii_kr_rrn", "pii_us_ssn", "pii_ip", "pii_iban",
	"pii_person_name", "pii_birth_date", "k_anonymity", "records_at_risk", "l_diversity", "candidate_k_anonymity",
	/* drift (diff, audit --baseline) */
	"share_shift", "psi", "label_rate_shift", "drift_chi2",
	"not_audited",
};

static const char *const FAMILY_NAMES[] = {"representation", "selection", "measurement", "quality", "privacy",
					   "drift"};

static void test_every_metric_has_a_method(void)
{
	for (size_t i = 0; i < sizeof EMITTED / sizeof EMITTED[0]; i++) {
		const struct method *m = method_lookup(EMITTED[i]);
		HARNESS_REPORT(m != NULL, "method_lookup(\"%s\") = NULL", EMITTED[i]);
		if (m)
			CHECK_STR(m->metric, EMITTED[i]);
	}
	CHECK(method_lookup("no_such_metric") == NULL);
	CHECK(method_lookup(NULL) == NULL);
}

static void test_every_entry_is_complete(void)
{
	for (size_t i = 0; i < NMETHODS; i++) {
		const struct method *m = &METHODS[i];
		HARNESS_REPORT(m->metric && *m->metric, "METHODS[%zu] has no metric", i);
		HARNESS_REPORT(m->definition && *m->definition, "%s: empty definition", m->metric);
		HARNESS_REPORT(m->direction && *m->direction, "%s: empty direction", m->metric);
		HARNESS_REPORT(m->interval && m->threshold && m->source, "%s: a NULL field", m->metric);
		HARNESS_REPORT(m->threshold && *m->threshold, "%s: no status rule", m->metric);
		int known = 0;
		for (size_t f = 0; f < sizeof FAMILY_NAMES / sizeof FAMILY_NAMES[0]; f++)
			known |= strcmp(m->family, FAMILY_NAMES[f]) == 0;
		known |= strcmp(m->family, "any") == 0; /* not_audited: the family a "require" names */
		HARNESS_REPORT(known, "%s: unknown family %s", m->metric, m->family);
		/* A (metric, family) pair appears once. */
		int twice = 0;
		for (size_t j = 0; j < i; j++)
			twice |= strcmp(METHODS[j].metric, m->metric) == 0 && strcmp(METHODS[j].family, m->family) == 0;
		HARNESS_REPORT(!twice, "%s (%s) listed twice", m->metric, m->family);
	}
	/* No entry that dsaudit does not emit: the list above and METHODS agree both ways. */
	for (size_t i = 0; i < NMETHODS; i++) {
		int listed = 0;
		for (size_t k = 0; k < sizeof EMITTED / sizeof EMITTED[0]; k++)
			listed |= strcmp(METHODS[i].metric, EMITTED[k]) == 0;
		HARNESS_REPORT(listed, "METHODS has %s, which dsaudit does not emit", METHODS[i].metric);
	}
}

/* The statuses quoted are the man page's (METRICS, Status). */
static void test_family_lookup(void)
{
	const struct method *q = method_lookup_family("missing_rate", "quality");
	const struct method *m = method_lookup_family("missing_rate", "measurement");
	CHECK(q && m && q != m);
	if (q && m) {
		CHECK_STR(q->family, "quality");
		CHECK_STR(m->family, "measurement");
		CHECK(strstr(q->threshold, "0.5") != NULL);
	}
	/* A family without its own entry falls back to the metric's entry. */
	CHECK(method_lookup_family("disparate_impact", "drift") == method_lookup("disparate_impact"));
	CHECK(method_lookup_family("nothing", "quality") == NULL);

	const struct method *di = method_lookup("disparate_impact");
	CHECK(di && strstr(di->threshold, "fail outside [0.8, 1.25]") != NULL);
	CHECK(di && strstr(di->interval, "Katz") != NULL);
	const struct method *pii = method_lookup("pii_email");
	CHECK(pii && strncmp(pii->threshold, "fail", 4) == 0);
	const struct method *k = method_lookup("k_anonymity");
	CHECK(k && strstr(k->threshold, "--k") != NULL);
}

void test_xlsx(void)
{
	test_every_metric_has_a_method();
	test_every_entry_is_complete();
	test_family_lookup();
}
