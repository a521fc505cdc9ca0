/*
 * cmd_report.c — `intake report`: the staff queue (records-report.h order:
 * review, rejected not sent again, the rest; oldest first), one row per
 * submission with the working days waited (daemon/workdays.h, calendar
 * files in SCHEMAS/calendar/) and an overdue mark for a review past the
 * center's answer_days.  Formats text (CJK width counted), csv (UTF-8
 * with BOM, RFC 4180), html (one self-contained page), json.
 *
 * Reads only: writes stdout, or -o FILE, or with --mail-to sends the HTML
 * page (with a text alternative) through the configured reply channel.
 * INTAKE_NOW=YYYY-MM-DD[THH:MM] fixes "now" (a testing aid).
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "audit.h"
#include "channel.h"
#include "cmd.h"
#include "report.h"
#include "env.h"
#include "log.h"
#include "idnumber.h"
#include "records-report.h"
#include "reply.h"
#include "util.h"
#include "day.h"
#include "problem.h"
#include "utf8.h"
#include "workdays.h"

/* The formats: one renderer each (report.h); csv's and json's rows are
 * rendered as the items pass, the others' kept for the end (text needs
 * every row's width, html and text the counts above the rows). */
static const struct report_format {
	const char	*name;
	void		(*render)(const struct report *, struct report_out *);
	void		(*row)(struct report *, const struct row *,
			    const struct queue_item *, struct report_out *);
} formats[] = {
	{ "text", report_text, NULL },
	{ "csv", report_csv, report_csv_row },
	{ "html", report_html, NULL },
	{ "json", report_json, report_json_row },
	{ NULL, NULL, NULL },
};

/* What each item of the queue goes through (records_queue_each). */
struct collect {
	struct report	*r;
	const struct report_format *fmt;
	const char	*business;
	const struct workdays *w;
	struct report_out *out;
	size_t		 cap;
};

static int
collect(void *arg, struct queue_item *it)
{
	struct collect *c = arg;
	struct report *r = c->r;
	struct row one;
	size_t j;

	if (c->fmt->row) {
		/* ID numbers also hide in problem texts ("身份证号“…”
		 * 有误"), which JSON shows whole: masked unless --full-ids
		 * (copies of the item's own; report_json_row masks the
		 * subject, the rows what they show). */
		if (!r->full_ids) {
			for (j = 0; j < it->n_problems; j++) {
				if (it->problems[j].detail)
					idnumber_mask_text(
					    it->problems[j].detail);
				if (it->problems[j].file)
					idnumber_mask_text(
					    it->problems[j].file);
			}
		}
		if (report_row_make(r, it, c->business, c->w, &one)) {
			c->fmt->row(r, &one, it, c->out);
			r->n++;
		}
		pool_reset(&r->cells);
		return c->out->failed ? -1 : 0;
	}
	if (r->n == c->cap) {	/* no xgrow: a row is cleared as it is made */
		c->cap = c->cap ? c->cap * 2 : 1024;
		r->rows = xrealloc(r->rows, c->cap * sizeof *r->rows);
	}
	r->n += report_row_make(r, it, c->business, c->w, &r->rows[r->n]);
	return 0;
}

/* Where the report goes: standard output, or path through a temporary
 * file renamed over it once complete (a failed report leaves no half a
 * file); its mode 0600, as it names people. */
static int
out_open(const char *path, struct report_out *o, char **tmp)
{
	int fd;

	*tmp = NULL;
	if (path == NULL) {
		o->fp = stdout;
		return 0;
	}
	*tmp = xasprintf("%s.tmp-XXXXXX", path);
	if ((fd = mkstemp(*tmp)) < 0 || (o->fp = fdopen(fd, "w")) == NULL) {
		fprintf(stderr, "intake: report: %s: %s\n", path,
		    strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(*tmp);
		}
		free(*tmp);
		*tmp = NULL;
		return EXIT_RUNTIME;
	}
	return 0;
}

/* Everything written and, for a file, renamed into place; else the
 * temporary removed.  0 or EXIT_RUNTIME. */
static int
out_close(const char *path, struct report_out *o, char *tmp, int ok)
{
	int rc = 0;

	if (o->fp == NULL)
		return 0;
	if (ok) {
		report_out_flush(o, 1);
		if (o->failed || fflush(o->fp) != 0) {
			fprintf(stderr, "intake: report: %s: %s\n", path ? path :
			    "standard output", strerror(o->failed ? o->err :
			    errno));
			rc = EXIT_RUNTIME;
		}
	}
	if (tmp) {
		if (fclose(o->fp) != 0 && rc == 0 && ok) {
			fprintf(stderr, "intake: report: %s: %s\n", path,
			    strerror(errno));
			rc = EXIT_RUNTIME;
		}
		if (ok && rc == 0 && rename(tmp, path) != 0) {
			fprintf(stderr, "intake: report: %s: %s\n", path,
			    strerror(errno));
			rc = EXIT_RUNTIME;
		}
		if (!ok || rc != 0)
			unlink(tmp);
		free(tmp);
	}
	o->fp = NULL;
	return rc;
}

static int
cmd_report(struct cmd_args *a)
{
	const struct cmd_opt *o;
	const char *out_path = NULL, *business = NULL, *arg;
	const char *mail_to = NULL, *nowenv, *p, *by = NULL;
	struct queue_filter filter = { 0 };
	struct report r = { 0 };
	struct collect c = { 0 };
	struct report_out out = { 0 };
	struct workdays *w = NULL;
	const struct env *env;
	const struct report_format *fmt = &formats[0], *f;
	char *err = NULL, *warn = NULL, *cal = NULL, *tmp = NULL;
	time_t oldest;
	int rc = 0, first_year, last_year, if_workday = 0;
	struct tm tm;

	for (o = a->opt; o < a->opt + a->nopt; o++) {
		arg = o->arg;
		switch (o->key) {
		case 'o': out_path = arg; break;
		case 'F': r.full_ids = 1; break;
		case 'b': business = arg; break;
		case 'm': mail_to = arg; break;
		case 'W': if_workday = 1; break;
		case 'B': by = arg; break;
		case 'f':
			for (f = formats; f->name && strcmp(f->name, arg);
			    f++)
				;
			if (f->name != NULL)
				fmt = f;
			else {
				fprintf(stderr, "intake: report: unknown format "
				    "\"%s\" (text, csv, html, json)\n", arg);
				return EXIT_USAGE;
			}
			break;
		case 's':
			for (p = arg; *p; p += strcspn(p, ","),
			    p += *p == ',') {
				size_t l = strcspn(p, ",");

				if (!((l == 8 && strncmp(p, "accepted", l) == 0) ||
				    (l == 8 && strncmp(p, "rejected", l) == 0) ||
				    (l == 6 && strncmp(p, "review", l) == 0) ||
				    (l == 7 && strncmp(p, "ignored", l) == 0))) {
					fprintf(stderr, "intake: report: unknown "
					    "status \"%.*s\" (accepted, rejected, "
					    "review, ignored)\n", (int)l, p);
					return EXIT_USAGE;
				}
			}
			filter.status = arg;
			break;
		case 'S':
			if (day_parse(arg, 1, &filter.since) != 0) {
				fprintf(stderr, "intake: report: --since "
				    "\"%s\": not a date YYYY-MM-DD\n", arg);
				return EXIT_USAGE;
			}
			break;
		}
	}
	if (mail_to && out_path) {
		fprintf(stderr, "intake: report: --mail-to and -o exclude "
		    "each other\n");
		return EXIT_USAGE;
	}
	if (mail_to && !channel_addr_ok(mail_to)) {
		fprintf(stderr, "intake: report: --mail-to \"%s\": not an "
		    "address\n", mail_to);
		return EXIT_USAGE;
	}
	r.now = time(NULL);
	if ((nowenv = getenv("INTAKE_NOW")) != NULL && *nowenv) {
		if (day_parse(nowenv, 1, &r.now) != 0) {
			fprintf(stderr, "intake: report: INTAKE_NOW=\"%s\": not "
			    "a date YYYY-MM-DD[THH:MM]\n", nowenv);
			return EXIT_USAGE;
		}
		if (strlen(nowenv) == 10)
			r.now += 12 * 3600;	/* midday of that day */
	}
	report_fmt_time(r.now, "%Y-%m-%d", r.today, sizeof r.today);

	if ((rc = cmd_open(a)) != 0)
		return rc;
	env = a->env;
	r.env = env;
	/* The calendar for every year from the oldest submission to now:
	 * loaded before the items are streamed through. */
	if (records_queue_oldest(a->rec, &filter, &oldest, &err) != 0) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	localtime_r(&r.now, &tm);
	last_year = first_year = tm.tm_year + 1900;
	if (oldest) {
		localtime_r(&oldest, &tm);
		if (tm.tm_year + 1900 < first_year)
			first_year = tm.tm_year + 1900;
	}
	cal = xasprintf("%s/calendar", env->cfg->schemas);
	if ((w = workdays_load(cal, first_year, last_year, &warn, &err)) ==
	    NULL) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (warn)
		log_warn("event=calendar command=report warning=\"%s\"", warn);

	/* The queue reads the database read-only; the audit row goes
	 * through a read-write handle of its own, before anything is
	 * shown (JSON is shown as it is read). */
	if (audit_record(env->cfg->database, env->cfg->schemas, "report",
	    by, mail_to ? mail_to : out_path, r.full_ids ? "full-ids" : NULL,
	    &err) != 0) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (!mail_to && (rc = out_open(out_path, &out, &tmp)) != 0)
		goto out;
	/* --mail-to sends html and text: rows kept whatever the format */
	report_begin(&r);
	c.r = &r;
	c.fmt = mail_to ? &formats[0] : fmt;
	c.business = business;
	c.w = w;
	c.out = &out;
	if (records_queue_each(a->rec, &filter, collect, &c, &err) != 0) {
		if (out.failed)	/* said by out_close */
			out_close(out_path, &out, tmp, 1);
		else {
			fprintf(stderr, "intake: report: %s\n", err);
			out_close(out_path, &out, tmp, 0);
		}
		tmp = NULL;
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (mail_to) {
		if (if_workday && !workdays_is_workday(w,
		    workdays_day_of(r.now))) {
			fprintf(stderr, "intake: report: %s is not a working "
			    "day: nothing sent\n", r.today);
			goto out;
		}
		rc = report_mail(&r, mail_to);
		goto out;
	}
	fmt->render(&r, &out);
	rc = out_close(out_path, &out, tmp, 1);
	tmp = NULL;
out:
	buf_free(&out.b);
	report_free_rows(&r);
	workdays_free(w);
	free(cal);
	free(warn);
	free(err);
	return rc;
}

static const struct cmd_option report_options[] = {
	{ "format", 'f', 0, "text|csv|html|json", "text (default), csv "
	    "(Excel/WPS), html, json" },
	{ "status", 's', 0, "S[,S]", "accepted, rejected, review, ignored (a "
	    "list with commas)" },
	{ "since", 'S', 0, "YYYY-MM-DD", "received on or after that day" },
	{ "business", 'b', 0, "B", "a business key (points-new) or name "
	    "(积分新办)" },
	{ "output", 'o', 'o', "FILE", "write FILE instead of standard output" },
	{ "full-ids", 'F', 0, NULL, "ID numbers in full (masked by default)" },
	{ "mail-to", 'm', 0, "ADDR", "send the HTML report to ADDR through "
	    "the reply channel" },
	{ "if-workday", 'W', 0, NULL, "with --mail-to: send nothing on a day "
	    "off" },
	{ "by", 'B', 0, "NAME", "who asks, for the audit (default: the Unix "
	    "user)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.summary = "the staff queue: what waits for a person first, oldest "
	    "first",
	.options = report_options,
	.needs = CMD_NEEDS_DB_READ,
	.notes = "The audit row goes through a read-write handle of its own.\n"
	    "INTAKE_NOW=YYYY-MM-DD fixes today's date (for tests).\n",
	.exec = cmd_report,
};

