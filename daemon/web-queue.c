/*
 * web-queue.c — GET /: the queue, as the report orders and groups it
 * (report-rows.c's rows: 待人工核对 first, then rejected mail not sent
 * again, oldest first; working days waited, 超期 in red), with filters by
 * status, business and date, one search box (a receipt number however it
 * is typed, a company, a sender, a person's name, an ID number's last
 * four) and pages of 50.  ID numbers are masked here, for every role.
 *
 * Query arguments: q, status, business, from, until (YYYY-MM-DD), page.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "records-console.h"
#include "day.h"
#include "env.h"
#include "idnumber.h"
#include "log.h"
#include "records-report.h"
#include "report.h"
#include "rules.h"
#include "web.h"
#include "workdays.h"

#define PAGE	50

static const char *const statuses[][2] = {
	{ "review", "待人工核对" }, { "rejected", "已退回" },
	{ "accepted", "已受理" }, { "ignored", "已忽略" },
};

/* A query value as typed, trimmed; NULL when empty. */
static const char *
arg(const struct web_req *r, const char *name)
{
	const char *v = web_query(r, name);

	while (v && (*v == ' ' || *v == '\t'))
		v++;
	return v && *v ? v : NULL;
}

/* Percent-encoding of a query value (RFC 3986 unreserved kept). */
static void
url_esc(struct buf *b, const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p && *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			buf_add(b, p, 1);
		else
			buf_addf(b, "%%%02X", *p);
}

/* The link to page n with the same filters; malloc'd. */
static char *
page_link(const struct web_req *r, size_t n)
{
	static const char *const keep[] = { "q", "status", "business",
	    "from", "until" };
	struct buf b = { 0 };
	size_t i;

	buf_addf(&b, "/?page=%zu", n);
	for (i = 0; i < sizeof keep / sizeof keep[0]; i++) {
		const char *v = arg(r, keep[i]);

		if (v == NULL)
			continue;
		buf_addf(&b, "&%s=", keep[i]);
		url_esc(&b, v);
	}
	return buf_take(&b);
}

/* What to search for: a receipt number is matched in its ASCII form
 * ("闵行－2026－000012" → "闵行-2026-000012"), anything else as typed. */
static char *
search_text(const char *q)
{
	char *norm;
	size_t n;

	if (q == NULL)
		return NULL;
	norm = cmd_normalize_ref(q);
	if (strpbrk(norm, "0123456789") && strchr(norm, '-'))
		return norm;
	free(norm);
	norm = xstrdup(q);
	/* trailing spaces of a pasted name */
	for (n = strlen(norm); n > 0 && norm[n - 1] == ' '; n--)
		norm[n - 1] = '\0';
	return norm;
}

static void
option(struct buf *b, const char *value, const char *label,
    const char *chosen)
{
	html_fmt(b, "<option value=\"%s\"%H>%s</option>", value,
	    chosen && strcmp(chosen, value) == 0 ? " selected" : "", label);
}

static void
filters(struct buf *b, const struct web_req *r, const struct env *e)
{
	const char *st = arg(r, "status"), *bz = arg(r, "business");
	size_t i;

	html_fmt(b, "<form class=\"filters\" method=\"get\" action=\"/\">"
	    "<label>查找<input type=\"search\" name=\"q\" value=\"%s\" "
	    "placeholder=\"受理编号、单位、姓名或身份证号后四位\"></label>"
	    "<label>状态<select name=\"status\"><option value=\"\">全部"
	    "</option>", arg(r, "q"));
	for (i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		option(b, statuses[i][0], statuses[i][1], st);
	buf_adds(b, "</select></label><label>业务<select name=\"business\">"
	    "<option value=\"\">全部</option>");
	for (i = 0; e->center && i < e->center->n_businesses; i++) {
		const char *k = e->center->businesses[i].business;

		option(b, k, report_business_name(e, k), bz);
	}
	html_fmt(b, "</select></label>"
	    "<label>收到自<input type=\"date\" name=\"from\" value=\"%s\">"
	    "</label><label>至<input type=\"date\" name=\"until\" "
	    "value=\"%s\"></label><button type=\"submit\">查询</button>"
	    "</form>", arg(r, "from"), arg(r, "until"));
}

/* Waiting and overdue over the whole queue, not only this page: the
 * arrival times of every submission in review (rt, nrt). */
static void
summary(struct buf *b, const struct env *e, const struct workdays *w,
    const time_t *rt, size_t nrt, time_t now, size_t total)
{
	size_t i, late = 0;
	int days = e->center ? e->center->answer_days : 0;

	for (i = 0; i < nrt; i++)
		late += workdays_between(w, rt[i], now) > days;
	html_fmt(b, "<p class=\"summary\">符合条件%L件；全部待人工核对%L件，"
	    "其中<span class=\"overdue\">超期%L件</span>（答复时限%d个工作日）"
	    "</p>", (long long)total, (long long)nrt, (long long)late, days);
}

static void
rows(struct buf *b, const struct report *rp)
{
	static const int cols[] = { C_REF, C_RECEIVED, C_DAYS, C_COMPANY,
	    C_BUSINESS, C_PERSONS, C_STATUS, C_PROBLEMS };
	size_t i, c;

	buf_adds(b, "<table class=\"queue\"><thead><tr>");
	for (c = 0; c < sizeof cols / sizeof cols[0]; c++)
		html_fmt(b, "<th>%s</th>", report_col_title[cols[c]]);
	buf_adds(b, "</tr></thead><tbody>");
	for (i = 0; i < rp->n; i++) {
		const struct row *row = &rp->rows[i];

		html_fmt(b, "<tr class=\"g%d%H\">", row->group,
		    row->overdue ? " overdue" : "");
		for (c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			const char *v = row->cell[cols[c]];

			html_fmt(b, "<td data-h=\"%s\">",
			    report_col_title[cols[c]]);
			if (cols[c] == C_REF)
				html_fmt(b, "<a href=\"/submission/%L\">%s</a>",
				    row->id, v);
			else if (cols[c] == C_DAYS && row->overdue)
				html_fmt(b, "%s <strong>超期</strong>", v);
			else
				html_fmt(b, "%s", v);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>");
	}
	buf_adds(b, "</tbody></table>");
	if (rp->n == 0)
		buf_adds(b, "<p>没有符合条件的材料。</p>");
}

/* The calendar from the oldest arrival shown or counted (this page's
 * items, every review) to now. */
static struct workdays *
calendar(const struct env *e, const struct queue_item *it, size_t n,
    const time_t *rt, size_t nrt, time_t now)
{
	struct workdays *w;
	struct tm tm;
	int first, last;
	char *dir = xasprintf("%s/calendar", e->cfg->schemas), *warn = NULL;
	char *err = NULL;
	time_t oldest = now;
	size_t i;

	for (i = 0; i < n; i++)
		if (it[i].received < oldest)
			oldest = it[i].received;
	for (i = 0; i < nrt; i++)
		if (rt[i] < oldest)
			oldest = rt[i];
	localtime_r(&now, &tm);
	last = tm.tm_year + 1900;
	localtime_r(&oldest, &tm);
	first = tm.tm_year + 1900;
	if ((w = workdays_load(dir, first, last, &warn, &err)) == NULL) {
		log_error("event=web_calendar error=\"%s\"", err);
		free(err);
	}
	free(warn);
	free(dir);
	return w;
}

int
web_queue(struct web_req *r, struct web_resp *resp)
{
	const struct env *e = web_env(r);
	struct console_query q = { 0 };
	struct report rp = { 0 };
	struct queue_item *it = NULL;
	struct workdays *w = NULL;
	struct buf *b = &resp->body;
	time_t *rt = NULL;
	size_t nrt = 0;
	const char *pg = web_query(r, "page");
	char *err = NULL, *search, *link, *title;
	size_t n = 0, total = 0, page = pg ? strtoul(pg, NULL, 10) : 1, i, j;
	time_t t;

	if (page < 1 || page > 1000000)
		page = 1;
	q.status = arg(r, "status");
	q.business = arg(r, "business");
	if (arg(r, "from") && day_parse(arg(r, "from"), 0, &t) == 0)
		q.from = t;
	if (arg(r, "until") && day_parse(arg(r, "until"), 0, &t) == 0) {
		/* up to the next midnight: 36 h on is inside the next day
		 * whatever that day's length, then back to its start */
		time_t next = t + 36 * 3600;
		struct tm tm;

		localtime_r(&next, &tm);
		tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
		tm.tm_isdst = -1;
		q.until = mktime(&tm);
	}
	search = search_text(arg(r, "q"));
	q.search = search;
	q.offset = (page - 1) * PAGE;
	q.limit = PAGE;
	if (console_queue(web_records(r), &q, &it, &n, &total, &err) != 0) {
		log_error("event=web_queue_failed error=\"%s\"", err);
		free(err);
		free(search);
		return -1;
	}
	free(search);
	/* ID numbers also hide in problem texts: masked for everyone here */
	for (i = 0; i < n; i++)
		for (j = 0; j < it[i].n_problems; j++) {
			if (it[i].problems[j].detail)
				idnumber_mask_text(it[i].problems[j].detail);
			if (it[i].problems[j].file)
				idnumber_mask_text(it[i].problems[j].file);
		}
	if (console_review_times(web_records(r), &rt, &nrt, &err) != 0) {
		log_error("event=web_queue_failed error=\"%s\"", err);
		free(err);
		records_queue_free(it, n);
		return -1;
	}
	if ((w = calendar(e, it, n, rt, nrt, r->now)) == NULL) {
		free(rt);
		records_queue_free(it, n);
		return -1;
	}
	rp.env = e;
	rp.now = r->now;
	report_build_rows(&rp, it, n, NULL, w);

	title = xasprintf("%s 待办", e->center ? e->center->display_name :
	    "材料受理");
	html_begin(b, r, title);
	free(title);
	filters(b, r, e);
	summary(b, e, w, rt, nrt, r->now, total);
	rows(b, &rp);
	buf_adds(b, "<nav class=\"pages\">");
	if (page > 1) {
		link = page_link(r, page - 1);
		html_fmt(b, "<a rel=\"prev\" href=\"%s\">上一页</a>", link);
		free(link);
	}
	html_fmt(b, "<span>第%L页，共%L页</span>", (long long)page,
	    (long long)(total ? (total + PAGE - 1) / PAGE : 1));
	if (page * PAGE < total) {
		link = page_link(r, page + 1);
		html_fmt(b, "<a rel=\"next\" href=\"%s\">下一页</a>", link);
		free(link);
	}
	buf_adds(b, "</nav>");
	if (r->who->role >= STAFF_ADMIN)
		buf_adds(b, "<p><a href=\"/audit\">查看审计记录</a></p>");
	html_end(b);
	report_free_rows(&rp);
	records_queue_free(it, n);
	workdays_free(w);
	free(rt);
	return 0;
}
