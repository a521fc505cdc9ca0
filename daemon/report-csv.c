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

void
report_csv(const struct report *r, struct report_out *o)
{
	struct buf *b = &o->b;
	size_t i, c;

	buf_adds(b, "\xef\xbb\xbf");
	for (c = 0; c < NCOLS; c++) {
		if (c)
			buf_adds(b, ",");
		buf_add_csv_field(b, report_col_title[c]);
	}
	buf_adds(b, "\r\n");
	for (i = 0; i < r->n; i++) {
		for (c = 0; c < NCOLS; c++) {
			if (c)
				buf_adds(b, ",");
			buf_add_csv_field(b, r->rows[i].cell[c]);
		}
		buf_adds(b, "\r\n");
		report_out_flush(o, 0);
	}
}

