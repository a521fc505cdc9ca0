/*
 * filetype.h — what a file really is, by its bytes (libmagic), never by
 * its name: a PDF renamed .jpg is a PDF.
 *
 * One libmagic handle per process (libmagic's strings live in the handle
 * and it says nothing about threads); intake is single-threaded.
 */
#ifndef INTAKE_FILETYPE_H
#define INTAKE_FILETYPE_H

#include <stddef.h>

/* Loads the magic database.  0 on success, -1 with a message on stderr. */
int	 filetype_init(void);
void	 filetype_done(void);

/* MIME type of the bytes, e.g. "image/jpeg"; "application/x-empty" for
 * no bytes; "application/octet-stream" when unknown.  Returns a malloc'd
 * string the caller frees; never NULL. */
char	*filetype_of(const void *buf, size_t len);

/* How many leading bytes libmagic looks at (MAGIC_PARAM_BYTES_MAX, as
 * for a file): typing that head gives the type of the whole. */
size_t	 filetype_head_max(void);

/* 1 when the type is an archive intake opens (zip, 7z, rar, tar, gzip'd
 * tar), else 0. */
int	 filetype_is_archive(const char *mime);
/* 1 for image/... types. */
int	 filetype_is_image(const char *mime);

/* How a person calls this type, in simplified Chinese, for replies:
 * "JPG 图片", "HEIC 照片（苹果手机格式）", "Word 文档", "PDF 文件" ...
 * Returns a static string; never NULL ("未知类型的文件" when unknown). */
const char *filetype_label(const char *mime);

#endif
