"""Drives the Error analysis page in Debian's headless chromium for
review_browser_test.cpp.

usage: errors_check.py URL SCREENSHOT_DIR

Opens URL (its login link), goes to the Error analysis page, counts the
drawn pixels of the Pareto and trend charts, reads the overall rate, the
Pareto table and the breakdowns, then narrows the report (by category
only, trend per day; then since a date after every review) and reads it
again, and saves screenshots.
Prints one JSON object of findings; the C++ test decides what passes.
"""
import json
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import chromium  # tests/web/chromium.py, beside this file

url, shots = sys.argv[1], sys.argv[2]
base = url.split('/?')[0]
found = {"alerts": [], "console": [], "errors": [], "pixels": {}}

driver, wait = chromium.start(1400, 1500, 20, "--force-device-scale-factor=1")

PIXELS = ("const c = document.getElementById(arguments[0]);"
          "if (!c.width || !c.height) return 0;"
          "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
          "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++; return n;")


def text(element_id):
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def rows(selector):
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])]"
        ".map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText));", selector)


def read():
    return {"overall": driver.find_element(By.ID, "overall").text, "counts": text("counts"),
            "pareto": rows("#pareto-rows tr"), "pareto_note": text("pareto-note"),
            "trend_note": text("trend-note"),
            "by": driver.execute_script(
                "return [...document.querySelectorAll('#breakdowns table')].map((t) => t.dataset.by)"),
            "category": rows("#breakdowns table[data-by=category] tbody tr"),
            "annotator": rows("#breakdowns table[data-by=annotator] tbody tr"),
            "pixels": {c: driver.execute_script(PIXELS, c) for c in ("pareto", "trend-chart")},
            "images_in_main": driver.execute_script("return document.querySelectorAll('main img').length")}


def shot(name):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, max(900, height + 120))
    driver.save_screenshot(shots + "/" + name + ".png")


try:
    driver.get(url)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/errors")
    wait.until(lambda d: "Updated" in text("status"))
    chromium.record_alert(driver, found, "errors")
    found["first"] = read()
    shot("errors")
    for box in driver.find_elements(By.CSS_SELECTOR, "#by input"):
        if box.get_attribute("value") != "category":
            box.click()
    Select(driver.find_element(By.ID, "trend")).select_by_value("day")
    wait.until(lambda d: " day" in text("trend-note") and
               len(d.find_elements(By.CSS_SELECTOR, "#breakdowns table")) == 1)
    found["narrowed"] = read()
    found["url"] = driver.current_url
    shot("errors-by-category-per-day")
    # Since a day after every review: nothing reviewed, said in words.
    driver.execute_script("const s = document.getElementById('since'); s.value = '2999-01-01';"
                          "s.dispatchEvent(new Event('change'));")
    wait.until(lambda d: "No reviewed labels since 2999-01-01" in d.find_element(By.ID, "overall").text)
    found["later"] = read()
    chromium.record_alert(driver, found, "errors narrowed")
    found["console"] = [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/errors-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
