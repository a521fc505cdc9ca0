/*
 * web-decide.c — POST /submission/ID/decision (fields decision: accept,
 * reject or supplement; reason; csrf, checked by web.c): a staff decision
 * through the very function `intake decide` runs (decide_submission:
 * checks, receipt, reply, history, audit row), with the staff account as
 * who decided; the reply goes out at once unless a daemon holds the
 * records (decide_send).  Role decide or admin (web.c's route).  A
 * submission already decided is refused (409): a form sent twice sends
 * one reply.
 */
#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "log.h"
#include "records.h"
#include "web.h"

int
web_decide(struct web_req *r, struct web_resp *resp)
{
	struct decide_req q = { .command = "web decide" };
	struct decide_out out = { 0 };
	long long id = r->id[0];
	char *err = NULL, *json, *status, *to;
	enum decide_result res;
	int sent;

	q.what = web_form(r, "decision");
	q.reason = web_form(r, "reason");
	q.actor = q.audit_by = r->who->name;
	if (q.what == NULL || (strcmp(q.what, "accept") != 0 &&
	    strcmp(q.what, "reject") != 0 && strcmp(q.what, "supplement") != 0))
		return web_fail(r, resp, 400, "请选择受理、退回或补正。");
	if (strcmp(q.what, "accept") != 0 && (q.reason == NULL ||
	    *q.reason == '\0'))
		return web_fail(r, resp, 400, "退回或要求补正时请写明原因"
		    "（发件人会看到）。");
	if (q.reason == NULL)
		q.reason = "";
	/* an id the records do not know: 404, as for files */
	if ((json = records_submission_json(web_records(r), id, &status)) ==
	    NULL)
		return web_fail(r, resp, 404, "没有这份材料。");
	free(json);
	free(status);
	res = decide_submission(web_env(r), web_records(r), id, &q, &out,
	    &err);
	if (out.audit_err != NULL) {
		log_error("event=web_audit_failed what=decide error=\"%s\"",
		    out.audit_err);
		if (res == DECIDE_DONE)
			res = DECIDE_FAILED;
	}
	decide_out_free(&out);
	if (res == DECIDE_REFUSED) {
		log_info("event=web_decide_refused submission=%lld "
		    "staff=\"%s\" why=\"%s\"", id, r->who->name, err);
		free(err);
		return web_fail(r, resp, 409, "这份材料已经处理过（或无需处理）"
		    "，未再发送回复。");
	}
	if (res != DECIDE_DONE) {
		log_error("event=web_decide_failed submission=%lld "
		    "error=\"%s\"", id, err ? err : "?");
		free(err);
		return -1;
	}
	log_info("event=web_decided submission=%lld decision=%s staff=\"%s\"",
	    id, q.what, r->who->name);
	/* stored as due: sent now, or by the running daemon; a failure
	 * leaves it due for the daemon's retries, the decision stands */
	if ((sent = decide_send(web_env(r), web_records(r), id, NULL,
	    &err)) < 0) {
		log_warn("event=web_reply_not_sent submission=%lld "
		    "error=\"%s\"", id, err);
		free(err);
	}
	to = xasprintf("/submission/%lld", id);
	web_redirect(resp, to);
	free(to);
	return 0;
}
