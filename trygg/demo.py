"""Demo users: one for each role, a resident and an administrator."""

from django.contrib.auth.models import Group

from trygg import roles
from trygg.models import User

DEMO_PASSWORD = "demo-trygg-2026"

# email, first name, last name, role (None: resident), is_staff, is_superuser
DEMO_USERS = [
    ("admin@trygg.example", "Alva", "Admin", None, True, True),
    ("samordnare@trygg.example", "Samir", "Samordnare", roles.COORDINATOR, True, False),
    ("arbetsgrupp@trygg.example", "Ada", "Arbetsgrupp", roles.WORKING_GROUP, False, False),
    ("styrgrupp@trygg.example", "Stina", "Styrgrupp", roles.STEERING_GROUP, False, False),
    ("polis@trygg.example", "Per", "Polis", roles.POLICE, False, False),
    ("personal@trygg.example", "Pia", "Personal", roles.STAFF, False, False),
    ("invanare@trygg.example", "Ines", "Invånare", None, False, False),
]


def seed_users():
    created = 0
    for email, first_name, last_name, role, is_staff, is_superuser in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": is_staff,
                "is_superuser": is_superuser,
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        if role:
            user.groups.add(Group.objects.get(name=role))
    return created


def login_lines():
    lines = []
    for email, _first, _last, role, _staff, is_superuser in DEMO_USERS:
        label = "Admin" if is_superuser else (role or "Invånare")
        lines.append(f"  {label:<12} {email:<28} {DEMO_PASSWORD}")
    return lines
