#!/bin/sh
# tests/regress/smtp-tls.sh — replies through the kind of SMTP server a
# center really has (tests/regress/smtp_tls.py, aiosmtpd):
#   - STARTTLS required, then AUTH required: smtp://jifen%40center.example@
#     host:port (the user name is a mail address, "@" written "%40");
#   - TLS from the first byte (smtps://), AUTH required, the same user with
#     its "@" as it is;
#   - reply.ca_file: the reply server's private CA, apart from the
#     mailbox's; without it the self-signed server is refused;
#   - a wrong password: refused, the reply stays due and goes out once
#     after the password file is fixed;
#   - a certificate for another name (trusted, but not this host's):
#     refused before AUTH, so no password is sent;
#   - `report --mail-to` goes the same way (password, CA, AUTH).
. "$(dirname "$0")/lib.sh"
need_intake
need_tool openssl
TOOL="$PY $REPO/tests/daemon_tool.py"
SRV=

cleanup() {
	[ -n "$SRV" ] && { kill "$SRV" 2>/dev/null; wait "$SRV" 2>/dev/null; }
	rm -rf "$T_TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP

if ! $PY -c 'import aiosmtpd' 2>/dev/null; then
	tap_fail "python3-aiosmtpd is installed (make deps)"
	tap_done
fi
K=$T_TMP/keys
mkdir -p "$K"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$K/good.key" -out "$K/good.pem" >/dev/null 2>&1 &&
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=wrong.example \
    -addext subjectAltName=DNS:wrong.example \
    -keyout "$K/wrong.key" -out "$K/wrong.pem" >/dev/null 2>&1 ||
    { tap_fail "test certificates made"; tap_done; }
cat "$K/good.pem" "$K/wrong.pem" >"$K/both.pem"

S=$(tmpdir servers)
$PY "$REPO/tests/regress/smtp_tls.py" "$S/ports" "$S" "$K/good.pem" \
    "$K/good.key" "$K/wrong.pem" "$K/wrong.key" 2>"$S/err" &
SRV=$!
if ! wait_file "$S/ports" 10; then
	tap_fail "the TLS SMTP servers start"
	tap_diag "$(tail -5 "$S/err")"
	tap_done
fi
port() { awk -v n="$1" '$1 == n { print $2 }' "$S/ports"; }

CORPUS=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$CORPUS" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -20 "$T_TMP/gen.log")"
	tap_done
fi

# instance NAME VIA PASSWORD CA: a Maildir instance replying through VIA
# with PASSWORD in its password file and reply.ca_file CA; prints its path.
instance() {
	_d=$(tmpdir "$1")
	mkdir -p "$_d/Maildir/new" "$_d/Maildir/cur" "$_d/Maildir/tmp"
	printf '%s\n' "$3" >"$_d/reply.secret"
	chmod 600 "$_d/reply.secret"
	cat >"$_d/intake.conf" <<EOF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; done = "keyword"; };
reply = {
  from = "闵行区人才服务中心 <jifen@intake.invalid>";
  via  = "$2";
  password_file = "reply.secret";
  ca_file = "$4";
  per_sender_per_day = 1000;
  timeout = 10;
};
EOF
	$TOOL build "$CORPUS" "$_d/man.json" "$_d/gen" \
	    "minhang-accepted:1:$1:$1%d@example.com" >/dev/null
	$TOOL deliver-manifest "$_d/man.json" "$_d/Maildir" 0 1
	echo "$_d"
}
# reply_row DIR: "state attempts" of the instance's one reply
reply_row() {
	$TOOL sql "$1/intake.db" "SELECT state, attempts FROM replies" | tr '\t' ' '
}
once() {	# DIR LOG
	run_intake once -c "$1/intake.conf" >>"$1/once.out" 2>>"$1/$2"
}
auth_lines() {	# SERVER: AUTH attempts it saw
	cat "$S/auth.log" 2>/dev/null | grep -c "^$1 "
}

# --------------------------------------------------- STARTTLS, then AUTH
I=$(instance starttls "smtp://jifen%40center.example@127.0.0.1:$(port starttls)" secret "$K/good.pem")
once "$I" once.log
tap_is "STARTTLS + AUTH: intake once exits 0" "$?" 0
tap_is "STARTTLS + AUTH: the reply is sent at once" "$(reply_row "$I")" "sent 0"
tap_is "STARTTLS + AUTH: the server got it, once" \
    "$($TOOL wait-reply "$S/starttls" "<starttls-1@test.invalid>" 5)" 1
if grep -q "^starttls \(PLAIN\|LOGIN\) jifen@center.example ok tls=1$" "$S/auth.log"; then
	tap_ok "STARTTLS + AUTH: logged in as jifen@center.example, inside TLS"
else
	tap_fail "STARTTLS + AUTH: logged in as jifen@center.example, inside TLS"
	tap_diag "$(cat "$S/auth.log" 2>/dev/null)" "$(tail -3 "$I/once.log")"
fi

# ------------------------------------------------------------- smtps
I=$(instance smtps "smtps://jifen@center.example@127.0.0.1:$(port smtps)" secret "$K/good.pem")
once "$I" once.log
tap_is "smtps + AUTH: intake once exits 0" "$?" 0
tap_is "smtps + AUTH: the reply is sent at once" "$(reply_row "$I")" "sent 0"
tap_is "smtps + AUTH: the server got it, once" \
    "$($TOOL wait-reply "$S/smtps" "<smtps-1@test.invalid>" 5)" 1
tap_check "smtps + AUTH: logged in as jifen@center.example" \
    grep -q "^smtps \(PLAIN\|LOGIN\) jifen@center.example ok" "$S/auth.log"

# `report --mail-to` opens the same channel: password, CA, AUTH.
n0=$(ls "$S/smtps" | wc -l)
run_intake report -c "$I/intake.conf" --mail-to staff@intake.invalid \
    >"$I/report.out" 2>"$I/report.err"
tap_is "report --mail-to over smtps + AUTH: exit 0" "$?" 0
tap_is "report --mail-to: one more message at the server" \
    "$(($(ls "$S/smtps" | wc -l) - n0))" 1

# ------------------------------------------- no CA for a self-signed server
I=$(instance noca "smtps://jifen@center.example@127.0.0.1:$(port smtps)" secret "")
a0=$(auth_lines smtps)
once "$I" once.log
tap_is "no reply.ca_file: the reply stays due (retried later)" "$(reply_row "$I")" "due 1"
if grep -qi 'level=error.*\(certificate\|verif\|trust\|x509\)' "$I/once.log"; then
	tap_ok "no reply.ca_file: the error names the certificate"
else
	tap_fail "no reply.ca_file: the error names the certificate"
	tap_diag "$(grep 'level=' "$I/once.log" | tail -3)"
fi
tap_is "no reply.ca_file: no AUTH attempted (no password sent)" \
    "$(auth_lines smtps)" "$a0"

# ------------------------------------------------------- wrong password
I=$(instance badpw "smtp://jifen%40center.example@127.0.0.1:$(port starttls)" wrong "$K/good.pem")
once "$I" once.log
tap_is "wrong password: intake once exits 0 (the reply is retried)" "$?" 0
tap_is "wrong password: the reply stays due" "$(reply_row "$I")" "due 1"
tap_check "wrong password: the server refused jifen@center.example" \
    grep -q "^starttls \(PLAIN\|LOGIN\) jifen@center.example bad tls=1$" "$S/auth.log"
if grep -q 'level=.*AUTH' "$I/once.log"; then
	tap_ok "wrong password: the log says AUTH failed"
else
	tap_fail "wrong password: the log says AUTH failed"
	tap_diag "$(grep 'level=' "$I/once.log" | tail -3)"
fi
printf 'secret\n' >"$I/reply.secret"
$PY -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute("UPDATE replies SET next_attempt = 0 WHERE state = %s" % "'"'"'due'"'"'")
c.commit()' "$I/intake.db"
once "$I" once.log
tap_is "password fixed: the reply goes out on the retry" "$(reply_row "$I")" "sent 1"
tap_is "password fixed: the server got it exactly once" \
    "$($TOOL wait-reply "$S/starttls" "<badpw-1@test.invalid>" 5)" 1

# ------------------------------------- a trusted certificate, wrong name
I=$(instance wrongname "smtp://jifen%40center.example@127.0.0.1:$(port wrongcert)" secret "$K/both.pem")
once "$I" once.log
tap_is "certificate for another name: the reply stays due" "$(reply_row "$I")" "due 1"
tap_is "certificate for another name: no AUTH (no password sent)" \
    "$(auth_lines wrongcert)" 0
tap_is "certificate for another name: nothing delivered" \
    "$(ls "$S/wrongcert" 2>/dev/null | wc -l | tr -d ' ')" 0
if grep -qi 'level=error.*\(certificate\|verif\|host\|name\)' "$I/once.log"; then
	tap_ok "certificate for another name: the error says so"
else
	tap_fail "certificate for another name: the error says so"
	tap_diag "$(grep 'level=' "$I/once.log" | tail -3)"
fi

# ----------------------------------------------- unreadable password file
# A configured secret that cannot be read stops the daemon at the start,
# before it takes any mail: nothing is judged that could not be answered.
I=$(instance nopw "smtp://jifen%40center.example@127.0.0.1:$(port starttls)" secret "$K/good.pem")
rm -f "$I/reply.secret"
once "$I" once.log
tap_is "password file missing: intake once exits 3" "$?" 3
tap_check "password file missing: the log names the file" \
    grep -q 'level=error.*reply.secret' "$I/once.log"
tap_is "password file missing: the mail waits in new/, nothing recorded" \
    "$(ls "$I/Maildir/new" | wc -l | tr -d ' ') $($TOOL sql "$I/intake.db" 'SELECT count(*) FROM messages' 2>/dev/null)" "1 0"
tap_done
