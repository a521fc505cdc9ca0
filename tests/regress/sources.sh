#!/bin/sh
# tests/regress/sources.sh — mailbox sources and reply channels against
# real servers: starts dovecot and an SMTP sink (tests/servers.sh), then
# runs $UNIT_DIR/test_sources, which prints the TAP lines.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
SERVERS_TESTS_DIR=$here
. "$here/servers.sh"

bin=${UNIT_DIR:-}/test_sources
if [ -z "${UNIT_DIR:-}" ] || [ ! -x "$bin" ]; then
	echo "not ok 1 - test_sources is built (UNIT_DIR=${UNIT_DIR:-unset})"
	exit 1
fi
for p in dovecot doveadm openssl /usr/bin/python3; do
	if ! command -v "$p" >/dev/null 2>&1; then
		echo "not ok 1 - $p is installed (make deps)"
		exit 1
	fi
done
work=$(mktemp -d /tmp/intake-sources.XXXXXX) || exit 1
# As root dovecot works as nobody/dovecot: they need +x on the way in.
chmod 711 "$work"
if ! servers_start "$work/srv"; then
	echo "not ok 1 - dovecot and the SMTP sink start"
	for f in "$work"/srv/*.out "$work"/srv/dovecot.log; do
		[ -f "$f" ] && sed 's/^/# /' "$f"
	done
	servers_stop
	rm -rf "$work"
	exit 1
fi
echo "# imap $IMAP_PORT imaps $IMAPS_PORT pop3 $POP3_PORT pop3s $POP3S_PORT smtp $SMTP_PORT"
# Bounded: the program's own waits are at most 30 s each.
timeout 300 "$bin"
rc=$?
if [ $rc -ne 0 ]; then
	echo "# dovecot log:"
	tail -n 30 "$DOVECOT_LOG" | sed 's/^/# /'
fi
servers_stop
trap - EXIT INT TERM HUP
rm -rf "$work"
exit $rc
