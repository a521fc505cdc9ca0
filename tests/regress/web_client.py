#!/usr/bin/python3
"""web_client — the HTTP side of tests/regress/web.sh (`intake web`).

usage: web_client.py PORT DB SPOOL OUTBOX PASSWORDS.json [tls | daemon]

A plain HTTP client (http.client: raw paths, no browser, no normalising
of "..").  PASSWORDS.json: {"alice": "...", "bob": "...", "carol": "..."},
alice decide, bob view, carol admin.  Prints "ok - ..." / "not ok - ..."
lines (tap_feed numbers them).  Reads the database to find ids and to
count replies; changes it only to age a session or a failure (the clock
cannot be waited for in a test).
"""
import http.client, json, os, socket, sqlite3, ssl, sys, time, urllib.parse


def ok(cond, text, diag=None):
	print(("ok - " if cond else "not ok - ") + text)
	if not cond and diag is not None:
		for line in str(diag).splitlines()[:15]:
			print("# " + line)
	sys.stdout.flush()
	return cond


class Client:
	def __init__(self, port, tls=False):
		self.port, self.tls, self.cookie = port, tls, None

	def conn(self):
		if self.tls:
			ctx = ssl.create_default_context()
			ctx.check_hostname = False
			ctx.verify_mode = ssl.CERT_NONE
			return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=30, context=ctx)
		return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

	def req(self, method, path, fields=None, body=None, ctype=None, cookie=True):
		c = self.conn()
		h = {}
		if cookie and self.cookie:
			h["Cookie"] = self.cookie
		if fields is not None:
			body = urllib.parse.urlencode(fields).encode()
			ctype = "application/x-www-form-urlencoded"
		if ctype:
			h["Content-Type"] = ctype
		c.putrequest(method, path, skip_accept_encoding=True)
		for k, v in h.items():
			c.putheader(k, v)
		if body is not None:
			c.putheader("Content-Length", str(len(body)))
		c.endheaders(body)
		r = c.getresponse()
		data = r.read()
		c.close()
		r.body = data
		return r

	def login(self, user, password):
		r = self.req("POST", "/login", {"user": user, "password": password}, cookie=False)
		sc = r.getheader("Set-Cookie") or ""
		if r.status == 303 and sc.startswith("intake_session="):
			self.cookie = sc.split(";")[0]
		return r

	def csrf(self):
		page = self.req("GET", "/").body.decode()
		i = page.find('name="csrf" value="')
		return page[i + 19:i + 19 + 64] if i >= 0 else None


def wait_port(port, seconds=60):
	end = time.time() + seconds
	while time.time() < end:
		try:
			socket.create_connection(("127.0.0.1", port), timeout=1).close()
			return True
		except OSError:
			time.sleep(0.1)
	return False


def main():
	port, dbpath, spool, outbox = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
	pw = json.load(open(sys.argv[5]))
	tls = len(sys.argv) > 6 and sys.argv[6] == "tls"
	if not ok(wait_port(port), "the server listens on 127.0.0.1:%d" % port):
		return
	db = sqlite3.connect(dbpath, timeout=30)
	if tls:
		return tls_checks(port, pw)
	if len(sys.argv) > 6 and sys.argv[6] == "daemon":
		return daemon_checks(port, db, outbox, pw)

	def q(sql, *a):
		return db.execute(sql, a).fetchall()

	def replies(sub):
		return q("SELECT count(*) FROM replies WHERE submission = ?", sub)[0][0]

	def outbox_n():
		return sum(len(f) for _, _, f in os.walk(outbox))

	anon = Client(port)
	# ---- nothing without a session ----
	r = anon.req("GET", "/")
	ok(r.status == 303 and r.getheader("Location") == "/login", "GET / without a session: 303 to /login",
	   (r.status, r.getheader("Location")))
	fid, fsub, fpath = q("SELECT f.id, p.submission, f.path FROM files f JOIN persons p ON p.id = f.person "
			     "WHERE f.path IS NOT NULL AND f.type = 'image/jpeg' ORDER BY f.id LIMIT 1")[0]
	r = anon.req("GET", "/file/%d" % fid)
	ok(r.status == 303 and r.getheader("Location") == "/login?next=/file/%d" % fid and
	   b"\xff\xd8" not in r.body, "a file without a session: 303 to /login, no bytes of it",
	   (r.status, r.getheader("Location")))
	r = anon.req("GET", "/submission/%d/file/%d" % (fsub, fid))
	ok(r.status == 303, "the submission's file URL without a session: 303", r.status)
	rev = q("SELECT id FROM submissions WHERE status = 'review' ORDER BY id LIMIT 1")[0][0]
	before = replies(rev)
	r = anon.req("POST", "/submission/%d/decision" % rev, {"decision": "accept", "reason": ""})
	ok(r.status == 403 and replies(rev) == before, "a decision without a session: 403, no reply", r.status)

	# ---- headers ----
	r = anon.req("GET", "/login")
	h = {k.lower(): v for k, v in r.getheaders()}
	ok(r.status == 200 and "default-src 'self'" in h.get("content-security-policy", ""),
	   "CSP default-src 'self'", h)
	ok(h.get("x-frame-options") == "DENY", "X-Frame-Options: DENY")
	ok(h.get("referrer-policy") == "no-referrer", "Referrer-Policy: no-referrer")
	ok(h.get("cache-control") == "no-store", "Cache-Control: no-store on pages")
	ok("name=\"csrf\"" not in r.body.decode(), "the login form has no session's token")
	r = anon.req("GET", "/static/intake.css")
	ok(r.status == 200 and r.getheader("Content-Type").startswith("text/css") and b"body{" in r.body,
	   "the stylesheet is served from the binary", r.status)
	r = anon.req("GET", "/nothing-here")
	ok(r.status == 404, "an unknown path: 404", r.status)

	# ---- sign-in ----
	alice, bob, carol = Client(port), Client(port), Client(port)
	r = alice.login("alice", pw["alice"] + "x")
	ok(r.status == 403 and r.getheader("Set-Cookie") is None and "用户名或密码错误" in r.body.decode(),
	   "a wrong password: 403, no cookie, said in Chinese", r.status)
	r = alice.login("nobody", "whatever-password")
	ok(r.status == 403 and r.getheader("Set-Cookie") is None, "an unknown account: 403, no cookie")
	q("DELETE FROM login_failures")
	db.commit()
	r = alice.login("alice", pw["alice"])
	sc = r.getheader("Set-Cookie") or ""
	ok(r.status == 303 and r.getheader("Location") == "/" and alice.cookie is not None,
	   "the right password: 303 to the queue with a session cookie", (r.status, sc))
	tok = alice.cookie.split("=", 1)[1] if alice.cookie else ""
	ok(len(tok) == 64 and all(c in "0123456789abcdef" for c in tok), "the token: 256 bits (64 hex)", tok)
	ok("HttpOnly" in sc and "SameSite=Strict" in sc and "Secure" not in sc and "Path=/" in sc,
	   "cookie HttpOnly, SameSite=Strict, no Secure over plain HTTP", sc)
	ok(q("SELECT count(*) FROM sessions WHERE token_hash = ?", tok) == [(0,)] and
	   len(q("SELECT token_hash FROM sessions")) == 1, "the database holds the token's hash, not the token")
	r = alice.req("GET", "/")
	ok(r.status == 200 and "/submission/%d" % rev in r.body.decode() and "alice" in r.body.decode(),
	   "the queue with a session: 200, links to the submission in review", r.status)
	ok(r.getheader("Cache-Control") == "no-store", "the queue: Cache-Control no-store")
	r = alice.req("GET", "/submission/%d" % rev)
	ok(r.status == 200 and "社保缴费记录不满足要求" in r.body.decode(),
	   "the decision form offers the center's common reasons (its `reasons`)", r.status)
	r = alice.req("GET", "/login?next=/")
	ok(r.status == 303, "signed in, /login goes to the queue", r.status)
	r = bob.login("bob", pw["bob"])
	ok(bob.cookie is not None, "bob (view) signs in", r.status)
	r = carol.login("carol", pw["carol"])
	ok(carol.cookie is not None, "carol (admin) signs in", r.status)
	r = Client(port).req("POST", "/login", {"user": "alice", "password": pw["alice"],
						 "next": "//evil.example/x"}, cookie=False)
	ok(r.status == 303 and r.getheader("Location") == "/", "next naming another host is ignored",
	   r.getheader("Location"))
	r = Client(port).req("POST", "/login", {"user": "alice", "password": pw["alice"],
						 "next": "/file/%d" % fid}, cookie=False)
	ok(r.getheader("Location") == "/file/%d" % fid, "next back to the page asked for", r.getheader("Location"))

	# ---- files ----
	want = open(os.path.join(spool, fpath), "rb").read()
	n_audit = q("SELECT count(*) FROM audit WHERE command LIKE 'web %'")[0][0]
	r = alice.req("GET", "/file/%d" % fid)
	cd = r.getheader("Content-Disposition") or ""
	ok(r.status == 200 and r.body == want, "GET /file/ID: the stored bytes", (r.status, len(r.body), len(want)))
	ok(r.getheader("Content-Type") == "image/jpeg", "... as image/jpeg", r.getheader("Content-Type"))
	name = q("SELECT name FROM files WHERE id = ?", fid)[0][0].rsplit("/", 1)[-1]
	ok(cd.startswith("inline;") and ("filename*=UTF-8''" + urllib.parse.quote(name, safe="")) in cd,
	   "... inline, with its name in UTF-8 (RFC 6266)", cd)
	ok(r.getheader("Cache-Control") == "no-store" and r.getheader("X-Content-Type-Options") == "nosniff",
	   "... no-store, nosniff")
	r = alice.req("GET", "/file/%d?download=1" % fid)
	ok(r.status == 200 and (r.getheader("Content-Disposition") or "").startswith("attachment;"),
	   "?download=1: an attachment")
	rows = q("SELECT by_name, command, target FROM audit WHERE command LIKE 'web %' ORDER BY id")[n_audit:]
	ok(rows == [("alice", "web view-file", str(fsub)), ("alice", "web download", str(fsub))],
	   "one audit row per view and per download, with the account", rows)
	r = alice.req("GET", "/submission/%d/file/%d" % (fsub, fid))
	ok(r.status == 200 and r.body == want, "the file under its own submission: 200")
	other = q("SELECT id FROM submissions WHERE id <> ? ORDER BY id LIMIT 1", fsub)[0][0]
	r = alice.req("GET", "/submission/%d/file/%d" % (other, fid))
	ok(r.status == 404 and r.body != want, "a file id of another submission: 404", r.status)
	maxid = q("SELECT max(id) FROM files")[0][0]
	r = alice.req("GET", "/file/%d" % (maxid + 1000))
	ok(r.status == 404, "an unknown file id: 404", r.status)
	for p in ["/file/..", "/file/%2e%2e", "/file/%2E%2E/%2e%2e/intake.db", "/file/../../intake.db",
		  "/file/..%2f..%2fintake.db", "/file/" + urllib.parse.quote(fpath), "/file/%d/../%d" % (fid, fid),
		  "/static/..%2f..%2fintake.db", "/file/-1", "/file/1e3", "/file/0x%x" % fid,
		  "/file/%d%%00" % fid, "/file/99999999999999999999"]:
		r = alice.req("GET", p)
		ok(r.status == 404 and r.body != want and b"SQLite format" not in r.body,
		   "%s: 404" % p, r.status)

	# ---- CSRF ----
	a_csrf, b_csrf, c_csrf = alice.csrf(), bob.csrf(), carol.csrf()
	ok(a_csrf and c_csrf and a_csrf != c_csrf, "every session has its own CSRF token")
	base_out = outbox_n()
	for label, fields in [("without csrf", {"decision": "reject", "reason": "不清晰"}),
			      ("with a wrong csrf", {"decision": "reject", "reason": "不清晰", "csrf": "0" * 64}),
			      ("with another session's csrf", {"decision": "reject", "reason": "不清晰",
							      "csrf": c_csrf}),
			      ("with an empty csrf", {"decision": "reject", "reason": "不清晰", "csrf": ""})]:
		r = alice.req("POST", "/submission/%d/decision" % rev, fields)
		ok(r.status == 403 and replies(rev) == before and outbox_n() == base_out,
		   "POST %s: 403 and no reply" % label, r.status)
	r = alice.req("POST", "/submission/%d/decision" % rev,
		      body=json.dumps({"decision": "reject", "csrf": a_csrf}).encode(), ctype="application/json")
	ok(r.status == 403 and replies(rev) == before, "a JSON body (no form): 403, no reply", r.status)
	r = bob.req("POST", "/submission/%d/decision" % rev, {"decision": "reject", "reason": "不清晰",
							      "csrf": b_csrf})
	ok(r.status == 403 and replies(rev) == before and outbox_n() == base_out,
	   "a decision by a view account: 403, no reply", r.status)
	r = alice.req("POST", "/submission/%d/decision" % rev, {"decision": "reject", "reason": "x" * 70000,
							        "csrf": a_csrf})
	ok(r.status == 413 and replies(rev) == before, "a body over 64 KiB: 413, no reply", r.status)
	r = alice.req("GET", "/submission/%d/decision" % rev)
	ok(r.status == 405, "GET on the decision: 405", r.status)

	# ---- the decision, twice ----
	reason = "身份证复印件不清晰，请重新扫描"
	fields = {"decision": "reject", "reason": reason, "csrf": a_csrf}
	r = alice.req("POST", "/submission/%d/decision" % rev, fields)
	ok(r.status == 303 and r.getheader("Location") == "/submission/%d" % rev,
	   "a decision by a decide account: 303 to the submission", r.status)
	ok(replies(rev) == before + 1, "... one reply stored", replies(rev))
	ok(q("SELECT status FROM submissions WHERE id = ?", rev) == [("rejected",)], "... the submission rejected")
	ok(q("SELECT actor, detail FROM history WHERE submission = ? AND event = 'decided'", rev) ==
	   [("alice", "reject: " + reason)], "... history: decided by alice, with the reason")
	msg = q("SELECT message FROM replies WHERE submission = ? ORDER BY id DESC LIMIT 1", rev)[0][0]
	ok(outbox_n() == base_out + 1, "... and sent (the outbox got it)", outbox_n() - base_out)
	import email, email.policy
	body = email.message_from_bytes(bytes(msg), policy=email.policy.default).get_body(("plain",)).get_content()
	ok(reason in body, "... the reply gives the reason")
	r = alice.req("POST", "/submission/%d/decision" % rev, fields)
	ok(r.status == 409 and replies(rev) == before + 1 and outbox_n() == base_out + 1,
	   "the same decision sent again: 409, still one reply", (r.status, replies(rev)))
	ok(q("SELECT by_name, command, detail FROM audit WHERE command = 'web decide' ORDER BY id") ==
	   [("alice", "web decide", "reject"), ("alice", "web decide", "reject (refused)")],
	   "audit: the decision and the refused repeat, by alice")

	# ---- lock-out ----
	q("DELETE FROM login_failures")
	db.commit()
	x = Client(port)
	codes = [x.login("bob", "wrong-password-%d" % i).status for i in range(5)]
	ok(codes == [403] * 5, "five wrong passwords: 403 each", codes)
	r = x.login("bob", pw["bob"])
	ok(r.status == 429 and r.getheader("Set-Cookie") is None, "the sixth, right password: 429, no session",
	   r.status)
	r = x.login("alice", pw["alice"])
	ok(r.status == 429 and r.getheader("Set-Cookie") is None, "the address is locked too (another account)",
	   r.status)
	r = bob.req("GET", "/")
	ok(r.status == 200, "a session opened before the lock goes on", r.status)
	q("UPDATE login_failures SET at = at - 15 * 60 - 1")
	db.commit()
	r = x.login("bob", pw["bob"])
	ok(r.status == 303 and x.cookie, "fifteen minutes later: signs in", r.status)

	# ---- expiry, logout, disabled ----
	q("UPDATE sessions SET seen_at = seen_at - 8 * 3600 - 61 WHERE staff = "
	  "(SELECT id FROM staff WHERE name = 'bob')")
	db.commit()
	r = bob.req("GET", "/")
	ok(r.status == 303 and r.getheader("Location") == "/login", "a session idle 8 h: back to /login", r.status)
	r = alice.req("POST", "/logout", {"csrf": a_csrf})
	ok(r.status == 303 and r.getheader("Location") == "/login" and
	   "Max-Age=0" in (r.getheader("Set-Cookie") or ""), "logout: 303 to /login, cookie cleared", r.status)
	r = alice.req("GET", "/")
	ok(r.status == 303, "the old cookie after logout: no session", r.status)
	ok(c_csrf is not None and carol.req("GET", "/").status == 200, "carol still signed in")


def daemon_checks(port, db, outbox, pw):
	"""A decision while `intake run` holds the records: the console
	stores the reply as due and the daemon sends it."""
	sub = db.execute("SELECT id FROM submissions WHERE status = 'rejected' AND id NOT IN "
			 "(SELECT submission FROM history WHERE event = 'decided') ORDER BY id").fetchone()
	if not ok(sub is not None, "a rejected submission no one decided yet"):
		return
	sub = sub[0]
	n0 = sum(len(f) for _, _, f in os.walk(outbox))
	c = Client(port)
	c.login("alice", pw["alice"])
	r = c.req("POST", "/submission/%d/decision" % sub, {"decision": "accept", "csrf": c.csrf()})
	ok(r.status == 303, "beside intake run: the decision is taken", r.status)
	row = db.execute("SELECT kind, state FROM replies WHERE submission = ? ORDER BY id DESC LIMIT 1",
			 (sub,)).fetchone()
	ok(row is not None and row[0] == "accept", "... its reply stored", row)
	end = time.time() + 60
	while time.time() < end:
		state = db.execute("SELECT state FROM replies WHERE submission = ? ORDER BY id DESC LIMIT 1",
				   (sub,)).fetchone()[0]
		if state == "sent":
			break
		time.sleep(0.2)
	ok(state == "sent" and sum(len(f) for _, _, f in os.walk(outbox)) == n0 + 1,
	   "... and sent by the running daemon, once", state)
	ok(db.execute("SELECT receipt FROM submissions WHERE id = ?", (sub,)).fetchone()[0] is not None,
	   "... the accepted submission got a receipt number")


def tls_checks(port, pw):
	c = Client(port, tls=True)
	r = c.req("GET", "/login")
	ok(r.status == 200 and "登录" in r.body.decode(), "HTTPS: the login page", r.status)
	ok((r.getheader("Strict-Transport-Security") or "").startswith("max-age="), "HTTPS: HSTS")
	r = c.login("alice", pw["alice"])
	sc = r.getheader("Set-Cookie") or ""
	ok(r.status == 303 and "Secure" in sc and "HttpOnly" in sc, "HTTPS: the session cookie is Secure", sc)
	ok(c.req("GET", "/").status == 200, "HTTPS: the queue")
	try:
		p = Client(port).req("GET", "/login")
		plain = p.status
	except Exception as e:
		plain = type(e).__name__
	ok(plain != 200, "plain HTTP to the HTTPS port: no page", plain)


main()
