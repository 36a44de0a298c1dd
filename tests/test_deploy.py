"""Several replicas behind nginx: health, sticky sessions, the websocket through the proxy."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser import open_page, wait_for_app
from tests.conftest import ROOT, _free_port

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, int]]:
    """Two replicas behind nginx, started by the same script as `make serve-replicas`."""
    if not Path(NGINX).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("nginx is missing: run `make nginx`")
        pytest.skip("nginx is missing: run `make nginx` (installs Debian's nginx)")
    run = tmp_path_factory.mktemp("replicas-run")
    listen, first = _free_port(), _free_port()
    while first + 1 == listen or not _port_free(first + 1):
        first = _free_port()
    env = {**os.environ, "RUN": str(run)}
    subprocess.run(
        [ROOT / "deploy" / "serve-replicas.sh", "2", str(listen), str(first)],
        env=env, check=True, timeout=180, capture_output=True,
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{listen}", run, first
    finally:
        subprocess.run([ROOT / "deploy" / "stop-replicas.sh"], env=env, timeout=60, check=False)


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def test_each_replica_runs_with_two_malloc_arenas(replicas):
    """Read by glibc when the process starts: with a thread per viewer's script, per-thread
    arenas kept what viewers who left had freed (docs/performance.md)."""
    _, run, _ = replicas
    pids = (run / "replicas.pids").read_text().split()
    assert len(pids) == 2
    for pid in pids:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        assert b"MALLOC_ARENA_MAX=2" in environ, pid


def test_the_proxy_config_is_valid_and_answers_health(replicas):
    url, run, _ = replicas
    check = subprocess.run(
        [NGINX, "-t", "-p", str(run), "-c", str(run / "nginx.conf")], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        assert response.read() == b"ok"
    conf = (run / "nginx.conf").read_text()
    assert "proxy_set_header Upgrade $http_upgrade" in conf
    assert re.search(r"proxy_read_timeout 1d;", conf)
    assert conf.count("max_fails=1") == 2


def test_each_replica_ran_the_app_before_the_proxy_opened(replicas):
    """The script run that leaves Streamlit's pages/ listing (lib/warm_up.py) is done on each
    replica's own port; the public gets a 404, as each request would run the whole app."""
    url, run, first = replicas
    for port in (first, first + 1):
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/_stcore/script-health-check", timeout=90
        ) as response:
            assert response.read() == b"ok"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{url}/_stcore/script-health-check", timeout=10)
    assert refused.value.code == 404
    assert "did not run cleanly" not in (run / "warm-up.log").read_text()


def _upstreams_by_route(run: Path) -> dict[str, set[str]]:
    seen: dict[str, set[str]] = defaultdict(set)
    for line in (run / "nginx-access.log").read_text().splitlines():
        match = re.search(r"upstream=(\S+) route=(\S+)", line)
        if match and match.group(1) != "-":
            seen[match.group(2)].add(match.group(1))
    return seen


def test_each_viewer_stays_on_one_replica_over_the_websocket(replicas, page: Page, browser):
    url, run, first = replicas
    # each fresh replica gets a first viewer at its root, as after a deploy: a first viewer's
    # first change can be reverted on a fresh server until st.navigation has run (issue 14)
    for port in (first, first + 1):
        warm = browser.new_context()
        open_page(warm.new_page(), f"http://127.0.0.1:{port}")
        warm.close()
    # Six viewers at least, more until both replicas have one (routes are random cookies
    # hashed by nginx: six alone all landed on one replica once in 32 runs); 16 at most
    readers: list[Page] = []
    while True:
        reader = page if not readers else browser.new_context().new_page()
        readers.append(reader)
        open_page(reader, url)
        search = reader.get_by_label("Search titles and descriptions")
        search.fill("Shetpe")
        search.press("Enter")
        reader.wait_for_url("**q=Shetpe**")
        wait_for_app(reader)
        expect(reader.locator('[data-testid="stException"]')).to_have_count(0)
        expect(reader.get_by_label("Search titles and descriptions")).to_have_value("Shetpe")
        routes = {
            c["value"]
            for r in readers
            for c in r.context.cookies()
            if c["name"] == "dashboard_route"
        }
        by_route = _upstreams_by_route(run)
        upstreams = {u for route in routes for u in by_route[route]}
        if (len(readers) >= 6 and len(upstreams) == 2) or len(readers) == 16:
            break
    assert len(routes) == len(readers)  # one route cookie per viewer
    for route in routes:
        assert len(by_route[route]) == 1, f"route {route} reached {by_route[route]}"
    assert len(upstreams) == 2  # the viewers are spread over both replicas (2 ** -15 by chance)
    for reader in readers[1:]:
        reader.context.close()
