/*
 * subject-brackets.c — the SUBJECT_BRACKETS convention (Baoshan, Huangpu,
 * Hongkou): 【..】+【..】 in the order of spec.fields.
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

static const char *
field_label(enum subject_field f)
{
	switch (f) {
	case SUBJECT_F_COMPANY:
		return "单位名称";
	case SUBJECT_F_NAME:
		return "申请人姓名";
	case SUBJECT_F_ID:
		return "身份证号";
	case SUBJECT_F_BUSINESS:
		return "积分业务类型";
	}
	return "?";
}

static char *
bracket_shape(const enum subject_field *f, size_t n)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s" LBR "%s" RBR, i ? "+" : "",
		    field_label(f[i]));
	return buf_take(&b);
}

/* Digits (and X) only, 15 or more of them, maybe several joined by
 * separators: an ID number field. */
static int
id_like(const char *s)
{
	size_t run = 0, best = 0;

	for (; *s; s++) {
		if ((*s >= '0' && *s <= '9') || *s == 'x' || *s == 'X')
			run++;
		else if (*s == ' ' || *s == ',' || *s == '+' || *s == ';' ||
		    strncmp(s, DUN, 3) == 0) {
			if (*s != ' ')
				run = 0;
			if ((unsigned char)*s >= 0x80)
				s += 2;
		} else
			return 0;
		if (run > best)
			best = run;
	}
	return best >= 15;
}

/* An ID number as written: spaces dropped, x upper-cased. */
static char *
id_clean(const char *s, size_t len)
{
	struct buf b = { 0 };
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		buf_add(&b, s[i] == 'x' ? "X" : &s[i], 1);
	}
	return buf_take(&b);
}

/* Business field: a keyword with nothing but filler around it. */
static const struct subject_keyword *
business_field(const struct subject_spec *sp, const char *s)
{
	const struct subject_keyword *kw;
	size_t pos, l = strlen(s), kl;

	kw = subject_kw_find(sp, s, l, &pos);
	if (kw == NULL)
		return NULL;
	kl = strlen(kw->word);
	if (!subject_only_filler(s, pos) || !subject_only_filler(s + pos + kl, l - pos - kl))
		return NULL;
	return kw;
}

void
subject_parse_brackets(const char *s, const struct subject_spec *sp,
    struct subject_parse *out)
{
	static const enum subject_field deflt[4] = { SUBJECT_F_COMPANY,
	    SUBJECT_F_NAME, SUBJECT_F_ID, SUBJECT_F_BUSINESS };
	static const char *const plus[] = { "+", NULL };
	const enum subject_field *order = sp->n_fields ? sp->fields : deflt;
	size_t nf = sp->n_fields ? sp->n_fields : 4;
	struct subject_pieces fl = { 0 }, names = { 0 }, ids = { 0 };
	struct buf outside = { 0 };
	char **f = NULL, *shape = bracket_shape(order, nf);
	const char *p = s, *name_f = NULL, *id_f = NULL;
	const struct subject_keyword *kw = NULL;
	int role[8], bi = -1, ii = -1, v;
	size_t i, k, n = 0, cap = 0, clen;

	while (*p) {
		const char *l = strstr(p, LBR), *r;

		if (l == NULL) {
			buf_adds(&outside, p);
			break;
		}
		buf_add(&outside, p, (size_t)(l - p));
		r = strstr(l + 3, RBR);
		if (r == NULL || (strstr(l + 3, LBR) != NULL &&
		    strstr(l + 3, LBR) < r)) {
			subject_set_error(out, "方括号“【】”不成对，标题应为%s", shape);
			goto done;
		}
		subject_collect(l + 3, (size_t)(r - l - 3), &fl);
		p = r + 3;
	}
	if (fl.n == 0) {
		/* No brackets at all: "单位+张三+310...+积分新办". */
		subject_split_top(s, strlen(s), plus, subject_collect, &fl);
		if (fl.n < 2) {
			subject_set_error(out, "标题应为%s的格式", shape);
			goto done;
		}
		buf_free(&outside);
	}
	for (i = 0; outside.data && outside.data[i]; i++)
		if ((v = subject_count_at(outside.data + i, 1, &clen)) >= 0) {
			out->declared_count = v;
			break;
		}
	n = fl.n;
	f = xcalloc(n, sizeof *f);
	for (i = 0; i < n; i++)
		f[i] = subject_trimmed(fl.p[i], fl.len[i]);

	/* Roles by the spec's order, unless the contents say otherwise
	 * (the business or ID number in another place than published). */
	for (i = 0; i < n && i < 8; i++)
		role[i] = i < nf ? (int)order[i] : -1;
	for (i = 0; i < n; i++) {
		if (bi < 0 && business_field(sp, f[i]) != NULL)
			bi = (int)i;
		else if (ii < 0 && id_like(f[i]))
			ii = (int)i;
	}
	if (n <= 8 && (bi >= 0 || ii >= 0)) {
		size_t next = 0;
		int has_b = 0, has_i = 0;

		for (k = 0; k < nf; k++) {
			has_b |= order[k] == SUBJECT_F_BUSINESS;
			has_i |= order[k] == SUBJECT_F_ID;
		}
		for (i = 0; i < n; i++) {
			if ((int)i == bi && has_b) {
				role[i] = SUBJECT_F_BUSINESS;
				continue;
			}
			if ((int)i == ii && has_i) {
				role[i] = SUBJECT_F_ID;
				continue;
			}
			/* a field left out is most likely the business */
			while (next < nf && ((order[next] ==
			    SUBJECT_F_BUSINESS && (bi >= 0 || n < nf)) ||
			    (order[next] == SUBJECT_F_ID && ii >= 0)))
				next++;
			role[i] = next < nf ? (int)order[next++] : -1;
		}
	}
	if (n != nf && !(n == 2 && bi >= 0 && nf > 2))
		subject_set_error(out, "方括号字段应为%zu个，实际为%zu个（标题应为%s）",
		    nf, n, shape);
	for (i = 0; i < n && i < 8; i++) {
		switch (role[i]) {
		case SUBJECT_F_COMPANY:
			if (out->company == NULL)
				out->company = xstrdup(f[i]);
			break;
		case SUBJECT_F_NAME:
			name_f = f[i];
			break;
		case SUBJECT_F_ID:
			id_f = f[i];
			break;
		case SUBJECT_F_BUSINESS:
			kw = subject_kw_find(sp, f[i], strlen(f[i]), NULL);
			if (kw == NULL)
				subject_set_error(out, "业务类型“%s”无法识别，标题应为%s",
				    f[i], shape);
			break;
		}
	}
	for (i = 0; i < n; i++)
		if (*f[i] == '\0')
			subject_set_error(out, "第%zu个方括号是空的，标题应为%s", i + 1,
			    shape);
	/* 【单位账号密码重置】+【单位名称】: a unit business has no person. */
	if (n == 2 && bi >= 0 && nf > 2) {
		free(out->company);
		out->company = xstrdup(f[bi == 0 ? 1 : 0]);
		kw = business_field(sp, f[bi]);
		name_f = id_f = NULL;
	}
	if (kw != NULL)
		out->business = xstrdup(kw->business);
	else if (out->error == NULL)
		subject_set_error(out, "标题中未写明业务类型，标题应为%s", shape);
	if (name_f != NULL && *name_f) {
		subject_split_top(name_f, strlen(name_f), subject_person_seps, subject_collect,
		    &names);
		if (id_f != NULL && *id_f)
			subject_split_top(id_f, strlen(id_f), subject_person_seps, subject_collect,
			    &ids);
		if (ids.n > 0 && ids.n != names.n)
			subject_set_error(out, "申请人姓名有%zu个，身份证号有%zu个，"
			    "数量不一致", names.n, ids.n);
		for (i = 0; i < names.n; i++)
			subject_add_person(out, &cap, subject_trimmed(names.p[i],
			    names.len[i]), out->business, i < ids.n ?
			    id_clean(ids.p[i], ids.len[i]) : NULL);
	}
done:
	for (i = 0; i < n; i++)
		free(f[i]);
	free(f);
	free(shape);
	buf_free(&outside);
	subject_pieces_free(&fl);
	subject_pieces_free(&names);
	subject_pieces_free(&ids);
}

