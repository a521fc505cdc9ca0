/*
 * web-decide.c — POST /submission/ID/decision (fields decision: accept,
 * reject or supplement; reason; csrf, checked by web.c): a staff decision
 * through the very function `intake decide` runs (cmd_decide_apply), so
 * the reply, the history entry and the receipt are the same; role decide
 * or admin (web.c's route).  A submission already decided is refused
 * (409): a form sent twice sends one reply.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "records.h"
#include "web.h"

int
web_decide(struct web_req *r, struct web_resp *resp)
{
	const char *what = web_form(r, "decision");
	const char *reason = web_form(r, "reason");
	long long id = r->id[0];
	char *status, *json, *target, *detail, *to;
	int rc;

	if ((json = records_submission_json(web_records(r), id, &status)) ==
	    NULL)
		return web_fail(r, resp, 404, "没有这份材料。");
	free(json);
	free(status);
	if (what == NULL || (strcmp(what, "accept") != 0 &&
	    strcmp(what, "reject") != 0 && strcmp(what, "supplement") != 0))
		return web_fail(r, resp, 400, "请选择受理、退回或补正。");
	if (strcmp(what, "accept") != 0 && (reason == NULL || *reason == '\0'))
		return web_fail(r, resp, 400, "退回或要求补正时请写明原因"
		    "（发件人会看到）。");
	rc = cmd_decide_apply(web_env(r), web_records(r), id, what,
	    reason ? reason : "", r->who->name, 0);
	target = xasprintf("%lld", id);
	detail = xasprintf("%s%s", what, rc == 0 ? "" : " (refused)");
	if (web_audit(r, "decide", target, detail) != 0 && rc == 0)
		rc = EXIT_RUNTIME;
	free(target);
	free(detail);
	if (rc == EXIT_USAGE)
		return web_fail(r, resp, 409, "这份材料已经处理过（或无需处理）"
		    "，未再发送回复。");
	if (rc != 0) {
		log_error("event=web_decide_failed submission=%lld", id);
		return -1;
	}
	log_info("event=web_decided submission=%lld decision=%s staff=\"%s\"",
	    id, what, r->who->name);
	to = xasprintf("/submission/%lld", id);
	web_redirect(resp, to);
	free(to);
	return 0;
}
