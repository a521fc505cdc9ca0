#!/bin/sh
# tests/regress/cli.sh — the commands as people type them, and where the
# configuration comes from:
#   - global options before the command: `intake -c FILE report` is
#     `intake report -c FILE`;
#   - every command's --help lists its options in one usage style; an
#     unknown option is the usage on stderr and exit 2;
#   - a configuration without `center` is an error naming the centers;
#     without `schemas`, a binary run from its build tree uses the tree's;
#   - a configuration that exists but cannot be read is an error naming
#     the file and the reason, never a fallback to another — for -c, and
#     for /etc/intake/intake.conf (a private /etc in a mount namespace);
#   - a binary outside its build tree (as installed) never falls back to
#     the tree's contrib/default.conf or schemas/.
#
#   INTAKE=$PWD/build/intake sh tests/regress/cli.sh
. "$(dirname "$0")/lib.sh"
need_intake

I=$(tmpdir instance)
chmod 755 "$T_TMP" "$I"
body='database = "intake.db";
spool = "spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "闵行 <jifen@intake.invalid>"; via = "outbox:outbox"; };'
printf 'center = "xuhui";\nschemas = "%s";\n%s\n' "$REPO/schemas" "$body" >"$I/full.conf"
printf '%s\n' "$body" >"$I/nocenter.conf"
printf 'center = "xuhui";\n%s\n' "$body" >"$I/noschemas.conf"

# says TEXT FILE WANT [UNWANTED]: ok when FILE matches the pattern WANT
# and not UNWANTED; else a failure showing FILE.
says() {
	if grep -q -- "$3" "$2" && { [ -z "${4:-}" ] || ! grep -q -- "$4" "$2"; }; then
		tap_ok "$1"
	else
		tap_fail "$1"
		tap_diag "$(cat "$2")"
	fi
}

# --- global options
run_intake -c "$I/full.conf" config-check >"$T_TMP/out" 2>&1
tap_is "intake -c FILE config-check: exit 0" "$?" 0
tap_check "... it loaded FILE (center xuhui)" grep -q "full.conf: configuration OK (center xuhui" "$T_TMP/out"
run_intake --config="$I/full.conf" config-check >"$T_TMP/out" 2>&1
tap_is "intake --config=FILE config-check: exit 0" "$?" 0
run_intake -c "$I/full.conf" report >"$T_TMP/out" 2>&1
tap_is "intake -c FILE report: the database is missing (exit 3), not a usage error" "$?" 3
tap_check "... and it names FILE's database" grep -q "$I/intake.db" "$T_TMP/out"
run_intake -c "$I/nocenter.conf" config-check -c "$I/full.conf" >/dev/null 2>&1
tap_is "the command's own -c wins over the global one" "$?" 0
run_intake -x config-check >/dev/null 2>"$T_TMP/out"
tap_is "an unknown global option: exit 2" "$?" 2
tap_check "... named" grep -q 'unknown option "-x"' "$T_TMP/out"

# --- the command table: one usage style, the shared options anywhere
# Each command and the options its --help must list (besides -c, -h).
run_intake --help >"$T_TMP/main-help"
while read -r cmd opts; do
	run_intake "$cmd" --help >"$T_TMP/help" 2>"$T_TMP/err"
	rc=$?
	missing=
	for o in $opts --config --help; do
		grep -q -- "$o\b" "$T_TMP/help" || missing="$missing $o"
	done
	if [ $rc = 0 ] && [ -z "$missing" ] && [ ! -s "$T_TMP/err" ] &&
	    grep -q "^usage: intake $cmd \[-c FILE\]" "$T_TMP/help"; then
		tap_ok "$cmd --help: exit 0, the usage and$opts on stdout"
	else
		tap_fail "$cmd --help: exit 0, the usage and$opts on stdout"
		tap_diag "exit $rc, missing:$missing; $(cat "$T_TMP/help" "$T_TMP/err")"
	fi
	tap_check "intake --help lists $cmd" grep -q "^  $cmd " "$T_TMP/main-help"
	run_intake "$cmd" --no-such-option >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	if [ $rc = 2 ] && [ ! -s "$T_TMP/out" ] &&
	    grep -q "^usage: intake $cmd " "$T_TMP/err" &&
	    grep -q "^intake: $cmd: unknown option \"--no-such-option\"" "$T_TMP/err"; then
		tap_ok "$cmd --no-such-option: exit 2, named, the usage on stderr only"
	else
		tap_fail "$cmd --no-such-option: exit 2, named, the usage on stderr only"
		tap_diag "exit $rc; $(cat "$T_TMP/out" "$T_TMP/err")"
	fi
done <<EOF
run --verbose
once --verbose
check --json --center --senders
show --by
decide --reason --by --force
report --format --status --since --business --output --full-ids --mail-to --if-workday --by
config-check
stats --since --until --format
purge --dry-run --older-than --by
backup --with-spool
audit --since
web --listen
staff --role
EOF
# intake CMD -c F is intake -c F CMD: same output, same exit status.  The
# first opening of the records migrates them (and says so): done here.
run_intake -c "$I/full.conf" show 1 >/dev/null 2>&1
for args in "config-check" "report" "stats --format json" "audit" \
    "purge --dry-run" "show 1" "backup $T_TMP/copy.db"; do
	# shellcheck disable=SC2086  # args are words
	run_intake -c "$I/full.conf" $args >"$T_TMP/before" 2>&1
	rb=$?
	# shellcheck disable=SC2086
	run_intake $args -c "$I/full.conf" >"$T_TMP/after" 2>&1
	ra=$?
	if [ $rb = $ra ] && cmp -s "$T_TMP/before" "$T_TMP/after" &&
	    [ -s "$T_TMP/before" ]; then
		tap_ok "intake CMD -c F == intake -c F CMD: $args (exit $ra)"
	else
		tap_fail "intake CMD -c F == intake -c F CMD: $args"
		tap_diag "exit $rb vs $ra; $(cat "$T_TMP/before") /// $(cat "$T_TMP/after")"
	fi
done
run_intake report --since >/dev/null 2>"$T_TMP/err"
tap_is "report --since without its date: exit 2" "$?" 2
tap_check "... says --since needs an argument" grep -q 'report: "--since" needs an argument' "$T_TMP/err"
run_intake decide -x 1 accept >/dev/null 2>"$T_TMP/err"
tap_is "decide -x: exit 2" "$?" 2
tap_check "... names -x" grep -q 'decide: unknown option "-x"' "$T_TMP/err"
run_intake check >/dev/null 2>"$T_TMP/err"
tap_is "check without a FILE: exit 2" "$?" 2
tap_check "... the usage names FILE..." grep -q "FILE\.\.\." "$T_TMP/err"
run_intake decide 1 reject >/dev/null 2>"$T_TMP/err"
tap_is "decide reject without --reason: exit 2" "$?" 2
tap_check "... says why" grep -q "need --reason" "$T_TMP/err"

# --- center and schemas
run_intake config-check -c "$I/nocenter.conf" >/dev/null 2>"$T_TMP/out"
tap_is "no center: exit 2" "$?" 2
says "no center: the error names the file and every center" "$T_TMP/out" \
	"nocenter.conf: center is not set: .*baoshan, guangzhou-support, hongkou, huangpu, jingan, minhang, xuhui"
run_intake config-check -c "$I/noschemas.conf" >"$T_TMP/out" 2>&1
tap_is "no schemas, from the build tree: exit 0" "$?" 0
tap_check "... the tree's schemas/" grep -q "schemas $REPO/schemas" "$T_TMP/out"

# --- a binary outside its build tree, as installed
mkdir -p "$T_TMP/bin"
cp "$INTAKE" "$T_TMP/bin/intake"
OUT=$T_TMP/bin/intake
timeout 60 "$OUT" config-check -c "$I/noschemas.conf" >/dev/null 2>"$T_TMP/out"
tap_is "installed, no schemas: exit 2" "$?" 2
says "installed, no schemas: DATADIR/schemas, never the build tree" "$T_TMP/out" \
	"/share/intake/schemas" "$REPO"

if [ "$(id -u)" != 0 ]; then
	tap_ok "# SKIP not root: unreadable configurations"
	tap_done
fi

# --- unreadable configurations, as an unprivileged user
cp "$I/full.conf" "$I/secret.conf"
chmod 000 "$I/secret.conf"
as_nobody() {
	timeout 60 setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}
as_nobody "$INTAKE" config-check -c "$I/secret.conf" >"$T_TMP/out" 2>&1
tap_is "-c FILE of mode 000, as nobody: exit 2" "$?" 2
tap_check "... the error names the file and 'Permission denied'" \
	grep -q "secret.conf: cannot read configuration: Permission denied" "$T_TMP/out"

# /etc/intake/intake.conf in a private /etc (an overlay in a mount
# namespace: the machine's /etc is not touched).  Inside a chroot "/" is
# no mount point and a private namespace cannot be had (unshare: "cannot
# change root filesystem propagation"); with a shared one the overlay
# would reach the host's mounts, so these cases are skipped there.
if ! unshare -m true 2>"$T_TMP/unshare"; then
	tap_ok "# SKIP no private mount namespace here: $(cat "$T_TMP/unshare")"
	tap_done
fi
mkdir -p "$T_TMP/up" "$T_TMP/work"
chmod 755 "$T_TMP/up"
etc_run() {	# SETUP AS-WHOM ARGS...: intake with a private /etc
	timeout 60 unshare -m sh -c '
		mount -t overlay overlay -o "lowerdir=/etc,upperdir=$0,workdir=$1" /etc || exit 97
		rm -rf /etc/intake; eval "$2"; shift 2; exec "$@"' \
	    "$T_TMP/up" "$T_TMP/work" "$@"
}
etc_run 'mkdir -m 750 /etc/intake; cp '"$I/full.conf"' /etc/intake/intake.conf; chmod 640 /etc/intake/intake.conf' \
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$INTAKE" config-check >"$T_TMP/out" 2>&1
rc=$?
[ $rc = 97 ] && tap_diag "overlay mount failed"
tap_is "/etc/intake (0750) unreadable, as nobody: exit 2" "$rc" 2
says "... names /etc/intake/intake.conf and why, no fallback" "$T_TMP/out" \
	"/etc/intake/intake.conf: cannot read configuration: Permission denied" "configuration OK"
etc_run ':' "$INTAKE" config-check >"$T_TMP/out" 2>&1
tap_is "no /etc/intake/intake.conf, build tree: the bundled default (exit 0)" "$?" 0
tap_check "... contrib/default.conf" grep -q "default.conf: configuration OK" "$T_TMP/out"
etc_run ':' "$OUT" config-check >"$T_TMP/out" 2>&1
tap_is "no /etc/intake/intake.conf, installed: exit 2" "$?" 2
says "... it names /etc/intake/intake.conf, never the build tree's default" "$T_TMP/out" \
	"/etc/intake/intake.conf: cannot read configuration: No such file" "default.conf"
tap_done
