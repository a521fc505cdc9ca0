/*
 * workdays.h — the working-day calendar: Saturdays and Sundays off, except
 * the make-up working days (调休上班) China announces each year, and the
 * public holidays off.  One libconfig file per year,
 * DIR/cn-YYYY.cfg (the shipped ones: schemas/calendar/), with
 *   year = 2026;  holidays = [ "2026-01-01", ... ];  workdays = [ ... ];
 *   provisional = true;   (optional: dates not yet confirmed)
 * A year without a file counts weekends only (the caller is warned).
 *
 * Dates are local calendar days (the process's TZ).  workdays_load()
 * returns a calendar the caller frees with workdays_free(); strings handed
 * out are malloc'd.
 */
#ifndef INTAKE_WORKDAYS_H
#define INTAKE_WORKDAYS_H

#include <time.h>

struct workdays;

/*
 * Loads DIR/cn-YYYY.cfg for every year in first..last.  NULL with *err
 * (malloc'd, "FILE:LINE: what") when a file exists but is wrong: a syntax
 * error, a date that is not "YYYY-MM-DD" of that year, a day that is both
 * a holiday and a make-up day, a make-up day that is not a weekend.
 * *warn (may be NULL) gets a malloc'd note naming the years counted by
 * weekends only and the provisional ones, else NULL.
 */
struct workdays *workdays_load(const char *dir, int first, int last,
	    char **warn, char **err);
void	workdays_free(struct workdays *);		/* NULL is fine */

/* A day number (days since 1970-01-01) for a date, and back. */
long	workdays_day(int year, int month, int mday);
void	workdays_date(long day, int *year, int *month, int *mday);
/* The local day of a time. */
long	workdays_day_of(time_t);
/* 1 when the day is a working day.  w may be NULL (weekends only). */
int	workdays_is_workday(const struct workdays *w, long day);
/*
 * Working days waited from `from` to `to`: the working days after from's
 * day up to and including to's day (received on a Friday, asked on
 * Monday: 1).  0 when to is not after from.
 */
int	workdays_between(const struct workdays *w, time_t from, time_t to);
/* The same between two days of workdays_day(). */
int	workdays_count(const struct workdays *w, long from_day, long to_day);

#endif
