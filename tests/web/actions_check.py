"""Drives the Actions page in Debian's headless chromium for
review_browser_test.cpp.

usage: actions_check.py URL SCREENSHOT_DIR

Opens URL (a lead's login link), goes to the Actions page, reads the model
selector, the summary and each action as a person sees it, queues the
relabel action as plan "fix-web" ("Queue relabel"), then queues it again
under the same name and reads the refusal; saves screenshots.
Prints one JSON object of findings; the C++ test decides what passes.
"""
import json
import sys

from selenium.webdriver.common.by import By

import chromium  # tests/web/chromium.py, beside this file

url, shots = sys.argv[1], sys.argv[2]
base = url.split('/?')[0]
found = {"alerts": [], "console": [], "errors": []}

driver, wait = chromium.start(1400, 1000, 20, "--force-device-scale-factor=1")


def text(element_id):
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def shot(name):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, max(900, height + 120))
    driver.save_screenshot(shots + "/" + name + ".png")


try:
    driver.get(url)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/actions")
    wait.until(lambda d: "Updated" in text("status"))
    chromium.record_alert(driver, found, "actions")
    found["models"] = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#model option")]
    found["summary"] = text("summary")
    found["actions"] = [{"kind": a.get_attribute("data-kind"), "rank": a.get_attribute("data-rank"), "text": a.text}
                        for a in driver.find_elements(By.CSS_SELECTOR, ".action")]
    shot("actions")
    relabel = driver.find_element(By.CSS_SELECTOR, ".action[data-kind=relabel]")
    name = relabel.find_element(By.CSS_SELECTOR, "input.plan-name")
    name.clear()
    name.send_keys("fix-web")
    relabel.find_element(By.CSS_SELECTOR, "button.queue").click()
    wait.until(lambda d: relabel.find_element(By.CSS_SELECTOR, "div.queued").text != "")
    found["queued"] = relabel.find_element(By.CSS_SELECTOR, "div.queued").text
    found["queued_link"] = relabel.find_element(By.CSS_SELECTOR, "div.queued a").get_attribute("href")
    relabel.find_element(By.CSS_SELECTOR, "button.queue").click()
    wait.until(lambda d: "error" in relabel.find_element(By.CSS_SELECTOR, "div.queued").get_attribute("class"))
    found["refused"] = relabel.find_element(By.CSS_SELECTOR, "div.queued").text
    found["status"] = text("status")
    shot("actions-queued")
    found["console"] = [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/actions-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
