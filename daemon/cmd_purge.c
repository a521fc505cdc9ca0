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
 * only lists what would go.  The SQL of each step is records-staff.c's.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cmd.h"
#include "env.h"
#include "records-staff.h"
#include "records.h"
#include "spool.h"
#include "util.h"

static int
purge_one(struct records *rec, struct spool *sp, long long sub,
    const char *actor, int kill_after, char **err)
{
	struct records_purge_msg *m = NULL;
	size_t n = 0, i;
	int rc = -1;

	/* Step 1: taken; from here on only finishing is possible. */
	if (records_purge_take(rec, sub, err) != 0)
		return -1;
	if (records_purge_messages(rec, sub, &m, &n, err) != 0)
		goto out;
	/* Step 2: the files.  Only then the paths that find them go. */
	for (i = 0; i < n; i++)
		if (spool_remove(sp, m[i].id, m[i].spool_path, err) != 0)
			goto out;
	if (kill_after)		/* tests: a purge killed half-way */
		raise(SIGKILL);
	/* Step 3. */
	rc = records_purge_blank(rec, sub, m, n, actor, err);
out:
	records_purge_messages_free(m, n);
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
cmd_purge(struct cmd_args *a)
{
	const struct cmd_opt *o;
	const char *by = NULL, *k;
	struct records_purge_candidate *c = NULL;
	struct spool *sp = NULL;
	long long done = 0, days = -1, kill_at = 0;
	size_t n = 0, i;
	char *err = NULL, *actor = NULL, *detail, *end;
	int dry = 0, rc = 0;
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
	/* --dry-run opens the records read-only (the entry's readonly_key). */
	if ((rc = cmd_open(a)) != 0)
		return rc;
	if (days < 0)
		days = a->env->cfg->retention_days;
	cutoff = time(NULL) - (time_t)days * 86400;
	if ((k = getenv("INTAKE_TEST_PURGE_KILL")) != NULL)
		kill_at = atoll(k);
	if (!dry && (sp = spool_open(a->env->cfg->spool, &err)) == NULL) {
		fprintf(stderr, "intake: purge: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (records_purge_candidates(a->rec, cutoff, &c, &n, &err) != 0) {
		fprintf(stderr, "intake: purge: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	for (i = 0; i < n; i++) {
		char day[16];

		purge_day(c[i].closed, day, sizeof day);
		printf("%s submission %lld (%s, %s, closed %s)\n",
		    dry ? "would purge" : "purging", c[i].id,
		    c[i].receipt ? c[i].receipt : "no receipt",
		    c[i].status ? c[i].status : "", day);
	}
	if (dry) {
		printf("%zu submission%s would be purged (closed %lld days or "
		    "more ago); nothing changed\n", n, n == 1 ? "" : "s", days);
		goto out;
	}
	actor = by && *by ? xstrdup(by) : audit_user();
	for (i = 0; i < n; i++) {
		if (purge_one(a->rec, sp, c[i].id, actor, kill_at ==
		    (long long)i + 1, &err) != 0) {
			fprintf(stderr, "intake: purge: submission %lld: %s\n",
			    c[i].id, err);
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
	if (audit_add(a->rec, "purge", by, NULL, detail, &err) != 0) {
		fprintf(stderr, "intake: purge: %s\n", err);
		rc = EXIT_RUNTIME;
	}
	free(detail);
out:
	records_purge_candidates_free(c, n);
	spool_close(sp);
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
	.readonly_key = 'n',
	.exec = cmd_purge,
};
