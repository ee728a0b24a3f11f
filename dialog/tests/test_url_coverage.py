"""Every dialog URL has an expected answer per role in one of the permission tables."""

from django.urls import get_resolver

from dialog.tests import test_answering, test_builder, test_feedback_permissions, test_results


def dialog_url_names():
    _prefix, resolver = get_resolver().namespace_dict["dialog"]
    return {name for name in resolver.reverse_dict if isinstance(name, str)}


def test_every_dialog_url_is_in_a_permission_table():
    tables = [test_answering.EXPECTED, test_builder.EXPECTED, test_feedback_permissions.EXPECTED, test_results.EXPECTED]
    in_tables = set().union(*tables)
    assert dialog_url_names() <= in_tables
