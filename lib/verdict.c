/* verdict.c — see verdict.h. */
#include "verdict.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct verdict *
verdict_new(void)
{
	struct verdict *v = xcalloc(1, sizeof *v);

	v->declared_count = -1;
	v->status = VERDICT_REVIEW;
	return v;
}

static void
person_free(struct verdict_person *p)
{
	size_t i, k;

	free(p->name);
	free(p->business);
	free(p->id_number);
	free(p->archive);
	for (i = 0; i < p->n_files; i++) {
		free(p->files[i].name);
		free(p->files[i].type);
		free(p->files[i].item);
		free(p->files[i].item_by);
		for (k = 0; k < p->files[i].n_also; k++)
			free(p->files[i].also[k]);
		free(p->files[i].also);
		free(p->files[i].read_id_number);
		free(p->files[i].read_name);
		free(p->files[i].path);
	}
	free(p->files);
	for (i = 0; i < p->n_missing; i++)
		free(p->missing[i]);
	free(p->missing);
	free(p);
}

void
verdict_free(struct verdict *v)
{
	size_t i;

	if (v == NULL)
		return;
	free(v->file);
	free(v->message_id);
	free(v->from);
	free(v->subject);
	free(v->center);
	free(v->business);
	free(v->company);
	free(v->receipt);
	for (i = 0; i < v->n_persons; i++)
		person_free(v->persons[i]);
	free(v->persons);
	for (i = 0; i < v->n_problems; i++) {
		struct verdict_problem *pr = &v->problems[i];
		free(pr->code);
		free(pr->person);
		free(pr->file);
		free(pr->item);
		free(pr->detail);
	}
	free(v->problems);
	verdict_drop_reply(v);
	free(v->reply_withheld);
	free(v);
}

void
verdict_drop_reply(struct verdict *v)
{
	if (v->reply == NULL)
		return;
	free(v->reply->to);
	free(v->reply->subject);
	free(v->reply->body);
	free(v->reply->in_reply_to);
	free(v->reply->references);
	free(v->reply);
	v->reply = NULL;
}

void
verdict_set(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

struct verdict_person *
verdict_add_person(struct verdict *v, const char *name)
{
	struct verdict_person *p = xcalloc(1, sizeof *p);

	p->name = xstrdup(name ? name : "");
	xgrow((void **)&v->persons, &v->cap_persons, v->n_persons,
	    sizeof *v->persons);
	v->persons[v->n_persons++] = p;
	return p;
}

struct verdict_person *
verdict_find_person(struct verdict *v, const char *name)
{
	size_t i;

	for (i = 0; i < v->n_persons; i++)
		if (strcmp(v->persons[i]->name, name) == 0)
			return v->persons[i];
	return NULL;
}

struct verdict_file *
verdict_add_file(struct verdict_person *p, const char *name, const char *type,
    const unsigned char *data, size_t bytes)
{
	return verdict_add_file_sha(p, name, type, data, bytes, NULL);
}

struct verdict_file *
verdict_add_file_sha(struct verdict_person *p, const char *name,
    const char *type, const unsigned char *data, size_t bytes,
    const char *sha256)
{
	struct verdict_file *f;

	xgrow((void **)&p->files, &p->cap_files, p->n_files, sizeof *p->files);
	f = &p->files[p->n_files++];
	memset(f, 0, sizeof *f);
	f->name = xstrdup(name ? name : "");
	f->type = xstrdup(type ? type : "application/octet-stream");
	f->bytes = bytes;
	f->data = data;
	if (sha256 != NULL && strlen(sha256) == 64)
		memcpy(f->sha256, sha256, 65);
	else
		sha256_hex(data ? (const void *)data : "", data ? bytes : 0,
		    f->sha256);
	return f;
}

void
verdict_add_missing(struct verdict_person *p, const char *item)
{
	xgrow((void **)&p->missing, &p->cap_missing, p->n_missing,
	    sizeof *p->missing);
	p->missing[p->n_missing++] = xstrdup(item);
}

void
verdict_file_add_also(struct verdict_file *f, const char *item)
{
	size_t k;

	if (item == NULL || (f->item && strcmp(f->item, item) == 0))
		return;
	for (k = 0; k < f->n_also; k++)
		if (strcmp(f->also[k], item) == 0)
			return;
	f->also = xrealloc(f->also, (f->n_also + 1) * sizeof *f->also);
	f->also[f->n_also++] = xstrdup(item);
}

void
verdict_add_problem(struct verdict *v, const char *code, const char *person,
    const char *file, const char *item, const char *fmt, ...)
{
	struct verdict_problem *pr;
	va_list ap;

	xgrow((void **)&v->problems, &v->cap_problems, v->n_problems,
	    sizeof *v->problems);
	pr = &v->problems[v->n_problems++];
	pr->code = xstrdup(code);
	pr->person = person ? xstrdup(person) : NULL;
	pr->file = file ? xstrdup(file) : NULL;
	pr->item = item ? xstrdup(item) : NULL;
	va_start(ap, fmt);
	pr->detail = xvasprintf(fmt, ap);
	va_end(ap);
}

int
verdict_has_problem(const struct verdict *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->n_problems; i++)
		if (strcmp(v->problems[i].code, code) == 0)
			return 1;
	return 0;
}

const char *
verdict_status_name(enum verdict_status s)
{
	switch (s) {
	case VERDICT_ACCEPTED:	return "accepted";
	case VERDICT_REJECTED:	return "rejected";
	case VERDICT_REVIEW:	return "review";
	case VERDICT_IGNORED:	return "ignored";
	}
	return "review";
}

/* A JSON string or null; jansson refuses invalid UTF-8, which would lose
 * the whole key, so such text (never expected: every input passes through
 * charset.c) is shown with U+FFFD in its place by the caller's decoder. */
static json_t *
jstr(const char *s)
{
	json_t *j;

	if (s == NULL)
		return json_null();
	j = json_string(s);
	return j ? j : json_string("\xef\xbf\xbd");
}

char *
verdict_to_json(const struct verdict *v)
{
	json_t *o, *persons, *problems;
	char *out, *ret;
	size_t i, k;

	o = json_object();
	json_object_set_new(o, "file", jstr(v->file));
	json_object_set_new(o, "message_id", jstr(v->message_id));
	json_object_set_new(o, "from", jstr(v->from));
	json_object_set_new(o, "subject", jstr(v->subject ? v->subject : ""));
	json_object_set_new(o, "status", jstr(verdict_status_name(v->status)));
	json_object_set_new(o, "center", jstr(v->center));
	json_object_set_new(o, "business", jstr(v->business));
	json_object_set_new(o, "company", jstr(v->company));
	json_object_set_new(o, "declared_count", v->declared_count >= 0 ?
	    json_integer(v->declared_count) : json_null());
	json_object_set_new(o, "receipt", jstr(v->receipt));

	persons = json_array();
	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];
		json_t *jp = json_object(), *files = json_array();
		json_t *missing = json_array();

		json_object_set_new(jp, "name", jstr(p->name));
		json_object_set_new(jp, "business",
		    jstr(p->business ? p->business : v->business));
		json_object_set_new(jp, "id_number", jstr(p->id_number));
		json_object_set_new(jp, "archive", jstr(p->archive));
		for (k = 0; k < p->n_files; k++) {
			const struct verdict_file *f = &p->files[k];
			json_t *jf = json_object();
			json_object_set_new(jf, "name", jstr(f->name));
			json_object_set_new(jf, "type", jstr(f->type));
			json_object_set_new(jf, "bytes",
			    json_integer((json_int_t)f->bytes));
			json_object_set_new(jf, "sha256", jstr(f->sha256));
			json_object_set_new(jf, "item", jstr(f->item));
			json_object_set_new(jf, "item_by", jstr(f->item_by));
			if (f->n_also > 0) {
				json_t *ja = json_array();
				size_t a;

				for (a = 0; a < f->n_also; a++)
					json_array_append_new(ja,
					    jstr(f->also[a]));
				json_object_set_new(jf, "also", ja);
			}
			if (f->read_id_number || f->read_name) {
				json_t *rd = json_object();
				json_object_set_new(rd, "id_number",
				    jstr(f->read_id_number));
				json_object_set_new(rd, "name",
				    jstr(f->read_name));
				json_object_set_new(jf, "read", rd);
			}
			if (f->path)
				json_object_set_new(jf, "path", jstr(f->path));
			json_array_append_new(files, jf);
		}
		json_object_set_new(jp, "files", files);
		for (k = 0; k < p->n_missing; k++)
			json_array_append_new(missing, jstr(p->missing[k]));
		json_object_set_new(jp, "missing", missing);
		json_array_append_new(persons, jp);
	}
	json_object_set_new(o, "persons", persons);

	problems = json_array();
	for (i = 0; i < v->n_problems; i++) {
		const struct verdict_problem *pr = &v->problems[i];
		json_t *jp = json_object();
		json_object_set_new(jp, "code", jstr(pr->code));
		json_object_set_new(jp, "person", jstr(pr->person));
		json_object_set_new(jp, "file", jstr(pr->file));
		json_object_set_new(jp, "item", jstr(pr->item));
		json_object_set_new(jp, "detail", jstr(pr->detail));
		json_array_append_new(problems, jp);
	}
	json_object_set_new(o, "problems", problems);
	if (v->reply_withheld)
		json_object_set_new(o, "reply_withheld",
		    jstr(v->reply_withheld));

	if (v->reply) {
		json_t *r = json_object();
		json_object_set_new(r, "to", jstr(v->reply->to));
		json_object_set_new(r, "subject", jstr(v->reply->subject));
		json_object_set_new(r, "body", jstr(v->reply->body));
		json_object_set_new(o, "reply", r);
	} else
		json_object_set_new(o, "reply", json_null());

	out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (out == NULL)
		return xstrdup("{}");
	/* jansson allocates with its own malloc hooks (plain malloc here);
	 * copy so the caller's free() contract is ours, not jansson's. */
	ret = xstrdup(out);
	free(out);
	return ret;
}

char *
verdict_to_text(const struct verdict *v)
{
	struct buf b = { 0 };
	size_t i, k, a;

	buf_addf(&b, "%s: %s\n", v->file ? v->file : "message",
	    verdict_status_name(v->status));
	buf_addf(&b, "  from:    %s\n", v->from ? v->from : "-");
	buf_addf(&b, "  subject: %s\n", v->subject ? v->subject : "");
	if (v->center)
		buf_addf(&b, "  center:  %s  business: %s  company: %s\n",
		    v->center, v->business ? v->business : "-",
		    v->company ? v->company : "-");
	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];
		buf_addf(&b, "  person %s%s%s\n", p->name[0] ? p->name : "(unnamed)",
		    p->archive ? "  archive " : "", p->archive ? p->archive : "");
		for (k = 0; k < p->n_files; k++) {
			buf_addf(&b, "    %-40s %-28s %8zu  %s",
			    p->files[k].name, p->files[k].type,
			    p->files[k].bytes,
			    p->files[k].item ? p->files[k].item : "-");
			for (a = 0; a < p->files[k].n_also; a++)
				buf_addf(&b, " + %s", p->files[k].also[a]);
			buf_addf(&b, "%s\n", p->files[k].item_by &&
			    strcmp(p->files[k].item_by, "content") == 0 ?
			    " (by content)" : "");
		}
	}
	for (i = 0; i < v->n_problems; i++)
		buf_addf(&b, "  problem %s%s%s: %s\n", v->problems[i].code,
		    v->problems[i].person ? " " : "",
		    v->problems[i].person ? v->problems[i].person : "",
		    v->problems[i].detail);
	if (v->reply)
		buf_addf(&b, "  reply to %s: %s\n\n%s\n", v->reply->to,
		    v->reply->subject, v->reply->body);
	return buf_take(&b);
}

static const char *
jget(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

struct verdict *
verdict_from_json(const char *text)
{
	json_t *o = json_loads(text ? text : "", 0, NULL), *a, *x, *f, *ja;
	struct verdict *v;
	const char *s;
	size_t i, k, ai;

	if (o == NULL || !json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	v = verdict_new();
	verdict_set(&v->file, jget(o, "file"));
	verdict_set(&v->message_id, jget(o, "message_id"));
	verdict_set(&v->from, jget(o, "from"));
	verdict_set(&v->subject, jget(o, "subject"));
	verdict_set(&v->center, jget(o, "center"));
	verdict_set(&v->business, jget(o, "business"));
	verdict_set(&v->company, jget(o, "company"));
	verdict_set(&v->receipt, jget(o, "receipt"));
	x = json_object_get(o, "declared_count");
	v->declared_count = json_is_integer(x) ? (int)json_integer_value(x) :
	    -1;
	s = jget(o, "status");
	for (i = VERDICT_ACCEPTED; s && i <= VERDICT_IGNORED; i++)
		if (strcmp(s, verdict_status_name((enum verdict_status)i)) == 0)
			v->status = (enum verdict_status)i;
	json_array_foreach(json_object_get(o, "persons"), i, x) {
		struct verdict_person *p = verdict_add_person(v,
		    jget(x, "name") ? jget(x, "name") : "");
		json_t *m;

		verdict_set(&p->business, jget(x, "business"));
		verdict_set(&p->id_number, jget(x, "id_number"));
		verdict_set(&p->archive, jget(x, "archive"));
		json_array_foreach(json_object_get(x, "files"), k, f) {
			struct verdict_file *vf = verdict_add_file(p,
			    jget(f, "name") ? jget(f, "name") : "",
			    jget(f, "type") ? jget(f, "type") : "", NULL,
			    (size_t)json_integer_value(json_object_get(f,
			    "bytes")));
			verdict_set(&vf->item, jget(f, "item"));
			verdict_set(&vf->item_by, jget(f, "item_by"));
			json_array_foreach(json_object_get(f, "also"), ai, ja)
				if (json_is_string(ja))
					verdict_file_add_also(vf,
					    json_string_value(ja));
			verdict_set(&vf->read_id_number,
			    jget(json_object_get(f, "read"), "id_number"));
			verdict_set(&vf->read_name,
			    jget(json_object_get(f, "read"), "name"));
			verdict_set(&vf->path, jget(f, "path"));
			if ((s = jget(f, "sha256")) != NULL && strlen(s) == 64)
				memcpy(vf->sha256, s, 65);
		}
		json_array_foreach(json_object_get(x, "missing"), k, m)
			if (json_string_value(m))
				verdict_add_missing(p, json_string_value(m));
	}
	a = json_object_get(o, "problems");
	json_array_foreach(a, i, x)
		verdict_add_problem(v, jget(x, "code") ? jget(x, "code") : "",
		    jget(x, "person"), jget(x, "file"), jget(x, "item"), "%s",
		    jget(x, "detail") ? jget(x, "detail") : "");
	json_decref(o);
	return v;
}
