/*
 * records-sql.c — the statement helpers every records-*.c file uses
 * (records-impl.h): prepare, bind from a format, step, report the error
 * once in *err.  Nothing outside spool/ sees a statement.
 */
#include "records-impl.h"
#include "util.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>

int
rec_fail(struct records *r, char **err)
{
	*err = xasprintf("%s: %s", r->path, sqlite3_errmsg(r->db));
	return -1;
}

/*
 * Binds parameters 1, 2 ... from fmt:
 *   t  const char * (NULL binds NULL)
 *   i  long long
 *   I  long long, NULL when <= 0 (a row id that may be absent)
 *   N  long long, NULL when < 0 (a count that may be absent)
 *   b  const void *, size_t (a blob; never NULL)
 * Strings and blobs are not copied: they must outlive the step.
 */
static int
rec_vbind(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	const char *s;
	const void *p;
	long long v;
	size_t n;
	int i, rc = SQLITE_OK;

	for (i = 0; fmt[i] != '\0' && rc == SQLITE_OK; i++) {
		switch (fmt[i]) {
		case 't':
			s = va_arg(ap, const char *);
			rc = s != NULL ?
			    sqlite3_bind_text(st, i + 1, s, -1, SQLITE_STATIC) :
			    sqlite3_bind_null(st, i + 1);
			break;
		case 'i':
		case 'I':
		case 'N':
			v = va_arg(ap, long long);
			if ((fmt[i] == 'I' && v <= 0) ||
			    (fmt[i] == 'N' && v < 0))
				rc = sqlite3_bind_null(st, i + 1);
			else
				rc = sqlite3_bind_int64(st, i + 1, v);
			break;
		case 'b':
			p = va_arg(ap, const void *);
			n = va_arg(ap, size_t);
			/* A NULL pointer would bind SQL NULL, not "". */
			rc = p != NULL && n > 0 ? sqlite3_bind_blob64(st, i + 1,
			    p, n, SQLITE_STATIC) :
			    sqlite3_bind_zeroblob(st, i + 1, 0);
			break;
		default:
			rc = SQLITE_MISUSE;
		}
	}
	return rc;
}

int
rec_bind(struct records *r, sqlite3_stmt *st, char **err, const char *fmt,
    ...)
{
	va_list ap;
	int rc;

	sqlite3_reset(st);
	va_start(ap, fmt);
	rc = rec_vbind(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK)
		return rec_fail(r, err);
	return 0;
}

static sqlite3_stmt *
rec_vstmt(struct records *r, char **err, const char *sql, const char *fmt,
    va_list ap)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK ||
	    rec_vbind(st, fmt, ap) != SQLITE_OK) {
		rec_fail(r, err);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* A statement prepared and bound, ready to step; NULL and *err. */
sqlite3_stmt *
rec_stmt(struct records *r, char **err, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	va_list ap;

	va_start(ap, fmt);
	st = rec_vstmt(r, err, sql, fmt, ap);
	va_end(ap);
	return st;
}

/* The first column of the first row as an id: 0 when there is no row,
 * -1 on a database error (not reported: the callers' callers only ask
 * "which one"). */
long long
rec_id(struct records *r, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st;
	char *err = NULL;
	long long id = 0;
	va_list ap;

	va_start(ap, fmt);
	st = rec_vstmt(r, &err, sql, fmt, ap);
	va_end(ap);
	if (st == NULL) {
		free(err);
		return -1;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* Steps a statement that returns no row: 0 or -1 and *err. */
int
rec_step_done(struct records *r, sqlite3_stmt *st, char **err)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return rec_fail(r, err);
	return 0;
}

/* Prepares, binds, runs and finalizes a statement that returns no row.
 * The number of rows changed, or -1 and *err. */
int
rec_run(struct records *r, char **err, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	int rc;

	if (sqlite3_prepare_v2(r->db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	va_start(ap, fmt);
	rc = rec_vbind(st, fmt, ap);
	va_end(ap);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	sqlite3_finalize(st);
	return sqlite3_changes(r->db);
fail:
	rec_fail(r, err);
	sqlite3_finalize(st);
	return -1;
}

/* Constant SQL without parameters or rows (transactions, pragmas). */
int
rec_exec(struct records *r, const char *sql, char **err)
{
	char *msg = NULL;

	if (sqlite3_exec(r->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		*err = xasprintf("%s: %s", r->path,
		    msg ? msg : sqlite3_errmsg(r->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

char *
rec_col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s != NULL ? xstrdup((const char *)s) : NULL;
}

int
rec_rows(struct records *r, sqlite3_stmt *st, void *arr, size_t *n,
    size_t sz, void (*fill)(sqlite3_stmt *, void *), char **err)
{
	void **a = arr;
	size_t cap = *n;
	int s, rc = 0;

	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow(a, &cap, *n, sz);
		fill(st, (char *)*a + (*n)++ * sz);
	}
	if (s != SQLITE_DONE)
		rc = rec_fail(r, err);
	sqlite3_finalize(st);
	return rc;
}

/* One integer from a statement returning one row. */
int
rec_int_query(struct records *r, const char *sql, long long *out,
    char **err)
{
	sqlite3_stmt *st;

	if ((st = rec_stmt(r, err, sql, "")) == NULL)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rec_fail(r, err);
		sqlite3_finalize(st);
		return -1;
	}
	*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* ---- transactions of our own ---- */

/* A transaction of our own unless the caller has one open. */
int
rec_own_begin(struct records *r, int *own, char **err)
{
	*own = !r->in_tx;
	return *own ? records_begin(r, err) : 0;
}

int
rec_own_end(struct records *r, int own, int ok, char **err)
{
	if (!own)
		return ok ? 0 : -1;
	if (!ok) {
		records_rollback(r);
		return -1;
	}
	return records_commit(r, err);
}

/* ---- read transactions ---- */

/* Deferred: a reader takes no write lock; nothing to do when the caller
 * (or a records_begin) already has a transaction open. */
int
rec_read_begin(struct records *r)
{
	return sqlite3_get_autocommit(r->db) &&
	    sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void
rec_read_end(struct records *r, int begun)
{
	/* Only read: a failed COMMIT loses nothing, and leaves SQLite to
	 * end the transaction on the next statement's rollback. */
	if (begun && sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) !=
	    SQLITE_OK)
		(void)sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
}
