/*
 * records-console.c — see records-console.h.  Read-only statements on
 * the connection the console holds (records-impl.h); each is prepared
 * with bound parameters and finalized before the call returns.  The
 * queue page reads the report summary (schemas/005-report-summary.sql)
 * with its persons and problems packed (008-report-cells.sql).
 */
#include "records-console.h"

#include <ctype.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "records-report.h"
#include "records-staff.h"
#include "records-impl.h"
#include "util.h"

#define QUEUE_PAGE	50
#define AUDIT_PAGE	100

/* ---- the queue ---- */

/*
 * The filters and the search, one WHERE for the page and its count.
 * ?1 status, ?2 business, ?3 from, ?4 until, ?5 the search text, ?6 a
 * submission id it names ("#12", bare digits), ?7 its last four
 * characters when it is four long (an ID number's end), ?8 the text as a
 * LIKE pattern ("%text%", its own % _ and \ escaped: what staff type is
 * never a pattern; LIKE also ignores ASCII case, without upper()'s copy
 * of every value).  A NULL parameter drops its condition.  The persons'
 * conditions are sets made once (IN), not a lookup per row: one scan of
 * persons, not one probe per submission.
 */
static const char QUEUE_WHERE[] =
" WHERE (?1 IS NULL OR r.status = ?1)"
" AND (?2 IS NULL OR r.business = ?2 OR r.submission IN"
"   (SELECT submission FROM persons WHERE business = ?2))"
" AND (?3 IS NULL OR r.received >= ?3)"
" AND (?4 IS NULL OR r.received < ?4)"
" AND (?5 IS NULL OR r.submission = ?6"
"   OR r.receipt LIKE ?8 ESCAPE '\\' OR r.company LIKE ?8 ESCAPE '\\'"
"   OR r.sender LIKE ?8 ESCAPE '\\'"
"   OR r.submission IN (SELECT submission FROM persons WHERE"
"     instr(name, ?5) > 0 OR (?7 IS NOT NULL AND"
"     substr(id_number, -4) LIKE ?7 ESCAPE '\\')))";

/* "%s%" with s's own % _ and \ escaped for LIKE ... ESCAPE '\'. */
static char *
like_pattern(const char *s)
{
	struct buf b = { 0 };

	buf_adds(&b, "%");
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			buf_adds(&b, "\\");
		buf_add(&b, s, 1);
	}
	buf_adds(&b, "%");
	return buf_take(&b);
}

/* The id a search names: "#12" or bare digits; 0 when none. */
static long long
search_id(const char *s)
{
	char *end;
	long long v;

	if (*s == '#')
		s++;
	if (!isdigit((unsigned char)*s))
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? v : 0;
}

/* The search's patterns, bound to the statement without a copy: they
 * live until it is finalized (queue_pats_free). */
struct queue_pats {
	char	*like;		/* "%text%" */
	char	*last4;		/* the text itself, four long; else NULL */
};

static void
queue_pats_free(struct queue_pats *p)
{
	free(p->like);
	free(p->last4);
	p->like = p->last4 = NULL;
}

static sqlite3_stmt *
queue_stmt(struct records *rec, char **err, const char *head,
    const char *tail, const struct console_query *q, struct queue_pats *p)
{
	const char *s = q->search && *q->search ? q->search : NULL;
	char *sql = xasprintf("%s%s%s", head, QUEUE_WHERE, tail);
	sqlite3_stmt *st;
	size_t n;

	queue_pats_free(p);
	p->like = s ? like_pattern(s) : NULL;
	/* Four characters may be an ID number's end ("318x" for 318X):
	 * the pattern without its two "%", an exact match, case ignored. */
	if (s && strlen(s) == 4) {
		p->last4 = like_pattern(s);
		n = strlen(p->last4);
		memmove(p->last4, p->last4 + 1, n - 2);
		p->last4[n - 2] = '\0';
	}
	/* from and until 0 mean "no bound": 'I' binds them NULL */
	st = rec_stmt(rec, err, sql, "ttIItitt", q->status && *q->status ?
	    q->status : NULL, q->business && *q->business ? q->business :
	    NULL, (long long)q->from, (long long)q->until, s,
	    s ? search_id(s) : 0LL, p->last4, p->like);
	free(sql);
	return st;
}

int
console_queue(struct records *rec, const struct console_query *q,
    struct queue_item **items, size_t *n, size_t *total, char **err)
{
	sqlite3_stmt *st = NULL;
	struct queue_pats pats = { NULL, NULL };
	struct queue_item *v = NULL;
	struct pool *pool = xcalloc(1, sizeof *pool);	/* the page's strings */
	size_t cap = 0, limit = q->limit ? q->limit : QUEUE_PAGE, k;
	char *tail;
	int r, begun, narrow;

	*items = NULL;
	*n = *total = 0;
	begun = rec_read_begin(rec);	/* the count and the page agree */
	/* Unfiltered (or by status), the first rows of the order's index
	 * are the page and count(*) reads an index: two cheap statements.
	 * Searched or filtered by business or date, the matches are few and
	 * scattered: one sequential scan of the narrow table, its matches
	 * sorted, counted and the page kept in the same pass, beats reading
	 * every row in index order (100,000 rows on a busy disk: 0.3 s
	 * against 1 s, twice). */
	narrow = (q->search && *q->search) || (q->business && *q->business) ||
	    q->from || q->until;
	if (!narrow) {
		if ((st = queue_stmt(rec, err, "SELECT count(*) FROM "
		    "report_rows r", "", q, &pats)) == NULL)
			goto fail;
		if (sqlite3_step(st) != SQLITE_ROW)
			goto sqlfail;
		*total = (size_t)sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		tail = xasprintf(" ORDER BY r.grp, r.received, r.submission "
		    "LIMIT %zu OFFSET %zu", limit, q->offset);
	} else
		tail = xstrdup(" ORDER BY r.grp, r.received, r.submission");
	/* the report's columns (rec_queue_item), persons and problems
	 * packed (008-report-cells.sql): no statement per row */
	st = queue_stmt(rec, err, narrow ? "SELECT r.submission, r.receipt, "
	    "r.status, r.business, r.company, r.sender, r.subject, "
	    "r.received, r.resent, r.grp, r.persons, r.problems "
	    "FROM report_rows r NOT INDEXED" :
	    "SELECT r.submission, r.receipt, r.status, r.business, "
	    "r.company, r.sender, r.subject, r.received, r.resent, r.grp, "
	    "r.persons, r.problems FROM report_rows r "
	    "INDEXED BY report_rows_order", tail, q, &pats);
	free(tail);
	if (st == NULL)
		goto fail;
	for (k = 0; (r = sqlite3_step(st)) == SQLITE_ROW; k++) {
		struct queue_item *it;

		if (narrow && (k < q->offset || k >= q->offset + limit))
			continue;
		xgrow((void **)&v, &cap, *n, sizeof *v);
		it = &v[*n];
		if (rec_queue_item(rec, st, it, pool, 1, err) != 0)
			goto fail;
		++*n;
	}
	if (r != SQLITE_DONE)
		goto sqlfail;
	if (narrow)
		*total = k;
	sqlite3_finalize(st);
	queue_pats_free(&pats);
	rec_read_end(rec, begun);
	if (*n > 0)
		v[0].pool = pool;	/* records_queue_free frees it */
	else {
		pool_free(pool);
		free(pool);
	}
	*items = v;
	return 0;
sqlfail:
	rec_fail(rec, err);
fail:
	sqlite3_finalize(st);
	queue_pats_free(&pats);
	rec_read_end(rec, begun);
	pool_free(pool);
	free(pool);
	free(v);
	*n = *total = 0;
	return -1;
}

static void
time_row(sqlite3_stmt *st, void *elem)
{
	*(time_t *)elem = (time_t)sqlite3_column_int64(st, 0);
}

int
console_review_times(struct records *rec, time_t **times, size_t *n,
    char **err)
{
	sqlite3_stmt *st;

	*times = NULL;
	*n = 0;
	/* grp 0 is exactly status review, read off the order's index */
	if ((st = rec_stmt(rec, err, "SELECT received FROM report_rows INDEXED BY "
	    "report_rows_order WHERE grp = 0", "")) == NULL)
		return -1;
	if (rec_rows(rec, st, times, n, sizeof **times, time_row, err) != 0) {
		free(*times);
		*times = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* ---- viewers, audit ---- */

static void
name_row(sqlite3_stmt *st, void *elem)
{
	*(char **)elem = rec_col_dup(st, 0);
}

int
console_recent_viewers(struct records *rec, const char *command,
    long long id, time_t since, const char *except, char ***names,
    size_t *n, char **err)
{
	sqlite3_stmt *st;
	char *target = xasprintf("%lld", id);
	int r;

	*names = NULL;
	*n = 0;
	/* audit_at's index finds the last minutes without a scan */
	st = rec_stmt(rec, err, "SELECT by_name FROM audit WHERE at >= ?1 AND "
	    "command = ?2 AND target = ?3 AND by_name IS NOT NULL AND "
	    "by_name <> COALESCE(?4, '') GROUP BY by_name ORDER BY max(at) "
	    "DESC", "ittt", (long long)since, command, target, except);
	if (st == NULL) {
		free(target);
		return -1;
	}
	r = rec_rows(rec, st, names, n, sizeof **names, name_row, err);
	free(target);		/* bound without a copy: kept until here */
	if (r != 0) {
		while (*n > 0)
			free((*names)[--*n]);
		free(*names);
		*names = NULL;
		return -1;
	}
	return 0;
}

int
console_audit(struct records *rec, size_t offset, size_t limit,
    struct records_audit **rows, size_t *n, size_t *total, char **err)
{
	sqlite3_stmt *st;

	*rows = NULL;
	*n = *total = 0;
	if ((st = rec_stmt(rec, err, "SELECT count(*) FROM audit", "")) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*total = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((st = rec_stmt(rec, err, "SELECT " REC_AUDIT_COLUMNS " FROM audit "
	    "ORDER BY id DESC LIMIT ?1 OFFSET ?2",
	    "ii", (long long)(limit ? limit : AUDIT_PAGE),
	    (long long)offset)) == NULL)
		return -1;
	if (rec_rows(rec, st, rows, n, sizeof **rows, rec_audit_row, err) != 0) {
		records_audit_free(*rows, *n);
		*rows = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

