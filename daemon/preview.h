/*
 * preview.h — the console's picture of a file a sender attached: JPEG and
 * PNG go to the browser as they are (it scales them); the first page of a
 * PDF and a HEIC photo are rendered to PNG (parsers/render.c) in a child
 * process under the archive reader's jail and ceilings (confine.h), so a
 * hostile document can at worst fail its own preview, never the server.
 * For tests, INTAKE_TEST_FAULT "hang:preview" and "escape:preview"
 * (preview.c) show the ceiling and the jail at work.
 */
#ifndef INTAKE_PREVIEW_H
#define INTAKE_PREVIEW_H

#include <stddef.h>

#include "confine.h"

enum preview_how {
	PREVIEW_NONE,		/* no picture: a download link only */
	PREVIEW_AS_IS,		/* image/jpeg, image/png */
	PREVIEW_RENDER,		/* application/pdf, image/heic, image/heif */
};

/* How a file of this content type (libmagic's) is previewed. */
enum preview_how preview_how(const char *type);

/* Renders data (of a PREVIEW_RENDER type) into a PNG that fits max_px
 * square, in a confined child within the ceilings (NULL: defaults).
 * 0 and *png (malloc'd, *png_len bytes), or -1 with *err malloc'd: the
 * document is damaged, or the child crashed, hung past the time ceiling
 * or ran out of its memory. */
int	preview_render(const void *data, size_t len, const char *type,
	    unsigned max_px, const struct worker_ceilings *, char **png,
	    size_t *png_len, char **err);

#endif
