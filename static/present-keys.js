/* Presentation clickers send arrow keys, Page Up / Page Down and space: turn those into clicks
 * on the Present page's own Previous / Next buttons, so a step changes exactly as by mouse.
 *
 * Mounted by lib/presenting.py as a Streamlit component (st.components.v2); it reads nothing
 * from the data and writes nothing to the page; it keeps the keyboard focus on the step buttons.
 */
export default function () {
  const NEXT = new Set(["ArrowRight", "ArrowDown", "PageDown", " ", "Spacebar"]);
  const PREV = new Set(["ArrowLeft", "ArrowUp", "PageUp"]);
  // a switch or a box to tick is an input too, but takes no arrow or page key: after the
  // projector switch was pressed from the keyboard, the clicker's keys reached nothing
  const EDITABLE =
    "input:not([type='checkbox']):not([type='radio']), textarea, select, [contenteditable=''], [contenteditable='true'], [role='combobox'], [role='slider'], [role='listbox']";

  function direction(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return null;
    if (event.key === " " && event.shiftKey) return "previous";
    if (NEXT.has(event.key)) return "next";
    if (PREV.has(event.key)) return "previous";
    return null;
  }

  // Space presses a focused button, link or switch, as everywhere else: on Previous or "Exit to
  // the map" it moved a step forward
  const PRESSABLE =
    "button, a[href], summary, input, [role='button'], [role='link'], [role='switch'], [role='checkbox'], [role='tab']";

  function onKey(event) {
    const which = direction(event);
    const target = event.target;
    if (!which || (target && target.closest && target.closest(EDITABLE))) return;
    if (event.key === " " && target && target.closest && target.closest(PRESSABLE)) return;
    const button = document.querySelector(`.st-key-present-${which} button`);
    if (!button) return;
    event.preventDefault();
    event.stopPropagation();
    // from inside the map, whose frame the new step redraws: the focus comes to this button
    if (target && target.ownerDocument !== document) lastNav = which;
    if (!button.disabled) button.click();
  }

  // A click on the map moves the keyboard focus into its frame: listen there too.
  function onBlur() {
    const frame = document.activeElement;
    if (!frame || frame.tagName !== "IFRAME") return;
    try {
      const inner = frame.contentWindow;
      if (inner && !inner.__presentKeys) {
        inner.__presentKeys = true;
        inner.addEventListener("keydown", onKey, true);
      }
    } catch (error) {
      // a frame from another origin keeps its keys
    }
  }

  // Next at the last step (Previous at the first) turns disabled under the keyboard's focus,
  // which then falls to the page: a keyboard user had to find the buttons again. The focus goes
  // back to the same button, redrawn by the rerun, or, once it is disabled, to the step count
  // ("Step 12 of 12") beside it: there a further Enter does nothing (on the other button it went
  // a step back), and Tab reaches the buttons again.
  const NAV = ".st-key-present-next, .st-key-present-previous";
  let lastNav = null;
  function onFocusIn(event) {
    const key = event.target && event.target.closest && event.target.closest(NAV);
    lastNav = key ? (key.matches(".st-key-present-next") ? "next" : "previous") : null;
  }
  function onPointerDown(event) {
    if (!(event.target && event.target.closest && event.target.closest(NAV))) lastNav = null;
  }
  function keepFocus() {
    const active = document.activeElement;
    if (!lastNav || (active && active !== document.body)) return;
    const button = document.querySelector(`.st-key-present-${lastNav} button`);
    if (button && !button.disabled) {
      button.focus();
      return;
    }
    const count = document.querySelector(".st-key-present-header [data-testid='stProgress']");
    if (count) {
      count.tabIndex = -1;
      count.focus();
    }
  }
  const observer = new MutationObserver(keepFocus);

  if (window.__presentKeys) window.__presentKeys();
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("blur", onBlur);
  document.addEventListener("focusin", onFocusIn);
  document.addEventListener("pointerdown", onPointerDown, true);
  observer.observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ["disabled"],
  });
  const stop = () => {
    window.removeEventListener("keydown", onKey, true);
    window.removeEventListener("blur", onBlur);
    document.removeEventListener("focusin", onFocusIn);
    document.removeEventListener("pointerdown", onPointerDown, true);
    observer.disconnect();
    if (window.__presentKeys === stop) window.__presentKeys = null;
  };
  window.__presentKeys = stop;
  return stop;
}
