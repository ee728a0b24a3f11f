from django.core.management.base import BaseCommand
from django.db import transaction

from incidents import notifications
from incidents.models import SafetyFollowUp, reports_due_for_follow_up


class Command(BaseCommand):
    help = "Ask reporters 'Does the place feel safer now?' about four weeks after their report was resolved. Run daily."

    def handle(self, *args, **options):
        sent = 0
        for report in reports_due_for_follow_up().iterator():
            with transaction.atomic():
                # The row is the marker: a report is asked once, whatever happens later.
                follow_up, created = SafetyFollowUp.objects.get_or_create(report=report)
                if created:
                    # A mail server that is down costs this one question, never the rest of the run.
                    transaction.on_commit(
                        lambda follow_up=follow_up: notifications.send_follow_up(follow_up), robust=True
                    )
                    sent += 1
        self.stdout.write(f"Follow-up questions sent: {sent}")
