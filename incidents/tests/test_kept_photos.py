"""A photo chosen on the report form survives a send that comes back with errors, for that browser only.

The accepted photo is kept (cleaned of metadata, as every stored photo) and the
form carries a signed token for it; the next send of the same browser attaches
it. A token from another browser, a forged one or an expired one attaches
nothing. Photos kept for a send that never came are deleted by the retention run.
"""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from PIL import Image

from incidents.models import PendingPhoto, Report
from incidents.tests.images import jpeg_with_gps
from trygg.retention import retention_classes
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

FORM = "/rapportera/ny/"
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|submission_id|form_started)" value="([^"]*)"')
KEPT = re.compile(r'name="kept_photos" value="([^"]*)"')


def browser():
    return Client(enforce_csrf_checks=True)


def fresh_form(client, form_data):
    """form_data with the page's CSRF token and submission id, as this browser got them."""
    page = client.get(FORM).content.decode()
    hidden = dict(HIDDEN.findall(page))
    return {**form_data, "csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"], "submission_id": hidden["submission_id"]}


def mismatched(data, categories):
    """The easy mistake: a crime with an unsafe-place category."""
    return {**data, "kind": "crime", "category": categories["belysning"].pk}


@pytest.fixture
def kept(form_data, categories):
    """A resident's first send failed on kind and category; returns (client, form data, the page)."""
    resident = browser()
    data = fresh_form(resident, form_data)
    page = resident.post(FORM, {**mismatched(data, categories), "photos": jpeg_with_gps("kvällen.jpg")})
    assert page.status_code == 200
    return resident, data, page.content.decode()


def test_photo_is_kept_after_a_kind_and_category_mismatch(kept):
    _resident, _data, page = kept
    assert "Välj en kategori som hör till det du rapporterar." in page
    assert "kvällen.jpg" in page and "du behöver inte välja det igen" in page
    assert len(KEPT.findall(page)) == 1
    assert PendingPhoto.objects.count() == 1


def test_kept_photo_is_stored_without_metadata(kept):
    pending = PendingPhoto.objects.get()
    with pending.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()


def test_report_sent_after_the_failed_send_has_the_kept_photo(kept):
    resident, data, page = kept
    response = resident.post(FORM, {**data, "kept_photos": KEPT.findall(page)})
    assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get()
    assert report.photos.count() == 1
    with report.photos.get().image.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (64, 48) and not image.getexif()
    assert PendingPhoto.objects.count() == 0


def test_kept_photo_and_a_new_one_are_both_attached(kept):
    resident, data, page = kept
    response = resident.post(FORM, {**data, "kept_photos": KEPT.findall(page), "photos": jpeg_with_gps("två.jpg")})
    assert response.status_code == 302
    assert Report.objects.get().photos.count() == 2


def test_removed_kept_photo_is_not_attached_and_is_deleted(kept):
    resident, data, page = kept
    tokens = KEPT.findall(page)
    assert f'name="remove_photos" value="{tokens[0]}"' in page
    response = resident.post(FORM, {**data, "kept_photos": tokens, "remove_photos": tokens})
    assert response.status_code == 302
    assert Report.objects.get().photos.count() == 0
    assert PendingPhoto.objects.count() == 0


def test_photo_is_kept_across_two_failed_sends(kept, categories):
    resident, data, page = kept
    again = resident.post(FORM, {**mismatched(data, categories), "kept_photos": KEPT.findall(page)}).content.decode()
    assert "kvällen.jpg" in again and len(KEPT.findall(again)) == 1
    assert resident.post(FORM, {**data, "kept_photos": KEPT.findall(again)}).status_code == 302
    assert Report.objects.get().photos.count() == 1


def test_another_browsers_kept_photo_token_is_refused(kept, form_data):
    _resident, _data, page = kept
    stranger = browser()
    data = fresh_form(stranger, form_data)
    response = stranger.post(FORM, {**data, "kept_photos": KEPT.findall(page)})
    assert response.status_code == 200
    assert "finns inte längre" in response.content.decode()
    assert "kvällen.jpg" not in response.content.decode()
    assert not Report.objects.exists()
    assert PendingPhoto.objects.count() == 1  # still the resident's


def test_forged_kept_photo_token_is_refused(kept, form_data):
    resident, data, page = kept
    pending = PendingPhoto.objects.get()
    for forged in (str(pending.pk), KEPT.findall(page)[0] + "x", "nonsense"):
        response = resident.post(FORM, {**data, "kept_photos": [forged]})
        assert response.status_code == 200
        assert "finns inte längre" in response.content.decode()
    assert not Report.objects.exists()


def test_kept_photo_token_expires_after_a_day(kept):
    resident, data, page = kept
    with time_machine.travel(timezone.now() + timedelta(hours=25)):
        response = resident.post(FORM, {**data, "kept_photos": KEPT.findall(page)})
    assert response.status_code == 200
    assert "finns inte längre" in response.content.decode()
    assert not Report.objects.exists()


def test_no_more_than_three_photos_with_the_kept_ones(kept):
    resident, data, page = kept
    new = [jpeg_with_gps(f"{n}.jpg") for n in range(3)]
    response = resident.post(FORM, {**data, "kept_photos": KEPT.findall(page), "photos": new})
    assert response.status_code == 200
    assert "högst 3 foton" in response.content.decode()


def test_too_large_photo_is_not_kept_but_the_accepted_one_is(form_data, monkeypatch):
    monkeypatch.setattr("incidents.photos.MAX_PHOTO_BYTES", 2000)
    resident = browser()
    data = fresh_form(resident, form_data)
    small = jpeg_with_gps("liten.jpg", size=(8, 8))
    large = jpeg_with_gps("stor.jpg", size=(400, 300))
    image = Image.effect_noise((400, 300), 100).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    large.file = io.BytesIO(buffer.getvalue())
    large.size = len(buffer.getvalue())
    page = resident.post(FORM, {**data, "photos": [small, large]}).content.decode()
    assert "större än 10 MB" in page
    assert "liten.jpg" in page and "stor.jpg" not in page
    assert PendingPhoto.objects.count() == 1


def test_photo_is_kept_when_the_form_asks_about_a_possible_duplicate(form_data, make_report, categories):
    make_report(status="published", latitude=Decimal("57.990100"), longitude=Decimal("11.550100"))
    resident = browser()
    data = fresh_form(resident, form_data)
    page = resident.post(FORM, {**data, "photos": jpeg_with_gps("kvällen.jpg")}).content.decode()
    assert "Har någon redan rapporterat detta?" in page
    assert "kvällen.jpg" in page and len(KEPT.findall(page)) == 1
    response = resident.post(FORM, {**data, "confirm_not_duplicate": "on", "kept_photos": KEPT.findall(page)})
    assert response.status_code == 302
    assert Report.objects.latest("pk").photos.count() == 1


def pending_class():
    return next(c for c in retention_classes() if c.key == "pending_photos")


def test_retention_run_deletes_abandoned_kept_photos_and_their_files(kept, django_capture_on_commit_callbacks):
    abandoned = PendingPhoto.objects.get()
    storage, name = abandoned.image.storage, abandoned.image.name
    assert storage.exists(name)
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        assert pending_class().apply() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=25)), django_capture_on_commit_callbacks(execute=True):
        assert pending_class().apply() == 1
    assert not PendingPhoto.objects.exists()
    assert not storage.exists(name)


def test_category_select_groups_the_categories_by_kind(client, categories):
    page = client.get(FORM).content.decode()
    select = page[page.index('name="category"'):]
    select = select[: select.index("</select>")]
    groups = re.findall(r'<optgroup label="([^"]*)">', select)
    assert groups == ["Brott", "Ordningsstörning", "Otrygg plats"]
    crime_group = select[select.index('label="Brott"'): select.index('label="Ordningsstörning"')]
    assert "Inbrott" in crime_group and "Dålig belysning" not in crime_group
    assert f'value="{categories["belysning"].pk}" data-kind="unsafe_place"' in select
    assert "data-category-filter" in select
    assert "js/category_filter.js" in page


def test_photo_names_are_shown_as_text(form_data, categories):
    resident = browser()
    data = fresh_form(resident, form_data)
    page = resident.post(FORM, {**mismatched(data, categories), "photos": jpeg_with_gps("<b>x.jpg")}).content.decode()
    assert "&lt;b&gt;x.jpg" in page and "<b>x.jpg" not in page


def test_keeping_photos_is_limited_per_address_and_says_so(form_data, categories, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "kept_photos": [(1, 3600)]}
    resident = browser()
    data = fresh_form(resident, form_data)
    resident.post(FORM, {**mismatched(data, categories), "photos": jpeg_with_gps("ett.jpg")})
    page = resident.post(FORM, {**mismatched(data, categories), "photos": jpeg_with_gps("två.jpg")}).content.decode()
    assert "två.jpg" not in page
    assert "kunde inte sparas" in page
    assert PendingPhoto.objects.count() == 1
