"""Remind responsible persons of their measures. Run daily from a scheduler; safe to run again."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from governance.models import Measure
from trygg.mail import absolute_url, send

REMIND_DAYS_BEFORE = 7


def send_reminder(measure, today):
    context = {
        "measure": measure,
        "overdue": measure.due_on < today,
        "measure_url": absolute_url(reverse("governance:measure_detail", args=[measure.pk])),
    }
    with translation.override(settings.LANGUAGE_CODE):
        send("governance/email/measure_reminder", measure.responsible_person.email, context)


class Command(BaseCommand):
    help = (
        "Email the responsible person of each planned or ongoing measure 7 days before its due date, "
        "or once when it is overdue without a reminder. One reminder per due date; run daily."
    )

    def handle(self, *args, **options):
        today = timezone.localdate()
        candidates = (
            Measure.objects.active()
            .filter(due_on__lte=today + timedelta(days=REMIND_DAYS_BEFORE), responsible_person__is_active=True)
            .exclude(responsible_person__email="")
            .exclude(reminded_for_due_on=F("due_on"))
            .select_related("responsible_person")
        )
        due_soon = overdue = failed = 0
        for measure in candidates:
            # Claim the reminder first: a parallel run cannot send it twice.
            claimed = Measure.objects.filter(pk=measure.pk).exclude(reminded_for_due_on=measure.due_on).update(
                reminded_for_due_on=measure.due_on
            )
            if not claimed:
                continue
            try:
                send_reminder(measure, today)
            except Exception as error:  # noqa: BLE001 - one failed mail must not stop the others
                Measure.objects.filter(pk=measure.pk).update(reminded_for_due_on=measure.reminded_for_due_on)
                self.stderr.write(f"Measure {measure.pk}: {error}")
                failed += 1
                continue
            if measure.due_on < today:
                overdue += 1
            else:
                due_soon += 1
        self.stdout.write(f"Measure reminders sent: {due_soon} due soon, {overdue} overdue, {failed} failed")
