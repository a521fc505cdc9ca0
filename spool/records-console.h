/*
 * records-console.h — the staff console's reads of the records (intake
 * web's pages): one page of the queue in the report's order with filters
 * and one search box, one submission in full, who opened a submission
 * lately, and the audit rows (a file by its id: records-web.h).  Every
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

struct console_file {
	long long	 id;
	char		*name;		/* as the sender named it */
	char		*type;		/* by content */
	char		*item;		/* material key, NULL unclassified */
	char		*path;		/* in the spool, NULL not kept */
	long long	 bytes;
};

struct console_person {
	char		*name;		/* "" for a unit-level business */
	char		*business;
	char		*id_number;	/* in full: mask it for role view */
	char		*archive;
	char		*missing;	/* JSON array of material keys */
	struct console_file *files;
	size_t		 n_files;
};

struct console_problem {
	char	*code, *person, *file, *item, *detail;
};

struct console_reply {
	long long	 id;
	char		*kind, *state, *rcpt, *subject, *error;
	char		*message;	/* the RFC 5322 reply as sent */
	size_t		 len;
	time_t		 created, sent;	/* sent 0: not (yet) */
	int		 attempts;
};

struct console_event {
	time_t	 at;
	char	*actor, *event, *detail;
};

struct console_submission {
	long long	 id;
	char		*receipt;	/* NULL until accepted */
	char		*status, *center, *business, *company, *sender;
	char		*subject, *message_id;
	char		*spool_path;	/* the raw mail, in the spool */
	int		 declared_count;	/* -1: not declared */
	time_t		 received, updated;
	int		 purged;
	struct console_person *persons;
	size_t		 n_persons;
	struct console_problem *problems;
	size_t		 n_problems;
	struct console_reply *replies;
	size_t		 n_replies;
	struct console_event *history;
	size_t		 n_history;
};

/* Submission id in full: 0 and *out, 1 when there is no such submission,
 * -1 on a database error. */
int	console_submission(struct records *, long long id,
	    struct console_submission **out, char **err);
void	console_submission_free(struct console_submission *);

/* Frees a file's strings (console_submission_free does it for its own). */
void	console_file_free(struct console_file *);

/* The staff names (by_name) of audit rows of `command` on submission id
 * at or after since, other than `except`, each once, most recent first;
 * *names malloc'd, each name too. */
int	console_recent_viewers(struct records *, const char *command,
	    long long id, time_t since, const char *except, char ***names,
	    size_t *n, char **err);

struct console_audit_row {
	long long	 id;
	time_t		 at;
	char		*unix_user, *by_name, *command, *target, *detail;
};

/* Audit rows, newest first, page by offset and limit (0: 100); *total all
 * of them. */
int	console_audit(struct records *, size_t offset, size_t limit,
	    struct console_audit_row **rows, size_t *n, size_t *total,
	    char **err);
void	console_audit_free(struct console_audit_row *, size_t n);

#endif
