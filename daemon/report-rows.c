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

/* n bytes at s into the report's cells as cell c of row, sanitized and
 * its width (CJK counted double) measured in one pass: control
 * characters (C0, DEL, C1) become spaces, so that a company name from a
 * mail cannot move the terminal's cursor or break a row.  Bytes that are
 * not UTF-8 count one column each, as utf8_width() counts them. */
static void
cell_put(struct report *r, struct row *row, int c, const char *s, size_t n)
{
	char *o = pool_dup(&r->cells, s, n), *p = o, *end = o + n;
	size_t w = 0, k;
	uint32_t cp;

	while (p < end) {
		unsigned char u = (unsigned char)*p;

		if (u < 0x80) {
			if (u < 0x20 || u == 0x7f)
				*p = ' ';
			w++;
			p++;
			continue;
		}
		/* Chinese, most of the rest: three bytes, U+3000..U+9FFF
		 * (lead E3..E9) all wide; checked here, not decoded */
		if (u >= 0xe3 && u <= 0xe9 && end - p >= 3 &&
		    ((unsigned char)p[1] & 0xc0) == 0x80 &&
		    ((unsigned char)p[2] & 0xc0) == 0x80) {
			w += 2;
			p += 3;
			continue;
		}
		if ((k = utf8_seq(p, (size_t)(end - p), &cp)) == 0) {
			w++;
			p++;
		} else if (cp >= 0x80 && cp <= 0x9f) {
			p[0] = p[1] = ' ';
			w += 2;
			p += 2;
		} else {
			w += utf8_width_of(cp);
			p += k;
		}
	}
	row->cell[c] = o;
	row->width[c] = (uint32_t)w;
	row->len[c] = (uint32_t)n;
}

/* s (NULL: "") as cell c. */
static void
cell_str(struct report *r, struct row *row, int c, const char *s)
{
	cell_put(r, row, c, s ? s : "", s ? strlen(s) : 0);
}

/* A static cell, our own text: nothing to copy or clean. */
static void
cell_static(struct row *row, int c, const char *s)
{
	row->cell[c] = s;
	row->width[c] = (uint32_t)utf8_width(s);
	row->len[c] = (uint32_t)strlen(s);
}

const char *
report_business_name(const struct env *e, const char *key)
{
	const char *n = key ? rules_business_name(e->rules, key) : NULL;

	return n ? n : key ? key : "";
}

/* look(r, key) remembered in m; what look returns must not point into
 * key (nothing of a row is kept).  A key too long for the memo is
 * looked up each time. */
static const char *
memo(struct report *r, struct report_memo *m, const char *key,
    const char *(*look)(struct report *, const char *))
{
	size_t i, n = sizeof m->e / sizeof m->e[0];
	const char *val;

	if (strlen(key) >= sizeof m->e[0].key)
		return look(r, key);
	for (i = 0; i < n && m->e[i].set; i++)
		if (strcmp(m->e[i].key, key) == 0)
			return m->e[i].val;
	val = look(r, key);
	if (i == n)
		i = m->next++ % n;
	strcpy(m->e[i].key, key);
	m->e[i].val = val;
	m->e[i].set = 1;
	return val;
}

/* A business's name, NULL when the rules have none. */
static const char *
look_business(struct report *r, const char *key)
{
	return rules_business_name(r->env->rules, key);
}

static const char *
look_item(struct report *r, const char *key)
{
	return rules_item_name(r->env->rules, key);
}

static const char *
look_label(struct report *r, const char *code)
{
	(void)r;
	return problem_label(code);
}

/* report_business_name, remembered */
static const char *
business_name(struct report *r, const char *key)
{
	const char *n = memo(r, &r->businesses, key, look_business);

	return n ? n : key;
}

/* The short problems, grouped by person in order of appearance:
 * "人数不符；张三：压缩包损坏、缺居住证", repeats dropped; a problem's
 * long text, where it has no label, with ID numbers masked unless full. */
static void
problems_cell(struct report *r, const struct queue_item *it, int full,
    struct buf *out)
{
	struct buf b = *out;
	size_t n = it->n_problems, i, j, k;
	int pass;
	char **what;
	const char **who;

	if (n == 0)
		return;
	what = xcalloc(n + 1, sizeof *what);
	who = xcalloc(n + 1, sizeof *who);

	for (i = 0; i < n; i++) {
		const struct queue_problem *p = &it->problems[i];
		const char *label = p->code ? memo(r, &r->labels, p->code,
		    look_label) : NULL;
		const char *iname = p->item ? memo(r, &r->items, p->item,
		    look_item) : NULL;

		if (p->code && strcmp(p->code, "item-missing") == 0 &&
		    (iname || p->item))
			what[i] = xasprintf("缺%s", iname ? iname : p->item);
		else if (label)
			what[i] = xstrdup(label);
		else {
			what[i] = xstrdup(p->detail && *p->detail ? p->detail :
			    p->code ? p->code : "?");
			if (!full)
				idnumber_mask_text(what[i]);
		}
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
	*out = b;
}

char *
report_id_shown(const char *id, int full)
{
	return full ? xstrdup(id) : idnumber_mask(id);
}

static void
persons_cell(const struct queue_item *it, int full, struct buf *b)
{
	size_t i;

	for (i = 0; i < it->n_persons; i++) {
		const struct queue_person *p = &it->persons[i];

		if (*p->name == '\0' && p->id_number == NULL)
			continue;
		if (b->len)
			buf_adds(b, "、");
		buf_adds(b, p->name);
		if (p->id_number && *p->id_number) {
			char *id = report_id_shown(p->id_number, full);

			buf_adds(b, "(");
			buf_adds(b, id);
			buf_adds(b, ")");
			free(id);
		}
	}
}

/* The submission's business and, after it, any other one its persons
 * have: "积分新办、积分续办". */
static void
business_cell(struct report *r, const struct queue_item *it,
    struct buf *b)
{
	const char *one[8], **keys = it->n_persons < 8 ? one :
	    xcalloc(it->n_persons + 1, sizeof *keys);
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
			buf_adds(b, "、");
		buf_adds(b, business_name(r, keys[j]));
	}
	if (keys != one)
		free(keys);
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

/* t in local time: a day's conversion serves every arrival of that day
 * (the queue comes in arrival order within each group), unless the
 * offset changes within it (a daylight-saving day: converted each time). */
static void
local_tm(struct report *r, time_t t, struct tm *out)
{
	struct tm last;
	time_t start, end;
	long s;

	if (t >= r->day.start && t < r->day.end) {
		s = (long)(t - r->day.start);
		*out = r->day.tm;
		out->tm_hour = (int)(s / 3600);
		out->tm_min = (int)(s / 60 % 60);
		out->tm_sec = (int)(s % 60);
		return;
	}
	localtime_r(&t, out);
	start = t - (out->tm_hour * 3600 + out->tm_min * 60 + out->tm_sec);
	end = start + 86400;
	localtime_r(&start, &r->day.tm);
	localtime_r(&(time_t){ end - 1 }, &last);
	if (r->day.tm.tm_hour == 0 && r->day.tm.tm_min == 0 &&
	    r->day.tm.tm_sec == 0 && last.tm_mday == r->day.tm.tm_mday &&
	    last.tm_hour == 23 && last.tm_min == 59 && last.tm_sec == 59 &&
	    last.tm_gmtoff == r->day.tm.tm_gmtoff) {
		r->day.start = start;
		r->day.end = end;
	} else
		r->day.start = r->day.end = 0;
}

/* n digits of v at p, zero-padded; p past them. */
static char *
digits(char *p, long v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	return p + n;
}

/* v in decimal at p (no NUL); p past it. */
static char *
num(char *p, long long v)
{
	char d[24];
	int n = 0;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;

	if (v < 0)
		*p++ = '-';
	do
		d[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	while (n > 0)
		*p++ = d[--n];
	return p;
}

/* "YYYY-MM-DD?HH:MM" with sep between the day and the time, then
 * ":SS+hh:mm" (ISO 8601 with the numeric offset) when iso. */
static void
fmt_tm(const struct tm *tm, char sep, int iso, char out[32])
{
	char *p = out;
	long off = tm->tm_gmtoff;

	p = digits(p, tm->tm_year + 1900L, 4);
	*p++ = '-';
	p = digits(p, tm->tm_mon + 1, 2);
	*p++ = '-';
	p = digits(p, tm->tm_mday, 2);
	*p++ = sep;
	p = digits(p, tm->tm_hour, 2);
	*p++ = ':';
	p = digits(p, tm->tm_min, 2);
	if (iso) {
		*p++ = ':';
		p = digits(p, tm->tm_sec, 2);
		*p++ = off < 0 ? '-' : '+';
		off = off < 0 ? -off : off;
		p = digits(p, off / 3600 % 100, 2);
		*p++ = ':';
		p = digits(p, off / 60 % 60, 2);
	}
	*p = '\0';
}

void
report_out_flush(struct report_out *o, int force)
{
	if (o->fp == NULL || o->failed || (!force && o->b.len < (1u << 18)))
		return;
	if (o->b.len && fwrite(o->b.data, 1, o->b.len, o->fp) != o->b.len) {
		o->failed = 1;
		o->err = errno;
	}
	o->b.len = 0;
	if (o->b.data)
		o->b.data[0] = '\0';
}

void
report_begin(struct report *r)
{
	struct tm tm;

	localtime_r(&r->now, &tm);
	r->today_day = workdays_day(tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
}

/* The cell c of row that fill writes into r's scratch buffer. */
#define CELL_FROM(r, row, c, fill) do {					\
	(r)->tmp.len = 0;						\
	fill;								\
	cell_put((r), (row), (c), (r)->tmp.data ? (r)->tmp.data : "",	\
	    (r)->tmp.len);						\
} while (0)

int
report_row_make(struct report *r, const struct queue_item *it,
    const char *business, const struct workdays *w, struct row *row)
{
	const struct env *e = r->env;
	const char *st;
	struct tm tm;
	char t[32], *p;

	if (!business_matches(e, it, business))
		return 0;
	memset(row, 0, sizeof *row);
	row->id = it->id;
	row->group = it->group;
	/* one conversion to local time for every form of the arrival */
	local_tm(r, it->received, &tm);
	row->days = workdays_count(w, workdays_day(tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday), r->today_day);
	/* Only a review still owes the sender an answer: accepted and
	 * rejected mail were answered at once, ignored never are. */
	row->overdue = it->status && strcmp(it->status, "review") == 0 &&
	    row->days > e->center->answer_days;
	r->n_review += it->group == 0;
	r->n_overdue += row->overdue;
	fmt_tm(&tm, 'T', 1, row->iso);
	if (it->receipt)
		cell_str(r, row, C_REF, it->receipt);
	else {
		t[0] = '#';
		p = num(t + 1, it->id);
		cell_put(r, row, C_REF, t, (size_t)(p - t));
	}
	fmt_tm(&tm, ' ', 0, t);
	cell_put(r, row, C_RECEIVED, t, strlen(t));
	p = num(t, row->days);
	cell_put(r, row, C_DAYS, t, (size_t)(p - t));
	cell_static(row, C_OVERDUE, row->overdue ? "超期" : "");
	cell_str(r, row, C_SENDER, it->sender);
	cell_str(r, row, C_COMPANY, it->company);
	CELL_FROM(r, row, C_BUSINESS, business_cell(r, it, &r->tmp));
	CELL_FROM(r, row, C_PERSONS, persons_cell(it, r->full_ids, &r->tmp));
	st = report_status_name(it->status);
	if (it->resent)
		CELL_FROM(r, row, C_STATUS, (buf_adds(&r->tmp, st),
		    buf_adds(&r->tmp, "（已重发）")));
	else if (st != it->status)
		cell_static(row, C_STATUS, st);
	else
		cell_str(r, row, C_STATUS, st);	/* unknown: as stored */
	CELL_FROM(r, row, C_PROBLEMS, problems_cell(r, it, r->full_ids, &r->tmp));
	return 1;
}

void
report_build_rows(struct report *r, struct queue_item *items, size_t n,
    const char *business, const struct workdays *w)
{
	size_t i;

	r->rows = xcalloc(n + 1, sizeof *r->rows);
	report_begin(r);
	for (i = 0; i < n; i++)
		r->n += report_row_make(r, &items[i], business, w,
		    &r->rows[r->n]);
}

void
report_free_rows(struct report *r)
{
	pool_free(&r->cells);
	buf_free(&r->tmp);
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

