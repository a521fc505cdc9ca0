#!/bin/sh
# tests/regress/daemon.sh — the daemon on a Maildir with replies to an
# outbox, no servers: `intake once` over a batch (one record and at most
# one reply per message, robots unanswered, receipts without gaps, handled
# mail leaves new/), a second pass does nothing, the same bytes again are a
# duplicate-message, the per-sender rate limit, `intake run` answering mail
# dropped in while it runs, SIGHUP with a broken configuration, SIGTERM,
# and (as root, where a tmpfs can be mounted) a full spool disk.
. "$(dirname "$0")/lib.sh"
need_intake
TOOL="$PY $REPO/tests/daemon_tool.py"
DPID=
MNT=

cleanup() {
	if [ -n "$DPID" ]; then
		kill -KILL "$DPID" 2>/dev/null
		wait "$DPID" 2>/dev/null
	fi
	[ -n "$MNT" ] && umount "$MNT" 2>/dev/null
	rm -rf "$T_TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# instance NAME [PER_DAY [POLL [SPOOL]]]: a directory with a Maildir and a
# configuration (outbox replies); prints its path.
instance() {
	_d=$(tmpdir "$1")
	mkdir -p "$_d/Maildir/new" "$_d/Maildir/cur" "$_d/Maildir/tmp"
	cat >"$_d/intake.conf" <<EOF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "${4:-spool}";
mailbox = {
  url  = "maildir:Maildir";
  done = "keyword";
  poll_seconds = ${3:-300};
};
reply = {
  from = "闵行区人才服务中心 <jifen@intake.invalid>";
  via  = "outbox:outbox";
  per_sender_per_day = ${2:-1000};
};
EOF
	echo "$_d"
}

# q DIR SQL: one value from DIR's database.
q() {
	$TOOL sql "$1/intake.db" "$2" 2>&1
}

# verify DIR MANIFEST [DUPS]: the records and the outbox against what was
# delivered (tests/daemon_tool.py verify), as TAP lines.
verify() {
	if [ -n "${3:-}" ]; then
		$TOOL verify "$1/intake.db" "$1/outbox/new" "$2" --maildir "$1/Maildir" \
		    --dups "$3" >"$T_TMP/verify.tap" 2>&1
	else
		$TOOL verify "$1/intake.db" "$1/outbox/new" "$2" --maildir "$1/Maildir" \
		    >"$T_TMP/verify.tap" 2>&1
	fi
	tap_feed "$T_TMP/verify.tap"
	if ! grep -q '^ok - ' "$T_TMP/verify.tap"; then
		tap_fail "records and replies could be checked"
		tap_diag "$(tail -20 "$T_TMP/verify.tap")"
	fi
}

# once DIR WHAT: `intake once`, its exit status checked (0).
once() {
	run_intake once -c "$1/intake.conf" >>"$1/once.out" 2>>"$1/once.log"
	_rc=$?
	if [ $_rc -eq 0 ]; then
		tap_ok "$2: intake once exits 0"
	else
		tap_fail "$2: intake once exits 0"
		tap_diag "exit $_rc" "$(tail -15 "$1/once.log")"
	fi
}

nfiles() {	# DIR: how many entries
	ls -A "$1" 2>/dev/null | wc -l | tr -d ' '
}

# snapshot DIR: what a pass may change, on one line.
snapshot() {
	echo "messages=$(q "$1" 'SELECT count(*) FROM messages')" \
	    "submissions=$(q "$1" 'SELECT count(*) FROM submissions')" \
	    "replies=$(q "$1" 'SELECT count(*) FROM replies')" \
	    "sent=$(q "$1" "SELECT count(*) FROM replies WHERE state = 'sent'")" \
	    "receipts=$(q "$1" 'SELECT coalesce(max(receipt), 0) FROM submissions')" \
	    "outbox=$(nfiles "$1/outbox/new")" \
	    "new=$(nfiles "$1/Maildir/new")" \
	    "cur=$(ls "$1/Maildir/cur" | LC_ALL=C sort | cksum | tr ' ' :)"
}

# ---------------------------------------------------------------- the corpus
CORPUS=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$CORPUS" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -20 "$T_TMP/gen.log")"
	tap_done
fi
tap_ok "centers corpus generated"

# ------------------------------------------------- a batch with intake once
A=$(instance batch 1000)
# Every Minhang case (accepted, rejected, review, seven robots) and four
# more accepted batches from other senders, so receipts must count up.
n=$($TOOL build "$CORPUS" "$A/man.json" "$A/gen" minhang- \
    "minhang-accepted:4:acc:hr%d@acc.example.com" 2>&1)
tap_diag "batch: $n messages"
$TOOL deliver-manifest "$A/man.json" "$A/Maildir"
once "$A" "batch"
verify "$A" "$A/man.json"

# ------------------------------------------------------- a second pass
before=$(snapshot "$A")
once "$A" "second pass"
after=$(snapshot "$A")
tap_is "a second intake once records, answers and moves nothing" "$after" "$before"

# ---------------------------------------- the same bytes under another name
# The accepted batch (entry 0) and a rejected one (entry 1) again.
$TOOL redeliver "$A/man.json" "$A/Maildir" "$A/dups.json" 0 1
out_before=$(nfiles "$A/outbox/new")
once "$A" "duplicates"
tap_is "no reply to a message delivered again" "$(nfiles "$A/outbox/new")" "$out_before"
verify "$A" "$A/man.json" "$A/dups.json"

# ------------------------------------------------------------- rate limit
B=$(instance rate 2)
$TOOL build "$CORPUS" "$B/man.json" "$B/gen" \
    "minhang-subject-unrecognized:4:rate:Rate.Limit@example.com" >/dev/null
$TOOL deliver-manifest "$B/man.json" "$B/Maildir"
once "$B" "rate limit"
tap_is "per_sender_per_day = 2: two of four mails from one sender answered" \
    "$(nfiles "$B/outbox/new")" 2
tap_is "the other two replies recorded as suppressed" \
    "$(q "$B" "SELECT state, count(*) FROM replies GROUP BY state ORDER BY state" | tr '\t\n' '= ')" \
    "sent=2 suppressed=2 "
tap_is "all four messages recorded once and done" \
    "$(q "$B" "SELECT count(*), count(DISTINCT key), sum(state = 'done') FROM messages" | tr '\t' ' ')" \
    "4 4 4"
tap_is "all four judged" "$(q "$B" 'SELECT count(DISTINCT msg) FROM submissions')" 4
tap_is "nothing left in new/ (suppressed mail is handled too)" "$(nfiles "$B/Maildir/new")" 0
once "$B" "rate limit, again"
tap_is "a later pass sends no suppressed reply" "$(nfiles "$B/outbox/new")" 2

# ---------------------------------------------------------------- intake run
C=$(instance run 1000 300)
$TOOL build "$CORPUS" "$C/man.json" "$C/gen" \
    "minhang-accepted:3:run:run%d@example.com" >/dev/null
cp "$C/intake.conf" "$C/intake.conf.good"
"$INTAKE" run -c "$C/intake.conf" >"$C/run.out" 2>"$C/run.log" &
DPID=$!


# wait_log FILE PATTERN SECONDS: true once FILE has a line matching it.
wait_log() {
	_i=0
	while [ $_i -lt $(($3 * 10)) ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		kill -0 "$DPID" 2>/dev/null || { grep -q "$2" "$1" 2>/dev/null; return; }
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# answered I WHAT: deliver entry I while the daemon runs; one reply within
# 60 s (the poll interval is 300 s: only noticing new mail explains it).
answered() {
	$TOOL deliver-manifest "$C/man.json" "$C/Maildir" "$1" $(($1 + 1))
	_mid=$($TOOL pick "$C/man.json" "$1" message_id)
	_n=$($TOOL wait-reply "$C/outbox/new" "$_mid" 60)
	if [ "$_n" = 1 ]; then
		tap_ok "$2: mail dropped into new/ is answered"
	else
		tap_fail "$2: mail dropped into new/ is answered"
		tap_diag "replies to $_mid after 60 s: $_n" "$(tail -10 "$C/run.log")"
	fi
}

if wait_log "$C/run.log" 'event=start' 30; then
	tap_ok "intake run starts"
else
	tap_fail "intake run starts"
	tap_diag "$(tail -10 "$C/run.log")"
fi
answered 0 "intake run"

printf 'center = "minhang"\nthis is ( not libconfig\n' >"$C/intake.conf"
kill -HUP "$DPID"
if wait_log "$C/run.log" 'reload-failed' 30; then
	tap_ok "SIGHUP with a broken configuration: the reload fails (logged)"
else
	tap_fail "SIGHUP with a broken configuration: the reload fails (logged)"
	tap_diag "$(tail -10 "$C/run.log")"
fi
if kill -0 "$DPID" 2>/dev/null; then
	tap_ok "SIGHUP with a broken configuration: the daemon keeps running"
else
	tap_fail "SIGHUP with a broken configuration: the daemon keeps running"
	tap_diag "$(tail -10 "$C/run.log")"
fi
answered 1 "after a failed reload"

cp "$C/intake.conf.good" "$C/intake.conf"
kill -HUP "$DPID"
if wait_log "$C/run.log" 'event=reloaded' 30; then
	tap_ok "SIGHUP with a good configuration: reloaded"
else
	tap_fail "SIGHUP with a good configuration: reloaded"
	tap_diag "$(tail -10 "$C/run.log")"
fi
answered 2 "after a reload"

kill -TERM "$DPID"
wait_exit "$DPID" 30
rc=$?
DPID=
tap_is "SIGTERM: intake run exits 0" "$rc" 0
verify "$C" "$C/man.json"

# ------------------------------------------------------- a full spool disk
D=$(instance full 1000 300 spool)
mkdir -p "$D/spool"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=64k tmpfs "$D/spool" 2>/dev/null; then
	tap_ok "# SKIP a full disk needs root and a tmpfs mount"
else
	MNT=$D/spool
	$TOOL build "$CORPUS" "$D/man.json" "$D/gen" \
	    "minhang-accepted:1:full:full@example.com" >/dev/null
	# The spool's own directories first, then fill the disk.
	run_intake once -c "$D/intake.conf" >/dev/null 2>>"$D/once.log"
	dd if=/dev/zero of="$MNT/filler" bs=1k count=1024 >/dev/null 2>&1
	tap_diag "spool tmpfs: $(df -k "$MNT" | tail -1)"
	$TOOL deliver-manifest "$D/man.json" "$D/Maildir"
	key=$($TOOL pick "$D/man.json" 0 key)
	run_intake once -c "$D/intake.conf" >/dev/null 2>>"$D/full.log"
	rc=$?
	tap_is "disk full: intake once exits 3 (a runtime failure)" "$rc" 3
	if [ -f "$D/Maildir/new/$key" ]; then
		tap_ok "disk full: the message stays in new/"
	else
		tap_fail "disk full: the message stays in new/"
		tap_diag "$(ls "$D/Maildir/new" "$D/Maildir/cur")" "$(tail -5 "$D/full.log")"
	fi
	tap_is "disk full: no reply, no submission" \
	    "$(nfiles "$D/outbox/new") $(q "$D" 'SELECT count(*) FROM submissions')" "0 0"
	rm -f "$MNT/filler"
	once "$D" "space again"
	verify "$D" "$D/man.json"
fi

tap_done
