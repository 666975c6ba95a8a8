/*
 * pngstat.c — what a screenshot shows, for tests/html.test: reads a PNG
 * through cairo and prints its size, the share of pixels that are not the
 * page's white ("ink"), and for each RRGGBB colour given how many pixels
 * have it (each channel within 2, for the browser's rounding).
 *
 *   usage: pngstat FILE.png [RRGGBB...]
 *   prints: size WxH / ink P% / RRGGBB N (one line each)
 * Exits 2 when the file is not a PNG cairo can read.
 */
#include <cairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_rgb(const char *s, int rgb[3])
{
	unsigned v;
	if (strlen(s) != 6 || sscanf(s, "%6x", &v) != 1)
		return -1;
	rgb[0] = (int)(v >> 16 & 0xFF);
	rgb[1] = (int)(v >> 8 & 0xFF);
	rgb[2] = (int)(v & 0xFF);
	return 0;
}

static int near(int a, int b)
{
	return abs(a - b) <= 2;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: pngstat FILE.png [RRGGBB...]\n");
		return 2;
	}
	cairo_surface_t *s = cairo_image_surface_create_from_png(argv[1]);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngstat: %s: %s\n", argv[1], cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return 2;
	}
	cairo_surface_flush(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *data = cairo_image_surface_get_data(s);

	int ncolours = argc - 2;
	int(*want)[3] = calloc((size_t)(ncolours ? ncolours : 1), sizeof *want);
	long *count = calloc((size_t)(ncolours ? ncolours : 1), sizeof *count);
	for (int i = 0; i < ncolours; i++)
		if (parse_rgb(argv[i + 2], want[i]) < 0) {
			fprintf(stderr, "pngstat: %s is not RRGGBB\n", argv[i + 2]);
			return 2;
		}

	long ink = 0;
	for (int y = 0; y < h; y++) {
		const uint32_t *row = (const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			/* Screenshots are opaque, so premultiplied ARGB is plain RGB. */
			int r = (int)(row[x] >> 16 & 0xFF), g = (int)(row[x] >> 8 & 0xFF), b = (int)(row[x] & 0xFF);
			if (r < 250 || g < 250 || b < 250)
				ink++;
			for (int i = 0; i < ncolours; i++)
				if (near(r, want[i][0]) && near(g, want[i][1]) && near(b, want[i][2]))
					count[i]++;
		}
	}
	printf("size %dx%d\n", w, h);
	printf("ink %.1f%%\n", w && h ? 100.0 * (double)ink / ((double)w * h) : 0.0);
	for (int i = 0; i < ncolours; i++)
		printf("%s %ld\n", argv[i + 2], count[i]);
	free(want);
	free(count);
	cairo_surface_destroy(s);
	return 0;
}
