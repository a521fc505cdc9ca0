/* service.c — see service.h for the order of steps and why; the
 * service's files are listed in service-impl.h.  Here: opening, closing,
 * reloading. */
#include "service.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "channel.h"
#include "log.h"
#include "records.h"
#include "service-impl.h"
#include "source.h"
#include "spool.h"
#include "util.h"

/* The database's directory, made (0700) when missing. */
static int
make_parent(const char *path, char **err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *failed;
	int rc = 0;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if ((rc = mkdir_p(dir, 0700, &failed)) != 0) {
			*err = xasprintf("%s: %s", failed, strerror(errno));
			free(failed);
		}
	}
	free(dir);
	return rc;
}

struct service *
service_open(const struct env *e, char **err)
{
	struct service *s = xcalloc(1, sizeof *s);
	char *sql_dir = xstrdup(e->cfg->schemas);

	s->env = e;
	s->lock_fd = -1;
	s->mailbox = xstrdup(e->cfg->mailbox.url ? e->cfg->mailbox.url : "");
	if (make_parent(e->cfg->database, err) != 0 ||
	    (s->lock_fd = records_lock(e->cfg->database, err)) == -1)
		goto fail;
	if ((s->rec = records_open(e->cfg->database, sql_dir, err)) == NULL)
		goto fail;
	if ((s->spool = spool_open(e->cfg->spool, err)) == NULL)
		goto fail;
	if ((s->chan = env_reply_channel(e, err)) == NULL)
		goto fail;
	free(sql_dir);
	return s;
fail:
	free(sql_dir);
	service_close(s);
	return NULL;
}

void
service_close(struct service *s)
{
	if (s == NULL)
		return;
	source_close(s->src);
	channel_close(s->chan);
	spool_close(s->spool);
	records_close(s->rec);
	if (s->lock_fd != -1)
		close(s->lock_fd);
	free(s->mailbox);
	free(s);
}

int
service_set_env(struct service *s, const struct env *e, char **err)
{
	struct channel *c = env_reply_channel(e, err);

	if (c == NULL)
		return -1;
	channel_close(s->chan);
	s->chan = c;
	s->env = e;
	/* The mailbox may have changed: reconnect on the next pass. */
	source_close(s->src);
	s->src = NULL;
	free(s->mailbox);
	s->mailbox = xstrdup(e->cfg->mailbox.url ? e->cfg->mailbox.url : "");
	return 0;
}
