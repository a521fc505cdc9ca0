/*
 * recognize-impl.h — the inside of the reading module (recognize.h),
 * shared by its files only: recognize.c, quality.c, ocr.c, pdf.c.
 */
#ifndef INTAKE_RECOGNIZE_IMPL_H
#define INTAKE_RECOGNIZE_IMPL_H

#include <leptonica/allheaders.h>

#include "recognize.h"

/* quality.c: the measures of a decoded image of any depth. */
void	 recog_measure(PIX *, struct recog_quality *);
/* Leptonica quiet: its messages go to stderr, ours are returned. */
void	 recog_lept_quiet(void);

/* ocr.c: Tesseract, one handle per reader; recog_ocr_quiet is
 * recog_prepare. */
void	 recog_ocr_quiet(void);
struct recog_ocr;
struct recog_ocr *recog_ocr_open(const char *lang, char **err);
void	 recog_ocr_close(struct recog_ocr *);
/* Reads pix into page (text, by_ocr, id_number, name; page->text is
 * malloc'd, never NULL on success) and the rotation kept into *rot.
 * 0, or -1 with *err. */
int	 recog_ocr_page(struct recog_ocr *, PIX *, struct recog_page *page,
	    int *rot, char **err);

/* pdf.c: every page of a PDF (MuPDF), its text layer or, for a page
 * without one, the page rendered and read by ocr.  0, or -1 with *err
 * when the PDF cannot be opened. */
int	 recog_pdf_read(struct recog_ocr *, const void *, size_t,
	    struct recog_result *, char **err);

/* recognize.c: a page's person from its text. */
void	 recog_page_person(struct recog_page *);

#endif
