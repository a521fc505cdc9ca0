/* audit.c — rows of the audit table; see audit.h. */
#include <pwd.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "records.h"
#include "util.h"

char *
audit_user(void)
{
	const char *sudo = getenv("SUDO_USER");
	struct passwd *pw;
	char *u;

	/* The real uid: under `sudo -u intake` the service user.  Who ran
	 * sudo is added (SUDO_USER: set by sudo, so only as trustworthy as
	 * the account that could set it — the real uid stays first). */
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name && *pw->pw_name)
		u = xstrdup(pw->pw_name);
	else
		u = xasprintf("uid %ld", (long)getuid());
	if (sudo && *sudo && strcmp(sudo, u) != 0) {
		char *both = xasprintf("%s (sudo %s)", u, sudo);

		free(u);
		u = both;
	}
	return u;
}

int
audit_add(struct sqlite3 *db, const char *command, const char *by,
    const char *target, const char *detail, char **err)
{
	sqlite3_stmt *st = NULL;
	char *user = audit_user();
	int rc = -1;

	if (sqlite3_prepare_v2(db, "INSERT INTO audit (at, unix_user, "
	    "by_name, command, target, detail) VALUES (?1, ?2, ?3, ?4, ?5, "
	    "?6)", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)time(NULL));
	sqlite3_bind_text(st, 2, user, -1, SQLITE_TRANSIENT);
	if (by && *by)
		sqlite3_bind_text(st, 3, by, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, command, -1, SQLITE_TRANSIENT);
	if (target)
		sqlite3_bind_text(st, 5, target, -1, SQLITE_TRANSIENT);
	if (detail)
		sqlite3_bind_text(st, 6, detail, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	rc = 0;
	goto out;
fail:
	*err = xasprintf("audit: %s", sqlite3_errmsg(db));
out:
	sqlite3_finalize(st);
	free(user);
	return rc;
}

int
audit_record(const char *db_path, const char *sql_dir, const char *command,
    const char *by, const char *target, const char *detail, char **err)
{
	struct records *rec;
	int rc;

	if ((rec = records_open(db_path, sql_dir, err)) == NULL)
		return -1;
	rc = audit_add(records_db(rec), command, by, target, detail, err);
	records_close(rec);
	return rc;
}
