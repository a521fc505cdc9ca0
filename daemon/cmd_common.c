/* cmd_common.c — start-up shared by every subcommand. */
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include "charset.h"
#include "cmd.h"
#include "env.h"
#include "records.h"
#include "filetype.h"

int
cmd_init(void)
{
	/* libarchive converts entry names through the locale: in "C" every
	 * non-ASCII name is lost (shared/notes/libarchive.md). */
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
cmd_load_env(const char *cfgpath, const char *center, const char *senders)
{
	struct diag d = { 0 };
	struct env *e;

	if ((e = env_load(cfg_default_path(cfgpath), center, senders, &d)) ==
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

int
cmd_open_submission(const char *cfgpath, const char *ref, struct env **env,
    struct records **rec, long long *id)
{
	char *err = NULL;

	*env = NULL;
	*rec = NULL;
	if ((*env = cmd_load_env(cfgpath, NULL, NULL)) == NULL)
		return EXIT_USAGE;
	if ((*rec = records_open((*env)->cfg->database, (*env)->cfg->schemas,
	    &err)) == NULL) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		env_free(*env);
		*env = NULL;
		return EXIT_RUNTIME;
	}
	if ((*id = records_find_submission(*rec, ref)) <= 0) {
		fprintf(stderr, "intake: no submission \"%s\"\n", ref);
		records_close(*rec);
		env_free(*env);
		*rec = NULL;
		*env = NULL;
		return EXIT_USAGE;
	}
	return 0;
}
