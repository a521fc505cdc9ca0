#!/bin/sh
# Installs the Debian 12 packages intake needs to build and test, and only
# those that are missing, so a second run costs one dpkg-query.  The list
# is contrib/packages (tests/regress/deps.sh checks it covers every
# command the tests call).
set -eu
list=$(dirname "$0")/packages

missing=""
for p in $(sed -e 's/#.*//' "$list" | awk 'NF { print $1 }'); do
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
# Several checkouts may run `make test` at once: wait for dpkg's lock
# rather than fail on it.
lock="-o DPkg::Lock::Timeout=900"
apt-get $lock update -qq
# The packaged dovecot and postfix are enabled by their postinst; the tests run
# their own instances on high ports and never need the system ones.
apt-get $lock install -y -qq --no-install-recommends $missing >/dev/null
