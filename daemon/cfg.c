/* cfg.c — see cfg.h. */
#include "cfg.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#ifndef INTAKE_SRCDIR
#define INTAKE_SRCDIR "."
#endif

#ifndef INTAKE_DATADIR
#define INTAKE_DATADIR "/usr/local/share/intake"
#endif

#define BUNDLED_DEFAULT INTAKE_SRCDIR "/contrib/default.conf"
#define SYSTEM_CONFIG	"/etc/intake/intake.conf"

static const char *cfg_global_path;

void
cfg_set_default(const char *path)
{
	cfg_global_path = path;
}

/* True when this binary runs from the tree it was built in (build/intake,
 * build-asan/intake, the unit tests): only then are the tree's default
 * configuration and schemas its defaults.  Decided by where the
 * executable is, never by the working directory, so an installed binary
 * never reads a build tree. */
static int
in_build_tree(void)
{
	static int known, inside;
	char exe[PATH_MAX];
	size_t l = strlen(INTAKE_SRCDIR);
	ssize_t n;

	if (!known) {
		known = 1;
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n > 0) {
			exe[n] = '\0';
			inside = strncmp(exe, INTAKE_SRCDIR, l) == 0 &&
			    exe[l] == '/';
		}
	}
	return inside;
}

const char *
cfg_default_path(const char *explicit_path)
{
	const char *env;

	if (explicit_path != NULL)
		return explicit_path;
	if (cfg_global_path != NULL)
		return cfg_global_path;
	if ((env = getenv("INTAKE_CONFIG")) != NULL && *env != '\0')
		return env;
	/* Only a file that is not there falls back: one that exists but
	 * cannot be read (a staff account, mode 0640) is loaded, and
	 * loading it reports why it cannot be. */
	if (access(SYSTEM_CONFIG, F_OK) == 0 || errno != ENOENT ||
	    !in_build_tree())
		return SYSTEM_CONFIG;
	return BUNDLED_DEFAULT;
}

/* The directory part of path ("." when none); malloc'd. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Resolves a path from the file against the file's directory.  A value
 * with a scheme ("maildir:rel/dir", "outbox:rel") has the part after the
 * colon resolved; URLs with "//" are left alone. */
static char *
resolve(const char *dir, const char *value)
{
	const char *colon = strchr(value, ':');
	const char *path = value;
	size_t plen = 0;

	if (colon && colon[1] == '/' && colon[2] == '/')
		return xstrdup(value);
	if (colon && strchr(value, '/') > colon) {
		path = colon + 1;
		plen = (size_t)(path - value);
	} else if (colon && strchr(value, '/') == NULL) {
		path = colon + 1;
		plen = (size_t)(path - value);
	}
	if (*path == '/' || *path == '\0')
		return xstrdup(value);
	{
		/* "conf/../state" → "state": paths staff read in logs and
		 * `intake show` should be plain.  Lexical only: dir is the
		 * configuration file's own directory. */
		char *d = xstrdup(dir), *slash, *out;

		while (strncmp(path, "../", 3) == 0 && (slash = strrchr(d,
		    '/')) != NULL && slash != d && strcmp(slash, "/..") != 0) {
			*slash = '\0';
			path += 3;
		}
		out = xasprintf("%.*s%s/%s", (int)plen, value, d, path);
		free(d);
		return out;
	}
}

/* Setting lookup that reports a wrong type with file and line. */
static int
get_string(config_setting_t *parent, const char *key, char **out,
    const char *dir, int is_path, struct diag *d, const char *file)
{
	config_setting_t *s = config_setting_get_member(parent, key);
	const char *v;

	if (s == NULL)
		return 0;
	if ((v = config_setting_get_string(s)) == NULL) {
		diag_add(d, config_setting_source_file(s) ?
		    config_setting_source_file(s) : file,
		    config_setting_source_line(s), "%s must be a string", key);
		return -1;
	}
	free(*out);
	*out = (is_path && *v) ? resolve(dir, v) : xstrdup(v);
	return 1;
}

static int
get_int(config_setting_t *parent, const char *key, int *out, int min,
    int max, struct diag *d, const char *file)
{
	config_setting_t *s = config_setting_get_member(parent, key);
	long long v;

	if (s == NULL)
		return 0;
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64) {
		diag_add(d, config_setting_source_file(s) ?
		    config_setting_source_file(s) : file,
		    config_setting_source_line(s), "%s must be an integer", key);
		return -1;
	}
	v = config_setting_get_int64(s);
	if (v < min || v > max) {
		diag_add(d, config_setting_source_file(s) ?
		    config_setting_source_file(s) : file,
		    config_setting_source_line(s),
		    "%s must be between %d and %d", key, min, max);
		return -1;
	}
	*out = (int)v;
	return 1;
}

/* Every member of a group must be one we know: a typo in a key would
 * otherwise silently fall back to a default. */
static void
check_keys(config_setting_t *g, const char *const *known, struct diag *d,
    const char *file, const char *where)
{
	int i, n = config_setting_length(g);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
		const char *name = config_setting_name(s);
		const char *const *k;

		for (k = known; *k; k++)
			if (name && strcmp(name, *k) == 0)
				break;
		if (*k == NULL)
			diag_add(d, config_setting_source_file(s) ?
			    config_setting_source_file(s) : file,
			    config_setting_source_line(s),
			    "unknown setting %s%s%s", where, *where ? "." : "",
			    name ? name : "?");
	}
}

/* Why path cannot be read: libconfig says only "file I/O error". */
static const char *
read_error(const char *path)
{
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0)
		return strerror(errno);
	close(fd);
	return "read error";
}

static void
defaults(struct cfg *c)
{
	struct unpack_limits lim = UNPACK_LIMITS_DEFAULT;

	/* center has no default: judging by the wrong center's rules is
	 * worse than not starting (env_load names the centers). */
	c->schemas = xstrdup(in_build_tree() ? INTAKE_SRCDIR "/schemas" :
	    INTAKE_DATADIR "/schemas");
	c->database = xstrdup("/var/lib/intake/intake.db");
	c->spool = xstrdup("/var/spool/intake");
	c->log = xstrdup("stderr");
	c->retention_days = 180;
	c->mailbox.done = xstrdup("keyword");
	c->mailbox.poll_seconds = 60;
	c->mailbox.timeout = 60;
	c->reply.timeout = 60;
	c->reply.per_sender_per_day = 20;
	c->limits = lim;
	c->reader = (struct worker_ceilings)WORKER_CEILINGS_DEFAULT;
	c->web.listen = xstrdup("127.0.0.1:8377");
	c->web.idle_minutes = 8 * 60;
	c->web.max_connections = 64;
}

static const char *const recognize_names[] = { "all", "unnamed", "off" };

int
cfg_recognize_parse(const char *s, enum cfg_recognize *out)
{
	size_t i;

	for (i = 0; s && i < sizeof recognize_names / sizeof *recognize_names;
	    i++)
		if (strcmp(s, recognize_names[i]) == 0) {
			*out = (enum cfg_recognize)i;
			return 0;
		}
	return -1;
}

const char *
cfg_recognize_name(enum cfg_recognize r)
{
	return (size_t)r < sizeof recognize_names / sizeof *recognize_names ?
	    recognize_names[r] : "all";
}

struct cfg *
cfg_load(const char *path, struct diag *d)
{
	static const char *const top_keys[] = { "center", "schemas",
	    "database", "spool", "senders", "mailbox", "reply", "limits",
	    "log", "retention_days", "authentication", "user", "readers",
	    "recognize", "web", NULL };
	static const char *const web_keys[] = { "listen", "tls_cert",
	    "tls_key", "session_idle_minutes", "max_connections",
	    "trust_proxy", NULL };
	static const char *const auth_keys[] = { "authserv_id", "require",
	    NULL };
	static const char *const mailbox_keys[] = { "url", "password_file",
	    "ca_file", "done", "poll_seconds", "timeout", NULL };
	static const char *const reply_keys[] = { "from", "via",
	    "password_file", "ca_file", "per_sender_per_day", "timeout",
	    NULL };
	static const char *const limit_keys[] = { "max_total_mb",
	    "max_entries", "max_ratio", "max_depth", "max_seconds",
	    "max_reader_seconds", "max_reader_mb", NULL };
	config_t lc;
	config_setting_t *root, *g;
	struct cfg *c;
	char *dir;
	size_t before = d->n;
	int v;

	c = xcalloc(1, sizeof *c);
	c->path = xstrdup(path);
	dir = dir_of(path);
	defaults(c);

	config_init(&lc);
	/* @include resolves against the include dir, not the including
	 * file: point it at the file's own directory. */
	config_set_include_dir(&lc, dir);
	if (config_read_file(&lc, path) != CONFIG_TRUE) {
		if (config_error_type(&lc) == CONFIG_ERR_FILE_IO)
			diag_add(d, path, 0, "cannot read configuration: %s",
			    read_error(path));
		else
			diag_add(d, config_error_file(&lc) ?
			    config_error_file(&lc) : path,
			    config_error_line(&lc), "%s",
			    config_error_text(&lc));
		goto done;
	}
	root = config_root_setting(&lc);
	check_keys(root, top_keys, d, path, "");
	get_string(root, "center", &c->center, dir, 0, d, path);
	get_string(root, "schemas", &c->schemas, dir, 1, d, path);
	get_string(root, "database", &c->database, dir, 1, d, path);
	get_string(root, "spool", &c->spool, dir, 1, d, path);
	if (get_string(root, "senders", &c->senders, dir, 1, d, path) > 0 &&
	    *c->senders == '\0') {
		free(c->senders);
		c->senders = NULL;
	}
	get_string(root, "log", &c->log, dir, 0, d, path);
	get_string(root, "user", &c->user, dir, 0, d, path);
	{
		char *rz = NULL;

		if (get_string(root, "recognize", &rz, dir, 0, d, path) > 0 &&
		    cfg_recognize_parse(rz, &c->recognize) != 0)
			diag_add(d, path, config_setting_source_line(
			    config_setting_get_member(root, "recognize")),
			    "recognize must be \"all\", \"unnamed\" or "
			    "\"off\"");
		free(rz);
	}
	if (strcmp(c->log, "stderr") != 0 && strcmp(c->log, "syslog") != 0)
		diag_add(d, path, config_setting_source_line(
		    config_setting_get_member(root, "log")),
		    "log must be \"stderr\" or \"syslog\"");
	get_int(root, "retention_days", &c->retention_days, 1, 36500, d, path);
	if (get_int(root, "readers", &v, 1, 64, d, path) > 0)
		c->readers = (unsigned)v;

	if ((g = config_setting_get_member(root, "mailbox")) != NULL) {
		check_keys(g, mailbox_keys, d, path, "mailbox");
		get_string(g, "url", &c->mailbox.url, dir, 1, d, path);
		get_string(g, "password_file", &c->mailbox.password_file, dir,
		    1, d, path);
		get_string(g, "ca_file", &c->mailbox.ca_file, dir, 1, d, path);
		get_string(g, "done", &c->mailbox.done, dir, 0, d, path);
		get_int(g, "poll_seconds", &c->mailbox.poll_seconds, 1, 86400,
		    d, path);
		get_int(g, "timeout", &c->mailbox.timeout, 1, 3600, d, path);
		if (strcmp(c->mailbox.done, "keyword") != 0 &&
		    strcmp(c->mailbox.done, "delete") != 0 &&
		    strncmp(c->mailbox.done, "move:", 5) != 0)
			diag_add(d, path, config_setting_source_line(
			    config_setting_get_member(g, "done")),
			    "mailbox.done must be keyword, move:FOLDER or "
			    "delete");
	}
	if ((g = config_setting_get_member(root, "reply")) != NULL) {
		check_keys(g, reply_keys, d, path, "reply");
		get_string(g, "from", &c->reply.from, dir, 0, d, path);
		get_string(g, "via", &c->reply.via, dir, 1, d, path);
		get_string(g, "password_file", &c->reply.password_file, dir,
		    1, d, path);
		get_string(g, "ca_file", &c->reply.ca_file, dir, 1, d, path);
		get_int(g, "timeout", &c->reply.timeout, 1, 3600, d, path);
		get_int(g, "per_sender_per_day", &c->reply.per_sender_per_day,
		    0, 100000, d, path);
	}
	if ((g = config_setting_get_member(root, "authentication")) != NULL) {
		config_setting_t *r;

		check_keys(g, auth_keys, d, path, "authentication");
		get_string(g, "authserv_id", &c->auth.authserv_id, dir, 0, d,
		    path);
		if ((r = config_setting_get_member(g, "require")) != NULL) {
			if (config_setting_type(r) != CONFIG_TYPE_BOOL)
				diag_add(d, path, config_setting_source_line(r),
				    "authentication.require must be true or "
				    "false");
			else
				c->auth.require = config_setting_get_bool(r);
		}
		if (c->auth.require && (c->auth.authserv_id == NULL ||
		    *c->auth.authserv_id == '\0'))
			diag_add(d, path, config_setting_source_line(g),
			    "authentication.require needs authserv_id: the "
			    "name your receiving server puts first in its "
			    "Authentication-Results header");
	}
	if ((g = config_setting_get_member(root, "web")) != NULL) {
		config_setting_t *t;

		check_keys(g, web_keys, d, path, "web");
		get_string(g, "listen", &c->web.listen, dir, 0, d, path);
		get_string(g, "tls_cert", &c->web.tls_cert, dir, 1, d, path);
		get_string(g, "tls_key", &c->web.tls_key, dir, 1, d, path);
		get_int(g, "session_idle_minutes", &c->web.idle_minutes, 1,
		    7 * 24 * 60, d, path);
		get_int(g, "max_connections", &c->web.max_connections, 1,
		    10000, d, path);
		if ((t = config_setting_get_member(g, "trust_proxy")) != NULL) {
			if (config_setting_type(t) != CONFIG_TYPE_BOOL)
				diag_add(d, path, config_setting_source_line(t),
				    "web.trust_proxy must be true or false");
			else
				c->web.trust_proxy = config_setting_get_bool(t);
		}
		/* one without the other would serve plain HTTP to someone
		 * who meant HTTPS */
		if ((c->web.tls_cert && *c->web.tls_cert) !=
		    (c->web.tls_key && *c->web.tls_key))
			diag_add(d, path, config_setting_source_line(g),
			    "web.tls_cert and web.tls_key go together");
	}
	if ((g = config_setting_get_member(root, "limits")) != NULL) {
		check_keys(g, limit_keys, d, path, "limits");
		if (get_int(g, "max_total_mb", &v, 1, 4000, d, path) > 0)
			c->limits.max_total_bytes = (uint64_t)v * 1000 * 1000;
		/* max_seconds: the older name of max_reader_seconds */
		get_int(g, "max_seconds", &c->reader.seconds, 1, 3600, d, path);
		get_int(g, "max_reader_seconds", &c->reader.seconds, 1, 3600, d,
		    path);
		if (get_int(g, "max_reader_mb", &v, 64, 65536, d, path) > 0)
			c->reader.mb = (unsigned)v;
		if (get_int(g, "max_entries", &v, 1, 1000000, d, path) > 0)
			c->limits.max_entries = (unsigned)v;
		if (get_int(g, "max_ratio", &v, 1, 100000, d, path) > 0)
			c->limits.max_ratio = (unsigned)v;
		if (get_int(g, "max_depth", &v, 1, 16, d, path) > 0)
			c->limits.max_depth = (unsigned)v;
	}
done:
	config_destroy(&lc);
	free(dir);
	if (d->n != before) {
		cfg_free(c);
		return NULL;
	}
	return c;
}

void
cfg_free(struct cfg *c)
{
	if (c == NULL)
		return;
	free(c->path);
	free(c->center);
	free(c->schemas);
	free(c->database);
	free(c->spool);
	free(c->senders);
	free(c->auth.authserv_id);
	free(c->web.listen);
	free(c->web.tls_cert);
	free(c->web.tls_key);
	free(c->user);
	free(c->log);
	free(c->mailbox.url);
	free(c->mailbox.password_file);
	free(c->mailbox.ca_file);
	free(c->mailbox.done);
	free(c->reply.from);
	free(c->reply.via);
	free(c->reply.password_file);
	free(c->reply.ca_file);
	free(c);
}
