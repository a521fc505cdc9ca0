/* senders.c — see senders.h.  RFC 4180 is small enough to read here: no
 * CSV library is among the project's dependencies. */
#include "senders.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "utf8.h"

struct senders {
	struct senders_entry *v;
	size_t		 n, cap;
	const char	**short_names;
	char		**strs;		/* every string, for freeing */
	size_t		 n_strs, cap_strs;
};

static const char *
keep(struct senders *s, char *str)
{
	xgrow((void **)&s->strs, &s->cap_strs, s->n_strs, sizeof *s->strs);
	s->strs[s->n_strs++] = str;
	return str;
}

void
senders_free(struct senders *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n_strs; i++)
		free(s->strs[i]);
	free(s->strs);
	free(s->v);
	free(s->short_names);
	free(s);
}

/* Trims ASCII spaces and tabs in place. */
static char *
trim(char *f)
{
	size_t n;

	while (*f == ' ' || *f == '\t')
		f++;
	n = strlen(f);
	while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
		f[--n] = '\0';
	return f;
}

/*
 * Reads one record starting at *pp (advanced past it), fields into
 * fields[] (malloc'd, at most max kept, *nf counts all).  *line is the
 * record's first line; *nextline is advanced over the newlines inside
 * quotes.  Returns 0, or -1 on an unterminated quote.
 */
static int
read_record(const char **pp, const char *end, char **fields, size_t max,
    size_t *nf, int *nextline)
{
	const char *p = *pp;
	struct buf b = { 0 };
	int quoted = 0, rc = 0;

	*nf = 0;
	buf_adds(&b, "");
	for (;;) {
		if (p >= end && quoted) {
			rc = -1;
			quoted = 0;
		}
		if (p >= end || (!quoted && (*p == '\n' || *p == '\r' ||
		    *p == ','))) {
			char *f = buf_take(&b);
			if (*nf < max)
				fields[*nf] = f;
			else
				free(f);
			(*nf)++;
			buf_adds(&b, "");
			if (p < end && *p == ',') {
				p++;
				continue;
			}
			break;
		}
		if (*p == '"') {
			if (!quoted) {
				/* A quote opens a field only at its start
				 * (after optional spaces). */
				size_t i;
				int blank = 1;
				for (i = 0; i < b.len; i++)
					if (b.data[i] != ' ' &&
					    b.data[i] != '\t')
						blank = 0;
				if (blank) {
					b.len = 0;
					b.data[0] = '\0';
					quoted = 1;
				} else
					buf_add(&b, p, 1);
				p++;
				continue;
			}
			if (p + 1 < end && p[1] == '"') {
				buf_add(&b, "\"", 1);
				p += 2;
				continue;
			}
			quoted = 0;
			p++;
			continue;
		}
		if (*p == '\n')
			(*nextline)++;
		buf_add(&b, p, 1);
		p++;
	}
	buf_free(&b);
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	(*nextline)++;
	*pp = p;
	return rc;
}

static int
valid_email(const char *e)
{
	const char *at = strchr(e, '@');

	return at != NULL && at != e && at[1] != '\0' &&
	    strchr(at + 1, '@') == NULL && strpbrk(e, " \t,;<>\"") == NULL;
}

struct senders *
senders_load(const char *path, struct diag *d)
{
	struct senders *s;
	char *data, *fields[4];
	const char *p, *end;
	size_t len, nf, i, j;
	int line = 1, next = 1, errors = 0, header = 1;

	if ((data = read_file(path, &len)) == NULL) {
		diag_add(d, path, 0, "cannot read: %s", strerror(errno));
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	p = data;
	end = data + len;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		int rc;
		line = next;
		rc = read_record(&p, end, fields, 4, &nf, &next);
		if (rc < 0) {
			diag_add(d, path, line, "unterminated quoted field");
			errors++;
		}
		if (nf == 1 && *trim(fields[0]) == '\0') {
			free(fields[0]);
			continue;			/* blank line */
		}
		for (i = 0; i < nf && i < 4; i++)
			if (!utf8_valid(fields[i], strlen(fields[i]))) {
				diag_add(d, path, line, "not UTF-8 (save the "
				    "file as \"CSV UTF-8\")");
				errors++;
				break;
			}
		if (header) {
			header = 0;
			if (nf != 3 || strcmp(trim(fields[0]), "company") ||
			    strcmp(trim(fields[1]), "short_name") ||
			    strcmp(trim(fields[2]), "email")) {
				diag_add(d, path, line, "the first line must "
				    "be the header company,short_name,email");
				errors++;
			}
		} else if (nf != 3) {
			diag_add(d, path, line, "%zu fields, want 3 "
			    "(company,short_name,email)", nf);
			errors++;
		} else {
			struct senders_entry e;
			char *em = trim(fields[2]);
			size_t el = strlen(em);
			if (el >= 2 && em[0] == '<' && em[el - 1] == '>') {
				em[el - 1] = '\0';
				em = trim(em + 1);
			}
			e.company = keep(s, xstrdup(trim(fields[0])));
			e.short_name = keep(s, xstrdup(trim(fields[1])));
			e.email = keep(s, xstrdup(em));
			e.line = line;
			if (!*e.company || !*e.short_name || !*e.email) {
				diag_add(d, path, line, "empty field");
				errors++;
			} else if (!valid_email(e.email)) {
				diag_add(d, path, line, "'%s' is not an "
				    "e-mail address", e.email);
				errors++;
			} else {
				for (j = 0; j < s->n; j++) {
					const struct senders_entry *o =
					    &s->v[j];
					const char *what = NULL;
					if (ascii_casecmp(o->email, e.email)
					    == 0)
						what = "address";
					else if (strcmp(o->short_name,
					    e.short_name) == 0)
						what = "short name";
					else if (strcmp(o->company,
					    e.company) == 0)
						what = "company";
					if (what != NULL) {
						diag_add(d, path, line, "%s "
						    "already registered on "
						    "line %d (one address per "
						    "company)", what,
						    o->line);
						errors++;
						break;
					}
				}
				if (j == s->n) {
					xgrow((void **)&s->v, &s->cap, s->n,
					    sizeof *s->v);
					s->v[s->n++] = e;
				}
			}
		}
		for (i = 0; i < nf && i < 4; i++)
			free(fields[i]);
	}
	if (header) {
		diag_add(d, path, 0, "empty file: the header "
		    "company,short_name,email is missing");
		errors++;
	}
	free(data);
	if (errors) {
		senders_free(s);
		return NULL;
	}
	s->short_names = xcalloc(s->n + 1, sizeof *s->short_names);
	for (i = 0; i < s->n; i++)
		s->short_names[i] = s->v[i].short_name;
	return s;
}

const struct senders_entry *
senders_by_email(const struct senders *s, const char *email)
{
	size_t i;

	for (i = 0; s && email && i < s->n; i++)
		if (ascii_casecmp(s->v[i].email, email) == 0)
			return &s->v[i];
	return NULL;
}

const struct senders_entry *
senders_by_short_name(const struct senders *s, const char *short_name)
{
	size_t i, l;

	if (s == NULL || short_name == NULL)
		return NULL;
	while (*short_name == ' ')
		short_name++;
	l = strlen(short_name);
	while (l > 0 && short_name[l - 1] == ' ')
		l--;
	for (i = 0; i < s->n; i++)
		if (strlen(s->v[i].short_name) == l &&
		    memcmp(s->v[i].short_name, short_name, l) == 0)
			return &s->v[i];
	return NULL;
}

const struct senders_entry *
senders_at(const struct senders *s, size_t i, size_t *n)
{
	if (n != NULL)
		*n = s ? s->n : 0;
	return s && i < s->n ? &s->v[i] : NULL;
}

const char *const *
senders_short_names(const struct senders *s, size_t *n)
{
	*n = s ? s->n : 0;
	return s ? s->short_names : NULL;
}
