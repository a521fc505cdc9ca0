/*
 * rules.c — the loaded rules: lookups of centers, businesses, checklists
 * and names, and rules_free.  Loading is rules-load.c; classifying a file
 * name rules-classify.c; applying a checklist rules-evaluate.c; filling a
 * template rules-expand.c.  See rules.h.
 */
#include <stdlib.h>
#include <string.h>

#include "rules-impl.h"
#include "util.h"

void
rules_free(struct rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n_pool; i++)
		free(r->pool[i]);
	free(r->pool);
	free(r);
}


/* ---- names for matching ---- */

char *
rules_match_name(const char *s)
{
	char *n = subject_normalize(s);

	if (n == NULL)
		n = xstrdup(s);
	return ascii_lower(n);
}

const struct material *
rules_find_material(const struct rules *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n_mat; i++)
		if (strcmp(r->mat[i].key, key) == 0)
			return &r->mat[i];
	return NULL;
}




const struct rules_center *
rules_center(const struct rules *r, const char *name)
{
	size_t i;

	for (i = 0; r && name && i < r->n_ce; i++)
		if (strcmp(r->ce[i].name, name) == 0)
			return &r->ce[i];
	return NULL;
}

const struct rules_center *
rules_center_at(const struct rules *r, size_t i, size_t *n)
{
	if (n != NULL)
		*n = r->n_ce;
	return i < r->n_ce ? &r->ce[i] : NULL;
}

const struct rules_business *
rules_center_business(const struct rules_center *ce, const char *business)
{
	size_t i;

	for (i = 0; ce && business && i < ce->n_businesses; i++)
		if (strcmp(ce->businesses[i].business, business) == 0)
			return &ce->businesses[i];
	return NULL;
}

const struct rules_checklist *
rules_checklist(const struct rules *r, const char *id)
{
	size_t i;

	for (i = 0; r && id && i < r->n_cl; i++)
		if (strcmp(r->cl[i].id, id) == 0)
			return &r->cl[i];
	return NULL;
}

const char *
rules_item_name(const struct rules *r, const char *key)
{
	const struct material *m;
	size_t i, j;

	if (r == NULL || key == NULL)
		return NULL;
	if ((m = rules_find_material(r, key)) != NULL)
		return m->name;
	for (i = 0; i < r->n_cl; i++) {
		const struct rules_checklist_priv *p = r->cl[i].priv;
		for (j = 0; j < p->n_rules; j++)
			if (p->rules[j].key && strcmp(p->rules[j].key,
			    key) == 0)
				return p->rules[j].name;
	}
	return NULL;
}

const struct rules_online *
rules_center_online(const struct rules_center *ce, const char *business)
{
	size_t i;

	for (i = 0; ce && business && i < ce->n_online; i++)
		if (strcmp(ce->online[i].business, business) == 0)
			return &ce->online[i];
	return NULL;
}

const char *
rules_business_name(const struct rules *r, const char *business)
{
	const struct rules_checklist *cl = rules_checklist(r, business);
	const struct rules_online *o;
	size_t i;

	if (cl != NULL && cl->business && strcmp(cl->business, business) == 0)
		return cl->name;
	for (i = 0; r && business && i < r->n_cl; i++)
		if (r->cl[i].business && strcmp(r->cl[i].business,
		    business) == 0)
			return r->cl[i].name;
	for (i = 0; r && business && i < r->n_ce; i++)
		if ((o = rules_center_online(&r->ce[i], business)) != NULL)
			return o->name;
	return NULL;
}

