#!/bin/sh
# tests/regress/operations.sh — personal data and operations over a
# database the daemon filled (`intake once` on generated mail): the mode
# of everything intake makes (0600 / 0700, whatever the caller's umask),
# modes readable by others reported; the audit of show, decide, report and
# purge; stats agreeing with the records; purge: --dry-run changes
# nothing, purge removes the files and blanks the fields, a second purge
# does nothing, a purge killed with SIGKILL half-way is finished by the
# next; no full ID number of the corpus in any log line nor in the
# default report.
#
#   INTAKE=$PWD/build/intake sh tests/regress/operations.sh
. "$(dirname "$0")/lib.sh"
need_intake
umask 022	# what intake makes must not depend on the caller's umask

LOGS=$T_TMP/all-stderr.log	# every command's stderr, for the ID check
: >"$LOGS"
C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }

# instance NAME CENTER: a configuration with its own Maildir, database,
# spool and outbox under $T_TMP/NAME; prints the configuration's path.
instance() {
	_d=$(tmpdir "$1")
	mkdir -p "$_d/Maildir/new" "$_d/Maildir/cur" "$_d/Maildir/tmp"
	cat >"$_d/intake.conf" <<CONF
center   = "$2";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
CONF
	echo "$_d/intake.conf"
}
deliver() {	# conf file name
	_m=$(dirname "$1")/Maildir
	cp "$2" "$_m/tmp/$3" && mv "$_m/tmp/$3" "$_m/new/$3"
}
sql() {	# query → every row, columns joined by |
	$PY -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if x is None else str(x) for x in r))' "$DB" "$1"
}
# dump: every row of the record tables but audit, and every spool path
dump() {
	$PY -c 'import sqlite3,sys
db = sqlite3.connect(sys.argv[1])
for t in ("messages", "submissions", "persons", "files", "problems", "replies", "history"):
    for r in db.execute("select * from %s order by id" % t): print(t, r)' "$DB"
	(cd "$I/spool" && find . | LC_ALL=C sort)
}
intake_logged() {	# ARG...: run_intake, its stderr kept in LOGS
	run_intake "$@" 2>"$T_TMP/err"
	_rc=$?
	cat "$T_TMP/err" >>"$LOGS"
	return $_rc
}

CONF=$(instance main minhang)
I=$(dirname "$CONF")
DB=$I/intake.db
deliver "$CONF" "$C/01-minhang-accepted.eml" a1
deliver "$CONF" "$C/15-minhang-item-missing.eml" a2
deliver "$CONF" "$C/16-minhang-item-unclassified.eml" a3
deliver "$CONF" "$C/42-minhang-robot-auto-submitted.eml" a4
deliver "$CONF" "$C/19-minhang-contact-missing.eml" a5
intake_logged once -v -c "$CONF" >/dev/null
tap_is "daemon filled the database" "$?" 0
tap_is "five submissions" "$(sql 'select count(*) from submissions')" 5

# ---- file modes ----
bad=$(cd "$I" && find spool outbox intake.db* \( -type d ! -perm 0700 \) -o \
	\( -type f ! -perm 0600 \) -o \( ! -type d ! -type f \))
if [ -z "$bad" ]; then tap_ok "every directory intake made is 0700, every file 0600"
else tap_fail "every directory intake made is 0700, every file 0600"
	tap_diag "$(cd "$I" && ls -ld $bad | head -10)"; fi
n=$(cd "$I" && find spool outbox intake.db* | wc -l)
[ "$n" -gt 20 ] && tap_ok "modes checked on $n paths" || tap_fail "modes checked on $n paths"
run_intake config-check -c "$CONF" >/dev/null 2>"$T_TMP/cc"
tap_is "config-check on private data: exit 0, no mode warning" "$?:$(grep -c "is mode" "$T_TMP/cc")" "0:0"
chmod 644 "$DB"; chmod 755 "$I/spool"
run_intake config-check -c "$CONF" >/dev/null 2>"$T_TMP/cc"
if grep -q "intake.db is mode 0644: readable by others" "$T_TMP/cc" &&
	grep -q "spool is mode 0755" "$T_TMP/cc"; then
	tap_ok "config-check reports a database and a spool others can read"
else tap_fail "config-check reports a database and a spool others can read"
	tap_diag "$(cat "$T_TMP/cc")"; fi
intake_logged once -c "$CONF" >/dev/null
if grep -q "event=privacy.*intake.db is mode 0644" "$T_TMP/err" &&
	grep -q "event=privacy.*spool is mode 0755" "$T_TMP/err"; then
	tap_ok "the daemon reports them at start-up"
else tap_fail "the daemon reports them at start-up"; tap_diag "$(cat "$T_TMP/err")"; fi
chmod 600 "$DB"; chmod 700 "$I/spool"

# ---- audit ----
ME=$(id -un)
REV=$(sql "select id from submissions where status='review'")
REJ=$(sql "select id from submissions where status='rejected' order by id limit 1")
intake_logged show -c "$CONF" --by 王敏 "$REV" >/dev/null
tap_is "show --by: exit 0" "$?" 0
intake_logged report -c "$CONF" >"$T_TMP/report.txt"
tap_is "report: exit 0" "$?" 0
intake_logged decide -c "$CONF" "$REJ" supplement --reason "请补充劳动合同" \
	--by 李娜 >/dev/null
tap_is "decide: exit 0" "$?" 0
run_intake audit -c "$CONF" >"$T_TMP/audit" 2>&1
tap_is "audit: exit 0" "$?" 0
for want in "$ME *王敏 *show *$REV" "$ME *- *report" "$ME *李娜 *decide *$REJ *supplement"; do
	if grep -q -- "$want" "$T_TMP/audit"; then tap_ok "audit lists /$want/"
	else tap_fail "audit lists /$want/"; tap_diag "$(cat "$T_TMP/audit")"; fi
done
tap_is "three audit rows" "$(sql 'select count(*) from audit')" 3
# Under sudo -u: the Unix user and who ran sudo.
SUDO_USER=wangmin run_intake show -c "$CONF" "$REV" >/dev/null 2>&1
tap_is "audit under sudo names both users" \
	"$(sql "select unix_user from audit order by id desc limit 1")" "$ME (sudo wangmin)"
SUDO_USER=$ME run_intake show -c "$CONF" "$REV" >/dev/null 2>&1
tap_is "SUDO_USER naming the same user: once" \
	"$(sql "select unix_user from audit order by id desc limit 1")" "$ME"
run_intake audit -c "$CONF" --since 2999-01-01 >"$T_TMP/audit2" 2>&1
tap_is "audit --since a later day: nothing" "$?:$(wc -l <"$T_TMP/audit2" | tr -d ' ')" "0:0"
run_intake audit -c "$CONF" --since yesterday >/dev/null 2>&1
tap_is "audit --since nonsense: exit 2" "$?" 2

# ---- stats ----
run_intake stats -c "$CONF" --format json >"$T_TMP/stats.json" 2>"$T_TMP/err"
tap_is "stats --format json: exit 0" "$?" 0
$PY - "$T_TMP/stats.json" "$DB" >"$T_TMP/tap" <<'PY'
import json, sqlite3, sys, datetime, collections
rows = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
want = collections.defaultdict(collections.Counter)
for st, bus, recv in db.execute("select s.status, s.business, m.received_at from submissions s join messages m on m.id = s.msg"):
    y, w, _ = datetime.datetime.fromtimestamp(recv).isocalendar()
    for wk in ("%d-W%02d" % (y, w), "total"):
        want[(wk, bus)]["received"] += 1
        want[(wk, bus)][st] += 1
got = {(r["week"], r["business"]): r for r in rows}
ok = set(got) == set(want)
print(("ok" if ok else "not ok") + " - stats has one row per week and business and a total")
if not ok: print("# got %s want %s" % (sorted(map(str, got)), sorted(map(str, want))))
for k, c in want.items():
    r = got.get(k, {})
    g = tuple(r.get(x, 0) for x in ("received", "accepted", "rejected", "review", "ignored"))
    w = tuple(c[x] for x in ("received", "accepted", "rejected", "review", "ignored"))
    print(("ok" if g == w else "not ok") + " - stats %s %s: %s" % (k[0], k[1], w))
codes = [c for (c,) in db.execute("select distinct code from problems")]
tot = [r for r in rows if r["week"] == "total" and r["business"] == "points-new"][0]
print(("ok" if {p["code"] for p in tot["top_problems"]} <= set(codes) and tot["top_problems"] else "not ok")
      + " - stats names problem codes of the records")
print(("ok" if tot["median_workdays"] == 0 else "not ok") + " - median working days 0 (all decided today)")
PY
tap_feed "$T_TMP/tap"
run_intake stats -c "$CONF" --format csv >"$T_TMP/stats.csv" 2>/dev/null
tap_is "stats csv starts with a BOM" "$(head -c 3 "$T_TMP/stats.csv" | od -An -tx1 | tr -d ' ')" "efbbbf"
tap_is "stats csv: Chinese headings" "$(head -1 "$T_TMP/stats.csv" | sed 's/^\xef\xbb\xbf//' | tr -d '\r')" \
	"周,业务,收到,已受理,已退回,待人工核对,已忽略,办结工作日中位数,主要问题"
tap_check "stats csv: Chinese cells (合计, business names, problems)" \
	grep -q "^合计,积分新办,.*缺材料 [0-9]" "$T_TMP/stats.csv"
tap_check "stats csv: no stray '- (a formula guard on a dash)" \
	sh -c "! grep -q \"'-\" '$T_TMP/stats.csv'"
run_intake stats -c "$CONF" --since 2999-01-01 --format csv >"$T_TMP/stats2.csv" 2>/dev/null
tap_is "stats --since later: only the header" "$(wc -l <"$T_TMP/stats2.csv" | tr -d ' ')" 1

# ---- purge ----
dump >"$T_TMP/before"
run_intake purge -c "$CONF" --dry-run --older-than 0 >"$T_TMP/dry" 2>&1
tap_is "purge --dry-run: exit 0" "$?" 0
dump >"$T_TMP/after"
tap_check "purge --dry-run changes nothing" cmp -s "$T_TMP/before" "$T_TMP/after"
tap_is "purge --dry-run lists every closed submission" \
	"$(grep -c '^would purge' "$T_TMP/dry")" "$(sql "select count(*) from submissions where status<>'review'")"
run_intake purge -c "$CONF" >"$T_TMP/p0" 2>&1
dump >"$T_TMP/after"
tap_check "purge within retention_days (180) purges nothing" cmp -s "$T_TMP/before" "$T_TMP/after"

CLOSED=$(sql "select count(*) from submissions where status<>'review'")
CODES=$(sql "select count(*) from problems")
# What the reader read on a file (006-recognition.sql) is personal data:
# every file gets some here, as a recognised ID card would.
$PY -c 'import sqlite3,sys
c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$DB" \
    "update files set item_by='content', read_id_number='310101199001011234', read_name='张三'"
INTAKE_TEST_PURGE_KILL=2 run_intake purge -c "$CONF" --older-than 0 --by 管理员 >/dev/null 2>&1
tap_is "purge killed with SIGKILL half-way" "$?" 137
tap_is "one purged, one taken but unfinished" \
	"$(sql 'select count(purged_at), count(purging_at) from submissions')" "1|2"
run_intake purge -c "$CONF" --older-than 0 --by 管理员 >"$T_TMP/p1" 2>&1
tap_is "the rerun: exit 0" "$?" 0
tap_is "every closed submission purged, the review one kept" \
	"$(sql "select count(*) from submissions where purged_at is not null and status<>'review'"):$(sql "select count(*) from submissions where purged_at is null and status='review'")" \
	"$CLOSED:1"
KEEP=$(sql "select msg from submissions where status='review'")
left=$(cd "$I/spool" && find files msg -type f | grep -v "^files/$KEEP/" | grep -v -F "$(sql "select spool_path from messages where id=$KEEP")")
if [ -z "$left" ]; then tap_ok "purge removed the mail and files of purged submissions"
else tap_fail "purge removed the mail and files of purged submissions"; tap_diag "$left"; fi
tap_check "the review submission's files are still there" test -d "$I/spool/files/$KEEP"
P="(select id from submissions where purged_at is not null)"
tap_is "names, ID numbers and archives blanked" \
	"$(sql "select count(*) from persons where submission in $P and (name is not null or id_number is not null or archive is not null)")" 0
tap_is "file names and paths blanked" \
	"$(sql "select count(*) from files f join persons p on p.id=f.person where p.submission in $P and (f.name is not null or f.path is not null)")" 0
tap_is "ID numbers and names read on the files blanked, how each was told kept" \
	"$(sql "select count(*) from files f join persons p on p.id=f.person where p.submission in $P and (f.read_id_number is not null or f.read_name is not null)"):$(sql "select count(*) from files f join persons p on p.id=f.person where p.submission in $P and f.item_by='content'")" \
	"0:$(sql "select count(*) from files f join persons p on p.id=f.person where p.submission in $P")"
tap_is "sender, subject and verdict (phone, body) blanked" \
	"$(sql "select count(*) from submissions where id in $P and (sender is not null or subject is not null or verdict_json is not null)")" 0
tap_is "problem details and reply texts blanked" \
	"$(sql "select count(*) from problems where submission in $P and detail is not null")|$(sql "select count(*) from replies where submission in $P and (length(message)>0 or rcpt<>'')")" "0|0"
tap_is "the decision's reason blanked, the decision kept" \
	"$(sql "select detail from history where submission=$REJ and event='decided'")" supplement
tap_is "receipts, problem codes kept" \
	"$(sql "select count(*) from submissions where receipt is not null"):$(sql 'select count(*) from problems')" \
	"$(sql "select count(*) from submissions where receipt is not null"):$CODES"
if sql "select name from persons" | grep -q . ; then
	tap_ok "the review submission's persons kept"
else tap_fail "the review submission's persons kept"; fi
dump >"$T_TMP/before"
run_intake purge -c "$CONF" --older-than 0 >"$T_TMP/p2" 2>&1
dump >"$T_TMP/after"
tap_check "a second purge does nothing" cmp -s "$T_TMP/before" "$T_TMP/after"
grep -q "^0 submissions purged" "$T_TMP/p2" && tap_ok "and says so" || tap_fail "and says so"
tap_is "purges audited with who" "$(sql "select count(*) from audit where command='purge' and by_name='管理员'")" 1
intake_logged report -c "$CONF" >/dev/null
tap_is "report after purge: exit 0" "$?" 0
intake_logged show -c "$CONF" "$(sql "select id from submissions where receipt is not null limit 1")" >/dev/null
tap_is "show of a purged submission: exit 0" "$?" 0

# ---- no full ID number in a log line or the default report ----
for c in baoshan huangpu hongkou guangzhou-support; do
	cf=$(instance "ids-$c" "$c")
	for f in "$C"/*-"$c"-*.eml; do
		deliver "$cf" "$f" "$(basename "$f" .eml)"
	done
	# a Maildir file name is logged as the message key: one with an ID
	deliver "$cf" "$C/01-minhang-accepted.eml" "m-310101199003071230-x"
	intake_logged once -v -c "$cf" >/dev/null
	intake_logged report -c "$cf" >>"$T_TMP/reports.txt"
	intake_logged report -c "$cf" --format json >>"$T_TMP/reports.txt"
	intake_logged report -c "$cf" --format csv >>"$T_TMP/reports.txt"
	intake_logged stats -c "$cf" >/dev/null
done
$PY - "$C" >"$T_TMP/ids" <<'PY'
import email, email.policy, glob, re, sys
ids = set()
tr = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
for f in glob.glob(sys.argv[1] + "/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    text = str(m["subject"] or "")
    for p in m.walk():
        if p.get_content_maintype() == "text":
            text += p.get_content()
    for s in re.findall(r"[0-9０-９]{17}[0-9０-９XxＸｘ]", text):
        ids.add(s.translate(tr))
for i in sorted(ids): print(i)
PY
echo 310101199003071230 >>"$T_TMP/ids"
nids=$(sort -u "$T_TMP/ids" | wc -l | tr -d ' ')
[ "$nids" -ge 5 ] && tap_ok "the corpus holds $nids ID numbers" || tap_fail "the corpus holds ID numbers ($nids)"
grep -q "key=m-310101\*\*\*\*\*\*\*\*1230-x" "$LOGS" &&
	tap_ok "an ID number in a log line is masked" ||
	tap_fail "an ID number in a log line is masked"
found=$(sort -u "$T_TMP/ids" | grep -F -f - "$LOGS" "$T_TMP/reports.txt")
if [ -z "$found" ]; then
	tap_ok "no full ID number in $(wc -l <"$LOGS" | tr -d ' ') log lines nor the default reports"
else tap_fail "no full ID number in the logs nor the default reports"; tap_diag "$(echo "$found" | head -5)"; fi
tap_done
