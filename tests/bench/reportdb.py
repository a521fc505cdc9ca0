#!/usr/bin/python3
"""reportdb — a submissions database of N rows for `intake report`,
made from a real one: SEED is a database `intake once` wrote (schema and
migrations its own) holding one accepted, one rejected and one review
submission; every table's rows are copied in that shape (verdict JSON,
reply messages, persons, files, problems, history), with senders,
companies, names and times varied.  Deterministic.

usage: reportdb.py SEED OUT N [TODAY]
Mix: 62% accepted, 22% rejected, 10% review, 6% ignored; received over
the 365 days before TODAY (YYYY-MM-DD, default 2026-11-20); 3,000
companies, each with its HR address.
"""
import datetime, random, shutil, sqlite3, sys

SUR = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦"
GIV = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建国红梅宇浩凯晨欣怡"


def cols(db, t):
	return [r[1] for r in db.execute("PRAGMA table_info(%s)" % t)]


def main(a):
	seed, out, n = a[0], a[1], int(a[2])
	today = datetime.date.fromisoformat(a[3] if len(a) > 3 else "2026-11-20")
	end = int(datetime.datetime(today.year, today.month, today.day, 18).timestamp())
	shutil.copyfile(seed, out)
	db = sqlite3.connect(out)
	db.execute("PRAGMA journal_mode=OFF")
	db.execute("PRAGMA synchronous=OFF")
	C = {t: cols(db, t) for t in ("messages", "submissions", "persons", "files",
				       "problems", "replies", "history")}
	tpl = {}
	for sid, st in db.execute("SELECT id, status FROM submissions").fetchall():
		if st in tpl:
			continue
		sub = dict(zip(C["submissions"], db.execute("SELECT * FROM submissions WHERE id=?", (sid,)).fetchone()))
		msg = dict(zip(C["messages"], db.execute("SELECT * FROM messages WHERE id=?", (sub["msg"],)).fetchone()))
		ps = []
		for prow in db.execute("SELECT * FROM persons WHERE submission=? ORDER BY id", (sid,)).fetchall():
			p = dict(zip(C["persons"], prow))
			p["_files"] = [dict(zip(C["files"], f)) for f in
				       db.execute("SELECT * FROM files WHERE person=? ORDER BY id", (p["id"],))]
			ps.append(p)
		t = dict(sub=sub, msg=msg, persons=ps)
		for k in ("problems", "replies", "history"):
			t[k] = [dict(zip(C[k], r)) for r in db.execute(
				"SELECT * FROM %s WHERE submission=? ORDER BY id" % k, (sid,))]
		tpl[st] = t
	if "ignored" not in tpl:	# an auto-reply: no persons, no reply
		a0 = tpl["accepted"]
		tpl["ignored"] = dict(sub=dict(a0["sub"], status="ignored", business=None, company=None, declared_count=None,
					       receipt=None, verdict_json='{"status":"ignored"}'),
				      msg=a0["msg"], persons=[], problems=[], replies=[], history=a0["history"][:1])
	for st in ("accepted", "rejected", "review"):
		if st not in tpl:
			sys.exit("reportdb: the seed database has no %s submission" % st)
	rng = random.Random(8)
	cos = ["上海%s%04d有限公司" % (rng.choice(("星辰科技", "远航物流", "华信贸易", "申城软件", "浦江医药")), i)
	       for i in range(3000)]
	mx = {t: db.execute("SELECT coalesce(max(id),0) FROM %s" % t).fetchone()[0] for t in C}
	rows = {t: [] for t in C}
	have = db.execute("SELECT count(*) FROM submissions").fetchone()[0]
	receipt = 0
	for i in range(n - have):
		r = rng.random()
		st = "accepted" if r < .62 else "rejected" if r < .84 else "review" if r < .94 else "ignored"
		t = tpl[st]
		ci = int(rng.paretovariate(1.2)) % 3000	# a few companies send most
		at = end - rng.randrange(365 * 86400)
		sender = "hr@co%04d.example.com" % ci
		mx["messages"] += 1
		mid = mx["messages"]
		m = dict(t["msg"], id=mid, key="bench:%d" % mid, sha256="%064x" % mid,
			 message_id="<%d.bench@mail.example.com>" % mid, sender=sender,
			 spool_path="msg/%d.eml" % mid, received_at=at, state="done", dup_of=None)
		rows["messages"].append(m)
		mx["submissions"] += 1
		sid = mx["submissions"]
		s = dict(t["sub"], id=sid, msg=mid, sender=sender, created_at=at, updated_at=at)
		if st != "ignored":
			s["company"] = cos[ci]
		if st == "accepted":
			receipt += 1
			s["receipt"] = "闵行-%d-%06d" % (datetime.date.fromtimestamp(at).year, receipt)
		else:
			s["receipt"] = None
		rows["submissions"].append(s)
		names = []
		for p in t["persons"]:
			mx["persons"] += 1
			pid = mx["persons"]
			nm = rng.choice(SUR) + "".join(rng.choice(GIV) for _ in range(rng.choice((1, 2))))
			names.append(nm)
			rows["persons"].append(dict(p, id=pid, submission=sid, name=nm,
						    archive=nm + ".zip"))
			for f in p["_files"]:
				mx["files"] += 1
				fn = nm + "/" + (f["name"] or "").split("/")[-1]
				rows["files"].append(dict(f, id=mx["files"], person=pid, name=fn,
							  sha256="%064x" % mx["files"],
							  path="files/%d/%s" % (sid, fn)))
		for k in ("problems", "replies", "history"):
			for x in t[k]:
				mx[k] += 1
				y = dict(x, id=mx[k], submission=sid)
				if k == "problems" and y.get("person"):
					y["person"] = names[0] if names else None
				if k == "replies":
					y.update(rcpt=sender, msgid="<r%d.bench@intake.invalid>" % mx[k],
						 created_at=at, next_attempt=at, sent_at=at)
				if k == "history":
					y["at"] = at
				rows[k].append(y)
	for t in ("messages", "submissions", "persons", "files", "problems", "replies", "history"):
		c = C[t]
		db.executemany("INSERT INTO %s (%s) VALUES (%s)" % (t, ",".join(c), ",".join("?" * len(c))),
			       ([r.get(k) for k in c] for r in rows[t]))
	db.commit()
	print(db.execute("SELECT count(*) FROM submissions").fetchone()[0])
	db.close()


if __name__ == "__main__":
	main(sys.argv[1:])
