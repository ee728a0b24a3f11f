import io
import time
import uuid

import pytest
from django.core import signing
from django.urls import reverse
from PIL import Image

from incidents.forms import FORM_STARTED_SALT
from incidents.models import Report, ReportEvent, Status
from incidents.tests.images import fake_image, jpeg_with_gps

pytestmark = pytest.mark.django_db


def post(client, data, **extra):
    return client.post(reverse("incidents:report_new"), data, **extra)


def test_gate_tells_to_call_112_when_it_is_happening_now(client):
    response = client.get(reverse("incidents:report_start"), {"nu": "ja"})
    assert "tel:112" in response.content.decode()
    assert "tel:11414" in response.content.decode()


def test_gate_leads_to_the_form_when_it_is_not_happening_now(client):
    response = client.get(reverse("incidents:report_start"), {"nu": "nej"})
    assert response["Location"] == reverse("incidents:report_new")


def test_report_form_says_it_is_not_an_emergency_channel(client, categories):
    page = client.get(reverse("incidents:report_new")).content.decode()
    assert "112" in page and "114 14" in page


def test_anonymous_resident_reports_with_a_map_point(client, form_data):
    response = post(client, form_data)
    report = Report.objects.get()
    assert response["Location"] == reverse("incidents:receipt", args=[report.token])
    assert report.status == Status.NEW
    assert report.reporter is None
    assert report.locality.name == "Skärhamn"  # derived from the point
    assert report.events.get().action == ReportEvent.Action.CREATED


def test_report_without_map_uses_locality_and_place_text(client, form_data, localities):
    form_data.update(latitude="", longitude="", locality=localities["myggenas"].pk, place_description="Busshållplatsen")
    post(client, form_data)
    report = Report.objects.get()
    assert report.latitude is None
    assert report.locality == localities["myggenas"]
    assert report.public_latitude == localities["myggenas"].latitude


def test_report_needs_a_point_or_a_locality(client, form_data):
    form_data.update(latitude="", longitude="")
    response = post(client, form_data)
    assert response.status_code == 200
    assert "Markera platsen på kartan eller välj en ort" in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "latitude, longitude",
    [("59.3293", "18.0686"), ("91", "11.6"), ("abc", "11.6"), ("NaN", "11.6"), ("Infinity", "11.6"), ("57.99", "")],
)
def test_bad_or_out_of_area_coordinates_get_a_clear_error(client, form_data, latitude, longitude):
    form_data.update(latitude=latitude, longitude=longitude)
    response = post(client, form_data)
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Report.objects.exists()


def test_coordinates_with_many_decimals_are_rounded(client, form_data):
    form_data.update(latitude="57.99012345678", longitude="11.5501234567")
    post(client, form_data)
    assert str(Report.objects.get().latitude) == "57.990123"


def test_category_must_match_the_kind(client, form_data, categories):
    form_data["category"] = categories["inbrott"].pk
    response = post(client, form_data)
    assert "error-summary" in response.content.decode()


def test_over_long_description_is_refused(client, form_data):
    form_data["description"] = "x" * 5001
    assert "error-summary" in post(client, form_data).content.decode()
    assert not Report.objects.exists()


def test_future_date_is_refused(client, form_data):
    form_data["occurred_on"] = "2999-01-01"
    assert "error-summary" in post(client, form_data).content.decode()


def test_contact_details_need_consent(client, form_data):
    form_data["contact_email"] = "anna@example.org"
    assert "error-summary" in post(client, form_data).content.decode()
    form_data["consent_given"] = "on"
    post(client, form_data)
    assert Report.objects.get().contact_email == "anna@example.org"


def test_reporter_with_email_gets_a_receipt_with_the_status_link(client, form_data, mailoutbox, django_capture_on_commit_callbacks):
    form_data.update(contact_email="anna@example.org", consent_given="on")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data)
    report = Report.objects.get()
    assert len(mailoutbox) == 1
    assert report.reference in mailoutbox[0].subject
    assert reverse("incidents:status", args=[report.token]) in mailoutbox[0].body


def test_receipt_shows_reference_and_private_status_link(client, form_data):
    response = post(client, form_data, follow=True)
    report = Report.objects.get()
    page = response.content.decode()
    assert report.reference in page
    assert reverse("incidents:status", args=[report.token]) in page
    assert len(report.token) >= 32


def test_double_submission_stores_one_report_and_shows_the_same_receipt(client, form_data):
    client.get(reverse("incidents:report_new"))  # the browser's CSRF cookie, which a repeat is recognised by
    first = post(client, form_data)
    second = post(client, form_data)
    assert Report.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_honeypot_filled_stores_nothing(client, form_data):
    form_data["website"] = "http://spam.example"
    response = post(client, form_data)
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_form_sent_too_quickly_stores_nothing(client, form_data):
    form_data["form_started"] = signing.dumps(time.time(), salt=FORM_STARTED_SALT)
    assert "för snabbt" in post(client, form_data).content.decode()
    assert not Report.objects.exists()


def test_tampered_form_timestamp_is_refused(client, form_data):
    form_data["form_started"] = "12345"
    assert "error-summary" in post(client, form_data).content.decode()
    assert not Report.objects.exists()


def test_anonymous_reports_are_rate_limited_with_429(client, form_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": [(2, 3600)]}
    for _number in range(2):
        form_data["submission_id"] = str(uuid.uuid4())
        assert post(client, form_data).status_code == 302
    form_data["submission_id"] = str(uuid.uuid4())
    response = post(client, form_data)
    assert response.status_code == 429
    assert Report.objects.count() == 2


def test_reports_store_no_ip_address_or_user_agent(client, form_data):
    post(client, form_data, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="UniqueAgent/9.9")
    report = Report.objects.get()
    stored = " ".join(str(getattr(report, field.attname)) for field in Report._meta.fields)
    assert "203.0.113.77" not in stored
    assert "UniqueAgent" not in stored


def test_photo_is_stored_without_any_metadata(client, form_data):
    form_data["photos"] = [jpeg_with_gps()]
    post(client, form_data)
    photo = Report.objects.get().photos.get()
    with Image.open(photo.image.open("rb")) as stored:
        assert not stored.getexif()
        assert "exif" not in stored.info
    with Image.open(photo.thumbnail.open("rb")) as thumb:
        assert not thumb.getexif()
        assert max(thumb.size) <= 320
    raw = photo.image.open("rb").read()
    assert b"SERIAL-123456" not in raw and b"CameraMaker" not in raw


def test_file_that_is_not_an_image_is_refused_and_nothing_saved(client, form_data):
    form_data["photos"] = [fake_image()]
    response = post(client, form_data)
    assert "Filen är inte ett foto" in response.content.decode()
    assert not Report.objects.exists()


def test_at_most_three_photos(client, form_data):
    form_data["photos"] = [jpeg_with_gps(f"p{n}.jpg") for n in range(4)]
    assert "error-summary" in post(client, form_data).content.decode()
    assert not Report.objects.exists()


def test_oversized_photo_is_refused(client, form_data, monkeypatch):
    monkeypatch.setattr("incidents.photos.MAX_PHOTO_BYTES", 100)
    form_data["photos"] = [jpeg_with_gps()]
    assert "10 MB" in post(client, form_data).content.decode()
    assert not Report.objects.exists()


def test_logged_in_resident_sees_the_report_under_my_reports(client, form_data, resident):
    client.force_login(resident)
    post(client, form_data)
    report = Report.objects.get()
    assert report.reporter == resident
    page = client.get(reverse("incidents:my_reports")).content.decode()
    assert report.reference in page


def test_my_reports_shows_only_own_reports(client, resident, make_report):
    other = make_report()
    client.force_login(resident)
    assert other.reference not in client.get(reverse("incidents:my_reports")).content.decode()


def test_my_reports_needs_login(client):
    assert client.get(reverse("incidents:my_reports")).status_code == 302


def test_image_bomb_is_refused(client, form_data):
    output = io.BytesIO()
    Image.new("L", (8000, 6000)).save(output, format="PNG")
    from django.core.files.uploadedfile import SimpleUploadedFile

    form_data["photos"] = [SimpleUploadedFile("bomb.png", output.getvalue(), content_type="image/png")]
    assert "error-summary" in post(client, form_data).content.decode()
    assert not Report.objects.exists()


@pytest.mark.parametrize("bomb", ["png_bomb", "jpeg_bomb"])
def test_image_bomb_with_a_huge_declared_size_is_refused_as_too_many_pixels(client, form_data, bomb):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trygg.tests import hostile

    form_data["photos"] = [SimpleUploadedFile("bomb.img", getattr(hostile, bomb)(), content_type="image/png")]
    response = post(client, form_data)
    assert [error.code for error in response.context["form"].errors.as_data()["photos"]] == ["too_many_pixels"]
    assert not Report.objects.exists()


def test_resident_is_shown_published_reports_nearby_before_sending(client, form_data, make_report, categories):
    nearby = make_report(category=categories["belysning"], latitude="57.990500", longitude="11.550500",
                         status=Status.PUBLISHED)
    hidden = make_report(category=categories["belysning"], latitude="57.990200", longitude="11.550200")
    far = make_report(category=categories["belysning"], latitude="58.050000", longitude="11.700000",
                      status=Status.PUBLISHED)
    response = post(client, form_data)
    page = response.content.decode()
    assert response.status_code == 200
    assert reverse("incidents:detail", args=[nearby.pk]) in page
    assert hidden.reference not in page  # unpublished reports are never shown to residents
    assert far.reference not in page
    assert Report.objects.count() == 3
    # Sending anyway stores the report.
    form_data["confirm_not_duplicate"] = "on"
    assert post(client, form_data).status_code == 302
    assert Report.objects.count() == 4


def test_correcting_a_form_many_times_does_not_use_up_the_rate_limit(client, form_data, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": [(2, 3600)]}
    bad = {**form_data, "latitude": "", "longitude": ""}
    for _attempt in range(5):
        assert post(client, bad).status_code == 200
    assert post(client, form_data).status_code == 302
    assert Report.objects.count() == 1


def test_a_report_from_marstrand_is_refused_with_the_municipality_to_contact(client, form_data):
    # Marstrand (Kungälvs kommun) lay inside the old rectangular service area.
    response = post(client, {**form_data, "latitude": "57.887000", "longitude": "11.585000"})
    assert response.status_code == 200
    assert "Kungälvs kommun" in response.content.decode()
    assert not Report.objects.exists()


def test_report_is_stored_and_answered_when_the_mail_server_is_down(
    client, form_data, settings, django_capture_on_commit_callbacks, caplog
):
    from trygg.testing.mail import SMTP_DOWN

    settings.EMAIL_BACKEND = SMTP_DOWN
    form_data.update(contact_email="anna@example.org", consent_given="on")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, form_data)
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:receipt", args=[report.token])
    assert "Connection refused" in caplog.text


@pytest.fixture
def decoded(monkeypatch):
    """Counts the images Pillow decodes (their pixels loaded)."""
    from PIL import ImageFile

    calls = []
    original = ImageFile.ImageFile.load

    def load(self):
        calls.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return calls


def test_too_many_pixels_is_refused_from_the_header_without_decoding(client, form_data, monkeypatch, decoded):
    monkeypatch.setattr("incidents.photos.MAX_PIXELS", 1000)
    form_data["photos"] = [jpeg_with_gps(size=(64, 48))]
    response = post(client, form_data)
    assert [error.code for error in response.context["form"].errors.as_data()["photos"]] == ["too_many_pixels"]
    assert decoded == []


def test_a_rate_limited_sender_gets_no_photo_decoded(client, form_data, settings, decoded):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": [(1, 3600)]}
    assert post(client, form_data).status_code == 302
    form_data.update(submission_id=str(uuid.uuid4()), photos=[jpeg_with_gps(f"p{n}.jpg") for n in range(3)])
    assert post(client, form_data).status_code == 429
    assert decoded == []


def test_a_photo_whose_pixels_cannot_be_decoded_is_refused_with_a_clear_message(client, form_data, tmp_path):
    from django.conf import settings as django_settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    whole = jpeg_with_gps(size=(640, 480)).read()
    form_data["photos"] = [SimpleUploadedFile("cut.jpg", whole[: len(whole) // 2], content_type="image/jpeg")]
    response = post(client, form_data)
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert [error.code for error in response.context["form"].errors.as_data()["photos"]] == ["not_image"]
    assert not Report.objects.exists()
    media = django_settings.MEDIA_ROOT
    assert not any(path.is_file() for path in media.rglob("*")) if media.exists() else True
