/*
 * filetype.c — see filetype.h.
 *
 * The handle uses MAGIC_MIME_TYPE and skips the tests that cannot matter
 * for mail attachments and only cost time on unknown binary (compressed
 * content, tar, ELF, OS/2 apptype, text tokens, CSV, JSON).  Text and
 * encoding checks stay on: without them text comes back as
 * application/octet-stream.  CDF stays on: it is what finds .doc/.xls.
 */
#include "filetype.h"

#include <magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define FILETYPE_FLAGS (MAGIC_MIME_TYPE | MAGIC_ERROR |			\
	    MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_TAR |		\
	    MAGIC_NO_CHECK_ELF | MAGIC_NO_CHECK_APPTYPE |		\
	    MAGIC_NO_CHECK_TOKENS | MAGIC_NO_CHECK_CSV |		\
	    MAGIC_NO_CHECK_JSON)

static magic_t filetype_magic;

int
filetype_init(void)
{
	if (filetype_magic != NULL)
		return 0;
	filetype_magic = magic_open(FILETYPE_FLAGS);
	if (filetype_magic == NULL) {
		fprintf(stderr, "filetype: magic_open failed\n");
		return -1;
	}
	if (magic_load(filetype_magic, NULL) != 0) {
		const char *e = magic_error(filetype_magic);

		fprintf(stderr, "filetype: magic_load: %s\n",
		    e ? e : "unknown error");
		magic_close(filetype_magic);
		filetype_magic = NULL;
		return -1;
	}
	return 0;
}

void
filetype_done(void)
{
	if (filetype_magic != NULL)
		magic_close(filetype_magic);
	filetype_magic = NULL;
}

char *
filetype_of(const void *buf, size_t len)
{
	const char *t;

	if (len == 0)
		return xstrdup("application/x-empty");
	/* Callers that forgot filetype_init still get an answer. */
	if (filetype_magic == NULL && filetype_init() != 0)
		return xstrdup("application/octet-stream");
	/* The head only, as libmagic reads a file: a streamed member is
	 * typed on its head and must get the same answer. */
	if (len > filetype_head_max())
		len = filetype_head_max();
	t = magic_buffer(filetype_magic, buf, len);
	/* The string lives in the handle until the next call: copy it. */
	if (t == NULL || *t == '\0')
		return xstrdup("application/octet-stream");
	return xstrdup(t);
}

size_t
filetype_head_max(void)
{
	size_t n = 0;

	if (filetype_magic == NULL && filetype_init() != 0)
		return 1024 * 1024;
	if (magic_getparam(filetype_magic, MAGIC_PARAM_BYTES_MAX, &n) != 0 ||
	    n == 0)
		n = 1024 * 1024;
	return n;
}

int
filetype_is_archive(const char *mime)
{
	static const char *const arch[] = {
		"application/zip",
		"application/x-zip-compressed",
		"application/x-7z-compressed",
		"application/x-rar",
		"application/vnd.rar",
		"application/x-rar-compressed",
		"application/x-tar",
		"application/x-gtar",		/* GNU tar */
		"application/x-ustar",		/* POSIX tar (bsdtar) */
		/* Any gzip: with MAGIC_NO_CHECK_COMPRESS libmagic does not
		 * look inside, and unpack_archive finds out whether it holds
		 * a tar (anything else is unreadable there). */
		"application/gzip",
		"application/x-gzip",
	};
	size_t i;

	if (mime == NULL)
		return 0;
	for (i = 0; i < sizeof(arch) / sizeof(arch[0]); i++)
		if (strcmp(mime, arch[i]) == 0)
			return 1;
	return 0;
}

int
filetype_is_image(const char *mime)
{
	return mime != NULL && strncmp(mime, "image/", 6) == 0;
}

const char *
filetype_label(const char *mime)
{
	static const struct {
		const char *mime;
		const char *label;
	} labels[] = {
		{ "image/jpeg", "JPG 图片" },
		{ "image/png", "PNG 图片" },
		{ "image/gif", "GIF 图片" },
		{ "image/bmp", "BMP 图片" },
		{ "image/x-ms-bmp", "BMP 图片" },
		{ "image/tiff", "TIFF 图片" },
		{ "image/webp", "WebP 图片" },
		{ "image/heic", "HEIC 照片（苹果手机格式）" },
		{ "image/heif", "HEIC 照片（苹果手机格式）" },
		{ "image/heic-sequence", "HEIC 照片（苹果手机格式）" },
		{ "image/heif-sequence", "HEIC 照片（苹果手机格式）" },
		{ "application/pdf", "PDF 文件" },
		{ "application/msword", "Word 文档" },
		{ "application/vnd.openxmlformats-officedocument."
		    "wordprocessingml.document", "Word 文档" },
		{ "application/vnd.ms-excel", "Excel 表格" },
		{ "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet", "Excel 表格" },
		{ "application/vnd.ms-powerpoint", "PPT 演示文稿" },
		{ "application/vnd.openxmlformats-officedocument."
		    "presentationml.presentation", "PPT 演示文稿" },
		{ "application/zip", "ZIP 压缩包" },
		{ "application/x-zip-compressed", "ZIP 压缩包" },
		{ "application/x-rar", "RAR 压缩包" },
		{ "application/vnd.rar", "RAR 压缩包" },
		{ "application/x-rar-compressed", "RAR 压缩包" },
		{ "application/x-7z-compressed", "7z 压缩包" },
		{ "application/x-tar", "tar 压缩包" },
		{ "application/x-gtar", "tar 压缩包" },
		{ "application/x-ustar", "tar 压缩包" },
		{ "application/gzip", "gz 压缩包" },
		{ "application/x-gzip", "gz 压缩包" },
		{ "application/x-empty", "空文件" },
		{ "message/rfc822", "邮件" },
		{ "text/plain", "文本文件" },
		{ "text/html", "网页文件" },
	};
	size_t i;

	if (mime == NULL)
		return "未知类型的文件";
	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(mime, labels[i].mime) == 0)
			return labels[i].label;
	if (strncmp(mime, "image/", 6) == 0)
		return "图片";
	if (strncmp(mime, "text/", 5) == 0)
		return "文本文件";
	return "未知类型的文件";
}
