"""Drives the Review page in Debian's headless chromium for
review_browser_test.cpp.

usage: review_check.py URL SCREENSHOT_DIR REFUSED_TOKEN

Opens URL (a reviewer's login link), goes to the Review page, reads what a
person sees (the plans, the card, the guidelines, the verdict choices),
then works the plan "lot" by keyboard only: accepts one label (a), rejects
the next (r, 1 for the first error type, n and a note typed in, Enter), and
corrects the next (c, a digit, Enter), reading the status line and the
lot's decision after each. Then logs in with REFUSED_TOKEN (someone who may
not review) and presses a: the session's refusal must show as one line.
Prints one JSON object of findings; the C++ test decides what passes.
"""
import json
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.support.ui import Select

import chromium  # tests/web/chromium.py, beside this file

url, shots, refused_token = sys.argv[1], sys.argv[2], sys.argv[3]
base = url.split('/?')[0]
found = {"alerts": [], "console": [], "errors": [], "steps": []}

driver, wait = chromium.start(1500, 1000, 20, "--force-device-scale-factor=1")


def text(element_id):
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def visible_text(element_id):
    return driver.find_element(By.ID, element_id).text


def keys(*sequence):
    ActionChains(driver).send_keys(*sequence).perform()


def alert_check(where):
    chromium.record_alert(driver, found, where)


def shot(name):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1500, max(900, height + 120))
    driver.save_screenshot(shots + "/" + name + ".png")


def card():
    return {"item": text("item-id"), "left": text("left"), "text": visible_text("item-text"),
            "label": visible_text("label"), "others": visible_text("others"),
            "guidelines": visible_text("guidelines"), "status": text("status"),
            "plan_status": visible_text("plan-status"), "lot": visible_text("lot")}


def wait_status(fragment):
    wait.until(lambda d: fragment in text("status"))


try:
    driver.get(url)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/review")
    wait.until(lambda d: text("item-id") != "" or "Nothing" in text("status"))
    alert_check("review")
    found["plan"] = Select(driver.find_element(By.ID, "plan")).first_selected_option.get_attribute("value")
    found["plans"] = driver.execute_script(
        "return [...document.querySelectorAll('#plans tr')].map((tr) => [...tr.querySelectorAll('td')]"
        ".map((td) => td.textContent));")
    found["first"] = card()
    found["rules"] = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#guidelines ol.rules li")]
    found["images_in_main"] = driver.execute_script("return document.querySelectorAll('main img').length")
    shot("review")

    # The plan "lot", by keyboard from here on.
    Select(driver.find_element(By.ID, "plan")).select_by_value("lot")
    wait.until(lambda d: "Plan lot" in visible_text("plan-status") and text("item-id") != "")
    driver.find_element(By.TAG_NAME, "body").click()
    found["lot_before"] = visible_text("lot")
    before = card()
    found["steps"].append({"do": "accept", "card": before})
    keys("a")
    wait_status("Accepted")
    found["after_accept"] = card()

    keys("r")
    wait.until(lambda d: d.find_element(By.ID, "reject-form").is_displayed())
    found["error_choices"] = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#error-choices li")]
    keys("1")
    keys("n")
    wait.until(lambda d: d.switch_to.active_element.get_attribute("id") == "note")
    keys("<img src=x onerror=alert('note')> wrong")
    found["chosen_errors"] = [li.get_attribute("data-id")
                              for li in driver.find_elements(By.CSS_SELECTOR, "#error-choices li.chosen")]
    found["steps"].append({"do": "reject", "card": card()})
    shot("review-reject-form")
    keys(Keys.ENTER)
    wait_status("Rejected")
    found["after_reject"] = card()
    alert_check("after reject")

    if text("item-id"):
        keys("c")
        wait.until(lambda d: d.find_element(By.ID, "correct-form").is_displayed())
        found["correct_choices"] = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#correct-choices li")]
        before_chosen = [li.get_attribute("data-id")
                         for li in driver.find_elements(By.CSS_SELECTOR, "#correct-choices li.chosen")]
        # Toggle the label's first category off and the third (shipping) on.
        order = [li.get_attribute("data-id") for li in driver.find_elements(By.CSS_SELECTOR, "#correct-choices li")]
        for cid in before_chosen:
            keys(str(order.index(cid) + 1))
        keys(str(order.index("shipping") + 1) if "shipping" not in before_chosen else str(order.index("billing") + 1))
        found["corrected_to"] = [li.get_attribute("data-id")
                                 for li in driver.find_elements(By.CSS_SELECTOR, "#correct-choices li.chosen")]
        # What was wrong: e switches the digits to the error types, 1 takes the first.
        keys("e", "1")
        found["correct_errors"] = [li.get_attribute("data-id")
                                   for li in driver.find_elements(By.CSS_SELECTOR, "#correct-errors li.chosen")]
        shot("review-correct-form")
        found["steps"].append({"do": "correct", "card": card()})
        keys(Keys.ENTER)
        wait_status("Corrected")
        found["after_correct"] = card()
    found["lot_after"] = visible_text("lot")
    found["decision"] = driver.execute_script(
        "const d = document.getElementById('decision'); return d ? d.textContent : null;")
    shot("review-after")
    found["console"] = [e["message"] for e in driver.get_log("browser")]

    # Someone who may not review: the session's refusal as one line.
    driver.get(base + "/?token=" + refused_token)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/review#plan=lot")
    wait.until(lambda d: text("item-id") != "" or "Nothing" in text("status"))
    found["refused_card"] = text("item-id")
    driver.find_element(By.TAG_NAME, "body").click()
    keys("a")
    wait.until(lambda d: text("review-error") != "")
    found["refused"] = text("review-error")
    found["refused_status"] = text("status")
    found["refused_status_class"] = driver.find_element(By.ID, "status").get_attribute("class")
    shot("review-refused")
    found["console"] += [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/review-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
