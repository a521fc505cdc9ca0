/*
 * render.h — a preview picture of a document a sender attached: the first
 * page of a PDF (MuPDF) or a HEIC/HEIF photo (libheif), scaled to fit a
 * square of max_px, as PNG (MuPDF's PNG writer).  A pure function over
 * untrusted bytes: the console runs it in a confined child
 * (daemon/preview.c), never in the server process.
 */
#ifndef INTAKE_RENDER_H
#define INTAKE_RENDER_H

#include <stddef.h>

struct buf;

/* 1 when render_png can make a picture of this content type (libmagic's:
 * application/pdf, image/heic, image/heif). */
int	render_can(const char *type);

/* The PNG appended to png; 0, or -1 with *err malloc'd (damaged, empty,
 * or of a type render_can refuses). */
int	render_png(const void *data, size_t len, const char *type,
	    unsigned max_px, struct buf *png, char **err);

#endif
