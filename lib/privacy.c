/* privacy.c — mode checks of the database and the spool; see privacy.h. */
#include <stdlib.h>
#include <sys/stat.h>

#include "privacy.h"
#include "util.h"

static void
privacy_one(struct buf *b, const char *path)
{
	struct stat sb;
	int dir;

	if (stat(path, &sb) == -1 || (sb.st_mode & 077) == 0)
		return;
	dir = S_ISDIR(sb.st_mode);
	buf_addf(b, "%s%s is mode %04o: %s by %s; chmod %s it", b->len ?
	    "\n" : "", path, (unsigned)(sb.st_mode & 07777),
	    (sb.st_mode & 044) ? "readable" : "accessible",
	    (sb.st_mode & 04) || (sb.st_mode & 01) || (sb.st_mode & 02) ?
	    "others" : "its group", dir ? "700" : "600");
}

char *
privacy_exposed(const char *database, const char *spool)
{
	static const char *const db_ext[] = { "", "-wal", "-shm" };
	static const char *const sp_sub[] = { "", "/msg", "/files", "/tmp" };
	struct buf b = { 0 };
	char *p;
	size_t i;

	if (database && *database) {
		for (i = 0; i < sizeof db_ext / sizeof db_ext[0]; i++) {
			p = xasprintf("%s%s", database, db_ext[i]);
			privacy_one(&b, p);
			free(p);
		}
	}
	if (spool && *spool)
		for (i = 0; i < sizeof sp_sub / sizeof sp_sub[0]; i++) {
			p = xasprintf("%s%s", spool, sp_sub[i]);
			privacy_one(&b, p);
			free(p);
		}
	return b.len ? buf_take(&b) : NULL;
}
