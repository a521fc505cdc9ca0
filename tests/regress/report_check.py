#!/usr/bin/python3
"""report_check — helpers for tests/regress/report.sh (`intake report`).

usage:
  report_check.py settime DB KEY=YYYY-MM-DDTHH:MM ...   set a message's
      arrival (messages.received_at, submissions.created_at), UTC+8
  report_check.py setid DB KEY ID                      give the first person
      of KEY's submission an ID number
  report_check.py ids DB KEY...                        each key's reference
      in the report: its receipt number, else "#ID"
  report_check.py text FILE REF...                     the rows in this order,
      the columns aligned by display width (CJK counts 2)
  report_check.py csv FILE EXPECT.json                 BOM, CRLF, rows
  report_check.py json FILE EXPECT.json                keys and values
  report_check.py html FILE N OVERDUE_ID               self-contained page
  report_check.py dom FILE N FIRST_ID                  Chromium's DOM dump
  report_check.py mail FILE RCPT                       the digest mail
Prints "ok - ..." / "not ok - ..." lines (tap_feed numbers them).
EXPECT.json: [{"ref": "#3", "days": 7, "overdue": true, "status": ...}, ...]
"""
import calendar, csv, email, email.policy, io, json, re, sqlite3, sys, unicodedata


def ok(cond, text, diag=None):
	print(("ok - " if cond else "not ok - ") + text)
	if not cond and diag is not None:
		for line in str(diag).splitlines()[:15]:
			print("# " + line)
	return cond


def width(s):
	return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def sub_id(db, key):
	r = db.execute("SELECT s.id FROM submissions s JOIN messages m ON m.id = s.msg "
		       "WHERE m.key = ?", (key,)).fetchone()
	if r is None:
		sys.exit("no submission for message key %s" % key)
	return r[0]


def settime(path, pairs):
	db = sqlite3.connect(path)
	for p in pairs:
		key, when = p.split("=", 1)
		t = calendar.timegm(tuple(map(int, re.split("[-T:]", when))) + (0,)) - 8 * 3600
		db.execute("UPDATE messages SET received_at = ? WHERE key = ?", (t, key))
		db.execute("UPDATE submissions SET created_at = ?, updated_at = ? "
			   "WHERE msg = (SELECT id FROM messages WHERE key = ?)", (t, t, key))
	db.commit()


def setid(path, key, idn):
	db = sqlite3.connect(path)
	sid = sub_id(db, key)
	db.execute("UPDATE persons SET id_number = ? WHERE id = (SELECT min(id) FROM persons "
		   "WHERE submission = ?)", (idn, sid))
	db.commit()


def text(path, refs):
	lines = open(path, encoding="utf-8").read().split("\n")
	try:
		h = next(i for i, l in enumerate(lines) if l.startswith("编号"))
	except StopIteration:
		return ok(False, "text: a heading line", "\n".join(lines[:10]))
	rows = [l for l in lines[h + 2:] if l.strip()]
	got = [r.split()[0] for r in rows]
	ok(got == refs, "text: %d rows in queue order" % len(refs), "got  %s\nwant %s" % (got, refs))
	# every column starts at the display column of its heading
	head = lines[h]
	starts = [width(head[:m.start()]) for m in re.finditer(r"\S+", head)]
	bad = []
	for r in rows:
		cols = [width(r[:m.start()]) for m in re.finditer(r"(?<=  )\S|^\S", r)]
		# days are right-aligned: compare the column ends instead there
		for c in (0, 1, 3, 4, 5, 6, 7, 8):
			if starts[c] not in cols:
				bad.append((r, c))
	ok(not bad and len(starts) == 10, "text: columns aligned by display width (CJK = 2)",
	   "\n".join("%s (col %d)" % b for b in bad[:5]))


def load_expect(path):
	return json.load(open(path, encoding="utf-8"))


def csv_check(path, exp):
	raw = open(path, "rb").read()
	ok(raw.startswith(b"\xef\xbb\xbf"), "csv: starts with the UTF-8 BOM")
	body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
	ok(body.count(b"\r\n") == len(exp) + 1 and b"\n" not in body.replace(b"\r\n", b""),
	   "csv: CRLF line ends, one line per submission")
	rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
	ok(rows[0][:4] == ["编号", "收到时间", "等待工作日", "超期"], "csv: header row", rows[0])
	rows = rows[1:]
	ok([r[0] for r in rows] == [e["ref"] for e in exp], "csv: rows in queue order",
	   [r[0] for r in rows])
	for r, e in zip(rows, exp):
		ok(len(r) == 10, "csv %s: 10 fields" % e["ref"], r)
		ok(r[2] == str(e["days"]), "csv %s: %d working days waited" % (e["ref"], e["days"]), r[2])
		ok((r[3] == "超期") == e["overdue"], "csv %s: overdue %s" % (e["ref"], e["overdue"]), r[3])
		ok(r[8].startswith(e["status_name"]), "csv %s: status %s" % (e["ref"], e["status_name"]), r[8])
		for s in e.get("problems", []):
			ok(s in r[9], "csv %s: problems name %s" % (e["ref"], s), r[9])
		for s in e.get("persons", []):
			ok(s in r[7], "csv %s: persons show %s" % (e["ref"], s), r[7])
		if "business" in e:
			ok(r[6] == e["business"], "csv %s: business %s" % (e["ref"], e["business"]), r[6])


def json_check(path, exp):
	data = json.load(open(path, encoding="utf-8"))
	ok(isinstance(data, list) and len(data) == len(exp), "json: an array of %d objects" % len(exp))
	keys = {"id", "receipt", "received", "working_days", "overdue", "status", "status_name",
		"sender", "company", "business", "business_name", "persons", "problems", "group", "resent"}
	ok(all(keys <= set(o) for o in data), "json: every object has " + " ".join(sorted(keys)),
	   [sorted(keys - set(o)) for o in data])
	for o, e in zip(data, exp):
		ref = o["receipt"] or "#%d" % o["id"]
		ok(ref == e["ref"], "json: %s in its place" % e["ref"], ref)
		ok(o["working_days"] == e["days"] and o["overdue"] == e["overdue"]
		   and o["status"] == e["status"], "json %s: days, overdue, status" % e["ref"], o)
		ok(re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", o["received"]) is not None,
		   "json %s: received as ISO 8601 with offset" % e["ref"], o["received"])
		if "resent" in e:
			ok(o["resent"] == e["resent"], "json %s: resent %s" % (e["ref"], e["resent"]))
		for idn in e.get("ids", []):
			ok(idn in [p["id_number"] for p in o["persons"]], "json %s: ID number %s" % (e["ref"], idn),
			   o["persons"])


def html_check(path, n, overdue_id):
	h = open(path, encoding="utf-8").read()
	ok(h.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in h, "html: a UTF-8 page")
	ok('name="viewport"' in h and "overflow-x:auto" in h, "html: viewport and a scrolling table (phones)")
	ext = re.findall(r'<link|<img|\ssrc=|\shref=|@import|url\(|https?://', h)
	ok(not ext, "html: self-contained (no external files)", ext)
	ok(h.count("<style>") == 1 and h.count("<script>") == 1, "html: inline CSS and script")
	rows = re.findall(r'<tr class="g\d( overdue)?" data-id="(\d+)"', h)
	ok(len(rows) == int(n), "html: %s rows" % n, len(rows))
	od = [i for o, i in rows if o]
	ok(od == [overdue_id], "html: exactly the overdue row highlighted (#%s)" % overdue_id, od)


def dom_check(path, n, first):
	d = open(path, encoding="utf-8", errors="replace").read()
	m = re.search(r'<table id="queue"[^>]*>', d)
	ok(m is not None and 'data-ready="%s"' % n in m.group(0),
	   "chromium: the script ran to its end over %s rows" % n, m.group(0) if m else d[:300])
	body = d[d.find("<tbody>"):d.find("</tbody>")]
	ids = re.findall(r'<tr class="[^"]*" data-id="(\d+)"', body)
	ok(len(ids) == int(n), "chromium: %s table rows rendered" % n, len(ids))
	ok(m is not None and 'data-sorted="2-desc"' in m.group(0) and ids[:1] == [first],
	   "chromium: sorted by working days, longest first (#%s)" % first, ids)


def mail_check(path, rcpt):
	raw = open(path, "rb").read()
	msg = email.message_from_bytes(raw, policy=email.policy.default)
	ok(msg["To"] == rcpt, "mail: To %s" % rcpt, msg["To"])
	ok("邮件受理队列" in str(msg["Subject"]), "mail: subject decodes to Chinese", msg["Subject"])
	ok(msg["Auto-Submitted"] == "auto-generated", "mail: Auto-Submitted: auto-generated")
	html = msg.get_body(("html",))
	plain = msg.get_body(("plain",))
	ok(html is not None and html.get_content_charset() == "utf-8"
	   and html["Content-Transfer-Encoding"] == "base64", "mail: a base64 text/html UTF-8 part")
	ok(html is not None and '<table id="queue"' in html.get_content(), "mail: the HTML report in it")
	ok(plain is not None and "编号" in plain.get_content(), "mail: a text alternative")
	ok(all(len(l) <= 998 for l in raw.split(b"\r\n")), "mail: no line over 998 octets")


def main(a):
	cmd = a[0]
	if cmd == "settime":
		settime(a[1], a[2:])
	elif cmd == "setid":
		setid(a[1], a[2], a[3])
	elif cmd == "ids":
		db = sqlite3.connect(a[1])
		out = []
		for k in a[2:]:
			sid = sub_id(db, k)
			rc = db.execute("SELECT receipt FROM submissions WHERE id = ?", (sid,)).fetchone()[0]
			out.append(rc or "#%d" % sid)
		print(" ".join(out))
	elif cmd == "text":
		text(a[1], a[2:])
	elif cmd == "csv":
		csv_check(a[1], load_expect(a[2]))
	elif cmd == "json":
		json_check(a[1], load_expect(a[2]))
	elif cmd == "html":
		html_check(a[1], a[2], a[3])
	elif cmd == "dom":
		dom_check(a[1], a[2], a[3])
	elif cmd == "mail":
		mail_check(a[1], a[2])
	else:
		sys.exit(__doc__)


if __name__ == "__main__":
	main(sys.argv[1:])
