#!/bin/sh
# tests/regress/judging.sh — judging that cannot be fooled (issue 15),
# through the built binary: the corpus of tests/corpus/judging_corpus.py
# (zero files at every center, encryption by flag, 一网通办 businesses,
# an archive for nobody listed, the overseas diploma), then the hostile
# archives of tests/fixtures/make-hostile.py under the reader ceilings.
#
#   INTAKE=$PWD/build/intake sh tests/regress/judging.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool cjpeg 7z zip timeout

run_corpus judging_corpus.py judging

# The hostile archives under the reader ceilings: one JSON line each,
# exit 0, the code, the reader's peak RSS (getrusage of the children)
# and the wall time within generous bounds of the ceilings; with a tight
# ceiling a mail after the hostile one is judged as usual.
H=$(tmpdir hostile)
if ! $PY "$REPO/tests/fixtures/make-hostile.py" "$H" >"$T_TMP/hostile.log" 2>&1; then
	tap_fail "hostile archives generated"; tap_diag "$(tail -5 "$T_TMP/hostile.log")"; tap_done
fi
printf 'schemas = "%s/schemas";\n' "$REPO" >"$T_TMP/default.conf"
printf 'schemas = "%s/schemas";\nlimits = { max_reader_mb = 64; max_entries = 100000; max_reader_seconds = 2; };\n' \
	"$REPO" >"$T_TMP/tight.conf"
$PY - "$INTAKE" "$H" "$T_TMP" "$REPO" >"$T_TMP/tap" 2>&1 <<'PYEOF'
import json, os, resource, subprocess, sys, time
intake, hdir, tmp, repo = sys.argv[1:5]
sys.path.insert(0, os.path.join(repo, "tests", "corpus"))
import mkmail as M, centers_corpus as C

def ok(cond, text, diag=""):
	print(("ok - " if cond else "not ok - ") + text)
	if not cond and diag:
		print("\n".join("# " + l for l in str(diag).splitlines()[:8]))

def mail(fname, data, name="张三"):
	p = os.path.join(tmp, "h-" + fname + ".eml")
	with open(p, "wb") as f:
		f.write(C.mail(C.dash(C.COMPANY, [(name, "新办")]),
			       [M.attachment(name + "." + fname.split(".", 1)[1], data)]))
	return p

def check(conf, files, env=None):
	# each run in a fresh child of a fresh process: RUSAGE_CHILDREN of
	# this wrapper is intake's and its readers' peak
	prog = ("import resource, subprocess, sys, json\n"
		"p = subprocess.run(sys.argv[1:], capture_output=True, timeout=300)\n"
		"ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
		"sys.stdout.write(json.dumps([p.returncode, p.stdout.decode('utf-8', 'replace'), ru.ru_maxrss]))\n")
	t0 = time.monotonic()
	r = subprocess.run(["/usr/bin/python3", "-c", prog, intake, "check", "--json", "--recognize", "off", "-c", conf,
			    "--center", "minhang"] + files, capture_output=True, env=env)
	secs = time.monotonic() - t0
	rc, out, kb = json.loads(r.stdout)
	return rc, out, kb // 1024, secs

want = {"nested.tar.gz": "archive-unreadable", "dict.7z": "archive-too-large",
	"entries.zip": "archive-too-large", "lying.tar.gz": "archive-unreadable"}
default = os.path.join(tmp, "default.conf")
for fname, code in sorted(want.items()):
	p = mail(fname, open(os.path.join(hdir, fname), "rb").read())
	rc, out, mb, secs = check(default, [p])
	lines = out.splitlines()
	ok(rc == 0, "%s: exit 0" % fname, "exit %s" % rc)
	ok(len(lines) == 1, "%s: one JSON line" % fname, out[:300])
	codes = [x["code"] for x in json.loads(lines[0])["problems"]] if len(lines) == 1 else []
	ok(code in codes, "%s: %s" % (fname, code), codes)
	# max_reader_mb 512 above what the reader inherits (the mail, libraries)
	ok(mb < 512 + 256, "%s: peak RSS %d MB within the 512 MB ceiling (+256 MB slack)" % (fname, mb))
	ok(secs < 20 + 100, "%s: %.1f s, within the 20 s ceiling (+100 s slack for a loaded machine)" % (fname, secs))

# tight ceilings: 64 MB (the 7z's dictionary needs far more: libarchive's
# own allocation fails in the reader) and 2 s (a reader that hangs); the
# mail after each is judged as usual.  (60,000 empty entries no longer
# need memory in the reader: members are streamed, not kept.)
tight = os.path.join(tmp, "tight.conf")
good = os.path.join(tmp, "good.eml")
with open(good, "wb") as f:
	f.write(C.mail(C.dash(C.COMPANY, [("李四", "新办")]), [C.zipped("李四", C.scans(C.NEW))]))
p = mail("dict.7z", open(os.path.join(hdir, "dict.7z"), "rb").read())
rc, out, mb, secs = check(tight, [p, good])
v = [json.loads(l) for l in out.splitlines()]
ok(rc == 0 and len(v) == 2, "64 MB ceiling: exit 0, two lines", out[:300])
ok(len(v) == 2 and "archive-too-large" in [x["code"] for x in v[0]["problems"]],
   "64 MB ceiling: a 7z whose dictionary needs more is archive-too-large", v and v[0]["problems"][:2])
ok(len(v) == 2 and v[1]["status"] == "accepted", "64 MB ceiling: the next mail accepted", v[1:] and v[1]["problems"])
ok(mb < 64 + 256, "64 MB ceiling: peak RSS %d MB (+256 MB slack for the inherited mappings)" % mb)
env = dict(os.environ, INTAKE_TEST_FAULT="hang:张三")
rc, out, mb, secs = check(tight, [mail("entries.zip", b"PK\x05\x06" + bytes(18)), good], env)
v = [json.loads(l) for l in out.splitlines()]
ok(rc == 0 and len(v) == 2, "2 s ceiling: exit 0, two lines", out[:300])
ok(len(v) == 2 and "archive-unreadable" in [x["code"] for x in v[0]["problems"]],
   "2 s ceiling: a hanging reader is archive-unreadable", v and v[0]["problems"][:2])
ok(len(v) == 2 and v[1]["status"] == "accepted", "2 s ceiling: the next mail accepted")
ok(secs < 2 + 60, "2 s ceiling: ended in %.1f s (+60 s slack)" % secs)
PYEOF
tap_feed "$T_TMP/tap"

tap_done
