/*
 * chart_file.c — the chart files (see chart.h): every chart of a result as
 * OUT/charts/NAME.png through libpng and as NAME.svg through cairo's SVG
 * surface, and one chart's SVG in memory for inlining (chart_svg_text).
 *
 * Determinism: the PNG bytes depend only on the drawing. cairo's SVG
 * surface names its page group "surfaceN" after a counter global to the
 * process, so a second chart written in the same process would differ; the
 * SVG is streamed into memory and those ids are renumbered from 1 before
 * the file is written (svg_normalise_ids).
 */
#include "chart.h"

#include <png.h>

#include <cairo-svg.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

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
		return audit_fail(err, AUDIT_EINTERNAL,
				  "chart %s: SVG id prefix \"%s\" is not letters, digits, '-', '_' or '.'", c->name,
				  id_prefix);
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
