/* fanout.c — see fanout.h.  A child sends each result as one record on
 * its own pipe (header, then the bytes); the parent polls every pipe and
 * keeps the results that came early until those before them are in. */
#include "fanout.h"

#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "worker.h"

struct fanout_hdr {
	uint64_t	i;
	int64_t		status;
	uint64_t	len;
};

struct fanout_result {
	int	 done, status;
	char	*data;
	size_t	 len;
};

static void __attribute__((noreturn))
child(size_t n, unsigned procs, unsigned k, int fd, fanout_work work,
    void *arg)
{
	struct fanout_hdr h;
	struct buf out;
	size_t i;

	for (i = k; i < n; i += procs) {
		memset(&out, 0, sizeof out);
		h.status = work(arg, i, &out);
		h.i = i;
		h.len = out.len;
		if (fd_write_all(fd, &h, sizeof h) == -1 ||
		    fd_write_all(fd, out.data ? out.data : "", out.len) == -1)
			_exit(1);
		buf_free(&out);
	}
	/* The confined readers this child started end with it, waited for
	 * here rather than left to whatever reaps orphans. */
	worker_pool_stop();
	_exit(0);	/* not exit(): the parent's stdio and atexit are its own */
}

/* Takes the whole records at the front of b into res. */
static void
take_records(struct buf *b, struct fanout_result *res, size_t n)
{
	struct fanout_hdr h;
	size_t at = 0;

	while (b->len - at >= sizeof h) {
		memcpy(&h, b->data + at, sizeof h);
		if (b->len - at - sizeof h < h.len)
			break;
		if (h.i < n && !res[h.i].done) {
			res[h.i].done = 1;
			res[h.i].status = (int)h.status;
			res[h.i].data = xstrndup(b->data + at + sizeof h, h.len);
			res[h.i].len = h.len;
		}
		at += sizeof h + h.len;
	}
	memmove(b->data, b->data + at, b->len - at);
	b->len -= at;
}

static void
emit_ready(struct fanout_result *res, size_t n, size_t *next, int all,
    fanout_emit emit, void *arg)
{
	for (; *next < n && (res[*next].done || all); (*next)++) {
		struct fanout_result *r = &res[*next];

		emit(arg, *next, r->done ? r->status : -1, r->data, r->len);
		free(r->data);
		r->data = NULL;
	}
}

int
fanout_run(size_t n, unsigned procs, fanout_work work, fanout_emit emit,
    void *arg)
{
	struct fanout_result *res;
	struct pollfd *pfd;
	struct buf *in;
	pid_t *pid;
	size_t next = 0, i;
	unsigned j, k, open_fds = 0;
	int fds[2];
	char chunk[65536];
	ssize_t got;

	if (procs > n)
		procs = (unsigned)n;
	if (procs <= 1) {
		for (i = 0; i < n; i++) {
			struct buf out = { 0 };
			int st = work(arg, i, &out);

			emit(arg, i, st, out.data ? out.data : "", out.len);
			buf_free(&out);
		}
		return 0;
	}
	res = xcalloc(n, sizeof *res);
	pfd = xcalloc(procs, sizeof *pfd);
	in = xcalloc(procs, sizeof *in);
	pid = xcalloc(procs, sizeof *pid);
	for (k = 0; k < procs; k++) {
		if (pipe(fds) == -1)
			goto fail;
		if ((pid[k] = fork()) == -1) {
			close(fds[0]);
			close(fds[1]);
			goto fail;
		}
		if (pid[k] == 0) {
			/* The child needs none of the parent's bookkeeping:
			 * gone, so nothing of it is lost at the child's exit
			 * (nor in the readers it forks). */
			close(fds[0]);
			for (j = 0; j < k; j++)
				close(pfd[j].fd);
			free(res);
			free(pfd);
			free(in);
			free(pid);
			child(n, procs, k, fds[1], work, arg);
		}
		close(fds[1]);
		pfd[k].fd = fds[0];
		pfd[k].events = POLLIN;
		open_fds++;
	}
	while (open_fds > 0) {
		if (poll(pfd, procs, -1) == -1) {
			if (errno == EINTR)
				continue;
			break;	/* what came is emitted; the rest as lost */
		}
		for (k = 0; k < procs; k++) {
			if (pfd[k].fd < 0 || pfd[k].revents == 0)
				continue;
			if ((got = read(pfd[k].fd, chunk, sizeof chunk)) > 0) {
				buf_add(&in[k], chunk, (size_t)got);
				take_records(&in[k], res, n);
			} else if (got == 0 || errno != EINTR) {
				close(pfd[k].fd);
				pfd[k].fd = -1;
				open_fds--;
			}
		}
		emit_ready(res, n, &next, 0, emit, arg);
	}
	for (k = 0; k < procs; k++) {
		if (pfd[k].fd >= 0)
			close(pfd[k].fd);
		while (waitpid(pid[k], NULL, 0) == -1 && errno == EINTR)
			;
	}
	emit_ready(res, n, &next, 1, emit, arg);
	for (k = 0; k < procs; k++)
		buf_free(&in[k]);
	free(in);
	free(pfd);
	free(pid);
	free(res);
	return 0;
fail:
	/* Nothing was emitted yet: stop the children started, say why. */
	{
		int saved = errno;

		while (k-- > 0) {
			kill(pid[k], SIGKILL);
			close(pfd[k].fd);
			waitpid(pid[k], NULL, 0);
		}
		free(in);
		free(pfd);
		free(pid);
		free(res);
		errno = saved;
	}
	return -1;
}

unsigned
fanout_cpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 1 ? (unsigned)n : 1;
}
