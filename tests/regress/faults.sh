#!/bin/sh
# tests/regress/faults.sh — the daemon when the world misbehaves.  Each
# fault: the right error, a retry where one makes sense, nothing lost,
# nothing doubled.
#   - the spool's disk full part-way through a message (tmpfs; root only);
#   - the database locked by another process (shorter and longer than the
#     busy timeout) and corrupt (garbage header, garbage pages);
#   - the SMTP server refusing (550 to RCPT, 554 after DATA: permanent,
#     recorded failed), failing temporarily (451), timing out after DATA
#     and dropping mid-DATA (temporary: the reply stays due, is retried and
#     sent exactly once);
#   - the IMAP server's connection cut mid-FETCH (a relay in front of
#     dovecot, tests/regress/tcp_dropper.py);
#   - TLS with a certificate the configured ca_file does not sign (imaps
#     and imap with STARTTLS): an error, no password sent, nothing lost.
# The misbehaving SMTP server is tests/regress/smtp_faulty.py.  A retry
# "later" is made due now by setting next_attempt in the database (the
# back-off is a minute and more).
. "$(dirname "$0")/lib.sh"
SERVERS_TESTS_DIR=$REPO/tests
. "$REPO/tests/servers.sh"
need_intake
need_tool dovecot doveadm openssl
TOOL="$PY $REPO/tests/daemon_tool.py"
MNT= HOLDER= FAULTY= DROPPER=

cleanup() {
	for _p in $HOLDER $FAULTY $DROPPER; do
		kill -KILL "$_p" 2>/dev/null
		wait "$_p" 2>/dev/null
	done
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	servers_stop
	[ -n "${KEEP:-}" ] || rm -rf "$T_TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP

# instance NAME VIA [MAILBOX_URL [CA_FILE]]: a directory with a Maildir and
# a configuration; prints its path.
instance() {
	_d=$(tmpdir "$1")
	mkdir -p "$_d/Maildir/new" "$_d/Maildir/cur" "$_d/Maildir/tmp" "$_d/spool"
	printf '%s\n' "${MAIL_PASS:-none}" >"$_d/mailbox.secret"
	chmod 600 "$_d/mailbox.secret"
	cat >"$_d/intake.conf" <<EOF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = {
  url  = "${3:-maildir:Maildir}";
  password_file = "mailbox.secret";
  ca_file = "${4:-}";
  done = "keyword";
  poll_seconds = 300;
  timeout = 10;
};
reply = {
  from = "闵行区人才服务中心 <jifen@intake.invalid>";
  via  = "$2";
  per_sender_per_day = 1000;
  timeout = 5;          # a silent server costs 5 s, not the default 60
};
EOF
	echo "$_d"
}

q() {	# DIR SQL: the rows, tab-separated
	$TOOL sql "$1/intake.db" "$2" 2>&1
}

sqlw() {	# DIR SQL: a change to the database (daemon_tool's sql is read-only)
	$PY -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1], timeout=30)
c.execute(sys.argv[2])
c.commit()' "$1/intake.db" "$2"
}

nfiles() {	# DIR: how many entries
	ls -A "$1" 2>/dev/null | wc -l | tr -d ' '
}

# once DIR LOG: `intake once`, its stderr appended to DIR/LOG; returns its
# exit status.
once() {
	echo "--- once" >>"$1/$2"
	run_intake once -c "$1/intake.conf" >>"$1/once.out" 2>>"$1/$2"
}

# once_ok DIR WHAT: once, which must exit 0.
once_ok() {
	once "$1" once.log
	_rc=$?
	if [ $_rc -eq 0 ]; then
		tap_ok "$2: intake once exits 0"
	else
		tap_fail "$2: intake once exits 0"
		tap_diag "exit $_rc" "$(tail -8 "$1/once.log")"
	fi
}

# verify DIR REPLYDIR MANIFEST [ARGS]: records and replies against what
# was delivered (tests/daemon_tool.py verify), as TAP lines.
verify() {
	_d=$1 _r=$2 _m=$3
	shift 3
	$TOOL verify "$_d/intake.db" "$_r" "$_m" "$@" >"$T_TMP/verify.tap" 2>&1
	tap_feed "$T_TMP/verify.tap"
	grep -q '^ok - ' "$T_TMP/verify.tap" ||
	    tap_fail "records and replies could be checked ($_d)"
}

# in_new DIR MANIFEST: how many of the manifest's messages are still in
# the Maildir's new/.
in_new() {
	_n=0 _i=0
	_c=$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$2")
	while [ $_i -lt "$_c" ]; do
		[ -f "$1/Maildir/new/$($TOOL pick "$2" $_i key)" ] && _n=$((_n + 1))
		_i=$((_i + 1))
	done
	echo $_n
}

CORPUS=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$CORPUS" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -20 "$T_TMP/gen.log")"
	tap_done
fi
tap_ok "centers corpus generated"

# ------------------------------------------------ the spool's disk full
D=$(instance full "outbox:outbox")
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=200k tmpfs "$D/spool" 2>/dev/null; then
	tap_ok "# SKIP a full disk needs root and a tmpfs mount"
else
	MNT=$D/spool
	$TOOL build "$CORPUS" "$D/man.json" "$D/gen" \
	    "minhang-accepted:2:full:full%d@example.com" >/dev/null
	once "$D" once.log	# the spool's own directories, on an empty disk
	# Fill it, then free 4 KiB: a message (~9 KiB) starts being written
	# and cannot be finished.
	dd if=/dev/zero of="$MNT/filler" bs=4k >/dev/null 2>&1
	truncate -s -4K "$MNT/filler"
	tap_diag "spool tmpfs: $(df -k "$MNT" | tail -1)"
	$TOOL deliver-manifest "$D/man.json" "$D/Maildir"
	once "$D" full.log
	tap_is "disk full: intake once exits 3" "$?" 3
	if grep -qi 'no space\|ENOSPC\|disk full' "$D/full.log"; then
		tap_ok "disk full: the error says so"
	else
		tap_fail "disk full: the error says so"
		tap_diag "$(grep 'level=error' "$D/full.log" | tail -3)"
	fi
	tap_is "disk full: both messages stay in new/" "$(in_new "$D" "$D/man.json")" 2
	tap_is "disk full: no submission, no reply" \
	    "$(q "$D" 'SELECT count(*) FROM submissions') $(nfiles "$D/outbox/new")" "0 0"
	once "$D" full.log
	tap_is "disk still full: a second pass exits 3 too, nothing handled" \
	    "$? $(in_new "$D" "$D/man.json")" "3 2"
	rm -f "$MNT/filler"
	once_ok "$D" "space again"
	tap_is "space again: new/ is empty" "$(in_new "$D" "$D/man.json")" 0
	verify "$D" "$D/outbox/new" "$D/man.json" --maildir "$D/Maildir"
fi

# ------------------------------------------------------ database locked
# hold DB SECONDS: another process holds an exclusive transaction on DB
# until DIR/release exists or SECONDS pass; waits until it holds it.
hold() {
	rm -f "$T_TMP/held" "$T_TMP/release"
	$PY - "$1" "$2" "$T_TMP/held" "$T_TMP/release" <<'PY' &
import os, sqlite3, sys, time
db, secs, held, release = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
c = sqlite3.connect(db, timeout=30, isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(held, "w").write("1")
end = time.monotonic() + secs
while time.monotonic() < end and not os.path.exists(release):
    time.sleep(0.05)
c.execute("ROLLBACK")
c.close()
PY
	HOLDER=$!
	wait_file "$T_TMP/held" 20 || tap_diag "the lock holder did not get its lock"
}
release() {
	: >"$T_TMP/release"
	wait "$HOLDER" 2>/dev/null
	HOLDER=
}

L=$(instance locked "outbox:outbox")
$TOOL build "$CORPUS" "$L/man.json" "$L/gen" \
    "minhang-accepted:1:lock:lock%d@example.com" >/dev/null
$TOOL build "$CORPUS" "$L/man2.json" "$L/gen2" \
    "minhang-accepted:1:lockb:lockb%d@example.com" >/dev/null
once_ok "$L" "database created"
# Longer than the busy timeout (10 s): held until intake once is over.
hold "$L/intake.db" 120
$TOOL deliver-manifest "$L/man.json" "$L/Maildir"
t0=$(date +%s)
once "$L" locked.log
rc=$?
t1=$(date +%s)
release
tap_is "database locked: intake once exits 3" "$rc" 3
tap_diag "it gave up after $((t1 - t0)) s"
if grep -q 'level=error.*locked' "$L/locked.log"; then
	tap_ok "database locked: the error says the database is locked"
else
	tap_fail "database locked: the error says the database is locked"
	tap_diag "$(tail -5 "$L/locked.log")"
fi
tap_is "database locked: the message stays in new/, no reply" \
    "$(in_new "$L" "$L/man.json") $(nfiles "$L/outbox/new")" "1 0"
once_ok "$L" "lock released"
# Shorter than the busy timeout: intake waits for it and carries on.
$TOOL deliver-manifest "$L/man2.json" "$L/Maildir"
hold "$L/intake.db" 3
once "$L" locked.log
rc=$?
release
tap_is "database locked for 3 s: intake once waits and exits 0" "$rc" 0
$PY -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])) + json.load(open(sys.argv[2]))))' \
    "$L/man.json" "$L/man2.json" >"$L/all.json"
verify "$L" "$L/outbox/new" "$L/all.json" --maildir "$L/Maildir"

# ------------------------------------------------------ database corrupt
C=$(instance corrupt "outbox:outbox")
$TOOL build "$CORPUS" "$C/man.json" "$C/gen" \
    "minhang-accepted:3:corrupt:corrupt%d@example.com" >/dev/null
$TOOL deliver-manifest "$C/man.json" "$C/Maildir" 0 1
once_ok "$C" "before the corruption"
cp "$C/intake.db" "$C/intake.db.good"
# A garbage header: not a database at all.
$TOOL deliver-manifest "$C/man.json" "$C/Maildir" 1 2
$PY -c 'import os,sys; f=open(sys.argv[1],"r+b"); f.write(os.urandom(100))' "$C/intake.db"
cksum <"$C/intake.db" >"$C/sum.before"
once "$C" corrupt.log
tap_is "garbage database header: intake once exits 3" "$?" 3
if grep -qi 'level=error.*\(not a database\|malformed\|corrupt\)' "$C/corrupt.log"; then
	tap_ok "garbage database header: the error says what is wrong"
else
	tap_fail "garbage database header: the error says what is wrong"
	tap_diag "$(tail -5 "$C/corrupt.log")"
fi
tap_is "garbage database header: the message stays in new/" \
    "$(in_new "$C" "$C/man.json")" 1
tap_is "garbage database header: the file is left as it was (no new empty database)" \
    "$(cksum <"$C/intake.db")" "$(cat "$C/sum.before")"
tap_is "garbage database header: no reply" "$(nfiles "$C/outbox/new")" 1
# Garbage pages behind a good header: intake may not notice (it reads
# little), but it must not crash, and what it does not handle stays.
cp "$C/intake.db.good" "$C/intake.db"
$PY -c '
import os, sys
f = open(sys.argv[1], "r+b")
size = os.path.getsize(sys.argv[1])
f.seek(4096)
f.write(os.urandom(max(0, size - 4096)))' "$C/intake.db"
once "$C" corrupt.log
rc=$?
case $rc in
0|3) tap_ok "garbage pages: intake once exits 0 or 3 (exit $rc), no crash" ;;
*) tap_fail "garbage pages: intake once exits 0 or 3, no crash"
   tap_diag "exit $rc" "$(tail -5 "$C/corrupt.log")" ;;
esac
if [ $rc = 3 ]; then
	tap_is "garbage pages: the message stays in new/" "$(in_new "$C" "$C/man.json")" 1
fi
# The administrator restores the backup: everything since is handled,
# once.
cp "$C/intake.db.good" "$C/intake.db"
rm -f "$C/intake.db-wal" "$C/intake.db-shm"
$TOOL deliver-manifest "$C/man.json" "$C/Maildir" 2 3
once_ok "$C" "backup restored"
tap_is "backup restored: new/ is empty" "$(in_new "$C" "$C/man.json")" 0
n=0
for i in 1 2 3; do
	r=$($TOOL wait-reply "$C/outbox/new" "<corrupt-$i@test.invalid>" 0)
	[ "$r" = 1 ] && n=$((n + 1))
done
tap_is "backup restored: each of the 3 messages answered exactly once" "$n" 3

# ------------------------------------------------------------ SMTP faults
F=$(tmpdir faulty)
$PY "$REPO/tests/regress/smtp_faulty.py" "$F/port" "$F" 2>"$F/err" &
FAULTY=$!
if ! wait_file "$F/port" 10; then
	tap_fail "the faulty SMTP server starts"
	tap_diag "$(tail -5 "$F/err")"
	tap_done
fi
S=$(instance smtp "smtp://127.0.0.1:$(cat "$F/port")")
$TOOL build "$CORPUS" "$S/man.json" "$S/gen" \
    "minhang-accepted:5:smtp:smtp%d@example.com" >/dev/null
# smtp_case I MODE: delivers manifest entry I, sets the server's mode,
# runs intake once; leaves the reply's row in ROW ("state attempts").
smtp_case() {
	echo "$2" >"$F/mode"
	$TOOL deliver-manifest "$S/man.json" "$S/Maildir" "$1" $(($1 + 1))
	MID=$($TOOL pick "$S/man.json" "$1" message_id)
	T0=$(date +%s)
	once "$S" "$2.log"
	RC=$?
	T1=$(date +%s)
	C0=$(grep -c '^connect' "$F/log")
	ROW=$(q "$S" "SELECT r.state, r.attempts FROM replies r JOIN submissions s
	    ON s.id = r.submission JOIN messages m ON m.id = s.msg
	    WHERE m.message_id = '$MID'" | tr '\t' ' ')
}
sunk() {	# MSGID: replies to it the server accepted
	$TOOL wait-reply "$F/sink" "$1" 0
}
# retry I: the back-off is over (next_attempt now), the server behaves.
retry() {
	echo ok >"$F/mode"
	sqlw "$S" "UPDATE replies SET next_attempt = 0 WHERE state = 'due'"
	once "$S" retry.log
}

for mode in reject-rcpt reject-data; do
	case $mode in
	reject-rcpt) i=0 what="550 to RCPT" ;;
	reject-data) i=1 what="554 after DATA" ;;
	esac
	smtp_case $i $mode
	tap_is "SMTP $what: the reply is recorded failed, after one attempt" "$ROW" "failed 1"
	if grep -q "level=error.*reply-failed.*permanent=1" "$S/$mode.log"; then
		tap_ok "SMTP $what: logged as a permanent failure"
	else
		tap_fail "SMTP $what: logged as a permanent failure"
		tap_diag "$(grep reply "$S/$mode.log" | tail -3)"
	fi
	tap_is "SMTP $what: the message is done (not judged again)" \
	    "$(q "$S" "SELECT state FROM messages WHERE message_id = '$MID'")" done
	c0=$(grep -c '^connect' "$F/log")
	retry
	tap_is "SMTP $what: never tried again" \
	    "$(grep -c '^connect' "$F/log") $(sunk "$MID")" "$c0 0"
done

# Temporary: 451, a timeout after DATA (reply.timeout), a cut mid-DATA.
for mode in tempfail stall-data drop-data; do
	case $mode in
	tempfail) i=2 what="451 after DATA" ;;
	stall-data) i=3 what="silent after DATA (timeout)" ;;
	drop-data) i=4 what="connection dropped mid-DATA" ;;
	esac
	smtp_case $i $mode
	tap_is "SMTP $what: the reply stays due, one attempt counted" "$ROW" "due 1"
	if grep -q "level=error.*reply-failed.*permanent=0" "$S/$mode.log"; then
		tap_ok "SMTP $what: logged as a temporary failure"
	else
		tap_fail "SMTP $what: logged as a temporary failure"
		tap_diag "$(grep reply "$S/$mode.log" | tail -3)"
	fi
	if [ $mode = stall-data ]; then
		gap=$(($(q "$S" "SELECT max(next_attempt) FROM replies WHERE state = 'due'") - T1))
		if [ "$gap" -ge 30 ]; then
			tap_ok "SMTP $what: next attempt counted from the failure ($gap s)"
		else
			tap_fail "SMTP $what: next attempt counted from the failure"
			tap_diag "next attempt $gap s after the timeout ended"
		fi
	fi
	once "$S" "$mode.log"
	tap_is "SMTP $what: not resent before its back-off" \
	    "$(grep -c '^connect' "$F/log") $(sunk "$MID")" "$C0 0"
	retry
	tap_is "SMTP $what: retried, sent exactly once" "$(sunk "$MID")" 1
	retry
	tap_is "SMTP $what: a later pass sends nothing more" "$(sunk "$MID")" 1
done
tap_is "SMTP: every message handled, nothing left in new/" \
    "$(in_new "$S" "$S/man.json")" 0
tap_is "SMTP: no reply left due or sending" \
    "$(q "$S" "SELECT count(*) FROM replies WHERE state IN ('due', 'sending')")" 0
kill "$FAULTY" 2>/dev/null
wait "$FAULTY" 2>/dev/null
FAULTY=

# ------------------------------------------------- the mailbox server
chmod 711 "$T_TMP"
servers_start "$T_TMP/srv"
rc=$?
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP
if [ $rc -ne 0 ]; then
	tap_fail "dovecot and the SMTP sink start"
	for f in "$T_TMP"/srv/*.out "$T_TMP"/srv/dovecot.log; do
		[ -f "$f" ] && tap_diag "$(tail -10 "$f")"
	done
	tap_done
fi
tap_ok "dovecot and the SMTP sink start"
SMTP_VIA="smtp://127.0.0.1:$SMTP_PORT"

# imap_flags_missing MANIFEST: Message-IDs of the manifest without
# $IntakeDone in INBOX.
imap_flags_missing() {
	$TOOL imap-flags "$IMAPS_PORT" "$CA_FILE" INBOX >"$T_TMP/flags" 2>&1 ||
	    echo "imap-flags failed: $(tail -1 "$T_TMP/flags")"
	$PY - "$1" "$T_TMP/flags" <<'PY'
import json, sys
flags = {}
for ln in open(sys.argv[2]):
    mid, _, f = ln.rstrip("\n").partition("\t")
    flags[mid] = f
for e in json.load(open(sys.argv[1])):
    if "$IntakeDone" not in flags.get(e["message_id"], ""):
        print(e["message_id"])
PY
}

# The connection cut mid-FETCH, through a relay to imaps.
X=$(tmpdir dropper)
$PY "$REPO/tests/regress/tcp_dropper.py" "$X/port" "$IMAPS_PORT" "$X" 2>"$X/err" &
DROPPER=$!
if ! wait_file "$X/port" 10; then
	tap_fail "the relay to dovecot starts"
	tap_diag "$(tail -5 "$X/err")"
	tap_done
fi
M=$(instance fetch "$SMTP_VIA" "imaps://$MAIL_USER@127.0.0.1:$(cat "$X/port")/INBOX" "$CA_FILE")
$TOOL build "$CORPUS" "$M/man.json" "$M/gen" \
    "minhang-accepted:3:fetch:fetch%d@example.com" >/dev/null
for i in 0 1 2; do
	mail_inject "$($TOOL pick "$M/man.json" $i file)" >>"$M/inject.log" 2>&1
done
# The TLS handshake and the log-in are ~2 KiB; each message ~9 KiB.
echo 1 >"$X/drop"
echo 6000 >"$X/after"
once "$M" cut.log
rc=$?
tap_is "IMAP cut mid-FETCH: intake once exits 3 (the mailbox failed)" "$rc" 3
if grep -q '^cut' "$X/log"; then
	tap_ok "IMAP cut mid-FETCH: the relay did cut the connection"
else
	tap_fail "IMAP cut mid-FETCH: the relay did cut the connection"
	tap_diag "$(cat "$X/log")"
fi
tap_diag "before the cut: $(grep -c 'event=arrived' "$M/cut.log") arrived, $(ls "$SINK_DIR" | wc -l) answered"
tap_is "IMAP cut mid-FETCH: no submission from a half-read message" \
    "$(q "$M" "SELECT count(*) FROM submissions s JOIN messages m ON m.id = s.msg
        WHERE s.status <> 'accepted'")" 0
once_ok "$M" "IMAP after the cut"
verify "$M" "$SINK_DIR" "$M/man.json" --reply-via sink --match msgid
tap_is "IMAP after the cut: \$IntakeDone on all three" "$(imap_flags_missing "$M/man.json")" ""
# verify counts every reply in the directory: these are checked.
mkdir -p "$SINK_DIR/fetch" && mv "$SINK_DIR"/*.eml "$SINK_DIR/fetch/" 2>/dev/null
kill "$DROPPER" 2>/dev/null
wait "$DROPPER" 2>/dev/null
DROPPER=

# TLS with a certificate ca_file does not sign.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
    -keyout "$T_TMP/wrong.key" -out "$T_TMP/wrong.pem" >/dev/null 2>&1
W=$(tmpdir tls)
$TOOL build "$CORPUS" "$W/man.json" "$W/gen" \
    "minhang-accepted:1:tls:tls%d@example.com" >/dev/null
mail_inject "$($TOOL pick "$W/man.json" 0 file)" >>"$W/inject.log" 2>&1
sink0=$(ls "$SINK_DIR" | wc -l)
for url in "imaps://$MAIL_USER@127.0.0.1:$IMAPS_PORT/INBOX" \
    "imap://$MAIL_USER@127.0.0.1:$IMAP_PORT/INBOX"; do
	case $url in imaps:*) what=imaps ;; *) what="imap STARTTLS" ;; esac
	T=$(instance "tls-${what%% *}" "$SMTP_VIA" "$url" "$T_TMP/wrong.pem")
	lines=$(wc -l <"$DOVECOT_LOG")
	once "$T" tls.log
	tap_is "$what, wrong certificate: intake once exits 3" "$?" 3
	if grep -qi 'level=error.*\(certificate\|verif\|tls\|x509\|trust\)' "$T/tls.log"; then
		tap_ok "$what, wrong certificate: the error names the certificate"
	else
		tap_fail "$what, wrong certificate: the error names the certificate"
		tap_diag "$(grep 'level=error' "$T/tls.log" | tail -3)"
	fi
	sleep 0.5	# dovecot writes its log after the disconnect
	login=$(tail -n +"$((lines + 1))" "$DOVECOT_LOG" | grep -c "user=<$MAIL_USER>")
	tap_is "$what, wrong certificate: no log-in reached dovecot (no password sent)" "$login" 0
	[ "$login" = 0 ] || tap_diag "$(tail -n +"$((lines + 1))" "$DOVECOT_LOG" | grep "user=<" | head -3)"
	tap_is "$what, wrong certificate: nothing recorded, nothing answered" \
	    "$(q "$T" 'SELECT count(*) FROM messages' 2>/dev/null) $(($(ls "$SINK_DIR" | wc -l) - sink0))" "0 0"
done
tap_is "wrong certificate: the message is not marked done on the server" \
    "$(imap_flags_missing "$W/man.json")" "<tls-1@test.invalid>"
# The right CA: the message is there, handled once.
sed -i "s|$T_TMP/wrong.pem|$CA_FILE|" "$T/intake.conf"
once_ok "$T" "imap STARTTLS, right certificate"
verify "$T" "$SINK_DIR" "$W/man.json" --reply-via sink --match msgid
tap_is "right certificate: \$IntakeDone set" "$(imap_flags_missing "$W/man.json")" ""

tap_done
