import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The effect follow-up's kept counts: MeasureAreaCount (counted reports per circular measure × day
    received × locality × in the area), ReportReceivedTotal (per category × day received) and a covering
    index on ReportReceivedCount per locality. The trigger that keeps them is installed by
    0015_report_resolved_counts."""

    dependencies = [
        ("governance", "0012_merge_rollups_english_and_meetings"),
        ("incidents", "0017_merge_followers_indexes_and_map_cells"),
    ]

    operations = [
        migrations.CreateModel(
            name="MeasureAreaCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("measure_id", models.BigIntegerField()),
                ("day", models.DateField()),
                ("locality_id", models.IntegerField()),
                ("in_area", models.BooleanField()),
                ("reports", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("measure_id", "day", "locality_id", "in_area"),
                                                        include=("reports",), name="measure_area_count_key")],
            },
        ),
        migrations.CreateModel(
            name="ReportReceivedTotal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("day", models.DateField()),
                ("reports", models.IntegerField(default=0)),
                ("category", models.ForeignKey(db_constraint=False, db_index=False,
                                               on_delete=django.db.models.deletion.DO_NOTHING, related_name="+",
                                               to="incidents.category")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("category", "day"), include=("reports",),
                                                        name="report_received_total_key")],
            },
        ),
        migrations.AddIndex(
            model_name="reportreceivedcount",
            index=models.Index(fields=["category", "locality_id", "day"], include=["reports"],
                               name="received_count_by_locality"),
        ),
    ]
