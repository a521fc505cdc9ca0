#!/bin/sh
# tests/regress/recognize.sh — intake tells a material by what it shows
# (issue 18), through the built binary and `check --json --recognize all`
# on photos made here by tests/corpus/photos.py (rendered documents,
# photographed in software, named as phones name them):
#   - a photo named IMG_….jpg of each material with content words in
#     schemas/materials.cfg is recognised by its content (item, item_by);
#     one sideways and one upside-down photo too;
#   - the ID number and the name are read from a clear ID card;
#   - another person's ID card in an archive gives person-mismatch, the
#     person's own card does not;
#   - a blurred photo gives file-unclear, clear ones do not;
#   - a text PDF whose words are invisible on the page (white on white)
#     is recognised: its text layer was read, not the picture;
#   - a photo with no text is no material and no problem of its own;
#   - a 2-page text PDF holding an ID card and a contract satisfies both
#     materials (its file's item and `also`); the contract alone, one;
#   - nothing Tesseract prints while reading reaches stderr.
# Assertions, not figures: accuracy is measured by `make bench`.
#
#   INTAKE=$PWD/build/intake sh tests/regress/recognize.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool chromium timeout

W=$(tmpdir work)
printf 'schemas = "%s/schemas";\nlimits = { max_reader_seconds = 120; };\n' "$REPO" >"$T_TMP/intake.conf"
$PY - "$INTAKE" "$W" "$T_TMP/intake.conf" "$REPO" >"$T_TMP/tap" 2>"$T_TMP/py.err" <<'PYEOF'
import json, os, random, subprocess, sys
intake, work, conf, repo = sys.argv[1:5]
sys.path.insert(0, os.path.join(repo, "tests", "corpus"))
import photos as P, photo_mail as PM

def ok(cond, text, diag=""):
	print(("ok - " if cond else "not ok - ") + text)
	if not cond and diag:
		print("\n".join("# " + l for l in str(diag).splitlines()[:12]))

rng = random.Random("recognize.sh")
folk = P.people("recognize.sh", 3)
a, b = folk[0], folk[1]
mails = []	# (eml path, what it is, file name, person)

def add(what, person, fname, data, center="baoshan"):
	p = os.path.join(work, "%02d.eml" % len(mails))
	with open(p, "wb") as f:
		f.write(PM.person_mail(center, [(person, [(fname, data)])]))
	mails.append((p, what, fname, person))

def photo(kind, person, **kw):
	# no shadow or glare: this test is about what intake does with what
	# it reads; how well it reads hard photos is the bench's measure
	return P.photograph(P.render(kind, person, rng), rng, shadow=False, glare=False, **kw)

# each material with content words, one clear photo with a phone's name
KINDS = ["id-front", "id-back", "residence-permit", "labour-contract", "application-form",
	 "diploma", "degree", "xuexin-online-report", "xuexin-registration-form",
	 "paper-education-report", "degree-report", "overseas-report", "business-licence",
	 "credit-code-certificate", "termination-slip", "intro-letter",
	 "social-insurance-certificate", "marriage-certificate", "birth-certificate",
	 "household-register"]
for k in KINDS:
	add(k, a, "IMG_20261103_1423%02d.jpg" % len(mails), photo(k, a, rotation=0, long_side=2048, blur=0.6, dark=1.0))
add("id-back sideways", a, "微信图片_20261103142311.jpg", photo("id-back", a, rotation=90, long_side=2048, blur=0.6, dark=1.0))
add("application-form upside-down", a, "扫描件001.jpg", photo("application-form", a, rotation=180, long_side=2048, blur=0.6, dark=1.0))
add("misfiled", a, "IMG_20261103_150000.jpg", photo("id-front", b, long_side=2048, blur=0.6, dark=1.0))
add("blurred", a, "IMG_20261103_150001.jpg", photo("id-front", a, long_side=2048, blur=9.0))
html = P.text_html("xuexin-online-report", a, rng).replace("<style>", "<style>body, td, h1, p { color: #fff; } td { border-color: #fff; }")
add("white text PDF", a, "Scan0001.pdf", P.text_pdf(html, work))
add("no text", a, "IMG_20261103_150002.jpg", photo("no-text", a))
# One scanned-together PDF of two documents, as a scanner's Scan0001.pdf
# holds them: the ID card's words on page 1, the contract on page 2 (text
# layers, printed by chromium).  Beside it a PDF of the contract alone.
contract = P.text_html("labour-contract", a, rng)
id_page = ("<h1>中华人民共和国居民身份证</h1><table><tr><td>姓名</td><td>%s</td></tr>"
	   "<tr><td>性别</td><td>%s</td></tr><tr><td>公民身份号码</td><td>%s</td></tr>"
	   "<tr><td>签发机关</td><td>%s</td></tr><tr><td>有效期限</td><td>2015.01.01-2035.01.01</td></tr>"
	   "</table><div style=\"break-after: page\"></div>" % (a["name"], a["sex"], a["id_number"], a["authority"]))
add("two-material PDF", a, "Scan0002.pdf", P.text_pdf(contract.replace("<body>", "<body>" + id_page, 1), work))
add("contract PDF", a, "Scan0003.pdf", P.text_pdf(contract, work))

r = subprocess.run(["timeout", "900", intake, "check", "--json", "-c", conf, "--center", "baoshan", "--recognize", "all"] +
		   [m[0] for m in mails], capture_output=True)
ok(r.returncode == 0, "check --json --recognize all exits 0 over %d mails" % len(mails),
   r.stderr.decode("utf-8", "replace")[-2000:])
# What Tesseract prints while it reads (its page layout's "Detected 94
# diacritics" on the contract and form pages, "Estimating resolution")
# is not the daemon's log: a reader sends it nowhere.
err = r.stderr.decode("utf-8", "replace")
tess = [l for l in err.splitlines() if "diacritics" in l or "Estimating resolution" in l or
	"Tesseract" in l or "Warning" in l]
ok(not tess, "nothing from Tesseract on stderr while %d photos are read" % len(mails), "\n".join(tess[:5]))
out = [json.loads(l) for l in r.stdout.decode("utf-8").splitlines() if l.strip()]
ok(len(out) == len(mails), "one verdict per mail (%d)" % len(out))
if len(out) != len(mails):
	sys.exit(0)

def the_file(v):
	files = [f for p in v["persons"] for f in p["files"]]
	return files[0] if len(files) == 1 else {}

def codes(v, fname=None):
	return [p["code"] for p in v["problems"] if fname is None or fname in (p.get("file") or "")]

for (path, what, fname, person), v in zip(mails, out):
	f = the_file(v)
	kind = what.split()[0]
	if kind in P.MATERIALS and what not in ("misfiled", "blurred", "no text"):
		_, mat, also, _ = P.MATERIALS[kind]
		ok(f.get("item") in [mat] + also and f.get("item_by") == "content",
		   "%s: %s is recognised as %s by its content" % (what, fname, mat),
		   "item %s, item_by %s" % (f.get("item"), f.get("item_by")))
		ok("file-unclear" not in codes(v) and "person-mismatch" not in codes(v),
		   "%s: a clear photo of the person's own document is neither unclear nor another person's" % what, codes(v))
	if what == "id-front":
		rd = f.get("read") or {}
		ok(rd.get("id_number") == person["id_number"], "id-front: the ID number is read exactly",
		   "read %r" % rd.get("id_number"))
		ok(rd.get("name") == person["name"], "id-front: the name after 姓名 is read", "read %r" % rd.get("name"))
	if what == "misfiled":
		ok("person-mismatch" in codes(v, fname), "another person's ID card in %s.zip gives person-mismatch" % person["name"],
		   json.dumps(v["problems"], ensure_ascii=False))
		ok(v["status"] == "rejected", "the misfiled card's mail is rejected", v["status"])
		lines = (v.get("reply") or {}).get("body", "").splitlines()
		ok(any(fname in l and (b["name"] in l or b["id_number"] in l) for l in lines),
		   "one line of the reply names the misfiled file and what it shows (the holder's name or number)",
		   "\n".join(lines[-12:]))
	if what == "blurred":
		ok("file-unclear" in codes(v, fname), "a blurred photo gives file-unclear",
		   json.dumps(v["problems"], ensure_ascii=False))
		lines = (v.get("reply") or {}).get("body", "").splitlines()
		ok(any(fname in l and "重新拍摄" in l for l in lines), "the reply asks for the blurred file again",
		   "\n".join(lines[-12:]))
	if what == "white text PDF":
		ok(f.get("type") == "application/pdf" and f.get("item") == "xuexin-online-report" and f.get("item_by") == "content",
		   "a text PDF whose words cannot be seen on the page is recognised: its text layer was read",
		   "type %s item %s item_by %s" % (f.get("type"), f.get("item"), f.get("item_by")))
	if what == "two-material PDF":
		shows = {f.get("item")} | set(f.get("also") or [])
		ok({"id-card", "labour-contract"} <= shows and f.get("item_by") == "content",
		   "a 2-page PDF of an ID card and a contract is recognised as both (item and also)",
		   "item %s also %s item_by %s" % (f.get("item"), f.get("also"), f.get("item_by")))
		miss = [m for pp in v["persons"] for m in pp.get("missing") or []]
		ok("id-card" not in miss and "labour-contract" not in miss,
		   "that one PDF satisfies both materials: neither is missing", miss)
	if what == "contract PDF":
		miss = [m for pp in v["persons"] for m in pp.get("missing") or []]
		ok(f.get("item") == "labour-contract" and not f.get("also") and "id-card" in miss,
		   "a PDF of the contract alone is the contract only: the ID card is missing",
		   "item %s also %s missing %s" % (f.get("item"), f.get("also"), miss))
	if what == "no text":
		ok(f.get("item") is None and f.get("item_by") is None, "a photo with no text is no material",
		   "item %s" % f.get("item"))
		ok(not set(codes(v, fname)) & {"file-unclear", "person-mismatch"}, "a photo with no text is neither unclear nor another person's",
		   codes(v, fname))
PYEOF
rc=$?
tap_feed "$T_TMP/tap"
if [ $rc -ne 0 ]; then
	tap_fail "the test's python ran to its end (exit $rc)"
	tap_diag "$(tail -20 "$T_TMP/py.err")"
fi
tap_done
