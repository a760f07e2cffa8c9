"""Times the Label page in Debian's headless chromium for taxa_bench (web).

usage: web_ready.py URL LOADS

Opens URL (taxa serve's, with its login token), then loads /label LOADS
times and prints, one per line, the milliseconds from navigation start to
the page's own "taxa-ready" performance mark (label.js sets it once the
first item and the taxonomy are shown and the keys work).
"""
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

url, loads = sys.argv[1], int(sys.argv[2])
base = url.split('/?')[0]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--no-first-run", "--window-size=1400,900"):
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
READY = "const m = performance.getEntriesByName('taxa-ready'); return m.length ? m[0].startTime : null;"
try:
    driver.get(url)  # logs in (the cookie), lands on /label
    WebDriverWait(driver, 60).until(lambda d: d.execute_script(READY) is not None)
    for _ in range(loads):
        driver.get(base + "/label")
        WebDriverWait(driver, 60).until(lambda d: d.execute_script(READY) is not None)
        print("%.1f" % driver.execute_script(READY), flush=True)
finally:
    driver.quit()
