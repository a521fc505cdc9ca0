/*
 * web-preview.c — GET /submission/ID/preview/FILEID: the picture the
 * submission page shows of a file, found by the records' id only and
 * only when it belongs to submission ID (as web-file.c does).  JPEG and
 * PNG are sent as they are; the first page of a PDF and a HEIC photo are
 * rendered to PNG in a confined child (preview.h), never in the server.
 * Files do not change once stored, so the last renderings are kept in
 * memory: a page reloaded does not render again.  Every preview is an
 * audit row, like a view of the file.
 */
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "env.h"
#include "log.h"
#include "preview.h"
#include "spool.h"
#include "web-pages.h"
#include "records-staff.h"
#include "records-web.h"

#define PREVIEW_PX	1200	/* fits a screen; the browser scales down */
#define CACHE_SLOTS	32
#define CACHE_BYTES	(32u << 20)	/* all renderings kept, at most */

/* The server runs one thread (web.h): the cache needs no lock. */
static struct {
	long long	 file;
	char		*png;
	size_t		 len;
} cache[CACHE_SLOTS];
static size_t cache_next, cache_total;

static const char *
cached(long long file, size_t *len)
{
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		if (cache[i].file == file && cache[i].png) {
			*len = cache[i].len;
			return cache[i].png;
		}
	return NULL;
}

static void
drop(size_t i)
{
	cache_total -= cache[i].len;
	free(cache[i].png);
	cache[i].png = NULL;
	cache[i].len = 0;
	cache[i].file = 0;
}

/* Kept in the next slot, the oldest ones dropped until the total fits. */
static void
keep(long long file, const char *png, size_t len)
{
	size_t i, j;

	if (len == 0 || len > CACHE_BYTES / 4)
		return;
	i = cache_next++ % CACHE_SLOTS;
	drop(i);
	for (j = 1; cache_total + len > CACHE_BYTES && j < CACHE_SLOTS; j++)
		drop((i + j) % CACHE_SLOTS);
	cache[i].file = file;
	cache[i].png = xmalloc(len);
	memcpy(cache[i].png, png, len);
	cache[i].len = len;
	cache_total += len;
}

static int
audit(struct web_req *r, const struct records_file *f)
{
	char *target = xasprintf("%lld", f->submission);
	char *detail = xasprintf("file %lld preview", f->id);
	int rc = web_audit(r, "view-file", target, detail);

	free(target);
	free(detail);
	return rc;
}

int
web_preview(struct web_req *r, struct web_resp *resp)
{
	const struct env *e = web_env(r);
	struct records_file *f = NULL;
	char *err = NULL, *data = NULL, *png = NULL;
	const char *hit;
	size_t len = 0, plen = 0;
	int found, fd;
	enum preview_how how;

	if ((found = staff_file_get(web_records(r), r->id[1], &f, &err)) < 0) {
		log_error("event=web_preview_failed file=%lld error=\"%s\"",
		    r->id[1], err);
		free(err);
		return -1;
	}
	/* purged submissions' files are not found at all */
	if (!found || f->submission != r->id[0] || f->path == NULL ||
	    (how = preview_how(f->type)) == PREVIEW_NONE) {
		records_file_free(f);
		return web_fail(r, resp, 404, "没有这个文件的预览。");
	}
	if (audit(r, f) != 0) {
		records_file_free(f);
		return -1;
	}
	if (how == PREVIEW_AS_IS) {
		if ((fd = spool_open_file(web_spool(r), f->path, &resp->size,
		    &err)) < 0)
			goto missing;
		resp->fd = fd;
		/* a static string: resp->type outlives f */
		resp->type = strcmp(f->type, "image/png") == 0 ? "image/png" :
		    "image/jpeg";
		records_file_free(f);
		return 0;
	}
	resp->type = "image/png";
	if ((hit = cached(f->id, &plen)) != NULL) {
		buf_add(&resp->body, hit, plen);
		records_file_free(f);
		return 0;
	}
	if ((data = spool_read(web_spool(r), f->path, &len, &err)) == NULL)
		goto missing;
	if (preview_render(data, len, f->type, PREVIEW_PX, &e->cfg->reader,
	    &png, &plen, &err) != 0) {
		log_warn("event=web_preview_failed file=%lld why=\"%s\"", f->id,
		    err);
		free(err);
		free(data);
		records_file_free(f);
		resp->type = NULL;
		return web_fail(r, resp, 422, "无法生成预览，请下载原文件查看。");
	}
	keep(f->id, png, plen);
	buf_add(&resp->body, png, plen);
	free(png);
	free(data);
	records_file_free(f);
	return 0;
missing:
	log_error("event=web_file_missing file=%lld error=\"%s\"", f->id, err);
	free(err);
	records_file_free(f);
	return web_fail(r, resp, 404, "该文件已不在存储中，请联系管理员。");
}
