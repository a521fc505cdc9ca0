/*
 * records.h — the submissions database (SQLite, WAL, synchronous=FULL):
 * every message that arrived, what was decided, every reply and every
 * state change.  The schema is schemas/NNN-*.sql, applied in order while
 * PRAGMA user_version < NNN (migrations), each file in one transaction.
 *
 * Exactly-once bookkeeping for the daemon:
 *   arrival (spooled)  → judged (submission, reply due)  → done
 * A message key is recorded once; a later message with the same SHA-256
 * or Message-ID is a duplicate of the first (dup_of).
 *
 * This header is the daemon's path; the staff commands' and the web
 * console's calls are in records-staff.h (show, decide, purge, audit,
 * backup) and records-report.h (queue, stats).  All the SQL of intake is
 * in spool/records*.c.
 *
 * Every function returning int gives 0, or -1 with *err malloc'd.
 * Strings passed in are copied; strings handed out are malloc'd and the
 * caller's.
 */
#ifndef INTAKE_RECORDS_H
#define INTAKE_RECORDS_H

#include <stddef.h>
#include <time.h>

#include "verdict.h"

struct records;

enum records_state {
	RECORDS_UNKNOWN = 0,
	RECORDS_SPOOLED,	/* raw mail safe, not yet judged */
	RECORDS_JUDGED,		/* submission stored, reply may be due */
	RECORDS_DONE,		/* nothing left to do */
};

/* Opens (creating) the database and applies the migrations in sql_dir. */
struct records *records_open(const char *path, const char *sql_dir,
	    char **err);
/* Opens an existing database read-only: no migrations, never created
 * (*err "database PATH: why" when missing); waits for a writer.  Only
 * the reading calls (records-staff.h, records-report.h) work on it. */
struct records *records_open_readonly(const char *path, char **err);
void	records_close(struct records *);		/* NULL is fine */
/* SQLite's message for the last failed call (owned by the handle), for
 * the calls that return -1 without *err. */
const char *records_errmsg(struct records *);

/* One process per database: an exclusive flock on PATH.lock, held until
 * the returned descriptor is closed; -1 and *err ("another intake (pid N)
 * is using PATH") when taken. */
int	records_lock(const char *db_path, char **err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK around several calls below. */
int	records_begin(struct records *, char **err);
int	records_commit(struct records *, char **err);
void	records_rollback(struct records *);

struct records_arrival {
	const char	*key;		/* the source's message key */
	const char	*mailbox;	/* the mailbox URL (no password) */
	const char	*sha256;
	const char	*message_id;	/* NULL when the mail has none */
	const char	*sender;	/* From address, may be NULL */
	const char	*spool_path;	/* relative to the spool */
};

/* The record of a message key: its id (0 when unknown) and state. */
long long records_lookup_key(struct records *, const char *key,
	    enum records_state *state);
/* Records an arrival as SPOOLED (its own transaction unless one is open)
 * and returns its id; the same key again returns the existing id.
 * *dup_of gets the id of an earlier message with the same SHA-256 or
 * Message-ID (else 0).  -1 with *err on failure. */
long long records_add_arrival(struct records *,
	    const struct records_arrival *, long long *dup_of, char **err);
/* Ids and spool paths of SPOOLED messages, oldest first (crash recovery). */
int	records_pending(struct records *, long long **ids, char ***paths,
	    size_t *n, char **err);
int	records_set_state(struct records *, long long msg,
	    enum records_state, char **err);

/* The next receipt number "PREFIX-YEAR-NNNNNN" for a center and year, per
 * center and year without gaps: call inside a transaction that also
 * stores the submission, so a rollback gives the number back. */
char	*records_next_receipt(struct records *, const char *prefix,
	    int year, char **err);

/* Stores the verdict of message msg: the submission (status, center,
 * business, company, sender, subject, receipt, the verdict's JSON) with
 * every person, file (file_paths[i]: spool path of the i-th file counting
 * through persons in order, NULL entries allowed; file_paths may be NULL)
 * and problem, and a history entry "received".  Returns the submission
 * id, -1 on failure. */
long long records_add_submission(struct records *, long long msg,
	    const struct verdict *, const char *verdict_json,
	    const char *const *file_paths, char **err);
/* A resubmission: replaces what was judged about submission sub
 * (persons, files, problems, status, verdict) with v, judged over the old
 * and the new files; msg is the new mail, named in the history entry
 * "resubmitted".  File paths as above; a file without one keeps
 * verdict_file.path.  Returns sub, -1 on failure. */
long long records_update_submission(struct records *, long long sub,
	    long long msg, const struct verdict *, const char *verdict_json,
	    const char *const *file_paths, char **err);
/* The submission one of our replies (by its Message-ID) belongs to; 0
 * when none, -1 on error. */
long long records_submission_by_reply(struct records *, const char *msgid);
/* The stored verdict JSON and status of a submission (both malloc'd);
 * NULL when there is none. */
char	*records_submission_json(struct records *, long long sub,
	    char **status);
int	records_add_history(struct records *, long long submission,
	    const char *actor, const char *event, const char *detail,
	    char **err);

/* Reply states: "due" (to send), "sending" (a send began: after a crash
 * the channel may already have it), "sent", "failed" (permanent),
 * "suppressed" (rate limit: staff see it, nothing is sent). */
long long records_add_reply(struct records *, long long submission,
	    const char *kind, const char *rcpt, const char *subject,
	    const char *msgid, const char *msg, size_t len, const char *state,
	    char **err);

struct records_due {
	long long	 id;
	long long	 submission;
	long long	 msg;		/* the message record */
	char		*rcpt;
	char		*msgid;
	char		*state;		/* "due" or "sending" */
	char		*msg_text;	/* the RFC 5322 reply */
	size_t		 len;
	int		 attempts;
};
/* Replies due or sending whose next attempt time is <= now, oldest
 * first. */
int	records_due_replies(struct records *, time_t now,
	    struct records_due **out, size_t *n, char **err);
void	records_due_free(struct records_due *, size_t n);
int	records_reply_sending(struct records *, long long reply, char **err);
int	records_reply_sent(struct records *, long long reply, time_t when,
	    char **err);
/* A failed attempt: permanent → "failed"; else stays "due" with attempts
 * + 1 and the next attempt at next_attempt. */
int	records_reply_failed(struct records *, long long reply,
	    const char *error, int permanent, time_t next_attempt, char **err);
/* Replies to rcpt (case-insensitive) in state sending/sent since `since`:
 * for the per-sender rate limit.  -1 on error. */
int	records_replies_since(struct records *, const char *rcpt,
	    time_t since);

/* The submissions ref may name: a receipt number (ASCII: the caller
 * normalises what people type), "#ID" (an internal id), or bare digits
 * (an internal id, or a receipt's serial number written in full:
 * "000012" may be #12 and 闵行-2026-000012; "12" is #12 only).  Fills ids[] with the first two, returns how
 * many (0, 1, 2 meaning two or more), -1 on a database error. */
int	records_find_submissions(struct records *, const char *ref,
	    long long ids[2]);
/* The one submission ref names: its id; 0 when none or ambiguous, -1 on
 * a database error. */
long long records_find_submission(struct records *, const char *ref);

#endif
