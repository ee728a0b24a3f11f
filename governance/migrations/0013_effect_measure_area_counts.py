from django.db import migrations


def install(apps, schema_editor):
    """The effect follow-up's kept counts (governance.rollups: governance_measureareacount, counted reports per
    circular measure × day received × locality × in the area; governance_reportreceivedtotal, per category ×
    day received) and a covering index on ReportReceivedCount per locality; the trigger on reports keeps
    them, a trigger on measures counts a measure's area anew when its place changes; every rollup is
    counted anew."""
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
