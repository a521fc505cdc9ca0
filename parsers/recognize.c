/*
 * recognize.c — the reading module's entry points (recognize.h): which
 * reader a file goes to, and the person found in a page's text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idnumber.h"
#include "recognize-impl.h"
#include "utf8.h"
#include "util.h"

struct recog {
	struct recog_ocr *ocr;
};

void
recog_prepare(void)
{
	recog_lept_quiet();
	recog_ocr_quiet();
}

struct recog *
recog_open(const char *lang, char **err)
{
	struct recog *r;
	struct recog_ocr *o;

	*err = NULL;
	recog_lept_quiet();
	if ((o = recog_ocr_open(lang ? lang : "chi_sim+eng", err)) == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	r->ocr = o;
	return r;
}

void
recog_close(struct recog *r)
{
	if (r == NULL)
		return;
	recog_ocr_close(r->ocr);
	free(r);
}

/* Image types this Leptonica decodes from memory (HEIC is not one). */
static const char *const image_types[] = {
	"image/jpeg", "image/png", "image/tiff", "image/bmp", "image/x-ms-bmp",
	"image/gif", "image/webp", "image/x-portable-pixmap",
	"image/x-portable-greymap", "image/x-portable-bitmap",
	"image/jp2",
};

int
recog_wants(const char *mime)
{
	size_t i;

	if (mime == NULL)
		return 0;
	if (strcmp(mime, "application/pdf") == 0)
		return 1;
	for (i = 0; i < sizeof image_types / sizeof image_types[0]; i++)
		if (strcmp(mime, image_types[i]) == 0)
			return 1;
	return 0;
}

static PIX *
decode(const void *data, size_t len)
{
	if (data == NULL || len == 0)
		return NULL;
	recog_lept_quiet();
	return pixReadMem(data, len);
}

int
recog_quality(const void *data, size_t len, struct recog_quality *q)
{
	PIX *p;

	memset(q, 0, sizeof *q);
	if ((p = decode(data, len)) == NULL)
		return -1;
	recog_measure(p, q);
	pixDestroy(&p);
	return q->measured ? 0 : -1;
}

/* The result's person: the first page's that has one. */
static void
result_person(struct recog_result *out)
{
	size_t i;

	for (i = 0; i < out->n_pages; i++) {
		struct recog_page *pg = &out->pages[i];

		if (out->id_number[0] == '\0' && pg->id_number[0] != '\0')
			memcpy(out->id_number, pg->id_number, 19);
		if (out->name == NULL && pg->name != NULL)
			out->name = xstrdup(pg->name);
		if (pg->by_ocr)
			out->used_ocr = 1;
	}
}

int
recog_read(struct recog *r, const void *data, size_t len, const char *mime,
    struct recog_result *out, char **err)
{
	PIX *p = NULL;
	int rc = -1;

	memset(out, 0, sizeof *out);
	*err = NULL;
	if (mime != NULL && strcmp(mime, "application/pdf") == 0) {
		rc = recog_pdf_read(r->ocr, data, len, out, err);
		goto done;
	}
	if ((p = decode(data, len)) == NULL) {
		*err = xstrdup("the image could not be decoded");
		return -1;
	}
	if (pixGetWidth(p) < RECOG_MIN_SIDE &&
	    pixGetHeight(p) < RECOG_MIN_SIDE) {
		recog_measure(p, &out->quality);
		out->icon = 1;
		pixDestroy(&p);
		return 1;
	}
	recog_measure(p, &out->quality);
	out->pages = xcalloc(1, sizeof *out->pages);
	out->n_pages = 1;
	rc = recog_ocr_page(r->ocr, p, &out->pages[0], &out->rotation, err);
	pixDestroy(&p);
done:
	if (rc == 0)
		result_person(out);
	return rc;
}

void
recog_result_free(struct recog_result *out)
{
	size_t i;

	if (out == NULL)
		return;
	for (i = 0; i < out->n_pages; i++) {
		free(out->pages[i].text);
		free(out->pages[i].name);
	}
	free(out->pages);
	free(out->name);
	memset(out, 0, sizeof *out);
}

/* ---- the person in a text ---- */

/* What OCR writes for a character of an ID number: the digit or 'X',
 * 0 for a character that breaks the number, ' ' for one skipped inside
 * it (spaces: cards print the number in groups, OCR splits it). */
static char
id_char(uint32_t c)
{
	if (c >= '0' && c <= '9')
		return (char)c;
	if (c >= 0xFF10 && c <= 0xFF19)
		return (char)('0' + (c - 0xFF10));
	switch (c) {
	case 'X': case 'x': case 0xFF38: case 0xFF58: case 0x00D7:
		return 'X';
	case 'O': case 'o': case 'D': case 'Q':
		return '0';
	case 'l': case 'I': case '|': case 'i':
		return '1';
	case ' ': case 0x3000: case '\t':
		return ' ';
	}
	return 0;
}

static int
id_window(const char *run, size_t n, char out[19])
{
	size_t i, k;

	for (i = 0; i + 18 <= n; i++) {
		char cand[19];
		int ok = 1;

		memcpy(cand, run + i, 18);
		cand[18] = '\0';
		/* X only as the check character */
		for (k = 0; k < 17; k++)
			if (cand[k] == 'X')
				ok = 0;
		if (ok && idnumber_check(cand, NULL) == 1) {
			memcpy(out, cand, 19);
			return 1;
		}
	}
	return 0;
}

int
recog_find_id(const char *text, char out[19])
{
	struct buf run = { 0 };
	const char *s = text;
	int found = 0;

	out[0] = '\0';
	if (text == NULL)
		return 0;
	for (;;) {
		uint32_t c = 0;
		size_t l = utf8_next(s, &c);
		char k = l ? id_char(c) : 0;

		if (k != 0 && k != ' ')
			buf_add(&run, &k, 1);
		if (k == 0) {
			if (run.len >= 18 &&
			    (found = id_window(run.data, run.len, out)))
				break;
			run.len = 0;
		}
		if (l == 0)
			break;
		s += l;
	}
	buf_free(&run);
	return found;
}

static int
is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

/* Labels printed on cards after the name: never part of it. */
static const char *const labels[] = {
	"性别", "民族", "出生", "住址", "公民", "身份", "号码", "签发",
	"有效", "居住", "证件",
};

char *
recog_find_name(const char *text)
{
	const char *s, *at;
	struct buf name = { 0 };
	size_t i, nchars = 0, glen = 0;

	if (text == NULL)
		return NULL;
	/* 姓名, or 姓 and 名 with a space between (OCR spacing) */
	for (at = strstr(text, "姓"); at != NULL; at = strstr(at + 3, "姓")) {
		s = at + 3;
		while (*s == ' ')
			s++;
		if (strncmp(s, "名", 3) == 0)
			break;
	}
	if (at == NULL)
		return NULL;
	s += 3;
	/* separators, then Han characters: a group of two or more ends at a
	 * space (what follows is the next label), single characters that
	 * OCR spaced out are joined; a line break ends the name, or is
	 * skipped before it (sparse reads put the name on its own line) */
	for (;;) {
		uint32_t c = 0;
		size_t l = utf8_next(s, &c);

		if (l == 0)
			break;
		if (is_han(c)) {
			buf_add(&name, s, l);
			nchars++;
			glen++;
			if (nchars >= 6)
				break;
		} else if (c == ' ' || c == 0x3000 || c == '\t') {
			if (glen >= 2)
				break;
			glen = 0;
		} else if (c == '\n') {
			if (nchars > 0)
				break;
		} else if (nchars > 0 || (c != ':' && c != 0xFF1A))
			break;
		s += l;
	}
	if (name.data == NULL)
		return NULL;
	/* cut at a label that OCR ran into the name */
	for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		char *p = strstr(name.data, labels[i]);

		if (p != NULL) {
			*p = '\0';
			name.len = (size_t)(p - name.data);
		}
	}
	nchars = 0;
	for (s = name.data; *s; s += utf8_len(s))
		nchars++;
	if (nchars < 2 || nchars > 4) {
		buf_free(&name);
		return NULL;
	}
	return buf_take(&name);
}

void
recog_page_person(struct recog_page *pg)
{
	if (pg->id_number[0] == '\0')
		(void)recog_find_id(pg->text, pg->id_number);
	free(pg->name);
	pg->name = recog_find_name(pg->text);
}
