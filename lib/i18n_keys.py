"""Keys that the code builds at run time (``t(f"category.{c}", lang)``), declared so that
``pybabel extract`` finds them. Add a key here when you build one from a value."""

from lib.i18n import N_

VOCABULARIES: dict[str, tuple[str, ...]] = {
    # lib.schema.Category
    "category": (
        N_("category.protest"),
        N_("category.violence"),
        N_("category.detention"),
        N_("category.ill_treatment"),
        N_("category.official_statement"),
        N_("category.communications"),
        N_("category.restriction"),
        N_("category.investigation"),
        N_("category.trial"),
        N_("category.reaction"),
        N_("category.context"),
    ),
    # lib.schema.ClaimantType
    "claimant_type": (
        N_("claimant_type.official"),
        N_("claimant_type.journalist"),
        N_("claimant_type.witness"),
        N_("claimant_type.ngo"),
        N_("claimant_type.media"),
        N_("claimant_type.foreign_official"),
        N_("claimant_type.unclear"),
    ),
    # lib.schema.ClaimType
    "claim_type": (
        N_("claim_type.official"),
        N_("claim_type.independent"),
        N_("claim_type.foreign_official"),
        N_("claim_type.unclear"),
    ),
    # lib.schema.TimePrecision
    "time_precision": (
        N_("time_precision.minute"),
        N_("time_precision.hour"),
        N_("time_precision.part_of_day"),
        N_("time_precision.day"),
        N_("time_precision.day_range"),
        N_("time_precision.month"),
    ),
    # lib.schema.PartOfDay
    "part_of_day": (
        N_("part_of_day.morning"),
        N_("part_of_day.afternoon"),
        N_("part_of_day.evening"),
        N_("part_of_day.night"),
    ),
    # lib.schema.LocationPrecision
    "location_precision": (
        N_("location_precision.exact"),
        N_("location_precision.approximate"),
        N_("location_precision.town"),
        N_("location_precision.region"),
        N_("location_precision.country"),
        N_("location_precision.unknown"),
    ),
    # lib.schema.Qualifier
    "qualifier": (
        N_("qualifier.exact"),
        N_("qualifier.about"),
        N_("qualifier.at_least"),
        N_("qualifier.more_than"),
        N_("qualifier.at_most"),
    ),
    # lib.schema.Metric
    "metric": (
        N_("metric.detained"),
        N_("metric.facing_charges"),
        N_("metric.arrested"),
        N_("metric.held_together"),
        N_("metric.deaths"),
        N_("metric.injured"),
        N_("metric.questioned"),
        N_("metric.administrative_penalty"),
        N_("metric.convicted"),
        N_("metric.acquitted"),
        N_("metric.jailed"),
        N_("metric.suspended_sentence"),
        N_("metric.amnestied"),
        N_("metric.charged"),
        N_("metric.bodies_counted"),
        N_("metric.crowd_size"),
        N_("metric.police_deployed"),
        N_("metric.identified_suspects"),
        N_("metric.facilities_damaged"),
        N_("metric.workers_dismissed"),
    ),
}
"""One key per value of each vocabulary in ``lib/schema.py`` (a test checks they match)."""

OTHERS: tuple[str, ...] = (
    # lib/counts.py: a lower bound's short label on a crowded toll chart (lib.counts.LOWER_BOUNDS)
    N_("qualifier.short.at_least"),
    N_("qualifier.short.more_than"),
    # lib/tables.py: column headers
    N_("sources.column.id"),
    N_("sources.column.title"),
    N_("sources.column.publisher"),
    N_("sources.column.date"),
    N_("sources.column.url"),
    N_("sources.column.language"),
    N_("sources.column.note"),
    N_("sources.column.when"),
    N_("sources.column.event"),
    N_("sources.column.category"),
    N_("sources.column.claimant"),
    N_("sources.column.place"),
    N_("sources.column.sources"),
    # lib/counts.py TABLE_COLUMNS: column headers
    N_("counts.col.figure"),
    N_("counts.col.metric"),
    N_("counts.col.claim"),
    N_("counts.col.claimant"),
    N_("counts.col.stated_on"),
    N_("counts.col.period"),
    N_("counts.col.place"),
    N_("counts.col.source"),
    N_("counts.col.source_url"),
    N_("counts.col.locator"),
    N_("counts.col.note"),
    N_("counts.col.id"),
    # lib/counts.py FILE_COLUMNS: the CSV's further headers
    N_("counts.col.value"),
    N_("counts.col.qualifier"),
    N_("counts.col.stated_on_basis"),
    N_("counts.col.adds_to"),
    # lib/counts.py: short metric names
    N_("counts.short.bodies_counted"),
    # lib/counts.py: legend entries by claim type
    N_("counts.legend.official"),
    N_("counts.legend.independent"),
    N_("counts.legend.official_point"),
    N_("counts.legend.independent_point"),
    N_("counts.legend.official_bound"),
    N_("counts.legend.independent_bound"),
    N_("counts.legend.foreign_official"),
    N_("counts.legend.unclear"),
    N_("counts.legend.foreign_official_point"),
    N_("counts.legend.unclear_point"),
    N_("counts.legend.foreign_official_bound"),
    N_("counts.legend.unclear_bound"),
    # pages/overview.py: detainee metrics by claim type
    N_("overview.metric.official"),
    N_("overview.metric.independent"),
    # pages/timeline.py: lane choices
    N_("timeline.lane.category"),
    N_("timeline.lane.claimant"),
    # lib/counts.py: chart titles and axes passed to the toll figure
    N_("counts.deaths.title"),
    N_("counts.deaths.axis"),
    N_("counts.injuries.title"),
    N_("counts.injuries.axis"),
    # pages/about.py: the translations table
    N_("about.col.record"),
    N_("about.col.lang"),
    N_("about.col.translator"),
    N_("about.col.reviewed"),
    N_("about.col.reviewer"),
    N_("about.col.outdated"),
    N_("about.reviewed.True"),
    N_("about.reviewed.False"),
    # lib/timeline.py: legend entries by claim type
    N_("timeline.legend.official"),
    N_("timeline.legend.independent"),
    N_("timeline.legend.foreign_official"),
    N_("timeline.legend.unclear"),
)
"""Other keys built at run time, by the module that builds them."""

PUBLISH: tuple[str, ...] = (
    # lib.publish_ui: download labels and sizes, by format and preset
    N_("publish.download.png"),
    N_("publish.download.svg"),
    N_("publish.size.16x9"),
    N_("publish.size.4x5"),
    N_("publish.size.1x1"),
    # lib.publish.filters_text: no filter, for events or for figures of counts
    N_("publish.filter.none"),
    N_("publish.filter.none_dates"),
)

PAGE_TITLES: tuple[str, ...] = (
    # app.py: the navigation, one title per page script
    N_("app.page.overview"),
    N_("app.page.map"),
    N_("app.page.timeline"),
    N_("app.page.counts"),
    N_("app.page.sources"),
    N_("app.page.about"),
    N_("app.page.present"),
)

LIST_PAGES: tuple[str, ...] = (
    # lib/ui.py: page_picker's defaults, for a long list shown a page at a time
    N_("list.page"),
    N_("list.rows"),
)
