"""Debian's chromium, driven by selenium through Debian's chromedriver: nothing is downloaded.

Used by the report's browser tests and by `python tests/docs_sync.py --screenshot`. Passing the
driver's path makes selenium skip Selenium Manager (which would look for a browser online), and
chromium is started so that it cannot reach the network by itself: without the resolver rule and the
dead proxy, it looks up Google's hosts at start even with background networking disabled.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install --no-install-recommends chromium chromium-driver fonts-dejavu-core"
FLAGS = (
    "--headless=new",
    "--no-sandbox",  # chromium refuses to run as root with its sandbox, and CI runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--disable-features=MediaRouter,OptimizationHints,Translate",
    "--no-first-run",
    "--no-default-browser-check",
    "--metrics-recording-only",
    "--password-store=basic",
    "--use-mock-keychain",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--lang=en-US",
    "--window-size=1280,900",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",  # no DNS at all
    "--proxy-server=127.0.0.1:9",  # and any other address, even a literal one, meets a closed port
)
# Addresses a page may load without the network.
LOCAL = ("file://", "data:", "about:", "chrome-error://")


def available() -> bool:
    return CHROMIUM.is_file() and CHROMEDRIVER.is_file()


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A headless chromium whose DevTools network events are logged (see `requests`)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    options.add_experimental_option("perfLoggingPrefs", {"enableNetwork": True, "enablePage": False})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        yield driver
    finally:
        driver.quit()


def open_page(driver: Any, page: Path) -> list[dict[str, str]]:
    """Load `page` and return every request it tried (see `requests`)."""
    driver.get_log("performance")  # forget what earlier pages did
    driver.get_log("browser")
    driver.get(page.as_uri())
    return requests(driver)


def requests(driver: Any) -> list[dict[str, str]]:
    """Every request since the log was last read, from DevTools' network events: each request
    sent, each web socket opened, and each request blocked before it left (by the CSP)."""
    found = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        method, parameters = message["method"], message.get("params", {})
        if method == "Network.requestWillBeSent":
            found.append({"event": method, "url": parameters["request"]["url"]})
        elif method == "Network.webSocketCreated":
            found.append({"event": method, "url": parameters["url"]})
        elif method == "Network.loadingFailed" and parameters.get("blockedReason"):
            found.append({"event": method, "blocked": parameters["blockedReason"]})
    return found


def remote(found: list[dict[str, str]]) -> list[dict[str, str]]:
    """The requests that would leave the machine."""
    return [request for request in found if "url" in request and not request["url"].startswith(LOCAL)]


def refused(driver: Any) -> list[str]:
    """What the Content-Security-Policy refused, from the console."""
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


def screenshot(driver: Any, path: Path, width: int, *, height: int | None = None) -> dict[str, float]:
    """A screenshot of the page laid out `width` CSS pixels wide (a phone below 600): the whole
    page, or its top `height` pixels. Returns the page's laid-out size."""
    mobile = width < 600
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 844 if mobile else 900, "deviceScaleFactor": 1, "mobile": mobile},
    )
    try:
        size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": height or size["height"], "scale": 1}
        shot = driver.execute_cdp_cmd(
            "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
        )
        path.write_bytes(base64.b64decode(shot["data"]))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return {"width": size["width"], "height": size["height"]}


# The README's screenshot: the report of the shipped data, with a claim card open over its overview.
README_SCREENSHOT = Path(__file__).resolve().parents[1] / "docs" / "report.png"
SHOWN_CLAIM = "ken-pledge-1000-2023-09"


def refresh_readme_screenshot(page: Path, profile: Path) -> Path:
    """Write docs/report.png from `page`, 1280 by 800 CSS pixels, as a reader sees it after
    following the link of Kenya's pledge."""
    with chromium(profile) as driver:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False},
        )
        driver.get(f"{page.as_uri()}#claim-{SHOWN_CLAIM}")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    README_SCREENSHOT.write_bytes(base64.b64decode(shot["data"]))
    return README_SCREENSHOT
