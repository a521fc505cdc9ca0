/* records-report.c — see records-report.h: the queue and the
 * statistics, read only. */
#include "records-impl.h"
#include "records-report.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/*
 * The report reads the summary the daemon keeps (005-report-summary.sql:
 * the short fields, whether a rejected mail was sent again, the group;
 * 008-report-cells.sql: the persons and problems, packed) in the
 * report's order, straight off one covering index: one scan, no other
 * table.  grp is always 0, 1 or 2; naming them lets --since read only
 * the rows it keeps, a range of the index per group, still in order.
 */
static const char SQL_ITEMS[] =
"SELECT submission, receipt, status, business, company, sender, subject,"
"  received, resent, grp, persons, problems FROM report_rows "
"INDEXED BY report_rows_show "
"WHERE grp IN (0, 1, 2) AND received >= ?1 "
"ORDER BY grp, received, submission";

/* 1 when status is in the comma-separated list (NULL: all). */
static int
status_wanted(const char *list, const char *status)
{
	size_t n = strlen(status);
	const char *p = list;

	if (list == NULL || *list == '\0')
		return 1;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, status, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

/* One packed field (008-report-cells.sql: "-" for NULL, else length ":"
 * bytes) at *p before end: its bytes at *out (NULL for NULL) and their
 * length in *len when out is not NULL, *p past them; -1 when malformed. */
static int
field_next(const char **p, const char *end, const char **out, size_t *len)
{
	const char *q = *p;
	size_t n = 0;

	if (out)
		*out = NULL;
	if (q < end && *q == '-') {
		*p = q + 1;
		return 0;
	}
	if (q == end || *q < '0' || *q > '9')
		return -1;
	while (q < end && *q >= '0' && *q <= '9' && n < ((size_t)-1) / 20)
		n = n * 10 + (size_t)(*q++ - '0');
	if (q == end || *q != ':' || (size_t)(end - q - 1) < n)
		return -1;
	q++;
	if (out) {
		*out = q;
		*len = n;
	}
	*p = q + n;
	return 0;
}

/* The packed persons (kind 0: three fields each) or problems (kind 1:
 * five) of column col into it, in pool; -1 when the cell is malformed.
 * One pass finds the fields (most cells hold a few: on the stack), then
 * one copy of the cell, its fields cut where they lie: the byte after a
 * field is the next one's header, read already, or the copy's NUL. */
static int
unpack(sqlite3_stmt *st, int col, struct queue_item *it, int kind,
    struct pool *pool)
{
	const char *src = (const char *)sqlite3_column_text(st, col), *p;
	size_t len = (size_t)sqlite3_column_bytes(st, col), nf = kind ? 5 : 3;
	struct field { const char *at; size_t n; } few[60], *f = few;
	size_t n = 0, cap = sizeof few / sizeof few[0], i, k;
	char *copy, *o[5];

	if (src == NULL || len == 0)
		return 0;
	for (p = src; p < src + len; n++) {
		if (n == cap) {
			struct field *g = xcalloc(cap * 2, sizeof *g);

			memcpy(g, f, cap * sizeof *f);
			if (f != few)
				free(f);
			f = g;
			cap *= 2;
		}
		if (field_next(&p, src + len, &f[n].at, &f[n].n) != 0) {
			if (f != few)
				free(f);
			return -1;
		}
	}
	if (n % nf != 0) {
		if (f != few)
			free(f);
		return -1;
	}
	copy = pool_dup(pool, src, len);
	if (kind == 0) {
		it->n_persons = n / nf;
		it->persons = pool_alloc(pool, it->n_persons * sizeof *it->persons);
	} else {
		it->n_problems = n / nf;
		it->problems = pool_alloc(pool,
		    it->n_problems * sizeof *it->problems);
	}
	for (i = 0; i < n / nf; i++) {
		for (k = 0; k < nf; k++) {
			const struct field *x = &f[i * nf + k];

			o[k] = NULL;
			if (x->at) {
				o[k] = copy + (x->at - src);
				o[k][x->n] = '\0';
			}
		}
		if (kind == 0) {
			struct queue_person *q = &it->persons[i];

			q->name = o[0] ? o[0] : pool_dup(pool, "", 0);
			q->business = o[1];
			q->id_number = o[2];
		} else {
			struct queue_problem *q = &it->problems[i];

			q->code = o[0];
			q->person = o[1];
			q->file = o[2];
			q->item = o[3];
			q->detail = o[4];
		}
	}
	if (f != few)
		free(f);
	return 0;
}

/* Column col: in pool, or (pool NULL) as the statement holds it, valid
 * until the next step and never written (records-report.h); NULL for
 * NULL. */
static char *
col_str(sqlite3_stmt *st, int col, struct pool *pool)
{
	const char *s = (const char *)sqlite3_column_text(st, col);

	if (s == NULL || pool == NULL)
		return (char *)s;
	return pool_dup(pool, s, (size_t)sqlite3_column_bytes(st, col));
}

int
rec_queue_item(struct records *r, sqlite3_stmt *st, struct queue_item *it,
    struct pool *pool, int copy, char **err)
{
	struct pool *own = copy ? pool : NULL;

	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(st, 0);
	it->receipt = col_str(st, 1, own);
	it->status = col_str(st, 2, own);
	it->business = col_str(st, 3, own);
	it->company = col_str(st, 4, own);
	it->sender = col_str(st, 5, own);
	it->subject = col_str(st, 6, own);
	it->received = (time_t)sqlite3_column_int64(st, 7);
	it->resent = sqlite3_column_int(st, 8);
	it->group = sqlite3_column_int(st, 9);
	if (unpack(st, 10, it, 0, pool) != 0 ||
	    unpack(st, 11, it, 1, pool) != 0) {
		*err = xasprintf("database %s: submission %lld: its report "
		    "cells are malformed", r->path, it->id);
		return -1;
	}
	return 0;
}

/* *err for the statement that failed (malloc'd). */
static char *
queue_error(struct records *r)
{
	if (strstr(sqlite3_errmsg(r->db), "no such table: report_rows") ||
	    strstr(sqlite3_errmsg(r->db), "no such index: report_rows_show"))
		return xasprintf("database %s predates the report summary: "
		    "let the daemon (or intake once) open it once", r->path);
	return xasprintf("database %s: %s", r->path, sqlite3_errmsg(r->db));
}

/* The oldest arrival a group holds, each one seek of report_rows_order
 * (grp, received): the report's calendar is loaded before its scan. */
static const char SQL_OLDEST[] =
"SELECT min(m) FROM ("
"  SELECT min(received) AS m FROM report_rows WHERE grp = 0 AND received >= ?1"
"  UNION ALL SELECT min(received) FROM report_rows WHERE grp = 1 AND received >= ?1"
"  UNION ALL SELECT min(received) FROM report_rows WHERE grp = 2 AND received >= ?1)";

int
records_queue_oldest(struct records *r, const struct queue_filter *f,
    time_t *oldest, char **err)
{
	sqlite3_stmt *st = NULL;
	int s;

	*oldest = 0;
	if (sqlite3_prepare_v2(r->db, SQL_OLDEST, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, f && f->since ? (sqlite3_int64)f->since :
	    (sqlite3_int64)0);
	if ((s = sqlite3_step(st)) != SQLITE_ROW)
		goto fail;
	if (sqlite3_column_type(st, 0) != SQLITE_NULL)
		*oldest = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
fail:
	*err = queue_error(r);
	sqlite3_finalize(st);
	return -1;
}

int
records_queue_each(struct records *r, const struct queue_filter *f,
    int (*fn)(void *arg, struct queue_item *it), void *arg, char **err)
{
	sqlite3_stmt *st = NULL;
	struct pool scratch = { 0 };
	struct queue_item it;
	int s, rc = -1;

	if (sqlite3_prepare_v2(r->db, SQL_ITEMS, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(st, 1, f && f->since ? (sqlite3_int64)f->since :
	    (sqlite3_int64)0);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *status = sqlite3_column_text(st, 2);

		if (!status_wanted(f ? f->status : NULL,
		    status ? (const char *)status : ""))
			continue;
		/* one row's strings at a time: the scratch stays in cache */
		pool_reset(&scratch);
		if (rec_queue_item(r, st, &it, &scratch, 0, err) != 0)
			goto out;
		if ((rc = fn(arg, &it)) != 0)
			goto out;
		rc = -1;
	}
	if (s != SQLITE_DONE)
		goto sqlfail;
	rc = 0;
	goto out;
sqlfail:
	*err = queue_error(r);
out:
	sqlite3_finalize(st);
	pool_free(&scratch);
	return rc;
}

/* records_queue_load's collector: each item copied into the pool the
 * first item will hold. */
struct load {
	struct queue_item *v;
	size_t		 n, cap;
	struct pool	*pool;
};

static char *
pdup(struct pool *pool, const char *s)
{
	return s ? pool_dup(pool, s, strlen(s)) : NULL;
}

static int
load_one(void *arg, struct queue_item *src)
{
	struct load *l = arg;
	struct queue_item *it;
	size_t i;

	xgrow((void **)&l->v, &l->cap, l->n, sizeof *l->v);
	it = &l->v[l->n++];
	*it = *src;
	it->receipt = pdup(l->pool, src->receipt);
	it->status = pdup(l->pool, src->status);
	it->business = pdup(l->pool, src->business);
	it->company = pdup(l->pool, src->company);
	it->sender = pdup(l->pool, src->sender);
	it->subject = pdup(l->pool, src->subject);
	it->persons = src->n_persons ? pool_alloc(l->pool, src->n_persons *
	    sizeof *it->persons) : NULL;
	for (i = 0; i < src->n_persons; i++) {
		it->persons[i].name = pdup(l->pool, src->persons[i].name);
		it->persons[i].business = pdup(l->pool,
		    src->persons[i].business);
		it->persons[i].id_number = pdup(l->pool,
		    src->persons[i].id_number);
	}
	it->problems = src->n_problems ? pool_alloc(l->pool, src->n_problems *
	    sizeof *it->problems) : NULL;
	for (i = 0; i < src->n_problems; i++) {
		const struct queue_problem *p = &src->problems[i];

		it->problems[i].code = pdup(l->pool, p->code);
		it->problems[i].person = pdup(l->pool, p->person);
		it->problems[i].file = pdup(l->pool, p->file);
		it->problems[i].item = pdup(l->pool, p->item);
		it->problems[i].detail = pdup(l->pool, p->detail);
	}
	return 0;
}

int
records_queue_load(struct records *r, const struct queue_filter *f,
    struct queue_item **items, size_t *n, char **err)
{
	struct load l = { 0 };

	l.pool = xcalloc(1, sizeof *l.pool);
	*items = NULL;
	*n = 0;
	if (records_queue_each(r, f, load_one, &l, err) != 0) {
		pool_free(l.pool);
		free(l.pool);
		free(l.v);
		return -1;
	}
	if (l.n == 0) {
		pool_free(l.pool);
		free(l.pool);
	} else
		l.v[0].pool = l.pool;
	*items = l.v;
	*n = l.n;
	return 0;
}

void
records_queue_free(struct queue_item *v, size_t n)
{
	if (n > 0 && v[0].pool) {
		pool_free(v[0].pool);
		free(v[0].pool);
	}
	free(v);
}

/* ---- statistics ---- */

static int
stats_codes(struct records *r, sqlite3_stmt *ps, struct records_stats_row *row,
    char **err)
{
	size_t cap = 0;
	int s;

	if (rec_bind(r, ps, err, "i", row->id) != 0)
		return -1;
	while ((s = sqlite3_step(ps)) == SQLITE_ROW) {
		xgrow((void **)&row->codes, &cap, row->n_codes,
		    sizeof *row->codes);
		row->codes[row->n_codes++] = rec_col_dup(ps, 0);
	}
	if (s != SQLITE_DONE)
		return rec_fail(r, err);
	return 0;
}

int
records_stats_rows(struct records *r, time_t since, time_t until,
    struct records_stats_row **out, size_t *n, char **err)
{
	sqlite3_stmt *st = NULL, *ps = NULL;
	size_t cap = 0;
	int s, rc = -1;

	*out = NULL;
	*n = 0;
	if ((st = rec_stmt(r, err, "SELECT s.id, s.status, s.business,"
	    " COALESCE(m.received_at, s.created_at) AS recv,"
	    " COALESCE((SELECT min(h.at) FROM history h WHERE h.submission ="
	    " s.id AND h.event = 'decided'), CASE WHEN s.status IN"
	    " ('accepted', 'rejected') THEN s.created_at END)"
	    " FROM submissions s LEFT JOIN messages m ON m.id = s.msg"
	    " WHERE recv >= ?1 AND recv < ?2 ORDER BY recv, s.id", "ii",
	    (long long)since, (long long)until)) == NULL ||
	    (ps = rec_stmt(r, err, "SELECT DISTINCT code FROM problems WHERE"
	    " submission = ?1 ORDER BY code", "")) == NULL)
		goto out;
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		struct records_stats_row *row;

		xgrow((void **)out, &cap, *n, sizeof *row);
		row = &(*out)[(*n)++];
		memset(row, 0, sizeof *row);
		row->id = sqlite3_column_int64(st, 0);
		row->status = rec_col_dup(st, 1);
		row->business = rec_col_dup(st, 2);
		row->received = (time_t)sqlite3_column_int64(st, 3);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL)
			row->decided = (time_t)sqlite3_column_int64(st, 4);
		if (stats_codes(r, ps, row, err) != 0)
			goto out;
	}
	if (s != SQLITE_DONE) {
		rec_fail(r, err);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(ps);
	if (rc != 0) {
		records_stats_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void
records_stats_rows_free(struct records_stats_row *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < v[i].n_codes; k++)
			free(v[i].codes[k]);
		free(v[i].codes);
		free(v[i].status);
		free(v[i].business);
	}
	free(v);
}

int
records_oldest_arrival(struct records *r, time_t *oldest, char **err)
{
	sqlite3_stmt *st;
	int s;

	*oldest = 0;
	if ((st = rec_stmt(r, err, "SELECT min(received_at) FROM messages",
	    "")) == NULL)
		return -1;
	if ((s = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL)
		*oldest = (time_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (s != SQLITE_ROW)
		return rec_fail(r, err);
	return 0;
}
