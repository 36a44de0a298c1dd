"""Present's step changes, as a presenter's clicker makes them: time to the next step drawn, and
how long the map showed nothing meanwhile.

``python bench/present_steps.py ROUNDS CHECKOUT [CHECKOUT ...]``, e.g.
``python bench/present_steps.py 3 /tmp/main-before .``: one server per checkout on the shipped
data, then ROUNDS rounds, each walking every checkout through all the steps at 1280 x 720 in the
projector theme (Page Down, as a clicker sends it), the checkouts' order reversed every other
round. For each step it reads, frame by frame in Chromium: milliseconds from the key press to
the step drawn (its heading shown, the page's run ended, the map framed on the step's box with
its symbols drawn), milliseconds in which the map showed no symbol, and whether the map's frame
was replaced. Prints the medians over steps and rounds per checkout, the total blank time of a
walk, and the load average: on a shared machine, compare the checkouts within one run.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402
from lib.events import DEFAULT_DATA_DIR, load_dataset  # noqa: E402
from lib.narrative import first_narrative, resolve_step  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SIZE = {"width": 1280, "height": 720}
STEP = """([heading, box]) => new Promise(resolve => {
  const first = document.querySelector('.st-key-present-map iframe');
  const seen = {blank: 0, replaced: false, ms: null};
  const started = performance.now();
  let last = started;
  function sample(now) {
    const f = document.querySelector('.st-key-present-map iframe');
    if (f !== first) seen.replaced = true;
    const c = f && f.contentDocument && f.contentDocument.querySelector('.leaflet-container');
    const drawn = c && c.querySelector('.ev-badge') && f.getBoundingClientRect().height > 100;
    if (!drawn) seen.blank += now - last;
    last = now;
    const L = f && f.contentWindow.L;
    const framed = drawn && L && c.getAttribute('data-framed') === L.latLngBounds(box).toBBoxString();
    const done = framed
      && document.querySelector('.st-key-present-heading')?.textContent.includes(heading)
      && document.querySelector('[data-testid=stApp]').getAttribute('data-test-script-state') === 'notRunning';
    if (done || now - started > 60000) {
      seen.ms = now - started;
      resolve(seen);
    } else requestAnimationFrame(sample);
  }
  requestAnimationFrame(sample);
})"""


def steps() -> list[tuple[str, list]]:
    """Each step's heading (English) and box, as the page resolves them."""
    dataset = load_dataset(DEFAULT_DATA_DIR)
    narrative = first_narrative(dataset)[1]
    found = []
    for number in range(1, len(narrative.steps) + 1):
        step = resolve_step(dataset, narrative, number)
        found.append((step.heading, [list(corner) for corner in step.bounds]))
    return found


def walk(browser, url: str, wanted: list[tuple[str, list]]) -> list[dict]:
    """Open Present at step 1 in a fresh tab and press Page Down to the last step."""
    page = browser.new_page(viewport=SIZE)
    page.goto(f"{url}/present?step=1&theme=projector", timeout=run.TIMEOUT)
    page.frame_locator(f".st-key-present-map {run.MAP_FRAME}").locator(
        ".leaflet-container[data-framed]"
    ).wait_for(timeout=run.TIMEOUT)
    page.wait_for_function("() => typeof window.__presentKeys === 'function'")
    run.wait_for_app(page, run.TIMEOUT, False)
    found = []
    for heading, box in wanted[1:]:
        page.evaluate(f"() => {{ window.__step = ({STEP})({json.dumps([heading, box])}); }}")
        page.keyboard.press("PageDown")
        found.append(page.evaluate("() => window.__step"))
    page.close()
    return found


def main() -> None:
    rounds = int(sys.argv[1])
    checkouts = {chr(ord("A") + i): Path(p).resolve() for i, p in enumerate(sys.argv[2:])}
    wanted = steps()
    home = Path(tempfile.mkdtemp(prefix="bench-present-"))
    servers = {}
    found: dict[str, list[dict]] = {key: [] for key in checkouts}
    loads = []
    try:
        for key, root in checkouts.items():
            servers[key] = run.Server(
                root / "app.py", DEFAULT_DATA_DIR, home / f"cache-{key}", home
            )
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for server in servers.values():  # the data validated, each step's map cached
                walk(browser, server.url, wanted)
            for index in range(rounds):
                order = list(checkouts) if index % 2 == 0 else list(checkouts)[::-1]
                for key in order:
                    found[key].extend(walk(browser, servers[key].url, wanted))
                loads.append(os.getloadavg()[0])
                print(f"round {index}: load {loads[-1]:.1f}", flush=True)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(home, ignore_errors=True)
    changes = len(wanted) - 1
    print(
        f"\n{changes} step changes x {rounds} rounds, load average {min(loads):.1f}-{max(loads):.1f}"
    )
    print(
        f"{'':<3}{'to drawn ms':>12}{'blank ms':>10}{'blank/walk':>12}{'new frames':>12}  checkout"
    )
    for key, runs in found.items():
        blank_walks = [
            sum(r["blank"] for r in runs[i : i + changes]) for i in range(0, len(runs), changes)
        ]
        print(
            f"{key:<3}{statistics.median(r['ms'] for r in runs):12.0f}"
            f"{statistics.median(r['blank'] for r in runs):10.0f}"
            f"{statistics.median(blank_walks):12.0f}"
            f"{sum(r['replaced'] for r in runs) / rounds:12.1f}  {checkouts[key]}"
        )


if __name__ == "__main__":
    main()
