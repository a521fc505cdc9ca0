/*
 * preview.c — see preview.h.  The child writes "0" and the PNG, or "1"
 * and why it could not; the parent reads it under the deadline.
 */
#include "preview.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "render.h"
#include "util.h"

/* The largest picture a child may hand back: a 2000-pixel square PNG of
 * a busy scan stays well below this. */
#define PREVIEW_MAX_BYTES (64u << 20)

enum preview_how
preview_how(const char *type)
{
	if (type == NULL)
		return PREVIEW_NONE;
	if (strcmp(type, "image/jpeg") == 0 || strcmp(type, "image/png") == 0)
		return PREVIEW_AS_IS;
	return render_can(type) ? PREVIEW_RENDER : PREVIEW_NONE;
}

/*
 * For tests only (INTAKE_TEST_FAULT): "hang:preview" hangs, so the time
 * ceiling can be seen to work; "escape:preview" tries what the jail
 * forbids — a new process, a file created at $INTAKE_TEST_PROBE, a
 * socket — and crashes if any of them worked (the confinement failed).
 */
static void
test_fault(void)
{
	const char *f = getenv("INTAKE_TEST_FAULT");
	const char *probe = getenv("INTAKE_TEST_PROBE");
	pid_t pid;
	int fd;

	if (f == NULL)
		return;
	if (strcmp(f, "hang:preview") == 0)
		for (;;)
			pause();
	if (strcmp(f, "escape:preview") != 0)
		return;
	if ((pid = fork()) == 0)
		_exit(0);
	fd = open(probe ? probe : "/tmp/intake-preview-probe",
	    O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (pid > 0 || fd >= 0 || socket(AF_INET, SOCK_STREAM, 0) >= 0)
		raise(SIGSEGV);
}

static void __attribute__((noreturn))
child(int fd, const void *data, size_t len, const char *type,
    unsigned max_px, const struct worker_ceilings *c)
{
	struct buf b = { 0 }, png = { 0 };
	char *err = NULL;
	int ok;

	confine_self(c, CONFINE_THREADS);
	test_fault();
	if (render_png(data, len, type, max_px, &png, &err) == 0) {
		buf_add(&b, "0", 1);
		buf_add(&b, png.data ? png.data : "", png.len);
	} else {
		buf_add(&b, "1", 1);
		buf_adds(&b, err);
	}
	ok = fd_write_all(fd, b.data, b.len) == 0;
	/* Freed although _exit follows: a leak checker follows the fork. */
	buf_free(&b);
	buf_free(&png);
	free(err);
	_exit(ok ? 0 : 91);
}

int
preview_render(const void *data, size_t len, const char *type,
    unsigned max_px, const struct worker_ceilings *ceil, char **png,
    size_t *png_len, char **err)
{
	static const struct worker_ceilings dflt = WORKER_CEILINGS_DEFAULT;
	struct buf b = { 0 };
	int fds[2], status = 0, rr;
	pid_t pid;

	*png = NULL;
	*png_len = 0;
	if (ceil == NULL || ceil->seconds <= 0 || ceil->mb == 0)
		ceil = &dflt;
	if (!render_can(type)) {
		*err = xasprintf("no preview for %s", type ? type : "?");
		return -1;
	}
	if (pipe(fds) != 0) {
		*err = xasprintf("cannot start the renderer: %s",
		    strerror(errno));
		return -1;
	}
	if ((pid = fork()) < 0) {
		*err = xasprintf("cannot start the renderer: %s",
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		/* Nothing of the server's but the pipe and stderr: no
		 * listening socket, no client connection, no database. */
		if (dup2(fds[1], 3) != 3)
			_exit(92);
		(void)syscall(SYS_close_range, 4U, ~0U, 0U);
		(void)prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		child(3, data, len, type, max_px, ceil);
	}
	close(fds[1]);
	rr = confine_read(fds[0], time(NULL) + ceil->seconds,
	    PREVIEW_MAX_BYTES, &b);
	close(fds[0]);
	if (rr != 0)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rr == -1)
		*err = xasprintf("the renderer took longer than %d s",
		    ceil->seconds);
	else if (rr == -2)
		*err = xstrdup("the renderer produced too much");
	else if (WIFSIGNALED(status))
		*err = xasprintf("the renderer crashed (signal %d)",
		    WTERMSIG(status));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
	    b.len == 0)
		*err = xasprintf("the renderer failed (exit %d)",
		    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (b.data[0] != '0')
		*err = xstrndup(b.data + 1, b.len - 1);
	else {
		*png_len = b.len - 1;
		*png = xmalloc(*png_len ? *png_len : 1);
		memcpy(*png, b.data + 1, *png_len);
		buf_free(&b);
		return 0;
	}
	buf_free(&b);
	return -1;
}
