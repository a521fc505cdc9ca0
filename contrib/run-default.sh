#!/bin/sh
# Runs intake on its bundled default (contrib/default.conf): the sample mail
# in contrib/sample/ is put into the local Maildir state/Maildir once, then
# intake judges it.  Replies go to state/outbox/new/, one file per reply.
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
echo "intake: judging the sample mail in $md (bundled default)" >&2
set --
for f in "$md"/new/* "$md"/cur/*; do
	[ -f "$f" ] && set -- "$@" "$f"
done
[ $# -gt 0 ] || { echo "intake: no mail in $md" >&2; exit 0; }
exec "$intake" check -c "$top/contrib/default.conf" "$@"
