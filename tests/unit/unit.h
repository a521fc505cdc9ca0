/*
 * unit.h — the smallest harness that does the job: each check prints
 * "ok N - what" or "not ok N - what (file:line)", TAP style, and the
 * program exits non-zero when any check failed.  tests/run.sh counts them.
 */
#ifndef INTAKE_UNIT_H
#define INTAKE_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_n, unit_failed;

/* cond is evaluated exactly once: it may have side effects. */
#define CHECK(cond, ...) do {						\
	int c_ = !!(cond);						\
	unit_n++;							\
	if (c_) {							\
		printf("ok %d - ", unit_n);				\
	} else {							\
		unit_failed++;						\
		printf("not ok %d - ", unit_n);				\
	}								\
	printf(__VA_ARGS__);						\
	if (!c_)							\
		printf("  (%s:%d: %s)", __FILE__, __LINE__, #cond);	\
	putchar('\n');							\
	fflush(stdout);							\
} while (0)

#define CHECK_STR(got, want, ...) do {					\
	const char *g_ = (got), *w_ = (want);				\
	int same_ = (g_ == NULL && w_ == NULL) ||			\
	    (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);		\
	CHECK(same_, __VA_ARGS__);					\
	if (!same_)							\
		printf("#   got  \"%s\"\n#   want \"%s\"\n",		\
		    g_ ? g_ : "(null)", w_ ? w_ : "(null)");		\
} while (0)

#define CHECK_INT(got, want, ...) do {					\
	long long g_ = (long long)(got), w_ = (long long)(want);	\
	CHECK(g_ == w_, __VA_ARGS__);					\
	if (g_ != w_)							\
		printf("#   got  %lld\n#   want %lld\n", g_, w_);	\
} while (0)

#define UNIT_DONE() (printf("1..%d\n", unit_n), unit_failed ? 1 : 0)

#endif
