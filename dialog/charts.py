"""The layout of the results' bar charts, drawn as SVG by dialog/results_chart.svg.

No chart library: each chart is a list of rows with coordinates, and the
template writes the rectangles and (escaped) texts. The numbers are the same as
in the table beside the chart.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from dialog.models import QuestionType
from trygg.localized import localized_text

WIDTH = 720
LEFT = 8
PLOT_WIDTH = 560
LABEL_CHARS = 95
# Colour and text colour of each segment, from good to bad, with contrast ≥ 4.5:1 for the text.
SCALE_COLOURS = [
    ("#1a5e20", "#ffffff"),
    ("#6aa84f", "#000000"),
    ("#f0b44c", "#000000"),
    ("#b3450e", "#ffffff"),
    ("#6b1f0b", "#ffffff"),
]
NO_VALUE_COLOUR = ("#8a8a8a", "#000000")
BAR_COLOUR = "#1f5f8b"
PREVIOUS_COLOUR = "#9aa5b1"


@dataclass
class Bar:
    y: int
    label: str
    width: float
    text: str
    previous_width: float | None = None
    previous_text: str = ""

    @property
    def text_x(self):
        return LEFT + self.width + 6

    @property
    def previous_text_x(self):
        return LEFT + (self.previous_width or 0) + 6


@dataclass
class Segment:
    x: float
    width: float
    fill: str
    text_colour: str
    text: str

    @property
    def text_x(self):
        return self.x + 4


@dataclass
class Chart:
    title: str
    height: float
    width: int = WIDTH
    bars: list = field(default_factory=list)
    stacks: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    message: str = ""
    plot_left: int = LEFT
    plot_width: int = PLOT_WIDTH


def short(text):
    text = str(text)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def percent_text(share):
    return "–" if share is None else f"{share:.0f} %"


def too_few_chart(title):
    return Chart(title=title, height=60, message=_("too few answers"))


def question_chart(result, current_label="", previous_label=""):
    """A horizontal bar per option (share of respondents); a stacked bar per matrix item."""
    if result.too_few:
        return too_few_chart(localized_text(result.question, "text"))
    if result.question.type == QuestionType.MATRIX:
        return matrix_chart(result)
    has_trend = any(row.previous_share is not None for row in result.rows)
    chart = Chart(title=localized_text(result.question, "text"), height=0)
    y = 8
    if has_trend:
        chart.legend = [
            {"x": LEFT, "y": y, "fill": BAR_COLOUR, "text": current_label},
            {"x": LEFT + 160, "y": y, "fill": PREVIOUS_COLOUR, "text": previous_label},
        ]
        y += 28
    for row in result.rows:
        bar = Bar(y=y, label=short(row.label), width=PLOT_WIDTH * (row.share or 0) / 100,
                  text=percent_text(row.share))
        y += 40
        if has_trend:
            bar.previous_width = PLOT_WIDTH * (row.previous_share or 0) / 100
            bar.previous_text = percent_text(row.previous_share)
            y += 14
        chart.bars.append(bar)
    chart.height = y
    return chart


def matrix_chart(result):
    options = result.question.options.all()
    valued = [option for option in options if option.value is not None]
    colours = {}
    for position, option in enumerate(valued):
        index = round(position * (len(SCALE_COLOURS) - 1) / max(len(valued) - 1, 1))
        colours[option.code] = SCALE_COLOURS[index]
    chart = Chart(title=localized_text(result.question, "text"), height=0)
    x, y = LEFT, 8
    for option in options:
        fill, _text = colours.get(option.code, NO_VALUE_COLOUR)
        label = localized_text(option, "label")
        width = 34 + 8 * len(label)
        if x + width > WIDTH:
            x, y = LEFT, y + 22
        chart.legend.append({"x": x, "y": y, "fill": fill, "text": label})
        x += width
    y += 34
    for item in result.items:
        segments = []
        if not item.too_few:
            x = LEFT
            for row in item.rows:
                fill, text_colour = colours.get(row.code, NO_VALUE_COLOUR)
                width = PLOT_WIDTH * (row.share or 0) / 100
                segments.append(Segment(x=x, width=width, fill=fill, text_colour=text_colour,
                                        text=percent_text(row.share) if width >= 34 else ""))
                x += width
        chart.stacks.append({"y": y, "label": short(item.label), "segments": segments,
                             "message": _("too few answers") if item.too_few else ""})
        y += 44
    chart.height = y
    return chart


def index_chart(index, title):
    """The trygghetsindex (0–100) of the municipality and each locality."""
    chart = Chart(title=title, height=0)
    y = 8
    for row in [index.total, *index.rows]:
        if row.too_few or row.index is None:
            bar = Bar(y=y, label=short(row.label), width=0, text=_("too few answers") if row.too_few else "–")
        else:
            bar = Bar(y=y, label=short(row.label), width=PLOT_WIDTH * row.index / 100, text=f"{row.index:.0f}")
        chart.bars.append(bar)
        y += 40
    chart.height = y
    return chart
