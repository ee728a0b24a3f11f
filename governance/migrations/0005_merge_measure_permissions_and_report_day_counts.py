from django.db import migrations


class Migration(migrations.Migration):
    """Two branches of work each added a fourth migration; neither depends on the other."""

    dependencies = [
        ("governance", "0004_measure_change_own_permission"),
        ("governance", "0004_report_day_counts"),
    ]

    operations = []
