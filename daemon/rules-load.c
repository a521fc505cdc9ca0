/*
 * rules-load.c — rules_load: reads and validates the schema files
 * (libconfig) into one struct rules whose every allocation is in its pool.
 * See rules.h.
 */
#include <dirent.h>
#include <errno.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules-impl.h"
#include "util.h"

/* Loader state for one file. */
struct ld {
	struct rules	*r;
	struct diag	*d;
	const char	*dir;
	const char	*path;		/* the file being read */
	int		 errors;
};

static const char *const placeholders[] = { "center", "short_name",
	"company", "receipt", "persons", "items", "problems", "business",
	"business_name", "example_subject", "correct_subject", "answer_days",
	"date", "name", "id", "count", "notes", NULL };

/* ---- allocation: everything belongs to the rules' pool ---- */

static void *
palloc(struct rules *r, size_t n)
{
	void *p = xcalloc(1, n ? n : 1);

	xgrow((void **)&r->pool, &r->cap_pool, r->n_pool, sizeof *r->pool);
	r->pool[r->n_pool++] = p;
	return p;
}

static char *
pstrdup(struct rules *r, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = palloc(r, n);

	memcpy(p, s, n);
	return p;
}

static char *
padopt(struct rules *r, char *s)	/* takes a malloc'd string */
{
	xgrow((void **)&r->pool, &r->cap_pool, r->n_pool, sizeof *r->pool);
	r->pool[r->n_pool++] = s;
	return s;
}


/* ---- diagnostics ---- */

/* The file a setting came from: included files are named as written in
 * @include, relative to the include dir. */
static char *
src_file(const struct ld *L, const char *f)
{
	if (f == NULL || strcmp(f, L->path) == 0)
		return xstrdup(L->path);
	if (f[0] == '/')
		return xstrdup(f);
	return xasprintf("%s/%s", L->dir, f);
}

static void err(struct ld *, const config_setting_t *, const char *, ...)
	__attribute__((format(printf, 3, 4)));

static void
err(struct ld *L, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	char *msg, *file;
	int line = 0;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	if (s != NULL) {
		file = src_file(L, config_setting_source_file(s));
		line = (int)config_setting_source_line(s);
	} else
		file = xstrdup(L->path);
	diag_add(L->d, file, line, "%s", msg);
	free(file);
	free(msg);
	L->errors++;
}

/* ---- typed access with errors ---- */

static int
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static void
check_keys(struct ld *L, const config_setting_t *g, const char *what,
    const char *const *allowed)
{
	int i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		config_setting_t *c = config_setting_get_elem(g, i);
		const char *nm = config_setting_name(c);
		if (nm != NULL && !in_list(nm, allowed))
			err(L, c, "unknown key '%s' in %s", nm, what);
	}
}

static const char *
get_str(struct ld *L, const config_setting_t *g, const char *key, int req)
{
	config_setting_t *s = config_setting_get_member(g, key);

	if (s == NULL) {
		if (req)
			err(L, g, "missing '%s'", key);
		return NULL;
	}
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		err(L, s, "'%s' must be a string", key);
		return NULL;
	}
	if (req && *config_setting_get_string(s) == '\0') {
		err(L, s, "'%s' must not be empty", key);
		return NULL;
	}
	return pstrdup(L->r, config_setting_get_string(s));
}

static int
get_bool(struct ld *L, const config_setting_t *g, const char *key, int dflt)
{
	config_setting_t *s = config_setting_get_member(g, key);

	if (s == NULL)
		return dflt;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
		err(L, s, "'%s' must be true or false", key);
		return dflt;
	}
	return config_setting_get_bool(s);
}

static int
get_int(struct ld *L, const config_setting_t *g, const char *key, int dflt,
    int min)
{
	config_setting_t *s = config_setting_get_member(g, key);
	int v;

	if (s == NULL)
		return dflt;
	if (config_setting_type(s) != CONFIG_TYPE_INT) {
		err(L, s, "'%s' must be an integer", key);
		return dflt;
	}
	v = config_setting_get_int(s);
	if (v < min) {
		err(L, s, "'%s' must be at least %d", key, min);
		return dflt;
	}
	return v;
}

/* A number (integer or float) in [min, max]; dflt when absent. */
static double
get_num(struct ld *L, const config_setting_t *g, const char *key,
    double dflt, double min, double max)
{
	config_setting_t *s = config_setting_get_member(g, key);
	double v;

	if (s == NULL)
		return dflt;
	if (config_setting_type(s) == CONFIG_TYPE_INT)
		v = config_setting_get_int(s);
	else if (config_setting_type(s) == CONFIG_TYPE_FLOAT)
		v = config_setting_get_float(s);
	else {
		err(L, s, "'%s' must be a number", key);
		return dflt;
	}
	if (v < min || v > max) {
		err(L, s, "'%s' must be from %g to %g", key, min, max);
		return dflt;
	}
	return v;
}

/* An array of strings (or, with one_ok, a single string), copied into a
 * NULL-terminated array.  Returns the count; *out NULL when absent. */
static size_t
get_strs(struct ld *L, const config_setting_t *s, const char *key,
    int one_ok, const char ***out)
{
	const char **v;
	int i, n;

	*out = NULL;
	if (s == NULL)
		return 0;
	if (one_ok && config_setting_type(s) == CONFIG_TYPE_STRING) {
		v = palloc(L->r, 2 * sizeof *v);
		v[0] = pstrdup(L->r, config_setting_get_string(s));
		*out = v;
		return 1;
	}
	if (config_setting_type(s) != CONFIG_TYPE_ARRAY &&
	    !(config_setting_type(s) == CONFIG_TYPE_LIST &&
	    config_setting_length(s) == 0)) {
		err(L, s, "'%s' must be an array of strings [ \"...\" ]", key);
		return 0;
	}
	n = config_setting_length(s);
	v = palloc(L->r, ((size_t)n + 1) * sizeof *v);
	for (i = 0; i < n; i++) {
		config_setting_t *e = config_setting_get_elem(s, i);
		if (config_setting_type(e) != CONFIG_TYPE_STRING) {
			err(L, e, "'%s' must hold strings only", key);
			return 0;
		}
		if (*config_setting_get_string(e) == '\0') {
			err(L, e, "empty string in '%s'", key);
			return 0;
		}
		v[i] = pstrdup(L->r, config_setting_get_string(e));
	}
	*out = v;
	return (size_t)n;
}

static void
check_template(struct ld *L, const config_setting_t *g, const char *key,
    const char *t)
{
	const char *p, *q;

	if (t == NULL)
		return;
	for (p = t; (p = strchr(p, '{')) != NULL; p = q + 1) {
		char nm[64];
		if (p[1] == '{') {
			q = p + 1;
			continue;
		}
		q = strchr(p, '}');
		if (q == NULL) {
			err(L, config_setting_get_member(g, key),
			    "'%s': unterminated placeholder", key);
			return;
		}
		if ((size_t)(q - p - 1) >= sizeof nm) {
			err(L, config_setting_get_member(g, key),
			    "'%s': bad placeholder", key);
			continue;
		}
		memcpy(nm, p + 1, (size_t)(q - p - 1));
		nm[q - p - 1] = '\0';
		if (!in_list(nm, placeholders))
			err(L, config_setting_get_member(g, key),
			    "'%s': unknown placeholder {%s}", key, nm);
	}
}


/* ---- materials.cfg ---- */

static void
load_materials(struct ld *L, config_t *c)
{
	static const char *const top[] = { "materials", "content_match",
	    NULL };
	static const char *const keys[] = { "key", "name", "synonyms",
	    "extensions", "content", "content_words", NULL };
	static const char *const mkeys[] = { "ratio", "words", NULL };
	config_setting_t *root = config_root_setting(c), *m, *cm;
	struct rules *r = L->r;
	int i, n;

	check_keys(L, root, "materials.cfg", top);
	/* Defaults for a schema that predates content words. */
	r->content_ratio = 0.7;
	r->content_words = 2;
	if ((cm = config_setting_get_member(root, "content_match")) != NULL) {
		if (config_setting_type(cm) != CONFIG_TYPE_GROUP)
			err(L, cm, "'content_match' must be a group "
			    "{ ratio = ...; words = ...; }");
		else {
			check_keys(L, cm, "content_match", mkeys);
			r->content_ratio = get_num(L, cm, "ratio", 0.7, 0.01,
			    1.0);
			r->content_words = get_int(L, cm, "words", 2, 1);
		}
	}
	m = config_setting_get_member(root, "materials");
	if (m == NULL || config_setting_type(m) != CONFIG_TYPE_LIST) {
		err(L, m, "'materials' must be a list ( { key = ...; } , ... )");
		return;
	}
	n = config_setting_length(m);
	r->mat = palloc(r, (size_t)n * sizeof *r->mat);
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(m, i);
		struct material mt = { 0 };
		size_t j;

		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			err(L, g, "a material must be a group { ... }");
			continue;
		}
		check_keys(L, g, "a material", keys);
		mt.key = get_str(L, g, "key", 1);
		mt.name = get_str(L, g, "name", 1);
		mt.n_syn = get_strs(L, config_setting_get_member(g, "synonyms"),
		    "synonyms", 0, &mt.syn);
		mt.n_ext = get_strs(L, config_setting_get_member(g,
		    "extensions"), "extensions", 0, &mt.ext);
		mt.n_content = get_strs(L, config_setting_get_member(g,
		    "content"), "content", 0, &mt.content);
		mt.content_words = get_int(L, g, "content_words",
		    r->content_words, 1);
		if (mt.n_content > 0 &&
		    (size_t)mt.content_words > mt.n_content)
			err(L, g, "material '%s': content_words %d is more than "
			    "its %zu content words", mt.key ? mt.key : "?",
			    mt.content_words, mt.n_content);
		if (mt.key == NULL || mt.name == NULL)
			continue;
		if (mt.n_syn == 0 && mt.n_ext == 0) {
			err(L, g, "material '%s' has no synonyms", mt.key);
			continue;
		}
		if (rules_find_material(r, mt.key) != NULL) {
			err(L, g, "material '%s' defined twice", mt.key);
			continue;
		}
		for (j = 0; j < mt.n_syn; j++)
			mt.syn[j] = padopt(r, rules_match_name(mt.syn[j]));
		for (j = 0; j < mt.n_ext; j++) {
			char *e = pstrdup(r, mt.ext[j][0] == '.' ?
			    mt.ext[j] + 1 : mt.ext[j]);
			mt.ext[j] = ascii_lower(e);
		}
		r->mat[r->n_mat++] = mt;
	}
}

/* ---- checklists/ID.cfg ---- */

/* Resolves material keys; unknown ones are errors. */
static struct keylist
keys_of(struct ld *L, const config_setting_t *g, const char *key, int one_ok)
{
	config_setting_t *s = config_setting_get_member(g, key);
	struct keylist kl = { NULL, 0 };
	const char **v;
	size_t i, n;

	n = get_strs(L, s, key, one_ok, &v);
	kl.v = v;
	for (i = 0; i < n; i++) {
		const struct material *m = rules_find_material(L->r, v[i]);
		if (m == NULL)
			err(L, s, "unknown material '%s' in '%s'", v[i], key);
		else
			v[kl.n++] = m->key;
	}
	return kl;
}

static void
add_item(struct rules *r, struct rules_checklist_priv *p,
    const struct material *m, size_t cap)
{
	size_t i;

	for (i = 0; i < p->n_items; i++)
		if (p->items[i] == m)
			return;
	if (p->n_items < cap)
		p->items[p->n_items++] = m;
	(void)r;
}

static void
add_items(struct rules *r, struct rules_checklist_priv *p,
    const struct keylist *kl, size_t cap)
{
	size_t i;

	for (i = 0; i < kl->n; i++)
		add_item(r, p, rules_find_material(r, kl->v[i]), cap);
}

static void
load_rule(struct ld *L, config_setting_t *g, struct rrule *ru,
    struct rules_checklist_priv *p, size_t cap)
{
	static const char *const keys[] = { "need", "any", "times", "when",
	    "when_any", "unless", "key", "name", NULL };
	config_setting_t *any = config_setting_get_member(g, "any");
	int has_need = config_setting_get_member(g, "need") != NULL;
	size_t j;

	check_keys(L, g, "a rule", keys);
	ru->when = keys_of(L, g, "when", 0);
	ru->when_any = keys_of(L, g, "when_any", 0);
	ru->unless = keys_of(L, g, "unless", 0);
	ru->times = get_int(L, g, "times", 1, 1);
	if (has_need == (any != NULL)) {
		err(L, g, "a rule needs exactly one of 'need' and 'any'");
		return;
	}
	if (has_need) {
		ru->need = keys_of(L, g, "need", 1);
		if (ru->need.n == 0)
			err(L, g, "'need' names no material");
		add_items(L->r, p, &ru->need, cap);
		return;
	}
	ru->key = get_str(L, g, "key", 1);
	ru->name = get_str(L, g, "name", 1);
	if (config_setting_type(any) != CONFIG_TYPE_LIST ||
	    config_setting_length(any) == 0) {
		err(L, any, "'any' must be a list of arrays ( [ ... ], [ ... ] )");
		return;
	}
	ru->n_sets = (size_t)config_setting_length(any);
	ru->sets = palloc(L->r, ru->n_sets * sizeof *ru->sets);
	for (j = 0; j < ru->n_sets; j++) {
		config_setting_t *e = config_setting_get_elem(any, (int)j);
		const char **v;
		size_t k, n = get_strs(L, e, "any", 0, &v);
		if (n == 0) {
			err(L, e, "an 'any' set must name materials");
			continue;
		}
		ru->sets[j].v = v;
		for (k = 0; k < n; k++) {
			const struct material *m = rules_find_material(L->r, v[k]);
			if (m == NULL) {
				err(L, e, "unknown material '%s' in 'any'",
				    v[k]);
				continue;
			}
			v[ru->sets[j].n++] = m->key;
			add_item(L->r, p, m, cap);
		}
	}
}

static void
load_checklist(struct ld *L, config_t *c, const char *id)
{
	static const char *const top[] = { "business", "name", "level",
	    "items", "rules", "fallback", NULL };
	config_setting_t *root = config_root_setting(c), *rl;
	struct rules *r = L->r;
	struct rules_checklist *cl = &r->cl[r->n_cl];
	struct rules_checklist_priv *p = palloc(r, sizeof *p);
	const char *level, *fb;
	struct keylist items;
	size_t cap, i;

	check_keys(L, root, "a checklist", top);
	cl->id = pstrdup(r, id);
	cl->file = pstrdup(r, L->path);
	cl->priv = p;
	p->r = r;
	cl->business = get_str(L, root, "business", 1);
	cl->name = get_str(L, root, "name", 1);
	level = get_str(L, root, "level", 1);
	if (level != NULL && strcmp(level, "person") != 0 &&
	    strcmp(level, "unit") != 0)
		err(L, config_setting_get_member(root, "level"),
		    "'level' must be \"person\" or \"unit\"");
	cl->unit_level = level != NULL && strcmp(level, "unit") == 0;
	cap = r->n_mat;
	p->items = palloc(r, (cap + 1) * sizeof *p->items);
	items = keys_of(L, root, "items", 0);
	add_items(r, p, &items, cap);
	if ((fb = get_str(L, root, "fallback", 0)) != NULL) {
		const struct material *m = rules_find_material(r, fb);
		if (m == NULL)
			err(L, config_setting_get_member(root, "fallback"),
			    "unknown material '%s' in 'fallback'", fb);
		else
			p->fallback = m->key;
	}
	rl = config_setting_get_member(root, "rules");
	if (rl == NULL || config_setting_type(rl) != CONFIG_TYPE_LIST ||
	    config_setting_length(rl) == 0) {
		err(L, rl ? rl : root,
		    "'rules' must be a non-empty list ( { need = ...; } )");
	} else {
		p->n_rules = (size_t)config_setting_length(rl);
		p->rules = palloc(r, p->n_rules * sizeof *p->rules);
		for (i = 0; i < p->n_rules; i++) {
			config_setting_t *g = config_setting_get_elem(rl,
			    (int)i);
			if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
				err(L, g, "a rule must be a group { ... }");
				continue;
			}
			load_rule(L, g, &p->rules[i], p, cap);
		}
	}
	r->n_cl++;
}

/* ---- centers/NAME.cfg ---- */

/* A checklist whose file did not parse: already reported, so names that
 * refer to it are not errors again. */
static int
is_broken(const struct rules *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->n_broken; i++)
		if (strcmp(r->broken[i], id) == 0)
			return 1;
	return 0;
}

static int
known_business(const struct rules *r, const char *b)
{
	size_t i;

	for (i = 0; i < r->n_cl; i++)
		if (r->cl[i].business && strcmp(r->cl[i].business, b) == 0)
			return 1;
	return is_broken(r, b);
}

static int
kw_cmp(const void *a, const void *b)
{
	const struct subject_keyword *x = a, *y = b;
	size_t lx = strlen(x->word), ly = strlen(y->word);

	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->word, y->word);
}

/* Counts, then (with kw) fills, the keywords of one group. */
static size_t
load_keywords(struct ld *L, const config_setting_t *g, const char *what,
    struct subject_keyword *kw)
{
	size_t total = 0;
	int i, n;

	if (g == NULL)
		return 0;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		if (kw == NULL)
			err(L, g, "'%s' must be a group { business = [ ... ]; }",
			    what);
		return 0;
	}
	n = config_setting_length(g);
	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, i);
		const char *b = config_setting_name(s), **v;
		size_t j, m;

		if (kw == NULL && !known_business(L->r, b)) {
			err(L, s, "unknown business '%s' in '%s'", b, what);
			continue;
		}
		if (kw == NULL) {
			m = get_strs(L, s, b, 0, &v);
			if (m == 0 && config_setting_type(s) ==
			    CONFIG_TYPE_ARRAY && config_setting_length(s) == 0)
				err(L, s, "empty keyword list for '%s'", b);
			total += m;
			continue;
		}
		if (!known_business(L->r, b))
			continue;
		m = (size_t)config_setting_length(s);
		for (j = 0; j < m; j++) {
			const char *w = config_setting_get_string_elem(s,
			    (int)j);
			if (w == NULL || *w == '\0')
				continue;
			kw[total].word = pstrdup(L->r, w);
			kw[total].business = pstrdup(L->r, b);
			total++;
		}
	}
	return total;
}

/* online = { reply = "..."; businesses = ( { business; name;
 * keywords = [ ... ]; }, ... ); }: validated and counted (kw NULL), then
 * the businesses kept and their keywords filled into kw. */
static size_t
load_online(struct ld *L, const config_setting_t *g, struct rules_center *ce,
    struct subject_keyword *kw)
{
	static const char *const keys[] = { "reply", "businesses", NULL };
	static const char *const bkeys[] = { "business", "name", "keywords",
	    NULL };
	const config_setting_t *bl;
	struct rules_online *ov = NULL;
	size_t total = 0, i, j, n, m;

	if (g == NULL)
		return 0;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		if (kw == NULL)
			err(L, g, "'online' must be a group { reply; "
			    "businesses; }");
		return 0;
	}
	bl = config_setting_get_member(g, "businesses");
	if (bl == NULL || config_setting_type(bl) != CONFIG_TYPE_LIST) {
		if (kw == NULL)
			err(L, bl ? bl : g, "'online.businesses' must be a list "
			    "( { business; name; keywords; } )");
		return 0;
	}
	n = (size_t)config_setting_length(bl);
	if (kw == NULL) {
		check_keys(L, g, "online", keys);
		ce->tpl_online = get_str(L, g, "reply", 1);
		check_template(L, g, "reply", ce->tpl_online);
	} else
		ov = palloc(L->r, (n ? n : 1) * sizeof *ov);
	for (i = 0; i < n; i++) {
		config_setting_t *b = config_setting_get_elem(bl, (int)i);
		const config_setting_t *words_s;
		const char *key, *name, **words;

		if (config_setting_type(b) != CONFIG_TYPE_GROUP) {
			if (kw == NULL)
				err(L, b, "an online business must be a group");
			continue;
		}
		if (kw == NULL) {
			check_keys(L, b, "an online business", bkeys);
			key = get_str(L, b, "business", 1);
			if (key && known_business(L->r, key))
				err(L, b, "business '%s' has a checklist: it "
				    "is not online-only", key);
			get_str(L, b, "name", 1);
			m = get_strs(L, config_setting_get_member(b,
			    "keywords"), "keywords", 0, &words);
			if (m == 0)
				err(L, b, "an online business needs "
				    "'keywords'");
			total += m;
			continue;
		}
		/* Filled quietly: the counting pass reported every error. */
		key = config_setting_get_string(config_setting_get_member(b,
		    "business"));
		name = config_setting_get_string(config_setting_get_member(b,
		    "name"));
		words_s = config_setting_get_member(b, "keywords");
		if (key == NULL || name == NULL || words_s == NULL)
			continue;
		ov[ce->n_online].business = pstrdup(L->r, key);
		ov[ce->n_online].name = pstrdup(L->r, name);
		m = (size_t)config_setting_length(words_s);
		for (j = 0; j < m; j++) {
			const char *w = config_setting_get_string_elem(words_s,
			    (int)j);

			if (w == NULL || *w == '\0')
				continue;
			kw[total].word = pstrdup(L->r, w);
			kw[total].business = ov[ce->n_online].business;
			total++;
		}
		ce->n_online++;
	}
	if (ov)
		ce->online = ov;
	return total;
}

static void
load_subject(struct ld *L, config_setting_t *root, struct rules_center *ce)
{
	static const char *const keys[] = { "kind", "fields", "id_in_subject",
	    NULL };
	static const char *const kinds[] = { "dash", "brackets", "compact",
	    "free", NULL };
	static const char *const fields[] = { "company", "name", "id",
	    "business", NULL };
	config_setting_t *g = config_setting_get_member(root, "subject"), *f;
	const char *kind, **fv;
	size_t i, j, n, nk;
	struct subject_keyword *kw;

	if (g == NULL || config_setting_type(g) != CONFIG_TYPE_GROUP) {
		err(L, g ? g : NULL, "'subject' must be a group { kind = ...; }");
		return;
	}
	check_keys(L, g, "subject", keys);
	ce->id_in_subject = get_bool(L, g, "id_in_subject", 0);
	kind = get_str(L, g, "kind", 1);
	if (kind != NULL) {
		for (i = 0; kinds[i] && strcmp(kinds[i], kind) != 0; i++)
			;
		if (kinds[i] == NULL)
			err(L, config_setting_get_member(g, "kind"),
			    "bad subject kind '%s' (dash, brackets, compact, "
			    "free)", kind);
		else
			ce->subject.kind = (enum subject_kind)i;
	}
	f = config_setting_get_member(g, "fields");
	n = get_strs(L, f, "fields", 0, &fv);
	if (kind && strcmp(kind, "brackets") == 0 && n == 0)
		err(L, g, "a brackets subject needs 'fields'");
	if (kind && strcmp(kind, "brackets") != 0 && n > 0)
		err(L, f, "'fields' is for a brackets subject only");
	if (n > 4)
		err(L, f, "at most 4 'fields'");
	for (i = 0; i < n && i < 4; i++) {
		for (j = 0; fields[j] && strcmp(fields[j], fv[i]) != 0; j++)
			;
		if (fields[j] == NULL) {
			err(L, f, "unknown subject field '%s' (company, name, "
			    "id, business)", fv[i]);
			continue;
		}
		ce->subject.fields[ce->subject.n_fields++] =
		    (enum subject_field)j;
	}
	/* Keywords: validate, count, fill, longest first. */
	nk = load_keywords(L, config_setting_get_member(root, "keywords"),
	    "keywords", NULL);
	nk += load_keywords(L, config_setting_get_member(root,
	    "extra_keywords"), "extra_keywords", NULL);
	if (nk == 0 && ce->subject.kind != SUBJECT_FREE)
		err(L, root, "no business keywords (keywords = { ... })");
	nk += load_online(L, config_setting_get_member(root, "online"), ce,
	    NULL);
	kw = palloc(L->r, (nk + 1) * sizeof *kw);
	n = load_keywords(L, config_setting_get_member(root, "keywords"),
	    "keywords", kw);
	n += load_keywords(L, config_setting_get_member(root,
	    "extra_keywords"), "extra_keywords", kw + n);
	n += load_online(L, config_setting_get_member(root, "online"), ce,
	    kw + n);
	qsort(kw, n, sizeof *kw, kw_cmp);
	ce->subject.keywords = kw;
	ce->subject.n_keywords = n;
}

static void
load_businesses(struct ld *L, config_setting_t *root, struct rules_center *ce)
{
	static const char *const keys[] = { "business", "checklist", "types",
	    "correct_subject", "example_subject", NULL };
	config_setting_t *bl = config_setting_get_member(root, "businesses");
	struct rules_business *bv;
	size_t i, j, n;

	if (bl == NULL || config_setting_type(bl) != CONFIG_TYPE_LIST ||
	    config_setting_length(bl) == 0) {
		err(L, bl ? bl : root, "'businesses' must be a non-empty list "
		    "( { business = ...; } )");
		return;
	}
	n = (size_t)config_setting_length(bl);
	bv = palloc(L->r, n * sizeof *bv);
	for (i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(bl, (int)i);
		struct rules_business *b = &bv[ce->n_businesses];
		const char *cid;
		const struct rules_checklist *cl;

		if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
			err(L, g, "a business must be a group { ... }");
			continue;
		}
		check_keys(L, g, "a business", keys);
		b->business = get_str(L, g, "business", 1);
		cid = get_str(L, g, "checklist", 0);
		b->correct_subject = get_str(L, g, "correct_subject",
		    ce->subject.kind != SUBJECT_FREE);
		b->example_subject = get_str(L, g, "example_subject", 0);
		check_template(L, g, "correct_subject", b->correct_subject);
		b->n_types = get_strs(L, config_setting_get_member(g, "types"),
		    "types", 0, (const char ***)&b->types);
		if (b->n_types == 0)
			err(L, g, "'types' must name allowed MIME types");
		for (j = 0; j < b->n_types; j++)
			if (strchr(b->types[j], '/') == NULL)
				err(L, config_setting_get_member(g, "types"),
				    "'%s' is not a MIME type", b->types[j]);
		if (b->business == NULL)
			continue;
		if (!known_business(L->r, b->business)) {
			err(L, g, "unknown business '%s' (no checklist names "
			    "it)", b->business);
			continue;
		}
		if (rules_center_business(ce, b->business) != NULL) {
			err(L, g, "business '%s' listed twice", b->business);
			continue;
		}
		cl = rules_checklist(L->r, cid ? cid : b->business);
		if (cl == NULL && is_broken(L->r, cid ? cid : b->business))
			continue;
		if (cl == NULL) {
			err(L, g, "unknown checklist '%s'",
			    cid ? cid : b->business);
			continue;
		}
		if (cl->business == NULL ||
		    strcmp(cl->business, b->business) != 0) {
			err(L, g, "checklist '%s' is for business '%s', not "
			    "'%s'", cl->id, cl->business ? cl->business : "?",
			    b->business);
			continue;
		}
		b->checklist = cl;
		ce->businesses = bv;
		ce->n_businesses++;
	}
}

/* Material keys in a list; unknown ones are errors.  Returns the count. */
static size_t
material_keys(struct ld *L, const config_setting_t *g, const char *key,
    const char *const **out)
{
	const char **v;
	size_t i, n = get_strs(L, config_setting_get_member(g, key), key, 0,
	    &v);

	for (i = 0; i < n; i++)
		if (rules_find_material(L->r, v[i]) == NULL)
			err(L, config_setting_get_member(g, key),
			    "unknown material '%s' in '%s'", v[i], key);
	*out = v;
	return n;
}

/* recognition = { unclear = {...}; full_screen = {...}; person_items =
 * [...]; name_ratio = 0.6; } — see centers/minhang.cfg. */
static void
load_recognition(struct ld *L, const config_setting_t *root,
    struct rules_center *ce)
{
	static const char *const keys[] = { "unclear", "full_screen",
	    "person_items", "name_ratio", NULL };
	static const char *const ukeys[] = { "min_long_side",
	    "min_short_side", "min_sharpness", "min_steadiness",
	    "steady_weakest", "min_brightness", "max_brightness",
	    "min_contrast", NULL };
	static const char *const fkeys[] = { "items", "min_long_side",
	    "min_short_side", "min_aspect", "max_aspect", NULL };
	struct rules_recognition *rc = &ce->recognition;
	config_setting_t *g, *u, *f;

	rc->name_ratio = 0.6;
	if ((g = config_setting_get_member(root, "recognition")) == NULL)
		return;
	if (config_setting_type(g) != CONFIG_TYPE_GROUP) {
		err(L, g, "'recognition' must be a group { ... }");
		return;
	}
	check_keys(L, g, "recognition", keys);
	rc->n_person_items = material_keys(L, g, "person_items",
	    &rc->person_items);
	rc->name_ratio = get_num(L, g, "name_ratio", 0.6, 0.01, 1.0);
	if ((u = config_setting_get_member(g, "unclear")) != NULL) {
		if (config_setting_type(u) != CONFIG_TYPE_GROUP)
			err(L, u, "'unclear' must be a group { ... }");
		else {
			check_keys(L, u, "unclear", ukeys);
			rc->unclear.min_long_side = get_int(L, u,
			    "min_long_side", 0, 0);
			rc->unclear.min_short_side = get_int(L, u,
			    "min_short_side", 0, 0);
			rc->unclear.min_sharpness = get_num(L, u,
			    "min_sharpness", 0, 0, 1e9);
			rc->unclear.min_steadiness = get_num(L, u,
			    "min_steadiness", 0, 0, 1);
			rc->unclear.steady_weakest = get_num(L, u,
			    "steady_weakest", 0, 0, 1e9);
			rc->unclear.min_brightness = get_num(L, u,
			    "min_brightness", 0, 0, 255);
			rc->unclear.max_brightness = get_num(L, u,
			    "max_brightness", 0, 0, 255);
			rc->unclear.min_contrast = get_num(L, u,
			    "min_contrast", 0, 0, 255);
		}
	}
	if ((f = config_setting_get_member(g, "full_screen")) != NULL) {
		if (config_setting_type(f) != CONFIG_TYPE_GROUP)
			err(L, f, "'full_screen' must be a group { ... }");
		else {
			check_keys(L, f, "full_screen", fkeys);
			rc->full_screen.n_items = material_keys(L, f, "items",
			    &rc->full_screen.items);
			rc->full_screen.min_long_side = get_int(L, f,
			    "min_long_side", 0, 0);
			rc->full_screen.min_short_side = get_int(L, f,
			    "min_short_side", 0, 0);
			rc->full_screen.min_aspect = get_num(L, f,
			    "min_aspect", 1.0, 1.0, 10.0);
			rc->full_screen.max_aspect = get_num(L, f,
			    "max_aspect", 10.0, 1.0, 10.0);
		}
	}
}

static void
load_center(struct ld *L, config_t *c, const char *stem)
{
	static const char *const top[] = { "name", "display_name",
	    "short_name", "subject", "keywords", "extra_keywords",
	    "per_person_archive", "senders_registered", "ask_contact",
	    "required_fields", "answer_days", "businesses", "templates",
	    "online", "recognition", "reasons", NULL };
	static const char *const tkeys[] = { "receipt", "rejection", "review",
	    "supplement",
	    NULL };
	static const char *const rfields[] = { "name", "id_number", "phone",
	    NULL };
	config_setting_t *root = config_root_setting(c), *t, *rf;
	struct rules *r = L->r;
	struct rules_center *ce = &r->ce[r->n_ce];
	size_t i;

	check_keys(L, root, "a center", top);
	ce->file = pstrdup(r, L->path);
	ce->name = get_str(L, root, "name", 1);
	if (ce->name != NULL && strcmp(ce->name, stem) != 0)
		err(L, config_setting_get_member(root, "name"),
		    "name '%s' differs from the file name '%s'", ce->name,
		    stem);
	ce->name = pstrdup(r, stem);
	ce->display_name = get_str(L, root, "display_name", 1);
	ce->short_name = get_str(L, root, "short_name", 1);
	load_subject(L, root, ce);
	ce->per_person_archive = get_bool(L, root, "per_person_archive", 0);
	ce->senders_registered = get_bool(L, root, "senders_registered", 0);
	ce->ask_contact = get_bool(L, root, "ask_contact", 1);
	ce->answer_days = get_int(L, root, "answer_days", 5, 1);
	rf = config_setting_get_member(root, "required_fields");
	ce->n_required_fields = get_strs(L, rf, "required_fields", 0,
	    (const char ***)&ce->required_fields);
	for (i = 0; i < ce->n_required_fields; i++)
		if (!in_list(ce->required_fields[i], rfields))
			err(L, rf, "unknown body field '%s' (name, id_number, "
			    "phone)", ce->required_fields[i]);
	ce->n_reasons = get_strs(L, config_setting_get_member(root,
	    "reasons"), "reasons", 0, (const char ***)&ce->reasons);
	load_businesses(L, root, ce);
	load_recognition(L, root, ce);
	t = config_setting_get_member(root, "templates");
	if (t == NULL || config_setting_type(t) != CONFIG_TYPE_GROUP) {
		err(L, t ? t : root, "'templates' must be a group "
		    "{ receipt = ...; rejection = ...; review = ...; }");
	} else {
		check_keys(L, t, "templates", tkeys);
		ce->tpl_receipt = get_str(L, t, "receipt", 1);
		ce->tpl_rejection = get_str(L, t, "rejection", 1);
		ce->tpl_review = get_str(L, t, "review", 1);
		check_template(L, t, "receipt", ce->tpl_receipt);
		check_template(L, t, "rejection", ce->tpl_rejection);
		check_template(L, t, "review", ce->tpl_review);
		/* Optional: staff asking for more (intake decide supplement);
		 * the rejection wording serves when a center has none. */
		ce->tpl_supplement = get_str(L, t, "supplement", 0);
		if (ce->tpl_supplement)
			check_template(L, t, "supplement", ce->tpl_supplement);
		else
			ce->tpl_supplement = ce->tpl_rejection;
	}
	r->n_ce++;
}

/* ---- files and directories ---- */

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.cfg names in dir, sorted; NULL-terminated, caller frees. */
static char **
list_cfg(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (e->d_name[0] == '.' || l <= 4 ||
		    strcmp(e->d_name + l - 4, ".cfg") != 0)
			continue;
		xgrow((void **)&v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = xstrndup(e->d_name, l - 4);
	}
	closedir(d);
	if (*n > 0)
		qsort(v, *n, sizeof *v, str_cmp);
	return v;
}

typedef void (*loader_fn)(struct ld *, config_t *, const char *);

/* Returns 0 when the file could not be read or parsed. */
static int
load_file(struct ld *L, const char *path, const char *stem, loader_fn fn)
{
	config_t c;
	int ok = 1;

	L->path = path;
	config_init(&c);
	config_set_include_dir(&c, L->dir);
	if (config_read_file(&c, path) != CONFIG_TRUE) {
		char *f;
		if (config_error_type(&c) == CONFIG_ERR_FILE_IO &&
		    config_error_file(&c) == NULL) {
			diag_add(L->d, path, 0, "cannot read: %s",
			    config_error_text(&c));
		} else {
			f = src_file(L, config_error_file(&c));
			diag_add(L->d, f, config_error_line(&c), "%s",
			    config_error_text(&c));
			free(f);
		}
		L->errors++;
		ok = 0;
	} else
		fn(L, &c, stem);
	config_destroy(&c);
	return ok;
}

static void
load_dir(struct ld *L, const char *sub, loader_fn fn, size_t *count,
    size_t elem, void **arr, int broken)
{
	char *dir = xasprintf("%s/%s", L->dir, sub);
	char **names;
	size_t i, n;

	names = list_cfg(dir, &n);
	if (n == 0) {
		diag_add(L->d, dir, 0, "no *.cfg files");
		L->errors++;
	}
	*arr = palloc(L->r, (n + 1) * elem);
	*count = 0;
	if (broken)
		L->r->broken = palloc(L->r, (n + 1) * sizeof *L->r->broken);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s.cfg", dir, names[i]);
		if (!load_file(L, path, names[i], fn) && broken) {
			L->r->broken[L->r->n_broken++] = pstrdup(L->r,
			    names[i]);
		}
		free(path);
		free(names[i]);
	}
	free(names);
	free(dir);
}

static void
materials_fn(struct ld *L, config_t *c, const char *stem)
{
	(void)stem;
	load_materials(L, c);
}

struct rules *
rules_load(const char *schemas_dir, struct diag *d)
{
	struct rules *r = xcalloc(1, sizeof *r);
	struct ld L = { r, d, schemas_dir, NULL, 0 };
	char *mp = xasprintf("%s/materials.cfg", schemas_dir);
	size_t i, j;

	load_file(&L, mp, "materials", materials_fn);
	free(mp);
	load_dir(&L, "checklists", load_checklist, &r->n_cl, sizeof *r->cl,
	    (void **)&r->cl, 1);
	for (i = 0; i < r->n_cl; i++)
		for (j = 0; j < i; j++)
			if (strcmp(r->cl[i].id, r->cl[j].id) == 0)
				diag_add(d, r->cl[i].file, 0, "checklist '%s' "
				    "defined twice", r->cl[i].id);
	load_dir(&L, "centers", load_center, &r->n_ce, sizeof *r->ce,
	    (void **)&r->ce, 0);
	if (L.errors > 0) {
		rules_free(r);
		return NULL;
	}
	return r;
}

