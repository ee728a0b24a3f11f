"""docs/roles.md is the role table of trygg/roles.py, rendered by `manage.py render_roles`."""

import pytest
from django.core.management import CommandError, call_command

from trygg import roles
from trygg.management.commands import render_roles


def test_docs_roles_md_is_up_to_date():
    assert render_roles.ROLES_DOC.read_text(encoding="utf-8") == roles.render_markdown(), (
        "docs/roles.md is out of date: run python manage.py render_roles"
    )


def test_check_fails_when_the_table_changes(monkeypatch):
    monkeypatch.setitem(roles.ROLE_PERMISSIONS, roles.STAFF, ["governance.view_measure"])
    with pytest.raises(CommandError, match="out of date"):
        call_command("render_roles", "--check")


def test_table_names_each_role_and_whose_measures_it_edits():
    text = roles.render_markdown()
    assert "| Area | Permission | " + " | ".join(roles.ROLES) + " |" in text
    assert "- **Polis**: the police's" in text
    assert "- **Styrgrupp**: none." in text
    assert "| Can add internal notes to reports (`incidents.note_report`) | ✓ |  |  | ✓ |  |" in text
