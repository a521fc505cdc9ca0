/*
 * judge-files.h — the checks of files and archives of a judgment, for
 * judge.c and judge-center.c (which call these; these call neither).
 * Problems are added to the judgment's verdict, which owns them; the
 * strings returned are malloc'd and the caller's.
 */
#ifndef INTAKE_JUDGE_FILES_H
#define INTAKE_JUDGE_FILES_H

#include <stddef.h>

#include "judge.h"
#include "unpack.h"

/* Checks person i's files: empty or unreadable, type not in allowed
 * (NULL: JPEG, PNG, PDF), the same bytes twice in the message. */
void	judge_check_files(struct judgment *, size_t i,
	    const char *const *allowed);
/* A problem for every archive that could not be fully read. */
void	judge_archive_problems(struct judgment *);
/* An archive member's type: as the worker found it, else by content;
 * malloc'd. */
char	*judge_member_type(const struct unpack_member *);
/* An archive's or file's name without its extension(s) and folders:
 * "a/张三.tar.gz" → "张三"; malloc'd. */
char	*judge_stem(const char *name);

#endif
