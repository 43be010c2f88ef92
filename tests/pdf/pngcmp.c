/* pngcmp: compare two PNG images within a tolerance, for golden images.
 *
 *   pngcmp GOT WANT [THRESHOLD [PERCENT]]
 *
 * A pixel differs when any of its channels (red, green, blue, alpha, each
 * 0..255, after compositing both images over white) differs by more than
 * THRESHOLD (default 48).  Prints "N of M pixels differ (P%)" and exits 0
 * when at most PERCENT (default 0.5) of the pixels differ, 1 when more do
 * or the sizes differ, 2 when an image cannot be read. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <cairo.h>

/* The image at path over white, as ARGB32 (NULL, with a message, when it
 * cannot be read). */
static cairo_surface_t *load(const char *path)
{
	cairo_surface_t *png = cairo_image_surface_create_from_png(path), *img;
	cairo_t *cr;

	if (cairo_surface_status(png) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngcmp: %s: %s\n", path,
			cairo_status_to_string(cairo_surface_status(png)));
		cairo_surface_destroy(png);
		return NULL;
	}
	img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(png),
					 cairo_image_surface_get_height(png));
	cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_surface(cr, png, 0, 0);
	cairo_paint(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(png);
	cairo_surface_flush(img);
	if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
		fprintf(stderr, "pngcmp: %s: %s\n", path,
			cairo_status_to_string(cairo_surface_status(img)));
		cairo_surface_destroy(img);
		return NULL;
	}
	return img;
}

static int num(const char *s, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return *end == '\0' && end != s && *out >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	cairo_surface_t *a, *b;
	double threshold = 48, percent = 0.5, share;
	long long differ = 0, total;
	int w, h, rc;

	if (argc < 3 || argc > 5 || (argc > 3 && num(argv[3], &threshold) < 0) ||
	    (argc > 4 && num(argv[4], &percent) < 0)) {
		fputs("usage: pngcmp GOT WANT [THRESHOLD [PERCENT]]\n", stderr);
		return 2;
	}
	a = load(argv[1]);
	b = load(argv[2]);
	if (a == NULL || b == NULL) {
		if (a != NULL)
			cairo_surface_destroy(a);
		if (b != NULL)
			cairo_surface_destroy(b);
		return 2;
	}
	w = cairo_image_surface_get_width(a);
	h = cairo_image_surface_get_height(a);
	if (w != cairo_image_surface_get_width(b) || h != cairo_image_surface_get_height(b)) {
		printf("the sizes differ: %dx%d and %dx%d\n", w, h,
		       cairo_image_surface_get_width(b), cairo_image_surface_get_height(b));
		cairo_surface_destroy(a);
		cairo_surface_destroy(b);
		return 1;
	}
	for (int y = 0; y < h; y++) {
		const unsigned char *pa = cairo_image_surface_get_data(a) +
					  (size_t)y * (size_t)cairo_image_surface_get_stride(a);
		const unsigned char *pb = cairo_image_surface_get_data(b) +
					  (size_t)y * (size_t)cairo_image_surface_get_stride(b);

		for (int x = 0; x < w; x++) {
			for (int ch = 0; ch < 4; ch++) {
				int d = pa[4 * x + ch] - pb[4 * x + ch];

				if (d > threshold || -d > threshold) {
					differ++;
					break;
				}
			}
		}
	}
	total = (long long)w * h;
	share = total > 0 ? 100.0 * (double)differ / (double)total : 0;
	printf("%lld of %lld pixels differ (%.3f%%)\n", differ, total, share);
	rc = share <= percent ? 0 : 1;
	cairo_surface_destroy(a);
	cairo_surface_destroy(b);
	return rc;
}
