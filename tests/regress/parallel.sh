#!/bin/sh
# tests/regress/parallel.sh — `intake check FILE...` judges its files on
# every core (--jobs, default one per CPU) and still prints exactly what
# it prints one file at a time: 50 real mails of the centers corpus and a
# missing file among them, in JSON and in text, on 2 and 3 processes.
#
#   INTAKE=$PWD/build/intake sh tests/regress/parallel.sh
. "$(dirname "$0")/lib.sh"
need_intake

C=$(tmpdir corpus)
if ! $PY "$REPO/tests/corpus/centers_corpus.py" "$C" >"$T_TMP/gen.log" 2>&1; then
	tap_fail "centers corpus generated"
	tap_diag "$(tail -10 "$T_TMP/gen.log")"
	tap_done
fi
set -- $(ls "$C"/*.eml | head -50)
tap_is "50 mails to judge" "$#" 50
# a file that cannot be read, in the middle: its error keeps its place
FILES="$(echo "$@" | cut -d' ' -f1-25) $C/missing.eml $(echo "$@" | cut -d' ' -f26-)"

for fmt in json text; do
	opt=
	[ $fmt = json ] && opt=--json
	run_intake check --center minhang $opt --jobs 1 $FILES \
	    >"$T_TMP/serial.$fmt" 2>"$T_TMP/serial.$fmt.err"
	tap_is "$fmt, one at a time: exit status 3 (one file unreadable)" "$?" 3
	for j in 2 3; do
		run_intake check --center minhang $opt --jobs $j $FILES \
		    >"$T_TMP/par$j.$fmt" 2>"$T_TMP/par$j.$fmt.err"
		tap_is "$fmt, --jobs $j: exit status 3" "$?" 3
		tap_check "$fmt, --jobs $j: standard output exactly the serial one" \
		    cmp -s "$T_TMP/serial.$fmt" "$T_TMP/par$j.$fmt"
		tap_check "$fmt, --jobs $j: the same error, once" \
		    cmp -s "$T_TMP/serial.$fmt.err" "$T_TMP/par$j.$fmt.err"
	done
done
# Not vacuous: 50 verdicts, in argument order, and the error.
n=$(grep -c '"status"' "$T_TMP/par2.json")
tap_is "50 JSON verdicts" "$n" 50
got=$($PY -c 'import json,sys; print(" ".join(json.loads(l)["file"] for l in open(sys.argv[1])))' "$T_TMP/par2.json")
tap_is "in argument order" "$got" "$(echo $FILES | sed "s| $C/missing.eml||")"
tap_check "the missing file is named on standard error" \
    grep -q "missing.eml" "$T_TMP/par2.json.err"
# The default is one process per CPU: the same bytes again.
run_intake check --center minhang --json $FILES >"$T_TMP/dflt.json" 2>/dev/null
tap_check "default --jobs: the serial output" cmp -s "$T_TMP/serial.json" "$T_TMP/dflt.json"
run_intake check --jobs 0 "$1" >/dev/null 2>"$T_TMP/j0.err"
tap_is "--jobs 0: exit status 2" "$?" 2
tap_done
