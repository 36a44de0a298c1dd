/* Keep the keyboard focus where a keyboard user left it: on a download button while Streamlit
 * makes its file, and (below) near the event whose dialog was closed.
 *
 * A download whose file is made on a click (Streamlit's deferred data: every image and data
 * file here) disables its button until the file arrives; a disabled button loses the focus to
 * the page, and the next Tab started again at "Skip to main content", thirty stops back. The
 * button pressed gets the focus back once it is enabled again, unless the viewer has moved on.
 * No "<" before a letter, "/" or "!" anywhere in this file: Streamlit's sanitizer drops a
 * script whose text has one.
 */
(function keepDownloadFocus() {
  if (window.__downloadFocus) return;
  const BUTTON = '[data-testid="stDownloadButton"] button';
  const state = { pressed: null, disabled: false };
  window.__downloadFocus = state;

  function pressed(event) {
    const button = event.target.closest ? event.target.closest(BUTTON) : null;
    state.pressed = button;
    state.disabled = false;
  }
  // a press on the button, or anywhere else (the viewer moved on: their choice stands)
  document.addEventListener("pointerdown", pressed, true);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") pressed(event);
  }, true);
  document.addEventListener("focusin", (event) => {
    if (state.pressed && event.target !== state.pressed) state.pressed = null;
  }, true);

  // only a button that was disabled while its file was made gets the focus back, once
  function restore() {
    const button = state.pressed;
    if (!button) return;
    if (!button.isConnected) {
      state.pressed = null;
      return;
    }
    if (button.disabled) {
      state.disabled = true;
      return;
    }
    if (!state.disabled) return;
    state.pressed = null;
    const active = document.activeElement;
    if (active === null || active === document.body) button.focus();
  }
  new MutationObserver(restore).observe(document.body, {
    subtree: true,
    attributes: true,
    attributeFilter: ["disabled"],
  });
})();

/* A dialog closed (an event's, opened from a shared link on the Timeline page) left the focus on
 * the page: the next Tab started again at "Skip to main content". It goes to that event's entry
 * in the day-by-day list, or to the page's main area where the entry is on another page of it.
 */
(function keepDialogFocus() {
  if (window.__dialogFocus) return;
  window.__dialogFocus = true;
  let open = false;
  function check() {
    const now = document.querySelector('[role="dialog"]') !== null;
    if (open && !now) {
      const active = document.activeElement;
      if (active === null || active === document.body) {
        const id = new URLSearchParams(window.location.search).get("event");
        const entry = id ? document.querySelector(".st-key-day-" + CSS.escape(id) + " button") : null;
        const main = document.querySelector('[data-testid="stMain"]');
        if (entry) entry.focus();
        else if (main) main.focus({ preventScroll: true });
      }
    }
    open = now;
  }
  new MutationObserver(check).observe(document.body, { childList: true, subtree: true });
})();

/* A change by keyboard that makes the page taller above the focus (the Projector switch in the
 * sidebar sets larger text) left the focused control off the screen: at 1024 x 768 the switch
 * ended at 1,209 px, and nothing a keyboard user could see had the focus. Once the app has run
 * again, a control that has the keyboard focus is scrolled back into view.
 */
(function keepFocusInView() {
  if (window.__focusInView) return;
  window.__focusInView = true;
  let byKeyboard = false;
  document.addEventListener("keydown", () => { byKeyboard = true; }, true);
  document.addEventListener("pointerdown", () => { byKeyboard = false; }, true);
  function check() {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!byKeyboard || !app || app.getAttribute("data-test-script-state") !== "notRunning") return;
    requestAnimationFrame(() => {
      const focused = document.activeElement;
      if (!focused || focused === document.body || focused.closest('[data-testid="stMain"]') === focused) return;
      const box = focused.getBoundingClientRect();
      if (box.height && (box.top < 0 || box.bottom > window.innerHeight)) {
        focused.scrollIntoView({ block: "center" });
      }
    });
  }
  new MutationObserver(check).observe(document.body, {
    subtree: true,
    attributes: true,
    attributeFilter: ["data-test-script-state"],
  });
})();
