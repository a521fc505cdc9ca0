/*
 * web-submission.c — GET /submission/ID: one submission as staff need it
 * to decide: receipt, times, sender, subject, status; each person with
 * every file (material, type by content, size, whether the material
 * was told by content and what was read on it, a preview, a download
 * link); the mail's own text; the problems; every reply in full; the
 * history; who else opened it in the last ten minutes; and, for roles
 * decide and admin, the decision form (POST /submission/ID/confirm shows
 * the exact reply first: web-decide-confirm.c).
 *
 * ID numbers are in full for decide and admin, masked for view, in the
 * persons and in every text that may carry one.  Every view is an audit
 * row ("web view"), written before anything is shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "records-console.h"
#include "records-staff.h"
#include "env.h"
#include "filetype.h"
#include "idnumber.h"
#include "log.h"
#include "mail.h"
#include "preview.h"
#include "report.h"
#include "rules.h"
#include "spool.h"
#include "web.h"
#include "web-pages.h"

#define RECENT_SECONDS	600	/* "opened in the last ten minutes" */

static void
when(struct buf *b, time_t t)
{
	char s[32];

	if (t == 0) {
		buf_adds(b, "—");
		return;
	}
	report_fmt_time(t, "%Y-%m-%d %H:%M", s, sizeof s);
	buf_adds(b, s);
}

/* Text that may hold an ID number, masked unless full. */
static void
text(struct buf *b, const char *s, int full)
{
	char *m;

	if (s == NULL)
		return;
	if (full) {
		html_esc(b, s);
		return;
	}
	m = xstrdup(s);
	idnumber_mask_text(m);
	html_esc(b, m);
	free(m);
}

static void
size_words(struct buf *b, long long n)
{
	if (n >= 1024 * 1024)
		buf_addf(b, "%.1f MB", (double)n / (1024.0 * 1024.0));
	else if (n >= 1024)
		buf_addf(b, "%lld KB", (n + 1023) / 1024);
	else
		buf_addf(b, "%lld 字节", n);
}

static const char *
item_words(const struct env *e, const char *item)
{
	const char *n = item ? rules_item_name(e->rules, item) : NULL;

	return n ? n : item ? item : "（未识别）";
}

/* The missing materials (a JSON array of keys) in Chinese. */
static void
missing_words(struct buf *b, const struct env *e, const char *json)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL), *x;
	size_t i, n = 0;

	json_array_foreach(a, i, x) {
		const char *k = json_string_value(x);

		if (k == NULL)
			continue;
		html_fmt(b, "%s%s", n++ ? "、" : "", item_words(e, k));
	}
	json_decref(a);
	if (n == 0)
		buf_adds(b, "无");
}

static void
head(struct buf *b, const struct env *e, const struct records_submission *s,
    int full)
{
	buf_adds(b, "<dl class=\"facts\"><dt>受理编号</dt><dd>");
	if (s->receipt)
		html_fmt(b, "%s", s->receipt);
	else
		html_fmt(b, "未编号（#%L）", s->id);
	html_fmt(b, "</dd><dt>状态</dt><dd class=\"status-%s\">%s</dd>"
	    "<dt>收到</dt><dd>", s->status, report_status_name(s->status));
	when(b, s->received);
	buf_adds(b, "</dd><dt>最后更新</dt><dd>");
	when(b, s->updated);
	html_fmt(b, "</dd><dt>发件人</dt><dd>%s</dd><dt>主题</dt><dd>",
	    s->sender);
	text(b, s->subject, full);
	html_fmt(b, "</dd><dt>单位</dt><dd>%s</dd><dt>业务</dt><dd>%s</dd>",
	    s->company, report_business_name(e, s->business));
	if (s->declared_count >= 0)
		html_fmt(b, "<dt>申报人数</dt><dd>%d人</dd>",
		    s->declared_count);
	buf_adds(b, "</dl>");
}

static void
recent(struct buf *b, struct web_req *r, long long id)
{
	char **names = NULL, *err = NULL;
	size_t n = 0, i;

	if (console_recent_viewers(web_records(r), "web view", id,
	    r->now - RECENT_SECONDS, r->who->name, &names, &n, &err) != 0) {
		log_error("event=web_recent_failed error=\"%s\"", err);
		free(err);
		return;
	}
	if (n > 0) {
		buf_adds(b, "<p class=\"notice\" id=\"others\">");
		for (i = 0; i < n; i++)
			html_fmt(b, "%s%s", i ? "、" : "", names[i]);
		buf_adds(b, " 在最近十分钟内也打开过这份材料，请避免重复处理。"
		    "</p>");
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* How the material was told, and what was read on the document: the ID
 * number read in full for decide and admin, masked for view, as the
 * person's own. */
static void
recognition(struct buf *b, const struct records_file *f, int full)
{
	char *id;

	if (f->item_by && strcmp(f->item_by, "content") == 0)
		buf_adds(b, "<span class=\"by-content\">按内容识别</span>");
	if (f->read_name == NULL && f->read_id_number == NULL)
		return;
	id = f->read_id_number ? report_id_shown(f->read_id_number, full) :
	    NULL;
	html_fmt(b, "<span class=\"read\">读出 %s%s<span class=\"read-id\">"
	    "%s</span></span>", f->read_name, f->read_name && id ? " " : "",
	    id);
	free(id);
}

static void
files(struct buf *b, const struct env *e, const struct records_submission *s,
    const struct records_person *p, int full)
{
	size_t i;

	if (p->n_files == 0) {
		buf_adds(b, "<p>没有文件。</p>");
		return;
	}
	buf_adds(b, "<ul class=\"files\">");
	for (i = 0; i < p->n_files; i++) {
		const struct records_file *f = &p->files[i];
		const char *label = filetype_label(f->type);

		/* a sender may name a scan after the ID number on it */
		char *name = xstrdup(f->name ? f->name : "");

		if (!full)
			idnumber_mask_text(name);
		html_fmt(b, "<li class=\"file\"><div class=\"meta\">"
		    "<strong>%s</strong><span>%s</span><span>%s</span><span>",
		    item_words(e, f->item), name, label ? label : f->type);
		size_words(b, f->bytes);
		buf_adds(b, "</span>");
		recognition(b, f, full);
		if (f->path == NULL || s->purged) {
			buf_adds(b, "<span>（未保存）</span></div></li>");
			free(name);
			continue;
		}
		html_fmt(b, "<a href=\"/submission/%L/file/%L?download=1\">"
		    "下载</a></div>", s->id, f->id);
		if (preview_how(f->type) != PREVIEW_NONE)
			html_fmt(b, "<a href=\"/submission/%L/file/%L\">"
			    "<img class=\"preview\" loading=\"lazy\" "
			    "src=\"/submission/%L/preview/%L\" alt=\"%s\">"
			    "</a>", s->id, f->id, s->id, f->id, name);
		buf_adds(b, "</li>");
		free(name);
	}
	buf_adds(b, "</ul>");
}

static void
persons(struct buf *b, const struct env *e, const struct records_submission *s,
    int full)
{
	size_t i;

	buf_adds(b, "<h2>人员与材料</h2>");
	for (i = 0; i < s->n_persons; i++) {
		const struct records_person *p = &s->persons[i];
		char *id = p->id_number ? report_id_shown(p->id_number, full) :
		    NULL;

		html_fmt(b, "<section class=\"person\"><h3>%s</h3>"
		    "<dl class=\"facts\"><dt>业务</dt><dd>%s</dd>"
		    "<dt>身份证号</dt><dd class=\"idno\">%s</dd>",
		    p->name && *p->name ? p->name : "（单位）",
		    report_business_name(e, p->business), id ? id : "—");
		free(id);
		if (p->archive) {
			buf_adds(b, "<dt>压缩包</dt><dd>");
			text(b, p->archive, full);
			buf_adds(b, "</dd>");
		}
		buf_adds(b, "<dt>缺少</dt><dd>");
		missing_words(b, e, p->missing);
		buf_adds(b, "</dd></dl>");
		files(b, e, s, p, full);
		buf_adds(b, "</section>");
	}
}

/* The mail's own text, from the raw mail in the spool. */
static void
mail_text(struct buf *b, struct web_req *r, const struct records_submission *s,
    int full)
{
	struct spool_bytes raw = { 0 };
	struct mail_message *m = NULL;
	char *err = NULL;

	buf_adds(b, "<h2>邮件正文</h2>");
	if (s->purged || s->spool_path == NULL) {
		buf_adds(b, "<p>邮件已按保留期限清除。</p>");
		return;
	}
	if (spool_map(web_spool(r), s->spool_path, &raw, &err) != 0) {
		log_warn("event=web_mail_missing submission=%lld error=\"%s\"",
		    s->id, err);
		free(err);
		buf_adds(b, "<p class=\"error\">原始邮件不在存储中。</p>");
		return;
	}
	if ((raw.mapped ? mail_parse_mapped(raw.data, raw.len, &m) :
	    mail_parse(raw.data, raw.len, &m)) != 0 || m == NULL)
		buf_adds(b, "<p>（空邮件）</p>");
	else {
		buf_adds(b, "<pre class=\"mail\">");
		text(b, *m->body_text ? m->body_text : "（无正文）", full);
		buf_adds(b, "</pre>");
	}
	mail_free(m);
	spool_bytes_free(&raw);
}

static void
problems(struct buf *b, const struct records_submission *s, int full)
{
	size_t i;

	buf_adds(b, "<h2>发现的问题</h2>");
	if (s->n_problems == 0) {
		buf_adds(b, "<p>无。</p>");
		return;
	}
	buf_adds(b, "<ul class=\"problems\">");
	for (i = 0; i < s->n_problems; i++) {
		buf_adds(b, "<li>");
		text(b, s->problems[i].detail && *s->problems[i].detail ?
		    s->problems[i].detail : s->problems[i].code, full);
		buf_adds(b, "</li>");
	}
	buf_adds(b, "</ul>");
}

static const char *
reply_state(const char *st)
{
	static const char *const names[][2] = {
		{ "due", "待发送" }, { "sending", "发送中" }, { "sent", "已发送" },
		{ "failed", "发送失败" }, { "suppressed", "未发送（频率限制）" },
	};
	size_t i;

	for (i = 0; st && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(st, names[i][0]) == 0)
			return names[i][1];
	return st ? st : "";
}

/* Every reply, its text decoded from the message as stored. */
static void
replies(struct buf *b, const struct records_submission *s, int full)
{
	size_t i;

	buf_adds(b, "<h2>答复</h2>");
	if (s->n_replies == 0)
		buf_adds(b, "<p>没有答复。</p>");
	for (i = 0; i < s->n_replies; i++) {
		const struct records_reply *p = &s->replies[i];
		struct mail_message *m = NULL;

		html_fmt(b, "<article class=\"reply\"><p class=\"meta\">%s · "
		    "致 %s · 生成于 ", reply_state(p->state), p->rcpt);
		when(b, p->created);
		if (p->sent) {
			buf_adds(b, " · 发出于 ");
			when(b, p->sent);
		}
		if (p->error)
			html_fmt(b, " · <span class=\"error\">%s</span>",
			    p->error);
		buf_adds(b, "</p><p class=\"subject\">");
		text(b, p->subject, full);
		buf_adds(b, "</p><pre class=\"reply-text\">");
		if (mail_parse(p->message, p->len, &m) == 0 && m != NULL)
			text(b, m->body_text, full);
		mail_free(m);
		buf_adds(b, "</pre></article>");
	}
}

static const char *
event_words(const char *ev)
{
	static const char *const names[][2] = {
		{ "received", "收到" }, { "resubmitted", "重新提交" },
		{ "decided", "人工处理" },
	};
	size_t i;

	for (i = 0; ev && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(ev, names[i][0]) == 0)
			return names[i][1];
	return ev ? ev : "";
}

static void
history(struct buf *b, const struct records_submission *s, int full)
{
	size_t i;

	buf_adds(b, "<h2>经过</h2><ol class=\"history\">");
	for (i = 0; i < s->n_history; i++) {
		const struct records_event *h = &s->history[i];

		buf_adds(b, "<li><time>");
		when(b, h->at);
		html_fmt(b, "</time> %s · %s ", event_words(h->event),
		    h->actor);
		text(b, h->detail, full);
		buf_adds(b, "</li>");
	}
	buf_adds(b, "</ol>");
}

int
web_submission(struct web_req *r, struct web_resp *resp)
{
	const struct env *e = web_env(r);
	struct records_submission *s = NULL;
	struct buf *b = &resp->body;
	char *err = NULL, *target, *title;
	int rc, full = r->who->role >= STAFF_DECIDE;

	rc = records_submission_get(web_records(r), r->id[0], &s, &err);
	if (rc < 0) {
		log_error("event=web_submission_failed submission=%lld "
		    "error=\"%s\"", r->id[0], err);
		free(err);
		return -1;
	}
	if (rc == 1) {
		free(err);
		return web_fail(r, resp, 404, "没有这份材料。");
	}
	/* the viewers before this view is counted among them */
	title = s->receipt ? xasprintf("材料 %s", s->receipt) :
	    xasprintf("材料 #%lld", s->id);
	html_begin(b, r, title);
	free(title);
	recent(b, r, s->id);
	target = xasprintf("%lld", s->id);
	rc = web_audit(r, "view", target, full ? "full-ids" : NULL);
	free(target);
	if (rc != 0) {
		/* no audit row, no personal data */
		records_submission_free(s);
		return -1;
	}
	head(b, e, s, full);
	persons(b, e, s, full);
	mail_text(b, r, s, full);
	problems(b, s, full);
	/* after what it is decided on: the scans, the text, the problems */
	if (r->who->role >= STAFF_DECIDE)
		web_decision_form(b, r, s);
	replies(b, s, full);
	history(b, s, full);
	buf_adds(b, "<p><a href=\"/\">返回待办列表</a></p>");
	html_end(b);
	records_submission_free(s);
	return 0;
}
