/*
 * ocr.c — one image read by Tesseract (recognize.h): grey, scaled to
 * about OCR_SIDE px on its long side, sparse-text segmentation; turned a
 * quarter at a time when the read finds little; and a second, targeted
 * read of the ID number's line, digits and X only, when the first read
 * holds no number that passes the check character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

#include "recognize-impl.h"
#include "utf8.h"
#include "util.h"

/* Sparse-text modes read cards and forms far better than the default
 * one at this size (issue 18's measurement). */
#define OCR_SIDE	2000
#define OCR_MAX_UP	3.0f	/* a tiny image is not blown up further */
/* A read is useful with this many Han characters at this mean
 * confidence; below, the other rotations are tried. */
#define USEFUL_HAN	8
#define USEFUL_CONF	45
/* Lines with this many digits are ID-number candidates. */
#define ID_LINE_DIGITS	8
#define ID_LINES_MAX	3
/* Never in a name. */
#define NAME_NOT	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
			"0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"

struct recog_ocr {
	TessBaseAPI	*api;
};

/* Debian's Tesseract runs its networks in OpenMP parallel regions
 * (libgomp).  A reader has one core and may not create threads (seccomp
 * denies clone: libgomp would end the process), and OMP_THREAD_LIMIT is
 * read by libgomp when it is loaded, before any code of ours runs; so the
 * regions are made inactive here: with no active level allowed, each runs
 * on the calling thread alone.  Declared here rather than by <omp.h>,
 * which clang (the fuzz build) does not ship. */
extern void omp_set_num_threads(int);
extern void omp_set_max_active_levels(int);

struct recog_ocr *
recog_ocr_open(const char *lang, char **err)
{
	struct recog_ocr *o;

	/* One thread per reader, and for a process that starts after us. */
	setenv("OMP_THREAD_LIMIT", "1", 0);
	omp_set_num_threads(1);
	omp_set_max_active_levels(0);
	o = xcalloc(1, sizeof *o);
	if ((o->api = TessBaseAPICreate()) == NULL) {
		free(o);
		*err = xstrdup("cannot create a Tesseract handle");
		return NULL;
	}
	/* Tesseract's progress chatter ("Estimating resolution") stays out
	 * of the daemon's log. */
	TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
	if (TessBaseAPIInit3(o->api, NULL, lang) != 0) {
		*err = xasprintf("cannot load the Tesseract models \"%s\" "
		    "(tesseract-ocr-chi-sim, tesseract-ocr-eng)", lang);
		recog_ocr_close(o);
		return NULL;
	}
	TessBaseAPISetVariable(o->api, "debug_file", "/dev/null");
	return o;
}

void
recog_ocr_close(struct recog_ocr *o)
{
	if (o == NULL)
		return;
	if (o->api) {
		TessBaseAPIEnd(o->api);
		TessBaseAPIDelete(o->api);
	}
	free(o);
}

/* Grey, at the size Tesseract reads best. */
static PIX *
prepare(PIX *src)
{
	PIX *g, *s;
	int side = pixGetWidth(src) > pixGetHeight(src) ?
	    pixGetWidth(src) : pixGetHeight(src);
	float f;

	if ((g = pixConvertTo8(src, 0)) == NULL || side <= 0)
		return g;
	f = (float)OCR_SIDE / (float)side;
	if (f > OCR_MAX_UP)
		f = OCR_MAX_UP;
	if (f > 0.9f && f < 1.1f)
		return g;
	s = f < 1 ? pixScaleAreaMap(g, f, f) : pixScale(g, f, f);
	pixDestroy(&g);
	return s;
}

static size_t
count_han(const char *t)
{
	size_t n = 0, l;
	uint32_t c;

	for (; (l = utf8_next(t, &c)) != 0; t += l)
		if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
			n++;
	return n;
}

/* The text of the image set in the handle, malloc'd ("" for none). */
static char *
read_text(TessBaseAPI *api, int *conf)
{
	char *t = TessBaseAPIGetUTF8Text(api), *r;

	r = xstrdup(t ? t : "");
	if (t)
		TessDeleteText(t);
	*conf = TessBaseAPIMeanTextConf(api);
	return r;
}

struct attempt {
	char	*text;
	int	 rot;		/* quarters clockwise */
	double	 score;
};

static void
read_turned(TessBaseAPI *api, PIX *p, int quarters, struct attempt *a)
{
	PIX *t = quarters ? pixRotateOrth(p, quarters) : pixClone(p);
	int conf = 0;

	a->rot = quarters;
	a->text = NULL;
	a->score = 0;
	if (t == NULL)
		return;
	TessBaseAPISetPageSegMode(api, PSM_SPARSE_TEXT);
	TessBaseAPISetImage2(api, t);
	TessBaseAPISetSourceResolution(api, 300);
	a->text = read_text(api, &conf);
	a->score = (double)count_han(a->text) * (conf > 0 ? conf : 0) / 100.0;
	pixDestroy(&t);
}

static int
has_text(const char *t)
{
	for (; *t; t++)
		if ((unsigned char)*t > ' ')
			return 1;
	return 0;
}

static int
useful(const struct attempt *a)
{
	return a->score >= USEFUL_HAN * USEFUL_CONF / 100.0;
}

static size_t
count_digits(const char *t)
{
	size_t n = 0;

	for (; *t; t++)
		if ((*t >= '0' && *t <= '9') || *t == 'X' || *t == 'x')
			n++;
	return n;
}

struct box {
	int	 l, t, r, b;
};

/* Where a second, narrower look may find what the whole-image read
 * garbled: lines with many digits (the ID number), and the 姓名 label
 * (the name right of it). */
struct targets {
	struct box	 id[ID_LINES_MAX];
	size_t		 n_id;
	struct box	 label;
	int		 has_label;
	struct box	 value;		/* the words right of the label */
	int		 has_value;
};

/* A word on the label's line, right of it and near: part of the name. */
static void
add_value(struct targets *tg, const struct box *b)
{
	const struct box *l = &tg->label;
	int lh = l->b - l->t, mid = (b->t + b->b) / 2;

	if (mid < l->t - lh / 2 || mid > l->b + lh / 2 || b->l < l->r ||
	    b->l > l->r + 8 * lh)
		return;
	if (!tg->has_value) {
		tg->value = *b;
		tg->has_value = 1;
		return;
	}
	tg->value.l = b->l < tg->value.l ? b->l : tg->value.l;
	tg->value.t = b->t < tg->value.t ? b->t : tg->value.t;
	tg->value.r = b->r > tg->value.r ? b->r : tg->value.r;
	tg->value.b = b->b > tg->value.b ? b->b : tg->value.b;
}

static void
find_targets(TessBaseAPI *api, int want_id, int want_name,
    struct targets *tg)
{
	TessResultIterator *it;
	TessPageIterator *pi;
	struct box prev = { 0, 0, 0, 0 };
	int prev_xing = 0;

	memset(tg, 0, sizeof *tg);
	if ((it = TessBaseAPIGetIterator(api)) == NULL)
		return;
	pi = TessResultIteratorGetPageIterator(it);
	do {
		char *line = TessResultIteratorGetUTF8Text(it, RIL_TEXTLINE);
		struct box b;

		if (want_id && line != NULL && tg->n_id < ID_LINES_MAX &&
		    count_digits(line) >= ID_LINE_DIGITS &&
		    TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &b.l, &b.t,
		    &b.r, &b.b))
			tg->id[tg->n_id++] = b;
		if (line)
			TessDeleteText(line);
	} while (want_id && TessResultIteratorNext(it, RIL_TEXTLINE));
	/* the label first, then the words beside it, wherever the read
	 * put them (a tilted photo's name may come before its label) */
	TessPageIteratorBegin(pi);
	do {
		char *word;
		struct box b;

		if (!want_name || tg->has_label)
			break;
		word = TessResultIteratorGetUTF8Text(it, RIL_WORD);
		if (word != NULL && TessPageIteratorBoundingBox(pi, RIL_WORD,
		    &b.l, &b.t, &b.r, &b.b)) {
			if (strstr(word, "姓名") != NULL) {
				tg->label = b;
				tg->has_label = 1;
			} else if (prev_xing && strncmp(word, "名", 3) == 0) {
				tg->label = prev;
				tg->label.r = b.r;
				tg->has_label = 1;
			}
			prev_xing = strcmp(word, "姓") == 0;
			prev = b;
		}
		if (word)
			TessDeleteText(word);
	} while (TessResultIteratorNext(it, RIL_WORD));
	TessPageIteratorBegin(pi);
	do {
		struct box b;

		if (!tg->has_label)
			break;
		if (TessPageIteratorBoundingBox(pi, RIL_WORD, &b.l, &b.t, &b.r,
		    &b.b))
			add_value(tg, &b);
	} while (TessResultIteratorNext(it, RIL_WORD));
	TessResultIteratorDelete(it);
}

/* Reads the box (clipped to w x h) as one line; malloc'd text. */
static char *
read_box(TessBaseAPI *api, int l, int t, int r, int b, int w, int h,
    int *conf)
{
	*conf = 0;
	l = l < 0 ? 0 : l;
	t = t < 0 ? 0 : t;
	r = r > w ? w : r;
	b = b > h ? h : b;
	if (r - l < 4 || b - t < 4)
		return xstrdup("");
	TessBaseAPISetRectangle(api, l, t, r - l, b - t);
	return read_text(api, conf);
}

/* The name's box cut out and binarized with local thresholds (Sauvola):
 * on photos with uneven light and focus it reads names better than
 * Tesseract's own global threshold.  Replaces the handle's image. */
static char *
read_binarized(TessBaseAPI *api, const struct box *v, int m, int *conf)
{
	PIX *in = TessBaseAPIGetInputImage(api), *c, *g, *bin = NULL;
	BOX *bx;
	char *t;

	*conf = 0;
	if (in == NULL || (bx = boxCreate(v->l - m, v->t - m,
	    v->r - v->l + 2 * m, v->b - v->t + 2 * m)) == NULL)
		return NULL;
	c = pixClipRectangle(in, bx, NULL);
	boxDestroy(&bx);
	if (c == NULL)
		return NULL;
	g = pixConvertTo8(c, 0);
	pixDestroy(&c);
	if (g == NULL || pixGetWidth(g) < 16 || pixGetHeight(g) < 16 ||
	    pixSauvolaBinarize(g, 15, 0.3f, 1, NULL, NULL, NULL, &bin) != 0 ||
	    bin == NULL) {
		pixDestroy(&g);
		return NULL;
	}
	pixDestroy(&g);
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetImage2(api, bin);
	TessBaseAPISetSourceResolution(api, 300);
	pixDestroy(&bin);
	t = read_text(api, conf);
	return t;
}

/* A name in a line read beside the label, or NULL. */
static char *
name_in(const char *line)
{
	char *t, *n;

	if (line == NULL)
		return NULL;
	t = xasprintf("姓名 %s", line);
	n = recog_find_name(t);
	free(t);
	return n;
}

/* The name right of its label, read as one line: the words the sparse
 * read found there, else a box of label heights right of the label.
 * Read binarized first; the grey box when that finds no name. */
static void
read_name(TessBaseAPI *api, const struct targets *tg, int w, int h,
    struct recog_page *pg)
{
	const struct box *l = &tg->label;
	int lh = l->b - l->t, conf;
	struct box v = tg->has_value ? tg->value : *l;
	char *grey, *bin, *name;

	if (!tg->has_value) {	/* a name is at most four characters,
				   printed larger than its label */
		v.l = l->r + lh / 4;
		v.r = l->r + 6 * lh;
		v.t = l->t - lh / 3;
		v.b = l->b + lh / 3;
	}
	/* A name is Han characters: the English model must not read them
	 * as Latin letters (it does, sure of itself, on short lines). */
	TessBaseAPISetVariable(api, "tessedit_char_blacklist", NAME_NOT);
	grey = read_box(api, v.l - lh / 4, v.t - lh / 4, v.r + lh / 4,
	    v.b + lh / 4, w, h, &conf);
	bin = read_binarized(api, &v, lh / 4, &conf);
	TessBaseAPISetVariable(api, "tessedit_char_blacklist", "");
	if ((name = name_in(bin)) == NULL)
		name = name_in(grey);
	free(grey);
	free(bin);
	if (name != NULL) {
		free(pg->name);
		pg->name = name;
	}
}

/* The second look (the handle holds the kept read, w x h): the ID
 * number's line again on its own, digits and X only (the whole-image
 * read confuses digits with the Han characters around them), and the
 * name right of its label on its own line. */
static void
second_look(TessBaseAPI *api, int w, int h, struct recog_page *pg)
{
	struct targets tg;
	size_t i;
	char *text;
	int conf;

	find_targets(api, pg->id_number[0] == '\0',
	    strstr(pg->text, "姓") != NULL, &tg);
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	if (tg.n_id > 0)
		TessBaseAPISetVariable(api, "tessedit_char_whitelist",
		    "0123456789X");
	for (i = 0; i < tg.n_id && pg->id_number[0] == '\0'; i++) {
		/* a margin of half the line's height; to the right edge, as
		 * sparse reads cut long numbers into several lines */
		int m = (tg.id[i].b - tg.id[i].t) / 2 + 2;

		text = read_box(api, tg.id[i].l - m, tg.id[i].t - m, w,
		    tg.id[i].b + m, w, h, &conf);
		(void)recog_find_id(text, pg->id_number);
		free(text);
	}
	if (tg.n_id > 0)
		TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	if (tg.has_label)
		read_name(api, &tg, w, h, pg);
}

/* Rotations too cost a read each: not worth it on an image too blurred
 * for any read (recognize.h's sharpness; a card in focus is in the
 * hundreds). */
#define ROTATE_MIN_SHARPNESS	3.0

int
recog_ocr_page(struct recog_ocr *o, PIX *src, struct recog_page *pg,
    int *rot, char **err)
{
	static const int order[] = { 0, 1, 3, 2 };	/* 0, 90, 270, 180 */
	struct attempt best = { NULL, 0, -1 }, a = { NULL, 0, 0 };
	struct recog_quality q;
	PIX *p, *kept;
	size_t i, tries = sizeof order / sizeof order[0];

	memset(pg, 0, sizeof *pg);
	*rot = 0;
	if ((p = prepare(src)) == NULL) {
		*err = xstrdup("the image could not be converted to grey");
		return -1;
	}
	recog_measure(src, &q);
	if (q.sharpness < ROTATE_MIN_SHARPNESS)
		tries = 1;
	for (i = 0; i < tries; i++) {
		read_turned(o->api, p, order[i], &a);
		if (a.text != NULL && a.score > best.score) {
			free(best.text);
			best = a;
		} else
			free(a.text);
		/* useful; or no text at all: turned, text still reads as
		 * something, so there is none to find */
		if (best.text != NULL && (useful(&best) ||
		    !has_text(best.text)))
			break;
	}
	pg->text = best.text ? best.text : xstrdup("");
	pg->by_ocr = 1;
	*rot = best.rot * 90;
	recog_page_person(pg);
	if ((pg->id_number[0] == '\0' && count_digits(pg->text) >=
	    ID_LINE_DIGITS) || strstr(pg->text, "姓") != NULL) {
		/* the handle holds the last rotation read: the kept one is
		 * read again when another followed it */
		if (a.rot != best.rot) {
			kept = best.rot ? pixRotateOrth(p, best.rot) :
			    pixClone(p);
			if (kept == NULL)
				goto out;
			TessBaseAPISetPageSegMode(o->api, PSM_SPARSE_TEXT);
			TessBaseAPISetImage2(o->api, kept);
			TessBaseAPISetSourceResolution(o->api, 300);
			pixDestroy(&kept);
			if (TessBaseAPIRecognize(o->api, NULL) != 0)
				goto out;
		}
		if (best.rot % 2)
			second_look(o->api, pixGetHeight(p), pixGetWidth(p),
			    pg);
		else
			second_look(o->api, pixGetWidth(p), pixGetHeight(p),
			    pg);
	}
out:
	TessBaseAPIClear(o->api);
	pixDestroy(&p);
	return 0;
}
