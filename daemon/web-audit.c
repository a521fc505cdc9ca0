/*
 * web-audit.c — GET /audit (role admin): who looked at and decided what,
 * newest first, 100 a page (?page=N): every `intake` command's row and
 * every console view, file view, download and decision, with the staff
 * account and the submission it concerns (a link).
 */
#include <stdlib.h>
#include <string.h>

#include "records-console.h"
#include "records-staff.h"
#include "log.h"
#include "report.h"
#include "web-pages.h"

#define AUDIT_ROWS	100

static const char *
command_words(const char *c)
{
	static const char *const names[][2] = {
		{ "web view", "查看材料" }, { "web view-file", "查看文件" },
		{ "web download", "下载文件" }, { "web decide", "网页处理" },
		{ "show", "命令行查看" }, { "decide", "命令行处理" },
		{ "report", "生成报表" }, { "purge", "清除过期材料" },
	};
	size_t i;

	for (i = 0; c && i < sizeof names / sizeof names[0]; i++)
		if (strcmp(c, names[i][0]) == 0)
			return names[i][1];
	return c ? c : "";
}

int
web_audit_page(struct web_req *r, struct web_resp *resp)
{
	struct records_audit *rows = NULL;
	struct buf *b = &resp->body;
	const char *pg = web_query(r, "page");
	size_t n = 0, total = 0, page = pg ? strtoul(pg, NULL, 10) : 1, i;
	char *err = NULL, t[32];

	if (page < 1 || page > 1000000)
		page = 1;
	if (console_audit(web_records(r), (page - 1) * AUDIT_ROWS, AUDIT_ROWS,
	    &rows, &n, &total, &err) != 0) {
		log_error("event=web_audit_page_failed error=\"%s\"", err);
		free(err);
		return -1;
	}
	html_begin(b, r, "审计记录");
	html_fmt(b, "<p>共%L条，最新的在前。</p><table class=\"audit\"><thead>"
	    "<tr><th>时间</th><th>工作人员</th><th>系统用户</th><th>操作</th>"
	    "<th>材料</th><th>说明</th></tr></thead><tbody>",
	    (long long)total);
	for (i = 0; i < n; i++) {
		const struct records_audit *a = &rows[i];
		const char *tg = a->target;
		size_t k;

		report_fmt_time(a->at, "%Y-%m-%d %H:%M:%S", t, sizeof t);
		html_fmt(b, "<tr><td data-h=\"时间\">%s</td><td data-h=\"工作人员\">"
		    "%s</td><td data-h=\"系统用户\">%s</td><td data-h=\"操作\">"
		    "%s</td><td data-h=\"材料\">", t, a->by, a->unix_user,
		    command_words(a->command));
		/* a submission id is a link; anything else (a file name of
		 * `report -o`) is text */
		for (k = 0; tg && tg[k] >= '0' && tg[k] <= '9'; k++)
			;
		if (tg && k > 0 && tg[k] == '\0' && k < 19)
			html_fmt(b, "<a href=\"/submission/%s\">#%s</a>", tg,
			    tg);
		else
			html_fmt(b, "%s", tg);
		html_fmt(b, "</td><td data-h=\"说明\">%s</td></tr>", a->detail);
	}
	buf_adds(b, "</tbody></table><nav class=\"pages\">");
	if (page > 1)
		html_fmt(b, "<a rel=\"prev\" href=\"/audit?page=%L\">上一页</a>",
		    (long long)(page - 1));
	if (page * AUDIT_ROWS < total)
		html_fmt(b, "<a rel=\"next\" href=\"/audit?page=%L\">下一页</a>",
		    (long long)(page + 1));
	buf_adds(b, "</nav>");
	html_end(b);
	records_audit_free(rows, n);
	return 0;
}
