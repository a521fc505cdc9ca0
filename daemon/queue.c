/* queue.c — see queue.h. */
#include "queue.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* One row per submission with its group.  The arrival time is the
 * message's; a submission without a message row falls back to its own
 * creation time. */
static const char SQL_ITEMS[] =
"SELECT s.id, s.receipt, s.status, s.business, s.company, s.sender,"
"  s.subject, COALESCE(m.received_at, s.created_at) AS recv,"
"  CASE WHEN s.status <> 'rejected' THEN 0 ELSE EXISTS ("
"    SELECT 1 FROM submissions t LEFT JOIN messages tm ON tm.id = t.msg"
"    WHERE t.id <> s.id AND t.status <> 'ignored'"
"      AND s.sender IS NOT NULL AND t.sender = s.sender COLLATE NOCASE"
"      AND (COALESCE(tm.received_at, t.created_at) >"
"           COALESCE(m.received_at, s.created_at)"
"        OR (COALESCE(tm.received_at, t.created_at) ="
"            COALESCE(m.received_at, s.created_at) AND t.id > s.id))"
"      AND ((s.company IS NOT NULL AND s.company <> ''"
"            AND t.company = s.company)"
"        OR EXISTS (SELECT 1 FROM persons p JOIN persons q"
"            ON q.name = p.name AND q.submission = t.id"
"            WHERE p.submission = s.id AND p.name <> ''))"
"  ) END AS resent "
"FROM submissions s LEFT JOIN messages m ON m.id = s.msg "
"WHERE COALESCE(m.received_at, s.created_at) >= ?1 "
"ORDER BY CASE WHEN s.status = 'review' THEN 0"
"  WHEN s.status = 'rejected' AND resent = 0 THEN 1 ELSE 2 END,"
"  recv, s.id";

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

static const char SQL_PERSONS[] = "SELECT name, business, id_number FROM "
    "persons WHERE submission = ?1 ORDER BY id";
static const char SQL_PROBLEMS[] = "SELECT code, person, file, item, detail "
    "FROM problems WHERE submission = ?1 ORDER BY id";

/* Persons and problems of one item, with statements prepared once for
 * the whole report (ps, qs). */
static void
load_details(sqlite3_stmt *ps, sqlite3_stmt *qs, struct queue_item *it)
{
	size_t cap = 0;

	sqlite3_reset(ps);
	sqlite3_bind_int64(ps, 1, it->id);
	while (sqlite3_step(ps) == SQLITE_ROW) {
		struct queue_person *p;

		xgrow((void **)&it->persons, &cap, it->n_persons, sizeof *p);
		p = &it->persons[it->n_persons++];
		p->name = dup_col(ps, 0);
		if (p->name == NULL)
			p->name = xstrdup("");
		p->business = dup_col(ps, 1);
		p->id_number = dup_col(ps, 2);
	}
	cap = 0;
	sqlite3_reset(qs);
	sqlite3_bind_int64(qs, 1, it->id);
	while (sqlite3_step(qs) == SQLITE_ROW) {
		struct queue_problem *p;

		xgrow((void **)&it->problems, &cap, it->n_problems,
		    sizeof *p);
		p = &it->problems[it->n_problems++];
		p->code = dup_col(qs, 0);
		p->person = dup_col(qs, 1);
		p->file = dup_col(qs, 2);
		p->item = dup_col(qs, 3);
		p->detail = dup_col(qs, 4);
	}
}

int
queue_load(const char *db_path, const struct queue_filter *f,
    struct queue_item **items, size_t *n, char **err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL, *ps = NULL, *qs = NULL;
	struct queue_item *v = NULL;
	size_t cap = 0, i;
	int r;

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
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, SQL_ITEMS, -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("database %s: %s", db_path,
		    sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_bind_int64(st, 1, f && f->since ? (sqlite3_int64)f->since :
	    (sqlite3_int64)0);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const char *status = (const char *)sqlite3_column_text(st, 2);
		struct queue_item *it;

		if (!status_wanted(f ? f->status : NULL, status ? status : ""))
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
		it->group = strcmp(it->status ? it->status : "", "review") == 0 ?
		    0 : (strcmp(it->status ? it->status : "", "rejected") == 0 &&
		    !it->resent) ? 1 : 2;
	}
	if (r != SQLITE_DONE) {
		*err = xasprintf("database %s: %s", db_path,
		    sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, SQL_PERSONS, -1, &ps, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, SQL_PROBLEMS, -1, &qs, NULL) != SQLITE_OK) {
		*err = xasprintf("database %s: %s", db_path,
		    sqlite3_errmsg(db));
		goto fail;
	}
	for (i = 0; i < *n; i++)
		load_details(ps, qs, &v[i]);
	sqlite3_finalize(ps);
	sqlite3_finalize(qs);
	ps = qs = NULL;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	*items = v;
	return 0;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(ps);
	sqlite3_finalize(qs);
	sqlite3_close(db);
	queue_free(v, *n);
	*n = 0;
	return -1;
}

void
queue_free(struct queue_item *v, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct queue_item *it = &v[i];

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
	free(v);
}
