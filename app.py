"""Router and frame: page config, shared sidebar filters, navigation."""

import streamlit as st

from lib.events import EventFilter, data_dir_from_env, filter_counts, filter_events
from lib.i18n import t
from lib.offline_assets import ensure_static_assets
from lib.query import FILTER_KEYS, SELECTION_KEY, check_query, filter_params, seed_values
from lib.schema import Category, ClaimantType
from lib.timeline import LANES
from lib.ui import (
    PAGE_PARAMS_KEY,
    SELECTED_KEY,
    VIEW_KEY,
    View,
    cached_dataset,
    data_mtimes,
    date_bounds,
    show_data_error,
)
from lib.validate import DataError

LANG = "en"

st.set_page_config(page_title=t("app.title", LANG), page_icon="🗺️", layout="wide")
ensure_static_assets()  # Leaflet and plugins served by the app itself: the map works offline

PAGES = {
    "overview": st.Page("pages/overview.py", title=t("app.page.overview", LANG), default=True),
    "map": st.Page("pages/map.py", title=t("app.page.map", LANG), url_path="map"),
    "timeline": st.Page(
        "pages/timeline.py", title=t("app.page.timeline", LANG), url_path="timeline"
    ),
    "counts": st.Page("pages/counts.py", title=t("app.page.counts", LANG), url_path="counts"),
    "sources": st.Page("pages/sources.py", title=t("app.page.sources", LANG), url_path="sources"),
    "about": st.Page("pages/about.py", title=t("app.page.about", LANG), url_path="about"),
}

data_dir = data_dir_from_env()
try:
    dataset = cached_dataset(str(data_dir), data_mtimes(data_dir))
except DataError as error:
    show_data_error(error, data_dir, LANG)
    st.stop()
st.set_page_config(page_title=dataset.info.title_en)

first_day, last_day = date_bounds(dataset)
if "_query_checked" not in st.session_state:
    st.session_state["_query_checked"] = True
    raw = {name: st.query_params.get_all(name) for name in st.query_params}
    kept, notices = check_query(
        raw,
        categories=[c.value for c in Category],
        claimant_types=[c.value for c in ClaimantType],
        event_ids=dataset.events["id"],
        date_bounds=(first_day, last_day),
        extra_choices={"lane": LANES, "view": [v.id for v in dataset.info.map.views]},
        lang=LANG,
    )
    st.session_state["_query_notices"] = [n.text(LANG) for n in notices]
    for name, value in seed_values(kept).items():
        st.session_state[f"filter_{name}"] = value
    st.session_state[SELECTED_KEY] = kept.get(SELECTION_KEY, [None])[-1]
    st.session_state[PAGE_PARAMS_KEY] = {k: v for k, v in kept.items() if k not in FILTER_KEYS}
st.session_state.setdefault("filter_from", first_day)
st.session_state.setdefault("filter_to", last_day)

with st.sidebar:
    st.header(t("filter.header", LANG))
    date_from = st.date_input(
        t("filter.from", LANG),
        min_value=first_day,
        max_value=last_day,
        key="filter_from",
        help=t("filter.dates.help", LANG),
    )
    date_to = st.date_input(
        t("filter.to", LANG),
        min_value=first_day,
        max_value=last_day,
        key="filter_to",
    )
    categories = st.multiselect(
        t("filter.categories", LANG),
        options=[c.value for c in Category],
        format_func=lambda v: t(f"category.{v}", LANG),
        key="filter_cat",
        placeholder=t("filter.all", LANG),
    )
    claimants = st.multiselect(
        t("filter.claimants", LANG),
        options=[c.value for c in ClaimantType],
        format_func=lambda v: t(f"claimant_type.{v}", LANG),
        key="filter_claimant",
        placeholder=t("filter.all", LANG),
    )
    text = st.text_input(t("filter.text", LANG), key="filter_q", max_chars=200)

params = filter_params(date_from, date_to, categories, claimants, text, (first_day, last_day))
if st.session_state.get(SELECTED_KEY):
    params[SELECTION_KEY] = st.session_state[SELECTED_KEY]
params.update(st.session_state.get(PAGE_PARAMS_KEY, {}))
if {k: st.query_params.get_all(k) for k in st.query_params} != {
    k: v if isinstance(v, list) else [v] for k, v in params.items()
}:
    st.query_params.from_dict(params)

flt = EventFilter(
    date_from=date_from,
    date_to=date_to,
    categories=tuple(categories) or None,
    claimant_types=tuple(claimants) or None,
    text=text or "",
)
events = filter_events(dataset.events, flt)
st.session_state[VIEW_KEY] = View(
    dataset=dataset, flt=flt, events=events, counts=filter_counts(dataset.counts, flt), lang=LANG
)
st.sidebar.caption(t("filter.shown", LANG, shown=len(events), total=len(dataset.events)))
for notice in st.session_state.get("_query_notices", []):
    st.warning(notice, icon="⚠️")

st.navigation(list(PAGES.values())).run()
