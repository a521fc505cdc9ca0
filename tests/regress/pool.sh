#!/bin/sh
# tests/regress/pool.sh — the pool of long-lived confined readers
# (daemon/worker.h, daemon/reader.h):
#  - a reader killed (SIGKILL, from here) while it holds an attachment is
#    replaced: that attachment alone is archive-unreadable, the message's
#    other archive is read by the new reader;
#  - a message's archives go to two readers at once;
#  - the daemon's readers serve 1,000 attachments and stay the same
#    processes, with the same descriptors and a bounded RSS (no leak).
#
#   INTAKE=$PWD/build/intake sh tests/regress/pool.sh
. "$(dirname "$0")/lib.sh"
need_intake

C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }
ACC=$C/01-minhang-accepted.eml		# 张三.zip and 李四.zip

# readers PID: the confined readers of process PID, one "pid" a line
readers() {
	for _s in /proc/[0-9]*/stat; do
		_p=${_s#/proc/}
		_p=${_p%/stat}
		# pid (comm) state ppid ...
		{ read -r _l <"$_s"; } 2>/dev/null || continue
		case $_l in
		*"(intake-reader) "[A-Za-z]" $1 "*) echo "$_p" ;;
		esac
	done
}

# holds_attachment PID: the reader has an attachment's memfd open (it is
# in the middle of one; an idle reader holds only its socket and stdio)
holds_attachment() {
	ls -l "/proc/$1/fd" 2>/dev/null | grep -q 'memfd:intake-attachment'
}

# ------------------------------------------- a reader killed mid-attachment
# One reader, a long deadline: only the kill from here ends the hang.
printf 'schemas = "%s/schemas";\nreaders = 1;\nlimits = { max_reader_seconds = 300; };\n' \
	"$REPO" >"$T_TMP/one.conf"
INTAKE_TEST_FAULT=hang:张三 "$INTAKE" check --json -c "$T_TMP/one.conf" \
    --center minhang "$ACC" >"$T_TMP/kill.json" 2>"$T_TMP/kill.err" &
CPID=$!
r1=
i=0
while [ $i -lt 300 ]; do
	r1=$(readers "$CPID" | head -1)
	[ -n "$r1" ] && holds_attachment "$r1" && break
	r1=
	sleep 0.1
	i=$((i + 1))
done
if [ -n "$r1" ]; then
	tap_ok "the reader holds 张三.zip (pid $r1)"
	kill -KILL "$r1"
else
	tap_fail "the reader holds 张三.zip"
	kill -KILL "$CPID" 2>/dev/null
fi
wait_exit "$CPID" 60
tap_is "check exits 0 after its reader was killed" "$?" 0
$PY - "$T_TMP/kill.json" >"$T_TMP/tap" <<'PYEOF'
import json, sys
def ok(c, what, diag=""):
	print("%s - %s" % ("ok" if c else "not ok", what))
	if not c and diag:
		print("# %s" % diag)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
ok(len(lines) == 1, "one verdict", lines[:2])
v = json.loads(lines[0]) if lines else {"problems": [], "persons": []}
bad = sorted({p.get("file") or "" for p in v["problems"] if p["code"] == "archive-unreadable"})
ok(bad == ["张三.zip"], "archive-unreadable for 张三.zip only", bad)
li = [p for p in v["persons"] if p["name"] == "李四"]
ok(li and len(li[0]["files"]) >= 1 and all(len(f["sha256"]) == 64 for f in li[0]["files"]),
   "李四.zip read by the replacing reader: its files typed and hashed", li)
PYEOF
tap_feed "$T_TMP/tap"
tap_check "the log says the reader was killed (signal 9) on 张三.zip" \
    grep -q 'attachment="张三.zip" why="the archive reader crashed (signal 9)"' "$T_TMP/kill.err"

# -------------------------------- a message's attachments read in parallel
# Both archives hang: with two readers, both hold an attachment at once
# (read one after the other, the second would wait for the first).
printf 'schemas = "%s/schemas";\nreaders = 2;\nlimits = { max_reader_seconds = 300; };\n' \
	"$REPO" >"$T_TMP/two.conf"
INTAKE_TEST_FAULT=hang:.zip "$INTAKE" check --json -c "$T_TMP/two.conf" \
    --center minhang "$ACC" >"$T_TMP/par.json" 2>"$T_TMP/par.err" &
CPID=$!
busy=
i=0
while [ $i -lt 300 ]; do
	busy=
	for r in $(readers "$CPID"); do
		holds_attachment "$r" && busy="$busy $r"
	done
	[ "$(echo $busy | wc -w)" -eq 2 ] && break
	sleep 0.1
	i=$((i + 1))
done
tap_is "two readers hold the message's two archives at once" "$(echo $busy | wc -w | tr -d ' ')" 2
for r in $busy; do kill -KILL "$r"; done
[ -n "$busy" ] || kill -KILL "$CPID" 2>/dev/null
wait_exit "$CPID" 60
tap_is "check exits 0 after both readers were killed" "$?" 0
tap_is "both archives archive-unreadable" \
    "$(grep -c 'event=reader-failed attachment="[^"]*.zip" why="the archive reader crashed (signal 9)"' "$T_TMP/par.err")" 2

# --------------------------------------- 1,000 attachments, the same readers
I=$(tmpdir instance)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp" "$I/mails"
cat >"$I/intake.conf" <<CONF
center   = "minhang";
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
readers  = 2;
mailbox = { url = "maildir:Maildir"; done = "keyword"; poll_seconds = 300; };
reply = { from = "闵行区人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox";
          per_sender_per_day = 100000; };
CONF
# 40 mails of 25 attachments: 20 archives of two scans and 5 loose scans
$PY - "$REPO" "$I/mails" <<'PYEOF' || tap_fail "pool corpus generated"
import os, sys
repo, out = sys.argv[1:3]
sys.path.insert(0, os.path.join(repo, "tests", "corpus"))
import mkmail as M, centers_corpus as C
for k in range(40):
	atts = [C.zipped("张三%02d" % a, C.scans(["身份证.jpg", "居住证.jpg"])) for a in range(20)]
	atts += [M.attachment("扫描%02d.jpg" % a, M.jpeg(k * 100 + a), "image/jpeg", "2231-gbk")
		 for a in range(5)]
	raw = C.mail(C.dash(C.COMPANY, [("张三", "新办")]), atts, frm="hr%02d@example.com" % k)
	open(os.path.join(out, "%02d.eml" % k), "wb").write(raw)
PYEOF
deliver() {	# FROM TO: mails [FROM, TO) into new/
	_k=$1
	while [ "$_k" -lt "$2" ]; do
		_f=$(printf '%02d' "$_k")
		cp "$I/mails/$_f.eml" "$I/Maildir/tmp/$_f" &&
		    mv "$I/Maildir/tmp/$_f" "$I/Maildir/new/$_f"
		_k=$((_k + 1))
	done
}
judged() { grep -c 'event=judged' "$I/run.log" 2>/dev/null || true; }
wait_judged() {	# N: until N mails are judged (at most 240 s)
	_i=0
	while [ "$(judged)" -lt "$1" ] && [ $_i -lt 2400 ]; do
		kill -0 "$DPID" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	[ "$(judged)" -ge "$1" ]
}
# sample: "pid fds rss_kb" for each reader of the daemon, sorted by pid
sample() {
	for _r in $(readers "$DPID"); do
		_n=$(ls "/proc/$_r/fd" 2>/dev/null | wc -l)
		_m=$(awk '/^VmRSS:/ { print $2 }' "/proc/$_r/status" 2>/dev/null)
		echo "$_r $_n $_m"
	done | sort -n
}
# Under ASan freed memory waits in its quarantine (RSS grows by design):
# none here, so that the RSS shows what is kept (a no-op without ASan).
(cd "$I" && ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=0:thread_local_quarantine_size_kb=0" \
    exec "$INTAKE" run -c intake.conf) >/dev/null 2>"$I/run.log" &
DPID=$!
deliver 0 4
if wait_judged 4; then tap_ok "first 100 attachments judged"
else tap_fail "first 100 attachments judged"; tap_diag "$(tail -5 "$I/run.log")"; fi
sample >"$T_TMP/before"
deliver 4 40
if wait_judged 40; then tap_ok "1,000 attachments judged"
else tap_fail "1,000 attachments judged"; tap_diag "$(tail -5 "$I/run.log")"; fi
sample >"$T_TMP/after"
kill -TERM "$DPID"
wait_exit "$DPID" 30
tap_is "the daemon exits 0" "$?" 0
tap_is "two readers" "$(wc -l <"$T_TMP/before" | tr -d ' ')" 2
tap_diag "readers (pid fds rss_kb) after 100: $(cat "$T_TMP/before" | tr '\n' ';')" \
    "after 1,000: $(cat "$T_TMP/after" | tr '\n' ';')"
tap_is "the same reader processes after 900 more attachments (none replaced)" \
    "$(cut -d' ' -f1 "$T_TMP/after" | tr '\n' ' ')" "$(cut -d' ' -f1 "$T_TMP/before" | tr '\n' ' ')"
tap_is "their descriptors the same in number" \
    "$(cut -d' ' -f2 "$T_TMP/after" | tr '\n' ' ')" "$(cut -d' ' -f2 "$T_TMP/before" | tr '\n' ' ')"
# RSS: a leak of 2 KB an attachment adds about 900 KB to each reader (they
# share the 900); the bound, 1 MB, leaves room for the allocator.
grow=$(paste "$T_TMP/before" "$T_TMP/after" | awk '{ d = $6 - $3; if (d > m) m = d } END { print m + 0 }')
if [ -s "$T_TMP/before" ] && [ "$grow" -lt 1024 ]; then
	tap_ok "reader RSS grew at most $grow KB over 900 attachments (bound 1024 KB)"
else
	tap_fail "reader RSS grew at most 1024 KB over 900 attachments"
	tap_diag "before: $(cat "$T_TMP/before")" "after: $(cat "$T_TMP/after")"
fi
n=$(grep -c 'event=reader-failed' "$I/run.log")
tap_is "no reader failed" "$n" 0
tap_done
