#!/bin/sh
# tests/regress/staff.sh — `intake show`, `intake decide` and resubmissions
# over a database the daemon filled (`intake once` on generated Minhang
# mail): show prints one submission in full; decide records who and when
# and sends the matching reply (receipt with a new number, supplement
# request naming the material); nonsense decisions are refused; an answer
# to our reply that brings the missing file completes the same submission
# and gets a receipt.
#
#   INTAKE=$PWD/build/intake sh tests/regress/staff.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool cjpeg

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
CONF
CONF=$I/intake.conf
DB=$I/intake.db
C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }

deliver() {	# file name
	cp "$1" "$I/Maildir/tmp/$2" && mv "$I/Maildir/tmp/$2" "$I/Maildir/new/$2"
}
sql() {	# query → first column of every row, one per line
	$PY -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print(r[0])' "$DB" "$1"
}
replies() {	# number of reply files in the outbox
	ls "$I/outbox/new" 2>/dev/null | wc -l | tr -d ' '
}
# newest_reply_has TEXT...: the newest outbox reply's subject and decoded
# body contain every TEXT; prints the ones missing
newest_reply_has() {
	$PY "$REPO/tests/regress/staff_mail.py" has "$I/outbox/new" "$@"
}

deliver "$C/15-minhang-item-missing.eml" a1
deliver "$C/16-minhang-item-unclassified.eml" a2
deliver "$C/42-minhang-robot-auto-submitted.eml" a3
run_intake once -c "$CONF" >/dev/null 2>"$T_TMP/once.log"
tap_is "daemon filled the database" "$?" 0
tap_is "three submissions" "$(sql 'select count(*) from submissions')" 3
REJ=$(sql "select id from submissions where status='rejected'")
REV=$(sql "select id from submissions where status='review'")
IGN=$(sql "select id from submissions where status='ignored'")

# show
run_intake show -c "$CONF" "$REJ" >"$T_TMP/show" 2>&1
tap_is "show: exit 0" "$?" 0
for want in "status rejected" "张三" "劳动合同" "item-missing" "history" \
	"received" "$I/spool/files/"; do
	if grep -qF -- "$want" "$T_TMP/show"; then tap_ok "show names $want"
	else tap_fail "show names $want"; tap_diag "$(cat "$T_TMP/show")"; fi
done
run_intake show -c "$CONF" 99999 >/dev/null 2>&1
tap_is "show of an unknown id: exit 2" "$?" 2
# "#id" as the report shows a submission without a receipt number
run_intake show -c "$CONF" "#$REV" >"$T_TMP/show-hash" 2>&1
tap_is "show \"#$REV\" (the report's form): exit 0" "$?" 0
tap_check "show \"#$REV\": the submission in review" grep -q "status review" "$T_TMP/show-hash"
run_intake show -c "$CONF" "#x$REV" >/dev/null 2>&1
tap_is "show \"#x$REV\": no such submission, exit 2" "$?" 2

# decide: refused ones
n0=$(replies)
run_intake decide -c "$CONF" "$IGN" accept >/dev/null 2>&1
tap_is "decide on an ignored mail is refused (exit 2)" "$?" 2
run_intake decide -c "$CONF" "$REV" reject >/dev/null 2>&1
tap_is "reject without --reason is refused (exit 2)" "$?" 2
tap_is "refusals sent nothing" "$(replies)" "$n0"

# decide accept on the review one: a receipt with a new number
run_intake decide -c "$CONF" "$REV" accept --by 王敏 >"$T_TMP/dec" 2>&1
tap_is "decide accept: exit 0" "$?" 0
tap_is "decide accept: one more reply" "$(replies)" $((n0 + 1))
rcpt=$(sql "select receipt from submissions where id=$REV")
case "$rcpt" in
闵行-20[0-9][0-9]-00000[0-9]) tap_ok "accepted with receipt $rcpt" ;;
*) tap_fail "accepted with a receipt number"; tap_diag "receipt '$rcpt'" ;;
esac
if newest_reply_has "$rcpt" "收件凭证号" >"$T_TMP/miss"; then
	tap_ok "the receipt reply carries $rcpt"
else tap_fail "the receipt reply carries the number"; tap_diag "$(cat "$T_TMP/miss")"; fi
tap_is "decision in the history with who" \
	"$(sql "select actor||' '||event from history where submission=$REV and event='decided'")" \
	"王敏 decided"
run_intake decide -c "$CONF" "$REV" reject --reason x >/dev/null 2>&1
tap_is "a second decision without --force is refused" "$?" 2
run_intake show -c "$CONF" "$rcpt" >/dev/null 2>&1
tap_is "show finds it by receipt number" "$?" 0

# supplement on the rejected one: a request naming the material
run_intake decide -c "$CONF" "$REJ" supplement \
	--reason "请补充张三的劳动合同（须盖公章）" --by 李娜 >/dev/null 2>&1
tap_is "decide supplement: exit 0" "$?" 0
if newest_reply_has "请补充材料" "劳动合同（须盖公章）" >"$T_TMP/miss"; then
	tap_ok "supplement reply names the material"
else tap_fail "supplement reply names the material"; tap_diag "$(cat "$T_TMP/miss")"; fi

# resubmission: an answer to that reply bringing 劳动合同.jpg completes it
$PY "$REPO/tests/regress/staff_mail.py" answer "$I/outbox/new" "$T_TMP/re.eml"
deliver "$T_TMP/re.eml" a4
n1=$(replies)
run_intake once -c "$CONF" >/dev/null 2>"$T_TMP/once2.log"
tap_is "resubmission processed" "$?" 0
tap_is "still three submissions (joined, not a new one)" \
	"$(sql 'select count(*) from submissions')" 3
tap_is "the rejected submission is now accepted" \
	"$(sql "select status from submissions where id=$REJ")" accepted
tap_is "its files are the union (four materials)" \
	"$(sql "select count(distinct f.item) from files f join persons p on p.id=f.person where p.submission=$REJ")" 4
tap_is "the history shows the resubmission" \
	"$(sql "select count(*) from history where submission=$REJ and event='resubmitted'")" 1
tap_is "one receipt reply for it" "$(replies)" $((n1 + 1))
rcpt2=$(sql "select receipt from submissions where id=$REJ")
if newest_reply_has "$rcpt2" "上海星辰科技有限公司—张三(新办)—共1人" >"$T_TMP/miss"; then
	tap_ok "the receipt carries $rcpt2 and the original subject"
else
	tap_fail "the receipt carries the number and the original subject"
	tap_diag "$(cat "$T_TMP/miss")"
fi
# A reference that could mean two submissions is refused, naming both:
# the serial number of one receipt is another submission's internal id.
ser=${rcpt##*-}
other=$(sql "select id from submissions where id=$((1$ser - 1000000)) and id<>$REV")
if [ -z "$other" ]; then
	tap_fail "fixture: the id $ser belongs to another submission than $rcpt"
else
	run_intake show -c "$CONF" "$ser" >"$T_TMP/amb" 2>&1
	tap_is "show $ser (#$other, and receipt $rcpt of #$REV): exit 2" "$?" 2
	tap_check "the refusal names both (#$other and $rcpt)" \
		grep -q "#$other.*$rcpt\|$rcpt.*#$other" "$T_TMP/amb"
	run_intake decide -c "$CONF" "$ser" reject --reason x --force >/dev/null 2>&1
	tap_is "decide $ser is refused the same way" "$?" 2
	run_intake show -c "$CONF" "#$other" >/dev/null 2>&1
	tap_is "show #$other (explicitly the internal id): exit 0" "$?" 0
fi
# Full-width digits and dashes, as typed on a Chinese keyboard.
wide=$(printf '%s' "$rcpt" | sed 's/-/－/g; s/0/０/g; s/1/１/g; s/2/２/g')
run_intake show -c "$CONF" "$wide" >"$T_TMP/wide" 2>&1
tap_is "show $wide: exit 0" "$?" 0
tap_check "show $wide finds $rcpt" grep -q "$rcpt" "$T_TMP/wide"

# Rejecting a submission that already got a receipt needs --force, and the
# reply withdraws the receipt.
deliver "$C/01-minhang-accepted.eml" a5
run_intake once -c "$CONF" >/dev/null 2>"$T_TMP/once3.log"
ACC=$(sql "select max(id) from submissions where status='accepted'")
rcpt3=$(sql "select receipt from submissions where id=$ACC")
n2=$(replies)
run_intake decide -c "$CONF" "#$ACC" reject --reason "劳动合同未盖章" >/dev/null 2>"$T_TMP/nof"
tap_is "reject of receipted $rcpt3 without --force: exit 2" "$?" 2
tap_check "the refusal names the receipt and --force" grep -q "$rcpt3.*--force" "$T_TMP/nof"
tap_is "nothing sent" "$(replies)" "$n2"
run_intake decide -c "$CONF" "#$ACC" reject --reason "劳动合同未盖章" --force --by 王敏 >/dev/null 2>&1
tap_is "reject --force of $rcpt3: exit 0" "$?" 0
if newest_reply_has "$rcpt3" "撤回" "劳动合同未盖章" >"$T_TMP/miss"; then
	tap_ok "the rejection says receipt $rcpt3 is withdrawn"
else tap_fail "the rejection says the receipt is withdrawn"; tap_diag "$(cat "$T_TMP/miss")"; fi
tap_done
