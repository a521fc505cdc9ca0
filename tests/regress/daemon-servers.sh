#!/bin/sh
# tests/regress/daemon-servers.sh — the daemon against real servers on
# loopback (tests/servers.sh: dovecot with a self-signed CA, an aiosmtpd
# sink that keeps every message):
#   - imaps with ca_file, replies by SMTP: `intake run` answers mail that
#     arrives while it waits in IDLE; $IntakeDone is set on the server;
#   - dovecot stopped and started again while `intake run` works: nothing
#     lost, nothing answered twice;
#   - a folder deleted and made again (new UIDVALIDITY) with the same mail:
#     recorded as duplicate-message, no second reply;
#   - pop3s with done = "delete": handled mail is gone from the server.
. "$(dirname "$0")/lib.sh"
SERVERS_TESTS_DIR=$REPO/tests
. "$REPO/tests/servers.sh"
need_intake
need_tool dovecot doveadm openssl
TOOL="$PY $REPO/tests/daemon_tool.py"
DPID=

cleanup() {
	if [ -n "$DPID" ]; then
		kill -KILL "$DPID" 2>/dev/null
		wait "$DPID" 2>/dev/null
	fi
	servers_stop
	[ -n "${KEEP:-}" ] || rm -rf "$T_TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP

# As root dovecot works as nobody/dovecot: they need +x on the way in.
chmod 711 "$T_TMP"
servers_start "$T_TMP/srv"
rc=$?
# servers_start set its own traps.
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
tap_diag "imaps $IMAPS_PORT pop3s $POP3S_PORT smtp $SMTP_PORT"
MAILDIR=$SRV_DIR/mail/alice/Maildir

CORPUS=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$CORPUS" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -20 "$T_TMP/gen.log")"
	tap_done
fi

W=$(tmpdir imap)
printf '%s\n' "$MAIL_PASS" >"$W/mailbox.secret"
chmod 600 "$W/mailbox.secret"

# conf FILE URL POLL VIA [DONE]
conf() {
	cat >"$1" <<EOF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = {
  url  = "$2";
  password_file = "mailbox.secret";
  ca_file = "$CA_FILE";
  done = "${5:-keyword}";
  poll_seconds = $3;
};
reply = {
  from = "闵行区人才服务中心 <jifen@intake.invalid>";
  via  = "$4";
  per_sender_per_day = 1000;
};
EOF
}
IMAPS_URL="imaps://$MAIL_USER@127.0.0.1:$IMAPS_PORT/INBOX"
SMTP_VIA="smtp://127.0.0.1:$SMTP_PORT"

# Every message the IMAP parts deliver, in one manifest (the sink keeps
# every reply of them): A idle 0-2, B restart 3-17, U uidvalidity 18-20,
# R reconnect 21.
$TOOL build "$CORPUS" "$W/man.json" "$W/gen" \
    "minhang-accepted:2:idle:idle%d@example.com" \
    "minhang-robot-list-id:1:idlerobot" \
    "minhang-accepted:5:rst:rst%d@example.com" \
    "minhang-no-attachment:10:rsr:rsr%d@example.com" \
    "minhang-accepted:2:uv:uv%d@example.com" \
    "minhang-business-unknown:1:uvr:uvr%d@example.com" \
    "minhang-no-attachment:1:rc:rc%d@example.com" >/dev/null
inject() {	# FIRST END [FOLDER]: manifest entries FIRST..END-1 by doveadm
	_i=$1
	while [ "$_i" -lt "$2" ]; do
		mail_inject "$($TOOL pick "$W/man.json" "$_i" file)" ${3:+"$3"} \
		    >>"$W/inject.log" 2>&1 || tap_diag "doveadm save failed: $(tail -2 "$W/inject.log")"
		_i=$((_i + 1))
	done
}
# answered FIRST END SECONDS: true when every non-robot entry in the range
# has a reply in the sink (waits up to SECONDS in all).
answered() {
	_i=$1
	_end=$(($(date +%s) + $3))
	while [ "$_i" -lt "$2" ]; do
		if [ "$($TOOL pick "$W/man.json" "$_i" robot)" = false ]; then
			_left=$((_end - $(date +%s)))
			[ $_left -gt 0 ] || _left=1
			_n=$($TOOL wait-reply "$SINK_DIR" "$($TOOL pick "$W/man.json" "$_i" message_id)" $_left)
			[ "$_n" -ge 1 ] 2>/dev/null || return 1
		fi
		_i=$((_i + 1))
	done
}
wait_log() {	# FILE PATTERN SECONDS
	_i=0
	while [ $_i -lt $(($3 * 10)) ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}
stop_daemon() {	# WHAT
	kill -TERM "$DPID"
	wait_exit "$DPID" 60
	_rc=$?
	DPID=
	tap_is "$1: SIGTERM, intake run exits 0" "$_rc" 0
}
# flags FIRST END FOLDER: entries whose message lacks $IntakeDone there.
not_flagged() {
	$TOOL imap-flags "$IMAPS_PORT" "$CA_FILE" "$3" >"$W/flags" 2>&1 ||
	    echo "imap-flags failed: $(tail -1 "$W/flags")"
	_i=$1
	while [ "$_i" -lt "$2" ]; do
		_m=$($TOOL pick "$W/man.json" "$_i" message_id)
		grep -F "$_m	" "$W/flags" | grep -q '\$IntakeDone' || echo "$_m"
		_i=$((_i + 1))
	done
}
# flagged_within FIRST END FOLDER SECONDS: not_flagged, until it is empty
# or the time is up.
flagged_within() {
	_end=$(($(date +%s) + $4))
	while :; do
		_nf=$(not_flagged "$1" "$2" "$3")
		[ -z "$_nf" ] || [ "$(date +%s)" -ge "$_end" ] && break
		sleep 0.5
	done
	echo "$_nf"
}

# ------------------------------------------------ A: imaps, IDLE, keyword
# poll_seconds = 300: an answer within 60 s comes from IDLE.
conf "$W/intake.conf" "$IMAPS_URL" 300 "$SMTP_VIA"
inject 0 1
"$INTAKE" run -c "$W/intake.conf" >/dev/null 2>"$W/runA.log" &
DPID=$!
if answered 0 1 60; then
	tap_ok "imaps: mail waiting at start is answered through SMTP"
else
	tap_fail "imaps: mail waiting at start is answered through SMTP"
	tap_diag "$(tail -10 "$W/runA.log")"
fi
sleep 1	# it is in IDLE now (or soon: the message is in either way)
inject 1 3
if answered 1 3 60; then
	tap_ok "imaps: mail delivered during IDLE is answered"
else
	tap_fail "imaps: mail delivered during IDLE is answered"
	tap_diag "$(tail -10 "$W/runA.log")"
fi
nf=$(flagged_within 0 3 INBOX 30)	# the robot too
tap_is "imaps: \$IntakeDone set on the server for every handled message" "$nf" ""
stop_daemon "A"

# ------------------------------- B: dovecot killed and started while running
conf "$W/intake.conf" "$IMAPS_URL" 5 "$SMTP_VIA"
"$INTAKE" run -c "$W/intake.conf" >/dev/null 2>"$W/runB.log" &
DPID=$!
wait_log "$W/runB.log" 'event=start' 30
sink0=$(ls "$SINK_DIR" | wc -l)
# 5 accepted, at once, while it runs; dovecot dies at the first arrival.
$TOOL deliver-manifest "$W/man.json" "$MAILDIR" 3 8
i=0
while [ $i -lt 1500 ] && ! grep -q 'event=arrived' "$W/runB.log"; do
	sleep 0.02
	i=$((i + 1))
done
dovecot_crash
tap_diag "answered before dovecot was killed: $(($(ls "$SINK_DIR" | wc -l) - sink0)) of 5"
$TOOL deliver-manifest "$W/man.json" "$MAILDIR" 8 13	# 5 more while it is down
if dovecot_start; then
	tap_ok "dovecot restarted"
else
	tap_fail "dovecot restarted"
	tap_diag "$(tail -5 "$SRV_DIR/dovecot.out" "$DOVECOT_LOG")"
fi
inject 13 18		# and 5 after
if answered 3 18 180; then
	tap_ok "dovecot restarted mid-run: all 15 messages answered"
else
	tap_fail "dovecot restarted mid-run: all 15 messages answered"
	tap_diag "$(grep -v 'level=info' "$W/runB.log" | tail -10)"
fi
if kill -0 "$DPID" 2>/dev/null; then
	tap_ok "intake run survives the server going away"
else
	tap_fail "intake run survives the server going away"
fi
nf=$(flagged_within 3 18 INBOX 30)
tap_is "after the restart: \$IntakeDone on all 15" "$nf" ""
tap_diag "reconnects: $(grep -c 'mailbox-reconnected' "$W/runB.log"); mailbox errors: $(grep -c 'level=error.*mailbox=' "$W/runB.log")"
stop_daemon "B"

# ------------------------- R: back after a restart, not after the poll
# poll_seconds = 600: after dovecot comes back, mail must be answered on
# the reconnect back-off (seconds), not after the next poll.
conf "$W/intake.conf" "$IMAPS_URL" 600 "$SMTP_VIA"
"$INTAKE" run -c "$W/intake.conf" >/dev/null 2>"$W/runR.log" &
DPID=$!
wait_log "$W/runR.log" 'event=start' 30
sleep 1
dovecot_crash
if ! dovecot_start; then
	tap_fail "dovecot restarted (R)"
fi
inject 21 22
if answered 21 22 60; then
	tap_ok "after dovecot restarts, intake run reconnects and answers (poll_seconds = 600)"
else
	tap_fail "after dovecot restarts, intake run reconnects and answers (poll_seconds = 600)"
	tap_diag "$(grep -v 'level=info event=\(judged\|arrived\|reply-sent\)' "$W/runR.log" | tail -5)"
fi
stop_daemon "R"
# Whatever R left, one pass takes (so the totals below stay about loss
# and doubling).
run_intake once -c "$W/intake.conf" >/dev/null 2>>"$W/runR.log"

# ------------------------------------------------ U: a new UIDVALIDITY
doveadm -c "$DOVECOT_CONF" mailbox create -u "$MAIL_USER" UVtest >>"$W/inject.log" 2>&1
conf "$W/intake-uv.conf" "imaps://$MAIL_USER@127.0.0.1:$IMAPS_PORT/UVtest" 5 "$SMTP_VIA"
inject 18 21 UVtest
run_intake once -c "$W/intake-uv.conf" >/dev/null 2>"$W/uv1.log"
tap_is "UVtest: intake once exits 0" "$?" 0
uv1=$($TOOL imap-uidvalidity "$IMAPS_PORT" "$CA_FILE" UVtest 2>&1)
if answered 18 21 60; then
	tap_ok "UVtest: three messages answered"
else
	tap_fail "UVtest: three messages answered"
	tap_diag "$(tail -5 "$W/uv1.log")"
fi
sink_before=$(ls "$SINK_DIR" | wc -l)
doveadm -c "$DOVECOT_CONF" mailbox delete -u "$MAIL_USER" UVtest >>"$W/inject.log" 2>&1
sleep 1.1	# dovecot's UIDVALIDITY is a clock
doveadm -c "$DOVECOT_CONF" mailbox create -u "$MAIL_USER" UVtest >>"$W/inject.log" 2>&1
inject 18 21 UVtest
uv2=$($TOOL imap-uidvalidity "$IMAPS_PORT" "$CA_FILE" UVtest 2>&1)
if [ -n "$uv1" ] && [ "$uv1" != "$uv2" ]; then
	tap_ok "UVtest made again: UIDVALIDITY $uv1 -> $uv2"
else
	tap_fail "UVtest made again: a new UIDVALIDITY"
	tap_diag "before: $uv1" "after: $uv2"
fi
nf=$(not_flagged 18 21 UVtest)
tap_is "the same three messages are there again, unflagged" "$(echo "$nf" | grep -c .)" 3
$PY -c 'import json,sys; m=json.load(open(sys.argv[1])); json.dump(m[18:21], open(sys.argv[2], "w"))' \
    "$W/man.json" "$W/dups.json"
run_intake once -c "$W/intake-uv.conf" >/dev/null 2>"$W/uv2.log"
tap_is "UVtest again: intake once exits 0" "$?" 0
sleep 1
tap_is "UVtest again: no second reply" "$(ls "$SINK_DIR" | wc -l)" "$sink_before"
tap_is "UVtest again: three duplicate-message records" \
    "$($TOOL sql "$W/intake.db" "SELECT count(*) FROM messages m JOIN submissions s ON s.msg = m.id JOIN problems p ON p.submission = s.id WHERE m.dup_of IS NOT NULL AND p.code = 'duplicate-message'" 2>&1)" 3
nf=$(not_flagged 18 21 UVtest)
tap_is "UVtest again: \$IntakeDone set" "$nf" ""

# Everything the IMAP parts did, against the records and the sink.
$TOOL verify "$W/intake.db" "$SINK_DIR" "$W/man.json" --reply-via sink \
    --match msgid --dups "$W/dups.json" >"$T_TMP/verify.tap" 2>&1
tap_feed "$T_TMP/verify.tap"
grep -q '^ok - ' "$T_TMP/verify.tap" || tap_fail "imap records and replies could be checked"

# ------------------------------------------------ P: pop3s, done = delete
P=$(tmpdir pop3)
cp "$W/mailbox.secret" "$P/"
conf "$P/intake.conf" "pop3s://$MAIL_USER@127.0.0.1:$POP3S_PORT" 5 "outbox:outbox" delete
doveadm -c "$DOVECOT_CONF" expunge -u "$MAIL_USER" mailbox INBOX all >>"$W/inject.log" 2>&1
$TOOL build "$CORPUS" "$P/man.json" "$P/gen" \
    "minhang-accepted:2:pop:pop%d@example.com" \
    "minhang-count-mismatch:2:popr:popr%d@example.com" \
    "minhang-robot-precedence-bulk:1:poprobot" >/dev/null
i=0
while [ $i -lt 5 ]; do
	mail_inject "$($TOOL pick "$P/man.json" $i file)" >>"$W/inject.log" 2>&1
	i=$((i + 1))
done
inbox() {
	doveadm -c "$DOVECOT_CONF" search -u "$MAIL_USER" mailbox INBOX all 2>>"$W/inject.log" | wc -l | tr -d ' '
}
tap_is "pop3s: five messages on the server" "$(inbox)" 5
run_intake once -c "$P/intake.conf" >/dev/null 2>"$P/once.log"
tap_is "pop3s: intake once exits 0" "$?" 0
tap_is "pop3s, done = delete: the handled messages are gone from the server" "$(inbox)" 0
$TOOL verify "$P/intake.db" "$P/outbox/new" "$P/man.json" --match msgid \
    >"$T_TMP/verify.tap" 2>&1
tap_feed "$T_TMP/verify.tap"
grep -q '^ok - ' "$T_TMP/verify.tap" || tap_fail "pop3 records and replies could be checked"
run_intake once -c "$P/intake.conf" >/dev/null 2>>"$P/once.log"
tap_is "pop3s: a second pass records and answers nothing" \
    "$($TOOL sql "$P/intake.db" 'SELECT count(*) FROM messages' 2>&1) $(ls "$P/outbox/new" | wc -l | tr -d ' ')" "5 4"

tap_done
