from django.db import migrations


def install(apps, schema_editor):
    """Nothing here any more: 0018_report_year_counts installs the trigger for every rollup table."""


def uninstall(apps, schema_editor):
    from governance.rollups import uninstall

    uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0013_effect_measure_area_counts"),
        ("governance", "0013_report_month_counts_by_public"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
