/*
 * judge-center.c — a center's rules applied to one read message: the
 * subject (or Jing'an's file names) by the center's convention, the
 * sender registry, persons against archives, 共N人, ID numbers, every file
 * classified to a checklist material, body fields, and the status.
 * The reply is written by answer.c from what is decided here.
 */
#include <stdlib.h>
#include <string.h>

#include "answer.h"
#include "authres.h"
#include "fields.h"
#include "filetype.h"
#include "idnumber.h"
#include "judge.h"
#include "judge-files.h"
#include "rules.h"
#include "senders.h"
#include "subject.h"
#include "problem.h"
#include "recognize.h"
#include "util.h"

/* What a verdict person is to the rules. */
enum role {
	ROLE_LISTED,		/* named in the subject or the body */
	ROLE_UNIT,		/* the company itself (unit businesses) */
	ROLE_UNASSIGNED,	/* loose files of no listed person */
	ROLE_GUESS,		/* subject unreadable: named after an archive */
};

struct jc {
	struct judgment		*j;
	const struct judge_ctx	*ctx;
	const struct rules_center *ce;
	struct verdict		*v;
	struct subject_parse	 sp;
	int			 parsed;	/* sp was filled */
	const struct senders_entry *sender;	/* registry entry of From */
	const char		*short_name;	/* company short name */
	enum role		*role;		/* per verdict person */
	size_t			 cap_role;
	int			*soft;		/* per person: item-missing is
						   not blocking (unclassified
						   files may hold it) */
};

static struct verdict_person *
add_person(struct jc *c, const char *name, enum role r)
{
	struct verdict_person *p = verdict_add_person(c->v, name);

	xgrow((void **)&c->role, &c->cap_role, c->v->n_persons,
	    sizeof *c->role);
	c->role[c->v->n_persons - 1] = r;
	return p;
}

/* ---- the subject ---- */

/* A subject_spec for this center; for Jing'an the short names come from
 * the registry.  *tmp is the storage when a copy is needed. */
static const struct subject_spec *
center_spec(const struct jc *c, struct subject_spec *tmp)
{
	size_t n = 0;

	if (c->ce->subject.kind != SUBJECT_COMPACT)
		return &c->ce->subject;
	*tmp = c->ce->subject;
	tmp->short_names = c->ctx->senders ?
	    senders_short_names(c->ctx->senders, &n) : NULL;
	tmp->n_short_names = n;
	return tmp;
}

/* Jing'an names the files like the mail: when the subject does not follow
 * the convention, the first attachment whose name does stands for it. */
static int
parse_from_file_names(struct jc *c, const struct subject_spec *spec)
{
	const struct mail_message *m = c->j->mail;
	struct subject_parse sp;
	size_t i;
	char *s;

	for (i = 0; i < m->n_atts; i++) {
		if (m->atts[i].name == NULL)
			continue;
		s = subject_strip_ext_index(m->atts[i].name);
		subject_parse(s, spec, &sp);
		free(s);
		if (sp.ok) {
			subject_parse_free(&c->sp);
			c->sp = sp;
			return 1;
		}
		subject_parse_free(&sp);
	}
	return 0;
}

static void
read_subject(struct jc *c)
{
	struct subject_spec tmp;
	const struct subject_spec *spec = center_spec(c, &tmp);

	subject_parse(c->v->subject, spec, &c->sp);
	c->parsed = 1;
	if (!c->sp.ok && spec->kind == SUBJECT_COMPACT)
		parse_from_file_names(c, spec);
	if (c->ctx->previous && c->ctx->previous->subject) {
		/* An answer to our reply ("Re: 【需补正】...") stands for
		 * the submission it answers, named by its subject. */
		struct subject_parse sp;

		subject_parse(c->ctx->previous->subject, spec, &sp);
		if (sp.ok) {
			subject_parse_free(&c->sp);
			c->sp = sp;
			verdict_set(&c->v->subject, c->ctx->previous->subject);
		} else
			subject_parse_free(&sp);
	}
	if (!c->sp.ok) {
		verdict_add_problem(c->v, "subject-unrecognized", NULL, NULL,
		    NULL, "邮件标题“%s”不符合本中心的标题格式%s%s",
		    c->v->subject,
		    c->sp.error ? "：" : "", c->sp.error ? c->sp.error : "");
		return;
	}
	/* Jing'an's education files carry no business word. */
	if (spec->kind == SUBJECT_COMPACT && c->sp.business == NULL &&
	    (c->sp.n_persons == 0 || c->sp.persons[0].business == NULL))
		verdict_set(&c->sp.business, "education-verify");
	if (spec->kind == SUBJECT_FREE && c->ce->n_businesses > 0)
		verdict_set(&c->sp.business, c->ce->businesses[0].business);
	c->v->declared_count = c->sp.declared_count;
}

/* The business of listed person i, or of the message. */
static const char *
business_of(const struct jc *c, size_t i)
{
	if (i < c->sp.n_persons && c->sp.persons[i].business)
		return c->sp.persons[i].business;
	return c->sp.business;
}

/* A business applied for online (一网通办), not by mail: the center's own
 * sentence says where.  0 when b is not one of those. */
static int
report_online(struct jc *c, const char *b, size_t i)
{
	static const char *const keys[] = { "business_name", "business",
	    "center", "short_name", "company" };
	const struct rules_online *o = rules_center_online(c->ce, b);
	const char *vals[5];
	char *text;

	if (o == NULL || c->ce->tpl_online == NULL)
		return 0;
	vals[0] = o->name;
	vals[1] = o->business;
	vals[2] = c->ce->display_name;
	vals[3] = c->ce->short_name;
	vals[4] = c->sp.company;
	text = rules_expand(c->ce->tpl_online, keys, vals, 5);
	verdict_add_problem(c->v, "business-unknown",
	    i < c->sp.n_persons ? c->sp.persons[i].name : NULL, NULL, NULL,
	    "%s", text);
	free(text);
	return 1;
}

static void
check_businesses(struct jc *c)
{
	const char *seen[16];
	size_t n_seen = 0, i, k, n = c->sp.n_persons ? c->sp.n_persons : 1;

	for (i = 0; i < n; i++) {
		const char *b = business_of(c, i);
		const char *name;

		if (b == NULL || rules_center_business(c->ce, b))
			continue;
		if (report_online(c, b, i))
			continue;
		for (k = 0; k < n_seen && strcmp(seen[k], b) != 0; k++)
			;
		if (k < n_seen)
			continue;
		if (n_seen < sizeof seen / sizeof seen[0])
			seen[n_seen++] = b;
		name = rules_business_name(c->ctx->rules, b);
		{
			char *list = answer_business_list(c->ctx->rules, c->ce);
			verdict_add_problem(c->v, "business-unknown",
			    i < c->sp.n_persons ? c->sp.persons[i].name : NULL,
			    NULL, NULL, "本中心不通过电子邮件受理“%s”业务；"
			    "邮件可办理的业务为：%s", name ? name : b, list);
			free(list);
		}
	}
}

/* ---- the sender ---- */

static void
check_sender(struct jc *c)
{
	const struct senders *s = c->ctx->senders;
	const struct senders_entry *by_name = NULL;
	const char *from = c->v->from ? c->v->from : "";

	c->sender = s ? senders_by_email(s, from) : NULL;
	if (c->ce->subject.kind == SUBJECT_COMPACT && c->sp.company && s)
		by_name = senders_by_short_name(s, c->sp.company);
	c->short_name = by_name ? by_name->short_name :
	    c->sender ? c->sender->short_name : NULL;
	if (by_name)
		verdict_set(&c->v->company, by_name->company);
	else if (c->sender && c->ce->senders_registered)
		verdict_set(&c->v->company, c->sender->company);
	if (!c->ce->senders_registered)
		return;
	if (c->sender == NULL)
		verdict_add_problem(c->v, "sender-not-registered", NULL, NULL,
		    NULL, "发件地址 %s 不是已登记的单位邮箱；本中心只受理各单位"
		    "登记邮箱发来的材料，请从贵单位登记的邮箱发送，尚未登记的"
		    "请先与本中心联系登记", from);
	else if (by_name && by_name != c->sender)
		verdict_add_problem(c->v, "sender-not-registered", NULL, NULL,
		    NULL, "标题中的单位“%s”登记的邮箱不是发件地址 %s（该地址登记"
		    "的是“%s”）；请从%s登记的邮箱发送", by_name->short_name,
		    from, c->sender->short_name, by_name->short_name);
}

/* Where the center requires it, a DMARC/DKIM/SPF failure that our own
 * receiving server recorded: the From address may be forged, so a person
 * looks at it and nobody is answered. */
static void
check_authentication(struct jc *c)
{
	const struct cfg_auth *a = c->ctx->cfg ? &c->ctx->cfg->auth : NULL;
	const struct mail_message *m = c->j->mail;
	size_t i;

	if (a == NULL || !a->require)
		return;
	for (i = 0; i < m->n_auth_results; i++) {
		char *failed = NULL;

		if (authres_judge(m->auth_results[i], a->authserv_id,
		    &failed) != AUTHRES_FAIL)
			continue;
		verdict_add_problem(c->v, "sender-unauthenticated", NULL, NULL,
		    NULL, "发件人未通过邮件来源验证（%s），可能是冒用 %s 的邮件；"
		    "工作人员将核实，暂不答复", failed, c->v->from ?
		    c->v->from : "");
		verdict_set(&c->v->reply_withheld, failed);
		free(failed);
		return;
	}
}

/* ---- persons and their files ---- */

static void
add_unit_files(struct verdict_person *p, const struct judge_unit *u)
{
	size_t k;

	if (u->archive == NULL) {
		verdict_add_file(p, u->name, u->type, u->att->data,
		    u->att->len)->recog = u->recog;
		return;
	}
	for (k = 0; k < u->archive->n_members; k++) {
		const struct unpack_member *mb = &u->archive->members[k];
		char *t = judge_member_type(mb);

		verdict_add_file_sha(p, mb->path, t, mb->data, mb->len,
		    mb->sha256)->recog = mb->recog;
		free(t);
	}
}

/* The listed person text names: exactly, else the longest listed name
 * inside it (张三丰 before 张三); NULL when none. */
static struct verdict_person *
match_listed(struct jc *c, const char *text, int exact_only)
{
	struct verdict_person *best = NULL;
	size_t i, best_len = 0;
	char *norm = subject_normalize(text);

	for (i = 0; i < c->v->n_persons; i++) {
		struct verdict_person *p = c->v->persons[i];
		size_t n = strlen(p->name);

		if (c->role[i] != ROLE_LISTED || n == 0)
			continue;
		if (strcmp(norm, p->name) == 0) {
			best = p;
			break;
		}
		if (!exact_only && strstr(norm, p->name) && n > best_len) {
			best = p;
			best_len = n;
		}
	}
	free(norm);
	return best;
}

/* An archive nobody is named after may still hold one folder per listed
 * person (one archive for the batch): 1 when every member fell to one. */
static int
split_by_folder(struct jc *c, const struct judge_unit *u)
{
	struct verdict_person **to;
	size_t k, n = u->archive->n_members;

	if (n == 0)
		return 0;
	to = xcalloc(n, sizeof *to);
	for (k = 0; k < n; k++)
		if ((to[k] = match_listed(c, u->archive->members[k].path,
		    0)) == NULL) {
			free(to);
			return 0;
		}
	for (k = 0; k < n; k++) {
		const struct unpack_member *mb = &u->archive->members[k];
		char *t = judge_member_type(mb);

		verdict_add_file_sha(to[k], mb->path, t, mb->data, mb->len,
		    mb->sha256)->recog = mb->recog;
		if (to[k]->archive == NULL)
			verdict_set(&to[k]->archive, u->name);
		free(t);
	}
	free(to);
	return 1;
}

static char *
listed_names(const struct jc *c)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < c->v->n_persons; i++) {
		if (c->role[i] != ROLE_LISTED)
			continue;
		if (b.len)
			buf_adds(&b, "、");
		buf_adds(&b, c->v->persons[i]->name);
	}
	return buf_take(&b);
}

/* Listed persons: each gets the archive named after them; a single
 * person may send loose files where the center does not demand an
 * archive. */
static void
place_listed(struct jc *c)
{
	struct judgment *j = c->j;
	struct verdict *v = c->v;
	struct verdict_person *p, *only = NULL, *unassigned = NULL;
	size_t i, n_listed = 0;
	int per = c->ce->per_person_archive;

	for (i = 0; i < v->n_persons; i++)
		if (c->role[i] == ROLE_LISTED) {
			n_listed++;
			only = v->persons[i];
		}
	if (n_listed != 1)
		only = NULL;

	for (i = 0; i < j->n_units; i++) {
		struct judge_unit *u = &j->units[i];
		char *stem;

		if (u->archive == NULL) {
			if ((p = match_listed(c, u->name, 0)) == NULL)
				p = only;
			if (p == NULL) {
				if (unassigned == NULL)
					unassigned = add_person(c, "",
					    ROLE_UNASSIGNED);
				p = unassigned;
			}
			add_unit_files(p, u);
			continue;
		}
		stem = judge_stem(u->name);
		p = match_listed(c, stem, 0);
		if (p == NULL && only && !per)
			p = only;
		if (p == NULL && !per && n_listed > 1 &&
		    split_by_folder(c, u)) {
			free(stem);
			continue;
		}
		if (p == NULL) {
			char *names = listed_names(c);
			verdict_add_problem(v, "archive-unexpected", NULL,
			    u->name, NULL, "压缩包“%s”与标题中列出的申请人（%s）"
			    "都对应不上；%s", u->name, names,
			    per ? "每人一个压缩包，并以申请人姓名命名" :
			    "请在标题中列出该申请人，或不要附上这个压缩包");
			free(names);
			/* Not a person of this submission: shown in the
			 * problem only, never judged or recorded as one. */
			free(stem);
			continue;
		} else if (p->archive && per) {
			verdict_add_problem(v, "archive-duplicate", p->name,
			    u->name, NULL, "%s有两个压缩包（“%s”和“%s”），每人"
			    "只能有一个压缩包，请合并后重新发送", p->name,
			    p->archive, u->name);
		} else if (p->archive == NULL) {
			verdict_set(&p->archive, u->name);
		}
		add_unit_files(p, u);
		free(stem);
	}

}

/* A resubmission: the files sent before join the new ones, person by
 * person (the same bytes only once), archives included. */
static void
merge_previous(struct jc *c)
{
	const struct verdict *old = c->ctx->previous;
	size_t i, k, n;

	if (old == NULL)
		return;
	for (i = 0; i < old->n_persons; i++) {
		const struct verdict_person *op = old->persons[i];
		struct verdict_person *p = verdict_find_person(c->v, op->name);

		if (p == NULL && op->name[0] == '\0' && c->v->n_persons == 1 &&
		    c->role[0] == ROLE_UNIT)
			p = c->v->persons[0];
		if (p == NULL)
			continue;
		if (p->archive == NULL)
			verdict_set(&p->archive, op->archive);
		for (k = 0; k < op->n_files; k++) {
			const struct verdict_file *of = &op->files[k];
			struct verdict_file *f;

			for (n = 0; n < p->n_files; n++)
				if (strcmp(p->files[n].sha256, of->sha256) == 0)
					break;
			if (n < p->n_files)
				continue;
			f = verdict_add_file(p, of->name, of->type, NULL,
			    of->bytes);
			memcpy(f->sha256, of->sha256, sizeof f->sha256);
			verdict_set(&f->path, of->path);
		}
	}
}

/* Every listed person has their archive (or files, where loose is fine). */
static void
check_archives(struct jc *c)
{
	struct verdict *v = c->v;
	struct verdict_person *p;
	size_t i;
	int per = c->ce->per_person_archive;

	if (c->j->n_units == 0)
		return;
	for (i = 0; i < v->n_persons; i++) {
		p = v->persons[i];
		if (c->role[i] != ROLE_LISTED)
			continue;
		if (p->n_files == 0 && p->archive == NULL)
			verdict_add_problem(v, "archive-missing", p->name, NULL,
			    NULL, per ? "没有%s的压缩包：每人的材料请单独压缩成"
			    "一个以本人姓名命名的压缩包（如“%s.zip”）" :
			    "没有%s的材料", p->name, p->name);
		else if (per && p->archive == NULL)
			verdict_add_problem(v, "archive-missing", p->name, NULL,
			    NULL, "%s的材料没有压缩：本中心要求每人的材料单独"
			    "压缩成一个以本人姓名命名的压缩包（如“%s.zip”）",
			    p->name, p->name);
	}
}

/* Everything to one person: a unit business, or a single unnamed one. */
static void
place_all(struct jc *c, struct verdict_person *p)
{
	size_t i;

	for (i = 0; i < c->j->n_units; i++) {
		if (c->j->units[i].archive && p->archive == NULL)
			verdict_set(&p->archive, c->j->units[i].name);
		add_unit_files(p, &c->j->units[i]);
	}
}

/* The subject could not be read: one person per archive, named after it,
 * loose files to one unnamed person — only so the reply can list them. */
static void
place_guessed(struct jc *c)
{
	struct verdict_person *p, *loose = NULL;
	size_t i;

	for (i = 0; i < c->j->n_units; i++) {
		struct judge_unit *u = &c->j->units[i];

		if (u->archive) {
			char *stem = judge_stem(u->name);
			p = add_person(c, stem, ROLE_GUESS);
			verdict_set(&p->archive, u->name);
			free(stem);
		} else {
			if (loose == NULL)
				loose = add_person(c, "", ROLE_GUESS);
			p = loose;
		}
		add_unit_files(p, u);
	}
}

static void
make_persons(struct jc *c, const struct fields *body)
{
	struct verdict_person *p;
	size_t i;

	if (!c->sp.ok) {
		place_guessed(c);
		return;
	}
	if (c->ce->subject.kind == SUBJECT_FREE) {
		p = add_person(c, body->name ? body->name : "", ROLE_LISTED);
		verdict_set(&p->business, business_of(c, 0));
		verdict_set(&p->id_number, body->id_number);
		place_all(c, p);
		merge_previous(c);
		return;
	}
	if (c->sp.n_persons == 0) {
		p = add_person(c, "", ROLE_UNIT);
		verdict_set(&p->business, c->sp.business);
		place_all(c, p);
		merge_previous(c);
		return;
	}
	for (i = 0; i < c->sp.n_persons; i++) {
		const struct subject_person *sp = &c->sp.persons[i];

		if (verdict_find_person(c->v, sp->name)) {
			verdict_add_problem(c->v, "count-mismatch", sp->name,
			    NULL, NULL, "标题中%s出现了两次", sp->name);
			continue;
		}
		p = add_person(c, sp->name, ROLE_LISTED);
		verdict_set(&p->business, business_of(c, i));
		if (sp->id_number) {
			char *id = idnumber_normalize(sp->id_number);
			verdict_set(&p->id_number, id);
			free(id);
		}
	}
	place_listed(c);
	merge_previous(c);
	check_archives(c);
}

/* ---- counts, ID numbers, fields ---- */

static void
check_count(struct jc *c)
{
	size_t i, n_listed = 0, n_archives = 0;
	int n = c->v->declared_count;

	if (n < 0 || !c->sp.ok)
		return;
	for (i = 0; i < c->v->n_persons; i++)
		if (c->role[i] == ROLE_LISTED)
			n_listed++;
	for (i = 0; i < c->j->n_units; i++)
		if (c->j->units[i].archive)
			n_archives++;
	if ((size_t)n != n_listed)
		verdict_add_problem(c->v, "count-mismatch", NULL, NULL, NULL,
		    "标题写“共%d人”，但标题中列出了%zu人", n, n_listed);
	else if (c->ctx->previous == NULL && c->ce->per_person_archive &&
	    n_archives > 0 &&
	    n_archives != (size_t)n)
		verdict_add_problem(c->v, "count-mismatch", NULL, NULL, NULL,
		    "标题写“共%d人”，但附上了%zu个压缩包（应每人一个）", n,
		    n_archives);
}

static void
check_ids(struct jc *c)
{
	size_t i;

	for (i = 0; i < c->v->n_persons; i++) {
		struct verdict_person *p = c->v->persons[i];
		char *why = NULL;

		if (p->id_number == NULL || c->role[i] != ROLE_LISTED)
			continue;
		if (idnumber_check(p->id_number, &why))
			continue;
		verdict_add_problem(c->v, "id-number-invalid",
		    p->name[0] ? p->name : NULL, NULL, NULL,
		    "身份证号“%s”有误：%s；请核对后重新发送", p->id_number,
		    why ? why : "校验不通过");
		free(why);
	}
}

static void
check_fields(struct jc *c, const struct fields *f)
{
	static const struct { const char *key, *what; } names[] = {
		{ "name", "申请人姓名（如“姓名：张三”）" },
		{ "id_number", "身份证号码（如“身份证号：310101199001011234”）" },
		{ "phone", "联系电话（如“电话：13812345678”）" },
	};
	const char *const *r;
	size_t k;

	for (r = c->ce->required_fields; r && *r; r++) {
		const char *have = strcmp(*r, "name") == 0 ? f->name :
		    strcmp(*r, "id_number") == 0 ? f->id_number :
		    strcmp(*r, "phone") == 0 ? f->phone : "";

		if (have && *have)
			continue;
		for (k = 0; k < sizeof names / sizeof names[0]; k++)
			if (strcmp(names[k].key, *r) == 0)
				verdict_add_problem(c->v, "field-missing",
				    NULL, NULL, NULL, "邮件正文没有写%s",
				    names[k].what);
	}
}

/* ---- materials ---- */

static const struct rules_business *
business_entry(const struct jc *c, const struct verdict_person *p)
{
	const char *b = p->business ? p->business : c->sp.business;

	return b ? rules_center_business(c->ce, b) : NULL;
}

static void
check_materials(struct jc *c, size_t i)
{
	struct verdict_person *p = c->v->persons[i];
	const struct rules_business *bz = business_entry(c, p);
	const char *who = p->name[0] ? p->name : NULL;
	const char **present = NULL, **missing = NULL, **named;
	size_t k, a, n_present = 0, cap_present = 0, n_missing = 0,
	    n_unclassified = 0;
	int unclear;

	/* A person with no file is judged too: everything required is
	 * missing (an empty archive must never earn a receipt). */
	if (bz == NULL)
		return;
	named = xcalloc(p->n_files ? p->n_files : 1, sizeof *named);
	for (k = 0; k < p->n_files; k++) {
		struct verdict_file *f = &p->files[k];
		const char *item;

		/* The name's material, then what the document shows. */
		named[k] = rules_classify_name(bz->checklist, f->name);
		unclear = judge_content_file(c->ctx, c->v, who,
		    bz->checklist, f, named[k]);
		item = f->item;
		/* A file counts for its material and for every other one
		 * its pages show (one PDF of the ID card and the
		 * contract). */
		for (a = 0; item != NULL && a <= f->n_also; a++) {
			xgrow((void **)&present, &cap_present, n_present,
			    sizeof *present);
			present[n_present++] = a == 0 ? item : f->also[a - 1];
		}
		if (item == NULL) {
			n_unclassified++;
			if (unclear)
				continue;	/* asked for again already */
			if (f->recog && !f->recog->icon &&
			    c->ctx->recognize != CFG_RECOGNIZE_OFF)
				verdict_add_problem(c->v, "item-unclassified",
				    who, f->name, NULL, "文件“%s”的名称和内容"
				    "都看不出是哪项材料，工作人员将人工核对",
				    f->name);
			else
				verdict_add_problem(c->v, "item-unclassified",
				    who, f->name, NULL, "文件“%s”的名称看不出是"
				    "哪项材料，工作人员将人工核对（文件请以材料"
				    "名称命名，如“身份证.jpg”）", f->name);
		}
	}
	rules_evaluate(bz->checklist, present, n_present, &missing,
	    &n_missing);
	for (k = 0; k < n_missing; k++) {
		const char *name = rules_item_name(c->ctx->rules, missing[k]);
		const char *shown = NULL, *file = NULL;
		size_t m;

		/* A file named for it that shows something else: say so,
		 * or the sender sees the file sent and the material asked
		 * for. */
		for (m = 0; m < p->n_files && file == NULL; m++)
			if (named[m] && strcmp(named[m], missing[k]) == 0 &&
			    p->files[m].item &&
			    strcmp(p->files[m].item, missing[k]) != 0) {
				file = p->files[m].name;
				shown = rules_item_name(c->ctx->rules,
				    p->files[m].item);
			}
		verdict_add_missing(p, missing[k]);
		if (file)
			verdict_add_problem(c->v, "item-missing", who, NULL,
			    missing[k], "缺少%s（文件“%s”的内容是%s，不是%s）",
			    name ? name : missing[k], file,
			    shown ? shown : "其他材料", name ? name :
			    missing[k]);
		else
			verdict_add_problem(c->v, "item-missing", who, NULL,
			    missing[k], "缺少%s", name ? name : missing[k]);
	}
	c->soft[i] = n_unclassified > 0;
	free(missing);
	free(present);
	free(named);
}

/* ---- status ---- */

static void
decide_status(struct jc *c)
{
	struct verdict *v = c->v;
	size_t i, k;
	int block = 0, review = 0;

	for (i = 0; i < v->n_problems; i++) {
		const struct verdict_problem *pr = &v->problems[i];

		switch (problem_effect(pr->code)) {
		case PROBLEM_WARNS:
			continue;
		case PROBLEM_REVIEW:
			review = 1;
			continue;
		case PROBLEM_BLOCKS:
			break;
		}
		/* Missing beside a file nobody could name: perhaps that
		 * file is the material, so a person looks. */
		if (strcmp(pr->code, "item-missing") == 0 && pr->person) {
			for (k = 0; k < v->n_persons; k++)
				if (strcmp(v->persons[k]->name,
				    pr->person) == 0 && c->soft[k])
					break;
			if (k < v->n_persons) {
				review = 1;
				continue;
			}
		}
		block = 1;
	}
	v->status = block ? VERDICT_REJECTED : review ? VERDICT_REVIEW :
	    VERDICT_ACCEPTED;
}

void
judge_center(struct judgment *j, const struct judge_ctx *ctx)
{
	struct jc c = { 0 };
	struct fields body = { 0 };
	const struct rules_business *first;
	size_t i;

	c.j = j;
	c.ctx = ctx;
	c.ce = ctx->center;
	c.v = j->verdict;
	verdict_set(&c.v->center, c.ce->name);
	fields_read(j->mail->body_text ? j->mail->body_text : "", &body);

	read_subject(&c);
	if (c.sp.ok) {
		check_businesses(&c);
		verdict_set(&c.v->business, c.sp.business ? c.sp.business :
		    business_of(&c, 0));
		if (c.ce->subject.kind != SUBJECT_COMPACT)
			verdict_set(&c.v->company, c.sp.company);
	}
	check_sender(&c);
	check_authentication(&c);
	make_persons(&c, &body);
	c.soft = xcalloc(c.v->n_persons + 1, sizeof *c.soft);

	judge_archive_problems(j);
	check_count(&c);
	check_ids(&c);
	if (c.ce->required_fields)
		check_fields(&c, &body);
	if (j->n_units == 0)
		verdict_add_problem(c.v, "no-attachment", NULL, NULL, NULL,
		    "邮件没有附件，请将申请材料作为附件发送");

	first = c.ce->n_businesses ? &c.ce->businesses[0] : NULL;
	for (i = 0; i < c.v->n_persons; i++) {
		const struct rules_business *bz =
		    business_entry(&c, c.v->persons[i]);

		if (bz == NULL)
			bz = first;
		judge_check_files(j, i, bz ? bz->types : NULL);
		if (c.role[i] == ROLE_LISTED || c.role[i] == ROLE_UNIT)
			check_materials(&c, i);
	}
	{
		int *listed = xcalloc(c.v->n_persons + 1, sizeof *listed);

		for (i = 0; i < c.v->n_persons; i++)
			listed[i] = c.role[i] == ROLE_LISTED;
		judge_content_persons(ctx, c.v, listed);
		free(listed);
	}
	for (i = 0; i < j->mail->n_errors; i++)
		verdict_add_problem(c.v, "archive-unreadable", NULL, NULL, NULL,
		    "邮件有部分内容无法读取（%s），请重新发送",
		    j->mail->errors[i]);
	if (c.ce->ask_contact && (body.phone == NULL || *body.phone == '\0'))
		verdict_add_problem(c.v, "contact-missing", NULL, NULL, NULL,
		    "邮件正文没有留联系电话，请在以后的邮件中写明单位人事的"
		    "联系电话，以便我们联系");
	decide_status(&c);
	if (c.v->reply_withheld && c.v->status != VERDICT_IGNORED)
		c.v->status = VERDICT_REVIEW;	/* a person, not the sender */
	answer_write(j, ctx, &c.sp, c.short_name);

	fields_free(&body);
	subject_parse_free(&c.sp);
	free(c.role);
	free(c.soft);
}
