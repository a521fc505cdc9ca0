/* fuzz_mail.c — mail_parse() on arbitrary bytes: never a crash, every
 * string it returns NUL-terminated. */
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "mail.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static size_t
touch(const char *s)
{
	return s != NULL ? strlen(s) : 0;
}

/* Where the bytes read go, so that reading them is not optimised away. */
volatile size_t fuzz_sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mail_message *m = NULL;
	size_t n = 0;
	size_t i;

	if (mail_parse((const char *)data, size, &m) != 0 || m == NULL)
		return 0;
	n += touch(m->from) + touch(m->from_name) + touch(m->sender) +
	    touch(m->reply_to) + touch(m->return_path) + touch(m->to) +
	    touch(m->message_id) + touch(m->date) + touch(m->subject) +
	    touch(m->in_reply_to) + touch(m->references) +
	    touch(m->auto_submitted) + touch(m->precedence) +
	    touch(m->list_id) + touch(m->list_unsubscribe) +
	    touch(m->x_autoreply) + touch(m->x_autorespond) +
	    touch(m->content_type) + touch(m->report_type) +
	    touch(m->body_text);
	for (i = 0; i < m->n_auth_results; i++)
		n += touch(m->auth_results[i]);
	for (i = 0; i < m->n_errors; i++)
		n += touch(m->errors[i]);
	for (i = 0; i < m->n_atts; i++) {
		n += touch(m->atts[i].name) + touch(m->atts[i].declared_type);
		if (m->atts[i].len > 0)
			n += m->atts[i].data[0] + m->atts[i].data[m->atts[i].len - 1];
	}
	fuzz_sink = n;
	mail_free(m);
	return 0;
}
