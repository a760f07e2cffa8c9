"""Drives the Taxonomy page's History and Proposals views in Debian's
headless chromium for governance_browser_test.cpp.

usage: governance_check.py BASE_URL SCREENSHOT_DIR LEAD_TOKEN ANNOTATOR_TOKEN

Logs in with LEAD_TOKEN (a lead who did not open the proposal), opens the
Taxonomy page's History view, reads the timeline, views the taxonomy as of
release 1.0.0, compares 1.0.0 with 1.1.0 field by field, reads the blame of
"shipping"; then in the Proposals view reads the proposal "refund-rules",
approves it with a rationale and merges it. Then logs in as an annotator and
tries to approve through the page. Saves screenshots (taxonomy_history.png,
taxonomy_proposal.png, ...). Prints one JSON object of findings; the C++
test decides what passes.
"""
import json
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import chromium  # tests/web/chromium.py, beside this file

base, shots, lead, annotator = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
found = {"alerts": [], "console": [], "errors": []}
HOSTILE = "<img src=x onerror=alert(1)>"

driver, wait = chromium.start(1500, 950, 30)


def alert_check(where):
    chromium.record_alert(driver, found, where)


def text_of(css):
    return driver.find_element(By.CSS_SELECTOR, css).get_attribute("textContent")


def texts(css):
    return attrs(css, "textContent")


def attrs(css, name):
    """One read in the page, so a list re-rendered meanwhile is never half stale."""
    return driver.execute_script(
        "return [...document.querySelectorAll(arguments[0])].map((e) => arguments[1] === 'textContent' ?"
        " e.textContent : e.getAttribute(arguments[1]))", css, name)


def status():
    return text_of("#status")


def click(css):
    driver.find_element(By.CSS_SELECTOR, css).click()


def login(token):
    driver.get(base + "/?token=" + token)
    wait.until(lambda d: "/label" in d.current_url)
    driver.get(base + "/taxonomy")
    wait.until(lambda d: "Ready" in status())


try:
    login(lead)
    alert_check("taxonomy")
    found["tree_names"] = texts("#tree li .name")
    wait.until(lambda d: "open" in text_of("#tab-proposals"))
    found["proposal_tab"] = text_of("#tab-proposals")

    # --- History ---------------------------------------------------------------
    click("#tab-history")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#timeline li[data-commit]")) > 0)
    wait.until(lambda d: "As of" in text_of("#as-of-head"))
    found["timeline"] = texts("#timeline li[data-commit]")
    found["timeline_actions"] = attrs("#timeline li[data-commit]", "data-action")
    found["as_of_first"] = text_of("#as-of-head")
    # The taxonomy as of release 1.0.0, typed in.
    box = driver.find_element(By.ID, "as-of")
    box.clear()
    box.send_keys("1.0.0")
    click("#view-as-of")
    wait.until(lambda d: "release 1.0.0" in text_of("#as-of-head"))
    found["as_of_head"] = text_of("#as-of-head")
    found["as_of_names"] = texts("#as-of-tree li .name")
    # A timeline entry: the rename.
    click('#timeline li[data-action="category.rename"]')
    wait.until(lambda d: "release" not in text_of("#as-of-head"))
    found["as_of_rename_names"] = texts("#as-of-tree li .name")
    found["as_of_rename_focused"] = texts("#timeline li.focused")
    # The diff between the two releases (the fields come filled in).
    found["diff_inputs"] = [driver.find_element(By.ID, "diff-from").get_attribute("value"),
                            driver.find_element(By.ID, "diff-to").get_attribute("value")]
    click("#view-diff")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#diff li, #diff .error")) > 0)
    found["diff_lines"] = texts("#diff li")
    found["diff_rows"] = [[td.get_attribute("textContent") for td in tr.find_elements(By.TAG_NAME, "td")]
                          for tr in driver.find_elements(By.CSS_SELECTOR, "#diff tbody tr")]
    # Blame of shipping.
    Select(driver.find_element(By.ID, "blame-category")).select_by_value("shipping")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#blame tbody tr")) > 0)
    found["blame_name"] = [td.get_attribute("textContent")
                           for td in driver.find_elements(By.CSS_SELECTOR, '#blame tr[data-field="name"] td')]
    # A bad point: the server's one line, shown as text.
    box = driver.find_element(By.ID, "diff-to")
    box.clear()
    box.send_keys(HOSTILE)
    click("#view-diff")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#diff .error")) > 0)
    found["bad_point"] = text_of("#diff .error")
    box.clear()
    box.send_keys("1.1.0")
    click("#view-diff")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#diff tbody tr")) > 0)
    alert_check("history")
    driver.save_screenshot(shots + "/taxonomy_history.png")

    # --- Proposals ---------------------------------------------------------------
    click("#tab-proposals")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, '#proposals tr[data-name="refund-rules"]')) == 1)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#proposal h2")) == 1)
    found["list_row"] = text_of('#proposals tr[data-name="refund-rules"]')
    found["list_state"] = text_of('#proposals tr[data-name="refund-rules"] .state')
    found["list_approval"] = text_of('#proposals tr[data-name="refund-rules"] .approval')
    found["rationale"] = text_of("#proposal .rationale")
    found["proposal_fields"] = [[td.get_attribute("textContent") for td in tr.find_elements(By.TAG_NAME, "td")]
                                for tr in driver.find_elements(By.CSS_SELECTOR, "#proposal table.fields tbody tr")]
    found["impact"] = [[td.get_attribute("textContent") for td in tr.find_elements(By.TAG_NAME, "td")]
                       for tr in driver.find_elements(By.CSS_SELECTOR, "#proposal table.impact tbody tr")]
    found["merge_disabled_before"] = driver.find_element(By.ID, "merge").get_attribute("disabled") is not None
    driver.save_screenshot(shots + "/taxonomy_proposal_open.png")
    driver.find_element(By.ID, "decide-why").send_keys(HOSTILE + " looks right")
    click("#approve")
    wait.until(lambda d: "Approved proposal refund-rules" in status())
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#proposal .decisions li")) == 1)
    found["approve_status"] = status()
    found["state_after"] = text_of("#proposal .state-line")
    found["list_state_after"] = text_of('#proposals tr[data-name="refund-rules"] .state')
    found["decision"] = text_of("#proposal .decisions li")
    found["decision_rationale"] = text_of("#proposal .decisions li .rationale")
    alert_check("approve")
    driver.save_screenshot(shots + "/taxonomy_proposal.png")
    click("#merge")
    wait.until(lambda d: "Merged proposal refund-rules" in status())
    found["merge_status"] = status()
    found["list_state_merged"] = text_of('#proposals tr[data-name="refund-rules"] .state')
    # The merge is in the history now.
    click("#tab-history")
    wait.until(lambda d: "proposal.merge" in attrs("#timeline li[data-commit]", "data-action"))
    found["timeline_after"] = texts("#timeline li[data-commit]")[:2]
    found["console"] = [e["message"] for e in driver.get_log("browser")]

    # --- An annotator reads, and the page has no decision controls -----------
    login(annotator)
    click("#tab-proposals")
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#proposal h2")) == 1)
    found["annotator_mode"] = text_of("#proposal-mode")
    found["annotator_controls"] = len(driver.find_elements(By.CSS_SELECTOR, "#approve, #reject, #merge"))
    driver.save_screenshot(shots + "/taxonomy_proposal_annotator.png")
    alert_check("annotator")
except Exception as e:  # reported, so the C++ test shows it
    found["errors"].append(repr(e))
    found["console"] += [e["message"] for e in driver.get_log("browser")]
    try:
        found["fetched"] = driver.execute_script(
            "return performance.getEntriesByType('resource').map((e) => e.name + ' ' + e.responseEnd)")
        found["failed_status"] = status()
        found["failed_page"] = driver.execute_script(
            "return [location.href, document.getElementById('view-proposals').hidden,"
            " document.getElementById('tab-proposals').className, document.getElementById('proposal').textContent]")
    except Exception:
        pass
    try:
        driver.save_screenshot(shots + "/governance-failure.png")
    except Exception:
        pass
finally:
    driver.quit()
print(json.dumps(found))
