/*
 * summary.c — the text summary on stdout (see summary.h). It looks like:
 *
 *   hiring@1: 5000 rows, 9 columns, sha256 3f2a9c0d1e4b
 *   outcome: hired = 1
 *   reference: sex=M (the largest group)
 *   verdict: FAIL (1 fail, 1 warn, 7 ok, 1 insufficient of 10 records)
 *   representation (4 records): 0 found
 *   selection (6 records): 1 fail, 1 warn
 *     FAIL  disparate_impact   hired, sex=F vs M: 0.7 (95% CI 0.62–0.79), p=… (Holm …), n=749
 *     WARN  chi2_independence  hired, race: 18.3, p=0.0011 (Holm 0.0044), n=5000
 *   measurement: not audited (no column to measure)
 *   quality (12 records): 0 found
 *   privacy (1 record): 1 fail; not audited: k-anonymity and l-diversity (no --quasi-identifiers)
 *     FAIL  pii_email  notes: 75, n=3001; e.g. j***@e***.com
 *   drift: not audited (no --baseline)
 *   judged: a band fails when outside it and significant (Holm p < 0.05), warns when one holds
 *   report: dsaudit-out/report.json
 *
 * Rules of the summary (cited in the code):
 *   R0. Families in a fixed order (representation, selection, measurement,
 *       quality, privacy, drift), each with its state (context.h C3: "not
 *       audited (why)", or its counts, "0 found" when nothing failed or
 *       warned, and the parts left out), and at most
 *       max_findings of its worst findings, so one family's many records
 *       never hide another's. Within a family the findings are ranked by
 *       findings.h R1-R6, shared with the other reports.
 *   R5. Personal-data findings show their masked examples (the detail);
 *       nothing unmasked ever reaches a record.
 *
 * Text from the data (group names, columns) is shown as is, in any script,
 * except that control characters become '?' (a group name must not move the
 * cursor or recolour the terminal) and an over-long name is cut at a
 * character boundary with "…".
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "method.h"
#include "util.h"

/* The outcome and the reference groups, so every figure below can be read. */
static void print_context(const struct audit_result *r, struct strbuf *sb, FILE *out)
{
	const struct audit_context *c = &r->context;
	if (c->outcome) {
		strbuf_printf(sb, "outcome: ");
		finding_name(sb, c->outcome, 3 * NAME_WIDTH);
		fprintf(out, "%s\n", sb->buf);
		strbuf_reset(sb);
	}
	for (size_t i = 0; i < c->nreferences; i++) {
		const struct reference_choice *rc = &c->references[i];
		strbuf_printf(sb, "%s", i ? "           " : c->nreferences > 1 ? "references: " : "reference: ");
		finding_name(sb, rc->attribute, NAME_WIDTH);
		strbuf_putc(sb, '=');
		finding_name(sb, rc->group, NAME_WIDTH);
		strbuf_printf(sb, " (");
		finding_name(sb, rc->why, 3 * NAME_WIDTH);
		strbuf_putc(sb, ')');
		fprintf(out, "%s\n", sb->buf);
		strbuf_reset(sb);
	}
}

static void print_header(const struct audit_result *r, FILE *out)
{
	const struct dataset_facts *d = &r->dataset;
	struct strbuf sb = {0};
	size_t counts[4];

	finding_name(&sb, d->name ? d->name : "(unnamed)", 2 * NAME_WIDTH);
	strbuf_printf(&sb, "@%d: %lld rows, %lld columns", d->version, d->rows, d->columns);
	if (d->sha256[0])
		strbuf_printf(&sb, ", sha256 %.12s", d->sha256);
	fprintf(out, "%s\n", sb.buf);
	strbuf_reset(&sb);
	print_context(r, &sb, out);
	strbuf_free(&sb);

	audit_result_status_counts(r, counts);
	const char *verdict = audit_verdict(r);
	fprintf(out, "verdict: %s (%zu fail, %zu warn, %zu ok, %zu insufficient of %zu records)\n",
		strcmp(verdict, "fail") == 0 ? "FAIL" : strcmp(verdict, "warn") == 0 ? "WARN" : "PASS",
		counts[STATUS_FAIL], counts[STATUS_WARN], counts[STATUS_OK],
		counts[STATUS_INSUFFICIENT], r->n);
}


static int is_pii(const char *metric)
{
	return metric && strncmp(metric, "pii_", 4) == 0;
}

static void print_finding(const struct audit_record *rec, int metric_width, struct strbuf *line, FILE *out)
{
	strbuf_reset(line);
	strbuf_printf(line, "  %s  %-*s  ", rec->status == STATUS_FAIL ? "FAIL" : "WARN", metric_width,
		      rec->metric ? rec->metric : "?");
	if (strcmp(rec->metric, "not_audited") == 0) {
		strbuf_printf(line, "%s", rec->detail ? rec->detail : "");
		fprintf(out, "%s\n", line->buf);
		return;
	}
	finding_subject(line, rec);
	finding_figures(line, rec);
	if (is_pii(rec->metric) && rec->detail) { /* R5 */
		strbuf_printf(line, "; ");
		finding_name(line, rec->detail, 3 * NAME_WIDTH);
	}
	fprintf(out, "%s\n", line->buf);
}

/* R0: one family's counts and its worst findings. */
static void print_family(const struct audit_result *r, const char *family, int max_findings, FILE *out)
{
	size_t counts[4];
	size_t records = audit_result_family_counts(r, family, counts);
	size_t fails = counts[STATUS_FAIL], warns = counts[STATUS_WARN];
	const struct family_state *state = &r->context.families[family_index(family)];
	if (!state->audited && state->not_audited) {
		fprintf(out, "%s: not audited (%s)\n", family, state->not_audited);
	} else if (records == 0 && !state->audited) {
		return;
	} else {
		fprintf(out, "%s (%zu record%s): ", family, records, records == 1 ? "" : "s");
		if (fails + warns == 0)
			fprintf(out, "0 found");
		if (fails)
			fprintf(out, "%zu fail%s", fails, warns ? ", " : "");
		if (warns)
			fprintf(out, "%zu warn", warns);
		if (state->not_audited)
			fprintf(out, "; not audited: %s", state->not_audited);
		fputc('\n', out);
	}
	if (fails + warns == 0)
		return;
	size_t total;
	const struct audit_record **f = findings_ranked(r, family, &total);
	size_t limit = max_findings < 0 ? 0 : (size_t)max_findings;
	size_t shown = total < limit ? total : limit;
	if (shown < total)
		fprintf(out, "  (the worst %zu of %zu)\n", shown, total);

	/* Metric names are ASCII snake_case: padding by bytes lines them up. */
	int metric_width = 0;
	for (size_t i = 0; i < shown; i++) {
		int w = (int)strlen(f[i]->metric);
		metric_width = w > metric_width ? w : metric_width;
	}
	struct strbuf line = {0};
	for (size_t i = 0; i < shown; i++)
		print_finding(f[i], metric_width, &line, out);
	strbuf_free(&line);
	free(f);
}

/* A family not audited that has no record (a "require" failure is one), said in one line. */
static int silent_not_audited(const struct audit_result *r, size_t k)
{
	size_t counts[4];
	const struct family_state *f = &r->context.families[k];
	return !f->audited && f->not_audited && audit_result_family_counts(r, FAMILIES[k], counts) == 0;
}

/*
 * R0: each family in turn; families not audited for the same reason, one
 * after another, share a line ("representation, selection, ...: not
 * audited (diff measures drift only)").
 */
static void print_findings(const struct audit_result *r, int max_findings, FILE *out)
{
	for (size_t k = 0; k < NFAMILIES; k++) {
		if (!silent_not_audited(r, k)) {
			print_family(r, FAMILIES[k], max_findings, out);
			continue;
		}
		const char *why = r->context.families[k].not_audited;
		fputs(FAMILIES[k], out);
		while (k + 1 < NFAMILIES && silent_not_audited(r, k + 1) &&
		       strcmp(r->context.families[k + 1].not_audited, why) == 0)
			fprintf(out, ", %s", FAMILIES[++k]);
		fprintf(out, ": not audited (%s)\n", why);
	}
	if (r->n == 0)
		fprintf(out, "no records\n");
}

void summary_print(const struct audit_result *r, const char *report_path, int max_findings,
		   FILE *out)
{
	print_header(r, out);
	print_findings(r, max_findings, out);
	if (r->context.nreferences || r->context.outcome)
		fprintf(out, "judged: %s\n", JUDGING_RULE_SHORT);
	if (report_path)
		fprintf(out, "report: %s\n", report_path);
}
