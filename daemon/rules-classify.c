/*
 * rules-classify.c — rules_classify: the material a file name names.
 * See rules.h.
 */
#include <stdlib.h>
#include <string.h>

#include "rules-impl.h"
#include "util.h"


/* Drops trailing indices: "-1", "_3", "(2)", "2", " 2". */
static void
strip_index(char *s)
{
	size_t n = strlen(s), k;

	for (;;) {
		k = n;
		while (n > 0 && s[n - 1] == ' ')
			n--;
		if (n > 0 && s[n - 1] == ')') {
			size_t m = n - 1;
			while (m > 0 && s[m - 1] >= '0' && s[m - 1] <= '9')
				m--;
			if (m > 0 && m < n - 1 && s[m - 1] == '(')
				n = m - 1;
		}
		while (n > 0 && s[n - 1] >= '0' && s[n - 1] <= '9')
			n--;
		for (;;) {
			if (n > 0 && strchr("-_. ", s[n - 1]) != NULL)
				n--;
			else if (n >= 3 && (unsigned char)s[n - 3] == 0xe2 &&
			    (unsigned char)s[n - 2] == 0x80 &&
			    ((unsigned char)s[n - 1] == 0x94 ||
			    (unsigned char)s[n - 1] == 0x93))
				n -= 3;		/* — – */
			else
				break;
		}
		if (n == k || n == 0)
			break;
	}
	if (n > 0)
		s[n] = '\0';
}

static const struct material *
best_match(const struct material *const *v, size_t n, const char *name,
    const char *ext)
{
	const struct material *best = NULL;
	size_t i, j, bl = 0;

	for (i = 0; ext && i < n; i++)
		for (j = 0; j < v[i]->n_ext; j++)
			if (strcmp(v[i]->ext[j], ext) == 0)
				return v[i];
	for (i = 0; i < n; i++)
		for (j = 0; j < v[i]->n_syn; j++) {
			size_t l = strlen(v[i]->syn[j]);
			if (l > bl && strstr(name, v[i]->syn[j]) != NULL) {
				best = v[i];
				bl = l;
			}
		}
	return best;
}

/* One path component: with_ext says whether it may carry an extension. */
static const char *
classify_part(const struct rules_checklist *cl, const char *part,
    size_t len, int with_ext)
{
	const struct rules_checklist_priv *p = cl->priv;
	const struct rules *r = p->r;
	const struct material *m, **all;
	char *raw = xstrndup(part, len), *dot, *ext = NULL, *name;
	size_t i;

	if (with_ext && (dot = strrchr(raw, '.')) != NULL && dot != raw) {
		*dot = '\0';
		ext = ascii_lower(dot + 1);
	}
	name = rules_match_name(raw);
	strip_index(name);
	m = best_match(p->items, p->n_items, name, ext);
	if (m == NULL) {
		all = xmalloc((r->n_mat + 1) * sizeof *all);
		for (i = 0; i < r->n_mat; i++)
			all[i] = &r->mat[i];
		m = best_match(all, r->n_mat, name, ext);
		free(all);
	}
	free(name);
	free(raw);
	return m ? m->key : NULL;
}

const char *
rules_classify(const struct rules_checklist *cl, const char *file_name)
{
	const char *k = rules_classify_name(cl, file_name);

	return k ? k : cl ? cl->priv->fallback : NULL;
}

const char *
rules_classify_name(const struct rules_checklist *cl, const char *file_name)
{
	const char *end, *start, *k;
	int first = 1;

	if (cl == NULL || file_name == NULL)
		return NULL;
	end = file_name + strlen(file_name);
	while (end > file_name) {
		while (end > file_name && (end[-1] == '/' || end[-1] == '\\'))
			end--;
		start = end;
		while (start > file_name && start[-1] != '/' &&
		    start[-1] != '\\')
			start--;
		if (start == end)
			break;
		k = classify_part(cl, start, (size_t)(end - start), first);
		if (k != NULL)
			return k;
		first = 0;
		end = start;
	}
	return NULL;
}

int
rules_checklist_has(const struct rules_checklist *cl, const char *key)
{
	size_t i;

	if (cl == NULL || key == NULL)
		return 0;
	for (i = 0; i < cl->priv->n_items; i++)
		if (strcmp(cl->priv->items[i]->key, key) == 0)
			return 1;
	return cl->priv->fallback && strcmp(cl->priv->fallback, key) == 0;
}

int
rules_names_material(const struct rules *r, const char *file_name)
{
	/* Every checklist falls back on all materials: any one will do. */
	return r != NULL && r->n_cl > 0 &&
	    rules_classify_name(&r->cl[0], file_name) != NULL;
}

