/* queue.c — see queue.h. */
#include "queue.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/*
 * The report reads three tables once each, in full, and does the rest in
 * memory: 100,000 submissions take a few linear passes instead of a
 * correlated subquery and two lookups per row.  The submissions scan is
 * answered from the covering index submissions_queue (004-queue-index.sql),
 * never from the rows with their verdict JSON.  The arrival time is the
 * message's; a submission without a message row falls back to its own
 * creation time.
 */
static const char SQL_ITEMS[] =
"SELECT s.id, s.receipt, s.status, s.business, s.company, s.sender,"
"  s.subject, COALESCE(m.received_at, s.created_at) "
"FROM submissions s LEFT JOIN messages m ON m.id = s.msg "
"WHERE COALESCE(m.received_at, s.created_at) >= ?1";
static const char SQL_PERSONS[] = "SELECT submission, name, business, "
    "id_number FROM persons ORDER BY submission, id";
static const char SQL_PROBLEMS[] = "SELECT submission, code, person, file, "
    "item, detail FROM problems ORDER BY submission, id";

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

/* 1 when status is in the comma-separated list (NULL: all). */
static int
status_wanted(const char *list, const char *status)
{
	size_t n = strlen(status);
	const char *p = list;

	if (list == NULL || *list == '\0')
		return 1;
	while (*p) {
		size_t len = strcspn(p, ",");

		if (len == n && strncmp(p, status, n) == 0)
			return 1;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static int
is_status(const struct queue_item *it, const char *status)
{
	return it->status != NULL && strcmp(it->status, status) == 0;
}

/* Orders of items: by id (to attach persons and problems), by arrival
 * (which of two mails came later), and the report's own. */
static int
cmp_id(const void *a, const void *b)
{
	const struct queue_item *x = *(struct queue_item *const *)a;
	const struct queue_item *y = *(struct queue_item *const *)b;

	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_arrival(const void *a, const void *b)
{
	const struct queue_item *x = *(struct queue_item *const *)a;
	const struct queue_item *y = *(struct queue_item *const *)b;

	if (x->received != y->received)
		return (x->received > y->received) - (x->received < y->received);
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_report(const void *a, const void *b)
{
	const struct queue_item *x = a, *y = b;

	if (x->group != y->group)
		return x->group - y->group;
	if (x->received != y->received)
		return (x->received > y->received) - (x->received < y->received);
	return (x->id > y->id) - (x->id < y->id);
}

/* Persons (kind 0) or problems (kind 1) of every item, from one scan in
 * submission order merged with the items in id order. */
static int
attach(sqlite3_stmt *st, struct queue_item **byid, size_t n, int kind)
{
	size_t i = 0, cap = 0;
	long long last = -1;
	int r;

	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		long long sub = sqlite3_column_int64(st, 0);
		struct queue_item *it;

		while (i < n && byid[i]->id < sub)
			i++;
		if (i == n)
			break;
		if (byid[i]->id != sub)
			continue;	/* outside --since */
		it = byid[i];
		if (sub != last)
			cap = 0;
		last = sub;
		if (kind == 0) {
			struct queue_person *p;

			xgrow((void **)&it->persons, &cap, it->n_persons,
			    sizeof *p);
			p = &it->persons[it->n_persons++];
			p->name = dup_col(st, 1);
			if (p->name == NULL)
				p->name = xstrdup("");
			p->business = dup_col(st, 2);
			p->id_number = dup_col(st, 3);
		} else {
			struct queue_problem *p;

			xgrow((void **)&it->problems, &cap, it->n_problems,
			    sizeof *p);
			p = &it->problems[it->n_problems++];
			p->code = dup_col(st, 1);
			p->person = dup_col(st, 2);
			p->file = dup_col(st, 3);
			p->item = dup_col(st, 4);
			p->detail = dup_col(st, 5);
		}
	}
	return r == SQLITE_ROW || r == SQLITE_DONE ? 0 : -1;
}

/*
 * "Sent again" without a query per row: a table keyed by (sender without
 * case, company) and (sender without case, person name) holds the keys of
 * the rejected mail only — a few of them, so the table stays in cache —
 * and the latest arrival rank of any mail that is not ignored and shares
 * one; a rejected mail was sent again when one of its keys has a later
 * rank than its own.  Open addressing; keys borrowed from the items.
 */
struct resend_key {
	const char	*sender;	/* NULL: empty slot */
	const char	*value;
	int		 kind;		/* 'c' company, 'p' person */
	size_t		 hash;		/* compared before the strings */
	size_t		 latest;	/* arrival rank + 1; 0: none yet */
};

struct resend_map {
	struct resend_key *slot;
	size_t		 mask;
};

static size_t
resend_hash(const char *sender, int kind, const char *value)
{
	size_t h = 1469598103934665603ULL;	/* FNV-1a */
	const unsigned char *p;

	for (p = (const unsigned char *)sender; *p; p++)
		h = (h ^ (size_t)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p)) *
		    1099511628211ULL;
	h = (h ^ (size_t)kind) * 1099511628211ULL;
	for (p = (const unsigned char *)value; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return h;
}

/* The slot of a key: its own, or the empty one where it would go. */
static struct resend_key *
resend_slot(struct resend_map *m, const char *sender, int kind,
    const char *value)
{
	size_t h = resend_hash(sender, kind, value), i = h & m->mask;

	for (;; i = (i + 1) & m->mask) {
		struct resend_key *k = &m->slot[i];

		if (k->sender == NULL) {
			k->hash = h;
			return k;
		}
		if (k->hash == h && k->kind == kind &&
		    strcmp(k->value, value) == 0 &&
		    ascii_casecmp(k->sender, sender) == 0)
			return k;
	}
}

/* The keys of an item, n_keys(it) of them: its company, then its
 * persons' names. */
static size_t
n_keys(const struct queue_item *it)
{
	return it->sender == NULL ? 0 : 1 + it->n_persons;
}

/* The slot of an item's key i (see resend_slot), or NULL when that key
 * is empty (no company, a unit-level person without a name). */
static struct resend_key *
key_slot(struct resend_map *m, const struct queue_item *it, size_t i)
{
	int kind = i == 0 ? 'c' : 'p';
	const char *v = i == 0 ? it->company : it->persons[i - 1].name;
	struct resend_key *k;

	if (v == NULL || *v == '\0')
		return NULL;
	k = resend_slot(m, it->sender, kind, v);
	if (k->sender == NULL) {	/* what a new key would hold */
		k->kind = kind;
		k->value = v;
	}
	return k;
}

static void
mark_resent(struct queue_item **byarrival, size_t n)
{
	struct resend_map m;
	struct resend_key *k;
	size_t keys = 0, cap = 16, i, j;

	for (i = 0; i < n; i++)
		if (is_status(byarrival[i], "rejected"))
			keys += n_keys(byarrival[i]);
	while (cap < 2 * keys)
		cap *= 2;
	m.slot = xcalloc(cap, sizeof *m.slot);
	m.mask = cap - 1;
	for (i = 0; i < n; i++)
		if (is_status(byarrival[i], "rejected"))
			for (j = 0; j < n_keys(byarrival[i]); j++)
				if ((k = key_slot(&m, byarrival[i], j)) != NULL)
					k->sender = byarrival[i]->sender;
	/* Every mail that counts, in arrival order: the last write wins. */
	for (i = 0; i < n; i++)
		if (!is_status(byarrival[i], "ignored"))
			for (j = 0; j < n_keys(byarrival[i]); j++)
				if ((k = key_slot(&m, byarrival[i], j)) != NULL &&
				    k->sender != NULL)
					k->latest = i + 1;
	for (i = 0; i < n; i++) {
		struct queue_item *it = byarrival[i];

		it->resent = 0;
		if (!is_status(it, "rejected"))
			continue;
		for (j = 0; j < n_keys(it) && !it->resent; j++)
			it->resent = (k = key_slot(&m, it, j)) != NULL &&
			    k->latest > i + 1;
	}
	free(m.slot);
}

static void
item_free(struct queue_item *it)
{
	size_t j;

	for (j = 0; j < it->n_persons; j++) {
		free(it->persons[j].name);
		free(it->persons[j].business);
		free(it->persons[j].id_number);
	}
	free(it->persons);
	for (j = 0; j < it->n_problems; j++) {
		free(it->problems[j].code);
		free(it->problems[j].person);
		free(it->problems[j].file);
		free(it->problems[j].item);
		free(it->problems[j].detail);
	}
	free(it->problems);
	free(it->receipt);
	free(it->status);
	free(it->business);
	free(it->company);
	free(it->sender);
	free(it->subject);
}

int
queue_load(const char *db_path, const struct queue_filter *f,
    struct queue_item **items, size_t *n, char **err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	struct queue_item *v = NULL, **order = NULL;
	size_t cap = 0, i, kept;
	int r;

	*items = NULL;
	*n = 0;
	/* Read-only: the report must never create a database where the
	 * daemon has not made one. */
	if (access(db_path, R_OK) != 0) {
		*err = xasprintf("database %s: %s", db_path, strerror(errno));
		return -1;
	}
	if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		*err = xasprintf("database %s: %s", db_path,
		    db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db, 10000);
	/* One read transaction: the three scans see the same records. */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, SQL_ITEMS, -1, &st, NULL) != SQLITE_OK)
		goto sqlfail;
	sqlite3_bind_int64(st, 1, f && f->since ? (sqlite3_int64)f->since :
	    (sqlite3_int64)0);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		struct queue_item *it;

		xgrow((void **)&v, &cap, *n, sizeof *v);
		it = &v[(*n)++];
		memset(it, 0, sizeof *it);
		it->id = sqlite3_column_int64(st, 0);
		it->receipt = dup_col(st, 1);
		it->status = dup_col(st, 2);
		it->business = dup_col(st, 3);
		it->company = dup_col(st, 4);
		it->sender = dup_col(st, 5);
		it->subject = dup_col(st, 6);
		it->received = (time_t)sqlite3_column_int64(st, 7);
	}
	if (r != SQLITE_DONE)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;

	order = xcalloc(*n ? *n : 1, sizeof *order);
	for (i = 0; i < *n; i++)
		order[i] = &v[i];
	qsort(order, *n, sizeof *order, cmp_id);
	if (sqlite3_prepare_v2(db, SQL_PERSONS, -1, &st, NULL) != SQLITE_OK ||
	    attach(st, order, *n, 0) != 0)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;

	/* Whether a mail was sent again looks at every later mail, also
	 * those --status leaves out; problems only for the ones kept. */
	qsort(order, *n, sizeof *order, cmp_arrival);
	mark_resent(order, *n);
	for (i = kept = 0; i < *n; i++) {
		struct queue_item *it = &v[i];

		if (!status_wanted(f ? f->status : NULL,
		    it->status ? it->status : "")) {
			item_free(it);
			continue;
		}
		it->group = is_status(it, "review") ? 0 :
		    is_status(it, "rejected") && !it->resent ? 1 : 2;
		v[kept++] = *it;
	}
	*n = kept;
	for (i = 0; i < *n; i++)
		order[i] = &v[i];
	qsort(order, *n, sizeof *order, cmp_id);
	if (sqlite3_prepare_v2(db, SQL_PROBLEMS, -1, &st, NULL) != SQLITE_OK ||
	    attach(st, order, *n, 1) != 0)
		goto sqlfail;
	sqlite3_finalize(st);
	st = NULL;
	free(order);
	order = NULL;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	if (*n > 0)	/* v is NULL for an empty queue: qsort wants an array */
		qsort(v, *n, sizeof *v, cmp_report);
	*items = v;
	return 0;
sqlfail:
	*err = xasprintf("database %s: %s", db_path, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(order);
	queue_free(v, *n);
	*n = 0;
	return -1;
}

void
queue_free(struct queue_item *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		item_free(&v[i]);
	free(v);
}
