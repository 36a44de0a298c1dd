/* Keep the keyboard focus on a download button while Streamlit makes its file.
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
