from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from conftest import make_user
from governance.models import Measure, MeasureStatus
from trygg import roles
from trygg.testing.clock import fixed_clock

pytestmark = [pytest.mark.django_db, fixed_clock("2026-05-19 10:00")]


@pytest.fixture
def responsible(db):
    return make_user("ansvarig@example.org", roles.WORKING_GROUP, first_name="Ansa")


def measure_due_in(days, person, **fields):
    today = timezone.localdate()
    fields.setdefault("status", MeasureStatus.ONGOING)
    return Measure.objects.create(
        title=f"Åtgärd om {days} dagar", owner_organisation="municipality", responsible_person=person,
        starts_on=today - timedelta(days=60), due_on=today + timedelta(days=days), **fields,
    )


def run():
    out = StringIO()
    call_command("send_measure_reminders", stdout=out)
    return out.getvalue()


def test_reminds_seven_days_before_the_due_date_once(responsible):
    measure = measure_due_in(7, responsible)
    measure_due_in(8, responsible)
    assert run().strip() == "Measure reminders sent: 1 due soon, 0 overdue, 0 failed"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ansvarig@example.org"]
    assert measure.title in mail.outbox[0].subject
    assert f"/styrning/atgarder/{measure.pk}/" in mail.outbox[0].body
    assert run().strip() == "Measure reminders sent: 0 due soon, 0 overdue, 0 failed"
    assert len(mail.outbox) == 1


def test_reminds_once_of_an_overdue_measure(responsible):
    measure_due_in(-3, responsible)
    assert "0 due soon, 1 overdue" in run()
    run()
    assert len(mail.outbox) == 1


def test_a_new_due_date_gets_a_new_reminder(responsible):
    measure = measure_due_in(5, responsible)
    run()
    measure.due_on += timedelta(days=1)
    measure.save()
    run()
    assert len(mail.outbox) == 2


def test_no_reminder_for_finished_measures_or_without_a_responsible_person(responsible):
    measure_due_in(3, responsible, status=MeasureStatus.DONE, completed_on=timezone.localdate())
    measure_due_in(3, responsible, status=MeasureStatus.CANCELLED)
    measure_due_in(3, None)
    run()
    assert mail.outbox == []
    assert not Measure.objects.filter(reminded_for_due_on__isnull=False).exists()
