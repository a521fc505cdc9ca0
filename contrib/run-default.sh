#!/bin/sh
# Runs the daemon on its bundled default (contrib/default.conf): the sample
# mail in contrib/sample/ is delivered once into the local Maildir
# state/Maildir, then `intake run` judges it, records it in state/intake.db
# and writes every reply as a file into state/outbox/new/.  Stop with ^C.
set -eu
intake=${1:-build/intake}
top=$(cd "$(dirname "$0")/.." && pwd)
md=$top/state/Maildir
umask 077
mkdir -p "$md/new" "$md/cur" "$md/tmp" "$top/state/outbox"
if [ ! -e "$top/state/.seeded" ]; then
	for f in "$top"/contrib/sample/*.eml; do
		[ -f "$f" ] || continue
		cp "$f" "$md/tmp/$(basename "$f")"
		mv "$md/tmp/$(basename "$f")" "$md/new/$(basename "$f" .eml)"
	done
	: >"$top/state/.seeded"
fi
cat >&2 <<MSG
intake: watching $md (bundled default, Minhang profile)
intake: replies are written to $top/state/outbox/new/ (one file each)
intake: records in $top/state/intake.db; drop more mail into $md/new/
intake: stop with ^C
MSG
# A trial on a fresh machine, often as root: allowed here only.  A real
# installation runs as its own user (contrib/intake.service, user = ...).
INTAKE_ALLOW_ROOT=1 exec "$intake" run -c "$top/contrib/default.conf"
