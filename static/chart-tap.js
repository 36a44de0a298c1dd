/* A tap on a chart's mark opens what a click on it opens.
 *
 * Plotly selects the mark under the last hover. A finger gives no hover before its tap, so on a
 * phone the first tap on a timeline mark only showed its hover label, and a second tap opened
 * the event, though the chart's caption says "tap it". A touch on a chart now moves plotly's
 * hover there first, as a mouse does on its way to a click.
 * No "<" before a letter, "/" or "!" anywhere in this file: Streamlit's sanitizer drops a
 * script whose text has one.
 */
(function chartTap() {
  if (window.__chartTap) return;
  window.__chartTap = true;
  document.addEventListener("touchstart", (event) => {
    const touch = event.touches[0];
    const target = event.target;
    if (event.touches.length !== 1 || !target.closest || !target.closest(".js-plotly-plot .nsewdrag")) return;
    target.dispatchEvent(new MouseEvent("mousemove", {
      clientX: touch.clientX, clientY: touch.clientY, bubbles: true, cancelable: true, view: window,
    }));
  }, { capture: true, passive: true });
})();
