from django.db import migrations, models


def uninstall(apps, schema_editor):
    from governance.rollups import uninstall

    uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("governance", "0012_merge_rollups_english_and_meetings"),
    ]

    operations = [
        # The trigger is written anew and every rollup counted anew by 0015_report_resolved_counts.
        migrations.RunPython(uninstall, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="reportmonthcount", name="report_month_count_key"),
        migrations.RunSQL("DELETE FROM governance_reportmonthcount", migrations.RunSQL.noop),
        migrations.RemoveField(model_name="reportmonthcount", name="merged"),
        migrations.RemoveField(model_name="reportmonthcount", name="status"),
        migrations.AddField(model_name="reportmonthcount", name="public", field=models.BooleanField(default=False),
                            preserve_default=False),
        migrations.AddConstraint(
            model_name="reportmonthcount",
            constraint=models.UniqueConstraint(fields=("day", "locality_id", "category", "kind", "source", "public"),
                                               name="report_month_count_key"),
        ),
    ]
