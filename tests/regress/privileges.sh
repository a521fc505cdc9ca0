#!/bin/sh
# tests/regress/privileges.sh — the daemon never works as root: started as
# root without `user` it refuses (exit 2); with user = "nobody" it drops to
# that user before it opens anything, so the database it makes is nobody's.
#
#   INTAKE=$PWD/build/intake sh tests/regress/privileges.sh
. "$(dirname "$0")/lib.sh"
need_intake
if [ "$(id -u)" != 0 ]; then
	tap_ok "# SKIP not root"
	tap_done
fi
I=$(tmpdir instance)
chmod 711 "$T_TMP"
mkdir -p "$I/Maildir/new" "$I/Maildir/cur" "$I/Maildir/tmp" "$I/state"
# The schemas where nobody can read them: a checkout in /root (mode 0700),
# as on a fresh machine, is not.
cp -R "$REPO/schemas" "$I/schemas"
chmod -R a+rX "$I/schemas"
conf() {	# extra line
	cat <<CONF
center   = "minhang";
recognize = "off";   # stand-in images; reading: recognize.sh, content.sh
schemas  = "schemas";
database = "state/intake.db";
spool    = "state/spool";
mailbox = { url = "maildir:Maildir"; };
reply = { from = "闵行 <jifen@intake.invalid>"; via = "outbox:state/outbox"; };
$1
CONF
}
conf "" >"$I/root.conf"
INTAKE_ALLOW_ROOT= run_intake once -c "$I/root.conf" >/dev/null 2>"$T_TMP/err"
tap_is "as root without user: refused (exit 2)" "$?" 2
if grep -q 'refusing to run as root' "$T_TMP/err"; then tap_ok "it says why"
else tap_fail "it says why"; tap_diag "$(cat "$T_TMP/err")"; fi
[ -e "$I/state/intake.db" ] && tap_fail "refused before creating anything" ||
	tap_ok "refused before creating anything"

conf 'user = "nobody";' >"$I/nobody.conf"
chmod 755 "$I"
chown -R nobody "$I/Maildir" "$I/state"
cp "$REPO/contrib/sample/01-complete.eml" "$I/Maildir/new/m1"
chown nobody "$I/Maildir/new/m1"
INTAKE_ALLOW_ROOT= run_intake once -c "$I/nobody.conf" >/dev/null 2>"$T_TMP/err"
tap_is "with user = nobody: runs (exit 0)" "$?" 0
owner=$(stat -c %U "$I/state/intake.db" 2>/dev/null)
tap_is "the database belongs to nobody" "$owner" nobody
n=$(ls "$I/state/outbox/new" 2>/dev/null | wc -l | tr -d ' ')
tap_is "the mail was answered" "$n" 1
conf 'user = "no-such-user-here";' >"$I/bad.conf"
INTAKE_ALLOW_ROOT= run_intake once -c "$I/bad.conf" >/dev/null 2>&1
tap_is "an unknown user: exit 2" "$?" 2
tap_done
