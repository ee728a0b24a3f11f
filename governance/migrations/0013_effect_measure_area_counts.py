from django.db import migrations


def install(apps, schema_editor):
    """The effect follow-up's area counts (governance_measureareacount) and the covering index on
    ReportReceivedCount; the trigger on reports also keeps the area counts, a trigger on measures counts
    a measure's anew when its place changes; every rollup is counted anew."""
    from governance.rollups import install

    install(schema_editor)


def uninstall(apps, schema_editor):
    from governance.rollups import DROP_TABLES, uninstall

    uninstall(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0012_merge_rollups_english_and_meetings'),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
