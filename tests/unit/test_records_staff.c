/* test_records_staff.c — the records as staff and the console read and
 * change them (spool/records-staff.h): one submission in full, a
 * decision's state and new status, the audit table, the purge steps; and
 * the read-only handle, which never creates a database nor writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "records.h"
#include "records-staff.h"
#include "unit.h"
#include "util.h"
#include "verdict.h"

static char tmpdir[] = "/tmp/test_records_staff.XXXXXX";

static struct verdict *
make_verdict(void)
{
	struct verdict *v = verdict_new();
	struct verdict_person *p;

	v->status = VERDICT_REVIEW;
	verdict_set(&v->center, "minhang");
	verdict_set(&v->business, "points-new");
	verdict_set(&v->company, "某某科技有限公司");
	verdict_set(&v->from, "hr@example.com");
	verdict_set(&v->subject, "积分申请-某某科技-2人");
	v->declared_count = 2;
	p = verdict_add_person(v, "张三");
	verdict_set(&p->id_number, "31010119900101123X");
	verdict_set(&p->archive, "张三.zip");
	verdict_add_file(p, "张三/身份证.jpg", "image/jpeg",
	    (const unsigned char *)"jpeg", 4);
	verdict_add_missing(p, "social-security");
	p = verdict_add_person(v, "李四");
	verdict_add_file(p, "李四.jpg", "image/jpeg",
	    (const unsigned char *)"jpeg2", 5);
	verdict_add_problem(v, "item-missing", "张三", NULL,
	    "social-security", "张三缺少%s", "社保证明");
	return v;
}

/* A message and its submission, as the daemon stores them. */
static long long
add_submission(struct records *r, const char *key)
{
	const char *paths[] = { "files/1/张三/身份证.jpg", "files/1/李四.jpg" };
	struct records_arrival a = { .key = key, .mailbox = "maildir:/m",
	    .sha256 = key, .message_id = NULL, .sender = "hr@example.com",
	    .spool_path = "msg/1.eml" };
	struct verdict *v = make_verdict();
	char *err = NULL;
	long long msg, dup, sub;

	msg = records_add_arrival(r, &a, &dup, &err);
	CHECK(msg > 0, "an arrival (%s)", err ? err : "ok");
	sub = records_add_submission(r, msg, v, "{\"status\":\"review\"}",
	    paths, &err);
	CHECK(sub > 0, "a submission (%s)", err ? err : "ok");
	free(err);
	verdict_free(v);
	return sub;
}

/* One file by its id, as the console's /file/ID reads it. */
static void
test_file(struct records *r, const struct records_file *want, long long sub)
{
	struct records_file *f = NULL;
	char *err = NULL;

	CHECK_INT(records_file_get(r, want->id, &f, &err), 0,
	    "records_file_get (%s)", err ? err : "ok");
	if (f == NULL)
		return;
	CHECK(f->id == want->id && f->submission == sub, "its id and "
	    "submission");
	CHECK_STR(f->path, "files/1/李四.jpg", "its spool path");
	CHECK_STR(f->type, "image/jpeg", "its type");
	records_file_free(f);
	CHECK_INT(records_file_get(r, want->id + 100, &f, &err), -1,
	    "no such file: an error");
	CHECK(f == NULL && err && strstr(err, "no file"), "saying so");
	free(err);
}

static void
test_get(struct records *r, long long sub)
{
	struct records_submission *s = NULL;
	char *err = NULL;
	long long reply;

	reply = records_add_reply(r, sub, "review", "hr@example.com",
	    "已收到", "<r1@intake>", "X", 1, "due", &err);
	CHECK(reply > 0, "a reply (%s)", err ? err : "ok");
	CHECK_INT(records_submission_get(r, sub, &s, &err), 0,
	    "records_submission_get (%s)", err ? err : "ok");
	if (s == NULL)
		return;
	CHECK_INT(s->id, sub, "its id");
	CHECK(s->receipt == NULL, "no receipt yet");
	CHECK_STR(s->status, "review", "status");
	CHECK_STR(s->company, "某某科技有限公司", "company");
	CHECK_INT(s->declared_count, 2, "共2人");
	CHECK_STR(s->spool_path, "msg/1.eml", "the raw mail's path");
	CHECK_STR(s->key, "k1", "the message key");
	CHECK(s->received > 0, "arrival time");
	CHECK_INT(s->n_persons, 2, "two persons");
	if (s->n_persons == 2) {
		CHECK_STR(s->persons[0].name, "张三", "persons in order");
		CHECK_STR(s->persons[0].id_number, "31010119900101123X",
		    "the ID number in full");
		CHECK_STR(s->persons[0].missing, "[\"social-security\"]",
		    "missing materials as JSON");
		CHECK_INT(s->persons[0].n_files, 1, "his file");
		CHECK_STR(s->persons[0].files[0].path,
		    "files/1/张三/身份证.jpg", "its spool path");
		CHECK_INT(s->persons[0].files[0].bytes, 4, "its size");
		CHECK_STR(s->persons[1].files[0].name, "李四.jpg",
		    "the second person's file");
		test_file(r, &s->persons[1].files[0], sub);
	}
	CHECK_INT(s->n_problems, 1, "one problem");
	if (s->n_problems == 1)
		CHECK_STR(s->problems[0].detail, "张三缺少社保证明",
		    "its sentence");
	CHECK_INT(s->n_replies, 1, "one reply");
	if (s->n_replies == 1) {
		CHECK_STR(s->replies[0].state, "due", "due");
		CHECK(s->replies[0].sent == 0 && s->replies[0].error == NULL,
		    "not sent, no error");
		CHECK(s->replies[0].len == 1 &&
		    strcmp(s->replies[0].message, "X") == 0,
		    "the reply's message as stored, for the console");
	}
	CHECK(s->purged == 0, "not purged");
	CHECK(s->n_history == 1 && strcmp(s->history[0].event, "received") ==
	    0, "history: received");
	records_submission_free(s);

	s = (struct records_submission *)1;
	CHECK_INT(records_submission_get(r, sub + 100, &s, &err), 1,
	    "no such submission: 1 (a database error is -1)");
	CHECK(s == NULL && err && strstr(err, "no submission"), "saying so "
	    "(%s)", err ? err : "");
	free(err);
}

static void
test_decision(struct records *r, long long sub)
{
	char *status = NULL, *json = NULL, *err = NULL, *receipt;
	int decided = -1;

	CHECK_INT(records_decision_state(r, sub, &status, &json, &decided,
	    &err), 0, "decision state (%s)", err ? err : "ok");
	CHECK_STR(status, "review", "the status");
	CHECK_STR(json, "{\"status\":\"review\"}", "the verdict JSON");
	CHECK_INT(decided, 0, "not decided yet");
	free(status);
	free(json);
	CHECK_INT(records_set_status(r, sub, "accepted", "MH-2026-000001",
	    "{\"status\":\"accepted\"}", &err), 0, "set status");
	CHECK_INT(records_add_history(r, sub, "wangmin", "decided",
	    "accept: ", &err), 0, "history: decided");
	CHECK_INT(records_decision_state(r, sub, &status, &json, &decided,
	    &err), 0, "decision state again");
	CHECK_STR(status, "accepted", "the new status");
	CHECK_INT(decided, 1, "decided once");
	free(status);
	free(json);
	receipt = records_receipt(r, sub);
	CHECK_STR(receipt, "MH-2026-000001", "the receipt number");
	free(receipt);
	CHECK(records_receipt(r, sub + 100) == NULL, "none for no submission");
	CHECK_INT(records_set_status(r, sub + 100, "accepted", NULL, NULL,
	    &err), -1, "no such submission to set");
	free(err);
}

static void
test_audit(struct records *r)
{
	struct records_audit *a = NULL;
	char *err = NULL;
	size_t n = 0;

	CHECK_INT(records_audit_add(r, "intake (sudo wangmin)", "show",
	    "王敏", "12", NULL, &err), 0, "an audit row (%s)",
	    err ? err : "ok");
	CHECK_INT(records_audit_add(r, "intake", "purge", "", NULL,
	    "0 purged", &err), 0, "another, by nobody named");
	CHECK_INT(records_audit_list(r, 0, &a, &n, &err), 0, "the list");
	CHECK_INT(n, 2, "both rows");
	if (n == 2) {
		CHECK_STR(a[0].by, "王敏", "by name");
		CHECK_STR(a[0].target, "12", "target");
		CHECK(a[1].by == NULL, "an empty name is none");
		CHECK_STR(a[1].detail, "0 purged", "detail");
	}
	records_audit_free(a, n);
	CHECK_INT(records_audit_list(r, time(NULL) + 86400, &a, &n, &err), 0,
	    "the list since tomorrow");
	CHECK_INT(n, 0, "is empty");
	records_audit_free(a, n);
}

static void
test_purge(struct records *r, long long sub)
{
	struct records_purge_candidate *c = NULL;
	struct records_purge_msg *m = NULL;
	struct records_submission *s = NULL;
	char *err = NULL;
	size_t n = 0, k = 0;

	/* The reply is still due: not closed. */
	CHECK_INT(records_purge_candidates(r, time(NULL) + 10, &c, &n, &err),
	    0, "candidates (%s)", err ? err : "ok");
	CHECK_INT(n, 0, "a reply still due keeps it");
	records_purge_candidates_free(c, n);
	records_reply_sent(r, 1, time(NULL), &err);
	CHECK_INT(records_purge_candidates(r, time(NULL) - 86400, &c, &n,
	    &err), 0, "candidates closed a day ago");
	CHECK_INT(n, 0, "none: closed just now");
	records_purge_candidates_free(c, n);
	CHECK_INT(records_purge_candidates(r, time(NULL) + 10, &c, &n, &err),
	    0, "candidates closed by now");
	CHECK(n == 1 && c[0].id == sub && c[0].closed > 0,
	    "the closed submission");
	records_purge_candidates_free(c, n);

	CHECK_INT(records_purge_take(r, sub, &err), 0, "taken");
	CHECK_INT(records_purge_messages(r, sub, &m, &k, &err), 0,
	    "its messages (%s)", err ? err : "ok");
	CHECK(k == 1 && m[0].spool_path && strcmp(m[0].spool_path,
	    "msg/1.eml") == 0, "one message, its raw mail");
	CHECK_INT(records_purge_blank(r, sub, m, k, "wangmin", &err), 0,
	    "blanked (%s)", err ? err : "ok");
	records_purge_messages_free(m, k);
	CHECK_INT(records_purge_candidates(r, time(NULL) + 10, &c, &n, &err),
	    0, "candidates after");
	CHECK_INT(n, 0, "a purged submission is done");
	records_purge_candidates_free(c, n);
	if (records_submission_get(r, sub, &s, &err) != 0)
		return;
	CHECK(s->sender == NULL && s->subject == NULL && s->spool_path ==
	    NULL, "sender, subject and raw mail path gone");
	CHECK(s->n_persons == 2 && s->persons[0].name == NULL &&
	    s->persons[0].id_number == NULL && s->persons[0].files[0].path ==
	    NULL, "names, ID numbers and file paths gone");
	CHECK(s->n_problems == 1 && s->problems[0].detail == NULL &&
	    strcmp(s->problems[0].code, "item-missing") == 0,
	    "problem codes kept, their sentences gone");
	CHECK_STR(s->receipt, "MH-2026-000001", "the receipt kept");
	CHECK_STR(s->history[s->n_history - 2].detail, "accept",
	    "a decision's reason gone");
	CHECK_STR(s->history[s->n_history - 1].event, "purged",
	    "history: purged");
	records_submission_free(s);
}

static void
test_readonly(const char *path)
{
	struct records *r;
	char *missing = xasprintf("%s/missing.db", tmpdir), *err = NULL;
	struct records_audit *a = NULL;
	size_t n = 0;

	r = records_open_readonly(missing, &err);
	CHECK(r == NULL && err && access(missing, F_OK) != 0,
	    "a missing database: an error, not created (%s)",
	    err ? err : "");
	free(err);
	err = NULL;
	free(missing);
	r = records_open_readonly(path, &err);
	CHECK(r != NULL, "read-only open (%s)", err ? err : "ok");
	if (r == NULL)
		return;
	CHECK_INT(records_audit_list(r, 0, &a, &n, &err), 0,
	    "reading works");
	CHECK_INT(n, 2, "the audit rows");
	records_audit_free(a, n);
	CHECK_INT(records_audit_add(r, "x", "show", NULL, NULL, NULL, &err),
	    -1, "writing does not");
	CHECK(err && strstr(err, "readonly"), "SQLite says why (%s)",
	    err ? err : "");
	free(err);
	records_close(r);
}

int
main(void)
{
	struct records *r;
	char *path, *err = NULL, *cmd;
	long long sub;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	path = xasprintf("%s/intake.db", tmpdir);
	r = records_open(path, INTAKE_SRCDIR "/schemas", &err);
	CHECK(r != NULL, "records_open (%s)", err ? err : "ok");
	if (r == NULL)
		return UNIT_DONE();
	sub = add_submission(r, "k1");
	test_get(r, sub);
	test_decision(r, sub);
	test_audit(r);
	test_purge(r, sub);
	records_close(r);
	test_readonly(path);
	free(path);
	cmd = xasprintf("rm -rf %s", tmpdir);
	CHECK(system(cmd) == 0, "remove temp dir");
	free(cmd);
	return UNIT_DONE();
}
