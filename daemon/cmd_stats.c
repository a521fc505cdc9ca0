/*
 * cmd_stats.c — `intake stats [--since D] [--until D] [--format
 * text|csv|json] [-c FILE]`: per ISO week of arrival (2026-W41) and
 * business, how many submissions were received (every one, ignored
 * included), and how many are now accepted, rejected, in review and
 * ignored; the median working days from arrival to the decision (the
 * first staff decision, else the daemon's own verdict: 0 days) over the
 * accepted and rejected ones; the three most frequent problem codes
 * (each counted once per submission).  A last row per business, week
 * "total", sums every week.  CSV is UTF-8 with a BOM (Excel, WPS).
 * Reads only.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "env.h"
#include "problem.h"
#include "records-report.h"
#include "log.h"
#include "util.h"
#include "day.h"
#include "utf8.h"
#include "workdays.h"

enum { ST_ACCEPTED, ST_REJECTED, ST_REVIEW, ST_IGNORED, ST_N };

struct stats_code {
	char	*code;
	int	 n;
};

struct stats_group {
	char	 week[16];		/* "2026-W41" or "total" */
	char	*business;		/* "" when none */
	int	 received;
	int	 status[ST_N];
	int	*days;			/* working days to each decision */
	size_t	 n_days, cap_days;
	struct stats_code *codes;
	size_t	 n_codes, cap_codes;
};

struct stats {
	struct stats_group *g;
	size_t	 n, cap;
};

static struct stats_group *
stats_group(struct stats *s, const char *week, const char *business)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->g[i].week, week) == 0 &&
		    strcmp(s->g[i].business, business) == 0)
			return &s->g[i];
	xgrow((void **)&s->g, &s->cap, s->n, sizeof *s->g);
	memset(&s->g[s->n], 0, sizeof *s->g);
	snprintf(s->g[s->n].week, sizeof s->g[s->n].week, "%s", week);
	s->g[s->n].business = xstrdup(business);
	return &s->g[s->n++];
}

static void
stats_count(struct stats_group *g, int status, int days, char **codes,
    size_t n_codes)
{
	size_t i, k;

	g->received++;
	if (status >= 0)
		g->status[status]++;
	if (days >= 0) {
		xgrow((void **)&g->days, &g->cap_days, g->n_days,
		    sizeof *g->days);
		g->days[g->n_days++] = days;
	}
	for (i = 0; i < n_codes; i++) {
		for (k = 0; k < g->n_codes; k++)
			if (strcmp(g->codes[k].code, codes[i]) == 0)
				break;
		if (k == g->n_codes) {
			xgrow((void **)&g->codes, &g->cap_codes, g->n_codes,
			    sizeof *g->codes);
			g->codes[k].code = xstrdup(codes[i]);
			g->codes[k].n = 0;
			g->n_codes++;
		}
		g->codes[k].n++;
	}
}

static int
stats_int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static int
stats_code_cmp(const void *a, const void *b)
{
	const struct stats_code *x = a, *y = b;

	if (x->n != y->n)
		return y->n - x->n;
	return strcmp(x->code, y->code);
}

static int
stats_group_cmp(const void *a, const void *b)
{
	const struct stats_group *x = a, *y = b;
	int tx = strcmp(x->week, "total") == 0, ty = strcmp(y->week,
	    "total") == 0;

	if (tx != ty)
		return tx - ty;
	if (strcmp(x->week, y->week) != 0)
		return strcmp(x->week, y->week);
	return strcmp(x->business, y->business);
}

/* The median as text ("2", "2.5"), or "" when nothing was decided. */
static void
stats_median(struct stats_group *g, char *out, size_t n)
{
	size_t m = g->n_days / 2;
	int twice;

	if (g->n_days == 0) {
		snprintf(out, n, "%s", "");
		return;
	}
	qsort(g->days, g->n_days, sizeof *g->days, stats_int_cmp);
	twice = g->n_days % 2 ? 2 * g->days[m] : g->days[m - 1] + g->days[m];
	snprintf(out, n, twice % 2 ? "%d.5" : "%d", twice / 2);
}

/* "item-missing 5, count-mismatch 2": the three most frequent. */
static char *
stats_codes(struct stats_group *g)
{
	struct buf b = { 0 };
	size_t i;

	if (g->n_codes > 1)	/* qsort: never NULL */
		qsort(g->codes, g->n_codes, sizeof *g->codes, stats_code_cmp);
	for (i = 0; i < g->n_codes && i < 3; i++)
		buf_addf(&b, "%s%s %d", i ? ", " : "", g->codes[i].code,
		    g->codes[i].n);
	return b.data ? buf_take(&b) : xstrdup("");
}

/* The CSV's top problems in staff's words, as the report CSV has them:
 * "缺材料 3、标题格式不符 1" (an unknown code as it is); malloc'd. */
static char *
stats_codes_cn(const struct stats_group *g)
{
	struct buf b = { 0 };
	const char *l;
	size_t i;

	for (i = 0; i < g->n_codes && i < 3; i++) {
		l = problem_label(g->codes[i].code);
		buf_addf(&b, "%s%s %d", i ? "、" : "", l ? l : g->codes[i].code,
		    g->codes[i].n);
	}
	return b.data ? buf_take(&b) : xstrdup("");
}

static int
stats_status(const char *s)
{
	static const char *const names[ST_N] = { "accepted", "rejected",
	    "review", "ignored" };
	int i;

	for (i = 0; i < ST_N; i++)
		if (s && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

/* Counts the submissions received in [since, until) into s. */
static int
stats_load(struct records *rec, const struct workdays *w, time_t since,
    time_t until, struct stats *s, char **err)
{
	struct records_stats_row *v;
	size_t n, i;

	if (records_stats_rows(rec, since, until, &v, &n, err) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		const char *b = v[i].business ? v[i].business : "";
		int status = stats_status(v[i].status), days = -1;
		char week[16];
		struct tm tm;

		if (v[i].decided != 0 &&
		    (status == ST_ACCEPTED || status == ST_REJECTED))
			days = workdays_between(w, v[i].received, v[i].decided);
		localtime_r(&v[i].received, &tm);
		strftime(week, sizeof week, "%G-W%V", &tm);
		stats_count(stats_group(s, week, b), status, days, v[i].codes,
		    v[i].n_codes);
		stats_count(stats_group(s, "total", b), status, days,
		    v[i].codes, v[i].n_codes);
	}
	records_stats_rows_free(v, n);
	return 0;
}

static char *
stats_render(const struct env *env, struct stats *s, const char *fmt)
{
	/* The CSV is for a spreadsheet and a head of center: Chinese
	 * headings and cells, as the report CSV. */
	static const char *const head[] = { "周", "业务", "收到", "已受理",
	    "已退回", "待人工核对", "已忽略", "办结工作日中位数", "主要问题" };
	struct buf b = { 0 };
	json_t *arr = NULL;
	size_t i, c;
	char *out;

	if (strcmp(fmt, "csv") == 0) {
		buf_adds(&b, "\xef\xbb\xbf");
		for (c = 0; c < sizeof head / sizeof head[0]; c++) {
			buf_adds(&b, c ? "," : "");
			buf_add_csv_field(&b, head[c]);
		}
		buf_adds(&b, "\r\n");
	} else if (strcmp(fmt, "json") == 0)
		arr = json_array();
	else
		buf_addf(&b, "%-9s %-14s %5s %5s %5s %5s %5s %6s  %s\n",
		    "week", "business", "recv", "acc", "rej", "rev", "ign",
		    "median", "top problems");
	for (i = 0; i < s->n; i++) {
		struct stats_group *g = &s->g[i];
		const char *name = *g->business ? rules_business_name(
		    env->rules, g->business) : NULL;
		char med[16], *codes;

		stats_median(g, med, sizeof med);
		codes = stats_codes(g);
		if (name == NULL)
			name = *g->business ? g->business : "-";
		if (arr) {
			json_t *o = json_object(), *p = json_array();
			size_t k;

			for (k = 0; k < g->n_codes && k < 3; k++)
				json_array_append_new(p, json_pack("{s:s,s:i}",
				    "code", g->codes[k].code, "count",
				    g->codes[k].n));
			json_object_set_new(o, "week", json_string(g->week));
			json_object_set_new(o, "business", *g->business ?
			    json_string(g->business) : json_null());
			json_object_set_new(o, "business_name",
			    json_string(name));
			json_object_set_new(o, "received",
			    json_integer(g->received));
			json_object_set_new(o, "accepted",
			    json_integer(g->status[ST_ACCEPTED]));
			json_object_set_new(o, "rejected",
			    json_integer(g->status[ST_REJECTED]));
			json_object_set_new(o, "review",
			    json_integer(g->status[ST_REVIEW]));
			json_object_set_new(o, "ignored",
			    json_integer(g->status[ST_IGNORED]));
			json_object_set_new(o, "median_workdays", *med ?
			    json_real(strtod(med, NULL)) : json_null());
			json_object_set_new(o, "top_problems", p);
			json_array_append_new(arr, o);
		} else if (strcmp(fmt, "csv") == 0) {
			char *cn = stats_codes_cn(g);

			buf_add_csv_field(&b, strcmp(g->week, "total") == 0 ?
			    "合计" : g->week);
			buf_adds(&b, ",");
			/* No business read: a word, not "-" (a spreadsheet
			 * reads a leading "-" as a formula). */
			buf_add_csv_field(&b, *g->business ? name : "未识别");
			buf_addf(&b, ",%d,%d,%d,%d,%d,%s,", g->received,
			    g->status[ST_ACCEPTED], g->status[ST_REJECTED],
			    g->status[ST_REVIEW], g->status[ST_IGNORED], med);
			buf_add_csv_field(&b, cn);
			buf_adds(&b, "\r\n");
			free(cn);
		} else {
			size_t w = utf8_width(name);

			buf_addf(&b, "%-9s %s", g->week, name);
			while (w++ < 14)
				buf_adds(&b, " ");
			buf_addf(&b, " %5d %5d %5d %5d %5d %6s  %s\n",
			    g->received, g->status[ST_ACCEPTED],
			    g->status[ST_REJECTED], g->status[ST_REVIEW],
			    g->status[ST_IGNORED], *med ? med : "-", codes);
		}
		free(codes);
	}
	if (arr) {
		out = json_dumps(arr, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		json_decref(arr);
		buf_adds(&b, out);
		buf_adds(&b, "\n");
		free(out);
	}
	return buf_take(&b);
}

static int
cmd_stats(struct cmd_args *a)
{
	const struct cmd_opt *o;
	const char *fmt = "text";
	struct stats s = { 0 };
	struct workdays *w = NULL;
	const struct env *env;
	time_t since = 0, until = (time_t)1 << 40;
	char *err = NULL, *warn = NULL, *cal = NULL, *out = NULL;
	int rc = 0, first, last;
	size_t i, k;
	struct tm tm;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		switch (o->key) {
		case 'S':
		case 'U':
			if (day_parse(o->arg, 0, o->key == 'S' ? &since :
			    &until) != 0) {
				fprintf(stderr, "intake: stats: \"%s\": not a "
				    "date YYYY-MM-DD\n", o->arg);
				return EXIT_USAGE;
			}
			if (o->key == 'U') {	/* through the whole day */
				localtime_r(&until, &tm);
				tm.tm_mday++;
				tm.tm_isdst = -1;
				until = mktime(&tm);
			}
			break;
		case 'f':
			if (strcmp(o->arg, "text") && strcmp(o->arg, "csv") &&
			    strcmp(o->arg, "json")) {
				fprintf(stderr, "intake: stats: unknown format "
				    "\"%s\" (text, csv, json)\n", o->arg);
				return EXIT_USAGE;
			}
			fmt = o->arg;
			break;
		}
	}
	if ((rc = cmd_open(a)) != 0)
		return rc;
	env = a->env;
	{
		/* The calendar from the oldest arrival to now. */
		time_t now = time(NULL), oldest;

		if (records_oldest_arrival(a->rec, &oldest, &err) != 0) {
			fprintf(stderr, "intake: stats: %s\n", err);
			rc = EXIT_RUNTIME;
			goto out;
		}
		if (oldest == 0)
			oldest = now;
		localtime_r(&now, &tm);
		last = tm.tm_year + 1900;
		localtime_r(&oldest, &tm);
		first = tm.tm_year + 1900 < last ? tm.tm_year + 1900 : last;
	}
	cal = xasprintf("%s/calendar", env->cfg->schemas);
	if ((w = workdays_load(cal, first, last, &warn, &err)) == NULL) {
		fprintf(stderr, "intake: stats: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (warn)
		log_warn("event=calendar command=stats warning=\"%s\"", warn);
	if (stats_load(a->rec, w, since, until, &s, &err) != 0) {
		fprintf(stderr, "intake: stats: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (s.n > 1)
		qsort(s.g, s.n, sizeof *s.g, stats_group_cmp);
	out = stats_render(env, &s, fmt);
	if (fputs(out, stdout) == EOF || fflush(stdout) != 0) {
		fprintf(stderr, "intake: stats: standard output: write error\n");
		rc = EXIT_RUNTIME;
	}
out:
	for (i = 0; i < s.n; i++) {
		for (k = 0; k < s.g[i].n_codes; k++)
			free(s.g[i].codes[k].code);
		free(s.g[i].codes);
		free(s.g[i].days);
		free(s.g[i].business);
	}
	free(s.g);
	free(out);
	free(cal);
	free(warn);
	free(err);
	workdays_free(w);
	return rc;
}

static const struct cmd_option stats_options[] = {
	{ "since", 'S', 0, "YYYY-MM-DD", "received on or after that day" },
	{ "until", 'U', 0, "YYYY-MM-DD", "received on or before that day" },
	{ "format", 'f', 0, "text|csv|json", "the output (default text)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_stats_entry = {
	.name = "stats",
	.summary = "per business and week: received, decided, days, problems",
	.options = stats_options,
	.needs = CMD_NEEDS_DB_READ,
	.exec = cmd_stats,
};
