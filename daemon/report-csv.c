/*
 * report-csv.c — the report as CSV for Excel and WPS (UTF-8 with BOM,
 * RFC 4180).
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

/* The BOM (Excel reads UTF-8 then) and the heading line. */
static void
csv_head(struct buf *b)
{
	size_t c;

	buf_adds(b, "\xef\xbb\xbf");
	for (c = 0; c < NCOLS; c++) {
		if (c)
			buf_adds(b, ",");
		buf_add_csv_field(b, report_col_title[c]);
	}
	buf_adds(b, "\r\n");
}

/* CSV has nothing above the rows that needs them all: each is written
 * as the items pass (before r->n counts it). */
void
report_csv_row(struct report *r, const struct row *row,
    const struct queue_item *it, struct report_out *o)
{
	size_t c;

	(void)it;
	if (r->n == 0)
		csv_head(&o->b);
	for (c = 0; c < NCOLS; c++) {
		if (c)
			buf_adds(&o->b, ",");
		buf_add_csv_field(&o->b, row->cell[c]);
	}
	buf_adds(&o->b, "\r\n");
	report_out_flush(o, 0);
}

/* The rows kept (the mail's attachment) or, streamed, the heading alone
 * when there was no row. */
void
report_csv(const struct report *r, struct report_out *o)
{
	size_t i, c;

	if (r->rows == NULL) {
		if (r->n == 0)
			csv_head(&o->b);
		return;
	}
	csv_head(&o->b);
	for (i = 0; i < r->n; i++) {
		for (c = 0; c < NCOLS; c++) {
			if (c)
				buf_adds(&o->b, ",");
			buf_add_csv_field(&o->b, r->rows[i].cell[c]);
		}
		buf_adds(&o->b, "\r\n");
		report_out_flush(o, 0);
	}
}
