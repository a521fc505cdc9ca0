/*
 * recognize.h — what a scan or a photo shows: its quality, its text, and
 * the person on it (an ID number that passes GB 11643's check character,
 * the name after 姓名).
 *
 * Images are decoded by Leptonica from memory (JPEG, PNG, TIFF, BMP, GIF,
 * WebP where this Leptonica has it; HEIC is not read), read by Tesseract's
 * C API (sparse-text segmentation, modes 11 and 12, on an image scaled to
 * about 2000 px on its long side; a second rotation when the first read
 * finds nothing useful).  PDFs are read by MuPDF: a page's text layer
 * when it has one, else the page rendered and read like an image.
 *
 * Files of the module, one job each: recognize.c (this API, the person
 * found in text), quality.c (measures), ocr.c (Tesseract), pdf.c (MuPDF).
 *
 * A struct recog holds the loaded models: open it ONCE per reader process
 * (loading chi_sim costs far more than reading one image) and read with
 * it one file after another; it is not for several threads.
 * recog_open keeps Tesseract on the calling thread (one core per reader;
 * a confined reader may not create threads): OpenMP's parallel regions
 * made inactive, OMP_THREAD_LIMIT=1 set unless already set.
 *
 * Personal data: what is read (text, number, name) is never logged here,
 * and error messages never quote it.
 */
#ifndef INTAKE_RECOGNIZE_H
#define INTAKE_RECOGNIZE_H

#include <stddef.h>

/* The measures of an image before reading; a PDF is not measured (its
 * pages are rendered by us, at our size, on white paper whose brightness
 * is not a photo's).  sharpness: the variance of the Laplacian of
 * the grey image scaled to about 1000 px on its long side (higher is
 * sharper; a blurred photo of a card is in the tens, a sharp one in the
 * hundreds or more); weakest: the same for the second difference along
 * the weakest of four directions (across, down, the two diagonals),
 * steadiness: weakest over the strongest direction's (a sharp photo of
 * text is alike every way, 0.45-1; a hand that moved during the shot
 * smears its direction only: under 0.35, the weakest a few units where
 * the Laplacian still reads tens or hundreds); brightness: mean grey,
 * 0-255; contrast: standard deviation of grey. */
struct recog_quality {
	int	 measured;		/* 0: nothing measured (a PDF) */
	int	 width, height;		/* pixels of the original */
	double	 sharpness;
	double	 weakest;
	double	 steadiness;		/* 0-1 */
	double	 brightness;
	double	 contrast;
};

struct recog_page {
	char	*text;			/* UTF-8, never NULL ("" for none) */
	int	 by_ocr;		/* 1 read by OCR; 0 from a PDF's text
					   layer */
	char	 id_number[19];		/* valid (check character right) or "" */
	char	*name;			/* after 姓名, or NULL */
};

struct recog_result {
	struct recog_quality quality;
	struct recog_page *pages;	/* one for an image */
	size_t	 n_pages;
	int	 used_ocr;		/* some page was read by OCR */
	int	 rotation;		/* degrees (clockwise) the image was
					   turned for the read kept: 0 90 180
					   270 */
	int	 icon;			/* 1: under RECOG_MIN_SIDE, measured
					   (quality) and not read (no pages) */
	/* The first page's that has one: */
	char	 id_number[19];		/* valid or "" */
	char	*name;			/* or NULL */
};

struct recog;

/* Readies this process to read before it is confined: Tesseract writes
 * its page-layout chatter ("Detected 94 diacritics") through one message
 * file, the `debug_file` variable, opened at its first message, and a
 * confined reader may open nothing for writing; so /dev/null is made that
 * file now (Tesseract is made to say something, with no models loaded).
 * Without it the chatter reaches the daemon's stderr.  Cheap; idempotent. */
void	 recog_prepare(void);

/* Loads the models for lang ("chi_sim+eng"; NULL: that), from Tesseract's
 * default data directory or $TESSDATA_PREFIX.  NULL with *err (malloc'd)
 * when they cannot be loaded.  Free with recog_close. */
struct recog *recog_open(const char *lang, char **err);
void	 recog_close(struct recog *);

/* 1 when recog_read reads files of this MIME type (images Leptonica
 * decodes, PDF), else 0. */
int	 recog_wants(const char *mime);

/* Measures an image's bytes without reading it (no models needed).
 * 0, or -1 when the bytes are not an image Leptonica decodes. */
int	 recog_quality(const void *data, size_t len, struct recog_quality *);

/* Images smaller than this on their long side are icons, logos and
 * thumbnails (a signature's company logo), not scans: not read. */
#define RECOG_MIN_SIDE	100

/* Reads data (of type mime, by content: filetype_of) into *out, which the
 * caller frees with recog_result_free (also after a failure).  0, or -1
 * with *err (malloc'd, English, for logs) when the file could not be
 * decoded, or 1 for an image under RECOG_MIN_SIDE (nothing read: *out
 * has only its quality, and icon set; a screenshot's size still counts).
 * A file that decodes but shows no text is not an error: its pages have
 * text "". */
int	 recog_read(struct recog *, const void *data, size_t len,
	    const char *mime, struct recog_result *out, char **err);
void	 recog_result_free(struct recog_result *);

/* Pure text functions, also used on a text layer: */
/* The first 18-character run in text (spaces and full-width digits
 * allowed inside; O/o read as 0, l/I as 1) whose check character is
 * right, into out ("" and 0 when none; 1 found). */
int	 recog_find_id(const char *text, char out[19]);
/* The name after 姓名 (2-4 Han characters, separators and spaces
 * skipped), malloc'd, or NULL. */
char	*recog_find_name(const char *text);

#endif
