/* Tell the browser, and so screen readers, which language the page is in, and put Streamlit's
 * own English words on the page in the viewer's language: the "Skip to main content" link, the
 * "Page not found" dialog, every dialog's close button, the names Streamlit gives its own
 * controls for screen readers ("Open", "Choose date", "Collapse sidebar", a table's "Search",
 * "Help for …"), the words of a table's menus and tooltips ("Sort ascending", "Select all"),
 * and its calendar's months and days.
 *
 * Streamlit's page says its language is English (lang="en") whatever the viewer chose: a
 * screen reader then reads Russian and Kazakh with an English voice. A function expression:
 * lib/language.py calls it in an inline script on every page with `data`, which holds only the
 * language and locale codes, the catalogue's words and Babel's month names, set as text, never
 * as markup. A text of Streamlit's that
 * no longer reads as below stays as Streamlit wrote it. No "<" before a letter, "/" or "!"
 * anywhere in this file: Streamlit's sanitizer drops a script whose text has one.
 */
(function markPageLanguage(data) {
  const NOT_FOUND_TITLE = "Page not found";
  const NOT_FOUND_MESSAGE = /^(The page that you have requested does not seem to exist|You have requested page \/)/;

  // one wish per page, the latest mount's: two watchers with two languages would undo each other
  const word = (value) => (typeof value === "string" && value ? value : null);
  const object = (value) => (value && typeof value === "object" && !Array.isArray(value) ? value : {});
  window.__pageLanguage = {
    lang: word(data.lang),
    locale: word(data.locale),
    skip: word(data.skip),
    notFoundTitle: word(data.notFoundTitle),
    notFoundMessage: word(data.notFoundMessage),
    close: word(data.close),
    labels: object(data.labels),
    menus: word(data.menus),
    patterns: patternsOf(object(data.patterns)),
    texts: object(data.texts),
    months: Array.isArray(data.months) ? data.months.filter((name) => word(name) !== null) : [],
    dates: object(data.dates),
    names: object(data.names),
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
  // every page: each English name the catalogue has is replaced, and replaced again when
  // Streamlit sets it again ("Expand sidebar" after "Collapse sidebar"). Some hold a name of
  // ours ("Help for Проектор", a date field's "day, С"): {name} in a pattern keeps it.
  function patternsOf(patterns) {
    const list = [];
    for (const english of Object.keys(patterns)) {
      const wanted = patterns[english];
      const parts = english.split("{name}");
      if (parts.length !== 2 || typeof wanted !== "string" || !wanted) continue;
      const quote = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      list.push({ english: new RegExp("^" + quote(parts[0]) + "(.+)" + quote(parts[1]) + "$"), wanted: wanted });
    }
    return list;
  }

  function translated(wish, english) {
    if (Object.prototype.hasOwnProperty.call(wish.labels, english)) {
      const wanted = wish.labels[english];
      return typeof wanted === "string" && wanted ? wanted : null;
    }
    for (const pattern of wish.patterns) {
      const found = pattern.english.exec(english);
      if (found) return pattern.wanted.split("{name}").join(found[1]);
    }
    return null;
  }

  function controlNames(wish) {
    for (const attribute of ["aria-label", "placeholder", "title", "data-title"]) {
      for (const element of document.querySelectorAll("[" + attribute + "]")) {
        const now = element.getAttribute(attribute);
        const wanted = translated(wish, now);
        if (wanted === null || wanted === now) continue;
        element.dataset.nameEn = now;
        element.setAttribute(attribute, wanted);
      }
    }
  }

  // a table's menus and tooltips show Streamlit's English words ("Sort ascending", "Select
  // all", "Download as CSV"): each text that is one of the names is replaced where it stands, so
  // React keeps its node, and again when React writes it back
  function menuTexts(wish) {
    if (wish.menus === null) return;
    for (const menu of document.querySelectorAll(wish.menus)) {
      const walker = document.createTreeWalker(menu, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const now = node.nodeValue.trim();
        if (!now || !Object.prototype.hasOwnProperty.call(wish.labels, now)) continue;
        const wanted = word(wish.labels[now]);
        if (wanted !== null && wanted !== now) node.nodeValue = node.nodeValue.replace(now, wanted);
      }
    }
  }

  // a date field reads its month as "12 – December" whatever the page's language
  function monthValues(wish) {
    if (wish.months.length !== 12) return;
    for (const field of document.querySelectorAll('[role="spinbutton"][data-type="month"][aria-valuetext]')) {
      const number = Number(field.getAttribute("aria-valuenow"));
      const now = field.getAttribute("aria-valuetext");
      const english = /^(\d+) – [A-Za-z]+$/.exec(now);
      if (!english || !(number >= 1 && number <= 12)) continue;
      const wanted = english[1] + " – " + wish.months[number - 1];
      if (now !== wanted) field.setAttribute("aria-valuetext", wanted);
    }
  }

  // the calendar's hidden heading says its name and month ("Choose date, December 2011")
  function calendarHeadings(wish) {
    for (const heading of document.querySelectorAll('[role="application"] h2')) {
      if (heading.children.length) continue;
      const wanted = translated(wish, heading.textContent);
      if (wanted !== null) setText(heading, wanted);
    }
  }

  // the texts a control is described by (the calendar's "Use arrow keys to navigate dates.")
  function descriptions(wish) {
    for (const described of document.querySelectorAll("[aria-describedby]")) {
      for (const id of described.getAttribute("aria-describedby").split(/\s+/)) {
        const text = id ? document.getElementById(id) : null;
        if (!text || text.children.length) continue;
        const english = text.dataset.textEn !== undefined ? text.dataset.textEn : text.textContent;
        if (!Object.prototype.hasOwnProperty.call(wish.texts, english)) continue;
        text.dataset.textEn = english;
        setText(text, word(wish.texts[english]));
      }
    }
  }

  // Streamlit's calendar names months and days in the browser's language (navigator.language),
  // not the page's: a Russian page in an English browser read "December" and "Sunday, December
  // 11, 2011". While the page is open the browser's language is the page's, where the browser
  // can name dates in it (Debian's Chromium has no Kazakh month names: "M12"). Streamlit also
  // sends it to the server on every run (st.context.locale): lib/language.py keeps the one of
  // the session's first run.
  // asked on every change to the page (the calendar's words): the answer is kept per locale
  const namingDates = new Map();
  function namesDates(locale) {
    if (namingDates.has(locale)) return namingDates.get(locale);
    let names;
    try {
      names = /\p{L}{3}/u.test(new Intl.DateTimeFormat(locale, { month: "long" }).format(new Date(2011, 11, 1)));
    } catch (error) {
      names = false;
    }
    namingDates.set(locale, names);
    return names;
  }

  function calendarLanguage(wish) {
    const locale = wish.locale !== null && namesDates(wish.locale)
      ? wish.locale
      : dateWords(wish) === null ? null : BRITISH;
    if (!window.__pageLanguageNavigator) {
      const browser = Object.getOwnPropertyDescriptor(Navigator.prototype, "language");
      if (!browser || typeof browser.get !== "function") return;
      Object.defineProperty(navigator, "language", {
        configurable: true,
        get: () => window.__pageLanguageNavigator.locale || browser.get.call(navigator),
      });
      window.__pageLanguageNavigator = { locale: null };
    }
    if (window.__pageLanguageNavigator.locale !== locale) {
      window.__pageLanguageNavigator.locale = locale;
      window.dispatchEvent(new Event("languagechange"));
      // Streamlit reads the language when it draws its frame, and this script may run after
      // the last time it did on a first visit: the calendar then stayed in the browser's
      // language until the next run. Streamlit draws its frame again after printing (it
      // looks at the system's colours again), and nothing else happens then.
      window.dispatchEvent(new Event("afterprint"));
    }
  }

  // Where the browser names no date in the page's language (Debian's Chromium has no Kazakh),
  // the calendar takes British English, whose weeks start on Monday as the page's do, and its
  // English names of months and days, its weekday letters and its words ("selected", "First
  // available date") are replaced by the page's (Babel's and the catalogue's): a Kazakh reader
  // saw "December", "S M T W T F S" and heard "Tuesday, December 1, 2009 selected".
  const BRITISH = "en-GB";
  function dateWords(wish) {
    const dates = wish.dates;
    const sized = (list, n) => Array.isArray(list) && list.length === n;
    if (wish.locale === null || namesDates(wish.locale)) return null;
    if (!sized(wish.months, 12) || !sized(dates.monthsInText, 12)) return null;
    if (!sized(dates.days, 7) || !sized(dates.letters, 7)) return null;
    if (wish.dateWords) return wish.dateWords;
    const english = {};
    const month = new Intl.DateTimeFormat(BRITISH, { month: "long" });
    const weekday = new Intl.DateTimeFormat(BRITISH, { weekday: "long" });
    for (let m = 0; m !== 12; m += 1) english[month.format(new Date(2011, m, 1))] = ["month", m];
    for (let d = 0; d !== 7; d += 1) english[weekday.format(new Date(2011, 11, 5 + d))] = ["day", d];  // 5 Dec 2011: a Monday
    const phrases = object(dates.phrases);
    const names = Object.keys(english).concat(Object.keys(phrases));
    wish.dateWords = {
      english: english,
      phrases: phrases,
      pattern: new RegExp("\\b(" + names.join("|") + ")\\b", "g"),
    };
    return wish.dateWords;
  }

  function inPageDates(wish, words, text) {
    const alone = Object.prototype.hasOwnProperty.call(words.english, text.trim());
    return text.replace(words.pattern, (name) => {
      if (Object.prototype.hasOwnProperty.call(words.phrases, name)) return words.phrases[name];
      const [kind, index] = words.english[name];
      if (kind === "day") return wish.dates.days[index];
      return (alone ? wish.months : wish.dates.monthsInText)[index];
    });
  }

  function calendarDates(wish) {
    const words = dateWords(wish);
    if (words === null) return;
    // the list the calendar's month button opens lies outside the calendar: a name alone there
    for (const list of document.querySelectorAll('[role="listbox"]')) {
      for (const option of list.querySelectorAll('[role="option"]')) {
        const walker = document.createTreeWalker(option, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const name = node.nodeValue.trim();
          if (!Object.prototype.hasOwnProperty.call(words.english, name) || words.english[name][0] !== "month") continue;
          node.nodeValue = node.nodeValue.replace(name, wish.months[words.english[name][1]]);
        }
      }
    }
    for (const calendar of document.querySelectorAll('[role="application"]')) {
      for (const element of [calendar, ...calendar.querySelectorAll("[aria-label]")]) {
        const now = element.getAttribute("aria-label");
        const wanted = inPageDates(wish, words, now);
        if (wanted !== now) element.setAttribute("aria-label", wanted);
      }
      const walker = document.createTreeWalker(calendar, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        if (node.parentElement && node.parentElement.closest("thead")) continue;
        const wanted = inPageDates(wish, words, node.nodeValue);
        if (wanted !== node.nodeValue) node.nodeValue = wanted;
      }
      const heads = [...calendar.querySelectorAll("thead th")];
      if (heads.length !== 7) continue;
      const english = heads.map((head) => head.dataset.textEn !== undefined ? head.dataset.textEn : head.textContent);
      if (!/^[SMTWF]$/.test(english.join("").slice(0, 1))) continue;
      const mondayFirst = english[0] === "M";  // British; Sunday first before the locale applies
      heads.forEach((head, column) => {
        head.dataset.textEn = english[column];
        setText(head, wish.dates.letters[mondayFirst ? column : (column + 6) % 7]);
      });
    }
  }

  // controls of ours that Streamlit names by their text alone (the language switch's "EN"):
  // each selector's elements get the name given
  function ourNames(wish) {
    for (const selector of Object.keys(wish.names)) {
      const wanted = word(wish.names[selector]);
      if (wanted === null) continue;
      for (const element of document.querySelectorAll(selector)) {
        if (element.getAttribute("aria-label") !== wanted) element.setAttribute("aria-label", wanted);
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
    ourNames(wish);
    menuTexts(wish);
    monthValues(wish);
    descriptions(wish);
    calendarHeadings(wish);
    calendarDates(wish);
  }

  calendarLanguage(window.__pageLanguage);
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
      attributeFilter: ["aria-label", "placeholder", "title", "data-title", "aria-valuetext"],
    });
    watch.observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
    window.__pageLanguageWatch = watch;
  }
})
