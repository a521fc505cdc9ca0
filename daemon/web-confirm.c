/*
 * web-confirm.c — the decision in two steps.  The submission page's form
 * (web_decision_form) offers accept, reject and supplement, the common
 * reasons (what intake found in the mail, then the center's `reasons`)
 * and a free text; POST /submission/ID/confirm (role decide,
 * csrf checked by web.c) shows the exact reply that will go out, made by
 * the very decision `intake decide` runs, rolled back
 * (decide_preview), and a form that sends the same fields to
 * POST /submission/ID/decision (web-decide.c) when staff confirm.
 */
#include <stdlib.h>
#include <string.h>

#include "decide.h"
#include "env.h"
#include "records-staff.h"
#include "log.h"
#include "rules.h"
#include "web-pages.h"

static const char *const decisions[][2] = {
	{ "accept", "受理（发送受理回执）" },
	{ "reject", "退回（说明原因）" },
	{ "supplement", "要求补正材料" },
};

static int
decided(const struct records_submission *s, const char **by)
{
	size_t i;

	for (i = s->n_history; i-- > 0; )
		if (strcmp(s->history[i].event, "decided") == 0) {
			*by = s->history[i].actor;
			return 1;
		}
	return 0;
}

void
web_decision_form(struct buf *b, const struct web_req *r,
    const struct records_submission *s)
{
	const struct rules_center *ce = web_env(r)->center;
	const char *by = NULL;
	size_t i, j;

	buf_adds(b, "<section class=\"decide\"><h2>处理</h2>");
	if (strcmp(s->status, "ignored") == 0) {
		buf_adds(b, "<p>这封邮件已被忽略（自动回复、退信等），无需处理。"
		    "</p></section>");
		return;
	}
	/* Taking back a receipt is deliberate: the command line's --force,
	 * not a click. */
	if (s->receipt != NULL) {
		html_fmt(b, "<p>已受理，回执编号 %s。如需撤回，请联系管理员"
		    "（intake decide --force）。</p></section>", s->receipt);
		return;
	}
	if (decided(s, &by)) {
		html_fmt(b, "<p>已由 %s 处理，如需更改请联系管理员（intake "
		    "decide --force）。</p></section>", by);
		return;
	}
	html_fmt(b, "<form class=\"decide\" method=\"post\" "
	    "action=\"/submission/%L/confirm\">", s->id);
	html_csrf(b, r);
	buf_adds(b, "<fieldset><legend>决定</legend>");
	for (i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
		html_fmt(b, "<label class=\"choice\"><input type=\"radio\" "
		    "name=\"decision\" value=\"%s\" required> %s</label>",
		    decisions[i][0], decisions[i][1]);
	buf_adds(b, "</fieldset><label>常用理由<select name=\"reason_common\">"
	    "<option value=\"\">（不选）</option>");
	/* what the robot found in this mail, then the center's usual ones */
	for (i = 0; i < s->n_problems; i++) {
		const char *d = s->problems[i].detail;

		for (j = 0; j < i; j++)
			if (d && s->problems[j].detail &&
			    strcmp(d, s->problems[j].detail) == 0)
				break;
		if (d && *d && j == i)
			html_fmt(b, "<option value=\"%s\">%s</option>", d, d);
	}
	for (i = 0; ce && i < ce->n_reasons; i++)
		html_fmt(b, "<option value=\"%s\">%s</option>",
		    ce->reasons[i], ce->reasons[i]);
	buf_adds(b, "</select></label><label>理由（发件人会看到；填写后以此为"
	    "准）<textarea name=\"reason\" rows=\"3\"></textarea></label>"
	    "<button type=\"submit\" name=\"step\" value=\"preview\">预览答复"
	    "</button></form></section>");
}

int
web_confirm(struct web_req *r, struct web_resp *resp)
{
	const char *what = web_form(r, "decision");
	const char *reason = web_form(r, "reason");
	const char *common = web_form(r, "reason_common");
	struct decide_req q = { .command = "web decide" };
	struct buf *b = &resp->body;
	char *reply = NULL, *err = NULL;
	enum decide_result rc;
	size_t i;

	for (i = 0; i < sizeof decisions / sizeof decisions[0]; i++)
		if (what && strcmp(what, decisions[i][0]) == 0)
			break;
	if (i == sizeof decisions / sizeof decisions[0])
		return web_fail(r, resp, 400, "请选择受理、退回或要求补正。");
	if (reason == NULL || *reason == '\0')
		reason = common;
	if (strcmp(what, "accept") != 0 && (reason == NULL || *reason == '\0'))
		return web_fail(r, resp, 400, "退回或要求补正时请选择或填写理由"
		    "（发件人会看到）。");
	q.what = what;
	q.reason = reason ? reason : "";
	q.actor = q.audit_by = r->who->name;
	rc = decide_preview(web_env(r), web_records(r), r->id[0], &q, &reply,
	    &err);
	if (rc == DECIDE_REFUSED) {
		log_info("event=web_confirm_refused submission=%lld why=\"%s\"",
		    r->id[0], err);
		free(err);
		return web_fail(r, resp, 409, "这份材料已经处理过（或无需处理），"
		    "不能再次决定。");
	}
	if (rc != DECIDE_DONE) {
		log_error("event=web_confirm_failed submission=%lld "
		    "error=\"%s\"", r->id[0], err ? err : "");
		free(err);
		free(reply);
		return -1;
	}
	html_begin(b, r, "确认答复");
	html_fmt(b, "<p>决定：<strong>%s</strong>。发件人将收到下面这封答复，"
	    "确认后立即发送：</p><pre class=\"reply-text\" id=\"reply\">%s"
	    "</pre><form class=\"confirm\" method=\"post\" "
	    "action=\"/submission/%L/decision\">", decisions[i][1], reply,
	    r->id[0]);
	html_csrf(b, r);
	html_fmt(b, "<input type=\"hidden\" name=\"decision\" value=\"%s\">"
	    "<input type=\"hidden\" name=\"reason\" value=\"%s\">"
	    "<button type=\"submit\" id=\"confirm\">确认发送</button> "
	    "<a href=\"/submission/%L\">返回修改</a></form>", what,
	    reason ? reason : "", r->id[0]);
	html_end(b);
	free(reply);
	return 0;
}
