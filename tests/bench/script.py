#!/usr/bin/python3
"""script — what a center's IT officer could write instead of intake, the
baseline `make bench` compares `intake check` with: Python's standard
library (email, zipfile) and python3-magic, one process.  For each mail it
prints the subject, then each person's archive and every file in it with
its type.

usage: script.py FILE...
"""
import email, email.policy, io, sys, zipfile

import magic

ZIP_TYPES = ("application/zip", "application/x-zip-compressed")


def member_name(info):
	"""Windows compressors write CP936 names without the UTF-8 flag;
	zipfile then decodes them as CP437."""
	if info.flag_bits & 0x800:
		return info.filename
	try:
		return info.filename.encode("cp437").decode("gbk")
	except (UnicodeEncodeError, UnicodeDecodeError):
		return info.filename


def one_archive(out, name, data, m):
	out.append("  person %s" % name.rsplit(".", 1)[0])
	try:
		z = zipfile.ZipFile(io.BytesIO(data))
	except zipfile.BadZipFile:
		out.append("    archive-unreadable")
		return
	with z:
		for info in z.infolist():
			if info.is_dir():
				continue
			body = z.read(info)
			out.append("    %s\t%s\t%d" % (member_name(info), m.from_buffer(body), len(body)))


def one_mail(path, m):
	with open(path, "rb") as f:
		msg = email.message_from_binary_file(f, policy=email.policy.default)
	out = ["%s: %s" % (path, msg["subject"])]
	for part in msg.iter_attachments():
		name = part.get_filename() or "?"
		data = part.get_payload(decode=True) or b""
		kind = m.from_buffer(data)
		if kind in ZIP_TYPES or name.lower().endswith(".zip"):
			one_archive(out, name, data, m)
		else:
			out.append("  file %s\t%s\t%d" % (name, kind, len(data)))
	return out


def main(files):
	m = magic.Magic(mime=True)
	for path in files:
		print("\n".join(one_mail(path, m)))
	return 0


if __name__ == "__main__":
	sys.exit(main(sys.argv[1:]))
