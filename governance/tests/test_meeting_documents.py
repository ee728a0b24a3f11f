"""Documents attached to a meeting: checked on upload, stored under a name nobody guesses, served after a
permission check, public only with public minutes, deleted by a coordinator."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from governance.models import ChangeRecord, MeetingDocument
from governance.tests.meeting_fixtures import (  # noqa: F401
    agreement,
    english,
    held_meeting,
    make_decision,
    past_meeting,
    steering,
)
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english"), fixed_clock("2026-05-19 10:00")]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def png():
    output = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(output, format="PNG")
    return output.getvalue()


def upload(client, meeting, name="underlag.pdf", content=PDF, title="Underlag", **extra):
    return client.post(reverse("governance:meeting_document_upload", args=[meeting.pk]),
                       {"title": title, "file": SimpleUploadedFile(name, content), **extra})


def test_coordinator_attaches_a_pdf_stored_under_a_random_name(client, coordinator, held_meeting):
    client.force_login(coordinator)
    response = upload(client, held_meeting)
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    assert document.original_name == "underlag.pdf" and document.content_type == "application/pdf"
    assert document.file.name.startswith("meetings/") and "underlag" not in document.file.name
    assert len(document.file.name) > len("meetings/") + 30
    assert ChangeRecord.for_object(held_meeting).filter(action="document added").exists()
    page = client.get(reverse("governance:meeting_detail", args=[held_meeting.pk])).content.decode()
    assert reverse("governance:meeting_document", args=[held_meeting.pk, document.pk]) in page


def test_images_and_office_files_are_accepted(client, coordinator, held_meeting):
    client.force_login(coordinator)
    assert upload(client, held_meeting, "karta.png", png()).status_code == 302
    assert upload(client, held_meeting, "plan.docx", b"PK\x03\x04rest-of-a-zip").status_code == 302
    assert MeetingDocument.objects.count() == 2


@pytest.mark.parametrize("name, content", [
    ("script.html", b"<script>alert(1)</script>"),
    ("fake.pdf", b"<html>not a pdf</html>"),
    ("bild.png", PDF),
    ("program.exe", b"MZ\x90\x00"),
])
def test_wrong_or_disguised_files_are_refused(client, coordinator, held_meeting, name, content):
    client.force_login(coordinator)
    response = upload(client, held_meeting, name, content)
    assert response.status_code == 400
    assert "file" in response.context["document_form"].errors
    assert not MeetingDocument.objects.exists()


def test_too_large_file_is_refused(client, coordinator, held_meeting, monkeypatch):
    monkeypatch.setattr("governance.forms.meetings.MAX_DOCUMENT_BYTES", 100)
    client.force_login(coordinator)
    assert upload(client, held_meeting, content=PDF + b"x" * 200).status_code == 400
    assert not MeetingDocument.objects.exists()


@pytest.fixture
def document(client, coordinator, held_meeting):
    client.force_login(coordinator)
    upload(client, held_meeting)
    client.logout()
    return MeetingDocument.objects.get()


@pytest.mark.parametrize("role", ["coordinator", "working_group_member", "steering_group_member", "police"])
def test_everyone_who_sees_the_meeting_downloads_the_document(client, request, role, document):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("governance:meeting_document", args=[document.meeting_id, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="underlag.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("role", [None, "resident", "staff_member"])
def test_others_cannot_download_it(client, request, role, document):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("governance:meeting_document", args=[document.meeting_id, document.pk]))
    assert response.status_code in (302, 403)
    assert client.get(reverse("governance:public_minutes_document",
                              args=[document.meeting_id, document.pk])).status_code == 404


def test_document_of_another_meeting_is_404(client, coordinator, document, steering):
    from governance.tests.meeting_fixtures import make_meeting

    other = make_meeting(steering, days=-3, title="Annat")
    client.force_login(coordinator)
    assert client.get(reverse("governance:meeting_document", args=[other.pk, document.pk])).status_code == 404


def test_public_document_is_public_only_with_public_minutes(client, coordinator, held_meeting):
    client.force_login(coordinator)
    upload(client, held_meeting, title="Karta", is_public="on")
    upload(client, held_meeting, title="Internt")
    public, internal = MeetingDocument.objects.order_by("pk")
    make_decision(held_meeting, is_public=True)
    client.logout()
    public_url = reverse("governance:public_minutes_document", args=[held_meeting.pk, public.pk])
    assert client.get(public_url).status_code == 404, "the minutes are not approved yet"
    held_meeting.approve_minutes(coordinator)
    assert client.get(public_url).status_code == 200
    assert client.get(reverse("governance:public_minutes_document",
                              args=[held_meeting.pk, internal.pk])).status_code == 404
    page = client.get(reverse("governance:public_minutes", args=[held_meeting.pk])).content.decode()
    assert "Karta" in page and "Internt" not in page


def test_coordinator_deletes_a_document_and_its_file(client, coordinator, document, django_capture_on_commit_callbacks):
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:meeting_document_delete", args=[document.meeting_id, document.pk]))
    assert response.status_code == 302
    assert not MeetingDocument.objects.exists() and not storage.exists(name)
    assert ChangeRecord.for_object(document.meeting).filter(action="document deleted").exists()


@pytest.mark.parametrize("role", ["working_group_member", "steering_group_member", "police"])
def test_only_coordinators_attach_and_delete(client, request, role, document):
    client.force_login(request.getfixturevalue(role))
    meeting = document.meeting
    assert upload(client, meeting).status_code == 403
    assert client.post(reverse("governance:meeting_document_delete", args=[meeting.pk, document.pk])).status_code == 403
    assert MeetingDocument.objects.count() == 1
