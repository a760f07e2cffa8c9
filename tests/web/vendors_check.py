"""Drives the Vendors page in Debian's headless chromium for
review_browser_test.cpp.

usage: vendors_check.py URL SCREENSHOT_DIR

Opens URL (its login link), goes to the Vendors page, reads the vendor rows
and which cells are marked as a missed target, opens a vendor's annotators
by a click and reads them; saves screenshots.
Prints one JSON object of findings; the C++ test decides what passes.
"""
import json
import sys

from selenium.webdriver.common.by import By

import chromium  # tests/web/chromium.py, beside this file

url, shots = sys.argv[1], sys.argv[2]
base = url.split('/?')[0]
found = {"alerts": [], "console": [], "errors": []}

driver, wait = chromium.start(1400, 900, 20, "--force-device-scale-factor=1")


def text(element_id):
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def table():
    return driver.execute_script(
        "return [...document.querySelectorAll('#vendors tr')].filter((tr) => !tr.hidden).map((tr) => ({"
        "kind: tr.className, vendor: tr.dataset.vendor, cells: [...tr.querySelectorAll('td')].map((td) => td.innerText),"
        "missed: [...tr.querySelectorAll('td.missed')].map((td) => td.cellIndex)}));")


def shot(name):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, max(700, height + 120))
    driver.save_screenshot(shots + "/" + name + ".png")


try:
    driver.get(url)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/vendors")
    wait.until(lambda d: "Updated" in text("status"))
    chromium.record_alert(driver, found, "vendors")
    found["head"] = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#vendor-table thead th")]
    found["closed"] = table()
    driver.find_element(By.CSS_SELECTOR, "tr.vendor-row[data-vendor=acme]").click()
    wait.until(lambda d: len(table()) > len(found["closed"]))
    found["open"] = table()
    shot("vendors")
    found["console"] = [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/vendors-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
