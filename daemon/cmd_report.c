/*
 * cmd_report.c — `intake report`: the staff queue (daemon/queue.h order:
 * review, rejected not sent again, the rest; oldest first), one row per
 * submission with the working days waited (daemon/workdays.h, calendar
 * files in SCHEMAS/calendar/) and an overdue mark for a review past the
 * center's answer_days.  Formats text (CJK width counted), csv (UTF-8
 * with BOM, RFC 4180), html (one self-contained page), json.
 *
 * Reads only: writes stdout, or -o FILE, or with --mail-to sends the HTML
 * page (with a text alternative) through the configured reply channel.
 * INTAKE_NOW=YYYY-MM-DD[THH:MM] fixes "now" (a testing aid).
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
#include "env.h"
#include "labels.h"
#include "log.h"
#include "idnumber.h"
#include "queue.h"
#include "reply.h"
#include "util.h"
#include "day.h"
#include "problem.h"
#include "utf8.h"
#include "workdays.h"

enum report_format { FMT_TEXT, FMT_CSV, FMT_HTML, FMT_JSON };

/* The columns, in order, for text, csv and html. */
enum {
	C_REF, C_RECEIVED, C_DAYS, C_OVERDUE, C_SENDER, C_COMPANY,
	C_BUSINESS, C_PERSONS, C_STATUS, C_PROBLEMS, NCOLS
};
static const char *const col_title[NCOLS] = {
	"编号", "收到时间", "等待工作日", "超期", "发件人", "单位", "业务",
	"人员", "状态", "问题",
};

struct row {
	const struct queue_item *it;
	char	*cell[NCOLS];		/* sanitized, never NULL */
	int	 days;
	int	 overdue;
	char	 iso[32];		/* received, ISO 8601 with offset */
};

struct report {
	const struct env *env;
	struct row	*rows;
	size_t		 n;
	time_t		 now;
	int		 full_ids;
	int		 n_review, n_overdue;
	char		 today[16];
};

/* ---- helpers ---- */

static const char *
status_name(const char *s)
{
	if (s == NULL)
		return "";
	if (strcmp(s, "review") == 0)
		return "待人工核对";
	if (strcmp(s, "rejected") == 0)
		return "已退回";
	if (strcmp(s, "accepted") == 0)
		return "已受理";
	if (strcmp(s, "ignored") == 0)
		return "已忽略";
	return s;
}

/* Control characters (C0, DEL, C1) become spaces: a company name from a
 * mail must not move the terminal's cursor or break a row. */
static char *
sanitize(const char *s)
{
	char *o = xstrdup(s ? s : ""), *p;

	for (p = o; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c < 0x20 || c == 0x7f)
			*p = ' ';
		else if (c == 0xc2 && (unsigned char)p[1] >= 0x80 &&
		    (unsigned char)p[1] <= 0x9f) {
			p[0] = ' ';
			p[1] = ' ';
			p++;
		}
	}
	return o;
}

static const char *
business_name(const struct env *e, const char *key)
{
	const char *n = key ? rules_business_name(e->rules, key) : NULL;

	return n ? n : key ? key : "";
}

/* The short problems, grouped by person in order of appearance:
 * "人数不符；张三：压缩包损坏、缺居住证", repeats dropped. */
static char *
problems_cell(const struct env *e, const struct queue_item *it)
{
	struct buf b = { 0 };
	size_t n = it->n_problems, i, j, k;
	int pass;
	char **what = xcalloc(n + 1, sizeof *what);
	const char **who = xcalloc(n + 1, sizeof *who);

	for (i = 0; i < n; i++) {
		const struct queue_problem *p = &it->problems[i];
		const char *label = labels_problem(p->code);
		const char *iname = p->item ?
		    rules_item_name(e->rules, p->item) : NULL;

		if (p->code && strcmp(p->code, "item-missing") == 0 &&
		    (iname || p->item))
			what[i] = xasprintf("缺%s", iname ? iname : p->item);
		else if (label)
			what[i] = xstrdup(label);
		else
			what[i] = xstrdup(p->detail && *p->detail ? p->detail :
			    p->code ? p->code : "?");
		who[i] = p->person && *p->person ? p->person : "";
	}
	/* the mail's own problems first (pass 0), then each person's */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			int first = 1;

			if ((pass == 0) != (*who[i] == '\0'))
				continue;
			for (j = 0; j < i && strcmp(who[j], who[i]) != 0; j++)
				;
			if (pass == 1 && j < i)
				continue;	/* this person is done */
			if (pass == 0 && i > 0 && j < i)
				continue;	/* done in the first round */
			for (j = i; j < n; j++) {
				if (strcmp(who[j], who[i]) != 0)
					continue;
				for (k = i; k < j; k++)
					if (strcmp(who[k], who[j]) == 0 &&
					    strcmp(what[k], what[j]) == 0)
						break;
				if (k < j)
					continue;	/* said already */
				if (first && b.len)
					buf_adds(&b, "；");
				else if (!first)
					buf_adds(&b, pass ? "、" : "；");
				if (first && pass)
					buf_addf(&b, "%s：", who[i]);
				first = 0;
				buf_adds(&b, what[j]);
			}
		}
	for (i = 0; i < n; i++)
		free(what[i]);
	free(what);
	free(who);
	return b.data ? buf_take(&b) : xstrdup("");
}

static char *
id_shown(const char *id, int full)
{
	return full ? xstrdup(id) : idnumber_mask(id);
}

static char *
persons_cell(const struct queue_item *it, int full)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < it->n_persons; i++) {
		const struct queue_person *p = &it->persons[i];

		if (*p->name == '\0' && p->id_number == NULL)
			continue;
		if (b.len)
			buf_adds(&b, "、");
		buf_adds(&b, p->name);
		if (p->id_number && *p->id_number) {
			char *id = id_shown(p->id_number, full);

			buf_addf(&b, "(%s)", id);
			free(id);
		}
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

/* The submission's business and, after it, any other one its persons
 * have: "积分新办、积分续办". */
static char *
business_cell(const struct env *e, const struct queue_item *it)
{
	struct buf b = { 0 };
	const char **keys = xcalloc(it->n_persons + 1, sizeof *keys);
	size_t i, j, n = 0;

	if (it->business)
		keys[n++] = it->business;
	for (i = 0; i < it->n_persons; i++) {
		const char *k = it->persons[i].business;

		if (k == NULL)
			continue;
		for (j = 0; j < n && strcmp(keys[j], k) != 0; j++)
			;
		if (j == n)
			keys[n++] = k;
	}
	for (j = 0; j < n; j++)
		buf_addf(&b, "%s%s", j ? "、" : "", business_name(e, keys[j]));
	free(keys);
	return b.data ? buf_take(&b) : xstrdup("");
}

static int
business_matches(const struct env *e, const struct queue_item *it,
    const char *want)
{
	size_t i;

	if (want == NULL)
		return 1;
	if (it->business && (strcmp(it->business, want) == 0 ||
	    strcmp(business_name(e, it->business), want) == 0))
		return 1;
	for (i = 0; i < it->n_persons; i++) {
		const char *k = it->persons[i].business;

		if (k && (strcmp(k, want) == 0 ||
		    strcmp(business_name(e, k), want) == 0))
			return 1;
	}
	return 0;
}

static void
fmt_time(time_t t, const char *fmt, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, fmt, &tm);
}

/* ISO 8601 with the numeric offset "+08:00". */
static void
fmt_iso(time_t t, char *out, size_t n)
{
	char z[8];
	size_t l;

	fmt_time(t, "%Y-%m-%dT%H:%M:%S", out, n);
	fmt_time(t, "%z", z, sizeof z);
	l = strlen(out);
	if (strlen(z) == 5 && l + 7 < n)
		snprintf(out + l, n - l, "%.3s:%.2s", z, z + 3);
}

/* ---- the rows ---- */

static void
build_rows(struct report *r, struct queue_item *items, size_t n,
    const char *business, const struct workdays *w)
{
	const struct env *e = r->env;
	size_t i;

	r->rows = xcalloc(n + 1, sizeof *r->rows);
	for (i = 0; i < n; i++) {
		struct queue_item *it = &items[i];
		struct row *row;
		char t[32], *s;

		if (!business_matches(e, it, business))
			continue;
		row = &r->rows[r->n++];
		row->it = it;
		row->days = workdays_between(w, it->received, r->now);
		/* Only a review still owes the sender an answer: accepted and
		 * rejected mail were answered at once, ignored never are. */
		row->overdue = it->status && strcmp(it->status, "review") == 0 &&
		    row->days > e->center->answer_days;
		r->n_review += it->group == 0;
		r->n_overdue += row->overdue;
		fmt_iso(it->received, row->iso, sizeof row->iso);
		row->cell[C_REF] = it->receipt ? sanitize(it->receipt) :
		    xasprintf("#%lld", it->id);
		fmt_time(it->received, "%Y-%m-%d %H:%M", t, sizeof t);
		row->cell[C_RECEIVED] = xstrdup(t);
		row->cell[C_DAYS] = xasprintf("%d", row->days);
		row->cell[C_OVERDUE] = xstrdup(row->overdue ? "超期" : "");
		row->cell[C_SENDER] = sanitize(it->sender);
		row->cell[C_COMPANY] = sanitize(it->company);
		s = business_cell(e, it);
		row->cell[C_BUSINESS] = sanitize(s);
		free(s);
		s = persons_cell(it, r->full_ids);
		row->cell[C_PERSONS] = sanitize(s);
		free(s);
		if (it->resent)
			s = xasprintf("%s（已重发）", status_name(it->status));
		else
			s = xstrdup(status_name(it->status));
		row->cell[C_STATUS] = sanitize(s);
		free(s);
		s = problems_cell(e, it);
		row->cell[C_PROBLEMS] = sanitize(s);
		free(s);
	}
}

static void
free_rows(struct report *r)
{
	size_t i, c;

	for (i = 0; i < r->n; i++)
		for (c = 0; c < NCOLS; c++)
			free(r->rows[i].cell[c]);
	free(r->rows);
}

static char *
title_line(const struct report *r)
{
	return xasprintf("%s 邮件受理队列 %s", r->env->center->display_name,
	    r->today);
}

static char *
summary_line(const struct report *r)
{
	return xasprintf("共%zu件，待人工核对%d件，超期%d件（答复时限%d个工作日）",
	    r->n, r->n_review, r->n_overdue, r->env->center->answer_days);
}

/* ---- text ---- */

static void
pad(struct buf *b, const char *s, size_t width)
{
	size_t w = utf8_width(s);

	buf_adds(b, s);
	while (w++ < width)
		buf_add(b, " ", 1);
}

static char *
render_text(const struct report *r)
{
	struct buf b = { 0 };
	size_t width[NCOLS], i, c;
	char *s;

	for (c = 0; c < NCOLS; c++)
		width[c] = utf8_width(col_title[c]);
	for (i = 0; i < r->n; i++)
		for (c = 0; c < NCOLS; c++)
			if (utf8_width(r->rows[i].cell[c]) > width[c])
				width[c] = utf8_width(r->rows[i].cell[c]);
	s = title_line(r);
	buf_addf(&b, "%s\n", s);
	free(s);
	s = summary_line(r);
	buf_addf(&b, "%s\n\n", s);
	free(s);
	for (c = 0; c < NCOLS; c++) {
		if (c + 1 < NCOLS) {
			pad(&b, col_title[c], width[c]);
			buf_adds(&b, "  ");
		} else
			buf_adds(&b, col_title[c]);
	}
	buf_adds(&b, "\n");
	for (c = 0; c < NCOLS; c++) {
		for (i = 0; i < width[c]; i++)
			buf_add(&b, "-", 1);
		if (c + 1 < NCOLS)
			buf_adds(&b, "  ");
	}
	buf_adds(&b, "\n");
	for (i = 0; i < r->n; i++) {
		for (c = 0; c < NCOLS; c++) {
			const char *cell = r->rows[i].cell[c];

			if (c + 1 == NCOLS) {
				buf_adds(&b, cell);
				break;
			}
			/* numbers right-aligned */
			if (c == C_DAYS) {
				size_t w = utf8_width(cell), k;

				for (k = w; k < width[c]; k++)
					buf_add(&b, " ", 1);
				buf_adds(&b, cell);
			} else
				pad(&b, *cell ? cell : "-", width[c]);
			buf_adds(&b, "  ");
		}
		/* no trailing blanks when the last cells are empty */
		while (b.len && b.data[b.len - 1] == ' ')
			b.data[--b.len] = '\0';
		buf_adds(&b, "\n");
	}
	return buf_take(&b);
}

/* ---- csv ---- */

static char *
render_csv(const struct report *r)
{
	struct buf b = { 0 };
	size_t i, c;

	buf_adds(&b, "\xef\xbb\xbf");
	for (c = 0; c < NCOLS; c++) {
		if (c)
			buf_adds(&b, ",");
		buf_add_csv_field(&b, col_title[c]);
	}
	buf_adds(&b, "\r\n");
	for (i = 0; i < r->n; i++) {
		for (c = 0; c < NCOLS; c++) {
			if (c)
				buf_adds(&b, ",");
			buf_add_csv_field(&b, r->rows[i].cell[c]);
		}
		buf_adds(&b, "\r\n");
	}
	return buf_take(&b);
}

/* ---- html ---- */

static void
html_esc(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_add(b, s, 1);
		}
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

static char *
render_html(const struct report *r)
{
	struct buf b = { 0 };
	char *title = title_line(r), *sum;
	size_t i, c;

	buf_adds(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>");
	html_esc(&b, title);
	buf_addf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
	    HTML_CSS);
	html_esc(&b, title);
	buf_addf(&b, "</h1>\n<p class=\"meta\">共%zu件，待人工核对%d件，"
	    "<b class=\"od\">超期%d件</b>（答复时限%d个工作日）</p>\n",
	    r->n, r->n_review, r->n_overdue, r->env->center->answer_days);
	buf_addf(&b, "<div class=\"wrap\">\n<table id=\"queue\" "
	    "data-rows=\"%zu\">\n<thead><tr>", r->n);
	for (c = 0; c < NCOLS; c++)
		buf_addf(&b, "<th%s>%s</th>", c == C_DAYS ?
		    " data-type=\"num\"" : "", col_title[c]);
	buf_adds(&b, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < r->n; i++) {
		const struct row *row = &r->rows[i];

		buf_addf(&b, "<tr class=\"g%d%s\" data-id=\"%lld\" "
		    "data-pos=\"%zu\">", row->it->group,
		    row->overdue ? " overdue" : "", row->it->id, i);
		for (c = 0; c < NCOLS; c++) {
			const char *cls = c == C_DAYS ? " class=\"n\"" :
			    c == C_OVERDUE ? " class=\"od\"" :
			    c == C_PROBLEMS ? " class=\"pb\"" :
			    c == C_COMPANY ? " class=\"co\"" :
			    (c == C_REF || c == C_RECEIVED || c == C_STATUS ||
			    c == C_SENDER || c == C_BUSINESS) ?
			    " class=\"nw\"" : "";

			buf_addf(&b, "<td%s", cls);
			if (c == C_RECEIVED)
				buf_addf(&b, " data-sort=\"%s\"", row->iso);
			else if (c == C_STATUS || c == C_REF)
				buf_addf(&b, " data-sort=\"%d-%s-%010lld\"",
				    row->it->group, row->iso, row->it->id);
			buf_adds(&b, ">");
			html_esc(&b, row->cell[c]);
			buf_adds(&b, "</td>");
		}
		buf_adds(&b, "</tr>\n");
	}
	sum = summary_line(r);
	buf_adds(&b, "</tbody>\n</table>\n</div>\n<p class=\"legend\">");
	buf_adds(&b, "排序：待人工核对在前，其次是未重新发送的退回邮件，再次为其他；"
	    "同组内先收到的在前。点击表头可按该列排序。"
	    "超期：待人工核对超过答复时限。");
	buf_addf(&b, "</p>\n<script>%s</script>\n</body>\n</html>\n", HTML_JS);
	free(sum);
	free(title);
	return buf_take(&b);
}

/* ---- json ---- */

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

static char *
render_json(const struct report *r)
{
	struct buf b = { 0 };
	char *out;
	size_t i, j;

	/* One row at a time: a tree of 100,000 rows costs more to build and
	 * free than to print. */
	buf_adds(&b, "[");

	for (i = 0; i < r->n; i++) {
		const struct row *row = &r->rows[i];
		const struct queue_item *it = row->it;
		json_t *o = json_object(), *ps = json_array(), *pb = json_array();
		static const char *const groups[] = { "review",
		    "rejected-not-resent", "other" };

		json_object_set_new(o, "id", json_integer(it->id));
		json_object_set_new(o, "receipt", jstr(it->receipt));
		json_object_set_new(o, "received", json_string(row->iso));
		json_object_set_new(o, "working_days", json_integer(row->days));
		json_object_set_new(o, "overdue", json_boolean(row->overdue));
		json_object_set_new(o, "group", json_string(groups[it->group]));
		json_object_set_new(o, "status", jstr(it->status));
		json_object_set_new(o, "status_name",
		    json_string(status_name(it->status)));
		json_object_set_new(o, "resent", json_boolean(it->resent));
		json_object_set_new(o, "sender", jstr(it->sender));
		json_object_set_new(o, "company", jstr(it->company));
		json_object_set_new(o, "subject", jstr(it->subject));
		json_object_set_new(o, "business", jstr(it->business));
		json_object_set_new(o, "business_name", it->business ?
		    json_string(business_name(r->env, it->business)) :
		    json_null());
		for (j = 0; j < it->n_persons; j++) {
			const struct queue_person *p = &it->persons[j];
			json_t *po = json_object();
			char *id = p->id_number ? id_shown(p->id_number,
			    r->full_ids) : NULL;

			json_object_set_new(po, "name", json_string(p->name));
			json_object_set_new(po, "business", jstr(p->business));
			json_object_set_new(po, "id_number", jstr(id));
			free(id);
			json_array_append_new(ps, po);
		}
		json_object_set_new(o, "persons", ps);
		for (j = 0; j < it->n_problems; j++) {
			const struct queue_problem *p = &it->problems[j];
			json_t *po = json_object();
			const char *label = labels_problem(p->code);

			json_object_set_new(po, "code", jstr(p->code));
			json_object_set_new(po, "person", jstr(p->person));
			json_object_set_new(po, "file", jstr(p->file));
			json_object_set_new(po, "item", jstr(p->item));
			json_object_set_new(po, "label", jstr(label));
			json_object_set_new(po, "detail", jstr(p->detail));
			json_array_append_new(pb, po);
		}
		json_object_set_new(o, "problems", pb);
		json_object_set_new(o, "problems_text",
		    json_string(row->cell[C_PROBLEMS]));
		out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (out == NULL)
			abort();	/* only on allocation failure */
		buf_adds(&b, i ? ",\n" : "\n");
		buf_adds(&b, out);
		free(out);	/* jansson's allocator is malloc */
	}
	buf_adds(&b, "]\n");
	return buf_take(&b);
}


/* ---- mail ---- */

/* A part's body; libetpan fails only when it cannot allocate. */
static void
body_part(struct buf *b, const char *text)
{
	if (reply_body_base64(b, text) != 0)
		abort();
}

static char *
compose_mail(const struct report *r, const char *to, const char *text,
    const char *html, size_t *len)
{
	const char *from = r->env->cfg->reply.from;
	struct buf b = { 0 };
	char *addr = reply_address(from), *dom, *hdr, *subj, h[65], date[64];
	struct tm tm;
	time_t now = time(NULL);

	dom = strchr(addr, '@') ? strchr(addr, '@') + 1 : "intake.invalid";
	sha256_hex(html, strlen(html), h);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	hdr = reply_mailbox_header(from);
	buf_addf(&b, "From: %s\r\nTo: %s\r\n", hdr, to);
	free(hdr);
	subj = xasprintf("%s：待人工核对%d件，超期%d件",
	    r->env->center->display_name, r->n_review, r->n_overdue);
	{
		char *t = xasprintf("邮件受理队列 %s %s", r->today, subj);

		hdr = reply_encode_header(t);
		free(t);
	}
	free(subj);
	buf_addf(&b, "Subject: %s\r\nDate: %s\r\n", hdr, date);
	free(hdr);
	buf_addf(&b, "Message-ID: <intake.report.%lld.%.16s@%s>\r\n",
	    (long long)now, h, dom);
	/* A generated digest, not a reply: no auto-reply answers it. */
	buf_adds(&b, "Auto-Submitted: auto-generated\r\n"
	    "X-Auto-Response-Suppress: All\r\nMIME-Version: 1.0\r\n");
	buf_addf(&b, "Content-Type: multipart/alternative; "
	    "boundary=\"=_intake_%.24s\"\r\n\r\n", h);
	buf_addf(&b, "--=_intake_%.24s\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", h);
	body_part(&b, text);
	buf_addf(&b, "--=_intake_%.24s\r\n"
	    "Content-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", h);
	body_part(&b, html);
	buf_addf(&b, "--=_intake_%.24s--\r\n", h);
	free(addr);
	*len = b.len;
	return buf_take(&b);
}

static int
mail_report(const struct report *r, const char *to)
{
	const struct cfg *cfg = r->env->cfg;
	struct channel *ch;
	char *text = render_text(r), *html = render_html(r), *msg;
	char *err = NULL, *env_from;
	size_t len;
	int rc = 0;

	msg = compose_mail(r, to, text, html, &len);
	env_from = reply_address(cfg->reply.from);
	if ((ch = env_reply_channel(r->env, &err)) == NULL) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (channel_send(ch, env_from, to, msg, len, &err) != 0) {
		fprintf(stderr, "intake: report: sending to %s: %s\n", to, err);
		rc = EXIT_RUNTIME;
	}
	channel_close(ch);
out:
	free(err);
	free(env_from);
	free(msg);
	free(text);
	free(html);
	return rc;
}

/* ---- the command ---- */

static int
write_out(const char *path, const char *s)
{
	FILE *fp = path ? fopen(path, "w") : stdout;
	size_t n = strlen(s);

	if (fp == NULL) {
		fprintf(stderr, "intake: report: %s: %s\n", path,
		    strerror(errno));
		return EXIT_RUNTIME;
	}
	if (fwrite(s, 1, n, fp) != n || fflush(fp) != 0 ||
	    (path && fclose(fp) != 0)) {
		fprintf(stderr, "intake: report: %s: %s\n",
		    path ? path : "standard output", strerror(errno));
		if (path)
			fclose(fp);
		return EXIT_RUNTIME;
	}
	return 0;
}

static int
cmd_report(const struct cmd_args *a)
{
	const struct cmd_opt *o;
	const char *out_path = NULL, *business = NULL, *arg;
	const char *mail_to = NULL, *nowenv, *p, *by = NULL;
	struct queue_filter filter = { 0 };
	struct queue_item *items = NULL;
	struct report r = { 0 };
	struct workdays *w = NULL;
	struct env *env = NULL;
	enum report_format fmt = FMT_TEXT;
	char *err = NULL, *warn = NULL, *cal = NULL, *s = NULL;
	size_t n = 0, i;
	int rc = 0, first_year, last_year, if_workday = 0;
	struct tm tm;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		arg = o->arg;
		switch (o->key) {
		case 'o': out_path = arg; break;
		case 'F': r.full_ids = 1; break;
		case 'b': business = arg; break;
		case 'm': mail_to = arg; break;
		case 'W': if_workday = 1; break;
		case 'B': by = arg; break;
		case 'f':
			if (strcmp(arg, "text") == 0) fmt = FMT_TEXT;
			else if (strcmp(arg, "csv") == 0) fmt = FMT_CSV;
			else if (strcmp(arg, "html") == 0) fmt = FMT_HTML;
			else if (strcmp(arg, "json") == 0) fmt = FMT_JSON;
			else {
				fprintf(stderr, "intake: report: unknown format "
				    "\"%s\" (text, csv, html, json)\n", arg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			for (p = arg; *p; p += strcspn(p, ","),
			    p += *p == ',') {
				size_t l = strcspn(p, ",");

				if (!((l == 8 && strncmp(p, "accepted", l) == 0) ||
				    (l == 8 && strncmp(p, "rejected", l) == 0) ||
				    (l == 6 && strncmp(p, "review", l) == 0) ||
				    (l == 7 && strncmp(p, "ignored", l) == 0))) {
					fprintf(stderr, "intake: report: unknown "
					    "status \"%.*s\" (accepted, rejected, "
					    "review, ignored)\n", (int)l, p);
					return EXIT_USAGE;
				}
			}
			filter.status = arg;
			break;
		case 'S':
			if (day_parse(arg, 1, &filter.since) != 0) {
				fprintf(stderr, "intake: report: --since "
				    "\"%s\": not a date YYYY-MM-DD\n", arg);
				return EXIT_USAGE;
			}
			break;
		}
	}
	if (mail_to && out_path) {
		fprintf(stderr, "intake: report: --mail-to and -o exclude "
		    "each other\n");
		return EXIT_USAGE;
	}
	if (mail_to && !channel_addr_ok(mail_to)) {
		fprintf(stderr, "intake: report: --mail-to \"%s\": not an "
		    "address\n", mail_to);
		return EXIT_USAGE;
	}
	r.now = time(NULL);
	if ((nowenv = getenv("INTAKE_NOW")) != NULL && *nowenv) {
		if (day_parse(nowenv, 1, &r.now) != 0) {
			fprintf(stderr, "intake: report: INTAKE_NOW=\"%s\": not "
			    "a date YYYY-MM-DD[THH:MM]\n", nowenv);
			return EXIT_USAGE;
		}
		if (strlen(nowenv) == 10)
			r.now += 12 * 3600;	/* midday of that day */
	}
	fmt_time(r.now, "%Y-%m-%d", r.today, sizeof r.today);

	if ((env = cmd_load_env(NULL, NULL)) == NULL)
		return EXIT_USAGE;
	r.env = env;
	if (queue_load(env->cfg->database, &filter, &items, &n, &err) != 0) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}

	/* ID numbers also hide in subjects and problem texts (【身份证号】
	 * subjects, "身份证号“…”有误"): masked there too unless --full-ids. */
	for (i = 0; i < n && !r.full_ids; i++) {
		size_t j;

		if (items[i].subject)
			idnumber_mask_text(items[i].subject);
		for (j = 0; j < items[i].n_problems; j++) {
			if (items[i].problems[j].detail)
				idnumber_mask_text(items[i].problems[j].detail);
			if (items[i].problems[j].file)
				idnumber_mask_text(items[i].problems[j].file);
		}
	}

	/* The calendar for every year from the oldest submission to now. */
	localtime_r(&r.now, &tm);
	last_year = first_year = tm.tm_year + 1900;
	for (i = 0; i < n; i++) {
		localtime_r(&items[i].received, &tm);
		if (tm.tm_year + 1900 < first_year)
			first_year = tm.tm_year + 1900;
	}
	cal = xasprintf("%s/calendar", env->cfg->schemas);
	if ((w = workdays_load(cal, first_year, last_year, &warn, &err)) ==
	    NULL) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (warn)
		log_warn("event=calendar command=report warning=\"%s\"", warn);

	build_rows(&r, items, n, business, w);
	/* The queue reads the database read-only; the audit row goes
	 * through a read-write handle of its own, before anything is
	 * shown. */
	if (audit_record(env->cfg->database, env->cfg->schemas, "report",
	    by, mail_to ? mail_to : out_path, r.full_ids ? "full-ids" : NULL,
	    &err) != 0) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (mail_to) {
		if (if_workday && !workdays_is_workday(w,
		    workdays_day_of(r.now))) {
			fprintf(stderr, "intake: report: %s is not a working "
			    "day: nothing sent\n", r.today);
			goto out;
		}
		rc = mail_report(&r, mail_to);
		goto out;
	}
	switch (fmt) {
	case FMT_TEXT: s = render_text(&r); break;
	case FMT_CSV: s = render_csv(&r); break;
	case FMT_HTML: s = render_html(&r); break;
	case FMT_JSON: s = render_json(&r); break;
	}
	rc = write_out(out_path, s);
out:
	free(s);
	if (r.rows)
		free_rows(&r);
	queue_free(items, n);
	workdays_free(w);
	free(cal);
	free(warn);
	free(err);
	env_free(env);
	return rc;
}

static const struct cmd_option report_options[] = {
	{ "format", 'f', 0, "text|csv|html|json", "text (default), csv "
	    "(Excel/WPS), html, json" },
	{ "status", 's', 0, "S[,S]", "accepted, rejected, review, ignored (a "
	    "list with commas)" },
	{ "since", 'S', 0, "YYYY-MM-DD", "received on or after that day" },
	{ "business", 'b', 0, "B", "a business key (points-new) or name "
	    "(积分新办)" },
	{ "output", 'o', 'o', "FILE", "write FILE instead of standard output" },
	{ "full-ids", 'F', 0, NULL, "ID numbers in full (masked by default)" },
	{ "mail-to", 'm', 0, "ADDR", "send the HTML report to ADDR through "
	    "the reply channel" },
	{ "if-workday", 'W', 0, NULL, "with --mail-to: send nothing on a day "
	    "off" },
	{ "by", 'B', 0, "NAME", "who asks, for the audit (default: the Unix "
	    "user)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "the staff queue: what waits for a person first, oldest "
	    "first",
	.options = report_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.notes = "INTAKE_NOW=YYYY-MM-DD fixes today's date (for tests).\n",
	.exec = cmd_report,
};
