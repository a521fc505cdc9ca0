/*
 * confine.c — see confine.h.  One jail, so that the preview renderer and
 * the archive readers are confined alike.
 */
#include "confine.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <linux/sched.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

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
 * With threads, clone(2) is allowed for a thread of this process only
 * (CLONE_THREAD), and clone3(2), whose flags a filter cannot read, says
 * ENOSYS so that the C library falls back to clone(2).
 * 0 loaded, 1 seccomp not available here (ENOSYS: an old kernel, or
 * valgrind, which does not emulate it), -1 failed. */
static int
confine_seccomp(int threads)
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
		if ((!threads || (denied[i] != SCMP_SYS(clone) &&
		    denied[i] != SCMP_SYS(clone3))) &&
		    seccomp_rule_add(f, SCMP_ACT_ERRNO(EPERM), denied[i], 0) <
		    0)
			goto out;
	if (threads && (seccomp_rule_add(f, SCMP_ACT_ERRNO(ENOSYS),
	    SCMP_SYS(clone3), 0) < 0 || seccomp_rule_add(f,
	    SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1, SCMP_A0(
	    SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0)) < 0))
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
 * The ceilings, set by the kernel on the process that reads the sender's
 * bytes:
 *  - memory: RLIMIT_AS, max_reader_mb beyond what the process already
 *    has mapped (a forked child inherits the daemon's mappings; a
 *    sanitizer's reserved shadow counts there too).  A library's malloc
 *    then fails instead of the machine swapping: ENOMEM → too large.  The
 *    bytes are read from a memfd or a pipe, not mapped, so they do not
 *    count;
 *  - time: RLIMIT_CPU for a child that spins (a pooled reader's is set
 *    per job, confine_cpu); the wall clock is the parent's deadline,
 *    which kills.
 * Returns -1 when a limit could not be set: the child must not read.
 */
static int
confine_ceilings(const struct worker_ceilings *c, int pooled)
{
	struct rlimit cpu = { (rlim_t)c->seconds + 1,
	    (rlim_t)c->seconds + 2 };
	struct rlimit as;
	uint64_t base = mapped_now();

	as.rlim_cur = as.rlim_max = (rlim_t)(base +
	    (uint64_t)c->mb * 1024 * 1024);
	if (base == 0 || setrlimit(RLIMIT_AS, &as) != 0)
		return -1;
	if (!pooled && setrlimit(RLIMIT_CPU, &cpu) != 0)
		return -1;
	return 0;
}

void
confine_self(const struct worker_ceilings *c, int flags)
{
	struct rlimit none = { 0, 0 }, fsz = { 0, 0 };

	if (flags & CONFINE_POOLED)
		fsz.rlim_cur = fsz.rlim_max = (rlim_t)CONFINE_FSIZE;
	if (confine_ceilings(c, (flags & CONFINE_POOLED) != 0) != 0)
		_exit(94);	/* no ceiling: never parse */
	/* A write past the limit fails (EFBIG) rather than killing the
	 * child: a tool watching it (valgrind) may write its own files. */
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &fsz);
	setrlimit(RLIMIT_CORE, &none);
	(void)prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	confine_landlock();
	if (confine_seccomp((flags & CONFINE_THREADS) != 0) < 0)
		_exit(90);	/* a filter that failed to load: never parse */
}

int
confine_cpu(int seconds)
{
	struct rusage ru;
	struct rlimit cpu;

	if (getrusage(RUSAGE_SELF, &ru) != 0 ||
	    getrlimit(RLIMIT_CPU, &cpu) != 0)
		return -1;
	cpu.rlim_cur = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + 1 +
	    seconds + 1);
	if (cpu.rlim_max != RLIM_INFINITY && cpu.rlim_cur > cpu.rlim_max)
		cpu.rlim_cur = cpu.rlim_max;
	return setrlimit(RLIMIT_CPU, &cpu);
}

/* Everything the child wrote, until EOF or the deadline. */
int
confine_read(int fd, time_t deadline, uint64_t max, struct buf *b)
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
