/*
 * web-static.c — GET /static/intake.css, the console's one stylesheet,
 * served from the binary: the CSP (default-src 'self') forbids inline
 * styles, and nothing is read from disk for it.  Narrow screens (a
 * phone) get one column.
 */
#include "web.h"

static const char css[] =
"*{box-sizing:border-box}"
"body{margin:0;font:15px/1.5 \"Noto Sans CJK SC\",\"Microsoft YaHei\","
"\"PingFang SC\",sans-serif;color:#1a1a1a;background:#f6f7f9}"
"header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1em;"
"padding:.5em 1em;background:#1f4e79;color:#fff}"
"header a{color:#fff;text-decoration:none;font-weight:bold}"
"header .who{margin-left:auto}"
"header form{margin:0}"
"main{max-width:1200px;margin:0 auto;padding:1em}"
"h1{font-size:1.3em;margin:.2em 0 .8em}"
"table{border-collapse:collapse;width:100%;background:#fff}"
"th,td{border:1px solid #d0d4da;padding:.35em .5em;text-align:left;"
"vertical-align:top}"
"th{background:#eef1f5}"
".overdue,.error{color:#b00020}"
".error{font-weight:bold}"
".review{background:#fff7e0}"
"form.login{display:flex;flex-direction:column;gap:.8em;max-width:22em}"
"label{display:flex;flex-direction:column;gap:.2em}"
"input,select,textarea,button{font:inherit;padding:.35em .5em}"
"button{cursor:pointer;background:#1f4e79;color:#fff;border:0;"
"border-radius:3px}"
"header button{background:#fff;color:#1f4e79}"
"img.preview{max-width:100%;height:auto;border:1px solid #d0d4da}"
"pre{white-space:pre-wrap;background:#fff;padding:.5em;"
"border:1px solid #d0d4da}"
"@media (max-width:700px){main{padding:.5em}"
"table,thead,tbody,tr,th,td{display:block;width:100%}"
"thead{display:none}tr{margin-bottom:.6em}"
"td{border-width:0 1px 1px}}"
"\n";

int
web_static_css(struct web_req *r, struct web_resp *resp)
{
	(void)r;
	resp->type = "text/css; charset=utf-8";
	resp->cacheable = 1;
	buf_add(&resp->body, css, sizeof css - 1);
	return 0;
}
