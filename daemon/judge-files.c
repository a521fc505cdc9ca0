/*
 * judge-files.c — the checks of files and archives shared by the plain
 * pipeline (judge.c) and the center rules (judge-center.c): empty or
 * unreadable files, types not allowed, the same bytes twice, archives
 * that could not be read; and the names and types they go by.  Calls
 * nothing of judge.c or judge-center.c.
 */
#include "judge-files.h"

#include <stdlib.h>
#include <string.h>

#include "filetype.h"
#include "util.h"

char *
judge_member_type(const struct unpack_member *mb)
{
	return mb->type ? xstrdup(mb->type) : filetype_of(mb->data, mb->len);
}

/* The last path component of an archive member or attachment name. */
static const char *
base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* An archive's name without its extension(s): 张三.zip → 张三,
 * 张三.tar.gz → 张三. */
char *
judge_stem(const char *name)
{
	const char *b = base_name(name);
	const char *dot = strrchr(b, '.');
	size_t n;

	if (dot == NULL || dot == b)
		return xstrdup(b);
	n = (size_t)(dot - b);
	if (n > 4 && strncmp(dot - 4, ".tar", 4) == 0)
		n -= 4;
	return xstrndup(b, n);
}

static int
looks_like_image_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	static const char *const ext[] = { ".jpg", ".jpeg", ".png", ".bmp",
	    ".gif", ".tif", ".tiff", ".heic", ".webp", NULL };
	const char *const *e;

	if (dot == NULL)
		return 0;
	for (e = ext; *e; e++)
		if (ascii_casecmp(dot, *e) == 0)
			return 1;
	return 0;
}

static const char *const default_types[] = { "image/jpeg", "image/png",
    "application/pdf", NULL };

static int
type_allowed(const char *type, const char *const *allowed)
{
	for (; *allowed; allowed++)
		if (strcmp(type, *allowed) == 0)
			return 1;
	return 0;
}

/* The allowed types in words, for the reply: "JPG 图片、PDF 文件". */
static char *
allowed_words(const char *const *allowed)
{
	struct buf b = { 0 };

	for (; *allowed; allowed++) {
		if (b.len)
			buf_adds(&b, "、");
		buf_adds(&b, filetype_label(*allowed));
	}
	return buf_take(&b);
}

void
judge_check_files(struct judgment *j, size_t i, const char *const *allowed)
{
	struct verdict *v = j->verdict;
	struct verdict_person *p = v->persons[i];
	const char *who = p->name[0] ? p->name : NULL;
	size_t k, pi, pk;

	if (allowed == NULL)
		allowed = default_types;
	{
		for (k = 0; k < p->n_files; k++) {
			struct verdict_file *f = &p->files[k];
			int dup = 0;

			if (f->bytes == 0 ||
			    strcmp(f->type, "application/x-empty") == 0) {
				verdict_add_problem(v, "file-empty", who,
				    f->name, f->item,
				    "文件“%s”是空文件（0 字节），请重新扫描或拍照后发送",
				    f->name);
				continue;
			}
			if (!filetype_is_image(f->type) &&
			    !type_allowed(f->type, allowed) &&
			    looks_like_image_name(f->name) &&
			    (strcmp(f->type, "application/octet-stream") == 0 ||
			    strncmp(f->type, "text/", 5) == 0)) {
				verdict_add_problem(v, "file-empty", who,
				    f->name, f->item,
				    "文件“%s”打不开，不是有效的图片，请重新扫描或拍照后发送",
				    f->name);
				continue;
			}
			if (!type_allowed(f->type, allowed)) {
				char *w = allowed_words(allowed);
				verdict_add_problem(v, "file-type-not-allowed",
				    who, f->name, f->item,
				    "文件“%s”实际是%s，本业务只接受%s，请转换后重新发送",
				    f->name, filetype_label(f->type), w);
				free(w);
			}
			/* The same bytes earlier in this message? */
			for (pi = 0; pi <= i && !dup; pi++) {
				struct verdict_person *q = v->persons[pi];
				size_t end = pi == i ? k : q->n_files;
				for (pk = 0; pk < end; pk++) {
					if (strcmp(q->files[pk].sha256,
					    f->sha256) != 0 || f->bytes == 0)
						continue;
					verdict_add_problem(v,
					    "file-duplicate", who, f->name,
					    f->item,
					    "文件“%s”与“%s”内容完全相同，重复发送了同一份扫描件",
					    f->name, q->files[pk].name);
					dup = 1;
					break;
				}
			}
		}
	}
}

void
judge_archive_problems(struct judgment *j)
{
	static const char *const what[] = {
		[UNPACK_UNREADABLE] = "压缩包“%s”已损坏或格式无法识别，无法打开，请重新压缩后发送",
		[UNPACK_ENCRYPTED] = "压缩包“%s”设置了密码，无法打开，请去掉密码后重新发送",
		[UNPACK_UNSAFE] = "压缩包“%s”含有不安全的内容（绝对路径、“..”、链接或设备文件），请只放入扫描件后重新压缩",
		[UNPACK_TOO_LARGE] = "压缩包“%s”超出大小限制（解压后过大、文件过多、嵌套过深或读取所需内存过多），请分开发送或减少文件",
	};
	size_t i;

	for (i = 0; i < j->n_units; i++) {
		struct judge_unit *u = &j->units[i];
		const char *code;
		struct verdict_person *p;
		const char *who = NULL;

		if (u->archive == NULL || (u->archive->status == UNPACK_OK &&
		    u->archive->n_members > 0))
			continue;
		for (size_t k = 0; k < j->verdict->n_persons; k++) {
			p = j->verdict->persons[k];
			if (p->archive && strcmp(p->archive, u->name) == 0 &&
			    p->name[0])
				who = p->name;
		}
		/* Read whole, yet nothing in it (folders, __MACOSX/, a
		 * volume label): as good as no archive. */
		if (u->archive->status == UNPACK_OK) {
			verdict_add_problem(j->verdict, "archive-missing", who,
			    u->name, NULL, "压缩包“%s”里没有文件，请把材料放入"
			    "压缩包后重新发送", u->name);
			continue;
		}
		code = unpack_status_code(u->archive->status);
		/* Out of time is no fault of the bytes: never call it
		 * damaged (a long scan, a huge photo, often a PDF). */
		verdict_add_problem(j->verdict, code, who, u->name, NULL,
		    u->archive->over_time ? "“%s”未能在限定时间内读完（文件过"
		    "大、页数过多或图片分辨率过高），请分开发送或降低扫描分辨率"
		    "后重新发送" : what[u->archive->status], u->name);
	}
}
