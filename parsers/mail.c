/*
 * mail.c — one RFC 5322 message into struct mail_message, with libetpan.
 *
 * Header values are taken raw (mailimf_optional_fields_parse keeps 8-bit
 * bytes and the text as written) and then decoded by the right libetpan
 * parser; the part tree comes from mailmime_parse, which points into the
 * caller's buffer, so the message itself is never copied.  Decoded
 * attachment bytes stay in the buffer libetpan decoded them into.
 */
#define _GNU_SOURCE	/* memmem */
#include <sys/mman.h>

#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libetpan/libetpan.h>

#include "b64.h"
#include "charset.h"
#include "mail.h"
#include "util.h"
#include "utf8.h"

#define MAX_DEPTH	8	/* forwarded-in-forwarded levels opened */
#define MAX_PIECES	64	/* RFC 2231 continuations read */

struct text {
	struct buf	 plain;
	struct buf	 html;
	struct buf	 fwd;	/* forwarded messages' text */
};

struct walk {
	struct mail_message	*m;
	size_t			 att_cap;
	size_t			 err_cap;
	size_t			 auth_cap;
	unsigned		 part_no;
	int			 mapped;	/* buf is a file mapping */
};

static void add_error(struct walk *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_error(struct walk *w, const char *fmt, ...)
{
	struct mail_message	*m = w->m;
	va_list			 ap;

	xgrow((void **)&m->errors, &w->err_cap, m->n_errors,
	    sizeof(*m->errors));
	va_start(ap, fmt);
	m->errors[m->n_errors++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* ---- header values ---------------------------------------------------- */

/* A header value as written: folding line breaks removed, trimmed. */
static char *
unfold(const char *v)
{
	struct buf	 b = { 0 };
	const char	*s, *e;

	for (s = v; *s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'; s++)
		;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	buf_add(&b, "", 0);
	for (; s < e; s++)
		if (*s != '\r' && *s != '\n')
			buf_add(&b, s, 1);
	return buf_take(&b);
}

/* The value of the first field called name, raw; NULL if none. */
static const char *
field_raw(struct mailimf_fields *f, const char *name)
{
	clistiter			*it;
	struct mailimf_field		*fl;
	struct mailimf_optional_field	*o;

	if (f == NULL)
		return NULL;
	for (it = clist_begin(f->fld_list); it != NULL; it = clist_next(it)) {
		fl = clist_content(it);
		if (fl->fld_type != MAILIMF_FIELD_OPTIONAL_FIELD)
			continue;
		o = fl->fld_data.fld_optional_field;
		if (o->fld_name != NULL && o->fld_value != NULL &&
		    ascii_casecmp(o->fld_name, name) == 0)
			return o->fld_value;
	}
	return NULL;
}

static char *
field_unfolded(struct mailimf_fields *f, const char *name)
{
	const char	*v = field_raw(f, name);

	return v != NULL ? unfold(v) : NULL;
}

/* When libetpan cannot read an address (8-bit display names, junk), the
 * part inside <...> is still the address. */
static void
addr_fallback(const char *v, char **addr, char **name)
{
	const char	*lt, *gt;
	char		*n;

	lt = strrchr(v, '<');
	gt = lt != NULL ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL) {
		*addr = xstrndup(lt + 1, gt - lt - 1);
		n = xstrndup(v, lt - v);
	} else {
		/* No address at all ("undisclosed-recipients:;") is none. */
		*addr = strchr(v, '@') != NULL ? xstrdup(v) : NULL;
		n = NULL;
	}
	if (name != NULL && n != NULL) {
		/* A quoted display name: the quotes are not part of it. */
		char	*q;
		while ((q = strchr(n, '"')) != NULL)
			memmove(q, q + 1, strlen(q));
		*name = charset_decode_header(n, strlen(n));
		if (**name == '\0') {
			free(*name);
			*name = NULL;
		}
	}
	free(n);
}

static struct mailimf_mailbox *
first_mailbox(struct mailimf_address_list *al)
{
	clistiter		*it;
	struct mailimf_address	*a;
	struct mailimf_group	*g;

	for (it = clist_begin(al->ad_list); it != NULL; it = clist_next(it)) {
		a = clist_content(it);
		if (a->ad_type == MAILIMF_ADDRESS_MAILBOX)
			return a->ad_data.ad_mailbox;
		g = a->ad_data.ad_group;
		if (g->grp_mb_list != NULL &&
		    clist_begin(g->grp_mb_list->mb_list) != NULL)
			return clist_content(clist_begin(g->grp_mb_list->mb_list));
	}
	return NULL;
}

/* The first address of an address-list header, bare and lower case; its
 * display name decoded into *name when name is not NULL. */
static char *
header_addr(struct mailimf_fields *f, const char *field, char **name)
{
	const char			*raw = field_raw(f, field);
	char				*v, *addr = NULL, *t;
	size_t				 i = 0;
	struct mailimf_address_list	*al = NULL;
	struct mailimf_mailbox		*mb;

	if (raw == NULL)
		return NULL;
	v = unfold(raw);
	if (mailimf_address_list_parse(v, strlen(v), &i, &al) ==
	    MAILIMF_NO_ERROR && (mb = first_mailbox(al)) != NULL &&
	    mb->mb_addr_spec != NULL && strpbrk(mb->mb_addr_spec, "<>") ==
	    NULL) {
		addr = xstrdup(mb->mb_addr_spec);
		if (name != NULL && mb->mb_display_name != NULL)
			*name = charset_decode_header(mb->mb_display_name,
			    strlen(mb->mb_display_name));
	} else
		addr_fallback(v, &addr, name);
	if (al != NULL)
		mailimf_address_list_free(al);
	free(v);
	if (addr == NULL)
		return NULL;
	t = unfold(addr);	/* "< a@b >" leaves spaces */
	free(addr);
	return ascii_lower(t);
}

/* Return-Path: "<>" is the null sender and reads as "". */
static char *
header_return_path(struct mailimf_fields *f)
{
	const char	*raw = field_raw(f, "Return-Path");
	char		*v, *addr, *t;

	if (raw == NULL)
		return NULL;
	v = unfold(raw);
	addr_fallback(v, &addr, NULL);
	if (addr == NULL)
		addr = xstrdup(v);
	free(v);
	t = unfold(addr);
	free(addr);
	return ascii_lower(t);
}

static char *
header_msgid(struct mailimf_fields *f, const char *field)
{
	const char	*raw = field_raw(f, field);
	char		*v, *id = NULL, *r;
	size_t		 i = 0;

	if (raw == NULL)
		return NULL;
	v = unfold(raw);
	if (mailimf_msg_id_parse(v, strlen(v), &i, &id) != MAILIMF_NO_ERROR)
		return v;	/* not a msg-id: keep it as written */
	r = xasprintf("<%s>", id);
	mailimf_msg_id_free(id);
	free(v);
	return r;
}

/* "type/subtype" of a parsed Content-Type, lower case. */
static char *
type_string(struct mailmime_content *ct)
{
	static const char	*discrete[] = { "text", "text", "image",
	    "audio", "video", "application" };
	struct mailmime_type	*t;
	const char		*major = "application";

	if (ct == NULL || ct->ct_type == NULL)
		return xstrdup("text/plain");
	t = ct->ct_type;
	if (t->tp_type == MAILMIME_TYPE_DISCRETE_TYPE) {
		if (t->tp_data.tp_discrete_type->dt_type ==
		    MAILMIME_DISCRETE_TYPE_EXTENSION)
			major = t->tp_data.tp_discrete_type->dt_extension;
		else if (t->tp_data.tp_discrete_type->dt_type <
		    (int)(sizeof(discrete) / sizeof(*discrete)))
			major = discrete[t->tp_data.tp_discrete_type->dt_type];
	} else {
		switch (t->tp_data.tp_composite_type->ct_type) {
		case MAILMIME_COMPOSITE_TYPE_MESSAGE:
			major = "message";
			break;
		case MAILMIME_COMPOSITE_TYPE_MULTIPART:
			major = "multipart";
			break;
		default:
			major = t->tp_data.tp_composite_type->ct_token;
		}
	}
	return ascii_lower(xasprintf("%s/%s", major ? major : "application",
	    ct->ct_subtype ? ct->ct_subtype : "octet-stream"));
}

static void
header_content_type(struct mail_message *m, struct mailimf_fields *f)
{
	const char			*raw = field_raw(f, "Content-Type");
	struct mailmime_content		*ct = NULL;
	struct mailmime_parameter	*p;
	clistiter			*it;
	size_t				 i = 0;

	if (raw == NULL || mailmime_content_parse(raw, strlen(raw), &i, &ct) !=
	    MAILIMF_NO_ERROR) {
		/* RFC 2045's default, also what libetpan reads the body as. */
		m->content_type = xstrdup("text/plain");
		return;
	}
	m->content_type = type_string(ct);
	for (it = clist_begin(ct->ct_parameters); it != NULL;
	    it = clist_next(it)) {
		p = clist_content(it);
		if (ascii_casecmp(p->pa_name, "report-type") == 0 &&
		    m->report_type == NULL)
			m->report_type = ascii_lower(xstrdup(p->pa_value));
	}
	mailmime_content_free(ct);
}

static void
header_auth_results(struct walk *w, struct mailimf_fields *f)
{
	struct mail_message		*m = w->m;
	clistiter			*it;
	struct mailimf_field		*fl;
	struct mailimf_optional_field	*o;

	for (it = clist_begin(f->fld_list); it != NULL; it = clist_next(it)) {
		fl = clist_content(it);
		if (fl->fld_type != MAILIMF_FIELD_OPTIONAL_FIELD)
			continue;
		o = fl->fld_data.fld_optional_field;
		if (ascii_casecmp(o->fld_name, "Authentication-Results") != 0)
			continue;
		xgrow((void **)&m->auth_results, &w->auth_cap,
		    m->n_auth_results, sizeof(*m->auth_results));
		m->auth_results[m->n_auth_results++] = unfold(o->fld_value);
	}
}

/*
 * The header fields of a message.  A message cut off inside its header
 * (no line end after the last field) would lose that field, so a small one
 * is read again with a line end added.
 */
static struct mailimf_fields *
parse_fields(const char *buf, size_t len, size_t *end)
{
	struct mailimf_fields	*f = NULL;
	char			*copy;
	size_t			 i = 0;

	if (mailimf_optional_fields_parse(buf, len, &i, &f) !=
	    MAILIMF_NO_ERROR)
		f = NULL;
	*end = i;
	if (i >= len || len > (1 << 20) || memchr(buf + i, '\n', len - i) !=
	    NULL)
		return f;
	copy = xmalloc(len + 3);
	memcpy(copy, buf, len);
	memcpy(copy + len, "\r\n", 3);
	if (f != NULL)
		mailimf_fields_free(f);
	f = NULL;
	i = 0;
	if (mailimf_optional_fields_parse(copy, len + 2, &i, &f) !=
	    MAILIMF_NO_ERROR)
		f = NULL;
	*end = i < len ? i : len;
	free(copy);
	return f;
}

/* Every header field the judge reads; returns the offset of the body. */
static size_t
read_headers(struct walk *w, const char *buf, size_t len)
{
	struct mail_message	*m = w->m;
	struct mailimf_fields	*f = NULL;
	size_t			 i = 0;
	const char		*subj;

	f = parse_fields(buf, len, &i);
	if (f == NULL || clist_isempty(f->fld_list)) {
		add_error(w, "no header fields could be read");
		if (f != NULL)
			mailimf_fields_free(f);
		m->subject = xstrdup("");
		m->content_type = xstrdup("text/plain");
		return 0;
	}
	m->from = header_addr(f, "From", &m->from_name);
	m->sender = header_addr(f, "Sender", NULL);
	m->reply_to = header_addr(f, "Reply-To", NULL);
	m->return_path = header_return_path(f);
	m->to = header_addr(f, "To", NULL);
	m->message_id = header_msgid(f, "Message-ID");
	m->date = field_unfolded(f, "Date");
	subj = field_raw(f, "Subject");
	m->subject = subj != NULL ? charset_decode_header(subj, strlen(subj)) :
	    xstrdup("");
	m->in_reply_to = field_unfolded(f, "In-Reply-To");
	m->references = field_unfolded(f, "References");
	m->auto_submitted = field_unfolded(f, "Auto-Submitted");
	m->precedence = field_unfolded(f, "Precedence");
	m->list_id = field_unfolded(f, "List-Id");
	m->list_unsubscribe = field_unfolded(f, "List-Unsubscribe");
	m->x_autoreply = field_unfolded(f, "X-Autoreply");
	m->x_autorespond = field_unfolded(f, "X-Autorespond");
	header_content_type(m, f);
	header_auth_results(w, f);
	mailimf_fields_free(f);
	if (m->from == NULL)
		add_error(w, "no From address");
	return i;
}

/* ---- file names ------------------------------------------------------- */

struct param {
	const char	*name;
	const char	*value;
};

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* RFC 2231 extended values are %XX-escaped bytes. */
static void
pct_decode(const char *s, struct buf *b)
{
	char	 c;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
			c = (char)(hexval(s[1]) * 16 + hexval(s[2]));
			buf_add(b, &c, 1);
			s += 2;
		} else
			buf_add(b, s, 1);
	}
}

/* Which RFC 2231 piece of base a parameter name is: base*, base*N or
 * base*N*.  Returns the index, *ext set when %-encoded; -1 if none. */
static int
piece_index(const char *name, const char *base, int *ext)
{
	size_t	 n = strlen(base);
	int	 idx = 0;

	if (ascii_ncasecmp(name, base, n) != 0 || name[n] != '*')
		return -1;
	name += n + 1;
	if (*name == '\0') {
		*ext = 1;
		return 0;
	}
	if (*name < '0' || *name > '9')
		return -1;
	while (*name >= '0' && *name <= '9' && idx < MAX_PIECES)
		idx = idx * 10 + (*name++ - '0');
	if (idx >= MAX_PIECES)
		return -1;
	*ext = *name == '*';
	if (name[*ext] != '\0')
		return -1;
	return idx;
}

/* RFC 2231 (libetpan leaves it to us): pieces in order of N, %-decoded
 * where marked, charset from piece 0, bytes joined, then converted. */
static char *
param_2231(const struct param *p, size_t n, const char *base)
{
	const char	*val[MAX_PIECES] = { 0 };
	int		 ext[MAX_PIECES] = { 0 };
	struct buf	 b = { 0 };
	char		*cs = NULL, *r;
	const char	*v, *q1, *q2;
	size_t		 i;
	int		 k, e;

	for (i = 0; i < n; i++) {
		k = piece_index(p[i].name, base, &e);
		if (k >= 0 && val[k] == NULL) {
			val[k] = p[i].value;
			ext[k] = e;
		}
	}
	if (val[0] == NULL)
		return NULL;
	buf_add(&b, "", 0);
	for (k = 0; k < MAX_PIECES && val[k] != NULL; k++) {
		v = val[k];
		if (k == 0 && ext[0] && (q1 = strchr(v, '\'')) != NULL &&
		    (q2 = strchr(q1 + 1, '\'')) != NULL) {
			cs = xstrndup(v, q1 - v);
			v = q2 + 1;
		}
		if (ext[k])
			pct_decode(v, &b);
		else
			buf_adds(&b, v);
	}
	r = charset_to_utf8(cs, b.data, b.len);
	free(cs);
	buf_free(&b);
	return r;
}

/* A plain parameter: encoded words or raw 8-bit text, decoded. */
static char *
param_plain(const struct param *p, size_t n, const char *base)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (ascii_casecmp(p[i].name, base) == 0 && p[i].value != NULL)
			return charset_decode_header(p[i].value,
			    strlen(p[i].value));
	return NULL;
}

static char *
param_name(const struct param *p, size_t n, const char *base)
{
	char	*r;

	if ((r = param_2231(p, n, base)) == NULL)
		r = param_plain(p, n, base);
	if (r != NULL && *r == '\0') {
		free(r);
		r = NULL;
	}
	return r;
}

static size_t
disposition_params(struct mailmime_disposition *d, struct param **out)
{
	struct param			*p = NULL;
	size_t				 n = 0, cap = 0;
	clistiter			*it;
	struct mailmime_disposition_parm *dp;

	for (it = d != NULL ? clist_begin(d->dsp_parms) : NULL; it != NULL;
	    it = clist_next(it)) {
		dp = clist_content(it);
		xgrow((void **)&p, &cap, n, sizeof(*p));
		if (dp->pa_type == MAILMIME_DISPOSITION_PARM_FILENAME) {
			p[n].name = "filename";
			p[n++].value = dp->pa_data.pa_filename;
		} else if (dp->pa_type == MAILMIME_DISPOSITION_PARM_PARAMETER) {
			p[n].name = dp->pa_data.pa_parameter->pa_name;
			p[n++].value = dp->pa_data.pa_parameter->pa_value;
		}
	}
	*out = p;
	return n;
}

static size_t
content_params(struct mailmime_content *ct, struct param **out)
{
	struct param			*p = NULL;
	size_t				 n = 0, cap = 0;
	clistiter			*it;
	struct mailmime_parameter	*mp;

	for (it = ct != NULL ? clist_begin(ct->ct_parameters) : NULL;
	    it != NULL; it = clist_next(it)) {
		mp = clist_content(it);
		xgrow((void **)&p, &cap, n, sizeof(*p));
		p[n].name = mp->pa_name;
		p[n++].value = mp->pa_value;
	}
	*out = p;
	return n;
}

/* Where a part's own header starts: a message's body part shares the
 * message header, which for a forwarded message is its content (mm_body),
 * not the MIME header of the message/rfc822 part. */
static const char *
header_start(struct mailmime *part, size_t *len)
{
	struct mailmime	*up = part->mm_parent;

	if (up != NULL && up->mm_type == MAILMIME_MESSAGE) {
		if (up->mm_parent != NULL && up->mm_body != NULL &&
		    up->mm_body->dt_type == MAILMIME_DATA_TEXT) {
			*len = up->mm_body->dt_data.dt_text.dt_length;
			return up->mm_body->dt_data.dt_text.dt_data;
		}
		*len = up->mm_length;
		return up->mm_mime_start;
	}
	*len = part->mm_length;
	return part->mm_mime_start;
}

/*
 * Content-Type name=: libetpan has already run the whole value through
 * RFC 2047 decoding and turned raw 8-bit bytes into '?', so the value is
 * read again from the part's raw header.
 */
static char *
content_type_name(struct mailmime *part)
{
	struct mailimf_fields	*f = NULL;
	struct mailmime_content	*ct = NULL;
	struct param		*p = NULL;
	const char		*start, *raw;
	char			*v = NULL, *r = NULL;
	size_t			 len, i = 0, n;

	if ((start = header_start(part, &len)) == NULL)
		return NULL;
	if (mailimf_optional_fields_parse(start, len, &i, &f) !=
	    MAILIMF_NO_ERROR)
		return NULL;
	if ((raw = field_raw(f, "Content-Type")) == NULL)
		goto done;
	v = unfold(raw);
	i = 0;
	if (mailmime_content_parse(v, strlen(v), &i, &ct) != MAILIMF_NO_ERROR)
		goto done;
	n = content_params(ct, &p);
	r = param_name(p, n, "name");
	free(p);
	mailmime_content_free(ct);
done:
	free(v);
	mailimf_fields_free(f);
	return r;
}

static int
has_name_param(struct mailmime_content *ct)
{
	clistiter			*it;
	struct mailmime_parameter	*mp;

	for (it = ct != NULL ? clist_begin(ct->ct_parameters) : NULL;
	    it != NULL; it = clist_next(it)) {
		mp = clist_content(it);
		if (ascii_ncasecmp(mp->pa_name, "name", 4) == 0 &&
		    (mp->pa_name[4] == '\0' || mp->pa_name[4] == '*'))
			return 1;
	}
	return 0;
}

/* filename*= (RFC 2231), then filename=, then Content-Type name=. */
static char *
part_filename(struct mailmime *part, struct mailmime_single_fields *sf)
{
	struct param	*p;
	size_t		 n;
	char		*r;

	n = disposition_params(sf->fld_disposition, &p);
	r = param_name(p, n, "filename");
	free(p);
	if (r == NULL && has_name_param(part->mm_content_type))
		r = content_type_name(part);
	return r;
}

/* ---- bodies ----------------------------------------------------------- */

/* libetpan's base64 decoder skips what it cannot read without a word, so
 * damage is looked for here to be reported. */
static int
base64_damaged(const char *s, size_t len)
{
	size_t	 i, n = 0;
	char	 c;

	for (i = 0; i < len; i++) {
		c = s[i];
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=')
			n++;
		else if (c != '\r' && c != '\n' && c != ' ' && c != '\t')
			return 1;
	}
	return n % 4 != 0;
}

/* Plain text: CRLF becomes LF, so the text reads the same from any source. */
static void
add_text(struct buf *b, const char *s)
{
	if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_add(b, "\n", 1);
	for (; *s != '\0'; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			buf_add(b, s, 1);
}

/* The few entities mail clients write; returns bytes used, 0 if none. */
static size_t
html_entity(const char *s, struct buf *b)
{
	static const struct { const char *e; const char *t; } ents[] = {
		{ "&nbsp;", " " }, { "&amp;", "&" }, { "&lt;", "<" },
		{ "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" },
	};
	size_t		 i;
	char		*end;
	unsigned long	 cp;

	for (i = 0; i < sizeof(ents) / sizeof(*ents); i++)
		if (ascii_ncasecmp(s, ents[i].e, strlen(ents[i].e)) == 0) {
			buf_adds(b, ents[i].t);
			return strlen(ents[i].e);
		}
	if (s[1] != '#')
		return 0;
	if (s[2] == 'x' || s[2] == 'X')
		cp = strtoul(s + 3, &end, 16);
	else
		cp = strtoul(s + 2, &end, 10);
	if (*end != ';' || end == s + 2 || end == s + 3)
		return 0;
	utf8_put(b, cp > 0x10ffff ? 0xfffd : (uint32_t)cp);
	return end + 1 - s;
}

/* Tags that end a line of text when rendered. */
static int
html_breaks(const char *tag)
{
	static const char	*brk[] = { "br", "p", "/p", "div", "/div",
	    "tr", "/tr", "li", "h1", "h2", "h3", "/h1", "/h2", "/h3",
	    "/table", "hr", NULL };
	size_t			 i, n;

	for (i = 0; brk[i] != NULL; i++) {
		n = strlen(brk[i]);
		if (ascii_ncasecmp(tag, brk[i], n) == 0 &&
		    (tag[n] == '>' || tag[n] == ' ' || tag[n] == '/' ||
		    tag[n] == '\t' || tag[n] == '\r' || tag[n] == '\n'))
			return 1;
	}
	return 0;
}

/* Where the closing tag end starts (ASCII case ignored), or the end. */
static const char *
skip_to(const char *s, const char *end)
{
	size_t	 n = strlen(end);

	for (; *s != '\0'; s++)
		if (ascii_ncasecmp(s, end, n) == 0)
			return s;
	return s;
}

/* Text of an HTML part: tags dropped (script and style with their
 * content), block ends as line breaks, white space runs collapsed. */
static void
html_to_text(const char *s, struct buf *b)
{
	const char	*e;
	size_t		 n;
	int		 sp = 0;

	while (*s != '\0') {
		if (*s == '<') {
			if (ascii_ncasecmp(s, "<script", 7) == 0)
				s = skip_to(s, "</script");
			else if (ascii_ncasecmp(s, "<style", 6) == 0)
				s = skip_to(s, "</style");
			if (*s == '\0')
				break;
			if (html_breaks(s + 1)) {
				buf_add(b, "\n", 1);
				sp = 1;
			}
			e = strchr(s, '>');
			s = e != NULL ? e + 1 : s + strlen(s);
			continue;
		}
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			if (!sp)
				buf_add(b, " ", 1);
			sp = 1;
			s++;
			continue;
		}
		sp = 0;
		if (*s == '&' && (n = html_entity(s, b)) > 0) {
			s += n;
			continue;
		}
		buf_add(b, s++, 1);
	}
}

/* Who allocated a decoded part, so that it goes back to the same one. */
enum { OWNER_ETPAN, OWNER_B64 };

static void
add_attachment(struct walk *w, char *name, char *type, char *data,
    size_t len, int owner, unsigned depth)
{
	struct mail_message	*m = w->m;
	struct mail_attachment	*a;

	xgrow((void **)&m->atts, &w->att_cap, m->n_atts, sizeof(*m->atts));
	a = &m->atts[m->n_atts++];
	a->name = name;
	a->declared_type = type;
	a->data = (unsigned char *)data;
	a->len = len;
	a->data_owner = owner;
	a->depth = depth;
}

static void
decoded_free(char *p, int owner)
{
	if (p == NULL)
		return;
	if (owner == OWNER_B64)
		free(p);
	else
		mailmime_decoded_part_free(p);
}

/* The whole pages inside [s, s + len) of a file mapping are not needed
 * again: out of memory with them (mail_parse_mapped). */
static void
drop_pages(const char *s, size_t len)
{
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t a, b;

	if (pg <= 0 || len == 0)
		return;
	a = ((uintptr_t)s + (uintptr_t)pg - 1) & ~((uintptr_t)pg - 1);
	b = ((uintptr_t)s + len) & ~((uintptr_t)pg - 1);
	if (b > a)
		(void)madvise((void *)a, b - a, MADV_DONTNEED);	/* a hint */
}

/* Clean base64 a slice at a time (MAIL_B64_SLICE of input, cut after a
 * line end), each slice's pages of a file mapping dropped once decoded:
 * peak memory is the message or its decoded part, not both at once.
 * Slices that do not end on a whole group, or a padding before the end,
 * give -1 as the whole would (the caller then tries the whole). */
#define MAIL_B64_SLICE	(4u << 20)

static int
b64_sliced(struct walk *w, const char *s, size_t len, unsigned char **out,
    size_t *olen)
{
	unsigned char *o = xmalloc(len / 4 * 3 + 3), *piece;
	size_t at = 0, n = 0, plen, cut, k;

	while (at < len) {
		cut = len - at;
		if (cut > MAIL_B64_SLICE) {
			const char *nl = memchr(s + at + MAIL_B64_SLICE, '\n',
			    len - at - MAIL_B64_SLICE);

			cut = nl ? (size_t)(nl - (s + at)) + 1 : len - at;
		}
		for (k = cut; at + cut < len && k > 0 &&
		    strchr(" \t\r\n\v\f", s[at + k - 1]) != NULL; k--)
			;
		if ((at + cut < len && k > 0 && s[at + k - 1] == '=') ||
		    b64_decode(s + at, cut, &piece, &plen) != 0) {
			free(o);
			return -1;
		}
		memcpy(o + n, piece, plen);
		n += plen;
		free(piece);
		if (w->mapped)
			drop_pages(s + at, cut);
		at += cut;
	}
	*out = o;
	*olen = n;
	return 0;
}

/* Decodes a part's content into *out (never NULL), allocated by *owner:
 * release it with decoded_free(). */
static void
decode_part(struct walk *w, struct mailmime *part, int enc, char **out,
    size_t *olen, int *owner)
{
	struct mailmime_data	*d = part->mm_data.mm_single;
	const char		*s = "";
	size_t			 len = 0, i = 0;

	if (d != NULL && d->dt_type == MAILMIME_DATA_TEXT &&
	    d->dt_data.dt_text.dt_data != NULL) {
		s = d->dt_data.dt_text.dt_data;
		len = d->dt_data.dt_text.dt_length;
	}
	*out = NULL;
	*olen = 0;
	/* Clean base64 — the attachments of nearly every mail — takes the
	 * in-tree decoder (b64.c, four characters a step), many times
	 * faster than libetpan's, which appends every three bytes to a
	 * growing string.  Anything it refuses takes libetpan's lenient
	 * path, which skips what it cannot read and where damage is
	 * reported. */
	*owner = OWNER_B64;
	if (enc == MAILMIME_MECHANISM_BASE64 && (b64_sliced(w, s, len,
	    (unsigned char **)out, olen) == 0 || b64_decode(s, len,
	    (unsigned char **)out, olen) == 0)) {
		if (w->mapped)
			drop_pages(s, len);
		return;
	}
	*owner = OWNER_ETPAN;
	if (enc == MAILMIME_MECHANISM_BASE64 && base64_damaged(s, len))
		add_error(w, "part %u: damaged base64, content may be "
		    "incomplete", w->part_no);
	if (mailmime_part_parse(s, len, &i, enc, out, olen) !=
	    MAILIMF_NO_ERROR || *out == NULL) {
		add_error(w, "part %u: content could not be decoded",
		    w->part_no);
		i = 0;
		*olen = 0;
		if (mailmime_part_parse("", 0, &i, MAILMIME_MECHANISM_8BIT,
		    out, olen) != MAILIMF_NO_ERROR)
			abort();	/* only out of memory gets here */
	}
}

static void
leaf(struct walk *w, struct mailmime *part, unsigned depth, struct text *t)
{
	struct mailmime_single_fields	 sf;
	char				*type, *name, *out, *s;
	size_t				 olen;
	int				 enc, owner;

	w->part_no++;
	mailmime_single_fields_init(&sf, part->mm_mime_fields,
	    part->mm_content_type);
	type = type_string(part->mm_content_type);
	name = part_filename(part, &sf);
	enc = sf.fld_encoding != NULL ? sf.fld_encoding->enc_type :
	    MAILMIME_MECHANISM_8BIT;
	decode_part(w, part, enc, &out, &olen, &owner);
	if (name != NULL || strncmp(type, "text/", 5) != 0) {
		add_attachment(w, name, type, out, olen, owner, depth);
		return;
	}
	if (strcmp(type, "text/plain") == 0 || strcmp(type, "text/html") == 0) {
		s = charset_to_utf8(sf.fld_content_charset, out, olen);
		if (type[5] == 'p')
			add_text(&t->plain, s);
		else
			html_to_text(s, &t->html);
		free(s);
	}
	/* Other unnamed text (text/rfc822-headers of a DSN...) is not body
	 * text. */
	decoded_free(out, owner);
	free(type);
}

/* The text of one message level: its plain text, else its HTML text,
 * then what was forwarded inside it. */
static char *
text_finish(struct text *t)
{
	struct buf	*own = t->plain.len > 0 ? &t->plain : &t->html;
	struct buf	 b = { 0 };

	buf_add(&b, "", 0);
	add_text(&b, own->data != NULL ? own->data : "");
	if (t->fwd.len > 0)
		add_text(&b, t->fwd.data);
	buf_free(&t->plain);
	buf_free(&t->html);
	buf_free(&t->fwd);
	/* The line end before a boundary, or at the end, is not text. */
	while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
	    b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\t'))
		b.data[--b.len] = '\0';
	return buf_take(&b);
}

static int
boundary_closed(struct mailmime *part)
{
	struct mailmime_single_fields	 sf;
	char				*delim;
	int				 found;

	mailmime_single_fields_init(&sf, part->mm_mime_fields,
	    part->mm_content_type);
	if (sf.fld_content_boundary == NULL || part->mm_mime_start == NULL)
		return 1;
	delim = xasprintf("--%s--", sf.fld_content_boundary);
	found = memmem(part->mm_mime_start, part->mm_length, delim,
	    strlen(delim)) != NULL;
	free(delim);
	return found;
}

static void walk_part(struct walk *, struct mailmime *, unsigned,
    struct text *);

static void
walk_message(struct walk *w, struct mailmime *msg, unsigned depth,
    struct text *t)
{
	struct text	 sub;
	char		*s;

	if (depth > MAX_DEPTH) {
		add_error(w, "forwarded messages nested too deep");
		return;
	}
	memset(&sub, 0, sizeof(sub));
	if (msg->mm_data.mm_message.mm_msg_mime != NULL)
		walk_part(w, msg->mm_data.mm_message.mm_msg_mime, depth, &sub);
	s = text_finish(&sub);
	add_text(&t->fwd, s);
	free(s);
}

static void
walk_part(struct walk *w, struct mailmime *part, unsigned depth,
    struct text *t)
{
	clistiter	*it;

	switch (part->mm_type) {
	case MAILMIME_SINGLE:
		leaf(w, part, depth, t);
		break;
	case MAILMIME_MULTIPLE:
		if (!boundary_closed(part))
			add_error(w, "part %u: multipart has no closing "
			    "boundary (message truncated?)", w->part_no);
		for (it = clist_begin(part->mm_data.mm_multipart.mm_mp_list);
		    it != NULL; it = clist_next(it))
			walk_part(w, clist_content(it), depth, t);
		break;
	case MAILMIME_MESSAGE:
		walk_message(w, part, depth + 1, t);
		break;
	}
}

/* ---- the message ------------------------------------------------------ */

static int
blank(const char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (buf[i] != ' ' && buf[i] != '\t' && buf[i] != '\r' &&
		    buf[i] != '\n')
			return 0;
	return 1;
}

/* libetpan could not build a part tree: the body is read as plain text. */
static char *
body_fallback(struct walk *w, const char *buf, size_t len, size_t off)
{
	struct buf	 b = { 0 };
	char		*s;

	add_error(w, "MIME structure could not be read; body taken as "
	    "plain text");
	s = charset_guess_utf8(buf + off, len - off);
	buf_add(&b, "", 0);
	add_text(&b, s);
	free(s);
	return buf_take(&b);
}

static int
parse(const char *buf, size_t len, int mapped, struct mail_message **out)
{
	struct mail_message	*m;
	struct walk		 w;
	struct mailmime		*mime = NULL;
	struct text		 t;
	size_t			 off, i = 0;

	*out = NULL;
	if (buf == NULL || blank(buf, len))
		return -1;
	m = xcalloc(1, sizeof(*m));
	memset(&w, 0, sizeof(w));
	w.m = m;
	w.mapped = mapped;
	off = read_headers(&w, buf, len);
	if (off > 0 && off >= len) {
		/* Cut off inside the header: there is no body to read. */
		add_error(&w, "message has no body (ends inside its header)");
		m->body_text = xstrdup("");
		goto done;
	}
	if (mailmime_parse(buf, len, &i, &mime) != MAILIMF_NO_ERROR ||
	    mime == NULL || mime->mm_type != MAILMIME_MESSAGE) {
		m->body_text = body_fallback(&w, buf, len, off);
		goto done;
	}
	memset(&t, 0, sizeof(t));
	if (mime->mm_data.mm_message.mm_msg_mime != NULL)
		walk_part(&w, mime->mm_data.mm_message.mm_msg_mime, 0, &t);
	m->body_text = text_finish(&t);
done:
	if (mime != NULL)
		mailmime_free(mime);
	*out = m;
	return 0;
}

int
mail_parse(const char *buf, size_t len, struct mail_message **out)
{
	return parse(buf, len, 0, out);
}

int
mail_parse_mapped(const char *buf, size_t len, struct mail_message **out)
{
	return parse(buf, len, 1, out);
}

void
mail_release_attachment(struct mail_message *m, size_t i)
{
	if (m == NULL || i >= m->n_atts)
		return;
	decoded_free((char *)m->atts[i].data, m->atts[i].data_owner);
	m->atts[i].data = NULL;
}

int
mail_parse_headers(const char *buf, size_t len, struct mail_message **out)
{
	struct mail_message	*m;
	struct walk		 w;

	*out = NULL;
	if (buf == NULL || blank(buf, len))
		return -1;
	m = xcalloc(1, sizeof(*m));
	memset(&w, 0, sizeof(w));
	w.m = m;
	(void)read_headers(&w, buf, len);
	m->body_text = xstrdup("");
	*out = m;
	return 0;
}

static void
free_list(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
mail_free(struct mail_message *m)
{
	size_t	 i;

	if (m == NULL)
		return;
	free(m->from);
	free(m->from_name);
	free(m->sender);
	free(m->reply_to);
	free(m->return_path);
	free(m->to);
	free(m->message_id);
	free(m->date);
	free(m->subject);
	free(m->in_reply_to);
	free(m->references);
	free(m->auto_submitted);
	free(m->precedence);
	free(m->list_id);
	free(m->list_unsubscribe);
	free(m->x_autoreply);
	free(m->x_autorespond);
	free(m->content_type);
	free(m->report_type);
	free_list(m->auth_results, m->n_auth_results);
	free(m->body_text);
	for (i = 0; i < m->n_atts; i++) {
		free(m->atts[i].name);
		free(m->atts[i].declared_type);
		decoded_free((char *)m->atts[i].data, m->atts[i].data_owner);
	}
	free(m->atts);
	free_list(m->errors, m->n_errors);
	free(m);
}
