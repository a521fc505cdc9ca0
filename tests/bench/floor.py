#!/usr/bin/python3
"""floor — the least work any reader of these mails must do: base64-decode
every attachment and inflate every member of every ZIP, with C-optimized
code (binascii, zlib) and nothing else: no MIME parser (parts are cut at
the boundary with bytes.split), no charset, no file types, no hashes, no
disk writes.  intake's speed is compared with this.

usage: floor.py FILE...      prints "files bytes_in bytes_inflated"
"""
import binascii, io, re, sys, zipfile

BND = re.compile(rb'boundary="?([^";\r\n]+)"?', re.I)


def parts(raw):
	m = BND.search(raw)
	if not m:
		return
	for p in raw.split(b"--" + m.group(1)):
		h, sep, body = p.partition(b"\r\n\r\n")
		if sep and b"base64" in h.lower():
			yield body


def main(files):
	n = tot = out = 0
	for path in files:
		with open(path, "rb") as f:
			raw = f.read()
		n += 1
		tot += len(raw)
		for body in parts(raw):
			data = binascii.a2b_base64(body)
			if data[:2] != b"PK":
				continue
			with zipfile.ZipFile(io.BytesIO(data)) as z:
				for info in z.infolist():
					if not info.is_dir():
						out += len(z.read(info))
	print(n, tot, out)


if __name__ == "__main__":
	main(sys.argv[1:])
