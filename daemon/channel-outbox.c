/*
 * channel-outbox.c — outbox:DIR, one file per reply (see channel.h).
 * Written to DIR/tmp/NAME, fsync'd, renamed to DIR/new/NAME, and the
 * directory fsync'd, so a file in new/ is always complete and survives a
 * crash.  NAME = seconds.Mmicroseconds.Ppid_Qcounter.intake (unique per
 * process; O_EXCL guards against reuse).
 */
#include "channel.h"
#include "util.h"

#include <sys/stat.h>
#include <dirent.h>
#include <sys/time.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned int counter;

/* The outbox directory (its parents too), 0750. */
static int
ob_mkdir(const char *dir, char **err)
{
	char *failed;

	if (mkdir_p(dir, 0750, &failed) == 0)
		return 0;
	*err = xasprintf("outbox %s: %s", failed, strerror(errno));
	free(failed);
	return -1;
}

static int
ob_open(struct channel *c, char **err)
{
	char *d;
	int r;

	if (ob_mkdir(c->path, err) == -1)
		return -1;
	d = xasprintf("%s/tmp", c->path);
	r = ob_mkdir(d, err);
	free(d);
	if (r == -1)
		return -1;
	d = xasprintf("%s/new", c->path);
	r = ob_mkdir(d, err);
	free(d);
	return r;
}

static int
ob_send(struct channel *c, const char *from, const char *rcpt,
    const char *msg, size_t len, char **err)
{
	struct timeval tv;
	struct buf hdr = { NULL, 0, 0 };
	const char *nl, *eol;
	char *name = NULL, *tmp = NULL, *dst = NULL, *dir;
	int fd = -1, tries, dfd;

	/* Same line ending as the message's first line. */
	nl = memchr(msg, '\n', len);
	eol = (nl != NULL && nl > msg && nl[-1] == '\r') ? "\r\n" : "\n";
	buf_addf(&hdr, "Return-Path: <%s>%sDelivered-To: %s%s", from, eol,
	    rcpt, eol);
	for (tries = 0; tries < 100 && fd == -1; tries++) {
		free(name);
		free(tmp);
		gettimeofday(&tv, NULL);
		name = xasprintf("%lld.M%ldP%ldQ%u.intake", (long long)tv.tv_sec,
		    (long)tv.tv_usec, (long)getpid(), ++counter);
		tmp = xasprintf("%s/tmp/%s", c->path, name);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
		if (fd == -1 && errno != EEXIST) {
			*err = xasprintf("outbox %s: %s", tmp, strerror(errno));
			goto fail;
		}
	}
	if (fd == -1) {
		*err = xasprintf("outbox %s: cannot find a free name", c->path);
		goto fail;
	}
	if (fd_write_all(fd, hdr.data, hdr.len) == -1 ||
	    fd_write_all(fd, msg, len) == -1 || fsync(fd) == -1) {
		*err = xasprintf("outbox %s: %s", tmp, strerror(errno));
		goto fail_unlink;
	}
	if (close(fd) == -1) {
		fd = -1;
		*err = xasprintf("outbox %s: %s", tmp, strerror(errno));
		goto fail_unlink;
	}
	fd = -1;
	dst = xasprintf("%s/new/%s", c->path, name);
	if (rename(tmp, dst) == -1) {
		*err = xasprintf("outbox rename to %s: %s", dst, strerror(errno));
		goto fail_unlink;
	}
	dir = xasprintf("%s/new", c->path);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(dfd);	/* the rename itself must be durable */
		close(dfd);
	}
	free(dir);
	free(name);
	free(tmp);
	free(dst);
	buf_free(&hdr);
	return 0;
fail_unlink:
	if (fd != -1)
		close(fd);
	fd = -1;
	unlink(tmp);
fail:
	if (fd != -1)
		close(fd);
	free(name);
	free(tmp);
	free(dst);
	buf_free(&hdr);
	/* A full or read-only disk may clear up: retry later. */
	return -1;
}

/* 1 when a file in DIR/new or DIR/cur carries "Message-ID: msgid" in its
 * header; only called to finish a send a crash interrupted. */
static int
ob_delivered(struct channel *c, const char *msgid)
{
	static const char *const sub[] = { "new", "cur" };
	char line[1024], *want = xasprintf("Message-ID: %s", msgid);
	size_t i, n = strlen(want);
	int found = 0;

	for (i = 0; i < 2 && !found; i++) {
		char *dn = xasprintf("%s/%s", c->path, sub[i]);
		DIR *d = opendir(dn);
		struct dirent *e;

		while (d && !found && (e = readdir(d)) != NULL) {
			char *fn;
			FILE *fp;

			if (e->d_name[0] == '.')
				continue;
			fn = xasprintf("%s/%s", dn, e->d_name);
			if ((fp = fopen(fn, "r")) != NULL) {
				while (fgets(line, sizeof line, fp) &&
				    line[0] != '\r' && line[0] != '\n')
					if (ascii_ncasecmp(line, want, n) == 0 &&
					    (line[n] == '\r' || line[n] == '\n')) {
						found = 1;
						break;
					}
				fclose(fp);
			}
			free(fn);
		}
		if (d)
			closedir(d);
		free(dn);
	}
	free(want);
	return found;
}

const struct channel_ops channel_outbox_ops = {
	"outbox", ob_open, ob_send, NULL, ob_delivered
};
