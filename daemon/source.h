/*
 * source.h — mailbox sources: where incoming mail is read from.
 *
 * One ops table per kind (fdm style), one file per kind:
 *   maildir:/path                 source-maildir.c
 *   imap://user@host[:port][/FOLDER]   STARTTLS when the server offers it
 *   imaps://user@host[:port][/FOLDER]  source-imap.c
 *   pop3://user@host[:port]       STLS when the server offers it
 *   pop3s://user@host[:port]      source-pop3.c
 * Every TLS connection is verified (tls.h) before the password is sent.
 *
 * Use:  s = source_open(&cfg, &err);  loop { source_list(); for each key:
 * source_fetch(); store durably; source_mark_done(); } source_wait();
 * On -1 from any call the connection is unusable: source_close() and
 * source_open() again (after a back-off).
 *
 * Keys (stable and unique within one mailbox):
 *   IMAP     "imap://user@host:port/INBOX;UIDVALIDITY=v;UID=u", the same
 *            form for imap:// and imaps:// (the mailbox, not the way to
 *            reach it, names a message);
 *            uidvalidity, uid and folder are also in struct source_msg.
 *            When UIDVALIDITY changes, every old key is dead: fetch and
 *            mark_done on it return -2.
 *   POP3     the UIDL.
 *   maildir  the file's unique name (the part before ":2,").
 *
 * done (what marks a message handled):
 *   "keyword" (default for IMAP and maildir)
 *        IMAP: UID STORE +FLAGS ($IntakeDone); list = UID SEARCH UNKEYWORD.
 *        maildir: rename into cur/ with ":2,S" (keeping other flags); list
 *        = everything in new/ plus files in cur/ without the S flag.  So a
 *        mail client that marks mail read in the intake Maildir hides it.
 *   "move:FOLDER"
 *        IMAP: UID MOVE (or COPY + \Deleted + UID EXPUNGE); list = ALL.
 *        maildir: rename into the Maildir++ folder PATH/.FOLDER/cur/ (made
 *        if missing) with ":2,S".
 *   "delete"
 *        POP3: DELE.  It takes effect only when the session ends (QUIT in
 *        source_wait() or source_close()); a broken connection undoes it.
 *        maildir: unlink.  IMAP: \Deleted + UID EXPUNGE.
 *   POP3 with anything but "delete": mark_done does nothing and list
 *        returns every UIDL on the server; the caller keeps the set of
 *        UIDLs it has stored and skips them.
 * The caller must call mark_done only after its own record of the message
 * is durable (fsync'd spool file and committed row): a message marked done
 * is never listed again.
 */
#ifndef INTAKE_SOURCE_H
#define INTAKE_SOURCE_H

#include <stddef.h>
#include <stdint.h>

struct source_config {
	const char	*url;		/* see above; user name is in the URL */
	const char	*password;	/* read by the caller from password_file */
	const char	*ca_file;	/* extra trusted CA (PEM); NULL or "" */
	const char	*done;		/* "keyword", "move:FOLDER", "delete"; NULL = default */
	int		 timeout;	/* network timeout, seconds; <= 0: 60 */
};

struct source_msg {
	char		*key;		/* see above */
	char		*folder;	/* IMAP folder; NULL for POP3 and maildir */
	uint32_t	 uidvalidity;	/* IMAP only, else 0 */
	uint32_t	 uid;		/* IMAP only, else 0 */
	size_t		 size;		/* as the server reports; 0 if unknown */
};

struct source_list {
	struct source_msg	*msg;
	size_t			 n;
};

struct source;

struct source_ops {
	const char	*name;		/* "maildir", "imap", "pop3" */
	/* Connects and logs in (or checks the directory). */
	int	(*open)(struct source *, char **err);
	/* Fills *out with messages not yet done (see above), oldest first. */
	int	(*list)(struct source *, struct source_list *out, char **err);
	/* The whole raw message, malloc'd, NUL-terminated (not counted). */
	int	(*fetch)(struct source *, const char *key, char **data,
		    size_t *len, char **err);
	int	(*mark_done)(struct source *, const char *key, char **err);
	/* 1: new mail may have arrived; 0: timeout or a signal; -1: error. */
	int	(*wait)(struct source *, int timeout_secs, char **err);
	void	(*close)(struct source *);
};

enum source_done { SOURCE_DONE_KEYWORD, SOURCE_DONE_MOVE, SOURCE_DONE_DELETE };

/* Internals shared by the source-*.c files. */
struct source {
	const struct source_ops	*ops;
	char			*url;
	char			*scheme;	/* "imaps", "maildir", ... */
	char			*user;		/* %-decoded; NULL if none */
	char			*password;
	char			*host;
	int			 port;		/* 0 = scheme default */
	char			*path;		/* IMAP folder (default INBOX) or maildir path */
	char			*ca_file;	/* NULL if none */
	enum source_done	 done;
	char			*done_folder;	/* for SOURCE_DONE_MOVE */
	int			 timeout;
	void			*priv;
};

/*
 * Chooses the kind by URL scheme, connects, logs in.  NULL and *err
 * (malloc'd) on failure: an unknown scheme, a bad done for the kind, an
 * unreachable server, a certificate that fails verification ("certificate
 * verify failed: ..."; no password is sent), a refused login.
 */
struct source	*source_open(const struct source_config *, char **err);
/* All return 0 on success, -1 on error (reconnect), as in the ops table;
 * fetch and mark_done return -2 for a key that no longer exists here. */
int	 source_list(struct source *, struct source_list *, char **err);
int	 source_fetch(struct source *, const char *key, char **data,
	    size_t *len, char **err);
int	 source_mark_done(struct source *, const char *key, char **err);
int	 source_wait(struct source *, int timeout_secs, char **err);
void	 source_close(struct source *);		/* NULL is fine */
void	 source_list_free(struct source_list *);
/* Adds one entry; for the source-*.c files. */
void	 source_list_add(struct source_list *, char *key, char *folder,
	    uint32_t uidvalidity, uint32_t uid, size_t size);

extern const struct source_ops source_maildir_ops;
extern const struct source_ops source_imap_ops;
extern const struct source_ops source_pop3_ops;

#endif
