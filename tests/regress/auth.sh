#!/bin/sh
# tests/regress/auth.sh — sender authentication (RFC 8601): with
# authentication.require, a DMARC/DKIM/SPF failure recorded by the center's
# own receiving server (its authserv-id) sends the mail to review with
# sender-unauthenticated and no reply; the same failure in a header from
# any other authserv-id (forgeable) changes nothing; the daemon records the
# reply as suppressed and sends nothing.
#
#   INTAKE=$PWD/build/intake sh tests/regress/auth.sh
. "$(dirname "$0")/lib.sh"
need_intake

I=$(tmpdir instance)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp"
cat >"$I/intake.conf" <<CONF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "闵行区人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
authentication = { authserv_id = "mx.minhang.gov.cn"; require = true; };
CONF
C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }
base="$C/01-minhang-accepted.eml"

# with_header NAME VALUE: the accepted mail with one more header on top
with_header() {
	{ printf 'Authentication-Results: %s\r\n' "$2"; cat "$base"; } >"$T_TMP/$1.eml"
	echo "$T_TMP/$1.eml"
}
verdict() {	# file → "status codes... withheld"
	run_intake check --json -c "$I/intake.conf" "$1" | $PY -c '
import json, sys
v = json.loads(sys.stdin.read())
print(v["status"], " ".join(p["code"] for p in v["problems"]) or "-",
      "withheld" if v.get("reply_withheld") else "send")'
}

f=$(with_header ours-pass "mx.minhang.gov.cn; dkim=pass header.d=xingchen-tech.example.com; spf=pass; dmarc=pass")
tap_is "our server says pass: accepted" "$(verdict "$f")" "accepted - send"
f=$(with_header ours-fail "mx.minhang.gov.cn; spf=fail smtp.mailfrom=forger.example; dmarc=fail header.from=xingchen-tech.example.com")
tap_is "our server says dmarc=fail: review, no reply" "$(verdict "$f")" \
	"review sender-unauthenticated withheld"
f=$(with_header foreign-fail "mx.elsewhere.example; dmarc=fail; spf=fail")
tap_is "another server's failure is ignored" "$(verdict "$f")" "accepted - send"
{ printf 'Authentication-Results: mx.minhang.gov.cn; dmarc=fail\r\n'
  printf 'Authentication-Results: mx.minhang.gov.cn.evil.example; dmarc=pass\r\n'
  cat "$base"; } >"$T_TMP/forged-pass.eml"
tap_is "a forged pass beside our fail does not help" "$(verdict "$T_TMP/forged-pass.eml")" \
	"review sender-unauthenticated withheld"
tap_is "no header at all: accepted" "$(verdict "$base")" "accepted - send"

# the daemon: recorded, reply suppressed, nothing sent
f=$(with_header d1 "mx.minhang.gov.cn; dkim=fail; spf=fail; dmarc=fail")
cp "$f" "$I/Maildir/tmp/d1" && mv "$I/Maildir/tmp/d1" "$I/Maildir/new/d1"
run_intake once -c "$I/intake.conf" >/dev/null 2>"$T_TMP/once.log"
tap_is "daemon: exit 0" "$?" 0
n=$(ls "$I/outbox/new" 2>/dev/null | wc -l | tr -d ' ')
tap_is "daemon: no reply sent to the forged address" "$n" 0
st=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select s.status, r.state from submissions s join replies r on r.submission = s.id").fetchone())' "$I/intake.db")
tap_is "daemon: recorded for review, reply suppressed" "$st" "('review', 'suppressed')"

# configuration: require without authserv_id is an error with its line
printf 'authentication = { require = true; };\n' >"$T_TMP/bad.conf"
run_intake config-check -c "$T_TMP/bad.conf" >/dev/null 2>"$T_TMP/err"
tap_is "require without authserv_id: exit 2" "$?" 2
if grep -q 'bad.conf:1:.*authserv_id' "$T_TMP/err"; then tap_ok "reported with file and line"
else tap_fail "reported with file and line"; tap_diag "$(cat "$T_TMP/err")"; fi
tap_done
