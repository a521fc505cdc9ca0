#!/usr/bin/python3
"""tcp_dropper — a TCP relay that cuts connections in the middle of a large
server answer (a mailbox server dropping mid-FETCH), for
tests/regress/faults.sh.  Works through TLS: it only counts bytes.

usage: /usr/bin/python3 tests/regress/tcp_dropper.py PORTFILE TARGET_PORT DIR

Listens on 127.0.0.1 (a free port, written to PORTFILE).  For each
connection, when DIR/drop holds a number N > 0, the connection is cut
(both ways) as soon as the server has sent more than DIR/after bytes
(default 16384) on it, and N is decreased; with N = 0 or no file bytes
pass untouched.  DIR/log: "connect", "cut AFTER_BYTES", "closed BYTES".
"""
import os, socket, sys, threading

lock = threading.Lock()


def log(d, text):
	with lock:
		with open(os.path.join(d, "log"), "a") as f:
			f.write(text + "\n")


def take_drop(d):
	"""1 if this connection is to be cut (and counts it), else 0."""
	p = os.path.join(d, "drop")
	with lock:
		try:
			n = int(open(p).read().strip() or 0)
		except (OSError, ValueError):
			return 0
		if n <= 0:
			return 0
		with open(p, "w") as f:
			f.write(str(n - 1))
		return 1


def after_of(d):
	try:
		return int(open(os.path.join(d, "after")).read().strip())
	except (OSError, ValueError):
		return 16384


def pipe(src, dst, state, cut, limit, d, down):
	try:
		while True:
			b = src.recv(65536)
			if not b:
				break
			if down:
				state["bytes"] += len(b)
				if cut and state["bytes"] > limit:
					# Pass part of it, then cut: a reply broken off.
					dst.sendall(b[: max(0, len(b) - (state["bytes"] - limit))])
					log(d, "cut %d" % state["bytes"])
					break
			dst.sendall(b)
	except OSError:
		pass
	for s in (src, dst):
		try:
			s.shutdown(socket.SHUT_RDWR)
		except OSError:
			pass


def handle(c, port, d):
	cut = take_drop(d)
	log(d, "connect%s" % (" (to be cut)" if cut else ""))
	try:
		s = socket.create_connection(("127.0.0.1", port), timeout=10)
		s.settimeout(None)
	except OSError:
		c.close()
		return
	state = {"bytes": 0}
	limit = after_of(d)
	t = threading.Thread(target=pipe, args=(s, c, state, cut, limit, d, True), daemon=True)
	t.start()
	pipe(c, s, state, cut, limit, d, False)
	t.join()
	c.close()
	s.close()
	log(d, "closed %d" % state["bytes"])


def main():
	portfile, port, d = sys.argv[1], int(sys.argv[2]), sys.argv[3]
	os.makedirs(d, exist_ok=True)
	ls = socket.socket()
	ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	ls.bind(("127.0.0.1", 0))
	ls.listen(16)
	with open(portfile + ".tmp", "w") as f:
		f.write(str(ls.getsockname()[1]))
	os.rename(portfile + ".tmp", portfile)
	while True:
		c, _ = ls.accept()
		threading.Thread(target=handle, args=(c, port, d), daemon=True).start()


if __name__ == "__main__":
	main()
