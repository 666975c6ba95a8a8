/*
 * draw.c — the drawing primitives of the charts (see draw.h): palette,
 * fitted text, numbers, the shared frame, status marks, legends, scales
 * and axes, and the rows of the dot and bar charts. chart.c decides what
 * to draw with them.
 */
#include "draw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "findings.h"
#include "util.h"

#define PI 3.14159265358979323846

/* ---- palette (Okabe & Ito 2008) and viridis -------------------------- */

const struct draw_rgb DRAW_BLACK = {0, 0, 0};
const struct draw_rgb DRAW_ORANGE = {0.902, 0.624, 0.0};
const struct draw_rgb DRAW_GREEN = {0.0, 0.620, 0.451};
const struct draw_rgb DRAW_YELLOW = {0.941, 0.894, 0.259};
const struct draw_rgb DRAW_BLUE = {0.0, 0.447, 0.698};
const struct draw_rgb DRAW_VERMILLION = {0.835, 0.369, 0.0};
const struct draw_rgb DRAW_GREY = {0.55, 0.55, 0.55};
const struct draw_rgb DRAW_LIGHT = {0.88, 0.88, 0.88};
const struct draw_rgb DRAW_TEXT_GREY = {0.35, 0.35, 0.35};

/* viridis at 0, 0.1, ..., 1 (matplotlib's table). */
const struct draw_rgb DRAW_VIRIDIS[11] = {
	{0.267, 0.004, 0.329}, {0.282, 0.141, 0.459}, {0.255, 0.267, 0.529}, {0.208, 0.373, 0.553},
	{0.165, 0.471, 0.557}, {0.129, 0.569, 0.549}, {0.133, 0.659, 0.518}, {0.267, 0.749, 0.439},
	{0.478, 0.820, 0.318}, {0.741, 0.875, 0.149}, {0.992, 0.906, 0.145},
};

struct draw_rgb draw_viridis(double t)
{
	if (!(t > 0))
		t = 0;
	if (t > 1)
		t = 1;
	double x = t * 10;
	int i = (int)floor(x);
	if (i >= 10)
		return DRAW_VIRIDIS[10];
	double f = x - i;
	struct draw_rgb a = DRAW_VIRIDIS[i], b = DRAW_VIRIDIS[i + 1];
	return (struct draw_rgb){a.r + f * (b.r - a.r), a.g + f * (b.g - a.g), a.b + f * (b.b - a.b)};
}

void draw_set_rgb(cairo_t *cr, struct draw_rgb c)
{
	cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* ---- text ------------------------------------------------------------- */

void draw_set_font(cairo_t *cr, double size, int bold)
{
	cairo_select_font_face(cr, CHART_FONT, CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
}

/* One UTF-8 character at s: its length and code point, or 0 if invalid (a NUL ends it). */
size_t draw_utf8_char(const unsigned char *s, unsigned long *cp)
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
		size_t len = draw_utf8_char(p, &cp);
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

double draw_text_width(cairo_t *cr, const char *s)
{
	cairo_text_extents_t e;
	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

/*
 * s cleaned and, when wider than maxw in the current font, cut at a
 * character boundary with "…" so that it fits. The caller frees.
 */
char *draw_fit_text(cairo_t *cr, const char *s, double maxw)
{
	char *t = clean_text(s);
	if (draw_text_width(cr, t) <= maxw)
		return t;

	/* The start of every character, then the longest prefix that fits with "…". */
	size_t n = strlen(t), nchars = 0;
	size_t *starts = xmalloc((n + 1) * sizeof *starts);
	for (size_t i = 0; i < n;) {
		unsigned long cp;
		starts[nchars++] = i;
		size_t len = draw_utf8_char((const unsigned char *)t + i, &cp);
		i += len ? len : 1;
	}
	struct strbuf sb = {0};
	size_t lo = 0, hi = nchars; /* prefixes of lo characters fit; of hi+1 do not */
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		strbuf_reset(&sb);
		strbuf_append(&sb, t, starts[mid]);
		strbuf_printf(&sb, "…");
		if (draw_text_width(cr, sb.buf) <= maxw)
			lo = mid;
		else
			hi = mid - 1;
	}
	strbuf_reset(&sb);
	strbuf_append(&sb, t, lo < nchars ? starts[lo] : n);
	strbuf_printf(&sb, "…");
	if (draw_text_width(cr, sb.buf) > maxw)
		strbuf_reset(&sb);
	free(starts);
	free(t);
	return sb.buf ? sb.buf : xstrdup("");
}

/*
 * Draws s fitted to maxw with its baseline at y, aligned at x. Returns the
 * width drawn.
 */
double draw_text(cairo_t *cr, const char *s, double x, double y, enum draw_align al, double maxw)
{
	char *t = draw_fit_text(cr, s, maxw);
	double w = draw_text_width(cr, t);
	if (al == ALIGN_CENTER)
		x -= w / 2;
	else if (al == ALIGN_RIGHT)
		x -= w;
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, t);
	cairo_new_path(cr);
	free(t);
	return w;
}

/* The baseline that centres the current font's capitals and Hangul on y. */
double draw_baseline_mid(cairo_t *cr, double y)
{
	/* Hangul and capitals fill about 0.72 of the em above the baseline. */
	cairo_matrix_t m;
	cairo_get_font_matrix(cr, &m);
	return y + 0.36 * m.yy;
}

/* ---- numbers for people --------------------------------------------- */

const char *draw_pct(double x, char buf[32])
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

const char *draw_num(double x, char buf[32])
{
	return finding_number(x, buf);
}


double draw_max_finite(double a, double b)
{
	if (!isfinite(a))
		return b;
	if (!isfinite(b))
		return a;
	return a > b ? a : b;
}

double draw_min_finite(double a, double b)
{
	if (!isfinite(a))
		return b;
	if (!isfinite(b))
		return a;
	return a < b ? a : b;
}

/* ---- the frame every chart shares ------------------------------------ */

/* Baselines of the header strips, from the top. */
#define Y_TITLE 28
#define Y_SUBTITLE 48
#define Y_LEGEND 72
#define Y_PLOT 116 /* the plot's top edge; two label rows above it */

/* The smallest row height: below it group names would be unreadable. */
#define MIN_ROW 11

void draw_frame_init(struct draw_frame *f, double w, double h, double right_margin)
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

void draw_header(cairo_t *cr, const struct draw_frame *f, const char *title, const char *subtitle)
{
	draw_set_rgb(cr, DRAW_BLACK);
	draw_set_font(cr, DRAW_FS_TITLE, 1);
	draw_text(cr, title, 20, Y_TITLE, ALIGN_LEFT, f->w - 40);
	draw_set_rgb(cr, DRAW_TEXT_GREY);
	draw_set_font(cr, DRAW_FS_TEXT, 0);
	draw_text(cr, subtitle, 20, Y_SUBTITLE, ALIGN_LEFT, f->w - 40);
}

void draw_footnote(cairo_t *cr, const struct draw_frame *f, const char *text)
{
	draw_set_rgb(cr, DRAW_TEXT_GREY);
	draw_set_font(cr, DRAW_FS_SMALL, 0);
	draw_text(cr, text, 20, f->h - 8, ALIGN_LEFT, f->w - 40);
}

/*
 * A label for a reference line or band bound, in the first of the two rows
 * above the plot where it overlaps nothing placed before (the row next to
 * the plot first); over the last one when both are taken.
 */
void draw_annotate(cairo_t *cr, struct draw_frame *f, const char *text, double x, enum draw_align al,
		   struct draw_rgb col)
{
	draw_set_font(cr, DRAW_FS_SMALL, 0);
	char *t = draw_fit_text(cr, text, 200);
	double w = draw_text_width(cr, t);
	double x0 = al == ALIGN_CENTER ? x - w / 2 : al == ALIGN_RIGHT ? x - w : x;
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
		f->ann[f->nann++] = (struct draw_placed){x0, x0 + w, row};
	draw_set_rgb(cr, col);
	cairo_move_to(cr, x0, f->top - 6 - row * 15);
	cairo_show_text(cr, t);
	cairo_new_path(cr);
	free(t);
}

/* The figures column's heading, registered so reference labels keep clear of it. */
void draw_value_header(cairo_t *cr, struct draw_frame *f, const char *text)
{
	draw_set_font(cr, DRAW_FS_SMALL, 1);
	draw_set_rgb(cr, DRAW_BLACK);
	double w = draw_text(cr, text, f->value_x, f->top - 6, ALIGN_LEFT, f->w - f->value_x - 8);
	if (f->nann < sizeof f->ann / sizeof f->ann[0])
		f->ann[f->nann++] = (struct draw_placed){f->value_x, f->value_x + w, 0};
}

void draw_y_title(cairo_t *cr, const struct draw_frame *f, const char *text)
{
	cairo_save(cr);
	draw_set_rgb(cr, DRAW_BLACK);
	draw_set_font(cr, DRAW_FS_TEXT, 1);
	cairo_translate(cr, 22, (f->top + f->bottom) / 2);
	cairo_rotate(cr, -PI / 2);
	draw_text(cr, text, 0, 0, ALIGN_CENTER, f->bottom - f->top);
	cairo_restore(cr);
}

/* ---- marks ------------------------------------------------------------ */

void draw_marker(cairo_t *cr, double x, double y, double r, enum draw_shape sh, struct draw_rgb fill, int filled)
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
		draw_set_rgb(cr, fill);
		cairo_fill_preserve(cr);
		draw_set_rgb(cr, DRAW_BLACK);
	} else {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_fill_preserve(cr);
		draw_set_rgb(cr, fill);
		cairo_set_line_width(cr, 1.8);
	}
	cairo_stroke(cr);
}

/* How a status looks on a dot: colour, shape, filled or hollow. */
void draw_status_look(enum record_status s, struct draw_rgb *col, enum draw_shape *sh, int *filled)
{
	*filled = 1;
	*col = DRAW_BLUE;
	*sh = SHAPE_CIRCLE;
	switch (s) {
	case STATUS_OK:
		*col = DRAW_BLUE;
		*sh = SHAPE_CIRCLE;
		break;
	case STATUS_WARN:
		*col = DRAW_ORANGE;
		*sh = SHAPE_TRIANGLE;
		break;
	case STATUS_FAIL:
		*col = DRAW_VERMILLION;
		*sh = SHAPE_DIAMOND;
		break;
	case STATUS_INSUFFICIENT:
		*col = DRAW_GREY;
		*sh = SHAPE_CIRCLE;
		*filled = 0;
		break;
	}
}

static struct draw_rgb status_bar_colour(enum record_status s)
{
	return s == STATUS_FAIL ? DRAW_VERMILLION : s == STATUS_WARN ? DRAW_ORANGE : DRAW_BLUE;
}

/* Diagonal lines over a rectangle: the mark of "insufficient". */
void draw_hatch(cairo_t *cr, double x, double y, double w, double h, struct draw_rgb col)
{
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	draw_set_rgb(cr, col);
	cairo_set_line_width(cr, 1);
	for (double d = -h; d < w; d += 6) {
		cairo_move_to(cr, x + d, y + h);
		cairo_line_to(cr, x + d + h, y);
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* A bar from x0 to x1, coloured by status; insufficient is hatched grey. */
void draw_bar(cairo_t *cr, double x0, double x1, double yc, double th, enum record_status s)
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
		draw_hatch(cr, x0, yc - th / 2, w, th, DRAW_GREY);
		draw_set_rgb(cr, DRAW_GREY);
		cairo_set_line_width(cr, 1);
		cairo_rectangle(cr, x0 + 0.5, yc - th / 2 + 0.5, w - 1 > 0 ? w - 1 : 0, th - 1);
		cairo_stroke(cr);
		return;
	}
	draw_set_rgb(cr, status_bar_colour(s));
	cairo_rectangle(cr, x0, yc - th / 2, w, th);
	cairo_fill(cr);
}

/* An interval from x0 to x1 with end caps; an end cut by the axis gets an arrowhead instead. */
void draw_whisker(cairo_t *cr, double x0, double x1, double yc, double cap, int cut0, int cut1,
		  struct draw_rgb col)
{
	draw_set_rgb(cr, col);
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

void draw_vline(cairo_t *cr, double x, double y0, double y1, struct draw_rgb col, double width, int dashed)
{
	static const double dash[] = {6, 4};
	draw_set_rgb(cr, col);
	cairo_set_line_width(cr, width);
	if (dashed)
		cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, x, y0);
	cairo_line_to(cr, x, y1);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
}

/* ---- legend ----------------------------------------------------------- */

void draw_legend_add(struct draw_legend *lg, enum draw_swatch sw, enum draw_shape shape, struct draw_rgb col,
		     int filled, const char *fmt, ...)
{
	if (lg->n == sizeof lg->item / sizeof lg->item[0])
		return;
	struct draw_legend_item *it = &lg->item[lg->n++];
	it->sw = sw;
	it->shape = shape;
	it->col = col;
	it->filled = filled;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(it->text, sizeof it->text, fmt, ap);
	va_end(ap);
}

void draw_legend_status(struct draw_legend *lg, enum record_status s, const char *text)
{
	struct draw_rgb col;
	enum draw_shape sh;
	int filled;
	draw_status_look(s, &col, &sh, &filled);
	draw_legend_add(lg, SW_MARK, sh, col, filled, "%s", text);
}

/* The legend in its own strip, left to right; an item that does not fit is cut with "…". */
void draw_legend_show(cairo_t *cr, const struct draw_frame *f, const struct draw_legend *lg)
{
	double x = 20, y = Y_LEGEND, yc = y - 4;

	draw_set_font(cr, DRAW_FS_TEXT, 0);
	for (size_t i = 0; i < lg->n; i++) {
		const struct draw_legend_item *it = &lg->item[i];
		double sw = it->sw == SW_MARK || it->sw == SW_POINTER ? 12 : 22;
		if (x + sw + 40 > f->w - 20)
			break;
		switch (it->sw) {
		case SW_BAR:
			draw_set_rgb(cr, it->col);
			cairo_rectangle(cr, x, yc - 6, sw, 12);
			cairo_fill(cr);
			break;
		case SW_HATCH:
			cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
			cairo_rectangle(cr, x, yc - 6, sw, 12);
			cairo_fill(cr);
			draw_hatch(cr, x, yc - 6, sw, 12, DRAW_GREY);
			draw_set_rgb(cr, DRAW_GREY);
			cairo_set_line_width(cr, 1);
			cairo_rectangle(cr, x + 0.5, yc - 5.5, sw - 1, 11);
			cairo_stroke(cr);
			break;
		case SW_MARK:
			draw_marker(cr, x + sw / 2, yc, 4.5, it->shape, it->col, it->filled);
			break;
		case SW_WHISKER:
			draw_whisker(cr, x + 1, x + sw - 1, yc, 10, 0, 0, it->col);
			break;
		case SW_LINE:
			cairo_move_to(cr, x, yc);
			cairo_line_to(cr, x + sw, yc);
			draw_set_rgb(cr, it->col);
			cairo_set_line_width(cr, 2);
			cairo_stroke(cr);
			break;
		case SW_DASH:
			draw_vline(cr, x + sw / 2, yc - 7, yc + 7, it->col, 1.6, 1);
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
			draw_set_rgb(cr, it->col);
			cairo_set_line_width(cr, 2.5);
			cairo_rectangle(cr, x + 1.25, yc - 4.75, sw - 2.5, 9.5);
			cairo_stroke(cr);
			break;
		case SW_POINTER:
			draw_set_rgb(cr, it->col);
			cairo_move_to(cr, x + sw, yc);
			cairo_line_to(cr, x + 2, yc - 5);
			cairo_line_to(cr, x + 2, yc + 5);
			cairo_close_path(cr);
			cairo_fill(cr);
			break;
		}
		x += sw + 6;
		draw_set_rgb(cr, DRAW_BLACK);
		x += draw_text(cr, it->text, x, y, ALIGN_LEFT, f->w - 20 - x) + 18;
	}
}

/* ---- scales ----------------------------------------------------------- */

double draw_sx(const struct draw_scale *s, double v)
{
	double t = s->log ? (log(v) - log(s->lo)) / (log(s->hi) - log(s->lo)) : (v - s->lo) / (s->hi - s->lo);
	return s->x0 + t * (s->x1 - s->x0);
}

/* v on the scale, held to the axis; *cut says whether it was held. */
double draw_sx_clamped(const struct draw_scale *s, double v, int *cut)
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
	return draw_sx(s, v);
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
void draw_scale_linear(struct draw_scale *s, double lo, double hi, int percent)
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

void draw_scale_log(struct draw_scale *s, double lo, double hi)
{
	memset(s, 0, sizeof *s);
	s->log = 1;
	s->lo = lo;
	s->hi = hi;
}

static void tick_label(const struct draw_scale *s, double v, double step, char buf[32])
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
void draw_x_axis(cairo_t *cr, const struct draw_frame *f, const struct draw_scale *s, const char *title)
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
	draw_set_font(cr, DRAW_FS_SMALL, 0);
	for (size_t i = 0; i < nt; i++) {
		double x = draw_sx(s, ticks[i]);
		draw_set_rgb(cr, DRAW_LIGHT);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, round(x) + 0.5, f->top);
		cairo_line_to(cr, round(x) + 0.5, f->bottom);
		cairo_stroke(cr);
		draw_set_rgb(cr, DRAW_TEXT_GREY);
		tick_label(s, ticks[i], step, buf);
		draw_text(cr, buf, x, f->bottom + 16, ALIGN_CENTER, 80);
	}
	/* The axis line. */
	draw_set_rgb(cr, DRAW_BLACK);
	cairo_set_line_width(cr, 1);
	cairo_move_to(cr, f->left, f->bottom + 0.5);
	cairo_line_to(cr, f->right, f->bottom + 0.5);
	cairo_stroke(cr);
	draw_set_font(cr, DRAW_FS_TEXT, 1);
	draw_text(cr, title, (f->left + f->right) / 2, f->bottom + 36, ALIGN_CENTER, f->right - f->left);
}

/* ---- rows: one group per line ---------------------------------------- */

struct draw_row *draw_row_get(struct draw_rows *rs, const char *group)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].group, group) == 0)
			return &rs->v[i];
	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 16;
		rs->v = xrealloc(rs->v, rs->cap * sizeof *rs->v);
	}
	struct draw_row *row = &rs->v[rs->n++];
	memset(row, 0, sizeof *row);
	row->group = group;
	row->v = row->lo = row->hi = row->v2 = row->n = NAN;
	row->status = STATUS_OK;
	return row;
}

/* Fills v, interval, n and status from rec. */
void draw_row_set(struct draw_row *row, const struct audit_record *rec)
{
	row->v = rec->value;
	row->lo = rec->ci_low;
	row->hi = rec->ci_high;
	row->n = rec->n;
	row->status = rec->status;
	row->has = 1;
}

void draw_rows_layout(const struct draw_frame *f, size_t n, struct draw_layout *rl)
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

double draw_row_y(const struct draw_frame *f, const struct draw_layout *rl, size_t i)
{
	return f->top + rl->h * (i + 0.5);
}

/* Group names on the left, figures on the right, light bands on every other row. */
void draw_row_text(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, const struct draw_rows *rs)
{
	for (size_t i = 0; i < rl->shown; i++) {
		const struct draw_row *row = &rs->v[i];
		double yc = draw_row_y(f, rl, i);
		if (i % 2 == 1) {
			cairo_set_source_rgb(cr, 0.965, 0.965, 0.965);
			cairo_rectangle(cr, f->left, yc - rl->h / 2, f->right - f->left, rl->h);
			cairo_fill(cr);
		}
		draw_set_font(cr, rl->fs, row->reference);
		draw_set_rgb(cr, DRAW_BLACK);
		draw_text(cr, row->group, f->left - 8, draw_baseline_mid(cr, yc), ALIGN_RIGHT,
			  f->name_w > 0 ? f->name_w : f->left - 8 - 40);
		draw_set_font(cr, rl->fs < 12 ? rl->fs : 12, 0);
		draw_set_rgb(cr, row->has || row->reference ? DRAW_BLACK : DRAW_TEXT_GREY);
		draw_text(cr, row->text, f->value_x, draw_baseline_mid(cr, yc), ALIGN_LEFT, f->w - f->value_x - 8);
	}
}

/* "n/a" in the plot where a row has no figure, so an empty line is not read as 0. */
void draw_na(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, size_t i)
{
	draw_set_font(cr, rl->fs < 12 ? rl->fs : 12, 0);
	draw_set_rgb(cr, DRAW_TEXT_GREY);
	draw_text(cr, "n/a", f->left + 6, draw_baseline_mid(cr, draw_row_y(f, rl, i)), ALIGN_LEFT, 60);
}

void draw_no_data(cairo_t *cr, const struct draw_frame *f)
{
	draw_set_font(cr, 14, 0);
	draw_set_rgb(cr, DRAW_TEXT_GREY);
	draw_text(cr, "no figures to draw", (f->left + f->right) / 2, (f->top + f->bottom) / 2, ALIGN_CENTER,
		  f->right - f->left);
}

/* The footnote: how many rows are drawn, and any note of the chart. */
void draw_rows_footnote(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, const char *note)
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
void draw_row_whisker(cairo_t *cr, const struct draw_scale *s, const struct draw_row *row, double yc, double cap,
		      struct draw_rgb col)
{
	if (!isfinite(row->lo) || !isfinite(row->hi))
		return;
	int c0, c1;
	double x0 = draw_sx_clamped(s, row->lo, &c0), x1 = draw_sx_clamped(s, row->hi, &c1);
	draw_whisker(cr, x0, x1, yc, cap, c0, c1, col);
}

/* A status dot at v; off the axis it sits at the end with an arrowhead pointing the way. */
void draw_row_dot(cairo_t *cr, const struct draw_scale *s, double v, double yc, double rad, enum record_status st)
{
	struct draw_rgb col;
	enum draw_shape sh;
	int filled, cut;
	draw_status_look(st, &col, &sh, &filled);
	double x = draw_sx_clamped(s, v, &cut);
	draw_marker(cr, x, yc, rad, sh, col, filled);
	if (cut) {
		double d = v > s->hi ? 1 : -1, x0 = x + d * (rad + 2);
		draw_set_rgb(cr, DRAW_BLACK);
		cairo_move_to(cr, x0 + d * 7, yc);
		cairo_line_to(cr, x0, yc - 4);
		cairo_line_to(cr, x0, yc + 4);
		cairo_close_path(cr);
		cairo_fill(cr);
	}
}

/* Whether any figure of the rows drawn lies off the axis (v, lo, hi; and v2 when with2). */
int draw_rows_clamped(const struct draw_rows *rs, size_t shown, const struct draw_scale *s, int with2)
{
	for (size_t i = 0; i < shown; i++) {
		const struct draw_row *row = &rs->v[i];
		double v[4] = {row->v, row->lo, row->hi, with2 ? row->v2 : NAN};
		for (int k = 0; k < 4; k++)
			if (isfinite(v[k]) && (v[k] < s->lo || v[k] > s->hi || (s->log && v[k] <= 0)))
				return 1;
	}
	return 0;
}
