/*
 * quality.c — how readable an image looks before anything reads it:
 * size, sharpness, brightness, contrast (recognize.h).
 */
#include <math.h>

#include "recognize-impl.h"

/* Sharpness is measured at one scale, so that a large sharp photo and a
 * small sharp scan compare; images smaller than this are not enlarged
 * (enlarging blurs, and a small image is judged by its size anyway). */
#define MEASURE_SIDE	1000

void
recog_lept_quiet(void)
{
	setMsgSeverity(L_SEVERITY_NONE);
}

void
recog_measure(PIX *src, struct recog_quality *q)
{
	PIX *g = NULL, *s = NULL;
	l_uint32 *data, *row, *up, *down;
	int w, h, wpl, x, y, side;
	double sum = 0, sum2 = 0, lsum = 0, lsum2 = 0, n, ln;

	q->measured = 0;
	q->width = pixGetWidth(src);
	q->height = pixGetHeight(src);
	q->sharpness = q->brightness = q->contrast = 0;
	if ((g = pixConvertTo8(src, 0)) == NULL)
		return;
	side = q->width > q->height ? q->width : q->height;
	if (side > MEASURE_SIDE) {
		float f = (float)MEASURE_SIDE / (float)side;

		s = pixScaleAreaMap(g, f, f);
	} else
		s = pixClone(g);
	if (s == NULL)
		goto out;
	w = pixGetWidth(s);
	h = pixGetHeight(s);
	wpl = pixGetWpl(s);
	data = pixGetData(s);
	for (y = 0; y < h; y++) {
		row = data + (size_t)y * (size_t)wpl;
		for (x = 0; x < w; x++) {
			double v = GET_DATA_BYTE(row, x);

			sum += v;
			sum2 += v * v;
		}
	}
	/* The 4-neighbour Laplacian on the inside pixels: its variance is
	 * high where edges are crisp and low where blur smeared them. */
	for (y = 1; y + 1 < h; y++) {
		row = data + (size_t)y * (size_t)wpl;
		up = row - wpl;
		down = row + wpl;
		for (x = 1; x + 1 < w; x++) {
			double l = (double)GET_DATA_BYTE(up, x) +
			    GET_DATA_BYTE(down, x) + GET_DATA_BYTE(row, x - 1) +
			    GET_DATA_BYTE(row, x + 1) -
			    4.0 * GET_DATA_BYTE(row, x);

			lsum += l;
			lsum2 += l * l;
		}
	}
	n = (double)w * h;
	ln = (double)(w - 2) * (h - 2);
	if (n > 0) {
		q->brightness = sum / n;
		q->contrast = sqrt(fmax(0, sum2 / n -
		    q->brightness * q->brightness));
	}
	if (w > 2 && h > 2)
		q->sharpness = fmax(0, lsum2 / ln - (lsum / ln) * (lsum / ln));
	q->measured = 1;
out:
	pixDestroy(&s);
	pixDestroy(&g);
}
