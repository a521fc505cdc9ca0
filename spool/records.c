/*
 * records.c — see records.h: opening, migrations, and the daemon's path
 * (arrivals, submissions, replies).  One SQLite connection; every
 * statement is prepared with bound parameters (records-sql.c) and
 * finalized before the call returns.
 * The only SQL not written here is the migrations' (schemas/NNN-*.sql)
 * and PRAGMA user_version, which cannot take a parameter.
 */
#include "records-impl.h"
#include "log.h"
#include "privacy.h"
#include "util.h"

#include <sys/file.h>
#include <sys/types.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUSY_MS		10000	/* a staff command holding the write lock */


/* ---- opening and migrations ---- */

struct rec_migration {
	long	 version;
	char	*name;
};

static int
rec_migration_cmp(const void *a, const void *b)
{
	const struct rec_migration *x = a, *y = b;

	return x->version < y->version ? -1 : x->version > y->version;
}

/* NNN-*.sql: the version, or 0 when the name is not a migration. */
static long
rec_migration_version(const char *name)
{
	size_t len = strlen(name), i;
	long v = 0;

	for (i = 0; name[i] >= '0' && name[i] <= '9'; i++) {
		if (v > 100000000)
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	if (i == 0 || name[i] != '-' || len < i + 5 ||
	    strcmp(name + len - 4, ".sql") != 0)
		return 0;
	return v;
}

static int
rec_apply(struct records *r, const char *dir, const struct rec_migration *m,
    char **err)
{
	char *path = xasprintf("%s/%s", dir, m->name), *sql, *msg = NULL;
	char pragma[64];
	long long cur;
	size_t len;

	if ((sql = read_file(path, &len)) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	if (rec_exec(r, "BEGIN IMMEDIATE", err) == -1)
		goto fail;
	/* Another process may have migrated while we waited for the lock. */
	if (rec_int_query(r, "PRAGMA user_version", &cur, err) == -1)
		goto rollback;
	if (cur >= m->version)
		goto commit;
	if (sqlite3_exec(r->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		*err = xasprintf("%s: %s", path,
		    msg ? msg : sqlite3_errmsg(r->db));
		sqlite3_free(msg);
		goto rollback;
	}
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %ld",
	    m->version);
	if (rec_exec(r, pragma, err) == -1)
		goto rollback;
commit:
	if (rec_exec(r, "COMMIT", err) == -1)
		goto rollback;
	log_info("event=migrated database=%s version=%ld file=%s", r->path,
	    m->version, m->name);
	free(sql);
	free(path);
	return 0;
rollback:
	if (!sqlite3_get_autocommit(r->db))
		(void)sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
fail:
	free(sql);
	free(path);
	return -1;
}

static int
rec_migrate(struct records *r, const char *dir, char **err)
{
	struct rec_migration *m = NULL;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	long long cur;
	long v;
	DIR *d;
	int rc = -1;

	if ((d = opendir(dir)) == NULL) {
		*err = xasprintf("%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if ((v = rec_migration_version(de->d_name)) <= 0)
			continue;
		xgrow((void **)&m, &cap, n, sizeof(*m));
		m[n].version = v;
		m[n].name = xstrdup(de->d_name);
		n++;
	}
	closedir(d);
	if (n == 0) {
		*err = xasprintf("%s: no database schema (NNN-*.sql)", dir);
		goto out;
	}
	qsort(m, n, sizeof(*m), rec_migration_cmp);
	for (i = 1; i < n; i++)
		if (m[i].version == m[i - 1].version) {
			*err = xasprintf("%s: %s and %s have the same number",
			    dir, m[i - 1].name, m[i].name);
			goto out;
		}
	if (rec_int_query(r, "PRAGMA user_version", &cur, err) == -1)
		goto out;
	/* An older program must not write a schema it does not know. */
	if (cur > m[n - 1].version) {
		*err = xasprintf("%s: schema version %lld is newer than this "
		    "intake knows (%ld in %s)", r->path, cur,
		    m[n - 1].version, dir);
		goto out;
	}
	for (i = 0; i < n; i++)
		if (m[i].version > cur && rec_apply(r, dir, &m[i], err) == -1)
			goto out;
	rc = 0;
out:
	for (i = 0; i < n; i++)
		free(m[i].name);
	free(m);
	return rc;
}

/* A database others can read is reported, once per open (start-up). */
static void
rec_privacy(const char *path)
{
	char *w = privacy_exposed(path, NULL), *line, *next;

	for (line = w; line && *line; line = next) {
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		log_warn("event=privacy warning=\"%s\"", line);
		if (next == NULL)
			break;
	}
	free(w);
}

struct records *
records_open(const char *path, const char *sql_dir, char **err)
{
	struct records *r = xcalloc(1, sizeof(*r));
	sqlite3_stmt *st = NULL;
	const unsigned char *mode;
	long long fk;
	int rc;

	r->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &r->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		*err = xasprintf("%s: %s", path, r->db != NULL ?
		    sqlite3_errmsg(r->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (sqlite3_busy_timeout(r->db, BUSY_MS) != SQLITE_OK) {
		rec_fail(r, err);
		goto fail;
	}
	/* journal_mode answers with the mode it got: a database that
	 * cannot do WAL (some network file systems) says something else. */
	if ((st = rec_stmt(r, err, "PRAGMA journal_mode = WAL", "")) == NULL)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rec_fail(r, err);
		goto fail;
	}
	mode = sqlite3_column_text(st, 0);
	if (mode == NULL || ascii_casecmp((const char *)mode, "wal") != 0) {
		*err = xasprintf("%s: cannot use WAL (journal mode %s)", path,
		    mode ? (const char *)mode : "unknown");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* Both are per connection, not stored in the database. */
	if (rec_exec(r, "PRAGMA synchronous = FULL", err) == -1 ||
	    rec_exec(r, "PRAGMA foreign_keys = ON", err) == -1 ||
	    rec_int_query(r, "PRAGMA foreign_keys", &fk, err) == -1)
		goto fail;
	if (fk != 1) {
		*err = xasprintf("%s: SQLite without foreign keys", path);
		goto fail;
	}
	if (rec_migrate(r, sql_dir, err) == -1)
		goto fail;
	rec_privacy(path);
	return r;
fail:
	sqlite3_finalize(st);
	records_close(r);
	return NULL;
}

struct records *
records_open_readonly(const char *path, char **err)
{
	struct records *r;

	/* Never created here: a read-only command must not make a
	 * database where the daemon has not made one. */
	if (access(path, R_OK) != 0) {
		*err = xasprintf("database %s: %s", path, strerror(errno));
		return NULL;
	}
	r = xcalloc(1, sizeof(*r));
	r->path = xstrdup(path);
	r->readonly = 1;
	/* A command's handle is used by one thread: no per-call mutex
	 * (the report makes a million column calls). */
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK || sqlite3_busy_timeout(r->db, BUSY_MS) != SQLITE_OK) {
		*err = xasprintf("database %s: %s", path, r->db != NULL ?
		    sqlite3_errmsg(r->db) : "cannot open");
		records_close(r);
		return NULL;
	}
	return r;
}

const char *
records_errmsg(struct records *r)
{
	return sqlite3_errmsg(r->db);
}

void
records_close(struct records *r)
{
	if (r == NULL)
		return;
	if (r->db != NULL) {
		records_rollback(r);
		/* Every statement is finalized by the call that made it, so
		 * this cannot be busy. */
		sqlite3_close(r->db);
	}
	free(r->path);
	free(r);
}

/* The pid written in the lock file by its holder; 0 when unknown. */
static long
lock_owner(int fd)
{
	char pid[32];
	ssize_t n;

	n = pread(fd, pid, sizeof(pid) - 1, 0);
	pid[n > 0 ? n : 0] = '\0';
	return strtol(pid, NULL, 10);
}

int
records_lock(const char *db_path, char **err)
{
	const struct timespec pause = { 0, 50 * 1000 * 1000 };
	char *path = xasprintf("%s.lock", db_path), pid[32];
	ssize_t n;
	long other;
	int fd, e, tries;

	/* O_CLOEXEC: a sendmail child must not keep the lock alive. */
	if ((fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600)) == -1) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	for (tries = 0; flock(fd, LOCK_EX | LOCK_NB) == -1; tries++) {
		e = errno;
		if (e != EWOULDBLOCK) {
			*err = xasprintf("%s: %s", path, strerror(e));
			goto fail;
		}
		/* A reader forked just before its daemon was killed shares
		 * the lock until it closes the daemon's descriptors, which a
		 * loaded machine may take a while to let it do: when the
		 * holder written in the file is gone, wait (up to 2 s). */
		other = lock_owner(fd);
		if (tries < 40 && other > 0 && kill((pid_t)other, 0) == -1 &&
		    errno == ESRCH) {
			nanosleep(&pause, NULL);
			continue;
		}
		if (other > 0)
			*err = xasprintf("another intake (pid %ld) is using %s",
			    other, db_path);
		else
			*err = xasprintf("another intake is using %s", db_path);
		goto fail;
	}
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || pwrite(fd, pid, (size_t)n, 0) != n) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	free(path);
	return fd;
fail:
	close(fd);
	free(path);
	return -1;
}

/* ---- transactions ---- */

int
records_begin(struct records *r, char **err)
{
	if (r->in_tx) {
		*err = xasprintf("%s: a transaction is already open", r->path);
		return -1;
	}
	/* IMMEDIATE takes the write lock now: a deferred transaction that
	 * read first could fail later with SQLITE_BUSY_SNAPSHOT. */
	if (rec_exec(r, "BEGIN IMMEDIATE", err) == -1)
		return -1;
	r->in_tx = 1;
	return 0;
}

int
records_commit(struct records *r, char **err)
{
	if (!r->in_tx) {
		*err = xasprintf("%s: no transaction to commit", r->path);
		return -1;
	}
	if (rec_exec(r, "COMMIT", err) == -1) {
		/* A COMMIT that failed may leave the transaction open: undo
		 * it so that the caller's retry starts clean. */
		records_rollback(r);
		return -1;
	}
	r->in_tx = 0;
	return 0;
}

void
records_rollback(struct records *r)
{
	if (r == NULL)
		return;
	/* SQLite may already have rolled back (disk full, I/O error). */
	if (!sqlite3_get_autocommit(r->db))
		(void)sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
	r->in_tx = 0;
}


/* ---- messages ---- */

static const char *const rec_states[] = {
	[RECORDS_UNKNOWN] = NULL,
	[RECORDS_SPOOLED] = "spooled",
	[RECORDS_JUDGED] = "judged",
	[RECORDS_DONE] = "done",
};

static enum records_state
rec_state(const unsigned char *s)
{
	size_t i;

	for (i = 1; s != NULL && i < sizeof(rec_states) / sizeof(*rec_states);
	    i++)
		if (strcmp((const char *)s, rec_states[i]) == 0)
			return (enum records_state)i;
	return RECORDS_UNKNOWN;
}

long long
records_lookup_key(struct records *r, const char *key,
    enum records_state *state)
{
	sqlite3_stmt *st;
	char *err = NULL;
	long long id = 0;
	int rc;

	if (state != NULL)
		*state = RECORDS_UNKNOWN;
	st = rec_stmt(r, &err, "SELECT id, state FROM messages WHERE key = ?",
	    "t", key);
	if (st == NULL)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (state != NULL)
			*state = rec_state(sqlite3_column_text(st, 1));
	} else if (rc != SQLITE_DONE) {
		rec_fail(r, &err);
		goto fail;
	}
	sqlite3_finalize(st);
	return id;
fail:
	/* No error channel in this call: "unknown" makes the caller record
	 * the arrival, which reports the same failure. */
	log_error("event=records-lookup key=%s error=\"%s\"",
	    key ? key : "", err);
	free(err);
	sqlite3_finalize(st);
	return 0;
}

long long
records_add_arrival(struct records *r, const struct records_arrival *a,
    long long *dup_of, char **err)
{
	sqlite3_stmt *st = NULL;
	const char *mid;
	long long id = -1, dup = 0;
	int own, rc;

	if (dup_of != NULL)
		*dup_of = 0;
	if (a->key == NULL || a->sha256 == NULL) {
		*err = xasprintf("%s: an arrival needs a key and a SHA-256",
		    r->path);
		return -1;
	}
	/* An empty Message-ID is no Message-ID: it must not make every
	 * such message a duplicate of the first. */
	mid = a->message_id != NULL && *a->message_id != '\0' ?
	    a->message_id : NULL;
	if (rec_own_begin(r, &own, err) == -1)
		return -1;
	st = rec_stmt(r, err, "SELECT id, dup_of FROM messages WHERE key = ?",
	    "t", a->key);
	if (st == NULL)
		goto fail;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		dup = sqlite3_column_int64(st, 1);	/* NULL reads 0 */
		goto done;
	}
	if (rc != SQLITE_DONE) {
		rec_fail(r, err);
		goto fail;
	}
	sqlite3_finalize(st);
	/* Two indexed lookups; an OR would scan. */
	st = rec_stmt(r, err,
	    "SELECT min(id) FROM ("
	    " SELECT id FROM messages WHERE sha256 = ?1"
	    " UNION ALL SELECT id FROM messages WHERE message_id = ?2)",
	    "tt", a->sha256, mid);
	if (st == NULL)
		goto fail;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rec_fail(r, err);
		goto fail;
	}
	dup = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = rec_stmt(r, err,
	    "INSERT INTO messages (key, mailbox, sha256, message_id, sender,"
	    " spool_path, received_at, state, dup_of)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, 'spooled', ?)",
	    "ttttttiI", a->key, a->mailbox, a->sha256, mid, a->sender,
	    a->spool_path, (long long)time(NULL), dup);
	if (st == NULL || rec_step_done(r, st, err) == -1)
		goto fail;
	id = sqlite3_last_insert_rowid(r->db);
done:
	sqlite3_finalize(st);
	if (rec_own_end(r, own, 1, err) == -1)
		return -1;
	if (dup_of != NULL)
		*dup_of = dup;
	return id;
fail:
	sqlite3_finalize(st);
	rec_own_end(r, own, 0, err);
	return -1;
}

int
records_pending(struct records *r, long long **ids, char ***paths,
    size_t *n, char **err)
{
	sqlite3_stmt *st;
	size_t cap_i = 0, cap_p = 0, i;
	int rc;

	*ids = NULL;
	*paths = NULL;
	*n = 0;
	st = rec_stmt(r, err, "SELECT id, spool_path FROM messages"
	    " WHERE state = 'spooled' ORDER BY id", "");
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)ids, &cap_i, *n, sizeof(**ids));
		xgrow((void **)paths, &cap_p, *n, sizeof(**paths));
		(*ids)[*n] = sqlite3_column_int64(st, 0);
		(*paths)[*n] = rec_col_dup(st, 1);
		(*n)++;
	}
	if (rc != SQLITE_DONE) {
		rec_fail(r, err);
		sqlite3_finalize(st);
		for (i = 0; i < *n; i++)
			free((*paths)[i]);
		free(*ids);
		free(*paths);
		*ids = NULL;
		*paths = NULL;
		*n = 0;
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
records_set_state(struct records *r, long long msg, enum records_state s,
    char **err)
{
	int changed;

	if (s <= RECORDS_UNKNOWN || s > RECORDS_DONE) {
		*err = xasprintf("%s: bad message state %d", r->path, (int)s);
		return -1;
	}
	changed = rec_run(r, err, "UPDATE messages SET state = ? WHERE id = ?",
	    "ti", rec_states[s], msg);
	if (changed == -1)
		return -1;
	if (changed == 0) {
		*err = xasprintf("%s: no message %lld", r->path, msg);
		return -1;
	}
	return 0;
}

/* ---- submissions ---- */

char *
records_next_receipt(struct records *r, const char *prefix, int year,
    char **err)
{
	sqlite3_stmt *st;
	long long last;

	/* Outside a transaction a later failure would leave a gap. */
	if (!r->in_tx) {
		*err = xasprintf("%s: a receipt number is taken inside the "
		    "transaction that stores it", r->path);
		return NULL;
	}
	if (prefix == NULL || *prefix == '\0') {
		*err = xasprintf("%s: no receipt prefix", r->path);
		return NULL;
	}
	if (rec_run(r, err, "INSERT OR IGNORE INTO receipt_counters"
	    " (prefix, year, last) VALUES (?, ?, 0)", "ti", prefix,
	    (long long)year) == -1)
		return NULL;
	st = rec_stmt(r, err, "UPDATE receipt_counters SET last = last + 1"
	    " WHERE prefix = ? AND year = ? RETURNING last", "ti", prefix,
	    (long long)year);
	if (st == NULL)
		return NULL;
	if (sqlite3_step(st) != SQLITE_ROW) {
		rec_fail(r, err);
		sqlite3_finalize(st);
		return NULL;
	}
	last = sqlite3_column_int64(st, 0);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rec_fail(r, err);
		sqlite3_finalize(st);
		return NULL;
	}
	sqlite3_finalize(st);
	return xasprintf("%s-%d-%06lld", prefix, year, last);
}

/* The person's missing material keys as a JSON array. */
static char *
rec_missing_json(const struct verdict_person *p)
{
	json_t *a = json_array(), *s;
	char *out;
	size_t i;

	for (i = 0; i < p->n_missing; i++)
		if ((s = json_string(p->missing[i])) != NULL)
			json_array_append_new(a, s);
	out = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	if (out == NULL)
		abort();	/* jansson fails only on out-of-memory */
	return out;
}

static long long rec_store_submission(struct records *, long long,
    long long, const struct verdict *, const char *, const char *const *,
    char **);

long long
records_add_submission(struct records *r, long long msg,
    const struct verdict *v, const char *verdict_json,
    const char *const *file_paths, char **err)
{
	return rec_store_submission(r, 0, msg, v, verdict_json, file_paths,
	    err);
}

long long
records_update_submission(struct records *r, long long sub, long long msg,
    const struct verdict *v, const char *verdict_json,
    const char *const *file_paths, char **err)
{
	return rec_store_submission(r, sub, msg, v, verdict_json, file_paths,
	    err);
}

/* Inserts a submission (old == 0) or replaces everything judged about
 * submission old with v (a resubmission: msg is the new mail). */
static long long
rec_store_submission(struct records *r, long long old, long long msg,
    const struct verdict *v, const char *verdict_json,
    const char *const *file_paths, char **err)
{
	sqlite3_stmt *st = NULL, *ps = NULL, *fs = NULL;
	const struct verdict_person *p;
	const struct verdict_file *f;
	const struct verdict_problem *q;
	long long sub = -1, pid, now = (long long)time(NULL);
	size_t i, k, at = 0;
	char *missing;
	int own, rc;

	if (rec_own_begin(r, &own, err) == -1)
		return -1;
	if (old > 0) {
		sub = old;
		if (rec_run(r, err, "UPDATE submissions SET status = ?1, "
		    "business = ?2, company = ?3, declared_count = ?4, "
		    "receipt = COALESCE(?5, receipt), verdict_json = ?6, "
		    "updated_at = ?7 WHERE id = ?8", "tttNttii",
		    verdict_status_name(v->status), v->business, v->company,
		    (long long)v->declared_count, v->receipt, verdict_json, now,
		    sub) != 1 ||
		    rec_run(r, err, "DELETE FROM persons WHERE submission = ?1",
		    "i", sub) < 0 ||
		    rec_run(r, err, "DELETE FROM problems WHERE submission = ?1",
		    "i", sub) < 0)
			goto fail;
		goto children;
	}
	st = rec_stmt(r, err,
	    "INSERT INTO submissions (msg, status, center, business, company,"
	    " sender, subject, declared_count, receipt, verdict_json,"
	    " created_at, updated_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "ittttttNttii", msg,
	    verdict_status_name(v->status), v->center, v->business,
	    v->company, v->from, v->subject, (long long)v->declared_count,
	    v->receipt, verdict_json, now, now);
	if (st == NULL || rec_step_done(r, st, err) == -1)
		goto fail;
	sub = sqlite3_last_insert_rowid(r->db);
	sqlite3_finalize(st);
	st = NULL;
children:
	if (sqlite3_prepare_v2(r->db, "INSERT INTO persons (submission, name,"
	    " business, id_number, archive, missing)"
	    " VALUES (?, ?, ?, ?, ?, ?)", -1, &ps, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "INSERT INTO files (person, name, type,"
	    " bytes, sha256, item, path, item_by, read_id_number, read_name)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1,
	    &fs, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(r->db, "INSERT INTO problems (submission, code,"
	    " person, file, item, detail) VALUES (?, ?, ?, ?, ?, ?)", -1,
	    &st, NULL) != SQLITE_OK) {
		rec_fail(r, err);
		goto fail;
	}
	for (i = 0; i < v->n_persons; i++) {
		p = v->persons[i];
		missing = rec_missing_json(p);
		rc = rec_bind(r, ps, err, "ittttt", sub, p->name, p->business,
		    p->id_number, p->archive, missing);
		if (rc == 0)
			rc = rec_step_done(r, ps, err);
		free(missing);
		if (rc == -1)
			goto fail;
		pid = sqlite3_last_insert_rowid(r->db);
		for (k = 0; k < p->n_files; k++, at++) {
			f = &p->files[k];
			if (rec_bind(r, fs, err, "ittitttttt", pid, f->name,
			    f->type, (long long)f->bytes,
			    f->sha256[0] ? f->sha256 : NULL, f->item,
			    file_paths && file_paths[at] ? file_paths[at] :
			    f->path, f->item_by, f->read_id_number,
			    f->read_name) == -1 ||
			    rec_step_done(r, fs, err) == -1)
				goto fail;
		}
	}
	for (i = 0; i < v->n_problems; i++) {
		q = &v->problems[i];
		if (rec_bind(r, st, err, "ittttt", sub, q->code, q->person,
		    q->file, q->item, q->detail) == -1 ||
		    rec_step_done(r, st, err) == -1)
			goto fail;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ps);
	sqlite3_finalize(fs);
	st = ps = fs = NULL;
	if (old > 0) {
		char *d = xasprintf("message %lld: %s", msg,
		    verdict_status_name(v->status));
		int hr = records_add_history(r, sub, "intake", "resubmitted", d,
		    err);
		free(d);
		if (hr == -1)
			goto fail;
	} else if (records_add_history(r, sub, "intake", "received",
	    verdict_status_name(v->status), err) == -1)
		goto fail;
	if (rec_own_end(r, own, 1, err) == -1)
		return -1;
	return sub;
fail:
	sqlite3_finalize(st);
	sqlite3_finalize(ps);
	sqlite3_finalize(fs);
	rec_own_end(r, own, 0, err);
	return -1;
}

int
records_add_history(struct records *r, long long submission,
    const char *actor, const char *event, const char *detail, char **err)
{
	if (rec_run(r, err, "INSERT INTO history (submission, at, actor,"
	    " event, detail) VALUES (?, ?, ?, ?, ?)", "iittt", submission,
	    (long long)time(NULL), actor ? actor : "intake", event,
	    detail) == -1)
		return -1;
	return 0;
}

/* ---- replies ---- */

long long
records_add_reply(struct records *r, long long submission, const char *kind,
    const char *rcpt, const char *subject, const char *msgid,
    const char *msg, size_t len, const char *state, char **err)
{
	long long now = (long long)time(NULL);

	if (rec_run(r, err, "INSERT INTO replies (submission, kind, rcpt,"
	    " subject, msgid, message, state, attempts, next_attempt,"
	    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
	    "Ittttbtii", submission, kind, rcpt, subject, msgid,
	    (const void *)msg, len, state ? state : "due", now, now) == -1)
		return -1;
	return sqlite3_last_insert_rowid(r->db);
}

int
records_due_replies(struct records *r, time_t now, struct records_due **out,
    size_t *n, char **err)
{
	struct records_due *d;
	sqlite3_stmt *st;
	const void *blob;
	size_t cap = 0, len;
	int rc;

	*out = NULL;
	*n = 0;
	st = rec_stmt(r, err,
	    "SELECT r.id, r.submission, s.msg, r.rcpt, r.msgid, r.state,"
	    " r.message, r.attempts"
	    " FROM replies r LEFT JOIN submissions s ON s.id = r.submission"
	    " WHERE r.state IN ('due', 'sending') AND r.next_attempt <= ?"
	    " ORDER BY r.id", "i", (long long)now);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n, sizeof(**out));
		d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(st, 0);
		d->submission = sqlite3_column_int64(st, 1);
		d->msg = sqlite3_column_int64(st, 2);
		d->rcpt = rec_col_dup(st, 3);
		d->msgid = rec_col_dup(st, 4);
		d->state = rec_col_dup(st, 5);
		blob = sqlite3_column_blob(st, 6);
		len = (size_t)sqlite3_column_bytes(st, 6);
		d->msg_text = xmalloc(len + 1);
		if (len > 0)
			memcpy(d->msg_text, blob, len);
		d->msg_text[len] = '\0';
		d->len = len;
		d->attempts = sqlite3_column_int(st, 7);
	}
	if (rc != SQLITE_DONE) {
		rec_fail(r, err);
		sqlite3_finalize(st);
		records_due_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

void
records_due_free(struct records_due *d, size_t n)
{
	size_t i;

	for (i = 0; d != NULL && i < n; i++) {
		free(d[i].rcpt);
		free(d[i].msgid);
		free(d[i].state);
		free(d[i].msg_text);
	}
	free(d);
}

/* An UPDATE of one reply: -1 with *err when no reply matched. */
static int
rec_reply_changed(struct records *r, long long reply, int changed,
    const char *why, char **err)
{
	if (changed == -1)
		return -1;
	if (changed == 0) {
		*err = xasprintf("%s: reply %lld %s", r->path, reply, why);
		return -1;
	}
	return 0;
}

int
records_reply_sending(struct records *r, long long reply, char **err)
{
	/* Only a reply still to send: never a second send of a sent one. */
	return rec_reply_changed(r, reply, rec_run(r, err,
	    "UPDATE replies SET state = 'sending'"
	    " WHERE id = ? AND state IN ('due', 'sending')", "i", reply),
	    "is not due", err);
}

int
records_reply_sent(struct records *r, long long reply, time_t when,
    char **err)
{
	return rec_reply_changed(r, reply, rec_run(r, err,
	    "UPDATE replies SET state = 'sent', sent_at = ?, error = NULL"
	    " WHERE id = ?", "ii", (long long)when, reply),
	    "does not exist", err);
}

int
records_reply_failed(struct records *r, long long reply, const char *error,
    int permanent, time_t next_attempt, char **err)
{
	int changed;

	if (permanent)
		changed = rec_run(r, err, "UPDATE replies SET state = 'failed',"
		    " attempts = attempts + 1, error = ? WHERE id = ?", "ti",
		    error, reply);
	else
		changed = rec_run(r, err, "UPDATE replies SET state = 'due',"
		    " attempts = attempts + 1, next_attempt = ?, error = ?"
		    " WHERE id = ?", "iti", (long long)next_attempt, error,
		    reply);
	return rec_reply_changed(r, reply, changed, "does not exist", err);
}

int
records_replies_since(struct records *r, const char *rcpt, time_t since)
{
	sqlite3_stmt *st;
	char *err = NULL;
	int count = -1;

	/* rcpt is COLLATE NOCASE in the schema, so its index serves. */
	st = rec_stmt(r, &err, "SELECT count(*) FROM replies WHERE rcpt = ?"
	    " AND state IN ('sending', 'sent')"
	    " AND coalesce(sent_at, created_at) >= ?", "ti", rcpt,
	    (long long)since);
	if (st != NULL && sqlite3_step(st) == SQLITE_ROW)
		count = sqlite3_column_int(st, 0);
	else if (st != NULL)
		rec_fail(r, &err);
	if (count == -1) {
		log_error("event=records-replies rcpt=%s error=\"%s\"",
		    rcpt ? rcpt : "", err);
		free(err);
	}
	sqlite3_finalize(st);
	return count;
}

int
records_find_submissions(struct records *r, const char *ref, long long ids[2])
{
	sqlite3_stmt *st;
	char *end, *err = NULL;
	long long n;
	int k = 0;

	if (ref == NULL || *ref == '\0')
		return 0;
	if (*ref == '#') {
		/* "#12", as the report shows a submission without a receipt:
		 * an internal id and nothing else. */
		n = strtoll(ref + 1, &end, 10);
		if (*end != '\0' || n <= 0 || !isdigit((unsigned char)ref[1]))
			return 0;
		ids[0] = rec_id(r, "SELECT id FROM submissions WHERE id = ?1",
		    "i", n);
		return ids[0] < 0 ? -1 : ids[0] > 0;
	}
	n = strtoll(ref, &end, 10);
	if (*end != '\0' || !isdigit((unsigned char)*ref))
		st = rec_stmt(r, &err, "SELECT id FROM submissions WHERE "
		    "receipt = ?1 LIMIT 2", "t", ref);
	else
		/* Bare digits: an internal id, or the serial number that ends
		 * a receipt, as read out on the telephone ("000012"). */
		st = rec_stmt(r, &err, "SELECT id FROM submissions WHERE id = "
		    "?1 UNION SELECT id FROM submissions WHERE receipt LIKE "
		    "'%-' || ?2 ORDER BY 1 LIMIT 2", "it", n, ref);
	if (st == NULL) {
		free(err);
		return -1;
	}
	while (k < 2 && sqlite3_step(st) == SQLITE_ROW)
		ids[k++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return k;
}

long long
records_find_submission(struct records *r, const char *ref)
{
	long long ids[2];
	int n = records_find_submissions(r, ref, ids);

	return n < 0 ? -1 : n == 1 ? ids[0] : 0;
}

long long
records_submission_by_reply(struct records *r, const char *msgid)
{
	return rec_id(r, "SELECT submission FROM replies WHERE msgid = ?1 "
	    "AND submission IS NOT NULL ORDER BY id DESC LIMIT 1", "t", msgid);
}

char *
records_submission_json(struct records *r, long long sub, char **status)
{
	sqlite3_stmt *st;
	char *err = NULL, *json = NULL;

	*status = NULL;
	/* A purged submission is closed for good: nothing joins it. */
	st = rec_stmt(r, &err, "SELECT verdict_json, status FROM submissions "
	    "WHERE id = ?1 AND purging_at IS NULL AND purged_at IS NULL", "i",
	    sub);
	if (st == NULL) {
		free(err);
		return NULL;
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		json = rec_col_dup(st, 0);
		*status = rec_col_dup(st, 1);
	}
	sqlite3_finalize(st);
	return json;
}
