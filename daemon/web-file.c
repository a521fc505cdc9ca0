/*
 * web-file.c — GET /file/FILEID and GET /submission/ID/file/FILEID: one
 * stored file, found by the id the records give it (never by a path from
 * the URL: web.c's patterns let only digits through), only to a signed-in
 * account; the second form only when the file belongs to submission ID.
 * Types a browser could run (HTML, SVG, anything not known safe) are sent
 * as a download of application/octet-stream; ?download=1 makes any file a
 * download.  Every view and download is an audit row.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "spool.h"
#include "records-staff.h"
#include "records-web.h"
#include "web.h"

/* Shown in the browser, not run by it. */
static const char *const inline_types[] = {
	"image/jpeg", "image/png", "image/gif", "image/webp",
	"application/pdf", "text/plain", NULL,
};

/* Sent with their own type, as downloads: nothing a browser runs. */
static const char *const download_types[] = {
	"image/heic", "image/heif", "image/tiff", "image/bmp",
	"application/zip", "application/x-7z-compressed", "application/x-rar",
	"application/vnd.rar", "application/x-tar", "application/gzip",
	"application/msword", "application/vnd.ms-excel",
	"application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "document",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	NULL,
};

/* type's entry in list (static, outlives the request), or NULL. */
static const char *
listed(const char *const *list, const char *type)
{
	for (; type != NULL && *list; list++)
		if (strcmp(type, *list) == 0)
			return *list;
	return NULL;
}

/* RFC 6266: an ASCII fallback name and the UTF-8 name percent-encoded
 * (RFC 8187 attr-chars kept); malloc'd. */
static char *
disposition(const char *how, const char *name)
{
	static const char keep[] = "!#$&+-.^_`|~";
	struct buf ascii = { 0 }, utf = { 0 };
	const unsigned char *p;
	char *s;

	/* the sender's name may carry the archive's folders */
	if (name != NULL && strrchr(name, '/') != NULL)
		name = strrchr(name, '/') + 1;
	if (name == NULL || *name == '\0')
		name = "file";
	for (p = (const unsigned char *)name; *p; p++) {
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			buf_add(&ascii, p, 1);
		else
			buf_add(&ascii, "_", 1);
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || (*p && strchr(keep, *p)))
			buf_add(&utf, p, 1);
		else
			buf_addf(&utf, "%%%02X", *p);
	}
	s = xasprintf("%s; filename=\"%s\"; filename*=UTF-8''%s", how,
	    ascii.data, utf.data);
	buf_free(&ascii);
	buf_free(&utf);
	return s;
}

int
web_file(struct web_req *r, struct web_resp *resp)
{
	long long sub = r->nid == 2 ? r->id[0] : 0;
	long long fid = r->nid == 2 ? r->id[1] : r->id[0];
	const char *dl = web_query(r, "download");
	struct records_file *f = NULL;
	char *err = NULL, *target, *detail;
	int found, download, fd;

	if ((found = staff_file_get(web_records(r), fid, &f, &err)) < 0) {
		log_error("event=web_file_failed file=%lld error=\"%s\"", fid,
		    err);
		free(err);
		return -1;
	}
	/* one answer for every file not to be had: nothing tells an id
	 * that exists elsewhere from one that does not */
	if (!found || (sub != 0 && f->submission != sub) || f->path == NULL) {
		records_file_free(f);
		return web_fail(r, resp, 404, "没有这个文件。");
	}
	if ((fd = spool_open_file(web_spool(r), f->path, &resp->size,
	    &err)) < 0) {
		log_error("event=web_file_missing file=%lld error=\"%s\"", fid,
		    err);
		free(err);
		records_file_free(f);
		return web_fail(r, resp, 404, "该文件已不在存储中，请联系管理员"
		    "。");
	}
	resp->fd = fd;
	/* resp->type must outlive the handler: a list's, never f->type */
	if ((resp->type = listed(inline_types, f->type)) != NULL)
		download = dl != NULL && strcmp(dl, "1") == 0;
	else if ((resp->type = listed(download_types, f->type)) != NULL)
		download = 1;
	else {
		resp->type = "application/octet-stream";
		download = 1;
	}
	if (strcmp(resp->type, "text/plain") == 0)
		resp->type = "text/plain; charset=utf-8";
	resp->disposition = disposition(download ? "attachment" : "inline",
	    f->name);
	target = xasprintf("%lld", f->submission);
	detail = xasprintf("file %lld %s", fid, download ? "download" :
	    "view");
	found = web_audit(r, download ? "download" : "view-file", target,
	    detail);
	free(target);
	free(detail);
	records_file_free(f);
	/* no audit row, no file: every look at personal data is on record */
	return found == 0 ? 0 : -1;
}
