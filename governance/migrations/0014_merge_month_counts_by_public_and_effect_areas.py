from django.db import migrations


def install(apps, schema_editor):
    """The trigger now keeps the monthly counts by public and the effect's area counts and totals;
    every rollup is counted anew."""
    from governance.rollups import install

    install(schema_editor)


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
