"""Invitation codes for a representative round, as CSV for the letters (code, link)."""

import csv

from django.core.management.base import BaseCommand, CommandError

from dialog.invitations import codes_up_to, invitation_url
from dialog.models import Survey


class Command(BaseCommand):
    help = "Top an invitation-only survey's codes up to COUNT and print the unused ones as CSV (code,url)."

    def add_arguments(self, parser):
        parser.add_argument("survey", type=int, help="The survey's id.")
        parser.add_argument("count", type=int, help="How many codes the round should have in all.")

    def handle(self, *args, survey, count, **options):
        try:
            survey = Survey.objects.get(pk=survey)
        except Survey.DoesNotExist:
            raise CommandError(f"There is no survey {survey}.") from None
        if count < 0:
            raise CommandError("COUNT must be 0 or more.")
        if not survey.invitation_only:
            self.stderr.write(f"Note: “{survey}” is not invitation-only; its public link works without a code.")
        unused = codes_up_to(survey, count)
        writer = csv.writer(self.stdout)
        writer.writerow(["code", "url"])
        for invitation in unused:
            writer.writerow([invitation.token, invitation_url(invitation)])
        self.stderr.write(f"{len(unused)} unused codes of {survey.invitations.filter(email='').count()}.")
