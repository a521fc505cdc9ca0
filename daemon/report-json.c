/*
 * report-json.c — the report as JSON.
 * See report.h.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "channel.h"
#include "cmd.h"
#include "report.h"
#include "env.h"
#include "log.h"
#include "idnumber.h"
#include "records-report.h"
#include "reply.h"
#include "util.h"
#include "day.h"
#include "problem.h"
#include "utf8.h"
#include "workdays.h"

static json_t *
jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

void
report_json_row(struct report *r, const struct row *row,
    const struct queue_item *it, struct report_out *ro)
{
	static const char *const groups[] = { "review",
	    "rejected-not-resent", "other" };
	json_t *o = json_object(), *ps = json_array(), *pb = json_array();
	char *out;
	size_t j;

	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "receipt", jstr(it->receipt));
	json_object_set_new(o, "received", json_string(row->iso));
	json_object_set_new(o, "working_days", json_integer(row->days));
	json_object_set_new(o, "overdue", json_boolean(row->overdue));
	json_object_set_new(o, "group", json_string(groups[it->group]));
	json_object_set_new(o, "status", jstr(it->status));
	json_object_set_new(o, "status_name",
	    json_string(report_status_name(it->status)));
	json_object_set_new(o, "resent", json_boolean(it->resent));
	json_object_set_new(o, "sender", jstr(it->sender));
	json_object_set_new(o, "company", jstr(it->company));
	/* ID numbers also hide in subjects (【身份证号】): masked unless
	 * --full-ids */
	if (it->subject && !r->full_ids) {
		char *s = xstrdup(it->subject);

		idnumber_mask_text(s);
		json_object_set_new(o, "subject", json_string(s));
		free(s);
	} else
		json_object_set_new(o, "subject", jstr(it->subject));
	json_object_set_new(o, "business", jstr(it->business));
	json_object_set_new(o, "business_name", it->business ?
	    json_string(report_business_name(r->env, it->business)) :
	    json_null());
	for (j = 0; j < it->n_persons; j++) {
		const struct queue_person *p = &it->persons[j];
		json_t *po = json_object();
		char *id = p->id_number ? report_id_shown(p->id_number,
		    r->full_ids) : NULL;

		json_object_set_new(po, "name", json_string(p->name));
		json_object_set_new(po, "business", jstr(p->business));
		json_object_set_new(po, "id_number", jstr(id));
		free(id);
		json_array_append_new(ps, po);
	}
	json_object_set_new(o, "persons", ps);
	for (j = 0; j < it->n_problems; j++) {
		const struct queue_problem *p = &it->problems[j];
		json_t *po = json_object();
		const char *label = problem_label(p->code);

		json_object_set_new(po, "code", jstr(p->code));
		json_object_set_new(po, "person", jstr(p->person));
		json_object_set_new(po, "file", jstr(p->file));
		json_object_set_new(po, "item", jstr(p->item));
		json_object_set_new(po, "label", jstr(label));
		json_object_set_new(po, "detail", jstr(p->detail));
		json_array_append_new(pb, po);
	}
	json_object_set_new(o, "problems", pb);
	json_object_set_new(o, "problems_text",
	    json_string(row->cell[C_PROBLEMS]));
	out = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(o);
	if (out == NULL)
		abort();	/* only on allocation failure */
	buf_adds(&ro->b, r->n ? ",\n" : "[\n");
	buf_adds(&ro->b, out);
	free(out);	/* jansson's allocator is malloc */
	report_out_flush(ro, 0);
}

/* One object a row, printed as the rows pass: a tree of 100,000 rows
 * costs more to build and free than to print. */
void
report_json(const struct report *r, struct report_out *o)
{
	buf_adds(&o->b, r->n ? "]\n" : "[]\n");
}
