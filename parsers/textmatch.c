/* textmatch.c — see textmatch.h. */
#include "textmatch.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"
#include "util.h"

/* The code point as compared; 0 for one that is dropped. */
static uint32_t
fold(uint32_t c)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v' || c == 0x3000 || c == 0xA0)
		return 0;
	if (c >= 0xFF01 && c <= 0xFF5E)		/* full-width ASCII */
		c -= 0xFF01 - 0x21;
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

static uint32_t *
fold_all(const char *s, size_t *n)
{
	size_t len = s ? strlen(s) : 0, k;
	uint32_t *v = xcalloc(len + 1, sizeof *v), c;

	*n = 0;
	while (s && (k = utf8_next(s, &c)) > 0) {
		s += k;
		if ((c = fold(c)) != 0)
			v[(*n)++] = c;
	}
	return v;
}

struct textmatch_text *
textmatch_prepare(const char *utf8)
{
	struct textmatch_text *t = xcalloc(1, sizeof *t);

	t->cp = fold_all(utf8, &t->n);
	return t;
}

void
textmatch_free(struct textmatch_text *t)
{
	if (t == NULL)
		return;
	free(t->cp);
	free(t);
}

size_t
textmatch_distance(const struct textmatch_text *t, const char *word,
    size_t *word_len)
{
	size_t m, i, j, best, *col;
	uint32_t *w = fold_all(word, &m);

	if (word_len)
		*word_len = m;
	/* col[i]: edits to match w[0..i) ending at the current text
	 * position; row 0 is 0 everywhere, so a match may start anywhere. */
	col = xcalloc(m + 1, sizeof *col);
	for (i = 0; i <= m; i++)
		col[i] = i;
	best = m;
	for (j = 0; j < t->n; j++) {
		size_t diag = col[0];	/* col[i-1] of the previous column */

		for (i = 1; i <= m; i++) {
			size_t up = col[i - 1] + 1, left = col[i] + 1;
			size_t sub = diag + (w[i - 1] != t->cp[j]);
			size_t v = up < left ? up : left;

			diag = col[i];
			col[i] = v < sub ? v : sub;
		}
		if (col[m] < best)
			best = col[m];
	}
	free(col);
	free(w);
	return best;
}

size_t
textmatch_found(const struct textmatch_text *t, const char *word,
    double ratio)
{
	size_t len, d = textmatch_distance(t, word, &len), need;

	if (len == 0)
		return 0;
	/* ceil(ratio * len), without libm */
	need = (size_t)(ratio * (double)len);
	if ((double)need < ratio * (double)len - 1e-9)
		need++;
	if (need < 1)
		need = 1;
	return d <= len && len - d >= need ? len - d : 0;
}
