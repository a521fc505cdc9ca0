/*
 * cfg.h — the main configuration file (libconfig).  The prefix is cfg_
 * because libconfig owns config_.
 *
 * Relative paths in a file are resolved against that file's directory, so
 * a configuration works from wherever it is started.  Loading creates
 * nothing on disk: `intake check` loads it too and must write nothing.
 */
#ifndef INTAKE_CFG_H
#define INTAKE_CFG_H

#include "diag.h"
#include "unpack.h"
#include "worker.h"

struct cfg_mailbox {
	char	*url;		/* imaps://, imap://, pop3s://, pop3://, maildir: */
	char	*password_file;
	char	*ca_file;
	char	*done;		/* keyword | move:FOLDER | delete */
	int	 poll_seconds;	/* without IDLE, or for maildir */
	int	 timeout;	/* network timeout, seconds (60) */
};

struct cfg_reply {
	char	*from;		/* "积分受理 <jifen@example.gov.cn>" */
	char	*via;		/* smtp://, smtps://, sendmail:, outbox: */
	char	*password_file;
	char	*ca_file;	/* NULL: mailbox.ca_file */
	int	 per_sender_per_day;
	int	 timeout;	/* SMTP network timeout, seconds (60) */
};

/* Sender authentication (RFC 8601): only Authentication-Results headers
 * that the center's own receiving server added count — the ones whose
 * authserv-id is ours; any other is forgeable and ignored. */
struct cfg_auth {
	char	*authserv_id;	/* NULL: no header is trusted */
	int	 require;	/* a DMARC/DKIM/SPF fail → review, no reply */
};

/* Which files are read (OCR, a PDF's text layer) to tell their material
 * and person by what they show: `recognize` in the file, `check
 * --recognize`. */
enum cfg_recognize {
	CFG_RECOGNIZE_ALL,	/* every image and PDF (the default) */
	CFG_RECOGNIZE_UNNAMED,	/* only those whose name names no material */
	CFG_RECOGNIZE_OFF,	/* none: by file name only */
};

/* The staff console (intake web, daemon/web.h). */
struct cfg_web {
	char	*listen;	/* "ADDR:PORT" (127.0.0.1:8377) */
	char	*tls_cert;	/* both set: HTTPS directly */
	char	*tls_key;
	int	 idle_minutes;	/* a session idle longer ends (480) */
	int	 max_connections;	/* more are refused (64) */
	int	 trust_proxy;	/* behind nginx on loopback: the client's
				   address from X-Real-IP */
};

struct cfg {
	char	*path;		/* the file loaded */
	char	*center;	/* NULL: not set (an error, env_load) */
	char	*schemas;	/* default: DATADIR/schemas, or the build
				   tree's schemas/ for a binary run there */
	char	*database;
	char	*spool;
	char	*senders;	/* NULL: no registry */
	char	*log;		/* "stderr" or "syslog" */
	char	*user;		/* run/once started as root become this
				   user; NULL: refuse root */
	int	 retention_days;
	unsigned readers;	/* confined readers (worker.h) per process;
				   0: one per online CPU */
	struct cfg_mailbox mailbox;
	struct cfg_reply reply;
	struct unpack_limits limits;
	struct worker_ceilings reader;	/* limits.max_reader_mb,
					   max_reader_seconds (worker.h) */
	struct cfg_auth auth;
	enum cfg_recognize recognize;
	struct cfg_web web;
};

/* "all", "unnamed", "off" → *out; -1 for anything else. */
int	cfg_recognize_parse(const char *, enum cfg_recognize *out);
const char *cfg_recognize_name(enum cfg_recognize);

/* Which file to load: explicit (a command's -c), else the one given
 * before the command (cfg_set_default), else $INTAKE_CONFIG, else
 * /etc/intake/intake.conf — unless it does not exist and this binary runs
 * from its build tree: then the tree's contrib/default.conf.  The
 * returned string is explicit, the default's, the environment's or
 * static. */
const char *cfg_default_path(const char *explicit_path);
/* The configuration named before the command (`intake -c FILE CMD`);
 * path must outlive every load (argv does). */
void	cfg_set_default(const char *path);

/* Loads and validates; every error goes to diag with file and line.
 * Returns NULL when there was any error.  Caller frees with cfg_free. */
struct cfg *cfg_load(const char *path, struct diag *);
void	cfg_free(struct cfg *);

#endif
