/*
 * reply.h — the RFC 5322 message of an automatic reply (RFC 3834):
 * UTF-8 text, MIME-encoded headers, In-Reply-To and References pointing at
 * the sender's mail, Auto-Submitted: auto-replied.
 */
#ifndef INTAKE_REPLY_H
#define INTAKE_REPLY_H

#include <stddef.h>
#include <time.h>

#include "verdict.h"

/* Composes the reply in v->reply (which must be set).  from is the
 * configured "Name <addr>"; unique makes our Message-ID unique (a receipt
 * number or a message hash).  Returns the malloc'd CRLF message and its
 * length in *len; *msgid gets our Message-ID (malloc'd) so that an answer
 * to the reply can be linked back to its submission. */
char	*reply_compose(const struct verdict *v, const char *from, time_t now,
	    const char *unique, size_t *len, char **msgid);

/* The bare address of "Name <addr>" or "addr"; malloc'd, lower case. */
char	*reply_address(const char *from);

/* An RFC 2047 encoded header value (UTF-8, B) when text is not plain
 * ASCII, else a copy; words fold with CRLF SP.  malloc'd. */
char	*reply_encode_header(const char *text);
/* "Name <addr>" as a From/To header value: the name quoted, or encoded
 * when it is not plain ASCII.  malloc'd. */
char	*reply_mailbox_header(const char *from);
/* Appends body as base64 in 76-character CRLF lines (libetpan's
 * encoder).  0, or -1 when libetpan could not allocate. */
struct buf;
int	 reply_body_base64(struct buf *, const char *body);

#endif
