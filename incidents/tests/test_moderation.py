"""The coordinators' moderation queue and report page; police read them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from incidents import notifications
from incidents.models import Organisation, RejectReason, Report, ReportEvent, Source, Status
from incidents.photos import save_photo
from incidents.tests.conftest import SKARHAMN
from incidents.tests.images import jpeg_with_gps
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

CONTACT = {"contact_name": "Greta Gatlykta", "contact_email": "greta@example.org", "contact_phone": "0701-234567"}


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def police_client(client, police):
    client.force_login(police)
    return client


def queue_url(**params):
    from urllib.parse import urlencode

    return reverse("incidents:queue") + (f"?{urlencode(params)}" if params else "")


def action_url(report, action):
    return reverse("incidents:moderate_action", args=[report.pk, action])


def staff_events(report):
    return list(report.events.exclude(action=ReportEvent.Action.CREATED))


def moderation_urls(report):
    """Every moderation URL with the method it answers: (method, url, data)."""
    urls = [
        ("get", queue_url(), {}),
        ("get", reverse("incidents:moderate", args=[report.pk]), {}),
        ("get", reverse("incidents:contact", args=[report.pk]), {}),
        ("post", reverse("incidents:bulk"), {"reports": [report.pk], "action": "publish"}),
    ]
    urls += [("post", action_url(report, action), ACTION_DATA.get(action, {})) for action in ACTIONS]
    return urls


ACTIONS = ["publish", "reject", "status", "text", "assign", "handler", "note", "response", "message", "merge"]
ACTION_DATA = {
    "reject": {"reject-reason": RejectReason.SPAM},
    "status": {"status-status": Status.PUBLISHED},
    "text": {"text-public_description": "En mörk gångväg vid skolan."},
    "assign": {"assign-organisation": Organisation.MUNICIPALITY},
    "note": {"note-text": "Ringde gatuenheten."},
    "response": {"response-text": "Kommunen sätter upp belysning i vår."},
    "message": {"message-text": "Tack, vi tittar på det."},
}


# --- Who may do what ---


def test_anonymous_is_sent_to_login_from_every_moderation_url(client, make_report):
    report = make_report()
    for method, url, data in moderation_urls(report):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert report.events.count() == 1


@pytest.mark.parametrize("role", ["resident", "staff_member", "steering_group_member", "working_group_member"])
def test_roles_without_moderation_rights_get_403_everywhere(client, make_report, request, role):
    report = make_report(**CONTACT)
    client.force_login(request.getfixturevalue(role))
    for method, url, data in moderation_urls(report):
        assert getattr(client, method)(url, data).status_code == 403, url
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.events.count() == 1


def test_police_read_queue_and_report_without_action_forms(police_client, make_report):
    report = make_report(description="Någon har krossat lampan.")
    response = police_client.get(queue_url())
    assert response.status_code == 200
    assert report.reference in response.content.decode()
    assert 'name="reports"' not in response.content.decode()

    response = police_client.get(reverse("incidents:moderate", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Någon har krossat lampan." in html
    # The note form is the only one: police liaisons add notes, they do not moderate.
    assert html.count("<form method=\"post\" action=\"/samordning") == 1
    assert f'action="{action_url(report, "note")}"' in html
    assert not response.context["can_moderate"]


def test_police_get_403_on_every_change_but_a_note(police_client, make_report):
    report = make_report()
    for method, url, data in moderation_urls(report):
        if method == "post" and url != action_url(report, "note"):
            assert police_client.post(url, data).status_code == 403, url
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert report.events.count() == 1


def test_police_add_a_note_seen_by_coordinators_and_police(police_client, coordinator, make_report):
    report = make_report()
    response = police_client.post(action_url(report, "note"), {"note-text": "Patrull har varit på plats."})
    assert response.status_code == 302
    note = report.events.get(action=ReportEvent.Action.NOTE)
    assert note.actor.email == "police@example.org"
    assert "Patrull har varit på plats." in police_client.get(
        reverse("incidents:moderate", args=[report.pk])).content.decode()
    coordinator_client = Client()
    coordinator_client.force_login(coordinator)
    assert "Patrull har varit på plats." in coordinator_client.get(
        reverse("incidents:moderate", args=[report.pk])).content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_police_note_without_text_is_refused_with_a_message(police_client, make_report):
    report = make_report()
    response = police_client.post(action_url(report, "note"), {"note-text": ""})
    assert response.status_code == 200 and response.context["forms"]["note"].errors["text"]
    assert report.events.count() == 1


def test_actions_answer_only_post(coordinator_client, make_report):
    report = make_report()
    assert coordinator_client.get(action_url(report, "publish")).status_code == 405
    assert coordinator_client.get(reverse("incidents:bulk")).status_code == 405


def test_unknown_action_is_404(coordinator_client, make_report):
    report = make_report()
    assert coordinator_client.post(action_url(report, "delete")).status_code == 404
    assert coordinator_client.post(reverse("incidents:moderate_action", args=[999999, "publish"])).status_code == 404


def test_dashboard_offers_moderation_to_coordinators_and_police(client, coordinator, police, resident):
    for user, shown in [(coordinator, True), (police, True), (resident, False)]:
        client.force_login(user)
        assert (queue_url() in client.get(reverse("dashboard")).content.decode()) is shown


# --- Each action: state changes, one history entry with the actor ---


@pytest.mark.parametrize(
    "action, data, event_action, check",
    [
        ("publish", {}, ReportEvent.Action.STATUS_CHANGED, lambda r: r.status == Status.PUBLISHED and r.is_public),
        (
            "reject",
            {"reject-reason": RejectReason.OUT_OF_SCOPE, "reject-note": "Gäller en privat tomt."},
            ReportEvent.Action.STATUS_CHANGED,
            lambda r: r.status == Status.REJECTED
            and r.reject_reason == RejectReason.OUT_OF_SCOPE
            and r.status_reason == "Gäller en privat tomt.",
        ),
        (
            "status",
            {"status-status": Status.PUBLISHED},
            ReportEvent.Action.STATUS_CHANGED,
            lambda r: r.status == Status.PUBLISHED,
        ),
        (
            "text",
            {"text-public_description": "Mörk gångväg vid skolan."},
            ReportEvent.Action.EDITED,
            lambda r: r.public_description == "Mörk gångväg vid skolan." and "Anna" in r.description,
        ),
        (
            "assign",
            {"assign-organisation": Organisation.OTHER, "assign-other": "Trafikverket"},
            ReportEvent.Action.ASSIGNED,
            lambda r: r.responsible_organisation == Organisation.OTHER and r.responsible_other == "Trafikverket",
        ),
        ("note", {"note-text": "Ringde gatuenheten."}, ReportEvent.Action.NOTE, lambda r: r.status == Status.NEW),
        (
            "response",
            {"response-text": "Belysning sätts upp i vår."},
            ReportEvent.Action.RESPONDED,
            lambda r: r.public_response == "Belysning sätts upp i vår.",
        ),
    ],
)
def test_each_action_changes_the_report_and_writes_one_history_entry(
    coordinator_client, coordinator, make_report, action, data, event_action, check
):
    report = make_report(description="Anna på Storgatan 3 säger att lampan är trasig.")
    response = coordinator_client.post(action_url(report, action), data)
    assert response.status_code == 302
    assert response.url == reverse("incidents:moderate", args=[report.pk])
    report.refresh_from_db()
    assert check(report)
    [event] = staff_events(report)
    assert event.action == event_action
    assert event.actor == coordinator
    messages = [str(m) for m in coordinator_client.get(response.url).context["messages"]]
    assert len(messages) == 1


def test_publishing_emails_the_reporter(
    coordinator_client, make_report, mailoutbox, django_capture_on_commit_callbacks
):
    report = make_report(contact_email="greta@example.org")
    silent = make_report()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(action_url(report, "publish"))
        coordinator_client.post(action_url(silent, "publish"))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["greta@example.org"]
    assert report.reference in mailoutbox[0].subject
    assert reverse("incidents:status", args=[report.token]) in mailoutbox[0].body


def test_reject_needs_a_reason(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(action_url(report, "reject"), {"reject-note": "Nej."})
    assert response.status_code == 200
    assert response.context["forms"]["reject"].errors["reason"]
    assert "error-summary" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert staff_events(report) == []


def test_closing_needs_a_reason(coordinator_client, make_report):
    report = make_report(status=Status.PUBLISHED)
    response = coordinator_client.post(action_url(report, "status"), {"status-status": Status.CLOSED})
    assert response.status_code == 200
    assert response.context["forms"]["status"].errors["reason"]
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED

    coordinator_client.post(
        action_url(report, "status"), {"status-status": Status.CLOSED, "status-reason": "Privat mark, ej vår."}
    )
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    assert report.status_reason == "Privat mark, ej vår."
    assert report.resolved_at is not None


def test_invalid_transition_is_refused_with_a_message(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(action_url(report, "status"), {"status-status": Status.RESOLVED})
    assert response.status_code == 200
    assert response.context["forms"]["status"].errors["status"]
    report.refresh_from_db()
    assert report.status == Status.NEW
    assert staff_events(report) == []


def test_publishing_a_rejected_report_is_refused_with_a_message(coordinator_client, make_report):
    report = make_report(status=Status.REJECTED)
    response = coordinator_client.post(action_url(report, "publish"), follow=True)
    assert response.status_code == 200
    [message] = response.context["messages"]
    assert message.level_tag == "error"
    report.refresh_from_db()
    assert report.status == Status.REJECTED
    assert staff_events(report) == []


def test_status_form_offers_only_allowed_transitions(coordinator_client, make_report):
    report = make_report(status=Status.PUBLISHED)
    response = coordinator_client.get(reverse("incidents:moderate", args=[report.pk]))
    offered = [value for value, _label in response.context["forms"]["status"].fields["status"].choices]
    assert offered == [Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED]


def test_assigning_another_actor_needs_its_name(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(action_url(report, "assign"), {"assign-organisation": Organisation.OTHER})
    assert response.status_code == 200
    assert response.context["forms"]["assign"].errors["other"]
    report.refresh_from_db()
    assert report.responsible_organisation == ""


def test_restoring_a_rejected_report_drops_the_old_rejection(coordinator_client, make_report):
    report = make_report()
    coordinator_client.post(action_url(report, "reject"), {"reject-reason": RejectReason.SPAM})
    coordinator_client.post(action_url(report, "status"), {"status-status": Status.NEW})
    coordinator_client.post(action_url(report, "publish"))
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    assert report.reject_reason == ""
    assert report.status_reason == ""


def test_restoring_a_merged_report_unmerges_it(coordinator_client, make_report):
    original = make_report()
    duplicate = make_report()
    duplicate.merge_into(original, by=None)
    coordinator_client.post(action_url(duplicate, "status"), {"status-status": Status.NEW})
    duplicate.refresh_from_db()
    assert duplicate.status == Status.NEW
    assert duplicate.merged_into is None


def test_taking_up_a_resolved_report_again_clears_its_resolution(coordinator_client, make_report):
    report = make_report(status=Status.IN_PROGRESS)
    coordinator_client.post(action_url(report, "status"), {"status-status": Status.RESOLVED})
    report.refresh_from_db()
    assert report.resolved_at is not None
    coordinator_client.post(action_url(report, "status"), {"status-status": Status.IN_PROGRESS})
    report.refresh_from_db()
    assert (report.status, report.resolved_at) == (Status.IN_PROGRESS, None)


def test_a_failing_mail_server_does_not_break_publishing(
    coordinator_client, make_report, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(report):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(notifications, "send_status_change", refuse)
    report = make_report(contact_email="greta@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(action_url(report, "publish"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED


def test_history_shows_who_did_what(coordinator_client, coordinator, make_report):
    report = make_report()
    coordinator_client.post(action_url(report, "publish"))
    coordinator_client.post(action_url(report, "note"), {"note-text": "Ringde gatuenheten."})
    response = coordinator_client.get(reverse("incidents:moderate", args=[report.pk]))
    rows = response.context["history"]
    assert [row["who"] for row in rows[1:]] == [coordinator, coordinator]
    assert rows[1]["changes"] == f"{Status.NEW.label} → {Status.PUBLISHED.label}"
    html = response.content.decode()
    assert "Ringde gatuenheten." in html
    assert "Cora" in html


def test_report_page_shows_photo_thumbnails_linking_to_full_images(coordinator_client, make_report):
    report = make_report()
    photo = save_photo(report, jpeg_with_gps())
    html = coordinator_client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    full, thumbnail = (reverse("incidents:photo", args=[photo.pk, size]) for size in ("stor", "liten"))
    assert f'<a href="{full}"><img src="{thumbnail}"' in html
    assert "/media/" not in html


def test_photos_are_served_only_to_staff_who_may_see_reports(client, coordinator, police, resident, make_report):
    photo = save_photo(make_report(), jpeg_with_gps())
    url = reverse("incidents:photo", args=[photo.pk, "liten"])
    assert client.get(url).status_code == 302
    client.force_login(resident)
    assert client.get(url).status_code == 403
    for user in (coordinator, police):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert b"SERIAL-123456" not in b"".join(response.streaming_content)


def test_merging_a_report_that_has_duplicates_moves_them_along(coordinator, make_report):
    original, middle, older_duplicate = make_report(), make_report(), make_report()
    older_duplicate.merge_into(middle, by=coordinator)
    middle.merge_into(original, by=coordinator)
    older_duplicate.refresh_from_db()
    assert older_duplicate.merged_into == original


def test_reporter_reopening_brings_the_report_back_to_the_coordinator(coordinator_client, make_report):
    report = make_report(status=Status.RESOLVED)
    report.reopen("Lampan är trasig igen.")
    response = coordinator_client.get(queue_url(status=Status.IN_PROGRESS))
    assert list(response.context["page"]) == [report]
    assert 'class="badge text-bg-warning"' in response.content.decode()
    response = coordinator_client.get(reverse("incidents:moderate", args=[report.pk]))
    assert "Lampan är trasig igen." in response.content.decode()
    offered = [value for value, _label in response.context["forms"]["status"].fields["status"].choices]
    assert Status.RESOLVED in offered


# --- Merging duplicates ---


def test_merge_by_reference(coordinator_client, coordinator, make_report):
    original = make_report()
    duplicate = make_report()
    response = coordinator_client.post(action_url(duplicate, "merge"), {"merge-original": original.reference})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == original
    assert duplicate.status == Status.REJECTED
    assert duplicate.reject_reason == RejectReason.DUPLICATE
    [event] = staff_events(duplicate)
    assert (event.action, event.actor, event.text) == (ReportEvent.Action.MERGED, coordinator, original.reference)
    [event] = staff_events(original)
    assert (event.action, event.text) == (ReportEvent.Action.MERGED, duplicate.reference)


@pytest.mark.parametrize("given", ["self", "missing", "merged", "rubbish", ""])
def test_merge_target_is_validated(coordinator_client, make_report, given):
    report = make_report()
    original = make_report()
    merged = make_report()
    merged.merge_into(original, by=None)
    value = {"self": report.reference, "missing": "TT-999999", "merged": str(merged.pk), "rubbish": "x1", "": ""}
    response = coordinator_client.post(action_url(report, "merge"), {"merge-original": value[given]})
    assert response.status_code == 200
    assert response.context["forms"]["merge"].errors
    report.refresh_from_db()
    assert report.merged_into is None
    assert staff_events(report) == []


@pytest.mark.parametrize("status", [Status.WITHDRAWN, "merged"])
def test_withdrawn_or_merged_reports_cannot_be_merged(coordinator_client, make_report, status):
    original = make_report()
    if status == "merged":
        report = make_report()
        report.merge_into(make_report(), by=None, confirmed=True)
    else:
        report = make_report(status=status)
    events = report.events.count()
    response = coordinator_client.post(action_url(report, "merge"), {"merge-original": original.reference})
    assert response.status_code == 200
    assert response.context["forms"]["merge"].non_field_errors()
    assert report.events.count() == events
    assert not original.merged.exists()


def test_suggested_duplicates_merge_in_one_click(coordinator_client, make_report, categories):
    original = make_report()
    nearby = (SKARHAMN[0] + Decimal("0.0005"), SKARHAMN[1])
    report = make_report(latitude=nearby[0], longitude=nearby[1])
    make_report(category=categories["klotter"])  # another category: not a duplicate
    make_report(latitude=SKARHAMN[0] + Decimal("0.01"), longitude=SKARHAMN[1])  # 1 km away
    response = coordinator_client.get(reverse("incidents:moderate", args=[report.pk]))
    assert response.context["duplicates"] == [original]
    assert f'name="merge-original" value="{original.pk}"' in response.content.decode()

    coordinator_client.post(action_url(report, "merge"), {"merge-original": original.pk})
    report.refresh_from_db()
    assert report.merged_into == original


def test_suggested_merges_point_from_the_new_report_to_the_older_one(coordinator_client, make_report):
    older = make_report()
    newer = make_report()
    # On the older report's page the suggestion merges the new one into it, never the other way.
    body = coordinator_client.get(reverse("incidents:moderate", args=[older.pk])).content.decode()
    assert f'action="{action_url(newer, "merge")}"' in body
    assert f'name="merge-original" value="{older.pk}"' in body
    assert f'name="merge-original" value="{newer.pk}"' not in body
    # On the new report's page it merges the new one into the older.
    body = coordinator_client.get(reverse("incidents:moderate", args=[newer.pk])).content.decode()
    assert f'action="{action_url(newer, "merge")}"' in body
    assert f'name="merge-original" value="{older.pk}"' in body


def test_suggested_merge_keeps_the_resolved_report_as_original(coordinator_client, make_report):
    resolved = make_report(status=Status.RESOLVED)
    brand_new = make_report()
    body = coordinator_client.get(reverse("incidents:moderate", args=[resolved.pk])).content.decode()
    assert f'action="{action_url(brand_new, "merge")}"' in body
    assert f'action="{action_url(resolved, "merge")}"' not in body.split('id="duplicates-heading"')[1]


def test_resolved_report_beats_an_older_open_one_as_original(make_report):
    older_open = make_report(status=Status.PUBLISHED)
    resolved = make_report(status=Status.CLOSED)
    assert older_open.should_stay_original_before(resolved) is False
    assert resolved.should_stay_original_before(older_open) is True
    assert older_open.should_stay_original_before(make_report()) is True


def test_merging_a_resolved_report_into_a_new_one_asks_first(coordinator_client, make_report):
    resolved = make_report(status=Status.RESOLVED)
    brand_new = make_report()
    response = coordinator_client.post(action_url(resolved, "merge"), {"merge-original": brand_new.reference})
    assert response.status_code == 200
    assert response.templates[0].name == "incidents/report_merge_confirm.html"
    body = response.content.decode()
    assert 'name="merge-confirmed" value="1"' in body
    # The way back: merge the other way, or cancel.
    assert f'action="{action_url(brand_new, "merge")}"' in body
    assert reverse("incidents:moderate", args=[resolved.pk]) in body
    resolved.refresh_from_db()
    assert resolved.merged_into is None
    assert resolved.status == Status.RESOLVED
    assert staff_events(resolved) == [] and staff_events(brand_new) == []


def test_merging_into_a_newer_report_goes_through_once_confirmed(coordinator_client, make_report):
    older = make_report()
    newer = make_report()
    response = coordinator_client.post(
        action_url(older, "merge"), {"merge-original": newer.reference, "merge-confirmed": "1"}
    )
    assert response.status_code == 302
    older.refresh_from_db()
    assert older.merged_into == newer


def test_merge_into_refuses_the_reversed_direction_unconfirmed(make_report):
    older = make_report()
    newer = make_report()
    with pytest.raises(ValueError):
        older.merge_into(newer, by=None)
    older.refresh_from_db()
    assert older.merged_into is None


# --- Contact details ---


def test_contact_details_are_not_on_the_report_page(coordinator_client, make_report, resident):
    report = make_report(reporter=resident, **CONTACT)
    report.events.update(actor=resident)
    html = coordinator_client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    for value in [*CONTACT.values(), resident.email]:
        assert value not in html
    assert reverse("incidents:contact", args=[report.pk]) in html
    assert not report.events.filter(action=ReportEvent.Action.CONTACT_VIEWED).exists()


@pytest.mark.parametrize("viewer", ["coordinator", "police"])
def test_viewing_contact_details_is_logged(client, make_report, request, viewer):
    user = request.getfixturevalue(viewer)
    client.force_login(user)
    report = make_report(**CONTACT)
    response = client.post(reverse("incidents:contact", args=[report.pk]))
    assert response.status_code == 200
    assert "greta@example.org" in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    [event] = report.events.filter(action=ReportEvent.Action.CONTACT_VIEWED)
    assert event.actor == user
    history = client.get(reverse("incidents:moderate", args=[report.pk])).content.decode()
    assert str(user) in history


def test_report_without_contact_details_logs_nothing(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(reverse("incidents:contact", args=[report.pk]))
    assert response.status_code == 200
    assert not report.events.filter(action=ReportEvent.Action.CONTACT_VIEWED).exists()


# --- The queue ---


def test_queue_shows_new_reports_first_then_newest(coordinator_client, make_report):
    old_new = make_report()
    published = make_report(status=Status.PUBLISHED)
    newest_new = make_report()
    Report.objects.filter(pk=old_new.pk).update(created_at=timezone.now() - timedelta(days=3))
    response = coordinator_client.get(queue_url())
    assert list(response.context["page"]) == [newest_new, old_new, published]


def test_queue_counts_reports_per_status(coordinator_client, make_report):
    make_report()
    make_report()
    make_report(status=Status.PUBLISHED)
    counts = {value: count for value, _label, count in coordinator_client.get(queue_url()).context["status_counts"]}
    assert counts[Status.NEW] == 2
    assert counts[Status.PUBLISHED] == 1
    assert counts[Status.REJECTED] == 0


def test_queue_filters(coordinator_client, make_report, categories, localities):
    dark = make_report()
    graffiti = make_report(category=categories["klotter"], locality=localities["myggenas"], latitude=None)
    police_event = make_report(source=Source.POLICE, status=Status.PUBLISHED)
    old = make_report()
    Report.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    cases = [
        ({"status": Status.PUBLISHED}, [police_event]),
        ({"kind": graffiti.kind}, [graffiti]),
        ({"category": categories["klotter"].pk}, [graffiti]),
        ({"locality": localities["myggenas"].pk}, [graffiti]),
        ({"source": Source.POLICE}, [police_event]),
        ({"period": "30", "status": Status.NEW}, [graffiti, dark]),
    ]
    for params, expected in cases:
        assert list(coordinator_client.get(queue_url(**params)).context["page"]) == expected, params


def test_queue_is_paginated_and_keeps_filters(coordinator_client, make_report):
    for _ in range(27):
        make_report()
    make_report(status=Status.PUBLISHED)
    response = coordinator_client.get(queue_url(status=Status.NEW))
    assert len(response.context["page"]) == 25
    assert "?status=new&amp;sida=2" in response.content.decode()
    response = coordinator_client.get(queue_url(status=Status.NEW, sida=2))
    assert len(response.context["page"]) == 2
    assert coordinator_client.get(queue_url(sida="nonsense")).status_code == 200


def test_queue_query_count_does_not_grow_with_rows(
    coordinator_client, make_report, categories, localities, django_assert_max_num_queries
):
    make_report()
    with django_assert_max_num_queries(16) as few:
        coordinator_client.get(queue_url())
    for index in range(20):
        make_report(
            category=categories["klotter"] if index % 2 else categories["belysning"],
            locality=localities["myggenas"],
            merged_into=Report.objects.first() if index == 5 else None,
            reopened_count=index % 3,
        )
    with django_assert_max_num_queries(len(few)):
        coordinator_client.get(queue_url())


def test_queue_has_labelled_checkboxes_and_a_caption(coordinator_client, make_report):
    report = make_report()
    html = coordinator_client.get(queue_url()).content.decode()
    assert "<caption>" in html
    assert f'id="select-{report.pk}"' in html
    assert f'for="select-{report.pk}"' in html


# --- Bulk actions ---


def test_bulk_publish(coordinator_client, coordinator, make_report):
    reports = [make_report(), make_report()]
    response = coordinator_client.post(
        reverse("incidents:bulk") + "?status=new", {"reports": [r.pk for r in reports], "action": "publish"}
    )
    assert response.status_code == 302
    assert response.url == queue_url(status="new")
    for report in reports:
        report.refresh_from_db()
        assert report.status == Status.PUBLISHED
        [event] = staff_events(report)
        assert event.actor == coordinator


def test_bulk_reject_needs_a_reason(coordinator_client, make_report):
    report = make_report()
    response = coordinator_client.post(reverse("incidents:bulk"), {"reports": [report.pk], "action": "reject"})
    assert response.status_code == 200
    assert response.context["bulk_form"].errors["reject_reason"]
    assert f'id="select-{report.pk}" checked' in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.NEW

    coordinator_client.post(
        reverse("incidents:bulk"), {"reports": [report.pk], "action": "reject", "reject_reason": RejectReason.SPAM}
    )
    report.refresh_from_db()
    assert (report.status, report.reject_reason) == (Status.REJECTED, RejectReason.SPAM)


def test_bulk_skips_reports_whose_status_does_not_allow_it(coordinator_client, make_report):
    new = make_report()
    rejected = make_report(status=Status.REJECTED)
    resolved = make_report(status=Status.RESOLVED)
    response = coordinator_client.post(
        reverse("incidents:bulk"), {"reports": [new.pk, rejected.pk, resolved.pk], "action": "publish"}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert any("1" in m for m in messages)
    assert any("2" in m for m in messages)
    assert len(messages) == 2
    assert [Report.objects.get(pk=r.pk).status for r in (new, rejected, resolved)] == [
        Status.PUBLISHED,
        Status.REJECTED,
        Status.RESOLVED,
    ]


def test_bulk_without_selection_shows_an_error(coordinator_client, make_report):
    make_report()
    response = coordinator_client.post(reverse("incidents:bulk"), {"action": "publish"})
    assert response.status_code == 200
    assert response.context["bulk_form"].errors["reports"]
    response = coordinator_client.post(reverse("incidents:bulk"), {"reports": ["999999", "x"], "action": "publish"})
    assert response.status_code == 200
    assert response.context["bulk_form"].errors["reports"]
