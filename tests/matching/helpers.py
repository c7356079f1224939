"""Shared checks for the matching tests."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def assert_search_rows_current(database: str = "default") -> None:
    """`manage.py verify_search_rows` finds no drift (run it after every write path)."""
    out = io.StringIO()
    try:
        call_command("verify_search_rows", database=database, stdout=out)
    except CommandError as error:
        pytest.fail(f"{error}\n{out.getvalue()}")
    assert "Search rows match the roster" in out.getvalue()
