#!/usr/bin/python3
"""recognize — the accuracy and cost of recognition (issue 18) on a corpus
of photographed documents (tests/corpus/photos.py), for `make bench`.

usage: recognize.py INTAKE REPO DIR [--per K] [--seed N] [--recog-cpu BIN]

Generates the corpus into DIR/photos (kept while seed and size stay the
same), one mail per file into DIR/photo-mails (Baoshan: JPG, PNG and PDF
allowed, the ID number in the subject; each file in the archive of the
person it is filed under, a misfiled card in another's), runs
`intake check --json --center baoshan --recognize all` over them and
compares each file's verdict with the corpus's truth:

  materials     per material: recall (its files given it) and precision
                (files given it that are it); overall, the share of files
                showing a material that were given the right one, and of
                distractors (a receipt, a photo with no text) given none.
                Unclear images are left out (they are asked for again).
  ID numbers    of the clear ID card fronts and residence permits: read
                exactly, wrong (a number read that is not the card's:
                must be none), not read
  names         read exactly (姓名)
  unclear       blurred, dark, tiny and washed-out photos caught
                (file-unclear naming the file), and false alarms on the
                clear ones
  misfiled      another person's ID card caught (person-mismatch naming
                the file); false alarms on persons' own cards
  CPU per image with --recog-cpu (tests/bench/recog_cpu.c: the module
                alone, models loaded once): median and p90 of the files

Writes DIR/recognize.json (the figures) and DIR/recognize-check.json (the
verdicts); prints the misses on stderr.  Never fails on a figure.
"""
import argparse, json, os, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("intake")
ap.add_argument("repo")
ap.add_argument("dir")
ap.add_argument("--per", type=int, default=6)
ap.add_argument("--seed", type=int, default=2026)
ap.add_argument("--recog-cpu")
a = ap.parse_args()
sys.path.insert(0, os.path.join(a.repo, "tests", "corpus"))
import photos as P, photo_mail as PM

say = lambda s: print("bench: recognize: " + s, file=sys.stderr)
corpus = os.path.join(a.dir, "photos")
stamp = os.path.join(corpus, "params")
params = "seed=%d per=%d gen=%d" % (a.seed, a.per, os.path.getmtime(os.path.join(a.repo, "tests", "corpus", "photos.py")))
if not (os.path.exists(stamp) and open(stamp).read() == params):
	say("corpus: %d photos per material (seed %d) into %s" % (a.per, a.seed, corpus))
	subprocess.run(["rm", "-rf", corpus], check=True)
	P.corpus(corpus, a.seed, a.per)
	with open(stamp, "w") as f:
		f.write(params)
mdir = os.path.join(a.dir, "photo-mails")
subprocess.run(["rm", "-rf", mdir], check=True)
mails = PM.corpus_mails(corpus, mdir, "baoshan")
conf = os.path.join(a.dir, "recognize.conf")
with open(conf, "w") as f:
	f.write('schemas = "%s/schemas";\nlimits = { max_reader_seconds = 120; };\n' % a.repo)
say("check --json --recognize all over %d mails of one file each" % len(mails))
t0 = time.time()
r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", os.path.join(a.dir, "t-recognize"),
		    a.intake, "check", "--json", "-c", conf, "--center", "baoshan", "--recognize", "all"] +
		   [m[0] for m in mails], capture_output=True)
wall = time.time() - t0
if r.returncode != 0:
	say("intake check exited %d: %s" % (r.returncode, r.stderr.decode("utf-8", "replace")[-500:]))
out = [json.loads(l) for l in r.stdout.decode("utf-8").splitlines() if l.strip()]
with open(os.path.join(a.dir, "recognize-check.json"), "w", encoding="utf-8") as f:
	for v in out:
		f.write(json.dumps(v, ensure_ascii=False) + "\n")
if len(out) != len(mails):
	say("%d verdicts for %d mails: no figures" % (len(out), len(mails)))
	sys.exit(1)
tw, tu, ts, tm = open(os.path.join(a.dir, "t-recognize")).read().split()

miss = []
mat = {}		# material -> [tp, fn, fp]
files_ok = files_n = distr_ok = distr_n = 0
ids = dict(n=0, exact=0, wrong=0, names_n=0, names=0)
unc = dict(n=0, caught=0, clear=0, alarms=0)
mis = dict(n=0, caught=0, own=0, alarms=0)
for (path, rec, owner), v in zip(mails, out):
	fs = [f for p in v["persons"] for f in p["files"]]
	f = fs[0] if fs else {}
	probs = [p for p in v["problems"] if rec["file"] in (p.get("file") or "")]
	codes = {p["code"] for p in probs}
	item, truth = f.get("item"), ([rec["material"]] + rec["also"]) if rec["material"] else []
	where = "%s (%s, %s)" % (rec["file"], rec["doc"], os.path.basename(path))
	full_screen = rec["unclear"] == "not-full-screen"	# Guangzhou only: clear here
	unclear = rec["unclear"] and not full_screen
	# unclear images: caught, or a false alarm on a clear one
	if unclear:
		unc["n"] += 1
		if "file-unclear" in codes:
			unc["caught"] += 1
		else:
			miss.append("unclear not caught: " + where)
	else:
		unc["clear"] += 1
		if "file-unclear" in codes:
			unc["alarms"] += 1
			miss.append("file-unclear on a clear image: " + where)
	if not unclear:
		if rec["material"] is None:
			distr_n += 1
			distr_ok += item is None
			if item is not None:
				miss.append("distractor given %s: %s" % (item, where))
				mat.setdefault(item, [0, 0, 0])[2] += 1
		else:
			files_n += 1
			m = mat.setdefault(rec["material"], [0, 0, 0])
			if item in truth:
				files_ok += 1
				m[0] += 1
			else:
				m[1] += 1
				miss.append("%s given %s: %s" % (rec["material"], item, where))
				if item is not None:
					mat.setdefault(item, [0, 0, 0])[2] += 1
	# what was read from the person's cards
	rd = f.get("read") or {}
	if rec["id_number"] and not unclear:
		ids["n"] += 1
		got = rd.get("id_number")
		if got == rec["id_number"]:
			ids["exact"] += 1
		elif got:
			ids["wrong"] += 1
			miss.append("WRONG ID number read: " + where)
		else:
			miss.append("ID number not read: " + where)
	if rec["name"] and not unclear:
		ids["names_n"] += 1
		if rd.get("name") == rec["name"]:
			ids["names"] += 1
		else:
			miss.append("name %s read as %s: %s" % (rec["name"], rd.get("name"), where))
	# misfiled cards
	if rec["misfiled"] is not None:
		mis["n"] += 1
		if "person-mismatch" in codes:
			mis["caught"] += 1
		else:
			miss.append("misfiled card not caught: " + where)
	elif rec["id_number"] and not unclear:
		mis["own"] += 1
		if "person-mismatch" in codes:
			mis["alarms"] += 1
			miss.append("person-mismatch on the person's own card: " + where)

cpu = None
if a.recog_cpu and os.access(a.recog_cpu, os.X_OK):
	# the clear images and scans, as a reader meets them
	paths = [os.path.join(corpus, m[1]["file"]) for m in mails
		 if not m[1]["unclear"] and m[1]["kind"] != "text-pdf"]
	say("CPU per file: %s over %d files" % (os.path.basename(a.recog_cpu), len(paths)))
	env = dict(os.environ, OMP_THREAD_LIMIT="1")
	rc = subprocess.run([a.recog_cpu] + paths, capture_output=True, env=env)
	lines = [json.loads(l) for l in rc.stdout.decode("utf-8").splitlines() if l.strip()]
	secs = sorted(l["cpu"] for l in lines if "cpu" in l)
	if secs:
		q = lambda p: secs[min(len(secs) - 1, int(p * len(secs)))]
		cpu = dict(n=len(secs), median=q(0.5), p90=q(0.9), max=secs[-1],
			   open=next((l["open"] for l in lines if "open" in l), None))
	else:
		say("recog-cpu gave nothing: %s" % rc.stderr.decode("utf-8", "replace")[-300:])
elif a.recog_cpu:
	say("no %s (the recognition module did not build): CPU per image not measured" % a.recog_cpu)

per = {k: dict(tp=v[0], fn=v[1], fp=v[2],
	       recall=v[0] / (v[0] + v[1]) if v[0] + v[1] else None,
	       precision=v[0] / (v[0] + v[2]) if v[0] + v[2] else None) for k, v in sorted(mat.items())}
res = dict(files=len(mails), wall=wall, user=float(tu), sys=float(ts), rss_kb=int(tm),
	   materials=dict(n=files_n, ok=files_ok, distractors=distr_n, distractors_ok=distr_ok, per=per),
	   ids=ids, unclear=unc, misfiled=mis, cpu=cpu)
with open(os.path.join(a.dir, "recognize.json"), "w") as f:
	json.dump(res, f, indent=1)
for m in miss:
	say("miss: " + m)
