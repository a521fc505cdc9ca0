/*
 * senders.h — the sender registry (Jing'an's one-address-per-company
 * rule): a UTF-8 CSV file kept by staff in any spreadsheet, header
 * `company,short_name,email`, one company a line.  Accepted: a UTF-8 BOM,
 * CRLF or LF line ends, RFC 4180 quoting ("a,b", "say ""x"""), blank
 * lines, spaces around fields, an address written as <a@b>.
 *
 * Errors (bad header, wrong number of fields, empty field, an address
 * without @, a company, short name or address listed twice, an open
 * quote, bytes that are not UTF-8) go to the diag with file and line; all
 * of them are reported, and senders_load() then returns NULL.
 *
 * The returned registry owns every string; entries stay valid until
 * senders_free().
 */
#ifndef INTAKE_SENDERS_H
#define INTAKE_SENDERS_H

#include <stddef.h>

#include "diag.h"

struct senders_entry {
	const char	*company;	/* "中国平安人寿保险股份有限公司" */
	const char	*short_name;	/* "平安人寿" */
	const char	*email;		/* as written, without <> */
	int		 line;		/* line in the file */
};

struct senders;

struct senders *senders_load(const char *path, struct diag *);
void	 senders_free(struct senders *);

/* The entry registered for an address (ASCII case-insensitive); NULL. */
const struct senders_entry *senders_by_email(const struct senders *,
	    const char *email);
/* The entry for a short name (exact, spaces around ignored); NULL. */
const struct senders_entry *senders_by_short_name(const struct senders *,
	    const char *short_name);
/* Entry i of *n, in file order; NULL past the end. */
const struct senders_entry *senders_at(const struct senders *, size_t i,
	    size_t *n);
/* All short names, for subject_spec.short_names (SUBJECT_COMPACT). */
const char *const *senders_short_names(const struct senders *, size_t *n);

#endif
