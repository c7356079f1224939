"""The status workflow as a table: every move allowed or refused, with a clear message."""

import itertools

import pytest

from intake.staff import workflow
from intake.staff.workflow import Outcome, TransitionError, check_transition

STATUSES = list(workflow.Status.values)
ALLOWED = {
    ("new", "in_review"),
    ("new", "closed"),
    ("in_review", "contacted"),
    ("in_review", "closed"),
    ("contacted", "scheduled"),
    ("contacted", "closed"),
    ("scheduled", "contacted"),
    ("scheduled", "closed"),
    ("closed", "in_review"),
}


@pytest.mark.parametrize(("current", "target"), sorted(itertools.product(STATUSES, STATUSES)))
def test_each_move_is_allowed_or_refused_by_the_table(current, target):
    outcome = Outcome.BOOKED if target == "closed" else ""
    if (current, target) in ALLOWED:
        check_transition(current, target, outcome=outcome)
    else:
        with pytest.raises(TransitionError) as refused:
            check_transition(current, target, outcome=outcome)
        assert workflow.Status(current).label.lower() in str(refused.value)


def test_a_refusal_says_where_the_request_can_go():
    with pytest.raises(TransitionError, match="it can move to in review or closed"):
        check_transition("new", "scheduled")


@pytest.mark.parametrize("outcome", ["", "lost", "BOOKED"])
def test_closing_needs_a_known_outcome(outcome):
    with pytest.raises(TransitionError, match="Choose an outcome"):
        check_transition("contacted", "closed", outcome=outcome)


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_can_close_an_open_request(outcome):
    check_transition("scheduled", "closed", outcome=outcome)


def test_an_outcome_is_only_for_closing():
    with pytest.raises(TransitionError, match="only recorded when closing"):
        check_transition("new", "in_review", outcome="booked")


def test_the_outcomes_are_the_six_the_practice_records():
    assert Outcome.labels == [
        "Booked",
        "Waitlisted",
        "Insurance mismatch",
        "No response",
        "Declined",
        "Referred out",
    ]


def test_an_unknown_status_is_refused():
    with pytest.raises(TransitionError, match="is not a status"):
        check_transition("new", "archived")
