"""The admin's survey and dialogue pages list no accounts to choose from."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from conftest import make_user
from dialog.models import DialogueActivity, Survey
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.mark.parametrize("model", ["survey", "dialogueactivity"])
def test_admin_forms_do_not_list_residents_accounts(client, coordinator, localities, model):
    make_user("invanare@example.net")
    now = timezone.now()
    survey = Survey.objects.create(title="Enkät", opens_at=now, closes_at=now + timedelta(days=1),
                                   created_by=coordinator)
    activity = DialogueActivity.objects.create(kind="safety_walk", title="Vandring", date=date(2026, 5, 1),
                                    locality=localities["skarhamn"], organisers="Kommunen", created_by=coordinator)
    client.force_login(coordinator)
    obj = {"survey": survey, "dialogueactivity": activity}[model]
    for url in [f"/admin/dialog/{model}/add/", f"/admin/dialog/{model}/{obj.pk}/change/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "invanare@example.net" not in response.content.decode()
