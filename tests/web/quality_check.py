"""Drives the Quality page in Debian's headless chromium for
quality_browser_test.cpp.

usage: quality_check.py URL SCREENSHOT_DIR SECOND_TOKEN

Opens URL (with its login token), goes to the Quality page, counts the
drawn pixels of each chart's canvas, reads the tables, picks another pair
of annotators for the heatmap, waits for a label posted by a second user
(SECOND_TOKEN, on t13, which nobody labeled) to change the annotators'
table without a reload, and saves screenshots of the whole page.
Prints one JSON object of findings; the C++ test decides what passes.
"""
import json
import sys
import urllib.request

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import chromium  # tests/web/chromium.py, beside this file

url, shots, second_token = sys.argv[1], sys.argv[2], sys.argv[3]
base = url.split('/?')[0]
found = {"alerts": [], "console": [], "errors": [], "pixels": {}}

driver, wait = chromium.start(1400, 2000, 20, "--force-device-scale-factor=1")

PIXELS = ("const c = document.getElementById(arguments[0]);"
          "if (!c.width || !c.height) return 0;"
          "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
          "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++; return n;")


def text(element_id):
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def rows(element_id):
    # Read in one script: the page may rebuild the table between two calls.
    return driver.execute_script(
        "return [...document.querySelectorAll('#' + arguments[0] + ' tr')]"
        ".map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));", element_id)


def alert_check(where):
    chromium.record_alert(driver, found, where)


def shot(name):
    # The whole page, however tall: the window grows to the document's height.
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, max(900, height + 120))
    driver.save_screenshot(shots + "/" + name + ".png")


try:
    driver.get(url)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/quality")
    wait.until(lambda d: "Updated" in text("status"))
    alert_check("quality")
    for canvas in ("per-category", "heatmap", "over-time", "round-chart"):
        found["pixels"][canvas] = driver.execute_script("return " + "(() => {" + PIXELS.replace(
            "arguments[0]", "'" + canvas + "'") + "})()")
    found["heatmap_size"] = driver.execute_script(
        "const c = document.getElementById('heatmap'); return [c.clientWidth, c.clientHeight];")
    found["conf_summary"] = text("conf-summary")
    found["most_confused"] = [li.get_attribute("textContent")
                              for li in driver.find_elements(By.CSS_SELECTOR, "#most-confused li")]
    found["standings"] = rows("standings")
    found["rounds"] = rows("rounds")
    found["round_head"] = [th.get_attribute("textContent")
                           for th in driver.find_elements(By.CSS_SELECTOR, "#round-head th")]
    found["over_time_note"] = text("over-time-note")
    shot("quality-full")

    # Another pair (ana against cy): the heatmap follows the choice.
    Select(driver.find_element(By.ID, "conf-b")).select_by_value("cy")
    wait.until(lambda d: text("conf-summary") != found["conf_summary"])
    found["conf_summary_ana"] = text("conf-summary")
    found["pixels"]["heatmap-ana"] = driver.execute_script(
        "return (() => {" + PIXELS.replace("arguments[0]", "'heatmap'") + "})()")

    # Per release: the labels before the first release, then 1.0.0.
    Select(driver.find_element(By.ID, "over-time-kind")).select_by_value("release")
    found["over_time_release_note"] = text("over-time-note")
    Select(driver.find_element(By.ID, "over-time-kind")).select_by_value("week")

    # A second user's label, sent past the browser: the annotators' table follows.
    before = rows("standings")
    request = urllib.request.Request(
        base + "/api/v1/labels", method="POST",
        data=json.dumps({"item": "t13", "categories": ["shipping"]}).encode(),
        headers={"Authorization": "Bearer " + second_token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        found["second_label_status"] = answer.status
    try:
        WebDriverWait(driver, 10).until(lambda d: rows("standings") != before)
        found["live_update"] = True
    except TimeoutException:
        found["live_update"] = False
    found["standings_after"] = rows("standings")
    shot("quality-after-label")
    found["console"] = [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/quality-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
