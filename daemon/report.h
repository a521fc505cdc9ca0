/*
 * report.h — the staff report (`intake report`, cmd_report.c), for the
 * report files only: report-rows.c turns the queue (records-report.h) into rows of
 * cells; one renderer a format (report-text.c, report-csv.c,
 * report-html.c, report-json.c) turns rows into a malloc'd string the
 * caller frees; report-mail.c sends the HTML page.  A struct report
 * borrows env; its rows and their cells are its own (report_free_rows),
 * the cells in one pool (lib/util.h).  A row keeps nothing of its queue
 * item, so the items can be streamed (records_queue_each): JSON, which
 * shows every field of an item, is rendered a row at a time as the items
 * pass (report_json_row).
 */
#ifndef INTAKE_REPORT_H
#define INTAKE_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "util.h"

struct env;
struct queue_item;
struct workdays;


/* The columns, in order, for text, csv and html. */
enum {
	C_REF, C_RECEIVED, C_DAYS, C_OVERDUE, C_SENDER, C_COMPANY,
	C_BUSINESS, C_PERSONS, C_STATUS, C_PROBLEMS, NCOLS
};
extern const char *const report_col_title[NCOLS];

struct row {
	long long id;			/* the submission */
	int	 group;			/* records-report.h's 0, 1, 2 */
	const char *cell[NCOLS];	/* sanitized, never NULL; in cells
					   or static */
	uint32_t width[NCOLS];		/* each cell's, in terminal columns */
	uint32_t len[NCOLS];		/* and in bytes */
	int	 days;
	int	 overdue;
	char	 iso[32];		/* received, ISO 8601 with offset */
};

struct report {
	const struct env *env;
	struct row	*rows;
	size_t		 n;
	time_t		 now;
	int		 full_ids;
	int		 n_review, n_overdue;
	char		 today[16];
	struct pool	 cells;		/* every row's cells */
	struct buf	 tmp;		/* a cell being made */
	long		 today_day;	/* now's, workdays_day() */
	/* names looked up (report-rows.c): a center has a handful of
	 * businesses, materials and problem codes, and each lookup walks
	 * a list */
	struct report_memo {
		struct {
			char	 key[48];
			const char *val;	/* static or the rules' */
			int	 set;
		} e[8];
		unsigned next;
	} businesses, items, labels;
	struct {			/* one day's local time, for speed */
		time_t	 start, end;	/* [midnight, next) when valid */
		struct tm tm;		/* at start */
	} day;
};


/* Before the first row: what every row needs of r->now. */
void	report_begin(struct report *r);
/* *row made from it (borrowed for the call) when it is in business (a
 * key or name; NULL: all), with working days counted in w: 1, its cells
 * in r->cells, r's counts of review and overdue rows updated (not r->n:
 * the caller keeps the row or not); 0 when it is not in business. */
int	report_row_make(struct report *r, const struct queue_item *it,
	    const char *business, const struct workdays *w, struct row *row);
/* The rows of items (borrowed) in business, into r->rows. */
void	report_build_rows(struct report *r, struct queue_item *items,
	    size_t n, const char *business, const struct workdays *w);
void	report_free_rows(struct report *r);
/* The title and the closing summary line; malloc'd. */
char	*report_title_line(const struct report *r);
char	*report_summary_line(const struct report *r);

/* Where a renderer writes: into b, passed on to fp (when not NULL) a
 * quarter of a megabyte at a time, so a report of 100,000 rows is never
 * held whole; failed once a write to fp failed (errno kept in err). */
struct report_out {
	struct buf	 b;
	FILE		*fp;
	int		 failed, err;
};
/* b's bytes to fp when they are many (all of them when force). */
void	report_out_flush(struct report_out *o, int force);

/* The renderers: the whole report in one format, to o. */
void	report_text(const struct report *r, struct report_out *o);
void	report_csv(const struct report *r, struct report_out *o);
void	report_html(const struct report *r, struct report_out *o);
void	report_json(const struct report *r, struct report_out *o);
/* CSV a row at a time, as the items pass (before r->n counts it);
 * report_csv() then writes the heading if no row came. */
void	report_csv_row(struct report *r, const struct row *row,
	    const struct queue_item *it, struct report_out *o);
/* JSON a row at a time, as the items pass (before r->n counts it):
 * row made from it; report_json() then closes the array. */
void	report_json_row(struct report *r, const struct row *row,
	    const struct queue_item *it, struct report_out *o);

/* Sends the HTML page with a text alternative to `to` through the reply
 * channel.  0, or EXIT_RUNTIME after printing why. */
int	report_mail(const struct report *r, const char *to);

/* Shared by rows and json: a status's Chinese name, a business's name
 * (the key when unknown; both static or the rules'), an ID number masked
 * unless full (malloc'd), t formatted in local time into out. */
const char *report_status_name(const char *s);
const char *report_business_name(const struct env *e, const char *key);
char	*report_id_shown(const char *id, int full);
void	report_fmt_time(time_t t, const char *fmt, char *out, size_t n);

#endif
