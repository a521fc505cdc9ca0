#!/usr/bin/python3
"""web_mail — mail for the console's browser test: one Minhang mail from a
company's HR for 陈晓明 whose archive holds scans of every kind the
submission page previews (JPEG and PNG as they are, a PDF and a HEIC photo
rendered on the server), so the page has a picture of each to load.

usage: /usr/bin/python3 tests/regress/web_mail.py DIR
Writes DIR/web-1.eml.
"""
import os, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
				"..", "corpus"))
import mkmail as M

COMPANY = "上海浦江软件有限公司"


def main(out):
	files = [("身份证.jpg", M.jpeg(7, 240, 160)),
		 ("积分申请表.png", M.png(8, 120, 160)),
		 ("居住证.pdf", M.pdf("permit")),
		 ("劳动合同.heic", M.heic(9))]
	arch = M.zip_of([("陈晓明/", b"")] + [("陈晓明/" + n, d) for n, d in files])
	body = ("您好！\n\n附件为我司员工陈晓明的居住证积分申请材料，请审核。\n\n"
		"联系人：王敏（人事专员）\n联系电话：021-54321234\n\n%s 人事部\n" % COMPANY)
	subject = "%s—陈晓明(新办)—共1人" % COMPANY
	msg = M.message(M.mixed(body, [M.attachment("陈晓明.zip", arch,
						      "application/x-zip-compressed")]),
			M.ew_b(subject), frm="hr@pujiang-soft.example.com",
			msgid="<web-1@pujiang-soft.example.com>")
	with open(os.path.join(out, "web-1.eml"), "wb") as f:
		f.write(msg)


if __name__ == "__main__":
	main(sys.argv[1])
