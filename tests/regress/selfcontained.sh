#!/bin/sh
# tests/regress/selfcontained.sh — nothing in the repository refers outside
# it: no file names the team's workshop pages (the shared directory beside
# a checkout, its interface, domain and notes pages) that a user who
# clones intake cannot open.  The project's own pages are doc/.
#
#   sh tests/regress/selfcontained.sh
. "$(dirname "$0")/lib.sh"

# Spelled in pieces so that this file does not match itself.
S=shar
PATTERN="${S}ed/|[(]seeds? 00[0-9]|\\.\\./${S}ed\\b|(^|[^a-z])(interface|domain)\\.md|notes/lib[a-z-]+\\.md|notes/test-servers"

# outside_refs DIR: "file:line: text" for every mention, tracked files
# only when DIR is a git checkout (a `git archive` copy has no .git).
# This file names the pattern and plants one: it is left out, as are the
# fuzzers' kept inputs (bytes that reproduced a bug, not text to read).
outside_refs() {
	if git -C "$1" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git -C "$1" grep -nIE "$PATTERN" -- . ':!tests/regress/selfcontained.sh' \
		    ':!tests/fuzz/regress/' 2>/dev/null
	else
		grep -rnIE --exclude-dir=build --exclude-dir=build-asan \
		    --exclude-dir=build-fuzz --exclude-dir=state \
		    --exclude=selfcontained.sh "$PATTERN" "$1" 2>/dev/null |
		    grep -v "^$1/tests/fuzz/regress/"
	fi
}

out=$(outside_refs "$REPO")
tap_is "no tracked file refers to the workshop pages outside the repository" "$out" ""

for f in doc/verdict.md doc/centers.md doc/libraries.md doc/intake.1 doc/intake.conf.5; do
	tap_check "$f is in the repository" test -s "$REPO/$f"
done

# The check finds a planted reference (it can fail).
mkdir -p "$T_TMP/tree/daemon"
printf '/* see ../%sed/notes/libetpan.md */\n' "$S" >"$T_TMP/tree/daemon/x.c"
out=$(outside_refs "$T_TMP/tree")
case "$out" in
*x.c:1:*) tap_ok "a planted reference is found" ;;
*) tap_fail "a planted reference is found"; tap_diag "got: $out" ;;
esac
tap_done
