/*
 * web-html.c — the HTML helper of the staff console: escaping, a small
 * printf whose strings are escaped unless said otherwise, and the page
 * frame.  No inline style or script anywhere: the CSP (default-src
 * 'self') allows only /static/intake.css (web-static.c).
 */
#include <stdarg.h>
#include <string.h>

#include "web.h"

void
html_esc(struct buf *b, const char *s)
{
	const char *p;

	for (p = s; p != NULL && *p; p++) {
		switch (*p) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		default: buf_add(b, p, 1); break;
		}
	}
}

void
html_fmt(struct buf *b, const char *fmt, ...)
{
	const char *p, *lit;
	va_list ap;

	va_start(ap, fmt);
	for (p = lit = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_add(b, lit, (size_t)(p - lit));
		switch (*++p) {
		case 's': html_esc(b, va_arg(ap, const char *)); break;
		case 'H': buf_adds(b, va_arg(ap, const char *)); break;
		case 'd': buf_addf(b, "%d", va_arg(ap, int)); break;
		case 'L': buf_addf(b, "%lld", va_arg(ap, long long)); break;
		case '%': buf_add(b, "%", 1); break;
		default:
			/* a mistake in a constant format: show it, never read
			 * an argument that may not be there */
			buf_adds(b, "%?");
			if (*p == '\0')
				p--;
			break;
		}
		lit = p + 1;
	}
	buf_add(b, lit, (size_t)(p - lit));
	va_end(ap);
}

void
html_csrf(struct buf *b, const struct web_req *r)
{
	if (r->who != NULL)
		html_fmt(b, "<input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\">", r->who->csrf);
}

void
html_begin(struct buf *b, const struct web_req *r, const char *title)
{
	html_fmt(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head>"
	    "<meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">"
	    "<title>%s · 材料受理</title>"
	    "<link rel=\"stylesheet\" href=\"/static/intake.css\">"
	    "</head><body><header><a class=\"home\" href=\"/\">材料受理"
	    "</a>", title);
	if (r->who != NULL) {
		html_fmt(b, "<span class=\"who\">%s（%s）</span><form "
		    "class=\"logout\" method=\"post\" action=\"/logout\">",
		    r->who->name, staff_role_name(r->who->role));
		html_csrf(b, r);
		buf_adds(b, "<button type=\"submit\">退出</button></form>");
	}
	html_fmt(b, "</header><main><h1>%s</h1>", title);
}

void
html_end(struct buf *b)
{
	buf_adds(b, "</main></body></html>\n");
}
