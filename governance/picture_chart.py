"""The layout of the problem picture's charts: the monthly trend (governance/picture_trend.svg) and the
static hotspot map (governance/picture_hotspots.svg).

Bars per month: the period's twelve months beside the same months a year
earlier. Hidden public counts ("fewer than 3") get no bar but a mark.
"""

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from governance.picture import FEW, HIDDEN
from incidents.models import PUBLIC_GRID_METRES

WIDTH = 720
HEIGHT = 300
LEFT = 40
TOP = 40
PLOT_HEIGHT = 200
CURRENT_COLOUR = "#1f5f8b"
PREVIOUS_COLOUR = "#6c7a89"


@dataclass
class TrendChart:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    bars: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    axis_y: int = TOP + PLOT_HEIGHT
    maximum: int = 0
    message: str = ""


def trend_chart(trend, title):
    numbers = [value for month in trend for value in (month["count"], month["year_before"])
               if value not in (FEW, HIDDEN)]
    maximum = max([*numbers, 1])
    chart = TrendChart(title=title, maximum=maximum)
    chart.legend = [
        {"x": LEFT, "fill": CURRENT_COLOUR, "text": _("These twelve months")},
        {"x": LEFT + 220, "fill": PREVIOUS_COLOUR, "text": _("A year earlier")},
    ]
    slot = (WIDTH - LEFT - 10) / max(len(trend), 1)
    bar_width = slot * 0.38
    for position, month in enumerate(trend):
        x = LEFT + position * slot + slot * 0.1
        for offset, value, colour in ((bar_width, month["year_before"], PREVIOUS_COLOUR),
                                      (0, month["count"], CURRENT_COLOUR)):
            bar_x = x + (0 if offset else bar_width)
            if value in (FEW, HIDDEN):
                chart.bars.append({"x": bar_x, "y": chart.axis_y - 4, "width": bar_width, "height": 0,
                                   "fill": colour, "text": "<3" if value == FEW else "·"})
            else:
                height = PLOT_HEIGHT * value / maximum
                chart.bars.append({"x": bar_x, "y": chart.axis_y - height, "width": bar_width, "height": height,
                                   "fill": colour, "text": str(value) if value else ""})
        chart.labels.append({"x": x + bar_width, "text": month["month"]})
    return chart


# --- The hotspot grid -------------------------------------------------------------------------

GRID_WIDTH = 680
GRID_HEIGHT = 640
GRID_MARGIN = 20
# From light to dark; the darkest takes white rank numbers (contrast ≥ 4.5:1).
HEAT_COLOURS = ["#e3eef6", "#b9d3e6", "#7fa9c9", "#1f5f8b"]


@dataclass
class GridChart:
    title: str
    width: int = WIDTH
    height: int = 120
    cells: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    ranks: list = field(default_factory=list)
    places: list = field(default_factory=list)
    outline: dict = field(default_factory=dict)
    message: str = ""


def _projection(top):
    """(x, y) of a point inside the service area (settings.MAP_BOUNDS), north up, true to scale."""
    south, west, north, east = settings.MAP_BOUNDS
    aspect = (north - south) / ((east - west) * math.cos(math.radians((south + north) / 2)))
    width = min(GRID_WIDTH, GRID_HEIGHT / aspect)
    height = width * aspect

    def project(latitude, longitude):
        return (GRID_MARGIN + (float(longitude) - west) / (east - west) * width,
                top + (north - float(latitude)) / (north - south) * height)

    return project, width, height


def hotspot_chart(hotspots, title, localities=()):
    """A static map of the service area for print and without JavaScript: its outline, the localities by
    name, the 250 m cells with reports shaded by count, and the hotspots numbered as in the table."""
    cells = hotspots["cells"]
    chart = GridChart(title=title)
    top = 44
    project, width, height = _projection(top)
    south, west, north, east = settings.MAP_BOUNDS
    chart.outline = {"x": GRID_MARGIN, "y": top, "width": width, "height": height}
    chart.width = int(2 * GRID_MARGIN + width)
    chart.height = int(top + height + GRID_MARGIN)
    metres_wide = (east - west) * 111_320 * math.cos(math.radians((south + north) / 2))
    size = max(4.0, PUBLIC_GRID_METRES / metres_wide * width)
    for locality in localities:
        x, y = project(locality.latitude, locality.longitude)
        chart.places.append({"x": x, "y": y, "name": locality.name})
    if not cells:
        chart.message = _("No squares to show.")
        return chart
    maximum = max(cell["count"] for cell in cells)
    for cell in cells:
        shade = min(len(HEAT_COLOURS) - 1, (len(HEAT_COLOURS) * cell["count"] - 1) // maximum)
        x, y = project(cell["latitude"], cell["longitude"])
        chart.cells.append({"x": x - size / 2, "y": y - size / 2, "size": size, "fill": HEAT_COLOURS[shade],
                            "count": cell["count"]})
    for rank, cell in enumerate(hotspots["top"], start=1):
        x, y = project(cell["latitude"], cell["longitude"])
        chart.ranks.append({"x": x, "y": y, "rank": rank})
    lowest = {}  # shade → the smallest count drawn in it
    for cell in chart.cells:
        lowest[cell["fill"]] = min(cell["count"], lowest.get(cell["fill"], cell["count"]))
    chart.legend = [
        {"x": GRID_MARGIN + n * 110, "fill": colour, "text": f"≥ {lowest[colour]}"}
        for n, colour in enumerate(colour for colour in HEAT_COLOURS if colour in lowest)
    ]
    return chart
