#!/usr/bin/python3
"""latency — delivery-to-reply times through a real IMAP server and SMTP
sink while `intake run` idles.  Each mail is a copy of a corpus mail with
its own Message-ID and sender, stored into the mailbox with `doveadm
save` (one at a time, the next only after the reply to the last came);
delivery is the moment doveadm returns (the message committed), the
reply's arrival the modification time of the sink's file for it (the
sink writes, then renames).

usage: latency.py N SINK_DIR OUT.json MAIL.eml...   (env DOVECOT_CONF, MAIL_USER)
Mail 0 is a warm-up and not counted.  Prints p50/p99 (ms).
"""
import json, math, os, re, subprocess, sys, tempfile, time

IRT = re.compile(rb"^In-Reply-To:\s*(<[^>]*>)", re.I | re.M)


def main(a):
	n, sink, out, srcs = int(a[0]), a[1], a[2], a[3:]
	conf, user = os.environ["DOVECOT_CONF"], os.environ.get("MAIL_USER", "alice")
	seen = set(os.listdir(sink))
	res, save_s, lost = [], [], 0
	tmp = tempfile.mkdtemp(prefix="intake-lat.")
	stamp = int(time.time())
	for i in range(n + 1):
		raw = open(srcs[i % len(srcs)], "rb").read()
		mid = "<lat-%d-%d@mail.example.com>" % (stamp, i)
		raw = re.sub(rb"^Message-ID: .*$", b"Message-ID: " + mid.encode(), raw, count=1, flags=re.M | re.I)
		raw = re.sub(rb"<hr(\d+)@", b"<lat%d-\\1@" % i, raw, count=1)
		p = os.path.join(tmp, "m.eml")
		with open(p, "wb") as f:
			f.write(raw)
		t_a = time.time()
		with open(p, "rb") as f:
			subprocess.run(["doveadm", "-c", conf, "save", "-u", user], stdin=f, check=True)
		t0 = time.time()
		got = None
		while got is None and time.time() - t0 < 60:
			for name in sorted(set(os.listdir(sink)) - seen):
				if name.endswith(".tmp"):
					continue
				seen.add(name)
				fp = os.path.join(sink, name)
				with open(fp, "rb") as f:
					head = f.read(65536)
				m = IRT.search(head)
				if m and m.group(1).decode() == mid:
					got = os.stat(fp).st_mtime - t0
			if got is None:
				time.sleep(0.002)
		if i == 0:
			continue
		save_s.append(t0 - t_a)
		if got is None:
			lost += 1
		else:
			res.append(got)
	os.unlink(p)
	os.rmdir(tmp)
	res.sort()

	def pct(q):
		if not res:
			return None
		return res[max(0, math.ceil(q / 100 * len(res)) - 1)] * 1000	# nearest rank

	r = dict(n=n, answered=len(res), lost=lost, p50_ms=pct(50), p99_ms=pct(99),
		 max_ms=res[-1] * 1000 if res else None, min_ms=res[0] * 1000 if res else None,
		 save_ms=sorted(save_s)[len(save_s) // 2] * 1000 if save_s else None,
		 bytes=os.path.getsize(srcs[0]))
	with open(out, "w") as f:
		json.dump(r, f)
	print(json.dumps(r))


if __name__ == "__main__":
	main(sys.argv[1:])
