#!/usr/bin/python3
"""seeds.py — seed corpora for the fuzz targets, from the test corpus.

usage: /usr/bin/python3 tests/fuzz/seeds.py OUTDIR

Writes OUTDIR/<target>/ for every target in tests/fuzz/fuzz_*.c:
  mail     every message tests/corpus/*_corpus.py generate
  unpack   tests/fixtures/make-archives.py's archives and typed files, the
           committed RAR fixtures, tests/fixtures/make-hostile.py's empty
           and hostile archives, and every attachment of those messages
  subject  the subject lines of tests/unit/test_subject.c and of the messages,
           and the archive member names Jing'an reads like subjects
  authres  the header values of tests/unit/test_authres.c
  fields   the bodies of tests/unit/test_fields.c and of the messages
  cfg      contrib/*.conf
  rules    schemas/checklists/*.cfg and schemas/centers/*.cfg
  b64      the messages' small parts, base64 as the mail has them (mode byte
           0: as is) and decoded (mode byte 1: encoded, then damaged)
Deterministic apart from the salts of encrypted archives.
"""
import email, email.policy, hashlib, glob, os, re, shutil, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"


def put(outdir, target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def c_strings(path):
    """Every C string literal of a unit test file, adjacent ones joined."""
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    out = []
    # A run of literals separated only by white space is one string.
    for run in re.finditer(r'(?:"(?:[^"\\\n]|\\.)*"\s*)+', text):
        parts = re.findall(r'"((?:[^"\\\n]|\\.)*)"', run.group(0))
        s = "".join(parts)
        s = (s.encode("utf-8").decode("unicode_escape").encode("latin-1")
             .decode("utf-8", "replace"))
        if s:
            out.append(s)
    return out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: seeds.py OUTDIR")
    out = sys.argv[1]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    tmp = tempfile.mkdtemp(prefix="intake-seeds.")
    try:
        mails = []
        for gen in sorted(glob.glob(os.path.join(REPO, "tests", "corpus", "*_corpus.py"))):
            d = os.path.join(tmp, os.path.basename(gen))
            subprocess.run([PY, gen, d], check=True, stdout=subprocess.DEVNULL)
            mails += sorted(glob.glob(os.path.join(d, "*.eml")))
        arch = os.path.join(tmp, "archives")
        subprocess.run([PY, os.path.join(REPO, "tests", "fixtures", "make-archives.py"), arch],
                       check=True, stdout=subprocess.DEVNULL)
        for f in sorted(os.listdir(arch)) + []:
            put(out, "unpack", open(os.path.join(arch, f), "rb").read())
        for f in sorted(glob.glob(os.path.join(REPO, "tests", "fixtures", "rar", "*.rar"))):
            put(out, "unpack", open(f, "rb").read())
        # hostile and empty archives (the 60,000-entry ZIP is too big a seed)
        hostile = os.path.join(tmp, "hostile")
        subprocess.run([PY, os.path.join(REPO, "tests", "fixtures", "make-hostile.py"), hostile],
                       check=True, stdout=subprocess.DEVNULL)
        for f in sorted(os.listdir(hostile)):
            if os.path.getsize(os.path.join(hostile, f)) <= 256 * 1024:
                put(out, "unpack", open(os.path.join(hostile, f), "rb").read())

        for s in c_strings(os.path.join(REPO, "tests", "unit", "test_subject.c")):
            put(out, "subject", s)
        for s in c_strings(os.path.join(REPO, "tests", "unit", "test_fields.c")):
            put(out, "fields", s)
        ar = os.path.join(REPO, "tests", "unit", "test_authres.c")
        if os.path.exists(ar):
            for s in c_strings(ar):
                put(out, "authres", s)

        for path in mails:
            raw = open(path, "rb").read()
            put(out, "mail", raw)
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            try:
                put(out, "subject", str(msg.get("subject", "")))
            except Exception:
                pass
            for part in msg.walk():
                if part.is_multipart():
                    continue
                try:
                    payload = part.get_payload(decode=True)
                except Exception:
                    continue
                if payload is None:
                    continue
                name = part.get_filename()
                if name:
                    put(out, "subject", name)
                if len(payload) <= 16 * 1024:
                    raw_part = part.get_payload(decode=False)
                    if isinstance(raw_part, str) and \
                            part.get("content-transfer-encoding", "").lower() == "base64":
                        put(out, "b64", b"\0" + raw_part.encode("ascii", "replace"))
                    put(out, "b64", b"\1\0\0\0\0" + payload)
                if part.get_content_type() == "text/plain" and not name:
                    put(out, "fields", payload.decode(part.get_content_charset() or "utf-8",
                                                      "replace"))
                elif name or part.get_content_maintype() == "application":
                    if len(payload) <= 256 * 1024:
                        put(out, "unpack", payload)

        for f in sorted(glob.glob(os.path.join(REPO, "contrib", "*.conf"))):
            put(out, "cfg", open(f, "rb").read())
        for f in sorted(glob.glob(os.path.join(REPO, "schemas", "checklists", "*.cfg")) +
                        glob.glob(os.path.join(REPO, "schemas", "centers", "*.cfg"))):
            put(out, "rules", open(f, "rb").read())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for t in sorted(os.listdir(out)):
        print("%s: %d seeds" % (t, len(os.listdir(os.path.join(out, t)))))


if __name__ == "__main__":
    main()
