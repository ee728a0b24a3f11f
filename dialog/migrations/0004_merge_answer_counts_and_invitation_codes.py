from django.db import migrations


class Migration(migrations.Migration):
    """Two branches of work each added a third migration; neither depends on the other."""

    dependencies = [
        ("dialog", "0003_answer_counts"),
        ("dialog", "0003_invitation_codes"),
    ]

    operations = []
