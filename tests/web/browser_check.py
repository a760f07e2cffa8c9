"""Drives the web pages in Debian's headless chromium for browser_test.cpp.

usage: browser_check.py URL SCREENSHOT_DIR SECOND_TOKEN

Opens URL (with its login token), looks at an item of a calibration round
(the banner, others' labels hidden), labels five items by keyboard only on
the Label page (a category and an attribute each), types a bad number into
an attribute field and reads the message beside it, opens a media item,
reads what the pages show, waits for a label posted by a second user
(SECOND_TOKEN) to change the Quality page without a reload, and saves a
screenshot of every page. Prints one JSON object of findings; the C++ test
decides what passes.
"""
import json
import sys
import urllib.request

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

import chromium  # tests/web/chromium.py, beside this file

url, shots, second_token = sys.argv[1], sys.argv[2], sys.argv[3]
base = url.split('/?')[0]
own_token = url.split('token=')[1]
found = {"labeled": [], "alerts": [], "console": [], "errors": []}

driver, wait = chromium.start(1400, 900, 15)


def alert_check(where):
    chromium.record_alert(driver, found, where)


def text(element_id):
    return driver.find_element(By.ID, element_id).get_attribute("textContent")


def keys(*sequence):
    ActionChains(driver).send_keys(*sequence).perform()


def api(path):
    request = urllib.request.Request(base + path, headers={"Authorization": "Bearer " + own_token})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


def active_attr():
    return driver.switch_to.active_element.get_attribute("data-attr")


def open_label(fragment=""):
    driver.get("about:blank")  # a full load, even where only the #fragment differs
    driver.get(base + "/label" + fragment)
    wait.until(lambda d: "Ready" in text("status"))


def image_shown(selector):
    return driver.execute_script(
        "const i = document.querySelector(arguments[0]);"
        "return i ? i.complete && i.naturalWidth > 0 : false;", selector)


try:
    driver.get(url)
    wait.until(lambda d: d.current_url.endswith("/label") or "#item=" in d.current_url)
    wait.until(lambda d: "Ready" in text("status"))
    alert_check("label")
    found["first_item"] = text("item-id")
    found["first_text"] = driver.find_element(By.ID, "item-text").get_attribute("textContent")
    found["tree"] = [li.get_attribute("textContent") for li in driver.find_elements(By.CSS_SELECTOR, "#tree li")]
    found["details"] = text("details")
    driver.save_screenshot(shots + "/label.png")

    # An item of the calibration round: the banner, and the others' labels hidden.
    found["round_item"] = None
    for i in range(1, 9):
        if api("/api/v1/items/t%d" % i)["round"] is not None:
            found["round_item"] = "t%d" % i
            break
    if found["round_item"]:
        open_label("#item=" + found["round_item"])
        wait.until(lambda d: text("item-id") == found["round_item"])
        found["round_banner"] = text("round")
        found["round_banner_shown"] = driver.find_element(By.ID, "round").is_displayed()
        found["round_labels"] = text("labels")
        found["round_others_shown"] = len(driver.find_elements(By.CSS_SELECTOR, "#labels .other"))
        driver.save_screenshot(shots + "/label-round.png")
    open_label()

    # Five items by keyboard: a category, then its attribute by number key.
    found["attribute_focus"] = []
    for _ in range(5):
        before = text("item-id")
        keys("1")
        keys("a")
        wait.until(lambda d: active_attr() is not None)
        found["attribute_focus"].append(active_attr())
        keys("2")  # tone: angry; the form's last field, so the keys leave it
        wait.until(lambda d: active_attr() is None)
        keys(Keys.ENTER)
        wait.until(lambda d: text("item-id") != before)
        found["labeled"].append(before)
        alert_check("label " + before)
    found["status_after"] = text("status")
    found["progress"] = text("progress")

    # A bad number in an attribute field: the session's message beside it.
    keys("1", "2")  # billing and Refund: tone, then amount
    keys("a")
    wait.until(lambda d: active_attr() == "tone")
    keys("2")
    wait.until(lambda d: active_attr() == "amount")
    keys("12,5")
    try:
        WebDriverWait(driver, 10).until(
            lambda d: d.find_element(By.CSS_SELECTOR, '[data-msg="amount"]').get_attribute("textContent") != "")
    except TimeoutException:
        pass
    found["amount_message"] = driver.find_element(By.CSS_SELECTOR, '[data-msg="amount"]').get_attribute("textContent")
    found["attribute_fields"] = [e.get_attribute("data-attr") for e in driver.find_elements(By.CSS_SELECTOR, "#attributes [data-attr]")]
    driver.save_screenshot(shots + "/label-attributes.png")
    keys(Keys.ESCAPE)

    # Once labeled, the round item shows the others' labels.
    if found["round_item"]:
        open_label("#item=" + found["round_item"])
        wait.until(lambda d: text("item-id") == found["round_item"])
        if found["round_item"] not in found["labeled"]:
            keys("3", Keys.ENTER)  # shipping
            wait.until(lambda d: text("item-id") != found["round_item"])
            open_label("#item=" + found["round_item"])
            wait.until(lambda d: text("item-id") == found["round_item"])
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#labels .other")) > 0)
        found["round_banner_after"] = text("round")
        found["round_labels_after"] = text("labels")
        found["round_others_after"] = len(driver.find_elements(By.CSS_SELECTOR, "#labels .other"))
        driver.save_screenshot(shots + "/label-round-after.png")
    open_label()
    keys("/")
    found["filter_focused"] = driver.switch_to.active_element.get_attribute("id")
    keys("ship", Keys.ENTER)
    found["filtered"] = [li.get_attribute("textContent") for li in driver.find_elements(By.CSS_SELECTOR, "#tree li")]
    driver.save_screenshot(shots + "/label-filtered.png")

    driver.get(base + "/items")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) > 0)
    alert_check("items")
    found["items_rows"] = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#rows tr")]
    found["items_cells"] = [c.get_attribute("textContent") for c in driver.find_elements(By.CSS_SELECTOR, "#rows td:nth-child(3)")]
    try:
        WebDriverWait(driver, 10).until(lambda d: image_shown('#rows tr[data-id="x1"] img'))
    except TimeoutException:
        pass
    found["items_image"] = image_shown('#rows tr[data-id="x1"] img')
    driver.save_screenshot(shots + "/items.png")
    # The metadata filter.
    driver.find_element(By.ID, "meta").send_keys("kind=photo")
    try:
        WebDriverWait(driver, 10).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) == 1)
    except TimeoutException:
        pass
    found["meta_rows"] = [r.get_attribute("data-id") for r in driver.find_elements(By.CSS_SELECTOR, "#rows tr")]
    driver.save_screenshot(shots + "/items-filtered.png")

    # The media item on the Label page: the image inline.
    open_label("#item=x1")
    wait.until(lambda d: text("item-id") == "x1")
    try:
        WebDriverWait(driver, 10).until(lambda d: image_shown("#item-text img.media"))
    except TimeoutException:
        pass
    found["label_image"] = image_shown("#item-text img.media")
    driver.save_screenshot(shots + "/label-media.png")

    driver.get(base + "/log")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#rows tr")) > 0)
    found["log_rows"] = len(driver.find_elements(By.CSS_SELECTOR, "#rows tr"))
    driver.save_screenshot(shots + "/log.png")

    driver.get(base + "/quality")
    wait.until(lambda d: "Updated" in text("status"))
    alert_check("quality")
    found["alpha_before"] = text("overall")
    found["canvas_pixels"] = driver.execute_script(
        "const c = document.getElementById('per-category');"
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++; return n;")
    driver.save_screenshot(shots + "/quality.png")
    # A second user's label, sent past the browser: the page must follow by itself.
    request = urllib.request.Request(
        base + "/api/v1/labels", method="POST",
        data=json.dumps({"item": "t1", "categories": ["shipping"]}).encode(),
        headers={"Authorization": "Bearer " + second_token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        found["second_label_status"] = answer.status
    try:
        WebDriverWait(driver, 10).until(lambda d: text("overall") != found["alpha_before"])
        found["live_update"] = True
    except TimeoutException:
        found["live_update"] = False
    found["alpha_after"] = text("overall")
    driver.save_screenshot(shots + "/quality-after.png")
    found["console"] = [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
