/* cmd_common.c — start-up shared by every subcommand. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>

#include "charset.h"
#include "cmd.h"
#include "filetype.h"

int
cmd_init(void)
{
	/* libarchive converts entry names through the locale: in "C" every
	 * non-ASCII name is lost (shared/notes/libarchive.md). */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "intake: the C.UTF-8 locale is missing\n");
		return EXIT_RUNTIME;
	}
	/* libetpan writes to sockets the peer may have closed. */
	signal(SIGPIPE, SIG_IGN);
	charset_init();
	if (filetype_init() != 0)
		return EXIT_RUNTIME;
	return 0;
}
