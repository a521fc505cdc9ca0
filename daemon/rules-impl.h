/*
 * rules-impl.h — the inside of a loaded struct rules, shared by the rules
 * files only (rules-load.c builds it, rules.c looks things up in it,
 * rules-classify.c and rules-evaluate.c read it).  Everything here is
 * owned by the rules' pool (rules_free).  Nothing outside rules*.c
 * includes it.
 */
#ifndef INTAKE_RULES_IMPL_H
#define INTAKE_RULES_IMPL_H

#include <stddef.h>

#include "rules.h"

struct material {
	const char	*key;
	const char	*name;
	const char	**syn;		/* normalised for matching */
	size_t		 n_syn;
	const char	**ext;		/* lower case, no dot */
	size_t		 n_ext;
	const char	**content;	/* words on the document; NULL: none */
	size_t		 n_content;
	int		 content_words;	/* found words that recognise it */
};

struct keylist {
	const char	**v;		/* material keys, owned by materials */
	size_t		 n;
};

struct rrule {
	struct keylist	 when, when_any, unless;
	struct keylist	 need;		/* need = ... rule */
	struct keylist	*sets;		/* any = ( ... ) rule */
	size_t		 n_sets;
	int		 times;
	const char	*key;		/* any rule: its own key and name */
	const char	*name;
};

struct rules_checklist_priv {
	const struct rules *r;
	const struct material **items;	/* the checklist's own materials */
	size_t		 n_items;
	const char	*fallback;
	struct rrule	*rules;
	size_t		 n_rules;
};

struct rules {
	void		**pool;		/* every allocation below */
	size_t		 n_pool, cap_pool;
	struct material	*mat;
	size_t		 n_mat;
	struct rules_checklist *cl;
	size_t		 n_cl;
	struct rules_center *ce;
	size_t		 n_ce;
	const char	**broken;	/* checklists that did not parse */
	size_t		 n_broken;
	double		 content_ratio;	/* materials.cfg content_match */
	int		 content_words;
};

/* The material of that key, or NULL. */
const struct material *rules_find_material(const struct rules *,
	    const char *key);
/* s as names are matched: subject_normalize()d (full-width forms), ASCII
 * lower-cased; malloc'd. */
char	*rules_match_name(const char *s);

#endif
