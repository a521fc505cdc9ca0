/*
 * day.h — the one reader of the dates staff type on the command line and
 * the test clock (INTAKE_NOW): "YYYY-MM-DD", optionally followed by
 * "THH:MM" or " HH:MM", in local time.
 */
#ifndef INTAKE_DAY_H
#define INTAKE_DAY_H

#include <time.h>

/* 0 and *t (the start of that day, or that minute), or -1 for anything
 * else: a time when with_time is 0, a day that does not exist (02-30). */
int	 day_parse(const char *s, int with_time, time_t *t);

#endif
