/* workdays.c — see workdays.h. */
#include "workdays.h"

#include <errno.h>
#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

enum { DAY_DEFAULT, DAY_HOLIDAY, DAY_WORKDAY };

struct workdays_year {
	int		 year;
	int		 loaded;	/* 0: weekends only */
	unsigned char	 kind[366];	/* by day of the year, 0-based */
};

struct workdays {
	int		 first, last;
	struct workdays_year *years;	/* last - first + 1 */
	/* Working days before each day of first..last, so that a report of
	 * 100,000 rows counts each wait in O(1), not a day at a time. */
	long		 base;		/* day number of first-01-01 */
	long		 span;		/* days in first..last */
	long		*before;	/* span + 1 counts */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil): no timegm, no TZ involved. */
long
workdays_day(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
workdays_date(long z, int *year, int *month, int *mday)
{
	long era, doe, yoe, y, doy, mp, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(y + (m <= 2));
	*month = (int)m;
	*mday = (int)d;
}

long
workdays_day_of(time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	return workdays_day(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* 0 Sunday .. 6 Saturday; 1970-01-01 was a Thursday. */
static int
weekday(long day)
{
	long w = (day + 4) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

/* "YYYY-MM-DD" of the given year → day number; -1 when not. */
static long
parse_date(const char *s, int year)
{
	int y, m, d, n = 0, y2, m2, d2;
	long day;

	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || y != year || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	day = workdays_day(y, m, d);
	workdays_date(day, &y2, &m2, &d2);
	return (y2 == y && m2 == m && d2 == d) ? day : -1;
}

/* One list ("holidays" or "workdays") into yr->kind; 0 or -1 with *err. */
static int
load_list(config_t *cf, const char *file, const char *key,
    struct workdays_year *yr, int kind, char **err)
{
	config_setting_t *list = config_lookup(cf, key), *e;
	long jan1 = workdays_day(yr->year, 1, 1), day;
	const char *s;
	int i, n;

	if (list == NULL)
		return 0;
	if (!config_setting_is_array(list) && !config_setting_is_list(list)) {
		*err = xasprintf("%s:%d: %s must be a list of \"YYYY-MM-DD\"",
		    file, config_setting_source_line(list), key);
		return -1;
	}
	n = config_setting_length(list);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(list, (unsigned)i);
		s = config_setting_get_string(e);
		if (s == NULL || (day = parse_date(s, yr->year)) < 0) {
			*err = xasprintf("%s:%d: %s: \"%s\" is not a date "
			    "YYYY-MM-DD in %d", file,
			    config_setting_source_line(e), key, s ? s : "?",
			    yr->year);
			return -1;
		}
		if (kind == DAY_WORKDAY && weekday(day) != 0 &&
		    weekday(day) != 6) {
			*err = xasprintf("%s:%d: workdays: %s is a weekday "
			    "already (make-up days fall on a weekend)", file,
			    config_setting_source_line(e), s);
			return -1;
		}
		if (yr->kind[day - jan1] != DAY_DEFAULT &&
		    yr->kind[day - jan1] != kind) {
			*err = xasprintf("%s:%d: %s is both a holiday and a "
			    "make-up working day", file,
			    config_setting_source_line(e), s);
			return -1;
		}
		yr->kind[day - jan1] = (unsigned char)kind;
	}
	return 0;
}

/* 1 loaded, 0 no file, -1 error. */
static int
load_year(const char *dir, struct workdays_year *yr, int *provisional,
    char **err)
{
	config_t cf;
	struct stat st;
	char *file = xasprintf("%s/cn-%d.cfg", dir, yr->year);
	int y, b, rc = -1;

	*provisional = 0;
	if (stat(file, &st) != 0 && errno == ENOENT) {
		free(file);
		return 0;
	}
	config_init(&cf);
	if (config_read_file(&cf, file) != CONFIG_TRUE) {
		if (config_error_type(&cf) == CONFIG_ERR_FILE_IO)
			*err = xasprintf("%s: cannot read: %s", file,
			    strerror(errno));
		else
			*err = xasprintf("%s:%d: %s", file,
			    config_error_line(&cf), config_error_text(&cf));
		goto out;
	}
	if (config_lookup_int(&cf, "year", &y) != CONFIG_TRUE ||
	    y != yr->year) {
		*err = xasprintf("%s: expected \"year = %d;\"", file, yr->year);
		goto out;
	}
	if (config_lookup_bool(&cf, "provisional", &b) == CONFIG_TRUE)
		*provisional = b;
	if (load_list(&cf, file, "holidays", yr, DAY_HOLIDAY, err) != 0 ||
	    load_list(&cf, file, "workdays", yr, DAY_WORKDAY, err) != 0)
		goto out;
	yr->loaded = 1;
	rc = 1;
out:
	config_destroy(&cf);
	free(file);
	return rc;
}

struct workdays *
workdays_load(const char *dir, int first, int last, char **warn, char **err)
{
	struct workdays *w = xcalloc(1, sizeof *w);
	struct buf missing = { 0 }, prov = { 0 };
	int y, r, p;
	long d;

	if (warn)
		*warn = NULL;
	if (last < first)
		last = first;
	w->first = first;
	w->last = last;
	w->years = xcalloc((size_t)(last - first + 1), sizeof *w->years);
	for (y = first; y <= last; y++) {
		struct workdays_year *yr = &w->years[y - first];

		yr->year = y;
		if ((r = load_year(dir, yr, &p, err)) < 0) {
			buf_free(&missing);
			buf_free(&prov);
			workdays_free(w);
			return NULL;
		}
		if (r == 0)
			buf_addf(&missing, "%s%d", missing.len ? ", " : "", y);
		if (p)
			buf_addf(&prov, "%s%d", prov.len ? ", " : "", y);
	}
	w->base = workdays_day(first, 1, 1);
	w->span = workdays_day(last + 1, 1, 1) - w->base;
	w->before = xcalloc((size_t)w->span + 1, sizeof *w->before);
	for (d = 0; d < w->span; d++)
		w->before[d + 1] = w->before[d] +
		    workdays_is_workday(w, w->base + d);
	if (warn && (missing.len || prov.len)) {
		struct buf b = { 0 };

		if (missing.len)
			buf_addf(&b, "no calendar for %s in %s (cn-YYYY.cfg): "
			    "weekends only, public holidays not counted",
			    missing.data, dir);
		if (prov.len)
			buf_addf(&b, "%sthe calendar for %s is provisional "
			    "(statutory holidays only, no make-up days)",
			    b.len ? "; " : "", prov.data);
		*warn = buf_take(&b);
	}
	buf_free(&missing);
	buf_free(&prov);
	return w;
}

void
workdays_free(struct workdays *w)
{
	if (w == NULL)
		return;
	free(w->years);
	free(w->before);
	free(w);
}

int
workdays_is_workday(const struct workdays *w, long day)
{
	int y, m, d, wd = weekday(day);

	if (w) {
		workdays_date(day, &y, &m, &d);
		if (y >= w->first && y <= w->last) {
			const struct workdays_year *yr = &w->years[y - w->first];
			int k = yr->kind[day - workdays_day(y, 1, 1)];

			if (k == DAY_HOLIDAY)
				return 0;
			if (k == DAY_WORKDAY)
				return 1;
		}
	}
	return wd != 0 && wd != 6;
}

/* Working days in [lo, hi) counted one by one: outside the table. */
static long
count_slow(const struct workdays *w, long lo, long hi)
{
	long n = 0;

	for (; lo < hi; lo++)
		n += workdays_is_workday(w, lo);
	return n;
}

/* Working days in [base, day) — negative for days before base — so that
 * any range is a difference of two of these. */
static long
before(const struct workdays *w, long day)
{
	long end = w->base + w->span;

	if (day < w->base)
		return -count_slow(w, day, w->base);
	if (day > end)
		return w->before[w->span] + count_slow(w, end, day);
	return w->before[day - w->base];
}

int
workdays_between(const struct workdays *w, time_t from, time_t to)
{
	return workdays_count(w, workdays_day_of(from), workdays_day_of(to));
}

int
workdays_count(const struct workdays *w, long a, long b)
{
	if (b <= a)
		return 0;
	if (w == NULL)
		return (int)count_slow(NULL, a + 1, b + 1);
	return (int)(before(w, b + 1) - before(w, a + 1));
}
