#!/usr/bin/python3
"""daemon_tool — helpers for the daemon tests (tests/regress/daemon*.sh,
crash.sh).  Run with /usr/bin/python3; stdlib only.

  variant SRC DST MSGID [FROM_ADDR]
        SRC's bytes with the Message-ID (and the From address) replaced.
  deliver MAILDIR SRC NAME
        writes MAILDIR/tmp/NAME, then renames it into MAILDIR/new/NAME.
  sql DB QUERY [ARG...]
        prints the rows, tab-separated (NULL as "NULL").
  replies DIR
        one JSON line per reply file in DIR (an outbox's new/ or an SMTP
        sink's directory): file, to, in_reply_to, references,
        auto_submitted, message_id, subject, receipts (闵行-YYYY-NNNNNN
        found in subject or body), envelope (sink only).
  build CORPUS MANIFEST OUTDIR ITEM...
        messages to deliver, and their manifest.  ITEM is NAME_PREFIX (the
        corpus cases whose name starts with it, as they are) or
        CASE:COUNT:TAG[:SENDER] (COUNT copies of case CASE, each with the
        Message-ID <TAG-i@test.invalid> and, when SENDER is given, the
        From address SENDER with %d replaced by i).
  deliver-manifest MANIFEST MAILDIR [FIRST [END]]
        delivers entries FIRST..END-1 under their keys.
  pick MANIFEST INDEX FIELD
        prints one field of one entry.
  redeliver MANIFEST MAILDIR DUPS INDEX...
        delivers entry INDEX's bytes again under the key dup-INDEX.test and
        adds it to the manifest DUPS (made if missing).
  wait-reply DIR MSGID SECONDS
        waits until a reply file in DIR has In-Reply-To MSGID; prints how
        many there are (0 after the time is up).
  verify DB REPLYDIR MANIFEST [--reply-via outbox|sink] [--maildir DIR]
         [--dups FILE] [--match key|msgid]
        judges the records and replies against what was delivered; prints
        "ok - ..." / "not ok - ..." lines and "# ..." diagnostics (for
        tap_feed).
  imap-flags PORT CAFILE FOLDER
        over IMAPS (verifying the server with CAFILE): one line per message
        in FOLDER, "Message-ID<TAB>flags".
  imap-uidvalidity PORT CAFILE FOLDER
        prints FOLDER's UIDVALIDITY.
  crashloop CONF KILLS MINMS MAXMS LOG SEED MANIFEST MAILDIR PER_ITER
        starts `$INTAKE run -c CONF` and SIGKILLs it after a random delay,
        KILLS times, delivering the next PER_ITER manifest entries before
        each start; prints a summary line (SEED "-": from the clock).

A manifest is a JSON list of {"file", "key", "message_id", "sender",
"status": [allowed statuses] or null, "robot": bool}.
"""
import email, email.policy, glob, json, math, os, random, re, signal, sqlite3
import subprocess, sys, time

RECEIPT = re.compile(r"闵行-(\d{4})-(\d{6})")


def header_split(data):
	i = data.find(b"\r\n\r\n")
	sep = b"\r\n\r\n"
	if i < 0:
		i = data.find(b"\n\n")
		sep = b"\n\n"
	return data[:i], sep, data[i + len(sep):]


def variant(src, dst, msgid, frm=None):
	data = open(src, "rb").read()
	head, sep, body = header_split(data)
	eol = b"\r\n" if b"\r\n" in head else b"\n"
	lines = head.split(eol)
	out, seen = [], False
	for ln in lines:
		low = ln.lower()
		if low.startswith(b"message-id:"):
			ln = b"Message-ID: " + msgid.encode()
			seen = True
		elif frm and low.startswith(b"from:"):
			if b"<" in ln:
				ln = re.sub(rb"<[^>]*>", b"<" + frm.encode() + b">", ln)
			else:
				ln = b"From: " + frm.encode()
		out.append(ln)
	if not seen:
		out.append(b"Message-ID: " + msgid.encode())
	with open(dst, "wb") as f:
		f.write(eol.join(out) + sep + body)


def deliver(maildir, src, name):
	data = open(src, "rb").read()
	tmp = os.path.join(maildir, "tmp", name)
	with open(tmp, "wb") as f:
		f.write(data)
		f.flush()
		os.fsync(f.fileno())
	os.rename(tmp, os.path.join(maildir, "new", name))


def sql(db, query, *args):
	con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
	try:
		for row in con.execute(query, args):
			print("\t".join("NULL" if v is None else str(v) for v in row))
	finally:
		con.close()


def addr_of(v):
	if not v:
		return ""
	m = re.search(r"<([^>]*)>", v)
	return (m.group(1) if m else v).strip().lower()


def parse_reply(path):
	raw = open(path, "rb").read()
	env = None
	if raw.startswith(b"X-Sink-Envelope: "):
		line, _, raw = raw.partition(b"\r\n")
		env = json.loads(line[len(b"X-Sink-Envelope: "):])
	msg = email.message_from_bytes(raw, policy=email.policy.default)
	texts = []
	for part in msg.walk():
		if part.get_content_maintype() == "text":
			try:
				texts.append(part.get_content())
			except Exception as e:  # noqa: a broken part is a finding
				texts.append("<undecodable: %s>" % e)
	subject = str(msg.get("Subject", ""))
	body = "\n".join(texts)
	return {
		"file": os.path.basename(path),
		"to": addr_of(str(msg.get("To", ""))),
		"delivered_to": str(msg.get("Delivered-To", "")).strip().lower(),
		"in_reply_to": str(msg.get("In-Reply-To", "")).strip(),
		"references": str(msg.get("References", "")).strip(),
		"auto_submitted": str(msg.get("Auto-Submitted", "")).strip(),
		"message_id": str(msg.get("Message-ID", "")).strip(),
		"subject": subject,
		"receipts": sorted(set("闵行-%s-%s" % m for m in RECEIPT.findall(subject + "\n" + body))),
		"envelope": env,
	}


def reply_files(d):
	out = []
	for p in sorted(glob.glob(os.path.join(d, "*"))):
		if os.path.isfile(p) and not p.endswith(".tmp"):
			out.append(p)
	return out


def replies(d):
	for p in reply_files(d):
		print(json.dumps(parse_reply(p), ensure_ascii=False))


def entry(path, c, name, key):
	head, _, _ = header_split(open(path, "rb").read())
	msg = email.message_from_bytes(head + b"\r\n\r\n", policy=email.policy.compat32)
	st = c.get("status_in") or ([c["status"]] if c.get("status") else None)
	return {"file": path, "key": key, "name": name,
		"message_id": (msg.get("Message-ID") or "").strip(),
		"sender": addr_of(msg.get("From")),
		"status": st, "robot": c.get("status") == "ignored"}


def build(corpus, out, outdir, *items):
	cases = json.load(open(os.path.join(corpus, "expect.json")))
	by_name = {c["name"]: c for c in cases}
	os.makedirs(outdir, exist_ok=True)
	res = []
	for it in items:
		if ":" not in it:
			for c in cases:
				if c["name"].startswith(it):
					key = "%d.%s.test" % (len(res) + 1, c["name"])
					res.append(entry(os.path.join(corpus, c["file"]), c, c["name"], key))
			continue
		parts = it.split(":")
		case, count, tag = parts[0], int(parts[1]), parts[2]
		sender = parts[3] if len(parts) > 3 else None
		c = by_name[case]
		for i in range(1, count + 1):
			dst = os.path.join(outdir, "%s-%d.eml" % (tag, i))
			variant(os.path.join(corpus, c["file"]), dst, "<%s-%d@test.invalid>" % (tag, i),
				sender.replace("%d", str(i)) if sender else None)
			key = "%d.%s-%d.test" % (len(res) + 1, tag, i)
			res.append(entry(dst, c, "%s-%d(%s)" % (tag, i, case), key))
	json.dump(res, open(out, "w"), ensure_ascii=False, indent=1)
	print(len(res))


def deliver_manifest(man, maildir, first=0, end=None):
	m = json.load(open(man))
	first = int(first)
	end = len(m) if end is None else min(int(end), len(m))
	for e in m[first:end]:
		deliver(maildir, e["file"], e["key"])


def redeliver(man, maildir, dups, *idx):
	m = json.load(open(man))
	d = json.load(open(dups)) if os.path.exists(dups) else []
	for i in idx:
		e = dict(m[int(i)])
		e["key"] = "dup-%s.test" % i
		e["name"] = "again:" + e["name"]
		deliver(maildir, e["file"], e["key"])
		d.append(e)
	json.dump(d, open(dups, "w"), ensure_ascii=False, indent=1)


def wait_reply(d, msgid, secs):
	end = time.monotonic() + float(secs)
	while True:
		n = 0
		for p in reply_files(d):
			try:
				if parse_reply(p)["in_reply_to"] == msgid:
					n += 1
			except OSError:
				pass
		if n or time.monotonic() > end:
			print(n)
			return
		time.sleep(0.2)


def pick(man, i, field):
	v = json.load(open(man))[int(i)][field]
	print(v if not isinstance(v, (list, dict, bool)) else json.dumps(v))


class Tap:
	def __init__(self):
		self.failed = 0

	def check(self, cond, text, *diag):
		print(("ok - " if cond else "not ok - ") + text)
		if not cond:
			self.failed += 1
			for d in diag:
				for ln in str(d).splitlines()[:30]:
					print("# " + ln)
		return cond


def verify(db, replydir, man_path, via="outbox", maildir=None, dups=None, match="key"):
	t = Tap()
	man = json.load(open(man_path))
	dupl = json.load(open(dups)) if dups else []
	con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=30)
	con.row_factory = sqlite3.Row
	msgs = con.execute("SELECT * FROM messages").fetchall()
	subs = con.execute("SELECT * FROM submissions").fetchall()
	reps = con.execute("SELECT * FROM replies").fetchall()
	probs = con.execute("SELECT * FROM problems").fetchall()
	want = len(man) + len(dupl)

	# -- one record per delivered message
	t.check(len(msgs) == want, "%d messages recorded for %d delivered" % (len(msgs), want),
		"got %d rows in messages" % len(msgs))
	by_key = {}
	if match == "msgid":
		# Keys are the server's (IMAP UIDs, POP3 UIDLs): give each entry
		# the key of the record with its Message-ID, first-comers for the
		# manifest, duplicates for the dups, in order.
		firsts = {}
		later = {}
		for m in sorted(msgs, key=lambda m: m["id"]):
			(firsts if m["dup_of"] is None else later).setdefault(m["message_id"], []).append(m)
		for e in man:
			ms = firsts.get(e["message_id"], [])
			e["key"] = ms.pop(0)["key"] if ms else "(none with %s)" % e["message_id"]
		for e in dupl:
			ms = later.get(e["message_id"], [])
			e["key"] = ms.pop(0)["key"] if ms else "(no duplicate with %s)" % e["message_id"]
		left = [m["key"] for v in list(firsts.values()) + list(later.values()) for m in v]
		t.check(not left, "no record beyond the delivered messages", *left[:10])
	for m in msgs:
		by_key.setdefault(m["key"], []).append(m)
	missing = [e["key"] for e in man + dupl if e["key"] not in by_key]
	t.check(not missing, "every delivered message has a record under its key",
		"no record for: %s" % " ".join(missing[:10]))
	t.check(all(len(v) == 1 for v in by_key.values()), "no key recorded twice",
		[k for k, v in by_key.items() if len(v) > 1][:10])
	rstate = {}
	for row in con.execute("SELECT s.msg, r.state FROM replies r JOIN submissions s ON s.id = r.submission"):
		rstate.setdefault(row[0], []).append(row[1])
	not_done = ["%s: %s (replies: %s)" % (m["key"], m["state"], ",".join(rstate.get(m["id"], [])) or "none")
		    for m in msgs if m["state"] != "done"]
	t.check(not not_done, "every message's record is in state done", *not_done[:10])
	sub_by_msg = {}
	for s in subs:
		sub_by_msg.setdefault(s["msg"], []).append(s)
	bad = [(m["key"], len(sub_by_msg.get(m["id"], []))) for m in msgs
	       if len(sub_by_msg.get(m["id"], [])) != 1]
	t.check(not bad, "exactly one submission per message (%d submissions)" % len(subs),
		"key, submissions: %s" % bad[:10])
	probs_by_sub = {}
	for p in probs:
		probs_by_sub.setdefault(p["submission"], []).append(p["code"])

	# -- the verdicts
	wrong = []
	for e in man:
		ms = by_key.get(e["key"], [])
		if not ms or len(sub_by_msg.get(ms[0]["id"], [])) != 1:
			continue
		s = sub_by_msg[ms[0]["id"]][0]
		if e["status"] and s["status"] not in e["status"]:
			wrong.append("%s: %s, want %s" % (e.get("name", e["key"]), s["status"], "|".join(e["status"])))
		if ms[0]["dup_of"] is not None:
			wrong.append("%s: dup_of %s, but it was new" % (e.get("name", e["key"]), ms[0]["dup_of"]))
		if (ms[0]["message_id"] or "") != e["message_id"]:
			wrong.append("%s: message_id %r, want %r" % (e.get("name", e["key"]), ms[0]["message_id"], e["message_id"]))
	t.check(not wrong, "each message judged as expected (status, message_id, not a duplicate)", *wrong[:15])

	# -- duplicates
	if dupl:
		bad = []
		for e in dupl:
			ms = by_key.get(e["key"], [])
			if not ms:
				continue
			m = ms[0]
			orig = [x for x in msgs if x["message_id"] == e["message_id"] and x["dup_of"] is None]
			if m["dup_of"] is None or not orig or m["dup_of"] != orig[0]["id"]:
				bad.append("%s: dup_of %s, want %s" % (e["key"], m["dup_of"], orig[0]["id"] if orig else "?"))
			ss = sub_by_msg.get(m["id"], [])
			codes = probs_by_sub.get(ss[0]["id"], []) if ss else []
			if "duplicate-message" not in codes:
				bad.append("%s: problems %s, no duplicate-message" % (e["key"], codes))
			if ss and ss[0]["receipt"] is not None:
				bad.append("%s: a second receipt %s" % (e["key"], ss[0]["receipt"]))
		t.check(not bad, "the same bytes again under another name: recorded as duplicate-message of the first", *bad)

	# -- replies
	files = [parse_reply(p) for p in reply_files(replydir)]
	by_irt = {}
	for r in files:
		by_irt.setdefault(r["in_reply_to"], []).append(r)
	answered = [e for e in man if not e["robot"]]
	robots = [e for e in man if e["robot"]]
	t.check(len(files) == len(answered), "%d replies for %d messages that need one" % (len(files), len(answered)),
		"got %d reply files" % len(files))
	bad = ["%s (%s): %d replies" % (e.get("name", e["key"]), e["message_id"], len(by_irt.get(e["message_id"], [])))
	       for e in answered if len(by_irt.get(e["message_id"], [])) != 1]
	t.check(not bad, "exactly one reply per answered message (by In-Reply-To)", *bad[:15])
	bad = ["%s: %d replies" % (e.get("name", e["key"]), len(by_irt.get(e["message_id"], [])))
	       for e in robots if by_irt.get(e["message_id"])]
	if robots:
		t.check(not bad, "no reply to the %d robots (auto-replies, bulk, lists, bounces)" % len(robots), *bad)
	bad = []
	for e in answered:
		for r in by_irt.get(e["message_id"], []):
			if r["to"] != e["sender"]:
				bad.append("%s: To %s, want %s" % (e.get("name", e["key"]), r["to"], e["sender"]))
			if r["auto_submitted"] != "auto-replied":
				bad.append("%s: Auto-Submitted %r" % (e.get("name", e["key"]), r["auto_submitted"]))
			if e["message_id"] not in r["references"]:
				bad.append("%s: References %r" % (e.get("name", e["key"]), r["references"]))
			if via == "outbox" and r["delivered_to"] != e["sender"]:
				bad.append("%s: Delivered-To %s" % (e.get("name", e["key"]), r["delivered_to"]))
			if via == "sink":
				env = r["envelope"] or {}
				if env.get("mail_from") not in ("<>", ""):
					bad.append("%s: envelope sender %r, want <>" % (e.get("name", e["key"]), env.get("mail_from")))
				if [a.lower() for a in env.get("rcpt_tos", [])] != [e["sender"]]:
					bad.append("%s: envelope rcpt %r" % (e.get("name", e["key"]), env.get("rcpt_tos")))
	t.check(not bad, "replies go to the sender, In-Reply-To/References the message, Auto-Submitted: auto-replied", *bad[:15])
	ids = [r["message_id"] for r in files]
	t.check(len(set(ids)) == len(ids) and "" not in ids, "every reply has its own Message-ID",
		[i for i in ids if ids.count(i) > 1][:5])
	st = {}
	for r in reps:
		st[r["state"]] = st.get(r["state"], 0) + 1
	t.check(st == ({"sent": len(answered)} if answered else {}), "replies table: %d sent, nothing else" % len(answered),
		"reply states: %s" % st)

	# -- receipts
	acc = [s for s in subs if s["status"] == "accepted"]
	nums, bad = [], []
	year = time.localtime().tm_year
	for s in subs:
		if s["status"] != "accepted":
			if s["receipt"] is not None:
				bad.append("submission %d (%s) has receipt %s" % (s["id"], s["status"], s["receipt"]))
			continue
		m = re.fullmatch(r"闵行-(\d{4})-(\d{6})", s["receipt"] or "")
		if not m:
			bad.append("submission %d: receipt %r" % (s["id"], s["receipt"]))
			continue
		if int(m.group(1)) != year:
			bad.append("submission %d: receipt year %s" % (s["id"], m.group(1)))
		nums.append(int(m.group(2)))
	t.check(not bad and len(nums) == len(acc), "every accepted submission has a receipt 闵行-%d-NNNNNN, no other one has" % year, *bad[:10])
	ok = sorted(nums) == list(range(1, len(nums) + 1))
	t.check(ok, "%d receipt numbers are 1..%d: consecutive, no gap, no repeat" % (len(nums), len(nums)),
		"numbers: %s" % sorted(nums))
	cnt = con.execute("SELECT coalesce(sum(last), 0) FROM receipt_counters").fetchone()[0]
	t.check(cnt == len(nums), "the receipt counter stands at the numbers given (%d)" % len(nums),
		"receipt_counters total %s" % cnt)
	bad = []
	mid_of = {m["id"]: m["message_id"] for m in msgs}
	for s in acc:
		rs = by_irt.get(mid_of.get(s["msg"]), [])
		for r in rs:
			if r["receipts"] != [s["receipt"]]:
				bad.append("%s: reply carries %s, record %s" % (mid_of.get(s["msg"]), r["receipts"], s["receipt"]))
	for r in files:
		if r["receipts"] and not any(mid_of.get(s["msg"]) == r["in_reply_to"] for s in acc):
			bad.append("reply to %s (not accepted) carries %s" % (r["in_reply_to"], r["receipts"]))
	t.check(not bad, "each receipt reply carries its own recorded number, and only receipts do", *bad[:10])

	# -- the mailbox
	if maildir:
		new = os.listdir(os.path.join(maildir, "new"))
		t.check(not new, "nothing left in new/", new[:10])
		cur = os.listdir(os.path.join(maildir, "cur"))
		keys = {}
		for n in cur:
			k, _, fl = n.partition(":2,")
			keys[k] = fl
		bad = ["%s: %s" % (e["key"], keys.get(e["key"], "not in cur/"))
		       for e in man + dupl if "S" not in keys.get(e["key"], "")]
		t.check(not bad, "every handled message is in cur/ with the S flag", *bad[:10])
	con.close()
	return t.failed


def crashloop(conf, kills, minms, maxms, log, seed, man, maildir, per_iter, limit_s=150):
	"""Starts `$INTAKE run`, SIGKILLs it after minms..maxms (log-uniform),
	KILLS times.
	Before each start the next PER_ITER manifest entries are delivered,
	so that most runs have mail to work on.  Stops early after LIMIT_S
	seconds (the summary then shows fewer kills)."""
	intake = os.environ["INTAKE"]
	kills, per_iter = int(kills), int(per_iter)
	seed = int(seed) if seed not in (None, "", "-") else int(time.time())
	rnd = random.Random(seed)
	entries = json.load(open(man))
	nxt = 0
	killed = self_exit = busy = 0
	t0 = time.monotonic()
	newdir = os.path.join(maildir, "new")
	with open(log, "ab") as lf:
		for i in range(kills):
			if time.monotonic() - t0 > float(limit_s):
				break
			for e in entries[nxt:nxt + per_iter]:
				deliver(maildir, e["file"], e["key"])
			nxt = min(nxt + per_iter, len(entries))
			p = subprocess.Popen([intake, "run", "-c", conf], stdout=lf, stderr=lf)
			# Log-uniform: as many kills in 10-45 ms (start-up and the
			# first messages) as in 45-200 ms.
			lo, hi = math.log(float(minms)), math.log(float(maxms))
			time.sleep(math.exp(rnd.uniform(lo, hi)) / 1000.0)
			if p.poll() is not None:
				self_exit += 1
				lf.write(b"# crashloop: exited by itself with %d\n" % p.returncode)
			else:
				if os.listdir(newdir):
					busy += 1
				p.send_signal(signal.SIGKILL)
				killed += 1
				lf.write(b"# crashloop: SIGKILL\n")
			p.wait()
	print("kills=%d with_mail_in_new=%d exited_by_itself=%d delivered=%d seconds=%.1f seed=%d" % (
		killed, busy, self_exit, nxt, time.monotonic() - t0, seed))


def imap_conn(port, cafile, folder):
	import imaplib, ssl
	ctx = ssl.create_default_context(cafile=cafile)
	im = imaplib.IMAP4_SSL("127.0.0.1", int(port), ssl_context=ctx, timeout=30)
	im.login("alice", "secret")
	return im


def imap_flags(port, cafile, folder):
	im = imap_conn(port, cafile, folder)
	typ, _ = im.select(folder, readonly=True)
	if typ != "OK":
		sys.exit("cannot select " + folder)
	typ, data = im.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
	for item in data:
		if not isinstance(item, tuple):
			continue
		meta, hdr = item
		flags = re.search(rb"FLAGS \(([^)]*)\)", meta)
		mid = re.search(rb"(?i)message-id:\s*(\S+)", hdr)
		print("%s\t%s" % (mid.group(1).decode() if mid else "-", flags.group(1).decode() if flags else ""))
	im.logout()


def imap_uidvalidity(port, cafile, folder):
	im = imap_conn(port, cafile, folder)
	typ, data = im.status(folder, "(UIDVALIDITY)")
	print(re.search(rb"UIDVALIDITY (\d+)", data[0]).group(1).decode())
	im.logout()


def main(a):
	if not a:
		sys.exit(__doc__)
	cmd, a = a[0], a[1:]
	if cmd == "variant":
		variant(*a)
	elif cmd == "deliver":
		deliver(*a)
	elif cmd == "sql":
		sql(*a)
	elif cmd == "replies":
		replies(*a)
	elif cmd == "build":
		build(*a)
	elif cmd == "deliver-manifest":
		deliver_manifest(*a)
	elif cmd == "redeliver":
		redeliver(*a)
	elif cmd == "wait-reply":
		wait_reply(*a)
	elif cmd == "imap-flags":
		imap_flags(*a)
	elif cmd == "imap-uidvalidity":
		imap_uidvalidity(*a)
	elif cmd == "pick":
		pick(*a)
	elif cmd == "verify":
		kw = {}
		pos = []
		i = 0
		while i < len(a):
			if a[i] == "--reply-via":
				kw["via"] = a[i + 1]; i += 2
			elif a[i] == "--maildir":
				kw["maildir"] = a[i + 1]; i += 2
			elif a[i] == "--match":
				kw["match"] = a[i + 1]; i += 2
			elif a[i] == "--dups":
				kw["dups"] = a[i + 1]; i += 2
			else:
				pos.append(a[i]); i += 1
		sys.exit(1 if verify(*pos, **kw) else 0)
	elif cmd == "crashloop":
		crashloop(*a)
	else:
		sys.exit("unknown command " + cmd)


if __name__ == "__main__":
	main(sys.argv[1:])
