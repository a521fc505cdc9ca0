/*
 * quality.c — how readable an image looks before anything reads it:
 * size, sharpness (every way and the weakest way), brightness, contrast
 * (recognize.h).
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

/* Variance from a sum and a sum of squares over n. */
static double
variance(double sum, double sum2, double n)
{
	return n > 0 ? fmax(0, sum2 / n - (sum / n) * (sum / n)) : 0;
}

void
recog_measure(PIX *src, struct recog_quality *q)
{
	PIX *g = NULL, *s = NULL;
	l_uint32 *data, *row, *up, *down;
	int w, h, wpl, x, y, side, k;
	double sum = 0, sum2 = 0, lsum = 0, lsum2 = 0, n, ln;
	double dsum[4] = { 0 }, dsum2[4] = { 0 }, dv[4], lo, hi;

	q->measured = 0;
	q->width = pixGetWidth(src);
	q->height = pixGetHeight(src);
	q->sharpness = q->brightness = q->contrast = 0;
	q->weakest = q->steadiness = 0;
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
	/* The second difference along four directions (across, down, the
	 * two diagonals) on the inside pixels; across plus down is the
	 * 4-neighbour Laplacian, whose variance is high where edges are
	 * crisp and low where blur smeared them.  A hand that moved smears
	 * one direction only: the Laplacian keeps the crisp other one, the
	 * weakest direction does not. */
	for (y = 1; y + 1 < h; y++) {
		row = data + (size_t)y * (size_t)wpl;
		up = row - wpl;
		down = row + wpl;
		for (x = 1; x + 1 < w; x++) {
			double c2 = 2.0 * GET_DATA_BYTE(row, x), d[4], l;

			d[0] = (double)GET_DATA_BYTE(row, x - 1) +
			    GET_DATA_BYTE(row, x + 1) - c2;
			d[1] = (double)GET_DATA_BYTE(up, x) +
			    GET_DATA_BYTE(down, x) - c2;
			d[2] = (double)GET_DATA_BYTE(up, x - 1) +
			    GET_DATA_BYTE(down, x + 1) - c2;
			d[3] = (double)GET_DATA_BYTE(up, x + 1) +
			    GET_DATA_BYTE(down, x - 1) - c2;
			l = d[0] + d[1];
			lsum += l;
			lsum2 += l * l;
			for (k = 0; k < 4; k++) {
				dsum[k] += d[k];
				dsum2[k] += d[k] * d[k];
			}
		}
	}
	n = (double)w * h;
	ln = (double)(w - 2) * (h - 2);
	if (n > 0) {
		q->brightness = sum / n;
		q->contrast = sqrt(fmax(0, sum2 / n -
		    q->brightness * q->brightness));
	}
	if (w > 2 && h > 2) {
		q->sharpness = variance(lsum, lsum2, ln);
		/* A diagonal step is longer: its variance is halved, which
		 * makes a sharp photo measure alike every way. */
		lo = hi = -1;
		for (k = 0; k < 4; k++) {
			dv[k] = variance(dsum[k], dsum2[k], ln) /
			    (k < 2 ? 1.0 : 2.0);
			if (lo < 0 || dv[k] < lo)
				lo = dv[k];
			if (dv[k] > hi)
				hi = dv[k];
		}
		q->weakest = lo;
		q->steadiness = hi > 0 ? lo / hi : 1;
	}
	q->measured = 1;
out:
	pixDestroy(&s);
	pixDestroy(&g);
}
