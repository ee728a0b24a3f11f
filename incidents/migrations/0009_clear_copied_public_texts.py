from django.db import migrations

from incidents.copied_public_texts import clear_copied_public_texts


def clear(apps, schema_editor):
    clear_copied_public_texts(apps.get_model("incidents", "Report"), apps.get_model("incidents", "ReportEvent"))


class Migration(migrations.Migration):
    """Issue 11, finding 2: public texts copied from the reporter's description are emptied."""

    dependencies = [("incidents", "0008_report_handler")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
