#!/usr/bin/python3
"""smtp_tls — the SMTP servers a center really sends through, for
smtp-tls.sh: AUTH required, over STARTTLS or implicit TLS (smtps).

usage: /usr/bin/python3 tests/regress/smtp_tls.py PORTFILE DIR CERT KEY \
           WRONGCERT WRONGKEY

Listens on 127.0.0.1, three ports, written as "name port" lines to
PORTFILE once all listen:
  starttls   STARTTLS required before anything, then AUTH PLAIN/LOGIN
             required (jifen@center.example / secret)
  smtps      TLS from the first byte, AUTH required
  wrongcert  STARTTLS with a certificate for another name
Each accepted message is DIR/<name>/NNNNNN.eml (by rename), and every
AUTH attempt a line in DIR/auth.log: "<name> <mechanism> <login> ok|bad
tls=<0|1>".
"""
import asyncio
import itertools
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

USER, PASSWORD = b"jifen@center.example", b"secret"
_n = itertools.count(1)


class Sink:
    def __init__(self, d, name):
        self.d = os.path.join(d, name)
        os.makedirs(self.d, exist_ok=True)

    async def handle_DATA(self, server, session, env):
        path = os.path.join(self.d, "%06d.eml" % next(_n))
        with open(path + ".tmp", "wb") as f:
            f.write(env.original_content or env.content)
        os.rename(path + ".tmp", path)
        return "250 OK"


def authenticator(d, name):
    def check(server, session, envelope, mechanism, data):
        ok = (isinstance(data, LoginPassword) and data.login == USER
              and data.password == PASSWORD)
        tls = 1 if session.ssl else 0
        login = data.login.decode(errors="replace") \
            if isinstance(data, LoginPassword) else "?"
        with open(os.path.join(d, "auth.log"), "a") as f:
            f.write("%s %s %s %s tls=%d\n" % (name, mechanism, login,
                                              "ok" if ok else "bad", tls))
        return AuthResult(success=ok)
    return check


def context(cert, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    return ctx


async def main():
    portfile, d, cert, key, wcert, wkey = sys.argv[1:7]
    loop = asyncio.get_running_loop()
    good, wrong = context(cert, key), context(wcert, wkey)
    ports = []

    def factory(name, tls_context, implicit):
        return lambda: SMTP(
            Sink(d, name), hostname="sink.test",
            tls_context=None if implicit else tls_context,
            require_starttls=not implicit, auth_required=True,
            auth_require_tls=not implicit,
            authenticator=authenticator(d, name))

    for name, ctx, implicit in (("starttls", good, False),
                                ("smtps", good, True),
                                ("wrongcert", wrong, False)):
        srv = await loop.create_server(factory(name, ctx, implicit),
                                       "127.0.0.1", 0,
                                       ssl=ctx if implicit else None)
        ports.append("%s %d" % (name, srv.sockets[0].getsockname()[1]))
    with open(portfile + ".tmp", "w") as f:
        f.write("\n".join(ports) + "\n")
    os.rename(portfile + ".tmp", portfile)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
