"""Browser helpers: measure where a plotly chart's text lies against its box, the modebar and itself."""

from __future__ import annotations

MEASURE_JS = r"""() => {
  const visible = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.display === 'none' || style.visibility === 'hidden' || style.opacity === '0') {
        return false;
      }
    }
    return true;
  };
  const overlap = (a, b) => {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > 0 && h > 0 ? w * h : 0;
  };
  const out = [];
  const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  charts.forEach((chart, index) => {
    const box = chart.getBoundingClientRect();
    const bar = chart.querySelector('.modebar');
    const modebar = bar ? bar.getBoundingClientRect() : null;
    const texts = [];
    chart.querySelectorAll('.main-svg text').forEach((el) => {
      // hover labels come and go with the pointer; they are not part of the drawn figure
      if (el.closest('.hoverlayer')) return;
      if (!(el.textContent || '').trim() || !visible(el)) return;
      const turned = /rotate\((?!0)/.test(el.getAttribute('transform') || '');
      // a text of several lines is measured line by line: blocks laid over one another (the
      // timeline's period labels, one block per colour) each leave the other's lines blank
      const lines = el.querySelectorAll(':scope > tspan.line');
      (lines.length ? [...lines] : [el]).forEach((part) => {
        const content = (part.textContent || '').trim();
        if (!content) return;
        const r = part.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return;
        texts.push({text: content.slice(0, 60), r, turned});
      });
    });
    const problems = [];
    for (const t of texts) {
      const r = t.r;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
          || r.bottom > box.bottom + 1) {
        problems.push(`outside: "${t.text}" [${Math.round(r.left - box.left)}, `
          + `${Math.round(r.top - box.top)}, ${Math.round(r.right - box.left)}, `
          + `${Math.round(r.bottom - box.top)}] in ${Math.round(box.width)}x${Math.round(box.height)}`);
      }
      if (modebar && modebar.width > 0 && overlap(r, modebar) > 0) {
        problems.push(`under the modebar: "${t.text}"`);
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        // a turned label's box is far larger than its glyphs: not compared
        if (texts[i].turned || texts[j].turned) continue;
        const a = texts[i].r, b = texts[j].r;
        const shared = overlap(a, b);
        const smaller = Math.min(a.width * a.height, b.width * b.height);
        // glyph boxes of neighbouring lines touch: count only a real overlap
        if (shared > 0.25 * smaller) {
          problems.push(`overlap: "${texts[i].text}" / "${texts[j].text}"`);
        }
      }
    }
    const place = modebar
      ? [modebar.left - box.left, modebar.top - box.top, modebar.right - box.left,
         modebar.bottom - box.top].map(Math.round)
      : null;
    out.push({index, width: box.width, height: box.height, texts: texts.length, modebar: place,
              problems});
  });
  return out;
}"""
"""For every chart on the page: its box, how many texts it draws, and each text outside the box,
under the modebar, or over another text."""


def wait_charts(page, timeout: float = 30_000, count: int = 1) -> None:
    """Wait until the script has run and ``count`` or more plotly charts have drawn their text."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    page.wait_for_function(
        """(count) => {
            const app = document.querySelector('[data-testid="stApp"]');
            if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
            const charts = document.querySelectorAll('[data-testid="stPlotlyChart"]');
            return charts.length >= count && [...charts].every(
                c => c.querySelector('.main-svg .infolayer') && c.querySelector('.main-svg text'));
        }""",
        arg=count,
        timeout=timeout,
    )
