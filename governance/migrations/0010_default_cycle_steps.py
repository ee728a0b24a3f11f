"""The yearly cycle's default steps, owners and dates (governance.cycle.DEFAULT_STEPS); edited in the admin."""

from django.db import migrations


def add_default_steps(apps, schema_editor):
    from governance.cycle import default_steps

    CycleStep = apps.get_model("governance", "CycleStep")
    Group = apps.get_model("auth", "Group")
    existing = set(CycleStep.objects.values_list("done_when", flat=True))
    CycleStep.objects.bulk_create(
        step for step in default_steps(CycleStep, Group) if step.done_when not in existing
    )


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0009_cycle_steps"),
        ("trygg", "0002_role_groups"),
    ]

    operations = [migrations.RunPython(add_default_steps, migrations.RunPython.noop)]
