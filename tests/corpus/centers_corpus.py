#!/usr/bin/python3
"""centers_corpus — the issue-4 "center rules" corpus: for every shipped
center profile a complete batch that must be accepted, and mail carrying
each problem code of doc/verdict.md, with the reply a center's staff
would expect.

usage: /usr/bin/python3 tests/corpus/centers_corpus.py DIR

Writes DIR/NN-center-case.eml, DIR/senders.csv (the Jing'an sender
registry, `company,short_name,email`) and DIR/expect.json, in the format
of reader_corpus.py plus (checked by tests/regress/check_json.py):
  status / status_in        the verdict's status
  company, declared_count, business
  person_names              persons that must be listed
  missing_items             {person: [material keys]} in person.missing
  reply_null                reply is null (robots)
  reply_to                  reply.to contains this address
  reply_contains            strings the reply body must contain
  reply_contains_any        lists: one string of each must be there
  reply_line_has            lists: ONE line of the body holds all of them
                            (the correct subject, filled in)
  reply_receipt             the body carries a receipt number
  reply_sample              ... marked as a sample (check sends nothing,
                            so its number is not a real receipt)
duplicate-message needs the daemon's records and is not here.
"""
import csv, io, itertools, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mkmail as M
from reader_corpus import Corpus, fx

COMPANY = "上海星辰科技有限公司"
HR = "hr@xingchen-tech.example.com"
HR_FROM = M.display("人事部 王敏", HR)
CO2 = "上海远航物流有限公司"
HR2 = "renshi@yuanhang-logistics.example.com"
# Jing'an registry
JA_CO, JA_SHORT, JA_MAIL = "中国平安人寿保险股份有限公司上海分公司", "平安人寿", "hr@pingan-life.example.com"
JA_OTHER = ("上海静安星光贸易有限公司", "星光贸易", "admin@xingguang-trade.example.com")

P = {"张三": ("19900307", "123"), "李四": ("19880512", "045"), "王五": ("19920229", "031"),
     "赵六": ("19851111", "777"), "陈晓明": ("19930101", "318"), "刘芳": ("19950615", "062")}
ID = {n: M.id_number("310101", b, s) for n, (b, s) in P.items()}

NEW = ["身份证.jpg", "积分申请表.jpg", "居住证.jpg", "劳动合同.jpg"]
RENEW = ["身份证.jpg", "积分申请表.jpg", "居住证.jpg"]
ITEMS = {"身份证": "id-card", "积分申请表": "application-form", "居住证": "residence-permit",
	 "劳动合同": "labour-contract"}

_seed = itertools.count(100)
_mid = itertools.count(1)


def scans(names, folder="", maker=None):
	return [(folder + n, (maker or M.jpeg)(next(_seed))) for n in names]


def body(company=COMPANY, phone=True, extra=""):
	b = "您好！\n\n附件为我司员工的居住证积分申请材料，请审核。%s\n\n" % extra
	if phone:
		b += "联系人：王敏（人事专员）\n联系电话：021-54321234\n"
	else:
		b += "联系人：王敏（人事专员）\n"
	return b + "\n%s 人事部\n" % company


def mail(subject, atts, frm=HR_FROM, text=None, extra=(), cs="UTF-8"):
	return M.message(M.mixed(text if text is not None else body(), atts,
				 "----=_NextPart_%06d" % next(_mid), cs=cs),
			 M.ew_b(subject, cs) if isinstance(subject, str) else subject, frm=frm, extra=extra,
			 msgid="<%d.centers@mail.example.com>" % next(_mid))


def zipped(person, files, names="gbk", how="2231-gbk", archive=None):
	"""One person's archive, named after the person, files in a folder."""
	data = M.zip_of([(person + "/", b"")] + [(person + "/" + n, d) for n, d in files], names)
	return M.attachment(archive or person + ".zip", data, "application/x-zip-compressed", how)


def dash(company, persons, count=None):
	"""Minhang/Xuhui: 某某公司—某某人(新办)+某某人(续办)—共几人."""
	return "%s—%s—共%s人" % (company, "+".join("%s(%s)" % p for p in persons),
				  count if count is not None else len(persons))


def brackets(*fields, plus="+"):
	return plus.join("【%s】" % f for f in fields)


def build(outdir):
	c = Corpus(outdir)
	with open(os.path.join(outdir, "senders.csv"), "w", encoding="utf-8", newline="") as f:
		w = csv.writer(f, lineterminator="\r\n")
		w.writerow(["company", "short_name", "email"])
		w.writerow([JA_CO, JA_SHORT, JA_MAIL])
		w.writerow(list(JA_OTHER))

	def add(center, name, desc, msg, **exp):
		c.add(center + "-" + name, desc, msg, center=center, **exp)

	rep = dict(reply_to=HR)

	# ================================================== Minhang, Xuhui
	for center in ("minhang", "xuhui"):
		zs, ls = scans(NEW), scans(RENEW)
		s = dash(COMPANY, [("张三", "新办"), ("李四", "续办")])
		add(center, "accepted", "two persons, 新办 + 续办, one JPG archive each named after the person",
		    mail(s, [zipped("张三", zs), zipped("李四", ls, "utf8", "ew-b-utf8")]),
		    subject=s, status="accepted", company=COMPANY, declared_count=2, person_names=["张三", "李四"],
		    reply_contains=[COMPANY, "张三", "李四"], reply_receipt=True, reply_sample=True, **rep)
		s = "积分申请材料 %s 赵六" % COMPANY
		add(center, "subject-unrecognized", "a subject in no convention of the center",
		    mail(s, [zipped("赵六", scans(NEW))]),
		    codes=["subject-unrecognized"], status="rejected",
		    # the reply shows the center's subject form, filled with the
		    # company (it is in the subject and the signature)
		    reply_line_has=[[COMPANY, "—", "共"]], **rep)
		s = dash(COMPANY, [("张三", "单位变更")])
		add(center, "business-unknown", "单位变更 is not taken by mail here",
		    mail(s, [zipped("张三", scans(NEW))]), codes=["business-unknown"], status="rejected", **rep)
		s = dash(COMPANY, [("张三", "新办"), ("李四", "续办")], count=3)
		add(center, "count-mismatch", "共3人 but two persons listed and attached",
		    mail(s, [zipped("张三", scans(NEW)), zipped("李四", scans(RENEW))]),
		    codes=["count-mismatch"], status="rejected", **rep)
		s = dash(COMPANY, [("张三", "新办")])
		add(center, "no-attachment", "the archive was forgotten",
		    M.message(M.text_part(body()), M.ew_b(s), frm=HR_FROM, msgid="<%d.c@mail.example.com>" % next(_mid)),
		    codes=["no-attachment"], status="rejected", **rep)
		s = dash(COMPANY, [("张三", "新办"), ("李四", "续办")])
		add(center, "archive-missing", "李四 listed, only 张三.zip attached",
		    mail(s, [zipped("张三", scans(NEW))]), codes=["archive-missing"], status="rejected",
		    reply_contains=["李四"], **rep)
		s = dash(COMPANY, [("张三", "新办")])
		add(center, "archive-unexpected", "王五.zip attached but only 张三 listed",
		    mail(s, [zipped("张三", scans(NEW)), zipped("王五", scans(NEW))]),
		    codes=["archive-unexpected"], status_in=["rejected", "review"], reply_contains=["王五"], **rep)
		add(center, "archive-duplicate", "张三.zip and 张三.7z",
		    mail(s, [zipped("张三", scans(NEW)),
			     M.attachment("张三.7z", M.sevenz([("张三/" + n, d) for n, d in scans(NEW)]),
					  "application/x-7z-compressed")]),
		    codes=["archive-duplicate"], status_in=["rejected", "review"], **rep)
		big = [("张三/" + n, M.jpeg(next(_seed), 96, 96)) for n in NEW]
		add(center, "archive-unreadable", "张三.zip cut in half",
		    mail(s, [M.attachment("张三.zip", M.truncate(M.zip_of(big)), "application/zip")]),
		    codes=["archive-unreadable"], **rep)
		add(center, "archive-encrypted", "张三.zip with a password",
		    mail(s, [M.attachment("张三.zip", M.zip_encrypted(big), "application/zip")]),
		    codes=["archive-encrypted"], **rep)
		add(center, "archive-unsafe", "张三.tar with ../ and a symlink",
		    mail(s, [M.attachment("张三.tar", M.tar_of(big[:3] + [("../劳动合同.jpg", M.jpeg(7))],
							    links=[("张三/居住证2.jpg", "/etc/passwd")]),
				  "application/x-tar")]),
		    codes=["archive-unsafe"], **rep)
		add(center, "archive-too-large", "张三.zip expanding to 150 MB",
		    mail(s, [M.attachment("张三.zip", M.zip_bomb("张三/劳动合同.jpg"), "application/zip")]),
		    codes=["archive-too-large"], **rep)
		pngset = scans(["身份证.png"], maker=M.png) + scans(NEW[1:])
		add(center, "file-type-not-allowed", "a PNG photo where only JPG is accepted",
		    mail(s, [zipped("张三", pngset)]), files=fx(pngset), codes=["file-type-not-allowed"],
		    status="rejected", reply_contains=["张三", "身份证.png"], **rep)
		emp = scans(NEW[:3]) + [("劳动合同.jpg", b"")]
		add(center, "file-empty", "a zero-byte 劳动合同.jpg",
		    mail(s, [zipped("张三", emp)]), codes=["file-empty"], **rep)
		add(center, "item-missing", "张三 without 劳动合同",
		    mail(s, [zipped("张三", scans(NEW[:3]))]), codes=["item-missing"], status="rejected",
		    missing_items={"张三": ["labour-contract"]},
		    reply_contains=["张三", "劳动合同"], reply_line_has=[[COMPANY, "张三", "共1人"]], **rep)
		add(center, "item-unclassified", "a complete set plus 扫描件001.jpg: only a person can tell",
		    mail(s, [zipped("张三", scans(NEW) + scans(["扫描件001.jpg"]))]),
		    codes=["item-unclassified"], status="review", **rep)
		add(center, "item-unclassified-missing", "劳动合同 may be inside 扫描件001.jpg: review, not rejected",
		    mail(s, [zipped("张三", scans(NEW[:3]) + scans(["扫描件001.jpg"]))]),
		    codes=["item-unclassified"], status="review", **rep)
		d = scans(NEW)
		add(center, "file-duplicate", "the same scan twice (身份证.jpg and 身份证-副本.jpg)",
		    mail(s, [zipped("张三", d + [("身份证-副本.jpg", d[0][1])])]), codes=["file-duplicate"], **rep)
		# a warning only: the batch is complete, so it is not rejected
		add(center, "contact-missing", "a complete batch, no phone number in the body",
		    mail(s, [zipped("张三", scans(NEW))], text=body(phone=False)),
		    codes=["contact-missing"], status_in=["accepted", "review"], **rep)

	# Xuhui's own variants: Chinese numeral, full-width parentheses,
	# traditional 續辦, a 回复: prefix, another sender
	s = "%s—王五（新办）+赵六（續辦）+陈晓明(新辦)—共三人" % CO2
	c.add("xuhui-accepted-variants", "共三人, full-width parentheses, traditional keywords",
	      mail(s, [zipped("王五", scans(NEW)), zipped("赵六", scans(RENEW), "utf8", "2231-utf8"),
		       zipped("陈晓明", scans(NEW), "gbk", "ew-b-gbk")], frm=M.display("人事 李娜", HR2),
		   text=body(CO2)),
	      center="xuhui", subject=s, status="accepted", company=CO2, declared_count=3,
	      person_names=["王五", "赵六", "陈晓明"], reply_to=HR2, reply_contains=[CO2, "王五", "赵六", "陈晓明"],
	      reply_receipt=True)
	s = "回复: %s－刘芳(新办)－共1人" % CO2
	c.add("xuhui-accepted-reply-prefix", "a resubmission as a reply (回复:), full-width dash",
	      mail(s, [zipped("刘芳", scans(NEW))], frm=M.display("人事 李娜", HR2), text=body(CO2)),
	      center="xuhui", status="accepted", company=CO2, person_names=["刘芳"], reply_to=HR2,
	      reply_receipt=True)
	pj = [("身份证.jpg", M.pdf("id"))] + scans(NEW[1:])
	c.add("xuhui-pdf-as-jpg", "a PDF renamed .jpg where only JPG is accepted",
	      mail(dash(COMPANY, [("张三", "新办")]), [zipped("张三", pj)]), center="xuhui",
	      files=fx(pj), codes=["file-type-not-allowed"], status="rejected", reply_to=HR)

	# robots: never a reply (Minhang profile; the same for every center)
	robots = [
		("auto-submitted", "Auto-Submitted: auto-replied", [("Auto-Submitted", "auto-replied")], HR_FROM, "自动回复：我已休假"),
		("precedence-bulk", "Precedence: bulk", [("Precedence", "bulk")], HR_FROM, "人才服务中心月报"),
		("list-id", "mailing-list mail (List-Id)", [("List-Id", "<hr-news.lists.example.com>"),
							    ("List-Unsubscribe", "<mailto:unsub@lists.example.com>")],
		 HR_FROM, "[HR资讯] 本周积分政策汇总"),
		("return-path-empty", "Return-Path: <> (a bounce)", [("Return-Path", "<>")], HR_FROM,
		 dash(COMPANY, [("张三", "新办")])),
		("mailer-daemon", "from MAILER-DAEMON", [], "MAILER-DAEMON@mail.example.com (Mail Delivery System)",
		 "Undelivered Mail Returned to Sender"),
		# X-Autoreply is not in the interface's list, but it marks an
		# auto-reply as surely as Auto-Submitted: staff never answer one
		("x-autoreply", "X-Autoreply: yes (an out-of-office)", [("X-Autoreply", "yes")], HR_FROM,
		 "自动回复: " + dash(COMPANY, [("张三", "新办")])),
	]
	for key, desc, hdrs, frm, subj in robots:
		c.add("minhang-robot-" + key, desc,
		      mail(subj, [zipped("张三", scans(NEW))] if "return" in key else [], frm=frm,
			   text="我正在休假，11月30日回来。\n", extra=hdrs),
		      center="minhang", status="ignored", reply_null=True)
	orig = mail(dash(COMPANY, [("张三", "新办")]), [])
	dsn = M.multipart("report", [
		M.text_part("This is the mail system at host mail.example.com.\n\nI'm sorry to have to inform you "
			    "that your message could not be delivered.\n"),
		(["Content-Type: message/delivery-status".encode()],
		 b"Reporting-MTA: dns; mail.example.com\r\n\r\nFinal-Recipient: rfc822; jifen@intake.invalid\r\n"
		 b"Action: failed\r\nStatus: 5.1.1\r\n"),
		(["Content-Type: text/rfc822-headers".encode()], orig.split(b"\r\n\r\n", 1)[0] + b"\r\n")],
		"----=_dsn_0001", params=" report-type=delivery-status;")
	c.add("minhang-robot-dsn", "a multipart/report delivery status notification",
	      M.message(dsn, "Delivery Status Notification (Failure)",
			frm="postmaster@mail.example.com", msgid="<dsn.1@mail.example.com>"),
	      center="minhang", status="ignored", reply_null=True)

	# ===================================================== Baoshan, Huangpu
	for center in ("baoshan", "huangpu"):
		zs = scans(["身份证.jpg", "积分申请表.jpg"]) + [("居住证.pdf", M.pdf("permit"))] + \
			scans(["劳动合同.png"], maker=M.png)
		s = brackets(COMPANY, "张三", ID["张三"], "积分新办")
		add(center, "accepted", "one person, stamped scans as JPG, PDF and PNG attached directly",
		    mail(s, [M.attachment(n, d, "application/octet-stream", "2231-gbk") for n, d in zs]),
		    subject=s, status="accepted", company=COMPANY, person_names=["张三"], files=fx(zs),
		    reply_contains=[COMPANY, "张三"], reply_receipt=True, reply_sample=True, **rep)
		bad = M.id_bad_check("310101", "19900307", "123")
		s = brackets(COMPANY, "张三", bad, "积分新办")
		add(center, "id-number-invalid", "the ID number fails the GB 11643 check",
		    mail(s, [zipped("张三", scans(NEW))]), codes=["id-number-invalid"], status="rejected", **rep)
		s = brackets(COMPANY, "李四", M.id_number("310101", "19900230", "045"), "积分新办")
		add(center, "id-birth-impossible", "an ID number with 30 February as birth date (check digit right)",
		    mail(s, [zipped("李四", scans(NEW))]), codes=["id-number-invalid"], status="rejected", **rep)
		s = brackets(COMPANY, "张三", ID["张三"], "积分续办")
		add(center, "business-unknown", "续办 is done online, not by mail",
		    mail(s, [zipped("张三", scans(RENEW))]), codes=["business-unknown"], status="rejected", **rep)
		s = "%s 张三 积分材料" % COMPANY
		add(center, "subject-unrecognized", "no brackets at all",
		    mail(s, [zipped("张三", scans(NEW))]), codes=["subject-unrecognized"], status="rejected",
		    reply_line_has=[[COMPANY, "】+【"]], **rep)
		s = brackets(COMPANY, "张三", ID["张三"], "积分新办")
		add(center, "item-missing", "no 居住证",
		    mail(s, [zipped("张三", scans(["身份证.jpg", "积分申请表.jpg", "劳动合同.jpg"]))]),
		    codes=["item-missing"], status="rejected", missing_items={"张三": ["residence-permit"]},
		    reply_contains=["张三", "居住证"], reply_line_has=[[COMPANY, "张三", ID["张三"]]], **rep)
	s = "[%s] + [王五] + [%s] + [积分新办]" % (COMPANY, ID["王五"])
	c.add("huangpu-accepted-halfwidth", "half-width brackets, spaces around +",
	      mail(s, [zipped("王五", scans(NEW))]), center="huangpu", status="accepted",
	      company=COMPANY, person_names=["王五"], reply_to=HR, reply_receipt=True)
	s = brackets(COMPANY, "赵六", ID["赵六"], "積分新辦", plus="＋")
	c.add("huangpu-accepted-fullwidth", "full-width ＋, traditional 積分新辦",
	      mail(s, [zipped("赵六", scans(NEW))]), center="huangpu", status="accepted",
	      company=COMPANY, person_names=["赵六"], reply_to=HR, reply_receipt=True)

	# ============================================================ Hongkou
	s = brackets("积分新办", COMPANY, "陈晓明", ID["陈晓明"])
	hk = scans(NEW)
	c.add("hongkou-accepted", "【积分新办】+【单位】+【姓名】+【身份证号】",
	      mail(s, [zipped("陈晓明", hk)]), center="hongkou", subject=s, status="accepted",
	      company=COMPANY, person_names=["陈晓明"], files=fx(hk),
	      reply_contains=[COMPANY, "陈晓明"], reply_receipt=True, reply_sample=True, **rep)
	s = brackets("积分新办", COMPANY, "陈晓明", ID["陈晓明"][:-1] + ("0" if ID["陈晓明"][-1] != "0" else "1"))
	c.add("hongkou-id-number-invalid", "wrong check character",
	      mail(s, [zipped("陈晓明", scans(NEW))]), center="hongkou", codes=["id-number-invalid"],
	      status="rejected", **rep)
	s = "%s—陈晓明(新办)—共1人" % COMPANY
	c.add("hongkou-subject-unrecognized", "Minhang's form sent to Hongkou",
	      mail(s, [zipped("陈晓明", scans(NEW))]), center="hongkou", codes=["subject-unrecognized"],
	      status="rejected", reply_line_has=[[COMPANY, "】+【"]], **rep)
	s = brackets("积分新办", COMPANY, "陈晓明", ID["陈晓明"])
	c.add("hongkou-item-missing", "no 积分申请表",
	      mail(s, [zipped("陈晓明", scans(["身份证.jpg", "居住证.jpg", "劳动合同.jpg"]))]), center="hongkou",
	      codes=["item-missing"], status="rejected", missing_items={"陈晓明": ["application-form"]},
	      reply_contains=["陈晓明", "积分申请表"], reply_line_has=[[COMPANY, "陈晓明"]], **rep)

	# ============================================================ Jing'an
	# Every file and the mail: 日期+积分新办+公司简称+人名 (no separators);
	# the material follows the person's name in a file name.
	pre = "20261120积分新办%s张三" % JA_SHORT
	ja = [(pre + "-" + n, M.jpeg(next(_seed))) for n in NEW]
	ja_from = M.display("平安人寿 人事部", JA_MAIL)
	ja_body = body(JA_CO)
	c.add("jingan-accepted", "registered sender, mail and every file named 日期+积分新办+简称+人名",
	      mail(pre, [M.attachment(n, d, "image/jpeg", "2231-gbk") for n, d in ja], frm=ja_from, text=ja_body),
	      center="jingan", senders="senders.csv", subject=pre, status="accepted", person_names=["张三"],
	      files=fx(ja), reply_to=JA_MAIL, reply_contains=["张三"], reply_contains_any=[[JA_CO, JA_SHORT]],
	      reply_receipt=True, reply_sample=True)
	c.add("jingan-sender-not-registered", "the same mail from an address that is not the registered one",
	      mail(pre, [M.attachment(n, d, "image/jpeg", "2231-gbk") for n, d in ja],
		   frm=M.display("张三", "zhangsan1990@qq.example.com"), text=ja_body),
	      center="jingan", senders="senders.csv", codes=["sender-not-registered"], status="rejected",
	      reply_to="zhangsan1990@qq.example.com")
	c.add("jingan-sender-other-company", "平安人寿's material from 星光贸易's registered address",
	      mail(pre, [M.attachment(n, d, "image/jpeg", "2231-gbk") for n, d in ja],
		   frm=JA_OTHER[2], text=ja_body),
	      center="jingan", senders="senders.csv", codes=["sender-not-registered"], status="rejected",
	      reply_to=JA_OTHER[2])
	plain = scans(NEW)
	c.add("jingan-subject-unrecognized", "subject and file names not in Jing'an's form",
	      mail("张三的积分申请材料", [M.attachment(n, d, "image/jpeg", "2231-utf8") for n, d in plain],
		   frm=ja_from, text=ja_body),
	      center="jingan", senders="senders.csv", codes=["subject-unrecognized"], status="rejected",
	      reply_to=JA_MAIL, reply_line_has=[["积分新办", JA_SHORT]])
	c.add("jingan-item-missing", "no 劳动合同",
	      mail(pre, [M.attachment(n, d, "image/jpeg", "2231-gbk") for n, d in ja[:3]], frm=ja_from, text=ja_body),
	      center="jingan", senders="senders.csv", codes=["item-missing"], status="rejected",
	      missing_items={"张三": ["labour-contract"]}, reply_to=JA_MAIL, reply_contains=["张三", "劳动合同"],
	      reply_line_has=[["积分新办", JA_SHORT, "张三"]])
	c.add("jingan-robot", "an out-of-office from the registered address",
	      mail("自动回复：" + pre, [], frm=ja_from, text="您好，我已休假。\n",
		   extra=[("Auto-Submitted", "auto-replied")]),
	      center="jingan", senders="senders.csv", status="ignored", reply_null=True)

	# ========================================================== Guangzhou
	gz_from = M.display("刘芳", "liufang@gz-hr.example.com")
	shot = [("系统截图.png", M.png(77, 64, 40))]

	def gz_body(name=True, idn=True, phone=True):
		b = "您好，我在引进人才入户系统提交申请时页面提示“系统异常”，无法继续。\n\n"
		if name:
			b += "姓名：刘芳\n"
		if idn:
			b += "身份证号：%s\n" % M.id_number("440106", "19950615", "062")
		if phone:
			b += "电话：13912345678\n"
		return b + "\n全屏截图见附件，谢谢！\n"
	s = "引进人才入户系统问题—刘芳"
	gz_att = [M.attachment(n, d, "image/png", "2231-utf8") for n, d in shot]
	c.add("guangzhou-support-accepted", "name, ID number and phone in the body, a full-screen screenshot",
	      mail(s, gz_att, frm=gz_from, text=gz_body()), center="guangzhou-support", status="accepted",
	      files=fx(shot), person_names=["刘芳"], reply_to="liufang@gz-hr.example.com",
	      reply_contains=["刘芳"], reply_receipt=True, reply_sample=True)
	c.add("guangzhou-support-no-id", "no ID-card number in the body",
	      mail(s, gz_att, frm=gz_from, text=gz_body(idn=False)), center="guangzhou-support",
	      codes=["field-missing"], status="rejected", reply_to="liufang@gz-hr.example.com",
	      reply_contains_any=[["身份证号", "身份证号码"]])
	c.add("guangzhou-support-no-phone", "no phone number in the body",
	      mail(s, gz_att, frm=gz_from, text=gz_body(phone=False)), center="guangzhou-support",
	      codes=["field-missing"], status="rejected", reply_to="liufang@gz-hr.example.com")
	c.add("guangzhou-support-no-screenshot", "no screenshot attached",
	      mail(s, [], frm=gz_from, text=gz_body()), center="guangzhou-support",
	      codes_any=[["no-attachment", "item-missing"]], status="rejected", reply_to="liufang@gz-hr.example.com")
	c.finish()


if __name__ == "__main__":
	if len(sys.argv) != 2:
		sys.exit("usage: centers_corpus.py DIR")
	build(sys.argv[1])
