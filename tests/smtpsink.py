"""tests/smtpsink.py - aiosmtpd handler that stores each message as a file.

Run: PYTHONPATH=tests /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
         -c smtpsink.FileSink OUTDIR
Each file OUTDIR/NNNNNN-PID.eml is one line "X-Sink-Envelope: {json}"
(peer, helo, mail_from, rcpt_tos; a null sender is "<>") followed by the
raw DATA with CRLF.  Files appear by rename, never half-written.
"""
import itertools
import json
import os

_n = itertools.count(1)


class FileSink:
    def __init__(self, d):
        self.d = d
        os.makedirs(d, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        return cls(args[0])

    async def handle_DATA(self, server, session, env):
        name = os.path.join(self.d, "%06d-%d.eml" % (next(_n), os.getpid()))
        meta = {"peer": list(session.peer), "helo": session.host_name,
                "mail_from": env.mail_from, "rcpt_tos": env.rcpt_tos}
        with open(name + ".tmp", "wb") as f:
            f.write(b"X-Sink-Envelope: " + json.dumps(meta).encode() + b"\r\n")
            f.write(env.original_content or env.content)
        os.rename(name + ".tmp", name)
        return "250 OK"
