#!/usr/bin/python3
"""web_browser — the staff console in real headless Chromium (selenium,
chromedriver), as a clerk uses it: sign in, search a person's name, open
the submission, see every scan's preview loaded (naturalWidth > 0: the
JPEG and PNG as they are, the PDF's first page and the HEIC photo
rendered by the server), reject with a reason, read the exact reply,
confirm, and find that reply in the outbox.  Screenshots at 1366×768 and
390×844 (a phone) are kept in SHOTS.

usage: web_browser.py PORT USER PASSWORD OUTBOX SHOTS
Prints TAP lines without numbers ("ok - x"), for tap_feed.
"""
import email, email.policy, glob, os, sys, time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

port, user, password, outbox, shots = sys.argv[1:6]
base = "http://127.0.0.1:%s" % port
REASON = "劳动合同复印件缺少单位盖章页，请补充盖章页后重新发送。"
failed = 0


def check(cond, text, diag=None):
	global failed
	print(("ok - " if cond else "not ok - ") + text)
	if not cond:
		failed += 1
		if diag:
			for line in str(diag).splitlines()[:20]:
				print("# " + line)
	sys.stdout.flush()
	return cond


def shot(d, name, w, h):
	d.set_window_size(w, h)
	time.sleep(0.3)
	path = os.path.join(shots, "web-%s-%d.png" % (name, w))
	d.save_screenshot(path)
	check(os.path.getsize(path) > 1000, "screenshot %s at %dx%d" % (os.path.basename(path), w, h))


opts = webdriver.ChromeOptions()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
	  "--window-size=1366,768", "--lang=zh-CN"):
	opts.add_argument(a)
opts.binary_location = "/usr/bin/chromium"
d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
d.set_page_load_timeout(60)
wait = WebDriverWait(d, 30)
try:
	# Signed out: the queue sends to the sign-in page.
	d.get(base + "/")
	check(d.current_url.endswith("/login"), "signed out, / leads to /login", d.current_url)
	d.find_element(By.NAME, "user").send_keys(user)
	d.find_element(By.NAME, "password").send_keys(password)
	d.find_element(By.CSS_SELECTOR, "form.login button, form.login [type=submit]").click()
	wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.queue")))
	check(d.current_url.rstrip("/") == base, "signed in: the queue", d.current_url)
	rows = d.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
	check(len(rows) >= 3, "the queue lists every submission (%d rows)" % len(rows))
	check("待人工核对" in rows[0].text, "待人工核对 first", rows[0].text if rows else "")
	shot(d, "queue", 1366, 768)
	shot(d, "queue", 390, 844)
	d.set_window_size(1366, 768)

	# Search a person's name.
	q = d.find_element(By.NAME, "q")
	q.clear()
	q.send_keys("陈晓明")
	d.find_element(By.CSS_SELECTOR, "form.filters button").click()
	wait.until(EC.url_contains("q="))
	rows = d.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")
	check(len(rows) == 1 and "陈晓明" in rows[0].text, "searching 陈晓明 finds one submission",
	      "\n".join(r.text for r in rows))
	rows[0].find_element(By.CSS_SELECTOR, "td a").click()
	wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.person")))
	check("/submission/" in d.current_url, "the submission opens", d.current_url)
	body = d.find_element(By.TAG_NAME, "body").text
	check("上海浦江软件有限公司" in body and "陈晓明" in body, "its company and person")
	check("您好！" in body and "021-54321234" in body, "the mail's own text")
	check("【需补正，暂不受理】" in body, "the reply sent, in full")
	others = d.find_elements(By.ID, "others")
	check(len(others) == 1 and "bob" in others[0].text,
	      "another account's view in the last ten minutes is named",
	      others[0].text if others else "no notice")

	# Every preview loaded: each scrolled into view (they load lazily).
	imgs = d.find_elements(By.CSS_SELECTOR, "img.preview")
	check(len(imgs) == 4, "four scans, four previews (%d)" % len(imgs))
	for img in imgs:
		d.execute_script("arguments[0].scrollIntoView()", img)
		try:
			WebDriverWait(d, 30).until(lambda _: d.execute_script(
				"return arguments[0].complete", img))
		except Exception:
			pass
		w = d.execute_script("return arguments[0].naturalWidth", img)
		check(w and w > 0, "preview of %s loaded (naturalWidth %s)" % (img.get_attribute("alt"), w))
	d.execute_script("window.scrollTo(0, 0)")
	shot(d, "submission", 1366, 768)
	shot(d, "submission", 390, 844)
	d.set_window_size(1366, 768)

	# Reject with a reason: the exact reply is shown before it is sent.
	d.find_element(By.CSS_SELECTOR, "input[name=decision][value=reject]").click()
	d.find_element(By.NAME, "reason").send_keys(REASON)
	d.find_element(By.CSS_SELECTOR, "form.decide button[type=submit]").click()
	wait.until(EC.presence_of_element_located((By.ID, "reply")))
	shown = d.find_element(By.ID, "reply").text
	check(REASON in shown and "hr@pujiang-soft.example.com" in shown,
	      "the reply to be sent is shown, with the reason", shown)
	before = glob.glob(os.path.join(outbox, "new", "*"))
	shot(d, "confirm", 390, 844)
	d.set_window_size(1366, 768)
	d.find_element(By.ID, "confirm").click()
	wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "ol.history")))
	hist = d.find_element(By.CSS_SELECTOR, "ol.history").text
	check("人工处理" in hist and user in hist, "the history names the decision and who", hist)

	# The reply in the outbox, as the sender gets it.
	deadline = time.time() + 30
	new = []
	while time.time() < deadline:
		new = [p for p in glob.glob(os.path.join(outbox, "new", "*")) if p not in before]
		if new:
			break
		time.sleep(0.5)
	check(len(new) == 1, "one reply in the outbox (%d)" % len(new))
	if new:
		with open(new[0], "rb") as f:
			m = email.message_from_binary_file(f, policy=email.policy.default)
		text = m.get_body(preferencelist=("plain",)).get_content()
		check(REASON in text, "it carries the reason", text)
		check(m["To"] and "hr@pujiang-soft.example.com" in m["To"], "to the sender", m["To"])
finally:
	d.quit()
sys.exit(1 if failed else 0)
