/*
 * judge.c — the message pipeline: read, unpack, type, check the files.
 * Center rules (subjects, persons, checklists, replies) are applied by
 * judge-center.c; without a center the files are still read and checked.
 */
#include "judge.h"

#include <stdlib.h>
#include <string.h>

#include "filetype.h"
#include "recognize.h"
#include "rules.h"
#include "util.h"
#include "worker.h"

static int
addr_is(const char *addr, const char *local)
{
	size_t n = strlen(local);

	return addr && ascii_ncasecmp(addr, local, n) == 0 &&
	    (addr[n] == '@' || addr[n] == '\0');
}

/* Header value up to its first ';' and without surrounding blanks, lower
 * case, for comparisons like Auto-Submitted: no; x=y. */
static char *
token(const char *v)
{
	const char *e;

	while (*v == ' ' || *v == '\t')
		v++;
	e = v + strcspn(v, ";");
	while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	return ascii_lower(xstrndup(v, (size_t)(e - v)));
}

int
judge_is_robot(const struct mail_message *m, const char *own, const char **why)
{
	const char *reason = NULL;
	char *t;

	if (m->return_path && (*m->return_path == '\0' ||
	    strcmp(m->return_path, "<>") == 0))
		reason = "null return path";
	else if (m->from == NULL || *m->from == '\0')
		reason = "no sender address";
	else if (addr_is(m->from, "mailer-daemon") ||
	    addr_is(m->from, "postmaster"))
		reason = "sender is a mail system";
	else if (own && *own && ascii_casecmp(m->from, own) == 0)
		reason = "sender is our own address";
	else if (m->content_type &&
	    strcmp(m->content_type, "multipart/report") == 0)
		reason = "delivery report";
	else if (m->list_id || m->list_unsubscribe)
		reason = "mailing list";
	else if (m->x_autoreply || m->x_autorespond)
		reason = "auto-reply header";
	if (reason == NULL && m->auto_submitted) {
		t = token(m->auto_submitted);
		if (strcmp(t, "no") != 0)
			reason = "Auto-Submitted";
		free(t);
	}
	if (reason == NULL && m->precedence) {
		t = token(m->precedence);
		if (strcmp(t, "bulk") == 0 || strcmp(t, "list") == 0 ||
		    strcmp(t, "junk") == 0)
			reason = "Precedence";
		free(t);
	}
	if (why)
		*why = reason;
	return reason != NULL;
}

/* Name of an attachment as shown to people; unnamed parts get one. */
static char *
unit_name(const struct mail_attachment *a, size_t i)
{
	if (a->name && *a->name)
		return xstrdup(a->name);
	return xasprintf("附件%zu", i + 1);
}

/* Every attachment to the readers' pool at once (worker.h); archives'
 * members come back typed and hashed, their bytes only when kept. */
static void
open_units(struct judgment *j, const struct judge_ctx *ctx)
{
	struct unpack_limits lim = UNPACK_LIMITS_DEFAULT;
	const struct cfg *cfg = ctx->cfg;
	const struct mail_message *m = j->mail;
	struct worker_job *jobs;
	uint64_t budget = 0;
	size_t i;

	if (cfg)
		lim = cfg->limits;
	j->units = xcalloc(m->n_atts ? m->n_atts : 1, sizeof *j->units);
	jobs = xcalloc(m->n_atts ? m->n_atts : 1, sizeof *jobs);
	for (i = 0; i < m->n_atts; i++) {
		struct judge_unit *u = &j->units[i];

		u->att = &m->atts[i];
		u->name = unit_name(u->att, i);
		jobs[i].data = u->att->data;
		jobs[i].len = u->att->len;
		jobs[i].name = u->name;
	}
	j->n_units = m->n_atts;
	worker_pool_recognize(ctx->recognize != CFG_RECOGNIZE_OFF);
	worker_run(jobs, m->n_atts, &lim, &budget, cfg ? &cfg->reader : NULL,
	    !ctx->members_unkept);
	for (i = 0; i < m->n_atts; i++) {
		struct judge_unit *u = &j->units[i];

		u->type = jobs[i].out.type;
		u->archive = jobs[i].out.archive;
		u->recog = jobs[i].out.recog;
		/* Its members are what is judged and kept from now on. */
		if (u->archive != NULL)
			mail_release_attachment(j->mail, i);
	}
	free(jobs);
}

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

/* Without center rules: each archive is one person named after it, and
 * loose files belong to one unnamed person. */
static void
group_plain(struct judgment *j)
{
	struct verdict *v = j->verdict;
	struct verdict_person *loose = NULL, *p;
	size_t i, k;
	char *stem;

	for (i = 0; i < j->n_units; i++) {
		struct judge_unit *u = &j->units[i];
		if (u->archive) {
			stem = judge_stem(u->name);
			p = verdict_add_person(v, stem);
			free(stem);
			verdict_set(&p->archive, u->name);
			for (k = 0; k < u->archive->n_members; k++) {
				struct unpack_member *mb =
				    &u->archive->members[k];
				char *t = judge_member_type(mb);
				verdict_add_file_sha(p, mb->path, t, mb->data,
				    mb->len, mb->sha256)->recog = mb->recog;
				free(t);
			}
		} else {
			if (loose == NULL)
				loose = verdict_add_person(v, "");
			verdict_add_file(loose, u->name, u->type,
			    u->att->data, u->att->len)->recog = u->recog;
		}
	}
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
		verdict_add_problem(j->verdict, code, who, u->name, NULL,
		    what[u->archive->status], u->name);
	}
}

struct judgment *
judge_message(const struct judge_ctx *ctx, const char *buf, size_t len,
    const char *label)
{
	struct mail_message *m = NULL;

	if (mail_parse(buf, len, &m) != 0) {
		mail_free(m);
		m = NULL;
	}
	return judge_parsed(ctx, m, label);
}

struct judgment *
judge_parsed(const struct judge_ctx *ctx, struct mail_message *m,
    const char *label)
{
	struct judgment *j = xcalloc(1, sizeof *j);
	struct verdict *v = verdict_new();
	const char *why;
	size_t i;

	j->verdict = v;
	j->mail = m;
	verdict_set(&v->file, label);
	if (ctx->center)
		verdict_set(&v->center, ctx->center->name);
	if (j->mail == NULL) {
		verdict_add_problem(v, "subject-unrecognized", NULL, NULL,
		    NULL, "邮件内容为空，无法读取");
		v->status = VERDICT_IGNORED;
		return j;
	}
	verdict_set(&v->message_id, j->mail->message_id);
	verdict_set(&v->from, j->mail->from);
	verdict_set(&v->subject, j->mail->subject ? j->mail->subject : "");

	if (judge_is_robot(j->mail, ctx->own_address, &why)) {
		v->status = VERDICT_IGNORED;
		return j;
	}

	open_units(j, ctx);
	if (ctx->center) {
		judge_center(j, ctx);
	} else {
		group_plain(j);
		judge_archive_problems(j);
		for (i = 0; i < v->n_persons; i++)
			judge_check_files(j, i, NULL);
		if (j->n_units == 0)
			verdict_add_problem(v, "no-attachment", NULL, NULL,
			    NULL, "邮件没有附件，请将申请材料作为附件发送");
		for (i = 0; i < j->mail->n_errors; i++)
			verdict_add_problem(v, "archive-unreadable", NULL,
			    NULL, NULL, "邮件有部分内容无法读取：%s",
			    j->mail->errors[i]);
		v->status = v->n_problems ? VERDICT_REJECTED : VERDICT_REVIEW;
	}
	return j;
}

void
judgment_free(struct judgment *j)
{
	size_t i;

	if (j == NULL)
		return;
	verdict_free(j->verdict);
	for (i = 0; i < j->n_units; i++) {
		free(j->units[i].name);
		free(j->units[i].type);
		unpack_result_free(j->units[i].archive);
		recog_result_free(j->units[i].recog);
		free(j->units[i].recog);
	}
	free(j->units);
	mail_free(j->mail);
	free(j);
}
