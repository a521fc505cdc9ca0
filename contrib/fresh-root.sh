#!/bin/sh
# contrib/fresh-root.sh — the README's two commands on a fresh Debian 12
# root, to prove `make run` and `make test` need nothing but what the
# project installs itself (contrib/install-deps.sh).  Not run by CI: it
# downloads a Debian system (about 15 minutes for the root and the
# packages, then the whole `make test`).
#
#   sh contrib/fresh-root.sh [DIR]
#
# As root, on Debian with mmdebstrap (apt-get install mmdebstrap).  DIR
# (default a new /var/tmp/intake-fresh.XXXXXX) receives the root; the
# committed tree (git archive HEAD, nothing uncommitted, no build/) is
# unpacked in DIR/root/intake.  RUN_SECONDS (900) bounds `make run`,
# package installs included: it is stopped with SIGINT, as ^C would, once
# its replies have stopped coming.  The output of both commands is in
# DIR/root/run.log and DIR/root/test.log; the last lines are printed.
#
# The root is minbase plus make (a fresh machine's README reader must
# have make) and ca-certificates.  A chroot is not a booted machine: no
# systemd runs in it, so a policy-rc.d keeps package scripts from
# starting services (dovecot) on the host's network.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "fresh-root: run as root" >&2; exit 2; }
command -v mmdebstrap >/dev/null ||
	{ echo "fresh-root: needs mmdebstrap (apt-get install mmdebstrap)" >&2; exit 2; }
dir=${1:-$(mktemp -d /var/tmp/intake-fresh.XXXXXX)}
run_seconds=${RUN_SECONDS:-900}
mirror=${MIRROR:-http://deb.debian.org/debian}

mmdebstrap --variant=minbase --include=make,ca-certificates bookworm "$dir" \
	"deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
	"deb ${SECURITY_MIRROR:-http://deb.debian.org/debian-security} bookworm-security main"
printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
chmod 755 "$dir/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$dir/etc/resolv.conf"
mkdir -p "$dir/root/intake"
git -C "$top" archive HEAD | tar -x -C "$dir/root/intake"

# /proc, /dev and a /dev/shm of its own (Python's multiprocessing, chromium).
mount -t proc proc "$dir/proc"
mount --rbind /dev "$dir/dev"
mount --make-rslave "$dir/dev"
mount -t tmpfs -o mode=1777 shm "$dir/dev/shm"
mount -t sysfs sys "$dir/sys"
trap 'umount "$dir/sys"; umount "$dir/dev/shm"; umount -R "$dir/dev"; umount "$dir/proc"' EXIT

cat >"$dir/root/readme.sh" <<SCRIPT
cd /root/intake
# make run: a daemon.  Stopped with ^C's signal once the replies are out.
timeout -s INT $run_seconds make run >/root/run.log 2>&1 &
pid=\$!
last=-1 same=0
while kill -0 \$pid 2>/dev/null; do
	n=\$(ls state/outbox/new 2>/dev/null | wc -l)
	if [ "\$n" -gt 0 ] && [ "\$n" -eq "\$last" ]; then
		same=\$((same + 1))
		[ \$same -ge 10 ] && { kill -INT \$pid; break; }
	else
		same=0
	fi
	last=\$n
	sleep 1
done
wait \$pid
echo "make run: exit \$?, \$(ls state/outbox/new 2>/dev/null | wc -l) replies in state/outbox/new"
make test >/root/test.log 2>&1
echo "make test: exit \$?"
SCRIPT
env -i HOME=/root TERM=dumb PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	chroot "$dir" sh /root/readme.sh
echo "--- make run (last lines of $dir/root/run.log)"
tail -n 8 "$dir/root/run.log"
echo "--- make test (tier totals in $dir/root/test.log)"
grep -E '^[0-9]+ passed, [0-9]+ failed|^fuzz|Error' "$dir/root/test.log" || tail -n 20 "$dir/root/test.log"
