#!/usr/bin/python3
"""Helpers for staff.sh, on an outbox directory of replies.

  staff_mail.py has DIR TEXT...   the newest reply's subject and decoded
                                  body contain every TEXT (prints the
                                  missing ones; exit 1 if any)
  staff_mail.py answer DIR OUT    writes OUT: the HR officer's answer to the
                                  newest reply, with 张三.zip holding the
                                  missing 劳动合同.jpg
"""
import email
import io
import os
import subprocess
import sys
import zipfile
from email import policy
from email.message import EmailMessage


def newest(d):
	f = max((os.path.join(d, x) for x in os.listdir(d)), key=os.path.getmtime)
	return email.message_from_binary_file(open(f, "rb"), policy=policy.default)


def has(d, texts):
	m = newest(d)
	text = str(m["Subject"]) + "\n" + m.get_content()
	miss = [t for t in texts if t not in text]
	print("\n".join(miss))
	return 1 if miss else 0


def answer(d, out):
	r = newest(d)
	jpg = subprocess.run(["cjpeg"], input=b"P6 8 8 255\n" + bytes([10, 200, 30]) * 64,
			     capture_output=True, check=True).stdout
	z = io.BytesIO()
	with zipfile.ZipFile(z, "w") as zf:
		zf.writestr("张三/劳动合同.jpg", jpg)
	m = EmailMessage()
	m["From"] = str(r["To"])
	m["To"] = "jifen@intake.invalid"
	m["Subject"] = "Re: " + str(r["Subject"])
	m["Message-ID"] = "<resubmission-1@hr.example.com>"
	m["In-Reply-To"] = r["Message-ID"]
	m["References"] = r["Message-ID"]
	m.set_content("已补充劳动合同。联系电话：021-54321234")
	m.add_attachment(z.getvalue(), maintype="application", subtype="zip",
			 filename="张三.zip")
	open(out, "wb").write(m.as_bytes())
	return 0


if __name__ == "__main__":
	if sys.argv[1] == "has":
		sys.exit(has(sys.argv[2], sys.argv[3:]))
	sys.exit(answer(sys.argv[2], sys.argv[3]))
