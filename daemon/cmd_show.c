/*
 * cmd_show.c — `intake show ID`: one submission in full for staff: the
 * mail, persons (ID numbers in full), every file with its type, material
 * and path in the spool, problems, replies and history.  ID is the
 * receipt number or the internal id.  Reads only.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cmd.h"
#include "env.h"
#include "records-staff.h"
#include "util.h"
#include "utf8.h"

static const char *
col(const char *s)
{
	return s ? s : "-";
}

/* t as staff read it; "-" for none. */
static void
when(time_t t, char *out, size_t n)
{
	struct tm tm;

	if (t == 0) {
		snprintf(out, n, "-");
		return;
	}
	localtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M", &tm);
}

/* s, then spaces up to display width w (CJK counts 2). */
static void
pad(const char *s, size_t w)
{
	size_t n = utf8_width(s);

	fputs(s, stdout);
	while (n++ < w)
		putchar(' ');
}

/* The missing materials (a JSON array of keys) in Chinese. */
static char *
missing_words(const struct env *e, const char *json)
{
	json_t *a = json_loads(json ? json : "[]", 0, NULL), *x;
	struct buf b = { 0 };
	size_t i;

	json_array_foreach(a, i, x) {
		const char *k = json_string_value(x);
		const char *n = k ? rules_item_name(e->rules, k) : NULL;

		if (k == NULL)
			continue;
		buf_addf(&b, "%s%s", b.len ? "、" : "", n ? n : k);
	}
	json_decref(a);
	if (b.len == 0)
		buf_adds(&b, "无");
	return buf_take(&b);
}

static const char *
business_words(const struct env *e, const char *key)
{
	const char *n = key ? rules_business_name(e->rules, key) : NULL;

	return n ? n : key ? key : "-";
}

static void
show_file(const struct env *e, const struct records_file *f)
{
	const char *iname = f->item ? rules_item_name(e->rules, f->item) :
	    NULL;

	printf("    ");
	pad(col(f->name), 30);
	printf(" ");
	pad(col(f->type), 16);
	printf(" %8lld  ", f->bytes);
	pad(iname ? iname : f->item ? f->item : "（未识别）", 12);
	if (f->path == NULL)
		printf(" -");
	else
		printf(" %s/%s", e->cfg->spool, f->path);
	/* How the material was told, and what the reader read on it:
	 * staff check a content decision. */
	if (f->item_by && strcmp(f->item_by, "content") == 0)
		printf("  按内容识别");
	if (f->read_name || f->read_id_number)
		printf("  读出 %s %s", col(f->read_name),
		    col(f->read_id_number));
	printf("\n");
}

static int
show(const struct env *e, struct records *rec, long long id)
{
	struct records_submission *s;
	char t[32], *err = NULL;
	size_t i, j;

	if (records_submission_get(rec, id, &s, &err) != 0) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		return EXIT_RUNTIME;
	}
	when(s->received, t, sizeof t);
	printf("submission %lld   receipt %s   status %s\n", s->id,
	    col(s->receipt), col(s->status));
	printf("received   %s   (message %lld, key %s)\n", t, s->msg,
	    col(s->key));
	printf("mailbox    %s\n", col(s->mailbox));
	printf("message-id %s\n", col(s->message_id));
	printf("from       %s\n", col(s->sender));
	printf("subject    %s\n", col(s->subject));
	printf("center     %s   business %s   company %s", col(s->center),
	    business_words(e, s->business), col(s->company));
	if (s->declared_count >= 0)
		printf("   共%d人", s->declared_count);
	printf("\nraw mail   %s/%s\n", e->cfg->spool, col(s->spool_path));

	printf("\npersons\n");
	for (i = 0; i < s->n_persons; i++) {
		const struct records_person *p = &s->persons[i];
		const char *name = col(p->name);
		char *miss = missing_words(e, p->missing);

		printf("  %s   %s   身份证号 %s   压缩包 %s   缺少 %s\n",
		    *name ? name : "（单位）", business_words(e, p->business),
		    col(p->id_number), col(p->archive), miss);
		free(miss);
		for (j = 0; j < p->n_files; j++)
			show_file(e, &p->files[j]);
	}

	printf("\nproblems\n");
	for (i = 0; i < s->n_problems; i++)
		printf("  %-22s %s\n", col(s->problems[i].code),
		    col(s->problems[i].detail));

	printf("\nreplies\n");
	for (i = 0; i < s->n_replies; i++) {
		const struct records_reply *r = &s->replies[i];
		char c[32], sent[32];

		when(r->created, c, sizeof c);
		when(r->sent, sent, sizeof sent);
		printf("  #%lld %-10s %-10s to %s   made %s   sent %s\n"
		    "      %s\n", r->id, col(r->kind), col(r->state),
		    col(r->rcpt), c, sent, col(r->subject));
		if (r->error != NULL)
			printf("      attempts %d, last error: %s\n",
			    r->attempts, r->error);
	}

	printf("\nhistory\n");
	for (i = 0; i < s->n_history; i++) {
		when(s->history[i].at, t, sizeof t);
		printf("  %s  %-10s %-16s %s\n", t, col(s->history[i].actor),
		    col(s->history[i].event), col(s->history[i].detail));
	}
	records_submission_free(s);
	return 0;
}

static int
cmd_show(struct cmd_args *a)
{
	const char *by = NULL;
	char *err = NULL, *target;
	long long id;
	size_t i;
	int rc;

	for (i = 0; i < a->nopt; i++)
		by = a->opt[i].arg;	/* --by, the only one; the last wins */
	if ((rc = cmd_open(a)) != 0 ||
	    (rc = cmd_find_submission(a->rec, a->argv[0], &id)) != 0)
		return rc;
	/* Staff see personal data here: no showing without an audit row. */
	target = xasprintf("%lld", id);
	if (audit_add(a->rec, "show", by, target, NULL, &err) != 0) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		rc = EXIT_RUNTIME;
	} else
		rc = show(a->env, a->rec, id);
	free(target);
	return rc;
}

static const struct cmd_option show_options[] = {
	{ "by", 'b', 0, "NAME", "who asks, for the audit (default: the Unix "
	    "user)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.summary = "one submission in full: persons, files, problems, replies",
	.args = "ID",
	.lower = 1,
	.upper = 1,
	.options = show_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.notes = "ID is a receipt number (闵行-2026-000001) or the internal "
	    "submission id.\n",
	.exec = cmd_show,
};
