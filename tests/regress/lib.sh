# tests/regress/lib.sh — shared helpers for the shell tests that drive the
# built binary.  Source it:  . "$(dirname "$0")/lib.sh"
#
# Output is TAP on stdout: "ok N - text" / "not ok N - text", diagnostics
# as "# ..." lines, and "1..N" at the end (tap_done).  A script ends with
# tap_done, which exits 1 when anything failed.
#
#   INTAKE      the binary under test (need_intake checks it)
#   VALGRIND=1  run it under valgrind (errors turn into exit status 99)
#   REPO        the source tree (set here)
#   T_TMP       a private temporary directory, removed on exit
set -u

REPO=${REPO:-$(cd "$(dirname "$0")/../.." && pwd)}
# CI runs as root in a throwaway container: let the daemon run as root
# there (privileges.sh shows it refuses otherwise).
INTAKE_ALLOW_ROOT=1
export INTAKE_ALLOW_ROOT
PY=/usr/bin/python3
T_N=0
T_FAILED=0

tap_ok() {	# text...
	T_N=$((T_N + 1))
	echo "ok $T_N - $*"
}

tap_fail() {	# text...
	T_N=$((T_N + 1))
	T_FAILED=$((T_FAILED + 1))
	echo "not ok $T_N - $*"
}

tap_diag() {	# text... (each line becomes a "# " line)
	printf '%s\n' "$*" | sed 's/^/# /'
}

# tap_check "text" command...: ok when the command succeeds.
tap_check() {
	_t=$1; shift
	if "$@"; then tap_ok "$_t"; else tap_fail "$_t"; fi
}

# tap_is "text" got want
tap_is() {
	if [ "$2" = "$3" ]; then
		tap_ok "$1"
	else
		tap_fail "$1"
		tap_diag "got:  $2" "want: $3"
	fi
}

# tap_feed FILE: number the unnumbered "ok - x" / "not ok - x" lines a
# helper (check_json.py) wrote, pass "# ..." lines through.  Reads a
# file, not a pipe, so the counters stay in this shell.
tap_feed() {
	while IFS= read -r _l; do
		case "$_l" in
		"ok - "*) tap_ok "${_l#ok - }" ;;
		"not ok - "*) tap_fail "${_l#not ok - }" ;;
		*) echo "$_l" ;;
		esac
	done <"$1"
}

tap_done() {
	echo "1..$T_N"
	[ "$T_FAILED" -eq 0 ] || exit 1
	exit 0
}

# need_intake: $INTAKE must name an executable, else one failure and out
# (a missing binary is a failure, never a skip).
need_intake() {
	if [ -z "${INTAKE:-}" ] || [ ! -x "${INTAKE:-}" ]; then
		tap_fail "INTAKE is not an executable: '${INTAKE:-}' (make all; INTAKE=\$PWD/build/intake)"
		tap_done
	fi
}

# need_tool NAME...: each tool on PATH, else a failure and out.
need_tool() {
	for _t in "$@"; do
		if ! command -v "$_t" >/dev/null 2>&1; then
			tap_fail "needed tool '$_t' is not installed (make deps)"
			tap_done
		fi
	done
}

# run_intake ARG...: the binary, under valgrind when VALGRIND=1, with a
# time limit so a hang is a failure rather than a stuck test run.  Only
# definite leaks count: the archive reader is a fork that _exits, and
# valgrind's leak check there sees the daemon's inherited SQLite state as
# "possibly lost".
run_intake() {
	if [ "${VALGRIND:-0}" = 1 ]; then
		timeout 300 valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite "$INTAKE" "$@"
	else
		timeout 60 "$INTAKE" "$@"
	fi
}

# wait_file FILE SECONDS: until FILE exists and is not empty (a server's
# port file); fails when the time is up.
wait_file() {
	_i=0
	while [ ! -s "$1" ] && [ $_i -lt $(($2 * 10)) ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -s "$1" ]
}

# wait_exit PID SECONDS: waits for the child PID, killing it after
# SECONDS; returns its exit status.
wait_exit() {
	( exec >/dev/null 2>&1
	  sleep "$2" & _s=$!
	  trap 'kill $_s; exit 0' TERM
	  wait $_s
	  kill -KILL "$1" ) &
	_wd=$!
	wait "$1"
	_rc=$?
	kill "$_wd" 2>/dev/null
	wait "$_wd" 2>/dev/null
	return $_rc
}

# A private temporary directory for the whole script, removed on exit.
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/intake-test.XXXXXX")
trap 'rm -rf "$T_TMP"' EXIT
trap 'rm -rf "$T_TMP"; exit 130' INT TERM

# tmpdir NAME: a fresh empty directory under T_TMP; prints its path.
tmpdir() {
	mkdir -p "$T_TMP/$1" && echo "$T_TMP/$1"
}

# dir_empty DIR: true when DIR holds nothing at all (dot files included).
dir_empty() {
	[ -d "$1" ] && [ -z "$(ls -A "$1")" ]
}

# check_in_box ARGS...: `intake check ARGS` with the working directory,
# HOME and TMPDIR in private empty directories (BOX_CWD, BOX_HOME,
# BOX_TMP), which a test can then find still empty.
BOX_CWD=$T_TMP/box-cwd BOX_HOME=$T_TMP/box-home BOX_TMP=$T_TMP/box-tmp
mkdir -p "$BOX_CWD" "$BOX_HOME" "$BOX_TMP"
# Reading the documents is off: these corpora's files are tiny stand-in
# images (24x16) that recognition would rightly call unreadable;
# recognize.sh and content.sh test reading.
check_in_box() {
	(cd "$BOX_CWD" && HOME=$BOX_HOME TMPDIR=$BOX_TMP run_intake check \
	    --recognize off "$@")
}

# run_corpus GENERATOR PREFIX: generate a corpus (tests/corpus/GENERATOR
# DIR, writing DIR/expect.json), run `check --json --center C
# [--senders F]` on every message, and judge the output with
# check_json.py.  Leaves the corpus in CORPUS and the case list in
# $T_TMP/cases.
run_corpus() {
	CORPUS=$(tmpdir corpus)
	_out=$(tmpdir out)
	if ! $PY "$REPO/tests/corpus/$1" "$CORPUS" >"$T_TMP/gen.log" 2>&1; then
		tap_fail "$2 corpus generated ($1)"
		tap_diag "$(tail -20 "$T_TMP/gen.log")"
		tap_done
	fi
	tap_ok "$2 corpus generated ($(ls "$CORPUS" | grep -c '\.eml$') messages)"
	$PY "$REPO/tests/regress/check_json.py" list "$CORPUS/expect.json" >"$T_TMP/cases"
	while IFS='	' read -r _n _f _c _s _m; do
		[ "$_m" = "-" ] || continue
		if [ "$_s" = "-" ]; then
			check_in_box --json --center "$_c" "$CORPUS/$_f" \
				>"$_out/$_n.out" 2>"$_out/$_n.err"
		else
			check_in_box --json --center "$_c" --senders "$CORPUS/$_s" \
				"$CORPUS/$_f" >"$_out/$_n.out" 2>"$_out/$_n.err"
		fi
		echo $? >"$_out/$_n.rc"
	done <"$T_TMP/cases"
	$PY "$REPO/tests/regress/check_json.py" check "$CORPUS/expect.json" "$CORPUS" \
		"$_out" "$2/" >"$T_TMP/tap"
	tap_feed "$T_TMP/tap"
}

# state_list: every path under the repo's state/ directory (the bundled
# default's database and spool), to show check adds nothing there.
state_list() {
	if [ -d "$REPO/state" ]; then find "$REPO/state" | LC_ALL=C sort; fi
}

# box_untouched: check wrote nothing in its private directories, nor
# anything new under state/ since STATE_BEFORE (a state_list file).
box_untouched() {
	for _d in "$BOX_CWD" "$BOX_HOME" "$BOX_TMP"; do
		if dir_empty "$_d"; then
			tap_ok "check wrote nothing into its ${_d##*/box-} directory"
		else
			tap_fail "check wrote nothing into its ${_d##*/box-} directory"
			tap_diag "$(ls -A "$_d" | head -5)"
		fi
	done
	state_list >"$T_TMP/state.after"
	_new=$(comm -13 "$STATE_BEFORE" "$T_TMP/state.after")
	if [ -z "$_new" ]; then
		tap_ok "check created nothing under state/"
	else
		tap_fail "check created nothing under state/"
		tap_diag "$(echo "$_new" | head -5)"
	fi
}
