/*
 * judge-content.c — what was read from the files (parsers/recognize.h,
 * done in the confined reader) applied to the verdict: the material a
 * document shows beside the one its name names, what is read on it
 * (ID number, name), images too poor to read (file-unclear), and
 * documents of another person (person-mismatch).  The thresholds and the
 * words are the schema's (materials.cfg content, a center's recognition
 * group).  What is read is personal data: it goes into the verdict and
 * the records, never into a log.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "judge.h"
#include "recognize.h"
#include "rules.h"
#include "textmatch.h"
#include "utf8.h"
#include "util.h"

static int
in_keys(const char *key, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; key && i < n; i++)
		if (strcmp(v[i], key) == 0)
			return 1;
	return 0;
}

/* "张三/IMG_0001.jpg" as the reply names a file of a person (a file in
 * the person's folder already says so). */
static char *
file_label(const char *person, const char *file)
{
	size_t n = person ? strlen(person) : 0;

	if (n == 0 || (strncmp(file, person, n) == 0 && file[n] == '/'))
		return xstrdup(file);
	return xasprintf("%s/%s", person, file);
}

/* ---- quality ---- */

/* 1 when a hand that moved smeared the photo: one direction much softer
 * than the others, and not sharp enough to read anyway. */
static int
shaken(const struct rules_unclear *u, const struct recog_quality *q)
{
	return u->min_steadiness > 0 && q->steadiness < u->min_steadiness &&
	    (u->steady_weakest <= 0 || q->weakest < u->steady_weakest);
}

/* Why the image cannot be read well, in the reply's words ("模糊",
 * "拍摄时晃动", "过暗、分辨率过低"); NULL when it can.  Pixel size is not
 * judged for a PDF: its pages were rendered at our resolution, not the
 * sender's. */
static char *
unclear_why(const struct rules_unclear *u, const struct recog_quality *q,
    int is_pdf)
{
	struct buf b = { 0 };
	int lo = q->width > q->height ? q->width : q->height;
	int sh = q->width > q->height ? q->height : q->width;

#define WHY(s) do { if (b.len) buf_adds(&b, "、"); buf_adds(&b, s); } while (0)
	/* A dark or burnt-out photo is also flat and soft: its light is
	 * what to fix, so only that is said. */
	if (u->min_brightness > 0 && q->brightness < u->min_brightness)
		WHY("过暗");
	else if (u->max_brightness > 0 && q->brightness > u->max_brightness)
		WHY("过亮");
	else {
		/* Shaken is said rather than blurred: holding still is
		 * what to fix. */
		if (shaken(u, q))
			WHY("拍摄时晃动、模糊");
		else if (u->min_sharpness > 0 &&
		    q->sharpness < u->min_sharpness)
			WHY("模糊");
		if (u->min_contrast > 0 && q->contrast < u->min_contrast)
			WHY("对比度过低");
	}
	if (!is_pdf && ((u->min_long_side > 0 && lo < u->min_long_side) ||
	    (u->min_short_side > 0 && sh < u->min_short_side)))
		WHY("分辨率过低");
#undef WHY
	return b.len ? buf_take(&b) : NULL;
}

/* 1 when a screenshot shows a whole screen: screen-shaped and at least
 * screen-sized. */
static int
full_screen(const struct rules_full_screen *fs, const struct recog_quality *q)
{
	int lo = q->width > q->height ? q->width : q->height;
	int sh = q->width > q->height ? q->height : q->width;
	double aspect = sh > 0 ? (double)lo / sh : 0;

	return lo >= fs->min_long_side && sh >= fs->min_short_side &&
	    aspect >= fs->min_aspect && aspect <= fs->max_aspect;
}

static int
check_quality(const struct judge_ctx *ctx, struct verdict *v,
    const char *person, struct verdict_file *f)
{
	const struct rules_recognition *rc = &ctx->center->recognition;
	const struct recog_quality *q = &f->recog->quality;
	int is_pdf = f->type && strcmp(f->type, "application/pdf") == 0;
	char *why, *label;
	int unclear = 1;

	if (!q->measured)
		return 0;
	label = file_label(person, f->name);
	/* An icon (a signature's logo) is not asked for again, unless it
	 * stands for a screenshot, whose size is the point. */
	if (!f->recog->icon &&
	    (why = unclear_why(&rc->unclear, q, is_pdf)) != NULL) {
		verdict_add_problem(v, "file-unclear", person, f->name, f->item,
		    "%s %s，请重新拍摄或扫描，保证文字清晰", label, why);
		free(why);
	} else if (!is_pdf && in_keys(f->item, rc->full_screen.items,
	    rc->full_screen.n_items) && !full_screen(&rc->full_screen, q))
		verdict_add_problem(v, "file-unclear", person, f->name, f->item,
		    "%s 不是系统的全屏截图（%d×%d像素），请截取整个屏幕（至少"
		    "%d×%d）后重新发送", label, q->width, q->height,
		    rc->full_screen.min_long_side,
		    rc->full_screen.min_short_side);
	else
		unclear = 0;
	free(label);
	return unclear;
}

/* ---- the material ---- */

/* The material the pages show: the best page's. */
static const char *
content_item(const struct rules_checklist *cl, const struct recog_result *r)
{
	const char *best = NULL, *k;
	size_t i, s, best_s = 0;

	for (i = 0; i < r->n_pages; i++)
		if ((k = rules_classify_content(cl, r->pages[i].text, &s)) &&
		    s > best_s) {
			best = k;
			best_s = s;
		}
	return best;
}

/* Every page is recognised on its own (one PDF may hold the ID card and
 * the contract): a page that clearly shows another material — its
 * words, and none of the file's material's — makes the file that
 * material too (f->also).  A contract's page of party details (姓名,
 * 公民身份号码) still shows 甲方 and 乙方, so it stays the contract's. */
static void
other_pages(const struct judge_ctx *ctx, const struct rules_checklist *cl,
    struct verdict_file *f, const struct recog_result *r)
{
	const char *k;
	size_t i;

	for (i = 0; r->n_pages > 1 && i < r->n_pages; i++)
		if ((k = rules_classify_content(cl, r->pages[i].text, NULL)) &&
		    strcmp(k, f->item) != 0 && rules_checklist_has(cl, k) &&
		    rules_content_shows(ctx->rules, f->item,
		    r->pages[i].text) == 0)
			verdict_file_add_also(f, k);
}

int
judge_content_file(const struct judge_ctx *ctx, struct verdict *v,
    const char *person, const struct rules_checklist *cl,
    struct verdict_file *f, const char *name_item)
{
	const struct recog_result *r = f->recog;
	const char *seen = NULL, *item = name_item, *fallback;
	int by_content = 0;

	/* Off, or unnamed and named: as if it had not been read at all. */
	if (ctx->recognize == CFG_RECOGNIZE_OFF ||
	    (ctx->recognize == CFG_RECOGNIZE_UNNAMED && name_item))
		r = NULL;
	if (r != NULL)
		seen = content_item(cl, r);
	fallback = name_item ? NULL : rules_classify(cl, f->name);
	if (seen && fallback && !rules_checklist_has(cl, seen))
		seen = NULL;	/* Guangzhou's screenshot may show a form */
	if (seen && name_item == NULL)
		by_content = 1;
	else if (seen && strcmp(seen, name_item) != 0) {
		/* Clear disagreement: the content shows another material
		 * and none of the named one's words.  A material that
		 * cannot be seen (no content words) keeps its name. */
		size_t i;
		int shows = -1;

		for (i = 0; i < r->n_pages && shows != 1; i++) {
			int s = rules_content_shows(ctx->rules, name_item,
			    r->pages[i].text);
			if (s >= 0)
				shows = s;
		}
		by_content = shows == 0;
	}
	if (by_content)
		item = seen;
	else if (item == NULL)
		item = fallback;
	verdict_set(&f->item, item);
	verdict_set(&f->item_by, item == NULL ? NULL : by_content ?
	    "content" : "name");
	if (r == NULL)
		return 0;
	if (item != NULL)
		other_pages(ctx, cl, f, r);
	if (r->id_number[0])
		verdict_set(&f->read_id_number, r->id_number);
	verdict_set(&f->read_name, r->name);
	return ctx->center ? check_quality(ctx, v, person, f) : 0;
}

/* ---- the person ---- */

/* 1 when s is 2-4 Han characters, the shape of a name read after 姓名. */
static int
han_name(const char *s)
{
	uint32_t cp;
	size_t k, n = 0;

	for (; (k = utf8_next(s, &cp)) > 0; s += k, n++)
		if (cp < 0x3400 || cp > 0x9fff)
			return 0;
	return n >= 2 && n <= 4;
}

static int
same_id(const char *a, const char *b)
{
	return strlen(a) == strlen(b) && strcasecmp(a, b) == 0;
}

/* 1 when the name read is the person's, allowing OCR a slip. */
static int
same_name(const char *read, const char *name, double ratio)
{
	struct textmatch_text *t = textmatch_prepare(read);
	size_t n, d = textmatch_distance(t, name, &n);
	size_t extra = utf8_width(read) / 2 > n ? utf8_width(read) / 2 - n : 0;

	textmatch_free(t);
	/* Characters read beyond the name count against it too. */
	d += extra;
	return d <= n && (double)(n - d) >= ratio * (double)n - 1e-9;
}

/* The material of f that shows a person (an ID card, a residence
 * permit): its item, or one its other pages show; NULL for none. */
static const char *
person_item(const struct rules_recognition *rc, const struct verdict_file *f)
{
	size_t a;

	if (in_keys(f->item, rc->person_items, rc->n_person_items))
		return f->item;
	for (a = 0; a < f->n_also; a++)
		if (in_keys(f->also[a], rc->person_items, rc->n_person_items))
			return f->also[a];
	return NULL;
}

/* "张三.zip 中的 IMG_0001.jpg", or the file alone. */
static char *
where(const struct verdict_person *p, const struct verdict_file *f)
{
	return p->archive ? xasprintf("%s 中的 %s", p->archive, f->name) :
	    file_label(p->name, f->name);
}

/* 1 when person's file was already found to be another person's. */
static int
reported(const struct verdict *v, const char *person, const char *file)
{
	size_t i;

	for (i = 0; i < v->n_problems; i++)
		if (strcmp(v->problems[i].code, "person-mismatch") == 0 &&
		    v->problems[i].file &&
		    strcmp(v->problems[i].file, file) == 0 &&
		    strcmp(v->problems[i].person ? v->problems[i].person : "",
		    person) == 0)
			return 1;
	return 0;
}

/* The listed person whose name the document shows, other than p. */
static const struct verdict_person *
other_named(const struct verdict *v, const int *is_person,
    const struct verdict_person *p, const char *read, double ratio)
{
	size_t i;

	for (i = 0; i < v->n_persons; i++)
		if (is_person[i] && v->persons[i] != p &&
		    han_name(v->persons[i]->name) &&
		    same_name(read, v->persons[i]->name, ratio))
			return v->persons[i];
	return NULL;
}

void
judge_content_persons(const struct judge_ctx *ctx, struct verdict *v,
    const int *is_person)
{
	const struct rules_recognition *rc;
	size_t i, k, j, l;

	if (ctx->center == NULL || ctx->recognize == CFG_RECOGNIZE_OFF)
		return;
	rc = &ctx->center->recognition;
	for (i = 0; i < v->n_persons; i++) {
		struct verdict_person *p = v->persons[i];

		if (!is_person[i])
			continue;
		for (k = 0; k < p->n_files; k++) {
			struct verdict_file *f = &p->files[k];
			const struct verdict_person *o;
			const char *what, *pi;
			char *at;

			if ((pi = person_item(rc, f)) == NULL)
				continue;
			what = rules_item_name(ctx->rules, pi);
			at = where(p, f);
			if (f->read_id_number && p->id_number &&
			    !same_id(f->read_id_number, p->id_number) &&
			    f->read_name && han_name(f->read_name)) {
				/* Whose it is, when the name was read too. */
				verdict_add_problem(v, "person-mismatch",
				    p->name[0] ? p->name : NULL, f->name,
				    pi, "%s是%s的%s（身份证号%s），不是%s的"
				    "（%s），请核对后重新发送", at, f->read_name,
				    what, f->read_id_number, p->name,
				    p->id_number);
			} else if (f->read_id_number && p->id_number &&
			    !same_id(f->read_id_number, p->id_number)) {
				verdict_add_problem(v, "person-mismatch",
				    p->name[0] ? p->name : NULL, f->name,
				    pi, "%s（%s）上的身份证号是%s，与%s的"
				    "身份证号%s不符，请核对后重新发送", at, what,
				    f->read_id_number, p->name, p->id_number);
			} else if (f->read_name && han_name(p->name) &&
			    !same_name(f->read_name, p->name,
			    rc->name_ratio)) {
				o = other_named(v, is_person, p, f->read_name,
				    rc->name_ratio);
				if (o)
					verdict_add_problem(v,
					    "person-mismatch", p->name,
					    f->name, pi, "%s是%s的%s，"
					    "不是%s的，请放到本人的材料中后重新"
					    "发送", at, o->name, what, p->name);
				else
					verdict_add_problem(v,
					    "person-mismatch", p->name,
					    f->name, pi, "%s（%s）上的姓名是"
					    "%s，不是%s，请核对后重新发送", at,
					    what, f->read_name, p->name);
			}
			free(at);
		}
	}
	/* One ID card in two persons' files: one of them is misfiled. */
	for (i = 0; i < v->n_persons; i++)
		for (k = 0; is_person[i] && k < v->persons[i]->n_files; k++) {
			const struct verdict_file *f = &v->persons[i]->files[k];
			int found = 0;

			if (f->read_id_number == NULL ||
			    person_item(rc, f) == NULL)
				continue;
			for (j = i + 1; j < v->n_persons && !found; j++)
				for (l = 0; is_person[j] &&
				    l < v->persons[j]->n_files && !found; l++) {
					const struct verdict_file *g =
					    &v->persons[j]->files[l];
					char *a, *b;

					if (g->read_id_number == NULL ||
					    !same_id(f->read_id_number,
					    g->read_id_number) ||
					    person_item(rc, g) == NULL)
						continue;
					found = 1;
					/* Said already of one of the two. */
					if (reported(v, v->persons[i]->name,
					    f->name) || reported(v,
					    v->persons[j]->name, g->name))
						continue;
					a = where(v->persons[i], f);
					b = where(v->persons[j], g);
					verdict_add_problem(v,
					    "person-mismatch",
					    v->persons[j]->name[0] ?
					    v->persons[j]->name : NULL,
					    g->name, person_item(rc, g),
					    "%s和%s是同一个人的证件（身份证号%s），两人的材料中"
					    "必有一份放错，请核对后重新发送", a, b,
					    f->read_id_number);
					free(a);
					free(b);
				}
		}
}
