/*
 * verdict.h — what intake decided about one message: the persons, their
 * files, every problem, the status and the reply.  It is the one model that
 * `check --json`, the records and the replies are made from.
 *
 * A verdict owns every string and array in it; verdict_free() releases all.
 * Persons are held by pointer so a person pointer stays valid while more
 * persons are added.
 */
#ifndef INTAKE_VERDICT_H
#define INTAKE_VERDICT_H

#include <stddef.h>

struct recog_result;		/* parsers/recognize.h: lib/ includes none */

enum verdict_status {
	VERDICT_ACCEPTED,
	VERDICT_REJECTED,
	VERDICT_REVIEW,
	VERDICT_IGNORED,
};

struct verdict_file {
	char	*name;		/* as the sender named it (path in archive) */
	char	*type;		/* MIME type by content */
	size_t	 bytes;
	char	 sha256[65];
	char	*item;		/* checklist material key; NULL unclassified */
	char	*item_by;	/* "name", "content" or NULL (no item) */
	char	**also;		/* other materials the file shows by content
				   (a PDF whose pages are several documents:
				   an ID card and a contract), each counted
				   like item; n_also of them, none == item */
	size_t	 n_also;
	char	*read_id_number; /* what was read on it (personal data):
				    a valid ID number, or NULL */
	char	*read_name;	/* the name after 姓名, or NULL */
	char	*path;		/* in the spool, once kept (records); NULL */
	const unsigned char *data; /* borrowed from the unpacked mail; valid
				      only while the judge's inputs live */
	const struct recog_result *recog; /* borrowed like data: what the
				      reader saw (quality, text); NULL when
				      the file was not read */
};

struct verdict_person {
	char	*name;
	char	*business;	/* NULL: the message's business */
	char	*id_number;	/* NULL when not given */
	char	*archive;	/* attachment the files came from; NULL loose */
	struct verdict_file *files;
	size_t	 n_files, cap_files;
	char	**missing;	/* checklist material keys */
	size_t	 n_missing, cap_missing;
};

struct verdict_problem {
	char	*code;		/* stable code of the interface page */
	char	*person;	/* NULLs where the field does not apply */
	char	*file;
	char	*item;
	char	*detail;	/* simplified Chinese, for the reply */
};

struct verdict_reply {
	char	*to;
	char	*subject;
	char	*body;
	char	*in_reply_to;
	char	*references;
};

struct verdict {
	char	*file;		/* the path given to check; NULL in daemon */
	char	*message_id;
	char	*from;
	char	*subject;
	enum verdict_status status;
	char	*center;
	char	*business;
	char	*company;
	int	 declared_count; /* 共N人; -1 when not declared */
	char	*receipt;	/* receipt number once accepted */

	struct verdict_person **persons;
	size_t	 n_persons, cap_persons;
	struct verdict_problem *problems;
	size_t	 n_problems, cap_problems;

	struct verdict_reply *reply;	/* NULL: no reply (ignored) */
	char	*reply_withheld;	/* why the reply must not be sent (a
					   forged sender); NULL: send it */
};

struct verdict	*verdict_new(void);
void		 verdict_free(struct verdict *);

/* Adds a person (name copied) and returns it; owned by the verdict. */
struct verdict_person *verdict_add_person(struct verdict *, const char *name);
struct verdict_person *verdict_find_person(struct verdict *, const char *name);
/* Adds a file to a person; strings copied; returns it (valid until the
 * next add to the same person). */
struct verdict_file *verdict_add_file(struct verdict_person *,
	    const char *name, const char *type, const unsigned char *data,
	    size_t bytes);
/* The same with the SHA-256 already known (hex; NULL or "": computed
 * from data): a member streamed by the reader (data NULL: not kept). */
struct verdict_file *verdict_add_file_sha(struct verdict_person *,
	    const char *name, const char *type, const unsigned char *data,
	    size_t bytes, const char *sha256);
void	verdict_add_missing(struct verdict_person *, const char *item);
/* Adds item to f->also unless it is f->item or there already. */
void	verdict_file_add_also(struct verdict_file *, const char *item);

/* Records a problem; any of person, file, item may be NULL; detail is a
 * printf format (simplified Chinese).  Strings are copied. */
void	verdict_add_problem(struct verdict *, const char *code,
	    const char *person, const char *file, const char *item,
	    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* 1 if a problem with this code was recorded. */
int	verdict_has_problem(const struct verdict *, const char *code);

/* Frees the reply; v->reply is NULL after. */
void	verdict_drop_reply(struct verdict *);

/* Replaces *dst with a copy of src (NULL allowed). */
void	verdict_set(char **dst, const char *src);

const char *verdict_status_name(enum verdict_status);

/* One line of JSON (no newline) per the interface page; caller frees. */
char	*verdict_to_json(const struct verdict *);
/* The verdict stored by verdict_to_json, back (files without data, no
 * reply); NULL when text is not such JSON.  Caller frees. */
struct verdict *verdict_from_json(const char *text);
/* A short human-readable summary, several lines; caller frees. */
char	*verdict_to_text(const struct verdict *);

#endif
