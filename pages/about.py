"""About: method, limits and how to cite."""

import streamlit as st

from lib.i18n import t
from lib.ui import current_view

lang = current_view().lang
st.title(t("about.title", lang), anchor=False)
st.markdown(t("about.body", lang))
