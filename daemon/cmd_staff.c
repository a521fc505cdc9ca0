/*
 * cmd_staff.c — `intake staff add NAME [--role view|decide|admin]`,
 * `staff passwd NAME`, `staff disable NAME`, `staff list`: the accounts
 * of the staff console (spool/records-web.h).  A password is read from
 * standard input (its first line), or, when standard input is a terminal
 * or empty, generated and printed once.  Only its argon2id hash is kept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "cmd.h"
#include "env.h"
#include "records.h"
#include "records-web.h"
#include "util.h"
#include "webauth.h"

/* The password for name: stdin's first line, or a generated one printed
 * once; malloc'd, or NULL after saying why. */
static char *
read_password(const char *name)
{
	char *line = NULL, *pw;
	size_t cap = 0;
	ssize_t n;

	if (!isatty(STDIN_FILENO) && (n = getline(&line, &cap, stdin)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if ((size_t)n < WEBAUTH_MIN_PASSWORD) {
			fprintf(stderr, "intake: staff: a password needs at "
			    "least %d characters\n", WEBAUTH_MIN_PASSWORD);
			webauth_wipe(line);
			free(line);
			return NULL;
		}
		return line;
	}
	free(line);
	pw = webauth_generate_password();
	printf("password for %s (shown once): %s\n", name, pw);
	return pw;
}

static int
staff_list_all(struct records *rec)
{
	struct staff_account *a;
	char *err = NULL, when[32];
	size_t n, i;
	struct tm tm;

	if (staff_list(rec, &a, &n, &err) != 0) {
		fprintf(stderr, "intake: staff: %s\n", err);
		free(err);
		return EXIT_RUNTIME;
	}
	for (i = 0; i < n; i++) {
		localtime_r(&a[i].changed_at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		printf("%-20s %-7s %-9s changed %s\n", a[i].name,
		    staff_role_name(a[i].role), a[i].disabled ? "disabled" :
		    "active", when);
		staff_account_free(&a[i]);
	}
	free(a);
	return 0;
}

static int
cmd_staff(struct cmd_args *a)
{
	const char *action = a->argv[0], *name = a->argc > 1 ? a->argv[1] :
	    NULL;
	enum staff_role role = STAFF_VIEW;
	struct records *rec;
	char *err = NULL, *pw = NULL, *hash = NULL;
	int rc = EXIT_RUNTIME, n = 0;
	size_t i;

	for (i = 0; i < a->nopt; i++)
		if (a->opt[i].key == 'r' && (role = staff_role_parse(
		    a->opt[i].arg)) == STAFF_NONE) {
			fprintf(stderr, "intake: staff: --role is view, decide "
			    "or admin\n");
			return EXIT_USAGE;
		}
	if (strcmp(action, "list") == 0 ? name != NULL :
	    (strcmp(action, "add") != 0 && strcmp(action, "passwd") != 0 &&
	    strcmp(action, "disable") != 0) || name == NULL || *name == '\0') {
		cmd_usage(a->entry, stderr);
		return EXIT_USAGE;
	}
	if (webauth_init() != 0) {
		fprintf(stderr, "intake: staff: libsodium cannot start\n");
		return EXIT_RUNTIME;
	}
	if ((rc = cmd_open(a)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	rec = a->rec;
	if (strcmp(action, "list") == 0) {
		rc = staff_list_all(rec);
		goto out;
	}
	if (strcmp(action, "disable") != 0) {
		if ((pw = read_password(name)) == NULL) {
			rc = EXIT_USAGE;
			goto out;
		}
		if ((hash = webauth_hash(pw)) == NULL) {
			err = xstrdup("cannot hash the password (memory)");
			goto fail;
		}
	}
	if (strcmp(action, "add") == 0)
		n = staff_add(rec, name, role, hash, time(NULL),
		    &err);
	else if (strcmp(action, "passwd") == 0)
		n = staff_set_password(rec, name, hash, time(NULL),
		    &err);
	else
		n = staff_disable(rec, name, time(NULL), &err);
	if (n < 0)
		goto fail;
	if (n == 0) {
		fprintf(stderr, strcmp(action, "add") == 0 ? "intake: staff: "
		    "account %s exists\n" : "intake: staff: no account %s\n",
		    name);
		rc = EXIT_USAGE;
		goto out;
	}
	if (audit_add(rec, "staff", NULL, name, action, &err) != 0)
		goto fail;
	printf("staff %s: %s%s%s\n", name, action, strcmp(action, "add") == 0 ?
	    ", role " : "", strcmp(action, "add") == 0 ?
	    staff_role_name(role) : "");
	rc = 0;
	goto out;
fail:
	fprintf(stderr, "intake: staff: %s\n", err);
out:
	free(err);
	if (pw != NULL)
		webauth_wipe(pw);
	free(pw);
	free(hash);
	return rc;
}

static const struct cmd_option staff_options[] = {
	{ "role", 'r', 0, "ROLE", "for add: view (default), decide or admin" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_staff_entry = {
	.name = "staff",
	.summary = "accounts of the staff console: add, passwd, disable, list",
	.args = "add|passwd|disable NAME | list",
	.lower = 1,
	.upper = 2,
	.options = staff_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.notes = "add and passwd read the password from standard input (its "
	    "first line, at least 10 characters); from a terminal, or with "
	    "nothing on standard input, one is generated and printed once.",
	.exec = cmd_staff,
};
