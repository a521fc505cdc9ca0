#!/bin/sh
# Installs the Debian 12 packages intake needs to build and test, and only
# those that are missing, so a second run costs one dpkg-query.
set -eu

BUILD="gcc make pkg-config libetpan-dev libarchive-dev libmagic-dev libmagic-mgc
libconfig-dev libsqlite3-dev libjansson-dev libgnutls28-dev libseccomp-dev locales"
# Test tier: archive makers, image/PDF fixture makers, the mail servers, a
# headless browser and a CJK font for the HTML report (chromium, WenQuanYi).
TEST="python3 zip unzip p7zip-full libarchive-tools libjpeg-turbo-progs file
sqlite3 dovecot-core dovecot-imapd dovecot-pop3d python3-aiosmtpd swaks openssl
valgrind chromium fonts-wqy-microhei clang"

missing=""
for p in $BUILD $TEST; do
	s=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$s" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "intake: missing packages:$missing (run this as root to install them)" >&2
	exit 1
fi
echo "intake: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# The packaged dovecot and postfix are enabled by their postinst; the tests run
# their own instances on high ports and never need the system ones.
apt-get install -y -qq --no-install-recommends $missing >/dev/null
