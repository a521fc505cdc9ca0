/*
 * cmd_show.c — `intake show ID`: one submission in full for staff: the
 * mail, persons (ID numbers in full), every file with its type, material
 * and path in the spool, problems, replies and history.  ID is the
 * receipt number or the internal id.  Reads only.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "cmd.h"
#include "env.h"
#include "records.h"
#include "util.h"
#include "utf8.h"

static const char *
col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? (const char *)s : "-";
}

static void
when(sqlite3_stmt *st, int i, char *out, size_t n)
{
	time_t t = (time_t)sqlite3_column_int64(st, i);
	struct tm tm;

	if (sqlite3_column_type(st, i) == SQLITE_NULL) {
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

static sqlite3_stmt *
query(sqlite3 *db, const char *sql, long long id)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "intake: %s\n", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, id);
	return st;
}

static const char *
business_words(const struct env *e, const char *key)
{
	const char *n = key ? rules_business_name(e->rules, key) : NULL;

	return n ? n : key ? key : "-";
}

static int
show(const struct env *e, sqlite3 *db, long long id)
{
	const char *spool = e->cfg->spool;
	sqlite3_stmt *st, *fs;
	char t[32];
	int rc = 0;

	st = query(db, "SELECT s.id, s.receipt, s.status, s.center, "
	    "s.business, s.company, s.sender, s.subject, s.declared_count, "
	    "m.received_at, m.id, m.key, m.mailbox, m.message_id, "
	    "m.spool_path, s.updated_at FROM submissions s JOIN messages m "
	    "ON m.id = s.msg WHERE s.id = ?1", id);
	if (st == NULL)
		return EXIT_RUNTIME;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return EXIT_RUNTIME;
	}
	when(st, 9, t, sizeof t);
	printf("submission %lld   receipt %s   status %s\n",
	    (long long)sqlite3_column_int64(st, 0), col(st, 1), col(st, 2));
	printf("received   %s   (message %lld, key %s)\n", t,
	    (long long)sqlite3_column_int64(st, 10), col(st, 11));
	printf("mailbox    %s\n", col(st, 12));
	printf("message-id %s\n", col(st, 13));
	printf("from       %s\n", col(st, 6));
	printf("subject    %s\n", col(st, 7));
	printf("center     %s   business %s   company %s", col(st, 3),
	    business_words(e, (const char *)sqlite3_column_text(st, 4)),
	    col(st, 5));
	if (sqlite3_column_type(st, 8) != SQLITE_NULL)
		printf("   共%d人", sqlite3_column_int(st, 8));
	printf("\nraw mail   %s/%s\n", spool, col(st, 14));
	sqlite3_finalize(st);

	printf("\npersons\n");
	if ((st = query(db, "SELECT id, name, business, id_number, archive, "
	    "missing FROM persons WHERE submission = ?1 ORDER BY id", id)) ==
	    NULL)
		return EXIT_RUNTIME;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = col(st, 1);
		char *miss = missing_words(e,
		    (const char *)sqlite3_column_text(st, 5));

		printf("  %s   %s   身份证号 %s   压缩包 %s   缺少 %s\n",
		    *name ? name : "（单位）",
		    business_words(e, (const char *)sqlite3_column_text(st, 2)),
		    col(st, 3), col(st, 4), miss);
		free(miss);
		fs = query(db, "SELECT name, type, bytes, item, path, item_by,"
		    " read_name, read_id_number FROM files "
		    "WHERE person = ?1 ORDER BY id", sqlite3_column_int64(st, 0));
		while (fs && sqlite3_step(fs) == SQLITE_ROW) {
			const char *item = (const char *)sqlite3_column_text(fs,
			    3);
			const char *iname = item ? rules_item_name(e->rules,
			    item) : NULL;

			printf("    ");
			pad(col(fs, 0), 30);
			printf(" ");
			pad(col(fs, 1), 16);
			printf(" %8lld  ", (long long)sqlite3_column_int64(fs, 2));
			pad(iname ? iname : item ? item : "（未识别）", 12);
			if (sqlite3_column_type(fs, 4) == SQLITE_NULL)
				printf(" -");
			else
				printf(" %s/%s", spool, col(fs, 4));
			/* How the material was told, and what the reader
			 * read on it: staff check a content decision. */
			if (strcmp(col(fs, 5), "content") == 0)
				printf("  按内容识别");
			if (sqlite3_column_type(fs, 6) != SQLITE_NULL ||
			    sqlite3_column_type(fs, 7) != SQLITE_NULL)
				printf("  读出 %s %s", col(fs, 6), col(fs, 7));
			printf("\n");
		}
		sqlite3_finalize(fs);
	}
	sqlite3_finalize(st);

	printf("\nproblems\n");
	if ((st = query(db, "SELECT code, person, file, item, detail FROM "
	    "problems WHERE submission = ?1 ORDER BY id", id)) == NULL)
		return EXIT_RUNTIME;
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("  %-22s %s\n", col(st, 0), col(st, 4));
	sqlite3_finalize(st);

	printf("\nreplies\n");
	if ((st = query(db, "SELECT id, kind, state, rcpt, subject, "
	    "created_at, sent_at, attempts, error FROM replies WHERE "
	    "submission = ?1 ORDER BY id", id)) == NULL)
		return EXIT_RUNTIME;
	while (sqlite3_step(st) == SQLITE_ROW) {
		char c[32], s[32];

		when(st, 5, c, sizeof c);
		when(st, 6, s, sizeof s);
		printf("  #%lld %-10s %-10s to %s   made %s   sent %s\n"
		    "      %s\n", (long long)sqlite3_column_int64(st, 0),
		    col(st, 1), col(st, 2), col(st, 3), c, s, col(st, 4));
		if (sqlite3_column_type(st, 8) != SQLITE_NULL)
			printf("      attempts %d, last error: %s\n",
			    sqlite3_column_int(st, 7), col(st, 8));
	}
	sqlite3_finalize(st);

	printf("\nhistory\n");
	if ((st = query(db, "SELECT at, actor, event, detail FROM history "
	    "WHERE submission = ?1 ORDER BY at, id", id)) == NULL)
		return EXIT_RUNTIME;
	while (sqlite3_step(st) == SQLITE_ROW) {
		when(st, 0, t, sizeof t);
		printf("  %s  %-10s %-16s %s\n", t, col(st, 1), col(st, 2),
		    col(st, 3));
	}
	sqlite3_finalize(st);
	return rc;
}

static int
cmd_show(const struct cmd_args *a)
{
	const char *by = NULL;
	char *err = NULL, *target;
	struct records *rec;
	struct env *e;
	long long id;
	size_t i;
	int rc;

	for (i = 0; i < a->nopt; i++)
		by = a->opt[i].arg;	/* --by, the only one; the last wins */
	if ((rc = cmd_open_submission(a->argv[0], &e, &rec, &id)) != 0)
		return rc;
	/* Staff see personal data here: no showing without an audit row. */
	target = xasprintf("%lld", id);
	if (audit_add(records_db(rec), "show", by, target, NULL, &err) != 0) {
		fprintf(stderr, "intake: %s\n", err);
		free(err);
		rc = EXIT_RUNTIME;
	} else
		rc = show(e, records_db(rec), id);
	free(target);
	records_close(rec);
	env_free(e);
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
