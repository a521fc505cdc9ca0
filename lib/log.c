/* log.c — see log.h. */
#include "log.h"

#include <sys/stat.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "idnumber.h"
#include "util.h"

static const char *log_prog = "intake";
static int log_syslog;
static enum log_level log_min = LOG_LEVEL_INFO;
static int log_journal = -1;	/* -1: not decided yet */

/* stderr is journald's stream when $JOURNAL_STREAM names its device and
 * inode (systemd.exec(5)): then each line starts with "<N>", the syslog
 * priority, which journald reads and strips (sd-daemon(3)).  Compared,
 * not only present: a child whose stderr was redirected keeps the
 * variable but not the stream. */
static int
journal_stream(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;
	int n = 0;

	if (v == NULL || sscanf(v, "%llu:%llu%n", &dev, &ino, &n) != 2 ||
	    v[n] != '\0' || fstat(fileno(stderr), &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	    (unsigned long long)st.st_ino == ino;
}

void
log_open(const char *progname, int use_syslog, enum log_level min)
{
	log_prog = progname;
	log_syslog = use_syslog;
	log_min = min;
	if (use_syslog)
		openlog(progname, LOG_PID, LOG_MAIL);
}

/* No ID number in full in any log line, whoever formats it (a file
 * name or a subject in an error message may carry one).  One event, one
 * line: control characters (a server's multi-line reply in an error, a
 * name from a mail) become spaces. */
void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	va_list ap;
	char *s, *p;

	if (lvl > log_min)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	idnumber_mask_text(s);
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	if (log_journal < 0)
		log_journal = journal_stream();
	if (log_syslog)
		syslog(prio[lvl], "level=%s %s", names[lvl], s);
	else if (log_journal)
		fprintf(stderr, "<%d>%s: level=%s %s\n", prio[lvl], log_prog,
		    names[lvl], s);
	else
		fprintf(stderr, "%s: level=%s %s\n", log_prog, names[lvl], s);
	free(s);
}
