"""Router and frame: page config, shared sidebar filters, navigation."""

import streamlit as st

from lib.legacy_pages import leave_legacy_pages

# first, before the heavy imports: a fresh server starts with the pages/ listing, and the
# viewers who arrive while this run imports start under the app's pages once it is left
leave_legacy_pages()

from lib.events import data_dir_from_env
from lib.figure_style import is_dark
from lib.format import zone_label
from lib.i18n import t, tn
from lib.language import (
    browser_locale,
    keep_language_in_link,
    language_menu,
    mark_page_language,
    pick_language,
)
from lib.localize import data_text
from lib.offline_assets import ensure_static_assets
from lib.own_data import own_data_control, session_data_dir, show_own_data_problems
from lib.presenting import projector_on, theme_toggle
from lib.publish import SHOT_FIGURES, shot_request
from lib.store import keep_releasing_memory
from lib.theme import theme_css
from lib.ui import (
    LINKED_KEY,
    VIEW_KEY,
    cached_dataset,
    clear_hidden_selection,
    consented,
    content_note_toggle,
    data_mtimes,
    date_bounds,
    kept_filters,
    make_view,
    read_link,
    show_data_error,
    show_link_notices,
    sidebar_filters,
    write_link,
)
from lib.validate import DataError

shot = shot_request({name: st.query_params.get_all(name) for name in st.query_params})
if shot is not None and shot[0] not in SHOT_FIGURES:
    shot = None
if shot is None:
    LANG = language_menu()  # sidebar menu; seeded from ?lang= or the browser's language
else:  # screenshot mode has no sidebar: the link's language, else the browser's
    LANG = pick_language(st.query_params.get_all("lang"), browser_locale())

st.set_page_config(
    page_title=t("app.title", LANG), page_icon="🗺️", layout="wide"
)  # not :material/…: that favicon loads from the internet
mark_page_language(LANG)  # <html lang>, so a screen reader reads with the viewer's voice
ensure_static_assets()  # Leaflet and plugins served by the app itself: the map works offline
keep_releasing_memory()  # what viewers who left freed goes back to the system

# Each page's script name and its icon (Material icons ship with Streamlit: offline).
# No docstring here: Streamlit's magic would write a bare string onto every page.
PAGE_ICONS = {
    "overview": ":material/home:",
    "map": ":material/map:",
    "timeline": ":material/timeline:",
    "counts": ":material/bar_chart:",
    "sources": ":material/table_view:",
    "about": ":material/info:",
    "present": ":material/slideshow:",
}
PAGES = {
    name: st.Page(
        f"pages/{name}.py",
        title=t(f"app.page.{name}", LANG),
        icon=icon,
        url_path=None if name == "overview" else name,
        default=name == "overview",
    )
    for name, icon in PAGE_ICONS.items()
}

# the app's own page list before the data loads (a first start checks it for seconds)
page = st.navigation(list(PAGES.values()), position="sidebar" if shot is None else "hidden")
data_dir = session_data_dir(data_dir_from_env())  # a viewer's own upload, in their session only
try:
    stamp = data_mtimes(data_dir)
    dataset = cached_dataset(str(data_dir), stamp, LANG)  # a spinner if it takes a while
except DataError as error:
    show_data_error(error, data_dir, LANG)
    st.navigation(list(PAGES.values()), position="hidden")  # not the legacy pages/ listing
    st.stop()
st.set_page_config(page_title=data_text(dataset.info, "title", LANG))

bounds = date_bounds(dataset)
read_link(dataset, bounds, LANG, page.url_path)
keep_language_in_link(LANG)
if shot is not None:
    # screenshot mode: one figure alone, no sidebar, no navigation (lib/shot.py)
    from lib.publish_ui import show_shot

    show_link_notices(LANG)  # a bad size drew the default one and said nothing
    show_shot(str(data_dir), stamp, bounds, *shot, LANG)
    st.stop()
presenting = page.url_path == PAGES["present"].url_path
st.html(  # Present layout, projector rules, "Press Enter to apply" in the viewer's language
    theme_css(projector_on(), is_dark(st.context.theme.type), t("input.enter_to_apply", LANG))
)
if presenting:  # full width: no sidebar, the filters kept for the way back
    st.navigation(list(PAGES.values()), position="hidden")
    flt = kept_filters(bounds)
else:
    with st.sidebar:
        flt = sidebar_filters(bounds, LANG, zone_label(dataset.info, LANG))
        content_note_toggle(LANG)
        theme_toggle(LANG)
write_link(flt, bounds, page.url_path)
view = make_view(dataset, (str(data_dir), stamp), flt, LANG, consented())
st.session_state[VIEW_KEY] = view
shown = len(dataset.events) if view.rows is None else len(view.rows)
if not presenting:
    st.sidebar.caption(tn("filter.shown", len(dataset.events), LANG, shown=shown))
    with st.sidebar:
        own_data_control(data_text(dataset.info, "title", LANG), len(dataset.events), LANG)
show_link_notices(LANG)
show_own_data_problems(data_text(dataset.info, "title", LANG), LANG)
clear_hidden_selection(view)

try:
    page.run()
    st.session_state.pop(LINKED_KEY, None)  # a later visit to another page is not the link's
finally:
    view.release()  # the session keeps the filters and row positions, not a copy of the rows
