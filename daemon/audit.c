/* audit.c — rows of the audit table; see audit.h. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "records.h"
#include "records-staff.h"
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
audit_add(struct records *rec, const char *command, const char *by,
    const char *target, const char *detail, char **err)
{
	char *user = audit_user();
	int rc;

	rc = records_audit_add(rec, user, command, by, target, detail, err);
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
	rc = audit_add(rec, command, by, target, detail, err);
	records_close(rec);
	return rc;
}
