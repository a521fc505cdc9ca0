/*
 * textmatch.h — finding words in text read by OCR, tolerantly.  OCR drops
 * characters, confuses similar ones (已/己, 证/让) and sprinkles spaces
 * between Han characters, so a word counts as found when some stretch of
 * the text is within a few edits of it: the fewest characters dropped,
 * confused or inserted (edit distance of the word against the best
 * substring, Sellers' algorithm).
 *
 * Text and words are compared as code points after folding: white space
 * (ASCII and U+3000) is dropped, full-width ASCII forms become ASCII,
 * ASCII letters lower case.  Nothing here allocates beyond what
 * textmatch_prepare returns.
 */
#ifndef INTAKE_TEXTMATCH_H
#define INTAKE_TEXTMATCH_H

#include <stddef.h>
#include <stdint.h>

/* Text folded once for many words.  Free with textmatch_free. */
struct textmatch_text {
	uint32_t	*cp;
	size_t		 n;
};

/* Folds utf8 (NULL: empty) into a new textmatch_text; never NULL. */
struct textmatch_text *textmatch_prepare(const char *utf8);
void	 textmatch_free(struct textmatch_text *);

/* The fewest edits that make word (UTF-8) appear in t; *word_len (may be
 * NULL) gets the folded word's length in characters.  An empty word is 0
 * edits away. */
size_t	 textmatch_distance(const struct textmatch_text *t, const char *word,
	    size_t *word_len);

/*
 * How well word is found in t: the characters of the word that stand
 * right (its length less the edits), when that is at least ratio (0-1)
 * of its length, else 0.  A word of n characters thus tolerates
 * n - ceil(ratio * n) edits: at ratio 0.7 none for 2 or 3 characters,
 * one for 4 to 6, two for 7 to 9.
 */
size_t	 textmatch_found(const struct textmatch_text *t, const char *word,
	    double ratio);

#endif
