/*
 * chart.h — the charts of an audit, drawn from its records with cairo: one
 * drawing routine per kind, on any surface (PNG and SVG files here, PDF
 * pages in pdf.c). Charts render records; they compute no statistic.
 *
 * Entry points: chart_list (which charts a result calls for), chart_draw
 * (one chart on a cairo context), chart_png_write and chart_svg_write (every
 * chart as OUT/charts/NAME.png or .svg), chart_svg_text (one chart's SVG in
 * memory, its ids optionally prefixed for inlining in HTML).
 */
#ifndef DSAUDIT_CHART_H
#define DSAUDIT_CHART_H

#include <cairo.h>
#include <stddef.h>

#include "record.h"
#include "util.h"

enum chart_kind {
	CHART_REPRESENTATION,   /* group_share with Wilson intervals, population_share markers */
	CHART_LABEL_RATE,       /* label_rate per group with intervals, the overall rate as a line */
	CHART_DISPARATE_IMPACT, /* disparate_impact dot plot, the [0.8, 1.25] band shaded */
	CHART_HEATMAP,          /* label_rate of a two-attribute intersection, with a colour bar */
	CHART_DISTRIBUTION,     /* a numeric column per group: median, mean and sd */
	CHART_AGREEMENT,        /* an agreement statistic per group with bootstrap intervals */
	CHART_DISPARITY,        /* the prediction's _disparity metrics per group, as disparate impact is drawn */
};

/* One chart: its kind and what it is about. Strings are owned. */
struct chart {
	enum chart_kind kind;
	char *family;       /* the record family it belongs to ("representation", ...) */
	char *attribute;    /* the attribute or intersection */
	char *column;       /* the label, numeric column or annotator list; NULL when none */
	char *metric;       /* the metric drawn ("group_share", "krippendorff_alpha", ...);
			       "_disparity" for CHART_DISPARITY, which draws several */
	char *title;
	char *name;         /* file name without extension, safe for any attribute name */
};

/*
 * The charts r calls for, in a fixed order: representation per single
 * attribute; label rate, then disparate impact, per single attribute and
 * outcome (one per class of a multi-class label); a heatmap per two-part
 * intersection and outcome; distributions of the first
 * CHART_MAX_NUMERIC_COLUMNS numeric columns per attribute; agreement per
 * attribute, each followed by the disparities of the prediction for that
 * attribute (ppr, pprev, precision, fdr, for, fpr, fnr, tpr, tnr and
 * npv_disparity; then those of attributes without agreement). Titles name
 * the outcome in context.outcome's words when the audit gave them (a
 * class of a multi-class label names itself). Names are unique (even ignoring case) and use only ASCII
 * letters, digits, '-' and '_': a name from the data that needed changing
 * or cutting gets an 8-hex-digit hash suffix. Returns the count; *out
 * (NULL when none) is freed with chart_list_free.
 */
size_t chart_list(const struct audit_result *r, struct chart **out);
void chart_list_free(struct chart *charts, size_t n);

/* Draws c from r's records on cr, in a width x height box at the origin. */
void chart_draw(cairo_t *cr, const struct audit_result *r, const struct chart *c, double width, double height);

/* The font every chart uses: covers Latin and Hangul (fonts-nanum). */
#define CHART_FONT "NanumGothic"

/*
 * The size of every chart file: PNG images are CHART_WIDTH x CHART_HEIGHT
 * pixels (RGB, white background, antialiased); SVG documents have the same
 * geometry in points.
 */
#define CHART_WIDTH 1000
#define CHART_HEIGHT 600

/*
 * At most this many numeric columns get distribution charts: the first ones
 * in record order. A wide table would otherwise bury the other charts under
 * one chart per column and attribute; every column's figures stay in
 * report.json.
 */
#define CHART_MAX_NUMERIC_COLUMNS 6

/* Every chart of r as OUT/charts/NAME.png (or .svg), each written atomically. */
int chart_png_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);
int chart_svg_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

/*
 * Appends c's SVG document to out: the bytes of OUT/charts/NAME.svg when
 * id_prefix is NULL (cairo's ids renumbered from 1, so they do not depend
 * on what else the process drew). With id_prefix set, the "<?xml" prolog
 * is left out and id_prefix goes before every id="..." value and every
 * "#..." reference (url(#...), xlink:href="#..."), so several charts can be
 * inlined in one HTML page without clashing ids; id_prefix must be ASCII
 * letters, digits, '-', '_' or '.' (start it with a letter to make valid
 * ids). Returns AUDIT_OK, or AUDIT_EINTERNAL with err set (an unsafe
 * prefix, or cairo failed), out then unchanged. The caller owns out.
 */
int chart_svg_text(const struct audit_result *r, const struct chart *c, const char *id_prefix, struct strbuf *out,
		   struct audit_err *err);

#endif
