#!/usr/bin/python3
"""check_json — judge `intake check --json` output against a corpus's
expect.json (written by tests/corpus/*_corpus.py), from the spec
(doc/verdict.md), printing unnumbered TAP lines ("ok - ..." /
"not ok - ...", "# ..." diagnostics) for lib.sh's tap_feed to number.

usage:
  check_json.py list EXPECT
      one line per case: name TAB file TAB center TAB senders TAB missing
      ("-" for an empty field)
  check_json.py check EXPECT CORPUS OUTDIR PREFIX
      reads OUTDIR/NAME.out (stdout), NAME.rc (exit status) for every case;
      the message was given to intake as CORPUS/FILE
  check_json.py lines OUT N FILE...
      OUT holds the stdout of one call on N files: N JSON lines, in order,
      each with "file" equal to the path given

The number of TAP lines per case never depends on what the program
printed (a missing verdict fails every check of its case), so a count
of passes can be compared from run to run.
"""
import json, os, sys

TOP_KEYS = ["file", "message_id", "from", "subject", "status", "center", "business",
	    "company", "declared_count", "persons", "problems", "reply"]
PERSON_KEYS = ["name", "business", "id_number", "archive", "files", "missing"]
FILE_KEYS = ["name", "type", "bytes", "item"]
PROBLEM_KEYS = ["code", "person", "item", "detail"]
REPLY_KEYS = ["to", "subject", "body"]
STATUSES = ["accepted", "rejected", "review", "ignored"]
# a problem of these kinds means the sender must fix something (or a
# person must look): never "accepted"
BLOCKING = ("archive-", "file-type-not-allowed", "file-empty")

out = []


def ok(cond, text, diag=None):
	out.append(("ok - " if cond else "not ok - ") + text)
	if not cond and diag:
		for line in str(diag).splitlines()[:12]:
			out.append("#   " + line[:400])
	return cond


def base(name):
	return name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] if isinstance(name, str) else name


def all_files(v):
	fs = []
	for p in v.get("persons") or []:
		if isinstance(p, dict):
			fs += [f for f in (p.get("files") or []) if isinstance(f, dict)]
	if isinstance(v.get("files"), list):  # an extra key some versions add
		fs += [f for f in v["files"] if isinstance(f, dict)]
	return fs


def strings(x):
	if isinstance(x, str):
		yield x
	elif isinstance(x, dict):
		for k, y in x.items():
			yield from strings(y)
	elif isinstance(x, list):
		for y in x:
			yield from strings(y)


def codes(v):
	return [p.get("code") for p in (v.get("problems") or []) if isinstance(p, dict)]


def shape_errors(v):
	err = []
	for k in TOP_KEYS:
		if k not in v:
			err.append("missing key %r" % k)
	if v.get("status") not in STATUSES:
		err.append("status %r not one of %s" % (v.get("status"), STATUSES))
	if not isinstance(v.get("persons"), list):
		err.append("persons is not a list")
	else:
		for p in v["persons"]:
			if not isinstance(p, dict):
				err.append("a person is not an object")
				continue
			err += ["person lacks %r" % k for k in PERSON_KEYS if k not in p]
			if not isinstance(p.get("files"), list):
				err.append("person files is not a list")
				continue
			for f in p["files"]:
				err += ["file lacks %r: %s" % (k, f) for k in FILE_KEYS if k not in f]
				if "bytes" in f and not isinstance(f["bytes"], int):
					err.append("file bytes not an integer: %s" % f)
	if not isinstance(v.get("problems"), list):
		err.append("problems is not a list")
	else:
		for p in v["problems"]:
			if not isinstance(p, dict) or not isinstance(p.get("code"), str):
				err.append("problem without a code: %s" % p)
			else:
				err += ["problem lacks %r: %s" % (k, p) for k in PROBLEM_KEYS if k not in p]
	r = v.get("reply", 0)
	if v.get("status") == "ignored":
		if r is not None:
			err.append("status ignored but reply is not null")
	elif not isinstance(r, dict):
		err.append("reply is not an object (status %s)" % v.get("status"))
	else:
		err += ["reply lacks %r" % k for k in REPLY_KEYS if not isinstance(r.get(k), str)]
	return err


def check_case(c, corpus, outdir, prefix):
	name = c["name"]
	t = "%s%s: " % (prefix, name)
	if c.get("missing"):
		ok(False, t + "input present", c["missing"])
		return
	given = os.path.join(corpus, c["file"])
	try:
		rc = open(os.path.join(outdir, name + ".rc")).read().strip()
	except OSError:
		rc = "(not run)"
	try:
		raw = open(os.path.join(outdir, name + ".out"), "rb").read()
	except OSError:
		raw = b""
	try:
		err = open(os.path.join(outdir, name + ".err"), "rb").read().decode("utf-8", "replace")
	except OSError:
		err = ""
	ok(rc == "0", t + "exit status 0", "exit status %s (%s); stderr: %s" % (
		rc, {"124": "timed out", "134": "abort", "139": "segfault"}.get(rc, ""), err[-600:]))
	v = None
	lines = [l for l in raw.split(b"\n") if l.strip()]
	why = "%d non-empty lines" % len(lines)
	if len(lines) == 1:
		try:
			v = json.loads(lines[0].decode("utf-8"))
			if not isinstance(v, dict):
				why, v = "not a JSON object", None
		except (ValueError, UnicodeDecodeError) as e:
			why = "not UTF-8 JSON: %s" % e
	ok(v is not None, t + "exactly one JSON object line on stdout", why + "\n" + raw[:300].decode("utf-8", "replace"))
	V = v or {}

	def chk(cond, text, diag=None):
		if v is None:
			return ok(False, t + text, "no verdict")
		return ok(cond, t + text, diag)

	se = shape_errors(V)
	chk(not se, "keys and shape of the interface page", "\n".join(se))
	chk(V.get("file") == given, "file is the path given", "got %r want %r" % (V.get("file"), given))
	chk(V.get("center") == c["center"], "center is %s" % c["center"], "got %r" % V.get("center"))
	if "subject" in c:
		chk(V.get("subject") == c["subject"], "subject decoded to %s" % c["subject"],
		    "got %r" % V.get("subject"))
	files = all_files(V)
	listed = [(base(f.get("name")), f.get("type"), f.get("bytes")) for f in files]
	for e in c.get("files", []):
		want = "%s (%s%d bytes)" % (e["name"], e["type"] + ", " if "type" in e else "", e["bytes"])
		same = [f for f in files if base(f.get("name")) == e["name"]]
		good = [f for f in same if f.get("bytes") == e["bytes"] and ("type" not in e or f.get("type") == e["type"])]
		chk(bool(good), "file %s" % want, "listed: %s" % (same or listed))
	for n in c.get("absent_files", []):
		chk(all(base(f.get("name")) != n for f in files), "junk %s not listed" % n, "listed: %s" % listed)
	got = codes(V)
	for code in c.get("codes", []):
		chk(code in got, "problem %s" % code, "problems: %s" % got)
	for group in c.get("codes_any", []):
		chk(any(x in got for x in group), "one of problems %s" % "/".join(group), "problems: %s" % got)
	for code in c.get("absent_codes", []):
		chk(code not in got, "no problem %s" % code,
		    "problems: %s" % [p for p in V.get("problems") or [] if isinstance(p, dict) and p.get("code") == code])
	exp = c.get("codes", []) + [x for g in c.get("codes_any", []) for x in g]
	if any(x.startswith(BLOCKING) for x in exp):
		chk(V.get("status") != "accepted", "not accepted with %s" % "/".join(exp), "status %r" % V.get("status"))
	allstr = list(strings(V))
	for s in c.get("strings", []):
		chk(any(x == s or base(x) == s for x in allstr), "names %s" % s, "not among the verdict's strings")
	# -- center rules (centers_corpus.py)
	if "status" in c:
		chk(V.get("status") == c["status"], "status %s" % c["status"],
		    "got %r; problems %s" % (V.get("status"), got))
	if "status_in" in c:
		chk(V.get("status") in c["status_in"], "status one of %s" % "/".join(c["status_in"]),
		    "got %r; problems %s" % (V.get("status"), got))
	for k in ("business", "company", "declared_count"):
		if k in c:
			chk(V.get(k) == c[k], "%s is %s" % (k, c[k]), "got %r" % V.get(k))
	for n in c.get("person_names", []):
		names = [p.get("name") for p in V.get("persons") or [] if isinstance(p, dict)]
		chk(n in names, "person %s listed" % n, "persons: %s" % names)
	for n in c.get("absent_persons", []):
		names = [p.get("name") for p in V.get("persons") or [] if isinstance(p, dict)]
		chk(n not in names, "person %s not listed" % n, "persons: %s" % names)
	for fn, item in c.get("file_items", {}).items():
		its = [f.get("item") for f in files if base(f.get("name")) == fn]
		chk(item in its, "file %s counts as %s" % (fn, item), "items: %s" % its)
	for pn, items in c.get("missing_items", {}).items():
		ps = [p for p in V.get("persons") or [] if isinstance(p, dict) and p.get("name") == pn]
		for it in items:
			chk(any(it in (p.get("missing") or []) for p in ps), "%s misses %s" % (pn, it),
			    "persons: %s" % [(p.get("name"), p.get("missing")) for p in ps])
	r = V.get("reply") if isinstance(V.get("reply"), dict) else {}
	if c.get("reply_null"):
		chk(V.get("reply", 0) is None, "reply is null", "reply: %r" % V.get("reply"))
	if "reply_to" in c:
		chk(isinstance(r.get("to"), str) and c["reply_to"] in r.get("to"), "reply goes to %s" % c["reply_to"],
		    "reply.to %r" % r.get("to"))
	body = r.get("body") if isinstance(r.get("body"), str) else ""
	for s in c.get("reply_contains", []):
		chk(s in body, "reply body mentions %s" % s, body[:1500])
	for group in c.get("reply_contains_any", []):
		chk(any(s in body for s in group), "reply body mentions one of %s" % " / ".join(group), body[:1500])
	if c.get("reply_receipt"):
		import re
		# a receipt number: a run of at least 4 characters of digits /
		# letters / dashes after 受理号 / 凭证号 / 收件凭证
		chk(re.search(r"(凭证号|受理号|编号|凭证)[^\n]{0,6}?[A-Za-z0-9][-A-Za-z0-9]{3,}", body) is not None,
		    "reply body carries a receipt number", body[:1500])
	if c.get("reply_sample"):
		# check sends nothing and records nothing: its receipt number
		# cannot be one `intake show` finds, so it must say it is a sample
		marks = ("示例", "样例", "样本", "样张", "预览", "仅供核对", "sample", "SAMPLE", "Sample", "CHECK", "check")
		chk(any(m in body for m in marks), "reply's receipt number is marked as a sample",
		    "none of %s in: %s" % ("/".join(marks), body[:800]))


def main():
	mode = sys.argv[1]
	if mode == "list":
		for c in json.load(open(sys.argv[2], encoding="utf-8")):
			print("\t".join([c["name"], c["file"], c["center"], c.get("senders") or "-",
					 "missing" if c.get("missing") else "-"]))
		return
	if mode == "check":
		exp, corpus, outdir, prefix = sys.argv[2:6]
		for c in json.load(open(exp, encoding="utf-8")):
			check_case(c, corpus, outdir, prefix)
	elif mode == "lines":
		raw = open(sys.argv[2], "rb").read()
		n = int(sys.argv[3])
		given = sys.argv[4:]
		lines = [l for l in raw.split(b"\n") if l.strip()]
		ok(len(lines) == n, "%d files in one call: %d JSON lines" % (n, n), "got %d lines" % len(lines))
		for i, g in enumerate(given):
			try:
				v = json.loads(lines[i])
			except (IndexError, ValueError):
				v = {}
			ok(isinstance(v, dict) and v.get("file") == g, "line %d is the verdict on %s" % (i + 1, os.path.basename(g)),
			   "file %r" % (v.get("file") if isinstance(v, dict) else v))
	else:
		sys.exit("usage: check_json.py list|check|lines ...")
	sys.stdout.write("\n".join(out) + ("\n" if out else ""))


if __name__ == "__main__":
	main()
