#!/bin/sh
# tests/regress/instances.sh — two centers on one machine, as
# contrib/intake@.service runs them: two configurations (minhang, xuhui),
# two Maildirs, two databases, two spools, two outboxes, `intake once`
# each.  Records, receipt numbers (闵行-… and 徐汇-…, each counting from 1)
# and replies stay apart.
#
#   INTAKE=$PWD/build/intake sh tests/regress/instances.sh
. "$(dirname "$0")/lib.sh"
need_intake

C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }
sql() {	# DB query
	$PY -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if x is None else str(x) for x in r))' "$1" "$2"
}
# /etc/intake/NAME.conf and /var/lib/intake/NAME, /var/spool/intake/NAME
mkdir -p "$T_TMP/etc" "$T_TMP/lib" "$T_TMP/spool"
for c in minhang xuhui; do
	mkdir -p "$T_TMP/mail-$c/new" "$T_TMP/mail-$c/cur" "$T_TMP/mail-$c/tmp"
	cat >"$T_TMP/etc/$c.conf" <<CONF
center   = "$c";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "$T_TMP/lib/$c/intake.db";
spool    = "$T_TMP/spool/$c";
mailbox = { url = "maildir:$T_TMP/mail-$c"; };
reply = { from = "$c 人才服务中心 <jifen-$c@intake.invalid>"; via = "outbox:$T_TMP/outbox-$c"; };
CONF
	mkdir -m 700 "$T_TMP/lib/$c"	# StateDirectory=intake/%i
	run_intake config-check -c "$T_TMP/etc/$c.conf" >/dev/null 2>&1
	tap_is "config-check $c.conf" "$?" 0
done
deliver() {	# center file
	cp "$2" "$T_TMP/mail-$1/tmp/$(basename "$2")" &&
		mv "$T_TMP/mail-$1/tmp/$(basename "$2")" "$T_TMP/mail-$1/new/"
}
deliver minhang "$C/01-minhang-accepted.eml"
deliver minhang "$C/19-minhang-contact-missing.eml"
deliver minhang "$C/15-minhang-item-missing.eml"
deliver xuhui "$C/20-xuhui-accepted.eml"
deliver xuhui "$C/39-xuhui-accepted-variants.eml"
deliver xuhui "$C/34-xuhui-item-missing.eml"
deliver xuhui "$C/40-xuhui-accepted-reply-prefix.eml"
for c in minhang xuhui; do
	run_intake once -c "$T_TMP/etc/$c.conf" >/dev/null 2>"$T_TMP/$c.log"
	tap_is "intake once for $c: exit 0" "$?" 0
done
M=$T_TMP/lib/minhang/intake.db X=$T_TMP/lib/xuhui/intake.db
tap_is "minhang's records: its own three mails, center minhang" \
	"$(sql "$M" 'select count(*), group_concat(distinct center) from submissions')" "3|minhang"
tap_is "xuhui's records: its own four mails, center xuhui" \
	"$(sql "$X" 'select count(*), group_concat(distinct center) from submissions')" "4|xuhui"
tap_is "no message recorded in both" \
	"$($PY -c 'import sqlite3,sys
a = {r[0] for r in sqlite3.connect(sys.argv[1]).execute("select sha256 from messages")}
b = {r[0] for r in sqlite3.connect(sys.argv[2]).execute("select sha256 from messages")}
print(len(a & b))' "$M" "$X")" 0
mr=$(sql "$M" 'select receipt from submissions where receipt is not null order by receipt' | tr '\n' ' ')
xr=$(sql "$X" 'select receipt from submissions where receipt is not null order by receipt' | tr '\n' ' ')
case "$mr" in "闵行-20"[0-9][0-9]"-000001 闵行-20"[0-9][0-9]"-000002 ") tap_ok "minhang numbers its receipts 闵行-…-000001, 2: $mr" ;;
*) tap_fail "minhang numbers its own receipts"; tap_diag "$mr" ;; esac
case "$xr" in "徐汇-20"[0-9][0-9]"-000001 徐汇-20"[0-9][0-9]"-000002 徐汇-20"[0-9][0-9]"-000003 ") tap_ok "xuhui numbers its receipts 徐汇-…-000001..3: $xr" ;;
*) tap_fail "xuhui numbers its own receipts"; tap_diag "$xr" ;; esac
tap_is "each outbox holds its center's replies only" \
	"$(ls "$T_TMP/outbox-minhang/new" | wc -l | tr -d ' '):$(ls "$T_TMP/outbox-xuhui/new" | wc -l | tr -d ' ')" "3:4"
if grep -l "jifen-xuhui@" "$T_TMP/outbox-minhang/new"/* >/dev/null 2>&1 ||
	grep -l "jifen-minhang@" "$T_TMP/outbox-xuhui/new"/* >/dev/null 2>&1; then
	tap_fail "no reply from one center in the other's outbox"
else tap_ok "no reply from one center in the other's outbox"; fi
decoded() {	# DIR: subject and text of every reply there, decoded
	$PY -c 'import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/new/*")):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    print(m["subject"])
    for p in m.walk():
        if p.get_content_maintype() == "text": print(p.get_content())' "$1"
}
decoded "$T_TMP/outbox-minhang" >"$T_TMP/m.txt"
decoded "$T_TMP/outbox-xuhui" >"$T_TMP/x.txt"
for r in $mr; do
	grep -qF "$r" "$T_TMP/m.txt" && tap_ok "receipt $r went out from minhang" ||
		tap_fail "receipt $r went out from minhang"
done
for r in $xr; do
	grep -qF "$r" "$T_TMP/x.txt" && tap_ok "receipt $r went out from xuhui" ||
		tap_fail "receipt $r went out from xuhui"
done
tap_is "no receipt number of one center in the other's replies" \
	"$(grep -c "徐汇-20" "$T_TMP/m.txt"):$(grep -c "闵行-20" "$T_TMP/x.txt")" "0:0"
tap_is "each spool holds only its own mail" \
	"$(find "$T_TMP/spool/minhang/msg" -type f | wc -l | tr -d ' '):$(find "$T_TMP/spool/xuhui/msg" -type f | wc -l | tr -d ' ')" "3:4"
run_intake show -c "$T_TMP/etc/xuhui.conf" "$(echo "$mr" | cut -d' ' -f1)" >/dev/null 2>&1
tap_is "xuhui does not find minhang's receipt" "$?" 2
run_intake show -c "$T_TMP/etc/minhang.conf" "$(echo "$mr" | cut -d' ' -f1)" >/dev/null 2>&1
tap_is "minhang finds it" "$?" 0
tap_done
