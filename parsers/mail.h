/*
 * mail.h — reads one RFC 5322 message (libetpan) into plain UTF-8 fields,
 * its body text and its attachments, decoded.
 *
 * mail_parse() never fails on bad input: whatever could be read is returned
 * and what could not is described in errors[], so a malformed message still
 * gets a verdict.  All strings are UTF-8, NUL-terminated, owned by the
 * message; mail_free() releases everything.
 */
#ifndef INTAKE_MAIL_H
#define INTAKE_MAIL_H

#include <stddef.h>

struct mail_attachment {
	char		*name;		/* UTF-8 file name; NULL if none given */
	char		*declared_type;	/* Content-Type as sent, lower case */
	unsigned char	*data;		/* decoded content, owned by the
					   message: never free()/realloc()
					   it, copy it to keep it past
					   mail_free() */
	size_t		 len;
	int		 data_owner;	/* mail.c's: which allocator */
	unsigned	 depth;		/* 0: this message; n: inside n levels
					   of forwarded message/rfc822 */
};

struct mail_message {
	/* Addresses: the bare addr-spec ("hr@example.com"), lower case. */
	char	*from;
	char	*from_name;		/* display name, decoded */
	char	*sender;
	char	*reply_to;
	char	*return_path;		/* "" for "<>"; NULL when absent */
	char	*to;			/* first To address */

	char	*message_id;		/* with its angle brackets */
	char	*date;			/* as written */
	char	*subject;		/* decoded; "" when absent */
	char	*in_reply_to;		/* as written (msg-ids) */
	char	*references;

	/* Robot and list markers, values as written (trimmed); NULL if absent. */
	char	*auto_submitted;
	char	*precedence;
	char	*list_id;
	char	*list_unsubscribe;
	char	*x_autoreply;
	char	*x_autorespond;
	char	*content_type;		/* top level, lower case, no params:
					   "multipart/report" marks a DSN */
	char	*report_type;		/* its report-type= parameter */

	char	**auth_results;		/* every Authentication-Results value */
	size_t	 n_auth_results;

	/* text/plain parts, else text/html with tags dropped; forwarded
	 * messages' text appended after this message's own.  Lines end in
	 * LF; trailing white space trimmed; "" when there is none. */
	char	*body_text;

	struct mail_attachment *atts;	/* every named or non-text leaf part */
	size_t	 n_atts;

	char	**errors;		/* what could not be read, English */
	size_t	 n_errors;
};

/* Parses buf[0..len).  The result does not point into buf.  Returns 0, or
 * -1 with *out NULL only when the input is not a message at all (empty). */
int	mail_parse(const char *buf, size_t len, struct mail_message **out);
/* The same for buf mapped read-only and private from a file (mmap):
 * once a part is decoded, the pages only its encoded bytes covered are
 * dropped (MADV_DONTNEED; read again from the file if touched), so a big
 * mail's raw and decoded bytes are not all in memory at once.  Never on
 * malloc'd memory: there dropping a page loses its bytes. */
int	mail_parse_mapped(const char *buf, size_t len,
	    struct mail_message **out);
/* Frees attachment i's decoded bytes once they are no longer needed (an
 * archive whose members were extracted): data NULL, len kept. */
void	mail_release_attachment(struct mail_message *, size_t i);
/* The header fields only (no body, no attachments): what the daemon needs
 * to record an arrival or find the submission an answer belongs to,
 * without decoding the whole mail again. */
int	mail_parse_headers(const char *buf, size_t len,
	    struct mail_message **out);
void	mail_free(struct mail_message *);

#endif
