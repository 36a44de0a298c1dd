"""Browser: a viewer opens their own data (XSRF on), another does not see it; a restart under a page."""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from lib.i18n import t
from lib.own_data import checking_text
from lib.store import content_key
from lib.upload import read_upload, unpack
from tests.browser import open_page, save_screenshot, wait_for_app
from tests.conftest import ROOT, _free_port, _wait_healthy

pytestmark = pytest.mark.browser

SYNTHETIC = ROOT / "examples" / "synthetic-town"
CONNECTION = """(wanted) => document.querySelector('[data-testid="stApp"]')
    .getAttribute('data-test-connection-state') === wanted"""
SHIPPED_TITLE = json.loads((ROOT / "data" / "dataset.json").read_text("utf-8"))["title_en"]
SYNTHETIC_TITLE = json.loads((SYNTHETIC / "dataset.json").read_text("utf-8"))["title_en"]


def _zip_of(folder: Path, path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("events.geojson", "sources.csv", "counts.csv", "dataset.json"):
            archive.write(folder / name, name)
    return path


def _warm(browser, url: str) -> None:
    """Let a first viewer open the server's root: on a fresh server, the first change a first
    viewer makes can be reverted until st.navigation has run once (issue 14, fixed separately)."""
    context = browser.new_context()
    try:
        open_page(context.new_page(), url)
    finally:
        context.close()


def _open_own_data(page: Page, files: list[Path]) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Open your own data").click()
    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(files)
    for file in files:
        expect(sidebar.locator('[data-testid="stFileUploaderDropzone"]')).to_contain_text(file.name)
    sidebar.get_by_role("button", name="Open this data").click()
    wait_for_app(page)


def test_an_upload_is_opened_for_this_viewer_only(page: Page, app_server: str, browser, tmp_path):
    _warm(browser, app_server)
    open_page(page, app_server)
    expect(page.get_by_role("heading", level=1)).to_contain_text(SHIPPED_TITLE)
    _open_own_data(page, [_zip_of(SYNTHETIC, tmp_path / "synthetic-town.zip")])
    expect(page.get_by_role("heading", level=1)).to_contain_text(SYNTHETIC_TITLE)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    save_screenshot(page, "own-data-opened")

    # the map of the upload opens on its own extent and draws
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Map", exact=True).click()
    wait_for_app(page)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frame.locator(".leaflet-container")).to_be_visible()
    expect(frame.locator(".map-title, .leaflet-control").first).to_be_visible()

    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        second = other.new_page()
        open_page(second, app_server)
        expect(second.get_by_role("heading", level=1)).to_contain_text(SHIPPED_TITLE)
    finally:
        other.close()

    page.locator('[data-testid="stSidebarNav"]').get_by_text("Overview", exact=True).click()
    # the app may still show the map's finished run: wait for the overview itself (the clean
    # clone's run at 926ebb2 clicked Back on the map page, which stayed there)
    expect(page.get_by_role("heading", level=1)).to_contain_text(SYNTHETIC_TITLE)
    wait_for_app(page)
    page.get_by_role("button", name="Back to the dashboard's data").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(SHIPPED_TITLE)


def test_a_viewer_on_a_phone_sees_beside_the_button_that_the_upload_is_checked(
    page: Page, start_app, tmp_path
):
    """While an upload is checked (held here: another process holds its copy's lock, as a
    check of a few thousand events holds the viewer for a second or more), the spinner says so
    in the viewer's language, in the sidebar under the button, where a phone's reader looks
    (the main area is under the sidebar there)."""
    archive = _zip_of(SYNTHETIC, tmp_path / "synthetic-town.zip")
    # the folder the app unpacks it to holds the same files, so its copy has the same key
    key = content_key(unpack(read_upload([(archive.name, archive.read_bytes())]), tmp_path))
    cache = tmp_path / "cache"
    (cache / ".locks").mkdir(parents=True)
    url = start_app(
        ROOT / "data",
        {"EVENTS_CACHE_DIR": str(cache), "EVENTS_UPLOAD_DIR": str(tmp_path / "uploads")},
    )
    page.set_viewport_size({"width": 390, "height": 800})
    open_page(page, f"{url}/?lang=ru")
    page.locator(
        '[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button'
    ).first.click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(t("own.header", "ru")).click()
    # the control's own words are Russian too (Streamlit writes "Upload" and "per file")
    zone = sidebar.locator('[data-testid="stFileUploaderDropzone"]')
    expect(zone.get_by_role("button", name=t("own.browse", "ru"), exact=True)).to_be_visible()
    read = zone.aria_snapshot()  # what a screen reader reads, CSS-drawn text included
    assert t("own.limits", "ru", mb=20) in read, read
    assert "Upload" not in read and "per file" not in read, read
    assert "Upload" not in zone.inner_text() and "per file" not in zone.inner_text()
    opened = sidebar.locator('[data-testid="stExpander"]').element_handle()
    page.wait_for_function(  # the picture once the section has finished opening, not halfway
        "e => e.getAnimations({subtree: true}).length === 0", arg=opened
    )
    save_screenshot(page, "own-data-control-390-ru")
    sidebar.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(archive)
    expect(sidebar.locator('[data-testid="stFileUploaderDropzone"]')).to_contain_text(archive.name)
    with (cache / ".locks" / key).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as another process checking the same files
        sidebar.get_by_role("button", name=t("own.open", "ru")).click()
        waiting = sidebar.locator('[data-testid="stSpinner"]')
        expect(waiting).to_contain_text(checking_text([archive.stat().st_size], "ru"))
        expect(waiting).to_be_in_viewport()
        save_screenshot(page, "own-data-checking-390-ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text(SYNTHETIC_TITLE)
    wait_for_app(page)
    expect(page.locator('[data-testid="stSpinner"]')).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_an_invalid_upload_lists_its_problems_in_the_browser(
    page: Page, app_server, browser, tmp_path
):
    broken = tmp_path / "events.geojson"
    doc = json.loads((SYNTHETIC / "events.geojson").read_text("utf-8"))
    doc["features"][0]["properties"]["category"] = "riot"
    broken.write_text(json.dumps(doc), "utf-8")
    _warm(browser, app_server)
    open_page(page, app_server)
    _open_own_data(page, [broken, SYNTHETIC / "sources.csv", SYNTHETIC / "counts.csv"])
    expect(page.locator('[data-testid="stMain"] [data-testid="stAlert"]').first).to_contain_text(
        "Your upload was not opened: 1 problem. Still showing"
    )
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]')).to_contain_text(
        "Not opened: 1 problem, listed at the top of the page."
    )
    expect(page.locator('[data-testid="stCode"]').first).to_contain_text(
        "events.geojson:2023-03-01-bus-drivers-strike:category: unknown value 'riot'"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(SHIPPED_TITLE)


def test_an_upload_without_the_xsrf_token_is_refused(app_server: str):
    request = urllib.request.Request(
        f"{app_server}/_stcore/upload_file/some-session/some-file",
        data=b"--x\r\nContent-Disposition: form-data; name=file; filename=a\r\n\r\nx\r\n--x--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        method="PUT",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403


def _serve(port: int, home: Path) -> subprocess.Popen:
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(home)}
    env.pop("EVENTS_DATA_DIR", None)
    log = (home / f"restart-{port}.log").open("a")
    return subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true", "--server.address", "127.0.0.1",
            "--server.port", str(port), "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip


def test_a_restarted_server_restores_the_open_view(page: Page, browser_home: Path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = _serve(port, browser_home)
    try:
        _wait_healthy(url, server, 60)
        open_page(
            page, url
        )  # a first viewer at the root: see test_a_deep_link_works_on_a_fresh_server
        open_page(page, f"{url}/timeline?q=Shetpe&lane=claimant")
        expect(page.get_by_label("Search titles and descriptions")).to_have_value("Shetpe")
        shown = page.locator('[data-testid="stSidebar"]').get_by_text("events shown")
        before = shown.inner_text()
        server.terminate()
        server.wait(timeout=20)
        # the page notices the server is gone ...
        page.wait_for_function(f"() => !({CONNECTION})('CONNECTED')", timeout=30_000)
        expect(page.locator('[data-testid="stDialog"]')).to_be_visible()  # "Connection error"
        server = _serve(port, browser_home)
        _wait_healthy(url, server, 60)
        # ... and, once it is back, reconnects by itself and shows the same view from its link
        page.wait_for_function(CONNECTION, arg="CONNECTED", timeout=60_000)
        expect(page.locator('[data-testid="stDialog"]')).to_have_count(0)
        wait_for_app(page)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Timeline")
        expect(page.get_by_label("Search titles and descriptions")).to_have_value("Shetpe")
        expect(shown).to_have_text(before)
        assert "q=Shetpe" in page.url and "lane=claimant" in page.url
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
