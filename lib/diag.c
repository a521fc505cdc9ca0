/* diag.c — see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "util.h"

void
diag_add(struct diag *d, const char *file, int line, const char *fmt, ...)
{
	struct diag_entry *e;
	va_list ap;

	xgrow((void **)&d->v, &d->cap, d->n, sizeof *d->v);
	e = &d->v[d->n++];
	e->file = file ? xstrdup(file) : NULL;
	e->line = line;
	va_start(ap, fmt);
	e->msg = xvasprintf(fmt, ap);
	va_end(ap);
}

size_t
diag_print(const struct diag *d, FILE *fp)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];
		if (e->file && e->line > 0)
			fprintf(fp, "%s:%d: %s\n", e->file, e->line, e->msg);
		else if (e->file)
			fprintf(fp, "%s: %s\n", e->file, e->msg);
		else
			fprintf(fp, "%s\n", e->msg);
	}
	return d->n;
}

void
diag_free(struct diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
