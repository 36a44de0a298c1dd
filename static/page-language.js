/* Tell the browser, and so screen readers, which language the page is in, and put Streamlit's
 * own English words on the page in the viewer's language: the "Skip to main content" link, the
 * "Page not found" dialog, every dialog's close button, and the names Streamlit gives its own
 * controls for screen readers ("Open", "Choose date", "Collapse sidebar", a table's "Search").
 *
 * Streamlit's page says its language is English (lang="en") whatever the viewer chose: a
 * screen reader then reads Russian and Kazakh with an English voice. A function expression:
 * lib/language.py calls it in an inline script on every page with `data`, which holds only the
 * language code and catalogue words, set as text, never as markup. A text of Streamlit's that
 * no longer reads as below stays as Streamlit wrote it. No "<" before a letter, "/" or "!"
 * anywhere in this file: Streamlit's sanitizer drops a script whose text has one.
 */
(function markPageLanguage(data) {
  const NOT_FOUND_TITLE = "Page not found";
  const NOT_FOUND_MESSAGE = /^(The page that you have requested does not seem to exist|You have requested page \/)/;

  // one wish per page, the latest mount's: two watchers with two languages would undo each other
  const word = (value) => (typeof value === "string" && value ? value : null);
  window.__pageLanguage = {
    lang: word(data.lang),
    skip: word(data.skip),
    notFoundTitle: word(data.notFoundTitle),
    notFoundMessage: word(data.notFoundMessage),
    close: word(data.close),
    labels: data.labels && typeof data.labels === "object" ? data.labels : {},
  };

  function setText(element, text) {
    if (element && text !== null && element.textContent !== text) element.textContent = text;
  }

  function notFound(wish) {
    for (const dialog of document.querySelectorAll('[role="dialog"]')) {
      const title = dialog.querySelector("h2");
      if (!title || title.dataset.notFound === undefined && title.textContent !== NOT_FOUND_TITLE) {
        continue;
      }
      title.dataset.notFound = "";
      setText(title, wish.notFoundTitle);
      for (const block of dialog.querySelectorAll("div")) {
        if (!block.children.length && (block.dataset.notFound !== undefined || NOT_FOUND_MESSAGE.test(block.textContent))) {
          block.dataset.notFound = "";
          setText(block, wish.notFoundMessage);
        }
      }
    }
  }

  // every dialog's close button (the not-found one's, an event's on the Timeline page) is named
  // "Close" by Streamlit: a screen reader said it in English on a Russian page
  function closeButtons(wish) {
    if (wish.close === null) return;
    for (const close of document.querySelectorAll('[role="dialog"] button[aria-label="Close"], [role="dialog"] button[data-close]')) {
      close.dataset.close = "";
      if (close.getAttribute("aria-label") !== wish.close) close.setAttribute("aria-label", wish.close);
    }
  }

  // the names Streamlit gives its controls (aria-label, a select's placeholder) are English on
  // every page: each English name the catalogue has is replaced, and kept replaced when
  // Streamlit sets it again ("Expand sidebar" after "Collapse sidebar")
  function controlNames(wish) {
    const names = wish.labels;
    for (const attribute of ["aria-label", "placeholder"]) {
      for (const element of document.querySelectorAll("[" + attribute + "]")) {
        const now = element.getAttribute(attribute);
        const english = Object.prototype.hasOwnProperty.call(names, now) ? now : element.dataset.nameEn;
        const wanted = english ? names[english] : undefined;
        if (typeof wanted !== "string" || !wanted) continue;
        element.dataset.nameEn = english;
        if (now !== wanted) element.setAttribute(attribute, wanted);
      }
    }
  }

  function apply() {
    const wish = window.__pageLanguage;
    const root = document.documentElement;
    if (wish.lang !== null && root.lang !== wish.lang) root.lang = wish.lang;
    setText(document.querySelector('[data-testid="stSkipToContent"]'), wish.skip);
    notFound(wish);
    closeButtons(wish);
    controlNames(wish);
  }

  apply();
  // Streamlit draws its frame again on some changes (a page switch, a theme) and opens its
  // dialog after the page: keep every text set.
  if (!window.__pageLanguageWatch) {
    const watch = new MutationObserver(apply);
    watch.observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["aria-label", "placeholder"],
    });
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    window.__pageLanguageWatch = watch;
  }
})
