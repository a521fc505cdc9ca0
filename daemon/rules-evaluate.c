/*
 * rules-evaluate.c — rules_evaluate: what a checklist still misses.
 * See rules.h.
 */
#include <stdlib.h>
#include <string.h>

#include "rules-impl.h"
#include "util.h"


static size_t
count_of(const char *key, const char *const *present, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (present[i] && strcmp(present[i], key) == 0)
			c++;
	return c;
}

static int
applies(const struct rrule *ru, const char *const *pr, size_t n)
{
	size_t i;
	int any = ru->when_any.n == 0;

	for (i = 0; i < ru->when.n; i++)
		if (count_of(ru->when.v[i], pr, n) == 0)
			return 0;
	for (i = 0; i < ru->when_any.n; i++)
		if (count_of(ru->when_any.v[i], pr, n) > 0)
			any = 1;
	for (i = 0; i < ru->unless.n; i++)
		if (count_of(ru->unless.v[i], pr, n) > 0)
			return 0;
	return any;
}

static void
add_missing(const char ***v, size_t *n, size_t *cap, const char *key)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], key) == 0)
			return;
	xgrow((void **)v, cap, *n, sizeof **v);
	(*v)[(*n)++] = key;
}

size_t
rules_evaluate(const struct rules_checklist *cl, const char *const *present,
    size_t n_present, const char ***missing, size_t *n_missing)
{
	const struct rules_checklist_priv *p = cl->priv;
	const char **v = NULL;
	size_t n = 0, cap = 0, i, j, k;

	for (i = 0; i < p->n_rules; i++) {
		const struct rrule *ru = &p->rules[i];
		size_t total = 0, best = 0, best_have = 0;

		if (!applies(ru, present, n_present))
			continue;
		for (j = 0; j < ru->need.n; j++)
			if (count_of(ru->need.v[j], present, n_present) == 0)
				add_missing(&v, &n, &cap, ru->need.v[j]);
		if (ru->n_sets == 0)
			continue;
		for (j = 0; j < ru->n_sets; j++) {
			size_t inst = (size_t)-1, have = 0;
			for (k = 0; k < ru->sets[j].n; k++) {
				size_t c = count_of(ru->sets[j].v[k], present,
				    n_present);
				if (c < inst)
					inst = c;
				if (c > 0)
					have++;
			}
			if (ru->sets[j].n == 0)
				inst = 0;
			total += inst;
			if (have > best_have) {
				best_have = have;
				best = j;
			}
		}
		if (total >= (size_t)ru->times)
			continue;
		/* Part of one set is there: name what completes it;
		 * otherwise the rule as a whole is missing. */
		if (ru->times == 1 && best_have > 0) {
			for (k = 0; k < ru->sets[best].n; k++)
				if (count_of(ru->sets[best].v[k], present,
				    n_present) == 0)
					add_missing(&v, &n, &cap,
					    ru->sets[best].v[k]);
		} else
			add_missing(&v, &n, &cap, ru->key);
	}
	*missing = v;
	*n_missing = n;
	return n;
}

