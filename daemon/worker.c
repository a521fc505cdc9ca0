/*
 * worker.c — see worker.h.  The pool: readers forked on first use, each
 * talking over one socket pair (reader.h has the protocol).  worker_run
 * hands out the jobs to idle readers and waits for their results under
 * each job's deadline.
 */
#include "worker.h"

#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
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

#include "log.h"
#include "reader.h"
#include "recognize.h"
#include "util.h"

/* A result record is names and hashes; more than this is nonsense. */
#define WORKER_MAX_REPLY	(64u << 20)

struct slot {
	pid_t		 pid;		/* 0: no reader */
	int		 fd;		/* our end of its socket */
	unsigned	 mb;		/* the ceiling it was started with */
	struct worker_job *job;		/* NULL: idle */
	int		 out;		/* the job's members' memfd; -1 */
	uint64_t	 budget_in;	/* the job's starting budget */
	uint64_t	*used;		/* where what it expanded goes */
	long long	 deadline;	/* ms, monotonic */
	struct buf	 reply;
};

static struct {
	struct slot	*slots;
	unsigned	 n;		/* slots allocated */
	unsigned	 want;		/* readers = N; 0: CPUs */
	pid_t		 owner;		/* the process the readers serve */
	int		 recognize;	/* readers read images and PDFs */
	int		 atexit_set;
} pool;

static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static unsigned
pool_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

void
worker_pool_size(unsigned n)
{
	pool.want = n;
}

void
worker_pool_recognize(int on)
{
	on = on != 0;
	if (pool.recognize == on)
		return;
	/* Readers started with the other setting are not reused. */
	worker_pool_stop();
	pool.recognize = on;
}

/* The reader in s ends: its socket closed, then waited for (it exits on
 * EOF; a hung one is killed). */
static void
slot_end(struct slot *s, int kill_it, int *status, struct rusage *ru)
{
	int st = 0;

	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	if (s->pid > 0) {
		if (kill_it)
			kill(s->pid, SIGKILL);
		while (wait4(s->pid, &st, 0, ru) < 0 && errno == EINTR)
			;
	}
	if (status)
		*status = st;
	s->pid = 0;
	if (s->out >= 0)
		close(s->out);
	s->out = -1;
	s->job = NULL;
	buf_free(&s->reply);
}

void
worker_pool_stop(void)
{
	unsigned i;

	if (pool.owner != getpid()) {
		/* Inherited by fork: the readers are the parent's.  Only our
		 * copies of their sockets go. */
		for (i = 0; i < pool.n; i++)
			if (pool.slots[i].fd >= 0)
				close(pool.slots[i].fd);
		free(pool.slots);
		memset(&pool.slots, 0, sizeof pool.slots);
		pool.slots = NULL;
		pool.n = 0;
		return;
	}
	for (i = 0; i < pool.n; i++)
		slot_end(&pool.slots[i], 0, NULL, NULL);
	free(pool.slots);
	pool.slots = NULL;
	pool.n = 0;
}

static void
pool_at_exit(void)
{
	if (pool.owner == getpid())
		worker_pool_stop();
}

/* The pool of this process, with its slots (readers start lazily). */
static void
pool_ready(void)
{
	unsigned i, n = pool.want ? pool.want : pool_cpus();

	if (pool.n > 0 && pool.owner != getpid())
		worker_pool_stop();	/* a forked child's copy */
	if (pool.n == n)
		return;
	worker_pool_stop();
	pool.owner = getpid();
	pool.slots = xcalloc(n, sizeof *pool.slots);
	pool.n = n;
	for (i = 0; i < n; i++) {
		pool.slots[i].fd = -1;
		pool.slots[i].out = -1;
	}
	if (!pool.atexit_set && atexit(pool_at_exit) == 0)
		pool.atexit_set = 1;
}

/* Forks a reader into s; -1 with errno. */
static int
slot_start(struct slot *s, unsigned mb)
{
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	if ((pid = fork()) < 0) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (pid == 0) {
		/* Nothing of the daemon's but the socket and stdio: above
		 * all not the database lock, which a reader outliving a
		 * killed daemon would otherwise keep. */
		if (dup2(sv[1], 3) != 3)
			_exit(92);
		(void)syscall(SYS_close_range, 4U, ~0U, 0U);
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (getppid() == 1)
			_exit(93);	/* the daemon is already gone */
		reader_main(3, mb, pool.recognize);
	}
	close(sv[1]);
	s->pid = pid;
	s->fd = sv[0];
	s->mb = mb;
	s->out = -1;
	log_debug("event=reader-started pid=%ld", (long)pid);
	return 0;
}

/* The attachment in a memfd of its own, read from the start. */
static int
attachment_fd(const struct worker_job *j)
{
	int fd = (int)syscall(SYS_memfd_create, "intake-attachment",
	    1U /* MFD_CLOEXEC */);

	if (fd < 0)
		return -1;
	if (fd_write_all(fd, j->data, j->len) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Sends job j to the reader in s: 0, or -1 (errno; s untouched but for
 * a reader found dead). */
static int
slot_send(struct slot *s, struct worker_job *j, uint64_t *used,
    const struct unpack_limits *lim, uint64_t budget,
    const struct worker_ceilings *c, int keep, int read)
{
	union {
		struct cmsghdr	h;
		char		b[CMSG_SPACE(2 * sizeof(int))];
	} cm;
	struct reader_req q;
	struct iovec iov[2];
	struct msghdr msg;
	struct cmsghdr *h;
	int fds[2] = { -1, -1 }, rc = -1, saved;
	size_t nfd = keep ? 2 : 1;
	ssize_t n;

	memset(&q, 0, sizeof q);
	q.len = j->len;
	q.budget = budget;
	q.lim = *lim;
	q.keep = keep ? 1 : 0;
	q.name_len = j->name ? (uint32_t)strlen(j->name) : 0;
	q.seconds = c->seconds;
	q.read = read ? 1 : 0;
	if ((fds[0] = attachment_fd(j)) < 0)
		return -1;
	if (keep && (fds[1] = (int)syscall(SYS_memfd_create, "intake-members",
	    1U /* MFD_CLOEXEC */)) < 0)
		goto out;
	iov[0].iov_base = &q;
	iov[0].iov_len = sizeof q;
	iov[1].iov_base = (void *)(j->name ? j->name : "");
	iov[1].iov_len = q.name_len;
	memset(&msg, 0, sizeof msg);
	memset(&cm, 0, sizeof cm);
	msg.msg_iov = iov;
	msg.msg_iovlen = 2;
	msg.msg_control = cm.b;
	msg.msg_controllen = CMSG_SPACE(nfd * sizeof(int));
	h = CMSG_FIRSTHDR(&msg);
	h->cmsg_level = SOL_SOCKET;
	h->cmsg_type = SCM_RIGHTS;
	h->cmsg_len = CMSG_LEN(nfd * sizeof(int));
	memcpy(CMSG_DATA(h), fds, nfd * sizeof(int));
	/* The request is small: one sendmsg takes it whole or fails. */
	while ((n = sendmsg(s->fd, &msg, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)(sizeof q + q.name_len))
		goto out;
	s->job = j;
	s->out = fds[1];
	fds[1] = -1;
	s->budget_in = budget;
	s->used = used;
	*used = 0;
	s->deadline = now_ms() + (long long)c->seconds * 1000;
	buf_free(&s->reply);
	rc = 0;
out:
	saved = errno;
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	errno = saved;
	return rc;
}

static struct unpack_result *
failed(const char *why, enum unpack_status st)
{
	struct unpack_result *r = xcalloc(1, sizeof *r);

	r->status = st;
	r->detail = xstrdup(why);
	r->format = xstrdup("unknown");
	return r;
}

/* The job's result is a failure: why, said once here. */
static void
job_failed(struct worker_job *j, char *why, enum unpack_status st)
{
	log_warn("event=reader-failed attachment=\"%s\" why=\"%s\"",
	    j->name ? j->name : "", why);
	worker_out_free(&j->out);
	j->out.type = xstrdup("application/octet-stream");
	j->out.archive = failed(why, st);
	free(why);
}

/* What a reader's death means: the time ceiling (killed at the deadline
 * or by SIGXCPU), the memory ceiling (an allocation failed: abort, or a
 * fault, with most of the ceiling resident), or a crash. */
static char *
reader_death(int status, int timed_out, const struct rusage *ru,
    const struct worker_ceilings *c, enum unpack_status *st, int *over_time)
{
	int sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;

	*st = UNPACK_UNREADABLE;
	if ((timed_out && sig == SIGKILL) || sig == SIGXCPU) {
		*over_time = 1;
		return xasprintf("the archive reader took longer than %d s",
		    c->seconds);
	}
	if ((sig == SIGABRT || sig == SIGSEGV || sig == SIGBUS) &&
	    (uint64_t)ru->ru_maxrss * 1024 * 2 >= (uint64_t)c->mb << 20) {
		*st = UNPACK_TOO_LARGE;
		return xasprintf("the archive reader needed more than %u MB",
		    c->mb);
	}
	if (sig != 0)
		return xasprintf("the archive reader crashed (signal %d)",
		    sig);
	return xasprintf("the archive reader failed (exit %d)",
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* The members' bytes: the memfd the reader wrote, mapped read-only, each
 * member's data pointing into it.  -1 when an offset is out of it. */
static int
map_members(int fd, struct unpack_result *a, const uint64_t *off)
{
	struct stat st;
	size_t i;

	if (fstat(fd, &st) != 0)
		return -1;
	if (st.st_size > 0) {
		a->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED,
		    fd, 0);
		if (a->map == MAP_FAILED) {
			a->map = NULL;
			return -1;
		}
		a->map_len = (size_t)st.st_size;
	}
	for (i = 0; i < a->n_members; i++) {
		struct unpack_member *m = &a->members[i];

		if (m->len == 0)
			continue;
		if (off[i] > a->map_len || m->len > a->map_len - off[i])
			return -1;
		m->data = (unsigned char *)a->map + off[i];
	}
	return 0;
}

/* The reader in s sent its whole reply: the job's out. */
static void
slot_done(struct slot *s, const struct worker_ceilings *c)
{
	struct worker_job *j = s->job;
	uint64_t *off = NULL, budget = s->budget_in;
	int bad;

	(void)c;
	bad = reader_take(s->reply.data + 8, s->reply.len - 8, &j->out.cpu,
	    &j->out.type, &j->out.recog, &j->out.archive, &budget, &off) != 0;
	if (!bad && j->out.archive && s->out >= 0)
		bad = map_members(s->out, j->out.archive, off) != 0;
	free(off);
	*s->used = budget > s->budget_in ? budget - s->budget_in : 0;
	if (bad) {
		*s->used = 0;
		job_failed(j, xstrdup("the archive reader's report was "
		    "garbled"), UNPACK_UNREADABLE);
		slot_end(s, 1, NULL, NULL);	/* not trusted again */
		return;
	}
	if (s->out >= 0)
		close(s->out);
	s->out = -1;
	s->job = NULL;
	buf_free(&s->reply);
	/* A reader that hit the memory ceiling leaves by itself (reader.c):
	 * waited for now, replaced on next use. */
	if (j->out.archive && j->out.archive->status == UNPACK_TOO_LARGE)
		slot_end(s, 0, NULL, NULL);
}

/* The reader in s died, hung or overflowed: its job fails, it is gone. */
static void
slot_fail(struct slot *s, int timed_out, const char *why,
    const struct worker_ceilings *c)
{
	struct worker_job *j = s->job;
	enum unpack_status st = UNPACK_UNREADABLE;
	struct rusage ru;
	int status = 0, over_time = 0;
	char *w;

	*s->used = 0;
	memset(&ru, 0, sizeof ru);
	slot_end(s, 1, &status, &ru);
	w = why ? xstrdup(why) : reader_death(status, timed_out, &ru, c, &st,
	    &over_time);
	job_failed(j, w, st);
	j->out.archive->over_time = over_time;
}

/* Reads what the reader in s has sent; the job is done (s->job NULL)
 * when its reply is whole or the reader failed. */
static void
slot_read(struct slot *s, const struct worker_ceilings *c)
{
	char chunk[65536];
	uint64_t want;
	ssize_t n;

	while ((n = read(s->fd, chunk, sizeof chunk)) < 0 && errno == EINTR)
		;
	if (n <= 0) {
		slot_fail(s, 0, NULL, c);
		return;
	}
	buf_add(&s->reply, chunk, (size_t)n);
	if (s->reply.len < 8)
		return;
	memcpy(&want, s->reply.data, 8);
	if (want > WORKER_MAX_REPLY || s->reply.len > 8 + want) {
		slot_fail(s, 0, "the archive reader produced too much", c);
		return;
	}
	if (s->reply.len == 8 + want)
		slot_done(s, c);
}

/* An idle slot with a live reader (started when needed); NULL: none
 * idle.  *err set when a reader could not be started. */
static struct slot *
slot_idle(unsigned mb, int *err)
{
	unsigned i;

	for (i = 0; i < pool.n; i++) {
		struct slot *s = &pool.slots[i];

		if (s->job != NULL)
			continue;
		if (s->pid > 0 && s->mb != mb)
			slot_end(s, 0, NULL, NULL);
		if (s->pid == 0 && slot_start(s, mb) != 0) {
			*err = errno;
			continue;
		}
		return s;
	}
	return NULL;
}

/* What run_parallel reads: read[k] 1 when job k's image or PDF is read
 * (NULL: none); group NULL, or group[k] the archive whose member job k
 * is: its readers' CPU seconds add up in spent[group[k]], and no job of
 * a group whose spent reached cap is sent (left empty). */
struct reading {
	const unsigned char	*read;
	const size_t		*group;
	double			*spent;
	double			 cap;
};

/* Job j is done: its reader's seconds count for its group (a reader that
 * ran out of time spent the whole ceiling). */
static void
charge(const struct reading *rg, const struct worker_job *jobs,
    const struct worker_job *j, const struct worker_ceilings *c)
{
	if (rg->group == NULL)
		return;
	rg->spent[rg->group[j - jobs]] += j->out.archive &&
	    j->out.archive->over_time ? c->seconds : j->out.cpu;
}

/* Runs jobs [0, n) each from budget b0, all in parallel over the pool;
 * used[k] gets what job k expanded. */
static void
run_parallel(struct worker_job *jobs, size_t n, const struct unpack_limits *lim,
    uint64_t b0, const struct worker_ceilings *c, int keep, uint64_t *used,
    const struct reading *rg)
{
	struct pollfd *pf = xcalloc(pool.n, sizeof *pf);
	size_t next = 0, done = 0;
	unsigned i;

	while (done < n) {
		long long now, wait = -1;
		int err = 0, busy = 0, rd;
		struct slot *s;
		struct worker_job *was;

		for (;;) {
			/* Past its archive's share: left to its name. */
			while (next < n && rg->group != NULL &&
			    rg->spent[rg->group[next]] >= rg->cap) {
				used[next++] = 0;
				done++;
			}
			if (next >= n || (s = slot_idle(c->mb, &err)) == NULL)
				break;
			rd = rg->read != NULL && rg->read[next];
			if (slot_send(s, &jobs[next], &used[next], lim, b0, c,
			    keep, rd) == 0) {
				next++;
				continue;
			}
			/* A reader that died idle (or a memfd refused): one
			 * fresh try, then the job fails. */
			slot_end(s, 1, NULL, NULL);
			if (slot_start(s, c->mb) == 0 &&
			    slot_send(s, &jobs[next], &used[next], lim, b0, c,
			    keep, rd) == 0) {
				next++;
				continue;
			}
			job_failed(&jobs[next], xasprintf("cannot start the "
			    "archive reader: %s", strerror(errno)),
			    UNPACK_UNREADABLE);
			used[next++] = 0;
			done++;
		}
		now = now_ms();
		for (i = 0; i < pool.n; i++) {
			s = &pool.slots[i];
			pf[i].fd = -1;
			pf[i].events = POLLIN;
			pf[i].revents = 0;
			if (s->job == NULL)
				continue;
			if (s->deadline <= now) {
				was = s->job;
				slot_fail(s, 1, NULL, c);
				charge(rg, jobs, was, c);
				done++;
				continue;
			}
			pf[i].fd = s->fd;
			busy++;
			if (wait < 0 || s->deadline - now < wait)
				wait = s->deadline - now;
		}
		if (busy == 0) {
			if (next < n && err != 0) {
				/* No reader at all could be started. */
				job_failed(&jobs[next], xasprintf("cannot start "
				    "the archive reader: %s", strerror(err)),
				    UNPACK_UNREADABLE);
				used[next++] = 0;
				done++;
			}
			continue;
		}
		if (poll(pf, pool.n, (int)(wait > 1000 ? 1000 : wait)) < 0 &&
		    errno != EINTR)
			continue;
		for (i = 0; i < pool.n; i++) {
			s = &pool.slots[i];
			if (pf[i].fd < 0 || s->job == NULL ||
			    !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			was = s->job;
			slot_read(s, c);
			if (s->job == NULL) {
				charge(rg, jobs, was, c);
				done++;
			}
		}
	}
	free(pf);
}

/* 1 when reading wants name read. */
static int
wanted(const struct worker_reading *reading, const char *name)
{
	return reading == NULL || reading->wants == NULL ||
	    reading->wants(reading->arg, name ? name : "");
}

/* Recognition may use this share of the ceiling's seconds on one
 * archive's members: those after it are left to their names (not read)
 * rather than a mail held up by one archive of a hundred photos. */
#define READ_SHARE	0.5

/* A member to read, and the job (archive) it is of. */
struct pick {
	struct unpack_member	*m;
	size_t			 group;
	size_t			 order;
};

/* Largest first: the long reads start early and the short ones fill the
 * readers' ends (a 3024 px photo takes longer than a 1600 px one). */
static int
pick_cmp(const void *a, const void *b)
{
	const struct pick *x = a, *y = b;

	if (x->m->len != y->m->len)
		return x->m->len > y->m->len ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The archives' members that are read, each a job of its own over the
 * whole pool; what was read goes to the member. */
static void
read_members(struct worker_job *jobs, size_t n, const struct unpack_limits *lim,
    const struct worker_ceilings *c, const struct worker_reading *reading)
{
	struct worker_job *mj;
	struct pick *pk = NULL;
	size_t *group, nm = 0, cap = 0, k, i;
	unsigned char *read;
	uint64_t *used;
	double *spent;

	for (k = 0; k < n; k++) {
		struct unpack_result *a = jobs[k].out.archive;

		for (i = 0; a != NULL && i < a->n_members; i++) {
			struct unpack_member *m = &a->members[i];

			if (m->data == NULL || m->len == 0 || m->recog ||
			    !recog_wants(m->type) || !wanted(reading, m->path))
				continue;
			xgrow((void **)&pk, &cap, nm + 1, sizeof *pk);
			pk[nm] = (struct pick){ m, k, nm };
			nm++;
		}
	}
	if (nm == 0)
		return;
	qsort(pk, nm, sizeof *pk, pick_cmp);
	mj = xcalloc(nm, sizeof *mj);
	group = xcalloc(nm, sizeof *group);
	for (i = 0; i < nm; i++) {
		mj[i].data = pk[i].m->data;
		mj[i].len = pk[i].m->len;
		mj[i].name = pk[i].m->path;
		group[i] = pk[i].group;
	}
	read = xmalloc(nm);
	memset(read, 1, nm);
	used = xcalloc(nm, sizeof *used);
	spent = xcalloc(n, sizeof *spent);
	run_parallel(mj, nm, lim, 0, c, 0, used, &(struct reading){ read,
	    group, spent, c->seconds * READ_SHARE });
	for (i = 0; i < nm; i++) {
		pk[i].m->recog = mj[i].out.recog;
		mj[i].out.recog = NULL;
		worker_out_free(&mj[i].out);
	}
	free(spent);
	free(used);
	free(read);
	free(group);
	free(pk);
	free(mj);
}

/* The members' bytes, kept for reading only: let go. */
static void
unkeep(struct unpack_result *a)
{
	size_t i;

	if (a == NULL || a->map == NULL)
		return;
	munmap(a->map, a->map_len);
	a->map = NULL;
	a->map_len = 0;
	for (i = 0; i < a->n_members; i++)
		a->members[i].data = NULL;
}

void
worker_run(struct worker_job *jobs, size_t n, const struct unpack_limits *lim,
    uint64_t *budget, const struct worker_ceilings *ceil, int keep,
    const struct worker_reading *reading)
{
	static const struct worker_ceilings dflt = WORKER_CEILINGS_DEFAULT;
	static const struct unpack_limits dlim = UNPACK_LIMITS_DEFAULT;
	uint64_t *used, b = *budget;
	unsigned char *read;
	size_t k;

	if (n == 0)
		return;
	if (ceil == NULL || ceil->seconds <= 0 || ceil->mb == 0)
		ceil = &dflt;
	if (lim == NULL)
		lim = &dlim;
	for (k = 0; k < n; k++)
		memset(&jobs[k].out, 0, sizeof jobs[k].out);
	pool_ready();
	used = xcalloc(n, sizeof *used);
	read = xcalloc(n, 1);
	for (k = 0; k < n; k++)
		read[k] = pool.recognize && wanted(reading, jobs[k].name);
	/* With recognition on, the members come back whole to be read. */
	run_parallel(jobs, n, lim, b, ceil, keep || pool.recognize, used,
	    &(struct reading){ read, NULL, NULL, 0 });
	/* In job order, as if one after the other: a job that expanded
	 * past what the earlier ones left is read again from where they
	 * left the budget (the same result as serial reading; a message
	 * over its limit is rare). */
	for (k = 0; k < n; k++) {
		if (b != *budget && b + used[k] > lim->max_total_bytes) {
			worker_out_free(&jobs[k].out);
			run_parallel(&jobs[k], 1, lim, b, ceil,
			    keep || pool.recognize, &used[k],
			    &(struct reading){ read + k, NULL, NULL, 0 });
		}
		b += used[k];
	}
	if (pool.recognize)
		read_members(jobs, n, lim, ceil, reading);
	for (k = 0; !keep && k < n; k++)
		unkeep(jobs[k].out.archive);
	free(read);
	free(used);
	*budget = b;
}

void
worker_out_free(struct worker_out *o)
{
	free(o->type);
	unpack_result_free(o->archive);
	recog_result_free(o->recog);
	free(o->recog);
	o->type = NULL;
	o->archive = NULL;
	o->recog = NULL;
}
