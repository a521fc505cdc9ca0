/*
 * idnumber.h — Chinese resident ID numbers (居民身份证号码), GB 11643-1999:
 * 6-digit region code, birth date YYYYMMDD, 3-digit sequence, and a check
 * character by ISO 7064 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8
 * 4 2; sum mod 11 → "10X98765432").
 *
 * Pure functions; what they return is malloc'd and the caller's to free().
 */
#ifndef INTAKE_IDNUMBER_H
#define INTAKE_IDNUMBER_H

#include <time.h>

/*
 * 1: a valid 18-character number; 0: not, and when why is not NULL *why
 * gets the reason in simplified Chinese (malloc'd; it never repeats the
 * correct check character).  Lower-case x is accepted as the check
 * character; anything else must already be ASCII digits: pass input
 * through idnumber_normalize() first.  The region code's province (first
 * two digits) must exist; the birth date must be a real date between
 * 1900-01-01 and today (local time).
 */
int	 idnumber_check(const char *id, char **why);
/* The same with "today" taken from now (for tests and re-judging). */
int	 idnumber_check_at(const char *id, time_t now, char **why);
/* The check character ('0'-'9' or 'X') for the first 17 digits of id;
 * 0 when those are not 17 ASCII digits. */
char	 idnumber_check_char(const char *id17);
/* For logs and reports: first 6 and last 4 characters kept, the rest '*'
 * ("310101********123X").  Shorter than 11 characters, or not ASCII: all
 * '*' (length kept for ASCII, "****" otherwise).  NULL in, NULL out. */
char	*idnumber_mask(const char *id);
/* In free text (a log line, a subject, a problem's detail), in place:
 * every run of 15 or 18 characters — ASCII digits, the 18th possibly X —
 * between non-digits masked as idnumber_mask does; hashes (32 or more
 * hex digits) kept. */
void	 idnumber_mask_text(char *);
/* As written by a person → the canonical form: surrounding and inner
 * spaces (also U+3000) removed, full-width digits and Ｘ to ASCII, x → X.
 * Other characters are kept (idnumber_check then says what is wrong).
 * NULL in, NULL out. */
char	*idnumber_normalize(const char *id);

#endif
