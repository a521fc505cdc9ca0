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
 * the short fields, whether a rejected mail was sent again, the group)
 * in the report's order straight off its index, then the persons and
 * problems of the submissions kept, once each in submission order.
 */
static const char SQL_ITEMS[] =
"SELECT submission, receipt, status, business, company, sender, subject,"
"  received, resent, grp FROM report_rows INDEXED BY report_rows_order "
"WHERE received >= ?1 ORDER BY grp, received, submission";
static const char SQL_PERSONS[] = "SELECT submission, name, business, "
    "id_number FROM persons ORDER BY submission, id";
static const char SQL_PROBLEMS[] = "SELECT submission, code, person, file, "
    "item, detail FROM problems ORDER BY submission, id";

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

/* Items by id, to attach persons and problems. */
static int
cmp_id(const void *a, const void *b)
{
	const struct queue_item *x = *(struct queue_item *const *)a;
	const struct queue_item *y = *(struct queue_item *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Persons (kind 0) or problems (kind 1) of every item, from one scan in
 * submission order merged with the items in id order. */
static int
attach(sqlite3_stmt *st, struct queue_item **byid, size_t n, int kind)
{
	size_t i = 0, cap = 0;
	long long last = -1;
	int r;

	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		long long sub = sqlite3_column_int64(st, 0);
		struct queue_item *it;

		while (i < n && byid[i]->id < sub)
			i++;
		if (i == n)
			break;
		if (byid[i]->id != sub)
			continue;	/* outside --since */
		it = byid[i];
		if (sub != last)
			cap = 0;
		last = sub;
		if (kind == 0) {
			struct queue_person *p;

			xgrow((void **)&it->persons, &cap, it->n_persons,
			    sizeof *p);
			p = &it->persons[it->n_persons++];
			p->name = rec_col_dup(st, 1);
			if (p->name == NULL)
				p->name = xstrdup("");
			p->business = rec_col_dup(st, 2);
			p->id_number = rec_col_dup(st, 3);
		} else {
			struct queue_problem *p;

			xgrow((void **)&it->problems, &cap, it->n_problems,
			    sizeof *p);
			p = &it->problems[it->n_problems++];
			p->code = rec_col_dup(st, 1);
			p->person = rec_col_dup(st, 2);
			p->file = rec_col_dup(st, 3);
			p->item = rec_col_dup(st, 4);
			p->detail = rec_col_dup(st, 5);
		}
	}
	return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : -1;
}

static void
item_free(struct queue_item *it)
{
	size_t j;

	for (j = 0; j < it->n_persons; j++) {
		free(it->persons[j].name);
		free(it->persons[j].business);
		free(it->persons[j].id_number);
	}
	free(it->persons);
	for (j = 0; j < it->n_problems; j++) {
		free(it->problems[j].code);
		free(it->problems[j].person);
		free(it->problems[j].file);
		free(it->problems[j].item);
		free(it->problems[j].detail);
	}
	free(it->problems);
	free(it->receipt);
	free(it->status);
	free(it->business);
	free(it->company);
	free(it->sender);
	free(it->subject);
}

int
records_queue_load(struct records *r, const struct queue_filter *f,
    struct queue_item **items, size_t *n, char **err)
{
	sqlite3_stmt *st = NULL;
	struct queue_item *v = NULL, **order = NULL;
	size_t cap = 0, i;
	int s, kind;

	*items = NULL;
	*n = 0;
	/* One read transaction: the three scans see the same records. */
	if (sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, SQL_ITEMS, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(st, 1, f && f->since ? (sqlite3_int64)f->since :
	    (sqlite3_int64)0);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *status = sqlite3_column_text(st, 2);
		struct queue_item *it;

		if (!status_wanted(f ? f->status : NULL,
		    status ? (const char *)status : ""))
			continue;
		xgrow((void **)&v, &cap, *n, sizeof *v);
		it = &v[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(st, 0);
		it->receipt = rec_col_dup(st, 1);
		it->status = rec_col_dup(st, 2);
		it->business = rec_col_dup(st, 3);
		it->company = rec_col_dup(st, 4);
		it->sender = rec_col_dup(st, 5);
		it->subject = rec_col_dup(st, 6);
		it->received = (time_t)sqlite3_column_int64(st, 7);
		it->resent = sqlite3_column_int(st, 8);
		it->group = sqlite3_column_int(st, 9);
	}
	if (s != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;

	order = xcalloc(*n ? *n : 1, sizeof *order);
	for (i = 0; i < *n; i++)
		order[i] = &v[i];
	/* An empty queue has no array: nothing to sort. */
	if (*n > 1)
		qsort(order, *n, sizeof *order, cmp_id);
	for (kind = 0; kind < 2; kind++) {
		if (sqlite3_prepare_v2(r->db, kind ? SQL_PROBLEMS :
		    SQL_PERSONS, -1, &st, NULL) != SQLITE_OK ||
		    attach(st, order, *n, kind) != 0)
			goto sqlfail;
		sqlite3_finalize(st);
		st = NULL;
	}
	free(order);
	order = NULL;
	sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
	*items = v;
	return 0;
sqlfail:
	if (strstr(sqlite3_errmsg(r->db), "no such table: report_rows"))
		*err = xasprintf("database %s predates the report summary: "
		    "let the daemon (or intake once) open it once", r->path);
	else
		*err = xasprintf("database %s: %s", r->path,
		    sqlite3_errmsg(r->db));
	sqlite3_finalize(st);
	if (!sqlite3_get_autocommit(r->db))
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
	free(order);
	records_queue_free(v, *n);
	*n = 0;
	return -1;
}

void
records_queue_free(struct queue_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		item_free(&v[i]);
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
