/*
 * channel-sendmail.c — sendmail:/path/to/sendmail.  fork + execv, no
 * shell: argv = sendmail -oi -f FROM -- RCPT (FROM "<>" for the null
 * sender; both addresses checked by channel_send, never starting with
 * '-').  The message goes to its stdin.  Exit 0 = sent, 75 (EX_TEMPFAIL),
 * a signal, a timeout or a failed exec = temporary, any other = permanent.
 */
#include "channel.h"
#include "util.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXIT_EXEC_FAILED	126	/* the child could not exec */

static long
ms_left(const struct timespec *deadline)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (deadline->tv_sec - now.tv_sec) * 1000 +
	    (deadline->tv_nsec - now.tv_nsec) / 1000000;
}

static int
sm_send(struct channel *c, const char *from, const char *rcpt,
    const char *msg, size_t len, char **err)
{
	struct timespec deadline;
	struct pollfd pfd;
	char *argv[8];
	int pfds[2], status, fl, wr_err = 0;
	size_t off = 0;
	ssize_t w;
	pid_t pid, got;
	long left;

	argv[0] = c->path;
	argv[1] = "-oi";
	argv[2] = "-f";
	argv[3] = *from ? (char *)from : "<>";
	argv[4] = "--";
	argv[5] = (char *)rcpt;
	argv[6] = NULL;
	if (pipe(pfds) == -1) {
		*err = xasprintf("sendmail: pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		*err = xasprintf("sendmail: fork: %s", strerror(errno));
		close(pfds[0]);
		close(pfds[1]);
		return -1;
	}
	if (pid == 0) {
		if (dup2(pfds[0], 0) == -1)
			_exit(EXIT_EXEC_FAILED);
		close(pfds[0]);
		close(pfds[1]);
		signal(SIGPIPE, SIG_DFL);
		execv(c->path, argv);
		_exit(EXIT_EXEC_FAILED);
	}
	close(pfds[0]);
	/* Non-blocking with poll, so a sendmail that never reads cannot
	 * hang the daemon past the timeout. */
	fl = fcntl(pfds[1], F_GETFL);
	(void)fcntl(pfds[1], F_SETFL, fl | O_NONBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += c->timeout;
	while (off < len) {
		left = ms_left(&deadline);
		if (left <= 0) {
			wr_err = ETIMEDOUT;
			break;
		}
		pfd.fd = pfds[1];
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, (int)left) == -1 && errno != EINTR) {
			wr_err = errno;
			break;
		}
		w = write(pfds[1], msg + off, len - off);
		if (w == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			wr_err = errno;	/* EPIPE: it exited; see its status */
			break;
		}
		off += (size_t)w;
	}
	close(pfds[1]);
	for (;;) {
		got = waitpid(pid, &status, WNOHANG);
		if (got == pid)
			break;
		if (got == -1 && errno != EINTR) {
			*err = xasprintf("sendmail: waitpid: %s", strerror(errno));
			return -1;
		}
		if (ms_left(&deadline) <= 0) {
			kill(pid, SIGKILL);
			(void)waitpid(pid, &status, 0);
			*err = xasprintf("sendmail %s: timed out after %d s",
			    c->path, c->timeout);
			return -1;
		}
		poll(NULL, 0, 20);
	}
	if (WIFSIGNALED(status)) {
		*err = xasprintf("sendmail %s: killed by signal %d", c->path,
		    WTERMSIG(status));
		return -1;
	}
	status = WEXITSTATUS(status);
	if (status == 0 && wr_err == 0)
		return 0;
	if (status == 0) {
		*err = xasprintf("sendmail %s: could not write the message: %s",
		    c->path, strerror(wr_err));
		return -1;
	}
	if (status == EXIT_EXEC_FAILED) {
		*err = xasprintf("sendmail %s: cannot run it", c->path);
		return -1;
	}
	*err = xasprintf("sendmail %s: exit status %d", c->path, status);
	return status == 75 ? -1 : -2;
}

const struct channel_ops channel_sendmail_ops = {
	"sendmail", NULL, sm_send, NULL, NULL
};
