/*
 * cmd_audit.c — `intake audit [--since D] [-c FILE]`: who ran `show`,
 * `decide`, `report` and `purge`, and when, oldest first: time, Unix
 * user, --by name, command, what on (a submission id), detail.  Reads only (listing the audit is
 * not itself audited).
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cmd.h"
#include "env.h"
#include "util.h"
#include "day.h"
#include "utf8.h"


static const char *
audit_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "-";
}

/* s and spaces up to display width w (CJK counts 2), then a space. */
static void
audit_pad(const char *s, size_t w)
{
	size_t n = utf8_width(s);

	fputs(s, stdout);
	while (n++ < w)
		putchar(' ');
	putchar(' ');
}

static int
cmd_audit(const struct cmd_args *a)
{
	const struct cmd_opt *o;
	struct env *env;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	time_t since = 0;
	int rc = 0, r;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		if (o->key == 'S' && day_parse(o->arg, 0, &since) != 0) {
			fprintf(stderr, "intake: audit: --since \"%s\": "
			    "not a date YYYY-MM-DD\n", o->arg);
			return EXIT_USAGE;
		}
	}
	if ((env = cmd_load_env(NULL, NULL)) == NULL)
		return EXIT_USAGE;
	if ((rc = cmd_open_readonly(env, "audit", &db)) != 0)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT at, unix_user, by_name, command, "
	    "target, detail FROM audit WHERE at >= ?1 ORDER BY at, id", -1,
	    &st, NULL) != SQLITE_OK) {
		/* A database no command has opened since 002: nothing yet. */
		fprintf(stderr, "intake: audit: %s: %s\n", env->cfg->database,
		    sqlite3_errmsg(db));
		rc = EXIT_RUNTIME;
		goto out;
	}
	sqlite3_bind_int64(st, 1, (sqlite3_int64)since);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		time_t t = (time_t)sqlite3_column_int64(st, 0);
		struct tm tm;
		char when[32];

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		printf("%s  ", when);
		audit_pad(audit_col(st, 1), 10);
		audit_pad(audit_col(st, 2), 10);
		audit_pad(audit_col(st, 3), 8);
		audit_pad(audit_col(st, 4), 8);
		printf("%s\n", audit_col(st, 5));
	}
	if (r != SQLITE_DONE) {
		fprintf(stderr, "intake: audit: %s\n", sqlite3_errmsg(db));
		rc = EXIT_RUNTIME;
	}
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	env_free(env);
	return rc;
}

static const struct cmd_option audit_options[] = {
	{ "since", 'S', 0, "YYYY-MM-DD", "only what was run on or after" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.summary = "who ran show, decide, report and purge, and when",
	.options = audit_options,
	.needs = CMD_NEEDS_DB_READ,
	.exec = cmd_audit,
};
