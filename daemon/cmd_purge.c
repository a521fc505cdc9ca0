/*
 * cmd_purge.c — `intake purge [--dry-run] [--older-than DAYS] [--by NAME]
 * [-c FILE]`: retention.  A submission closed (not in review, no reply
 * still to send) longer than retention_days — counted from its last
 * decision: updated_at or its newest history entry — loses its spooled
 * mail and extracted files, and its personal fields are blanked (names,
 * ID numbers, sender, subject, file names and paths, problem details, the
 * verdict JSON with phone and body, the replies' text and recipient, the
 * reason of a staff decision).  Kept: receipt number, dates, center,
 * business, company, status, problem codes and materials — statistics.
 *
 * Crash-safe and idempotent, in three steps per submission:
 *   1. purging_at is set (committed): the submission is taken;
 *   2. its files are removed (each removal idempotent);
 *   3. one transaction blanks the fields and sets purged_at.
 * A submission with purging_at but no purged_at is finished by the next
 * purge whatever its age.  --dry-run opens the database read-only and
 * only lists what would go.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cmd.h"
#include "env.h"
#include "records.h"
#include "spool.h"
#include "util.h"

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

struct purge_msg {
	long long	 id;
	char		*spool_path;	/* NULL: none, or shared and kept */
};

static int
purge_exec(sqlite3 *db, const char *sql, long long a, long long b,
    char **err)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto fail;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	rc = 0;
	goto out;
fail:
	*err = xasprintf("purge: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	return rc;
}

/* The messages of submission sub: the first, every resubmission named in
 * the history ("message N: ..."), every message whose files/N/ holds one
 * of its files.  A raw mail shared with a message of another submission
 * (the same bytes sent twice) is left for that one's purge. */
static int
purge_messages(sqlite3 *db, long long sub, struct purge_msg **out,
    size_t *n, char **err)
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
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int r;

	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		*err = xasprintf("purge: %s", sqlite3_errmsg(db));
		return -1;
	}
	sqlite3_bind_int64(st, 1, sub);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_text(st, 1);

		xgrow((void **)out, &cap, *n, sizeof **out);
		(*out)[*n].id = sqlite3_column_int64(st, 0);
		(*out)[*n].spool_path = p ? xstrdup((const char *)p) : NULL;
		(*n)++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		*err = xasprintf("purge: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static void
purge_messages_free(struct purge_msg *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(m[i].spool_path);
	free(m);
}

/* Step 3: blank every personal field, mark purged; one transaction. */
static int
purge_blank(struct records *rec, long long sub, const struct purge_msg *m,
    size_t n, const char *actor, char **err)
{
	static const char *const blank[] = {
		"UPDATE persons SET name = NULL, id_number = NULL, archive ="
		" NULL WHERE submission = ?1",
		"UPDATE files SET name = NULL, path = NULL, sha256 = NULL,"
		" read_id_number = NULL, read_name = NULL WHERE person IN (SELECT id FROM persons WHERE submission = ?1)",
		"UPDATE problems SET person = NULL, file = NULL, detail = NULL"
		" WHERE submission = ?1",
		"UPDATE replies SET rcpt = '', subject = NULL, message = X'',"
		" error = NULL WHERE submission = ?1",
		/* "reject: the reason" → "reject": the reason names people. */
		"UPDATE history SET detail = CASE WHEN instr(detail, ':') > 0"
		" THEN substr(detail, 1, instr(detail, ':') - 1) ELSE detail"
		" END WHERE submission = ?1 AND event = 'decided'",
		"UPDATE submissions SET sender = NULL, subject = NULL,"
		" verdict_json = NULL, purged_at = ?2 WHERE id = ?1",
	};
	sqlite3 *db = records_db(rec);
	long long now = (long long)time(NULL);
	size_t i;

	if (records_begin(rec, err) != 0)
		return -1;
	for (i = 0; i < sizeof blank / sizeof blank[0]; i++)
		if (purge_exec(db, blank[i], sub, now, err) != 0)
			goto fail;
	for (i = 0; i < n; i++)
		if (purge_exec(db, "UPDATE messages SET sender = NULL,"
		    " spool_path = NULL WHERE id = ?1", m[i].id, 0, err) != 0)
			goto fail;
	if (records_add_history(rec, sub, actor, "purged", NULL, err) != 0)
		goto fail;
	return records_commit(rec, err);
fail:
	records_rollback(rec);
	return -1;
}

static int
purge_one(struct records *rec, struct spool *sp, long long sub,
    const char *actor, int kill_after, char **err)
{
	sqlite3 *db = records_db(rec);
	struct purge_msg *m = NULL;
	size_t n = 0, i;
	int rc = -1;

	/* Step 1: taken; from here on only finishing is possible. */
	if (purge_exec(db, "UPDATE submissions SET purging_at = COALESCE("
	    "purging_at, ?2) WHERE id = ?1", sub, (long long)time(NULL),
	    err) != 0)
		return -1;
	if (purge_messages(db, sub, &m, &n, err) != 0)
		goto out;
	/* Step 2: the files.  Only then the paths that find them go. */
	for (i = 0; i < n; i++)
		if (spool_remove(sp, m[i].id, m[i].spool_path, err) != 0)
			goto out;
	if (kill_after)		/* tests: a purge killed half-way */
		raise(SIGKILL);
	rc = purge_blank(rec, sub, m, n, actor, err);
out:
	purge_messages_free(m, n);
	return rc;
}

static void
purge_day(time_t t, char *out, size_t len)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%d", &tm);
}

static int
cmd_purge(const struct cmd_args *a)
{
	const struct cmd_opt *o;
	const char *by = NULL, *k;
	struct env *env = NULL;
	struct records *rec = NULL;
	struct spool *sp = NULL;
	sqlite3 *db = NULL, *ro = NULL;
	sqlite3_stmt *st = NULL;
	long long *ids = NULL, done = 0, days = -1, kill_at = 0;
	size_t n = 0, cap = 0, i;
	char *err = NULL, *sql = NULL, *actor = NULL, *detail, *end;
	int dry = 0, rc = 0, r, migrated;
	time_t cutoff;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		switch (o->key) {
		case 'n': dry = 1; break;
		case 'b': by = o->arg; break;
		case 'o':
			days = strtoll(o->arg, &end, 10);
			if (*o->arg == '\0' || *end != '\0' || days < 0 ||
			    days > 36500) {
				fprintf(stderr, "intake: purge: --older-than "
				    "\"%s\": not a number of days\n", o->arg);
				return EXIT_USAGE;
			}
			break;
		}
	}
	if ((env = cmd_load_env(NULL, NULL)) == NULL)
		return EXIT_USAGE;
	if (days < 0)
		days = env->cfg->retention_days;
	cutoff = time(NULL) - (time_t)days * 86400;
	if ((k = getenv("INTAKE_TEST_PURGE_KILL")) != NULL)
		kill_at = atoll(k);

	if (dry) {
		if ((rc = cmd_open_readonly(env, "purge", &ro)) != 0)
			goto out;
		db = ro;
		/* Before migration 002 nothing was ever purged. */
		migrated = sqlite3_table_column_metadata(db, NULL,
		    "submissions", "purged_at", NULL, NULL, NULL, NULL,
		    NULL) == SQLITE_OK;
		sql = xasprintf(purge_select, migrated ? "s.purged_at IS NULL"
		    " AND (s.purging_at IS NOT NULL OR" : "(");
	} else {
		if ((rec = records_open(env->cfg->database, env->cfg->schemas,
		    &err)) == NULL || (sp = spool_open(env->cfg->spool,
		    &err)) == NULL) {
			fprintf(stderr, "intake: purge: %s\n", err);
			rc = EXIT_RUNTIME;
			goto out;
		}
		db = records_db(rec);
		sql = xasprintf(purge_select, "s.purged_at IS NULL AND "
		    "(s.purging_at IS NOT NULL OR");
	}
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "intake: purge: %s\n", sqlite3_errmsg(db));
		rc = EXIT_RUNTIME;
		goto out;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)cutoff);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *rc_ = sqlite3_column_text(st, 1);
		char day[16];

		purge_day((time_t)sqlite3_column_int64(st, 3), day, sizeof day);
		printf("%s submission %lld (%s, %s, closed %s)\n",
		    dry ? "would purge" : "purging",
		    (long long)sqlite3_column_int64(st, 0),
		    rc_ ? (const char *)rc_ : "no receipt",
		    (const char *)sqlite3_column_text(st, 2), day);
		xgrow((void **)&ids, &cap, n, sizeof *ids);
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (r != SQLITE_DONE) {
		fprintf(stderr, "intake: purge: %s\n", sqlite3_errmsg(db));
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (dry) {
		printf("%zu submission%s would be purged (closed %lld days or "
		    "more ago); nothing changed\n", n, n == 1 ? "" : "s", days);
		goto out;
	}
	actor = by && *by ? xstrdup(by) : audit_user();
	for (i = 0; i < n; i++) {
		if (purge_one(rec, sp, ids[i], actor, kill_at == (long long)i +
		    1, &err) != 0) {
			fprintf(stderr, "intake: purge: submission %lld: %s\n",
			    ids[i], err);
			free(err);
			err = NULL;
			rc = EXIT_RUNTIME;
			break;
		}
		done++;
	}
	printf("%lld submission%s purged\n", done, done == 1 ? "" : "s");
	detail = xasprintf("%lld purged, older than %lld days%s", done, days,
	    rc ? ", stopped on an error" : "");
	if (audit_add(db, "purge", by, NULL, detail, &err) != 0) {
		fprintf(stderr, "intake: purge: %s\n", err);
		rc = EXIT_RUNTIME;
	}
	free(detail);
out:
	sqlite3_finalize(st);
	sqlite3_close(ro);
	spool_close(sp);
	records_close(rec);
	env_free(env);
	free(ids);
	free(sql);
	free(actor);
	free(err);
	return rc;
}

static const struct cmd_option purge_options[] = {
	{ "dry-run", 'n', 'n', NULL, "list what would be purged; change "
	    "nothing" },
	{ "older-than", 'o', 0, "DAYS", "instead of retention_days (0: every "
	    "closed submission)" },
	{ "by", 'b', 0, "NAME", "who purges, for the audit (default: the Unix "
	    "user)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_purge_entry = {
	.name = "purge",
	.summary = "retention: remove old mail and files, blank personal "
	    "fields",
	.options = purge_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.exec = cmd_purge,
};
