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
		for (c = 0; c < NCOLS; c++) {
			const char *cell = r->rows[i].cell[c];
			size_t w;

			if (c + 1 == NCOLS) {
				buf_adds(b, cell);
				break;
			}
			/* numbers right-aligned */
			w = r->rows[i].width[c];
			if (c == C_DAYS) {
				if (w < width[c])
					blanks(b, width[c] - w);
				buf_adds(b, cell);
			} else if (*cell)
				pad(b, cell, w, width[c]);
			else
				pad(b, "-", 1, width[c]);
			buf_adds(b, "  ");
		}
		/* no trailing blanks when the last cells are empty */
		while (b->len && b->data[b->len - 1] == ' ')
			b->data[--b->len] = '\0';
		buf_adds(b, "\n");
		report_out_flush(o, 0);
	}
}

