# tests/servers.sh — real mail servers on loopback for tests.  Source it:
#
#   . tests/servers.sh
#   servers_start DIR || exit 1     # dovecot (IMAP/POP3, plain + TLS) and
#                                   # an aiosmtpd file sink, under DIR
#   mail_inject msg.eml [FOLDER]    # put a message into alice's mailbox
#   servers_stop                    # also run on EXIT/INT/TERM/HUP
#   dovecot_stop; dovecot_start     # take dovecot down and up again (the
#                                   # same ports, mail and certificate);
#   dovecot_crash                   # or down with SIGKILL, clients and all
#
# Exports IMAP_PORT IMAPS_PORT POP3_PORT POP3S_PORT SMTP_PORT SINK_DIR
# SRV_DIR CA_FILE (the self-signed server cert: CN localhost, SAN DNS:localhost,
# IP:127.0.0.1) DOVECOT_CONF DOVECOT_LOG MAIL_USER MAIL_PASS.
# Works as root (dovecot/dovenull/nobody) and as an ordinary user.
# Every wait is bounded.  POSIX sh.

_srv_here=$(cd "$(dirname "${0:-.}")" 2>/dev/null && pwd)
SERVERS_TESTS_DIR=${SERVERS_TESTS_DIR:-}
DOVECOT_PID=
SINK_PID=

_srv_tests_dir() {
	for d in "$SERVERS_TESTS_DIR" "${TESTS_DIR:-}" "$_srv_here" "$_srv_here/.." \
	    "$(pwd)/tests"; do
		if [ -n "$d" ] && [ -f "$d/smtpsink.py" ]; then
			(cd "$d" && pwd)
			return 0
		fi
	done
	return 1
}

# Waits (bounded, ~10 s) until every port answers with a banner.
_srv_wait_banners() {
	/usr/bin/python3 - "$@" <<'PY'
import socket, ssl, sys, time
deadline = time.monotonic() + 10
ctx = ssl.create_default_context()
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
for spec in sys.argv[1:]:
    port, tls = spec.split(":")
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", int(port)), timeout=2)
            if tls == "1":
                s = ctx.wrap_socket(s)
            s.settimeout(2)
            line = s.recv(512)
            s.close()
            if line[:1] in (b"*", b"+", b"2"):
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            print("# no banner on port " + port, file=sys.stderr)
            sys.exit(1)
        time.sleep(0.05)
PY
}

_srv_kill() {	# pid: TERM, wait up to 5 s, then KILL
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	_i=0
	while kill -0 "$1" 2>/dev/null && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

servers_stop() {
	_srv_kill "$SINK_PID"
	SINK_PID=
	_srv_kill "$DOVECOT_PID"
	DOVECOT_PID=
}

dovecot_stop() {
	_srv_kill "$DOVECOT_PID"
	DOVECOT_PID=
}

# dovecot_crash: SIGKILL to dovecot's master and every process it started
# (a SIGTERM'd master leaves logged-in imap processes serving their
# clients; a crash does not).
dovecot_crash() {
	[ -n "$DOVECOT_PID" ] || return 0
	_kids=$(ps -o pid= --ppid "$DOVECOT_PID" 2>/dev/null)
	kill -KILL "$DOVECOT_PID" $_kids 2>/dev/null
	wait "$DOVECOT_PID" 2>/dev/null
	DOVECOT_PID=
	rm -f "$SRV_DIR/run/master.pid"
}

dovecot_start() {	# bounded: false when the ports do not answer in ~10 s
	dovecot -F -c "$DOVECOT_CONF" >>"$SRV_DIR/dovecot.out" 2>&1 &
	DOVECOT_PID=$!
	_srv_wait_banners "$IMAP_PORT:0" "$IMAPS_PORT:1" "$POP3_PORT:0" \
	    "$POP3S_PORT:1" 2>>"$SRV_DIR/wait.out"
}

mail_inject() {	# FILE [FOLDER]
	if [ -n "${2:-}" ]; then
		doveadm -c "$DOVECOT_CONF" save -u "$MAIL_USER" -m "$2" <"$1"
	else
		doveadm -c "$DOVECOT_CONF" save -u "$MAIL_USER" <"$1"
	fi
}

servers_start() {	# DIR
	[ -n "${1:-}" ] || { echo "servers_start DIR" >&2; return 1; }
	mkdir -p "$1" || return 1
	D=$(cd "$1" && pwd)
	_td=$(_srv_tests_dir) || { echo "# tests/smtpsink.py not found" >&2; return 1; }
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
	    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
	    -keyout "$D/key.pem" -out "$D/cert.pem" >/dev/null 2>&1 || {
		echo "# openssl req failed" >&2; return 1; }
	printf 'alice:{PLAIN}secret:::::\n' >"$D/passwd"
	mkdir -p "$D/mail" "$D/sink"
	if [ "$(id -u)" = 0 ]; then
		IU=dovecot IG=dovecot LU=dovenull AU=root MU=nobody MG=nogroup
		chmod 711 "$D"
		chown nobody:nogroup "$D/mail"
	else
		IU=$(id -un) IG=$(id -gn)
		LU=$IU AU=$IU MU=$IU MG=$IG
	fi
	trap 'servers_stop' EXIT
	trap 'servers_stop; exit 1' INT TERM HUP
	_try=0
	while [ $_try -lt 8 ]; do
		_try=$((_try + 1))
		_r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
		P=$((20000 + (_r % 400) * 100))
		cat >"$D/dovecot.conf" <<CONF
base_dir = $D/run
state_dir = $D/state
log_path = $D/dovecot.log
info_log_path = $D/dovecot.log
protocols = imap pop3
listen = 127.0.0.1
ssl = yes
ssl_cert = <$D/cert.pem
ssl_key = <$D/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $IU
default_internal_group = $IG
default_login_user = $LU
mail_uid = $MU
mail_gid = $MG
mail_home = $D/mail/%u
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $D/passwd
}
userdb {
  driver = passwd-file
  args = username_format=%u $D/passwd
}
service auth {
  user = $AU
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
  inet_listener imap {
    port = $((P + 143))
  }
  inet_listener imaps {
    port = $((P + 993))
    ssl = yes
  }
}
service pop3-login {
  chroot =
  inet_listener pop3 {
    port = $((P + 110))
  }
  inet_listener pop3s {
    port = $((P + 995))
    ssl = yes
  }
}
CONF
		dovecot -F -c "$D/dovecot.conf" >>"$D/dovecot.out" 2>&1 &
		DOVECOT_PID=$!
		PYTHONPATH=$_td /usr/bin/python3 -m aiosmtpd -n \
		    -l "127.0.0.1:$((P + 25))" -c smtpsink.FileSink "$D/sink" \
		    >>"$D/sink.out" 2>&1 &
		SINK_PID=$!
		if _srv_wait_banners $((P + 143)):0 $((P + 993)):1 \
		    $((P + 110)):0 $((P + 995)):1 $((P + 25)):0 2>>"$D/wait.out" &&
		    kill -0 "$DOVECOT_PID" 2>/dev/null &&
		    kill -0 "$SINK_PID" 2>/dev/null; then
			break
		fi
		# Most likely a port clash (dovecot exits 89): another base.
		servers_stop
		rm -rf "$D/run"
	done
	if [ -z "$DOVECOT_PID" ]; then
		echo "# servers did not start; logs in $D" >&2
		return 1
	fi
	export IMAP_PORT=$((P + 143)) IMAPS_PORT=$((P + 993))
	export POP3_PORT=$((P + 110)) POP3S_PORT=$((P + 995))
	export SMTP_PORT=$((P + 25)) SINK_DIR="$D/sink" CA_FILE="$D/cert.pem"
	export DOVECOT_CONF="$D/dovecot.conf" DOVECOT_LOG="$D/dovecot.log"
	export MAIL_USER=alice MAIL_PASS=secret SRV_DIR="$D"
	# Creates the Maildir (owned by the mail user) and the test folders.
	doveadm -c "$DOVECOT_CONF" mailbox create -u alice Processed Movetest \
	    >>"$D/doveadm.out" 2>&1 || {
		echo "# doveadm mailbox create failed; logs in $D" >&2
		return 1
	}
	return 0
}
