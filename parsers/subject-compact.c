/*
 * subject-compact.c — the SUBJECT_COMPACT convention (Jing'an): [日期]业务
 * 简称 人名 with no separators, short names from the sender registry.
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

static int
digits_at(const char *s, size_t *n)
{
	int v = 0;

	*n = 0;
	while (s[*n] >= '0' && s[*n] <= '9' && *n < 9)
		v = v * 10 + (s[(*n)++] - '0');
	return v;
}

/* A date separator at s: its length, or 0. */
static size_t
date_sep(const char *s, int which)
{
	static const char *const seps[3][5] = {
		{ DASH, ".", "/", "年", NULL },
		{ DASH, ".", "/", "月", NULL },
		{ "日", "号", "號", NULL, NULL },
	};
	size_t i, l;

	for (i = 0; seps[which][i]; i++) {
		l = strlen(seps[which][i]);
		if (strncmp(s, seps[which][i], l) == 0)
			return l;
	}
	return 0;
}

/*
 * A leading date: 20260315, 2026-03-15 (any dash), 2026.3.15, 2026/3/15,
 * 2026年3月15日, 260315, 0315, 3.15, 3月15日.  Returns the bytes used (0:
 * none) and writes "2026-03-15" or "03-15" to iso; -1: digits that are no
 * date.
 */
static int
date_at(const char *s, char iso[24])
{
	size_t n, n2, n3, l;
	int y = -1, m, d;
	const char *p = s;

	if (!(*s >= '0' && *s <= '9'))
		return 0;
	y = digits_at(p, &n);
	if (n == 8) {
		d = y % 100;
		m = y / 100 % 100;
		y /= 10000;
		p += 8;
	} else if (n == 6 && !date_sep(p + 6, 0)) {
		d = y % 100;
		m = y / 100 % 100;
		y = 2000 + y / 10000;
		p += 6;
	} else if (n == 4 && !date_sep(p + 4, 0)) {
		d = y % 100;
		m = y / 100;
		y = -1;
		p += 4;
	} else if ((n == 4 || n == 2 || n == 1) && (l = date_sep(p + n, 0))) {
		const char *q = p + n + l;

		if (n != 4) {		/* 3.15, 3月15日: no year */
			m = y;
			y = -1;
			if (strncmp(p + n, "年", strlen("年")) == 0)
				return -1;
			d = digits_at(q, &n3);
			if (n3 == 0 || n3 > 2)
				return -1;
			p = q + n3;
		} else {
			m = digits_at(q, &n2);
			if (n2 == 0 || n2 > 2)
				return -1;
			q += n2;
			if ((l = date_sep(q, 1)) == 0)
				return -1;
			q += l;
			d = digits_at(q, &n3);
			if (n3 == 0 || n3 > 2)
				return -1;
			p = q + n3;
		}
		p += date_sep(p, 2);
	} else
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > 31 ||
	    (y >= 0 && (y < 1990 || y > 2100)))
		return -1;
	if (y >= 0)
		snprintf(iso, 24, "%04d-%02d-%02d", y, m, d);
	else
		snprintf(iso, 24, "%02d-%02d", m, d);
	return (int)(p - s);
}

/* Removes the characters people put between the parts of a compact
 * name (+, —, _, brackets, spaces) but keeps person separators. */
static char *
compact_squeeze(const char *s)
{
	static const char *const drop[] = { "+", DASH, "_", " ", LBR, RBR,
	    "(", ")", ":", NULL };
	struct buf b = { 0 };
	size_t i, l;

	while (*s) {
		for (i = 0; drop[i]; i++) {
			l = strlen(drop[i]);
			if (strncmp(s, drop[i], l) == 0)
				break;
		}
		if (drop[i]) {
			s += l;
			continue;
		}
		buf_add(&b, s, 1);
		s++;
	}
	return buf_take(&b);
}

/* The longest registered short name at the start of s (anywhere: *pos). */
static const char *
short_find(const struct subject_spec *sp, const char *s, int at_start,
    size_t *pos, size_t *len)
{
	const char *best = NULL, *f;
	size_t i, bl = 0, bp = 0;

	for (i = 0; i < sp->n_short_names; i++) {
		char *n;
		size_t l;

		if (sp->short_names[i] == NULL)
			continue;
		n = subject_normalize(sp->short_names[i]);
		l = strlen(n);
		f = l ? strstr(s, n) : NULL;
		if (at_start && f != s)
			f = NULL;
		if (f != NULL && (l > bl || (l == bl &&
		    (size_t)(f - s) < bp))) {
			best = sp->short_names[i];
			bl = l;
			bp = (size_t)(f - s);
		}
		free(n);
	}
	*pos = bp;
	*len = bl;
	return best;
}

static char *
cut(const char *s, size_t pos, size_t len)
{
	struct buf b = { 0 };

	buf_add(&b, s, pos);
	buf_adds(&b, s + pos + len);
	return buf_take(&b);
}

void
subject_parse_compact(const char *s, const struct subject_spec *sp,
    struct subject_parse *out)
{
	static const char *const name_seps[] = { DUN, ",", ";", "&", NULL };
	const struct subject_keyword *kw;
	const char *company;
	char iso[24], *rest, *t;
	struct subject_pieces names = { 0 };
	size_t pos, len, cap = 0, i;
	int n;

	n = date_at(s, iso);
	if (n < 0) {
		size_t k = 0;

		while (s[k] >= '0' && s[k] <= '9')
			k++;
		subject_set_error(out, "开头的日期“%.*s”无法识别（可写作20260315或"
		    "2026-03-15）", (int)k, s);
		n = 0;
		while (s[n] >= '0' && s[n] <= '9')
			n++;
	} else if (n > 0)
		out->date = xstrdup(iso);
	rest = compact_squeeze(s + n);

	/* business, short name, name; tolerate business after the name */
	kw = subject_kw_prefix(sp, rest);
	if (kw != NULL) {
		t = xstrdup(rest + strlen(kw->word));
		free(rest);
		rest = t;
	}
	company = short_find(sp, rest, 1, &pos, &len);
	if (company == NULL)
		company = short_find(sp, rest, 0, &pos, &len);
	if (company != NULL) {
		t = cut(rest, pos, len);
		free(rest);
		rest = t;
		out->company = xstrdup(company);
	}
	if (kw == NULL && (kw = subject_kw_find(sp, rest, strlen(rest), &pos))) {
		t = cut(rest, pos, strlen(kw->word));
		free(rest);
		rest = t;
	}
	if (kw != NULL)
		out->business = xstrdup(kw->business);
	/* a date at the end instead: "积分新办平安人寿张三20260315" */
	len = strlen(rest);
	for (i = len; i > 0 && rest[i - 1] >= '0' && rest[i - 1] <= '9'; i--)
		;
	if (i < len && out->date == NULL && date_at(rest + i, iso) ==
	    (int)(len - i)) {
		out->date = xstrdup(iso);
		rest[i] = '\0';
	}
	subject_split_top(rest, strlen(rest), name_seps, subject_collect, &names);
	for (i = 0; i < names.n; i++) {
		char *nm = subject_trimmed(names.p[i], names.len[i]);

		if (*nm == '\0') {
			free(nm);
			continue;
		}
		subject_add_person(out, &cap, nm, out->business, NULL);
	}
	if (company == NULL) {
		if (sp->n_short_names == 0)
			subject_set_error(out, "没有登记的单位简称，无法从“%s”中认出"
			    "单位", s);
		else
			subject_set_error(out, "“%s”中找不到登记的单位简称（应为“日期+"
			    "积分新办+单位简称+人名”，如“20260315积分新办平安"
			    "人寿张三”）", s);
	}
	if (out->n_persons == 0)
		subject_set_error(out, "“%s”中未写明申请人姓名（应为“日期+积分新办+"
		    "单位简称+人名”）", s);
	free(rest);
	subject_pieces_free(&names);
}

