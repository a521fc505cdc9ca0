#!/bin/sh
# tests/regress/config.sh — `intake config-check` through the built binary:
# the bundled default and every shipped center load clean; a broken schema,
# a bad sender registry, an unknown center, a Jing'an profile without a
# registry are each reported with file and line and exit status 2.
#
#   INTAKE=$PWD/build/intake sh tests/regress/config.sh
. "$(dirname "$0")/lib.sh"
need_intake

# conf DIR CENTER [SENDERS]: a configuration using the schemas under DIR
conf() {
	{
		echo "center = \"$2\";"
		echo "schemas = \"$1\";"
		echo "database = \"$T_TMP/db\";"
		echo "spool = \"$T_TMP/spool\";"
		[ -n "${3:-}" ] && echo "senders = \"$3\";"
		echo 'mailbox = { url = "maildir:'"$T_TMP"'/Maildir"; };'
		echo 'reply = { from = "x <x@intake.invalid>"; via = "outbox:'"$T_TMP"'/outbox"; };'
	} >"$T_TMP/intake.conf"
	echo "$T_TMP/intake.conf"
}

run_intake config-check >"$T_TMP/out" 2>&1
tap_is "bundled default: config-check exits 0" "$?" 0

printf 'company,short_name,email\n中国平安人寿保险股份有限公司,平安人寿,hr@pingan.example.com\n' >"$T_TMP/senders.csv"
for c in minhang xuhui baoshan huangpu hongkou jingan guangzhou-support; do
	run_intake config-check -c "$(conf "$REPO/schemas" "$c" "$T_TMP/senders.csv")" >"$T_TMP/out" 2>&1
	rc=$?
	tap_is "shipped profile $c loads clean" "$rc" 0
	[ "$rc" = 0 ] || tap_diag "$(cat "$T_TMP/out")"
done

# expect_error TEXT CONF PATTERN: exit 2 and a diagnostic matching PATTERN
expect_error() {
	run_intake config-check -c "$2" >"$T_TMP/out" 2>"$T_TMP/err"
	tap_is "$1: exit status 2" "$?" 2
	if grep -Eq "$3" "$T_TMP/err"; then
		tap_ok "$1: reported as $3"
	else
		tap_fail "$1: reported as $3"
		tap_diag "$(cat "$T_TMP/err")"
	fi
}

# a syntax error in a checklist: file and line of the error
S=$(tmpdir schemas-syntax)
cp -R "$REPO/schemas/." "$S/"
line=$(grep -n '^rules = (' "$S/checklists/points-new.cfg" | cut -d: -f1)
sed -i "${line}s/rules = (/rules = ( {{ oops/" "$S/checklists/points-new.cfg"
expect_error "syntax error in a checklist" "$(conf "$S" minhang)" \
	"checklists/points-new.cfg:$line:"

# an unknown material named in a checklist rule
S=$(tmpdir schemas-material)
cp -R "$REPO/schemas/." "$S/"
sed -i 's/"labour-contract" \]; },/"labour-kontract" ]; },/' "$S/checklists/points-new.cfg"
line=$(grep -n 'labour-kontract' "$S/checklists/points-new.cfg" | head -1 | cut -d: -f1)
expect_error "unknown material in a checklist" "$(conf "$S" minhang)" \
	"checklists/points-new.cfg:[0-9]+:.*labour-kontract"

# a center that names a checklist that does not exist
S=$(tmpdir schemas-business)
cp -R "$REPO/schemas/." "$S/"
sed -i '0,/business = "points-new";/s//business = "points-nwe";/' "$S/centers/minhang.cfg"
expect_error "unknown business in a center" "$(conf "$S" minhang)" \
	"centers/minhang.cfg:[0-9]+:.*points-nwe"

# a template placeholder nobody fills
S=$(tmpdir schemas-placeholder)
cp -R "$REPO/schemas/." "$S/"
sed -i 's/{answer_days}个工作日内完成审核/{answer_dayz}个工作日内完成审核/' "$S/common/templates-shanghai.cfg"
expect_error "unknown placeholder in a reply template" "$(conf "$S" minhang)" \
	"\\.cfg:[0-9]+:.*answer_dayz"

expect_error "unknown center" "$(conf "$REPO/schemas" pudong)" "pudong"
expect_error "Jing'an without a sender registry" "$(conf "$REPO/schemas" jingan)" \
	"registered|senders"

printf 'company,short_name,email\n甲公司,甲,a@example.com\n乙公司,乙\n丙公司,丙,not-an-address\n' >"$T_TMP/bad.csv"
expect_error "sender registry: short line" "$(conf "$REPO/schemas" jingan "$T_TMP/bad.csv")" \
	"bad.csv:3:"
expect_error "sender registry: address without @" "$(conf "$REPO/schemas" jingan "$T_TMP/bad.csv")" \
	"bad.csv:4:"

run_intake check --center no-such-center "$REPO/contrib/sample/"*.eml >/dev/null 2>"$T_TMP/err"
tap_is "check --center unknown: exit status 2" "$?" 2

tap_done
