"""Drives the Taxonomy and Sync pages in Debian's headless chromium for
govern_browser_test.cpp.

usage: govern_check.py URL SCREENSHOT_DIR LEAD_TOKEN ANNOTATOR_TOKEN

Opens URL (a lead's login), reads the taxonomy tree and a category's
details, edits the category "shipping" through the page's form, tries a move
the taxonomy refuses and reads the message the page shows, watches a change
posted past the browser (LEAD_TOKEN) appear without a reload; then on the
Sync page syncs, reads the conflict the sync recorded, resolves it taking
theirs, and watches a sync posted past the browser update the page. Then
logs in as an annotator (ANNOTATOR_TOKEN) and reads both pages without their
controls. Saves screenshots. Prints one JSON object of findings; the C++ test decides what
passes.
"""
import json
import sys
import urllib.request

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

import chromium  # tests/web/chromium.py, beside this file

url, shots, token, annotator = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
base = url.split('/?')[0]
found = {"alerts": [], "console": [], "errors": []}

driver, wait = chromium.start(1400, 1000, 30)


def alert_check(where):
    chromium.record_alert(driver, found, where)


def text_of(css):
    return driver.find_element(By.CSS_SELECTOR, css).get_attribute("textContent")


def status():
    return text_of("#status")


def post(path, body):
    request = urllib.request.Request(
        base + path, method="POST", data=json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return answer.status


def click(css):
    driver.find_element(By.CSS_SELECTOR, css).click()


try:
    driver.get(url)
    wait.until(lambda d: "/label" in d.current_url)

    # --- Taxonomy ------------------------------------------------------------
    driver.get(base + "/taxonomy")
    wait.until(lambda d: "Ready" in status())
    alert_check("taxonomy")
    found["nav"] = [a.get_attribute("textContent") for a in driver.find_elements(By.CSS_SELECTOR, "nav a")]
    found["tree"] = [li.get_attribute("textContent") for li in driver.find_elements(By.CSS_SELECTOR, "#tree li")]
    found["tree_names"] = [s.get_attribute("textContent")
                           for s in driver.find_elements(By.CSS_SELECTOR, "#tree li .name")]
    click('#tree li[data-id="billing"]')
    found["billing_title"] = text_of("#details h2.title")
    found["billing_definition"] = text_of("#details .definition")
    click('#tree li[data-id="billing.refund"]')
    found["refund_title"] = text_of("#details h2.title")
    found["refund_details"] = text_of("#details")
    alert_check("taxonomy details")
    driver.save_screenshot(shots + "/taxonomy.png")

    # A lead edits shipping through the form.
    click('#tree li[data-id="shipping"]')
    click("#edit")
    wait.until(lambda d: d.find_element(By.ID, "editor").is_displayed())
    definition = driver.find_element(By.CSS_SELECTOR, '#editor textarea[name="definition"]')
    definition.clear()
    definition.send_keys("Parcels, boxes and their delivery.")
    driver.find_element(By.CSS_SELECTOR, '#editor textarea[name="include"]').send_keys("asks where a parcel is")
    driver.find_element(By.CSS_SELECTOR, '#editor input[name="sensitive"]').click()
    driver.save_screenshot(shots + "/taxonomy-edit.png")
    click("#save")
    wait.until(lambda d: "Edited category shipping" in status())
    found["edit_status"] = status()
    found["shipping_details"] = text_of("#details")

    # A move the taxonomy refuses: the page shows the server's message.
    click('#tree li[data-id="billing"]')
    ActionChains(driver).send_keys("m").perform()
    wait.until(lambda d: d.find_element(By.ID, "editor").is_displayed())
    Select(driver.find_element(By.CSS_SELECTOR, '#editor select[name="parent"]')).select_by_value("billing.refund")
    click("#save")
    wait.until(lambda d: text_of("#form-error") != "")
    found["move_error"] = text_of("#form-error")
    found["move_status"] = status()
    driver.save_screenshot(shots + "/taxonomy-error.png")
    click("#cancel")

    # A change made past the browser shows without a reload.
    found["live_post"] = post("/api/v1/taxonomy/categories/shipping/edit", {"name": "Shipping (changed elsewhere)"})
    try:
        WebDriverWait(driver, 10).until(
            lambda d: "Shipping (changed elsewhere)" in text_of("#tree"))
        found["taxonomy_live"] = True
    except TimeoutException:
        found["taxonomy_live"] = False

    # --- Sync ----------------------------------------------------------------
    driver.get(base + "/sync")
    wait.until(lambda d: "Ready" in status())
    alert_check("sync")
    found["remote_rows"] = [r.get_attribute("textContent") for r in driver.find_elements(By.CSS_SELECTOR, "#remotes tr")]
    found["conflicts_before"] = text_of("#conflicts")
    driver.save_screenshot(shots + "/sync-before.png")
    click('#remotes tr[data-remote="origin"] button.sync')
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#conflicts .conflict")) == 1)
    wait.until(lambda d: "Synced" in status())
    alert_check("sync conflict")
    found["sync_status"] = status()
    found["conflict"] = {side: text_of("#conflicts .conflict pre." + side) for side in ("base", "ours", "theirs")}
    found["conflict_head"] = text_of("#conflicts .conflict > div")
    found["last_sync_after"] = text_of('#remotes tr[data-remote="origin"] .last-sync')
    driver.save_screenshot(shots + "/sync-conflict.png")
    click("#conflicts .conflict button.take-theirs")
    wait.until(lambda d: len(d.find_elements(By.ID, "no-conflicts")) == 1)
    found["resolve_status"] = status()
    driver.save_screenshot(shots + "/sync.png")

    # A sync posted past the browser updates the page by itself.
    before = text_of('#remotes tr[data-remote="origin"] .last-sync')
    found["live_sync_post"] = post("/api/v1/sync", {"remote": "origin"})
    try:
        WebDriverWait(driver, 10).until(
            lambda d: text_of('#remotes tr[data-remote="origin"] .last-sync') != before)
        found["sync_live"] = True
    except TimeoutException:
        found["sync_live"] = False
    found["last_sync_live"] = text_of('#remotes tr[data-remote="origin"] .last-sync')
    alert_check("sync end")

    # --- An annotator reads both pages, without their controls ---------------
    driver.get(base + "/?token=" + annotator)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/taxonomy")
    wait.until(lambda d: "Ready" in status())
    found["annotator_mode"] = text_of("#mode")
    found["annotator_controls"] = len(driver.find_elements(By.CSS_SELECTOR, "#edit, #move, #deprecate")) + \
        len([b for b in driver.find_elements(By.ID, "add") if b.is_displayed()])
    driver.save_screenshot(shots + "/taxonomy-annotator.png")
    driver.get(base + "/sync")
    wait.until(lambda d: "Ready" in status())
    found["annotator_sync_controls"] = len(driver.find_elements(By.CSS_SELECTOR, "button"))
    found["annotator_sync_mode"] = text_of("#mode")
    found["console"] = [e["message"] for e in driver.get_log("browser")]
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    try:
        driver.save_screenshot(shots + "/govern-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
