/* log.c — see log.h. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <syslog.h>

#include "idnumber.h"
#include "util.h"

static const char *log_prog = "intake";
static int log_syslog;
static enum log_level log_min = LOG_LEVEL_INFO;

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
 * name or a subject in an error message may carry one). */
void
log_msg(enum log_level lvl, const char *fmt, ...)
{
	static const char *names[] = { "error", "warn", "info", "debug" };
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	va_list ap;
	char *s;

	if (lvl > log_min)
		return;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	idnumber_mask_text(s);
	if (log_syslog)
		syslog(prio[lvl], "level=%s %s", names[lvl], s);
	else
		fprintf(stderr, "%s: level=%s %s\n", log_prog, names[lvl], s);
	free(s);
}
