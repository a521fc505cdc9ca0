#!/bin/sh
# tests/run.sh — runs every test tier and prints "N passed, M failed" last.
#
#   INTAKE     the intake binary under test
#   UNIT_DIR   directory of built unit test programs
#   VALGRIND=1 run the binary under valgrind (see tests/lib.sh)
#   T=pattern  only tests whose file name matches
#
# Every test prints TAP lines ("ok" / "not ok"); a test program that exits
# non-zero without printing a failure counts as one failure, so a crash is
# never a pass.
set -u
here=$(cd "$(dirname "$0")" && pwd)
: "${INTAKE:?set INTAKE to the binary under test}"
: "${UNIT_DIR:?set UNIT_DIR}"
export INTAKE TESTS_DIR="$here"
pass=0 fail=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT

run_one() {	# name command...
	name=$1; shift
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$out")
	f=$(grep -c '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name exited $rc" >>"$out"
		f=1
	fi
	if [ "$f" -ne 0 ] || [ "${VERBOSE:-0}" = 1 ]; then
		echo "--- $name"
		cat "$out"
	fi
	echo "$name: $p passed, $f failed"
	pass=$((pass + p)); fail=$((fail + f))
}

for t in "$UNIT_DIR"/test_*; do
	[ -x "$t" ] || continue
	case "$t" in *"${T:-}"*) ;; *) continue ;; esac
	if [ "${VALGRIND:-0}" = 1 ]; then
		run_one "unit/$(basename "$t")" valgrind -q --vgdb=no --error-exitcode=99 \
		    --leak-check=full --errors-for-leak-kinds=definite "$t"
	else
		run_one "unit/$(basename "$t")" "$t"
	fi
done
for t in "$here"/regress/*.sh; do
	case "$(basename "$t")" in lib.sh) continue ;; esac
	[ -f "$t" ] || continue
	case "$t" in *"${T:-}"*) ;; *) continue ;; esac
	run_one "regress/$(basename "$t")" sh "$t"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
