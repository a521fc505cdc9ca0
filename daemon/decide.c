/* decide.c — a staff decision, the whole action; see decide.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "answer.h"
#include "audit.h"
#include "channel.h"
#include "decide.h"
#include "env.h"
#include "records.h"
#include "records-staff.h"
#include "reply.h"
#include "util.h"

/* Why this decision may not be taken as asked; NULL when it may. */
static char *
decide_refusal(long long id, const struct decide_req *q, const char *status,
    const struct verdict *v, int decided)
{
	if (strcmp(status, "ignored") == 0)
		return xasprintf("submission %lld was ignored (an auto-reply, "
		    "bounce, list or duplicate mail): nothing to decide", id);
	if (decided && !q->force)
		return xasprintf("submission %lld was already decided (see "
		    "intake show %lld); --force to decide again", id, id);
	if (strcmp(q->what, "accept") == 0 &&
	    strcmp(status, "accepted") == 0 && !q->force)
		return xasprintf("submission %lld is already accepted "
		    "(receipt %s)", id, v->receipt ? v->receipt : "-");
	/* A receipt already went out: the sender holds a number saying the
	 * center took the material.  Taking it back is deliberate. */
	if (strcmp(q->what, "accept") != 0 && v->receipt != NULL && !q->force)
		return xasprintf("submission %lld already got receipt %s; "
		    "--force to %s it (the reply withdraws that receipt)", id,
		    v->receipt, q->what);
	return NULL;
}

/* The new status, verdict, reply and history in one transaction; with
 * preview set, the reply composed in it (receipt number included) goes
 * to *preview instead and the transaction is rolled back. */
static enum decide_result
decide_store(const struct env *e, struct records *rec, long long id,
    const struct decide_req *q, struct verdict *v, struct judge_ctx *ctx,
    char **preview, char **err)
{
	struct answer_in in = { 0 };
	char *receipt = NULL, *raw = NULL, *msgid = NULL, *problems = NULL;
	char *detail = NULL, *newjson = NULL;
	const char *newstatus;
	time_t now = time(NULL);
	size_t len = 0;
	enum decide_result rc = DECIDE_FAILED;

	if (records_begin(rec, err) != 0)
		return DECIDE_FAILED;
	in.ctx = ctx;
	if (strcmp(q->what, "accept") == 0) {
		newstatus = "accepted";
		if (v->receipt == NULL) {
			struct tm tm;

			localtime_r(&now, &tm);
			if ((receipt = records_next_receipt(rec,
			    ctx->center->short_name, tm.tm_year + 1900,
			    err)) == NULL)
				goto rollback;
			verdict_set(&v->receipt, receipt);
		}
		ctx->receipt = v->receipt;
		v->status = VERDICT_ACCEPTED;
	} else {
		newstatus = "rejected";
		v->status = VERDICT_REJECTED;
		if (v->receipt != NULL)
			problems = xasprintf("本中心此前发出的受理回执（受理编号"
			    "：%s）现予撤回，该受理不再有效。\n1. %s",
			    v->receipt, q->reason);
		else
			problems = xasprintf("1. %s", q->reason);
		in.problems = problems;
		if (strcmp(q->what, "supplement") == 0) {
			in.tpl = ctx->center->tpl_supplement;
			in.tag = "【请补充材料】";
		}
	}
	answer_fill(v, &in);
	if (v->reply == NULL || (raw = reply_compose(v, e->cfg->reply.from,
	    now, v->receipt ? v->receipt : v->message_id ? v->message_id : "",
	    &len, &msgid)) == NULL) {
		*err = xstrdup("cannot compose the reply");
		goto rollback;
	}
	if (preview != NULL) {
		*preview = xasprintf("收件人：%s\n主题：%s\n\n%s",
		    v->reply->to ? v->reply->to : "",
		    v->reply->subject ? v->reply->subject : "",
		    v->reply->body ? v->reply->body : "");
		records_rollback(rec);
		rc = DECIDE_DONE;
		goto out;
	}
	newjson = verdict_to_json(v);
	detail = xasprintf("%s: %s", q->what, q->reason);
	if (records_set_status(rec, id, newstatus, v->receipt, newjson,
	    err) != 0 || records_add_history(rec, id, q->actor, "decided",
	    detail, err) != 0 || records_add_reply(rec, id, q->what,
	    v->reply->to, v->reply->subject, msgid, raw, len, "due", err) < 0)
		goto rollback;
	if (records_commit(rec, err) == 0)
		rc = DECIDE_DONE;
	goto out;
rollback:
	records_rollback(rec);
out:
	free(receipt);
	free(raw);
	free(msgid);
	free(problems);
	free(detail);
	free(newjson);
	return rc;
}

static enum decide_result
decide_run(const struct env *e, struct records *rec, long long id,
    const struct decide_req *q, struct decide_out *out, char **preview,
    char **err)
{
	struct judge_ctx ctx = env_judge_ctx(e);
	struct verdict *v = NULL;
	char *status = NULL, *json = NULL;
	int decided = 0;
	enum decide_result rc = DECIDE_FAILED;

	if (records_decision_state(rec, id, &status, &json, &decided,
	    err) != 0)
		goto out;
	if ((v = verdict_from_json(json)) == NULL) {
		*err = xasprintf("submission %lld cannot be read", id);
		goto out;
	}
	if ((*err = decide_refusal(id, q, status, v, decided)) != NULL) {
		rc = DECIDE_REFUSED;
		goto out;
	}
	if (e->center == NULL || v->center == NULL ||
	    strcmp(v->center, e->center->name) != 0)
		ctx.center = v->center ? rules_center(e->rules, v->center) :
		    NULL;
	if (ctx.center == NULL) {
		*err = xasprintf("center \"%s\" of submission %lld is not "
		    "configured", v->center ? v->center : "-", id);
		rc = DECIDE_REFUSED;
		goto out;
	}
	if ((rc = decide_store(e, rec, id, q, v, &ctx, preview, err)) ==
	    DECIDE_DONE && v->receipt != NULL)
		out->receipt = xstrdup(v->receipt);
out:
	free(status);
	free(json);
	verdict_free(v);
	return rc;
}

enum decide_result
decide_submission(const struct env *e, struct records *rec, long long id,
    const struct decide_req *q, struct decide_out *out, char **err)
{
	enum decide_result rc;
	char *target, *detail;

	memset(out, 0, sizeof *out);
	rc = decide_run(e, rec, id, q, out, NULL, err);
	/* Refused or not, who tried is recorded. */
	target = xasprintf("%lld", id);
	detail = xasprintf("%s%s", q->what, rc == DECIDE_DONE ? "" :
	    " (refused)");
	audit_add(rec, q->command, q->audit_by, target, detail,
	    &out->audit_err);
	free(target);
	free(detail);
	return rc;
}

enum decide_result
decide_preview(const struct env *e, struct records *rec, long long id,
    const struct decide_req *q, char **reply, char **err)
{
	struct decide_out out;
	enum decide_result rc;

	memset(&out, 0, sizeof out);
	*reply = NULL;
	rc = decide_run(e, rec, id, q, &out, reply, err);
	decide_out_free(&out);
	return rc;
}

void
decide_out_free(struct decide_out *out)
{
	free(out->receipt);
	free(out->audit_err);
	memset(out, 0, sizeof *out);
}

int
decide_send(const struct env *e, struct records *rec, long long sub,
    FILE *say, char **err)
{
	struct records_due *d = NULL;
	struct channel *c = NULL;
	char *why = NULL;
	size_t n = 0, i;
	int lock, rc = 0;

	if ((lock = records_lock(e->cfg->database, &why)) == -1) {
		free(why);
		return 1;
	}
	if ((c = env_reply_channel(e, &why)) == NULL ||
	    records_due_replies(rec, time(NULL), &d, &n, &why) != 0) {
		*err = xasprintf("reply not sent yet: %s", why);
		rc = -1;
		goto out;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (d[i].submission != sub)
			continue;
		if (records_reply_sending(rec, d[i].id, &why) != 0) {
			*err = xasprintf("reply not sent yet: %s", why);
			rc = -1;
		} else if (channel_send(c, "", d[i].rcpt, d[i].msg_text,
		    d[i].len, &why) != 0) {
			char *failed = NULL;

			*err = xasprintf("reply not sent yet (the daemon "
			    "retries): %s", why);
			/* Back to due, now: the daemon's next pass. */
			if (records_reply_failed(rec, d[i].id, why, 0,
			    time(NULL), &failed) != 0) {
				char *both = xasprintf("%s; %s", *err, failed);

				free(*err);
				free(failed);
				*err = both;
			}
			rc = -1;
		} else if (records_reply_sent(rec, d[i].id, time(NULL),
		    &why) != 0) {
			*err = xasprintf("reply sent to %s but not recorded: %s",
			    d[i].rcpt, why);
			rc = -1;
		} else if (say != NULL)
			fprintf(say, "reply sent to %s\n", d[i].rcpt);
		free(why);
		why = NULL;
	}
out:
	free(why);
	records_due_free(d, n);
	channel_close(c);
	close(lock);
	return rc;
}
