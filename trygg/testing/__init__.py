"""Helpers for the test suite that more than one app uses."""
