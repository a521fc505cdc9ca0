#!/bin/sh
# tests/regress/content.sh — the decisions made on what was read (issue
# 18, daemon/judge-content.c), end to end through the built binary on
# photos made here by tests/corpus/photos.py, in one Minhang mail of two
# archives named after their persons:
#   - a photo named 身份证.jpg that shows a labour contract: the content
#     decides (item_by "content") and the reply says which file shows what
#     where it lists the ID card as missing;
#   - one person's ID card in the other's archive: person-mismatch naming
#     the file and whose card it is; the person's own card passes;
#   - the switch: --recognize off judges by name only (nothing read, no
#     content codes), unnamed reads only files whose name names nothing;
#   - the daemon (`intake once`) stores item_by and what was read with the
#     files, and its log carries none of it.
# recognize.sh covers every material, unclear photos and text PDFs.
#
#   INTAKE=$PWD/build/intake sh tests/regress/content.sh
. "$(dirname "$0")/lib.sh"
need_intake
need_tool timeout

W=$(tmpdir work)
mkdir -p "$W/Maildir/new" "$W/Maildir/cur" "$W/Maildir/tmp"
cat >"$W/intake.conf" <<EOF
center   = "minhang";
schemas  = "$REPO/schemas";
database = "intake.db";
spool    = "spool";
mailbox = { url = "maildir:Maildir"; done = "keyword"; };
reply = { from = "闵行区人才服务中心 <jifen@intake.invalid>"; via = "outbox:outbox"; };
limits = { max_reader_seconds = 120; };
EOF

# The mail, and the persons as JSON for the checks below.
if ! $PY - "$REPO" "$W/a.eml" >"$W/folk.json" 2>"$T_TMP/gen.err" <<'PYEOF'
import json, os, random, sys
repo, out = sys.argv[1:3]
sys.path.insert(0, os.path.join(repo, "tests", "corpus"))
import photos as P, photo_mail as PM
rng = random.Random("content.sh")
a, b = P.people("content.sh", 2)
def photo(kind, person):
	return P.photograph(P.render(kind, person, rng), rng, rotation=0, long_side=2048, blur=0.6, dark=1.0)
mail = PM.person_mail("minhang", [
	(a, [("身份证.jpg", photo("labour-contract", a)),
	     ("IMG_20261103_142311.jpg", photo("residence-permit", a))]),
	(b, [("IMG_20261103_142312.jpg", photo("id-front", a)),
	     ("IMG_20261103_142313.jpg", photo("id-front", b))])])
open(out, "wb").write(mail)
json.dump({"a": a, "b": b}, sys.stdout, ensure_ascii=False)
PYEOF
then
	tap_fail "the mail is made"
	tap_diag "$(tail -20 "$T_TMP/gen.err")"
	tap_done
fi
tap_ok "the mail is made (2 archives, 4 phone photos)"

for mode in all off unnamed; do
	timeout 600 "$INTAKE" check --json -c "$W/intake.conf" --recognize $mode \
	    "$W/a.eml" >"$W/$mode.json" 2>"$W/$mode.err"
	tap_is "check --recognize $mode exits 0" "$?" 0
done

$PY - "$W" >"$T_TMP/tap" 2>"$T_TMP/py.err" <<'PYEOF'
import json, os, sys
w = sys.argv[1]
folk = json.load(open(os.path.join(w, "folk.json"), encoding="utf-8"))
a, b = folk["a"], folk["b"]

def ok(cond, text, diag=""):
	print(("ok - " if cond else "not ok - ") + text)
	if not cond and diag:
		print("\n".join("# " + l for l in str(diag).splitlines()[:12]))

def load(mode):
	with open(os.path.join(w, mode + ".json"), encoding="utf-8") as f:
		return json.loads(f.read())

def files(v):	# by the name without the archive's folder
	return {f["name"].rsplit("/", 1)[-1]: f for p in v["persons"] for f in p["files"]}

def problems(v, code):
	return [p for p in v["problems"] if p["code"] == code]

v = load("all")
f = files(v)
fa = f.get("身份证.jpg", {})
ok(fa.get("item") == "labour-contract" and fa.get("item_by") == "content",
   "身份证.jpg shows a labour contract: the content decides", fa)
miss = [p for p in problems(v, "item-missing") if p["person"] == a["name"] and p["item"] == "id-card"]
ok(len(miss) == 1 and "身份证.jpg" in miss[0]["detail"] and "劳动合同" in miss[0]["detail"],
   "the ID card is missing, and the reply says what 身份证.jpg shows", miss)
body = (v.get("reply") or {}).get("body", "")
ok("身份证.jpg”的内容是劳动合同" in body, "… in the reply itself", body[-600:])
fr = f.get("IMG_20261103_142311.jpg", {})
ok(fr.get("item") == "residence-permit" and fr.get("item_by") == "content",
   "a phone photo of the residence permit is one, by content", fr)
mm = problems(v, "person-mismatch")
ok(len(mm) == 1 and mm[0]["file"].endswith("/IMG_20261103_142312.jpg") and mm[0]["person"] == b["name"]
   and a["name"] in mm[0]["detail"], "%s's card in %s's archive: one person-mismatch, naming the file and whose card"
   % (a["name"], b["name"]), json.dumps(mm, ensure_ascii=False))
own = f.get("IMG_20261103_142313.jpg", {})
ok((own.get("read") or {}).get("id_number") == b["id_number"] and own.get("item") == "id-card",
   "%s's own card: the ID number read is kept in read, and passes" % b["name"], own)
ok(v["status"] == "rejected", "the mail is rejected", v["status"])

v = load("off")
f = files(v)
ok(f.get("身份证.jpg", {}).get("item") == "id-card" and f["身份证.jpg"].get("item_by") == "name",
   "--recognize off: 身份证.jpg is the ID card by its name", f.get("身份证.jpg"))
ok(all(x.get("item") is None and x.get("item_by") is None for n, x in f.items() if n.startswith("IMG_")),
   "--recognize off: the phone photos are unclassified", f)
ok(not any("read" in x for x in f.values()), "--recognize off: nothing read in the verdict", f)
ok(not problems(v, "person-mismatch") and not problems(v, "file-unclear"),
   "--recognize off: no problem from reading", v["problems"])
ok(v["status"] == "review", "--recognize off: review, as before issue 18", v["status"])

v = load("unnamed")
f = files(v)
ok(f.get("身份证.jpg", {}).get("item") == "id-card" and f["身份证.jpg"].get("item_by") == "name",
   "--recognize unnamed: a file named for a material keeps its name", f.get("身份证.jpg"))
ok(f.get("IMG_20261103_142311.jpg", {}).get("item_by") == "content",
   "--recognize unnamed: a phone photo is read", f.get("IMG_20261103_142311.jpg"))
PYEOF
rc=$?
tap_feed "$T_TMP/tap"
[ $rc -eq 0 ] || { tap_fail "the checks ran to their end (exit $rc)"; tap_diag "$(tail -20 "$T_TMP/py.err")"; }

# The daemon: what was read is stored with the files, never logged.
cp "$W/a.eml" "$W/Maildir/new/1.eml"
(cd "$W" && timeout 600 "$INTAKE" once -c "$W/intake.conf" >"$W/once.out" 2>"$W/once.log")
tap_is "intake once exits 0" "$?" 0
eval "$($PY - "$W" <<'PYEOF'
import json, os, sqlite3, sys
w = sys.argv[1]
folk = json.load(open(os.path.join(w, "folk.json"), encoding="utf-8"))
db = sqlite3.connect(os.path.join(w, "intake.db"))
n = db.execute("select count(*) from files where item_by = 'content'").fetchone()[0]
ids = [r[0] for r in db.execute("select read_id_number from files where read_id_number is not null")]
print("N_CONTENT=%d" % n)
print("READ_B=%d" % (folk["b"]["id_number"] in ids))
print("ID_A=%s ID_B=%s" % (folk["a"]["id_number"], folk["b"]["id_number"]))
PYEOF
)"
tap_is "the records keep item_by for the files told by content" "$N_CONTENT" 4
tap_is "the records keep the ID number read on the card" "$READ_B" 1
if grep -q -e "$ID_A" -e "$ID_B" "$W/once.log"; then
	tap_fail "the log carries no ID number read"
	tap_diag "$(grep -e "$ID_A" -e "$ID_B" "$W/once.log" | head -3)"
else
	tap_ok "the log carries no ID number read"
fi
tap_done
