/* Presentation clickers send arrow keys, Page Up / Page Down and space: turn those, and clicks
 * on the Present page's own Previous / Next buttons, into a request for a step by its number.
 *
 * Two presses before the first one's rerun clicked Next twice, and Streamlit merged the two
 * clicks into one: a double press went one step. A number asked for is not merged away (the
 * latest wins), and a press counts from the step last asked for until the page shows that
 * request done (`data.seq`, sent back by lib/presenting.py: `listen_for_keys`).
 *
 * Mounted by lib/presenting.py as a Streamlit component (st.components.v2) with the step shown,
 * the number of steps and the latest request done; it reads nothing from the data and writes
 * nothing to the page; it keeps the keyboard focus on the step buttons, and takes it into the
 * language menu when that opens.
 */
export default function (component) {
  const data = component && component.data ? component.data : {};
  const shown = Number.isInteger(data.step) ? data.step : null;
  const total = Number.isInteger(data.total) ? data.total : null;
  const asked = window.__presentAsked;
  if (asked && data.seq === asked.seq) window.__presentAsked = null; // drawn
  // kept across mounts: the script is mounted again on every run (its data is the step shown),
  // and the step's own rerun is when the focus falls
  const focus = window.__presentFocus || (window.__presentFocus = { lastNav: null });

  // ask for the step before or after the one shown (or last asked for); false if it cannot
  function go(which) {
    if (shown === null || total === null || !component.setTriggerValue) return false;
    // a request not done within 10 s is taken as lost: count from the step shown
    const pending = window.__presentAsked;
    const from = pending && Date.now() - pending.seq < 10000 ? pending.step : shown;
    const step = Math.min(Math.max(from + (which === "next" ? 1 : -1), 1), total);
    if (step === from) return true;
    const seq = Math.max(Date.now(), (window.__presentSeq || 0) + 1);
    window.__presentSeq = seq;
    window.__presentAsked = { step: step, seq: seq };
    component.setTriggerValue("go", { step: step, seq: seq });
    return true;
  }

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
    closeLanguages();
    // from inside the map: the focus comes to this button (the map stays, its symbols faded
    // and framed anew, and the focused one may be faded)
    if (target && target.ownerDocument !== document) {
      focus.lastNav = which;
      button.focus({ preventScroll: true });
    }
    if (!go(which) && !button.disabled) button.click();
  }

  // The language menu opens in a layer at the page's end: Tab from its button went on to "Exit
  // to the map" and into the map, and the languages came thirteen stops later. Once the menu is
  // drawn, the focus goes to its language shown (Tab and Shift+Tab move between the three).
  // The menu's opening reruns the page, which draws its buttons again: for two seconds a focus
  // that falls to the page (or stays on the menu's button) goes back to the language shown.
  const LANGUAGE_MENU = ".st-key-present_lang-menu button";
  function focusLanguages(frames) {
    const chosen =
      document.querySelector("[data-testid='stPopoverBody'] button[kind='primary']") ||
      document.querySelector("[data-testid='stPopoverBody'] button");
    const active = document.activeElement;
    const lost =
      !active || active === document.body || (active.closest && active.closest(LANGUAGE_MENU));
    if (chosen && lost) chosen.focus();
    if (frames > 0) requestAnimationFrame(() => focusLanguages(frames - 1));
  }

  // A step asked for closes the menu here at once (lib/presenting.py closes it too): a step taken
  // while the menu's opening still ran left it open over the next step's map.
  function closeLanguages() {
    const open = document.querySelector(`${LANGUAGE_MENU}[aria-expanded='true']`);
    if (open) open.click();
  }

  // a click on Previous or Next (or Enter on it) asks as a key does: quick clicks were merged too
  function onClick(event) {
    const target = event.target;
    const menu = target && target.closest && target.closest(LANGUAGE_MENU);
    if (menu && menu.getAttribute("aria-expanded") !== "true") focusLanguages(120);
    const key = target && target.closest && target.closest(NAV);
    if (!key || !target.closest("button")) return;
    closeLanguages();
    if (go(key.matches(".st-key-present-next") ? "next" : "previous")) {
      event.preventDefault();
      event.stopPropagation();
    }
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
  function onFocusIn(event) {
    const key = event.target && event.target.closest && event.target.closest(NAV);
    focus.lastNav = key ? (key.matches(".st-key-present-next") ? "next" : "previous") : null;
  }
  function onPointerDown(event) {
    if (!(event.target && event.target.closest && event.target.closest(NAV))) focus.lastNav = null;
  }
  function keepFocus() {
    const active = document.activeElement;
    if (!focus.lastNav || (active && active !== document.body)) return;
    const button = document.querySelector(`.st-key-present-${focus.lastNav} button`);
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
  window.addEventListener("click", onClick, true);
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
    window.removeEventListener("click", onClick, true);
    window.removeEventListener("blur", onBlur);
    document.removeEventListener("focusin", onFocusIn);
    document.removeEventListener("pointerdown", onPointerDown, true);
    observer.disconnect();
    if (window.__presentKeys === stop) window.__presentKeys = null;
  };
  window.__presentKeys = stop;
  return stop;
}
