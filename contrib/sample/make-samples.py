#!/usr/bin/python3
"""Writes the sample mail of the bundled default (contrib/sample/*.eml).

Run from anywhere: /usr/bin/python3 contrib/sample/make-samples.py
Deterministic; needs cjpeg (libjpeg-turbo-progs) for real JPEG scans.
The output is committed so `make run` needs neither Python nor cjpeg.
"""
import base64, io, os, subprocess, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def jpeg(seed):
    ppm = b"P6 24 16 255\n" + bytes((seed * 7 + i) % 256 for i in range(24 * 16 * 3))
    return subprocess.run(["cjpeg", "-quality", "80"], input=ppm,
                          capture_output=True, check=True).stdout


class GBKInfo(zipfile.ZipInfo):
    """A Windows-style entry: GBK name, UTF-8 flag clear."""
    def _encodeFilenameFlags(self):
        return self.filename.encode("gbk"), self.flag_bits


def zip_of(files, gbk=False):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = (GBKInfo if gbk else zipfile.ZipInfo)(name, (2026, 11, 20, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def word(text, cs="UTF-8"):
    return "=?%s?B?%s?=" % (cs, base64.b64encode(text.encode(cs)).decode())


def message(name, frm, subject, body, atts, extra="", cs="UTF-8"):
    bnd = "----=_intake_sample_%s" % name
    parts = ["From: %s\r\nTo: jifen@intake.invalid\r\nSubject: %s\r\n"
             "Date: Fri, 20 Nov 2026 09:30:00 +0800\r\n"
             "Message-ID: <%s@hr.example.com>\r\nMIME-Version: 1.0\r\n%s"
             "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
             % (frm, word(subject, cs), name, extra, bnd)]
    parts.append("--%s\r\nContent-Type: text/plain; charset=%s\r\n"
                 "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
                 % (bnd, cs, b64(body.encode(cs))))
    for fname, data in atts:
        parts.append("--%s\r\nContent-Type: application/zip; name=\"%s\"\r\n"
                     "Content-Disposition: attachment; filename=\"%s\"\r\n"
                     "Content-Transfer-Encoding: base64\r\n\r\n%s\r\n"
                     % (bnd, word(fname, cs), word(fname, cs), b64(data)))
    parts.append("--%s--\r\n" % bnd)
    with open(os.path.join(HERE, name + ".eml"), "w", newline="") as f:
        f.write("".join(parts))


HR = "%s <hr@xingchen-tech.example.com>" % word("人事部 王敏")
BODY = "您好，附件为我司员工积分申请材料，请审核。\n联系人：王敏 电话 021-54321234\n"
full = [("身份证.jpg", jpeg(1)), ("积分申请表.jpg", jpeg(2)),
        ("居住证.jpg", jpeg(3)), ("劳动合同.jpg", jpeg(4))]
renew = [("身份证.jpg", jpeg(5)), ("积分申请表.jpg", jpeg(6)), ("居住证.jpg", jpeg(7))]

message("01-complete", HR, "上海星辰科技有限公司—张三(新办)+李四(续办)—共2人", BODY,
        [("张三.zip", zip_of([("张三/" + n, d) for n, d in full])),
         ("李四.zip", zip_of(renew))])
# Foxmail on Chinese Windows: GBK subject, GBK names in the zip.
message("02-missing-contract", HR, "上海星辰科技有限公司—王五(新办)—共1人", BODY,
        [("王五.zip", zip_of(full[:3], gbk=True))], cs="GBK")
message("03-wrong-subject", HR, "积分申请材料 赵六", BODY,
        [("赵六.zip", zip_of(full))])
message("04-auto-reply", HR, "自动回复：我已休假", "我正在休假，11月30日回来。\n", [],
        extra="Auto-Submitted: auto-replied\r\n")
