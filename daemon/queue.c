/* queue.c — see queue.h. */
#include "queue.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

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

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

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
			p->name = dup_col(st, 1);
			if (p->name == NULL)
				p->name = xstrdup("");
			p->business = dup_col(st, 2);
			p->id_number = dup_col(st, 3);
		} else {
			struct queue_problem *p;

			xgrow((void **)&it->problems, &cap, it->n_problems,
			    sizeof *p);
			p = &it->problems[it->n_problems++];
			p->code = dup_col(st, 1);
			p->person = dup_col(st, 2);
			p->file = dup_col(st, 3);
			p->item = dup_col(st, 4);
			p->detail = dup_col(st, 5);
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
queue_load(const char *db_path, const struct queue_filter *f,
    struct queue_item **items, size_t *n, char **err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct queue_item *v = NULL, **order = NULL;
	size_t cap = 0, i;
	int r, kind;

	*items = NULL;
	*n = 0;
	/* Read-only: the report must never create a database where the
	 * daemon has not made one. */
	if (access(db_path, R_OK) != 0) {
		*err = xasprintf("database %s: %s", db_path, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*err = xasprintf("database %s: %s", db_path,
		    db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	/* One read transaction: the three scans see the same records. */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, SQL_ITEMS, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(st, 1, f && f->since ? (sqlite3_int64)f->since :
	    (sqlite3_int64)0);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *status = sqlite3_column_text(st, 2);
		struct queue_item *it;

		if (!status_wanted(f ? f->status : NULL,
		    status ? (const char *)status : ""))
			continue;
		xgrow((void **)&v, &cap, *n, sizeof *v);
		it = &v[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(st, 0);
		it->receipt = dup_col(st, 1);
		it->status = dup_col(st, 2);
		it->business = dup_col(st, 3);
		it->company = dup_col(st, 4);
		it->sender = dup_col(st, 5);
		it->subject = dup_col(st, 6);
		it->received = (time_t)sqlite3_column_int64(st, 7);
		it->resent = sqlite3_column_int(st, 8);
		it->group = sqlite3_column_int(st, 9);
	}
	if (r != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;

	order = xcalloc(*n ? *n : 1, sizeof *order);
	for (i = 0; i < *n; i++)
		order[i] = &v[i];
	qsort(order, *n, sizeof *order, cmp_id);
	for (kind = 0; kind < 2; kind++) {
		if (sqlite3_prepare_v2(db, kind ? SQL_PROBLEMS : SQL_PERSONS,
		    -1, &st, NULL) != SQLITE_OK ||
		    attach(st, order, *n, kind) != 0)
			goto sqlfail;
		sqlite3_finalize(st);
		st = NULL;
	}
	free(order);
	order = NULL;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	*items = v;
	return 0;
sqlfail:
	if (strstr(sqlite3_errmsg(db), "no such table: report_rows"))
		*err = xasprintf("database %s predates the report summary: "
		    "let the daemon (or intake once) open it once", db_path);
	else
		*err = xasprintf("database %s: %s", db_path,
		    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(order);
	queue_free(v, *n);
	*n = 0;
	return -1;
}

void
queue_free(struct queue_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		item_free(&v[i]);
	free(v);
}
