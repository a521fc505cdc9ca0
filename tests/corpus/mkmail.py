#!/usr/bin/python3
"""mkmail — build raw RFC 5322 messages and their contents byte-exactly.

A small library for the corpus generators in this directory.  MIME is
written by hand (Python's email package would re-encode and re-fold what
real Chinese mail clients send), so every byte of a message is the one a
test means.  Only the test DATA is made with stdlib helpers (base64,
zipfile, tarfile); the program under test never sees this code.

Messages are built from parts.  A part is a pair (header lines, body
bytes); header lines are bytes without the line end.  `message()` puts the
top-level headers in front of the root part and joins with CRLF.

Content makers need cjpeg (libjpeg-turbo-progs), heif-enc
(libheif-examples), 7z (p7zip-full) and zip (contrib/packages); see
doc/libraries.md.
Everything is deterministic except what zip -P and 7z -p encrypt (random
salts): their bytes differ from run to run, never their meaning.
"""
import base64, gzip, io, os, shutil, subprocess, tarfile, tempfile
import urllib.parse, zipfile, zlib, struct, hashlib

CRLF = b"\r\n"
DATE = b"Fri, 20 Nov 2026 09:30:00 +0800"
ZDATE = (2026, 11, 20, 9, 30, 0)
TDATE = 1795138200  # 2026-11-20 09:30 +0800, for tar members

# ---------------------------------------------------------------- ID numbers

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_check(first17):
	"""GB 11643-1999 check character for the first 17 digits."""
	s = sum(int(c) * w for c, w in zip(first17, _W))
	return "10X98765432"[s % 11]


def id_number(region="310101", birth="19900307", seq="123"):
	"""A valid 18-character resident ID number."""
	f = region + birth + seq
	return f + id_check(f)


def id_bad_check(region="310101", birth="19900307", seq="123"):
	"""An ID number whose check character is wrong (and nothing else)."""
	good = id_number(region, birth, seq)
	wrong = "10X98765432".replace(good[-1], "")[0]
	return good[:-1] + wrong


# ---------------------------------------------------------- header encoding

def b64(data):
	return base64.b64encode(data).decode("ascii")


def ew_b(text, cs="UTF-8"):
	"""One RFC 2047 B encoded word (no length limit applied)."""
	return "=?%s?B?%s?=" % (cs, b64(text.encode(_py(cs))))


def ew_q(text, cs="UTF-8"):
	"""One RFC 2047 Q encoded word."""
	out = []
	for byte in text.encode(_py(cs)):
		c = chr(byte)
		if c == " ":
			out.append("_")
		elif c.isalnum() and byte < 128:
			out.append(c)
		else:
			out.append("=%02X" % byte)
	return "=?%s?Q?%s?=" % (cs, "".join(out))


def ew_b_split(text, cs="UTF-8", cut=None):
	"""Two B encoded words whose byte split falls INSIDE one multi-byte
	character (as some clients fold long subjects).  Returned folded:
	'=?..?= CRLF SP =?..?=' — a decoder must join the bytes of adjacent
	words of one charset before decoding."""
	raw = text.encode(_py(cs))
	if cut is None:
		# the middle, then nudged onto a non-boundary byte
		cut = len(raw) // 2
		while cut < len(raw) and raw[:cut].decode(_py(cs), "ignore").encode(_py(cs)) == raw[:cut]:
			cut += 1
	a, b = raw[:cut], raw[cut:]
	assert a.decode(_py(cs), "ignore").encode(_py(cs)) != a, "cut is on a boundary"
	return "=?%s?B?%s?=\r\n =?%s?B?%s?=" % (cs, b64(a), cs, b64(b))


def _py(cs):
	return {"GB2312": "gb2312", "GBK": "gbk", "GB18030": "gb18030",
		"UTF-8": "utf-8", "CP936": "gbk"}.get(cs.upper(), cs)


def hdr(name, value):
	"""One header line as bytes.  value: str (must be ASCII unless the
	caller means raw 8-bit UTF-8) or bytes (written verbatim)."""
	if isinstance(value, str):
		value = value.encode("utf-8")
	return name.encode("ascii") + b": " + value


# ----------------------------------------------------------------- parts

def wrap76(data):
	s = b64(data)
	return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76)).encode("ascii") + CRLF


def text_part(text, cs="UTF-8", subtype="plain", cte="base64"):
	body = text.encode(_py(cs))
	if cte == "base64":
		body = wrap76(body)
	elif cte == "8bit":
		body = body.replace(b"\r\n", b"\n").replace(b"\n", CRLF)
	else:
		raise ValueError(cte)
	return ([hdr("Content-Type", "text/%s; charset=%s" % (subtype, cs)),
		hdr("Content-Transfer-Encoding", cte)], body)


def _2231(name, cs, pieces, midchar=False):
	"""filename*=... or filename*0*=... continuations (RFC 2231),
	percent-encoding every byte outside the attribute-char set.
	Segments are cut between characters, or with midchar=True anywhere
	between %XX triplets (legal: the octets of all segments are joined
	before they are decoded)."""
	raw = name.encode(_py(cs))
	enc = urllib.parse.quote_from_bytes(raw, safe="-_.!~")
	if pieces <= 1:
		return "filename*=%s''%s" % (cs, enc)
	toks, i = [], 0
	if midchar:
		while i < len(enc):
			n = 3 if enc[i] == "%" else 1
			toks.append(enc[i:i + n])
			i += n
	else:
		toks = [urllib.parse.quote_from_bytes(ch.encode(_py(cs)), safe="-_.!~") for ch in name]
	per = -(-len(toks) // pieces)
	segs = ["".join(toks[k:k + per]) for k in range(0, len(toks), per)]
	out = []
	for k, seg in enumerate(segs):
		out.append("filename*%d*=%s%s" % (k, ("%s''" % cs) if k == 0 else "", seg))
	return ";\r\n ".join(out)


def attachment(filename, data, ctype="application/octet-stream", how="2231-utf8",
	       cte="base64", body_override=None):
	"""An attachment part.  how says how the file name is written:
	  2231-utf8 / 2231-gbk         filename*=CS''%XX..
	  2231-gbk-cont / 2231-utf8-cont  filename*0*=CS''..; filename*1*=..
	  2231-gbk-cont-midchar / 2231-utf8-cont-midchar  the same, a
	                               character's bytes split between segments
	  ew-b-gbk / ew-b-utf8 / ew-q-gbk / ew-b-gb18030 / ew-b-gb2312
	                               filename="=?CS?B?..?=" (and name=)
	  raw-gbk / raw-utf8           filename="<8-bit bytes>" (and name=)
	  name-only                    Content-Type name="=?UTF-8?B?..?=" only,
	                               Content-Disposition without a file name
	  none                         no name at all
	"""
	lines = []
	if how.startswith("2231"):
		cs = "GBK" if "gbk" in how else "UTF-8"
		pieces = 3 if "cont" in how else 1
		lines.append(hdr("Content-Type", ctype))
		lines.append(hdr("Content-Disposition", "attachment;\r\n " + _2231(filename, cs, pieces, how.endswith("midchar"))))
	elif how.startswith("ew-"):
		_, q, cs = how.split("-", 2)
		cs = cs.upper().replace("UTF8", "UTF-8")
		w = ew_b(filename, cs) if q == "b" else ew_q(filename, cs)
		lines.append(hdr("Content-Type", '%s;\r\n name="%s"' % (ctype, w)))
		lines.append(hdr("Content-Disposition", 'attachment;\r\n filename="%s"' % w))
	elif how.startswith("raw-"):
		raw = filename.encode("gbk" if how == "raw-gbk" else "utf-8")
		lines.append(b"Content-Type: " + ctype.encode() + b';\r\n name="' + raw + b'"')
		lines.append(b'Content-Disposition: attachment;\r\n filename="' + raw + b'"')
	elif how == "name-only":
		lines.append(hdr("Content-Type", '%s;\r\n name="%s"' % (ctype, ew_b(filename, "UTF-8"))))
	elif how == "none":
		lines.append(hdr("Content-Type", ctype))
	else:
		raise ValueError(how)
	lines.append(hdr("Content-Transfer-Encoding", cte))
	if body_override is not None:
		body = body_override
	elif cte == "base64":
		body = wrap76(data)
	else:
		raise ValueError(cte)
	return (lines, body)


def multipart(subtype, parts, boundary, preamble=b"", close=True, extra=(), params=""):
	"""A multipart part; close=False leaves the closing delimiter off
	(an unterminated multipart, as a cut-off mail)."""
	bnd = boundary.encode("ascii")
	lines = [hdr("Content-Type", 'multipart/%s;%s\r\n boundary="%s"' % (subtype, params, boundary))]
	lines += [hdr(n, v) for n, v in extra]
	body = preamble
	for h, b in parts:
		body += b"--" + bnd + CRLF + CRLF.join(h) + CRLF + CRLF + b
		if not b.endswith(CRLF):
			body += CRLF
	if close:
		body += b"--" + bnd + b"--" + CRLF
	return (lines, body)


def rfc822_part(msg_bytes, filename=None):
	"""A forwarded message (message/rfc822), as Outlook/Foxmail attach it."""
	lines = [hdr("Content-Type", "message/rfc822")]
	if filename:
		lines.append(hdr("Content-Disposition", 'attachment;\r\n filename="%s"' % ew_b(filename)))
	return (lines, msg_bytes)


def message(root, subject, frm="hr@example.com", to="jifen@intake.invalid",
	    msgid=None, extra=(), date=DATE):
	"""The whole message: top-level headers + the root part.
	subject: str (encoded already, ASCII) or bytes (verbatim, e.g. raw
	GBK); None leaves it out.  frm/to likewise.  extra: (name, value)
	pairs inserted before MIME-Version (value str or bytes)."""
	lines = [hdr("From", frm), hdr("To", to)]
	if subject is not None:
		lines.append(hdr("Subject", subject))
	lines.append(b"Date: " + date)
	lines.append(hdr("Message-ID", msgid or "<%s@mail.example.com>" % hashlib.sha1(
		repr((subject, frm)).encode()).hexdigest()[:16]))
	lines += [hdr(n, v) for n, v in extra]
	lines.append(b"MIME-Version: 1.0")
	h, body = root
	return CRLF.join(lines + h) + CRLF + CRLF + body


def mixed(body_text, atts, boundary="----=_Part_0_1234567890", cs="UTF-8", **kw):
	"""The usual shape: multipart/mixed, a text body, then attachments."""
	return multipart("mixed", [text_part(body_text, cs)] + list(atts), boundary, **kw)


def display(name, addr, cs="UTF-8"):
	"""A From/To value with an encoded display name."""
	return "%s <%s>" % (ew_b(name, cs), addr)


# --------------------------------------------------------------- contents

def jpeg(seed, w=24, h=16):
	"""A real tiny JPEG (cjpeg from a PPM); different seeds, different bytes."""
	rgb = bytes(((seed * 37 + i * 7) ^ (i >> 3)) % 256 for i in range(w * h * 3))
	ppm = b"P6 %d %d 255\n" % (w, h) + rgb
	return subprocess.run(["cjpeg", "-quality", "85"], input=ppm,
			      capture_output=True, check=True).stdout


def png(seed, w=16, h=16):
	"""A real PNG, stdlib only."""
	def chunk(t, d):
		return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
	raw = b"".join(b"\0" + bytes((seed + x * 5 + y * 3) % 256 for x in range(w * 3)) for y in range(h))
	return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
		+ chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def pdf(text="scan"):
	"""A small valid PDF written by hand (qpdf --check clean)."""
	stream = b"BT /F1 12 Tf 20 100 Td (" + text.encode("ascii") + b") Tj ET"
	objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
		b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
		b"/Resources << /Font << /F1 5 0 R >> >> >>",
		b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
		b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
	out = b"%PDF-1.4\n"
	offs = []
	for i, o in enumerate(objs, 1):
		offs.append(len(out))
		out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
	x = len(out)
	out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
	for o in offs:
		out += b"%010d 00000 n \n" % o
	out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
	return out


def docx(text="学历情况说明"):
	"""A minimal .docx (zipfile, [Content_Types].xml first)."""
	ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
	      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
	      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
	      '<Default Extension="xml" ContentType="application/xml"/>'
	      '<Override PartName="/word/document.xml" ContentType="application/'
	      'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
	rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
		'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
		'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
		'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
	doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
	       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
	       '<w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>' % text)
	return zip_of([("[Content_Types].xml", ct.encode()), ("_rels/.rels", rels.encode()),
		       ("word/document.xml", doc.encode())])


_heic_cache = {}


def heic(seed=1):
	"""A real HEIC photo (heif-enc from a PNG)."""
	if seed not in _heic_cache:
		with tempfile.TemporaryDirectory() as d:
			p, h = os.path.join(d, "t.png"), os.path.join(d, "t.heic")
			with open(p, "wb") as f:
				f.write(png(seed, 64, 64))
			subprocess.run(["heif-enc", p, "-o", h], check=True, capture_output=True)
			with open(h, "rb") as f:
				_heic_cache[seed] = f.read()
	return _heic_cache[seed]


# --------------------------------------------------------------- archives

class GBKInfo(zipfile.ZipInfo):
	"""A Windows-compressor entry: GBK (CP936) name, UTF-8 flag clear."""
	def _encodeFilenameFlags(self):
		return self.filename.encode("gbk"), self.flag_bits


class RawUTF8Info(zipfile.ZipInfo):
	"""A Linux/macOS-style entry: UTF-8 bytes, UTF-8 flag clear."""
	def _encodeFilenameFlags(self):
		return self.filename.encode("utf-8"), self.flag_bits & ~0x800


def zip_of(files, names="utf8", method=zipfile.ZIP_DEFLATED):
	"""A ZIP of (name, bytes) pairs.  A name ending in '/' is a folder.
	names: 'utf8' (flag set, as 7-Zip), 'gbk' (Windows, flag clear),
	'utf8-noflag'."""
	cls = {"utf8": zipfile.ZipInfo, "gbk": GBKInfo, "utf8-noflag": RawUTF8Info}[names]
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", method) as z:
		for name, data in files:
			info = cls(name, ZDATE)
			info.compress_type = method
			if name.endswith("/"):
				info.external_attr = 0o40755 << 16 | 0x10
				info.compress_type = zipfile.ZIP_STORED
			else:
				info.external_attr = 0o100644 << 16
			z.writestr(info, data)
	return out.getvalue()


def _materialise(d, files):
	for name, data in files:
		p = os.path.join(d, name)
		if name.endswith("/"):
			os.makedirs(p, exist_ok=True)
			continue
		os.makedirs(os.path.dirname(p) or d, exist_ok=True)
		with open(p, "wb") as f:
			f.write(data)
	for root, dirs, fs in os.walk(d):
		for n in dirs + fs:
			os.utime(os.path.join(root, n), (TDATE, TDATE))


_ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")


def sevenz(files, password=None):
	"""A 7z archive made by `7z a` (UTF-16 names)."""
	with tempfile.TemporaryDirectory() as d:
		src = os.path.join(d, "src")
		os.mkdir(src)
		_materialise(src, files)
		out = os.path.join(d, "out.7z")
		cmd = ["7z", "a", "-t7z", "-bd", "-y", "-mtc=off", "-mta=off", out]
		if password:
			cmd.insert(2, "-p" + password)
		cmd += sorted(os.listdir(src))
		subprocess.run(cmd, cwd=src, check=True, capture_output=True, env=_ENV)
		with open(out, "rb") as f:
			return f.read()


def zip_encrypted(files, password="123456"):
	"""A ZipCrypto archive made by Info-ZIP `zip -P`."""
	with tempfile.TemporaryDirectory() as d:
		src = os.path.join(d, "src")
		os.mkdir(src)
		_materialise(src, files)
		out = os.path.join(d, "out.zip")
		subprocess.run(["zip", "-q", "-r", "-X", "-P", password, out] + sorted(os.listdir(src)),
			       cwd=src, check=True, capture_output=True, env=_ENV)
		with open(out, "rb") as f:
			return f.read()


def tar_of(files, gz=False, links=(), devices=()):
	"""A ustar/pax tar (python tarfile) of (name, bytes); names kept
	verbatim (even '/abs' and '../x').  links: (name, target) symlinks;
	devices: names of character devices.  gz: gzip with mtime 0."""
	out = io.BytesIO()
	with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
		for name, data in files:
			ti = tarfile.TarInfo(name)
			ti.mtime = TDATE
			ti.uname = ti.gname = "hr"
			if name.endswith("/"):
				ti.type = tarfile.DIRTYPE
				ti.mode = 0o755
				t.addfile(ti)
			else:
				ti.size = len(data)
				ti.mode = 0o644
				t.addfile(ti, io.BytesIO(data))
		for name, target in links:
			ti = tarfile.TarInfo(name)
			ti.type, ti.linkname, ti.mtime = tarfile.SYMTYPE, target, TDATE
			t.addfile(ti)
		for name in devices:
			ti = tarfile.TarInfo(name)
			ti.type, ti.devmajor, ti.devminor, ti.mtime = tarfile.CHRTYPE, 1, 3, TDATE
			t.addfile(ti)
	raw = out.getvalue()
	if not gz:
		return raw
	g = io.BytesIO()
	with gzip.GzipFile(fileobj=g, mode="wb", mtime=0, filename="") as z:
		z.write(raw)
	return g.getvalue()


def zip_bomb(name="张三/身份证.jpg", size=150 * 1024 * 1024):
	"""One deflated entry of `size` zero bytes (about 150 KB compressed):
	over the default 100 MB expanded total per message, and over the
	expansion ratio.  Streamed so memory stays small."""
	out = io.BytesIO()
	with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
		info = zipfile.ZipInfo(name, ZDATE)
		info.compress_type = zipfile.ZIP_DEFLATED
		info.file_size = size  # allow zip64 if needed
		with z.open(info, "w", force_zip64=True) as f:
			block = bytes(1 << 20)
			for _ in range(size >> 20):
				f.write(block)
	return out.getvalue()


def truncate(data, frac=0.5):
	return data[:int(len(data) * frac)]


def ftype(data):
	"""What a reader should report as a file's type (the content's,
	never the name's) for the contents made here."""
	if not data:
		return None
	if data.startswith(b"\xff\xd8\xff"):
		return "image/jpeg"
	if data.startswith(b"\x89PNG"):
		return "image/png"
	if data.startswith(b"%PDF-"):
		return "application/pdf"
	if data[4:12] == b"ftypheic" or data[4:8] == b"ftyp":
		return "image/heic"
	if data.startswith(b"PK") and b"word/document.xml" in data:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	return None


def file_mime(data):
	"""The type `file --mime-type` (libmagic) gives, for fixtures not
	made here (RAR contents)."""
	r = subprocess.run(["file", "-b", "--mime-type", "-"], input=data,
			   capture_output=True, check=True)
	return r.stdout.decode().strip()
