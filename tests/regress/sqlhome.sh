#!/bin/sh
# tests/regress/sqlhome.sh — spool/ is the one home of SQL (HACKING.md):
# no file in lib/, daemon/ or parsers/ uses SQLite or holds SQL text.  The
# commands and the staff console reach the records through
# spool/records.h, records-staff.h and records-report.h only.
#
#   sh tests/regress/sqlhome.sh
. "$(dirname "$0")/lib.sh"

# Any use of the library: its header, a type, a call.
LIB='sqlite3'
# A string literal that starts a statement ("SELECT id ...", "BEGIN
# IMMEDIATE"), or goes on with a clause over a lower-case table or column
# (" FROM submissions", "WHERE id = ?1").  Upper-case keywords only, and a
# lower-case name after: "MAIL FROM:<>" and IMAP's "SELECT" are not SQL.
START='"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|REPLACE|PRAGMA|WITH|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|CREATE|DROP|ALTER|VACUUM|ATTACH)[[:space:]]+[A-Za-z_*(]'
CLAUSE='"[^"]*(^|[[:space:]"])(FROM|WHERE|JOIN|SET|VALUES|ORDER BY|GROUP BY|INTO)[[:space:]]+[a-z_(]'

# sql_outside DIR: "file:line: text" for every use, in the folders that
# must have none.
sql_outside() {
	for d in lib daemon parsers; do
		[ -d "$1/$d" ] || continue
		grep -rnE --include='*.c' --include='*.h' \
		    "$LIB|$START|$CLAUSE" "$1/$d" 2>/dev/null
	done
}

out=$(sql_outside "$REPO")
tap_is "no SQLite and no SQL text outside spool/" "$out" ""

for f in records.h records-staff.h records-report.h records-impl.h; do
	tap_check "spool/$f is there" test -s "$REPO/spool/$f"
done
out=$(grep -rln --include='*.c' --include='*.h' 'records-impl\.h' \
    "$REPO/lib" "$REPO/daemon" "$REPO/parsers" "$REPO/tests" 2>/dev/null)
tap_is "the records' private header is included by spool/ only" "$out" ""

# The check finds what it looks for (it can fail): each kind planted.
plant() {	# name text
	rm -rf "$T_TMP/tree"
	mkdir -p "$T_TMP/tree/daemon"
	printf '%s\n' "$2" >"$T_TMP/tree/daemon/planted.c"
	out=$(sql_outside "$T_TMP/tree")
	case "$out" in
	*planted.c:1:*) tap_ok "planted $1 is found" ;;
	*) tap_fail "planted $1 is found"; tap_diag "got: $out" ;;
	esac
}
plant "a SQLite call" '	sqlite3_exec(db, sql, NULL, NULL, NULL);'
plant "a statement" '	st = prepare(db, "SELECT id, receipt FROM submissions");'
plant "a transaction" '	run(db, "BEGIN IMMEDIATE");'
plant "a continued clause" '	    " FROM submissions s WHERE s.id = ?1", id);'
plant "an update" '	"UPDATE persons SET name = NULL WHERE submission = ?1",'

# ... and leaves alone what only looks like it.
rm -rf "$T_TMP/tree"
mkdir -p "$T_TMP/tree/daemon"
cat >"$T_TMP/tree/daemon/mail.c" <<'C'
	*err = smtp_err(s, "MAIL FROM", r);
	*err = imap_err(im, "SELECT", r);
	*err = xstrdup("IMAP SELECT gave no selection info");
C
tap_is "SMTP's MAIL FROM and IMAP's SELECT are not SQL" \
    "$(sql_outside "$T_TMP/tree")" ""
tap_done
