/* test_records.c — the records database: schema and migrations, arrivals
 * and duplicates, receipt numbers without gaps, submissions, the reply
 * life cycle and the one-instance lock.  Each check is read back through
 * a second SQLite connection, as `intake show` would see it. */
#include <sys/wait.h>

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "records.h"
#include "unit.h"
#include "util.h"
#include "verdict.h"

static char tmpdir[] = "/tmp/test_records.XXXXXX";
static char *db_path;
static sqlite3 *peek;		/* the second connection */

/* One integer from sql with up to one integer parameter; -999 on error. */
static long long
q_int(const char *sql, long long param)
{
	sqlite3_stmt *st = NULL;
	long long v = -999;

	if (sqlite3_prepare_v2(peek, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(peek));
		return v;
	}
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, param);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 :
		    sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* One text from sql with one integer parameter; malloc'd or NULL. */
static char *
q_text(const char *sql, long long param)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (sqlite3_prepare_v2(peek, sql, -1, &st, NULL) != SQLITE_OK) {
		printf("# %s: %s\n", sql, sqlite3_errmsg(peek));
		return NULL;
	}
	sqlite3_bind_int64(st, 1, param);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}

static void
write_text(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
}

static void
test_open(void)
{
	struct records *r;
	char *err = NULL, *s;

	r = records_open(db_path, INTAKE_SRCDIR "/schemas", &err);
	CHECK(r != NULL, "open creates the database (%s)", err ? err : "");
	records_close(r);
	if (sqlite3_open_v2(db_path, &peek, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		CHECK(0, "second connection: %s", sqlite3_errmsg(peek));
		return;
	}
	sqlite3_busy_timeout(peek, 5000);
	/* 001-initial ... 008-report-cells: the last shipped schema. */
	CHECK_INT(q_int("PRAGMA user_version", 0), 8, "user_version is 8");
	CHECK_INT(q_int("SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'table' AND name IN ('messages', 'submissions', 'persons',"
	    " 'files', 'problems', 'replies', 'history', 'receipt_counters')",
	    0), 8, "every table is there");
	CHECK_INT(q_int("SELECT count(*) FROM sqlite_master WHERE type ="
	    " 'index' AND name IN ('messages_sha256', 'messages_message_id',"
	    " 'replies_due', 'replies_rcpt', 'report_rows_order')", 0), 5,
	    "the lookup indexes");
	CHECK_INT(q_int("SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'submissions_sender'", 0), 0, "004 dropped 003's sender index");
	s = q_text("PRAGMA journal_mode", 0);
	CHECK_STR(s, "wal", "journal mode is WAL (persistent)");
	free(s);

	r = records_open(db_path, INTAKE_SRCDIR "/schemas", &err);
	CHECK(r != NULL, "reopening is fine (%s)", err ? err : "");
	records_close(r);
	CHECK_INT(q_int("PRAGMA user_version", 0), 8,
	    "reopening applies nothing again");
	records_close(NULL);
}

/* Migrations in a directory of our own: 001, then 002, then a broken
 * 003 that must leave no trace. */
static void
test_migrations(void)
{
	char *dir = xasprintf("%s/sql", tmpdir), *db, *p, *err = NULL, *cmd;
	struct records *r;
	sqlite3 *save = peek;

	db = xasprintf("%s/mig.db", tmpdir);
	cmd = xasprintf("mkdir -p '%s' && cp '%s/schemas/001-initial.sql' '%s/'",
	    dir, INTAKE_SRCDIR, dir);
	CHECK_INT(system(cmd), 0, "copy the schema");
	free(cmd);
	p = xasprintf("%s/002-extra.sql", dir);
	write_text(p, "CREATE TABLE extra (x INTEGER);\n"
	    "INSERT INTO extra VALUES (42);\n");
	free(p);
	p = xasprintf("%s/README", dir);
	write_text(p, "not a migration\n");
	free(p);
	r = records_open(db, dir, &err);
	CHECK(r != NULL, "two migrations apply (%s)", err ? err : "");
	records_close(r);
	if (sqlite3_open_v2(db, &peek, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		CHECK(0, "open %s", db);
		goto out;
	}
	CHECK_INT(q_int("PRAGMA user_version", 0), 2, "user_version is 2");
	CHECK_INT(q_int("SELECT x FROM extra", 0), 42, "002 ran");

	p = xasprintf("%s/003-broken.sql", dir);
	write_text(p, "CREATE TABLE half (x);\nTHIS IS NOT SQL;\n");
	free(p);
	r = records_open(db, dir, &err);
	CHECK(r == NULL && err != NULL && strstr(err, "003-broken.sql"),
	    "a broken migration fails naming the file (%s)", err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(q_int("PRAGMA user_version", 0), 2,
	    "user_version unchanged after a failed migration");
	CHECK_INT(q_int("SELECT count(*) FROM sqlite_master WHERE name ="
	    " 'half'", 0), 0, "its first statement was rolled back");

	p = xasprintf("%s/003-broken.sql", dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/002-extra.sql", dir);
	unlink(p);
	free(p);
	r = records_open(db, dir, &err);
	CHECK(r == NULL && err != NULL && strstr(err, "newer"),
	    "a database newer than the migrations is refused (%s)",
	    err ? err : "");
	free(err);
	err = NULL;

	p = xasprintf("%s/001-initial.sql", dir);
	unlink(p);
	free(p);
	r = records_open(db, dir, &err);
	CHECK(r == NULL && err != NULL && strstr(err, "NNN-*.sql"),
	    "a directory without migrations is refused (%s)", err ? err : "");
	free(err);
	err = NULL;
	r = records_open(db, "/nonexistent/sql", &err);
	CHECK(r == NULL && err != NULL && strstr(err, "/nonexistent/sql"),
	    "a missing directory is named (%s)", err ? err : "");
	free(err);
	sqlite3_close(peek);
out:
	peek = save;
	free(db);
	free(dir);
}

static long long
arrive(struct records *r, const char *key, const char *sha, const char *mid,
    long long *dup)
{
	struct records_arrival a = {
		.key = key, .mailbox = "imaps://intake@mail.example/INBOX",
		.sha256 = sha, .message_id = mid, .sender = "hr@example.com",
		.spool_path = NULL,
	};
	char *err = NULL, path[64];
	long long id;

	snprintf(path, sizeof(path), "msg/%.2s/%s.eml", sha, key);
	a.spool_path = path;
	id = records_add_arrival(r, &a, dup, &err);
	if (id < 0)
		printf("# %s\n", err);
	free(err);
	return id;
}

static void
test_arrivals(struct records *r, long long *first)
{
	enum records_state state;
	long long id1, id, dup = -1, *ids = NULL;
	char **paths = NULL, *err = NULL;
	size_t n = 0, i;

	id1 = arrive(r, "k1", "aa11", "<m1@example.com>", &dup);
	*first = id1;
	CHECK(id1 > 0 && dup == 0, "first arrival: new id, no duplicate");
	id = arrive(r, "k1", "aa11", "<m1@example.com>", &dup);
	CHECK(id == id1 && dup == 0, "same key again: same id");
	CHECK_INT(q_int("SELECT count(*) FROM messages", 0), 1,
	    "one row for one key");
	CHECK_INT(records_lookup_key(r, "k1", &state), id1, "lookup by key");
	CHECK_INT(state, RECORDS_SPOOLED, "an arrival is SPOOLED");
	CHECK_INT(records_lookup_key(r, "nope", &state), 0,
	    "unknown key: 0");
	CHECK_INT(state, RECORDS_UNKNOWN, "unknown key: RECORDS_UNKNOWN");

	id = arrive(r, "k2", "aa11", "<other@example.com>", &dup);
	CHECK(id > id1 && dup == id1, "same SHA-256, other key: dup_of first");
	CHECK_INT(q_int("SELECT dup_of FROM messages WHERE id = ?", id), id1,
	    "dup_of stored");
	id = arrive(r, "k2", "aa11", "<other@example.com>", &dup);
	CHECK_INT(dup, id1, "a duplicate recorded again still says so");
	id = arrive(r, "k3", "bb22", "<m1@example.com>", &dup);
	CHECK_INT(dup, id1, "same Message-ID, other bytes: dup_of first");
	id = arrive(r, "k4", "cc33", NULL, &dup);
	CHECK(id > 0 && dup == 0, "no Message-ID, new bytes: no duplicate");
	id = arrive(r, "k5", "dd44", "", &dup);
	CHECK(id > 0 && dup == 0, "an empty Message-ID matches nothing");
	id = arrive(r, "k6", "ee55", NULL, &dup);
	CHECK(id > 0 && dup == 0, "NULL Message-IDs do not match each other");

	/* Inside the caller's transaction: a rollback undoes it. */
	CHECK_INT(records_begin(r, &err), 0, "begin");
	id = arrive(r, "k7", "ff66", NULL, &dup);
	CHECK(id > 0, "arrival inside a transaction");
	CHECK_INT(records_begin(r, &err), -1, "no nested transaction");
	free(err);
	err = NULL;
	records_rollback(r);
	CHECK_INT(records_lookup_key(r, "k7", &state), 0,
	    "the caller's rollback undid the arrival");

	CHECK_INT(records_pending(r, &ids, &paths, &n, &err), 0, "pending");
	CHECK_INT(n, 6, "six messages pending");
	for (i = 1; i < n; i++)
		if (ids[i] <= ids[i - 1])
			break;
	CHECK(n > 0 && i == n && ids[0] == id1, "oldest first");
	CHECK_STR(n > 0 ? paths[0] : NULL, "msg/aa/k1.eml", "with spool paths");
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(ids);

	CHECK_INT(records_set_state(r, id1, RECORDS_JUDGED, &err), 0,
	    "set state JUDGED");
	records_lookup_key(r, "k1", &state);
	CHECK_INT(state, RECORDS_JUDGED, "state read back");
	records_pending(r, &ids, &paths, &n, &err);
	CHECK_INT(n, 5, "a judged message is no longer pending");
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(ids);
	CHECK_INT(records_set_state(r, 99999, RECORDS_DONE, &err), -1,
	    "unknown message: -1");
	CHECK(err != NULL && strstr(err, "99999") != NULL, "error names it");
	free(err);
}

static void
want_receipt(struct records *r, const char *prefix, int year,
    const char *want, const char *what)
{
	char *err = NULL, *s = records_next_receipt(r, prefix, year, &err);

	if (s == NULL)
		printf("# %s\n", err);
	CHECK_STR(s, want, "%s", what);
	free(s);
	free(err);
}

static void
test_receipts(struct records *r)
{
	char *err = NULL, *s;

	s = records_next_receipt(r, "MH", 2024, &err);
	CHECK(s == NULL && err != NULL, "outside a transaction: refused");
	free(s);
	free(err);
	err = NULL;

	records_begin(r, &err);
	want_receipt(r, "MH", 2024, "MH-2024-000001", "first number");
	want_receipt(r, "MH", 2024, "MH-2024-000002", "second number");
	want_receipt(r, "MH", 2024, "MH-2024-000003", "third number");
	want_receipt(r, "XH", 2024, "XH-2024-000001", "per prefix");
	want_receipt(r, "MH", 2025, "MH-2025-000001", "per year");
	CHECK_INT(records_commit(r, &err), 0, "commit");
	CHECK_INT(records_commit(r, &err), -1, "commit without begin: -1");
	free(err);
	err = NULL;

	records_begin(r, &err);
	want_receipt(r, "MH", 2024, "MH-2024-000004", "fourth number");
	records_rollback(r);
	records_begin(r, &err);
	want_receipt(r, "MH", 2024, "MH-2024-000004",
	    "after a rollback the same number again: no gap");
	records_commit(r, &err);
	CHECK_INT(q_int("SELECT last FROM receipt_counters WHERE prefix = 'MH'"
	    " AND year = 2024", 0), 4, "counter row holds the last number");
}

static struct verdict *
make_verdict(const char *receipt)
{
	struct verdict *v = verdict_new();
	struct verdict_person *p;

	v->status = VERDICT_ACCEPTED;
	verdict_set(&v->center, "minhang");
	verdict_set(&v->business, "points-new");
	verdict_set(&v->company, "某某科技有限公司");
	verdict_set(&v->from, "hr@example.com");
	verdict_set(&v->subject, "积分申请-某某科技-2人");
	verdict_set(&v->receipt, receipt);
	v->declared_count = 2;
	p = verdict_add_person(v, "张三");
	verdict_set(&p->id_number, "31010119900101123X");
	verdict_set(&p->archive, "张三.zip");
	verdict_add_file(p, "张三/身份证.jpg", "image/jpeg",
	    (const unsigned char *)"jpeg", 4);
	verdict_add_file(p, "张三/学历.pdf", "application/pdf",
	    (const unsigned char *)"%PDF-1.4", 8);
	verdict_add_missing(p, "social-security");
	p = verdict_add_person(v, "李四");
	verdict_add_file(p, "李四.jpg", "image/jpeg",
	    (const unsigned char *)"jpeg2", 5);
	verdict_add_problem(v, "material-missing", "张三", NULL,
	    "social-security", "张三缺少%s", "社保证明");
	verdict_add_problem(v, "contact-missing", NULL, NULL, NULL,
	    "正文中没有联系电话");
	return v;
}

static long long
test_submissions(struct records *r, long long msg)
{
	const char *paths[] = { "files/1/张三/身份证.jpg", NULL,
	    "files/1/李四/李四.jpg" };
	struct verdict *v = make_verdict("MH-2024-000001");
	char *err = NULL, *s;
	long long sub, sub2;

	sub = records_add_submission(r, msg, v, "{\"status\":\"accepted\"}",
	    paths, &err);
	CHECK(sub > 0, "add a submission (%s)", err ? err : "");
	CHECK_INT(q_int("SELECT count(*) FROM persons WHERE submission = ?",
	    sub), 2, "two persons");
	CHECK_INT(q_int("SELECT count(*) FROM files f JOIN persons p ON"
	    " p.id = f.person WHERE p.submission = ?", sub), 3, "three files");
	CHECK_INT(q_int("SELECT count(*) FROM files f JOIN persons p ON"
	    " p.id = f.person WHERE p.submission = ? AND f.path IS NOT NULL",
	    sub), 2, "NULL file paths stay NULL");
	s = q_text("SELECT f.path FROM files f JOIN persons p ON"
	    " p.id = f.person WHERE p.submission = ? AND p.name = '李四'", sub);
	CHECK_STR(s, "files/1/李四/李四.jpg", "file paths counted through "
	    "persons in order");
	free(s);
	CHECK_INT(q_int("SELECT count(*) FROM problems WHERE submission = ?",
	    sub), 2, "two problems");
	CHECK_INT(q_int("SELECT count(*) FROM history WHERE submission = ?"
	    " AND event = 'received'", sub), 1, "history: received");
	s = q_text("SELECT receipt || ' ' || status || ' ' || declared_count"
	    " FROM submissions WHERE id = ?", sub);
	CHECK_STR(s, "MH-2024-000001 accepted 2", "receipt, status, count");
	free(s);
	s = q_text("SELECT missing FROM persons WHERE submission = ?"
	    " AND name = '张三'", sub);
	CHECK_STR(s, "[\"social-security\"]", "missing items as JSON");
	free(s);
	s = q_text("SELECT sha256 FROM files WHERE name = '张三/身份证.jpg'"
	    " AND ? > 0", sub);
	CHECK(s != NULL && strlen(s) == 64, "file SHA-256 stored");
	free(s);
	s = q_text("SELECT detail FROM problems WHERE submission = ?"
	    " AND code = 'material-missing'", sub);
	CHECK_STR(s, "张三缺少社保证明", "problem detail (Chinese) stored");
	free(s);

	/* The same receipt twice breaks UNIQUE: nothing of it is kept. */
	sub2 = records_add_submission(r, msg, v, NULL, NULL, &err);
	CHECK_INT(sub2, -1, "a receipt used twice is refused");
	CHECK(err != NULL && strstr(err, "UNIQUE") != NULL, "error says why "
	    "(%s)", err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(q_int("SELECT count(*) FROM persons", 0), 2,
	    "its own transaction rolled back");
	verdict_free(v);

	v = make_verdict(NULL);
	v->status = VERDICT_REVIEW;
	v->declared_count = -1;
	sub2 = records_add_submission(r, msg, v, NULL, NULL, &err);
	CHECK(sub2 > sub, "a second submission without receipt or paths");
	CHECK_INT(q_int("SELECT declared_count FROM submissions WHERE id = ?",
	    sub2), -1, "undeclared count stored as NULL");
	CHECK_INT(q_int("SELECT count(*) FROM files WHERE path IS NULL", 0), 4,
	    "no paths: every path NULL");
	verdict_free(v);

	CHECK_INT(records_add_history(r, sub, "staff:王", "decided", "accept",
	    &err), 0, "add history");
	CHECK_INT(q_int("SELECT count(*) FROM history WHERE submission = ?",
	    sub), 2, "history has two entries");
	CHECK_INT(records_add_history(r, 99999, "x", "y", NULL, &err), -1,
	    "history of an unknown submission: foreign key refuses");
	free(err);
	return sub;
}

static void
test_replies(struct records *r, long long sub, long long msg)
{
	const char *raw = "From: a\r\nTo: b\r\n\r\n已收到\r\n";
	struct records_due *d = NULL;
	time_t now = time(NULL);
	long long rep, rep2, rep3;
	char *err = NULL, *s;
	size_t n = 0;

	rep = records_add_reply(r, sub, "accepted", "HR@Example.com", "回执",
	    "<r1@intake>", raw, strlen(raw), NULL, &err);
	CHECK(rep > 0, "add a reply (%s)", err ? err : "");
	CHECK_INT(records_due_replies(r, now, &d, &n, &err), 0, "due replies");
	CHECK_INT(n, 1, "one due");
	if (n == 1) {
		CHECK(d[0].id == rep && d[0].submission == sub &&
		    d[0].msg == msg, "ids: reply, submission, message");
		CHECK_STR(d[0].state, "due", "state due");
		CHECK_STR(d[0].rcpt, "HR@Example.com", "rcpt");
		CHECK_STR(d[0].msgid, "<r1@intake>", "msgid");
		CHECK(d[0].len == strlen(raw) &&
		    memcmp(d[0].msg_text, raw, d[0].len) == 0 &&
		    d[0].msg_text[d[0].len] == '\0', "message text");
		CHECK_INT(d[0].attempts, 0, "no attempts yet");
	}
	records_due_free(d, n);
	CHECK_INT(records_replies_since(r, "hr@example.com", now - 60), 0,
	    "a due reply does not count for the rate limit");

	CHECK_INT(records_reply_sending(r, rep, &err), 0, "mark sending");
	records_due_replies(r, now, &d, &n, &err);
	CHECK(n == 1 && strcmp(d[0].state, "sending") == 0,
	    "a sending reply is still listed (crash recovery)");
	records_due_free(d, n);
	CHECK_INT(records_replies_since(r, "hr@EXAMPLE.com", now - 60), 1,
	    "sending counts; rcpt is case-insensitive");
	CHECK_INT(records_reply_sent(r, rep, now, &err), 0, "mark sent");
	records_due_replies(r, now, &d, &n, &err);
	CHECK_INT(n, 0, "a sent reply is not due");
	records_due_free(d, n);
	CHECK_INT(records_replies_since(r, "hr@example.com", now - 60), 1,
	    "sent counts");
	CHECK_INT(records_replies_since(r, "hr@example.com", now + 3600), 0,
	    "not before `since`");
	CHECK_INT(records_replies_since(r, "other@example.com", now - 60), 0,
	    "other recipients do not count");
	CHECK_INT(records_reply_sending(r, rep, &err), -1,
	    "a sent reply cannot be sent again");
	free(err);
	err = NULL;

	rep2 = records_add_reply(r, sub, "rejected", "x@example.com", "s",
	    "<r2@intake>", raw, strlen(raw), "due", &err);
	records_reply_sending(r, rep2, &err);
	CHECK_INT(records_reply_failed(r, rep2, "421 try later", 0, now + 600,
	    &err), 0, "a temporary failure");
	records_due_replies(r, now, &d, &n, &err);
	CHECK_INT(n, 0, "not due before next_attempt");
	records_due_free(d, n);
	records_due_replies(r, now + 600, &d, &n, &err);
	CHECK(n == 1 && d[0].id == rep2 && d[0].attempts == 1 &&
	    strcmp(d[0].state, "due") == 0,
	    "due again at next_attempt, attempts 1, state due");
	records_due_free(d, n);
	s = q_text("SELECT error FROM replies WHERE id = ?", rep2);
	CHECK_STR(s, "421 try later", "the error is kept");
	free(s);
	CHECK_INT(records_reply_failed(r, rep2, "550 no such user", 1, 0,
	    &err), 0, "a permanent failure");
	records_due_replies(r, now + 100000, &d, &n, &err);
	CHECK_INT(n, 0, "a failed reply is never due");
	records_due_free(d, n);
	s = q_text("SELECT state || ' ' || attempts FROM replies WHERE id = ?",
	    rep2);
	CHECK_STR(s, "failed 2", "state failed, two attempts");
	free(s);

	rep3 = records_add_reply(r, sub, "accepted", "y@example.com", "s",
	    NULL, "", 0, "suppressed", &err);
	CHECK(rep3 > 0, "a suppressed reply is recorded");
	records_due_replies(r, now + 100000, &d, &n, &err);
	CHECK_INT(n, 0, "and never due");
	records_due_free(d, n);
	CHECK_INT(records_add_reply(r, sub, "x", "z@example.com", "s", NULL,
	    raw, 3, "bogus", &err), -1, "an unknown state is refused");
	free(err);
	err = NULL;
	CHECK_INT(records_reply_sent(r, 99999, now, &err), -1,
	    "an unknown reply: -1");
	free(err);
}

static void
test_lock(void)
{
	char *err = NULL, *want, *lp, *content;
	size_t len;
	pid_t pid;
	int fd, fd2, status;

	fd = records_lock(db_path, &err);
	CHECK(fd >= 0, "take the lock (%s)", err ? err : "");
	lp = xasprintf("%s.lock", db_path);
	content = read_file(lp, &len);
	want = xasprintf("%ld\n", (long)getpid());
	CHECK_STR(content, want, "our pid is in the lock file");
	free(content);
	free(lp);
	free(want);

	fd2 = records_lock(db_path, &err);
	want = xasprintf("another intake (pid %ld) is using %s",
	    (long)getpid(), db_path);
	CHECK_INT(fd2, -1, "a second lock fails");
	CHECK_STR(err, want, "and names the holder");
	free(err);
	err = NULL;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd2 = records_lock(db_path, &err);
		_exit(fd2 == -1 && err != NULL && strcmp(err, want) == 0 ?
		    0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
	    WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "another process cannot take it either");
	free(want);

	close(fd);
	fd = records_lock(db_path, &err);
	CHECK(fd >= 0, "free again once closed");

	/* A daemon killed just after forking a reader: the reader still
	 * shares the lock for a moment, the file names a dead daemon.  The
	 * next start waits for the reader instead of refusing. */
	fflush(stdout);
	if ((pid = fork()) == 0) {
		usleep(300 * 1000);
		_exit(0);		/* the reader lets the lock go */
	}
	{
		pid_t dead = fork();
		char line[32];
		int n;

		if (dead == 0)
			_exit(0);
		waitpid(dead, &status, 0);
		n = snprintf(line, sizeof line, "%ld\n", (long)dead);
		CHECK(ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n,
		    0) == n, "the lock file names a daemon that is gone");
	}
	close(fd);
	fd = records_lock(db_path, &err);
	CHECK(fd >= 0, "taken once the orphaned reader let go (%s)",
	    fd >= 0 ? "" : err);
	CHECK(waitpid(pid, &status, WNOHANG) == pid,
	    "and only after it did");
	if (fd >= 0)
		close(fd);
	fd = records_lock("/nonexistent/dir/x.db", &err);
	CHECK(fd == -1 && err != NULL && strstr(err, "/nonexistent/dir/x.db"
	    ".lock: No such file") != NULL, "an unusable path is named (%s)",
	    err ? err : "");
	free(err);
}

int
main(void)
{
	struct records *r;
	char *err = NULL, *cmd;
	long long msg = 0, sub;

	if (mkdtemp(tmpdir) == NULL) {
		CHECK(0, "mkdtemp");
		return UNIT_DONE();
	}
	db_path = xasprintf("%s/intake.db", tmpdir);
	test_open();
	test_migrations();
	r = records_open(db_path, INTAKE_SRCDIR "/schemas", &err);
	CHECK(r != NULL, "open for the rest (%s)", err ? err : "");
	if (r == NULL || peek == NULL)
		return UNIT_DONE();
	test_arrivals(r, &msg);
	test_receipts(r);
	sub = test_submissions(r, msg);
	test_replies(r, sub, msg);
	records_close(r);
	test_lock();
	sqlite3_close(peek);
	free(db_path);
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	CHECK_INT(system(cmd), 0, "remove temp dir");
	free(cmd);
	return UNIT_DONE();
}
