/*
 * cmd_backup.c — `intake backup FILE [--with-spool] [-c FILE]`: a
 * consistent copy of the database while the daemon runs, with SQLite's
 * online backup API (records_backup: one read transaction, a snapshot;
 * the daemon keeps writing its WAL meanwhile), written to FILE.tmp,
 * checked with PRAGMA integrity_check, switched to a single file
 * (journal_mode DELETE), fsync'd and renamed to FILE.  With --with-spool, then FILE.spool.tar:
 * the spool (msg/ and files/, not tmp/) as a pax tar written with
 * libarchive, paths relative to the spool directory.  The database is
 * copied first, so every file it names is in the tar (unless a purge
 * removed it in between).  Both are mode 0600 (umask 077).
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "env.h"
#include "records-staff.h"
#include "util.h"

static int
backup_fsync(const char *path, char **err)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 || fsync(fd) == -1) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* tmp, written, becomes dst: its bytes on disk first, then the name, then
 * the directory entry (best effort: some file systems cannot fsync a
 * directory), so a crash leaves the old backup or the whole new one. */
static int
backup_commit(const char *tmp, const char *dst, char **err)
{
	char *dir, *slash;
	int fd;

	if (backup_fsync(tmp, err) != 0)
		return -1;
	if (rename(tmp, dst) == -1) {
		*err = xasprintf("%s: %s", dst, strerror(errno));
		return -1;
	}
	dir = xstrdup(dst);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) != -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
	return 0;
}

/* The records into dst (replaced), consistent: copied to dst.tmp
 * (records_backup), then made durable under its name. */
static int
backup_db(struct records *rec, const char *dst, char **err)
{
	char *tmp = xasprintf("%s.tmp", dst);
	int rc = -1;

	if (records_backup(rec, tmp, err) == 0 &&
	    backup_commit(tmp, dst, err) == 0)
		rc = 0;
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* Adds dir/rel (a file or a directory, recursively) to the archive as
 * rel. */
static int
backup_add(struct archive *a, const char *dir, const char *rel, char **err)
{
	char *path = xasprintf("%s/%s", dir, rel), *sub, buf[65536];
	struct archive_entry *e = NULL;
	struct dirent *de;
	struct stat sb;
	DIR *d = NULL;
	ssize_t len;
	int fd = -1, rc = -1;

	if (lstat(path, &sb) == -1) {
		if (errno == ENOENT) {	/* removed meanwhile (purge) */
			rc = 0;
			goto out;
		}
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode)) {
		rc = 0;			/* the spool holds neither */
		goto out;
	}
	if (S_ISREG(sb.st_mode) && (fd = open(path, O_RDONLY |
	    O_CLOEXEC)) == -1) {
		if (errno == ENOENT) {
			rc = 0;
			goto out;
		}
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	e = archive_entry_new();
	archive_entry_copy_stat(e, &sb);
	archive_entry_copy_pathname(e, rel);
	if (archive_write_header(a, e) != ARCHIVE_OK) {
		*err = xasprintf("%s: %s", rel, archive_error_string(a));
		goto out;
	}
	if (fd != -1) {
		off_t left = sb.st_size;

		/* Spooled files are never rewritten, only added: the
		 * size from lstat holds. */
		while (left > 0 && (len = read(fd, buf, sizeof buf)) > 0) {
			if (len > left)
				len = left;
			if (archive_write_data(a, buf, (size_t)len) != len) {
				*err = xasprintf("%s: %s", rel,
				    archive_error_string(a));
				goto out;
			}
			left -= len;
		}
		if (left > 0) {
			*err = xasprintf("%s: %s", path, len < 0 ?
			    strerror(errno) : "shrank while being read");
			goto out;
		}
		rc = 0;
		goto out;
	}
	if ((d = opendir(path)) == NULL) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		sub = xasprintf("%s/%s", rel, de->d_name);
		rc = backup_add(a, dir, sub, err);
		free(sub);
	}
out:
	if (d)
		closedir(d);
	if (fd != -1)
		close(fd);
	archive_entry_free(e);
	free(path);
	return rc;
}

static int
backup_spool(const char *spool, const char *dst, char **err)
{
	static const char *const top[] = { "msg", "files" };
	struct archive *a = archive_write_new();
	char *tmp = xasprintf("%s.tmp", dst);
	size_t i;
	int rc = -1;

	if (archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
	    archive_write_open_filename(a, tmp) != ARCHIVE_OK) {
		*err = xasprintf("%s: %s", tmp, archive_error_string(a));
		goto out;
	}
	for (i = 0; i < sizeof top / sizeof top[0]; i++)
		if (backup_add(a, spool, top[i], err) != 0)
			goto out;
	if (archive_write_close(a) != ARCHIVE_OK) {
		*err = xasprintf("%s: %s", tmp, archive_error_string(a));
		goto out;
	}
	if (backup_commit(tmp, dst, err) != 0)
		goto out;
	rc = 0;
out:
	archive_write_free(a);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

static int
cmd_backup(struct cmd_args *a)
{
	const char *file = a->argv[0];
	const struct env *env;
	char *err = NULL, *tar = NULL;
	int with_spool = a->nopt > 0, rc;	/* --with-spool, the only one */

	if ((rc = cmd_open(a)) != 0)
		return rc;
	env = a->env;
	if (backup_db(a->rec, file, &err) != 0) {
		fprintf(stderr, "intake: backup: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	printf("database %s copied to %s\n", env->cfg->database, file);
	if (with_spool) {
		tar = xasprintf("%s.spool.tar", file);
		if (backup_spool(env->cfg->spool, tar, &err) != 0) {
			fprintf(stderr, "intake: backup: %s\n", err);
			rc = EXIT_RUNTIME;
			goto out;
		}
		printf("spool %s copied to %s\n", env->cfg->spool, tar);
	}
out:
	free(err);
	free(tar);
	return rc;
}

static const struct cmd_option backup_options[] = {
	{ "with-spool", 's', 0, NULL,
	    "also FILE.spool.tar: the spool (pax tar)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_backup_entry = {
	.name = "backup",
	.summary = "a consistent copy of the database (and the spool) while "
	    "running",
	.args = "FILE",
	.lower = 1,
	.upper = 1,
	.options = backup_options,
	.needs = CMD_NEEDS_DB_READ,
	.notes = "FILE is the copy of the database (SQLite, one file).\n",
	.exec = cmd_backup,
};
