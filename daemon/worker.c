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
#include <linux/landlock.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filetype.h"
#include "log.h"
#include "util.h"

/* ---- the child's confinement ---- */

/* No writing anywhere in the file system, where the kernel has Landlock
 * (best effort: an older kernel still has the seccomp rules below). */
static void
confine_landlock(void)
{
	struct landlock_ruleset_attr ra;
	int fd;

	memset(&ra, 0, sizeof ra);
	ra.handled_access_fs = LANDLOCK_ACCESS_FS_WRITE_FILE |
	    LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE |
	    LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR |
	    LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK |
	    LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK |
	    LANDLOCK_ACCESS_FS_MAKE_SYM;
	fd = (int)syscall(SYS_landlock_create_ruleset, &ra, sizeof ra, 0);
	if (fd < 0)
		return;
	/* No rule added: none of those accesses is allowed anywhere. */
	(void)syscall(SYS_landlock_restrict_self, fd, 0);
	close(fd);
}

/* Everything a parser has no business doing fails with EPERM: network,
 * exec, new processes, writing, creating or removing files, privileges.
 * 0 loaded, 1 seccomp not available here (ENOSYS: an old kernel, or
 * valgrind, which does not emulate it), -1 failed. */
static int
confine_seccomp(void)
{
	static const int denied[] = {
		SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect),
		SCMP_SYS(bind), SCMP_SYS(listen), SCMP_SYS(accept),
		SCMP_SYS(accept4), SCMP_SYS(execve), SCMP_SYS(execveat),
		SCMP_SYS(fork), SCMP_SYS(vfork), SCMP_SYS(clone),
		SCMP_SYS(clone3), SCMP_SYS(ptrace), SCMP_SYS(mount),
		SCMP_SYS(umount2), SCMP_SYS(chroot), SCMP_SYS(pivot_root),
		SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(rename),
		SCMP_SYS(renameat), SCMP_SYS(renameat2), SCMP_SYS(mkdir),
		SCMP_SYS(mkdirat), SCMP_SYS(rmdir), SCMP_SYS(symlink),
		SCMP_SYS(symlinkat), SCMP_SYS(link), SCMP_SYS(linkat),
		SCMP_SYS(chmod), SCMP_SYS(fchmod), SCMP_SYS(fchmodat),
		SCMP_SYS(chown), SCMP_SYS(fchown), SCMP_SYS(fchownat),
		SCMP_SYS(lchown), SCMP_SYS(truncate), SCMP_SYS(ftruncate),
		SCMP_SYS(creat), SCMP_SYS(mknod), SCMP_SYS(mknodat),
		SCMP_SYS(setuid), SCMP_SYS(setgid), SCMP_SYS(setreuid),
		SCMP_SYS(setregid), SCMP_SYS(setresuid), SCMP_SYS(setresgid),
		SCMP_SYS(setgroups), SCMP_SYS(kill), SCMP_SYS(tkill),
		SCMP_SYS(process_vm_writev), SCMP_SYS(init_module),
		SCMP_SYS(finit_module), SCMP_SYS(bpf), SCMP_SYS(io_uring_setup),
	};
	scmp_filter_ctx f;
	size_t i;
	int rc = -1;

	if ((f = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		return -1;
	for (i = 0; i < sizeof denied / sizeof denied[0]; i++)
		if (seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), denied[i], 0) <
		    0)
			goto out;
	/* open(2) only for reading (gconv modules, if iconv needs one). */
	if (seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(open), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY)) < 0 ||
	    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(open), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR)) < 0 ||
	    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(open), 1,
	    SCMP_A1(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT)) < 0 ||
	    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_WRONLY)) < 0 ||
	    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE, O_RDWR)) < 0 ||
	    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(openat), 1,
	    SCMP_A2(SCMP_CMP_MASKED_EQ, O_CREAT, O_CREAT)) < 0)
		goto out;
	/* A kernel (or valgrind) without seccomp: 1, the rest still holds. */
	rc = seccomp_load(f);
	rc = rc == 0 ? 0 : (rc == -ENOSYS || rc == -EINVAL) ? 1 : -1;
out:
	seccomp_release(f);
	return rc;
}

/* Address space the process has mapped now, in bytes; 0 unknown. */
static uint64_t
mapped_now(void)
{
	char b[64];
	unsigned long long pages = 0;
	ssize_t n;
	int fd;

	if ((fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	n = read(fd, b, sizeof b - 1);
	close(fd);
	if (n <= 0)
		return 0;
	b[n] = '\0';
	if (sscanf(b, "%llu", &pages) != 1)
		return 0;
	return (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

/*
 * The reader's ceilings, set by the kernel on the process that reads the
 * sender's bytes (a pool of long-lived readers must set the same, once
 * per reader, and restart a reader that hit one):
 *  - memory: RLIMIT_AS, max_reader_mb beyond what the reader already has
 *    mapped (a forked child inherits the daemon's mappings; a sanitizer's
 *    reserved shadow counts there too).  A library's malloc then fails
 *    instead of the machine swapping: ENOMEM → UNPACK_TOO_LARGE;
 *  - time: RLIMIT_CPU for a reader that spins; the wall clock is the
 *    parent's deadline of c->seconds (read_report), which kills it.
 * Returns -1 when a limit could not be set: the reader must not read.
 */
static int
reader_ceilings(const struct worker_ceilings *c)
{
	struct rlimit cpu = { (rlim_t)c->seconds + 1,
	    (rlim_t)c->seconds + 2 };
	struct rlimit as;
	uint64_t base = mapped_now();

	as.rlim_cur = as.rlim_max = (rlim_t)(base +
	    (uint64_t)c->mb * 1024 * 1024);
	if (base == 0 || setrlimit(RLIMIT_AS, &as) != 0 ||
	    setrlimit(RLIMIT_CPU, &cpu) != 0)
		return -1;
	return 0;
}

static void
confine(const struct worker_ceilings *c)
{
	struct rlimit none = { 0, 0 };

	if (reader_ceilings(c) != 0)
		_exit(94);	/* no ceiling: never parse */
	/* Any write to a file fails (EFBIG) rather than killing the child:
	 * a tool watching it (valgrind) may write its own files. */
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &none);
	setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	confine_landlock();
	if (confine_seccomp() < 0)
		_exit(90);	/* a filter that failed to load: never parse */
}

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

	confine(c);
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

/* Everything the child wrote, until EOF or the deadline. */
static int
read_report(int fd, time_t deadline, uint64_t max, struct buf *b)
{
	char chunk[65536];

	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		time_t left = deadline - time(NULL);
		ssize_t n;

		if (left <= 0)
			return -1;
		if (poll(&p, 1, (int)(left > 1 ? 1000 : left * 1000)) < 0 &&
		    errno != EINTR)
			return -1;
		if (!(p.revents & (POLLIN | POLLHUP)))
			continue;
		if ((n = read(fd, chunk, sizeof chunk)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			return 0;
		if (b->len + (size_t)n > max)
			return -2;
		buf_add(b, chunk, (size_t)n);
	}
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
	rr = read_report(fds[0], time(NULL) + ceil->seconds,
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
