#!/bin/sh
# tests/fuzz/run.sh — replays every kept crash input, then runs each fuzz
# target for FUZZ_SECONDS (libFuzzer, ASan+UBSan) on its seed corpus.
#
#   FUZZ_BIN      directory of the built targets (build-fuzz/fuzz)
#   FUZZ_WORK     seeds, the growing corpora, crash artifacts (build-fuzz)
#   FUZZ_SECONDS  per target (300; CI runs 30)
#   T=pattern     only targets whose name matches
#
# TAP lines, then "N passed, M failed".  A crash's input is left in
# FUZZ_WORK/crashes/<target>/: fix the bug and keep the input as
# tests/fuzz/regress/<target>/<name>, which every later run replays.
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
FUZZ_BIN=${FUZZ_BIN:-$repo/build-fuzz/fuzz}
FUZZ_WORK=${FUZZ_WORK:-$repo/build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-300}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}
# Targets that need files make them under TMPDIR: keep leftovers here.
export TMPDIR=$FUZZ_WORK/tmp
mkdir -p "$TMPDIR"
pass=0 fail=0 n=0

ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $*"; }

if ! /usr/bin/python3 "$here/seeds.py" "$FUZZ_WORK/seeds" >"$FUZZ_WORK/seeds.log" 2>&1; then
	notok "seed corpora generated"
	sed 's/^/# /' "$FUZZ_WORK/seeds.log" | tail -20
else
	ok "seed corpora generated ($(tr '\n' ' ' <"$FUZZ_WORK/seeds.log"))"
fi

for src in "$here"/fuzz_*.c; do
	t=$(basename "$src" .c)
	name=${t#fuzz_}
	case "$t" in *"${T:-}"*) ;; *) continue ;; esac
	bin=$FUZZ_BIN/$t
	if [ ! -x "$bin" ]; then
		notok "$t is built ($bin)"
		continue
	fi
	log=$FUZZ_WORK/logs/$t
	mkdir -p "$FUZZ_WORK/logs"

	# Every input kept from an earlier crash must now run clean.
	if [ -d "$here/regress/$name" ] && [ -n "$(ls "$here/regress/$name")" ]; then
		k=$(ls "$here/regress/$name" | wc -l)
		if "$bin" -timeout=30 "$here/regress/$name"/* >"$log.replay" 2>&1; then
			ok "$t replays $k kept crash input(s)"
		else
			notok "$t replays $k kept crash input(s)"
			grep -E 'ERROR|SUMMARY|Running:' "$log.replay" | tail -5 | sed 's/^/# /'
		fi
	fi

	corpus=$FUZZ_WORK/corpus/$name crashes=$FUZZ_WORK/crashes/$name
	mkdir -p "$corpus" "$crashes"
	# -timeout: a single input running longer than this is a hang (a bug);
	# -rss_limit_mb: the archive limits keep a message far below this.
	# -malloc_limit_mb: in the product the reader's memory ceiling is the
	# kernel's (RLIMIT_AS, worker.h), which a target in-process under
	# ASan cannot have; a header declaring a 4 GiB dictionary is one lazy
	# allocation there, and resident memory is what -rss_limit_mb guards.
	"$bin" -max_total_time="$FUZZ_SECONDS" -timeout=20 -rss_limit_mb=2048 \
	    -malloc_limit_mb=8192 \
	    -print_final_stats=1 -artifact_prefix="$crashes/" \
	    "$corpus" "$FUZZ_WORK/seeds/$name" >"$log" 2>&1
	rc=$?
	# libFuzzer leaves by _Exit: a target's atexit clean-up does not run.
	rm -rf "$TMPDIR"/intake-fuzz.*
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if [ "$rc" -eq 0 ] && [ -n "$execs" ]; then
		ok "$t ran ${execs} execs, no crash"
	else
		notok "$t ran ${execs:-?} execs: exit $rc (log $log)"
		grep -E 'ERROR|SUMMARY|Test unit written|artifact' "$log" | tail -6 | sed 's/^/# /'
	fi
done
echo "1..$n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
