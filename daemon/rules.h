/*
 * rules.h — center profiles and business checklists, loaded from the
 * schema files (libconfig) so that adding a district or changing a
 * checklist is an edit of data, never of C.
 *
 * Layout of a schemas directory (every file has its own config_t, with the
 * schemas directory as include dir, so `@include "common/x.cfg"` works):
 *   materials.cfg          every material: key, Chinese name, synonyms
 *   checklists/ID.cfg      one checklist; ID is the file's stem
 *   centers/NAME.cfg       one center profile; NAME is the file's stem
 *   common/NAME.cfg        fragments for @include only (never loaded alone)
 * The files themselves document their keys (centers/minhang.cfg,
 * checklists/points-new.cfg, materials.cfg).
 *
 * Ownership: rules_load() returns a struct rules that owns every string,
 * array and struct reachable from it (centers, checklists, the subject
 * specs).  They stay valid until rules_free().  Nothing returned by a
 * lookup is to be freed by the caller, except where said (rules_evaluate's
 * array, rules_expand's string).
 */
#ifndef INTAKE_RULES_H
#define INTAKE_RULES_H

#include <stddef.h>

#include "diag.h"
#include "subject.h"

struct rules;
struct rules_checklist_priv;

struct rules_checklist {
	const char	*id;		/* file stem: "education-verify-jingan" */
	const char	*business;	/* "education-verify" */
	const char	*name;		/* "教育背景核实" */
	int		 unit_level;	/* 1: unit business (no persons) */
	const char	*file;		/* where it was loaded from */
	const struct rules_checklist_priv *priv;	/* internal */
};

/* One business a center accepts by mail. */
struct rules_business {
	const char	*business;		/* "points-new" */
	const struct rules_checklist *checklist;	/* never NULL */
	const char *const *types;	/* allowed MIME types by content,
					   NULL-terminated (judge_check_files) */
	size_t		 n_types;
	const char	*correct_subject;	/* template, see rules_expand */
	const char	*example_subject;	/* literal example */
};

/* A business a center knows but does not take by mail (the settlement
 * businesses applied for through 一网通办): recognised in a subject so the
 * reply can say where to apply (rules_center.tpl_online). */
struct rules_online {
	const char	*business;		/* "talent-introduction" */
	const char	*name;			/* "人才引进" */
};

/* A center's thresholds for what was read from its files (the center's
 * `recognition` group; see centers/minhang.cfg).  Zero: not checked. */
struct rules_unclear {
	int		 min_long_side;		/* pixels */
	int		 min_short_side;
	double		 min_sharpness;		/* recognize.h's measures */
	double		 min_steadiness;	/* under it a shaken photo... */
	double		 steady_weakest;	/* ...unless its weakest
						   direction is this sharp */
	double		 min_brightness;
	double		 max_brightness;
	double		 min_contrast;
};

/* Materials that must be full-screen screenshots (Guangzhou support):
 * screen-shaped (long side / short side within the aspects) and at least
 * screen-sized.  n_items 0: not checked. */
struct rules_full_screen {
	const char *const *items;		/* material keys */
	size_t		 n_items;
	int		 min_long_side, min_short_side;
	double		 min_aspect, max_aspect;
};

struct rules_recognition {
	struct rules_unclear	 unclear;
	struct rules_full_screen full_screen;
	const char *const *person_items;	/* materials whose name and ID
						   number are the holder's
						   (id-card, residence-permit) */
	size_t		 n_person_items;
	double		 name_ratio;		/* a name read is the person's
						   when this share of its
						   characters agree */
};

struct rules_center {
	const char	*name;		/* "minhang" (the file stem) */
	const char	*display_name;	/* "闵行区人才服务中心" */
	const char	*short_name;	/* "闵行", for receipt numbers */
	const char	*file;
	/* For subject_parse().  keywords are sorted longest first.  For
	 * SUBJECT_COMPACT the short names are NOT filled in: copy the spec and
	 * set short_names from senders_short_names(). */
	struct subject_spec subject;
	int		 id_in_subject;		/* ID number in the subject */
	int		 per_person_archive;	/* one archive per person, named
						   after the person */
	int		 senders_registered;	/* only registered addresses */
	int		 ask_contact;		/* phone expected in body: a
						   warning (contact-missing) */
	const char *const *required_fields;	/* "name", "id_number", "phone";
						   NULL-terminated; missing →
						   field-missing */
	size_t		 n_required_fields;
	int		 answer_days;		/* working days */
	const char *const *reasons;		/* staff's common reasons for a
						   rejection or a request to
						   supplement, offered by the
						   console's decision form;
						   NULL-terminated */
	size_t		 n_reasons;
	const struct rules_business *businesses;
	size_t		 n_businesses;
	const struct rules_online *online;	/* online = { businesses; } */
	size_t		 n_online;
	const char	*tpl_online;		/* online.reply; NULL when no
						   online businesses */
	/* Reply templates, simplified Chinese, for rules_expand(). */
	const char	*tpl_receipt;
	const char	*tpl_rejection;
	const char	*tpl_review;
	const char	*tpl_supplement;	/* never NULL (falls back to
						   tpl_rejection) */
	struct rules_recognition recognition;
};

/*
 * Loads and validates every file under schemas_dir.  Every problem goes
 * to d with file and line (syntax errors, unknown keys, wrong types,
 * unknown business or material referenced, bad subject kind, empty keyword
 * list, bad placeholder, ...); loading never stops at the first error.
 * Returns NULL when there was any error.
 */
struct rules *rules_load(const char *schemas_dir, struct diag *d);
void	 rules_free(struct rules *);

/* NULL when unknown. */
const struct rules_center *rules_center(const struct rules *,
	    const char *name);
/* All centers, in name order: i < *n. */
const struct rules_center *rules_center_at(const struct rules *, size_t i,
	    size_t *n);
/* The center's entry for a business; NULL: not accepted by mail here
 * (business-unknown). */
const struct rules_business *rules_center_business(
	    const struct rules_center *, const char *business);
/* The center's online-only business of that key; NULL when none. */
const struct rules_online *rules_center_online(const struct rules_center *,
	    const char *business);
/* A checklist by id (= file stem, which for the shipped ones is the
 * business key, e.g. "points-new"); NULL when unknown.  A center may use
 * another checklist for a business: prefer rules_business.checklist. */
const struct rules_checklist *rules_checklist(const struct rules *,
	    const char *id);

/*
 * The material a file name names, as its key ("id-card"), or NULL
 * (unclassified).  The name may carry folders ("张三/身份证.jpg": the last
 * component counts; if it names nothing, the nearest folder that names a
 * material).  Normalisation: extension dropped, trailing indices ("-1",
 * "(2)", "_3", "2") dropped, subject_normalize() (full-width forms), ASCII
 * lower-cased.  The longest synonym contained in the name wins, among the
 * checklist's own materials first, then among all materials; a material
 * with extensions (Word document) is recognised by extension first.
 * When nothing matches and the checklist has a fallback material
 * (support-request: screenshot), that is returned.
 */
const char *rules_classify(const struct rules_checklist *,
	    const char *file_name);

/* rules_classify without the checklist's fallback: NULL when the name
 * names no material. */
const char *rules_classify_name(const struct rules_checklist *,
	    const char *file_name);
/* 1 when key is one of the checklist's own materials (those its rules
 * name, and its fallback). */
int	 rules_checklist_has(const struct rules_checklist *, const char *key);
/* 1 when the file name names some material (any checklist's), whatever
 * fallback a checklist has: `recognize = "unnamed"` reads only files for
 * which this is 0. */
int	 rules_names_material(const struct rules *, const char *file_name);

/*
 * What the text read from a document shows (materials.cfg content):
 * every material whose content words are found, tolerantly, at least
 * content_words times is recognised; the one whose words were found
 * best (most characters standing right) is returned, the checklist's own
 * material winning a tie; NULL when none.
 * *score (may be NULL) gets its score.  Text is UTF-8 (NULL: none).
 */
const char *rules_classify_content(const struct rules_checklist *,
	    const char *text, size_t *score);
/* 1 when text shows material key by its content words, 0 when not, -1
 * when that material has no content words (it cannot be seen). */
int	 rules_content_shows(const struct rules *, const char *key,
	    const char *text);

/*
 * Applies the checklist's rules to the material keys present (one entry
 * per classified file; repeats count for rules with times > 1; NULL
 * entries are ignored).  *missing gets a malloc'd array of *n_missing keys
 * that are missing, each either a material key or the key of an
 * alternatives rule ("education-report") when no alternative set is even
 * partly there; the strings are owned by the rules, free only the array
 * (free(*missing)); *missing is NULL when nothing is missing.
 * rules_item_name() gives the Chinese name of either kind of key.
 * Returns the number missing (0: complete).
 */
size_t	 rules_evaluate(const struct rules_checklist *,
	    const char *const *present, size_t n_present,
	    const char ***missing, size_t *n_missing);

/* Chinese name of a material or alternatives-rule key ("id-card" →
 * "身份证"); NULL when unknown. */
const char *rules_item_name(const struct rules *, const char *key);
/* Chinese name of a business ("points-new" → "积分新办"), online-only
 * ones included; NULL. */
const char *rules_business_name(const struct rules *, const char *business);

/*
 * Fills a template: "{key}" is replaced by values[i] where keys[i] is key
 * (a NULL value gives ""); placeholders not given are left as they are;
 * "{{" and "}}" are literal braces.  Returns a malloc'd string.
 * Placeholders the shipped templates use: center short_name company
 * receipt persons items problems business business_name example_subject
 * correct_subject answer_days date name id count.
 */
char	*rules_expand(const char *tpl, const char *const *keys,
	    const char *const *values, size_t n);

#endif
