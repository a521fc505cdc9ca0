/*
 * report-rows.c — the report's rows: one a queue item, its cells sanitized.
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

const char *const report_col_title[NCOLS] = {
	"编号", "收到时间", "等待工作日", "超期", "发件人", "单位", "业务",
	"人员", "状态", "问题",
};

const char *
report_status_name(const char *s)
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
 * mail must not move the terminal's cursor or break a row.  In place:
 * o, a cell of the row's own, is returned. */
static char *
sanitized(char *o)
{
	char *p;

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

/* s (NULL: "") copied into the report's cells, sanitized. */
static char *
sanitize(struct report *r, const char *s)
{
	if (s == NULL)
		s = "";
	return sanitized(pool_dup(&r->cells, s, strlen(s)));
}

/* s, malloc'd, moved into the report's cells, sanitized. */
static char *
cell_take(struct report *r, char *s)
{
	char *o = sanitize(r, s);

	free(s);
	return o;
}

const char *
report_business_name(const struct env *e, const char *key)
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
		const char *label = problem_label(p->code);
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
				if (first && pass) {
					buf_adds(&b, who[i]);
					buf_adds(&b, "：");
				}
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

char *
report_id_shown(const char *id, int full)
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
			char *id = report_id_shown(p->id_number, full);

			buf_adds(&b, "(");
			buf_adds(&b, id);
			buf_adds(&b, ")");
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
	for (j = 0; j < n; j++) {
		if (j)
			buf_adds(&b, "、");
		buf_adds(&b, report_business_name(e, keys[j]));
	}
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
	    strcmp(report_business_name(e, it->business), want) == 0))
		return 1;
	for (i = 0; i < it->n_persons; i++) {
		const char *k = it->persons[i].business;

		if (k && (strcmp(k, want) == 0 ||
		    strcmp(report_business_name(e, k), want) == 0))
			return 1;
	}
	return 0;
}

void
report_fmt_time(time_t t, const char *fmt, char *out, size_t n)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(out, n, fmt, &tm);
}

/* ISO 8601 with the numeric offset "+08:00", from tm (local time). */
static void
fmt_iso(const struct tm *tm, char *out, size_t n)
{
	char z[8];
	size_t l;

	strftime(out, n, "%Y-%m-%dT%H:%M:%S", tm);
	strftime(z, sizeof z, "%z", tm);
	l = strlen(out);
	if (strlen(z) == 5 && l + 7 < n)
		snprintf(out + l, n - l, "%.3s:%.2s", z, z + 3);
}

void
report_build_rows(struct report *r, struct queue_item *items, size_t n,
    const char *business, const struct workdays *w)
{
	const struct env *e = r->env;
	size_t i;

	r->rows = xcalloc(n + 1, sizeof *r->rows);
	for (i = 0; i < n; i++) {
		struct queue_item *it = &items[i];
		struct row *row;
		struct tm tm;
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
		/* one conversion to local time for both forms */
		localtime_r(&it->received, &tm);
		fmt_iso(&tm, row->iso, sizeof row->iso);
		if (it->receipt)
			row->cell[C_REF] = sanitize(r, it->receipt);
		else {
			snprintf(t, sizeof t, "#%lld", it->id);
			row->cell[C_REF] = sanitize(r, t);
		}
		strftime(t, sizeof t, "%Y-%m-%d %H:%M", &tm);
		row->cell[C_RECEIVED] = sanitize(r, t);
		snprintf(t, sizeof t, "%d", row->days);
		row->cell[C_DAYS] = sanitize(r, t);
		row->cell[C_OVERDUE] = sanitize(r, row->overdue ? "超期" : "");
		row->cell[C_SENDER] = sanitize(r, it->sender);
		row->cell[C_COMPANY] = sanitize(r, it->company);
		row->cell[C_BUSINESS] = cell_take(r, business_cell(e, it));
		row->cell[C_PERSONS] = cell_take(r,
		    persons_cell(it, r->full_ids));
		if (it->resent) {
			s = xasprintf("%s（已重发）", report_status_name(it->status));
			row->cell[C_STATUS] = cell_take(r, s);
		} else
			row->cell[C_STATUS] = sanitize(r,
			    report_status_name(it->status));
		row->cell[C_PROBLEMS] = cell_take(r, problems_cell(e, it));
	}
}

void
report_free_rows(struct report *r)
{
	pool_free(&r->cells);
	free(r->rows);
	r->rows = NULL;
	r->n = 0;
}

char *
report_title_line(const struct report *r)
{
	return xasprintf("%s 邮件受理队列 %s", r->env->center->display_name,
	    r->today);
}

char *
report_summary_line(const struct report *r)
{
	return xasprintf("共%zu件，待人工核对%d件，超期%d件（答复时限%d个工作日）",
	    r->n, r->n_review, r->n_overdue, r->env->center->answer_days);
}

