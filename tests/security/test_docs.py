"""docs/security.md names a test for every promise, and every test it names exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECURITY = ROOT / "docs" / "security.md"
NAMED = re.compile(r"`(tests/[\w/]+\.py)(?:::(\w+))?`")


def promise_rows() -> list[tuple[str, str]]:
    """(promise, test column) for each row of the promise table."""
    rows = []
    for line in SECURITY.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] not in ("promise", "---"):
            rows.append((cells[0], cells[2]))
    return rows


def test_the_table_is_found():
    assert len(promise_rows()) >= 15


@pytest.mark.parametrize(("promise", "tests"), promise_rows(), ids=lambda v: v[:40])
def test_every_promise_names_a_test_that_exists(promise, tests):
    named = NAMED.findall(tests)
    assert any(name for _, name in named), f"no test named for {promise!r}"
    for path, name in named:
        source = ROOT / path
        assert source.exists(), f"{path} (for {promise!r}) does not exist"
        if name:
            assert re.search(rf"^(async )?def {name}\(", source.read_text(), re.M), (
                f"{path}::{name} (for {promise!r}) does not exist"
            )
