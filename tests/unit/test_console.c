/*
 * test_console.c — the console's reads on a real database made through
 * records.h as the daemon makes it: the queue page in the report's order
 * with each filter, the one search box (receipt, company, a person's
 * name, an ID number's last four, "#ID"), paging and its total, one
 * submission in full, recent viewers and the audit.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "records-console.h"
#include "records-report.h"
#include "records-staff.h"
#include "records.h"
#include "unit.h"
#include "util.h"
#include "verdict.h"

static struct records *rec;

/* One mail and its submission: status, company, one person and a file. */
static long long
add(int i, enum verdict_status status, const char *business,
    const char *company, const char *person, const char *id_number,
    const char *receipt)
{
	struct records_arrival a = { 0 };
	struct verdict *v = verdict_new();
	struct verdict_person *p;
	char *key = xasprintf("key-%d", i), *sha = xasprintf("%064d", i);
	char *path = xasprintf("files/%d/scan.jpg", i), *err = NULL;
	const char *paths[1] = { path };
	long long msg, dup, sub;

	a.key = key;
	a.mailbox = "maildir:/x";
	a.sha256 = sha;
	a.sender = "hr@example.com";
	a.spool_path = "mail/x.eml";
	msg = records_add_arrival(rec, &a, &dup, &err);
	v->status = status;
	verdict_set(&v->center, "minhang");
	verdict_set(&v->business, business);
	verdict_set(&v->company, company);
	verdict_set(&v->from, "hr@example.com");
	verdict_set(&v->subject, "积分申请");
	verdict_set(&v->receipt, receipt);
	p = verdict_add_person(v, person);
	verdict_set(&p->id_number, id_number);
	verdict_add_file(p, "scan.jpg", "image/jpeg",
	    (const unsigned char *)"jpeg", 4);
	if (status == VERDICT_REJECTED)
		verdict_add_problem(v, "item-missing", person, NULL,
		    "labour-contract", "缺少劳动合同");
	sub = records_add_submission(rec, msg, v, "{}", paths, &err);
	if (sub <= 0)
		printf("# add: %s\n", err ? err : "?");
	free(err);
	verdict_free(v);
	free(key);
	free(sha);
	free(path);
	return sub;
}

static size_t
page(const struct console_query *q, struct queue_item **it, size_t *total)
{
	char *err = NULL;
	size_t n = 0;

	if (console_queue(rec, q, it, &n, total, &err) != 0) {
		printf("# queue: %s\n", err);
		free(err);
	}
	return n;
}

static int
finds(const char *search, long long want, size_t want_total)
{
	struct console_query q = { 0 };
	struct queue_item *it = NULL;
	size_t n, total = 0;
	int ok;

	q.search = search;
	n = page(&q, &it, &total);
	ok = total == want_total && (want == 0 || (n > 0 && it[0].id == want));
	if (!ok)
		printf("# \"%s\": %zu found, first #%lld\n", search, total,
		    n ? it[0].id : 0);
	records_queue_free(it, n);
	return ok;
}

int
main(void)
{
	char dir[] = "/tmp/test_console.XXXXXX", *db, *err = NULL;
	struct console_query q = { 0 };
	struct queue_item *it = NULL;
	struct records_submission *s = NULL;
	long long a, b, c, d;
	size_t n, total, i;
	char **names;
	struct records_audit *rows;

	setlocale(LC_ALL, "C.UTF-8");
	if (mkdtemp(dir) == NULL)
		return 1;
	db = xasprintf("%s/intake.db", dir);
	rec = records_open(db, INTAKE_SRCDIR "/schemas", &err);
	CHECK(rec != NULL, "database made (%s)", err ? err : "");
	if (rec == NULL)
		return UNIT_DONE();
	a = add(1, VERDICT_ACCEPTED, "points-new", "上海某某科技有限公司", "张三",
	    "31010119900101123X", "闵行-2026-000012");
	b = add(2, VERDICT_REVIEW, "points-renew", "广州某贸易公司", "李四",
	    "440101198801015678", NULL);
	c = add(3, VERDICT_REJECTED, "points-new", "某某物流", "王五",
	    "310101198512124321", NULL);
	d = add(4, VERDICT_REVIEW, "points-new", "某某运输", "赵六", NULL,
	    NULL);

	/* The report's order: review (b, d, oldest first), rejected not
	 * sent again (c), the rest (a). */
	n = page(&q, &it, &total);
	CHECK(n == 4 && total == 4 && it[0].id == b && it[1].id == d &&
	    it[2].id == c && it[3].id == a, "all four in the report's order");
	CHECK(n == 4 && it[0].n_persons == 1 &&
	    strcmp(it[0].persons[0].name, "李四") == 0 &&
	    strcmp(it[0].persons[0].id_number, "440101198801015678") == 0,
	    "each item with its persons");
	CHECK(n == 4 && it[2].n_problems == 1 &&
	    strcmp(it[2].problems[0].code, "item-missing") == 0,
	    "and its problems");
	records_queue_free(it, n);

	q.limit = 2;
	q.offset = 2;
	n = page(&q, &it, &total);
	CHECK(n == 2 && total == 4 && it[0].id == c && it[1].id == a,
	    "page two of two-a-page");
	records_queue_free(it, n);
	memset(&q, 0, sizeof q);

	q.status = "review";
	n = page(&q, &it, &total);
	CHECK(n == 2 && total == 2 && it[0].id == b, "filter by status");
	records_queue_free(it, n);
	q.status = NULL;
	q.business = "points-renew";
	n = page(&q, &it, &total);
	CHECK(n == 1 && it[0].id == b, "filter by business");
	records_queue_free(it, n);
	q.business = NULL;
	q.from = time(NULL) + 3600;
	n = page(&q, &it, &total);
	CHECK(n == 0 && total == 0, "filter by date: none from tomorrow on");
	records_queue_free(it, n);
	q.from = 0;
	q.until = time(NULL) + 3600;
	n = page(&q, &it, &total);
	CHECK(total == 4, "all before tomorrow");
	records_queue_free(it, n);

	CHECK(finds("闵行-2026-000012", a, 1), "a receipt number");
	CHECK(finds("000012", a, 1), "its serial number");
	CHECK(finds("王五", c, 1), "a person's name");
	CHECK(finds("某某", 0, 3), "part of three companies' names");
	CHECK(finds("贸易", b, 1), "part of a company's name");
	CHECK(finds("5678", b, 1), "an ID number's last four");
	CHECK(finds("123x", a, 1), "last four, x in either case");
	char *hash = xasprintf("#%lld", c);
	CHECK(finds(hash, c, 1), "#ID");
	free(hash);
	CHECK(finds("HR@EXAMPLE.COM", 0, 4), "a sender, case ignored");
	q.search = "某某";
	q.limit = 1;
	q.offset = 1;
	n = page(&q, &it, &total);
	CHECK(n == 1 && total == 3 && it[0].id == c,
	    "a search's second page of one: counted in the same pass");
	records_queue_free(it, n);
	memset(&q, 0, sizeof q);
	CHECK(finds("钱七", 0, 0), "nobody of that name");
	CHECK(finds("50%", 0, 0), "a percent sign is no pattern");

	CHECK(records_submission_get(rec, c, &s, &err) == 0 && s,
	    "a submission in full");
	if (s) {
		CHECK_STR(s->status, "rejected", "its status");
		CHECK_STR(s->company, "某某物流", "its company");
		CHECK(s->n_persons == 1 && s->persons[0].n_files == 1 &&
		    strcmp(s->persons[0].files[0].name, "scan.jpg") == 0 &&
		    strcmp(s->persons[0].files[0].type, "image/jpeg") == 0,
		    "its person and file");
		CHECK(s->n_problems == 1, "its problem");
		CHECK(s->n_history == 1 && strcmp(s->history[0].event,
		    "received") == 0, "its history");
		records_submission_free(s);
	}
	CHECK(records_submission_get(rec, 99999, &s, &err) == 1 && s == NULL,
	    "an unknown submission");
	free(err);
	err = NULL;

	/* Viewers: audit rows as the submission page writes them. */
	char *t = xasprintf("%lld", b);
	CHECK(audit_add(rec, "web view", "wang", t, NULL, &err) ==
	    0, "audit row (%s)", err ? err : "");
	audit_add(rec, "web view", "li", t, NULL, &err);
	audit_add(rec, "web view", "li", t, NULL, &err);
	free(t);
	CHECK(console_recent_viewers(rec, "web view", b, time(NULL) - 600,
	    "wang", &names, &n, &err) == 0 && n == 1 &&
	    strcmp(names[0], "li") == 0, "recent viewers, once each, not me");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	CHECK(console_recent_viewers(rec, "web view", b, time(NULL) + 60,
	    NULL, &names, &n, &err) == 0 && n == 0, "none in the future");
	free(names);
	CHECK(console_audit(rec, 0, 2, &rows, &n, &total, &err) == 0 &&
	    n == 2 && total == 3 && strcmp(rows[0].by, "li") == 0,
	    "audit rows, newest first, paged");
	records_audit_free(rows, n);

	records_close(rec);
	t = xasprintf("rm -rf %s", dir);
	if (system(t) != 0)
		printf("# cannot remove %s\n", dir);
	free(t);
	free(db);
	return UNIT_DONE();
}
