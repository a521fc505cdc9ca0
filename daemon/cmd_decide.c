/*
 * cmd_decide.c — `intake decide ID accept|reject|supplement --reason TEXT
 * [--by NAME] [--force]`: a staff decision on a submission, recorded with
 * who and when, and the matching reply: a receipt (a receipt number is
 * taken now if the mail had none), a rejection giving the staff's reason,
 * or a request naming the material to add.  Rejecting (or asking more of)
 * a submission that already got a receipt needs --force, and the reply
 * says that receipt is withdrawn.  The reply is stored as due in
 * the same transaction; it is sent at once when no daemon runs, else the
 * running daemon sends it on its next pass.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "decide.h"
#include "env.h"
#include "util.h"

static char *
default_actor(void)
{
	const char *u = getenv("SUDO_USER");
	struct passwd *pw;

	if (u && *u)
		return xstrdup(u);
	if ((pw = getpwuid(getuid())) != NULL)
		return xstrdup(pw->pw_name);
	return xstrdup("staff");
}

static int
cmd_decide(struct cmd_args *a)
{
	const struct cmd_opt *o;
	struct decide_req q = { .command = "decide" };
	struct decide_out out;
	char *by = NULL, *err = NULL;
	long long id;
	int rc, sent;

	q.what = a->argv[1];
	for (o = a->opt; o < a->opt + a->nopt; o++) {
		switch (o->key) {
		case 'r': q.reason = o->arg; break;
		case 'b': q.audit_by = o->arg; break;
		case 'f': q.force = 1; break;
		}
	}
	if ((strcmp(q.what, "accept") != 0 && strcmp(q.what, "reject") != 0 &&
	    strcmp(q.what, "supplement") != 0) || ((q.reason == NULL ||
	    *q.reason == '\0') && strcmp(q.what, "accept") != 0)) {
		cmd_usage(a->entry, stderr);
		if (strcmp(q.what, "accept"))
			fprintf(stderr, "  reject and supplement need --reason "
			    "(it is what the sender reads)\n");
		return EXIT_USAGE;
	}
	if (q.reason == NULL)
		q.reason = "";
	if ((rc = cmd_open(a)) != 0 ||
	    (rc = cmd_find_submission(a->rec, a->argv[0], &id)) != 0)
		return rc;
	q.actor = q.audit_by ? q.audit_by : (by = default_actor());
	switch (decide_submission(a->env, a->rec, id, &q, &out, &err)) {
	case DECIDE_DONE:
		printf("submission %lld: %s by %s%s%s\n", id, q.what, q.actor,
		    out.receipt ? ", receipt " : "",
		    out.receipt ? out.receipt : "");
		fflush(stdout);
		if ((sent = decide_send(a->env, a->rec, id, stdout, &err)) ==
		    1)
			printf("the running daemon sends the reply on its "
			    "next pass\n");
		else if (sent < 0) {
			fprintf(stderr, "intake: %s\n", err);
			free(err);
		}
		rc = 0;
		break;
	case DECIDE_REFUSED:
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		rc = EXIT_USAGE;
		break;
	default:
		fprintf(stderr, "intake: %s\n", err ? err : "failed");
		free(err);
		rc = EXIT_RUNTIME;
	}
	if (out.audit_err != NULL) {
		fprintf(stderr, "intake: %s\n", out.audit_err);
		if (rc == 0)
			rc = EXIT_RUNTIME;
	}
	decide_out_free(&out);
	free(by);
	return rc;
}

static const struct cmd_option decide_options[] = {
	{ "reason", 'r', 'r', "TEXT", "why, in the reply (needed for reject "
	    "and supplement)" },
	{ "by", 'b', 'b', "NAME", "who decides (default: the Unix user)" },
	{ "force", 'f', 'f', NULL, "decide again a submission already "
	    "decided" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_decide_entry = {
	.name = "decide",
	.summary = "a staff decision: accept, reject or supplement, with its "
	    "reply",
	.args = "ID accept|reject|supplement",
	.lower = 2,
	.upper = 2,
	.options = decide_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.exec = cmd_decide,
};
