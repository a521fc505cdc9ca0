/* test_reply.c — a composed reply reads back through the mail reader with
 * the same subject, body and threading headers. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "mail.h"
#include "reply.h"
#include "unit.h"
#include "util.h"
#include "utf8.h"
#include "verdict.h"

int
main(void)
{
	struct verdict *v = verdict_new();
	struct mail_message *m = NULL;
	char *raw, *msgid = NULL, *enc;
	size_t len = 0;
	const char *body = "张三：您的申请材料缺少劳动合同。\n"
	    "正确的邮件标题：上海某某科技有限公司—张三(新办)—共1人\n";
	const char *subject = "【退回】上海某某科技有限公司—张三(新办)—共1人："
	    "材料不全，请补充后重新发送（这是一个很长的标题，要折行）";

	setlocale(LC_ALL, "C.UTF-8");
	charset_init();

	enc = reply_encode_header("plain ascii");
	CHECK_STR(enc, "plain ascii", "ASCII header is left alone");
	free(enc);
	enc = reply_address("积分受理 <JiFen@Example.gov.cn>");
	CHECK_STR(enc, "jifen@example.gov.cn", "address from a mailbox");
	free(enc);

	v->message_id = xstrdup("<abc@hr.example.com>");
	v->reply = xcalloc(1, sizeof *v->reply);
	v->reply->to = xstrdup("hr@example.com");
	v->reply->subject = xstrdup(subject);
	v->reply->body = xstrdup(body);
	v->reply->references = xstrdup("<root@hr.example.com>");
	raw = reply_compose(v, "闵行区人才服务中心 <jifen@example.gov.cn>",
	    1795000000, "闵行-2026-000001", &len, &msgid);
	CHECK(raw != NULL && len > 0, "reply composed");
	CHECK(msgid && strstr(msgid, "@example.gov.cn>") != NULL,
	    "our Message-ID uses our domain: %s", msgid ? msgid : "");
	CHECK(raw && strstr(raw, "\r\nAuto-Submitted: auto-replied\r\n"),
	    "Auto-Submitted: auto-replied");
	CHECK(raw && utf8_valid(raw, len) && strstr(raw, "张三") == NULL,
	    "no raw 8-bit text in the message");
	for (size_t i = 0; raw && i < len; i++)
		if ((unsigned char)raw[i] >= 0x80) {
			CHECK(0, "byte %zu is 8-bit", i);
			break;
		}

	CHECK(raw && mail_parse(raw, len, &m) == 0 && m != NULL,
	    "the reply parses");
	if (m) {
		CHECK_STR(m->subject, subject, "subject round-trips");
		CHECK_STR(m->to, "hr@example.com", "To");
		CHECK_STR(m->from, "jifen@example.gov.cn", "From address");
		CHECK_STR(m->from_name, "闵行区人才服务中心", "From name");
		CHECK_STR(m->in_reply_to, "<abc@hr.example.com>",
		    "In-Reply-To is the sender's Message-ID");
		CHECK(m->references &&
		    strstr(m->references, "<root@hr.example.com>") &&
		    strstr(m->references, "<abc@hr.example.com>"),
		    "References keeps the chain and adds the message");
		CHECK_STR(m->auto_submitted, "auto-replied", "parsed back");
		CHECK(m->body_text && strstr(m->body_text, "缺少劳动合同"),
		    "body round-trips");
		mail_free(m);
	}
	free(raw);
	free(msgid);
	verdict_free(v);
	return UNIT_DONE();
}
