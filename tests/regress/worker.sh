#!/bin/sh
# tests/regress/worker.sh — the contained archive reader (daemon/worker.h):
# a worker that crashes or hangs on a hostile archive makes that archive
# archive-unreadable (its person then misses every material), and the
# daemon judges the next message normally; a worker cannot create a file.  The faults are injected with the test
# hook INTAKE_TEST_FAULT (crash:/hang:/write: + part of an attachment name).
#
#   INTAKE=$PWD/build/intake sh tests/regress/worker.sh
. "$(dirname "$0")/lib.sh"
need_intake

C=$(tmpdir corpus)
$PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1 ||
	{ tap_fail "centers corpus generated"; tap_done; }
ACC=$C/01-minhang-accepted.eml		# 张三.zip and 李四.zip
OTHER=$(ls "$C"/*-xuhui-accepted-variants.eml | head -1)	# 王五, 赵六, 陈晓明

codes() {	# check --json output → "status codes"
	$PY -c '
import json, sys
for l in sys.stdin:
	v = json.loads(l)
	print(v["status"], " ".join(sorted({p["code"] for p in v["problems"]})) or "-")'
}

out=$(INTAKE_TEST_FAULT=crash:张三 run_intake check --json --recognize off --center minhang "$ACC" | codes)
tap_is "check: a crashing reader gives archive-unreadable" "$out" "rejected archive-unreadable item-missing"
printf 'schemas = "%s/schemas";\nlimits = { max_seconds = 2; };\n' "$REPO" >"$T_TMP/short.conf"
out=$(INTAKE_TEST_FAULT=hang:李四 run_intake check --json --recognize off -c "$T_TMP/short.conf" --center minhang "$ACC" | codes)
tap_is "check: a hanging reader is stopped after max_seconds" "$out" "rejected archive-unreadable item-missing"
rm -f "$T_TMP/probe"
out=$(INTAKE_TEST_PROBE=$T_TMP/probe INTAKE_TEST_FAULT=write:张三 run_intake check --json --recognize off --center minhang "$ACC" | codes)
tap_is "check: the reader cannot create a file (judged normally)" "$out" "accepted -"
if [ -e "$T_TMP/probe" ]; then tap_fail "no file created by the reader"
else tap_ok "no file created by the reader"; fi

# the daemon: a crash and a hang, then the next mail judged normally
I=$(tmpdir instance)
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp"
cat >"$I/intake.conf" <<CONF
center   = "xuhui";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "徐汇区人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
limits = { max_seconds = 2; };
CONF
cp "$ACC" "$I/Maildir/tmp/1-crash" && mv "$I/Maildir/tmp/1-crash" "$I/Maildir/new/1-crash"
cp "$OTHER" "$I/Maildir/tmp/2-next" && mv "$I/Maildir/tmp/2-next" "$I/Maildir/new/2-next"
INTAKE_TEST_FAULT=crash:张三 run_intake once -c "$I/intake.conf" >/dev/null 2>"$T_TMP/once.log"
tap_is "daemon survives a crashing reader (exit 0)" "$?" 0
st=$($PY -c 'import sqlite3,sys
print(" ".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select s.status from submissions s join messages m on m.id = s.msg order by m.key")))' "$I/intake.db")
tap_is "the crashed one rejected, the next accepted" "$st" "rejected accepted"
n=$(ls "$I/outbox/new" | wc -l | tr -d ' ')
tap_is "both answered" "$n" 2

cp "$ACC" "$I/Maildir/tmp/3-hang" && mv "$I/Maildir/tmp/3-hang" "$I/Maildir/new/3-hang"
$PY - "$ACC" "$I/Maildir/new/4-next" <<'PYEOF'
import sys
raw = open(sys.argv[1], "rb").read()
# the same batch as a new mail (another Message-ID): not a duplicate
raw = raw.replace(b"Message-ID: <", b"Message-ID: <again-", 1)
open(sys.argv[2], "wb").write(raw)
PYEOF
INTAKE_TEST_FAULT=hang:李四 run_intake once -c "$I/intake.conf" >/dev/null 2>"$T_TMP/once2.log"
tap_is "daemon survives a hanging reader (exit 0)" "$?" 0
cnt=$($PY -c 'import sqlite3,sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from problems where code = ? and file = ?", ("archive-unreadable", "李四.zip")).fetchone()[0])' "$I/intake.db")
tap_is "both hung 李四.zip archives recorded as unreadable" "$cnt" 2
tap_done
