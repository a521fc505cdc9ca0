/*
 * records-staff.c — see records-staff.h: the records as staff see and
 * change them.  Statements through records-sql.c's helpers, each
 * finalized before the call returns.
 */
#include "records-impl.h"
#include "records-staff.h"
#include "util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- one submission in full ---- */

static time_t
rs_time(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? 0 :
	    (time_t)sqlite3_column_int64(st, col);
}

#define RS_FILE_COLUMNS	"f.id, p.submission, f.name, f.type, f.bytes, " \
			"f.item, f.path, f.item_by, f.read_name, " \
			"f.read_id_number"

static void
rs_file_row(sqlite3_stmt *st, void *elem)
{
	struct records_file *f = elem;

	f->id = sqlite3_column_int64(st, 0);
	f->submission = sqlite3_column_int64(st, 1);
	f->name = rec_col_dup(st, 2);
	f->type = rec_col_dup(st, 3);
	f->bytes = sqlite3_column_int64(st, 4);
	f->item = rec_col_dup(st, 5);
	f->path = rec_col_dup(st, 6);
	f->item_by = rec_col_dup(st, 7);
	f->read_name = rec_col_dup(st, 8);
	f->read_id_number = rec_col_dup(st, 9);
}

static void
rs_file_clear(struct records_file *f)
{
	free(f->name);
	free(f->type);
	free(f->item);
	free(f->path);
	free(f->item_by);
	free(f->read_name);
	free(f->read_id_number);
}

/* The rows sql (its ?1 bound to id) gives, into the array *arr of *n
 * (rec_rows). */
static int
rs_part(struct records *r, long long id, const char *sql, void *arr,
    size_t *n, size_t sz, void (*fill)(sqlite3_stmt *, void *), char **err)
{
	sqlite3_stmt *st;

	if ((st = rec_stmt(r, err, sql, "i", id)) == NULL)
		return -1;
	return rec_rows(r, st, arr, n, sz, fill, err);
}

static void
rs_person_row(sqlite3_stmt *st, void *elem)
{
	struct records_person *p = elem;

	p->id = sqlite3_column_int64(st, 0);
	p->name = rec_col_dup(st, 1);
	p->business = rec_col_dup(st, 2);
	p->id_number = rec_col_dup(st, 3);
	p->archive = rec_col_dup(st, 4);
	p->missing = rec_col_dup(st, 5);
}

/* A submission's persons, each with its files. */
static int
rs_persons(struct records *r, struct records_submission *sub, char **err)
{
	size_t i;
	int s;

	s = rs_part(r, sub->id, "SELECT id, name, business, id_number, "
	    "archive, missing FROM persons WHERE submission = ?1 ORDER BY id",
	    &sub->persons, &sub->n_persons, sizeof *sub->persons,
	    rs_person_row, err);
	for (i = 0; s == 0 && i < sub->n_persons; i++) {
		struct records_person *p = &sub->persons[i];

		s = rs_part(r, p->id, "SELECT " RS_FILE_COLUMNS " FROM files f "
		    "JOIN persons p ON p.id = f.person WHERE f.person = ?1 "
		    "ORDER BY f.id", &p->files, &p->n_files, sizeof *p->files,
		    rs_file_row, err);
	}
	return s;
}

static void
rs_problem_row(sqlite3_stmt *st, void *elem)
{
	struct records_problem *p = elem;

	p->code = rec_col_dup(st, 0);
	p->person = rec_col_dup(st, 1);
	p->file = rec_col_dup(st, 2);
	p->item = rec_col_dup(st, 3);
	p->detail = rec_col_dup(st, 4);
}

static void
rs_reply_row(sqlite3_stmt *st, void *elem)
{
	struct records_reply *p = elem;

	p->id = sqlite3_column_int64(st, 0);
	p->kind = rec_col_dup(st, 1);
	p->state = rec_col_dup(st, 2);
	p->rcpt = rec_col_dup(st, 3);
	p->subject = rec_col_dup(st, 4);
	p->created = rs_time(st, 5);
	p->sent = rs_time(st, 6);
	p->attempts = sqlite3_column_int(st, 7);
	p->error = rec_col_dup(st, 8);
	p->len = (size_t)sqlite3_column_bytes(st, 9);
	p->message = xmalloc(p->len + 1);
	if (p->len > 0)
		memcpy(p->message, sqlite3_column_blob(st, 9), p->len);
	p->message[p->len] = '\0';
}

static void
rs_event_row(sqlite3_stmt *st, void *elem)
{
	struct records_event *p = elem;

	p->at = rs_time(st, 0);
	p->actor = rec_col_dup(st, 1);
	p->event = rec_col_dup(st, 2);
	p->detail = rec_col_dup(st, 3);
}

int
records_submission_get(struct records *r, long long id,
    struct records_submission **out, char **err)
{
	struct records_submission *sub;
	sqlite3_stmt *st;
	int s, begun;

	*out = NULL;
	/* one read transaction: the parts agree with each other */
	begun = rec_read_begin(r);
	if ((st = rec_stmt(r, err, "SELECT s.id, s.receipt, s.status, "
	    "s.center, s.business, s.company, s.sender, s.subject, "
	    "s.declared_count, COALESCE(m.received_at, s.created_at), m.id, "
	    "m.key, m.mailbox, m.message_id, m.spool_path, s.updated_at, "
	    "s.purged_at IS NOT NULL FROM submissions s LEFT JOIN messages m "
	    "ON m.id = s.msg WHERE s.id = ?1", "i", id)) == NULL) {
		rec_read_end(r, begun);
		return -1;
	}
	if ((s = sqlite3_step(st)) != SQLITE_ROW) {
		if (s == SQLITE_DONE)
			*err = xasprintf("no submission %lld", id);
		else
			rec_fail(r, err);
		sqlite3_finalize(st);
		rec_read_end(r, begun);
		return s == SQLITE_DONE ? 1 : -1;
	}
	sub = xcalloc(1, sizeof *sub);
	sub->id = sqlite3_column_int64(st, 0);
	sub->receipt = rec_col_dup(st, 1);
	sub->status = rec_col_dup(st, 2);
	sub->center = rec_col_dup(st, 3);
	sub->business = rec_col_dup(st, 4);
	sub->company = rec_col_dup(st, 5);
	sub->sender = rec_col_dup(st, 6);
	sub->subject = rec_col_dup(st, 7);
	sub->declared_count = sqlite3_column_type(st, 8) == SQLITE_NULL ?
	    -1 : sqlite3_column_int(st, 8);
	sub->received = rs_time(st, 9);
	sub->msg = sqlite3_column_int64(st, 10);
	sub->key = rec_col_dup(st, 11);
	sub->mailbox = rec_col_dup(st, 12);
	sub->message_id = rec_col_dup(st, 13);
	sub->spool_path = rec_col_dup(st, 14);
	sub->updated = rs_time(st, 15);
	sub->purged = sqlite3_column_int(st, 16);
	sqlite3_finalize(st);
	if (rs_persons(r, sub, err) != 0 ||
	    rs_part(r, id, "SELECT code, person, file, item, detail FROM "
	    "problems WHERE submission = ?1 ORDER BY id", &sub->problems,
	    &sub->n_problems, sizeof *sub->problems, rs_problem_row, err) ||
	    rs_part(r, id, "SELECT id, kind, state, rcpt, subject, "
	    "created_at, sent_at, attempts, error, message FROM replies "
	    "WHERE submission = ?1 ORDER BY id", &sub->replies,
	    &sub->n_replies, sizeof *sub->replies, rs_reply_row, err) ||
	    rs_part(r, id, "SELECT at, actor, event, detail FROM history "
	    "WHERE submission = ?1 ORDER BY at, id", &sub->history,
	    &sub->n_history, sizeof *sub->history, rs_event_row, err)) {
		rec_read_end(r, begun);
		records_submission_free(sub);
		return -1;
	}
	rec_read_end(r, begun);
	*out = sub;
	return 0;
}

void
records_submission_free(struct records_submission *s)
{
	size_t i, j;

	if (s == NULL)
		return;
	for (i = 0; i < s->n_persons; i++) {
		struct records_person *p = &s->persons[i];

		for (j = 0; j < p->n_files; j++)
			rs_file_clear(&p->files[j]);
		free(p->files);
		free(p->name);
		free(p->business);
		free(p->id_number);
		free(p->archive);
		free(p->missing);
	}
	free(s->persons);
	for (i = 0; i < s->n_problems; i++) {
		free(s->problems[i].code);
		free(s->problems[i].person);
		free(s->problems[i].file);
		free(s->problems[i].item);
		free(s->problems[i].detail);
	}
	free(s->problems);
	for (i = 0; i < s->n_replies; i++) {
		free(s->replies[i].kind);
		free(s->replies[i].state);
		free(s->replies[i].rcpt);
		free(s->replies[i].subject);
		free(s->replies[i].error);
		free(s->replies[i].message);
	}
	free(s->replies);
	for (i = 0; i < s->n_history; i++) {
		free(s->history[i].actor);
		free(s->history[i].event);
		free(s->history[i].detail);
	}
	free(s->history);
	free(s->receipt);
	free(s->status);
	free(s->center);
	free(s->business);
	free(s->company);
	free(s->sender);
	free(s->subject);
	free(s->key);
	free(s->mailbox);
	free(s->message_id);
	free(s->spool_path);
	free(s);
}

int
records_file_get(struct records *r, long long id, struct records_file **out,
    char **err)
{
	sqlite3_stmt *st;
	int s;

	*out = NULL;
	if ((st = rec_stmt(r, err, "SELECT " RS_FILE_COLUMNS " FROM files f "
	    "JOIN persons p ON p.id = f.person WHERE f.id = ?1", "i", id)) ==
	    NULL)
		return -1;
	if ((s = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xcalloc(1, sizeof **out);
		rs_file_row(st, *out);
	} else if (s == SQLITE_DONE)
		*err = xasprintf("no file %lld", id);
	else
		rec_fail(r, err);
	sqlite3_finalize(st);
	return *out != NULL ? 0 : -1;
}

void
records_file_free(struct records_file *f)
{
	if (f == NULL)
		return;
	rs_file_clear(f);
	free(f);
}

char *
records_receipt(struct records *r, long long id)
{
	sqlite3_stmt *st;
	char *err = NULL, *s = NULL;

	if ((st = rec_stmt(r, &err, "SELECT receipt FROM submissions WHERE "
	    "id = ?1", "i", id)) == NULL) {
		free(err);	/* only ever a nicer message: none then */
		return NULL;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		s = rec_col_dup(st, 0);
	sqlite3_finalize(st);
	return s;
}

/* ---- decisions ---- */

int
records_decision_state(struct records *r, long long id, char **status,
    char **json, int *decided, char **err)
{
	sqlite3_stmt *st;
	int s;

	*status = *json = NULL;
	if ((st = rec_stmt(r, err, "SELECT status, verdict_json, (SELECT "
	    "count(*) FROM history h WHERE h.submission = s.id AND h.event = "
	    "'decided') FROM submissions s WHERE id = ?1", "i", id)) == NULL)
		return -1;
	if ((s = sqlite3_step(st)) != SQLITE_ROW) {
		if (s == SQLITE_DONE)
			*err = xasprintf("no submission %lld", id);
		else
			rec_fail(r, err);
		sqlite3_finalize(st);
		return -1;
	}
	*status = rec_col_dup(st, 0);
	*json = rec_col_dup(st, 1);
	*decided = sqlite3_column_int(st, 2) > 0;
	sqlite3_finalize(st);
	if (*status == NULL)
		*status = xstrdup("");
	return 0;
}

int
records_set_status(struct records *r, long long sub, const char *status,
    const char *receipt, const char *verdict_json, char **err)
{
	int n = rec_run(r, err, "UPDATE submissions SET status = ?1, "
	    "receipt = COALESCE(?2, receipt), verdict_json = COALESCE(?3, "
	    "verdict_json), updated_at = ?4 WHERE id = ?5", "tttii", status,
	    receipt, verdict_json, (long long)time(NULL), sub);

	if (n < 0)
		return -1;
	if (n == 0) {
		*err = xasprintf("no submission %lld", sub);
		return -1;
	}
	return 0;
}

/* ---- the audit table ---- */

int
records_audit_add(struct records *r, const char *unix_user,
    const char *command, const char *by, const char *target,
    const char *detail, char **err)
{
	return rec_run(r, err, "INSERT INTO audit (at, unix_user, by_name, "
	    "command, target, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	    "ittttt", (long long)time(NULL), unix_user,
	    by && *by ? by : NULL, command, target, detail) < 0 ? -1 : 0;
}

void
rec_audit_row(sqlite3_stmt *st, void *elem)
{
	struct records_audit *a = elem;

	a->id = sqlite3_column_int64(st, 0);
	a->at = rs_time(st, 1);
	a->unix_user = rec_col_dup(st, 2);
	a->by = rec_col_dup(st, 3);
	a->command = rec_col_dup(st, 4);
	a->target = rec_col_dup(st, 5);
	a->detail = rec_col_dup(st, 6);
}

int
records_audit_list(struct records *r, time_t since,
    struct records_audit **out, size_t *n, char **err)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	/* A database no command has opened since 002 has no audit table:
	 * the error says so ("no such table: audit"). */
	if ((st = rec_stmt(r, err, "SELECT " REC_AUDIT_COLUMNS " FROM audit "
	    "WHERE at >= ?1 ORDER BY at, id", "i", (long long)since)) == NULL)
		return -1;
	return rec_rows(r, st, out, n, sizeof **out, rec_audit_row, err);
}

void
records_audit_free(struct records_audit *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(a[i].unix_user);
		free(a[i].by);
		free(a[i].command);
		free(a[i].target);
		free(a[i].detail);
	}
	free(a);
}

/* ---- retention ---- */

/* Candidates: unfinished purges, and closed submissions whose last
 * decision is at or before ?1.  %s: the purge columns' condition (absent
 * before migration 002, for a read-only dry run). */
static const char purge_select[] =
    "SELECT s.id, s.receipt, s.status, max(s.updated_at, COALESCE("
    " (SELECT max(h.at) FROM history h WHERE h.submission = s.id), 0))"
    " AS closed FROM submissions s WHERE %s"
    " (s.status <> 'review' AND NOT EXISTS (SELECT 1 FROM replies r"
    "  WHERE r.submission = s.id AND r.state IN ('due', 'sending'))"
    "  AND closed <= ?1)) ORDER BY s.id";

static void
rs_candidate_row(sqlite3_stmt *st, void *elem)
{
	struct records_purge_candidate *c = elem;

	c->id = sqlite3_column_int64(st, 0);
	c->receipt = rec_col_dup(st, 1);
	c->status = rec_col_dup(st, 2);
	c->closed = rs_time(st, 3);
}

int
records_purge_candidates(struct records *r, time_t cutoff,
    struct records_purge_candidate **out, size_t *n, char **err)
{
	sqlite3_stmt *st;
	char *sql;
	int migrated;

	*out = NULL;
	*n = 0;
	/* Before migration 002 nothing was ever purged. */
	migrated = sqlite3_table_column_metadata(r->db, NULL, "submissions",
	    "purged_at", NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
	sql = xasprintf(purge_select, migrated ? "s.purged_at IS NULL"
	    " AND (s.purging_at IS NOT NULL OR" : "(");
	st = rec_stmt(r, err, sql, "i", (long long)cutoff);
	free(sql);
	if (st == NULL)
		return -1;
	return rec_rows(r, st, out, n, sizeof **out, rs_candidate_row, err);
}

void
records_purge_candidates_free(struct records_purge_candidate *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(c[i].receipt);
		free(c[i].status);
	}
	free(c);
}

int
records_purge_take(struct records *r, long long sub, char **err)
{
	return rec_run(r, err, "UPDATE submissions SET purging_at = COALESCE("
	    "purging_at, ?2) WHERE id = ?1", "ii", sub, (long long)time(NULL))
	    < 0 ? -1 : 0;
}

static void
rs_purge_msg_row(sqlite3_stmt *st, void *elem)
{
	struct records_purge_msg *m = elem;

	m->id = sqlite3_column_int64(st, 0);
	m->spool_path = rec_col_dup(st, 1);
}

int
records_purge_messages(struct records *r, long long sub,
    struct records_purge_msg **out, size_t *n, char **err)
{
	static const char sql[] =
	    "WITH m(id) AS ("
	    " SELECT msg FROM submissions WHERE id = ?1"
	    " UNION SELECT CAST(substr(detail, 9) AS INTEGER) FROM history"
	    "  WHERE submission = ?1 AND event = 'resubmitted'"
	    "  AND detail LIKE 'message %'"
	    " UNION SELECT CAST(substr(f.path, 7, instr(substr(f.path, 7), '/')"
	    "  - 1) AS INTEGER) FROM files f JOIN persons p ON p.id = f.person"
	    "  WHERE p.submission = ?1 AND f.path LIKE 'files/%/%')"
	    " SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM messages o"
	    "  WHERE o.spool_path = x.spool_path AND o.id NOT IN m)"
	    "  THEN NULL ELSE x.spool_path END"
	    " FROM m LEFT JOIN messages x ON x.id = m.id WHERE m.id > 0"
	    " ORDER BY m.id";
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	if ((st = rec_stmt(r, err, sql, "i", sub)) == NULL)
		return -1;
	return rec_rows(r, st, out, n, sizeof **out, rs_purge_msg_row, err);
}

void
records_purge_messages_free(struct records_purge_msg *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].spool_path);
	free(m);
}

int
records_purge_blank(struct records *r, long long sub,
    const struct records_purge_msg *m, size_t n, const char *actor,
    char **err)
{
	static const char *const blank[] = {
		"UPDATE persons SET name = NULL, id_number = NULL, archive ="
		" NULL WHERE submission = ?1",
		"UPDATE files SET name = NULL, path = NULL, sha256 = NULL,"
		" read_id_number = NULL, read_name = NULL"
		" WHERE person IN (SELECT id FROM persons WHERE submission = ?1)",
		"UPDATE problems SET person = NULL, file = NULL, detail = NULL"
		" WHERE submission = ?1",
		"UPDATE replies SET rcpt = '', subject = NULL, message = X'',"
		" error = NULL WHERE submission = ?1",
		/* "reject: the reason" → "reject": the reason names people. */
		"UPDATE history SET detail = CASE WHEN instr(detail, ':') > 0"
		" THEN substr(detail, 1, instr(detail, ':') - 1) ELSE detail"
		" END WHERE submission = ?1 AND event = 'decided'",
	};
	size_t i;

	if (records_begin(r, err) != 0)
		return -1;
	for (i = 0; i < sizeof blank / sizeof blank[0]; i++)
		if (rec_run(r, err, blank[i], "i", sub) < 0)
			goto fail;
	if (rec_run(r, err, "UPDATE submissions SET sender = NULL, subject ="
	    " NULL, verdict_json = NULL, purged_at = ?2 WHERE id = ?1", "ii",
	    sub, (long long)time(NULL)) < 0)
		goto fail;
	for (i = 0; i < n; i++)
		if (rec_run(r, err, "UPDATE messages SET sender = NULL,"
		    " spool_path = NULL WHERE id = ?1", "i", m[i].id) < 0)
			goto fail;
	if (records_add_history(r, sub, actor, "purged", NULL, err) != 0)
		goto fail;
	return records_commit(r, err);
fail:
	records_rollback(r);
	return -1;
}

/* ---- backup ---- */

int
records_backup(struct records *r, const char *dst, char **err)
{
	sqlite3 *to = NULL;
	sqlite3_backup *b = NULL;
	sqlite3_stmt *st = NULL;
	const unsigned char *ok;
	int s, rc = -1;

	unlink(dst);
	if (sqlite3_open_v2(dst, &to, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		*err = xasprintf("%s: %s", dst, to ? sqlite3_errmsg(to) :
		    "cannot open");
		goto out;
	}
	if ((b = sqlite3_backup_init(to, "main", r->db, "main")) == NULL) {
		*err = xasprintf("%s: %s", dst, sqlite3_errmsg(to));
		goto out;
	}
	/* All pages in one step: one read transaction, one snapshot.  A
	 * writer holding the lock only delays it. */
	while ((s = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    s == SQLITE_LOCKED)
		sqlite3_sleep(100);
	sqlite3_backup_finish(b);
	if (s != SQLITE_DONE) {
		*err = xasprintf("%s: backup: %s", r->path, sqlite3_errstr(s));
		goto out;
	}
	/* One self-contained file, not a WAL database. */
	if (sqlite3_exec(to, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(to, "PRAGMA integrity_check", -1, &st, NULL) !=
	    SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		*err = xasprintf("%s: %s", dst, sqlite3_errmsg(to));
		goto out;
	}
	ok = sqlite3_column_text(st, 0);
	if (ok == NULL || strcmp((const char *)ok, "ok") != 0) {
		*err = xasprintf("%s: integrity check: %s", dst,
		    ok ? (const char *)ok : "no answer");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	s = sqlite3_close(to);
	to = NULL;
	if (s != SQLITE_OK) {
		*err = xasprintf("%s: cannot close", dst);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	sqlite3_close(to);
	if (rc != 0)
		unlink(dst);
	return rc;
}
