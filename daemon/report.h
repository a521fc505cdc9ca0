/*
 * report.h — the staff report (`intake report`, cmd_report.c), for the
 * report files only: report-rows.c turns the queue (records-report.h) into rows of
 * cells; one renderer a format (report-text.c, report-csv.c,
 * report-html.c, report-json.c) turns rows into a malloc'd string the
 * caller frees; report-mail.c sends the HTML page.  A struct report
 * borrows env and the queue items; its rows and their cells are its own
 * (report_free_rows), the cells in one pool (lib/util.h).
 */
#ifndef INTAKE_REPORT_H
#define INTAKE_REPORT_H

#include <stddef.h>
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
	const struct queue_item *it;
	char	*cell[NCOLS];		/* sanitized, never NULL; in cells */
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
};


/* The rows of items (borrowed) in business (a key or name; NULL: all),
 * with working days counted in w, into r->rows. */
void	report_build_rows(struct report *r, struct queue_item *items,
	    size_t n, const char *business, const struct workdays *w);
void	report_free_rows(struct report *r);
/* The title and the closing summary line; malloc'd. */
char	*report_title_line(const struct report *r);
char	*report_summary_line(const struct report *r);

/* The renderers: the whole report in one format; malloc'd. */
char	*report_text(const struct report *r);
char	*report_csv(const struct report *r);
char	*report_html(const struct report *r);
char	*report_json(const struct report *r);

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
