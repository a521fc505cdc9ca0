/*
 * diag.h — a list of configuration or input errors, each with the file and
 * line it comes from, so `intake config-check` can report every error at
 * once instead of stopping at the first.
 */
#ifndef INTAKE_DIAG_H
#define INTAKE_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag_entry {
	char	*file;		/* NULL when no file is involved */
	int	 line;		/* 0 when unknown */
	char	*msg;
};

struct diag {
	struct diag_entry *v;
	size_t	 n;
	size_t	 cap;
};

void	diag_add(struct diag *, const char *file, int line, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));
/* Prints "file:line: msg" lines; returns the number printed. */
size_t	diag_print(const struct diag *, FILE *);
void	diag_free(struct diag *);

#endif
