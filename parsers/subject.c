/*
 * subject.c — see subject.h.
 *
 * Everything works on the normalized form (subject_normalize): one dash
 * "—", brackets 【】, ASCII ( ) + : , and no spaces next to CJK text or
 * separators.  That way each convention's reader only has to know one
 * spelling of each separator.
 */
#include "subject.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "utf8.h"

#define DASH	"\xe2\x80\x94"		/* — U+2014 */
#define LBR	"\xe3\x80\x90"		/* 【 U+3010 */
#define RBR	"\xe3\x80\x91"		/* 】 U+3011 */
#define DUN	"\xe3\x80\x81"		/* 、 U+3001 */

static int
is_space_cp(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
	    c == '\v' || c == '\f' || c == 0xa0 || c == 0x3000;
}

static int
is_dash_cp(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
	    c == 0xfe58 || c == 0xfe63 || c == 0xff0d || c == 0x2500 ||
	    c == 0x2501 || c == 0x2e3a || c == 0x2e3b;
}

/* One code point of the input as the normalized form has it. */
static uint32_t
map_cp(uint32_t c)
{
	if (is_space_cp(c))
		return ' ';
	if (is_dash_cp(c))
		return 0x2014;
	switch (c) {
	case '[': case 0x3014: case 0x3016: case 0xff3b: case 0x3010:
		return 0x3010;
	case ']': case 0x3015: case 0x3017: case 0xff3d: case 0x3011:
		return 0x3011;
	case 0xfe59:
		return '(';
	case 0xfe5a:
		return ')';
	case 0xfe62:
		return '+';
	}
	if (c >= 0xff01 && c <= 0xff5e)
		return c - 0xfee0;
	return c;
}

/* Characters next to which a space means nothing. */
static int
is_sep_cp(uint32_t c)
{
	return c >= 0x80 || c == '+' || c == '(' || c == ')' || c == ':' ||
	    c == ',' || c == ';' || c == '_';
}

char *
subject_normalize(const char *s)
{
	struct buf b = { 0 };
	uint32_t c, prev = 0;
	size_t n;
	int pending_space = 0;

	if (s == NULL)
		return NULL;
	while (*s) {
		n = utf8_next(s, &c);
		s += n;
		c = map_cp(c);
		if (c == ' ') {
			pending_space = 1;
			continue;
		}
		if (c == 0x2014 && prev == 0x2014) {	/* —— is one dash */
			pending_space = 0;
			continue;
		}
		if (pending_space && prev != 0 && !is_sep_cp(prev) &&
		    !is_sep_cp(c))
			buf_add(&b, " ", 1);
		pending_space = 0;
		utf8_put(&b, c);
		prev = c;
	}
	return buf_take(&b);
}

/* ---- prefixes ---- */

/* Matches a prefix word at s (ASCII words case-insensitively), then an
 * optional "[2]", spaces and a colon; returns the length or 0. */
static size_t
prefix_at(const char *s)
{
	static const char *const words[] = { "回复", "答复", "转发", "回覆",
	    "回復", "答覆", "轉發", "转寄", "fwd", "fw", "re", "aw", NULL };
	size_t i, n;
	const char *p;

	for (i = 0; words[i]; i++) {
		n = strlen(words[i]);
		if (ascii_ncasecmp(s, words[i], n) != 0)
			continue;
		p = s + n;
		if (*p == '[' || *p == '(') {	/* Re[2]: */
			const char *q = p + 1;
			while (*q >= '0' && *q <= '9')
				q++;
			if (q > p + 1 && (*q == ']' || *q == ')'))
				p = q + 1;
		}
		while (*p == ' ' || *p == '\t' ||
		    strncmp(p, "\xe3\x80\x80", 3) == 0)
			p += *p == ' ' || *p == '\t' ? 1 : 3;
		if (*p == ':')
			return (size_t)(p + 1 - s);
		if (strncmp(p, "\xef\xbc\x9a", 3) == 0)	/* ： */
			return (size_t)(p + 3 - s);
	}
	return 0;
}

static const char *
skip_spaces(const char *s)
{
	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (strncmp(s, "\xe3\x80\x80", 3) == 0)
			s += 3;
		else
			return s;
	}
}

char *
subject_strip_prefixes(const char *s)
{
	size_t n;

	if (s == NULL)
		return NULL;
	for (;;) {
		s = skip_spaces(s);
		if ((n = prefix_at(s)) == 0)
			break;
		s += n;
	}
	return xstrdup(s);
}

/* ---- numbers ---- */

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
static int
count_at(const char *s, int need_gong, size_t *len)
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
static char *
trimmed(const char *s, size_t len)
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
static const struct subject_keyword *
kw_find(const struct subject_spec *sp, const char *s, size_t len,
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
static const struct subject_keyword *
kw_prefix(const struct subject_spec *sp, const char *s)
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
static int
only_filler(const char *s, size_t len)
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

static void
set_error(struct subject_parse *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_error(struct subject_parse *out, const char *fmt, ...)
{
	va_list ap;

	out->ok = 0;
	if (out->error != NULL)		/* the first problem is the cause */
		return;
	va_start(ap, fmt);
	out->error = xvasprintf(fmt, ap);
	va_end(ap);
}

static struct subject_person *
add_person(struct subject_parse *out, size_t *cap, char *name,
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
static int
latin_hyphen(const char *s, size_t len, size_t i, const char *sep)
{
	return strcmp(sep, DASH) == 0 && i > 0 && i + 3 < len &&
	    latin(s[i - 1]) && latin(s[i + 3]);
}

/* Splits s[0..len) at depth-0 separators among seps (NULL-terminated);
 * calls fn for each piece (maybe empty). */
static void
split_top(const char *s, size_t len, const char *const *seps,
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
				    && !latin_hyphen(s, len, i, seps[k]))
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

struct pieces {
	const char **p;
	size_t	*len;
	size_t	 n, cap, capl;
};

static void
collect(const char *s, size_t len, void *arg)
{
	struct pieces *pc = arg;

	xgrow((void **)&pc->p, &pc->cap, pc->n, sizeof *pc->p);
	xgrow((void **)&pc->len, &pc->capl, pc->n, sizeof *pc->len);
	pc->p[pc->n] = s;
	pc->len[pc->n] = len;
	pc->n++;
}

static void
pieces_free(struct pieces *pc)
{
	free(pc->p);
	free(pc->len);
	memset(pc, 0, sizeof *pc);
}

static const char *const person_seps[] = { "+", DUN, ",", ";", "&", NULL };

/* ---- SUBJECT_DASH ---- */

static void
parse_dash(const char *s, const struct subject_spec *sp,
    struct subject_parse *out)
{
	static const char *const dash[] = { DASH, NULL };
	struct pieces segs = { 0 }, items = { 0 };
	const struct subject_keyword *msg_kw = NULL, *kw, *explicit = NULL;
	size_t i, cap = 0, clen, pos;
	int mixed = 0, v;
	char **item_err = NULL;

	split_top(s, strlen(s), dash, collect, &segs);
	if (segs.n < 2) {
		set_error(out, "标题中找不到“—”分隔的单位名称和人员（应为"
		    "“单位名称—张三(新办)+李四(续办)—共2人”或“单位名称—"
		    "业务名称”）");
		goto done;
	}
	out->company = trimmed(segs.p[0], segs.len[0]);
	for (i = 0; out->company[i]; i++)	/* back to the hyphen written */
		if (latin_hyphen(out->company, strlen(out->company), i, DASH)
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
		if ((v = count_at(p, 0, &clen)) >= 0 && clen == len) {
			out->declared_count = v;
			continue;
		}
		/* "张三(新办)共1人" with the last dash left out */
		for (k = 0; k < len; k++) {
			if (strncmp(p + k, "共", strlen("共")) == 0 &&
			    (v = count_at(p + k, 1, &clen)) >= 0) {
				out->declared_count = v;
				break;
			}
		}
		split_top(p, k, person_seps, collect, &items);
	}
	item_err = xcalloc(items.n + 1, sizeof *item_err);
	for (i = 0; i < items.n; i++) {
		const char *lp;
		char *t = trimmed(items.p[i], items.len[i]), *name;

		if (*t == '\0') {
			free(t);
			continue;
		}
		lp = strchr(t, '(');
		if (lp != NULL) {
			const char *inner = lp + 1, *rp = strchr(inner, ')');
			size_t il = rp ? (size_t)(rp - inner) : strlen(inner);

			kw = kw_find(sp, inner, il, NULL);
			name = trimmed(t, (size_t)(lp - t));
			if (*name == '\0') {
				/* "(新办)" on its own: the message's business */
				free(name);
				if (kw != NULL && msg_kw == NULL)
					msg_kw = kw;
				else if (kw == NULL)
					set_error(out, "括号中的“%.*s”不是可识别"
					    "的业务类型", (int)il, inner);
				free(t);
				continue;
			}
			if (kw == NULL)
				item_err[out->n_persons] = xasprintf(
				    "“%s”括号中的“%.*s”不是可识别的业务类型",
				    name, (int)il, inner);
			add_person(out, &cap, name, kw ? kw->business : NULL,
			    NULL);
			free(t);
			continue;
		}
		kw = kw_find(sp, t, strlen(t), &pos);
		if (kw != NULL) {
			size_t kl = strlen(kw->word);
			struct buf rest = { 0 };
			char *r;

			buf_add(&rest, t, pos);
			buf_adds(&rest, t + pos + kl);
			r = buf_take(&rest);
			if (only_filler(r, strlen(r))) {
				if (msg_kw == NULL)
					msg_kw = kw;
				else if (strcmp(msg_kw->business,
				    kw->business) != 0)
					set_error(out, "一封邮件只能办理一种"
					    "单位业务（标题中有“%s”和“%s”）",
					    msg_kw->word, kw->word);
				free(r);
			} else {
				/* "张三新办": the keyword without brackets */
				name = trimmed(r, strlen(r));
				free(r);
				add_person(out, &cap, name, kw->business, NULL);
			}
			free(t);
			continue;
		}
		add_person(out, &cap, t, NULL, NULL);
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
			set_error(out, "%s", item_err[i]);
			continue;
		}
		if (p->business != NULL)
			continue;
		if (msg_kw != NULL)
			p->business = xstrdup(msg_kw->business);
		else if (mixed)
			set_error(out, "“%s”后未写明业务类型（如“%s(新办)”）",
			    p->name, p->name);
	}
	if (msg_kw == NULL && !mixed) {
		if (out->n_persons == 0)
			set_error(out, "标题中“—”后未写明人员和业务类型（如"
			    "“张三(新办)”或“单位账号密码重置”）");
		else
			set_error(out, "标题中未写明业务类型（应为“张三(新办)”"
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
		set_error(out, "标题中缺少单位名称（“—”前应为单位全称）");
done:
	if (item_err != NULL)
		for (i = 0; i <= items.n; i++)
			free(item_err[i]);
	free(item_err);
	pieces_free(&segs);
	pieces_free(&items);
}

/* ---- SUBJECT_BRACKETS ---- */

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

	kw = kw_find(sp, s, l, &pos);
	if (kw == NULL)
		return NULL;
	kl = strlen(kw->word);
	if (!only_filler(s, pos) || !only_filler(s + pos + kl, l - pos - kl))
		return NULL;
	return kw;
}

static void
parse_brackets(const char *s, const struct subject_spec *sp,
    struct subject_parse *out)
{
	static const enum subject_field deflt[4] = { SUBJECT_F_COMPANY,
	    SUBJECT_F_NAME, SUBJECT_F_ID, SUBJECT_F_BUSINESS };
	static const char *const plus[] = { "+", NULL };
	const enum subject_field *order = sp->n_fields ? sp->fields : deflt;
	size_t nf = sp->n_fields ? sp->n_fields : 4;
	struct pieces fl = { 0 }, names = { 0 }, ids = { 0 };
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
			set_error(out, "方括号“【】”不成对，标题应为%s", shape);
			goto done;
		}
		collect(l + 3, (size_t)(r - l - 3), &fl);
		p = r + 3;
	}
	if (fl.n == 0) {
		/* No brackets at all: "单位+张三+310...+积分新办". */
		split_top(s, strlen(s), plus, collect, &fl);
		if (fl.n < 2) {
			set_error(out, "标题应为%s的格式", shape);
			goto done;
		}
		buf_free(&outside);
	}
	for (i = 0; outside.data && outside.data[i]; i++)
		if ((v = count_at(outside.data + i, 1, &clen)) >= 0) {
			out->declared_count = v;
			break;
		}
	n = fl.n;
	f = xcalloc(n, sizeof *f);
	for (i = 0; i < n; i++)
		f[i] = trimmed(fl.p[i], fl.len[i]);

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
		set_error(out, "方括号字段应为%zu个，实际为%zu个（标题应为%s）",
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
			kw = kw_find(sp, f[i], strlen(f[i]), NULL);
			if (kw == NULL)
				set_error(out, "业务类型“%s”无法识别，标题应为%s",
				    f[i], shape);
			break;
		}
	}
	for (i = 0; i < n; i++)
		if (*f[i] == '\0')
			set_error(out, "第%zu个方括号是空的，标题应为%s", i + 1,
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
		set_error(out, "标题中未写明业务类型，标题应为%s", shape);
	if (name_f != NULL && *name_f) {
		split_top(name_f, strlen(name_f), person_seps, collect,
		    &names);
		if (id_f != NULL && *id_f)
			split_top(id_f, strlen(id_f), person_seps, collect,
			    &ids);
		if (ids.n > 0 && ids.n != names.n)
			set_error(out, "申请人姓名有%zu个，身份证号有%zu个，"
			    "数量不一致", names.n, ids.n);
		for (i = 0; i < names.n; i++)
			add_person(out, &cap, trimmed(names.p[i],
			    names.len[i]), out->business, i < ids.n ?
			    id_clean(ids.p[i], ids.len[i]) : NULL);
	}
done:
	for (i = 0; i < n; i++)
		free(f[i]);
	free(f);
	free(shape);
	buf_free(&outside);
	pieces_free(&fl);
	pieces_free(&names);
	pieces_free(&ids);
}

/* ---- SUBJECT_COMPACT ---- */

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

static void
parse_compact(const char *s, const struct subject_spec *sp,
    struct subject_parse *out)
{
	static const char *const name_seps[] = { DUN, ",", ";", "&", NULL };
	const struct subject_keyword *kw;
	const char *company;
	char iso[24], *rest, *t;
	struct pieces names = { 0 };
	size_t pos, len, cap = 0, i;
	int n;

	n = date_at(s, iso);
	if (n < 0) {
		size_t k = 0;

		while (s[k] >= '0' && s[k] <= '9')
			k++;
		set_error(out, "开头的日期“%.*s”无法识别（可写作20260315或"
		    "2026-03-15）", (int)k, s);
		n = 0;
		while (s[n] >= '0' && s[n] <= '9')
			n++;
	} else if (n > 0)
		out->date = xstrdup(iso);
	rest = compact_squeeze(s + n);

	/* business, short name, name; tolerate business after the name */
	kw = kw_prefix(sp, rest);
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
	if (kw == NULL && (kw = kw_find(sp, rest, strlen(rest), &pos))) {
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
	split_top(rest, strlen(rest), name_seps, collect, &names);
	for (i = 0; i < names.n; i++) {
		char *nm = trimmed(names.p[i], names.len[i]);

		if (*nm == '\0') {
			free(nm);
			continue;
		}
		add_person(out, &cap, nm, out->business, NULL);
	}
	if (company == NULL) {
		if (sp->n_short_names == 0)
			set_error(out, "没有登记的单位简称，无法从“%s”中认出"
			    "单位", s);
		else
			set_error(out, "“%s”中找不到登记的单位简称（应为“日期+"
			    "积分新办+单位简称+人名”，如“20260315积分新办平安"
			    "人寿张三”）", s);
	}
	if (out->n_persons == 0)
		set_error(out, "“%s”中未写明申请人姓名（应为“日期+积分新办+"
		    "单位简称+人名”）", s);
	free(rest);
	pieces_free(&names);
}

/* ---- entry points ---- */

int
subject_parse(const char *subject, const struct subject_spec *sp,
    struct subject_parse *out)
{
	char *a, *b;

	memset(out, 0, sizeof *out);
	out->declared_count = -1;
	out->ok = 1;
	a = subject_strip_prefixes(subject ? subject : "");
	b = subject_normalize(a);
	free(a);
	out->clean = subject_strip_prefixes(b);	/* ＲＥ： only now reads Re: */
	free(b);
	if (out->clean[0] == '\0') {
		if (sp->kind != SUBJECT_FREE)
			set_error(out, "邮件标题是空的");
		return out->ok ? 0 : -1;
	}
	switch (sp->kind) {
	case SUBJECT_DASH:
		parse_dash(out->clean, sp, out);
		break;
	case SUBJECT_BRACKETS:
		parse_brackets(out->clean, sp, out);
		break;
	case SUBJECT_COMPACT:
		parse_compact(out->clean, sp, out);
		break;
	case SUBJECT_FREE:
		break;
	}
	return out->ok ? 0 : -1;
}

void
subject_parse_free(struct subject_parse *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n_persons; i++) {
		free(p->persons[i].name);
		free(p->persons[i].business);
		free(p->persons[i].id_number);
	}
	free(p->persons);
	free(p->error);
	free(p->clean);
	free(p->company);
	free(p->business);
	free(p->date);
	memset(p, 0, sizeof *p);
	p->declared_count = -1;
}

char *
subject_strip_ext_index(const char *name)
{
	static const char *const tails[] = { " - 副本", "-副本", "副本",
	    " - Copy", NULL };
	char *s, *dot, *e;
	size_t len, i, l;
	int again = 1, alpha = 0;

	if (name == NULL)
		return NULL;
	s = xstrdup(name);
	/* the extension: 1-5 ASCII letters/digits, at least one letter */
	if ((dot = strrchr(s, '.')) != NULL && dot != s) {
		for (e = dot + 1; *e; e++) {
			if ((*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z'))
				alpha = 1;
			else if (!(*e >= '0' && *e <= '9'))
				break;
		}
		if (*e == '\0' && alpha && e - dot - 1 <= 5)
			*dot = '\0';
	}
	while (again) {
		again = 0;
		len = strlen(s);
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			s[--len] = '\0';
		for (i = 0; tails[i]; i++) {
			l = strlen(tails[i]);
			if (len > l && strcmp(s + len - l, tails[i]) == 0) {
				s[len - l] = '\0';
				again = 1;
				break;
			}
		}
		if (again)
			continue;
		/* "(1)", "（1）", "[1]", "-1", "_1", "—1", or a bare "1"
		 * right after CJK text */
		i = len;
		{
			const char *close[] = { ")", "\xef\xbc\x89", "]", NULL };
			const char *open[] = { "(", "\xef\xbc\x88", "[", NULL };
			size_t c, j;

			for (c = 0; close[c]; c++) {
				l = strlen(close[c]);
				if (len <= l || strcmp(s + len - l, close[c]))
					continue;
				j = len - l;
				while (j > 0 && s[j - 1] >= '0' && s[j - 1] <= '9')
					j--;
				if (j == len - l || j < strlen(open[c]))
					continue;
				if (strncmp(s + j - strlen(open[c]), open[c],
				    strlen(open[c])) == 0 &&
				    j - strlen(open[c]) > 0) {
					s[j - strlen(open[c])] = '\0';
					again = 1;
					break;
				}
			}
			if (again)
				continue;
		}
		while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
			i--;
		if (i == len || i == 0 || len - i > 2)
			continue;
		if (s[i - 1] == '-' || s[i - 1] == '_') {
			if (i > 1) {
				s[i - 1] = '\0';
				again = 1;
			}
		} else if (i >= 3 && strncmp(s + i - 3, DASH, 3) == 0 && i > 3) {
			s[i - 3] = '\0';
			again = 1;
		} else if ((unsigned char)s[i - 1] >= 0x80) {
			s[i] = '\0';
			again = 1;
		}
	}
	return s;
}
