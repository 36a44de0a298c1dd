"""Every user-facing string of the interface, by language; look them up with ``t``."""

from __future__ import annotations

DEFAULT_LANG = "en"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # --- app frame and navigation ---
        "app.title": "Events dashboard",
        "app.page.overview": "Overview",
        "app.page.map": "Map",
        "app.page.timeline": "Timeline",
        "app.page.counts": "Counts",
        "app.page.sources": "Sources & data",
        "app.page.about": "About",
        "app.data_error.title": "The data in {path} did not pass validation",
        "app.data_error.body": (
            "Nothing can be shown until these problems are fixed. Each line names the file, "
            "the record and the field. Run `make validate` to check the data from a terminal."
        ),
        "app.data_error.more": "… and {n} more problem(s).",
        # --- sidebar filters ---
        "filter.header": "Filters",
        "filter.dates": "Dates",
        "filter.from": "From",
        "filter.to": "To",
        "filter.all": "All",
        "filter.dates.help": "Events that overlap these days (local time, UTC+5). Counts follow the date they were stated.",
        "filter.categories": "Categories",
        "filter.claimants": "Who makes the claim",
        "filter.text": "Search titles and descriptions",
        "filter.shown": "{shown} of {total} events shown",
        "query.ignored": "Ignored the link parameter “{name}”: {reason}.",
        "query.unknown_param": "this dashboard does not use it",
        "query.bad_value": "{value} is not a valid value",
        "query.out_of_range": "{value} is outside the data's dates ({first} to {last})",
        "query.unknown_event": "no event has the id {value}",
        # --- vocabularies ---
        "category.protest": "Protest or strike",
        "category.violence": "Violence",
        "category.detention": "Detention",
        "category.ill_treatment": "Ill-treatment",
        "category.official_statement": "Official statement",
        "category.communications": "Communications",
        "category.restriction": "Restriction of access",
        "category.investigation": "Investigation",
        "category.trial": "Trial",
        "category.reaction": "Reaction",
        "category.context": "Context",
        "claimant_type.official": "Officials",
        "claimant_type.journalist": "Journalists",
        "claimant_type.witness": "Witnesses (as relayed)",
        "claimant_type.ngo": "NGOs",
        "claimant_type.media": "Media",
        "claim_type.official": "Official",
        "claim_type.independent": "Independent",
        "time_precision.minute": "to the minute",
        "time_precision.hour": "to the hour",
        "time_precision.part_of_day": "part of the day",
        "time_precision.day": "day only",
        "time_precision.day_range": "one of several days",
        "time_precision.month": "month only",
        "part_of_day.morning": "morning",
        "part_of_day.afternoon": "afternoon",
        "part_of_day.evening": "evening",
        "part_of_day.night": "night",
        "location_precision.exact": "exact place",
        "location_precision.approximate": "approximate place, see its uncertainty",
        "location_precision.town": "town level: no source says where in the town",
        "location_precision.region": "region level",
        "location_precision.country": "country level",
        "location_precision.unknown": "place not known",
        "qualifier.exact": "",
        "qualifier.about": "about ",
        "qualifier.at_least": "at least ",
        "qualifier.more_than": "more than ",
        "qualifier.at_most": "at most ",
        "metric.detained": "detained",
        "metric.facing_charges": "to face charges",
        "metric.arrested": "formally arrested",
        "metric.held_together": "held together",
        "metric.deaths": "dead",
        "metric.injured": "injured",
        "metric.questioned": "questioned",
        "metric.administrative_penalty": "given administrative penalties",
        "metric.convicted": "convicted",
        "metric.acquitted": "acquitted",
        "metric.jailed": "jailed",
        "metric.suspended_sentence": "given suspended sentences",
        "metric.amnestied": "amnestied",
        "metric.charged": "charged",
        "metric.bodies_counted": "bodies counted",
        "metric.crowd_size": "people present",
        "metric.police_deployed": "police deployed",
        "metric.identified_suspects": "suspects identified",
        "metric.facilities_damaged": "facilities damaged",
        "metric.workers_dismissed": "workers dismissed",
        # --- event detail ---
        "detail.when": "When",
        "detail.where": "Where",
        "detail.claimant": "Who says so",
        "detail.sources": "Sources",
        "detail.counts": "Figures behind this event",
        "detail.none": "Select an event to read its details and sources.",
        "detail.local_time": "local time (UTC+5)",
        "content_note.show": "Show descriptions of violence",
        "content_note.hidden": "Content note: this description includes violence (beatings, injuries or deaths). It stays hidden until you choose to read it; the choice holds for this session.",
        # --- overview ---
        "overview.metric.events": "Events shown",
        "overview.metric.span": "Date span",
        "overview.metric.official": "Detained, official figure",
        "overview.metric.independent": "Detained, independent lists",
        "overview.metric.none": "none in range",
        "overview.how": "How to use this dashboard",
        "overview.honesty": (
            "Every event and figure here cites its source and says who makes the claim. Where "
            "sources disagree, both claims are shown."
        ),
        "overview.how.body": (
            "- **Filters** in the sidebar (dates, categories, who makes the claim, text search) apply to "
            "every page. The address bar keeps them: copy it to share exactly this view.\n"
            "- **Map**: events by place, with how precisely each place is known.\n"
            "- **Timeline**: events in time, to the hour where sources allow; select an event for its detail.\n"
            "- **Counts**: official figures beside independently reported ones.\n"
            "- **Sources & data**: every source, the filtered events as a table, downloads and how to cite."
        ),
        "overview.metric.stated": "{figure}: {claimant}, stated {stated_on}. The Counts page shows every figure.",
        "overview.metric.span_value": "{first}–{last}",
        "overview.metric.span_caption": "{first} to {last}",
        # --- sources & data ---
        "sources.title": "Sources & data",
        "sources.list": "Sources",
        "sources.events": "Filtered events",
        "sources.download_geojson": "Download filtered events (GeoJSON)",
        "sources.download_csv": "Download filtered events (CSV)",
        "sources.cite": "How to cite",
        "sources.intro": "Every source the dataset cites, then the events that match the filters.",
        "sources.column.id": "Id",
        "sources.column.title": "Title",
        "sources.column.publisher": "Publisher",
        "sources.column.date": "Date",
        "sources.column.url": "Link",
        "sources.column.language": "Language",
        "sources.column.when": "When",
        "sources.column.event": "Event",
        "sources.column.category": "Category",
        "sources.column.claimant": "Who says so",
        "sources.column.place": "Place",
        "sources.column.sources": "Sources",
        "sources.empty": "No events match the filters.",
        # --- about ---
        "about.title": "About this dashboard",
        "about.method": "Method",
        "about.method.body": (
            "Every event names its sources, with the paragraph or section they come from, and who "
            "makes the claim: officials, journalists, witnesses as relayed by others, NGOs or the "
            "media. Descriptions are written in our own words, not copied from the sources."
        ),
        "about.limits": "Limits",
        "about.limits.body": (
            "- Figures disagree: official and independent numbers are shown side by side, never "
            "averaged and never reduced to one.\n"
            '- A lower bound ("more than 700") is drawn as a lower bound.\n'
            "- Places are drawn only as precisely as the sources allow: at town level when no source "
            "says where in a town, approximate places with their uncertainty, and events with no "
            "known place listed beside the map.\n"
            "- Times are local. Many events are known only to the day or part of the day; the "
            "timeline shows that.\n"
            "- Witnesses whom the sources anonymise stay anonymous."
        ),
        "about.cite": "How to cite",
        "about.cite.body": (
            "Cite the original sources listed on the Sources & data page, and this dashboard as the "
            "compiler. Downloads carry a citation line."
        ),
        "about.data": "Data and code",
        "about.data.body": (
            "The data lives in `data/` (GeoJSON, CSV and `dataset.json`) and is checked by "
            "`python -m lib.validate`. See `docs/data.md` for every field and how to add an event."
        ),
        # --- map (issue 4) ---
        "map.title": "Map",
        "map.intro": "Where the events happened, as precisely as the sources allow. Town-level events sit on a ring around their town: the sources do not say where in the town. Click a symbol to read the event beside the map.",
        "map.view": "View",
        "map.subtitle": "{dates} · {categories} · {claimants} · {shown} of {total} events placed on the map",
        "map.subtitle.all_categories": "all categories",
        "map.subtitle.all_claimants": "all claimants",
        "map.subtitle.text": "text “{text}”",
        "map.claimed_by": "Claimed by",
        "map.within_km": "(within about {km} km)",
        "map.group_count": "{n} events: {category}",
        "map.click_list": "Click to list them beside the map.",
        "map.more_beside": "… and {n} more: see the list beside the map.",
        "map.approx_short": "approx.",
        "map.sources": "Sources",
        "map.legend.title": "Legend: symbols, precision, periods",
        "map.legend.categories": "Category",
        "map.legend.precision": "How precise",
        "map.legend.town": "Town level: somewhere in the town",
        "map.legend.approx": "Approximate place, with its uncertainty",
        "map.legend.count": "Number of events at one symbol",
        "map.legend.periods": "Periods (switch in the layer menu)",
        "map.credit.outlines": "Outlines: Natural Earth (public domain).",
        "map.layer.osm": "OpenStreetMap tiles (needs internet)",
        "map.layer.outlines": "Land outlines",
        "map.layer.towns": "Towns",
        "map.layer.uncertainty": "Uncertainty of approximate places",
        "map.layer.events": "Events",
        "map.no_place": "{n} events have no place on the map",
        "map.no_place.none": "Every event shown has a place on the map.",
        "map.group.heading": "{place}: {n} events ({category})",
        "map.group.help": "Select a row to read that event.",
        "map.col.when": "When",
        "map.col.title": "Event",
        "map.col.claimant": "Claimed by",
        "map.col.category": "Category",
        "map.nothing": "No event matches the filters.",
        # --- timeline (issue 5) ---
        "timeline.title": "Timeline of events, local time",
        "timeline.axis": "Local time, Asia/Aqtau (UTC+5)",
        "timeline.lane.label": "Lanes",
        "timeline.lane.category": "By category",
        "timeline.lane.claimant": "By who makes the claim",
        "timeline.legend.official": "Official claim",
        "timeline.legend.independent": "Independent claim",
        "timeline.key": (
            "Dot: time known to the minute or hour. Light bar: known only to the day or part of day "
            "(it happened somewhere in the bar). Solid bar: lasted from start to end.\n"
            "Shading: periods derived from the events, as each claimant dates them."
        ),
        "timeline.period.label": "{title} — until {end}, per {claimant}",
        "timeline.milestone.label": "{when}: {title}, per {claimant}",
        "timeline.button.all": "Whole dataset",
        "timeline.span.label": "Show",
        "timeline.subtitle.dates": "{low} to {high}",
        "timeline.subtitle.all": "all",
        "timeline.subtitle.categories": "Categories: {value}",
        "timeline.subtitle.claimants": "Claimants: {value}",
        "timeline.subtitle.text": "Search: “{value}”",
        "timeline.hover.claimant": "Claimant: {claimant} ({kind})",
        "timeline.hover.category": "Category: {value}",
        "timeline.hover.sources": "Sources: {value}",
        "timeline.aggregate.hover": "{day}, {lane}: {n} event(s), {official} official",
        "timeline.aggregate.legend": "Events per day",
        "timeline.aggregate.note": "{n} events shown as counts per day; click a circle to list them",
        "timeline.aggregate.picked": "Events on {day} in {lane}",
        "timeline.empty": "No events match the filters.",
        "timeline.help": (
            "Drag to zoom, double-click to zoom back out, click a mark to read the event. "
            "Times are local (Asia/Aqtau, UTC+5)."
        ),
        "timeline.list.title": "Day by day",
        "timeline.list.truncated": "Showing the first {shown} of {total} events; narrow the filters to read the rest.",
        "timeline.list.empty": "No events match the filters.",
        # --- counts (issue 6) ---
        "counts.title": "Counts: who said how many, and when",
        "counts.intro": (
            "Each figure is drawn as it was stated, with who stated it and when. Official and "
            "independent figures are shown side by side, never averaged. “More than” and “at least” "
            "figures are lower bounds: the true number is higher, by an unknown amount."
        ),
        "counts.filter_note": (
            "Figures follow the sidebar dates by the date they were stated ({first} – {last}): "
            "{shown} of {total} figures shown. The category, claimant and search filters apply to "
            "events only."
        ),
        "counts.hidden": (
            "Not drawn: {n} figure(s) on this chart ({official} official, {independent} "
            "independent) were stated outside the dates selected in the sidebar ({first} – {last}), "
            "e.g. {example}. Widen the dates to see them."
        ),
        "counts.empty": "No figure of this kind was stated within the dates selected.",
        "counts.stated_between": "Figures as stated between {first} and {last}",
        "counts.subtitle": "Dates stated: {first} – {last} (sidebar filter)",
        "counts.credit.more": "and {n} more",
        "counts.row": "{metric} · stated {date}",
        "counts.row_place": "{row} · {place}",
        "counts.others": "Other official figures, by date stated",
        "counts.short.bodies_counted": "bodies",
        "counts.in_all": "{value} in all ({parts})",
        "counts.detainees.header": "Detainees: official figures and independent lists",
        "counts.detainees.title": "Detainees: official figures beside independent lists",
        "counts.detainees.axis": "People, as stated",
        "counts.deaths.header": "Deaths and injuries, as stated over time",
        "counts.deaths.title": "Deaths: how the stated toll changed, statement by statement",
        "counts.deaths.axis": "Dead, as stated",
        "counts.injuries.title": "Injured: figures as stated over time",
        "counts.injuries.axis": "Injured, as stated",
        "counts.toll.axis_x": "Date stated (in order, not to scale)",
        "counts.toll.note": (
            "The line follows the highest official figure stated on each date; every figure is a "
            "marker. ▲ = lower bound (“at least” / “more than”)."
        ),
        "counts.context.header": "Smaller figures, with their context",
        "counts.context.none": "No figure of this kind was stated within the dates selected.",
        "counts.legend.official": "Official figure",
        "counts.legend.independent": "Independent figure",
        "counts.legend.open_end": "Open end: the true figure is higher, by an unknown amount",
        "counts.legend.official_step": "Official toll (highest stated that date)",
        "counts.legend.official_point": "Official figure",
        "counts.legend.independent_point": "Independent figure",
        "counts.legend.official_bound": "Official lower bound (▲ at least / more than)",
        "counts.legend.independent_bound": "Independent lower bound (▲ at least / more than)",
        "counts.hover.stated": "Stated {date}",
        "counts.hover.period": "Covers {period}",
        "counts.hover.place": "Place: {place}",
        "counts.hover.source": "Source: {source} ({locator})",
        "counts.hover.lower_bound": "A lower bound: the true figure is higher.",
        "counts.hover.open_end": "{value}: the true figure is higher, by an unknown amount.",
        "counts.hover.click": "Click to see the events and sources behind this figure.",
        "counts.ratio.at_least": (
            "Independent: {independent} detained ({independent_claimant}, stated "
            "{independent_date}). That is at least {times} times the official total of {official} "
            "({official_claimant}, stated {official_date}): {num} ÷ {den} ≈ {ratio}. “At least” "
            "because {independent} is a lower bound; the two were also counted differently and at "
            "different dates, so the ratio is a floor, not a measurement."
        ),
        "counts.ratio.about": (
            "Independent: {independent} detained ({independent_claimant}, stated "
            "{independent_date}), against the official total of {official} ({official_claimant}, "
            "stated {official_date}): "
            "{num} ÷ {den} ≈ {ratio}. The two were counted differently, so the ratio is only "
            "indicative."
        ),
        "counts.ratio.none": (
            "No comparison: the official total and the independent lists are not both stated "
            "within the dates selected."
        ),
        "counts.behind.header": "Behind the figure you clicked",
        "counts.behind.prompt": "Click a bar or marker to see the events and sources behind it.",
        "counts.behind.figure": "{label}. Source: {source} ({locator})",
        "counts.behind.no_events": "No event in the dataset links to this figure yet.",
        "counts.table": "Every figure drawn above, with its source",
        "counts.download": "Download these figures (CSV)",
        "counts.col.figure": "Figure",
        "counts.col.metric": "Counts",
        "counts.col.claim": "Official or independent",
        "counts.col.claimant": "Stated by",
        "counts.col.stated_on": "Stated on",
        "counts.col.period": "Period covered",
        "counts.col.place": "Place",
        "counts.col.source": "Source",
        "counts.col.source_url": "Source link",
        "counts.col.locator": "Where in the source",
        "counts.col.note": "Note",
        "counts.col.id": "ID",
        "counts.link": "open",
        # --- figure credits ---
        "credit.more": " and {n} more",
        "credit.source": "Source: {sources}. Made with the open-source events dashboard.",
    },
}


def t(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """Return the string for ``key`` in ``lang`` (English when missing), formatted with ``values``.

    Raises
    ------
    KeyError
        If no language holds the key.
    """
    table = STRINGS.get(lang, {})
    text = table[key] if key in table else STRINGS[DEFAULT_LANG][key]
    return text.format(**values) if values else text
