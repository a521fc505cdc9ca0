#!/bin/sh
# tests/regress/reader.sh — the message reader (issue 3), through the
# built binary: `intake check --json --center baoshan FILE` on every
# message of the reader corpus (tests/corpus/reader_corpus.py), judged
# against the spec (doc/verdict.md) by check_json.py.  Also: check
# writes nothing anywhere (cwd, HOME, TMPDIR, state/), several files give
# one line each, the human summary, and the exit status of usage errors.
#
#   INTAKE=$PWD/build/intake sh tests/regress/reader.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool cjpeg heif-enc 7z zip timeout file

STATE_BEFORE=$T_TMP/state.before
state_list >"$STATE_BEFORE"

run_corpus reader_corpus.py reader

here=$REPO/tests/regress
# several files in one call: one line each, in order
f1=$CORPUS/$(sed -n 1p "$T_TMP/cases" | cut -f2)
f2=$CORPUS/$(grep '^zip-gbk	' "$T_TMP/cases" | cut -f2)
f3=$CORPUS/$(grep '^no-attachment	' "$T_TMP/cases" | cut -f2)
check_in_box --json --center baoshan "$f1" "$f2" "$f3" >"$T_TMP/multi.out" 2>"$T_TMP/multi.err"
tap_is "three files in one call: exit status 0" "$?" 0
$PY "$here/check_json.py" lines "$T_TMP/multi.out" 3 "$f1" "$f2" "$f3" >"$T_TMP/tap"
tap_feed "$T_TMP/tap"

# without --json: a human summary on stdout, exit 0
check_in_box --center baoshan "$f2" >"$T_TMP/human.out" 2>"$T_TMP/human.err"
tap_is "summary without --json: exit status 0" "$?" 0
if [ -s "$T_TMP/human.out" ] && ! head -c 1 "$T_TMP/human.out" | grep -q '[{[]'; then
	tap_ok "summary without --json: text, not JSON"
else
	tap_fail "summary without --json: text, not JSON"
	tap_diag "$(head -5 "$T_TMP/human.out")"
fi
# a summary a person reads names the message it is about
if grep -qF "$(basename "$f2")" "$T_TMP/human.out"; then
	tap_ok "summary names the file"
else
	tap_fail "summary names the file"
	tap_diag "$(head -5 "$T_TMP/human.out")"
fi

# usage and configuration errors: exit status 2
check_in_box --json --no-such-option "$f1" >/dev/null 2>"$T_TMP/usage.err"
tap_is "unknown option: exit status 2" "$?" 2
if [ -s "$T_TMP/usage.err" ]; then tap_ok "unknown option: a message on stderr"
else tap_fail "unknown option: a message on stderr"; fi
check_in_box --json --center no-such-center "$f1" >/dev/null 2>&1
tap_is "unknown center: exit status 2" "$?" 2
check_in_box --json >/dev/null 2>&1
tap_is "check without a file: exit status 2" "$?" 2
# a file that cannot be read is not a judged message: 2 or 3, never 0
check_in_box --json "$CORPUS/no-such-file.eml" >/dev/null 2>&1
rc=$?
case $rc in
2|3) tap_ok "unreadable file: exit status 2 or 3 ($rc)" ;;
*) tap_fail "unreadable file: exit status 2 or 3"; tap_diag "exit status $rc" ;;
esac

# check maps a regular file and reads anything else: the same verdict
# from a pipe, an empty file is a verdict too, a directory is an error.
check_in_box --json "$f1" >"$T_TMP/mapped.json" 2>/dev/null
cat "$f1" | check_in_box --json /dev/stdin >"$T_TMP/piped.json" 2>/dev/null
tap_is "a pipe: exit status 0" "$?" 0
if [ -s "$T_TMP/mapped.json" ] &&
	[ "$(sed 's/"file":"[^"]*"//' "$T_TMP/mapped.json")" = \
	  "$(sed 's/"file":"[^"]*"//' "$T_TMP/piped.json")" ]; then
	tap_ok "a pipe: the same verdict as the mapped file"
else
	tap_fail "a pipe: the same verdict as the mapped file"
	tap_diag "$(head -c 300 "$T_TMP/piped.json")"
fi
: >"$T_TMP/empty.eml"
check_in_box --json "$T_TMP/empty.eml" >"$T_TMP/empty.json" 2>/dev/null
tap_is "an empty file: exit status 0 (judged)" "$?" 0
tap_check "an empty file: ignored, saying it is empty" \
    grep -q '"status":"ignored".*邮件内容为空' "$T_TMP/empty.json"
check_in_box --json "$T_TMP" >/dev/null 2>"$T_TMP/dir.err"
tap_is "a directory: exit status 3" "$?" 3
tap_check "a directory: the error says so" grep -qi "directory" "$T_TMP/dir.err"

box_untouched
tap_done
