/*
 * subject-dash.c — the SUBJECT_DASH convention (Minhang, Xuhui):
 *   公司—张三(新办)+李四(续办)—共2人.
 * See subject.h and subject-impl.h.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "subject-impl.h"
#include "util.h"
#include "utf8.h"

void
subject_parse_dash(const char *s, const struct subject_spec *sp,
    struct subject_parse *out)
{
	static const char *const dash[] = { DASH, NULL };
	struct subject_pieces segs = { 0 }, items = { 0 };
	const struct subject_keyword *msg_kw = NULL, *kw, *explicit = NULL;
	size_t i, cap = 0, clen, pos;
	int mixed = 0, v;
	char **item_err = NULL;

	subject_split_top(s, strlen(s), dash, subject_collect, &segs);
	if (segs.n < 2) {
		subject_set_error(out, "标题中找不到“—”分隔的单位名称和人员（应为"
		    "“单位名称—张三(新办)+李四(续办)—共2人”或“单位名称—"
		    "业务名称”）");
		goto done;
	}
	out->company = subject_trimmed(segs.p[0], segs.len[0]);
	for (i = 0; out->company[i]; i++)	/* back to the hyphen written */
		if (subject_latin_hyphen(out->company, strlen(out->company), i, DASH)
		    && strncmp(out->company + i, DASH, 3) == 0) {
			out->company[i] = '-';
			memmove(out->company + i + 1, out->company + i + 3,
			    strlen(out->company + i + 3) + 1);
		}
	for (i = 1; i < segs.n; i++) {
		const char *p = segs.p[i];
		size_t len = segs.len[i], k;

		if (len == 0)
			continue;
		if ((v = subject_count_at(p, 0, &clen)) >= 0 && clen == len) {
			out->declared_count = v;
			continue;
		}
		/* "张三(新办)共1人" with the last dash left out */
		for (k = 0; k < len; k++) {
			if (strncmp(p + k, "共", strlen("共")) == 0 &&
			    (v = subject_count_at(p + k, 1, &clen)) >= 0) {
				out->declared_count = v;
				break;
			}
		}
		subject_split_top(p, k, subject_person_seps, subject_collect, &items);
	}
	item_err = xcalloc(items.n + 1, sizeof *item_err);
	for (i = 0; i < items.n; i++) {
		const char *lp;
		char *t = subject_trimmed(items.p[i], items.len[i]), *name;

		if (*t == '\0') {
			free(t);
			continue;
		}
		lp = strchr(t, '(');
		if (lp != NULL) {
			const char *inner = lp + 1, *rp = strchr(inner, ')');
			size_t il = rp ? (size_t)(rp - inner) : strlen(inner);

			kw = subject_kw_find(sp, inner, il, NULL);
			name = subject_trimmed(t, (size_t)(lp - t));
			if (*name == '\0') {
				/* "(新办)" on its own: the message's business */
				free(name);
				if (kw != NULL && msg_kw == NULL)
					msg_kw = kw;
				else if (kw == NULL)
					subject_set_error(out, "括号中的“%.*s”不是可识别"
					    "的业务类型", (int)il, inner);
				free(t);
				continue;
			}
			if (kw == NULL)
				item_err[out->n_persons] = xasprintf(
				    "“%s”括号中的“%.*s”不是可识别的业务类型",
				    name, (int)il, inner);
			subject_add_person(out, &cap, name, kw ? kw->business : NULL,
			    NULL);
			free(t);
			continue;
		}
		kw = subject_kw_find(sp, t, strlen(t), &pos);
		if (kw != NULL) {
			size_t kl = strlen(kw->word);
			struct buf rest = { 0 };
			char *r;

			buf_add(&rest, t, pos);
			buf_adds(&rest, t + pos + kl);
			r = buf_take(&rest);
			if (subject_only_filler(r, strlen(r))) {
				if (msg_kw == NULL)
					msg_kw = kw;
				else if (strcmp(msg_kw->business,
				    kw->business) != 0)
					subject_set_error(out, "一封邮件只能办理一种"
					    "单位业务（标题中有“%s”和“%s”）",
					    msg_kw->word, kw->word);
				free(r);
			} else {
				/* "张三新办": the keyword without brackets */
				name = subject_trimmed(r, strlen(r));
				free(r);
				subject_add_person(out, &cap, name, kw->business, NULL);
			}
			free(t);
			continue;
		}
		subject_add_person(out, &cap, t, NULL, NULL);
	}

	/* Who does what: a message-level keyword or one shared business
	 * covers the persons that name none. */
	for (i = 0; i < out->n_persons; i++) {
		const char *b = out->persons[i].business;

		if (b == NULL)
			continue;
		if (explicit == NULL) {
			for (size_t k = 0; k < sp->n_keywords; k++)
				if (strcmp(sp->keywords[k].business, b) == 0) {
					explicit = &sp->keywords[k];
					break;
				}
		} else if (strcmp(explicit->business, b) != 0)
			mixed = 1;
	}
	if (msg_kw == NULL && !mixed)
		msg_kw = explicit;
	for (i = 0; i < out->n_persons; i++) {
		struct subject_person *p = &out->persons[i];

		if (item_err[i] != NULL) {
			subject_set_error(out, "%s", item_err[i]);
			continue;
		}
		if (p->business != NULL)
			continue;
		if (msg_kw != NULL)
			p->business = xstrdup(msg_kw->business);
		else if (mixed)
			subject_set_error(out, "“%s”后未写明业务类型（如“%s(新办)”）",
			    p->name, p->name);
	}
	if (msg_kw == NULL && !mixed) {
		if (out->n_persons == 0)
			subject_set_error(out, "标题中“—”后未写明人员和业务类型（如"
			    "“张三(新办)”或“单位账号密码重置”）");
		else
			subject_set_error(out, "标题中未写明业务类型（应为“张三(新办)”"
			    "的形式，括号内写业务类型）");
	}
	mixed = 0;
	for (i = 0; i < out->n_persons && msg_kw; i++)
		if (out->persons[i].business &&
		    strcmp(out->persons[i].business, msg_kw->business) != 0)
			mixed = 1;
	if (msg_kw != NULL && !mixed)
		out->business = xstrdup(msg_kw->business);
	if (*out->company == '\0')
		subject_set_error(out, "标题中缺少单位名称（“—”前应为单位全称）");
done:
	if (item_err != NULL)
		for (i = 0; i <= items.n; i++)
			free(item_err[i]);
	free(item_err);
	subject_pieces_free(&segs);
	subject_pieces_free(&items);
}

