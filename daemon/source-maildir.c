/*
 * source-maildir.c — maildir:/path.  Pending = new/ plus cur/ files
 * without the S flag; tmp/ is never read.  Keys are the unique part of the
 * file name (before ":2,").  See source.h for done.  wait() uses inotify
 * on new/ (deliveries rename into new/), or sleeps when inotify fails.
 */
#include "source.h"
#include "util.h"

#include <sys/inotify.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct md {
	int	ifd;	/* inotify, or -1 */
};

struct ent {
	char	*key;
	time_t	 mtime;
	size_t	 size;
};

static int
ent_cmp(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? -1 : 1;
	return strcmp(x->key, y->key);
}

static int
key_ok(const char *key)
{
	return key != NULL && *key != '\0' && *key != '.' &&
	    strchr(key, '/') == NULL && strchr(key, ':') == NULL;
}

static int
md_open(struct source *s, char **err)
{
	struct md *md;
	struct stat st;
	const char *sub[] = { "new", "cur", "tmp" };
	char *p;
	size_t i;

	for (i = 0; i < 3; i++) {
		p = xasprintf("%s/%s", s->path, sub[i]);
		errno = 0;
		if (stat(p, &st) == -1 || !S_ISDIR(st.st_mode)) {
			*err = xasprintf("maildir %s: %s: %s", s->path, sub[i],
			    errno ? strerror(errno) : "not a directory");
			free(p);
			return -1;
		}
		free(p);
	}
	md = xcalloc(1, sizeof(*md));
	md->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (md->ifd != -1) {
		p = xasprintf("%s/new", s->path);
		/* Watching from open() on means nothing delivered between a
		 * list() and the next wait() is missed. */
		if (inotify_add_watch(md->ifd, p, IN_MOVED_TO | IN_CLOSE_WRITE) == -1) {
			close(md->ifd);
			md->ifd = -1;
		}
		free(p);
	}
	s->priv = md;
	return 0;
}

/* Scans one subdirectory; want_unseen: only names without the S flag. */
static int
scan(struct source *s, const char *sub, int want_unseen, struct ent **v,
    size_t *n, size_t *cap, char **err)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	char *dir, *p;
	const char *info;

	dir = xasprintf("%s/%s", s->path, sub);
	if ((d = opendir(dir)) == NULL) {
		*err = xasprintf("maildir %s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		info = strstr(de->d_name, ":2,");
		if (want_unseen && info != NULL && strchr(info + 3, 'S') != NULL)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (stat(p, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		free(p);
		xgrow((void **)v, cap, *n, sizeof(**v));
		(*v)[*n].key = xstrndup(de->d_name, strcspn(de->d_name, ":"));
		(*v)[*n].mtime = st.st_mtime;
		(*v)[*n].size = (size_t)st.st_size;
		(*n)++;
	}
	closedir(d);
	free(dir);
	return 0;
}

static int
md_list(struct source *s, struct source_list *out, char **err)
{
	struct ent *v = NULL;
	size_t n = 0, cap = 0, i;
	int r;

	r = scan(s, "new", 0, &v, &n, &cap, err);
	if (r == 0)
		r = scan(s, "cur", 1, &v, &n, &cap, err);
	if (r == 0 && n > 0)
		qsort(v, n, sizeof(*v), ent_cmp);
	for (i = 0; i < n; i++) {
		if (r == 0)
			source_list_add(out, v[i].key, NULL, 0, 0, v[i].size);
		else
			free(v[i].key);
	}
	free(v);
	return r;
}

/* Finds the file for key: malloc'd path and whether it is in cur/. */
static char *
find_file(struct source *s, const char *key, int *in_cur)
{
	const char *sub[] = { "new", "cur" };
	DIR *d;
	struct dirent *de;
	char *dir, *p = NULL;
	size_t kl = strlen(key), i;

	for (i = 0; i < 2 && p == NULL; i++) {
		dir = xasprintf("%s/%s", s->path, sub[i]);
		if ((d = opendir(dir)) != NULL) {
			while ((de = readdir(d)) != NULL) {
				if (strncmp(de->d_name, key, kl) == 0 &&
				    (de->d_name[kl] == '\0' || de->d_name[kl] == ':')) {
					p = xasprintf("%s/%s", dir, de->d_name);
					*in_cur = (int)i;
					break;
				}
			}
			closedir(d);
		}
		free(dir);
	}
	return p;
}

static int
md_fetch(struct source *s, const char *key, char **data, size_t *len,
    char **err)
{
	char *p;
	int in_cur;

	if (!key_ok(key)) {
		*err = xasprintf("bad maildir key \"%s\"", key ? key : "");
		return -2;
	}
	if ((p = find_file(s, key, &in_cur)) == NULL) {
		*err = xasprintf("maildir %s: no message %s", s->path, key);
		return -2;
	}
	*data = read_file(p, len);
	if (*data == NULL) {
		int e = errno;
		*err = xasprintf("maildir %s: %s", p, strerror(e));
		free(p);
		return e == ENOENT ? -2 : -1;
	}
	free(p);
	return 0;
}

static int
mkdirs(const char *base, char **err)
{
	const char *sub[] = { "", "/tmp", "/new", "/cur" };
	char *p;
	size_t i;

	for (i = 0; i < 4; i++) {
		p = xasprintf("%s%s", base, sub[i]);
		if (mkdir(p, 0700) == -1 && errno != EEXIST) {
			*err = xasprintf("maildir %s: %s", p, strerror(errno));
			free(p);
			return -1;
		}
		free(p);
	}
	return 0;
}

static int
md_mark_done(struct source *s, const char *key, char **err)
{
	char *p, *to = NULL, *flags, *base;
	const char *info;
	int in_cur, r = -1;
	size_t i;

	if (!key_ok(key)) {
		*err = xasprintf("bad maildir key \"%s\"", key ? key : "");
		return -2;
	}
	if ((p = find_file(s, key, &in_cur)) == NULL) {
		*err = xasprintf("maildir %s: no message %s", s->path, key);
		return -2;
	}
	if (s->done == SOURCE_DONE_DELETE) {
		if (unlink(p) == -1) {
			*err = xasprintf("maildir %s: %s", p, strerror(errno));
			goto fail;
		}
		r = 0;
		goto fail;
	}
	/* Keep the flags already there, add S, keep them sorted (the
	 * Maildir spec wants ASCII order). */
	info = strstr(strrchr(p, '/'), ":2,");
	flags = xasprintf("%sS", info ? info + 3 : "");
	{
		size_t n = strlen(flags), j;
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && flags[j - 1] > flags[j]; j--) {
				char t = flags[j];
				flags[j] = flags[j - 1];
				flags[j - 1] = t;
			}
		for (i = 0, j = 0; i < n; i++)	/* drop duplicates */
			if (j == 0 || flags[j - 1] != flags[i])
				flags[j++] = flags[i];
		flags[j] = '\0';
	}
	if (s->done == SOURCE_DONE_MOVE) {
		base = xasprintf("%s/.%s", s->path, s->done_folder);
		if (mkdirs(base, err) == -1) {
			free(base);
			free(flags);
			goto fail;
		}
		to = xasprintf("%s/cur/%s:2,%s", base, key, flags);
		free(base);
	} else
		to = xasprintf("%s/cur/%s:2,%s", s->path, key, flags);
	free(flags);
	if (strcmp(p, to) != 0 && rename(p, to) == -1) {
		*err = xasprintf("maildir rename %s: %s", p, strerror(errno));
		goto fail;
	}
	r = 0;
fail:
	free(p);
	free(to);
	return r;
}

static int
md_wait(struct source *s, int secs, char **err)
{
	struct md *md = s->priv;
	struct pollfd pfd;
	char buf[4096];
	int r;

	(void)err;
	if (md->ifd == -1) {
		struct timespec ts = { secs < 5 ? secs : 5, 0 };
		/* No inotify: poll the directory every few seconds. */
		nanosleep(&ts, NULL);
		return 1;
	}
	pfd.fd = md->ifd;
	pfd.events = POLLIN;
	r = poll(&pfd, 1, secs * 1000);
	if (r <= 0)
		return 0;	/* timeout or a signal: the caller decides */
	while (read(md->ifd, buf, sizeof(buf)) > 0)
		;
	return 1;
}

static void
md_close(struct source *s)
{
	struct md *md = s->priv;

	if (md == NULL)
		return;
	if (md->ifd != -1)
		close(md->ifd);
	free(md);
	s->priv = NULL;
}

const struct source_ops source_maildir_ops = {
	"maildir", md_open, md_list, md_fetch, md_mark_done, md_wait, md_close
};
