/*
 * web-queue.c — GET /: the queue, in the report's order
 * (records-report.h): what waits for a person first.  Each row links to
 * its submission.
 */
#include <stdlib.h>

#include "env.h"
#include "log.h"
#include "records-report.h"
#include "report.h"
#include "web.h"

int
web_queue(struct web_req *r, struct web_resp *resp)
{
	struct queue_filter f = { 0 };
	struct queue_item *it = NULL;
	struct buf *b = &resp->body;
	char *err = NULL, when[32];
	size_t n = 0, i;

	if (records_queue_load(web_records(r), &f, &it, &n, &err) != 0) {
		log_error("event=web_queue_failed error=\"%s\"", err);
		free(err);
		return -1;
	}
	html_begin(b, r, "待办列表");
	buf_adds(b, "<table><thead><tr><th>受理编号</th><th>收到</th>"
	    "<th>状态</th><th>单位</th><th>发件人</th></tr></thead><tbody>");
	for (i = 0; i < n; i++) {
		report_fmt_time(it[i].received, "%Y-%m-%d %H:%M", when,
		    sizeof when);
		html_fmt(b, "<tr%H><td><a href=\"/submission/%L\">", it[i].group
		    == 0 ? " class=\"review\"" : "", it[i].id);
		if (it[i].receipt)
			html_fmt(b, "%s", it[i].receipt);
		else
			html_fmt(b, "#%L", it[i].id);
		html_fmt(b, "</a></td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td>%s</td></tr>", when, report_status_name(it[i].status),
		    it[i].company, it[i].sender);
	}
	buf_adds(b, "</tbody></table>");
	html_end(b);
	records_queue_free(it, n);
	return 0;
}
