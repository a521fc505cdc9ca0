/*
 * cmd_check.c — `intake check [--json] [--center NAME] [--senders FILE]
 * FILE...`: judge message files exactly as the daemon would and print the
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
#include "judge.h"
#include "mail.h"
#include "util.h"

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

static int
cmd_check(const struct cmd_args *a)
{
	const char *center = NULL, *senders = NULL;
	struct judge_ctx ctx = { 0 };
	struct env *env;
	char **argv = a->argv;
	int argc = a->argc, json = 0, i, rc = 0;
	size_t k;

	for (k = 0; k < a->nopt; k++) {
		switch (a->opt[k].key) {
		case 'j': json = 1; break;
		case 'C': center = a->opt[k].arg; break;
		case 'S': senders = a->opt[k].arg; break;
		}
	}
	if ((env = cmd_load_env(center, senders)) == NULL)
		return EXIT_USAGE;
	ctx = env_judge_ctx(env);

	for (i = 0; i < argc; i++) {
		struct judgment *j;
		struct mail_message *m = NULL;
		char *out;

		if (read_message(argv[i], &m) != 0) {
			fprintf(stderr, "intake: %s: %s\n", argv[i],
			    strerror(errno));
			rc = EXIT_RUNTIME;
			continue;
		}
		j = judge_parsed(&ctx, m, argv[i]);
		out = json ? verdict_to_json(j->verdict) :
		    verdict_to_text(j->verdict);
		fputs(out, stdout);
		if (json)
			putchar('\n');
		fflush(stdout);
		free(out);
		judgment_free(j);
	}
	env_free(env);
	return rc;
}

static const struct cmd_option check_options[] = {
	{ "json", 'j', 'j', NULL, "one JSON object per message (JSON Lines)" },
	{ "center", 'C', 0, "NAME", "judge under a shipped center profile" },
	{ "senders", 'S', 0, "FILE", "sender registry (CSV company,short_name,"
	    "email)" },
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
