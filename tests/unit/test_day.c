/* test_day.c — the one reader of typed dates (--since, --until, and the
 * test clock INTAKE_NOW). */
#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "day.h"

static time_t
local(int y, int m, int d, int hh, int mm)
{
	struct tm tm = { 0 };

	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

int
main(void)
{
	static const char *bad[] = { "", "2026-1-05", "2026-02-30",
	    "2026-13-01", "2026-00-10", "2026-01-01x", "26-01-01",
	    "2026-01-01T24:00", "2026-01-01T12:60", "2026-01-01X12:00",
	    "2026-01-01T12:00:00" };
	time_t t;
	size_t i;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	CHECK(day_parse("2026-10-08", 0, &t) == 0 &&
	    t == local(2026, 10, 8, 0, 0), "a day: its start");
	CHECK(day_parse("2028-02-29", 0, &t) == 0, "a leap day");
	CHECK(day_parse("2026-10-08T09:30", 1, &t) == 0 &&
	    t == local(2026, 10, 8, 9, 30), "a day and a time with T");
	CHECK(day_parse("2026-10-08 09:30", 1, &t) == 0 &&
	    t == local(2026, 10, 8, 9, 30), "a day and a time with a space");
	CHECK_INT(day_parse("2026-10-08T09:30", 0, &t), -1,
	    "a time where only a day is taken");
	for (i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK_INT(day_parse(bad[i], 1, &t), -1, "refused: [%s]",
		    bad[i]);
	return UNIT_DONE();
}
