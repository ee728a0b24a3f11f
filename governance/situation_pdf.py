"""The lägesbild as a PDF document for the municipality's diary (diarium).

One document per frozen SituationReport, made from its stored figures only (never the live data):
a title page (title, period, made by, when, version and number), the analysis and priority problems,
every section of the picture with its charts (the same SVG layouts as the chart views, rendered here
and embedded, never fetched over HTTP) and the static hotspot map. Pages are numbered "Sida x av y" in
the footer; table rows never split across pages and table heads repeat on every page. The file is
PDF/A-3b, the archival profile, so that it can be opened the same way in decades.
"""

import base64

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from governance.picture_chart import hotspot_chart, trend_chart
from incidents.models import Locality

PDF_VARIANT = "pdf/a-3b"
STYLESHEET = "css/situation_report_pdf.css"


def _svg_data_uri(template, chart):
    svg = render_to_string(template, {"chart": chart})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")


def charts(figures):
    """The picture's charts as embeddable SVG data URIs, laid out from the frozen figures (a lägesbild frozen
    before a section existed simply has no chart for it)."""
    found = {}
    if figures.get("trend") is not None:
        found["trend"] = _svg_data_uri("governance/picture_trend.svg", trend_chart(figures["trend"], _("Reports per month")))
    if figures.get("hotspots"):
        found["hotspots"] = _svg_data_uri(
            "governance/picture_hotspots.svg",
            hotspot_chart(figures["hotspots"], _("Reports per 250 m square"), Locality.objects.order_by("name")),
        )
    return found


def page_css():
    """The page box: A4, numbered "Page x of y" (translated) in the footer, the title beside it."""
    number = _("Page %(page)s of %(pages)s") % {"page": '" counter(page) "', "pages": '" counter(pages) "'}
    return "@page { size: A4; margin: 18mm 16mm 20mm; @bottom-right { content: \"%s\"; } }" % number


def filename(report):
    return f"{slugify(_('situation report'))}-{report.period_start}-v{report.version}.pdf"


def render_html(report):
    """The document as HTML (what WeasyPrint lays out)."""
    made_by = report.created_by and (report.created_by.get_full_name() or report.created_by.get_username())
    context = {
        "report": report, "data": report.figures, "frozen": True, "public": False, "pdf": True,
        "charts": charts(report.figures), "made_by": made_by, "priorities": report.priorities.all(),
    }
    return render_to_string("governance/situation_report_pdf.html", context)


def render_pdf(report):
    """The PDF/A document of a situation report, as bytes."""
    from PIL import ImageFile
    from weasyprint import CSS, HTML  # imported here: it loads Pango, which only this needs

    # Importing WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES; residents' photos must still be
    # refused when they cannot be decoded whole (incidents.photos), so it goes back off at once.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    stylesheets = [CSS(filename=finders.find(STYLESHEET)), CSS(string=page_css())]
    return HTML(string=render_html(report), base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=stylesheets, pdf_variant=PDF_VARIANT,
    )
