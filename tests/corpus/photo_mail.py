#!/usr/bin/python3
"""photo_mail — mail carrying the photographed documents of photos.py as
HR officers send them (issue 18): one archive per person, named after the
person, holding phone photos whose names say nothing of the material.

Library (tests/regress/recognize.sh, tests/bench/recognize.py):
    subject(center, person)          the center's subject for a 积分新办
    person_mail(center, person, files [, extra_persons])
                                     a mail of one archive per person:
                                     files is [(person, [(name, bytes)])]
    corpus_mails(corpus_dir, out_dir, center)
                                     one mail per file of a photos.py
                                     corpus, in the archive of the person
                                     it is filed under (a misfiled card
                                     in another person's); returns
                                     [(eml path, manifest record, owner)]
    three_by_six(seed)               the mail of 3 persons x 6 phone
                                     photos (Minhang, 积分新办)
"""
import json, os, random, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import centers_corpus as C
import photos as P


def subject(center, persons, business="新办"):
	"""The subject a center asks for, for PERSONS (photos.people dicts)."""
	if center in ("minhang", "xuhui"):
		return C.dash(C.COMPANY, [(p["name"], business) for p in persons])
	p = persons[0]
	if center in ("baoshan", "huangpu"):
		return C.brackets(C.COMPANY, p["name"], p["id_number"], "积分" + business)
	if center == "hongkou":
		return C.brackets("积分" + business, C.COMPANY, p["name"], p["id_number"])
	raise ValueError("no subject for " + center)


def person_mail(center, archives, business="新办"):
	"""A mail with one ZIP per person: archives is [(person, [(name, bytes)])]."""
	atts = [C.zipped(p["name"], files, names="utf8", how="2231-utf8") for p, files in archives]
	return C.mail(subject(center, [p for p, _ in archives], business), atts)


def corpus_mails(corpus_dir, out_dir, center="baoshan"):
	"""One mail per file of the corpus in CORPUS_DIR (photos.py's
	manifest.json), written to OUT_DIR/NNNN.eml."""
	m = json.load(open(os.path.join(corpus_dir, "manifest.json"), encoding="utf-8"))
	folk = m["people"]
	os.makedirs(out_dir, exist_ok=True)
	out = []
	for i, rec in enumerate(m["files"]):
		owner = rec["misfiled"] if rec["misfiled"] is not None else (rec["person"] if rec["person"] is not None else 0)
		with open(os.path.join(corpus_dir, rec["file"]), "rb") as f:
			data = f.read()
		p = os.path.join(out_dir, "%04d.eml" % i)
		with open(p, "wb") as f:
			f.write(person_mail(center, [(folk[owner], [(rec["file"], data)])]))
		out.append((p, rec, folk[owner]))
	return out


# The six photos an HR officer takes of one person's 积分新办 originals.
SIX = ("application-form", "id-front", "id-back", "residence-permit", "labour-contract", "household-register")


def three_by_six(seed=7):
	"""(mail bytes, persons): 3 persons x 6 phone photos, Minhang."""
	rng = random.Random("three-by-six-%s" % seed)
	folk = P.people("three-%s" % seed, 3)
	archives = []
	for p in folk:
		files, used = [], set()
		for kind in SIX:
			name = P.phone_name(rng, rng.choice(("img", "wechat")))
			while name in used:
				name = P.phone_name(rng, "img")
			used.add(name)
			files.append((name, P.photograph(P.render(kind, p, rng), rng, long_side=rng.choice((1600, 2048, 3024)))))
		archives.append((p, files))
	return person_mail("minhang", archives), folk


if __name__ == "__main__":
	if len(sys.argv) == 3 and sys.argv[1] == "--three":
		data, _ = three_by_six()
		with open(sys.argv[2], "wb") as f:
			f.write(data)
	elif len(sys.argv) in (3, 4):
		for p, rec, owner in corpus_mails(sys.argv[1], sys.argv[2], *(sys.argv[3:] or ["baoshan"])):
			print(p, rec["file"], owner["name"])
	else:
		sys.exit("usage: photo_mail.py CORPUS_DIR OUT_DIR [CENTER] | --three OUT.eml")
