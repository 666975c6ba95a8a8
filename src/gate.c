/*
 * gate.c — the policy judged against the records (see gate.h; rules cited
 * here as G1-G9).
 */
#include "gate.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "findings.h"
#include "junit.h"
#include "method.h"
#include "output.h"

/* G5: the default rules; K of k_anonymity comes from --k. */
#define DEFAULT_DI_LOW 0.8
#define DEFAULT_DI_HIGH 1.25
#define DEFAULT_DUPLICATE_SHARE 0.01
#define DEFAULT_ALPHA_MIN 0.667

enum { NDEFAULTS = 5 };

/* The defaults of G5 as rules (static strings: never freed). */
static void default_rules(long k, struct gate_rule out[NDEFAULTS])
{
	memset(out, 0, NDEFAULTS * sizeof *out);
	for (size_t i = 0; i < NDEFAULTS; i++) {
		out[i].severity = STATUS_FAIL;
		out[i].insufficient = STATUS_INSUFFICIENT;
	}
	out[0].metric = "disparate_impact";
	out[0].has_min = out[0].has_max = 1;
	out[0].min = DEFAULT_DI_LOW;
	out[0].max = DEFAULT_DI_HIGH;

	out[1].metric = GATE_PII_PATTERN;
	out[1].has_max = 1;
	out[1].max = 0;

	out[2].metric = "k_anonymity";
	out[2].has_min = 1;
	out[2].min = (double)k;

	out[3].metric = "duplicate_rows";
	out[3].share = 1;
	out[3].has_max = 1;
	out[3].max = DEFAULT_DUPLICATE_SHARE;
	out[3].severity = STATUS_WARN;

	/* Dataset level only (G5): the per-group records compare a group with the rest. */
	out[4].metric = "krippendorff_alpha";
	out[4].attribute.given = 1;
	out[4].has_min = 1;
	out[4].min = DEFAULT_ALPHA_MIN;
	out[4].severity = STATUS_WARN;
}

int gate_metric_known(const char *metric)
{
	return metric && (strcmp(metric, GATE_PII_PATTERN) == 0 || method_lookup(metric) != NULL);
}

/* G1: the metric part of a match. */
static int metric_matches(const struct gate_rule *rule, const char *metric)
{
	if (!metric)
		return 0;
	if (strcmp(rule->metric, GATE_PII_PATTERN) == 0)
		return strncmp(metric, "pii_", 4) == 0;
	return strcmp(rule->metric, metric) == 0;
}

/* G1: one named field; JSON null matches only a record without one. */
static int field_matches(const struct gate_match *m, const char *value)
{
	if (!m->given)
		return 1;
	if (!m->value)
		return value == NULL;
	return value && strcmp(value, m->value) == 0;
}

static int rule_matches(const struct gate_rule *rule, const struct audit_record *rec)
{
	return metric_matches(rule, rec->metric) && field_matches(&rule->attribute, rec->attribute) &&
	       field_matches(&rule->group, rec->group) && field_matches(&rule->column, rec->column);
}

void gate_bound_text(struct strbuf *sb, const struct gate_rule *rule)
{
	char lo[32], hi[32];
	format_double(rule->min, lo);
	format_double(rule->max, hi);
	if (rule->has_min && rule->has_max)
		strbuf_printf(sb, "outside [%s, %s]", lo, hi);
	else if (rule->has_min)
		strbuf_printf(sb, "below %s", lo);
	else
		strbuf_printf(sb, "above %s", hi);
}

/* G4: fail > warn > insufficient > ok. */
static int severity_rank(enum record_status s)
{
	switch (s) {
	case STATUS_OK: return 0;
	case STATUS_INSUFFICIENT: return 1;
	case STATUS_WARN: return 2;
	case STATUS_FAIL: return 3;
	}
	return 0;
}

/*
 * G3a: a band on a comparison that carries its own significance test is
 * judged by the band and the test together (common.h J1-J4), not by the
 * band alone.
 */
static int judged_with_evidence(const struct gate_rule *rule, const struct audit_record *rec)
{
	return rule->has_min && rule->has_max && !rule->share && judged_comparison(rec->metric);
}

/*
 * G8a: what an evidence-judged band found: "outside [0.8, 1.25] and
 * significant (Holm p < 0.05)", "outside [0.8, 1.25], not significant",
 * "within [0.8, 1.25], significant (Holm p < 0.05)".
 */
static void evidence_text(struct strbuf *sb, const struct gate_rule *rule, const struct audit_record *rec)
{
	char lo[32], hi[32];
	double p = judged_p(rec);
	int significant = !isnan(p) && p < SIGNIFICANCE;
	int outside = rec->value < rule->min || rec->value > rule->max;
	format_double(rule->min, lo);
	format_double(rule->max, hi);
	strbuf_printf(sb, "%s [%s, %s]%s", outside ? "outside" : "within", lo, hi,
		      outside && significant ? " and significant (Holm p < 0.05)"
		      : significant          ? ", significant (Holm p < 0.05)"
					     : ", not significant");
}

/* G2, G3: one rule on one record, as an evaluation (its strings still to be filled). */
static struct gate_evaluation judge(const struct gate_rule *rule, const struct audit_record *rec, size_t index)
{
	struct gate_evaluation ev;
	memset(&ev, 0, sizeof ev);
	ev.record = index;
	ev.share = rule->share;
	double x = rec->value;
	if (rule->share)
		x = isfinite(rec->n) && rec->n > 0 ? rec->value / rec->n : NAN;
	ev.judged = isfinite(x) ? x : NAN;
	ev.insufficient = rec->status == STATUS_INSUFFICIENT || isnan(ev.judged);
	if (ev.insufficient)
		ev.outcome = rule->insufficient;
	else if (judged_with_evidence(rule, rec))
		ev.outcome = judge_band(x, judged_p(rec), rule->min, rule->max, rule->severity);
	else if ((!rule->has_min || x >= rule->min) && (!rule->has_max || x <= rule->max))
		ev.outcome = STATUS_OK;
	else
		ev.outcome = rule->severity;
	return ev;
}

/* Which rule it was, for people: its name, "policy[2] disparate_impact" or "default pii_*". */
static char *rule_label(const struct gate_rule *rule, size_t index, int is_default)
{
	struct strbuf sb = {0};
	if (rule->name)
		strbuf_printf(&sb, "%s", rule->name);
	else if (is_default)
		strbuf_printf(&sb, "default %s", rule->metric);
	else
		strbuf_printf(&sb, "policy[%zu] %s", index, rule->metric);
	return sb.buf;
}

/* Evaluates rule on record i and folds its outcome into *worst (G4). */
static void evaluate(const struct gate_rule *rule, size_t rule_index, int is_default, struct audit_result *res,
		     size_t i, enum record_status original, int *matched, enum record_status *worst)
{
	struct audit_record rec = res->records[i];
	rec.status = original; /* every rule sees the metric's own status */
	struct gate_evaluation ev = judge(rule, &rec, i);
	struct strbuf bound = {0};
	if (judged_with_evidence(rule, &rec) && !ev.insufficient)
		evidence_text(&bound, rule, &rec);
	else
		gate_bound_text(&bound, rule);
	ev.bound = bound.buf;
	ev.rule = rule_label(rule, rule_index, is_default);
	if (!*matched || severity_rank(ev.outcome) > severity_rank(*worst))
		*worst = ev.outcome;
	*matched = 1;
	audit_result_add_evaluation(res, &ev);
}

/* G4: a warn or fail record no rule matched, as an evaluation of its metric's own rule. */
static void builtin_evaluation(struct audit_result *res, size_t i)
{
	const struct audit_record *rec = &res->records[i];
	const struct method *m = method_lookup_family(rec->metric, rec->family);
	struct gate_evaluation ev;
	struct strbuf rule = {0};
	memset(&ev, 0, sizeof ev);
	ev.record = i;
	ev.builtin = 1;
	ev.judged = isfinite(rec->value) ? rec->value : NAN;
	ev.outcome = rec->status;
	strbuf_printf(&rule, "built-in %s", rec->metric ? rec->metric : "?");
	ev.rule = rule.buf;
	ev.bound = xstrdup(m && m->threshold ? m->threshold : "");
	audit_result_add_evaluation(res, &ev);
}

void gate_apply(const struct gate_rule *rules, size_t n, int use_defaults, long k, struct audit_result *res,
		size_t *matches)
{
	struct gate_rule defaults[NDEFAULTS];
	default_rules(k, defaults);
	for (size_t j = 0; matches && j < n; j++)
		matches[j] = 0;
	for (size_t i = 0; i < res->n; i++) {
		const struct audit_record *rec = &res->records[i];
		enum record_status original = rec->status, worst = original;
		int matched = 0, taken_over = 0;
		for (size_t j = 0; j < n; j++) {
			if (!metric_matches(&rules[j], rec->metric))
				continue;
			taken_over = 1; /* G5: a configured rule for this metric: no default applies */
			if (!rule_matches(&rules[j], rec))
				continue;
			evaluate(&rules[j], j, 0, res, i, original, &matched, &worst);
			if (matches)
				matches[j]++;
		}
		for (size_t d = 0; use_defaults && !taken_over && d < NDEFAULTS; d++)
			if (rule_matches(&defaults[d], rec))
				evaluate(&defaults[d], d, 1, res, i, original, &matched, &worst);
		if (matched)
			res->records[i].status = worst;
		else if (original == STATUS_WARN || original == STATUS_FAIL)
			builtin_evaluation(res, i);
	}
}

int gate_failed(const struct audit_result *res, int strict)
{
	const char *verdict = audit_verdict(res);
	return strcmp(verdict, "fail") == 0 || (strict && strcmp(verdict, "warn") == 0);
}

/* G9: GitHub's escaping of a workflow command's message, or (property) of a property value. */
static void github_escape(FILE *out, const char *s, int property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%': fputs("%25", out); break;
		case '\r': fputs("%0D", out); break;
		case '\n': fputs("%0A", out); break;
		case ':':
			if (property)
				fputs("%3A", out);
			else
				fputc(*s, out);
			break;
		case ',':
			if (property)
				fputs("%2C", out);
			else
				fputc(*s, out);
			break;
		default: fputc(*s, out);
		}
	}
}

void gate_github_annotations(const struct audit_result *res, FILE *out)
{
	/* first[i] .. first[i + 1]: the evaluations of record i (they are in record order, G6). */
	size_t *first = xcalloc(res->n + 1, sizeof *first);
	for (size_t e = 0; e < res->nevaluations; e++)
		first[res->evaluations[e].record + 1]++;
	for (size_t i = 0; i < res->n; i++)
		first[i + 1] += first[i];

	size_t count;
	const struct audit_record **ranked = findings_ranked(res, NULL, &count);
	struct strbuf title = {0}, msg = {0};
	for (size_t f = 0; f < count; f++) {
		size_t i = (size_t)(ranked[f] - res->records);
		for (size_t e = first[i]; e < first[i + 1]; e++) {
			const struct gate_evaluation *ev = &res->evaluations[e];
			if (ev->outcome != STATUS_FAIL && ev->outcome != STATUS_WARN)
				continue;
			strbuf_reset(&title);
			strbuf_reset(&msg);
			strbuf_printf(&title, "dsaudit %s", ranked[f]->metric);
			gate_evaluation_message(&msg, res, ev);
			fputs(ev->outcome == STATUS_FAIL ? "::error title=" : "::warning title=", out);
			github_escape(out, title.buf, 1);
			fputs("::", out);
			github_escape(out, msg.buf, 0);
			fputc('\n', out);
		}
	}
	strbuf_free(&title);
	strbuf_free(&msg);
	free(ranked);
	free(first);
}

void gate_rule_free(struct gate_rule *rule)
{
	free(rule->metric);
	free(rule->name);
	free(rule->attribute.value);
	free(rule->group.value);
	free(rule->column.value);
	memset(rule, 0, sizeof *rule);
}
