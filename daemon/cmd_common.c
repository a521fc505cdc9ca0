/* cmd_common.c — start-up shared by every subcommand. */
#include <errno.h>
#include <grp.h>
#include <locale.h>
#include <pwd.h>
#include <signal.h>
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
#include "records-staff.h"
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

/* The configuration (see cfg_default_path) with its schemas; center and
 * senders override the configured ones (NULL: keep).  On any error
 * prints them all with file and line and returns NULL. */
static struct env *
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
cmd_open(struct cmd_args *a)
{
	const struct cmd_entry *ce = a->entry;
	char *err = NULL;
	int ro;
	size_t i;

	if (ce->opens_own)
		return 0;
	if ((a->env = cmd_load_env(a->center, a->senders)) == NULL)
		return EXIT_USAGE;
	if (ce->needs == CMD_NEEDS_CONFIG)
		return 0;
	ro = ce->needs == CMD_NEEDS_DB_READ;
	for (i = 0; i < a->nopt && ce->readonly_key != 0; i++)
		if (a->opt[i].key == ce->readonly_key)
			ro = 1;
	a->rec = ro ? records_open_readonly(a->env->cfg->database, &err) :
	    records_open(a->env->cfg->database, a->env->cfg->schemas, &err);
	if (a->rec == NULL) {
		fprintf(stderr, "intake: %s: %s\n", ce->name, err);
		free(err);
		return EXIT_RUNTIME;
	}
	return 0;
}

/* "#12" or "#12 (闵行-2026-000012)", for a refusal; malloc'd. */
static char *
describe(struct records *rec, long long id)
{
	char *receipt = records_receipt(rec, id), *s;

	s = receipt ? xasprintf("#%lld (%s)", id, receipt) :
	    xasprintf("#%lld", id);
	free(receipt);
	return s;
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
int
cmd_find_submission(struct records *rec, const char *ref, long long *id)
{
	char *norm = cmd_normalize_ref(ref), *a, *b;
	long long ids[2];
	int n = records_find_submissions(rec, norm, ids), rc = 0;

	if (n < 0) {
		fprintf(stderr, "intake: \"%s\": %s\n", ref,
		    records_errmsg(rec));
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
