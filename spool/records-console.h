/*
 * records-console.h — the staff console's reads of the records (intake
 * web's pages): one page of the queue in the report's order with filters
 * and one search box, who opened a submission lately, and the audit rows
 * (one submission in full is records_submission_get, records-staff.h,
 * the same as `intake show`'s; a file by its id: records-web.h).  Every
 * statement is here (SQL lives in spool/); the pages only lay out what
 * these return.
 *
 * Every function returning int gives 0, or -1 with *err malloc'd.
 * Strings handed out are malloc'd and owned by the structure they are in;
 * each structure has its _free.
 */
#ifndef INTAKE_RECORDS_CONSOLE_H
#define INTAKE_RECORDS_CONSOLE_H

#include <stddef.h>
#include <time.h>

struct records;
struct queue_item;

/* What the queue page asks; NULL / 0 for "any". */
struct console_query {
	const char	*status;	/* accepted rejected review ignored */
	const char	*business;	/* a business key */
	time_t		 from;		/* received at or after */
	time_t		 until;		/* received before */
	/* One search box: a receipt number (normalised by the caller:
	 * ASCII dashes and digits), "#ID", a company, a sender, a person's
	 * name (any part of each), or the last four characters of an ID
	 * number.  Matched as typed, case ignored for ASCII. */
	const char	*search;
	size_t		 offset;
	size_t		 limit;		/* 0: 50 */
};

/* One page of the queue, in the report's order (queue.h: review first,
 * then rejected not sent again, then the rest, oldest first), as queue
 * items with their persons and problems (free with queue_free), and how
 * many submissions match in all. */
int	console_queue(struct records *, const struct console_query *,
	    struct queue_item **items, size_t *n, size_t *total, char **err);

/* The arrival times of every submission in review, for the count of
 * those waiting and overdue on every page; *times malloc'd. */
int	console_review_times(struct records *, time_t **times, size_t *n,
	    char **err);

/* The staff names (by_name) of audit rows of `command` on submission id
 * at or after since, other than `except`, each once, most recent first;
 * *names malloc'd, each name too. */
int	console_recent_viewers(struct records *, const char *command,
	    long long id, time_t since, const char *except, char ***names,
	    size_t *n, char **err);

/* Audit rows (records-staff.h's, freed with records_audit_free), newest
 * first, page by offset and limit (0: 100); *total all of them. */
struct records_audit;
int	console_audit(struct records *, size_t offset, size_t limit,
	    struct records_audit **rows, size_t *n, size_t *total,
	    char **err);

#endif
