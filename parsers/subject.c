/*
 * subject.c — see subject.h: normalising, prefixes, numbers in words and
 * the entry points.  Each convention has its own reader (subject-dash.c,
 * subject-brackets.c, subject-compact.c) over subject-common.c.
 *
 * Everything works on the normalized form (subject_normalize): one dash
 * "—", brackets 【】, ASCII ( ) + : , and no spaces next to CJK text or
 * separators.  That way each convention's reader only has to know one
 * spelling of each separator.
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
			subject_set_error(out, "邮件标题是空的");
		return out->ok ? 0 : -1;
	}
	switch (sp->kind) {
	case SUBJECT_DASH:
		subject_parse_dash(out->clean, sp, out);
		break;
	case SUBJECT_BRACKETS:
		subject_parse_brackets(out->clean, sp, out);
		break;
	case SUBJECT_COMPACT:
		subject_parse_compact(out->clean, sp, out);
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

