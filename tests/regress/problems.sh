#!/bin/sh
# tests/regress/problems.sh — lib/problem.c is the one table of problem
# codes: every code the sources give a verdict is in it, every entry in it
# is given somewhere, no code stands in it twice, and doc/verdict.md
# documents each.  (What each code
# does to the status is shown on real mail by centers.sh.)
. "$(dirname "$0")/lib.sh"

out=$("$PY" - "$REPO" <<'PY'
import re, sys, pathlib
repo = pathlib.Path(sys.argv[1])
src = {p: p.read_text() for d in ("lib", "daemon", "parsers", "spool")
       for p in (repo / d).glob("*.c")}
used = {}
for p, s in src.items():
    for m in re.finditer(r'verdict_add_problem\(\s*[^,]+,\s*"([a-z-]+)"', s):
        used.setdefault(m.group(1), str(p.relative_to(repo)))
    # codes handed over as values: unpack_status_code's returns
    for m in re.finditer(r'unpack_status_code\(enum[^{]*\{([\s\S]*?)\n\}', s):
        for c in re.findall(r'return "([a-z-]+)"', m.group(1)):
            used.setdefault(c, str(p.relative_to(repo)))
table = re.findall(r'\{ "([a-z-]+)", "([^"]+)", ([BRW]),\s*"([^"]+)"',
                   (repo / "lib/problem.c").read_text())
codes = {c for c, _, _, _ in table}
print("used", len(used), "table", len(table))
for c, where in sorted(used.items()):
    if c not in codes:
        print("MISSING", c, where)
for c in sorted(codes - set(used)):
    print("UNUSED", c)
if len(codes) != len(table):
    print("TWICE")
# doc/verdict.md documents every code: a row "| `code` | ... |" each;
# a code still to come says "reserved" in its row.
doc = {}
for line in (repo / "doc/verdict.md").read_text().splitlines():
    m = re.match(r'\| `([a-z]+(?:-[a-z]+)+)` \|', line)
    if m:
        doc[m.group(1)] = line
for c in sorted(codes):
    if c not in doc:
        print("UNDOCUMENTED", c)
for c, line in sorted(doc.items()):
    if c not in codes and "reserved" not in line:
        print("DOC-ONLY", c)
PY
)
tap_diag "$out"
case "$out" in
used*) tap_ok "the table and the sources were read" ;;
*) tap_fail "the table and the sources were read" ;;
esac
n=$(printf '%s\n' "$out" | sed -n 's/^used \([0-9]*\) table.*/\1/p')
[ "${n:-0}" -ge 20 ] && tap_ok "codes found in the sources ($n)" ||
    tap_fail "codes found in the sources (${n:-0})"
printf '%s\n' "$out" | grep -q '^MISSING' &&
    tap_fail "every code a verdict is given is in lib/problem.c" ||
    tap_ok "every code a verdict is given is in lib/problem.c"
printf '%s\n' "$out" | grep -q '^UNUSED' &&
    tap_fail "every code in lib/problem.c is given somewhere" ||
    tap_ok "every code in lib/problem.c is given somewhere"
printf '%s\n' "$out" | grep -q '^TWICE' &&
    tap_fail "no code twice in the table" || tap_ok "no code twice in the table"
printf '%s\n' "$out" | grep -q '^UNDOCUMENTED' &&
    tap_fail "every code in the table is in doc/verdict.md" ||
    tap_ok "every code in the table is in doc/verdict.md"
printf '%s\n' "$out" | grep -q '^DOC-ONLY' &&
    tap_fail "doc/verdict.md names no code the program lacks (but reserved ones)" ||
    tap_ok "doc/verdict.md names no code the program lacks (but reserved ones)"
tap_done
