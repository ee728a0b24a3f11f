"""Fixtures for the governance tests (incidents' localities and categories are reused)."""

from incidents.tests.conftest import categories, localities, make_report  # noqa: F401
