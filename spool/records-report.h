/*
 * records-report.h — the records read for the staff report and the
 * statistics (intake report, intake stats, the console's queue).  Every
 * call only reads: a handle from records_open_readonly will do.
 *
 * The staff queue: the submissions in the records
 * in the order a person works through them:
 *   0  review                          (only a person can decide)
 *   1  rejected, not sent again        (the sender may need a call)
 *   2  the rest: rejected and sent again, accepted, ignored, any other
 * oldest first within each group (then by id).
 *
 * "Sent again": a later submission that is not ignored, from the same
 * sender address (case-insensitive), naming the same company or at least
 * one of the same persons.  Approximate by design: staff see it marked.
 *
 * records_queue_each() hands the items to a function one at a time (the
 * report streams them); records_queue_load() hands out an array the
 * caller frees with records_queue_free(); every string in it is owned by
 * the array (for speed, in one pool the first item holds, lib/util.h).
 * (The types keep the queue_ prefix the report renderers know.)
 */
#ifndef INTAKE_RECORDS_REPORT_H
#define INTAKE_RECORDS_REPORT_H

#include <stddef.h>
#include <time.h>

#include "records.h"

struct queue_person {
	char	*name;		/* "" for a unit-level business */
	char	*business;	/* NULL when none */
	char	*id_number;	/* as recorded, NULL when none: mask it */
};

struct queue_problem {
	char	*code;
	char	*person;	/* NULL when none, likewise below */
	char	*file;
	char	*item;
	char	*detail;	/* the long Chinese text of the reply */
};

struct queue_item {
	long long	 id;
	char		*receipt;	/* NULL until accepted */
	char		*status;	/* accepted rejected review ignored */
	char		*business;	/* NULL when none */
	char		*company;
	char		*sender;
	char		*subject;
	time_t		 received;	/* the message's arrival */
	int		 group;		/* 0, 1, 2 as above */
	int		 resent;	/* rejected and sent again since */
	struct queue_person *persons;
	size_t		 n_persons;
	struct queue_problem *problems;
	size_t		 n_problems;
	/* an array of items (records_queue_load, the console's pages):
	 * the first item holds the pool every item's strings and arrays
	 * are in */
	struct pool	*pool;
};

/* Filters; NULL / 0 for none.  status: one status or a comma-separated
 * list. */
struct queue_filter {
	const char	*status;
	time_t		 since;		/* received at or after */
};

/* Calls fn(arg, item) for each item in the queue's order, one at a time:
 * the item and everything it points to belong to the call, valid only
 * until fn returns.  Its persons' and problems' strings are copies fn
 * may change in place (to mask ID numbers); the item's own (receipt,
 * status, business, company, sender, subject) are SQLite's: never
 * write them.  A non-zero return of fn stops the scan and is returned.
 * 0, or -1 with *err (malloc'd): the database is unreadable, or from
 * before the report summary (migration 005). */
int	records_queue_each(struct records *, const struct queue_filter *,
	    int (*fn)(void *arg, struct queue_item *item), void *arg,
	    char **err);
/* The oldest arrival among the items records_queue_each gives (or older:
 * the status filter is not applied); *oldest 0 when there is none.  0,
 * or -1 with *err. */
int	records_queue_oldest(struct records *, const struct queue_filter *,
	    time_t *oldest, char **err);
/* The same items kept, in one array; 0, or -1 with *err. */
int	records_queue_load(struct records *, const struct queue_filter *,
	    struct queue_item **items, size_t *n, char **err);
void	records_queue_free(struct queue_item *, size_t n);

/* ---- statistics ---- */

/* One submission as the statistics count it. */
struct records_stats_row {
	long long	 id;
	char		*status;
	char		*business;	/* NULL when none */
	time_t		 received;	/* its message's arrival */
	time_t		 decided;	/* the first staff decision, else its
					   own when judged final; 0: none */
	char		**codes;	/* its problem codes, distinct, sorted */
	size_t		 n_codes;
};
/* The submissions received in [since, until), by arrival. */
int	records_stats_rows(struct records *, time_t since, time_t until,
	    struct records_stats_row **out, size_t *n, char **err);
void	records_stats_rows_free(struct records_stats_row *, size_t n);
/* The oldest arrival; *oldest 0 when there is none. */
int	records_oldest_arrival(struct records *, time_t *oldest, char **err);

#endif
