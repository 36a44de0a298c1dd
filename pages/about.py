"""About: method, limits and how to cite."""

import streamlit as st

from lib.cache import built
from lib.format import md_escape
from lib.i18n import t, tn
from lib.localize import localized, translation_report
from lib.publish import CODE_LICENCE, dataset_citation
from lib.ui import current_view, page_address, page_picker

PAGE_ROWS = 1000

view = current_view()
lang = view.lang
st.title(t("about.title", lang), anchor=False)
st.subheader(t("about.method", lang), anchor=False)
method = localized(view.dataset.info, "method", lang)
for paragraph in method.text:
    st.markdown(md_escape(paragraph))
if method.fallback and method.text:
    st.caption(t("data.english_marker", lang))
st.markdown(t("about.method.body", lang))
st.subheader(t("about.limits", lang), anchor=False)
st.markdown(t("about.limits.body", lang))
st.subheader(t("about.cite", lang), anchor=False)
st.markdown(t("about.cite.body", lang))
info = view.dataset.info
st.text(
    t(
        "publish.about.version",
        lang,
        version=info.version or "—",
        licence=info.licence or "—",
        code=CODE_LICENCE,
    )
)
st.text(t("publish.about.citation", lang))
st.code(
    dataset_citation(info, lang, url=page_address()),
    language=None,
    wrap_lines=True,
)
st.subheader(t("about.data", lang), anchor=False)
st.markdown(t("about.data.body", lang))
st.subheader(t("about.translations", lang), anchor=False)
report = built("translation-report", view.key, (), lambda: translation_report(view.dataset))
st.markdown(t("about.translations.body", lang))
if report.empty:
    st.caption(t("about.translations.none", lang))
else:
    unreviewed = report[~report["reviewed"]]
    st.caption(tn("about.translations.unreviewed", len(unreviewed), lang, total=len(report)))
    first, last = page_picker(len(report), PAGE_ROWS, "translations_page", lang)
    report = report.iloc[first:last]  # a page at a time: 100,000 events make 200,000 rows
    st.dataframe(
        report.assign(
            reviewed=report["reviewed"].map(lambda r: t(f"about.reviewed.{r}", lang))
        ).rename(columns={c: t(f"about.col.{c}", lang) for c in report.columns}),
        hide_index=True,
        key="translations_table",
    )
