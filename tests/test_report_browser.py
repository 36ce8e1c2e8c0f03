"""The report in a real browser: Debian's chromium, driven by selenium through Debian's chromedriver.

Nothing is downloaded at test time. The page must show the command line's figures, open a claim's
card from its figure, make no request of any kind (DevTools sees every request a page tries, and a
page that does reach out is caught: see the detector's own test), and show a hostile note as text.
Screenshots at 1280 and 390 CSS pixels are written to the test's temporary folder.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import stat
import threading
from pathlib import Path

import pytest

import browser

from conftest import CORPUS

# The test corpus's Kenyan pledge, with a note no page should obey.
HOSTILE_NOTE = '<script>alert(1)</script> "><img src=x onerror=alert(1)>'
PLEDGE = "ken-pledge-1000-2023-09"


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    if not browser.available():
        if os.environ.get("CI"):
            pytest.fail(f"CI needs chromium for the report's browser tests: {browser.INSTALL}")
        pytest.skip(f"needs Debian's chromium and chromedriver: {browser.INSTALL}")
    trap = _selenium_manager_trap(tmp_path_factory.mktemp("selenium-manager"))
    with pytest.MonkeyPatch.context() as environment:
        # Selenium Manager looks for browsers and drivers online; with the driver's path given it is
        # never run, and this proves it: the trap records any call.
        environment.setenv("SE_MANAGER_PATH", str(trap))
        environment.setenv("SE_OFFLINE", "true")
        with browser.chromium(tmp_path_factory.mktemp("chromium-profile")) as chromium:
            yield chromium
    assert not trap.with_name("called").exists(), "Selenium Manager was run"


def _selenium_manager_trap(folder: Path) -> Path:
    trap = folder / "selenium-manager"
    trap.write_text(f'#!/bin/sh\necho "$@" >> {folder / "called"}\nexit 1\n')
    trap.chmod(trap.stat().st_mode | stat.S_IEXEC)
    return trap


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The report of the test corpus, Kenya's pledge carrying the hostile note."""
    from typer.testing import CliRunner

    from haiti_mss.cli import app

    folder = tmp_path_factory.mktemp("report") / "project"
    shutil.copytree(CORPUS, folder)
    data = folder / "data" / "claims.yaml"
    text = data.read_text(encoding="utf-8")
    pledge = f"  - id: {PLEDGE}\n"
    assert text.count(pledge) == 1
    data.write_text(text.replace(pledge, f"{pledge}    note: '{HOSTILE_NOTE}'\n"), encoding="utf-8")
    previous = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, ["report", "report.html"], env={"MSS_TODAY": "2026-01-01"})
    finally:
        os.chdir(previous)
    assert result.exit_code == 0, result.output
    return folder / "report.html"


def by_css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def test_the_page_shows_the_figures_and_asks_for_nothing(driver, page):
    found = browser.open_page(driver, page)
    assert browser.remote(found) == []
    assert [request for request in found if request["event"] == "Network.loadingFailed"] == []
    assert browser.refused(driver) == []  # the CSP allowed all the page uses
    assert driver.title == "The MSS mission in Haiti: who pledged, who deployed, who paid — and who says so"
    assert [" ".join(element.text.split()) for element in by_css(driver, ".key-figures li")] == [
        "≤2,500 planned Sep 2024, 15 mo ago",
        "3,100 pledged Nov 2024, 13 mo ago",
        "≥400 deployed Sep 2024, 15 mo ago",
        "~$600M cost estimate Sep 2024, 15 mo ago",
        "≥$300M[54] contributed (total) Sep 2024",
        "not computed[55, 54] gap: cost − contributed",
    ]
    kenya = next(row for row in by_css(driver, "#troops-table tbody tr") if row.text.startswith("Kenya"))
    assert [cell.text for cell in kenya.find_elements("css selector", "td")] == [
        "Kenya (KEN)",
        "",
        "1,000 · Sep 2023, 2 yr 3 mo ago",
        "committed",
        "400 · Nov 2024, 13 mo ago",
        "600 · Sep 2023 − Nov 2024[7, 63]",
        "nations-join-kenya-mission-2023-09, unsc-debates-pko-2024-11",
    ]
    assert driver.execute_script("return document.scripts.length") == 0
    # At 1280 pixels the wide charts show, and the narrow ones (for phones) do not.
    assert [chart.is_displayed() for chart in by_css(driver, "svg.chart")] == [True, False, True, False]


def test_a_figure_opens_its_claim_card_and_a_chart_mark_does_too(driver, page):
    browser.open_page(driver, page)
    card = by_css(driver, f"#claim-{PLEDGE}")[0]
    assert card.value_of_css_property("position") == "static"
    by_css(driver, f"#troops-table a.fig[href='#claim-{PLEDGE}']")[0].click()
    assert driver.current_url.endswith(f"#claim-{PLEDGE}")
    assert card.value_of_css_property("position") == "fixed"  # lifted over the page
    assert card.is_displayed()
    assert (
        card.find_element("css selector", "mark").text
        == "Kenya has promised to provide 1,000 security personnel to Haiti."
    )
    assert "How this date was established: No dateline or headline" in card.text
    card.find_element("css selector", ".close").click()
    assert card.value_of_css_property("position") == "static"
    mark = by_css(driver, "#personnel .chart-wide svg a")[0]
    target = mark.get_dom_attribute("xlink:href")
    mark.click()
    assert target == "#claim-mission-planned-2500-2024-02"
    assert driver.current_url.endswith(target)
    assert by_css(driver, target)[0].value_of_css_property("position") == "fixed"


@pytest.mark.parametrize("policy", ["with the CSP", "without the CSP"])
def test_a_hostile_note_is_shown_as_text_and_runs_nothing(driver, page, tmp_path, policy):
    shown = page
    if policy == "without the CSP":  # escaping alone must make it inert
        html = page.read_text(encoding="utf-8")
        shown = tmp_path / "no-csp.html"
        shown.write_text(
            re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html), encoding="utf-8"
        )
    found = browser.open_page(driver, shown)
    note = next(value for value in by_css(driver, f"#claim-{PLEDGE} dd.text"))
    assert driver.execute_script("return arguments[0].textContent", note) == HOSTILE_NOTE
    assert note.find_elements("xpath", "./*") == []  # no element was made of it
    assert driver.execute_script("return document.querySelectorAll('script, img, iframe').length") == 0
    assert driver.execute_script("return window.alerted === undefined")
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 (asking is the test)
    assert browser.remote(found) == []


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_no_sideways_scrolling(driver, page, tmp_path, width):
    browser.open_page(driver, page)
    shot = tmp_path / f"report-{width}.png"
    size = browser.screenshot(driver, shot, width)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert size["width"] == width  # nothing makes the page wider than the screen
    print(f"screenshot: {shot} ({size['width']:.0f} × {size['height']:.0f})")


def test_on_a_phone_the_narrow_charts_show_and_a_card_fits(driver, page):
    browser.open_page(driver, page)
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        assert [chart.is_displayed() for chart in by_css(driver, "svg.chart")] == [False, True, False, True]
        by_css(driver, f"a.fig[href='#claim-{PLEDGE}']")[0].click()
        box = driver.execute_script(
            f"return document.getElementById('claim-{PLEDGE}').getBoundingClientRect().toJSON()"
        )
        assert box["left"] >= 0
        assert box["right"] <= 390
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_it_prints(driver, page):
    import base64

    browser.open_page(driver, page)
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 5


# --- The detector ------------------------------------------------------------------------------


@pytest.fixture
def local_server():
    """A server on 127.0.0.1, the only address chromium may reach: what it is asked for is what
    really left a page."""
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *_: object) -> None:
            """Quiet."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()


@pytest.mark.parametrize("policy", ["without a CSP", "with the report's CSP"])
def test_the_detector_sees_a_page_that_reaches_out(driver, tmp_path, local_server, policy):
    from haiti_mss.report.build import content_security_policy

    address, asked = local_server
    stylesheet = f"body{{background:url({address}/background.png)}}"
    head = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(stylesheet)}">'
    leaky = tmp_path / "leaky.html"
    leaky.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head if 'report' in policy else ''}"
        f"<style>{stylesheet}</style></head><body><img src='{address}/pixel.png' alt=''>"
        "<img src='https://cdn.example.invalid/x.png' alt=''></body></html>",
        encoding="utf-8",
    )
    found = browser.open_page(driver, leaky)
    tried = {request["url"] for request in browser.remote(found)}
    assert {f"{address}/pixel.png", "https://cdn.example.invalid/x.png"} <= tried  # seen either way
    if "report" in policy:
        assert asked == []  # blocked before it left
        assert {request["blocked"] for request in found if "blocked" in request} == {"csp"}
        assert any("img-src" in refusal for refusal in browser.refused(driver))
    else:
        assert sorted(asked) == ["/background.png", "/pixel.png"]
