/* service-store.c — judging one spooled message and storing it with its
 * reply, in one transaction (service-impl.h), and judging again what a
 * crash left pending (service_recover). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "channel.h"
#include "judge.h"
#include "log.h"
#include "records.h"
#include "reply.h"
#include "service.h"
#include "service-impl.h"
#include "spool.h"
#include "util.h"

/* Stands for the receipt number while judging: the number is taken only
 * when the submission is stored, inside that transaction, so numbers have
 * no gaps. */
#define RECEIPT_MARK	"@@INTAKE-RECEIPT@@"

static void
replace_mark(char **s, const char *receipt)
{
	char *at;

	while (*s && (at = strstr(*s, RECEIPT_MARK)) != NULL) {
		char *n = xasprintf("%.*s%s%s", (int)(at - *s), *s, receipt,
		    at + strlen(RECEIPT_MARK));
		free(*s);
		*s = n;
	}
}

/* Spools every file of the verdict under the message's record; the
 * paths in verdict order.  -1 on a local error (disk). */
static int
spool_files(struct service *s, long long msg, const struct verdict *v,
    char ***paths, size_t *n)
{
	size_t i, k, total = 0, at = 0;
	char *err = NULL;

	for (i = 0; i < v->n_persons; i++)
		total += v->persons[i]->n_files;
	*paths = xcalloc(total + 1, sizeof **paths);
	*n = total;
	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];

		for (k = 0; k < p->n_files; k++, at++) {
			const struct verdict_file *f = &p->files[k];

			if (f->data == NULL && f->bytes > 0)
				continue;
			if (spool_put_file(s->spool, msg, p->name, f->name,
			    f->data, f->bytes, &(*paths)[at], &err) != 0) {
				log_error("event=spool-file msg=%lld error=\"%s\"",
				    msg, err);
				free(err);
				return -1;
			}
		}
	}
	return 0;
}

static void
free_paths(char **paths, size_t n)
{
	size_t i;

	for (i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}

/* The spool_bytes are a mapping whose pages go as they are decoded
 * (spool_map). */
int
service_judge_and_store(struct service *s, long long msg,
    const struct spool_bytes *b, long long dup_of)
{
	struct mail_message *m = NULL;
	const struct env *e = s->env;
	struct judge_ctx ctx = env_judge_ctx(e);
	struct judgment *j;
	struct verdict *v, *prev = NULL;
	long long link = 0;
	char **paths = NULL, *json = NULL, *err = NULL, *receipt = NULL;
	char *raw = NULL, *msgid = NULL;
	size_t n_paths = 0, raw_len = 0;
	const char *state = NULL;
	long long sub;
	time_t now = time(NULL);
	int rc = -1;

	ctx.receipt = RECEIPT_MARK;
	if (dup_of == 0)
		link = service_find_link(s, b->data, b->len, &prev);
	ctx.previous = prev;
	if ((b->mapped ? mail_parse_mapped(b->data, b->len, &m) :
	    mail_parse(b->data, b->len, &m)) != 0) {
		mail_free(m);
		m = NULL;
	}
	j = judge_parsed(&ctx, m, NULL);
	v = j->verdict;
	if (dup_of) {
		/* The same mail again (a resend, another folder, a new
		 * UIDVALIDITY): recorded, never answered twice. */
		v->status = VERDICT_IGNORED;
		verdict_add_problem(v, "duplicate-message", NULL, NULL, NULL,
		    "与第 %lld 号记录的邮件相同，已处理过，不再答复", dup_of);
		verdict_drop_reply(v);
	}
	/* A crash may have left this message's files from an earlier try. */
	if (spool_remove(s->spool, msg, NULL, &err) != 0) {
		log_error("event=spool-clean msg=%lld error=\"%s\"", msg, err);
		goto out;
	}
	if (spool_files(s, msg, v, &paths, &n_paths) != 0)
		goto out;
	{	/* the JSON keeps where each file is, for a resubmission */
		size_t i, k, at = 0;

		for (i = 0; i < v->n_persons; i++)
			for (k = 0; k < v->persons[i]->n_files; k++, at++)
				if (paths[at])
					verdict_set(&v->persons[i]->files[k].path,
					    paths[at]);
	}
	if (records_begin(s->rec, &err) != 0)
		goto fail;
	if (v->status == VERDICT_ACCEPTED) {
		struct tm tm;

		localtime_r(&now, &tm);
		receipt = records_next_receipt(s->rec, e->center->short_name,
		    tm.tm_year + 1900, &err);
		if (receipt == NULL)
			goto rollback;
		verdict_set(&v->receipt, receipt);
	}
	if (v->reply) {
		replace_mark(&v->reply->body, receipt ? receipt : "");
		replace_mark(&v->reply->subject, receipt ? receipt : "");
		raw = reply_compose(v, e->cfg->reply.from, now,
		    receipt ? receipt : v->message_id ? v->message_id : "",
		    &raw_len, &msgid);
		if (raw == NULL) {
			err = xstrdup("cannot compose the reply");
			goto rollback;
		}
		state = "due";
		if (v->reply_withheld) {
			state = "suppressed";
			log_warn("event=reply-suppressed msg=%lld "
			    "why=unauthenticated failed=\"%s\"", msg,
			    v->reply_withheld);
		} else if (!channel_addr_ok(v->reply->to)) {
			state = "suppressed";
			log_warn("event=reply-suppressed msg=%lld why=address",
			    msg);
		} else if (records_replies_since(s->rec, v->reply->to,
		    now - 86400) >= e->cfg->reply.per_sender_per_day) {
			state = "suppressed";
			log_warn("event=reply-suppressed msg=%lld why=rate-limit "
			    "rcpt=%s", msg, v->reply->to);
		}
	}
	json = verdict_to_json(v);
	if (link)
		sub = records_update_submission(s->rec, link, msg, v, json,
		    (const char *const *)paths, &err);
	else
		sub = records_add_submission(s->rec, msg, v, json,
		    (const char *const *)paths, &err);
	if (sub < 0)
		goto rollback;
	if (raw && records_add_reply(s->rec, sub,
	    verdict_status_name(v->status), v->reply->to, v->reply->subject,
	    msgid, raw, raw_len, state, &err) < 0)
		goto rollback;
	if (state && strcmp(state, "suppressed") == 0 &&
	    records_add_history(s->rec, sub, "intake", "reply-suppressed",
	    v->reply_withheld ? "sender failed authentication" :
	    "rate limit or unusable address", &err) != 0)
		goto rollback;
	if (records_set_state(s->rec, msg, state && strcmp(state, "due") == 0 ?
	    RECORDS_JUDGED : RECORDS_DONE, &err) != 0)
		goto rollback;
	if (records_commit(s->rec, &err) != 0)
		goto fail;
	log_info("event=judged msg=%lld submission=%lld%s status=%s center=%s "
	    "business=%s problems=%zu receipt=%s reply=%s", msg, sub,
	    link ? " resubmission=1" : "",
	    verdict_status_name(v->status), v->center ? v->center : "-",
	    v->business ? v->business : "-", v->n_problems,
	    receipt ? receipt : "-", state ? state : "none");
	rc = 0;
	goto out;
rollback:
	records_rollback(s->rec);
fail:
	log_error("event=store msg=%lld error=\"%s\"", msg,
	    err ? err : "unknown");
out:
	free(err);
	free(json);
	free(raw);
	free(msgid);
	free(receipt);
	free_paths(paths, n_paths);
	judgment_free(j);
	verdict_free(prev);
	return rc;
}

int
service_recover(struct service *s)
{
	long long *ids = NULL;
	char **paths = NULL, *err = NULL;
	size_t n = 0, i;
	int left = 0;

	if (records_pending(s->rec, &ids, &paths, &n, &err) != 0) {
		log_error("event=recover error=\"%s\"", err);
		free(err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct spool_bytes b;

		if (spool_map(s->spool, paths[i], &b, &err) != 0) {
			log_error("event=recover msg=%lld error=\"%s\"", ids[i],
			    err);
			free(err);
			err = NULL;
			left++;
		} else {
			log_info("event=recover msg=%lld", ids[i]);
			if (service_judge_and_store(s, ids[i], &b, 0) != 0)
				left++;
			spool_bytes_free(&b);
		}
		free(paths[i]);
	}
	free(paths);
	free(ids);
	return left;
}
