"""A date in the pages' running text is never split over two lines ("stated 22" / "Dec 2011")."""

from __future__ import annotations

import json

import pytest

from tests.browser import open_page, wait_for_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

# Every "day month year" in the app's text outside figures: how many, and those whose words
# lie on more than one line.
DATES_SPLIT = r"""() => {
  const date = /(?<![\p{L}\p{N}_.,])\d{1,2}[ \u00a0]\p{L}{3,}\.?[ \u00a0]\d{4}/gu;
  const app = document.querySelector('[data-testid="stApp"]');
  const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
  let found = 0;
  const split = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg')) continue;  // figures wrap their own lines
    for (const match of node.data.matchAll(date)) {
      found += 1;
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rows = new Set([...range.getClientRects()].filter((r) => r.width > 0)
        .map((r) => Math.round(r.top)));
      if (rows.size > 1) split.push(node.data.slice(Math.max(0, match.index - 30),
                                                    match.index + match[0].length));
    }
  }
  return {found, split};
}"""


def _event_id(n: int) -> str:
    events = json.loads((ROOT / "data" / "events.geojson").read_text("utf-8"))
    return events["features"][n]["properties"]["id"]


@pytest.mark.parametrize(
    ("path", "width"),
    [
        ("?theme=projector", 1280),  # the overview's sources line and the stated figures
        ("", 390),
        ("?lang=ru", 1024),
        ("counts", 1024),  # the context figures' "Stated 22 Dec 2011"
        ("timeline?lang=ru", 390),  # the day-by-day entries
        ("timeline?lang=ru", 1024),
        ("map?lang=ru&event={event}", 390),  # the event's detail: when, description, figures
    ],
)
def test_no_date_in_the_text_is_split_over_two_lines(page, app_server, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    open_page(page, f"{app_server}/{path.format(event=_event_id(60))}")
    # the page has dates to keep whole (a fresh server's first visit reruns once: wait for them)
    page.wait_for_function(f"({DATES_SPLIT})().found >= 2")
    wait_for_app(page)  # and the page settled with them
    seen = page.evaluate(DATES_SPLIT)
    assert seen["found"] >= 2, seen
    assert seen["split"] == [], seen["split"]
