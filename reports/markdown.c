/*
 * markdown.c — summary.md (see markdown.h): the text summary's content as
 * GitHub-flavoured Markdown, for a pull-request comment or a CI job summary
 * ($GITHUB_STEP_SUMMARY). It looks like:
 *
 *   ## dsaudit: FAIL
 *
 *   **hiring@1**: 5000 rows, 19 columns, sha256 `0417ad7f8a5c`
 *
 *   **14 fail**, 33 warn, 817 ok, 50 insufficient of 914 records
 *
 *   - Outcome: hired = 1
 *   - Reference for sex: M (the largest group)
 *   - Judged: a band comparison fails outside its band when significant ...
 *
 *   ### selection: 6 fail, 10 warn (279 records)
 *
 *   | status | metric | subject | figures |
 *   | --- | --- | --- | --- |
 *   | FAIL | `disparate_impact` | hired, sex=F vs M | 0.719 (95% CI 0.661–0.783), n=1868 |
 *
 *   The worst 5 of 16 findings; every record is in the full report.
 *
 * Rules (cited in the code):
 *   M1. The summary's content and order: families in FAMILIES order, at most
 *       MAX_FINDINGS ranked findings each (summary.c R0, findings.h R1-R6),
 *       subjects and figures worded by findings.h, so the two agree.
 *   M2. Personal-data findings show their masked examples (summary.c R5).
 *   M3. Text from the data (dataset, group and column names, details) is
 *       first made safe by finding_name (control characters, newlines
 *       included, become '?'; long names are cut), then every character that
 *       Markdown or HTML gives a meaning inline is escaped: a group called
 *       "a|b" cannot add a table column, "<img>" cannot inject HTML, "*x*"
 *       is not emphasis. Block syntax ('#', '-', '>') needs no escape: data
 *       only ever appears inside a line that starts with our own text or a
 *       table cell.
 *   M4. Context under the counts: the outcome, each reference group and
 *       why, and the judging rule in one line; each family with its state
 *       ("not audited (why)", "0 found", the parts left out).
 */
#include "markdown.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "method.h"
#include "output.h"

/* The summary shows 5 per family (audit.c); the Markdown mirrors it (M1). */
#define MAX_FINDINGS 5

/* M3: appends s, already made safe by finding_name, escaped for Markdown. */
static void md_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			strbuf_printf(sb, "&lt;");
			break;
		case '>':
			strbuf_printf(sb, "&gt;");
			break;
		case '&':
			strbuf_printf(sb, "&amp;");
			break;
		case '\n':
		case '\r':
			strbuf_putc(sb, ' ');
			break;
		case '\\': case '`': case '*': case '_': case '|': case '[': case ']':
		case '~': case '$': case '!':
			strbuf_putc(sb, '\\');
			strbuf_putc(sb, *s);
			break;
		default:
			strbuf_putc(sb, *s);
		}
	}
}

/* Appends the escaped form of the text built in tmp, then empties tmp. */
static void md_flush(struct strbuf *sb, struct strbuf *tmp)
{
	md_escape(sb, tmp->buf ? tmp->buf : "");
	strbuf_reset(tmp);
}

static const char *verdict_word(const char *verdict)
{
	return strcmp(verdict, "fail") == 0 ? "FAIL" : strcmp(verdict, "warn") == 0 ? "WARN" : "PASS";
}

/* M4: the outcome, the references and why, and the judging rule. */
static void md_context(struct strbuf *sb, const struct audit_result *r)
{
	const struct audit_context *c = &r->context;
	struct strbuf tmp = {0};
	if (!c->outcome && !c->nreferences)
		return;
	strbuf_printf(sb, "\n");
	if (c->outcome) {
		strbuf_printf(sb, "- Outcome: ");
		finding_name(&tmp, c->outcome, 3 * NAME_WIDTH);
		md_flush(sb, &tmp);
		strbuf_printf(sb, "\n");
	}
	for (size_t i = 0; i < c->nreferences; i++) {
		const struct reference_choice *rc = &c->references[i];
		strbuf_printf(sb, "- Reference for ");
		finding_name(&tmp, rc->attribute, NAME_WIDTH);
		md_flush(sb, &tmp);
		strbuf_printf(sb, ": ");
		finding_name(&tmp, rc->group, NAME_WIDTH);
		md_flush(sb, &tmp);
		strbuf_printf(sb, " (");
		finding_name(&tmp, rc->why, 3 * NAME_WIDTH);
		md_flush(sb, &tmp);
		strbuf_printf(sb, ")\n");
	}
	strbuf_printf(sb, "- Judged: %s\n", JUDGING_RULE_SHORT);
	strbuf_free(&tmp);
}

static void md_header(struct strbuf *sb, const struct audit_result *r)
{
	const struct dataset_facts *d = &r->dataset;
	struct strbuf tmp = {0};
	size_t counts[4];

	strbuf_printf(sb, "## dsaudit: %s\n\n**", verdict_word(audit_verdict(r)));
	finding_name(&tmp, d->name ? d->name : "(unnamed)", 2 * NAME_WIDTH);
	md_flush(sb, &tmp);
	strbuf_printf(sb, "@%d**: %lld rows, %lld columns", d->version, d->rows, d->columns);
	if (d->sha256[0])
		strbuf_printf(sb, ", sha256 `%.12s`", d->sha256);
	strbuf_printf(sb, "\n\n");
	strbuf_free(&tmp);

	audit_result_status_counts(r, counts);
	strbuf_printf(sb, "%s%zu fail%s, %zu warn, %zu ok, %zu insufficient of %zu records\n",
		      counts[STATUS_FAIL] ? "**" : "", counts[STATUS_FAIL], counts[STATUS_FAIL] ? "**" : "",
		      counts[STATUS_WARN], counts[STATUS_OK], counts[STATUS_INSUFFICIENT], r->n);
	md_context(sb, r);
}

static int is_pii(const char *metric)
{
	return metric && strncmp(metric, "pii_", 4) == 0;
}

static void md_finding(struct strbuf *sb, const struct audit_record *rec)
{
	struct strbuf tmp = {0};

	/* Metric names are static snake_case ASCII: safe in a code span. */
	strbuf_printf(sb, "| %s | `%s` | ", rec->status == STATUS_FAIL ? "FAIL" : "WARN",
		      rec->metric ? rec->metric : "?");
	finding_subject(&tmp, rec);
	md_flush(sb, &tmp);
	strbuf_printf(sb, " | ");
	finding_figures(&tmp, rec);
	/* finding_figures starts with ": " for the summary's line. */
	md_escape(sb, strncmp(tmp.buf, ": ", 2) == 0 ? tmp.buf + 2 : tmp.buf);
	strbuf_reset(&tmp);
	if ((is_pii(rec->metric) || strcmp(rec->metric, "not_audited") == 0) && rec->detail) { /* M2 */
		strbuf_printf(sb, "; ");
		finding_name(&tmp, rec->detail, 3 * NAME_WIDTH);
		md_flush(sb, &tmp);
	}
	strbuf_printf(sb, " |\n");
	strbuf_free(&tmp);
}

/* M1: one family's heading, state, counts and worst findings. */
static void md_family(struct strbuf *sb, const struct audit_result *r, const char *family)
{
	size_t counts[4];
	size_t records = audit_result_family_counts(r, family, counts);
	size_t fails = counts[STATUS_FAIL], warns = counts[STATUS_WARN];
	const struct family_state *state = &r->context.families[family_index(family)];
	if (!state->audited && state->not_audited) {
		strbuf_printf(sb, "\n### %s: not audited (", family);
		md_escape(sb, state->not_audited);
		strbuf_printf(sb, ")\n");
	} else if (records == 0 && !state->audited) {
		return;
	} else {
		strbuf_printf(sb, "\n### %s: ", family);
		if (fails + warns == 0)
			strbuf_printf(sb, "0 found");
		if (fails)
			strbuf_printf(sb, "%zu fail%s", fails, warns ? ", " : "");
		if (warns)
			strbuf_printf(sb, "%zu warn", warns);
		strbuf_printf(sb, " (%zu record%s)\n", records, records == 1 ? "" : "s");
		if (state->not_audited) {
			strbuf_printf(sb, "\nNot audited: ");
			md_escape(sb, state->not_audited);
			strbuf_printf(sb, ".\n");
		}
	}
	if (fails + warns == 0)
		return;

	size_t total;
	const struct audit_record **f = findings_ranked(r, family, &total);
	size_t shown = total < MAX_FINDINGS ? total : MAX_FINDINGS;
	strbuf_printf(sb, "\n| status | metric | subject | figures |\n| --- | --- | --- | --- |\n");
	for (size_t i = 0; i < shown; i++)
		md_finding(sb, f[i]);
	if (shown < total)
		strbuf_printf(sb, "\nThe worst %zu of %zu findings; every record is in the full report.\n",
			      shown, total);
	free(f);
}

static void md_document(struct strbuf *sb, const struct audit_result *r)
{
	md_header(sb, r);
	for (size_t k = 0; k < NFAMILIES; k++)
		md_family(sb, r, FAMILIES[k]);
	if (r->n == 0)
		strbuf_printf(sb, "\nNo records.\n");
	strbuf_printf(sb, "\n<sub>dsaudit %s</sub>\n", r->tool_version ? r->tool_version : DSAUDIT_VERSION);
}

static int write_text(FILE *f, void *ctx)
{
	const struct strbuf *sb = ctx;
	return fwrite(sb->buf, 1, sb->len, f) == sb->len ? 0 : -1;
}

int markdown_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	struct strbuf sb = {0};
	md_document(&sb, r);
	int rc = output_write_atomic(out_dir, "summary.md", write_text, &sb, err);
	strbuf_free(&sb);
	return rc;
}

/*
 * The same text appended to path (a GitHub job summary, $GITHUB_STEP_SUMMARY,
 * which other steps also write to): created if absent, set apart by a blank
 * line from what is already there, never rewritten in place.
 */
int markdown_report_append(const struct audit_result *r, const char *path, struct audit_err *err)
{
	struct strbuf sb = {0};
	FILE *f = fopen(path, "a+");
	if (!f)
		return audit_fail(err, AUDIT_EIO, "%s: cannot append the summary: %s", path, strerror(errno));
	/* A file whose last line is unfinished would swallow the heading. */
	if (fseek(f, 0, SEEK_END) == 0 && ftell(f) > 0) {
		int last = EOF;
		if (fseek(f, -1, SEEK_END) == 0)
			last = fgetc(f);
		strbuf_printf(&sb, "%s\n", last == '\n' ? "" : "\n");
	}
	md_document(&sb, r);
	errno = 0;
	/* Reading to writing on one stream needs a seek between them (C11 7.21.5.3). */
	int ok = fseek(f, 0, SEEK_END) == 0 && fwrite(sb.buf, 1, sb.len, f) == sb.len;
	int e = errno;
	if (fclose(f) != 0 && ok) {
		ok = 0;
		e = errno;
	}
	strbuf_free(&sb);
	if (!ok)
		return audit_fail(err, AUDIT_EIO, "%s: cannot append the summary: %s", path, strerror(e ? e : EIO));
	return AUDIT_OK;
}
