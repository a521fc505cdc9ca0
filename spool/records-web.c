/* records-web.c — the console's staff accounts, sessions and failed
 * sign-ins; see records-web.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "records-impl.h"
#include "records-staff.h"
#include "records-web.h"
#include "util.h"

static const char *const role_names[] = {
	[STAFF_NONE] = "none",
	[STAFF_VIEW] = "view",
	[STAFF_DECIDE] = "decide",
	[STAFF_ADMIN] = "admin",
};

const char *
staff_role_name(enum staff_role r)
{
	return r <= STAFF_ADMIN ? role_names[r] : "none";
}

enum staff_role
staff_role_parse(const char *s)
{
	int r;

	for (r = STAFF_VIEW; s != NULL && r <= STAFF_ADMIN; r++)
		if (strcmp(s, role_names[r]) == 0)
			return (enum staff_role)r;
	return STAFF_NONE;
}

static int
st_fail(sqlite3 *db, char **err)
{
	*err = xasprintf("staff: %s", sqlite3_errmsg(db));
	return -1;
}

/* Prepares sql and binds 1, 2 ... from fmt: t const char * (NULL binds
 * NULL), i long long.  NULL with *err. */
static sqlite3_stmt *
st_prep(sqlite3 *db, char **err, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st = NULL;
	va_list ap;
	const char *s;
	int i, rc = SQLITE_OK;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		st_fail(db, err);
		return NULL;
	}
	va_start(ap, fmt);
	for (i = 0; fmt[i] && rc == SQLITE_OK; i++) {
		if (fmt[i] == 't') {
			s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i + 1, s, -1,
			    SQLITE_TRANSIENT) : sqlite3_bind_null(st, i + 1);
		} else
			rc = sqlite3_bind_int64(st, i + 1,
			    va_arg(ap, long long));
	}
	va_end(ap);
	if (rc != SQLITE_OK) {
		st_fail(db, err);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* Steps st to its end and finalizes it: the rows changed, or -1. */
static int
st_done(sqlite3 *db, sqlite3_stmt *st, char **err)
{
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st) == SQLITE_DONE ? sqlite3_changes(db) :
	    st_fail(db, err);
	sqlite3_finalize(st);
	return rc;
}

static char *
col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? xstrdup((const char *)s) : NULL;
}

void
staff_account_free(struct staff_account *a)
{
	if (a == NULL)
		return;
	free(a->name);
	free(a->pwhash);
	memset(a, 0, sizeof *a);
}

int
staff_add(struct records *rec, const char *name, enum staff_role role,
    const char *pwhash, time_t now, char **err)
{
	sqlite3 *db = rec->db;
	sqlite3_stmt *st;
	int rc;

	if ((st = st_prep(db, err, "INSERT INTO staff (name, role, pwhash, "
	    "created_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?4)", "ttti",
	    name, staff_role_name(role), pwhash, (long long)now)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) != SQLITE_DONE && rc != SQLITE_CONSTRAINT)
		st_fail(db, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 1 : rc == SQLITE_CONSTRAINT ? 0 : -1;
}

static int
end_sessions(sqlite3 *db, const char *name, char **err)
{
	return st_done(db, st_prep(db, err, "DELETE FROM sessions WHERE "
	    "staff = (SELECT id FROM staff WHERE name = ?1)", "t", name), err);
}

int
staff_set_password(struct records *rec, const char *name, const char *pwhash,
    time_t now, char **err)
{
	sqlite3 *db = rec->db;
	int n;

	if ((n = st_done(db, st_prep(db, err, "UPDATE staff SET pwhash = ?2, "
	    "changed_at = ?3 WHERE name = ?1", "tti", name, pwhash,
	    (long long)now), err)) <= 0)
		return n;
	return end_sessions(db, name, err) < 0 ? -1 : 1;
}

int
staff_disable(struct records *rec, const char *name, time_t now, char **err)
{
	sqlite3 *db = rec->db;
	int n;

	if ((n = st_done(db, st_prep(db, err, "UPDATE staff SET disabled = 1, "
	    "changed_at = ?2 WHERE name = ?1", "ti", name, (long long)now),
	    err)) <= 0)
		return n;
	return end_sessions(db, name, err) < 0 ? -1 : 1;
}

static void
fill_account(sqlite3_stmt *st, struct staff_account *a, int with_hash)
{
	a->id = sqlite3_column_int64(st, 0);
	a->name = col_dup(st, 1);
	a->role = staff_role_parse((const char *)sqlite3_column_text(st, 2));
	a->disabled = sqlite3_column_int(st, 3);
	a->pwhash = with_hash ? col_dup(st, 4) : NULL;
	a->created_at = (time_t)sqlite3_column_int64(st, 5);
	a->changed_at = (time_t)sqlite3_column_int64(st, 6);
}

#define ACCOUNT_COLS "id, name, role, disabled, pwhash, created_at, " \
	"changed_at"

int
staff_get(struct records *rec, const char *name, struct staff_account *out,
    char **err)
{
	sqlite3 *db = rec->db;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if ((st = st_prep(db, err, "SELECT " ACCOUNT_COLS " FROM staff "
	    "WHERE name = ?1", "t", name)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fill_account(st, out, 1);
	else if (rc != SQLITE_DONE)
		st_fail(db, err);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
staff_list(struct records *rec, struct staff_account **out, size_t *n,
    char **err)
{
	sqlite3 *db = rec->db;
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if ((st = st_prep(db, err, "SELECT " ACCOUNT_COLS " FROM staff "
	    "ORDER BY name", "")) == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		xgrow((void **)out, &cap, *n, sizeof **out);
		fill_account(st, &(*out)[(*n)++], 0);
	}
	if (rc != SQLITE_DONE)
		st_fail(db, err);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

void
staff_session_free(struct staff_session *s)
{
	if (s == NULL)
		return;
	free(s->name);
	free(s->csrf);
	memset(s, 0, sizeof *s);
}

int
staff_session_add(struct records *rec, const char *token_hash, long long staff,
    const char *csrf, const char *addr, time_t now, char **err)
{
	sqlite3 *db = rec->db;
	return st_done(db, st_prep(db, err, "INSERT INTO sessions (token_hash, "
	    "staff, csrf, addr, created_at, seen_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?5)", "titti", token_hash, staff, csrf, addr,
	    (long long)now), err) < 0 ? -1 : 0;
}

int
staff_session_get(struct records *rec, const char *token_hash, time_t now,
    int idle, struct staff_session *out, char **err)
{
	sqlite3 *db = rec->db;
	sqlite3_stmt *st;
	int rc, found = 0;

	memset(out, 0, sizeof *out);
	if ((st = st_prep(db, err, "SELECT s.staff, a.name, a.role, s.csrf, "
	    "s.seen_at, a.disabled FROM sessions s JOIN staff a ON a.id = "
	    "s.staff WHERE s.token_hash = ?1", "t", token_hash)) == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->staff = sqlite3_column_int64(st, 0);
		out->name = col_dup(st, 1);
		out->role = staff_role_parse((const char *)
		    sqlite3_column_text(st, 2));
		out->csrf = col_dup(st, 3);
		out->seen_at = (time_t)sqlite3_column_int64(st, 4);
		found = !sqlite3_column_int(st, 5) && out->role != STAFF_NONE &&
		    out->seen_at + idle >= now;
	} else if (rc != SQLITE_DONE)
		st_fail(db, err);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (rc == SQLITE_ROW && !found) {
		staff_session_free(out);
		if (staff_session_end(rec, token_hash, err) != 0)
			return -1;
	}
	return found;
}

int
staff_session_touch(struct records *rec, const char *token_hash, time_t now,
    char **err)
{
	sqlite3 *db = rec->db;
	return st_done(db, st_prep(db, err, "UPDATE sessions SET seen_at = ?2 "
	    "WHERE token_hash = ?1", "ti", token_hash, (long long)now), err) <
	    0 ? -1 : 0;
}

int
staff_session_end(struct records *rec, const char *token_hash, char **err)
{
	sqlite3 *db = rec->db;
	return st_done(db, st_prep(db, err, "DELETE FROM sessions WHERE "
	    "token_hash = ?1", "t", token_hash), err) < 0 ? -1 : 0;
}

int
staff_sessions_expire(struct records *rec, time_t before, char **err)
{
	sqlite3 *db = rec->db;
	return st_done(db, st_prep(db, err, "DELETE FROM sessions WHERE "
	    "seen_at < ?1", "i", (long long)before), err) < 0 ? -1 : 0;
}

int
staff_file_get(struct records *rec, long long id, struct records_file **out,
    char **err)
{
	sqlite3 *db = rec->db;
	sqlite3_stmt *st;
	struct records_file *f;
	int rc;

	*out = NULL;
	if ((st = st_prep(db, err, "SELECT f.id, p.submission, f.name, f.type, "
	    "f.bytes, f.item, f.path FROM files f JOIN persons p ON p.id = "
	    "f.person JOIN submissions s ON s.id = p.submission WHERE f.id = "
	    "?1 AND s.purging_at IS NULL AND s.purged_at IS NULL", "i", id)) ==
	    NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = f = xcalloc(1, sizeof *f);
		f->id = sqlite3_column_int64(st, 0);
		f->submission = sqlite3_column_int64(st, 1);
		f->name = col_dup(st, 2);
		f->type = col_dup(st, 3);
		f->bytes = sqlite3_column_int64(st, 4);
		f->item = col_dup(st, 5);
		f->path = col_dup(st, 6);
	} else if (rc != SQLITE_DONE)
		st_fail(db, err);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

int
staff_failures(struct records *rec, const char *name, const char *addr,
    time_t since, char **err)
{
	sqlite3 *db = rec->db;
	sqlite3_stmt *st;
	int n = -1;

	if ((st = st_prep(db, err, "SELECT max((SELECT count(*) FROM "
	    "login_failures WHERE name = ?1 AND at >= ?3), (SELECT count(*) "
	    "FROM login_failures WHERE addr = ?2 AND at >= ?3))", "tti", name,
	    addr, (long long)since)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	else
		st_fail(db, err);
	sqlite3_finalize(st);
	return n;
}

int
staff_failure_add(struct records *rec, const char *name, const char *addr,
    time_t now, char **err)
{
	sqlite3 *db = rec->db;
	return st_done(db, st_prep(db, err, "INSERT INTO login_failures (at, "
	    "name, addr) VALUES (?1, ?2, ?3)", "itt", (long long)now, name,
	    addr), err) < 0 ? -1 : 0;
}

int
staff_failures_clear(struct records *rec, const char *name, time_t before,
    char **err)
{
	sqlite3 *db = rec->db;
	return st_done(db, st_prep(db, err, "DELETE FROM login_failures WHERE "
	    "name = ?1 OR at < ?2", "ti", name, (long long)before), err) < 0 ?
	    -1 : 0;
}
