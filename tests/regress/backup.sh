#!/bin/sh
# tests/regress/backup.sh — `intake backup FILE --with-spool` while
# `intake run` works on a Maildir that keeps receiving mail; the copy is
# restored into a new directory as README.md says (database file, spool
# tar), passes PRAGMA integrity_check, every file it names is there, and
# `report --format json` and `show` there give the same answers as the
# original for every submission the copy holds.
#
#   INTAKE=$PWD/build/intake sh tests/regress/backup.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool tar

C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }
conf() {	# DIR: a configuration for an instance in DIR
	mkdir -p "$1/Maildir/new" "$1/Maildir/cur" "$1/Maildir/tmp"
	cat >"$1/intake.conf" <<CONF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; poll_seconds = 1; };
reply = { from = "闵行区人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
CONF
}
sql() {	# DB query
	$PY -c 'import sqlite3,sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if x is None else str(x) for x in r))' "$1" "$2"
}
I=$(tmpdir orig)
conf "$I"
n=0
deliver() {	# every minhang mail once more, under new names
	for f in "$C"/*-minhang-*.eml; do
		n=$((n + 1))
		cp "$f" "$I/Maildir/tmp/m$n" && mv "$I/Maildir/tmp/m$n" "$I/Maildir/new/m$n"
	done
}
deliver
# the daemon itself (not a wrapper), so that SIGTERM reaches it
if [ "${VALGRIND:-0}" = 1 ]; then
	valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$INTAKE" run -c "$I/intake.conf" 2>"$T_TMP/run.log" &
else
	"$INTAKE" run -c "$I/intake.conf" 2>"$T_TMP/run.log" &
fi
PID=$!
trap 'kill "$PID" 2>/dev/null; rm -rf "$T_TMP"' EXIT
# wait_judged: until every mail delivered so far has its submission (up
# to a minute: valgrind is slow), not a fixed sleep.
wait_judged() {
	i=0
	while [ "$(sql "$I/intake.db" 'select count(*) from submissions' 2>/dev/null)" != "$n" ] &&
		[ $i -lt 200 ]; do sleep 0.3; i=$((i + 1)); done
}
wait_judged
tap_is "the daemon judged the first $n mails" "$(sql "$I/intake.db" 'select count(*) from submissions')" "$n"
deliver		# more mail arrives while the backup runs
B=$(tmpdir backup)
run_intake backup -c "$I/intake.conf" --with-spool "$B/intake.db" >"$T_TMP/b.out" 2>&1
tap_is "backup while the daemon runs: exit 0" "$?" 0
wait_judged
kill "$PID" 2>/dev/null
wait "$PID"
tap_is "the daemon ran on and stopped cleanly" "$?" 0
tap_is "the daemon judged every mail" "$(sql "$I/intake.db" 'select count(*) from submissions')" "$n"
tap_is "backup files are the service user's only" \
	"$(stat -c %a "$B/intake.db" "$B/intake.db.spool.tar" | tr '\n' ' ')" "600 600 "
tap_check "no temporary file left" test ! -e "$B/intake.db.tmp" -a ! -e "$B/intake.db.spool.tar.tmp"

# restore onto a "fresh machine": a new directory, as README.md says
R=$(tmpdir restored)
conf "$R"
cp "$B/intake.db" "$R/intake.db"
mkdir -m 700 "$R/spool" && tar -xf "$B/intake.db.spool.tar" -C "$R/spool"
tap_is "restored database: integrity_check ok" "$(sql "$R/intake.db" 'pragma integrity_check')" ok
held=$(sql "$R/intake.db" 'select count(*) from submissions')
[ "$held" -ge 1 ] && tap_ok "the copy holds $held submissions" || tap_fail "the copy holds submissions"
missing=$(sql "$R/intake.db" "select spool_path from messages where spool_path is not null union all select f.path from files f where f.path is not null" |
	while read -r p; do [ -f "$R/spool/$p" ] || echo "$p"; done)
if [ -z "$missing" ]; then tap_ok "every spooled file the copy names is restored"
else tap_fail "every spooled file the copy names is restored"; tap_diag "$(echo "$missing" | head -5)"; fi

export INTAKE_NOW=2026-12-01
run_intake report -c "$R/intake.conf" --format json >"$T_TMP/r.json" 2>"$T_TMP/r.err"
tap_is "report on the restored copy: exit 0" "$?" 0
run_intake report -c "$I/intake.conf" --format json >"$T_TMP/o.json" 2>/dev/null
$PY - "$T_TMP/o.json" "$T_TMP/r.json" >"$T_TMP/tap" <<'PY'
import json, sys
def rows(f):
    j = json.load(open(f))
    if isinstance(j, dict):
        j = next(v for v in j.values() if isinstance(v, list))
    return {r.get("id"): r for r in j}
o, r = rows(sys.argv[1]), rows(sys.argv[2])
diff = [k for k in r if o.get(k) != r[k]]
print(("ok" if r and not diff else "not ok") + " - report: the same %d rows as the original" % len(r))
if diff: print("# differ: %s" % diff[:5])
PY
tap_feed "$T_TMP/tap"
bad=0
for id in $(sql "$R/intake.db" 'select id from submissions'); do
	run_intake show -c "$I/intake.conf" "$id" 2>/dev/null | sed -e "s|$I/||g" -e "s|$R/||g" >"$T_TMP/so"
	run_intake show -c "$R/intake.conf" "$id" 2>/dev/null | sed -e "s|$I/||g" -e "s|$R/||g" >"$T_TMP/sr"
	cmp -s "$T_TMP/so" "$T_TMP/sr" || { bad=$((bad + 1)); tap_diag "$(diff "$T_TMP/so" "$T_TMP/sr" | head -5)"; }
done
tap_is "show gives the same answer for every restored submission" "$bad" 0
run_intake backup -c "$I/intake.conf" >/dev/null 2>&1
tap_is "backup without FILE: exit 2" "$?" 2
tap_done
