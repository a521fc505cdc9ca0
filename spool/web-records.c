/* web-records.c — the staff console's reads; see web-records.h. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "web-records.h"

static char *
col_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? xstrdup((const char *)s) : NULL;
}

int
webrec_file(sqlite3 *db, long long id, struct webrec_file *out, char **err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db, "SELECT f.id, p.submission, f.name, "
	    "f.type, f.path, f.bytes, s.purging_at IS NOT NULL OR s.purged_at "
	    "IS NOT NULL FROM files f JOIN persons p ON p.id = f.person JOIN "
	    "submissions s ON s.id = p.submission WHERE f.id = ?1", -1, &st,
	    NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_DONE) {
		sqlite3_finalize(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	out->id = sqlite3_column_int64(st, 0);
	out->submission = sqlite3_column_int64(st, 1);
	out->name = col_dup(st, 2);
	out->type = col_dup(st, 3);
	out->path = col_dup(st, 4);
	out->bytes = sqlite3_column_int64(st, 5);
	out->purged = sqlite3_column_int(st, 6);
	sqlite3_finalize(st);
	return 1;
fail:
	*err = xasprintf("web: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return -1;
}

void
webrec_file_free(struct webrec_file *f)
{
	if (f == NULL)
		return;
	free(f->name);
	free(f->type);
	free(f->path);
	memset(f, 0, sizeof *f);
}
