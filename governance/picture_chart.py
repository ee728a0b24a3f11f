"""The layout of the problem picture's monthly trend chart, drawn as SVG by governance/picture_trend.svg.

Bars per month: the period's twelve months beside the same months a year
earlier. Hidden public counts ("fewer than 3") get no bar but a mark.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from governance.picture import FEW

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
    numbers = [value for month in trend for value in (month["count"], month["year_before"]) if value != FEW]
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
            if value == FEW:
                chart.bars.append({"x": bar_x, "y": chart.axis_y - 4, "width": bar_width, "height": 0,
                                   "fill": colour, "text": "<3"})
            else:
                height = PLOT_HEIGHT * value / maximum
                chart.bars.append({"x": bar_x, "y": chart.axis_y - height, "width": bar_width, "height": height,
                                   "fill": colour, "text": str(value) if value else ""})
        chart.labels.append({"x": x + bar_width, "text": month["month"]})
    return chart
