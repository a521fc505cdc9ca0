/*
 * web-records.h — what the staff console (daemon/web*.c) reads from the
 * records that no command reads: the SQL of the web pages lives here
 * (prefix webrec_), on the records' handle (records_db()).
 *
 * Every function returning int gives 1 found / 0 none (or 0 done), or -1
 * with *err malloc'd.  Strings handed out are malloc'd, released by the
 * matching *_free().
 */
#ifndef INTAKE_WEB_RECORDS_H
#define INTAKE_WEB_RECORDS_H

struct sqlite3;

/* One stored file of a submission, by its id (files.id). */
struct webrec_file {
	long long	 id;
	long long	 submission;
	char		*name;		/* as the sender named it, or NULL */
	char		*type;		/* MIME type by content; may be NULL */
	char		*path;		/* in the spool; NULL: not kept */
	long long	 bytes;
	int		 purged;	/* the submission was purged */
};
int	webrec_file(struct sqlite3 *, long long id, struct webrec_file *out,
	    char **err);
void	webrec_file_free(struct webrec_file *);	/* the fields */

#endif
