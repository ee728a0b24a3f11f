from django.db import migrations


class Migration(migrations.Migration):
    """Public activities were built beside the invitation codes; neither depends on the other."""

    dependencies = [
        ("dialog", "0004_merge_answer_counts_and_invitation_codes"),
        ("dialog", "0004_public_activities"),
    ]

    operations = []
