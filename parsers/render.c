/*
 * render.c — see render.h.  Both decoders hand their pixels to MuPDF,
 * whose PNG writer makes the one output format.
 */
#include "render.h"

#include <libheif/heif.h>
#include <mupdf/fitz.h>
#include <stdint.h>
#include <string.h>

#include "util.h"

int
render_can(const char *type)
{
	return type != NULL && (strcmp(type, "application/pdf") == 0 ||
	    strcmp(type, "image/heic") == 0 ||
	    strcmp(type, "image/heif") == 0);
}

/* The scale that fits w × h into max_px × max_px, never enlarging more
 * than twice (a small scan stays readable, a poster stays small). */
static float
fit(float w, float h, unsigned max_px)
{
	float s;

	if (w <= 0 || h <= 0)
		return 1;
	s = (float)max_px / (w > h ? w : h);
	return s > 2 ? 2 : s;
}

static void
png_of(fz_context *ctx, fz_pixmap *pix, struct buf *png)
{
	fz_buffer *out = fz_new_buffer_from_pixmap_as_png(ctx, pix,
	    fz_default_color_params);
	unsigned char *p;
	size_t n;

	n = fz_buffer_storage(ctx, out, &p);
	buf_add(png, p, n);
	fz_drop_buffer(ctx, out);
}

/* The first page of a PDF. */
static int
render_pdf(fz_context *ctx, const void *data, size_t len, unsigned max_px,
    struct buf *png, char **err)
{
	fz_buffer *in = NULL;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	fz_page *page = NULL;
	fz_pixmap *pix = NULL;
	int rc = 0;

	fz_var(in);
	fz_var(stm);
	fz_var(doc);
	fz_var(page);
	fz_var(pix);
	fz_try(ctx) {
		fz_rect b;

		in = fz_new_buffer_from_shared_data(ctx, data, len);
		stm = fz_open_buffer(ctx, in);
		doc = fz_open_document_with_stream(ctx, "application/pdf",
		    stm);
		if (fz_count_pages(ctx, doc) < 1)
			fz_throw(ctx, FZ_ERROR_GENERIC, "no pages");
		page = fz_load_page(ctx, doc, 0);
		b = fz_bound_page(ctx, page);
		{
			float s = fit(b.x1 - b.x0, b.y1 - b.y0, max_px);

			pix = fz_new_pixmap_from_page(ctx, page,
			    fz_scale(s, s), fz_device_rgb(ctx), 0);
		}
		png_of(ctx, pix, png);
	}
	fz_always(ctx) {
		fz_drop_pixmap(ctx, pix);
		fz_drop_page(ctx, page);
		fz_drop_document(ctx, doc);
		fz_drop_stream(ctx, stm);
		fz_drop_buffer(ctx, in);
	}
	fz_catch(ctx) {
		*err = xasprintf("PDF: %s", fz_caught_message(ctx));
		rc = -1;
	}
	return rc;
}

/* RGB pixels (w × h, stride bytes a row) as PNG. */
static int
pixels_png(fz_context *ctx, int w, int h, int stride, const uint8_t *plane,
    struct buf *png, char **err)
{
	fz_pixmap *pix = NULL;
	int rc = -1;

	fz_var(pix);
	fz_var(rc);
	fz_try(ctx) {
		/* MuPDF only reads the samples: the cast drops libheif's
		 * const for an API that takes plain pointers. */
		pix = fz_new_pixmap_with_data(ctx, fz_device_rgb(ctx), w, h,
		    NULL, 0, stride, (unsigned char *)(uintptr_t)plane);
		png_of(ctx, pix, png);
		rc = 0;
	}
	fz_always(ctx)
		fz_drop_pixmap(ctx, pix);
	fz_catch(ctx)
		*err = xasprintf("HEIC: %s", fz_caught_message(ctx));
	return rc;
}

/* The primary image of a HEIC/HEIF file, decoded to RGB and scaled by
 * libheif, then written by MuPDF. */
static int
render_heif(fz_context *ctx, const void *data, size_t len, unsigned max_px,
    struct buf *png, char **err)
{
	struct heif_context *hc = heif_context_alloc();
	struct heif_image_handle *h = NULL;
	struct heif_image *img = NULL, *small = NULL;
	struct heif_error e;
	const uint8_t *plane;
	int w, hgt, stride, rc = -1;
	float s;

	if (hc == NULL) {
		*err = xstrdup("HEIC: out of memory");
		return -1;
	}
	/* No decoder threads: the jail forbids creating any. */
	heif_context_set_max_decoding_threads(hc, 0);
	e = heif_context_read_from_memory_without_copy(hc, data, len, NULL);
	if (e.code == heif_error_Ok)
		e = heif_context_get_primary_image_handle(hc, &h);
	if (e.code == heif_error_Ok)
		e = heif_decode_image(h, &img, heif_colorspace_RGB,
		    heif_chroma_interleaved_RGB, NULL);
	if (e.code != heif_error_Ok) {
		*err = xasprintf("HEIC: %s", e.message ? e.message : "?");
		goto out;
	}
	w = heif_image_get_width(img, heif_channel_interleaved);
	hgt = heif_image_get_height(img, heif_channel_interleaved);
	s = fit((float)w, (float)hgt, max_px);
	if (s < 1) {
		int sw = (int)(w * s), sh = (int)(hgt * s);

		e = heif_image_scale_image(img, &small, sw > 0 ? sw : 1,
		    sh > 0 ? sh : 1, NULL);
		if (e.code != heif_error_Ok) {
			*err = xasprintf("HEIC: %s", e.message ? e.message :
			    "?");
			goto out;
		}
		heif_image_release(img);
		img = small;
		w = heif_image_get_width(img, heif_channel_interleaved);
		hgt = heif_image_get_height(img, heif_channel_interleaved);
	}
	plane = heif_image_get_plane_readonly(img, heif_channel_interleaved,
	    &stride);
	if (plane == NULL || w <= 0 || hgt <= 0) {
		*err = xstrdup("HEIC: no picture");
		goto out;
	}
	rc = pixels_png(ctx, w, hgt, stride, plane, png, err);
out:
	heif_image_release(img);
	heif_image_handle_release(h);
	heif_context_free(hc);
	return rc;
}

/* MuPDF's messages: the caller gets the one that matters in *err; the
 * rest (repairs of a broken file) would only fill the server's log. */
static void
quiet(void *user, const char *message)
{
	(void)user;
	(void)message;
}

int
render_png(const void *data, size_t len, const char *type, unsigned max_px,
    struct buf *png, char **err)
{
	fz_context *ctx;
	int rc;

	if (!render_can(type)) {
		*err = xasprintf("no preview for %s", type ? type : "?");
		return -1;
	}
	if ((ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT)) == NULL) {
		*err = xstrdup("cannot start MuPDF");
		return -1;
	}
	fz_set_error_callback(ctx, quiet, NULL);
	fz_set_warning_callback(ctx, quiet, NULL);
	if (strcmp(type, "application/pdf") == 0) {
		fz_try(ctx)
			fz_register_document_handlers(ctx);
		fz_catch(ctx) {
			fz_drop_context(ctx);
			*err = xstrdup("cannot start MuPDF");
			return -1;
		}
		rc = render_pdf(ctx, data, len, max_px, png, err);
	} else
		rc = render_heif(ctx, data, len, max_px, png, err);
	fz_drop_context(ctx);
	return rc;
}
