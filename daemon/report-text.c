/*
 * report-text.c — the report as text, CJK width counted.
 * See report.h.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "channel.h"
#include "cmd.h"
#include "report.h"
#include "env.h"
#include "log.h"
#include "idnumber.h"
#include "records-report.h"
#include "reply.h"
#include "util.h"
#include "day.h"
#include "problem.h"
#include "utf8.h"
#include "workdays.h"

/* n blanks. */
static void
blanks(struct buf *b, size_t n)
{
	static const char sp[] = "                                "
	    "                                ";
	const size_t m = sizeof sp - 1;

	for (; n > m; n -= m)
		buf_add(b, sp, m);
	buf_add(b, sp, n);
}

/* s, whose width is w, padded to width. */
static void
pad(struct buf *b, const char *s, size_t w, size_t width)
{
	buf_adds(b, s);
	if (w < width)
		blanks(b, width - w);
}

void
report_text(const struct report *r, struct report_out *o)
{
	struct buf *b = &o->b;
	size_t width[NCOLS], i, c;
	char *s;

	/* each cell's width was counted as it was made (report-rows.c) */
	for (c = 0; c < NCOLS; c++)
		width[c] = utf8_width(report_col_title[c]);
	for (i = 0; i < r->n; i++)
		for (c = 0; c < NCOLS; c++)
			if (r->rows[i].width[c] > width[c])
				width[c] = r->rows[i].width[c];
	s = report_title_line(r);
	buf_addf(b, "%s\n", s);
	free(s);
	s = report_summary_line(r);
	buf_addf(b, "%s\n\n", s);
	free(s);
	for (c = 0; c < NCOLS; c++) {
		if (c + 1 < NCOLS) {
			pad(b, report_col_title[c],
			    utf8_width(report_col_title[c]), width[c]);
			buf_adds(b, "  ");
		} else
			buf_adds(b, report_col_title[c]);
	}
	buf_adds(b, "\n");
	for (c = 0; c < NCOLS; c++) {
		for (i = 0; i < width[c]; i++)
			buf_add(b, "-", 1);
		if (c + 1 < NCOLS)
			buf_adds(b, "  ");
	}
	buf_adds(b, "\n");
	for (i = 0; i < r->n; i++) {
		const struct row *row = &r->rows[i];
		size_t need = 1;
		char *at, *p;

		/* the row's bytes at most, then written in place: 100,000
		 * rows of ten cells, no call a piece */
		for (c = 0; c < NCOLS; c++)
			need += row->len[c] + 1 + width[c] + 2;
		at = p = buf_room(b, need);
		for (c = 0; c < NCOLS; c++) {
			const char *cell = row->cell[c];
			size_t w = row->width[c], l = row->len[c];

			if (*cell == '\0' && c + 1 < NCOLS) {
				cell = "-";
				w = l = 1;
			}
			/* numbers right-aligned */
			if (c == C_DAYS && w < width[c]) {
				memset(p, ' ', width[c] - w);
				p += width[c] - w;
				w = width[c];
			}
			memcpy(p, cell, l);
			p += l;
			if (c + 1 == NCOLS)
				break;
			if (w < width[c]) {
				memset(p, ' ', width[c] - w);
				p += width[c] - w;
			}
			*p++ = ' ';
			*p++ = ' ';
		}
		/* no trailing blanks when the last cells are empty */
		while (p > at && p[-1] == ' ')
			p--;
		*p++ = '\n';
		buf_grown(b, (size_t)(p - at));
		report_out_flush(o, 0);
	}
}

