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
/* the pages (web-queue.c, web-submission.c, web-confirm.c) */
"form.filters{display:flex;flex-wrap:wrap;align-items:flex-end;gap:.5em 1em;"
"margin-bottom:1em}"
"form.filters input[type=search]{min-width:22em}"
".summary{margin:.3em 0 .8em}"
"tr.overdue td{color:#b00020}"
"tr.overdue strong{color:#fff;background:#b00020;padding:0 .3em;"
"border-radius:2px}"
"tr.g0 td:first-child{border-left:4px solid #e0a800}"
"nav.pages{display:flex;gap:1em;justify-content:center;margin:1em 0}"
".notice{background:#fff3cd;border:1px solid #e0a800;padding:.5em .8em}"
"dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;"
"background:#fff;padding:.6em .8em;border:1px solid #d0d4da;margin:0 0 1em}"
"dl.facts dt{color:#555}dl.facts dd{margin:0;overflow-wrap:anywhere}"
"h2{font-size:1.1em;margin:1.4em 0 .5em;border-bottom:2px solid #1f4e79}"
"h3{font-size:1em;margin:.8em 0 .4em}"
"section.person{margin-bottom:1em}"
"ul.files{list-style:none;padding:0;display:grid;gap:.8em;"
"grid-template-columns:repeat(auto-fill,minmax(260px,1fr))}"
"li.file{background:#fff;border:1px solid #d0d4da;padding:.5em}"
"li.file .meta{display:flex;flex-wrap:wrap;gap:.2em .8em;"
"margin-bottom:.4em}"
"li.file img.preview{display:block;max-height:360px;margin:0 auto}"
"article.reply{margin-bottom:1em}article.reply .meta{color:#555;margin:0}"
"article.reply .subject{font-weight:bold;margin:.2em 0}"
"section.decide{background:#fff;border:1px solid #1f4e79;padding:.6em 1em}"
"form.decide,form.confirm{display:flex;flex-direction:column;gap:.6em}"
"form.decide fieldset{border:0;padding:0;display:flex;flex-wrap:wrap;"
"gap:.3em 1.2em}"
"label.choice{flex-direction:row;align-items:center}"
"form.decide button,form.confirm button{align-self:flex-start}"
"select{max-width:100%}"
"@media (max-width:700px){main{padding:.5em}"
"form.filters{flex-direction:column;align-items:stretch}"
"form.filters input[type=search]{min-width:0}"
"td[data-h]::before{content:attr(data-h) \"：\";color:#555}"
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
