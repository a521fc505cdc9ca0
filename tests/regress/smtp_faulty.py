#!/usr/bin/python3
"""smtp_faulty — an SMTP server that misbehaves on request, for the fault
tests (tests/regress/faults.sh).  stdlib only.

usage: /usr/bin/python3 tests/regress/smtp_faulty.py PORTFILE DIR

Listens on 127.0.0.1 (a free port, written to PORTFILE once listening).
Each connection reads the mode from DIR/mode (one word; "ok" if absent):
  ok           a well-behaved server: 250 to everything, 250 after DATA
  reject-rcpt  550 5.1.1 to RCPT TO (permanent)
  reject-data  554 5.7.1 after the message's final "." (permanent)
  tempfail     451 4.3.0 after the message's final "." (temporary)
  stall-data   reads the whole message, then never answers (a timeout)
  drop-data    closes the connection after the first 512 bytes of DATA
Every message answered 250 is kept as DIR/sink/NNNNNN.eml in the format of
tests/smtpsink.py (an "X-Sink-Envelope: {json}" line, then the DATA).
DIR/log gets one line per event: "connect MODE", "rcpt ADDR", "data",
"dropped", "stalled", "delivered FILE", "answered CODE".
"""
import itertools, json, os, socket, sys, threading, time

counter = itertools.count(1)
lock = threading.Lock()


def log(d, text):
	with lock:
		with open(os.path.join(d, "log"), "a") as f:
			f.write(text + "\n")


def mode_of(d):
	try:
		return open(os.path.join(d, "mode")).read().strip() or "ok"
	except OSError:
		return "ok"


def serve(conn, d):
	mode = mode_of(d)
	log(d, "connect " + mode)
	f = conn.makefile("rb")

	def say(s):
		conn.sendall(s.encode() + b"\r\n")

	say("220 faulty.test ESMTP")
	mail_from, rcpts = None, []
	try:
		while True:
			line = f.readline()
			if not line:
				return
			cmd = line.decode("latin-1").strip()
			up = cmd.upper()
			if up.startswith("EHLO"):
				conn.sendall(b"250-faulty.test\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n")
			elif up.startswith("HELO"):
				say("250 faulty.test")
			elif up.startswith("MAIL FROM:"):
				mail_from = cmd[10:].split()[0] if cmd[10:].split() else ""
				rcpts = []
				say("250 2.1.0 ok")
			elif up.startswith("RCPT TO:"):
				log(d, "rcpt " + cmd[8:].strip())
				if mode == "reject-rcpt":
					log(d, "answered 550")
					say("550 5.1.1 no such user here")
				else:
					rcpts.append(cmd[8:].strip())
					say("250 2.1.5 ok")
			elif up == "DATA":
				if not rcpts:
					say("503 5.5.1 no recipients")
					continue
				log(d, "data")
				say("354 go ahead")
				data, got = [], 0
				while True:
					ln = f.readline()
					if not ln:
						log(d, "client-closed")
						return
					got += len(ln)
					if mode == "drop-data" and got > 512:
						log(d, "dropped")
						conn.shutdown(socket.SHUT_RDWR)
						return
					if ln in (b".\r\n", b".\n"):
						break
					if ln.startswith(b"."):
						ln = ln[1:]
					data.append(ln)
				if mode == "stall-data":
					log(d, "stalled")
					# Hold the line silent until the client gives up.
					while f.readline():
						pass
					log(d, "client-closed")
					return
				if mode == "reject-data":
					log(d, "answered 554")
					say("554 5.7.1 message refused")
					continue
				if mode == "tempfail":
					log(d, "answered 451")
					say("451 4.3.0 try again later")
					continue
				os.makedirs(os.path.join(d, "sink"), exist_ok=True)
				name = os.path.join(d, "sink", "%06d.eml" % next(counter))
				meta = {"peer": list(conn.getpeername()), "mail_from": mail_from,
					"rcpt_tos": rcpts}
				with open(name + ".tmp", "wb") as out:
					out.write(b"X-Sink-Envelope: " + json.dumps(meta).encode() + b"\r\n")
					out.write(b"".join(data))
				os.rename(name + ".tmp", name)
				log(d, "delivered " + os.path.basename(name))
				say("250 2.0.0 queued")
			elif up == "RSET":
				rcpts = []
				say("250 ok")
			elif up == "NOOP":
				say("250 ok")
			elif up == "QUIT":
				say("221 bye")
				return
			else:
				say("502 5.5.2 not implemented")
	except OSError:
		log(d, "client-closed")
	finally:
		conn.close()


def main():
	portfile, d = sys.argv[1], sys.argv[2]
	os.makedirs(d, exist_ok=True)
	s = socket.socket()
	s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
	s.bind(("127.0.0.1", 0))
	s.listen(16)
	with open(portfile + ".tmp", "w") as f:
		f.write(str(s.getsockname()[1]))
	os.rename(portfile + ".tmp", portfile)
	while True:
		c, _ = s.accept()
		threading.Thread(target=serve, args=(c, d), daemon=True).start()


if __name__ == "__main__":
	main()
