/*
 * judge.c — the message pipeline: read, unpack, type, then the center's
 * rules (subjects, persons, checklists, replies: judge-center.c), or
 * without a center the files grouped plainly.  Both check the files and
 * archives with judge-files.c: calls run judge.c → judge-center.c →
 * judge-files.c, never back.
 */
#include "judge.h"
#include "judge-files.h"

#include <stdlib.h>
#include <string.h>

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

/* recognize = "unnamed": a file is read when its name (an attachment's,
 * or a member's path with its folders) names no material of any
 * checklist — what judge-center.c would otherwise take from it. */
static int
read_unnamed(void *arg, const char *name)
{
	const struct judge_ctx *ctx = arg;

	return !rules_names_material(ctx->rules, name);
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
	    !ctx->members_unkept, ctx->recognize == CFG_RECOGNIZE_UNNAMED &&
	    ctx->rules ? &(struct worker_reading){ read_unnamed,
	    (void *)ctx } : NULL);
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
