/* test_workdays.c — the working-day calendar: the shipped 2026 notice,
 * and the constant-time count against a day-by-day count, inside, across
 * and outside the loaded years. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "unit.h"
#include "util.h"
#include "workdays.h"

static char *
calendar_dir(void)
{
	const char *t = getenv("TESTS_DIR");

	if (t != NULL && *t != '\0')
		return xasprintf("%s/../schemas/calendar", t);
	return xstrdup("schemas/calendar");
}

/* Noon, local time, of a date: far from any day boundary. */
static time_t
noon(int y, int m, int d)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

/* The definition, one day at a time. */
static int
slow_between(const struct workdays *w, time_t from, time_t to)
{
	long a = workdays_day_of(from), b = workdays_day_of(to), day;
	int n = 0;

	for (day = a + 1; day <= b; day++)
		n += workdays_is_workday(w, day);
	return n;
}

int
main(void)
{
	char *dir = calendar_dir(), *warn = NULL, *err = NULL;
	struct workdays *w;
	long lo = workdays_day(2024, 1, 1), hi = workdays_day(2029, 12, 31);
	unsigned seed = 20261123;
	int i, mismatches = 0, mismatches_null = 0;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	w = workdays_load(dir, 2026, 2027, &warn, &err);
	CHECK(w != NULL, "the shipped calendars 2026-2027 load (%s)",
	    err ? err : "ok");
	if (w == NULL)
		return UNIT_DONE();

	/* The 2026 notice (schemas/calendar/cn-2026.cfg). */
	CHECK_INT(workdays_between(w, noon(2026, 11, 20), noon(2026, 11, 23)),
	    1, "received Friday, asked Monday: 1");
	CHECK_INT(workdays_between(w, noon(2026, 9, 30), noon(2026, 10, 10)),
	    3, "National Day: 10-08, 10-09 and make-up Saturday 10-10");
	CHECK_INT(workdays_between(w, noon(2026, 9, 19), noon(2026, 9, 20)),
	    1, "make-up Sunday 2026-09-20 is a working day");
	CHECK_INT(workdays_between(w, noon(2026, 2, 13), noon(2026, 2, 24)),
	    2, "Spring Festival: make-up 02-14 and 02-24 only");
	CHECK_INT(workdays_between(w, noon(2026, 11, 23), noon(2026, 11, 20)),
	    0, "a later 'from' waits 0");
	CHECK_INT(workdays_between(w, noon(2026, 11, 23),
	    noon(2026, 11, 23) + 3600), 0, "the same day waits 0");
	CHECK_INT(workdays_between(NULL, noon(2026, 9, 30), noon(2026, 10, 10)),
	    7, "without a calendar: weekdays only");

	/* Across and outside the table, both directions, from 2024 to 2029:
	 * years 2024, 2025 and 2028+ have no file here (weekends only). */
	for (i = 0; i < 20000; i++) {
		long a, b;
		int ya, ma, da, yb, mb, db;
		time_t ta, tb;

		seed = seed * 1103515245u + 12345u;
		a = lo + (long)((seed >> 8) % (unsigned)(hi - lo));
		seed = seed * 1103515245u + 12345u;
		b = a + (long)((seed >> 8) % 900u) - 30;
		workdays_date(a, &ya, &ma, &da);
		workdays_date(b, &yb, &mb, &db);
		ta = noon(ya, ma, da);
		tb = noon(yb, mb, db);
		if (workdays_between(w, ta, tb) != slow_between(w, ta, tb))
			mismatches++;
		if (workdays_between(NULL, ta, tb) != slow_between(NULL, ta, tb))
			mismatches_null++;
	}
	CHECK_INT(mismatches, 0, "20,000 random spans 2024-2029: table count "
	    "equals the day-by-day count");
	CHECK_INT(mismatches_null, 0, "the same without a calendar");

	workdays_free(w);
	free(warn);
	free(err);
	free(dir);
	return UNIT_DONE();
}
