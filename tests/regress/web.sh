#!/bin/sh
# tests/regress/web.sh — the staff console (`intake web`) over HTTP, on a
# database the daemon filled (`intake once` on generated mail), with a
# plain HTTP client (web_client.py, no browser):
#   - staff accounts: add (password from stdin, or generated and printed
#     once), list, passwd, disable; only argon2id hashes stored; no
#     password in any log;
#   - no page or file without a session (303 to /login); wrong password;
#     five wrong passwords lock the account and the address for 15 min;
#   - security headers; the session cookie; idle expiry; logout;
#   - files by id only: another submission's, unknown ids, "..", "%2e%2e"
#     → 404; an audit row per view and download;
#   - POST without or with a wrong csrf → 403 and no reply; a decision by
#     a view account → 403; a decision sent twice → one reply; bodies over
#     64 KiB → 413; connections over web.max_connections refused;
#   - a decision beside `intake run`: stored by the console, sent by the
#     daemon;
#   - HTTPS directly with web.tls_cert/web.tls_key (a Secure cookie);
#   - a photographed ID card on the submission page: 按内容识别 and what
#     was read, the ID number read in full for decide, masked for view;
#   - both units: systemd-analyze security <= 2.0.
#
#   INTAKE=$PWD/build/intake sh tests/regress/web.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool openssl systemd-analyze

C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }

I=$(tmpdir main)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp"
PORT=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$I/intake.conf" <<CONF
center   = "minhang";
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; poll_seconds = 1; };
reply = { from = "人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
web = { listen = "127.0.0.1:$PORT"; max_connections = 4; };
CONF
CONF=$I/intake.conf
DB=$I/intake.db
LOGS=$T_TMP/all.log
: >"$LOGS"
for m in 01-minhang-accepted 15-minhang-item-missing 16-minhang-item-unclassified; do
	cp "$C/$m.eml" "$I/Maildir/tmp/$m" && mv "$I/Maildir/tmp/$m" "$I/Maildir/new/$m"
done
run_intake once -c "$CONF" >/dev/null 2>>"$LOGS"
tap_is "the daemon filled the database" "$?" 0
sql() {
	$PY -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if x is None else str(x) for x in r))' "$DB" "$1"
}
tap_is "one submission in review" "$(sql "select count(*) from submissions where status = 'review'")" 1

# ---- accounts ----
PA=alice-Pa55word-1
PC=carol-Pa55word-3
echo "$PA" | run_intake staff add alice --role decide -c "$CONF" >"$T_TMP/out" 2>>"$LOGS"
tap_is "staff add alice --role decide (password on stdin): exit 0" "$?" 0
run_intake staff add bob -c "$CONF" </dev/null >"$T_TMP/bob" 2>>"$LOGS"
tap_is "staff add bob (no password given): exit 0" "$?" 0
PB=$(sed -n 's/^password for bob (shown once): //p' "$T_TMP/bob")
tap_is "... a generated password printed once (16 characters)" "${#PB}" 16
echo "$PC" | run_intake staff add carol --role admin -c "$CONF" >/dev/null 2>>"$LOGS"
tap_is "staff add carol --role admin: exit 0" "$?" 0
echo "$PA" | run_intake staff add alice -c "$CONF" >/dev/null 2>"$T_TMP/err"
tap_is "staff add alice again: exit 2" "$?" 2
tap_check "... saying the account exists" grep -q "account alice exists" "$T_TMP/err"
echo short | run_intake staff add dave -c "$CONF" >/dev/null 2>"$T_TMP/err"
tap_is "a password under 10 characters: exit 2" "$?" 2
run_intake staff add erin --role boss -c "$CONF" </dev/null >/dev/null 2>&1
tap_is "an unknown role: exit 2" "$?" 2
run_intake staff list -c "$CONF" >"$T_TMP/list" 2>>"$LOGS"
tap_is "staff list: the three accounts with their roles" \
	"$(awk '{print $1, $2, $3}' "$T_TMP/list" | tr '\n' ' ')" \
	"alice decide active bob view active carol admin active "
tap_is "only argon2id hashes are stored" \
	"$(sql "select count(*) from staff where pwhash like '\$argon2id\$%'")" 3
tap_check "no password in the database file" sh -c \
	"! grep -a -q -e '$PA' -e '$PB' -e '$PC' '$DB' '$DB-wal' 2>/dev/null"
echo "dave-Pa55word-4" | run_intake staff add dave -c "$CONF" >/dev/null 2>>"$LOGS"
echo "dave-Pa55word-5" | run_intake staff passwd dave -c "$CONF" >/dev/null 2>>"$LOGS"
tap_is "staff passwd: exit 0" "$?" 0
run_intake staff disable dave -c "$CONF" >/dev/null 2>>"$LOGS"
tap_is "staff disable: exit 0" "$?" 0
run_intake staff disable nobody -c "$CONF" >/dev/null 2>&1
tap_is "staff disable of no account: exit 2" "$?" 2
tap_is "audit: add, passwd, disable" \
	"$(sql "select group_concat(detail, ' ') from audit where command = 'staff' and target = 'dave'")" \
	"add passwd disable"
printf '{"alice": "%s", "bob": "%s", "carol": "%s", "dave": "dave-Pa55word-5"}\n' \
	"$PA" "$PB" "$PC" >"$T_TMP/pw.json"

# ---- the server ----
start_web() {	# CONF LOG: starts `intake web` in the background, pid in WEB
	if [ "${VALGRIND:-0}" = 1 ]; then
		valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "$INTAKE" web -c "$1" >"$2" 2>&1 &
	else
		"$INTAKE" web -c "$1" >"$2" 2>&1 &
	fi
	WEB=$!
}
stop_web() {	# what: stops $WEB with SIGTERM, which must end it with 0
	kill -TERM "$WEB"
	wait_exit "$WEB" 60
	tap_is "$1: SIGTERM ends it, exit 0" "$?" 0
}
start_web "$CONF" "$T_TMP/web.log"
$PY "$REPO/tests/regress/web_client.py" "$PORT" "$DB" "$I/spool" "$I/outbox" "$T_TMP/pw.json" \
	>"$T_TMP/client.out" 2>&1
tap_is "the client ran to its end" "$?" 0
tap_feed "$T_TMP/client.out"

# A disabled account cannot sign in with its (right) password.
$PY - "$PORT" >"$T_TMP/dis.out" <<'EOF'
import http.client, sys, urllib.parse
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
c.request("POST", "/login", urllib.parse.urlencode({"user": "dave", "password": "dave-Pa55word-5"}),
	  {"Content-Type": "application/x-www-form-urlencoded"})
r = c.getresponse()
print(r.status, r.getheader("Set-Cookie"))
EOF
tap_is "a disabled account: 403, no session" "$(cat "$T_TMP/dis.out")" "403 None"

# Connections over web.max_connections (4) are refused; the server goes on.
$PY - "$PORT" >"$T_TMP/conn.out" 2>&1 <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
for s in idle:
	s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")	# headers not ended: held open
time.sleep(0.5)
s = socket.create_connection(("127.0.0.1", port), timeout=5)
try:
	s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	got = s.recv(100)
except OSError:
	got = b""
print("fifth:", "served" if got.startswith(b"HTTP/1.1 200") else "refused")
for s in idle:
	s.close()
time.sleep(0.5)
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
print("after:", "served" if s.recv(100).startswith(b"HTTP/1.1 200") else "refused")
EOF
tap_is "a fifth connection over max_connections 4: refused; later ones served" \
	"$(tr '\n' ' ' <"$T_TMP/conn.out")" "fifth: refused after: served "

# Beside `intake run` on the same records: the daemon sends the reply.
if [ "${VALGRIND:-0}" = 1 ]; then
	valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$INTAKE" run -c "$CONF" >"$T_TMP/run.log" 2>&1 &
else
	"$INTAKE" run -c "$CONF" >"$T_TMP/run.log" 2>&1 &
fi
RUN=$!
$PY "$REPO/tests/regress/web_client.py" "$PORT" "$DB" "$I/spool" "$I/outbox" "$T_TMP/pw.json" daemon \
	>"$T_TMP/daemon.out" 2>&1
tap_is "the client beside the daemon ran to its end" "$?" 0
tap_feed "$T_TMP/daemon.out"
kill -TERM "$RUN"
wait_exit "$RUN" 60
tap_is "intake run beside the console: SIGTERM, exit 0" "$?" 0
# every earlier reply went out before it started: this one is the decision's
tap_is "the daemon, not the console, sent it" \
	"$(grep -c 'event=reply-sent' "$T_TMP/run.log")" 1
stop_web "intake web"
cat "$T_TMP/web.log" "$T_TMP/run.log" >>"$LOGS"
tap_check "the server logged the refused CSRF" grep -q "event=web_csrf_refused" "$T_TMP/web.log"
tap_check "... and the lock-out" grep -q "event=web_login_locked" "$T_TMP/web.log"
tap_check "no password in any log" sh -c \
	"! grep -q -e '$PA' -e '$PB' -e '$PC' -e 'dave-Pa55word' '$LOGS'"

# ---- HTTPS directly ----
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	-keyout "$I/key.pem" -out "$I/cert.pem" >/dev/null 2>&1
PORT2=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
sed -e "s|^web = .*|web = { listen = \"127.0.0.1:$PORT2\"; tls_cert = \"cert.pem\"; tls_key = \"key.pem\"; };|" \
	"$CONF" >"$I/tls.conf"
start_web "$I/tls.conf" "$T_TMP/tls.log"
$PY "$REPO/tests/regress/web_client.py" "$PORT2" "$DB" "$I/spool" "$I/outbox" "$T_TMP/pw.json" tls \
	>"$T_TMP/tls.out" 2>&1
tap_is "the HTTPS client ran to its end" "$?" 0
tap_feed "$T_TMP/tls.out"
stop_web "intake web over HTTPS"

# ---- recognition on the submission page ----
# A real photographed ID card (tests/corpus/photos.py) named after no
# material: the page says the content told it, and what was read on it;
# the ID number read in full for decide, masked for view, exactly like
# the person's own on the page.
R=$(tmpdir recog)
mkdir -p "$R/Maildir/new" "$R/Maildir/cur" "$R/Maildir/tmp"
PORT3=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Baoshan: its subjects carry the person's ID number, which the page shows
sed -e "s|^web = .*|web = { listen = \"127.0.0.1:$PORT3\"; };|" \
    -e 's|^center .*|center   = "baoshan";|' "$CONF" >"$R/intake.conf"
if $PY - "$REPO" "$R/Maildir/tmp/photo" >"$R/folk.json" 2>"$T_TMP/photo.err" <<'PYEOF'
import json, os, random, sys
repo, out = sys.argv[1:3]
sys.path.insert(0, os.path.join(repo, "tests", "corpus"))
import photos as P, photo_mail as PM
rng = random.Random("web.sh")
a, = P.people("web.sh", 1)
photo = P.photograph(P.render("id-front", a, rng), rng, rotation=0, long_side=2048, blur=0.6, dark=1.0)
open(out, "wb").write(PM.person_mail("baoshan", [(a, [("IMG_20261103_142312.jpg", photo)])]))
json.dump(a, sys.stdout, ensure_ascii=False)
PYEOF
then
	mv "$R/Maildir/tmp/photo" "$R/Maildir/new/photo"
	tap_ok "a mail with a photographed ID card is made"
else
	tap_fail "a mail with a photographed ID card is made"
	tap_diag "$(tail -5 "$T_TMP/photo.err")"
fi
run_intake once -c "$R/intake.conf" >/dev/null 2>>"$LOGS"
tap_is "the daemon read it" "$?" 0
echo "$PA" | run_intake staff add alice --role decide -c "$R/intake.conf" >/dev/null 2>>"$LOGS"
echo "$PB" | run_intake staff add bob -c "$R/intake.conf" >/dev/null 2>>"$LOGS"
start_web "$R/intake.conf" "$T_TMP/recog.log"
$PY - "$PORT3" "$PA" "$PB" "$R/intake.db" "$R/folk.json" >"$T_TMP/recog.out" 2>&1 <<'PYEOF'
import html, http.client, json, re, sqlite3, sys, time, urllib.parse
port, pa, pb, db, folk = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
a = json.load(open(folk, encoding="utf-8"))

def ok(cond, text, diag=""):
	print(("ok - " if cond else "not ok - ") + text)
	if not cond and diag:
		print("\n".join("# " + l for l in str(diag).splitlines()[:12]))

def req(method, path, body=None, cookie=None):
	for _ in range(100):	# the server may still be starting
		try:
			c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
			h = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
			if cookie:
				h["Cookie"] = cookie
			c.request(method, path, body, h)
			r = c.getresponse()
			r.body = r.read().decode("utf-8", "replace")
			return r
		except ConnectionRefusedError:
			time.sleep(0.1)
	raise SystemExit("no server on port %d" % port)

def page(user, password, sid):
	r = req("POST", "/login", urllib.parse.urlencode({"user": user, "password": password}))
	cookie = (r.getheader("Set-Cookie") or "").split(";")[0]
	return req("GET", "/submission/%d" % sid, cookie=cookie).body

row = sqlite3.connect(db).execute("SELECT p.submission, f.item, f.item_by, f.read_name, "
    "f.read_id_number FROM files f JOIN persons p ON p.id = f.person").fetchone()
ok(row is not None and row[1:] == ("id-card", "content", a["name"], a["id_number"]),
   "the photo is an ID card by content, name and ID number read", row)
if row is None:
	sys.exit(0)
def spans(body):
	read = re.findall(r'<span class="read">(.*?)<span class="read-id">(.*?)</span></span>', body)
	person = re.findall(r'<dd class="idno">(.*?)</dd>', body)
	return [(html.unescape(n).strip(), html.unescape(i)) for n, i in read], [html.unescape(x) for x in person]
full = page("alice", pa, row[0])
read, person = spans(full)
ok("按内容识别" in full, "decide: the page says the content told the material")
ok(read == [("读出 " + a["name"], a["id_number"])], "decide: the name and the ID number read, in full", read)
ok(person == [a["id_number"]] and read and read[0][1] == person[0],
   "decide: ... as the person's own ID number on the page", person)
view = page("bob", pb, row[0])
read, person = spans(view)
ok("按内容识别" in view, "view: the content told the material")
ok(len(read) == 1 and read[0][0] == "读出 " + a["name"] and read[0][1] != a["id_number"] and
   read[0][1][-1:] == a["id_number"][-1:] and "*" in read[0][1],
   "view: the name read, the ID number read masked", read)
ok(len(person) == 1 and read and read[0][1] == person[0],
   "view: ... masked as the person's own on the page", (read, person))
ok(a["id_number"] not in view, "view: the full ID number nowhere on the page")
PYEOF
tap_is "the recognition client ran to its end" "$?" 0
tap_feed "$T_TMP/recog.out"
stop_web "intake web (recognition)"
cat "$T_TMP/recog.log" >>"$LOGS"

# ---- the units: hardened like the daemon's ----
for u in intake-web.service intake-web@.service; do
	e=$(systemd-analyze security --offline=yes "$REPO/contrib/$u" 2>/dev/null |
	    sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
	if [ -n "$e" ] && awk "BEGIN { exit !($e <= 2.0) }"; then
		tap_ok "contrib/$u: systemd-analyze security $e <= 2.0"
	else
		tap_fail "contrib/$u: systemd-analyze security ${e:-?} <= 2.0"
	fi
done

# ---- configuration errors ----
sed -e 's|^web = .*|web = { tls_cert = "cert.pem"; };|' "$CONF" >"$I/half.conf"
run_intake config-check -c "$I/half.conf" >/dev/null 2>"$T_TMP/err"
tap_is "tls_cert without tls_key: a configuration error" "$?" 2
tap_check "... saying they go together" grep -q "web.tls_cert and web.tls_key go together" "$T_TMP/err"
run_intake web -c "$CONF" --listen nowhere >/dev/null 2>"$T_TMP/err"
tap_is "--listen that is no ADDR:PORT: exit 2" "$?" 2
tap_done
