#!/bin/sh
# tests/regress/deps.sh — set-up that cannot drift: every external command
# the Makefile, the tests and the fixture makers call is listed in
# contrib/packages (the list contrib/install-deps.sh installs from), is on
# PATH, and dpkg says a listed package provides it; so do the files named
# there by absolute path (libFuzzer's runtime, the SASL plug-ins).  A tool installed by
# hand on a development machine but missing from the list fails here, not
# on a fresh machine.
#
#   sh tests/regress/deps.sh
. "$(dirname "$0")/lib.sh"
LIST=$REPO/contrib/packages
# Tools are looked up where Debian puts them (a pyenv shim or /usr/local
# copy earlier on PATH is not what a fresh machine has).
DEBIAN_PATH=/usr/sbin:/usr/bin:/sbin:/bin

listed_pkgs() {	# LIST: the package names
	sed -e 's/#.*//' "$1" | awk 'NF { print $1 }'
}
listed_cmds() {	# LIST: "PACKAGE COMMAND" per command
	sed -e 's/#.*//' "$1" | awk 'NF > 2 { for (i = 3; i <= NF; i++) print $1, $i }'
}

# owners PATH: the packages dpkg says ship PATH.  Debian 12 merged /bin
# into /usr/bin but dpkg still records /bin/cat: try both spellings.
owners() {
	for _p in "$1" "$(echo "$1" | sed -n 's|^/usr/\(s*bin/\)|/\1|p')"; do
		[ -n "$_p" ] || continue
		dpkg -S "$_p" 2>/dev/null | grep -v '^diversion by' |
		    sed -n 's/^\(.*\): .*/\1/p' | tr ',' '\n' | sed 's/^ *//; s/:.*//'
	done
}

# check_list LIST: prints one line per command not provided by a listed
# package; silent when the list is right.
check_list() {
	_pk=$(listed_pkgs "$1")
	listed_cmds "$1" | while read -r _pkg _cmd; do
		case "$_cmd" in
		/*) _path=$_cmd
		    [ -e "$_path" ] || { echo "$_cmd: missing (package $_pkg)"; continue; } ;;
		*) _path=$(PATH=$DEBIAN_PATH command -v "$_cmd") ||
		    { echo "$_cmd: not on PATH (package $_pkg)"; continue; } ;;
		esac
		_ok=0 _got=""
		for _f in "$_path" "$(readlink -f "$_path")"; do
			for _o in $(owners "$_f"); do
				_got="$_got $_o"
				echo "$_pk" | grep -qx "$_o" && _ok=1
			done
		done
		[ $_ok = 1 ] || echo "$_cmd: $_path is from${_got:- no package}, not a package in contrib/packages"
	done
}

# Who reads the list: install-deps.sh, and nothing keeps a second one.
tap_check "install-deps.sh installs from contrib/packages" \
	grep -q 'packages' "$REPO/contrib/install-deps.sh"
tap_check "install-deps.sh names no package itself" \
	sh -c "! sed 's/#.*//' '$REPO/contrib/install-deps.sh' | grep -Eq 'libheif|p7zip|dovecot|zip '"

out=$(check_list "$LIST")
tap_is "every listed command is provided by a listed package" "$out" ""

# The checker catches a tool from an unlisted package (it can fail).
printf 'coreutils test timeout\nnosuch-package test heif-enc\n' >"$T_TMP/bad"
out=$(check_list "$T_TMP/bad")
case "$out" in
"heif-enc: "*libheif-examples*) tap_ok "a command from an unlisted package is reported" ;;
*) tap_fail "a command from an unlisted package is reported"; tap_diag "got: $out" ;;
esac

# Every command the tests call is in the list.  Python makers call tools
# as subprocess.run(["TOOL", ...]) or run("TOOL", ...); shell tests
# declare theirs with need_tool; the Makefile's are listed by hand.
called=$(
	grep -rhoE '(subprocess\.(run|Popen|check_output)\(\[|[^a-z_.]run\()"[a-z0-9][a-z0-9._-]*"' \
	    "$REPO/tests" --include='*.py' | sed 's/.*("\{0,1\}\[\{0,1\}"//; s/"$//'
	grep -rhE '^[[:space:]]*need_tool ' "$REPO/tests" | sed 's/^[[:space:]]*need_tool //' | tr ' ' '\n'
	echo cc ar make pkg-config clang valgrind sh
)
tap_diag "commands the tests call: $(echo $called | tr '\n' ' ')"
cmds=$(listed_cmds "$LIST" | awk '{ print $2 }')
missing=""
for c in $(echo "$called" | sort -u); do
	case "$c" in ""|intake|"\$"*) continue ;; esac
	echo "$cmds" | grep -qx "$c" || missing="$missing $c"
done
tap_is "every command the tests call is listed in contrib/packages" "$missing" ""
tap_done
