"""Write docs/roles.md from trygg/roles.py, or check that it is up to date."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trygg.roles import render_markdown

ROLES_DOC = Path(settings.BASE_DIR) / "docs" / "roles.md"


class Command(BaseCommand):
    help = "Render the role table of trygg/roles.py into docs/roles.md."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if docs/roles.md is out of date; write nothing.")

    def handle(self, *args, check=False, **options):
        text = render_markdown()
        current = ROLES_DOC.read_text(encoding="utf-8") if ROLES_DOC.exists() else ""
        if check:
            if current != text:
                raise CommandError("docs/roles.md is out of date: run python manage.py render_roles")
            self.stdout.write("docs/roles.md is up to date.")
            return
        ROLES_DOC.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Wrote {ROLES_DOC.relative_to(settings.BASE_DIR)}."))
