"""Every user-facing string of the interface, by language; look them up with ``t``."""

from __future__ import annotations

DEFAULT_LANG = "en"

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        # --- app frame and navigation ---
        "app.title": "Zhanaozen and Aktau, December 2011",
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
        "filter.dates.help": "Events that overlap these days (local time, UTC+5). Counts follow the date they were stated.",
        "filter.categories": "Categories",
        "filter.claimants": "Who makes the claim",
        "filter.text": "Search titles and descriptions",
        "filter.reset": "Reset filters",
        "filter.shown": "{shown} of {total} events shown",
        "query.ignored": "Ignored the link parameter `{name}`: {reason}.",
        "query.unknown_param": "this dashboard does not use it",
        "query.bad_value": "{value!r} is not a valid value",
        "query.unknown_event": "no event has the id {value!r}",
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
        "location_precision.approximate": "approximate place",
        "location_precision.town": "town level (no street-level source)",
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
        "detail.close": "Close",
        "detail.none": "Select an event to read its details and sources.",
        "detail.local_time": "local time (UTC+5)",
        "content_note.title": "Content note",
        "content_note.body": "Some descriptions include beatings, injuries and deaths. They are hidden until you choose to read them.",
        "content_note.show": "Show descriptions of violence",
        "content_note.hidden": "Description hidden: it describes violence. Use “Show descriptions of violence” above to read it.",
        # --- overview ---
        "overview.title": "What happened in Zhanaozen and Aktau, December 2011",
        "overview.metric.events": "Events shown",
        "overview.metric.span": "Date span",
        "overview.metric.official": "Detained, official figure",
        "overview.metric.independent": "Detained, independent lists",
        "overview.metric.none": "none in range",
        "overview.how": "How to use this dashboard",
        # --- sources & data ---
        "sources.title": "Sources & data",
        "sources.list": "Sources",
        "sources.events": "Filtered events",
        "sources.download_geojson": "Download filtered events (GeoJSON)",
        "sources.download_csv": "Download filtered events (CSV)",
        "sources.cite": "How to cite",
        # --- about ---
        "about.title": "About this dashboard",
        # --- map (issue 4) ---
        # --- timeline (issue 5) ---
        # --- counts (issue 6) ---
        # --- figure credits ---
        "credit.source": "Source: {sources}. Compiled by the Zhanaozen 2011 dashboard.",
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
