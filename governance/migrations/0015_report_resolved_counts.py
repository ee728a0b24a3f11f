from django.db import migrations, models


def install(apps, schema_editor):
    """Nothing here any more: 0018_report_year_counts installs the trigger for every rollup table."""


def uninstall(apps, schema_editor):
    from governance.rollups import uninstall

    uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0014_merge_month_counts_by_public_and_effect_areas"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportResolvedCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("locality_id", models.IntegerField(default=0)),
                ("kind", models.CharField(max_length=20)),
                ("public", models.BooleanField()),
                ("hours", models.IntegerField()),
                ("reports", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("day", "locality_id", "kind", "public", "hours"),
                                                        include=("reports",), name="report_resolved_count_key")],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
