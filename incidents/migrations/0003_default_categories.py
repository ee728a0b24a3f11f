from django.db import migrations

from incidents.categories import ensure_default_categories


def create_categories(apps, schema_editor):
    ensure_default_categories(apps.get_model("incidents", "Category"))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_reports")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
