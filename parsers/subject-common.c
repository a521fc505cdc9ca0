/*
 * subject-common.c — what the three readers share: numbers, keywords, persons,
 * splitting.
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
cn_digit(uint32_t c)
{
	static const struct { uint32_t c; int v; } d[] = {
		{ 0x96f6, 0 }, { 0x3007, 0 }, { 0x4e00, 1 }, { 0x4e8c, 2 },
		{ 0x4e24, 2 }, { 0x5169, 2 }, { 0x4e09, 3 }, { 0x56db, 4 },
		{ 0x4e94, 5 }, { 0x516d, 6 }, { 0x4e03, 7 }, { 0x516b, 8 },
		{ 0x4e5d, 9 },
	};
	size_t i;

	if (c >= '0' && c <= '9')
		return (int)(c - '0');
	if (c >= 0xff10 && c <= 0xff19)
		return (int)(c - 0xff10);
	for (i = 0; i < sizeof d / sizeof d[0]; i++)
		if (d[i].c == c)
			return d[i].v;
	return -1;
}

static int
cn_unit(uint32_t c)
{
	if (c == 0x5341)	/* 十 */
		return 10;
	if (c == 0x767e)	/* 百 */
		return 100;
	return 0;
}

/* Parses a number of at most len bytes; -1 if those bytes are not all
 * one number. */
static int
cn_number_n(const char *s, size_t len)
{
	long total = 0, cur = 0;
	int any = 0, have_cur = 0, d, u;
	uint32_t c;
	size_t n, i = 0;

	while (i < len && s[i]) {
		n = utf8_next(s + i, &c);
		if (i + n > len)
			return -1;
		i += n;
		if (c == ' ' || c == 0x3000)
			continue;
		if ((d = cn_digit(c)) >= 0) {
			cur = have_cur ? cur * 10 + d : d;	/* 二〇, 12 */
			have_cur = 1;
		} else if ((u = cn_unit(c)) != 0) {
			total += (have_cur ? cur : 1) * u;
			cur = 0;
			have_cur = 0;
		} else
			return -1;
		if (cur > 100000 || total > 100000)
			return -1;
		any = 1;
	}
	if (!any)
		return -1;
	return (int)(total + cur);
}

int
subject_cn_number(const char *s)
{
	if (s == NULL)
		return -1;
	return cn_number_n(s, strlen(s));
}

/* Length of the run of number characters at s (bytes). */
static size_t
number_run(const char *s)
{
	size_t i = 0, n;
	uint32_t c;

	while (s[i]) {
		n = utf8_next(s + i, &c);
		if (cn_digit(c) < 0 && cn_unit(c) == 0)
			break;
		i += n;
	}
	return i;
}

/* "共3人" / "3人" / "共三名" at s: the number, *len the bytes; -1 when not
 * a count.  need_gong: the 共 is required. */
int
subject_count_at(const char *s, int need_gong, size_t *len)
{
	const char *p = s;
	size_t n;
	int v;

	if (strncmp(p, "共", strlen("共")) == 0)
		p += strlen("共");
	else if (strncmp(p, "合计", strlen("合计")) == 0)
		p += strlen("合计");
	else if (need_gong)
		return -1;
	n = number_run(p);
	if (n == 0 || (v = cn_number_n(p, n)) < 0)
		return -1;
	p += n;
	if (strncmp(p, "人", strlen("人")) == 0 ||
	    strncmp(p, "名", strlen("名")) == 0 ||
	    strncmp(p, "位", strlen("位")) == 0)
		p += strlen("人");
	else
		return -1;
	*len = (size_t)(p - s);
	return v;
}

/* ---- small string helpers ---- */

static const char *
mem_find(const char *h, size_t hl, const char *n, size_t nl)
{
	size_t i;

	if (nl == 0 || nl > hl)
		return NULL;
	for (i = 0; i + nl <= hl; i++)
		if (h[i] == n[0] && memcmp(h + i, n, nl) == 0)
			return h + i;
	return NULL;
}

/* A malloc'd copy of s[0..len) without leading/trailing spaces and the
 * quote and bracket characters people wrap names in. */
char *
subject_trimmed(const char *s, size_t len)
{
	static const char *const junk[] = { " ", LBR, RBR, "\"", "'",
	    "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98", "\xe2\x80\x99",
	    "\xe3\x80\x8a", "\xe3\x80\x8b", "+", DASH, ",", ";", ":",
	    "\xe3\x80\x82", DUN, NULL };
	size_t i, l;
	int again = 1;

	while (again && len > 0) {
		again = 0;
		for (i = 0; junk[i]; i++) {
			l = strlen(junk[i]);
			if (len >= l && memcmp(s, junk[i], l) == 0) {
				s += l;
				len -= l;
				again = 1;
			}
			if (len >= l && memcmp(s + len - l, junk[i], l) == 0) {
				len -= l;
				again = 1;
			}
		}
	}
	return xstrndup(s, len);
}

/* The longest keyword inside s[0..len) (earliest on a tie); NULL. */
const struct subject_keyword *
subject_kw_find(const struct subject_spec *sp, const char *s, size_t len,
    size_t *pos)
{
	const struct subject_keyword *best = NULL;
	size_t i, bl = 0, bp = 0, l;
	const char *f;

	for (i = 0; i < sp->n_keywords; i++) {
		if (sp->keywords[i].word == NULL)
			continue;
		l = strlen(sp->keywords[i].word);
		f = mem_find(s, len, sp->keywords[i].word, l);
		if (f == NULL)
			continue;
		if (l > bl || (l == bl && (size_t)(f - s) < bp)) {
			best = &sp->keywords[i];
			bl = l;
			bp = (size_t)(f - s);
		}
	}
	if (pos)
		*pos = bp;
	return best;
}

/* The longest keyword that s starts with; NULL. */
const struct subject_keyword *
subject_kw_prefix(const struct subject_spec *sp, const char *s)
{
	const struct subject_keyword *best = NULL;
	size_t i, bl = 0, l;

	for (i = 0; i < sp->n_keywords; i++) {
		if (sp->keywords[i].word == NULL)
			continue;
		l = strlen(sp->keywords[i].word);
		if (l > bl && strncmp(s, sp->keywords[i].word, l) == 0) {
			best = &sp->keywords[i];
			bl = l;
		}
	}
	return best;
}

/* Words around a business keyword that name no person ("办理单位注册",
 * "单位注册业务"). */
int
subject_only_filler(const char *s, size_t len)
{
	static const char *const fill[] = { "办理", "辦理", "业务", "業務",
	    "申请", "申請", "的", "材料", "事宜", "积分", "積分", NULL };
	size_t i, l;
	int again = 1;

	while (len > 0 && again) {
		again = 0;
		for (i = 0; fill[i]; i++) {
			l = strlen(fill[i]);
			if (len >= l && memcmp(s, fill[i], l) == 0) {
				s += l;
				len -= l;
				again = 1;
			} else if (len >= l &&
			    memcmp(s + len - l, fill[i], l) == 0) {
				len -= l;
				again = 1;
			}
		}
		while (len > 0 && (*s == ' ' || *s == '+')) {
			s++;
			len--;
			again = 1;
		}
	}
	return len == 0;
}

void
subject_set_error(struct subject_parse *out, const char *fmt, ...)
{
	va_list ap;

	out->ok = 0;
	if (out->error != NULL)		/* the first problem is the cause */
		return;
	va_start(ap, fmt);
	out->error = xvasprintf(fmt, ap);
	va_end(ap);
}

struct subject_person *
subject_add_person(struct subject_parse *out, size_t *cap, char *name,
    const char *business, char *id)
{
	struct subject_person *p;

	xgrow((void **)&out->persons, cap, out->n_persons,
	    sizeof *out->persons);
	p = &out->persons[out->n_persons++];
	p->name = name;
	p->business = business ? xstrdup(business) : NULL;
	p->id_number = id;
	return p;
}

static int
latin(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* A dash between two Latin letters or digits is a hyphen inside a word
 * ("ABC-Tech"), not a separator. */
int
subject_latin_hyphen(const char *s, size_t len, size_t i, const char *sep)
{
	return strcmp(sep, DASH) == 0 && i > 0 && i + 3 < len &&
	    latin(s[i - 1]) && latin(s[i + 3]);
}

/* Splits s[0..len) at depth-0 separators among seps (NULL-terminated);
 * calls fn for each piece (maybe empty). */
void
subject_split_top(const char *s, size_t len, const char *const *seps,
    void (*fn)(const char *, size_t, void *), void *arg)
{
	size_t i = 0, start = 0, k, l = 0;
	int depth = 0;

	while (i < len) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && depth > 0)
			depth--;
		if (depth == 0) {
			for (k = 0; seps[k]; k++) {
				l = strlen(seps[k]);
				if (i + l <= len && memcmp(s + i, seps[k], l) == 0
				    && !subject_latin_hyphen(s, len, i, seps[k]))
					break;
			}
			if (seps[k]) {
				fn(s + start, i - start, arg);
				i += l;
				start = i;
				continue;
			}
		}
		i++;
	}
	fn(s + start, len - start, arg);
}

void
subject_collect(const char *s, size_t len, void *arg)
{
	struct subject_pieces *pc = arg;

	xgrow((void **)&pc->p, &pc->cap, pc->n, sizeof *pc->p);
	xgrow((void **)&pc->len, &pc->capl, pc->n, sizeof *pc->len);
	pc->p[pc->n] = s;
	pc->len[pc->n] = len;
	pc->n++;
}

void
subject_pieces_free(struct subject_pieces *pc)
{
	free(pc->p);
	free(pc->len);
	memset(pc, 0, sizeof *pc);
}

const char *const subject_person_seps[] = { "+", DUN, ",", ";", "&", NULL };

