"""The layout of the problem picture's monthly trend chart, drawn as SVG by governance/picture_trend.svg.

Bars per month: the period's twelve months beside the same months a year
earlier. Hidden public counts ("fewer than 3") get no bar but a mark.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from governance.picture import FEW, HIDDEN

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
GRID_HEIGHT = 480
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
    message: str = ""


def hotspot_chart(hotspots, title):
    """The 250 m cells with reports, north up, shaded by count; the top ten numbered by rank."""
    cells = hotspots["cells"]
    chart = GridChart(title=title)
    if not cells:
        chart.message = _("No squares to show.")
        return chart
    xs, ys = [cell["x"] for cell in cells], [cell["y"] for cell in cells]
    columns, rows = max(xs) - min(xs) + 1, max(ys) - min(ys) + 1
    size = max(2.0, min(24.0, GRID_WIDTH / columns, GRID_HEIGHT / rows))
    maximum = max(cell["count"] for cell in cells)
    ranks = {(cell["y"], cell["x"]): rank for rank, cell in enumerate(hotspots["top"], start=1)}
    top = 44
    for cell in cells:
        shade = min(len(HEAT_COLOURS) - 1, (len(HEAT_COLOURS) * cell["count"] - 1) // maximum)
        chart.cells.append({
            "x": GRID_MARGIN + (cell["x"] - min(xs)) * size,
            "y": top + (max(ys) - cell["y"]) * size,
            "size": size,
            "fill": HEAT_COLOURS[shade],
            "text_fill": "#ffffff" if shade == len(HEAT_COLOURS) - 1 else "#212529",
            "count": cell["count"],
            "rank": ranks.get((cell["y"], cell["x"]), ""),
        })
    chart.height = int(top + rows * size + GRID_MARGIN)
    lowest = {}  # shade → the smallest count drawn in it
    for cell in chart.cells:
        lowest[cell["fill"]] = min(cell["count"], lowest.get(cell["fill"], cell["count"]))
    chart.legend = [
        {"x": GRID_MARGIN + n * 110, "fill": colour, "text": f"≥ {lowest[colour]}"}
        for n, colour in enumerate(colour for colour in HEAT_COLOURS if colour in lowest)
    ]
    return chart
