"""The request workflow as data: which status may follow which, and the closing outcomes.

new → in review → contacted → scheduled → closed. Any open request may be closed (with an
outcome: a duplicate, a person who declines); a scheduled appointment that falls through
goes back to contacted; a closed request can be reopened into review. Everything else is
refused with a message that says what is allowed.
"""

from __future__ import annotations

from django.db import models


class Outcome(models.TextChoices):
    BOOKED = "booked", "Booked"
    WAITLISTED = "waitlisted", "Waitlisted"
    INSURANCE_MISMATCH = "insurance_mismatch", "Insurance mismatch"
    NO_RESPONSE = "no_response", "No response"
    DECLINED = "declined", "Declined"
    REFERRED_OUT = "referred_out", "Referred out"


class Status(models.TextChoices):
    """A request's place in the workflow (``MatchRequest.status``)."""

    NEW = "new", "New"
    IN_REVIEW = "in_review", "In review"
    CONTACTED = "contacted", "Contacted"
    SCHEDULED = "scheduled", "Scheduled"
    CLOSED = "closed", "Closed"


NEW, IN_REVIEW, CONTACTED, SCHEDULED, CLOSED = Status

# from status -> the statuses it may move to
TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (IN_REVIEW, CLOSED),
    IN_REVIEW: (CONTACTED, CLOSED),
    CONTACTED: (SCHEDULED, CLOSED),
    SCHEDULED: (CONTACTED, CLOSED),
    CLOSED: (IN_REVIEW,),
}

# Statuses before the first contact: the response target still runs.
AWAITING_CONTACT = (NEW, IN_REVIEW)
OPEN = (NEW, IN_REVIEW, CONTACTED, SCHEDULED)

# What the button says for a move, by (from, to).
ACTION_LABELS: dict[tuple[str, str], str] = {
    (NEW, IN_REVIEW): "Start review",
    (IN_REVIEW, CONTACTED): "Mark contacted",
    (CONTACTED, SCHEDULED): "Mark scheduled",
    (SCHEDULED, CONTACTED): "Back to contacted (appointment fell through)",
    (CLOSED, IN_REVIEW): "Reopen",
}


class TransitionError(ValueError):
    """A move the workflow does not allow; the message is shown to staff as is."""


def allowed_moves(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def check_transition(current: str, target: str, *, outcome: str = "") -> None:
    """Raise ``TransitionError`` with a plain message unless ``current → target`` is allowed."""
    if target not in Status.values:
        raise TransitionError(f"“{target}” is not a status.")
    if current == target:
        raise TransitionError(f"This request is already {Status(current).label.lower()}.")
    allowed = allowed_moves(current)
    if target not in allowed:
        choices = " or ".join(Status(s).label.lower() for s in allowed) or "nothing"
        raise TransitionError(
            f"A request that is {Status(current).label.lower()} cannot move to "
            f"{Status(target).label.lower()}; it can move to {choices}."
        )
    if target == CLOSED and outcome not in Outcome.values:
        raise TransitionError("Choose an outcome to close this request.")
    if target != CLOSED and outcome:
        raise TransitionError("An outcome is only recorded when closing a request.")
