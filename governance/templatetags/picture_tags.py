import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.dates import WEEKDAYS
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from governance.picture import FEW, HIDDEN

register = template.Library()



@register.filter
def count(value):
    """A count as shown: 'fewer than 3' for hidden small public counts, '–' for none."""
    if value == FEW:
        return _("fewer than 3")
    if value == HIDDEN:
        return _("hidden")
    if value is None:
        return "–"
    return number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def decimal(value):
    return "–" if value is None else number_format(value, 1, use_l10n=True)


@register.simple_tag
def change(percent, new):
    """A change in percent: '+12,5 %', 'new' when there was nothing before, '–' when it can't be said."""
    if percent is None:
        return _("new") if new else "–"
    sign = "+" if percent > 0 else ""
    return f"{sign}{number_format(percent, 1, use_l10n=True)} %"


@register.simple_tag
def row_change(row, against="previous"):
    """A row's change against the previous period (or "year"): '+12,5 %' from a base of at least
    SMALL_BASE, else the difference in numbers ('+13', '−2', '±0'); '–' when it can't be said."""
    suffix = "_year" if against == "year" else ""
    percent, difference = row.get(f"change{suffix}"), row.get(f"difference{suffix}")
    if percent is not None:
        sign = "+" if percent > 0 else ""
        return f"{sign}{number_format(percent, 1, use_l10n=True)} %"
    if difference is not None:
        if difference == 0:
            return "±0"
        return f"+{difference}" if difference > 0 else f"−{-difference}"
    return "–"


@register.simple_tag
def place_change(place):
    """An effect follow-up place's change by the picture's small-base rule: '+12,5 %' from a base of
    SMALL_BASE reports, else the difference in numbers ('+15'); '–' while the after window runs."""
    values = place if isinstance(place, dict) else vars(place)  # frozen lägesbilder keep places as dicts
    return row_change({"change": values.get("shown_percent"), "difference": values.get("shown_difference")})


@register.filter
def weekday(number):
    return WEEKDAYS[number - 1]  # ISO weekday 1 = Monday; Django's own translations


@register.simple_tag
def heat(value, maximum):
    """A shade class 0–4 for a matrix cell."""
    if not isinstance(value, int) or not maximum or not value:
        return "heat-0"
    return f"heat-{max(1, round(4 * value / maximum))}"


@register.simple_tag
def reports_in_cell(cells, y, x, public):
    """The number of reports in the hotspot cell (y, x); a cell the public list leaves out had fewer than 3."""
    for cell in cells:
        if cell["y"] == y and cell["x"] == x:
            return count(cell["count"])
    return count(FEW if public else 0)


@register.simple_tag
def hotspot_map_attributes():
    """The data attributes static/js/hotspot_map.js needs: the configured tiles and the service area."""
    south, west, north, east = settings.MAP_BOUNDS
    return format_html('data-tiles-url="{}" data-attribution="{}" data-bounds="{}"', settings.MAP_TILES_URL,
                       settings.MAP_ATTRIBUTION, json.dumps([[south, west], [north, east]]))
