"""What the browser checks (browser_check.py, govern_check.py,
governance_check.py, quality_check.py) share: Debian's headless chromium
through selenium, and the alerts a page raised."""
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait


def start(width, height, wait_seconds, *extra_args):
    """A headless chromium with a window of width x height that keeps the
    page's console log, and a wait of wait_seconds on it."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--no-first-run",
                "--window-size=%d,%d" % (width, height)) + extra_args:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    return driver, WebDriverWait(driver, wait_seconds)


def record_alert(driver, found, where):
    """Dismisses an open alert, noting it in found["alerts"] with where."""
    try:
        alert = driver.switch_to.alert
        found["alerts"].append(where + ": " + alert.text)
        alert.dismiss()
    except NoAlertPresentException:
        pass
