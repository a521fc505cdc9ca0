/* cmd_common.c — start-up shared by every subcommand. */
#include <errno.h>
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "charset.h"
#include "cfg.h"
#include "cmd.h"
#include "env.h"
#include "records.h"
#include "subject.h"
#include "util.h"
#include "filetype.h"

int
cmd_init(void)
{
	/* libarchive converts entry names through the locale: in "C" every
	 * non-ASCII name is lost (doc/libraries.md). */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "intake: the C.UTF-8 locale is missing\n");
		return EXIT_RUNTIME;
	}
	/* Everything intake makes holds personal data: the service user's
	 * only (files 0600, directories 0700), whatever umask it came with. */
	umask(077);
	/* libetpan writes to sockets the peer may have closed. */
	signal(SIGPIPE, SIG_IGN);
	charset_init();
	if (filetype_init() != 0)
		return EXIT_RUNTIME;
	return 0;
}

struct env *
cmd_load_env(const char *center, const char *senders)
{
	struct diag d = { 0 };
	struct env *e;

	if ((e = env_load(cfg_default_path(NULL), center, senders, &d)) ==
	    NULL)
		diag_print(&d, stderr);
	diag_free(&d);
	return e;
}

int
cmd_open_readonly(const struct env *e, const char *cmd, sqlite3 **db)
{
	if (sqlite3_open_v2(e->cfg->database, db, SQLITE_OPEN_READONLY,
	    NULL) != SQLITE_OK) {
		fprintf(stderr, "intake: %s: %s: %s\n", cmd, e->cfg->database,
		    *db ? sqlite3_errmsg(*db) : "cannot open");
		sqlite3_close(*db);
		*db = NULL;
		return EXIT_RUNTIME;
	}
	sqlite3_busy_timeout(*db, 5000);
	return 0;
}

/* "#12" or "#12 (闵行-2026-000012)", for a refusal; malloc'd. */
static char *
describe(struct records *rec, long long id)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (sqlite3_prepare_v2(records_db(rec), "SELECT receipt FROM "
	    "submissions WHERE id = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			s = xasprintf("#%lld (%s)", id,
			    (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return s ? s : xasprintf("#%lld", id);
}

/* A submission reference as staff type it, with full-width digits and
 * any dash as ASCII and spaces dropped ("闵行－2026－000012" →
 * "闵行-2026-000012"); malloc'd. */
char *
cmd_normalize_ref(const char *ref)
{
	char *s = subject_normalize(ref), *p, *q;

	/* subject_normalize writes every dash as "—"; receipts use '-'. */
	for (p = q = s; *p; ) {
		if (strncmp(p, "—", strlen("—")) == 0) {
			*q++ = '-';
			p += strlen("—");
		} else if (*p == ' ')
			p++;
		else
			*q++ = *p++;
	}
	*q = '\0';
	return s;
}

/* The one submission ref names, as staff type it: full-width digits and
 * any dash read as ASCII ("闵行－2026－000012"), surrounding spaces
 * dropped.  A ref that could mean two submissions is refused, naming
 * both: deciding someone else's mail is worse than asking again. */
static int
find_one(struct records *rec, const char *ref, long long *id)
{
	char *norm = cmd_normalize_ref(ref), *a, *b;
	long long ids[2];
	int n = records_find_submissions(rec, norm, ids), rc = 0;

	if (n < 0) {
		fprintf(stderr, "intake: \"%s\": %s\n", ref,
		    sqlite3_errmsg(records_db(rec)));
		rc = EXIT_RUNTIME;
	} else if (n == 0) {
		fprintf(stderr, "intake: no submission \"%s\"\n", ref);
		rc = EXIT_USAGE;
	} else if (n > 1) {
		a = describe(rec, ids[0]);
		b = describe(rec, ids[1]);
		fprintf(stderr, "intake: \"%s\" could mean %s or %s: give the "
		    "whole receipt number, or #ID for an internal id\n", ref,
		    a, b);
		free(a);
		free(b);
		rc = EXIT_USAGE;
	} else
		*id = ids[0];
	free(norm);
	return rc;
}

int
cmd_open_submission(const char *ref, struct env **env,
    struct records **rec, long long *id)
{
	char *err = NULL;
	int rc;

	*env = NULL;
	*rec = NULL;
	if ((*env = cmd_load_env(NULL, NULL)) == NULL)
		return EXIT_USAGE;
	if ((*rec = records_open((*env)->cfg->database, (*env)->cfg->schemas,
	    &err)) == NULL) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		env_free(*env);
		*env = NULL;
		return EXIT_RUNTIME;
	}
	if ((rc = find_one(*rec, ref, id)) != 0) {
		records_close(*rec);
		env_free(*env);
		*rec = NULL;
		*env = NULL;
	}
	return rc;
}

/* See cmd.h. */
int
cmd_drop_root(const struct cfg *cfg)
{
	const char *allow = getenv("INTAKE_ALLOW_ROOT");
	struct passwd *pw;

	if (geteuid() != 0)
		return 0;
	if (cfg->user == NULL || *cfg->user == '\0') {
		if (allow && strcmp(allow, "1") == 0)
			return 0;
		fprintf(stderr, "intake: refusing to run as root: set user = "
		    "\"intake\" in %s (the service user), or start it as "
		    "that user\n", cfg->path);
		return EXIT_USAGE;
	}
	if ((pw = getpwnam(cfg->user)) == NULL) {
		fprintf(stderr, "intake: user \"%s\" (%s) does not exist\n",
		    cfg->user, cfg->path);
		return EXIT_USAGE;
	}
	if (initgroups(pw->pw_name, pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0 ||
	    setuid(0) == 0) {
		fprintf(stderr, "intake: cannot become user \"%s\": %s\n",
		    cfg->user, strerror(errno));
		return EXIT_RUNTIME;
	}
	return 0;
}
