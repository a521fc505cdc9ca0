#!/usr/bin/python3
"""web — the console's figures for `make bench`: the time a request takes
as a client on loopback sees it (median of RUNS, one connection kept
open) for the queue's first page, a search by a person's name and one
submission page, then requests per second with 20 concurrent clients
(processes, each its own connection) on each page for SECS seconds.
Every submission view writes its audit row, as in use.

usage: web.py PORT USER PASSWORD DB [RUNS] [SECS] [PID]
With PID (the server's), also the server's own CPU time per request
(user + system from /proc/PID/stat over the RUNS requests): the figure a
busy machine does not inflate.
Prints "key value" lines for tests/bench/run.sh's results.
"""
import http.client, multiprocessing, os, sqlite3, statistics, sys, time, urllib.parse

port, user, password, db = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
RUNS = int(sys.argv[5]) if len(sys.argv) > 5 else 20
SECS = float(sys.argv[6]) if len(sys.argv) > 6 else 10
PID = int(sys.argv[7]) if len(sys.argv) > 7 else 0
TICK = os.sysconf("SC_CLK_TCK")
CLIENTS = 20


def login():
	c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
	c.request("POST", "/login", urllib.parse.urlencode({"user": user, "password": password}),
		  {"Content-Type": "application/x-www-form-urlencoded"})
	r = c.getresponse()
	r.read()
	if r.status != 303:
		sys.exit("web bench: sign-in failed (%d)" % r.status)
	return r.getheader("Set-Cookie").split(";")[0]


def get(c, ck, path):
	c.request("GET", path, headers={"Cookie": ck})
	r = c.getresponse()
	body = r.read()
	if r.status != 200:
		raise RuntimeError("%s: %d" % (path, r.status))
	return body


def cpu():
	"""The server's user + system seconds so far."""
	with open("/proc/%d/stat" % PID) as f:
		v = f.read().rsplit(")", 1)[1].split()
	return (int(v[11]) + int(v[12])) / TICK


def median_ms(ck, path):
	"""Median wall ms a request takes, and the server's CPU ms each."""
	c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
	get(c, ck, path)	# warm: the first read of a page's rows
	t = []
	c0 = cpu() if PID else 0
	for _ in range(RUNS):
		a = time.perf_counter()
		get(c, ck, path)
		t.append(time.perf_counter() - a)
	c1 = cpu() if PID else 0
	return statistics.median(t) * 1000, (c1 - c0) * 1000 / RUNS


def client(args):
	ck, paths, until = args
	c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
	n = 0
	while time.time() < until:
		get(c, ck, paths[n % len(paths)])
		n += 1
	return n


def rps(ck, paths):
	until = time.time() + SECS
	a = time.time()
	with multiprocessing.Pool(CLIENTS) as p:
		n = sum(p.map(client, [(ck, paths, until)] * CLIENTS))
	return n / (time.time() - a)


def main():
	d = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
	n = d.execute("SELECT count(*) FROM submissions").fetchone()[0]
	# The seed's submissions (reportdb.py's copies are "bench:" keys)
	# have their mail and files in the spool: the pages timed are whole.
	subs = [r[0] for r in d.execute("SELECT s.id FROM submissions s JOIN messages m ON "
					 "m.id = s.msg WHERE m.key NOT LIKE 'bench:%' AND "
					 "s.status <> 'ignored' ORDER BY s.id")]
	sub = subs[0]
	name = d.execute("SELECT name FROM persons p JOIN submissions s ON s.id = p.submission "
			 "WHERE s.status = 'review' ORDER BY p.id DESC LIMIT 1").fetchone()[0]
	d.close()
	ck = login()
	print("web.n", n)
	for k, path in (("queue", "/"), ("search", "/?q=" + urllib.parse.quote(name)),
			("submission", "/submission/%d" % sub)):
		wall, server = median_ms(ck, path)
		print("web.%s_ms %.1f" % (k, wall))
		if PID:
			print("web.%s_cpu_ms %.1f" % (k, server))
	print("web.runs", RUNS)
	print("web.queue_rps %.1f" % rps(ck, ["/", "/?page=2", "/?status=review"]))
	print("web.submission_rps %.1f" % rps(ck, ["/submission/%d" % s for s in subs]))
	print("web.clients", CLIENTS)


if __name__ == "__main__":
	main()
