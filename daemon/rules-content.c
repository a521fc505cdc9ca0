/*
 * rules-content.c — rules_classify_content, rules_content_shows: the
 * material a document's text shows, by materials.cfg's content words
 * found tolerantly (parsers/textmatch.h).  See rules.h.
 */
#include <stdlib.h>

#include "rules-impl.h"
#include "textmatch.h"
#include "util.h"

/* The characters standing right over the words found, when at least the
 * material's content_words of them are; else 0. */
static size_t
material_score(const struct rules *r, const struct material *m,
    const struct textmatch_text *t)
{
	size_t i, n_found = 0, score = 0, got;

	for (i = 0; i < m->n_content; i++)
		if ((got = textmatch_found(t, m->content[i],
		    r->content_ratio)) > 0) {
			n_found++;
			score += got;
		}
	return m->n_content > 0 && n_found >= (size_t)m->content_words ?
	    score : 0;
}

static const struct material *
best_of(const struct rules *r, const struct material *const *v, size_t n,
    const struct textmatch_text *t, size_t *best_score)
{
	const struct material *best = NULL;
	size_t i, s;

	*best_score = 0;
	for (i = 0; i < n; i++)
		if ((s = material_score(r, v[i], t)) > *best_score) {
			best = v[i];
			*best_score = s;
		}
	return best;
}

const char *
rules_classify_content(const struct rules_checklist *cl, const char *text,
    size_t *score)
{
	const struct rules_checklist_priv *p;
	const struct material *m = NULL, *own;
	struct textmatch_text *t;
	size_t i, s, best = 0, own_s = 0;

	if (score)
		*score = 0;
	if (cl == NULL || text == NULL || *text == '\0')
		return NULL;
	p = cl->priv;
	t = textmatch_prepare(text);
	/* The best of all materials: a termination slip mentions the
	 * 劳动合同 it ends, and is still not a contract.  The checklist's
	 * own material wins a tie (毕业证书 of a 高中 or of a university). */
	for (i = 0; i < p->r->n_mat; i++)
		if ((s = material_score(p->r, &p->r->mat[i], t)) > best) {
			m = &p->r->mat[i];
			best = s;
		}
	own = best_of(p->r, p->items, p->n_items, t, &own_s);
	if (own != NULL && own_s == best)
		m = own;
	textmatch_free(t);
	if (score)
		*score = best;
	return m ? m->key : NULL;
}

int
rules_content_shows(const struct rules *r, const char *key, const char *text)
{
	const struct material *m = rules_find_material(r, key);
	struct textmatch_text *t;
	int shows;

	if (m == NULL || m->n_content == 0)
		return -1;
	t = textmatch_prepare(text);
	shows = material_score(r, m, t) > 0;
	textmatch_free(t);
	return shows;
}
