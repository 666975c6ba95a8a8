/*
 * test_gate.c — unit tests for src/gate.c on hand-made results: each default
 * rule of gate.h G5 at and around its bounds, configured rules replacing the
 * defaults of their metric only, share bounds, the three insufficient
 * outcomes, attribute/group/column matching (null included), the pii_*
 * prefix, several rules on one record, the evaluations' order and text,
 * --strict; then the GitHub workflow commands (G9), the JUnit report
 * (reports/junit.h J1-J4: counts, outcomes, escaping, characters XML cannot
 * hold) and markdown_report_append.
 * Entry point: test_gate().
 */
#include "gate.h"
#include "harness.h"
#include "junit.h"
#include "markdown.h"
#include "record.h"
#include "util.h"

#include <sys/stat.h>

void test_gate(void);
static char *junit_text(const struct audit_result *r);

static struct audit_record *add(struct audit_result *r, const char *family, const char *metric, const char *attr,
				const char *column, const char *group, double value, double n,
				enum record_status status)
{
	struct audit_record rec = record_init(family, metric);
	rec.attribute = attr ? xstrdup(attr) : NULL;
	rec.column = column ? xstrdup(column) : NULL;
	rec.group = group ? xstrdup(group) : NULL;
	rec.reference = group && attr ? xstrdup("M") : NULL;
	rec.value = value;
	rec.n = n;
	rec.status = status;
	/* A disparate impact here has a test that agrees with its band (significant outside it, not
	 * inside), so the band decides, as it would alone; test_band_with_evidence varies the test. */
	if (strcmp(metric, "disparate_impact") == 0)
		rec.p_adjusted = value < 0.8 || value > 1.25 ? 0.001 : 0.5;
	return audit_result_add(r, &rec);
}

static void start(struct audit_result *r)
{
	memset(r, 0, sizeof *r);
	r->tool_version = "0.1.0";
	r->dataset.name = xstrdup("t");
	r->dataset.version = 1;
}

/* A configured rule with static strings (not freed: never passed to gate_rule_free). */
static struct gate_rule rule(const char *metric, int has_min, double min, int has_max, double max)
{
	struct gate_rule g;
	memset(&g, 0, sizeof g);
	g.metric = (char *)metric;
	g.has_min = has_min;
	g.min = min;
	g.has_max = has_max;
	g.max = max;
	g.severity = STATUS_FAIL;
	g.insufficient = STATUS_INSUFFICIENT;
	return g;
}

/* The evaluations of record i, counted. */
static size_t evals_of(const struct audit_result *r, size_t i)
{
	size_t n = 0;
	for (size_t e = 0; e < r->nevaluations; e++)
		n += r->evaluations[e].record == i;
	return n;
}

static const struct gate_evaluation *first_eval(const struct audit_result *r, size_t i)
{
	for (size_t e = 0; e < r->nevaluations; e++)
		if (r->evaluations[e].record == i)
			return &r->evaluations[e];
	return NULL;
}

/* G5: disparate_impact band [0.8, 1.25] fail, bounds inclusive (G2); insufficient kept; null judged insufficient. */
static void test_default_disparate_impact(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.7999, 100, STATUS_FAIL);      /* 0 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "G", 0.8, 100, STATUS_OK);           /* 1 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "H", 1.25, 100, STATUS_OK);          /* 2 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "I", 1.2501, 100, STATUS_OK);        /* 3 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "X", 0.5, 6, STATUS_INSUFFICIENT);   /* 4 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "Y", NAN, 100, STATUS_OK);           /* 5 */
	add(&r, "selection", "fisher_exact", "sex", "hired", "F", 0.5, 100, STATUS_WARN);             /* 6 */
	gate_apply(NULL, 0, 1, 5, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_FAIL);
	CHECK_INT(r.records[1].status, STATUS_OK);
	CHECK_INT(r.records[2].status, STATUS_OK);
	CHECK_INT(r.records[3].status, STATUS_FAIL);
	CHECK_INT(r.records[4].status, STATUS_INSUFFICIENT);
	CHECK_INT(r.records[5].status, STATUS_INSUFFICIENT); /* G3: a rule that cannot judge never says ok */
	CHECK_INT(r.records[6].status, STATUS_WARN);         /* G4: no rule, the metric's own status */
	/* G4: the unmatched warn is kept as an evaluation of its metric's built-in rule. */
	CHECK_INT(r.nevaluations, 7);
	CHECK_INT(evals_of(&r, 6), 1);
	const struct gate_evaluation *own = first_eval(&r, 6);
	CHECK(own && own->builtin && own->outcome == STATUS_WARN && strcmp(own->rule, "built-in fisher_exact") == 0);
	CHECK(own && strncmp(own->bound, "warn when p_adjusted < 0.05", 27) == 0); /* reports/method.c */
	const struct gate_evaluation *ev = first_eval(&r, 0);
	if (ev) {
		CHECK_STR(ev->rule, "default disparate_impact");
		CHECK_STR(ev->bound, "outside [0.8, 1.25] and significant (Holm p < 0.05)");
		CHECK_INT(ev->outcome, STATUS_FAIL);
		CHECK(ev->judged == 0.7999 && !ev->insufficient && !ev->share);
	}
	ev = first_eval(&r, 4);
	CHECK(ev && ev->insufficient && ev->outcome == STATUS_INSUFFICIENT && ev->judged == 0.5);
	ev = first_eval(&r, 5);
	CHECK(ev && ev->insufficient && isnan(ev->judged));
	/* G6: record order. */
	for (size_t e = 0; e < r.nevaluations; e++)
		CHECK_INT(r.evaluations[e].record, e);
	CHECK(gate_failed(&r, 0));
	audit_result_free(&r);
}

/* G3a: a band on a tested comparison judges the band and the test together (metrics/common.h J1-J4). */
static void test_band_with_evidence(void)
{
	struct audit_result r;
	start(&r);
	struct audit_record *x;
	x = add(&r, "selection", "disparate_impact", "race", "y", "B", 0.553, 27, STATUS_OK);   /* 0: both */
	x->p_adjusted = 0.023;
	x = add(&r, "selection", "disparate_impact", "race", "y", "A", 0.714, 32, STATUS_OK);   /* 1: band only */
	x->p_adjusted = 0.56;
	x = add(&r, "selection", "disparate_impact", "race", "y", "H", 0.925, 637, STATUS_OK);  /* 2: neither */
	x->p_adjusted = 0.56;
	x = add(&r, "selection", "disparate_impact", "race", "y", "O", 0.9, 9000, STATUS_OK);   /* 3: test only */
	x->p_adjusted = 1e-6;
	x = add(&r, "selection", "disparate_impact", "race", "y", "N", 0.0, 3, STATUS_OK);      /* 4: no test */
	x->p_adjusted = NAN;
	x = add(&r, "measurement", "fpr_disparity", "race", "y", "B", 1.5, 300, STATUS_OK);     /* 5: configured */
	x->p_adjusted = 0.2;
	x = add(&r, "measurement", "ppr_disparity", "race", "y", "B", 1.5, 300, STATUS_OK);     /* 6: not tested */
	x->p_adjusted = 0.2;
	struct gate_rule rules[] = {rule("fpr_disparity", 1, 0.8, 1, 1.25), rule("ppr_disparity", 1, 0.8, 1, 1.25)};
	gate_apply(rules, 2, 1, 5, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_FAIL);
	CHECK_INT(r.records[1].status, STATUS_WARN);
	CHECK_INT(r.records[2].status, STATUS_OK);
	CHECK_INT(r.records[3].status, STATUS_WARN);
	CHECK_INT(r.records[4].status, STATUS_WARN);
	CHECK_INT(r.records[5].status, STATUS_WARN);  /* outside its band, not significant */
	CHECK_INT(r.records[6].status, STATUS_FAIL);  /* ppr_disparity: the band alone (G3a) */
	audit_result_free(&r);
}

/* G5: pii_* max 0 fail, k_anonymity min --k fail, duplicate_rows share max 0.01 warn, krippendorff_alpha dataset level. */
static void test_default_rules(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "privacy", "pii_email", NULL, "notes", NULL, 1, 250, STATUS_FAIL);       /* 0 */
	add(&r, "privacy", "pii_ip", NULL, "notes", NULL, 0, 250, STATUS_OK);            /* 1 */
	add(&r, "privacy", "k_anonymity", NULL, "sex,age", NULL, 4, 400, STATUS_OK);     /* 2 */
	add(&r, "privacy", "k_anonymity", NULL, "zip", NULL, 5, 400, STATUS_FAIL);       /* 3 */
	add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 2, 12, STATUS_WARN);      /* 4: 16.7% */
	add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 10, 1000, STATUS_WARN);   /* 5: 1% exactly */
	add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 0, 0, STATUS_OK);         /* 6: no rows */
	add(&r, "measurement", "krippendorff_alpha", NULL, "r1,r2", NULL, 0.6, 400, STATUS_OK);    /* 7 */
	add(&r, "measurement", "krippendorff_alpha", NULL, "r1,r2", NULL, 0.667, 400, STATUS_OK);  /* 8 */
	add(&r, "measurement", "krippendorff_alpha", "race", "r1,r2", "H", 0.3, 60, STATUS_WARN);  /* 9 */
	add(&r, "measurement", "krippendorff_alpha", "race", "r1,r2", "W", 0.6, 300, STATUS_OK);   /* 10 */
	add(&r, "privacy", "records_at_risk", NULL, "sex,age", NULL, 3, 400, STATUS_WARN);         /* 11 */
	gate_apply(NULL, 0, 1, 5, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_FAIL);
	CHECK_INT(r.records[1].status, STATUS_OK);
	CHECK_INT(r.records[2].status, STATUS_FAIL);
	CHECK_INT(r.records[3].status, STATUS_OK); /* 5 is not below 5 */
	CHECK_INT(r.records[4].status, STATUS_WARN);
	CHECK_INT(r.records[5].status, STATUS_OK); /* share 0.01 is not above 0.01 */
	CHECK_INT(r.records[6].status, STATUS_INSUFFICIENT);
	CHECK_INT(r.records[7].status, STATUS_WARN);
	CHECK_INT(r.records[8].status, STATUS_OK);
	CHECK_INT(r.records[9].status, STATUS_WARN); /* per group: not judged, the metric's own */
	CHECK_INT(r.records[10].status, STATUS_OK);
	CHECK_INT(r.records[11].status, STATUS_WARN);
	CHECK_INT(evals_of(&r, 10), 0);
	CHECK(first_eval(&r, 9) && first_eval(&r, 9)->builtin && evals_of(&r, 9) == 1);
	CHECK(first_eval(&r, 11) && first_eval(&r, 11)->builtin && evals_of(&r, 11) == 1);
	for (size_t e = 0; e < r.nevaluations; e++)
		CHECK(r.evaluations[e].builtin == (r.evaluations[e].record == 9 || r.evaluations[e].record == 11));
	const struct gate_evaluation *ev = first_eval(&r, 0);
	CHECK(ev && strcmp(ev->rule, "default pii_*") == 0 && strcmp(ev->bound, "above 0") == 0);
	ev = first_eval(&r, 2);
	CHECK(ev && strcmp(ev->bound, "below 5") == 0);
	ev = first_eval(&r, 4);
	if (ev) {
		CHECK(ev->share);
		CHECK_NEAR(ev->judged, 2.0 / 12, 1e-12);
		CHECK_STR(ev->bound, "above 0.01");
		CHECK_INT(ev->outcome, STATUS_WARN);
	}
	ev = first_eval(&r, 7);
	CHECK(ev && strcmp(ev->bound, "below 0.667") == 0 && ev->outcome == STATUS_WARN);
	/* A warn verdict passes the gate; with --strict it fails (G7), the records unchanged. */
	r.records[0].status = STATUS_OK;
	r.records[2].status = STATUS_OK;
	CHECK_STR(audit_verdict(&r), "warn");
	CHECK(!gate_failed(&r, 0));
	CHECK(gate_failed(&r, 1));
	CHECK_INT(r.records[4].status, STATUS_WARN);
	audit_result_free(&r);

	/* K follows --k. */
	start(&r);
	add(&r, "privacy", "k_anonymity", NULL, "sex,age", NULL, 4, 400, STATUS_OK);
	gate_apply(NULL, 0, 1, 3, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_OK);
	CHECK(r.nevaluations == 1 && strcmp(r.evaluations[0].bound, "below 3") == 0);
	audit_result_free(&r);

	/* policy_defaults false: no rule at all, every status the metric's. */
	start(&r);
	add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.5, 100, STATUS_FAIL);
	add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 1, 1000, STATUS_WARN);
	gate_apply(NULL, 0, 0, 5, &r, NULL);
	CHECK_INT(r.nevaluations, 2);
	CHECK(r.nevaluations == 2 && r.evaluations[0].builtin && r.evaluations[1].builtin);
	CHECK_INT(r.records[0].status, STATUS_FAIL);
	CHECK_INT(r.records[1].status, STATUS_WARN);
	audit_result_free(&r);
}

/* G5: a configured rule takes over its metric, whatever its attribute; other metrics keep their defaults. */
static void test_configured_replace_defaults(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "selection", "disparate_impact", "race", "hired", "B", 0.75, 100, STATUS_FAIL); /* 0 */
	add(&r, "selection", "disparate_impact", "race", "hired", "A", 0.65, 100, STATUS_FAIL); /* 1 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.5, 100, STATUS_FAIL);   /* 2 */
	add(&r, "selection", "disparate_impact", "sex", "hired", "G", 0.9, 100, STATUS_OK);     /* 3 */
	add(&r, "privacy", "pii_email", NULL, "notes", NULL, 2, 250, STATUS_FAIL);               /* 4 */
	struct gate_rule rules[1];
	rules[0] = rule("disparate_impact", 1, 0.7, 1, 1.43);
	rules[0].attribute.given = 1;
	rules[0].attribute.value = "race";
	size_t matches[1] = {99};
	gate_apply(rules, 1, 1, 5, &r, matches);
	CHECK_INT(matches[0], 2);
	CHECK_INT(r.records[0].status, STATUS_WARN); /* G3a: inside [0.7, 1.43] but significant */
	CHECK_INT(r.records[1].status, STATUS_FAIL);
	/* sex is judged by no rule: the default for the metric is replaced, so the metric's own statuses stay. */
	CHECK_INT(r.records[2].status, STATUS_FAIL);
	CHECK(first_eval(&r, 2) && first_eval(&r, 2)->builtin);
	CHECK_INT(evals_of(&r, 3), 0);
	CHECK_INT(r.records[4].status, STATUS_FAIL); /* pii default still in force */
	const struct gate_evaluation *ev = first_eval(&r, 0);
	CHECK(ev && strcmp(ev->rule, "policy[0] disparate_impact") == 0 && strcmp(ev->bound, "within [0.7, 1.43], significant (Holm p < 0.05)") == 0);
	ev = first_eval(&r, 4);
	CHECK(ev && strcmp(ev->rule, "default pii_*") == 0);
	audit_result_free(&r);

	/* A loosened band lets the audit pass when the test agrees. */
	start(&r);
	add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.72, 100, STATUS_FAIL)->p_adjusted = 0.2;
	rules[0] = rule("disparate_impact", 1, 0.7, 1, 1.43);
	rules[0].name = "loose DI";
	gate_apply(rules, 1, 1, 5, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_OK);
	CHECK_STR(audit_verdict(&r), "pass");
	CHECK(r.nevaluations == 1 && strcmp(r.evaluations[0].rule, "loose DI") == 0);
	CHECK(!gate_failed(&r, 1));
	audit_result_free(&r);
}

/* G1: pii_* names every pii_ kind; a configured pii_email replaces the default for pii_email only. */
static void test_pii_prefix(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "privacy", "pii_email", NULL, "notes", NULL, 3, 250, STATUS_FAIL); /* 0 */
	add(&r, "privacy", "pii_phone", NULL, "notes", NULL, 3, 250, STATUS_FAIL); /* 1 */
	add(&r, "privacy", "pii_iban", NULL, "notes", NULL, 1, 250, STATUS_FAIL);  /* 2 */
	struct gate_rule rules[1] = {rule("pii_email", 0, 0, 1, 5)};
	gate_apply(rules, 1, 1, 5, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_OK);
	CHECK_INT(r.records[1].status, STATUS_FAIL);
	CHECK_INT(r.records[2].status, STATUS_FAIL);
	CHECK(first_eval(&r, 0) && strcmp(first_eval(&r, 0)->rule, "policy[0] pii_email") == 0);
	CHECK(first_eval(&r, 1) && strcmp(first_eval(&r, 1)->rule, "default pii_*") == 0);
	audit_result_free(&r);

	start(&r);
	add(&r, "privacy", "pii_email", NULL, "notes", NULL, 3, 250, STATUS_FAIL);
	add(&r, "privacy", "pii_phone", NULL, "notes", NULL, 30, 250, STATUS_FAIL);
	add(&r, "privacy", "k_anonymity", NULL, "zip", NULL, 1, 250, STATUS_FAIL);
	rules[0] = rule(GATE_PII_PATTERN, 0, 0, 1, 0.05);
	rules[0].share = 1;
	rules[0].severity = STATUS_WARN;
	gate_apply(rules, 1, 1, 5, &r, NULL);
	CHECK_INT(r.records[0].status, STATUS_OK);   /* 3 / 250 = 0.012 */
	CHECK_INT(r.records[1].status, STATUS_WARN); /* 30 / 250 = 0.12 */
	CHECK_INT(r.records[2].status, STATUS_FAIL); /* not a pii_ metric: the default k_anonymity */
	CHECK_INT(r.nevaluations, 3);
	audit_result_free(&r);
	CHECK(gate_metric_known("pii_*") && gate_metric_known("pii_email") && gate_metric_known("disparate_impact"));
	CHECK(!gate_metric_known("pii_") && !gate_metric_known("foo") && !gate_metric_known("disparate_*") &&
	      !gate_metric_known(NULL));
}

/* G3: the insufficient outcome pass, warn or fail, for an insufficient record, a null value and a share over n = 0. */
static void test_insufficient_outcomes(void)
{
	static const enum record_status outcomes[] = {STATUS_INSUFFICIENT, STATUS_WARN, STATUS_FAIL};
	for (size_t k = 0; k < 3; k++) {
		struct audit_result r;
		start(&r);
		add(&r, "selection", "disparate_impact", "sex", "hired", "X", 0.84, 6, STATUS_INSUFFICIENT);
		add(&r, "selection", "disparate_impact", "sex", "hired", "Y", NAN, 50, STATUS_OK);
		add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 0, NAN, STATUS_OK);
		add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.9, 50, STATUS_OK);
		struct gate_rule rules[2] = {rule("disparate_impact", 1, 0.8, 1, 1.25), rule("duplicate_rows", 0, 0, 1, 0.01)};
		rules[0].insufficient = rules[1].insufficient = outcomes[k];
		rules[1].share = 1;
		gate_apply(rules, 2, 1, 5, &r, NULL);
		for (size_t i = 0; i < 3; i++) {
			CHECK_INT(r.records[i].status, outcomes[k]);
			const struct gate_evaluation *ev = first_eval(&r, i);
			CHECK(ev && ev->insufficient && ev->outcome == outcomes[k]);
		}
		CHECK_INT(r.records[3].status, STATUS_OK);
		CHECK_STR(audit_verdict(&r), k == 0 ? "pass" : k == 1 ? "warn" : "fail");
		audit_result_free(&r);
	}
}

/* G1: attribute, group and column match exactly; null matches only a record without one; G4: worst wins. */
static void test_matching(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "selection", "label_rate", "sex", "hired", "F", 0.2, 100, STATUS_OK);      /* 0 */
	add(&r, "selection", "label_rate", "sex", "hired", "M", 0.4, 100, STATUS_OK);      /* 1 */
	add(&r, "selection", "label_rate", "race", "hired", "F", 0.2, 100, STATUS_OK);     /* 2 */
	add(&r, "selection", "label_rate", NULL, "hired", NULL, 0.3, 200, STATUS_OK);      /* 3 */
	add(&r, "selection", "label_rate", "sex", "promoted", "F", 0.2, 100, STATUS_OK);   /* 4 */
	add(&r, "selection", "label_rate", "Sex", "hired", "F", 0.2, 100, STATUS_OK);      /* 5: case differs */
	struct gate_rule rules[3];
	rules[0] = rule("label_rate", 1, 0.25, 0, 0); /* sex=F of hired */
	rules[0].attribute = (struct gate_match){1, "sex"};
	rules[0].group = (struct gate_match){1, "F"};
	rules[0].column = (struct gate_match){1, "hired"};
	rules[1] = rule("label_rate", 1, 0.35, 0, 0); /* dataset level only */
	rules[1].attribute = (struct gate_match){1, NULL};
	rules[1].severity = STATUS_WARN;
	rules[2] = rule("label_rate", 0, 0, 1, 0.3); /* every label_rate, warn */
	rules[2].severity = STATUS_WARN;
	size_t matches[3];
	gate_apply(rules, 3, 1, 5, &r, matches);
	CHECK_INT(matches[0], 1);
	CHECK_INT(matches[1], 1);
	CHECK_INT(matches[2], 6);
	CHECK_INT(r.records[0].status, STATUS_FAIL); /* rule 0 fails, rule 2 ok: the worse */
	CHECK_INT(evals_of(&r, 0), 2);
	CHECK_INT(r.records[1].status, STATUS_WARN); /* 0.4 above 0.3 */
	CHECK_INT(r.records[2].status, STATUS_OK);
	CHECK_INT(r.records[3].status, STATUS_WARN); /* rule 1: 0.3 below 0.35 */
	CHECK_INT(evals_of(&r, 3), 2);
	CHECK_INT(r.records[4].status, STATUS_OK);
	CHECK_INT(r.records[5].status, STATUS_OK);
	CHECK_INT(evals_of(&r, 5), 1);
	/* G6: for one record, rule order. */
	CHECK(r.nevaluations >= 2 && strcmp(r.evaluations[0].rule, "policy[0] label_rate") == 0 &&
	      strcmp(r.evaluations[1].rule, "policy[2] label_rate") == 0);
	audit_result_free(&r);
}

/* G9: workflow commands, worst first, escaped; ok and insufficient evaluations print nothing. */
static void test_github(void)
{
	struct audit_result r;
	start(&r);
	struct audit_record *rec =
		add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 2, 12, STATUS_WARN);
	rec = add(&r, "selection", "disparate_impact", "sex", "hired", "50%,a:b", 0.719, 1868, STATUS_FAIL);
	rec->ci_low = 0.661;
	rec->ci_high = 0.783;
	add(&r, "selection", "disparate_impact", "sex", "hired", "G", 1, 100, STATUS_OK);
	add(&r, "selection", "disparate_impact", "sex", "hired", "X", 1, 5, STATUS_INSUFFICIENT);
	gate_apply(NULL, 0, 1, 5, &r, NULL);
	char path[64];
	if (harness_temp_file("", 0, path) != 0) {
		CHECK(!"temp file");
		audit_result_free(&r);
		return;
	}
	FILE *f = fopen(path, "w");
	if (f) {
		gate_github_annotations(&r, f);
		fclose(f);
	}
	char *text = harness_slurp(path, NULL);
	CHECK_STR(text, "::error title=dsaudit disparate_impact::hired, sex=50%25,a:b vs M: 0.719 (95%25 CI 0.661–0.783), "
			"n=1868 is outside [0.8, 1.25] and significant (Holm p < 0.05)\n"
			"::warning title=dsaudit duplicate_rows::dataset: share 0.167 (2 of 12) is above 0.01\n");
	free(text);
	unlink(path);
	audit_result_free(&r);
}

/* The words of an evaluation (junit.h): insufficient counted as fail, and within the bounds. */
static void test_evaluation_message(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "selection", "disparate_impact", "sex", "hired", "X", 0.84, 6, STATUS_INSUFFICIENT);
	add(&r, "selection", "disparate_impact", "sex", "hired", "Y", 0.9, 60, STATUS_OK);
	struct gate_rule rules[1] = {rule("disparate_impact", 1, 0.8, 0, 0)};
	rules[0].insufficient = STATUS_FAIL;
	gate_apply(rules, 1, 1, 5, &r, NULL);
	struct strbuf sb = {0};
	gate_evaluation_message(&sb, &r, &r.evaluations[0]);
	CHECK_STR(sb.buf, "hired, sex=X vs M: 0.84, n=6; insufficient data, counted as fail");
	strbuf_reset(&sb);
	gate_evaluation_message(&sb, &r, &r.evaluations[1]);
	CHECK_STR(sb.buf, "hired, sex=Y vs M: 0.9, n=60 is within the bounds");
	audit_result_free(&r);

	/* G4: a failing record no rule names, in the message, the annotation and the JUnit report. */
	start(&r);
	add(&r, "quality", "id_duplicates", NULL, "id", NULL, 1, 12, STATUS_FAIL);
	gate_apply(NULL, 0, 1, 5, &r, NULL);
	strbuf_reset(&sb);
	if (r.nevaluations == 1)
		gate_evaluation_message(&sb, &r, &r.evaluations[0]);
	CHECK_STR(sb.buf, "id: 1, n=12; fail by the metric's own rule");
	strbuf_free(&sb);
	char *text = junit_text(&r);
	CHECK(text && strstr(text, "<failure message=\"id: 1, n=12; fail by the metric's own rule\" type=\"fail\">"
				   "rule: built-in id_duplicates\n"
				   "record: quality id_duplicates id\n"
				   "value: 1, n=12\n"
				   "threshold: fail when above 0 (an id that is not unique breaks joins).\n"
				   "</failure>"));
	free(text);
	audit_result_free(&r);
}

/* Writes r's junit.xml into a fresh directory and returns its text (NULL on error). */
static char *junit_text(const struct audit_result *r)
{
	char dir[] = "/tmp/dsaudit-junit-XXXXXX", path[64];
	struct audit_err err = {0};
	if (!mkdtemp(dir))
		return NULL;
	int rc = junit_report_write(r, dir, &err);
	CHECK_INT(rc, AUDIT_OK);
	snprintf(path, sizeof path, "%s/junit.xml", dir);
	char *text = harness_slurp(path, NULL);
	unlink(path);
	rmdir(dir);
	return text;
}

static size_t count_of(const char *text, const char *needle)
{
	size_t n = 0;
	for (const char *p = text ? strstr(text, needle) : NULL; p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* J1-J3: suites per family in report order, a test case per evaluation, warn a failure only with --strict. */
static void test_junit_layout(void)
{
	struct audit_result r;
	start(&r);
	add(&r, "privacy", "pii_email", NULL, "notes", NULL, 1, 250, STATUS_FAIL);
	add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.7, 100, STATUS_FAIL);
	add(&r, "selection", "disparate_impact", "sex", "hired", "X", 0.7, 5, STATUS_INSUFFICIENT);
	add(&r, "selection", "disparate_impact", "sex", "hired", "G", 1, 100, STATUS_OK);
	add(&r, "quality", "duplicate_rows", NULL, NULL, NULL, 2, 12, STATUS_WARN);
	add(&r, "selection", "label_rate", "sex", "hired", "F", 0.2, 100, STATUS_OK);
	struct gate_rule rules[2] = {rule("label_rate", 1, 0, 1, 1), rule("label_rate", 1, 0.1, 0, 0)};
	gate_apply(rules, 2, 1, 5, &r, NULL);
	char *text = junit_text(&r);
	CHECK(text && strstr(text, "<testsuites name=\"dsaudit\" tests=\"7\" failures=\"2\" errors=\"0\" time=\"0\">\n"
				   "  <testsuite name=\"dsaudit.selection\" tests=\"5\" failures=\"1\" errors=\"0\" "
				   "skipped=\"1\" time=\"0\">\n"
				   "    <testcase classname=\"dsaudit.selection.disparate_impact\" "
				   "name=\"disparate_impact hired, sex=F vs M\" time=\"0\">\n"
				   "      <failure message=\"hired, sex=F vs M: 0.7, n=100 is outside [0.8, 1.25] and significant (Holm p &lt; 0.05)\" "
				   "type=\"fail\">rule: default disparate_impact\n"
				   "record: selection disparate_impact hired, sex=F vs M\n"
				   "value: 0.7, n=100\n"
				   "bound: outside [0.8, 1.25] and significant (Holm p &lt; 0.05)\n"
				   "</failure>\n"
				   "    </testcase>\n"
				   "    <testcase classname=\"dsaudit.selection.disparate_impact\" "
				   "name=\"disparate_impact hired, sex=X vs M\" time=\"0\">\n"
				   "      <skipped message=\"hired, sex=X vs M: 0.7, n=5; insufficient data\"/>\n"
				   "    </testcase>\n"
				   "    <testcase classname=\"dsaudit.selection.disparate_impact\" "
				   "name=\"disparate_impact hired, sex=G vs M\" time=\"0\"/>\n"
				   "    <testcase classname=\"dsaudit.selection.label_rate\" "
				   "name=\"label_rate hired, sex=F vs M [policy[0] label_rate]\" time=\"0\"/>\n"
				   "    <testcase classname=\"dsaudit.selection.label_rate\" "
				   "name=\"label_rate hired, sex=F vs M [policy[1] label_rate]\" time=\"0\"/>\n"
				   "  </testsuite>\n"
				   "  <testsuite name=\"dsaudit.quality\" tests=\"1\" failures=\"0\" errors=\"0\" "
				   "skipped=\"0\" time=\"0\">\n"
				   "    <testcase classname=\"dsaudit.quality.duplicate_rows\" name=\"duplicate_rows dataset\" "
				   "time=\"0\">\n"
				   "      <system-out>warn: dataset: share 0.167 (2 of 12) is above 0.01\n"
				   "rule: default duplicate_rows\n"
				   "record: quality duplicate_rows dataset\n"
				   "value: 2, n=12\n"
				   "share: 0.167\n"
				   "bound: above 0.01\n"
				   "</system-out>\n"
				   "    </testcase>\n"
				   "  </testsuite>\n"
				   "  <testsuite name=\"dsaudit.privacy\" tests=\"1\" failures=\"1\" "));
	CHECK(text && strstr(text, "</testsuites>\n") && text[strlen(text) - 1] == '\n');
	free(text);

	/* --strict: the warning is a failure of type warn. */
	r.strict = 1;
	text = junit_text(&r);
	CHECK(text && strstr(text, "<testsuites name=\"dsaudit\" tests=\"7\" failures=\"3\" errors=\"0\" time=\"0\">"));
	CHECK(text && strstr(text, "<failure message=\"dataset: share 0.167 (2 of 12) is above 0.01\" type=\"warn\">"));
	CHECK_INT(count_of(text, "<system-out>"), 0);
	free(text);
	audit_result_free(&r);

	/* No evaluation at all: an empty testsuites element. */
	start(&r);
	add(&r, "selection", "label_rate", "sex", "hired", "F", 0.2, 100, STATUS_OK);
	gate_apply(NULL, 0, 1, 5, &r, NULL);
	text = junit_text(&r);
	CHECK_STR(text, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<testsuites name=\"dsaudit\" tests=\"0\" failures=\"0\" errors=\"0\" time=\"0\"/>\n");
	free(text);
	audit_result_free(&r);
}

/* J4: markup escaped in names, messages and bodies; what XML 1.0 cannot hold dropped. */
static void test_junit_escaping(void)
{
	struct audit_result r;
	start(&r);
	struct audit_record *rec =
		add(&r, "selection", "disparate_impact", "a&b", "hired", "<x y=\"1\">'", 0.5, 100, STATUS_FAIL);
	/* detail: a control character, a bad byte, U+FFFE, a tab and CR LF, and Hangul. */
	rec->detail = xstrdup("d\x01" "e\xff" "f\xef\xbf\xbe" "g\th\r\n한&<>");
	gate_apply(NULL, 0, 1, 5, &r, NULL);
	char *text = junit_text(&r);
	CHECK(text && strstr(text, "name=\"disparate_impact hired, a&amp;b=&lt;x y=&quot;1&quot;&gt;' vs M\""));
	CHECK(text && strstr(text, "<failure message=\"hired, a&amp;b=&lt;x y=&quot;1&quot;&gt;' vs M: 0.5, n=100 is "
				   "outside [0.8, 1.25] and significant (Holm p &lt; 0.05)\""));
	/* finding_name shows control characters, bad bytes and line breaks as '?'; U+FFFE is dropped here. */
	CHECK(text && strstr(text, "detail: d?e?fg?h??한&amp;&lt;&gt;\n"));
	CHECK(text && !strchr(text, '\x01') && !strstr(text, "\xef\xbf\xbe") && !strstr(text, "\xff"));
	free(text);
	audit_result_free(&r);

	/* A rule's name is the user's text, shown as given: in a test case name, escaped, control characters dropped. */
	start(&r);
	add(&r, "selection", "label_rate", "sex", "hired", "F", 0.2, 100, STATUS_OK);
	struct gate_rule rules[2] = {rule("label_rate", 1, 0, 0, 0), rule("label_rate", 0, 0, 1, 1)};
	rules[0].name = "a\x01<b>\"";
	rules[1].name = "tab\there\xff";
	gate_apply(rules, 2, 1, 5, &r, NULL);
	text = junit_text(&r);
	CHECK(text && strstr(text, "name=\"label_rate hired, sex=F vs M [a&lt;b&gt;&quot;]\""));
	CHECK(text && strstr(text, "name=\"label_rate hired, sex=F vs M [tab&#9;here]\""));
	free(text);
	audit_result_free(&r);
}

/* The summary appended to a job summary file: created if absent, a blank line after earlier text. */
static void test_markdown_append(void)
{
	struct audit_result r;
	struct audit_err err = {0};
	start(&r);
	add(&r, "selection", "disparate_impact", "sex", "hired", "F", 0.7, 100, STATUS_FAIL);
	char dir[] = "/tmp/dsaudit-append-XXXXXX", path[64];
	if (!mkdtemp(dir)) {
		CHECK(!"temp dir");
		audit_result_free(&r);
		return;
	}
	snprintf(path, sizeof path, "%s/summary", dir);
	CHECK_INT(markdown_report_append(&r, path, &err), AUDIT_OK);
	char *once = harness_slurp(path, NULL);
	CHECK(once && strncmp(once, "## dsaudit: FAIL\n", 17) == 0);
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("earlier step", f);
		fclose(f);
	}
	CHECK_INT(markdown_report_append(&r, path, &err), AUDIT_OK);
	CHECK_INT(markdown_report_append(&r, path, &err), AUDIT_OK);
	char *text = harness_slurp(path, NULL);
	struct strbuf want = {0};
	strbuf_printf(&want, "earlier step\n\n%s\n%s", once ? once : "", once ? once : "");
	CHECK_STR(text, want.buf);
	strbuf_free(&want);
	free(text);
	free(once);
	unlink(path);
	/* A directory cannot be appended to: AUDIT_EIO naming it. */
	CHECK_INT(markdown_report_append(&r, dir, &err), AUDIT_EIO);
	CHECK(strstr(err.msg, dir) != NULL);
	rmdir(dir);
	audit_result_free(&r);
}

/* gate_rule_free releases what a parsed rule owns and zeroes it. */
static void test_rule_free(void)
{
	struct gate_rule g = rule("x", 1, 0, 0, 0);
	g.metric = xstrdup("disparate_impact");
	g.name = xstrdup("n");
	g.group = (struct gate_match){1, xstrdup("F")};
	gate_rule_free(&g);
	CHECK(g.metric == NULL && g.name == NULL && g.group.value == NULL && g.group.given == 0);
	gate_rule_free(&g);
}

void test_gate(void)
{
	test_band_with_evidence();
	test_default_disparate_impact();
	test_default_rules();
	test_configured_replace_defaults();
	test_pii_prefix();
	test_insufficient_outcomes();
	test_matching();
	test_github();
	test_evaluation_message();
	test_junit_layout();
	test_junit_escaping();
	test_markdown_append();
	test_rule_free();
}
