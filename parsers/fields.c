/* fields.c — see fields.h. */
#include "fields.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "utf8.h"

static const char *const name_labels[] = { "申请人姓名", "申請人姓名",
	"本人姓名", "个人姓名", "姓名", "名字", "申请人", "申請人", NULL };
static const char *const id_labels[] = { "公民身份号码", "身份证件号码",
	"身份证号码", "身份證號碼", "身份证号", "身份證號", "身份证",
	"身份證", "证件号码", "證件號碼", "证件号", "ID", NULL };
static const char *const phone_labels[] = { "联系电话", "聯繫電話",
	"联系方式", "聯繫方式", "手机号码", "手機號碼", "手机号", "手機號",
	"手机", "手機", "电话号码", "電話號碼", "电话", "電話", "座机",
	"Tel", "Phone", "Mobile", NULL };
/* Other labels that end a value on a shared line. */
static const char *const other_labels[] = { "邮箱", "郵箱", "地址",
	"单位", "單位", "公司", "日期", "学历", "學歷", "Email", "E-mail",
	NULL };

/* ---- UTF-8 ---- */

static int
is_cjk(uint32_t c)
{
	return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

/* Full-width ASCII forms as ASCII, U+3000 and NBSP as a space. */
static char *
norm_text(const char *s)
{
	struct buf b = { 0 };
	uint32_t c;
	size_t n;
	char a;

	while (*s) {
		n = utf8_next(s, &c);
		if (c >= 0xff01 && c <= 0xff5e) {
			a = (char)(c - 0xfee0);
			buf_add(&b, &a, 1);
		} else if (c == 0x3000 || c == 0xa0) {
			buf_add(&b, " ", 1);
		} else
			buf_add(&b, s, n);
		s += n;
	}
	return buf_take(&b);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
ascii_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* ---- labels ---- */

/* Bytes of p that spell label, spaces between its characters allowed;
 * 0 when it does not. */
static size_t
label_at(const char *p, const char *label)
{
	const char *q = p;
	size_t n;

	while (*label) {
		if (q != p)
			while (is_blank(*q))
				q++;
		n = utf8_len(label);
		if (n == 1) {
			if (ascii_ncasecmp(q, label, 1) != 0)
				return 0;
		} else if (strncmp(q, label, n) != 0)
			return 0;
		q += n;
		label += n;
	}
	/* an ASCII label must end a word: "Tel" is not "Telegram" */
	if (ascii_alnum(q[-1]) && ascii_alnum(*q))
		return 0;
	return (size_t)(q - p);
}

/* The longest of labels at p (bytes in *len); NULL. */
static const char *
any_label_at(const char *p, const char *const *labels, size_t n,
    size_t *len)
{
	const char *best = NULL;
	size_t i, l, bl = 0;

	for (i = 0; i < n && labels[i]; i++) {
		if (strlen(labels[i]) <= bl)
			continue;
		if ((l = label_at(p, labels[i])) > 0) {
			best = labels[i];
			bl = strlen(labels[i]);
			*len = l;
		}
	}
	return best;
}

/* After a label at q: the colon form; returns the value's start or NULL. */
static const char *
after_label(const char *q)
{
	static const char *const suffix[] = { "号码", "號碼", "号", "號", "码",
	    "碼", NULL };
	static const char *const colon[] = { ":", "为", "為", "是", "=", NULL };
	const char *s;
	size_t i, l;

	for (i = 0; suffix[i]; i++) {
		l = strlen(suffix[i]);
		if (strncmp(q, suffix[i], l) == 0) {
			q += l;
			break;
		}
	}
	s = q;
	while (is_blank(*q))
		q++;
	for (i = 0; colon[i]; i++) {
		l = strlen(colon[i]);
		if (strncmp(q, colon[i], l) == 0) {
			q += l;
			while (is_blank(*q))
				q++;
			return q;
		}
	}
	if (q > s || (*q >= '0' && *q <= '9'))
		return q;
	return NULL;
}

static int
known_label_at(const char *p)
{
	static const char *const *const all[] = { name_labels, id_labels,
	    phone_labels, other_labels };
	size_t i, l;

	for (i = 0; i < 4; i++)
		if (any_label_at(p, all[i], SIZE_MAX, &l) &&
		    after_label(p + l) != NULL)
			return 1;
	return 0;
}

/* The value from v to its end (see fields.h), trimmed; NULL if empty. */
static char *
take_value(const char *v)
{
	static const char *const stop[] = { ",", ";", "|", "\xe3\x80\x82",
	    NULL };
	const char *e = v;
	size_t i, l;

	while (*e && *e != '\n' && *e != '\r') {
		for (i = 0; stop[i]; i++)
			if (strncmp(e, stop[i], strlen(stop[i])) == 0)
				break;
		if (stop[i])
			break;
		if (is_blank(*e)) {
			const char *f = e;

			while (is_blank(*f))
				f++;
			if (known_label_at(f))
				break;
		}
		e += utf8_len(e);
	}
	while (e > v && (is_blank(e[-1]) || e[-1] == '.'))
		e--;
	l = (size_t)(e - v);
	return l ? xstrndup(v, l) : NULL;
}

char *
fields_labeled(const char *text, const char *const *labels, size_t n)
{
	char *t, *val = NULL;
	const char *p, *v;
	uint32_t prev = '\n';
	size_t l;

	if (text == NULL || labels == NULL)
		return NULL;
	t = norm_text(text);
	for (p = t; *p && val == NULL; p += utf8_next(p, &prev)) {
		if (is_cjk(prev) || ascii_alnum((char)(prev < 0x80 ? prev : 0)))
			continue;
		if (any_label_at(p, labels, n, &l) == NULL)
			continue;
		if ((v = after_label(p + l)) == NULL)
			continue;
		val = take_value(v);
	}
	free(t);
	return val;
}

/* ---- phones ---- */

struct group {
	size_t	 off, len;	/* in the digit string */
	int	 tainted;	/* touches ASCII letters or is part of an ID */
};

static char *
phone_from(const char *d, size_t n, const struct group *g, size_t a,
    size_t b, int plus, int labelled)
{
	size_t area;

	/* +86 / 0086 / 86 before a mobile */
	if ((plus || g[a].len == 2 || g[a].len == 4) && n >= 13) {
		if (n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1') {
			d += 2;
			n -= 2;
		} else if (n == 15 && strncmp(d, "0086", 4) == 0 &&
		    d[4] == '1') {
			d += 4;
			n -= 4;
		}
	}
	if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9')
		return xstrndup(d, 11);
	if (d[0] == '0' && n >= 10 && n <= 12) {
		if (b > a && (g[a].len == 3 || g[a].len == 4))
			area = g[a].len;
		else
			area = d[1] == '1' || d[1] == '2' ? 3 : 4;
		if (n - area >= 7 && n - area <= 8)
			return xasprintf("%.*s-%.*s", (int)area, d,
			    (int)(n - area), d + area);
	}
	if (labelled && (n == 7 || n == 8) && d[0] != '0' && d[0] != '1')
		return xstrndup(d, n);
	return NULL;
}

/* Phone numbers in one line. */
static char *
phone_in_line(const char *s, size_t len, int labelled)
{
	struct group g[64];
	char d[256];
	size_t i = 0, ng, nd, a, b, n;
	int plus;
	char *r;

	while (i < len) {
		if (!(s[i] >= '0' && s[i] <= '9') && s[i] != '+' &&
		    s[i] != '(') {
			i++;
			continue;
		}
		if (i > 0 && ascii_alnum(s[i - 1])) {
			i++;
			while (i < len && ascii_alnum(s[i]))
				i++;
			continue;
		}
		plus = s[i] == '+';
		if (plus || s[i] == '(')
			i++;
		if (i < len && s[i] == '+') {		/* (+86) */
			plus = 1;
			i++;
		}
		/* a run of digit groups joined by one - or spaces or () */
		ng = nd = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && ng < 64) {
			g[ng].off = nd;
			g[ng].tainted = 0;
			while (i < len && s[i] >= '0' && s[i] <= '9') {
				if (nd < sizeof d - 1)
					d[nd++] = s[i];
				i++;
			}
			g[ng].len = nd - g[ng].off;
			if (i < len && ascii_alnum(s[i]))
				g[ng].tainted = 1;
			ng++;
			n = i;
			while (n < len && (s[n] == ' ' || s[n] == '-' ||
			    s[n] == '(' || s[n] == ')') && n - i < 2)
				n++;
			if (n == i || n >= len || !(s[n] >= '0' && s[n] <= '9'))
				break;
			i = n;
		}
		d[nd] = '\0';
		for (a = 0; a < ng; a++) {
			if (g[a].tainted)
				continue;
			for (b = ng; b-- > a;) {
				size_t k;
				int bad = 0;

				for (k = a; k <= b; k++)
					bad |= g[k].tainted;
				if (bad)
					continue;
				n = g[b].off + g[b].len - g[a].off;
				r = phone_from(d + g[a].off, n, g, a, b,
				    plus && a == 0, labelled);
				if (r != NULL)
					return r;
			}
		}
		while (i < len && ascii_alnum(s[i]))
			i++;
	}
	return NULL;
}

static char *
phone_text(const char *text, int force_labelled)
{
	static const char *const ctx[] = { "电话", "電話", "座机", "座機",
	    "tel", "Tel", "TEL", "联系方式", NULL };
	char *t, *r = NULL, *line, *e;
	size_t i;
	int labelled;

	if (text == NULL)
		return NULL;
	t = norm_text(text);
	for (line = t; line && *line && r == NULL; line = e ? e + 1 : NULL) {
		e = strchr(line, '\n');
		if (e != NULL)
			*e = '\0';
		labelled = force_labelled;
		for (i = 0; ctx[i]; i++)
			if (strstr(line, ctx[i]) != NULL)
				labelled = 1;
		r = phone_in_line(line, strlen(line), labelled);
	}
	free(t);
	return r;
}

char *
fields_phone(const char *text)
{
	return phone_text(text, 0);
}

/* ---- ID numbers ---- */

static char *
id_clean(const char *v)
{
	struct buf b = { 0 };

	for (; *v; v++) {
		if (is_blank(*v))
			continue;
		buf_add(&b, *v == 'x' ? "X" : v, 1);
	}
	return buf_take(&b);
}

char *
fields_id_number(const char *text)
{
	char *v, *t, *r = NULL;
	size_t i, j;

	if (text == NULL)
		return NULL;
	v = fields_labeled(text, id_labels, SIZE_MAX);
	if (v != NULL) {
		t = id_clean(v);
		free(v);
		/* "310101199001011234（本人）": the ID-shaped start */
		for (i = 0; (t[i] >= '0' && t[i] <= '9') || t[i] == 'X'; i++)
			;
		if (i >= 15)
			t[i] = '\0';
		if (*t)
			return t;
		free(t);
	}
	t = norm_text(text);
	for (i = 0; t[i] && r == NULL; i++) {
		if (!(t[i] >= '0' && t[i] <= '9') ||
		    (i > 0 && ascii_alnum(t[i - 1])))
			continue;
		for (j = i; t[j] >= '0' && t[j] <= '9'; j++)
			;
		if (j - i == 17 && (t[j] == 'X' || t[j] == 'x') &&
		    !ascii_alnum(t[j + 1])) {
			char *x = xstrndup(t + i, 18);

			r = id_clean(x);
			free(x);
		} else if (j - i == 18 && !ascii_alnum(t[j]))
			r = xstrndup(t + i, 18);
		i = j;
		if (t[i] == '\0')
			break;
	}
	free(t);
	return r;
}

/* ---- all three ---- */

int
fields_read(const char *text, struct fields *out)
{
	char *v;
	int n = 0;

	memset(out, 0, sizeof *out);
	if ((v = fields_labeled(text, name_labels, SIZE_MAX)) != NULL) {
		size_t e = strcspn(v, " (\t");
		out->name = xstrndup(v, e);
		free(v);
		if (*out->name == '\0') {
			free(out->name);
			out->name = NULL;
		}
	}
	out->id_number = fields_id_number(text);
	if ((v = fields_labeled(text, phone_labels, SIZE_MAX)) != NULL) {
		out->phone = phone_text(v, 1);
		free(v);
	}
	if (out->phone == NULL)
		out->phone = fields_phone(text);
	n = (out->name != NULL) + (out->id_number != NULL) +
	    (out->phone != NULL);
	return n;
}

void
fields_free(struct fields *f)
{
	if (f == NULL)
		return;
	free(f->name);
	free(f->id_number);
	free(f->phone);
	memset(f, 0, sizeof *f);
}
