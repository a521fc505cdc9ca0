/*
 * pdf.c — a PDF's pages (recognize.h) through MuPDF: each page's text
 * layer when it has one; a page without one (a scan) rendered grey and
 * read by ocr.c.  Each page is its own recog_page, so one PDF may hold
 * several materials.
 */
#include <string.h>

#include <mupdf/fitz.h>

#include "recognize-impl.h"
#include "util.h"

/* A page whose text layer has fewer visible characters than this is a
 * scan (an empty or near-empty layer: a page number, a stamp). */
#define TEXT_MIN_CHARS	8
/* Pages read at all, and pages read by OCR (each costs about a second
 * of one core; the reader's time ceiling bounds the rest anyway). */
#define PDF_MAX_PAGES	40
#define PDF_MAX_OCR	8
/* Rendered so that the long side is about what OCR reads best. */
#define RENDER_SIDE	2000.0f
/* MuPDF's cache of decoded objects, within the reader's memory ceiling. */
#define STORE_BYTES	(64u << 20)

/* MuPDF's messages stay out of the log: errors come back as *err. */
static void
quiet(void *user, const char *msg)
{
	(void)user;
	(void)msg;
}

static size_t
visible_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if ((unsigned char)*s > ' ' &&
		    ((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The page's text layer, malloc'd. */
static char *
page_text(fz_context *ctx, fz_page *page)
{
	fz_stext_page *st = NULL;
	fz_buffer *b = NULL;
	char *volatile r = NULL;

	fz_var(st);
	fz_var(b);
	fz_try(ctx) {
		st = fz_new_stext_page_from_page(ctx, page, NULL);
		b = fz_new_buffer_from_stext_page(ctx, st);
		r = xstrdup(fz_string_from_buffer(ctx, b));
	}
	fz_always(ctx) {
		fz_drop_buffer(ctx, b);
		fz_drop_stext_page(ctx, st);
	}
	fz_catch(ctx)
		r = NULL;
	return r;
}

/* The page rendered grey at about RENDER_SIDE on its long side, as a
 * Leptonica image, or NULL. */
static PIX *
page_render(fz_context *ctx, fz_page *page)
{
	fz_pixmap *pm = NULL;
	PIX *volatile pix = NULL;

	fz_var(pm);
	fz_try(ctx) {
		fz_rect r = fz_bound_page(ctx, page);
		float w = r.x1 - r.x0, h = r.y1 - r.y0;
		float side = w > h ? w : h, z;
		int pw, ph, stride, y, x;
		const unsigned char *s;

		if (side <= 0)
			fz_throw(ctx, FZ_ERROR_GENERIC, "empty page");
		z = RENDER_SIDE / side;
		pm = fz_new_pixmap_from_page(ctx, page, fz_scale(z, z),
		    fz_device_gray(ctx), 0);
		pw = fz_pixmap_width(ctx, pm);
		ph = fz_pixmap_height(ctx, pm);
		stride = (int)fz_pixmap_stride(ctx, pm);
		s = fz_pixmap_samples(ctx, pm);
		if (fz_pixmap_components(ctx, pm) != 1 ||
		    (pix = pixCreate(pw, ph, 8)) == NULL)
			fz_throw(ctx, FZ_ERROR_GENERIC, "cannot convert page");
		for (y = 0; y < ph; y++) {
			l_uint32 *line = pixGetData(pix) +
			    (size_t)y * (size_t)pixGetWpl(pix);

			for (x = 0; x < pw; x++)
				SET_DATA_BYTE(line, x, s[(size_t)y * stride + x]);
		}
	}
	fz_always(ctx)
		fz_drop_pixmap(ctx, pm);
	fz_catch(ctx) {
		PIX *p = pix;

		pixDestroy(&p);
		pix = NULL;
	}
	return pix;
}

/* One page into pg; 0, or -1 when the page could not be read at all. */
static int
read_page(struct recog_ocr *o, fz_context *ctx, fz_document *doc, int i,
    int *ocr_left, struct recog_result *out, struct recog_page *pg)
{
	fz_page *volatile page = NULL;
	char *text = NULL;
	PIX *pix = NULL;
	int rc = 0, rot;
	char *err = NULL;

	memset(pg, 0, sizeof *pg);
	fz_try(ctx)
		page = fz_load_page(ctx, doc, i);
	fz_catch(ctx)
		return -1;
	text = page_text(ctx, page);
	if (text != NULL && visible_chars(text) >= TEXT_MIN_CHARS) {
		pg->text = text;
		recog_page_person(pg);
		goto out;
	}
	free(text);
	if (*ocr_left <= 0 || (pix = page_render(ctx, page)) == NULL) {
		pg->text = xstrdup("");
		goto out;
	}
	(*ocr_left)--;
	if (recog_ocr_page(o, pix, pg, &rot, &err) != 0) {
		free(err);
		pg->text = xstrdup("");
	} else if (out->rotation == 0)
		out->rotation = rot;
	pixDestroy(&pix);
out:
	fz_drop_page(ctx, page);
	return rc;
}

int
recog_pdf_read(struct recog_ocr *o, const void *data, size_t len,
    struct recog_result *out, char **err)
{
	fz_context *ctx;
	fz_stream *volatile stm = NULL;
	fz_document *volatile doc = NULL;
	volatile int n = 0;
	int i, ocr_left = PDF_MAX_OCR;

	if ((ctx = fz_new_context(NULL, NULL, STORE_BYTES)) == NULL) {
		*err = xstrdup("cannot start MuPDF");
		return -1;
	}
	fz_set_warning_callback(ctx, quiet, NULL);
	fz_set_error_callback(ctx, quiet, NULL);
	fz_try(ctx) {
		fz_register_document_handlers(ctx);
		stm = fz_open_memory(ctx, data, len);
		doc = fz_open_document_with_stream(ctx, "application/pdf",
		    stm);
		if (fz_needs_password(ctx, doc))
			fz_throw(ctx, FZ_ERROR_GENERIC, "encrypted");
		n = fz_count_pages(ctx, doc);
	}
	fz_catch(ctx) {
		*err = xasprintf("the PDF could not be opened: %s",
		    fz_caught_message(ctx));
		fz_drop_document(ctx, doc);
		fz_drop_stream(ctx, stm);
		fz_drop_context(ctx);
		return -1;
	}
	if (n > PDF_MAX_PAGES)
		n = PDF_MAX_PAGES;
	out->pages = xcalloc(n > 0 ? (size_t)n : 1, sizeof *out->pages);
	for (i = 0; i < n; i++) {
		struct recog_page *pg = &out->pages[out->n_pages];

		if (read_page(o, ctx, doc, i, &ocr_left, out, pg) == 0)
			out->n_pages++;
	}
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	fz_drop_context(ctx);
	return 0;
}
