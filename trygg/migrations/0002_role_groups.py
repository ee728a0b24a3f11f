from django.db import migrations

# The role names as they were when this migration was written; their
# permissions are kept in step by trygg.roles.sync_role_permissions.
ROLE_NAMES = ["Samordnare", "Arbetsgrupp", "Styrgrupp", "Polis", "Personal"]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.using(schema_editor.connection.alias).get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("trygg", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
