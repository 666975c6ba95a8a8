/*
 * chart.c — the charts of an audit (see chart.h): which charts a result
 * calls for, one drawing routine per kind, and the PNG and SVG writers.
 *
 * Every chart has the same frame, so a reader learns it once: a title, a
 * line saying what is drawn, a legend strip, one or two rows of labels for
 * the reference lines, the plot with group names on the left and the
 * figures as text in a column on the right (so every number is readable
 * without the colours, and "n/a" marks a value that is undefined), and the
 * axis title and a footnote below. The legend and the labels have their own
 * strips, so they never cover data. Text from the data is cleaned (invalid
 * UTF-8 and control characters become '?') and cut at a character boundary
 * with "…" by its measured width.
 *
 * Colours are Okabe-Ito (safe for colour-blind readers) and never carry a
 * status alone: a status also has its own marker shape (dots) or its word
 * in the figures column (bars), and a legend entry. The heatmap's
 * sequential scale is viridis, also colour-blind safe.
 *
 * Determinism: the PNG bytes depend only on the drawing. cairo's SVG
 * surface names its page group "surfaceN" after a counter global to the
 * process, so a second chart written in the same process would differ; the
 * SVG is streamed into memory and those ids are renumbered from 1 before
 * the file is written (svg_normalise_ids).
 *
 * Leak checking: fontconfig (under cairo's toy text API) keeps its
 * configuration and font caches for the life of the process, which
 * LeakSanitizer reports at exit; tests/run gives it tests/lsan.supp, which
 * ignores allocations made inside libfontconfig only.
 */
#include "chart.h"

#include <png.h>

#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "findings.h"
#include "output.h"

#define PI 3.14159265358979323846

/* ---- palette (Okabe & Ito 2008) and viridis -------------------------- */

struct rgb {
	double r, g, b;
};

static const struct rgb BLACK = {0, 0, 0};
static const struct rgb ORANGE = {0.902, 0.624, 0.0};
static const struct rgb GREEN = {0.0, 0.620, 0.451};
static const struct rgb YELLOW = {0.941, 0.894, 0.259};
static const struct rgb BLUE = {0.0, 0.447, 0.698};
static const struct rgb VERMILLION = {0.835, 0.369, 0.0};
static const struct rgb GREY = {0.55, 0.55, 0.55};
static const struct rgb LIGHT = {0.88, 0.88, 0.88};
static const struct rgb TEXT_GREY = {0.35, 0.35, 0.35};

/* viridis at 0, 0.1, ..., 1 (matplotlib's table). */
static const struct rgb VIRIDIS[11] = {
	{0.267, 0.004, 0.329}, {0.282, 0.141, 0.459}, {0.255, 0.267, 0.529}, {0.208, 0.373, 0.553},
	{0.165, 0.471, 0.557}, {0.129, 0.569, 0.549}, {0.133, 0.659, 0.518}, {0.267, 0.749, 0.439},
	{0.478, 0.820, 0.318}, {0.741, 0.875, 0.149}, {0.992, 0.906, 0.145},
};

static struct rgb viridis(double t)
{
	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	double x = t * 10;
	int i = (int)floor(x);
	if (i >= 10)
		return VIRIDIS[10];
	double f = x - i;
	struct rgb a = VIRIDIS[i], b = VIRIDIS[i + 1];
	return (struct rgb){a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

static void set_rgb(cairo_t *cr, struct rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* ---- text ------------------------------------------------------------- */

static void set_font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, CHART_FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* One UTF-8 character at s: its length and code point, or 0 if invalid (a NUL ends it). */
static size_t utf8_char(const unsigned char *s, unsigned long *cp)
{
	unsigned c = s[0];
	size_t len;
	unsigned long v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/*
 * s as text cairo accepts and a reader can trust: valid UTF-8 (cairo puts
 * the whole context in an error state on invalid text), control characters
 * (C0, DEL, C1) as '?'. At most 512 bytes are kept: no label is wider. The
 * caller frees.
 */
static char *clean_text(const char *s)
{
	struct strbuf sb = {0};
	const unsigned char *p = (const unsigned char *)(s ? s : "");

	while (*p && sb.len < 512) {
		unsigned long cp;
		size_t len = utf8_char(p, &cp);
		if (len == 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
			strbuf_putc(&sb, '?');
			p += len ? len : 1;
			continue;
		}
		strbuf_append(&sb, (const char *)p, len);
		p += len;
	}
	return sb.buf ? sb.buf : xstrdup("");
}

static double text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;
	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/*
 * s cleaned and, when wider than maxw in the current font, cut at a
 * character boundary with "…" so that it fits. The caller frees.
 */
static char *fit_text(cairo_t *cr, const char *s, double maxw)
{
	char *t = clean_text(s);
	if (text_width(cr, t) <= maxw)
		return t;

	/* The start of every character, then the longest prefix that fits with "…". */
	size_t n = strlen(t), nchars = 0;
	size_t *starts = xmalloc((n + 1) * sizeof *starts);
	for (size_t i = 0; i < n;) {
		unsigned long cp;
		starts[nchars++] = i;
		size_t len = utf8_char((const unsigned char *)t + i, &cp);
		i += len ? len : 1;
	}
	struct strbuf sb = {0};
	size_t lo = 0, hi = nchars; /* prefixes of lo characters fit; of hi+1 do not */
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		strbuf_reset(&sb);
		strbuf_append(&sb, t, starts[mid]);
		strbuf_printf(&sb, "…");
		if (text_width(cr, sb.buf) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	strbuf_reset(&sb);
	strbuf_append(&sb, t, lo < nchars ? starts[lo] : n);
	strbuf_printf(&sb, "…");
	if (text_width(cr, sb.buf) > maxw)
		strbuf_reset(&sb);
	free(starts);
	free(t);
	return sb.buf ? sb.buf : xstrdup("");
}

enum align { LEFT, CENTER, RIGHT };

/*
 * Draws s fitted to maxw with its baseline at y, aligned at x. Returns the
 * width drawn.
 */
static double draw_text(cairo_t *cr, const char *s, double x, double y, enum align al, double maxw)
{
	char *t = fit_text(cr, s, maxw);
	double w = text_width(cr, t);
	if (al == CENTER)
		x -= w / 2;
	else if (al == RIGHT)
		x -= w;
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, t);
	cairo_new_path(cr);
	free(t);
	return w;
}

/* The baseline that centres the current font's capitals and Hangul on y. */
static double baseline_mid(cairo_t *cr, double y)
{
	/* Hangul and capitals fill about 0.72 of the em above the baseline. */
	cairo_matrix_t m;
	cairo_get_font_matrix(cr, &m);
	return y + 0.36 * m.yy;
}

/* ---- numbers for people --------------------------------------------- */

static const char *pct(double x, char buf[32])
{
	if (!isfinite(x))
		return "n/a";
	double p = x * 100;
	if (p != 0 && fabs(p) < 1)
		snprintf(buf, 32, "%.2f%%", p);
	else
		snprintf(buf, 32, "%.1f%%", p);
	return buf;
}

static const char *num(double x, char buf[32])
{
	return finding_number(x, buf);
}

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

/* ---- the list of charts ---------------------------------------------- */

static const char *const KIND_NAMES[] = {
	[CHART_REPRESENTATION] = "representation",
	[CHART_LABEL_RATE] = "label_rate",
	[CHART_DISPARATE_IMPACT] = "disparate_impact",
	[CHART_HEATMAP] = "heatmap",
	[CHART_DISTRIBUTION] = "distribution",
	[CHART_AGREEMENT] = "agreement",
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
		} else if ((len = utf8_char(p, &cp)) > 0 && cp >= 0xAC00 && cp <= 0xD7A3) {
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

static char *chart_name(const struct chart *c)
{
	struct strbuf sb = {0};
	int lossy = 0;

	strbuf_printf(&sb, "%s", KIND_NAMES[c->kind]);
	switch (c->kind) {
	case CHART_REPRESENTATION:
	case CHART_AGREEMENT:
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
		strbuf_printf(&sb, "Label rate of %s by %s", or_text(c->column, "the label"), c->attribute);
		break;
	case CHART_DISPARATE_IMPACT:
		strbuf_printf(&sb, "Disparate impact of %s by %s", or_text(c->column, "the label"), c->attribute);
		for (size_t i = 0; i < r->n; i++) {
			di = &r->records[i];
			if (rec_is(di, "disparate_impact", c->attribute, c->column) && di->reference) {
				strbuf_printf(&sb, ", against %s", di->reference);
				break;
			}
		}
		break;
	case CHART_HEATMAP:
		strbuf_printf(&sb, "Label rate of %s by %s", or_text(c->column, "the label"), c->attribute);
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
	for (size_t i = 0; i < pv.n; i++) {
		int alpha = has_metric(r, "krippendorff_alpha", pv.v[i].attribute, pv.v[i].column);
		add_chart(&cv, r, CHART_AGREEMENT, "measurement", pv.v[i].attribute, pv.v[i].column,
			  alpha ? "krippendorff_alpha" : "percent_agreement");
	}

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

/* ---- the frame every chart shares ------------------------------------ */

/* Font sizes. */
#define FS_TITLE 18
#define FS_TEXT 12
#define FS_SMALL 11

/* Baselines of the header strips, from the top. */
#define Y_TITLE 28
#define Y_SUBTITLE 48
#define Y_LEGEND 72
#define Y_PLOT 116 /* the plot's top edge; two label rows above it */

/* How far dot plots keep their axis ends from the plot's edges. */
#define DOT_INSET 14

/* The smallest row height: below it group names would be unreadable. */
#define MIN_ROW 11

struct frame {
	double w, h;
	double left, right, top, bottom; /* the plot area */
	double value_x;                  /* left edge of the figures column */
	/* The labels placed so far in the two rows above the plot. */
	struct placed {
		double x0, x1;
		int row;
	} ann[16];
	size_t nann;
};

static void frame_init(struct frame *f, double w, double h, double right_margin)
{
	memset(f, 0, sizeof *f);
	f->w = w;
	f->h = h;
	f->left = 200;
	f->right = w - right_margin;
	f->top = Y_PLOT;
	f->bottom = h - 62;
	f->value_x = f->right + 14;
}

static void draw_header(cairo_t *cr, const struct frame *f, const char *title, const char *subtitle)
{
	set_rgb(cr, BLACK);
	set_font(cr, FS_TITLE, 1);
	draw_text(cr, title, 20, Y_TITLE, LEFT, f->w - 40);
	set_rgb(cr, TEXT_GREY);
	set_font(cr, FS_TEXT, 0);
	draw_text(cr, subtitle, 20, Y_SUBTITLE, LEFT, f->w - 40);
}

static void draw_footnote(cairo_t *cr, const struct frame *f, const char *text)
{
	set_rgb(cr, TEXT_GREY);
	set_font(cr, FS_SMALL, 0);
	draw_text(cr, text, 20, f->h - 8, LEFT, f->w - 40);
}

/*
 * A label for a reference line or band bound, in the first of the two rows
 * above the plot where it overlaps nothing placed before (the row next to
 * the plot first); over the last one when both are taken.
 */
static void annotate(cairo_t *cr, struct frame *f, const char *text, double x, enum align al, struct rgb col)
{
	set_font(cr, FS_SMALL, 0);
	char *t = fit_text(cr, text, 200);
	double w = text_width(cr, t);
	double x0 = al == CENTER ? x - w / 2 : al == RIGHT ? x - w : x;
	if (x0 < f->left - 60)
		x0 = f->left - 60;
	if (x0 + w > f->w - 10)
		x0 = f->w - 10 - w;
	int row = 0;
	for (; row < 2; row++) {
		int clash = 0;
		for (size_t i = 0; i < f->nann; i++)
			if (f->ann[i].row == row && x0 < f->ann[i].x1 + 6 && f->ann[i].x0 < x0 + w + 6)
				clash = 1;
		if (!clash)
			break;
	}
	if (row == 2)
		row = 1;
	if (f->nann < sizeof f->ann / sizeof f->ann[0])
		f->ann[f->nann++] = (struct placed){x0, x0 + w, row};
	set_rgb(cr, col);
	cairo_move_to(cr, x0, f->top - 6 - row * 15);
	cairo_show_text(cr, t);
	cairo_new_path(cr);
	free(t);
}

/* The figures column's heading, registered so reference labels keep clear of it. */
static void value_header(cairo_t *cr, struct frame *f, const char *text)
{
	set_font(cr, FS_SMALL, 1);
	set_rgb(cr, BLACK);
	double w = draw_text(cr, text, f->value_x, f->top - 6, LEFT, f->w - f->value_x - 8);
	if (f->nann < sizeof f->ann / sizeof f->ann[0])
		f->ann[f->nann++] = (struct placed){f->value_x, f->value_x + w, 0};
}

static void draw_y_title(cairo_t *cr, const struct frame *f, const char *text)
{
	cairo_save(cr);
	set_rgb(cr, BLACK);
	set_font(cr, FS_TEXT, 1);
	cairo_translate(cr, 22, (f->top + f->bottom) / 2);
	cairo_rotate(cr, -PI / 2);
	draw_text(cr, text, 0, 0, CENTER, f->bottom - f->top);
	cairo_restore(cr);
}

/* ---- marks ------------------------------------------------------------ */

enum shape { SHAPE_CIRCLE, SHAPE_TRIANGLE, SHAPE_DIAMOND, SHAPE_SQUARE };

static void marker(cairo_t *cr, double x, double y, double r, enum shape sh, struct rgb fill, int filled)
{
	cairo_new_path(cr);
	switch (sh) {
	case SHAPE_CIRCLE:
		cairo_arc(cr, x, y, r, 0, 2 * PI);
		break;
	case SHAPE_TRIANGLE:
		r *= 1.2;
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r * 0.95, y + r * 0.7);
		cairo_line_to(cr, x - r * 0.95, y + r * 0.7);
		break;
	case SHAPE_DIAMOND:
		r *= 1.3;
		cairo_move_to(cr, x, y - r);
		cairo_line_to(cr, x + r, y);
		cairo_line_to(cr, x, y + r);
		cairo_line_to(cr, x - r, y);
		break;
	case SHAPE_SQUARE:
		cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r);
		break;
	}
	cairo_close_path(cr);
	cairo_set_line_width(cr, 1.3);
	if (filled) {
		set_rgb(cr, fill);
		cairo_fill_preserve(cr);
		set_rgb(cr, BLACK);
	} else {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill_preserve(cr);
		set_rgb(cr, fill);
		cairo_set_line_width(cr, 1.8);
	}
	cairo_stroke(cr);
}

/* How a status looks on a dot: colour, shape, filled or hollow. */
static void status_look(enum record_status s, struct rgb *col, enum shape *sh, int *filled)
{
	*filled = 1;
	*col = BLUE;
	*sh = SHAPE_CIRCLE;
	switch (s) {
	case STATUS_OK:
		*col = BLUE;
		*sh = SHAPE_CIRCLE;
		break;
	case STATUS_WARN:
		*col = ORANGE;
		*sh = SHAPE_TRIANGLE;
		break;
	case STATUS_FAIL:
		*col = VERMILLION;
		*sh = SHAPE_DIAMOND;
		break;
	case STATUS_INSUFFICIENT:
		*col = GREY;
		*sh = SHAPE_CIRCLE;
		*filled = 0;
		break;
	}
}

static struct rgb status_bar_colour(enum record_status s)
{
	return s == STATUS_FAIL ? VERMILLION : s == STATUS_WARN ? ORANGE : BLUE;
}

/* Diagonal lines over a rectangle: the mark of "insufficient". */
static void hatch(cairo_t *cr, double x, double y, double w, double h, struct rgb col)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	set_rgb(cr, col);
	cairo_set_line_width(cr, 1);
	for (double d = -h; d < w; d += 6) {
		cairo_move_to(cr, x + d, y + h);
		cairo_line_to(cr, x + d + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A bar from x0 to x1, coloured by status; insufficient is hatched grey. */
static void bar(cairo_t *cr, double x0, double x1, double yc, double th, enum record_status s)
{
	if (x1 < x0) {
		double t = x0;
		x0 = x1;
		x1 = t;
	}
	double w = x1 - x0 < 1 ? 1 : x1 - x0;
	if (s == STATUS_INSUFFICIENT) {
		cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
		cairo_rectangle(cr, x0, yc - th / 2, w, th);
		cairo_fill(cr);
		hatch(cr, x0, yc - th / 2, w, th, GREY);
		set_rgb(cr, GREY);
		cairo_set_line_width(cr, 1);
		cairo_rectangle(cr, x0 + 0.5, yc - th / 2 + 0.5, w - 1 > 0 ? w - 1 : 0, th - 1);
		cairo_stroke(cr);
		return;
	}
	set_rgb(cr, status_bar_colour(s));
	cairo_rectangle(cr, x0, yc - th / 2, w, th);
	cairo_fill(cr);
}

/* An interval from x0 to x1 with end caps; an end cut by the axis gets an arrowhead instead. */
static void whisker(cairo_t *cr, double x0, double x1, double yc, double cap, int cut0, int cut1,
		    struct rgb col)
{
	set_rgb(cr, col);
	cairo_set_line_width(cr, 1.4);
	cairo_move_to(cr, x0, yc);
	cairo_line_to(cr, x1, yc);
	cairo_stroke(cr);
	double ends[2] = {x0, x1};
	int cut[2] = {cut0, cut1};
	for (int k = 0; k < 2; k++) {
		if (cut[k]) {
			double d = k ? -6 : 6;
			cairo_move_to(cr, ends[k], yc);
			cairo_line_to(cr, ends[k] + d, yc - 4);
			cairo_line_to(cr, ends[k] + d, yc + 4);
			cairo_close_path(cr);
			cairo_fill(cr);
		} else {
			cairo_move_to(cr, ends[k], yc - cap / 2);
			cairo_line_to(cr, ends[k], yc + cap / 2);
			cairo_stroke(cr);
		}
	}
}

static void vline(cairo_t *cr, double x, double y0, double y1, struct rgb col, double width, int dashed)
{
	static const double dash[] = {6, 4};
	set_rgb(cr, col);
	cairo_set_line_width(cr, width);
	if (dashed)
		cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x, y0);
	cairo_line_to(cr, x, y1);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* ---- legend ----------------------------------------------------------- */

enum swatch { SW_BAR, SW_HATCH, SW_MARK, SW_WHISKER, SW_LINE, SW_DASH, SW_BAND, SW_OUTLINE, SW_POINTER };

struct legend {
	struct legend_item {
		enum swatch sw;
		enum shape shape;
		struct rgb col;
		int filled;
		char text[112];
	} item[10];
	size_t n;
};

static void legend_add(struct legend *lg, enum swatch sw, enum shape shape, struct rgb col, int filled,
		       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void legend_add(struct legend *lg, enum swatch sw, enum shape shape, struct rgb col, int filled,
		       const char *fmt, ...)
{
	if (lg->n == sizeof lg->item / sizeof lg->item[0])
		return;
	struct legend_item *it = &lg->item[lg->n++];
	it->sw = sw;
	it->shape = shape;
	it->col = col;
	it->filled = filled;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof it->text, fmt, ap);
	va_end(ap);
}

static void legend_status(struct legend *lg, enum record_status s, const char *text)
{
	struct rgb col;
	enum shape sh;
	int filled;
	status_look(s, &col, &sh, &filled);
	legend_add(lg, SW_MARK, sh, col, filled, "%s", text);
}

/* The legend in its own strip, left to right; an item that does not fit is cut with "…". */
static void draw_legend(cairo_t *cr, const struct frame *f, const struct legend *lg)
{
	double x = 20, y = Y_LEGEND, yc = y - 4;

	set_font(cr, FS_TEXT, 0);
	for (size_t i = 0; i < lg->n; i++) {
		const struct legend_item *it = &lg->item[i];
		double sw = it->sw == SW_MARK || it->sw == SW_POINTER ? 12 : 22;
		if (x + sw + 40 > f->w - 20)
			break;
		switch (it->sw) {
		case SW_BAR:
			set_rgb(cr, it->col);
			cairo_rectangle(cr, x, yc - 6, sw, 12);
			cairo_fill(cr);
			break;
		case SW_HATCH:
			cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
			cairo_rectangle(cr, x, yc - 6, sw, 12);
			cairo_fill(cr);
			hatch(cr, x, yc - 6, sw, 12, GREY);
			set_rgb(cr, GREY);
			cairo_set_line_width(cr, 1);
			cairo_rectangle(cr, x + 0.5, yc - 5.5, sw - 1, 11);
			cairo_stroke(cr);
			break;
		case SW_MARK:
			marker(cr, x + sw / 2, yc, 4.5, it->shape, it->col, it->filled);
			break;
		case SW_WHISKER:
			whisker(cr, x + 1, x + sw - 1, yc, 10, 0, 0, it->col);
			break;
		case SW_LINE:
			cairo_move_to(cr, x, yc);
			cairo_line_to(cr, x + sw, yc);
			set_rgb(cr, it->col);
			cairo_set_line_width(cr, 2);
			cairo_stroke(cr);
			break;
		case SW_DASH:
			vline(cr, x + sw / 2, yc - 7, yc + 7, it->col, 1.6, 1);
			break;
		case SW_BAND:
			cairo_set_source_rgba(cr, it->col.r, it->col.g, it->col.b, 0.18);
			cairo_rectangle(cr, x, yc - 7, sw, 14);
			cairo_fill(cr);
			break;
		case SW_OUTLINE:
			cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
			cairo_rectangle(cr, x, yc - 6, sw, 12);
			cairo_fill(cr);
			set_rgb(cr, it->col);
			cairo_set_line_width(cr, 2.5);
			cairo_rectangle(cr, x + 1.25, yc - 4.75, sw - 2.5, 9.5);
			cairo_stroke(cr);
			break;
		case SW_POINTER:
			set_rgb(cr, it->col);
			cairo_move_to(cr, x + sw, yc);
			cairo_line_to(cr, x + 2, yc - 5);
			cairo_line_to(cr, x + 2, yc + 5);
			cairo_close_path(cr);
			cairo_fill(cr);
			break;
		}
		x += sw + 6;
		set_rgb(cr, BLACK);
		x += draw_text(cr, it->text, x, y, LEFT, f->w - 20 - x) + 18;
	}
}

/* ---- scales ----------------------------------------------------------- */

struct scale {
	double lo, hi;
	int log;     /* logarithmic (ratios) */
	int percent; /* tick labels as % */
	double step; /* between ticks, linear scales */
	double x0, x1;
};

static double sx(const struct scale *s, double v)
{
	double t = s->log ? (log(v) - log(s->lo)) / (log(s->hi) - log(s->lo)) : (v - s->lo) / (s->hi - s->lo);
	return s->x0 + t * (s->x1 - s->x0);
}

/* v on the scale, held to the axis; *cut says whether it was held. */
static double sx_clamped(const struct scale *s, double v, int *cut)
{
	int c = 0;
	if (s->log && !(v > 0))
		v = s->lo, c = 1;
	if (v < s->lo)
		v = s->lo, c = 1;
	if (v > s->hi)
		v = s->hi, c = 1;
	if (cut)
		*cut = c;
	return sx(s, v);
}

/* A round step that splits range into about target parts: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double range, int target)
{
	double raw = range / target;
	double mag = pow(10, floor(log10(raw)));
	double m = raw / mag;
	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * mag;
}

/* A linear scale over [lo, hi] of the data, widened to round ticks. */
static void scale_linear(struct scale *s, double lo, double hi, int percent)
{
	memset(s, 0, sizeof *s);
	s->percent = percent;
	if (!isfinite(lo) || !isfinite(hi)) {
		lo = 0;
		hi = 1;
	}
	if (hi - lo < 1e-9) {
		double d = fabs(hi) > 0 ? fabs(hi) * 0.1 : 1;
		lo -= d;
		hi += d;
	}
	double step = nice_step(hi - lo, 6);
	s->step = step;
	s->lo = floor(lo / step + 1e-9) * step;
	s->hi = ceil(hi / step - 1e-9) * step;
}

static void scale_log(struct scale *s, double lo, double hi)
{
	memset(s, 0, sizeof *s);
	s->log = 1;
	s->lo = lo;
	s->hi = hi;
}

static void tick_label(const struct scale *s, double v, double step, char buf[32])
{
	if (s->log) {
		snprintf(buf, 32, "%g", v);
		return;
	}
	double shown = s->percent ? v * 100 : v;
	double st = s->percent ? step * 100 : step;
	if (fabs(shown) < st * 1e-6)
		shown = 0;
	/* Very large or very fine steps: three significant digits, exponent when needed. */
	if (st >= 1e6 || st < 1e-4) {
		snprintf(buf, 32, s->percent ? "%.3g%%" : "%.3g", shown);
		return;
	}
	int dec = 0;
	while (dec < 6 && fabs(st * pow(10, dec) - round(st * pow(10, dec))) > 1e-6)
		dec++;
	snprintf(buf, 32, s->percent ? "%.*f%%" : "%.*f", dec, shown);
}

/* Grid lines, tick labels and the axis title below the plot. */
static void draw_x_axis(cairo_t *cr, const struct frame *f, const struct scale *s, const char *title)
{
	static const double LOG_TICKS[] = {0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100};
	char buf[32];
	double ticks[64];
	size_t nt = 0;
	double step = 0;

	if (s->log) {
		for (size_t i = 0; i < sizeof LOG_TICKS / sizeof LOG_TICKS[0]; i++)
			if (LOG_TICKS[i] >= s->lo * 0.999 && LOG_TICKS[i] <= s->hi * 1.001)
				ticks[nt++] = LOG_TICKS[i];
	} else {
		step = s->step > 0 ? s->step : nice_step(s->hi - s->lo, 6);
		for (int i = 0; s->lo + i * step <= s->hi + step * 1e-6 && nt < 64; i++)
			ticks[nt++] = s->lo + i * step;
	}
	set_font(cr, FS_SMALL, 0);
	for (size_t i = 0; i < nt; i++) {
		double x = sx(s, ticks[i]);
		set_rgb(cr, LIGHT);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, round(x) + 0.5, f->top);
		cairo_line_to(cr, round(x) + 0.5, f->bottom);
		cairo_stroke(cr);
		set_rgb(cr, TEXT_GREY);
		tick_label(s, ticks[i], step, buf);
		draw_text(cr, buf, x, f->bottom + 16, CENTER, 80);
	}
	/* The axis line. */
	set_rgb(cr, BLACK);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, f->left, f->bottom + 0.5);
	cairo_line_to(cr, f->right, f->bottom + 0.5);
	cairo_stroke(cr);
	set_font(cr, FS_TEXT, 1);
	draw_text(cr, title, (f->left + f->right) / 2, f->bottom + 36, CENTER, f->right - f->left);
}

/* ---- rows: one group per line ---------------------------------------- */

struct row {
	const char *group;       /* from the records; not owned */
	double v, lo, hi;        /* the figure and its interval */
	double v2;               /* a second marker (population share, median) */
	double n;
	enum record_status status;
	int has;                 /* a main record was found */
	int reference;           /* the reference group of a comparison */
	char text[96];           /* the figures column */
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static struct row *row_get(struct rows *rs, const char *group)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].group, group) == 0)
			return &rs->v[i];
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 16;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	struct row *row = &rs->v[rs->n++];
	memset(row, 0, sizeof *row);
	row->group = group;
	row->v = row->lo = row->hi = row->v2 = row->n = NAN;
	row->status = STATUS_OK;
	return row;
}

/* Fills v, interval, n and status from rec. */
static void row_set(struct row *row, const struct audit_record *rec)
{
	row->v = rec->value;
	row->lo = rec->ci_low;
	row->hi = rec->ci_high;
	row->n = rec->n;
	row->status = rec->status;
	row->has = 1;
}

/* The layout of the rows: how many fit, their height. */
struct row_layout {
	size_t shown, total;
	double h;  /* row height */
	double th; /* bar thickness */
	double fs; /* font size of names and figures */
};

static void rows_layout(const struct frame *f, size_t n, struct row_layout *rl)
{
	double ph = f->bottom - f->top;
	size_t fit = (size_t)(ph / MIN_ROW);
	rl->total = n;
	rl->shown = n < fit ? n : fit;
	rl->h = rl->shown ? ph / rl->shown : ph;
	rl->th = rl->h * 0.6 < 30 ? rl->h * 0.6 : 30;
	rl->fs = rl->h * 0.72;
	if (rl->fs > 14)
		rl->fs = 14;
	if (rl->fs < 8)
		rl->fs = 8;
}

static double row_y(const struct frame *f, const struct row_layout *rl, size_t i)
{
	return f->top + rl->h * (i + 0.5);
}

/* Group names on the left, figures on the right, light bands on every other row. */
static void draw_row_text(cairo_t *cr, const struct frame *f, const struct row_layout *rl, const struct rows *rs)
{
	for (size_t i = 0; i < rl->shown; i++) {
		const struct row *row = &rs->v[i];
		double yc = row_y(f, rl, i);
		if (i % 2 == 1) {
			cairo_set_source_rgb(cr, 0.965, 0.965, 0.965);
			cairo_rectangle(cr, f->left, yc - rl->h / 2, f->right - f->left, rl->h);
			cairo_fill(cr);
		}
		set_font(cr, rl->fs, row->reference);
		set_rgb(cr, BLACK);
		draw_text(cr, row->group, f->left - 8, baseline_mid(cr, yc), RIGHT, f->left - 8 - 40);
		set_font(cr, rl->fs < 12 ? rl->fs : 12, 0);
		set_rgb(cr, row->has || row->reference ? BLACK : TEXT_GREY);
		draw_text(cr, row->text, f->value_x, baseline_mid(cr, yc), LEFT, f->w - f->value_x - 8);
	}
}

/* "n/a" in the plot where a row has no figure, so an empty line is not read as 0. */
static void draw_na(cairo_t *cr, const struct frame *f, const struct row_layout *rl, size_t i)
{
	set_font(cr, rl->fs < 12 ? rl->fs : 12, 0);
	set_rgb(cr, TEXT_GREY);
	draw_text(cr, "n/a", f->left + 6, baseline_mid(cr, row_y(f, rl, i)), LEFT, 60);
}

static void draw_no_data(cairo_t *cr, const struct frame *f)
{
	set_font(cr, 14, 0);
	set_rgb(cr, TEXT_GREY);
	draw_text(cr, "no figures to draw", (f->left + f->right) / 2, (f->top + f->bottom) / 2, CENTER,
		  f->right - f->left);
}

/* The footnote: how many rows are drawn, and any note of the chart. */
static void rows_footnote(cairo_t *cr, const struct frame *f, const struct row_layout *rl, const char *note)
{
	struct strbuf sb = {0};
	if (rl->shown < rl->total)
		strbuf_printf(&sb, "Showing the first %zu of %zu groups; all are in report.json. ", rl->shown,
			      rl->total);
	if (note)
		strbuf_printf(&sb, "%s", note);
	if (sb.buf)
		draw_footnote(cr, f, sb.buf);
	strbuf_free(&sb);
}

/* The interval of a row on scale s, drawn where both ends are defined. */
static void row_whisker(cairo_t *cr, const struct scale *s, const struct row *row, double yc, double cap,
			struct rgb col)
{
	if (!isfinite(row->lo) || !isfinite(row->hi))
		return;
	int c0, c1;
	double x0 = sx_clamped(s, row->lo, &c0), x1 = sx_clamped(s, row->hi, &c1);
	whisker(cr, x0, x1, yc, cap, c0, c1, col);
}

/* A status dot at v; off the axis it sits at the end with an arrowhead pointing the way. */
static void row_dot(cairo_t *cr, const struct scale *s, double v, double yc, double rad, enum record_status st)
{
	struct rgb col;
	enum shape sh;
	int filled, cut;
	status_look(st, &col, &sh, &filled);
	double x = sx_clamped(s, v, &cut);
	marker(cr, x, yc, rad, sh, col, filled);
	if (cut) {
		double d = v > s->hi ? 1 : -1, x0 = x + d * (rad + 2);
		set_rgb(cr, BLACK);
		cairo_move_to(cr, x0 + d * 7, yc);
		cairo_line_to(cr, x0, yc - 4);
		cairo_line_to(cr, x0, yc + 4);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
}

/* Whether any figure of the rows drawn lies off the axis (v, lo, hi; and v2 when with2). */
static int rows_clamped(const struct rows *rs, size_t shown, const struct scale *s, int with2)
{
	for (size_t i = 0; i < shown; i++) {
		const struct row *row = &rs->v[i];
		double v[4] = {row->v, row->lo, row->hi, with2 ? row->v2 : NAN};
		for (int k = 0; k < 4; k++)
			if (isfinite(v[k]) && (v[k] < s->lo || v[k] > s->hi || (s->log && v[k] <= 0)))
				return 1;
	}
	return 0;
}

#define CLAMP_NOTE "Values past the ends of the axis are drawn at the edge with an arrow; their figures are on the right."

static double max_finite(double a, double b)
{
	if (!isfinite(a))
		return b;
	if (!isfinite(b))
		return a;
	return a > b ? a : b;
}

static double min_finite(double a, double b)
{
	if (!isfinite(a))
		return b;
	if (!isfinite(b))
		return a;
	return a < b ? a : b;
}

/* ---- one routine per kind -------------------------------------------- */

/* CHART_REPRESENTATION: bars of group_share with Wilson intervals, population shares as diamonds. */
static void draw_representation(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
				double h)
{
	struct rows rs = {0};
	struct frame f;
	struct legend lg = {0};
	int has_pop = 0, seen[4] = {0};
	double total = NAN, top = NAN;
	char a[32], b[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !streq(rec->attribute, c->attribute))
			continue;
		if (strcmp(rec->metric, "group_share") == 0) {
			row_set(row_get(&rs, rec->group), rec);
			total = rec->n;
		} else if (strcmp(rec->metric, "population_share") == 0) {
			row_get(&rs, rec->group)->v2 = rec->value;
			has_pop = 1;
		}
	}
	/* A share's status is its representation ratio's: the judged comparison with the population. */
	for (size_t i = 0; i < rs.n; i++) {
		struct row *row = &rs.v[i];
		const struct audit_record *ratio =
			find_rec(r, "representation_ratio", c->attribute, NULL, row->group);
		row->status = ratio ? ratio->status : STATUS_OK;
		if (row->status == STATUS_INSUFFICIENT)
			row->status = STATUS_OK;
		seen[row->status] = 1;
		top = max_finite(top, max_finite(row->v, max_finite(row->hi, row->v2)));
		if (isfinite(row->v2))
			snprintf(row->text, sizeof row->text, "%s (pop. %s)", pct(row->v, a), pct(row->v2, b));
		else
			snprintf(row->text, sizeof row->text, "%s", pct(row->v, a));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 record_status_name(row->status));
	}

	frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	if (isfinite(total))
		strbuf_printf(&sub, "Share of all %.0f rows in each group, with 95%% Wilson intervals", total);
	else
		strbuf_printf(&sub, "Share of all rows in each group, with 95%% Wilson intervals");
	if (has_pop)
		strbuf_printf(&sub, ", against the configured population shares");
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);

	legend_add(&lg, SW_BAR, 0, BLUE, 1, "share of rows");
	legend_add(&lg, SW_WHISKER, 0, BLACK, 1, "95%% interval");
	if (has_pop)
		legend_add(&lg, SW_MARK, SHAPE_DIAMOND, YELLOW, 1, "population share");
	if (seen[STATUS_WARN])
		legend_add(&lg, SW_BAR, 0, ORANGE, 1, "warn: share / population outside [0.8, 1.25]");
	if (seen[STATUS_FAIL])
		legend_add(&lg, SW_BAR, 0, VERMILLION, 1, "fail");
	draw_legend(cr, &f, &lg);

	struct scale s;
	scale_linear(&s, 0, isfinite(top) && top > 0 ? (top * 1.04 < 1 ? top * 1.04 : 1) : 1, 1);
	s.x0 = f.left;
	s.x1 = f.right;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct row_layout rl;
	rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	draw_x_axis(cr, &f, &s, "share of rows (%)");
	draw_y_title(cr, &f, c->attribute);
	value_header(cr, &f, has_pop ? "share (population)" : "share");
	for (size_t i = 0; i < rl.shown; i++) {
		const struct row *row = &rs.v[i];
		double yc = row_y(&f, &rl, i);
		if (isfinite(row->v))
			bar(cr, sx(&s, 0), sx_clamped(&s, row->v, NULL), yc, rl.th, row->status);
		else
			draw_na(cr, &f, &rl, i);
		row_whisker(cr, &s, row, yc, rl.th * 0.6, BLACK);
		if (isfinite(row->v2))
			marker(cr, sx_clamped(&s, row->v2, NULL), yc, rl.th * 0.25 < 6 ? rl.th * 0.25 : 6,
			       SHAPE_DIAMOND, YELLOW, 1);
	}
	rows_footnote(cr, &f, &rl, NULL);
	free(rs.v);
}

/* CHART_LABEL_RATE: bars of label_rate with Wilson intervals, the overall rate as a dashed line. */
static void draw_label_rate(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
			    double h)
{
	struct rows rs = {0};
	struct frame f;
	struct legend lg = {0};
	int seen[4] = {0};
	double top = NAN;
	char a[32], b[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec_is(rec, "label_rate", c->attribute, c->column))
			row_set(row_get(&rs, rec->group), rec);
	}
	const struct audit_record *overall = find_rec(r, "label_rate", c->attribute, c->column, NULL);
	for (size_t i = 0; i < rs.n; i++) {
		struct row *row = &rs.v[i];
		seen[row->status] = 1;
		top = max_finite(top, max_finite(row->v, row->hi));
		snprintf(row->text, sizeof row->text, "%s of %s%s", pct(row->v, a), num(row->n, b),
			 row->status == STATUS_INSUFFICIENT ? " (few)" : "");
		if (row->status == STATUS_WARN || row->status == STATUS_FAIL)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 record_status_name(row->status));
	}
	if (overall)
		top = max_finite(top, overall->value);

	frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "Share of labelled rows with %s, per group, with 95%% Wilson intervals",
		      or_text(c->column, "the label"));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);

	legend_add(&lg, SW_BAR, 0, BLUE, 1, "label rate");
	legend_add(&lg, SW_WHISKER, 0, BLACK, 1, "95%% interval");
	if (overall && isfinite(overall->value))
		legend_add(&lg, SW_DASH, 0, BLACK, 1, "overall rate, all labelled rows");
	if (seen[STATUS_WARN])
		legend_add(&lg, SW_BAR, 0, ORANGE, 1, "warn");
	if (seen[STATUS_FAIL])
		legend_add(&lg, SW_BAR, 0, VERMILLION, 1, "fail");
	if (seen[STATUS_INSUFFICIENT])
		legend_add(&lg, SW_HATCH, 0, GREY, 1, "too few rows to judge (insufficient)");
	draw_legend(cr, &f, &lg);

	struct scale s;
	scale_linear(&s, 0, isfinite(top) && top > 0 ? (top * 1.04 < 1 ? top * 1.04 : 1) : 1, 1);
	s.x0 = f.left;
	s.x1 = f.right;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct row_layout rl;
	rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	struct strbuf xt = {0};
	strbuf_printf(&xt, "rate of %s (%%)", or_text(c->column, "the label"));
	draw_x_axis(cr, &f, &s, xt.buf);
	strbuf_free(&xt);
	draw_y_title(cr, &f, c->attribute);
	value_header(cr, &f, "rate of labelled rows");
	for (size_t i = 0; i < rl.shown; i++) {
		const struct row *row = &rs.v[i];
		double yc = row_y(&f, &rl, i);
		if (isfinite(row->v))
			bar(cr, sx(&s, 0), sx_clamped(&s, row->v, NULL), yc, rl.th, row->status);
		else
			draw_na(cr, &f, &rl, i);
		row_whisker(cr, &s, row, yc, rl.th * 0.6, BLACK);
	}
	if (overall && isfinite(overall->value)) {
		double x = sx_clamped(&s, overall->value, NULL);
		vline(cr, x, f.top, f.bottom, BLACK, 1.6, 1);
		struct strbuf lab = {0};
		strbuf_printf(&lab, "overall %s", pct(overall->value, a));
		annotate(cr, &f, lab.buf, x, CENTER, BLACK);
		strbuf_free(&lab);
	}
	rows_footnote(cr, &f, &rl, NULL);
	free(rs.v);
}

/* CHART_DISPARATE_IMPACT: a dot per group on a log axis, the four-fifths band shaded. */
static void draw_disparate_impact(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w,
				  double h)
{
	struct rows rs = {0};
	struct frame f;
	struct legend lg = {0};
	int seen[4] = {0};
	double lo = 0.5, hi = 2;
	const char *reference = NULL;
	char a[32], b[32], d[32];

	/* The groups in the label-rate order, so the reference keeps its place. */
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec_is(rec, "label_rate", c->attribute, c->column))
			row_get(&rs, rec->group);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !rec_is(rec, "disparate_impact", c->attribute, c->column))
			continue;
		struct row *row = row_get(&rs, rec->group);
		row_set(row, rec);
		if (rec->reference && !reference)
			reference = rec->reference;
	}
	if (reference) {
		/* row_get may move rows: look the reference up after every insertion. */
		row_get(&rs, reference)->reference = 1;
	}
	for (size_t i = 0; i < rs.n; i++) {
		struct row *row = &rs.v[i];
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
				lo = v < lo ? v : lo;
				hi = v > hi ? v : hi;
			}
		}
		if (isfinite(row->lo) && isfinite(row->hi))
			snprintf(row->text, sizeof row->text, "%s [%s, %s]", num(row->v, a), num(row->lo, b),
				 num(row->hi, d));
		else
			snprintf(row->text, sizeof row->text, "%s", num(row->v, a));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 row->status == STATUS_INSUFFICIENT ? "few" : record_status_name(row->status));
	}
	/* Held to [0.05, 20]: past that the figure is in the text column and the dot sits at the edge. */
	lo = lo / 1.15 < 0.05 ? 0.05 : lo / 1.15;
	hi = hi * 1.15 > 20 ? 20 : hi * 1.15;

	frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "rate(group) / rate(%s) of %s, 95%% Katz intervals; the four-fifths rule fails outside [0.8, 1.25]",
		      or_text(reference, "reference"), or_text(c->column, "the label"));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);

	legend_add(&lg, SW_BAND, 0, GREEN, 1, "four-fifths band [0.8, 1.25]");
	legend_add(&lg, SW_WHISKER, 0, BLACK, 1, "95%% interval");
	if (seen[STATUS_OK])
		legend_status(&lg, STATUS_OK, "ok");
	if (seen[STATUS_FAIL])
		legend_status(&lg, STATUS_FAIL, "fail (outside the band)");
	if (seen[STATUS_WARN])
		legend_status(&lg, STATUS_WARN, "warn");
	if (seen[STATUS_INSUFFICIENT])
		legend_status(&lg, STATUS_INSUFFICIENT, "too few rows (insufficient)");
	draw_legend(cr, &f, &lg);

	struct scale s;
	scale_log(&s, lo, hi);
	/* Dots stay clear of the names and the figures column, even at the ends of the axis. */
	s.x0 = f.left + DOT_INSET;
	s.x1 = f.right - DOT_INSET;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct row_layout rl;
	rows_layout(&f, rs.n, &rl);
	/* The band under everything else. */
	cairo_set_source_rgba(cr, GREEN.r, GREEN.g, GREEN.b, 0.16);
	cairo_rectangle(cr, sx(&s, 0.8), f.top, sx(&s, 1.25) - sx(&s, 0.8), f.bottom - f.top);
	cairo_fill(cr);
	draw_row_text(cr, &f, &rl, &rs);
	/* The row bands cover the band on odd rows: draw it again, lighter, on top of them. */
	cairo_set_source_rgba(cr, GREEN.r, GREEN.g, GREEN.b, 0.10);
	for (size_t i = 1; i < rl.shown; i += 2) {
		double yc = row_y(&f, &rl, i);
		cairo_rectangle(cr, sx(&s, 0.8), yc - rl.h / 2, sx(&s, 1.25) - sx(&s, 0.8), rl.h);
	}
	cairo_fill(cr);
	draw_x_axis(cr, &f, &s, "disparate impact (ratio, log scale)");
	draw_y_title(cr, &f, c->attribute);
	value_header(cr, &f, "ratio [95% CI]");
	vline(cr, sx(&s, 0.8), f.top, f.bottom, GREEN, 1.2, 0);
	vline(cr, sx(&s, 1.25), f.top, f.bottom, GREEN, 1.2, 0);
	vline(cr, sx(&s, 1), f.top, f.bottom, BLACK, 1.4, 1);
	annotate(cr, &f, "0.8", sx(&s, 0.8) - 3, RIGHT, GREEN);
	annotate(cr, &f, "1.25", sx(&s, 1.25) + 3, LEFT, GREEN);
	annotate(cr, &f, "parity 1", sx(&s, 1), CENTER, BLACK);

	for (size_t i = 0; i < rl.shown; i++) {
		const struct row *row = &rs.v[i];
		double yc = row_y(&f, &rl, i);
		if (!row->has) {
			if (!row->reference)
				draw_na(cr, &f, &rl, i);
			continue;
		}
		row_whisker(cr, &s, row, yc, rl.th * 0.5, row->status == STATUS_INSUFFICIENT ? GREY : BLACK);
		if (isfinite(row->v)) {
			row_dot(cr, &s, row->v, yc, rl.h * 0.22 < 6 ? rl.h * 0.22 : 6, row->status);
		} else {
			draw_na(cr, &f, &rl, i);
		}
	}
	rows_footnote(cr, &f, &rl, rows_clamped(&rs, rl.shown, &s, 0) ? CLAMP_NOTE : NULL);
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
	struct frame f;
	struct legend lg = {0};
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
			vmin = min_finite(vmin, rec->value);
			vmax = max_finite(vmax, rec->value);
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

	frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "Share of labelled rows with %s in each %s × %s cell",
		      or_text(c->column, "the label"), attr_a, attr_b);
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);
	if (overall && isfinite(overall->value))
		legend_add(&lg, SW_POINTER, 0, BLACK, 1, "overall rate %s", pct(overall->value, a));
	if (any_insufficient)
		legend_add(&lg, SW_HATCH, 0, GREY, 1, "too few rows to judge (insufficient)");
	if (any_fail)
		legend_add(&lg, SW_OUTLINE, 0, VERMILLION, 1, "disparate impact fails (vs %s)",
			   or_text(reference, "the reference"));
	if (any_na)
		legend_add(&lg, SW_BAR, 0, LIGHT, 1, "n/a: no rate");
	draw_legend(cr, &f, &lg);

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
	set_font(cr, chh * 0.5 < 13 ? (chh * 0.5 < 8 ? 8 : chh * 0.5) : 13, 0);
	set_rgb(cr, BLACK);
	for (size_t i = 0; i < nr; i++)
		draw_text(cr, rn.v[i], f.left - 8, baseline_mid(cr, f.top + chh * (i + 0.5)), RIGHT, f.left - 48);
	set_font(cr, cw * 0.2 < 12 ? (cw * 0.2 < 8 ? 8 : cw * 0.2) : 12, 0);
	for (size_t j = 0; j < nc; j++)
		draw_text(cr, cn.v[j], f.left + cw * (j + 0.5), f.top + chh * nr + 16, CENTER, cw - 4);
	set_font(cr, FS_TEXT, 1);
	draw_text(cr, attr_b, f.left + cw * nc / 2, f.top + chh * nr + 36, CENTER, gw);
	f.bottom = f.top + chh * nr;
	draw_y_title(cr, &f, attr_a);

	for (size_t i = 0; i < nr; i++) {
		for (size_t j = 0; j < nc; j++) {
			const struct audit_record *rec = cell[i * cn.n + j];
			double x = f.left + cw * j, y = f.top + chh * i;
			double t = rec && isfinite(rec->value) ? (rec->value - clo) / (chi - clo) : NAN;
			struct rgb fill = isfinite(t) ? viridis(t) : (rec ? LIGHT : (struct rgb){1, 1, 1});
			set_rgb(cr, fill);
			cairo_rectangle(cr, x, y, cw, chh);
			cairo_fill(cr);
			int light_text = isfinite(t) && t < 0.55;
			if (rec && rec->status == STATUS_INSUFFICIENT) {
				/* Greyed and hatched: the colour is still there, but faint. */
				cairo_set_source_rgba(cr, 1, 1, 1, 0.6);
				cairo_rectangle(cr, x, y, cw, chh);
				cairo_fill(cr);
				hatch(cr, x, y, cw, chh, (struct rgb){0.6, 0.6, 0.6});
				light_text = 0;
			}
			const struct audit_record *di =
				rec ? find_rec(r, "disparate_impact", c->attribute, c->column, rec->group) : NULL;
			if (di && di->status == STATUS_FAIL) {
				set_rgb(cr, VERMILLION);
				cairo_set_line_width(cr, 3);
				cairo_rectangle(cr, x + 2.5, y + 2.5, cw - 5, chh - 5);
				cairo_stroke(cr);
			}
			/* The cell's figures: the rate, and n (or "few") when there is room. */
			double yc = y + chh / 2;
			int two = chh >= 3.2 * fs;
			set_font(cr, fs, 1);
			if (light_text)
				cairo_set_source_rgb(cr, 1, 1, 1);
			else
				set_rgb(cr, BLACK);
			const char *rate = rec ? pct(rec->value, a) : "n/a";
			if (rec && isfinite(rec->value) && text_width(cr, rate) > cw - 6) {
				snprintf(a, sizeof a, "%.0f%%", rec->value * 100);
				rate = a;
			}
			draw_text(cr, rate, x + cw / 2, baseline_mid(cr, two ? yc - fs * 0.6 : yc), CENTER, cw - 4);
			if (two) {
				set_font(cr, fs * 0.8, 0);
				struct strbuf nb = {0};
				if (!rec)
					strbuf_printf(&nb, "no rows");
				else
					strbuf_printf(&nb, "n=%s%s%s", num(rec->n, b),
						      rec->status == STATUS_INSUFFICIENT ? ", few" : "",
						      streq(rec->group, reference) ? ", ref." : "");
				draw_text(cr, nb.buf, x + cw / 2, baseline_mid(cr, yc + fs * 0.75), CENTER, cw - 4);
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
		cairo_pattern_add_color_stop_rgb(grad, k / 10.0, VIRIDIS[k].r, VIRIDIS[k].g, VIRIDIS[k].b);
	cairo_set_source(cr, grad);
	cairo_rectangle(cr, bx, by0, bw, by1 - by0);
	cairo_fill(cr);
	cairo_pattern_destroy(grad);
	set_rgb(cr, BLACK);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, bx + 0.5, by0 + 0.5, bw - 1, by1 - by0 - 1);
	cairo_stroke(cr);
	set_font(cr, FS_SMALL, 0);
	double step = chi - clo > 0.3 ? 0.1 : 0.05;
	for (double v = ceil(clo / step - 1e-9) * step; v <= chi + 1e-9; v += step) {
		double y = by1 - (v - clo) / (chi - clo) * (by1 - by0);
		cairo_move_to(cr, bx + bw, y);
		cairo_line_to(cr, bx + bw + 4, y);
		cairo_stroke(cr);
		snprintf(a, sizeof a, "%.0f%%", fabs(v) < 1e-9 ? 0.0 : v * 100);
		draw_text(cr, a, bx + bw + 7, baseline_mid(cr, y), LEFT, 50);
	}
	if (overall && isfinite(overall->value)) {
		double y = by1 - (overall->value - clo) / (chi - clo) * (by1 - by0);
		cairo_move_to(cr, bx, y);
		cairo_line_to(cr, bx - 9, y - 5);
		cairo_line_to(cr, bx - 9, y + 5);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
	set_font(cr, FS_SMALL, 1);
	draw_text(cr, "rate (%)", bx, by0 - 10, LEFT, w - bx - 8);

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
	struct rows rs = {0};
	struct frame f;
	struct legend lg = {0};
	int seen[4] = {0}, any_median = 0;
	double lo = NAN, hi = NAN;
	char a[32], b[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (!rec->group || !streq(rec->attribute, c->attribute) || !streq(rec->column, c->column))
			continue;
		if (strcmp(rec->metric, "mean") == 0) {
			struct row *row = row_get(&rs, rec->group);
			row->v = rec->value;
			row->n = rec->n;
			row->status = worse(row->status, rec->status);
			row->has = 1;
		} else if (strcmp(rec->metric, "sd") == 0) {
			struct row *row = row_get(&rs, rec->group);
			row->lo = rec->value; /* the sd, made an interval below */
		} else if (strcmp(rec->metric, "median") == 0) {
			struct row *row = row_get(&rs, rec->group);
			row->v2 = rec->value;
			row->has = 1;
			row->status = worse(row->status, rec->status);
			any_median = 1;
		} else if (strcmp(rec->metric, "smd") == 0 || strcmp(rec->metric, "ks_statistic") == 0) {
			/* Whether this group's values differ from the rest's. */
			struct row *row = row_get(&rs, rec->group);
			row->status = worse(row->status, rec->status);
		}
	}
	for (size_t i = 0; i < rs.n; i++) {
		struct row *row = &rs.v[i];
		double sd = row->lo;
		row->lo = row->hi = NAN;
		if (isfinite(row->v) && isfinite(sd)) {
			row->lo = row->v - sd;
			row->hi = row->v + sd;
		}
		if (row->has)
			seen[row->status] = 1;
		lo = min_finite(lo, min_finite(row->lo, min_finite(row->v, row->v2)));
		hi = max_finite(hi, max_finite(row->hi, max_finite(row->v, row->v2)));
		snprintf(row->text, sizeof row->text, "%s / %s", num(row->v, a), num(row->v2, b));
		if (row->status != STATUS_OK)
			snprintf(row->text + strlen(row->text), sizeof row->text - strlen(row->text), " %s",
				 row->status == STATUS_INSUFFICIENT ? "few" : record_status_name(row->status));
	}

	frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "Per group: the mean with ±1 standard deviation, and the median, in the units of %s",
		      or_text(c->column, "the column"));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);
	legend_add(&lg, SW_MARK, SHAPE_CIRCLE, BLUE, 1, "mean");
	legend_add(&lg, SW_WHISKER, 0, BLACK, 1, "mean ± 1 sd");
	if (any_median)
		legend_add(&lg, SW_MARK, SHAPE_DIAMOND, YELLOW, 1, "median");
	if (seen[STATUS_WARN])
		legend_status(&lg, STATUS_WARN, "warn: differs from the rest (SMD or KS)");
	if (seen[STATUS_FAIL])
		legend_status(&lg, STATUS_FAIL, "fail");
	if (seen[STATUS_INSUFFICIENT])
		legend_status(&lg, STATUS_INSUFFICIENT, "too few values (insufficient)");
	draw_legend(cr, &f, &lg);

	struct scale s;
	double pad = isfinite(hi - lo) ? (hi - lo) * 0.04 : 0;
	scale_linear(&s, lo - pad, hi + pad, 0);
	/* Dots stay clear of the names and the figures column, even at the ends of the axis. */
	s.x0 = f.left + DOT_INSET;
	s.x1 = f.right - DOT_INSET;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct row_layout rl;
	rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	struct strbuf xt = {0};
	strbuf_printf(&xt, "%s (its own units)", or_text(c->column, "value"));
	draw_x_axis(cr, &f, &s, xt.buf);
	strbuf_free(&xt);
	draw_y_title(cr, &f, c->attribute);
	value_header(cr, &f, "mean / median");
	for (size_t i = 0; i < rl.shown; i++) {
		const struct row *row = &rs.v[i];
		double yc = row_y(&f, &rl, i);
		double rad = rl.h * 0.22 < 6 ? rl.h * 0.22 : 6;
		if (!isfinite(row->v) && !isfinite(row->v2)) {
			draw_na(cr, &f, &rl, i);
			continue;
		}
		row_whisker(cr, &s, row, yc, rl.th * 0.6, row->status == STATUS_INSUFFICIENT ? GREY : BLACK);
		/* The median a little above the line and the mean on it, so equal values both show. */
		if (isfinite(row->v2))
			marker(cr, sx_clamped(&s, row->v2, NULL), yc - rad * 0.9, rad * 0.85, SHAPE_DIAMOND, YELLOW,
			       row->status != STATUS_INSUFFICIENT);
		if (isfinite(row->v))
			row_dot(cr, &s, row->v, yc + rad * 0.5, rad, row->status);
	}
	rows_footnote(cr, &f, &rl, "sd: standard deviation (n - 1). Status from the standardised mean difference and the KS test against the rest of the rows.");
	free(rs.v);
}

/* CHART_AGREEMENT: an agreement statistic per group with bootstrap intervals, all rows as a line. */
static void draw_agreement(cairo_t *cr, const struct audit_result *r, const struct chart *c, double w, double h)
{
	struct rows rs = {0};
	struct frame f;
	struct legend lg = {0};
	int seen[4] = {0};
	int percent = strcmp(c->metric, "percent_agreement") == 0;
	double lo = 0, hi = 1;
	char a[32], b[32], d[32];

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (rec->group && rec_is(rec, c->metric, c->attribute, c->column))
			row_set(row_get(&rs, rec->group), rec);
	}
	const struct audit_record *overall = find_rec(r, c->metric, NULL, c->column, NULL);
	for (size_t i = 0; i < rs.n; i++) {
		struct row *row = &rs.v[i];
		seen[row->status] = 1;
		lo = min_finite(lo, min_finite(row->lo, row->v));
		const char *(*fmt)(double, char *) = percent ? pct : num;
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
		lo = min_finite(lo, overall->value);
	if (lo < -1)
		lo = -1;

	frame_init(&f, w, h, 190);
	struct strbuf sub = {0};
	strbuf_printf(&sub, "%s of the annotators %s per group, 95%% bootstrap intervals",
		      percent ? "Percent agreement" : "Krippendorff's alpha", or_text(c->column, ""));
	draw_header(cr, &f, c->title, sub.buf);
	strbuf_free(&sub);
	legend_add(&lg, SW_WHISKER, 0, BLACK, 1, "95%% interval");
	if (seen[STATUS_OK])
		legend_status(&lg, STATUS_OK, "ok");
	if (seen[STATUS_WARN])
		legend_status(&lg, STATUS_WARN, "warn: interval wholly below the rest's");
	if (seen[STATUS_FAIL])
		legend_status(&lg, STATUS_FAIL, "fail");
	if (seen[STATUS_INSUFFICIENT])
		legend_status(&lg, STATUS_INSUFFICIENT, "too few rows (insufficient)");
	if (overall && isfinite(overall->value))
		legend_add(&lg, SW_DASH, 0, BLACK, 1, "all rows");
	draw_legend(cr, &f, &lg);

	struct scale s;
	scale_linear(&s, lo, hi, percent);
	if (s.hi > 1)
		s.hi = 1;
	/* Dots stay clear of the names and the figures column, even at the ends of the axis. */
	s.x0 = f.left + DOT_INSET;
	s.x1 = f.right - DOT_INSET;
	if (rs.n == 0) {
		draw_no_data(cr, &f);
		free(rs.v);
		return;
	}
	struct row_layout rl;
	rows_layout(&f, rs.n, &rl);
	draw_row_text(cr, &f, &rl, &rs);
	draw_x_axis(cr, &f, &s, percent ? "percent agreement (%)" : "Krippendorff's alpha (1 = perfect, 0 = chance)");
	draw_y_title(cr, &f, c->attribute);
	value_header(cr, &f, "value [95% CI]");
	if (!percent && s.lo < 0)
		vline(cr, sx(&s, 0), f.top, f.bottom, GREY, 1, 0);
	if (overall && isfinite(overall->value)) {
		double x = sx_clamped(&s, overall->value, NULL);
		vline(cr, x, f.top, f.bottom, BLACK, 1.6, 1);
		struct strbuf lab = {0};
		strbuf_printf(&lab, "all rows %s", percent ? pct(overall->value, a) : num(overall->value, a));
		annotate(cr, &f, lab.buf, x, CENTER, BLACK);
		strbuf_free(&lab);
	}
	for (size_t i = 0; i < rl.shown; i++) {
		const struct row *row = &rs.v[i];
		double yc = row_y(&f, &rl, i);
		row_whisker(cr, &s, row, yc, rl.th * 0.5, row->status == STATUS_INSUFFICIENT ? GREY : BLACK);
		if (isfinite(row->v))
			row_dot(cr, &s, row->v, yc, rl.h * 0.22 < 6 ? rl.h * 0.22 : 6, row->status);
		else
			draw_na(cr, &f, &rl, i);
	}
	rows_footnote(cr, &f, &rl, rows_clamped(&rs, rl.shown, &s, 0) ? CLAMP_NOTE : NULL);
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
	}
	cairo_restore(cr);
}

/* ---- files ------------------------------------------------------------ */

/* OUT/charts, the directory every chart goes to; the caller frees. */
static char *charts_dir(const char *out_dir)
{
	struct strbuf sb = {0};
	size_t n = out_dir && *out_dir ? strlen(out_dir) : 0;
	if (n == 0)
		strbuf_printf(&sb, "charts");
	else
		strbuf_printf(&sb, "%s%scharts", out_dir, out_dir[n - 1] == '/' ? "" : "/");
	return sb.buf;
}

/*
 * PNG through libpng rather than cairo_surface_write_to_png_stream: cairo
 * compresses at zlib's default level with adaptive filtering, which made the
 * PNGs most of the time every report adds; level 3 with the Sub filter is
 * twice as fast for files about a third larger. No time chunk is
 * written, so the bytes depend on the pixels only.
 */
struct png_job {
	cairo_surface_t *surface;
	cairo_status_t status;
};

static void png_fail(png_structp png, png_const_charp message)
{
	(void)message;
	png_longjmp(png, 1);
}

static void png_warn(png_structp png, png_const_charp message)
{
	(void)png;
	(void)message;
}

static int png_body(FILE *f, void *ctx)
{
	struct png_job *job = ctx;
	cairo_surface_t *s = job->surface;
	int width = cairo_image_surface_get_width(s), height = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	unsigned char *data = cairo_image_surface_get_data(s);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, png_fail, png_warn);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	if (!info) {
		png_destroy_write_struct(&png, NULL);
		job->status = CAIRO_STATUS_NO_MEMORY;
		errno = 0;
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		job->status = CAIRO_STATUS_WRITE_ERROR;
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 3);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
	png_write_info(png, info);
	/* CAIRO_FORMAT_RGB24 is a native-endian 32-bit xRGB word per pixel. */
	const uint32_t one = 1;
	if (*(const unsigned char *)&one) {
		png_set_bgr(png);
		png_set_filler(png, 0, PNG_FILLER_AFTER);
	} else {
		png_set_filler(png, 0, PNG_FILLER_BEFORE);
	}
	for (int y = 0; y < height; y++)
		png_write_row(png, data + (size_t)y * (size_t)stride);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return ferror(f) ? -1 : 0;
}

/* Names the failing file and cairo's reason. */
static int cairo_failed(struct audit_err *err, const char *dir, const char *name, const char *ext,
			cairo_status_t st)
{
	return audit_fail(err, AUDIT_EINTERNAL, "%s/%s.%s: cannot draw the chart: %s", dir, name, ext,
			  cairo_status_to_string(st));
}

static int png_one(const struct audit_result *r, const struct chart *c, const char *dir, struct audit_err *err)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CHART_WIDTH, CHART_HEIGHT);
	cairo_t *cr = cairo_create(s);
	chart_draw(cr, r, c, CHART_WIDTH, CHART_HEIGHT);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return cairo_failed(err, dir, c->name, "png", st);
	}

	struct strbuf file = {0};
	strbuf_printf(&file, "%s.png", c->name);
	struct png_job job = {s, CAIRO_STATUS_SUCCESS};
	int rc = output_write_atomic(dir, file.buf, png_body, &job, err);
	if (rc && job.status != CAIRO_STATUS_SUCCESS && job.status != CAIRO_STATUS_WRITE_ERROR)
		rc = cairo_failed(err, dir, c->name, "png", job.status);
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	if (!rc && st != CAIRO_STATUS_SUCCESS)
		rc = cairo_failed(err, dir, c->name, "png", st);
	cairo_surface_destroy(s);
	strbuf_free(&file);
	return rc;
}

int chart_png_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	struct chart *charts;
	size_t n = chart_list(r, &charts);
	char *dir = charts_dir(out_dir);
	int rc = AUDIT_OK;
	for (size_t i = 0; i < n && !rc; i++)
		rc = png_one(r, &charts[i], dir, err);
	free(dir);
	chart_list_free(charts, n);
	return rc;
}

static cairo_status_t svg_to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
	strbuf_append(closure, (const char *)data, len);
	return CAIRO_STATUS_SUCCESS;
}

/*
 * Renumbers the ids cairo takes from process-wide counters ("surface7",
 * "image12": a surface's unique id) in order of first appearance, so the
 * same chart gives the same bytes whatever was drawn before it in the
 * process. Only id="..." values and "#..." references are touched; the
 * document holds no text from the data (glyphs are paths), so nothing else
 * can look like one.
 */
static void svg_normalise_ids(struct strbuf *svg)
{
	static const char *const PREFIXES[] = {"surface", "image"};
	struct strbuf out = {0};
	unsigned long *seen = NULL;
	size_t nseen = 0, cap = 0;
	const char *p = svg->buf, *end = svg->buf + svg->len;
	const char *run = p; /* the text between ids is copied in runs */

	while (p < end) {
		int matched = 0;
		if ((*p == '#' || (p - svg->buf >= 4 && memcmp(p - 4, "id=\"", 4) == 0))) {
			const char *q = *p == '#' ? p + 1 : p;
			for (size_t k = 0; k < 2 && !matched; k++) {
				size_t pl = strlen(PREFIXES[k]);
				if ((size_t)(end - q) > pl && memcmp(q, PREFIXES[k], pl) == 0 && q[pl] >= '0' &&
				    q[pl] <= '9') {
					char *digits_end;
					unsigned long id = strtoul(q + pl, &digits_end, 10);
					size_t idx = 0;
					while (idx < nseen && seen[idx] != id)
						idx++;
					if (idx == nseen) {
						if (nseen == cap) {
							cap = cap ? cap * 2 : 8;
							seen = xrealloc(seen, cap * sizeof *seen);
						}
						seen[nseen++] = id;
					}
					strbuf_append(&out, run, (size_t)(q - run));
					strbuf_printf(&out, "%s%zu", PREFIXES[k], idx + 1);
					p = run = digits_end;
					matched = 1;
				}
			}
		}
		if (!matched)
			p++;
	}
	strbuf_append(&out, run, (size_t)(end - run));
	free(seen);
	strbuf_free(svg);
	*svg = out;
}

static int svg_body(FILE *f, void *ctx)
{
	const struct strbuf *sb = ctx;
	return fwrite(sb->buf, 1, sb->len, f) == sb->len ? 0 : -1;
}

/* Whether prefix can go before an id: ASCII letters, digits, '-', '_' and '.' only. */
static int id_prefix_safe(const char *prefix)
{
	for (const char *p = prefix; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return 0;
	return 1;
}

/*
 * Puts prefix before every id="..." value and every "#..." reference
 * (url(#...), xlink:href="#..."), and drops the "<?xml" prolog, so the
 * document can be inlined in HTML beside other charts. As in
 * svg_normalise_ids, the document holds no text from the data, so these
 * patterns occur only as cairo wrote them.
 */
static void svg_prefix_ids(struct strbuf *svg, const char *prefix)
{
	static const char *const MARKS[] = {" id=\"", "url(#", "href=\"#"};
	struct strbuf out = {0};
	const char *p = svg->buf, *end = svg->buf + svg->len;

	if (svg->len >= 5 && memcmp(p, "<?xml", 5) == 0) {
		const char *q = strstr(p, "?>");
		if (q) {
			p = q + 2;
			if (p < end && *p == '\n')
				p++;
		}
	}
	const char *run = p;
	while (p < end) {
		size_t ml = 0;
		for (size_t k = 0; k < sizeof MARKS / sizeof MARKS[0] && !ml; k++) {
			size_t l = strlen(MARKS[k]);
			if ((size_t)(end - p) >= l && memcmp(p, MARKS[k], l) == 0)
				ml = l;
		}
		if (!ml) {
			p++;
			continue;
		}
		strbuf_append(&out, run, (size_t)(p - run) + ml);
		strbuf_printf(&out, "%s", prefix);
		p = run = p + ml;
	}
	strbuf_append(&out, run, (size_t)(end - run));
	strbuf_free(svg);
	*svg = out;
}

/* Draws c as one SVG document appended to out, its ids normalised (and prefixed when prefix is set). */
static cairo_status_t svg_render(const struct audit_result *r, const struct chart *c, const char *prefix,
				 struct strbuf *out)
{
	struct strbuf svg = {0};
	cairo_surface_t *s = cairo_svg_surface_create_for_stream(svg_to_buffer, &svg, CHART_WIDTH, CHART_HEIGHT);
	cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
	cairo_t *cr = cairo_create(s);
	chart_draw(cr, r, c, CHART_WIDTH, CHART_HEIGHT);
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		strbuf_free(&svg);
		return st;
	}
	if (!svg.buf)
		strbuf_append(&svg, "", 0);
	svg_normalise_ids(&svg);
	if (prefix)
		svg_prefix_ids(&svg, prefix);
	strbuf_append(out, svg.buf, svg.len);
	strbuf_free(&svg);
	return CAIRO_STATUS_SUCCESS;
}

int chart_svg_text(const struct audit_result *r, const struct chart *c, const char *id_prefix, struct strbuf *out,
		   struct audit_err *err)
{
	if (id_prefix && !id_prefix_safe(id_prefix))
		return audit_fail(err, AUDIT_EINTERNAL, "chart %s: SVG id prefix \"%s\" is not letters, digits, '-', '_' or '.'",
				  c->name, id_prefix);
	cairo_status_t st = svg_render(r, c, id_prefix, out);
	if (st != CAIRO_STATUS_SUCCESS)
		return audit_fail(err, AUDIT_EINTERNAL, "chart %s: cannot draw the SVG: %s", c->name,
				  cairo_status_to_string(st));
	return AUDIT_OK;
}

static int svg_one(const struct audit_result *r, const struct chart *c, const char *dir, struct audit_err *err)
{
	struct strbuf svg = {0};
	cairo_status_t st = svg_render(r, c, NULL, &svg);
	if (st != CAIRO_STATUS_SUCCESS) {
		strbuf_free(&svg);
		return cairo_failed(err, dir, c->name, "svg", st);
	}
	if (!svg.buf)
		strbuf_append(&svg, "", 0);

	struct strbuf file = {0};
	strbuf_printf(&file, "%s.svg", c->name);
	int rc = output_write_atomic(dir, file.buf, svg_body, &svg, err);
	strbuf_free(&file);
	strbuf_free(&svg);
	return rc;
}

int chart_svg_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	struct chart *charts;
	size_t n = chart_list(r, &charts);
	char *dir = charts_dir(out_dir);
	int rc = AUDIT_OK;
	for (size_t i = 0; i < n && !rc; i++)
		rc = svg_one(r, &charts[i], dir, err);
	free(dir);
	chart_list_free(charts, n);
	return rc;
}
