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
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "answer.h"
#include "audit.h"
#include "channel.h"
#include "cmd.h"
#include "env.h"
#include "log.h"
#include "records.h"
#include "reply.h"
#include "util.h"

/* The stored row: status, verdict, whether staff already decided. */
static int
load(sqlite3 *db, long long id, char **status, char **json, int *decided)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, "SELECT status, verdict_json, (SELECT "
	    "count(*) FROM history h WHERE h.submission = s.id AND h.event = "
	    "'decided') FROM submissions s WHERE id = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*status = xstrdup((const char *)sqlite3_column_text(st, 0));
	*json = sqlite3_column_text(st, 1) ?
	    xstrdup((const char *)sqlite3_column_text(st, 1)) : NULL;
	*decided = sqlite3_column_int(st, 2) > 0;
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Sends the due replies of this submission now, when no daemon holds the
 * database; else leaves them to it. */
static void
send_now(const struct env *e, struct records *rec, long long sub)
{
	struct records_due *d = NULL;
	struct channel *c;
	char *err = NULL;
	size_t n = 0, i;
	int lock;

	if ((lock = records_lock(e->cfg->database, &err)) == -1) {
		printf("the running daemon sends the reply on its next pass\n");
		free(err);
		return;
	}
	if ((c = env_reply_channel(e, &err)) == NULL || records_due_replies(rec, time(NULL), &d, &n,
	    &err) != 0) {
		fprintf(stderr, "intake: reply not sent yet: %s\n", err);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (d[i].submission != sub)
			continue;
		if (records_reply_sending(rec, d[i].id, &err) != 0)
			break;
		if (channel_send(c, "", d[i].rcpt, d[i].msg_text, d[i].len,
		    &err) != 0) {
			fprintf(stderr, "intake: reply not sent yet (the "
			    "daemon retries): %s\n", err);
			records_reply_failed(rec, d[i].id, err, 0, time(NULL),
			    &err);
			break;
		}
		records_reply_sent(rec, d[i].id, time(NULL), &err);
		printf("reply sent to %s\n", d[i].rcpt);
	}
out:
	free(err);
	records_due_free(d, n);
	channel_close(c);
	close(lock);
}

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

/* The decision; with preview set, the reply it would send (recipient,
 * subject and text) in *preview instead, everything rolled back: the
 * console shows exactly what goes out before staff confirm. */
static int
decide_run(const struct env *e, struct records *rec, long long id,
    const char *what, const char *reason, const char *by, int force,
    char **preview)
{
	struct judge_ctx ctx = env_judge_ctx(e);
	struct answer_in in = { 0 };
	struct verdict *v = NULL;
	char *status = NULL, *json = NULL, *err = NULL, *receipt = NULL;
	char *raw = NULL, *msgid = NULL, *problems = NULL, *detail = NULL;
	char *newjson = NULL;
	const char *newstatus;
	size_t len = 0;
	int decided = 0, rc = EXIT_RUNTIME;
	time_t now = time(NULL);

	if (load(records_db(rec), id, &status, &json, &decided) != 0 ||
	    (v = verdict_from_json(json)) == NULL) {
		fprintf(stderr, "intake: submission %lld cannot be read\n", id);
		goto out;
	}
	if (strcmp(status, "ignored") == 0) {
		fprintf(stderr, "intake: submission %lld was ignored (an "
		    "auto-reply, bounce, list or duplicate mail): nothing to "
		    "decide\n", id);
		rc = EXIT_USAGE;
		goto out;
	}
	if (decided && !force) {
		fprintf(stderr, "intake: submission %lld was already decided "
		    "(see intake show %lld); --force to decide again\n", id, id);
		rc = EXIT_USAGE;
		goto out;
	}
	if (strcmp(what, "accept") == 0 && strcmp(status, "accepted") == 0 &&
	    !force) {
		fprintf(stderr, "intake: submission %lld is already accepted "
		    "(receipt %s)\n", id, v->receipt ? v->receipt : "-");
		rc = EXIT_USAGE;
		goto out;
	}
	/* A receipt already went out: the sender holds a number saying the
	 * center took the material.  Taking it back is deliberate. */
	if (strcmp(what, "accept") != 0 && v->receipt != NULL && !force) {
		fprintf(stderr, "intake: submission %lld already got receipt "
		    "%s; --force to %s it (the reply withdraws that receipt)\n",
		    id, v->receipt, what);
		rc = EXIT_USAGE;
		goto out;
	}
	if (e->center == NULL || v->center == NULL ||
	    strcmp(v->center, e->center->name) != 0)
		ctx.center = v->center ? rules_center(e->rules, v->center) :
		    NULL;
	if (ctx.center == NULL) {
		fprintf(stderr, "intake: center \"%s\" of submission %lld is "
		    "not configured\n", v->center ? v->center : "-", id);
		rc = EXIT_USAGE;
		goto out;
	}

	if (records_begin(rec, &err) != 0)
		goto fail;
	in.ctx = &ctx;
	in.references = NULL;
	if (strcmp(what, "accept") == 0) {
		newstatus = "accepted";
		if (v->receipt == NULL) {
			struct tm tm;

			localtime_r(&now, &tm);
			if ((receipt = records_next_receipt(rec,
			    ctx.center->short_name, tm.tm_year + 1900,
			    &err)) == NULL)
				goto rollback;
			verdict_set(&v->receipt, receipt);
		}
		ctx.receipt = v->receipt;
		v->status = VERDICT_ACCEPTED;
	} else {
		newstatus = "rejected";
		v->status = VERDICT_REJECTED;
		if (v->receipt != NULL)
			problems = xasprintf("本中心此前发出的受理回执（受理编号"
			    "：%s）现予撤回，该受理不再有效。\n1. %s",
			    v->receipt, reason);
		else
			problems = xasprintf("1. %s", reason);
		in.problems = problems;
		if (strcmp(what, "supplement") == 0) {
			in.tpl = ctx.center->tpl_supplement;
			in.tag = "【请补充材料】";
		}
	}
	answer_fill(v, &in);
	if (v->reply == NULL || (raw = reply_compose(v, e->cfg->reply.from,
	    now, v->receipt ? v->receipt : v->message_id ? v->message_id : "",
	    &len, &msgid)) == NULL) {
		err = xstrdup("cannot compose the reply");
		goto rollback;
	}
	if (preview != NULL) {
		*preview = xasprintf("收件人：%s\n主题：%s\n\n%s",
		    v->reply->to ? v->reply->to : "",
		    v->reply->subject ? v->reply->subject : "",
		    v->reply->body ? v->reply->body : "");
		records_rollback(rec);
		rc = 0;
		goto out;
	}
	newjson = verdict_to_json(v);
	detail = xasprintf("%s: %s", what, reason);
	if (records_set_status(rec, id, newstatus, v->receipt, newjson,
	    &err) != 0 || records_add_history(rec, id, by, "decided", detail,
	    &err) != 0 || records_add_reply(rec, id, what, v->reply->to,
	    v->reply->subject, msgid, raw, len, "due", &err) < 0)
		goto rollback;
	if (records_commit(rec, &err) != 0)
		goto fail;
	printf("submission %lld: %s by %s%s%s\n", id, what, by,
	    v->receipt ? ", receipt " : "", v->receipt ? v->receipt : "");
	send_now(e, rec, id);
	rc = 0;
	goto out;
rollback:
	records_rollback(rec);
fail:
	fprintf(stderr, "intake: %s\n", err ? err : "failed");
out:
	free(err);
	free(status);
	free(json);
	free(receipt);
	free(raw);
	free(msgid);
	free(problems);
	free(detail);
	free(newjson);
	verdict_free(v);
	return rc;
}

int
cmd_decide_apply(const struct env *e, struct records *rec, long long id,
    const char *what, const char *reason, const char *by, int force)
{
	return decide_run(e, rec, id, what, reason, by, force, NULL);
}

int
cmd_decide_preview(const struct env *e, struct records *rec, long long id,
    const char *what, const char *reason, const char *by, char **reply)
{
	*reply = NULL;
	return decide_run(e, rec, id, what, reason, by, 0, reply);
}

static int
cmd_decide(const struct cmd_args *a)
{
	const struct cmd_opt *o;
	const char *reason = NULL, *what = a->argv[1];
	char *by = NULL;
	struct records *rec;
	struct env *e;
	long long id;
	int force = 0, rc, named;
	char *target, *detail, *aerr = NULL;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		switch (o->key) {
		case 'r': reason = o->arg; break;
		case 'b': free(by); by = xstrdup(o->arg); break;
		case 'f': force = 1; break;
		}
	}
	if ((strcmp(what, "accept") != 0 && strcmp(what, "reject") != 0 &&
	    strcmp(what, "supplement") != 0) || ((reason == NULL ||
	    *reason == '\0') && strcmp(what, "accept") != 0)) {
		cmd_usage(a->entry, stderr);
		if (strcmp(what, "accept"))
			fprintf(stderr, "  reject and supplement need --reason "
			    "(it is what the sender reads)\n");
		free(by);
		return EXIT_USAGE;
	}
	if (reason == NULL)
		reason = "";
	if (!(named = by != NULL))
		by = default_actor();
	if ((rc = cmd_open_submission(a->argv[0], &e, &rec, &id)) != 0) {
		free(by);
		return rc;
	}
	rc = cmd_decide_apply(e, rec, id, what, reason, by, force);
	target = xasprintf("%lld", id);
	detail = xasprintf("%s%s", what, rc == 0 ? "" : " (refused)");
	if (audit_add(records_db(rec), "decide", named ? by : NULL, target,
	    detail, &aerr) != 0) {
		fprintf(stderr, "intake: %s\n", aerr);
		free(aerr);
		if (rc == 0)
			rc = EXIT_RUNTIME;
	}
	free(target);
	free(detail);
	records_close(rec);
	env_free(e);
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
