#!/usr/bin/python3
"""photos — a corpus of photographed documents for recognition (issue 18).

Renders the words and layouts of the materials a checklist asks for (ID
card front and back, 上海市居住证, 劳动合同书, 积分申请表, 毕业证书, 学位证书,
the 学信网 reports, 营业执照, 结婚证, 户口簿, ...) with the CJK fonts Debian
ships (fonts-noto-cjk, fonts-wqy-microhei) onto card and page shapes, then
"photographs" them in software: the document lies on a table, seen at an
angle (perspective), turned a little, lit unevenly, slightly out of focus,
with sensor noise, saved as JPEG of quality 70-92; some are sideways or
upside-down.  Files get the names phones, WeChat and scanners give them.

Also: scanned PDFs (image only), text PDFs (a real text layer, printed by
headless chromium from HTML), misfiled ID cards (another person's card in
an archive), distractors (a receipt, a photo with no text), and images
made too blurred, dark, small or flat to read.

Everything is deterministic from the seed (random.Random and numpy's
Generator seeded from it; chromium's PDFs differ only in their metadata
dates).  Generated at test and bench time, never committed.

Library use (tests, bench):
    import photos as P
    people = P.people(seed, 3)
    img = P.render("id-front", people[0], rng)      # a flat PIL image
    jpg = P.photograph(img, rng)                       # bytes of a JPEG
Command line:
    photos.py OUTDIR [--seed N] [--per K] [--text-pdfs] [--only m1,m2]
writes the files and OUTDIR/manifest.json, one object per file:
    file, material (the checklist key the content shows, or null), also
    (other keys that are right too), person (index), id_number, name (what
    the document shows, when it shows a person), unclear (null or
    "blur"/"shake"/"dark"/"small"/"flat"/"bright"; "not-full-screen" for
    a cut-out screenshot, unclear at Guangzhou support only), misfiled (the index of the person whose
    archive it is put in, for misfiled cards), ocr (false for a text PDF),
    rotation (degrees the photo is turned), kind ("photo", "scan-pdf",
    "text-pdf", "screenshot").

Needs python3-pil, python3-numpy, fonts-noto-cjk, fonts-wqy-microhei and,
for text PDFs, chromium (contrib/packages).
"""
import argparse, io, json, math, os, random, shutil, subprocess, sys, tempfile, time

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

# ------------------------------------------------------------------ fonts

_NOTO = "/usr/share/fonts/opentype/noto/"
_FONTS = {	# (file, index of the Simplified Chinese face in the collection)
	"sans": (_NOTO + "NotoSansCJK-Regular.ttc", 2),
	"sans-bold": (_NOTO + "NotoSansCJK-Bold.ttc", 2),
	"serif": (_NOTO + "NotoSerifCJK-Regular.ttc", 2),
	"serif-bold": (_NOTO + "NotoSerifCJK-Bold.ttc", 2),
	"hei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
	"mono": ("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 0),
}
_font_cache = {}


def font(kind, size):
	k = (kind, int(size))
	if k not in _font_cache:
		path, idx = _FONTS[kind]
		_font_cache[k] = ImageFont.truetype(path, int(size), index=idx)
	return _font_cache[k]


# ------------------------------------------------------------- ID numbers

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17):
	"""GB 11643-1999 check character of the first 17 digits."""
	return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _W)) % 11]


def id_valid(s):
	return len(s) == 18 and s[:17].isdigit() and id_check(s[:17]) == s[17]


# ------------------------------------------------------------------ people

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红建文辉力斌宇浩凯晨鑫婷雪琳晶欣怡佳俊嘉子博思雨轩宏志海波瑞新峰磊昊阳丹诗梦慧颖"
_REGIONS = {	# 6-digit region code → 签发机关 and an address
	"310101": ("上海市公安局黄浦分局", "上海市黄浦区南京东路"),
	"310104": ("上海市公安局徐汇分局", "上海市徐汇区漕溪北路"),
	"310112": ("上海市公安局闵行分局", "上海市闵行区莘庄镇莘松路"),
	"310113": ("上海市公安局宝山分局", "上海市宝山区友谊路"),
	"310109": ("上海市公安局虹口分局", "上海市虹口区四川北路"),
	"320102": ("南京市公安局玄武分局", "江苏省南京市玄武区中山路"),
	"330106": ("杭州市公安局西湖分局", "浙江省杭州市西湖区文三路"),
	"340104": ("合肥市公安局蜀山分局", "安徽省合肥市蜀山区长江西路"),
	"410105": ("郑州市公安局金水分局", "河南省郑州市金水区花园路"),
	"420106": ("武汉市公安局武昌分局", "湖北省武汉市武昌区中南路"),
	"430104": ("长沙市公安局岳麓分局", "湖南省长沙市岳麓区麓山南路"),
	"440106": ("广州市公安局天河分局", "广东省广州市天河区天河路"),
	"510107": ("成都市公安局武侯分局", "四川省成都市武侯区人民南路"),
	"370102": ("济南市公安局历下分局", "山东省济南市历下区泉城路"),
}
_NATIONS = ["汉"] * 9 + ["回", "满", "壮"]
_SCHOOLS = ["复旦大学", "同济大学", "华东师范大学", "上海大学", "东华大学",
	    "武汉大学", "南京大学", "浙江工业大学", "郑州大学", "四川大学",
	    "华中科技大学", "湖南大学", "山东大学", "上海理工大学"]
_MAJORS = ["计算机科学与技术", "软件工程", "机械工程", "会计学", "国际经济与贸易",
	   "电子信息工程", "土木工程", "市场营销", "工商管理", "英语",
	   "金融学", "材料科学与工程", "化学工程与工艺", "法学"]
_COMPANIES = ["上海明远信息科技有限公司", "上海华申机电设备有限公司",
	      "上海嘉禾贸易有限公司", "上海浦江软件股份有限公司",
	      "上海立信会计咨询有限公司", "上海新纪元物流有限公司",
	      "上海东方智造科技有限公司", "上海长宁医药研发有限公司"]


def people(seed, n):
	"""n distinct persons: name, sex, nation, birth (y, m, d), id_number,
	address, authority, school, major, company; deterministic."""
	rng = random.Random("people-%s" % seed)
	out, names, ids = [], set(), set()
	while len(out) < n:
		name = rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))
		if name in names:
			continue
		region = rng.choice(sorted(_REGIONS))
		y, m, d = rng.randint(1972, 2001), rng.randint(1, 12), rng.randint(1, 28)
		sex = rng.choice("男女")
		seq = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if sex == "男" else (0, 2, 4, 6, 8))
		f17 = "%s%04d%02d%02d%03d" % (region, y, m, d, seq)
		idn = f17 + id_check(f17)
		if idn in ids:
			continue
		names.add(name)
		ids.add(idn)
		auth, street = _REGIONS[region]
		out.append({
			"name": name, "sex": sex, "nation": rng.choice(_NATIONS),
			"birth": (y, m, d), "id_number": idn, "authority": auth,
			"address": "%s%d弄%d号%d室" % (street, rng.randint(1, 999), rng.randint(1, 60), rng.randint(101, 2404)),
			"school": rng.choice(_SCHOOLS), "major": rng.choice(_MAJORS),
			"company": rng.choice(_COMPANIES),
			"sh_address": "上海市%s区%s路%d弄%d号" % (rng.choice(("闵行", "徐汇", "浦东新", "静安", "宝山", "普陀")),
							  rng.choice(("虹梅", "龙华", "张杨", "共和新", "长江西", "真北")), rng.randint(1, 999), rng.randint(1, 80)),
		})
	return out


def credit_code(rng):
	"""An 18-character 统一社会信用代码 shape (the check is not ours to test)."""
	al = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	return "91310" + "".join(rng.choice("0123456789") for _ in range(4)) + "".join(rng.choice(al) for _ in range(9))


# ------------------------------------------------------------- drawing kit

class Sheet:
	"""A flat document being drawn: a PIL image and a cursor."""

	def __init__(self, w, h, bg=(250, 250, 246)):
		self.img = Image.new("RGB", (w, h), bg)
		self.d = ImageDraw.Draw(self.img)
		self.w, self.h = w, h

	def text(self, xy, s, size, kind="sans", fill=(20, 20, 20), anchor="la"):
		self.d.text(xy, s, font=font(kind, size), fill=fill, anchor=anchor)

	def center(self, y, s, size, kind="serif-bold", fill=(20, 20, 20), spacing=0):
		if spacing:
			s = (" " * spacing).join(s)
		self.d.text((self.w // 2, y), s, font=font(kind, size), fill=fill, anchor="ma")

	def para(self, x, y, w, s, size, kind="serif", fill=(25, 25, 25), lead=1.6, indent=True):
		"""Wraps s (Chinese: any character may break) into width w; returns
		the y below it."""
		f = font(kind, size)
		line = "\u3000\u3000" if indent else ""
		for ch in s:
			if f.getlength(line + ch) > w:
				self.d.text((x, y), line, font=f, fill=fill)
				y += int(size * lead)
				line = ""
			line += ch
		if line:
			self.d.text((x, y), line, font=f, fill=fill)
			y += int(size * lead)
		return y

	def rows(self, x, y, pairs, size, gap=1.9, kind="sans", label_fill=(60, 60, 60), value_fill=(15, 15, 15), label_w=None):
		lw = label_w or int(size * 5.2)
		for lab, val in pairs:
			self.text((x, y), lab, size, kind, label_fill)
			self.text((x + lw, y), val, size, kind, value_fill)
			y += int(size * gap)
		return y

	def table(self, x, y, colw, rowh, cells, size, kind="sans"):
		"""cells: rows of strings; a grid with the text in each cell."""
		for r, row in enumerate(cells):
			cx = x
			for c, s in enumerate(row):
				w = colw[c]
				self.d.rectangle((cx, y + r * rowh, cx + w, y + (r + 1) * rowh), outline=(30, 30, 30), width=2)
				if s:
					self.text((cx + 10, y + r * rowh + (rowh - size) // 2 - 2), s, size, kind)
				cx += w
		return y + len(cells) * rowh

	def seal(self, cx, cy, r, text, rng):
		"""A red round company seal: ring, star, the name along the top."""
		red = (205, 35, 40)
		self.d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=max(3, r // 18))
		star = []
		for i in range(10):
			a = -math.pi / 2 + i * math.pi / 5
			rr = r * (0.28 if i % 2 == 0 else 0.11)
			star.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
		self.d.polygon(star, fill=red)
		n = len(text)
		f = font("sans-bold", max(10, int(r * 0.22)))
		for i, ch in enumerate(text):
			a = math.pi * (-0.5 - 0.75 + 1.5 * (i + 0.5) / n)
			tx, ty = cx + r * 0.74 * math.cos(a), cy + r * 0.74 * math.sin(a)
			g = Image.new("L", (f.size * 2, f.size * 2), 0)
			ImageDraw.Draw(g).text((f.size, f.size), ch, font=f, fill=255, anchor="mm")
			g = g.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
			self.img.paste(Image.new("RGB", g.size, red), (int(tx - f.size), int(ty - f.size)), g)

	def portrait(self, box, rng):
		"""A grey head-and-shoulders placeholder where a photo goes."""
		x0, y0, x1, y1 = box
		self.d.rectangle(box, fill=(214, 222, 230))
		cx, w, h = (x0 + x1) // 2, x1 - x0, y1 - y0
		tone = rng.randint(90, 140)
		self.d.ellipse((cx - w * 0.22, y0 + h * 0.15, cx + w * 0.22, y0 + h * 0.58), fill=(tone + 60, tone + 40, tone + 25))
		self.d.ellipse((cx - w * 0.45, y0 + h * 0.62, cx + w * 0.45, y1 + h * 0.35), fill=(tone - 40, tone - 40, tone - 30))
		self.d.rectangle((x0, y1, x1, y1 + h), fill=self.img.getpixel((max(0, x0 - 2), max(0, y0 - 2))))

	def guilloche(self, rng, color, n=14, amp=0.06):
		"""Fine wavy security lines across a card."""
		for k in range(n):
			pts = []
			ph, fr = rng.uniform(0, 6.28), rng.uniform(2, 5)
			base = self.h * (k + 0.5) / n
			for x in range(0, self.w + 8, 8):
				pts.append((x, base + self.h * amp * math.sin(ph + fr * x / self.w * 6.28)))
			self.d.line(pts, fill=color, width=1)


def ymd(b, sep=None):
	y, m, d = b
	if sep:
		return "%04d%s%02d%s%02d" % (y, sep, m, sep, d)
	return "%d年%d月%d日" % (y, m, d)


# ------------------------------------------------------------ the materials
#
# Each renderer returns a flat PIL image of the document as it is printed.
# CARD is the ID-card shape (85.6 x 54 mm), A4 a page at 150 dpi.

CARD = (1284, 810)
A4 = (1240, 1754)
A4L = (1754, 1240)


def _id_front(p, rng):
	s = Sheet(*CARD, bg=(236, 242, 240))
	s.guilloche(rng, (205, 222, 226))
	lab, val = (40, 90, 150), (10, 10, 10)
	x, y, sz = 80, 80, 40
	s.text((x, y), "姓  名", sz - 6, "hei", lab)
	s.text((x + 170, y - 6), p["name"], sz + 6, "hei", val)
	y += 100
	s.text((x, y), "性  别", sz - 6, "hei", lab)
	s.text((x + 170, y - 2), p["sex"], sz, "hei", val)
	s.text((x + 330, y), "民  族", sz - 6, "hei", lab)
	s.text((x + 490, y - 2), p["nation"], sz, "hei", val)
	y += 90
	by, bm, bd = p["birth"]
	s.text((x, y), "出  生", sz - 6, "hei", lab)
	s.text((x + 170, y - 2), "%d" % by, sz, "hei", val)
	s.text((x + 290, y), "年", sz - 6, "hei", lab)
	s.text((x + 350, y - 2), "%d" % bm, sz, "hei", val)
	s.text((x + 410, y), "月", sz - 6, "hei", lab)
	s.text((x + 470, y - 2), "%d" % bd, sz, "hei", val)
	s.text((x + 530, y), "日", sz - 6, "hei", lab)
	y += 90
	s.text((x, y), "住  址", sz - 6, "hei", lab)
	addr = p["address"]
	s.text((x + 170, y - 2), addr[:12], sz, "hei", val)
	s.text((x + 170, y + 56), addr[12:24], sz, "hei", val)
	s.portrait((860, 110, 1200, 540), rng)
	s.text((x, 660), "公民身份号码", sz - 6, "hei", lab)
	s.text((x + 300, 650), p["id_number"], sz + 10, "mono", val)
	return s.img


def _emblem(s, cx, cy, r):
	red, gold = (200, 30, 35), (240, 200, 60)
	s.d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=red, outline=gold, width=6)
	for i in range(5):
		a = -math.pi / 2 + i * 2 * math.pi / 5
		px, py = cx + r * 0.5 * math.cos(a), cy + r * 0.5 * math.sin(a)
		s.d.regular_polygon((px, py, r * (0.22 if i == 0 else 0.1)), 5, fill=gold)


def _id_back(p, rng):
	s = Sheet(*CARD, bg=(238, 240, 232))
	s.guilloche(rng, (220, 214, 196), n=18)
	_emblem(s, 180, 200, 120)
	s.text((420, 120), "中华人民共和国", 64, "serif-bold", (20, 20, 20))
	s.text((380, 250), "居民身份证", 96, "serif-bold", (20, 20, 20))
	lab = (40, 40, 40)
	s.text((260, 560), "签发机关", 38, "hei", lab)
	s.text((480, 556), p["authority"], 40, "hei", (10, 10, 10))
	y0 = p["birth"][0] + rng.randint(18, 30)
	y0 = min(y0, 2024)
	m, d = p["birth"][1], p["birth"][2]
	s.text((260, 660), "有效期限", 38, "hei", lab)
	s.text((480, 656), "%04d.%02d.%02d-%04d.%02d.%02d" % (y0, m, d, y0 + 20, m, d), 40, "hei", (10, 10, 10))
	return s.img


def _residence(p, rng):
	s = Sheet(*CARD, bg=(232, 238, 248))
	s.guilloche(rng, (206, 216, 236), n=10)
	s.d.rectangle((0, 0, CARD[0], 120), fill=(30, 80, 160))
	s.text((CARD[0] // 2, 22), "上海市居住证", 66, "serif-bold", (255, 255, 255), anchor="ma")
	x, y, sz = 70, 170, 38
	y = s.rows(x, y, [("姓名", p["name"]), ("性别", p["sex"]),
			  ("出生日期", ymd(p["birth"])),
			  ("公民身份号码", p["id_number"]),
			  ("居住地址", p["sh_address"][:14])], sz, gap=2.0, kind="hei",
		   label_fill=(40, 70, 130), label_w=260)
	s.text((x, y), "签发机关  上海市公安局", 32, "hei", (40, 70, 130))
	s.portrait((960, 170, 1210, 480), rng)
	return s.img


def _contract(p, rng):
	s = Sheet(*A4, bg=(252, 252, 250))
	s.center(170, "劳动合同书", 96, "serif-bold", spacing=1)
	y = 420
	f = 40
	for lab, val in (("甲方（用人单位）：", p["company"]), ("法定代表人：", rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)),
			 ("乙方（劳动者）：", p["name"]), ("身份证号码：", p["id_number"]),
			 ("户籍地址：", p["address"][:16]))[:5]:
		s.text((150, y), lab, f, "serif")
		s.text((150 + int(s.d.textlength(lab, font=font("serif", f))), y), val, f, "serif")
		s.d.line((150 + int(s.d.textlength(lab, font=font("serif", f))), y + f + 8, 1090, y + f + 8), fill=(40, 40, 40), width=2)
		y += 110
	y += 40
	y = s.para(150, y, 940, "根据《中华人民共和国劳动法》、《中华人民共和国劳动合同法》及有关法律法规的规定，"
		   "甲乙双方遵循合法、公平、平等自愿、协商一致、诚实信用的原则，订立本劳动合同。", 34)
	y += 20
	s.text((150, y), "第一条  合同期限", 36, "serif-bold")
	y += 70
	y0 = rng.randint(2019, 2025)
	y = s.para(150, y, 940, "本合同为固定期限劳动合同，自%d年%d月%d日起至%d年%d月%d日止，其中试用期三个月。" % (
		y0, rng.randint(1, 12), 1, y0 + 3, rng.randint(1, 12), 28), 34)
	s.text((150, y + 10), "第二条  工作内容和工作地点", 36, "serif-bold")
	s.para(150, y + 80, 940, "乙方同意根据甲方工作需要，担任%s岗位工作，工作地点为上海市。" % rng.choice(("软件开发", "财务", "销售", "技术支持", "行政")), 34)
	s.text((150, 1640), "上海市人力资源和社会保障局监制", 26, "sans", (90, 90, 90))
	return s.img


def _application(p, rng):
	s = Sheet(*A4, bg=(253, 253, 253))
	s.center(110, "上海市居住证积分申请表", 62, "serif-bold")
	s.text((120, 230), "申请类型：积分新办    受理编号：________", 30, "sans")
	cells = [["姓名", p["name"], "性别", p["sex"]],
		 ["身份证号", p["id_number"], "民族", p["nation"]],
		 ["出生日期", ymd(p["birth"]), "文化程度", rng.choice(("大学本科", "硕士研究生", "大学专科"))],
		 ["单位名称", p["company"][:10], "联系电话", "1%d" % rng.randint(3000000000, 9899999999)],
		 ["居住证号码", p["id_number"], "居住地址", p["sh_address"][:8]],
		 ["毕业院校", p["school"], "专业", p["major"][:6]]]
	y = s.table(120, 300, [210, 400, 190, 200], 110, cells, 30)
	y += 50
	y = s.para(120, y, 1000, "本人承诺：以上所填信息及所提交的材料真实有效，如有虚假，"
		   "愿承担相应的法律责任，并同意取消积分申请资格。", 32)
	s.text((140, y + 80), "申请人签名：", 32, "sans")
	s.text((370, y + 70), p["name"], 44, "hei", (30, 30, 110))
	s.text((700, y + 80), "单位（盖章）", 32, "sans")
	s.text((140, y + 180), "填表日期：2026年%d月%d日" % (rng.randint(1, 11), rng.randint(1, 28)), 32, "sans")
	s.seal(860, y + 190, 150, p["company"], rng)
	return s.img


def _diploma_text(p, level, rng):
	y, m, d = p["birth"]
	ys = y + 18
	years = {"本科": 4, "专科": 3, "高中": 3}[level]
	what = {"本科": "四年制本科", "专科": "三年制专科", "高中": "高中"}[level]
	return ("学生%s，性别%s，%d年%d月%d日生，于%d年9月至%d年6月在本校%s%s学习，"
		"修完教学计划规定的全部课程，成绩合格，准予毕业。" % (
			p["name"], p["sex"], y, m, d, ys, ys + years,
			"" if level == "高中" else p["major"] + "专业", what))


def _diploma(p, rng, level="本科"):
	s = Sheet(*A4L, bg=(250, 246, 236))
	s.d.rectangle((40, 40, A4L[0] - 40, A4L[1] - 40), outline=(150, 40, 40), width=10)
	s.d.rectangle((62, 62, A4L[0] - 62, A4L[1] - 62), outline=(180, 140, 60), width=3)
	s.center(150, "毕业证书" if level != "高中" else "上海市普通高中毕业证书", 104 if level != "高中" else 78, "serif-bold", (150, 30, 30), spacing=0)
	s.portrait((180, 420, 460, 780), rng)
	s.para(560, 430, 1040, _diploma_text(p, level, rng), 40, lead=1.8)
	school = p["school"] if level != "高中" else "上海市%s中学" % rng.choice(("延安", "建平", "七宝", "格致", "市西"))
	s.text((1040, 900), "校    名：" + school, 36, "serif")
	s.text((1040, 970), "校（院）长：" + rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN), 36, "serif")
	s.text((180, 980), "证书编号：%d" % rng.randint(10 ** 17, 10 ** 18 - 1), 30, "serif")
	s.text((1040, 1040), "%d年6月30日" % (p["birth"][0] + 22), 36, "serif")
	s.seal(1300, 950, 120, school, rng)
	return s.img


def _degree(p, rng):
	s = Sheet(*A4L, bg=(246, 248, 240))
	s.d.rectangle((40, 40, A4L[0] - 40, A4L[1] - 40), outline=(30, 80, 60), width=10)
	s.center(140, "学士学位证书", 96, "serif-bold", (30, 70, 50))
	s.portrait((180, 400, 460, 760), rng)
	y, m, d = p["birth"]
	s.para(560, 420, 1040, "%s，%s，%d年%d月%d日生。在%s%s专业完成了本科学业，成绩合格。"
	       "根据《中华人民共和国学位条例》的规定，授予%s学士学位。" % (
		       p["name"], p["sex"], y, m, d, p["school"], p["major"],
		       rng.choice(("工学", "理学", "管理学", "经济学", "文学", "法学"))), 40, lead=1.8)
	s.text((1000, 930), p["school"] + "学位评定委员会", 36, "serif")
	s.text((1000, 1000), "主席：" + rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN), 36, "serif")
	s.text((180, 980), "证书编号：%d" % rng.randint(10 ** 15, 10 ** 16 - 1), 30, "serif")
	s.seal(1280, 950, 120, p["school"], rng)
	return s.img


def _chsi(p, rng, title, rows, foot):
	"""The 学信网 family: a header band, a title, a two-column table."""
	s = Sheet(*A4, bg=(255, 255, 255))
	s.d.rectangle((0, 0, A4[0], 150), fill=(230, 240, 250))
	s.text((90, 50), "学信网 www.chsi.com.cn", 36, "sans-bold", (20, 80, 150))
	s.center(220, title, 52, "sans-bold")
	s.text((820, 320), "更新日期：2026年%d月%d日" % (rng.randint(1, 11), rng.randint(1, 28)), 26, "sans", (90, 90, 90))
	cells = [[a, b] for a, b in rows]
	y = s.table(140, 380, [300, 660], 74, cells, 30)
	s.portrait((880, 390, 1080, 640), rng)
	s.text((140, y + 60), "在线验证码：%s" % "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(16)), 30, "sans")
	s.para(140, y + 140, 960, foot, 26, "sans", (80, 80, 80), indent=False)
	return s.img


def _xuexin_online(p, rng):
	y = p["birth"][0] + 18
	return _chsi(p, rng, "教育部学籍在线验证报告", [
		("姓名", p["name"]), ("性别", p["sex"]), ("证件号码", p["id_number"]),
		("民族", p["nation"] + "族"), ("出生日期", ymd(p["birth"])),
		("院校", p["school"]), ("层次", "本科"), ("院系", "学院"), ("专业", p["major"]),
		("学制", "4 年"), ("学历类别", "普通高等教育"), ("学习形式", "普通全日制"),
		("入学日期", "%d年09月01日" % y), ("学籍状态", "不在籍（毕业）")],
		"报告说明：本报告内容如有修改，以学信网在线验证内容为准。请在有效期内使用在线验证码查询本报告。")


def _xuexin_reg(p, rng):
	y = p["birth"][0] + 18
	return _chsi(p, rng, "教育部学历证书电子注册备案表", [
		("姓名", p["name"]), ("性别", p["sex"]), ("出生日期", ymd(p["birth"])),
		("入学日期", "%d年09月01日" % y), ("毕（结）业日期", "%d年06月30日" % (y + 4)),
		("学校名称", p["school"]), ("专业", p["major"]), ("学制", "4 年"),
		("层次", "本科"), ("学历类别", "普通高等教育"), ("学习形式", "普通全日制"),
		("毕（结）业", "毕业"), ("证书编号", "%d" % rng.randint(10 ** 17, 10 ** 18 - 1)),
		("校（院）长姓名", rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN))],
		"学历证书电子注册备案表是学信网依据教育部学历证书电子注册信息出具的学历证书电子注册证明文件。")


def _report(p, rng, title, body, org):
	s = Sheet(*A4, bg=(252, 252, 250))
	s.center(180, title, 56, "serif-bold")
	s.text((140, 330), "编号：%d" % rng.randint(10 ** 9, 10 ** 10 - 1), 30, "serif")
	y = s.para(140, 430, 960, body, 36, lead=1.9)
	s.text((700, y + 120), org, 32, "serif")
	s.text((760, y + 190), "2026年%d月%d日" % (rng.randint(1, 11), rng.randint(1, 28)), 32, "serif")
	s.seal(880, y + 170, 130, org, rng)
	return s.img


def _paper_report(p, rng):
	return _report(p, rng, "中国高等教育学历认证报告",
		       "%s，%s，%s生，证件号码%s，于%d年9月至%d年6月在%s%s专业学习，学制四年，"
		       "学历类别普通高等教育，本科毕业。经认证，该学历证书信息真实有效。" % (
			       p["name"], p["sex"], ymd(p["birth"]), p["id_number"], p["birth"][0] + 18,
			       p["birth"][0] + 22, p["school"], p["major"]), "全国高等学校学生信息咨询与就业指导中心")


def _degree_report(p, rng):
	return _report(p, rng, "中国高等教育学位在线验证报告",
		       "%s，%s，证件号码%s，于%d年6月获%s授予的学士学位，学位证书编号%d。"
		       "经验证，该学位信息在中国学位与研究生教育信息网可查。" % (
			       p["name"], p["sex"], p["id_number"], p["birth"][0] + 22, p["school"],
			       rng.randint(10 ** 15, 10 ** 16 - 1)), "教育部学位与研究生教育发展中心")


def _overseas(p, rng):
	return _report(p, rng, "国外学历学位认证书",
		       "%s，%s，%s生，护照号码E%08d，于%d年9月至%d年12月在英国%s大学学习，"
		       "获授理学硕士学位。经审核，该学位证书真实有效。" % (
			       p["name"], p["sex"], ymd(p["birth"]), rng.randint(0, 10 ** 8 - 1),
			       p["birth"][0] + 22, p["birth"][0] + 23, rng.choice(("曼彻斯特", "伯明翰", "利兹", "格拉斯哥"))),
		       "教育部留学服务中心")


def _licence(p, rng):
	s = Sheet(*A4L, bg=(251, 249, 242))
	s.d.rectangle((36, 36, A4L[0] - 36, A4L[1] - 36), outline=(170, 60, 40), width=12)
	_emblem(s, A4L[0] // 2, 170, 90)
	s.center(290, "营业执照", 110, "serif-bold", spacing=1)
	s.center(430, "（副本）", 40, "serif")
	code = credit_code(rng)
	s.text((130, 480), "统一社会信用代码", 34, "serif-bold")
	s.text((130, 530), code, 36, "mono")
	rows = [("名        称", p["company"]), ("类        型", "有限责任公司（自然人投资或控股）"),
		("法定代表人", rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)),
		("经营范围", "信息技术咨询服务；软件开发；技术服务、技术开发、技术转让。"),
		("注册资本", "人民币%d万元整" % rng.choice((100, 200, 500, 1000))),
		("成立日期", "%d年%d月%d日" % (rng.randint(2005, 2022), rng.randint(1, 12), rng.randint(1, 28))),
		("住        所", p["sh_address"])]
	y = 630
	for a, b in rows:
		s.text((130, y), a, 32, "serif-bold")
		s.text((400, y), b, 32, "serif")
		y += 70
	s.text((1150, 1030), "登记机关", 34, "serif-bold")
	s.text((1150, 1090), "2025年%d月%d日" % (rng.randint(1, 12), rng.randint(1, 28)), 32, "serif")
	s.seal(1320, 1040, 120, "上海市市场监督管理局", rng)
	s.text((130, 1130), "国家企业信用信息公示系统网址：http://www.gsxt.gov.cn", 26, "sans", (80, 80, 80))
	return s.img


def _credit_cert(p, rng):
	s = Sheet(*A4L, bg=(248, 250, 248))
	s.d.rectangle((36, 36, A4L[0] - 36, A4L[1] - 36), outline=(40, 90, 60), width=10)
	s.center(170, "统一社会信用代码证书", 90, "serif-bold")
	code = credit_code(rng)
	rows = [("统一社会信用代码", code), ("机构名称", p["company"]), ("机构类型", "企业"),
		("有效期", "2022年1月1日至2032年1月1日"), ("颁发单位", "上海市质量技术监督局")]
	y = 420
	for a, b in rows:
		s.text((200, y), a, 38, "serif-bold")
		s.text((620, y), b, 38, "serif" if a != "统一社会信用代码" else "mono")
		y += 110
	s.seal(1300, 1000, 120, "上海市质量技术监督局", rng)
	return s.img


def _termination(p, rng):
	s = Sheet(*A4, bg=(253, 252, 248))
	s.center(150, "上海市单位退工证明", 62, "serif-bold")
	s.center(250, "（退工单）", 36, "serif")
	cells = [["姓名", p["name"], "性别", p["sex"]], ["身份证号码", p["id_number"], "", ""],
		 ["用人单位", p["company"][:10], "", ""],
		 ["退工日期", "2026年%d月%d日" % (rng.randint(1, 10), rng.randint(1, 28)), "退工原因", "合同到期"]]
	y = s.table(120, 340, [220, 420, 180, 180], 110, cells, 30)
	s.para(120, y + 60, 1000, "兹证明该员工与本单位已解除（终止）劳动合同，办理退工手续。本证明一式两份。", 32)
	s.seal(860, y + 400, 140, p["company"], rng)
	return s.img


def _intro(p, rng):
	s = Sheet(*A4, bg=(253, 253, 251))
	s.center(200, "介 绍 信", 80, "serif-bold")
	s.text((140, 400), "上海市%s区人才服务中心：" % rng.choice(("闵行", "徐汇", "静安")), 38, "serif")
	y = s.para(140, 500, 960, "兹介绍我单位%s同志（身份证号码%s）前往贵中心办理单位注册及相关人才业务，"
		   "请予接洽为盼。" % (p["name"], p["id_number"]), 38, lead=1.9)
	s.text((140, y + 40), "此致", 38, "serif")
	s.text((140, y + 120), "敬礼", 38, "serif")
	s.text((700, y + 260), p["company"], 34, "serif")
	s.text((760, y + 330), "2026年%d月%d日" % (rng.randint(1, 11), rng.randint(1, 28)), 34, "serif")
	s.seal(880, y + 310, 130, p["company"], rng)
	return s.img


def _social(p, rng):
	s = Sheet(*A4L, bg=(246, 248, 252))
	s.d.rectangle((36, 36, A4L[0] - 36, A4L[1] - 36), outline=(30, 60, 130), width=10)
	s.center(170, "社会保险登记证", 96, "serif-bold", (30, 50, 120))
	rows = [("编    号", "%d" % rng.randint(10 ** 11, 10 ** 12 - 1)), ("单位名称", p["company"]),
		("统一社会信用代码", credit_code(rng)), ("发证机关", "上海市社会保险事业管理中心")]
	y = 440
	for a, b in rows:
		s.text((200, y), a, 38, "serif-bold")
		s.text((620, y), b, 38, "serif")
		y += 110
	s.seal(1300, 1000, 120, "上海市人力资源和社会保障局", rng)
	return s.img


def _marriage(p, rng):
	s = Sheet(*A4L, bg=(252, 240, 236))
	s.d.rectangle((30, 30, A4L[0] - 30, A4L[1] - 30), outline=(190, 40, 40), width=8)
	s.center(110, "结婚证", 88, "serif-bold", (180, 30, 30), spacing=1)
	s.text((150, 280), "持证人  " + p["name"], 36, "serif")
	s.text((150, 350), "登记日期  %d年%d月%d日" % (rng.randint(2012, 2025), rng.randint(1, 12), rng.randint(1, 28)), 36, "serif")
	s.text((150, 420), "结婚证字号  J310112-%d-%06d" % (rng.randint(2012, 2025), rng.randint(0, 999999)), 36, "serif")
	s.text((150, 520), "备注", 36, "serif")
	s.d.rectangle((900, 260, 1600, 700), fill=(200, 30, 40))
	s.portrait((1000, 300, 1200, 660), rng)
	s.portrait((1260, 300, 1460, 660), rng)
	other = people("spouse-%s" % p["id_number"], 1)[0]
	y = 780
	for q in (p, other):
		s.text((150, y), "姓名  %s    性别  %s    国籍  中国" % (q["name"], q["sex"]), 34, "serif")
		s.text((150, y + 60), "出生日期  %s    身份证件号  %s" % (ymd(q["birth"]), q["id_number"]), 34, "serif")
		y += 150
	s.text((1200, 1120), "中华人民共和国民政部监制", 26, "serif", (120, 40, 40))
	return s.img


def _birth(p, rng):
	s = Sheet(*A4L, bg=(246, 250, 246))
	s.d.rectangle((30, 30, A4L[0] - 30, A4L[1] - 30), outline=(60, 120, 80), width=8)
	s.center(120, "出生医学证明", 88, "serif-bold", (40, 100, 60))
	child = people("child-%s" % p["id_number"], 1)[0]
	rows = [("新生儿姓名", p["name"][0] + child["name"][1:]), ("性别", child["sex"]),
		("出生时间", "2024年%d月%d日%d时%d分" % (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))),
		("出生地点", "上海市%s区" % rng.choice(("闵行", "徐汇", "长宁"))), ("健康状况", "良好"),
		("母亲姓名", child["name"] if p["sex"] == "男" else p["name"]),
		("父亲姓名", p["name"] if p["sex"] == "男" else child["name"]),
		("出生证编号", "Q%09d" % rng.randint(0, 10 ** 9 - 1))]
	y = 320
	for a, b in rows:
		s.text((200, y), a, 38, "serif-bold")
		s.text((560, y), b, 38, "serif")
		y += 95
	s.seal(1300, 1000, 120, "上海市卫生健康委员会", rng)
	return s.img


def _household(p, rng):
	s = Sheet(*A4, bg=(248, 244, 236))
	s.center(120, "常住人口登记卡", 64, "serif-bold")
	cells = [["姓名", p["name"], "户主或与户主关系", "户主"],
		 ["曾用名", "", "性别", p["sex"]],
		 ["出生地", p["address"][:6], "民族", p["nation"]],
		 ["籍贯", p["address"][:6], "出生日期", ymd(p["birth"])],
		 ["公民身份号码", p["id_number"], "血型", rng.choice("ABO")],
		 ["文化程度", "大学本科", "婚姻状况", rng.choice(("未婚", "已婚"))],
		 ["服务处所", p["company"][:8], "职业", "职员"]]
	y = s.table(80, 260, [230, 420, 270, 160], 120, cells, 28)
	s.text((80, y + 40), "承办人签章", 30, "serif")
	s.text((600, y + 40), "登记日期  %d年%d月%d日" % (rng.randint(1995, 2020), rng.randint(1, 12), rng.randint(1, 28)), 30, "serif")
	s.seal(900, y + 250, 130, p["authority"], rng)
	s.text((80, A4[1] - 120), "户口簿", 40, "serif-bold", (120, 60, 40))
	return s.img


def _screenshot(p, rng, full=True):
	"""A full-screen capture of the online system (Guangzhou support asks
	for one): screen-shaped and screen-sized.  Not photographed."""
	w, h = rng.choice(((1920, 1080), (1366, 768), (2560, 1440), (1440, 900)))
	s = Sheet(w, h, bg=(243, 245, 248))
	s.d.rectangle((0, 0, w, 40), fill=(222, 225, 230))
	s.text((20, 8), "https://rc.gz.gov.cn/system/apply", 20, "sans", (60, 60, 60))
	s.d.rectangle((0, 40, w, 120), fill=(24, 92, 170))
	s.text((40, 60), "广州市人才服务管理信息系统", 36, "sans-bold", (255, 255, 255))
	s.d.rectangle((0, 120, 260, h), fill=(235, 238, 243))
	for i, item in enumerate(("首页", "业务申请", "办理进度", "单位信息", "账号管理")):
		s.text((30, 160 + 60 * i), item, 24, "sans", (40, 40, 40))
	s.text((320, 170), "业务办理进度查询", 34, "sans-bold")
	s.table(320, 250, [240, 380, 300, 260], 64, [["业务编号", "单位名称", "申请人", "办理状态"],
		["GZ%08d" % rng.randint(0, 10 ** 8 - 1), p["company"][:10], p["name"], "审核中"],
		["GZ%08d" % rng.randint(0, 10 ** 8 - 1), p["company"][:10], p["name"], "已退回"]], 24)
	s.text((320, 520), "错误提示：系统繁忙，请稍后再试（错误代码 E%d）" % rng.randint(1000, 9999), 28, "sans", (200, 40, 40))
	s.d.rectangle((0, h - 44, w, h), fill=(30, 30, 36))
	s.text((w - 120, h - 34), "%02d:%02d" % (rng.randint(8, 18), rng.randint(0, 59)), 22, "sans", (230, 230, 230))
	img = s.img
	if not full:	# a window cut out of the screen: not screen-shaped
		img = img.crop((260, 120, 260 + int(w * 0.45), 120 + int(h * 0.5)))
	return img


def _receipt(p, rng):
	s = Sheet(520, 1400, bg=(250, 250, 245))
	s.center(40, "好又多便利店", 40, "sans-bold")
	s.center(100, "购物小票", 30, "sans")
	y = 170
	tot = 0
	for _ in range(rng.randint(6, 12)):
		item = rng.choice(("矿泉水", "面包", "牛奶", "口香糖", "饭团", "咖啡", "纸巾", "苹果"))
		price = rng.randint(2, 30) + rng.choice((0, 0.5, 0.9))
		tot += price
		s.text((30, y), item, 28, "sans")
		s.text((480, y), "%.2f" % price, 28, "mono", anchor="ra")
		y += 48
	s.d.line((30, y + 10, 490, y + 10), fill=(0, 0, 0), width=2)
	s.text((30, y + 30), "合计", 30, "sans-bold")
	s.text((480, y + 30), "%.2f" % tot, 30, "mono", anchor="ra")
	s.text((30, y + 100), "收银员：%03d  谢谢惠顾" % rng.randint(1, 999), 26, "sans")
	return s.img.crop((0, 0, 520, min(1400, y + 180)))


def _no_text(p, rng):
	"""A photo with no text: sky, hills, a few blobs."""
	w, h = 1600, 1200
	a = np.zeros((h, w, 3), np.float32)
	t = np.linspace(0, 1, h)[:, None]
	a[..., 0] = 120 + 80 * t
	a[..., 1] = 170 + 40 * t
	a[..., 2] = 230 - 60 * t
	img = Image.fromarray(a.clip(0, 255).astype(np.uint8))
	d = ImageDraw.Draw(img)
	for _ in range(3):
		x = rng.randint(-200, w)
		d.ellipse((x, h * 0.55 + rng.randint(-80, 80), x + rng.randint(500, 1100), h * 1.5), fill=(60 + rng.randint(0, 40), 120 + rng.randint(0, 50), 60))
	for _ in range(rng.randint(4, 9)):
		x, y, r = rng.randint(0, w), rng.randint(int(h * .6), h), rng.randint(20, 70)
		d.ellipse((x - r, y - r, x + r, y + r), fill=(rng.randint(150, 250), rng.randint(60, 200), rng.randint(40, 160)))
	# grass and leaves: the fine texture a real photo has everywhere
	nrng = np.random.default_rng(rng.randrange(2 ** 32))
	a = np.asarray(img, np.float32)
	tex = nrng.normal(0, 1, ((h + 2) // 3, (w + 2) // 3)).repeat(3, 0).repeat(3, 1)[:h, :w]
	ground = (np.arange(h)[:, None] > h * 0.5) * 28.0
	a += (tex * (8 + ground))[..., None]
	return Image.fromarray(a.clip(0, 255).astype(np.uint8))


# key: (renderer, checklist material or None, also-right materials, shows a person's ID number)
MATERIALS = {
	"id-front": (_id_front, "id-card", ["contact-id-card"], True),
	"id-back": (_id_back, "id-card", ["contact-id-card"], False),
	"residence-permit": (_residence, "residence-permit", [], True),
	"labour-contract": (_contract, "labour-contract", [], False),
	"application-form": (_application, "application-form", [], False),
	"diploma": (_diploma, "diploma", ["bachelor-diploma"], False),
	"college-diploma": (lambda p, r: _diploma(p, r, "专科"), "diploma", ["college-diploma"], False),
	"high-school-diploma": (lambda p, r: _diploma(p, r, "高中"), "high-school-diploma", ["diploma"], False),
	"degree": (_degree, "degree", [], False),
	"xuexin-online-report": (_xuexin_online, "xuexin-online-report", [], False),
	"xuexin-registration-form": (_xuexin_reg, "xuexin-registration-form", [], False),
	"paper-education-report": (_paper_report, "paper-education-report", [], False),
	"degree-report": (_degree_report, "degree-report", [], False),
	"overseas-report": (_overseas, "overseas-report", [], False),
	"business-licence": (_licence, "business-licence", [], False),
	"credit-code-certificate": (_credit_cert, "credit-code-certificate", [], False),
	"termination-slip": (_termination, "termination-slip", [], False),
	"intro-letter": (_intro, "intro-letter", [], False),
	"social-insurance-certificate": (_social, "social-insurance-certificate", [], False),
	"marriage-certificate": (_marriage, "marriage-certificate", [], False),
	"birth-certificate": (_birth, "birth-certificate", [], False),
	"household-register": (_household, "household-register", [], False),
	"screenshot": (_screenshot, "screenshot", [], False),
	"receipt": (_receipt, None, [], False),
	"no-text": (_no_text, None, [], False),
}
# the documents whose name line (姓名 ...) a reader should find
SHOWS_NAME = {"id-front", "residence-permit"}


def render(kind, person, rng):
	"""The flat document KIND (a key of MATERIALS) of PERSON."""
	return MATERIALS[kind][0](person, rng)


# ------------------------------------------------------------ photographing

def _perspective_coeffs(src, dst):
	"""The 8 coefficients PIL's PERSPECTIVE transform wants, mapping output
	points dst to input points src."""
	m, b = [], []
	for (x, y), (u, v) in zip(dst, src):
		m.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
		m.append([0, 0, 0, x, y, 1, -v * x, -v * y])
		b += [u, v]
	return np.linalg.solve(np.array(m, float), np.array(b, float)).tolist()


def _table(w, h, rng, nrng):
	"""A background: a wooden desk, a grey office table or a cloth."""
	kind = rng.choice(("wood", "grey", "cloth", "white"))
	base = {"wood": (150, 105, 65), "grey": (120, 122, 126), "cloth": (70, 80, 110), "white": (215, 212, 205)}[kind]
	a = np.empty((h, w, 3), np.float32)
	a[:] = base
	if kind == "wood":
		stripes = np.sin(np.linspace(0, rng.uniform(20, 60), h))[:, None] * 12
		a += stripes[..., None]
	a += nrng.normal(0, 6, (h, w, 1))
	return a


def _shake(out, length, angle):
	"""Motion blur of a hand that moved: the mean of LENGTH copies shifted
	along ANGLE (degrees)."""
	a = np.asarray(out, np.float32)
	acc = np.zeros_like(a)
	n = max(2, int(length))
	dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
	for i in range(n):
		t = i - n / 2
		acc += np.roll(a, (int(round(t * dy)), int(round(t * dx))), axis=(0, 1))
	return Image.fromarray((acc / n).clip(0, 255).astype(np.uint8))


_EXIF_ORIENTATION = {90: 6, 180: 3, 270: 8}	# PIL turns counter-clockwise


def photograph(img, rng, rotation=0, long_side=None, blur=None, dark=None,
	       quality=None, fill=None, flat=False, shake=None, bright=False, exif=False,
	       shadow=None, glare=None, shake_angle=None):
	"""A phone photo of the flat document IMG as JPEG bytes.

	The document is laid on a table filling FILL of the frame, seen in
	perspective, turned by a few degrees, lit unevenly (DARK scales the
	light: 1 normal, 0.2 a dark room; None: 0.6-1.1, a dim office to a
	bright desk), sometimes under the shadow of the phone or with a glare
	spot, blurred by BLUR (a Gaussian radius in pixels of the final image;
	None: a slight focus blur), or by SHAKE (a hand's motion, pixels,
	along SHAKE_ANGLE degrees: None any way; before the sensor's noise),
	with sensor noise, then turned by ROTATION (0, 90, 180, 270: a
	sideways or upside-down photo; EXIF adds the Orientation tag a phone
	writes, which a reader of the pixels does not see) and saved at
	QUALITY (70-92).  FLAT washes the contrast out (a faded print),
	BRIGHT burns it out (a flash or the sun).  SHADOW and GLARE: None for
	the chance of them (1 in 4, 1 in 10), True or False to force."""
	nrng = np.random.default_rng(rng.randrange(2 ** 32))
	long_side = long_side or rng.choice((1280, 1600, 1920, 2048, 2560, 3024))
	aspect = rng.choice((4 / 3, 16 / 9, 4 / 3))
	portrait_frame = img.height > img.width
	W, H = (long_side, int(long_side / aspect))
	if portrait_frame:
		W, H = H, W
	fill = fill or rng.uniform(0.6, 0.86)
	scale = min(W * fill / img.width, H * fill / img.height)
	dw, dh = int(img.width * scale), int(img.height * scale)
	doc = img.resize((dw, dh), Image.LANCZOS)
	# where the corners land: centred, jittered (perspective), turned a little
	cx, cy = W / 2 + rng.uniform(-0.05, 0.05) * W, H / 2 + rng.uniform(-0.05, 0.05) * H
	ang = math.radians(rng.uniform(-6, 6))
	j = 0.06 * min(dw, dh)
	dst = []
	for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
		x, y = sx * dw / 2 + rng.uniform(-j, j), sy * dh / 2 + rng.uniform(-j, j)
		dst.append((cx + x * math.cos(ang) - y * math.sin(ang), cy + x * math.sin(ang) + y * math.cos(ang)))
	src = [(0, 0), (dw, 0), (dw, dh), (0, dh)]
	coeffs = _perspective_coeffs(src, dst)
	warped = doc.transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
	mask = Image.new("L", (dw, dh), 255).transform((W, H), Image.PERSPECTIVE, coeffs, Image.BICUBIC)
	a = _table(W, H, rng, nrng)
	m = np.asarray(mask, np.float32)[..., None] / 255
	a = a * (1 - m) + np.asarray(warped, np.float32) * m
	# uneven light: a tilted plane times a vignette, a warm or cool cast
	yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
	gx, gy = rng.uniform(-0.25, 0.25), rng.uniform(-0.25, 0.25)
	light = 1 + gx * (xx / W - 0.5) + gy * (yy / H - 0.5)
	r2 = ((xx / W - 0.5) ** 2 + (yy / H - 0.5) ** 2)
	light *= 1 - rng.uniform(0.1, 0.35) * r2 / 0.5
	light *= (dark if dark else rng.uniform(0.6, 1.1))
	if (rng.random() < 0.25) if shadow is None else shadow:	# the phone's soft shadow over one corner
		sx, sy = rng.choice((0, W)), rng.choice((0, H))
		d2 = ((xx - sx) ** 2 + (yy - sy) ** 2) / float(W * W + H * H)
		light *= 1 - rng.uniform(0.25, 0.4) / (1 + np.exp((d2 - rng.uniform(0.08, 0.2)) * 60))
	cast = np.array([rng.uniform(0.94, 1.04), 1, rng.uniform(0.9, 1.04)], np.float32)
	a = a * light[..., None] * cast
	if not bright and ((rng.random() < 0.1) if glare is None else glare):	# a small glare spot of a lamp
		gx0, gy0, gr = rng.uniform(0.2, 0.8) * W, rng.uniform(0.2, 0.8) * H, rng.uniform(0.03, 0.07) * W
		a += (80 * np.exp(-((xx - gx0) ** 2 + (yy - gy0) ** 2) / (2 * gr * gr)))[..., None]
	if flat:	# washed out: contrast squeezed towards a light grey
		a = 185 + (a - a.mean()) * rng.uniform(0.04, 0.07)
	if bright:	# burnt out by a flash: everything pressed up towards white
		a = 255 - (255 - a) * rng.uniform(0.06, 0.12)
	if shake:	# the hand moved while the shutter was open: the light
		# is smeared before the sensor adds its noise
		a = np.asarray(_shake(Image.fromarray(a.clip(0, 255).astype(np.uint8)), shake,
				      shake_angle if shake_angle is not None else rng.uniform(0, 180)), np.float32)
	a += nrng.normal(0, rng.uniform(2, 5), a.shape)
	out = Image.fromarray(a.clip(0, 255).astype(np.uint8))
	radius = blur if blur is not None else (0 if shake else rng.uniform(0.3, 1.0) * long_side / 2000)
	if radius > 0:
		out = out.filter(ImageFilter.GaussianBlur(radius))
	if rotation:
		out = out.rotate(rotation, expand=True)
	buf = io.BytesIO()
	kw = {}
	if exif and rotation:
		ex = Image.Exif()
		ex[0x0112] = _EXIF_ORIENTATION[rotation]
		kw["exif"] = ex.tobytes()
	out.save(buf, "JPEG", quality=quality or rng.randint(70, 92), **kw)
	return buf.getvalue()


def scan(img, rng, dpi=150):
	"""A flatbed scan of IMG: straight, a hair turned, grey noise."""
	nrng = np.random.default_rng(rng.randrange(2 ** 32))
	g = img.convert("L").rotate(rng.uniform(-1.2, 1.2), resample=Image.BICUBIC, fillcolor=250)
	a = np.asarray(g, np.float32) + nrng.normal(0, 3, (g.height, g.width))
	return Image.fromarray(a.clip(0, 255).astype(np.uint8))


def scanned_pdf(pages, rng):
	"""An image-only PDF (no text layer) of scanned PAGES."""
	imgs = [scan(p, rng) for p in pages]
	buf = io.BytesIO()
	# fixed dates: PIL would stamp the time of the run
	when = time.gmtime(1793716991)	# 2026-11-03
	imgs[0].save(buf, "PDF", resolution=150.0, save_all=True, append_images=imgs[1:],
		     creationDate=when, modDate=when)
	return buf.getvalue()


def png_bytes(img):
	buf = io.BytesIO()
	img.save(buf, "PNG", optimize=False)
	return buf.getvalue()


def small(img, rng, long_side=None):
	"""A tiny photo (a thumbnail forwarded instead of the picture): a
	photo scaled to a long side of 200-400 px, JPEG."""
	ls = long_side or rng.randint(200, 400)
	ph = Image.open(io.BytesIO(photograph(img, rng, long_side=1280)))
	k = ls / max(ph.size)
	buf = io.BytesIO()
	ph.resize((max(1, int(ph.width * k)), max(1, int(ph.height * k))), Image.LANCZOS).save(buf, "JPEG", quality=85)
	return buf.getvalue()


# ------------------------------------------------------------ text PDFs

_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 20mm; }}
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; font-size: 12pt; }}
h1 {{ text-align: center; font-size: 22pt; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ border: 1px solid #333; padding: 6px 10px; }}
</style></head><body><h1>{title}</h1><table>{rows}</table><p>{foot}</p></body></html>"""


def text_html(kind, p, rng):
	"""HTML of the document KIND as the site that issues it prints it."""
	esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
	if kind == "xuexin-online-report":
		title, rows = "教育部学籍在线验证报告", [("姓名", p["name"]), ("性别", p["sex"]), ("证件号码", p["id_number"]),
						     ("出生日期", ymd(p["birth"])), ("院校", p["school"]), ("层次", "本科"),
						     ("专业", p["major"]), ("学籍状态", "不在籍（毕业）")]
		foot = "学信网 www.chsi.com.cn 在线验证码：%d" % rng.randint(10 ** 15, 10 ** 16 - 1)
	elif kind == "xuexin-registration-form":
		title, rows = "教育部学历证书电子注册备案表", [("姓名", p["name"]), ("性别", p["sex"]), ("出生日期", ymd(p["birth"])),
							("学校名称", p["school"]), ("专业", p["major"]), ("层次", "本科"),
							("毕（结）业", "毕业"), ("证书编号", "%d" % rng.randint(10 ** 17, 10 ** 18 - 1))]
		foot = "学信网 www.chsi.com.cn 在线验证码：%d" % rng.randint(10 ** 15, 10 ** 16 - 1)
	elif kind == "labour-contract":
		title, rows = "劳动合同书", [("甲方（用人单位）", p["company"]), ("乙方（劳动者）", p["name"]),
					  ("身份证号码", p["id_number"]), ("合同期限", "三年")]
		foot = "根据《中华人民共和国劳动合同法》，甲乙双方平等自愿、协商一致，订立本劳动合同。"
	elif kind == "application-form":
		title, rows = "上海市居住证积分申请表", [("姓名", p["name"]), ("身份证号", p["id_number"]),
						 ("单位名称", p["company"]), ("申请类型", "积分新办")]
		foot = "本人承诺以上所填信息及所提交的材料真实有效。"
	else:
		raise ValueError("no text PDF of " + kind)
	rows = "".join("<tr><td>%s</td><td>%s</td></tr>" % (esc(a), esc(b)) for a, b in rows)
	return _HTML.format(title=esc(title), rows=rows, foot=esc(foot))


TEXT_PDF_KINDS = ("xuexin-online-report", "xuexin-registration-form", "labour-contract", "application-form")


def text_pdf(html, workdir=None):
	"""A PDF with a real text layer: chromium --headless --print-to-pdf of
	HTML.  Returns the bytes; raises when chromium fails."""
	d = tempfile.mkdtemp(prefix="photos-pdf-", dir=workdir)
	try:
		src, out = os.path.join(d, "doc.html"), os.path.join(d, "doc.pdf")
		with open(src, "w", encoding="utf-8") as f:
			f.write(html)
		env = dict(os.environ, HOME=d)
		subprocess.run(["timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu",
				"--no-pdf-header-footer", "--print-to-pdf-no-header",
				"--print-to-pdf=" + out, "file://" + src],
			       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
		with open(out, "rb") as f:
			return f.read()
	finally:
		shutil.rmtree(d, ignore_errors=True)


# ------------------------------------------------------------------ names

def phone_name(rng, style=None):
	"""A file name as a phone, WeChat or a scanner gives it."""
	style = style or rng.choice(("img", "img", "wechat", "wechat", "mmexport", "scan", "Scan"))
	mo, d, h, mi, s = rng.randint(1, 11), rng.randint(1, 28), rng.randint(8, 21), rng.randint(0, 59), rng.randint(0, 59)
	if style == "img":
		return "IMG_2026%02d%02d_%02d%02d%02d.jpg" % (mo, d, h, mi, s)
	if style == "wechat":
		return "微信图片_2026%02d%02d%02d%02d%02d.jpg" % (mo, d, h, mi, s)
	if style == "mmexport":
		return "mmexport17%011d.jpg" % rng.randrange(10 ** 11)
	if style == "scan":
		return "扫描件%03d.jpg" % rng.randint(1, 120)
	return "Scan%04d.jpg" % rng.randint(1, 999)


# ------------------------------------------------------------------ corpus

def corpus(out, seed=1, per=2, text_pdfs=True, only=None, log=None):
	"""Writes the corpus into OUT and returns the manifest (a list)."""
	rng = random.Random("corpus-%s" % seed)
	os.makedirs(out, exist_ok=True)
	folk = people(seed, 8)
	man, used = [], set()

	def put(fname, data, **meta):
		base, ext = os.path.splitext(fname)
		k = 1
		while fname in used:	# two photos in one second: the phone adds _1
			fname = "%s_%d%s" % (base, k, ext)
			k += 1
		used.add(fname)
		with open(os.path.join(out, fname), "wb") as f:
			f.write(data)
		rec = {"file": fname, "material": None, "also": [], "person": None, "id_number": None,
		       "name": None, "unclear": None, "misfiled": None, "ocr": True, "rotation": 0, "kind": "photo"}
		rec.update(meta)
		man.append(rec)
		if log:
			log("%s %s" % (fname, meta.get("doc")))

	def truth(kind, pi):
		fn, mat, also, shows_id = MATERIALS[kind]
		p = folk[pi]
		return {"doc": kind, "material": mat, "also": also, "person": pi,
			"id_number": p["id_number"] if shows_id else None,
			"name": p["name"] if kind in SHOWS_NAME else None}

	kinds = [k for k in MATERIALS if not only or k in only]
	# every material: PER clear phone photos, one in four sideways or upside-down
	for kind in kinds:
		for i in range(per):
			pi = rng.randrange(len(folk))
			if kind == "screenshot":
				img = render(kind, folk[pi], rng)
				put("Screenshot_2026%02d%02d_%06d.png" % (rng.randint(1, 11), rng.randint(1, 28), rng.randrange(10 ** 6)),
				    png_bytes(img), kind="screenshot", **truth(kind, pi))
				continue
			rot = rng.choice((0, 0, 0, 0, 0, 90, 180, 270)) if i else 0
			img = render(kind, folk[pi], rng)
			name = phone_name(rng)
			put(name, photograph(img, rng, rotation=rot, exif=name.startswith("IMG_")), rotation=rot, **truth(kind, pi))
	# unclear: blurred, shaken (a hand that moved: across, down, along the
	# diagonals, any way), dark, tiny, washed out (of the ID card and the
	# forms)
	uk = [k for k in ("id-front", "residence-permit", "application-form", "labour-contract") if k in kinds]
	shakes = 0
	for i, why in enumerate(("blur", "shake", "dark", "small", "flat", "bright", "shake") * (per if uk else 0)):
		kind = uk[i % len(uk)]
		pi = rng.randrange(len(folk))
		img = render(kind, folk[pi], rng)
		if why == "blur":	# out of focus: strokes melt into each other
			ls = rng.choice((1280, 2048, 3024))
			data = photograph(img, rng, blur=rng.uniform(5, 9) * ls / 2048, long_side=ls)
		elif why == "shake":
			ls = rng.choice((1600, 2048, 3024))
			ang = (0, 90, 45, 135, None)[shakes % 5]
			shakes += 1
			data = photograph(img, rng, shake=rng.uniform(20, 60) * ls / 2048, long_side=ls, shake_angle=ang)
		elif why == "dark":
			data = photograph(img, rng, dark=rng.uniform(0.08, 0.2))
		elif why == "small":
			data = small(img, rng)
		elif why == "flat":
			data = photograph(img, rng, flat=True)
		else:
			data = photograph(img, rng, bright=True)
		put(phone_name(rng, "wechat"), data, unclear=why, **truth(kind, pi))
	# misfiled: another person's ID card, to be put in folk[0..]'s archive
	if "id-front" in kinds:
		for i in range(per):
			owner = i % 3
			other = 3 + i % (len(folk) - 3)
			img = render("id-front", folk[other], rng)
			put(phone_name(rng, "img"), photograph(img, rng), misfiled=owner, **truth("id-front", other))
	# scanned PDFs: image only, one or two pages
	for kind in [k for k in ("labour-contract", "application-form", "diploma") if k in kinds]:
		pi = rng.randrange(len(folk))
		pages = [render(kind, folk[pi], rng)]
		put("Scan%04d.pdf" % rng.randint(1, 999), scanned_pdf(pages, rng), kind="scan-pdf", **truth(kind, pi))
	# text PDFs: what 学信网 and HR software print; read without OCR
	if text_pdfs:
		for kind in [k for k in TEXT_PDF_KINDS if k in kinds]:
			pi = rng.randrange(len(folk))
			put("%s_%d.pdf" % (rng.choice(("download", "document", "报告")), rng.randint(1, 99)),
			    text_pdf(text_html(kind, folk[pi], rng)), kind="text-pdf", ocr=False, **truth(kind, pi))
	# a cut-out window where Guangzhou asks for the full screen
	if "screenshot" in kinds:
		img = _screenshot(folk[0], rng, full=False)
		put("截图_%d.png" % rng.randint(1, 99), png_bytes(img), kind="screenshot", unclear="not-full-screen",
		    **truth("screenshot", 0))
	meta = {"seed": seed, "per": per, "people": folk, "files": man}
	with open(os.path.join(out, "manifest.json"), "w", encoding="utf-8") as f:
		json.dump(meta, f, ensure_ascii=False, indent=1)
	return meta


def main():
	ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	ap.add_argument("out")
	ap.add_argument("--seed", type=int, default=1)
	ap.add_argument("--per", type=int, default=2, help="photos per material")
	ap.add_argument("--no-text-pdfs", action="store_true", help="skip chromium")
	ap.add_argument("--only", default="", help="comma-separated document kinds")
	ap.add_argument("-v", action="store_true")
	a = ap.parse_args()
	only = set(a.only.split(",")) if a.only else None
	if only and only - set(MATERIALS):
		ap.error("unknown kinds: %s (known: %s)" % (", ".join(sorted(only - set(MATERIALS))), ", ".join(MATERIALS)))
	m = corpus(a.out, a.seed, a.per, not a.no_text_pdfs, only, log=(lambda s: print(s, file=sys.stderr)) if a.v else None)
	print("%d files in %s" % (len(m["files"]), a.out))


if __name__ == "__main__":
	main()
