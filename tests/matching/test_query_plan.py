"""On PostgreSQL a typical ranking, and the directory's filters in a state, read one state's
rows from a covering index alone.

`search_row_covering_idx` (migration 0005) carries every column the ranking reads, for
the rows a request can match (`is_active AND accepting`), so the database answers from
the index without visiting the table (an index-only scan). A change to the ranking's SQL
that reads another column, or filters in a way the index's condition does not imply,
quietly loses that; this test says so.
"""

import json
import random

import pytest
from django.db import connection
from django.utils import timezone

from matching.forms import DirectoryFilterForm
from matching.generate import generate
from matching.management.commands.bench_ranking import typical
from matching.ranking_sql import Plan, load_reference

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the covering index is PostgreSQL's (migration 0005); SQLite has none",
    ),
    # VACUUM cannot run inside the test's transaction; the migrations' data is restored after.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

INDEX = "search_row_covering_idx"
DIRECTORY_INDEX = "search_row_directory_idx"


def scans(plan: dict) -> list[tuple[str, str, str]]:
    """(node type, relation, index) of every scan in a JSON plan, depth first."""
    found = []
    if "Scan" in plan["Node Type"]:
        found.append((plan["Node Type"], plan.get("Relation Name", ""), plan.get("Index Name", "")))
    for child in plan.get("Plans", []):
        found += scans(child)
    return found


def explain(prefs) -> list[tuple[str, str, str]]:
    plan = Plan(prefs, timezone.localdate(), load_reference(prefs))
    query = plan.ranking_query(20)
    return explain_sql(query.text, query.params)


def explain_sql(text: str, params) -> list[tuple[str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + text, params)
        [[document]] = cursor.fetchall()
    if isinstance(document, str):
        document = json.loads(document)
    return scans(document[0]["Plan"])


def test_typical_rankings_and_directory_filters_are_index_only_scans():
    generate(count=500, seed=11)
    with connection.cursor() as cursor:
        # As after autovacuum: statistics, and a visibility map for index-only scans.
        cursor.execute("VACUUM ANALYZE")
    rng = random.Random(2026)
    requests = [typical(rng, session_format) for session_format in ["telehealth", "in_person"] * 4]
    for prefs in requests:
        found = explain(prefs)
        search_rows = [scan for scan in found if scan[1] == "matching_searchrow"]
        assert search_rows == [("Index Only Scan", "matching_searchrow", INDEX)], (prefs, found)

    # The directory's filters in a state: every active row, accepting or not, from
    # `search_row_directory_idx` (migration 0009) alone; accepting rows only may come from
    # the ranking's index, which holds exactly those.
    for filters in (
        {"state": "CA"},
        {"state": "MN", "format": "telehealth", "carrier": "aetna"},
        {"state": "TX", "format": "in_person", "specialty": "anxiety", "accepting": "on"},
        {"state": "NY", "language": "spanish", "age": "adult", "modality": "cbt"},
    ):
        form = DirectoryFilterForm(filters)
        assert form.is_valid(), form.errors
        rows = form.search_rows().values_list("clinician_id", flat=True)
        found = explain_sql(*rows.query.sql_with_params())
        indexes = {INDEX, DIRECTORY_INDEX} if "accepting" in filters else {DIRECTORY_INDEX}
        assert len(found) == 1 and found[0][:2] == ("Index Only Scan", "matching_searchrow")
        assert found[0][2] in indexes, (filters, found)
