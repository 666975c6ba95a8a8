/*
 * summary.c — the text summary on stdout (see summary.h). It looks like:
 *
 *   hiring@1: 5000 rows, 9 columns, sha256 3f2a9c0d1e4b
 *   verdict: FAIL (1 fail, 1 warn, 7 ok, 1 insufficient of 10 records)
 *   selection (6 records): 1 fail, 1 warn
 *     FAIL  disparate_impact   hired, sex=F vs M: 0.7 (95% CI 0.62–0.79), n=749
 *     WARN  chi2_independence  hired, race: 18.3, p=0.0011 (Holm 0.0044), n=5000
 *   privacy (1 record): 1 fail
 *     FAIL  pii_email  notes: 75, n=3001; e.g. j***@e***.com
 *   report: dsaudit-out/report.json
 *
 * Rules for ranking the findings (cited in the code):
 *   R0. Families in a fixed order (representation, selection, measurement,
 *       quality, privacy, drift), each with its counts and at most
 *       max_findings of its worst findings, so one family's many records
 *       never hide another's.
 *   R1. Failures before warnings; ok and insufficient records are not listed.
 *   R2. Within a status, ratio metrics come first, then differences, then
 *       the rest: the kinds are not on one scale, and the ratios (the
 *       four-fifths rule) are what a reviewer looks for first.
 *   R3. Ratios rank by |log value| (0.5 and 2 are equally far from parity),
 *       differences by |value|, the rest by p_adjusted, else p_value,
 *       smallest first. Undefined keys rank last.
 *   R4. Ties keep the record order, so the summary is deterministic.
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

#include "util.h"

/* Display columns allowed for one name from the data (group, column, ...). */
#define NAME_WIDTH 32

enum finding_kind { KIND_RATIO, KIND_DIFFERENCE, KIND_OTHER };

struct finding {
	const struct audit_record *rec;
	size_t index;           /* position in the result: the tie-breaker (R4) */
	int status_rank;        /* 0 fail, 1 warn (R1) */
	enum finding_kind kind; /* R2 */
	double badness;         /* larger is worse; NaN when undefined (R3) */
};

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

static enum finding_kind metric_kind(const char *metric)
{
	if (!metric)
		return KIND_OTHER;
	if (strcmp(metric, "disparate_impact") == 0 || strcmp(metric, "representation_ratio") == 0 ||
	    ends_with(metric, "_disparity"))
		return KIND_RATIO;
	if (strcmp(metric, "statistical_parity_difference") == 0 || strcmp(metric, "dpl") == 0 ||
	    strcmp(metric, "class_imbalance") == 0)
		return KIND_DIFFERENCE;
	return KIND_OTHER;
}

/* R3: one number per record where larger means further from "no bias". */
static double finding_badness(const struct audit_record *rec, enum finding_kind kind)
{
	switch (kind) {
	case KIND_RATIO:
		return fabs(log(rec->value));
	case KIND_DIFFERENCE:
		return fabs(rec->value);
	case KIND_OTHER:
		break;
	}
	return -(isfinite(rec->p_adjusted) ? rec->p_adjusted : rec->p_value);
}

static int finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->status_rank != y->status_rank)
		return x->status_rank - y->status_rank;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	int xdef = !isnan(x->badness), ydef = !isnan(y->badness);
	if (xdef != ydef)
		return ydef - xdef;
	if (xdef && x->badness != y->badness)
		return x->badness > y->badness ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* The failed and warned records, ranked (R1–R4); *count receives their number. */
static struct finding *rank_findings(const struct audit_result *r, size_t *count)
{
	struct finding *f = xcalloc(r->n, sizeof *f);
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->status != STATUS_FAIL && rec->status != STATUS_WARN)
			continue;
		f[n].rec = rec;
		f[n].index = i;
		f[n].status_rank = rec->status == STATUS_FAIL ? 0 : 1;
		f[n].kind = metric_kind(rec->metric);
		f[n].badness = finding_badness(rec, f[n].kind);
		n++;
	}
	qsort(f, n, sizeof *f, finding_cmp);
	*count = n;
	return f;
}

/* Byte length of the UTF-8 character at s, or 0 if it is not valid UTF-8. */
static size_t utf8_char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	size_t avail = strnlen(s, len);
	if (avail < len)
		return 0;
	return utf8_valid_prefix((const unsigned char *)s, len) == len ? len : 0;
}

/*
 * Appends s with control characters and invalid bytes shown as '?', and cut
 * to at most max_width display columns (Hangul and CJK count 2), never inside
 * a UTF-8 sequence.
 */
static void append_name(struct strbuf *sb, const char *s, size_t max_width)
{
	struct strbuf clean = {0};
	size_t width = 0, cut = 0;

	while (*s) {
		char ch[5] = {0};
		size_t len = utf8_char_len(s);
		if (len == 0 || (unsigned char)*s < 0x20 || *s == 0x7F) {
			ch[0] = '?';
			len = 1;
		} else {
			memcpy(ch, s, len);
		}
		s += len;
		width += utf8_display_width(ch);
		strbuf_append(&clean, ch, strlen(ch));
		/* Where to cut if the whole does not fit: room is kept for "…". */
		if (width <= max_width - 1)
			cut = clean.len;
	}
	if (width <= max_width) {
		strbuf_append(sb, clean.buf ? clean.buf : "", clean.len);
	} else {
		strbuf_append(sb, clean.buf, cut);
		strbuf_printf(sb, "…");
	}
	strbuf_free(&clean);
}

/*
 * A figure for people: three significant digits, but whole numbers from
 * 1000 up in full, because "1.23e+03" reads worse than "1234".
 */
static const char *text_number(double x, char buf[32])
{
	if (isnan(x))
		return "n/a";
	if (x == 0)
		return "0";
	if (fabs(x) >= 1000 && fabs(x) < 1e9)
		snprintf(buf, 32, "%.0f", x);
	else
		snprintf(buf, 32, "%.3g", x);
	return buf;
}

/* What the record is about: "sex=F vs M", "race", "income, sex=F", "dataset". */
static void append_subject(struct strbuf *sb, const struct audit_record *rec)
{
	if (rec->column) {
		append_name(sb, rec->column, NAME_WIDTH);
		if (rec->attribute || rec->group)
			strbuf_printf(sb, ", ");
	}
	if (rec->attribute) {
		append_name(sb, rec->attribute, NAME_WIDTH);
		if (rec->group)
			strbuf_putc(sb, '=');
	}
	if (rec->group)
		append_name(sb, rec->group, NAME_WIDTH);
	if (!rec->column && !rec->attribute && !rec->group)
		strbuf_printf(sb, "dataset");
	if (rec->reference) {
		strbuf_printf(sb, " vs ");
		append_name(sb, rec->reference, NAME_WIDTH);
	}
}

/* ": value (95% CI lo–hi), p=… (Holm …), n=…", each part only where defined. */
static void append_figures(struct strbuf *sb, const struct audit_record *rec)
{
	char a[32], b[32];

	strbuf_printf(sb, ": %s", text_number(rec->value, a));
	if (isfinite(rec->ci_low) && isfinite(rec->ci_high))
		strbuf_printf(sb, " (95%% CI %s–%s)", text_number(rec->ci_low, a),
			      text_number(rec->ci_high, b));
	if (isfinite(rec->p_value)) {
		strbuf_printf(sb, ", p=%s", text_number(rec->p_value, a));
		if (isfinite(rec->p_adjusted))
			strbuf_printf(sb, " (Holm %s)", text_number(rec->p_adjusted, a));
	}
	if (isfinite(rec->n))
		strbuf_printf(sb, ", n=%.0f", rec->n);
}

static void print_header(const struct audit_result *r, FILE *out)
{
	const struct dataset_facts *d = &r->dataset;
	struct strbuf sb = {0};
	size_t counts[4];

	append_name(&sb, d->name ? d->name : "(unnamed)", 2 * NAME_WIDTH);
	strbuf_printf(&sb, "@%d: %lld rows, %lld columns", d->version, d->rows, d->columns);
	if (d->sha256[0])
		strbuf_printf(&sb, ", sha256 %.12s", d->sha256);
	fprintf(out, "%s\n", sb.buf);
	strbuf_free(&sb);

	audit_result_status_counts(r, counts);
	const char *verdict = audit_verdict(r);
	fprintf(out, "verdict: %s (%zu fail, %zu warn, %zu ok, %zu insufficient of %zu records)\n",
		strcmp(verdict, "fail") == 0 ? "FAIL" : strcmp(verdict, "warn") == 0 ? "WARN" : "PASS",
		counts[STATUS_FAIL], counts[STATUS_WARN], counts[STATUS_OK],
		counts[STATUS_INSUFFICIENT], r->n);
}

static const char *const FAMILIES[] = {"representation", "selection", "measurement", "quality", "privacy", "drift"};
#define NFAMILIES (sizeof FAMILIES / sizeof FAMILIES[0])

static int is_pii(const char *metric)
{
	return metric && strncmp(metric, "pii_", 4) == 0;
}

static void print_finding(const struct audit_record *rec, int metric_width, struct strbuf *line, FILE *out)
{
	strbuf_reset(line);
	strbuf_printf(line, "  %s  %-*s  ", rec->status == STATUS_FAIL ? "FAIL" : "WARN", metric_width,
		      rec->metric ? rec->metric : "?");
	append_subject(line, rec);
	append_figures(line, rec);
	if (is_pii(rec->metric) && rec->detail) { /* R5 */
		strbuf_printf(line, "; ");
		append_name(line, rec->detail, 3 * NAME_WIDTH);
	}
	fprintf(out, "%s\n", line->buf);
}

/* R0: one family's counts and its worst findings (already ranked in f). */
static void print_family(const struct audit_result *r, const char *family, const struct finding *f, size_t total,
			 int max_findings, FILE *out)
{
	size_t records = 0, fails = 0, warns = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->records[i].family, family) != 0)
			continue;
		records++;
		fails += r->records[i].status == STATUS_FAIL;
		warns += r->records[i].status == STATUS_WARN;
	}
	if (records == 0)
		return;
	fprintf(out, "%s (%zu record%s): ", family, records, records == 1 ? "" : "s");
	if (fails + warns == 0) {
		fprintf(out, "nothing failed or warned\n");
		return;
	}
	if (fails)
		fprintf(out, "%zu fail%s", fails, warns ? ", " : "");
	if (warns)
		fprintf(out, "%zu warn", warns);
	size_t limit = max_findings < 0 ? 0 : (size_t)max_findings;
	size_t shown = fails + warns < limit ? fails + warns : limit;
	if (shown < fails + warns)
		fprintf(out, " (the worst %zu below)", shown);
	fputc('\n', out);

	/* Metric names are ASCII snake_case: padding by bytes lines them up. */
	int metric_width = 0;
	size_t seen = 0;
	for (size_t i = 0; i < total && seen < shown; i++) {
		if (strcmp(f[i].rec->family, family) != 0)
			continue;
		int w = (int)strlen(f[i].rec->metric);
		metric_width = w > metric_width ? w : metric_width;
		seen++;
	}
	struct strbuf line = {0};
	seen = 0;
	for (size_t i = 0; i < total && seen < shown; i++) {
		if (strcmp(f[i].rec->family, family) != 0)
			continue;
		print_finding(f[i].rec, metric_width, &line, out);
		seen++;
	}
	strbuf_free(&line);
}

static void print_findings(const struct audit_result *r, int max_findings, FILE *out)
{
	size_t total;
	struct finding *f = rank_findings(r, &total);
	for (size_t k = 0; k < NFAMILIES; k++)
		print_family(r, FAMILIES[k], f, total, max_findings, out);
	if (r->n == 0)
		fprintf(out, "no records\n");
	free(f);
}

void summary_print(const struct audit_result *r, const char *report_path, int max_findings,
		   FILE *out)
{
	print_header(r, out);
	print_findings(r, max_findings, out);
	if (report_path)
		fprintf(out, "report: %s\n", report_path);
}
