#!/bin/sh
# tests/regress/crash.sh — exactly once under SIGKILL: `intake run` on a
# Maildir with outbox replies is killed at random 10-200 ms intervals, at
# least 200 times, while ~300 messages arrive (a few before each start);
# then `intake once` finishes what is left.  Every message must be recorded
# once, every due reply sent once, receipt numbers without gap or repeat.
# Bounded (about a minute on 2 cores; the kill loop stops after 150 s), the
# same with CI=true.  CRASH_SEED=N repeats a run's kill timing.
. "$(dirname "$0")/lib.sh"
need_intake
TOOL="$PY $REPO/tests/daemon_tool.py"
KILLS=${CRASH_KILLS:-200}

CORPUS=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$CORPUS" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -20 "$T_TMP/gen.log")"
	tap_done
fi

W=$(tmpdir crash)
mkdir -p "$W/Maildir/new" "$W/Maildir/cur" "$W/Maildir/tmp"
cat >"$W/intake.conf" <<EOF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = {
  url  = "maildir:Maildir";
  done = "keyword";
  poll_seconds = 300;
};
reply = {
  from = "闵行区人才服务中心 <jifen@intake.invalid>";
  via  = "outbox:outbox";
  per_sender_per_day = 100000;
};
EOF
# 100 accepted batches (receipts), 170 rejected mails, 30 auto-replies;
# each its own Message-ID and (but the robots) its own sender.
n=$($TOOL build "$CORPUS" "$W/man.json" "$W/gen" \
    "minhang-accepted:100:cacc:acc%d@crash.example.com" \
    "minhang-no-attachment:170:crej:rej%d@crash.example.com" \
    "minhang-robot-auto-submitted:30:crob" 2>&1)
tap_is "300 messages generated" "$n" 300

# 2 a start: the mail runs out after 150 of the 200 kills.
summary=$($TOOL crashloop "$W/intake.conf" "$KILLS" 10 200 "$W/run.log" \
    "${CRASH_SEED:--}" "$W/man.json" "$W/Maildir" 2 2>&1)
tap_diag "$summary"
kills=$(echo "$summary" | sed -n 's/.*kills=\([0-9]*\).*/\1/p')
if [ "${kills:-0}" -ge "$KILLS" ]; then
	tap_ok "intake run SIGKILLed $kills times while working"
else
	tap_fail "intake run SIGKILLed $KILLS times while working"
	tap_diag "$(grep -B3 "exited by itself" "$W/run.log" | tail -20)"
fi
delivered=$(echo "$summary" | sed -n 's/.*delivered=\([0-9]*\).*/\1/p')
if [ "${delivered:-0}" -lt 300 ]; then
	$TOOL deliver-manifest "$W/man.json" "$W/Maildir" "${delivered:-0}"
fi

# Then intake once until nothing is left (bounded: 5 passes).
i=0
left=
while [ $i -lt 5 ]; do
	i=$((i + 1))
	run_intake once -c "$W/intake.conf" >/dev/null 2>>"$W/once.log"
	rc=$?
	left=$($TOOL sql "$W/intake.db" "SELECT (SELECT count(*) FROM messages WHERE state != 'done') + (SELECT count(*) FROM replies WHERE state IN ('due', 'sending'))" 2>&1)
	[ "$rc" = 0 ] && [ "$left" = 0 ] && [ -z "$(ls -A "$W/Maildir/new")" ] && break
done
tap_diag "intake once passes after the kills: $i (last exit $rc)"
tap_is "intake once finishes what the kills left (nothing pending after $i passes)" \
    "$rc $left $(ls -A "$W/Maildir/new" | wc -l | tr -d ' ')" "0 0 0"
tap_is "the database is intact" \
    "$($TOOL sql "$W/intake.db" 'PRAGMA integrity_check' 2>&1)" ok

$TOOL verify "$W/intake.db" "$W/outbox/new" "$W/man.json" --maildir "$W/Maildir" \
    >"$T_TMP/verify.tap" 2>&1
tap_feed "$T_TMP/verify.tap"
grep -q '^ok - ' "$T_TMP/verify.tap" || tap_fail "records and replies could be checked"

resent=$(grep -c 'event=reply-resend' "$W/run.log" "$W/once.log" | awk -F: '{s += $2} END {print s + 0}')
already=$(grep -c 'event=reply-already-sent' "$W/run.log" "$W/once.log" | awk -F: '{s += $2} END {print s + 0}')
recovered=$(grep -c 'event=recover msg' "$W/run.log" "$W/once.log" | awk -F: '{s += $2} END {print s + 0}')
# (A "resend" is right when the outbox shows the reply never left; that
# each went out once is checked above, by In-Reply-To.)
tap_diag "interrupted sends found already sent: $already; sent again: $resent; messages judged again from the spool: $recovered"
if grep -q 'level=error' "$W/run.log" "$W/once.log"; then
	tap_diag "errors logged (first 5):" "$(grep -h 'level=error' "$W/run.log" "$W/once.log" | sort | uniq -c | sort -rn | head -5)"
fi
tap_done
