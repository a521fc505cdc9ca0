/*
 * ocr.c — one image read by Tesseract (recognize.h): grey, scaled to
 * about OCR_SIDE px on its long side, sparse-text segmentation; turned a
 * quarter at a time when the read finds little; and on a page that shows
 * an ID card's or residence permit's labels, a second, targeted read of
 * the person: the ID number's line (digits and X only) when the first
 * read holds no number that passes the check character, and the name
 * right of 姓名 — each line cut out, turned level, scaled and read as
 * one line, grey and binarized (Leptonica's Sauvola, Otsu).
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tesseract/capi.h>

#include "recognize-impl.h"
#include "textmatch.h"
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
/* Lines with ID_FRAG_DIGITS digits may be (pieces of: a sparse read cuts
 * a long number up) the ID number the first read missed: the
 * ID_LINES_MAX with the most digits are read again. */
#define ID_FRAG_DIGITS	5
#define ID_LINES_MAX	4
/* A line read again is cut LINE_BAND % of its character height high,
 * turned level and scaled to characters of ID_PX pixels (digits), of
 * each NAME_PX (Han: two sizes, the name most reads agree on is kept);
 * the sizes Tesseract read best on photographed cards. */
#define LINE_BAND	160
#define ID_PX		40
#define NAME_PX		{ 32, 44 }
#define NAME_READS	4	/* sizes x (grey, Sauvola) */
/* Sauvola's window half-width at ID_PX: about a stroke's surroundings */
#define SAUVOLA_HALF	16
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

/* Tesseract's messages go to the file named by its global `debug_file`
 * variable, opened for writing by the first message (which the confined
 * reader's seccomp filter and Landlock both refuse; it then falls back
 * to stderr).  A handle told to load models from a directory
 * that does not exist says so through that file, opening it here. */
void
recog_ocr_quiet(void)
{
	static int done;
	TessBaseAPI *api;

	if (done || (api = TessBaseAPICreate()) == NULL)
		return;
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	(void)TessBaseAPIInit3(api, "/nonexistent/intake-no-models", "none");
	TessBaseAPIDelete(api);
	done = 1;
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

/* Han characters standing in runs of at least HAN_RUN: what a read of
 * upright text yields (words, names, addresses).  A page read sideways
 * or upside down yields Han characters too — a turned character looks
 * like another — but scattered one or two at a time. */
#define HAN_RUN	3

static size_t
count_han(const char *t)
{
	size_t n = 0, run = 0, l;
	uint32_t c;

	for (;; t += l) {
		l = utf8_next(t, &c);
		if (l != 0 && ((c >= 0x4E00 && c <= 0x9FFF) ||
		    (c >= 0x3400 && c <= 0x4DBF))) {
			run++;
			continue;
		}
		if (run >= HAN_RUN)
			n += run;
		run = 0;
		if (l == 0)
			break;
	}
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

/* A line the first read found, to be read again on its own. */
struct cand {
	struct box	 b;
	double		 slope;		/* of its baseline, dy/dx */
	int		 digits;	/* the first read found in it */
};

/* Where a second, narrower look may find what the whole-image read
 * garbled: lines with digits (the ID number, or pieces of it: sparse
 * reads cut a long number into several lines), and the 姓名 label (the
 * name right of it), else the 性别 label (姓名 is printed right above
 * it, on the ID card as on the residence permit). */
struct targets {
	struct cand	 id[ID_LINES_MAX];	/* most digits first */
	size_t		 n_id;
	struct box	 label;
	int		 has_label;
	struct box	 sex;
	int		 has_sex;
	double		 slope;		/* the widest line's: the card's tilt */
	int		 slope_w;
};

/* Keeps the line among the ID_LINES_MAX with the most digits. */
static void
add_id_line(struct targets *tg, const struct box *b, double slope,
    int digits)
{
	size_t at = tg->n_id, j;

	while (at > 0 && tg->id[at - 1].digits < digits)
		at--;
	if (at >= ID_LINES_MAX)
		return;
	if (tg->n_id == ID_LINES_MAX)
		tg->n_id--;
	for (j = tg->n_id; j > at; j--)
		tg->id[j] = tg->id[j - 1];
	tg->id[at].b = *b;
	tg->id[at].slope = slope;
	tg->id[at].digits = digits;
	tg->n_id++;
}

static double
baseline_slope(TessPageIterator *pi, TessPageIteratorLevel level)
{
	int x1, y1, x2, y2;

	if (!TessPageIteratorBaseline(pi, level, &x1, &y1, &x2, &y2) ||
	    x2 == x1)
		return 0;
	return (double)(y2 - y1) / (double)(x2 - x1);
}

/* Where the 姓名 label the read garbled stands: in the row right above
 * 性别 (the nearest word there, the card's tilt taken out, where the
 * label or the name is), 性别's width from its left. */
static void
label_above_sex(TessResultIterator *it, TessPageIterator *pi,
    struct targets *tg)
{
	const struct box *s = &tg->sex;
	int lh = s->b - s->t;
	double best = -1e9, mid;
	struct box b;

	TessPageIteratorBegin(pi);
	do {
		if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &b.l, &b.t,
		    &b.r, &b.b))
			continue;
		/* level with 性别: the card's tilt taken out */
		mid = (b.t + b.b) / 2.0 - tg->slope * ((b.l + b.r) / 2.0 - s->l);
		if (mid > s->t - lh / 4.0 || mid < s->t - 4.0 * lh ||
		    b.r < s->l - lh || b.l > s->r + 12 * lh || mid <= best)
			continue;
		best = mid;
		tg->label.l = s->l;
		tg->label.r = s->r;
		tg->label.t = (int)(mid - lh / 2.0 +
		    tg->slope * (s->r - s->l) / 2.0);
		tg->label.b = tg->label.t + lh;
		tg->has_label = 1;
	} while (TessResultIteratorNext(it, RIL_WORD));
}

static void
find_targets(TessBaseAPI *api, int want_id, struct targets *tg)
{
	TessResultIterator *it;
	TessPageIterator *pi;
	struct box prev = { 0, 0, 0, 0 };
	int prev_xing = 0, prev_sex = 0;

	memset(tg, 0, sizeof *tg);
	if ((it = TessBaseAPIGetIterator(api)) == NULL)
		return;
	pi = TessResultIteratorGetPageIterator(it);
	do {
		char *line;
		struct box b;
		int k;

		line = TessResultIteratorGetUTF8Text(it, RIL_TEXTLINE);
		if (line != NULL && utf8_width(line) >= 8 &&
		    TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &b.l, &b.t,
		    &b.r, &b.b) && b.r - b.l > tg->slope_w) {
			tg->slope_w = b.r - b.l;
			tg->slope = baseline_slope(pi, RIL_TEXTLINE);
		}
		if (want_id && line != NULL && (k = (int)count_digits(line)) >=
		    ID_FRAG_DIGITS && TessPageIteratorBoundingBox(pi,
		    RIL_TEXTLINE, &b.l, &b.t, &b.r, &b.b))
			add_id_line(tg, &b, baseline_slope(pi, RIL_TEXTLINE),
			    k);
		if (line)
			TessDeleteText(line);
	} while (TessResultIteratorNext(it, RIL_TEXTLINE));
	TessPageIteratorBegin(pi);
	do {
		char *word;
		struct box b;

		if (tg->has_label)
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
			} else if (!tg->has_sex && strstr(word, "性别")) {
				tg->sex = b;
				tg->has_sex = 1;
			} else if (!tg->has_sex && prev_sex &&
			    strncmp(word, "别", 3) == 0) {
				tg->sex = prev;
				tg->sex.r = b.r;
				tg->has_sex = 1;
			}
			prev_xing = strcmp(word, "姓") == 0;
			prev_sex = strcmp(word, "性") == 0;
			prev = b;
		}
		if (word)
			TessDeleteText(word);
	} while (TessResultIteratorNext(it, RIL_WORD));
	if (tg->n_id > 0)
		tg->slope = tg->id[0].slope;
	if (!tg->has_label && tg->has_sex)
		label_above_sex(it, pi, tg);
	TessResultIteratorDelete(it);
}

/* A line of in cut out level: centred on (cx, cy), hw wide either side,
 * its characters ch high, its baseline's slope; turned by that slope,
 * cut to a band band_pct % of ch high around the line and scaled to
 * characters line_px high.  Grey; NULL when nothing is left. */
static PIX *
level_line(PIX *in, double cx, double cy, double hw, double slope,
    double ch, int band_pct, int line_px)
{
	double ang = atan(slope), mv = ch + hw * fabs(slope), f, rx, ry;
	int l = (int)(cx - hw), t = (int)(cy - mv), r = (int)(cx + hw),
	    b = (int)(cy + mv), W = pixGetWidth(in), H = pixGetHeight(in);
	int bandh = (int)(ch * band_pct / 100.0);
	PIX *c, *g, *rot, *band, *out;
	BOX *bx;

	l = l < 0 ? 0 : l;
	t = t < 0 ? 0 : t;
	r = r > W ? W : r;
	b = b > H ? H : b;
	if (r - l < 8 || b - t < 8 || ch < 4 ||
	    (bx = boxCreate(l, t, r - l, b - t)) == NULL)
		return NULL;
	c = pixClipRectangle(in, bx, NULL);
	boxDestroy(&bx);
	g = c ? pixConvertTo8(c, 0) : NULL;
	pixDestroy(&c);
	if (g == NULL)
		return NULL;
	rot = fabs(ang) > 0.005 ? pixRotate(g, (float)-ang,
	    L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0) : pixClone(g);
	pixDestroy(&g);
	if (rot == NULL)
		return NULL;
	/* the line's centre, turned about the cut's centre (pixRotate keeps
	 * the size) */
	rx = cx - l - (r - l) / 2.0;
	ry = cy - t - (b - t) / 2.0;
	ry = sin(-ang) * rx + cos(-ang) * ry + (b - t) / 2.0;
	bx = boxCreate(0, (int)(ry - bandh / 2.0), pixGetWidth(rot), bandh);
	band = bx ? pixClipRectangle(rot, bx, NULL) : NULL;
	boxDestroy(&bx);
	pixDestroy(&rot);
	if (band == NULL)
		return NULL;
	f = line_px / ch;
	f = f > 4 ? 4 : f < 0.25 ? 0.25 : f;
	out = f > 0.95 && f < 1.05 ? pixClone(band) : f < 1 ?
	    pixScaleAreaMap(band, (float)f, (float)f) :
	    pixScaleGrayLI(band, (float)f, (float)f);
	pixDestroy(&band);
	return out;
}

/* The ways a level line is read: as it is, and binarized two ways.
 * Sauvola's local threshold follows uneven light; Otsu after background
 * normalization holds faint strokes that Sauvola breaks. */
enum look { LOOK_GREY, LOOK_SAUVOLA, LOOK_OTSU, LOOKS };

/* Reads line as one line of text, seen the look way; malloc'd text
 * (NULL when the look could not be made), its mean confidence in
 * *conf. */
static char *
read_line(TessBaseAPI *api, PIX *line, enum look look, int *conf)
{
	PIX *bin = NULL, *framed;
	char *t;

	*conf = 0;
	if (look == LOOK_SAUVOLA && pixSauvolaBinarize(line,
	    SAUVOLA_HALF, 0.3f, 1, NULL, NULL, NULL, &bin) != 0)
		return NULL;
	if (look == LOOK_OTSU && (bin = pixOtsuThreshOnBackgroundNorm(line,
	    NULL, 10, 15, 100, 50, 255, 2, 2, 0.1f, NULL)) == NULL)
		return NULL;
	/* a white frame: Tesseract reads a line touching the edge worse */
	framed = pixAddBorderGeneral(bin ? bin : line, 16, 16, 16, 16,
	    bin ? 0 : 255);
	pixDestroy(&bin);
	if (framed == NULL)
		return NULL;
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetImage2(api, framed);
	TessBaseAPISetSourceResolution(api, 300);
	pixDestroy(&framed);
	t = read_text(api, conf);
	return t;
}

/* The character height of a line whose box is tilted by slope. */
static double
char_height(const struct box *b, double slope)
{
	int lh = b->b - b->t;
	double ch = lh - fabs(slope) * (b->r - b->l);

	return ch < lh / 3.0 ? lh / 3.0 : ch;
}

/* The ID number's lines again, each on its own and level, digits and X
 * only, until one reads as a number whose check character is right.  A
 * line is widened to hold a whole number (18 digits, about 0.8 of the
 * character height each) around what the first read found of it. */
static void
read_id(TessBaseAPI *api, PIX *in, const struct targets *tg,
    struct recog_page *pg)
{
	size_t i;
	int look, conf;

	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "0123456789X");
	for (i = 0; i < tg->n_id && pg->id_number[0] == '\0'; i++) {
		const struct cand *c = &tg->id[i];
		double ch = char_height(&c->b, c->slope);
		double hw = (c->b.r - c->b.l) / 2.0 +
		    (20 - c->digits) * ch * 0.8;
		PIX *line;

		if (hw < (c->b.r - c->b.l) / 2.0 + 2 * (c->b.b - c->b.t))
			hw = (c->b.r - c->b.l) / 2.0 + 2 * (c->b.b - c->b.t);
		line = level_line(in, (c->b.l + c->b.r) / 2.0,
		    (c->b.t + c->b.b) / 2.0, hw, c->slope, ch,
		    LINE_BAND, ID_PX);
		if (line == NULL)
			continue;
		for (look = 0; look < LOOKS && pg->id_number[0] == '\0';
		    look++) {
			char *t = read_line(api, line, (enum look)look, &conf);

			if (t != NULL)
				(void)recog_find_id(t, pg->id_number);
			free(t);
		}
		pixDestroy(&line);
	}
	TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
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

/* The name right of its label, on its own and level: a name is at most
 * four characters printed larger than the label, some way right of it.
 * Read at two sizes, grey and binarized; the name most reads agree on
 * is kept (the surest of a tie). */
static void
read_name(TessBaseAPI *api, PIX *in, const struct targets *tg,
    double slope, struct recog_page *pg)
{
	const struct box *l = &tg->label;
	double lch = char_height(l, slope), lx = (l->l + l->r) / 2.0;
	double x0 = l->r + lch / 4, x1 = l->r + 12 * lch;
	double cx, cy;
	char *names[NAME_READS];
	int confs[NAME_READS], votes[NAME_READS];
	static const int sizes[] = NAME_PX;
	int look, conf, n = 0, i, j, best = -1;
	size_t k;

	if (x1 > pixGetWidth(in))
		x1 = pixGetWidth(in);
	cx = (x0 + x1) / 2.0;
	cy = (l->t + l->b) / 2.0 + slope * (cx - lx);
	/* A name is Han characters: the English model must not read them
	 * as Latin letters (it does, sure of itself, on short lines). */
	TessBaseAPISetVariable(api, "tessedit_char_blacklist", NAME_NOT);
	for (k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		/* a name is printed larger than its label */
		PIX *line = level_line(in, cx, cy, (x1 - x0) / 2.0, slope,
		    lch * 1.35, LINE_BAND, sizes[k]);

		if (line == NULL)
			continue;
		for (look = LOOK_GREY; look <= LOOK_SAUVOLA &&
		    n < NAME_READS; look++) {
			char *t = read_line(api, line, (enum look)look, &conf);
			char *nm = name_in(t);

			free(t);
			if (nm != NULL) {
				names[n] = nm;
				confs[n++] = conf;
			}
		}
		pixDestroy(&line);
	}
	TessBaseAPISetVariable(api, "tessedit_char_blacklist", "");
	for (i = 0; i < n; i++) {
		votes[i] = 0;
		for (j = 0; j < n; j++)
			if (strcmp(names[i], names[j]) == 0)
				votes[i]++;
		if (best < 0 || votes[i] > votes[best] ||
		    (votes[i] == votes[best] && confs[i] > confs[best]))
			best = i;
	}
	if (best >= 0) {
		free(pg->name);
		pg->name = xstrdup(names[best]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
}

/* The second look (the handle holds the kept read): the ID number's
 * line again on its own, digits and X only (the whole-image read
 * confuses digits with the Han characters around them), and the name
 * right of its label on its own line.  The card's tilt is that of the
 * line with the most digits, else of the widest line (a name is too
 * short to tell it). */
static void
second_look(TessBaseAPI *api, struct recog_page *pg)
{
	struct targets tg;
	PIX *in = TessBaseAPIGetInputImage(api);

	if (in == NULL)
		return;
	in = pixClone(in);	/* the reads below replace the handle's */
	find_targets(api, pg->id_number[0] == '\0', &tg);
	read_id(api, in, &tg, pg);
	if (tg.has_label)
		read_name(api, in, &tg, tg.slope, pg);
	pixDestroy(&in);
}

/* The labels of an ID card's front and a residence permit: a page that
 * shows one of them is looked at again for the person. */
static const char *const card_labels[] = {
	"公民身份号码", "姓名", "性别", "民族", "出生", "住址", "居住证",
	"居住地址",
};

static int
card_like(const char *text)
{
	struct textmatch_text *t = textmatch_prepare(text);
	size_t i;
	int found = 0;

	for (i = 0; i < sizeof card_labels / sizeof card_labels[0] &&
	    !found; i++)
		found = textmatch_found(t, card_labels[i], 0.7) > 0;
	textmatch_free(t);
	return found;
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
	if (card_like(pg->text)) {
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
		second_look(o->api, pg);
	}
out:
	TessBaseAPIClear(o->api);
	pixDestroy(&p);
	return 0;
}
