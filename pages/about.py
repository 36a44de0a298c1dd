"""About: method, limits and how to cite."""

import streamlit as st

from lib.format import md_escape
from lib.i18n import t
from lib.ui import current_view

view = current_view()
lang = view.lang
st.title(t("about.title", lang), anchor=False)
st.subheader(t("about.method", lang), anchor=False)
for paragraph in view.dataset.info.method_en:
    st.markdown(md_escape(paragraph))
st.markdown(t("about.method.body", lang))
st.subheader(t("about.limits", lang), anchor=False)
st.markdown(t("about.limits.body", lang))
st.subheader(t("about.cite", lang), anchor=False)
st.markdown(t("about.cite.body", lang))
st.subheader(t("about.data", lang), anchor=False)
st.markdown(t("about.data.body", lang))
