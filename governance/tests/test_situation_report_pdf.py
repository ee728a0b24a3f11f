"""The lägesbild as a PDF/A document: made by a command and by a button, its pages looked at.

The pages are rendered to PNG and their text read with pypdfium2: the page count stays within bounds,
every page carries "Sida x av y", and no table row is split across two pages.
"""

import io
import re
import zlib

import pypdfium2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from governance.models import Rhythm
from governance.situation import freeze
from incidents.models import Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

ROWS = 30  # tall rows, enough that the table per locality runs over several pages


def row_name(n):
    """A cell text long enough to wrap over several lines (a row that could split), with a marker at each end."""
    return (f"R{n:03d}A Ort med ett mycket långt namn som bryter raden i tabellen flera gånger, så att raden "
            f"skulle kunna delas mellan två sidor om ingen regel hindrade det; den fortsätter ännu en stund "
            f"för att bli riktigt hög och slutar R{n:03d}Z")


@pytest.fixture
def frozen(make_report, categories, coordinator):
    for category in list(categories.values())[:6]:
        for _ in range(3):
            make_report(status=Status.PUBLISHED, category=category)
    return freeze(rhythm=Rhythm.MONTHLY, day=timezone.localdate(), analysis="Mörka platser dominerar.",
                  priorities=[("Belysning", "12 rapporter")], by=coordinator)


@pytest.fixture
def situation_report(frozen):
    report = frozen
    # The stored figures stand as they are: give the table per locality many tall rows.
    report.figures["key_figures"]["per_thousand"] = [
        {"locality": row_name(n), "population": 100 + n, "reports": n, "reports_before": 0,
         "per_thousand": 1.0, "per_thousand_before": 0.0}
        for n in range(ROWS)
    ]
    report.save(update_fields=["figures"])
    return report


def decompressed(pdf):
    """All the PDF's Flate streams, inflated (the catalogue and metadata sit in compressed streams)."""
    found = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            found.append(zlib.decompressobj().decompress(pdf[match.end():]))
        except zlib.error:
            continue
    return b"".join(found)


def pages_of(pdf):
    """Each page's text (whitespace collapsed), after rendering the page to an image as a reader would see it."""
    document = pypdfium2.PdfDocument(pdf)
    texts = []
    for page in document:
        image = page.render(scale=0.5).to_pil()
        assert image.size[0] > 200 and image.getextrema() != ((255, 255), (255, 255), (255, 255))  # not blank
        texts.append(" ".join(page.get_textpage().get_text_range().split()))
    return texts


def test_situation_report_pdf_has_numbered_pages_and_no_split_rows(situation_report, tmp_path):
    path = tmp_path / "lagesbild.pdf"
    out = io.StringIO()
    call_command("situation_report_pdf", situation_report.pk, "-o", str(path), stdout=out)
    pdf = path.read_bytes()
    assert pdf.startswith(b"%PDF-") and b'pdfaid:part="3"' in decompressed(pdf)  # PDF/A-3 in the XMP metadata
    assert str(path) in out.getvalue()

    pages = pages_of(pdf)
    assert 4 <= len(pages) <= 20
    for number, text in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in text
    title_page = pages[0]
    assert "Lägesbild" in title_page and "1 maj 2026 – 31 maj 2026" in title_page
    assert "Upprättad av Cora" in title_page and "Version 1" in title_page and "Lägesbild nummer" in title_page
    assert "Mörka platser dominerar." in pages[1]
    # The charts are drawn in: the trend chart's legend, and the static map's place names (Myggenäs has no
    # reports and its table row was replaced above, so only the map names it).
    assert any("De här tolv månaderna" in text for text in pages)
    assert any("Myggenäs" in text for text in pages)

    spanned = {page for n in range(ROWS) for page, text in enumerate(pages) if f"R{n:03d}A" in text}
    assert len(spanned) >= 2, "the table per locality should run over a page break"
    for n in range(ROWS):
        start = [page for page, text in enumerate(pages) if f"R{n:03d}A" in text]
        end = [page for page, text in enumerate(pages) if f"R{n:03d}Z" in text]
        assert start and start == end, f"row {n} is split across pages {start} and {end}"
    head_pages = [page for page, text in enumerate(pages) if "Per 1 000 invånare" in text]
    assert set(spanned) <= set(head_pages), "the table head is repeated on every page the table runs over"


def test_command_says_when_the_report_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="no situation report number 999"):
        call_command("situation_report_pdf", 999, "-o", str(tmp_path / "x.pdf"))


def test_steering_group_member_downloads_the_pdf_from_the_situation_report(client, frozen, steering_group_member):
    situation_report = frozen
    client.force_login(steering_group_member)
    url = reverse("governance:situation_report_pdf", args=[situation_report.pk])
    assert url in client.get(reverse("governance:situation_report", args=[situation_report.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert re.fullmatch(r'attachment; filename="lagesbild-2026-05-01-v1\.pdf"', response["Content-Disposition"])
    assert response.content.startswith(b"%PDF-")


def test_staff_without_the_permission_gets_no_pdf(client, frozen, staff_member):
    client.force_login(staff_member)
    response = client.get(reverse("governance:situation_report_pdf", args=[frozen.pk]))
    assert response.status_code == 403


def test_pdf_of_a_missing_report_is_not_found(client, steering_group_member):
    client.force_login(steering_group_member)
    assert client.get(reverse("governance:situation_report_pdf", args=[999])).status_code == 404


def test_making_a_pdf_leaves_truncated_photos_refused(client, frozen, steering_group_member):
    """WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES when imported; a half photo must still be refused after."""
    from PIL import ImageFile

    client.force_login(steering_group_member)
    assert client.get(reverse("governance:situation_report_pdf", args=[frozen.pk])).status_code == 200
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
