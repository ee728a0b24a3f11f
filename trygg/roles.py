"""The portal's staff roles: Django groups, their permissions and descriptions.

This is the one place that says which role may do what. The groups are created
by a data migration; ``sync_role_permissions`` (run after every migrate and
flush) gives each group exactly the permissions listed here.
"""

from django.utils.translation import gettext_lazy as _

COORDINATOR = "Samordnare"
WORKING_GROUP = "Arbetsgrupp"
STEERING_GROUP = "Styrgrupp"
POLICE = "Polis"
STAFF = "Personal"

ROLES = {
    COORDINATOR: _(
        "Coordinators prepare matters and run the daily work: they moderate residents' "
        "reports, run surveys and dialogue, and keep measures and meetings up to date."
    ),
    WORKING_GROUP: _(
        "The working group prepares and carries out the measures the steering group decides: its members "
        "create measures and report progress on those their organisation owns or they are responsible for."
    ),
    STEERING_GROUP: _(
        "The steering group decides priorities and measures from the shared problem picture and makes "
        "situation reports for its meetings."
    ),
    POLICE: _(
        "Police liaisons follow residents' reports and add notes to them, carry out police-owned measures "
        "and give citizen promises together with the municipality."
    ),
    STAFF: _("Municipal staff answer staff surveys and take part in staff dialogue."),
}

# Roles whose members must use two-factor authentication in production.
TWO_FACTOR_ROLES = {COORDINATOR, POLICE}

ROLE_PERMISSIONS = {
    COORDINATOR: [
        "incidents.view_locality",
        "incidents.add_locality",
        "incidents.change_locality",
        "incidents.view_category",
        "incidents.add_category",
        "incidents.change_category",
        "incidents.view_policeeventtype",
        "incidents.change_policeeventtype",
        "incidents.view_importrun",
        "incidents.add_importrun",
        "incidents.view_replytemplate",
        "incidents.add_replytemplate",
        "incidents.change_replytemplate",
        "incidents.delete_replytemplate",
        "incidents.view_report",
        "incidents.moderate_report",
        "incidents.note_report",
        "incidents.view_reporter_contact",
        "incidents.export_report",
        "dialog.add_survey",
        "dialog.change_survey",
        "dialog.view_survey",
        "dialog.view_results",
        "dialog.view_free_text",
        "dialog.export_responses",
        "dialog.add_invitation",
        "dialog.view_feedback",
        "dialog.handle_feedback",
        "dialog.add_theme",
        "dialog.view_dialogueactivity",
        "dialog.add_dialogueactivity",
        "dialog.change_dialogueactivity",
        "governance.view_agreement",
        "governance.change_agreement",
        "governance.view_group",
        "governance.change_group",
        "governance.view_meeting",
        "governance.add_meeting",
        "governance.change_meeting",
        "governance.view_decision",
        "governance.add_decision",
        "governance.change_decision",
        "governance.view_measure",
        "governance.add_measure",
        "governance.change_measure",
        "governance.change_own_measure",
        "governance.view_citizenpromise",
        "governance.add_citizenpromise",
        "governance.change_citizenpromise",
        "governance.view_actionplan",
        "governance.change_actionplan",
        "governance.view_situationreport",
        "governance.add_situationreport",
        "governance.view_cyclestep",
        "governance.add_cyclestep",
        "governance.change_cyclestep",
    ],
    WORKING_GROUP: [
        "incidents.view_locality",
        "dialog.view_survey",
        "dialog.view_results",
        "dialog.view_feedback",
        "dialog.view_dialogueactivity",
        "governance.view_group",
        "governance.view_meeting",
        "governance.view_decision",
        "governance.view_measure",
        "governance.add_measure",
        "governance.change_own_measure",
        "governance.view_citizenpromise",
        "governance.view_actionplan",
        "governance.view_situationreport",
    ],
    STEERING_GROUP: [
        "incidents.view_locality",
        "dialog.view_survey",
        "dialog.view_results",
        "governance.view_group",
        "governance.view_meeting",
        "governance.view_decision",
        "governance.view_measure",
        "governance.view_citizenpromise",
        "governance.view_actionplan",
        "governance.view_situationreport",
        "governance.add_situationreport",
    ],
    # Police liaisons read the moderation queue (with contact details, logged) and add notes; they do not moderate.
    POLICE: [
        "incidents.view_locality",
        "incidents.view_report",
        "incidents.note_report",
        "incidents.view_reporter_contact",
        "incidents.export_report",
        "dialog.view_survey",
        "dialog.view_results",
        "dialog.view_feedback",
        "dialog.view_dialogueactivity",
        "governance.view_meeting",
        "governance.view_decision",
        "governance.view_measure",
        "governance.add_measure",
        "governance.change_police_measure",
        "governance.change_own_measure",
        "governance.view_citizenpromise",
        "governance.add_citizenpromise",
        "governance.change_citizenpromise",
        "governance.view_actionplan",
        "governance.view_situationreport",
    ],
    STAFF: [],
}

# Ownership: whose measures a permission lets its holder edit and report progress on. The partnership's
# organisations are incidents.models.Organisation's values. OWN_ORGANISATION stands for the organisations
# of the user's current group memberships (and the police's for the police role); every holder of
# change_own_measure also edits the measures they are personally responsible for.
OWN_ORGANISATION = "own"
MEASURE_EDIT_SCOPES = {
    "governance.change_measure": {"municipality", "other"},
    "governance.change_police_measure": {"police"},
    "governance.change_own_measure": {OWN_ORGANISATION},
}
# The organisation a role acts for even without a group membership.
ROLE_ORGANISATIONS = {COORDINATOR: "municipality", POLICE: "police"}


def organisations_of(user):
    """The partnership organisations a user acts for: by role, and by their current group memberships."""
    if not user.is_authenticated:
        return set()
    from django.utils import timezone

    organisations = {org for role, org in ROLE_ORGANISATIONS.items() if role in user.role_names}
    today = timezone.localdate()
    memberships = user.memberships.filter(starts_on__lte=today).exclude(ends_on__lt=today)
    organisations.update(memberships.values_list("organisation", flat=True))
    return organisations


def measure_owners_editable_by(user):
    """The owner organisations whose measures ``user`` edits, and whether they edit those they are responsible for."""
    owners, own_responsibility = set(), False
    for permission, scope in MEASURE_EDIT_SCOPES.items():
        if user.has_perm(permission):
            if OWN_ORGANISATION in scope:
                owners |= organisations_of(user)
                own_responsibility = True
            owners |= scope - {OWN_ORGANISATION}
    return owners, own_responsibility


def sync_role_permissions(using="default", **kwargs):
    """Create the role groups if missing and give each exactly its permissions."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    # Permissions of apps later in INSTALLED_APPS may not exist yet.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.append(
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


# --- the table in words, for docs/roles.md (python manage.py render_roles) ---

OWNERSHIP_WORDS = {
    "municipality": "the municipality's",
    "police": "the police's",
    "other": "other actors'",
    OWN_ORGANISATION: "their own organisation's and those they are responsible for",
}


def render_markdown():
    """docs/roles.md: who may do what, from ROLES, ROLE_PERMISSIONS and MEASURE_EDIT_SCOPES."""
    from django.apps import apps
    from django.contrib.auth.management import _get_all_permissions
    from django.utils import translation

    with translation.override("en"):
        names = {}
        for model in apps.get_models():
            for codename, name in _get_all_permissions(model._meta):
                names[f"{model._meta.app_label}.{codename}"] = (str(apps.get_app_config(model._meta.app_label)
                                                                    .verbose_name), str(name))
        columns = list(ROLES)
        lines = [
            "# Roles: who may do what",
            "",
            "<!-- Generated from trygg/roles.py by `python manage.py render_roles`; do not edit by hand. -->",
            "",
            "Each role is a Django group; `trygg/roles.py` gives each group exactly these permissions after every",
            "migrate. Administrators (superusers) may do everything.",
            "",
        ]
        for role, description in ROLES.items():
            lines.append(f"- **{role}**: {description}")
        lines += ["", "## Measures: whose measures each role edits and reports progress on", ""]
        for role in columns:
            scopes = [scope for permission, scope in MEASURE_EDIT_SCOPES.items() if permission in ROLE_PERMISSIONS[role]]
            owners = [OWNERSHIP_WORDS[o] for o in ("municipality", "police", "other", OWN_ORGANISATION)
                      if any(o in scope for scope in scopes)]
            lines.append(f"- **{role}**: " + (", ".join(owners) if owners else "none") + ".")
        lines += [
            "",
            "A member's own organisation is that of their current group memberships; police liaisons act for the",
            "police and coordinators for the municipality.",
            "",
            "## Permissions",
            "",
            "| Area | Permission | " + " | ".join(columns) + " |",
            "|---|---|" + "---|" * len(columns),
        ]
        held = sorted({p for permissions in ROLE_PERMISSIONS.values() for p in permissions},
                      key=lambda p: (names.get(p, ("", p))[0], names.get(p, ("", p))[1]))
        for permission in held:
            area, name = names.get(permission, ("", permission))
            cells = ["✓" if permission in ROLE_PERMISSIONS[role] else "" for role in columns]
            lines.append(f"| {area} | {name} (`{permission}`) | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"
