/*
 * chart.c — the charts of an audit (see chart.h): which charts a result
 * calls for (chart_list), their names and titles, and one drawing routine
 * per kind (chart_draw), each built from the primitives of draw.c. The
 * files are chart_file.c's.
 *
 * Every chart has the same frame (draw.h), so a reader learns it once, and
 * its figures are also written as text in a column on the right, so every
 * number is readable without the colours ("n/a" marks a value that is
 * undefined). The legend and the reference labels have their own strips,
 * so they never cover data. Colours never carry a status alone: a status
 * also has its own marker shape (dots) or its word in the figures column
 * (bars), and a legend entry.
 *
 * Leak checking: fontconfig (under cairo's toy text API) keeps its
 * configuration and font caches for the life of the process, which
 * LeakSanitizer reports at exit; tests/run gives it tests/lsan.supp, which
 * ignores allocations made inside libfontconfig only.
 */
#include "chart.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "draw.h"

/* ---- records ---------------------------------------------------------- */

/* s, or what to print when it is NULL. */
static const char *or_text(const char *s, const char *none)
{
	return s ? s : none;
}

static int streq(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int is_single(const char *attr)
{
	return attr && !strchr(attr, '*');
}

/* An intersection of exactly two attributes: one '*'. */
static int is_pair(const char *attr)
{
	const char *s = attr ? strchr(attr, '*') : NULL;
	return s && !strchr(s + 1, '*');
}

static int rec_is(const struct audit_record *rec, const char *metric, const char *attr, const char *column)
{
	return strcmp(rec->metric, metric) == 0 && streq(rec->attribute, attr) && streq(rec->column, column);
}

/* The first record of metric for (attr, column) whose group is group (NULL: the group-less one). */
static const struct audit_record *find_rec(const struct audit_result *r, const char *metric, const char *attr,
					   const char *column, const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec_is(rec, metric, attr, column) && streq(rec->group, group))
			return rec;
	}
	return NULL;
}

/* The more serious of two statuses: fail > warn > ok; insufficient only over ok. */
static enum record_status worse(enum record_status a, enum record_status b)
{
	static const int rank[] = {[STATUS_OK] = 0, [STATUS_INSUFFICIENT] = 1, [STATUS_WARN] = 2,
				   [STATUS_FAIL] = 3};
	return rank[b] > rank[a] ? b : a;
}

/*
 * The _disparity metrics of the measurement family (metrics/measurement.h
 * rule 2) with their abbreviation and their name. The order puts first
 * what a chart with more rows than fit must keep: the predicted positive
 * rate (demographic parity), then the four error rates (equalised odds,
 * predictive parity), then their complements, whose ratios tell the same
 * story from the other side, and last ppr, which follows group size and is
 * not judged. prev_disparity is left out: it compares the truth's base
 * rates, not the predictions.
 */
static const struct disparity_metric {
	const char *metric, *abbrev, *name;
} DISPARITIES[] = {
	{"pprev_disparity", "PPREV", "predicted positive rate"},
	{"fpr_disparity", "FPR", "false positive rate"},
	{"fnr_disparity", "FNR", "false negative rate"},
	{"fdr_disparity", "FDR", "false discovery rate"},
	{"for_disparity", "FOR", "false omission rate"},
	{"tnr_disparity", "TNR", "true negative rate"},
	{"tpr_disparity", "TPR", "true positive rate"},
	{"precision_disparity", "Precision", "positive predictive value"},
	{"npv_disparity", "NPV", "negative predictive value"},
	{"ppr_disparity", "PPR", "share of predicted positives"},
};
#define DISPARITY_PPR (sizeof DISPARITIES / sizeof DISPARITIES[0] - 1)
#define NDISPARITIES (sizeof DISPARITIES / sizeof DISPARITIES[0])

static int is_disparity(const char *metric)
{
	for (size_t k = 0; k < NDISPARITIES; k++)
		if (strcmp(metric, DISPARITIES[k].metric) == 0)
			return 1;
	return 0;
}

/* ---- the list of charts ---------------------------------------------- */

static const char *const KIND_NAMES[] = {
	[CHART_REPRESENTATION] = "representation",
	[CHART_LABEL_RATE] = "label_rate",
	[CHART_DISPARATE_IMPACT] = "disparate_impact",
	[CHART_HEATMAP] = "heatmap",
	[CHART_DISTRIBUTION] = "distribution",
	[CHART_AGREEMENT] = "agreement",
	[CHART_DISPARITY] = "disparity",
};

/* A name part longer than this many bytes is cut (and the name gets a hash). */
#define NAME_PART_MAX 40

static uint32_t fnv1a(uint32_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	/* A separator, so ("ab", "c") and ("a", "bc") differ. */
	h ^= 0x1F;
	h *= 16777619u;
	return h;
}

static uint32_t chart_hash(const struct chart *c, unsigned salt)
{
	char buf[16];
	uint32_t h = 2166136261u;
	h = fnv1a(h, KIND_NAMES[c->kind]);
	h = fnv1a(h, c->attribute);
	h = fnv1a(h, c->column ? c->column : "\x01");
	snprintf(buf, sizeof buf, "%u", salt);
	return fnv1a(h, buf);
}

/*
 * The Revised Romanization of a Hangul syllable (U+AC00-U+D7A3), letter by
 * letter and without the sound-change rules: not a transcription, but
 * enough for a reader to tell "jiyeok" (지역) from "seongbyeol" (성별) in
 * a file list.
 */
static void hangul_roman(struct strbuf *sb, unsigned long cp)
{
	static const char *const LEAD[19] = {"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s",
					     "ss", "", "j", "jj", "ch", "k", "t", "p", "h"};
	static const char *const VOWEL[21] = {"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
					      "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"};
	static const char *const TAIL[28] = {"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
					     "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"};
	unsigned long i = cp - 0xAC00;
	strbuf_printf(sb, "%s%s%s", LEAD[i / 588], VOWEL[i % 588 / 28], TAIL[i % 28]);
}

/*
 * Appends "-" and s made safe: ASCII letters, digits, '-' and '_' are kept,
 * Hangul syllables are romanized, every run of other characters becomes one
 * '_' (so "../a b" is "_a_b"), and with star one '*' (the intersection's)
 * becomes '_' as a plain separator. At most NAME_PART_MAX bytes. Sets
 * *lossy when anything was replaced or cut.
 */
static void name_part(struct strbuf *sb, const char *s, int star, int *lossy)
{
	size_t start;
	int run = 0;
	const unsigned char *p = (const unsigned char *)or_text(s, "");

	strbuf_putc(sb, '-');
	start = sb->len;
	while (*p) {
		int c = *p;
		unsigned long cp;
		size_t len = 1;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '_') {
			strbuf_putc(sb, (char)c);
			run = 0;
		} else if (star && c == '*') {
			strbuf_putc(sb, '_');
			star = 0;
			run = 0;
		} else if ((len = draw_utf8_char(p, &cp)) > 0 && cp >= 0xAC00 && cp <= 0xD7A3) {
			hangul_roman(sb, cp);
			run = 0;
			*lossy = 1;
		} else {
			if (!run)
				strbuf_putc(sb, '_');
			run = 1;
			*lossy = 1;
		}
		p += len ? len : 1;
		if (sb->len - start >= NAME_PART_MAX && *p) {
			*lossy = 1;
			break;
		}
	}
	if (sb->len - start > NAME_PART_MAX) {
		sb->len = start + NAME_PART_MAX;
		sb->buf[sb->len] = '\0';
		*lossy = 1;
	}
	if (sb->len == start) {
		strbuf_putc(sb, '_');
		*lossy = 1;
	}
}

/* The class of a multi-class outcome column "label=class", or NULL for a binary label. */
static const char *outcome_class(const char *column)
{
	const char *eq = column ? strchr(column, '=') : NULL;
	return eq ? eq + 1 : NULL;
}

/*
 * Whether the audit said in words which outcome a rate of column counts:
 * context.outcome ("Combine >= 70", "hired = 1") describes the binary
 * label, never one class of a multi-class label ("grade=A", which says
 * itself) nor another column.
 */
static int has_outcome(const struct audit_result *r, const char *column)
{
	return r->context.outcome && !outcome_class(column) && (!r->context.label || streq(r->context.label, column));
}

/* The outcome a rate of column counts, in words: context.outcome when it applies, else the column. */
static const char *outcome_words(const struct audit_result *r, const char *column)
{
	return has_outcome(r, column) ? r->context.outcome : or_text(column, "the label");
}

static char *chart_name(const struct chart *c)
{
	struct strbuf sb = {0};
	int lossy = 0;

	strbuf_printf(&sb, "%s", KIND_NAMES[c->kind]);
	switch (c->kind) {
	case CHART_REPRESENTATION:
	case CHART_AGREEMENT:
	case CHART_DISPARITY:
		name_part(&sb, c->attribute, 0, &lossy);
		break;
	case CHART_LABEL_RATE:
	case CHART_DISPARATE_IMPACT:
	case CHART_HEATMAP:
		name_part(&sb, c->attribute, c->kind == CHART_HEATMAP, &lossy);
		if (outcome_class(c->column))
			name_part(&sb, outcome_class(c->column), 0, &lossy);
		break;
	case CHART_DISTRIBUTION:
		name_part(&sb, c->column, 0, &lossy);
		name_part(&sb, c->attribute, 0, &lossy);
		break;
	}
	if (lossy)
		strbuf_printf(&sb, "-%08x", (unsigned)chart_hash(c, 0));
	return sb.buf;
}

static char *chart_title(const struct audit_result *r, const struct chart *c)
{
	struct strbuf sb = {0};
	const struct audit_record *di;

	switch (c->kind) {
	case CHART_REPRESENTATION:
		strbuf_printf(&sb, "Representation: share of rows by %s", c->attribute);
		break;
	case CHART_LABEL_RATE:
	case CHART_HEATMAP:
		strbuf_printf(&sb, "%s of %s by %s", has_outcome(r, c->column) ? "Rate" : "Label rate",
			      outcome_words(r, c->column), c->attribute);
		break;
	case CHART_DISPARATE_IMPACT:
		strbuf_printf(&sb, "Disparate impact of %s by %s", outcome_words(r, c->column), c->attribute);
		for (size_t i = 0; i < r->n; i++) {
			di = &r->records[i];
			if (rec_is(di, "disparate_impact", c->attribute, c->column) && di->reference) {
				strbuf_printf(&sb, ", against %s", di->reference);
				break;
			}
		}
		break;
	case CHART_DISPARITY:
		strbuf_printf(&sb, "Error-rate disparities of %s by %s", or_text(c->column, "the prediction"),
			      c->attribute);
		for (size_t i = 0; i < r->n; i++) {
			di = &r->records[i];
			if (di->group && di->reference && streq(di->attribute, c->attribute) &&
			    streq(di->column, c->column) && is_disparity(di->metric)) {
				strbuf_printf(&sb, ", vs %s", di->reference);
				break;
			}
		}
		break;
	case CHART_DISTRIBUTION:
		strbuf_printf(&sb, "%s by %s: mean ± sd and median", or_text(c->column, "a column"), c->attribute);
		break;
	case CHART_AGREEMENT:
		strbuf_printf(&sb, "Annotator agreement by %s: %s", c->attribute,
			      strcmp(c->metric, "krippendorff_alpha") == 0 ? "Krippendorff's alpha"
									 : "percent agreement");
		break;
	}
	return sb.buf;
}

struct chart_vec {
	struct chart *v;
	size_t n, cap;
};

static void add_chart(struct chart_vec *cv, const struct audit_result *r, enum chart_kind kind,
		      const char *family, const char *attribute, const char *column, const char *metric)
{
	if (cv->n == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 16;
		cv->v = xrealloc(cv->v, cv->cap * sizeof *cv->v);
	}
	struct chart *c = &cv->v[cv->n++];
	c->kind = kind;
	c->family = xstrdup(family);
	c->attribute = xstrdup(attribute);
	c->column = column ? xstrdup(column) : NULL;
	c->metric = xstrdup(metric);
	c->title = chart_title(r, c);
	c->name = chart_name(c);
}

/* Distinct (attribute, column) pairs in first-seen order; strings point into the records. */
struct pair_vec {
	struct pair {
		const char *attribute, *column;
	} *v;
	size_t n, cap;
};

static void pair_add(struct pair_vec *pv, const char *attribute, const char *column)
{
	for (size_t i = 0; i < pv->n; i++)
		if (streq(pv->v[i].attribute, attribute) && streq(pv->v[i].column, column))
			return;
	if (pv->n == pv->cap) {
		pv->cap = pv->cap ? pv->cap * 2 : 16;
		pv->v = xrealloc(pv->v, pv->cap * sizeof *pv->v);
	}
	pv->v[pv->n++] = (struct pair){attribute, column};
}

/* The per-group records of metric, by (attribute, column), where keep(attribute) holds. */
static void pairs_of(const struct audit_result *r, const char *metric, int (*keep)(const char *),
		     struct pair_vec *pv)
{
	pv->n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && strcmp(rec->metric, metric) == 0 && keep(rec->attribute))
			pair_add(pv, rec->attribute, rec->column);
	}
}

static int has_metric(const struct audit_result *r, const char *metric, const char *attr, const char *column)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->records[i].group && rec_is(&r->records[i], metric, attr, column))
			return 1;
	return 0;
}

/*
 * Names must stay distinct even where the safe forms of two names meet
 * ("a-b" + "c" and "a" + "b-c", or "Sex" and "sex" on a case-insensitive
 * file system): a name equal to an earlier one, ignoring case, gets a hash
 * of its chart, salted until it is unique.
 */
static void dedupe_names(struct chart *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned salt = 1;
		for (size_t j = 0; j < i; j++) {
			if (strcasecmp(v[i].name, v[j].name) != 0)
				continue;
			struct strbuf sb = {0};
			strbuf_printf(&sb, "%s-%08x", v[i].name, (unsigned)chart_hash(&v[i], salt++));
			free(v[i].name);
			v[i].name = sb.buf;
			j = (size_t)-1; /* check the new name against all again */
		}
	}
}

size_t chart_list(const struct audit_result *r, struct chart **out)
{
	struct chart_vec cv = {0};
	struct pair_vec pv = {0}, cols = {0};

	pairs_of(r, "group_share", is_single, &pv);
	for (size_t i = 0; i < pv.n; i++)
		add_chart(&cv, r, CHART_REPRESENTATION, "representation", pv.v[i].attribute, NULL, "group_share");

	pairs_of(r, "label_rate", is_single, &pv);
	for (size_t i = 0; i < pv.n; i++) {
		add_chart(&cv, r, CHART_LABEL_RATE, "selection", pv.v[i].attribute, pv.v[i].column, "label_rate");
		if (has_metric(r, "disparate_impact", pv.v[i].attribute, pv.v[i].column))
			add_chart(&cv, r, CHART_DISPARATE_IMPACT, "selection", pv.v[i].attribute, pv.v[i].column,
				  "disparate_impact");
	}

	pairs_of(r, "label_rate", is_pair, &pv);
	for (size_t i = 0; i < pv.n; i++)
		add_chart(&cv, r, CHART_HEATMAP, "selection", pv.v[i].attribute, pv.v[i].column, "label_rate");

	/* Numeric columns: those with per-group mean or median records; the first few only. */
	pv.n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec->column && is_single(rec->attribute) &&
		    (strcmp(rec->metric, "mean") == 0 || strcmp(rec->metric, "median") == 0)) {
			size_t before = cols.n;
			if (cols.n < CHART_MAX_NUMERIC_COLUMNS)
				pair_add(&cols, NULL, rec->column);
			int chosen = cols.n > before;
			for (size_t k = 0; k < cols.n && !chosen; k++)
				chosen = streq(cols.v[k].column, rec->column);
			if (chosen)
				pair_add(&pv, rec->attribute, rec->column);
		}
	}
	for (size_t i = 0; i < pv.n; i++) {
		int mean = has_metric(r, "mean", pv.v[i].attribute, pv.v[i].column);
		add_chart(&cv, r, CHART_DISTRIBUTION, "measurement", pv.v[i].attribute, pv.v[i].column,
			  mean ? "mean" : "median");
	}

	/* Agreement: Krippendorff's alpha where it was computed, else percent agreement. */
	pv.n = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && is_single(rec->attribute) &&
		    (strcmp(rec->metric, "krippendorff_alpha") == 0 || strcmp(rec->metric, "percent_agreement") == 0))
			pair_add(&pv, rec->attribute, rec->column);
	}
	/* Disparities of the predictions: each attribute's after its agreement chart, if it has one. */
	struct pair_vec dv = {0};
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && is_single(rec->attribute) && streq(rec->family, "measurement") &&
		    is_disparity(rec->metric))
			pair_add(&dv, rec->attribute, rec->column);
	}
	int *drawn = xcalloc(dv.n + 1, sizeof *drawn);
	for (size_t i = 0; i <= pv.n; i++) {
		if (i < pv.n) {
			int alpha = has_metric(r, "krippendorff_alpha", pv.v[i].attribute, pv.v[i].column);
			add_chart(&cv, r, CHART_AGREEMENT, "measurement", pv.v[i].attribute, pv.v[i].column,
				  alpha ? "krippendorff_alpha" : "percent_agreement");
		}
		for (size_t k = 0; k < dv.n; k++) {
			if (drawn[k] || (i < pv.n && !streq(dv.v[k].attribute, pv.v[i].attribute)))
				continue;
			add_chart(&cv, r, CHART_DISPARITY, "measurement", dv.v[k].attribute, dv.v[k].column,
				  "_disparity");
			drawn[k] = 1;
		}
	}
	free(drawn);
	free(dv.v);

	free(pv.v);
	free(cols.v);
	dedupe_names(cv.v, cv.n);
	*out = cv.v;
	return cv.n;
}

void chart_list_free(struct chart *charts, size_t n)
{
	if (!charts)
		return;
	for (size_t i = 0; i < n; i++) {
		free(charts[i].family);
		free(charts[i].attribute);
		free(charts[i].column);
		free(charts[i].metric);
		free(charts[i].title);
		free(charts[i].name);
	}
	free(charts);
}

/* ---- one routine per kind -------------------------------------------- */

/* CHART_REPRESENTATION: bars of group_share with Wilson intervals, population shares as diamonds. */
static void draw_representation(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
				double h)
{
	struct draw_rows rs = {0};
	struct draw_frame f;
	struct draw_legend lg = {0};
	int has_pop = 0, seen[4] = {0};
	double total = NAN, top = NAN;
	char a[32], b[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !streq(rec->attribute, c->attribute))
			continue;
		if (strcmp(rec->metric, "group_share") == 0) {
			draw_row_set(draw_row_get(&rs, rec->group), rec);
			total = rec->n;
		} else if (strcmp(rec->metric, "population_share") == 0) {
			draw_row_get(&rs, rec->group)->v2 = rec->value;
			has_pop = 1;
		}
	}
	/* A share's status is its representation ratio's: the judged comparison with the population. */
	for (size_t i = 0; i < rs.n; i++) {
		struct draw_row *row = &rs.v[i];
		const struct audit_record *ratio =
			find_rec(r, "representation_ratio", c->attribute, NULL, row->group);
		row->status = ratio ? ratio->status : STATUS_OK;
		if (row->status == STATUS_INSUFFICIENT)
			row->status = STATUS_OK;
		seen[row->status] = 1;
		top = draw_max_finite(top, draw_max_finite(row->v, draw_max_finite(row->hi, row->v2)));
		if (isfinite(row->v2))
			snprintf(row->text, sizeof row->text, "%s (pop. %s)", draw_pct(row->v, a),
				 draw_pct(row->v2, b));
		else
			snprintf(row->text, sizeof row->text, "%s", draw_pct(row->v, a));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 record_status_name(row->status));
	}

	draw_frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	if (isfinite(total))
		strbuf_printf(&sub, "Share of all %.0f rows in each group, with 95%% Wilson intervals", total);
	else
		strbuf_printf(&sub, "Share of all rows in each group, with 95%% Wilson intervals");
	if (has_pop)
		strbuf_printf(&sub, ", against the configured population shares");
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);

	draw_legend_add(&lg, SW_BAR, 0, DRAW_BLUE, 1, "share of rows");
	draw_legend_add(&lg, SW_WHISKER, 0, DRAW_BLACK, 1, "95%% interval");
	if (has_pop)
		draw_legend_add(&lg, SW_MARK, SHAPE_DIAMOND, DRAW_YELLOW, 1, "population share");
	if (seen[STATUS_WARN])
		draw_legend_add(&lg, SW_BAR, 0, DRAW_ORANGE, 1, "warn: share / population outside [0.8, 1.25]");
	if (seen[STATUS_FAIL])
		draw_legend_add(&lg, SW_BAR, 0, DRAW_VERMILLION, 1, "fail");
	draw_legend_show(cr, &f, &lg);

	struct draw_scale s;
	draw_scale_linear(&s, 0, isfinite(top) && top > 0 ? (top * 1.04 < 1 ? top * 1.04 : 1) : 1, 1);
	s.x0 = f.left;
	s.x1 = f.right;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct draw_layout rl;
	draw_rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	draw_x_axis(cr, &f, &s, "share of rows (%)");
	draw_y_title(cr, &f, c->attribute);
	draw_value_header(cr, &f, has_pop ? "share (population)" : "share");
	for (size_t i = 0; i < rl.shown; i++) {
		const struct draw_row *row = &rs.v[i];
		double yc = draw_row_y(&f, &rl, i);
		if (isfinite(row->v))
			draw_bar(cr, draw_sx(&s, 0), draw_sx_clamped(&s, row->v, NULL), yc, rl.th, row->status);
		else
			draw_na(cr, &f, &rl, i);
		draw_row_whisker(cr, &s, row, yc, rl.th * 0.6, DRAW_BLACK);
		if (isfinite(row->v2))
			draw_marker(cr, draw_sx_clamped(&s, row->v2, NULL), yc, rl.th * 0.25 < 6 ? rl.th * 0.25 : 6,
				    SHAPE_DIAMOND, DRAW_YELLOW, 1);
	}
	draw_rows_footnote(cr, &f, &rl, NULL);
	free(rs.v);
}

/* CHART_LABEL_RATE: bars of label_rate with Wilson intervals, the overall rate as a dashed line. */
static void draw_label_rate(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
			    double h)
{
	struct draw_rows rs = {0};
	struct draw_frame f;
	struct draw_legend lg = {0};
	int seen[4] = {0};
	double top = NAN;
	char a[32], b[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec_is(rec, "label_rate", c->attribute, c->column))
			draw_row_set(draw_row_get(&rs, rec->group), rec);
	}
	const struct audit_record *overall = find_rec(r, "label_rate", c->attribute, c->column, NULL);
	for (size_t i = 0; i < rs.n; i++) {
		struct draw_row *row = &rs.v[i];
		seen[row->status] = 1;
		top = draw_max_finite(top, draw_max_finite(row->v, row->hi));
		snprintf(row->text, sizeof row->text, "%s of %s%s", draw_pct(row->v, a), draw_num(row->n, b),
			 row->status == STATUS_INSUFFICIENT ? " (few)" : "");
		if (row->status == STATUS_WARN || row->status == STATUS_FAIL)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 record_status_name(row->status));
	}
	if (overall)
		top = draw_max_finite(top, overall->value);

	draw_frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "Share of labelled rows with %s, per group, with 95%% Wilson intervals",
		      outcome_words(r, c->column));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);

	draw_legend_add(&lg, SW_BAR, 0, DRAW_BLUE, 1, "label rate");
	draw_legend_add(&lg, SW_WHISKER, 0, DRAW_BLACK, 1, "95%% interval");
	if (overall && isfinite(overall->value))
		draw_legend_add(&lg, SW_DASH, 0, DRAW_BLACK, 1, "overall rate, all labelled rows");
	if (seen[STATUS_WARN])
		draw_legend_add(&lg, SW_BAR, 0, DRAW_ORANGE, 1, "warn");
	if (seen[STATUS_FAIL])
		draw_legend_add(&lg, SW_BAR, 0, DRAW_VERMILLION, 1, "fail");
	if (seen[STATUS_INSUFFICIENT])
		draw_legend_add(&lg, SW_HATCH, 0, DRAW_GREY, 1, "too few rows to judge (insufficient)");
	draw_legend_show(cr, &f, &lg);

	struct draw_scale s;
	draw_scale_linear(&s, 0, isfinite(top) && top > 0 ? (top * 1.04 < 1 ? top * 1.04 : 1) : 1, 1);
	s.x0 = f.left;
	s.x1 = f.right;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct draw_layout rl;
	draw_rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	struct strbuf xt = {0};
	strbuf_printf(&xt, "rate of %s (%%)", outcome_words(r, c->column));
	draw_x_axis(cr, &f, &s, xt.buf);
	strbuf_free(&xt);
	draw_y_title(cr, &f, c->attribute);
	draw_value_header(cr, &f, "rate of labelled rows");
	for (size_t i = 0; i < rl.shown; i++) {
		const struct draw_row *row = &rs.v[i];
		double yc = draw_row_y(&f, &rl, i);
		if (isfinite(row->v))
			draw_bar(cr, draw_sx(&s, 0), draw_sx_clamped(&s, row->v, NULL), yc, rl.th, row->status);
		else
			draw_na(cr, &f, &rl, i);
		draw_row_whisker(cr, &s, row, yc, rl.th * 0.6, DRAW_BLACK);
	}
	if (overall && isfinite(overall->value)) {
		double x = draw_sx_clamped(&s, overall->value, NULL);
		draw_vline(cr, x, f.top, f.bottom, DRAW_BLACK, 1.6, 1);
		struct strbuf lab = {0};
		strbuf_printf(&lab, "overall %s", draw_pct(overall->value, a));
		draw_annotate(cr, &f, lab.buf, x, ALIGN_CENTER, DRAW_BLACK);
		strbuf_free(&lab);
	}
	draw_rows_footnote(cr, &f, &rl, NULL);
	free(rs.v);
}

/*
 * A ratio chart's rows (disparate impact, the _disparity metrics): the
 * figures column ("0.72 [0.66, 0.78] warn", "reference group", "n/a"), the
 * statuses seen, and [*lo, *hi] widened to cover every figure (held to
 * [0.05, 20]: past that the figure is in the text column and the dot sits
 * at the edge).
 */
static void ratio_rows(struct draw_rows *rs, int seen[4], double *lo, double *hi)
{
	char a[32], b[32], d[32];

	for (size_t i = 0; i < rs->n; i++) {
		struct draw_row *row = &rs->v[i];
		if (row->reference && !row->has) {
			snprintf(row->text, sizeof row->text, "reference group");
			continue;
		}
		if (!row->has) {
			snprintf(row->text, sizeof row->text, "n/a");
			continue;
		}
		seen[row->status] = 1;
		for (int k = 0; k < 3; k++) {
			double v = k == 0 ? row->v : k == 1 ? row->lo : row->hi;
			if (isfinite(v) && v > 0) {
				*lo = v < *lo ? v : *lo;
				*hi = v > *hi ? v : *hi;
			}
		}
		if (isfinite(row->lo) && isfinite(row->hi))
			snprintf(row->text, sizeof row->text, "%s [%s, %s]", draw_num(row->v, a), draw_num(row->lo, b),
				 draw_num(row->hi, d));
		else
			snprintf(row->text, sizeof row->text, "%s", draw_num(row->v, a));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 record_status_name(row->status));
	}
	*lo = *lo / 1.15 < 0.05 ? 0.05 : *lo / 1.15;
	*hi = *hi * 1.15 > 20 ? 20 : *hi * 1.15;
}

/* What a ratio chart says besides its rows. */
struct ratio_plot {
	const char *subtitle;
	const char *band;      /* the band's legend entry */
	const char *axis;      /* the x axis title */
	const char *y_title;   /* the plot's vertical title, or NULL for none */
	double left;           /* the plot's left edge, or 0 for the frame's */
	double name_w;         /* the widest group name, or 0 for the frame's */
	/* Draws more left of the rows, after their names, or NULL. */
	void (*labels)(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, const void *ctx);
	const void *ctx;
};

/*
 * The picture every ratio chart shares: a dot per row with its 95%
 * interval on a log axis, the band [0.8, 1.25] shaded and outlined, parity
 * 1 dashed, dots coloured and shaped by status (ratio_rows filled the
 * rows). Fills *f and *rl for the caller's footnote. Returns whether a
 * figure lies off the axis, or -1 when there are no rows (then "no
 * figures to draw" is drawn instead, and *rl is unset).
 */
static int ratio_draw(cairo_t *cr, const struct chart *c, const struct draw_rows *rs, const int seen[4], double lo,
		      double hi, const struct ratio_plot *p, double w, double h, struct draw_frame *f,
		      struct draw_layout *rl)
{
	struct draw_legend lg = {0};

	draw_frame_init(f, w, h, 190);
	if (p->left > 0)
		f->left = p->left;
	f->name_w = p->name_w;
	draw_header(cr, f, c->title, p->subtitle);

	draw_legend_add(&lg, SW_BAND, 0, DRAW_GREEN, 1, "%s", p->band);
	draw_legend_add(&lg, SW_WHISKER, 0, DRAW_BLACK, 1, "95%% interval");
	/* The statuses as metrics/common.h J1-J4 judge a band comparison. */
	if (seen[STATUS_OK])
		draw_legend_status(&lg, STATUS_OK, "ok");
	if (seen[STATUS_FAIL])
		draw_legend_status(&lg, STATUS_FAIL, "fail: outside the band and significant");
	if (seen[STATUS_WARN])
		draw_legend_status(&lg, STATUS_WARN, "warn: only one of those");
	if (seen[STATUS_INSUFFICIENT])
		draw_legend_status(&lg, STATUS_INSUFFICIENT, "insufficient: no estimate");
	draw_legend_show(cr, f, &lg);

	struct draw_scale s;
	draw_scale_log(&s, lo, hi);
	/* Dots stay clear of the names and the figures column, even at the ends of the axis. */
	s.x0 = f->left + DRAW_DOT_INSET;
	s.x1 = f->right - DRAW_DOT_INSET;
	if (rs->n == 0) {
		draw_no_data(cr, f);
		return -1;
	}
	draw_rows_layout(f, rs->n, rl);
	/* The band under everything else. */
	cairo_set_source_rgba(cr, DRAW_GREEN.r, DRAW_GREEN.g, DRAW_GREEN.b, 0.16);
	cairo_rectangle(cr, draw_sx(&s, 0.8), f->top, draw_sx(&s, 1.25) - draw_sx(&s, 0.8), f->bottom - f->top);
	cairo_fill(cr);
	draw_row_text(cr, f, rl, rs);
	if (p->labels)
		p->labels(cr, f, rl, p->ctx);
	/* The row bands cover the band on odd rows: draw it again, lighter, on top of them. */
	cairo_set_source_rgba(cr, DRAW_GREEN.r, DRAW_GREEN.g, DRAW_GREEN.b, 0.10);
	for (size_t i = 1; i < rl->shown; i += 2) {
		double yc = draw_row_y(f, rl, i);
		cairo_rectangle(cr, draw_sx(&s, 0.8), yc - rl->h / 2, draw_sx(&s, 1.25) - draw_sx(&s, 0.8), rl->h);
	}
	cairo_fill(cr);
	draw_x_axis(cr, f, &s, p->axis);
	if (p->y_title)
		draw_y_title(cr, f, p->y_title);
	draw_value_header(cr, f, "ratio [95% CI]");
	draw_vline(cr, draw_sx(&s, 0.8), f->top, f->bottom, DRAW_GREEN, 1.2, 0);
	draw_vline(cr, draw_sx(&s, 1.25), f->top, f->bottom, DRAW_GREEN, 1.2, 0);
	draw_vline(cr, draw_sx(&s, 1), f->top, f->bottom, DRAW_BLACK, 1.4, 1);
	draw_annotate(cr, f, "0.8", draw_sx(&s, 0.8) - 3, ALIGN_RIGHT, DRAW_GREEN);
	draw_annotate(cr, f, "1.25", draw_sx(&s, 1.25) + 3, ALIGN_LEFT, DRAW_GREEN);
	draw_annotate(cr, f, "parity 1", draw_sx(&s, 1), ALIGN_CENTER, DRAW_BLACK);

	for (size_t i = 0; i < rl->shown; i++) {
		const struct draw_row *row = &rs->v[i];
		double yc = draw_row_y(f, rl, i);
		if (!row->has) {
			if (!row->reference)
				draw_na(cr, f, rl, i);
			continue;
		}
		draw_row_whisker(cr, &s, row, yc, rl->th * 0.5,
				 row->status == STATUS_INSUFFICIENT ? DRAW_GREY : DRAW_BLACK);
		if (isfinite(row->v))
			draw_row_dot(cr, &s, row->v, yc, rl->h * 0.22 < 6 ? rl->h * 0.22 : 6, row->status);
		else
			draw_na(cr, f, rl, i);
	}
	return draw_rows_clamped(rs, rl->shown, &s, 0);
}

/* CHART_DISPARATE_IMPACT: a dot per group on a log axis, the four-fifths band shaded. */
static void draw_disparate_impact(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
				  double h)
{
	struct draw_rows rs = {0};
	struct draw_frame f;
	struct draw_layout rl;
	int seen[4] = {0};
	double lo = 0.5, hi = 2;
	const char *reference = NULL;

	/* The groups in the label-rate order, so the reference keeps its place. */
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec_is(rec, "label_rate", c->attribute, c->column))
			draw_row_get(&rs, rec->group);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !rec_is(rec, "disparate_impact", c->attribute, c->column))
			continue;
		struct draw_row *row = draw_row_get(&rs, rec->group);
		draw_row_set(row, rec);
		if (rec->reference && !reference)
			reference = rec->reference;
	}
	if (reference) {
		/* row_get may move rows: look the reference up after every insertion. */
		draw_row_get(&rs, reference)->reference = 1;
	}
	ratio_rows(&rs, seen, &lo, &hi);

	struct strbuf sub = {0};
	strbuf_printf(&sub, "rate(group) / rate(%s) of %s, 95%% Katz intervals, judged by the four-fifths band "
			    "[0.8, 1.25] and significance",
		      or_text(reference, "reference"), outcome_words(r, c->column));
	struct ratio_plot p = {
		.subtitle = sub.buf,
		.band = "four-fifths band [0.8, 1.25]",
		.axis = "disparate impact (ratio, log scale)",
		.y_title = c->attribute,
	};
	int clamped = ratio_draw(cr, c, &rs, seen, lo, hi, &p, w, h, &f, &rl);
	if (clamped >= 0)
		draw_rows_footnote(cr, &f, &rl, clamped ? DRAW_CLAMP_NOTE : NULL);
	strbuf_free(&sub);
	free(rs.v);
}

/* The metric of every row of a disparity chart, for the labels beside the rows. */
struct disparity_rows {
	const size_t *metric;  /* index into DISPARITIES, one per row */
};

/*
 * Each metric's rows as a block: its abbreviation (and its name below when
 * the block is tall enough, else beside it) left of the group names, a
 * rule between blocks.
 */
static void disparity_labels(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, const void *ctx)
{
	const struct disparity_rows *dr = ctx;
	double x = 20, maxw = f->left - 8 - f->name_w - 12 - x;

	for (size_t i = 0; i < rl->shown;) {
		size_t j = i;
		while (j < rl->shown && dr->metric[j] == dr->metric[i])
			j++;
		const struct disparity_metric *m = &DISPARITIES[dr->metric[i]];
		double y0 = draw_row_y(f, rl, i) - rl->h / 2, y1 = draw_row_y(f, rl, j - 1) + rl->h / 2;
		/* A block of several small rows still has room for a readable label. */
		double fs = (y1 - y0) * 0.28 > rl->fs ? (y1 - y0) * 0.28 : rl->fs;
		fs = fs < 12 ? fs : 12;
		double small = fs * 0.85 < 8 ? 8 : fs * 0.85;
		if (i > 0) {
			draw_set_rgb(cr, DRAW_GREY);
			cairo_set_line_width(cr, 0.8);
			cairo_move_to(cr, x, round(y0) + 0.5);
			cairo_line_to(cr, f->right, round(y0) + 0.5);
			cairo_stroke(cr);
		}
		draw_set_rgb(cr, DRAW_BLACK);
		draw_set_font(cr, fs, 1);
		if (y1 - y0 >= fs + small + 6) {
			double yc = (y0 + y1) / 2;
			draw_text(cr, m->abbrev, x, draw_baseline_mid(cr, yc - fs * 0.55), ALIGN_LEFT, maxw);
			draw_set_rgb(cr, DRAW_TEXT_GREY);
			draw_set_font(cr, small, 0);
			draw_text(cr, m->name, x, draw_baseline_mid(cr, yc + small * 0.75), ALIGN_LEFT, maxw);
		} else {
			double yc = draw_baseline_mid(cr, draw_row_y(f, rl, i));
			double aw = draw_text(cr, m->abbrev, x, yc, ALIGN_LEFT, maxw);
			draw_set_rgb(cr, DRAW_TEXT_GREY);
			draw_set_font(cr, small, 0);
			if (maxw - aw - 5 > 20)
				draw_text(cr, m->name, x + aw + 5, yc, ALIGN_LEFT, maxw - aw - 5);
		}
		i = j;
	}
}

/*
 * CHART_DISPARITY: every _disparity record of one attribute and prediction
 * column, one row per (metric, group), drawn as the disparate impact chart
 * draws its groups: the parity band, parity 1, a dot and interval per row.
 */
static void draw_disparity(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w, double h)
{
	struct draw_rows rs = {0};
	struct draw_frame f;
	struct draw_layout rl;
	size_t *metric = NULL;
	int seen[4] = {0};
	double lo = 0.5, hi = 2;
	const char *reference = NULL;

	for (size_t k = 0; k < NDISPARITIES; k++) {
		for (size_t i = 0; i < r->n; i++) {
			const struct audit_record *rec = &r->records[i];
			if (!rec->group || !rec_is(rec, DISPARITIES[k].metric, c->attribute, c->column))
				continue;
			if (rs.n == rs.cap) {
				rs.cap = rs.cap ? rs.cap * 2 : 16;
				rs.v = xrealloc(rs.v, rs.cap * sizeof *rs.v);
				metric = xrealloc(metric, rs.cap * sizeof *metric);
			}
			/* Rows are added here, not by draw_row_get: each group has a row per metric. */
			struct draw_row *row = &rs.v[rs.n];
			memset(row, 0, sizeof *row);
			row->group = rec->group;
			draw_row_set(row, rec);
			metric[rs.n++] = k;
			if (rec->reference && !reference)
				reference = rec->reference;
		}
	}
	ratio_rows(&rs, seen, &lo, &hi);

	struct strbuf sub = {0};
	strbuf_printf(&sub, "Each rate of %s in a group divided by its rate in %s, 95%% Katz intervals; "
			    "Aequitas' parity band [0.8, 1.25]",
		      or_text(c->column, "the prediction"), or_text(reference, "the reference group"));
	/* The group names at the largest row font, at most 110 points; the metric labels go left of them. */
	double name_w = 0;
	draw_set_font(cr, 14, 0);
	for (size_t i = 0; i < rs.n; i++) {
		char *t = draw_fit_text(cr, rs.v[i].group, 110);
		double tw = draw_text_width(cr, t);
		name_w = tw > name_w ? tw : name_w;
		free(t);
	}
	struct disparity_rows dr = {metric};
	struct ratio_plot p = {
		.subtitle = sub.buf,
		.band = "parity band [0.8, 1.25]",
		.axis = "disparity (ratio to the reference group, log scale)",
		.left = name_w + 180 > 200 ? name_w + 180 : 200,
		.name_w = name_w,
		.labels = disparity_labels,
		.ctx = &dr,
	};
	int clamped = ratio_draw(cr, c, &rs, seen, lo, hi, &p, w, h, &f, &rl);
	if (clamped >= 0) {
		struct strbuf fn = {0};
		if (rl.shown < rl.total)
			strbuf_printf(&fn, "Showing the first %zu of %zu rows; all are in report.json. ", rl.shown,
				      rl.total);
		int ppr_shown = 0;
		for (size_t i = 0; i < rl.shown; i++)
			ppr_shown |= metric[i] == DISPARITY_PPR;
		if (ppr_shown)
			strbuf_printf(&fn, "PPR follows group size and is not judged. ");
		if (clamped)
			strbuf_printf(&fn, "Arrows mark values past the ends of the axis; "
					   "their figures are on the right.");
		if (fn.buf)
			draw_footnote(cr, &f, fn.buf);
		strbuf_free(&fn);
	}
	strbuf_free(&sub);
	free(metric);
	free(rs.v);
}

/* Splits "a*b" at its first '*'; *rest points after it. Returns the length of a. */
static size_t split_group(const char *g, const char **rest)
{
	const char *s = strchr(g, '*');
	if (!s) {
		*rest = "";
		return strlen(g);
	}
	*rest = s + 1;
	return (size_t)(s - g);
}

/* Distinct strings in first-seen order; owned. */
struct names {
	char **v;
	size_t n, cap;
};

static size_t names_index(struct names *ns, const char *s, size_t len)
{
	for (size_t i = 0; i < ns->n; i++)
		if (strlen(ns->v[i]) == len && memcmp(ns->v[i], s, len) == 0)
			return i;
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? ns->cap * 2 : 16;
		ns->v = xrealloc(ns->v, ns->cap * sizeof *ns->v);
	}
	ns->v[ns->n] = xstrndup(s, len);
	return ns->n++;
}

static void names_free(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->v[i]);
	free(ns->v);
}

/* The most cells a heatmap draws each way: past that the text would not fit. */
#define HEAT_MAX_ROWS 24
#define HEAT_MAX_COLS 16

/* CHART_HEATMAP: label_rate of a two-attribute intersection, one cell per group pair. */
static void draw_heatmap(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w, double h)
{
	struct names rn = {0}, cn = {0};
	struct draw_frame f;
	struct draw_legend lg = {0};
	const struct audit_record **cell = NULL;
	const char *reference = NULL;
	int any_insufficient = 0, any_fail = 0, any_na = 0;
	double vmin = NAN, vmax = NAN;
	char a[32], b[32];

	/* The attribute names either side of the '*'. */
	const char *attr_b;
	size_t la = split_group(or_text(c->attribute, ""), &attr_b);
	char *attr_a = xstrndup(or_text(c->attribute, ""), la);

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !rec_is(rec, "label_rate", c->attribute, c->column))
			continue;
		const char *rest;
		size_t l = split_group(rec->group, &rest);
		names_index(&rn, rec->group, l);
		names_index(&cn, rest, strlen(rest));
	}
	size_t nr = rn.n < HEAT_MAX_ROWS ? rn.n : HEAT_MAX_ROWS;
	size_t nc = cn.n < HEAT_MAX_COLS ? cn.n : HEAT_MAX_COLS;
	cell = xcalloc(rn.n * cn.n + 1, sizeof *cell);
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !rec_is(rec, "label_rate", c->attribute, c->column))
			continue;
		const char *rest;
		size_t l = split_group(rec->group, &rest);
		size_t ri = names_index(&rn, rec->group, l), ci = names_index(&cn, rest, strlen(rest));
		if (!cell[ri * cn.n + ci])
			cell[ri * cn.n + ci] = rec;
		if (ri < nr && ci < nc) {
			vmin = draw_min_finite(vmin, rec->value);
			vmax = draw_max_finite(vmax, rec->value);
			any_insufficient |= rec->status == STATUS_INSUFFICIENT;
			any_na |= !isfinite(rec->value);
		}
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec_is(rec, "disparate_impact", c->attribute, c->column)) {
			any_fail |= rec->status == STATUS_FAIL;
			if (!reference)
				reference = rec->reference;
		}
	}
	const struct audit_record *overall = find_rec(r, "label_rate", c->attribute, c->column, NULL);

	/* The colour scale: the cells' range widened to 5% steps, so close rates still differ. */
	double clo = isfinite(vmin) ? floor(vmin * 20 + 1e-9) / 20 : 0;
	double chi = isfinite(vmax) ? ceil(vmax * 20 - 1e-9) / 20 : 1;
	if (overall && isfinite(overall->value)) {
		clo = overall->value < clo ? floor(overall->value * 20) / 20 : clo;
		chi = overall->value > chi ? ceil(overall->value * 20) / 20 : chi;
	}
	if (chi - clo < 0.05)
		chi = clo + 0.05;
	if (chi > 1) {
		chi = 1;
		clo = clo > 0.95 ? 0.95 : clo;
	}

	draw_frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "Share of labelled rows with %s in each %s × %s cell", outcome_words(r, c->column),
		      attr_a, attr_b);
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);
	if (overall && isfinite(overall->value))
		draw_legend_add(&lg, SW_POINTER, 0, DRAW_BLACK, 1, "overall rate %s", draw_pct(overall->value, a));
	if (any_insufficient)
		draw_legend_add(&lg, SW_HATCH, 0, DRAW_GREY, 1, "too few rows to judge (insufficient)");
	if (any_fail)
		draw_legend_add(&lg, SW_OUTLINE, 0, DRAW_VERMILLION, 1, "disparate impact fails (vs %s)",
				or_text(reference, "the reference"));
	if (any_na)
		draw_legend_add(&lg, SW_BAR, 0, DRAW_LIGHT, 1, "n/a: no rate");
	draw_legend_show(cr, &f, &lg);

	if (nr == 0 || nc == 0) {
		draw_no_data(cr, &f);
		goto out;
	}
	double gw = f.right - 30 - f.left, gh = f.bottom - f.top;
	double cw = gw / nc < 200 ? gw / nc : 200, chh = gh / nr < 140 ? gh / nr : 140;
	double fs = chh * 0.36 < 15 ? chh * 0.36 : 15;
	if (fs > cw * 0.22)
		fs = cw * 0.22;
	if (fs < 7)
		fs = 7;

	/* Row and column names, then the cells. */
	draw_set_font(cr, chh * 0.5 < 13 ? (chh * 0.5 < 8 ? 8 : chh * 0.5) : 13, 0);
	draw_set_rgb(cr, DRAW_BLACK);
	for (size_t i = 0; i < nr; i++)
		draw_text(cr, rn.v[i], f.left - 8, draw_baseline_mid(cr, f.top + chh * (i + 0.5)), ALIGN_RIGHT,
			  f.left - 48);
	draw_set_font(cr, cw * 0.2 < 12 ? (cw * 0.2 < 8 ? 8 : cw * 0.2) : 12, 0);
	for (size_t j = 0; j < nc; j++)
		draw_text(cr, cn.v[j], f.left + cw * (j + 0.5), f.top + chh * nr + 16, ALIGN_CENTER, cw - 4);
	draw_set_font(cr, DRAW_FS_TEXT, 1);
	draw_text(cr, attr_b, f.left + cw * nc / 2, f.top + chh * nr + 36, ALIGN_CENTER, gw);
	f.bottom = f.top + chh * nr;
	draw_y_title(cr, &f, attr_a);

	for (size_t i = 0; i < nr; i++) {
		for (size_t j = 0; j < nc; j++) {
			const struct audit_record *rec = cell[i * cn.n + j];
			double x = f.left + cw * j, y = f.top + chh * i;
			double t = rec && isfinite(rec->value) ? (rec->value - clo) / (chi - clo) : NAN;
			struct draw_rgb fill =
				isfinite(t) ? draw_viridis(t) : (rec ? DRAW_LIGHT : (struct draw_rgb){1, 1, 1});
			draw_set_rgb(cr, fill);
			cairo_rectangle(cr, x, y, cw, chh);
			cairo_fill(cr);
			int light_text = isfinite(t) && t < 0.55;
			if (rec && rec->status == STATUS_INSUFFICIENT) {
				/* Greyed and hatched: the colour is still there, but faint. */
				cairo_set_source_rgba(cr, 1, 1, 1, 0.6);
				cairo_rectangle(cr, x, y, cw, chh);
				cairo_fill(cr);
				draw_hatch(cr, x, y, cw, chh, (struct draw_rgb){0.6, 0.6, 0.6});
				light_text = 0;
			}
			const struct audit_record *di =
				rec ? find_rec(r, "disparate_impact", c->attribute, c->column, rec->group) : NULL;
			if (di && di->status == STATUS_FAIL) {
				draw_set_rgb(cr, DRAW_VERMILLION);
				cairo_set_line_width(cr, 3);
				cairo_rectangle(cr, x + 2.5, y + 2.5, cw - 5, chh - 5);
				cairo_stroke(cr);
			}
			/* The cell's figures: the rate, and n (or "few") when there is room. */
			double yc = y + chh / 2;
			int two = chh >= 3.2 * fs;
			draw_set_font(cr, fs, 1);
			if (light_text)
				cairo_set_source_rgb(cr, 1, 1, 1);
			else
				draw_set_rgb(cr, DRAW_BLACK);
			const char *rate = rec ? draw_pct(rec->value, a) : "n/a";
			if (rec && isfinite(rec->value) && draw_text_width(cr, rate) > cw - 6) {
				snprintf(a, sizeof a, "%.0f%%", rec->value * 100);
				rate = a;
			}
			draw_text(cr, rate, x + cw / 2, draw_baseline_mid(cr, two ? yc - fs * 0.6 : yc), ALIGN_CENTER,
				  cw - 4);
			if (two) {
				draw_set_font(cr, fs * 0.8, 0);
				struct strbuf nb = {0};
				if (!rec)
					strbuf_printf(&nb, "no rows");
				else
					strbuf_printf(&nb, "n=%s%s%s", draw_num(rec->n, b),
						      rec->status == STATUS_INSUFFICIENT ? ", few" : "",
						      streq(rec->group, reference) ? ", ref." : "");
				draw_text(cr, nb.buf, x + cw / 2, draw_baseline_mid(cr, yc + fs * 0.75), ALIGN_CENTER,
					  cw - 4);
				strbuf_free(&nb);
			}
		}
	}
	/* Thin white lines between cells. */
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_set_line_width(cr, 1);
	for (size_t j = 1; j < nc; j++) {
		cairo_move_to(cr, f.left + cw * j, f.top);
		cairo_line_to(cr, f.left + cw * j, f.bottom);
	}
	for (size_t i = 1; i < nr; i++) {
		cairo_move_to(cr, f.left, f.top + chh * i);
		cairo_line_to(cr, f.left + cw * nc, f.top + chh * i);
	}
	cairo_stroke(cr);

	/*
	 * The colour bar beside the grid, as tall as it (at least 160 points),
	 * its ticks every 5 or 10 points, and the overall rate as a pointer.
	 */
	double bx = f.left + cw * nc + 40, bw = 18, by0 = f.top + 10, by1 = f.bottom;
	if (by1 - by0 < 160)
		by1 = by0 + 160;
	cairo_pattern_t *grad = cairo_pattern_create_linear(0, by1, 0, by0);
	for (int k = 0; k <= 10; k++)
		cairo_pattern_add_color_stop_rgb(grad, k / 10.0, DRAW_VIRIDIS[k].r, DRAW_VIRIDIS[k].g,
						 DRAW_VIRIDIS[k].b);
	cairo_set_source(cr, grad);
	cairo_rectangle(cr, bx, by0, bw, by1 - by0);
	cairo_fill(cr);
	cairo_pattern_destroy(grad);
	draw_set_rgb(cr, DRAW_BLACK);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, bx + 0.5, by0 + 0.5, bw - 1, by1 - by0 - 1);
	cairo_stroke(cr);
	draw_set_font(cr, DRAW_FS_SMALL, 0);
	double step = chi - clo > 0.3 ? 0.1 : 0.05;
	for (double v = ceil(clo / step - 1e-9) * step; v <= chi + 1e-9; v += step) {
		double y = by1 - (v - clo) / (chi - clo) * (by1 - by0);
		cairo_move_to(cr, bx + bw, y);
		cairo_line_to(cr, bx + bw + 4, y);
		cairo_stroke(cr);
		snprintf(a, sizeof a, "%.0f%%", fabs(v) < 1e-9 ? 0.0 : v * 100);
		draw_text(cr, a, bx + bw + 7, draw_baseline_mid(cr, y), ALIGN_LEFT, 50);
	}
	if (overall && isfinite(overall->value)) {
		double y = by1 - (overall->value - clo) / (chi - clo) * (by1 - by0);
		cairo_move_to(cr, bx, y);
		cairo_line_to(cr, bx - 9, y - 5);
		cairo_line_to(cr, bx - 9, y + 5);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
	draw_set_font(cr, DRAW_FS_SMALL, 1);
	draw_text(cr, "rate (%)", bx, by0 - 10, ALIGN_LEFT, w - bx - 8);

	if (nr < rn.n || nc < cn.n) {
		struct strbuf fn = {0};
		strbuf_printf(&fn, "Showing %zu of %zu %s values and %zu of %zu %s values; all are in report.json.",
			      nr, rn.n, attr_a, nc, cn.n, attr_b);
		draw_footnote(cr, &f, fn.buf);
		strbuf_free(&fn);
	}
out:
	free(cell);
	free(attr_a);
	names_free(&rn);
	names_free(&cn);
}

/* CHART_DISTRIBUTION: per group, mean ± sd as an interval around a dot, the median as a diamond. */
static void draw_distribution(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
			      double h)
{
	struct draw_rows rs = {0};
	struct draw_frame f;
	struct draw_legend lg = {0};
	int seen[4] = {0}, any_median = 0;
	double lo = NAN, hi = NAN;
	char a[32], b[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !streq(rec->attribute, c->attribute) || !streq(rec->column, c->column))
			continue;
		if (strcmp(rec->metric, "mean") == 0) {
			struct draw_row *row = draw_row_get(&rs, rec->group);
			row->v = rec->value;
			row->n = rec->n;
			row->status = worse(row->status, rec->status);
			row->has = 1;
		} else if (strcmp(rec->metric, "sd") == 0) {
			struct draw_row *row = draw_row_get(&rs, rec->group);
			row->lo = rec->value; /* the sd, made an interval below */
		} else if (strcmp(rec->metric, "median") == 0) {
			struct draw_row *row = draw_row_get(&rs, rec->group);
			row->v2 = rec->value;
			row->has = 1;
			row->status = worse(row->status, rec->status);
			any_median = 1;
		} else if (strcmp(rec->metric, "smd") == 0 || strcmp(rec->metric, "ks_statistic") == 0) {
			/* Whether this group's values differ from the rest's. */
			struct draw_row *row = draw_row_get(&rs, rec->group);
			row->status = worse(row->status, rec->status);
		}
	}
	for (size_t i = 0; i < rs.n; i++) {
		struct draw_row *row = &rs.v[i];
		double sd = row->lo;
		row->lo = row->hi = NAN;
		if (isfinite(row->v) && isfinite(sd)) {
			row->lo = row->v - sd;
			row->hi = row->v + sd;
		}
		if (row->has)
			seen[row->status] = 1;
		lo = draw_min_finite(lo, draw_min_finite(row->lo, draw_min_finite(row->v, row->v2)));
		hi = draw_max_finite(hi, draw_max_finite(row->hi, draw_max_finite(row->v, row->v2)));
		snprintf(row->text, sizeof row->text, "%s / %s", draw_num(row->v, a), draw_num(row->v2, b));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 row->status == STATUS_INSUFFICIENT ? "few" : record_status_name(row->status));
	}

	draw_frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "Per group: the mean with ±1 standard deviation, and the median, in the units of %s",
		      or_text(c->column, "the column"));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);
	draw_legend_add(&lg, SW_MARK, SHAPE_CIRCLE, DRAW_BLUE, 1, "mean");
	draw_legend_add(&lg, SW_WHISKER, 0, DRAW_BLACK, 1, "mean ± 1 sd");
	if (any_median)
		draw_legend_add(&lg, SW_MARK, SHAPE_DIAMOND, DRAW_YELLOW, 1, "median");
	if (seen[STATUS_WARN])
		draw_legend_status(&lg, STATUS_WARN, "warn: differs from the rest (SMD or KS)");
	if (seen[STATUS_FAIL])
		draw_legend_status(&lg, STATUS_FAIL, "fail");
	if (seen[STATUS_INSUFFICIENT])
		draw_legend_status(&lg, STATUS_INSUFFICIENT, "too few values (insufficient)");
	draw_legend_show(cr, &f, &lg);

	struct draw_scale s;
	double pad = isfinite(hi - lo) ? (hi - lo) * 0.04 : 0;
	draw_scale_linear(&s, lo - pad, hi + pad, 0);
	/* Dots stay clear of the names and the figures column, even at the ends of the axis. */
	s.x0 = f.left + DRAW_DOT_INSET;
	s.x1 = f.right - DRAW_DOT_INSET;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct draw_layout rl;
	draw_rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	struct strbuf xt = {0};
	strbuf_printf(&xt, "%s (its own units)", or_text(c->column, "value"));
	draw_x_axis(cr, &f, &s, xt.buf);
	strbuf_free(&xt);
	draw_y_title(cr, &f, c->attribute);
	draw_value_header(cr, &f, "mean / median");
	for (size_t i = 0; i < rl.shown; i++) {
		const struct draw_row *row = &rs.v[i];
		double yc = draw_row_y(&f, &rl, i);
		double rad = rl.h * 0.22 < 6 ? rl.h * 0.22 : 6;
		if (!isfinite(row->v) && !isfinite(row->v2)) {
			draw_na(cr, &f, &rl, i);
			continue;
		}
		draw_row_whisker(cr, &s, row, yc, rl.th * 0.6,
				 row->status == STATUS_INSUFFICIENT ? DRAW_GREY : DRAW_BLACK);
		/* The median a little above the line and the mean on it, so equal values both show. */
		if (isfinite(row->v2))
			draw_marker(cr, draw_sx_clamped(&s, row->v2, NULL), yc - rad * 0.9, rad * 0.85, SHAPE_DIAMOND,
				    DRAW_YELLOW, row->status != STATUS_INSUFFICIENT);
		if (isfinite(row->v))
			draw_row_dot(cr, &s, row->v, yc + rad * 0.5, rad, row->status);
	}
	draw_rows_footnote(cr, &f, &rl, "sd: standard deviation (n - 1). Status from the standardised mean difference and the KS test against the rest of the rows.");
	free(rs.v);
}

/* CHART_AGREEMENT: an agreement statistic per group with bootstrap intervals, all rows as a line. */
static void draw_agreement(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w, double h)
{
	struct draw_rows rs = {0};
	struct draw_frame f;
	struct draw_legend lg = {0};
	int seen[4] = {0};
	int percent = strcmp(c->metric, "percent_agreement") == 0;
	double lo = 0, hi = 1;
	char a[32], b[32], d[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec_is(rec, c->metric, c->attribute, c->column))
			draw_row_set(draw_row_get(&rs, rec->group), rec);
	}
	const struct audit_record *overall = find_rec(r, c->metric, NULL, c->column, NULL);
	for (size_t i = 0; i < rs.n; i++) {
		struct draw_row *row = &rs.v[i];
		seen[row->status] = 1;
		lo = draw_min_finite(lo, draw_min_finite(row->lo, row->v));
		const char *(*fmt)(double, char *) = percent ? draw_pct : draw_num;
		if (isfinite(row->lo) && isfinite(row->hi))
			snprintf(row->text, sizeof row->text, "%s [%s, %s]", fmt(row->v, a), fmt(row->lo, b),
				 fmt(row->hi, d));
		else
			snprintf(row->text, sizeof row->text, "%s", fmt(row->v, a));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 row->status == STATUS_INSUFFICIENT ? "few" : record_status_name(row->status));
	}
	if (overall)
		lo = draw_min_finite(lo, overall->value);
	if (lo < -1)
		lo = -1;

	draw_frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "%s of the annotators %s per group, 95%% bootstrap intervals",
		      percent ? "Percent agreement" : "Krippendorff's alpha", or_text(c->column, ""));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);
	draw_legend_add(&lg, SW_WHISKER, 0, DRAW_BLACK, 1, "95%% interval");
	if (seen[STATUS_OK])
		draw_legend_status(&lg, STATUS_OK, "ok");
	if (seen[STATUS_WARN])
		draw_legend_status(&lg, STATUS_WARN, "warn: interval wholly below the rest's");
	if (seen[STATUS_FAIL])
		draw_legend_status(&lg, STATUS_FAIL, "fail");
	if (seen[STATUS_INSUFFICIENT])
		draw_legend_status(&lg, STATUS_INSUFFICIENT, "too few rows (insufficient)");
	if (overall && isfinite(overall->value))
		draw_legend_add(&lg, SW_DASH, 0, DRAW_BLACK, 1, "all rows");
	draw_legend_show(cr, &f, &lg);

	struct draw_scale s;
	draw_scale_linear(&s, lo, hi, percent);
	if (s.hi > 1)
		s.hi = 1;
	/* Dots stay clear of the names and the figures column, even at the ends of the axis. */
	s.x0 = f.left + DRAW_DOT_INSET;
	s.x1 = f.right - DRAW_DOT_INSET;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct draw_layout rl;
	draw_rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	draw_x_axis(cr, &f, &s, percent ? "percent agreement (%)" : "Krippendorff's alpha (1 = perfect, 0 = chance)");
	draw_y_title(cr, &f, c->attribute);
	draw_value_header(cr, &f, "value [95% CI]");
	if (!percent && s.lo < 0)
		draw_vline(cr, draw_sx(&s, 0), f.top, f.bottom, DRAW_GREY, 1, 0);
	if (overall && isfinite(overall->value)) {
		double x = draw_sx_clamped(&s, overall->value, NULL);
		draw_vline(cr, x, f.top, f.bottom, DRAW_BLACK, 1.6, 1);
		struct strbuf lab = {0};
		strbuf_printf(&lab, "all rows %s", percent ? draw_pct(overall->value, a) : draw_num(overall->value, a));
		draw_annotate(cr, &f, lab.buf, x, ALIGN_CENTER, DRAW_BLACK);
		strbuf_free(&lab);
	}
	for (size_t i = 0; i < rl.shown; i++) {
		const struct draw_row *row = &rs.v[i];
		double yc = draw_row_y(&f, &rl, i);
		draw_row_whisker(cr, &s, row, yc, rl.th * 0.5,
				 row->status == STATUS_INSUFFICIENT ? DRAW_GREY : DRAW_BLACK);
		if (isfinite(row->v))
			draw_row_dot(cr, &s, row->v, yc, rl.h * 0.22 < 6 ? rl.h * 0.22 : 6, row->status);
		else
			draw_na(cr, &f, &rl, i);
	}
	draw_rows_footnote(cr, &f, &rl, draw_rows_clamped(&rs, rl.shown, &s, 0) ? DRAW_CLAMP_NOTE : NULL);
	free(rs.v);
}

void chart_draw(cairo_t *cr, const struct audit_result *r, const struct chart *c, double width, double height)
{
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, width, height);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT);
	/* Unhinted metrics: text measures the same on every surface, so PNG and SVG lay out alike. */
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	cairo_set_font_options(cr, fo);
	cairo_font_options_destroy(fo);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);

	switch (c->kind) {
	case CHART_REPRESENTATION:
		draw_representation(cr, r, c, width, height);
		break;
	case CHART_LABEL_RATE:
		draw_label_rate(cr, r, c, width, height);
		break;
	case CHART_DISPARATE_IMPACT:
		draw_disparate_impact(cr, r, c, width, height);
		break;
	case CHART_HEATMAP:
		draw_heatmap(cr, r, c, width, height);
		break;
	case CHART_DISTRIBUTION:
		draw_distribution(cr, r, c, width, height);
		break;
	case CHART_AGREEMENT:
		draw_agreement(cr, r, c, width, height);
		break;
	case CHART_DISPARITY:
		draw_disparity(cr, r, c, width, height);
		break;
	}
	cairo_restore(cr);
}
