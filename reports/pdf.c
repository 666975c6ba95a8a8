/*
 * pdf.c — report.pdf (see pdf.h): the printable report, drawn with cairo's
 * toy text API in CHART_FONT (Latin and Hangul) on A4 portrait pages.
 *
 *   page 1      the cover: dataset facts, the verdict in colour, counts by
 *               status, the families with their counts and first pages, and
 *               the ten worst findings overall
 *   then        per family that has records, in FAMILIES order: its counts,
 *               a table of its worst findings, then its charts (chart.h), as
 *               many pages as they need
 *   last        the method of every metric in the report (method.h)
 *
 * Every page but the cover has a running header; every page has a footer
 * with the tool version, the dataset and its sha256 prefix, and "page N of M".
 *
 * Rules (cited in the code):
 *   P1. Findings are the ones every report shows (findings.h: ranked by
 *       R1-R6, subjects and figures in its words; personal-data findings
 *       with their masked examples, summary.c R5), so the PDF agrees with
 *       the text summary and summary.md.
 *   P2. Nothing leaves the page: text from the data is first made safe by
 *       finding_name (valid UTF-8, no control characters, long names cut),
 *       table cells wrap at word (else character) boundaries to at most
 *       CELL_LINES lines, the last one shortened with "…"; a row, a chart or
 *       a paragraph line that does not fit starts a new page (a table repeats
 *       its heading there); each chart is clipped to its box.
 *   P3. Deterministic bytes: the creation and modification dates are pinned
 *       to SOURCE_DATE_EPOCH when it is set, else to PDF_FIXED_DATE, because
 *       cairo would otherwise write the current time; everything else cairo
 *       writes depends only on what is drawn. The same result gives the same
 *       file.
 *   P4. "page N of M" needs M before page 1 is drawn: the document is laid
 *       out twice, the first time into a stream that discards its bytes,
 *       which also gives the cover each family's first page. Both passes
 *       lay out the same pages, since no position depends on M.
 *
 * Entry point: pdf_report_write.
 *   P6. Context on the cover: the outcome the rates count, each reference
 *       group and why (context.h C1, C2), the judging rule in one line,
 *       and every family not audited, or the parts left out, with the
 *       reason (C3); each family page repeats its own; the appendix gives
 *       the judging rule in full and the effective configuration.
 */
#include "pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "chart.h"
#include "findings.h"
#include "method.h"
#include "output.h"

/* A4 portrait in PostScript points. */
#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN_X 48.0
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define CONTENT_TOP 64.0
#define CONTENT_BOTTOM (PAGE_H - 60.0)

#define TABLE_SIZE 8.0    /* font size of table cells */
#define TABLE_LEAD 10.0   /* their line height */
#define CELL_PAD 3.0
#define CELL_LINES 3      /* P2: lines a cell may wrap to */
#define BODY_SIZE 9.0
#define BODY_LEAD 12.0

#define COVER_FINDINGS 10 /* the worst findings on the cover */
#define FAMILY_FINDINGS 10 /* per family page */

/* P3: the creation date when SOURCE_DATE_EPOCH is not set. */
#define PDF_FIXED_DATE "2000-01-01T00:00:00Z"

struct rgb {
	double r, g, b;
};

static const struct rgb INK = {0.13, 0.13, 0.13};
static const struct rgb GREY = {0.42, 0.42, 0.42};
static const struct rgb RULE = {0.75, 0.75, 0.75};
static const struct rgb SHADE = {0.95, 0.95, 0.95};
static const struct rgb WHITE = {1, 1, 1};

/* Status colours, indexed by enum record_status (ok, warn, fail, insufficient). */
static const struct rgb STATUS_RGB[4] = {
	{0.18, 0.49, 0.20}, /* ok: green */
	{0.80, 0.50, 0.00}, /* warn: amber */
	{0.78, 0.16, 0.16}, /* fail: red */
	{0.46, 0.46, 0.46}, /* insufficient: grey */
};

/* The state of one layout pass. */
struct pdf {
	cairo_t *cr;
	const struct audit_result *r;
	const struct chart *charts;
	size_t ncharts;
	int page;                   /* pages begun so far */
	int total;                  /* P4: pages in the document; 0 on the first pass */
	double y;                   /* top of the free space on the current page */
	const char *section;        /* the running header's right side */
	int family_page[NFAMILIES]; /* P4: first page of each family, 0 if none */
	int appendix_page;
	char *footer;               /* "dsaudit 0.1.0 · hiring@1 · sha256 …" */
	char *title;                /* "hiring@1", made safe */
};

/* ---- text ----------------------------------------------------------- */

static void set_rgb(cairo_t *cr, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void font(struct pdf *p, double size, int bold)
{
	cairo_select_font_face(p->cr, CHART_FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(p->cr, size);
}

/*
 * CHART_FONT has no glyph for U+2212 MINUS SIGN, which the method texts use;
 * cairo's toy API has no font fallback, so it would print a box. The
 * hyphen-minus stands in. Returns s, or a new string in *tmp (freed by the
 * caller).
 */
#define MINUS_SIGN "\xe2\x88\x92"
static const char *glyph_safe(const char *s, char **tmp)
{
	*tmp = NULL;
	if (!strstr(s, MINUS_SIGN))
		return s;
	struct strbuf sb = {0};
	for (const char *m; (m = strstr(s, MINUS_SIGN)) != NULL; s = m + 3) {
		strbuf_append(&sb, s, (size_t)(m - s));
		strbuf_putc(&sb, '-');
	}
	strbuf_printf(&sb, "%s", s);
	return *tmp = sb.buf;
}

static double text_width(struct pdf *p, const char *s)
{
	cairo_text_extents_t ext;
	char *tmp;
	cairo_text_extents(p->cr, glyph_safe(s, &tmp), &ext);
	free(tmp);
	return ext.x_advance;
}

/* Draws s with its baseline at y, starting at x. */
static void text_at(struct pdf *p, double x, double y, const char *s, const struct rgb *c)
{
	char *tmp;
	set_rgb(p->cr, c);
	cairo_move_to(p->cr, x, y);
	cairo_show_text(p->cr, glyph_safe(s, &tmp));
	free(tmp);
}

/* Draws s ending at x (right-aligned). */
static void text_right(struct pdf *p, double x, double y, const char *s, const struct rgb *c)
{
	text_at(p, x - text_width(p, s), y, s, c);
}

/* Byte length of the UTF-8 character at s (text here is valid UTF-8, P2). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (!s[i])
			return i;
	return n;
}

/* Lines of wrapped text; each owned. */
struct lines {
	char **v;
	size_t n, cap;
};

static void lines_push(struct lines *l, const char *s, size_t len)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = xstrndup(s, len);
}

static void lines_free(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* The longest prefix of s (whole characters, at least one) no wider than width. */
static size_t fit_chars(struct pdf *p, const char *s, size_t len, double width)
{
	struct strbuf sb = {0};
	size_t fit = char_len(s);
	size_t at = 0;
	while (at < len) {
		size_t k = char_len(s + at);
		strbuf_append(&sb, s + at, k);
		if (text_width(p, sb.buf) > width)
			break;
		at += k;
		fit = at;
	}
	strbuf_free(&sb);
	return fit < len ? fit : len;
}

/*
 * P2: appends to out the lines of text wrapped to width in the current font:
 * at spaces, else (a word wider than the line) between characters; '\n'
 * breaks a line.
 */
static void wrap(struct pdf *p, const char *text, double width, struct lines *out)
{
	struct strbuf line = {0};
	const char *s = text;

	while (1) {
		while (*s == ' ')
			s++;
		if (!*s || *s == '\n') {
			if (line.len || *s == '\n')
				lines_push(out, line.buf ? line.buf : "", line.len);
			strbuf_reset(&line);
			if (!*s)
				break;
			s++;
			continue;
		}
		size_t wlen = strcspn(s, " \n");
		size_t mark = line.len;
		if (line.len)
			strbuf_putc(&line, ' ');
		strbuf_append(&line, s, wlen);
		if (text_width(p, line.buf) <= width) {
			s += wlen;
			continue;
		}
		/* Too wide: end the line before this word, or break the word itself. */
		line.len = mark;
		line.buf[mark] = '\0';
		if (mark) {
			lines_push(out, line.buf, line.len);
			strbuf_reset(&line);
			continue;
		}
		size_t k = fit_chars(p, s, wlen, width);
		lines_push(out, s, k);
		s += k;
	}
	strbuf_free(&line);
}

/* P2: s shortened with "…" to fit width; the caller frees. */
static char *ellipsize(struct pdf *p, const char *s, double width)
{
	if (text_width(p, s) <= width)
		return xstrdup(s);
	struct strbuf sb = {0};
	size_t len = strlen(s);
	size_t k = fit_chars(p, s, len, width - text_width(p, "…"));
	strbuf_append(&sb, s, k);
	while (sb.len && (unsigned char)sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	strbuf_printf(&sb, "…");
	return sb.buf;
}

/* Wraps text to width in at most max lines, the last shortened with "…" when cut. */
static void wrap_cell(struct pdf *p, const char *text, double width, size_t max, struct lines *out)
{
	wrap(p, text, width, out);
	if (out->n <= max)
		return;
	struct strbuf last = {0};
	strbuf_printf(&last, "%s …", out->v[max - 1]);
	for (size_t i = max; i < out->n; i++)
		free(out->v[i]);
	out->n = max;
	free(out->v[max - 1]);
	out->v[max - 1] = ellipsize(p, last.buf, width);
	strbuf_free(&last);
}

/* A name from the data, made safe (P2); the caller frees. */
static char *safe_name(const char *s, size_t max_width)
{
	struct strbuf sb = {0};
	finding_name(&sb, s ? s : "", max_width);
	return sb.buf ? sb.buf : xstrdup("");
}

/* ---- pages ---------------------------------------------------------- */

static void draw_footer(struct pdf *p)
{
	char num[64];
	font(p, 7.5, 0);
	cairo_set_line_width(p->cr, 0.5);
	set_rgb(p->cr, &RULE);
	cairo_move_to(p->cr, MARGIN_X, PAGE_H - 42);
	cairo_line_to(p->cr, PAGE_W - MARGIN_X, PAGE_H - 42);
	cairo_stroke(p->cr);
	if (p->total)
		snprintf(num, sizeof num, "page %d of %d", p->page, p->total);
	else
		snprintf(num, sizeof num, "page %d", p->page);
	double room = CONTENT_W - text_width(p, num) - 20;
	char *left = ellipsize(p, p->footer, room);
	text_at(p, MARGIN_X, PAGE_H - 30, left, &GREY);
	free(left);
	text_right(p, PAGE_W - MARGIN_X, PAGE_H - 30, num, &GREY);
}

static void draw_running_header(struct pdf *p)
{
	font(p, 7.5, 0);
	const char *right = p->section ? p->section : "";
	double room = CONTENT_W - text_width(p, right) - 20;
	struct strbuf sb = {0};
	strbuf_printf(&sb, "dsaudit report · %s", p->title);
	char *left = ellipsize(p, sb.buf, room);
	text_at(p, MARGIN_X, 36, left, &GREY);
	text_right(p, PAGE_W - MARGIN_X, 36, right, &GREY);
	free(left);
	strbuf_free(&sb);
	cairo_set_line_width(p->cr, 0.5);
	set_rgb(p->cr, &RULE);
	cairo_move_to(p->cr, MARGIN_X, 44);
	cairo_line_to(p->cr, PAGE_W - MARGIN_X, 44);
	cairo_stroke(p->cr);
}

static void new_page(struct pdf *p)
{
	if (p->page > 0)
		cairo_show_page(p->cr);
	p->page++;
	p->y = CONTENT_TOP;
	if (p->page > 1)
		draw_running_header(p);
	draw_footer(p);
}

/* P2: starts a new page unless height fits below the cursor; returns 1 if it did. */
static int ensure(struct pdf *p, double height)
{
	if (p->y + height <= CONTENT_BOTTOM)
		return 0;
	new_page(p);
	return 1;
}

/* A heading with space above it; keep_with is the height that must follow it on the page. */
static void heading(struct pdf *p, const char *s, double size, double keep_with)
{
	double gap = p->y > CONTENT_TOP + 1 ? size * 0.8 : 0;
	if (ensure(p, gap + size * 1.4 + keep_with))
		gap = 0;
	p->y += gap;
	font(p, size, 1);
	char *t = ellipsize(p, s, CONTENT_W);
	text_at(p, MARGIN_X, p->y + size, t, &INK);
	free(t);
	p->y += size * 1.4;
}

/*
 * A wrapped paragraph in the body font, paginated line by line; with a
 * label, the label is set in bold in the indent of its first line.
 */
static void labelled(struct pdf *p, const char *label, const char *s, double indent, const struct rgb *c)
{
	struct lines l = {0};
	font(p, BODY_SIZE, 0);
	wrap(p, s, CONTENT_W - indent, &l);
	for (size_t i = 0; i < l.n; i++) {
		ensure(p, BODY_LEAD);
		if (label && i == 0) {
			font(p, BODY_SIZE, 1);
			text_at(p, MARGIN_X, p->y + BODY_SIZE, label, &GREY);
		}
		font(p, BODY_SIZE, 0);
		text_at(p, MARGIN_X + indent, p->y + BODY_SIZE, l.v[i], c);
		p->y += BODY_LEAD;
	}
	lines_free(&l);
}

static void paragraph(struct pdf *p, const char *s, double indent, const struct rgb *c)
{
	labelled(p, NULL, s, indent, c);
}

/* ---- tables --------------------------------------------------------- */

struct column {
	const char *title;
	double width;
	int right; /* numbers: right-aligned */
};

static void table_heading(struct pdf *p, const struct column *cols, size_t ncols)
{
	double h = TABLE_LEAD + 2 * CELL_PAD, x = MARGIN_X;
	set_rgb(p->cr, &INK);
	cairo_rectangle(p->cr, MARGIN_X, p->y, CONTENT_W, h);
	cairo_fill(p->cr);
	font(p, TABLE_SIZE, 1);
	for (size_t c = 0; c < ncols; c++) {
		double base = p->y + CELL_PAD + TABLE_SIZE;
		if (cols[c].right)
			text_right(p, x + cols[c].width - CELL_PAD, base, cols[c].title, &WHITE);
		else
			text_at(p, x + CELL_PAD, base, cols[c].title, &WHITE);
		x += cols[c].width;
	}
	p->y += h;
}

/*
 * One row; cells[0] is a status word drawn in its colour when status >= 0.
 * Starts a new page, with the heading repeated, when the row does not fit.
 */
static void table_row(struct pdf *p, const struct column *cols, size_t ncols, const char *const *cells,
		      int status, int shaded)
{
	struct lines l[8] = {{0}};
	size_t most = 1;

	font(p, TABLE_SIZE, 0);
	for (size_t c = 0; c < ncols && c < 8; c++) {
		wrap_cell(p, cells[c] ? cells[c] : "", cols[c].width - 2 * CELL_PAD, CELL_LINES, &l[c]);
		most = l[c].n > most ? l[c].n : most;
	}
	double h = most * TABLE_LEAD + 2 * CELL_PAD;
	if (ensure(p, h)) {
		table_heading(p, cols, ncols);
		font(p, TABLE_SIZE, 0);
	}
	if (shaded) {
		set_rgb(p->cr, &SHADE);
		cairo_rectangle(p->cr, MARGIN_X, p->y, CONTENT_W, h);
		cairo_fill(p->cr);
	}
	double x = MARGIN_X;
	for (size_t c = 0; c < ncols && c < 8; c++) {
		int is_status = c == 0 && status >= 0;
		font(p, TABLE_SIZE, is_status);
		const struct rgb *ink = is_status ? &STATUS_RGB[status] : &INK;
		for (size_t i = 0; i < l[c].n; i++) {
			double base = p->y + CELL_PAD + TABLE_SIZE + i * TABLE_LEAD;
			if (cols[c].right)
				text_right(p, x + cols[c].width - CELL_PAD, base, l[c].v[i], ink);
			else
				text_at(p, x + CELL_PAD, base, l[c].v[i], ink);
		}
		x += cols[c].width;
		lines_free(&l[c]);
	}
	p->y += h;
	set_rgb(p->cr, &RULE);
	cairo_set_line_width(p->cr, 0.4);
	cairo_move_to(p->cr, MARGIN_X, p->y);
	cairo_line_to(p->cr, PAGE_W - MARGIN_X, p->y);
	cairo_stroke(p->cr);
}

static int is_pii(const char *metric)
{
	return metric && strncmp(metric, "pii_", 4) == 0;
}

/* P1: the subject and figures of a finding, in findings.h's words. */
static void finding_cells(const struct audit_record *rec, struct strbuf *subject, struct strbuf *figures)
{
	struct strbuf tmp = {0};
	finding_subject(subject, rec);
	finding_figures(&tmp, rec);
	/* finding_figures starts with ": " for the summary's line. */
	const char *f = tmp.buf && strncmp(tmp.buf, ": ", 2) == 0 ? tmp.buf + 2 : tmp.buf ? tmp.buf : "";
	strbuf_printf(figures, "%s", f);
	if (is_pii(rec->metric) && rec->detail) { /* summary.c R5 */
		strbuf_printf(figures, "; ");
		finding_name(figures, rec->detail, 3 * NAME_WIDTH);
	}
	strbuf_free(&tmp);
}

/* The findings table; with_family adds a family column (the cover's). */
static void findings_table(struct pdf *p, const struct audit_record *const *f, size_t n, int with_family)
{
	static const struct column family_cols[] = {
		{"status", 34, 0}, {"metric", 112, 0}, {"subject", 165, 0}, {"figures", CONTENT_W - 311, 0}};
	static const struct column cover_cols[] = {{"status", 34, 0},  {"family", 58, 0},
						   {"metric", 108, 0}, {"subject", 142, 0},
						   {"figures", CONTENT_W - 342, 0}};
	const struct column *cols = with_family ? cover_cols : family_cols;
	size_t ncols = with_family ? 5 : 4;
	struct strbuf subject = {0}, figures = {0};

	ensure(p, 2 * (TABLE_LEAD + 2 * CELL_PAD));
	table_heading(p, cols, ncols);
	for (size_t i = 0; i < n; i++) {
		strbuf_reset(&subject);
		strbuf_reset(&figures);
		finding_cells(f[i], &subject, &figures);
		const char *status = f[i]->status == STATUS_FAIL ? "FAIL" : "WARN";
		const char *cells[5];
		size_t k = 0;
		cells[k++] = status;
		if (with_family)
			cells[k++] = f[i]->family;
		cells[k++] = f[i]->metric ? f[i]->metric : "?";
		cells[k++] = subject.buf ? subject.buf : "";
		cells[k++] = figures.buf ? figures.buf : "";
		table_row(p, cols, ncols, cells, (int)f[i]->status, (int)(i % 2));
	}
	strbuf_free(&subject);
	strbuf_free(&figures);
}

/* ---- cover ---------------------------------------------------------- */

static const char *verdict_word(const char *verdict)
{
	return strcmp(verdict, "fail") == 0 ? "FAIL" : strcmp(verdict, "warn") == 0 ? "WARN" : "PASS";
}

/* P6: what the figures are of: the outcome, each reference group and why, the judging rule. */
static void cover_context(struct pdf *p)
{
	const struct audit_context *c = &p->r->context;
	struct strbuf sb = {0};
	if (c->outcome) {
		char *o = safe_name(c->outcome, 3 * NAME_WIDTH);
		labelled(p, "Outcome", o, 80, &INK);
		free(o);
	}
	for (size_t i = 0; i < c->nreferences; i++) {
		char *a = safe_name(c->references[i].attribute, NAME_WIDTH);
		char *g = safe_name(c->references[i].group, NAME_WIDTH);
		char *why = safe_name(c->references[i].why, 3 * NAME_WIDTH);
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s = %s (%s)", a, g, why);
		labelled(p, i ? NULL : c->nreferences > 1 ? "References" : "Reference", sb.buf, 80, &INK);
		free(a);
		free(g);
		free(why);
	}
	if (c->outcome || c->nreferences)
		labelled(p, "Judged", JUDGING_RULE_SHORT, 80, &INK);
	strbuf_free(&sb);
	p->y += 4;
}

/* P6: the families not audited, and the parts left out of audited ones, in words. */
static void cover_not_audited(struct pdf *p)
{
	struct strbuf sb = {0};
	for (size_t k = 0; k < NFAMILIES; k++) {
		const struct family_state *f = &p->r->context.families[k];
		if (!f->not_audited)
			continue;
		strbuf_reset(&sb);
		strbuf_printf(&sb, "%s: %s%s", FAMILIES[k], f->audited ? "audited, except " : "not audited: ",
			      f->not_audited);
		paragraph(p, sb.buf, 0, f->audited ? &GREY : &INK);
	}
	strbuf_free(&sb);
}

static void cover_facts(struct pdf *p)
{
	const struct dataset_facts *d = &p->r->dataset;
	char rows[32], cols[32], version[64];
	snprintf(rows, sizeof rows, "%lld", d->rows);
	snprintf(cols, sizeof cols, "%lld", d->columns);
	snprintf(version, sizeof version, "dsaudit %s", p->r->tool_version ? p->r->tool_version : DSAUDIT_VERSION);
	char *path = safe_name(d->path ? d->path : "", 4 * NAME_WIDTH);
	const char *facts[][2] = {
		{"Dataset", p->title},
		{"File", path},
		{"Rows", rows},
		{"Columns", cols},
		{"SHA-256", d->sha256[0] ? d->sha256 : "(unknown)"},
		{"Tool", version},
	};
	for (size_t i = 0; i < sizeof facts / sizeof facts[0]; i++) {
		font(p, 9.5, 1);
		text_at(p, MARGIN_X, p->y + 9.5, facts[i][0], &GREY);
		font(p, 9.5, 0);
		char *v = ellipsize(p, facts[i][1], CONTENT_W - 80);
		text_at(p, MARGIN_X + 80, p->y + 9.5, v, &INK);
		free(v);
		p->y += 14;
	}
	free(path);
	cover_context(p);
}

/* The verdict in its colour, then one tile per status with its count. */
static void cover_verdict(struct pdf *p)
{
	const char *verdict = audit_verdict(p->r);
	int vs = strcmp(verdict, "fail") == 0 ? STATUS_FAIL : strcmp(verdict, "warn") == 0 ? STATUS_WARN : STATUS_OK;
	size_t counts[4];
	audit_result_status_counts(p->r, counts);

	p->y += 14;
	set_rgb(p->cr, &STATUS_RGB[vs]);
	cairo_rectangle(p->cr, MARGIN_X, p->y, CONTENT_W, 46);
	cairo_fill(p->cr);
	font(p, 22, 1);
	struct strbuf sb = {0};
	strbuf_printf(&sb, "Verdict: %s", verdict_word(verdict));
	text_at(p, MARGIN_X + 14, p->y + 31, sb.buf, &WHITE);
	double room = CONTENT_W - 28 - text_width(p, sb.buf) - 20;
	strbuf_reset(&sb);
	strbuf_printf(&sb, "%zu fail, %zu warn, %zu ok, %zu insufficient of %zu records", counts[STATUS_FAIL],
		      counts[STATUS_WARN], counts[STATUS_OK], counts[STATUS_INSUFFICIENT], p->r->n);
	font(p, 9.5, 0);
	char *line = ellipsize(p, sb.buf, room);
	text_right(p, PAGE_W - MARGIN_X - 14, p->y + 28, line, &WHITE);
	free(line);
	strbuf_free(&sb);
	p->y += 46 + 10;

	/* Tiles in the order a reader looks for them. */
	static const enum record_status order[4] = {STATUS_FAIL, STATUS_WARN, STATUS_OK, STATUS_INSUFFICIENT};
	double w = (CONTENT_W - 3 * 8) / 4;
	for (int i = 0; i < 4; i++) {
		enum record_status s = order[i];
		double x = MARGIN_X + i * (w + 8);
		set_rgb(p->cr, &STATUS_RGB[s]);
		cairo_set_line_width(p->cr, 1.2);
		cairo_rectangle(p->cr, x + 0.6, p->y + 0.6, w - 1.2, 38.8);
		cairo_stroke(p->cr);
		char num[32];
		snprintf(num, sizeof num, "%zu", counts[s]);
		font(p, 16, 1);
		text_at(p, x + 10, p->y + 22, num, &STATUS_RGB[s]);
		font(p, 8, 0);
		text_at(p, x + 10, p->y + 33, record_status_name(s), &GREY);
	}
	p->y += 40;
}

/* The families present: records by status and the page each starts on (P4), then the appendix's. */
static void cover_families(struct pdf *p)
{
	static const struct column cols[] = {{"family", 165, 0}, {"records", 55, 1}, {"fail", 55, 1},
					     {"warn", 55, 1},     {"ok", 55, 1},      {"insufficient", 60, 1},
					     {"page", CONTENT_W - 445, 1}};
	heading(p, "Families", 13, 3 * (TABLE_LEAD + 2 * CELL_PAD));
	if (p->r->n == 0) {
		paragraph(p, "No records.", 0, &GREY);
		return;
	}
	table_heading(p, cols, 7);
	int row = 0;
	for (size_t k = 0; k < NFAMILIES; k++) {
		size_t c[4], records;
		records = audit_result_family_counts(p->r, FAMILIES[k], c);
		if (!records && !p->r->context.families[k].audited)
			continue;
		char n[6][32];
		snprintf(n[0], 32, "%zu", records);
		snprintf(n[1], 32, "%zu", c[STATUS_FAIL]);
		snprintf(n[2], 32, "%zu", c[STATUS_WARN]);
		snprintf(n[3], 32, "%zu", c[STATUS_OK]);
		snprintf(n[4], 32, "%zu", c[STATUS_INSUFFICIENT]);
		if (p->family_page[k])
			snprintf(n[5], 32, "%d", p->family_page[k]);
		else
			n[5][0] = '\0';
		const char *cells[7] = {FAMILIES[k], n[0], n[1], n[2], n[3], n[4], n[5]};
		table_row(p, cols, 7, cells, -1, row++ % 2);
	}
	char page[32] = "";
	if (p->appendix_page)
		snprintf(page, sizeof page, "%d", p->appendix_page);
	const char *cells[7] = {"method of each metric", "", "", "", "", "", page};
	table_row(p, cols, 7, cells, -1, row % 2);
	p->y += 4;
	cover_not_audited(p);
}

/*
 * The worst findings of one family (all when family is NULL), at most limit,
 * under a heading: the cover's list has a family column and its own heading
 * even when empty; a family page just says nothing failed.
 */
static void findings_section(struct pdf *p, const char *family, size_t limit, double heading_size)
{
	size_t total;
	const struct audit_record **f = findings_ranked(p->r, family, &total);
	size_t shown = total < limit ? total : limit;
	struct strbuf sb = {0};
	if (total == 0) {
		if (!family)
			heading(p, "Findings", heading_size, BODY_LEAD);
		paragraph(p, "Nothing failed or warned.", 0, &INK);
	} else {
		if (shown < total)
			strbuf_printf(&sb, "The %zu worst findings of %zu", shown, total);
		else
			strbuf_printf(&sb, "Findings (%zu)", total);
		heading(p, sb.buf, heading_size, 2 * (TABLE_LEAD + 2 * CELL_PAD));
		findings_table(p, f, shown, family == NULL);
	}
	strbuf_free(&sb);
	free(f);
}

static void cover_page(struct pdf *p)
{
	p->section = NULL;
	new_page(p);
	font(p, 24, 1);
	text_at(p, MARGIN_X, p->y + 20, "Dataset bias audit", &INK);
	p->y += 38;
	cover_facts(p);
	cover_verdict(p);
	cover_families(p);

	findings_section(p, NULL, COVER_FINDINGS, 13);
}

/* ---- family pages --------------------------------------------------- */

/*
 * Charts are drawn at CHART_DRAW_W x CHART_DRAW_H, the geometry chart.c lays
 * out its 12-point text for, scaled down to the page width: one chart per
 * half page, text at about 7.5 points. Two charts to the width would shrink
 * it to 4 points.
 */
#define CHART_DRAW_W 800.0
#define CHART_DRAW_H 436.0
#define CHART_GAP 12.0
#define CHART_BOX_H (CONTENT_W * CHART_DRAW_H / CHART_DRAW_W)

/* P2: chart c scaled into the content width at the cursor, clipped to its box. */
static void chart_box(struct pdf *p, const struct chart *c)
{
	double scale = CONTENT_W / CHART_DRAW_W;
	cairo_save(p->cr);
	cairo_rectangle(p->cr, MARGIN_X, p->y, CONTENT_W, CHART_BOX_H);
	cairo_clip(p->cr);
	cairo_translate(p->cr, MARGIN_X, p->y);
	cairo_scale(p->cr, scale, scale);
	chart_draw(p->cr, p->r, c, CHART_DRAW_W, CHART_DRAW_H);
	cairo_restore(p->cr);
	set_rgb(p->cr, &RULE);
	cairo_set_line_width(p->cr, 0.5);
	cairo_rectangle(p->cr, MARGIN_X, p->y, CONTENT_W, CHART_BOX_H);
	cairo_stroke(p->cr);
	p->y += CHART_BOX_H + CHART_GAP;
}

static void family_charts(struct pdf *p, const char *family)
{
	int any = 0;
	for (size_t i = 0; i < p->ncharts; i++) {
		const struct chart *c = &p->charts[i];
		if (!c->family || strcmp(c->family, family) != 0)
			continue;
		if (!any) {
			heading(p, "Charts", 12, CHART_BOX_H);
			any = 1;
		}
		ensure(p, CHART_BOX_H);
		chart_box(p, c);
	}
}

static char *capitalised(const char *s)
{
	char *t = xstrdup(s);
	if (t[0] >= 'a' && t[0] <= 'z')
		t[0] = (char)(t[0] - 'a' + 'A');
	return t;
}

static void family_pages(struct pdf *p, size_t k)
{
	const char *family = FAMILIES[k];
	size_t c[4], records;
	records = audit_result_family_counts(p->r, family, c);
	if (!records)
		return;

	char *name = capitalised(family);
	p->section = family;
	new_page(p);
	p->family_page[k] = p->page;
	heading(p, name, 18, BODY_LEAD);
	free(name);

	struct strbuf sb = {0};
	strbuf_printf(&sb, "%zu record%s: %zu fail, %zu warn, %zu ok, %zu insufficient.", records,
		      records == 1 ? "" : "s", c[STATUS_FAIL], c[STATUS_WARN], c[STATUS_OK],
		      c[STATUS_INSUFFICIENT]);
	paragraph(p, sb.buf, 0, &INK);
	const struct family_state *state = &p->r->context.families[k];
	if (state->not_audited) {
		strbuf_reset(&sb);
		strbuf_printf(&sb, "Not audited: %s.", state->not_audited);
		paragraph(p, sb.buf, 0, &GREY);
	}

	strbuf_free(&sb);
	findings_section(p, family, FAMILY_FINDINGS, 12);
	family_charts(p, family);
}

/* ---- appendix ------------------------------------------------------- */

/* Room for the widest label, "Definition", in bold. */
#define METHOD_LABEL_W 62.0

static void method_entry(struct pdf *p, const struct method *m)
{
	const char *parts[][2] = {
		{"Definition", m->definition}, {"Direction", m->direction}, {"Interval", m->interval},
		{"Threshold", m->threshold},   {"Source", m->source},
	};
	/* An entry that fits on a page is kept on one (P2). */
	size_t nlines = 0;
	font(p, BODY_SIZE, 0);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		struct lines l = {0};
		if (parts[i][1] && parts[i][1][0])
			wrap(p, parts[i][1], CONTENT_W - METHOD_LABEL_W, &l);
		nlines += l.n;
		lines_free(&l);
	}
	double keep = nlines * BODY_LEAD;
	if (keep > CONTENT_BOTTOM - CONTENT_TOP - 40)
		keep = 2 * BODY_LEAD;
	heading(p, m->metric, 10.5, keep);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (parts[i][1] && parts[i][1][0])
			labelled(p, parts[i][0], parts[i][1], METHOD_LABEL_W, &INK);
}

/*
 * The method of every metric in the report, in the man page's order
 * (METHODS); a name used by two families (missing_rate) has an entry per
 * family. Metrics without a method text are named at the end.
 */
static void appendix(struct pdf *p)
{
	unsigned char *used = xcalloc(NMETHODS + 1, 1);
	struct strbuf unknown = {0};
	for (size_t i = 0; i < p->r->n; i++) {
		const struct audit_record *rec = &p->r->records[i];
		const struct method *m = method_lookup_family(rec->metric, rec->family);
		if (m) {
			used[m - METHODS] = 1;
			continue;
		}
		if (!method_lookup(rec->metric) && rec->metric) {
			/* Named once each, in record order. */
			struct strbuf needle = {0};
			strbuf_printf(&needle, ", %s,", rec->metric);
			struct strbuf hay = {0};
			strbuf_printf(&hay, ", %s,", unknown.buf ? unknown.buf : "");
			if (!strstr(hay.buf, needle.buf))
				strbuf_printf(&unknown, "%s%s", unknown.len ? ", " : "", rec->metric);
			strbuf_free(&needle);
			strbuf_free(&hay);
		}
	}

	p->section = "method";
	new_page(p);
	p->appendix_page = p->page;
	heading(p, "Method", 18, BODY_LEAD);
	paragraph(p,
		  "How each metric in this report is defined, what a larger value means, its interval or test, "
		  "and when it warns or fails. Every interval is two-sided 95%. The dsaudit(1) manual page says "
		  "the same at greater length.",
		  0, &GREY);
	heading(p, "How a comparison is judged", 10.5, BODY_LEAD);
	paragraph(p, JUDGING_RULE, 0, &INK);
	for (size_t i = 0; i < NMETHODS; i++)
		if (used[i])
			method_entry(p, &METHODS[i]);
	if (unknown.len) {
		heading(p, "Other metrics", 10.5, BODY_LEAD);
		struct strbuf sb = {0};
		strbuf_printf(&sb, "No method text yet for: %s. See dsaudit(1).", unknown.buf);
		paragraph(p, sb.buf, 0, &INK);
		strbuf_free(&sb);
	}
	strbuf_free(&unknown);
	free(used);
	if (p->r->config_json) {
		heading(p, "Configuration", 10.5, BODY_LEAD);
		char *cfg = safe_name(p->r->config_json, 64 * NAME_WIDTH);
		paragraph(p, cfg, 0, &INK);
		free(cfg);
	}
}

/* ---- document ------------------------------------------------------- */

static cairo_status_t discard(void *closure, const unsigned char *data, unsigned int length)
{
	(void)closure;
	(void)data;
	(void)length;
	return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t collect(void *closure, const unsigned char *data, unsigned int length)
{
	strbuf_append(closure, (const char *)data, length);
	return CAIRO_STATUS_SUCCESS;
}

/* P3: SOURCE_DATE_EPOCH (whole seconds) as ISO 8601, else the fixed date. */
static void creation_date(char buf[32])
{
	time_t t;
	struct tm tm;
	if (source_date_epoch(&t) && gmtime_r(&t, &tm) && strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
		return;
	strcpy(buf, PDF_FIXED_DATE);
}

/* One layout pass into the stream; returns cairo's status after finishing. */
static cairo_status_t render(struct pdf *p, cairo_write_func_t write, void *closure)
{
	cairo_surface_t *surface = cairo_pdf_surface_create_for_stream(write, closure, PAGE_W, PAGE_H);
	char date[32];
	creation_date(date);
	struct strbuf title = {0};
	strbuf_printf(&title, "dsaudit report: %s", p->title);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.buf);
	strbuf_reset(&title);
	strbuf_printf(&title, "dsaudit %s", p->r->tool_version ? p->r->tool_version : DSAUDIT_VERSION);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, title.buf);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, "Dataset bias audit");
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	strbuf_free(&title);

	p->cr = cairo_create(surface);
	p->page = 0;
	cover_page(p);
	for (size_t k = 0; k < NFAMILIES; k++)
		family_pages(p, k);
	appendix(p);
	cairo_show_page(p->cr);

	cairo_status_t st = cairo_status(p->cr);
	cairo_destroy(p->cr);
	p->cr = NULL;
	cairo_surface_finish(surface);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	return st;
}

static int write_bytes(FILE *f, void *ctx)
{
	const struct strbuf *sb = ctx;
	return fwrite(sb->buf, 1, sb->len, f) == sb->len ? 0 : -1;
}

int pdf_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err)
{
	struct pdf p;
	memset(&p, 0, sizeof p);
	p.r = r;
	struct chart *charts = NULL;
	p.ncharts = chart_list(r, &charts);
	p.charts = charts;

	const struct dataset_facts *d = &r->dataset;
	struct strbuf sb = {0};
	finding_name(&sb, d->name ? d->name : "(unnamed)", 2 * NAME_WIDTH);
	strbuf_printf(&sb, "@%d", d->version);
	p.title = sb.buf;
	struct strbuf foot = {0};
	strbuf_printf(&foot, "dsaudit %s · %s", r->tool_version ? r->tool_version : DSAUDIT_VERSION, p.title);
	if (d->sha256[0])
		strbuf_printf(&foot, " · sha256 %.12s", d->sha256);
	p.footer = foot.buf;

	/* P4: the first pass counts the pages and finds where each family starts. */
	cairo_status_t st = render(&p, discard, NULL);
	struct strbuf pdf = {0};
	if (st == CAIRO_STATUS_SUCCESS) {
		p.total = p.page;
		st = render(&p, collect, &pdf);
	}
	int rc;
	if (st != CAIRO_STATUS_SUCCESS)
		rc = audit_fail(err, AUDIT_EINTERNAL, "%s/report.pdf: cairo: %s", out_dir, cairo_status_to_string(st));
	else
		rc = output_write_atomic(out_dir, "report.pdf", write_bytes, &pdf, err);
	strbuf_free(&pdf);
	strbuf_free(&foot);
	strbuf_free(&sb);
	chart_list_free(charts, p.ncharts);
	return rc;
}
