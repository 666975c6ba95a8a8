/*
 * findings.c — ranking and wording of findings (see findings.h).
 */
#include "findings.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum finding_kind { KIND_RATIO, KIND_DIFFERENCE, KIND_OTHER };

struct finding {
	const struct audit_record *rec;
	size_t index;           /* position in the result: the tie-breaker (R5) */
	int status_rank;        /* 0 fail, 1 warn (R1) */
	int intersection;       /* R2 */
	enum finding_kind kind; /* R3 */
	double assured;         /* R4: the effect the evidence assures; NaN when undefined */
	double evidence;        /* R4: -log10 p; NaN without a test */
	double size;            /* R4: the estimate's own distance from parity */
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

/* Distance from parity on the kind's scale: |log x| for ratios, |x| for differences. */
static double distance(enum finding_kind kind, double x)
{
	return kind == KIND_RATIO ? fabs(log(x)) : fabs(x);
}

/*
 * R4: the smallest effect the evidence supports: 0 when the record's test
 * is not significant; else, with an interval, the distance of its end
 * nearest parity (0 when it spans parity); without one, the estimate's
 * distance. For
 * the other kinds, the strength of the evidence alone: -log10 p.
 */
static double evidence_of(const struct audit_record *rec)
{
	double p = isfinite(rec->p_adjusted) ? rec->p_adjusted : rec->p_value;
	return isfinite(p) ? -log10(p > 1e-300 ? p : 1e-300) : NAN;
}

static double assured_effect(const struct audit_record *rec, enum finding_kind kind)
{
	double p = isfinite(rec->p_adjusted) ? rec->p_adjusted : rec->p_value;
	if (kind == KIND_OTHER)
		return evidence_of(rec);
	double parity = kind == KIND_RATIO ? 1 : 0;
	if (isfinite(p) && p >= 0.05)
		return 0; /* the test does not support it, whatever a (Katz) interval says at x = n */
	if (isfinite(rec->ci_low) && isfinite(rec->ci_high)) {
		if (rec->ci_low <= parity && rec->ci_high >= parity)
			return 0;
		double lo = distance(kind, rec->ci_low), hi = distance(kind, rec->ci_high);
		return lo < hi ? lo : hi;
	}
	if (isnan(rec->value))
		return NAN;
	return isfinite(p) && p < 0.05 ? distance(kind, rec->value) : 0;
}

static int cmp_desc(double x, double y)
{
	int xdef = !isnan(x), ydef = !isnan(y);
	if (xdef != ydef)
		return ydef - xdef;
	if (xdef && x != y)
		return x > y ? -1 : 1;
	return 0;
}

static int finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c;

	if (x->status_rank != y->status_rank)
		return x->status_rank - y->status_rank;
	if (x->intersection != y->intersection)
		return x->intersection - y->intersection;
	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	if ((c = cmp_desc(x->assured, y->assured)) || (c = cmp_desc(x->evidence, y->evidence)) ||
	    (c = cmp_desc(x->size, y->size)))
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Groups of attribute, from its group_count records (0 when there are none). */
static size_t attribute_groups(const struct audit_result *r, const char *attribute)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->records[i].metric, "group_count") == 0 && r->records[i].group &&
		    same_text(r->records[i].attribute, attribute))
			n++;
	return n;
}

/*
 * R6: with two groups, "F vs (rest)" and "M vs (rest)" are one comparison
 * seen from both sides: the mirror of a record already listed.
 */
static int is_mirror(const struct audit_result *r, const struct finding *listed, size_t nlisted,
		     const struct audit_record *rec)
{
	if (!rec->reference || strcmp(rec->reference, "(rest)") != 0 || !rec->attribute)
		return 0;
	for (size_t j = 0; j < nlisted; j++) {
		const struct audit_record *o = listed[j].rec;
		if (o->metric == rec->metric || (o->metric && strcmp(o->metric, rec->metric) == 0))
			if (same_text(o->attribute, rec->attribute) && same_text(o->column, rec->column) &&
			    same_text(o->reference, rec->reference) && !same_text(o->group, rec->group))
				return attribute_groups(r, rec->attribute) == 2;
	}
	return 0;
}

/* The failed and warned records, ranked (R1–R6); *count receives their number. */
static struct finding *rank_findings(const struct audit_result *r, const char *family, size_t *count)
{
	struct finding *f = xcalloc(r->n + 1, sizeof *f);
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->status != STATUS_FAIL && rec->status != STATUS_WARN)
			continue;
		if (family && strcmp(rec->family, family) != 0)
			continue;
		f[n].rec = rec;
		f[n].index = i;
		f[n].status_rank = rec->status == STATUS_FAIL ? 0 : 1;
		f[n].intersection = rec->attribute && strchr(rec->attribute, '*') != NULL;
		f[n].kind = metric_kind(rec->metric);
		f[n].assured = assured_effect(rec, f[n].kind);
		f[n].evidence = evidence_of(rec);
		f[n].size = f[n].kind == KIND_OTHER || isnan(rec->value) ? NAN : distance(f[n].kind, rec->value);
		n++;
	}
	qsort(f, n, sizeof *f, finding_cmp);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!is_mirror(r, f, kept, f[i].rec))
			f[kept++] = f[i];
	*count = kept;
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
void finding_name(struct strbuf *sb, const char *s, size_t max_width)
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
const char *finding_number(double x, char buf[32])
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
void finding_subject(struct strbuf *sb, const struct audit_record *rec)
{
	if (rec->column) {
		finding_name(sb, rec->column, NAME_WIDTH);
		if (rec->attribute || rec->group)
			strbuf_printf(sb, ", ");
	}
	if (rec->attribute) {
		finding_name(sb, rec->attribute, NAME_WIDTH);
		if (rec->group)
			strbuf_putc(sb, '=');
	}
	if (rec->group)
		finding_name(sb, rec->group, NAME_WIDTH);
	if (!rec->column && !rec->attribute && !rec->group)
		strbuf_printf(sb, "dataset");
	if (rec->reference) {
		strbuf_printf(sb, " vs ");
		finding_name(sb, rec->reference, NAME_WIDTH);
	}
}

/* ": value (95% CI lo–hi), p=… (Holm …), n=…", each part only where defined. */
void finding_figures(struct strbuf *sb, const struct audit_record *rec)
{
	char a[32], b[32];

	strbuf_printf(sb, ": %s", finding_number(rec->value, a));
	if (isfinite(rec->ci_low) && isfinite(rec->ci_high))
		strbuf_printf(sb, " (95%% CI %s–%s)", finding_number(rec->ci_low, a),
			      finding_number(rec->ci_high, b));
	if (isfinite(rec->p_value)) {
		strbuf_printf(sb, ", p=%s", finding_number(rec->p_value, a));
		if (isfinite(rec->p_adjusted))
			strbuf_printf(sb, " (Holm %s)", finding_number(rec->p_adjusted, a));
	}
	if (isfinite(rec->n))
		strbuf_printf(sb, ", n=%.0f", rec->n);
}


const struct audit_record **findings_ranked(const struct audit_result *r, const char *family, size_t *count)
{
	struct finding *f = rank_findings(r, family, count);
	const struct audit_record **out = xcalloc(*count + 1, sizeof *out);
	for (size_t i = 0; i < *count; i++)
		out[i] = f[i].rec;
	free(f);
	return out;
}
