/*
 * cmd_check.c — `intake check [--json] [--center NAME] [--senders FILE]
 * [--jobs N] FILE...`: judge message files exactly as the daemon would and print the
 * verdict and the reply it would send.  Writes nothing anywhere.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "cmd.h"
#include "env.h"
#include "fanout.h"
#include "judge.h"
#include "mail.h"
#include "util.h"
#include "worker.h"

/*
 * Parses the message in path into *m (NULL for an empty one).  A regular
 * file is mapped, and its pages go as its parts are decoded, then all of
 * it before archives are opened: a 60 MB mail is never held beside its
 * decoded parts and their archives' contents.  Anything else (a pipe) is
 * read.  -1 with errno when the file cannot be read.
 */
static int
read_message(const char *path, struct mail_message **m)
{
	struct stat st;
	char *buf;
	void *map;
	size_t len;
	int fd, saved;

	*m = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uintmax_t)st.st_size <= SIZE_MAX) {
		len = (size_t)st.st_size;
		map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			close(fd);
			if (mail_parse_mapped(map, len, m) != 0) {
				mail_free(*m);
				*m = NULL;
			}
			munmap(map, len);
			return 0;
		}
	}
	saved = errno;
	close(fd);
	errno = saved;
	if ((buf = read_file(path, &len)) == NULL)
		return -1;
	if (mail_parse(buf, len, m) != 0) {
		mail_free(*m);
		*m = NULL;
	}
	free(buf);
	return 0;
}

/* The files of one `check`, judged by fanout (daemon/fanout.h): each
 * file's verdict, or its error, comes back as bytes and is printed in
 * argument order. */
struct check_run {
	struct judge_ctx ctx;
	char	**files;
	int	  json;
	int	  rc;
};

/* 0: out holds the verdict; 1: out holds why the file was not read. */
static int
check_one(void *arg, size_t i, struct buf *out)
{
	struct check_run *c = arg;
	struct mail_message *m = NULL;
	struct judgment *j;
	char *s;

	if (read_message(c->files[i], &m) != 0) {
		buf_addf(out, "intake: %s: %s\n", c->files[i],
		    strerror(errno));
		return 1;
	}
	j = judge_parsed(&c->ctx, m, c->files[i]);
	s = c->json ? verdict_to_json(j->verdict) :
	    verdict_to_text(j->verdict);
	buf_adds(out, s);
	if (c->json)
		buf_adds(out, "\n");
	free(s);
	judgment_free(j);
	return 0;
}

static void
check_print(void *arg, size_t i, int status, const char *data, size_t len)
{
	struct check_run *c = arg;

	if (status == 0) {
		fwrite(data, 1, len, stdout);
		fflush(stdout);
		return;
	}
	if (status == 1)
		fwrite(data, 1, len, stderr);
	else
		fprintf(stderr, "intake: %s: the judging process died\n",
		    c->files[i]);
	c->rc = EXIT_RUNTIME;
}

static int
cmd_check(struct cmd_args *a)
{
	const char *recognize = NULL;
	enum cfg_recognize rz = CFG_RECOGNIZE_ALL;
	struct check_run run = { 0 };
	unsigned jobs = 0;
	size_t k;
	int rc;
	char *end;

	for (k = 0; k < a->nopt; k++) {
		switch (a->opt[k].key) {
		case 'j': run.json = 1; break;
		case 'C': a->center = a->opt[k].arg; break;
		case 'S': a->senders = a->opt[k].arg; break;
		case 'R':
			recognize = a->opt[k].arg;
			if (cfg_recognize_parse(recognize, &rz) != 0) {
				fprintf(stderr, "intake: check: --recognize "
				    "takes all, unnamed or off\n");
				return EXIT_USAGE;
			}
			break;
		case 'J':
			errno = 0;
			jobs = (unsigned)strtoul(a->opt[k].arg, &end, 10);
			if (errno || *end || end == a->opt[k].arg ||
			    jobs < 1 || jobs > 256) {
				fprintf(stderr, "intake: check: --jobs takes "
				    "a number from 1 to 256\n");
				return EXIT_USAGE;
			}
			break;
		}
	}
	if ((rc = cmd_open(a)) != 0)
		return rc;
	run.ctx = env_judge_ctx(a->env);
	run.ctx.members_unkept = 1;	/* check keeps no member whole */
	if (recognize)
		run.ctx.recognize = rz;
	run.files = a->argv;
	/* One reader a judging process when files are judged side by side
	 * (readers = N of them); one file has the whole pool. */
	if (jobs == 0)
		jobs = a->env->cfg->readers ? a->env->cfg->readers :
		    fanout_cpus();
	if (jobs > 1 && a->argc > 1)
		worker_pool_size(1);
	fflush(stdout);		/* the children must not inherit a buffer */
	if (fanout_run((size_t)a->argc, jobs, check_one, check_print,
	    &run) != 0) {
		fprintf(stderr, "intake: check: cannot start judging "
		    "processes (%s): one at a time\n", strerror(errno));
		(void)fanout_run((size_t)a->argc, 1, check_one, check_print,
		    &run);
	}
	return run.rc;
}

static const struct cmd_option check_options[] = {
	{ "json", 'j', 'j', NULL, "one JSON object per message (JSON Lines)" },
	{ "center", 'C', 0, "NAME", "judge under a shipped center profile" },
	{ "senders", 'S', 0, "FILE", "sender registry (CSV company,short_name,"
	    "email)" },
	{ "jobs", 'J', 0, "N", "judge N files at a time (default: readers, or one "
	    "per CPU)" },
	{ "recognize", 'R', 0, "MODE", "read images and PDFs to tell their "
	    "material and person: all, unnamed or off (default: the "
	    "configuration's recognize)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.summary = "judge message files as the daemon would; print the verdict",
	.args = "FILE...",
	.lower = 1,
	.upper = -1,
	.options = check_options,
	.needs = CMD_NEEDS_CONFIG,
	.exec = cmd_check,
};
