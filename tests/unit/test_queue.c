/* test_queue.c — the staff queue read from a records database made by the
 * shipped migrations: the order a person works in, "sent again" in each of
 * its forms and its exceptions, the filters, and persons and problems
 * attached to the right submission. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "records-report.h"
#include "records.h"
#include "unit.h"
#include "util.h"

static char tmpdir[] = "/tmp/test_queue.XXXXXX";
static sqlite3 *db;

/* One submission (and its message) arriving at `at`; persons is a
 * "|"-separated list of names, NULL for none.  Returns its id. */
static long long
add(const char *status, const char *sender, const char *company,
    const char *persons, long at)
{
	static int seq;
	char *sql;
	long long msg, sub;

	sql = sqlite3_mprintf("INSERT INTO messages (key, sha256, sender,"
	    " received_at) VALUES ('k%d', 'x', %Q, %ld)", ++seq, sender, at);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	msg = sqlite3_last_insert_rowid(db);
	sql = sqlite3_mprintf("INSERT INTO submissions (msg, status, company,"
	    " sender, business, created_at, updated_at) VALUES (%lld, %Q, %Q,"
	    " %Q, 'points-new', %ld, %ld)", msg, status, company, sender,
	    at + 5, at + 5);
	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
	sub = sqlite3_last_insert_rowid(db);
	while (persons != NULL && *persons != '\0') {
		size_t len = strcspn(persons, "|");

		sql = sqlite3_mprintf("INSERT INTO persons (submission, name,"
		    " id_number) VALUES (%lld, '%.*q', '31010119900307123X')",
		    sub, (int)len, persons);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
		persons += len + (persons[len] == '|');
	}
	return sub;
}

static void
problem(long long sub, const char *code, const char *person)
{
	char *sql = sqlite3_mprintf("INSERT INTO problems (submission, code,"
	    " person) VALUES (%lld, %Q, %Q)", sub, code, person);

	sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_free(sql);
}

static const struct queue_item *
find(const struct queue_item *v, size_t n, long long id, size_t *at)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].id == id) {
			if (at)
				*at = i;
			return &v[i];
		}
	return NULL;
}

static void
sql(const char *fmt, long long a, long long b)
{
	char *q = sqlite3_mprintf(fmt, a, b);

	if (sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK)
		printf("# %s: %s\n", q, sqlite3_errmsg(db));
	sqlite3_free(q);
}

/* The queue of the database at path, as `intake report` reads it: a
 * read-only handle (never creating the database), then the queue. */
static int
queue_at(const char *path, const struct queue_filter *f,
    struct queue_item **v, size_t *n, char **err)
{
	struct records *r;
	int rc;

	*v = NULL;
	*n = 0;
	if ((r = records_open_readonly(path, err)) == NULL)
		return -1;
	rc = records_queue_load(r, f, v, n, err);
	records_close(r);
	return rc;
}

/* The queue's resent and group of one submission, as the report reads
 * them from the summary: resent * 10 + group, -1 when not listed. */
static int
state_of(const char *path, long long id)
{
	struct queue_item *v = NULL;
	const struct queue_item *it;
	size_t n = 0;
	char *err = NULL;
	int r = -1;

	if (queue_at(path, NULL, &v, &n, &err) != 0) {
		printf("# queue_load: %s\n", err);
		free(err);
		return -2;
	}
	if ((it = find(v, n, id, NULL)) != NULL)
		r = it->resent * 10 + it->group;
	records_queue_free(v, n);
	return r;
}

int
main(void)
{
	char *path, *err = NULL;
	struct records *r;
	struct queue_item *v = NULL;
	struct queue_filter f = { 0 };
	const struct queue_item *it;
	size_t n = 0, i, at;
	long long rev_old, rev_new, rej_company, rej_person, rej_alone,
	    rej_ignored_after, rej_case, rej_tie_a, rej_tie_b, acc, ign,
	    rej_other_sender, later_same_company, later_person;
	long t = 1790000000;

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	path = xasprintf("%s/intake.db", tmpdir);
	r = records_open(path, INTAKE_SRCDIR "/schemas", &err);
	CHECK(r != NULL, "records_open makes a database (%s)",
	    err ? err : "ok");
	records_close(r);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return 1;

	rev_new = add("review", "a@x.cn", "甲公司", "张三", t + 500);
	rev_old = add("review", "b@x.cn", "乙公司", "李四", t + 100);
	/* Rejected, then the same company from the same address. */
	rej_company = add("rejected", "hr@c.cn", "丙公司", "王五", t + 200);
	later_same_company = add("accepted", "hr@c.cn", "丙公司", "赵六",
	    t + 300);
	/* Rejected, then a same person under another company name. */
	rej_person = add("rejected", "hr@d.cn", "丁公司", "钱七|孙八",
	    t + 210);
	later_person = add("review", "hr@d.cn", "丁有限公司", "孙八",
	    t + 310);
	/* Rejected and nothing since: waits for a person. */
	rej_alone = add("rejected", "hr@e.cn", "戊公司", "周九", t + 220);
	/* Only an ignored mail came later: not sent again. */
	rej_ignored_after = add("rejected", "hr@f.cn", "己公司", "吴十",
	    t + 230);
	ign = add("ignored", "hr@f.cn", "己公司", "吴十", t + 330);
	/* The sender's address in other case is the same sender. */
	rej_case = add("rejected", "HR@G.cn", "庚公司", NULL, t + 240);
	add("accepted", "hr@g.CN", "庚公司", NULL, t + 340);
	/* The same company from another address is someone else. */
	rej_other_sender = add("rejected", "one@h.cn", "辛公司", NULL, t + 250);
	add("accepted", "two@h.cn", "辛公司", NULL, t + 350);
	/* Two arriving in the same second: the later id is the later mail. */
	rej_tie_a = add("rejected", "hr@i.cn", "壬公司", NULL, t + 260);
	rej_tie_b = add("rejected", "hr@i.cn", "壬公司", NULL, t + 260);
	acc = add("accepted", "hr@j.cn", "癸公司", "郑一", t + 50);
	problem(rej_alone, "item-missing", "周九");
	problem(rej_alone, "id-number-invalid", "周九");
	problem(rev_old, "name-mismatch", "李四");

	CHECK_INT(queue_at(path, NULL, &v, &n, &err), 0, "queue_load (%s)",
	    err ? err : "ok");
	CHECK_INT(n, 16, "every submission is listed");
	CHECK(v != NULL && n >= 3 && v[0].id == rev_old &&
	    v[1].id == later_person && v[2].id == rev_new,
	    "reviews come first, oldest first");
	for (i = 0; i + 1 < n; i++)
		if (v[i].group > v[i + 1].group || (v[i].group ==
		    v[i + 1].group && v[i].received > v[i + 1].received))
			break;
	CHECK(i + 1 >= n, "groups in order, oldest first within each");

	it = find(v, n, rej_company, NULL);
	CHECK(it && it->resent && it->group == 2,
	    "rejected, then the same company from the same sender: sent again");
	it = find(v, n, rej_person, NULL);
	CHECK(it && it->resent && it->group == 2,
	    "rejected, then one of its persons from the same sender: sent "
	    "again");
	it = find(v, n, later_same_company, NULL);
	CHECK(it && !it->resent, "an accepted mail is never 'sent again'");
	it = find(v, n, later_person, NULL);
	CHECK(it && !it->resent && it->group == 0,
	    "the mail sent again is itself a review");
	it = find(v, n, rej_alone, &at);
	CHECK(it && !it->resent && it->group == 1,
	    "rejected with nothing since: the second group");
	it = find(v, n, rej_ignored_after, NULL);
	CHECK(it && !it->resent && it->group == 1,
	    "an ignored mail later does not count as sent again");
	it = find(v, n, ign, NULL);
	CHECK(it && it->group == 2, "ignored mail is in the last group");
	it = find(v, n, rej_case, NULL);
	CHECK(it && it->resent, "the sender's address compares without case");
	it = find(v, n, rej_other_sender, NULL);
	CHECK(it && !it->resent,
	    "the same company from another address is not sent again");
	it = find(v, n, rej_tie_a, NULL);
	CHECK(it && it->resent,
	    "same second: the lower id was followed by the higher");
	it = find(v, n, rej_tie_b, NULL);
	CHECK(it && !it->resent, "same second: the higher id is the latest");

	it = find(v, n, rej_alone, NULL);
	CHECK(it && it->n_problems == 2 && it->n_persons == 1 &&
	    strcmp(it->problems[0].code, "item-missing") == 0 &&
	    strcmp(it->problems[1].code, "id-number-invalid") == 0 &&
	    strcmp(it->persons[0].name, "周九") == 0,
	    "persons and problems attach to their own submission, in order");
	it = find(v, n, rej_person, NULL);
	CHECK(it && it->n_persons == 2 && it->n_problems == 0 &&
	    strcmp(it->persons[0].name, "钱七") == 0 &&
	    strcmp(it->persons[1].name, "孙八") == 0, "two persons in order");
	it = find(v, n, acc, NULL);
	CHECK(it && it->received == t + 50,
	    "the arrival time is the message's, not the submission's");
	records_queue_free(v, n);

	/* --status keeps the rest for "sent again". */
	f.status = "rejected";
	CHECK_INT(queue_at(path, &f, &v, &n, &err), 0, "--status rejected");
	CHECK_INT(n, 8, "only the rejected ones");
	it = find(v, n, rej_company, NULL);
	CHECK(it && it->resent,
	    "sent again still counts mail the filter leaves out");
	it = find(v, n, rej_alone, NULL);
	CHECK(it && it->n_problems == 2 && it->n_persons == 1,
	    "filtered: persons and problems still attached");
	records_queue_free(v, n);

	f.status = "review,accepted";
	f.since = t + 300;
	CHECK_INT(queue_at(path, &f, &v, &n, &err), 0, "--since and a list");
	CHECK_INT(n, 5, "reviews and accepted arriving since");
	CHECK(find(v, n, rev_old, NULL) == NULL && find(v, n, rev_new, NULL),
	    "an older review is left out");
	records_queue_free(v, n);

	/* The summary follows every later write (005-report-summary.sql):
	 * decide, purge, re-judging, a new arrival, a moved arrival. */
	sql("UPDATE submissions SET status = 'ignored' WHERE id = %lld AND"
	    " %lld", later_same_company, 1);
	CHECK_INT(state_of(path, rej_company), 1,
	    "the later mail decided 'ignored': no longer sent again");
	sql("UPDATE submissions SET status = 'accepted' WHERE id = %lld AND"
	    " %lld", later_same_company, 1);
	CHECK_INT(state_of(path, rej_company), 12,
	    "and back to accepted: sent again");
	sql("UPDATE messages SET received_at = %lld WHERE id = (SELECT msg"
	    " FROM submissions WHERE id = %lld)", t + 100, later_person);
	CHECK_INT(state_of(path, rej_person), 1,
	    "the later mail's arrival moved before it: not sent again");
	sql("UPDATE messages SET received_at = %lld WHERE id = (SELECT msg"
	    " FROM submissions WHERE id = %lld)", t + 310, later_person);
	CHECK_INT(state_of(path, rej_person), 12, "moved back: sent again");
	{
		long long again = add("review", "HR@e.cn", "另一公司", "周九",
		    t + 900);

		CHECK_INT(state_of(path, rej_alone), 12,
		    "a new mail naming the same person: sent again");
		sql("UPDATE persons SET name = NULL WHERE submission = %lld"
		    " AND %lld", again, 1);
		CHECK_INT(state_of(path, rej_alone), 1,
		    "its person's name purged: no longer");
		sql("DELETE FROM persons WHERE submission = %lld AND %lld",
		    again, 1);
		sql("INSERT INTO persons (submission, name) VALUES (%lld,"
		    " '周九')", again, 0);
		CHECK_INT(state_of(path, rej_alone), 12,
		    "re-judged with the person again: sent again");
		sql("UPDATE submissions SET sender = NULL WHERE id = %lld AND"
		    " %lld", again, 1);
		CHECK_INT(state_of(path, rej_alone), 1,
		    "its sender purged: no longer");
	}
	sql("UPDATE submissions SET status = 'accepted' WHERE id = %lld AND"
	    " %lld", rej_alone, 1);
	CHECK_INT(state_of(path, rej_alone), 2,
	    "a rejected mail decided 'accepted': last group, not sent again");
	CHECK_INT(state_of(path, rej_tie_a), 12,
	    "others untouched (same second, the higher id later)");

	/* The persons and problems the summary carries (008-report-cells.sql)
	 * follow every write to them; any byte survives the packing. */
	sql("UPDATE persons SET name = '3:a-b|' || name, business ="
	    " 'points-renew' WHERE submission = %lld AND id = (SELECT"
	    " max(id) FROM persons WHERE submission = %lld)", rej_person,
	    rej_person);
	sql("UPDATE persons SET id_number = NULL WHERE submission = %lld AND"
	    " %lld", rej_person, 1);
	sql("UPDATE problems SET detail = '-12:身份证号“1”有误', item = 'id-card'"
	    " WHERE submission = %lld AND code = 'item-missing' AND %lld",
	    rej_alone, 1);
	sql("DELETE FROM problems WHERE submission = %lld AND code ="
	    " 'id-number-invalid' AND %lld", rej_alone, 1);
	sql("INSERT INTO problems (submission, code, file) VALUES (%lld,"
	    " 'archive-unreadable', '') -- %lld", rev_new, 0);
	CHECK_INT(queue_at(path, NULL, &v, &n, &err), 0, "queue after edits");
	it = find(v, n, rej_person, NULL);
	CHECK(it && it->n_persons == 2 &&
	    strcmp(it->persons[0].name, "钱七") == 0 &&
	    it->persons[0].business == NULL &&
	    it->persons[0].id_number == NULL &&
	    strcmp(it->persons[1].name, "3:a-b|孙八") == 0 &&
	    it->persons[1].business &&
	    strcmp(it->persons[1].business, "points-renew") == 0,
	    "a person renamed and changed: the summary's persons follow");
	it = find(v, n, rej_alone, NULL);
	CHECK(it && it->n_problems == 1 &&
	    strcmp(it->problems[0].code, "item-missing") == 0 &&
	    strcmp(it->problems[0].item, "id-card") == 0 &&
	    strcmp(it->problems[0].detail, "-12:身份证号“1”有误") == 0 &&
	    it->problems[0].file == NULL,
	    "a problem changed and one deleted: the summary's problems follow");
	it = find(v, n, rev_new, NULL);
	CHECK(it && it->n_problems == 1 && it->problems[0].file &&
	    *it->problems[0].file == '\0' && it->problems[0].person == NULL,
	    "an empty field is not a NULL one");
	records_queue_free(v, n);
	sql("DELETE FROM persons WHERE submission = %lld AND %lld",
	    rej_person, 1);
	CHECK_INT(queue_at(path, NULL, &v, &n, &err), 0, "queue after purge");
	it = find(v, n, rej_person, NULL);
	CHECK(it && it->n_persons == 0 && it->persons == NULL,
	    "its persons deleted: none in the summary");
	records_queue_free(v, n);

	/* A database from before 005 keeps its history: the migration
	 * fills the summary from what is there. */
	sqlite3_close(db);
	free(path);
	{
		char *old = xasprintf("%s/old", tmpdir);
		char *cmd = xasprintf("mkdir '%s' && cp '%s'/schemas/00[1-4]-*.sql"
		    " '%s'/", old, INTAKE_SRCDIR, old);
		long long a, b, c;

		path = xasprintf("%s/old.db", tmpdir);
		CHECK(system(cmd) == 0, "schemas 001 to 004 copied");
		r = records_open(path, old, &err);
		CHECK(r != NULL, "a database at 004 (%s)", err ? err : "ok");
		records_close(r);
		if (sqlite3_open(path, &db) != SQLITE_OK)
			return 1;
		a = add("rejected", "hr@k.cn", "子公司", "冯二", t + 10);
		b = add("accepted", "HR@k.cn", "丑公司", "冯二", t + 20);
		c = add("rejected", "hr@k.cn", "子公司", NULL, t + 30);
		sqlite3_close(db);
		r = records_open(path, INTAKE_SRCDIR "/schemas", &err);
		CHECK(r != NULL, "brought to 005 (%s)", err ? err : "ok");
		records_close(r);
		if (sqlite3_open(path, &db) != SQLITE_OK)
			return 1;
		CHECK_INT(state_of(path, a), 12,
		    "filled from the history: the same person later, sent again");
		CHECK_INT(state_of(path, b), 2, "accepted: last group");
		CHECK_INT(state_of(path, c), 1, "the latest rejection waits");
		CHECK_INT(queue_at(path, NULL, &v, &n, &err), 0,
		    "queue of the migrated database");
		it = find(v, n, a, NULL);
		CHECK(it && it->n_persons == 1 &&
		    strcmp(it->persons[0].name, "冯二") == 0,
		    "008 packed the persons already there");
		records_queue_free(v, n);
		free(old);
		free(cmd);
	}

	/* The packed persons: many (more fields than the reader keeps on
	 * its stack) come back whole and in order; a damaged cell is an
	 * error naming the submission, never half a row. */
	{
		struct buf names = { 0 };
		long long many;
		char want[16];
		int ok = 1;

		for (i = 0; i < 25; i++)
			buf_addf(&names, "%s人%02zu", i ? "|" : "", i);
		many = add("review", "many@x.cn", "多人公司", names.data,
		    t + 900);
		buf_free(&names);
		CHECK_INT(queue_at(path, NULL, &v, &n, &err), 0,
		    "the queue with 25 persons in one submission");
		it = find(v, n, many, NULL);
		CHECK(it && it->n_persons == 25, "25 persons unpacked (%zu)",
		    it ? it->n_persons : 0);
		for (i = 0; it && i < it->n_persons && i < 25; i++) {
			snprintf(want, sizeof want, "人%02zu", i);
			ok &= strcmp(it->persons[i].name, want) == 0 &&
			    it->persons[i].id_number &&
			    strcmp(it->persons[i].id_number,
			    "31010119900307123X") == 0;
		}
		CHECK(it && ok, "each with its own name and ID number, in order");
		records_queue_free(v, n);
		sql("UPDATE report_rows SET persons = '9:ab' WHERE submission ="
		    " %lld AND %lld = 0", many, 0);
		v = NULL;
		CHECK(queue_at(path, NULL, &v, &n, &err) == -1 && err &&
		    strstr(err, "malformed") && v == NULL,
		    "a field longer than its cell: an error (%s)",
		    err ? err : "none");
		free(err);
		err = NULL;
		sql("UPDATE report_rows SET persons = '3:abc' WHERE submission ="
		    " %lld AND %lld = 0", many, 0);
		CHECK(queue_at(path, NULL, &v, &n, &err) == -1 && err &&
		    strstr(err, "malformed"),
		    "a person of one field: an error (%s)", err ? err : "none");
		free(err);
		err = NULL;
	}

	/* A database that is not there is an error, never created. */
	free(path);
	path = xasprintf("%s/missing.db", tmpdir);
	v = NULL;
	CHECK(queue_at(path, NULL, &v, &n, &err) == -1 && err != NULL &&
	    access(path, F_OK) != 0, "a missing database: error, not created");
	free(err);

	sqlite3_close(db);
	free(path);
	{
		char *cmd = xasprintf("rm -rf %s", tmpdir);

		if (system(cmd) != 0)
			printf("# could not remove %s\n", tmpdir);
		free(cmd);
	}
	return UNIT_DONE();
}
