/*
 * worker.c — see worker.h.  The child writes its findings to a pipe in a
 * small length-prefixed form; the parent reads them back under a deadline.
 *
 *   str  = u32 length, bytes
 *   out  = str type, u8 is_archive,
 *          [u32 status, str detail, str format, u64 budget, u32 n,
 *           n × (str path, str name, str type, u64 length, bytes)]
 */
#include "worker.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filetype.h"
#include "log.h"
#include "util.h"

/* ---- the child's report ---- */

static void
put(struct buf *b, const void *p, size_t n)
{
	buf_add(b, p, n);
}

static void
put_u32(struct buf *b, uint32_t v)
{
	put(b, &v, sizeof v);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	put(b, &v, sizeof v);
}

static void
put_str(struct buf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : 0;

	put_u32(b, n);
	put(b, s ? s : "", n);
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
test_fault(const char *name)
{
	const char *f = getenv("INTAKE_TEST_FAULT");

	if (f == NULL || name == NULL)
		return;
	if (strncmp(f, "crash:", 6) == 0 && strstr(name, f + 6))
		raise(SIGSEGV);
	if (strncmp(f, "hang:", 5) == 0 && strstr(name, f + 5))
		for (;;)
			pause();
	/* "write:TEXT": try to create a file; succeeding is a breach, and
	 * shows up as an unreadable archive. */
	if (strncmp(f, "write:", 6) == 0 && strstr(name, f + 6)) {
		const char *probe = getenv("INTAKE_TEST_PROBE");
		int fd = open(probe ? probe : "/tmp/intake-worker-probe",
		    O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0)
			raise(SIGSEGV);
	}
}

static void __attribute__((noreturn))
child(int fd, const void *data, size_t len, const char *name,
    const struct unpack_limits *lim, uint64_t budget,
    const struct worker_ceilings *c)
{
	struct buf b = { 0 };
	struct unpack_result *r = NULL;
	char *type;
	size_t i;

	confine_self(c, 0);
	test_fault(name);
	type = filetype_of(data, len);
	put_str(&b, type);
	if (filetype_is_archive(type))
		r = unpack_archive(data, len, lim, &budget);
	put((&b), (r ? "\1" : "\0"), 1);
	if (r) {
		put_u32(&b, (uint32_t)r->status);
		put_str(&b, r->detail);
		put_str(&b, r->format);
		put_u64(&b, budget);
		put_u32(&b, (uint32_t)r->n_members);
		for (i = 0; i < r->n_members; i++) {
			const struct unpack_member *m = &r->members[i];
			char *t = filetype_of(m->data, m->len);

			put_str(&b, m->path);
			put_str(&b, m->name);
			put_str(&b, t);
			put_u64(&b, m->len);
			put(&b, m->data, m->len);
			free(t);
		}
	}
	{
		int ok = write_all(fd, b.data ? b.data : "", b.len) == 0;

		/* Freed although _exit follows: a leak checker (valgrind)
		 * follows the fork and would count them. */
		buf_free(&b);
		free(type);
		unpack_result_free(r);
		_exit(ok ? 0 : 91);
	}
}

/* ---- the parent ---- */

struct rd {
	const char	*p;
	size_t		 left;
	int		 bad;
};

static const void *
take(struct rd *r, size_t n)
{
	const char *p = r->p;

	if (r->bad || n > r->left) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static uint64_t
take_u64(struct rd *r)
{
	const void *p = take(r, 8);
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, 8);
	return v;
}

static uint32_t
take_u32(struct rd *r)
{
	const void *p = take(r, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

static char *
take_str(struct rd *r)
{
	uint32_t n = take_u32(r);
	const char *p = take(r, n);

	return p ? xstrndup(p, n) : NULL;
}

static struct unpack_result *
failed(const char *why)
{
	struct unpack_result *r = xcalloc(1, sizeof *r);

	r->status = UNPACK_UNREADABLE;
	r->detail = xstrdup(why);
	return r;
}

static int
parse_report(const struct buf *b, uint64_t *budget, struct worker_out *out)
{
	struct rd r = { b->data, b->len, 0 };
	struct unpack_result *a;
	const unsigned char *flag;
	uint32_t i, n;

	out->type = take_str(&r);
	flag = take(&r, 1);
	if (r.bad || out->type == NULL)
		return -1;
	if (*flag == 0)
		return r.left == 0 ? 0 : -1;
	a = xcalloc(1, sizeof *a);
	out->archive = a;
	a->status = (enum unpack_status)take_u32(&r);
	a->detail = take_str(&r);
	a->format = take_str(&r);
	if (a->detail && *a->detail == '\0') {
		free(a->detail);
		a->detail = NULL;
	}
	*budget = take_u64(&r);
	n = take_u32(&r);
	if (r.bad || a->status > UNPACK_TOO_LARGE || n > r.left)
		return -1;
	a->members = xcalloc(n ? n : 1, sizeof *a->members);
	for (i = 0; i < n && !r.bad; i++) {
		struct unpack_member *m = &a->members[a->n_members++];
		uint64_t len;
		const void *p;

		m->path = take_str(&r);
		m->name = take_str(&r);
		m->type = take_str(&r);
		len = take_u64(&r);
		if ((p = take(&r, (size_t)len)) == NULL)
			break;
		m->data = xmalloc(len ? (size_t)len : 1);
		memcpy(m->data, p, (size_t)len);
		m->len = (size_t)len;
	}
	return r.bad || r.left != 0 ? -1 : 0;
}

/* What a reader's death means: the time ceiling (killed at the deadline
 * or by SIGXCPU), the memory ceiling (an allocation failed: abort, or a
 * fault, with most of the ceiling resident), or a crash. */
static char *
reader_death(int status, int rr, const struct rusage *ru,
    const struct worker_ceilings *c, enum unpack_status *st)
{
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	*st = UNPACK_UNREADABLE;
	if ((rr == -1 && sig == SIGKILL) || sig == SIGXCPU)
		return xasprintf("the archive reader took longer than %d s",
		    c->seconds);
	if ((sig == SIGABRT || sig == SIGSEGV || sig == SIGBUS) &&
	    (uint64_t)ru->ru_maxrss * 1024 * 2 >= (uint64_t)c->mb << 20) {
		*st = UNPACK_TOO_LARGE;
		return xasprintf("the archive reader needed more than %u MB",
		    c->mb);
	}
	return xasprintf("the archive reader crashed (signal %d)", sig);
}

void
worker_open(const void *data, size_t len, const char *name,
    const struct unpack_limits *lim, uint64_t *budget,
    const struct worker_ceilings *ceil, struct worker_out *out)
{
	static const struct worker_ceilings dflt = WORKER_CEILINGS_DEFAULT;
	enum unpack_status st = UNPACK_UNREADABLE;
	struct buf b = { 0 };
	struct rusage ru;
	char *why = NULL;
	int fds[2], status = 0, rr;
	uint64_t left = *budget;
	pid_t pid;

	memset(out, 0, sizeof *out);
	memset(&ru, 0, sizeof ru);
	if (ceil == NULL || ceil->seconds <= 0 || ceil->mb == 0)
		ceil = &dflt;
	if (pipe(fds) != 0) {
		why = xasprintf("cannot start the archive reader: %s",
		    strerror(errno));
		goto fail;
	}
	if ((pid = fork()) < 0) {
		why = xasprintf("cannot start the archive reader: %s",
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		goto fail;
	}
	if (pid == 0) {
		/* Nothing of the daemon's but the pipe and stderr: above all
		 * not the database lock, which a reader outliving a killed
		 * daemon would otherwise keep. */
		if (dup2(fds[1], 3) != 3)
			_exit(92);
		(void)syscall(SYS_close_range, 4U, ~0U, 0U);
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (getppid() == 1)
			_exit(93);	/* the daemon is already gone */
		child(3, data, len, name, lim, *budget, ceil);
	}
	close(fds[1]);
	(void)fcntl(fds[0], F_SETFD, FD_CLOEXEC);	/* not for sendmail */
	/* the report holds at most the expanded bytes plus small change */
	rr = confine_read(fds[0], time(NULL) + ceil->seconds,
	    lim->max_total_bytes +
	    (uint64_t)lim->max_entries * 4096 + (1u << 20), &b);
	close(fds[0]);
	if (rr != 0)
		kill(pid, SIGKILL);
	while (wait4(pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	if (rr == -2)
		why = xstrdup("the archive reader produced too much");
	else if (WIFSIGNALED(status))
		why = reader_death(status, rr, &ru, ceil, &st);
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		why = xasprintf("the archive reader failed (exit %d)",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (parse_report(&b, &left, out) != 0)
		why = xstrdup("the archive reader's report was garbled");
	buf_free(&b);
	if (why == NULL) {
		*budget = left;
		return;
	}
fail:
	log_warn("event=reader-failed attachment=\"%s\" why=\"%s\"",
	    name ? name : "", why);
	worker_out_free(out);
	out->type = xstrdup("application/octet-stream");
	out->archive = failed(why);
	out->archive->status = st;
	free(why);
}

void
worker_out_free(struct worker_out *o)
{
	free(o->type);
	unpack_result_free(o->archive);
	o->type = NULL;
	o->archive = NULL;
}
