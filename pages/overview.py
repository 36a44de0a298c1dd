"""Overview: what happened, key figures that follow the filters, how to use the dashboard."""

import pandas as pd
import streamlit as st

from lib.format import format_number, format_stated, keep_numbers_whole, md_escape
from lib.i18n import t
from lib.localize import COUNT_TEXTS, localized, localized_frame
from lib.publish import end_text, month_only_ends
from lib.summary import date_span, largest_statement
from lib.ui import current_view

view = current_view()
lang = view.lang

title = localized(view.dataset.info, "title", lang)
st.title(md_escape(title.text), anchor=False)
summary = localized(view.dataset.info, "summary", lang)
if title.fallback or (summary.fallback and summary.text):
    st.caption(t("data.english_marker", lang))
for paragraph in summary.text:  # "(HRW, 6–13-абзацтар)" kept on one line
    st.markdown(md_escape(keep_numbers_whole(paragraph)))
st.caption(t("overview.honesty", lang))

# two by two: four columns at 1024 px cut the labels and the period ("2009–…")
events_col, span_col = st.columns(2)
events_col.metric(
    t("overview.metric.events", lang),
    f"{format_number(len(view.events), lang)} / {format_number(len(view.dataset.events), lang)}",
)
span = date_span(view.events)
if span:
    first, last = span[0], span[1] - pd.Timedelta(microseconds=1)
    span_col.metric(
        t("overview.metric.span", lang),
        t("overview.metric.span_value", lang, first=str(first.year), last=str(last.year))
        if first.year != last.year
        else str(first.year),
    )
    months = month_only_ends(view.events, first.date(), last.date())  # "Dec 2009", not "1 Dec"
    span_col.caption(
        keep_numbers_whole(
            t(
                "overview.metric.span_caption",
                lang,
                first=end_text(first.date(), months[0], lang),
                last=end_text(last.date(), months[1], lang),
            )
        )
    )
else:
    span_col.metric(t("overview.metric.span", lang), "—")
counts = localized_frame(view.counts, COUNT_TEXTS, lang)  # claimants in the language
official_col, independent_col = st.columns(2)  # the official figure beside the independent one
for column, claim_type in ((official_col, "official"), (independent_col, "independent")):
    statement = largest_statement(counts, "detained", claim_type, lang)
    label = t(f"overview.metric.{claim_type}", lang)
    if statement is None:
        column.metric(label, "—", help=t("overview.metric.none", lang))
    else:
        column.metric(label, statement.total_text(lang))
        column.caption(
            md_escape(
                keep_numbers_whole(
                    t(
                        "overview.metric.stated",
                        lang,
                        figure=statement.text(),
                        claimant=statement.claimant,
                        stated_on=format_stated(statement.stated_on, lang),
                    )
                )
            )
        )

st.subheader(t("overview.how", lang), anchor=False)
st.markdown(t("overview.how.body", lang))
