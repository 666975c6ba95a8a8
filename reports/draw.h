/*
 * draw.h — the drawing primitives every chart kind (chart.c) is built from,
 * on any cairo context: the palette, text fitted to a width, numbers for
 * people, the frame (title, legend strip, reference labels, plot, figures
 * column, footnote), status marks, legends, linear and log scales with
 * their axis, and the layout of one group per row. They draw what they are
 * given; which records to show, and how they are judged, is chart.c's.
 *
 * Every chart has the same frame, so a reader learns it once: a title, a
 * line saying what is drawn, a legend strip, two rows of labels for the
 * reference lines, the plot with group names on the left and the figures
 * as text in a column on the right, and the axis title and a footnote
 * below. Text from the data is cleaned (invalid UTF-8 and control
 * characters become '?') and cut at a character boundary with "…" by its
 * measured width.
 */
#ifndef DSAUDIT_DRAW_H
#define DSAUDIT_DRAW_H

#include <cairo.h>
#include <stddef.h>

#include "record.h"

/* ---- palette ---------------------------------------------------------- */

struct draw_rgb {
	double r, g, b;
};

/*
 * Okabe & Ito (2008), safe for colour-blind readers, and greys. A colour
 * never carries a status alone: a status also has its marker shape or its
 * word in the figures column, and a legend entry.
 */
extern const struct draw_rgb DRAW_BLACK, DRAW_ORANGE, DRAW_GREEN, DRAW_YELLOW, DRAW_BLUE, DRAW_VERMILLION,
	DRAW_GREY, DRAW_LIGHT, DRAW_TEXT_GREY;
/* viridis at 0, 0.1, ..., 1 (matplotlib's table): the sequential scale, also colour-blind safe. */
extern const struct draw_rgb DRAW_VIRIDIS[11];

/* viridis at t in [0, 1] (held to it; NaN is 0), interpolated. */
struct draw_rgb draw_viridis(double t);
void draw_set_rgb(cairo_t *cr, struct draw_rgb c);

/* ---- text ------------------------------------------------------------- */

/* Font sizes. */
#define DRAW_FS_TITLE 18
#define DRAW_FS_TEXT 12
#define DRAW_FS_SMALL 11

enum draw_align { ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

/* CHART_FONT (chart.h) at size, bold or not. */
void draw_set_font(cairo_t *cr, double size, int bold);
/* One UTF-8 character at s: its length and code point, or 0 if invalid (a NUL ends it). */
size_t draw_utf8_char(const unsigned char *s, unsigned long *cp);
/* The advance of s in the current font. */
double draw_text_width(cairo_t *cr, const char *s);
/*
 * s cleaned and, when wider than maxw in the current font, cut at a
 * character boundary with "…" so that it fits. The caller frees.
 */
char *draw_fit_text(cairo_t *cr, const char *s, double maxw);
/* Draws s fitted to maxw with its baseline at y, aligned at x. Returns the width drawn. */
double draw_text(cairo_t *cr, const char *s, double x, double y, enum draw_align al, double maxw);
/* The baseline that centres the current font's capitals and Hangul on y. */
double draw_baseline_mid(cairo_t *cr, double y);

/* ---- numbers for people ----------------------------------------------- */

/* x as a percentage ("12.3%", "0.25%"), or "n/a"; the result is buf or a static string. */
const char *draw_pct(double x, char buf[32]);
/* x as the findings write it (findings.h finding_number). */
const char *draw_num(double x, char buf[32]);
/* The larger (smaller) of a and b, ignoring a non-finite one; NaN when both are. */
double draw_max_finite(double a, double b);
double draw_min_finite(double a, double b);

/* ---- the frame -------------------------------------------------------- */

/* How far dot plots keep their axis ends from the plot's edges. */
#define DRAW_DOT_INSET 14

struct draw_frame {
	double w, h;
	double left, right, top, bottom; /* the plot area */
	double value_x;                  /* left edge of the figures column */
	double name_w;                   /* the widest row name; 0: all but 40 points left of the plot */
	/* The labels placed so far in the two rows above the plot. */
	struct draw_placed {
		double x0, x1;
		int row;
	} ann[16];
	size_t nann;
};

/* A w x h chart whose figures column is right_margin wide. */
void draw_frame_init(struct draw_frame *f, double w, double h, double right_margin);
/* The title and, below it, the line saying what is drawn. */
void draw_header(cairo_t *cr, const struct draw_frame *f, const char *title, const char *subtitle);
void draw_footnote(cairo_t *cr, const struct draw_frame *f, const char *text);
/*
 * A label for a reference line or band bound at x, in the first of the two
 * rows above the plot where it overlaps nothing placed before (the row next
 * to the plot first); over the last one when both are taken.
 */
void draw_annotate(cairo_t *cr, struct draw_frame *f, const char *text, double x, enum draw_align al,
		   struct draw_rgb col);
/* The figures column's heading, registered so reference labels keep clear of it. */
void draw_value_header(cairo_t *cr, struct draw_frame *f, const char *text);
/* The plot's vertical title, turned a quarter left. */
void draw_y_title(cairo_t *cr, const struct draw_frame *f, const char *text);

/* ---- marks ------------------------------------------------------------ */

enum draw_shape { SHAPE_CIRCLE, SHAPE_TRIANGLE, SHAPE_DIAMOND, SHAPE_SQUARE };

/* A marker of radius r at (x, y): filled with fill and outlined black, or hollow in fill. */
void draw_marker(cairo_t *cr, double x, double y, double r, enum draw_shape sh, struct draw_rgb fill, int filled);
/* How a status looks on a dot: colour, shape, filled or hollow. */
void draw_status_look(enum record_status s, struct draw_rgb *col, enum draw_shape *sh, int *filled);
/* Diagonal lines over a rectangle: the mark of "insufficient". */
void draw_hatch(cairo_t *cr, double x, double y, double w, double h, struct draw_rgb col);
/* A bar from x0 to x1, th thick around yc, coloured by status; insufficient is hatched grey. */
void draw_bar(cairo_t *cr, double x0, double x1, double yc, double th, enum record_status s);
/* An interval from x0 to x1 with end caps; an end cut by the axis gets an arrowhead instead. */
void draw_whisker(cairo_t *cr, double x0, double x1, double yc, double cap, int cut0, int cut1,
		  struct draw_rgb col);
void draw_vline(cairo_t *cr, double x, double y0, double y1, struct draw_rgb col, double width, int dashed);

/* ---- legend ----------------------------------------------------------- */

enum draw_swatch { SW_BAR, SW_HATCH, SW_MARK, SW_WHISKER, SW_LINE, SW_DASH, SW_BAND, SW_OUTLINE, SW_POINTER };

/* At most ten items; more are dropped. Zero-initialise. */
struct draw_legend {
	struct draw_legend_item {
		enum draw_swatch sw;
		enum draw_shape shape;
		struct draw_rgb col;
		int filled;
		char text[112];
	} item[10];
	size_t n;
};

void draw_legend_add(struct draw_legend *lg, enum draw_swatch sw, enum draw_shape shape, struct draw_rgb col,
		     int filled, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* An item with the dot of status s. */
void draw_legend_status(struct draw_legend *lg, enum record_status s, const char *text);
/* The legend in its own strip, left to right; an item that does not fit is cut with "…". */
void draw_legend_show(cairo_t *cr, const struct draw_frame *f, const struct draw_legend *lg);

/* ---- scales ----------------------------------------------------------- */

struct draw_scale {
	double lo, hi;
	int log;     /* logarithmic (ratios) */
	int percent; /* tick labels as % */
	double step; /* between ticks, linear scales */
	double x0, x1;
};

/* v's x on the scale. */
double draw_sx(const struct draw_scale *s, double v);
/* v on the scale, held to the axis; *cut (if not NULL) says whether it was held. */
double draw_sx_clamped(const struct draw_scale *s, double v, int *cut);
/* A linear scale over [lo, hi] of the data, widened to round ticks; x0 and x1 are the caller's. */
void draw_scale_linear(struct draw_scale *s, double lo, double hi, int percent);
/* A log scale over [lo, hi]; x0 and x1 are the caller's. */
void draw_scale_log(struct draw_scale *s, double lo, double hi);
/* Grid lines, tick labels and the axis title below the plot. */
void draw_x_axis(cairo_t *cr, const struct draw_frame *f, const struct draw_scale *s, const char *title);

/* ---- rows: one group per line ----------------------------------------- */

struct draw_row {
	const char *group;       /* from the records; not owned */
	double v, lo, hi;        /* the figure and its interval */
	double v2;               /* a second marker (population share, median) */
	double n;
	enum record_status status;
	int has;                 /* a main record was found */
	int reference;           /* the reference group of a comparison */
	char text[96];           /* the figures column */
};

/* Rows in first-seen order; v is freed by the caller. */
struct draw_rows {
	struct draw_row *v;
	size_t n, cap;
};

/* The row of group, added (every figure NaN, status ok) if new; may move the other rows. */
struct draw_row *draw_row_get(struct draw_rows *rs, const char *group);
/* Fills v, interval, n and status from rec. */
void draw_row_set(struct draw_row *row, const struct audit_record *rec);

/* The layout of the rows: how many fit, their height. */
struct draw_layout {
	size_t shown, total;
	double h;  /* row height */
	double th; /* bar thickness */
	double fs; /* font size of names and figures */
};

void draw_rows_layout(const struct draw_frame *f, size_t n, struct draw_layout *rl);
/* The centre line of row i. */
double draw_row_y(const struct draw_frame *f, const struct draw_layout *rl, size_t i);
/* Group names on the left, figures on the right, light bands on every other row. */
void draw_row_text(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl,
		   const struct draw_rows *rs);
/* "n/a" in the plot where row i has no figure, so an empty line is not read as 0. */
void draw_na(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, size_t i);
/* "no figures to draw" across the plot. */
void draw_no_data(cairo_t *cr, const struct draw_frame *f);
/* The footnote: how many rows are drawn, and note (or NULL). */
void draw_rows_footnote(cairo_t *cr, const struct draw_frame *f, const struct draw_layout *rl, const char *note);
/* The interval of a row on scale s, drawn where both ends are defined. */
void draw_row_whisker(cairo_t *cr, const struct draw_scale *s, const struct draw_row *row, double yc, double cap,
		      struct draw_rgb col);
/* A status dot at v; off the axis it sits at the end with an arrowhead pointing the way. */
void draw_row_dot(cairo_t *cr, const struct draw_scale *s, double v, double yc, double rad, enum record_status st);
/* Whether any figure of the rows drawn lies off the axis (v, lo, hi; and v2 when with2). */
int draw_rows_clamped(const struct draw_rows *rs, size_t shown, const struct draw_scale *s, int with2);

/* The footnote of a chart where draw_rows_clamped holds. */
#define DRAW_CLAMP_NOTE \
	"Values past the ends of the axis are drawn at the edge with an arrow; their figures are on the right."

#endif
