/*
 * cmd_audit.c — `intake audit [--since D] [-c FILE]`: who ran `show`,
 * `decide`, `report` and `purge`, and when, oldest first: time, Unix
 * user, --by name, command, what on (a submission id), detail.  Reads only (listing the audit is
 * not itself audited).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cmd.h"
#include "records-staff.h"
#include "util.h"
#include "day.h"
#include "utf8.h"


static const char *
audit_col(const char *s)
{
	return s ? s : "-";
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
cmd_audit(struct cmd_args *a)
{
	const struct cmd_opt *o;
	struct records_audit *rows = NULL;
	time_t since = 0;
	size_t n = 0, i;
	char *err = NULL;
	int rc;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		if (o->key == 'S' && day_parse(o->arg, 0, &since) != 0) {
			fprintf(stderr, "intake: audit: --since \"%s\": "
			    "not a date YYYY-MM-DD\n", o->arg);
			return EXIT_USAGE;
		}
	}
	if ((rc = cmd_open(a)) != 0)
		return rc;
	if (records_audit_list(a->rec, since, &rows, &n, &err) != 0) {
		/* A database no command has opened since 002: nothing yet. */
		fprintf(stderr, "intake: audit: %s\n", err);
		free(err);
		return EXIT_RUNTIME;
	}
	for (i = 0; i < n; i++) {
		struct tm tm;
		char when[32];

		localtime_r(&rows[i].at, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		printf("%s  ", when);
		audit_pad(audit_col(rows[i].unix_user), 10);
		audit_pad(audit_col(rows[i].by), 10);
		audit_pad(audit_col(rows[i].command), 8);
		audit_pad(audit_col(rows[i].target), 8);
		printf("%s\n", audit_col(rows[i].detail));
	}
	records_audit_free(rows, n);
	return 0;
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
