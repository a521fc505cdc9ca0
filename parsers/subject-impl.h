/*
 * subject-impl.h — what the subject readers share, for parsers/subject*.c
 * only: subject.c (normalising, prefixes, the entry points) calls one
 * reader a convention (subject-dash.c, subject-brackets.c,
 * subject-compact.c), which build on subject-common.c.  Every reader works
 * on the normalised subject (subject_normalize) and fills out; what it
 * puts there is out's (subject_parse_free).
 */
#ifndef INTAKE_SUBJECT_IMPL_H
#define INTAKE_SUBJECT_IMPL_H

#include <stddef.h>

#include "subject.h"

#define DASH	"\xe2\x80\x94"		/* — U+2014 */
#define LBR	"\xe3\x80\x90"		/* 【 U+3010 */
#define RBR	"\xe3\x80\x91"		/* 】 U+3011 */
#define DUN	"\xe3\x80\x81"		/* 、 U+3001 */

/* The three conventions (enum subject_kind). */
void	subject_parse_dash(const char *s, const struct subject_spec *sp,
	    struct subject_parse *out);
void	subject_parse_brackets(const char *s, const struct subject_spec *sp,
	    struct subject_parse *out);
void	subject_parse_compact(const char *s, const struct subject_spec *sp,
	    struct subject_parse *out);

/* "共3人" / "3人" / "共三名" at s: the number, *len the bytes; -1 when not
 * a count.  need_gong: the 共 is required. */
int	subject_count_at(const char *s, int need_gong, size_t *len);
/* A malloc'd copy of s[0..len) without leading/trailing spaces and the
 * quote and bracket characters people wrap names in. */
char	*subject_trimmed(const char *s, size_t len);
/* The longest keyword inside s[0..len) (earliest on a tie), its offset in
 * *pos; NULL when none.  The keyword is sp's. */
const struct subject_keyword *subject_kw_find(const struct subject_spec *sp,
	    const char *s, size_t len, size_t *pos);
/* The longest keyword that s starts with; NULL. */
const struct subject_keyword *subject_kw_prefix(
	    const struct subject_spec *sp, const char *s);
/* True when s[0..len) is only words around a business keyword that name
 * no person ("办理单位注册", "单位注册业务"), spaces and '+'. */
int	subject_only_filler(const char *s, size_t len);
/* Marks out failed; the first error is kept (it is the cause). */
void	subject_set_error(struct subject_parse *out, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Appends a person to out, which takes name and id (malloc'd) and copies
 * business. */
struct subject_person *subject_add_person(struct subject_parse *out,
	    size_t *cap, char *name, const char *business, char *id);
/* A dash between two Latin letters or digits is a hyphen in a word. */
int	subject_latin_hyphen(const char *s, size_t len, size_t i,
	    const char *sep);
/* Splits s[0..len) at depth-0 separators among seps (NULL-terminated);
 * calls fn for each piece (maybe empty). */
void	subject_split_top(const char *s, size_t len, const char *const *seps,
	    void (*fn)(const char *, size_t, void *), void *arg);

/* Pieces of a split (subject_collect as split_top's fn): pointers into
 * the split string; the arrays are the caller's (subject_pieces_free). */
struct subject_pieces {
	const char **p;
	size_t	*len;
	size_t	 n, cap, capl;
};
void	subject_collect(const char *s, size_t len, void *arg);
void	subject_pieces_free(struct subject_pieces *pc);
/* What separates persons in a subject. */
extern const char *const subject_person_seps[];

#endif
