/*
 * cmd_check.c — `intake check [--json] [--center NAME] [--senders FILE]
 * FILE...`: judge message files exactly as the daemon would and print the
 * verdict and the reply it would send.  Writes nothing anywhere.
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
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

static void
check_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: intake check [-c FILE] [--json] [--center NAME] "
	    "[--senders FILE] FILE...\n"
	    "  --json           one JSON object per message (JSON Lines)\n"
	    "  --center NAME    judge under a shipped center profile\n"
	    "  --senders FILE   sender registry (CSV company,short_name,email)\n");
}

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

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "center", required_argument, NULL, 'C' },
		{ "senders", required_argument, NULL, 'S' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cfgpath = NULL, *center = NULL, *senders = NULL;
	struct judge_ctx ctx = { 0 };
	struct env *env;
	int json = 0, ch, i, rc = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': cfgpath = optarg; break;
		case 'j': json = 1; break;
		case 'C': center = optarg; break;
		case 'S': senders = optarg; break;
		case 'h': check_usage(stdout); return 0;
		default: check_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		check_usage(stderr);
		return EXIT_USAGE;
	}
	if ((env = cmd_load_env(cfgpath, center, senders)) == NULL)
		return EXIT_USAGE;
	ctx = env_judge_ctx(env);

	for (i = optind; i < argc; i++) {
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
