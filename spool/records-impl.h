/*
 * records-impl.h — the private inside of the records module (records.c
 * and every spool/records-*.c): the connection and the statement
 * helpers.  Included by spool/records-*.c only: nothing
 * else sees SQLite.
 */
#ifndef INTAKE_RECORDS_IMPL_H
#define INTAKE_RECORDS_IMPL_H

#include <sqlite3.h>

#include "records.h"

struct records {
	sqlite3	*db;
	char	*path;
	int	 in_tx;		/* records_begin() without commit/rollback */
	int	 readonly;	/* records_open_readonly(): no migrations */
};

/* *err = "PATH: SQLite's message"; returns -1. */
int	rec_fail(struct records *, char **err);
/*
 * Parameters 1, 2 ... bound from fmt:
 *   t  const char * (NULL binds NULL)
 *   i  long long
 *   I  long long, NULL when <= 0 (a row id that may be absent)
 *   N  long long, NULL when < 0 (a count that may be absent)
 *   b  const void *, size_t (a blob; never NULL)
 * Strings and blobs are not copied: they must outlive the step.
 */
int	rec_bind(struct records *, sqlite3_stmt *, char **err,
	    const char *fmt, ...);
/* A statement prepared and bound, ready to step (the caller finalizes
 * it); NULL and *err. */
sqlite3_stmt *rec_stmt(struct records *, char **err, const char *sql,
	    const char *fmt, ...);
/* The first column of the first row as an id: 0 when there is no row,
 * -1 on a database error. */
long long rec_id(struct records *, const char *sql, const char *fmt, ...);
/* Steps a statement that returns no row: 0 or -1 and *err. */
int	rec_step_done(struct records *, sqlite3_stmt *, char **err);
/* Prepares, binds, runs and finalizes a statement that returns no row:
 * the number of rows changed, or -1 and *err. */
int	rec_run(struct records *, char **err, const char *sql,
	    const char *fmt, ...);
/* Constant SQL without parameters or rows (transactions, pragmas). */
int	rec_exec(struct records *, const char *sql, char **err);
/* Column col as a malloc'd string, NULL for SQL NULL. */
char	*rec_col_dup(sqlite3_stmt *, int col);
/* Every row of st, then finalized: each a new element of size sz at the
 * end of the array *arr of *n (grown, zeroed), filled by fill(st, elem).
 * 0, or -1 with *err when a step fails (what was read stays, for the
 * caller's free). */
int	rec_rows(struct records *, sqlite3_stmt *st, void *arr, size_t *n,
	    size_t sz, void (*fill)(sqlite3_stmt *st, void *elem), char **err);
/* One integer from a statement without parameters returning one row. */
int	rec_int_query(struct records *, const char *sql, long long *out,
	    char **err);
/* A transaction of our own unless the caller has one open (own is set);
 * rec_own_end commits it when ok, else rolls back. */
int	rec_own_begin(struct records *, int *own, char **err);
int	rec_own_end(struct records *, int own, int ok, char **err);
/* A read transaction, so that what one call reads agrees with itself,
 * unless the caller already holds one: 1 when begun here (then
 * rec_read_end commits it), 0 when not. */
int	rec_read_begin(struct records *);
/* A queue item (records-report.h) from a row of the report summary's
 * columns, in the order SELECT submission, receipt, status, business,
 * company, sender, subject, received, resent, grp, persons, problems:
 * its persons and problems unpacked into pool, its short strings copied
 * there too when copy, else the statement's own (valid until the next
 * step).  0, or -1 with *err when the packed cells are malformed. */
struct queue_item;
struct pool;
/* An audit row (records-staff.h's struct records_audit) from the columns
 * REC_AUDIT_COLUMNS; for rec_rows. */
#define REC_AUDIT_COLUMNS "id, at, unix_user, by_name, command, target, detail"
void	rec_audit_row(sqlite3_stmt *, void *elem);
int	rec_queue_item(struct records *, sqlite3_stmt *, struct queue_item *,
	    struct pool *, int copy, char **err);
void	rec_read_end(struct records *, int begun);

#endif
