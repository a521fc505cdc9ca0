#!/bin/sh
# tests/regress/report.sh — `intake report` over a database the daemon
# filled (`intake once` on generated Minhang mail in a Maildir), with the
# arrival times then moved to known days around the 2026 Mid-Autumn and
# National Day holidays (and the make-up Saturday 2026-10-10), and "now"
# fixed with INTAKE_NOW: the queue order, working days, overdue marks and
# contents in text, CSV (BOM, parsed back), JSON and HTML; the HTML page
# rendered in headless Chromium (screenshot kept as $BUILD_DIR/report.png);
# filters, masked and full ID numbers, exit statuses, the calendar across
# the Spring Festival and the new year, --mail-to through an outbox.
#
#   INTAKE=$PWD/build/intake sh tests/regress/report.sh
. "$(dirname "$0")/lib.sh"
need_intake
CHK="$PY $REPO/tests/regress/report_check.py"
BUILD_DIR=${BUILD_DIR:-$(dirname "$INTAKE")}
# Report dates are local days: the centers are in China (UTC+8, no DST).
TZ=CST-8
export TZ

I=$(tmpdir instance)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp"
cat >"$I/intake.conf" <<EOF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; done = "keyword"; };
reply = {
  from = "闵行区人才服务中心 <jifen@intake.invalid>";
  via  = "outbox:outbox";
};
EOF
CONF=$I/intake.conf
DB=$I/intake.db

C=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -10 "$T_TMP/gen.log")"
	tap_done
fi
K01=01-minhang-accepted.eml
K02=02-minhang-subject-unrecognized.eml
K04=04-minhang-count-mismatch.eml
K15=15-minhang-item-missing.eml
K16=16-minhang-item-unclassified.eml
K17=17-minhang-item-unclassified-missing.eml
K42=42-minhang-robot-auto-submitted.eml
for k in $K01 $K02 $K04 $K15 $K16 $K17 $K42; do
	cp "$C/$k" "$I/Maildir/tmp/$k" && mv "$I/Maildir/tmp/$k" "$I/Maildir/new/$k"
done
run_intake once -c "$CONF" >"$T_TMP/once.out" 2>"$T_TMP/once.log"
rc=$?
tap_is "the daemon filled the database (intake once exits 0)" "$rc" 0
[ "$rc" = 0 ] || { tap_diag "$(tail -10 "$T_TMP/once.log")"; tap_done; }
n=$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from submissions").fetchone()[0])' "$DB")
tap_is "seven submissions recorded" "$n" 7

# Arrivals (UTC+8).  2026: 09-25..27 Mid-Autumn, 10-01..07 National Day,
# 10-10 (Saturday) a make-up working day; "now" is Monday 2026-10-12.
$CHK settime "$DB" "$K17=2026-09-24T10:00" "$K16=2026-10-09T15:00" \
	"$K02=2026-10-08T11:00" "$K04=2026-10-10T10:00" "$K15=2026-09-30T09:00" \
	"$K01=2026-10-08T09:30" "$K42=2026-10-11T09:00"
$CHK setid "$DB" "$K16" 31010119900307123X
set -- $($CHK ids "$DB" $K17 $K16 $K02 $K04 $K15 $K01 $K42)
R17=$1 R16=$2 R02=$3 R04=$4 R15=$5 R01=$6 R42=$7
ID17=${R17#\#}
# Working days waited by 2026-10-12:
#   17  09-24 → 09-28,29,30, 10-08,09,10(make-up),12   = 7 > 5: overdue
#       (weekends only it would be 12)
#   16  10-09 → 10-10(make-up), 10-12                   = 2
#   02  10-08 → 10-09, 10-10, 10-12 = 3;  04  10-10 → 10-12 = 1
#   15  09-30 → 10-08, 10-09, 10-10, 10-12 = 4 (rejected, then 01 came:
#       resent);  01 = 3;  42 = 1
cat >"$T_TMP/expect.json" <<EOF
[
 {"ref": "$R17", "days": 7, "overdue": true, "status": "review", "status_name": "待人工核对",
  "problems": ["张三：文件名无法识别、缺劳动合同"], "business": "积分新办"},
 {"ref": "$R16", "days": 2, "overdue": false, "status": "review", "status_name": "待人工核对",
  "persons": ["张三(310101********123X)"], "ids": ["310101********123X"]},
 {"ref": "$R02", "days": 3, "overdue": false, "status": "rejected", "status_name": "已退回",
  "problems": ["标题格式不符"], "resent": false},
 {"ref": "$R04", "days": 1, "overdue": false, "status": "rejected", "status_name": "已退回",
  "problems": ["人数不符"], "resent": false, "business": "积分新办、积分续办"},
 {"ref": "$R15", "days": 4, "overdue": false, "status": "rejected", "status_name": "已退回（已重发）",
  "problems": ["张三：缺劳动合同"], "resent": true},
 {"ref": "$R01", "days": 3, "overdue": false, "status": "accepted", "status_name": "已受理",
  "persons": ["张三", "李四"]},
 {"ref": "$R42", "days": 1, "overdue": false, "status": "ignored", "status_name": "已忽略"}
]
EOF
ORDER="$R17 $R16 $R02 $R04 $R15 $R01 $R42"

NOW=2026-10-12
export INTAKE_NOW=$NOW
# the records apart from the audit (where each report is itself recorded)
records_sum() {
	$PY -c 'import sqlite3,sys,hashlib
db = sqlite3.connect(sys.argv[1])
h = hashlib.sha256()
for (t,) in db.execute("select name from sqlite_master where type = \"table\" and name <> \"audit\" order by name"):
    for r in db.execute("select * from \"%s\" order by rowid" % t): h.update(repr(r).encode())
print(h.hexdigest())' "$DB"
}
sha_before=$(records_sum)
out_before=$(ls "$I/outbox/new" | wc -l)

# report FILE ARGS...: `intake report ARGS` to FILE; the exit status is $rc
report() {
	_f=$1; shift
	run_intake report -c "$CONF" "$@" >"$_f" 2>"$T_TMP/err"
	rc=$?
}

report "$T_TMP/q.txt"
tap_is "text: exit 0" "$rc" 0
$CHK text "$T_TMP/q.txt" $ORDER >"$T_TMP/tap"; tap_feed "$T_TMP/tap"
if grep -q "超期1件" "$T_TMP/q.txt" && grep -q "待人工核对2件" "$T_TMP/q.txt"; then
	tap_ok "text: the summary counts two in review, one overdue"
else
	tap_fail "text: the summary counts two in review, one overdue"
	tap_diag "$(head -3 "$T_TMP/q.txt")"
fi
if grep "^$R17 " "$T_TMP/q.txt" | grep -q " 7  超期 "; then
	tap_ok "text: the oldest review waited 7 working days and is marked 超期"
else
	tap_fail "text: the oldest review waited 7 working days and is marked 超期"
	tap_diag "$(grep "^$R17 " "$T_TMP/q.txt")"
fi
if grep -q 31010119900307123X "$T_TMP/q.txt" || ! grep -q '310101\*\*\*\*\*\*\*\*123X' "$T_TMP/q.txt"; then
	tap_fail "text: the ID number is masked by default"
else
	tap_ok "text: the ID number is masked by default"
fi

report "$T_TMP/q.csv" --format csv
tap_is "csv: exit 0" "$rc" 0
$CHK csv "$T_TMP/q.csv" "$T_TMP/expect.json" >"$T_TMP/tap"; tap_feed "$T_TMP/tap"

report "$T_TMP/q.json" --format json
tap_is "json: exit 0" "$rc" 0
$CHK json "$T_TMP/q.json" "$T_TMP/expect.json" >"$T_TMP/tap"; tap_feed "$T_TMP/tap"

report "$T_TMP/full.json" --format json --full-ids
if grep -q '"31010119900307123X"' "$T_TMP/full.json"; then
	tap_ok "--full-ids: the ID number in full"
else
	tap_fail "--full-ids: the ID number in full"
fi

mkdir -p "$BUILD_DIR"
HTML=$BUILD_DIR/report.html
report "$T_TMP/stdout" --format html -o "$HTML"
tap_is "html -o FILE: exit 0" "$rc" 0
if [ -s "$T_TMP/stdout" ]; then tap_fail "-o FILE: nothing on standard output"; else tap_ok "-o FILE: nothing on standard output"; fi
$CHK html "$HTML" 7 "$ID17" >"$T_TMP/tap"; tap_feed "$T_TMP/tap"
tap_is "-o FILE: mode 0600 (it names people)" "$(stat -c %a "$HTML")" 600
# The report is written as it is read: a failed write is an error, and a
# file named with -o appears whole or not at all.
run_intake report -c "$CONF" --format json >/dev/full 2>"$T_TMP/err"
tap_is "standard output full: exit 3" "$?" 3
if grep -q "No space left" "$T_TMP/err"; then tap_ok "standard output full: says why"; else tap_fail "standard output full: says why"; tap_diag "$(cat "$T_TMP/err")"; fi
run_intake report -c "$CONF" -o "$T_TMP/no-such-dir/q.txt" >/dev/null 2>"$T_TMP/err"
tap_is "-o in a missing directory: exit 3" "$?" 3
if [ -e "$T_TMP/no-such-dir" ]; then tap_fail "-o in a missing directory: nothing made"; else tap_ok "-o in a missing directory: nothing made"; fi
run_intake report -c "$CONF" --format csv -o "$T_TMP/q2.csv" >/dev/null 2>&1
if cmp -s "$T_TMP/q2.csv" "$T_TMP/q.csv" && [ -z "$(ls "$T_TMP" | grep 'q2.csv.tmp')" ]; then
	tap_ok "-o FILE: the same bytes as standard output, no temporary left"
else
	tap_fail "-o FILE: the same bytes as standard output, no temporary left"
fi

# Headless Chromium: the page renders, its script runs to the end (it
# marks the table data-ready with the rows it saw), and sorting by the
# working-days column (#sort=2-desc, the code a click runs) puts the
# overdue one first.  The screenshot stays for a person to look at.
if command -v chromium >/dev/null 2>&1; then
	CH_HOME=$(tmpdir chromium)
	HOME=$CH_HOME timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$CH_HOME/profile" --dump-dom "file://$HTML#sort=2-desc" \
		>"$T_TMP/dom.html" 2>"$T_TMP/chromium.log"
	tap_is "chromium --dump-dom exits 0" "$?" 0
	$CHK dom "$T_TMP/dom.html" 7 "$ID17" >"$T_TMP/tap"; tap_feed "$T_TMP/tap"
	rm -f "$BUILD_DIR/report.png"
	HOME=$CH_HOME timeout 120 chromium --headless --no-sandbox --disable-gpu \
		--user-data-dir="$CH_HOME/profile" --hide-scrollbars \
		--screenshot="$BUILD_DIR/report.png" --window-size=1200,900 \
		"file://$HTML" >>"$T_TMP/chromium.log" 2>&1
	if [ -s "$BUILD_DIR/report.png" ] && [ "$(head -c 8 "$BUILD_DIR/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
		tap_ok "chromium screenshot kept: $BUILD_DIR/report.png"
	else
		tap_fail "chromium screenshot kept: $BUILD_DIR/report.png"
		tap_diag "$(tail -5 "$T_TMP/chromium.log")"
	fi
else
	tap_ok "# SKIP chromium not available"
fi

# filters
count_rows() {	# FILE: data rows of a JSON report
	$PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$1"
}
report "$T_TMP/f.json" --format json --status review
tap_is "--status review: the two in review" "$(count_rows "$T_TMP/f.json")" 2
report "$T_TMP/f.json" --format json --status review,rejected
tap_is "--status review,rejected: five" "$(count_rows "$T_TMP/f.json")" 5
report "$T_TMP/f.json" --format json --since 2026-10-09
tap_is "--since 2026-10-09: three received since" "$(count_rows "$T_TMP/f.json")" 3
report "$T_TMP/f.json" --format json --business 积分新办
tap_is "--business 积分新办 (Chinese name): five" "$(count_rows "$T_TMP/f.json")" 5
report "$T_TMP/f.json" --format json --business points-renew
tap_is "--business points-renew (a person's business counts): two" "$(count_rows "$T_TMP/f.json")" 2

# the report wrote nothing but its audit rows: records and outbox unchanged
tap_is "the records are unchanged" "$(records_sum)" "$sha_before"
tap_is "each report is in the audit" \
	"$($PY -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) > 0 from audit where command = \"report\"").fetchone()[0])' "$DB")" 1
tap_is "no mail went out" "$(ls "$I/outbox/new" | wc -l)" "$out_before"

# exit statuses
report "$T_TMP/x" --format pdf
tap_is "unknown format: exit 2" "$rc" 2
report "$T_TMP/x" --status pending
tap_is "unknown status: exit 2" "$rc" 2
report "$T_TMP/x" --since 2026-13-01
tap_is "bad --since: exit 2" "$rc" 2
INTAKE_NOW=tomorrow run_intake report -c "$CONF" >/dev/null 2>&1
tap_is "bad INTAKE_NOW: exit 2" "$?" 2
sed 's/^database = .*/database = "nothing-here.db";/' "$CONF" >"$I/nodb.conf"
run_intake report -c "$I/nodb.conf" >/dev/null 2>"$T_TMP/err"
tap_is "database missing: exit 3" "$?" 3
if [ -e "$I/nothing-here.db" ]; then tap_fail "a missing database is not created"; else tap_ok "a missing database is not created"; fi
sed 's/^center .*/center = "pudong";/' "$CONF" >"$I/bad.conf"
run_intake report -c "$I/bad.conf" >/dev/null 2>&1
tap_is "configuration error: exit 2" "$?" 2

# a broken calendar file is a configuration error, with file and line
S=$(tmpdir schemas)
cp -R "$REPO/schemas/." "$S/"
sed -i 's/"2026-06-21"/"2026-06-31"/' "$S/calendar/cn-2026.cfg"
line=$(grep -n '2026-06-31' "$S/calendar/cn-2026.cfg" | cut -d: -f1)
sed "s|^schemas .*|schemas = \"$S\";|" "$CONF" >"$I/cal.conf"
run_intake report -c "$I/cal.conf" >/dev/null 2>"$T_TMP/err"
tap_is "broken calendar: exit 2" "$?" 2
if grep -q "cn-2026.cfg:$line:" "$T_TMP/err"; then
	tap_ok "broken calendar: reported as cn-2026.cfg:$line"
else
	tap_fail "broken calendar: reported as cn-2026.cfg:$line"
	tap_diag "$(cat "$T_TMP/err")"
fi

# the calendar across the Spring Festival: Friday 2026-02-13 → Tuesday
# 02-24 is 02-14 (make-up Saturday) and 02-24: 2 (weekends only: 7)
$CHK settime "$DB" "$K17=2026-02-13T10:00"
INTAKE_NOW=2026-02-24 run_intake report -c "$CONF" --format json --status review \
	>"$T_TMP/sf.json" 2>"$T_TMP/err"
days=$($PY -c 'import json,sys; print([o["working_days"] for o in json.load(open(sys.argv[1])) if o["id"] == int(sys.argv[2])])' "$T_TMP/sf.json" "$ID17")
tap_is "Spring Festival 2026: 2 working days from 02-13 to 02-24" "$days" "[2]"
# and across the new year from 2025, which has no calendar file: a warning
$CHK settime "$DB" "$K17=2025-12-31T10:00"
INTAKE_NOW=2026-01-05 run_intake report -c "$CONF" --format json --status review \
	>"$T_TMP/ny.json" 2>"$T_TMP/err"
tap_is "a year without a calendar: still exit 0" "$?" 0
days=$($PY -c 'import json,sys; print([o["working_days"] for o in json.load(open(sys.argv[1])) if o["id"] == int(sys.argv[2])])' "$T_TMP/ny.json" "$ID17")
tap_is "New Year 2026: 2 working days from 2025-12-31 (01-04 a make-up Sunday)" "$days" "[2]"
if grep -q "no calendar for 2025" "$T_TMP/err"; then
	tap_ok "a year without a calendar is warned about"
else
	tap_fail "a year without a calendar is warned about"
	tap_diag "$(cat "$T_TMP/err")"
fi
INTAKE_NOW=2027-01-04 run_intake report -c "$CONF" >/dev/null 2>"$T_TMP/err"
if grep -q "2027 is provisional" "$T_TMP/err"; then
	tap_ok "the provisional 2027 calendar is warned about"
else
	tap_fail "the provisional 2027 calendar is warned about"
	tap_diag "$(cat "$T_TMP/err")"
fi
# Local time is converted a day at a time: a day whose offset changes
# (daylight saving begins on 2026-03-08 at 02:00 in EST5EDT) must still
# show each arrival at its own offset.
$CHK settime "$DB" "$K17=2026-03-08T13:30" "$K16=2026-03-08T22:00"
TZ=EST5EDT,M3.2.0,M11.1.0 INTAKE_NOW=2026-03-10 run_intake report -c "$CONF" \
	--format json >"$T_TMP/dst.json" 2>/dev/null
for want in 2026-03-08T00:30:00-05:00 2026-03-08T10:00:00-04:00; do
	if grep -q "\"received\": \"$want\"" "$T_TMP/dst.json"; then
		tap_ok "daylight-saving day: received $want"
	else
		tap_fail "daylight-saving day: received $want"
		tap_diag "$(grep '"received"' "$T_TMP/dst.json")"
	fi
done
$CHK settime "$DB" "$K17=2026-09-24T10:00" "$K16=2026-10-09T15:00"

# --mail-to: the HTML report as a mail through the reply channel (outbox)
run_intake report -c "$CONF" --mail-to staff@center.example.gov.cn >"$T_TMP/x" 2>"$T_TMP/err"
tap_is "--mail-to: exit 0" "$?" 0
new=$(ls -t "$I/outbox/new" | head -1)
tap_is "--mail-to: one mail in the outbox" "$(ls "$I/outbox/new" | wc -l)" $((out_before + 1))
$CHK mail "$I/outbox/new/$new" staff@center.example.gov.cn >"$T_TMP/tap"; tap_feed "$T_TMP/tap"
INTAKE_NOW=2026-10-11 run_intake report -c "$CONF" --mail-to staff@center.example.gov.cn \
	--if-workday >/dev/null 2>&1
tap_is "--if-workday on Sunday 2026-10-11: nothing sent" "$(ls "$I/outbox/new" | wc -l)" $((out_before + 1))
INTAKE_NOW=2026-10-10 run_intake report -c "$CONF" --mail-to staff@center.example.gov.cn \
	--if-workday >/dev/null 2>&1
tap_is "--if-workday on the make-up Saturday 2026-10-10: sent" "$(ls "$I/outbox/new" | wc -l)" $((out_before + 2))
run_intake report -c "$CONF" --mail-to 'not an address' >/dev/null 2>&1
tap_is "--mail-to with a bad address: exit 2" "$?" 2

tap_done
