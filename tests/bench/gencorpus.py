#!/usr/bin/python3
"""gencorpus — the benchmark corpora (deterministic: same arguments, same
bytes).  Minhang mail as HR officers send it: subject
公司—张三(新办)+李四(续办)+王五(新办)—共3人, one ZIP per person named after
the person, scans named 身份证.jpg 积分申请表.jpg ... inside a folder with
the person's name; ZIP names in GBK (Windows compressors: flag bit 11
clear, CP936 bytes) or UTF-8, alternating mail by mail.

Scans are JPEG: the header (quantisation and Huffman tables, SOF with an
A4-at-200-dpi size) is cjpeg's, the entropy-coded data is deterministic
random bytes without 0xFF, so every scan is distinct and incompressible,
as real scans are to deflate.

usage: gencorpus.py OUT --batch N --small N --big-mb M
writes the three corpora as Foxmail sends Minhang mail (GBK encoded-word
subject, multipart/alternative GBK body, RFC 2231 GBK file names; the
ZIPs of odd mails with GBK names and a folder per person, of even mails
with UTF-8 names and no folder):
OUT/batch/NNNN.eml (3 persons x 6 scans x 400 KiB, ~10 MB),
OUT/small/NNNN.eml (one person, 3 scans x 50 KiB),
OUT/big/0001.eml (one person, one ZIP of 60 scans of M/60 MiB each:
~82 MB for M=60), OUT/seed/ (3 mails: accepted, rejected, review) and
OUT/stamp (the arguments, for re-use).
"""
import os, random, struct, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "corpus"))
import mkmail as M

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅宇浩凯晨欣怡子涵梓轩思远佳琪雨桐"
CO_A = "星辰 远航 华信 东方 申城 浦江 明珠 金桥 新航 博远 瑞丰 嘉禾 恒通 联创 智汇 天成 锦程 汇丰 宏达 永盛".split()
CO_B = "科技 物流 贸易 信息技术 医药 软件 电子 咨询 建设 文化传媒".split()
NEW = ["身份证.jpg", "积分申请表.jpg", "居住证.jpg", "劳动合同.jpg", "社会保险登记证.jpg", "户口本.jpg"]
RENEW = ["身份证.jpg", "积分申请表.jpg", "居住证.jpg", "劳动合同.jpg", "学位证书.jpg", "退工单.jpg"]
W, H = 1654, 2339	# A4 at 200 dpi

_hdr = None


def jpeg_header():
	"""cjpeg's header bytes up to and including the SOS segment, with the
	frame size patched to an A4 scan."""
	global _hdr
	if _hdr is None:
		ppm = b"P6 16 16 255\n" + bytes((i * 7) % 256 for i in range(16 * 16 * 3))
		j = subprocess.run(["cjpeg", "-quality", "85"], input=ppm, capture_output=True,
				   check=True).stdout
		out, i = bytearray(j[:2]), 2
		while True:
			assert j[i] == 0xFF
			mark = j[i + 1]
			ln = struct.unpack(">H", j[i + 2:i + 4])[0]
			seg = bytearray(j[i:i + 2 + ln])
			if mark in (0xC0, 0xC1, 0xC2):
				seg[5:9] = struct.pack(">HH", H, W)
			out += seg
			i += 2 + ln
			if mark == 0xDA:
				break
		_hdr = bytes(out)
	return _hdr


def scan(rng, size):
	body = rng.randbytes(size - len(jpeg_header()) - 2).replace(b"\xff", b"\xfe")
	return jpeg_header() + body + b"\xff\xd9"


def person_name(rng, used):
	while True:
		n = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
		if n not in used:
			used.add(n)
			return n


def company(rng):
	return "上海%s%s有限公司" % (rng.choice(CO_A), rng.choice(CO_B))


def extra_scans(n):
	"""n file names beyond the checklist's own: numbered pages."""
	return ["附件%02d.jpg" % i for i in range(1, n + 1)]


def body(text, html, kind, idx):
	"""multipart/alternative in GBK, as Foxmail writes the body."""
	return M.multipart("alternative", [M.text_part(text, "GBK"), M.text_part(html, "GBK", "html")],
			   "----=_NextPart_alt_%s_%06d" % (kind, idx))


def one_mail(idx, kind, npersons, nscans, scan_bytes, files=None):
	rng = random.Random("%s-%d" % (kind, idx))
	co = company(rng)
	gbk = idx % 2 == 1	# GBK names and a folder; else UTF-8, flat
	used, persons, atts = set(), [], []
	for k in range(npersons):
		name = person_name(rng, used)
		biz = "新办" if k % 3 != 1 else "续办"
		fl = files or (NEW if biz == "新办" else RENEW)[:nscans]
		if not files and nscans > len(fl):
			fl = fl + extra_scans(nscans - len(fl))
		persons.append((name, biz))
		pre = name + "/" if gbk else ""
		data = M.zip_of(([(pre, b"")] if gbk else []) +
				[(pre + f, scan(rng, scan_bytes + rng.randrange(-scan_bytes // 10, scan_bytes // 10 + 1)))
				 for f in fl], "gbk" if gbk else "utf8")
		atts.append(M.attachment(name + ".zip", data, "application/x-zip-compressed", "2231-gbk"))
	subject = "%s—%s—共%d人" % (co, "+".join("%s(%s)" % p for p in persons), npersons)
	addr = "hr%04d@%s.example.com" % (idx, kind)
	contact = person_name(rng, used)
	text = ("您好！\n\n附件为我司员工的居住证积分申请材料，请审核。\n\n"
		"联系人：%s（人事专员）\n联系电话：021-5432%04d\n\n%s 人事部\n" % (contact, idx % 10000, co))
	html = "<html><body>" + "".join("<p>%s</p>" % l for l in text.split("\n") if l) + "</body></html>"
	root = M.multipart("mixed", [body(text, html, kind, idx)] + atts, "----=_NextPart_%s_%06d" % (kind, idx))
	return M.message(root, M.ew_b(subject, "GBK"), frm=M.display("人事部", addr, "GBK"),
			 msgid="<bench-%s-%06d@mail.example.com>" % (kind, idx))


def write_set(out, kind, n, npersons, nscans, scan_bytes, files=None):
	d = os.path.join(out, kind)
	os.makedirs(d, exist_ok=True)
	for i in range(1, n + 1):
		p = os.path.join(d, "%04d.eml" % i)
		with open(p + ".tmp", "wb") as f:
			f.write(one_mail(i, kind, npersons, nscans, scan_bytes,
					 files[i - 1] if files else None))
		os.rename(p + ".tmp", p)


def main(a):
	out = a[0]
	opt = dict(zip(a[1::2], a[2::2]))
	nb, ns, big = int(opt.get("--batch", 24)), int(opt.get("--small", 1000)), int(opt.get("--big-mb", 60))
	stamp = "v3 batch=%d small=%d big=%d\n" % (nb, ns, big)
	sp = os.path.join(out, "stamp")
	if os.path.exists(sp) and open(sp).read() == stamp:
		return 0
	if os.path.exists(sp):
		os.unlink(sp)
	for kind in ("batch", "small", "big", "seed"):
		d = os.path.join(out, kind)
		if os.path.isdir(d):
			for f in os.listdir(d):
				os.unlink(os.path.join(d, f))
	write_set(out, "batch", nb, 3, 6, 400 * 1024)
	write_set(out, "small", ns, 1, 3, 50 * 1024)
	# one person, one ZIP of 60 scans: 60 MiB of scans, ~82 MB as base64
	write_set(out, "big", 1, 1, 60, big * 1024 * 1024 // 60)
	# the report database's seed: one accepted, one rejected (劳动合同
	# missing), one for review (a file whose name names no material)
	write_set(out, "seed", 3, 2, 6, 20 * 1024,
		  [None, NEW[:3], NEW[:4] + ["扫描件001.jpg"]])
	with open(sp, "w") as f:
		f.write(stamp)
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
