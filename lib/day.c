/* day.c — see day.h. */
#include "day.h"

#include <stdio.h>

int
day_parse(const char *s, int with_time, time_t *t)
{
	struct tm tm = { 0 };
	int y, m, d, hh = 0, mm = 0, n = 0;
	char sep;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10)
		return -1;
	if (s[10] != '\0') {
		if (!with_time ||
		    sscanf(s + 10, "%c%2d:%2d%n", &sep, &hh, &mm, &n) != 3 ||
		    (sep != 'T' && sep != ' ') || s[10 + n] != '\0' ||
		    hh > 23 || mm > 59 || hh < 0 || mm < 0)
			return -1;
	}
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = hh;
	tm.tm_min = mm;
	tm.tm_isdst = -1;
	/* mktime carries 02-30 into March: that day does not exist. */
	if ((*t = mktime(&tm)) == (time_t)-1 || tm.tm_mday != d)
		return -1;
	return 0;
}
