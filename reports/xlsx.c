/*
 * xlsx.c — report.xlsx (see xlsx.h), written with libxlsxwriter.
 *
 * Sheets, in this order:
 *   Summary         the dataset, how to read it (outcome, references, the
 *                   judging rule), the verdict and counts by status, every
 *                   family's state, the ten worst findings in words
 *                   (findings.h, as the text summary), the charts, and the
 *                   effective configuration.
 *   Representation, Selection, Measurement, Quality, Privacy (Drift)
 *                   one table of records per family present, in record order.
 *   All metrics     every record, with its family: filter and sort here.
 *   Method          how each metric that appears is defined (method.h).
 *   Chart data      the figures the Summary's charts draw, copied from the
 *                   records; a chart needs cells to point at.
 *
 * Native charts on Summary, for each single attribute (not intersections):
 * group shares beside the population shares (columns); the label rate by
 * group with the overall rate as a line; disparate impact by group with the
 * 0.8 and 1.25 lines; Krippendorff's alpha by group with the all-rows alpha.
 * The last three are dot plots: a line chart whose value series has markers
 * and no line, the reference lines being constant series.
 *
 * Rules (cited in the code):
 *   X1. Text from the data or the configuration is always written with
 *       worksheet_write_string, never as a formula: a group called "=1+1"
 *       or "@SUM(A1)" stays text (spreadsheet formula injection). Control
 *       characters other than tab and line feed become '?' and invalid
 *       UTF-8 U+FFFD, so every part is valid XML; a text longer than a cell
 *       holds is cut with "…". Sheet
 *       names are fixed, so no data ever names a sheet; chart titles and
 *       series names start with fixed words (libxlsxwriter reads a leading
 *       '=' there as a cell reference).
 *   X2. Numbers are numbers (sortable), formatted by what they are: shares
 *       and rates as percentages, counts as integers, ratios, differences
 *       and effect sizes with 3 decimals, divergences with 4, test
 *       statistics with 2, p-values in scientific notation. A null value is
 *       an empty cell, never 0.
 *   X3. Statuses are coloured by conditional formatting (fail red, warn
 *       amber, insufficient grey, ok plain), so the colour follows a cell a
 *       reviewer edits or sorts.
 *   X4. Byte-identical output for the same result: no clock is read. The
 *       document's created (and modified) date is SOURCE_DATE_EPOCH when
 *       set, else pinned to 2000-01-01T00:00:00Z: report.json carries no
 *       time either, and the audit time is in the database, not the report.
 *       libxlsxwriter dates the zip entries 1980-01-01 itself.
 *   X5. Atomic: the workbook is written to OUT/report.xlsx.tmp, synced and
 *       renamed over report.xlsx; on failure the temp file is removed and an
 *       earlier report.xlsx is left untouched. libxlsxwriter's own temp
 *       files go to OUT (tmpdir), not /tmp.
 *   X6. Context (context.h): the outcome the rates count, each reference
 *       group and why, the judging rule in full; and every family, audited
 *       or not, with what was left out and why.
 *
 * Entry point: xlsx_report_write.
 */
#include "xlsx.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "findings.h"
#include "method.h"
#include "output.h"

/* X4: 2000-01-01T00:00:00Z, when SOURCE_DATE_EPOCH is not set. */
#define PINNED_CREATED ((time_t)946684800)

/* Excel's cell limit is 32767 characters; bytes are a safe bound for both. */
#define MAX_CELL_BYTES 32000

#define CHART_SHEET "Chart data"
#define WORST_FINDINGS 10

enum value_kind { VK_RATIO, VK_PERCENT, VK_COUNT, VK_SMALL, VK_STAT };

struct xlsx {
	lxw_workbook *wb;
	lxw_error err;          /* the first libxlsxwriter error */
	lxw_format *title, *section, *header, *key, *wrap, *italic, *centre;
	lxw_format *num[5];     /* by enum value_kind (X2) */
	lxw_format *sci, *integer;
	lxw_format *fail, *warn, *insufficient, *pass;
	lxw_worksheet *summary, *chart_data;
	lxw_row_t chart_data_row; /* next free row of Chart data */
	lxw_row_t chart_row;      /* first Summary row of the charts */
	int ncharts;
};

static void keep(struct xlsx *x, lxw_error e)
{
	if (e && !x->err)
		x->err = e;
}

/* ---- text from the data (X1) ---------------------------------------- */

/* Byte length of the valid UTF-8 character at p, or 0. */
static size_t utf8_len(const unsigned char *p)
{
	size_t len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : 2;
	if (strnlen((const char *)p, len) < len)
		return 0;
	return utf8_valid_prefix(p, len) == len ? len : 0;
}

/* Appends s made safe for a cell: see X1. */
static void clean_text(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		if (sb->len >= MAX_CELL_BYTES) {
			strbuf_printf(sb, "…");
			return;
		}
		size_t len = utf8_len(p);
		if (len == 0) {
			strbuf_printf(sb, "\xEF\xBF\xBD");
			p++;
		} else if (len == 1) {
			int ctl = (*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F;
			strbuf_putc(sb, ctl ? '?' : (char)*p);
			p++;
		} else {
			/* U+FFFE and U+FFFF are not XML characters. */
			if (len == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] >= 0xBE)
				strbuf_printf(sb, "\xEF\xBF\xBD");
			else
				strbuf_append(sb, (const char *)p, len);
			p += len;
		}
	}
}

/* Writes s (NULL: nothing) as a string; widens *width to its display width. */
static void put_text(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
		     lxw_format *f, double *width)
{
	if (!s)
		return;
	struct strbuf sb = {0};
	clean_text(&sb, s);
	const char *text = sb.buf ? sb.buf : "";
	if (width) {
		double w = (double)utf8_display_width(text);
		if (w > *width)
			*width = w;
	}
	keep(x, worksheet_write_string(ws, row, col, text, f));
	strbuf_free(&sb);
}

/* A finite number as a number; NaN and infinities leave the cell empty (X2). */
static void put_number(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
		       lxw_format *f)
{
	if (isfinite(v))
		keep(x, worksheet_write_number(ws, row, col, v, f));
}

/* ---- formats -------------------------------------------------------- */

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

/* X2: how a metric's value (and its interval) reads. */
static enum value_kind value_kind(const char *metric)
{
	static const char *const percent[] = {
		"group_share", "population_share", "label_rate", "missing_rate", "label_error_rate",
		"annotator_error_rate", "percent_agreement", "outlier_rate", "ppr", "pprev", "prev",
		"precision", "fdr", "for", "npv", "fpr", "fnr", "tpr", "tnr", NULL};
	static const char *const count[] = {
		"group_count", "rows", "columns", "distinct_count", "constant_column", "duplicate_rows",
		"conflicting_labels", "id_duplicates", "mixed_types", "out_of_domain", "k_anonymity",
		"records_at_risk", "l_diversity", NULL};
	static const char *const small[] = {"kl_divergence", "js_divergence", NULL};
	static const char *const stat[] = {"population_gof", "chi2_independence", "differential_missingness",
					   NULL};

	if (!metric)
		return VK_RATIO;
	if (in_list(metric, percent))
		return VK_PERCENT;
	if (in_list(metric, count) || strncmp(metric, "pii_", 4) == 0)
		return VK_COUNT;
	if (in_list(metric, small))
		return VK_SMALL;
	if (in_list(metric, stat))
		return VK_STAT;
	return VK_RATIO;
}

static lxw_format *number_format(struct xlsx *x, const char *code)
{
	lxw_format *f = workbook_add_format(x->wb);
	format_set_num_format(f, code);
	return f;
}

static lxw_format *fill_format(struct xlsx *x, lxw_color_t bg, lxw_color_t fg)
{
	lxw_format *f = workbook_add_format(x->wb);
	format_set_bg_color(f, bg);
	format_set_font_color(f, fg);
	return f;
}

static void make_formats(struct xlsx *x)
{
	x->title = workbook_add_format(x->wb);
	format_set_bold(x->title);
	format_set_font_size(x->title, 14);
	x->section = workbook_add_format(x->wb);
	format_set_bold(x->section);
	format_set_font_size(x->section, 12);
	format_set_bottom(x->section, LXW_BORDER_THIN);
	x->header = workbook_add_format(x->wb);
	format_set_bold(x->header);
	format_set_bg_color(x->header, 0xD9E1F2);
	format_set_bottom(x->header, LXW_BORDER_THIN);
	x->key = workbook_add_format(x->wb);
	format_set_bold(x->key);
	format_set_align(x->key, LXW_ALIGN_VERTICAL_TOP);
	x->wrap = workbook_add_format(x->wb);
	format_set_text_wrap(x->wrap);
	format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
	x->centre = workbook_add_format(x->wb);
	format_set_align(x->centre, LXW_ALIGN_CENTER);
	x->italic = workbook_add_format(x->wb);
	format_set_italic(x->italic);
	format_set_font_color(x->italic, 0x595959);

	x->num[VK_RATIO] = number_format(x, "0.000");
	x->num[VK_PERCENT] = number_format(x, "0.0%");
	x->num[VK_COUNT] = number_format(x, "0");
	x->num[VK_SMALL] = number_format(x, "0.0000");
	x->num[VK_STAT] = number_format(x, "0.00");
	x->sci = number_format(x, "0.00E+00");
	x->integer = x->num[VK_COUNT];

	/* Excel's own "light red fill with dark red text" and friends. */
	x->fail = fill_format(x, 0xFFC7CE, 0x9C0006);
	x->warn = fill_format(x, 0xFFEB9C, 0x9C5700);
	x->insufficient = fill_format(x, 0xD9D9D9, 0x404040);
	x->pass = fill_format(x, 0xC6EFCE, 0x006100);
}

/* X3: colours the status words in rows first..last of one column. */
static void status_colours(struct xlsx *x, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last, lxw_col_t col)
{
	static char fail[] = "\"fail\"", warn[] = "\"warn\"", insufficient[] = "\"insufficient\"";
	struct {
		char *word;
		lxw_format *f;
	} rules[] = {{fail, x->fail}, {warn, x->warn}, {insufficient, x->insufficient}};

	if (last < first)
		return;
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		lxw_conditional_format cf = {
			.type = LXW_CONDITIONAL_TYPE_CELL,
			.criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
			.value_string = rules[i].word,
			.format = rules[i].f,
		};
		keep(x, worksheet_conditional_format_range(ws, first, col, last, col, &cf));
	}
}

/* Printing (and PDF export): landscape, one page wide, header rows repeated. */
static void print_setup(struct xlsx *x, lxw_worksheet *ws, int repeat_header)
{
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	if (repeat_header)
		keep(x, worksheet_repeat_rows(ws, 0, 0));
}

/* ---- record tables (family sheets, All metrics) ---------------------- */

enum table_col {
	TC_FAMILY, TC_ATTRIBUTE, TC_COLUMN, TC_GROUP, TC_REFERENCE, TC_METRIC, TC_VALUE, TC_CI_LOW,
	TC_CI_HIGH, TC_P, TC_P_ADJ, TC_N, TC_STATUS, TC_DETAIL, NTABLE_COLS
};

static const struct {
	const char *header;
	double min, max; /* width in characters */
} TABLE_COLS[NTABLE_COLS] = {
	[TC_FAMILY] = {"family", 10, 16},     [TC_ATTRIBUTE] = {"attribute", 11, 24},
	[TC_COLUMN] = {"column", 10, 28},     [TC_GROUP] = {"group", 9, 24},
	[TC_REFERENCE] = {"reference", 11, 18}, [TC_METRIC] = {"metric", 10, 30},
	[TC_VALUE] = {"value", 10, 12},       [TC_CI_LOW] = {"ci_low", 10, 12},
	[TC_CI_HIGH] = {"ci_high", 10, 12},   [TC_P] = {"p_value", 10, 12},
	[TC_P_ADJ] = {"p_adjusted", 12, 12},  [TC_N] = {"n", 8, 10},
	[TC_STATUS] = {"status", 12, 14},     [TC_DETAIL] = {"detail", 10, 70},
};

static void write_record_row(struct xlsx *x, lxw_worksheet *ws, lxw_row_t row, int first_col,
			     const struct audit_record *rec, double *widths)
{
	/* widths and columns are indexed from TC_FAMILY; first_col drops the family. */
	lxw_col_t shift = (lxw_col_t)first_col;
	lxw_format *vf = x->num[value_kind(rec->metric)];

#define COL(tc) ((lxw_col_t)((tc) - shift))
	if (first_col == TC_FAMILY)
		put_text(x, ws, row, COL(TC_FAMILY), rec->family, NULL, &widths[TC_FAMILY]);
	put_text(x, ws, row, COL(TC_ATTRIBUTE), rec->attribute, NULL, &widths[TC_ATTRIBUTE]);
	put_text(x, ws, row, COL(TC_COLUMN), rec->column, NULL, &widths[TC_COLUMN]);
	put_text(x, ws, row, COL(TC_GROUP), rec->group, NULL, &widths[TC_GROUP]);
	put_text(x, ws, row, COL(TC_REFERENCE), rec->reference, NULL, &widths[TC_REFERENCE]);
	put_text(x, ws, row, COL(TC_METRIC), rec->metric, NULL, &widths[TC_METRIC]);
	put_number(x, ws, row, COL(TC_VALUE), rec->value, vf);
	put_number(x, ws, row, COL(TC_CI_LOW), rec->ci_low, vf);
	put_number(x, ws, row, COL(TC_CI_HIGH), rec->ci_high, vf);
	put_number(x, ws, row, COL(TC_P), rec->p_value, x->sci);
	put_number(x, ws, row, COL(TC_P_ADJ), rec->p_adjusted, x->sci);
	put_number(x, ws, row, COL(TC_N), rec->n, x->integer);
	put_text(x, ws, row, COL(TC_STATUS), record_status_name(rec->status), x->centre, &widths[TC_STATUS]);
	put_text(x, ws, row, COL(TC_DETAIL), rec->detail, NULL, &widths[TC_DETAIL]);
#undef COL
}

/*
 * A sheet of records: a header row, frozen and filtered, then the records
 * of family (all when family is NULL, with a family column first).
 */
static void write_table(struct xlsx *x, lxw_worksheet *ws, const struct audit_result *r, const char *family)
{
	int first = family ? TC_ATTRIBUTE : TC_FAMILY;
	double widths[NTABLE_COLS];
	lxw_row_t row = 1;

	for (int c = first; c < NTABLE_COLS; c++) {
		widths[c] = strlen(TABLE_COLS[c].header) + 3; /* room for the filter button */
		put_text(x, ws, 0, (lxw_col_t)(c - first), TABLE_COLS[c].header, x->header, NULL);
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (family && strcmp(rec->family, family) != 0)
			continue;
		write_record_row(x, ws, row++, first, rec, widths);
	}
	for (int c = first; c < NTABLE_COLS; c++) {
		double w = widths[c] + 1;
		if (w < TABLE_COLS[c].min)
			w = TABLE_COLS[c].min;
		if (w > TABLE_COLS[c].max)
			w = TABLE_COLS[c].max;
		keep(x, worksheet_set_column(ws, (lxw_col_t)(c - first), (lxw_col_t)(c - first), w, NULL));
	}
	worksheet_freeze_panes(ws, 1, 0);
	keep(x, worksheet_autofilter(ws, 0, 0, row - 1, (lxw_col_t)(NTABLE_COLS - 1 - first)));
	print_setup(x, ws, 1);
	status_colours(x, ws, 1, row - 1, (lxw_col_t)(TC_STATUS - first));
}

/* ---- Method sheet ----------------------------------------------------- */

/* Rows a wrapped text of display width w needs in a column of width cw. */
static int wrapped_lines(const char *s, double cw)
{
	double w = (double)utf8_display_width(s) * 1.1; /* proportional fonts run wider */
	int lines = (int)ceil(w / (cw - 1));
	return lines < 1 ? 1 : lines;
}

static void write_method(struct xlsx *x, lxw_worksheet *ws, const struct audit_result *r)
{
	static const struct {
		const char *header;
		double width;
	} cols[] = {{"metric", 28}, {"family", 15}, {"definition", 60}, {"direction", 38},
		    {"interval or test", 42}, {"status rule", 42}, {"source", 32}};
	const size_t ncols = sizeof cols / sizeof cols[0];
	lxw_row_t row = 1;

	for (size_t c = 0; c < ncols; c++) {
		put_text(x, ws, 0, (lxw_col_t)c, cols[c].header, x->header, NULL);
		keep(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, x->wrap));
	}
	/*
	 * Each (metric, family) once, in the order the records first show it;
	 * there are a few dozen such pairs however many records there are.
	 */
	const struct audit_record **shown = NULL;
	size_t nshown = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		int seen = 0;
		for (size_t j = 0; j < nshown && !seen; j++)
			seen = strcmp(shown[j]->metric, rec->metric) == 0 && strcmp(shown[j]->family, rec->family) == 0;
		if (seen)
			continue;
		shown = xrealloc(shown, (nshown + 1) * sizeof *shown);
		shown[nshown++] = rec;
		const struct method *m = method_lookup_family(rec->metric, rec->family);
		const char *text[] = {
			rec->metric, rec->family,
			m ? m->definition : "No method text: see the man page, METRICS.",
			m ? m->direction : "", m ? m->interval : "", m ? m->threshold : "", m ? m->source : ""};
		int lines = 1;
		for (size_t c = 0; c < ncols; c++) {
			put_text(x, ws, row, (lxw_col_t)c, text[c], c == 0 ? x->key : x->wrap, NULL);
			int l = wrapped_lines(text[c], cols[c].width);
			if (l > lines)
				lines = l;
		}
		keep(x, worksheet_set_row(ws, row, 15.0 * lines, NULL));
		row++;
	}
	free(shown);
	/* The rule every band comparison is judged by (X6), under the definitions it applies to. */
	row++;
	put_text(x, ws, row, 0, "judging rule", x->key, NULL);
	keep(x, worksheet_merge_range(ws, row, 1, row, (lxw_col_t)(ncols - 1), JUDGING_RULE, x->wrap));
	keep(x, worksheet_set_row(ws, row, 15.0 * 3, NULL));
	worksheet_freeze_panes(ws, 1, 1);
	print_setup(x, ws, 1);
}

/* ---- charts ----------------------------------------------------------- */

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* A chart is about one metric of one single attribute (and column). */
struct chart_key {
	const char *attribute, *column;
};

/* The distinct (attribute, column) of the group records of metric, single attributes only. */
static size_t chart_keys(const struct audit_result *r, const char *metric, struct chart_key **out)
{
	struct chart_key *keys = NULL;
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) != 0 || !rec->group || !rec->attribute ||
		    strchr(rec->attribute, '*'))
			continue;
		size_t k = 0;
		while (k < n && !(same(keys[k].attribute, rec->attribute) && same(keys[k].column, rec->column)))
			k++;
		if (k < n)
			continue;
		keys = xrealloc(keys, (n + 1) * sizeof *keys);
		keys[n].attribute = rec->attribute;
		keys[n].column = rec->column;
		n++;
	}
	*out = keys;
	return n;
}

/* The record of metric for this key and group (NULL group: the attribute-level one). */
static const struct audit_record *find_record(const struct audit_result *r, const char *metric,
					      const char *attribute, const char *column, const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) == 0 && same(rec->attribute, attribute) &&
		    same(rec->column, column) && same(rec->group, group))
			return rec;
	}
	return NULL;
}

/* The group-less record of metric for attribute (NULL: the dataset-level one) and column. */
static const struct audit_record *find_overall(const struct audit_result *r, const char *metric,
					       const char *attribute, const char *column)
{
	return find_record(r, metric, attribute, column, NULL);
}

/* A chart's title: fixed words first (X1), names from the data made safe and short. */
static char *chart_title(const char *what, const char *attribute, const char *column)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s", what);
	if (column) {
		strbuf_printf(&sb, " of ");
		finding_name(&sb, column, NAME_WIDTH);
	}
	strbuf_printf(&sb, " by ");
	finding_name(&sb, attribute, NAME_WIDTH);
	return sb.buf;
}

/*
 * One block of Chart data: a title row, a header row (group, then one
 * column per series) and one row per group. Returns the first data row.
 */
static lxw_row_t chart_block(struct xlsx *x, const char *title, const char *const *headers, size_t nseries)
{
	lxw_worksheet *ws = x->chart_data;
	lxw_row_t row = x->chart_data_row;
	struct strbuf sb = {0};

	strbuf_printf(&sb, "Chart %d on Summary: %s", x->ncharts + 1, title);
	put_text(x, ws, row, 0, sb.buf, x->key, NULL);
	strbuf_free(&sb);
	put_text(x, ws, row + 1, 0, "group", x->header, NULL);
	for (size_t s = 0; s < nseries; s++)
		put_text(x, ws, row + 1, (lxw_col_t)(s + 1), headers[s], x->header, NULL);
	return row + 2;
}

/* Points the series at Chart data rows first..last of column col, named by the header above. */
static lxw_chart_series *add_series(lxw_chart *chart, lxw_row_t first, lxw_row_t last, lxw_col_t col)
{
	lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
	if (!s)
		return NULL;
	chart_series_set_categories(s, CHART_SHEET, first, 0, last, 0);
	chart_series_set_values(s, CHART_SHEET, first, col, last, col);
	chart_series_set_name_range(s, CHART_SHEET, first - 1, col);
	return s;
}

/* A dot: markers only, no line between groups (they are not a sequence). */
static void style_dots(lxw_chart_series *s, uint8_t marker, lxw_color_t colour, uint8_t size)
{
	lxw_chart_line none = {.none = LXW_TRUE};
	lxw_chart_fill fill = {.color = colour};
	lxw_chart_line edge = {.color = colour};
	chart_series_set_line(s, &none);
	chart_series_set_marker_type(s, marker);
	chart_series_set_marker_size(s, size);
	chart_series_set_marker_fill(s, &fill);
	chart_series_set_marker_line(s, &edge);
}

/* A reference line across the chart: a constant series, no markers. */
static void style_line(lxw_chart_series *s, lxw_color_t colour, uint8_t dash)
{
	lxw_chart_line line = {.color = colour, .width = 1.5, .dash_type = dash};
	chart_series_set_line(s, &line);
	chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
}

/* Puts the chart on Summary, two per row, and closes its Chart data block. */
static void place_chart(struct xlsx *x, lxw_chart *chart, lxw_row_t last_data_row)
{
	lxw_chart_options opt = {
		.x_offset = (x->ncharts % 2) * 500,
		.y_offset = 4,
		.x_scale = 1,
		.y_scale = 1,
	};
	lxw_row_t row = x->chart_row + (lxw_row_t)(x->ncharts / 2) * 16;
	keep(x, worksheet_insert_chart_opt(x->summary, row, 0, chart, &opt));
	x->ncharts++;
	x->chart_data_row = last_data_row + 2;
}

static lxw_chart *new_chart(struct xlsx *x, uint8_t type, const char *title, const char *y_format)
{
	lxw_chart *chart = workbook_add_chart(x->wb, type);
	if (!chart)
		return NULL;
	lxw_chart_font font = {.size = 11, .bold = LXW_TRUE};
	chart_title_set_name(chart, title);
	chart_title_set_name_font(chart, &font);
	chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
	chart_axis_set_num_format(chart->y_axis, y_format);
	chart_axis_major_gridlines_set_visible(chart->y_axis, LXW_TRUE);
	chart_show_blanks_as(chart, LXW_CHART_BLANKS_AS_GAP);
	return chart;
}

/* Group shares beside the population's (when the configuration gives it), per attribute. */
static void chart_representation(struct xlsx *x, const struct audit_result *r)
{
	struct chart_key *keys;
	size_t nkeys = chart_keys(r, "group_share", &keys);

	for (size_t k = 0; k < nkeys; k++) {
		const char *attr = keys[k].attribute;
		int has_pop = 0;
		for (size_t i = 0; i < r->n && !has_pop; i++)
			has_pop = strcmp(r->records[i].metric, "population_share") == 0 &&
				  same(r->records[i].attribute, attr);
		char *title = chart_title(has_pop ? "Share in the data and in the population" : "Group shares",
					  attr, NULL);
		const char *headers[] = {"share in the data", "population share"};
		lxw_row_t first = chart_block(x, title, headers, has_pop ? 2 : 1), row = first;
		for (size_t i = 0; i < r->n; i++) {
			const struct audit_record *rec = &r->records[i];
			if (strcmp(rec->metric, "group_share") != 0 || !rec->group || !same(rec->attribute, attr))
				continue;
			put_text(x, x->chart_data, row, 0, rec->group, NULL, NULL);
			put_number(x, x->chart_data, row, 1, rec->value, x->num[VK_PERCENT]);
			const struct audit_record *pop =
				has_pop ? find_record(r, "population_share", attr, NULL, rec->group) : NULL;
			if (pop)
				put_number(x, x->chart_data, row, 2, pop->value, x->num[VK_PERCENT]);
			row++;
		}
		lxw_chart *chart = new_chart(x, LXW_CHART_COLUMN, title, "0%");
		if (chart) {
			add_series(chart, first, row - 1, 1);
			if (has_pop)
				add_series(chart, first, row - 1, 2);
			chart_axis_set_min(chart->y_axis, 0);
			place_chart(x, chart, row - 1);
		}
		free(title);
	}
	free(keys);
}

/*
 * A per-group dot plot with reference lines: the value of metric for each
 * group of a single attribute as a dot (groups are categories, not a
 * sequence, so no line joins them), and nlines constant series drawn as
 * dashed lines across. No interval: libxlsxwriter 1.1.4 has no custom
 * error bars, and its dash markers (LXW_CHART_MARKER_SHORT_DASH and
 * _LONG_DASH) are written as marker names that OOXML does not define
 * ("short_dash", "long_dash"); the intervals are in the tables.
 */
struct dot_plot {
	const char *metric;
	const char *what;          /* the title's first words */
	const char *value_header;  /* the dots' series name */
	const char *y_format;
	size_t nlines;
	const char *line_header[2];
	double line_value[2];      /* NAN: the attribute-level record's value */
	lxw_color_t line_colour[2];
};

static void chart_dot_plot(struct xlsx *x, const struct audit_result *r, const struct dot_plot *p)
{
	struct chart_key *keys;
	size_t nkeys = chart_keys(r, p->metric, &keys);

	for (size_t k = 0; k < nkeys; k++) {
		const char *attr = keys[k].attribute, *column = keys[k].column;
		double lines[2];
		size_t nlines = 0;
		const char *headers[3] = {p->value_header};
		lxw_format *vf = x->num[value_kind(p->metric)];

		for (size_t l = 0; l < p->nlines; l++) {
			double v = p->line_value[l];
			if (isnan(v)) {
				const struct audit_record *all = find_overall(r, p->metric, attr, column);
				if (!all)
					all = find_overall(r, p->metric, NULL, column);
				if (!all || !isfinite(all->value))
					continue;
				v = all->value;
			}
			headers[1 + nlines] = p->line_header[l];
			lines[nlines++] = v;
		}
		/* A comparison names what it compares against: "disparate impact vs M". */
		const struct audit_record *one = NULL;
		for (size_t i = 0; i < r->n && !one; i++)
			if (strcmp(r->records[i].metric, p->metric) == 0 && r->records[i].group &&
			    same(r->records[i].attribute, attr) && same(r->records[i].column, column))
				one = &r->records[i];
		struct strbuf name = {0};
		strbuf_printf(&name, "%s", p->value_header);
		if (one && one->reference && strcmp(one->reference, "(rest)") != 0) {
			strbuf_printf(&name, " vs ");
			finding_name(&name, one->reference, NAME_WIDTH);
		}
		headers[0] = name.buf;

		char *title = chart_title(p->what, attr, strcmp(p->metric, "krippendorff_alpha") == 0 ? NULL : column);
		lxw_row_t first = chart_block(x, title, headers, 1 + nlines), row = first;
		double lowest = 0;
		for (size_t l = 0; l < nlines; l++)
			lowest = fmin(lowest, lines[l]);
		for (size_t i = 0; i < r->n; i++) {
			const struct audit_record *rec = &r->records[i];
			if (strcmp(rec->metric, p->metric) != 0 || !rec->group || !same(rec->attribute, attr) ||
			    !same(rec->column, column))
				continue;
			put_text(x, x->chart_data, row, 0, rec->group, NULL, NULL);
			put_number(x, x->chart_data, row, 1, rec->value, vf);
			if (isfinite(rec->value))
				lowest = fmin(lowest, rec->value);
			for (size_t l = 0; l < nlines; l++)
				put_number(x, x->chart_data, row, (lxw_col_t)(2 + l), lines[l], vf);
			row++;
		}
		lxw_chart *chart = new_chart(x, LXW_CHART_LINE, title, p->y_format);
		if (chart) {
			lxw_chart_series *s = add_series(chart, first, row - 1, 1);
			if (s)
				style_dots(s, LXW_CHART_MARKER_CIRCLE, 0x2F5597, 8);
			for (size_t l = 0; l < nlines; l++) {
				s = add_series(chart, first, row - 1, (lxw_col_t)(2 + l));
				if (s)
					style_line(s, p->line_colour[l], LXW_CHART_LINE_DASH_DASH);
			}
			/* From 0 when nothing is negative, so a small gap does not look large. */
			if (lowest >= 0)
				chart_axis_set_min(chart->y_axis, 0);
			place_chart(x, chart, row - 1);
		}
		free(title);
		strbuf_free(&name);
	}
	free(keys);
}

static void write_charts(struct xlsx *x, const struct audit_result *r)
{
	static const struct dot_plot label_rate = {
		.metric = "label_rate", .what = "Positive rate", .value_header = "label rate",
		.y_format = "0%", .nlines = 1,
		.line_header = {"all labeled rows"}, .line_value = {NAN}, .line_colour = {0x7F7F7F},
	};
	static const struct dot_plot disparate_impact = {
		.metric = "disparate_impact", .what = "Disparate impact", .value_header = "disparate impact",
		.y_format = "0.00", .nlines = 2,
		.line_header = {"0.8 (four-fifths rule)", "1.25"}, .line_value = {0.8, 1.25},
		.line_colour = {0xC00000, 0xC00000},
	};
	static const struct dot_plot alpha = {
		.metric = "krippendorff_alpha", .what = "Annotator agreement (Krippendorff's alpha)",
		.value_header = "alpha of the group", .y_format = "0.00", .nlines = 1,
		.line_header = {"all rows"}, .line_value = {NAN}, .line_colour = {0x7F7F7F},
	};

	put_text(x, x->chart_data, 0, 0,
		 "Chart data: the figures the charts on the Summary sheet draw, copied from the records "
		 "(the sheets of each family hold them all).",
		 x->title, NULL);
	keep(x, worksheet_set_column(x->chart_data, 0, 0, 24, NULL));
	keep(x, worksheet_set_column(x->chart_data, 1, 6, 24, NULL));
	print_setup(x, x->chart_data, 0);
	x->chart_data_row = 2;

	chart_representation(x, r);
	chart_dot_plot(x, r, &label_rate);
	chart_dot_plot(x, r, &disparate_impact);
	chart_dot_plot(x, r, &alpha);
}

/* ---- Summary ---------------------------------------------------------- */

/* A section heading on Summary, underlined across the three columns. */
static void section(struct xlsx *x, lxw_row_t row, const char *text)
{
	put_text(x, x->summary, row, 0, text, x->section, NULL);
	keep(x, worksheet_write_blank(x->summary, row, 1, x->section));
	keep(x, worksheet_write_blank(x->summary, row, 2, x->section));
}

static void key_text(struct xlsx *x, lxw_row_t row, const char *key, const char *value)
{
	put_text(x, x->summary, row, 0, key, x->key, NULL);
	put_text(x, x->summary, row, 1, value, NULL, NULL);
}

static void key_number(struct xlsx *x, lxw_row_t row, const char *key, double value)
{
	put_text(x, x->summary, row, 0, key, x->key, NULL);
	put_number(x, x->summary, row, 1, value, x->integer);
}

/* One configuration entry per row: objects flattened to dotted keys, arrays as compact JSON. */
static lxw_row_t write_config_item(struct xlsx *x, lxw_row_t row, const char *prefix, const cJSON *item)
{
	struct strbuf key = {0};
	if (prefix && *prefix)
		strbuf_printf(&key, "%s.", prefix);
	strbuf_printf(&key, "%s", item->string ? item->string : "");

	if (cJSON_IsObject(item) && item->child) {
		for (const cJSON *c = item->child; c; c = c->next)
			row = write_config_item(x, row, key.buf, c);
		strbuf_free(&key);
		return row;
	}
	put_text(x, x->summary, row, 0, key.buf, x->key, NULL);
	if (cJSON_IsString(item)) {
		put_text(x, x->summary, row, 1, item->valuestring, NULL, NULL);
	} else if (cJSON_IsNumber(item)) {
		put_number(x, x->summary, row, 1, item->valuedouble, NULL);
	} else if (!cJSON_IsNull(item)) {
		char *text = cJSON_PrintUnformatted(item);
		put_text(x, x->summary, row, 1, text ? text : "", NULL, NULL);
		cJSON_free(text);
	}
	strbuf_free(&key);
	return row + 1;
}

static lxw_row_t write_config(struct xlsx *x, lxw_row_t row, const char *config_json)
{
	section(x, row++, "Effective configuration (flags and config file together)");
	if (!config_json) {
		put_text(x, x->summary, row++, 0, "(none)", x->italic, NULL);
		return row;
	}
	cJSON *cfg = cJSON_Parse(config_json);
	if (!cJSON_IsObject(cfg)) {
		put_text(x, x->summary, row++, 1, config_json, NULL, NULL);
	} else {
		for (const cJSON *c = cfg->child; c; c = c->next)
			row = write_config_item(x, row, NULL, c);
	}
	cJSON_Delete(cfg);
	return row;
}

static lxw_row_t write_findings(struct xlsx *x, lxw_row_t row, const struct audit_result *r)
{
	size_t count;
	const struct audit_record **worst = findings_ranked(r, NULL, &count);
	size_t shown = count < WORST_FINDINGS ? count : WORST_FINDINGS;
	struct strbuf sb = {0};

	strbuf_printf(&sb, "The %zu worst findings", shown);
	if (count > shown)
		strbuf_printf(&sb, " of %zu", count);
	strbuf_printf(&sb, " (failures first, then warnings; every record is on its family's sheet)");
	section(x, row++, count ? sb.buf : "Findings");
	if (count == 0) {
		put_text(x, x->summary, row++, 0, "Nothing failed or warned.", x->italic, NULL);
	} else {
		put_text(x, x->summary, row, 0, "status", x->header, NULL);
		put_text(x, x->summary, row, 1, "metric", x->header, NULL);
		put_text(x, x->summary, row, 2, "finding", x->header, NULL);
		row++;
		lxw_row_t first = row;
		for (size_t i = 0; i < shown; i++) {
			const struct audit_record *rec = worst[i];
			strbuf_reset(&sb);
			finding_subject(&sb, rec);
			finding_figures(&sb, rec);
			if (strncmp(rec->metric, "pii_", 4) == 0 && rec->detail) {
				strbuf_printf(&sb, "; ");
				finding_name(&sb, rec->detail, 3 * NAME_WIDTH);
			}
			put_text(x, x->summary, row, 0, record_status_name(rec->status), NULL, NULL);
			put_text(x, x->summary, row, 1, rec->metric, NULL, NULL);
			put_text(x, x->summary, row, 2, sb.buf, NULL, NULL);
			row++;
		}
		status_colours(x, x->summary, first, row - 1, 0);
	}
	strbuf_free(&sb);
	free(worst);
	return row;
}

/* X6: the outcome, each reference group and why, and the judging rule. */
static lxw_row_t write_context(struct xlsx *x, lxw_row_t row, const struct audit_result *r)
{
	const struct audit_context *c = &r->context;
	struct strbuf sb = {0};
	section(x, row++, "Reading the figures");
	if (c->outcome)
		key_text(x, row++, "outcome", c->outcome);
	for (size_t i = 0; i < c->nreferences; i++) {
		strbuf_reset(&sb);
		strbuf_printf(&sb, "reference of %s", c->references[i].attribute);
		key_text(x, row, sb.buf, c->references[i].group);
		put_text(x, x->summary, row++, 2, c->references[i].why, x->italic, NULL);
	}
	put_text(x, x->summary, row, 0, "judging rule", x->key, NULL);
	keep(x, worksheet_merge_range(x->summary, row, 1, row, 2, JUDGING_RULE, x->wrap));
	keep(x, worksheet_set_row(x->summary, row++, 15.0 * wrapped_lines(JUDGING_RULE, 125), NULL));
	strbuf_free(&sb);
	return row + 1;
}

/* X6: every family: audited or not and why, its counts, what was left out. */
static lxw_row_t write_families(struct xlsx *x, lxw_row_t row, const struct audit_result *r)
{
	section(x, row++, "Families");
	static const char *const headers[] = {"family", "state", "left out"};
	for (lxw_col_t c = 0; c < 3; c++)
		put_text(x, x->summary, row, c, headers[c], x->header, NULL);
	row++;
	struct strbuf sb = {0};
	for (size_t k = 0; k < NFAMILIES; k++) {
		const struct family_state *f = &r->context.families[k];
		size_t counts[4];
		size_t records = audit_result_family_counts(r, FAMILIES[k], counts);
		strbuf_reset(&sb);
		if (!f->audited)
			strbuf_printf(&sb, "not audited");
		else if (counts[STATUS_FAIL] + counts[STATUS_WARN] == 0)
			strbuf_printf(&sb, "0 found (%zu records)", records);
		else if (!counts[STATUS_WARN])
			strbuf_printf(&sb, "%zu fail (%zu records)", counts[STATUS_FAIL], records);
		else if (!counts[STATUS_FAIL])
			strbuf_printf(&sb, "%zu warn (%zu records)", counts[STATUS_WARN], records);
		else
			strbuf_printf(&sb, "%zu fail, %zu warn (%zu records)", counts[STATUS_FAIL], counts[STATUS_WARN],
				      records);
		put_text(x, x->summary, row, 0, FAMILIES[k], x->key, NULL);
		put_text(x, x->summary, row, 1, sb.buf, NULL, NULL);
		put_text(x, x->summary, row++, 2, f->not_audited, NULL, NULL);
	}
	strbuf_free(&sb);
	return row;
}

static void write_summary(struct xlsx *x, const struct audit_result *r)
{
	const struct dataset_facts *d = &r->dataset;
	lxw_worksheet *ws = x->summary;
	struct strbuf sb = {0};
	size_t counts[4];
	lxw_row_t row = 0;

	keep(x, worksheet_set_column(ws, 0, 0, 22, NULL));
	keep(x, worksheet_set_column(ws, 1, 1, 30, NULL));
	keep(x, worksheet_set_column(ws, 2, 2, 95, NULL));
	print_setup(x, ws, 0);

	put_text(x, ws, row++, 0, "dsaudit: dataset bias audit", x->title, NULL);
	row++;
	section(x, row++, "Dataset");
	strbuf_printf(&sb, "%s@%d", d->name ? d->name : "(unnamed)", d->version);
	key_text(x, row++, "dataset", sb.buf);
	key_text(x, row++, "path", d->path);
	key_text(x, row++, "sha256", d->sha256[0] ? d->sha256 : NULL);
	key_number(x, row++, "rows", (double)d->rows);
	key_number(x, row++, "columns", (double)d->columns);
	strbuf_reset(&sb);
	strbuf_printf(&sb, "dsaudit %s", r->tool_version ? r->tool_version : "");
	key_text(x, row++, "tool", sb.buf);
	row++;
	row = write_context(x, row, r);

	audit_result_status_counts(r, counts);
	const char *verdict = audit_verdict(r);
	section(x, row++, "Result");
	put_text(x, ws, row, 0, "verdict", x->key, NULL);
	put_text(x, ws, row++, 1, strcmp(verdict, "fail") == 0 ? "FAIL" : strcmp(verdict, "warn") == 0 ? "WARN" : "PASS",
		 strcmp(verdict, "fail") == 0 ? x->fail : strcmp(verdict, "warn") == 0 ? x->warn : x->pass, NULL);
	key_number(x, row++, "records", (double)r->n);
	lxw_row_t first = row;
	static const enum record_status order[] = {STATUS_FAIL, STATUS_WARN, STATUS_INSUFFICIENT, STATUS_OK};
	for (size_t i = 0; i < 4; i++) {
		put_text(x, ws, row, 0, record_status_name(order[i]), NULL, NULL);
		put_number(x, ws, row++, 1, (double)counts[order[i]], x->integer);
	}
	status_colours(x, ws, first, row - 1, 0);
	put_text(x, ws, row++, 0,
		 "Insufficient records could not be estimated or tested; alone they never fail an audit.",
		 x->italic, NULL);
	row++;
	row = write_families(x, row, r);
	row++;

	row = write_findings(x, row, r);
	row++;

	section(x, row++, "Charts (their figures are on the Chart data sheet)");
	x->chart_row = row;
	write_charts(x, r);
	if (x->ncharts == 0)
		put_text(x, ws, row++, 0, "No chart: no per-group shares, rates or ratios in this audit.", x->italic,
			 NULL);
	else
		row += (lxw_row_t)((x->ncharts + 1) / 2) * 16;
	row++;

	write_config(x, row, r->config_json);
	strbuf_free(&sb);
}

/* ---- the workbook ----------------------------------------------------- */

static const struct {
	const char *family, *sheet;
} FAMILY_SHEETS[] = {
	{"representation", "Representation"}, {"selection", "Selection"}, {"measurement", "Measurement"},
	{"quality", "Quality"},               {"privacy", "Privacy"},     {"drift", "Drift"},
};

/* X4: SOURCE_DATE_EPOCH (whole seconds), else the pinned date. */
static time_t created_time(void)
{
	time_t t;
	return source_date_epoch(&t) ? t : PINNED_CREATED;
}

/* Fills the workbook; errors are kept in x->err. */
static void write_workbook(struct xlsx *x, const struct audit_result *r)
{
	lxw_doc_properties props = {
		.title = "dsaudit report",
		.subject = "Dataset bias audit",
		.comments = "Written by dsaudit; the created date is pinned (SOURCE_DATE_EPOCH or 2000-01-01).",
		.created = created_time(),
	};
	keep(x, workbook_set_properties(x->wb, &props));
	make_formats(x);

	/* Sheets are added in their final order; they are filled afterwards. */
	x->summary = workbook_add_worksheet(x->wb, "Summary");
	size_t counts[4];
	lxw_worksheet *family_ws[sizeof FAMILY_SHEETS / sizeof FAMILY_SHEETS[0]] = {0};
	for (size_t f = 0; f < sizeof FAMILY_SHEETS / sizeof FAMILY_SHEETS[0]; f++)
		if (audit_result_family_counts(r, FAMILY_SHEETS[f].family, counts))
			family_ws[f] = workbook_add_worksheet(x->wb, FAMILY_SHEETS[f].sheet);
	lxw_worksheet *all = workbook_add_worksheet(x->wb, "All metrics");
	lxw_worksheet *method = workbook_add_worksheet(x->wb, "Method");
	x->chart_data = workbook_add_worksheet(x->wb, CHART_SHEET);
	if (!x->summary || !all || !method || !x->chart_data) {
		keep(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}

	write_summary(x, r);
	for (size_t f = 0; f < sizeof FAMILY_SHEETS / sizeof FAMILY_SHEETS[0]; f++)
		if (family_ws[f])
			write_table(x, family_ws[f], r, FAMILY_SHEETS[f].family);
	write_table(x, all, r, NULL);
	write_method(x, method, r);
	worksheet_activate(x->summary);
}

/* "dir/name" without a doubled slash; the caller frees. */
/* Pushes the closed file's bytes to the disk, as output_write_atomic does. */
static int sync_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return errno;
	int e = 0;
	if (fsync(fd) != 0 && errno != EINVAL)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	return e;
}

int xlsx_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	if (!out_dir || !*out_dir)
		out_dir = ".";
	if (mkdir(out_dir, 0777) != 0 && errno != EEXIST)
		return audit_fail(err, AUDIT_EIO, "%s: cannot create directory: %s", out_dir, strerror(errno));

	char *final = output_path(out_dir, "report.xlsx", "");
	char *tmp = output_path(out_dir, "report.xlsx", ".tmp");
	char *tmpdir = xstrdup(out_dir);
	lxw_workbook_options opt = {.tmpdir = tmpdir}; /* X5 */
	struct xlsx x = {0};
	int rc = AUDIT_OK;

	x.wb = workbook_new_opt(tmp, &opt);
	if (!x.wb) {
		rc = audit_fail(err, AUDIT_EINTERNAL, "%s: cannot start the workbook", final);
		goto out;
	}
	write_workbook(&x, r);
	/* workbook_close writes the file and frees the workbook, even after an error. */
	errno = 0;
	lxw_error close_err = workbook_close(x.wb);
	if (x.err || close_err) {
		int e = errno;
		lxw_error le = x.err ? x.err : close_err;
		remove(tmp);
		int io = le == LXW_ERROR_CREATING_XLSX_FILE || le == LXW_ERROR_CREATING_TMPFILE ||
			 le == LXW_ERROR_READING_TMPFILE || le == LXW_ERROR_ZIP_FILE_OPERATION ||
			 le == LXW_ERROR_ZIP_FILE_ADD || le == LXW_ERROR_ZIP_CLOSE;
		/* The system's reason says more than libxlsxwriter's ("usually a permissions error"). */
		if (io && e)
			rc = audit_fail(err, AUDIT_EIO, "%s: cannot write %s: %s", final, tmp, strerror(e));
		else if (io)
			rc = audit_fail(err, AUDIT_EIO, "%s: write failed: %s", final, lxw_strerror(le));
		else
			rc = audit_fail(err, AUDIT_EINTERNAL, "%s: %s", final, lxw_strerror(le));
		goto out;
	}
	int e = sync_file(tmp);
	if (e) {
		remove(tmp);
		rc = audit_fail(err, AUDIT_EIO, "%s: write failed: %s", final, strerror(e));
		goto out;
	}
	if (rename(tmp, final) != 0) {
		e = errno;
		remove(tmp);
		rc = audit_fail(err, AUDIT_EIO, "%s: cannot rename %s into place: %s", final, tmp, strerror(e));
	}
out:
	free(final);
	free(tmp);
	free(tmpdir);
	return rc;
}
