"""Public texts copied from the reporter's words before issue 11 are emptied (data migration 0005)."""

import pytest
from django.urls import reverse

from incidents.copied_public_texts import clear_copied_public_texts
from incidents.models import Report, ReportEvent, Source, Status
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]

NEIGHBOUR = "Grannen Olle Berg (070-123 45 67) på Kyrkvägen 4 kastar skräp i diket."


def test_only_copies_nobody_wrote_are_emptied_with_a_history_entry(make_report, coordinator, client):
    copied = make_report(description=NEIGHBOUR, status=Status.PUBLISHED)  # the old publish copied it
    confirmed = make_report(description="Trasig lampa vid skolan.", status=Status.PUBLISHED)
    confirmed.edit_public_text("Trasig lampa vid skolan.", by=coordinator)
    written = make_report(description=NEIGHBOUR, status=Status.PUBLISHED, public_description="Skräp i diket.")
    police = make_report(description="Inbrott i villa, Skärhamn.", status=Status.PUBLISHED, source=Source.POLICE,
                         external_id="4711")
    new = make_report(description=NEIGHBOUR)

    assert clear_copied_public_texts(Report, ReportEvent) == 1
    texts = dict(Report.objects.values_list("pk", "public_description"))
    assert texts == {
        copied.pk: "",
        confirmed.pk: "Trasig lampa vid skolan.",
        written.pk: "Skräp i diket.",
        police.pk: "Inbrott i villa, Skärhamn.",
        new.pk: "",
    }
    event = copied.events.get(action=ReportEvent.Action.EDITED)
    assert NEIGHBOUR not in str(event.changes) + event.text
    assert "Olle Berg" not in client.get(reverse("incidents:detail", args=[copied.pk])).content.decode()
    client.force_login(coordinator)
    history = client.get(reverse("incidents:moderate", args=[copied.pk])).context["history"]
    assert "togs bort" in history[-1]["changes"]

    assert clear_copied_public_texts(Report, ReportEvent) == 0  # idempotent
