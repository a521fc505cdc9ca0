#!/bin/sh
# tests/regress/centers.sh — center rules (issue 4), through the built
# binary: for every shipped center profile, the corpus of
# tests/corpus/centers_corpus.py (a complete batch that must be accepted,
# each problem code, robots) judged by `intake check --json --center C
# [--senders senders.csv]`, verdict and reply checked against the spec by
# check_json.py.  duplicate-message needs the daemon's records: not here.
#
#   INTAKE=$PWD/build/intake sh tests/regress/centers.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool cjpeg 7z zip timeout

STATE_BEFORE=$T_TMP/state.before
state_list >"$STATE_BEFORE"

run_corpus centers_corpus.py centers

# every center profile has an accepted batch, and every problem code the
# corpus is meant to carry is expected somewhere (guards the corpus)
if $PY - "$CORPUS/expect.json" >"$T_TMP/cov" 2>&1 <<'PYEOF'
import json, sys
cases = json.load(open(sys.argv[1], encoding="utf-8"))
centers = ["minhang", "xuhui", "baoshan", "huangpu", "hongkou", "jingan", "guangzhou-support"]
acc = {c["center"] for c in cases if c.get("status") == "accepted"}
want = ["subject-unrecognized", "business-unknown", "count-mismatch", "id-number-invalid",
	"no-attachment", "archive-missing", "archive-unexpected", "archive-duplicate",
	"archive-unreadable", "archive-encrypted", "archive-unsafe", "archive-too-large",
	"file-type-not-allowed", "file-empty", "item-missing", "item-unclassified",
	"file-duplicate", "sender-not-registered", "contact-missing", "field-missing"]
have = {x for c in cases for x in c.get("codes", [])}
bad = [c for c in centers if c not in acc] + [w for w in want if w not in have]
print(" ".join(bad))
sys.exit(1 if bad else 0)
PYEOF
then tap_ok "corpus: an accepted batch for every center, every problem code"
else tap_fail "corpus: an accepted batch for every center, every problem code"; tap_diag "$(cat "$T_TMP/cov")"
fi

box_untouched
tap_done
