#!/bin/sh
# tests/regress/web-browser.sh — the staff console's pages in real
# headless Chromium (web_browser.py: selenium and chromedriver), on a
# database the daemon filled from generated mail: sign in, search a
# person's name, open the submission, every scan preview loaded (JPEG and
# PNG as sent, a PDF's first page and a HEIC photo rendered by the server
# in its confined child), reject with a reason after reading the exact
# reply, confirm, and find that reply in the outbox.  Screenshots at
# 1366×768 and 390×844 are kept in $BUILD_DIR (web-*.png).  Before the
# browser, a view account opens the submission over plain HTTP: the
# browser's page must name it, and that account sees ID numbers masked.
#
#   INTAKE=$PWD/build/intake sh tests/regress/web-browser.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool chromium chromedriver
BUILD_DIR=${BUILD_DIR:-$(dirname "$INTAKE")}
if ! /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
	tap_fail "python3-selenium installed (contrib/packages)"
	tap_done
fi

C=$(tmpdir corpus)
I=$(tmpdir main)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp"
{ $PY "$REPO/tests/corpus/centers_corpus.py" "$C" &&
  $PY "$REPO/tests/regress/web_mail.py" "$C"; } >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "mail generated"; tap_diag "$(tail -5 "$T_TMP/gen.log")"; tap_done; }
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$I/intake.conf" <<CONF
center   = "minhang";
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "闵行区人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
web = { listen = "127.0.0.1:$PORT"; };
CONF
CONF=$I/intake.conf
DB=$I/intake.db
for m in 01-minhang-accepted 16-minhang-item-unclassified web-1; do
	cp "$C/$m.eml" "$I/Maildir/tmp/$m" && mv "$I/Maildir/tmp/$m" "$I/Maildir/new/$m"
done
run_intake once -c "$CONF" >/dev/null 2>"$T_TMP/once.log"
tap_is "the daemon filled the database" "$?" 0
sql() {
	$PY -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if x is None else str(x) for x in r))' "$DB" "$1"
}
SUB=$(sql "select submission from persons where name = '陈晓明'")
tap_check "陈晓明's submission recorded" test -n "$SUB"
# An ID number to mask: this center's subjects carry none, so the test
# gives 陈晓明 one, as a center that asks for it would have.
$PY -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1])
c.execute("update persons set id_number = ? where name = ?", ("31010119930101318X", "陈晓明"))
c.commit()' "$DB"
# The mail in review arrived 30 days ago: overdue, whatever the holidays.
$PY -c 'import sqlite3,sys,time
c = sqlite3.connect(sys.argv[1])
c.execute("update messages set received_at = ? where id = (select msg from submissions where status = ?)",
	  (int(time.time()) - 30 * 86400, "review"))
c.commit()' "$DB"
echo "alice-Pa55word-1" | run_intake staff add alice --role decide -c "$CONF" >/dev/null 2>&1
echo "bob-Pa55word-22" | run_intake staff add bob --role view -c "$CONF" >/dev/null 2>&1
tap_is "two accounts" "$(sql "select count(*) from staff")" 2

"$INTAKE" web -c "$CONF" >"$T_TMP/web.log" 2>&1 &
WEB=$!
# bob (view) opens the submission first, over plain HTTP.
$PY - "$PORT" "$SUB" >"$T_TMP/bob.out" 2>&1 <<'EOF'
import http.client, sys, time, urllib.parse
port, sub = int(sys.argv[1]), sys.argv[2]
for _ in range(100):
	try:
		c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
		c.request("POST", "/login", urllib.parse.urlencode({"user": "bob",
			  "password": "bob-Pa55word-22"}),
			  {"Content-Type": "application/x-www-form-urlencoded"})
		r = c.getresponse()
		break
	except OSError:
		time.sleep(0.1)
r.read()
ck = r.getheader("Set-Cookie").split(";")[0]
for what, path in (("submission", "/submission/" + sub), ("queue", "/?q=318X")):
	c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
	c.request("GET", path, headers={"Cookie": ck})
	page = c.getresponse().read().decode()
	print(what, "full" if "31010119930101318X" in page else
	      "masked" if "310101********318X" in page else "none")
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("POST", "/submission/%s/confirm" % sub, "decision=reject&reason=x&csrf=0",
	  {"Cookie": ck, "Content-Type": "application/x-www-form-urlencoded"})
print("confirm", c.getresponse().status)
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("GET", "/audit", headers={"Cookie": ck})
print("audit", c.getresponse().status)
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("GET", "/", headers={"Cookie": ck})
page = c.getresponse().read().decode()
print("overdue", page.count("class=\"g0 overdue\""), "超期1件" in page)
# a receipt number as staff write it down: full-width dashes and digits
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("GET", "/?q=" + urllib.parse.quote("闵行－２０２６－０００００１"), headers={"Cookie": ck})
page = c.getresponse().read().decode()
print("receipt", page.count("<tr class="), "闵行-2026-000001</a>" in page)
EOF
tap_is "a view account: IDs masked on the submission and the queue; no decision, no audit (403); the 30-day-old review marked 超期 and counted; a receipt typed full-width found" \
	"$(tr '\n' ' ' <"$T_TMP/bob.out")" "submission masked queue masked confirm 403 audit 403 overdue 1 True receipt 1 True "

# Previews by the records' ids only: the PDF's is a PNG made on the
# server; another submission's file, an unknown id and any path: 404.
PDF=$(sql "select f.id from files f join persons p on p.id = f.person where p.submission = $SUB and f.type = 'application/pdf'")
OTHER=$(sql "select min(f.id) from files f join persons p on p.id = f.person where p.submission <> $SUB")
$PY - "$PORT" "$SUB" "$PDF" "$OTHER" >"$T_TMP/prev.out" 2>&1 <<'EOF'
import http.client, sys, urllib.parse
port, sub, pdf, other = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("POST", "/login", urllib.parse.urlencode({"user": "bob", "password": "bob-Pa55word-22"}),
	  {"Content-Type": "application/x-www-form-urlencoded"})
r = c.getresponse()
r.read()
ck = r.getheader("Set-Cookie").split(";")[0]
for what, path in (("pdf", "/submission/%s/preview/%s" % (sub, pdf)),
		   ("other", "/submission/%s/preview/%s" % (sub, other)),
		   ("unknown", "/submission/%s/preview/999999" % sub),
		   ("dots", "/submission/%s/preview/../%s" % (sub, pdf)),
		   ("encoded", "/submission/%s/preview/%%2e%%2e%%2f%s" % (sub, pdf))):
	c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
	c.request("GET", path, headers={"Cookie": ck})
	r = c.getresponse()
	b = r.read()
	print(what, r.status, "png" if b.startswith(b"\x89PNG") else r.getheader("Content-Type").split(";")[0],
	      r.getheader("Cache-Control"))
EOF
tap_is "previews: the PDF's page as PNG (no-store); another submission's file, unknown ids and paths 404" \
	"$(tr '\n' ' ' <"$T_TMP/prev.out")" \
	"pdf 200 png no-store other 404 text/html no-store unknown 404 text/html no-store dots 404 text/html no-store encoded 404 text/html no-store "

HOME=$(tmpdir chromium) timeout 300 /usr/bin/python3 "$REPO/tests/regress/web_browser.py" \
	"$PORT" alice alice-Pa55word-1 "$I/outbox" "$BUILD_DIR" >"$T_TMP/browser.out" 2>&1
tap_is "the browser test ran to its end" "$?" 0
tap_feed "$T_TMP/browser.out"
tap_is "one staff decision recorded, by alice" \
	"$(sql "select actor from history where event = 'decided'")" alice
tap_check "the decision's audit row names alice" test -n \
	"$(sql "select 1 from audit where command = 'web decide' and by_name = 'alice'")"
tap_check "every preview an audit row" test \
	"$(sql "select count(*) from audit where command = 'web view-file' and detail like '%preview'")" -ge 4

kill -TERM "$WEB"
wait_exit "$WEB" 60
tap_is "intake web ends on SIGTERM, exit 0" "$?" 0
tap_check "no renderer failed" sh -c "! grep -q web_preview_failed '$T_TMP/web.log'"
tap_done
