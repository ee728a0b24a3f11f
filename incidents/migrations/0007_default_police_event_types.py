from django.db import migrations

from incidents.categories import ensure_default_police_event_types


def create_police_event_types(apps, schema_editor):
    ensure_default_police_event_types(
        apps.get_model("incidents", "PoliceEventType"), apps.get_model("incidents", "Category")
    )


class Migration(migrations.Migration):
    """The police's event types mapped to the standard categories, so a fresh installation imports events."""

    dependencies = [("incidents", "0006_police_import_run")]

    operations = [migrations.RunPython(create_police_event_types, migrations.RunPython.noop)]
