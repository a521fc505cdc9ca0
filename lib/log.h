/*
 * log.h — one line per event, key=value, to stderr (journald picks it up)
 * or syslog.  Callers log an error once, where it is handled.  Under
 * systemd (JOURNAL_STREAM names stderr) each line carries its syslog
 * priority as a "<N>" prefix, so `journalctl -p err` finds the errors.
 */
#ifndef INTAKE_LOG_H
#define INTAKE_LOG_H

enum log_level { LOG_LEVEL_ERROR, LOG_LEVEL_WARN, LOG_LEVEL_INFO, LOG_LEVEL_DEBUG };

void	log_open(const char *progname, int use_syslog, enum log_level min);
void	log_msg(enum log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_error(...)	log_msg(LOG_LEVEL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_LEVEL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_LEVEL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_LEVEL_DEBUG, __VA_ARGS__)

#endif
