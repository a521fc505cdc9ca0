#!/bin/sh
# tests/regress/journal.sh — logs as journald reads them.  With stderr the
# stream $JOURNAL_STREAM names (device:inode, as systemd sets it), every
# line starts with its syslog priority "<N>" (3 error, 4 warning, 6 info);
# without it, or when it names another file, no prefix.  Every log line
# is key=value, the calendar warning included.
#
#   INTAKE=$PWD/build/intake sh tests/regress/journal.sh
. "$(dirname "$0")/lib.sh"
need_intake

I=$(tmpdir instance)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp"
cp "$REPO/contrib/sample/"*.eml "$I/Maildir/new/"
conf() {	# DATABASE
	cat <<CONF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "$1";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "闵行 <jifen@intake.invalid>"; via = "outbox:outbox"; };
CONF
}
conf intake.db >"$I/ok.conf"
# A database under a regular file: the start fails, an error line.
conf /dev/null/intake.db >"$I/bad.conf"

# journal_run FILE ARGS...: intake with stderr to FILE, which
# JOURNAL_STREAM names
journal_run() {
	_f=$1; shift
	: >"$_f"
	JOURNAL_STREAM=$(stat -c '%d:%i' "$_f") run_intake "$@" >/dev/null 2>>"$_f"
}

journal_run "$T_TMP/once" once -c "$I/ok.conf"
tap_is "once under the journal: exit 0" "$?" 0
tap_check "info lines carry <6>" grep -q '^<6>intake: level=info event=judged ' "$T_TMP/once"
journal_run "$T_TMP/bad" once -c "$I/bad.conf"
tap_check "the start error carries <3>" grep -q '^<3>intake: level=error event=start ' "$T_TMP/bad"
# A newline inside a logged value (a mailbox path here; a server's
# multi-line answer in real life) does not split the event's line.
sed 's|url = "maildir:Maildir"|url = "maildir:/nonexistent/Mail\\ndir"|' "$I/ok.conf" >"$I/nl.conf"
journal_run "$T_TMP/nl" once -c "$I/nl.conf"
tap_check "a newline in a value: one line, a space in its place" \
	grep -q '^<3>intake: level=error event=mailbox-open .*Mail dir' "$T_TMP/nl"
tap_is "... and no line without its <N>intake: prefix" \
	"$(grep -cv '^<[0-7]>intake: level=' "$T_TMP/nl")" 0
journal_run "$T_TMP/cc" config-check -c "$I/ok.conf"
tap_check "the provisional-calendar warning carries <4>, as key=value" \
	grep -q '^<4>intake: level=warn event=calendar warning="the calendar for 2027 is provisional' "$T_TMP/cc"

# Every line: "<N>intake: level=L" then key=value pairs only.
KV='^<[0-7]>intake: level=[a-z]+( [a-z_]+=("[^"]*"|[^ "]*))*$'
for f in once bad cc; do
	bad=$(grep -Ev "$KV" "$T_TMP/$f" | head -3)
	tap_is "$f: every stderr line is <N> and key=value" "$bad" ""
done

# Not journald's stream: no prefix.
run_intake config-check -c "$I/ok.conf" >/dev/null 2>"$T_TMP/plain"
tap_check "without JOURNAL_STREAM: no prefix" grep -q '^intake: level=warn event=calendar ' "$T_TMP/plain"
: >"$T_TMP/other"
JOURNAL_STREAM=$(stat -c '%d:%i' "$T_TMP/other") run_intake config-check -c "$I/ok.conf" \
	>/dev/null 2>"$T_TMP/elsewhere"
tap_check "JOURNAL_STREAM naming another file: no prefix" \
	grep -q '^intake: level=warn event=calendar ' "$T_TMP/elsewhere"

# sendmail under NoNewPrivileges (the unit): said at the start.
sed 's|via = "outbox:outbox"|via = "sendmail:/bin/true"|' "$I/ok.conf" >"$I/sm.conf"
timeout 60 setpriv --no-new-privs "$INTAKE" once -c "$I/sm.conf" >/dev/null 2>"$T_TMP/nnp"
tap_check "sendmail under NoNewPrivileges: a warning naming smtp://127.0.0.1:25" \
	grep -q 'level=warn event=start warning="reply.via is sendmail: under NoNewPrivileges.*smtp://127.0.0.1:25"' "$T_TMP/nnp"
run_intake once -c "$I/sm.conf" >/dev/null 2>"$T_TMP/nonnp"
tap_check "... and none without it" sh -c "! grep -q NoNewPrivileges '$T_TMP/nonnp'"
tap_done
