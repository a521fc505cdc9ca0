/*
 * report-html.c — the report as one self-contained HTML page.
 * See report.h.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "channel.h"
#include "cmd.h"
#include "report.h"
#include "env.h"
#include "log.h"
#include "idnumber.h"
#include "records-report.h"
#include "reply.h"
#include "util.h"
#include "day.h"
#include "problem.h"
#include "utf8.h"
#include "workdays.h"

static void
html_esc(struct buf *b, const char *s)
{
	const char *run;

	for (;;) {
		/* the bytes that need nothing, in one piece */
		for (run = s; *s && *s != '&' && *s != '<' && *s != '>' &&
		    *s != '"' && *s != '\''; s++)
			;
		buf_add(b, run, (size_t)(s - run));
		switch (*s) {
		case '\0': return;
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		}
		s++;
	}
}

static const char HTML_CSS[] =
"*{box-sizing:border-box}"
"body{margin:0;padding:12px;font:14px/1.45 system-ui,-apple-system,"
"\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",sans-serif;"
"color:#1d2430;background:#f5f6f8}"
"h1{font-size:18px;margin:0 0 4px}"
".meta{margin:0 0 10px;color:#555}"
".meta b.od{color:#b3261e}"
".wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;background:#fff;"
"border:1px solid #d8dce3;border-radius:6px}"
"table{border-collapse:collapse;width:100%;min-width:960px}"
"th,td{padding:6px 8px;border-bottom:1px solid #e6e8ec;text-align:left;"
"vertical-align:top}"
"th{position:sticky;top:0;background:#eef1f5;white-space:nowrap;"
"cursor:pointer;user-select:none}"
"th[aria-sort=ascending]::after{content:\" \\25B2\"}"
"th[aria-sort=descending]::after{content:\" \\25BC\"}"
"td.n{text-align:right}"
"td.nw{white-space:nowrap}"
"tr.g0 td:first-child{border-left:4px solid #e0a100}"
"tr.g1 td:first-child{border-left:4px solid #7a8699}"
"tr.overdue td{background:#fde7e5}"
"tr.overdue td.od{color:#b3261e;font-weight:bold}"
"td.pb{min-width:16em;color:#333}"
"td.co{min-width:9em}"
".legend{margin:8px 0 0;color:#666;font-size:12px}"
"@media (max-width:640px){body{padding:6px;font-size:13px}"
"h1{font-size:16px}th,td{padding:5px 6px}}";

/* Click a heading to sort by it (again: the other way); "#sort=N" or
 * "#sort=N-desc" in the address sorts on load.  data-ready on the table
 * says the script ran to its end. */
static const char HTML_JS[] =
"(function(){"
"var t=document.getElementById('queue');if(!t)return;"
"var tb=t.tBodies[0],hs=t.tHead.rows[0].cells;"
"function key(td,num){var v=td.getAttribute('data-sort');"
"if(v===null)v=td.textContent;return num?parseFloat(v)||0:v;}"
"function sortBy(i,desc){var num=hs[i].getAttribute('data-type')==='num';"
"var rows=Array.prototype.slice.call(tb.rows);"
"rows.sort(function(a,b){var x=key(a.cells[i],num),y=key(b.cells[i],num);"
"var c=num?x-y:String(x).localeCompare(String(y),'zh-CN');"
"if(c===0)c=a.getAttribute('data-pos')-b.getAttribute('data-pos');"
"return desc?-c:c;});"
"rows.forEach(function(r){tb.appendChild(r);});"
"for(var k=0;k<hs.length;k++)hs[k].removeAttribute('aria-sort');"
"hs[i].setAttribute('aria-sort',desc?'descending':'ascending');"
"t.setAttribute('data-sorted',i+(desc?'-desc':''));}"
"Array.prototype.forEach.call(hs,function(h,i){"
"h.addEventListener('click',function(){"
"sortBy(i,h.getAttribute('aria-sort')==='ascending');});});"
"var m=/^#sort=(\\d+)(-desc)?$/.exec(location.hash);"
"if(m&&+m[1]<hs.length)sortBy(+m[1],!!m[2]);"
"t.setAttribute('data-ready',String(tb.rows.length));"
"})();";

void
report_html(const struct report *r, struct report_out *o)
{
	struct buf *b = &o->b;
	char *title = report_title_line(r), *sum;
	size_t i, c;

	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_esc(b, title);
	buf_addf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
	    HTML_CSS);
	html_esc(b, title);
	buf_addf(b, "</h1>\n<p class=\"meta\">共%zu件，待人工核对%d件，"
	    "<b class=\"od\">超期%d件</b>（答复时限%d个工作日）</p>\n",
	    r->n, r->n_review, r->n_overdue, r->env->center->answer_days);
	buf_addf(b, "<div class=\"wrap\">\n<table id=\"queue\" "
	    "data-rows=\"%zu\">\n<thead><tr>", r->n);
	for (c = 0; c < NCOLS; c++)
		buf_addf(b, "<th%s>%s</th>", c == C_DAYS ?
		    " data-type=\"num\"" : "", report_col_title[c]);
	buf_adds(b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->n; i++) {
		const struct row *row = &r->rows[i];

		char tr[128], key[80];

		/* snprintf into the stack, not buf_addf's malloc: 100,000
		 * rows */
		snprintf(tr, sizeof tr, "<tr class=\"g%d%s\" data-id=\"%lld\" "
		    "data-pos=\"%zu\">", row->group,
		    row->overdue ? " overdue" : "", row->id, i);
		snprintf(key, sizeof key, " data-sort=\"%d-%s-%010lld\"",
		    row->group, row->iso, row->id);
		buf_adds(b, tr);
		for (c = 0; c < NCOLS; c++) {
			const char *cls = c == C_DAYS ? " class=\"n\"" :
			    c == C_OVERDUE ? " class=\"od\"" :
			    c == C_PROBLEMS ? " class=\"pb\"" :
			    c == C_COMPANY ? " class=\"co\"" :
			    (c == C_REF || c == C_RECEIVED || c == C_STATUS ||
			    c == C_SENDER || c == C_BUSINESS) ?
			    " class=\"nw\"" : "";

			buf_adds(b, "<td");
			buf_adds(b, cls);
			if (c == C_RECEIVED) {
				buf_adds(b, " data-sort=\"");
				buf_adds(b, row->iso);
				buf_adds(b, "\"");
			} else if (c == C_STATUS || c == C_REF)
				buf_adds(b, key);
			buf_adds(b, ">");
			html_esc(b, row->cell[c]);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>\n");
		report_out_flush(o, 0);
	}
	sum = report_summary_line(r);
	buf_adds(b, "</tbody>\n</table>\n</div>\n<p class=\"legend\">");
	buf_adds(b, "排序：待人工核对在前，其次是未重新发送的退回邮件，再次为其他；"
	    "同组内先收到的在前。点击表头可按该列排序。"
	    "超期：待人工核对超过答复时限。");
	buf_addf(b, "</p>\n<script>%s</script>\n</body>\n</html>\n", HTML_JS);
	free(sum);
	free(title);
}

