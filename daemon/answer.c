/* answer.c — see answer.h. */
#include "answer.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "problem.h"
#include "util.h"

char *
answer_business_list(const struct rules *r, const struct rules_center *ce)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < ce->n_businesses; i++) {
		const char *key = ce->businesses[i].business;
		const char *name = rules_business_name(r, key);

		if (b.len)
			buf_adds(&b, "、");
		buf_adds(&b, name ? name : key);
	}
	return buf_take(&b);
}

/* Characters that end a company name when walking back from its suffix. */
static const char *const stops[] = { " ", "\t", "\n", "\r", "\xe3\x80\x80",
	",", ".", ":", ";", "(", ")", "[", "]", "<", ">", "\"", "'", "+", "-",
	"/", "|", "，", "。", "：", "；", "、", "（", "）", "【", "】", "“",
	"”", "—", "－", "＋", "《", "》", "！", "!", "？", "?", NULL };

static size_t
stop_at(const char *text, size_t end)
{
	const char *const *s;
	size_t n;

	for (s = stops; *s; s++) {
		n = strlen(*s);
		if (n <= end && memcmp(text + end - n, *s, n) == 0)
			return n;
	}
	return 0;
}

char *
answer_guess_company(const char *text)
{
	static const char *const suffix[] = { "公司", "集团", "事务所",
	    "研究院", "医院", "银行", NULL };
	const char *const *s;
	size_t best = 0, start, len = 0;
	const char *hit;

	if (text == NULL)
		return NULL;
	for (s = suffix; *s; s++)
		if ((hit = strstr(text, *s)) != NULL) {
			size_t end = (size_t)(hit - text) + strlen(*s);
			if (best == 0 || end < best)
				best = end;
		}
	if (best == 0)
		return NULL;
	start = best;
	while (start > 0 && stop_at(text, start) == 0) {
		start--;
		while (start > 0 &&
		    ((unsigned char)text[start] & 0xc0) == 0x80)
			start--;
		len++;
	}
	/* "公司" alone is no name. */
	if (best - start <= 6)
		return NULL;
	return xstrndup(text + start, best - start);
}

/* ---- pieces of the body ---- */

static int
named(const struct verdict_person *p)
{
	return p->name && p->name[0];
}

static char *
person_list(const struct verdict *v)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < v->n_persons; i++) {
		if (!named(v->persons[i]))
			continue;
		if (b.len)
			buf_adds(&b, "、");
		buf_adds(&b, v->persons[i]->name);
	}
	if (b.len == 0)
		buf_adds(&b, "（单位业务）");
	return buf_take(&b);
}

static char *
item_list(const struct verdict *v, const struct rules *r)
{
	struct buf b = { 0 };
	size_t i, k;

	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];
		const char *bn = p->business ?
		    rules_business_name(r, p->business) : NULL;

		buf_addf(&b, "%s%s", b.len ? "\n" : "",
		    named(p) ? p->name : "单位材料");
		if (bn || p->archive) {
			buf_adds(&b, "（");
			if (bn)
				buf_adds(&b, bn);
			if (p->archive)
				buf_addf(&b, "%s压缩包“%s”", bn ? "，" : "",
				    p->archive);
			buf_adds(&b, "）");
		}
		buf_adds(&b, "：");
		for (k = 0; k < p->n_files; k++) {
			const struct verdict_file *f = &p->files[k];
			const char *in = f->item ? rules_item_name(r, f->item) :
			    NULL;
			size_t a;

			buf_addf(&b, "\n  %zu. %s", k + 1, f->name);
			if (in == NULL)
				continue;
			/* every material the file counts for */
			buf_addf(&b, "（%s", in);
			for (a = 0; a < f->n_also; a++) {
				const char *an = rules_item_name(r, f->also[a]);

				buf_addf(&b, "、%s", an ? an : f->also[a]);
			}
			buf_adds(&b, "）");
		}
		if (p->n_files == 0)
			buf_adds(&b, "（无文件）");
	}
	return buf_take(&b);
}

/* Problems as a numbered list; warnings only when want_warnings, and
 * then after the rest. */
static char *
problem_list(const struct verdict *v, int warnings)
{
	struct buf b = { 0 };
	size_t i, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < v->n_problems; i++) {
			const struct verdict_problem *pr = &v->problems[i];
			int warn = problem_effect(pr->code) == PROBLEM_WARNS;

			if (warn != pass || (warn && !warnings))
				continue;
			buf_addf(&b, "%s%zu. ", b.len ? "\n" : "", ++n);
			if (warn)
				buf_adds(&b, "提示：");
			if (pr->person && *pr->person &&
			    strncmp(pr->detail, pr->person,
			    strlen(pr->person)) != 0)
				buf_addf(&b, "%s：", pr->person);
			buf_adds(&b, pr->detail);
		}
	}
	return buf_take(&b);
}

static char *
warning_notes(const struct verdict *v)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < v->n_problems; i++)
		if (problem_effect(v->problems[i].code) == PROBLEM_WARNS)
			buf_addf(&b, "\n\n提示：%s", v->problems[i].detail);
	return buf_take(&b);
}

/* ---- the correct subject ---- */

enum { K_COMPANY, K_SHORT, K_NAME, K_ID, K_COUNT, K_DATE, K_N };
static const char *const subject_keys[K_N] = { "company", "short_name",
	"name", "id", "count", "date" };

/* Minhang's form with several persons, each with their own business:
 * every person's part ("张三(新办)") is cut from their own business's
 * template (expanded with a marker for the name), then joined with "+". */
static char *
dash_subject(const struct verdict *v, const struct rules_center *ce,
    const struct rules_business *fallback, const char **vals)
{
	static const char mark[] = "\x01";
	struct buf b = { 0 };
	char *suffix = NULL;
	size_t i, n = 0;

	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];
		const struct rules_business *bz = p->business ?
		    rules_center_business(ce, p->business) : NULL;
		const char *tv[K_N];
		char *s, *at, *end;

		if (!named(p))
			continue;
		memcpy(tv, vals, sizeof tv);
		tv[K_NAME] = mark;
		s = rules_expand((bz ? bz : fallback)->correct_subject,
		    subject_keys, tv, K_N);
		if ((at = strstr(s, mark)) == NULL) {
			free(s);
			continue;
		}
		end = strstr(at, "—");
		if (n++ == 0) {
			buf_add(&b, s, (size_t)(at - s));
			suffix = xstrdup(end ? end : "");
		} else
			buf_adds(&b, "+");
		buf_adds(&b, p->name);
		buf_add(&b, at + 1, end ? (size_t)(end - at - 1) :
		    strlen(at + 1));
		free(s);
	}
	if (n == 0) {
		buf_free(&b);
		return NULL;
	}
	buf_adds(&b, suffix);
	free(suffix);
	return buf_take(&b);
}

static char *
join_persons(const struct verdict *v, int ids)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];
		const char *s = ids ? p->id_number : p->name;

		if (!named(p) || s == NULL || *s == '\0')
			continue;
		if (b.len)
			buf_adds(&b, "、");
		buf_adds(&b, s);
	}
	return b.len ? buf_take(&b) : NULL;
}

static char *
correct_subject(const struct verdict *v, const struct rules_center *ce,
    const struct rules_business *bz, const char **vals)
{
	size_t i, n = 0;

	for (i = 0; i < v->n_persons; i++)
		n += named(v->persons[i]);
	if (ce->subject.kind == SUBJECT_DASH && n > 1) {
		char *s = dash_subject(v, ce, bz, vals);
		if (s)
			return s;
	}
	return rules_expand(bz->correct_subject, subject_keys, vals, K_N);
}

/* ---- the reply ---- */

static const struct rules_business *
main_business(const struct verdict *v, const struct rules_center *ce)
{
	const struct rules_business *bz = NULL;
	size_t i;

	if (v->business)
		bz = rules_center_business(ce, v->business);
	for (i = 0; bz == NULL && i < v->n_persons; i++)
		if (v->persons[i]->business)
			bz = rules_center_business(ce,
			    v->persons[i]->business);
	if (bz == NULL && ce->n_businesses)
		bz = &ce->businesses[0];
	return bz;
}

void
answer_write(struct judgment *j, const struct judge_ctx *ctx,
    const struct subject_parse *sp, const char *short_name)
{
	struct answer_in in = { 0 };

	in.ctx = ctx;
	in.date = sp ? sp->date : NULL;
	in.short_name = short_name;
	in.body_text = j->mail ? j->mail->body_text : NULL;
	in.references = j->mail ? j->mail->references : NULL;
	answer_fill(j->verdict, &in);
}

void
answer_fill(struct verdict *v, const struct answer_in *in)
{
	const struct judge_ctx *ctx = in->ctx;
	const char *short_name = in->short_name;
	static const char *const keys[] = { "center", "short_name", "company",
	    "receipt", "persons", "items", "problems", "business",
	    "business_name", "example_subject", "correct_subject",
	    "answer_days", "date", "name", "id", "count", "notes" };
	enum { N_KEYS = sizeof keys / sizeof keys[0] };
	const struct rules_center *ce = ctx->center;
	const struct rules_business *bz = main_business(v, ce);
	const char *vals[N_KEYS], *tpl, *sv[K_N];
	char *company, *names, *ids, *count, *days, *sample = NULL;
	char *persons, *items, *problems, *notes, *correct, *body;
	char ymd[16], when[16];
	time_t now = time(NULL);
	struct tm tm;
	size_t i, n_named = 0;

	if (v->status == VERDICT_IGNORED || bz == NULL)
		return;
	localtime_r(&now, &tm);
	strftime(ymd, sizeof ymd, "%Y%m%d", &tm);
	snprintf(when, sizeof when, "%s", in->date ? in->date : ymd);
	{	/* Jing'an writes its dates without dashes */
		char *w = when, *r = when;
		for (; *r; r++)
			if (*r != '-')
				*w++ = *r;
		*w = '\0';
	}
	company = v->company ? xstrdup(v->company) : NULL;
	if (company == NULL)
		company = answer_guess_company(v->subject);
	if (company == NULL)
		company = answer_guess_company(in->body_text);
	for (i = 0; i < v->n_persons; i++)
		n_named += named(v->persons[i]);
	names = join_persons(v, 0);
	ids = join_persons(v, 1);
	count = xasprintf("%zu", n_named ? n_named : 1);
	days = xasprintf("%d", ce->answer_days);

	sv[K_COMPANY] = company ? company : "单位全称";
	sv[K_SHORT] = short_name ? short_name : "公司简称";
	sv[K_NAME] = names ? names : "申请人姓名";
	sv[K_ID] = ids ? ids : "身份证号";
	sv[K_COUNT] = count;
	sv[K_DATE] = when;
	correct = correct_subject(v, ce, bz, sv);

	if (ctx->receipt == NULL)
		sample = xasprintf("CHECK-%s-0000（示例号码：intake check 只预览"
		    "答复，不登记也不发送；正式受理时另编凭证号）", ymd);
	persons = person_list(v);
	items = item_list(v, ctx->rules);
	problems = in->problems ? xstrdup(in->problems) : problem_list(v, 1);
	notes = warning_notes(v);

	vals[0] = ce->display_name;
	vals[1] = sv[K_SHORT];
	vals[2] = company ? company : "贵单位";
	vals[3] = ctx->receipt ? ctx->receipt : sample;
	vals[4] = persons;
	vals[5] = items;
	vals[6] = problems;
	vals[7] = bz->business;
	vals[8] = rules_business_name(ctx->rules, bz->business);
	if (vals[8] == NULL)
		vals[8] = bz->business;
	vals[9] = bz->example_subject;
	vals[10] = correct;
	vals[11] = days;
	vals[12] = when;
	vals[13] = sv[K_NAME];
	vals[14] = sv[K_ID];
	vals[15] = count;
	vals[16] = notes;

	tpl = in->tpl ? in->tpl : v->status == VERDICT_ACCEPTED ?
	    ce->tpl_receipt : v->status == VERDICT_REJECTED ?
	    ce->tpl_rejection : ce->tpl_review;
	body = rules_expand(tpl, keys, vals, N_KEYS);

	if (v->reply == NULL)
		v->reply = xcalloc(1, sizeof *v->reply);
	verdict_set(&v->reply->to, v->from);
	free(v->reply->subject);
	{
		const char *orig = v->subject && *v->subject ? v->subject :
		    ce->display_name;

		if (in->tag)
			v->reply->subject = xasprintf("%s%s", in->tag, orig);
		else if (v->status == VERDICT_ACCEPTED && ctx->receipt)
			v->reply->subject = xasprintf("【已受理 收件凭证号 %s】%s",
			    ctx->receipt, orig);
		else
			v->reply->subject = xasprintf("%s%s",
			    v->status == VERDICT_ACCEPTED ? "【已受理】" :
			    v->status == VERDICT_REJECTED ?
			    "【需补正，暂不受理】" : "【已收到，待人工核对】",
			    orig);
	}
	free(v->reply->body);
	v->reply->body = body;
	verdict_set(&v->reply->in_reply_to, v->message_id);
	/* The sender's chain; reply_compose adds their message after it. */
	verdict_set(&v->reply->references, in->references);

	free(company);
	free(names);
	free(ids);
	free(count);
	free(days);
	free(sample);
	free(persons);
	free(items);
	free(problems);
	free(notes);
	free(correct);
}
