/*
 * records-staff.h — the records as staff see and change them, for the
 * commands (show, decide, purge, audit, backup) and the staff console:
 * one submission in full, a decision's state and new status, the audit
 * table, the retention purge and a consistent copy.  The handle comes
 * from records_open (read-write) or records_open_readonly (the calls
 * that only read).
 *
 * Every function returning int gives 0, or -1 with *err malloc'd.
 * Strings passed in are copied.  Structures handed out are malloc'd with
 * every string in them, and the caller frees them with the matching
 * *_free (NULL is fine).  Times are Unix seconds, 0 when there is none.
 */
#ifndef INTAKE_RECORDS_STAFF_H
#define INTAKE_RECORDS_STAFF_H

#include <stddef.h>
#include <time.h>

#include "records.h"

/* ---- one submission in full (show, the console's page) ---- */

struct records_file {
	long long	 id;
	long long	 submission;
	char		*name;
	char		*type;
	long long	 bytes;
	char		*item;		/* the material key; NULL: unrecognised */
	char		*path;		/* relative to the spool; NULL: none */
	char		*item_by;	/* "name", "content" or NULL */
	char		*read_name;	/* read on the document; NULL */
	char		*read_id_number; /* read, check digit right; NULL */
};

struct records_person {
	long long	 id;
	char		*name;		/* "" or NULL: the unit itself */
	char		*business;
	char		*id_number;	/* in full: mask it where it shows */
	char		*archive;
	char		*missing;	/* a JSON array of material keys */
	struct records_file *files;
	size_t		 n_files;
};

struct records_problem {
	char	*code;
	char	*person;		/* NULL when none, likewise below */
	char	*file;
	char	*item;
	char	*detail;
};

struct records_reply {
	long long	 id;
	char		*kind;
	char		*state;		/* due sending sent failed suppressed */
	char		*rcpt;
	char		*subject;
	time_t		 created;
	time_t		 sent;
	int		 attempts;
	char		*error;		/* the last error, NULL when none */
	char		*message;	/* the RFC 5322 reply as stored, */
	size_t		 len;		/* NUL-terminated after len bytes */
};

struct records_event {
	time_t	 at;
	char	*actor;
	char	*event;
	char	*detail;
};

struct records_submission {
	long long	 id;
	char		*receipt;	/* NULL until accepted */
	char		*status;
	char		*center;
	char		*business;
	char		*company;
	char		*sender;
	char		*subject;
	int		 declared_count;	/* 共N人; -1 when not said */
	time_t		 updated;
	int		 purged;	/* personal fields blanked (purge) */
	/* the first message; without one (msg 0), received is the
	 * submission's creation */
	long long	 msg;
	time_t		 received;
	char		*key;
	char		*mailbox;
	char		*message_id;
	char		*spool_path;	/* relative to the spool */
	struct records_person	*persons;
	size_t			 n_persons;
	struct records_problem	*problems;
	size_t			 n_problems;
	struct records_reply	*replies;
	size_t			 n_replies;
	struct records_event	*history;	/* oldest first */
	size_t			 n_history;
};

/* Submission id with its persons (each with files), problems, replies
 * (each with its message) and history, in the order they were stored:
 * what `intake show` prints and the console's page shows.  1 and *err
 * when there is no such submission. */
int	records_submission_get(struct records *, long long id,
	    struct records_submission **out, char **err);
void	records_submission_free(struct records_submission *);
/* One file by its id (the console's /file/ID): -1 and *err also when
 * there is none.  Free with records_file_free. */
int	records_file_get(struct records *, long long id,
	    struct records_file **out, char **err);
void	records_file_free(struct records_file *);
/* The receipt number of a submission, NULL when none (or no such). */
char	*records_receipt(struct records *, long long id);

/* ---- decisions ---- */

/* What a decision starts from: the status, the verdict JSON (NULL when
 * purged) and whether staff decided before (a "decided" history entry). */
int	records_decision_state(struct records *, long long id,
	    char **status, char **verdict_json, int *decided, char **err);
/* A staff decision's new status; receipt and verdict_json replace the
 * stored ones when not NULL. */
int	records_set_status(struct records *, long long submission,
	    const char *status, const char *receipt, const char *verdict_json,
	    char **err);

/* ---- the audit table (schemas/002-audit-retention.sql) ---- */

/* One row, now: the Unix user, the --by name (or the console's staff
 * name), the command, and what on.  by, target and detail may be NULL. */
int	records_audit_add(struct records *, const char *unix_user,
	    const char *command, const char *by, const char *target,
	    const char *detail, char **err);

struct records_audit {
	long long id;
	time_t	 at;
	char	*unix_user;
	char	*by;		/* NULL when none, likewise below */
	char	*command;
	char	*target;
	char	*detail;
};
/* The rows at or after since, oldest first. */
int	records_audit_list(struct records *, time_t since,
	    struct records_audit **out, size_t *n, char **err);
void	records_audit_free(struct records_audit *, size_t n);

/* ---- retention (intake purge) ---- */

struct records_purge_candidate {
	long long	 id;
	char		*receipt;	/* NULL when none */
	char		*status;
	time_t		 closed;	/* the last decision */
};
/* Unfinished purges, and closed submissions (not in review, no reply
 * still to send) whose last decision is at or before cutoff; by id.
 * Works read-only, also on a database from before migration 002. */
int	records_purge_candidates(struct records *, time_t cutoff,
	    struct records_purge_candidate **out, size_t *n, char **err);
void	records_purge_candidates_free(struct records_purge_candidate *,
	    size_t n);
/* Step 1: the submission is taken (purging_at, committed). */
int	records_purge_take(struct records *, long long submission,
	    char **err);

struct records_purge_msg {
	long long	 id;
	char		*spool_path;	/* NULL: none, or shared and kept */
};
/* The messages of a submission: the first, every resubmission named in
 * the history, every message whose files/N/ holds one of its files.  A
 * raw mail shared with another submission's message is left to that
 * one's purge (spool_path NULL). */
int	records_purge_messages(struct records *, long long submission,
	    struct records_purge_msg **out, size_t *n, char **err);
void	records_purge_messages_free(struct records_purge_msg *, size_t n);
/* Step 3, once the files are gone: one transaction blanks every
 * personal field of the submission and of its messages m, sets
 * purged_at and adds the history entry "purged" by actor. */
int	records_purge_blank(struct records *, long long submission,
	    const struct records_purge_msg *m, size_t n, const char *actor,
	    char **err);

/* ---- backup ---- */

/* A consistent copy of the database into dst (replaced): SQLite's online
 * backup in one read transaction, switched to one file (journal mode
 * DELETE) and checked (integrity_check).  dst is not fsync'd: the caller
 * makes it durable and gives it its final name. */
int	records_backup(struct records *, const char *dst, char **err);

#endif
