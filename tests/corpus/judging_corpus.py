#!/usr/bin/python3
"""judging_corpus — issue 15, "judging that cannot be fooled": archives
with no file in them at every center profile, encryption seen by flag,
the settlement businesses of 一网通办, an archive for nobody listed, the
overseas 学历学位证书.

usage: /usr/bin/python3 tests/corpus/judging_corpus.py DIR

Writes DIR/NN-case.eml, DIR/senders.csv and DIR/expect.json in the format
of centers_corpus.py (checked by tests/regress/check_json.py), plus
  absent_persons            persons that must NOT be listed
Every center file under schemas/centers must have a subject maker in
SUBJECTS: a new profile without one makes the generator fail, so the
zero-file rule is never left unchecked at a center.
"""
import os, struct, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkmail as M
import centers_corpus as C
from reader_corpus import Corpus

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "tests", "fixtures"))
H = __import__("make-hostile")

CO = C.COMPANY
JA_FROM = M.display("平安人寿 人事部", C.JA_MAIL)


def ja(biz="积分新办"):
	return "20261120%s%s张三" % (biz, C.JA_SHORT)


# center → (subject for 张三 and a business word, sender, body)
SUBJECTS = {
	"minhang": lambda b: C.dash(CO, [("张三", b)]),
	"xuhui": lambda b: C.dash(CO, [("张三", b)]),
	"baoshan": lambda b: C.brackets(CO, "张三", C.ID["张三"], b),
	"huangpu": lambda b: C.brackets(CO, "张三", C.ID["张三"], b),
	"hongkou": lambda b: C.brackets(b, CO, "张三", C.ID["张三"]),
	"jingan": ja,
	"guangzhou-support": lambda b: "引进人才入户系统问题—张三",
}
SHANGHAI = [c for c in SUBJECTS if c != "guangzhou-support"]
GZ_BODY = ("您好，系统提交时提示错误。\n\n姓名：张三\n身份证号：%s\n电话：13912345678\n"
	   % M.id_number("440106", "19900307", "123"))


def send(center, subject, atts):
	if center == "jingan":
		return C.mail(subject, atts, frm=JA_FROM, text=C.body(C.JA_CO))
	if center == "guangzhou-support":
		return C.mail(subject, atts, frm=M.display("张三", "zs@gz-hr.example.com"), text=GZ_BODY)
	return C.mail(subject, atts)


def rar_service():
	with open(os.path.join(REPO, "tests", "fixtures", "rar", "service4.rar"), "rb") as f:
		return f.read()


def build(outdir):
	c = Corpus(outdir)
	with open(os.path.join(outdir, "senders.csv"), "w", encoding="utf-8", newline="") as f:
		f.write("company,short_name,email\r\n%s,%s,%s\r\n" % (C.JA_CO, C.JA_SHORT, C.JA_MAIL))

	def add(center, name, desc, msg, **exp):
		if center == "jingan":
			exp["senders"] = "senders.csv"
		c.add(center + "-" + name, desc, msg, center=center, **exp)

	centers = sorted(f[:-4] for f in os.listdir(os.path.join(REPO, "schemas", "centers"))
			 if f.endswith(".cfg"))
	unknown = [x for x in centers if x not in SUBJECTS]
	if unknown:
		sys.exit("judging_corpus: no subject for center(s) %s: add them to SUBJECTS" % unknown)

	# ---- a receipt for nothing: zero files is never accepted, anywhere
	empties = dict((n, f()) for n, f in H.EMPTY.items())
	empties["service4.rar"] = rar_service()
	for center in centers:
		subj = SUBJECTS[center]("积分新办")
		for fname, data in sorted(empties.items()):
			ext = fname.split(".", 1)[1]
			arch = "张三." + ext if center != "jingan" else subj + "." + ext
			add(center, "zero-files-" + fname.replace(".", "-"),
			    "张三's archive holds no file (%s)" % fname,
			    send(center, subj, [M.attachment(arch, data, "application/octet-stream")]),
			    status="rejected", codes=["archive-missing", "item-missing"],
			    reply_contains=["压缩包“%s”里没有文件" % arch])

	# ---- encryption by flag: AES ZIP (names visible), 7z with its header
	# encrypted (names hidden): the sender is told to drop the password
	subj = SUBJECTS["minhang"]("新办")
	files = [("张三/" + n, d) for n, d in C.scans(C.NEW)]
	for name, data in (("aes-zip", zip_aes(files)), ("aes-zip-cd", zip_aes_cd(files)),
			   ("7z-mhe", sevenz_mhe(files))):
		add("minhang", "encrypted-" + name, "password-protected (%s)" % name,
		    C.mail(subj, [M.attachment("张三." + ("zip" if "zip" in name else "7z"), data)]),
		    status="rejected", codes=["archive-encrypted"], absent_codes=["archive-unreadable"],
		    reply_contains=["密码"])

	# ---- businesses applied for through 一网通办, at every Shanghai center
	for center in SHANGHAI:
		for biz in ("人才引进", "居转户", "夫妻调沪", "留学生落户"):
			subj = SUBJECTS[center](biz)
			arch = "张三.zip" if center != "jingan" else subj + ".zip"
			add(center, "online-" + biz, "%s is applied for through 一网通办, not by mail" % biz,
			    send(center, subj, [M.attachment(arch, M.zip_of([("张三/身份证.jpg", M.jpeg(5))]))]),
			    status="rejected", codes=["business-unknown"], absent_codes=["subject-unrecognized"],
			    company=C.JA_CO if center == "jingan" else CO,
			    reply_contains=["一网通办", biz])

	# ---- an archive for nobody listed is not a person of the submission
	subj = SUBJECTS["minhang"]("新办")
	add("minhang", "unexpected-not-a-person", "王五.zip beside 张三.zip, only 张三 listed",
	    C.mail(subj, [C.zipped("张三", C.scans(C.NEW)), C.zipped("王五", C.scans(C.NEW))]),
	    codes=["archive-unexpected"], person_names=["张三"], absent_persons=["王五"],
	    reply_contains=["王五.zip"])

	# ---- 海外学历学位证书 is the diploma, covered by the overseas report
	subj = C.dash(CO, [("张三", "教育背景核实")])
	ov = C.scans(["身份证.jpg", "海外学历学位证书.jpg", "教育部留学服务中心海外学历认证报告.jpg"])
	add("minhang", "overseas-diploma", "an overseas 学历学位证书 beside the 留学服务中心 report",
	    C.mail(subj, [C.zipped("张三", ov)]), status="accepted", absent_codes=["item-missing"],
	    file_items={"海外学历学位证书.jpg": "diploma"})
	subj = SUBJECTS["minhang"]("新办")
	ov = C.scans(C.NEW + ["海外学历学位证书.jpg", "留学服务中心认证报告.jpg"])
	add("minhang", "overseas-diploma-points", "积分新办 with an overseas diploma and its report",
	    C.mail(subj, [C.zipped("张三", ov)]), status="accepted", absent_codes=["item-missing"],
	    file_items={"海外学历学位证书.jpg": "diploma", "留学服务中心认证报告.jpg": "overseas-report"})
	c.finish()


def zip_aes(files):
	"""AES-256 ZIP written by 7z (-mem=AES256): names in the clear, data
	encrypted (7z cannot encrypt a ZIP's central directory)."""
	return _7z(files, ["-tzip", "-mem=AES256", "-psecret"], "a.zip")


def zip_aes_cd(files):
	"""The AES ZIP with every entry flagged as strongly encrypted with an
	encrypted central directory (general purpose bits 0, 6 and 13, PKWARE
	SES): libarchive fails on it without a message."""
	raw = bytearray(zip_aes(files))
	off = 0
	while raw[off:off + 4] == b"PK\x03\x04":
		raw[off + 6] |= 0x41
		raw[off + 7] |= 0x20
		csize, _, nlen, elen = struct.unpack("<IIHH", raw[off + 18:off + 30])
		off += 30 + nlen + elen + csize
	while raw[off:off + 4] == b"PK\x01\x02":
		raw[off + 8] |= 0x41
		raw[off + 9] |= 0x20
		nlen, elen, clen = struct.unpack("<HHH", raw[off + 28:off + 34])
		off += 46 + nlen + elen + clen
	return bytes(raw)


def sevenz_mhe(files):
	"""7z with its header encrypted too (-mhe=on): not even the names."""
	return _7z(files, ["-t7z", "-mhe=on", "-psecret"], "a.7z")


def _7z(files, opts, out):
	import subprocess, tempfile
	with tempfile.TemporaryDirectory() as d:
		src = os.path.join(d, "src")
		os.mkdir(src)
		M._materialise(src, files)
		subprocess.run(["7z", "a", "-bd", "-y"] + opts + [os.path.join(d, out)] +
			       sorted(os.listdir(src)), cwd=src, check=True, capture_output=True,
			       env=dict(os.environ, LC_ALL="C.UTF-8"))
		with open(os.path.join(d, out), "rb") as f:
			return f.read()


if __name__ == "__main__":
	if len(sys.argv) != 2:
		sys.exit("usage: judging_corpus.py DIR")
	build(sys.argv[1])
