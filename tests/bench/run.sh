#!/bin/sh
# tests/bench/run.sh INTAKE — the benchmarks behind `make bench`.
#
# Prints figures beside their targets (met / missed); never fails on a
# number (exit 0 unless the bench itself could not run).  Environment:
#   BENCH_QUICK=1   a ~1-minute smoke run (small corpora, a 15 MB big mail,
#                   10 latency mails,
#                   20,000 report rows): figures for a sanity check only
#   BENCH_DIR=D     work directory (default build/bench: corpus kept and
#                   re-used while its parameters stay the same)
#   BENCH_PERF=1    also record perf profiles of `check` on the batch
#                   corpus and of `report` (D/perf-*.txt)
#   BENCH_SKIP="latency report web recognize"   leave parts out (web needs
#                   report)
#   RECOG_CPU=BIN   tests/bench/recog_cpu.c built (make bench does): CPU
#                   seconds per image of the recognition module
#   BENCH_PHOTOS=K  photos per material in the recognition corpus
#                   (default 6; 1 with BENCH_QUICK)
# Installs what it needs (apt, as root) like contrib/install-deps.sh.
set -u
INTAKE=${1:?usage: run.sh path/to/intake}
here=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$here/../.." && pwd)
PY=/usr/bin/python3
B=${BENCH_DIR:-$REPO/build/bench}
SKIP=" ${BENCH_SKIP:-} "
TODAY=2026-11-20
if [ -n "${BENCH_QUICK:-}" ]; then
	N_BATCH=4 N_SMALL=100 BIG_MB=15 N_LAT=10 N_REPORT=20000 MODE=quick
	N_PHOTO=1 N_PHOTO_LAT=1
else
	N_BATCH=24 N_SMALL=1000 BIG_MB=60 N_LAT=100 N_REPORT=100000 MODE=full
	N_PHOTO=6 N_PHOTO_LAT=5
fi
N_PHOTO=${BENCH_PHOTOS:-$N_PHOTO}

say() { printf 'bench: %s\n' "$*" >&2; }

# ------------------------------------------------------------- tools
need_pkgs() {	# PKG... : install the missing ones (root), else complain
	_miss=
	for _p in "$@"; do
		_s=$(dpkg-query -W -f='${Status}' "$_p" 2>/dev/null || true)
		case "$_s" in *" installed") ;; *) _miss="$_miss $_p" ;; esac
	done
	[ -z "$_miss" ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		say "missing packages:$_miss (run as root to install them)"
		return 1
	fi
	say "installing$_miss"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null 2>&1
	apt-get install -y -qq --no-install-recommends $_miss >/dev/null
}
need_pkgs python3 python3-magic libjpeg-turbo-progs zip unzip sqlite3 time || exit 1
need_pkgs hyperfine || say "no hyperfine: report timed with a python timer"
HAVE_SRV=1
need_pkgs dovecot-core dovecot-imapd openssl python3-aiosmtpd || HAVE_SRV=0
[ -x "$INTAKE" ] || { say "no $INTAKE (make all)"; exit 1; }
# As the tests do: the daemon refuses root unless told (bench dirs only).
INTAKE_ALLOW_ROOT=1
export INTAKE_ALLOW_ROOT

mkdir -p "$B" || exit 1
B=$(cd "$B" && pwd)
R=$B/results.txt
: >"$R"
put() { printf '%s %s\n' "$1" "$2" >>"$R"; }
put mode $MODE

# --------------------------------------------------------------- corpus
say "corpus: $N_BATCH batch mails, $N_SMALL small, one of $BIG_MB MB ($B/corpus)"
$PY "$here/gencorpus.py" "$B/corpus" --batch $N_BATCH --small $N_SMALL \
    --big-mb $BIG_MB || { say "corpus generation failed"; exit 1; }

# timed OUT CMD...: wall seconds and peak RSS (KB) of CMD into OUT
timed() {
	_o=$1
	shift
	/usr/bin/time -f '%e %M' -o "$_o" "$@"
}

bytes_of() { cat "$@" | wc -c; }

# ------------------------------------------------- check and its floor
for cs in batch small big; do
	files=$(ls "$B/corpus/$cs"/*.eml)
	n=$(echo "$files" | wc -l)
	by=$(bytes_of $files)
	cat $files >/dev/null	# both runs start from the page cache
	say "check --json over $cs ($n mails, $by bytes)"
	timed "$B/t-check-$cs" "$INTAKE" check --json --recognize off $files >"$B/check-$cs.json" 2>"$B/check-$cs.err"
	rc=$?
	[ $rc -eq 0 ] || say "intake check exited $rc on $cs (see $B/check-$cs.err)"
	set -- $(cat "$B/t-check-$cs")
	put "check.$cs.secs" "$1"
	put "check.$cs.rss_kb" "$2"
	put "check.$cs.n" "$n"
	put "check.$cs.bytes" "$by"
	put "check.$cs.accepted" "$(grep -c '"status":"accepted"' "$B/check-$cs.json")"
	timed "$B/t-floor-$cs" $PY "$here/floor.py" $files >"$B/floor-$cs.out"
	set -- $(cat "$B/t-floor-$cs")
	put "floor.$cs.secs" "$1"
	put "floor.$cs.rss_kb" "$2"
	# what an IT officer's script would do (stdlib email + zipfile + magic)
	timed "$B/t-script-$cs" $PY "$here/script.py" $files >"$B/script-$cs.out"
	set -- $(cat "$B/t-script-$cs")
	put "script.$cs.secs" "$1"
	put "script.$cs.rss_kb" "$2"
	if [ $cs = batch ] && [ -n "${BENCH_PERF:-}" ] && command -v perf >/dev/null 2>&1; then
		perf record -F 1999 -g -o "$B/perf-check.data" "$INTAKE" check \
		    --json --recognize off $files >/dev/null 2>&1 &&
		perf report -i "$B/perf-check.data" --stdio --no-children \
		    --sort dso,sym -g none >"$B/perf-check.txt" 2>/dev/null
	fi
done

# ------------------------------------------------ once: the durable path
OW=$B/once
rm -rf "$OW"
mkdir -p "$OW/Maildir/new" "$OW/Maildir/cur" "$OW/Maildir/tmp"
# Every comparison with the script, the floor and the targets of the
# performance issue runs with recognition off (the scans here are JPEG
# headers over noise, nothing to read); the recognition part below
# measures reading on its own photographs.
cat >"$OW/intake.conf" <<EOF
center   = "minhang";
recognize = "off";
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:$OW/Maildir"; done = "keyword"; poll_seconds = 5; };
reply = { from = "闵行区人才服务中心积分受理 <jifen@intake.invalid>";
          via = "outbox:outbox"; per_sender_per_day = 100000; };
EOF
for f in "$B/corpus/batch"/*.eml; do
	cp "$f" "$OW/Maildir/new/$(basename "$f" .eml).bench:2,"
done
sync
say "once over a Maildir of the batch corpus (SQLite, spool, fsync)"
timed "$B/t-once" "$INTAKE" once -c "$OW/intake.conf" 2>"$B/once.log"
rc=$?
[ $rc -eq 0 ] || say "intake once exited $rc (see $B/once.log)"
set -- $(cat "$B/t-once")
put once.secs "$1"
put once.rss_kb "$2"
put once.n "$(ls "$B/corpus/batch" | wc -l)"
put once.bytes "$(bytes_of "$B/corpus/batch"/*.eml)"
put once.judged "$(grep -c 'event=judged' "$B/once.log")"
put once.accepted "$(grep -c 'event=judged.*status=accepted' "$B/once.log")"

# The big mail through the durable path: peak RSS bound of `once`.
BW=$B/once-big
rm -rf "$BW"
mkdir -p "$BW/Maildir/new" "$BW/Maildir/cur" "$BW/Maildir/tmp"
sed "s|$OW|$BW|g" "$OW/intake.conf" >"$BW/intake.conf"
cp "$B/corpus/big/0001.eml" "$BW/Maildir/new/0001.bench:2,"
say "once over the big mail"
timed "$B/t-once-big" "$INTAKE" once -c "$BW/intake.conf" 2>"$B/once-big.log" ||
    say "intake once on the big mail failed (see $B/once-big.log)"
set -- $(cat "$B/t-once-big")
put once_big.secs "$1"
put once_big.rss_kb "$2"
put once_big.bytes "$(bytes_of "$B/corpus/big/0001.eml")"

# ----------------------------------------------------------- report
case $SKIP in *" report "*) ;; *)
SW=$B/seed
rm -rf "$SW"
mkdir -p "$SW/Maildir/new" "$SW/Maildir/cur" "$SW/Maildir/tmp"
sed "s|$OW|$SW|g" "$OW/intake.conf" >"$SW/intake.conf"
cp "$B/corpus/seed"/*.eml "$SW/Maildir/new/"
"$INTAKE" once -c "$SW/intake.conf" 2>"$B/seed.log" || say "seed: intake once failed"
sed "s|database = \"intake.db\"|database = \"report.db\"|" "$SW/intake.conf" >"$SW/report.conf"
say "report database: $N_REPORT submissions"
$PY "$here/reportdb.py" "$SW/intake.db" "$SW/report.db" $N_REPORT $TODAY >/dev/null ||
    say "report database failed"
put report.n $N_REPORT
put report.db_mb $(( $(stat -c %s "$SW/report.db" 2>/dev/null || echo 0) / 1048576 ))
# One run first: when it takes seconds, two runs are all the budget has.
export INTAKE_NOW=$TODAY
cat "$SW/report.db" >/dev/null
s0=$($PY -c 'import time; print(time.time())')
"$INTAKE" report -c "$SW/report.conf" >"$B/report.out" 2>"$B/report.err"
s1=$($PY -c 'import time; print(time.time())')
first=$($PY -c "print(round($s1 - $s0, 4))")
put report.lines "$(wc -l <"$B/report.out")"
if $PY -c "import sys; sys.exit(0 if $first < 2 else 1)"; then runs=10; else runs=2; fi
say "report over $N_REPORT submissions (first run ${first}s; $runs more)"
if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --runs $runs --export-json "$B/report-hf.json" \
	    "$INTAKE report -c $SW/report.conf" >/dev/null 2>&1
	med=$($PY -c "import json; print(json.load(open('$B/report-hf.json'))['results'][0]['median'])")
	put report.tool hyperfine
else
	med=$($PY - "$runs" "$INTAKE" "$SW/report.conf" <<'PY'
import statistics, subprocess, sys, time
t = []
for _ in range(int(sys.argv[1])):
	a = time.perf_counter()
	subprocess.run([sys.argv[2], "report", "-c", sys.argv[3]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
	t.append(time.perf_counter() - a)
print(statistics.median(t))
PY
)
	put report.tool python
fi
put report.secs "$med"
put report.runs "$runs"
if [ -n "${BENCH_PERF:-}" ] && command -v perf >/dev/null 2>&1; then
	perf record -F 999 -g -o "$B/perf-report.data" "$INTAKE" report \
	    -c "$SW/report.conf" >/dev/null 2>&1 &&
	perf report -i "$B/perf-report.data" --stdio --no-children \
	    --sort dso,sym -g none >"$B/perf-report.txt" 2>/dev/null
fi
unset INTAKE_NOW
;; esac

# ------------------------------------------------------------- web
# The console over the report's database: intake web on loopback, timed
# by tests/bench/web.py (a page's median, then 20 concurrent clients).
case $SKIP in *" web "*|*" report "*) ;; *)
WP=$($PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
{ cat "$SW/report.conf"; echo "web = { listen = \"127.0.0.1:$WP\"; max_connections = 64; };"; } >"$SW/web.conf"
echo "bench-Pa55word-1" | "$INTAKE" staff add bench --role admin -c "$SW/web.conf" >/dev/null 2>"$B/web.log"
"$INTAKE" web -c "$SW/web.conf" >>"$B/web.log" 2>&1 &
WPID=$!
sleep 1
say "web: the queue over $N_REPORT submissions, a submission page, 20 clients"
if [ -n "${BENCH_QUICK:-}" ]; then WRUNS="5 3"; else WRUNS="20 10"; fi
$PY "$here/web.py" "$WP" bench bench-Pa55word-1 "$SW/report.db" $WRUNS "$WPID" >>"$R" 2>>"$B/web.log" ||
    say "web bench failed (see $B/web.log)"
kill -TERM "$WPID" 2>/dev/null
wait "$WPID" 2>/dev/null
;; esac

# ------------------------------------------------------------ latency
# latency_run DIR RECOGNIZE N SECS OUT WHAT FILE...: `intake run` (with
# recognize = RECOGNIZE) on dovecot's IMAPS IDLE and the SMTP sink, both
# started in DIR; latency.py saves the FILEs N times and writes delivery ->
# reply times to OUT, within SECS a mail.  WHAT names it in messages.
latency_run() {
	_lw=$1 _rec=$2 _n=$3 _secs=$4 _out=$5 _what=$6
	shift 6
	rm -rf "$_lw"
	mkdir -p "$_lw"
	chmod 711 "$B" "$_lw"	# dovecot works as nobody/dovecot when root
	SERVERS_TESTS_DIR=$REPO/tests
	. "$REPO/tests/servers.sh"
	IPID=
	lat_stop() {
		if [ -n "$IPID" ]; then
			kill -TERM "$IPID" 2>/dev/null
			wait "$IPID" 2>/dev/null
			IPID=
		fi
		servers_stop
	}
	if ! servers_start "$_lw/srv"; then
		say "servers did not start: $_what skipped (logs in $_lw/srv)"
		return 1
	fi
	trap lat_stop EXIT
	trap 'lat_stop; exit 130' INT TERM HUP
	printf '%s\n' "$MAIL_PASS" >"$_lw/mailbox.secret"
	chmod 600 "$_lw/mailbox.secret"
	cat >"$_lw/intake.conf" <<EOF
center   = "minhang";
recognize = "$_rec";
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = {
  url  = "imaps://$MAIL_USER@127.0.0.1:$IMAPS_PORT/INBOX";
  password_file = "mailbox.secret";
  ca_file = "$CA_FILE";
  done = "keyword";
  poll_seconds = 60;
};
reply = {
  from = "闵行区人才服务中心积分受理 <jifen@intake.invalid>";
  via  = "smtp://127.0.0.1:$SMTP_PORT";
  per_sender_per_day = 100000;
};
EOF
	"$INTAKE" run -c "$_lw/intake.conf" 2>"$_lw/intake.log" &
	IPID=$!
	say "$_what: $_n mails, doveadm save -> reply in the SMTP sink"
	timeout $((_n * _secs + 120)) $PY "$here/latency.py" $_n "$SINK_DIR" \
	    "$_out" "$@" >/dev/null ||
	    say "$_what failed (see $_lw/intake.log)"
	lat_stop
	trap - EXIT INT TERM HUP
}

case $SKIP in *" latency "*) HAVE_SRV=0 ;; esac
if [ $HAVE_SRV = 1 ]; then
	latency_run "$B/latency" off $N_LAT 30 "$B/latency.json" \
	    "latency (mails of ~10 MB)" "$B/corpus/batch"/*.eml
fi

# -------------------------------------------------------- recognition
# Accuracy on photographed documents (tests/bench/recognize.py over
# tests/corpus/photos.py), then delivery -> reply of a mail of 3 persons x
# 6 phone photos through IMAP and SMTP with recognize = "all".
case $SKIP in *" recognize "*) ;; *)
rm -f "$B/recognize.json" "$B/latency-photos.json"
$PY "$here/recognize.py" "$INTAKE" "$REPO" "$B" --per $N_PHOTO \
    ${RECOG_CPU:+--recog-cpu "$RECOG_CPU"} 2>"$B/recognize.log" ||
    say "recognition bench failed (see $B/recognize.log)"
grep -v '^bench: recognize: miss: ' "$B/recognize.log" >&2
say "recognition: each miss is listed in $B/recognize.log"
PW=$B/photo-latency
if ! $PY "$REPO/tests/corpus/photo_mail.py" --three "$B/three.eml"; then
	say "the 3 x 6 photo mail was not made"
elif need_pkgs dovecot-core dovecot-imapd openssl python3-aiosmtpd; then
	latency_run "$PW" all $N_PHOTO_LAT 90 "$B/latency-photos.json" \
	    "photo mail (3 persons x 6 phone photos)" "$B/three.eml"
fi
;; esac

# --------------------------------------------------------- the table
$PY - "$R" "$B/latency.json" "$B/recognize.json" "$B/latency-photos.json" <<'PY'
import json, os, platform, sys
r = {}
for line in open(sys.argv[1]):
	k, _, v = line.strip().partition(" ")
	r[k] = v
lat = json.load(open(sys.argv[2])) if os.path.exists(sys.argv[2]) and \
	os.path.getmtime(sys.argv[2]) >= os.path.getmtime(sys.argv[1]) else None
rec = json.load(open(sys.argv[3])) if os.path.exists(sys.argv[3]) else None
plat = json.load(open(sys.argv[4])) if os.path.exists(sys.argv[4]) else None
f = lambda k: float(r[k])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next(int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal"))
print("\nintake benchmarks (%s) — %d CPU, %s, %.1f GiB RAM, %s" % (
	r["mode"], os.cpu_count(), cpu, mem / 1048576, platform.release()))
rows = []
MB = 1e6
for s, what in (("batch", "batch: 3 persons x 6 scans x 400 KiB, ~10 MB"),
		("small", "small: 1 person x 3 scans x 50 KiB, ~210 KB"),
		("big", "one big mail: one ZIP of 60 scans (1 MiB in the full run)")):
	if "check.%s.secs" % s not in r:
		continue
	n, by, t, ft = f("check.%s.n" % s), f("check.%s.bytes" % s), f("check.%s.secs" % s), f("floor.%s.secs" % s)
	st = max(f("script.%s.secs" % s), .01)
	t, ft = max(t, .01), max(ft, .01)
	sp, fsp, ssp = by / MB / t, by / MB / ft, by / MB / st
	rows.append(("check %s (%d mails, %.0f MB; %d accepted)" % (what, n, by / MB, f("check.%s.accepted" % s)), "", ""))
	rows.append(("  intake check --json", "%.1f MB/s, %.1f msg/s, peak RSS %.0f MB" % (sp, n / t, f("check.%s.rss_kb" % s) / 1024),
		     (">= 300 msg/s: " + ("met" if n / t >= 300 else "MISSED")) if s == "small" else ""))
	rows.append(("  Python script (email + zipfile + magic)", "%.1f MB/s, %.1f msg/s, peak RSS %.0f MB; intake = %.2f x script" % (
		ssp, n / st, f("script.%s.rss_kb" % s) / 1024, sp / ssp), ">= 1.5 x script: " + ("met" if sp / ssp >= 1.5 else "MISSED")))
	rows.append(("  one-core floor (base64 + inflate only)", "%.1f MB/s; intake = %.2f x floor" % (fsp, sp / fsp),
		     (">= 0.50 x floor: " + ("met" if sp / fsp >= .5 else "MISSED")) if s == "batch" else ""))
	if s == "big":
		rss = f("check.big.rss_kb") / 1024
		lim = by / 1048576 + 32
		rows.append(("  check peak RSS", "%.0f MB" % rss, "<= %.0f MB (size + 32): %s" % (lim, "met" if rss <= lim else "MISSED")))
		if "once_big.secs" in r:
			rss = f("once_big.rss_kb") / 1024
			rows.append(("  once peak RSS (spool, SQLite)", "%.0f MB in %.1f s" % (rss, f("once_big.secs")),
				     "<= %.0f MB (size + 32): %s" % (lim, "met" if rss <= lim else "MISSED")))
if "once.secs" in r:
	t = max(f("once.secs"), .01)
	rows.append(("once over a Maildir of the batch corpus (%d mails; %d judged, %d accepted)" % (
		f("once.n"), f("once.judged"), f("once.accepted")), "", ""))
	rows.append(("  durable path (spool, SQLite, fsync)", "%.2f msg/s, %.1f MB/s, peak RSS %.0f MB" % (
		f("once.n") / t, f("once.bytes") / MB / t, f("once.rss_kb") / 1024), ""))
if lat:
	rows.append(("latency, %d mails of %.1f MB (IMAP IDLE -> SMTP sink)" % (lat["n"], lat["bytes"] / MB), "", ""))
	if lat["p50_ms"] is not None:
		rows.append(("  delivery to reply", "p50 %.0f ms, p99 %.0f ms (min %.0f, max %.0f); %d unanswered" % (
			lat["p50_ms"], lat["p99_ms"], lat["min_ms"], lat["max_ms"], lat["lost"]),
			"p99 < 1000 ms: " + ("met" if lat["p99_ms"] < 1000 and not lat["lost"] else "MISSED")))
	rows.append(("  (doveadm save itself, median)", "%.0f ms" % lat["save_ms"], ""))
elif os.path.exists(sys.argv[2]) is False:
	rows.append(("latency", "not measured (no servers)", ""))
if "report.secs" in r:
	t = f("report.secs")
	rows.append(("report over %d submissions (%s MB database, %s lines out)" % (f("report.n"), r["report.db_mb"], r["report.lines"]), "", ""))
	rows.append(("  time (median of %s, %s)" % (r["report.runs"], r["report.tool"]), "%.0f ms" % (t * 1000),
		     ("< 200 ms: " + ("met" if t < .2 else "MISSED")) if f("report.n") >= 100000 else "(target is for 100,000)"))
if "web.queue_ms" in r:
	n = f("web.n")
	full = n >= 100000
	rows.append(("intake web over %d submissions (median of %s; loopback client)" % (n, r["web.runs"]), "", ""))
	for k, what, goal in (("queue", "queue, first page", 200), ("search", "queue, a person's name searched", 200),
			      ("submission", "a submission page", 50)):
		t = f("web.%s_ms" % k)
		cpu = (", server CPU %.0f ms" % f("web.%s_cpu_ms" % k)) if "web.%s_cpu_ms" % k in r else ""
		rows.append(("  " + what, "%.0f ms%s" % (t, cpu), ("< %d ms: %s" % (goal, "met" if t < goal else "MISSED"))
			     if full else "(target is for 100,000)"))
	rows.append(("  %s concurrent clients" % r["web.clients"], "queue %.0f req/s, submission %.0f req/s" % (
		f("web.queue_rps"), f("web.submission_rps")), ""))
if rec:
	pc = lambda a, b: 100.0 * a / b if b else float("nan")
	mt, ids, unc, mis = rec["materials"], rec["ids"], rec["unclear"], rec["misfiled"]
	rows.append(("recognition: %d photographed documents, one a mail (check --recognize all, Baoshan; %.0f s)" % (
		rec["files"], rec["wall"]), "", ""))
	v = pc(mt["ok"], mt["n"])
	rows.append(("  materials recognised", "%.1f %% (%d of %d); distractors left unclassified: %d of %d" % (
		v, mt["ok"], mt["n"], mt["distractors_ok"], mt["distractors"]), ">= 95 %: " + ("met" if v >= 95 else "MISSED")))
	for k, m in mt["per"].items():
		rows.append(("    %s" % k, "recall %s, precision %s (%d right, %d missed, %d wrongly given)" % (
			"%.0f %%" % (100 * m["recall"]) if m["recall"] is not None else "-",
			"%.0f %%" % (100 * m["precision"]) if m["precision"] is not None else "-", m["tp"], m["fn"], m["fp"]), ""))
	v = pc(ids["exact"], ids["n"])
	rows.append(("  ID numbers read exactly", "%.1f %% (%d of %d), %d wrong" % (v, ids["exact"], ids["n"], ids["wrong"]),
		     ">= 90 %, none wrong: " + ("met" if v >= 90 and ids["wrong"] == 0 else "MISSED")))
	rows.append(("  names read (姓名)", "%.1f %% (%d of %d)" % (pc(ids["names"], ids["names_n"]), ids["names"], ids["names_n"]), ""))
	v, fa = pc(unc["caught"], unc["n"]), pc(unc["alarms"], unc["clear"])
	rows.append(("  unclear images caught", "%.1f %% (%d of %d); false alarms %.1f %% (%d of %d clear)" % (
		v, unc["caught"], unc["n"], fa, unc["alarms"], unc["clear"]),
		">= 90 %, <= 2 % false: " + ("met" if v >= 90 and fa <= 2 else "MISSED")))
	v = pc(mis["caught"], mis["n"])
	rows.append(("  misfiled ID cards caught", "%.1f %% (%d of %d); false alarms on own cards: %d of %d" % (
		v, mis["caught"], mis["n"], mis["alarms"], mis["own"]), ">= 90 %: " + ("met" if v >= 90 else "MISSED")))
	c = rec.get("cpu")
	if c:
		rows.append(("  CPU of one core per image (the module alone)", "median %.2f s, p90 %.2f s, max %.2f s over %d files; models load %.2f s" % (
			c["median"], c["p90"], c["max"], c["n"], c["open"] or 0), "median <= 1 s: " + ("met" if c["median"] <= 1 else "MISSED")))
	else:
		rows.append(("  CPU per image", "not measured (no recog-cpu: make bench builds it)", ""))
if plat:
	if plat.get("p50_ms") is not None:
		rows.append(("  3 persons x 6 phone photos, delivery to reply", "p50 %.1f s, max %.1f s over %d mails of %.1f MB; %d unanswered" % (
			plat["p50_ms"] / 1000, plat["max_ms"] / 1000, plat["n"], plat["bytes"] / MB, plat["lost"]),
			"<= 15 s: " + ("met" if plat["max_ms"] <= 15000 and not plat["lost"] else "MISSED")))
	else:
		rows.append(("  3 persons x 6 phone photos, delivery to reply", "no reply (%d unanswered)" % plat["lost"], "<= 15 s: MISSED"))
w = max(len(a) for a, b, _ in rows if b)
w2 = max(len(b) for _, b, _ in rows)
for a, b, c in rows:
	print(("%-*s  %-*s  %s" % (w, a, w2, b, c)).rstrip() if b else a)
if r["mode"] == "quick":
	print("(BENCH_QUICK: small corpora; the targets are judged on the full run)")
PY
exit 0
